//! The command line: reproducible builds, reordering, bad manifests, exit codes.

use std::path::Path;

use crate::common;
use crate::common::*;

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// Asserts that the sample's EPUB and PDF in `a` and `b` are the same bytes.
fn assert_same_outputs(a: &Path, b: &Path, builds: &str) {
    for name in ["three-valeries.epub", "three-valeries.pdf"] {
        let (x, y) = (
            std::fs::read(a.join(name)).unwrap(),
            std::fs::read(b.join(name)).unwrap(),
        );
        assert!(x == y, "{name} differs between {builds}");
    }
}

#[test]
fn two_builds_of_the_same_sources_are_byte_identical() {
    let book = sample_book_copy("reproducible");
    let (a, b) = (book.join("a"), book.join("b"));
    build_ok(&book, &a, &[]);
    build_ok(&book, &b, &[]);
    assert_same_outputs(&a, &b, "two builds");
}

/// The flow's workers take stories as they come free, so which worker sets which
/// story depends on the threads; what they learn (the text a glyph copies as, the
/// words broken by force) merges in book order. One thread or four: the same bytes,
/// with an é typed two ways in two stories (one glyph, two texts) and a word too
/// wide for the line in each.
#[test]
fn builds_on_one_thread_or_four_are_byte_identical() {
    let book = sample_book_copy("threads");
    let stories = book.join("stories");
    for (file, e_acute) in [
        ("valerie-loren.md", "e\u{301}"),
        ("valerie-michalska.md", "\u{e9}"),
    ] {
        let path = stories.join(file);
        let mut text = std::fs::read_to_string(&path).unwrap();
        text.push_str(&format!(
            "\n\nA caf{e_acute} of {}.\n",
            "unbreakablewordwithoutanyplacetobreak".repeat(3)
        ));
        std::fs::write(&path, text).unwrap();
    }
    let build = |threads: &str| {
        let out = book.join(format!("out-{threads}"));
        let (book, dir) = (book.to_str().unwrap(), out.to_str().unwrap());
        let args = ["build", book, "--out", dir, "--quiet"];
        let output = folio_env(&args, &[("RAYON_NUM_THREADS", threads)]);
        assert!(output.status.success(), "{output:?}");
        out
    };
    assert_same_outputs(&build("1"), &build("4"), "one thread and four");
}

#[test]
fn source_date_epoch_changes_the_stamp_and_nothing_is_random() {
    let book = sample_book_copy("epoch");
    let out = book.join("out");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_folio"))
        .args([
            "build",
            book.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--epub",
            "--quiet",
        ])
        .env("SOURCE_DATE_EPOCH", "1800000000")
        .output()
        .unwrap();
    assert!(output.status.success());
    let opf = zip_entry(&out.join("three-valeries.epub"), "OEBPS/content.opf");
    assert!(opf.contains("2027-01-15T08:00:00Z"), "{opf}");
}

#[test]
fn reordering_the_manifest_reorders_spine_nav_pdf_pages_and_bookmarks() {
    let book = sample_book_copy("reorder");
    let manifest = std::fs::read_to_string(book.join("book.toml")).unwrap();
    // Move the first [[stories]] entry to the end.
    let start = manifest.find("[[stories]]").unwrap();
    let end = manifest[start + 1..].find("[[stories]]").unwrap() + start + 1;
    let first = manifest[start..end].to_string();
    let rest = manifest[end..].replacen("[output.epub]", &format!("{first}[output.epub]"), 1);
    let reordered = format!("{}{}", &manifest[..start], rest);
    std::fs::write(book.join("book.toml"), &reordered).unwrap();
    let expected = ["Valérie Loren", "Valérie Michalska", "Valérie Mastroianni"];

    let out = book.join("out");
    build_ok(&book, &out, &[]);
    let epub = out.join("three-valeries.epub");
    let nav = zip_entry(&epub, "OEBPS/nav.xhtml");
    let positions: Vec<usize> = expected
        .iter()
        .map(|t| nav.find(&format!(">{t}<")).unwrap())
        .collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "nav order: {nav}"
    );
    // The spine reads story files in order; each file holds the story's title.
    let opf = zip_entry(&epub, "OEBPS/content.opf");
    let spine: Vec<String> = opf
        .split("<itemref idref=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap().to_string())
        .filter_map(|id| id.strip_prefix("id_").map(str::to_string))
        .filter(|file| file.starts_with("story"))
        .collect();
    assert_eq!(spine.len(), 3);
    for (id, title) in spine.iter().zip(expected) {
        let file = format!("OEBPS/{id}");
        assert!(
            zip_entry(&epub, &file).contains(&format!("<title>{title}</title>")),
            "{file} should be {title}"
        );
    }
    if let Some((errors, warnings, report)) = epubcheck(&epub) {
        assert_eq!((errors, warnings), (0, 0), "{report}");
    }

    let pdf = out.join("three-valeries.pdf");
    if let Some(text) = pdf_text(&pdf) {
        // Story titles appear on their openers in the new order (after the contents page).
        let body = &text[text.find("Valérie Michalska").unwrap()..];
        let words = words(body);
        let mut at = 0;
        for title in expected {
            at = find_in_order(&words, &common::words(title), at).unwrap();
        }
    }
    let doc = lopdf::Document::load(&pdf).unwrap();
    let outline_titles: Vec<String> = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.has(b"Parent") && d.has(b"Dest"))
        .filter_map(|d| {
            d.get(b"Title")
                .ok()
                .and_then(|t| lopdf::decode_text_string(t).ok())
        })
        .filter(|t| t.starts_with("Valérie"))
        .collect();
    assert_eq!(outline_titles.len(), 3, "{outline_titles:?}");
    // Objects are unordered; follow the chain from the parent instead.
    let stories_parent = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .find(|d| {
            d.get(b"Title")
                .ok()
                .and_then(|t| lopdf::decode_text_string(t).ok())
                .as_deref()
                == Some("Stories")
        })
        .unwrap();
    let mut item = doc
        .get_dictionary(
            stories_parent
                .get(b"First")
                .unwrap()
                .as_reference()
                .unwrap(),
        )
        .unwrap();
    let mut chain = Vec::new();
    loop {
        chain.push(lopdf::decode_text_string(item.get(b"Title").unwrap()).unwrap());
        match item.get(b"Next") {
            Ok(next) => item = doc.get_dictionary(next.as_reference().unwrap()).unwrap(),
            Err(_) => break,
        }
    }
    assert_eq!(chain, expected);
}

#[test]
fn check_validates_and_writes_nothing() {
    let book = sample_book_copy("check");
    let output = folio(&["check", book.to_str().unwrap()]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(!book.join("build").exists());
    std::fs::write(book.join("stories/valerie-loren.md"), b"caf\xe9\n").unwrap();
    let output = folio(&["check", book.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("valerie-loren.md:1:4") && stderr.contains("UTF-8"),
        "{stderr}"
    );
}

#[test]
fn a_usage_error_exits_with_2() {
    let output = folio(&["build", "--no-such-flag"]);
    assert_eq!(output.status.code(), Some(2));
    let output = folio(&["frobnicate"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn default_output_goes_to_build_named_after_the_title() {
    let book = sample_book_copy("default-out");
    let output = folio(&["build", book.to_str().unwrap(), "--pdf", "--quiet"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(files_in(&book.join("build")), vec!["three-valeries.pdf"]);
}

#[test]
fn a_build_reports_its_stages_and_each_story_typeset() {
    use folio::build::{build_with_progress, BuildOptions, Stage};
    use std::sync::Mutex;
    let book = sample_book_copy("progress");
    let options = BuildOptions {
        book_dir: book.clone(),
        out_dir: Some(book.join("out")),
        formats: Vec::new(),
        source_date_epoch: Some(0),
        overrides: Default::default(),
        preview: false,
    };
    let seen = Mutex::new(Vec::new());
    build_with_progress(&options, &|stage| seen.lock().unwrap().push(stage)).unwrap();
    let seen = seen.into_inner().unwrap();
    assert_eq!(seen.first(), Some(&Stage::Reading));
    assert_eq!(seen.last(), Some(&Stage::Writing));
    let mut typeset: Vec<(usize, usize)> = seen
        .iter()
        .filter_map(|s| match s {
            Stage::Typesetting {
                stories_done,
                stories,
            } => Some((*stories_done, *stories)),
            _ => None,
        })
        .collect();
    typeset.sort();
    assert_eq!(typeset, vec![(1, 3), (2, 3), (3, 3)], "{seen:?}");
}

/// Run only by `a_missing_tool_is_a_visible_skip_and_a_failure_when_required`, in a
/// child process whose PATH holds no tools: each check must skip, loudly.
#[test]
#[ignore = "a probe run by a_missing_tool_is_a_visible_skip_and_a_failure_when_required"]
fn tool_probe() {
    let missing = Path::new("/nonexistent/book.epub");
    assert!(epubcheck(missing).is_none());
    assert!(pdf_text(Path::new("/nonexistent/book.pdf")).is_none());
    assert!(qpdf_check(Path::new("/nonexistent/book.pdf")).is_none());
    assert!(ace(missing).is_none());
}

fn run_tool_probe(envs: &[(&str, &str)], require: bool) -> std::process::Output {
    let mut probe = std::process::Command::new(std::env::current_exe().unwrap());
    probe
        .args([
            "--ignored",
            "--exact",
            "cli::tool_probe",
            "--test-threads=1",
        ])
        .env_remove("FOLIO_REQUIRE_TOOLS")
        .env_remove("EPUBCHECK_JAR");
    if require {
        probe.env("FOLIO_REQUIRE_TOOLS", "1");
    }
    for (key, value) in envs {
        probe.env(key, value);
    }
    probe.output().expect("the test binary runs itself")
}

#[test]
fn a_missing_tool_is_a_visible_skip_and_a_failure_when_required() {
    // No `--nocapture`: the notice must reach the terminal past the harness.
    let empty = scratch("no-tools");
    std::fs::create_dir_all(&empty).unwrap();
    let path = empty.to_str().unwrap();
    let output = run_tool_probe(&[("PATH", path)], false);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "skips are not failures: {stderr}");
    for tool in [
        "`java`",
        "`epubcheck",
        "`pdftotext",
        "`qpdf`",
        "`ace-puppeteer",
    ] {
        assert!(
            stderr.contains(&format!("SKIPPED in cli::tool_probe: {tool}")),
            "no visible SKIPPED line for {tool}: {stderr}"
        );
    }

    let required = run_tool_probe(&[("PATH", path)], true);
    assert!(
        !required.status.success(),
        "FOLIO_REQUIRE_TOOLS=1 turns a missing tool into a failure"
    );

    // A wrong EPUBCHECK_JAR is a clear skip naming the variable, not a panic.
    let wrong_jar = run_tool_probe(&[("EPUBCHECK_JAR", "/nonexistent/epubcheck.jar")], false);
    let stderr = String::from_utf8_lossy(&wrong_jar.stderr);
    assert!(
        stderr.contains("EPUBCHECK_JAR=/nonexistent/epubcheck.jar"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

fn set_modified(path: &Path, unix: u64) {
    let time = std::time::UNIX_EPOCH + std::time::Duration::from_secs(unix);
    std::fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(time)
        .unwrap();
}

fn every_file(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(every_file(&path));
        } else {
            files.push(path);
        }
    }
    files
}

#[test]
fn without_source_date_epoch_builds_are_identical_and_dated_by_the_newest_source() {
    let book = sample_book_copy("no-sde");
    for file in every_file(&book) {
        set_modified(&file, 1_600_000_000);
    }
    set_modified(&book.join("stories/valerie-loren.md"), 1_650_000_000);
    let build_without_epoch = |out: &str| {
        let out = book.join(out);
        let started = std::time::SystemTime::now();
        let output = output_within(
            std::process::Command::new(folio_bin())
                .args(["build", book.to_str().unwrap(), "--out"])
                .arg(&out)
                .arg("--quiet")
                .env_remove("SOURCE_DATE_EPOCH"),
            folio_time_limit(),
        );
        assert!(output.status.success(), "{output:?}");
        validate_outputs(&out, started);
        out
    };
    let (first, second) = (build_without_epoch("one"), build_without_epoch("two"));
    for name in ["three-valeries.epub", "three-valeries.pdf"] {
        let a = std::fs::read(first.join(name)).unwrap();
        let b = std::fs::read(second.join(name)).unwrap();
        assert!(
            a == b,
            "{name} differs between two builds of the same files"
        );
    }
    // 1,650,000,000 s is 2022-04-15 05:20:00 UTC: the story's time, not the build's.
    let opf = zip_entry(&first.join("three-valeries.epub"), "OEBPS/content.opf");
    assert!(
        opf.contains("<meta property=\"dcterms:modified\">2022-04-15T05:20:00Z</meta>"),
        "{opf}"
    );
    let pdf = std::fs::read(first.join("three-valeries.pdf")).unwrap();
    assert!(
        pdf.windows(14).any(|w| w == b"20220415052000"),
        "the PDF's dates are the newest source's"
    );
}

#[test]
fn a_rebuild_replaces_the_outputs_whole_and_never_writes_into_the_old_file() {
    // Outputs are written to a temporary file and renamed over the old one, so a
    // reader holding the old file (here a hard link to it) keeps it intact.
    let book = sample_book_copy("atomic");
    let out = book.join("out");
    build_ok(&book, &out, &[]);
    for name in ["three-valeries.epub", "three-valeries.pdf"] {
        std::fs::hard_link(out.join(name), out.join(format!("held-{name}"))).unwrap();
    }
    let before: Vec<Vec<u8>> = ["epub", "pdf"]
        .iter()
        .map(|ext| std::fs::read(out.join(format!("three-valeries.{ext}"))).unwrap())
        .collect();
    let story = book.join("stories/valerie-loren.md");
    let text = std::fs::read_to_string(&story).unwrap();
    std::fs::write(&story, text.replace("elegance", "grace")).unwrap();
    build_ok(&book, &out, &[]);
    for (ext, old) in ["epub", "pdf"].iter().zip(&before) {
        let new = std::fs::read(out.join(format!("three-valeries.{ext}"))).unwrap();
        let held = std::fs::read(out.join(format!("held-three-valeries.{ext}"))).unwrap();
        assert!(&new != old, "the {ext} was rebuilt with the edit");
        assert!(&held == old, "the old {ext} was written into, not replaced");
    }
}
