//! Parts, numbered chapters, titles from headings and edition-only divs: a copy of
//! the sample book in two parts with `numbering = "words"`, checked in both outputs
//! with the real tools (PyMuPDF, pdftotext, EPUBCheck, Ace).

use std::path::{Path, PathBuf};

use crate::common::*;

/// The sample book in two parts, chapters numbered in words; the third story opens
/// with a heading repeating its title and holds a div for each output; a fourth
/// story takes its title from its heading.
fn parted_book(name: &str) -> PathBuf {
    let book = sample_book_copy(name);
    let manifest = std::fs::read_to_string(book.join("book.toml")).unwrap();
    let mut manifest = manifest.replacen("[book]\n", "[book]\nnumbering = \"words\"\n", 1);
    for (title, part) in [
        ("Valérie Mastroianni", "Part One: The South"),
        ("Valérie Loren", "Part One: The South"),
        ("Valérie Michalska", "Part Two: The North"),
    ] {
        let line = format!("title = \"{title}\"\n");
        assert!(manifest.contains(&line), "{title} in the manifest");
        manifest = manifest.replacen(&line, &format!("{line}part = \"{part}\"\n"), 1);
    }
    let last = "title = \"Valérie Michalska\"\npart = \"Part Two: The North\"\n";
    manifest = manifest.replacen(
        last,
        &format!(
            "{last}\n[[stories]]\nfile = \"stories/fourth.md\"\npart = \"Part Two: The North\"\n"
        ),
        1,
    );
    std::fs::write(book.join("book.toml"), manifest).unwrap();
    let third = book.join("stories/valerie-michalska.md");
    let text = std::fs::read_to_string(&third).unwrap();
    std::fs::write(
        &third,
        format!(
            "# Valérie  michalska\n\n::: {{only=pdf}}\nPrintonlyword, turn the page.\n:::\n\n\
             ::: {{only=epub}}\nEbookonlyword [with a link](https://example.com).\n:::\n\n{text}"
        ),
    )
    .unwrap();
    std::fs::write(
        book.join("stories/fourth.md"),
        "# The Fourth Valérie\n\nShe came last, and stayed the longest.\n",
    )
    .unwrap();
    book
}

/// An outline line as PyMuPDF's `get_toc` gives it: level, title, page (from 1).
type TocLine = (u64, String, u64);

/// Each page's text and the outline, from PyMuPDF.
fn pdf_pages_and_toc(pdf: &Path) -> Option<(Vec<String>, Vec<TocLine>)> {
    let script = "import sys, json, pymupdf\nd = pymupdf.open(sys.argv[1])\n\
                  print(json.dumps({'pages': [p.get_text() for p in d], 'toc': d.get_toc()}))";
    let value = pymupdf_json(script, pdf)?;
    let pages = value["pages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap().to_string())
        .collect();
    let toc = value["toc"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e[0].as_u64().unwrap(),
                e[1].as_str().unwrap().to_string(),
                e[2].as_u64().unwrap(),
            )
        })
        .collect();
    Some((pages, toc))
}

#[test]
fn parts_open_on_rectos_and_nest_the_stories_in_the_contents_outline_and_nav() {
    let book = parted_book("parts");
    let out = book.join("out");
    build_ok(&book, &out, &[]);
    let pdf = out.join("three-valeries.pdf");
    let epub = out.join("three-valeries.epub");

    if let Some((pages, toc)) = pdf_pages_and_toc(&pdf) {
        for part in ["Part One: The South", "Part Two: The North"] {
            // The part's own page holds its title alone (no folio, no head).
            let index = pages
                .iter()
                .position(|p| p.trim() == part)
                .unwrap_or_else(|| panic!("a page with only `{part}`"));
            // Page indexes from 0, the cover-less book's first page a recto: a
            // recto has an even index.
            assert_eq!(index % 2, 0, "`{part}` on a recto (page index {index})");
            assert!(
                pages[index + 1].trim().is_empty(),
                "a blank verso behind `{part}`"
            );
            assert!(
                pages[index + 2].contains("Chapter"),
                "the part's first story follows"
            );
            // The outline: the part at level 1, its stories at level 2 under it.
            let at = toc
                .iter()
                .position(|(_, t, _)| t == part)
                .expect("part in the outline");
            assert_eq!(toc[at].0, 1);
            assert_eq!(
                toc[at].2 as usize,
                index + 1,
                "the outline points at the part page"
            );
            assert_eq!(toc[at + 1].0, 2, "a story under `{part}`: {toc:?}");
            assert_eq!(toc[at + 2].0, 2, "a story under `{part}`: {toc:?}");
        }
        let contents = pages.iter().find(|p| p.starts_with("Contents")).unwrap();
        let one = contents
            .find("Part One: The South")
            .expect("part one in the contents");
        let first = contents.find("Valérie Mastroianni").unwrap();
        let two = contents
            .find("Part Two: The North")
            .expect("part two in the contents");
        let fourth = contents.find("The Fourth Valérie").unwrap();
        assert!(one < first && first < two && two < fourth, "{contents}");
    }

    let nav = zip_entry(&epub, "OEBPS/nav.xhtml");
    assert!(
        nav.contains(
            "<li><a href=\"part-01.xhtml\">Part One: The South</a>\n<ol>\n\
             <li><a href=\"story-001.xhtml\">Valérie Mastroianni</a></li>\n\
             <li><a href=\"story-002.xhtml\">Valérie Loren</a></li>\n</ol>\n</li>"
        ),
        "{nav}"
    );
    let ncx = zip_entry(&epub, "OEBPS/toc.ncx");
    assert!(ncx.contains("<meta name=\"dtb:depth\" content=\"2\"/>"));
    let part = zip_entry(&epub, "OEBPS/part-02.xhtml");
    assert!(part.contains("role=\"doc-part\"") && part.contains(">Part Two: The North</h1>"));
    let opf = zip_entry(&epub, "OEBPS/content.opf");
    let spine_part = opf
        .find("idref=\"part-02")
        .or_else(|| opf.find("part-02"))
        .unwrap();
    assert!(spine_part < opf.rfind("story-003").unwrap());

    if let Some((errors, warnings, report)) = epubcheck(&epub) {
        assert_eq!((errors, warnings), (0, 0), "EPUBCheck report:\n{report}");
    }
    if let Some(report) = ace(&epub) {
        assert!(report.violations.is_empty(), "Ace: {:?}", report.violations);
    }
    if let Some((ok, report)) = qpdf_check(&pdf) {
        assert!(ok, "{report}");
    }
}

#[test]
fn chapters_are_numbered_in_words_above_their_titles_in_both_outputs() {
    let book = parted_book("numbering");
    let out = book.join("out");
    build_ok(&book, &out, &[]);
    let story = zip_entry(&out.join("three-valeries.epub"), "OEBPS/story-001.xhtml");
    assert!(
        story.contains("<p class=\"chapter-number\">Chapter One</p>\n<h1 id=\"s1-title\">Valérie Mastroianni</h1>"),
        "{story}"
    );
    let fourth = zip_entry(&out.join("three-valeries.epub"), "OEBPS/story-004.xhtml");
    assert!(fourth.contains(">Chapter Four</p>"));
    if let Some(text) = pdf_text(&out.join("three-valeries.pdf")) {
        let words = words(&text);
        let wanted: Vec<String> = ["Chapter", "One", "Valérie", "Mastroianni", "Valérie"]
            .iter()
            .map(|w| w.to_string())
            .collect();
        find_in_order(&words, &wanted, 0).expect("Chapter One above the first title");
    }
}

#[test]
fn a_heading_repeating_the_title_is_not_printed_twice_and_a_heading_can_be_the_title() {
    let book = parted_book("titles");
    let out = book.join("out");
    build_ok(&book, &out, &[]);
    let epub = out.join("three-valeries.epub");
    let third = zip_entry(&epub, "OEBPS/story-003.xhtml");
    assert_eq!(third.matches("Valérie Michalska</h1>").count(), 1);
    assert!(!third.to_lowercase().contains("valérie  michalska"));
    assert!(
        !third.contains("<h2"),
        "the repeated heading is gone: {third}"
    );
    let fourth = zip_entry(&epub, "OEBPS/story-004.xhtml");
    assert!(fourth.contains("<h1 id=\"s4-title\">The Fourth Valérie</h1>"));
    assert!(
        !fourth.contains("<h2"),
        "the heading became the title: {fourth}"
    );
    if let Some(text) = pdf_text(&out.join("three-valeries.pdf")) {
        // The title once on the opener (the contents and running heads aside).
        assert!(text.contains("The Fourth Valérie"));
        assert_eq!(text.matches("Valérie  michalska").count(), 0);
    }
}

#[test]
fn only_divs_reach_their_output_alone() {
    let book = parted_book("only");
    let out = book.join("out");
    build_ok(&book, &out, &[]);
    let epub = out.join("three-valeries.epub");
    let third = zip_entry(&epub, "OEBPS/story-003.xhtml");
    assert!(third.contains("Ebookonlyword <a href=\"https://example.com\">with a link</a>"));
    assert!(!third.contains("Printonlyword") && !third.contains(":::"));
    if let Some(text) = pdf_text(&out.join("three-valeries.pdf")) {
        assert!(text.contains("Printonlyword"));
        assert!(!text.contains("Ebookonlyword") && !text.contains(":::"));
    }
}
