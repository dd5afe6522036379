//! Page breaking on a baseline grid: every page holds `lines_per_page` grid lines.
//! Pages end full, without a widow, an orphan, a hyphen or a keep-with-next line at
//! the turn, by choosing for each paragraph a setting a line longer or shorter
//! (`Reflow`) where that helps; failing that, both pages of a spread run short
//! together. Dynamic programming over the lines, so the cost is linear.
//!
//! Last resorts (never a panic or a stall): a block taller than a page gets a page
//! to itself (reported with `short_by == 0`); when no layout obeys every rule, the
//! page breaking the fewest is chosen; `lines_per_page == 0` acts as 1.
//!
//! `lines` holds what the breaker reads and returns, `spreads` its states and costs.

pub use super::lines::{break_violations, FixedLines, LineInfo, Page, PageParams, Reflow, Setting};
use super::spreads::{
    Dp, Last, PageKind, Row, State, Step, MAX_SHORT, NEARLY_FULL_LAST_PAGE_LINE, NO_STEP,
    PAGE_BREAK, UNREACHED,
};

/// Breaks a fixed sequence of lines into pages. Pages partition `lines` in order.
pub fn break_pages(lines: &[LineInfo], params: &PageParams) -> Vec<Page> {
    paginate(&mut FixedLines(lines), params)
}

/// A thread's buffers for `paginate`, kept between stories.
#[derive(Default)]
struct Scratch {
    steps: Vec<u16>,
    block_ends: Vec<u16>,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
}

/// In `Scratch::block_ends`: no setting reaches the state.
const NO_SETTING: u16 = u16::MAX;

/// Breaks reflowable blocks into pages on the grid, choosing each block's setting
/// too: dynamic programming over (page kind, grid lines used) line by line, so a
/// line moved anywhere earlier in the story can make a later page come out full.
/// Broken rules cost most; then short spreads (both pages short together), a first
/// page short alone, and moved lines, in that order. Linear in the lines.
pub fn paginate<R: Reflow>(blocks: &mut R, params: &PageParams) -> Vec<Page> {
    paginate_with(blocks, params, true)
}

/// `paginate`, with or without `Dp::advance_without_notes` (tests compare the two).
fn paginate_with<R: Reflow>(blocks: &mut R, params: &PageParams, fast: bool) -> Vec<Page> {
    // State keys must fit a trace entry (15 bits): far beyond any real page.
    let mut dp = Dp::new(
        params.lines_per_page.clamp(1, 3000),
        params.widow_orphan_control,
    );
    dp.fast = fast;
    let states = dp.states();
    let count = blocks.block_count();
    let settings: Vec<Vec<Setting>> = (0..count).map(|b| blocks.settings(b)).collect();
    dp.any_notes = settings
        .iter()
        .flatten()
        .any(|setting| setting.lines.iter().any(|line| line.note_lines > 0));

    let start_kind = if params.first_page_is_recto() {
        PageKind::Free
    } else {
        PageKind::Verso
    };
    let mut current = vec![UNREACHED; states];
    current[dp.key(State {
        kind: start_kind,
        height: 0,
        notes: false,
    })] = 0;
    // Steps for tracing back, one row (states wide) per line of every setting, and
    // per block the setting that reached each state after it most cheaply. In a
    // buffer each thread keeps from story to story: about a megabyte a story, which
    // fresh from the system would be zeroed again every time. Nor is it cleared:
    // `Dp::advance` writes the steps of the states reached, and only those are read
    // back (filling them was a sixth of the page breaking).
    let mut scratch = SCRATCH.with_borrow_mut(std::mem::take);
    let Scratch { steps, block_ends } = &mut scratch;
    let mut steps_used = 0;
    block_ends.clear();
    block_ends.resize(count * states, NO_SETTING);
    // Where each setting's rows start in `steps`, block by block.
    let mut row_starts: Vec<usize> = Vec::new();
    let mut first_row_start: Vec<usize> = Vec::with_capacity(count);
    let mut ends = vec![UNREACHED; states];
    // For each state after the previous block: which (block, setting) set the last
    // line before it, to check the rules at a page break before the next block.
    let mut last_lines: Vec<Option<(u32, u32)>> = vec![None; states];
    let mut next_last: Vec<Option<(u32, u32)>> = vec![None; states];
    let last_line = |at: Option<(u32, u32)>| {
        at.and_then(|(block, setting)| settings[block as usize][setting as usize].lines.last())
    };
    let (mut previous, mut next) = (vec![UNREACHED; states], vec![UNREACHED; states]);
    for (block, block_settings) in settings.iter().enumerate() {
        ends.fill(UNREACHED);
        next_last.fill(None);
        let block_ends = &mut block_ends[block * states..(block + 1) * states];
        first_row_start.push(row_starts.len());
        for (index, setting) in block_settings.iter().enumerate() {
            let lines = &setting.lines;
            let start = steps_used;
            row_starts.push(start);
            steps_used += lines.len() * states;
            if steps.len() < steps_used {
                steps.resize(steps_used, NO_STEP);
            }
            let rows = &mut steps[start..steps_used];
            previous.copy_from_slice(&current);
            for (k, (line, row)) in lines.iter().zip(rows.chunks_mut(states)).enumerate() {
                if k == 0 {
                    // The line before is the previous block's last, as set there.
                    let last = |key: usize| last_line(last_lines[key]);
                    let last = Last::PerState(&last);
                    let step = Step {
                        from: &previous,
                        last,
                        line,
                        extra_cost: setting.cost,
                    };
                    dp.advance(
                        step,
                        Row {
                            to: &mut next,
                            trace: row,
                        },
                    );
                } else {
                    let last = Last::Same(Some(&lines[k - 1]));
                    let step = Step {
                        from: &previous,
                        last,
                        line,
                        extra_cost: 0,
                    };
                    dp.advance(
                        step,
                        Row {
                            to: &mut next,
                            trace: row,
                        },
                    );
                }
                std::mem::swap(&mut previous, &mut next);
            }
            for (key, &cost) in previous.iter().enumerate() {
                if cost < ends[key] {
                    ends[key] = cost;
                    block_ends[key] = index as u16;
                    next_last[key] = match lines.last() {
                        Some(_) => Some((block as u32, index as u32)),
                        None => last_lines[key],
                    };
                }
            }
        }
        current.copy_from_slice(&ends);
        std::mem::swap(&mut last_lines, &mut next_last);
    }

    // The story's last page may end anywhere, but a line or two short of full it
    // looks like a page run short by mistake: the cheapest state wins.
    let last_page_cost = |key: usize| {
        let short = dp.lpp.saturating_sub(dp.state(key).height);
        if (1..=MAX_SHORT).contains(&short) {
            NEARLY_FULL_LAST_PAGE_LINE * short as u64
        } else {
            0
        }
    };
    let best = (0..states)
        .filter(|&k| current[k] != UNREACHED)
        .min_by_key(|&k| current[k].saturating_add(last_page_cost(k)));
    // Trace back: each block's setting and the lines before which pages end.
    let mut chosen = vec![0usize; count];
    let mut breaks_before: Vec<Vec<usize>> = vec![Vec::new(); count];
    let mut key = best.unwrap_or(0);
    for block in (0..count).rev().take_while(|_| best.is_some()) {
        let setting = block_ends[block * states + key];
        if setting == NO_SETTING {
            break;
        }
        let setting = usize::from(setting);
        chosen[block] = setting;
        let start = row_starts[first_row_start[block] + setting];
        let rows = &steps[start..start + settings[block][setting].lines.len() * states];
        for k in (0..rows.len() / states).rev() {
            let step = rows[k * states + key];
            if step == NO_STEP {
                break;
            }
            if step & PAGE_BREAK != 0 {
                breaks_before[block].push(k);
            }
            key = usize::from(step & !PAGE_BREAK);
        }
    }
    SCRATCH.set(scratch);
    if best.is_none() {
        return Vec::new();
    }
    // Pages over the lines as finally set.
    let mut starts = Vec::new();
    let mut lines: Vec<&LineInfo> = Vec::new();
    for block in 0..count {
        let setting = &settings[block][chosen[block]];
        if setting.change != 0 {
            blocks.choose(block, setting.change);
        }
        starts.extend(breaks_before[block].iter().rev().map(|k| lines.len() + k));
        lines.extend(&setting.lines);
    }
    if lines.is_empty() {
        return Vec::new();
    }
    if starts.first() != Some(&0) {
        starts.insert(0, 0);
    }
    starts.dedup();
    let ends = starts.iter().skip(1).copied().chain([lines.len()]);
    starts
        .iter()
        .zip(ends)
        .map(|(&first, end)| {
            let mut notes = false;
            let mut height = 0;
            for (k, line) in lines[first..end].iter().enumerate() {
                height += match k {
                    0 => line.opening_height(),
                    _ => line.height_with_notes(notes),
                };
                notes |= line.note_lines > 0;
            }
            Page {
                first,
                end,
                short_by: dp.lpp.saturating_sub(height),
            }
        })
        .collect()
}

#[cfg(test)]
#[path = "pagebreak_tests.rs"]
mod tests;
