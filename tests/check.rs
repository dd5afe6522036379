//! `folio check`: lints in the rustc style, nothing written.

mod common;

use common::*;

#[test]
fn check_reports_lints_with_code_location_caret_and_help() {
    let book = sample_book_copy("lints");
    std::fs::write(
        book.join("stories/valerie-loren.md"),
        "# Title\n\nShe said \"no\".  Then <em>left</em>.\n",
    )
    .unwrap();
    std::fs::write(book.join("stories/draft.md"), "Unused draft.\n").unwrap();
    std::fs::write(book.join("stories/.hidden.swp"), "editor file").unwrap();
    // Smart typography (the default) curls straight quotes: nothing to warn about.
    let output = folio(&["check", book.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(!stderr.contains("straight-quotes"), "{stderr}");
    let manifest = std::fs::read_to_string(book.join("book.toml")).unwrap();
    std::fs::write(
        book.join("book.toml"),
        format!("{manifest}\n[typography]\nsmart = false\n"),
    )
    .unwrap();
    let output = folio(&["check", book.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "warnings do not fail a check: {stderr}"
    );
    let expected = [
        "warning[straight-quotes]: a straight quote is left in the text (and 1 more in this file)",
        "stories/valerie-loren.md:3:10",
        "3 | She said \"no\".  Then <em>left</em>.\n  |          ^\n",
        "warning[double-space]",
        "stories/valerie-loren.md:3:15",
        "warning[raw-html]",
        "stories/valerie-loren.md:3:22",
        "warning[unused-file]: no [[stories]] entry in book.toml uses this file",
        "stories/draft.md",
        "= help: add an entry with file = \"stories/draft.md\"",
    ];
    for e in expected {
        assert!(stderr.contains(e), "`{e}` in\n{stderr}");
    }
    assert!(!stderr.contains(".hidden"), "{stderr}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("7 warnings"), "{stdout}");
    assert!(!book.join("build").exists());
}

#[test]
fn check_quiet_prints_only_errors() {
    let book = sample_book_copy("lints-quiet");
    std::fs::write(book.join("stories/draft.md"), "Unused draft.\n").unwrap();
    let output = folio(&["check", book.to_str().unwrap(), "--quiet"]);
    assert!(output.status.success());
    assert!(output.stderr.is_empty() && output.stdout.is_empty());
}

#[test]
fn a_language_without_hyphenation_patterns_is_warned_once_by_check_and_build() {
    let book = sample_book_copy("no-hyphenation");
    let manifest = std::fs::read_to_string(book.join("book.toml"))
        .unwrap()
        .replace(
            "title = \"Valérie Loren\"",
            "title = \"Valérie Loren\"\nlanguage = \"ro\"",
        )
        .replace(
            "title = \"Valérie Michalska\"",
            "title = \"Valérie Michalska\"\nlanguage = \"ro-MD\"",
        )
        // Vietnamese breaks no words by tradition: nothing to warn about.
        .replace(
            "title = \"Valérie Mastroianni\"",
            "title = \"Valérie Mastroianni\"\nlanguage = \"vi\"",
        );
    std::fs::write(book.join("book.toml"), &manifest).unwrap();
    let line = manifest
        .lines()
        .position(|l| l == "language = \"ro\"")
        .unwrap()
        + 1;
    let warning = "warning[no-hyphenation]: no hyphenation patterns for Romanian (`ro`): \
                   its words are never broken at a line end in the PDF";
    let output = folio(&["check", book.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert_eq!(
        stderr.matches("warning[no-hyphenation]").count(),
        1,
        "{stderr}"
    );
    assert!(stderr.contains(warning), "{stderr}");
    assert!(
        stderr.contains(&format!("book.toml:{line}:12")),
        "points at the story's language: {stderr}"
    );
    assert!(
        stderr.contains("set `hyphenate = false` under [output.pdf]"),
        "{stderr}"
    );
    let out = scratch("no-hyphenation-out");
    let output = build(&book, &out, &["--pdf"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert_eq!(stderr.matches(warning).count(), 1, "{stderr}");
    // Without hyphenation there is nothing to warn about.
    let output = build(&book, &out, &["--set", "output.pdf.hyphenate=false"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(!stderr.contains("no-hyphenation"), "{stderr}");
}
