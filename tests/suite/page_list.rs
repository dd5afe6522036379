//! The print edition's page numbers in the EPUB: the sample's EPUB marks every page
//! of its PDF where that page begins, with the PDF's own page labels, and the EPUB
//! is the same whether or not the PDF is built beside it.

use std::path::{Path, PathBuf};

use crate::common::*;

/// Each PDF page's label and text, via PyMuPDF (`page.get_label()`).
fn pdf_pages(pdf: &Path) -> Option<Vec<(String, String)>> {
    let script = "import sys, json, pymupdf\n\
        print(json.dumps([[p.get_label(), p.get_text()] for p in pymupdf.open(sys.argv[1])]))";
    Some(serde_json::from_value(pymupdf_json(script, pdf)?).unwrap())
}

/// The page list's entries: (file, id, label), in order.
fn page_list(epub: &Path) -> Vec<(String, String, String)> {
    let nav = zip_entry(epub, "OEBPS/nav.xhtml");
    let list = &nav[nav
        .find("epub:type=\"page-list\"")
        .expect("a page-list nav")..];
    let list = &list[..list.find("</nav>").unwrap()];
    list.split("<li><a href=\"")
        .skip(1)
        .map(|entry| {
            let (href, rest) = entry.split_once("\">").unwrap();
            let label = &rest[..rest.find("</a>").unwrap()];
            let (file, id) = href.split_once('#').unwrap();
            (file.to_string(), id.to_string(), label.to_string())
        })
        .collect()
}

/// Lowercased letters and digits: how the two outputs' texts are compared.
fn letters(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The document's text after the marker `id`, without tags.
fn text_after(doc: &str, id: &str) -> String {
    let at = doc.find(&format!("id=\"{id}\"")).expect("the marker");
    let mut out = String::new();
    let mut in_tag = false;
    for c in doc[at..].chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
}

fn built(name: &str, extra: &[&str]) -> (PathBuf, PathBuf) {
    let book = sample_book_copy(name);
    let out = book.join("out");
    build_ok(&book, &out, extra);
    (
        out.join("three-valeries.epub"),
        out.join("three-valeries.pdf"),
    )
}

#[test]
fn the_epub_marks_every_pdf_page_where_it_begins_with_its_label() {
    let (epub, pdf) = built("page-list", &[]);
    let list = page_list(&epub);
    let Some(pages) = pdf_pages(&pdf) else { return };
    assert_eq!(list.len(), pages.len(), "one entry per PDF page: {list:?}");
    let labels: Vec<&str> = list.iter().map(|(_, _, label)| label.as_str()).collect();
    let pdf_labels: Vec<&str> = pages.iter().map(|(label, _)| label.as_str()).collect();
    assert_eq!(
        labels, pdf_labels,
        "the PDF's labels, roman in the front matter"
    );
    for ((file, id, label), (_, text)) in list.iter().zip(&pages) {
        let doc = zip_entry(&epub, &format!("OEBPS/{file}"));
        let marker = format!(
            "<span epub:type=\"pagebreak\" role=\"doc-pagebreak\" id=\"{id}\" aria-label=\"{label}\"></span>"
        );
        assert!(doc.contains(&marker), "{marker} in {file}");
        // Where the page has text, the EPUB goes on as the page begins (within
        // its first word, which a hyphen may have split across the pages).
        let page = letters(text);
        if page.len() >= 12 {
            let after: String = letters(&text_after(&doc, id)).chars().take(60).collect();
            let start: String = page.chars().take(8).collect();
            assert!(
                after.contains(&start),
                "page {label} begins `{start}…`; the EPUB after its marker: `{after}`"
            );
        }
    }
    // Each story's first marker carries its first page's label in the PDF.
    for (index, title) in ["Valérie Mastroianni", "Valérie Loren", "Valérie Michalska"]
        .iter()
        .enumerate()
    {
        let file = format!("story-{:03}.xhtml", index + 1);
        let first = list.iter().rev().find(|(f, _, _)| *f == file).map(|e| &e.2);
        let first_in_doc = list.iter().find(|(f, _, _)| *f == file).map(|e| &e.2);
        let opener = pages
            .iter()
            .find(|(_, text)| letters(text).starts_with(&letters(title)))
            .map(|(label, _)| label);
        assert!(first.is_some() && opener.is_some(), "{title}");
        // The blank verso before an opener is marked with it: the story's own
        // first page is the last marker at its document's start.
        let doc = zip_entry(&epub, &format!("OEBPS/{file}"));
        let body = &doc[doc.find("<body").unwrap()..];
        let starts: Vec<&(String, String, String)> = list
            .iter()
            .filter(|(f, id, _)| *f == file && body.find(&format!("id=\"{id}\"")).unwrap() < 200)
            .collect();
        assert_eq!(
            starts.last().map(|e| &e.2),
            opener,
            "{title}: {first_in_doc:?}"
        );
    }
}

#[test]
fn the_epub_is_the_same_without_the_pdf_and_names_its_print_source() {
    let isbn = ["--set", "book.isbn.paperback=978-0-306-40615-7"];
    let (both, _) = built("page-list-both", &isbn);
    let (alone, pdf) = built("page-list-alone", &[&isbn[..], &["--epub"]].concat());
    assert!(!pdf.exists(), "only the EPUB is written");
    assert_eq!(
        std::fs::read(&both).unwrap(),
        std::fs::read(&alone).unwrap()
    );
    let opf = zip_entry(&alone, "OEBPS/content.opf");
    assert!(
        opf.contains("<dc:source>urn:isbn:9780306406157</dc:source>"),
        "{opf}"
    );
    assert!(opf.contains("<meta property=\"pageBreakSource\">urn:isbn:9780306406157</meta>"));
    assert!(opf.contains("<meta property=\"schema:accessibilityFeature\">printPageNumbers</meta>"));
    if let Some((errors, warnings, report)) = epubcheck(&alone) {
        assert_eq!((errors, warnings), (0, 0), "EPUBCheck report:\n{report}");
    }
    if let Some(report) = ace(&alone) {
        assert_eq!(report.violations, [], "Ace:\n{}", report.json);
    }
}
