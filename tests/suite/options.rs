//! Every documented `[output.pdf]` option and behaviour changes a real build the way
//! the README says: each test builds through the command line (so the manifest's
//! reading of the key is under test too) and measures the PDF with PyMuPDF.

use std::path::{Path, PathBuf};

use crate::common::*;

/// Builds `book` with `--set` overrides and returns the PDF's pages.
fn pdf_with(book: &Path, name: &str, sets: &[&str]) -> Option<Vec<PdfPage>> {
    let out = book.join(format!("out-{name}"));
    let mut args = vec!["--pdf"];
    for set in sets {
        args.extend(["--set", set]);
    }
    build_ok(book, &out, &args);
    let pdf = std::fs::read_dir(&out)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.extension().is_some_and(|x| x == "pdf"))
        .expect("a PDF");
    pdf_pages(&pdf)
}

#[test]
fn every_trim_preset_custom_trim_and_unit_sets_the_page_within_a_tenth_of_a_point() {
    let book = sample_book_copy("trim");
    let cases: &[(&str, f64, f64)] = &[
        ("\"5x8\"", 360.0, 576.0),
        ("\"5.25x8\"", 378.0, 576.0),
        ("\"5.5x8.5\"", 396.0, 612.0),
        ("\"6x9\"", 432.0, 648.0),
        ("\"a5\"", 419.53, 595.28),
        ("{ width = \"12cm\", height = \"190mm\" }", 340.157, 538.583),
        ("{ width = \"300pt\", height = \"7.5in\" }", 300.0, 540.0),
    ];
    for (index, (trim, width, height)) in cases.iter().enumerate() {
        let set = format!("output.pdf.trim={trim}");
        let Some(pages) = pdf_with(&book, &format!("trim{index}"), &[&set]) else {
            return;
        };
        for page in &pages {
            assert!(
                (page.width - width).abs() < 0.1 && (page.height - height).abs() < 0.1,
                "trim {trim}: page is {}×{}, expected {width}×{height}",
                page.width,
                page.height
            );
        }
    }
}

/// The smallest left edge of the text on full body pages: rectos (odd pages) and
/// versos apart. Lines at the margin start exactly there; indents only add.
fn left_edges(pages: &[PdfPage]) -> (f64, f64) {
    let (mut recto, mut verso) = (f64::MAX, f64::MAX);
    for (index, page) in pages.iter().enumerate() {
        if page.lines.len() < 10 {
            continue; // matter and part-filled pages: centred or short
        }
        let edge = page.lines.iter().map(|l| l.x0).fold(f64::MAX, f64::min);
        if index % 2 == 0 {
            recto = recto.min(edge);
        } else {
            verso = verso.min(edge);
        }
    }
    (recto, verso)
}

#[test]
fn margins_in_every_unit_move_the_text_block_mirrored_for_the_gutter() {
    let book = sample_book_copy("margins");
    let cases: &[(&str, &str, f64, f64)] = &[
        ("\"2.5cm\"", "\"15mm\"", 70.866, 42.520),
        ("\"1in\"", "\"36pt\"", 72.0, 36.0),
    ];
    for (index, (inner, outer, inner_pt, outer_pt)) in cases.iter().enumerate() {
        let sets = [
            format!("output.pdf.margins.inner={inner}"),
            format!("output.pdf.margins.outer={outer}"),
        ];
        let sets: Vec<&str> = sets.iter().map(String::as_str).collect();
        let Some(pages) = pdf_with(&book, &format!("margins{index}"), &sets) else {
            return;
        };
        let (recto, verso) = left_edges(&pages);
        assert!(
            (recto - inner_pt).abs() < 0.1,
            "inner {inner}: rectos' text starts at {recto} pt, expected {inner_pt}"
        );
        let width = pages[0].width;
        assert!(
            (verso - outer_pt).abs() < 0.1,
            "outer {outer}: versos' text starts at {verso} pt, expected {outer_pt} (page {width} pt wide)"
        );
    }
}

/// Lines of full body pages that are not a paragraph's last line (those end short
/// in both settings): every line but the one before a gap or an indented line.
fn inner_line_ends(pages: &[PdfPage]) -> Vec<f64> {
    let mut ends = Vec::new();
    for page in pages.iter().filter(|p| p.lines.len() >= 20) {
        let margin = page.lines.iter().map(|l| l.x0).fold(f64::MAX, f64::min);
        let body: Vec<&PdfLine> = page.lines.iter().filter(|l| l.x1 - l.x0 > 100.0).collect();
        for pair in body.windows(2) {
            let next_is_indented = pair[1].x0 > margin + 1.0;
            if !next_is_indented {
                ends.push(pair[0].x1);
            }
        }
    }
    ends
}

/// The share of lines ending within 0.5 pt of the most common right edge.
fn share_at_measure(ends: &[f64]) -> f64 {
    let measure = ends.iter().copied().fold(0.0, f64::max);
    let at = ends.iter().filter(|&&x| (measure - x) < 0.5).count();
    at as f64 / ends.len() as f64
}

#[test]
fn justify_false_sets_ragged_right_and_hyphenate_false_breaks_no_word() {
    let book = sample_book_copy("justify");
    let Some(justified) = pdf_with(&book, "justified", &[]) else {
        return;
    };
    let ends = inner_line_ends(&justified);
    assert!(ends.len() > 60, "lines measured: {}", ends.len());
    // Rectos and versos share the measure's width, not its edge: measure per parity.
    let recto: Vec<f64> = recto_ends(&justified);
    assert!(
        share_at_measure(&recto) > 0.95,
        "justified lines end at the measure: {:.2}",
        share_at_measure(&recto)
    );
    let hyphenated = |pages: &[PdfPage]| {
        pages
            .iter()
            .flat_map(|p| &p.lines)
            .filter(|l| l.text.trim_end().ends_with('-'))
            .count()
    };
    assert!(
        hyphenated(&justified) > 0,
        "the sample hyphenates by default"
    );

    let Some(ragged) = pdf_with(&book, "ragged", &["output.pdf.justify=false"]) else {
        return;
    };
    let recto = recto_ends(&ragged);
    assert!(
        share_at_measure(&recto) < 0.5,
        "ragged lines end where their words do: {:.2} at the measure",
        share_at_measure(&recto)
    );

    let Some(unhyphenated) = pdf_with(&book, "nohyphen", &["output.pdf.hyphenate=false"]) else {
        return;
    };
    assert_eq!(hyphenated(&unhyphenated), 0, "no word broken at a line end");
}

fn recto_ends(pages: &[PdfPage]) -> Vec<f64> {
    let rectos: Vec<PdfPage> = pages
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let mut p = p.clone();
            if i % 2 == 1 {
                p.lines.clear();
            }
            p
        })
        .collect();
    inner_line_ends(&rectos)
}

/// A book where page breaks fall on paragraphs' first and last lines unless the
/// page breaker prevents it: paragraphs of 2 to 9 lines, each opened by `S<n>` and
/// closed by `E<n>` so a page's first and last lines say which paragraph they hold.
fn widow_book() -> PathBuf {
    let dir = scratch("widows");
    std::fs::create_dir_all(dir.join("stories")).unwrap();
    std::fs::write(
        dir.join("book.toml"),
        "[book]\ntitle = \"Control\"\nlanguage = \"en\"\nauthors = [\"Nobody\"]\n\n\
         [[stories]]\nfile = \"stories/long.md\"\ntitle = \"Breaks\"\n\n\
         [output.pdf]\ntrim = \"5x8\"\n",
    )
    .unwrap();
    std::fs::create_dir_all(dir.join("fonts")).unwrap();
    for entry in std::fs::read_dir(repo_root().join("fonts")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.join("fonts").join(path.file_name().unwrap())).unwrap();
    }
    let words = [
        "the", "river", "ran", "under", "a", "low", "bridge", "where", "boys", "fished", "all",
        "summer", "long", "and", "nobody", "asked", "them", "why", "they", "stayed",
    ];
    let mut seed: u64 = 7;
    let mut text = String::new();
    for n in 0..220 {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let length = 14 + (seed >> 33) % 80;
        text.push_str(&format!("S{n}"));
        for i in 0..length {
            text.push(' ');
            text.push_str(words[((seed >> 20) as usize + i as usize * 7) % words.len()]);
        }
        text.push_str(&format!(" E{n}.\n\n"));
    }
    std::fs::write(dir.join("stories/long.md"), text).unwrap();
    dir
}

/// Widows (a paragraph's last line alone at a page's top) and orphans (its first
/// line alone at a page's foot), read from the markers.
fn widows_and_orphans(pages: &[PdfPage]) -> (usize, usize) {
    let marker = |line: &PdfLine, letter: char| {
        line.text
            .split(|c: char| c.is_whitespace() || c == '.')
            .any(|w| {
                w.starts_with(letter) && w.len() > 1 && w[1..].bytes().all(|b| b.is_ascii_digit())
            })
    };
    let (mut widows, mut orphans) = (0, 0);
    for page in pages {
        let body: Vec<&PdfLine> = page
            .lines
            .iter()
            .filter(|l| l.text.split_whitespace().count() > 2)
            .collect();
        let (Some(first), Some(last)) = (body.first(), body.last()) else {
            continue;
        };
        if body.len() > 1 && marker(first, 'E') && !marker(first, 'S') {
            widows += 1;
        }
        if body.len() > 1 && marker(last, 'S') && !marker(last, 'E') {
            orphans += 1;
        }
    }
    (widows, orphans)
}

#[test]
fn widow_and_orphan_control_keeps_paragraph_ends_together_and_can_be_turned_off() {
    let book = widow_book();
    let Some(controlled) = pdf_with(&book, "controlled", &[]) else {
        return;
    };
    assert!(controlled.len() > 20, "pages: {}", controlled.len());
    assert_eq!(widows_and_orphans(&controlled), (0, 0), "widows, orphans");

    let Some(free) = pdf_with(&book, "free", &["output.pdf.widow_orphan_control=false"]) else {
        return;
    };
    let (widows, orphans) = widows_and_orphans(&free);
    assert!(
        widows + orphans > 0,
        "without control this book has widows or orphans; the setting did nothing"
    );
}

fn roman(mut n: usize) -> String {
    let table = [(10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")];
    let mut text = String::new();
    for (value, letters) in table {
        while n >= value {
            text.push_str(letters);
            n -= value;
        }
    }
    text
}

#[test]
fn page_labels_run_roman_through_the_front_matter_and_from_1_at_the_first_story() {
    let book = sample_book_copy("labels");
    let Some(pages) = pdf_with(&book, "labels", &[]) else {
        return;
    };
    // The first story opens on the first page holding its first words.
    let opening = "Valérie Mastroianni was a name whispered";
    let first_story = pages
        .iter()
        .position(|p| p.lines.iter().any(|l| l.text.contains(opening)))
        .expect("the first story's first words");
    for (index, page) in pages.iter().enumerate() {
        let expected = if index < first_story {
            roman(index + 1)
        } else {
            (index - first_story + 1).to_string()
        };
        assert_eq!(page.label, expected, "label of page {}", index + 1);
        // The folio printed at the foot, when the page has one, is its label.
        if let Some(foot) = page.lines.last() {
            let folio = foot.text.trim();
            let is_folio = !folio.is_empty()
                && (folio.bytes().all(|b| b.is_ascii_digit())
                    || folio.chars().all(|c| "ivxlc".contains(c)));
            if is_folio {
                assert_eq!(folio, expected, "printed folio of page {}", index + 1);
            }
        }
    }
}

/// The names of the files in a zip archive.
fn zip_names(archive: &Path) -> Vec<String> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(archive).unwrap()).unwrap();
    (0..zip.len())
        .map(|i| zip.by_index(i).unwrap().name().to_string())
        .collect()
}

#[test]
fn embed_fonts_false_leaves_the_fonts_out_of_the_epub() {
    let book = sample_book_copy("no-embed");
    let out = book.join("out");
    build_ok(&book, &out, &["--epub"]);
    let epub = out.join("three-valeries.epub");
    let fonts = |names: &[String]| names.iter().filter(|n| n.ends_with(".ttf")).count();
    assert!(fonts(&zip_names(&epub)) > 0, "embedded by default");
    build_ok(
        &book,
        &out,
        &["--epub", "--set", "output.epub.embed_fonts=false"],
    );
    let names = zip_names(&epub);
    assert_eq!(fonts(&names), 0, "{names:?}");
    let opf = zip_entry(&epub, "OEBPS/content.opf");
    assert!(!opf.contains("font/") && !opf.contains(".ttf"), "{opf}");
    for name in names.iter().filter(|n| n.ends_with(".css")) {
        assert!(!zip_entry(&epub, name).contains("@font-face"), "{name}");
    }
    if let Some((errors, warnings, report)) = epubcheck(&epub) {
        assert_eq!((errors, warnings), (0, 0), "{report}");
    }
}

#[test]
fn small_caps_lead_in_sets_the_first_words_as_smaller_capitals_in_the_pdf() {
    let book = sample_book_copy("small-caps");
    let Some(plain) = pdf_with(&book, "plain", &[]) else {
        return;
    };
    let Some(caps) = pdf_with(&book, "caps", &["typography.lead_in=\"small-caps\""]) else {
        return;
    };
    let opening = |pages: &[PdfPage]| -> Option<(String, f64)> {
        pages.iter().flat_map(|p| &p.lines).find_map(|l| {
            l.text
                .to_lowercase()
                .contains("mastroianni was a name")
                .then(|| (l.text.clone(), l.y1 - l.y0))
        })
    };
    let (plain_line, _) = opening(&plain).expect("the first story's first line");
    assert!(
        plain_line.contains("Valérie Mastroianni was"),
        "{plain_line}"
    );
    let (caps_line, _) = opening(&caps).expect("the first story's first line");
    assert!(
        caps_line.contains("VALÉRIE MASTROIANNI"),
        "the lead-in is in capitals: {caps_line}"
    );
}

#[test]
fn a_book_without_front_or_back_gets_a_title_page_contents_and_colophon() {
    let book = sample_book_copy("default-matter");
    let manifest = std::fs::read_to_string(book.join("book.toml")).unwrap();
    // Drop every [[front]] and [[back]] table: from its header to the next header.
    let mut kept = String::new();
    let mut skipping = false;
    for line in manifest.lines() {
        if line.starts_with('[') {
            skipping = line == "[[front]]" || line == "[[back]]";
        }
        if !skipping {
            kept.push_str(line);
            kept.push('\n');
        }
    }
    std::fs::write(book.join("book.toml"), kept).unwrap();
    let out = book.join("out");
    build_ok(&book, &out, &[]);
    let epub = out.join("three-valeries.epub");
    let opf = zip_entry(&epub, "OEBPS/content.opf");
    let names = zip_names(&epub);
    let documents: Vec<&String> = names.iter().filter(|n| n.ends_with(".xhtml")).collect();
    let expected = [
        "OEBPS/titlepage.xhtml",
        "OEBPS/contents.xhtml",
        "OEBPS/story-001.xhtml",
        "OEBPS/story-002.xhtml",
        "OEBPS/story-003.xhtml",
        "OEBPS/colophon.xhtml",
    ];
    let spine: Vec<&str> = documents
        .iter()
        .map(|d| d.as_str())
        .filter(|d| !d.ends_with("nav.xhtml"))
        .collect();
    assert_eq!(spine, expected);
    for (document, at) in [
        ("titlepage.xhtml", 0),
        ("colophon.xhtml", expected.len() - 1),
    ] {
        let idref = opf
            .match_indices("<itemref idref=\"")
            .nth(at)
            .map(|(i, _)| &opf[i..i + 60])
            .unwrap_or_default();
        assert!(
            idref.contains(document.trim_end_matches(".xhtml")),
            "{document} at place {at} in the spine: {idref}"
        );
    }
    let Some(pages) = pdf_pages(&out.join("three-valeries.pdf")) else {
        return;
    };
    let page_text: Vec<String> = pages
        .iter()
        .map(|p| {
            p.lines
                .iter()
                .map(|l| l.text.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    assert!(
        page_text[0].contains("Three Valéries"),
        "title page first: {}",
        page_text[0]
    );
    assert!(
        page_text.iter().any(|t| t.contains("Contents")),
        "a contents page"
    );
    assert!(
        page_text.last().unwrap().contains("Gentium Book Plus"),
        "the colophon last: {}",
        page_text.last().unwrap()
    );
}
