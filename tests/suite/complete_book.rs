//! A complete book: typed front and back matter in manifest order, per-story credits,
//! and the typography pass, checked in both outputs. Every EPUB is EPUBCheck-clean.

use std::path::{Path, PathBuf};

use crate::common::*;

const FRENCH_STORY: &str = "\"Bonjour\", dit-elle. \"Vous venez?\"

Il hésita -- puis répondit : \"Non!\" C'était l'été...

M. Dupont n'en savait rien; *\"rien du tout\"*.[^n]

[^n]: Une note, \"citée\".
";

const ENGLISH_STORY: &str = "\"It's late,\" said Mr. Smith -- and 'twas.

---

A [second]{.smallcaps} scene... with a note.[^a]

```verse
The *first* line of a poem,
  an indented second line;

a second stanza's line.
```

## A heading inside

> A quoted paragraph with a [link](https://example.com).

3. third item
4. fourth item

- bullet one
  - nested bullet

[^a]: The note's text.
";

/// A book with every kind of front and back matter, a French story and an English
/// one with anthology credits.
fn complete_book(name: &str) -> PathBuf {
    let book = sample_book_copy(name);
    std::fs::create_dir_all(book.join("matter")).unwrap();
    std::fs::write(book.join("stories/french.md"), FRENCH_STORY).unwrap();
    std::fs::write(book.join("stories/english.md"), ENGLISH_STORY).unwrap();
    std::fs::write(
        book.join("matter/preface.md"),
        "This \"preface\" explains the book.\n\nA second paragraph.\n",
    )
    .unwrap();
    // Long enough to run over several pages, to show its running heads.
    let afterword = format!(
        "PDF-only afterword text. {}\n",
        "More words of the afterword, set on the grid. ".repeat(300)
    );
    std::fs::write(book.join("matter/afterword.md"), afterword).unwrap();
    std::fs::write(
        book.join("book.toml"),
        r#"[book]
title = "A Complete Book"
subtitle = "Stories"
authors = ["Ann Author"]
language = "en"
publisher = "Sample Press"
date = "2026-11-21"
rights = "All rights reserved."
edition = "First edition"
isbn = { paperback = "978-0-306-40615-7", ebook = "978-3-16-148410-0" }

[[front]]
kind = "half-title"

[[front]]
kind = "title"

[[front]]
kind = "copyright"

[[front]]
kind = "dedication"
text = "For *everyone* who \"reads\"."

[[front]]
kind = "epigraph"
text = "All happy families are alike."
source = "Leo Tolstoy, *Anna Karenina*"

[[front]]
kind = "contents"

[[front]]
kind = "preface"
file = "matter/preface.md"

[[stories]]
file = "stories/french.md"
title = "L'été"
language = "fr"
author = "Claire Dubois"
translator = "Tom Turner"
first_published = "La Revue, 2019"

[[stories]]
file = "stories/english.md"
title = "Late"
subtitle = "A story"
author = "Ann Author"
epigraph = "Time flies."
epigraph_source = "Virgil"

[[back]]
kind = "afterword"
file = "matter/afterword.md"
only = "pdf"

[[back]]
kind = "acknowledgments"
text = "Thanks to the readers."

[[back]]
kind = "about-the-author"
text = "Ann Author writes stories."
only = "epub"

[[back]]
kind = "also-by"
titles = ["First Book", "Second Book"]

[[back]]
kind = "colophon"

[typography]
smart = true
lead_in = "drop-cap"
"#,
    )
    .unwrap();
    book
}

fn built() -> &'static (PathBuf, PathBuf) {
    static BUILT: std::sync::OnceLock<(PathBuf, PathBuf)> = std::sync::OnceLock::new();
    BUILT.get_or_init(|| {
        let book = complete_book("complete");
        let out = book.join("out");
        build_ok(&book, &out, &[]);
        (
            out.join("a-complete-book.epub"),
            out.join("a-complete-book.pdf"),
        )
    })
}

fn spine_files(epub: &Path) -> Vec<String> {
    let opf = zip_entry(epub, "OEBPS/content.opf");
    opf.split("<itemref idref=\"id_")
        .skip(1)
        .map(|s| s.split('"').next().unwrap().to_string())
        .collect()
}

#[test]
fn the_complete_epub_passes_epubcheck() {
    let (epub, _) = built();
    if let Some((errors, warnings, report)) = epubcheck(epub) {
        assert_eq!((errors, warnings), (0, 0), "EPUBCheck report:\n{report}");
    }
}

#[test]
fn front_and_back_matter_appear_in_manifest_order_in_the_epub() {
    let (epub, _) = built();
    let expected = [
        "halftitle.xhtml",
        "titlepage.xhtml",
        "copyright.xhtml",
        "dedication.xhtml",
        "epigraph.xhtml",
        "contents.xhtml",
        "preface.xhtml",
        "story-001.xhtml",
        "story-002.xhtml",
        "acknowledgments.xhtml",
        "about-the-author.xhtml",
        "also-by.xhtml",
        "colophon.xhtml",
    ];
    assert_eq!(spine_files(epub), expected, "the EPUB spine");
    // The PDF-only afterword is not in the EPUB.
    assert!(!spine_files(epub).iter().any(|f| f.contains("afterword")));
    let semantics = [
        ("halftitle.xhtml", "epub:type=\"halftitlepage\""),
        ("copyright.xhtml", "epub:type=\"copyright-page\""),
        ("dedication.xhtml", "role=\"doc-dedication\""),
        ("epigraph.xhtml", "role=\"doc-epigraph\""),
        ("preface.xhtml", "role=\"doc-preface\""),
        ("acknowledgments.xhtml", "role=\"doc-acknowledgments\""),
        ("colophon.xhtml", "role=\"doc-colophon\""),
    ];
    for (file, attribute) in semantics {
        let text = zip_entry(epub, &format!("OEBPS/{file}"));
        assert!(text.contains(attribute), "{attribute} in {file}:\n{text}");
    }
    // The contents page links the prose after it, the stories and the back matter.
    let contents = zip_entry(epub, "OEBPS/contents.xhtml");
    let links: Vec<&str> = contents
        .split("<a href=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap())
        .collect();
    assert_eq!(
        links,
        [
            "preface.xhtml",
            "story-001.xhtml",
            "story-002.xhtml",
            "acknowledgments.xhtml",
            "about-the-author.xhtml",
            "also-by.xhtml"
        ]
    );
    let epigraph = zip_entry(epub, "OEBPS/epigraph.xhtml");
    assert!(
        epigraph.contains("<p class=\"epigraph-source\">— Leo Tolstoy, <em>Anna Karenina</em></p>"),
        "{epigraph}"
    );
    let nav = zip_entry(epub, "OEBPS/nav.xhtml");
    let landmarks = &nav[nav.find("landmarks").unwrap()..];
    for term in [
        "halftitlepage",
        "titlepage",
        "copyright-page",
        "dedication",
        "epigraph",
        "toc",
        "preface",
        "bodymatter",
        "acknowledgments",
        "colophon",
    ] {
        assert!(
            landmarks.contains(&format!("epub:type=\"{term}\"")),
            "landmark {term}:\n{landmarks}"
        );
    }
}

#[test]
fn the_copyright_page_is_generated_from_metadata_and_credits() {
    let (epub, _) = built();
    let page = zip_entry(epub, "OEBPS/copyright.xhtml");
    for expected in [
        "Copyright © 2026 Ann Author",
        "All rights reserved.",
        "First edition",
        "ISBN 978-0-306-40615-7 (paperback)",
        "ISBN 978-3-16-148410-0 (ebook)",
        "Published by Sample Press",
        "was first published in La Revue, 2019.",
    ] {
        assert!(page.contains(expected), "`{expected}` in:\n{page}");
    }
}

#[test]
fn story_credits_reach_the_contents_the_opener_and_the_opf() {
    let (epub, _) = built();
    let contents = zip_entry(epub, "OEBPS/contents.xhtml");
    assert!(contents.contains("Claire Dubois") && contents.contains("Translated by Tom Turner"));
    let story = zip_entry(epub, "OEBPS/story-001.xhtml");
    assert!(story.contains("class=\"byline\">Claire Dubois<"));
    assert!(story.contains("Translated by Tom Turner"));
    let second = zip_entry(epub, "OEBPS/story-002.xhtml");
    assert!(second.contains("role=\"doc-epigraph\"") && second.contains("Virgil"));
    let opf = zip_entry(epub, "OEBPS/content.opf");
    for (name, role) in [("Claire Dubois", "aut"), ("Tom Turner", "trl")] {
        let at = opf
            .find(&format!(">{name}</dc:contributor>"))
            .unwrap_or_else(|| panic!("{name} as a contributor:\n{opf}"));
        let role_line = &opf[at..at + 200];
        assert!(
            role_line.contains(&format!(">{role}</meta>")),
            "{role_line}"
        );
    }
    // The book's own author is a creator, not also a contributor.
    assert!(!opf.contains(">Ann Author</dc:contributor>"));
}

#[test]
fn a_french_story_gets_guillemets_and_narrow_no_break_spaces_in_both_outputs() {
    let (epub, pdf) = built();
    let story = zip_entry(epub, "OEBPS/story-001.xhtml");
    for expected in [
        // The drop cap takes the initial with its guillemet (see the drop-cap test).
        "onjour</span>\u{202F}», dit-elle.",
        "«\u{202F}Vous venez\u{202F}?\u{202F}»",
        "hésita\u{00A0}– puis répondit\u{00A0}: «\u{202F}Non\u{202F}!\u{202F}»",
        "C’était l’été…",
        "M.\u{00A0}Dupont n’en savait rien\u{202F};",
        "<em>«\u{202F}rien du tout\u{202F}»</em>",
        "Une note, «\u{202F}citée\u{202F}».",
        "L’été",
    ] {
        assert!(story.contains(expected), "`{expected}` in:\n{story}");
    }
    // The footnote round-trips: a noteref, a pop-up aside with a back link.
    for expected in [
        "epub:type=\"noteref\" role=\"doc-noteref\" id=\"s1-ref-1\" href=\"#s1-note-1\"",
        "<aside epub:type=\"footnote\" role=\"doc-footnote\" id=\"s1-note-1\">",
        "role=\"doc-backlink\"",
    ] {
        assert!(story.contains(expected), "`{expected}` in:\n{story}");
    }
    assert!(
        !story.contains("&quot;"),
        "no straight quote left:\n{story}"
    );
    let english = zip_entry(epub, "OEBPS/story-002.xhtml");
    assert!(
        english.contains("t’s late</span>,” said Mr.\u{00A0}Smith\u{00A0}– and ’twas."),
        "{english}"
    );
    // pdftotext writes every kind of space as U+0020: the characters are checked
    // there, the exact spaces with PyMuPDF, which reads the /ToUnicode maps as they are.
    if let Some(text) = pdf_text(pdf) {
        for expected in [
            // The lead-in is in small capitals: reduced capitals in the text layer.
            "« BONJOUR », dit-elle. « Vous venez ? »",
            "hésita – puis répondit : « Non ! » C’était l’été…",
        ] {
            assert!(
                text.contains(expected),
                "`{expected}` in the PDF text:\n{text}"
            );
        }
        // The footnote reaches the PDF, with its number, in the French convention.
        assert!(
            text.contains("1. Une note, « citée »."),
            "the footnote in the PDF"
        );
        // The no-break spaces keep closing marks and spaced dashes off line starts.
        for line in text.lines() {
            let first = line.trim_start().chars().next();
            assert!(
                !first.is_some_and(|c| "»!?;:–".contains(c)),
                "a line starts with a mark that belongs to the previous word: {line:?}"
            );
        }
    }
    if let Some(text) = pdf_text_exact(pdf) {
        for expected in [
            "«\u{202F}BONJOUR\u{202F}»",
            "venez\u{202F}?\u{202F}»",
            "Non\u{202F}!\u{202F}»",
            "répondit\u{00A0}:",
            "hésita\u{00A0}–",
        ] {
            assert!(text.contains(expected), "`{expected:?}` in the PDF text");
        }
    }
}

/// The PDF's text with its exact characters, via PyMuPDF.
fn pdf_text_exact(pdf: &Path) -> Option<String> {
    let probe = &mut std::process::Command::new("python3");
    probe.args(["-c", "import pymupdf"]);
    if !tool_available("pymupdf (pip install pymupdf)", probe) {
        return None;
    }
    let script =
        "import sys, pymupdf\nprint(''.join(p.get_text() for p in pymupdf.open(sys.argv[1])))";
    let output = run("python3", &["-c", script, pdf.to_str().unwrap()]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    Some(String::from_utf8(output.stdout).unwrap())
}

#[test]
fn typography_can_be_turned_off() {
    let book = complete_book("plain-typography");
    let manifest = std::fs::read_to_string(book.join("book.toml")).unwrap();
    std::fs::write(
        book.join("book.toml"),
        manifest.replace("smart = true", "smart = false"),
    )
    .unwrap();
    let out = book.join("out");
    build_ok(&book, &out, &["--epub"]);
    let epub = out.join("a-complete-book.epub");
    let story = zip_entry(&epub, "OEBPS/story-001.xhtml");
    assert!(
        story.contains("&quot;B</span><span class=\"lead-in\">onjour</span>&quot;, dit-elle."),
        "{story}"
    );
    assert!(!story.contains('\u{202F}'));
    if let Some((errors, warnings, report)) = epubcheck(&epub) {
        assert_eq!((errors, warnings), (0, 0), "EPUBCheck report:\n{report}");
    }
}

#[test]
fn every_matter_type_appears_in_the_pdf_in_manifest_order() {
    let (_, pdf) = built();
    let Some(text) = pdf_text(pdf) else { return };
    let pages: Vec<&str> = text.split('\u{c}').collect();
    let find = |needle: &str| {
        pages
            .iter()
            .position(|p| p.contains(needle))
            .unwrap_or_else(|| panic!("`{needle}` in the PDF"))
    };
    let order = [
        find("A Complete Book"),
        find("Sample Press"),
        find("ISBN 978-0-306-40615-7"),
        find("who “reads”"),
        find("All happy families"),
        find("Contents"),
        find("explains the book"),
        find("BONJOUR"),
        find("Time flies"),
        find("PDF-only afterword"),
        find("Thanks to the readers"),
        find("Second Book"),
        find("Made with Folio"),
    ];
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "page order {order:?}"
    );
    // Half-title, title, dedication, epigraph, contents and preface open on rectos
    // (odd page numbers, even indexes); the copyright page is the title's verso.
    let half_title = pages
        .iter()
        .position(|p| p.contains("A Complete Book"))
        .unwrap();
    assert_eq!(half_title, 0);
    for (what, page) in [
        ("title", order[1]),
        ("dedication", order[3]),
        ("epigraph", order[4]),
        ("contents", order[5]),
        ("preface", order[6]),
    ] {
        assert_eq!(page % 2, 0, "the {what} on a recto (page index {page})");
    }
    assert_eq!(order[2], order[1] + 1, "copyright on the title's verso");
    assert!(
        !text.contains("Ann Author writes stories"),
        "EPUB-only item kept out"
    );
    // Roman folios on the contents and the preface; prose after its first page has
    // running heads: its title on rectos.
    assert!(
        pages[order[5]].trim_end().ends_with("ix"),
        "{}",
        pages[order[5]]
    );
    assert!(
        pages[order[6]].trim_end().ends_with("xi"),
        "{}",
        pages[order[6]]
    );
    let afterword = order[9];
    let recto_head = (afterword + 1..afterword + 4)
        .filter(|&p| p % 2 == 0)
        .any(|p| pages[p].trim_start().starts_with("AFTERWORD"));
    assert!(
        recto_head,
        "a running head AFTERWORD on a recto of the afterword"
    );
    // The contents lists the story's author and translator.
    let contents = pages[order[5]];
    assert!(contents.contains("Claire Dubois") && contents.contains("Translated by Tom Turner"));
}

#[test]
fn matter_mistakes_are_reported_with_their_line_and_a_fix() {
    let book = complete_book("matter-errors");
    let manifest = std::fs::read_to_string(book.join("book.toml")).unwrap();
    let broken = manifest
        .replace(
            "kind = \"half-title\"",
            "kind = \"half-title\"\ntext = \"not allowed\"",
        )
        .replace("kind = \"colophon\"", "kind = \"copyright\"")
        .replace("Thanks to the readers.", " ")
        .replace("978-3-16-148410-0", "978-3-16-148410-1")
        .replace(
            "[[front]]\nkind = \"contents\"\n",
            "[[front]]\nkind = \"contents\"\n\n[[front]]\nkind = \"contents\"\n",
        )
        .replace(
            "file = \"matter/preface.md\"",
            "file = \"matter/missing.md\"",
        );
    std::fs::write(book.join("book.toml"), broken).unwrap();
    let output = folio(&["check", book.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    for expected in [
        "a `half-title` page is generated and takes no text\n  --> ",
        "book.toml:14:8\n",
        "`copyright` belongs in [[front]], not [[back]]",
        "is not a valid ISBN",
        "matter file `matter/missing.md` does not exist",
        "the `contents` page is listed twice",
        "help: it is also listed on line",
        "the `text` of the acknowledgments is empty",
    ] {
        assert!(stderr.contains(expected), "`{expected}` in:\n{stderr}");
    }
    assert!(!stderr.contains("panicked"));
}

/// The complete book with a cover: `jpg` or `png`, and the PDF cover on or off.
fn build_with_cover(name: &str, extension: &str, pdf_cover: bool) -> (PathBuf, PathBuf) {
    build_with_cover_from(name, &format!("cover.{extension}"), extension, pdf_cover)
}

/// `build_with_cover` with the fixture `tests/fixtures/FIXTURE` as the cover.
fn build_with_cover_from(
    name: &str,
    fixture: &str,
    extension: &str,
    pdf_cover: bool,
) -> (PathBuf, PathBuf) {
    let book = complete_book(name);
    std::fs::copy(
        repo_root().join("tests/fixtures").join(fixture),
        book.join(format!("cover.{extension}")),
    )
    .unwrap();
    let manifest = std::fs::read_to_string(book.join("book.toml")).unwrap();
    let manifest = manifest.replacen(
        "[book]\n",
        &format!("[book]\ncover = \"cover.{extension}\"\n"),
        1,
    );
    let manifest = format!("{manifest}\n[output.pdf]\ncover = {pdf_cover}\n");
    std::fs::write(book.join("book.toml"), manifest).unwrap();
    let out = book.join("out");
    build_ok(&book, &out, &[]);
    (
        out.join("a-complete-book.epub"),
        out.join("a-complete-book.pdf"),
    )
}

#[test]
fn a_cover_is_the_epub_cover_image_and_page_and_optional_in_the_pdf() {
    for (extension, pdf_cover) in [("jpg", true), ("png", true), ("jpg", false)] {
        let (epub, pdf) = build_with_cover(&format!("cover-{extension}"), extension, pdf_cover);
        let opf = zip_entry(&epub, "OEBPS/content.opf");
        assert!(
            opf.contains("properties=\"cover-image\""),
            "cover image in the OPF:\n{opf}"
        );
        assert_eq!(spine_files(&epub)[0], "cover.xhtml");
        let page = zip_entry(&epub, "OEBPS/cover.xhtml");
        assert!(
            page.contains("alt=\"Cover: A Complete Book — Ann Author\""),
            "{page}"
        );
        let nav = zip_entry(&epub, "OEBPS/nav.xhtml");
        assert!(nav.contains("epub:type=\"cover\""), "a cover landmark");
        if let Some((errors, warnings, report)) = epubcheck(&epub) {
            assert_eq!((errors, warnings), (0, 0), "EPUBCheck report:\n{report}");
        }
        let doc = lopdf::Document::load(&pdf).unwrap();
        let images = doc
            .objects
            .values()
            .filter(|o| {
                o.as_stream().is_ok_and(|s| {
                    s.dict
                        .get(b"Subtype")
                        .is_ok_and(|t| t.as_name().is_ok_and(|n| n == b"Image"))
                })
            })
            .count();
        assert_eq!(
            images,
            usize::from(pdf_cover),
            "{extension}, cover = {pdf_cover}"
        );
        if pdf_cover {
            // Most of the page is the fixture's dark blue.
            check_cover_pixels(&pdf, "the cover's blue", |p| {
                p[2] > 80 && p[0] < 80 && p[1] < 100
            });
        }
    }
}

#[test]
fn an_adobe_cmyk_jpeg_cover_is_not_inverted() {
    // White paper (C = M = Y = K = 0), stored inverted as Adobe's CMYK JPEGs are:
    // without /Decode [1 0 1 0 1 0 1 0] the page would print black.
    let (_, pdf) = build_with_cover_from("cover-cmyk", "cmyk-adobe-white.jpg", "jpg", true);
    check_cover_pixels(&pdf, "white", |p| p.iter().all(|&c| c > 230));
}

/// The first page, rendered, is mostly of the colour `wanted` accepts.
fn check_cover_pixels(pdf: &Path, colour: &str, wanted: fn(&[u8]) -> bool) {
    if !tool_available(
        "pdftoppm (poppler-utils)",
        std::process::Command::new("pdftoppm").arg("-v"),
    ) {
        return;
    }
    let prefix = pdf.with_file_name("cover-page");
    let output = run(
        "pdftoppm",
        &[
            "-r",
            "10",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            pdf.to_str().unwrap(),
            prefix.to_str().unwrap(),
        ],
    );
    assert!(output.status.success());
    let ppm = std::fs::read(prefix.with_extension("ppm")).unwrap();
    // Binary PPM: "P6\nW H\n255\n" then RGB triples.
    let mut fields = 0;
    let mut at = 0;
    while fields < 4 {
        while ppm[at].is_ascii_whitespace() {
            at += 1;
        }
        while !ppm[at].is_ascii_whitespace() {
            at += 1;
        }
        fields += 1;
    }
    let pixels = &ppm[at + 1..];
    let matching = pixels.chunks(3).filter(|p| wanted(p)).count();
    assert!(
        matching * 2 > pixels.len() / 3,
        "the cover page is mostly {colour} ({matching} of {} pixels)",
        pixels.len() / 3
    );
}

#[test]
fn verse_keeps_its_lines_and_stories_open_with_a_drop_cap() {
    let (epub, pdf) = built();
    let story = zip_entry(epub, "OEBPS/story-002.xhtml");
    assert!(
        story.contains("<div class=\"verse\">\n<p class=\"stanza\"><span class=\"line\">The <em>first</em> line of a poem,</span><br/><span class=\"line\">\u{a0}\u{a0}an indented second line;</span></p>\n<p class=\"stanza\"><span class=\"line\">a second stanza’s line.</span></p>\n</div>"),
        "{story}"
    );
    assert!(
        story.contains("<p class=\"first\"><span class=\"drop-cap\">“I</span><span class=\"lead-in\">t’s late</span>,” said"),
        "{story}"
    );
    let french = zip_entry(epub, "OEBPS/story-001.xhtml");
    assert!(
        french.contains("<span class=\"drop-cap\">«\u{202F}B</span><span class=\"lead-in\">onjour</span>\u{202F}», dit-elle."),
        "{french}"
    );
    assert!(
        story.contains("A <span class=\"smallcaps\">second</span> scene…"),
        "{story}"
    );
    // Scene breaks are <hr>s, which assistive technology announces; the ornament is CSS.
    assert!(story.contains("<hr class=\"scene-break\"/>"));
    if let Some(text) = pdf_text(pdf) {
        let lines: Vec<&str> = text.lines().map(str::trim).collect();
        for line in [
            "The first line of a poem,",
            "an indented second line;",
            "a second stanza’s line.",
        ] {
            assert!(
                lines.contains(&line),
                "verse line `{line}` on its own line in the PDF"
            );
        }
    }
}

#[test]
fn every_kind_of_matter_appears_in_both_outputs_in_manifest_order() {
    let book = sample_book_copy("every-kind");
    let prose = [
        ("foreword", "Foreword words"),
        ("preface", "Preface words"),
        ("introduction", "Introduction words"),
    ];
    let back_prose = [
        ("afterword", "Afterword words"),
        ("acknowledgments", "Acknowledgment words"),
        ("about-the-author", "About words"),
    ];
    let mut manifest = String::from(
        "[book]\ntitle = \"Every Kind\"\nauthors = [\"A. Writer\"]\nlanguage = \"en\"\ndate = \"2025\"\n\n",
    );
    for kind in ["half-title", "title", "copyright"] {
        manifest.push_str(&format!("[[front]]\nkind = \"{kind}\"\n\n"));
    }
    manifest.push_str("[[front]]\nkind = \"dedication\"\ntext = \"Dedication words\"\n\n");
    manifest.push_str(
        "[[front]]\nkind = \"epigraph\"\ntext = \"Epigraph words\"\nsource = \"Someone\"\n\n",
    );
    manifest.push_str("[[front]]\nkind = \"contents\"\n\n");
    for (kind, text) in prose {
        manifest.push_str(&format!(
            "[[front]]\nkind = \"{kind}\"\ntext = \"{text}\"\n\n"
        ));
    }
    manifest.push_str(
        "[[stories]]\nfile = \"stories/valerie-loren.md\"\ntitle = \"Valérie Loren\"\n\n",
    );
    for (kind, text) in back_prose {
        manifest.push_str(&format!(
            "[[back]]\nkind = \"{kind}\"\ntext = \"{text}\"\n\n"
        ));
    }
    manifest.push_str("[[back]]\nkind = \"also-by\"\ntitles = [\"Another Title\"]\n\n");
    manifest.push_str("[[back]]\nkind = \"colophon\"\n");
    std::fs::write(book.join("book.toml"), manifest).unwrap();
    let out = book.join("out");
    build_ok(&book, &out, &[]);
    let epub = out.join("every-kind.epub");
    let expected_spine = [
        "halftitle",
        "titlepage",
        "copyright",
        "dedication",
        "epigraph",
        "contents",
        "foreword",
        "preface",
        "introduction",
        "story-001",
        "afterword",
        "acknowledgments",
        "about-the-author",
        "also-by",
        "colophon",
    ];
    let spine: Vec<String> = spine_files(&epub)
        .into_iter()
        .map(|f| f.trim_end_matches(".xhtml").to_string())
        .collect();
    assert_eq!(spine, expected_spine);
    for (kind, text) in prose.iter().chain(&back_prose) {
        let page = zip_entry(&epub, &format!("OEBPS/{kind}.xhtml"));
        assert!(page.contains(text), "{text} in {kind}.xhtml");
    }
    if let Some((errors, warnings, report)) = epubcheck(&epub) {
        assert_eq!((errors, warnings), (0, 0), "EPUBCheck report:\n{report}");
    }
    let Some(text) = pdf_text(&out.join("every-kind.pdf")) else {
        return;
    };
    let markers = [
        "Every Kind",
        "Copyright © 2025 A. Writer",
        "Dedication words",
        "Epigraph words",
        "Contents",
        "Foreword words",
        "Preface words",
        "Introduction words",
        "Valérie Loren was",
        "Afterword words",
        "Acknowledgment words",
        "About words",
        "Another Title",
        "Made with Folio",
    ];
    let mut at = 0;
    for marker in markers {
        let found = text[at..]
            .find(marker)
            .unwrap_or_else(|| panic!("`{marker}` after byte {at} of the PDF text"));
        at += found + marker.len();
    }
}

/// The complete book with every feature the EPUB has: a cover, every kind of front
/// and back matter, a named accessibility certifier, store metadata (series, sort
/// names, coded subjects, beside the ebook ISBN). Built once, EPUB only.
fn every_feature_epub() -> &'static PathBuf {
    static BUILT: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    BUILT.get_or_init(|| {
        let book = complete_book("every-feature");
        std::fs::copy(
            repo_root().join("tests/fixtures/cover.jpg"),
            book.join("cover.jpg"),
        )
        .unwrap();
        let manifest = std::fs::read_to_string(book.join("book.toml"))
            .unwrap()
            .replacen(
                "authors = [\"Ann Author\"]\n",
                "authors = [{ name = \"Ann Author\", file_as = \"Author, Ann\" }]\n\
                 cover = \"cover.jpg\"\n\
                 accessibility_certified_by = \"Sample Press\"\n\
                 series = { name = \"Complete Books\", number = 2 }\n\
                 subjects = [\"Fiction\", { scheme = \"BISAC\", code = \"FIC029000\", name = \"FICTION / Short Stories (single author)\" }, { scheme = \"THEMA\", code = \"FYB\", name = \"Short stories\" }]\n",
                1,
            )
            .replace("only = \"pdf\"\n", "")
            .replace(
                "[[front]]\nkind = \"preface\"\n",
                "[[front]]\nkind = \"foreword\"\ntext = \"A foreword.\"\n\n\
                 [[front]]\nkind = \"introduction\"\ntext = \"An introduction.\"\n\n\
                 [[front]]\nkind = \"preface\"\n",
            );
        std::fs::write(book.join("book.toml"), manifest).unwrap();
        // A figure and a table beside the notes, lists and verse already there.
        std::fs::copy(
            repo_root().join("tests/fixtures/images/leaf.png"),
            book.join("stories/leaf.png"),
        )
        .unwrap();
        let story = std::fs::read_to_string(book.join("stories/english.md")).unwrap();
        std::fs::write(
            book.join("stories/english.md"),
            format!(
                "{story}\n\n![A green leaf](leaf.png \"A leaf\")\n\n| Place | Miles |\n|---|--:|\n| Ford | 3 |\n"
            ),
        )
        .unwrap();
        build_ok(&book, &book.join("out"), &["--epub"]);
        book.join("out/a-complete-book.epub")
    })
}

#[test]
fn ace_finds_no_accessibility_violations_in_the_sample_or_the_complete_book() {
    let sample = sample_book_copy("ace-sample");
    build_ok(&sample, &sample.join("out"), &["--epub"]);
    for (epub, certified) in [
        (sample.join("out/three-valeries.epub"), false),
        (every_feature_epub().clone(), true),
    ] {
        // Without Ace (reported, and a failure in CI) the rest is still checked.
        if let Some(report) = ace(&epub) {
            assert_eq!(
                report.violations,
                [],
                "Ace on {}:\n{}",
                epub.display(),
                report.json
            );
            let present = |property: &str| report.metadata_present.iter().any(|p| p == property);
            assert!(
                present("dcterms:conformsTo"),
                "{:?}",
                report.metadata_present
            );
            assert_eq!(present("a11y:certifiedBy"), certified);
        }
        if let Some((errors, warnings, report)) = epubcheck(&epub) {
            assert_eq!((errors, warnings), (0, 0), "EPUBCheck report:\n{report}");
        }
    }
    let opf = zip_entry(every_feature_epub(), "OEBPS/content.opf");
    for expected in [
        "<meta property=\"dcterms:conformsTo\">EPUB Accessibility 1.1 - WCAG 2.2 Level AA</meta>",
        "<meta property=\"a11y:certifiedBy\">Sample Press</meta>",
        "<meta property=\"schema:accessMode\">visual</meta>",
        "<meta property=\"schema:accessibilityFeature\">alternativeText</meta>",
    ] {
        assert!(opf.contains(expected), "`{expected}` in:\n{opf}");
    }
}

#[test]
fn store_metadata_reaches_the_opf_and_the_ncx() {
    let epub = every_feature_epub();
    let opf = zip_entry(epub, "OEBPS/content.opf");
    for expected in [
        "unique-identifier=\"pub-id\" xml:lang=\"en\"",
        // The ebook ISBN identifies the file; the derived UUID stays beside it.
        "<dc:identifier id=\"pub-id\">urn:isbn:9783161484100</dc:identifier>",
        "<dc:identifier id=\"id-2\">urn:uuid:",
        "<meta refines=\"#creator-1\" property=\"file-as\">Author, Ann</meta>",
        "<meta property=\"belongs-to-collection\" id=\"series\">Complete Books</meta>",
        "<meta refines=\"#series\" property=\"collection-type\">series</meta>",
        "<meta refines=\"#series\" property=\"group-position\">2</meta>",
        "<dc:subject>Fiction</dc:subject>",
        "<dc:subject id=\"subject-2\">FICTION / Short Stories (single author)</dc:subject>",
        "<meta refines=\"#subject-2\" property=\"authority\">BISAC</meta>",
        "<meta refines=\"#subject-2\" property=\"term\">FIC029000</meta>",
        "<meta refines=\"#subject-3\" property=\"authority\">THEMA</meta>",
        "<meta refines=\"#subject-3\" property=\"term\">FYB</meta>",
    ] {
        assert!(opf.contains(expected), "`{expected}` in:\n{opf}");
    }
    let ncx = zip_entry(epub, "OEBPS/toc.ncx");
    for expected in [
        "<meta name=\"dtb:uid\" content=\"urn:isbn:9783161484100\"/>",
        "<docTitle><text>A Complete Book</text></docTitle>",
    ] {
        assert!(ncx.contains(expected), "`{expected}` in:\n{ncx}");
    }
}

#[test]
fn a_pdf_cover_the_pdf_cannot_use_is_reported_before_building() {
    let book = complete_book("cover-errors");
    std::fs::copy(
        repo_root().join("tests/fixtures/cover-alpha.png"),
        book.join("cover.png"),
    )
    .unwrap();
    let manifest = std::fs::read_to_string(book.join("book.toml")).unwrap();
    let with_pdf_cover = format!("{manifest}\n[output.pdf]\ncover = true\n");
    std::fs::write(book.join("book.toml"), &with_pdf_cover).unwrap();
    let output = folio(&["check", book.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("asks for a cover, but [book] has none"),
        "{stderr}"
    );

    let with_cover = with_pdf_cover.replacen("[book]\n", "[book]\ncover = \"cover.png\"\n", 1);
    std::fs::write(book.join("book.toml"), &with_cover).unwrap();
    let output = folio(&["check", book.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("the PDF cannot use this cover")
            && stderr.contains("book.toml:2:9\n")
            && stderr.contains("JPEG"),
        "{stderr}"
    );
    // The EPUB alone takes any PNG.
    let epub_only = with_cover.replace("cover = true", "cover = false");
    std::fs::write(book.join("book.toml"), epub_only).unwrap();
    let out = book.join("out");
    build_ok(&book, &out, &["--epub"]);
    if let Some((errors, warnings, report)) = epubcheck(&out.join("a-complete-book.epub")) {
        assert_eq!((errors, warnings), (0, 0), "EPUBCheck report:\n{report}");
    }
}

#[test]
fn a_complete_book_with_a_cover_rebuilds_byte_for_byte() {
    let (epub, pdf) = build_with_cover("reproducible", "png", true);
    let first = (std::fs::read(&epub).unwrap(), std::fs::read(&pdf).unwrap());
    let book = epub.parent().unwrap().parent().unwrap().to_path_buf();
    let again = book.join("again");
    build_ok(&book, &again, &[]);
    let second = (
        std::fs::read(again.join("a-complete-book.epub")).unwrap(),
        std::fs::read(again.join("a-complete-book.pdf")).unwrap(),
    );
    assert!(first.0 == second.0, "the EPUB differs between two builds");
    assert!(first.1 == second.1, "the PDF differs between two builds");
}

/// The same placement rules through the library, without outside tools: each item's
/// first page is on its conventional side, the body opens on a recto, the outline
/// lists the items in manifest order and every contents entry is a link.
#[test]
fn the_pdf_places_each_item_on_its_side_of_the_spread() {
    use folio::render::pdf::flow::PageKind;
    use folio::render::pdf::typeset;
    let book = complete_book("placement");
    let loaded = folio::build::load(&book, Some(1_700_000_000)).unwrap();
    let ctx = loaded.context("pdf").unwrap();
    let (composed, _) = typeset(
        &ctx,
        &folio::render::pdf::PdfOptions::from_manifest(&loaded.manifest).unwrap(),
    )
    .unwrap();
    let first_page = |title: &str| {
        composed
            .front_entries
            .iter()
            .chain(&composed.back_entries)
            .find(|(t, _)| t == title)
            .unwrap_or_else(|| panic!("{title} in {:?}", composed.front_entries))
            .1
    };
    // Page index 0 is page i, a recto: rectos have even indexes.
    for recto in [
        "Title Page",
        "Dedication",
        "Epigraph",
        "Contents",
        "Preface",
    ] {
        assert_eq!(first_page(recto) % 2, 0, "{recto} on a recto");
    }
    assert_eq!(first_page("Copyright"), first_page("Title Page") + 1);
    assert_eq!(composed.front_pages % 2, 0, "the body opens on a recto");
    assert_eq!(composed.pages[0].kind, PageKind::Front, "the half-title");
    let titles: Vec<&str> = composed
        .front_entries
        .iter()
        .chain(&composed.back_entries)
        .map(|(t, _)| t.as_str())
        .collect();
    assert_eq!(
        titles,
        [
            "Title Page",
            "Copyright",
            "Dedication",
            "Epigraph",
            "Contents",
            "Preface",
            "Afterword",
            "Acknowledgments",
            "Also by Ann Author",
            "Colophon"
        ],
        "EPUB-only about-the-author is left out"
    );
    let pages: Vec<usize> = titles.iter().map(|t| first_page(t)).collect();
    assert!(pages.windows(2).all(|w| w[0] < w[1]), "{pages:?}");
    // Preface, two stories, afterword, acknowledgments, also-by.
    assert_eq!(composed.links.len(), 6);
    let preface_link = &composed.links[0];
    assert_eq!(preface_link.target_page, first_page("Preface"));
    assert_eq!(composed.links[1].target_page, composed.story_pages[0]);
}

#[test]
fn a_french_book_prints_its_own_words_in_french() {
    let book = complete_book("french-book");
    let manifest = std::fs::read_to_string(book.join("book.toml")).unwrap();
    std::fs::write(
        book.join("book.toml"),
        manifest.replacen("language = \"en\"", "language = \"fr\"", 1),
    )
    .unwrap();
    let out = book.join("out");
    build_ok(&book, &out, &[]);
    let epub = out.join("a-complete-book.epub");
    let contents = zip_entry(&epub, "OEBPS/contents.xhtml");
    assert!(contents.contains(">Table des matières</h1>"), "{contents}");
    assert!(contents.contains("Traduit par Tom Turner"), "{contents}");
    let copyright = zip_entry(&epub, "OEBPS/copyright.xhtml");
    assert!(
        copyright
            .contains("«\u{202F}L’été\u{202F}» a paru pour la première fois dans La Revue, 2019."),
        "{copyright}"
    );
    assert!(copyright.contains("Publié par Sample Press"), "{copyright}");
    let preface = zip_entry(&epub, "OEBPS/preface.xhtml");
    assert!(preface.contains(">Préface</h1>"), "{preface}");
    let also_by = zip_entry(&epub, "OEBPS/also-by.xhtml");
    assert!(also_by.contains(">Du même auteur</h1>"), "{also_by}");
    if let Some((errors, warnings, report)) = epubcheck(&epub) {
        assert_eq!((errors, warnings), (0, 0), "EPUBCheck report:\n{report}");
    }
    if let Some(text) = pdf_text(&out.join("a-complete-book.pdf")) {
        for expected in ["Table des matières", "Postface", "Réalisé avec Folio."] {
            assert!(text.contains(expected), "`{expected}` in the PDF");
        }
    }
}

#[test]
fn what_readers_see_markdown_credits_font_family_and_one_name_on_the_title_page() {
    let book = complete_book("readers-see");
    let manifest = std::fs::read_to_string(book.join("book.toml"))
        .unwrap()
        .replace("publisher = \"Sample Press\"", "publisher = \"Ann Author\"")
        .replace(
            "first_published = \"La Revue, 2019\"",
            "first_published = \"*La Revue*, 2019\"",
        )
        .replace("\"First Book\"", "\"The *First* Book\"");
    std::fs::write(book.join("book.toml"), manifest).unwrap();
    build_ok(&book, &book.join("out"), &[]);
    let epub = book.join("out/a-complete-book.epub");
    let copyright = zip_entry(&epub, "OEBPS/copyright.xhtml");
    assert!(
        copyright.contains("was first published in <em>La Revue</em>, 2019.</p>"),
        "{copyright}"
    );
    let also_by = zip_entry(&epub, "OEBPS/also-by.xhtml");
    assert!(
        also_by.contains("<li><cite>The <em>First</em> Book</cite></li>"),
        "{also_by}"
    );
    let title_page = zip_entry(&epub, "OEBPS/titlepage.xhtml");
    assert_eq!(title_page.matches("Ann Author").count(), 1, "{title_page}");
    let colophon = zip_entry(&epub, "OEBPS/colophon.xhtml");
    assert!(colophon.contains("Set in Gentium Book Plus."), "{colophon}");
    let Some(text) = pdf_text(&book.join("out/a-complete-book.pdf")) else {
        return;
    };
    // (The scene break's ornament is asterisks of its own.)
    for literal in ["*La Revue*", "*First*"] {
        assert!(
            !text.contains(literal),
            "literal {literal} in the PDF:\n{text}"
        );
    }
    assert!(text.contains("first published in La Revue, 2019.") && text.contains("The First Book"));
    assert!(text.contains("Set in Gentium Book Plus."), "{text}");
    assert!(!text.contains("GentiumBookPlus"), "{text}");
    // The title page (the PDF's third page: half-title, its verso, the title) names
    // Ann Author once, not again as publisher at its foot.
    let pages: Vec<&str> = text.split('\u{c}').collect();
    let title = pages
        .iter()
        .find(|p| p.contains("A Complete Book") && p.contains("Ann Author"))
        .unwrap();
    assert_eq!(title.matches("Ann Author").count(), 1, "{title}");
}

#[test]
fn the_sample_epub_embeds_renamed_subset_fonts_under_300_kib() {
    let book = sample_book_copy("subset-sample");
    let manifest = std::fs::read_to_string(book.join("book.toml")).unwrap();
    let subset = manifest.replace("[output.epub]\n", "[output.epub]\nsubset_fonts = true\n");
    assert_ne!(subset, manifest);
    std::fs::write(book.join("book.toml"), subset).unwrap();
    build_ok(&book, &book.join("out"), &["--epub"]);
    let epub = book.join("out/three-valeries.epub");
    let size = std::fs::metadata(&epub).unwrap().len();
    assert!(size < 300 * 1024, "the sample EPUB is {size} bytes");
    // OFL with Reserved Font Names "Gentium" and "SIL": the subsets are renamed.
    let css = zip_entry(&epub, "OEBPS/stylesheet.css");
    assert!(css.contains("font-family: \"Folio Text\"; font-style: normal; font-weight: normal; src: url(\"fonts/FolioText-Regular.ttf\")"), "{css}");
    assert!(!css.contains("Gentium"), "{css}");
    let opf = zip_entry(&epub, "OEBPS/content.opf");
    assert!(opf.contains("href=\"fonts/FolioText-Italic.ttf\""), "{opf}");
    if let Some((errors, warnings, report)) = epubcheck(&epub) {
        assert_eq!((errors, warnings), (0, 0), "EPUBCheck report:\n{report}");
    }
    // With `subset_fonts = false` (on by default), they go in whole under their
    // own names.
    std::fs::write(book.join("book.toml"), manifest).unwrap();
    build_ok(
        &book,
        &book.join("whole"),
        &["--epub", "--set", "output.epub.subset_fonts=false"],
    );
    let whole = book.join("whole/three-valeries.epub");
    assert!(std::fs::metadata(&whole).unwrap().len() > 800 * 1024);
    assert!(zip_entry(&whole, "OEBPS/stylesheet.css").contains("GentiumBookPlus-Regular.ttf"));
}
