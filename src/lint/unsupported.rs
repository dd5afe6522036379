//! `unsupported`: a construct of a story that the model has no place for yet, with
//! what happens to it in both outputs (the reader, `source::markdown`, keeps its
//! text). Together with `raw-html` this is the rule that nothing is lost silently:
//! every construct pulldown-cmark emits either renders in both outputs or is named
//! here, at its line and column.

use std::path::Path;

use pulldown_cmark::{Event, Parser, Tag};

use super::{Lint, Severity};
use crate::error::{Diagnostic, LineIndex};

/// The `unsupported` warnings for one Markdown story.
pub fn lint_markdown(path: &Path, text: &str) -> Vec<Lint> {
    let lines = LineIndex::new(text);
    let mut lints = Vec::new();
    let parser = Parser::new_ext(text, crate::source::MARKDOWN_OPTIONS).into_offset_iter();
    // pulldown-cmark reads a div's fence (`::: {only=pdf}`) as a definition; the
    // reader does not see the fences (see `source::divs`), nor does this lint.
    let fences: Vec<usize> = crate::source::divs::fences(text)
        .unwrap_or_default()
        .iter()
        .map(|f| f.offset)
        .collect();
    for (event, range) in parser {
        if fences.iter().any(|at| range.contains(at)) {
            continue;
        }
        if let Event::Text(_) = event {
            lints.extend(ignored_span_attributes(path, text, range.clone(), &lines));
        }
        if let Some(mut lint) = image_without_alt(path, &event, &text[range.clone()]) {
            lint.diagnostic = lint.diagnostic.at(Some(lines.line_col(range.start)));
            lints.push(lint);
            continue;
        }
        let Some((message, help)) = what_happens(&event, &text[range.clone()]) else {
            continue;
        };
        lints.push(Lint::new(
            "unsupported",
            Severity::Warning,
            Diagnostic::new(path, message)
                .at(Some(lines.line_col(range.start)))
                .help(help),
        ));
    }
    lints.extend(ignored_div_attributes(path, text, &lines));
    lints
}

/// A fenced div's attributes other than `only=` (classes, ids): its text is kept
/// in both outputs (or the one `only` names), the attributes dropped.
fn ignored_div_attributes(path: &Path, text: &str, lines: &LineIndex) -> Vec<Lint> {
    let fences = crate::source::divs::fences(text).unwrap_or_default();
    fences
        .into_iter()
        .filter_map(|fence| match fence.kind {
            crate::source::divs::FenceKind::Open { ignored, .. } if !ignored.is_empty() => {
                Some(Lint::new(
                    "unsupported",
                    Severity::Warning,
                    Diagnostic::new(
                        path,
                        format!(
                            "the div's `{}` is ignored: its text is set as ordinary paragraphs",
                            ignored.join(" ")
                        ),
                    )
                    .at(Some(lines.line_col(fence.offset)))
                    .help(
                        "only `only=pdf` or `only=epub` changes what a div does; remove the rest",
                    ),
                ))
            }
            _ => None,
        })
        .collect()
}

/// A bracketed span's attributes Folio does not use (`[x]{.class}`, `#id`, a
/// `lang` that is no language tag): dropped, the span's text kept (as literal text
/// with its brackets when nothing else in the braces is used).
fn ignored_span_attributes(
    path: &Path,
    text: &str,
    range: std::ops::Range<usize>,
    lines: &LineIndex,
) -> Vec<Lint> {
    let source = &text[range.clone()];
    let mut lints = Vec::new();
    // The `{` may stand in the next text node (pulldown-cmark splits at brackets).
    for (at, _) in source.match_indices(']') {
        let start = range.start + at + 1;
        let Some((found, _)) = crate::source::spans::attributes(&text[start..]) else {
            continue;
        };
        if found.ignored.is_empty() {
            continue;
        }
        let what = if found.lang.is_some() || found.small_caps {
            "the span's text is set, these attributes are dropped"
        } else {
            "the span is set as literal text, brackets and braces included"
        };
        lints.push(Lint::new(
            "unsupported",
            Severity::Warning,
            Diagnostic::new(
                path,
                format!("the span attributes `{}` are not used: {what}", found.ignored.join(" ")),
            )
            .at(Some(lines.line_col(start)))
            .help("a span takes `lang=` with a language tag (lang=fr, lang=pt-BR) and `.smallcaps`; remove the rest"),
        ));
    }
    lints
}

/// `image-alt`: an image without alt text, which readers who cannot see it
/// (a screen reader, a text-only display) miss entirely.
fn image_without_alt(path: &Path, event: &Event<'_>, source: &str) -> Option<Lint> {
    let Event::Start(Tag::Image { dest_url, .. }) = event else {
        return None;
    };
    let alt = source
        .strip_prefix("![")
        .and_then(|s| s.split("](").next())
        .unwrap_or("");
    alt.trim().is_empty().then(|| {
        Lint::new(
            "image-alt",
            Severity::Warning,
            Diagnostic::new(
                path,
                format!(
                    "the image `{}` has no alt text: readers who cannot see it miss it",
                    excerpt(dest_url)
                ),
            )
            .help("describe the image in the brackets: ![a map of the route from the ford to the ridge](…)"),
        )
    })
}

/// What the outputs do with `event` (its source is `source`), when it is not set as
/// written; `None` for what both outputs render.
fn what_happens(event: &Event<'_>, source: &str) -> Option<(String, &'static str)> {
    let said = match event {
        Event::Start(Tag::Strikethrough) => (
            "strikethrough is set as plain text: the words stay, the line through them does not"
                .to_string(),
            "remove the ~~ to keep the words, or delete the words",
        ),
        Event::TaskListMarker(done) => (
            format!(
                "a task-list checkbox is set as the text `[{}]`",
                if *done { "x" } else { " " }
            ),
            "write the item without the [ ] or [x] to make it an ordinary list item",
        ),
        Event::Start(Tag::DefinitionList) => (
            "a definition list is set as paragraphs: each term, then its definitions".to_string(),
            "write the terms in **strong** at the start of their paragraphs, or use a list",
        ),
        Event::InlineMath(_) | Event::DisplayMath(_) => (
            format!(
                "math `{}` is set as its TeX source, not typeset",
                excerpt(source)
            ),
            "write the formula in words or Unicode (x² + y²), or escape the $ as \\$",
        ),
        Event::Start(Tag::Heading { classes, attrs, .. })
            if !classes.is_empty() || !attrs.is_empty() =>
        {
            (
                "a heading's classes and attributes are ignored (only {#id} is used)".to_string(),
                "remove the .class and key=value attributes from the heading",
            )
        }
        Event::Start(Tag::Link {
            dest_url, title, ..
        }) => {
            let url = dest_url.trim().to_ascii_lowercase();
            if !title.is_empty() {
                (
                    format!(
                        "the link's title `{}` is not shown in either output",
                        excerpt(title)
                    ),
                    "put what the title says into the text, or remove it",
                )
            } else if !is_kept_link(&url) && !crate::source::xref::is_cross_ref(dest_url) {
                (
                    format!("the link to `{}` leads nowhere in the outputs: only http:, https: and mailto: links and links to headings are kept", excerpt(dest_url)),
                    "give a full web address (https://…) or a heading's #id, or write the text without a link",
                )
            } else {
                return None;
            }
        }
        Event::Start(Tag::MetadataBlock(_)) => (
            "a metadata block is not printed in either output".to_string(),
            "put the story's title, author and other details in its [[stories]] entry in book.toml",
        ),
        _ => return None,
    };
    Some(said)
}

/// Links the outputs keep: web and mail addresses. (Cross-references are checked
/// when the book is loaded.)
fn is_kept_link(url: &str) -> bool {
    ["http://", "https://", "mailto:"]
        .iter()
        .any(|s| url.starts_with(s))
}

/// A short excerpt of source text for a message.
fn excerpt(text: &str) -> String {
    let text = text.trim();
    let mut out: String = text.chars().take(40).collect();
    if out.len() < text.len() {
        out.push('…');
    }
    out.replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(String, (usize, usize))> {
        lint_markdown(Path::new("s.md"), text)
            .into_iter()
            .map(|l| (l.diagnostic.message, l.diagnostic.position.unwrap()))
            .collect()
    }

    #[test]
    fn each_unsupported_construct_is_named_at_its_position() {
        let text = "Plain *em* **strong** [web](https://x.org) `code`.\n\n\
                    A ~~gone~~ and $x^2$ here.\n\n- [x] done\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n\
                    Term\n: Definition\n\n![](a.png) ![a map](m.png)\n\n## H {.c}\n\n[t](https://x.org \"T\") [f](ftp://x)\n";
        let found = found(text);
        let at: Vec<(usize, usize)> = found.iter().map(|f| f.1).collect();
        assert_eq!(
            at,
            [
                (3, 3),
                (3, 16),
                (5, 3),
                (11, 1),
                (14, 1),
                (16, 1),
                (18, 1),
                (18, 24)
            ],
            "{found:#?}"
        );
        assert!(found[0].0.contains("strikethrough"), "{found:?}");
        // Not the table, which both outputs set; only the image without alt
        // text: images are embedded.
        assert!(found[4].0.contains("has no alt text"), "{found:?}");
        assert!(found[6].0.contains("title `T`"), "{found:?}");
        assert!(found[7].0.contains("ftp://x"), "{found:?}");
    }

    #[test]
    fn what_both_outputs_render_is_not_named() {
        let text = "# T\n\n> q\n\n1. a\n2. b\n\n---\n\nA[^n] <b>x</b>  \nb\n\n```\ncode\n```\n\n[^n]: N.\n";
        assert!(found(text).is_empty(), "{:?}", found(text));
    }

    #[test]
    fn span_attributes_not_used_are_named_at_their_line() {
        let text = "A [mot]{lang=fr} and [b]{.sc}.\n\nThen [x]{.note lang=fr}\nand [y]{lang=!!}.\n";
        let found = found(text);
        let at: Vec<(usize, usize)> = found.iter().map(|f| f.1).collect();
        assert_eq!(at, [(3, 9), (4, 8)], "{found:#?}");
        assert!(
            found[0].0.contains("`.note`") && found[0].0.contains("dropped"),
            "{found:?}"
        );
        assert!(
            found[1].0.contains("`lang=!!`") && found[1].0.contains("literal"),
            "{found:?}"
        );
    }
}
