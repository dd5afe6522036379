#!/usr/bin/env python3
"""Turns the shared corpus's novels into Folio book folders, for benchmarks and
typesetting measurements on real prose.

    python3 scripts/corpus-books.py OUT_DIR [--corpus DIR] [--force]

writes OUT_DIR/anna-karenina (Russian, 8 parts, 239 chapters) and OUT_DIR/tom-sawyer
(English, a preface and 35 chapters and a conclusion), each a folder with book.toml,
stories/NNN.txt (one per chapter), Tom Sawyer's preface as front matter in matter/,
and a copy of the repository's fonts/. The corpus defaults to ../shared/corpus beside
the project.

The text is kept exactly: a chapter's file is the lines between its heading and the
next heading, with only the blank lines around it trimmed. Only heading lines (and
the title, author and epigraph lines at the top, which go into book.toml; Tom
Sawyer's "(Samuel Langhorne Clemens)" under its author is left out) are left out.
The texts are public domain but are not the project's: never commit the output.

At the end it prints, per book, the stories and the words (whitespace-separated, as
`folio build` counts them) and the distinct word forms (runs of letters, inner
hyphens and apostrophes allowed; as written and lower-cased).
"""

import argparse
import shutil
import sys
from pathlib import Path

from word_forms import counts  # scripts/word_forms.py

ROOT = Path(__file__).resolve().parent.parent

ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def roman_value(s):
    """The value of a Roman numeral, or None if `s` is not one."""
    if not s or any(c not in ROMAN for c in s):
        return None
    total = 0
    for i, c in enumerate(s):
        v = ROMAN[c]
        total += -v if i + 1 < len(s) and ROMAN[s[i + 1]] > v else v
    return total if to_roman(total) == s else None


def to_roman(n):
    out = ""
    for v, s in [(100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"),
                 (5, "V"), (4, "IV"), (1, "I")]:
        while n >= v:
            out, n = out + s, n - v
    return out


def toml_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def body(lines):
    """The lines as one text, blank lines around it trimmed, ending in a line end."""
    start, end = 0, len(lines)
    while start < end and not lines[start].strip():
        start += 1
    while end > start and not lines[end - 1].strip():
        end -= 1
    return "\n".join(lines[start:end]) + "\n"


class Book:
    def __init__(self, slug, title, authors, language):
        self.slug, self.title, self.authors, self.language = slug, title, authors, language
        self.front = []  # (kind, extra TOML lines)
        self.matter = {}  # file name in matter/ -> text
        self.stories = []  # (title, text)
        self.notes = []

    def write(self, out, force):
        d = out / self.slug
        if d.exists():
            if not force:
                sys.exit(f"corpus-books: {d} exists; remove it or pass --force")
            shutil.rmtree(d)
        (d / "stories").mkdir(parents=True)
        toml = [
            "# Made by scripts/corpus-books.py from the shared corpus (public domain).",
            "# Not part of the project: do not commit.",
            "",
            "[book]",
            f"title = {toml_str(self.title)}",
            f"authors = [{', '.join(toml_str(a) for a in self.authors)}]",
            f"language = {toml_str(self.language)}",
        ]
        for kind, extra in self.front:
            toml += ["", "[[front]]", f"kind = {toml_str(kind)}"] + extra
        if self.matter:
            (d / "matter").mkdir()
            for name, text in self.matter.items():
                (d / "matter" / name).write_text(text, encoding="utf-8")
        width = max(3, len(str(len(self.stories))))
        for i, (title, text) in enumerate(self.stories, 1):
            name = f"stories/{i:0{width}d}.txt"
            (d / name).write_text(text, encoding="utf-8")
            toml += ["", "[[stories]]", f"file = {toml_str(name)}", f"title = {toml_str(title)}"]
        (d / "book.toml").write_text("\n".join(toml) + "\n", encoding="utf-8")
        # A copy, not a link: Folio refuses symbolic links that lead out of the book.
        shutil.copytree(ROOT / "fonts", d / "fonts", symlinks=False)
        return d


def chapter_numeral(book, line, numeral, due):
    """The chapter's numeral for its title, and its value: as written, unless it goes
    backwards (a misprint, such as Tom Sawyer's second XVI for XXVI), then the one due.
    Repeats and gaps (Anna Karenina's part 4 has two VIs, its part 5 no XX) are kept."""
    value = roman_value(numeral)
    if value == due:
        return numeral, value
    note = f"line {line + 1}: chapter {numeral!r} where {to_roman(due)} was due"
    if value is None or value < due - 1:
        book.notes.append(note + "; titled by position")
        return to_roman(due), due
    book.notes.append(note + "; titled as written")
    return numeral, value


RU_ORDINALS = ["ПЕРВАЯ", "ВТОРАЯ", "ТРЕТЬЯ", "ЧЕТВЕРТАЯ", "ПЯТАЯ", "ШЕСТАЯ", "СЕДЬМАЯ",
               "ВОСЬМАЯ"]


def anna_karenina(text):
    lines = text.split("\n")
    book = Book("anna-karenina", "Анна Каренина", ["Лев Николаевич Толстой"], "ru")
    first_part = next(i for i, l in enumerate(lines) if l.strip().startswith("ЧАСТЬ "))
    top = [l.strip() for l in lines[:first_part] if l.strip()]
    expected = ["Лев Николаевич Толстой", "АННА КАРЕНИНА"]
    if top[:2] != expected or len(top) != 3:
        sys.exit(f"corpus-books: unexpected opening lines in Anna Karenina: {top}")
    book.front = [
        ("title", []),
        ("epigraph", [f"text = {toml_str(top[2])}"]),
        ("contents", []),
    ]
    part, number, start, title = None, 0, None, None

    def close(end):
        if title is not None:
            book.stories.append((title, body(lines[start:end])))

    for i in range(first_part, len(lines)):
        s = lines[i].strip()
        if s.startswith("ЧАСТЬ "):
            close(i)
            title = None
            name = s[len("ЧАСТЬ "):]
            if name not in RU_ORDINALS:
                sys.exit(f"corpus-books: line {i + 1}: unknown part {s!r}")
            part, number = name, 0
        elif roman_value(s) is not None:
            close(i)
            numeral, number = chapter_numeral(book, i, s, number + 1)
            # "Часть первая, I": the part's heading in sentence case, then the number.
            title = f"Часть {part.lower()}, {numeral}"
            start = i + 1
    close(len(lines))
    return book


def tom_sawyer(text):
    lines = text.split("\n")
    book = Book("tom-sawyer", "The Adventures of Tom Sawyer", ["Mark Twain"], "en")
    heads = [i for i, l in enumerate(lines)
             if l.strip() in ("PREFACE", "CONCLUSION") or l.strip().startswith("CHAPTER ")]
    if not heads or lines[heads[0]].strip() != "PREFACE":
        sys.exit("corpus-books: Tom Sawyer: no PREFACE heading before the chapters")
    top = [l.strip() for l in lines[:heads[0]] if l.strip()]
    if top[:2] != ["The Adventures of Tom Sawyer", "by Mark Twain"]:
        sys.exit(f"corpus-books: unexpected opening lines in Tom Sawyer: {top}")
    # The preface is front matter (roman folios, before the contents as in print).
    book.matter["preface.txt"] = body(lines[heads[0] + 1:heads[1]])
    book.front = [
        ("title", []),
        ("contents", []),
        ("preface", ['file = "matter/preface.txt"']),
    ]
    number = 0
    for k, i in enumerate(heads[1:], 1):
        end = heads[k + 1] if k + 1 < len(heads) else len(lines)
        s = lines[i].strip()
        if s == "CONCLUSION":
            title = "Conclusion"
        else:
            numeral, number = chapter_numeral(book, i, s[len("CHAPTER "):], number + 1)
            title = f"Chapter {numeral}"
        book.stories.append((title, body(lines[i + 1:end])))
    return book


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path, help="folder to write the books into")
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus",
                    help="folder holding the corpus texts (default: %(default)s)")
    ap.add_argument("--force", action="store_true", help="replace existing book folders")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for make, name in [(anna_karenina, "anna-karenina-ru.txt"), (tom_sawyer, "tom-sawyer-en.txt")]:
        path = args.corpus / name
        if not path.is_file():
            sys.exit(f"corpus-books: {path} not found (pass --corpus DIR)")
        text = path.read_text(encoding="utf-8").replace("\r\n", "\n").lstrip("\ufeff")
        book = make(text)
        d = book.write(args.out, args.force)
        for note in book.notes:
            print(f"  note: {name}: {note}", file=sys.stderr)
        tokens, words, forms, lower = counts(d)
        print(f"{d}: {len(book.stories)} stories, {tokens} words ({words} letter words), "
              f"{forms} distinct word forms ({lower} lower-cased)")


if __name__ == "__main__":
    main()
