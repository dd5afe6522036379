//! The EPUB's fonts are subset by default, and a reader draws the subset exactly as
//! the whole font: Chromium (calibre's viewer, Thorium, epub.js in a browser) hints
//! with FreeType's auto-hinter, which measures the font by letters the text may not
//! use (see `font_subset::HINTING_REFERENCE`). Each story page is screenshot with
//! both fonts and the images compared byte for byte.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::*;

/// Builds the sample's EPUB with `extra` options and unpacks it; returns the EPUB
/// and the folder it is unpacked in.
fn unpacked(name: &str, extra: &[&str]) -> (PathBuf, PathBuf) {
    let book = sample_book_copy(name);
    let out = book.join("out");
    build_ok(&book, &out, &[&["--epub"], extra].concat());
    let epub = out.join("three-valeries.epub");
    let dir = book.join("unpacked");
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&epub).unwrap()).unwrap();
    zip.extract(&dir).unwrap();
    (epub, dir)
}

fn screenshot(chromium: &str, page: &Path, png: &Path) -> Vec<u8> {
    let output = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
        ])
        .arg(format!("--screenshot={}", png.display()))
        .arg("--window-size=700,3000")
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs");
    std::fs::read(png).unwrap_or_else(|_| {
        panic!(
            "no screenshot of {}: {}",
            page.display(),
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

#[test]
fn the_subset_fonts_draw_the_stories_exactly_as_the_whole_fonts() {
    let (subset, with_subset) = unpacked("hinting-subset", &[]);
    let (_, with_whole) = unpacked(
        "hinting-whole",
        &["--set", "output.epub.subset_fonts=false"],
    );
    let size = std::fs::metadata(&subset).unwrap().len();
    assert!(size < 300 * 1024, "the sample's EPUB is {size} bytes");
    let fonts = with_subset.join("OEBPS/fonts");
    assert!(
        fonts.join("FolioText-Regular.ttf").exists(),
        "subset and renamed (Gentium's licence reserves its name)"
    );
    let chromium = std::env::var("PUPPETEER_EXECUTABLE_PATH")
        .unwrap_or_else(|_| "/usr/bin/chromium".to_string());
    if !tool_available(
        &format!("Chromium ({chromium}; set PUPPETEER_EXECUTABLE_PATH)"),
        Command::new(&chromium).arg("--version"),
    ) {
        return;
    }
    for story in ["story-001", "story-002", "story-003"] {
        let page = format!("OEBPS/{story}.xhtml");
        let a = screenshot(
            &chromium,
            &with_subset.join(&page),
            &with_subset.join(format!("{story}.png")),
        );
        let b = screenshot(
            &chromium,
            &with_whole.join(&page),
            &with_whole.join(format!("{story}.png")),
        );
        assert!(
            a == b,
            "{story} looks different with the subset font: compare {} and {}",
            with_subset.join(format!("{story}.png")).display(),
            with_whole.join(format!("{story}.png")).display()
        );
    }
}
