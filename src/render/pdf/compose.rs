//! Composition: the whole book as pages. Stories become grid lines (paragraph layout),
//! the page breaker cuts them into pages, and each page gets its furniture: running
//! heads, folios, openers on rectos, blank versos. Front matter is composed last, when
//! the body's page numbers are known.

use rayon::prelude::*;

use super::flow::{flow_story, FlowedStory, GridContent};
use super::geometry::{PageGeometry, Pt};
use super::pagebreak::PageParams;
use super::paragraph::{set_paragraph, Align, GlyphRun, ParagraphStyle, SetLine};
use super::shaping::{MissingGlyph, Shaper};
use super::PdfOptions;
use crate::fonts::FontStyle;
use crate::model::{
    Block, Book, Epigraph, Inline, Labels, LeadIn, MatterKind, SectionRole, Story, StoryId,
};

#[derive(Debug, Clone, PartialEq)]
pub struct PlacedRun {
    pub run: GlyphRun,
    /// Left edge of the run on the page, and its baseline from the top of the page.
    pub x: Pt,
    pub baseline: Pt,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    Front,
    Opener,
    Body,
    Blank,
    Back,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ComposedPage {
    pub kind: PageKind,
    pub runs: Vec<PlacedRun>,
    /// Body lines on the page, with their adjustment ratios (for invariants and tests).
    pub body_ratios: Vec<f32>,
    /// Index of the story shown on this page, if any.
    pub story: Option<usize>,
    /// Grid line of the last body baseline (or footnote), for full-page checks.
    pub last_grid_line: Option<usize>,
    /// Filled rectangles, e.g. the rule above footnotes.
    pub rules: Vec<Rule>,
}

/// A filled rectangle: its left edge and top from the top of the page, its size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    pub x: Pt,
    pub top: Pt,
    pub width: Pt,
    pub height: Pt,
}

/// A link on a page to the first page of a story.
#[derive(Debug, Clone, PartialEq)]
pub struct ContentsLink {
    pub page: usize,
    pub rect: [Pt; 4],
    pub target_page: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ComposedBook {
    pub pages: Vec<ComposedPage>,
    /// Number of front-matter pages (numbered in roman).
    pub front_pages: usize,
    /// Index of the first page of each story.
    pub story_pages: Vec<usize>,
    /// The cover and its blank inside page (0 or 2), before the front matter.
    pub cover_pages: usize,
    pub contents_page: Option<usize>,
    /// Titled front matter and its first page, in order (for the outline).
    pub front_entries: Vec<(String, usize)>,
    /// Titled back matter and its first page, in order.
    pub back_entries: Vec<(String, usize)>,
    pub links: Vec<ContentsLink>,
}

/// Flows every story, in parallel: each worker takes a run of stories with a shaper
/// of its own, whose glyph texts then join `shaper`'s for the writer.
fn flow_stories(
    book: &Book,
    shaper: &mut Shaper<'_>,
    geometry: &PageGeometry,
    options: &PdfOptions,
    params: &PageParams,
    progress: &Progress<'_>,
) -> Result<Vec<FlowedStory>, MissingGlyph> {
    let done = std::sync::atomic::AtomicUsize::new(0);
    let workers = rayon::current_num_threads().clamp(1, book.stories.len().max(1));
    let chunk = book.stories.len().div_ceil(workers).max(1);
    let family = shaper.family();
    let results: Vec<(Result<Vec<FlowedStory>, MissingGlyph>, Shaper<'_>)> = book
        .stories
        .par_chunks(chunk)
        .map(|stories| {
            let mut local = Shaper::new(family);
            let flowed = stories
                .iter()
                .map(|story| {
                    let story = for_print(story, book.lead_in);
                    let flowed = flow_story(book, &story, &mut local, geometry, options, params);
                    let count = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                    progress(count, book.stories.len());
                    flowed
                })
                .collect();
            (flowed, local)
        })
        .collect();
    let mut flows = Vec::with_capacity(book.stories.len());
    for (flowed, local) in results {
        shaper.absorb_glyph_texts(&local);
        flows.extend(flowed?);
    }
    Ok(flows)
}

/// Told how many stories of how many are laid out, as each one is; from any thread.
pub type Progress<'a> = dyn Fn(usize, usize) + Sync + 'a;

pub fn compose(
    book: &Book,
    font_name: &str,
    shaper: &mut Shaper<'_>,
    geometry: &PageGeometry,
    options: &PdfOptions,
) -> Result<ComposedBook, MissingGlyph> {
    compose_with_progress(book, font_name, shaper, geometry, options, &|_, _| {})
}

/// [`compose`], reporting the stories laid out.
pub fn compose_with_progress(
    book: &Book,
    font_name: &str,
    shaper: &mut Shaper<'_>,
    geometry: &PageGeometry,
    options: &PdfOptions,
    progress: &Progress<'_>,
) -> Result<ComposedBook, MissingGlyph> {
    let mut body: Vec<ComposedPage> = Vec::new();
    let mut story_pages = Vec::new();
    // Every story opens on a recto, so stories flow independently: in parallel.
    let params = PageParams {
        lines_per_page: geometry.lines_per_page,
        widow_orphan_control: options.widow_orphan_control,
        first_page_number: 1,
    };
    let flows = flow_stories(book, shaper, geometry, options, &params, progress)?;
    for (index, flowed) in flows.into_iter().enumerate() {
        // Openers fall on rectos: body page numbers start at 1, so an odd count of
        // pages so far needs a blank verso.
        if body.len() % 2 == 1 {
            body.push(blank_page());
        }
        story_pages.push(body.len());
        body.extend(placed_pages(flowed, Some(index), geometry, body.len() + 1));
    }
    // Back matter follows the last story, each item on a new page; its numbers
    // continue the body's.
    let mut back = Vec::new();
    let mut back_entries = Vec::new();
    // The prose section each back page belongs to, for its running head.
    let mut back_sections: Vec<Option<String>> = Vec::new();
    for matter in book.back.iter().filter(|m| m.is_in(super::NAME)) {
        let first = body.len() + back.len();
        if placement(&matter.kind) == Side::Recto && first % 2 == 1 {
            back.push(blank_page());
        }
        let number = body.len() + back.len() + 1;
        let pages = matter_pages(
            book,
            &matter.kind,
            shaper,
            geometry,
            options,
            number,
            font_name,
        )?;
        if let Some(title) = outline_title(book.labels(), &matter.kind) {
            back_entries.push((title, body.len() + back.len()));
        }
        back_sections.resize(back.len(), None);
        let section = match &matter.kind {
            MatterKind::Section { title, .. } => Some(title.clone()),
            _ => None,
        };
        back_sections.extend(pages.iter().map(|_| section.clone()));
        back.extend(pages.into_iter().map(|mut page| {
            if page.kind == PageKind::Front {
                page.kind = PageKind::Back;
            }
            page
        }));
    }
    let body_len = body.len();
    let mut after_front: Vec<ComposedPage> = body.into_iter().chain(back).collect();
    let furniture = body_furniture(book, &after_front, &back_sections, body_len);
    furnish(
        book,
        shaper,
        geometry,
        options,
        &mut after_front,
        &furniture,
        1,
    )?;

    // Front matter is composed last, when the body's page numbers are known. The
    // contents entries point at stories and back matter (arabic numbers) and at the
    // front matter after the contents (roman numbers, known once the front is laid
    // out). The first pass sets placeholder numbers; if real numbers change the
    // contents' length (a wider number wrapping a title), the entries are computed
    // again from that layout, until the page count holds.
    let mut targets: Vec<ContentsEntry> = Vec::new();
    let mut front = compose_front(
        book,
        font_name,
        shaper,
        geometry,
        options,
        &mut targets,
        false,
    )?;
    for _ in 0..MAX_CONTENTS_PASSES {
        let mut entries = contents_targets(book, &story_pages, &back_entries, &front);
        let next = compose_front(
            book,
            font_name,
            shaper,
            geometry,
            options,
            &mut entries,
            true,
        )?;
        let settled = next.pages.len() == front.pages.len();
        front = next;
        if settled {
            break;
        }
    }
    let front_pages = front.pages.len();
    let mut links = front.links;
    for link in &mut links {
        if link.target_is_body {
            link.target_page += front_pages;
        }
    }
    let story_pages = story_pages.iter().map(|p| p + front_pages).collect();
    let back_entries = back_entries
        .into_iter()
        .map(|(title, page)| (title, page + front_pages))
        .collect();
    let mut pages = front.pages;
    furnish(
        book,
        shaper,
        geometry,
        options,
        &mut pages,
        &front.furniture,
        1,
    )?;
    pages.extend(after_front);
    Ok(ComposedBook {
        pages,
        front_pages,
        story_pages,
        cover_pages: front.cover_pages,
        contents_page: front.contents_page,
        front_entries: front.entries,
        back_entries,
        links: links
            .into_iter()
            .map(|l| ContentsLink {
                page: l.page,
                rect: l.rect,
                target_page: l.target_page,
            })
            .collect(),
    })
}

/// Contents layouts tried before accepting one (each is one more front-matter pass).
const MAX_CONTENTS_PASSES: usize = 3;

/// Which side of the spread an item of matter opens on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Recto,
    Verso,
    Any,
}

/// Print convention: the half-title, title, dedication, epigraph, contents and the
/// prose that introduces the book open on rectos; the copyright page and the also-by
/// list sit on versos (behind the title, facing it).
fn placement(kind: &MatterKind) -> Side {
    match kind {
        MatterKind::HalfTitle
        | MatterKind::TitlePage
        | MatterKind::Dedication(_)
        | MatterKind::Epigraph(_)
        | MatterKind::Contents
        | MatterKind::Colophon => Side::Recto,
        MatterKind::Section { role, .. } if role.opens_recto() => Side::Recto,
        MatterKind::Section { .. } => Side::Any,
        MatterKind::Copyright | MatterKind::AlsoBy { .. } => Side::Verso,
    }
}

/// The outline (bookmark) title of an item of matter, if it gets one.
fn outline_title(labels: &Labels, kind: &MatterKind) -> Option<String> {
    match kind {
        MatterKind::HalfTitle => None,
        MatterKind::TitlePage => Some(labels.title_page.into()),
        MatterKind::Copyright => Some(labels.copyright.into()),
        MatterKind::Dedication(_) => Some(labels.dedication.into()),
        MatterKind::Epigraph(_) => Some(labels.epigraph.into()),
        MatterKind::Contents => Some(labels.contents.into()),
        MatterKind::Section { title, .. } | MatterKind::AlsoBy { title, .. } => Some(title.clone()),
        MatterKind::Colophon => Some(labels.colophon.into()),
    }
}

/// A contents entry: its lines and the page it points to (before the front matter
/// is counted, body and back pages are 0-based from the first story).
#[derive(Debug, Clone)]
struct ContentsEntry {
    title: String,
    /// Author and translator lines, set in italic under the title.
    bylines: Vec<String>,
    label: String,
    target_page: usize,
    target_is_body: bool,
}

#[derive(Debug, Clone)]
struct PendingLink {
    page: usize,
    rect: [Pt; 4],
    target_page: usize,
    target_is_body: bool,
}

struct Front {
    pages: Vec<ComposedPage>,
    /// Folios (roman) on the contents and on prose; running heads on prose pages
    /// after the first.
    furniture: Vec<Furniture>,
    cover_pages: usize,
    contents_page: Option<usize>,
    entries: Vec<(String, usize)>,
    links: Vec<PendingLink>,
    /// Front items after the contents that get an entry, with their first page.
    listed_after_contents: Vec<(String, usize)>,
}

fn contents_targets(
    book: &Book,
    story_pages: &[usize],
    back_entries: &[(String, usize)],
    front: &Front,
) -> Vec<ContentsEntry> {
    let mut entries: Vec<ContentsEntry> = front
        .listed_after_contents
        .iter()
        .map(|(title, page)| ContentsEntry {
            title: title.clone(),
            bylines: Vec::new(),
            label: roman(page + 1 - front.cover_pages),
            target_page: *page,
            target_is_body: false,
        })
        .collect();
    for (story, &page) in book.stories.iter().zip(story_pages) {
        entries.push(ContentsEntry {
            title: story.title.clone(),
            bylines: [story.author.clone(), book.translator_line(story)]
                .into_iter()
                .flatten()
                .collect(),
            label: (page + 1).to_string(),
            target_page: page,
            target_is_body: true,
        });
    }
    // `back_entries` holds every titled back item in order, so they pair up.
    let titled_back = book
        .back
        .iter()
        .filter(|m| m.is_in(super::NAME) && outline_title(book.labels(), &m.kind).is_some());
    for (matter, (title, page)) in titled_back.zip(back_entries) {
        if listed_in_contents(&matter.kind) {
            entries.push(ContentsEntry {
                title: title.clone(),
                bylines: Vec::new(),
                label: (page + 1).to_string(),
                target_page: *page,
                target_is_body: true,
            });
        }
    }
    entries
}

/// Titled prose and the also-by list are worth a contents line; pages such as the
/// dedication are not.
fn listed_in_contents(kind: &MatterKind) -> bool {
    matches!(kind, MatterKind::Section { .. } | MatterKind::AlsoBy { .. })
}

/// Lowercase roman numerals for front-matter page labels.
pub fn roman(mut n: usize) -> String {
    const TABLE: [(usize, &str); 13] = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut out = String::new();
    for (value, numeral) in TABLE {
        while n >= value {
            out.push_str(numeral);
            n -= value;
        }
    }
    out
}

/// The front matter in manifest order, each item on its conventional side, ending
/// on a verso so that the first story opens on a recto. With `final_pass` false the
/// contents entries are placeholders and only the page count matters.
fn compose_front(
    book: &Book,
    font_name: &str,
    shaper: &mut Shaper<'_>,
    geometry: &PageGeometry,
    options: &PdfOptions,
    contents: &mut Vec<ContentsEntry>,
    final_pass: bool,
) -> Result<Front, MissingGlyph> {
    // The cover and a blank inside cover keep the spreads of the front matter as
    // they would be without it; the finishing pass draws the image.
    let cover_pages = if options.cover && book.cover.is_some() {
        2
    } else {
        0
    };
    let mut front = Front {
        pages: (0..cover_pages).map(|_| blank_page()).collect(),
        furniture: Vec::new(),
        cover_pages,
        contents_page: None,
        entries: Vec::new(),
        links: Vec::new(),
        listed_after_contents: Vec::new(),
    };
    if !final_pass {
        // As many placeholder entries as the final pass will have, so that the
        // contents takes as many pages.
        let listed_front = book
            .front
            .iter()
            .filter(|m| m.is_in(super::NAME) && listed_in_contents(&m.kind))
            .count();
        let listed_back = book
            .back
            .iter()
            .filter(|m| m.is_in(super::NAME) && listed_in_contents(&m.kind))
            .count();
        contents.clear();
        for _ in 0..listed_front {
            contents.push(placeholder_entry(String::new()));
        }
        for story in &book.stories {
            let mut entry = placeholder_entry(story.title.clone());
            entry.bylines = [story.author.clone(), book.translator_line(story)]
                .into_iter()
                .flatten()
                .collect();
            contents.push(entry);
        }
        for _ in 0..listed_back {
            contents.push(placeholder_entry(String::new()));
        }
    }
    let mut after_contents = false;
    for matter in book.front.iter().filter(|m| m.is_in(super::NAME)) {
        match placement(&matter.kind) {
            Side::Recto if front.pages.len() % 2 == 1 => front.pages.push(blank_page()),
            Side::Verso if front.pages.len() % 2 == 0 => front.pages.push(blank_page()),
            _ => {}
        }
        let first = front.pages.len();
        if let Some(title) = outline_title(book.labels(), &matter.kind) {
            front.entries.push((title.clone(), first));
            if after_contents && listed_in_contents(&matter.kind) {
                front.listed_after_contents.push((title, first));
            }
        }
        front.furniture.resize(first, Furniture::default());
        if matter.kind == MatterKind::Contents {
            front.contents_page = Some(first);
            after_contents = true;
            let (pages, links) = contents_pages(book, shaper, geometry, options, contents, first)?;
            for page in first..first + pages.len() {
                front.furniture.push(Furniture {
                    head: None,
                    folio: Some(roman(page + 1 - cover_pages)),
                });
            }
            front.pages.extend(pages);
            front.links.extend(links);
        } else {
            let pages = matter_pages(
                book,
                &matter.kind,
                shaper,
                geometry,
                options,
                first + 1,
                font_name,
            )?;
            let section_title = match &matter.kind {
                MatterKind::Section { title, .. } => Some(title.clone()),
                _ => None,
            };
            for (k, page) in pages.iter().enumerate() {
                let index = first + k;
                let furniture = match (&section_title, page.kind) {
                    (_, PageKind::Blank) | (None, _) => Furniture::default(),
                    (Some(title), _) => Furniture {
                        head: (k > 0).then(|| {
                            if index % 2 == 0 {
                                title.clone()
                            } else {
                                book.meta.title.clone()
                            }
                        }),
                        folio: Some(roman(index + 1 - cover_pages)),
                    },
                };
                front.furniture.push(furniture);
            }
            front.pages.extend(pages.into_iter().map(|mut page| {
                page.kind = match page.kind {
                    PageKind::Blank => PageKind::Blank,
                    _ => PageKind::Front,
                };
                page.story = None;
                page
            }));
        }
    }
    if front.pages.len() % 2 == 1 {
        front.pages.push(blank_page());
    }
    front
        .furniture
        .resize(front.pages.len(), Furniture::default());
    Ok(front)
}

fn placeholder_entry(title: String) -> ContentsEntry {
    ContentsEntry {
        title,
        bylines: Vec::new(),
        label: "000".into(),
        target_page: 0,
        target_is_body: true,
    }
}

/// The story as the flow sets it: its epigraph before the text as an inset italic
/// quotation, verse as inset stanzas whose lines end in forced breaks (so they
/// are never justified), and the lead-in in small capitals (a drop cap is not drawn
/// in print yet: it gets the small capitals alone).
fn for_print(story: &Story, lead_in: LeadIn) -> std::borrow::Cow<'_, Story> {
    let has_verse = contains_verse(&story.blocks);
    if story.epigraph.is_none() && !has_verse && lead_in == LeadIn::Plain {
        return std::borrow::Cow::Borrowed(story);
    }
    let mut story = story.clone();
    if has_verse {
        story.blocks = verse_as_quotes(&story.blocks);
    }
    if lead_in != LeadIn::Plain {
        let first = story.blocks.iter_mut().find_map(|block| match block {
            Block::Paragraph(content) => Some(content),
            _ => None,
        });
        if let Some(content) = first {
            if let Some(Inline::Text(text)) = content.first().cloned() {
                let (lead, rest) = text.split_at(LeadIn::length(&text));
                let mut opening = vec![Inline::SmallCaps(vec![Inline::Text(lead.to_string())])];
                if !rest.is_empty() {
                    opening.push(Inline::Text(rest.to_string()));
                }
                content.splice(0..1, opening);
            }
        }
    }
    if let Some(epigraph) = &story.epigraph {
        // An empty heading is the flow's blank that keeps with what follows and sets
        // the next paragraph flush: it parts the epigraph from the text.
        let blank = Block::Heading {
            level: 1,
            content: Vec::new(),
        };
        story.blocks.splice(0..0, [epigraph_quote(epigraph), blank]);
    }
    std::borrow::Cow::Owned(story)
}

fn contains_verse(blocks: &[Block]) -> bool {
    blocks.iter().any(|block| match block {
        Block::Verse(_) => true,
        Block::BlockQuote(inner) => contains_verse(inner),
        Block::List { items, .. } => items.iter().any(|item| contains_verse(item)),
        _ => false,
    })
}

fn verse_as_quotes(blocks: &[Block]) -> Vec<Block> {
    blocks
        .iter()
        .map(|block| match block {
            Block::Verse(lines) => {
                let stanzas = lines
                    .split(|line| line.is_empty())
                    .filter(|stanza| !stanza.is_empty())
                    .map(|stanza| {
                        let mut content = Vec::new();
                        for line in stanza {
                            content.extend(line.iter().cloned());
                            content.push(Inline::LineBreak);
                        }
                        Block::Paragraph(content)
                    })
                    .collect();
                Block::BlockQuote(stanzas)
            }
            Block::BlockQuote(inner) => Block::BlockQuote(verse_as_quotes(inner)),
            Block::List {
                ordered,
                start,
                items,
            } => Block::List {
                ordered: *ordered,
                start: *start,
                items: items.iter().map(|item| verse_as_quotes(item)).collect(),
            },
            other => other.clone(),
        })
        .collect()
}

fn epigraph_quote(epigraph: &Epigraph) -> Block {
    let mut quoted: Vec<Block> = epigraph
        .blocks
        .iter()
        .map(|block| match block {
            Block::Paragraph(content) => Block::Paragraph(vec![Inline::Emphasis(content.clone())]),
            other => other.clone(),
        })
        .collect();
    if let Some(source) = &epigraph.source {
        quoted.push(Block::Paragraph(attributed(source)));
    }
    Block::BlockQuote(quoted)
}

/// An epigraph's source after a dash.
fn attributed(source: &[Inline]) -> Vec<Inline> {
    let mut content = vec![Inline::Text("— ".into())];
    content.extend(source.iter().cloned());
    content
}

/// A story (or titled prose) flowed onto the grid and cut into pages whose first
/// page has number `first_number` in its sequence.
fn flowed_pages(
    book: &Book,
    story: &Story,
    story_index: Option<usize>,
    shaper: &mut Shaper<'_>,
    geometry: &PageGeometry,
    options: &PdfOptions,
    first_number: usize,
) -> Result<Vec<ComposedPage>, MissingGlyph> {
    let params = PageParams {
        lines_per_page: geometry.lines_per_page,
        widow_orphan_control: options.widow_orphan_control,
        first_page_number: first_number,
    };
    let flowed = flow_story(book, story, shaper, geometry, options, &params)?;
    Ok(placed_pages(flowed, story_index, geometry, first_number))
}

/// A flowed story's pages, its lines placed on the grid; `first_number` is the
/// page number of its first page (for the side of the gutter). The story's set
/// lines move onto the pages rather than being copied: they are most of the
/// memory a long book takes.
fn placed_pages(
    flowed: FlowedStory,
    story_index: Option<usize>,
    geometry: &PageGeometry,
    first_number: usize,
) -> Vec<ComposedPage> {
    let FlowedStory {
        lines,
        contents,
        pages,
        notes,
    } = flowed;
    let mut contents: Vec<Option<GridContent>> = contents.into_iter().map(Some).collect();
    let mut out = Vec::with_capacity(pages.len());
    for (page_in_story, page) in pages.iter().enumerate() {
        let number = first_number + out.len();
        let left = geometry.left(number);
        let mut composed = ComposedPage {
            kind: if page_in_story == 0 {
                PageKind::Opener
            } else {
                PageKind::Body
            },
            runs: Vec::new(),
            body_ratios: Vec::new(),
            story: story_index,
            last_grid_line: None,
            rules: Vec::new(),
        };
        // The footnotes referenced on the page, in order of first reference.
        let mut page_notes: Vec<usize> = Vec::new();
        let mut grid_line = 0;
        for (info, content) in lines[page.first..page.end]
            .iter()
            .zip(&mut contents[page.first..page.end])
        {
            let height = info.height_in_lines;
            match content.take() {
                Some(GridContent::Line(line, inset)) => {
                    for &note in &line.notes {
                        if !page_notes.contains(&note) {
                            page_notes.push(note);
                        }
                    }
                    composed.body_ratios.push(line.ratio);
                    composed.last_grid_line = Some(grid_line);
                    let baseline = geometry.baseline(grid_line);
                    place_runs(&mut composed.runs, line.runs, left + inset, baseline);
                }
                Some(GridContent::Opener(set)) => {
                    for (line, at) in set {
                        place_runs(&mut composed.runs, line.runs, left, geometry.baseline(at));
                    }
                }
                Some(GridContent::Centered(set)) => {
                    let middle = grid_line + height / 2;
                    let first = middle + 1 - set.len().min(middle + 1);
                    for (k, line) in set.into_iter().enumerate() {
                        place_runs(
                            &mut composed.runs,
                            line.runs,
                            left,
                            geometry.baseline(first + k),
                        );
                    }
                }
                None => {}
            }
            grid_line += height;
        }
        place_notes(&mut composed, &notes, &page_notes, left, geometry);
        out.push(composed);
    }
    out
}

/// The footnotes referenced on a page, at its foot: the last grid lines hold their
/// lines, and the one above them a short rule.
fn place_notes(
    composed: &mut ComposedPage,
    notes: &[Vec<SetLine>],
    referenced: &[usize],
    left: Pt,
    geometry: &PageGeometry,
) {
    let lines: Vec<&SetLine> = referenced
        .iter()
        .filter_map(|&n| notes.get(n))
        .flatten()
        .collect();
    if lines.is_empty() {
        return;
    }
    let last = geometry.lines_per_page - 1;
    let first = (last + 1).saturating_sub(lines.len());
    for (k, line) in lines.iter().enumerate() {
        place_line(&mut composed.runs, line, left, geometry.baseline(first + k));
    }
    // The rule sits a little above the x-height of the separating grid line.
    if first > 0 {
        let baseline = geometry.baseline(first - 1);
        composed.rules.push(Rule {
            x: left,
            top: baseline - geometry.font_size * 0.3,
            width: geometry.measure() * 0.3,
            height: 0.4,
        });
    }
    composed.last_grid_line = Some(last);
}

/// The pages of one item of matter other than the contents; `number` is the
/// page number of its first page in its sequence (for the side of the gutter).
fn matter_pages(
    book: &Book,
    kind: &MatterKind,
    shaper: &mut Shaper<'_>,
    geometry: &PageGeometry,
    options: &PdfOptions,
    number: usize,
    font_name: &str,
) -> Result<Vec<ComposedPage>, MissingGlyph> {
    let measure = geometry.measure();
    let left = geometry.left(number);
    let size = options.font_size;
    let language = &book.meta.lang;
    let mut page = blank_page();
    page.kind = PageKind::Front;
    match kind {
        MatterKind::HalfTitle => {
            let grid = geometry.lines_per_page / 4;
            for (k, line) in display_lines(
                shaper,
                &book.meta.title,
                FontStyle::Regular,
                size * 1.6,
                measure,
                language,
            )?
            .iter()
            .enumerate()
            {
                place_line(&mut page.runs, line, left, geometry.baseline(grid + 2 * k));
            }
        }
        MatterKind::TitlePage => {
            let mut title = title_page(book, shaper, geometry, options)?;
            if left != geometry.left(1) {
                shift_runs(&mut title, left - geometry.left(1));
            }
            return Ok(vec![title]);
        }
        MatterKind::Copyright => {
            let mut style = text_style(options, language, measure);
            style.size = size * 0.85;
            style.align = Align::Left;
            style.hyphenate = false;
            let mut set = Vec::new();
            for line in book.copyright_lines() {
                set.push(set_paragraph(shaper, &[Inline::Text(line)], &style)?);
            }
            // Set from the foot of the page up, a blank line between paragraphs.
            let height: usize = set
                .iter()
                .map(|p| p.len() + 1)
                .sum::<usize>()
                .saturating_sub(1);
            let mut grid = geometry.lines_per_page.saturating_sub(height);
            for paragraph in set {
                place_lines(&mut page, &paragraph, left, geometry, &mut grid, 1);
                grid += 1;
            }
        }
        MatterKind::Dedication(blocks) => {
            let mut grid = geometry.lines_per_page / 4;
            for content in paragraphs(blocks) {
                let lines = centred(
                    shaper,
                    content,
                    FontStyle::Italic,
                    size,
                    measure * 0.8,
                    language,
                )?;
                place_lines(
                    &mut page,
                    &lines,
                    left + measure * 0.1,
                    geometry,
                    &mut grid,
                    1,
                );
                grid += 1;
            }
        }
        MatterKind::Epigraph(epigraph) => {
            let inset = measure * 0.15;
            let width = measure - 2.0 * inset;
            let mut style = text_style(options, language, width);
            style.base = FontStyle::Italic;
            style.align = Align::Left;
            style.hyphenate = false;
            let mut grid = geometry.lines_per_page / 4;
            for content in paragraphs(&epigraph.blocks) {
                let lines = set_paragraph(shaper, content, &style)?;
                place_lines(&mut page, &lines, left + inset, geometry, &mut grid, 1);
            }
            if let Some(source) = &epigraph.source {
                style.base = FontStyle::Regular;
                let text = attributed(source);
                for line in set_paragraph(shaper, &text, &style)? {
                    let x = left + inset + width - line.width;
                    place_line(&mut page.runs, &line, x, geometry.baseline(grid + 1));
                    grid += 1;
                }
            }
        }
        MatterKind::Section {
            title,
            blocks,
            role,
        } => {
            let mut blocks = blocks.clone();
            if *role == SectionRole::Acknowledgments && !book.has_copyright_page(super::NAME) {
                for credit in book.publication_credits() {
                    blocks.push(Block::Paragraph(vec![Inline::Text(credit)]));
                }
            }
            let section = Story {
                id: StoryId(usize::MAX),
                title: title.clone(),
                subtitle: None,
                author: None,
                translator: None,
                epigraph: None,
                first_published: None,
                lang: book.meta.lang.clone(),
                blocks,
                notes: Vec::new(),
            };
            return flowed_pages(book, &section, None, shaper, geometry, options, number);
        }
        MatterKind::AlsoBy { title, titles } => {
            let mut grid = 3;
            let lines = display_lines(
                shaper,
                title,
                FontStyle::Regular,
                size * 1.3,
                measure,
                language,
            )?;
            place_lines(&mut page, &lines, left, geometry, &mut grid, 2);
            grid += 1;
            for book_title in titles {
                let lines = display_lines(
                    shaper,
                    book_title,
                    FontStyle::Italic,
                    size,
                    measure,
                    language,
                )?;
                place_lines(&mut page, &lines, left, geometry, &mut grid, 1);
                grid += 1;
            }
        }
        MatterKind::Colophon => {
            return Ok(vec![colophon_page(
                book, font_name, shaper, geometry, options, number,
            )?]);
        }
        MatterKind::Contents => {}
    }
    Ok(vec![page])
}

/// The inline content of each paragraph among `blocks` (quotes and lists flattened).
fn paragraphs(blocks: &[Block]) -> Vec<&[Inline]> {
    let mut out = Vec::new();
    for block in blocks {
        match block {
            Block::Paragraph(content) | Block::Heading { content, .. } => {
                out.push(content.as_slice())
            }
            Block::BlockQuote(inner) => out.extend(paragraphs(inner)),
            Block::List { items, .. } => items.iter().for_each(|item| out.extend(paragraphs(item))),
            Block::Verse(lines) => out.extend(lines.iter().map(Vec::as_slice)),
            Block::SceneBreak => {}
        }
    }
    out
}

/// Inlines set centred, unhyphenated, keeping their emphasis.
fn centred(
    shaper: &mut Shaper<'_>,
    content: &[Inline],
    face: FontStyle,
    size: Pt,
    measure: Pt,
    language: &crate::lang::Lang,
) -> Result<Vec<SetLine>, MissingGlyph> {
    let style = ParagraphStyle {
        base: face,
        size,
        first_indent: 0.0,
        measure,
        align: Align::Center,
        hyphenate: false,
        language,
        hanging: (0, 0.0),
    };
    set_paragraph(shaper, content, &style)
}

fn shift_runs(page: &mut ComposedPage, dx: Pt) {
    for run in &mut page.runs {
        run.x += dx;
    }
}

fn blank_page() -> ComposedPage {
    ComposedPage {
        kind: PageKind::Blank,
        runs: Vec::new(),
        body_ratios: Vec::new(),
        story: None,
        last_grid_line: None,
        rules: Vec::new(),
    }
}

/// Places `lines` at `left` from grid line `*grid` on, `step` grid lines apart,
/// and leaves `*grid` after the last.
fn place_lines(
    page: &mut ComposedPage,
    lines: &[SetLine],
    left: Pt,
    geometry: &PageGeometry,
    grid: &mut usize,
    step: usize,
) {
    for line in lines {
        place_line(&mut page.runs, line, left, geometry.baseline(*grid));
        *grid += step;
    }
}

/// Places a line's runs at `left` on `baseline`, taking them: the story's set lines
/// are not needed again.
fn place_runs(runs: &mut Vec<PlacedRun>, line_runs: Vec<GlyphRun>, left: Pt, baseline: Pt) {
    runs.extend(line_runs.into_iter().map(|run| PlacedRun {
        x: left + run.x,
        baseline,
        run,
    }));
}

/// `place_runs` for a line that is kept (matter, notes, furniture).
fn place_line(runs: &mut Vec<PlacedRun>, line: &SetLine, left: Pt, baseline: Pt) {
    place_runs(runs, line.runs.clone(), left, baseline);
}

pub(super) fn text_style<'l>(
    options: &PdfOptions,
    language: &'l crate::lang::Lang,
    measure: Pt,
) -> ParagraphStyle<'l> {
    ParagraphStyle {
        base: FontStyle::Regular,
        size: options.font_size,
        first_indent: 0.0,
        measure,
        align: if options.justify {
            Align::Justify
        } else {
            Align::Left
        },
        hyphenate: options.hyphenate,
        language,
        hanging: (0, 0.0),
    }
}

/// One line of display text (titles, heads, folios), centred on `measure`.
pub(super) fn display_lines(
    shaper: &mut Shaper<'_>,
    text: &str,
    face: FontStyle,
    size: Pt,
    measure: Pt,
    language: &crate::lang::Lang,
) -> Result<Vec<SetLine>, MissingGlyph> {
    let content = [Inline::Text(text.to_string())];
    centred(shaper, &content, face, size, measure, language)
}

/// What a page carries besides its text: a running head and a folio.
#[derive(Debug, Clone, Default)]
struct Furniture {
    head: Option<String>,
    folio: Option<String>,
}

/// Running heads and folios of the body and back matter: on a story's pages the
/// story's title on rectos and the book's title (or, in an anthology, the story's
/// author) on versos; on back matter prose, its title on rectos. None on openers'
/// heads or on blank pages. `back_sections` names the prose item of each back page.
fn body_furniture(
    book: &Book,
    pages: &[ComposedPage],
    back_sections: &[Option<String>],
    body_len: usize,
) -> Vec<Furniture> {
    pages
        .iter()
        .enumerate()
        .map(|(index, page)| {
            let number = index + 1;
            if page.kind == PageKind::Blank {
                return Furniture::default();
            }
            let section = index
                .checked_sub(body_len)
                .and_then(|i| back_sections.get(i).cloned().flatten());
            let head = (page.kind == PageKind::Body).then(|| {
                let story = page.story.map(|index| &book.stories[index]);
                match (number % 2 == 0, story, section) {
                    (true, Some(story), _) => story
                        .author
                        .clone()
                        .unwrap_or_else(|| book.meta.title.clone()),
                    (false, Some(story), _) => story.title.clone(),
                    (false, None, Some(section)) => section,
                    (_, None, _) => book.meta.title.clone(),
                }
            });
            Furniture {
                head,
                folio: Some(number.to_string()),
            }
        })
        .collect()
}

/// Sets each page's running head and folio; `pages[0]` has number `first_number`
/// (which decides the side of the gutter).
fn furnish(
    book: &Book,
    shaper: &mut Shaper<'_>,
    geometry: &PageGeometry,
    options: &PdfOptions,
    pages: &mut [ComposedPage],
    furniture: &[Furniture],
    first_number: usize,
) -> Result<(), MissingGlyph> {
    let small = options.font_size * 0.85;
    let measure = geometry.measure();
    let language = &book.meta.lang;
    for (index, (page, furniture)) in pages.iter_mut().zip(furniture).enumerate() {
        let left = geometry.left(first_number + index);
        if let Some(head) = &furniture.head {
            let head = head.to_uppercase();
            for line in display_lines(shaper, &head, FontStyle::Regular, small, measure, language)?
            {
                place_line(&mut page.runs, &line, left, geometry.head_baseline());
            }
        }
        if let Some(folio) = &furniture.folio {
            for line in display_lines(shaper, folio, FontStyle::Regular, small, measure, language)?
            {
                place_line(&mut page.runs, &line, left, geometry.folio_baseline());
            }
        }
    }
    Ok(())
}

fn title_page(
    book: &Book,
    shaper: &mut Shaper<'_>,
    geometry: &PageGeometry,
    options: &PdfOptions,
) -> Result<ComposedPage, MissingGlyph> {
    let meta = &book.meta;
    let measure = geometry.measure();
    let left = geometry.left(1);
    let size = options.font_size;
    let language = &meta.lang;
    let mut page = blank_page();
    page.kind = PageKind::Front;
    let mut grid = 6;
    let lines = display_lines(
        shaper,
        &meta.title,
        FontStyle::Regular,
        size * 2.4,
        measure,
        language,
    )?;
    place_lines(&mut page, &lines, left, geometry, &mut grid, 3);
    if let Some(subtitle) = &meta.subtitle {
        let lines = display_lines(
            shaper,
            subtitle,
            FontStyle::Italic,
            size * 1.3,
            measure,
            language,
        )?;
        place_lines(&mut page, &lines, left, geometry, &mut grid, 2);
    }
    grid += 3;
    for author in &meta.authors {
        let lines = display_lines(
            shaper,
            author,
            FontStyle::Regular,
            size * 1.3,
            measure,
            language,
        )?;
        place_lines(&mut page, &lines, left, geometry, &mut grid, 2);
    }
    if let Some(publisher) = &meta.publisher {
        let last = geometry.lines_per_page - 1;
        for line in display_lines(
            shaper,
            publisher,
            FontStyle::Regular,
            size,
            measure,
            language,
        )? {
            place_line(&mut page.runs, &line, left, geometry.baseline(last));
        }
    }
    Ok(page)
}

/// Contents pages with true page numbers, right-aligned, each entry a link.
fn contents_pages(
    book: &Book,
    shaper: &mut Shaper<'_>,
    geometry: &PageGeometry,
    options: &PdfOptions,
    entries: &[ContentsEntry],
    first_page: usize,
) -> Result<(Vec<ComposedPage>, Vec<PendingLink>), MissingGlyph> {
    let measure = geometry.measure();
    let size = options.font_size;
    let language = &book.meta.lang;
    let mut pages = Vec::new();
    let mut links = Vec::new();
    let mut page = blank_page();
    page.kind = PageKind::Front;
    let mut grid = 3;
    let heading = display_lines(
        shaper,
        book.labels().contents,
        FontStyle::Regular,
        size * 1.5,
        measure,
        language,
    )?;
    for line in &heading {
        place_line(
            &mut page.runs,
            line,
            geometry.left(first_page + 1),
            geometry.baseline(grid),
        );
    }
    grid += 4;
    for entry in entries {
        if grid + 1 + entry.bylines.len() >= geometry.lines_per_page {
            pages.push(std::mem::replace(&mut page, blank_page()));
            page.kind = PageKind::Front;
            grid = 0;
        }
        let page_index = first_page + pages.len();
        let left = geometry.left(page_index + 1);
        // Entries are set ragged and unhyphenated; the number sits right-aligned.
        let mut style = text_style(options, language, measure);
        style.align = Align::Left;
        style.hyphenate = false;
        let number_line = set_paragraph(shaper, &[Inline::Text(entry.label.clone())], &style)?;
        let number_width = number_line.first().map_or(0.0, |l| l.width);
        style.measure = measure - number_width - size * 2.0;
        let title_lines = set_paragraph(shaper, &[Inline::Text(entry.title.clone())], &style)?;
        let top = geometry.baseline(grid) - size;
        place_lines(&mut page, &title_lines, left, geometry, &mut grid, 1);
        let number_baseline = geometry.baseline(grid - 1);
        for byline in &entry.bylines {
            let mut byline_style = style.clone();
            byline_style.base = FontStyle::Italic;
            byline_style.size = size * 0.9;
            let lines = set_paragraph(shaper, &[Inline::Text(byline.clone())], &byline_style)?;
            place_lines(&mut page, &lines, left + size, geometry, &mut grid, 1);
        }
        for line in &number_line {
            place_line(
                &mut page.runs,
                line,
                left + measure - number_width,
                number_baseline,
            );
        }
        links.push(PendingLink {
            page: page_index,
            rect: [
                left,
                top,
                left + measure,
                geometry.baseline(grid - 1) + size * 0.3,
            ],
            target_page: entry.target_page,
            target_is_body: entry.target_is_body,
        });
        grid += 1;
    }
    pages.push(page);
    Ok((pages, links))
}

fn colophon_page(
    book: &Book,
    font_name: &str,
    shaper: &mut Shaper<'_>,
    geometry: &PageGeometry,
    options: &PdfOptions,
    number: usize,
) -> Result<ComposedPage, MissingGlyph> {
    let mut page = blank_page();
    page.kind = PageKind::Back;
    let measure = geometry.measure();
    let left = geometry.left(number);
    let size = options.font_size;
    let labels = book.labels();
    let set_in = labels.fonts(font_name, true);
    let texts = [
        (labels.colophon, FontStyle::Italic),
        (set_in.as_str(), FontStyle::Regular),
        (labels.made_with, FontStyle::Regular),
    ];
    let mut grid = geometry.lines_per_page / 3;
    for (text, face) in texts {
        let lines = display_lines(shaper, text, face, size, measure, &book.meta.lang)?;
        place_lines(&mut page, &lines, left, geometry, &mut grid, 2);
    }
    Ok(page)
}
