//! `folio check`: lints in the rustc style, nothing written.

use crate::common::*;

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

/// A way to produce each diagnostic code, on a copy of the sample book.
type Setup = fn(&std::path::Path);

fn story(book: &std::path::Path, text: &[u8]) {
    std::fs::write(book.join("stories/valerie-loren.md"), text).unwrap();
}

fn append_manifest(book: &std::path::Path, text: &str) {
    let manifest = std::fs::read_to_string(book.join("book.toml")).unwrap();
    std::fs::write(book.join("book.toml"), format!("{manifest}\n{text}")).unwrap();
}

const DIAGNOSTIC_CASES: &[(&str, &str, Setup)] = &[
    ("manifest", "error", |b| {
        append_manifest(b, "[typography]\nsmrt = true\n")
    }),
    ("story", "error", |b| story(b, b"\xff\xfe not UTF-8\n")),
    ("story (script)", "error", |b| {
        story(b, "\u{645}\u{631}\u{62d}\u{628}\u{627}\n".as_bytes())
    }),
    ("font", "error", |b| {
        std::fs::remove_dir_all(b.join("fonts")).unwrap()
    }),
    ("missing-glyph", "error", |b| {
        story(b, "A \u{1F600} here.\n".as_bytes())
    }),
    ("unused-file", "warning", |b| {
        std::fs::write(b.join("stories/draft.md"), "Unused.\n").unwrap()
    }),
    ("no-hyphenation", "warning", |b| {
        let manifest = std::fs::read_to_string(b.join("book.toml")).unwrap();
        let manifest = manifest.replacen("language = \"en\"", "language = \"id\"", 1);
        std::fs::write(b.join("book.toml"), manifest).unwrap();
    }),
    ("straight-quotes", "warning", |b| {
        story(b, b"She said \"no\".\n");
        append_manifest(b, "[typography]\nsmart = false\n");
    }),
    ("double-space", "warning", |b| story(b, b"One.  Two.\n")),
    ("raw-html", "warning", |b| {
        story(b, b"Some <em>html</em>.\n")
    }),
    ("unsupported", "warning", |b| story(b, b"~~gone~~ text.\n")),
    ("no-number-words", "warning", |b| {
        let manifest = std::fs::read_to_string(b.join("book.toml")).unwrap();
        let manifest = manifest.replacen(
            "language = \"en\"",
            "language = \"id\"\nnumbering = \"words\"",
            1,
        );
        std::fs::write(b.join("book.toml"), manifest).unwrap();
    }),
    ("image-alt", "warning", |b| {
        image(b);
        story(b, b"Before.\n\n![](leaf.png)\n\nAfter.\n");
    }),
    ("image-resolution", "warning", |b| {
        image(b);
        story(b, b"Before.\n\n![A leaf](leaf.png)\n\nAfter.\n");
        let manifest = std::fs::read_to_string(b.join("book.toml")).unwrap();
        let manifest = manifest.replacen("[output.pdf]", "[output.pdf]\nimage_dpi_min = 100000", 1);
        std::fs::write(b.join("book.toml"), manifest).unwrap();
    }),
    ("gutter-raised", "warning", |b| {
        let manifest = std::fs::read_to_string(b.join("book.toml")).unwrap();
        let manifest = manifest.replacen("[output.pdf]", "[output.pdf]\nprofile = \"ingram\"", 1);
        std::fs::write(b.join("book.toml"), manifest).unwrap();
        append_manifest(b, "[output.pdf.margins]\ninner = \"0.3in\"\n");
    }),
    ("cover-ppi", "warning", |b| {
        // 2400 × 1600 pixels, short of the front panel's 300 ppi.
        let photo = repo_root().join("tests/fixtures/images/photo.jpg");
        std::fs::copy(photo, b.join("stories/photo.jpg")).unwrap();
        let manifest = std::fs::read_to_string(b.join("book.toml")).unwrap();
        let manifest = manifest.replacen("[book]\n", "[book]\ncover = \"stories/photo.jpg\"\n", 1);
        std::fs::write(b.join("book.toml"), manifest).unwrap();
        append_manifest(b, "[output.cover]\n");
    }),
    ("cover-spine", "warning", |b| {
        append_manifest(b, "[output.cover]\nspine = \"Title\"\n");
    }),
    ("font-whole", "warning", |b| {
        // The regular face padded past 4 MB, with no licence beside it to allow a
        // subset: the EPUB embeds it whole.
        let font = b.join("fonts/GentiumBookPlus-Regular.ttf");
        let mut data = std::fs::read(&font).unwrap();
        data.resize(5 * 1024 * 1024, 0);
        std::fs::write(&font, data).unwrap();
        std::fs::remove_file(b.join("fonts/OFL.txt")).unwrap();
    }),
];

/// A small PNG beside the stories.
fn image(book: &std::path::Path) {
    let fixture = repo_root().join("tests/fixtures/images/leaf.png");
    std::fs::copy(fixture, book.join("stories/leaf.png")).unwrap();
}

/// Codes only a build finds (the PDF's layout measures them), not `check`.
const FOUND_BY_BUILD: &[&str] = &[
    "image-resolution",
    "gutter-raised",
    "cover-ppi",
    "cover-spine",
    "font-whole",
];

/// The codes of the README's diagnostics table, as written in its first column.
fn readme_codes() -> Vec<String> {
    let readme = std::fs::read_to_string(repo_root().join("README.md")).unwrap();
    let table = readme
        .split("| code | severity | what |")
        .nth(1)
        .expect("the README has a diagnostics table");
    table
        .lines()
        .skip(2)
        .take_while(|line| line.starts_with('|'))
        .map(|line| line.split('|').nth(1).unwrap().trim().replace('`', ""))
        .collect()
}

#[test]
fn every_code_in_the_readme_diagnostics_table_is_printed_by_the_cli() {
    let documented = readme_codes();
    assert!(documented.len() >= 10, "{documented:?}");
    for code in &documented {
        assert!(
            DIAGNOSTIC_CASES.iter().any(|(c, _, _)| c == code),
            "`{code}` is documented but no case here produces it: add one"
        );
    }
    for (name, severity, setup) in DIAGNOSTIC_CASES {
        assert!(
            documented.contains(&name.to_string()),
            "`{name}` is not in the README's table"
        );
        let book = sample_book_copy("diagnostic");
        setup(&book);
        let code = name.split(' ').next().unwrap();
        let output = if FOUND_BY_BUILD.contains(&code) {
            let only = if code.starts_with("cover-") {
                "--cover"
            } else if code.starts_with("font-") {
                "--epub"
            } else {
                "--pdf"
            };
            build(&book, &book.join("out"), &[only])
        } else {
            folio(&["check", book.to_str().unwrap()])
        };
        let stderr = String::from_utf8_lossy(&output.stderr);
        let line = format!("{severity}[{code}]");
        assert!(stderr.contains(&line), "{name}: `{line}` in\n{stderr}");
        let expected_status = if *severity == "error" { 1 } else { 0 };
        assert_eq!(
            output.status.code(),
            Some(expected_status),
            "{name}: {stderr}"
        );
        // Every diagnostic says where: a path with a line, or the file's name.
        assert!(stderr.contains("-->"), "{name}: no location in\n{stderr}");
    }
}
