//! Tables on the grid, set in the booktabs manner: a heavier rule above the header
//! and below the last row, a lighter one under the header, no vertical rules; the
//! caption above, centred in italic. The cells are set by the inline engine in
//! slightly smaller type, ragged, aligned as the colons say.
//!
//! Columns take their natural widths when the table fits the measure (the table
//! is then centred); otherwise each keeps at least its widest word (and a few ems,
//! if its text is that wide) and the rest of the measure is shared out in
//! proportion to what each column would need beyond that, its text wrapping
//! within the cell.
//!
//! Every text line of a cell sits on a grid line and every row takes whole grid
//! lines, with a blank line above the table and one below it: the rules sit in
//! the space between lines, so the text after the table stays on the grid. Each
//! row is a line for the page breaker: a long table is split between rows (a row
//! taller than a page between its grid lines, in pieces), and a
//! row that opens a page brings the header (with its rules) above it.

use super::grid::{note_lines, GridBlock, GridContent, RowRule, SetRow};
use super::pagebreak::LineInfo;
use crate::fonts::FontStyle;
use crate::lang::Lang;
use crate::model::{ColumnAlign, Inline, Table};
use crate::render::pdf::geometry::{PageGeometry, Typesetting};
use crate::render::pdf::inline::{
    centred, Align, MissingGlyph, ParagraphStyle, PreparedParagraph, SetLine, Shaper,
};
use crate::units::Pt;

/// Cells are set at this fraction of the body size (the captions' size), smaller
/// still if the leading leaves no room for a rule between two rows.
const CELL_SIZE: f32 = 0.9;
/// The smallest the cells are set, as a fraction of the body size.
const MIN_CELL_SIZE: f32 = 0.6;
/// The room a rule needs between two rows' text, as a fraction of the body size.
const RULE_ROOM: f32 = 0.3;
/// The space between two columns, in ems of the cells' size (half of it outside
/// the first and the last, where the rules reach).
const COLUMN_GAP: f32 = 1.0;
/// A column is not made narrower than this many ems of the cells' size to make
/// the table fit, unless its text is narrower.
const MIN_COLUMN_EMS: f32 = 4.0;
/// The rules' thickness, in ems of the body size: the top and bottom ones, and the
/// one under the header (booktabs' 0.08 em and 0.05 em).
const HEAVY_RULE: f32 = 0.08;
const LIGHT_RULE: f32 = 0.05;
/// How far a cell's lowercase ascenders and descenders reach, in ems, beyond the
/// cap height and below the baseline: where the rules keep clear of.
const ASCENDER_OVER_CAP: f32 = 0.1;
const DESCENDER: f32 = 0.22;

/// A cell as prepared, with its natural width and its widest word.
struct Cell {
    content: Vec<Inline>,
    face: FontStyle,
    natural: Pt,
    widest: Pt,
}

/// The table as one grid block: its head (the blank line, the caption and the
/// header row) and then each row, one page-breaker line each.
#[allow(clippy::too_many_arguments)]
pub(super) fn table_block<'b>(
    table: &Table,
    inset: Pt,
    paragraph: usize,
    note_heights: &[usize],
    shaper: &mut Shaper<'_>,
    geometry: &PageGeometry,
    settings: &Typesetting,
    language: &Lang,
) -> Result<GridBlock<'b>, MissingGlyph> {
    let measure = geometry.measure() - 2.0 * inset;
    let body = geometry.font_size;
    let leading = geometry.leading;
    let cap = shaper.cap_height(FontStyle::Regular);
    // The cells' ascenders and descenders leave room for a rule between rows.
    let extent = cap + ASCENDER_OVER_CAP + DESCENDER;
    let size = Pt((body * CELL_SIZE)
        .0
        .min((leading - body * RULE_ROOM).0 / extent))
    .max(body * MIN_CELL_SIZE);
    let columns = table.columns.len().max(1);
    let gap = size * COLUMN_GAP;

    // Each cell measured on a line as long as it needs.
    let loose = ParagraphStyle {
        align: Align::Left,
        hyphenate: false,
        ..ParagraphStyle::text(settings, size, language, Pt(1.0e5))
    };
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    for (r, row) in table.rows().enumerate() {
        let face = if r == 0 {
            FontStyle::Italic
        } else {
            FontStyle::Regular
        };
        let style = ParagraphStyle {
            base: face,
            ..loose.clone()
        };
        let mut cells = Vec::with_capacity(columns);
        for content in row {
            let prepared = PreparedParagraph::new(shaper, content, &style)?;
            let lines = prepared.set(&prepared.break_lines(&style), &style);
            cells.push(Cell {
                content: content.clone(),
                face,
                natural: lines.iter().map(|l| l.width).fold(Pt::ZERO, Pt::max),
                widest: prepared.widest_word(),
            });
        }
        rows.push(cells);
    }
    let column = |c: usize, f: fn(&Cell) -> Pt| {
        rows.iter()
            .filter_map(|row| row.get(c))
            .map(f)
            .fold(Pt::ZERO, Pt::max)
    };
    let natural: Vec<Pt> = (0..columns)
        .map(|c| column(c, |cell| cell.natural))
        .collect();
    let widest: Vec<Pt> = (0..columns)
        .map(|c| column(c, |cell| cell.widest))
        .collect();
    let room = measure - gap * columns as f32;
    let widths = column_widths(&natural, &widest, room, size * MIN_COLUMN_EMS);
    let table_width = widths.iter().copied().sum::<Pt>() + gap * columns as f32;
    let left = inset + ((measure - table_width) * 0.5).max(Pt::ZERO);

    // The rules, in the space between two grid lines: `below(k)` is the middle of
    // the space under grid line `k` of a row, `k + 1` the line there.
    let ascent = size * (cap + ASCENDER_OVER_CAP);
    let descent = size * DESCENDER;
    let between = (leading + descent - ascent) * 0.5;
    let rule = |line: usize, thickness: f32| RowRule {
        x: left,
        middle: leading * line as f32 - leading + between,
        width: table_width,
        thickness: body * thickness,
    };

    // The head: a blank line, the caption, then the header row.
    let caption = if table.caption().is_empty() {
        Vec::new()
    } else {
        centred(
            shaper,
            table.caption(),
            FontStyle::Italic,
            body * super::figure::CAPTION_SIZE,
            measure,
            language,
        )?
    };
    let mut set_rows = Vec::with_capacity(rows.len());
    for cells in &rows {
        let mut lines = Vec::new();
        let mut x = left + gap * 0.5;
        for ((cell, &width), align) in cells.iter().zip(&widths).zip(&table.columns) {
            let style = ParagraphStyle {
                base: cell.face,
                hyphenate: settings.hyphenate,
                // A hair more than the column, so that a cell at its natural width
                // stays on one line.
                ..ParagraphStyle::text(settings, size, language, width + Pt(0.01))
            };
            let style = ParagraphStyle {
                align: Align::Left,
                ..style
            };
            let prepared = PreparedParagraph::new(shaper, &cell.content, &style)?;
            for (k, line) in prepared
                .set(&prepared.break_lines(&style), &style)
                .into_iter()
                .enumerate()
            {
                let slack = (width - line.width).max(Pt::ZERO);
                let shift = match align {
                    ColumnAlign::Right => slack,
                    ColumnAlign::Center => slack * 0.5,
                    ColumnAlign::Default | ColumnAlign::Left => Pt::ZERO,
                };
                lines.push((k, x + shift, line));
            }
            x += width + gap;
        }
        set_rows.push(lines);
    }
    let height =
        |lines: &[(usize, Pt, SetLine)]| lines.iter().map(|(k, ..)| k + 1).max().unwrap_or(1);
    let mut set_rows = set_rows.into_iter();
    let header = set_rows.next().unwrap_or_default();
    let header_height = height(&header);
    // The header as repeated at the top of a page: its own rules above and below.
    let repeat = SetRow {
        lines: header
            .iter()
            .map(|(k, x, line)| {
                let mut line = line.clone();
                line.notes.clear();
                (*k, *x, line)
            })
            .collect(),
        rules: vec![rule(0, HEAVY_RULE), rule(header_height, LIGHT_RULE)],
        closing_rule: None,
        repeat: None,
    };
    // A row taller than a page (with the header repeated above it) goes on
    // overleaf in pieces of whole grid lines, each piece a line for the breaker.
    let piece = geometry
        .lines_per_page
        .saturating_sub(header_height + 2)
        .max(1);
    let set_rows: Vec<Vec<(usize, Pt, SetLine)>> =
        set_rows.flat_map(|lines| split_row(lines, piece)).collect();
    let body_rows = set_rows.len();
    let count = body_rows + 1;
    let notes_of = |lines: &[(usize, Pt, SetLine)]| {
        let notes: Vec<usize> = lines.iter().flat_map(|(.., l)| l.notes.clone()).collect();
        note_lines(&notes, note_heights)
    };

    let mut infos = Vec::with_capacity(count);
    let mut contents = Vec::with_capacity(count);
    let above = 1 + caption.len();
    let mut head_lines: Vec<(usize, Pt, SetLine)> = caption
        .into_iter()
        .enumerate()
        .map(|(k, line)| (1 + k, inset, line))
        .collect();
    let head_notes = notes_of(&header);
    head_lines.extend(header.into_iter().map(|(k, x, line)| (above + k, x, line)));
    let mut head_rules = vec![rule(above, HEAVY_RULE)];
    let bottom = |last: usize| rule(last + 1, HEAVY_RULE);
    head_rules.push(if body_rows == 0 {
        bottom(above + header_height - 1)
    } else {
        rule(above + header_height, LIGHT_RULE)
    });
    infos.push(LineInfo {
        keep_with_next: body_rows > 0,
        height_in_lines: above + header_height + usize::from(body_rows == 0),
        note_lines: head_notes,
        ..LineInfo::text(paragraph, 0, count)
    });
    contents.push(GridContent::TableRow(Box::new(SetRow {
        lines: head_lines,
        rules: head_rules,
        closing_rule: Some(bottom(above + header_height - 1)),
        repeat: None,
    })));
    for (r, lines) in set_rows.into_iter().enumerate() {
        let last = r + 1 == body_rows;
        let row_height = height(&lines);
        infos.push(LineInfo {
            // The first row is not left alone under the header at a page's foot.
            keep_with_next: r == 0 && body_rows > 2,
            height_in_lines: row_height + usize::from(last),
            note_lines: notes_of(&lines),
            repeated_above: header_height,
            ..LineInfo::text(paragraph, r + 1, count)
        });
        let closing = bottom(row_height - 1);
        contents.push(GridContent::TableRow(Box::new(SetRow {
            lines,
            rules: if last { vec![closing] } else { Vec::new() },
            closing_rule: (!last).then_some(closing),
            repeat: Some(Box::new(repeat.clone())),
        })));
    }
    Ok(GridBlock {
        infos,
        contents,
        paragraph: None,
        float: None,
        space_above: 0,
    })
}

/// A row's text lines in pieces of at most `piece` grid lines (one piece when it
/// fits), each piece's lines counted from its own first grid line.
fn split_row(lines: Vec<(usize, Pt, SetLine)>, piece: usize) -> Vec<Vec<(usize, Pt, SetLine)>> {
    let height = lines.iter().map(|(k, ..)| k + 1).max().unwrap_or(1);
    let mut pieces: Vec<Vec<(usize, Pt, SetLine)>> = vec![Vec::new(); height.div_ceil(piece)];
    for (k, x, line) in lines {
        pieces[k / piece].push((k % piece, x, line));
    }
    pieces
}

/// The columns' widths: their natural widths if they fit in `room`; otherwise
/// each keeps its minimum (its widest word, or `least` if its text is that wide)
/// and the rest of `room` is shared in proportion to what each needs beyond it.
/// When even the minima do not fit, they are scaled down together (words then
/// break by force within their cells).
pub fn column_widths(natural: &[Pt], widest: &[Pt], room: Pt, least: Pt) -> Vec<Pt> {
    let room = room.max(Pt(1.0));
    let total: Pt = natural.iter().copied().sum();
    if total <= room {
        return natural.to_vec();
    }
    let minima: Vec<Pt> = natural
        .iter()
        .zip(widest)
        .map(|(&n, &w)| w.max(n.min(least)).min(n))
        .collect();
    let floor: Pt = minima.iter().copied().sum();
    if floor >= room {
        let scale = room.0 / floor.0.max(1e-3);
        return minima.iter().map(|&m| m * scale).collect();
    }
    let wanted: Pt = natural.iter().zip(&minima).map(|(&n, &m)| n - m).sum();
    let share = (room - floor).0 / wanted.0.max(1e-3);
    natural
        .iter()
        .zip(&minima)
        .map(|(&n, &m)| m + (n - m) * share)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_keep_their_natural_widths_when_they_fit() {
        let natural = [Pt(50.0), Pt(80.0)];
        let widths = column_widths(&natural, &[Pt(20.0), Pt(30.0)], Pt(200.0), Pt(40.0));
        assert_eq!(widths, natural);
    }

    #[test]
    fn wide_columns_shrink_in_proportion_down_to_their_minimum() {
        // Needs 400 in 200: the short column keeps its 30, the others share the
        // rest by what they need beyond their minimum (40 each).
        let natural = [Pt(30.0), Pt(170.0), Pt(200.0)];
        let widest = [Pt(30.0), Pt(25.0), Pt(35.0)];
        let widths = column_widths(&natural, &widest, Pt(200.0), Pt(40.0));
        let sum: f32 = widths.iter().map(|w| w.0).sum();
        assert!((sum - 200.0).abs() < 0.01, "{widths:?}");
        assert_eq!(widths[0], Pt(30.0));
        assert!(widths[1] >= Pt(40.0) && widths[2] > widths[1], "{widths:?}");
        let ratio = (widths[1].0 - 40.0) / (widths[2].0 - 40.0);
        assert!((ratio - 130.0 / 160.0).abs() < 0.01, "{widths:?}");
    }

    #[test]
    fn minima_wider_than_the_room_are_scaled_to_it() {
        let natural = [Pt(300.0), Pt(300.0)];
        let widest = [Pt(150.0), Pt(50.0)];
        let widths = column_widths(&natural, &widest, Pt(100.0), Pt(40.0));
        assert!((widths[0].0 - 75.0).abs() < 0.01 && (widths[1].0 - 25.0).abs() < 0.01);
    }
}
