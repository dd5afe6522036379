//! A story (or a prose section: whatever makes a `FlowInput`) on the grid: its
//! opener (title, bylines), then every block — paragraphs
//! (the first with a drop cap if the book asks), headings, scene breaks, quotes and
//! lists inset — and its footnotes set for the foot of the page; the page breaker
//! cuts the grid into pages.

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
    display_lines, set_paragraph, Align, MissingGlyph, ParagraphStyle, PreparedParagraph, SetLine,
    Shaper,
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
        for (block, inset) in flatten_blocks(&numbered) {
            let content = match block {
                Block::Paragraph(content) | Block::Heading { content, .. } => content,
                _ => continue,
            };
            let mut style = ParagraphStyle::text(
                settings,
                geometry.font_size,
                language,
                geometry.measure() - 2.0 * inset,
            );
            style.size = geometry.font_size * NOTE_SIZE;
            lines.extend(set_paragraph(shaper, content, &style)?);
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
    for (paragraph, (block, inset)) in blocks.iter().enumerate() {
        let paragraph = paragraph + 1;
        match block {
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
                let reflowable = match reflowable {
                    Some(with_initial) => with_initial,
                    None => Reflowable {
                        prepared: PreparedParagraph::new(shaper, content, &style)?,
                        style,
                        inset: *inset,
                        paragraph,
                        breaks: Vec::new(),
                        initial: Vec::new(),
                    },
                };
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
        initial,
    }))
}

/// Block quotes and lists flattened into paragraphs with an inset from both margins.
fn flatten_blocks(blocks: &[Block]) -> Vec<(&Block, Pt)> {
    let mut out = Vec::new();
    // The inset inside each open quote or list, innermost last.
    let mut insets = vec![Pt::ZERO];
    for event in block_events(blocks) {
        let inset = *insets.last().expect("the outermost inset is never left");
        match event {
            BlockEvent::Enter(Block::BlockQuote(_) | Block::List { .. }) => {
                insets.push(inset + Pt(18.0))
            }
            BlockEvent::Enter(block) => out.push((block, inset)),
            BlockEvent::Leave(_) => {
                insets.pop();
            }
            BlockEvent::Item(_) | BlockEvent::ItemEnd => {}
        }
    }
    out
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
            .map(|(block, inset)| (Inline::plain_text(&block.inline_runs()[0]), inset))
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
        assert_eq!(flat[0].1, Pt(1_800_000.0));
        // Dropping a deep tree recurses in the compiler's drop glue; take it apart here.
        while let Some(Block::BlockQuote(inner)) = deep.pop() {
            deep = inner;
        }
    }
}
