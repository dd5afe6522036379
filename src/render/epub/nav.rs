//! The navigation documents, written by Folio rather than epub-builder so that they
//! carry what assistive technology needs: the nav document (the contents as a
//! `doc-toc` and the landmarks, each nav labelled by its heading, in the book's
//! language) and the NCX for EPUB 2 readers (the book's title and identifier).

use crate::lang::Lang;
use crate::model::{Labels, Metadata};
use crate::xml::escape;

/// A line of the reading system's contents: a file in the spine and its title.
pub struct TocEntry {
    pub href: String,
    pub title: String,
    /// The lines under this one: a part's stories.
    pub children: Vec<TocEntry>,
}

impl TocEntry {
    pub fn new(href: &str, title: &str) -> TocEntry {
        TocEntry {
            href: href.to_string(),
            title: title.to_string(),
            children: Vec::new(),
        }
    }
}

pub struct Landmark {
    /// An EPUB structural semantics term, e.g. `dedication`.
    pub term: &'static str,
    pub href: String,
    pub title: String,
}

impl Landmark {
    pub fn new(term: &'static str, href: &str, title: &str) -> Landmark {
        Landmark {
            term,
            href: href.to_string(),
            title: title.to_string(),
        }
    }
}

/// The EPUB 3 nav document: the contents and the landmarks. Each `nav` is a
/// landmark for assistive technology, so each is labelled by its own heading.
pub fn nav_document(
    lang: &Lang,
    labels: &Labels,
    toc: &[TocEntry],
    landmarks: &[Landmark],
    pages: &[super::pagelist::PageLink],
) -> String {
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n\
<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"{lang}\" xml:lang=\"{lang}\">\n\
<head>\n<meta charset=\"utf-8\"/>\n<title>{contents}</title>\n\
<link rel=\"stylesheet\" type=\"text/css\" href=\"stylesheet.css\"/>\n</head>\n<body>\n\
<nav epub:type=\"toc\" role=\"doc-toc\" id=\"toc\" aria-labelledby=\"toc-title\">\n\
<h1 id=\"toc-title\">{contents}</h1>\n<ol>\n",
        lang = escape(lang.as_str()),
        contents = escape(labels.contents),
    );
    // Two levels at most (a part and its stories): a loop, not recursion.
    for entry in toc {
        out.push_str(&format!(
            "<li><a href=\"{}\">{}</a>",
            escape(&entry.href),
            escape(&entry.title)
        ));
        if !entry.children.is_empty() {
            out.push_str("\n<ol>\n");
            for child in &entry.children {
                out.push_str(&format!(
                    "<li><a href=\"{}\">{}</a></li>\n",
                    escape(&child.href),
                    escape(&child.title)
                ));
            }
            out.push_str("</ol>\n");
        }
        out.push_str("</li>\n");
    }
    out.push_str(&format!(
        "</ol>\n</nav>\n\
<nav epub:type=\"landmarks\" id=\"landmarks\" aria-labelledby=\"landmarks-title\">\n\
<h2 id=\"landmarks-title\">{}</h2>\n<ol>\n",
        escape(labels.landmarks)
    ));
    for landmark in landmarks {
        out.push_str(&format!(
            "<li><a epub:type=\"{}\" href=\"{}\">{}</a></li>\n",
            landmark.term,
            escape(&landmark.href),
            escape(&landmark.title)
        ));
    }
    out.push_str("</ol>\n</nav>\n");
    if !pages.is_empty() {
        // The print edition's pages: for going to a page, not for reading.
        out.push_str(&format!(
            "<nav epub:type=\"page-list\" role=\"doc-pagelist\" id=\"page-list\" \
             aria-labelledby=\"page-list-title\" hidden=\"hidden\">\n\
             <h2 id=\"page-list-title\">{}</h2>\n<ol>\n",
            escape(labels.page_list)
        ));
        for page in pages {
            out.push_str(&format!(
                "<li><a href=\"{}\">{}</a></li>\n",
                escape(&page.href),
                escape(&page.label)
            ));
        }
        out.push_str("</ol>\n</nav>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// The NCX, for EPUB 2 reading systems: the same contents, under the book's title
/// and authors, with the package's unique identifier as `dtb:uid`.
pub fn ncx_document(meta: &Metadata, unique_identifier: &str, toc: &[TocEntry]) -> String {
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
<ncx version=\"2005-1\" xmlns=\"http://www.daisy.org/z3986/2005/ncx/\" xml:lang=\"{}\">\n\
<head>\n<meta name=\"dtb:uid\" content=\"{}\"/>\n<meta name=\"dtb:depth\" content=\"{}\"/>\n\
<meta name=\"dtb:totalPageCount\" content=\"0\"/>\n<meta name=\"dtb:maxPageNumber\" content=\"0\"/>\n</head>\n\
<docTitle><text>{}</text></docTitle>\n",
        escape(meta.lang.as_str()),
        escape(unique_identifier),
        if toc.iter().any(|e| !e.children.is_empty()) { 2 } else { 1 },
        escape(&meta.title),
    );
    for author in &meta.authors {
        out.push_str(&format!(
            "<docAuthor><text>{}</text></docAuthor>\n",
            escape(author)
        ));
    }
    out.push_str("<navMap>\n");
    let mut n = 0;
    let mut point = |entry: &TocEntry, out: &mut String| {
        n += 1;
        out.push_str(&format!(
            "<navPoint id=\"navPoint-{n}\" playOrder=\"{n}\">\n<navLabel><text>{}</text></navLabel>\n<content src=\"{}\"/>\n",
            escape(&entry.title),
            escape(&entry.href)
        ));
    };
    for entry in toc {
        point(entry, &mut out);
        for child in &entry.children {
            point(child, &mut out);
            out.push_str("</navPoint>\n");
        }
        out.push_str("</navPoint>\n");
    }
    out.push_str("</navMap>\n</ncx>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nav_document_has_a_language_and_labelled_navs() {
        let lang = Lang::parse("fr").unwrap();
        let nav = nav_document(
            &lang,
            lang.labels(),
            &[TocEntry::new("story-001.xhtml", "L’été & co")],
            &[Landmark::new("bodymatter", "story-001.xhtml", "L’été & co")],
            &[super::super::pagelist::PageLink {
                href: "story-001.xhtml#folio-page-7".into(),
                label: "1".into(),
            }],
        );
        assert!(nav.contains("<nav epub:type=\"page-list\" role=\"doc-pagelist\""));
        assert!(nav.contains("<li><a href=\"story-001.xhtml#folio-page-7\">1</a></li>"));
        assert!(nav.contains("<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"fr\" xml:lang=\"fr\">"));
        assert!(nav.contains(
            "<nav epub:type=\"toc\" role=\"doc-toc\" id=\"toc\" aria-labelledby=\"toc-title\">\n<h1 id=\"toc-title\">Table des matières</h1>"
        ));
        assert!(nav.contains(
            "aria-labelledby=\"landmarks-title\">\n<h2 id=\"landmarks-title\">Repères</h2>"
        ));
        assert!(nav.contains("<li><a href=\"story-001.xhtml\">L’été &amp; co</a></li>"));
        assert!(nav.contains("<a epub:type=\"bodymatter\" href=\"story-001.xhtml\">"));
    }

    #[test]
    fn the_ncx_carries_the_title_and_the_unique_identifier() {
        let meta = Metadata {
            title: "A <Book>".into(),
            authors: vec!["Ann".into()],
            lang: Lang::parse("en").unwrap(),
            ..Default::default()
        };
        let ncx = ncx_document(
            &meta,
            "urn:isbn:9783161484100",
            &[TocEntry::new("a.xhtml", "A")],
        );
        assert!(ncx.contains("<meta name=\"dtb:uid\" content=\"urn:isbn:9783161484100\"/>"));
        assert!(ncx.contains("<docTitle><text>A &lt;Book&gt;</text></docTitle>"));
        assert!(ncx.contains("<docAuthor><text>Ann</text></docAuthor>"));
        assert!(ncx.contains("<navPoint id=\"navPoint-1\" playOrder=\"1\">"));
    }
}
