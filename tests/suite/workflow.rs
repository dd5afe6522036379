//! Overrides (environment and --set), the build summary and --json, and watch.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use crate::common::*;

fn small_book(name: &str) -> std::path::PathBuf {
    let dir = scratch(name);
    let output = folio(&["init", dir.to_str().unwrap(), "--quiet"]);
    assert!(output.status.success());
    dir
}

#[test]
fn set_and_environment_override_manifest_keys() {
    let book = small_book("overrides");
    let out = book.join("out");
    let output = Command::new(env!("CARGO_BIN_EXE_folio"))
        .args([
            "build",
            book.to_str().unwrap(),
            "--epub",
            "--out",
            out.to_str().unwrap(),
        ])
        .args(["--set", "book.subtitle=Second Draft"])
        .env("FOLIO_BOOK__TITLE", "Env Title")
        .env("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let opf = zip_entry(&out.join("env-title.epub"), "OEBPS/content.opf");
    assert!(opf.contains(">Env Title<"), "{opf}");
    // --set wins over the environment.
    let output = Command::new(env!("CARGO_BIN_EXE_folio"))
        .args([
            "check",
            book.to_str().unwrap(),
            "--set",
            "book.title=\"Set Title\"",
        ])
        .env("FOLIO_BOOK__TITLE", "Env Title")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&output.stdout).contains("ok: \"Set Title\""));
    // The manifest itself is untouched.
    let manifest = std::fs::read_to_string(book.join("book.toml")).unwrap();
    assert!(!manifest.contains("Env Title") && !manifest.contains("Second Draft"));
}

#[test]
fn a_bad_override_is_reported_by_key_and_source() {
    let book = small_book("bad-override");
    let output = folio(&["check", book.to_str().unwrap(), "--set", "book.titel=x"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("unknown field `titel`") && stderr.contains("(set by --set book.titel=x)"),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `title`?"), "{stderr}");
    let output = Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(["check", book.to_str().unwrap()])
        .env("FOLIO_OUTPUT__PDF__FONT_SIZE", "\"big\"")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("FOLIO_OUTPUT__PDF__FONT_SIZE") && stderr.contains("invalid type"),
        "{stderr}"
    );
    let output = folio(&["check", book.to_str().unwrap(), "--set", "no-equals-sign"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn build_prints_a_summary_line_and_json() {
    let book = small_book("summary");
    let out = book.join("out");
    let output = build(&book, &out, &[]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success());
    assert!(stdout.starts_with("built \"Summary"), "{stdout}");
    for part in [
        "2 stories",
        "words",
        "pages;",
        "EPUB ",
        "KiB",
        "PDF ",
        " s\n",
    ] {
        assert!(stdout.contains(part), "`{part}` in {stdout}");
    }
    assert!(
        output.stderr.is_empty(),
        "no progress bar when not a terminal"
    );

    let output = build(&book, &out, &["--json"]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("one JSON object");
    assert_eq!(json["ok"], true);
    assert_eq!(json["stories"], 2);
    assert!(json["pdf_pages"].as_u64().unwrap() > 2);
    let sizes: Vec<u64> = json["outputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["bytes"].as_u64().unwrap())
        .collect();
    assert_eq!(sizes.len(), 2);
    let pdf = json["outputs"][1]["path"].as_str().unwrap();
    assert!(pdf.ends_with(".pdf"));
    assert_eq!(sizes[1], std::fs::metadata(pdf).unwrap().len());

    std::fs::write(book.join("stories/01-the-quay.md"), "caf\u{e9} \u{1F600}\n").unwrap();
    let output = build(&book, &out, &["--json"]);
    assert_eq!(output.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("one JSON object");
    assert_eq!(json["ok"], false);
    assert_eq!(json["errors"][0]["code"], "missing-glyph");
    assert_eq!(json["errors"][0]["line"], 1);
    assert_eq!(json["errors"][0]["column"], 6);
}

/// Waits for a line of the child's output containing `needle`, up to a generous
/// timeout (not a timing assertion: only a guard against hanging forever).
fn wait_for(lines: &mpsc::Receiver<String>, needle: &str, seen: &mut Vec<String>) {
    loop {
        match lines.recv_timeout(Duration::from_secs(120)) {
            Ok(line) => {
                seen.push(line.clone());
                if line.contains(needle) {
                    return;
                }
            }
            Err(_) => panic!("no `{needle}` from folio watch; saw {seen:#?}"),
        }
    }
}

/// `folio watch BOOK --epub --out BOOK/out`, its output lines (stdout and stderr)
/// on a channel; killed when dropped.
struct Watching {
    child: std::process::Child,
    lines: mpsc::Receiver<String>,
    seen: Vec<String>,
}

impl Watching {
    fn start(book: &std::path::Path) -> Watching {
        let out = book.join("out");
        let mut child = Command::new(env!("CARGO_BIN_EXE_folio"))
            .args([
                "watch",
                book.to_str().unwrap(),
                "--epub",
                "--out",
                out.to_str().unwrap(),
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let (tx, lines) = mpsc::channel();
        for stream in [
            Box::new(child.stdout.take().unwrap()) as Box<dyn std::io::Read + Send>,
            Box::new(child.stderr.take().unwrap()),
        ] {
            let tx = tx.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    let _ = tx.send(line);
                }
            });
        }
        Watching {
            child,
            lines,
            seen: Vec::new(),
        }
    }

    /// Waits for a line holding `needle` and returns it.
    fn wait_for(&mut self, needle: &str) -> String {
        wait_for(&self.lines, needle, &mut self.seen);
        self.seen.last().unwrap().clone()
    }
}

impl Drop for Watching {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn watch_rebuilds_on_a_change_and_survives_errors() {
    let book = small_book("watch");
    let mut watching = Watching::start(&book);
    let story = book.join("stories/02-the-pear-tree.md");
    let first = watching.wait_for("built \"Watch");
    let words = |line: &str| -> usize {
        let at = line.find(" words").unwrap();
        line[..at].rsplit(' ').next().unwrap().parse().unwrap()
    };
    let before = words(&first);
    let old = std::fs::read_to_string(&story).unwrap();
    let expected = before - old.split_whitespace().count() + 4;
    std::fs::write(&story, "Only four words here.\n").unwrap();
    let rebuilt = watching.wait_for(&format!("{expected} words"));
    // Each rebuild line has a time stamp and the change that caused it.
    assert!(rebuilt.starts_with('['), "{rebuilt}");
    assert!(
        rebuilt.contains("(changed: stories/02-the-pear-tree.md)"),
        "{rebuilt}"
    );
    std::fs::write(&story, "Broken \u{1F600}.\n").unwrap();
    watching.wait_for("still watching");
    std::fs::write(&story, "Fixed in three.\n").unwrap();
    watching.wait_for(&format!("{} words", expected - 1));
    assert!(
        watching.seen.iter().any(|l| l.contains("U+1F600")),
        "{:#?}",
        watching.seen
    );
}

#[test]
fn watch_rebuilds_when_back_matter_or_the_cover_changes() {
    let book = small_book("watch-matter");
    std::fs::create_dir_all(book.join("matter")).unwrap();
    std::fs::write(book.join("matter/afterword.md"), "An afterword.\n").unwrap();
    std::fs::copy(
        repo_root().join("tests/fixtures/cover.jpg"),
        book.join("cover.jpg"),
    )
    .unwrap();
    let manifest = std::fs::read_to_string(book.join("book.toml")).unwrap();
    let manifest = manifest.replacen("[book]\n", "[book]\ncover = \"cover.jpg\"\n", 1)
        + "\n[[back]]\nkind = \"afterword\"\nfile = \"matter/afterword.md\"\n";
    std::fs::write(book.join("book.toml"), manifest).unwrap();
    let mut watching = Watching::start(&book);
    watching.wait_for("built \"Watch");
    std::fs::write(
        book.join("matter/afterword.md"),
        "A longer afterword now.\n",
    )
    .unwrap();
    watching.wait_for("(changed: matter/afterword.md)");
    std::fs::copy(
        repo_root().join("tests/fixtures/cover.png"),
        book.join("cover.jpg"),
    )
    .unwrap();
    watching.wait_for("(changed: cover.jpg)");
}
