//! Languages: a checked BCP 47 tag ([`Lang`]) and, by its primary subtag, the one
//! table of what Folio does differently per language (quotation marks, spacing,
//! dialogue dashes, the words it prints, hyphenation): its types in `table`, its
//! rows in `rows`. Neutral ground: the manifest check, the readers, the model, the
//! typography pass and both renderers all read languages through here.

mod base_rows;
mod labels;
pub mod letters;
mod lookup;
pub mod numbers;
mod rows;
mod table;

use std::fmt;

pub use labels::Labels;
pub use table::{DialogueDash, Hyphenation, LangData, Quotes, Spacing, WordBreaks};

/// A BCP 47 language tag that passed [`Lang::parse`], with its row of the table.
#[derive(Clone)]
pub struct Lang {
    /// As written in the manifest, for `xml:lang`, `dc:language` and the PDF's /Lang.
    tag: String,
    /// The primary subtag, lowercased: what the table is keyed by.
    primary: String,
    data: &'static LangData,
}

impl Lang {
    /// A pragmatic BCP 47 check: a primary subtag of 2–3 letters, then subtags of 1–8
    /// letters or digits (`en`, `fr-CA`, `zh-Hant-TW`). The error is a sentence
    /// naming the tag.
    pub fn parse(tag: &str) -> Result<Lang, String> {
        let mut subtags = tag.split('-');
        let primary = subtags.next().unwrap_or_default();
        let primary_ok =
            (2..=3).contains(&primary.len()) && primary.chars().all(|c| c.is_ascii_alphabetic());
        let rest_ok = subtags
            .clone()
            .all(|s| (1..=8).contains(&s.len()) && s.chars().all(|c| c.is_ascii_alphanumeric()));
        if !(primary_ok && rest_ok) {
            return Err(format!("`{tag}` is not a BCP 47 language tag"));
        }
        let primary = primary.to_ascii_lowercase();
        Ok(Lang {
            tag: tag.to_string(),
            data: lookup::lookup(&primary, subtags),
            primary,
        })
    }

    /// The tag as written, e.g. `fr-CA`.
    pub fn as_str(&self) -> &str {
        &self.tag
    }

    /// The primary subtag, lowercased, e.g. `fr`.
    pub fn primary(&self) -> &str {
        &self.primary
    }

    /// Everything the table holds for this language (or the fallback's row).
    pub fn data(&self) -> &'static LangData {
        self.data
    }

    /// The language's name in English (`Russian`), or the tag when Folio does not
    /// know the language.
    pub fn name(&self) -> &str {
        if self.data.name.is_empty() {
            &self.tag
        } else {
            self.data.name
        }
    }

    /// Quotation marks, outer and inner.
    pub fn quotes(&self) -> &'static Quotes {
        &self.data.quotes
    }

    /// The words Folio prints on its own in this language.
    pub fn labels(&self) -> &'static Labels {
        self.data.labels
    }

    /// `title` as a title is marked in running text: in the outer quotation marks,
    /// or the language's own title marks.
    pub fn quote_title(&self, title: &str) -> String {
        match self.data.title_marks {
            Some((open, close)) => format!("{open}{title}{close}"),
            None => self.quotes().around(title),
        }
    }

    /// Hyphenation patterns and limits for words broken with a hyphen; `None` where
    /// words are not hyphenated (see [`WordBreaks`]).
    pub fn hyphenation(&self) -> Option<&'static Hyphenation> {
        match &self.data.hyphenation {
            WordBreaks::Hyphenated(rules) => Some(rules),
            WordBreaks::Unmarked(_) | WordBreaks::Never | WordBreaks::Missing => None,
        }
    }
}

/// `und` (undetermined): the fallback's conventions, no hyphenation. The readers
/// always set a book's language from its manifest; this only fills test fixtures.
impl Default for Lang {
    fn default() -> Lang {
        Lang::parse("und").expect("`und` is a valid tag")
    }
}

/// Two tags are the same language when they are written the same: the tag is what
/// the outputs carry.
impl PartialEq for Lang {
    fn eq(&self, other: &Lang) -> bool {
        self.tag == other.tag
    }
}

impl Eq for Lang {}

impl std::hash::Hash for Lang {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.tag.hash(state)
    }
}

impl fmt::Debug for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Lang({:?})", self.tag)
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.tag)
    }
}

#[cfg(test)]
mod tests;
