//! Model → EPUB and PDF: a book made from fuzzed Markdown (the first line is the
//! title) renders without panicking; every XHTML document of the EPUB is well-formed
//! XML; a PDF, when the fonts can draw the text, is produced.
#![no_main]

use std::io::Read;
use std::path::Path;
use std::sync::OnceLock;

use folio::lang::Lang;
use folio::model::{Book, LeadIn, Matter, MatterKind, Metadata, Story, StoryId};
use folio::render::epub::EpubOptions;
use folio::render::pdf::PdfOptions;
use folio::render::{epub, pdf, RenderContext};
use folio::fonts::{self, FontFamily};
use libfuzzer_sys::fuzz_target;

fn family() -> &'static FontFamily {
    static FAMILY: OnceLock<FontFamily> = OnceLock::new();
    FAMILY.get_or_init(|| {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        fonts::load_family(&repo, None).expect("the repository's fonts load")
    })
}

fuzz_target!(|data: &[u8]| {
    let path = Path::new("story.md");
    let Ok(text) = folio::source::decode_text(path, data) else {
        return;
    };
    let (title, body) = text.split_once('\n').unwrap_or(("Title", &text));
    let title = title.trim();
    if title.is_empty() {
        return;
    }
    let Ok((blocks, notes)) = folio::source::parse_story(path, body, false) else {
        return;
    };
    let story = Story {
        id: StoryId(0),
        title: title.to_string(),
        subtitle: None,
        author: None,
        translator: None,
        epigraph: None,
        first_published: None,
        lang: Lang::parse("en").expect("a valid tag"),
        blocks,
        notes,
    };
    let book = Book {
        meta: Metadata {
            title: title.to_string(),
            lang: Lang::parse("en").expect("a valid tag"),
            identifier: folio::source::derived_identifier(title, &[]),
            authors: vec!["Fuzz".into()],
            ..Metadata::default()
        },
        front: vec![
            Matter::new(MatterKind::TitlePage),
            Matter::new(MatterKind::Contents),
        ],
        stories: vec![
            story.clone(),
            Story {
                id: StoryId(1),
                ..story
            },
        ],
        back: vec![Matter::new(MatterKind::Colophon)],
        cover: None,
        images: Vec::new(),
        // Every story opens with a drop cap: the hardest opening to set.
        lead_in: LeadIn::DropCap,
        parts: Vec::new(),
        numbering: Default::default(),
        output_texts: Vec::new(),
    };
    let ctx = RenderContext {
        book: &book,
        fonts: family(),
        page_starts: None,
        preview: false,
    };
    let options = EpubOptions {
        embed_fonts: false,
        ..EpubOptions::default()
    };
    let epub = epub::render(&ctx, &options).expect("the EPUB renders");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(epub)).expect("a zip");
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let name = entry.name().to_string();
        if name.ends_with(".xhtml") || name.ends_with(".opf") || name.ends_with(".ncx") {
            let mut xml = String::new();
            entry.read_to_string(&mut xml).unwrap();
            if let Err(e) = roxmltree::Document::parse_with_options(
                &xml,
                roxmltree::ParsingOptions {
                    allow_dtd: true,
                    ..roxmltree::ParsingOptions::default()
                },
            ) {
                panic!("{name} is not well-formed: {e}\n{xml}");
            }
        }
    }
    // The PDF: an error (a glyph the font lacks) is fine, a panic is not.
    let _ = pdf::render(&ctx, &PdfOptions::default());
});
