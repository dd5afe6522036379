//! Plain-text reader: paragraphs separated by blank lines; single line ends inside a
//! paragraph are spaces, as in Markdown.

use crate::model::{Block, Inline};

pub fn read(text: &str) -> Vec<Block> {
    crate::util::split_str(text, &crate::util::PARAGRAPH_BREAK)
        .map(crate::util::collapse_whitespace)
        .filter(|paragraph| !paragraph.is_empty())
        .map(|paragraph| Block::Paragraph(vec![Inline::Text(paragraph)]))
        .collect()
}
