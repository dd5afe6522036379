//! The line breaker's input and output: Knuth–Plass items (boxes, glue, penalties),
//! the parameters of a search, the lines it returns, and the index (running sums,
//! legal breaks, measures) it works from. `prepare` makes the items, `linebreak`
//! searches them, `line` sets what it found.
//!
//! Widths here are raw `f32` points: the breaker sums them in its inner loop.

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

/// Measures a line the breaker returned (e.g. to detect overflow).
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

/// Absorbs non-finite input so that arithmetic never produces NaN.
pub(super) fn fin(x: f32) -> f64 {
    if x.is_finite() {
        x as f64
    } else {
        0.0
    }
}

#[derive(Clone, Copy)]
pub(super) struct Brk {
    pub(super) pos: usize,
    pub(super) width: f64,
    pub(super) penalty: f64,
    pub(super) flagged: bool,
    pub(super) forced: bool,
}

/// What the breaker works from, computed once per paragraph and measure (a
/// paragraph is broken once for its best setting and once for every line count):
/// running sums of widths, stretch and shrink, the legal breaks, and the measure
/// of each possible line.
pub struct BreakIndex {
    /// Measure of each possible line (a paragraph has at most one line per break).
    pub(super) widths: Vec<f64>,
    /// Of two lines ending at the same break, the one starting later is the looser
    /// (see `new`): the first too loose ends the search.
    pub(super) monotone: bool,
    /// From this line on every measure is the same, so line numbers beyond it need
    /// not be told apart (TeX's "easy_line"); keeps the active list short.
    pub(super) easy_line: usize,
    /// Width, stretch and shrink of the items before each index.
    pub(super) sums: Vec<(f64, f64, f64)>,
    pub(super) next_content: Vec<usize>,
    pub(super) breaks: Vec<Brk>,
    /// For `linebreak::line_count_bounds`, where it holds (`None` elsewhere): the
    /// running sums of shrink with each space's excess over its width lent to the
    /// word after it, and the widest break (a hyphen).
    pub(super) counting: Option<Counting>,
}

/// What the line-count bounds walk on (see `BreakIndex::counting`).
pub(super) struct Counting {
    pub(super) shrink_sums: Vec<f64>,
    pub(super) widest_break: f64,
}

impl BreakIndex {
    /// Where the line after a break at `pos` starts: the next content item.
    pub(super) fn start_after(&self, pos: usize) -> usize {
        // `sums` has one entry past the last item: its length is the items' count + 1.
        self.next_content
            .get(pos + 1)
            .copied()
            .unwrap_or(self.sums.len() - 1)
    }

    /// The measure of line `line` (0-based); the last one given for every line after.
    pub(super) fn measure_of(&self, line: usize) -> f64 {
        self.widths[line.min(self.widths.len() - 1)]
    }

    /// The index of `items`, with `width(i)` the measure of line `i` (0-based).
    pub fn new(items: &[Item], width: &dyn Fn(usize) -> f32) -> Self {
        let n = items.len();
        let mut sums = Vec::with_capacity(n + 1);
        let (mut w, mut y, mut z) = (0.0, 0.0, 0.0);
        let mut breaks = Vec::new();
        // Lines starting later are looser only if no item has a negative width or
        // stretch (and every line has the same measure, below).
        let mut monotone = true;
        // For the line-count bounds: shrink with excesses lent on, and whether
        // they hold (no negative width or stretch anywhere, each excess lent to a
        // wider box right after its space).
        let mut counting = true;
        let mut shrink_sums = Vec::with_capacity(n + 1);
        let (mut lent_total, mut lent) = (0.0, 0.0);
        let mut widest_break: f64 = 0.0;
        for (i, item) in items.iter().enumerate() {
            sums.push((w, y, z));
            shrink_sums.push(lent_total);
            match *item {
                Item::Box { width } => {
                    monotone &= fin(width) >= 0.0;
                    counting &= fin(width) >= lent;
                    lent_total += std::mem::take(&mut lent);
                    w += fin(width);
                }
                Item::Glue {
                    width,
                    stretch,
                    shrink,
                } => {
                    let excess = fin(shrink) - fin(width);
                    counting &= fin(shrink) >= 0.0
                        && (excess <= 0.0 || matches!(items.get(i + 1), Some(Item::Box { .. })));
                    lent_total += fin(shrink).min(fin(width));
                    lent = excess.max(0.0);
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
                    counting &= fin(width) >= 0.0;
                    if penalty < INFINITY_PENALTY {
                        widest_break = widest_break.max(fin(width));
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
        shrink_sums.push(lent_total);
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
        // No negative width or stretch so far: what the line-count bounds need too.
        let grows = monotone;
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
            counting: (counting && grows).then_some(Counting {
                shrink_sums,
                widest_break,
            }),
        }
    }
}
