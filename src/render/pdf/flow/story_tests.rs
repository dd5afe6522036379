//! Tests of `story`: quotes and lists inset, list markers hung in the indent.
use super::*;

#[test]
fn quotes_and_lists_inset_their_paragraphs_without_recursion() {
    let para = |s: &str| Block::Paragraph(vec![Inline::Text(s.into())]);
    let blocks = vec![
        para("a"),
        Block::BlockQuote(vec![
            para("b"),
            Block::List {
                ordered: false,
                start: 1,
                items: vec![vec![para("c")], vec![para("d")]],
            },
        ]),
        para("e"),
    ];
    let insets: Vec<(String, Pt)> = flatten_blocks(&blocks)
        .into_iter()
        .map(|flat| (Inline::plain_text(&flat.block.inline_runs()[0]), flat.inset))
        .collect();
    let expected = [
        ("a", 0.0),
        ("b", 18.0),
        ("c", 36.0),
        ("d", 36.0),
        ("e", 0.0),
    ];
    let expected: Vec<(String, Pt)> = expected.iter().map(|&(t, i)| (t.into(), Pt(i))).collect();
    assert_eq!(insets, expected);

    let mut deep = vec![para("deep")];
    for _ in 0..100_000 {
        deep = vec![Block::BlockQuote(deep)];
    }
    let flat = flatten_blocks(&deep);
    assert_eq!(flat.len(), 1);
    assert_eq!(flat[0].inset, Pt(1_800_000.0));
    // Dropping a deep tree recurses in the compiler's drop glue; take it apart here.
    while let Some(Block::BlockQuote(inner)) = deep.pop() {
        deep = inner;
    }
}

fn para(text: &str) -> Block {
    Block::Paragraph(vec![Inline::Text(text.into())])
}

/// The lists of `complete`'s list story.
fn lists() -> Vec<Block> {
    let items = |texts: &[&str]| texts.iter().map(|t| vec![para(t)]).collect();
    let long = "fourth item with more words so that it wraps across the measure of the \
                page in print";
    let nested = Block::List {
        ordered: false,
        start: 1,
        items: items(&["nested bullet"]),
    };
    vec![
        para("A list follows."),
        Block::List {
            ordered: true,
            start: 3,
            items: items(&["third item", long, "fifth"]),
        },
        Block::List {
            ordered: false,
            start: 1,
            items: vec![vec![para("bullet one")], vec![para("bullet two"), nested]],
        },
        para("After the lists."),
    ]
}

/// Each line of a page, top down: its runs left to right, as (x, text).
fn page_lines(
    page: &crate::render::pdf::flow::ComposedPage,
    shaper: &Shaper<'_>,
) -> Vec<Vec<(Pt, String)>> {
    let mut runs: Vec<_> = page.runs.iter().collect();
    runs.sort_by(|a, b| {
        (a.baseline.0, a.x.0)
            .partial_cmp(&(b.baseline.0, b.x.0))
            .unwrap()
    });
    let mut lines: Vec<(Pt, Vec<(Pt, String)>)> = Vec::new();
    for placed in runs {
        let run = &placed.run;
        let text = run
            .glyphs
            .iter()
            .map(|g| shaper.glyph_text(run.font, run.style, g.id).unwrap_or("?"))
            .collect();
        match lines.last_mut() {
            Some((baseline, line)) if *baseline == placed.baseline => line.push((placed.x, text)),
            _ => lines.push((placed.baseline, vec![(placed.x, text)])),
        }
    }
    lines.into_iter().map(|(_, line)| line).collect()
}

fn test_geometry() -> PageGeometry {
    PageGeometry {
        width: Pt(432.0),
        height: Pt(648.0),
        top: Pt(54.0),
        inner: Pt(57.6),
        outer: Pt(43.2),
        leading: Pt(14.0),
        font_size: Pt(11.0),
        lines_per_page: 38,
    }
}

const SETTINGS: Typesetting = Typesetting {
    justify: true,
    hyphenate: true,
    widow_orphan_control: true,
    cover: false,
    output: "pdf",
};

#[test]
fn list_items_hang_their_markers_in_the_indent() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let family = crate::fonts::load_family(root, None).unwrap();
    let mut shaper = Shaper::new(&family);
    let (geometry, settings) = (test_geometry(), SETTINGS);
    let en = crate::lang::Lang::parse("en").unwrap();
    let input = FlowInput {
        title: "Lists",
        label: None,
        bylines: Vec::new(),
        language: &en,
        blocks: Cow::Owned(lists()),
        notes: &[],
        drop_cap: false,
        images: &[],
    };
    let pages =
        super::super::flowed_pages(&input, Some(0), &mut shaper, &geometry, &settings, 1).unwrap();
    let lines = page_lines(&pages[0], &shaper);
    let starting = |text: &str| {
        lines
            .iter()
            .position(|line| line.iter().any(|(_, t)| t.starts_with(text)))
            .unwrap_or_else(|| panic!("{text:?} in {lines:#?}"))
    };
    // Each item's marker, then its words, on its first line.
    let markers = [
        ("3.", "third item"),
        ("4.", "fourth item"),
        ("5.", "fifth"),
        (BULLET, "bullet one"),
        (BULLET, "bullet two"),
        (BULLET, "nested bullet"),
    ];
    let mut previous = 0;
    let mut text_x = Vec::new();
    for (marker, words) in markers {
        let at = starting(words);
        assert!(at > previous, "{words:?} after the item before");
        previous = at;
        let line = &lines[at];
        assert_eq!(line.len(), 2, "the marker and the words: {line:?}");
        let ((marker_x, set_marker), (words_x, _)) = (&line[0], &line[1]);
        assert_eq!(set_marker, marker);
        // The marker sits in the indent, half an em or more left of the words.
        assert!(*marker_x < *words_x - Pt(5.5), "{line:?}");
        text_x.push(*words_x);
    }
    // The wrapped line of the fourth item aligns with its words, not its marker.
    let wrapped = &lines[starting("fourth item") + 1];
    assert_eq!(wrapped[0].0, text_x[1], "{wrapped:?}");
    // Items of one list align; a nested list is indented further.
    assert!(text_x[..5].iter().all(|&x| x == text_x[0]), "{text_x:?}");
    assert_eq!(text_x[5], text_x[4] + INDENT);
    // Paragraphs outside the lists have no marker.
    assert_eq!(lines[starting("After the lists.")].len(), 1);
}

#[test]
fn a_block_quote_is_set_off_by_a_blank_grid_line_above_and_below() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let family = crate::fonts::load_family(root, None).unwrap();
    let mut shaper = Shaper::new(&family);
    let geometry = test_geometry();
    let en = crate::lang::Lang::parse("en").unwrap();
    let heading = Block::Heading {
        level: 2,
        id: None,
        content: vec![Inline::Text("Heading".into())],
    };
    let blocks = vec![
        Block::BlockQuote(vec![para("Opening quote.")]),
        para("First."),
        Block::BlockQuote(vec![
            para("Quoted."),
            Block::BlockQuote(vec![para("Nested.")]),
        ]),
        para("After."),
        Block::BlockQuote(vec![para("Before a heading.")]),
        heading,
        para("Last."),
    ];
    let input = FlowInput {
        title: "Quotes",
        label: None,
        bylines: Vec::new(),
        language: &en,
        blocks: Cow::Owned(blocks),
        notes: &[],
        drop_cap: false,
        images: &[],
    };
    let pages =
        super::super::flowed_pages(&input, Some(0), &mut shaper, &geometry, &SETTINGS, 1).unwrap();
    // Each line's grid line, by its first word.
    let grid = |word: &str| {
        let run = pages[0]
            .runs
            .iter()
            .find(|placed| {
                let text: String = placed
                    .run
                    .glyphs
                    .iter()
                    .map(|g| {
                        shaper
                            .glyph_text(placed.run.font, placed.run.style, g.id)
                            .unwrap_or("?")
                    })
                    .collect();
                text.starts_with(word)
            })
            .unwrap_or_else(|| panic!("{word}"));
        let lines = (run.baseline - geometry.baseline(0)).0 / geometry.leading.0;
        assert!((lines - lines.round()).abs() < 1e-3, "{word} on the grid");
        lines.round() as usize
    };
    // A blank line above the quote and below it, none between its paragraphs
    // (the nested quote is not set off again); none above at the story's start
    // (the opener's space is there), nor before a heading, which brings its own.
    assert_eq!(grid("Opening"), 9);
    assert_eq!(grid("First.") - grid("Opening"), 2);
    assert_eq!(grid("Quoted.") - grid("First."), 2);
    assert_eq!(grid("Nested.") - grid("Quoted."), 1);
    assert_eq!(grid("After.") - grid("Nested."), 2);
    assert_eq!(grid("Before") - grid("After."), 2);
    assert_eq!(grid("Heading") - grid("Before"), 2);
}
