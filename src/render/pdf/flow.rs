//! Flow: a story as slots on the baseline grid (its opener, then every line of every
//! block), cut into pages by the page breaker. Where a page would run short to avoid
//! a widow, an orphan or a hyphen at the turn, the page breaker moves lines instead:
//! a paragraph on the page is set one line longer or shorter, within the spacing
//! tolerance (`Reflow`).

use super::compose::{display_lines, text_style};
use super::geometry::{PageGeometry, Pt};
use super::linebreak::Line;
use super::pagebreak::{paginate, LineInfo, Page, PageParams, Reflow};
use super::paragraph::{ParagraphStyle, PreparedParagraph, SetLine, LINE_BREAK_PARAMS};
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
/// How much looser than its natural setting's worst line (in adjustment ratio) a
/// paragraph may be set to move a line. Larger values fill more pages to the last
/// grid line and leave more loose lines; 0.2 balances the two on generated books.
const MOVED_LINE_SLACK: f32 = 0.2;

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
    paragraph: Option<Reflowable<'b>>,
    /// Lines more than the natural setting, as now set.
    change: isize,
}

/// A paragraph that can be set again with a line more or fewer.
struct Reflowable<'b> {
    prepared: PreparedParagraph,
    style: ParagraphStyle<'b>,
    inset: Pt,
    paragraph: usize,
    /// Breaks by line-count change (−1, 0, 1) within the tolerance; computed when
    /// first asked for.
    breaks: Option<Vec<(isize, Vec<Line>)>>,
}

/// A story's blocks as the page breaker sees them: paragraphs can be reset.
struct StoryBlocks<'b> {
    blocks: Vec<GridBlock<'b>>,
}

impl Reflow for StoryBlocks<'_> {
    fn block_count(&self) -> usize {
        self.blocks.len()
    }

    fn lines(&self, block: usize) -> &[LineInfo] {
        &self.blocks[block].infos
    }

    fn change(&self, block: usize) -> isize {
        self.blocks[block].change
    }

    fn cost(&self, block: usize) -> f32 {
        let block = &self.blocks[block];
        if block.change == 0 {
            return 0.0;
        }
        let last = block.contents.len().saturating_sub(1);
        block.contents[..last]
            .iter()
            .map(|c| match c {
                GridContent::Line(line, _) => line.ratio.max(0.0),
                _ => 0.0,
            })
            .fold(0.0, f32::max)
    }

    fn reset(&mut self, index: usize, change: isize) -> bool {
        let block = &mut self.blocks[index];
        if change == block.change {
            return true;
        }
        let Some(reflowable) = &mut block.paragraph else {
            return false;
        };
        let natural = block.infos.len() as isize - block.change;
        // No line of another setting may be much looser or tighter than the worst of
        // the natural one, or than the first pass allows. (Settings are first asked for
        // while the natural one is in place.)
        let limit = block
            .contents
            .iter()
            .take(block.contents.len().saturating_sub(1))
            .map(|c| match c {
                GridContent::Line(line, _) => line.ratio.abs(),
                _ => 0.0,
            })
            .fold(LINE_BREAK_PARAMS.pretolerance, f32::max);
        let (prepared, style) = (&reflowable.prepared, &reflowable.style);
        let breaks = reflowable.breaks.get_or_insert_with(|| {
            prepared
                .breaks_by_count(style)
                .into_iter()
                .filter_map(|lines| {
                    let change = lines.len() as isize - natural;
                    let last = lines.len().saturating_sub(1);
                    let within = lines[..last]
                        .iter()
                        .all(|l| l.ratio.abs() <= limit + MOVED_LINE_SLACK);
                    // Two-line paragraphs stay whole; one setting per change.
                    (within && change.abs() <= 1 && lines.len() >= 2).then_some((change, lines))
                })
                .collect()
        });
        let Some((_, lines)) = breaks.iter().find(|(c, _)| *c == change) else {
            return false;
        };
        let set = prepared.set(lines, style);
        let (infos, contents) = grid_lines(set, reflowable.inset, reflowable.paragraph);
        block.infos = infos;
        block.contents = contents;
        block.change = change;
        true
    }
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
    let blocks = story_grid(book, story, &notes, shaper, geometry, options)?;
    let mut story_blocks = StoryBlocks { blocks };
    let pages = paginate(&mut story_blocks, params);
    let mut lines = Vec::new();
    let mut contents = Vec::new();
    for block in story_blocks.blocks {
        lines.extend(block.infos);
        contents.extend(block.contents);
    }
    Ok(FlowedStory {
        lines,
        contents,
        pages,
    })
}

/// Set lines as grid slots.
fn grid_lines(set: Vec<SetLine>, inset: Pt, paragraph: usize) -> (Vec<LineInfo>, Vec<GridContent>) {
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
    (infos, contents)
}

fn paragraph_block<'b>(
    prepared: PreparedParagraph,
    style: ParagraphStyle<'b>,
    inset: Pt,
    paragraph: usize,
) -> GridBlock<'b> {
    let set = prepared.set(&prepared.break_lines(&style), &style);
    let (infos, contents) = grid_lines(set, inset, paragraph);
    GridBlock {
        infos,
        contents,
        paragraph: Some(Reflowable {
            prepared,
            style,
            inset,
            paragraph,
            breaks: None,
        }),
        change: 0,
    }
}

fn single_slot<'b>(info: LineInfo, content: GridContent) -> GridBlock<'b> {
    GridBlock {
        infos: vec![info],
        contents: vec![content],
        paragraph: None,
        change: 0,
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
    for text in [&story.subtitle, &story.author].into_iter().flatten() {
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
                let prepared = PreparedParagraph::new(shaper, content, &style)?;
                grid.push(paragraph_block(prepared, style, *inset, paragraph));
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
            Block::BlockQuote(_) | Block::List { .. } => {}
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
