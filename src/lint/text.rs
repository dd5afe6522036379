//! Lints on a story's text: leftover straight quotes, double spaces, raw HTML. Only
//! the prose is looked at (Markdown text events), not code, links or markup.

use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::{Lint, Severity};
use crate::error::Diagnostic;

/// Lints one story's decoded text; `markdown` says how to read it.
pub fn lint_story(path: &Path, text: &str, markdown: bool) -> Vec<Lint> {
    let mut prose: Vec<Range<usize>> = Vec::new();
    let mut html: Vec<Range<usize>> = Vec::new();
    if markdown {
        let mut in_code = false;
        for (event, range) in
            Parser::new_ext(text, crate::source::MARKDOWN_OPTIONS).into_offset_iter()
        {
            match event {
                Event::Start(Tag::CodeBlock(_)) => in_code = true,
                Event::End(TagEnd::CodeBlock) => in_code = false,
                Event::Text(_) if !in_code => prose.push(range),
                Event::Html(_) | Event::InlineHtml(_) => html.push(range),
                _ => {}
            }
        }
    } else {
        prose.push(0..text.len());
    }
    let mut lints = Vec::new();
    let lines = crate::error::LineIndex::new(text);
    let mut quotes = prose.iter().flat_map(|r| {
        text[r.clone()]
            .match_indices(['"', '\''])
            .map(move |(i, _)| r.start + i)
    });
    if let Some(first) = quotes.next() {
        let more = quotes.count();
        let also = if more > 0 {
            format!(" (and {more} more in this file)")
        } else {
            String::new()
        };
        lints.push(Lint::new(
            "straight-quotes",
            Severity::Warning,
            Diagnostic::new(path, format!("a straight quote is left in the text{also}"))
                .at(Some(lines.line_col(first)))
                .help("use typographic quotes: “ ” for \" and ‘ ’ for ' (’ for an apostrophe)"),
        ));
    }
    let mut doubles = prose.iter().flat_map(|r| {
        let chunk = &text[r.clone()];
        crate::util::find_all(chunk, &crate::util::DOUBLE_SPACE)
            .filter(move |i| {
                // Spaces before a line end (a hard break) or indentation are not prose.
                let rest = chunk[*i..].trim_start_matches(' ');
                !rest.is_empty()
                    && !rest.starts_with('\n')
                    && !chunk[..*i].ends_with(' ')
                    && !chunk[..*i].ends_with('\n')
                    && *i > 0
            })
            .map(move |i| r.start + i)
    });
    if let Some(first) = doubles.next() {
        let more = doubles.count();
        let also = if more > 0 {
            format!(" (and {more} more in this file)")
        } else {
            String::new()
        };
        lints.push(Lint::new(
            "double-space",
            Severity::Warning,
            Diagnostic::new(path, format!("two spaces in a row{also}"))
                .at(Some(lines.line_col(first)))
                .help("use a single space; the typesetter spaces sentences itself"),
        ));
    }
    for range in html {
        let tag: String = text[range.clone()].trim().chars().take(40).collect();
        lints.push(Lint::new(
            "raw-html",
            Severity::Warning,
            Diagnostic::new(
                path,
                format!("raw HTML `{tag}` is shown as text, not used as markup"),
            )
            .at(Some(lines.line_col(range.start)))
            .help("write it in Markdown (*emphasis*, **strong**, [link](url)) or remove it"),
        ));
    }
    lints
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(text: &str) -> Vec<(&'static str, Option<(usize, usize)>)> {
        lint_story(Path::new("s.md"), text, true)
            .into_iter()
            .map(|l| (l.code, l.diagnostic.position))
            .collect()
    }

    #[test]
    fn clean_prose_has_no_lints() {
        assert!(codes("“Hello,” she said. It’s fine.\n\n`code \"x\"`  \nnext\n").is_empty());
    }

    #[test]
    fn quotes_spaces_and_html_are_found_with_positions() {
        let found = codes("One.\n\nHe said \"hi\".  Then <b>bold</b>.\n");
        assert_eq!(
            found,
            vec![
                ("straight-quotes", Some((3, 9))),
                ("double-space", Some((3, 14))),
                ("raw-html", Some((3, 21))),
                ("raw-html", Some((3, 28))),
            ]
        );
    }
}
