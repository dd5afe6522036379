//! Knuth–Plass total-fit line breaking over boxes, glue and penalties.
//! Chooses the break sequence with the least total demerits; if no sequence fits
//! the tolerance it retries with emergency stretch, then with a pass that cannot fail.
//!
//! Overfull lines: the reported `ratio` is never below −1.0. A line is only set
//! overfull when no non-overfull break sequence exists (unbreakable material wider
//! than the measure); it is then reported with `ratio == -1.0` (all shrink used)
//! and the overflow can be read with [`line_metrics`].

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Item {
    /// Unbreakable material (a word fragment), width in points.
    Box { width: f32 },
    /// Stretchable space. A break is allowed at a glue only if the previous item is a Box.
    Glue {
        width: f32,
        stretch: f32,
        shrink: f32,
    },
    /// Break opportunity. `width` is added to the line only if we break here (e.g. hyphen width).
    /// penalty >= INFINITY_PENALTY forbids a break; <= -INFINITY_PENALTY forces one.
    /// `flagged` marks hyphen breaks (for consecutive-hyphen demerits and the max-run rule).
    Penalty {
        width: f32,
        penalty: f32,
        flagged: bool,
    },
}

pub const INFINITY_PENALTY: f32 = 10000.0;

#[derive(Debug, Clone, PartialEq)]
pub struct BreakParams {
    /// Largest adjustment ratio of a first pass (TeX's \pretolerance); 0 skips it.
    pub pretolerance: f32,
    /// Largest adjustment ratio accepted in the next two passes (badness = 100·|r|³).
    pub tolerance: f32,
    /// Added to every line's badness before squaring; favours fewer lines.
    pub line_penalty: f32,
    /// Not used by the breaker; callers put it in their hyphen penalties.
    pub hyphen_penalty: f32,
    /// Added when two consecutive lines end at flagged (hyphen) breaks.
    pub flagged_demerits: f32,
    /// Added when adjacent lines' fitness classes differ by more than one.
    pub fitness_demerits: f32,
    /// Hard limit on hyphenated lines in a row (forced breaks are exempt).
    pub max_consecutive_hyphens: usize,
    /// Extra stretch (points) per line for the second pass; 0 skips that pass.
    pub emergency_stretch: f32,
    /// The paragraph's penultimate line (the one before the last line) may not end
    /// with a hyphen. Relaxed only when nothing else can be set.
    pub last_line_not_hyphenated: bool,
}

impl Default for BreakParams {
    fn default() -> Self {
        BreakParams {
            pretolerance: 0.0,
            tolerance: 2.0,
            line_penalty: 10.0,
            hyphen_penalty: 50.0,
            flagged_demerits: 3000.0,
            fitness_demerits: 3000.0,
            max_consecutive_hyphens: 2,
            emergency_stretch: 0.0,
            last_line_not_hyphenated: true,
        }
    }
}

impl BreakParams {
    /// Defaults with emergency stretch set to a tenth of the measure.
    pub fn for_measure(width: f32) -> Self {
        BreakParams {
            emergency_stretch: 0.1 * width,
            ..Self::default()
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// Index of the first item on the line (leading glue/penalties discarded).
    pub start: usize,
    /// Index of the break item (exclusive end of content). Equals `items.len()`
    /// when the items did not end with a forced break.
    pub end: usize,
    /// Adjustment ratio: >0 stretch, <0 shrink, relative to the line's real
    /// stretch/shrink. 0 when the line needs stretch but has none; −1 when overfull.
    pub ratio: f32,
    /// The line ends at a flagged penalty.
    pub hyphenated: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum BreakError {
    NoFeasibleBreaks,
}

/// Natural width (including the break penalty's width), stretch and shrink of a line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LineMetrics {
    pub natural: f32,
    pub stretch: f32,
    pub shrink: f32,
}

impl LineMetrics {
    /// Points by which the line exceeds `width` even with all shrink used (0 if it fits).
    pub fn overflow(&self, width: f32) -> f32 {
        (self.natural - self.shrink.max(0.0) - width).max(0.0)
    }
}

/// Measures a line produced by [`break_lines`] (e.g. to detect overflow).
pub fn line_metrics(items: &[Item], line: &Line) -> LineMetrics {
    let end = line.end.min(items.len());
    let start = line.start.min(end);
    let (mut w, mut y, mut z) = (0.0f64, 0.0f64, 0.0f64);
    for item in &items[start..end] {
        match *item {
            Item::Box { width } => w += fin(width),
            Item::Glue {
                width,
                stretch,
                shrink,
            } => {
                w += fin(width);
                y += fin(stretch);
                z += fin(shrink);
            }
            Item::Penalty { .. } => {}
        }
    }
    if let Some(Item::Penalty { width, .. }) = items.get(line.end) {
        w += fin(*width);
    }
    LineMetrics {
        natural: w as f32,
        stretch: y as f32,
        shrink: z as f32,
    }
}

/// Breaks `items` into lines; `line_width(i)` is the measure of line `i` (0-based).
/// Never panics; an empty item list gives no lines.
pub fn break_lines(
    items: &[Item],
    line_width: &dyn Fn(usize) -> f32,
    params: &BreakParams,
) -> Vec<Line> {
    break_lines_indexed(items, &BreakIndex::new(items, line_width), params)
}

/// [`break_lines`] over an index already made of `items`.
pub fn break_lines_indexed(items: &[Item], index: &BreakIndex, params: &BreakParams) -> Vec<Line> {
    if items.is_empty() {
        return Vec::new();
    }
    let ctx = Ctx::new(items, index, params);
    if params.pretolerance > 0.0 {
        if let Some(lines) = ctx.run(Pass::First) {
            return lines;
        }
    }
    if let Some(lines) = ctx.run(Pass::Normal) {
        return lines;
    }
    if params.emergency_stretch > 0.0 {
        if let Some(lines) = ctx.run(Pass::Emergency) {
            return lines;
        }
    }
    ctx.run(Pass::Final).unwrap_or_else(|| ctx.forced_only())
}

/// Like [`break_lines`] but only accepts solutions within `tolerance` (with
/// emergency stretch if set), for callers that prefer to re-hyphenate or reflow.
pub fn try_break_lines(
    items: &[Item],
    line_width: &dyn Fn(usize) -> f32,
    params: &BreakParams,
) -> Result<Vec<Line>, BreakError> {
    if items.is_empty() {
        return Ok(Vec::new());
    }
    let index = BreakIndex::new(items, line_width);
    let ctx = Ctx::new(items, &index, params);
    if params.pretolerance > 0.0 {
        if let Some(lines) = ctx.run(Pass::First) {
            return Ok(lines);
        }
    }
    if let Some(lines) = ctx.run(Pass::Normal) {
        return Ok(lines);
    }
    if params.emergency_stretch > 0.0 {
        if let Some(lines) = ctx.run(Pass::Emergency) {
            return Ok(lines);
        }
    }
    Err(BreakError::NoFeasibleBreaks)
}

/// The best setting within `tolerance` for each possible line count, fewest lines
/// first (TeX's `\looseness`, all counts in one run): every line number is told
/// apart, so the active list is a few times longer than for [`break_lines`].
pub fn break_lines_by_count(
    items: &[Item],
    line_width: &dyn Fn(usize) -> f32,
    params: &BreakParams,
) -> Vec<Vec<Line>> {
    break_lines_by_count_indexed(items, &BreakIndex::new(items, line_width), params)
}

/// [`break_lines_by_count`] over an index already made of `items`.
pub fn break_lines_by_count_indexed(
    items: &[Item],
    index: &BreakIndex,
    params: &BreakParams,
) -> Vec<Vec<Line>> {
    if items.is_empty() {
        return Vec::new();
    }
    let mut ctx = Ctx::new(items, index, params);
    ctx.easy_line = index.widths.len();
    let Some((nodes, active)) = ctx.run_nodes(Pass::Normal) else {
        return Vec::new();
    };
    let mut best: Vec<usize> = Vec::new();
    for &node in &active {
        match best
            .iter_mut()
            .find(|b| nodes[**b].line == nodes[node].line)
        {
            Some(b) if nodes[*b].demerits <= nodes[node].demerits => {}
            Some(b) => *b = node,
            None => best.push(node),
        }
    }
    best.sort_by_key(|&b| nodes[b].line);
    best.into_iter().map(|b| Ctx::trace(&nodes, b)).collect()
}

/// Absorbs non-finite input so that arithmetic never produces NaN.
fn fin(x: f32) -> f64 {
    if x.is_finite() {
        x as f64
    } else {
        0.0
    }
}

/// Slack below which a line counts as exactly filled; guards against f32 sums.
const EPS: f64 = 1e-3;
/// Badness of a line that must stretch but has no stretch (TeX's "infinitely bad").
const MAX_BADNESS: f64 = 1e12;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Pass {
    /// Within the pretolerance.
    First,
    Normal,
    Emergency,
    Final,
}

#[derive(Clone, Copy)]
struct Brk {
    pos: usize,
    width: f64,
    penalty: f64,
    flagged: bool,
    forced: bool,
}

#[derive(Clone, Copy)]
struct Node {
    pos: usize,
    /// First content item of the line that follows this break.
    start: usize,
    /// Number of lines set so far, i.e. the index of the next line (capped at easy_line).
    line: usize,
    fitness: u8,
    run: usize,
    flagged: bool,
    demerits: f64,
    ratio: f32,
    prev: Option<usize>,
}

struct Fit {
    r_eff: f64,
    ratio: f32,
    overflow: f64,
}

struct Cand {
    line: usize,
    fitness: u8,
    run: usize,
    demerits: f64,
    from: usize,
    ratio: f32,
}

/// What the breaker works from, computed once per paragraph and measure (a
/// paragraph is broken once for its best setting and once for every line count):
/// running sums of widths, stretch and shrink, the legal breaks, and the measure
/// of each possible line.
pub struct BreakIndex {
    /// Measure of each possible line (a paragraph has at most one line per break).
    widths: Vec<f64>,
    /// Of two lines ending at the same break, the one starting later is the looser
    /// (see `new`): the first too loose ends the search.
    monotone: bool,
    /// From this line on every measure is the same, so line numbers beyond it need
    /// not be told apart (TeX's "easy_line"); keeps the active list short.
    easy_line: usize,
    /// Width, stretch and shrink of the items before each index.
    sums: Vec<(f64, f64, f64)>,
    next_content: Vec<usize>,
    breaks: Vec<Brk>,
}

impl BreakIndex {
    /// The index of `items`, with `width(i)` the measure of line `i` (0-based).
    pub fn new(items: &[Item], width: &dyn Fn(usize) -> f32) -> Self {
        let n = items.len();
        let mut sums = Vec::with_capacity(n + 1);
        let (mut w, mut y, mut z) = (0.0, 0.0, 0.0);
        let mut breaks = Vec::new();
        // Lines starting later are looser only if no item has a negative width or
        // stretch (and every line has the same measure, below).
        let mut monotone = true;
        for (i, item) in items.iter().enumerate() {
            sums.push((w, y, z));
            match *item {
                Item::Box { width } => {
                    monotone &= fin(width) >= 0.0;
                    w += fin(width);
                }
                Item::Glue {
                    width,
                    stretch,
                    shrink,
                } => {
                    if i > 0 && matches!(items[i - 1], Item::Box { .. }) {
                        breaks.push(Brk {
                            pos: i,
                            width: 0.0,
                            penalty: 0.0,
                            flagged: false,
                            forced: false,
                        });
                    }
                    monotone &= fin(width) >= 0.0 && fin(stretch) >= 0.0;
                    w += fin(width);
                    y += fin(stretch);
                    z += fin(shrink);
                }
                Item::Penalty {
                    width,
                    penalty,
                    flagged,
                } => {
                    // NaN compares false here, so a NaN penalty is simply not a break.
                    if penalty < INFINITY_PENALTY {
                        let forced = penalty <= -INFINITY_PENALTY;
                        breaks.push(Brk {
                            pos: i,
                            width: fin(width),
                            penalty: if forced { 0.0 } else { penalty as f64 },
                            flagged,
                            forced,
                        });
                    }
                }
            }
        }
        sums.push((w, y, z));
        if !breaks.last().is_some_and(|b| b.forced && b.pos + 1 == n) {
            // A paragraph must end somewhere: treat the end of input as a forced break.
            breaks.push(Brk {
                pos: n,
                width: 0.0,
                penalty: 0.0,
                flagged: false,
                forced: true,
            });
        }
        let mut next_content = vec![n; n + 1];
        for i in (0..n).rev() {
            let content = match items[i] {
                Item::Box { .. } => true,
                Item::Penalty { penalty, .. } => penalty <= -INFINITY_PENALTY,
                Item::Glue { .. } => false,
            };
            next_content[i] = if content { i } else { next_content[i + 1] };
        }
        let widths: Vec<f64> = (0..breaks.len()).map(|i| fin(width(i))).collect();
        monotone &= widths.iter().all(|&w| w == widths[0]);
        let mut easy_line = widths.len() - 1;
        while easy_line > 0 && widths[easy_line - 1] == widths[easy_line] {
            easy_line -= 1;
        }
        BreakIndex {
            widths,
            monotone,
            easy_line,
            sums,
            next_content,
            breaks,
        }
    }
}

struct Ctx<'a> {
    items: &'a [Item],
    params: &'a BreakParams,
    index: &'a BreakIndex,
    /// As in the index; tests turn it off to compare.
    monotone: bool,
    /// As in the index, or every line told apart (`break_lines_by_count`).
    easy_line: usize,
    /// Hyphen runs are tracked up to this length; beyond the limit they cannot matter.
    run_cap: usize,
}

impl<'a> Ctx<'a> {
    fn new(items: &'a [Item], index: &'a BreakIndex, params: &'a BreakParams) -> Self {
        let run_cap = if params.max_consecutive_hyphens >= index.breaks.len() {
            1
        } else {
            params.max_consecutive_hyphens + 1
        };
        Ctx {
            items,
            params,
            index,
            monotone: index.monotone,
            easy_line: index.easy_line,
            run_cap,
        }
    }

    fn start_after(&self, pos: usize) -> usize {
        self.index
            .next_content
            .get(pos + 1)
            .copied()
            .unwrap_or(self.items.len())
    }

    fn measure(&self, a: &Node, b: &Brk, extra: f64) -> Fit {
        let widths = &self.index.widths;
        let l = widths[a.line.min(widths.len() - 1)];
        let (end, start) = (self.index.sums[b.pos], self.index.sums[a.start]);
        let w = end.0 - start.0 + b.width;
        let y = end.1 - start.1;
        let z = end.2 - start.2;
        let diff = l - w;
        let (r_eff, ratio) = if diff > EPS {
            let ye = y + extra;
            let r_eff = if ye > 0.0 { diff / ye } else { f64::INFINITY };
            (r_eff, if y > 0.0 { diff / y } else { 0.0 })
        } else if diff < -EPS {
            let r = if z > 0.0 { diff / z } else { f64::NEG_INFINITY };
            (r, r.max(-1.0))
        } else {
            (0.0, 0.0)
        };
        Fit {
            r_eff,
            ratio: ratio.min(f32::MAX as f64) as f32,
            overflow: (w - z.max(0.0) - l).max(0.0),
        }
    }

    fn demerits(&self, a: &Node, b: &Brk, r: f64) -> (f64, u8) {
        let p = self.params;
        let badness = (100.0 * r.abs().powi(3)).min(MAX_BADNESS);
        let mut d = (fin(p.line_penalty) + badness).powi(2);
        if b.penalty >= 0.0 {
            d += b.penalty * b.penalty;
        } else if !b.forced {
            d -= b.penalty * b.penalty;
        }
        if b.flagged && a.flagged {
            d += fin(p.flagged_demerits);
        }
        let fitness = fitness_class(r);
        if fitness.abs_diff(a.fitness) > 1 {
            d += fin(p.fitness_demerits);
        }
        (d, fitness)
    }

    fn run(&self, pass: Pass) -> Option<Vec<Line>> {
        let (nodes, active) = self.run_nodes(pass)?;
        let best = active.iter().copied().min_by(|&x, &y| {
            nodes[x]
                .demerits
                .partial_cmp(&nodes[y].demerits)
                .unwrap_or(std::cmp::Ordering::Equal)
        })?;
        Some(Self::trace(&nodes, best))
    }

    /// The finished paragraphs: every node at the last break, one per surviving
    /// (line count, fitness, hyphen run).
    fn run_nodes(&self, pass: Pass) -> Option<(Vec<Node>, Vec<usize>)> {
        let extra = match pass {
            Pass::First | Pass::Normal => 0.0,
            _ => fin(self.params.emergency_stretch).max(0.0),
        };
        let max_r = match pass {
            Pass::First => fin(self.params.pretolerance),
            Pass::Final => f64::INFINITY,
            _ => fin(self.params.tolerance),
        };
        let last = self.index.breaks.len() - 1;
        let mut nodes = vec![Node {
            pos: 0,
            start: self.index.next_content[0],
            line: 0,
            fitness: 2,
            run: 0,
            flagged: false,
            demerits: 0.0,
            ratio: 0.0,
            prev: None,
        }];
        let mut active = vec![0usize];
        let mut next_active = Vec::new();
        let mut cands: Vec<Cand> = Vec::new();
        for (bi, b) in self.index.breaks.iter().enumerate() {
            cands.clear();
            next_active.clear();
            // Least-bad way to break here ignoring every rule, for the final pass.
            let mut fallback: Option<(f64, f64, Cand)> = None;
            for (at, &ai) in active.iter().enumerate() {
                let a = nodes[ai];
                if a.start > b.pos {
                    next_active.push(ai);
                    continue;
                }
                let fit = self.measure(&a, b, extra);
                if fit.r_eff > max_r && max_r >= 0.0 && self.monotone && pass != Pass::Final {
                    // Active nodes run in order of position, so every later one starts
                    // a shorter line of the same measure, with no more stretch: looser
                    // still. They stay active, untried (unless the break is forced).
                    if !b.forced {
                        next_active.extend_from_slice(&active[at..]);
                    }
                    break;
                }
                let overfull = fit.r_eff < -1.0;
                if !overfull && !b.forced {
                    next_active.push(ai);
                }
                let run = if b.flagged {
                    (a.run + 1).min(self.run_cap)
                } else {
                    0
                };
                let line = (a.line + 1).min(self.easy_line);
                if pass == Pass::Final {
                    let (d, fitness) = self.demerits(&a, b, fit.r_eff.max(-1.0));
                    let key = (fit.overflow, a.demerits + d);
                    if fallback.as_ref().is_none_or(|f| key < (f.0, f.1)) {
                        let cand = Cand {
                            line,
                            fitness,
                            run,
                            demerits: key.1,
                            from: ai,
                            ratio: fit.ratio,
                        };
                        fallback = Some((key.0, key.1, cand));
                    }
                }
                if overfull || fit.r_eff > max_r {
                    continue;
                }
                if !b.forced && run > self.params.max_consecutive_hyphens {
                    continue;
                }
                if bi == last && a.flagged && self.params.last_line_not_hyphenated {
                    continue;
                }
                let (d, fitness) = self.demerits(&a, b, fit.r_eff);
                let total = a.demerits + d;
                match cands
                    .iter_mut()
                    .find(|c| c.line == line && c.fitness == fitness && c.run == run)
                {
                    Some(c) if c.demerits <= total => {}
                    Some(c) => {
                        c.demerits = total;
                        c.from = ai;
                        c.ratio = fit.ratio;
                    }
                    None => cands.push(Cand {
                        line,
                        fitness,
                        run,
                        demerits: total,
                        from: ai,
                        ratio: fit.ratio,
                    }),
                }
            }
            if cands.is_empty() && (next_active.is_empty() || b.forced) {
                if let Some((_, _, cand)) = fallback {
                    cands.push(cand);
                }
            }
            for c in cands.drain(..) {
                next_active.push(nodes.len());
                nodes.push(Node {
                    pos: b.pos,
                    start: self.start_after(b.pos),
                    line: c.line,
                    fitness: c.fitness,
                    run: c.run,
                    flagged: b.flagged,
                    demerits: c.demerits,
                    ratio: c.ratio,
                    prev: Some(c.from),
                });
            }
            std::mem::swap(&mut active, &mut next_active);
            if active.is_empty() {
                return None;
            }
        }
        Some((nodes, active))
    }

    fn trace(nodes: &[Node], best: usize) -> Vec<Line> {
        let mut lines = Vec::new();
        let mut cur = best;
        while let Some(prev) = nodes[cur].prev {
            let n = &nodes[cur];
            lines.push(Line {
                start: nodes[prev].start,
                end: n.pos,
                ratio: n.ratio,
                hyphenated: n.flagged,
            });
            cur = prev;
        }
        lines.reverse();
        lines
    }

    /// Last-ditch result (unreachable in practice): one line per forced break.
    fn forced_only(&self) -> Vec<Line> {
        let mut start = self.index.next_content[0];
        let mut lines = Vec::new();
        for b in self.index.breaks.iter().filter(|b| b.forced) {
            lines.push(Line {
                start: start.min(b.pos),
                end: b.pos,
                ratio: 0.0,
                hyphenated: b.flagged,
            });
            start = self.start_after(b.pos);
        }
        lines
    }
}

/// 0 very loose, 1 loose, 2 decent, 3 tight.
fn fitness_class(r: f64) -> u8 {
    if r > 1.0 {
        0
    } else if r > 0.5 {
        1
    } else if r >= -0.5 {
        2
    } else {
        3
    }
}

#[cfg(test)]
#[path = "linebreak_tests.rs"]
mod tests;
