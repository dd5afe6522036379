//! Front and back matter other than the contents: the half-title, the title page,
//! the copyright page, the dedication, the epigraph, prose sections (flowed like a
//! story), the also-by list and the colophon; and where each opens.

use std::borrow::Cow;

use crate::fonts::FontStyle;
use crate::lang::Lang;
use crate::model::walk::all_blocks;
use crate::model::{Block, Book, Inline, Labels, MatterKind, SectionRole};
use crate::render::pdf::flow::{
    attributed, blank_page, flowed_pages, place_line, place_lines, ComposedPage, FlowInput,
    PageKind,
};
use crate::render::pdf::geometry::{PageGeometry, Typesetting};
use crate::render::pdf::inline::{
    centred, display_lines, set_paragraph, Align, MissingGlyph, ParagraphStyle, Shaper,
};
use crate::units::Pt;

/// Which side of the spread an item of matter opens on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Side {
    Recto,
    Verso,
    Any,
}

/// Print convention: the half-title, title, dedication, epigraph, contents and the
/// prose that introduces the book open on rectos; the copyright page and the also-by
/// list sit on versos (behind the title, facing it).
pub(super) fn placement(kind: &MatterKind) -> Side {
    match kind {
        MatterKind::HalfTitle
        | MatterKind::TitlePage
        | MatterKind::Dedication(_)
        | MatterKind::Epigraph(_)
        | MatterKind::Contents
        | MatterKind::Colophon => Side::Recto,
        MatterKind::Section { role, .. } if role.opens_recto() => Side::Recto,
        MatterKind::Section { .. } => Side::Any,
        MatterKind::Copyright | MatterKind::AlsoBy { .. } => Side::Verso,
    }
}

/// The outline (bookmark) title of an item of matter, if it gets one.
pub(super) fn outline_title(labels: &Labels, kind: &MatterKind) -> Option<String> {
    match kind {
        MatterKind::HalfTitle => None,
        MatterKind::TitlePage => Some(labels.title_page.into()),
        MatterKind::Copyright => Some(labels.copyright.into()),
        MatterKind::Dedication(_) => Some(labels.dedication.into()),
        MatterKind::Epigraph(_) => Some(labels.epigraph.into()),
        MatterKind::Contents => Some(labels.contents.into()),
        MatterKind::Section { title, .. } | MatterKind::AlsoBy { title, .. } => Some(title.clone()),
        MatterKind::Colophon => Some(labels.colophon.into()),
    }
}

/// Titled prose and the also-by list are worth a contents line; pages such as the
/// dedication are not.
pub(super) fn listed_in_contents(kind: &MatterKind) -> bool {
    matches!(kind, MatterKind::Section { .. } | MatterKind::AlsoBy { .. })
}

/// What every matter page is set with: the book, its page, its settings and the
/// body font's name (for the colophon).
pub(super) struct MatterSetting<'a> {
    pub book: &'a Book,
    pub geometry: &'a PageGeometry,
    pub settings: &'a Typesetting,
    pub font_name: &'a str,
}

/// The pages of one item of matter other than the contents; `number` is the
/// page number of its first page in its sequence (for the side of the gutter).
pub(super) fn matter_pages(
    setting: &MatterSetting<'_>,
    shaper: &mut Shaper<'_>,
    kind: &MatterKind,
    number: usize,
) -> Result<Vec<ComposedPage>, MissingGlyph> {
    let MatterSetting {
        book,
        geometry,
        settings,
        font_name,
    } = *setting;
    let measure = geometry.measure();
    let left = geometry.left(number);
    let size = geometry.font_size;
    let language = &book.meta.lang;
    let mut page = blank_page();
    page.kind = PageKind::Front;
    match kind {
        MatterKind::HalfTitle => {
            let grid = geometry.lines_per_page / 4;
            let mut display = Display::new(&mut page, shaper, geometry, language).at(left, grid);
            display.line(&book.meta.title, FontStyle::Regular, size * 1.6, 2)?;
        }
        MatterKind::TitlePage => {
            let mut title = title_page(book, shaper, geometry)?;
            if left != geometry.left(1) {
                shift_runs(&mut title, left - geometry.left(1));
            }
            return Ok(vec![title]);
        }
        MatterKind::Copyright => {
            let mut style = ParagraphStyle::text(settings, geometry.font_size, language, measure);
            style.size = size * 0.85;
            style.align = Align::Left;
            style.hyphenate = false;
            let mut set = Vec::new();
            for line in book.copyright_lines() {
                set.push(set_paragraph(shaper, &line, &style)?);
            }
            // Set from the foot of the page up, a blank line between paragraphs.
            let height: usize = set
                .iter()
                .map(|p| p.len() + 1)
                .sum::<usize>()
                .saturating_sub(1);
            let mut grid = geometry.lines_per_page.saturating_sub(height);
            for paragraph in set {
                place_lines(&mut page, &paragraph, left, geometry, &mut grid, 1);
                grid += 1;
            }
        }
        MatterKind::Dedication(blocks) => {
            let mut grid = geometry.lines_per_page / 4;
            for content in paragraphs(blocks) {
                let lines = centred(
                    shaper,
                    content,
                    FontStyle::Italic,
                    size,
                    measure * 0.8,
                    language,
                )?;
                place_lines(
                    &mut page,
                    &lines,
                    left + measure * 0.1,
                    geometry,
                    &mut grid,
                    1,
                );
                grid += 1;
            }
        }
        MatterKind::Epigraph(epigraph) => {
            let inset = measure * 0.15;
            let width = measure - 2.0 * inset;
            let mut style = ParagraphStyle::text(settings, geometry.font_size, language, width);
            style.base = FontStyle::Italic;
            style.align = Align::Left;
            style.hyphenate = false;
            let mut grid = geometry.lines_per_page / 4;
            for content in paragraphs(&epigraph.blocks) {
                let lines = set_paragraph(shaper, content, &style)?;
                place_lines(&mut page, &lines, left + inset, geometry, &mut grid, 1);
            }
            if let Some(source) = &epigraph.source {
                style.base = FontStyle::Regular;
                let text = attributed(source);
                for line in set_paragraph(shaper, &text, &style)? {
                    let x = left + inset + width - line.width;
                    place_line(&mut page.runs, &line, x, geometry.baseline(grid + 1));
                    grid += 1;
                }
            }
        }
        MatterKind::Section {
            title,
            blocks,
            role,
        } => {
            let mut blocks = Cow::Borrowed(blocks.as_slice());
            if *role == SectionRole::Acknowledgments && !book.has_copyright_page(settings.output) {
                for credit in book.publication_credits() {
                    blocks.to_mut().push(Block::Paragraph(credit));
                }
            }
            let section = FlowInput::section(book, title, blocks);
            return flowed_pages(&section, None, shaper, geometry, settings, number);
        }
        MatterKind::AlsoBy { title, titles } => {
            let mut display = Display::new(&mut page, shaper, geometry, language).at(left, 3);
            display.line(title, FontStyle::Regular, size * 1.3, 2)?;
            display.grid += 1;
            for book_title in titles {
                // Set in italics whole: the title's own emphasis adds nothing.
                let book_title = Inline::plain_text(book_title);
                display.line(&book_title, FontStyle::Italic, size, 1)?;
                display.grid += 1;
            }
        }
        MatterKind::Colophon => {
            return Ok(vec![colophon_page(
                book, font_name, shaper, geometry, number,
            )?]);
        }
        MatterKind::Contents => {}
    }
    Ok(vec![page])
}

/// The inline content of each paragraph among `blocks` (quotes and lists flattened,
/// each line of verse apart).
fn paragraphs(blocks: &[Block]) -> impl Iterator<Item = &[Inline]> {
    all_blocks(blocks)
        .flat_map(Block::inline_runs)
        .map(Vec::as_slice)
}

fn shift_runs(page: &mut ComposedPage, dx: Pt) {
    for run in &mut page.runs {
        run.x += dx;
    }
}

fn title_page(
    book: &Book,
    shaper: &mut Shaper<'_>,
    geometry: &PageGeometry,
) -> Result<ComposedPage, MissingGlyph> {
    let meta = &book.meta;
    let size = geometry.font_size;
    let mut page = blank_page();
    page.kind = PageKind::Front;
    let left = geometry.left(1);
    let mut display = Display::new(&mut page, shaper, geometry, &meta.lang).at(left, 6);
    display.line(&meta.title, FontStyle::Regular, size * 2.4, 3)?;
    if let Some(subtitle) = &meta.subtitle {
        display.line(subtitle, FontStyle::Italic, size * 1.3, 2)?;
    }
    display.grid += 3;
    for author in &meta.authors {
        display.line(author, FontStyle::Regular, size * 1.3, 2)?;
    }
    if let Some(publisher) = meta.title_page_publisher() {
        // At the foot of the page, however many lines it takes.
        display.grid = geometry.lines_per_page - 1;
        display.line(publisher, FontStyle::Regular, size, 0)?;
    }
    Ok(page)
}

fn colophon_page(
    book: &Book,
    font_name: &str,
    shaper: &mut Shaper<'_>,
    geometry: &PageGeometry,
    number: usize,
) -> Result<ComposedPage, MissingGlyph> {
    let mut page = blank_page();
    page.kind = PageKind::Back;
    let left = geometry.left(number);
    let size = geometry.font_size;
    let labels = book.labels();
    let set_in = labels.fonts(font_name, true);
    let texts = [
        (labels.colophon, FontStyle::Italic),
        (set_in.as_str(), FontStyle::Regular),
        (labels.made_with, FontStyle::Regular),
    ];
    let grid = geometry.lines_per_page / 3;
    let mut display = Display::new(&mut page, shaper, geometry, &book.meta.lang).at(left, grid);
    for (text, face) in texts {
        display.line(text, face, size, 2)?;
    }
    Ok(page)
}

/// Display text (titles, names) set centred on a page of matter, line by line from
/// grid line `grid` on.
pub(super) struct Display<'p, 's, 'f> {
    page: &'p mut ComposedPage,
    shaper: &'s mut Shaper<'f>,
    geometry: &'p PageGeometry,
    left: Pt,
    language: &'p Lang,
    pub(super) grid: usize,
}

impl<'p, 's, 'f> Display<'p, 's, 'f> {
    /// Display text in `language` on `page`, from the top of the text block on the
    /// left of a recto; see `at`.
    pub(super) fn new(
        page: &'p mut ComposedPage,
        shaper: &'s mut Shaper<'f>,
        geometry: &'p PageGeometry,
        language: &'p Lang,
    ) -> Self {
        let left = geometry.left(1);
        Display {
            page,
            shaper,
            geometry,
            left,
            language,
            grid: 0,
        }
    }

    /// The text block's left edge (which side of the gutter) and the first grid line.
    pub(super) fn at(mut self, left: Pt, grid: usize) -> Self {
        self.left = left;
        self.grid = grid;
        self
    }

    /// `text` centred on the measure, its lines `step` grid lines apart; the next
    /// text starts `step` lines below its last.
    pub(super) fn line(
        &mut self,
        text: &str,
        face: FontStyle,
        size: Pt,
        step: usize,
    ) -> Result<(), MissingGlyph> {
        let measure = self.geometry.measure();
        let lines = display_lines(self.shaper, text, face, size, measure, self.language)?;
        place_lines(
            self.page,
            &lines,
            self.left,
            self.geometry,
            &mut self.grid,
            step,
        );
        Ok(())
    }
}
