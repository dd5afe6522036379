//! The contents: an entry per story and per titled item of matter worth one, each
//! with its true page number right-aligned and a link to its page.

use crate::fonts::FontStyle;
use crate::model::{Book, Inline};
use crate::render::pdf::flow::ComposedPage;
use crate::render::pdf::flow::{blank_page, place_line, place_lines, PageKind};
use crate::render::pdf::geometry::{PageGeometry, Typesetting};
use crate::render::pdf::inline::{
    display_lines, set_paragraph, Align, MissingGlyph, ParagraphStyle, Shaper,
};
use crate::units::Pt;

/// A contents entry: its lines and the page it points to (before the front matter
/// is counted, body and back pages are 0-based from the first story).
#[derive(Debug, Clone)]
pub(super) struct ContentsEntry {
    pub(super) title: String,
    /// Author and translator lines, set in italic under the title.
    pub(super) bylines: Vec<String>,
    pub(super) label: String,
    pub(super) target_page: usize,
    pub(super) target_is_body: bool,
    /// 1 for a story under its part (indented), else 0.
    pub(super) level: usize,
}

#[derive(Debug, Clone)]
pub(super) struct PendingLink {
    pub(super) page: usize,
    pub(super) rect: [Pt; 4],
    pub(super) target_page: usize,
    pub(super) target_is_body: bool,
}

pub use crate::lang::numbers::roman;

/// Contents pages with true page numbers, right-aligned, each entry a link.
pub(super) fn contents_pages(
    book: &Book,
    shaper: &mut Shaper<'_>,
    geometry: &PageGeometry,
    settings: &Typesetting,
    entries: &[ContentsEntry],
    first_page: usize,
) -> Result<(Vec<ComposedPage>, Vec<PendingLink>), MissingGlyph> {
    let measure = geometry.measure();
    let size = geometry.font_size;
    let language = &book.meta.lang;
    let mut pages = Vec::new();
    let mut links = Vec::new();
    let mut page = blank_page();
    page.kind = PageKind::Front;
    let mut grid = 3;
    let heading = display_lines(
        shaper,
        book.labels().contents,
        FontStyle::Regular,
        size * 1.5,
        measure,
        language,
    )?;
    for line in &heading {
        place_line(
            &mut page.runs,
            line,
            geometry.left(first_page + 1),
            geometry.baseline(grid),
        );
    }
    grid += 4;
    for entry in entries {
        if grid + 1 + entry.bylines.len() >= geometry.lines_per_page {
            pages.push(std::mem::replace(&mut page, blank_page()));
            page.kind = PageKind::Front;
            grid = 0;
        }
        let page_index = first_page + pages.len();
        let indent = size * entry.level as f32;
        let left = geometry.left(page_index + 1) + indent;
        let measure = measure - indent;
        // Entries are set ragged and unhyphenated; the number sits right-aligned.
        let mut style = ParagraphStyle::text(settings, geometry.font_size, language, measure);
        style.align = Align::Left;
        style.hyphenate = false;
        let number_line = set_paragraph(shaper, &[Inline::Text(entry.label.clone())], &style)?;
        let number_width = number_line.first().map_or(Pt::ZERO, |l| l.width);
        style.measure = measure - number_width - size * 2.0;
        let title_lines = set_paragraph(shaper, &[Inline::Text(entry.title.clone())], &style)?;
        let top = geometry.baseline(grid) - size;
        place_lines(&mut page, &title_lines, left, geometry, &mut grid, 1);
        let number_baseline = geometry.baseline(grid - 1);
        for byline in &entry.bylines {
            let mut byline_style = style.clone();
            byline_style.base = FontStyle::Italic;
            byline_style.size = size * 0.9;
            let lines = set_paragraph(shaper, &[Inline::Text(byline.clone())], &byline_style)?;
            place_lines(&mut page, &lines, left + size, geometry, &mut grid, 1);
        }
        for line in &number_line {
            place_line(
                &mut page.runs,
                line,
                left + measure - number_width,
                number_baseline,
            );
        }
        links.push(PendingLink {
            page: page_index,
            rect: [
                left,
                top,
                left + measure,
                geometry.baseline(grid - 1) + size * 0.3,
            ],
            target_page: entry.target_page,
            target_is_body: entry.target_is_body,
        });
        grid += 1;
    }
    pages.push(page);
    Ok((pages, links))
}
