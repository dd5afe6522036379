//! Line setting: the breaks chosen for a prepared paragraph become lines of glyph
//! runs, justified (glyph expansion first, then the spaces), centred or ragged.
//! The stage's output: `SetLine`s, placed on pages by `flow`.

pub use super::collect::LinkTarget;
use super::items::{Item, Line, INFINITY_PENALTY};
use super::prepare::{
    Drawn, PlacedGlyph, PreparedParagraph, MAX_EXPANSION, SPACE_SHRINK, SPACE_STRETCH,
};
use super::shaping::{MissingGlyph, Shaper};
use super::style::{Align, ParagraphStyle};
use crate::fonts::FontStyle;
use crate::lang::Lang;
use crate::model::Inline;
use crate::units::Pt;

/// Glyphs of one face and size, starting at `x` from the line's left edge.
#[derive(Debug, Clone, PartialEq)]
pub struct GlyphRun {
    /// The font in the family's chain (0: the body family), and its style.
    pub font: u8,
    pub style: FontStyle,
    pub size: Pt,
    /// Baseline shift upward, for note references.
    pub rise: Pt,
    pub x: Pt,
    /// Horizontal scale of the glyphs (1.0 = as designed); advances already include it.
    pub scale: f32,
    pub glyphs: Vec<PlacedGlyph>,
}

impl GlyphRun {
    pub fn width(&self) -> Pt {
        Pt(self.glyphs.iter().map(|g| g.advance).sum())
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
    /// The links on the line: where each leads, and its left and right edges from
    /// the line's left edge.
    pub links: Vec<LineLink>,
    /// The inline images on the line, standing on its baseline.
    pub images: Vec<LineImage>,
}

/// An inline image on a line: the book's image, its left edge from the line's,
/// and its printed size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LineImage {
    pub image: usize,
    pub x: Pt,
    pub width: Pt,
    pub height: Pt,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LineLink {
    pub target: LinkTarget,
    pub x0: Pt,
    pub x1: Pt,
}

impl PreparedParagraph {
    /// Sets the lines `breaks` describe.
    pub fn set(&self, breaks: &[Line], style: &ParagraphStyle<'_>) -> Vec<SetLine> {
        let mut scratch = Scratch::default();
        breaks
            .iter()
            .enumerate()
            .map(|(index, line)| {
                let measure = style.line_measure(index);
                let mut set = compose_line(line, self, style, measure, &mut scratch);
                set.notes = self.notes_in(line);
                set
            })
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

/// Inlines set centred, unhyphenated, keeping their emphasis.
pub fn centred(
    shaper: &mut Shaper<'_>,
    content: &[Inline],
    face: FontStyle,
    size: Pt,
    measure: Pt,
    language: &Lang,
) -> Result<Vec<SetLine>, MissingGlyph> {
    let style = ParagraphStyle {
        base: face,
        size,
        first_indent: Pt::ZERO,
        measure,
        align: Align::Center,
        hyphenate: false,
        language,
        hanging: (0, Pt::ZERO),
    };
    set_paragraph(shaper, content, &style)
}

/// One line of display text (titles, heads, folios), centred on `measure`.
pub fn display_lines(
    shaper: &mut Shaper<'_>,
    text: &str,
    face: FontStyle,
    size: Pt,
    measure: Pt,
    language: &Lang,
) -> Result<Vec<SetLine>, MissingGlyph> {
    let content = [Inline::Text(text.to_string())];
    centred(shaper, &content, face, size, measure, language)
}

/// One piece of a line before justification: a glyph (face, size, rise), a space
/// (face, size, width) or a skip (width). Widths are raw `f32` points, summed
/// for every line.
enum Piece {
    Glyph(FontStyle, Pt, Pt, PlacedGlyph),
    Space(FontStyle, Pt, f32),
    Skip(f32),
    /// An inline image: the book's image, its width and height.
    Image(usize, f32, Pt),
}

/// The buffers a paragraph's lines are composed in, one line after another: three
/// fewer allocations a line.
#[derive(Default)]
struct Scratch {
    pieces: Vec<Piece>,
    /// The line's glyphs, runs gathered as ranges of them.
    placed: Vec<PlacedGlyph>,
    /// Each run, with where its glyphs start in `placed`.
    spans: Vec<(GlyphRun, usize)>,
}

fn compose_line(
    line: &Line,
    paragraph: &PreparedParagraph,
    style: &ParagraphStyle<'_>,
    measure: Pt,
    scratch: &mut Scratch,
) -> SetLine {
    let PreparedParagraph {
        items,
        drawn,
        glyphs,
        spaces: glyph_ids,
        ..
    } = paragraph;
    let pieces = &mut scratch.pieces;
    pieces.clear();
    // Sized for the line's items, as the buffer is new for each paragraph.
    pieces.reserve(line.end.saturating_sub(line.start) * 4);
    // The link of each piece, when the paragraph has links.
    let mut piece_links: Vec<Option<usize>> = Vec::new();
    let link_of = |index: usize| {
        paragraph
            .links_at
            .iter()
            .find(|(items, _)| items.contains(&index))
            .map(|&(_, link)| link)
    };
    let end = line.end.min(items.len());
    let mut has_glyphs = false;
    for index in line.start..end {
        let before = pieces.len();
        push_pieces(
            pieces,
            &items[index],
            &drawn[index],
            glyphs,
            &mut has_glyphs,
        );
        if !paragraph.links_at.is_empty() {
            // Each piece of this item belongs to the item's link, if any.
            piece_links.resize(before, None);
            piece_links.resize(pieces.len(), link_of(index));
        }
    }
    if let (Some(Item::Penalty { width, .. }), Some(Drawn::Hyphen { style: face, size })) =
        (items.get(line.end), drawn.get(line.end))
    {
        let (_, hyphen) = glyph_ids.get(*face);
        let glyph = PlacedGlyph {
            id: hyphen,
            font: 0,
            advance: *width,
        };
        pieces.push(Piece::Glyph(*face, *size, Pt::ZERO, glyph));
        if !paragraph.links_at.is_empty() {
            piece_links.resize(pieces.len() - 1, None);
            piece_links.push(link_of(line.end));
        }
    }
    finish_line(line, paragraph, style, measure, scratch, piece_links)
}

/// The pieces item `item` draws.
fn push_pieces(
    pieces: &mut Vec<Piece>,
    item: &Item,
    drawn: &Drawn,
    glyphs: &[PlacedGlyph],
    has_glyphs: &mut bool,
) {
    {
        match (item, drawn) {
            (Item::Box { .. }, Drawn::Fragment(f)) => {
                let range = f.glyphs.start as usize..f.glyphs.end as usize;
                *has_glyphs |= !range.is_empty();
                for g in &glyphs[range] {
                    pieces.push(Piece::Glyph(f.style, f.size, f.rise, *g));
                }
            }
            (Item::Box { width }, Drawn::Image { image, height }) => {
                *has_glyphs = true;
                pieces.push(Piece::Image(*image, *width, *height));
            }
            (Item::Box { width }, _) => pieces.push(Piece::Skip(*width)),
            // A space never starts a line.
            (Item::Glue { width, .. }, Drawn::Space { style: face, size }) if *has_glyphs => {
                pieces.push(Piece::Space(*face, *size, *width));
            }
            (Item::Glue { .. }, Drawn::Space { .. }) => {}
            (Item::Glue { width, .. }, _) => pieces.push(Piece::Skip(*width)),
            _ => {}
        }
    }
}

/// The line's pieces justified and gathered into runs.
fn finish_line(
    line: &Line,
    paragraph: &PreparedParagraph,
    style: &ParagraphStyle<'_>,
    measure: Pt,
    scratch: &mut Scratch,
    mut piece_links: Vec<Option<usize>>,
) -> SetLine {
    let Scratch {
        pieces,
        placed,
        spans,
    } = scratch;
    let PreparedParagraph {
        items,
        drawn,
        spaces: glyph_ids,
        ..
    } = paragraph;
    // Spaces before a forced break would push centred text off centre.
    while matches!(pieces.last(), Some(Piece::Space(..))) {
        pieces.pop();
    }
    piece_links.truncate(pieces.len());
    // Each link's left and right edges on the line.
    let mut link_spans: Vec<(usize, f32, f32)> = Vec::new();
    // A word broken by force ends its line ragged, as a paragraph does.
    let ends_paragraph = matches!(items.get(line.end), Some(Item::Penalty { penalty, .. }) if *penalty <= -INFINITY_PENALTY)
        || line.end >= items.len()
        || matches!(drawn.get(line.end), Some(Drawn::WordBreak));
    let (scale, space_delta, ratio) = justify_line(pieces, style, measure, ends_paragraph);

    // Runs are gathered as ranges of one buffer, then each copied out at its exact
    // length: set lines are kept until the book is written, and vectors grown a
    // glyph at a time would hold nearly twice the memory.
    placed.clear();
    placed.reserve(pieces.len());
    spans.clear();
    let mut images: Vec<LineImage> = Vec::new();
    // The glyphs after an image start a run of their own, after the image.
    let mut after_image = false;
    let mut x = 0.0;
    for (k, piece) in pieces.drain(..).enumerate() {
        if let Some(Some(link)) = piece_links.get(k) {
            let width = match &piece {
                Piece::Glyph(.., g) => g.advance * scale,
                Piece::Space(_, _, width) => (width + space_delta(*width)).max(0.0),
                Piece::Skip(width) | Piece::Image(_, width, _) => *width,
            };
            match link_spans.iter_mut().find(|(l, _, _)| l == link) {
                Some(span) => span.2 = x + width,
                None => link_spans.push((*link, x, x + width)),
            }
        }
        let (face, size, rise, glyph) = match piece {
            Piece::Skip(width) => {
                x += width;
                continue;
            }
            Piece::Image(image, width, height) => {
                images.push(LineImage {
                    image,
                    x: Pt(x),
                    width: Pt(width),
                    height,
                });
                x += width;
                after_image = true;
                continue;
            }
            Piece::Glyph(face, size, rise, mut glyph) => {
                glyph.advance *= scale;
                (face, size, rise, glyph)
            }
            Piece::Space(face, size, width) => {
                let (space, _) = glyph_ids.get(face);
                let advance = (width + space_delta(width)).max(0.0);
                let glyph = PlacedGlyph {
                    id: space,
                    font: 0,
                    advance,
                };
                (face, size, Pt::ZERO, glyph)
            }
        };
        let continues = !std::mem::take(&mut after_image)
            && matches!(spans.last(), Some((run, _))
            if run.style == face && run.size == size && run.rise == rise && run.font == glyph.font);
        if !continues {
            let run = GlyphRun {
                font: glyph.font,
                style: face,
                size,
                rise,
                x: Pt(x),
                scale,
                glyphs: Vec::new(),
            };
            spans.push((run, placed.len()));
        }
        x += glyph.advance;
        placed.push(glyph);
    }
    let mut runs: Vec<GlyphRun> = Vec::with_capacity(spans.len());
    let mut spans = spans.drain(..).peekable();
    while let Some((mut run, start)) = spans.next() {
        let end = spans.peek().map_or(placed.len(), |(_, next)| *next);
        run.glyphs = placed[start..end].to_vec();
        runs.push(run);
    }
    let mut links: Vec<LineLink> = link_spans
        .into_iter()
        .filter_map(|(link, x0, x1)| {
            let target = paragraph.links.get(link)?.clone()?;
            Some(LineLink {
                target,
                x0: Pt(x0),
                x1: Pt(x1),
            })
        })
        .collect();
    if style.align == Align::Center {
        let shift = Pt(((measure.0 - x) / 2.0).max(0.0));
        runs.iter_mut().for_each(|r| r.x += shift);
        images.iter_mut().for_each(|i| i.x += shift);
        links.iter_mut().for_each(|l| {
            l.x0 += shift;
            l.x1 += shift;
        });
    }
    SetLine {
        runs,
        hyphenated: line.hyphenated,
        notes: Vec::new(),
        ratio,
        width: Pt(x),
        links,
        images,
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
) -> (f32, impl Fn(f32) -> f32, f32) {
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
            Piece::Skip(width) | Piece::Image(_, width, _) => natural += width,
        }
    }
    let slack = measure.0 - natural;
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
    (scale, move |width: f32| width * per_point, ratio)
}
