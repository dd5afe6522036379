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

impl Book {
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
