//! Composition: the whole book as pages. Every story is flowed (in parallel) and
//! opens on a recto; back matter follows; every page gets its furniture. The front
//! matter is composed last, when the body's page numbers are known, and again until
//! the contents' length holds.

use rayon::prelude::*;

use super::contents::ContentsEntry;
use super::front::{compose_front, contents_targets};
use super::furniture::{body_furniture, furnish};
use super::matter::{matter_pages, outline_title, placement, MatterSetting, Side};
use super::parts::part_page;
use crate::model::{Book, MatterKind};
use crate::render::pdf::flow::pagebreak::PageParams;
use crate::render::pdf::flow::{
    blank_page, flow, placed_pages, ComposedPage, FlowInput, Flowed, PageKind,
};
use crate::render::pdf::geometry::{PageGeometry, Typesetting};
use crate::render::pdf::inline::shaping::SharedShapes;
use crate::render::pdf::inline::{MissingGlyph, Shaper};
use crate::units::Pt;

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
    /// Index of each part's title page.
    pub part_pages: Vec<usize>,
    /// The cover and its blank inside page (0 or 2), before the front matter.
    pub cover_pages: usize,
    pub contents_page: Option<usize>,
    /// Titled front matter and its first page, in order (for the outline).
    pub front_entries: Vec<(String, usize)>,
    /// Titled back matter and its first page, in order.
    pub back_entries: Vec<(String, usize)>,
    pub links: Vec<ContentsLink>,
    /// The start of each word wider than the measure, broken by force.
    pub forced_breaks: Vec<String>,
}

/// Flows every story, in parallel: each worker, with a shaper of its own, takes the
/// next story not yet taken until none is left (stories differ in length, so halves
/// fixed in advance finish far apart). The workers' glyph texts then join
/// `shaper`'s for the writer, in book order.
fn flow_stories(
    book: &Book,
    shaper: &mut Shaper<'_>,
    geometry: &PageGeometry,
    settings: &Typesetting,
    params: &PageParams,
    progress: &Progress<'_>,
) -> Result<Vec<Flowed>, MissingGlyph> {
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    let done = AtomicUsize::new(0);
    let next = AtomicUsize::new(0);
    // After a failure no story is taken: those taken so far are the book's first,
    // so the first failure among them is the book's first.
    let failed = AtomicBool::new(false);
    let workers = rayon::current_num_threads().clamp(1, book.stories.len().max(1));
    let family = shaper.family();
    let shared = SharedShapes::default();
    type Taken = Vec<(usize, Result<Flowed, MissingGlyph>)>;
    let results: Vec<(Taken, Shaper<'_>)> = (0..workers)
        .into_par_iter()
        .map(|_| {
            let t = std::time::Instant::now();
            let mut local = Shaper::sharing(family, &shared);
            let mut flowed = Vec::new();
            while !failed.load(Ordering::Relaxed) {
                let index = next.fetch_add(1, Ordering::Relaxed);
                let Some(story) = book.stories.get(index) else {
                    break;
                };
                local.set_rank(u32::try_from(index).unwrap_or(u32::MAX));
                let input = FlowInput::story(book, story);
                let result = flow(&input, &mut local, geometry, settings, params);
                if result.is_err() {
                    failed.store(true, Ordering::Relaxed);
                }
                flowed.push((index, result));
                let count = done.fetch_add(1, Ordering::Relaxed) + 1;
                progress(count, book.stories.len());
            }
            crate::util::trace(format_args!("flow: a worker's {} stories", flowed.len()), t);
            (flowed, local)
        })
        .collect();
    let (flowed, mut locals): (Vec<_>, Vec<_>) = results.into_iter().unzip();
    let mut flowed: Taken = flowed.into_iter().flatten().collect();
    flowed.sort_unstable_by_key(|(index, _)| *index);
    let flows = flowed
        .into_iter()
        .map(|(_, result)| result)
        .collect::<Result<Vec<Flowed>, MissingGlyph>>()?;
    shaper.absorb(&locals);
    let caches: Vec<_> = locals.iter_mut().map(Shaper::take_word_caches).collect();
    // Freeing a novel's word caches took 20–40 ms, all of it on the way to the
    // PDF: a thread of its own frees them (inline if none can be started).
    let _ = std::thread::Builder::new()
        .name("folio-free-caches".into())
        .spawn(move || drop((shared, caches)));
    Ok(flows)
}

/// Told how many stories of how many are laid out, as each one is; from any thread.
pub type Progress<'a> = dyn Fn(usize, usize) + Sync + 'a;

pub fn compose(
    book: &Book,
    font_name: &str,
    shaper: &mut Shaper<'_>,
    geometry: &PageGeometry,
    settings: &Typesetting,
) -> Result<ComposedBook, MissingGlyph> {
    compose_with_progress(book, font_name, shaper, geometry, settings, &|_, _| {})
}

/// [`compose`], reporting the stories laid out.
pub fn compose_with_progress(
    book: &Book,
    font_name: &str,
    shaper: &mut Shaper<'_>,
    geometry: &PageGeometry,
    settings: &Typesetting,
    progress: &Progress<'_>,
) -> Result<ComposedBook, MissingGlyph> {
    let mut body: Vec<ComposedPage> = Vec::new();
    let mut story_pages = Vec::new();
    // Every story opens on a recto, so stories flow independently: in parallel.
    let params = PageParams {
        lines_per_page: geometry.lines_per_page,
        widow_orphan_control: settings.widow_orphan_control,
        first_page_number: 1,
    };
    let flows = flow_stories(book, shaper, geometry, settings, &params, progress)?;
    let t = std::time::Instant::now();
    let mut part_pages = Vec::new();
    for (index, flowed) in flows.into_iter().enumerate() {
        // Openers fall on rectos: body page numbers start at 1, so an odd count of
        // pages so far needs a blank verso.
        if body.len() % 2 == 1 {
            body.push(blank_page());
        }
        if let Some((_, part)) = book.part_opening_at(index) {
            // The part's title on a recto, a blank verso behind it.
            part_pages.push(body.len());
            body.push(part_page(book, part, shaper, geometry, body.len() + 1)?);
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
    let setting = MatterSetting {
        book,
        geometry,
        settings,
        font_name,
    };
    for matter in book.back.iter().filter(|m| m.is_in(settings.output)) {
        let first = body.len() + back.len();
        if placement(&matter.kind) == Side::Recto && first % 2 == 1 {
            back.push(blank_page());
        }
        let number = body.len() + back.len() + 1;
        let pages = matter_pages(&setting, shaper, &matter.kind, number)?;
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
    let mut furniture = body_furniture(book, &after_front, &back_sections, body_len);
    for &page in &part_pages {
        furniture[page] = Default::default();
    }
    furnish(book, shaper, geometry, &mut after_front, &furniture, 1)?;
    crate::util::trace("compose: body and back pages", t);
    let t = std::time::Instant::now();

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
        settings,
        &mut targets,
        false,
    )?;
    for _ in 0..MAX_CONTENTS_PASSES {
        let mut entries = contents_targets(
            book,
            settings,
            (&story_pages, &part_pages),
            &back_entries,
            &front,
        );
        let next = compose_front(
            book,
            font_name,
            shaper,
            geometry,
            settings,
            &mut entries,
            true,
        )?;
        let settled = next.pages.len() == front.pages.len();
        front = next;
        if settled {
            break;
        }
    }
    crate::util::trace("compose: front matter", t);
    let front_pages = front.pages.len();
    let mut links = front.links;
    for link in &mut links {
        if link.target_is_body {
            link.target_page += front_pages;
        }
    }
    let story_pages = story_pages.iter().map(|p| p + front_pages).collect();
    let part_pages = part_pages.iter().map(|p| p + front_pages).collect();
    let back_entries = back_entries
        .into_iter()
        .map(|(title, page)| (title, page + front_pages))
        .collect();
    let mut pages = front.pages;
    furnish(book, shaper, geometry, &mut pages, &front.furniture, 1)?;
    pages.extend(after_front);
    Ok(ComposedBook {
        forced_breaks: shaper.forced_breaks(),
        pages,
        front_pages,
        story_pages,
        part_pages,
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
