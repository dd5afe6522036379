use super::*;
use crate::model::Inline;

fn md(text: &str) -> (Vec<Block>, Vec<Note>) {
    markdown::read(text).unwrap()
}

fn text(s: &str) -> Inline {
    Inline::Text(s.to_string())
}

#[test]
fn paragraphs_emphasis_and_strong_become_inlines() {
    let (blocks, _) = md("One *two* **three**.\n\nFour.");
    assert_eq!(
        blocks,
        vec![
            Block::Paragraph(vec![
                text("One "),
                Inline::Emphasis(vec![text("two")]),
                text(" "),
                Inline::Strong(vec![text("three")]),
                text("."),
            ]),
            Block::Paragraph(vec![text("Four.")]),
        ]
    );
}

#[test]
fn a_thematic_break_is_a_scene_break_and_headings_keep_their_level() {
    let (blocks, _) = md("## Part\n\nA.\n\n---\n\nB.");
    assert_eq!(
        blocks[0],
        Block::Heading {
            level: 2,
            id: None,
            content: vec![text("Part")]
        }
    );
    assert_eq!(blocks[2], Block::SceneBreak);
}

#[test]
fn footnotes_are_collected_and_referenced() {
    let (blocks, notes) = md("Text.[^n]\n\n[^n]: The note.");
    assert_eq!(
        blocks,
        vec![Block::Paragraph(vec![text("Text."), Inline::NoteRef(0)])]
    );
    assert_eq!(notes.len(), 1);
    assert_eq!(
        notes[0].blocks,
        vec![Block::Paragraph(vec![text("The note.")])]
    );
}

#[test]
fn raw_html_stays_literal_text() {
    let (blocks, _) = md("Hi <script>alert(1)</script> there.\n\n<div>block</div>\n");
    let all = format!("{blocks:?}");
    assert!(
        all.contains("<script>"),
        "kept as text for the renderer to escape: {all}"
    );
    assert!(blocks.iter().all(|b| matches!(b, Block::Paragraph(_))));
}

#[test]
fn tight_lists_quotes_and_hard_breaks() {
    let (blocks, _) = md("- a\n- b\n\n> quoted\n\nline  \nbreak");
    assert!(matches!(&blocks[0], Block::List { ordered: false, items, .. } if items.len() == 2));
    assert!(matches!(&blocks[1], Block::BlockQuote(inner) if inner.len() == 1));
    assert_eq!(
        blocks[2],
        Block::Paragraph(vec![text("line"), Inline::LineBreak, text("break")])
    );
}

#[test]
fn plain_text_splits_on_blank_lines() {
    let blocks = plain::read("One\ntwo.\n\n\nThree.\n");
    assert_eq!(
        blocks,
        vec![
            Block::Paragraph(vec![text("One two.")]),
            Block::Paragraph(vec![text("Three.")])
        ]
    );
}

#[test]
fn bom_and_crlf_are_accepted_and_bad_utf8_is_located() {
    let path = Path::new("s.md");
    assert_eq!(decode_text(path, b"\xEF\xBB\xBFa\r\nb").unwrap(), "a\nb");
    let d = decode_text(path, b"ok\ncaf\xe9").unwrap_err();
    assert_eq!(d.position, Some((2, 4)));
    assert!(d.message.contains("byte offset 6"));
}

#[test]
fn the_derived_identifier_is_a_stable_uuid_urn() {
    let a = derived_identifier("T", &["A".into()]);
    assert_eq!(a, derived_identifier("T", &["A".into()]));
    assert_ne!(a, derived_identifier("T2", &["A".into()]));
    assert!(a.starts_with("urn:uuid:") && a.len() == 45, "{a}");
}

#[test]
fn a_verse_fence_keeps_lines_indents_and_stanzas() {
    let (blocks, _) = md("Before.\n\n```verse\nOne *line*,\n   indented;\n\n\nNew stanza\n```\n\n```rust\nlet x = 1;\n```\n");
    assert_eq!(
        blocks[1],
        Block::Verse(vec![
            vec![
                text("One "),
                Inline::Emphasis(vec![text("line")]),
                text(",")
            ],
            vec![text("\u{a0}\u{a0}\u{a0}"), text("indented;")],
            vec![],
            vec![text("New stanza")],
        ])
    );
    // Other fences stay code, set as lines of text.
    assert_eq!(blocks[2], Block::Paragraph(vec![text("let x = 1;")]));
}

#[test]
fn bracketed_spans_marked_smallcaps_become_small_caps() {
    let (blocks, _) =
        md("The [bbc]{.sc} and [Paris]{.smallcaps}, but [not] this {.sc} or [x]{.em}.");
    assert_eq!(
        blocks[0],
        Block::Paragraph(vec![
            text("The "),
            Inline::SmallCaps(vec![text("bbc")]),
            text(" and "),
            Inline::SmallCaps(vec![text("Paris")]),
            text(", but [not] this {.sc} or [x]{.em}."),
        ])
    );
}

#[test]
fn small_caps_spans_are_found_in_emphasis_strong_and_link_text() {
    let (blocks, _) = md("*a [b]{.sc}* **[c]{.sc}** [[d]{.sc}](https://example.org)");
    assert_eq!(
        blocks[0],
        Block::Paragraph(vec![
            Inline::Emphasis(vec![text("a "), Inline::SmallCaps(vec![text("b")])]),
            text(" "),
            Inline::Strong(vec![Inline::SmallCaps(vec![text("c")])]),
            text(" "),
            Inline::Link {
                url: "https://example.org".into(),
                content: vec![Inline::SmallCaps(vec![text("d")])],
            },
        ])
    );
}

#[test]
fn a_story_of_nothing_but_empty_quotes_and_scene_breaks_is_empty() {
    let path = Path::new("s.md");
    let err = parse_story(path, "> ***\n>\n> - #\n\n---\n", false).unwrap_err();
    assert_eq!(err.message, "the story is empty");
    assert!(parse_story(path, "> - > deep text\n", false).is_ok());
}

#[test]
fn control_characters_are_found_by_their_bytes_as_by_their_category() {
    // Every character, after two letters: found exactly where std calls it a
    // control character (bar line ends and tabs).
    let mut text = String::new();
    for c in (0..=0x10FFFF).filter_map(char::from_u32) {
        for before in ["ab", "abcdefghij"] {
            text.clear();
            text.push_str(before);
            text.push(c);
            text.push_str("defghijklmnop");
            let expected =
                (c.is_control() && !matches!(c, '\n' | '\r' | '\t')).then_some(before.len());
            assert_eq!(
                super::encoding::first_control(&text),
                expected,
                "U+{:04X}",
                c as u32
            );
        }
    }
    // At every place in and across the eight-byte words, among characters that
    // look like controls to the word test (line ends, 0xC2 leads) but are not.
    for c in ['\u{0}', '\u{1F}', '\u{7F}', '\u{80}', '\u{9F}'] {
        for at in 0..20 {
            let before: String = "a\n«\u{A0}ж\tb\u{C2}".chars().cycle().take(at).collect();
            let text = format!("{before}{c}«»\r\n");
            assert_eq!(
                super::encoding::first_control(&text),
                Some(before.len()),
                "{text:?}"
            );
        }
    }
}
