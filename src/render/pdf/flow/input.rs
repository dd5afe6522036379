//! The flow's input: what a story and a prose section both make — a title and
//! bylines for the opener, the blocks as printed, the footnotes, the language. A
//! story is prepared for print here: its epigraph as an inset italic quotation
//! before its text, verse as inset stanzas of forced line breaks, the lead-in in
//! small capitals.

use std::borrow::Cow;

use crate::lang::Lang;
use crate::model::walk::{all_blocks, for_each_block_mut};
use crate::model::{Block, Book, Epigraph, ImageAsset, Inline, LeadIn, Note, Story};

/// What the flow sets: the text of a story, or of a prose section of the front or
/// back matter (a preface, an afterword), and what its opener shows.
#[derive(Debug, Clone)]
pub struct FlowInput<'a> {
    /// Set large on the opener.
    pub title: &'a str,
    /// Set above the title: "Chapter One" (see `Book::chapter_label`).
    pub label: Option<String>,
    /// Set in italic under the title: a story's subtitle, author and translator.
    pub bylines: Vec<String>,
    /// The language the text is hyphenated in.
    pub language: &'a Lang,
    /// The blocks as printed (see `FlowInput::story`).
    pub blocks: Cow<'a, [Block]>,
    /// Footnote bodies, referenced from `Inline::NoteRef` by index.
    pub notes: &'a [Note],
    /// The first paragraph opens with a drop cap, if it opens with a small-caps
    /// lead-in.
    pub drop_cap: bool,
    /// The book's images, which figures and inline images show.
    pub images: &'a [ImageAsset],
}

impl<'a> FlowInput<'a> {
    /// A story as the flow sets it: its epigraph before the text as an inset italic
    /// quotation, verse as inset stanzas whose lines end in forced breaks (so they
    /// are never justified), and the lead-in in small capitals (a drop cap, when the
    /// book asks for one, takes the first of them).
    pub fn story(book: &'a Book, story: &'a Story) -> Self {
        FlowInput {
            title: &story.title,
            label: book.chapter_label(story.id.0),
            bylines: [&story.subtitle, &story.author, &book.translator_line(story)]
                .into_iter()
                .flatten()
                .cloned()
                .collect(),
            language: &story.lang,
            blocks: blocks_for_print(story, book.lead_in),
            notes: &story.notes,
            drop_cap: book.lead_in == LeadIn::DropCap,
            images: &book.images,
        }
    }

    /// A titled prose section of the front or back matter, in the book's language.
    /// Its blocks are set as they are: no verse, lead-in or epigraph is prepared.
    pub fn section(book: &'a Book, title: &'a str, blocks: Cow<'a, [Block]>) -> Self {
        FlowInput {
            title,
            label: None,
            bylines: Vec::new(),
            language: &book.meta.lang,
            blocks,
            notes: &[],
            drop_cap: book.lead_in == LeadIn::DropCap,
            images: &book.images,
        }
    }
}

/// The story's blocks as printed (see `FlowInput::story`).
fn blocks_for_print(story: &Story, lead_in: LeadIn) -> Cow<'_, [Block]> {
    let has_verse = contains_verse(&story.blocks);
    if story.epigraph.is_none() && !has_verse && lead_in == LeadIn::Plain {
        return Cow::Borrowed(&story.blocks);
    }
    let mut blocks = story.blocks.clone();
    if has_verse {
        verse_as_quotes(&mut blocks);
    }
    if lead_in != LeadIn::Plain {
        let first = blocks.iter_mut().find_map(|block| match block {
            Block::Paragraph(content) => Some(content),
            _ => None,
        });
        if let Some(content) = first {
            if let Some(Inline::Text(text)) = content.first().cloned() {
                let (lead, rest) = text.split_at(LeadIn::length(&text));
                let mut opening = vec![Inline::SmallCaps(vec![Inline::Text(lead.to_string())])];
                if !rest.is_empty() {
                    opening.push(Inline::Text(rest.to_string()));
                }
                content.splice(0..1, opening);
            }
        }
    }
    if let Some(epigraph) = &story.epigraph {
        // An empty heading is the flow's blank that keeps with what follows and sets
        // the next paragraph flush: it parts the epigraph from the text.
        let blank = Block::Heading {
            level: 1,
            id: None,
            content: Vec::new(),
        };
        blocks.splice(0..0, [epigraph_quote(epigraph), blank]);
    }
    Cow::Owned(blocks)
}

fn contains_verse(blocks: &[Block]) -> bool {
    all_blocks(blocks).any(|block| matches!(block, Block::Verse(_)))
}

/// Each poem among `blocks` as a block quote of stanzas, each line ended by a
/// forced break.
fn verse_as_quotes(blocks: &mut [Block]) {
    for_each_block_mut(blocks, |block| {
        if let Block::Verse(lines) = block {
            let stanzas = lines
                .split(|line| line.is_empty())
                .filter(|stanza| !stanza.is_empty())
                .map(|stanza| {
                    let mut content = Vec::new();
                    for line in stanza {
                        content.extend(line.iter().cloned());
                        content.push(Inline::LineBreak);
                    }
                    Block::Paragraph(content)
                })
                .collect();
            *block = Block::BlockQuote(stanzas);
        }
    });
}

fn epigraph_quote(epigraph: &Epigraph) -> Block {
    let mut quoted: Vec<Block> = epigraph
        .blocks
        .iter()
        .map(|block| match block {
            Block::Paragraph(content) => Block::Paragraph(vec![Inline::Emphasis(content.clone())]),
            other => other.clone(),
        })
        .collect();
    if let Some(source) = &epigraph.source {
        quoted.push(Block::Paragraph(attributed(source)));
    }
    Block::BlockQuote(quoted)
}

/// An epigraph's source after a dash.
pub fn attributed(source: &[Inline]) -> Vec<Inline> {
    let mut content = vec![Inline::Text("— ".into())];
    content.extend(source.iter().cloned());
    content
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Metadata, StoryId};

    fn text(s: &str) -> Inline {
        Inline::Text(s.into())
    }

    fn book(stories: Vec<Story>) -> Book {
        Book {
            meta: Metadata {
                title: "Book".into(),
                lang: Lang::parse("en").unwrap(),
                ..Metadata::default()
            },
            front: Vec::new(),
            stories,
            back: Vec::new(),
            cover: None,
            images: Vec::new(),
            output_texts: Vec::new(),
            lead_in: LeadIn::SmallCaps,
            parts: Vec::new(),
            numbering: Default::default(),
        }
    }

    #[test]
    fn a_story_gives_its_opener_and_its_blocks_as_printed() {
        let story = Story {
            id: StoryId(0),
            title: "Title".into(),
            subtitle: Some("Subtitle".into()),
            author: Some("Author".into()),
            translator: Some("Translator".into()),
            epigraph: Some(Epigraph {
                blocks: vec![Block::Paragraph(vec![text("Said.")])],
                source: None,
            }),
            first_published: None,
            lang: Lang::parse("fr").unwrap(),
            blocks: vec![
                Block::Paragraph(vec![text("Once upon a time, it")]),
                Block::Verse(vec![vec![text("a")], vec![], vec![text("b")]]),
            ],
            notes: Vec::new(),
        };
        let book = book(vec![story]);
        let input = FlowInput::story(&book, &book.stories[0]);
        assert_eq!(input.title, "Title");
        let translator = book.translator_line(&book.stories[0]).unwrap();
        assert_eq!(input.bylines, ["Subtitle", "Author", translator.as_str()]);
        assert_eq!(input.language.as_str(), "fr");
        assert!(!input.drop_cap);
        let [epigraph, blank, first, verse] = &input.blocks[..] else {
            panic!("{:?}", input.blocks);
        };
        let quoted = Block::Paragraph(vec![Inline::Emphasis(vec![text("Said.")])]);
        assert_eq!(epigraph, &Block::BlockQuote(vec![quoted]));
        assert!(matches!(blank, Block::Heading { content, .. } if content.is_empty()));
        let lead = Inline::SmallCaps(vec![text("Once upon a")]);
        assert_eq!(first, &Block::Paragraph(vec![lead, text(" time, it")]));
        let stanza = |s| Block::Paragraph(vec![text(s), Inline::LineBreak]);
        assert_eq!(verse, &Block::BlockQuote(vec![stanza("a"), stanza("b")]));
    }

    #[test]
    fn a_section_flows_as_written_in_the_books_language() {
        let book = book(Vec::new());
        let blocks = vec![Block::Paragraph(vec![text("Thanks.")])];
        let input = FlowInput::section(&book, "Preface", Cow::Borrowed(&blocks));
        assert_eq!(input.title, "Preface");
        assert!(input.bylines.is_empty() && input.notes.is_empty());
        assert_eq!(input.language.as_str(), "en");
        assert!(matches!(input.blocks, Cow::Borrowed(b) if b == blocks.as_slice()));
    }
}
