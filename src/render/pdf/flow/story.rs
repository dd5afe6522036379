//! A story (or a prose section: whatever makes a `FlowInput`) on the grid: its
//! opener (title, bylines), then every block — paragraphs
//! (the first with a drop cap if the book asks), headings, scene breaks, quotes and
//! lists inset, figures and tables — and its footnotes set for the foot of the
//! page; the page breaker
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
    centred, display_lines, set_paragraph, Align, GlyphRun, MissingGlyph, ParagraphStyle,
    PreparedParagraph, SetLine, Shaper,
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
    /// The headings with ids: the index of their slot in `contents`, and the id.
    pub anchors: Anchors,
    /// Figures floated to the top of a page (see `figure`).
    pub floats: Vec<super::figure::Float>,
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
            ..
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
    let (blocks, block_anchors) = story_grid(input, &note_heights, shaper, geometry, settings)?;
    let mut story_blocks = StoryBlocks {
        blocks,
        note_heights,
    };
    let pages = paginate(&mut story_blocks, params);
    let (pages, floats) = super::figure::float_figures(&mut story_blocks, params, pages);
    let mut lines = Vec::new();
    let mut contents = Vec::new();
    let mut anchors = Vec::new();
    for (index, block) in story_blocks.blocks.into_iter().enumerate() {
        for (_, id) in block_anchors.iter().filter(|(at, _)| *at == index) {
            anchors.push((contents.len(), id.clone()));
        }
        lines.extend(block.infos);
        contents.extend(block.contents);
    }
    Ok(Flowed {
        lines,
        contents,
        pages,
        notes,
        anchors,
        floats,
    })
}

/// Headings with ids, each by the index of its grid block (or slot).
type Anchors = Vec<(usize, String)>;

/// A story or section as grid blocks: the opener, then every block; and the
/// headings with ids, by the index of their grid block.
fn story_grid<'b>(
    input: &'b FlowInput<'b>,
    note_heights: &[usize],
    shaper: &mut Shaper<'_>,
    geometry: &PageGeometry,
    settings: &Typesetting,
) -> Result<(Vec<GridBlock<'b>>, Anchors), MissingGlyph> {
    let mut anchors = Vec::new();
    let language = input.language;
    let measure = geometry.measure();
    let size = geometry.font_size;
    let mut grid = Vec::new();

    let mut opener = Vec::new();
    // The chapter's number two lines above its title, which stays where it is.
    if let Some(label) = &input.label {
        for line in display_lines(
            shaper,
            label,
            FontStyle::Regular,
            size * 1.1,
            measure,
            language,
        )? {
            opener.push((line, 1));
        }
    }
    let label_lines = opener.len();
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
    let mut next = title_top + (opener.len() - label_lines) * 2;
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
    let mut previous_inset = Pt::ZERO;
    for (paragraph, flat) in blocks.iter().enumerate() {
        let paragraph = paragraph + 1;
        let inset = &flat.inset;
        // The text after a quote, verse or list starts flush, as in the EPUB.
        if *inset == Pt::ZERO && previous_inset > Pt::ZERO {
            after_break = true;
        }
        previous_inset = *inset;
        // A block quote is set off by a blank line above and below (as the EPUB's
        // 1em margins), except at the story's start and beside a heading, scene
        // break, figure or table, which bring their own space.
        let own_space = |block: &Block| {
            matches!(
                block,
                Block::Heading { .. } | Block::SceneBreak | Block::Figure(_) | Block::Table(_)
            )
        };
        let space = flat.quote_edge
            && paragraph > 1
            && !own_space(flat.block)
            && !own_space(blocks[paragraph - 2].block);
        let before = grid.len();
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
            Block::Heading { content, id, .. } => {
                if let Some(id) = id {
                    anchors.push((grid.len(), id.clone()));
                }
                // Set as written: emphasis, links, notes and images stay.
                let set = centred(shaper, content, FontStyle::Italic, size, measure, language)?;
                let height = HEADING_LINES.max(set.len() + 2);
                let notes: Vec<usize> = set.iter().flat_map(|line| line.notes.clone()).collect();
                let info = LineInfo {
                    note_lines: super::grid::note_lines(&notes, note_heights),
                    ..keep_with_next(paragraph, height, false)
                };
                grid.push(single_slot(info, GridContent::Centered(set)));
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
            Block::Figure(figure) => {
                grid.push(super::figure::figure_block(
                    figure,
                    input.images,
                    *inset,
                    paragraph,
                    shaper,
                    geometry,
                    language,
                )?);
                after_break = true;
            }
            Block::Table(table) => {
                grid.push(super::table::table_block(
                    table,
                    *inset,
                    paragraph,
                    note_heights,
                    shaper,
                    geometry,
                    settings,
                    language,
                )?);
                after_break = true;
            }
            // Verse arrives as block quotes (see `FlowInput::story`); edition-only
            // blocks are unwrapped or dropped before (`Book::for_output`).
            Block::BlockQuote(_) | Block::List { .. } | Block::Verse(_) | Block::Only { .. } => {}
        }
        if space && grid.len() > before {
            if let Some(block) = grid.pop() {
                grid.push(block.with_space_above(1));
            }
        }
    }
    Ok((grid, anchors))
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

/// A block to set: its inset from both margins, for the first paragraph of a
/// list item the item's marker, and whether it opens a block quote or follows
/// one (the outermost: a quote within a quote is not set off again).
struct Flat<'b> {
    block: &'b Block,
    inset: Pt,
    marker: Option<String>,
    quote_edge: bool,
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
    let mut quotes = 0usize;
    let mut quote_edge = false;
    for event in block_events(blocks) {
        let inset = *insets.last().expect("the outermost inset is never left");
        match event {
            BlockEvent::Enter(Block::List { ordered, start, .. }) => {
                lists.push(ordered.then_some(*start));
                insets.push(inset + INDENT);
            }
            BlockEvent::Enter(Block::BlockQuote(_)) => {
                quote_edge |= quotes == 0;
                quotes += 1;
                insets.push(inset + INDENT);
            }
            BlockEvent::Enter(block) => {
                let marker = match block {
                    Block::Paragraph(_) => marker.take(),
                    _ => None,
                };
                out.push(Flat {
                    block,
                    inset,
                    marker,
                    quote_edge: std::mem::take(&mut quote_edge),
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
                match block {
                    Block::List { .. } => {
                        lists.pop();
                    }
                    Block::BlockQuote(_) => {
                        quotes = quotes.saturating_sub(1);
                        quote_edge |= quotes == 0;
                    }
                    _ => {}
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
#[path = "story_tests.rs"]
mod tests;
