use super::*;
use crate::render::pdf::inline::items::{line_metrics, INFINITY_PENALTY};
use crate::render::pdf::inline::prepare::FILL;

const GLUE: Item = Item::Glue {
    width: 10.0,
    stretch: 10.0,
    shrink: 5.0,
};
const FORCE: Item = Item::Penalty {
    width: 0.0,
    penalty: -INFINITY_PENALTY,
    flagged: false,
};

fn b(width: f32) -> Item {
    Item::Box { width }
}

fn g(width: f32, stretch: f32, shrink: f32) -> Item {
    Item::Glue {
        width,
        stretch,
        shrink,
    }
}

fn hyphen(penalty: f32) -> Item {
    Item::Penalty {
        width: 5.0,
        penalty,
        flagged: true,
    }
}

/// Words separated by `glue`, ended the way callers end paragraphs.
fn para_with(widths: &[f32], glue: Item) -> Vec<Item> {
    let mut v = Vec::new();
    for (i, &w) in widths.iter().enumerate() {
        if i > 0 {
            v.push(glue);
        }
        v.push(b(w));
    }
    v.extend([FILL, FORCE]);
    v
}

fn para(widths: &[f32]) -> Vec<Item> {
    para_with(widths, GLUE)
}

fn ends(lines: &[Line]) -> Vec<usize> {
    lines.iter().map(|l| l.end).collect()
}

fn fixed(w: f32) -> impl Fn(usize) -> f32 {
    move |_| w
}

/// Word-processor greedy: break at the last glue where the natural width still fits.
fn first_fit(items: &[Item], width: f32) -> Vec<usize> {
    let mut ends = Vec::new();
    let mut start = 0;
    let mut last_fit = None;
    for (i, it) in items.iter().enumerate() {
        let forced = matches!(it, Item::Penalty { penalty, .. } if *penalty <= -INFINITY_PENALTY);
        let breakable = matches!(it, Item::Glue { .. }) && matches!(items[i - 1], Item::Box { .. });
        if !(forced || breakable) {
            continue;
        }
        let m = line_metrics(
            items,
            &Line {
                start,
                end: i,
                ratio: 0.0,
                hyphenated: false,
            },
        );
        if m.natural > width {
            if let Some(e) = last_fit.take() {
                ends.push(e);
                start = e + 1;
            }
        }
        if forced {
            ends.push(i);
            start = i + 1;
        } else {
            last_fit = Some(i);
        }
    }
    ends
}

struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u32 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as u32
    }
    fn range(&mut self, lo: f32, hi: f32) -> f32 {
        lo + (hi - lo) * (self.next() as f32 / (1u64 << 31) as f32)
    }
}

/// Checks that lines tile the items and that each justified line hits its measure.
fn assert_well_formed(items: &[Item], lines: &[Line], width: &dyn Fn(usize) -> f32) {
    let mut prev_end = None;
    for (i, l) in lines.iter().enumerate() {
        assert!(l.start <= l.end, "line {i}: {l:?}");
        if let Some(p) = prev_end {
            assert!(l.start > p, "line {i} overlaps previous break");
            assert!(items[p + 1..l.start]
                .iter()
                .all(|it| !matches!(it, Item::Box { .. })));
        }
        prev_end = Some(l.end);
        assert!(l.ratio >= -1.0, "line {i} overfull: {l:?}");
        let m = line_metrics(items, l);
        assert!(
            m.overflow(width(i)) < 0.01,
            "line {i} overflows: {l:?} {m:?}"
        );
        let set = if l.ratio >= 0.0 {
            m.natural + l.ratio * m.stretch
        } else {
            m.natural + l.ratio * m.shrink
        };
        if l.ratio != 0.0 {
            assert!((set - width(i)).abs() < 0.05, "line {i} sets to {set}");
        }
    }
    assert_eq!(prev_end, Some(items.len() - 1));
}

#[test]
fn empty_input_gives_no_lines() {
    assert!(break_lines(&[], &fixed(100.0), &BreakParams::default()).is_empty());
}

#[test]
fn short_paragraph_fits_on_one_line() {
    let items = para(&[20.0, 30.0]);
    let lines = break_lines(&items, &fixed(100.0), &BreakParams::default());
    assert_eq!(lines.len(), 1);
    assert_eq!((lines[0].start, lines[0].end), (0, 4));
    assert!(
        lines[0].ratio.abs() < 1e-3,
        "last line sets at natural width"
    );
    assert!(!lines[0].hyphenated);
}

#[test]
fn total_fit_balances_what_first_fit_leaves_loose() {
    // First fit: "45 45 | 20 30 | 35 15 25" leaves line 2 at r = 4 (very loose).
    // Total fit moves "35" up and sets line 2 at r = -0.5.
    let items = para(&[45.0, 45.0, 20.0, 30.0, 35.0, 15.0, 25.0]);
    let params = BreakParams::default();
    let lines = break_lines(&items, &fixed(100.0), &params);
    let greedy = first_fit(&items, 100.0);
    assert_eq!(greedy, vec![3, 7, 14]);
    assert_eq!(ends(&lines), vec![3, 9, 14]);
    assert_ne!(ends(&lines), greedy);
    let loose = line_metrics(
        &items,
        &Line {
            start: 4,
            end: 7,
            ratio: 0.0,
            hyphenated: false,
        },
    );
    assert!((100.0 - loose.natural) / loose.stretch > params.tolerance);
    assert!((lines[1].ratio + 0.5).abs() < 1e-4);
    assert_well_formed(&items, &lines, &fixed(100.0));
}

fn random_paragraph(rng: &mut Lcg, words: usize) -> Vec<Item> {
    let mut v = Vec::new();
    for i in 0..words {
        if i > 0 {
            v.push(g(rng.range(3.0, 5.0), 2.0, 1.3));
        }
        let frags = 1 + rng.next() as usize % 3;
        for f in 0..frags {
            if f > 0 {
                v.push(hyphen(50.0));
            }
            v.push(b(rng.range(5.0, 30.0)));
        }
    }
    v.extend([FILL, FORCE]);
    v
}

#[test]
fn no_line_is_ever_overfull_on_random_paragraphs() {
    let mut rng = Lcg(42);
    let mut params = BreakParams::default();
    for case in 0..300 {
        let items = random_paragraph(&mut rng, 5 + case % 60);
        let w = rng.range(80.0, 300.0);
        params.emergency_stretch = if case % 2 == 0 { 0.0 } else { 0.1 * w };
        params.tolerance = [0.5, 1.0, 2.0][case % 3];
        let lines = break_lines(&items, &fixed(w), &params);
        assert!(lines.iter().all(|l| l.ratio >= -1.0), "case {case}");
        assert_well_formed(&items, &lines, &fixed(w));
    }
}

fn max_hyphen_run(lines: &[Line]) -> usize {
    let (mut run, mut max) = (0, 0);
    for l in lines {
        run = if l.hyphenated { run + 1 } else { 0 };
        max = max.max(run);
    }
    max
}

#[test]
fn max_consecutive_hyphens_is_a_hard_limit() {
    // Stiff word spaces and free hyphens: hyphen breaks are the good ones.
    let mut rng = Lcg(9);
    let mut params = BreakParams {
        flagged_demerits: 0.0,
        max_consecutive_hyphens: usize::MAX,
        ..BreakParams::default()
    };
    let mut limit_bites = false;
    for _ in 0..100 {
        let mut items = Vec::new();
        for i in 0..40 {
            if i > 0 {
                items.push(g(6.0, 1.0, 0.5));
            }
            for f in 0..3 {
                if f > 0 {
                    items.push(hyphen(0.0));
                }
                items.push(b(rng.range(8.0, 20.0)));
            }
        }
        items.extend([FILL, FORCE]);
        params.max_consecutive_hyphens = usize::MAX;
        let free = break_lines(&items, &fixed(120.0), &params);
        limit_bites |= max_hyphen_run(&free) > 2;
        params.max_consecutive_hyphens = 2;
        let limited = break_lines(&items, &fixed(120.0), &params);
        assert!(max_hyphen_run(&limited) <= 2, "{limited:?}");
        assert!(limited.iter().any(|l| l.hyphenated));
        assert_well_formed(&items, &limited, &fixed(120.0));
    }
    assert!(limit_bites, "test data never needed the limit");
}

#[test]
fn emergency_stretch_rescues_an_unsettable_paragraph() {
    // Each two-word line has 5pt to fill with 1pt of stretch: r = 5 > tolerance.
    let items = para_with(&[45.0; 4], g(5.0, 1.0, 1.0));
    let mut params = BreakParams {
        tolerance: 2.0,
        emergency_stretch: 10.0,
        ..BreakParams::default()
    };
    assert_eq!(
        try_break_lines(
            &items,
            &fixed(100.0),
            &BreakParams {
                emergency_stretch: 0.0,
                ..params.clone()
            }
        ),
        Err(BreakError::NoFeasibleBreaks)
    );
    let lines = try_break_lines(&items, &fixed(100.0), &params).unwrap();
    assert_eq!(ends(&lines), vec![3, 8]);
    assert!(
        (lines[0].ratio - 5.0).abs() < 1e-4,
        "ratio is relative to real stretch"
    );
    assert!(lines[0].ratio > params.tolerance);
    // Without emergency stretch the final pass still sets it, without overflow.
    params.emergency_stretch = 0.0;
    let lines = break_lines(&items, &fixed(100.0), &params);
    assert_eq!(ends(&lines), vec![3, 8]);
    assert_well_formed(&items, &lines, &fixed(100.0));
}

#[test]
fn forced_breaks_always_break_and_infinite_penalties_never_do() {
    let p = BreakParams::default();
    let nobreak = Item::Penalty {
        width: 0.0,
        penalty: INFINITY_PENALTY,
        flagged: false,
    };
    // (name, items, line ends that must appear, indices that must not be line ends)
    type Case = (&'static str, Vec<Item>, Vec<usize>, Vec<usize>);
    let cases: Vec<Case> = vec![
        (
            "forced break with fill before it",
            vec![
                b(20.0),
                GLUE,
                b(20.0),
                FILL,
                FORCE,
                b(20.0),
                GLUE,
                b(20.0),
                FILL,
                FORCE,
            ],
            vec![4, 9],
            vec![],
        ),
        (
            "forced break on a line that cannot be justified",
            vec![b(20.0), GLUE, b(20.0), FORCE, b(20.0), FILL, FORCE],
            vec![3, 6],
            vec![],
        ),
        (
            "two forced breaks in a row",
            vec![b(20.0), FILL, FORCE, FORCE, b(20.0), FILL, FORCE],
            vec![2, 3, 6],
            vec![],
        ),
        (
            // 45+10+45 = 100 would be perfect at index 3, but a tie forbids it there.
            "infinite penalty ties two words",
            vec![
                b(45.0),
                GLUE,
                b(45.0),
                nobreak,
                GLUE,
                b(30.0),
                GLUE,
                b(20.0),
                GLUE,
                b(30.0),
                FILL,
                FORCE,
            ],
            vec![11],
            vec![3, 4],
        ),
        (
            "infinite penalty between boxes",
            vec![b(60.0), nobreak, b(60.0), FILL, FORCE],
            vec![4],
            vec![1],
        ),
    ];
    for (name, items, must, must_not) in cases {
        let lines = break_lines(&items, &fixed(100.0), &p);
        let e = ends(&lines);
        for m in &must {
            assert!(e.contains(m), "{name}: {e:?} lacks {m}");
        }
        for m in &must_not {
            assert!(!e.contains(m), "{name}: {e:?} breaks at {m}");
        }
    }
}

#[test]
fn per_line_widths_are_honoured() {
    let items = para(&[20.0; 12]);
    let narrow_first = |i: usize| if i == 0 { 50.0 } else { 100.0 };
    let lines = break_lines(&items, &narrow_first, &BreakParams::default());
    let uniform = break_lines(&items, &fixed(100.0), &BreakParams::default());
    assert_ne!(ends(&lines), ends(&uniform));
    assert_eq!(lines[0].end, 3, "only two words fit the 50pt opening");
    assert_well_formed(&items, &lines, &narrow_first);
}

/// Breaks after "26 26 16"; line 2 is "40 14 14" (loose, r = 0.6) or
/// "40 14 14 d" (tight). Item 11 ends the loose variant, item 13 the tight one.
fn fitness_items(d: f32) -> Vec<Item> {
    para_with(
        &[26.0, 26.0, 16.0, 40.0, 14.0, 14.0, d, 30.0],
        g(10.0, 10.0, 10.0),
    )
}

#[test]
fn adjacent_fitness_class_jumps_are_penalised() {
    let with = BreakParams::default();
    let without = BreakParams {
        fitness_demerits: 0.0,
        ..BreakParams::default()
    };
    // (name, d, params, expected ends)
    let cases = [
        (
            "equal badness: loose,loose beats loose,tight",
            20.0,
            &with,
            vec![5, 11, 16],
        ),
        (
            "tight line is better but jumps a class",
            19.0,
            &with,
            vec![5, 11, 16],
        ),
        (
            "same data without fitness demerits",
            19.0,
            &without,
            vec![5, 13, 16],
        ),
    ];
    for (name, d, params, want) in cases {
        let items = fitness_items(d);
        let lines = break_lines(&items, &fixed(100.0), params);
        assert_eq!(ends(&lines), want, "{name}");
        assert!((lines[0].ratio - 0.6).abs() < 1e-4, "{name}");
    }
}

#[test]
fn unbreakable_box_wider_than_line_overflows_alone() {
    let items = para(&[30.0, 30.0, 150.0, 30.0, 30.0]);
    let lines = break_lines(&items, &fixed(100.0), &BreakParams::default());
    let overfull: Vec<_> = lines
        .iter()
        .filter(|l| line_metrics(&items, l).overflow(100.0) > 0.0)
        .collect();
    assert_eq!(overfull.len(), 1);
    assert_eq!(
        (overfull[0].start, overfull[0].end, overfull[0].ratio),
        (4, 5, -1.0)
    );
}

#[test]
fn degenerate_inputs_never_panic() {
    let nan = f32::NAN;
    let inputs: Vec<Vec<Item>> = vec![
        vec![GLUE],
        vec![FORCE],
        vec![b(10.0)],
        vec![b(nan), g(nan, nan, nan), b(f32::INFINITY), hyphen(nan)],
        vec![hyphen(0.0), hyphen(0.0), b(500.0), GLUE, GLUE, b(-20.0)],
        vec![b(10.0), g(5.0, -3.0, -2.0), b(10.0), FILL, FORCE],
    ];
    for items in &inputs {
        for w in [0.0, -5.0, nan, 100.0] {
            let lines = break_lines(items, &fixed(w), &BreakParams::default());
            assert!(!lines.is_empty());
            assert!(lines.iter().all(|l| l.ratio >= -1.0 && l.ratio.is_finite()));
            // The line-count bounds give up or hold what the run offers.
            let params = BreakParams::default();
            let index = BreakIndex::new(items, &fixed(w));
            if let Some((fewest, most)) = line_count_bounds(&index, &params) {
                for setting in break_lines_by_count(items, &fixed(w), &params) {
                    assert!((fewest..=most).contains(&setting.len()), "{items:?} at {w}");
                }
            }
        }
    }
}

/// Ordinary text: words 10–40pt, some hyphenable, word spaces 4pt +3 −1.5.
fn ordinary_paragraph(rng: &mut Lcg, words: usize) -> Vec<Item> {
    let mut v = Vec::new();
    for i in 0..words {
        if i > 0 {
            v.push(g(4.0, 3.0, 1.5));
        }
        let frags = if rng.next().is_multiple_of(3) { 2 } else { 1 };
        for f in 0..frags {
            if f > 0 {
                v.push(hyphen(50.0));
            }
            v.push(b(rng.range(10.0, 40.0) / frags as f32));
        }
    }
    v.extend([FILL, FORCE]);
    v
}

#[test]
fn three_hundred_words_set_in_the_first_pass() {
    // Speed is measured by the benchmarks, not here.
    let mut rng = Lcg(1);
    let items = ordinary_paragraph(&mut rng, 300);
    let params = BreakParams::for_measure(300.0);
    let lines = break_lines(&items, &fixed(300.0), &params);
    assert!(
        lines.iter().all(|l| l.ratio <= params.tolerance),
        "first pass"
    );
    assert_well_formed(&items, &lines, &fixed(300.0));
}

#[test]
fn every_line_count_within_tolerance_is_offered() {
    // 40 words of 20 pt: 8 words fill 195 pt of a 200 pt measure (5 lines), and
    // 7 words stretch to it at ratio 5/6 (6 lines).
    let items = para_with(&[20.0; 40], g(5.0, 6.0, 5.0 / 3.0));
    let params = BreakParams {
        tolerance: 1.0,
        ..BreakParams::default()
    };
    let natural = break_lines(&items, &fixed(200.0), &params);
    let by_count = break_lines_by_count(&items, &fixed(200.0), &params);
    let counts: Vec<usize> = by_count.iter().map(|l| l.len()).collect();
    assert!(counts.contains(&natural.len()), "{counts:?}");
    assert!(counts.contains(&(natural.len() + 1)), "{counts:?}");
    for lines in &by_count {
        assert_well_formed(&items, lines, &fixed(200.0));
        let last = lines.len() - 1;
        assert!(lines[..last].iter().all(|l| l.ratio.abs() <= 1.0 + 1e-3));
    }
}

#[test]
fn ending_the_search_at_the_first_too_loose_line_changes_nothing() {
    // The breaker stops trying older-to-newer active nodes at the first too loose
    // line; here every node is tried as well, and every pass and line count must
    // come out the same.
    let mut rng = Lcg(7);
    for case in 0..200 {
        let items = if case % 2 == 0 {
            random_paragraph(&mut rng, 5 + case % 50)
        } else {
            ordinary_paragraph(&mut rng, 5 + case % 70)
        };
        let w = rng.range(80.0, 300.0);
        let params = BreakParams {
            pretolerance: 1.0,
            tolerance: [1.0, 1.6, 2.2][case % 3],
            emergency_stretch: 0.1 * w,
            ..BreakParams::default()
        };
        let width = fixed(w);
        let index = BreakIndex::new(&items, &width);
        let mut ctx = Ctx::new(&index, &params);
        assert!(ctx.monotone, "case {case}");
        for by_count in [false, true] {
            if by_count {
                ctx.easy_line = index.widths.len();
            }
            for pass in [Pass::First, Pass::Normal, Pass::Emergency] {
                ctx.monotone = true;
                let stopping = ctx.run_nodes(pass);
                ctx.monotone = false;
                let trying_all = ctx.run_nodes(pass);
                let traced = |run: Option<(Vec<Node>, Vec<usize>)>| {
                    run.map(|(nodes, active)| {
                        active
                            .iter()
                            .map(|&node| (nodes[node].demerits, Ctx::trace(&nodes, node)))
                            .collect::<Vec<_>>()
                    })
                };
                assert_eq!(traced(stopping), traced(trying_all), "case {case}");
            }
        }
    }
}

// The breaker against an exhaustive search, and its passes, limits and demerits
// one rule at a time (written for the mutants cargo-mutants left alive).
#[path = "linebreak_rule_tests.rs"]
mod rules;
#[path = "linebreak_search_tests.rs"]
mod search;
