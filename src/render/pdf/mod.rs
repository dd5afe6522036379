//! PDF renderer: a typesetting engine in four stages, each a folder, data flowing
//! one way: `inline` (a paragraph → set lines: shaping, hyphenation, total-fit line
//! breaking), `flow` (a story's blocks → pages of placed lines: the baseline grid,
//! page breaking), `pages` (the book → composed pages: front and back matter, the
//! contents, running heads and folios) and `output` (composed pages → PDF bytes:
//! printpdf writing, lopdf finishing). `geometry` is the page they all share;
//! `settings` reads `[output.pdf]`.

mod facts;
pub mod flow;
pub mod geometry;
mod gutter;
pub mod inline;
pub mod output;
mod page_starts;
pub mod pages;
pub mod preview;
pub mod profile;
pub mod settings;

use crate::error::{Diagnostic, Error, Result};
use crate::manifest::LoadedManifest;
use crate::model::{Book, ImageType};
use crate::render::{
    Output, OutputTable, PageStart, PrintPages, Progress, RenderContext, RenderWarning, Renderer,
    RendererKind,
};
use finish::{
    CoverImage, CoverKind, DocumentInfo, Finishing, InternalLink, LabelStyle, OutlineItem,
    PageLabelRange, UriLink,
};
use geometry::{PageGeometry, Typesetting};
use inline::shaping::Shaper;
use inline::LinkTarget;
use output::{finish, writer};
use pages::compose::{self, ComposedBook};
pub use settings::{Margins, PdfOptions, NAME};

fn render_error(message: impl std::fmt::Display) -> Error {
    Error::Render {
        format: "PDF",
        message: message.to_string(),
    }
}

pub const KIND: RendererKind = RendererKind::new(NAME, "Build the PDF", configure);

fn configure(table: &OutputTable<'_>) -> std::result::Result<Box<dyn Renderer>, Vec<Diagnostic>> {
    let configured = settings::read(table)?;
    Ok(Box::new(PdfRenderer {
        options: configured.options,
        geometry: configured.geometry,
        cover_span: configured.cover_span,
        keys: configured.keys,
    }))
}

/// The print book: typeset on a baseline grid, written with printpdf, finished with
/// lopdf.
pub struct PdfRenderer {
    pub options: PdfOptions,
    pub geometry: PageGeometry,
    cover_span: Option<std::ops::Range<usize>>,
    /// Where the settings the store checks point at were written.
    keys: crate::render::facts::PrintKeys,
}

impl Renderer for PdfRenderer {
    fn name(&self) -> &'static str {
        NAME
    }

    fn font_family(&self) -> Option<&str> {
        self.options.font.as_deref()
    }

    /// `cover = true` needs a `[book] cover` the PDF can embed.
    fn check(&self, book: &Book, manifest: &LoadedManifest) -> Vec<Diagnostic> {
        if !self.options.cover {
            return Vec::new();
        }
        let at_cover_key = |message: &str| match &self.cover_span {
            Some(span) => manifest.diagnostic_at(span.clone(), message.to_string()),
            None => Diagnostic::new(&manifest.path, message),
        };
        match (&manifest.manifest.book.cover, &book.cover) {
            (Some(span), Some(cover)) => check_cover(cover)
                .err()
                .map(|message| {
                    manifest
                        .diagnostic_at(
                            span.span(),
                            format!("the PDF cannot use this cover: {message}"),
                        )
                        .help(
                            "save it as a JPEG, or as an 8-bit RGB or greyscale PNG without transparency",
                        )
                })
                .into_iter()
                .collect(),
            _ => vec![at_cover_key("[output.pdf] asks for a cover, but [book] has none")
                .help("add `cover = \"cover.jpg\"` to [book], or remove `cover = true`")],
        }
    }

    fn render(&self, ctx: &RenderContext<'_>, progress: &dyn Progress) -> Result<Output> {
        let book = ctx.book.for_output(NAME);
        let ctx = &ctx.for_book(&book);
        let Rendered {
            bytes,
            pages,
            forced,
            ppi,
            preview,
            gutter,
            mut facts,
        } = render_with_progress(ctx, &self.options, &|done, total| {
            progress.advanced(done, total)
        })?;
        let mut warnings = self.hyphenless_faces(ctx);
        warnings.extend(gutter.map(|raised| RenderWarning {
            code: "gutter-raised",
            message: raised.message(),
            help: format!(
                "set `inner = \"{}in\"` (or more) in [output.pdf.margins] to say so yourself",
                raised.to_inches
            ),
            text: String::new(),
            at: self.keys.inner.clone().or_else(|| self.keys.table.clone()),
            key: None,
        }));
        facts.at = self.keys.clone();
        facts.images = ppi
            .iter()
            .filter_map(|&(id, ppi)| Some((ctx.book.images.get(id)?.src.clone(), ppi)))
            .collect();
        warnings.extend(facts::coarse_images(
            ctx.book,
            &ppi,
            self.options.image_dpi_min,
        ));
        warnings.extend(forced.into_iter().map(|text| {
            RenderWarning {
                code: "forced-break",
                message: format!(
                    "a word wider than the PDF's measure was broken by force: `{}…`",
                    text.chars().take(24).collect::<String>()
                ),
                help: "add spaces or break opportunities (a soft hyphen, U+00AD) to the word, \
                   or shorten it; a long web link can be a [link](…) with short text"
                    .into(),
                text,
                at: None,
                key: None,
            }
        }));
        Ok(Output {
            bytes,
            extension: NAME,
            pages: Some(pages),
            warnings,
            preview,
            facts: crate::render::Facts::Print(facts),
        })
    }

    fn paginated(&self) -> bool {
        true
    }

    /// The book laid out as for the PDF, which is not written.
    fn page_starts(
        &self,
        ctx: &RenderContext<'_>,
        progress: &dyn Progress,
    ) -> Result<Option<PrintPages>> {
        let book = ctx.book.for_output(NAME);
        let ctx = &ctx.for_book(&book);
        let progress = |done, total| progress.advanced(done, total);
        let (options, _, laid_out) = settled(ctx, &self.options)?;
        let (composed, shaper, geometry) = match laid_out {
            Some(laid_out) => laid_out,
            None => compose_book(ctx, &options, &progress)?,
        };
        let starts = page_starts::page_starts(ctx.book, &composed, &shaper, &geometry);
        Ok(Some(print_pages(starts, &geometry)))
    }
}

impl PdfRenderer {
    /// With hyphenation on, a face without a hyphen glyph is set unhyphenated:
    /// one warning per face.
    fn hyphenless_faces(&self, ctx: &RenderContext<'_>) -> Vec<RenderWarning> {
        if !self.options.hyphenate {
            return Vec::new();
        }
        let shaper = Shaper::new(ctx.fonts);
        let mut files: Vec<&std::path::Path> = Vec::new();
        for style in crate::fonts::FontStyle::ALL {
            let face = ctx.fonts.face(style);
            if shaper.hyphen(style).is_err() && !files.contains(&face.path.as_path()) {
                files.push(&face.path);
            }
        }
        files
            .into_iter()
            .map(|file| RenderWarning {
                code: "no-hyphen-glyph",
                message: format!(
                    "the font file {} has no hyphen (-), so the PDF does not hyphenate words set in it",
                    file.display()
                ),
                help: "use a font that has a hyphen, or set `hyphenate = false` in [output.pdf]"
                    .into(),
                text: String::new(),
                at: None,
                key: None,
            })
            .collect()
    }
}

/// The pages as the renderers using them see them: their starts and the trim.
fn print_pages(starts: Vec<PageStart>, geometry: &PageGeometry) -> PrintPages {
    PrintPages {
        starts,
        trim: (geometry.width, geometry.height),
    }
}

/// Whether the PDF can embed this cover image, or why not.
pub fn check_cover(cover: &crate::model::Cover) -> std::result::Result<(), String> {
    finish::check_cover(&cover_image(cover))
}

/// The book's cover as the PDF writer embeds it.
pub fn cover_image(cover: &crate::model::Cover) -> CoverImage {
    CoverImage {
        page: 0,
        data: cover.data.clone(),
        width: cover.width,
        height: cover.height,
        kind: match cover.media_type {
            ImageType::Jpeg => CoverKind::Jpeg,
            ImageType::Png => CoverKind::Png,
        },
    }
}

/// Typesets the book and returns the finished PDF and its page count.
pub fn render(ctx: &RenderContext<'_>, options: &PdfOptions) -> Result<(Vec<u8>, usize)> {
    render_with_progress(ctx, options, &|_, _| {}).map(|r| (r.bytes, r.pages))
}

/// [`render`], reporting the stories laid out (how many of how many).
pub fn render_with_progress(
    ctx: &RenderContext<'_>,
    options: &PdfOptions,
    progress: &compose::Progress<'_>,
) -> Result<Rendered> {
    let (options, gutter, laid_out) = settled(ctx, options)?;
    let options = &options;
    let t = std::time::Instant::now();
    let (composed, document) = typeset_laid_out(ctx, options, progress, laid_out)?;
    crate::util::trace("pdf typeset+write", t);
    // The preview draws the pages just composed: the PDF's layout, set once.
    let preview = match ctx.preview {
        true => preview::page_svgs(
            &composed.pages,
            ctx.fonts,
            &options.geometry().map_err(render_error)?,
        ),
        false => Vec::new(),
    };
    let t = std::time::Instant::now();
    let geometry = options.geometry().map_err(render_error)?;
    let finishing = finishing(ctx.book, &composed, &geometry, options.profile);
    let facts = facts::print_facts(options, &geometry, &composed, &document, &finishing);
    let finished = finish::finish_document(document, &finishing).map_err(render_error)?;
    crate::util::trace("pdf finish", t);
    let ppi = facts::lowest_ppi(&composed, &ctx.book.images);
    Ok(Rendered {
        bytes: finished,
        pages: composed.pages.len(),
        forced: composed.forced_breaks,
        ppi,
        preview,
        gutter,
        facts,
    })
}

/// The options a print profile lays the book out with: the gutter raised to the
/// binding's minimum for the final page count. Digital books keep theirs.
fn settled<'a>(
    ctx: &RenderContext<'a>,
    options: &PdfOptions,
) -> Result<gutter::Settled<LaidOut<'a>>> {
    gutter::settle_gutter(options, |options| {
        compose_book(ctx, options, &|_, _| {}).map(|laid_out| (laid_out.0.pages.len(), laid_out))
    })
}

/// The book laid out, with the shaper that knows each glyph's text, on its page.
type LaidOut<'a> = (ComposedBook, Shaper<'a>, PageGeometry);

/// A rendered PDF.
pub struct Rendered {
    pub bytes: Vec<u8>,
    pub pages: usize,
    /// The words broken by force.
    pub forced: Vec<String>,
    /// Each image drawn, with its lowest pixels per inch.
    pub ppi: Vec<(usize, f32)>,
    /// The pages drawn as SVG documents, when the context asked for a preview.
    pub preview: Vec<String>,
    /// The gutter a print profile widened for the binding.
    pub gutter: Option<gutter::GutterRaised>,
    /// What the store checks need to know of the interior.
    pub facts: crate::render::facts::PrintFacts,
}

/// Composes and writes the book without the finishing pass; tests inspect both.
pub fn typeset(
    ctx: &RenderContext<'_>,
    options: &PdfOptions,
) -> Result<(ComposedBook, lopdf::Document)> {
    typeset_with_progress(ctx, options, &|_, _| {})
}

fn typeset_with_progress(
    ctx: &RenderContext<'_>,
    options: &PdfOptions,
    progress: &compose::Progress<'_>,
) -> Result<(ComposedBook, lopdf::Document)> {
    typeset_laid_out(ctx, options, progress, None)
}

/// Composes the book (unless given its layout) and writes it; publishes where each
/// page begins when a renderer marking them waits for it.
fn typeset_laid_out(
    ctx: &RenderContext<'_>,
    options: &PdfOptions,
    progress: &compose::Progress<'_>,
    laid_out: Option<LaidOut<'_>>,
) -> Result<(ComposedBook, lopdf::Document)> {
    let (composed, shaper, geometry) = match laid_out {
        Some(laid_out) => laid_out,
        None => compose_book(ctx, options, progress)?,
    };
    // A renderer marking these pages may go on while this one writes its file.
    if let Some(slot) = ctx.page_starts {
        let starts = page_starts::page_starts(ctx.book, &composed, &shaper, &geometry);
        slot.publish(Some(print_pages(starts, &geometry)));
    }
    let t = std::time::Instant::now();
    let document = writer::write(
        &composed,
        ctx.fonts,
        &shaper,
        &geometry,
        &ctx.book.meta.title,
    )
    .map_err(render_error)?;
    let mut document = document;
    let opaque = options.profile == profile::Profile::Ingram;
    output::add_images(&mut document, &composed.pages, &ctx.book.images, opaque)
        .map_err(render_error)?;
    crate::util::trace("pdf write", t);
    Ok((composed, document))
}

/// The book laid out: its pages, with the shaper that knows each glyph's text.
fn compose_book<'a>(
    ctx: &RenderContext<'a>,
    options: &PdfOptions,
    progress: &compose::Progress<'_>,
) -> Result<LaidOut<'a>> {
    let geometry = options.geometry().map_err(render_error)?;
    let mut shaper = Shaper::new(ctx.fonts);
    let t = std::time::Instant::now();
    let font = &ctx.fonts.family_name;
    let mut composed = compose::compose_with_progress(
        ctx.book,
        font,
        &mut shaper,
        &geometry,
        &options.typesetting(),
        progress,
    )
    .map_err(|missing| missing.into_error("PDF", ctx.fonts, None))?;
    profile::print_pages(options.profile, &mut composed.pages).map_err(render_error)?;
    crate::util::trace("pdf compose", t);
    Ok((composed, shaper, geometry))
}

impl PdfOptions {
    /// What the stages need to know of how the text is set, and for which output.
    pub fn typesetting(&self) -> Typesetting {
        Typesetting {
            justify: self.justify,
            hyphenate: self.hyphenate,
            widow_orphan_control: self.widow_orphan_control,
            cover: self.cover,
            output: NAME,
        }
    }
}

/// The links in the text: to a heading's page (or a story's first page), and to
/// the web. `top` is the page height (rectangles are measured from the top).
fn text_links(composed: &ComposedBook, top: crate::units::Pt) -> (Vec<InternalLink>, Vec<UriLink>) {
    let mut internal = Vec::new();
    let mut web = Vec::new();
    for (page, composed_page) in composed.pages.iter().enumerate() {
        for link in &composed_page.links {
            let r = link.rect;
            let rect = [r[0], top - r[3], r[2], top - r[1]];
            match &link.target {
                LinkTarget::Uri(uri) => web.push(UriLink {
                    page,
                    rect,
                    uri: uri.clone(),
                }),
                LinkTarget::Anchor(anchor) => {
                    let story = anchor.story.0;
                    let target = match &anchor.heading {
                        None => composed.story_pages.get(story).map(|&p| (p, top)),
                        Some(id) => composed.pages.iter().enumerate().find_map(|(p, page)| {
                            let (_, at) = page
                                .anchors
                                .iter()
                                .find(|(a, _)| a == id)
                                .filter(|_| page.story == Some(story))?;
                            Some((p, top - *at))
                        }),
                    };
                    if let Some((target_page, target_top)) = target {
                        internal.push(InternalLink {
                            page,
                            rect,
                            target_page,
                            target_top,
                        });
                    }
                }
            }
        }
    }
    (internal, web)
}

fn finishing(
    book: &Book,
    composed: &ComposedBook,
    geometry: &PageGeometry,
    profile: profile::Profile,
) -> Finishing {
    let top = geometry.height;
    let mut labels = Vec::new();
    if composed.cover_pages > 0 {
        labels.push(PageLabelRange {
            first_page: 0,
            style: LabelStyle::None,
            start: 1,
            prefix: book.labels().cover.into(),
        });
    }
    if composed.front_pages > composed.cover_pages {
        labels.push(PageLabelRange {
            first_page: composed.cover_pages,
            style: LabelStyle::LowerRoman,
            start: 1,
            prefix: String::new(),
        });
    }
    if composed.front_pages < composed.pages.len() {
        labels.push(PageLabelRange {
            first_page: composed.front_pages,
            style: LabelStyle::Decimal,
            start: 1,
            prefix: String::new(),
        });
    }
    let item = |title: &str, page: usize, children: Vec<OutlineItem>| OutlineItem {
        title: title.to_string(),
        page,
        top,
        children,
    };
    let mut outline: Vec<OutlineItem> = Vec::new();
    if composed.cover_pages > 0 {
        outline.push(item(book.labels().cover, 0, Vec::new()));
    }
    outline.extend(
        composed
            .front_entries
            .iter()
            .map(|(title, page)| item(title, *page, Vec::new())),
    );
    if book.parts.is_empty() {
        let stories = book
            .stories
            .iter()
            .zip(&composed.story_pages)
            .map(|(story, &page)| item(&story.title, page, Vec::new()))
            .collect();
        outline.push(item(
            book.labels().stories,
            composed.story_pages.first().copied().unwrap_or(0),
            stories,
        ));
    } else {
        // The parts stand for the "Stories" item: each part's stories under it.
        for (index, (story, &page)) in book.stories.iter().zip(&composed.story_pages).enumerate() {
            if let Some((k, part)) = book.part_opening_at(index) {
                let at = composed.part_pages.get(k).copied().unwrap_or(page);
                outline.push(item(&part.title, at, Vec::new()));
            }
            let entry = item(&story.title, page, Vec::new());
            match (book.part_of(index), outline.last_mut()) {
                (Some(_), Some(parent)) => parent.children.push(entry),
                _ => outline.push(entry),
            }
        }
    }
    outline.extend(
        composed
            .back_entries
            .iter()
            .map(|(title, page)| item(title, *page, Vec::new())),
    );
    let links = composed
        .links
        .iter()
        .map(|l| InternalLink {
            page: l.page,
            rect: [l.rect[0], top - l.rect[3], l.rect[2], top - l.rect[1]],
            target_page: l.target_page,
            target_top: top,
        })
        .collect();
    let (text_links, uri_links) = text_links(composed, top);
    let mut links: Vec<InternalLink> = links;
    links.extend(text_links);
    let meta = &book.meta;
    let cover = match (&book.cover, composed.cover_pages) {
        (Some(cover), pages) if pages > 0 => Some(cover_image(cover)),
        _ => None,
    };
    // A printer wants no bookmarks, annotations or links (KDP's interior rules).
    let (outline, links, uri_links) = match profile.is_print() {
        true => Default::default(),
        false => (outline, links, uri_links),
    };
    Finishing {
        labels,
        outline,
        links,
        uri_links,
        cover,
        minimal_metadata: profile == profile::Profile::Kdp,
        pdfx: profile == profile::Profile::Ingram,
        info: DocumentInfo {
            title: meta.title.clone(),
            subtitle: meta.subtitle.clone(),
            authors: meta.authors.clone(),
            language: meta.lang.to_string(),
            description: meta.description.clone(),
            keywords: meta.subject_names(),
            publisher: meta.publisher.clone(),
            producer: format!("Folio {}", env!("CARGO_PKG_VERSION")),
            date_unix: meta.modified_unix,
        },
    }
}

#[cfg(test)]
#[path = "finishing_tests.rs"]
mod finishing_tests;
