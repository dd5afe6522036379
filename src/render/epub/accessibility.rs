//! The book's accessibility metadata (EPUB Accessibility 1.1): the conformance claim
//! and the schema.org summary of how it can be read, derived from what the book
//! holds so that it stays true to it — an image makes the access modes visual as
//! well as textual, alternative text is claimed only when every image has some.

use crate::model::Book;

/// The conformance claim: Folio's output meets EPUB Accessibility 1.1 at WCAG 2.2
/// AA (Ace checks every book in the test suite).
pub const CONFORMS_TO: &str = "EPUB Accessibility 1.1 - WCAG 2.2 Level AA";

/// One `<meta property>` of the package.
#[derive(Debug, Clone, PartialEq)]
pub struct Property {
    pub name: &'static str,
    pub value: String,
    /// The value's language, when it is prose Folio wrote in one language.
    pub lang: Option<&'static str>,
}

impl Property {
    fn new(name: &'static str, value: impl Into<String>) -> Property {
        Property {
            name,
            value: value.into(),
            lang: None,
        }
    }
}

/// What the book holds, as far as its accessibility metadata goes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Content {
    /// Images (the cover so far), and how many of them have no text alternative.
    pub images: usize,
    pub images_without_alt: usize,
    /// Footnotes, linked to and from the text.
    pub notes: bool,
    /// A page list with the print edition's page numbers.
    pub page_list: bool,
}

impl Content {
    pub fn of(book: &Book) -> Content {
        let (images, images_without_alt) = story_images(book);
        Content {
            // The cover page always describes the cover in text (`matter::cover_page`).
            images: usize::from(book.cover.is_some()) + images,
            images_without_alt,
            notes: book.stories.iter().any(|s| !s.notes.is_empty()),
            page_list: false,
        }
    }
}

/// How many times the stories show an image, and how many of those have no alt
/// text.
fn story_images(book: &Book) -> (usize, usize) {
    use crate::model::{walk, Block, Inline};
    let mut count = (0, 0);
    let mut shown = |alt: &str| {
        count.0 += 1;
        count.1 += usize::from(alt.is_empty());
    };
    for story in &book.stories {
        let notes = story.notes.iter().flat_map(|n| n.blocks.iter());
        for block in story.blocks.iter().chain(notes) {
            for block in walk::all_blocks(std::slice::from_ref(block)) {
                if let Block::Figure(figure) = block {
                    shown(&figure.image.alt);
                }
                for run in block.inline_runs() {
                    for event in walk::inline_events(run) {
                        if let walk::InlineEvent::Enter(Inline::Image(image)) = event {
                            shown(&image.alt);
                        }
                    }
                }
            }
        }
    }
    count
}

/// The package's accessibility properties, in the order they are written.
pub fn properties(content: Content, certified_by: Option<&str>) -> Vec<Property> {
    let mut out = vec![Property::new("dcterms:conformsTo", CONFORMS_TO)];
    if let Some(certifier) = certified_by {
        out.push(Property::new("a11y:certifiedBy", certifier));
    }
    let has_images = content.images > 0;
    let all_described = content.images_without_alt == 0;
    out.push(Property::new("schema:accessMode", "textual"));
    if has_images {
        out.push(Property::new("schema:accessMode", "visual"));
    }
    // Text alone suffices when every image is described; with images, text and
    // sight together do as well.
    if all_described {
        out.push(Property::new("schema:accessModeSufficient", "textual"));
    }
    if has_images {
        out.push(Property::new(
            "schema:accessModeSufficient",
            "textual,visual",
        ));
    }
    let mut features = vec!["tableOfContents", "readingOrder", "structuralNavigation"];
    if content.page_list {
        features.push("printPageNumbers");
    }
    if has_images && all_described {
        features.push("alternativeText");
    }
    features.push("displayTransformability");
    for feature in features {
        out.push(Property::new("schema:accessibilityFeature", feature));
    }
    out.push(Property::new("schema:accessibilityHazard", "none"));
    out.push(Property {
        lang: Some("en"),
        ..Property::new("schema:accessibilitySummary", summary(content))
    });
    out
}

/// The summary, in English: what a reader can rely on, from what the book holds.
fn summary(content: Content) -> String {
    let mut out = String::from(
        "This publication meets EPUB Accessibility 1.1 and WCAG 2.2 Level AA. \
         Its text is in reading order, with a table of contents and a heading for \
         each story and section",
    );
    if content.page_list {
        out.push_str(", and the page numbers of the print edition");
    }
    out.push('.');
    if content.notes {
        out.push_str(" Footnotes are linked from the text and back.");
    }
    out.push_str(&match (content.images, content.images_without_alt) {
        (0, _) => " It has no images.".to_string(),
        (1, 0) => " Its one image is described in text.".to_string(),
        (_, 0) => " Every image is described in text.".to_string(),
        (n, 1) => format!(" 1 of its {n} images has no text description."),
        (n, without) => format!(" {without} of its {n} images have no text description."),
    });
    out.push_str(" It has no sound, video or flashing content, and the reader may change its fonts and colours.");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values<'a>(properties: &'a [Property], name: &str) -> Vec<&'a str> {
        properties
            .iter()
            .filter(|p| p.name == name)
            .map(|p| p.value.as_str())
            .collect()
    }

    #[test]
    fn a_text_only_book_claims_conformance_and_textual_access() {
        let props = properties(Content::default(), None);
        assert_eq!(values(&props, "dcterms:conformsTo"), [CONFORMS_TO]);
        assert!(values(&props, "a11y:certifiedBy").is_empty());
        assert_eq!(values(&props, "schema:accessMode"), ["textual"]);
        assert_eq!(values(&props, "schema:accessModeSufficient"), ["textual"]);
        assert_eq!(
            values(&props, "schema:accessibilityFeature"),
            [
                "tableOfContents",
                "readingOrder",
                "structuralNavigation",
                "displayTransformability"
            ]
        );
        let summary = values(&props, "schema:accessibilitySummary")[0];
        assert!(summary.contains("no images") && !summary.contains("Footnotes"));
    }

    #[test]
    fn images_are_visual_and_alternative_text_needs_every_image_described() {
        let described = Content {
            images: 2,
            notes: true,
            ..Content::default()
        };
        let props = properties(described, Some("A. Checker"));
        assert_eq!(values(&props, "a11y:certifiedBy"), ["A. Checker"]);
        assert_eq!(values(&props, "schema:accessMode"), ["textual", "visual"]);
        assert_eq!(
            values(&props, "schema:accessModeSufficient"),
            ["textual", "textual,visual"]
        );
        assert!(values(&props, "schema:accessibilityFeature").contains(&"alternativeText"));
        let summary = values(&props, "schema:accessibilitySummary")[0];
        assert!(summary.contains("Every image is described") && summary.contains("Footnotes"));

        let undescribed = Content {
            images_without_alt: 1,
            ..described
        };
        let props = properties(undescribed, None);
        assert!(!values(&props, "schema:accessibilityFeature").contains(&"alternativeText"));
        assert_eq!(
            values(&props, "schema:accessModeSufficient"),
            ["textual,visual"]
        );
        assert!(values(&props, "schema:accessibilitySummary")[0].contains("1 of its 2 images"));
    }

    #[test]
    fn print_page_numbers_come_with_a_page_list() {
        let props = properties(
            Content {
                page_list: true,
                ..Content::default()
            },
            None,
        );
        assert!(values(&props, "schema:accessibilityFeature").contains(&"printPageNumbers"));
    }
}
