//! Page breaking on a baseline grid: every page holds `lines_per_page` grid lines.
//! Pages end full, without a widow, an orphan, a hyphen or a keep-with-next line at
//! the turn, by choosing for each paragraph a setting a line longer or shorter
//! (`Reflow`) where that helps; failing that, both pages of a spread run short
//! together. Dynamic programming over the lines, so the cost is linear.
//!
//! Last resorts (never a panic or a stall): a block taller than a page gets a page
//! to itself (reported with `short_by == 0`); when no layout obeys every rule, the
//! page breaking the fewest is chosen; `lines_per_page == 0` acts as 1.

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
    /// Grid lines of the footnotes referenced on this line, which go at the foot
    /// of the same page (below one grid line that sets them off from the text).
    pub note_lines: usize,
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
            note_lines: 0,
        }
    }

    /// Grid lines the line takes on its page, with its footnotes; `notes_before`
    /// tells whether the page already has footnotes (and so their separating line).
    pub fn height_with_notes(&self, notes_before: bool) -> usize {
        match self.note_lines {
            0 => self.height_in_lines,
            n => self.height_in_lines + n + usize::from(!notes_before),
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

/// One way to set a block: its lines, how many more than the natural setting, and
/// what choosing it costs (0 for the natural setting).
#[derive(Debug, Clone, PartialEq)]
pub struct Setting {
    pub change: isize,
    pub lines: Vec<LineInfo>,
    pub cost: u64,
}

/// Lines of a story grouped into blocks (paragraphs, headings), some of which can be
/// set with a line more or fewer. The page breaker chooses a setting for each.
pub trait Reflow {
    fn block_count(&self) -> usize;
    /// The block's settings, the natural one first.
    fn settings(&mut self, block: usize) -> Vec<Setting>;
    /// Sets `block` as chosen.
    fn choose(&mut self, block: usize, change: isize);
}

/// Lines that are what they are: one block with one setting.
pub struct FixedLines<'l>(pub &'l [LineInfo]);

impl Reflow for FixedLines<'_> {
    fn block_count(&self) -> usize {
        1
    }
    fn settings(&mut self, _: usize) -> Vec<Setting> {
        vec![Setting {
            change: 0,
            lines: self.0.to_vec(),
            cost: 0,
        }]
    }
    fn choose(&mut self, _: usize, _: isize) {}
}

/// Breaks a fixed sequence of lines into pages. Pages partition `lines` in order.
pub fn break_pages(lines: &[LineInfo], params: &PageParams) -> Vec<Page> {
    paginate(&mut FixedLines(lines), params)
}

/// How many grid lines short a spread may run, together.
const MAX_SHORT: usize = 2;
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
const NEARLY_FULL_LAST_PAGE_LINE: u64 = 1_900;

/// What page is being filled, which decides where it may end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PageKind {
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
struct State {
    kind: PageKind,
    height: usize,
    notes: bool,
}

/// No way to reach a state (costs), or no step recorded (traces).
const UNREACHED: u64 = u64::MAX;
const NO_STEP: u16 = u16::MAX;
/// In a trace entry: a page ended before this line. The rest is the state key one
/// line earlier.
const PAGE_BREAK: u16 = 1 << 15;

struct Dp {
    lpp: usize,
    widow_orphan_control: bool,
    /// `end_page` for pages not before a forced break, by kind index and height:
    /// (cost, next kind's index).
    page_ends: Vec<Vec<(u64, u8)>>,
    /// Lines without footnotes take `advance_without_notes`.
    fast: bool,
    /// Some line has footnotes: without any, the states with notes are never
    /// reached, and the shortcut skips them.
    any_notes: bool,
}

impl Dp {
    fn new(lpp: usize, widow_orphan_control: bool) -> Self {
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

    fn states(&self) -> usize {
        2 * PageKind::COUNT * self.heights()
    }

    fn key(&self, state: State) -> usize {
        let base = (state.kind.index() * 2 + usize::from(state.notes)) * self.heights();
        base + state.height.min(self.lpp + 1)
    }

    fn state(&self, key: usize) -> State {
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

    /// The states after placing `line` (after `last`) from each reachable state in
    /// `from`: costs into `to`, steps into `trace`. Visited for every line of every
    /// setting, so the rules at a break are checked once per line where they can be,
    /// and states are walked by (kind, notes) group and height, without division.
    fn advance(
        &self,
        from: &[u64],
        last: Last<'_>,
        line: &LineInfo,
        extra_cost: u64,
        to: &mut [u64],
        trace: &mut [u16],
    ) {
        if line.note_lines == 0 && self.fast {
            self.advance_without_notes(from, last, line, extra_cost, to, trace);
        } else {
            self.advance_any(from, last, line, extra_cost, to, trace);
        }
    }

    /// `advance` for a line without footnotes (nearly every line): growing a page
    /// stays within its group of states, and every page break lands on the next
    /// page's first line, so the breaks from a group are reduced to the cheapest
    /// per next kind before they are offered. Offers reach each state in the same
    /// order as in `advance_any`, so ties are resolved the same way.
    fn advance_without_notes(
        &self,
        from: &[u64],
        last: Last<'_>,
        line: &LineInfo,
        extra_cost: u64,
        to: &mut [u64],
        trace: &mut [u16],
    ) {
        to.fill(UNREACHED);
        trace.fill(NO_STEP);
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
        let step = if self.any_notes { 1 } else { 2 };
        for group in (0..2 * PageKind::COUNT).step_by(step) {
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

    fn advance_any(
        &self,
        from: &[u64],
        last: Last<'_>,
        line: &LineInfo,
        extra_cost: u64,
        to: &mut [u64],
        trace: &mut [u16],
    ) {
        to.fill(UNREACHED);
        trace.fill(NO_STEP);
        let has_notes = line.note_lines > 0;
        let forced = line.forced_page_break_before;
        let heights = self.heights();
        let alone_height = line.height_with_notes(false).min(self.lpp + 1);
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
enum Last<'l> {
    Same(Option<&'l LineInfo>),
    PerState(&'l dyn Fn(usize) -> Option<&'l LineInfo>),
}

impl<'l> Last<'l> {
    /// The line before, on the way to the state `key`.
    fn before(&self, key: usize) -> Option<&'l LineInfo> {
        match self {
            Last::Same(before) => *before,
            Last::PerState(before) => before(key),
        }
    }
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
    // fresh from the system would be zeroed again every time.
    let mut scratch = SCRATCH.with_borrow_mut(std::mem::take);
    let Scratch { steps, block_ends } = &mut scratch;
    steps.clear();
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
            let start = steps.len();
            row_starts.push(start);
            steps.resize(start + lines.len() * states, NO_STEP);
            let rows = &mut steps[start..];
            previous.copy_from_slice(&current);
            for (k, (line, row)) in lines.iter().zip(rows.chunks_mut(states)).enumerate() {
                if k == 0 {
                    // The line before is the previous block's last, as set there.
                    let last = |key: usize| last_line(last_lines[key]);
                    let last = Last::PerState(&last);
                    dp.advance(&previous, last, line, setting.cost, &mut next, row);
                } else {
                    let last = Last::Same(Some(&lines[k - 1]));
                    dp.advance(&previous, last, line, 0, &mut next, row);
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
            for line in &lines[first..end] {
                height += line.height_with_notes(notes);
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

/// Rules broken by ending a page after `last`, with `next` starting the next page.
pub fn break_violations(last: &LineInfo, next: &LineInfo, widow_orphan_control: bool) -> u64 {
    if next.forced_page_break_before {
        return 0;
    }
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
