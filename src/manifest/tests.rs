use super::*;

fn parse_str(text: &str) -> Result<Manifest, Diagnostic> {
    parse(Path::new("book.toml"), text)
}

#[test]
fn a_minimal_manifest_parses_with_defaults() {
    let m = parse_str(
        "[book]\ntitle = \"T\"\nlanguage = \"en\"\n[[stories]]\nfile = \"a.md\"\ntitle = \"A\"\n",
    )
    .unwrap();
    assert_eq!(m.book.title.get_ref(), "T");
    assert_eq!(m.stories.len(), 1);
    assert!(m.output.pdf.hyphenate);
    assert!(m.output.epub.embed_fonts);
}

#[test]
fn an_unknown_key_names_the_line_and_the_nearest_key() {
    let d = parse_str("[book]\ntitle = \"T\"\nlangauge = \"en\"\n").unwrap_err();
    assert_eq!(d.position.map(|p| p.0), Some(3));
    assert_eq!(d.help.as_deref(), Some("did you mean `language`?"));
}

#[test]
fn an_unknown_renderer_key_is_caught_by_the_renderer_table() {
    let d =
        parse_str("[book]\ntitle = \"T\"\nlanguage = \"en\"\n[output.epub]\nembed_font = true\n")
            .unwrap_err();
    assert_eq!(d.position.map(|p| p.0), Some(5));
    assert_eq!(d.help.as_deref(), Some("did you mean `embed_fonts`?"));
}

#[test]
fn language_tags_are_checked() {
    for good in ["en", "fr-CA", "pt-BR", "zh-Hant-TW", "gsw"] {
        assert!(is_language_tag(good), "{good}");
    }
    for bad in ["", "e", "english", "en_US", "fr-", "12"] {
        assert!(!is_language_tag(bad), "{bad}");
    }
}

#[test]
fn dates_are_checked() {
    assert!(is_date("2026") && is_date("2026-11") && is_date("2026-11-21"));
    assert!(!is_date("2026-13") && !is_date("21/11/2026") && !is_date("2026-11-32"));
}
