//! Knuth–Plass total-fit line breaking over boxes, glue and penalties.
//! Chooses the break sequence with the least total demerits; if no sequence fits
//! the tolerance it retries with emergency stretch, then with a pass that cannot fail.
//!
//! Overfull lines: the reported `ratio` is never below −1.0. A line is only set
//! overfull when no non-overfull break sequence exists (unbreakable material wider
//! than the measure); it is then reported with `ratio == -1.0` (all shrink used)
//! and the overflow can be read with `items::line_metrics`.

use super::items::{fin, BreakIndex, BreakParams, Brk, Item, Line};

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
    let ctx = Ctx::new(index, params);
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

#[derive(Debug, Clone, PartialEq)]
pub enum BreakError {
    NoFeasibleBreaks,
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
    let ctx = Ctx::new(&index, params);
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
    let mut ctx = Ctx::new(index, params);
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

/// Bounds on the line counts of the settings [`break_lines_by_count`] can offer
/// (none of its lines overfull or looser than `params.tolerance`), found by two
/// greedy walks, a binary search a line, far cheaper than the run itself:
/// - the fewest: lines filled as far as they go without being overfull. No setting
///   has fewer: line by line, a line begun no later reaches at least as far.
/// - the most: lines ended at the first break not too loose, overfull or not. No
///   setting has more: line by line, a line begun no later ends no later.
///
/// Each line is compared with the same line of the setting, of the same measure,
/// and both walks accept a little more than the breaker does (every break as
/// wide as the widest, a small slack), so that the material of a line only grows
/// with its end (the searches need it) and rounding cannot make a bound too
/// tight. That needs no item of negative width or stretch, and each space that
/// shrinks more than its width (it carries the next word's glyph compression)
/// followed by a wider box, to which it lends the excess (`BreakIndex::counting`);
/// else `None`.
pub fn line_count_bounds(index: &BreakIndex, params: &BreakParams) -> Option<(usize, usize)> {
    const SLACK: f64 = 1e-6;
    let counting = index.counting.as_ref()?;
    let breaks = &index.breaks;
    let last = breaks.len().checked_sub(1)?;
    let max_r = fin(params.tolerance) + SLACK;
    // Past the measure by more than the line can shrink, lent shrink included.
    let overfull = |start: usize, line: usize, pos: usize, extra: f64| {
        let width = index.sums[pos].0 - index.sums[start].0 + extra;
        let shrink = counting.shrink_sums[pos] - counting.shrink_sums[start];
        let over = width - index.measure_of(line);
        over > EPS && over > shrink + SLACK
    };
    // Not looser than the tolerance, were the break as wide as the widest.
    let full_enough = |start: usize, line: usize, pos: usize| {
        let width = index.sums[pos].0 - index.sums[start].0 + counting.widest_break;
        let stretch = index.sums[pos].1 - index.sums[start].1;
        let slack = index.measure_of(line) - width;
        slack <= EPS || (stretch > 0.0 && slack / stretch <= max_r)
    };
    let first_from =
        |start: usize, next: usize| next + breaks[next..].partition_point(|b| b.pos < start);
    // The fewest lines.
    let (mut fewest, mut start, mut next) = (0, index.next_content[0], 0);
    loop {
        let first = first_from(start, next);
        let fits =
            first + breaks[first..].partition_point(|b| !overfull(start, fewest, b.pos, 0.0));
        // The furthest of them that fits with its own width (a hyphen's).
        let bi = (first..fits)
            .rev()
            .find(|&bi| !overfull(start, fewest, breaks[bi].pos, breaks[bi].width))?;
        fewest += 1;
        if bi == last {
            break;
        }
        (start, next) = (index.start_after(breaks[bi].pos), bi + 1);
    }
    // The most lines.
    let (mut most, mut start, mut next) = (1, index.next_content[0], 0);
    loop {
        let first = first_from(start, next).min(last);
        let bi =
            first + breaks[first..last].partition_point(|b| !full_enough(start, most - 1, b.pos));
        if bi >= last {
            break;
        }
        (start, next) = (index.start_after(breaks[bi].pos), bi + 1);
        most += 1;
    }
    Some((fewest, most))
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

struct Ctx<'a> {
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
    fn new(index: &'a BreakIndex, params: &'a BreakParams) -> Self {
        let run_cap = if params.max_consecutive_hyphens >= index.breaks.len() {
            1
        } else {
            params.max_consecutive_hyphens + 1
        };
        Ctx {
            params,
            index,
            monotone: index.monotone,
            easy_line: index.easy_line,
            run_cap,
        }
    }

    fn measure(&self, a: &Node, b: &Brk, extra: f64) -> Fit {
        let l = self.index.measure_of(a.line);
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
        let mut nodes = vec![Node::paragraph_start(self.index.next_content[0])];
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
                    start: self.index.start_after(b.pos),
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
            start = self.index.start_after(b.pos);
        }
        lines
    }
}

impl Node {
    /// The paragraph's start, before its first content item `start`: no line set
    /// yet, a decent fitness (TeX's), no hyphen before it.
    fn paragraph_start(start: usize) -> Node {
        Node {
            pos: 0,
            start,
            line: 0,
            fitness: 2,
            run: 0,
            flagged: false,
            demerits: 0.0,
            ratio: 0.0,
            prev: None,
        }
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
