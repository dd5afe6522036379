//! Paragraph layout: inlines → words → shaped boxes, glue and hyphenation penalties →
//! total-fit line breaks → lines of positioned glyph runs. The stages before and after
//! (shaping, hyphenation, line breaking) live in their own modules.

use std::borrow::Cow;
use std::sync::Arc;

use super::geometry::Pt;
use super::linebreak::{
    break_lines_by_count_indexed, break_lines_indexed, BreakIndex, BreakParams, Item, Line,
    INFINITY_PENALTY,
};
use super::shaping::{Glyph, MissingGlyph, ShapedText, Shaper};
use crate::fonts::FontStyle;
use crate::model::Inline;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Justify,
    Left,
    Center,
}

/// How one paragraph is to be set.
#[derive(Debug, Clone)]
pub struct ParagraphStyle<'l> {
    pub base: FontStyle,
    pub size: Pt,
    pub first_indent: Pt,
    pub measure: Pt,
    pub align: Align,
    pub hyphenate: bool,
    pub language: &'l crate::lang::Lang,
    /// The first lines narrowed from the left (how many, by how much): room for
    /// a drop cap.
    pub hanging: (usize, Pt),
}

impl ParagraphStyle<'_> {
    /// The measure of line `index` (0-based).
    pub fn line_measure(&self, index: usize) -> Pt {
        let (lines, width) = self.hanging;
        if index < lines {
            self.measure - width
        } else {
            self.measure
        }
    }
}

/// A glyph ready for the PDF: its advance is final (kerning and justification in).
/// Its text, for copy and paste, is kept once per glyph by the shaper.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlacedGlyph {
    pub id: u16,
    pub advance: Pt,
}

/// Glyphs of one face and size, starting at `x` from the line's left edge.
#[derive(Debug, Clone, PartialEq)]
pub struct GlyphRun {
    pub style: FontStyle,
    pub size: Pt,
    /// Baseline shift upward, for note references.
    pub rise: Pt,
    pub x: Pt,
    /// Horizontal scale of the glyphs (1.0 = as designed); advances already include it.
    pub scale: Pt,
    pub glyphs: Vec<PlacedGlyph>,
}

impl GlyphRun {
    pub fn width(&self) -> Pt {
        self.glyphs.iter().map(|g| g.advance).sum()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct SetLine {
    pub runs: Vec<GlyphRun>,
    pub hyphenated: bool,
    /// Footnotes referenced on this line, in order.
    pub notes: Vec<usize>,
    /// Adjustment ratio as set: the slack over the line's flexibility (spaces and
    /// glyph expansion); 0 at natural width, −1 fully shrunk, 1 fully stretched.
    pub ratio: f32,
    /// Width of the line as set.
    pub width: Pt,
}

/// A word fragment in one style, as shaped: a range of the paragraph's glyphs.
#[derive(Debug, Clone)]
struct Fragment {
    style: FontStyle,
    size: Pt,
    rise: Pt,
    glyphs: std::ops::Range<u32>,
}

/// What each item of the Knuth–Plass list draws.
#[derive(Debug, Clone)]
enum Drawn {
    Fragment(Fragment),
    Space { style: FontStyle, size: Pt },
    Hyphen { style: FontStyle, size: Pt },
    Nothing,
}

#[derive(Default)]
struct Word {
    segments: Vec<(FontStyle, Pt, Pt, String)>,
    /// Footnotes referenced from this word.
    notes: Vec<usize>,
}

/// Interword glue, as fractions of the font's space: TeX's stretch, and a little more
/// shrink than TeX's third, because a slightly tight line reads better than a loose one.
const SPACE_STRETCH: Pt = 0.5;
const SPACE_SHRINK: Pt = 1.0 / 3.0;
/// Glyphs may be widened or narrowed by up to this fraction (microtype-style font
/// expansion, written as PDF horizontal scaling), so that word spaces vary less.
/// 3% rather than microtype's 2%: on a generated 100,000-word book it takes loose
/// lines from 1.7% to 0.7% and the 95th-percentile space from 1.39 to 1.21 times
/// its natural width (typometer), still below what the eye reads as a change of
/// letterforms.
pub const MAX_EXPANSION: Pt = 0.03;

/// A line that ends before the measure (a paragraph's last line, a forced break)
/// fills with this glue and then breaks.
const FILL: Item = Item::Glue {
    width: 0.0,
    stretch: 1e6,
    shrink: 0.0,
};
const FORCED_BREAK: Item = Item::Penalty {
    width: 0.0,
    penalty: -INFINITY_PENALTY,
    flagged: false,
};

/// Spaces up to half again their width in a first pass; where a paragraph cannot
/// be set so (often a first line with its indent), a second pass weighs looser
/// lines at their true badness before emergency stretch is used.
pub const LINE_BREAK_PARAMS: BreakParams = BreakParams {
    pretolerance: 1.0,
    tolerance: 2.0,
    line_penalty: 10.0,
    hyphen_penalty: 50.0,
    flagged_demerits: 3000.0,
    fitness_demerits: 10000.0,
    max_consecutive_hyphens: 2,
    emergency_stretch: 12.0,
    // The paragraph's last word is never hyphenated (see `build_items`); a hyphen
    // on the line before the last is allowed, as a hard rule it leaves many short
    // paragraphs with no acceptable setting at all.
    last_line_not_hyphenated: false,
};

/// A paragraph turned into Knuth–Plass items, ready to be broken into lines in one
/// or several ways and then set.
pub struct PreparedParagraph {
    items: Vec<Item>,
    drawn: Vec<Drawn>,
    /// Every glyph of the paragraph, as shaped; fragments are ranges of it (one
    /// allocation per paragraph, not two per word fragment).
    glyphs: Vec<PlacedGlyph>,
    spaces: SpaceGlyphs,
    /// Footnotes referenced, each with the index of the item that carries it.
    notes_at: Vec<(usize, usize)>,
    index: std::cell::OnceCell<BreakIndex>,
}

impl PreparedParagraph {
    pub fn new(
        shaper: &mut Shaper<'_>,
        inlines: &[Inline],
        style: &ParagraphStyle<'_>,
    ) -> Result<Self, MissingGlyph> {
        let words = collect_words(inlines, style);
        let built = build_items(shaper, &words, style)?;
        let spaces = SpaceGlyphs::new(shaper)?;
        Ok(PreparedParagraph {
            items: built.items,
            drawn: built.drawn,
            glyphs: built.glyphs,
            spaces,
            notes_at: built.notes_at,
            index: std::cell::OnceCell::new(),
        })
    }

    /// The best breaks.
    pub fn break_lines(&self, style: &ParagraphStyle<'_>) -> Vec<Line> {
        break_lines_indexed(&self.items, self.index(style), &LINE_BREAK_PARAMS)
    }

    /// The breaker's index of the items, made once (for the measures of `style`,
    /// the style the paragraph is prepared and set in).
    fn index(&self, style: &ParagraphStyle<'_>) -> &BreakIndex {
        self.index
            .get_or_init(|| BreakIndex::new(&self.items, &|i| style.line_measure(i)))
    }

    /// The best breaks with no line looser than `max_ratio` for every possible line
    /// count, fewest lines first; the page breaker moves lines with them. (The
    /// bound also prunes the search: most candidate lines are looser.)
    pub fn breaks_by_count(&self, style: &ParagraphStyle<'_>, max_ratio: f32) -> Vec<Vec<Line>> {
        let params = BreakParams {
            tolerance: max_ratio,
            ..LINE_BREAK_PARAMS
        };
        break_lines_by_count_indexed(&self.items, self.index(style), &params)
    }

    /// Sets the lines `breaks` describe.
    pub fn set(&self, breaks: &[Line], style: &ParagraphStyle<'_>) -> Vec<SetLine> {
        breaks
            .iter()
            .enumerate()
            .map(|(index, line)| {
                let measure = style.line_measure(index);
                let mut set = compose_line(line, self, style, measure);
                set.notes = self.notes_in(line);
                set
            })
            .collect()
    }

    /// The footnotes referenced on a line of these breaks.
    pub fn notes_in(&self, line: &Line) -> Vec<usize> {
        self.notes_at
            .iter()
            .filter(|(item, _)| (line.start..line.end).contains(item))
            .map(|&(_, note)| note)
            .collect()
    }
}

/// Sets a paragraph into lines.
pub fn set_paragraph(
    shaper: &mut Shaper<'_>,
    inlines: &[Inline],
    style: &ParagraphStyle<'_>,
) -> Result<Vec<SetLine>, MissingGlyph> {
    let prepared = PreparedParagraph::new(shaper, inlines, style)?;
    Ok(prepared.set(&prepared.break_lines(style), style))
}

/// Splits inline content into words of styled segments; spaces separate words.
fn collect_words(inlines: &[Inline], style: &ParagraphStyle<'_>) -> Vec<Option<Word>> {
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

/// Knuth–Plass items for the words, what each draws, the glyphs drawn, and the
/// footnotes referenced, each with the index of the item (the word's last box)
/// that carries it.
struct Items {
    items: Vec<Item>,
    drawn: Vec<Drawn>,
    glyphs: Vec<PlacedGlyph>,
    notes_at: Vec<(usize, usize)>,
}

impl Items {
    fn push(&mut self, item: Item, drawn: Drawn) {
        self.items.push(item);
        self.drawn.push(drawn);
    }

    /// A box of shaped `glyphs`, scaled to points.
    fn push_fragment(
        &mut self,
        (style, size, rise): (FontStyle, Pt, Pt),
        glyphs: &[Glyph],
        scale: Pt,
    ) {
        let start = self.glyphs.len() as u32;
        let mut width = 0.0;
        for g in glyphs {
            let advance = g.advance as Pt * scale;
            width += advance;
            self.glyphs.push(PlacedGlyph { id: g.id, advance });
        }
        let fragment = Fragment {
            style,
            size,
            rise,
            glyphs: start..self.glyphs.len() as u32,
        };
        self.push(Item::Box { width }, Drawn::Fragment(fragment));
    }
}

fn build_items(
    shaper: &mut Shaper<'_>,
    words: &[Option<Word>],
    style: &ParagraphStyle<'_>,
) -> Result<Items, MissingGlyph> {
    let mut out = Items {
        items: Vec::with_capacity(words.len() * 3),
        drawn: Vec::with_capacity(words.len() * 3),
        glyphs: Vec::with_capacity(words.len() * 6),
        notes_at: Vec::new(),
    };
    if style.first_indent > 0.0 {
        out.push(
            Item::Box {
                width: style.first_indent,
            },
            Drawn::Nothing,
        );
    }
    let last_word = words.iter().rposition(|w| w.is_some());
    let mut previous_was_word = false;
    // Each segment of the current word: its text without soft hyphens, where they
    // were, and its shaping (shaped once, for the glue before it and its boxes).
    let mut segments: Vec<(Cow<'_, str>, Vec<usize>, Arc<ShapedText>)> = Vec::new();
    for (index, word) in words.iter().enumerate() {
        let Some(word) = word else {
            out.push(FILL, Drawn::Nothing);
            out.push(FORCED_BREAK, Drawn::Nothing);
            previous_was_word = false;
            continue;
        };
        segments.clear();
        for (face, _, _, text) in &word.segments {
            let (clean, soft_breaks) = strip_soft_hyphens(text);
            let shaped = shaper.shape(*face, &clean)?;
            segments.push((clean, soft_breaks, shaped));
        }
        let (first_face, first_size, _, _) = word.segments[0];
        if previous_was_word {
            let space = shaper.space(first_face)?.1 as Pt * shaper.scale(first_face, first_size);
            // The next word's glyph expansion is offered through the space before it,
            // so the breaker sees each line's full flexibility (see `justify_line`).
            let expansion = if style.align == Align::Justify {
                let word_width: Pt = word
                    .segments
                    .iter()
                    .zip(&segments)
                    .map(|((face, size, _, _), (_, _, shaped))| {
                        shaped.advance as Pt * shaper.scale(*face, *size)
                    })
                    .sum();
                word_width * MAX_EXPANSION
            } else {
                0.0
            };
            out.push(
                Item::Glue {
                    width: space,
                    stretch: space * SPACE_STRETCH + expansion,
                    shrink: space * SPACE_SHRINK + expansion,
                },
                Drawn::Space {
                    style: first_face,
                    size: first_size,
                },
            );
        }
        previous_was_word = true;
        let breakable = style.hyphenate && Some(index) != last_word && word.segments.len() == 1;
        for ((face, size, rise, _), (clean, soft_breaks, shaped)) in
            word.segments.iter().zip(segments.drain(..))
        {
            let scale = shaper.scale(*face, *size);
            let look = (*face, *size, *rise);
            if !breakable {
                out.push_fragment(look, &shaped.glyphs, scale);
                continue;
            }
            // (byte offset, adds a hyphen)
            let mut breaks: Vec<(usize, bool)> = explicit_hyphen_breaks(&clean)
                .into_iter()
                .map(|b| (b, false))
                .collect();
            if breaks.is_empty() {
                if soft_breaks.is_empty() {
                    let points = shaper.hyphenation_points(&clean, style.language);
                    breaks.extend(points.iter().map(|&b| (b, true)));
                } else {
                    breaks.extend(soft_breaks.into_iter().map(|b| (b, true)));
                }
            }
            // A break is only possible where a glyph cluster starts (never inside "ffi").
            let mut start = 0;
            for (offset, adds_hyphen) in breaks {
                let Some(at) = shaped.glyphs.iter().position(|g| g.cluster == offset) else {
                    continue;
                };
                if at <= start {
                    continue;
                }
                out.push_fragment(look, &shaped.glyphs[start..at], scale);
                let hyphen = if adds_hyphen {
                    shaper.hyphen(*face)?.1 as Pt * scale
                } else {
                    0.0
                };
                out.push(
                    Item::Penalty {
                        width: hyphen,
                        penalty: LINE_BREAK_PARAMS.hyphen_penalty,
                        flagged: true,
                    },
                    if adds_hyphen {
                        Drawn::Hyphen {
                            style: *face,
                            size: *size,
                        }
                    } else {
                        Drawn::Nothing
                    },
                );
                start = at;
            }
            out.push_fragment(look, &shaped.glyphs[start..], scale);
        }
        let last_box = out.items.len() - 1;
        out.notes_at
            .extend(word.notes.iter().map(|&note| (last_box, note)));
    }
    if !out.items.is_empty() {
        out.push(
            Item::Penalty {
                width: 0.0,
                penalty: INFINITY_PENALTY,
                flagged: false,
            },
            Drawn::Nothing,
        );
        out.push(FILL, Drawn::Nothing);
        out.push(FORCED_BREAK, Drawn::Nothing);
    }
    Ok(out)
}

/// Removes soft hyphens, returning the clean text and the byte offsets they marked.
fn strip_soft_hyphens(text: &str) -> (Cow<'_, str>, Vec<usize>) {
    if !text.contains('\u{00AD}') {
        return (Cow::Borrowed(text), Vec::new());
    }
    let mut clean = String::with_capacity(text.len());
    let mut points = Vec::new();
    for c in text.chars() {
        if c == '\u{00AD}' {
            if !clean.is_empty() {
                points.push(clean.len());
            }
        } else {
            clean.push(c);
        }
    }
    points.retain(|&p| p < clean.len());
    (Cow::Owned(clean), points)
}

/// Breaks after the hyphens of compounds ("free-spirited"), with letters on both sides.
fn explicit_hyphen_breaks(text: &str) -> Vec<usize> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut points = Vec::new();
    for window in chars.windows(3) {
        let [(_, before), (at, c), (_, after)] = [window[0], window[1], window[2]];
        if matches!(c, '-' | '\u{2010}') && before.is_alphabetic() && after.is_alphabetic() {
            points.push(at + c.len_utf8());
        }
    }
    points
}

/// The glyphs drawn for spaces and hyphens, one pair per face.
struct SpaceGlyphs {
    /// `(space, hyphen)` glyph ids, in `FontStyle::ALL` order.
    entries: [(u16, u16); 4],
}

impl SpaceGlyphs {
    fn new(shaper: &Shaper<'_>) -> Result<Self, MissingGlyph> {
        let mut entries = [(0, 0); 4];
        for (entry, face) in entries.iter_mut().zip(FontStyle::ALL) {
            *entry = (shaper.space(face)?.0, shaper.hyphen(face)?.0);
        }
        Ok(SpaceGlyphs { entries })
    }

    fn get(&self, face: FontStyle) -> (u16, u16) {
        self.entries[face.index()]
    }
}

/// One piece of a line before justification.
enum Piece {
    Glyph(FontStyle, Pt, Pt, PlacedGlyph),
    Space(FontStyle, Pt, Pt),
    Skip(Pt),
}

fn compose_line(
    line: &Line,
    paragraph: &PreparedParagraph,
    style: &ParagraphStyle<'_>,
    measure: Pt,
) -> SetLine {
    let PreparedParagraph {
        items,
        drawn,
        glyphs,
        spaces: glyph_ids,
        ..
    } = paragraph;
    let mut pieces = Vec::with_capacity(line.end.saturating_sub(line.start) * 4);
    let end = line.end.min(items.len());
    let mut has_glyphs = false;
    for index in line.start..end {
        match (&items[index], &drawn[index]) {
            (Item::Box { .. }, Drawn::Fragment(f)) => {
                let range = f.glyphs.start as usize..f.glyphs.end as usize;
                has_glyphs |= !range.is_empty();
                for g in &glyphs[range] {
                    pieces.push(Piece::Glyph(f.style, f.size, f.rise, *g));
                }
            }
            (Item::Box { width }, _) => pieces.push(Piece::Skip(*width)),
            // A space never starts a line.
            (Item::Glue { width, .. }, Drawn::Space { style: face, size }) if has_glyphs => {
                pieces.push(Piece::Space(*face, *size, *width));
            }
            (Item::Glue { .. }, Drawn::Space { .. }) => {}
            (Item::Glue { width, .. }, _) => pieces.push(Piece::Skip(*width)),
            _ => {}
        }
    }
    if let (Some(Item::Penalty { width, .. }), Some(Drawn::Hyphen { style: face, size })) =
        (items.get(line.end), drawn.get(line.end))
    {
        let (_, hyphen) = glyph_ids.get(*face);
        let glyph = PlacedGlyph {
            id: hyphen,
            advance: *width,
        };
        pieces.push(Piece::Glyph(*face, *size, 0.0, glyph));
    }
    // Spaces before a forced break would push centred text off centre.
    while matches!(pieces.last(), Some(Piece::Space(..))) {
        pieces.pop();
    }
    let ends_paragraph = matches!(items.get(line.end), Some(Item::Penalty { penalty, .. }) if *penalty <= -INFINITY_PENALTY)
        || line.end >= items.len();
    let (scale, space_delta, ratio) = justify_line(&pieces, style, measure, ends_paragraph);

    // Runs are gathered as ranges of one buffer, then each copied out at its exact
    // length: set lines are kept until the book is written, and vectors grown a
    // glyph at a time would hold nearly twice the memory.
    let mut placed: Vec<PlacedGlyph> = Vec::with_capacity(pieces.len());
    let mut spans: Vec<(GlyphRun, usize)> = Vec::new();
    let mut x = 0.0;
    for piece in pieces {
        let (face, size, rise, glyph) = match piece {
            Piece::Skip(width) => {
                x += width;
                continue;
            }
            Piece::Glyph(face, size, rise, mut glyph) => {
                glyph.advance *= scale;
                (face, size, rise, glyph)
            }
            Piece::Space(face, size, width) => {
                let (space, _) = glyph_ids.get(face);
                let advance = (width + space_delta(width)).max(0.0);
                (face, size, 0.0, PlacedGlyph { id: space, advance })
            }
        };
        let continues = matches!(spans.last(), Some((run, _))
            if run.style == face && run.size == size && run.rise == rise);
        if !continues {
            let run = GlyphRun {
                style: face,
                size,
                rise,
                x,
                scale,
                glyphs: Vec::new(),
            };
            spans.push((run, placed.len()));
        }
        x += glyph.advance;
        placed.push(glyph);
    }
    let ends = spans
        .iter()
        .skip(1)
        .map(|(_, start)| *start)
        .chain([placed.len()]);
    let ends: Vec<usize> = ends.collect();
    let mut runs: Vec<GlyphRun> = Vec::with_capacity(spans.len());
    runs.extend(spans.into_iter().zip(ends).map(|((mut run, start), end)| {
        run.glyphs = placed[start..end].to_vec();
        run
    }));
    if style.align == Align::Center {
        let shift = ((measure - x) / 2.0).max(0.0);
        runs.iter_mut().for_each(|r| r.x += shift);
    }
    SetLine {
        runs,
        hyphenated: line.hyphenated,
        notes: Vec::new(),
        ratio,
        width: x,
    }
}

/// How a line fills its measure: the glyphs' horizontal scale, and each space's
/// change as a function of its natural width. Justified lines take the slack in
/// glyph expansion first (up to `MAX_EXPANSION`), then in the spaces, so spaces
/// stay near their natural width; the breaker counted both as the line's
/// flexibility, and the ratio reported is the same.
fn justify_line(
    pieces: &[Piece],
    style: &ParagraphStyle<'_>,
    measure: Pt,
    ends_paragraph: bool,
) -> (Pt, impl Fn(Pt) -> Pt, f32) {
    let mut natural = 0.0;
    let mut glyphs = 0.0;
    let mut spaces = 0.0;
    for piece in pieces {
        match piece {
            Piece::Glyph(_, _, _, g) => {
                natural += g.advance;
                glyphs += g.advance;
            }
            Piece::Space(_, _, width) => {
                natural += width;
                spaces += width;
            }
            Piece::Skip(width) => natural += width,
        }
    }
    let slack = measure - natural;
    let justify = style.align == Align::Justify && !ends_paragraph;
    let (space_share, expansion_share) = if slack >= 0.0 {
        (spaces * SPACE_STRETCH, glyphs * MAX_EXPANSION)
    } else {
        (spaces * SPACE_SHRINK, glyphs * MAX_EXPANSION)
    };
    let (scale, space_slack, ratio) = if !justify && slack >= 0.0 {
        (1.0, 0.0, 0.0)
    } else if !justify {
        // An overfull ragged line: shrink the spaces only.
        (1.0, slack, slack / space_share.max(1e-6))
    } else {
        let ratio = slack / (space_share + expansion_share).max(1e-6);
        let expansion = (slack / glyphs.max(1e-6)).clamp(-MAX_EXPANSION, MAX_EXPANSION);
        let scale = 1.0 + expansion;
        (scale, slack - (scale - 1.0) * glyphs, ratio)
    };
    let per_point = if spaces > 0.0 {
        space_slack / spaces
    } else {
        0.0
    };
    (scale, move |width: Pt| width * per_point, ratio)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::load_family;

    #[test]
    fn a_long_paragraph_can_be_set_a_line_longer_or_shorter() {
        let family = load_family(std::path::Path::new(env!("CARGO_MANIFEST_DIR")), None).unwrap();
        let mut shaper = Shaper::new(&family);
        let text = "She had been photographed so often that the camera no longer frightened her, \
            and yet every morning, before the light came up over the terraces of the old town, \
            she rehearsed the smile she would give the strangers who waited at the gate; it was a \
            small smile, almost apologetic, and the photographers loved it because it seemed to \
            promise a story that she never told. In the afternoons she walked along the river \
            with her sister, who talked about money and husbands and the price of bread, and in \
            the evenings she read the letters that came from Paris and Rome and Hollywood.";
        let style = ParagraphStyle {
            base: FontStyle::Regular,
            size: 11.0,
            first_indent: 11.0,
            measure: 288.0,
            align: Align::Justify,
            hyphenate: true,
            language: &crate::lang::Lang::parse("en").unwrap(),
            hanging: (0, 0.0),
        };
        let text = format!("{text} {text} {text}");
        let prepared = PreparedParagraph::new(&mut shaper, &[Inline::Text(text)], &style).unwrap();
        let natural = prepared.break_lines(&style).len();
        let counts: Vec<usize> = prepared
            .breaks_by_count(&style, 2.0)
            .iter()
            .map(|l| l.len())
            .collect();
        assert!(
            counts.contains(&(natural + 1)) || counts.contains(&(natural - 1)),
            "natural {natural}, offered {counts:?}"
        );
    }
}
