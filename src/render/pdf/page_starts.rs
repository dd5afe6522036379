//! Where each page of the composed book begins, for the EPUB's print page numbers
//! (`crate::render::PageStart`): the page's label as the PDF's /PageLabels give it,
//! the story it shows, and its first letters as set, read back from its glyphs.

use super::flow::{ComposedPage, PageKind};
use super::geometry::PageGeometry;
use super::inline::Shaper;
use super::pages::{roman, ComposedBook};
use crate::lang::letters::{is_alphanumeric, to_lowercase};
use crate::model::Book;
use crate::render::{PagePart, PageStart};

/// Every page's start, in page order.
pub fn page_starts(
    book: &Book,
    composed: &ComposedBook,
    shaper: &Shaper<'_>,
    geometry: &PageGeometry,
) -> Vec<PageStart> {
    composed
        .pages
        .iter()
        .enumerate()
        .map(|(index, page)| PageStart {
            label: label(book, composed, index),
            part: match page.story {
                Some(story) if composed.story_pages.get(story) == Some(&index) => {
                    PagePart::StoryOpening(story)
                }
                Some(story) if page.kind != PageKind::Blank => PagePart::Story(story),
                _ => PagePart::Matter,
            },
            text: first_letters(page, shaper, geometry),
        })
        .collect()
}

/// The label the PDF's /PageLabels give page `index` (see `finishing`): the cover's
/// name on the cover pages, lowercase roman in the front matter, arabic after.
fn label(book: &Book, composed: &ComposedBook, index: usize) -> String {
    if index < composed.cover_pages {
        book.labels().cover.to_string()
    } else if index < composed.front_pages {
        roman(index + 1 - composed.cover_pages)
    } else {
        (index + 1 - composed.front_pages).to_string()
    }
}

/// The page's first letters and digits, lowercased: the text of its glyphs in the
/// order they are placed, between the running head and the folio (which are not
/// the book's text).
fn first_letters(page: &ComposedPage, shaper: &Shaper<'_>, geometry: &PageGeometry) -> String {
    let (head, folio) = (geometry.head_baseline(), geometry.folio_baseline());
    let mut out = String::new();
    let mut count = 0;
    let runs = page
        .runs
        .iter()
        .filter(|placed| placed.baseline > head && placed.baseline < folio);
    'runs: for placed in runs {
        for glyph in &placed.run.glyphs {
            let text = shaper
                .glyph_text(placed.run.font, placed.run.style, glyph.id)
                .unwrap_or("");
            for c in text.chars().filter(|&c| is_alphanumeric(c)) {
                out.extend(to_lowercase(c));
                count += 1;
                if count == PageStart::TEXT {
                    break 'runs;
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::finishing_tests::composed;
    use super::*;

    #[test]
    fn each_page_is_labelled_as_the_pdf_labels_it() {
        // The /PageLabels ranges of `finishing`: the cover by name, roman from the
        // first page after it, arabic from 1 at the body.
        let book = Book::default();
        let cover = book.labels().cover;
        let labels: Vec<String> = (0..9)
            .map(|index| label(&book, &composed(2, 5, 9), index))
            .collect();
        assert_eq!(labels, [cover, cover, "i", "ii", "iii", "1", "2", "3", "4"]);
        let labels: Vec<String> = (0..4)
            .map(|index| label(&book, &composed(0, 2, 4), index))
            .collect();
        assert_eq!(labels, ["i", "ii", "1", "2"]);
    }
}
