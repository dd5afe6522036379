//! Preparation: a paragraph's words become shaped boxes, glue and hyphenation
//! penalties — the Knuth–Plass item list — with what each item draws, ready to be
//! broken (`linebreak`) in one or several ways and then set (`line`).

use std::borrow::Cow;
use std::sync::Arc;

use super::collect::{collect_words, link_targets, LinkTarget, Word};
use super::hyphenation::{explicit_hyphen_breaks, strip_soft_hyphens};
use super::items::{BreakIndex, BreakParams, Item, Line, INFINITY_PENALTY};
use super::linebreak::{break_lines_by_count_indexed, break_lines_indexed, line_count_bounds};
use super::shaping::{Glyph, MissingGlyph, ShapedText, Shaper};
use super::style::{Align, ParagraphStyle};
use crate::fonts::FontStyle;
use crate::model::Inline;
use crate::units::Pt;

/// A glyph ready for the PDF: its advance is final (kerning and justification in).
/// Its text, for copy and paste, is kept once per glyph by the shaper.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlacedGlyph {
    pub id: u16,
    /// The font in the family's chain (0: the body family).
    pub font: u8,
    /// In points, a raw `f32`: every glyph of the book is summed and scaled.
    pub advance: f32,
}

/// A word fragment in one style, as shaped: a range of the paragraph's glyphs.
#[derive(Debug, Clone)]
pub(super) struct Fragment {
    pub(super) style: FontStyle,
    pub(super) size: Pt,
    pub(super) rise: Pt,
    pub(super) glyphs: std::ops::Range<u32>,
}

/// What each item of the Knuth–Plass list draws.
#[derive(Debug, Clone)]
pub(super) enum Drawn {
    Fragment(Fragment),
    Space {
        style: FontStyle,
        size: Pt,
    },
    Hyphen {
        style: FontStyle,
        size: Pt,
    },
    /// Where a word wider than the measure may be broken by force.
    WordBreak,
    /// An inline image: the book's image and its height (its width is the box's).
    Image {
        image: usize,
        height: Pt,
    },
    Nothing,
}

/// Interword glue, as fractions of the font's space: TeX's stretch, and a little more
/// shrink than TeX's third, because a slightly tight line reads better than a loose one.
pub(super) const SPACE_STRETCH: f32 = 0.5;
pub(super) const SPACE_SHRINK: f32 = 1.0 / 3.0;

/// Glyphs may be widened or narrowed by up to this fraction (microtype-style font
/// expansion, written as PDF horizontal scaling), so that word spaces vary less.
/// 3% rather than microtype's 2%: on a generated 100,000-word book it takes loose
/// lines from 1.7% to 0.7% and the 95th-percentile space from 1.39 to 1.21 times
/// its natural width (typometer), still below what the eye reads as a change of
/// letterforms.
pub const MAX_EXPANSION: f32 = 0.03;

/// A line that ends before the measure (a paragraph's last line, a forced break)
/// fills with this glue and then breaks.
pub(crate) const FILL: Item = Item::Glue {
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
    pub(super) items: Vec<Item>,
    pub(super) drawn: Vec<Drawn>,
    /// Every glyph of the paragraph, as shaped; fragments are ranges of it (one
    /// allocation per paragraph, not two per word fragment).
    pub(super) glyphs: Vec<PlacedGlyph>,
    pub(super) spaces: SpaceGlyphs,
    /// Footnotes referenced, each with the index of the item that carries it.
    pub(super) notes_at: Vec<(usize, usize)>,
    /// The items of each word in a link, with the link (an index of `links`).
    pub(super) links_at: Vec<(std::ops::Range<usize>, usize)>,
    pub(super) links: Vec<Option<LinkTarget>>,
    pub(super) index: std::cell::OnceCell<BreakIndex>,
}

impl PreparedParagraph {
    pub fn new(
        shaper: &mut Shaper<'_>,
        inlines: &[Inline],
        style: &ParagraphStyle<'_>,
    ) -> Result<Self, MissingGlyph> {
        let words = collect_words(inlines, style);
        let built = build_items(shaper, &words, style).map_err(|mut missing| {
            // The paragraph's opening, by which the build finds the word's place.
            if missing.paragraph.is_empty() {
                let text = Inline::plain_text(inlines);
                missing.paragraph = text.chars().take(40).collect();
            }
            missing
        })?;
        let links = if built.links_at.is_empty() {
            Vec::new()
        } else {
            link_targets(inlines)
        };
        let spaces = SpaceGlyphs::new(shaper)?;
        Ok(PreparedParagraph {
            items: built.items,
            drawn: built.drawn,
            glyphs: built.glyphs,
            spaces,
            notes_at: built.notes_at,
            links_at: built.links_at,
            links,
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
            .get_or_init(|| BreakIndex::new(&self.items, &|i| style.line_measure(i).0))
    }

    /// The best breaks with no line looser than `max_ratio` for every possible line
    /// count, fewest lines first; the page breaker moves lines with them. (The
    /// bound also prunes the search: most candidate lines are looser.) Nothing, and
    /// no search, where no setting can have one of the line counts `wanted`: three
    /// paragraphs in four of a novel have none a line shorter or longer, and a
    /// cheap bound (`line_count_bounds`) tells most of them.
    pub fn breaks_by_count(
        &self,
        style: &ParagraphStyle<'_>,
        max_ratio: f32,
        wanted: &[usize],
    ) -> Vec<Vec<Line>> {
        let params = BreakParams {
            tolerance: max_ratio,
            ..LINE_BREAK_PARAMS
        };
        let index = self.index(style);
        if let Some((fewest, most)) = line_count_bounds(index, &params) {
            if !wanted.iter().any(|count| (fewest..=most).contains(count)) {
                return Vec::new();
            }
        }
        break_lines_by_count_indexed(&self.items, index, &params)
    }

    /// The widest run of boxes between two spaces: no line of the paragraph can be
    /// narrower without breaking a word by force (a table's column is never made
    /// narrower than its cells' widest words if it can help it).
    pub fn widest_word(&self) -> Pt {
        let (mut widest, mut run) = (0.0f32, 0.0f32);
        for item in &self.items {
            match item {
                Item::Box { width } => run += width,
                Item::Glue { .. } => widest = widest.max(std::mem::take(&mut run)),
                Item::Penalty { .. } => {}
            }
        }
        Pt(widest.max(run))
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

/// Knuth–Plass items for the words, what each draws, the glyphs drawn, and the
/// footnotes referenced, each with the index of the item (the word's last box)
/// that carries it.
struct Items {
    items: Vec<Item>,
    drawn: Vec<Drawn>,
    glyphs: Vec<PlacedGlyph>,
    notes_at: Vec<(usize, usize)>,
    /// The narrowest line's room: no run of boxes without a break may be wider.
    room: f32,
    /// The width of boxes since the last place a line may break.
    unbroken: f32,
    /// Whether the current word had to be broken by force.
    forced: bool,
    links_at: Vec<(std::ops::Range<usize>, usize)>,
}

impl Items {
    fn push(&mut self, item: Item, drawn: Drawn) {
        if !matches!(item, Item::Box { .. }) {
            self.unbroken = 0.0;
        }
        self.items.push(item);
        self.drawn.push(drawn);
    }

    /// A box of shaped `glyphs`, scaled to points. A run with no break wider than
    /// the narrowest line (a 2 MB word, a long URL) is broken by force at the
    /// measure, where a glyph cluster starts, so that no line runs off the page.
    fn push_fragment(
        &mut self,
        (style, size, rise): (FontStyle, Pt, Pt),
        glyphs: &[Glyph],
        scale: f32,
    ) {
        let mut start = self.glyphs.len() as u32;
        let mut width = 0.0;
        let mut previous_cluster = None;
        for g in glyphs {
            let advance = g.advance as f32 * scale;
            let new_cluster = previous_cluster != Some(g.cluster);
            previous_cluster = Some(g.cluster);
            if new_cluster
                && self.room > 0.0
                && self.unbroken + width + advance > self.room
                && self.unbroken + width > 0.0
            {
                if width > 0.0 {
                    let fragment = Fragment {
                        style,
                        size,
                        rise,
                        glyphs: start..self.glyphs.len() as u32,
                    };
                    self.items.push(Item::Box { width });
                    self.drawn.push(Drawn::Fragment(fragment));
                }
                self.push_ragged_break();
                self.forced = true;
                start = self.glyphs.len() as u32;
                width = 0.0;
            }
            width += advance;
            self.glyphs.push(PlacedGlyph {
                id: g.id,
                font: g.font,
                advance,
            });
        }
        let fragment = Fragment {
            style,
            size,
            rise,
            glyphs: start..self.glyphs.len() as u32,
        };
        self.unbroken += width;
        self.items.push(Item::Box { width });
        self.drawn.push(Drawn::Fragment(fragment));
    }

    /// A break around a word wider than the measure: the line broken here ends
    /// ragged (the glue lets the breaker take it, as no space is there to stretch).
    fn push_ragged_break(&mut self) {
        self.push(NO_BREAK, Drawn::Nothing);
        self.push(
            Item::Glue {
                width: 0.0,
                stretch: self.room,
                shrink: 0.0,
            },
            Drawn::Nothing,
        );
        self.push(FORCED_WORD_BREAK, Drawn::WordBreak);
    }
}

/// A break inside a word wider than the measure: allowed, and costly enough that
/// the breaker prefers the spaces around it.
const FORCED_WORD_BREAK: Item = Item::Penalty {
    width: 0.0,
    penalty: 100.0,
    flagged: false,
};

const NO_BREAK: Item = Item::Penalty {
    width: 0.0,
    penalty: INFINITY_PENALTY,
    flagged: false,
};

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
        room: (style.line_measure(0) - style.first_indent).0,
        unbroken: 0.0,
        forced: false,
        links_at: Vec::new(),
    };
    if style.first_indent > Pt::ZERO {
        out.push(
            Item::Box {
                width: style.first_indent.0,
            },
            Drawn::Nothing,
        );
    }
    let last_word = words.iter().rposition(|w| w.is_some());
    let mut previous_was_word = false;
    // Each segment of the current word: its text without soft hyphens, where they
    // were, and its shaping (shaped once, for the glue before it and its boxes).
    let mut segments: Vec<(Cow<'_, str>, Vec<usize>, Arc<ShapedText>)> = Vec::new();
    // Where the current word may break: (byte offset, adds a hyphen). One list for
    // the paragraph, not one a word.
    let mut breaks: Vec<(usize, bool)> = Vec::new();
    for (index, word) in words.iter().enumerate() {
        let Some(word) = word else {
            out.push(FILL, Drawn::Nothing);
            out.push(FORCED_BREAK, Drawn::Nothing);
            previous_was_word = false;
            continue;
        };
        if let Some((image, aspect)) = word.image {
            // As high as the capitals: it sits on the baseline among the words.
            let height = style.size * shaper.cap_height(style.base);
            let width = (height.0 * aspect).min(out.room.max(1.0));
            if previous_was_word {
                let space =
                    shaper.space(style.base)?.1 as f32 * shaper.scale(style.base, style.size);
                out.push(
                    Item::Glue {
                        width: space,
                        stretch: space * SPACE_STRETCH,
                        shrink: space * SPACE_SHRINK,
                    },
                    Drawn::Space {
                        style: style.base,
                        size: style.size,
                    },
                );
            }
            let first_item = out.items.len();
            out.unbroken += width;
            out.items.push(Item::Box { width });
            out.drawn.push(Drawn::Image {
                image,
                height: Pt(width / aspect),
            });
            if let Some(link) = word.link {
                out.links_at.push((first_item..out.items.len(), link));
            }
            previous_was_word = true;
            continue;
        }
        segments.clear();
        for (face, _, _, text) in &word.segments {
            let (clean, soft_breaks) = strip_soft_hyphens(text);
            let shaped = shaper.shape(*face, &clean)?;
            segments.push((clean, soft_breaks, shaped));
        }
        let (first_face, first_size, _, _) = word.segments[0];
        if previous_was_word {
            let space = shaper.space(first_face)?.1 as f32 * shaper.scale(first_face, first_size);
            // The next word's glyph expansion is offered through the space before it,
            // so the breaker sees each line's full flexibility (see `justify_line`).
            let word_width: f32 = word
                .segments
                .iter()
                .zip(&segments)
                .map(|((face, size, _, _), (_, _, shaped))| {
                    shaped.advance as f32 * shaper.scale(*face, *size)
                })
                .sum();
            // The line before a word wider than the measure may end ragged too.
            if out.room > 0.0 && word_width > out.room {
                out.push_ragged_break();
            }
            // (Only as much of the word as one line holds can be expanded with it.)
            let expansion = if style.align == Align::Justify {
                if out.room > 0.0 {
                    word_width.min(out.room) * MAX_EXPANSION
                } else {
                    word_width * MAX_EXPANSION
                }
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
        let first_item = out.items.len();
        let breakable = style.hyphenate && Some(index) != last_word && word.segments.len() == 1;
        // A word in a span in another language is hyphenated in it.
        let language = word.lang.as_ref().unwrap_or(style.language);
        for ((face, size, rise, _), (clean, soft_breaks, shaped)) in
            word.segments.iter().zip(segments.drain(..))
        {
            let scale = shaper.scale(*face, *size);
            let look = (*face, *size, *rise);
            // A right-to-left run is never broken (its glyphs are in visual order).
            if !breakable || shaped.glyphs.iter().any(|g| g.rtl) {
                out.push_fragment(look, &shaped.glyphs, scale);
                continue;
            }
            // The language's penalty for a hyphen (TeX's 50 unless its row says).
            let hyphen_penalty = language
                .hyphenation()
                .map_or(LINE_BREAK_PARAMS.hyphen_penalty, |h| f32::from(h.penalty));
            breaks.clear();
            breaks.extend(
                explicit_hyphen_breaks(&clean)
                    .into_iter()
                    .map(|b| (b, false)),
            );
            if breaks.is_empty() {
                if soft_breaks.is_empty() {
                    let (letters, points) = shaper.word_hyphenation(&shaped, &clean, language);
                    breaks.extend(points.iter().map(|&b| (letters + b, true)));
                } else {
                    breaks.extend(soft_breaks.into_iter().map(|b| (b, true)));
                }
            }
            // A break is only possible where a glyph cluster starts (never inside "ffi").
            let mut start = 0;
            for &(offset, adds_hyphen) in &breaks {
                // Breaks come in order: look from the last one (linear in the word).
                let Some(at) = shaped.glyphs[start..]
                    .iter()
                    .position(|g| g.cluster == offset)
                    .map(|at| at + start)
                else {
                    continue;
                };
                if at <= start {
                    continue;
                }
                // A font without a hyphen is not hyphenated (the renderer warns).
                let hyphen = match (adds_hyphen, shaper.hyphen(*face)) {
                    (false, _) => 0.0,
                    (true, Ok((_, advance))) => advance as f32 * scale,
                    (true, Err(_)) => continue,
                };
                out.push_fragment(look, &shaped.glyphs[start..at], scale);
                out.push(
                    Item::Penalty {
                        width: hyphen,
                        penalty: hyphen_penalty,
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
        if std::mem::take(&mut out.forced) {
            let text: String = word.segments.iter().map(|(_, _, _, t)| &**t).collect();
            shaper.note_forced_break(&text);
        }
        let last_box = out.items.len() - 1;
        if let Some(link) = word.link {
            out.links_at.push((first_item..out.items.len(), link));
        }
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

/// The glyphs drawn for spaces and hyphens, one pair per face.
pub(super) struct SpaceGlyphs {
    /// `(space, hyphen)` glyph ids, in `FontStyle::ALL` order.
    pub(super) entries: [(u16, u16); 4],
}

impl SpaceGlyphs {
    fn new(shaper: &Shaper<'_>) -> Result<Self, MissingGlyph> {
        let mut entries = [(0, 0); 4];
        for (entry, face) in entries.iter_mut().zip(FontStyle::ALL) {
            // No hyphen: never drawn, as no word of that face is hyphenated.
            let hyphen = shaper.hyphen(face).map_or(0, |(glyph, _)| glyph);
            *entry = (shaper.space(face)?.0, hyphen);
        }
        Ok(SpaceGlyphs { entries })
    }

    pub(super) fn get(&self, face: FontStyle) -> (u16, u16) {
        self.entries[face.index()]
    }
}

#[cfg(test)]
#[path = "prepare_tests.rs"]
mod tests;
