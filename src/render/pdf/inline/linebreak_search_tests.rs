//! The line breaker against an exhaustive search of every break sequence, and
//! its passes, limits and demerits one rule at a time: the tests that kill the
//! mutants of `linebreak.rs` the first tests left alive (see README, mutation
//! testing). The helpers are the parent module's.

use super::*;

/// The rules of the search written out once more, for `least_demerits_by_search`:
/// the demerits of `ends` (break positions in `breaks`, the last one included), or
/// `None` if a line is overfull, looser than `tolerance`, or breaks a hyphen rule.
fn demerits_of(index: &BreakIndex, items: &[Item], ends: &[usize], p: &BreakParams) -> Option<f64> {
    let (mut total, mut fitness, mut run, mut flagged) = (0.0, 2u8, 0, false);
    let mut start = index.next_content[0];
    for (line, &bi) in ends.iter().enumerate() {
        let b = index.breaks[bi];
        let measure = index.widths[line.min(index.widths.len() - 1)];
        let (mut w, mut y, mut z) = (b.width, 0.0, 0.0);
        for item in &items[start..b.pos] {
            match *item {
                Item::Box { width } => w += width as f64,
                Item::Glue {
                    width,
                    stretch,
                    shrink,
                } => {
                    w += width as f64;
                    y += stretch as f64;
                    z += shrink as f64;
                }
                Item::Penalty { .. } => {}
            }
        }
        let slack = measure - w;
        let r = if slack > 1e-3 {
            if y > 0.0 {
                slack / y
            } else {
                f64::INFINITY
            }
        } else if slack < -1e-3 {
            if z > 0.0 {
                slack / z
            } else {
                f64::NEG_INFINITY
            }
        } else {
            0.0
        };
        run = if b.flagged { run + 1 } else { 0 };
        let last = line + 1 == ends.len();
        if r < -1.0
            || r > p.tolerance as f64
            || (!b.forced && run > p.max_consecutive_hyphens)
            || (last && flagged && p.last_line_not_hyphenated)
        {
            return None;
        }
        let badness = 100.0 * r.abs().powi(3);
        let mut d = (p.line_penalty as f64 + badness).powi(2);
        if b.penalty >= 0.0 {
            d += b.penalty * b.penalty;
        } else if !b.forced {
            d -= b.penalty * b.penalty;
        }
        if b.flagged && flagged {
            d += p.flagged_demerits as f64;
        }
        let class: u8 = if r > 1.0 {
            0
        } else if r > 0.5 {
            1
        } else if r >= -0.5 {
            2
        } else {
            3
        };
        if class.abs_diff(fitness) > 1 {
            d += p.fitness_demerits as f64;
        }
        total += d;
        (fitness, flagged) = (class, b.flagged);
        start = index
            .next_content
            .get(b.pos + 1)
            .copied()
            .unwrap_or(items.len());
    }
    Some(total)
}

/// Every sequence of breaks tried (forced breaks always taken): the least demerits
/// of the feasible ones with each number of lines.
fn least_demerits_by_search(
    items: &[Item],
    width: &dyn Fn(usize) -> f32,
    p: &BreakParams,
) -> std::collections::BTreeMap<usize, f64> {
    let index = BreakIndex::new(items, width);
    let n = index.breaks.len();
    let optional: Vec<usize> = (0..n - 1).filter(|&i| !index.breaks[i].forced).collect();
    assert!(optional.len() <= 16, "too many breaks to try them all");
    let mut best = std::collections::BTreeMap::new();
    for mask in 0u32..1 << optional.len() {
        let taken = |i: usize| match optional.iter().position(|&o| o == i) {
            Some(k) => mask >> k & 1 == 1,
            None => true,
        };
        let ends: Vec<usize> = (0..n).filter(|&i| taken(i)).collect();
        if let Some(d) = demerits_of(&index, items, &ends, p) {
            let least = best.entry(ends.len()).or_insert(d);
            *least = d.min(*least);
        }
    }
    best
}

/// Which breaks of `index` the lines end at.
fn break_numbers(index: &BreakIndex, lines: &[Line]) -> Vec<usize> {
    lines
        .iter()
        .map(|l| index.breaks.iter().position(|b| b.pos == l.end).unwrap())
        .collect()
}

/// Short random paragraphs (words of one to three fragments, a forced break now and
/// then, a narrower first line or a justified last line now and then): the breaker's lines have the least
/// demerits of every sequence of breaks within the tolerance, and it finds none
/// exactly when there is none; `break_lines_by_count` offers every line count that
/// has a setting, each with its least demerits.
#[test]
fn the_chosen_breaks_have_the_least_demerits_of_all() {
    let mut rng = Lcg(3);
    let (mut found, mut hyphenated) = (0, 0);
    for case in 0..800 {
        let mut items = Vec::new();
        for i in 0..3 + case % 3 {
            if i > 0 {
                if rng.next() % 9 == 0 {
                    items.extend([FILL, FORCE]);
                } else {
                    items.push(g(
                        rng.range(3.0, 6.0),
                        rng.range(1.0, 3.0),
                        rng.range(0.5, 2.0),
                    ));
                }
            }
            for f in 0..1 + rng.next() % 3 {
                if f > 0 {
                    items.push(hyphen(rng.range(-100.0, 150.0)));
                }
                items.push(b(rng.range(6.0, 20.0)));
            }
        }
        // Now and then justified to the end: the last line has a fitness class too.
        if case % 4 == 3 {
            items.push(FORCE);
        } else {
            items.extend([FILL, FORCE]);
        }
        let w = rng.range(40.0, 80.0);
        let first = if case % 3 == 0 { w * 0.7 } else { w };
        let width = move |i: usize| if i == 0 { first } else { w };
        let params = BreakParams {
            tolerance: [2.0, 4.0, 10.0][case % 3],
            max_consecutive_hyphens: 1 + case % 2,
            last_line_not_hyphenated: case % 4 < 2,
            ..BreakParams::default()
        };
        let least = least_demerits_by_search(&items, &width, &params);
        let index = BreakIndex::new(&items, &width);
        let demerits = |lines: &[Line]| {
            assert_well_formed(&items, lines, &width);
            demerits_of(&index, &items, &break_numbers(&index, lines), &params)
                .unwrap_or_else(|| panic!("case {case}: infeasible {lines:?}"))
        };
        let same = |a: f64, b: f64| (a - b).abs() <= 1e-6 * b.max(1.0);
        match (
            least.values().copied().reduce(f64::min),
            try_break_lines(&items, &width, &params),
        ) {
            (None, Err(_)) => {}
            (Some(least), Ok(lines)) => {
                found += 1;
                hyphenated += usize::from(lines.iter().any(|l| l.hyphenated));
                let d = demerits(&lines);
                assert!(same(d, least), "case {case}: {d} against {least}");
            }
            (want, got) => panic!("case {case}: search {want:?}, breaker {got:?}"),
        }
        // The same for each number of lines.
        let by_count = break_lines_by_count(&items, &width, &params);
        let counts: Vec<usize> = by_count.iter().map(Vec::len).collect();
        assert_eq!(
            counts,
            least.keys().copied().collect::<Vec<_>>(),
            "case {case}"
        );
        for lines in &by_count {
            let (d, want) = (demerits(lines), least[&lines.len()]);
            assert!(
                same(d, want),
                "case {case}, {} lines: {d} against {want}",
                lines.len()
            );
        }
    }
    // Both outcomes are exercised.
    assert!((200..=700).contains(&found), "{found} of 800 settable");
    assert!(hyphenated > 60, "{hyphenated} settings with a hyphen");
}

/// A first pass (pretolerance) takes the first setting within it even when the
/// second pass would find fewer demerits. "25 25 25 | 9 30" stretches line 1 to
/// r = 0.25; "25 25 25 9 | 30" shrinks it to r = -0.93 (tight, more demerits).
#[test]
fn the_first_pass_keeps_a_setting_within_the_pretolerance() {
    let items = para_with(&[25.0, 25.0, 25.0, 9.0, 30.0], g(10.0, 10.0, 5.0));
    let loose_first = [5, 10];
    let tight_first = [7, 10];
    let params = |pretolerance| BreakParams {
        pretolerance,
        ..BreakParams::default()
    };
    for (pretolerance, want) in [(0.0, loose_first), (0.1, tight_first), (0.3, loose_first)] {
        let p = params(pretolerance);
        let lines = break_lines(&items, &fixed(100.0), &p);
        assert_eq!(ends(&lines), want, "pretolerance {pretolerance}");
        let tried = try_break_lines(&items, &fixed(100.0), &p).unwrap();
        assert_eq!(ends(&tried), want, "pretolerance {pretolerance}");
        assert_well_formed(&items, &lines, &fixed(100.0));
    }
}

/// `try_break_lines` and `break_lines` run the same passes; where the first finds a
/// setting within the tolerance, the second returns the same one. The data has
/// paragraphs where each pass (pretolerance, tolerance, emergency stretch, final)
/// gives other lines than the next, so skipping or adding a pass shows.
#[test]
fn break_lines_agrees_with_try_break_lines_whenever_it_succeeds() {
    let mut rng = Lcg(11);
    let mut differ = [false; 3];
    for case in 0..300 {
        let items = if case % 2 == 0 {
            random_paragraph(&mut rng, 5 + case % 40)
        } else {
            ordinary_paragraph(&mut rng, 5 + case % 40)
        };
        let w = rng.range(80.0, 250.0);
        let params = BreakParams {
            pretolerance: [0.0, 0.5][case % 2],
            tolerance: [0.5, 1.0, 2.0][case % 3],
            emergency_stretch: [0.0, 0.1 * w][(case / 2) % 2],
            ..BreakParams::default()
        };
        let lines = break_lines(&items, &fixed(w), &params);
        if let Ok(tried) = try_break_lines(&items, &fixed(w), &params) {
            assert_eq!(ends(&lines), ends(&tried), "case {case}");
        }
        let index = BreakIndex::new(&items, &fixed(w));
        let ctx = Ctx::new(&items, &index, &params);
        let run = |pass| ctx.run(pass).map(|l| ends(&l));
        let passes = [Pass::First, Pass::Normal, Pass::Emergency, Pass::Final];
        for (i, pair) in passes.windows(2).enumerate() {
            if let (Some(a), Some(b)) = (run(pair[0]), run(pair[1])) {
                differ[i] |= a != b;
            }
        }
    }
    assert_eq!(differ, [true; 3]);
}

/// Pretolerance 0 means no first pass, even where every line could be shrunk.
/// Justified to the end (no fill): "20 20 20 23.5 | 11.75 11.75 30 30" shrinks both
/// lines to r = -0.9, within a pretolerance of 0, but three lines stretched by
/// 0.25, 0.41 and 0.75 cost fewer demerits, and the second pass finds them.
#[test]
fn a_zero_pretolerance_skips_the_first_pass() {
    let mut items = para_with(
        &[20.0, 20.0, 20.0, 23.5, 11.75, 11.75, 30.0, 30.0],
        g(10.0, 40.0, 5.0),
    );
    items.retain(|item| *item != FILL);
    let shrunk = vec![7, 15];
    let stretched = vec![5, 11, 15];
    for (pretolerance, want) in [(0.0, &stretched), (0.1, &shrunk)] {
        let params = BreakParams {
            pretolerance,
            ..BreakParams::default()
        };
        let lines = break_lines(&items, &fixed(100.0), &params);
        assert_eq!(&ends(&lines), want, "pretolerance {pretolerance}");
        let tried = try_break_lines(&items, &fixed(100.0), &params).unwrap();
        assert_eq!(&ends(&tried), want, "pretolerance {pretolerance}");
        assert_well_formed(&items, &lines, &fixed(100.0));
    }
}

/// Justified to the end (no fill), a paragraph can end in several fitness classes
/// with the same number of lines: `break_lines_by_count` keeps the one with the
/// least demerits for each count.
#[test]
fn each_line_count_keeps_its_least_demerits_when_the_last_line_is_justified() {
    let mut rng = Lcg(5);
    let params = BreakParams {
        tolerance: 3.0,
        ..BreakParams::default()
    };
    let mut settable = 0;
    for case in 0..300 {
        let words: Vec<f32> = (0..6 + case % 8).map(|_| rng.range(8.0, 30.0)).collect();
        let mut items = para_with(&words, g(4.0, 3.0, 2.0));
        items.retain(|item| *item != FILL);
        let width = fixed(rng.range(50.0, 110.0));
        let least = least_demerits_by_search(&items, &width, &params);
        let index = BreakIndex::new(&items, &width);
        let by_count = break_lines_by_count(&items, &width, &params);
        let counts: Vec<usize> = by_count.iter().map(Vec::len).collect();
        assert_eq!(
            counts,
            least.keys().copied().collect::<Vec<_>>(),
            "case {case}"
        );
        for lines in &by_count {
            let d = demerits_of(&index, &items, &break_numbers(&index, lines), &params).unwrap();
            let want = least[&lines.len()];
            assert!(
                (d - want).abs() <= 1e-6 * want,
                "case {case}: {d} against {want}"
            );
        }
        settable += usize::from(!by_count.is_empty());
    }
    assert!(settable > 50, "{settable}");
}

/// The limits are inclusive: a line stretched to exactly the tolerance, or shrunk
/// by exactly all its shrink (r = -1), is acceptable, not too loose or overfull.
#[test]
fn lines_at_exactly_the_tolerance_or_all_shrink_are_acceptable() {
    let params = BreakParams::default();
    // 45 + 10 + 35 = 90: 10 to fill with 5 of stretch, r = 2 = tolerance.
    let loose = vec![b(45.0), g(10.0, 5.0, 1.0), b(35.0), FORCE];
    // 50 + 10 + 45 = 105: 5 too wide with 5 of shrink, r = -1.
    let tight = vec![b(50.0), g(10.0, 5.0, 5.0), b(45.0), FORCE];
    for (items, ratio) in [(loose, params.tolerance), (tight, -1.0)] {
        let lines = try_break_lines(&items, &fixed(100.0), &params).unwrap();
        assert_eq!(ends(&lines), vec![3]);
        assert_eq!(lines[0].ratio, ratio);
    }
}

/// Slack of at most `EPS` either way counts as an exactly filled line: it is set at
/// its natural width (ratio 0), not stretched or shrunk by a hair.
#[test]
fn a_line_within_eps_of_its_measure_is_set_at_natural_width() {
    // Measures and sums made by hand, so that the slack is exactly ±EPS.
    for (measure, width) in [
        (2.0 * EPS, EPS),
        (EPS, 2.0 * EPS),
        (1.0, 1.0 - EPS / 2.0),
        (1.0, 1.0 + EPS / 2.0),
    ] {
        let index = BreakIndex {
            widths: vec![measure],
            monotone: true,
            easy_line: 0,
            sums: vec![(0.0, 0.0, 0.0), (width, 1.0, 1.0)],
            next_content: vec![0, 1],
            breaks: vec![Brk {
                pos: 1,
                width: 0.0,
                penalty: 0.0,
                flagged: false,
                forced: true,
            }],
        };
        let params = BreakParams::default();
        let items = [b(0.0)];
        let ctx = Ctx::new(&items, &index, &params);
        let start = Node {
            pos: 0,
            start: 0,
            line: 0,
            fitness: 2,
            run: 0,
            flagged: false,
            demerits: 0.0,
            ratio: 0.0,
            prev: None,
        };
        let fit = ctx.measure(&start, &index.breaks[0], 0.0);
        assert_eq!(
            (fit.r_eff, fit.ratio),
            (0.0, 0.0),
            "slack {}",
            measure - width
        );
    }
}

/// The last resort, one line per forced break, covers every item up to each.
#[test]
fn the_last_resort_sets_one_line_per_forced_break() {
    let items = vec![b(20.0), GLUE, b(20.0), FORCE, b(30.0), FILL, FORCE];
    let index = BreakIndex::new(&items, &fixed(100.0));
    let params = BreakParams::default();
    let lines = Ctx::new(&items, &index, &params).forced_only();
    assert_eq!(
        lines.iter().map(|l| (l.start, l.end)).collect::<Vec<_>>(),
        vec![(0, 3), (4, 6)]
    );
}

/// TeX's fitness classes: very loose above r = 1, loose above 0.5, decent down to
/// -0.5 included, tight below.
#[test]
fn fitness_classes_have_tex_s_bounds() {
    let classes: Vec<u8> = [1.5, 1.0, 0.75, 0.5, 0.0, -0.5, -0.75]
        .into_iter()
        .map(fitness_class)
        .collect();
    assert_eq!(classes, [0, 1, 1, 2, 2, 2, 3]);
}

/// A penalty's square is added to the demerits of a break there, or taken off for
/// a negative one. Line 1 ends at the penalty ("40 B") or two words later
/// ("40 B 3", shrunk): B = 43 sets the first at r = 0.7 (1962 demerits) against
/// r = -0.6 (999), B = 45 at r = 0.5 (506) against r = -0.8 (3745).
#[test]
fn penalties_add_or_take_off_their_square() {
    let pen = |penalty| Item::Penalty {
        width: 0.0,
        penalty,
        flagged: false,
    };
    let items = |second: f32, penalty: f32| {
        vec![
            b(40.0),
            GLUE,
            b(second),
            pen(penalty),
            GLUE,
            b(3.0),
            GLUE,
            b(30.0),
            FILL,
            FORCE,
        ]
    };
    let at_penalty = vec![3, 9];
    let later = vec![6, 9];
    let cases = [
        (43.0, 0.0, &later),
        (43.0, -50.0, &at_penalty), // 1962 - 2500 < 999
        (45.0, 0.0, &at_penalty),
        (45.0, 60.0, &later), // 506 + 3600 > 3745
    ];
    for (second, penalty, want) in cases {
        let items = items(second, penalty);
        let lines = break_lines(&items, &fixed(100.0), &BreakParams::default());
        assert_eq!(&ends(&lines), want, "{second} with penalty {penalty}");
    }
}

/// Two hyphenated lines in a row cost `flagged_demerits`: with them, stiff word
/// spaces and free hyphens give fewer such pairs than without.
#[test]
fn consecutive_hyphens_cost_flagged_demerits() {
    let pairs = |flagged_demerits: f32| {
        let mut rng = Lcg(9);
        let params = BreakParams {
            flagged_demerits,
            max_consecutive_hyphens: usize::MAX,
            ..BreakParams::default()
        };
        let mut pairs = 0;
        for _ in 0..30 {
            let mut items = Vec::new();
            for i in 0..30 {
                if i > 0 {
                    items.push(g(5.0, 5.0, 2.0));
                }
                items.extend([
                    b(rng.range(8.0, 20.0)),
                    hyphen(0.0),
                    b(rng.range(8.0, 20.0)),
                ]);
            }
            items.extend([FILL, FORCE]);
            let lines = break_lines(&items, &fixed(120.0), &params);
            pairs += lines
                .windows(2)
                .filter(|w| w[0].hyphenated && w[1].hyphenated)
                .count();
        }
        pairs
    };
    let (free, costly) = (pairs(0.0), pairs(3000.0));
    assert!(
        costly < free,
        "{costly} pairs with flagged demerits, {free} without"
    );
}

/// Only a jump of two classes or more pays `fitness_demerits`: "40 44" (loose,
/// r = 0.6, 998 demerits) between decent lines beats "40 44 1" (decent, r = -0.5,
/// at a penalty of 60: 506 + 3600) however large the fitness demerits.
#[test]
fn adjacent_fitness_classes_cost_nothing() {
    let pen = Item::Penalty {
        width: 0.0,
        penalty: 60.0,
        flagged: false,
    };
    let items = vec![
        b(40.0),
        GLUE,
        b(44.0),
        GLUE,
        b(1.0),
        pen,
        GLUE,
        b(30.0),
        FILL,
        FORCE,
    ];
    for fitness_demerits in [0.0, 3000.0, 100_000.0] {
        let params = BreakParams {
            fitness_demerits,
            ..BreakParams::default()
        };
        let lines = break_lines(&items, &fixed(100.0), &params);
        assert_eq!(
            ends(&lines),
            vec![3, 9],
            "fitness demerits {fitness_demerits}"
        );
        assert!((lines[0].ratio - 0.6).abs() < 1e-6);
    }
}

/// When nothing fits, the final pass lets the least overflow through (shrink
/// counted): a 150pt word in a 100pt measure goes alone (50 over) rather than after
/// "30" (85 over), unless the space before it can shrink by 60 (30 over), and on a
/// 60pt first line it still goes alone to the second.
#[test]
fn the_final_pass_lets_the_least_overflow_through() {
    let first_narrow = |i: usize| if i == 0 { 60.0 } else { 100.0 };
    let shrinkable = g(10.0, 10.0, 60.0);
    // (name, word space, measures, line ends)
    type Case<'a> = (&'a str, Item, &'a dyn Fn(usize) -> f32, Vec<usize>);
    let cases: [Case; 3] = [
        ("alone", GLUE, &fixed(100.0), vec![1, 3, 6]),
        (
            "after a shrinkable space",
            shrinkable,
            &fixed(100.0),
            vec![3, 6],
        ),
        (
            "alone, first line narrower",
            GLUE,
            &first_narrow,
            vec![1, 3, 6],
        ),
    ];
    for (name, glue, width, want) in cases {
        let items = vec![b(30.0), glue, b(150.0), glue, b(30.0), FILL, FORCE];
        let lines = break_lines(&items, width, &BreakParams::default());
        assert_eq!(ends(&lines), want, "{name}");
    }
}

/// Flagged demerits are for two hyphenated lines in a row only: where the best
/// setting without them has no such pair, making them huge changes nothing.
#[test]
fn a_lone_hyphenated_line_pays_no_flagged_demerits() {
    let mut rng = Lcg(4);
    let params = |flagged_demerits| BreakParams {
        flagged_demerits,
        ..BreakParams::default()
    };
    let mut compared = 0;
    for _ in 0..60 {
        let mut items = Vec::new();
        for i in 0..25 {
            if i > 0 {
                items.push(g(6.0, 3.0, 1.5));
            }
            items.extend([
                b(rng.range(8.0, 20.0)),
                hyphen(0.0),
                b(rng.range(8.0, 20.0)),
            ]);
        }
        items.extend([FILL, FORCE]);
        let free = break_lines(&items, &fixed(120.0), &params(0.0));
        let pairs = free.windows(2).any(|w| w[0].hyphenated && w[1].hyphenated);
        if pairs || !free.iter().any(|l| l.hyphenated) {
            continue;
        }
        compared += 1;
        let costly = break_lines(&items, &fixed(120.0), &params(1e6));
        assert_eq!(ends(&costly), ends(&free));
    }
    assert!(compared > 5, "{compared}");
}

/// The line penalty is added to the badness before squaring, so the less bad of
/// two lines wins: "40 42 0.5" shrunk (r = -0.25) against "40 42" stretched (0.4).
#[test]
fn the_less_bad_first_line_wins() {
    let glue = g(10.0, 20.0, 5.0);
    let items = vec![
        b(40.0),
        glue,
        b(42.0),
        glue,
        b(0.5),
        glue,
        b(30.0),
        FILL,
        FORCE,
    ];
    let lines = break_lines(&items, &fixed(100.0), &BreakParams::default());
    assert_eq!(ends(&lines), vec![5, 8]);
    assert!((lines[0].ratio + 0.25).abs() < 1e-6);
}

/// `max_consecutive_hyphens` holds in the final pass too: with 0, "40 45-" (exactly
/// full) is never set, though the only other setting has two lines that cannot be
/// justified at all.
#[test]
fn no_hyphen_is_allowed_means_none_even_in_the_final_pass() {
    let items = vec![
        b(40.0),
        GLUE,
        b(45.0),
        hyphen(0.0),
        b(40.0),
        GLUE,
        b(30.0),
        FILL,
        FORCE,
    ];
    let params = BreakParams {
        max_consecutive_hyphens: 0,
        ..BreakParams::default()
    };
    assert!(try_break_lines(&items, &fixed(100.0), &params).is_err());
    let lines = break_lines(&items, &fixed(100.0), &params);
    assert_eq!(ends(&lines), vec![1, 5, 8]);
    assert!(lines.iter().all(|l| !l.hyphenated));
    // Allowed one (before the last line too), the hyphen is the setting.
    let params = BreakParams {
        last_line_not_hyphenated: false,
        ..BreakParams::default()
    };
    assert_eq!(
        ends(&try_break_lines(&items, &fixed(100.0), &params).unwrap()),
        vec![3, 8]
    );
}
