//! The line breaker's limits and demerits, one rule at a time: tests that kill
//! mutants of `linebreak.rs` the first tests left alive (see README, mutation
//! testing). The helpers are the parent module's.

use super::*;

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
            counting: None,
        };
        let params = BreakParams::default();
        let ctx = Ctx::new(&index, &params);
        let start = Node::paragraph_start(0);
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
    let lines = Ctx::new(&index, &params).forced_only();
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
