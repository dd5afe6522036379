//! The rows other rows build on (`..FR`): the language as written in its main
//! country, which its variant rows in `rows` adjust.

use super::labels;
use super::table::{hyphenated, DialogueDash, LangData, Quotes, WordBreaks, FRANCE, ROW};

/// French in France; Swiss and Canadian French differ in their spaces.
pub(super) const FR: LangData = LangData {
    primary: "fr",
    name: "French",
    // CLDR's inner marks are « » again; Folio keeps ‘ ’, which can be told apart.
    quotes: Quotes::new("«\u{202F}", "\u{202F}»", "‘", "’"),
    spacing: Some(FRANCE),
    // Dialogue opens with a dash in French fiction too (— and a no-break space), but
    // Folio's French books keep their `-- Oui` → `– Oui`: not set, so they do not
    // change.
    honorifics: &["M.", "MM."],
    labels: &labels::FRENCH,
    // TeX's hyph-fr and hypher ask 2/2; Folio has always set 2/3 (three letters
    // carried over, as French house rules often ask), and French books must not
    // re-break.
    hyphenation: hyphenated(hypher::Lang::French, 2, 3),
    ..ROW
};

pub(super) const NO: LangData = LangData {
    primary: "no",
    name: "Norwegian",
    quotes: Quotes::new("«", "»", "‘", "’"),
    dialogue_dash: Some(DialogueDash {
        dash: '–',
        space_after: true,
    }),
    labels: &labels::NORWEGIAN,
    hyphenation: hyphenated(hypher::Lang::Norwegian, 2, 2),
    ..ROW
};

pub(super) const PT: LangData = LangData {
    primary: "pt",
    name: "Portuguese",
    dialogue_dash: Some(DialogueDash {
        dash: '—',
        space_after: true,
    }),
    labels: &labels::PORTUGUESE,
    hyphenation: hyphenated(hypher::Lang::Portuguese, 2, 3),
    ..ROW
};

pub(super) const ZH: LangData = LangData {
    primary: "zh",
    name: "Chinese",
    labels: &labels::CHINESE,
    title_marks: Some(("《", "》")),
    hyphenation: WordBreaks::Never,
    ..ROW
};
