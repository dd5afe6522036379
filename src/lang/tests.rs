use super::*;

fn lang(tag: &str) -> Lang {
    Lang::parse(tag).unwrap()
}

#[test]
fn tags_are_checked_as_the_manifest_always_did() {
    for good in [
        "en",
        "fr-CA",
        "pt-BR",
        "zh-Hant-TW",
        "gsw",
        "EN-gb",
        "de-1996",
    ] {
        assert!(Lang::parse(good).is_ok(), "{good}");
    }
    for bad in [
        "",
        "e",
        "english",
        "en_US",
        "fr-",
        "12",
        "-en",
        "en--GB",
        "de-123456789",
    ] {
        assert_eq!(
            Lang::parse(bad).unwrap_err(),
            format!("`{bad}` is not a BCP 47 language tag")
        );
    }
}

#[test]
fn the_tag_is_kept_as_written_and_the_primary_subtag_lowercased() {
    let tag = lang("FR-ca");
    assert_eq!(tag.as_str(), "FR-ca");
    assert_eq!(tag.to_string(), "FR-ca");
    assert_eq!(tag.primary(), "fr");
    assert_eq!(tag.data().primary, "fr");
    assert_ne!(tag, lang("fr-CA"), "equality is on the tag as written");
}

#[test]
fn region_tags_find_their_language_s_row() {
    let cases = [
        ("en", "“", "‘", "Contents"),
        ("en-GB", "“", "‘", "Contents"),
        ("fr", "«\u{202F}", "‘", "Table des matières"),
        ("fr-BE", "«\u{202F}", "‘", "Table des matières"),
        // Canadian and Swiss French have rows of their own.
        ("fr-CA", "«\u{A0}", "“", "Table des matières"),
        ("fr-Latn-CH", "«", "‹", "Table des matières"),
        ("FR", "«\u{202F}", "‘", "Table des matières"),
        ("de-CH", "„", "‚", "Inhalt"),
    ];
    for (tag, open, inner_open, contents) in cases {
        let lang = lang(tag);
        assert_eq!(lang.quotes().open, open, "{tag}");
        assert_eq!(lang.quotes().inner_open, inner_open, "{tag}");
        assert_eq!(lang.labels().contents, contents, "{tag}");
    }
    assert_eq!(lang("fr").quotes().around("oui"), "«\u{202F}oui\u{202F}»");
    assert_eq!(lang("de").quotes().close, "“");
    assert!(lang("fr").data().spacing.is_some() && lang("en").data().spacing.is_none());
    assert_eq!(lang("fr").data().honorifics, ["M.", "MM."]);
}

#[test]
fn languages_without_a_row_fall_back_to_english_without_hyphenation() {
    for tag in ["gsw", "und", "xx-YY", "tlh"] {
        let lang = lang(tag);
        assert_eq!(lang.data().primary, "", "{tag}");
        assert_eq!(lang.name(), tag);
        assert_eq!(lang.quotes().open, "“", "{tag}");
        assert_eq!(lang.labels().contents, "Contents", "{tag}");
        assert!(lang.hyphenation().is_none(), "{tag}");
        assert_eq!(lang.data().hyphenation, WordBreaks::Missing, "{tag}");
    }
    assert_eq!(Lang::default(), lang("und"));
}

#[test]
fn aliases_and_subtags_find_their_language_s_row() {
    assert_eq!(lang("nb-NO").data().primary, "no");
    assert_eq!(lang("nn").name(), "Norwegian Nynorsk");
    assert_eq!(lang("nn").hyphenation(), lang("nb").hyphenation());
    assert_eq!(lang("nn").labels().contents, "Innhald");
    assert_eq!(lang("nb").labels().contents, "Innhold");
    assert_eq!(lang("kmr").data().primary, "ku");
    assert_eq!(lang("zh-Hant-TW").data().primary, "zh");
    assert_eq!(lang("pt-BR").name(), "Portuguese");
    assert_eq!(lang("sr-Cyrl").name(), "Serbian");
}

#[test]
fn every_language_hypher_ships_is_hyphenated() {
    let patterns = |tag: &str| lang(tag).hyphenation().map(|h| h.patterns);
    assert_eq!(patterns("en-US"), Some(hypher::Lang::English));
    assert_eq!(patterns("fr"), Some(hypher::Lang::French));
    assert_eq!(patterns("de-AT"), Some(hypher::Lang::German));
    assert_eq!(patterns("es-MX"), Some(hypher::Lang::Spanish));
    assert_eq!(patterns("it"), Some(hypher::Lang::Italian));
    assert_eq!(patterns("pt"), Some(hypher::Lang::Portuguese));
    assert_eq!(patterns("ru"), Some(hypher::Lang::Russian));
    assert_eq!(patterns("nb"), Some(hypher::Lang::Norwegian));
    // Every two-letter code hypher knows has a row that uses its patterns.
    for a in b'a'..=b'z' {
        for b in b'a'..=b'z' {
            let Some(patterns) = hypher::Lang::from_iso([a, b]) else {
                continue;
            };
            let tag = String::from_utf8(vec![a, b]).unwrap();
            let uses = match lang(&tag).data().hyphenation {
                WordBreaks::Hyphenated(h) | WordBreaks::Unmarked(h) => h.patterns,
                other => panic!("{tag}: {other:?}"),
            };
            assert_eq!(uses, patterns, "{tag}");
        }
    }
    // Indic scripts break without a hyphen, which the PDF cannot set yet.
    assert!(matches!(
        lang("hi").data().hyphenation,
        WordBreaks::Unmarked(_)
    ));
    assert!(lang("hi").hyphenation().is_none());
    for tag in ["ja", "zh", "ko", "ar", "he", "fa", "vi"] {
        assert_eq!(lang(tag).data().hyphenation, WordBreaks::Never, "{tag}");
    }
    for tag in ["ro", "id", "th"] {
        assert_eq!(lang(tag).data().hyphenation, WordBreaks::Missing, "{tag}");
    }
}

#[test]
fn the_letters_kept_before_and_after_a_break_follow_each_tradition() {
    let minima = |tag: &str| {
        let h = lang(tag).hyphenation().copied().unwrap();
        (h.min_before, h.min_after)
    };
    // English and Portuguese carry three letters over, Russian two (TeX's
    // hyphenmins); French and German keep Folio's 2/3.
    assert_eq!(minima("en"), (2, 3));
    assert_eq!(minima("pt"), (2, 3));
    assert_eq!(minima("ru"), (2, 2));
    assert_eq!(minima("cs"), (2, 3));
    assert_eq!(minima("fr"), (2, 3));
    assert_eq!(minima("de"), (2, 3));
    assert_eq!(minima("el"), (1, 1));
}

/// `word` with a hyphen at each break the language's patterns allow.
fn hyphenated(word: &str, tag: &str) -> String {
    let rules = lang(tag).hyphenation().copied().unwrap();
    rules.syllables(word).collect::<Vec<_>>().join("-")
}

#[test]
fn long_words_get_break_points_in_every_language() {
    // Czech keeps three letters after a break: "dob-ný" is not allowed.
    let cases = [
        ("nl", "verantwoordelijkheid", "ver-ant-woor-de-lijk-heid"),
        ("pl", "niebezpieczeństwo", "nie-bez-pie-czeń-stwo"),
        ("cs", "nepravděpodobný", "ne-prav-dě-po-dobný"),
        ("sv", "järnvägsstationen", "järn-vägs-sta-tio-nen"),
        ("pt", "responsabilidade", "res-pon-sa-bi-li-dade"),
        ("da", "sammenhængende", "sam-men-hæn-gen-de"),
        ("fi", "kaupunginvaltuusto", "kau-pun-gin-val-tuus-to"),
        ("hu", "egészségügyi", "egész-ség-ügyi"),
        ("tr", "kitaplarımızdan", "ki-tap-la-rı-mız-dan"),
        ("uk", "відповідальність", "від-по-від-аль-ність"),
        ("ru", "достопримечательность", "до-сто-при-ме-ча-тель-ность"),
    ];
    for (tag, word, expected) in cases {
        assert_eq!(hyphenated(word, tag), expected, "{tag}");
    }
}

#[test]
fn no_break_comes_closer_to_a_word_s_ends_than_the_minima() {
    let word = "достопримечательность";
    for (tag, before, after) in [("ru", 2, 2), ("en", 2, 3)] {
        let rules = lang(tag).hyphenation().copied().unwrap();
        let mut syllables: Vec<&str> = rules.syllables(word).collect();
        if syllables.len() > 1 {
            assert!(syllables[0].chars().count() >= before, "{tag}");
            let last = syllables.pop().unwrap();
            assert!(last.chars().count() >= after, "{tag}");
        }
    }
}

/// The twenty most-published languages have their own words, every one of them.
#[test]
fn every_label_exists_in_each_language_s_set() {
    let english = lang("en").labels();
    let required = [
        "en", "de", "fr", "es", "it", "pt", "nl", "ru", "pl", "ja", "zh", "ko", "sv", "da", "no",
        "fi", "cs", "tr", "ar", "uk",
    ];
    for tag in required {
        let labels = lang(tag).labels();
        assert!(
            tag == "en" || !std::ptr::eq(labels, english),
            "{tag} has no labels of its own"
        );
    }
    let mut failures = Vec::new();
    for row in super::rows::LANGUAGES {
        let tag = format!("{}-{}", row.primary, row.variant);
        for (key, text, values) in row.labels.entries() {
            let found = text.matches("{}").count();
            if text.trim().is_empty() && key != "and" || text.is_empty() {
                failures.push(format!("{tag}: {key} is empty"));
            }
            if !values.contains(&found) {
                failures.push(format!(
                    "{tag}: {key} = {text:?} has {found} {{}}, wants {values:?}"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_words_of_a_language_are_its_own() {
    let contents = |tag: &str| lang(tag).labels().contents;
    assert_eq!(contents("ru"), "Содержание");
    assert_eq!(contents("pl"), "Spis treści");
    assert_eq!(contents("pt-BR"), "Sumário");
    assert_eq!(contents("pt-PT"), "Índice");
    assert_eq!(contents("zh-Hant"), lang("zh-Hant-TW").labels().contents);
    assert_ne!(contents("zh-Hant"), contents("zh"));
    // A title in running text takes the language's title marks.
    assert_eq!(lang("zh").quote_title("书"), "《书》");
    assert_eq!(lang("ru").quote_title("Лес"), "«Лес»");
    assert_eq!(lang("en").quote_title("Late"), "“Late”");
    let ru = lang("ru").labels();
    assert_eq!(ru.translated_by("Н. Н."), "Перевод: Н. Н.");
    assert_eq!(ru.chapter("1"), "Глава 1");
    assert_eq!(lang("de").labels().part("II"), "Teil II");
}
