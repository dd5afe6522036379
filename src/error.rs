//! Errors, typed inside the library and reported at the edge (`main.rs`) as one line:
//! what went wrong, where (file:line:col) and how to fix it.

use std::fmt;
use std::path::{Path, PathBuf};

/// A problem in the user's input, located as precisely as we can.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: PathBuf,
    /// 1-based line and column, when known.
    pub position: Option<(usize, usize)>,
    pub message: String,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn new(file: &Path, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.to_path_buf(),
            position: None,
            message: message.into(),
            help: None,
        }
    }

    pub fn at(mut self, position: Option<(usize, usize)>) -> Self {
        self.position = position;
        self
    }

    /// Places the diagnostic at a byte offset of `text` (the file's contents).
    pub fn at_offset(self, text: &str, offset: usize) -> Self {
        self.at(Some(line_col(text, offset)))
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some((line, col)) = self.position {
            write!(f, ":{line}:{col}")?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(help) = &self.help {
            write!(f, " (help: {help})")?;
        }
        Ok(())
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// Line starts of a text, found in one pass, for placing many diagnostics in the
/// same file: `line_col` for each would scan from the start every time.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> LineIndex<'a> {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(at, _)| at + 1))
            .collect();
        LineIndex { text, starts }
    }

    /// The same as [`line_col`], in time proportional to the line's length.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(self.text, offset.min(self.text.len()));
        let line = self.starts.partition_point(|&start| start <= offset);
        let start = self.starts[line - 1];
        (line, self.text[start..offset].chars().count() + 1)
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// One or more problems in the book's sources; all are reported.
    #[error("{}", join_lines(.0))]
    Book(Vec<Diagnostic>),
    #[error("{}: {source} (help: check the path and its permissions)", .path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: cannot use this font: {reason} (help: put a valid TrueType/OpenType font there)", .path.display())]
    Font { path: PathBuf, reason: String },
    #[error("{} output: {message}", .format.to_ascii_uppercase())]
    Render {
        /// The renderer's name, e.g. `pdf`.
        format: &'static str,
        message: String,
    },
    /// Text a renderer cannot draw (a glyph missing from the face it is set in,
    /// found only then: an italic that lacks what the regular has, a label, a
    /// quotation mark typography made). The build turns it into a [`Error::Book`]
    /// placed where the text is written.
    #[error("{} output: {} (help: {})", .0.format.to_ascii_uppercase(), .0.message, .0.help)]
    Undrawable(Box<Undrawable>),
}

/// See [`Error::Undrawable`].
#[derive(Debug)]
pub struct Undrawable {
    /// The renderer's name.
    pub format: &'static str,
    pub message: String,
    pub help: String,
    /// The word being set, by which its place in the sources is found.
    pub text: String,
    /// The opening of the paragraph it is in (empty when unknown): the word is
    /// looked for after it.
    pub paragraph: String,
    /// The book.toml key the text came from, when the renderer knows it.
    pub key: Option<&'static str>,
}

impl Error {
    pub fn io(path: &Path, source: std::io::Error) -> Self {
        Error::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

impl From<Diagnostic> for Error {
    fn from(diagnostic: Diagnostic) -> Self {
        Error::Book(vec![diagnostic])
    }
}

fn join_lines(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(|d| d.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_lines_and_characters() {
        let text = "a = 1\nbé = 2\n";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 6), (2, 1));
        // 'é' is two bytes but one column.
        assert_eq!(line_col(text, 9), (2, 3));
    }

    #[test]
    fn a_line_index_agrees_with_line_col() {
        let text = "a = 1\nbé = 2\n\nlast";
        let index = LineIndex::new(text);
        for offset in 0..=text.len() + 2 {
            assert_eq!(index.line_col(offset), line_col(text, offset), "{offset}");
        }
    }

    #[test]
    fn diagnostic_is_one_line_with_location_and_help() {
        let d = Diagnostic::new(Path::new("book.toml"), "unknown key `titel`")
            .at(Some((3, 1)))
            .help("did you mean `title`?");
        assert_eq!(
            d.to_string(),
            "book.toml:3:1: unknown key `titel` (help: did you mean `title`?)"
        );
    }
}
