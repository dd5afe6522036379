//! The sample book, built once per test binary run: EPUBCheck-clean EPUB, a PDF with
//! embedded subset fonts, every word in order, page labels and a nested outline.

use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;

use crate::common::*;

/// Builds the sample book (from a copy) once for all tests in this file.
fn built() -> &'static (PathBuf, PathBuf) {
    static BUILT: OnceLock<(PathBuf, PathBuf)> = OnceLock::new();
    BUILT.get_or_init(|| {
        let book = sample_book_copy("sample");
        let out = book.join("out");
        build_ok(&book, &out, &[]);
        (
            out.join("three-valeries.epub"),
            out.join("three-valeries.pdf"),
        )
    })
}

fn story_texts() -> Vec<(String, String)> {
    // In manifest order, as book.toml lists them.
    let manifest = std::fs::read_to_string(repo_root().join("book.toml")).unwrap();
    let value: toml::Table = manifest.parse().unwrap();
    value["stories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let file = s["file"].as_str().unwrap();
            let title = s["title"].as_str().unwrap().to_string();
            (
                title,
                std::fs::read_to_string(repo_root().join(file)).unwrap(),
            )
        })
        .collect()
}

#[test]
fn the_sample_epub_passes_epubcheck_with_no_errors_and_no_warnings() {
    let (epub, _) = built();
    if let Some((errors, warnings, report)) = epubcheck(epub) {
        assert_eq!((errors, warnings), (0, 0), "EPUBCheck report:\n{report}");
    }
}

#[test]
fn the_nav_lists_the_stories_in_manifest_order() {
    let (epub, _) = built();
    let nav = zip_entry(epub, "OEBPS/nav.xhtml");
    let mut at = 0;
    for (title, _) in story_texts() {
        let found = nav[at..]
            .find(&format!(">{title}<"))
            .unwrap_or_else(|| panic!("{title} after byte {at} in nav:\n{nav}"));
        at += found + 1;
    }
    assert!(
        nav.contains("epub:type=\"bodymatter\""),
        "a bodymatter landmark"
    );
}

#[test]
fn the_opf_has_accessibility_metadata_and_no_duplicate_ids() {
    let (epub, _) = built();
    let opf = zip_entry(epub, "OEBPS/content.opf");
    for property in [
        "dcterms:conformsTo",
        "schema:accessMode",
        "schema:accessModeSufficient",
        "schema:accessibilityFeature",
        "schema:accessibilityHazard",
        "schema:accessibilitySummary",
        "dcterms:modified",
    ] {
        assert!(
            opf.contains(&format!("property=\"{property}\"")),
            "{property} missing:\n{opf}"
        );
    }
    let mut ids: Vec<&str> = opf
        .split(" id=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap())
        .collect();
    let count = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), count, "duplicate ids in the OPF:\n{opf}");
    assert!(opf.contains("<dc:language>en</dc:language>"));
    // A text-only book: no visual access mode, no alternative text to claim, and no
    // certifier unless the manifest names one.
    for absent in ["visual", "alternativeText", "a11y:certifiedBy"] {
        assert!(!opf.contains(absent), "{absent} in:\n{opf}");
    }
    assert!(
        opf.contains("2023-11-14T22:13:20Z"),
        "modified date from SOURCE_DATE_EPOCH"
    );
    assert!(opf.contains("font/ttf"), "fonts embedded");
    // The sample has italics but no bold: only the faces it needs are embedded.
    let css = zip_entry(epub, "OEBPS/stylesheet.css");
    for face in ["Regular", "Italic"] {
        // Subset, so renamed: Gentium's licence reserves its name.
        let file = format!("fonts/FolioText-{face}.ttf");
        assert!(
            opf.contains(&file) && css.contains(&file),
            "{face} embedded"
        );
    }
    assert!(!opf.contains("-Bold"), "no bold face: {opf}");
}

#[test]
fn the_pdf_embeds_and_subsets_every_font() {
    let (_, pdf) = built();
    let Some(table) = pdffonts(pdf) else {
        return;
    };
    let rows: Vec<&str> = table.lines().skip(2).collect();
    assert!(rows.len() >= 2, "regular and italic at least:\n{table}");
    for row in rows {
        let columns: Vec<&str> = row.split_whitespace().collect();
        let n = columns.len();
        // name type... encoding emb sub uni object id
        assert_eq!(
            &columns[n - 5..n - 2],
            &["yes", "yes", "yes"],
            "embedded, subset, unicode: {row}"
        );
        assert!(
            columns[0].chars().nth(6) == Some('+'),
            "subset tag on {row}"
        );
    }
}

#[test]
fn the_pdf_holds_every_word_of_every_story_in_manifest_order() {
    let (_, pdf) = built();
    let Some(text) = pdf_text(pdf) else { return };
    assert!(text.contains("Valérie"), "accents intact");
    let pdf_words = words(&text);
    let mut at = 0;
    for (title, story) in story_texts() {
        let title_at = find_in_order(&pdf_words, &words(&title), at).unwrap();
        at = find_in_order(&pdf_words, &words(&story), title_at)
            .unwrap_or_else(|missing| panic!("`{missing}` of {title} missing or out of order"));
    }
}

#[test]
fn the_pdf_passes_qpdf_check() {
    let (_, pdf) = built();
    if !tool_available("qpdf", Command::new("qpdf").arg("--version")) {
        return;
    }
    let output = run("qpdf", &["--check", pdf.to_str().unwrap()]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
}

#[test]
fn the_pdf_has_page_labels_a_nested_outline_and_contents_links() {
    let (_, pdf) = built();
    let doc = lopdf::Document::load(pdf).unwrap();
    let catalog = doc.catalog().unwrap();
    let labels = catalog.get(b"PageLabels").unwrap();
    let labels = match labels {
        lopdf::Object::Reference(id) => doc.get_object(*id).unwrap(),
        other => other,
    };
    let nums = labels
        .as_dict()
        .unwrap()
        .get(b"Nums")
        .unwrap()
        .as_array()
        .unwrap();
    assert_eq!(nums.len(), 4, "a roman range and an arabic range: {nums:?}");
    let outlines = catalog.get(b"Outlines").unwrap().as_reference().unwrap();
    let outlines = doc.get_dictionary(outlines).unwrap();
    let mut item = doc
        .get_dictionary(outlines.get(b"First").unwrap().as_reference().unwrap())
        .unwrap();
    let mut nested = false;
    loop {
        nested |= item.has(b"First");
        match item.get(b"Next") {
            Ok(next) => item = doc.get_dictionary(next.as_reference().unwrap()).unwrap(),
            Err(_) => break,
        }
    }
    assert!(nested, "the stories sit under a parent outline item");
    let links = doc
        .objects
        .values()
        .filter(|o| {
            o.as_dict().is_ok_and(|d| {
                d.get(b"Subtype")
                    .is_ok_and(|s| s.as_name().is_ok_and(|n| n == b"Link"))
            })
        })
        .count();
    assert_eq!(
        links,
        story_texts().len() + listed_matter_in_pdf(),
        "one contents link per story and per prose section"
    );
}

/// Front and back matter that the PDF contents lists: titled prose and also-by pages
/// (the sample's front sections all follow its contents page).
fn listed_matter_in_pdf() -> usize {
    let manifest = std::fs::read_to_string(repo_root().join("book.toml")).unwrap();
    let value: toml::Table = manifest.parse().unwrap();
    let listed = [
        "foreword",
        "preface",
        "introduction",
        "afterword",
        "acknowledgments",
        "about-the-author",
        "also-by",
    ];
    ["front", "back"]
        .iter()
        .filter_map(|key| value.get(*key)?.as_array())
        .flatten()
        .filter(|item| {
            listed.contains(&item["kind"].as_str().unwrap())
                && item.get("only").and_then(|o| o.as_str()) != Some("epub")
        })
        .count()
}

#[test]
fn pages_render_to_png() {
    let (_, pdf) = built();
    if !tool_available(
        "pdftoppm (poppler-utils)",
        Command::new("pdftoppm").arg("-v"),
    ) {
        return;
    }
    let prefix = pdf.with_file_name("page");
    let output = run(
        "pdftoppm",
        &[
            "-r",
            "30",
            "-png",
            "-f",
            "1",
            "-l",
            "3",
            pdf.to_str().unwrap(),
            prefix.to_str().unwrap(),
        ],
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let pngs = std::fs::read_dir(pdf.parent().unwrap())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "png")
        })
        .count();
    assert_eq!(pngs, 3);
}
