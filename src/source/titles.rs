//! A story's title: the manifest's `title`, or the story file's first heading. A
//! file that opens with a `# Heading` repeating its manifest title loses the
//! heading, so that the title is not printed twice.

use crate::model::{Block, Inline};

/// The title of a story whose manifest title is `manifest_title`, with `blocks`
/// changed as said above; `None` when there is neither.
pub fn settle(manifest_title: Option<&str>, blocks: &mut Vec<Block>) -> Option<String> {
    let heading = match blocks.first() {
        Some(Block::Heading {
            level: 1, content, ..
        }) => Some(Inline::plain_text(content).trim().to_string()),
        _ => None,
    };
    match (manifest_title, heading) {
        (Some(title), Some(heading)) => {
            if normalised(title) == normalised(&heading) {
                blocks.remove(0);
            }
            Some(title.trim().to_string())
        }
        (Some(title), None) => Some(title.trim().to_string()),
        (None, Some(heading)) if !heading.is_empty() => {
            blocks.remove(0);
            Some(heading)
        }
        (None, _) => None,
    }
}

/// A title as compared: lowercase, its spaces collapsed, curly quotes, dashes and
/// ellipses as typed on a keyboard (the typography pass may not have run yet on
/// either side, or on one only).
fn normalised(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '‘' | '’' | '‚' | '‛' | '′' => out.push('\''),
            '“' | '”' | '„' | '‟' | '«' | '»' | '″' => out.push('"'),
            '‐' | '‑' | '‒' | '–' | '—' | '―' => out.push('-'),
            '…' => out.push_str("..."),
            c if c.is_whitespace() => out.push(' '),
            c => out.extend(c.to_lowercase()),
        }
    }
    crate::util::collapse_whitespace(&out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn heading(text: &str) -> Block {
        Block::Heading {
            level: 1,
            id: None,
            content: vec![Inline::Text(text.into())],
        }
    }

    #[test]
    fn a_heading_repeating_the_title_is_dropped_and_a_lone_heading_is_the_title() {
        let paragraph = Block::Paragraph(vec![Inline::Text("Text.".into())]);
        let mut blocks = vec![heading("The  Quay’s End — ok…"), paragraph.clone()];
        let title = settle(Some("the quay's end - ok..."), &mut blocks);
        assert_eq!(title.as_deref(), Some("the quay's end - ok..."));
        assert_eq!(blocks, std::slice::from_ref(&paragraph));

        let mut blocks = vec![heading("Another"), paragraph.clone()];
        assert_eq!(settle(Some("Title"), &mut blocks).as_deref(), Some("Title"));
        assert_eq!(blocks.len(), 2);

        let mut blocks = vec![heading("From the File"), paragraph.clone()];
        assert_eq!(settle(None, &mut blocks).as_deref(), Some("From the File"));
        assert_eq!(blocks, std::slice::from_ref(&paragraph));

        let mut blocks = vec![paragraph];
        assert_eq!(settle(None, &mut blocks), None);
    }
}
