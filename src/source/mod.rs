//! Readers: turn the manifest's story files into the document model. Markdown and
//! plain text both land in the same blocks and inlines; nothing downstream reads a
//! source file again.

mod depth;
pub mod encoding;
pub mod fonts;
mod markdown;
mod plain;

use std::path::Path;

use crate::error::Diagnostic;
use crate::manifest::LoadedManifest;
use crate::model::{BackMatter, Block, Book, FrontMatter, Metadata, Note, Story, StoryId};

/// Builds the book from a checked manifest. Every story is read; all problems are
/// returned together.
pub fn load_book(loaded: &LoadedManifest, modified_unix: i64) -> Result<Book, Vec<Diagnostic>> {
    let m = &loaded.manifest;
    let mut problems = Vec::new();
    let mut stories = Vec::new();
    for (index, entry) in m.stories.iter().enumerate() {
        let path = loaded.resolve(entry.file.get_ref());
        let encoding = entry.encoding.as_ref().map(|e| e.get_ref().as_str());
        match read_story_file_with(&path, encoding) {
            Ok((blocks, notes)) => stories.push(Story {
                id: StoryId(index),
                title: entry.title.get_ref().trim().to_string(),
                subtitle: entry.subtitle.clone(),
                author: entry.author.clone(),
                language: entry.language.as_ref().map(|l| l.get_ref().clone()),
                blocks,
                notes,
            }),
            Err(problem) => problems.push(problem),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let book = &m.book;
    let meta = Metadata {
        title: book.title.get_ref().trim().to_string(),
        subtitle: book.subtitle.clone(),
        authors: book.authors.clone(),
        language: book.language.get_ref().clone(),
        identifier: book
            .identifier
            .clone()
            .unwrap_or_else(|| derived_identifier(book.title.get_ref(), &book.authors)),
        publisher: book.publisher.clone(),
        date: book.date.as_ref().map(|d| d.get_ref().clone()),
        description: book.description.clone(),
        rights: book.rights.clone(),
        subjects: book.subjects.clone(),
        modified_unix,
    };
    Ok(Book {
        meta,
        front: vec![FrontMatter::TitlePage, FrontMatter::Contents],
        stories,
        back: vec![BackMatter::Colophon { fonts: Vec::new() }],
    })
}

/// Reads one story file into blocks, choosing the reader by extension.
pub fn read_story_file(path: &Path) -> Result<(Vec<Block>, Vec<Note>), Diagnostic> {
    read_story_file_with(path, None)
}

/// Reads the text of a story file (size-limited), decoding a declared encoding.
pub fn read_story_text(path: &Path, encoding: Option<&str>) -> Result<String, Diagnostic> {
    let bytes = crate::guard::read_limited(path, crate::guard::MAX_STORY_BYTES).map_err(|e| {
        Diagnostic::new(path, format!("cannot read the story: {e}"))
            .help("split the story into several files, or check the path")
    })?;
    encoding::decode(path, &bytes, encoding)
}

/// Reads one story file, decoding it from `encoding` (a label such as
/// "windows-1252") when given.
pub fn read_story_file_with(
    path: &Path,
    encoding: Option<&str>,
) -> Result<(Vec<Block>, Vec<Note>), Diagnostic> {
    let text = read_story_text(path, encoding)?;
    let is_plain = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("txt"));
    parse_story(path, &text, is_plain)
}

/// A story's decoded text to blocks and notes (Markdown, or plain text when
/// `is_plain`); `path` is only used in diagnostics. The fuzz targets start here.
pub fn parse_story(
    path: &Path,
    text: &str,
    is_plain: bool,
) -> Result<(Vec<Block>, Vec<Note>), Diagnostic> {
    let (blocks, notes) = if is_plain {
        (plain::read(text), Vec::new())
    } else {
        depth::check_nesting(path, text)?;
        markdown::read(text).map_err(|label| {
            let offset = text.find(&format!("[^{label}]")).unwrap_or(0);
            Diagnostic::new(
                path,
                format!("footnote `[^{label}]` is referenced but never defined"),
            )
            .at_offset(text, offset)
            .help(format!("add a line `[^{label}]: …` with the note's text"))
        })?
    };
    if !blocks.iter().any(has_text) {
        return Err(Diagnostic::new(path, "the story is empty")
            .help("write the story's text in the file, or remove its [[stories]] entry"));
    }
    Ok((blocks, notes))
}

/// Whether a block holds any visible text (an empty heading or a lone scene break
/// does not make a story).
fn has_text(block: &Block) -> bool {
    use crate::model::Inline;
    match block {
        Block::Paragraph(content) | Block::Heading { content, .. } => {
            !Inline::plain_text(content).trim().is_empty()
        }
        Block::BlockQuote(blocks) => blocks.iter().any(has_text),
        Block::List { items, .. } => items.iter().flatten().any(has_text),
        Block::SceneBreak => false,
    }
}

/// UTF-8 text with any byte-order mark removed and line ends made `\n`.
pub fn decode_text(path: &Path, bytes: &[u8]) -> Result<String, Diagnostic> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let offset = e.valid_up_to();
        let valid = std::str::from_utf8(&bytes[..offset]).unwrap_or_default();
        Diagnostic::new(
            path,
            format!("the file is not valid UTF-8 (byte offset {offset})"),
        )
        .at_offset(valid, offset)
        .help("save the file as UTF-8 (most editors offer this under \"Save with encoding\"), or declare its encoding in its [[stories]] entry, e.g. encoding = \"windows-1252\"")
    })?;
    if let Some(offset) = text.find(|c: char| c.is_control() && !matches!(c, '\n' | '\r' | '\t')) {
        return Err(
            Diagnostic::new(path, "the file contains a control character")
                .at_offset(text, offset)
                .help("delete the invisible character at this position"),
        );
    }
    Ok(text.replace("\r\n", "\n").replace('\r', "\n"))
}

/// A stable `urn:uuid:` derived from the title and authors, so that rebuilding a
/// book keeps its identity without the author having to invent one.
pub fn derived_identifier(title: &str, authors: &[String]) -> String {
    let key = format!("folio\u{0}{title}\u{0}{}", authors.join("\u{0}"));
    let hash = crate::util::fnv1a_128(key.as_bytes()).to_be_bytes();
    let mut b = hash;
    b[6] = (b[6] & 0x0f) | 0x50; // version 5 layout (name-based)
    b[8] = (b[8] & 0x3f) | 0x80; // RFC 4122 variant
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "urn:uuid:{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

#[cfg(test)]
mod tests;
