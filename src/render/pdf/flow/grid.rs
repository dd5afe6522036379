//! A story's blocks as slots on the baseline grid, as the page breaker sees them:
//! each paragraph's lines, and the other settings (a line longer or shorter,
//! within the spacing tolerance) it offers where a page would otherwise run short.

use super::pagebreak::{LineInfo, Reflow, Setting};
use crate::render::pdf::inline::items::Line;
use crate::render::pdf::inline::{
    GlyphRun, ParagraphStyle, PreparedParagraph, SetLine, LINE_BREAK_PARAMS,
};
use crate::units::Pt;

/// How much looser than its natural setting's worst line (in adjustment ratio) a
/// paragraph may be set to move a line. What a looser setting costs
/// (`LOOSE_LINE_COST`) keeps loose lines rare; this bound keeps out the worst.
const MOVED_LINE_SLACK: f32 = 0.6;
/// Paragraphs longer than this are only set one way.
const REFLOW_MAX_LINES: usize = 60;
/// What moving a line costs the page breaker, before any loosening: less than a
/// page short, more than nothing, so lines move only where pages gain from it.
const MOVED_LINE_COST: u64 = 100;
/// What a moved line costs when it makes a line loose (ratio above 1), against a
/// spread run one line short (`pagebreak`'s 10,000): a tie-breaker among moves, so
/// that loose lines go where no tight or barely looser move does.
const LOOSE_LINE_COST: u64 = 1_500;
/// What each hyphen a moved setting adds to the paragraph's costs: moving lines
/// against widows and orphans had added 0.6% hyphenated lines to Anna Karenina
/// (typometer, 12.7% without the control, 13.3% with it). At this cost a move
/// that needs a new hyphen comes after one that does not, and a spread one line
/// short (10,000) still costs more than a move with four.
const ADDED_HYPHEN_COST: u64 = 2_000;

/// What occupies a slot of the grid.
pub enum GridContent {
    Line(SetLine, Pt),
    Opener(Vec<(SetLine, usize)>),
    /// Headings and scene breaks: set lines centred on the middle grid line.
    Centered(Vec<SetLine>),
    /// An image with its caption (see `figure`).
    Figure(Box<SetFigure>),
    /// A table's row, or its head (see `table`).
    TableRow(Box<SetRow>),
}

/// A figure as set: which image, at what size and where across the measure, its
/// grid lines, and its caption's lines.
#[derive(Debug, Clone)]
pub struct SetFigure {
    /// An index of `Book::images`.
    pub image: usize,
    /// From the text block's left edge.
    pub x: Pt,
    pub width: Pt,
    pub height: Pt,
    /// Grid lines the image takes, with half a line or more above and below it.
    pub image_lines: usize,
    pub caption: Vec<SetLine>,
    /// The caption's left edge from the text block's.
    pub caption_x: Pt,
}

impl SetFigure {
    /// A figure with nothing in it, left behind when one is moved out.
    pub fn empty(&self) -> SetFigure {
        SetFigure {
            caption: Vec::new(),
            ..*self
        }
    }

    /// Grid lines the whole figure takes: the image's, the caption's and a blank
    /// line after a caption.
    pub fn lines(&self) -> usize {
        self.image_lines + self.caption.len() + usize::from(!self.caption.is_empty())
    }
}

/// One row of a table as set, and what goes with it: the blank line and the
/// caption above the first, the rules. Positions are from the row's first grid
/// line (its top) and from the text block's left edge.
#[derive(Debug, Clone)]
pub struct SetRow {
    /// Each text line: its grid line from the row's first, its left edge.
    pub lines: Vec<(usize, Pt, SetLine)>,
    /// Rules drawn with the row.
    pub rules: Vec<RowRule>,
    /// Drawn under the row when a page ends after it and the table goes on.
    pub closing_rule: Option<RowRule>,
    /// The header, with its rules, drawn above the row when it opens a page (its
    /// grid lines are the row's `LineInfo::repeated_above`).
    pub repeat: Option<Box<SetRow>>,
}

/// A rule across the table: its left edge, its middle from the baseline of the
/// row's first grid line (negative: above it), its width and thickness.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RowRule {
    pub x: Pt,
    pub middle: Pt,
    pub width: Pt,
    pub thickness: Pt,
}

/// One block's slots, and for paragraphs what is needed to set them again.
pub(super) struct GridBlock<'b> {
    pub(super) infos: Vec<LineInfo>,
    pub(super) contents: Vec<GridContent>,
    pub(super) paragraph: Option<Reflowable<'b>>,
    /// A floated figure hung on one of its lines: (line, the figure's grid lines),
    /// added to that line's height in every setting (see `figure`).
    pub(super) float: Option<(usize, usize)>,
    /// Blank grid lines above the block (left out at a page's top), in every
    /// setting.
    pub(super) space_above: usize,
}

impl GridBlock<'_> {
    pub(super) fn single(info: LineInfo, content: GridContent) -> Self {
        GridBlock {
            infos: vec![info],
            contents: vec![content],
            paragraph: None,
            float: None,
            space_above: 0,
        }
    }

    /// The block with `lines` blank grid lines above it (see `LineInfo::space_above`).
    pub(super) fn with_space_above(mut self, lines: usize) -> Self {
        self.space_above = lines;
        self.infos = with_space(std::mem::take(&mut self.infos), lines);
        self
    }
}

/// `infos` with `lines` blank grid lines above the first.
fn with_space(mut infos: Vec<LineInfo>, lines: usize) -> Vec<LineInfo> {
    if let Some(first) = infos.first_mut() {
        first.height_in_lines += lines;
        first.space_above += lines;
    }
    infos
}

/// `infos` with a floated figure's height on its line (the last, if there are
/// fewer lines).
fn with_float(mut infos: Vec<LineInfo>, float: Option<(usize, usize)>) -> Vec<LineInfo> {
    if let Some((line, lines)) = float {
        let last = infos.len().saturating_sub(1);
        if let Some(info) = infos.get_mut(line.min(last)) {
            info.height_in_lines += lines;
        }
    }
    infos
}

/// A paragraph that can be set again with a line more or fewer.
pub(super) struct Reflowable<'b> {
    pub(super) prepared: PreparedParagraph,
    pub(super) style: ParagraphStyle<'b>,
    pub(super) inset: Pt,
    pub(super) paragraph: usize,
    /// Other settings' breaks by line-count change (−1 or 1), once offered to the
    /// page breaker.
    pub(super) breaks: Vec<(isize, Vec<Line>)>,
    /// Runs placed with the first line, left of its text: a drop cap (a line
    /// lower) or a list item's marker (in the indent).
    pub(super) beside_first_line: Vec<GlyphRun>,
}

/// A story's blocks as the page breaker sees them: paragraphs offer other settings.
pub(super) struct StoryBlocks<'b> {
    pub(super) blocks: Vec<GridBlock<'b>>,
    /// Grid lines of each footnote.
    pub(super) note_heights: Vec<usize>,
}

impl Reflow for StoryBlocks<'_> {
    fn block_count(&self) -> usize {
        self.blocks.len()
    }

    fn settings(&mut self, index: usize) -> Vec<Setting> {
        let block = &mut self.blocks[index];
        let natural = Setting {
            change: 0,
            lines: block.infos.clone(),
            cost: 0,
        };
        let Some(reflowable) = &mut block.paragraph else {
            return vec![natural];
        };
        // A one-line paragraph cannot lose a line, nor gain one within the tolerance;
        // a very long one has settings enough in its neighbours, and telling all its
        // line counts apart would cost more than the rest of the story.
        if !(2..=REFLOW_MAX_LINES).contains(&block.infos.len()) {
            return vec![natural];
        }
        // No line of another setting may be much looser than the worst of the
        // natural one, or than the first pass allows.
        let worst = |ratios: &mut dyn Iterator<Item = f32>| ratios.fold(0.0, f32::max);
        let last = block.contents.len().saturating_sub(1);
        let natural_worst = worst(&mut block.contents[..last].iter().map(|c| match c {
            GridContent::Line(line, _) => line.ratio,
            _ => 0.0,
        }));
        let limit = natural_worst.max(LINE_BREAK_PARAMS.pretolerance) + MOVED_LINE_SLACK;
        let natural_hyphens = block
            .contents
            .iter()
            .filter(|c| matches!(c, GridContent::Line(line, _) if line.hyphenated))
            .count();
        let count = block.infos.len() as isize;
        let mut settings = vec![natural];
        let mut others = Vec::new();
        // Only a line more or fewer is offered.
        let wanted = [block.infos.len() - 1, block.infos.len() + 1];
        for lines in reflowable
            .prepared
            .breaks_by_count(&reflowable.style, limit, &wanted)
        {
            let change = lines.len() as isize - count;
            let last = lines.len().saturating_sub(1);
            let looser = worst(&mut lines[..last].iter().map(|l| l.ratio));
            // Two-line paragraphs stay whole; one setting per change.
            if change.abs() != 1 || lines.len() < 2 || looser > limit {
                continue;
            }
            let notes =
                |line: &Line| note_lines(&reflowable.prepared.notes_in(line), &self.note_heights);
            let infos = line_infos(&lines, reflowable.paragraph, notes);
            let infos = with_space(with_float(infos, block.float), block.space_above);
            // Tighter settings and those barely looser than the natural one first; a
            // setting with a loose line (spaces stretched past 1.5 times) costs more.
            let loosening = ((looser - natural_worst).max(0.0) * 1000.0) as u64;
            let loose = if looser > 1.0 && looser > natural_worst {
                LOOSE_LINE_COST
            } else {
                0
            };
            let added_hyphens = lines
                .iter()
                .filter(|l| l.hyphenated)
                .count()
                .saturating_sub(natural_hyphens);
            let cost =
                MOVED_LINE_COST + loosening + loose + ADDED_HYPHEN_COST * added_hyphens as u64;
            settings.push(Setting {
                change,
                lines: infos,
                cost,
            });
            others.push((change, lines));
        }
        reflowable.breaks = others;
        settings
    }

    fn choose(&mut self, index: usize, change: isize) {
        let block = &mut self.blocks[index];
        let Some(reflowable) = &block.paragraph else {
            return;
        };
        let Some((_, lines)) = reflowable.breaks.iter().find(|(c, _)| *c == change) else {
            return;
        };
        let set = reflowable.prepared.set(lines, &reflowable.style);
        let (infos, contents) = grid_lines(set, reflowable, &self.note_heights);
        block.infos = with_space(with_float(infos, block.float), block.space_above);
        block.contents = contents;
    }
}

/// The page breaker's view of a paragraph's lines.
pub(super) fn line_infos(
    lines: &[Line],
    paragraph: usize,
    notes: impl Fn(&Line) -> usize,
) -> Vec<LineInfo> {
    let count = lines.len();
    lines
        .iter()
        .enumerate()
        .map(|(k, line)| LineInfo {
            hyphenated: line.hyphenated,
            note_lines: notes(line),
            ..LineInfo::text(paragraph, k, count)
        })
        .collect()
}

/// Grid lines the footnotes `notes` take.
pub(super) fn note_lines(notes: &[usize], heights: &[usize]) -> usize {
    notes
        .iter()
        .map(|&n| heights.get(n).copied().unwrap_or(0))
        .sum()
}

/// A paragraph's set lines as grid slots, the first ones moved right of its drop
/// cap if it has one; what goes beside the first line is drawn with it.
fn grid_lines(
    set: Vec<SetLine>,
    reflowable: &Reflowable<'_>,
    note_heights: &[usize],
) -> (Vec<LineInfo>, Vec<GridContent>) {
    let count = set.len();
    let mut infos = Vec::with_capacity(count);
    let mut contents = Vec::with_capacity(count);
    let (hanging_lines, hanging_width) = reflowable.style.hanging;
    for (k, mut line) in set.into_iter().enumerate() {
        let mut inset = reflowable.inset;
        if k < hanging_lines {
            inset += hanging_width;
        }
        if k == 0 {
            line.runs
                .splice(0..0, reflowable.beside_first_line.iter().cloned());
        }
        infos.push(LineInfo {
            paragraph: reflowable.paragraph,
            index_in_paragraph: k,
            lines_in_paragraph: count,
            hyphenated: line.hyphenated,
            keep_with_next: false,
            height_in_lines: 1,
            forced_page_break_before: false,
            note_lines: note_lines(&line.notes, note_heights),
            repeated_above: 0,
            space_above: 0,
        });
        contents.push(GridContent::Line(line, inset));
    }
    (infos, contents)
}

pub(super) fn paragraph_block<'b>(
    reflowable: Reflowable<'b>,
    note_heights: &[usize],
) -> GridBlock<'b> {
    let (prepared, style) = (&reflowable.prepared, &reflowable.style);
    let set = prepared.set(&prepared.break_lines(style), style);
    let (infos, contents) = grid_lines(set, &reflowable, note_heights);
    GridBlock {
        infos,
        contents,
        paragraph: Some(reflowable),
        float: None,
        space_above: 0,
    }
}

pub(super) fn single_slot<'b>(info: LineInfo, content: GridContent) -> GridBlock<'b> {
    GridBlock::single(info, content)
}

pub(super) fn keep_with_next(paragraph: usize, height_in_lines: usize, forced: bool) -> LineInfo {
    LineInfo {
        paragraph,
        index_in_paragraph: 0,
        lines_in_paragraph: 1,
        hyphenated: false,
        keep_with_next: true,
        height_in_lines,
        forced_page_break_before: forced,
        note_lines: 0,
        repeated_above: 0,
        space_above: 0,
    }
}
