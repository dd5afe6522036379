//! Footnotes at the foot of the page where they are referenced (PDF), and as pop-up
//! asides (EPUB), on the sample book with two notes added.

mod common;

use common::*;

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
