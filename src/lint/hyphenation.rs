//! `no-hyphenation`: a story in a language Folio has no hyphenation patterns for, in
//! a book whose PDF hyphenates. Its lines are set without breaking words, so they may
//! space out; the warning names the language once, at the manifest's `language` key
//! that gives it.

use super::{Lint, Severity};
use crate::lang::WordBreaks;
use crate::manifest::LoadedManifest;
use crate::model::Book;

/// One warning per language without patterns among the stories' languages (the
/// languages whose tradition breaks no words, and Indic scripts, which have patterns,
/// are not warned about).
pub fn no_hyphenation(manifest: &LoadedManifest, book: &Book) -> Vec<Lint> {
    let hyphenate =
        crate::render::pdf::PdfOptions::from_manifest(manifest).is_ok_and(|o| o.hyphenate);
    if !hyphenate {
        return Vec::new();
    }
    let m = &manifest.manifest;
    let mut warned: Vec<&str> = Vec::new();
    let mut lints = Vec::new();
    // Stories are in manifest order: the entry that gave a story its language.
    for (story, entry) in book.stories.iter().zip(&m.stories) {
        let lang = &story.lang;
        if lang.data().hyphenation != WordBreaks::Missing || warned.contains(&lang.primary()) {
            continue;
        }
        warned.push(lang.primary());
        let key = entry.language.as_ref().unwrap_or(&m.book.language);
        let message = match lang.data().name {
            "" => format!("no hyphenation patterns for the language `{lang}`"),
            name => format!("no hyphenation patterns for {name} (`{lang}`)"),
        };
        let diagnostic = manifest
            .diagnostic_at(
                key.span(),
                format!("{message}: its words are never broken at a line end in the PDF"),
            )
            .help(
                "its lines may space out more; set `hyphenate = false` under [output.pdf] \
                 to silence this, or check the language tag",
            );
        lints.push(Lint::new("no-hyphenation", Severity::Warning, diagnostic));
    }
    lints
}
