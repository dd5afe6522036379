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
        ("fr-CA", "«\u{202F}", "‘", "Table des matières"),
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
    assert!(lang("fr").data().spaced_punctuation && !lang("en").data().spaced_punctuation);
    assert_eq!(lang("fr").data().honorifics, ["M.", "MM."]);
}

#[test]
fn languages_without_a_row_fall_back_to_english_without_hyphenation() {
    for tag in ["nl", "pt-BR", "gsw", "und", "zh-Hant-TW"] {
        let lang = lang(tag);
        assert_eq!(lang.data().primary, "", "{tag}");
        assert_eq!(lang.quotes().open, "“", "{tag}");
        assert_eq!(lang.labels().contents, "Contents", "{tag}");
        assert!(lang.hyphenation().is_none(), "{tag}");
    }
    assert_eq!(Lang::default(), lang("und"));
}

#[test]
fn hyphenation_covers_the_languages_enabled_in_hypher() {
    let patterns = |tag: &str| lang(tag).hyphenation().map(|h| h.patterns);
    assert_eq!(patterns("en-US"), Some(hypher::Lang::English));
    assert_eq!(patterns("fr"), Some(hypher::Lang::French));
    assert_eq!(patterns("de-AT"), Some(hypher::Lang::German));
    assert_eq!(patterns("es-MX"), Some(hypher::Lang::Spanish));
    assert_eq!(patterns("it"), Some(hypher::Lang::Italian));
    assert_eq!(patterns("pt"), None);
    let en = lang("en").hyphenation().copied().unwrap();
    assert_eq!((en.min_before, en.min_after), (2, 3));
    // Italian and Spanish are hyphenated but keep English quotes and labels for now.
    assert_eq!(lang("it").quotes().open, "“");
    assert_eq!(lang("es").labels().contents, "Contents");
}
