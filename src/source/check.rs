//! The guard before the Markdown reader: what the model and the renderers cannot
//! take is refused here, with its position. Block quotes and lists, and emphasis,
//! strong emphasis and links, nest at most `guard::MAX_NESTING` deep (the stages
//! after the reader walk these trees, and some recurse); no character XML cannot
//! hold (a `&#7;` reference decodes to one); web links that a URL parser accepts;
//! every footnote cited, and not from inside another note; no footnotes in the
//! manifest's short Markdown or in verse, where they would be lost.

use std::path::Path;

use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};

use crate::error::Diagnostic;
use crate::guard::MAX_NESTING;
use crate::manifest::LoadedManifest;

/// Where a piece of Markdown comes from: what it may hold depends on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// A story or a matter file: footnotes allowed.
    Story,
    /// A string in `book.toml` (a dedication, an epigraph and its source).
    Manifest,
    /// One line of a ```verse block.
    Verse,
}

/// What is wrong, at a byte offset of the text checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub offset: usize,
    pub message: String,
    pub help: String,
}

impl Problem {
    fn new(offset: usize, message: impl Into<String>, help: impl Into<String>) -> Problem {
        Problem {
            offset,
            message: message.into(),
            help: help.into(),
        }
    }
}

/// Checks a story's text (read as Markdown), placing a problem in the file.
pub fn check_story(path: &Path, text: &str) -> Result<(), Diagnostic> {
    check_markdown(text, Origin::Story).map_err(|problem| {
        Diagnostic::new(path, problem.message)
            .at_offset(text, problem.offset)
            .help(problem.help)
    })
}

/// Checks every Markdown string of the manifest: the prose of front and back
/// matter, an epigraph's source, a story's epigraph and its source. A problem is
/// placed at the string in `book.toml`.
pub fn check_manifest(loaded: &LoadedManifest) -> Vec<Diagnostic> {
    let m = &loaded.manifest;
    let matter = [&m.front, &m.back].into_iter().flatten().flatten();
    let matter_texts = matter.flat_map(|entry| [&entry.text, &entry.source]);
    let story_texts = m
        .stories
        .iter()
        .flat_map(|story| [&story.epigraph, &story.epigraph_source]);
    let problems = matter_texts
        .chain(story_texts)
        .flatten()
        .filter_map(|value| {
            let problem = check_markdown(value.get_ref(), Origin::Manifest).err()?;
            Some(
                loaded
                    .diagnostic_at(value.span(), problem.message)
                    .help(problem.help),
            )
        })
        .collect();
    loaded.attribute(problems)
}

/// Checks Markdown text before it is read; the first problem found.
pub fn check_markdown(text: &str, origin: Origin) -> Result<(), Problem> {
    let mut blocks = 0usize;
    let mut inlines = 0usize;
    let mut in_note = 0usize;
    // The verse block being read: its lines are Markdown too.
    let mut verse: Option<Vec<(usize, String)>> = None;
    let mut cited: Vec<String> = Vec::new();
    let mut defined: Vec<(String, usize)> = Vec::new();
    let mut heading_ids: Vec<String> = Vec::new();
    for (event, range) in Parser::new_ext(text, super::markdown::OPTIONS).into_offset_iter() {
        let at = range.start;
        match event {
            Event::Start(tag) => {
                if is_block_container(&tag) {
                    blocks += 1;
                    if blocks > MAX_NESTING {
                        return Err(Problem::new(
                            at,
                            format!(
                                "block quotes and lists are nested more than {MAX_NESTING} deep"
                            ),
                            "remove some `>` or list markers; this much nesting cannot be typeset",
                        ));
                    }
                }
                if is_inline_container(&tag) {
                    inlines += 1;
                    if inlines > MAX_NESTING {
                        return Err(Problem::new(
                            at,
                            format!(
                                "emphasis, strong emphasis and links are nested more than {MAX_NESTING} deep"
                            ),
                            "remove some `*` or `_` (or links inside links); this much nesting cannot be typeset",
                        ));
                    }
                }
                match tag {
                    Tag::Heading { id: Some(id), .. } => {
                        if let Some(problem) = heading_id_problem(&id, &heading_ids, at) {
                            return Err(problem);
                        }
                        heading_ids.push(id.to_string());
                    }
                    Tag::Link { dest_url, .. } => {
                        if let Some(why) = crate::xml::web_link_problem(&dest_url) {
                            return Err(Problem::new(
                                at,
                                format!("the link `{dest_url}` is not a valid web address: {why}"),
                                "correct the address, or write the text without a link",
                            ));
                        }
                    }
                    Tag::FootnoteDefinition(label) => {
                        if let Some(problem) = footnote_not_here(origin, at) {
                            return Err(problem);
                        }
                        in_note += 1;
                        defined.push((label.to_lowercase(), at));
                    }
                    Tag::CodeBlock(CodeBlockKind::Fenced(info))
                        if matches!(info.split_whitespace().next(), Some("verse" | "poem")) =>
                    {
                        verse = Some(Vec::new());
                    }
                    _ => {}
                }
            }
            Event::End(tag) => {
                if is_block_container_end(tag) {
                    blocks = blocks.saturating_sub(1);
                }
                if is_inline_container_end(tag) {
                    inlines = inlines.saturating_sub(1);
                }
                match tag {
                    TagEnd::FootnoteDefinition => in_note = in_note.saturating_sub(1),
                    TagEnd::CodeBlock => {
                        for (start, line) in verse.take().unwrap_or_default() {
                            check_markdown(&line, Origin::Verse).map_err(|mut problem| {
                                problem.offset += start;
                                problem
                            })?;
                        }
                    }
                    _ => {}
                }
            }
            Event::FootnoteReference(label) => {
                if let Some(problem) = footnote_not_here(origin, at) {
                    return Err(problem);
                }
                if in_note > 0 {
                    return Err(Problem::new(
                        at,
                        "a footnote cannot cite another footnote",
                        "write the reference out in the note's text, or move it into the story",
                    ));
                }
                cited.push(label.to_lowercase());
            }
            Event::Text(content) | Event::Code(content) => {
                if let Some(lines) = &mut verse {
                    // Each line as the verse reader takes it: trimmed, at its offset.
                    let mut offset = at;
                    for line in content.split_inclusive('\n') {
                        let lead = line.len() - line.trim_start().len();
                        lines.push((offset + lead, line.trim().to_string()));
                        offset += line.len();
                    }
                }
                if let Some((_, c)) = crate::xml::first_disallowed(&content) {
                    return Err(Problem::new(
                        at,
                        format!(
                            "the text has a character that an ebook cannot hold (U+{:04X})",
                            u32::from(c)
                        ),
                        "remove the character reference (`&#…;`) or the invisible character here",
                    ));
                }
            }
            _ => {}
        }
    }
    if let Some((label, at)) = defined.iter().find(|(label, _)| !cited.contains(label)) {
        return Err(Problem::new(
            *at,
            format!("footnote `[^{label}]` is defined but never cited"),
            format!("cite it in the text with [^{label}], or remove the note"),
        ));
    }
    Ok(())
}

/// A heading's `{#id}` becomes an id in the EPUB: letters, digits, `-`, `_` and
/// `.` only, and once per story.
fn heading_id_problem(id: &str, taken: &[String], at: usize) -> Option<Problem> {
    if let Some(c) = id
        .chars()
        .find(|c| !(c.is_alphanumeric() || matches!(c, '-' | '_' | '.')))
    {
        return Some(Problem::new(
            at,
            format!("the heading id `{id}` has a character an id cannot hold ({c:?})"),
            "use only letters, digits, -, _ and . in {#id}",
        ));
    }
    taken.iter().any(|t| t == id).then(|| {
        Problem::new(
            at,
            format!("two headings have the id `{id}`"),
            "give each heading of a story its own {#id}",
        )
    })
}

/// Footnotes belong in stories and matter files only.
fn footnote_not_here(origin: Origin, at: usize) -> Option<Problem> {
    let (message, help) = match origin {
        Origin::Story => return None,
        Origin::Manifest => (
            "footnotes are not supported in book.toml's text",
            "write the note into the text, or put the text in a file (file = \"matter/….md\")",
        ),
        Origin::Verse => (
            "footnotes are not supported inside verse",
            "put the note's reference after the verse block",
        ),
    };
    Some(Problem::new(at, message, help))
}

fn is_block_container(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::BlockQuote(_)
            | Tag::List(_)
            | Tag::Item
            | Tag::FootnoteDefinition(_)
            | Tag::DefinitionList
            | Tag::DefinitionListDefinition
    )
}

fn is_block_container_end(tag: TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::BlockQuote(_)
            | TagEnd::List(_)
            | TagEnd::Item
            | TagEnd::FootnoteDefinition
            | TagEnd::DefinitionList
            | TagEnd::DefinitionListDefinition
    )
}

fn is_inline_container(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. } | Tag::Image { .. }
    )
}

fn is_inline_container_end(tag: TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link | TagEnd::Image
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(text: &str) -> Option<(usize, String)> {
        check_markdown(text, Origin::Story)
            .err()
            .map(|p| (p.offset, p.message))
    }

    #[test]
    fn deep_nesting_is_refused_with_a_position() {
        let path = Path::new("s.md");
        assert!(check_story(path, "> a\n>> b\n\n- x\n  - y\n").is_ok());
        let deep = format!("intro\n\n{} deep\n", ">".repeat(100));
        let d = check_story(path, &deep).unwrap_err();
        assert_eq!(d.position.map(|p| p.0), Some(3));
    }

    #[test]
    fn deep_emphasis_is_refused_and_ordinary_emphasis_is_not() {
        assert_eq!(problem("***a** and _b *c*_ and [l](https://x.org)."), None);
        let deep: String = (0..40)
            .map(|i| if i % 2 == 0 { "*a " } else { "_b " })
            .collect::<String>()
            + "x"
            + &(0..40)
                .rev()
                .map(|i| if i % 2 == 0 { " c*" } else { " d_" })
                .collect::<String>();
        let (_, message) = problem(&deep).unwrap();
        assert!(message.contains("nested more than 32"), "{message}");
        let stars = format!("{}word{}", "*".repeat(10_000), "*".repeat(10_000));
        assert!(problem(&stars).is_some());
        // In verse too, where each line is read on its own.
        let verse = format!("```verse\nfine\n  {deep}\n```\n");
        let (at, _) = problem(&verse).unwrap();
        assert_eq!(&verse[at..at + 3], "*a ");
    }

    #[test]
    fn characters_links_and_footnotes() {
        let (at, message) = problem("Bell &#7; here.").unwrap();
        assert_eq!((at, message.contains("U+0007")), (5, true));
        assert!(problem("A &#xFFFE; noncharacter.").is_some());
        assert_eq!(problem("Fine &amp; &#233; &#0;."), None);
        let (at, message) = problem("See [this](https:) now.").unwrap();
        assert_eq!(at, 4);
        assert!(message.contains("`https:`"), "{message}");
        assert_eq!(problem("Twice[^1] and again[^1].\n\n[^1]: A note.\n"), None);
        let (at, message) = problem("Text.\n\n[^x]: Never cited.\n").unwrap();
        assert_eq!(
            (at, message.as_str()),
            (7, "footnote `[^x]` is defined but never cited")
        );
        let (_, message) = problem("A[^a].\n\n[^a]: See[^b].\n\n[^b]: B.\n").unwrap();
        assert!(message.contains("cannot cite"), "{message}");
        let manifest = check_markdown("For A.[^1]\n\n[^1]: n\n", Origin::Manifest).unwrap_err();
        assert!(
            manifest.message.contains("book.toml"),
            "{}",
            manifest.message
        );
    }
}
