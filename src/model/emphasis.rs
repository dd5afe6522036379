//! Which faces the text needs: the combinations of emphasis and strong used
//! anywhere in the book, so renderers can leave out faces nothing needs.

use super::walk::{self, InlineEvent};
use super::{Block, Book, Epigraph, Inline, MatterKind};

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
        for block in walk::all_blocks(blocks) {
            // Captions are set in italic.
            if let Block::Figure(figure) = block {
                self.italic |= !figure.caption.is_empty();
            }
            block
                .inline_runs()
                .iter()
                .for_each(|run| self.add_inlines(run));
        }
    }

    /// The emphasis used in a run of inlines; emphasis inside emphasis is upright.
    fn add_inlines(&mut self, inlines: &[Inline]) {
        // (italic, bold) inside each open container.
        let mut open = vec![(false, false)];
        for event in walk::inline_events(inlines) {
            let (italic, bold) = *open.last().unwrap_or(&(false, false));
            match event {
                InlineEvent::Enter(Inline::Emphasis(_)) => open.push((!italic, bold)),
                InlineEvent::Enter(Inline::Strong(_)) => open.push((italic, true)),
                InlineEvent::Enter(
                    Inline::Link { .. }
                    | Inline::CrossRef { .. }
                    | Inline::SmallCaps(_)
                    | Inline::Lang { .. },
                ) => open.push((italic, bold)),
                InlineEvent::Leave(_) => {
                    open.pop();
                }
                InlineEvent::Enter(Inline::Image(_)) => {}
                InlineEvent::Enter(Inline::Text(_) | Inline::NoteRef(_)) => {
                    self.italic |= italic && !bold;
                    self.bold |= bold && !italic;
                    self.bold_italic |= bold && italic;
                }
                InlineEvent::Enter(Inline::LineBreak) => {}
            }
        }
    }
}

impl Book {
    /// The emphasis the text uses anywhere: stories, their epigraphs and notes, and
    /// the front and back matter written by the author.
    pub fn emphasis_used(&self) -> EmphasisUsed {
        let mut used = EmphasisUsed::default();
        let add_epigraph = |used: &mut EmphasisUsed, epigraph: &Epigraph| {
            used.add_blocks(&epigraph.blocks);
            if let Some(source) = &epigraph.source {
                used.add_inlines(source);
            }
        };
        for story in &self.stories {
            used.add_blocks(&story.blocks);
            story.notes.iter().for_each(|n| used.add_blocks(&n.blocks));
            if let Some(epigraph) = &story.epigraph {
                add_epigraph(&mut used, epigraph);
            }
        }
        for matter in self.front.iter().chain(&self.back) {
            match &matter.kind {
                MatterKind::Dedication(blocks) | MatterKind::Section { blocks, .. } => {
                    used.add_blocks(blocks)
                }
                MatterKind::Epigraph(epigraph) => add_epigraph(&mut used, epigraph),
                _ => {}
            }
        }
        used
    }
}
