//! The rows of the table: every language hypher has patterns for, and the
//! languages Folio knows without them. Sources: quotation marks from Unicode CLDR 48
//! (`delimiters.json`; where Folio differs, the row says why); the letters kept
//! before and after a break from TeX's hyph-utf8 (each pattern file's `hyphenmins`
//! for typesetting), which hypher's built-in bounds do not always match; the
//! dialogue dash from each language's orthography or style guides (Russian rules of
//! 1956 §195, RAE, PWN, Språkrådet, TDK…); French spacing in France (Imprimerie
//! nationale), Switzerland and Canada (OQLF).

use super::base_rows::{FR, NO, PT, ZH};
use super::labels;
use super::table::{
    hyphenated, hyphenated_penalised, unmarked, DialogueDash, LangData, Quotes, WordBreaks, CANADA,
    ROW, SWITZERLAND,
};

/// Russian, Ukrainian and Belarusian words are long and their patterns (2/2) find
/// many points: at TeX's 50, 18% of Anna Karenina's lines end in a hyphen; at 120
/// (with moved lines paying for their hyphens, `flow/grid.rs`) 11.4%, with the 95th
/// percentile space 1.29 times its width. At 150 the spaces pass 1.32.
const EAST_SLAVIC_PENALTY: u16 = 120;

/// Tags that name a language of another row: Norwegian Bokmål is Norwegian (hypher
/// has one set of patterns for Bokmål and Nynorsk), Kurmanji's ISO 639-3 code is
/// Kurdish's `ku`.
pub(super) static ALIASES: &[(&str, &str)] = &[("nb", "no"), ("kmr", "ku")];

/// By primary subtag, then variant. A row's hyphenation patterns are compiled in
/// only when Cargo.toml enables them in `hypher` (the `full` feature: all of them).
pub(super) static LANGUAGES: &[LangData] = &[
    LangData {
        primary: "af",
        name: "Afrikaans",
        labels: &labels::AFRIKAANS,
        hyphenation: hyphenated(hypher::Lang::Afrikaans, 1, 2),
        ..ROW
    },
    LangData {
        primary: "ar",
        name: "Arabic",
        quotes: Quotes::new("”", "“", "’", "‘"),
        labels: &labels::ARABIC,
        hyphenation: WordBreaks::Never,
        ..ROW
    },
    LangData {
        primary: "as",
        name: "Assamese",
        // hypher's bounds: TeX's hyphenmins here are for pattern generation. Unmarked: Indic
        // scripts break without a visible hyphen.
        hyphenation: unmarked(hypher::Lang::Assamese, 2, 2),
        ..ROW
    },
    LangData {
        primary: "be",
        name: "Belarusian",
        quotes: Quotes::new("«", "»", "„", "“"),
        dialogue_dash: Some(DialogueDash {
            dash: '—',
            space_after: true,
        }),
        labels: &labels::BELARUSIAN,
        hyphenation: hyphenated_penalised(hypher::Lang::Belarusian, 2, 2, EAST_SLAVIC_PENALTY),
        ..ROW
    },
    LangData {
        primary: "bg",
        name: "Bulgarian",
        quotes: Quotes::new("„", "“", "„", "“"),
        dialogue_dash: Some(DialogueDash {
            dash: '—',
            space_after: true,
        }),
        labels: &labels::BULGARIAN,
        hyphenation: hyphenated(hypher::Lang::Bulgarian, 2, 2),
        ..ROW
    },
    LangData {
        primary: "bn",
        name: "Bangla",
        // hypher's bounds: TeX's hyphenmins here are for pattern generation. Unmarked: Indic
        // scripts break without a visible hyphen.
        hyphenation: unmarked(hypher::Lang::Bengali, 2, 2),
        ..ROW
    },
    LangData {
        primary: "ca",
        name: "Catalan",
        quotes: Quotes::new("«", "»", "“", "”"),
        dialogue_dash: Some(DialogueDash {
            dash: '—',
            space_after: false,
        }),
        labels: &labels::CATALAN,
        hyphenation: hyphenated(hypher::Lang::Catalan, 2, 2),
        ..ROW
    },
    LangData {
        primary: "cs",
        name: "Czech",
        quotes: Quotes::new("„", "“", "‚", "‘"),
        labels: &labels::CZECH,
        // TeX's hyph-cs asks 2/3 for typesetting; hypher's patterns (hyph-cs-sojka)
        // assume 2/2. Czech print does not carry two letters over, so 2/3.
        hyphenation: hyphenated(hypher::Lang::Czech, 2, 3),
        ..ROW
    },
    LangData {
        primary: "da",
        name: "Danish",
        labels: &labels::DANISH,
        hyphenation: hyphenated(hypher::Lang::Danish, 2, 2),
        ..ROW
    },
    LangData {
        primary: "de",
        name: "German",
        quotes: Quotes::new("„", "“", "‚", "‘"),
        labels: &labels::GERMAN,
        // TeX's hyph-de-1996 and hypher ask 2/2; Folio has always set 2/3, and German
        // books must not re-break.
        hyphenation: hyphenated(hypher::Lang::German, 2, 3),
        ..ROW
    },
    LangData {
        primary: "el",
        name: "Greek",
        quotes: Quotes::new("«", "»", "“", "”"),
        dialogue_dash: Some(DialogueDash {
            dash: '—',
            space_after: true,
        }),
        labels: &labels::GREEK,
        hyphenation: hyphenated(hypher::Lang::Greek, 1, 1),
        ..ROW
    },
    LangData {
        primary: "en",
        name: "English",
        labels: &labels::ENGLISH,
        hyphenation: hyphenated(hypher::Lang::English, 2, 3),
        ..ROW
    },
    LangData {
        primary: "es",
        name: "Spanish",
        dialogue_dash: Some(DialogueDash {
            dash: '—',
            space_after: false,
        }),
        labels: &labels::SPANISH,
        hyphenation: hyphenated(hypher::Lang::Spanish, 2, 2),
        ..ROW
    },
    LangData {
        primary: "et",
        name: "Estonian",
        quotes: Quotes::new("„", "“", "‚", "‘"),
        labels: &labels::ESTONIAN,
        hyphenation: hyphenated(hypher::Lang::Estonian, 2, 3),
        ..ROW
    },
    LangData {
        primary: "fa",
        name: "Persian",
        quotes: Quotes::new("«", "»", "‹", "›"),
        labels: &labels::PERSIAN,
        hyphenation: WordBreaks::Never,
        ..ROW
    },
    LangData {
        primary: "fi",
        name: "Finnish",
        quotes: Quotes::new("”", "”", "’", "’"),
        dialogue_dash: Some(DialogueDash {
            dash: '–',
            space_after: true,
        }),
        labels: &labels::FINNISH,
        // hypher builds Finnish from hyph-fi-x-school (made for 1/1) but bounds it 2/2, as TeX's
        // main hyph-fi asks.
        hyphenation: hyphenated(hypher::Lang::Finnish, 2, 2),
        ..ROW
    },
    FR,
    LangData {
        variant: "ch",
        quotes: Quotes::new("«", "»", "‹", "›"),
        spacing: Some(SWITZERLAND),
        ..FR
    },
    LangData {
        variant: "ca",
        // CLDR 48 gives fr-CA ” “ inside, which looks like an error: the OQLF shows “ ”.
        quotes: Quotes::new("«\u{A0}", "\u{A0}»", "“", "”"),
        spacing: Some(CANADA),
        ..FR
    },
    LangData {
        primary: "gl",
        name: "Galician",
        dialogue_dash: Some(DialogueDash {
            dash: '—',
            space_after: false,
        }),
        labels: &labels::GALICIAN,
        hyphenation: hyphenated(hypher::Lang::Galician, 2, 2),
        ..ROW
    },
    LangData {
        primary: "gu",
        name: "Gujarati",
        // hypher's bounds: TeX's hyphenmins here are for pattern generation. Unmarked: Indic
        // scripts break without a visible hyphen.
        hyphenation: unmarked(hypher::Lang::Gujarati, 2, 2),
        ..ROW
    },
    LangData {
        primary: "he",
        name: "Hebrew",
        quotes: Quotes::new("”", "”", "’", "’"),
        labels: &labels::HEBREW,
        hyphenation: WordBreaks::Never,
        ..ROW
    },
    LangData {
        primary: "hi",
        name: "Hindi",
        labels: &labels::HINDI,
        // hypher's bounds: TeX's hyphenmins here are for pattern generation. Unmarked: Indic
        // scripts break without a visible hyphen.
        hyphenation: unmarked(hypher::Lang::Hindi, 2, 2),
        ..ROW
    },
    LangData {
        primary: "hr",
        name: "Croatian",
        quotes: Quotes::new("„", "“", "‚", "‘"),
        dialogue_dash: Some(DialogueDash {
            dash: '–',
            space_after: true,
        }),
        labels: &labels::CROATIAN,
        hyphenation: hyphenated(hypher::Lang::Croatian, 2, 2),
        ..ROW
    },
    LangData {
        primary: "hu",
        name: "Hungarian",
        quotes: Quotes::new("„", "”", "»", "«"),
        dialogue_dash: Some(DialogueDash {
            dash: '–',
            space_after: true,
        }),
        labels: &labels::HUNGARIAN,
        hyphenation: hyphenated(hypher::Lang::Hungarian, 2, 2),
        ..ROW
    },
    LangData {
        primary: "id",
        name: "Indonesian",
        labels: &labels::INDONESIAN,
        // TeX has patterns (hyph-id, 2/2); hypher 0.1 has none.
        hyphenation: WordBreaks::Missing,
        ..ROW
    },
    LangData {
        primary: "is",
        name: "Icelandic",
        quotes: Quotes::new("„", "“", "‚", "‘"),
        labels: &labels::ICELANDIC,
        hyphenation: hyphenated(hypher::Lang::Icelandic, 2, 2),
        ..ROW
    },
    LangData {
        primary: "it",
        name: "Italian",
        quotes: Quotes::new("«", "»", "“", "”"),
        labels: &labels::ITALIAN,
        hyphenation: hyphenated(hypher::Lang::Italian, 2, 2),
        ..ROW
    },
    LangData {
        primary: "ja",
        name: "Japanese",
        quotes: Quotes::new("「", "」", "『", "』"),
        labels: &labels::JAPANESE,
        hyphenation: WordBreaks::Never,
        ..ROW
    },
    LangData {
        primary: "ka",
        name: "Georgian",
        quotes: Quotes::new("„", "“", "«", "»"),
        dialogue_dash: Some(DialogueDash {
            dash: '—',
            space_after: true,
        }),
        hyphenation: hyphenated(hypher::Lang::Georgian, 1, 2),
        ..ROW
    },
    LangData {
        primary: "kn",
        name: "Kannada",
        // hypher's bounds: TeX's hyphenmins here are for pattern generation. Unmarked: Indic
        // scripts break without a visible hyphen.
        hyphenation: unmarked(hypher::Lang::Kannada, 2, 2),
        ..ROW
    },
    LangData {
        primary: "ko",
        name: "Korean",
        labels: &labels::KOREAN,
        title_marks: Some(("「", "」")),
        hyphenation: WordBreaks::Never,
        ..ROW
    },
    LangData {
        primary: "ku",
        name: "Kurdish (Kurmanji)",
        hyphenation: hyphenated(hypher::Lang::Kurmanji, 2, 2),
        ..ROW
    },
    LangData {
        primary: "la",
        name: "Latin",
        hyphenation: hyphenated(hypher::Lang::Latin, 2, 2),
        ..ROW
    },
    LangData {
        primary: "lt",
        name: "Lithuanian",
        quotes: Quotes::new("„", "“", "„", "“"),
        dialogue_dash: Some(DialogueDash {
            dash: '–',
            space_after: true,
        }),
        labels: &labels::LITHUANIAN,
        hyphenation: hyphenated(hypher::Lang::Lithuanian, 2, 2),
        ..ROW
    },
    LangData {
        primary: "ml",
        name: "Malayalam",
        // hypher's bounds: TeX's hyphenmins here are for pattern generation. Unmarked: Indic
        // scripts break without a visible hyphen.
        hyphenation: unmarked(hypher::Lang::Malayalam, 2, 2),
        ..ROW
    },
    LangData {
        primary: "mn",
        name: "Mongolian",
        dialogue_dash: Some(DialogueDash {
            dash: '—',
            space_after: true,
        }),
        hyphenation: hyphenated(hypher::Lang::Mongolian, 2, 2),
        ..ROW
    },
    LangData {
        primary: "mr",
        name: "Marathi",
        // hypher's bounds: TeX's hyphenmins here are for pattern generation. Unmarked: Indic
        // scripts break without a visible hyphen.
        hyphenation: unmarked(hypher::Lang::Marathi, 2, 2),
        ..ROW
    },
    LangData {
        primary: "nl",
        name: "Dutch",
        quotes: Quotes::new("‘", "’", "‘", "’"),
        labels: &labels::DUTCH,
        hyphenation: hyphenated(hypher::Lang::Dutch, 2, 2),
        ..ROW
    },
    NO,
    // Nynorsk: the same patterns and marks, its own words.
    LangData {
        primary: "nn",
        name: "Norwegian Nynorsk",
        labels: &labels::NYNORSK,
        ..NO
    },
    LangData {
        primary: "or",
        name: "Odia",
        // hypher's bounds: TeX's hyphenmins here are for pattern generation. Unmarked: Indic
        // scripts break without a visible hyphen.
        hyphenation: unmarked(hypher::Lang::Oriya, 2, 2),
        ..ROW
    },
    LangData {
        primary: "pa",
        name: "Punjabi",
        // hypher's bounds: TeX's hyphenmins here are for pattern generation. Unmarked: Indic
        // scripts break without a visible hyphen.
        hyphenation: unmarked(hypher::Lang::Panjabi, 2, 2),
        ..ROW
    },
    LangData {
        primary: "pl",
        name: "Polish",
        quotes: Quotes::new("„", "”", "«", "»"),
        dialogue_dash: Some(DialogueDash {
            dash: '—',
            space_after: true,
        }),
        labels: &labels::POLISH,
        hyphenation: hyphenated(hypher::Lang::Polish, 2, 2),
        ..ROW
    },
    PT,
    LangData {
        variant: "pt",
        quotes: Quotes::new("«", "»", "“", "”"),
        labels: &labels::PORTUGUESE_PORTUGAL,
        ..PT
    },
    LangData {
        primary: "ro",
        name: "Romanian",
        quotes: Quotes::new("„", "”", "«", "»"),
        dialogue_dash: Some(DialogueDash {
            dash: '—',
            space_after: true,
        }),
        labels: &labels::ROMANIAN,
        // TeX has patterns (hyph-ro, 2/2); hypher 0.1 has none.
        hyphenation: WordBreaks::Missing,
        ..ROW
    },
    LangData {
        primary: "ru",
        name: "Russian",
        quotes: Quotes::new("«", "»", "„", "“"),
        dialogue_dash: Some(DialogueDash {
            dash: '—',
            space_after: true,
        }),
        labels: &labels::RUSSIAN,
        hyphenation: hyphenated_penalised(hypher::Lang::Russian, 2, 2, EAST_SLAVIC_PENALTY),
        ..ROW
    },
    LangData {
        primary: "sa",
        name: "Sanskrit",
        // TeX's hyph-sa typesets 1/3; hypher bounds 2/2.
        hyphenation: unmarked(hypher::Lang::Sanskrit, 1, 3),
        ..ROW
    },
    LangData {
        primary: "sk",
        name: "Slovak",
        quotes: Quotes::new("„", "“", "‚", "‘"),
        labels: &labels::SLOVAK,
        hyphenation: hyphenated(hypher::Lang::Slovak, 2, 3),
        ..ROW
    },
    LangData {
        primary: "sl",
        name: "Slovenian",
        quotes: Quotes::new("„", "“", "‚", "‘"),
        labels: &labels::SLOVENIAN,
        hyphenation: hyphenated(hypher::Lang::Slovenian, 2, 2),
        ..ROW
    },
    LangData {
        primary: "sq",
        name: "Albanian",
        dialogue_dash: Some(DialogueDash {
            dash: '—',
            space_after: true,
        }),
        hyphenation: hyphenated(hypher::Lang::Albanian, 2, 2),
        ..ROW
    },
    LangData {
        primary: "sr",
        name: "Serbian",
        quotes: Quotes::new("„", "”", "’", "’"),
        dialogue_dash: Some(DialogueDash {
            dash: '—',
            space_after: true,
        }),
        labels: &labels::SERBIAN,
        hyphenation: hyphenated(hypher::Lang::Serbian, 2, 2),
        ..ROW
    },
    LangData {
        primary: "sv",
        name: "Swedish",
        quotes: Quotes::new("”", "”", "’", "’"),
        dialogue_dash: Some(DialogueDash {
            dash: '–',
            space_after: true,
        }),
        labels: &labels::SWEDISH,
        hyphenation: hyphenated(hypher::Lang::Swedish, 2, 2),
        ..ROW
    },
    LangData {
        primary: "ta",
        name: "Tamil",
        // hypher's bounds: TeX's hyphenmins here are for pattern generation. Unmarked: Indic
        // scripts break without a visible hyphen.
        hyphenation: unmarked(hypher::Lang::Tamil, 2, 2),
        ..ROW
    },
    LangData {
        primary: "te",
        name: "Telugu",
        // hypher's bounds: TeX's hyphenmins here are for pattern generation. Unmarked: Indic
        // scripts break without a visible hyphen.
        hyphenation: unmarked(hypher::Lang::Telugu, 2, 2),
        ..ROW
    },
    LangData {
        primary: "th",
        name: "Thai",
        labels: &labels::THAI,
        // TeX has patterns (hyph-th, 2/3); hypher 0.1 has none.
        hyphenation: WordBreaks::Missing,
        ..ROW
    },
    LangData {
        primary: "tk",
        name: "Turkmen",
        quotes: Quotes::new("“", "”", "“", "”"),
        hyphenation: hyphenated(hypher::Lang::Turkmen, 2, 2),
        ..ROW
    },
    LangData {
        primary: "tr",
        name: "Turkish",
        dialogue_dash: Some(DialogueDash {
            dash: '—',
            space_after: true,
        }),
        labels: &labels::TURKISH,
        hyphenation: hyphenated(hypher::Lang::Turkish, 2, 2),
        ..ROW
    },
    LangData {
        primary: "uk",
        name: "Ukrainian",
        quotes: Quotes::new("«", "»", "„", "“"),
        dialogue_dash: Some(DialogueDash {
            dash: '—',
            space_after: true,
        }),
        labels: &labels::UKRAINIAN,
        hyphenation: hyphenated_penalised(hypher::Lang::Ukrainian, 2, 2, EAST_SLAVIC_PENALTY),
        ..ROW
    },
    LangData {
        primary: "vi",
        name: "Vietnamese",
        dialogue_dash: Some(DialogueDash {
            dash: '–',
            space_after: true,
        }),
        labels: &labels::VIETNAMESE,
        hyphenation: WordBreaks::Never,
        ..ROW
    },
    ZH,
    LangData {
        variant: "hant",
        quotes: Quotes::new("「", "」", "『", "』"),
        labels: &labels::CHINESE_TRADITIONAL,
        ..ZH
    },
];
