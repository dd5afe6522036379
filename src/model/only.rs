//! Edition-specific blocks (`::: {only=pdf}`): each renderer gets the book as its
//! output shows it — the blocks for it unwrapped, the others gone, and the
//! footnotes cited only from what went renumbered away.

use std::borrow::Cow;

use super::walk::{all_blocks, for_each_block_mut, for_each_inline_mut};
use super::{Block, Book, Inline, MatterKind, Story};

impl Book {
    /// The book as the output called `output` shows it: borrowed when no block is
    /// for one output only (the usual case costs nothing).
    pub fn for_output(&self, output: &str) -> Cow<'_, Book> {
        let has_only =
            |blocks: &[Block]| all_blocks(blocks).any(|b| matches!(b, Block::Only { .. }));
        let in_stories = self
            .stories
            .iter()
            .any(|s| has_only(&s.blocks) || s.notes.iter().any(|n| has_only(&n.blocks)));
        let in_matter = self
            .front
            .iter()
            .chain(&self.back)
            .any(|m| matter_blocks(&m.kind).is_some_and(has_only));
        if !in_stories && !in_matter {
            return Cow::Borrowed(self);
        }
        let mut book = self.clone();
        for story in &mut book.stories {
            keep_for(story, output);
        }
        for matter in book.front.iter_mut().chain(&mut book.back) {
            match &mut matter.kind {
                MatterKind::Dedication(blocks) | MatterKind::Section { blocks, .. } => {
                    filter_blocks(blocks, output)
                }
                MatterKind::Epigraph(epigraph) => filter_blocks(&mut epigraph.blocks, output),
                _ => {}
            }
        }
        Cow::Owned(book)
    }
}

fn matter_blocks(kind: &MatterKind) -> Option<&[Block]> {
    match kind {
        MatterKind::Dedication(blocks) | MatterKind::Section { blocks, .. } => Some(blocks),
        MatterKind::Epigraph(epigraph) => Some(&epigraph.blocks),
        _ => None,
    }
}

/// A story's blocks and notes for `output`, its notes renumbered in the order they
/// are still cited.
fn keep_for(story: &mut Story, output: &str) {
    filter_blocks(&mut story.blocks, output);
    for note in &mut story.notes {
        filter_blocks(&mut note.blocks, output);
    }
    let mut cited: Vec<usize> = Vec::new();
    cite(&mut story.blocks, &mut cited);
    // Notes citing notes: followed until no new note is cited.
    let mut done = 0;
    while done < cited.len() {
        let old = cited[done];
        if let Some(note) = story.notes.get_mut(old) {
            cite(&mut note.blocks, &mut cited);
        }
        done += 1;
    }
    let notes = std::mem::take(&mut story.notes);
    story.notes = cited
        .iter()
        .filter_map(|&old| notes.get(old).cloned())
        .collect();
}

/// Renumbers the note references in `blocks` by their place in `cited` (old
/// numbers), adding the ones not seen yet.
fn cite(blocks: &mut [Block], cited: &mut Vec<usize>) {
    for_each_block_mut(blocks, |block| {
        for run in block.inline_runs_mut() {
            for_each_inline_mut(run, |inline| {
                if let Inline::NoteRef(index) = inline {
                    *index = match cited.iter().position(|c| c == index) {
                        Some(at) => at,
                        None => {
                            cited.push(*index);
                            cited.len() - 1
                        }
                    };
                }
            });
        }
    })
}

/// Unwraps the blocks for `output` and drops the others, at every depth.
fn filter_blocks(blocks: &mut Vec<Block>, output: &str) {
    unwrap_level(blocks, output);
    for_each_block_mut(blocks, |block| match block {
        Block::BlockQuote(inner) => unwrap_level(inner, output),
        Block::List { items, .. } => items.iter_mut().for_each(|item| unwrap_level(item, output)),
        _ => {}
    });
}

/// One level of blocks without `Only`: kept ones spliced in place, until none is
/// left (the reader limits their nesting).
fn unwrap_level(blocks: &mut Vec<Block>, output: &str) {
    while blocks.iter().any(|b| matches!(b, Block::Only { .. })) {
        for block in std::mem::take(blocks) {
            match block {
                Block::Only {
                    only,
                    blocks: inner,
                } => {
                    if only == output {
                        blocks.extend(inner);
                    }
                }
                other => blocks.push(other),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Note, StoryId};

    fn text(s: &str) -> Vec<Inline> {
        vec![Inline::Text(s.into())]
    }

    #[test]
    fn each_output_keeps_its_blocks_and_the_notes_it_still_cites() {
        let only = |output: &str, note: usize| Block::Only {
            only: output.into(),
            blocks: vec![Block::Paragraph(vec![
                Inline::Text(output.into()),
                Inline::NoteRef(note),
            ])],
        };
        let note = |s: &str| Note {
            label: s.into(),
            blocks: vec![Block::Paragraph(text(s))],
        };
        let story = Story {
            id: StoryId(0),
            title: "T".into(),
            subtitle: None,
            author: None,
            translator: None,
            epigraph: None,
            first_published: None,
            lang: Default::default(),
            blocks: vec![
                only("pdf", 0),
                only("epub", 1),
                Block::Paragraph(text("both")),
            ],
            notes: vec![note("for print"), note("for the ebook")],
        };
        let book = Book {
            meta: Default::default(),
            front: Vec::new(),
            stories: vec![story],
            back: Vec::new(),
            cover: None,
            lead_in: Default::default(),
            parts: Vec::new(),
            numbering: Default::default(),
            images: Vec::new(),
            output_texts: Vec::new(),
        };
        let epub = book.for_output("epub");
        let story = &epub.stories[0];
        assert_eq!(
            story.blocks,
            [
                Block::Paragraph(vec![Inline::Text("epub".into()), Inline::NoteRef(0)]),
                Block::Paragraph(text("both")),
            ]
        );
        assert_eq!(story.notes, [note("for the ebook")]);
        let pdf = book.for_output("pdf");
        assert_eq!(pdf.stories[0].notes, [note("for print")]);
        let plain = Book {
            stories: Vec::new(),
            ..book.clone()
        };
        assert!(matches!(plain.for_output("pdf"), Cow::Borrowed(_)));
    }
}
