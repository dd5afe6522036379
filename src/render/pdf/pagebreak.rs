//! Page breaking on a baseline grid: every page holds `lines_per_page` grid lines.
//! Pages are filled spread by spread. A page that would end on a widow, an orphan, a
//! hyphen or a keep-with-next line gets a paragraph on it reset a line longer or
//! shorter (`Reflow`); failing that, both pages of the spread run short together.
//! Each page is decided once, so the cost is linear in the lines.
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

/// Lines of a story grouped into blocks (paragraphs, headings), some of which can be
/// set again with a line more or fewer. The page breaker moves lines this way rather
/// than leave a page short.
pub trait Reflow {
    fn block_count(&self) -> usize;
    fn lines(&self, block: usize) -> &[LineInfo];
    /// The block's line count relative to its natural setting (0, 1 or −1).
    fn change(&self, block: usize) -> isize;
    /// Sets `block` with `change` lines more than its natural setting (0 restores it);
    /// false when it cannot be done within the spacing tolerance.
    fn reset(&mut self, block: usize, change: isize) -> bool;
    /// How much worse the block's current setting is than its natural one (0 for
    /// the natural setting); among ways to move a line the cheapest is taken.
    fn cost(&self, block: usize) -> f32;
}

/// Blocks that are what they are: no line can be moved.
pub struct FixedLines<'l>(pub &'l [LineInfo]);

impl Reflow for FixedLines<'_> {
    fn block_count(&self) -> usize {
        1
    }
    fn lines(&self, _: usize) -> &[LineInfo] {
        self.0
    }
    fn change(&self, _: usize) -> isize {
        0
    }
    fn reset(&mut self, _: usize, change: isize) -> bool {
        change == 0
    }
    fn cost(&self, _: usize) -> f32 {
        0.0
    }
}

/// Breaks a fixed sequence of lines into pages. Pages partition `lines` in order.
pub fn break_pages(lines: &[LineInfo], params: &PageParams) -> Vec<Page> {
    paginate(&mut FixedLines(lines), params)
}

/// A position in the story: a block and a line of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Cursor {
    block: usize,
    line: usize,
}

/// Where a page that starts at a cursor ends when filled up to `target` grid lines.
#[derive(Debug, Clone, Copy)]
struct Fit {
    end: Cursor,
    height: usize,
    /// The page ends the input or comes before a forced break: it may be short.
    exempt: bool,
    /// Rules broken by ending the page here.
    violations: u64,
}

struct Paginator<'r, R: Reflow> {
    blocks: &'r mut R,
    lpp: usize,
    widow_orphan_control: bool,
    /// Blocks reset while filling the current spread, with their previous change,
    /// so a failed attempt can be undone.
    log: Vec<(usize, isize)>,
}

impl<R: Reflow> Paginator<'_, R> {
    fn normalize(&self, mut at: Cursor) -> Cursor {
        while at.block < self.blocks.block_count() && at.line >= self.blocks.lines(at.block).len() {
            at = Cursor {
                block: at.block + 1,
                line: 0,
            };
        }
        at
    }

    fn at_end(&self, at: Cursor) -> bool {
        at.block >= self.blocks.block_count()
    }

    fn line(&self, at: Cursor) -> &LineInfo {
        &self.blocks.lines(at.block)[at.line]
    }

    fn step(&self, at: Cursor) -> Cursor {
        self.normalize(Cursor {
            block: at.block,
            line: at.line + 1,
        })
    }

    /// Fills a page from `start` with whole lines up to `target` grid lines; a line
    /// taller than the page gets a page to itself.
    fn fit(&self, start: Cursor, target: usize) -> Fit {
        let mut at = start;
        let mut height = 0usize;
        let mut last: Option<Cursor> = None;
        while !self.at_end(at) {
            let line = self.line(at);
            if last.is_some() && line.forced_page_break_before {
                break;
            }
            let h = line.height_in_lines;
            if last.is_some() && height + h > target {
                break;
            }
            height += h;
            last = Some(at);
            at = self.step(at);
        }
        let exempt = self.at_end(at) || self.line(at).forced_page_break_before;
        let violations = match (exempt, last) {
            (false, Some(last)) => {
                break_violations(self.line(last), self.line(at), self.widow_orphan_control)
            }
            _ => 0,
        };
        Fit {
            end: at,
            height,
            exempt,
            violations,
        }
    }

    fn good(&self, fit: &Fit, target: usize) -> bool {
        fit.exempt || (fit.height == target && fit.violations == 0)
    }

    /// A page from `start` ending exactly on grid line `target` without breaking a
    /// rule, resetting paragraphs that start on the page (nearest its end first).
    fn fill(&mut self, start: Cursor, target: usize) -> Option<Fit> {
        let fit = self.fit(start, target);
        if self.good(&fit, target) {
            return Some(fit);
        }
        // A paragraph already running on the previous page cannot be reset.
        let first = start.block + usize::from(start.line > 0);
        let last = fit
            .end
            .block
            .min(self.blocks.block_count().saturating_sub(1));
        let mut best: Option<(f32, usize, isize)> = None;
        for block in first..=last {
            let current = self.blocks.change(block);
            for change in [1, -1, 0] {
                if change == current || !self.blocks.reset(block, change) {
                    continue;
                }
                let fit = self.fit(start, target);
                let cost = self.blocks.cost(block);
                if self.good(&fit, target) && best.is_none_or(|(c, _, _)| cost < c) {
                    best = Some((cost, block, change));
                }
                self.blocks.reset(block, current);
            }
        }
        let (_, block, change) = best?;
        let current = self.blocks.change(block);
        self.blocks.reset(block, change);
        self.log.push((block, current));
        Some(self.fit(start, target))
    }

    /// The recto after a verso filled as `verso`; when it cannot be filled, a line is
    /// moved on the verso instead (the verso staying full and clean).
    fn fill_recto(&mut self, at: Cursor, verso: Fit, target: usize) -> Option<(Fit, Fit)> {
        if let Some(recto) = self.fill(verso.end, target) {
            return Some((verso, recto));
        }
        let first = at.block + usize::from(at.line > 0);
        let last = verso
            .end
            .block
            .min(self.blocks.block_count().saturating_sub(1));
        for block in (first..=last).rev() {
            let current = self.blocks.change(block);
            for change in [1, -1, 0] {
                if change == current || !self.blocks.reset(block, change) {
                    continue;
                }
                let moved = self.fit(at, target);
                if self.good(&moved, target) && !moved.exempt {
                    let mark = self.log.len();
                    self.log.push((block, current));
                    if let Some(recto) = self.fill(moved.end, target) {
                        return Some((moved, recto));
                    }
                    self.undo(mark);
                } else {
                    self.blocks.reset(block, current);
                }
            }
        }
        None
    }

    fn undo(&mut self, to: usize) {
        while self.log.len() > to {
            if let Some((block, change)) = self.log.pop() {
                self.blocks.reset(block, change);
            }
        }
    }

    /// The page that breaks the fewest rules when nothing breaks none, fullest first;
    /// `then` adds what the choice costs the page after it.
    fn least_bad(&self, start: Cursor, then: impl Fn(&Self, &Fit) -> u64) -> Fit {
        (1..=self.lpp)
            .rev()
            .map(|target| self.fit(start, target))
            .min_by_key(|fit| (fit.violations + then(self, fit), usize::MAX - fit.height))
            .unwrap_or_else(|| self.fit(start, self.lpp))
    }
}

/// How many grid lines short a spread may run, together, before rules are broken.
const MAX_SHORT: usize = 2;

/// Breaks reflowable blocks into pages on the grid: every page full and no rule
/// broken (widows, orphans, hyphens or keep-with-next lines at page ends), moving
/// lines by resetting paragraphs; where that fails, the two pages of a spread run
/// short by the same amount; failing that, the fewest rules are broken.
/// Pages index the lines of all blocks in order, as set at the end.
pub fn paginate<R: Reflow>(blocks: &mut R, params: &PageParams) -> Vec<Page> {
    let lpp = params.lines_per_page.max(1);
    let mut p = Paginator {
        blocks,
        lpp,
        widow_orphan_control: params.widow_orphan_control,
        log: Vec::new(),
    };
    let mut fits: Vec<(Cursor, Fit)> = Vec::new();
    let mut at = p.normalize(Cursor { block: 0, line: 0 });
    let mut number = params.first_page_number;
    while !p.at_end(at) {
        let verso = number % 2 == 0;
        p.log.clear();
        let mut placed = false;
        for short in 0..=MAX_SHORT.min(lpp - 1) {
            let target = lpp - short;
            let mark = p.log.len();
            let Some(first) = p.fill(at, target) else {
                continue;
            };
            if !verso || first.exempt {
                // A recto facing a page outside the story, or the story's last page.
                fits.push((at, first));
                at = first.end;
                number += 1;
                placed = true;
                break;
            }
            if let Some((first, second)) = p.fill_recto(at, first, target) {
                fits.push((at, first));
                fits.push((first.end, second));
                at = second.end;
                number += 2;
                placed = true;
                break;
            }
            p.undo(mark);
        }
        if !placed {
            let fit = p.least_bad(at, |p, fit| {
                if !verso || fit.exempt {
                    0
                } else {
                    p.least_bad(fit.end, |_, _| 0).violations
                }
            });
            fits.push((at, fit));
            at = fit.end;
            number += 1;
        }
    }
    // Cursors to positions in the lines of all blocks, as finally set.
    let mut offsets = Vec::with_capacity(p.blocks.block_count() + 1);
    let mut total = 0;
    for block in 0..p.blocks.block_count() {
        offsets.push(total);
        total += p.blocks.lines(block).len();
    }
    offsets.push(total);
    let flat = |c: Cursor| offsets[c.block.min(offsets.len() - 1)] + c.line;
    fits.iter()
        .map(|(start, fit)| Page {
            first: flat(*start),
            end: flat(fit.end),
            short_by: lpp.saturating_sub(fit.height),
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
