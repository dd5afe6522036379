//! Pandoc's bracketed spans: `[texte]{lang=fr}` (words in another language),
//! `[text]{.smallcaps}` or `{.sc}` (small capitals), or both in one `{…}`.
//! CommonMark leaves an undefined `[text]` as literal text, so a span arrives as
//! text nodes around whatever markup it holds, and is recognised here, bracket by
//! bracket, in one pass over each run: brackets nest (`[a [b] c]{lang=fr}`), a
//! backslash-escaped bracket never opens or closes a span, and links were read
//! by pulldown-cmark before this pass sees anything.
//!
//! A span whose attributes hold nothing Folio knows (or a language tag that does
//! not parse) stays literal text; `lint::unsupported` warns about every attribute
//! it ignores, at its line (see [`attributes`]).

use crate::lang::Lang;
use crate::model::walk::merge_text as merge;
use crate::model::Inline;

/// An escaped `[`, `]` or `{` while the reader works (Unicode noncharacters, for
/// a program's internal use): restored by [`restore_escapes`].
pub const ESCAPED: [(char, char); 3] = [('[', '\u{FDD0}'), (']', '\u{FDD1}'), ('{', '\u{FDD2}')];

/// How deep spans may nest; deeper brackets stay literal text.
const MAX_DEPTH: usize = 32;

/// What a span's `{…}` asks for.
#[derive(Debug, Default, PartialEq)]
pub struct Attributes {
    pub lang: Option<Lang>,
    pub small_caps: bool,
    /// Attributes Folio does not use (a class, an id, a `lang` that does not parse),
    /// as written.
    pub ignored: Vec<String>,
}

impl Attributes {
    fn is_span(&self) -> bool {
        self.lang.is_some() || self.small_caps
    }
}

/// The attributes at the start of `text` (which starts with `{`), and their length
/// with the braces; `None` when there is no closing brace on the same line.
pub fn attributes(text: &str) -> Option<(Attributes, usize)> {
    let body = text.strip_prefix('{')?;
    let close = body.find(['}', '\n', '{'])?;
    if !body[close..].starts_with('}') {
        return None;
    }
    let mut found = Attributes::default();
    for token in body[..close].split_whitespace() {
        match token {
            ".smallcaps" | ".sc" => found.small_caps = true,
            _ => match token.strip_prefix("lang=").map(|v| v.trim_matches('"')) {
                Some(tag) => match Lang::parse(tag) {
                    Ok(lang) => found.lang = Some(lang),
                    Err(_) => found.ignored.push(token.to_string()),
                },
                None => found.ignored.push(token.to_string()),
            },
        }
    }
    Some((found, close + 2))
}

/// Recognises the spans of a run of inlines and of the emphasis, strong and link
/// texts inside it.
pub fn bracketed_spans(inlines: &mut Vec<Inline>) {
    // A stack, not recursion: emphasis nests as deep as the text makes it.
    let mut runs = vec![inlines];
    while let Some(run) = runs.pop() {
        spans_in_run(run);
        for inline in run.iter_mut() {
            if let Some(content) = inline.children_mut() {
                runs.push(content);
            }
        }
    }
}

fn spans_in_run(run: &mut Vec<Inline>) {
    if !run
        .iter()
        .any(|i| matches!(i, Inline::Text(t) if t.contains('[')))
    {
        return;
    }
    let mut out: Vec<Inline> = Vec::with_capacity(run.len());
    // Where each open bracket stands in `out`: a `Text("[")` of its own.
    let mut open: Vec<usize> = Vec::new();
    for inline in std::mem::take(run) {
        let Inline::Text(text) = inline else {
            out.push(inline);
            continue;
        };
        let mut rest = text.as_str();
        while let Some(at) = rest.find(['[', ']']) {
            push_text(&mut out, &rest[..at]);
            if rest[at..].starts_with('[') {
                if open.len() < MAX_DEPTH {
                    open.push(out.len());
                    out.push(Inline::Text("[".into()));
                } else {
                    push_text(&mut out, "[");
                }
                rest = &rest[at + 1..];
                continue;
            }
            // A `]`: it closes the innermost open bracket, as a span when
            // attributes Folio knows follow it.
            let after = &rest[at + 1..];
            let span = attributes(after).filter(|(a, _)| a.is_span());
            match (open.pop(), span) {
                (Some(start), Some((attributes, length))) => {
                    let content = merge(out.split_off(start + 1));
                    out.pop(); // the `[`
                    if !content.is_empty() {
                        out.push(wrap(content, attributes));
                    }
                    rest = &after[length..];
                }
                _ => {
                    push_text(&mut out, "]");
                    rest = after;
                }
            }
        }
        push_text(&mut out, rest);
    }
    *run = merge(out);
}

fn wrap(content: Vec<Inline>, attributes: Attributes) -> Inline {
    let content = if attributes.small_caps {
        vec![Inline::SmallCaps(content)]
    } else {
        content
    };
    match attributes.lang {
        Some(lang) => Inline::Lang { lang, content },
        None => content
            .into_iter()
            .next()
            .unwrap_or(Inline::Text(String::new())),
    }
}

/// Pushes text as a node of its own (an open bracket must stay findable).
fn push_text(out: &mut Vec<Inline>, text: &str) {
    if !text.is_empty() {
        out.push(Inline::Text(text.to_string()));
    }
}

/// The escaped brackets of a text back as the author wrote them.
pub fn restore_escapes(text: &mut String) {
    if text.contains(|c| ESCAPED.iter().any(|&(_, s)| s == c)) {
        *text = text
            .chars()
            .map(|c| {
                ESCAPED
                    .iter()
                    .find(|&&(_, s)| s == c)
                    .map_or(c, |&(b, _)| b)
            })
            .collect();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Inline {
        Inline::Text(s.into())
    }

    fn fr(content: Vec<Inline>) -> Inline {
        Inline::Lang {
            lang: Lang::parse("fr").unwrap(),
            content,
        }
    }

    fn spans(inlines: Vec<Inline>) -> Vec<Inline> {
        let mut inlines = inlines;
        bracketed_spans(&mut inlines);
        inlines
    }

    #[test]
    fn a_language_span_holds_its_text_and_markup() {
        assert_eq!(
            spans(vec![text("He said [bonjour]{lang=fr} twice.")]),
            vec![text("He said "), fr(vec![text("bonjour")]), text(" twice.")]
        );
        assert_eq!(
            spans(vec![
                text("[un "),
                Inline::Emphasis(vec![text("mot")]),
                text("]{lang=\"fr\"}")
            ]),
            vec![fr(vec![text("un "), Inline::Emphasis(vec![text("mot")])])]
        );
    }

    #[test]
    fn brackets_nest_and_spans_combine() {
        assert_eq!(
            spans(vec![text("[a [b] [c]{.sc} d]{lang=fr .smallcaps}")]),
            vec![fr(vec![Inline::SmallCaps(vec![
                text("a [b] "),
                Inline::SmallCaps(vec![text("c")]),
                text(" d"),
            ])])]
        );
    }

    #[test]
    fn malformed_spans_stay_literal_text() {
        for literal in [
            "[a]{.unknown}",
            "[a]{lang=}",
            "[a] {lang=fr}",
            "[a]{lang=fr",
            "a]{lang=fr}",
            "[[a]{lang=fr",
            "\u{FDD0}a]{lang=fr}",
        ] {
            let out = spans(vec![text(literal)]);
            let kept = Inline::plain_text(&out);
            assert!(
                kept.contains(literal.trim_start_matches(['[', '\u{FDD0}'])),
                "{literal}: {out:?}"
            );
        }
        // An unmatched bracket before a span leaves the span whole.
        assert_eq!(
            spans(vec![text("[x [a]{lang=fr}")]),
            vec![text("[x "), fr(vec![text("a")])]
        );
    }

    #[test]
    fn unknown_attributes_are_listed() {
        let (found, length) = attributes("{lang=fr #id .x} rest").unwrap();
        assert_eq!(length, "{lang=fr #id .x}".len());
        assert_eq!(found.lang, Some(Lang::parse("fr").unwrap()));
        assert_eq!(found.ignored, ["#id", ".x"]);
    }
}
