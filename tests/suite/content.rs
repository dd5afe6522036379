//! Nothing an author writes is lost (issue #13): a story holding every construct
//! pulldown-cmark emits with Folio's options builds, and each construct is in both
//! outputs (the EPUB's text and the PDF's, by pdftotext) or named by a
//! `warning[unsupported]` (or `raw-html`) at its line and column.

mod tables;

use crate::common::*;

/// Every construct, each marked with a token that cannot be hyphenated.
const STORY: &str = "---
title: qm1
---

Opening qa1 *qa2* **qa3** `qa4` [qa5](https://example.org) and a note.[^n]

## Heading qb1 {#qb-one}

## Heading qb2 {.special}

> Quoted qc1.

3. qd1
4. qd2

- qe1

- [x] qf1
- [ ] qf2

A ~~qg1~~ here, math $qh1^2$ inline.

$$qh2$$

| qi1 | qi2 |
|:----|----:|
| qi3 | qi4 |

Term qj1
: Definition qj2

![qk1](../images/map.png) and ![](../images/leaf.png) after qk2.

![qk3](../images/map.png \"qk4\")

\"Smart\" quotes -- dashes --- and qn1...

<span>ql1</span>

```
qo1
```

```verse
qp1 line
```

---

Closing [qr1](ftp://example.org) and [qr2](https://example.org \"qr3\").

[^n]: Note qs1.
";

type Construct = (&'static str, bool, Option<(&'static str, &'static str)>);

/// (token, whether it reaches the text of both outputs, the warning that names it
/// and where, as `line:column` and a bit of the message).
const CONSTRUCTS: &[Construct] = &[
    ("qm1", false, Some(("1:1", "metadata block is not printed"))),
    ("qa1", true, None),
    ("qa2", true, None),
    ("qa3", true, None),
    ("qa4", true, None),
    ("qa5", true, None),
    ("qb1", true, None),
    (
        "qb2",
        true,
        Some(("9:1", "classes and attributes are ignored")),
    ),
    ("qc1", true, None),
    ("qd1", true, None),
    ("qe1", true, None),
    (
        "qf1",
        true,
        Some(("18:3", "checkbox is set as the text `[x]`")),
    ),
    (
        "qf2",
        true,
        Some(("19:3", "checkbox is set as the text `[ ]`")),
    ),
    (
        "qg1",
        true,
        Some(("21:3", "strikethrough is set as plain text")),
    ),
    (
        "qh1",
        true,
        Some(("21:22", "math `$qh1^2$` is set as its TeX source")),
    ),
    ("qh2", true, Some(("23:1", "math `$$qh2$$`"))),
    ("qi1", true, None),
    ("qi4", true, None),
    (
        "qj1",
        true,
        Some(("29:1", "definition list is set as paragraphs")),
    ),
    ("qj2", true, None),
    (
        // Alt text is an attribute: checked below, with the images.
        "qk1", false, None,
    ),
    (
        "qk2",
        true,
        Some(("32:31", "`../images/leaf.png` has no alt text")),
    ),
    // A figure's caption, in both outputs.
    ("qk4", true, None),
    ("ql1", true, Some(("38:1", "raw HTML `<span>`"))),
    ("ql1", true, Some(("38:10", "raw HTML `</span>`"))),
    ("qn1", true, None),
    ("qo1", true, None),
    ("qp1", true, None),
    (
        "qr1",
        true,
        Some(("50:9", "`ftp://example.org` leads nowhere")),
    ),
    ("qr2", true, Some(("50:38", "title `qr3` is not shown"))),
    ("qs1", true, None),
];

#[test]
fn every_construct_is_in_both_outputs_or_named_by_a_warning() {
    let book = sample_book_copy("content-constructs");
    std::fs::write(book.join("stories/features.md"), STORY).unwrap();
    std::fs::create_dir_all(book.join("images")).unwrap();
    for image in ["map.png", "leaf.png"] {
        std::fs::copy(
            repo_root().join("tests/fixtures/images").join(image),
            book.join("images").join(image),
        )
        .unwrap();
    }
    std::fs::write(
        book.join("book.toml"),
        "[book]\ntitle = \"Constructs\"\nauthors = [\"A. Writer\"]\nlanguage = \"en\"\n\n[[stories]]\nfile = \"stories/features.md\"\ntitle = \"Everything\"\n",
    )
    .unwrap();
    let out = book.join("out");
    let output = build(&book, &out, &[]);
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    assert!(output.status.success(), "{stderr}");
    let xhtml = zip_entry(&out.join("constructs.epub"), "OEBPS/story-001.xhtml");
    let epub_text = strip_tags(&xhtml);
    let pdf = pdf_text(&out.join("constructs.pdf"));
    // Each warning: its header line, then ` --> file:line:column`.
    let warnings: Vec<(String, String)> = format!("\n{stderr}")
        .split("\nwarning[")
        .skip(1)
        .filter_map(|w| {
            let header = w.lines().next()?.to_string();
            let at = w.lines().find_map(|l| l.trim().strip_prefix("--> "))?;
            Some((header, at.rsplit("features.md:").next()?.to_string()))
        })
        .collect();
    for &(token, rendered, warning) in CONSTRUCTS {
        if rendered {
            assert!(
                epub_text.contains(token),
                "{token} in the EPUB: {epub_text}"
            );
            if let Some(pdf) = &pdf {
                assert!(pdf.contains(token), "{token} in the PDF: {pdf}");
            }
        } else {
            assert!(!epub_text.contains(token), "{token} not in the EPUB");
        }
        if let Some((at, message)) = warning {
            assert!(
                warnings
                    .iter()
                    .any(|(header, place)| header.contains(message) && place == at),
                "a warning `{message}` at {at} for {token}: {warnings:#?}"
            );
        }
    }
    // Images: each with its alt text (empty when none was written), the lone one
    // a figure with its caption.
    for img in [
        "<img src=\"images/img-1.png\" alt=\"qk1\" class=\"inline\"/>",
        "<img src=\"images/img-2.png\" alt=\"\" class=\"inline\"/>",
        "<figure>\n<img src=\"images/img-1.png\" alt=\"qk3\"/>\n<figcaption>qk4</figcaption>",
    ] {
        assert!(xhtml.contains(img), "{img} in {xhtml}");
    }
    let named = CONSTRUCTS.iter().filter(|c| c.2.is_some()).count();
    assert_eq!(warnings.len(), named, "no other warnings: {warnings:#?}");
    // Folio's own smart punctuation, in both outputs.
    // (Spaces as the language sets them: no-break or thin ones read as spaces.)
    let spaced = |text: &str| text.replace(char::is_whitespace, " ");
    for mark in ["“Smart”", "quotes – dashes — and qn1…"] {
        assert!(spaced(&epub_text).contains(mark), "{mark} in {epub_text}");
        if let Some(pdf) = &pdf {
            assert!(spaced(pdf).contains(mark), "{mark} in {pdf}");
        }
    }
    // A table: an XHTML table aligned by its colons; in the PDF each row on a
    // line, its cells in order.
    for tag in [
        "<table>\n<thead>\n<tr><th scope=\"col\" class=\"align-left\">qi1</th><th scope=\"col\" class=\"align-right\">qi2</th></tr>\n</thead>",
        "<tbody>\n<tr><td class=\"align-left\">qi3</td><td class=\"align-right\">qi4</td></tr>\n</tbody>\n</table>",
    ] {
        assert!(xhtml.contains(tag), "{tag} in {xhtml}");
    }
    if pdf.is_some() {
        // Laid out as on the page: each row on a line of its own.
        let output = run(
            "pdftotext",
            &["-layout", out.join("constructs.pdf").to_str().unwrap(), "-"],
        );
        let layout = String::from_utf8_lossy(&output.stdout);
        for row in [["qi1", "qi2"], ["qi3", "qi4"]] {
            assert!(
                layout
                    .lines()
                    .any(|line| words(line).ends_with(&row.map(String::from))),
                "{row:?} on a line in {layout}"
            );
        }
        assert!(!layout.contains(" | "), "{layout}");
    }
    if let Some((errors, warnings, report)) = epubcheck(&out.join("constructs.epub")) {
        assert_eq!((errors, warnings), (0, 0), "{report}");
    }
    if let Some((ok, report)) = qpdf_check(&out.join("constructs.pdf")) {
        assert!(ok, "{report}");
    }
}

/// The text of an XHTML document, its tags removed and entities for & < > read.
fn strip_tags(xhtml: &str) -> String {
    let body = xhtml.split("<body").nth(1).unwrap_or(xhtml);
    let mut out = String::new();
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

const ONE: &str = "The first story, long enough to need words.

See [the route](#the-route), [far away](two.md#far-away), [the second story](two.md)
and [the web](https://example.org/x).

## The Route

The route runs north.
";

const TWO: &str = "The second story opens here.[^n]

## Somewhere {#far-away}

Text far away, and back to [the first](one.md#the-route).

## Off to *[the web](https://example.org/heading)*[^h]

Text under a heading with a link.

[^n]: A note that leads [far away](#far-away) and to [a page](https://example.org/note).

[^h]: A note from the heading.
";

fn two_story_book(name: &str, one: &str) -> std::path::PathBuf {
    let book = sample_book_copy(name);
    std::fs::write(book.join("stories/one.md"), one).unwrap();
    std::fs::write(book.join("stories/two.md"), TWO).unwrap();
    std::fs::write(
        book.join("book.toml"),
        "[book]\ntitle = \"Links\"\nauthors = [\"A. Writer\"]\nlanguage = \"en\"\n\n\
         [[stories]]\nfile = \"stories/one.md\"\ntitle = \"One\"\n\n\
         [[stories]]\nfile = \"stories/two.md\"\ntitle = \"Two\"\n",
    )
    .unwrap();
    book
}

#[test]
fn cross_references_lead_to_the_heading_in_both_outputs() {
    let book = two_story_book("content-xref", ONE);
    let out = book.join("out");
    let output = build(&book, &out, &[]);
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    assert!(output.status.success(), "{stderr}");
    assert!(!stderr.contains("warning"), "{stderr}");
    let epub = out.join("links.epub");
    let one = zip_entry(&epub, "OEBPS/story-001.xhtml");
    let two = zip_entry(&epub, "OEBPS/story-002.xhtml");
    for href in [
        "href=\"story-001.xhtml#s1-h-the-route\"",
        "href=\"story-002.xhtml#s2-h-far-away\"",
        "href=\"story-002.xhtml#s2-title\"",
        "href=\"https://example.org/x\"",
    ] {
        assert!(one.contains(href), "{href} in {one}");
    }
    assert!(one.contains("<h2 id=\"s1-h-the-route\">"), "{one}");
    assert!(two.contains("<h2 id=\"s2-h-far-away\">"), "{two}");
    assert!(
        two.contains("href=\"story-001.xhtml#s1-h-the-route\""),
        "{two}"
    );
    // Links in a heading and in a footnote are links in both outputs too.
    for href in [
        "href=\"https://example.org/heading\"",
        "href=\"https://example.org/note\"",
        "href=\"story-002.xhtml#s2-h-far-away\"",
    ] {
        assert!(two.contains(href), "{href} in {two}");
    }
    if let Some((errors, warnings, report)) = epubcheck(&epub) {
        assert_eq!((errors, warnings), (0, 0), "{report}");
    }
    let pdf = out.join("links.pdf");
    if let Some((ok, report)) = qpdf_check(&pdf) {
        assert!(ok, "{report}");
    }
    // Each link annotation on a story page: a URI, or a destination page whose
    // text holds the heading (or story) it leads to.
    let doc = lopdf::Document::load(&pdf).unwrap();
    let pages: Vec<lopdf::ObjectId> = doc.get_pages().values().copied().collect();
    let mut uris = Vec::new();
    let mut targets = Vec::new();
    for (index, &page) in pages.iter().enumerate() {
        let Ok(annots) = doc.get_dictionary(page).unwrap().get(b"Annots") else {
            continue;
        };
        let annots = match annots {
            lopdf::Object::Reference(id) => doc.get_object(*id).unwrap().as_array().unwrap(),
            other => other.as_array().unwrap(),
        };
        for annot in annots {
            let annot = doc.get_dictionary(annot.as_reference().unwrap()).unwrap();
            if let Ok(action) = annot.get(b"A") {
                let uri = action.as_dict().unwrap().get(b"URI").unwrap();
                uris.push(String::from_utf8(uri.as_str().unwrap().to_vec()).unwrap());
            } else if let Ok(dest) = annot.get(b"Dest") {
                let target = dest.as_array().unwrap()[0].as_reference().unwrap();
                let to = pages.iter().position(|&p| p == target).unwrap();
                targets.push((index, to));
            }
        }
    }
    uris.sort();
    assert_eq!(
        uris,
        [
            "https://example.org/heading",
            "https://example.org/note",
            "https://example.org/x"
        ]
    );
    let page_text = |n: usize| -> Option<String> {
        let output = run(
            "pdftotext",
            &[
                "-f",
                &(n + 1).to_string(),
                "-l",
                &(n + 1).to_string(),
                pdf.to_str().unwrap(),
                "-",
            ],
        );
        output
            .status
            .success()
            .then(|| String::from_utf8_lossy(&output.stdout).to_string())
    };
    if !tool_available(
        "pdftotext (poppler-utils)",
        std::process::Command::new("pdftotext").arg("-v"),
    ) {
        return;
    }
    let find = |words: &str| {
        (0..pages.len())
            .find(|&n| page_text(n).is_some_and(|t| t.contains(words)))
            .unwrap_or_else(|| panic!("a page with {words}"))
    };
    let (one, two) = (find("runs north"), find("far away, and back"));
    let (route, far, start) = (
        find("The Route"),
        find("Somewhere"),
        find("second story opens"),
    );
    // From story one: the route, far away, the second story; from story two:
    // back to the route, and from its footnote (at the foot of the page that
    // refers to it) far away. (A link broken across lines has a rectangle on each.)
    let note = find("A note that leads");
    assert_eq!(note, start, "the note is on the page of its reference");
    // A heading keeps its footnote, at the foot of the heading's page.
    assert_eq!(find("A note from the heading"), find("Off to the web"));
    let mut text_links: Vec<(usize, usize)> = targets
        .iter()
        .copied()
        .filter(|&(from, _)| from == one || from == two || from == note)
        .collect();
    text_links.sort();
    text_links.dedup();
    let mut want = vec![
        (one, route),
        (one, far),
        (one, start),
        (two, route),
        (note, far),
    ];
    want.sort();
    want.dedup();
    assert_eq!(text_links, want, "all link targets: {targets:?}");
}

#[test]
fn a_cross_reference_to_nothing_is_an_error_at_the_link() {
    let one = "Text.\n\nSee [the route](#nowhere) here.\n";
    let book = two_story_book("content-xref-missing", one);
    let output = build(&book, &book.join("out"), &[]);
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("no heading has the id `nowhere`"),
        "{stderr}"
    );
    assert!(stderr.contains("one.md:3:17"), "at the address: {stderr}");
    let one = "Text.\n\nSee [it](three.md) here.\n";
    let book = two_story_book("content-xref-no-story", one);
    let output = build(&book, &book.join("out"), &[]);
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("not a story of this book"), "{stderr}");
    assert!(!book.join("out/links.pdf").exists());
}
