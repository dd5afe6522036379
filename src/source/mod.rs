//! Readers: turn the manifest's story files into the document model. Markdown and
//! plain text both land in the same blocks and inlines; nothing downstream reads a
//! source file again.

pub mod check;
pub mod divs;
pub mod encoding;
pub use encoding::decode_text;
mod images;
mod markdown;
mod plain;
pub mod spans;
mod titles;
pub mod xref;

pub use markdown::OPTIONS as MARKDOWN_OPTIONS;

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::Diagnostic;
use crate::manifest::LoadedManifest;
use crate::manifest::{
    LeadInName, MatterEntry, MatterKindName, NumberingName, SubjectEntry, SubjectSchemeName,
};
use crate::model::{
    walk, Block, Book, Cover, Epigraph, ImageType, Labels, LeadIn, Matter, MatterKind, Metadata,
    Note, Numbering, OutputText, Part, SectionRole, Series, Story, StoryId, Subject, SubjectCode,
    SubjectScheme,
};

/// A story file's decoded text, kept so that the checks after reading (missing
/// glyphs, lints) need not read or decode the file again.
#[derive(Debug, Clone)]
pub struct StoryText {
    pub path: PathBuf,
    pub text: String,
    pub markdown: bool,
}

/// Builds the book from a checked manifest, with the text of each story as read.
/// Every story is read (in parallel: they are independent); all problems are
/// returned together, in the manifest's order.
pub fn load_book(
    loaded: &LoadedManifest,
    modified_unix: i64,
) -> Result<(Book, Vec<StoryText>), Vec<Diagnostic>> {
    let m = &loaded.manifest;
    let mut problems = check::check_manifest(loaded);
    if !problems.is_empty() {
        return Err(problems);
    }
    let book_lang = loaded.lang(&m.book.language).map_err(|d| vec![d])?;
    let mut stories = Vec::new();
    let mut texts = Vec::new();
    let read: Vec<Result<(Story, StoryText), Diagnostic>> = m
        .stories
        .par_iter()
        .enumerate()
        .map(|(index, entry)| {
            let path = loaded.resolve(entry.file.get_ref());
            let encoding = entry.encoding.as_ref().map(|e| e.get_ref().as_str());
            let text = read_story_text(&path, encoding)?;
            let markdown = !is_plain_text(&path);
            let (mut blocks, notes) = parse_story(&path, &text, !markdown)?;
            let manifest_title = entry.title.as_ref().map(|t| t.get_ref().as_str());
            let title = titles::settle(manifest_title, &mut blocks).ok_or_else(|| {
                loaded
                    .diagnostic_at(
                        entry.file.span(),
                        format!("the story `{}` has no title", entry.file.get_ref()),
                    )
                    .help("add title = \"…\" to its [[stories]] entry, or start the file with a `# Heading`")
            })?;
            // The story's language, else the book's: settled here, once.
            let lang = match &entry.language {
                Some(tag) => loaded.lang(tag)?,
                None => book_lang.clone(),
            };
            let story = Story {
                id: StoryId(index),
                title,
                subtitle: entry.subtitle.clone(),
                author: entry.author.clone(),
                translator: entry.translator.clone(),
                epigraph: entry.epigraph.as_ref().map(|text| Epigraph {
                    blocks: inline_markdown(text.get_ref()),
                    source: entry
                        .epigraph_source
                        .as_ref()
                        .map(|s| inline_text(s.get_ref())),
                }),
                first_published: entry.first_published.as_deref().map(inline_text),
                lang,
                blocks,
                notes,
            };
            Ok((
                story,
                StoryText {
                    path,
                    text,
                    markdown,
                },
            ))
        })
        .collect();
    for result in read {
        match result {
            Ok((story, text)) => {
                stories.push(story);
                texts.push(text);
            }
            Err(problem) => problems.push(problem),
        }
    }
    let mut images = Vec::new();
    if problems.is_empty() {
        problems.extend(xref::resolve(&mut stories, &texts));
        let (assets, image_problems) = images::resolve(&mut stories, &texts, &loaded.book_dir);
        images = assets;
        problems.extend(image_problems);
    }
    let front = match &m.front {
        Some(entries) => read_matter(loaded, entries, book_lang.labels(), &mut problems),
        None => vec![
            Matter::new(MatterKind::TitlePage),
            Matter::new(MatterKind::Contents),
        ],
    };
    let back = match &m.back {
        Some(entries) => read_matter(loaded, entries, book_lang.labels(), &mut problems),
        None => vec![Matter::new(MatterKind::Colophon)],
    };
    let cover = match &m.book.cover {
        Some(file) => match read_cover(loaded, file.get_ref()) {
            Ok(cover) => Some(cover),
            Err(problem) => {
                problems.push(problem);
                None
            }
        },
        None => None,
    };
    if !problems.is_empty() {
        return Err(problems);
    }
    let book = &m.book;
    let authors = book.author_names();
    let meta = Metadata {
        title: book.title.get_ref().trim().to_string(),
        subtitle: book.subtitle.clone(),
        authors: authors.clone(),
        lang: book_lang,
        identifier: book
            .identifier
            .clone()
            .unwrap_or_else(|| derived_identifier(book.title.get_ref(), &authors)),
        publisher: book.publisher.clone(),
        date: book.date.as_ref().map(|d| d.get_ref().clone()),
        description: book.description.clone(),
        rights: book.rights.clone(),
        copyright_holder: book.copyright_holder.clone(),
        edition: book.edition.clone(),
        isbns: book
            .isbn
            .iter()
            .map(|(edition, isbn)| (edition.clone(), isbn.get_ref().clone()))
            .collect(),
        file_as: book
            .authors
            .iter()
            .filter_map(|a| Some((a.name.clone(), a.file_as.clone()?)))
            .collect(),
        subjects: book.subjects.iter().map(subject).collect(),
        series: book.series.as_ref().map(|series| Series {
            name: series.name.get_ref().trim().to_string(),
            number: series.number.as_ref().map(|n| *n.get_ref()),
        }),
        accessibility_certified_by: book
            .accessibility_certified_by
            .as_ref()
            .map(|name| name.get_ref().trim().to_string()),
        modified_unix,
    };
    let book = Book {
        meta,
        front,
        stories,
        back,
        cover,
        images,
        // Filled by the build from the renderers' tables (`read_output_text`).
        output_texts: Vec::new(),
        lead_in: match m.typography.lead_in {
            LeadInName::None => LeadIn::Plain,
            LeadInName::SmallCaps => LeadIn::SmallCaps,
            LeadInName::DropCap => LeadIn::DropCap,
        },
        parts: parts(&m.stories),
        numbering: match m.book.numbering.as_ref().map(|n| *n.get_ref()) {
            None | Some(NumberingName::None) => Numbering::None,
            Some(NumberingName::Arabic) => Numbering::Arabic,
            Some(NumberingName::Words) => Numbering::Words,
            Some(NumberingName::Roman) => Numbering::Roman,
        },
    };
    Ok((book, texts))
}

/// The parts: each run of consecutive stories with the same `part` (the manifest
/// check refuses a part that comes back after another).
fn parts(entries: &[crate::manifest::StoryEntry]) -> Vec<Part> {
    let mut parts: Vec<Part> = Vec::new();
    for (index, entry) in entries.iter().enumerate() {
        let Some(title) = entry.part.as_ref().map(|p| p.get_ref().trim()) else {
            continue;
        };
        match parts.last_mut() {
            Some(part) if part.title == title && part.stories.end == index => {
                part.stories.end = index + 1
            }
            _ => parts.push(Part {
                title: title.to_string(),
                stories: index..index + 1,
            }),
        }
    }
    parts
}

/// Front or back matter as the manifest lists it, with prose read from its text or
/// file, and default headings from `labels`. Problems are added to `problems`.
fn read_matter(
    loaded: &LoadedManifest,
    entries: &[MatterEntry],
    labels: &Labels,
    problems: &mut Vec<Diagnostic>,
) -> Vec<Matter> {
    let mut out = Vec::new();
    for entry in entries {
        let blocks = if let Some(text) = &entry.text {
            inline_markdown(text.get_ref())
        } else if let Some(file) = &entry.file {
            let path = loaded.resolve(file.get_ref());
            match read_story_file(&path) {
                Ok((_, notes)) if !notes.is_empty() => {
                    problems.push(
                        Diagnostic::new(
                            &path,
                            "footnotes are not supported in front and back matter",
                        )
                        .help("write the note into the text, or move it to a story"),
                    );
                    continue;
                }
                Ok((blocks, _)) if has_images(&blocks) => {
                    problems.push(
                        Diagnostic::new(
                            &path,
                            "images are not supported in front and back matter yet",
                        )
                        .help("move the image into a story, or describe it in words"),
                    );
                    continue;
                }
                Ok((blocks, _)) => blocks,
                Err(problem) => {
                    problems.push(problem);
                    continue;
                }
            }
        } else {
            Vec::new()
        };
        let title = |default: &str| {
            entry
                .title
                .as_ref()
                .map_or(default.to_string(), |t| t.get_ref().trim().to_string())
        };
        let section = |role: SectionRole, default: &str| MatterKind::Section {
            role,
            title: title(default),
            blocks: blocks.clone(),
        };
        let authors = &loaded.manifest.book.author_names();
        let kind = match entry.kind.get_ref() {
            MatterKindName::HalfTitle => MatterKind::HalfTitle,
            MatterKindName::Title => MatterKind::TitlePage,
            MatterKindName::Copyright => MatterKind::Copyright,
            MatterKindName::Contents => MatterKind::Contents,
            MatterKindName::Colophon => MatterKind::Colophon,
            MatterKindName::Dedication => MatterKind::Dedication(blocks.clone()),
            MatterKindName::Epigraph => MatterKind::Epigraph(Epigraph {
                blocks: blocks.clone(),
                source: entry.source.as_ref().map(|s| inline_text(s.get_ref())),
            }),
            MatterKindName::Foreword => section(SectionRole::Foreword, labels.foreword),
            MatterKindName::Preface => section(SectionRole::Preface, labels.preface),
            MatterKindName::Introduction => section(SectionRole::Introduction, labels.introduction),
            MatterKindName::Afterword => section(SectionRole::Afterword, labels.afterword),
            MatterKindName::Acknowledgments => {
                section(SectionRole::Acknowledgments, labels.acknowledgments)
            }
            MatterKindName::AboutTheAuthor => {
                section(SectionRole::AboutAuthor, labels.about(authors.len()))
            }
            MatterKindName::AlsoBy => MatterKind::AlsoBy {
                title: title(&labels.also_by(authors)),
                titles: entry
                    .titles
                    .as_ref()
                    .map(|t| t.get_ref().iter().map(|t| inline_text(t)).collect())
                    .unwrap_or_default(),
            },
        };
        out.push(Matter {
            kind,
            only: entry.only.as_ref().map(|only| only.get_ref().clone()),
        });
    }
    out
}

/// Whether `blocks` show an image (a figure, or one inside a paragraph).
/// Where a link's or image's destination `written` stands in a story's text (after
/// its `](`, else its first mention, else the start): the place a diagnostic about
/// it points at, where the fix is.
fn destination_offset(text: &str, written: &str) -> usize {
    text.find(&format!("]({written}"))
        .map(|at| at + 2)
        .or_else(|| text.find(written))
        .unwrap_or(0)
}

fn has_images(blocks: &[Block]) -> bool {
    walk::all_blocks(blocks).any(|block| {
        matches!(block, Block::Figure(_))
            || block.inline_runs().iter().any(|run| {
                walk::inline_events(run).any(|event| {
                    matches!(
                        event,
                        crate::model::InlineEvent::Enter(crate::model::Inline::Image(_))
                    )
                })
            })
    })
}

/// A manifest subject in the model: a name, with its scheme's code when given.
fn subject(entry: &SubjectEntry) -> Subject {
    Subject {
        name: entry.name.clone(),
        code: entry.code.as_ref().map(|(scheme, code)| SubjectCode {
            scheme: match scheme {
                SubjectSchemeName::Bisac => SubjectScheme::Bisac,
                SubjectSchemeName::Thema => SubjectScheme::Thema,
            },
            code: code.get_ref().clone(),
        }),
    }
}

/// One line of Markdown from the manifest as inlines (an epigraph's source).
fn inline_text(text: &str) -> Vec<crate::model::Inline> {
    match inline_markdown(text).as_slice() {
        [Block::Paragraph(content)] => content.clone(),
        _ => vec![crate::model::Inline::Text(text.to_string())],
    }
}

/// Short Markdown written in the manifest (a dedication, an epigraph).
fn inline_markdown(text: &str) -> Vec<Block> {
    // Only footnote errors are possible, and a manifest string has no definitions to
    // miss; fall back to the text as one paragraph.
    markdown::read(text)
        .map(|(blocks, _)| blocks)
        .unwrap_or_else(|_| {
            vec![Block::Paragraph(vec![crate::model::Inline::Text(
                text.to_string(),
            )])]
        })
}

/// Reads the cover image and its pixel size from the header.
fn read_cover(loaded: &LoadedManifest, relative: &str) -> Result<Cover, Diagnostic> {
    let path = loaded.resolve(relative);
    let data = crate::guard::read_limited(&path, crate::guard::MAX_COVER_BYTES).map_err(|e| {
        Diagnostic::new(&path, format!("cannot read the cover: {e}"))
            .help("save the cover smaller (a JPEG of 1600 × 2400 pixels is plenty for an ebook)")
    })?;
    let (media_type, size) = if data.starts_with(b"\x89PNG\r\n\x1a\n") {
        (ImageType::Png, crate::images::png_size(&data))
    } else if data.starts_with(&[0xFF, 0xD8]) {
        (ImageType::Jpeg, crate::images::jpeg_size(&data))
    } else {
        return Err(
            Diagnostic::new(&path, "the cover is neither a JPEG nor a PNG image")
                .help("save the cover as .jpg or .png"),
        );
    };
    crate::images::is_complete(media_type, &data).map_err(|kind| {
        Diagnostic::new(&path, format!("the cover {kind} is cut short or damaged"))
            .help("save or download the cover again; the file ends before the image does")
    })?;
    let (width, height) = size.ok_or_else(|| {
        Diagnostic::new(&path, "the cover image's header cannot be read")
            .help("save the cover again from an image editor, as a baseline JPEG or a PNG")
    })?;
    let file_name = Path::new(relative)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("cover")
        .to_string();
    Ok(Cover {
        file_name,
        media_type,
        data,
        width,
        height,
    })
}

/// Reads one story file into blocks, choosing the reader by extension.
/// The Markdown texts of the renderers' tables (output, key, text, where it is
/// written), read as model blocks: paragraphs and their emphasis, like a story's
/// text; renderers never parse text themselves. Notes have nowhere to go there,
/// so they are an error rather than lost.
pub fn read_output_texts<'a>(
    manifest: &LoadedManifest,
    texts: impl Iterator<Item = (&'static str, &'static str, &'a str, std::ops::Range<usize>)>,
) -> Result<Vec<OutputText>, Vec<Diagnostic>> {
    let mut read = Vec::new();
    let mut problems = Vec::new();
    for (output, key, text, span) in texts {
        let blocks = check::check_markdown(text, check::Origin::Manifest)
            .map_err(|p| (p.message, p.help))
            .and_then(|()| markdown::read(text).map_err(|m| (m, String::new())));
        match blocks {
            Ok((blocks, notes)) if notes.is_empty() => read.push(OutputText {
                output,
                key,
                blocks,
            }),
            Ok(_) => problems.push(
                manifest
                    .diagnostic_at(span, "this text cannot have footnotes".into())
                    .help("remove the note; say it in the text"),
            ),
            Err((message, help)) => problems.push(manifest.diagnostic_at(span, message).help(help)),
        }
    }
    match problems.is_empty() {
        true => Ok(read),
        false => Err(manifest.attribute(problems)),
    }
}

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
    parse_story(path, &text, is_plain_text(path))
}

/// A `.txt` story is plain text with blank-line paragraphs; anything else Markdown.
pub fn is_plain_text(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("txt"))
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
        check::check_story(path, text)?;
        let prepared = divs::prepare(text).map_err(|problem| {
            Diagnostic::new(path, problem.message)
                .at_offset(text, problem.offset)
                .help(problem.help)
        })?;
        markdown::read(&prepared).map_err(|label| {
            let offset = text.find(&format!("[^{label}]")).unwrap_or(0);
            Diagnostic::new(
                path,
                format!("footnote `[^{label}]` is referenced but never defined"),
            )
            .at_offset(text, offset)
            .help(format!("add a line `[^{label}]: …` with the note's text"))
        })?
    };
    if !walk::all_blocks(&blocks).any(has_text) {
        return Err(Diagnostic::new(path, "the story is empty")
            .help("write the story's text in the file, or remove its [[stories]] entry"));
    }
    Ok((blocks, notes))
}

/// Whether a block holds visible text of its own (an empty heading or a lone scene
/// break does not make a story; a quote or list holds only the blocks inside it).
fn has_text(block: &Block) -> bool {
    matches!(block, Block::Figure(_))
        || block
            .inline_runs()
            .iter()
            .any(|run| !crate::model::Inline::plain_text(run).trim().is_empty())
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
