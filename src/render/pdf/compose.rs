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
use crate::model::{BackMatter, Book, Inline};
use crate::source::fonts::FontStyle;

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
    /// Grid line of the last body baseline, for full-page checks.
    pub last_grid_line: Option<usize>,
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
    pub contents_page: usize,
    pub colophon_page: Option<usize>,
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
) -> Result<Vec<FlowedStory>, MissingGlyph> {
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
                .map(|story| flow_story(book, story, &mut local, geometry, options, params))
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

pub fn compose(
    book: &Book,
    shaper: &mut Shaper<'_>,
    geometry: &PageGeometry,
    options: &PdfOptions,
) -> Result<ComposedBook, MissingGlyph> {
    let mut body: Vec<ComposedPage> = Vec::new();
    let mut story_pages = Vec::new();
    // Every story opens on a recto, so stories flow independently: in parallel.
    let params = PageParams {
        lines_per_page: geometry.lines_per_page,
        widow_orphan_control: options.widow_orphan_control,
        first_page_number: 1,
    };
    let flows = flow_stories(book, shaper, geometry, options, &params)?;
    for (index, flowed) in flows.into_iter().enumerate() {
        // Openers fall on rectos: body page numbers start at 1, so an odd count of
        // pages so far needs a blank verso.
        if body.len() % 2 == 1 {
            body.push(blank_page());
        }
        story_pages.push(body.len());
        let (lines, contents) = (&flowed.lines, &flowed.contents);
        for (page_in_story, page) in flowed.pages.iter().enumerate() {
            let number = body.len() + 1;
            let left = geometry.left(number);
            let mut composed = ComposedPage {
                kind: if page_in_story == 0 {
                    PageKind::Opener
                } else {
                    PageKind::Body
                },
                runs: Vec::new(),
                body_ratios: Vec::new(),
                story: Some(index),
                last_grid_line: None,
            };
            let mut grid_line = 0;
            for slot in page.first..page.end {
                let height = lines[slot].height_in_lines;
                match &contents[slot] {
                    GridContent::Line(line, inset) => {
                        place_line(
                            &mut composed.runs,
                            line,
                            left + inset,
                            geometry.baseline(grid_line),
                        );
                        composed.body_ratios.push(line.ratio);
                        composed.last_grid_line = Some(grid_line);
                    }
                    GridContent::Opener(set) => {
                        for (line, at) in set {
                            place_line(&mut composed.runs, line, left, geometry.baseline(*at));
                        }
                    }
                    GridContent::Centered(set) => {
                        let middle = grid_line + height / 2;
                        let first = middle + 1 - set.len().min(middle + 1);
                        for (k, line) in set.iter().enumerate() {
                            place_line(
                                &mut composed.runs,
                                line,
                                left,
                                geometry.baseline(first + k),
                            );
                        }
                    }
                }
                grid_line += height;
            }
            body.push(composed);
        }
    }
    let mut back = Vec::new();
    let mut colophon_offset = None;
    for matter in &book.back {
        match matter {
            BackMatter::Colophon { .. } => {
                if (body.len() + back.len()) % 2 == 1 {
                    back.push(blank_page());
                }
                colophon_offset = Some(back.len());
                back.push(colophon_page(
                    shaper,
                    geometry,
                    options,
                    body.len() + back.len() + 1,
                )?);
            }
        }
    }
    furnish_body(book, shaper, geometry, options, &mut body, &mut back)?;

    // Front matter: title page, its blank verso, contents (as many pages as needed),
    // then a blank verso so the body opens on a recto.
    let mut front = vec![title_page(book, shaper, geometry, options)?, blank_page()];
    let contents_page = front.len();
    let (contents, mut links) =
        contents_pages(book, shaper, geometry, options, &story_pages, contents_page)?;
    front.extend(contents);
    if front.len() % 2 == 1 {
        front.push(blank_page());
    }
    let front_pages = front.len();
    for link in &mut links {
        link.target_page += front_pages;
    }
    let story_pages = story_pages.iter().map(|p| p + front_pages).collect();
    let colophon_page = colophon_offset.map(|o| front_pages + body.len() + o);
    let mut pages = front;
    pages.extend(body);
    pages.extend(back);
    Ok(ComposedBook {
        pages,
        front_pages,
        story_pages,
        contents_page,
        colophon_page,
        links,
    })
}

fn blank_page() -> ComposedPage {
    ComposedPage {
        kind: PageKind::Blank,
        runs: Vec::new(),
        body_ratios: Vec::new(),
        story: None,
        last_grid_line: None,
    }
}

fn place_line(runs: &mut Vec<PlacedRun>, line: &SetLine, left: Pt, baseline: Pt) {
    for run in &line.runs {
        runs.push(PlacedRun {
            x: left + run.x,
            baseline,
            run: run.clone(),
        });
    }
}

pub(super) fn text_style<'l>(
    options: &PdfOptions,
    language: &'l str,
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
    }
}

/// One line of display text (titles, heads, folios), centred on `measure`.
pub(super) fn display_lines(
    shaper: &mut Shaper<'_>,
    text: &str,
    face: FontStyle,
    size: Pt,
    measure: Pt,
    language: &str,
) -> Result<Vec<SetLine>, MissingGlyph> {
    let style = ParagraphStyle {
        base: face,
        size,
        first_indent: 0.0,
        measure,
        align: Align::Center,
        hyphenate: false,
        language,
    };
    set_paragraph(shaper, &[Inline::Text(text.to_string())], &style)
}

/// Running heads (book title on versos, story title on rectos) and folios; none on
/// openers' heads or on blank pages.
fn furnish_body(
    book: &Book,
    shaper: &mut Shaper<'_>,
    geometry: &PageGeometry,
    options: &PdfOptions,
    body: &mut [ComposedPage],
    back: &mut [ComposedPage],
) -> Result<(), MissingGlyph> {
    let small = options.font_size * 0.85;
    let measure = geometry.measure();
    let language = book.meta.language.as_str();
    for (index, page) in body.iter_mut().chain(back.iter_mut()).enumerate() {
        let number = index + 1;
        if page.kind == PageKind::Blank {
            continue;
        }
        let left = geometry.left(number);
        if page.kind == PageKind::Body {
            let head = match (number % 2 == 0, page.story) {
                (true, _) => book.meta.title.clone(),
                (false, Some(story)) => book.stories[story].title.clone(),
                (false, None) => book.meta.title.clone(),
            };
            for line in display_lines(
                shaper,
                &head.to_uppercase(),
                FontStyle::Regular,
                small,
                measure,
                language,
            )? {
                place_line(&mut page.runs, &line, left, geometry.head_baseline());
            }
        }
        for line in display_lines(
            shaper,
            &number.to_string(),
            FontStyle::Regular,
            small,
            measure,
            language,
        )? {
            place_line(&mut page.runs, &line, left, geometry.folio_baseline());
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
    let language = meta.language.as_str();
    let mut page = blank_page();
    page.kind = PageKind::Front;
    let mut grid = 6;
    for line in display_lines(
        shaper,
        &meta.title,
        FontStyle::Regular,
        size * 2.4,
        measure,
        language,
    )? {
        place_line(&mut page.runs, &line, left, geometry.baseline(grid));
        grid += 3;
    }
    if let Some(subtitle) = &meta.subtitle {
        for line in display_lines(
            shaper,
            subtitle,
            FontStyle::Italic,
            size * 1.3,
            measure,
            language,
        )? {
            place_line(&mut page.runs, &line, left, geometry.baseline(grid));
            grid += 2;
        }
    }
    grid += 3;
    for author in &meta.authors {
        for line in display_lines(
            shaper,
            author,
            FontStyle::Regular,
            size * 1.3,
            measure,
            language,
        )? {
            place_line(&mut page.runs, &line, left, geometry.baseline(grid));
            grid += 2;
        }
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
    story_pages: &[usize],
    first_page: usize,
) -> Result<(Vec<ComposedPage>, Vec<ContentsLink>), MissingGlyph> {
    let measure = geometry.measure();
    let size = options.font_size;
    let language = book.meta.language.as_str();
    let mut pages = Vec::new();
    let mut links = Vec::new();
    let mut page = blank_page();
    page.kind = PageKind::Front;
    let mut grid = 3;
    let heading = display_lines(
        shaper,
        "Contents",
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
    for (story, &body_index) in book.stories.iter().zip(story_pages) {
        if grid + 1 >= geometry.lines_per_page {
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
        let number = (body_index + 1).to_string();
        let number_line = set_paragraph(shaper, &[Inline::Text(number)], &style)?;
        let number_width = number_line.first().map_or(0.0, |l| l.width);
        style.measure = measure - number_width - size * 2.0;
        let title_lines = set_paragraph(shaper, &[Inline::Text(story.title.clone())], &style)?;
        let top = geometry.baseline(grid) - size;
        for line in &title_lines {
            place_line(&mut page.runs, line, left, geometry.baseline(grid));
            grid += 1;
        }
        if let Some(author) = &story.author {
            let mut author_style = style.clone();
            author_style.base = FontStyle::Italic;
            for line in set_paragraph(shaper, &[Inline::Text(author.clone())], &author_style)? {
                place_line(&mut page.runs, &line, left, geometry.baseline(grid));
                grid += 1;
            }
        }
        let number_baseline = geometry.baseline(grid - 1);
        for line in &number_line {
            place_line(
                &mut page.runs,
                line,
                left + measure - number_width,
                number_baseline,
            );
        }
        links.push(ContentsLink {
            page: page_index,
            rect: [left, top, left + measure, number_baseline + size * 0.3],
            target_page: body_index,
        });
        grid += 1;
    }
    pages.push(page);
    Ok((pages, links))
}

fn colophon_page(
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
    let texts = [
        ("Colophon", FontStyle::Italic),
        ("Set in the book’s own fonts.", FontStyle::Regular),
        ("Made with Folio.", FontStyle::Regular),
    ];
    let mut grid = geometry.lines_per_page / 3;
    for (text, face) in texts {
        for line in display_lines(shaper, text, face, size, measure, "en")? {
            place_line(&mut page.runs, &line, left, geometry.baseline(grid));
            grid += 2;
        }
    }
    Ok(page)
}
