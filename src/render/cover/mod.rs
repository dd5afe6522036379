//! The full-wrap print cover, `<slug>-cover.pdf`: back, spine and front on one page
//! with 0.125 in of bleed around it, the spine as wide as the interior's paper is
//! thick (`settings`). It reuses the PDF engine's stages — `inline` sets its text
//! (`layout`), `output` writes and finishes it (`write`) — but not the PDF
//! renderer: the interior's final page count and trim come from the build's
//! shared print pages (`RenderContext::page_starts`), and the back text from the
//! model (`Book::output_texts`, read by the source stage).

mod layout;
pub mod settings;
mod write;

use crate::error::{Diagnostic, Error, Result};
use crate::manifest::LoadedManifest;
use crate::model::{Block, Book};
use crate::render::pdf::output::finish::DocumentInfo;
use crate::render::pdf::{check_cover, cover_image};
use crate::render::{
    Output, OutputTable, Progress, RenderContext, RenderWarning, Renderer, RendererKind,
};
use settings::{spine_width, CoverSettings, SPINE_TEXT_MIN_PAGES};

pub const NAME: &str = "cover";

pub const KIND: RendererKind = RendererKind {
    name: NAME,
    extension: "pdf",
    suffix: "-cover",
    about: "Build the full-wrap print cover (<slug>-cover.pdf)",
    configure,
    shows_text: false,
};

/// A cover image printed coarser than this warns (pixels per inch).
const MIN_PPI: f32 = 300.0;

fn configure(table: &OutputTable<'_>) -> std::result::Result<Box<dyn Renderer>, Vec<Diagnostic>> {
    Ok(Box::new(CoverRenderer {
        settings: settings::read(table)?,
    }))
}

pub struct CoverRenderer {
    settings: CoverSettings,
}

fn render_error(message: impl std::fmt::Display) -> Error {
    Error::Render {
        format: "cover",
        message: message.to_string(),
    }
}

impl Renderer for CoverRenderer {
    fn name(&self) -> &'static str {
        NAME
    }

    fn font_family(&self) -> Option<&str> {
        self.settings.font.as_deref()
    }

    /// The front image must be one the PDF can embed; the back text holds
    /// paragraphs only.
    fn check(&self, book: &Book, manifest: &LoadedManifest) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        // A book without [output.cover] has no print cover to check its image for
        // (the EPUB takes any PNG).
        let cover = book.cover.as_ref().filter(|_| self.settings.present);
        if let (Some(span), Some(cover)) = (&manifest.manifest.book.cover, cover) {
            if let Err(message) = check_cover(cover) {
                problems.push(
                    manifest
                        .diagnostic_at(
                            span.span(),
                            format!("the print cover cannot use this image: {message}"),
                        )
                        .help("save it as a JPEG, or as an 8-bit RGB or greyscale PNG without transparency"),
                );
            }
        }
        let back = book.output_text(NAME, "back").unwrap_or_default();
        if let (Some((_, span)), true) = (
            &self.settings.back,
            back.iter().any(|b| !matches!(b, Block::Paragraph(_))),
        ) {
            problems.push(
                manifest
                    .diagnostic_at(span.clone(), "the back text can hold only paragraphs".into())
                    .help("write it as paragraphs (with *emphasis* if you like), without headings, lists, quotes or tables"),
            );
        }
        manifest.attribute(problems)
    }

    fn render(&self, ctx: &RenderContext<'_>, _progress: &dyn Progress) -> Result<Output> {
        let book = ctx.book;
        let pages = ctx
            .page_starts
            .and_then(|slot| slot.wait())
            .ok_or_else(|| {
                render_error(
                    "the cover needs the interior's page count, and the PDF was not laid out",
                )
            })?;
        let count = pages.starts.len();
        let s = &self.settings;
        let wrap = layout::Wrap {
            trim: pages.trim,
            spine: spine_width(s.store, s.paper, count),
        };
        let mut warnings = Vec::new();
        let spine_text = match (&s.spine, count >= SPINE_TEXT_MIN_PAGES) {
            (Some((text, _)), true) => Some(text.clone()),
            (None, true) => Some(default_spine(book)),
            (Some(_), false) => {
                warnings.push(RenderWarning {
                    code: "cover-spine",
                    message: format!(
                        "the interior has {count} pages, under the {SPINE_TEXT_MIN_PAGES} KDP needs for text on the spine: the spine is left blank"
                    ),
                    help: "remove `spine` from [output.cover], or keep it for when the book is longer".into(),
                    text: String::new(),
                    at: None,
                    key: Some("output.cover.spine"),
                });
                None
            }
            (None, false) => None,
        };
        let image = book.cover.as_ref().map(cover_image);
        if let Some(image) = &image {
            // Scaled to cover the front panel and its bleed: its pixels per inch
            // are the fewer of the two directions' after the larger scale.
            let (width, height) = wrap.size();
            let panel = (width - wrap.front_left(), height);
            let scale = (panel.0 .0 / image.width as f32).max(panel.1 .0 / image.height as f32);
            let ppi = 72.0 / scale;
            if ppi < MIN_PPI {
                warnings.push(RenderWarning {
                    code: "cover-ppi",
                    message: format!(
                        "the cover image prints at {ppi:.0} pixels per inch on the front of the print cover, under the {MIN_PPI:.0} printers ask for"
                    ),
                    help: format!(
                        "use an image of at least {:.0} × {:.0} pixels ({} × {} now)",
                        (panel.0 .0 / 72.0 * MIN_PPI).ceil(),
                        (panel.1 .0 / 72.0 * MIN_PPI).ceil(),
                        image.width,
                        image.height
                    ),
                    text: String::new(),
                    at: None,
                    key: Some("book.cover"),
                });
            }
        }
        let mut shaper = crate::render::pdf::inline::Shaper::new(ctx.fonts);
        let words = layout::Words {
            back: book.output_text(NAME, "back").unwrap_or_default(),
            spine: spine_text.as_deref(),
            front_title: image.is_none(),
        };
        let composed = layout::compose(book, &mut shaper, &wrap, &words).map_err(|e| match e {
            layout::LayoutError::Glyph(missing) => {
                missing.into_error("cover", ctx.fonts, Some("output.cover"))
            }
            layout::LayoutError::TooLong { lines, fit } => render_error(format!(
                "the back text takes {lines} lines and the back cover holds {fit} above the barcode box; shorten `back` in [output.cover]"
            )),
        })?;
        let art = write::Art {
            background: s.background,
            color: s.color,
            image: image.as_ref(),
        };
        let bytes = write::write(composed, ctx.fonts, &shaper, &wrap, &art, info(book))
            .map_err(render_error)?;
        Ok(Output {
            bytes,
            extension: "pdf",
            // Always one page: the build's page count stays the interior's.
            pages: None,
            warnings,
            preview: Vec::new(),
            facts: Default::default(),
        })
    }

    fn marks_pages(&self) -> bool {
        true
    }

    fn by_default(&self) -> bool {
        self.settings.present
    }

    fn markdown(&self) -> Vec<(&'static str, &str, std::ops::Range<usize>)> {
        self.settings
            .back
            .iter()
            .map(|(text, span)| ("back", text.as_str(), span.clone()))
            .collect()
    }
}

/// The spine's words when the author gives none: the title, an em dash, the authors.
fn default_spine(book: &Book) -> String {
    let meta = &book.meta;
    match meta.authors.is_empty() {
        true => meta.title.clone(),
        false => format!("{} — {}", meta.title, meta.authors.join(", ")),
    }
}

fn info(book: &Book) -> DocumentInfo {
    let meta = &book.meta;
    DocumentInfo {
        title: meta.title.clone(),
        subtitle: meta.subtitle.clone(),
        authors: meta.authors.clone(),
        language: meta.lang.to_string(),
        description: None,
        keywords: Vec::new(),
        publisher: meta.publisher.clone(),
        producer: format!("Folio {}", env!("CARGO_PKG_VERSION")),
        date_unix: meta.modified_unix,
    }
}
