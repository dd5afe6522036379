//! Fallback fonts (`[fonts] fallback`): an English story with Greek (which the
//! body font, Gentium Book Plus, has), Japanese and Arabic words (which it lacks:
//! IPA Mincho and Noto Naskh Arabic draw them). One book, built once; its PDF and EPUB are checked with
//! pdftotext, PyMuPDF, pdffonts, qpdf and EPUBCheck. The fonts come from Debian's
//! `fonts-ipafont-mincho` and `fonts-noto-core` (CI installs them), copied into a
//! scratch book, never committed.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::common::*;

const IPA_MINCHO: &str = "/usr/share/fonts/opentype/ipafont-mincho/ipam.ttf";
const NOTO_NASKH: &str = "/usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf";

const STORY: &str = "# Elsewhere\n\n\
She wrote λόγος in Greek, then 東京 and ひらがな in Japanese, and **カタカナ** too, \
the Arabic سلام (peace), and *漢字* near the end of a sentence long enough to run \
over a line or two of the page.\n\n\
A second paragraph, in English only, after the words from elsewhere.\n";

/// A book of the sample's fonts, IPA Mincho (one file named after its family, with
/// its licence beside it) and Noto Naskh Arabic as fallbacks.
fn book(name: &str, story: &str) -> Option<PathBuf> {
    let ipa = system_font(IPA_MINCHO, "fonts-ipafont-mincho")?;
    let naskh = system_font(NOTO_NASKH, "fonts-noto-core")?;
    let book = scratch(name);
    let fonts = book.join("fonts");
    std::fs::create_dir_all(&fonts).unwrap();
    std::fs::create_dir_all(book.join("stories")).unwrap();
    for entry in std::fs::read_dir(repo_root().join("fonts")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, fonts.join(path.file_name().unwrap())).unwrap();
    }
    std::fs::copy(ipa, fonts.join("IPAMincho.ttf")).unwrap();
    // The licences as the families' own files: IPA's allows embedding part of the
    // font in a document, the OFL subsetting.
    std::fs::write(
        fonts.join("IPAMincho-LICENSE.txt"),
        "IPA Font License Agreement v1.0 (https://moji.or.jp/ipafont/license/)\n",
    )
    .unwrap();
    std::fs::copy(naskh, fonts.join("NotoNaskhArabic-Regular.ttf")).unwrap();
    std::fs::write(
        fonts.join("NotoNaskhArabic-OFL.txt"),
        "This Font Software is licensed under the SIL Open Font License, Version 1.1.\n",
    )
    .unwrap();
    std::fs::write(
        book.join("book.toml"),
        "[book]\ntitle = \"Words from Elsewhere\"\nauthors = [\"A. Writer\"]\nlanguage = \"en\"\n\n\
         [fonts]\nfallback = [\"IPAMincho\", \"NotoNaskhArabic\"]\n\n\
         [[stories]]\nfile = \"stories/one.md\"\n",
    )
    .unwrap();
    std::fs::write(book.join("stories/one.md"), story).unwrap();
    Some(book)
}

/// The book built once: (PDF, EPUB), or None when the fonts are missing.
fn built() -> Option<&'static (PathBuf, PathBuf)> {
    static BUILT: OnceLock<Option<(PathBuf, PathBuf)>> = OnceLock::new();
    BUILT
        .get_or_init(|| {
            let book = book("fallback", STORY)?;
            let out = book.join("out");
            build_ok(&book, &out, &[]);
            let stem = "words-from-elsewhere";
            Some((
                out.join(format!("{stem}.pdf")),
                out.join(format!("{stem}.epub")),
            ))
        })
        .as_ref()
}

#[test]
fn every_word_is_in_the_pdf_text_and_each_script_in_its_font() {
    let Some((pdf, _)) = built() else { return };
    let Some(text) = pdf_text(pdf) else { return };
    // The Arabic word in logical order (its glyphs are drawn right to left).
    for word in [
        "λόγος",
        "東京",
        "ひらがな",
        "カタカナ",
        "漢字",
        "سلام",
        "elsewhere",
    ] {
        assert!(text.contains(word), "{word} missing from:\n{text}");
    }
    assert!(!text.contains("مالس"), "{text}");
    // Which font draws each word: Greek from the body font, which has it.
    const SCRIPT: &str = r#"
import json, sys, pymupdf
spans = []
for page in pymupdf.open(sys.argv[1]):
    for block in page.get_text("dict")["blocks"]:
        for line in block.get("lines", []):
            spans += [[s["text"], s["font"]] for s in line["spans"]]
print(json.dumps(spans))
"#;
    let Some(spans) = pymupdf_json(SCRIPT, pdf) else {
        return;
    };
    let font_of = |word: &str| -> String {
        let span = spans
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s[0].as_str().unwrap().contains(word))
            .unwrap_or_else(|| panic!("no span holds {word}: {spans}"));
        span[1].as_str().unwrap().to_string()
    };
    assert!(font_of("λόγος").contains("GentiumBookPlus"), "{spans}");
    for word in ["東京", "ひらがな", "カタカナ", "漢字"] {
        assert!(font_of(word).contains("IPAMincho"), "{word}: {spans}");
    }
    // MuPDF too reads the Arabic word in logical order, in its font.
    assert!(font_of("سلام").contains("NotoNaskhArabic"), "{spans}");
}

#[test]
fn each_fallback_used_is_embedded_as_one_subset_and_the_pdf_is_clean() {
    let Some((pdf, _)) = built() else { return };
    let Some(table) = pdffonts(pdf) else {
        return;
    };
    let rows: Vec<&str> = table.lines().skip(2).collect();
    let ipa: Vec<&&str> = rows.iter().filter(|r| r.contains("+IPAMincho")).collect();
    // Regular, bold and italic words in Japanese: the family's one face, once.
    assert_eq!(ipa.len(), 1, "{table}");
    let naskh = rows
        .iter()
        .filter(|r| r.contains("+NotoNaskhArabic"))
        .count();
    assert_eq!(naskh, 1, "{table}");
    for row in rows {
        let columns: Vec<&str> = row.split_whitespace().collect();
        let n = columns.len();
        assert_eq!(&columns[n - 5..n - 2], &["yes", "yes", "yes"], "{row}");
    }
    if let Some((ok, report)) = qpdf_check(pdf) {
        assert!(ok, "{report}");
    }
}

#[test]
fn the_epub_names_the_fallbacks_in_its_css_and_embeds_them_subset() {
    let Some((_, epub)) = built() else { return };
    let css = zip_entry(epub, "OEBPS/stylesheet.css");
    // (Gentium's subset is renamed: its licence reserves the name.)
    assert!(
        css.contains(
            "body { font-family: \"Folio Text\", \"IPAMincho\", \"NotoNaskhArabic\", serif;"
        ),
        "{css}"
    );
    for file in [
        "fallback1-IPAMincho.ttf",
        "fallback2-NotoNaskhArabic-Regular.ttf",
    ] {
        assert!(
            css.contains(&format!("src: url(\"fonts/{file}\")")),
            "{file}: {css}"
        );
    }
    // Subset: IPA Mincho is 8 MB whole; its glyphs not drawn are emptied.
    let file = std::fs::File::open(epub).unwrap();
    let mut archive = zip::ZipArchive::new(file).unwrap();
    let ipa = archive
        .by_name("OEBPS/fonts/fallback1-IPAMincho.ttf")
        .unwrap();
    assert!(ipa.size() < 2_000_000, "{} bytes", ipa.size());
    drop(ipa);
    if let Some((errors, warnings, report)) = epubcheck(epub) {
        assert_eq!((errors, warnings), (0, 0), "{report}");
    }
}

#[test]
fn a_character_no_font_has_is_an_error_naming_every_font_tried() {
    let Some(book) = book("fallback-missing", "# One\n\nA face: \u{1F600}.\n") else {
        return;
    };
    let output = build(&book, &book.join("out"), &[]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(
            "error[missing-glyph]: the fonts tried (`GentiumBookPlus`, `IPAMincho`, `NotoNaskhArabic`) have no glyph for '\u{1F600}'"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("stories/one.md:3:"), "{stderr}");
}

#[test]
fn a_fallback_not_in_fonts_is_an_error_at_its_place_in_the_manifest() {
    let Some(book) = book("fallback-unknown", "# One\n\nText.\n") else {
        return;
    };
    let manifest = std::fs::read_to_string(book.join("book.toml")).unwrap();
    let manifest = manifest.replace("\"NotoNaskhArabic\"", "\"NotoSerifCJK\"");
    std::fs::write(book.join("book.toml"), manifest).unwrap();
    let output = build(&book, &book.join("out"), &[]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("fallback family `NotoSerifCJK`"),
        "{stderr}"
    );
    assert!(stderr.contains("book.toml:7:26"), "{stderr}");
    assert!(!Path::new(&book.join("out")).exists());
}
