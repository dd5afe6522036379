//! The page-label ranges `finishing` gives the PDF, for every mix of cover, front
//! matter and body (the sample books have no cover and always some front matter).

use super::*;
use crate::render::pdf::flow::place::blank_page;

/// A book of `total` blank pages: `cover` cover pages, then front matter up to
/// page `front`, then the body.
pub(super) fn composed(cover: usize, front: usize, total: usize) -> ComposedBook {
    ComposedBook {
        pages: (0..total).map(|_| blank_page()).collect(),
        front_pages: front,
        story_pages: Vec::new(),
        part_pages: Vec::new(),
        cover_pages: cover,
        contents_page: None,
        front_entries: Vec::new(),
        back_entries: Vec::new(),
        links: Vec::new(),
        forced_breaks: Vec::new(),
    }
}

/// The label ranges of `composed(cover, front, total)`.
fn ranges(cover: usize, front: usize, total: usize) -> Vec<(usize, LabelStyle, u32)> {
    let composed = composed(cover, front, total);
    let geometry = PdfOptions::default().geometry().unwrap();
    finishing(
        &Book::default(),
        &composed,
        &geometry,
        profile::Profile::Digital,
    )
    .labels
    .iter()
    .map(|range| (range.first_page, range.style, range.start))
    .collect()
}

#[test]
fn the_cover_is_named_the_front_matter_roman_and_the_body_counts_from_one() {
    use LabelStyle::{Decimal, LowerRoman, None as Named};
    assert_eq!(
        ranges(2, 5, 12),
        [(0, Named, 1), (2, LowerRoman, 1), (5, Decimal, 1)]
    );
    // Without a cover the roman pages start the book.
    assert_eq!(ranges(0, 3, 9), [(0, LowerRoman, 1), (3, Decimal, 1)]);
    // No front matter: no empty roman range at the body's first page.
    assert_eq!(ranges(2, 2, 6), [(0, Named, 1), (2, Decimal, 1)]);
    assert_eq!(ranges(0, 0, 4), [(0, Decimal, 1)]);
    // No body: no arabic range past the last page.
    assert_eq!(ranges(0, 3, 3), [(0, LowerRoman, 1)]);
}
