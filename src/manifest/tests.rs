use super::check::is_date;
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
    assert!(m.output.is_empty());
}

#[test]
fn an_unknown_key_names_the_line_and_the_nearest_key() {
    let d = parse_str("[book]\ntitle = \"T\"\nlangauge = \"en\"\n").unwrap_err();
    assert_eq!(d.position.map(|p| p.0), Some(3));
    assert_eq!(d.help.as_deref(), Some("did you mean `language`?"));
}

#[test]
fn language_tags_are_checked_with_their_position() {
    let loaded = LoadedManifest::from_text(
        Path::new("book.toml"),
        "[book]\ntitle = \"T\"\nlanguage = \"en\"\n[[stories]]\nfile = \"a.md\"\ntitle = \"A\"\nlanguage = \"en_US\"\n",
    );
    let problems: Vec<Diagnostic> = check(&loaded)
        .into_iter()
        .filter(|d| d.message.contains("language"))
        .collect();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].message, "`en_US` is not a BCP 47 language tag");
    assert_eq!(problems[0].position.map(|p| p.0), Some(7));
}

#[test]
fn dates_are_checked() {
    assert!(is_date("2026") && is_date("2026-11") && is_date("2026-11-21"));
    assert!(!is_date("2026-13") && !is_date("21/11/2026") && !is_date("2026-11-32"));
}

#[test]
fn front_matter_kinds_and_outputs_are_checked_with_suggestions() {
    let base = "[book]\ntitle = \"T\"\nlanguage = \"en\"\n";
    let d = parse_str(&format!("{base}[[front]]\nkind = \"dedicaton\"\n")).unwrap_err();
    assert_eq!(d.position.map(|p| p.0), Some(5));
    assert_eq!(d.help.as_deref(), Some("did you mean \"dedication\"?"));
    let d = parse_str(&format!(
        "{base}[[front]]\nkind = \"title\"\ntxet = \"x\"\n"
    ))
    .unwrap_err();
    assert_eq!(d.position.map(|p| p.0), Some(6));
    assert_eq!(d.help.as_deref(), Some("did you mean `text`?"));
    let m = parse_str(&format!(
        "{base}[[front]]\nkind = \"half-title\"\n[[back]]\nkind = \"also-by\"\ntitles = [\"A\"]\nonly = \"epub\"\n[typography]\nsmart = false\n"
    ))
    .unwrap();
    assert_eq!(
        m.front.unwrap()[0].kind.get_ref(),
        &MatterKindName::HalfTitle
    );
    assert_eq!(
        m.back.unwrap()[0]
            .only
            .as_ref()
            .map(|o| o.get_ref().as_str()),
        Some("epub")
    );
    assert!(!m.typography.smart);
}

#[test]
fn isbns_are_checked_by_their_check_digit() {
    for good in [
        "978-0-306-40615-7",
        "9783161484100",
        "0-306-40615-2",
        "0-8044-2957-X",
    ] {
        assert!(is_isbn(good), "{good}");
    }
    for bad in [
        "978-0-306-40615-8",
        "12345",
        "0-306-40615-3",
        "97803064061X7",
    ] {
        assert!(!is_isbn(bad), "{bad}");
    }
}

#[test]
fn series_numbers_and_subject_codes_are_checked_with_their_position() {
    let loaded = LoadedManifest::from_text(
        Path::new("book.toml"),
        "[book]\ntitle = \"T\"\nlanguage = \"en\"\nseries = { name = \" \", number = 0 }\n\
         subjects = [\"Fiction\", { scheme = \"BISAC\", code = \"FIC29000\", name = \"F\" }]\n\
         [[stories]]\nfile = \"a.md\"\ntitle = \"A\"\n",
    );
    let problems: Vec<(String, Option<usize>)> = check(&loaded)
        .into_iter()
        .filter(|d| !d.message.contains("a.md"))
        .map(|d| (d.message, d.position.map(|p| p.0)))
        .collect();
    assert_eq!(
        problems,
        [
            ("the series' `name` is empty".to_string(), Some(4)),
            ("`0` is not a place in a series".to_string(), Some(4)),
            ("`FIC29000` is not a BISAC code".to_string(), Some(5)),
        ]
    );
}
