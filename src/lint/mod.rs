//! `folio check`: everything `build` checks, plus warnings about the sources that do
//! not stop a build — files in `stories/` no entry uses, a language without
//! hyphenation patterns (`hyphenation`), leftover straight quotes, double spaces, raw
//! HTML. Missing glyphs (an error) live in `glyphs`, scripts Folio cannot set yet (an
//! error) in `scripts`.

pub mod glyphs;
pub mod hyphenation;
pub mod numbering;
pub mod scripts;
pub mod text;
pub mod unsupported;

use std::path::{Path, PathBuf};

use crate::error::Diagnostic;
use crate::manifest::LoadedManifest;
use crate::model::Book;
use crate::source::StoryText;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

/// A diagnostic with a code (`straight-quotes`) and a severity.
#[derive(Debug, Clone, PartialEq)]
pub struct Lint {
    pub code: &'static str,
    pub severity: Severity,
    pub diagnostic: Diagnostic,
}

impl Lint {
    pub fn new(code: &'static str, severity: Severity, diagnostic: Diagnostic) -> Self {
        Lint {
            code,
            severity,
            diagnostic,
        }
    }
}

/// The manifest's strings that the outputs print as they are: the book's title,
/// subtitle, authors, publisher and rights line, each story's title, subtitle and
/// author.
fn displayed_strings(manifest: &LoadedManifest) -> Vec<&str> {
    let m = &manifest.manifest;
    let mut shown: Vec<&str> = vec![m.book.title.get_ref()];
    shown.extend(m.book.subtitle.as_deref());
    shown.extend(m.book.authors.iter().map(|author| author.name.as_str()));
    shown.extend(m.book.publisher.as_deref());
    shown.extend(m.book.rights.as_deref());
    for story in &m.stories {
        shown.extend(story.title.as_ref().map(|t| t.get_ref().as_str()));
        shown.extend(story.part.as_ref().map(|p| p.get_ref().as_str()));
        shown.extend(story.subtitle.as_deref());
        shown.extend(story.author.as_deref());
    }
    shown
}

/// The folder whose files should all be used by the manifest.
pub const STORIES_DIR: &str = "stories";

/// All warnings for a book that loaded, its stories' texts as read.
pub fn lint(manifest: &LoadedManifest, book: &Book, texts: &[StoryText]) -> Vec<Lint> {
    let mut lints = unused_files(manifest);
    lints.extend(hyphenation::no_hyphenation(manifest, book, texts));
    lints.extend(numbering::no_number_words(manifest, book));
    // With smart typography the build curls straight quotes itself.
    let smart = manifest.manifest.typography.smart;
    lints.extend(story_lints(texts, |code| {
        !(smart && code == "straight-quotes")
    }));
    cap(lints)
}

/// How many warnings of one kind are shown; the rest are counted on one line.
pub const MAX_SHOWN_PER_CODE: usize = 20;

/// The first `MAX_SHOWN_PER_CODE` lints of each code, then one line per code
/// saying how many more there are: a file with 20,000 raw tags gets 21 lines.
pub fn cap(lints: Vec<Lint>) -> Vec<Lint> {
    let mut shown: Vec<Lint> = Vec::new();
    let mut hidden: Vec<(&'static str, Diagnostic, usize)> = Vec::new();
    for lint in lints {
        if shown.iter().filter(|l| l.code == lint.code).count() < MAX_SHOWN_PER_CODE {
            shown.push(lint);
        } else if let Some((_, _, n)) = hidden.iter_mut().find(|(c, _, _)| *c == lint.code) {
            *n += 1;
        } else {
            hidden.push((lint.code, lint.diagnostic, 1));
        }
    }
    for (code, first, n) in hidden {
        let s = if n == 1 { "" } else { "s" };
        shown.push(Lint::new(
            code,
            Severity::Warning,
            Diagnostic::new(
                &first.file,
                format!("… and {n} more `{code}` warning{s}, not shown"),
            )
            .help("fix the ones shown and run `folio check` again to see the rest"),
        ));
    }
    shown
}

/// The warnings `build` prints too: a language without hyphenation patterns, raw
/// HTML, constructs not rendered as written.
pub fn build_lints(manifest: &LoadedManifest, book: &Book, texts: &[StoryText]) -> Vec<Lint> {
    let mut lints = hyphenation::no_hyphenation(manifest, book, texts);
    lints.extend(numbering::no_number_words(manifest, book));
    lints.extend(story_lints(texts, |code| {
        matches!(code, "raw-html" | "unsupported" | "image-alt")
    }));
    lints
}

/// A renderer's warnings, placed where their text first occurs in the stories
/// (see [`locate`]), at their book.toml key, else on the manifest.
pub fn render_lints(
    manifest: &LoadedManifest,
    texts: &[StoryText],
    warnings: &[crate::render::RenderWarning],
) -> Vec<Lint> {
    warnings
        .iter()
        .map(|w| {
            let diagnostic = locate(manifest, texts, &w.text, w.at.clone(), &w.message);
            Lint::new(w.code, Severity::Warning, diagnostic.help(w.help.clone()))
        })
        .collect()
}

/// A diagnostic about `text`, placed where it first occurs in the stories (its
/// first 40, 16 or 8 characters, as typography may have changed the rest); else at
/// the byte range `at` of book.toml; else on the manifest.
pub fn locate(
    manifest: &LoadedManifest,
    texts: &[StoryText],
    text: &str,
    at: Option<std::ops::Range<usize>>,
    message: &str,
) -> Diagnostic {
    let found = find_in_stories(texts, text);
    match (found, at) {
        (Some((story, at)), _) => {
            Diagnostic::new(&story.path, message).at(Some(crate::error::line_col(&story.text, at)))
        }
        (None, Some(span)) => manifest.diagnostic_at(span, message.to_string()),
        (None, None) => Diagnostic::new(&manifest.path, message),
    }
}

/// Where `text` first occurs in the stories, found by its first 40, 16 or 8
/// characters (typography may have changed the rest): the story and the byte
/// offset. None for an empty text.
pub fn find_in_stories<'t>(texts: &'t [StoryText], text: &str) -> Option<(&'t StoryText, usize)> {
    if text.is_empty() {
        return None;
    }
    [40, 16, 8].iter().find_map(|&n| {
        let end = text.char_indices().nth(n).map_or(text.len(), |(i, _)| i);
        texts
            .iter()
            .find_map(|story| Some((story, story.text.find(&text[..end])?)))
    })
}

/// The text lints of every story, filtered by code (`build` shows `raw-html` and
/// `unsupported`).
pub fn story_lints(texts: &[StoryText], keep: impl Fn(&str) -> bool + Sync) -> Vec<Lint> {
    use rayon::prelude::*;
    let per_story: Vec<Vec<Lint>> = texts
        .par_iter()
        .map(|story| {
            let mut lints = text::lint_story(&story.path, &story.text, story.markdown);
            if story.markdown {
                lints.extend(unsupported::lint_markdown(&story.path, &story.text));
            }
            lints.into_iter().filter(|l| keep(l.code)).collect()
        })
        .collect();
    per_story.into_iter().flatten().collect()
}

/// Files under `stories/` that no `[[stories]]` entry names (hidden files aside).
fn unused_files(manifest: &LoadedManifest) -> Vec<Lint> {
    let dir = manifest.book_dir.join(STORIES_DIR);
    let used: Vec<PathBuf> = manifest
        .manifest
        .stories
        .iter()
        .filter_map(|s| std::fs::canonicalize(manifest.resolve(s.file.get_ref())).ok())
        .collect();
    let mut files = files_under(&dir);
    files.sort();
    files
        .into_iter()
        .filter(|f| std::fs::canonicalize(f).is_ok_and(|c| !used.contains(&c)))
        .map(|f| {
            let relative = f
                .strip_prefix(&manifest.book_dir)
                .unwrap_or(&f)
                .to_path_buf();
            Lint::new(
                "unused-file",
                Severity::Warning,
                Diagnostic::new(&f, "no [[stories]] entry in book.toml uses this file").help(
                    format!(
                        "add an entry with file = \"{}\", or move the file out of {STORIES_DIR}/",
                        relative.display()
                    ),
                ),
            )
        })
        .collect()
}

/// The files in `dir` and its folders (at most eight deep), hidden ones aside, in no
/// particular order.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut folders = vec![(dir.to_path_buf(), 0)];
    while let Some((folder, depth)) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            match entry.file_type() {
                Ok(t) if t.is_dir() && depth < 8 => folders.push((path, depth + 1)),
                Ok(t) if !t.is_dir() => files.push(path),
                _ => {}
            }
        }
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_under_a_folder_include_its_folders_but_not_hidden_files() {
        let dir = std::env::temp_dir().join(format!("folio-files-under-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("part/one")).unwrap();
        for file in [
            "a.md",
            "part/b.md",
            "part/one/c.md",
            ".hidden",
            "part/.d.md~",
        ] {
            std::fs::write(dir.join(file), "x").unwrap();
        }
        let mut found: Vec<PathBuf> = files_under(&dir)
            .into_iter()
            .map(|f| f.strip_prefix(&dir).unwrap().to_path_buf())
            .collect();
        found.sort();
        std::fs::remove_dir_all(&dir).unwrap();
        let want: Vec<PathBuf> = ["a.md", "part/b.md", "part/one/c.md"]
            .iter()
            .map(PathBuf::from)
            .collect();
        assert_eq!(found, want);
    }
}
