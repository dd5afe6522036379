//! The print edition's page numbers in the EPUB: a `pagebreak` marker where each
//! of the PDF's pages begins, and the nav's `page-list`. The PDF's layout says
//! where its pages begin (`crate::render::PageStart`): a story's first page opens
//! its document; any other page is found by its first letters and digits in the
//! documents' text, in reading order, and marked before the word they begin in (a
//! page that begins inside a hyphenated word is marked before the whole word). A
//! page with no text (a blank verso, the cover), or one whose text the EPUB does
//! not have, is marked where the next page is, so every page has its number.

use crate::lang::letters::{common_alphanumeric_lowercase, is_alphanumeric, to_lowercase};
use crate::render::{PagePart, PageStart};
use crate::xml::escape;

/// One XHTML document of the reading order.
pub struct Doc<'a> {
    pub file: String,
    pub text: &'a mut String,
    /// The story it holds, if any.
    pub story: Option<usize>,
}

/// A marker written: the page-list entry leading to it.
#[derive(Debug, Clone, PartialEq)]
pub struct PageLink {
    pub href: String,
    pub label: String,
}

/// The letters and digits of a document's body, lowercased, and where each is.
/// They are kept as one string so that a page's first letters are found with
/// `memmem` (a linear search, vectorised): a page whose text the EPUB lacks is
/// searched for to the end of the book.
pub struct Letters {
    text: String,
    /// Each letter's byte in `text`. 32 bits: the index of a long novel is two
    /// million letters, and half its size is these two vectors.
    offset: Vec<u32>,
    /// Each letter's byte in the document.
    at: Vec<u32>,
    /// Just inside `<body>`, and just before `</body>`.
    start: usize,
    end: usize,
}

impl Letters {
    fn of(doc: &str) -> Letters {
        let start = doc
            .find("<body")
            .and_then(|b| doc[b..].find('>').map(|e| b + e + 1))
            .unwrap_or(0);
        let end = doc.rfind("</body>").unwrap_or(doc.len()).max(start);
        // No document comes near 1 GiB (a story is at most 16 MiB); one that did
        // would have no letters to find (its pages go where the next is found), so
        // that lowercased letters, at most three times as long, stay in 32 bits.
        let end = if end <= (u32::MAX / 4) as usize {
            end
        } else {
            start
        };
        let body = &doc[start..end];
        let bytes = body.as_bytes();
        // About one byte in two is a letter.
        let mut text = String::with_capacity(bytes.len() / 2);
        let mut offset = Vec::with_capacity(bytes.len() / 2);
        let mut at = Vec::with_capacity(bytes.len() / 2);
        let mut push = |lower: char, i: usize| {
            offset.push(text.len() as u32);
            text.push(lower);
            at.push((start + i) as u32);
        };
        let (mut in_tag, mut in_ref) = (false, false);
        let mut i = 0;
        while i < bytes.len() {
            // Inside a tag only '>' (and ';', ending a reference the tag interrupted)
            // changes anything, inside a reference only ';' and '<': skipped to.
            if in_tag || in_ref {
                let next = match (in_tag, in_ref) {
                    (true, false) => memchr::memchr(b'>', &bytes[i..]),
                    (true, true) => memchr::memchr2(b'>', b';', &bytes[i..]),
                    _ => memchr::memchr2(b'<', b';', &bytes[i..]),
                };
                let Some(skip) = next else { break };
                i += skip;
                match bytes[i] {
                    b'>' => in_tag = false,
                    b';' => in_ref = false,
                    _ => in_tag = true,
                }
                i += 1;
                continue;
            }
            let c = match bytes[i] {
                b'<' => {
                    in_tag = true;
                    i += 1;
                    continue;
                }
                b'&' => {
                    in_ref = true;
                    i += 1;
                    continue;
                }
                b if b.is_ascii() => char::from(b),
                // Two-byte characters (accented Latin, Greek, Cyrillic: nearly every
                // letter of a Russian book) decoded here; the common letters are
                // answered from their ranges (`common_alphanumeric_lowercase`).
                lead @ 0xC2..=0xDF => {
                    let code = (u32::from(lead & 0x1F) << 6) | u32::from(bytes[i + 1] & 0x3F);
                    let c = char::from_u32(code).unwrap_or_default();
                    if let Some(lower) = common_alphanumeric_lowercase(c) {
                        push(lower, i);
                        i += 2;
                        continue;
                    }
                    c
                }
                _ => body[i..].chars().next().unwrap_or_default(),
            };
            match common_alphanumeric_lowercase(c) {
                Some(lower) => push(lower, i),
                None if is_alphanumeric(c) => to_lowercase(c).for_each(|lower| push(lower, i)),
                None => {}
            }
            i += c.len_utf8();
        }
        Letters {
            text,
            offset,
            at,
            start,
            end,
        }
    }

    /// The first letter from letter `from` on where `key` (whole letters, searched
    /// for by `finder`) begins.
    fn find(&self, finder: &memchr::memmem::Finder<'_>, from: usize) -> Option<usize> {
        if finder.needle().is_empty() {
            return None;
        }
        let from_byte = *self.offset.get(from)? as usize;
        // A match of valid UTF-8 in valid UTF-8 starts at a character.
        let found = from_byte + finder.find(&self.text.as_bytes()[from_byte..])?;
        // `key` is whole letters, so it begins where a letter does.
        self.offset.binary_search(&(found as u32)).ok()
    }
}

/// The letters of each document's text, in parallel: the index `mark` searches.
pub fn letters(docs: &[Doc<'_>]) -> Vec<Letters> {
    use rayon::prelude::*;
    docs.par_iter().map(|doc| Letters::of(doc.text)).collect()
}

/// Marks every page in `docs` (the reading order), whose `letters` are indexed
/// before any is marked, and returns the page list.
pub fn mark(docs: &mut [Doc<'_>], letters: &[Letters], starts: &[PageStart]) -> Vec<PageLink> {
    debug_assert_eq!(letters.len(), docs.len(), "one index per document");
    // (document, letter) the search goes on from.
    let mut cursor = (0, 0);
    let mut places: Vec<Option<(usize, usize)>> = Vec::with_capacity(starts.len());
    for start in starts {
        let found = match start.part {
            PagePart::StoryOpening(story) => docs
                .iter()
                .position(|d| d.story == Some(story))
                .map(|doc| (doc, letters[doc].start, 0)),
            // A page may repeat the last one's text (a half title, then the
            // title page): it is marked where that one is.
            _ => find(letters, docs, start, cursor)
                .or_else(|| find(letters, docs, start, (cursor.0, cursor.1.saturating_sub(1)))),
        };
        places.push(found.map(|(doc, byte, letter)| {
            cursor = (doc, letter + 1);
            (doc, byte)
        }));
    }
    // A page not found goes where the next found one is; after the last, at the end.
    let last = docs.len().checked_sub(1).map(|doc| (doc, letters[doc].end));
    let mut next = last;
    for place in places.iter_mut().rev() {
        match place {
            Some(found) => next = Some(*found),
            None => *place = next,
        }
    }
    let mut inserts: Vec<(usize, usize, usize)> = places
        .iter()
        .enumerate()
        .filter_map(|(page, place)| place.map(|(doc, byte)| (doc, byte, page)))
        .collect();
    // From the end backwards, so earlier offsets stay true; same place: page order.
    inserts.sort_by_key(|&(doc, byte, page)| std::cmp::Reverse((doc, byte, page)));
    let mut links = vec![None; starts.len()];
    for (doc, byte, page) in inserts {
        let id = format!("folio-page-{}", page + 1);
        let label = &starts[page].label;
        let marker = format!(
            "<span epub:type=\"pagebreak\" role=\"doc-pagebreak\" id=\"{id}\" aria-label=\"{}\"></span>",
            escape(label)
        );
        docs[doc].text.insert_str(byte, &marker);
        links[page] = Some(PageLink {
            href: format!("{}#{id}", docs[doc].file),
            label: label.clone(),
        });
    }
    links.into_iter().flatten().collect()
}

/// Where the page `start` begins: (document, byte, letter), searched from `cursor`
/// in its story's document, or in every document on for other pages. Shorter keys
/// are tried when the whole one is not found (a page's last line differs, say).
fn find(
    letters: &[Letters],
    docs: &[Doc<'_>],
    start: &PageStart,
    cursor: (usize, usize),
) -> Option<(usize, usize, usize)> {
    let letters_in_key = start.text.chars().count();
    for len in [letters_in_key, 24, 12] {
        if len > letters_in_key || len == 0 {
            continue;
        }
        let end = start
            .text
            .char_indices()
            .nth(len)
            .map_or(start.text.len(), |(i, _)| i);
        let key = &start.text[..end];
        // One searcher for the key, however many documents it is looked for in.
        let finder = memchr::memmem::Finder::new(key);
        for doc in cursor.0..docs.len() {
            if let PagePart::Story(story) = start.part {
                if docs[doc].story != Some(story) {
                    continue;
                }
            }
            let from = if doc == cursor.0 { cursor.1 } else { 0 };
            if let Some(letter) = letters[doc].find(&finder, from) {
                let byte = before_figure(
                    docs[doc].text,
                    word_start(docs[doc].text, letters[doc].at[letter] as usize),
                );
                return Some((doc, byte, letter));
            }
        }
    }
    None
}

/// A page whose first letters are a figure's caption begins with the figure's
/// image (it has no letters to find): the marker goes before the figure.
fn before_figure(doc: &str, byte: usize) -> usize {
    let before = &doc[..byte];
    match before.ends_with("<figcaption>") {
        true => before.rfind("<figure").unwrap_or(byte),
        false => byte,
    }
}

/// The start of the word the character at `byte` is in, within its text node.
fn word_start(doc: &str, byte: usize) -> usize {
    doc[..byte]
        .char_indices()
        .rev()
        .take_while(|(_, c)| !c.is_whitespace() && *c != '>' && *c != ';')
        .last()
        .map_or(byte, |(i, _)| i)
}

/// The print edition the page numbers come from (Ace requires it named wherever
/// there are page breaks): its ISBN as a URN (`isbn = { paperback = "…" }`, or
/// hardcover, print), else, as it has no identifier, a description of it.
pub fn print_source(isbns: &[(String, String)], title: &str) -> String {
    const PRINT: [&str; 5] = ["print", "paperback", "hardcover", "hardback", "pdf"];
    let isbn = isbns
        .iter()
        .find(|(edition, _)| PRINT.contains(&edition.to_ascii_lowercase().as_str()));
    match isbn {
        Some((_, isbn)) => {
            let digits: String = isbn.chars().filter(|c| !matches!(c, '-' | ' ')).collect();
            format!("urn:isbn:{digits}")
        }
        None => format!("{title}, print edition (PDF)"),
    }
}

/// Names the print edition in the package metadata (`metadata`, the element's
/// text): `dc:source` (EPUB 3.3) and `pageBreakSource`, the property EPUBCheck
/// accepts ahead of the next EPUB version, which says unambiguously that the page
/// numbers are that edition's.
pub fn add_source(metadata: &mut String, source: &str) {
    let source = escape(source);
    let lines = format!(
        "    <dc:source>{source}</dc:source>\n    <meta property=\"pageBreakSource\">{source}</meta>\n"
    );
    match metadata.rfind("</metadata>") {
        Some(at) => metadata.insert_str(at, &lines),
        None => metadata.push_str(&lines),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The index as first written, a character at a time: what `Letters::of`, which
    /// skips markup by searching bytes and decodes two-byte characters itself, must
    /// agree with.
    fn letters_by_characters(doc: &str, start: usize, end: usize) -> (String, Vec<u32>, Vec<u32>) {
        let (mut text, mut offset, mut at) = (String::new(), Vec::new(), Vec::new());
        let (mut in_tag, mut in_ref) = (false, false);
        for (i, c) in doc[start..end].char_indices() {
            match c {
                '<' => in_tag = true,
                '>' if in_tag => in_tag = false,
                '&' if !in_tag => in_ref = true,
                ';' if in_ref => in_ref = false,
                _ if in_tag || in_ref || !is_alphanumeric(c) => {}
                _ => {
                    for lower in to_lowercase(c) {
                        offset.push(text.len() as u32);
                        text.push(lower);
                        at.push((start + i) as u32);
                    }
                }
            }
        }
        (text, offset, at)
    }

    /// Every arrangement of a few pieces of markup and text (tags, references, a
    /// tag inside a reference, stray brackets and semicolons, every ASCII
    /// character, Cyrillic of both cases and beyond Я, letters that lowercase to
    /// two) is indexed as the character-by-character reading indexes it; and every
    /// character of U+0400–U+047F on its own.
    #[test]
    fn the_letter_index_reads_as_a_character_at_a_time() {
        let ascii: String = (0u8..128).map(char::from).collect();
        let cyrillic: String = ('\u{400}'..='\u{47F}').collect();
        let pieces = [
            "<p class=\"x;y\">",
            "</p>",
            "&amp;",
            "&#160;",
            "&",
            ";",
            "<",
            ">",
            "Ab9",
            "Ёлка, ДОМ ѢѣѲ",
            "İΣ",
            "çÆßΩά",
            "a&b<c;d>e",
            &ascii,
            &cyrillic,
        ];
        for body in crate::util::arrangements(&pieces, 3) {
            let doc = format!("<html><body class=\"b\">{body}</body></html>");
            let letters = Letters::of(&doc);
            let (text, offset, at) = letters_by_characters(&doc, letters.start, letters.end);
            assert_eq!(
                (&letters.text, &letters.offset, &letters.at),
                (&text, &offset, &at),
                "{body:?}"
            );
        }
    }

    fn start(label: &str, part: PagePart, text: &str) -> PageStart {
        PageStart {
            label: label.into(),
            part,
            text: text.into(),
        }
    }

    #[test]
    fn pages_are_marked_before_their_first_word_and_blank_ones_with_the_next() {
        let mut a = String::from("<html><body><h1>Title</h1><p>One two</p></body></html>");
        let mut b = String::from(
            "<html><body epub:type=\"x\"><h1>Story</h1><p>Alpha be&amp;ta\ngamma delta</p></body></html>",
        );
        let mut docs = [
            Doc {
                file: "a.xhtml".into(),
                text: &mut a,
                story: None,
            },
            Doc {
                file: "b.xhtml".into(),
                text: &mut b,
                story: Some(0),
            },
        ];
        let starts = [
            start("i", PagePart::Matter, "titleonetwo"),
            start("ii", PagePart::Matter, ""),
            start("1", PagePart::StoryOpening(0), "story"),
            start("2", PagePart::Story(0), "madelta"),
        ];
        let index = letters(&docs);
        let links = mark(&mut docs, &index, &starts);
        assert_eq!(links.len(), 4);
        assert_eq!(links[3].href, "b.xhtml#folio-page-4");
        assert!(
            a.starts_with("<html><body><h1><span epub:type=\"pagebreak\" role=\"doc-pagebreak\" id=\"folio-page-1\" aria-label=\"i\"></span>Title</h1>"),
            "{a}"
        );
        let ii = b.find("folio-page-2").unwrap();
        let one = b.find("folio-page-3").unwrap();
        assert!(ii < one && b[..ii].ends_with("<body epub:type=\"x\"><span epub:type=\"pagebreak\" role=\"doc-pagebreak\" id=\""), "{b}");
        assert!(b.contains("\n<span epub:type=\"pagebreak\" role=\"doc-pagebreak\" id=\"folio-page-4\" aria-label=\"2\"></span>gamma delta"), "{b}");
    }

    #[test]
    fn a_page_opening_on_a_figure_is_marked_before_the_figure() {
        let doc = "<p>a</p>\n<figure>\n<img src=\"m.png\" alt=\"\"/>\n<figcaption>Cap</figcaption>";
        let caption = doc.find("Cap").unwrap();
        assert_eq!(before_figure(doc, caption), doc.find("<figure").unwrap());
        assert_eq!(before_figure(doc, 3), 3);
    }

    #[test]
    fn the_print_isbn_is_the_source() {
        let isbns = [
            ("ebook".to_string(), "978-3-16-148410-0".to_string()),
            ("paperback".to_string(), "978-0-306-40615-7".to_string()),
        ];
        assert_eq!(print_source(&isbns, "T"), "urn:isbn:9780306406157");
        assert_eq!(print_source(&isbns[..1], "T"), "T, print edition (PDF)");
    }
}
