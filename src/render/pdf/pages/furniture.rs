//! Furniture: what a page carries besides its text — a running head and a folio —
//! chosen for the body and back matter here, for the front matter in `front`, and
//! set on the pages by `furnish`.

use crate::fonts::FontStyle;
use crate::model::Book;
use crate::render::pdf::flow::{place_line, ComposedPage, PageKind};
use crate::render::pdf::geometry::PageGeometry;
use crate::render::pdf::inline::{display_lines, MissingGlyph, Shaper};

/// What a page carries besides its text: a running head and a folio.
#[derive(Debug, Clone, Default)]
pub(super) struct Furniture {
    pub(super) head: Option<String>,
    pub(super) folio: Option<String>,
}

/// Running heads and folios of the body and back matter: on a story's pages the
/// story's title on rectos and the book's title (or, in an anthology, the story's
/// author) on versos; on back matter prose, its title on rectos. None on openers'
/// heads or on blank pages. `back_sections` names the prose item of each back page.
pub(super) fn body_furniture(
    book: &Book,
    pages: &[ComposedPage],
    back_sections: &[Option<String>],
    body_len: usize,
) -> Vec<Furniture> {
    pages
        .iter()
        .enumerate()
        .map(|(index, page)| {
            let number = index + 1;
            if page.kind == PageKind::Blank {
                return Furniture::default();
            }
            let section = index
                .checked_sub(body_len)
                .and_then(|i| back_sections.get(i).cloned().flatten());
            let head = (page.kind == PageKind::Body).then(|| {
                let story = page.story.map(|index| &book.stories[index]);
                match (number % 2 == 0, story, section) {
                    (true, Some(story), _) => story
                        .author
                        .clone()
                        .unwrap_or_else(|| book.meta.title.clone()),
                    (false, Some(story), _) => story.title.clone(),
                    (false, None, Some(section)) => section,
                    (_, None, _) => book.meta.title.clone(),
                }
            });
            Furniture {
                head,
                folio: Some(number.to_string()),
            }
        })
        .collect()
}

/// Sets each page's running head and folio; `pages[0]` has number `first_number`
/// (which decides the side of the gutter).
pub(super) fn furnish(
    book: &Book,
    shaper: &mut Shaper<'_>,
    geometry: &PageGeometry,
    pages: &mut [ComposedPage],
    furniture: &[Furniture],
    first_number: usize,
) -> Result<(), MissingGlyph> {
    let small = geometry.font_size * 0.85;
    let measure = geometry.measure();
    let language = &book.meta.lang;
    for (index, (page, furniture)) in pages.iter_mut().zip(furniture).enumerate() {
        let left = geometry.left(first_number + index);
        if let Some(head) = &furniture.head {
            let head = head.to_uppercase();
            for line in display_lines(shaper, &head, FontStyle::Regular, small, measure, language)?
            {
                place_line(&mut page.runs, &line, left, geometry.head_baseline());
            }
        }
        if let Some(folio) = &furniture.folio {
            for line in display_lines(shaper, folio, FontStyle::Regular, small, measure, language)?
            {
                place_line(&mut page.runs, &line, left, geometry.folio_baseline());
            }
        }
    }
    Ok(())
}
