//! The edges a new author meets: `clean`, `check --json`, `--json` failures that
//! print only JSON, a folder without book.toml, a mistyped story path, and a
//! summary that says where the files went.

use std::path::{Path, PathBuf};

use crate::common::*;

fn new_book(name: &str) -> PathBuf {
    let dir = scratch(name);
    let output = folio(&["init", dir.to_str().unwrap(), "--quiet"]);
    assert!(output.status.success());
    // The title (and so the outputs' names) is the folder's; make it known.
    let manifest = dir.join("book.toml");
    let toml = std::fs::read_to_string(&manifest).unwrap();
    let line = toml.lines().find(|l| l.starts_with("title = ")).unwrap();
    std::fs::write(&manifest, toml.replacen(line, "title = \"Demo\"", 1)).unwrap();
    dir
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn mistype_first_story(book: &Path) {
    let manifest = book.join("book.toml");
    let toml = std::fs::read_to_string(&manifest).unwrap();
    assert!(toml.contains("stories/01-the-quay.md"));
    std::fs::write(&manifest, toml.replace("01-the-quay.md", "01-the-qay.md")).unwrap();
}

#[test]
fn clean_removes_the_outputs_and_nothing_else() {
    let book = new_book("clean");
    let out = book.join("build");
    build_ok(&book, &out, &[]);
    let (epub, pdf) = (out.join("demo.epub"), out.join("demo.pdf"));
    assert!(epub.is_file() && pdf.is_file());
    let dir = book.to_str().unwrap();

    // Only the PDF with --pdf.
    let output = folio(&["clean", dir, "--pdf"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(text(&output.stdout).contains("removed"));
    assert!(!pdf.exists() && epub.is_file());

    // A file of the author's in the output folder stays, and so does the folder.
    let mine = out.join("notes.txt");
    std::fs::write(&mine, "keep me").unwrap();
    let output = folio(&["clean", dir]);
    assert!(output.status.success());
    assert!(!epub.exists());
    assert_eq!(std::fs::read_to_string(&mine).unwrap(), "keep me");

    // With nothing else in it, the folder goes too; the sources never do.
    std::fs::remove_file(&mine).unwrap();
    build_ok(&book, &out, &[]);
    assert!(folio(&["clean", dir]).status.success());
    assert!(!out.exists());
    assert!(book.join("book.toml").is_file());
    assert!(book.join("stories/01-the-quay.md").is_file());
    let output = folio(&["clean", dir]);
    assert!(output.status.success());
    assert!(text(&output.stdout).contains("nothing to remove"));
}

#[test]
fn check_json_reports_warnings_and_errors() {
    let book = new_book("check-json");
    let dir = book.to_str().unwrap();
    let output = folio(&["check", dir, "--json"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(value["ok"], true);
    assert_eq!(value["title"], "Demo");
    assert_eq!(value["stories"], 2);
    assert!(value["warnings"].is_array());

    mistype_first_story(&book);
    let output = folio(&["check", dir, "--json"]);
    assert_eq!(output.status.code(), Some(1));
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(value["ok"], false);
    assert_eq!(value["errors"][0]["code"], "manifest");
    assert!(value["errors"][0]["line"].as_u64().is_some());
    assert!(output.stderr.is_empty(), "{}", text(&output.stderr));
}

#[test]
fn a_failed_build_with_json_prints_only_json() {
    let book = new_book("build-json-failure");
    mistype_first_story(&book);
    let out = book.join("build");
    let output = build(&book, &out, &["--json"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stderr.is_empty(), "stderr: {}", text(&output.stderr));
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(value["ok"], false);
    assert!(!out.join("demo.pdf").exists());
}

#[test]
fn a_mistyped_story_path_gets_a_suggestion() {
    let book = new_book("did-you-mean-path");
    mistype_first_story(&book);
    let output = folio(&["check", book.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("`stories/01-the-qay.md` does not exist"),
        "{stderr}"
    );
    assert!(
        stderr.contains("did you mean `stories/01-the-quay.md`?"),
        "{stderr}"
    );
    assert!(stderr.contains("book.toml:"), "{stderr}");
}

#[test]
fn a_folder_without_a_manifest_suggests_init() {
    let dir = scratch("no-manifest");
    std::fs::create_dir_all(&dir).unwrap();
    let output = folio(&["build", dir.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(stderr.contains("book.toml"), "{stderr}");
    assert!(stderr.contains("folio init"), "{stderr}");
}

#[test]
fn the_summary_says_where_the_files_went() {
    let book = new_book("summary-folder");
    let out = book.join("elsewhere");
    let output = build(&book, &out, &[]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    let expected = format!("built \"Demo\" into {}/:", out.display());
    assert!(stdout.starts_with(&expected), "{stdout}");
}

#[test]
fn every_wrong_key_is_reported_not_only_the_first() {
    let book = new_book("every-schema-error");
    let manifest = book.join("book.toml");
    let toml = std::fs::read_to_string(&manifest).unwrap();
    let toml = toml
        .replacen("language = \"en\"", "language = \"en\"\ntitel = \"x\"", 1)
        .replacen("smart = true", "smart = \"yes\"\nsmrt = 1", 1);
    std::fs::write(&manifest, toml).unwrap();
    let output = folio(&["check", book.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    for expected in [
        "unknown field `titel`",
        "did you mean `title`?",
        "invalid type: string \"yes\", expected a boolean",
        "unknown field `smrt`",
        "did you mean `smart`?",
    ] {
        assert!(stderr.contains(expected), "`{expected}` in {stderr}");
    }
    assert_eq!(stderr.matches("error[manifest]").count(), 3, "{stderr}");
}

#[test]
fn a_typo_is_matched_to_the_nearest_key_of_its_table() {
    // In `[[front]]`, `kine` is one edit from `kind` and two from `file`.
    let book = new_book("nearest-key");
    let manifest = book.join("book.toml");
    let toml = std::fs::read_to_string(&manifest).unwrap().replacen(
        "\n[[stories]]",
        "\n[[front]]\nkine = \"dedication\"\ntext = \"For A.\"\n\n[[stories]]",
        1,
    );
    std::fs::write(&manifest, toml).unwrap();
    let output = folio(&["check", book.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(stderr.contains("unknown field `kine`"), "{stderr}");
    assert!(stderr.contains("did you mean `kind`?"), "{stderr}");
}
