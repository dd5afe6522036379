//! The words a book prints on its own (headings of generated pages, credits, the
//! colophon), in the book's language: English, French or German so far; the table
//! gives each language its set (English for the others). Both renderers take them
//! from here so that they say the same thing.

/// One language's words. `{}` in a template stands for the value put in.
#[derive(Debug)]
pub struct Labels {
    pub contents: &'static str,
    /// The heading of the EPUB nav document's landmarks (ARIA's word for them).
    pub landmarks: &'static str,
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
}

pub(super) const ENGLISH: Labels = Labels {
    contents: "Contents",
    landmarks: "Landmarks",
    colophon: "Colophon",
    cover: "Cover",
    half_title: "Half Title",
    title_page: "Title Page",
    copyright: "Copyright",
    dedication: "Dedication",
    epigraph: "Epigraph",
    stories: "Stories",
    foreword: "Foreword",
    preface: "Preface",
    introduction: "Introduction",
    afterword: "Afterword",
    acknowledgments: "Acknowledgments",
    about_author: "About the Author",
    about_authors: "About the Authors",
    also_available: "Also Available",
    also_by: ("Also by {}", "Also by {}"),
    and: " and ",
    translated_by: "Translated by {}",
    published_by: "Published by {}",
    first_published: "{} was first published in {}.",
    set_in: "Set in {}.",
    designed_in: "Designed in {}.",
    made_with: "Made with Folio.",
};

pub(super) const FRENCH: Labels = Labels {
    contents: "Table des matières",
    landmarks: "Points de repère",
    colophon: "Colophon",
    cover: "Couverture",
    half_title: "Faux-titre",
    title_page: "Page de titre",
    copyright: "Mentions légales",
    dedication: "Dédicace",
    epigraph: "Épigraphe",
    stories: "Récits",
    foreword: "Avant-propos",
    preface: "Préface",
    introduction: "Introduction",
    afterword: "Postface",
    acknowledgments: "Remerciements",
    about_author: "À propos de l’auteur",
    about_authors: "À propos des auteurs",
    also_available: "Du même éditeur",
    also_by: ("Du même auteur", "Des mêmes auteurs"),
    and: " et ",
    translated_by: "Traduit par {}",
    published_by: "Publié par {}",
    first_published: "{} a paru pour la première fois dans {}.",
    set_in: "Composé en {}.",
    designed_in: "Conçu en {}.",
    made_with: "Réalisé avec Folio.",
};

pub(super) const GERMAN: Labels = Labels {
    contents: "Inhalt",
    landmarks: "Orientierungspunkte",
    colophon: "Kolophon",
    cover: "Umschlag",
    half_title: "Schmutztitel",
    title_page: "Titelseite",
    copyright: "Impressum",
    dedication: "Widmung",
    epigraph: "Motto",
    stories: "Erzählungen",
    foreword: "Geleitwort",
    preface: "Vorwort",
    introduction: "Einleitung",
    afterword: "Nachwort",
    acknowledgments: "Dank",
    about_author: "Über den Autor",
    about_authors: "Über die Autoren",
    also_available: "Ebenfalls erhältlich",
    also_by: ("Ebenfalls von {}", "Ebenfalls von {}"),
    and: " und ",
    translated_by: "Übersetzt von {}",
    published_by: "Erschienen bei {}",
    first_published: "{} erschien zuerst in {}.",
    set_in: "Gesetzt aus der {}.",
    designed_in: "Gestaltet für die {}.",
    made_with: "Erstellt mit Folio.",
};

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
            "«\u{202F}L’été\u{202F}» a paru pour la première fois dans La Revue."
        );
        assert_eq!(
            Lang::parse("de").unwrap().labels().fonts("Gentium", true),
            "Gesetzt aus der Gentium."
        );
        assert_eq!(Lang::parse("it").unwrap().labels().contents, "Contents");
        assert_eq!(en.also_by(&[]), "Also Available");
    }
}
