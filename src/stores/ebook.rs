//! The ebook rules: pure functions over an EPUB's facts (`EbookFacts`).

use super::{At, Built, Found};
use crate::render::facts::EbookFacts;

const MB: usize = 1024 * 1024;

fn ebook<'a>(built: &Built<'a>) -> Option<&'a EbookFacts> {
    built.ebook
}

fn book_table(built: &Built<'_>) -> At {
    At::Manifest(built.book.table.clone())
}

fn cover_key(built: &Built<'_>) -> At {
    At::Manifest(
        built
            .book
            .cover
            .clone()
            .or_else(|| built.book.table.clone()),
    )
}

/// The package's version, among those the store takes (EPUB 3, and 2.0.1).
pub fn version(built: &Built<'_>, store: &str) -> Vec<Found> {
    let Some(e) = ebook(built) else { return vec![] };
    if e.version.starts_with('3') || e.version.starts_with("2.0") {
        return vec![];
    }
    vec![Found {
        message: format!(
            "the EPUB's version is {}; {store} takes EPUB 3 (or 2.0.1)",
            e.version
        ),
        help: "build the EPUB with this version of Folio (EPUB 3.3)".into(),
        at: At::Output("epub"),
    }]
}

/// A cover in the EPUB.
pub fn cover_present(built: &Built<'_>, store: &str) -> Vec<Found> {
    let Some(e) = ebook(built) else { return vec![] };
    if e.cover_px.is_some() {
        return vec![];
    }
    vec![Found {
        message: format!("the EPUB has no cover image; {store} shows the book with one"),
        help: "add `cover = \"cover.jpg\"` to [book] (a JPEG or PNG beside book.toml)".into(),
        at: book_table(built),
    }]
}

/// A cover at least `min_short` pixels on its short side and `min_long` on its
/// long side (and at most `max` on either, when the store says).
pub fn cover_size(
    built: &Built<'_>,
    store: &str,
    (min_short, min_long): (u32, u32),
    max: Option<u32>,
) -> Vec<Found> {
    let Some((w, h)) = ebook(built).and_then(|e| e.cover_px) else {
        return vec![];
    };
    let (short, long) = (w.min(h), w.max(h));
    let message = if short < min_short || long < min_long {
        let sides = match min_short == min_long {
            true => format!("{min_short} on each side"),
            false => format!("{min_short} on the short side and {min_long} on the long side"),
        };
        format!("the cover is {w} × {h} pixels; {store} asks for at least {sides}")
    } else if max.is_some_and(|max| long > max) {
        format!(
            "the cover is {w} × {h} pixels; {store} takes at most {} on a side",
            max.unwrap_or(0)
        )
    } else {
        return vec![];
    };
    vec![Found {
        message,
        help: "use a cover image of 1600 × 2560 pixels (what every store takes)".into(),
        at: cover_key(built),
    }]
}

/// A cover whose height is about `ideal` times its width.
pub fn cover_ratio(built: &Built<'_>, store: &str, ideal: f32) -> Vec<Found> {
    let Some((w, h)) = ebook(built).and_then(|e| e.cover_px) else {
        return vec![];
    };
    let ratio = h as f32 / w.max(1) as f32;
    if (ratio - ideal).abs() <= 0.1 {
        return vec![];
    }
    vec![Found {
        message: format!(
            "the cover is {w} × {h} pixels, a height {ratio:.2} times its width; the ideal at {store} is {ideal}:1"
        ),
        help: format!(
            "crop or extend the cover to {} × {} pixels",
            w,
            (w as f32 * ideal).round()
        ),
        at: cover_key(built),
    }]
}

/// The cover image file at most `max` bytes.
pub fn cover_bytes(built: &Built<'_>, store: &str, max: usize) -> Vec<Found> {
    let Some(e) = ebook(built) else { return vec![] };
    if e.cover_bytes <= max {
        return vec![];
    }
    vec![Found {
        message: format!(
            "the cover image is {:.1} MB; {store} advises at most {} MB",
            e.cover_bytes as f64 / MB as f64,
            max / MB
        ),
        help: "save the cover as a JPEG of quality 85–90".into(),
        at: cover_key(built),
    }]
}

/// The EPUB at most `max` bytes.
pub fn file_size(built: &Built<'_>, store: &str, max: usize) -> Vec<Found> {
    let Some(e) = ebook(built) else { return vec![] };
    if e.bytes <= max {
        return vec![];
    }
    vec![Found {
        message: format!(
            "the EPUB is {} MB; {store} takes at most {} MB",
            e.bytes / MB,
            max / MB
        ),
        help: "use smaller images (fewer pixels, JPEG for photographs)".into(),
        at: At::Output("epub"),
    }]
}

/// The ISBN the package is identified by (`urn:isbn:…`), as written.
fn isbn(e: &EbookFacts) -> Option<&str> {
    let id = e.identifier.trim();
    let prefix = id.get(..9)?;
    prefix.eq_ignore_ascii_case("urn:isbn:").then(|| &id[9..])
}

/// Whether `isbn` is an ISBN-13 with a correct check digit (hyphens and spaces
/// aside): what stores match an ebook by.
pub fn is_isbn13(isbn: &str) -> bool {
    let digits: Vec<u32> = isbn
        .chars()
        .filter(|c| !matches!(c, '-' | ' '))
        .map(|c| c.to_digit(10).unwrap_or(99))
        .collect();
    digits.len() == 13
        && digits.iter().all(|d| *d < 10)
        && digits
            .iter()
            .enumerate()
            .map(|(i, d)| d * if i % 2 == 0 { 1 } else { 3 })
            .sum::<u32>()
            % 10
            == 0
}

fn isbn_key(built: &Built<'_>) -> At {
    At::Manifest(built.book.isbn.clone().or_else(|| built.book.table.clone()))
}

/// The package identified by an ebook ISBN.
pub fn isbn_present(built: &Built<'_>, store: &str) -> Vec<Found> {
    let Some(e) = ebook(built) else { return vec![] };
    if isbn(e).is_some() {
        return vec![];
    }
    vec![Found {
        message: format!(
            "the EPUB is identified by `{}`, not an ISBN; {store} matches an ebook to its listing by its ISBN",
            e.identifier
        ),
        help: "add `isbn = { ebook = \"978-…\" }` to [book] (an ISBN for the ebook edition, not the paperback's)".into(),
        at: isbn_key(built),
    }]
}

/// An ISBN identifier is a valid ISBN-13.
pub fn isbn_valid(built: &Built<'_>, store: &str) -> Vec<Found> {
    let Some(e) = ebook(built) else { return vec![] };
    let Some(isbn) = isbn(e) else { return vec![] };
    if is_isbn13(isbn) {
        return vec![];
    }
    vec![Found {
        message: format!(
            "the EPUB's identifier `{isbn}` is not an ISBN-13 with a correct check digit, which {store} requires"
        ),
        help: "copy the 13 digits from the ISBN agency's record (an ISBN-10 becomes 978 + its first 9 digits + a new check digit)".into(),
        at: isbn_key(built),
    }]
}

/// A language in the package.
pub fn language(built: &Built<'_>, store: &str) -> Vec<Found> {
    let Some(e) = ebook(built) else { return vec![] };
    if !e.language.trim().is_empty() {
        return vec![];
    }
    vec![Found {
        message: format!("the EPUB names no language; {store} requires one"),
        help: "set `language = \"en\"` (a BCP 47 tag) in [book]".into(),
        at: book_table(built),
    }]
}

/// A title and an author.
pub fn metadata(built: &Built<'_>, store: &str) -> Vec<Found> {
    let Some(e) = ebook(built) else { return vec![] };
    let mut missing = Vec::new();
    if e.title.trim().is_empty() {
        missing.push("title");
    }
    if e.authors.iter().all(|a| a.trim().is_empty()) {
        missing.push("author");
    }
    if missing.is_empty() {
        return vec![];
    }
    vec![Found {
        message: format!(
            "the EPUB has no {}; {store} requires both",
            missing.join(" and no ")
        ),
        help: "set `title` and `authors = [\"…\"]` in [book]".into(),
        at: book_table(built),
    }]
}

/// A description for the store's page.
pub fn description(built: &Built<'_>, store: &str) -> Vec<Found> {
    let Some(e) = ebook(built) else { return vec![] };
    if e.description
        .as_deref()
        .is_some_and(|d| !d.trim().is_empty())
    {
        return vec![];
    }
    vec![Found {
        message: format!("the EPUB has no description; {store} asks for one for the book's page"),
        help: "add `description = \"…\"` (a paragraph about the book) to [book]".into(),
        at: book_table(built),
    }]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts() -> EbookFacts {
        EbookFacts {
            version: "3.0".into(),
            bytes: 300_000,
            cover_px: Some((1600, 2560)),
            cover_bytes: 400_000,
            identifier: "urn:isbn:9783161484100".into(),
            language: "en".into(),
            title: "T".into(),
            authors: vec!["A".into()],
            description: Some("D".into()),
        }
    }

    fn built(e: &EbookFacts) -> Built<'_> {
        Built {
            ebook: Some(e),
            ..Built::default()
        }
    }

    #[test]
    fn a_good_ebook_has_no_findings() {
        let e = facts();
        let b = built(&e);
        assert!(version(&b, "S").is_empty());
        assert!(cover_present(&b, "S").is_empty());
        assert!(cover_size(&b, "S", (1400, 1400), Some(7200)).is_empty());
        assert!(cover_ratio(&b, "S", 1.6).is_empty());
        assert!(cover_bytes(&b, "S", 3 * MB).is_empty());
        assert!(file_size(&b, "S", 2048 * MB).is_empty());
        assert!(isbn_present(&b, "S").is_empty());
        assert!(isbn_valid(&b, "S").is_empty());
        assert!(language(&b, "S").is_empty());
        assert!(metadata(&b, "S").is_empty());
        assert!(description(&b, "S").is_empty());
        // Without an EPUB built, no ebook rule finds anything.
        assert!(cover_present(&Built::default(), "S").is_empty());
    }

    #[test]
    fn a_small_odd_or_missing_cover_is_found() {
        let mut e = facts();
        e.cover_px = Some((300, 400));
        let found = cover_size(&built(&e), "Apple Books", (1400, 1400), None);
        assert!(found[0].message.contains("300 × 400"), "{found:?}");
        assert!(cover_ratio(&built(&e), "KDP", 1.6)[0]
            .message
            .contains("1.33"));
        e.cover_px = Some((8000, 12000));
        assert!(cover_size(&built(&e), "Google", (640, 640), Some(7200))[0]
            .message
            .contains("at most 7200"));
        e.cover_px = None;
        assert_eq!(cover_present(&built(&e), "Kobo").len(), 1);
        assert!(cover_size(&built(&e), "S", (1, 1), None).is_empty());
    }

    #[test]
    fn isbns_are_present_and_valid_isbn_13s() {
        assert!(is_isbn13("978-3-16-148410-0"));
        assert!(!is_isbn13("978-3-16-148410-1"));
        assert!(!is_isbn13("3-16-148410-X"));
        let mut e = facts();
        e.identifier = "urn:isbn:978-3-16-148410-1".into();
        let found = isbn_valid(&built(&e), "Kobo");
        assert!(found[0].message.contains("check digit"), "{found:?}");
        e.identifier = "urn:uuid:0000".into();
        assert!(isbn_valid(&built(&e), "Kobo").is_empty());
        let found = isbn_present(&built(&e), "Kobo");
        assert!(found[0].message.contains("`urn:uuid:0000`"), "{found:?}");
    }

    #[test]
    fn size_language_and_metadata() {
        let mut e = facts();
        e.bytes = 3 * 1024 * MB;
        assert!(file_size(&built(&e), "Apple", 2048 * MB)[0]
            .message
            .contains("3072 MB"));
        e.cover_bytes = 5 * MB;
        assert_eq!(cover_bytes(&built(&e), "Kobo", 3 * MB).len(), 1);
        e.language.clear();
        assert_eq!(language(&built(&e), "S").len(), 1);
        e.authors.clear();
        let found = metadata(&built(&e), "S");
        assert!(found[0].message.contains("has no author;"), "{found:?}");
        e.description = None;
        assert_eq!(description(&built(&e), "S").len(), 1);
    }
}
