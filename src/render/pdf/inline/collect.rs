//! Collecting: a paragraph's inlines become words of styled segments (face, size,
//! baseline rise), with their footnote references and the forced line breaks
//! between them. Emphasis, strong and small capitals are resolved here, once.

use super::style::ParagraphStyle;
use crate::fonts::FontStyle;
use crate::model::Inline;
use crate::render::pdf::geometry::Pt;

/// A word: its segments (face, size, rise, text) and the notes it references.
#[derive(Default)]
pub(super) struct Word {
    pub(super) segments: Vec<(FontStyle, Pt, Pt, String)>,
    /// Footnotes referenced from this word.
    pub(super) notes: Vec<usize>,
}

/// Splits inline content into words of styled segments; spaces separate words.
pub(super) fn collect_words(inlines: &[Inline], style: &ParagraphStyle<'_>) -> Vec<Option<Word>> {
    // `None` marks a forced line break.
    let mut words: Vec<Option<Word>> = Vec::new();
    let mut current = Word::default();
    walk(inlines, style.base, style, &mut current, &mut words);
    if !current.segments.is_empty() {
        words.push(Some(current));
    }
    words
}

fn walk(
    inlines: &[Inline],
    face: FontStyle,
    style: &ParagraphStyle<'_>,
    current: &mut Word,
    words: &mut Vec<Option<Word>>,
) {
    for inline in inlines {
        match inline {
            Inline::Text(text) => {
                // Whole runs between spaces at a time, not character by character.
                let mut rest = text.as_str();
                while let Some((at, space)) =
                    rest.char_indices().find(|&(_, c)| is_breaking_space(c))
                {
                    push_str(current, face, style.size, 0.0, &rest[..at]);
                    if !current.segments.is_empty() {
                        words.push(Some(std::mem::take(current)));
                    }
                    rest = &rest[at + space.len_utf8()..];
                }
                push_str(current, face, style.size, 0.0, rest);
            }
            Inline::SmallCaps(content) => small_caps(content, face, style, current, words),
            Inline::Emphasis(content) => walk(content, toggle_italic(face), style, current, words),
            Inline::Strong(content) => walk(content, embolden(face), style, current, words),
            Inline::Link { content, .. } => walk(content, face, style, current, words),
            Inline::LineBreak => {
                if !current.segments.is_empty() {
                    words.push(Some(std::mem::take(current)));
                }
                words.push(None);
            }
            Inline::NoteRef(index) => {
                current.notes.push(*index);
                for c in (index + 1).to_string().chars() {
                    push_char(
                        current,
                        FontStyle::Regular,
                        style.size * 0.65,
                        style.size * 0.35,
                        c,
                    );
                }
            }
        }
    }
}

/// Small capitals drawn as capitals at a smaller size: lowercase letters become
/// reduced capitals, the rest keeps its size. (Shaping has no `smcp` feature.)
fn small_caps(
    content: &[Inline],
    face: FontStyle,
    style: &ParagraphStyle<'_>,
    current: &mut Word,
    words: &mut Vec<Option<Word>>,
) {
    const SMALL_CAP_SCALE: Pt = 0.78;
    for c in Inline::plain_text(content).chars() {
        if is_breaking_space(c) {
            if !current.segments.is_empty() {
                let word = std::mem::take(current);
                words.push(Some(word));
            }
        } else if c.is_lowercase() {
            for upper in c.to_uppercase() {
                push_char(current, face, style.size * SMALL_CAP_SCALE, 0.0, upper);
            }
        } else {
            push_char(current, face, style.size, 0.0, c);
        }
    }
}

fn push_char(word: &mut Word, face: FontStyle, size: Pt, rise: Pt, c: char) {
    push_str(word, face, size, rise, c.encode_utf8(&mut [0; 4]));
}

fn push_str(word: &mut Word, face: FontStyle, size: Pt, rise: Pt, text: &str) {
    if text.is_empty() {
        return;
    }
    match word.segments.last_mut() {
        Some((f, s, r, segment)) if *f == face && *s == size && *r == rise => {
            segment.push_str(text)
        }
        _ => word.segments.push((face, size, rise, text.to_string())),
    }
}

fn is_breaking_space(c: char) -> bool {
    if c.is_ascii() {
        return matches!(c, ' ' | '\t'..='\r');
    }
    c.is_whitespace() && !matches!(c, '\u{00A0}' | '\u{202F}' | '\u{2007}' | '\u{2060}')
}

fn toggle_italic(face: FontStyle) -> FontStyle {
    match face {
        FontStyle::Regular => FontStyle::Italic,
        FontStyle::Italic => FontStyle::Regular,
        FontStyle::Bold => FontStyle::BoldItalic,
        FontStyle::BoldItalic => FontStyle::Bold,
    }
}

fn embolden(face: FontStyle) -> FontStyle {
    match face {
        FontStyle::Regular | FontStyle::Bold => FontStyle::Bold,
        FontStyle::Italic | FontStyle::BoldItalic => FontStyle::BoldItalic,
    }
}
