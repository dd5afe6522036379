//! Diagnostics for people, in the rustc style: severity and code, message,
//! `file:line:col`, the source line with a caret under the spot, and help. Written
//! here rather than with codespan-reporting, which prints the whole source line: in
//! prose a line is a paragraph, and we show a window around the spot instead.

use unicode_width::UnicodeWidthStr;

use crate::error::{Diagnostic, Error};
use crate::lint::{Lint, Severity};

/// A code for a diagnostic that was not given one, from where it points.
pub fn code_for(d: &Diagnostic) -> &'static str {
    let in_dir = |name: &str| d.file.components().any(|c| c.as_os_str() == name);
    let glyph = ["has no glyph", "have no glyph", "cannot draw"];
    if glyph.iter().any(|g| d.message.contains(g)) {
        "missing-glyph"
    } else if d
        .file
        .file_name()
        .is_some_and(|n| n == crate::manifest::MANIFEST_NAME)
    {
        "manifest"
    } else if in_dir(crate::fonts::FONTS_DIR) {
        "font"
    } else {
        "story"
    }
}

/// Renders every problem of an error, each as a rustc-style block.
pub fn render_error(error: &Error) -> String {
    match error {
        Error::Book(diagnostics) => diagnostics
            .iter()
            .map(|d| render(Severity::Error, code_for(d), d))
            .collect(),
        Error::Font { path, reason } => render(
            Severity::Error,
            "font",
            &Diagnostic::new(path, format!("cannot use this font: {reason}")).help(
                "put a valid TrueType/OpenType font there, named <Family>-Regular.ttf and so on",
            ),
        ),
        Error::Io { path, source } => render(
            Severity::Error,
            "io",
            &Diagnostic::new(path, source.to_string()).help("check the path and its permissions"),
        ),
        Error::Render { .. } | Error::Undrawable(_) => format!("error[render]: {error}\n\n"),
    }
}

pub fn render_lint(lint: &Lint) -> String {
    render(lint.severity, lint.code, &lint.diagnostic)
}

/// One diagnostic; the source line is read back from the file (a file that cannot be
/// read, or a diagnostic without a position, gives the short form).
pub fn render(severity: Severity, code: &str, d: &Diagnostic) -> String {
    let mut out = format!("{}[{code}]: {}\n", severity_word(severity), d.message);
    let snippet = d.position.and_then(|(line, col)| {
        let text = source_text(&d.file)?;
        let start = offset_of(&text, line, col)?;
        Some(snippet(&text, start, line))
    });
    match d.position {
        Some((line, col)) => {
            let gutter = " ".repeat(line.to_string().len());
            out.push_str(&format!("{gutter}--> {}:{line}:{col}\n", d.file.display()));
            if let Some((source, caret)) = snippet {
                out.push_str(&format!(
                    "{gutter} |\n{line} | {source}\n{gutter} | {caret}\n"
                ));
            }
            if let Some(help) = &d.help {
                out.push_str(&format!("{gutter} |\n{gutter} = help: {help}\n"));
            }
        }
        None => {
            out.push_str(&format!("  --> {}\n", d.file.display()));
            if let Some(help) = &d.help {
                out.push_str(&format!("  = help: {help}\n"));
            }
        }
    }
    out.push('\n');
    out
}

/// The line holding `start`, cut to a window around it for long lines (a paragraph is
/// one line), and a caret line under the character at `start`.
fn snippet(text: &str, start: usize, _line: usize) -> (String, String) {
    const BEFORE: usize = 50;
    const AFTER: usize = 50;
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let before: Vec<char> = text[line_start..start].chars().collect();
    let after: Vec<char> = text[start..line_end].chars().collect();
    let clean = |c: &char| if c.is_control() { ' ' } else { *c };
    let mut shown = String::new();
    let skip = before.len().saturating_sub(BEFORE);
    if skip > 0 {
        shown.push('…');
    }
    shown.extend(before[skip..].iter().map(clean));
    let caret_at = shown.width();
    let token = token_len(&after);
    let kept = after.len().min(AFTER.max(token));
    shown.extend(after[..kept].iter().map(clean));
    if kept < after.len() {
        shown.push('…');
    }
    let marked: String = after[..token.min(kept)].iter().map(clean).collect();
    let caret = format!(
        "{}{}",
        " ".repeat(caret_at),
        "^".repeat(marked.width().max(1))
    );
    (shown.trim_end().to_string(), caret)
}

/// How many characters the label covers: a key or word made of letters, digits, `_`
/// and `-`, or else the one character.
fn token_len(after: &[char]) -> usize {
    let word = after
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'))
        .count();
    word.max(usize::from(!after.is_empty()))
}

fn severity_word(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// The file as the readers saw it: BOM dropped, line ends made `\n`, invalid bytes
/// replaced, so that lines and columns match.
fn source_text(path: &std::path::Path) -> Option<String> {
    let bytes = crate::guard::read_limited(path, crate::guard::MAX_STORY_BYTES).ok()?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let text = String::from_utf8_lossy(bytes);
    Some(text.replace("\r\n", "\n").replace('\r', "\n"))
}

/// The byte offset of a 1-based line and character column.
fn offset_of(text: &str, line: usize, col: usize) -> Option<usize> {
    let line_start = if line == 1 {
        0
    } else {
        text.match_indices('\n').nth(line - 2)?.0 + 1
    };
    let line_text = text[line_start..].split('\n').next().unwrap_or("");
    let within = line_text
        .char_indices()
        .nth(col.saturating_sub(1))
        .map_or(line_text.len(), |(o, _)| o);
    Some(line_start + within)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_round_trip_lines_and_columns() {
        let text = "a = 1\nbé = 2\n";
        assert_eq!(offset_of(text, 1, 1), Some(0));
        assert_eq!(offset_of(text, 2, 3), Some(9));
        assert_eq!(offset_of(text, 9, 1), None);
        let long = format!("{}X{}", "a ".repeat(100), "b ".repeat(100));
        let (shown, caret) = snippet(&long, 200, 1);
        assert!(shown.starts_with('…') && shown.ends_with('…'), "{shown}");
        assert_eq!(
            shown.chars().position(|c| c == 'X'),
            caret.find('^'),
            "{shown}\n{caret}"
        );
    }

    #[test]
    fn a_report_shows_code_location_line_caret_and_help() {
        let dir = std::env::temp_dir().join(format!("folio-report-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("book.toml");
        std::fs::write(&path, "[book]\ntitel = \"x\"\n").unwrap();
        let d = Diagnostic::new(&path, "unknown field `titel`")
            .at(Some((2, 1)))
            .help("did you mean `title`?");
        let out = render(Severity::Error, code_for(&d), &d);
        assert!(
            out.starts_with("error[manifest]: unknown field `titel`"),
            "{out}"
        );
        assert!(out.contains("book.toml:2:1"), "{out}");
        assert!(out.contains("2 | titel = \"x\"\n  | ^^^^^\n"), "{out}");
        assert!(out.contains("= help: did you mean `title`?"), "{out}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
