//! Font files as an author puts them in fonts/: any bytes as the body family's
//! regular face (TrueType, CFF, CID-keyed CFF, a collection) are refused with an
//! error naming the file, or load and then set a short book in both outputs (the
//! EPUB subsets the face, the PDF subsets it and writes glyph numbers or CIDs) —
//! an error, never a panic.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use folio::fonts;
use folio::lang::Lang;
use folio::model::{Book, Block, Inline, Metadata, Story, StoryId};
use folio::render::epub::EpubOptions;
use folio::render::pdf::PdfOptions;
use folio::render::{epub, pdf, RenderContext};
use libfuzzer_sys::fuzz_target;

/// A scratch book folder of this process, with the OFL beside the font so that
/// the EPUB subsets it.
fn book_dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("folio-fuzz-fonts-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("fonts")).unwrap();
        let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
        std::fs::copy(repo.join("fonts/OFL.txt"), dir.join("fonts/OFL.txt")).unwrap();
        dir
    })
}

fuzz_target!(|data: &[u8]| {
    let dir = book_dir();
    std::fs::write(dir.join("fonts/Fuzz-Regular.ttf"), data).unwrap();
    let Ok(family) = fonts::load_family(dir, None) else {
        return;
    };
    let lang = Lang::parse("en").expect("a valid tag");
    let text = "Aa fi 1, \u{201c}Ab\u{201d} \u{65e5}\u{672c}";
    let story = Story {
        id: StoryId(0),
        title: "Ab".into(),
        subtitle: None,
        author: None,
        translator: None,
        epigraph: None,
        first_published: None,
        lang: lang.clone(),
        blocks: vec![Block::Paragraph(vec![
            Inline::Text(text.into()),
            Inline::Emphasis(vec![Inline::Text(" ab".into())]),
        ])],
        notes: Vec::new(),
    };
    let book = Book {
        meta: Metadata {
            title: "Ab".into(),
            lang,
            identifier: folio::source::derived_identifier("Ab", &[]),
            authors: vec!["Fuzz".into()],
            ..Metadata::default()
        },
        stories: vec![story],
        ..Book::default()
    };
    let ctx = RenderContext {
        book: &book,
        fonts: &family,
        page_starts: None,
        preview: false,
    };
    // Errors (a glyph the face lacks) are fine; a panic is not.
    let _ = epub::render(&ctx, &EpubOptions::default());
    let _ = pdf::render(&ctx, &PdfOptions::default());
});
