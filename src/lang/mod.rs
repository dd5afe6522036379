//! Languages: a checked BCP 47 tag ([`Lang`]) and, by its primary subtag, the one
//! table of what Folio does differently per language (quotation marks, the words it
//! prints, hyphenation). Neutral ground: the manifest check, the readers, the model,
//! the typography pass and both renderers all read languages through here.

mod labels;
mod table;

use std::fmt;

pub use labels::Labels;
pub use table::{Hyphenation, LangData, Quotes};

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
            .all(|s| (1..=8).contains(&s.len()) && s.chars().all(|c| c.is_ascii_alphanumeric()));
        if !(primary_ok && rest_ok) {
            return Err(format!("`{tag}` is not a BCP 47 language tag"));
        }
        let primary = primary.to_ascii_lowercase();
        Ok(Lang {
            tag: tag.to_string(),
            data: table::lookup(&primary),
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

    /// Quotation marks, outer and inner.
    pub fn quotes(&self) -> &'static Quotes {
        &self.data.quotes
    }

    /// The words Folio prints on its own in this language.
    pub fn labels(&self) -> &'static Labels {
        self.data.labels
    }

    /// Hyphenation patterns and limits; `None` where Folio has no patterns.
    pub fn hyphenation(&self) -> Option<&'static Hyphenation> {
        self.data.hyphenation.as_ref()
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
