//! What the flow sets, prepared for print: a story's epigraph as an inset italic
//! quotation before its text, verse as inset stanzas of forced line breaks, the
//! lead-in in small capitals.

use crate::model::walk::{all_blocks, for_each_block_mut};
use crate::model::{Block, Epigraph, Inline, LeadIn, Story};

/// The story as the flow sets it: its epigraph before the text as an inset italic
/// quotation, verse as inset stanzas whose lines end in forced breaks (so they
/// are never justified), and the lead-in in small capitals (a drop cap is not drawn
/// in print yet: it gets the small capitals alone).
pub fn for_print(story: &Story, lead_in: LeadIn) -> std::borrow::Cow<'_, Story> {
    let has_verse = contains_verse(&story.blocks);
    if story.epigraph.is_none() && !has_verse && lead_in == LeadIn::Plain {
        return std::borrow::Cow::Borrowed(story);
    }
    let mut story = story.clone();
    if has_verse {
        verse_as_quotes(&mut story.blocks);
    }
    if lead_in != LeadIn::Plain {
        let first = story.blocks.iter_mut().find_map(|block| match block {
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
            content: Vec::new(),
        };
        story.blocks.splice(0..0, [epigraph_quote(epigraph), blank]);
    }
    std::borrow::Cow::Owned(story)
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
