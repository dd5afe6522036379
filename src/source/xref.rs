//! Cross-references: a link to a heading of this story (`[see](#the-route)`) or of
//! another (`[see](other.md#the-route)`, the path relative to the story's file; no
//! `#id`: the story's start) becomes an `Inline::CrossRef` once every story is read.
//! A heading's id is its `{#id}`, else generated from its text as pandoc does; a
//! link to a heading or story the book does not have is an error at the link.

use std::path::{Path, PathBuf};

use crate::error::Diagnostic;
use crate::model::{walk, Anchor, Block, Inline, Story, StoryId};

use super::StoryText;

/// Whether a link's address points into the book rather than out of it: a `#id`,
/// or a relative path to a Markdown or text file (with or without `#id`).
pub fn is_cross_ref(url: &str) -> bool {
    let url = url.trim();
    if url.starts_with('#') {
        return true;
    }
    let path = url.split('#').next().unwrap_or("");
    let has_scheme = path
        .split_once(':')
        .is_some_and(|(scheme, _)| !scheme.contains('/'));
    let lower = path.to_ascii_lowercase();
    !has_scheme
        && [".md", ".markdown", ".txt"]
            .iter()
            .any(|e| lower.ends_with(e))
}

/// pandoc's identifier for a heading's text: letters, digits, `_ - .` kept and
/// lowercased, spaces as one hyphen, everything before the first letter dropped;
/// `section` when nothing is left.
pub fn generated_id(text: &str) -> String {
    let mut id = String::new();
    for word in text.split_whitespace() {
        if !id.is_empty() {
            id.push('-');
        }
        for c in word.chars() {
            if c.is_alphanumeric() || matches!(c, '_' | '-' | '.') {
                id.extend(c.to_lowercase());
            }
        }
    }
    let start = id.find(char::is_alphabetic).unwrap_or(id.len());
    match &id[start..] {
        "" => "section".to_string(),
        rest => rest.to_string(),
    }
}

/// Each heading's id in reading order: its own, or generated and made unique as
/// pandoc does (`-1`, `-2` after a repeat).
fn heading_ids(blocks: &[Block]) -> Vec<String> {
    let headings: Vec<(&Option<String>, &Vec<Inline>)> = walk::all_blocks(blocks)
        .filter_map(|b| match b {
            Block::Heading { id, content, .. } => Some((id, content)),
            _ => None,
        })
        .collect();
    let mut taken: Vec<String> = headings
        .iter()
        .filter_map(|(id, _)| (*id).clone())
        .collect();
    headings
        .iter()
        .map(|(id, content)| match id {
            Some(id) => id.clone(),
            None => {
                let base = generated_id(&Inline::plain_text(content));
                let mut id = base.clone();
                let mut n = 0;
                while taken.contains(&id) {
                    n += 1;
                    id = format!("{base}-{n}");
                }
                taken.push(id.clone());
                id
            }
        })
        .collect()
}

/// Resolves the cross-references of every story (`texts[i]` is story `i`'s file),
/// and gives the headings they lead to their ids; the problems, if any.
pub fn resolve(stories: &mut [Story], texts: &[StoryText]) -> Vec<Diagnostic> {
    let ids: Vec<Vec<String>> = stories.iter().map(|s| heading_ids(&s.blocks)).collect();
    let files: Vec<Option<PathBuf>> = texts
        .iter()
        .map(|t| std::fs::canonicalize(&t.path).ok())
        .collect();
    let mut problems = Vec::new();
    // (story, heading index) of every heading a link leads to.
    let mut targeted: Vec<(usize, usize)> = Vec::new();
    for (index, story) in stories.iter_mut().enumerate() {
        let source = &texts[index];
        let mut resolve_link = |inline: &mut Inline| {
            let Inline::Link { url, content } = inline else {
                return;
            };
            if !source.markdown || !is_cross_ref(url) {
                return;
            }
            match target(url, index, &source.path, &files, &ids) {
                Ok((to, heading)) => {
                    if let Some(h) = heading {
                        targeted.push((to.story.0, h));
                    }
                    let content = std::mem::take(content);
                    *inline = Inline::CrossRef { to, content };
                }
                Err((message, help)) => {
                    // At the address, where the fix is.
                    let offset = super::destination_offset(&source.text, url);
                    problems.push(
                        Diagnostic::new(&source.path, message)
                            .at_offset(&source.text, offset)
                            .help(help),
                    );
                }
            }
        };
        walk::for_each_story_block_mut(story, |b| {
            for run in b.inline_runs_mut() {
                walk::for_each_inline_mut(run, &mut resolve_link);
            }
        });
    }
    for (index, story) in stories.iter_mut().enumerate() {
        let mut k = 0;
        walk::for_each_block_mut(&mut story.blocks, |b| {
            if let Block::Heading { id, .. } = b {
                if id.is_none() && targeted.contains(&(index, k)) {
                    *id = Some(ids[index][k].clone());
                }
                k += 1;
            }
        });
    }
    problems
}

/// The anchor `url` leads to from story `from` (its file `path`), with the index of
/// the heading; or what is wrong and how to fix it.
fn target(
    url: &str,
    from: usize,
    path: &Path,
    files: &[Option<PathBuf>],
    ids: &[Vec<String>],
) -> Result<(Anchor, Option<usize>), (String, String)> {
    let (file, fragment) = url.trim().split_once('#').unwrap_or((url.trim(), ""));
    let story =
        if file.is_empty() {
            from
        } else {
            let dir = path.parent().unwrap_or(Path::new("."));
            let wanted = std::fs::canonicalize(dir.join(file)).ok();
            match files.iter().position(|f| f.is_some() && *f == wanted) {
                Some(story) => story,
                None => return Err((
                    format!(
                        "the link `{url}` leads to `{file}`, which is not a story of this book"
                    ),
                    "link to a file listed in a [[stories]] entry, relative to this story's folder"
                        .to_string(),
                )),
            }
        };
    if fragment.is_empty() {
        return Ok((
            Anchor {
                story: StoryId(story),
                heading: None,
            },
            None,
        ));
    }
    match ids[story].iter().position(|id| id == fragment) {
        Some(k) => Ok((
            Anchor {
                story: StoryId(story),
                heading: Some(fragment.to_string()),
            },
            Some(k),
        )),
        None => {
            let known: Vec<String> = ids[story]
                .iter()
                .take(8)
                .map(|id| format!("#{id}"))
                .collect();
            let help = if known.is_empty() {
                "the story has no headings; link to the story itself (without #…), or add the heading".to_string()
            } else {
                format!(
                    "the story's headings are {}; or give a heading that id with {{#{fragment}}}",
                    known.join(", ")
                )
            };
            Err((
                format!("the link `{url}` leads to no heading: no heading has the id `{fragment}`"),
                help,
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_generated_as_pandoc_does() {
        assert_eq!(generated_id("The Route North"), "the-route-north");
        assert_eq!(generated_id("1. Über *alles*, wait!"), "über-alles-wait");
        // A word with nothing kept still leaves its space, as in pandoc.
        assert_eq!(generated_id("v1.2 — notes_x"), "v1.2--notes_x");
        assert_eq!(generated_id("42"), "section");
        let heading = |id: Option<&str>, text: &str| Block::Heading {
            level: 2,
            id: id.map(String::from),
            content: vec![Inline::Text(text.into())],
        };
        let blocks = [
            heading(None, "Intro"),
            heading(None, "Intro"),
            heading(Some("intro-2"), "Other"),
            heading(None, "Intro"),
        ];
        assert_eq!(
            heading_ids(&blocks),
            ["intro", "intro-1", "intro-2", "intro-3"]
        );
    }

    #[test]
    fn what_is_a_cross_reference() {
        for url in ["#x", "other.md#x", "../b/c.md", "s.TXT#a"] {
            assert!(is_cross_ref(url), "{url}");
        }
        for url in ["https://x.org/a.md", "mailto:a@b", "img.png", "page.html#x"] {
            assert!(!is_cross_ref(url), "{url}");
        }
    }
}
