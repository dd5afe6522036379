//! The table: one row per language Folio knows, keyed by primary subtag. Adding a
//! language is adding a row; a tag whose primary subtag has no row gets `FALLBACK`.

use super::labels::{ENGLISH, FRENCH, GERMAN};
use super::Labels;

/// What Folio does differently in one language.
#[derive(Debug)]
pub struct LangData {
    /// The primary subtag this row is for, lowercase: `fr`.
    pub primary: &'static str,
    pub quotes: Quotes,
    /// French spacing: guillemets get narrow no-break spaces inside (typed « » as
    /// well as curled `"`), and `;` `!` `?` a narrow no-break space before them, `:`
    /// a no-break space.
    pub spaced_punctuation: bool,
    /// Abbreviations tied to the name after them in this language only (French
    /// `M.`, which elsewhere is an initial), besides the ones every language has.
    pub honorifics: &'static [&'static str],
    pub labels: &'static Labels,
    /// `None`: words are never hyphenated.
    pub hyphenation: Option<Hyphenation>,
}

/// Quotation marks, with the spaces that belong inside them (French « »).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quotes {
    pub open: &'static str,
    pub close: &'static str,
    /// A quotation inside a quotation.
    pub inner_open: &'static str,
    pub inner_close: &'static str,
}

impl Quotes {
    /// `text` between the outer marks, e.g. a title in running text.
    pub fn around(&self, text: &str) -> String {
        format!("{}{text}{}", self.open, self.close)
    }
}

/// Liang patterns and how close to a word's ends a break may come.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hyphenation {
    pub patterns: hypher::Lang,
    /// Letters that must stay before a break.
    pub min_before: usize,
    /// Letters that must go after a break.
    pub min_after: usize,
}

const ENGLISH_QUOTES: Quotes = Quotes {
    open: "“",
    close: "”",
    inner_open: "‘",
    inner_close: "’",
};

/// Hyphenation with the limits every language has for now.
const fn hyphenation(patterns: hypher::Lang) -> Option<Hyphenation> {
    Some(Hyphenation {
        patterns,
        min_before: 2,
        min_after: 3,
    })
}

/// Hyphenation patterns are compiled in only for the languages Cargo.toml enables
/// in `hypher`; a row here needs its feature there.
static LANGUAGES: &[LangData] = &[
    LangData {
        primary: "en",
        quotes: ENGLISH_QUOTES,
        spaced_punctuation: false,
        honorifics: &[],
        labels: &ENGLISH,
        hyphenation: hyphenation(hypher::Lang::English),
    },
    LangData {
        primary: "fr",
        quotes: Quotes {
            open: "«\u{202F}",
            close: "\u{202F}»",
            // French rarely uses single quotes; inner quotes are « » or “ ”.
            inner_open: "‘",
            inner_close: "’",
        },
        spaced_punctuation: true,
        honorifics: &["M.", "MM."],
        labels: &FRENCH,
        hyphenation: hyphenation(hypher::Lang::French),
    },
    LangData {
        primary: "de",
        quotes: Quotes {
            open: "„",
            close: "“",
            inner_open: "‚",
            inner_close: "‘",
        },
        spaced_punctuation: false,
        honorifics: &[],
        labels: &GERMAN,
        hyphenation: hyphenation(hypher::Lang::German),
    },
    // Spanish and Italian: hyphenated; their quotes and labels are still English.
    LangData {
        primary: "es",
        quotes: ENGLISH_QUOTES,
        spaced_punctuation: false,
        honorifics: &[],
        labels: &ENGLISH,
        hyphenation: hyphenation(hypher::Lang::Spanish),
    },
    LangData {
        primary: "it",
        quotes: ENGLISH_QUOTES,
        spaced_punctuation: false,
        honorifics: &[],
        labels: &ENGLISH,
        hyphenation: hyphenation(hypher::Lang::Italian),
    },
];

/// Any other language: English quotes and labels, no hyphenation.
static FALLBACK: LangData = LangData {
    primary: "",
    quotes: ENGLISH_QUOTES,
    spaced_punctuation: false,
    honorifics: &[],
    labels: &ENGLISH,
    hyphenation: None,
};

/// The row for a lowercase primary subtag, or the fallback.
pub(super) fn lookup(primary: &str) -> &'static LangData {
    LANGUAGES
        .iter()
        .find(|row| row.primary == primary)
        .unwrap_or(&FALLBACK)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_has_its_own_primary_subtag() {
        for (i, row) in LANGUAGES.iter().enumerate() {
            assert!(
                (2..=3).contains(&row.primary.len())
                    && row.primary.chars().all(|c| c.is_ascii_lowercase()),
                "{}",
                row.primary
            );
            assert!(
                LANGUAGES[..i].iter().all(|r| r.primary != row.primary),
                "{} twice",
                row.primary
            );
        }
    }
}
