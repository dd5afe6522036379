//! The PDF engine's own invariants on the sample book, through the library: nothing
//! overfull, openers on rectos, full pages ending on the same baseline, hyphen rules.

use std::path::Path;

use folio::build;
use folio::render::pdf::flow::PageKind;
use folio::render::pdf::{typeset, PdfOptions};

fn sample() -> build::LoadedBook {
    build::load(Path::new(env!("CARGO_MANIFEST_DIR")), Some(1_700_000_000)).unwrap()
}

#[test]
fn nothing_is_overfull_and_every_line_is_within_the_emergency_bound() {
    let loaded = sample();
    let options = &folio::render::pdf::PdfOptions::from_manifest(&loaded.manifest).unwrap();
    let ctx = loaded.context("pdf").unwrap();
    let (composed, _) = typeset(&ctx, options).unwrap();
    let ratios: Vec<f32> = composed
        .pages
        .iter()
        .flat_map(|p| p.body_ratios.iter().copied())
        .collect();
    assert!(ratios.len() > 80, "body lines: {}", ratios.len());
    assert!(
        ratios.iter().all(|&r| r >= -1.0),
        "a line shrinks past its glue: {ratios:?}"
    );
    // Pass 1 allows r ≤ 1; the emergency pass may go beyond, but never wildly.
    assert!(ratios.iter().all(|&r| r <= 3.0), "{ratios:?}");
    // And on this book every line sets within the first pass: the page breaker
    // may move lines, but not by loosening them (it did once, to fill openers).
    let loosest = ratios.iter().copied().fold(0.0, f32::max);
    assert!(loosest <= 1.0, "loosest line {loosest}");
}

#[test]
fn every_story_opens_on_a_recto_and_full_pages_end_on_the_same_baseline() {
    let loaded = sample();
    let options = &folio::render::pdf::PdfOptions::from_manifest(&loaded.manifest).unwrap();
    let geometry = options.geometry().unwrap();
    let ctx = loaded.context("pdf").unwrap();
    let (composed, _) = typeset(&ctx, options).unwrap();
    assert_eq!(composed.front_pages % 2, 0, "the body starts on a recto");
    for &page in &composed.story_pages {
        let body_number = page - composed.front_pages + 1;
        assert_eq!(body_number % 2, 1, "story opens on body page {body_number}");
        assert_eq!(composed.pages[page].kind, PageKind::Opener);
    }
    // A page followed by another page of the same story is full, or runs short
    // together with the page facing it (widow and orphan control), never alone.
    let full = Some(geometry.lines_per_page - 1);
    for index in 0..composed.pages.len() - 1 {
        let (page, next) = (&composed.pages[index], &composed.pages[index + 1]);
        let continues = matches!(page.kind, PageKind::Opener | PageKind::Body)
            && next.kind == PageKind::Body
            && page.story == next.story;
        if !continues || page.last_grid_line == full {
            continue;
        }
        let body_number = index + 1 - composed.front_pages;
        let facing = if body_number % 2 == 1 {
            index - 1
        } else {
            index + 1
        };
        let partner = &composed.pages[facing];
        assert!(
            partner.last_grid_line != full,
            "page {index} runs short alone (facing page {facing} is full)"
        );
    }
}

#[test]
fn without_hyphenation_no_line_ends_in_a_hyphen_even_ragged() {
    let loaded = sample();
    let options = PdfOptions {
        justify: false,
        hyphenate: false,
        ..folio::render::pdf::PdfOptions::from_manifest(&loaded.manifest).unwrap()
    };
    let ctx = loaded.context("pdf").unwrap();
    let (composed, _) = typeset(&ctx, &options).unwrap();
    let mut shaper = folio::render::pdf::inline::Shaper::new(ctx.fonts);
    let runs = composed.pages.iter().flat_map(|p| p.runs.iter());
    let hyphen_ends = runs
        .filter(|r| {
            let hyphen = shaper.shape(r.run.style, "-").unwrap().glyphs[0].id;
            r.run.glyphs.last().is_some_and(|g| g.id == hyphen)
        })
        .count();
    assert_eq!(hyphen_ends, 0, "no hyphenated line ends");
}

#[test]
fn trim_presets_change_the_page_and_unknown_ones_are_refused() {
    let mut options = PdfOptions::default();
    for (trim, width) in [("5x8", 360.0), ("a5", 419.53), ("6x9", 432.0)] {
        options.trim = folio::render::pdf::geometry::Trim::Preset(trim.into());
        let geometry = options.geometry().unwrap();
        assert!((geometry.width.0 - width).abs() < 0.1, "{trim}");
        assert!(
            geometry.lines_per_page >= 25,
            "{trim}: {}",
            geometry.lines_per_page
        );
    }
    options.trim = folio::render::pdf::geometry::Trim::Preset("7x10".into());
    assert!(options.geometry().unwrap_err().contains("unknown trim"));
}

use crate::gen_corpus;

#[test]
fn regular_pages_are_full_and_short_pages_come_in_facing_pairs() {
    let dir = std::env::temp_dir().join(format!("folio-grid-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    gen_corpus::run(4, 4000, 7, "en", &dir).unwrap();
    let loaded = build::load(&dir, Some(0)).unwrap();
    let options = &folio::render::pdf::PdfOptions::from_manifest(&loaded.manifest).unwrap();
    let lines_per_page = options.geometry().unwrap().lines_per_page;
    let ctx = loaded.context("pdf").unwrap();
    let (composed, _) = typeset(&ctx, options).unwrap();
    let body = &composed.pages[composed.front_pages..];
    // Grid lines short on each body page that is neither an opener nor a story's last.
    let short = |i: usize| -> Option<usize> {
        let page = &body[i];
        let last_of_story = body.get(i + 1).is_none_or(|next| next.story != page.story);
        if page.kind != PageKind::Body || last_of_story {
            return None;
        }
        page.last_grid_line.map(|g| lines_per_page - 1 - g)
    };
    let (mut regular, mut full) = (0, 0);
    for i in 0..body.len() {
        let Some(k) = short(i) else { continue };
        regular += 1;
        if k == 0 {
            full += 1;
            continue;
        }
        // Body page i + 1 is a verso when even: its recto is i + 1, else its verso i - 1.
        let facing = if (i + 1) % 2 == 0 { i + 1 } else { i - 1 };
        let facing_short = short(facing);
        assert!(
            facing_short.is_none_or(|f| f == k),
            "page {} is {k} short, its facing page {facing_short:?}",
            i + 1
        );
    }
    assert!(regular > 20, "regular pages: {regular}");
    assert!(
        full == regular,
        "only {full} of {regular} regular pages full"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
