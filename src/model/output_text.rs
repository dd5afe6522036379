//! Markdown an output's table holds (the cover's back text), read by the source
//! stage into blocks the renderer sets.

use super::{Block, Book};

/// A Markdown text one output's table holds, as model blocks.
#[derive(Debug, Clone, PartialEq)]
pub struct OutputText {
    /// The renderer's name (`cover`).
    pub output: &'static str,
    /// The key in its table (`back`).
    pub key: &'static str,
    pub blocks: Vec<Block>,
}

impl Book {
    /// The blocks of `[output.OUTPUT] KEY`, when the table has that text.
    pub fn output_text(&self, output: &str, key: &str) -> Option<&[Block]> {
        self.output_texts
            .iter()
            .find(|t| t.output == output && t.key == key)
            .map(|t| t.blocks.as_slice())
    }
}
