//! Placing a renderer's "cannot draw this" error in the sources. The glyph lint
//! checks every character as written against the regular faces before rendering;
//! what only a renderer finds (a character an italic or bold face lacks, a
//! quotation mark typography made, a word of a label, the cover's text) comes back
//! as [`Error::Undrawable`] with the word it was setting, found here.

use crate::error::{Diagnostic, Error, Undrawable};
use crate::manifest::LoadedManifest;
use crate::model::Book;
use crate::source::StoryText;

/// `error` as a diagnostic at the word's place when it is [`Error::Undrawable`];
/// any other error as it is.
pub(super) fn place(
    manifest: &LoadedManifest,
    book: &Book,
    texts: &[StoryText],
    error: Error,
) -> Error {
    let Error::Undrawable(undrawable) = error else {
        return error;
    };
    let Undrawable {
        format,
        message,
        help,
        text,
        paragraph,
        key,
    } = *undrawable;
    let message = format!("{} output: {message}", format.to_ascii_uppercase());
    let found = Found {
        word: &text,
        paragraph: &paragraph,
        key,
    };
    let diagnostic = locate(manifest, book, texts, &found, message).help(help);
    Error::Book(manifest.attribute(vec![diagnostic]))
}

/// What the renderer was setting when it failed.
struct Found<'a> {
    word: &'a str,
    /// The opening of the word's paragraph, or empty.
    paragraph: &'a str,
    key: Option<&'static str>,
}

/// The first place the word is written: in its paragraph, in a story, in book.toml,
/// at the key it came from, then (a word of a label Folio prints) at the book's
/// `language`.
fn locate(
    manifest: &LoadedManifest,
    book: &Book,
    texts: &[StoryText],
    found: &Found<'_>,
    message: String,
) -> Diagnostic {
    let (word, key) = (found.word.trim(), found.key);
    // Typography may have added the very character (curly quotes, dashes): the word
    // as written is then found by its letters.
    let letters = word.trim_matches(|c: char| !c.is_alphanumeric());
    let candidates = [word, letters];
    let candidates = candidates.iter().filter(|w| w.chars().count() >= 2);
    // The paragraph (an opening of at least 4 characters, not to be found by
    // chance), then the word after it.
    let paragraph = (found.paragraph.chars().count() >= 4)
        .then(|| crate::lint::find_in_stories(texts, found.paragraph))
        .flatten();
    if let Some((story, start)) = paragraph {
        for candidate in candidates.clone() {
            if let Some(at) = story.text[start..].find(candidate) {
                return Diagnostic::new(&story.path, message)
                    .at(Some(crate::error::line_col(&story.text, start + at)));
            }
        }
    }
    for candidate in candidates.clone() {
        for story in texts {
            if let Some(at) = story.text.find(candidate) {
                return Diagnostic::new(&story.path, message)
                    .at(Some(crate::error::line_col(&story.text, at)));
            }
        }
        if let Some(at) = manifest.text.find(candidate) {
            return manifest.diagnostic_at(at..at + candidate.len(), message);
        }
    }
    if let Some(span) = key.and_then(|key| crate::render::settings::key_span(manifest, key)) {
        return manifest.diagnostic_at(span, message);
    }
    let languages = std::iter::once(&book.meta.lang).chain(book.stories.iter().map(|s| &s.lang));
    let label = languages
        .into_iter()
        .any(|lang| candidates.clone().any(|w| lang.labels().mention(w)));
    if label {
        if let Some(span) = crate::render::settings::key_span(manifest, "book.language") {
            return manifest.diagnostic_at(
                span,
                format!("{message}, a word Folio prints in the book's language"),
            );
        }
        return Diagnostic::new(
            &manifest.path,
            format!("{message}, a word Folio prints in the book's language"),
        );
    }
    Diagnostic::new(&manifest.path, message)
}
