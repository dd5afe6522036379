//! Figures on the grid: an image scaled to the measure (never past 300 pixels per
//! inch at its printed size, never taller than the text block with its caption),
//! centred, its caption below in smaller italic; the whole rounded up to grid lines
//! so that the text after it stays on the grid.
//!
//! A figure that does not fit in the rest of its page floats, as LaTeX's do: it
//! goes to the top of the next page and the text after it flows up into the gap.
//! The page breaker is not changed for this: after it has cut the pages, a figure
//! that opens a page after a page run short is taken out of the flow and hung on
//! the line that would open the next page once the gap is filled (that line grows
//! by the figure's height), and the story is cut again; the figure is drawn at the
//! top of whatever page that line lands on. Figures met while the text fills the
//! gap wait behind it, in order (a figure never overtakes another); when the text
//! runs out first, they follow the story's last line.

use super::grid::{GridBlock, GridContent, SetFigure, StoryBlocks};
use super::pagebreak::{paginate, LineInfo, Page, PageParams};
use crate::fonts::FontStyle;
use crate::lang::Lang;
use crate::model::{Figure, ImageAsset};
use crate::render::pdf::geometry::PageGeometry;
use crate::render::pdf::inline::{centred, MissingGlyph, Shaper};
use crate::units::Pt;

/// Captions are set at this fraction of the body size.
pub const CAPTION_SIZE: f32 = 0.9;
/// The finest an image is printed: more pixels than this per inch are wasted.
pub const MAX_PPI: f32 = 300.0;

/// The printed size of an image of `pixels` on `measure`, no taller than
/// `max_height`: as wide as the measure unless that is finer than `MAX_PPI`.
pub fn printed_size(pixels: (u32, u32), measure: Pt, max_height: Pt) -> (Pt, Pt) {
    let (w, h) = (pixels.0.max(1) as f32, pixels.1.max(1) as f32);
    let mut width = measure.0.min(w / MAX_PPI * 72.0);
    let mut height = width * h / w;
    if height > max_height.0 {
        height = max_height.0.max(1.0);
        width = height * w / h;
    }
    (Pt(width), Pt(height))
}

/// A figure as one grid block; its alt text in italic when the image is not in
/// the book (front and back matter are not searched for images).
pub(super) fn figure_block<'b>(
    figure: &Figure,
    images: &[ImageAsset],
    inset: Pt,
    paragraph: usize,
    shaper: &mut Shaper<'_>,
    geometry: &PageGeometry,
    language: &Lang,
) -> Result<GridBlock<'b>, MissingGlyph> {
    let measure = geometry.measure() - 2.0 * inset;
    let size = geometry.font_size * CAPTION_SIZE;
    let set_caption = |shaper: &mut Shaper<'_>, content| {
        centred(shaper, content, FontStyle::Italic, size, measure, language)
    };
    let Some(asset) = images.get(figure.image.id) else {
        let alt = [crate::model::Inline::Text(figure.image.alt.clone())];
        let lines = set_caption(shaper, &alt)?;
        let height = lines.len().max(1);
        return Ok(GridBlock::single(
            LineInfo {
                height_in_lines: height,
                ..LineInfo::text(paragraph, 0, 1)
            },
            GridContent::Centered(lines),
        ));
    };
    let caption = if figure.caption.is_empty() {
        Vec::new()
    } else {
        set_caption(shaper, &figure.caption)?
    };
    let leading = geometry.leading;
    let lpp = geometry.lines_per_page.max(2);
    let caption_lines = caption.len() + usize::from(!caption.is_empty());
    let max_image_lines = lpp.saturating_sub(caption_lines).max(2);
    let max_height = leading * (max_image_lines - 1) as f32;
    let (width, height) = printed_size((asset.width, asset.height), measure, max_height);
    let image_lines = ((height.0 / leading.0 - 1e-3).ceil() as usize + 1).min(max_image_lines);
    let set = SetFigure {
        image: figure.image.id,
        x: inset + (measure - width) * 0.5,
        width,
        height,
        image_lines,
        caption,
        caption_x: inset,
    };
    let info = LineInfo {
        height_in_lines: set.lines(),
        ..LineInfo::text(paragraph, 0, 1)
    };
    Ok(GridBlock::single(info, GridContent::Figure(Box::new(set))))
}

/// A figure taken out of the flow: drawn at the top of the page of line `line` (an
/// index of the flowed story's lines), which carries its height.
pub struct Float {
    pub line: usize,
    pub lines: usize,
    pub content: GridContent,
}

/// The pages of `blocks` with every figure that would leave a page short before
/// it floated to the next page's top (see the module's note), and the figures
/// floated.
pub(super) fn float_figures(
    blocks: &mut StoryBlocks<'_>,
    params: &PageParams,
    mut pages: Vec<Page>,
) -> (Vec<Page>, Vec<Float>) {
    // (block, line in block, figure) for each floated figure.
    let mut floated: Vec<(usize, usize, GridContent, usize)> = Vec::new();
    let mut tried = vec![false; blocks.blocks.len()];
    loop {
        let starts = block_starts(blocks);
        let candidate = (0..blocks.blocks.len()).find_map(|b| {
            if tried[b] || !is_figure(&blocks.blocks[b]) {
                return None;
            }
            let p = pages.iter().position(|page| page.first == starts[b])?;
            let short = pages.get(p.checked_sub(1)?)?.short_by;
            (short > 0).then_some((b, short))
        });
        let Some((b, short)) = candidate else {
            break;
        };
        tried[b] = true;
        let Some(deferral) = gap_filled_at(blocks, b, short, params.lines_per_page) else {
            continue;
        };
        let (anchor_block, anchor_line) = match deferral.anchor {
            Some(anchor) => anchor,
            None => {
                // The text runs out first: the figures follow it, on a line of
                // their own after the story's last.
                blocks.blocks.push(GridBlock::single(
                    LineInfo {
                        height_in_lines: 0,
                        ..LineInfo::text(usize::MAX, 0, 1)
                    },
                    GridContent::Centered(Vec::new()),
                ));
                tried.push(true);
                (blocks.blocks.len() - 1, 0)
            }
        };
        let mut total = 0;
        for figure_block in std::iter::once(b).chain(deferral.queued) {
            tried[figure_block] = true;
            let figure = &mut blocks.blocks[figure_block];
            let lines = figure.infos.first().map_or(0, |i| i.height_in_lines);
            let Some(content) = figure.contents.pop() else {
                continue;
            };
            figure.infos.clear();
            total += lines;
            floated.push((anchor_block, anchor_line, content, lines));
        }
        let anchor = &mut blocks.blocks[anchor_block];
        anchor.float = Some((anchor_line, total));
        if let Some(info) = anchor.infos.get_mut(anchor_line) {
            info.height_in_lines += total;
        }
        pages = paginate(blocks, params);
    }
    let starts = block_starts(blocks);
    let floats = floated
        .into_iter()
        .map(|(block, line, content, lines)| {
            let count = blocks.blocks[block].infos.len();
            Float {
                line: starts[block] + line.min(count.saturating_sub(1)),
                lines,
                content,
            }
        })
        .collect();
    (pages, floats)
}

/// Whether a grid block is a figure still in the flow.
fn is_figure(block: &GridBlock<'_>) -> bool {
    block.infos.len() == 1 && matches!(block.contents.first(), Some(GridContent::Figure(_)))
}

/// Where the figures deferred from a short page go.
#[derive(Debug, PartialEq)]
struct Deferral {
    /// The line (block, line in block) that opens the next page once the gap is
    /// filled, which carries them; `None`: the story's text runs out first.
    anchor: Option<(usize, usize)>,
    /// Figures met while filling the gap, which go after the first, in order:
    /// a figure never overtakes another.
    queued: Vec<usize>,
}

/// Where each block's lines start among the story's.
fn block_starts(blocks: &StoryBlocks<'_>) -> Vec<usize> {
    let mut at = 0;
    blocks
        .blocks
        .iter()
        .map(|block| {
            let start = at;
            at += block.infos.len();
            start
        })
        .collect()
}

/// Where the figure in block `figure` and those queued behind it go once `gap`
/// grid lines of the text after it fill the page before it (see [`Deferral`]).
/// `None` when that text is not plain lines of text (a heading, notes, a forced
/// break), or when the figures together would not fit on one page.
fn gap_filled_at(
    blocks: &StoryBlocks<'_>,
    figure: usize,
    gap: usize,
    lines_per_page: usize,
) -> Option<Deferral> {
    let mut filled = 0;
    let mut queued = Vec::new();
    let mut deferred_lines = blocks.blocks[figure].infos.first()?.height_in_lines;
    for (b, block) in blocks.blocks.iter().enumerate().skip(figure + 1) {
        if filled < gap && is_figure(block) {
            deferred_lines += block.infos[0].height_in_lines;
            queued.push(b);
            continue;
        }
        for (k, info) in block.infos.iter().enumerate() {
            if filled == gap {
                let free = !info.forced_page_break_before && block.float.is_none();
                // The figures and the line that carries them share a page.
                return (free && deferred_lines < lines_per_page).then_some(Deferral {
                    anchor: Some((b, k)),
                    queued,
                });
            }
            let plain = info.height_in_lines == 1
                && info.note_lines == 0
                && !info.forced_page_break_before
                && block.paragraph.is_some();
            if !plain {
                return None;
            }
            filled += 1;
        }
    }
    // Text that moves up past the figures; with none, nothing is gained.
    (filled > 0 && deferred_lines <= lines_per_page).then_some(Deferral {
        anchor: None,
        queued,
    })
}
