//! Story features in the PDF on the sample book: footnotes at the foot of the page
//! where they are referenced (the EPUB's pop-up asides stay EPUBCheck-clean), and a
//! drop cap.

use crate::common::*;

/// The sample book with two footnotes in its second story.
fn book_with_notes() -> std::path::PathBuf {
    let book = sample_book_copy("footnotes");
    let story = book.join("stories/valerie-loren.md");
    let text = std::fs::read_to_string(&story).unwrap();
    let mut paragraphs: Vec<String> = text.split("\n\n").map(str::to_string).collect();
    assert!(paragraphs.len() > 6, "the sample story has paragraphs");
    paragraphs[2] = format!("{}[^first]", paragraphs[2].trim_end());
    paragraphs[5] = format!("{}[^second]", paragraphs[5].trim_end());
    let notes = "[^first]: A note at the foot of the page where it is referenced, long \
                 enough to run to a second line of smaller type under the rule.\n\n\
                 [^second]: Another note, short.\n";
    std::fs::write(&story, format!("{}\n\n{notes}", paragraphs.join("\n\n"))).unwrap();
    book
}

#[test]
fn each_note_sits_at_the_foot_of_the_page_that_references_it() {
    let book = book_with_notes();
    let out = book.join("out");
    build_ok(&book, &out, &[]);
    let Some(text) = pdf_text(&out.join("three-valeries.pdf")) else {
        return;
    };
    let pages: Vec<&str> = text.split('\u{c}').collect();
    for (note, referencing) in [
        ("1. A note at the foot of the page", "international stardom"),
        ("2. Another note, short.", "several projects"),
    ] {
        let on: Vec<usize> = (0..pages.len())
            .filter(|&p| pages[p].contains(note))
            .collect();
        assert_eq!(on.len(), 1, "{note:?} printed once: {on:?}");
        let page = pages[on[0]];
        let (note_at, text_at) = (page.find(note).unwrap(), page.find(referencing));
        assert!(
            text_at.is_some_and(|t| t < note_at),
            "{note:?} on the page of its reference, below the text:\n{page}"
        );
    }
    // Nothing is left at the end of the story as endnotes.
    assert_eq!(text.matches("Another note, short.").count(), 1);
    if let Some((errors, warnings, report)) = epubcheck(&out.join("three-valeries.epub")) {
        assert_eq!((errors, warnings), (0, 0), "{report}");
    }
}

#[test]
fn a_drop_cap_is_two_lines_deep_beside_the_first_two_lines() {
    use folio::render::pdf::typeset;
    let book = sample_book_copy("drop-cap");
    let manifest = std::fs::read_to_string(book.join("book.toml")).unwrap();
    let manifest = manifest.replacen(
        "[[stories]]",
        "[typography]\nlead_in = \"drop-cap\"\n\n[[stories]]",
        1,
    );
    std::fs::write(book.join("book.toml"), manifest).unwrap();
    let loaded = folio::build::load(&book, Some(0)).unwrap();
    let options = &folio::render::pdf::PdfOptions::from_manifest(&loaded.manifest).unwrap();
    let geometry = options.geometry().unwrap();
    let ctx = loaded.context("pdf").unwrap();
    let (composed, _) = typeset(&ctx, options).unwrap();
    let opener = &composed.pages[composed.story_pages[0]];
    // Positions and sizes are `Pt`s; compared here as plain points.
    let body_size = options.font_size;
    let leading = geometry.leading.0;
    let big: Vec<_> = opener
        .runs
        .iter()
        .filter(|r| r.run.size.0 > 2.0 * body_size && r.run.size.0 < 4.0 * body_size)
        .collect();
    assert_eq!(big.len(), 1, "one drop cap on the opener");
    let initial = big[0];
    // The text's first baseline, and the initial's (a leading below it).
    let first_text = opener
        .runs
        .iter()
        .filter(|r| r.run.size.0 <= body_size && r.run.rise.0 == 0.0)
        .map(|r| r.baseline.0)
        .fold(f32::INFINITY, f32::min);
    let initial_baseline = (initial.baseline - initial.run.rise).0;
    assert!(
        (initial_baseline - (first_text + leading)).abs() < 0.01,
        "the initial sits on the second line: {initial_baseline} vs {first_text}"
    );
    // The first two lines start right of the initial; the third at the margin.
    let line_start = |baseline: f32| {
        opener
            .runs
            .iter()
            .filter(|r| (r.baseline.0 - baseline).abs() < 0.01 && r.run.size.0 <= body_size)
            .map(|r| r.x.0)
            .fold(f32::INFINITY, f32::min)
    };
    let initial_right = (initial.x + initial.run.width()).0;
    assert!(line_start(first_text) > initial_right);
    assert!(line_start(first_text + leading) > initial_right);
    assert!(line_start(first_text + 2.0 * leading) < initial.x.0 + 0.01);
}

#[test]
fn list_items_print_their_numbers_and_bullets_before_their_words() {
    let book = sample_book_copy("lists");
    let story = book.join("stories/valerie-loren.md");
    let text = std::fs::read_to_string(&story).unwrap();
    let lists = "A list follows.\n\n\
                 3. third item\n\
                 4. fourth item with more words so that it wraps across the measure of the page in print\n\
                 5. fifth\n\n\
                 - bullet one\n\
                 - bullet two\n  - nested bullet\n\n\
                 After the lists.\n";
    std::fs::write(&story, format!("{}\n\n{lists}", text.trim_end())).unwrap();
    let out = book.join("out");
    build_ok(&book, &out, &[]);
    let Some(text) = pdf_text(&out.join("three-valeries.pdf")) else {
        return;
    };
    let tokens: Vec<String> = text.split_whitespace().map(str::to_string).collect();
    let expected: Vec<String> = "A list follows. 3. third item 4. fourth item with more words \
         5. fifth • bullet one • bullet two • nested bullet After the lists."
        .split_whitespace()
        .map(str::to_string)
        .collect();
    let start = tokens
        .windows(3)
        .position(|w| w == ["A", "list", "follows."])
        .expect("the list story's text");
    // Marker by marker, word by word, with nothing else between them.
    assert_eq!(
        tokens[start..start + 10],
        expected[..10],
        "{:?}",
        &tokens[start..]
    );
    if let Err(missing) = find_in_order(&tokens, &expected, start) {
        panic!("{missing:?} missing in order: {:?}", &tokens[start..]);
    }
}
