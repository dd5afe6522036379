//! The page breaker's states and costs. Filling a page, the breaker is in one of a
//! few states: a recto facing nothing of the story (free), a verso, or a recto that
//! must run exactly as short as its verso; with the grid lines used and whether the
//! page has footnotes yet. `Dp` steps every state over one line at a time.

use super::lines::{break_violations, LineInfo};

/// How many grid lines short a spread may run, together.
pub(super) const MAX_SHORT: usize = 2;
/// A broken rule (widow, orphan, hyphen or keep-with-next line at a page end, or a
/// page short where that is not allowed) outweighs any amount of anything else.
const BROKEN_RULE: u64 = 1_000_000_000;
/// Both pages of a spread one grid line short: more than four of the costliest moved
/// lines (`flow`'s 100 + 600 for loosening + 1,500 for a loose line), so a spread
/// runs short only when no few moved lines can fill it. (At 3,000, 1.3–3.7% of the
/// regular pages of generated books ran short.)
const SHORT_SPREAD_LINE: u64 = 10_000;
/// A page facing nothing in the story (its opener) one line short. It faces the
/// previous story's last page or a blank, so no spread shows two bottoms; a line
/// short there costs less than a loose line (at 3,000 and above, the sample book's
/// openers are filled with loose lines: 2.1% of its lines, against 0%).
const SHORT_ALONE_LINE: u64 = 2_000;
/// A story's last page one grid line short of full (up to `MAX_SHORT`): it reads as
/// a page run short by mistake, not as the story's end. Less than a short opener's
/// line, or the breaker would shorten the story's first page to fill its last.
pub(super) const NEARLY_FULL_LAST_PAGE_LINE: u64 = 1_900;

/// What page is being filled, which decides where it may end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum PageKind {
    /// A recto that no verso of the story faces: full, or short at a cost.
    Free,
    /// A verso: full or up to `MAX_SHORT` lines short; its recto matches it.
    Verso,
    /// A recto facing a verso `k` lines short: exactly as short.
    Recto(usize),
}

impl PageKind {
    fn index(self) -> usize {
        match self {
            PageKind::Free => 0,
            PageKind::Verso => 1,
            PageKind::Recto(k) => 2 + k,
        }
    }

    fn from_index(index: usize) -> Self {
        match index {
            0 => PageKind::Free,
            1 => PageKind::Verso,
            k => PageKind::Recto(k - 2),
        }
    }

    const COUNT: usize = 3 + MAX_SHORT;
}

/// Where the filling stands: the page being filled, its grid lines used (with
/// footnotes) and whether it has footnotes yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct State {
    pub(super) kind: PageKind,
    pub(super) height: usize,
    pub(super) notes: bool,
}

/// No way to reach a state (costs), or no step recorded (traces).
pub(super) const UNREACHED: u64 = u64::MAX;
pub(super) const NO_STEP: u16 = u16::MAX;
/// In a trace entry: a page ended before this line. The rest is the state key one
/// line earlier.
pub(super) const PAGE_BREAK: u16 = 1 << 15;

pub(super) struct Dp {
    pub(super) lpp: usize,
    pub(super) widow_orphan_control: bool,
    /// `end_page` for pages not before a forced break, by kind index and height:
    /// (cost, next kind's index).
    pub(super) page_ends: Vec<Vec<(u64, u8)>>,
    /// Lines without footnotes take `advance_without_notes`.
    pub(super) fast: bool,
    /// Some line has footnotes: without any, the states with notes are never
    /// reached, and the shortcut skips them.
    pub(super) any_notes: bool,
}

impl Dp {
    pub(super) fn new(lpp: usize, widow_orphan_control: bool) -> Self {
        let mut dp = Dp {
            lpp,
            widow_orphan_control,
            page_ends: Vec::new(),
            fast: true,
            any_notes: true,
        };
        dp.page_ends = (0..PageKind::COUNT)
            .map(|kind| {
                (0..dp.heights())
                    .map(|height| {
                        let (cost, next) = dp.end_page(PageKind::from_index(kind), height, false);
                        (cost, next.index() as u8)
                    })
                    .collect()
            })
            .collect();
        dp
    }

    /// Heights run 0..=lpp, and lpp + 1 for a page overfilled by one tall line,
    /// which takes nothing more.
    fn heights(&self) -> usize {
        self.lpp + 2
    }

    pub(super) fn states(&self) -> usize {
        2 * PageKind::COUNT * self.heights()
    }

    pub(super) fn key(&self, state: State) -> usize {
        let base = (state.kind.index() * 2 + usize::from(state.notes)) * self.heights();
        base + state.height.min(self.lpp + 1)
    }

    pub(super) fn state(&self, key: usize) -> State {
        let group = key / self.heights();
        State {
            kind: PageKind::from_index(group / 2),
            height: key % self.heights(),
            notes: group % 2 == 1,
        }
    }

    /// The rules broken by ending a page after `before`, with `line` starting the
    /// next: nothing at the story's start or at a forced break.
    fn rules_at_break(&self, before: Option<&LineInfo>, line: &LineInfo) -> u64 {
        match before {
            Some(before) => break_violations(before, line, self.widow_orphan_control) * BROKEN_RULE,
            None => 0,
        }
    }

    /// Ending a page of `kind` at `height`: the cost and the next page's kind.
    /// `exempt` pages (before a forced break) may end anywhere.
    fn end_page(&self, kind: PageKind, height: usize, exempt: bool) -> (u64, PageKind) {
        let short = self.lpp.saturating_sub(height);
        match kind {
            _ if exempt => (
                0,
                if kind == PageKind::Verso {
                    PageKind::Free
                } else {
                    PageKind::Verso
                },
            ),
            PageKind::Free => (SHORT_ALONE_LINE * short as u64, PageKind::Verso),
            PageKind::Verso if short <= MAX_SHORT => {
                (SHORT_SPREAD_LINE * short as u64, PageKind::Recto(short))
            }
            PageKind::Verso => (BROKEN_RULE, PageKind::Free),
            PageKind::Recto(k) if short == k => (0, PageKind::Verso),
            PageKind::Recto(_) => (BROKEN_RULE, PageKind::Verso),
        }
    }

    /// The (kind, notes) groups of states a line can reach: all of them, or without
    /// footnotes anywhere only those without notes (the even ones).
    fn reachable_groups(&self) -> std::iter::StepBy<std::ops::Range<usize>> {
        (0..2 * PageKind::COUNT).step_by(if self.any_notes { 1 } else { 2 })
    }

    /// The states after placing `line` (after `last`) from each reachable state in
    /// `from`: costs into `to`, steps into `trace`. Visited for every line of every
    /// setting, so the rules at a break are checked once per line where they can be,
    /// and states are walked by (kind, notes) group and height, without division.
    ///
    /// Only the steps of the states reached are written: the rest of `trace` keeps
    /// what it held (the caller's buffer, reused from story to story, is not cleared),
    /// and tracing back reads reached states only. Without footnotes anywhere, the
    /// states with notes stay unreached in `to` from its start and are not refilled.
    pub(super) fn advance(&self, step: Step<'_>, row: Row<'_>) {
        if self.any_notes || !self.fast {
            row.to.fill(UNREACHED);
        } else {
            let heights = self.heights();
            for group in self.reachable_groups() {
                row.to[group * heights..(group + 1) * heights].fill(UNREACHED);
            }
        }
        // A line whose height differs when it opens a page (a table's row brings
        // its header, the space above a quote is left out) lands where the page's
        // growth does: the shortcut would overwrite it.
        let plain = step.line.repeated_above == 0 && step.line.space_above == 0;
        if step.line.note_lines == 0 && plain && self.fast {
            self.advance_without_notes(step, row);
        } else {
            self.advance_any(step, row);
        }
    }

    /// `advance` for a line without footnotes (nearly every line): growing a page
    /// stays within its group of states, and every page break lands on the next
    /// page's first line, so the breaks from a group are reduced to the cheapest
    /// per next kind before they are offered. Offers reach each state in the same
    /// order as in `advance_any`, so ties are resolved the same way.
    fn advance_without_notes(&self, step: Step<'_>, row: Row<'_>) {
        let (from, last, line, extra_cost) = (step.from, step.last, step.line, step.extra_cost);
        let (to, trace) = (row.to, row.trace);
        let lpp = self.lpp;
        let heights = self.heights();
        let added = line.height_in_lines;
        let alone = added.min(lpp + 1);
        let forced = line.forced_page_break_before;
        // Within a block the line before is the same in every state, and so are the
        // rules at a break before this line.
        let same_rules = match last {
            Last::Same(before) => self.rules_at_break(before, line),
            Last::PerState(_) => 0,
        };
        let offer = |to: &mut [u64], trace: &mut [u16], key: usize, cost: u64, step: u16| {
            if cost < to[key] {
                to[key] = cost;
                trace[key] = step;
            }
        };
        for group in self.reachable_groups() {
            let kind = group / 2;
            let base = group * heights;
            let row = &from[base..base + heights];
            // An empty page takes any line, even one taller than the page.
            if row[0] != UNREACHED {
                offer(to, trace, base + alone, row[0] + extra_cost, base as u16);
            }
            // Growing the page: from height h to h + added, for h ≥ 1. No other
            // offer reaches these states (page breaks land on `alone`, reached only
            // from height 0), so this is a plain shifted copy.
            let top = if forced { 0 } else { lpp.saturating_sub(added) };
            if top >= 1 {
                let (costs, steps) = (
                    &mut to[base + 1 + added..=base + top + added],
                    &mut trace[base + 1 + added..=base + top + added],
                );
                for (k, ((cost, step), &from)) in
                    costs.iter_mut().zip(steps).zip(&row[1..=top]).enumerate()
                {
                    if from != UNREACHED {
                        *cost = from + extra_cost;
                        *step = (base + 1 + k) as u16;
                    }
                }
            }
            let mut cheapest = [(UNREACHED, NO_STEP); PageKind::COUNT];
            if let (false, Last::Same(_)) = (forced, &last) {
                let ends = &self.page_ends[kind];
                let fixed = extra_cost + same_rules;
                for (height, (&cost, &(end_cost, next))) in row.iter().zip(ends).enumerate().skip(1)
                {
                    if cost == UNREACHED {
                        continue;
                    }
                    let total = cost + fixed + end_cost;
                    let slot = &mut cheapest[usize::from(next)];
                    if total < slot.0 {
                        *slot = (total, (base + height) as u16 | PAGE_BREAK);
                    }
                }
            } else {
                self.cheapest_breaks(row, base, kind, extra_cost, &last, line, &mut cheapest);
            }
            for (next, &(cost, step)) in cheapest.iter().enumerate() {
                if step != NO_STEP {
                    offer(to, trace, next * 2 * heights + alone, cost, step);
                }
            }
        }
    }

    /// The cheapest page break into each next kind from the states of one group, in
    /// general: before a forced break, or with the rules checked state by state.
    #[allow(clippy::too_many_arguments)]
    fn cheapest_breaks(
        &self,
        row: &[u64],
        base: usize,
        kind: usize,
        extra_cost: u64,
        last: &Last<'_>,
        line: &LineInfo,
        cheapest: &mut [(u64, u16); PageKind::COUNT],
    ) {
        let forced = line.forced_page_break_before;
        let ends = &self.page_ends[kind];
        for (height, &cost) in row.iter().enumerate().skip(1) {
            if cost == UNREACHED {
                continue;
            }
            let key = base + height;
            let (end_cost, next) = if forced {
                let (cost, next) = self.end_page(PageKind::from_index(kind), height, true);
                (cost, next.index())
            } else {
                let (cost, next) = ends[height];
                (cost, usize::from(next))
            };
            let rules = self.rules_at_break(last.before(key), line);
            let total = cost + extra_cost + end_cost + rules;
            let slot = &mut cheapest[next];
            if total < slot.0 {
                *slot = (total, key as u16 | PAGE_BREAK);
            }
        }
    }

    fn advance_any(&self, step: Step<'_>, row: Row<'_>) {
        let (from, last, line, extra_cost) = (step.from, step.last, step.line, step.extra_cost);
        let (to, trace) = (row.to, row.trace);
        let has_notes = line.note_lines > 0;
        let forced = line.forced_page_break_before;
        let heights = self.heights();
        let alone_height = line.opening_height().min(self.lpp + 1);
        let mut offer = |key: usize, cost: u64, step: u16| {
            if cost < to[key] {
                to[key] = cost;
                trace[key] = step;
            }
        };
        for group in 0..2 * PageKind::COUNT {
            let kind = PageKind::from_index(group / 2);
            let notes = group % 2 == 1;
            let base = group * heights;
            let added = line.height_with_notes(notes);
            for (height, &cost) in from[base..base + heights].iter().enumerate() {
                if cost == UNREACHED {
                    continue;
                }
                let key = base + height;
                let cost = cost + extra_cost;
                let step = key as u16;
                if height == 0 {
                    // An empty page takes any line, even one taller than the page.
                    let state = State {
                        kind,
                        height: alone_height,
                        notes: has_notes,
                    };
                    offer(self.key(state), cost, step);
                    continue;
                }
                // A recto may run past its verso's shortness only as the story's last
                // page (ending it anywhere else breaks a rule, see `end_page`).
                let grown = height + added;
                if !forced && grown <= self.lpp {
                    let state = State {
                        kind,
                        height: grown,
                        notes: notes || has_notes,
                    };
                    offer(self.key(state), cost, step);
                }
                let (end_cost, next) = self.end_page(kind, height, forced);
                let rules = self.rules_at_break(last.before(key), line);
                let state = State {
                    kind: next,
                    height: alone_height,
                    notes: has_notes,
                };
                offer(self.key(state), cost + end_cost + rules, step | PAGE_BREAK);
            }
        }
    }
}

/// The line before the one being placed: the same for every state within a block,
/// or, for a block's first line, the previous block's last line as set on the way
/// to each state.
#[derive(Clone, Copy)]
pub(super) enum Last<'l> {
    Same(Option<&'l LineInfo>),
    PerState(&'l dyn Fn(usize) -> Option<&'l LineInfo>),
}

impl<'l> Last<'l> {
    /// The line before, on the way to the state `key`.
    pub(super) fn before(&self, key: usize) -> Option<&'l LineInfo> {
        match self {
            Last::Same(before) => *before,
            Last::PerState(before) => before(key),
        }
    }
}

/// One step of the dynamic programme: placing `line` (after `last`) from each
/// reachable state of `from`, at `extra_cost` (the paragraph setting's).
#[derive(Clone, Copy)]
pub(super) struct Step<'a> {
    pub from: &'a [u64],
    pub last: Last<'a>,
    pub line: &'a LineInfo,
    pub extra_cost: u64,
}

/// Where a step writes: the cost of each state, and how it was reached.
pub(super) struct Row<'a> {
    pub to: &'a mut [u64],
    pub trace: &'a mut [u16],
}
