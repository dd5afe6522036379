//! Collecting: a paragraph's inlines become words of styled segments (face, size,
//! baseline rise), with their footnote references and the forced line breaks
//! between them. Emphasis, strong and small capitals are resolved here, once.

use super::style::ParagraphStyle;
use crate::fonts::FontStyle;
use crate::model::walk::inline_events;
use crate::model::{Inline, InlineEvent};
use crate::units::Pt;
use smallvec::SmallVec;
use std::borrow::Cow;

/// A run of a word in one face, size and baseline rise: (face, size, rise, text).
pub(super) type Segment<'a> = (FontStyle, Pt, Pt, Cow<'a, str>);

/// A word: its segments (face, size, rise, text) and the notes it references.
#[derive(Default)]
pub(super) struct Word<'a> {
    /// The text borrowed from the paragraph where it is one run of it (nearly
    /// always), in the word itself where it is one segment (nearly always): no
    /// allocation per word.
    pub(super) segments: SmallVec<[Segment<'a>; 1]>,
    /// Footnotes referenced from this word.
    pub(super) notes: Vec<usize>,
    /// The paragraph's link (an index of `link_targets`) the word is in.
    pub(super) link: Option<usize>,
    /// An inline image, which is the whole word: the book's image and its width
    /// over its height.
    pub(super) image: Option<(usize, f32)>,
    /// The language of a span the word is in (`Inline::Lang`), when it is not
    /// the paragraph's: hyphenated in it.
    pub(super) lang: Option<crate::lang::Lang>,
}

/// Where a link in a paragraph leads, for the PDF's link annotations.
#[derive(Debug, Clone, PartialEq)]
pub enum LinkTarget {
    /// A web or mail address.
    Uri(String),
    /// A heading or story of the book.
    Anchor(crate::model::Anchor),
}

/// The targets of a paragraph's links, in the order `collect_words` numbers them;
/// a link the outputs do not keep (neither web, mail nor the book) is `None`.
pub fn link_targets(inlines: &[Inline]) -> Vec<Option<LinkTarget>> {
    inline_events(inlines)
        .filter_map(|event| match event {
            InlineEvent::Enter(Inline::Link { url, .. }) => {
                let lower = url.trim().to_ascii_lowercase();
                let kept = ["http://", "https://", "mailto:"]
                    .iter()
                    .any(|s| lower.starts_with(s));
                Some(kept.then(|| LinkTarget::Uri(url.trim().replace(' ', "%20"))))
            }
            InlineEvent::Enter(Inline::CrossRef { to, .. }) => {
                Some(Some(LinkTarget::Anchor(to.clone())))
            }
            _ => None,
        })
        .collect()
}

/// Splits inline content into words of styled segments; spaces separate words.
pub(super) fn collect_words<'a>(
    inlines: &'a [Inline],
    style: &ParagraphStyle<'_>,
) -> Vec<Option<Word<'a>>> {
    // `None` marks a forced line break. Sized for words of five letters and a space
    // in the paragraph's top-level text: grown word by word, the vector was copied
    // a dozen times a paragraph.
    let estimate: usize = inlines
        .iter()
        .map(|inline| match inline {
            Inline::Text(text) => text.len() / 6,
            _ => 1,
        })
        .sum();
    let mut words: Vec<Option<Word<'a>>> = Vec::with_capacity(estimate + 1);
    let mut current = Word::default();
    // The face inside each open container, innermost last.
    let mut faces = vec![style.base];
    // Small capitals are set from their plain text at once; the walk skips what
    // is inside them until it leaves them.
    let mut in_small_caps: Option<&Inline> = None;
    // The link open inside each container, innermost last, and the links seen.
    let mut links: Vec<Option<usize>> = vec![None];
    let mut link_count = 0;
    // The language of each open container, innermost last (`None`: the paragraph's).
    let mut langs: Vec<Option<&crate::lang::Lang>> = vec![None];
    for event in inline_events(inlines) {
        if let Some(open) = in_small_caps {
            if matches!(event, InlineEvent::Leave(inline) if std::ptr::eq(inline, open)) {
                in_small_caps = None;
            }
            continue;
        }
        let face = *faces.last().expect("the paragraph's face is never left");
        let inline = match event {
            InlineEvent::Enter(inline) => inline,
            InlineEvent::Leave(_) => {
                faces.pop();
                links.pop();
                langs.pop();
                continue;
            }
        };
        let lang = *langs
            .last()
            .expect("the paragraph's language is never left");
        if inline.children().is_some() {
            langs.push(match inline {
                Inline::Lang { lang, .. } => Some(lang),
                _ => lang,
            });
        }
        let link = *links.last().expect("the paragraph's link is never left");
        match inline {
            Inline::Link { .. } | Inline::CrossRef { .. } => {
                links.push(Some(link_count));
                link_count += 1;
            }
            _ if inline.children().is_some() => links.push(link),
            _ => {}
        }
        match inline {
            Inline::Text(text) => {
                // Whole runs between spaces at a time, not character by character.
                let mut rest = text.as_str();
                let mark = |word: &mut Word| {
                    if word.lang.is_none() {
                        word.lang = lang.cloned();
                    }
                };
                while let Some((at, space)) =
                    rest.char_indices().find(|&(_, c)| is_breaking_space(c))
                {
                    if at > 0 {
                        current.link = current.link.or(link);
                        mark(&mut current);
                    }
                    push_str(&mut current, face, style.size, Pt::ZERO, &rest[..at]);
                    if !current.segments.is_empty() {
                        words.push(Some(std::mem::take(&mut current)));
                    }
                    rest = &rest[at + space.len_utf8()..];
                }
                if !rest.is_empty() {
                    current.link = current.link.or(link);
                    mark(&mut current);
                }
                push_str(&mut current, face, style.size, Pt::ZERO, rest);
            }
            Inline::SmallCaps(content) => {
                small_caps(content, face, style, &mut current, &mut words);
                in_small_caps = Some(inline);
                // Its Leave is skipped with its content.
                links.pop();
                langs.pop();
            }
            Inline::Emphasis(_) => faces.push(toggle_italic(face)),
            Inline::Strong(_) => faces.push(embolden(face)),
            Inline::Link { .. } | Inline::CrossRef { .. } | Inline::Lang { .. } => faces.push(face),
            Inline::LineBreak => {
                if !current.segments.is_empty() {
                    words.push(Some(std::mem::take(&mut current)));
                }
                words.push(None);
            }
            // An image the reader did not look up (front and back matter): its alt text.
            Inline::Image(image) if image.id == usize::MAX => {
                push_str(&mut current, face, style.size, Pt::ZERO, &image.alt);
            }
            Inline::Image(image) => {
                // A box of its own, between the words around it.
                if !current.segments.is_empty() {
                    words.push(Some(std::mem::take(&mut current)));
                }
                let (w, h) = image.pixels;
                words.push(Some(Word {
                    image: Some((image.id, w.max(1) as f32 / h.max(1) as f32)),
                    link,
                    ..Word::default()
                }));
            }
            Inline::NoteRef(index) => {
                current.notes.push(*index);
                for c in (index + 1).to_string().chars() {
                    push_char(
                        &mut current,
                        FontStyle::Regular,
                        style.size * 0.65,
                        style.size * 0.35,
                        c,
                    );
                }
            }
        }
    }
    if !current.segments.is_empty() {
        words.push(Some(current));
    }
    words
}

/// Small capitals drawn as capitals at a smaller size: lowercase letters become
/// reduced capitals, the rest keeps its size. (Shaping has no `smcp` feature.)
fn small_caps<'a>(
    content: &[Inline],
    face: FontStyle,
    style: &ParagraphStyle<'_>,
    current: &mut Word<'a>,
    words: &mut Vec<Option<Word<'a>>>,
) {
    const SMALL_CAP_SCALE: f32 = 0.78;
    for c in Inline::plain_text(content).chars() {
        if is_breaking_space(c) {
            if !current.segments.is_empty() {
                let word = std::mem::take(current);
                words.push(Some(word));
            }
        } else if c.is_lowercase() {
            for upper in c.to_uppercase() {
                push_char(current, face, style.size * SMALL_CAP_SCALE, Pt::ZERO, upper);
            }
        } else {
            push_char(current, face, style.size, Pt::ZERO, c);
        }
    }
}

fn push_char(word: &mut Word<'_>, face: FontStyle, size: Pt, rise: Pt, c: char) {
    let mut bytes = [0; 4];
    let text: &str = c.encode_utf8(&mut bytes);
    push_text(word, face, size, rise, Cow::Owned(text.to_owned()));
}

fn push_str<'a>(word: &mut Word<'a>, face: FontStyle, size: Pt, rise: Pt, text: &'a str) {
    push_text(word, face, size, rise, Cow::Borrowed(text));
}

fn push_text<'a>(word: &mut Word<'a>, face: FontStyle, size: Pt, rise: Pt, text: Cow<'a, str>) {
    if text.is_empty() {
        return;
    }
    match word.segments.last_mut() {
        Some((f, s, r, segment)) if *f == face && *s == size && *r == rise => {
            segment.to_mut().push_str(&text)
        }
        _ => word.segments.push((face, size, rise, text)),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;
    use crate::render::pdf::inline::style::Align;

    fn style(language: &Lang) -> ParagraphStyle<'_> {
        ParagraphStyle {
            base: FontStyle::Regular,
            size: Pt(10.0),
            first_indent: Pt::ZERO,
            measure: Pt(300.0),
            align: Align::Justify,
            hyphenate: true,
            language,
            hanging: (0, Pt::ZERO),
        }
    }

    fn segments(words: &[Option<Word>]) -> Vec<Vec<(FontStyle, String)>> {
        words
            .iter()
            .map(|w| match w {
                Some(w) => w.segments.iter().map(|s| (s.0, s.3.to_string())).collect(),
                None => Vec::new(),
            })
            .collect()
    }

    #[test]
    fn emphasis_strong_and_small_caps_give_each_segment_its_face() {
        let text = |s: &str| Inline::Text(s.into());
        let inlines = vec![
            text("plain "),
            Inline::Emphasis(vec![text("it"), Inline::Strong(vec![text("bold")])]),
            text(" "),
            Inline::SmallCaps(vec![text("Ab "), Inline::Emphasis(vec![text("c")])]),
            Inline::LineBreak,
            Inline::Link {
                url: "u".into(),
                content: vec![text("link")],
            },
        ];
        let words = collect_words(&inlines, &style(&Lang::parse("en").unwrap()));
        let regular = FontStyle::Regular;
        assert_eq!(
            segments(&words),
            [
                vec![(regular, "plain".to_string())],
                vec![
                    (FontStyle::Italic, "it".to_string()),
                    (FontStyle::BoldItalic, "bold".to_string())
                ],
                // Small capitals: "A" full size, "B" reduced, then the next word.
                vec![(regular, "A".to_string()), (regular, "B".to_string())],
                vec![(regular, "C".to_string())],
                vec![],
                vec![(regular, "link".to_string())],
            ]
        );
    }

    #[test]
    fn deeply_nested_emphasis_is_collected_without_recursion() {
        let mut inlines = vec![Inline::Text("deep".into())];
        for _ in 0..100_001 {
            inlines = vec![Inline::Emphasis(inlines)];
        }
        let words = collect_words(&inlines, &style(&Lang::parse("en").unwrap()));
        assert_eq!(
            segments(&words),
            [vec![(FontStyle::Italic, "deep".to_string())]]
        );
        drop(words);
        // Dropping a deep tree recurses in the compiler's drop glue; take it apart here.
        while let Some(Inline::Emphasis(inner)) = inlines.pop() {
            inlines = inner;
        }
    }
}
