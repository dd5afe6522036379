//! `no-number-words`: `numbering = "words"` in a book whose language Folio has no
//! number words for, or with more chapters than it writes in words: those chapters
//! are numbered in numerals ("Kapitola 3"). Said once, at the `numbering` key.

use super::{Lint, Severity};
use crate::lang::numbers::{MAX_WORDS, WITH_WORDS};
use crate::manifest::LoadedManifest;
use crate::model::{Book, Numbering};

pub fn no_number_words(manifest: &LoadedManifest, book: &Book) -> Vec<Lint> {
    let Some(key) = &manifest.manifest.book.numbering else {
        return Vec::new();
    };
    if book.numbering != Numbering::Words {
        return Vec::new();
    }
    let lang = &book.meta.lang;
    let message = if !lang.has_number_words() {
        format!(
            "Folio has no number words for {} (`{lang}`): chapters are numbered 1, 2, 3",
            lang.name()
        )
    } else if book.stories.len() > MAX_WORDS {
        format!("chapters after the {MAX_WORDS}th are numbered in numerals, not words")
    } else {
        return Vec::new();
    };
    let help = format!(
        "use numbering = \"arabic\" or \"roman\" to say so, or write the book in one of: {}",
        WITH_WORDS.join(", ")
    );
    vec![Lint::new(
        "no-number-words",
        Severity::Warning,
        manifest.diagnostic_at(key.span(), message).help(help),
    )]
}
