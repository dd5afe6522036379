//! `no-hyphenation`: a story in a language Folio has no hyphenation patterns for, in
//! a book whose PDF hyphenates. Its lines are set without breaking words, so they may
//! space out; the warning names the language once, at the manifest's `language` key
//! that gives it.

use super::{Lint, Severity};
use crate::error::{Diagnostic, LineIndex};
use crate::lang::WordBreaks;
use crate::manifest::LoadedManifest;
use crate::model::Book;
use crate::source::StoryText;
use pulldown_cmark::{Event, Parser};

/// One warning per language without patterns among the stories' languages (the
/// languages whose tradition breaks no words, and Indic scripts, which have patterns,
/// are not warned about).
pub fn no_hyphenation(manifest: &LoadedManifest, book: &Book, texts: &[StoryText]) -> Vec<Lint> {
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
    lints.extend(in_spans(texts, &warned));
    lints
}

/// The same warning for a span's language (`[…]{lang=xx}`), at the first span in
/// each language not warned about yet.
fn in_spans(texts: &[StoryText], warned: &[&str]) -> Vec<Lint> {
    let mut lints = Vec::new();
    let mut seen: Vec<String> = warned.iter().map(|s| s.to_string()).collect();
    for story in texts.iter().filter(|t| t.markdown) {
        let text = &story.text;
        let lines = LineIndex::new(text);
        let parser = Parser::new_ext(text, crate::source::MARKDOWN_OPTIONS).into_offset_iter();
        for (event, range) in parser {
            if !matches!(event, Event::Text(_)) {
                continue;
            }
            // The `{` may stand in the next text node (pulldown-cmark splits at brackets).
            for (at, _) in text[range.clone()].match_indices(']') {
                let start = range.start + at + 1;
                let Some((found, _)) = crate::source::spans::attributes(&text[start..]) else {
                    continue;
                };
                let Some(lang) = found.lang else { continue };
                if lang.data().hyphenation != WordBreaks::Missing
                    || seen.iter().any(|s| s == lang.primary())
                {
                    continue;
                }
                seen.push(lang.primary().to_string());
                lints.push(Lint::new(
                    "no-hyphenation",
                    Severity::Warning,
                    Diagnostic::new(
                        &story.path,
                        format!(
                            "no hyphenation patterns for the span's language `{lang}`: its words \
                             are never broken at a line end in the PDF"
                        ),
                    )
                    .at(Some(lines.line_col(start)))
                    .help("check the language tag, or keep such spans short"),
                ));
            }
        }
    }
    lints
}
