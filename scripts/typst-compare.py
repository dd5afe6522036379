#!/usr/bin/env python3
"""Typesets a Folio book with Typst, for comparing speed and output with Folio's PDF.

    pip install typst                      # Typst's compiler as a Python module
    python3 scripts/typst-compare.py BOOK_DIR OUT.pdf   # writes OUT.typ, compiles it
    python3 scripts/typst-compare.py OUT.typ OUT.pdf    # compiles a .typ written before

Writes the book as OUT.typ with Folio's default PDF settings (6×9 in page; margins
top 0.75in, bottom 0.85in, inner 0.8in, outer 0.6in; 11 pt Gentium Book Plus from the
book's fonts/; 14 pt baseline to baseline; justified; hyphenated in the book's
language; paragraphs indented 1 em except the first of a story), then compiles it
with typst.compile() and prints the seconds the compilation took. Like Folio's PDF
it has a title page, a contents page, each story opening on a recto with its title
sunk a third down the page, running heads (the book's title on versos, the story's
on rectos, none on openers) and folios. Front matter with prose (a preface, an
epigraph…) comes after the title page; back matter is left out.

Stories are read as plain paragraphs (blank-line separated, lines joined), `.md` as
well as `.txt`: Markdown emphasis, headings, lists, notes and verse are not
interpreted. The text is escaped so Typst takes none of it as markup; straight
quotes are left to Typst's smart quotes, as Folio curls them.
"""

import re
import sys
import time
import tomllib
from pathlib import Path

SPECIAL = re.compile(r"([\\#*_`$<>@\[\]~/=])")


def escape(text):
    """Typst markup showing `text` as it is (smart quotes and dashes still apply)."""
    text = SPECIAL.sub(r"\\\1", text)
    # A paragraph starting like a list or enumeration item, or a heading, is text.
    return re.sub(r"^(\d+)\.|^([-+])", lambda m: f"{m[1]}\\." if m[1] else f"\\{m[2]}", text)


def paragraphs(path):
    text = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    for chunk in re.split(r"\n\s*\n", text):
        para = " ".join(chunk.split())
        if para:
            yield para


def string(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


PREAMBLE = """\
// A page is blank when the part before it ended on the page before and an opener
// (a story's first page) follows: it gets no running head and no folio, as in Folio.
#let blank(n) = {{
  let ends = query(<part-end>).map(e => e.location().page())
  (n - 1) in ends and not (n in ends) and (n + 1) in query(<opener>).map(o => o.location().page())
}}
#set document(title: {title}, author: ({authors}))
#set page(
  width: 6in, height: 9in,
  margin: (top: 0.75in, bottom: 0.85in, inside: 0.8in, outside: 0.6in),
  header: context {{
    let n = here().page()
    if n in query(<opener>).map(o => o.location().page()) or blank(n) {{ return }}
    let before = query(selector(heading.where(level: 1)).before(here()))
    set text(size: 9pt)
    if calc.even(n) {{ align(left, smallcaps({title})) }}
    else if before.len() > 0 {{ align(right, smallcaps(before.last().body)) }}
  }},
  footer: context {{
    if not blank(here().page()) {{ align(center, text(size: 9pt, counter(page).display())) }}
  }},
)
// Lines are 0 high (edges on the baseline), so the leading is baseline to baseline.
#set text(font: "Gentium Book Plus", size: 11pt, lang: {lang}, hyphenate: true,
  top-edge: "baseline", bottom-edge: "baseline")
#set par(justify: true, leading: 14pt, spacing: 14pt, first-line-indent: 11pt)
#show heading.where(level: 1): it => {{
  pagebreak(to: "odd", weak: true)
  [#metadata(none) <opener>]
  v(3 * 14pt)
  align(center, text(size: 19.8pt, weight: "regular", it.body))
  v(5 * 14pt)
}}
#set heading(numbering: none)

#page(header: none, footer: none)[
  #v(2in)
  #align(center)[#text(size: 24pt, {title}) \\ #v(1em) #text(size: 14pt, {authors_line})]
  #metadata(none) <part-end>
]
"""


def book_to_typst(book_dir):
    manifest = tomllib.loads((book_dir / "book.toml").read_text(encoding="utf-8"))
    book = manifest["book"]
    title, authors = book["title"], book.get("authors", [])
    lang = book.get("language", "en").split("-")[0].lower()
    out = [PREAMBLE.format(
        title=string(title),
        authors=", ".join(string(a) for a in authors) + ("," if len(authors) == 1 else ""),
        authors_line=string(", ".join(authors)),
        lang=string(lang),
    )]
    front = manifest.get("front") or [{"kind": "title"}, {"kind": "contents"}]
    for entry in front:
        kind = entry["kind"]
        if kind in ("title", "half-title", "copyright"):
            continue
        if kind == "contents":
            out.append('#page(header: none, footer: none)[#outline(title: "Contents", depth: 1)'
                       '#metadata(none) <part-end>]\n')
            continue
        paras = []
        if "file" in entry:
            paras = list(paragraphs(book_dir / entry["file"]))
        elif "text" in entry:
            paras = [entry["text"]]
        if not paras:
            continue
        body = "\n\n".join(escape(p) for p in paras)
        heading = entry.get("title", kind.replace("-", " ").capitalize())
        if kind in ("dedication", "epigraph"):
            out.append(f"#page(header: none, footer: none)[#v(2in) #align(center)[#emph[{body}]]"
                       "#metadata(none) <part-end>]\n")
        else:
            out.append(f"#page(header: none, footer: none)[\n#align(center, text(size: 16pt, "
                       f"{string(heading)}))\n#v(2em)\n{body}\n#metadata(none) <part-end>\n]\n")
    for k, story in enumerate(manifest.get("stories", [])):
        out.append(f"\n#heading(level: 1, {string(story['title'])})\n")
        if k == 0:
            out.append("#counter(page).update(1)\n")  # the body's folios start at 1
        out.append("\n")
        out.append("\n\n".join(escape(p) for p in paragraphs(book_dir / story["file"])))
        out.append("\n#metadata(none) <part-end>\n")
    return "".join(out)


def main():
    if len(sys.argv) != 3 or sys.argv[1] in ("-h", "--help"):
        sys.exit(__doc__)
    source, pdf = Path(sys.argv[1]), Path(sys.argv[2])
    import typst  # after the usage check: a missing module should not hide it

    if source.suffix == ".typ":
        typ = source
        book_dir = Path(source.read_text(encoding="utf-8").split("\n", 1)[0].removeprefix("// book: "))
    else:
        book_dir, typ = source, pdf.with_suffix(".typ")
        typ.write_text(f"// book: {source.resolve()}\n" + book_to_typst(source), encoding="utf-8")
    start = time.perf_counter()
    typst.compile(str(typ), output=str(pdf), root=str(typ.resolve().parent),
                  font_paths=[str(book_dir / "fonts")], ignore_system_fonts=True)
    seconds = time.perf_counter() - start
    print(f"typst {typst.__version__}: {typ} -> {pdf} in {seconds:.3f} s")


if __name__ == "__main__":
    main()
