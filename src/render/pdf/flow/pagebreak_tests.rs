use super::*;

/// Consecutive paragraphs of the given line counts, all plain text.
fn doc(paragraph_lengths: &[usize]) -> Vec<LineInfo> {
    let mut v = Vec::new();
    for (p, &n) in paragraph_lengths.iter().enumerate() {
        v.extend((0..n).map(|i| LineInfo::text(p, i, n)));
    }
    v
}

fn params(lines_per_page: usize) -> PageParams {
    PageParams::new(lines_per_page)
}

fn spans(pages: &[Page]) -> Vec<(usize, usize, usize)> {
    pages.iter().map(|p| (p.first, p.end, p.short_by)).collect()
}

/// Pages tile the input in order, and only single blocks overfill a page.
fn assert_tiles(lines: &[LineInfo], pages: &[Page], lpp: usize) {
    let mut next = 0;
    for p in pages {
        assert_eq!(p.first, next, "{pages:?}");
        assert!(p.end > p.first, "empty page {pages:?}");
        let h: usize = lines[p.first..p.end]
            .iter()
            .map(|l| l.height_in_lines)
            .sum();
        assert!(
            h <= lpp.max(1) || p.end == p.first + 1,
            "overfull page {p:?}"
        );
        next = p.end;
    }
    assert_eq!(next, lines.len());
}

#[test]
fn empty_input_gives_no_pages() {
    assert!(break_pages(&[], &params(40)).is_empty());
}

#[test]
fn pages_are_full_when_the_rules_allow() {
    type Case = (&'static str, Vec<usize>, usize, Vec<(usize, usize, usize)>);
    // (name, paragraph lengths, lines per page, expected pages)
    let cases: Vec<Case> = vec![
        (
            "single-line paragraphs",
            vec![1; 10],
            4,
            vec![(0, 4, 0), (4, 8, 0), (8, 10, 2)],
        ),
        (
            "long paragraph splits 4|4|2",
            vec![10],
            4,
            vec![(0, 4, 0), (4, 8, 0), (8, 10, 2)],
        ),
        (
            "paragraphs end exactly at page ends",
            vec![4, 4, 3],
            4,
            vec![(0, 4, 0), (4, 8, 0), (8, 11, 1)],
        ),
        (
            "two-line splits are fine",
            vec![2, 4, 2],
            4,
            vec![(0, 4, 0), (4, 8, 0)],
        ),
    ];
    for (name, lengths, lpp, want) in cases {
        let lines = doc(&lengths);
        let pages = break_pages(&lines, &params(lpp));
        assert_eq!(spans(&pages), want, "{name}");
        assert_tiles(&lines, &pages, lpp);
    }
}

#[test]
fn widow_is_avoided() {
    // 4-line pages: "1 + 3 of 4" would leave the fourth line alone on page 2.
    let lines = doc(&[1, 4, 2]);
    let pages = break_pages(&lines, &params(4));
    assert_eq!(spans(&pages), vec![(0, 3, 1), (3, 7, 0)]);
    // Moving the break up would orphan instead, so page 1 runs two short.
    let lines = doc(&[2, 3, 4]);
    let pages = break_pages(&lines, &params(4));
    assert_eq!(spans(&pages), vec![(0, 2, 2), (2, 5, 1), (5, 9, 0)]);
}

#[test]
fn orphan_is_avoided() {
    // "3 + first line of 3" would leave one line of paragraph 1 at the bottom.
    let lines = doc(&[3, 3]);
    let pages = break_pages(&lines, &params(4));
    assert_eq!(spans(&pages), vec![(0, 3, 1), (3, 6, 1)]);
}

#[test]
fn five_line_paragraph_on_four_line_pages() {
    let lines = doc(&[5]);
    let pages = break_pages(&lines, &params(4));
    assert_eq!(spans(&pages), vec![(0, 3, 1), (3, 5, 2)]);
    let off = PageParams {
        widow_orphan_control: false,
        ..params(4)
    };
    assert_eq!(
        spans(&break_pages(&lines, &off)),
        vec![(0, 4, 0), (4, 5, 3)]
    );
}

#[test]
fn hyphenated_line_never_ends_a_page() {
    let mut lines = doc(&[6, 4]);
    lines[3].hyphenated = true;
    let pages = break_pages(&lines, &params(4));
    // One page two short beats two pages one short each.
    assert_eq!(spans(&pages), vec![(0, 2, 2), (2, 6, 0), (6, 10, 0)]);
    assert!(pages
        .iter()
        .all(|p| !lines[p.end - 1].hyphenated || p.end == lines.len()));
}

#[test]
fn heading_is_never_alone_at_the_bottom() {
    // Paragraph of 2, a heading two grid lines tall, then a paragraph of 4.
    let mut lines = doc(&[2, 1, 4]);
    lines[2].keep_with_next = true;
    lines[2].height_in_lines = 2;
    let pages = break_pages(&lines, &params(4));
    assert_eq!(spans(&pages), vec![(0, 2, 2), (2, 5, 0), (5, 7, 2)]);
}

#[test]
fn forced_break_is_honoured_and_may_leave_a_short_page() {
    let mut lines = doc(&[2, 6]);
    lines[2].forced_page_break_before = true;
    let pages = break_pages(&lines, &params(4));
    assert_eq!(spans(&pages), vec![(0, 2, 2), (2, 6, 0), (6, 8, 2)]);
}

#[test]
fn facing_pages_run_short_together() {
    // A 5-line paragraph forces its page short by one; the rest are 1-line paragraphs.
    let lines = doc(&[5, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
    // Starting on page 2 (verso): pages 2|3 face each other, so page 3 runs short too.
    let verso_first = PageParams {
        first_page_number: 2,
        ..params(4)
    };
    let pages = break_pages(&lines, &verso_first);
    assert_eq!(spans(&pages)[..2], [(0, 3, 1), (3, 6, 1)]);
    assert_tiles(&lines, &pages, 4);
    // Starting on page 1 (a recto facing nothing): page 2 starts a new spread, stays full.
    let pages = break_pages(&lines, &params(4));
    assert_eq!(spans(&pages)[..2], [(0, 3, 1), (3, 7, 0)]);
}

#[test]
fn one_line_pages_always_make_progress() {
    let mut lines = doc(&[3, 1, 2]);
    lines[3].keep_with_next = true;
    lines[4].hyphenated = true;
    let pages = break_pages(&lines, &params(1));
    assert_eq!(pages.len(), lines.len());
    assert_tiles(&lines, &pages, 1);
    let zero = break_pages(&lines, &params(0));
    assert_eq!(zero, pages, "0 lines per page acts as 1");
}

#[test]
fn block_taller_than_a_page_gets_its_own_page() {
    let mut lines = doc(&[2, 1, 2]);
    lines[2].height_in_lines = 7;
    let pages = break_pages(&lines, &params(4));
    assert_eq!(spans(&pages), vec![(0, 2, 2), (2, 3, 0), (3, 5, 2)]);
}

#[test]
fn unsatisfiable_rules_are_relaxed_minimally() {
    // Every line ends with a hyphen: pages must end on one, but no more than needed,
    // and the widow rule (which can still be met) is kept.
    let mut lines = doc(&[9]);
    for l in &mut lines {
        l.hyphenated = true;
    }
    let pages = break_pages(&lines, &params(4));
    assert_eq!(pages.len(), 3);
    assert_eq!(pages[2].end - pages[2].first, 2, "no widow");
    assert_tiles(&lines, &pages, 4);
}

/// A seeded generator of numbers below its argument (a linear congruential one).
fn random_below(mut seed: u64) -> impl FnMut(usize) -> usize {
    move |m: usize| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize % m
    }
}

#[test]
fn random_documents_tile_and_never_stall() {
    let mut rnd = random_below(12345u64);
    for case in 0..200 {
        let lengths: Vec<usize> = (0..1 + rnd(30)).map(|_| 1 + rnd(8)).collect();
        let mut lines = doc(&lengths);
        for l in &mut lines {
            l.hyphenated = rnd(5) == 0;
            l.keep_with_next = rnd(15) == 0;
            l.height_in_lines = if rnd(10) == 0 { rnd(4) } else { 1 };
            l.forced_page_break_before = rnd(40) == 0;
        }
        let lpp = 1 + case % 12;
        let p = PageParams {
            first_page_number: case,
            ..params(lpp)
        };
        let pages = break_pages(&lines, &p);
        assert_tiles(&lines, &pages, lpp);
        for (i, l) in lines.iter().enumerate().skip(1) {
            if l.forced_page_break_before {
                assert!(pages.iter().any(|pg| pg.first == i), "case {case}");
            }
        }
    }
}

/// A single paragraph that can also be set a line longer.
struct Stretchable {
    natural: Vec<LineInfo>,
    longer: Vec<LineInfo>,
    chosen: isize,
}

impl Reflow for Stretchable {
    fn block_count(&self) -> usize {
        1
    }
    fn settings(&mut self, _: usize) -> Vec<Setting> {
        vec![
            Setting {
                change: 0,
                lines: self.natural.clone(),
                cost: 0,
            },
            Setting {
                change: 1,
                lines: self.longer.clone(),
                cost: 100,
            },
        ]
    }
    fn choose(&mut self, _: usize, change: isize) {
        self.chosen = change;
    }
}

#[test]
fn a_line_is_moved_rather_than_a_page_left_short() {
    // Five lines on four-line pages: a widow unless page 1 runs short, or the
    // paragraph is set a line longer, which costs less.
    let mut blocks = Stretchable {
        natural: doc(&[5]),
        longer: doc(&[6]),
        chosen: 0,
    };
    let pages = paginate(&mut blocks, &params(4));
    assert_eq!(blocks.chosen, 1);
    assert_eq!(spans(&pages), vec![(0, 4, 0), (4, 6, 2)]);
    // Without the longer setting, page 1 runs short instead.
    let pages = break_pages(&doc(&[5]), &params(4));
    assert_eq!(spans(&pages), vec![(0, 3, 1), (3, 5, 2)]);
}

#[test]
fn footnotes_take_their_lines_and_a_separating_line_on_the_same_page() {
    // Five one-line paragraphs on five-line pages; the second references a two-line
    // note, which with its separating line fills page 1 after two lines of text.
    let mut lines = doc(&[1, 1, 1, 1, 1]);
    lines[1].note_lines = 2;
    let pages = break_pages(&lines, &params(5));
    assert_eq!(spans(&pages), vec![(0, 2, 0), (2, 5, 2)]);
    // A second note on the same page needs no second separating line.
    lines[0].note_lines = 1;
    let pages = break_pages(&lines, &params(6));
    assert_eq!(spans(&pages), vec![(0, 2, 0), (2, 5, 3)]);
}

#[test]
fn a_last_page_nearly_full_is_filled_by_a_moved_line() {
    // Eleven one-line paragraphs and a paragraph of eight lines, on ten-line pages:
    // the story's last page ends one line short of full, which reads as a page
    // run short by mistake; set a line longer, the paragraph fills it.
    let mut lines = doc(&[1; 11]);
    let mut longer = lines.clone();
    lines.extend((0..8).map(|i| LineInfo::text(11, i, 8)));
    longer.extend((0..9).map(|i| LineInfo::text(11, i, 9)));
    let mut blocks = Stretchable {
        natural: lines.clone(),
        longer,
        chosen: 0,
    };
    let pages = paginate(&mut blocks, &params(10));
    assert_eq!(blocks.chosen, 1);
    assert_eq!(spans(&pages), vec![(0, 10, 0), (10, 20, 0)]);
    // A last page clearly short is left as it is.
    let pages = break_pages(&doc(&[1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 5]), &params(10));
    assert_eq!(spans(&pages), vec![(0, 10, 0), (10, 16, 4)]);
}

#[test]
fn a_line_that_opens_a_page_brings_what_is_repeated_above_it() {
    // A table: its head (never last on a page), then 20 rows, each of which
    // brings the header's two lines when it opens a page.
    let mut lines = vec![LineInfo {
        keep_with_next: true,
        height_in_lines: 3,
        ..LineInfo::text(0, 0, 21)
    }];
    lines.extend((1..21).map(|k| LineInfo {
        repeated_above: 2,
        ..LineInfo::text(0, k, 21)
    }));
    let pages = break_pages(&lines, &params(10));
    // 3 + 7 rows fill the first page; each next one holds the header and 8 rows.
    assert_eq!(spans(&pages), vec![(0, 8, 0), (8, 16, 0), (16, 21, 3)]);
}

/// Random blocks, each with up to three settings of random lines and costs.
struct RandomBlocks {
    settings: Vec<Vec<Setting>>,
    chosen: Vec<isize>,
}

impl Reflow for RandomBlocks {
    fn block_count(&self) -> usize {
        self.settings.len()
    }
    fn settings(&mut self, block: usize) -> Vec<Setting> {
        self.settings[block].clone()
    }
    fn choose(&mut self, block: usize, change: isize) {
        self.chosen[block] = change;
    }
}

#[test]
fn lines_without_footnotes_take_a_shortcut_to_the_same_pages() {
    let mut rnd = random_below(777u64);
    for case in 0..300 {
        let mut settings = Vec::new();
        for block in 0..1 + rnd(25) {
            let natural = 1 + rnd(9);
            let mut options = Vec::new();
            for (index, change) in [0isize, -1, 1].into_iter().enumerate() {
                let count = natural as isize + change;
                if (index > 0 && rnd(2) == 0) || count < 1 {
                    continue;
                }
                let count = count as usize;
                let lines = (0..count)
                    .map(|k| {
                        let space = usize::from(rnd(15) == 0);
                        LineInfo {
                            hyphenated: rnd(6) == 0,
                            keep_with_next: rnd(20) == 0,
                            height_in_lines: space + if rnd(12) == 0 { 1 + rnd(3) } else { 1 },
                            forced_page_break_before: k == 0 && rnd(15) == 0,
                            note_lines: if case % 3 == 0 && rnd(10) == 0 {
                                1 + rnd(2)
                            } else {
                                0
                            },
                            repeated_above: if rnd(15) == 0 { 1 + rnd(2) } else { 0 },
                            space_above: space,
                            ..LineInfo::text(block, k, count)
                        }
                    })
                    .collect();
                let cost = if index == 0 {
                    0
                } else {
                    100 + 500 * rnd(4) as u64
                };
                options.push(Setting {
                    change,
                    lines,
                    cost,
                });
            }
            settings.push(options);
        }
        let count = settings.len();
        let p = PageParams {
            first_page_number: 1 + case % 2,
            ..params(2 + case % 11)
        };
        let mut fast = RandomBlocks {
            settings: settings.clone(),
            chosen: vec![0; count],
        };
        let mut general = RandomBlocks {
            settings,
            chosen: vec![0; count],
        };
        let fast_pages = paginate_with(&mut fast, &p, true);
        let general_pages = paginate_with(&mut general, &p, false);
        assert_eq!(fast_pages, general_pages, "case {case}");
        assert_eq!(fast.chosen, general.chosen, "case {case}");
    }
}

#[test]
fn lines_cut_into_blocks_of_one_setting_break_as_one_sequence() {
    // With a single setting per block there is nothing to choose: the pages must be
    // those of the same lines as one fixed sequence, wherever the blocks are cut.
    let mut rnd = random_below(4242u64);
    for case in 0..100 {
        let paragraphs: Vec<usize> = (0..1 + rnd(12)).map(|_| 1 + rnd(7)).collect();
        let mut lines = doc(&paragraphs);
        for line in &mut lines {
            line.hyphenated = rnd(6) == 0;
            line.keep_with_next = rnd(20) == 0;
        }
        let mut settings = Vec::new();
        let mut start = 0;
        while start < lines.len() {
            let end = (start + 1 + rnd(6)).min(lines.len());
            settings.push(vec![Setting {
                change: 0,
                lines: lines[start..end].to_vec(),
                cost: 0,
            }]);
            start = end;
        }
        let count = settings.len();
        let mut blocks = RandomBlocks {
            settings,
            chosen: vec![0; count],
        };
        let p = params(3 + case % 8);
        let pages = paginate(&mut blocks, &p);
        assert_eq!(
            pages,
            break_pages(&lines, &p),
            "case {case}: {count} blocks"
        );
        assert_tiles(&lines, &pages, p.lines_per_page);
    }
}

/// A block of one paragraph of `n` lines, which may also be set a line longer at
/// `cost`.
fn paragraph(block: usize, n: usize, cost: u64) -> Vec<Setting> {
    let lines = |n: usize| (0..n).map(|i| LineInfo::text(block, i, n)).collect();
    vec![
        Setting {
            change: 0,
            lines: lines(n),
            cost: 0,
        },
        Setting {
            change: 1,
            lines: lines(n + 1),
            cost,
        },
    ]
}

#[test]
fn a_last_page_two_lines_short_is_filled_by_two_moved_lines() {
    // A full page of one-line paragraphs, then two paragraphs of four lines: the
    // last page ends two lines short, which costs more than twice one line short,
    // and more than two lines moved at 1,000 each.
    let page = vec![Setting {
        change: 0,
        lines: doc(&[1; 10]),
        cost: 0,
    }];
    let mut blocks = RandomBlocks {
        settings: vec![page, paragraph(10, 4, 1_000), paragraph(11, 4, 1_000)],
        chosen: vec![0; 3],
    };
    let pages = paginate(&mut blocks, &params(10));
    assert_eq!(blocks.chosen, [0, 1, 1]);
    assert_eq!(spans(&pages), vec![(0, 10, 0), (10, 20, 0)]);
}

#[test]
fn of_two_settings_as_good_the_first_listed_is_kept() {
    // Two settings of the paragraph that fill the page alike at no cost (the same
    // lines, say, hyphenated elsewhere): the first listed, the natural one in the
    // renderer's lists, is kept rather than the paragraph reset for nothing.
    let setting = |change| Setting {
        change,
        lines: doc(&[3]),
        cost: 0,
    };
    let mut blocks = RandomBlocks {
        settings: vec![vec![setting(0), setting(1)]],
        chosen: vec![0],
    };
    let pages = paginate(&mut blocks, &params(10));
    assert_eq!(blocks.chosen, [0]);
    assert_eq!(spans(&pages), vec![(0, 3, 7)]);
    blocks.settings[0].reverse();
    paginate(&mut blocks, &params(10));
    assert_eq!(blocks.chosen, [1]);
}

#[test]
fn a_page_with_two_notes_counts_one_separating_line() {
    // Two one-line paragraphs, each with a one-line note, on ten-line pages: two
    // lines of text, two of notes and one separating line leave the page 5 short.
    let mut lines = doc(&[1, 1]);
    lines[0].note_lines = 1;
    lines[1].note_lines = 1;
    let pages = break_pages(&lines, &params(10));
    assert_eq!(spans(&pages), vec![(0, 2, 5)]);
}
