//! Flow: a story as slots on the baseline grid (its opener, then every line of every
//! block), cut into pages by the page breaker. Where a page would run short to avoid
//! a widow, an orphan or a hyphen at the turn, lines are moved instead: a nearby
//! paragraph is set one line longer or shorter, within the spacing tolerance.

use super::compose::{display_lines, text_style};
use super::geometry::{PageGeometry, Pt};
use super::pagebreak::{break_pages, LineInfo, Page, PageParams};
use super::paragraph::{set_paragraph, Looseness, ParagraphStyle, SetLine};
use super::shaping::{MissingGlyph, Shaper};
use super::PdfOptions;
use crate::model::{Block, Book, Inline, Story};
use crate::source::fonts::FontStyle;

/// Grid lines a story opener takes: the title sinks about a third down the page.
const OPENER_LINES: usize = 9;
/// Grid lines of a heading inside a story: a blank line, the heading, a blank line.
const HEADING_LINES: usize = 3;
/// A scene break: the ornament between two blank lines.
const SCENE_BREAK_LINES: usize = 3;
/// Ways to ask for one more line: break on a measure narrower by this many ems.
const LONGER_STEPS: [Pt; 6] = [0.25, 0.5, 1.0, 1.5, 2.0, 3.0];
/// How many pages before a short page may give or take the line that fixes it.
const SEARCH_PAGES_BACK: usize = 3;
/// Ways to ask for one line fewer: line penalties that increasingly favour fewer lines.
const SHORTER_PENALTIES: [f32; 5] = [50.0, 150.0, 500.0, 1500.0, 5000.0];

/// What occupies a slot of the grid.
pub enum GridContent {
    Line(SetLine, Pt),
    Opener(Vec<(SetLine, usize)>),
    /// Headings and scene breaks: set lines centred on the middle grid line.
    Centered(Vec<SetLine>),
}

pub struct FlowedStory {
    pub lines: Vec<LineInfo>,
    pub contents: Vec<GridContent>,
    pub pages: Vec<Page>,
}

/// One block's slots, and for paragraphs what is needed to set them again.
struct GridBlock<'b> {
    infos: Vec<LineInfo>,
    contents: Vec<GridContent>,
    paragraph: Option<(&'b [Inline], ParagraphStyle<'b>)>,
    /// Line-count changes already tried on this paragraph.
    tried: Vec<isize>,
}

pub fn flow_story(
    book: &Book,
    story: &Story,
    shaper: &mut Shaper<'_>,
    geometry: &PageGeometry,
    options: &PdfOptions,
    params: &PageParams,
) -> Result<FlowedStory, MissingGlyph> {
    let notes: Vec<Block> = story
        .notes
        .iter()
        .enumerate()
        .flat_map(|(i, note)| numbered_note(i, &note.blocks))
        .collect();
    let mut blocks = story_grid(book, story, &notes, shaper, geometry, options)?;
    let mut pages = break_pages(&flatten(&blocks), params);
    if options.widow_orphan_control {
        move_lines(&mut blocks, &mut pages, shaper, params)?;
    }
    let mut lines = Vec::new();
    let mut contents = Vec::new();
    for block in blocks {
        lines.extend(block.infos);
        contents.extend(block.contents);
    }
    Ok(FlowedStory {
        lines,
        contents,
        pages,
    })
}

fn flatten(blocks: &[GridBlock<'_>]) -> Vec<LineInfo> {
    blocks
        .iter()
        .flat_map(|b| b.infos.iter().cloned())
        .collect()
}

/// Grid lines left empty on pages that are not the story's last.
fn shortfall(pages: &[Page]) -> usize {
    let count = pages.len().saturating_sub(1);
    pages[..count].iter().map(|p| p.short_by).sum()
}

/// Resets paragraphs near short pages one line longer or shorter while that leaves
/// fewer empty grid lines; every attempt re-runs the page breaker on the story.
fn move_lines<'b>(
    blocks: &mut [GridBlock<'b>],
    pages: &mut Vec<Page>,
    shaper: &mut Shaper<'_>,
    params: &PageParams,
) -> Result<(), MissingGlyph> {
    let mut from_page = 0;
    while let Some(short) = pages
        .iter()
        .enumerate()
        .take(pages.len().saturating_sub(1))
        .skip(from_page)
        .find(|(_, p)| p.short_by > 0)
        .map(|(i, _)| i)
    {
        let before = shortfall(pages);
        // Paragraphs on the short page and those before it, nearest the turn first.
        let first_slot = pages[short.saturating_sub(SEARCH_PAGES_BACK)].first;
        let end_slot = pages[short].end;
        let mut candidates = Vec::new();
        let mut slot = 0;
        for (index, block) in blocks.iter().enumerate() {
            let range = slot..slot + block.infos.len();
            slot = range.end;
            if range.end > first_slot && range.start < end_slot && block.paragraph.is_some() {
                candidates.push(index);
            }
        }
        candidates.reverse();
        let mut improved = false;
        'search: for index in candidates {
            for change in [1isize, -1] {
                if blocks[index].tried.contains(&change) {
                    continue;
                }
                blocks[index].tried.push(change);
                let Some(variant) = paragraph_variant(&blocks[index], change, shaper)? else {
                    continue;
                };
                let original = std::mem::replace(&mut blocks[index], variant);
                let trial = break_pages(&flatten(blocks), params);
                if shortfall(&trial) < before {
                    *pages = trial;
                    improved = true;
                    break 'search;
                }
                blocks[index] = original;
            }
        }
        if !improved {
            from_page = short + 1;
        }
    }
    Ok(())
}

/// The paragraph set with `change` more (or fewer) lines, if that can be done
/// without a line looser or tighter than the breaker's tolerance.
fn paragraph_variant<'b>(
    block: &GridBlock<'b>,
    change: isize,
    shaper: &mut Shaper<'_>,
) -> Result<Option<GridBlock<'b>>, MissingGlyph> {
    let Some((content, style)) = &block.paragraph else {
        return Ok(None);
    };
    let current = block.infos.len() as isize;
    let wanted = current + change;
    if wanted < 2 {
        return Ok(None);
    }
    let inset = match block.contents.first() {
        Some(GridContent::Line(_, inset)) => *inset,
        _ => 0.0,
    };
    let tries: Vec<Looseness> = if change > 0 {
        LONGER_STEPS
            .iter()
            .map(|step| Looseness::Longer(step * style.size))
            .collect()
    } else {
        SHORTER_PENALTIES
            .iter()
            .map(|&p| Looseness::Shorter(p))
            .collect()
    };
    for looseness in tries {
        let mut style = style.clone();
        style.looseness = looseness;
        let set = set_paragraph(shaper, content, &style)?;
        let count = set.len() as isize;
        if count == wanted {
            let last = set.len() - 1;
            let acceptable = set
                .iter()
                .enumerate()
                .all(|(k, line)| k == last || (-1.0..=1.0).contains(&line.ratio));
            if !acceptable {
                continue;
            }
            let paragraph = block.infos[0].paragraph;
            let mut variant = paragraph_block(content, style, set, inset, paragraph);
            variant.tried = block.tried.clone();
            return Ok(Some(variant));
        }
        if (count - wanted) * change.signum() > 0 {
            return Ok(None); // overshot: two lines gained or lost at once
        }
    }
    Ok(None)
}

fn paragraph_block<'b>(
    content: &'b [Inline],
    style: ParagraphStyle<'b>,
    set: Vec<SetLine>,
    inset: Pt,
    paragraph: usize,
) -> GridBlock<'b> {
    let count = set.len();
    let mut infos = Vec::with_capacity(count);
    let mut contents = Vec::with_capacity(count);
    for (k, line) in set.into_iter().enumerate() {
        infos.push(LineInfo {
            paragraph,
            index_in_paragraph: k,
            lines_in_paragraph: count,
            hyphenated: line.hyphenated,
            keep_with_next: false,
            height_in_lines: 1,
            forced_page_break_before: false,
        });
        contents.push(GridContent::Line(line, inset));
    }
    GridBlock {
        infos,
        contents,
        paragraph: Some((content, style)),
        tried: Vec::new(),
    }
}

fn single_slot<'b>(info: LineInfo, content: GridContent) -> GridBlock<'b> {
    GridBlock {
        infos: vec![info],
        contents: vec![content],
        paragraph: None,
        tried: Vec::new(),
    }
}

fn keep_with_next(paragraph: usize, height_in_lines: usize, forced: bool) -> LineInfo {
    LineInfo {
        paragraph,
        index_in_paragraph: 0,
        lines_in_paragraph: 1,
        hyphenated: false,
        keep_with_next: true,
        height_in_lines,
        forced_page_break_before: forced,
    }
}

/// A story as grid blocks: the opener, then every block, then the notes.
fn story_grid<'b>(
    book: &'b Book,
    story: &'b Story,
    notes: &'b [Block],
    shaper: &mut Shaper<'_>,
    geometry: &PageGeometry,
    options: &PdfOptions,
) -> Result<Vec<GridBlock<'b>>, MissingGlyph> {
    let language = story.language.as_deref().unwrap_or(&book.meta.language);
    let measure = geometry.measure();
    let size = options.font_size;
    let mut grid = Vec::new();

    let mut opener = Vec::new();
    let title = display_lines(
        shaper,
        &story.title,
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
    let translator = book.translator_line(story);
    for text in [&story.subtitle, &story.author, &translator]
        .into_iter()
        .flatten()
    {
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

    let mut blocks: Vec<(&Block, Pt)> = Vec::new();
    flatten_blocks(&story.blocks, 0.0, &mut blocks);
    if !notes.is_empty() {
        blocks.push((&Block::SceneBreak, 0.0));
        blocks.extend(notes.iter().map(|note| (note, 0.0)));
    }
    let mut after_break = true;
    for (paragraph, (block, inset)) in blocks.iter().enumerate() {
        let paragraph = paragraph + 1;
        match block {
            Block::Paragraph(content) => {
                let mut style = text_style(options, language, measure - 2.0 * inset);
                if !after_break && *inset == 0.0 {
                    style.first_indent = size;
                }
                let set = set_paragraph(shaper, content, &style)?;
                grid.push(paragraph_block(content, style, set, *inset, paragraph));
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
            // Verse arrives as block quotes (see `compose::for_print`).
            Block::BlockQuote(_) | Block::List { .. } | Block::Verse(_) => {}
        }
    }
    Ok(grid)
}

/// Block quotes and lists flattened into paragraphs with an inset from both margins.
fn flatten_blocks<'b>(blocks: &'b [Block], inset: Pt, out: &mut Vec<(&'b Block, Pt)>) {
    for block in blocks {
        match block {
            Block::BlockQuote(inner) => flatten_blocks(inner, inset + 18.0, out),
            Block::List { items, .. } => {
                for item in items {
                    flatten_blocks(item, inset + 18.0, out);
                }
            }
            other => out.push((other, inset)),
        }
    }
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
