//! The front matter in manifest order, each item on its side of the spread, with
//! its folios (roman) and running heads; and the contents' entries, which point
//! at the front matter after the contents, the stories and the back matter.

use super::contents::{contents_pages, roman, ContentsEntry, PendingLink};
use super::furniture::Furniture;
use super::matter::{
    listed_in_contents, matter_pages, outline_title, placement, MatterSetting, Side,
};
use crate::model::{Book, MatterKind};
use crate::render::pdf::flow::{blank_page, ComposedPage, PageKind};
use crate::render::pdf::geometry::{PageGeometry, Typesetting};
use crate::render::pdf::inline::{MissingGlyph, Shaper};

pub(super) struct Front {
    pub(super) pages: Vec<ComposedPage>,
    /// Folios (roman) on the contents and on prose; running heads on prose pages
    /// after the first.
    pub(super) furniture: Vec<Furniture>,
    pub(super) cover_pages: usize,
    pub(super) contents_page: Option<usize>,
    pub(super) entries: Vec<(String, usize)>,
    pub(super) links: Vec<PendingLink>,
    /// Front items after the contents that get an entry, with their first page.
    pub(super) listed_after_contents: Vec<(String, usize)>,
}

/// The contents' entries, pointing at the front matter after the contents, the
/// stories and the back matter, as the layouts so far place them.
pub(super) fn contents_targets(
    book: &Book,
    settings: &Typesetting,
    (story_pages, part_pages): (&[usize], &[usize]),
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
            level: 0,
        })
        .collect();
    for (index, (story, &page)) in book.stories.iter().zip(story_pages).enumerate() {
        if let Some((k, part)) = book.part_opening_at(index) {
            let page = part_pages.get(k).copied().unwrap_or(page);
            entries.push(ContentsEntry {
                title: part.title.clone(),
                bylines: Vec::new(),
                label: (page + 1).to_string(),
                target_page: page,
                target_is_body: true,
                level: 0,
            });
        }
        entries.push(ContentsEntry {
            title: story.title.clone(),
            bylines: [story.author.clone(), book.translator_line(story)]
                .into_iter()
                .flatten()
                .collect(),
            label: (page + 1).to_string(),
            target_page: page,
            target_is_body: true,
            level: usize::from(book.part_of(index).is_some()),
        });
    }
    // `back_entries` holds every titled back item in order, so they pair up.
    let titled_back = book
        .back
        .iter()
        .filter(|m| m.is_in(settings.output) && outline_title(book.labels(), &m.kind).is_some());
    for (matter, (title, page)) in titled_back.zip(back_entries) {
        if listed_in_contents(&matter.kind) {
            entries.push(ContentsEntry {
                title: title.clone(),
                bylines: Vec::new(),
                label: (page + 1).to_string(),
                target_page: *page,
                target_is_body: true,
                level: 0,
            });
        }
    }
    entries
}

/// The front matter in manifest order, each item on its conventional side, ending
/// on a verso so that the first story opens on a recto. With `final_pass` false the
/// contents entries are placeholders and only the page count matters.
pub(super) fn compose_front(
    book: &Book,
    font_name: &str,
    shaper: &mut Shaper<'_>,
    geometry: &PageGeometry,
    settings: &Typesetting,
    contents: &mut Vec<ContentsEntry>,
    final_pass: bool,
) -> Result<Front, MissingGlyph> {
    // The cover and a blank inside cover keep the spreads of the front matter as
    // they would be without it; the finishing pass draws the image.
    let cover_pages = if settings.cover && book.cover.is_some() {
        2
    } else {
        0
    };
    let setting = MatterSetting {
        book,
        geometry,
        settings,
        font_name,
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
            .filter(|m| m.is_in(settings.output) && listed_in_contents(&m.kind))
            .count();
        let listed_back = book
            .back
            .iter()
            .filter(|m| m.is_in(settings.output) && listed_in_contents(&m.kind))
            .count();
        contents.clear();
        for _ in 0..listed_front {
            contents.push(placeholder_entry(String::new()));
        }
        for (index, story) in book.stories.iter().enumerate() {
            if let Some((_, part)) = book.part_opening_at(index) {
                contents.push(placeholder_entry(part.title.clone()));
            }
            let mut entry = placeholder_entry(story.title.clone());
            entry.level = usize::from(book.part_of(index).is_some());
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
    for matter in book.front.iter().filter(|m| m.is_in(settings.output)) {
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
            let (pages, links) = contents_pages(book, shaper, geometry, settings, contents, first)?;
            for page in first..first + pages.len() {
                front.furniture.push(Furniture {
                    head: None,
                    folio: Some(roman(page + 1 - cover_pages)),
                });
            }
            front.pages.extend(pages);
            front.links.extend(links);
        } else {
            let pages = matter_pages(&setting, shaper, &matter.kind, first + 1)?;
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
        level: 0,
    }
}
