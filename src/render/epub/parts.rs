//! Parts and numbered chapters in the EPUB: a part title document in the spine
//! before the part's first story, the contents and the nav two levels deep (the
//! stories under their part), and the stylesheet's rules for both, added only to
//! books that have them (the others' stylesheets stay as they were).

use super::nav::TocEntry;
use crate::model::{Book, Numbering, Part};
use crate::xml::escape;

/// The file of part `k` (0-based).
pub(super) fn part_file(k: usize) -> String {
    format!("part-{:02}.xhtml", k + 1)
}

/// The body of a part's title page.
pub(super) fn part_body(part: &Part, k: usize) -> String {
    format!(
        "<section epub:type=\"part\" role=\"doc-part\" class=\"part\" aria-labelledby=\"part{n}-title\">\n\
         <h1 id=\"part{n}-title\">{}</h1>\n</section>\n",
        escape(&part.title),
        n = k + 1
    )
}

/// "Chapter One" over a story's title, as the header's first line.
pub(super) fn chapter_line(book: &Book, index: usize) -> String {
    match book.chapter_label(index) {
        Some(label) => format!("<p class=\"chapter-number\">{}</p>\n", escape(&label)),
        None => String::new(),
    }
}

/// The stylesheet's rules for part pages and chapter numbers, when the book has them.
pub(super) fn rules(book: &Book) -> &'static str {
    match (book.parts.is_empty(), book.numbering == Numbering::None) {
        (true, true) => "",
        (false, true) => PART_RULES,
        (true, false) => CHAPTER_RULES,
        (false, false) => BOTH_RULES,
    }
}

const PART_RULES: &str = ".part h1 { margin-top: 30%; font-size: 1.8em; }\n";
const CHAPTER_RULES: &str =
    ".chapter-number { text-align: center; text-indent: 0; font-variant: small-caps; letter-spacing: 0.05em; margin: 3em 0 0.5em; }\n";
const BOTH_RULES: &str = concat!(
    ".part h1 { margin-top: 30%; font-size: 1.8em; }\n",
    ".chapter-number { text-align: center; text-indent: 0; font-variant: small-caps; letter-spacing: 0.05em; margin: 3em 0 0.5em; }\n"
);

/// Adds `entry` (a story's line) to `toc`: under its part's line when the story is
/// in a part, the part's line first when the story opens it.
pub(super) fn push_nested<T>(
    book: &Book,
    index: usize,
    list: &mut Vec<T>,
    part_entry: impl FnOnce(usize, &Part) -> T,
    children: impl Fn(&mut T) -> &mut Vec<T>,
    entry: T,
) {
    if let Some((k, part)) = book.part_opening_at(index) {
        list.push(part_entry(k, part));
    }
    match (book.part_of(index), list.last_mut()) {
        (Some(_), Some(parent)) => children(parent).push(entry),
        _ => list.push(entry),
    }
}

/// A part's line in the nav.
pub(super) fn part_toc_entry(k: usize, part: &Part) -> TocEntry {
    TocEntry::new(&part_file(k), &part.title)
}
