//! `book.toml`: parsing and checking the manifest. Every key is known; a typo, a wrong
//! type, an empty title or a missing story file is reported with the file, the line
//! and a fix. The `[output.NAME]` tables belong to the renderers: the manifest only
//! notes which exist, and each renderer reads its own (see `render::settings`).

mod check;
pub mod entries;
mod structure;
pub mod suggest;

use check::check;
pub use check::is_isbn;
pub use entries::{AuthorEntry, FallbackEntry, SeriesEntry, SubjectEntry, SubjectSchemeName};

use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::error::{line_col, Diagnostic};
use crate::lang::Lang;
use crate::overrides::Overrides;

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
    pub fonts: FontsSection,
    /// `[output.NAME]` tables, left to the renderer called NAME.
    #[serde(default)]
    pub output: std::collections::BTreeMap<Spanned<String>, serde::de::IgnoredAny>,
}

/// `[fonts]`: fonts shared by every output (each output names its body family
/// with `font` in its own table).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FontsSection {
    /// Families in `fonts/` tried in order, per character, for every character
    /// the body family lacks.
    pub fallback: Vec<Spanned<FallbackEntry>>,
}

impl FontsSection {
    pub fn fallback_names(&self) -> Vec<crate::fonts::FallbackName> {
        self.fallback
            .iter()
            .map(|f| f.get_ref().0.clone())
            .collect()
    }
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
    /// The one output this item appears in (a renderer's name), e.g. "pdf".
    pub only: Option<Spanned<String>>,
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
    pub(crate) fn front_only(self) -> bool {
        matches!(
            self,
            MatterKindName::HalfTitle
                | MatterKindName::Title
                | MatterKindName::Copyright
                | MatterKindName::Contents
        )
    }

    pub(crate) fn takes_title(self) -> bool {
        self.takes_prose() && !matches!(self, MatterKindName::Dedication | MatterKindName::Epigraph)
            || self == MatterKindName::AlsoBy
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BookSection {
    pub title: Spanned<String>,
    pub subtitle: Option<String>,
    /// Names, or `{ name = "Jane Austen", file_as = "Austen, Jane" }`.
    #[serde(default)]
    pub authors: Vec<AuthorEntry>,
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
    /// Words, or `{ scheme = "BISAC", code = "FIC029000", name = "…" }`.
    #[serde(default)]
    pub subjects: Vec<SubjectEntry>,
    /// `{ name = "…", number = 2 }`: the series the book belongs to.
    pub series: Option<SeriesEntry>,
    /// A JPEG or PNG: the EPUB's cover, and the PDF's with `[output.pdf] cover = true`.
    pub cover: Option<Spanned<String>>,
    /// The outputs' file name without extension; default: the title in ASCII.
    pub slug: Option<Spanned<String>>,
    /// Who checked the book's accessibility: the EPUB's `a11y:certifiedBy`.
    pub accessibility_certified_by: Option<Spanned<String>>,
    /// What is printed above each story's title: "Chapter 1", "Chapter One", "I".
    pub numbering: Option<Spanned<NumberingName>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum NumberingName {
    None,
    Arabic,
    Words,
    Roman,
}

impl BookSection {
    /// The authors' names, as printed.
    pub fn author_names(&self) -> Vec<String> {
        self.authors.iter().map(|a| a.name.clone()).collect()
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoryEntry {
    pub file: Spanned<String>,
    /// Absent: the story file's first heading (see `source::titles`).
    pub title: Option<Spanned<String>>,
    /// The part the story is in: consecutive stories with the same part form it.
    pub part: Option<Spanned<String>>,
    pub subtitle: Option<String>,
    pub author: Option<String>,
    pub translator: Option<String>,
    /// A quotation before the story's text (Markdown), and its source.
    pub epigraph: Option<Spanned<String>>,
    pub epigraph_source: Option<Spanned<String>>,
    /// Where the story first appeared: "The Atlantic, 2019".
    pub first_published: Option<String>,
    pub language: Option<Spanned<String>>,
    /// The file's encoding when it is not UTF-8, e.g. "windows-1252".
    pub encoding: Option<Spanned<String>>,
}

/// A parsed manifest with the paths it names resolved against the book folder.
#[derive(Debug)]
pub struct LoadedManifest {
    pub path: PathBuf,
    /// The text parsed: the file with the overrides applied.
    pub text: String,
    pub manifest: Manifest,
    pub book_dir: PathBuf,
    /// The file as written, and the overrides, to say which override a problem
    /// on a line the file does not have comes from.
    original: String,
    overrides: Overrides,
}

impl LoadedManifest {
    /// Resolves a path written in the manifest, relative to the book folder.
    pub fn resolve(&self, relative: &str) -> PathBuf {
        self.book_dir.join(relative)
    }

    /// The language tag written at `value`, or a diagnostic pointing at it.
    pub fn lang(&self, value: &Spanned<String>) -> Result<Lang, Diagnostic> {
        Lang::parse(value.get_ref()).map_err(|message| {
            self.diagnostic_at(value.span(), message)
                .help("use a tag such as \"en\", \"fr\" or \"pt-BR\"")
        })
    }

    /// A diagnostic pointing at a span of the manifest.
    pub fn diagnostic_at(&self, span: std::ops::Range<usize>, message: String) -> Diagnostic {
        Diagnostic::new(&self.path, message).at_offset(&self.text, span.start)
    }

    /// A TOML error (syntax, unknown key, wrong type) as a diagnostic with a fix.
    pub fn toml_error(&self, error: &toml::de::Error) -> Diagnostic {
        toml_diagnostic(&self.path, &self.text, error)
    }

    /// Problems on lines that only an override wrote are re-worded to name it.
    pub fn attribute(&self, problems: Vec<Diagnostic>) -> Vec<Diagnostic> {
        self.overrides
            .attribute(problems, &self.original, &self.text)
    }

    /// Every file the book is made from that the manifest names or implies: the
    /// manifest itself, the stories, the front and back matter files, the cover and
    /// the files in `fonts/`. Builds take their time stamp from these, and `watch`
    /// rebuilds when one of them changes.
    pub fn source_files(&self) -> Vec<PathBuf> {
        let m = &self.manifest;
        let mut paths = vec![self.path.clone()];
        paths.extend(m.stories.iter().map(|s| self.resolve(s.file.get_ref())));
        let matter = [&m.front, &m.back].into_iter().flatten().flatten();
        paths.extend(matter.filter_map(|entry| Some(self.resolve(entry.file.as_ref()?.get_ref()))));
        paths.extend(m.book.cover.as_ref().map(|c| self.resolve(c.get_ref())));
        if let Ok(entries) = std::fs::read_dir(self.book_dir.join(crate::fonts::FONTS_DIR)) {
            let mut fonts: Vec<PathBuf> =
                entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
            fonts.sort();
            paths.extend(fonts);
        }
        paths
    }

    /// The names of the `[output.NAME]` tables, with their positions.
    pub fn output_names(&self) -> impl Iterator<Item = &Spanned<String>> {
        self.manifest.output.keys()
    }

    /// A manifest parsed from text alone, without its checks (for tests).
    #[cfg(test)]
    pub fn from_text(path: &Path, text: &str) -> LoadedManifest {
        LoadedManifest {
            path: path.to_path_buf(),
            text: text.to_string(),
            manifest: parse(path, text).expect("a manifest that parses"),
            book_dir: PathBuf::from("."),
            original: text.to_string(),
            overrides: Overrides::default(),
        }
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
                crate::guard::ReadError::Io(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    "this folder holds no book.toml: pass the folder that holds it, or start a \
                     new book here with `folio init`"
                }
                crate::guard::ReadError::Io(_) => {
                    "run `folio build` in a book folder, or pass the folder that holds book.toml"
                }
                crate::guard::ReadError::NotRegular(_) => {
                    "book.toml must be an ordinary file: replace it with the manifest's text"
                }
            })])
        }
    };
    from_text(book_dir, text, overrides)
}

/// A manifest from its text, as if read from `BOOK_DIR/book.toml`, with overrides
/// applied and every check made (paths are looked up in `book_dir`). The fuzz
/// target starts here.
pub fn from_text(
    book_dir: &Path,
    text: String,
    overrides: &crate::overrides::Overrides,
) -> Result<LoadedManifest, Vec<Diagnostic>> {
    let path = book_dir.join(MANIFEST_NAME);
    let original = text;
    let text = overrides.apply(&path, &original).map_err(|d| vec![d])?;
    let manifest = parse(&path, &text).map_err(|first| {
        overrides.attribute(every_schema_error(&path, &text, first), &original, &text)
    })?;
    let loaded = LoadedManifest {
        path,
        text,
        manifest,
        book_dir: book_dir.to_path_buf(),
        original,
        overrides: overrides.clone(),
    };
    let problems = check(&loaded);
    if problems.is_empty() {
        Ok(loaded)
    } else {
        Err(loaded.attribute(problems))
    }
}

/// Parses manifest text; `path` is only used in diagnostics.
pub fn parse(path: &Path, text: &str) -> Result<Manifest, Diagnostic> {
    toml::from_str::<Manifest>(text).map_err(|e| toml_diagnostic(path, text, &e))
}

/// At most this many schema errors are reported at once.
const MAX_SCHEMA_ERRORS: usize = 20;

/// `first` and the schema errors after it: serde stops at the first wrong key, so
/// the line of each unknown or mistyped key is turned into a comment of the same
/// length (positions stay true) and the text parsed again. It stops at an error
/// this cannot step over (a missing key, a key whose value spans lines, a syntax
/// error): only what is surely wrong is reported.
fn every_schema_error(path: &Path, text: &str, first: Diagnostic) -> Vec<Diagnostic> {
    let mut found = vec![first];
    let mut text = text.to_string();
    // Each text is parsed once: its error is the next one to step over.
    let Err(mut error) = toml::from_str::<Manifest>(&text) else {
        return found;
    };
    while found.len() < MAX_SCHEMA_ERRORS {
        let message = error.message();
        let steppable = message.starts_with("unknown field") || message.starts_with("invalid ");
        let Some(span) = error.span().filter(|_| steppable) else {
            break;
        };
        let line_start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[span.start..]
            .find('\n')
            .map_or(text.len(), |i| span.start + i);
        let line = &text[line_start..line_end];
        if line.trim_start().starts_with('[') || !line.contains('=') {
            break;
        }
        let blanked = format!("#{}", " ".repeat(line.len() - 1));
        let mut next = text.clone();
        next.replace_range(line_start..line_end, &blanked);
        if next.parse::<toml::Table>().is_err() {
            break;
        }
        text = next;
        error = match toml::from_str::<Manifest>(&text) {
            Ok(_) => break,
            Err(error) => error,
        };
        let diagnostic = toml_diagnostic(path, &text, &error);
        if found.iter().any(|d| d.position == diagnostic.position) {
            break;
        }
        found.push(diagnostic);
    }
    found
}

fn toml_diagnostic(path: &Path, text: &str, error: &toml::de::Error) -> Diagnostic {
    let message = error.message().trim().to_string();
    let position = error.span().map(|span| line_col(text, span.start));
    let help = suggest::help_for(&message).unwrap_or_else(|| {
        "fix the TOML syntax here: text in \"quotes\", tables as [name], one key = value per line (see https://toml.io)".into()
    });
    Diagnostic::new(path, message).at(position).help(help)
}

#[cfg(test)]
mod tests;
