//! Flow: a story as slots on the baseline grid (its opener, then every line of every
//! block), cut into pages by the page breaker. Where a page would run short to avoid
//! a widow, an orphan or a hyphen at the turn, the page breaker moves lines instead:
//! a paragraph on the page is set one line longer or shorter, within the spacing
//! tolerance (`Reflow`).

use super::compose::{display_lines, text_style};
use super::geometry::{PageGeometry, Pt};
use super::linebreak::Line;
use super::pagebreak::{paginate, LineInfo, Page, PageParams, Reflow, Setting};
use super::paragraph::{
    set_paragraph, Align, GlyphRun, ParagraphStyle, PreparedParagraph, SetLine, LINE_BREAK_PARAMS,
};
use super::shaping::{MissingGlyph, Shaper};
use super::PdfOptions;
use crate::fonts::FontStyle;
use crate::model::{Block, Book, Inline, LeadIn, Story};

/// Grid lines a story opener takes: the title sinks about a third down the page.
const OPENER_LINES: usize = 9;
/// Grid lines of a heading inside a story: a blank line, the heading, a blank line.
const HEADING_LINES: usize = 3;
/// A scene break: the ornament between two blank lines.
const SCENE_BREAK_LINES: usize = 3;
/// How much looser than its natural setting's worst line (in adjustment ratio) a
/// paragraph may be set to move a line. What a looser setting costs
/// (`LOOSE_LINE_COST`) keeps loose lines rare; this bound keeps out the worst.
const MOVED_LINE_SLACK: f32 = 0.6;
/// Paragraphs longer than this are only set one way.
const REFLOW_MAX_LINES: usize = 60;
/// What moving a line costs the page breaker, before any loosening: less than a
/// page short, more than nothing, so lines move only where pages gain from it.
const MOVED_LINE_COST: u64 = 100;
/// What a moved line costs when it makes a line loose (ratio above 1), against a
/// spread run one line short (`pagebreak`'s 10,000): a tie-breaker among moves, so
/// that loose lines go where no tight or barely looser move does.
const LOOSE_LINE_COST: u64 = 1_500;

/// Footnotes are set at this fraction of the body size, one per grid line.
const NOTE_SIZE: Pt = 0.82;

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
    /// Each footnote set as lines, for the foot of the page that references it.
    pub notes: Vec<Vec<SetLine>>,
}

/// One block's slots, and for paragraphs what is needed to set them again.
struct GridBlock<'b> {
    infos: Vec<LineInfo>,
    contents: Vec<GridContent>,
    paragraph: Option<Reflowable<'b>>,
}

/// A paragraph that can be set again with a line more or fewer.
struct Reflowable<'b> {
    prepared: PreparedParagraph,
    style: ParagraphStyle<'b>,
    inset: Pt,
    paragraph: usize,
    /// Other settings' breaks by line-count change (−1 or 1), once offered to the
    /// page breaker.
    breaks: Vec<(isize, Vec<Line>)>,
    /// A drop cap, placed with the first line (left of it, a line lower).
    initial: Vec<GlyphRun>,
}

/// A story's blocks as the page breaker sees them: paragraphs offer other settings.
struct StoryBlocks<'b> {
    blocks: Vec<GridBlock<'b>>,
    /// Grid lines of each footnote.
    note_heights: Vec<usize>,
}

impl Reflow for StoryBlocks<'_> {
    fn block_count(&self) -> usize {
        self.blocks.len()
    }

    fn settings(&mut self, index: usize) -> Vec<Setting> {
        let block = &mut self.blocks[index];
        let natural = Setting {
            change: 0,
            lines: block.infos.clone(),
            cost: 0,
        };
        let Some(reflowable) = &mut block.paragraph else {
            return vec![natural];
        };
        // A one-line paragraph cannot lose a line, nor gain one within the tolerance;
        // a very long one has settings enough in its neighbours, and telling all its
        // line counts apart would cost more than the rest of the story.
        if !(2..=REFLOW_MAX_LINES).contains(&block.infos.len()) {
            return vec![natural];
        }
        // No line of another setting may be much looser than the worst of the
        // natural one, or than the first pass allows.
        let worst = |ratios: &mut dyn Iterator<Item = f32>| ratios.fold(0.0, f32::max);
        let last = block.contents.len().saturating_sub(1);
        let natural_worst = worst(&mut block.contents[..last].iter().map(|c| match c {
            GridContent::Line(line, _) => line.ratio,
            _ => 0.0,
        }));
        let limit = natural_worst.max(LINE_BREAK_PARAMS.pretolerance) + MOVED_LINE_SLACK;
        let count = block.infos.len() as isize;
        let mut settings = vec![natural];
        let mut others = Vec::new();
        for lines in reflowable
            .prepared
            .breaks_by_count(&reflowable.style, limit)
        {
            let change = lines.len() as isize - count;
            let last = lines.len().saturating_sub(1);
            let looser = worst(&mut lines[..last].iter().map(|l| l.ratio));
            // Two-line paragraphs stay whole; one setting per change.
            if change.abs() != 1 || lines.len() < 2 || looser > limit {
                continue;
            }
            let notes =
                |line: &Line| note_lines(&reflowable.prepared.notes_in(line), &self.note_heights);
            let infos = line_infos(&lines, reflowable.paragraph, notes);
            // Tighter settings and those barely looser than the natural one first; a
            // setting with a loose line (spaces stretched past 1.5 times) costs more.
            let loosening = ((looser - natural_worst).max(0.0) * 1000.0) as u64;
            let loose = if looser > 1.0 && looser > natural_worst {
                LOOSE_LINE_COST
            } else {
                0
            };
            let cost = MOVED_LINE_COST + loosening + loose;
            settings.push(Setting {
                change,
                lines: infos,
                cost,
            });
            others.push((change, lines));
        }
        reflowable.breaks = others;
        settings
    }

    fn choose(&mut self, index: usize, change: isize) {
        let block = &mut self.blocks[index];
        let Some(reflowable) = &block.paragraph else {
            return;
        };
        let Some((_, lines)) = reflowable.breaks.iter().find(|(c, _)| *c == change) else {
            return;
        };
        let set = reflowable.prepared.set(lines, &reflowable.style);
        let (infos, contents) = grid_lines(set, reflowable, &self.note_heights);
        block.infos = infos;
        block.contents = contents;
    }
}

/// The page breaker's view of a paragraph's lines.
fn line_infos(lines: &[Line], paragraph: usize, notes: impl Fn(&Line) -> usize) -> Vec<LineInfo> {
    let count = lines.len();
    lines
        .iter()
        .enumerate()
        .map(|(k, line)| LineInfo {
            hyphenated: line.hyphenated,
            note_lines: notes(line),
            ..LineInfo::text(paragraph, k, count)
        })
        .collect()
}

/// Grid lines the footnotes `notes` take.
fn note_lines(notes: &[usize], heights: &[usize]) -> usize {
    notes
        .iter()
        .map(|&n| heights.get(n).copied().unwrap_or(0))
        .sum()
}

/// Each footnote of the story set in smaller type on the full measure, its number
/// first: the lines go to the foot of the page where the note is referenced.
fn set_notes(
    story: &Story,
    shaper: &mut Shaper<'_>,
    geometry: &PageGeometry,
    options: &PdfOptions,
) -> Result<Vec<Vec<SetLine>>, MissingGlyph> {
    let language = &story.lang;
    let mut notes = Vec::with_capacity(story.notes.len());
    for (index, note) in story.notes.iter().enumerate() {
        let mut blocks = Vec::new();
        let numbered = numbered_note(index, &note.blocks);
        flatten_blocks(&numbered, 0.0, &mut blocks);
        let mut lines = Vec::new();
        for (block, inset) in blocks {
            let content = match block {
                Block::Paragraph(content) | Block::Heading { content, .. } => content,
                _ => continue,
            };
            let mut style = text_style(options, language, geometry.measure() - 2.0 * inset);
            style.size = options.font_size * NOTE_SIZE;
            lines.extend(set_paragraph(shaper, content, &style)?);
        }
        notes.push(lines);
    }
    Ok(notes)
}

pub fn flow_story(
    book: &Book,
    story: &Story,
    shaper: &mut Shaper<'_>,
    geometry: &PageGeometry,
    options: &PdfOptions,
    params: &PageParams,
) -> Result<FlowedStory, MissingGlyph> {
    let notes = set_notes(story, shaper, geometry, options)?;
    let note_heights: Vec<usize> = notes.iter().map(Vec::len).collect();
    let blocks = story_grid(book, story, &note_heights, shaper, geometry, options)?;
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
    Ok(FlowedStory {
        lines,
        contents,
        pages,
        notes,
    })
}

/// A paragraph's set lines as grid slots, the first ones moved right of its drop
/// cap (drawn with the first line) if it has one.
fn grid_lines(
    set: Vec<SetLine>,
    reflowable: &Reflowable<'_>,
    note_heights: &[usize],
) -> (Vec<LineInfo>, Vec<GridContent>) {
    let count = set.len();
    let mut infos = Vec::with_capacity(count);
    let mut contents = Vec::with_capacity(count);
    let (hanging_lines, hanging_width) = reflowable.style.hanging;
    for (k, mut line) in set.into_iter().enumerate() {
        let mut inset = reflowable.inset;
        if k < hanging_lines {
            inset += hanging_width;
        }
        if k == 0 {
            line.runs.splice(0..0, reflowable.initial.iter().cloned());
        }
        infos.push(LineInfo {
            paragraph: reflowable.paragraph,
            index_in_paragraph: k,
            lines_in_paragraph: count,
            hyphenated: line.hyphenated,
            keep_with_next: false,
            height_in_lines: 1,
            forced_page_break_before: false,
            note_lines: note_lines(&line.notes, note_heights),
        });
        contents.push(GridContent::Line(line, inset));
    }
    (infos, contents)
}

fn paragraph_block<'b>(reflowable: Reflowable<'b>, note_heights: &[usize]) -> GridBlock<'b> {
    let (prepared, style) = (&reflowable.prepared, &reflowable.style);
    let set = prepared.set(&prepared.break_lines(style), style);
    let (infos, contents) = grid_lines(set, &reflowable, note_heights);
    GridBlock {
        infos,
        contents,
        paragraph: Some(reflowable),
    }
}

fn single_slot<'b>(info: LineInfo, content: GridContent) -> GridBlock<'b> {
    GridBlock {
        infos: vec![info],
        contents: vec![content],
        paragraph: None,
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
        note_lines: 0,
    }
}

/// A story as grid blocks: the opener, then every block.
fn story_grid<'b>(
    book: &'b Book,
    story: &'b Story,
    note_heights: &[usize],
    shaper: &mut Shaper<'_>,
    geometry: &PageGeometry,
    options: &PdfOptions,
) -> Result<Vec<GridBlock<'b>>, MissingGlyph> {
    let language = &story.lang;
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
    let mut after_break = true;
    // The story's first paragraph opens with a drop cap when the book asks for one
    // (its lead-in words are already small capitals, see `compose::for_print`).
    let mut drop_cap = book.lead_in == LeadIn::DropCap;
    for (paragraph, (block, inset)) in blocks.iter().enumerate() {
        let paragraph = paragraph + 1;
        match block {
            Block::Paragraph(content) => {
                let mut style = text_style(options, language, measure - 2.0 * inset);
                if !after_break && *inset == 0.0 {
                    style.first_indent = size;
                }
                let mut reflowable = None;
                if drop_cap && *inset == 0.0 {
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
            // Verse arrives as block quotes (see `compose::for_print`).
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
        first_indent: 0.0,
        measure: style.measure,
        align: Align::Left,
        hyphenate: false,
        hanging: (0, 0.0),
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
        first_indent: 0.0,
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
        inset: 0.0,
        paragraph,
        breaks: Vec::new(),
        initial,
    }))
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
