//! EPUB 3 renderer: the model becomes XHTML documents, a nav, an NCX and a stylesheet
//! with the book's fonts, packaged by epub-builder and then re-zipped with fixed
//! timestamps (see `package`) so that builds are reproducible.

mod accessibility;
mod fonts;
mod images;
mod matter;
mod metadata;
mod nav;
mod package;
mod pagelist;
mod parts;
mod stylesheet;
pub mod xhtml;

use epub_builder::{EpubBuilder, EpubContent, EpubVersion, ReferenceType, ZipLibrary};
use rayon::prelude::*;
use serde::Deserialize;

use crate::error::{Diagnostic, Error, Result};
use crate::model::{ImageType, Matter, MatterKind};
use crate::render::{Output, OutputTable, Progress, RenderContext, Renderer, RendererKind};
use matter::{
    contents_page, cover_page, listed_in_contents, matter_page, ContentsEntry, FileNames,
    MatterPage,
};
use nav::{Landmark, TocEntry};
use stylesheet::stylesheet;

/// `[output.epub]`, owned by this renderer.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct EpubOptions {
    /// Embed the book's fonts (on by default; readers may still let users override).
    pub embed_fonts: bool,
    /// Subset the embedded fonts to the book's text where their licence allows.
    /// On by default; the subset keeps every glyph number, the layout tables and
    /// the letters hinting measures the font by (see `crate::font_subset`).
    pub subset_fonts: bool,
    /// Font family from `fonts/`; defaults to the only family there.
    pub font: Option<String>,
}

impl Default for EpubOptions {
    fn default() -> Self {
        EpubOptions {
            embed_fonts: true,
            subset_fonts: true,
            font: None,
        }
    }
}

/// The renderer's name: `[output.epub]`, `--epub`, `only = "epub"`.
pub const NAME: &str = "epub";

pub const KIND: RendererKind = RendererKind::new(NAME, "Build the EPUB", configure);

fn configure(table: &OutputTable<'_>) -> std::result::Result<Box<dyn Renderer>, Vec<Diagnostic>> {
    Ok(Box::new(EpubRenderer {
        options: table.parse()?,
    }))
}

/// The ebook: XHTML documents, a nav and an NCX, packaged reproducibly.
pub struct EpubRenderer {
    pub options: EpubOptions,
}

impl Renderer for EpubRenderer {
    fn name(&self) -> &'static str {
        NAME
    }

    fn font_family(&self) -> Option<&str> {
        self.options.font.as_deref()
    }

    fn render(&self, ctx: &RenderContext<'_>, _progress: &dyn Progress) -> Result<Output> {
        let book = ctx.book.for_output(NAME);
        let ctx = &ctx.for_book(&book);
        let bytes = render(ctx, &self.options)?;
        let facts = ebook_facts(&book, bytes.len());
        Ok(Output {
            bytes,
            extension: NAME,
            pages: None,
            warnings: fonts::FontPlan::new(ctx, &self.options).warnings(),
            preview: Vec::new(),
            facts: crate::render::Facts::Ebook(facts),
        })
    }

    fn marks_pages(&self) -> bool {
        true
    }
}

/// What the store checks need to know of the package just made.
fn ebook_facts(book: &crate::model::Book, bytes: usize) -> crate::render::facts::EbookFacts {
    let meta = &book.meta;
    crate::render::facts::EbookFacts {
        version: package::PACKAGE_VERSION.into(),
        bytes,
        cover_px: book.cover.as_ref().map(|c| (c.width, c.height)),
        cover_bytes: book.cover.as_ref().map_or(0, |c| c.data.len()),
        identifier: metadata::identifiers(book).swap_remove(0),
        language: meta.lang.to_string(),
        title: meta.title.clone(),
        authors: meta.authors.clone(),
        description: meta.description.clone(),
    }
}

fn render_error(message: impl std::fmt::Display) -> Error {
    Error::Render {
        format: "EPUB",
        message: message.to_string(),
    }
}

/// Renders the whole EPUB into memory.
pub fn render(ctx: &RenderContext<'_>, options: &EpubOptions) -> Result<Vec<u8>> {
    std::thread::scope(|scope| render_in(scope, ctx, options))
}

/// `render`, with a scope to compress the fonts in beside the rest.
fn render_in<'scope, 'env: 'scope>(
    scope: &'scope std::thread::Scope<'scope, 'env>,
    ctx: &'env RenderContext<'env>,
    options: &EpubOptions,
) -> Result<Vec<u8>> {
    let book = ctx.book;
    let meta = &book.meta;
    let zip = ZipLibrary::new().map_err(render_error)?;
    let mut epub = EpubBuilder::new(zip).map_err(render_error)?;
    epub.epub_version(EpubVersion::V33);
    // epub-builder's metadata, nav document and NCX are replaced by Folio's (see
    // `metadata`, `nav` and `package`); the toc name titles the OPF guide's entry.
    let labels = book.labels();
    epub.set_toc_name(labels.contents);
    let font_plan = fonts::FontPlan::new(ctx, options);
    epub.stylesheet(stylesheet(ctx.book, &font_plan).as_bytes())
        .map_err(render_error)?;
    // Fonts go in empty: `package::repack` puts them in, subset to the text and
    // compressed in parallel, instead of epub-builder compressing them one by one.
    for (family, face) in font_plan.faces() {
        let path = format!("fonts/{}", family.file_name(face));
        epub.add_resource(&path, &[][..], font_media_type(face.is_opentype_cff()))
            .map_err(render_error)?;
    }
    // What the fonts must draw: every page's text, gathered as the pages are made.
    let mut sample = crate::font_subset::TextSample::default();
    // The scene break's ornament (in the stylesheet) and the hyphens readers add.
    sample.add_text("* \u{a0}-\u{2010}");
    for label in [labels.contents, labels.landmarks, labels.cover] {
        sample.add_text(label);
    }
    for part in &book.parts {
        sample.add_text(&part.title);
    }

    images::add_images(&mut epub, book).map_err(render_error)?;
    let mut landmarks = Vec::new();
    let mut toc = Vec::new();
    let mut files = FileNames::default();
    if let Some(cover) = &book.cover {
        let image = format!("images/cover.{}", cover_extension(cover.media_type));
        epub.add_cover_image(&image, cover.data.as_slice(), cover.media_type.mime())
            .map_err(render_error)?;
        let body = cover_page(book, &image);
        let doc = xhtml::document(&meta.lang, labels.cover, "cover", &body);
        epub.add_content(
            EpubContent::new("cover.xhtml", doc.as_bytes()).reftype(ReferenceType::Cover),
        )
        .map_err(render_error)?;
        landmarks.push(Landmark::new("cover", "cover.xhtml", labels.cover));
    }
    // Every page is named first, so that the contents can link to the prose of the
    // front and back matter as well as to the stories.
    let front: Vec<(&Matter, MatterPage)> = book
        .front
        .iter()
        .filter(|m| m.is_in(NAME))
        .map(|m| (m, matter_page(ctx, options, m)))
        .collect();
    let back: Vec<(&Matter, MatterPage)> = book
        .back
        .iter()
        .filter(|m| m.is_in(NAME))
        .map(|m| (m, matter_page(ctx, options, m)))
        .collect();
    for (_, page) in front.iter().chain(&back) {
        sample.add_text(&page.title);
        sample.add_xhtml(&page.body);
    }
    let front_files: Vec<String> = front.iter().map(|(_, p)| files.name(p.stem)).collect();
    let back_files: Vec<String> = back.iter().map(|(_, p)| files.name(p.stem)).collect();
    let mut entries = Vec::new();
    let contents_at = front
        .iter()
        .position(|(m, _)| m.kind == MatterKind::Contents);
    if let Some(at) = contents_at {
        for ((matter, page), file) in front.iter().zip(&front_files).skip(at + 1) {
            if listed_in_contents(&matter.kind) {
                entries.push(ContentsEntry::new(file, &page.title));
            }
        }
    }
    for (index, story) in book.stories.iter().enumerate() {
        let mut entry = ContentsEntry::new(&story_file(index), &story.title);
        entry.bylines = [story.author.clone(), book.translator_line(story)]
            .into_iter()
            .flatten()
            .collect();
        parts::push_nested(
            book,
            index,
            &mut entries,
            |k, part| ContentsEntry::new(&parts::part_file(k), &part.title),
            |parent| &mut parent.children,
            entry,
        );
    }
    for ((matter, page), file) in back.iter().zip(&back_files) {
        if listed_in_contents(&matter.kind) {
            entries.push(ContentsEntry::new(file, &page.title));
        }
    }
    let contents = contents_page(labels.contents, &entries);
    sample.add_xhtml(&contents);
    let mut nav = Nav {
        toc: &mut toc,
        landmarks: &mut landmarks,
    };
    let matter_doc = |page: &MatterPage, body_type: &str| {
        xhtml::document(&meta.lang, &page.title, body_type, &page.body)
    };
    let front: Vec<(MatterPage, String, String)> = front
        .into_iter()
        .zip(front_files)
        .map(|((matter, mut page), file)| {
            if matter.kind == MatterKind::Contents {
                page.body = contents.clone();
            }
            let doc = matter_doc(&page, "frontmatter");
            (page, file, doc)
        })
        .collect();
    let back: Vec<(MatterPage, String, String)> = back
        .into_iter()
        .zip(back_files)
        .map(|((_, page), file)| {
            let doc = matter_doc(&page, "backmatter");
            (page, file, doc)
        })
        .collect();
    // Stories go in empty too: written and compressed in parallel by `repack`.
    let mut story_docs: Vec<(String, String)> = book
        .stories
        .par_iter()
        .enumerate()
        .map(|(index, story)| {
            let body = xhtml::story_body(book, story, index + 1);
            let doc = xhtml::document(&meta.lang, &story.title, "bodymatter", &body);
            (format!("OEBPS/{}", story_file(index)), doc)
        })
        .collect();
    // The stories' text is sampled only for a subset: it is most of the book.
    if font_plan.subset() {
        let story_sample = story_docs
            .par_iter()
            .map(|(_, doc)| {
                let mut sample = crate::font_subset::TextSample::default();
                sample.add_xhtml(doc);
                sample
            })
            .reduce(crate::font_subset::TextSample::default, |mut a, b| {
                a.merge(b);
                a
            });
        sample.merge(story_sample);
    }
    // The fonts are most of the work (subsetting, compressing): begun now, beside
    // the rest.
    let fonts_job = scope.spawn(move || {
        let plan = font_plan;
        let sample = &sample;
        let faces: Vec<_> = plan.faces().collect();
        let data: Vec<(String, std::borrow::Cow<'_, [u8]>)> = faces
            .par_iter()
            .map(|(family, face)| {
                let name = format!("OEBPS/fonts/{}", family.file_name(face));
                (name, family.data(face, sample))
            })
            .collect();
        let fill: Vec<package::Fill<'_>> = data
            .iter()
            .map(|(name, data)| package::Fill::font(name, data))
            .collect();
        package::archive_all(&fill)
    });
    let (mut front, mut back) = (front, back);
    // The documents in reading order, and their letters indexed before the wait for
    // the print layout, which is on the way to the book's end.
    let mut docs: Vec<pagelist::Doc<'_>> = match ctx.page_starts {
        Some(_) => front
            .iter_mut()
            .map(|(_, file, doc)| (file.clone(), doc, None))
            .chain(
                story_docs
                    .iter_mut()
                    .enumerate()
                    .map(|(index, (_, doc))| (story_file(index), doc, Some(index))),
            )
            .chain(
                back.iter_mut()
                    .map(|(_, file, doc)| (file.clone(), doc, None)),
            )
            .map(|(file, text, story)| pagelist::Doc { file, text, story })
            .collect(),
        None => Vec::new(),
    };
    let letters = pagelist::letters(&docs);
    // The one wait for the print layout, after the documents are written.
    let page_list = match ctx.page_starts.and_then(|slot| slot.wait()) {
        Some(pages) => pagelist::mark(&mut docs, &letters, &pages.starts),
        None => Vec::new(),
    };

    for (page, file, doc) in front {
        add_matter(&mut epub, &mut nav, page, file, &doc)?;
    }
    for (index, story) in book.stories.iter().enumerate() {
        if let Some((k, part)) = book.part_opening_at(index) {
            let doc = xhtml::document(
                &meta.lang,
                &part.title,
                "bodymatter",
                &parts::part_body(part, k),
            );
            let content =
                EpubContent::new(parts::part_file(k), doc.as_bytes()).title(part.title.as_str());
            epub.add_content(content).map_err(render_error)?;
        }
        let mut content = EpubContent::new(story_file(index), &[][..]).title(story.title.as_str());
        parts::push_nested(
            book,
            index,
            nav.toc,
            parts::part_toc_entry,
            |parent| &mut parent.children,
            TocEntry::new(&story_file(index), &story.title),
        );
        if index == 0 {
            // The "bodymatter" landmark: where reading starts.
            content = content.reftype(ReferenceType::Text);
            nav.landmarks.push(Landmark::new(
                "bodymatter",
                &story_file(index),
                &story.title,
            ));
        }
        epub.add_content(content).map_err(render_error)?;
    }
    for (page, file, doc) in back {
        add_matter(&mut epub, &mut nav, page, file, &doc)?;
    }

    let mut raw = Vec::new();
    epub.generate(&mut raw).map_err(render_error)?;
    let identifiers = metadata::identifiers(book);
    let nav_doc = nav::nav_document(&meta.lang, labels, &toc, &landmarks, &page_list);
    let ncx_doc = nav::ncx_document(meta, &identifiers[0], &toc);
    let content = accessibility::Content {
        page_list: !page_list.is_empty(),
        ..accessibility::Content::of(book)
    };
    let accessibility =
        accessibility::properties(content, meta.accessibility_certified_by.as_deref());
    let mut metadata = metadata::metadata_element(book, book.cover.is_some(), &accessibility);
    if !page_list.is_empty() {
        let source = pagelist::print_source(&meta.isbns, &meta.title);
        pagelist::add_source(&mut metadata, &source);
    }
    let texts: Vec<package::Fill<'_>> = story_docs
        .iter()
        .map(|(name, doc)| (name.as_str(), doc.as_str()))
        .chain([
            ("OEBPS/nav.xhtml", nav_doc.as_str()),
            ("OEBPS/toc.ncx", ncx_doc.as_str()),
        ])
        .map(|(name, doc)| package::Fill::text(name, doc.as_bytes()))
        .collect();
    let mut filled = package::archive_all(&texts);
    let fonts = fonts_job
        .join()
        .map_err(|_| render_error("compressing the fonts stopped unexpectedly"))?;
    filled.extend(fonts);
    let package = package::Package {
        lang: meta.lang.as_str(),
        metadata: &metadata,
    };
    package::repack(&raw, meta, &package, &filled).map_err(render_error)
}

pub(crate) fn story_file(index: usize) -> String {
    format!("story-{:03}.xhtml", index + 1)
}

fn font_media_type(is_cff: bool) -> &'static str {
    if is_cff {
        "font/otf"
    } else {
        "font/ttf"
    }
}

/// The reading system's navigation, gathered as pages are added.
struct Nav<'a> {
    toc: &'a mut Vec<TocEntry>,
    landmarks: &'a mut Vec<Landmark>,
}

fn add_matter(
    epub: &mut EpubBuilder<ZipLibrary>,
    nav: &mut Nav<'_>,
    page: MatterPage,
    file: String,
    doc: &str,
) -> Result<()> {
    let mut content = EpubContent::new(file.as_str(), doc.as_bytes());
    if page.listed {
        content = content.title(page.title.as_str());
        nav.toc.push(TocEntry::new(&file, &page.title));
    }
    if let Some(term) = page.landmark {
        nav.landmarks.push(Landmark::new(term, &file, &page.title));
    }
    epub.add_content(content).map_err(render_error)?;
    Ok(())
}

fn cover_extension(media_type: ImageType) -> &'static str {
    match media_type {
        ImageType::Jpeg => "jpg",
        ImageType::Png => "png",
    }
}
