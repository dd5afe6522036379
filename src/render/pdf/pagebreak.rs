//! Page breaking on a baseline grid: every page holds `lines_per_page` grid lines.
//! Dynamic programming over break positions minimises (rule violations, short-page
//! cost), so widows, orphans, hyphens and keep-with-next lines stay off page ends
//! whenever possible and facing pages run short together.
//!
//! Last resorts (never a panic or a stall): a block taller than a page gets a page
//! to itself (reported with `short_by == 0`); when no layout obeys every rule, the
//! one with the fewest broken rules is chosen; `lines_per_page == 0` acts as 1.

#[derive(Debug, Clone, PartialEq)]
pub struct LineInfo {
    /// Index of the paragraph (or heading) this line belongs to.
    pub paragraph: usize,
    pub index_in_paragraph: usize,
    pub lines_in_paragraph: usize,
    /// Line ends with a hyphen: it must not be the last line of a page.
    pub hyphenated: bool,
    /// E.g. a heading line or a scene-break ornament: never the last thing on a page.
    pub keep_with_next: bool,
    /// Grid lines it occupies (1 for text; 2–3 for a heading plus its space).
    pub height_in_lines: usize,
    /// E.g. a new story starts on a new page.
    pub forced_page_break_before: bool,
}

impl LineInfo {
    /// A plain one-grid-line text line.
    pub fn text(paragraph: usize, index_in_paragraph: usize, lines_in_paragraph: usize) -> Self {
        LineInfo {
            paragraph,
            index_in_paragraph,
            lines_in_paragraph,
            hyphenated: false,
            keep_with_next: false,
            height_in_lines: 1,
            forced_page_break_before: false,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct PageParams {
    pub lines_per_page: usize,
    /// At least two lines of a split paragraph at the bottom and at the top of pages.
    pub widow_orphan_control: bool,
    /// Absolute (1-based) number of the first page produced. Odd numbers are rectos;
    /// spreads are (even verso, following odd recto), so page 1 faces nothing.
    pub first_page_number: usize,
}

impl PageParams {
    pub fn new(lines_per_page: usize) -> Self {
        PageParams {
            lines_per_page,
            widow_orphan_control: true,
            first_page_number: 1,
        }
    }

    pub fn first_page_is_recto(&self) -> bool {
        self.first_page_number % 2 == 1
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub first: usize,
    /// Exclusive.
    pub end: usize,
    /// Grid lines left empty at the bottom.
    pub short_by: usize,
}

/// Cost of any short page that is not allowed to be short (end of story or input).
const SHORT_PAGE: u64 = 1000;
const SHORT_LINE: u64 = 1000;
/// Facing pages short by different amounts; larger than one short page so that
/// matching the facing page's shortness wins over leaving it full.
const SPREAD_MISMATCH: u64 = 3000;

/// (rule violations, cost): any layout with fewer broken rules wins outright.
type Cost = (u64, u64);

/// DP state at a break position: which kind of page comes next.
/// 0: a verso; 1: a recto facing nothing that constrains it; 2 + k: a recto whose
/// verso ran short by k lines (k == 0 means the verso was full).
fn facing_short(state: usize) -> Option<usize> {
    state.checked_sub(2)
}

#[derive(Clone, Copy)]
struct Entry {
    cost: Cost,
    prev_pos: usize,
    prev_state: usize,
}

/// Breaks a sequence of grid blocks into pages. Pages partition `lines` in order.
pub fn break_pages(lines: &[LineInfo], params: &PageParams) -> Vec<Page> {
    let n = lines.len();
    if n == 0 {
        return Vec::new();
    }
    let lpp = params.lines_per_page.max(1);
    let states = lpp + 3;
    let mut best: Vec<Option<Entry>> = vec![None; (n + 1) * states];
    let start_state = if params.first_page_is_recto() { 1 } else { 0 };
    best[start_state] = Some(Entry {
        cost: (0, 0),
        prev_pos: 0,
        prev_state: 0,
    });
    for s in 0..n {
        for state in 0..states {
            let Some(here) = best[s * states + state] else {
                continue;
            };
            let mut height = 0usize;
            for e in s + 1..=n {
                height = height.saturating_add(lines[e - 1].height_in_lines);
                if height > lpp && e > s + 1 {
                    break;
                }
                let exempt = e == n || lines[e].forced_page_break_before;
                let short = lpp.saturating_sub(height);
                let mut cost = here.cost;
                cost.0 += violations(lines, e, params.widow_orphan_control);
                if !exempt && short > 0 {
                    cost.1 += SHORT_PAGE + SHORT_LINE * short as u64;
                }
                let own_short = (!exempt).then_some(short);
                if let (Some(a), Some(b)) = (facing_short(state), own_short) {
                    if a != b {
                        cost.1 += SPREAD_MISMATCH + SHORT_LINE * a.abs_diff(b) as u64;
                    }
                }
                let next_state = match (state, own_short) {
                    (0, Some(k)) => 2 + k,
                    (0, None) => 1,
                    _ => 0,
                };
                let slot = &mut best[e * states + next_state];
                if slot.is_none_or(|old| cost < old.cost) {
                    *slot = Some(Entry {
                        cost,
                        prev_pos: s,
                        prev_state: state,
                    });
                }
                if exempt {
                    // A page never runs past a forced break.
                    break;
                }
            }
        }
    }
    let Some(end_state) = (0..states)
        .filter(|&st| best[n * states + st].is_some())
        .min_by_key(|&st| best[n * states + st].map(|e| e.cost))
    else {
        // Unreachable: one block per page is always possible. Kept so we never panic.
        return (0..n)
            .map(|i| Page {
                first: i,
                end: i + 1,
                short_by: lpp.saturating_sub(lines[i].height_in_lines),
            })
            .collect();
    };
    let mut pages = Vec::new();
    let (mut pos, mut state) = (n, end_state);
    while pos > 0 {
        let Some(entry) = best[pos * states + state] else {
            break;
        };
        let height: usize = lines[entry.prev_pos..pos]
            .iter()
            .fold(0usize, |h, l| h.saturating_add(l.height_in_lines));
        pages.push(Page {
            first: entry.prev_pos,
            end: pos,
            short_by: lpp.saturating_sub(height),
        });
        pos = entry.prev_pos;
        state = entry.prev_state;
    }
    pages.reverse();
    pages
}

/// Rules broken by ending a page just before `lines[e]`.
fn violations(lines: &[LineInfo], e: usize, widow_orphan_control: bool) -> u64 {
    if e == 0 || e >= lines.len() || lines[e].forced_page_break_before {
        return 0;
    }
    let (last, next) = (&lines[e - 1], &lines[e]);
    let mut v = 0;
    if last.hyphenated {
        v += 1;
    }
    if last.keep_with_next {
        v += 1;
    }
    if widow_orphan_control && last.paragraph == next.paragraph {
        // Orphan: only the paragraph's first line is left at the bottom.
        if last.index_in_paragraph == 0 && last.lines_in_paragraph > 1 {
            v += 1;
        }
        // Widow: only the paragraph's last line goes to the top of the next page.
        if next.index_in_paragraph + 1 >= next.lines_in_paragraph && next.lines_in_paragraph > 1 {
            v += 1;
        }
    }
    v
}

#[cfg(test)]
#[path = "pagebreak_tests.rs"]
mod tests;
