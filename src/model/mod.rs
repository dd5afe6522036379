//! The format-neutral document model: what every reader produces and every renderer
//! consumes. Plain data, no I/O and no rendering hints beyond meaning (a scene break,
//! emphasis), so that a renderer never needs to look at a source file again.

/// A whole book, built once per `folio build`.
#[derive(Debug, Clone, PartialEq)]
pub struct Book {
    pub meta: Metadata,
    pub front: Vec<FrontMatter>,
    pub stories: Vec<Story>,
    pub back: Vec<BackMatter>,
}

/// Book-level metadata, already validated.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Metadata {
    pub title: String,
    pub subtitle: Option<String>,
    pub authors: Vec<String>,
    /// BCP 47 language tag, e.g. `en` or `fr-CA`.
    pub language: String,
    /// A stable identifier, e.g. `urn:uuid:…`.
    pub identifier: String,
    pub publisher: Option<String>,
    /// Publication date as written in the manifest (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`).
    pub date: Option<String>,
    pub description: Option<String>,
    pub rights: Option<String>,
    pub subjects: Vec<String>,
    /// Seconds since the Unix epoch for "modified" stamps: `SOURCE_DATE_EPOCH` or 0.
    pub modified_unix: i64,
}

/// Pages before the first story.
#[derive(Debug, Clone, PartialEq)]
pub enum FrontMatter {
    TitlePage,
    Contents,
}

/// Pages after the last story.
#[derive(Debug, Clone, PartialEq)]
pub enum BackMatter {
    Colophon { fonts: Vec<String> },
}

/// One story (chapter) with its own metadata and text.
#[derive(Debug, Clone, PartialEq)]
pub struct Story {
    /// Position in the book, 0-based, in manifest order.
    pub id: StoryId,
    pub title: String,
    pub subtitle: Option<String>,
    pub author: Option<String>,
    /// Language of the story when it differs from the book's.
    pub language: Option<String>,
    pub blocks: Vec<Block>,
    /// Footnote bodies, referenced from `Inline::NoteRef` by index.
    pub notes: Vec<Note>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StoryId(pub usize);

#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    /// The label the author used (`[^label]`), kept for diagnostics only.
    pub label: String,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Paragraph(Vec<Inline>),
    /// A heading inside a story; level 1 is the highest level below the story title.
    Heading {
        level: u8,
        content: Vec<Inline>,
    },
    BlockQuote(Vec<Block>),
    List {
        ordered: bool,
        /// The first number of an ordered list.
        start: u64,
        items: Vec<Vec<Block>>,
    },
    /// A pause between scenes (a thematic break in Markdown).
    SceneBreak,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    Text(String),
    Emphasis(Vec<Inline>),
    Strong(Vec<Inline>),
    Link {
        url: String,
        content: Vec<Inline>,
    },
    /// A forced line break inside a paragraph.
    LineBreak,
    /// A reference to `Story::notes[index]`.
    NoteRef(usize),
}

impl Inline {
    /// The plain text of a run of inlines, as a reader would hear it.
    pub fn plain_text(inlines: &[Inline]) -> String {
        let mut out = String::new();
        for inline in inlines {
            inline.push_plain_text(&mut out);
        }
        out
    }

    fn push_plain_text(&self, out: &mut String) {
        match self {
            Inline::Text(text) => out.push_str(text),
            Inline::Emphasis(content) | Inline::Strong(content) => {
                content.iter().for_each(|i| i.push_plain_text(out))
            }
            Inline::Link { content, .. } => content.iter().for_each(|i| i.push_plain_text(out)),
            Inline::LineBreak => out.push(' '),
            Inline::NoteRef(_) => {}
        }
    }
}

/// Which combinations of emphasis and strong the text uses, so renderers can leave
/// out faces nothing needs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EmphasisUsed {
    pub italic: bool,
    pub bold: bool,
    pub bold_italic: bool,
}

impl EmphasisUsed {
    /// The emphasis used anywhere in `blocks`.
    pub fn add_blocks(&mut self, blocks: &[Block]) {
        for block in blocks {
            match block {
                Block::Paragraph(content) | Block::Heading { content, .. } => {
                    self.add_inlines(content, false, false)
                }
                Block::BlockQuote(inner) => self.add_blocks(inner),
                Block::List { items, .. } => items.iter().for_each(|item| self.add_blocks(item)),
                Block::SceneBreak => {}
            }
        }
    }

    fn add_inlines(&mut self, inlines: &[Inline], italic: bool, bold: bool) {
        for inline in inlines {
            match inline {
                Inline::Emphasis(content) => self.add_inlines(content, !italic, bold),
                Inline::Strong(content) => self.add_inlines(content, italic, true),
                Inline::Link { content, .. } => self.add_inlines(content, italic, bold),
                Inline::Text(_) | Inline::NoteRef(_) => {
                    self.italic |= italic && !bold;
                    self.bold |= bold && !italic;
                    self.bold_italic |= bold && italic;
                }
                Inline::LineBreak => {}
            }
        }
    }
}

impl Book {
    /// The emphasis the stories and their notes use.
    pub fn emphasis_used(&self) -> EmphasisUsed {
        let mut used = EmphasisUsed::default();
        for story in &self.stories {
            used.add_blocks(&story.blocks);
            story.notes.iter().for_each(|n| used.add_blocks(&n.blocks));
        }
        used
    }

    /// Every word of the body text, in reading order; used for summaries and tests.
    pub fn word_count(&self) -> usize {
        self.stories
            .iter()
            .flat_map(|s| s.blocks.iter())
            .map(block_word_count)
            .sum()
    }
}

fn block_word_count(block: &Block) -> usize {
    match block {
        Block::Paragraph(content) | Block::Heading { content, .. } => {
            Inline::plain_text(content).split_whitespace().count()
        }
        Block::BlockQuote(blocks) => blocks.iter().map(block_word_count).sum(),
        Block::List { items, .. } => items.iter().flatten().map(block_word_count).sum(),
        Block::SceneBreak => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Inline {
        Inline::Text(s.into())
    }

    #[test]
    fn emphasis_used_tells_bold_from_bold_italic() {
        let cases: Vec<(Vec<Inline>, EmphasisUsed)> = vec![
            (vec![text("plain")], EmphasisUsed::default()),
            (
                vec![Inline::Emphasis(vec![text("i")])],
                EmphasisUsed {
                    italic: true,
                    ..Default::default()
                },
            ),
            (
                vec![Inline::Strong(vec![text("b")])],
                EmphasisUsed {
                    bold: true,
                    ..Default::default()
                },
            ),
            (
                vec![Inline::Emphasis(vec![Inline::Strong(vec![text("bi")])])],
                EmphasisUsed {
                    italic: false,
                    bold: false,
                    bold_italic: true,
                },
            ),
            (
                // Emphasis inside emphasis is upright again.
                vec![Inline::Emphasis(vec![Inline::Emphasis(vec![
                    Inline::Strong(vec![text("b")]),
                ])])],
                EmphasisUsed {
                    italic: false,
                    bold: true,
                    bold_italic: false,
                },
            ),
        ];
        for (inlines, want) in cases {
            let mut used = EmphasisUsed::default();
            used.add_blocks(&[Block::Paragraph(inlines.clone())]);
            assert_eq!(used, want, "{inlines:?}");
        }
    }
}
