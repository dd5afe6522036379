//! The package document's `<metadata>`, written by Folio (epub-builder's is replaced
//! in `package`): identifiers (the ebook ISBN first), title, language, creators
//! (with their sort names) and contributors with their roles, publisher, date,
//! description, subjects (with their BISAC or Thema codes), rights, the series, the
//! modification time and the accessibility metadata.

use super::accessibility::Property;
use crate::model::Book;
use crate::xml::escape;

/// The id of the package's unique identifier (`<package unique-identifier>`).
pub const UNIQUE_ID: &str = "pub-id";

/// The book's identifiers, the unique one first: the ebook's ISBN as a URN when
/// the manifest gives one (what stores match the file by), then the manifest's
/// `identifier` or the derived `urn:uuid`, which stays the same across editions.
pub fn identifiers(book: &Book) -> Vec<String> {
    let meta = &book.meta;
    let mut out = Vec::new();
    if let Some(isbn) = meta.ebook_isbn() {
        out.push(format!("urn:isbn:{}", compact(isbn)));
    }
    let same = |a: &str, b: &str| compact(a).eq_ignore_ascii_case(&compact(b));
    if !out.iter().any(|id| same(id, &meta.identifier)) {
        out.push(meta.identifier.clone());
    }
    out
}

/// An ISBN (or an ISBN URN) without its hyphens and spaces.
fn compact(isbn: &str) -> String {
    isbn.chars().filter(|c| !matches!(c, '-' | ' ')).collect()
}

/// A series number as EPUB's `group-position` writes it: 2, or 2.5.
fn position(number: f64) -> String {
    if number.fract() == 0.0 && number.abs() < 1e15 {
        format!("{}", number as i64)
    } else {
        number.to_string()
    }
}

/// The `<metadata>` element, with the accessibility properties last.
pub fn metadata_element(book: &Book, has_cover: bool, accessibility: &[Property]) -> String {
    let meta = &book.meta;
    let mut out = String::from("<metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n");
    let mut line = |text: String| {
        out.push_str("    ");
        out.push_str(&text);
        out.push('\n');
    };
    for (index, identifier) in identifiers(book).iter().enumerate() {
        let id = if index == 0 {
            UNIQUE_ID.to_string()
        } else {
            format!("id-{}", index + 1)
        };
        line(format!(
            "<dc:identifier id=\"{id}\">{}</dc:identifier>",
            escape(identifier)
        ));
    }
    line(format!("<dc:title>{}</dc:title>", escape(&meta.title)));
    line(format!(
        "<dc:language>{}</dc:language>",
        escape(meta.lang.as_str())
    ));
    for (index, author) in meta.authors.iter().enumerate() {
        let id = format!("creator-{}", index + 1);
        line(format!(
            "<dc:creator id=\"{id}\">{}</dc:creator>",
            escape(author)
        ));
        line(format!(
            "<meta refines=\"#{id}\" property=\"role\" scheme=\"marc:relators\">aut</meta>"
        ));
        if let Some(sort) = meta.file_as(author) {
            line(format!(
                "<meta refines=\"#{id}\" property=\"file-as\">{}</meta>",
                escape(sort)
            ));
        }
    }
    for (index, (name, role)) in contributors(book).iter().enumerate() {
        let id = format!("contributor-{}", index + 1);
        line(format!(
            "<dc:contributor id=\"{id}\">{}</dc:contributor>",
            escape(name)
        ));
        line(format!(
            "<meta refines=\"#{id}\" property=\"role\" scheme=\"marc:relators\">{role}</meta>"
        ));
    }
    if let Some(publisher) = &meta.publisher {
        line(format!(
            "<dc:publisher>{}</dc:publisher>",
            escape(publisher)
        ));
    }
    if let Some(date) = &meta.date {
        line(format!("<dc:date>{}</dc:date>", escape(date)));
    }
    if let Some(description) = &meta.description {
        line(format!(
            "<dc:description>{}</dc:description>",
            escape(description)
        ));
    }
    for (index, subject) in meta.subjects.iter().enumerate() {
        let Some(code) = &subject.code else {
            line(format!(
                "<dc:subject>{}</dc:subject>",
                escape(&subject.name)
            ));
            continue;
        };
        // The heading as text, refined by its scheme (`authority`) and code (`term`).
        let id = format!("subject-{}", index + 1);
        line(format!(
            "<dc:subject id=\"{id}\">{}</dc:subject>",
            escape(&subject.name)
        ));
        line(format!(
            "<meta refines=\"#{id}\" property=\"authority\">{}</meta>",
            code.scheme.name()
        ));
        line(format!(
            "<meta refines=\"#{id}\" property=\"term\">{}</meta>",
            escape(&code.code)
        ));
    }
    if let Some(rights) = &meta.rights {
        line(format!("<dc:rights>{}</dc:rights>", escape(rights)));
    }
    if let Some(series) = &meta.series {
        line(format!(
            "<meta property=\"belongs-to-collection\" id=\"series\">{}</meta>",
            escape(&series.name)
        ));
        line("<meta refines=\"#series\" property=\"collection-type\">series</meta>".to_string());
        if let Some(number) = series.number {
            line(format!(
                "<meta refines=\"#series\" property=\"group-position\">{}</meta>",
                position(number)
            ));
        }
    }
    line(format!(
        "<meta property=\"dcterms:modified\">{}</meta>",
        modified(meta.modified_unix)
    ));
    if has_cover {
        // For EPUB 2 reading systems, which do not read `properties="cover-image"`.
        line("<meta name=\"cover\" content=\"cover-image\"/>".to_string());
    }
    for property in accessibility {
        let lang = property
            .lang
            .map_or(String::new(), |l| format!(" xml:lang=\"{l}\""));
        line(format!(
            "<meta property=\"{}\"{lang}>{}</meta>",
            property.name,
            escape(&property.value)
        ));
    }
    out.push_str("  </metadata>");
    out
}

/// `dcterms:modified`: UTC, to the second, as EPUB requires.
fn modified(unix: i64) -> String {
    chrono::DateTime::from_timestamp(unix, 0)
        .unwrap_or_default()
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

/// Story authors and translators as `dc:contributor`s with MARC relator roles, each
/// name once per role, in reading order.
fn contributors(book: &Book) -> Vec<(String, &'static str)> {
    let mut out: Vec<(String, &'static str)> = Vec::new();
    for story in &book.stories {
        let people = [(&story.author, "aut"), (&story.translator, "trl")];
        for (name, role) in people {
            let Some(name) = name else { continue };
            let is_book_author = role == "aut" && book.meta.authors.contains(name);
            if !is_book_author && !out.iter().any(|(n, r)| n == name && *r == role) {
                out.push((name.clone(), role));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Metadata, Series, Subject, SubjectCode, SubjectScheme};

    fn book(meta: Metadata) -> Book {
        Book {
            meta,
            front: Vec::new(),
            stories: Vec::new(),
            back: Vec::new(),
            cover: None,
            images: Vec::new(),
            output_texts: Vec::new(),
            lead_in: Default::default(),
            parts: Vec::new(),
            numbering: Default::default(),
        }
    }

    #[test]
    fn the_ebook_isbn_is_the_unique_identifier_and_the_uuid_stays() {
        let mut meta = Metadata {
            identifier: "urn:uuid:0000".into(),
            isbns: vec![
                ("ebook".into(), "978-3-16-148410-0".into()),
                ("paperback".into(), "978-0-306-40615-7".into()),
            ],
            ..Default::default()
        };
        assert_eq!(
            identifiers(&book(meta.clone())),
            ["urn:isbn:9783161484100", "urn:uuid:0000"]
        );
        meta.identifier = "urn:isbn:978-3-16-148410-0".into();
        assert_eq!(identifiers(&book(meta.clone())), ["urn:isbn:9783161484100"]);
        meta.isbns.remove(0);
        assert_eq!(identifiers(&book(meta)), ["urn:isbn:978-3-16-148410-0"]);
    }

    #[test]
    fn series_subjects_and_sort_names_are_written_with_their_refinements() {
        let meta = Metadata {
            identifier: "urn:uuid:0000".into(),
            authors: vec!["Jane Austen".into(), "Ann".into()],
            file_as: vec![("Jane Austen".into(), "Austen, Jane".into())],
            subjects: vec![
                Subject {
                    name: "Fiction".into(),
                    code: None,
                },
                Subject {
                    name: "FICTION / Short Stories & Tales".into(),
                    code: Some(SubjectCode {
                        scheme: SubjectScheme::Bisac,
                        code: "FIC029000".into(),
                    }),
                },
            ],
            series: Some(Series {
                name: "The Valéries".into(),
                number: Some(2.0),
            }),
            ..Default::default()
        };
        let xml = metadata_element(&book(meta), false, &[]);
        for expected in [
            "<dc:creator id=\"creator-1\">Jane Austen</dc:creator>",
            "<meta refines=\"#creator-1\" property=\"file-as\">Austen, Jane</meta>",
            "<dc:subject>Fiction</dc:subject>",
            "<dc:subject id=\"subject-2\">FICTION / Short Stories &amp; Tales</dc:subject>",
            "<meta refines=\"#subject-2\" property=\"authority\">BISAC</meta>",
            "<meta refines=\"#subject-2\" property=\"term\">FIC029000</meta>",
            "<meta property=\"belongs-to-collection\" id=\"series\">The Valéries</meta>",
            "<meta refines=\"#series\" property=\"collection-type\">series</meta>",
            "<meta refines=\"#series\" property=\"group-position\">2</meta>",
        ] {
            assert!(xml.contains(expected), "`{expected}` in:\n{xml}");
        }
        assert!(!xml.contains("#creator-2\" property=\"file-as\""));
        assert_eq!(position(2.5), "2.5");
    }
}
