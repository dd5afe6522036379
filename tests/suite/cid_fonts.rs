//! CID-keyed CFF fonts (the Noto CJK and Source Han OpenType fonts), whose glyphs a
//! PDF viewer finds through their CIDs (the CFF charset), not their glyph numbers:
//! the content stream must write each glyph's CID, or the text draws garbled or
//! not at all while still extracting right. Two books, each built once:
//! - the tiny fixture `tests/fixtures/cid-keyed.otf` (its charset is not identity:
//!   `A` is glyph 2 but CID 901) as the body's bold face: needs no system font;
//! - Noto Sans Mono CJK JP, face 5 of Debian's `NotoSansCJK-Regular.ttc`
//!   (`fonts-noto-cjk`, CI installs it), as a fallback `{ family, index = 5 }`:
//!   a real collection, and a face other than the first, so the face number must
//!   reach the shaper, both subsetters and the name table. Copied into a scratch
//!   book, never committed, never embedded whole (20 MB).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::common::*;
use rustybuzz::ttf_parser::{self, GlyphId};

const NOTO_CJK: &str = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";
/// Noto Sans Mono CJK JP in that collection (0 to 4: the proportional JP, KR, SC,
/// TC, HK faces; 5 to 9 the monospaced ones).
const FACE: u32 = 5;

/// The Japanese of the story, in reading order: the characters the fallback draws.
const JAPANESE: [&str; 6] = [
    "東京",
    "ひらがな",
    "カタカナ",
    "漢字",
    "日本語の文章。",
    "読む",
];

const STORY: &str = "# Tokyo\n\n\
She wrote 東京 and ひらがな in Japanese, and **カタカナ** too, and *漢字* near the end \
of a sentence long enough to run over a line of the page.\n\n\
A second paragraph, in English, then 日本語の文章。 And a third word: 読む, to read.\n";

fn copy_sample_fonts(fonts: &Path) {
    std::fs::create_dir_all(fonts).unwrap();
    for entry in std::fs::read_dir(repo_root().join("fonts")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, fonts.join(path.file_name().unwrap())).unwrap();
    }
}

/// A scratch book with the sample fonts and the Noto CJK collection in fonts/, or
/// None when the collection is not installed (after the loud notice).
fn book_with_noto(name: &str) -> Option<PathBuf> {
    let ttc = system_font(NOTO_CJK, "fonts-noto-cjk")?;
    let book = scratch(name);
    let fonts = book.join("fonts");
    copy_sample_fonts(&fonts);
    // A hard link where the file system allows: the collection is 20 MB.
    if std::fs::hard_link(&ttc, fonts.join("NotoSansCJK.ttc")).is_err() {
        std::fs::copy(&ttc, fonts.join("NotoSansCJK.ttc")).unwrap();
    }
    Some(book)
}

fn write_book(book: &Path, title: &str, fonts_table: &str, story: &str) {
    std::fs::create_dir_all(book.join("stories")).unwrap();
    std::fs::write(
        book.join("book.toml"),
        format!(
            "[book]\ntitle = \"{title}\"\nauthors = [\"A. Writer\"]\nlanguage = \"en\"\n\n\
             {fonts_table}\
             [[stories]]\nfile = \"stories/one.md\"\n"
        ),
    )
    .unwrap();
    std::fs::write(book.join("stories/one.md"), story).unwrap();
}

/// The Noto book built once: (PDF, EPUB), or None when the font is missing.
fn noto_built() -> Option<&'static (PathBuf, PathBuf)> {
    static BUILT: OnceLock<Option<(PathBuf, PathBuf)>> = OnceLock::new();
    BUILT
        .get_or_init(|| {
            let book = book_with_noto("cid-noto")?;
            std::fs::write(
                book.join("fonts/NotoSansCJK-OFL.txt"),
                "This Font Software is licensed under the SIL Open Font License, Version 1.1.\n",
            )
            .unwrap();
            write_book(
                &book,
                "Tokyo Words",
                &format!(
                    "[fonts]\nfallback = [{{ family = \"NotoSansCJK\", index = {FACE} }}]\n\n"
                ),
                STORY,
            );
            let out = book.join("out");
            build_ok(&book, &out, &[]);
            Some((out.join("tokyo-words.pdf"), out.join("tokyo-words.epub")))
        })
        .as_ref()
}

/// The fixture book built once: its PDF.
fn fixture_built() -> &'static PathBuf {
    static BUILT: OnceLock<PathBuf> = OnceLock::new();
    BUILT.get_or_init(|| {
        let book = scratch("cid-fixture");
        copy_sample_fonts(&book.join("fonts"));
        std::fs::copy(
            repo_root().join("tests/fixtures/cid-keyed.otf"),
            book.join("fonts/GentiumBookPlus-Bold.otf"),
        )
        .unwrap();
        std::fs::remove_file(book.join("fonts/GentiumBookPlus-Bold.ttf")).unwrap();
        write_book(
            &book,
            "Letters",
            "",
            "# One\n\nPlain words, then **ABBA CAFE** in the bold face.\n",
        );
        let out = book.join("out");
        build_ok(&book, &out, &["--pdf"]);
        out.join("letters.pdf")
    })
}

/// The codes the content streams draw in the font whose /BaseFont ends with
/// `name`, in page and stream order, and that font's embedded program, which must
/// be a bare CID-keyed CFF (`/FontFile3 /Subtype /CIDFontType0C`).
fn codes_and_program(pdf: &Path, name: &str) -> (Vec<u16>, Vec<u8>) {
    let doc = lopdf::Document::load(pdf).unwrap();
    let mut codes = Vec::new();
    let mut program = None;
    for page in doc.get_pages().into_values() {
        let fonts = doc.get_page_fonts(page).unwrap();
        let Some((resource, font)) = fonts.iter().find(|(_, f)| {
            f.get(b"BaseFont")
                .and_then(|b| b.as_name())
                .is_ok_and(|b| String::from_utf8_lossy(b).ends_with(name))
        }) else {
            continue;
        };
        if program.is_none() {
            let (_, descendants) = doc
                .dereference(font.get(b"DescendantFonts").unwrap())
                .unwrap();
            let (_, cid_font) = doc
                .dereference(&descendants.as_array().unwrap()[0])
                .unwrap();
            let cid_font = cid_font.as_dict().unwrap();
            assert_eq!(
                cid_font.get(b"Subtype").unwrap().as_name().unwrap(),
                b"CIDFontType0"
            );
            let (_, descriptor) = doc
                .dereference(cid_font.get(b"FontDescriptor").unwrap())
                .unwrap();
            let (_, file) = doc
                .dereference(descriptor.as_dict().unwrap().get(b"FontFile3").unwrap())
                .unwrap();
            let stream = file.as_stream().unwrap();
            assert_eq!(
                stream.dict.get(b"Subtype").unwrap().as_name().unwrap(),
                b"CIDFontType0C"
            );
            program = Some(
                stream
                    .decompressed_content()
                    .unwrap_or_else(|_| stream.content.clone()),
            );
        }
        let content = doc.get_and_decode_page_content(page).unwrap();
        let mut current = false;
        for op in &content.operations {
            match op.operator.as_str() {
                "Tf" => current = op.operands[0].as_name().unwrap() == resource.as_slice(),
                "TJ" | "Tj" if current => {
                    let strings: Vec<&lopdf::Object> = match &op.operands[0] {
                        lopdf::Object::Array(items) => items.iter().collect(),
                        other => vec![other],
                    };
                    for s in strings {
                        if let Ok(bytes) = s.as_str() {
                            codes.extend(bytes.chunks(2).map(|c| u16::from_be_bytes([c[0], c[1]])));
                        }
                    }
                }
                _ => {}
            }
        }
    }
    (
        codes,
        program.unwrap_or_else(|| panic!("no font {name} in {}", pdf.display())),
    )
}

struct NoPen;
impl ttf_parser::OutlineBuilder for NoPen {
    fn move_to(&mut self, _: f32, _: f32) {}
    fn line_to(&mut self, _: f32, _: f32) {}
    fn quad_to(&mut self, _: f32, _: f32, _: f32, _: f32) {}
    fn curve_to(&mut self, _: f32, _: f32, _: f32, _: f32, _: f32, _: f32) {}
    fn close(&mut self) {}
}

/// Each code drawn is the CID of the glyph the original face maps `text`'s
/// characters to (in order), and the embedded subset's glyph of that CID has that
/// glyph's outline (its bounding box): the viewer draws the font's own glyphs.
fn assert_draws_the_fonts_own_glyphs(
    codes: &[u16],
    program: &[u8],
    original: &[u8],
    index: u32,
    text: &str,
) {
    let face = ttf_parser::Face::parse(original, index).unwrap();
    let cff = face.tables().cff.unwrap();
    let subset = ttf_parser::cff::Table::parse(program).expect("the embedded CFF parses");
    assert!(
        subset.number_of_glyphs() < 200,
        "{} glyphs: not a subset",
        subset.number_of_glyphs()
    );
    let by_cid: std::collections::BTreeMap<u16, GlyphId> = (0..subset.number_of_glyphs())
        .map(GlyphId)
        .filter_map(|g| subset.glyph_cid(g).map(|cid| (cid, g)))
        .collect();
    let expected: Vec<(char, GlyphId, u16)> = text
        .chars()
        .map(|c| {
            let g = face
                .glyph_index(c)
                .unwrap_or_else(|| panic!("{c} not in the face"));
            (c, g, cff.glyph_cid(g).unwrap())
        })
        .collect();
    // (Spaces in a face's run are drawn in it.)
    let wanted: Vec<u16> = expected.iter().map(|e| e.2).collect();
    assert_eq!(codes, wanted, "codes drawn vs the CIDs of {text}");
    for (c, g, cid) in expected {
        let drawn = by_cid
            .get(&cid)
            .unwrap_or_else(|| panic!("CID {cid} ({c}) not in the subset"));
        // (A space has no outline in either.)
        let bounds = |b: ttf_parser::Rect| (b.x_min, b.y_min, b.x_max, b.y_max);
        assert_eq!(
            subset.outline(*drawn, &mut NoPen).ok().map(bounds),
            face.glyph_bounding_box(g).map(bounds),
            "{c}: the subset's glyph for CID {cid} is not the original's"
        );
    }
}

#[test]
fn a_cid_keyed_face_whose_cids_are_not_its_glyph_numbers_draws_its_own_glyphs() {
    let pdf = fixture_built();
    let fixture = std::fs::read(repo_root().join("tests/fixtures/cid-keyed.otf")).unwrap();
    // (The fixture has no PostScript name: the PDF names it after its file.)
    let (codes, program) = codes_and_program(pdf, "+GentiumBookPlus-Bold");
    assert_draws_the_fonts_own_glyphs(&codes, &program, &fixture, 0, " ABBA CAFE");
    if let Some((ok, report)) = qpdf_check(pdf) {
        assert!(ok, "{report}");
    }
}

#[test]
fn a_collections_cid_keyed_face_draws_and_extracts_its_japanese_exactly() {
    let Some((pdf, _)) = noto_built() else { return };
    let Some(text) = pdf_text(pdf) else { return };
    for word in JAPANESE
        .iter()
        .chain(&["Tokyo", "second paragraph", "to read."])
    {
        assert!(text.contains(word), "{word} missing from:\n{text}");
    }
    let (codes, program) = codes_and_program(pdf, "+NotoSansMonoCJKjp-Regular");
    let original = std::fs::read(NOTO_CJK).unwrap();
    assert_draws_the_fonts_own_glyphs(&codes, &program, &original, FACE, &JAPANESE.concat());
    // Embedded once (regular, bold and italic Japanese share the one face), as a
    // subset: the whole face is 16 MB.
    assert!(program.len() < 200_000, "{} bytes", program.len());
    assert!(std::fs::metadata(pdf).unwrap().len() < 1_000_000);
    if let Some((ok, report)) = qpdf_check(pdf) {
        assert!(ok, "{report}");
    }
    let Some(table) = pdffonts(pdf) else {
        return;
    };
    let rows: Vec<&str> = table
        .lines()
        .filter(|r| r.contains("+NotoSansMonoCJKjp-Regular"))
        .collect();
    assert_eq!(rows.len(), 1, "{table}");
    assert!(rows[0].contains("CID Type 0C"), "{table}");
    let columns: Vec<&str> = rows[0].split_whitespace().collect();
    let n = columns.len();
    assert_eq!(&columns[n - 5..n - 2], &["yes", "yes", "yes"], "{table}");
}

#[test]
fn the_epub_embeds_a_subset_of_the_collections_face_and_names_it_in_its_css() {
    let Some((_, epub)) = noto_built() else {
        return;
    };
    let css = zip_entry(epub, "OEBPS/stylesheet.css");
    assert!(
        css.contains("body { font-family: \"Folio Text\", \"NotoSansCJK 5\", serif;"),
        "{css}"
    );
    assert!(
        css.contains("font-family: \"NotoSansCJK 5\"; font-style: normal; font-weight: normal; src: url(\"fonts/fallback1-regular.otf\");"),
        "{css}"
    );
    let file = std::fs::File::open(epub).unwrap();
    let mut archive = zip::ZipArchive::new(file).unwrap();
    let mut font = Vec::new();
    std::io::Read::read_to_end(
        &mut archive
            .by_name("OEBPS/fonts/fallback1-regular.otf")
            .unwrap(),
        &mut font,
    )
    .unwrap();
    // A subset of the one face, a single font (not the 20 MB collection).
    assert!(font.len() < 300_000, "{} bytes", font.len());
    let face = ttf_parser::Face::parse(&font, 0).unwrap();
    assert!(face.number_of_glyphs() < 200, "{}", face.number_of_glyphs());
    let original = std::fs::read(NOTO_CJK).unwrap();
    let whole = ttf_parser::Face::parse(&original, FACE).unwrap();
    for c in JAPANESE.concat().chars() {
        let g = face
            .glyph_index(c)
            .unwrap_or_else(|| panic!("{c} not in the subset"));
        let box_of = |f: &ttf_parser::Face<'_>, g| {
            let b = f.glyph_bounding_box(g).unwrap();
            (b.x_min, b.y_min, b.x_max, b.y_max)
        };
        assert_eq!(
            box_of(&face, g),
            box_of(&whole, whole.glyph_index(c).unwrap()),
            "{c}"
        );
    }
    assert_eq!(
        face.glyph_index('鬱'),
        None,
        "a character the book does not use is left out"
    );
    if let Some((errors, warnings, report)) = epubcheck(epub) {
        assert_eq!((errors, warnings), (0, 0), "{report}");
    }
}

#[test]
fn a_face_index_the_collection_lacks_is_an_error_at_its_place_in_the_manifest() {
    let Some(book) = book_with_noto("cid-bad-index") else {
        return;
    };
    write_book(
        &book,
        "Tokyo Words",
        "[fonts]\nfallback = [{ family = \"NotoSansCJK\", index = 10 }]\n\n",
        STORY,
    );
    let output = build(&book, &book.join("out"), &[]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("the collection holds 10 faces (index 0 to 9), not face 10"),
        "{stderr}"
    );
    assert!(stderr.contains("book.toml:7:13"), "{stderr}");
    assert!(!book.join("out").exists());
}

#[test]
fn a_large_face_that_goes_into_the_epub_whole_is_a_warning() {
    // No licence beside the collection: Folio may not subset it.
    let Some(book) = book_with_noto("cid-whole") else {
        return;
    };
    write_book(
        &book,
        "Tokyo Words",
        &format!("[fonts]\nfallback = [{{ family = \"NotoSansCJK\", index = {FACE} }}]\n\n"),
        "# Tokyo\n\nShe wrote 東京.\n",
    );
    let output = build(&book, &book.join("out"), &["--epub"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains("warning[font-whole]:")
            && stderr.contains("face 5 of ")
            && stderr.contains("fonts/NotoSansCJK.ttc (")
            && stderr
                .contains(" MB in all) goes into the EPUB whole: no licence file beside the fonts"),
        "{stderr}"
    );
    // The Gentium faces, subset, are not named.
    assert!(!stderr.contains("GentiumBookPlus"), "{stderr}");
}
