//! The words a book prints on its own (headings of generated pages, credits, the
//! colophon), in the book's language: the table gives each language its set, and
//! English to the languages without one. Both renderers take them from here so that
//! they say the same thing. The sets live by region (`west`, `north`, `east`,
//! `asia`); the translations beyond English, French and German come from babel's
//! captions, CLDR and translators' usage, as the comment on each set says.

mod asia;
mod east;
mod north;
mod west;

pub(super) use asia::*;
pub(super) use east::*;
pub(super) use north::*;
pub(super) use west::*;

/// One language's words. `{}` in a template stands for the value put in.
#[derive(Debug)]
pub struct Labels {
    pub contents: &'static str,
    pub colophon: &'static str,
    pub cover: &'static str,
    pub half_title: &'static str,
    pub title_page: &'static str,
    pub copyright: &'static str,
    pub dedication: &'static str,
    pub epigraph: &'static str,
    /// The outline's parent item for the stories.
    pub stories: &'static str,
    pub foreword: &'static str,
    pub preface: &'static str,
    pub introduction: &'static str,
    pub afterword: &'static str,
    pub acknowledgments: &'static str,
    pub about_author: &'static str,
    pub about_authors: &'static str,
    /// The also-by heading without authors.
    pub also_available: &'static str,
    /// "Also by {}" for one author and for several (French says "Du même auteur").
    also_by: (&'static str, &'static str),
    and: &'static str,
    translated_by: &'static str,
    published_by: &'static str,
    first_published: &'static str,
    set_in: &'static str,
    designed_in: &'static str,
    pub made_with: &'static str,
    /// "Copyright © {} {}", and whether the year or the holder comes first.
    copyright_line: (&'static str, CopyrightOrder),
    // For later: the heading over a story's notes and the notes' back links, the
    // EPUB's page-list and landmarks navs, numbered chapters and parts. In the table
    // so that each language's set is complete; no renderer uses them yet.
    pub notes: &'static str,
    pub back_to_text: &'static str,
    pub page_list: &'static str,
    pub landmarks: &'static str,
    chapter: &'static str,
    part: &'static str,
}

/// The order of the values in a copyright line: "© 2019 Holder" or "© Holder, 2019"
/// (Russian, French practice).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CopyrightOrder {
    YearHolder,
    HolderYear,
}

impl Labels {
    pub fn also_by(&self, authors: &[String]) -> String {
        match authors {
            [] => self.also_available.to_string(),
            [name] => fill(self.also_by.0, &[name]),
            names => fill(self.also_by.1, &[&names.join(self.and)]),
        }
    }

    pub fn about(&self, authors: usize) -> &'static str {
        if authors > 1 {
            self.about_authors
        } else {
            self.about_author
        }
    }

    pub fn translated_by(&self, name: &str) -> String {
        fill(self.translated_by, &[name])
    }

    pub fn published_by(&self, publisher: &str) -> String {
        fill(self.published_by, &[publisher])
    }

    /// "“Title” was first published in …": `quoted_title` comes with the
    /// language's quotation marks ([`super::Quotes::around`]).
    pub fn first_published(&self, quoted_title: &str, place: &str) -> String {
        fill(self.first_published, &[quoted_title, place])
    }

    /// The © line of the copyright page; without a year or a holder, the line
    /// leaves it out with the words between the two ("Copyright © 2019").
    pub fn copyright_line(&self, year: Option<&str>, holder: Option<&str>) -> Option<String> {
        let (template, order) = self.copyright_line;
        let values = match order {
            CopyrightOrder::YearHolder => [year, holder],
            CopyrightOrder::HolderYear => [holder, year],
        };
        match values {
            [Some(first), Some(second)] => Some(fill(template, &[first, second])),
            [Some(only), None] | [None, Some(only)] => {
                let mut parts = template.split("{}");
                let before = parts.next().unwrap_or_default();
                let after = parts.nth(1).unwrap_or_default();
                Some(format!("{before}{only}{after}"))
            }
            [None, None] => None,
        }
    }

    /// "Chapter {}" with a number (as a word or numeral) in.
    pub fn chapter(&self, number: &str) -> String {
        fill(self.chapter, &[number])
    }

    /// "Part {}" with a number in.
    pub fn part(&self, number: &str) -> String {
        fill(self.part, &[number])
    }

    /// Whether `word` is part of a label or template Folio prints.
    pub fn mention(&self, word: &str) -> bool {
        !word.is_empty()
            && self
                .entries()
                .iter()
                .any(|(_, text, _)| text.contains(word))
    }

    /// Every label and template by name, with how many values a template takes
    /// (the "also by" headings take the names or not: "Du même auteur").
    pub(crate) fn entries(
        &self,
    ) -> Vec<(&'static str, &'static str, std::ops::RangeInclusive<usize>)> {
        vec![
            ("contents", self.contents, 0..=0),
            ("colophon", self.colophon, 0..=0),
            ("cover", self.cover, 0..=0),
            ("half_title", self.half_title, 0..=0),
            ("title_page", self.title_page, 0..=0),
            ("copyright", self.copyright, 0..=0),
            ("dedication", self.dedication, 0..=0),
            ("epigraph", self.epigraph, 0..=0),
            ("stories", self.stories, 0..=0),
            ("foreword", self.foreword, 0..=0),
            ("preface", self.preface, 0..=0),
            ("introduction", self.introduction, 0..=0),
            ("afterword", self.afterword, 0..=0),
            ("acknowledgments", self.acknowledgments, 0..=0),
            ("about_author", self.about_author, 0..=0),
            ("about_authors", self.about_authors, 0..=0),
            ("also_available", self.also_available, 0..=0),
            ("also_by_one", self.also_by.0, 0..=1),
            ("also_by_many", self.also_by.1, 0..=1),
            ("and", self.and, 0..=0),
            ("translated_by", self.translated_by, 1..=1),
            ("published_by", self.published_by, 1..=1),
            ("first_published", self.first_published, 2..=2),
            ("set_in", self.set_in, 1..=1),
            ("designed_in", self.designed_in, 1..=1),
            ("made_with", self.made_with, 0..=0),
            ("copyright_line", self.copyright_line.0, 2..=2),
            ("notes", self.notes, 0..=0),
            ("back_to_text", self.back_to_text, 0..=0),
            ("page_list", self.page_list, 0..=0),
            ("landmarks", self.landmarks, 0..=0),
            ("chapter", self.chapter, 1..=1),
            ("part", self.part, 1..=1),
        ]
    }

    /// The colophon's line about the fonts: set in them, or (when a reading system
    /// may replace them) designed in them.
    pub fn fonts(&self, family: &str, embedded: bool) -> String {
        fill(
            if embedded {
                self.set_in
            } else {
                self.designed_in
            },
            &[family],
        )
    }
}

/// Replaces each `{}` of `template` with the next value.
fn fill(template: &str, values: &[&str]) -> String {
    let mut out = String::new();
    let mut parts = template.split("{}");
    if let Some(first) = parts.next() {
        out.push_str(first);
    }
    for (part, value) in parts.zip(values.iter().chain(std::iter::repeat(&""))) {
        out.push_str(value);
        out.push_str(part);
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::lang::Lang;

    #[test]
    fn labels_follow_the_primary_language_and_fill_their_templates() {
        let en_gb = Lang::parse("en-GB").unwrap();
        let en = en_gb.labels();
        assert_eq!(en.also_by(&["A".into(), "B".into()]), "Also by A and B");
        assert_eq!(
            en.first_published(&en_gb.quotes().around("Late"), "The Review, 2019"),
            "“Late” was first published in The Review, 2019."
        );
        let fr_ca = Lang::parse("fr-CA").unwrap();
        let fr = fr_ca.labels();
        assert_eq!(fr.contents, "Table des matières");
        assert_eq!(fr.translated_by("Tom"), "Traduit par Tom");
        assert_eq!(fr.also_by(&["Tom".into()]), "Du même auteur");
        assert_eq!(
            fr.first_published(&fr_ca.quotes().around("L’été"), "La Revue"),
            "«\u{A0}L’été\u{A0}» a paru pour la première fois dans La Revue."
        );
        assert_eq!(
            Lang::parse("de").unwrap().labels().fonts("Gentium", true),
            "Gesetzt aus der Gentium."
        );
        assert_eq!(Lang::parse("it").unwrap().labels().contents, "Indice");
        assert_eq!(en.also_by(&[]), "Also Available");
    }

    #[test]
    fn the_copyright_line_puts_year_and_holder_in_the_language_s_order() {
        let line = |tag: &str, year, holder| {
            Lang::parse(tag)
                .unwrap()
                .labels()
                .copyright_line(year, holder)
        };
        let both = (Some("2019"), Some("A. Holder"));
        assert_eq!(
            line("en", both.0, both.1).unwrap(),
            "Copyright © 2019 A. Holder"
        );
        assert_eq!(line("en", None, both.1).unwrap(), "Copyright © A. Holder");
        assert_eq!(line("en", both.0, None).unwrap(), "Copyright © 2019");
        assert_eq!(line("en", None, None), None);
        assert_eq!(line("ru", both.0, both.1).unwrap(), "© A. Holder, 2019");
        assert_eq!(line("ru", None, both.1).unwrap(), "© A. Holder");
        assert_eq!(line("ru", both.0, None).unwrap(), "© 2019");
        assert_eq!(
            line("pl", both.0, both.1).unwrap(),
            "Copyright © 2019 by A. Holder"
        );
        assert_eq!(line("pl", None, both.1).unwrap(), "Copyright © A. Holder");
        assert_eq!(line("es", both.0, both.1).unwrap(), "© 2019, A. Holder");
        // French and German keep Folio's English line for now.
        assert_eq!(
            line("fr", both.0, both.1).unwrap(),
            "Copyright © 2019 A. Holder"
        );
        assert_eq!(
            line("de", both.0, both.1).unwrap(),
            "Copyright © 2019 A. Holder"
        );
    }
}
