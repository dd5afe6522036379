//! The package document's `<metadata>`, written by Folio (epub-builder's is replaced
//! in `package`): identifiers, title, language, creators and contributors with
//! their roles, publisher, date, description, subjects, rights, the modification
//! time and the accessibility metadata.

use super::accessibility::Property;
use super::xhtml::escape;
use crate::model::Book;

/// The id of the package's unique identifier (`<package unique-identifier>`).
pub const UNIQUE_ID: &str = "pub-id";

/// The book's identifiers, the unique one first.
pub fn identifiers(book: &Book) -> Vec<String> {
    vec![book.meta.identifier.clone()]
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
    for subject in &meta.subjects {
        line(format!("<dc:subject>{}</dc:subject>", escape(subject)));
    }
    if let Some(rights) = &meta.rights {
        line(format!("<dc:rights>{}</dc:rights>", escape(rights)));
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
