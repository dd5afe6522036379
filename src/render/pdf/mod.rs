//! PDF renderer: a typesetting engine in four stages, each a folder, data flowing
//! one way: `inline` (a paragraph → set lines: shaping, hyphenation, total-fit line
//! breaking), `flow` (a story's blocks → pages of placed lines: the baseline grid,
//! page breaking), `pages` (the book → composed pages: front and back matter, the
//! contents, running heads and folios) and `output` (composed pages → PDF bytes:
//! printpdf writing, lopdf finishing). `geometry` is the page they all share.

pub mod flow;
pub mod geometry;
pub mod inline;
pub mod output;
pub mod pages;

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::model::{Book, ImageType};
use crate::render::RenderContext;
use crate::units;
use finish::{
    CoverImage, CoverKind, DocumentInfo, Finishing, InternalLink, LabelStyle, OutlineItem,
    PageLabelRange,
};
use geometry::{parse_length, PageGeometry, Pt, Trim, Typesetting};
use inline::shaping::Shaper;
use output::{finish, writer};
use pages::compose::{self, ComposedBook};

/// `[output.pdf]`, owned by this renderer.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct PdfOptions {
    /// A preset (`5x8`, `5.25x8`, `5.5x8.5`, `6x9`, `a5`) or `{ width, height }`.
    pub trim: Trim,
    /// Font family from `fonts/`; defaults to the only family there.
    pub font: Option<String>,
    /// Body type size in points.
    pub font_size: Pt,
    /// Baseline-to-baseline distance in points.
    pub leading: Pt,
    pub hyphenate: bool,
    /// Justified text (the default) or ragged right.
    pub justify: bool,
    pub widow_orphan_control: bool,
    /// Put `[book] cover` on the first page (and a blank inside cover after it).
    pub cover: bool,
    pub margins: Margins,
}

/// Margins as lengths ("0.75in", "18mm", "54pt"); inner is the gutter.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Margins {
    pub top: String,
    pub bottom: String,
    pub inner: String,
    pub outer: String,
}

impl Default for Margins {
    fn default() -> Self {
        Margins {
            top: "0.75in".into(),
            bottom: "0.85in".into(),
            inner: "0.8in".into(),
            outer: "0.6in".into(),
        }
    }
}

impl Default for PdfOptions {
    fn default() -> Self {
        PdfOptions {
            trim: Trim::default(),
            font: None,
            font_size: 11.0,
            leading: 14.0,
            hyphenate: true,
            justify: true,
            widow_orphan_control: true,
            cover: false,
            margins: Margins::default(),
        }
    }
}

fn render_error(message: impl std::fmt::Display) -> Error {
    Error::Render {
        format: "PDF",
        message: message.to_string(),
    }
}

impl PdfOptions {
    /// How the text is set, for the stages.
    pub fn typesetting(&self) -> Typesetting {
        Typesetting {
            justify: self.justify,
            hyphenate: self.hyphenate,
            widow_orphan_control: self.widow_orphan_control,
            cover: self.cover,
        }
    }

    /// The page geometry these options describe, or what is wrong with them.
    pub fn geometry(&self) -> std::result::Result<PageGeometry, String> {
        let (width, height) = self.trim.size()?;
        let m = &self.margins;
        let (top, bottom) = (parse_length(&m.top)?, parse_length(&m.bottom)?);
        let (inner, outer) = (parse_length(&m.inner)?, parse_length(&m.outer)?);
        if !(5.0..=24.0).contains(&self.font_size) {
            return Err(format!("font_size = {} is outside 5–24 pt", self.font_size));
        }
        if !(self.font_size..=self.font_size * 2.5).contains(&self.leading) {
            return Err(format!(
                "leading = {} must be between the font size and 2.5 times it",
                self.leading
            ));
        }
        if width - inner - outer < self.font_size * 12.0 {
            return Err("the margins leave too narrow a text block".into());
        }
        let block = height - top - bottom - self.font_size;
        if block < self.leading * 10.0 {
            return Err("the margins leave fewer than ten lines per page".into());
        }
        let lines_per_page = (block / self.leading).floor() as usize + 1;
        Ok(PageGeometry {
            width: units::Pt(width),
            height: units::Pt(height),
            top: units::Pt(top),
            inner: units::Pt(inner),
            outer: units::Pt(outer),
            leading: units::Pt(self.leading),
            font_size: units::Pt(self.font_size),
            lines_per_page,
        })
    }
}

/// Whether the PDF can embed this cover image, or why not.
pub fn check_cover(cover: &crate::model::Cover) -> std::result::Result<(), String> {
    finish::check_cover(&cover_image(cover))
}

fn cover_image(cover: &crate::model::Cover) -> CoverImage {
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
    render_with_progress(ctx, options, &|_, _| {})
}

/// [`render`], reporting the stories laid out (how many of how many).
pub fn render_with_progress(
    ctx: &RenderContext<'_>,
    options: &PdfOptions,
    progress: &compose::Progress<'_>,
) -> Result<(Vec<u8>, usize)> {
    let t = std::time::Instant::now();
    let (composed, document) = typeset_with_progress(ctx, options, progress)?;
    crate::util::trace("pdf typeset+write", t);
    let t = std::time::Instant::now();
    let finishing = finishing(
        ctx.book,
        &composed,
        &options.geometry().map_err(render_error)?,
    );
    let finished = finish::finish_document(document, &finishing).map_err(render_error)?;
    crate::util::trace("pdf finish", t);
    Ok((finished, composed.pages.len()))
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
    let geometry = options.geometry().map_err(render_error)?;
    let mut shaper = Shaper::new(ctx.fonts);
    let t = std::time::Instant::now();
    let font = &ctx.fonts.name;
    let composed = compose::compose_with_progress(ctx.book, font, &mut shaper, &geometry, &options.typesetting(), progress).map_err(|missing| {
        render_error(format!(
            "the font `{}` has no glyph for {:?} (U+{:04X}); remove the character or add a font that has it",
            ctx.fonts.name, missing.character, missing.character as u32
        ))
    })?;
    crate::util::trace("pdf compose", t);
    let t = std::time::Instant::now();
    let document = writer::write(
        &composed,
        ctx.fonts,
        &shaper,
        &geometry,
        &ctx.book.meta.title,
    )
    .map_err(render_error)?;
    crate::util::trace("pdf write", t);
    Ok((composed, document))
}

fn finishing(book: &Book, composed: &ComposedBook, geometry: &PageGeometry) -> Finishing {
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
    let meta = &book.meta;
    let cover = match (&book.cover, composed.cover_pages) {
        (Some(cover), pages) if pages > 0 => Some(cover_image(cover)),
        _ => None,
    };
    Finishing {
        labels,
        outline,
        links,
        cover,
        info: DocumentInfo {
            title: meta.title.clone(),
            subtitle: meta.subtitle.clone(),
            authors: meta.authors.clone(),
            language: meta.language.clone(),
            description: meta.description.clone(),
            keywords: meta.subjects.clone(),
            publisher: meta.publisher.clone(),
            producer: format!("Folio {}", env!("CARGO_PKG_VERSION")),
            date_unix: meta.modified_unix,
        },
    }
}
