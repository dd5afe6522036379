//! The full-wrap print cover (`[output.cover]` → `<slug>-cover.pdf`): its size from
//! the interior's page count and paper, its boxes, fonts, back text, barcode box
//! and spine, checked with PyMuPDF, pdffonts, pdftotext and qpdf.

use std::path::{Path, PathBuf};

use crate::common::*;

use crate::gen_corpus;

const BACK: &str = "back = \"\"\"\nThree women named *Valerie* meet in a harbour town.\n\n\
                    A small book of stories about names and weather.\n\"\"\"\n";

/// The sample with a cover image and `[output.cover]` (`table` added to it).
fn sample_with_cover(name: &str, table: &str) -> PathBuf {
    let book = sample_book_copy(name);
    std::fs::copy(
        repo_root().join("tests/fixtures/cover.jpg"),
        book.join("cover.jpg"),
    )
    .unwrap();
    let manifest = std::fs::read_to_string(book.join("book.toml")).unwrap();
    let manifest = manifest.replacen("[book]\n", "[book]\ncover = \"cover.jpg\"\n", 1);
    std::fs::write(
        book.join("book.toml"),
        format!("{manifest}\n[output.cover]\n{table}"),
    )
    .unwrap();
    book
}

/// The one page's size and boxes, its text with each line's box, its fonts, and
/// whether the barcode box (given in points from the top left) is white.
fn wrap(pdf: &Path, barcode: [f64; 4]) -> Option<serde_json::Value> {
    let script = format!(
        r#"
import json, sys, pymupdf
doc = pymupdf.open(sys.argv[1])
page = doc[0]
lines = []
for block in page.get_text("dict")["blocks"]:
    for line in block.get("lines", []):
        text = "".join(s["text"] for s in line["spans"])
        lines.append({{"text": text, "bbox": list(line["bbox"]), "dir": list(line["dir"])}})
x, y, w, h = {barcode:?}
pix = page.get_pixmap(dpi=72, clip=pymupdf.Rect(x + 1, y + 1, x + w - 1, y + h - 1))
white = all(v == 255 for v in pix.samples)
print(json.dumps({{
    "pages": len(doc), "media": list(page.mediabox), "trim": list(page.trimbox),
    "bleed": list(page.bleedbox), "lines": lines, "barcode_white": white,
}}))
"#
    );
    pymupdf_json(&script, pdf)
}

fn inches(v: f64) -> f64 {
    v * 72.0
}

fn page_count(pdf: &Path) -> usize {
    pdf_pages(pdf).map_or(0, |pages| pages.len())
}

#[test]
fn a_white_paper_cover_is_as_wide_as_two_covers_and_the_spine_with_its_back_text_and_a_clear_barcode_box(
) {
    let book = sample_with_cover("cover-white", &format!("paper = \"white\"\n{BACK}"));
    let out = book.join("out");
    let output = build(&book, &out, &[]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    // The fixture's 300 × 450 pixels on a 6.125 × 9.25 in panel are far under 300 ppi.
    assert!(stderr.contains("warning[cover-ppi]"), "{stderr}");
    assert!(stderr.contains("book.toml:"), "{stderr}");
    let interior = out.join("three-valeries.pdf");
    let cover = out.join("three-valeries-cover.pdf");
    assert!(cover.is_file() && interior.is_file());
    let pages = page_count(&interior);
    // 6 × 9 trim: the barcode box 2 × 1.2 in, 0.25 in from the spine and the bottom.
    let barcode = [
        inches(0.125 + 6.0 - 0.25 - 2.0),
        inches(0.125 + 9.0 - 0.25 - 1.2),
        inches(2.0),
        inches(1.2),
    ];
    let Some(found) = wrap(&cover, barcode) else {
        return;
    };
    assert!(pages > 0 && pages < 79, "{pages} pages");
    assert_eq!(found["pages"], 1);
    let media: Vec<f64> = serde_json::from_value(found["media"].clone()).unwrap();
    let width = inches(2.0 * 6.0 + pages as f64 * 0.002252 + 0.25);
    assert!((media[2] - width).abs() < 0.01, "{media:?} for {width}");
    assert!((media[3] - inches(9.25)).abs() < 0.01, "{media:?}");
    let trim: Vec<f64> = serde_json::from_value(found["trim"].clone()).unwrap();
    let bleed: Vec<f64> = serde_json::from_value(found["bleed"].clone()).unwrap();
    assert_eq!(bleed, media);
    let expected = [9.0, 9.0, media[2] - 9.0, media[3] - 9.0];
    for (got, want) in trim.iter().zip(expected) {
        assert!((got - want).abs() < 0.01, "{trim:?}");
    }
    // The back text is there, on the back panel, above the barcode box; no spine
    // text under 79 pages.
    let lines = found["lines"].as_array().unwrap();
    let text: String = lines
        .iter()
        .map(|l| l["text"].as_str().unwrap().to_string() + " ")
        .collect();
    assert!(text.contains("Three women named Valerie"), "{text}");
    for line in lines {
        let bbox: Vec<f64> = serde_json::from_value(line["bbox"].clone()).unwrap();
        assert!(bbox[2] < inches(6.125), "{line} is off the back");
        assert!(bbox[3] < barcode[1], "{line} reaches the barcode box");
        assert_eq!(line["dir"][1], 0.0, "{line} is turned");
    }
    assert_eq!(found["barcode_white"], true);
    if let Some(text) = pdf_text(&cover) {
        assert!(
            text.contains("A small book of stories"),
            "pdftotext: {text}"
        );
    }
    let fonts = run("pdffonts", &[cover.to_str().unwrap()]);
    if fonts.status.success() {
        let listing = String::from_utf8_lossy(&fonts.stdout);
        let rows: Vec<&str> = listing.lines().skip(2).collect();
        assert!(!rows.is_empty(), "{listing}");
        assert!(
            rows.iter().all(|row| row.contains(" yes yes ")),
            "{listing}"
        );
    }
    if let Some((clean, report)) = qpdf_check(&cover) {
        assert!(clean, "{report}");
    }
    // Reproducible; cream paper is thicker; `folio clean` takes the cover away.
    let again = book.join("again");
    build_ok(&book, &again, &["--cover"]);
    assert_eq!(
        std::fs::read(&cover).unwrap(),
        std::fs::read(again.join("three-valeries-cover.pdf")).unwrap()
    );
    let cream = book.join("cream");
    // A spine text asked for under 79 pages is left off, with a warning at its line.
    let output = build(
        &book,
        &cream,
        &[
            "--cover",
            "--set",
            "output.cover.paper=\"cream\"",
            "--set",
            "output.cover.spine=\"Words\"",
        ],
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(stderr.contains("warning[cover-spine]"), "{stderr}");
    assert!(stderr.contains("output.cover.spine"), "{stderr}");
    if let Some(found) = wrap(&cream.join("three-valeries-cover.pdf"), barcode) {
        let width = inches(2.0 * 6.0 + pages as f64 * 0.0025 + 0.25);
        assert!((found["media"][2].as_f64().unwrap() - width).abs() < 0.01);
        assert!(found["lines"]
            .as_array()
            .unwrap()
            .iter()
            .all(|l| l["dir"][1] == 0.0));
    }
    let cleaned = folio(&[
        "clean",
        book.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(cleaned.status.success());
    assert!(!cover.exists() && !interior.exists());
}

#[test]
fn a_kdp_book_of_79_pages_or_more_has_its_title_on_the_spine_and_a_front_without_image_shows_it() {
    // 5,000 words on a 5×8 trim in 24 pt type: about 100 pages, cheaply.
    let dir = scratch("cover-spine");
    let book = dir.join("book");
    gen_corpus::run(2, 2500, 7, "en", &book).unwrap();
    let manifest = std::fs::read_to_string(book.join("book.toml")).unwrap();
    let manifest = format!(
        "{manifest}\n[output.pdf]\ntrim = \"5x8\"\nprofile = \"kdp\"\nfont_size = 24.0\nleading = 30.0\n\
         [output.pdf.margins]\ntop = \"1.05in\"\nbottom = \"1.25in\"\ninner = \"0.5in\"\nouter = \"0.375in\"\n\n\
         [output.cover]\nspine = \"SPINE WORDS\"\nbackground = \"#1d2a3a\"\ncolor = \"#ffffff\"\n"
    );
    std::fs::write(book.join("book.toml"), manifest).unwrap();
    let out = dir.join("out");
    build_ok(&book, &out, &["--pdf", "--cover"]);
    let pdf = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().ends_with("-cover.pdf"))
        .unwrap();
    let interior = PathBuf::from(pdf.to_string_lossy().replace("-cover.pdf", ".pdf"));
    let pages = page_count(&interior);
    let Some(found) = wrap(
        &pdf,
        [inches(2.875), inches(6.675), inches(2.0), inches(1.2)],
    ) else {
        return;
    };
    assert!(pages >= 79, "{pages} pages: the test needs 79");
    // KDP's page count, made even by a blank verso, is the one the spine measures.
    assert_eq!(pages % 2, 0);
    let spine = pages as f64 * inches(0.002252);
    let width = found["media"][2].as_f64().unwrap();
    assert!((width - (inches(10.25) + spine)).abs() < 0.01, "{width}");
    let lines = found["lines"].as_array().unwrap();
    let on_spine = lines
        .iter()
        .find(|l| l["text"].as_str().unwrap().contains("SPINE WORDS"))
        .unwrap_or_else(|| panic!("no spine text in {lines:?}"));
    // Turned to run down the spine, inside it.
    assert_eq!(on_spine["dir"][1], 1.0, "{on_spine}");
    let bbox: Vec<f64> = serde_json::from_value(on_spine["bbox"].clone()).unwrap();
    let (left, right) = (inches(5.125), inches(5.125) + spine);
    assert!(
        bbox[0] >= left && bbox[2] <= right,
        "{bbox:?} outside {left}–{right}"
    );
    let middle = (bbox[1] + bbox[3]) / 2.0;
    assert!((middle - inches(4.125)).abs() < 1.0, "{bbox:?} not centred");
    // No image: the title is on the front panel.
    assert!(lines.iter().any(|l| {
        l["bbox"][0].as_f64().unwrap() > right && !l["text"].as_str().unwrap().is_empty()
    }));
    assert_eq!(found["barcode_white"], true);
}

#[test]
fn a_wrong_cover_setting_is_an_error_at_its_line() {
    let book = sample_with_cover("cover-bad", "paper = \"glossy\"\nbakc = \"x\"\n");
    let output = folio(&["check", book.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("bakc"), "{stderr}");
    let book = sample_with_cover("cover-bad-value", "paper = \"glossy\"\n");
    let output = folio(&["check", book.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    let lines = std::fs::read_to_string(book.join("book.toml")).unwrap();
    let line = lines.lines().position(|l| l.contains("glossy")).unwrap() + 1;
    assert!(stderr.contains("unknown paper `glossy`"), "{stderr}");
    assert!(stderr.contains(&format!("book.toml:{line}:")), "{stderr}");
    // The back text holds paragraphs only.
    let book = sample_with_cover("cover-bad-back", "back = \"# A heading\"\n");
    let output = folio(&["check", book.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("only paragraphs"), "{stderr}");
    let book = sample_with_cover(
        "cover-bad-note",
        "back = \"A note[^1].\\n\\n[^1]: Here.\"\n",
    );
    let output = folio(&["check", book.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("book.toml:"), "{stderr}");
}
