//! A part's title page: a recto with the part's title alone, a third of the way
//! down, no running head and no folio (a blind folio, as books print it); the
//! verso behind it stays blank so that the part's first story opens on a recto.

use super::matter::Display;
use crate::fonts::FontStyle;
use crate::model::{Book, Part};
use crate::render::pdf::flow::{blank_page, ComposedPage, PageKind};
use crate::render::pdf::geometry::PageGeometry;
use crate::render::pdf::inline::{MissingGlyph, Shaper};

/// The title page of `part`; `number` is its page number (for the gutter's side).
pub(super) fn part_page(
    book: &Book,
    part: &Part,
    shaper: &mut Shaper<'_>,
    geometry: &PageGeometry,
    number: usize,
) -> Result<ComposedPage, MissingGlyph> {
    let mut page = blank_page();
    page.kind = PageKind::Opener;
    let grid = geometry.lines_per_page / 3;
    let left = geometry.left(number);
    let mut display = Display::new(&mut page, shaper, geometry, &book.meta.lang).at(left, grid);
    display.line(&part.title, FontStyle::Regular, geometry.font_size * 2.0, 3)?;
    Ok(page)
}
