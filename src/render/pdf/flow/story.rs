//! A story (or a prose section: whatever makes a `FlowInput`) on the grid: its
//! opener (title, bylines), then every block — paragraphs
//! (the first with a drop cap if the book asks), headings, scene breaks, quotes and
//! lists inset — and its footnotes set for the foot of the page; the page breaker
//! cuts the grid into pages.

use std::borrow::Cow;

use super::grid::{
    keep_with_next, paragraph_block, single_slot, GridBlock, GridContent, Reflowable, StoryBlocks,
};
use super::input::FlowInput;
use super::pagebreak::{paginate, LineInfo, Page, PageParams};
use crate::fonts::FontStyle;
use crate::model::walk::block_events;
use crate::model::{Block, BlockEvent, Inline};
use crate::render::pdf::geometry::{PageGeometry, Typesetting};
use crate::render::pdf::inline::{
    display_lines, set_paragraph, Align, GlyphRun, MissingGlyph, ParagraphStyle, PreparedParagraph,
    SetLine, Shaper,
};
use crate::units::Pt;

/// Grid lines a story opener takes: the title sinks about a third down the page.
const OPENER_LINES: usize = 9;
/// Grid lines of a heading inside a story: a blank line, the heading, a blank line.
const HEADING_LINES: usize = 3;
/// A scene break: the ornament between two blank lines.
const SCENE_BREAK_LINES: usize = 3;

/// Footnotes are set at this fraction of the body size, one per grid line.
const NOTE_SIZE: f32 = 0.82;

/// The flow's output before placement: the grid's lines as the page breaker saw
/// them, what each slot holds, the pages it cut, and the footnotes as set.
pub struct Flowed {
    pub lines: Vec<LineInfo>,
    pub contents: Vec<GridContent>,
    pub pages: Vec<Page>,
    /// Each footnote set as lines, for the foot of the page that references it.
    pub notes: Vec<Vec<SetLine>>,
}

/// Each footnote set in smaller type on the full measure, its number first: the
/// lines go to the foot of the page where the note is referenced.
fn set_notes(
    input: &FlowInput<'_>,
    shaper: &mut Shaper<'_>,
    geometry: &PageGeometry,
    settings: &Typesetting,
) -> Result<Vec<Vec<SetLine>>, MissingGlyph> {
    let language = input.language;
    let mut notes = Vec::with_capacity(input.notes.len());
    for (index, note) in input.notes.iter().enumerate() {
        let numbered = numbered_note(index, &note.blocks);
        let mut lines = Vec::new();
        for Flat {
            block,
            inset,
            marker,
        } in flatten_blocks(&numbered)
        {
            let content = match block {
                Block::Paragraph(content) | Block::Heading { content, .. } => content,
                _ => continue,
            };
            // Notes are set flush left: a list item's marker leads its text.
            let content = match marker {
                Some(marker) => {
                    let mut marked = vec![Inline::Text(format!("{marker} "))];
                    marked.extend(content.iter().cloned());
                    Cow::Owned(marked)
                }
                None => Cow::Borrowed(content.as_slice()),
            };
            let mut style = ParagraphStyle::text(
                settings,
                geometry.font_size,
                language,
                geometry.measure() - 2.0 * inset,
            );
            style.size = geometry.font_size * NOTE_SIZE;
            lines.extend(set_paragraph(shaper, &content, &style)?);
        }
        notes.push(lines);
    }
    Ok(notes)
}

/// Flows a story or a section: its opener and blocks on the grid, cut into pages
/// that start at `params.first_page_number`.
pub fn flow(
    input: &FlowInput<'_>,
    shaper: &mut Shaper<'_>,
    geometry: &PageGeometry,
    settings: &Typesetting,
    params: &PageParams,
) -> Result<Flowed, MissingGlyph> {
    let notes = set_notes(input, shaper, geometry, settings)?;
    let note_heights: Vec<usize> = notes.iter().map(Vec::len).collect();
    let blocks = story_grid(input, &note_heights, shaper, geometry, settings)?;
    let mut story_blocks = StoryBlocks {
        blocks,
        note_heights,
    };
    let pages = paginate(&mut story_blocks, params);
    let mut lines = Vec::new();
    let mut contents = Vec::new();
    for block in story_blocks.blocks {
        lines.extend(block.infos);
        contents.extend(block.contents);
    }
    Ok(Flowed {
        lines,
        contents,
        pages,
        notes,
    })
}

/// A story or section as grid blocks: the opener, then every block.
fn story_grid<'b>(
    input: &'b FlowInput<'b>,
    note_heights: &[usize],
    shaper: &mut Shaper<'_>,
    geometry: &PageGeometry,
    settings: &Typesetting,
) -> Result<Vec<GridBlock<'b>>, MissingGlyph> {
    let language = input.language;
    let measure = geometry.measure();
    let size = geometry.font_size;
    let mut grid = Vec::new();

    let mut opener = Vec::new();
    let title = display_lines(
        shaper,
        input.title,
        FontStyle::Regular,
        size * 1.8,
        measure,
        language,
    )?;
    let title_top = 3;
    for (k, line) in title.into_iter().enumerate() {
        opener.push((line, title_top + k * 2));
    }
    let mut next = title_top + opener.len() * 2;
    for text in &input.bylines {
        for line in display_lines(shaper, text, FontStyle::Italic, size, measure, language)? {
            opener.push((line, next));
            next += 1;
        }
    }
    let opener_height = OPENER_LINES.max(next + 2);
    grid.push(single_slot(
        keep_with_next(0, opener_height, true),
        GridContent::Opener(opener),
    ));

    let blocks = flatten_blocks(&input.blocks);
    let mut after_break = true;
    // The story's first paragraph opens with a drop cap when the book asks for one
    // (its lead-in words are already small capitals, see `FlowInput::story`).
    let mut drop_cap = input.drop_cap;
    for (paragraph, flat) in blocks.iter().enumerate() {
        let paragraph = paragraph + 1;
        let inset = &flat.inset;
        match flat.block {
            Block::Paragraph(content) => {
                let mut style = ParagraphStyle::text(
                    settings,
                    geometry.font_size,
                    language,
                    measure - 2.0 * *inset,
                );
                if !after_break && *inset == Pt::ZERO {
                    style.first_indent = size;
                }
                let mut reflowable = None;
                if drop_cap && *inset == Pt::ZERO {
                    drop_cap = false;
                    reflowable = with_drop_cap(content, &style, paragraph, shaper, geometry)?;
                }
                let mut reflowable = match reflowable {
                    Some(with_initial) => with_initial,
                    None => Reflowable {
                        prepared: PreparedParagraph::new(shaper, content, &style)?,
                        style,
                        inset: *inset,
                        paragraph,
                        breaks: Vec::new(),
                        beside_first_line: Vec::new(),
                    },
                };
                if let Some(marker) = &flat.marker {
                    reflowable.beside_first_line = marker_runs(shaper, marker, &reflowable.style)?;
                }
                grid.push(paragraph_block(reflowable, note_heights));
                after_break = false;
            }
            Block::Heading { content, .. } => {
                let text = Inline::plain_text(content);
                let set = display_lines(shaper, &text, FontStyle::Italic, size, measure, language)?;
                let height = HEADING_LINES.max(set.len() + 2);
                grid.push(single_slot(
                    keep_with_next(paragraph, height, false),
                    GridContent::Centered(set),
                ));
                after_break = true;
            }
            Block::SceneBreak => {
                let ornament = "*\u{2003}*\u{2003}*";
                let set = display_lines(
                    shaper,
                    ornament,
                    FontStyle::Regular,
                    size,
                    measure,
                    language,
                )?;
                let info = keep_with_next(paragraph, SCENE_BREAK_LINES, false);
                grid.push(single_slot(info, GridContent::Centered(set)));
                after_break = true;
            }
            // Verse arrives as block quotes (see `FlowInput::story`).
            Block::BlockQuote(_) | Block::List { .. } | Block::Verse(_) => {}
        }
    }
    Ok(grid)
}

/// The paragraph with its first letter (and any opening quote) as a drop cap two
/// lines deep, if it opens with a small-caps lead-in and sets in two lines or more.
fn with_drop_cap<'b>(
    content: &[Inline],
    style: &ParagraphStyle<'b>,
    paragraph: usize,
    shaper: &mut Shaper<'_>,
    geometry: &PageGeometry,
) -> Result<Option<Reflowable<'b>>, MissingGlyph> {
    let Some(Inline::SmallCaps(lead)) = content.first() else {
        return Ok(None);
    };
    let Some(Inline::Text(lead_text)) = lead.first() else {
        return Ok(None);
    };
    let Some((at, c)) = lead_text.char_indices().find(|(_, c)| c.is_alphanumeric()) else {
        return Ok(None);
    };
    let (initial, rest) = lead_text.split_at(at + c.len_utf8());
    // The initial's capitals reach from the first line's cap height to the second
    // line's baseline.
    let cap = shaper.cap_height(FontStyle::Regular);
    let initial_size = (geometry.leading + cap * style.size) / cap;
    let initial_style = ParagraphStyle {
        size: initial_size,
        first_indent: Pt::ZERO,
        measure: style.measure,
        align: Align::Left,
        hyphenate: false,
        hanging: (0, Pt::ZERO),
        ..style.clone()
    };
    let set = set_paragraph(shaper, &[Inline::Text(initial.to_string())], &initial_style)?;
    let Some(initial_line) = set.into_iter().next() else {
        return Ok(None);
    };
    let width = initial_line.width + style.size * 0.25;
    let mut rest_content = Vec::with_capacity(content.len());
    if !rest.is_empty() {
        let mut lead = lead.clone();
        lead[0] = Inline::Text(rest.to_string());
        rest_content.push(Inline::SmallCaps(lead));
    }
    rest_content.extend(content[1..].iter().cloned());
    let style = ParagraphStyle {
        first_indent: Pt::ZERO,
        hanging: (2, width),
        ..style.clone()
    };
    let prepared = PreparedParagraph::new(shaper, &rest_content, &style)?;
    if prepared.break_lines(&style).len() < 2 {
        return Ok(None);
    }
    let initial = initial_line
        .runs
        .into_iter()
        .map(|mut run| {
            run.x -= width;
            run.rise -= geometry.leading;
            run
        })
        .collect();
    Ok(Some(Reflowable {
        prepared,
        style,
        inset: Pt::ZERO,
        paragraph,
        breaks: Vec::new(),
        beside_first_line: initial,
    }))
}

/// A block to set: its inset from both margins and, for the first paragraph of a
/// list item, the item's marker.
struct Flat<'b> {
    block: &'b Block,
    inset: Pt,
    marker: Option<String>,
}

/// Indent of a block quote's or a list's content, from both margins.
const INDENT: Pt = Pt(18.0);
/// An unordered list's marker.
const BULLET: &str = "\u{2022}";

/// Block quotes and lists flattened into the blocks they hold, each inset from
/// both margins; the first paragraph of a list item takes the item's marker (its
/// number from the list's `start`, or a bullet).
fn flatten_blocks(blocks: &[Block]) -> Vec<Flat<'_>> {
    let mut out = Vec::new();
    // The inset inside each open quote or list, innermost last.
    let mut insets = vec![Pt::ZERO];
    // Each open list: the number of its first item if it is ordered.
    let mut lists: Vec<Option<u64>> = Vec::new();
    // The marker of the item just opened, until a paragraph of it takes it (an
    // item opening with a list of its own leaves it to that list's markers).
    let mut marker: Option<String> = None;
    for event in block_events(blocks) {
        let inset = *insets.last().expect("the outermost inset is never left");
        match event {
            BlockEvent::Enter(Block::List { ordered, start, .. }) => {
                lists.push(ordered.then_some(*start));
                insets.push(inset + INDENT);
            }
            BlockEvent::Enter(Block::BlockQuote(_)) => insets.push(inset + INDENT),
            BlockEvent::Enter(block) => {
                let marker = match block {
                    Block::Paragraph(_) => marker.take(),
                    _ => None,
                };
                out.push(Flat {
                    block,
                    inset,
                    marker,
                });
            }
            BlockEvent::Item(index) => {
                marker = Some(match lists.last() {
                    Some(Some(start)) => format!("{}.", start.saturating_add(index as u64)),
                    _ => BULLET.to_string(),
                });
            }
            BlockEvent::ItemEnd => marker = None,
            BlockEvent::Leave(block) => {
                if matches!(block, Block::List { .. }) {
                    lists.pop();
                }
                insets.pop();
            }
        }
    }
    out
}

/// A list item's marker in the face and size of its text, hung in the indent: it
/// ends half an em left of the text, so that wrapped lines align with the first.
/// A font without a bullet marks items with a hyphen.
fn marker_runs(
    shaper: &mut Shaper<'_>,
    marker: &str,
    style: &ParagraphStyle<'_>,
) -> Result<Vec<GlyphRun>, MissingGlyph> {
    let marker_style = ParagraphStyle {
        first_indent: Pt::ZERO,
        align: Align::Left,
        hyphenate: false,
        hanging: (0, Pt::ZERO),
        ..style.clone()
    };
    let text = |text: &str| [Inline::Text(text.to_string())];
    let set = match set_paragraph(shaper, &text(marker), &marker_style) {
        Err(_) if marker == BULLET => set_paragraph(shaper, &text("-"), &marker_style)?,
        set => set?,
    };
    let Some(line) = set.into_iter().next() else {
        return Ok(Vec::new());
    };
    let shift = line.width + style.size * 0.5;
    Ok(line
        .runs
        .into_iter()
        .map(|mut run| {
            run.x -= shift;
            run
        })
        .collect())
}

fn numbered_note(index: usize, blocks: &[Block]) -> Vec<Block> {
    let mut out = blocks.to_vec();
    let label = Inline::Text(format!("{}. ", index + 1));
    match out.first_mut() {
        Some(Block::Paragraph(content)) => content.insert(0, label),
        _ => out.insert(0, Block::Paragraph(vec![label])),
    }
    out
}

#[cfg(test)]
mod tests {
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
        let expected: Vec<(String, Pt)> =
            expected.iter().map(|&(t, i)| (t.into(), Pt(i))).collect();
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
                .map(|g| shaper.glyph_text(run.style, g.id).unwrap_or("?"))
                .collect();
            match lines.last_mut() {
                Some((baseline, line)) if *baseline == placed.baseline => {
                    line.push((placed.x, text))
                }
                _ => lines.push((placed.baseline, vec![(placed.x, text)])),
            }
        }
        lines.into_iter().map(|(_, line)| line).collect()
    }

    #[test]
    fn list_items_hang_their_markers_in_the_indent() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let family = crate::fonts::load_family(root, None).unwrap();
        let mut shaper = Shaper::new(&family);
        let geometry = PageGeometry {
            width: Pt(432.0),
            height: Pt(648.0),
            top: Pt(54.0),
            inner: Pt(57.6),
            outer: Pt(43.2),
            leading: Pt(14.0),
            font_size: Pt(11.0),
            lines_per_page: 38,
        };
        let settings = Typesetting {
            justify: true,
            hyphenate: true,
            widow_orphan_control: true,
            cover: false,
            output: "pdf",
        };
        let en = crate::lang::Lang::parse("en").unwrap();
        let input = FlowInput {
            title: "Lists",
            bylines: Vec::new(),
            language: &en,
            blocks: Cow::Owned(lists()),
            notes: &[],
            drop_cap: false,
        };
        let pages =
            super::super::flowed_pages(&input, Some(0), &mut shaper, &geometry, &settings, 1)
                .unwrap();
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
}
