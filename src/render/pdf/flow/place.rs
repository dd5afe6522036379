//! Placement: a flowed story's lines onto its pages, at the left edge of the text
//! block (mirrored from page to page) and on the grid's baselines, with the
//! footnotes referenced on each page at its foot. The flow's output: `ComposedPage`s.

use super::grid::GridContent;
use super::grid::SetFigure;
use super::grid::{RowRule, SetRow};
use super::input::FlowInput;
use super::pagebreak::PageParams;
use super::story::{flow, Flowed};
use crate::render::pdf::geometry::{PageGeometry, Typesetting};
use crate::render::pdf::inline::{GlyphRun, LinkTarget, MissingGlyph, SetLine, Shaper};
use crate::units::Pt;

#[derive(Debug, Clone, PartialEq)]
pub struct PlacedRun {
    pub run: GlyphRun,
    /// Left edge of the run on the page, and its baseline from the top of the page.
    pub x: Pt,
    pub baseline: Pt,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    Front,
    Opener,
    Body,
    Blank,
    Back,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ComposedPage {
    pub kind: PageKind,
    pub runs: Vec<PlacedRun>,
    /// Body lines on the page, with their adjustment ratios (for invariants and tests).
    pub body_ratios: Vec<f32>,
    /// Index of the story shown on this page, if any.
    pub story: Option<usize>,
    /// Grid line of the last body baseline (or footnote), for full-page checks.
    pub last_grid_line: Option<usize>,
    /// Filled rectangles, e.g. the rule above footnotes.
    pub rules: Vec<Rule>,
    /// The links in the text, for link annotations.
    pub links: Vec<PageLink>,
    /// The headings a cross-reference can land on: id, and top from the top of
    /// the page.
    pub anchors: Vec<(String, Pt)>,
    /// The images drawn on the page.
    pub images: Vec<PlacedImage>,
}

/// An image on a page: which of the book's, its left edge and top from the top
/// left of the page, and its printed size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlacedImage {
    pub image: usize,
    pub x: Pt,
    pub top: Pt,
    pub width: Pt,
    pub height: Pt,
}

/// A link on a page: where it leads, and its rectangle as left, top, right,
/// bottom from the page's top left.
#[derive(Debug, Clone, PartialEq)]
pub struct PageLink {
    pub target: LinkTarget,
    pub rect: [Pt; 4],
}

/// A filled rectangle: its left edge and top from the top of the page, its size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    pub x: Pt,
    pub top: Pt,
    pub width: Pt,
    pub height: Pt,
}

pub fn blank_page() -> ComposedPage {
    ComposedPage {
        kind: PageKind::Blank,
        runs: Vec::new(),
        body_ratios: Vec::new(),
        story: None,
        last_grid_line: None,
        rules: Vec::new(),
        links: Vec::new(),
        anchors: Vec::new(),
        images: Vec::new(),
    }
}

/// Places `lines` at `left` from grid line `*grid` on, `step` grid lines apart,
/// and leaves `*grid` after the last.
pub fn place_lines(
    page: &mut ComposedPage,
    lines: &[SetLine],
    left: Pt,
    geometry: &PageGeometry,
    grid: &mut usize,
    step: usize,
) {
    for line in lines {
        let baseline = geometry.baseline(*grid);
        place_links_and_images(page, line, left, baseline, line_size(line));
        place_line(&mut page.runs, line, left, baseline);
        *grid += step;
    }
}

/// Places a line's runs at `left` on `baseline`, taking them: the story's set lines
/// are not needed again.
fn place_runs(runs: &mut Vec<PlacedRun>, line_runs: Vec<GlyphRun>, left: Pt, baseline: Pt) {
    runs.extend(line_runs.into_iter().map(|run| PlacedRun {
        x: left + run.x,
        baseline,
        run,
    }));
}

/// `place_runs` for a line that is kept (matter, notes, furniture).
pub fn place_line(runs: &mut Vec<PlacedRun>, line: &SetLine, left: Pt, baseline: Pt) {
    place_runs(runs, line.runs.clone(), left, baseline);
}

/// A story or a section flowed onto the grid, cut into pages whose first page has
/// number `first_number` in its sequence, and placed: the flow from end to end.
pub fn flowed_pages(
    input: &FlowInput<'_>,
    story_index: Option<usize>,
    shaper: &mut Shaper<'_>,
    geometry: &PageGeometry,
    settings: &Typesetting,
    first_number: usize,
) -> Result<Vec<ComposedPage>, MissingGlyph> {
    let params = PageParams {
        lines_per_page: geometry.lines_per_page,
        widow_orphan_control: settings.widow_orphan_control,
        first_page_number: first_number,
    };
    let flowed = flow(input, shaper, geometry, settings, &params)?;
    Ok(placed_pages(flowed, story_index, geometry, first_number))
}

/// A flowed story's pages, its lines placed on the grid; `first_number` is the
/// page number of its first page (for the side of the gutter). The story's set
/// lines move onto the pages rather than being copied: they are most of the
/// memory a long book takes.
pub fn placed_pages(
    flowed: Flowed,
    story_index: Option<usize>,
    geometry: &PageGeometry,
    first_number: usize,
) -> Vec<ComposedPage> {
    let Flowed {
        lines,
        contents,
        pages,
        notes,
        anchors,
        mut floats,
    } = flowed;
    let mut contents: Vec<Option<GridContent>> = contents.into_iter().map(Some).collect();
    let mut out = Vec::with_capacity(pages.len());
    for (page_in_story, page) in pages.iter().enumerate() {
        let number = first_number + out.len();
        let left = geometry.left(number);
        let mut composed = ComposedPage {
            kind: if page_in_story == 0 {
                PageKind::Opener
            } else {
                PageKind::Body
            },
            runs: Vec::new(),
            body_ratios: Vec::new(),
            story: story_index,
            last_grid_line: None,
            rules: Vec::new(),
            links: Vec::new(),
            anchors: Vec::new(),
            images: Vec::new(),
        };
        // The footnotes referenced on the page, in order of first reference.
        let mut page_notes: Vec<usize> = Vec::new();
        let mut grid_line = 0;
        // Figures floated here go at the top; the lines that carry them give back
        // their height.
        let mut carried = vec![0; page.end - page.first];
        for float in floats.iter_mut() {
            if (page.first..page.end).contains(&float.line) {
                if let GridContent::Figure(figure) = &mut float.content {
                    let figure = std::mem::replace(figure, Box::new(figure.empty()));
                    place_figure(&mut composed, *figure, left, grid_line, geometry);
                }
                grid_line += float.lines;
                carried[float.line - page.first] += float.lines;
            }
        }
        for (k, (info, content)) in lines[page.first..page.end]
            .iter()
            .zip(&mut contents[page.first..page.end])
            .enumerate()
        {
            // The space above a line is left out at the page's top.
            if k > 0 {
                grid_line += info.space_above;
            }
            let height = info
                .height_in_lines
                .saturating_sub(carried[k])
                .saturating_sub(info.space_above);
            for (_, id) in anchors.iter().filter(|(at, _)| *at == page.first + k) {
                // The top of the heading's space: a reader lands just above it.
                let top = geometry.baseline(grid_line) - geometry.leading;
                composed.anchors.push((id.clone(), top));
            }
            match content.take() {
                Some(GridContent::Line(line, inset)) => {
                    composed.body_ratios.push(line.ratio);
                    composed.last_grid_line = Some(grid_line);
                    let baseline = geometry.baseline(grid_line);
                    let size = geometry.font_size;
                    place_text(
                        &mut composed,
                        &mut page_notes,
                        line,
                        left + inset,
                        baseline,
                        size,
                    );
                }
                Some(GridContent::TableRow(row)) => {
                    let mut row = *row;
                    // A row that opens a page brings the header (`repeated_above`).
                    if let (0, Some(header)) = (k, row.repeat.take()) {
                        let notes = &mut page_notes;
                        place_row(&mut composed, notes, *header, left, grid_line, geometry);
                        grid_line += info.repeated_above;
                    }
                    let closing = row.closing_rule;
                    place_row(
                        &mut composed,
                        &mut page_notes,
                        row,
                        left,
                        grid_line,
                        geometry,
                    );
                    // A table that goes on overleaf is closed on this page.
                    if let (true, Some(rule)) = (page.first + k + 1 == page.end, closing) {
                        composed
                            .rules
                            .push(table_rule(rule, left, grid_line, geometry));
                    }
                }
                Some(GridContent::Opener(set)) => {
                    for (line, at) in set {
                        place_runs(&mut composed.runs, line.runs, left, geometry.baseline(at));
                    }
                }
                Some(GridContent::Centered(set)) => {
                    let middle = grid_line + height / 2;
                    let first = middle + 1 - set.len().min(middle + 1);
                    for (k, line) in set.into_iter().enumerate() {
                        let baseline = geometry.baseline(first + k);
                        // A heading's footnotes go at the foot of its page.
                        add_notes(&mut page_notes, &line.notes);
                        place_links_and_images(
                            &mut composed,
                            &line,
                            left,
                            baseline,
                            line_size(&line),
                        );
                        place_runs(&mut composed.runs, line.runs, left, baseline);
                    }
                }
                Some(GridContent::Figure(figure)) => {
                    place_figure(&mut composed, *figure, left, grid_line, geometry);
                }
                None => {}
            }
            grid_line += height;
        }
        place_notes(&mut composed, &notes, &page_notes, left, geometry);
        out.push(composed);
    }
    out
}

/// A line of text at `x` on `baseline`, with its links, inline images and the
/// footnotes it references (added to the page's, in order).
fn place_text(
    composed: &mut ComposedPage,
    page_notes: &mut Vec<usize>,
    line: SetLine,
    x: Pt,
    baseline: Pt,
    size: Pt,
) {
    add_notes(page_notes, &line.notes);
    place_links_and_images(composed, &line, x, baseline, size);
    place_runs(&mut composed.runs, line.runs, x, baseline);
}

/// Adds the footnotes a line references to the page's, each once, in order of
/// first reference.
fn add_notes(page_notes: &mut Vec<usize>, notes: &[usize]) {
    for &note in notes {
        if !page_notes.contains(&note) {
            page_notes.push(note);
        }
    }
}

/// The links (as annotations' rectangles, for type of `size`) and the inline
/// images of a line at `x` on `baseline`: wherever a line is placed, in the text,
/// a heading, a caption, a note or the matter, they go with it.
fn place_links_and_images(
    composed: &mut ComposedPage,
    line: &SetLine,
    x: Pt,
    baseline: Pt,
    size: Pt,
) {
    composed.links.extend(line.links.iter().map(|l| PageLink {
        target: l.target.clone(),
        rect: [
            x + l.x0,
            baseline - size * 0.8,
            x + l.x1,
            baseline + size * 0.25,
        ],
    }));
    composed
        .images
        .extend(line.images.iter().map(|image| PlacedImage {
            image: image.image,
            x: x + image.x,
            top: baseline - image.height,
            width: image.width,
            height: image.height,
        }));
}

/// The largest type on a line (a heading's, a note's), which its links cover.
fn line_size(line: &SetLine) -> Pt {
    Pt(line.runs.iter().map(|run| run.size.0).fold(0.0, f32::max))
}

/// A table's row (or head, or repeated header) from grid line `grid_line` down.
fn place_row(
    composed: &mut ComposedPage,
    page_notes: &mut Vec<usize>,
    row: SetRow,
    left: Pt,
    grid_line: usize,
    geometry: &PageGeometry,
) {
    for rule in row.rules {
        composed
            .rules
            .push(table_rule(rule, left, grid_line, geometry));
    }
    for (k, x, line) in row.lines {
        let baseline = geometry.baseline(grid_line + k);
        place_text(
            composed,
            page_notes,
            line,
            left + x,
            baseline,
            geometry.font_size,
        );
        composed.last_grid_line = composed.last_grid_line.max(Some(grid_line + k));
    }
}

/// A table's rule for a row whose first grid line is `grid_line`.
fn table_rule(rule: RowRule, left: Pt, grid_line: usize, geometry: &PageGeometry) -> Rule {
    Rule {
        x: left + rule.x,
        top: geometry.baseline(grid_line) + rule.middle - rule.thickness * 0.5,
        width: rule.width,
        height: rule.thickness,
    }
}

/// A figure from grid line `grid_line` down: its image centred in its lines,
/// its caption on the grid lines below.
fn place_figure(
    composed: &mut ComposedPage,
    figure: SetFigure,
    left: Pt,
    grid_line: usize,
    geometry: &PageGeometry,
) {
    // The image's lines reach from the first's ascenders to the last's descenders.
    let region_top = geometry.baseline(grid_line) - geometry.leading * 0.75;
    let room = geometry.leading * figure.image_lines as f32;
    composed.images.push(PlacedImage {
        image: figure.image,
        x: left + figure.x,
        top: region_top + (room - figure.height) * 0.5,
        width: figure.width,
        height: figure.height,
    });
    let first = grid_line + figure.image_lines;
    let last = grid_line + figure.lines().saturating_sub(1);
    for (k, line) in figure.caption.into_iter().enumerate() {
        let (x, baseline) = (left + figure.caption_x, geometry.baseline(first + k));
        place_links_and_images(composed, &line, x, baseline, line_size(&line));
        place_runs(&mut composed.runs, line.runs, x, baseline);
    }
    composed.last_grid_line = composed.last_grid_line.max(Some(last));
}

/// The footnotes referenced on a page, at its foot: the last grid lines hold their
/// lines, and the one above them a short rule.
fn place_notes(
    composed: &mut ComposedPage,
    notes: &[Vec<SetLine>],
    referenced: &[usize],
    left: Pt,
    geometry: &PageGeometry,
) {
    let lines: Vec<&SetLine> = referenced
        .iter()
        .filter_map(|&n| notes.get(n))
        .flatten()
        .collect();
    if lines.is_empty() {
        return;
    }
    let last = geometry.lines_per_page - 1;
    let first = (last + 1).saturating_sub(lines.len());
    for (k, line) in lines.iter().enumerate() {
        let baseline = geometry.baseline(first + k);
        place_links_and_images(composed, line, left, baseline, line_size(line));
        place_line(&mut composed.runs, line, left, baseline);
    }
    // The rule sits a little above the x-height of the separating grid line.
    if first > 0 {
        let baseline = geometry.baseline(first - 1);
        composed.rules.push(Rule {
            x: left,
            top: baseline - geometry.font_size * 0.3,
            width: geometry.measure() * 0.3,
            height: Pt(0.4),
        });
    }
    composed.last_grid_line = Some(last);
}
