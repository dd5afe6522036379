//! The book's structure above the stories: parts (a title over a run of
//! consecutive stories) and how chapters are numbered. Both renderers ask here,
//! so that the PDF and the EPUB say the same thing.

use super::Book;
use crate::lang::numbers::roman_upper;

/// A part: its title, printed as written (parts are not numbered), and the
/// stories in it, by index, consecutive.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    pub title: String,
    pub stories: std::ops::Range<usize>,
}

/// `[book] numbering`: what is printed above each story's title.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Numbering {
    #[default]
    None,
    /// "Chapter 1".
    Arabic,
    /// "Chapter One", in the book's language (numerals where Folio has no words).
    Words,
    /// "I", alone.
    Roman,
}

impl Book {
    /// The line above the title of story `index` (0-based), e.g. "Chapter One";
    /// chapters are numbered through the book, across parts.
    pub fn chapter_label(&self, index: usize) -> Option<String> {
        let n = index + 1;
        let labels = self.labels();
        match self.numbering {
            Numbering::None => None,
            Numbering::Arabic => Some(labels.chapter(&n.to_string())),
            Numbering::Words => Some(
                labels.chapter(
                    &self
                        .meta
                        .lang
                        .number_words(n)
                        .unwrap_or_else(|| n.to_string()),
                ),
            ),
            Numbering::Roman => Some(roman_upper(n)),
        }
    }

    /// The part whose first story is story `index`, with its position among the parts.
    pub fn part_opening_at(&self, index: usize) -> Option<(usize, &Part)> {
        self.parts
            .iter()
            .enumerate()
            .find(|(_, part)| part.stories.start == index)
    }

    /// The position among the parts of the part story `index` is in, if any.
    pub fn part_of(&self, index: usize) -> Option<usize> {
        self.parts
            .iter()
            .position(|part| part.stories.contains(&index))
    }
}
