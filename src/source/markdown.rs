//! Markdown reader: pulldown-cmark events folded into the document model. Raw HTML is
//! kept as literal text (the renderers escape it), never passed through as markup.
//! An image alone in its paragraph is a figure, its title the caption; its file is
//! read later (`source::images`). Constructs the model has no place for yet
//! (strikethrough, definition lists, math…) keep their text; `lint::unsupported` says what happens to
//! each, at its position, so nothing is lost without a word.

use std::collections::HashMap;

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

use crate::model::{Block, ColumnAlign, Figure, ImageRef, Inline, Note, Table};

/// The blocks and footnotes of one Markdown story, or the label of a footnote that
/// is referenced but never defined.
pub fn read(text: &str) -> Result<(Vec<Block>, Vec<Note>), String> {
    let mut builder = Builder::default();
    for (event, range) in Parser::new_ext(text, OPTIONS).into_offset_iter() {
        // A text node pulldown-cmark starts just after a backslash begins with
        // the escaped character: an escaped bracket never makes a span.
        let escaped = range.start > 0 && text.as_bytes()[range.start - 1] == b'\\';
        match event {
            Event::Text(t) if escaped && t.starts_with(['[', ']', '{']) => {
                let mut chars = t.chars();
                let first = chars.next().unwrap_or_default();
                let (_, stand_in) = super::spans::ESCAPED
                    .into_iter()
                    .find(|&(c, _)| c == first)
                    .unwrap_or((first, first));
                let marked = format!("{stand_in}{}", chars.as_str());
                builder.event(Event::Text(marked.into()));
            }
            event => builder.event(event),
        }
    }
    builder.finish()
}

/// The Markdown Folio reads, for the reader, the guard and the lints alike:
/// CommonMark with footnotes and the extensions authors use (GitHub tables,
/// strikethrough and task lists, heading attributes, definition lists, math, a
/// metadata block). Not pulldown-cmark's smart punctuation: `typography` curls
/// quotes and sets dashes itself, per language.
pub const OPTIONS: Options = Options::ENABLE_FOOTNOTES
    .union(Options::ENABLE_TABLES)
    .union(Options::ENABLE_STRIKETHROUGH)
    .union(Options::ENABLE_TASKLISTS)
    .union(Options::ENABLE_HEADING_ATTRIBUTES)
    .union(Options::ENABLE_DEFINITION_LIST)
    .union(Options::ENABLE_MATH)
    .union(Options::ENABLE_YAML_STYLE_METADATA_BLOCKS);

/// A fenced block marked ```verse (or ```poem) holds poetry.
fn is_verse_fence(info: &str) -> bool {
    matches!(info.split_whitespace().next(), Some("verse" | "poem"))
}

/// Verse lines with their inline Markdown (emphasis, links) read; leading spaces
/// kept as no-break spaces (indented lines); a blank line separates stanzas.
fn verse_lines(text: &str) -> Vec<Vec<Inline>> {
    let mut lines: Vec<Vec<Inline>> = Vec::new();
    for line in text.trim_end_matches('\n').split('\n') {
        if line.trim().is_empty() {
            if lines.last().is_some_and(|l| !l.is_empty()) {
                lines.push(Vec::new());
            }
            continue;
        }
        let indent = line.len() - line.trim_start_matches(' ').len();
        let mut content = Vec::new();
        if indent > 0 {
            content.push(Inline::Text("\u{00A0}".repeat(indent)));
        }
        match read(line.trim()) {
            Ok((blocks, _)) if matches!(blocks.as_slice(), [Block::Paragraph(_)]) => {
                if let Some(Block::Paragraph(inlines)) = blocks.into_iter().next() {
                    content.extend(inlines);
                }
            }
            _ => content.push(Inline::Text(line.trim().to_string())),
        }
        lines.push(content);
    }
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines
}

/// The escaped brackets of every text and alt text back as written.
fn restore_escapes(blocks: &mut [Block]) {
    crate::model::walk::for_each_block_mut(blocks, |block| {
        for run in block.inline_runs_mut() {
            for inline in crate::model::walk::leaves_mut(run) {
                match inline {
                    Inline::Text(text) => super::spans::restore_escapes(text),
                    Inline::Image(image) => super::spans::restore_escapes(&mut image.alt),
                    _ => {}
                }
            }
        }
        if let Block::Figure(figure) = block {
            super::spans::restore_escapes(&mut figure.image.alt);
        }
    });
}

enum Container {
    Root,
    Quote,
    List {
        ordered: bool,
        start: u64,
        items: Vec<Vec<Block>>,
    },
    Item,
    /// A footnote's definition, by its label (lowercased, as matched).
    Note {
        label: String,
    },
    /// A fenced div for one output (see `super::divs`), by the output's name.
    Only(String),
}

enum InlineFrame {
    Paragraph,
    Heading(u8, Option<String>),
    Emphasis,
    Strong,
    Link(String),
    /// An image: its address and title; the content read inside is its alt text.
    Image(String, String),
    /// Content kept, its markup dropped: struck-through text.
    Transparent,
    /// A table cell's content.
    Cell,
    /// Text outside any paragraph (tight list items, block HTML): closes as a
    /// paragraph at the next block boundary.
    Loose,
}

#[derive(Default)]
struct Builder {
    containers: Vec<(Container, Vec<Block>)>,
    inlines: Vec<(InlineFrame, Vec<Inline>)>,
    /// The label of each footnote reference, in reading order: reference `i` is
    /// `Inline::NoteRef(i)` and gets note `i`, so each note is cited exactly once
    /// (a note cited twice is given twice) and notes are numbered as they are cited.
    citations: Vec<String>,
    /// Each footnote's blocks, by label.
    definitions: HashMap<String, Vec<Block>>,
    in_code_block: bool,
    /// The text of a ```verse fence being read.
    verse: Option<String>,
    /// Inside a metadata block, whose text is not printed.
    in_metadata: bool,
    /// The table being read.
    table: Option<Table>,
    /// Cells already read in the table's current row.
    cells: usize,
    /// The title of the last image read: a figure's caption.
    image_title: String,
}

impl Builder {
    fn event(&mut self, event: Event<'_>) {
        if self.containers.is_empty() {
            self.containers.push((Container::Root, Vec::new()));
        }
        if self.in_metadata {
            self.in_metadata = !matches!(event, Event::End(TagEnd::MetadataBlock(_)));
            return;
        }
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(text) if self.verse.is_some() => {
                if let Some(verse) = &mut self.verse {
                    verse.push_str(&text);
                }
            }
            Event::Text(text) if self.in_code_block => {
                let mut lines = text.split('\n').peekable();
                while let Some(line) = lines.next() {
                    self.push_text(line);
                    if lines.peek().is_some_and(|next| !next.is_empty()) {
                        self.push_inline(Inline::LineBreak);
                    }
                }
            }
            Event::Text(text) | Event::Code(text) => self.push_text(&text),
            Event::Html(html) if self.div_fence(&html) => {}
            Event::InlineHtml(html) | Event::Html(html) => self.push_text(html.trim_end()),
            Event::InlineMath(text) | Event::DisplayMath(text) => self.push_text(&text),
            Event::SoftBreak => self.push_text(" "),
            Event::HardBreak => self.push_inline(Inline::LineBreak),
            Event::Rule => self.push_block(Block::SceneBreak),
            Event::FootnoteReference(label) => {
                let index = self.citations.len();
                self.citations.push(label.to_lowercase());
                self.push_inline(Inline::NoteRef(index));
            }
            Event::TaskListMarker(done) => self.push_text(if done { "[x] " } else { "[ ] " }),
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph => self.open_inline(InlineFrame::Paragraph),
            Tag::Heading { level, id, .. } => self.open_inline(InlineFrame::Heading(
                level as u8,
                id.map(|id| id.into_string()),
            )),
            Tag::CodeBlock(CodeBlockKind::Fenced(info)) if is_verse_fence(&info) => {
                self.flush_loose_text();
                self.verse = Some(String::new());
            }
            Tag::CodeBlock(_) => {
                self.in_code_block = true;
                self.open_inline(InlineFrame::Paragraph)
            }
            Tag::Emphasis => self.open_inline(InlineFrame::Emphasis),
            Tag::Strong => self.open_inline(InlineFrame::Strong),
            Tag::Link { dest_url, .. } => {
                self.open_inline(InlineFrame::Link(dest_url.into_string()))
            }
            Tag::Image {
                dest_url, title, ..
            } => self.open_inline(InlineFrame::Image(
                dest_url.into_string(),
                title.into_string(),
            )),
            Tag::Strikethrough => self.open_inline(InlineFrame::Transparent),
            Tag::BlockQuote(_) => self.open_container(Container::Quote),
            Tag::List(start) => self.open_container(Container::List {
                ordered: start.is_some(),
                start: start.unwrap_or(1),
                items: Vec::new(),
            }),
            Tag::Item => self.open_container(Container::Item),
            Tag::FootnoteDefinition(label) => self.open_container(Container::Note {
                label: label.to_lowercase(),
            }),
            Tag::Table(alignments) => {
                self.flush_loose_text();
                let caption = self.take_caption();
                self.table = Some(Table {
                    columns: alignments
                        .iter()
                        .map(|a| match a {
                            pulldown_cmark::Alignment::None => ColumnAlign::Default,
                            pulldown_cmark::Alignment::Left => ColumnAlign::Left,
                            pulldown_cmark::Alignment::Center => ColumnAlign::Center,
                            pulldown_cmark::Alignment::Right => ColumnAlign::Right,
                        })
                        .collect(),
                    runs: vec![caption],
                });
            }
            Tag::TableHead | Tag::TableRow => self.cells = 0,
            Tag::TableCell => self.inlines.push((InlineFrame::Cell, Vec::new())),
            // A definition list's term is a paragraph and its definitions follow
            // as paragraphs.
            Tag::DefinitionListTitle => self.open_inline(InlineFrame::Paragraph),
            Tag::DefinitionListDefinition | Tag::DefinitionList => self.flush_loose_text(),
            Tag::MetadataBlock(_) => {
                self.flush_loose_text();
                self.in_metadata = true;
            }
            Tag::HtmlBlock | Tag::Superscript | Tag::Subscript => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        if tag == TagEnd::CodeBlock {
            if let Some(text) = self.verse.take() {
                self.push_block(Block::Verse(verse_lines(&text)));
                return;
            }
        }
        match tag {
            TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::CodeBlock
            | TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Link
            | TagEnd::Image
            | TagEnd::Strikethrough
            | TagEnd::TableCell
            | TagEnd::DefinitionListTitle => {
                self.in_code_block &= tag != TagEnd::CodeBlock;
                self.close_inline();
            }
            TagEnd::BlockQuote(_) | TagEnd::List(_) | TagEnd::Item | TagEnd::FootnoteDefinition => {
                self.close_container()
            }
            TagEnd::TableHead | TagEnd::TableRow => {
                // A ragged row is made whole: empty cells added, extra ones dropped.
                if let Some(table) = &mut self.table {
                    let columns = table.columns.len();
                    for _ in self.cells..columns {
                        table.runs.push(Vec::new());
                    }
                    if self.cells > columns {
                        table
                            .runs
                            .truncate(table.runs.len() - (self.cells - columns));
                    }
                }
            }
            TagEnd::Table => {
                if let Some(table) = self.table.take() {
                    self.push_block(Block::Table(table));
                }
            }
            TagEnd::DefinitionListDefinition | TagEnd::DefinitionList => self.flush_loose_text(),
            _ => {}
        }
    }

    fn open_inline(&mut self, frame: InlineFrame) {
        let is_block = matches!(frame, InlineFrame::Paragraph | InlineFrame::Heading(..));
        if is_block {
            self.flush_loose_text();
        }
        self.inlines.push((frame, Vec::new()));
    }

    fn close_inline(&mut self) {
        let Some((frame, content)) = self.inlines.pop() else {
            return;
        };
        match frame {
            InlineFrame::Cell => {
                let mut content = content;
                super::spans::bracketed_spans(&mut content);
                self.cells += 1;
                if let Some(table) = &mut self.table {
                    table.runs.push(content);
                }
            }
            InlineFrame::Paragraph | InlineFrame::Loose => {
                let block = self.figure(content);
                self.push_block_raw(block)
            }
            InlineFrame::Heading(level, id) => {
                self.push_block_raw(Block::Heading { level, id, content })
            }
            InlineFrame::Emphasis => self.push_inline(Inline::Emphasis(content)),
            InlineFrame::Strong => self.push_inline(Inline::Strong(content)),
            InlineFrame::Link(url) => self.push_inline(Inline::Link { url, content }),
            InlineFrame::Image(src, title) => {
                self.image_title = title;
                self.push_inline(Inline::Image(ImageRef {
                    id: usize::MAX,
                    media_type: crate::model::ImageType::Png,
                    pixels: (1, 1),
                    src,
                    alt: Inline::plain_text(&content).trim().to_string(),
                }));
            }
            InlineFrame::Transparent => content.into_iter().for_each(|i| match i {
                Inline::Text(text) => self.push_text(&text),
                other => self.push_inline(other),
            }),
        }
    }

    /// A paragraph holding one image and nothing else is a figure, captioned with
    /// the image's title.
    fn figure(&mut self, content: Vec<Inline>) -> Block {
        let mut images = content.iter().filter(|i| matches!(i, Inline::Image(_)));
        let lone = images.next().is_some()
            && images.next().is_none()
            && content.iter().all(|i| match i {
                Inline::Image(_) => true,
                Inline::Text(text) => text.trim().is_empty(),
                _ => false,
            });
        if !lone {
            return Block::Paragraph(content);
        }
        let mut content = content;
        let Some(at) = content.iter().position(|i| matches!(i, Inline::Image(_))) else {
            return Block::Paragraph(content);
        };
        let image = match content.swap_remove(at) {
            Inline::Image(image) => image,
            other => {
                content.insert(at, other);
                return Block::Paragraph(content);
            }
        };
        let title = std::mem::take(&mut self.image_title);
        let caption = if title.trim().is_empty() {
            Vec::new()
        } else {
            vec![Inline::Text(title.trim().to_string())]
        };
        Block::Figure(Figure { image, caption })
    }

    fn open_container(&mut self, container: Container) {
        self.flush_loose_text();
        self.containers.push((container, Vec::new()));
    }

    fn close_container(&mut self) {
        self.flush_loose_text();
        if self.containers.len() <= 1 {
            return;
        }
        let (container, blocks) = self.containers.pop().expect("more than the root");
        match container {
            Container::Root => {}
            Container::Quote => self.push_block_raw(Block::BlockQuote(blocks)),
            Container::List {
                ordered,
                start,
                items,
            } => self.push_block_raw(Block::List {
                ordered,
                start,
                items,
            }),
            Container::Item => {
                if let Some((Container::List { items, .. }, _)) = self.containers.last_mut() {
                    items.push(blocks);
                }
            }
            Container::Note { label } => {
                // The first definition of a label counts, as for links.
                self.definitions.entry(label).or_insert(blocks);
            }
            Container::Only(only) => self.push_block_raw(Block::Only { only, blocks }),
        }
    }

    /// Opens or closes a div for one output at its marker (`super::divs`); false
    /// for any other HTML.
    fn div_fence(&mut self, html: &str) -> bool {
        let line = html.trim();
        if line == super::divs::CLOSE_MARKER {
            if matches!(self.containers.last(), Some((Container::Only(_), _))) {
                self.close_container();
            }
            return true;
        }
        match line
            .strip_prefix(super::divs::OPEN_MARKER)
            .and_then(|rest| rest.strip_suffix("-->"))
        {
            Some(name) => {
                self.open_container(Container::Only(name.to_string()));
                true
            }
            None => false,
        }
    }

    /// The paragraph just before a table, when it is `Table: …`: the caption.
    fn take_caption(&mut self) -> Vec<Inline> {
        let Some((_, blocks)) = self.containers.last_mut() else {
            return Vec::new();
        };
        let Some(Block::Paragraph(content)) = blocks.last() else {
            return Vec::new();
        };
        let Some(Inline::Text(first)) = content.first() else {
            return Vec::new();
        };
        let Some(rest) = first.strip_prefix("Table:") else {
            return Vec::new();
        };
        let rest = rest.trim_start().to_string();
        let Some(Block::Paragraph(mut content)) = blocks.pop() else {
            return Vec::new();
        };
        if rest.is_empty() {
            content.remove(0);
        } else {
            content[0] = Inline::Text(rest);
        }
        content
    }

    fn flush_loose_text(&mut self) {
        if matches!(self.inlines.first(), Some((InlineFrame::Loose, _))) {
            while !self.inlines.is_empty() {
                self.close_inline();
            }
        }
    }

    fn push_block(&mut self, block: Block) {
        self.flush_loose_text();
        self.push_block_raw(block);
    }

    fn push_block_raw(&mut self, mut block: Block) {
        if let Block::Paragraph(content) | Block::Heading { content, .. } = &mut block {
            super::spans::bracketed_spans(content);
        }
        if let Block::Paragraph(content) = &block {
            if Inline::plain_text(content).trim().is_empty()
                && !content
                    .iter()
                    .any(|i| matches!(i, Inline::NoteRef(_) | Inline::Image(_)))
            {
                return;
            }
        }
        if let Some((_, blocks)) = self.containers.last_mut() {
            blocks.push(block);
        }
    }

    fn push_text(&mut self, text: &str) {
        if let Some(Inline::Text(previous)) = self.current_inlines().last_mut() {
            previous.push_str(text);
            return;
        }
        self.push_inline(Inline::Text(text.to_string()));
    }

    fn push_inline(&mut self, inline: Inline) {
        self.current_inlines().push(inline);
    }

    fn current_inlines(&mut self) -> &mut Vec<Inline> {
        if self.inlines.is_empty() {
            self.inlines.push((InlineFrame::Loose, Vec::new()));
        }
        &mut self.inlines.last_mut().expect("just ensured").1
    }

    fn finish(mut self) -> Result<(Vec<Block>, Vec<Note>), String> {
        self.flush_loose_text();
        while self.containers.len() > 1 {
            self.close_container();
        }
        let mut blocks = self.containers.pop().map(|(_, b)| b).unwrap_or_default();
        restore_escapes(&mut blocks);
        for blocks in self.definitions.values_mut() {
            restore_escapes(blocks);
        }
        let mut notes = Vec::with_capacity(self.citations.len());
        for label in self.citations {
            let blocks = self.definitions.get(&label).ok_or_else(|| label.clone())?;
            notes.push(Note {
                blocks: blocks.clone(),
                label,
            });
        }
        Ok((blocks, notes))
    }
}
