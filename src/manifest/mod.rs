//! `book.toml`: parsing and checking the manifest. Every key is known; a typo, a wrong
//! type, an empty title or a missing story file is reported with the file, the line
//! and a fix. The `[output.*]` tables belong to the renderers, which define their types.

mod suggest;

use std::path::{Component, Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::error::{line_col, Diagnostic};
use crate::render::epub::EpubOptions;
use crate::render::pdf::PdfOptions;

pub const MANIFEST_NAME: &str = "book.toml";

/// The manifest as written, with spans kept on the values we check after parsing.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub book: BookSection,
    #[serde(default)]
    pub stories: Vec<StoryEntry>,
    #[serde(default)]
    pub output: OutputSection,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BookSection {
    pub title: Spanned<String>,
    pub subtitle: Option<String>,
    #[serde(default)]
    pub authors: Vec<String>,
    pub language: Spanned<String>,
    pub identifier: Option<String>,
    pub publisher: Option<String>,
    pub date: Option<Spanned<String>>,
    pub description: Option<String>,
    pub rights: Option<String>,
    #[serde(default)]
    pub subjects: Vec<String>,
    /// Accepted and checked now; rendered by a later version.
    pub cover: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoryEntry {
    pub file: Spanned<String>,
    pub title: Spanned<String>,
    pub subtitle: Option<String>,
    pub author: Option<String>,
    pub language: Option<Spanned<String>>,
    /// The file's encoding when it is not UTF-8, e.g. "windows-1252".
    pub encoding: Option<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutputSection {
    #[serde(default)]
    pub epub: EpubOptions,
    #[serde(default)]
    pub pdf: PdfOptions,
}

/// A parsed manifest with the paths it names resolved against the book folder.
#[derive(Debug)]
pub struct LoadedManifest {
    pub path: PathBuf,
    pub text: String,
    pub manifest: Manifest,
    pub book_dir: PathBuf,
}

impl LoadedManifest {
    /// Resolves a path written in the manifest, relative to the book folder.
    pub fn resolve(&self, relative: &str) -> PathBuf {
        self.book_dir.join(relative)
    }

    /// A diagnostic pointing at a span of the manifest.
    pub fn diagnostic_at(&self, span: std::ops::Range<usize>, message: String) -> Diagnostic {
        Diagnostic::new(&self.path, message).at_offset(&self.text, span.start)
    }
}

/// Reads and checks `BOOK_DIR/book.toml`. All problems found are returned together.
pub fn load(book_dir: &Path) -> Result<LoadedManifest, Vec<Diagnostic>> {
    load_with(book_dir, &crate::overrides::Overrides::default())
}

/// `load`, with overrides (environment, `--set`) applied to the text before parsing.
pub fn load_with(
    book_dir: &Path,
    overrides: &crate::overrides::Overrides,
) -> Result<LoadedManifest, Vec<Diagnostic>> {
    let path = book_dir.join(MANIFEST_NAME);
    let text = match crate::guard::read_limited(&path, crate::guard::MAX_MANIFEST_BYTES) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => {
                let offset = e.utf8_error().valid_up_to();
                let valid = std::str::from_utf8(&e.as_bytes()[..offset]).unwrap_or_default();
                return Err(vec![Diagnostic::new(
                    &path,
                    format!("the manifest is not valid UTF-8 (at byte {offset})"),
                )
                .at_offset(valid, offset)
                .help("save book.toml as UTF-8")]);
            }
        },
        Err(e) => {
            return Err(vec![Diagnostic::new(
                &path,
                format!("cannot read the manifest: {e}"),
            )
            .help(match e {
                crate::guard::ReadError::TooLarge { .. } => {
                    "book.toml only lists the stories and settings; put long text in story files"
                }
                crate::guard::ReadError::Io(_) => {
                    "run `folio build` in a book folder, or pass the folder that holds book.toml"
                }
            })])
        }
    };
    let original = text;
    let text = overrides.apply(&path, &original).map_err(|d| vec![d])?;
    let manifest =
        parse(&path, &text).map_err(|d| overrides.attribute(vec![d], &original, &text))?;
    let loaded = LoadedManifest {
        path,
        text,
        manifest,
        book_dir: book_dir.to_path_buf(),
    };
    let problems = check(&loaded);
    if problems.is_empty() {
        Ok(loaded)
    } else {
        Err(overrides.attribute(problems, &original, &loaded.text))
    }
}

/// Parses manifest text; `path` is only used in diagnostics.
pub fn parse(path: &Path, text: &str) -> Result<Manifest, Diagnostic> {
    toml::from_str::<Manifest>(text).map_err(|e| toml_diagnostic(path, text, &e))
}

fn toml_diagnostic(path: &Path, text: &str, error: &toml::de::Error) -> Diagnostic {
    let message = error.message().trim().to_string();
    let position = error.span().map(|span| line_col(text, span.start));
    let help = suggest::help_for(&message).unwrap_or_else(|| {
        "fix the TOML syntax here: text in \"quotes\", tables as [name], one key = value per line (see https://toml.io)".into()
    });
    Diagnostic::new(path, message).at(position).help(help)
}

/// Checks what the types cannot: non-empty titles, language tags, files that exist
/// inside the book folder.
fn check(loaded: &LoadedManifest) -> Vec<Diagnostic> {
    let m = &loaded.manifest;
    let mut problems = Vec::new();
    let mut require_text = |value: &Spanned<String>, what: &str| {
        if value.get_ref().trim().is_empty() {
            problems.push(
                loaded
                    .diagnostic_at(value.span(), format!("{what} is empty"))
                    .help("write a title between the quotes"),
            );
        }
    };
    require_text(&m.book.title, "`title` in [book]");
    for story in &m.stories {
        require_text(&story.title, "`title` of a [[stories]] entry");
    }
    let languages = std::iter::once(&m.book.language)
        .chain(m.stories.iter().filter_map(|s| s.language.as_ref()));
    for language in languages {
        if !is_language_tag(language.get_ref()) {
            problems.push(
                loaded
                    .diagnostic_at(
                        language.span(),
                        format!("`{}` is not a BCP 47 language tag", language.get_ref()),
                    )
                    .help("use a tag such as \"en\", \"fr\" or \"pt-BR\""),
            );
        }
    }
    if let Some(date) = &m.book.date {
        if !is_date(date.get_ref()) {
            problems.push(
                loaded
                    .diagnostic_at(date.span(), format!("`{}` is not a date", date.get_ref()))
                    .help("write YYYY, YYYY-MM or YYYY-MM-DD, e.g. \"2026-11-21\""),
            );
        }
    }
    if m.stories.is_empty() {
        problems.push(
            Diagnostic::new(&loaded.path, "the book has no stories")
                .help("add a [[stories]] table with `file` and `title` for each story"),
        );
    }
    for encoding in m.stories.iter().filter_map(|s| s.encoding.as_ref()) {
        if !crate::source::encoding::is_known(encoding.get_ref()) {
            problems.push(
                loaded
                    .diagnostic_at(
                        encoding.span(),
                        format!("unknown encoding `{}`", encoding.get_ref()),
                    )
                    .help("use \"utf-8\" (the default), \"windows-1252\", \"iso-8859-15\" or another WHATWG encoding name"),
            );
        }
    }
    let mut seen = std::collections::HashMap::new();
    for story in &m.stories {
        let file = story.file.get_ref();
        if let Some(problem) = check_relative_path(loaded, &story.file, "story file") {
            problems.push(problem);
        } else if let Some(previous) = seen.insert(file.clone(), story.file.span()) {
            let (line, _) = line_col(&loaded.text, previous.start);
            problems.push(
                loaded
                    .diagnostic_at(
                        story.file.span(),
                        format!("story file `{file}` is listed twice"),
                    )
                    .help(format!(
                        "it is also used on line {line}; remove one of the entries"
                    )),
            );
        }
    }
    if let Some(cover) = &m.book.cover {
        problems.extend(check_relative_path(loaded, cover, "cover image"));
    }
    problems
}

/// A manifest path must stay inside the book folder and name an existing file.
fn check_relative_path(
    loaded: &LoadedManifest,
    value: &Spanned<String>,
    what: &str,
) -> Option<Diagnostic> {
    let relative = value.get_ref();
    let escapes = Path::new(relative)
        .components()
        .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir));
    if relative.trim().is_empty() || escapes {
        return Some(
            loaded
                .diagnostic_at(
                    value.span(),
                    format!("{what} `{relative}` must be a path inside the book folder"),
                )
                .help("write a relative path such as \"stories/one.md\", without `..`"),
        );
    }
    let full = loaded.resolve(relative);
    if let Some(target) = crate::guard::escapes_book(&loaded.book_dir, &full) {
        return Some(
            loaded
                .diagnostic_at(
                    value.span(),
                    format!(
                        "{what} `{relative}` leads outside the book folder (to {}) through a symbolic link",
                        target.display()
                    ),
                )
                .help("copy the file into the book folder instead of linking to it"),
        );
    }
    if !full.is_file() {
        return Some(
            loaded
                .diagnostic_at(value.span(), format!("{what} `{relative}` does not exist"))
                .help(format!(
                    "create {} or correct the path (it is relative to the folder holding book.toml)",
                    full.display()
                )),
        );
    }
    None
}

/// A pragmatic BCP 47 check: a 2–3 letter primary language, then subtags of 1–8
/// letters or digits.
pub fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let primary_ok = parts
        .next()
        .is_some_and(|p| (2..=3).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphabetic()));
    primary_ok
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

fn is_date(date: &str) -> bool {
    let parts: Vec<&str> = date.split('-').collect();
    let digits = |s: &str, n: usize| s.len() == n && s.chars().all(|c| c.is_ascii_digit());
    match parts.as_slice() {
        [y] => digits(y, 4),
        [y, m] => digits(y, 4) && digits(m, 2) && in_range(m, 1, 12),
        [y, m, d] => {
            digits(y, 4) && digits(m, 2) && digits(d, 2) && in_range(m, 1, 12) && in_range(d, 1, 31)
        }
        _ => false,
    }
}

fn in_range(s: &str, low: u32, high: u32) -> bool {
    s.parse::<u32>().is_ok_and(|n| (low..=high).contains(&n))
}

#[cfg(test)]
mod tests;
