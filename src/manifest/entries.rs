//! `[book]` values that take more than a string: an author with the name catalogues
//! sort by (`{ name = "Jane Austen", file_as = "Austen, Jane" }`, or just the
//! name), a subject with its BISAC or Thema code (or just a word), and the series.
//! Tables are read with unknown keys refused, like every other table.

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use toml::Spanned;

/// One of `[book] authors`: a name, or a table with the name and its sort form.
#[derive(Debug, Clone, PartialEq)]
pub struct AuthorEntry {
    pub name: String,
    /// How catalogues sort the name: "Austen, Jane".
    pub file_as: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AuthorTable {
    name: String,
    file_as: Option<String>,
}

impl<'de> Deserialize<'de> for AuthorEntry {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        string_or_table(
            deserializer,
            "a name, or a table such as { name = \"Jane Austen\", file_as = \"Austen, Jane\" }",
            |name| AuthorEntry {
                name: name.to_string(),
                file_as: None,
            },
            |table: AuthorTable| AuthorEntry {
                name: table.name,
                file_as: table.file_as,
            },
        )
    }
}

/// One of `[book] subjects`: a word or phrase, or a heading from a subject scheme
/// with its code.
#[derive(Debug, Clone, PartialEq)]
pub struct SubjectEntry {
    pub name: String,
    pub code: Option<(SubjectSchemeName, Spanned<String>)>,
}

/// The subject schemes the book trade uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum SubjectSchemeName {
    /// BISAC (Book Industry Study Group), e.g. FIC029000.
    #[serde(rename = "BISAC")]
    Bisac,
    /// Thema (EDItEUR), e.g. FYB.
    #[serde(rename = "THEMA")]
    Thema,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SubjectTable {
    scheme: SubjectSchemeName,
    code: Spanned<String>,
    name: String,
}

impl<'de> Deserialize<'de> for SubjectEntry {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        string_or_table(
            deserializer,
            "a subject, or a table such as { scheme = \"BISAC\", code = \"FIC029000\", name = \"FICTION / Short Stories (single author)\" }",
            |name| SubjectEntry {
                name: name.to_string(),
                code: None,
            },
            |table: SubjectTable| SubjectEntry {
                name: table.name,
                code: Some((table.scheme, table.code)),
            },
        )
    }
}

impl SubjectSchemeName {
    /// Whether `code` is written as this scheme writes its codes: BISAC's three
    /// capitals and six digits, Thema's capitals and digits (qualifiers may add a
    /// hyphenated part, as in `1KBB-US-NA`).
    pub fn accepts(self, code: &str) -> bool {
        match self {
            SubjectSchemeName::Bisac => {
                code.len() == 9
                    && code[..3].chars().all(|c| c.is_ascii_uppercase())
                    && code[3..].chars().all(|c| c.is_ascii_digit())
            }
            SubjectSchemeName::Thema => {
                !code.is_empty()
                    && code.split('-').all(|part| {
                        !part.is_empty()
                            && part
                                .chars()
                                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
                    })
            }
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            SubjectSchemeName::Bisac => "BISAC",
            SubjectSchemeName::Thema => "THEMA",
        }
    }
}

/// `[book] series = { name = "…", number = 2 }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeriesEntry {
    pub name: Spanned<String>,
    /// The book's place in the series: 2, or 2.5 for a novella between two books.
    pub number: Option<Spanned<f64>>,
}

/// A string, or a table read as `T` with its own unknown-key check.
fn string_or_table<'de, D, T, V>(
    deserializer: D,
    expecting: &'static str,
    from_string: fn(&str) -> V,
    from_table: fn(T) -> V,
) -> Result<V, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    struct StringOrTable<T, V> {
        expecting: &'static str,
        from_string: fn(&str) -> V,
        from_table: fn(T) -> V,
    }
    impl<'de, T: Deserialize<'de>, V> Visitor<'de> for StringOrTable<T, V> {
        type Value = V;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.expecting)
        }

        fn visit_str<E: de::Error>(self, value: &str) -> Result<V, E> {
            Ok((self.from_string)(value))
        }

        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V, A::Error> {
            T::deserialize(de::value::MapAccessDeserializer::new(map)).map(self.from_table)
        }
    }
    deserializer.deserialize_any(StringOrTable {
        expecting,
        from_string,
        from_table,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct Book {
        authors: Vec<AuthorEntry>,
        #[serde(default)]
        subjects: Vec<SubjectEntry>,
    }

    #[test]
    fn authors_are_names_or_tables_with_a_sort_name() {
        let book: Book = toml::from_str(
            "authors = [\"Ann\", { name = \"Jane Austen\", file_as = \"Austen, Jane\" }]",
        )
        .unwrap();
        assert_eq!(
            book.authors,
            [
                AuthorEntry {
                    name: "Ann".into(),
                    file_as: None
                },
                AuthorEntry {
                    name: "Jane Austen".into(),
                    file_as: Some("Austen, Jane".into())
                }
            ]
        );
        let typo = toml::from_str::<Book>("authors = [{ name = \"A\", fileas = \"B\" }]")
            .err()
            .unwrap();
        assert!(
            typo.message()
                .starts_with("unknown field `fileas`, expected `name` or `file_as`"),
            "{}",
            typo.message()
        );
        let wrong = toml::from_str::<Book>("authors = [3]").err().unwrap();
        assert!(wrong.message().contains("a name, or a table"), "{wrong}");
    }

    #[test]
    fn subjects_are_words_or_coded_headings() {
        let book: Book = toml::from_str(
            "authors = []\nsubjects = [\"Fiction\", { scheme = \"THEMA\", code = \"FYB\", name = \"Short stories\" }]",
        )
        .unwrap();
        assert_eq!(book.subjects[0].name, "Fiction");
        let (scheme, code) = book.subjects[1].code.as_ref().unwrap();
        assert_eq!(
            (*scheme, code.get_ref().as_str()),
            (SubjectSchemeName::Thema, "FYB")
        );
        let unknown = toml::from_str::<Book>(
            "authors = []\nsubjects = [{ scheme = \"BIC\", code = \"F\", name = \"F\" }]",
        )
        .err()
        .unwrap();
        assert!(
            unknown.message().contains("unknown variant `BIC`"),
            "{unknown}"
        );
    }

    #[test]
    fn codes_are_checked_against_their_scheme() {
        assert!(SubjectSchemeName::Bisac.accepts("FIC029000"));
        for bad in ["FIC29000", "fic029000", "FIC0290001", "FIC02900X"] {
            assert!(!SubjectSchemeName::Bisac.accepts(bad), "{bad}");
        }
        for good in ["FYB", "1KBB-US-NA", "DNT"] {
            assert!(SubjectSchemeName::Thema.accepts(good), "{good}");
        }
        for bad in ["", "fyb", "FY B", "FYB-"] {
            assert!(!SubjectSchemeName::Thema.accepts(bad), "{bad}");
        }
    }
}

/// One of `[fonts] fallback`: a family in `fonts/`, or a table naming the face of
/// a collection (`{ family = "IPAMincho", index = 1 }`).
#[derive(Debug, Clone, PartialEq)]
pub struct FallbackEntry(pub crate::fonts::FallbackName);

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FallbackTable {
    family: String,
    #[serde(default)]
    index: u32,
}

impl<'de> Deserialize<'de> for FallbackEntry {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        string_or_table(
            deserializer,
            "a family in fonts/, or a table such as { family = \"IPAMincho\", index = 1 }",
            |family| {
                FallbackEntry(crate::fonts::FallbackName {
                    family: family.to_string(),
                    index: 0,
                })
            },
            |table: FallbackTable| {
                FallbackEntry(crate::fonts::FallbackName {
                    family: table.family,
                    index: table.index,
                })
            },
        )
    }
}
