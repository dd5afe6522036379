//! The table's types: one row per language Folio knows (in `rows`, found by `lookup`),
//! keyed by primary subtag, with rows for the regional or script variants that differ
//! (`fr-CA`). Adding a language is adding a row; a tag whose primary subtag has no
//! row gets `ROW`, the fallback.

use super::labels::ENGLISH;
use super::Labels;

/// What Folio does differently in one language.
#[derive(Debug)]
pub struct LangData {
    /// The primary subtag this row is for, lowercase: `fr`.
    pub primary: &'static str,
    /// The region or script subtag of a variant row, lowercase (`ca` for `fr-CA`);
    /// empty for the language's own row.
    pub variant: &'static str,
    /// The language's name in English, for messages; empty in the fallback.
    pub name: &'static str,
    pub quotes: Quotes,
    /// Marks around a title in running text when they are not the outer quotation
    /// marks (Chinese 《 》).
    pub title_marks: Option<(&'static str, &'static str)>,
    /// French spacing: spaces inside « » and before high punctuation. `None`: the
    /// author's spaces around punctuation are left as they are.
    pub spacing: Option<Spacing>,
    /// The dash that opens a paragraph of dialogue, where the language's fiction
    /// marks speech that way (Russian, Spanish, Swedish…).
    pub dialogue_dash: Option<DialogueDash>,
    /// Abbreviations tied to the name after them in this language only (French
    /// `M.`, which elsewhere is an initial), besides the ones every language has.
    pub honorifics: &'static [&'static str],
    pub labels: &'static Labels,
    pub hyphenation: WordBreaks,
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
    pub const fn new(
        open: &'static str,
        close: &'static str,
        inner_open: &'static str,
        inner_close: &'static str,
    ) -> Quotes {
        Quotes {
            open,
            close,
            inner_open,
            inner_close,
        }
    }

    /// `text` between the outer marks, e.g. a title in running text.
    pub fn around(&self, text: &str) -> String {
        format!("{}{text}{}", self.open, self.close)
    }
}

/// The spaces of French typography, which differ between France, Switzerland and
/// Canada.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spacing {
    /// The space inside « » (typed, or curled from `"`); `None`: set tight, the
    /// author's spaces there removed.
    pub inside_guillemets: Option<char>,
    /// The high punctuation marks that take a space before them, and which space.
    pub before: &'static [(char, char)],
}

/// A paragraph that opens with `--`, `---` or `—` (or `–`, where the language's
/// dash is the en dash) is a line of dialogue: it gets the language's dash and,
/// unless the language sets it close (Spanish, Catalan, Galician), a no-break space
/// after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DialogueDash {
    /// — or –.
    pub dash: char,
    pub space_after: bool,
}

/// How words break at the end of a line in a language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WordBreaks {
    /// Where the patterns allow, with a hyphen.
    Hyphenated(Hyphenation),
    /// Where the patterns allow, without a visible hyphen (Indic scripts). The PDF
    /// engine always draws one, so it does not use these patterns yet.
    Unmarked(Hyphenation),
    /// Not at all by the language's tradition (Arabic, Hebrew, Persian, Vietnamese;
    /// Chinese, Japanese and Korean break between characters instead).
    Never,
    /// Folio has no patterns: words are not broken, and a book that hyphenates is
    /// warned (`no-hyphenation`).
    Missing,
}

/// Liang patterns and how close to a word's ends a break may come.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hyphenation {
    pub patterns: hypher::Lang,
    /// Letters that must stay before a break.
    pub min_before: usize,
    /// Letters that must go after a break.
    pub min_after: usize,
    /// The line breaker's penalty for a break here (TeX's \hyphenpenalty, 50 by
    /// default). Higher where long words give the patterns many points: Russian
    /// set with 50 hyphenates 18% of a novel's lines, with 100 13% (Anna Karenina,
    /// typometer), its spaces' 95th percentile still 1.29 times their width.
    pub penalty: u16,
}

/// TeX's \hyphenpenalty.
pub const HYPHEN_PENALTY: u16 = 50;

impl Hyphenation {
    /// The pieces of a lowercase `word` between the breaks the patterns allow
    /// within the minima (hypher's own bounds are not used: they are not always the
    /// language's).
    pub fn syllables<'a>(&self, word: &'a str) -> hypher::Syllables<'a> {
        hypher::hyphenate_bounded(word, self.patterns, self.min_before, self.min_after)
    }
}

pub(super) const ENGLISH_QUOTES: Quotes = Quotes::new("“", "”", "‘", "’");

/// France (Imprimerie nationale): a narrow no-break space inside « » and before
/// ; ! ?, a no-break space before :.
pub(super) const FRANCE: Spacing = Spacing {
    inside_guillemets: Some('\u{202F}'),
    before: &[
        (';', '\u{202F}'),
        ('!', '\u{202F}'),
        ('?', '\u{202F}'),
        (':', '\u{00A0}'),
    ],
};

/// Switzerland: « » set tight, a narrow no-break space before all four marks.
pub(super) const SWITZERLAND: Spacing = Spacing {
    inside_guillemets: None,
    before: &[
        (';', '\u{202F}'),
        ('!', '\u{202F}'),
        ('?', '\u{202F}'),
        (':', '\u{202F}'),
    ],
};

/// Canada (OQLF): a no-break space inside « » and before : only.
pub(super) const CANADA: Spacing = Spacing {
    inside_guillemets: Some('\u{00A0}'),
    before: &[(':', '\u{00A0}')],
};

pub(super) const fn hyphenated(
    patterns: hypher::Lang,
    min_before: usize,
    min_after: usize,
) -> WordBreaks {
    WordBreaks::Hyphenated(Hyphenation {
        patterns,
        min_before,
        min_after,
        penalty: HYPHEN_PENALTY,
    })
}

/// [`hyphenated`] with a penalty of its own (see [`Hyphenation::penalty`]).
pub(super) const fn hyphenated_penalised(
    patterns: hypher::Lang,
    min_before: usize,
    min_after: usize,
    penalty: u16,
) -> WordBreaks {
    WordBreaks::Hyphenated(Hyphenation {
        patterns,
        min_before,
        min_after,
        penalty,
    })
}

pub(super) const fn unmarked(
    patterns: hypher::Lang,
    min_before: usize,
    min_after: usize,
) -> WordBreaks {
    WordBreaks::Unmarked(Hyphenation {
        patterns,
        min_before,
        min_after,
        penalty: HYPHEN_PENALTY,
    })
}

/// The fallback, and what a row does not say: English quotes and labels, no
/// patterns.
pub(super) const ROW: LangData = LangData {
    primary: "",
    variant: "",
    name: "",
    quotes: ENGLISH_QUOTES,
    title_marks: None,
    spacing: None,
    dialogue_dash: None,
    honorifics: &[],
    labels: &ENGLISH,
    hyphenation: WordBreaks::Missing,
};
