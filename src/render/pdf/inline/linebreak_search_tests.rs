//! The line breaker against an exhaustive search of every break sequence, and its
//! passes: tests that kill mutants of `linebreak.rs` the first tests left alive
//! (see README, mutation testing). The helpers are the parent module's.

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

/// `words` random words of one to three fragments (hyphens between them), with a
/// forced break instead of a space one time in `forced_one_in`, else `space`.
fn random_words(
    rng: &mut Lcg,
    words: usize,
    forced_one_in: u32,
    space: &mut dyn FnMut(&mut Lcg) -> Item,
) -> Vec<Item> {
    let mut items = Vec::new();
    for i in 0..words {
        if i > 0 {
            if rng.next() % forced_one_in == 0 {
                items.extend([FILL, FORCE]);
            } else {
                items.push(space(rng));
            }
        }
        for f in 0..1 + rng.next() % 3 {
            if f > 0 {
                items.push(hyphen(rng.range(-100.0, 150.0)));
            }
            items.push(b(rng.range(6.0, 20.0)));
        }
    }
    items
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
        let mut items = random_words(&mut rng, 3 + case % 3, 9, &mut |rng| {
            g(
                rng.range(3.0, 6.0),
                rng.range(1.0, 3.0),
                rng.range(0.5, 2.0),
            )
        });
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

/// `line_count_bounds` holds every line count the exhaustive search finds a setting
/// for, on random paragraphs whose spaces now and then shrink more than their
/// width (lending the excess to the next word, as glyph compression does), with
/// hyphens, forced breaks and a narrower first line; and it often says exactly the
/// one count a paragraph can have.
#[test]
fn the_line_count_bounds_hold_every_settable_count() {
    let mut rng = Lcg(11);
    let (mut bounded, mut single, mut tight) = (0, 0, 0);
    for case in 0..800 {
        let mut items = random_words(&mut rng, 3 + case % 4, 11, &mut |rng| {
            let width = rng.range(2.0, 6.0);
            let shrink = width * rng.range(0.2, 1.6);
            g(width, rng.range(0.5, 3.0), shrink)
        });
        items.extend([FILL, FORCE]);
        let w = rng.range(30.0, 70.0);
        let first = if case % 3 == 0 { w * 0.7 } else { w };
        let width = move |i: usize| if i == 0 { first } else { w };
        let params = BreakParams {
            tolerance: [1.0, 2.0, 4.0][case % 3],
            ..BreakParams::default()
        };
        let least = least_demerits_by_search(&items, &width, &params);
        let index = BreakIndex::new(&items, &width);
        let Some((fewest, most)) = line_count_bounds(&index, &params) else {
            continue;
        };
        bounded += 1;
        for &count in least.keys() {
            assert!(
                (fewest..=most).contains(&count),
                "case {case}: {count} lines outside {fewest}..={most}"
            );
        }
        // Where the search finds one count only, as for most of a novel's
        // paragraphs: the bounds should say so, ruling out a line more and fewer.
        if let [only] = least.keys().copied().collect::<Vec<_>>()[..] {
            single += 1;
            tight += usize::from(fewest == only && most == only);
        }
    }
    assert!(bounded > 700, "{bounded} of 800 bounded");
    // 62 of 131 here; a novel's longer paragraphs fare better (see README).
    assert!(
        single > 50 && tight * 3 > single,
        "{tight} of {single} told exactly"
    );
}

/// Without a box after it, a space's excess shrink has nowhere to go: no bounds.
#[test]
fn excess_shrink_before_no_word_gives_no_bounds() {
    let params = BreakParams::default();
    let width = fixed(50.0);
    let good = [b(20.0), g(3.0, 1.5, 4.0), b(20.0), FILL, FORCE];
    assert!(line_count_bounds(&BreakIndex::new(&good, &width), &params).is_some());
    let bad = [b(20.0), g(3.0, 1.5, 4.0), FILL, FORCE];
    assert!(line_count_bounds(&BreakIndex::new(&bad, &width), &params).is_none());
    let narrow = [b(20.0), g(3.0, 1.5, 4.0), b(0.5), FILL, FORCE];
    assert!(line_count_bounds(&BreakIndex::new(&narrow, &width), &params).is_none());
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
        let ctx = Ctx::new(&index, &params);
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
