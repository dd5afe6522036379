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
    /// Front matter in order; absent: a title page and a contents page.
    pub front: Option<Vec<MatterEntry>>,
    #[serde(default)]
    pub stories: Vec<StoryEntry>,
    /// Back matter in order; absent: a colophon.
    pub back: Option<Vec<MatterEntry>>,
    #[serde(default)]
    pub typography: TypographySection,
    #[serde(default)]
    pub output: OutputSection,
}

/// `[typography]`: the model-wide typography pass (see `crate::typography`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TypographySection {
    /// Curly quotes, dashes, ellipses and no-break spaces by language.
    pub smart: bool,
    /// How each story's first paragraph opens.
    pub lead_in: LeadInName,
}

impl Default for TypographySection {
    fn default() -> Self {
        TypographySection {
            smart: true,
            lead_in: LeadInName::None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LeadInName {
    None,
    SmallCaps,
    DropCap,
}

/// One `[[front]]` or `[[back]]` item. Which keys a kind takes is checked after
/// parsing, so that the error can name the kind.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MatterEntry {
    pub kind: Spanned<MatterKindName>,
    /// Prose as Markdown, inline.
    pub text: Option<Spanned<String>>,
    /// Prose from a Markdown or text file.
    pub file: Option<Spanned<String>>,
    /// A heading instead of the kind's default one.
    pub title: Option<Spanned<String>>,
    /// An epigraph's source.
    pub source: Option<Spanned<String>>,
    /// Also-by: the other books' titles.
    pub titles: Option<Spanned<Vec<String>>>,
    pub only: Option<OnlyFormat>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MatterKindName {
    HalfTitle,
    Title,
    Copyright,
    Dedication,
    Epigraph,
    Contents,
    Foreword,
    Preface,
    Introduction,
    Afterword,
    Acknowledgments,
    AboutTheAuthor,
    AlsoBy,
    Colophon,
}

impl MatterKindName {
    pub fn name(self) -> &'static str {
        match self {
            MatterKindName::HalfTitle => "half-title",
            MatterKindName::Title => "title",
            MatterKindName::Copyright => "copyright",
            MatterKindName::Dedication => "dedication",
            MatterKindName::Epigraph => "epigraph",
            MatterKindName::Contents => "contents",
            MatterKindName::Foreword => "foreword",
            MatterKindName::Preface => "preface",
            MatterKindName::Introduction => "introduction",
            MatterKindName::Afterword => "afterword",
            MatterKindName::Acknowledgments => "acknowledgments",
            MatterKindName::AboutTheAuthor => "about-the-author",
            MatterKindName::AlsoBy => "also-by",
            MatterKindName::Colophon => "colophon",
        }
    }

    /// Kinds whose content is prose the author writes (`text` or `file`).
    pub fn takes_prose(self) -> bool {
        !matches!(
            self,
            MatterKindName::HalfTitle
                | MatterKindName::Title
                | MatterKindName::Copyright
                | MatterKindName::Contents
                | MatterKindName::AlsoBy
                | MatterKindName::Colophon
        )
    }

    /// Kinds that only make sense before the stories.
    fn front_only(self) -> bool {
        matches!(
            self,
            MatterKindName::HalfTitle
                | MatterKindName::Title
                | MatterKindName::Copyright
                | MatterKindName::Contents
        )
    }

    fn takes_title(self) -> bool {
        self.takes_prose() && !matches!(self, MatterKindName::Dedication | MatterKindName::Epigraph)
            || self == MatterKindName::AlsoBy
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OnlyFormat {
    Pdf,
    Epub,
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
    /// The `©` line's holder; the authors when absent.
    pub copyright_holder: Option<String>,
    /// E.g. "First edition", on the copyright page.
    pub edition: Option<String>,
    /// ISBNs by edition: `isbn = { paperback = "978-…", ebook = "978-…" }`.
    #[serde(default)]
    pub isbn: std::collections::BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    pub subjects: Vec<String>,
    /// A JPEG or PNG: the EPUB's cover, and the PDF's with `[output.pdf] cover = true`.
    pub cover: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoryEntry {
    pub file: Spanned<String>,
    pub title: Spanned<String>,
    pub subtitle: Option<String>,
    pub author: Option<String>,
    pub translator: Option<String>,
    /// A quotation before the story's text (Markdown), and its source.
    pub epigraph: Option<String>,
    pub epigraph_source: Option<String>,
    /// Where the story first appeared: "The Atlantic, 2019".
    pub first_published: Option<String>,
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
        let lower = cover.get_ref().to_ascii_lowercase();
        if ![".jpg", ".jpeg", ".png"].iter().any(|e| lower.ends_with(e)) {
            problems.push(
                loaded
                    .diagnostic_at(
                        cover.span(),
                        format!("cover `{}` is not a JPEG or PNG", cover.get_ref()),
                    )
                    .help("use a .jpg, .jpeg or .png image"),
            );
        }
    }
    for (edition, isbn) in &m.book.isbn {
        if !is_isbn(isbn.get_ref()) {
            problems.push(
                loaded
                    .diagnostic_at(
                        isbn.span(),
                        format!("`{}` ({edition}) is not a valid ISBN", isbn.get_ref()),
                    )
                    .help("write the 13 (or 10) digits with their check digit, hyphens allowed"),
            );
        }
    }
    let mut generated_seen: Vec<(MatterKindName, usize)> = Vec::new();
    for (entries, front) in [(&m.front, true), (&m.back, false)] {
        for entry in entries.iter().flatten() {
            problems.extend(check_matter(loaded, entry, front));
            // A generated page makes sense once: a second contents or colophon is a
            // copy-paste slip.
            let kind = *entry.kind.get_ref();
            if kind.takes_prose() || kind == MatterKindName::AlsoBy {
                continue;
            }
            match generated_seen.iter().find(|(k, _)| *k == kind) {
                Some(&(_, first)) => {
                    let (line, _) = line_col(&loaded.text, first);
                    problems.push(
                        loaded
                            .diagnostic_at(
                                entry.kind.span(),
                                format!("the `{}` page is listed twice", kind.name()),
                            )
                            .help(format!(
                                "it is also listed on line {line}; remove one of them"
                            )),
                    );
                }
                None => generated_seen.push((kind, entry.kind.span().start)),
            }
        }
    }
    problems
}

/// The keys a front or back matter item takes depend on its kind.
fn check_matter(loaded: &LoadedManifest, entry: &MatterEntry, front: bool) -> Vec<Diagnostic> {
    let kind = *entry.kind.get_ref();
    let name = kind.name();
    let at = |span: std::ops::Range<usize>, message: String, help: &str| {
        loaded.diagnostic_at(span, message).help(help.to_string())
    };
    let mut problems = Vec::new();
    if !front && kind.front_only() {
        problems.push(at(
            entry.kind.span(),
            format!("`{name}` belongs in [[front]], not [[back]]"),
            "move this item to a [[front]] table",
        ));
    }
    if kind.takes_prose() {
        match (&entry.text, &entry.file) {
            (None, None) => problems.push(at(
                entry.kind.span(),
                format!("the {name} has no text"),
                "add `text = \"…\"` or `file = \"front/….md\"`",
            )),
            (Some(_), Some(file)) => problems.push(at(
                file.span(),
                format!("the {name} has both `text` and `file`"),
                "keep one of them",
            )),
            (None, Some(file)) => problems.extend(check_relative_path(loaded, file, "matter file")),
            (Some(text), None) if text.get_ref().trim().is_empty() => problems.push(at(
                text.span(),
                format!("the `text` of the {name} is empty"),
                "write the text between the quotes, or remove this item",
            )),
            (Some(_), None) => {}
        }
    } else {
        for value in [&entry.text, &entry.file].into_iter().flatten() {
            problems.push(at(
                value.span(),
                format!("a `{name}` page is generated and takes no text"),
                "remove this key, or use a kind such as \"preface\" for your own text",
            ));
        }
    }
    if let Some(title) = &entry.title {
        if title.get_ref().trim().is_empty() {
            problems.push(at(
                title.span(),
                format!("the `title` of the {name} is empty"),
                "write a heading between the quotes, or remove `title` for the default",
            ));
        }
        if !kind.takes_title() {
            problems.push(at(
                title.span(),
                format!("a `{name}` has no heading to set"),
                "remove `title`",
            ));
        }
    }
    if let Some(source) = &entry.source {
        if kind != MatterKindName::Epigraph {
            problems.push(at(
                source.span(),
                "`source` is only for an epigraph".into(),
                "remove `source`",
            ));
        }
    }
    match (&entry.titles, kind == MatterKindName::AlsoBy) {
        (Some(titles), false) => problems.push(at(
            titles.span(),
            "`titles` is only for kind = \"also-by\"".into(),
            "remove `titles`",
        )),
        (Some(titles), true) if titles.get_ref().is_empty() => problems.push(at(
            titles.span(),
            "the also-by list is empty".into(),
            "list the other books, e.g. titles = [\"First Book\"]",
        )),
        (None, true) => problems.push(at(
            entry.kind.span(),
            "an also-by page needs `titles`".into(),
            "add titles = [\"…\", \"…\"]",
        )),
        _ => {}
    }
    problems
}

/// An ISBN-13 or ISBN-10 with a correct check digit; hyphens and spaces are ignored.
pub fn is_isbn(isbn: &str) -> bool {
    let chars: Vec<char> = isbn.chars().filter(|c| !matches!(c, '-' | ' ')).collect();
    match chars.len() {
        13 if chars.iter().all(char::is_ascii_digit) => {
            let sum: u32 = chars
                .iter()
                .enumerate()
                .map(|(i, c)| c.to_digit(10).unwrap_or(0) * if i % 2 == 0 { 1 } else { 3 })
                .sum();
            sum % 10 == 0
        }
        10 => {
            let mut sum = 0;
            for (i, c) in chars.iter().enumerate() {
                let value = match c {
                    'X' | 'x' if i == 9 => 10,
                    c => match c.to_digit(10) {
                        Some(d) => d,
                        None => return false,
                    },
                };
                sum += value * (10 - i as u32);
            }
            sum % 11 == 0
        }
        _ => false,
    }
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
