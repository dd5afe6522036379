//! `folio serve`: the preview answers on loopback from its route table only, draws
//! the print pages as SVG, links the outputs, renders in a real browser, and tells
//! an open page to reload when an edit has been rebuilt.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::common;
use crate::common::{run, sample_book_copy, tool_available};

/// How long any single wait may take before the test gives up (a safety net on a
/// loaded machine, not a measurement).
const PATIENCE: Duration = Duration::from_secs(180);

/// `folio serve BOOK --port 0`, its output lines on a channel; killed when dropped.
struct Serving {
    child: std::process::Child,
    lines: mpsc::Receiver<String>,
    address: String,
}

impl Serving {
    fn start(book: &Path) -> Serving {
        let started = std::time::SystemTime::now();
        let mut child = Command::new(common::folio_bin())
            .args(["serve", book.to_str().unwrap(), "--port", "0"])
            .env("SOURCE_DATE_EPOCH", common::SOURCE_DATE_EPOCH)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let (tx, lines) = mpsc::channel();
        for stream in [
            Box::new(child.stdout.take().unwrap()) as Box<dyn Read + Send>,
            Box::new(child.stderr.take().unwrap()),
        ] {
            let tx = tx.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    let _ = tx.send(line);
                }
            });
        }
        let mut serving = Serving {
            child,
            lines,
            address: String::new(),
        };
        let line = serving.wait_for("http://127.0.0.1:");
        let url = &line[line.find("http://").unwrap()..];
        let url = url.split_whitespace().next().unwrap();
        serving.address = url
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_string();
        serving.wait_for("] built ");
        common::validate_outputs(&book.join("build"), started);
        serving
    }

    fn wait_for(&self, needle: &str) -> String {
        loop {
            match self.lines.recv_timeout(PATIENCE) {
                Ok(line) if line.contains(needle) => return line,
                Ok(_) => {}
                Err(e) => panic!("no line with {needle:?} from `folio serve`: {e}"),
            }
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.address)
    }

    /// GET `path` as sent (not normalised): the status and the body.
    fn get(&self, path: &str) -> (u16, Vec<u8>) {
        let mut stream = TcpStream::connect(&self.address).unwrap();
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        write!(
            stream,
            // HTTP/1.0: the whole body, never in chunks.
            "GET {path} HTTP/1.0\r\nHost: {}\r\n\r\n",
            self.address
        )
        .unwrap();
        let mut response = Vec::new();
        stream.read_to_end(&mut response).unwrap();
        let end = response
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("an HTTP head");
        let head = String::from_utf8_lossy(&response[..end]).to_string();
        let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
        assert!(
            !head
                .to_ascii_lowercase()
                .contains("transfer-encoding: chunked"),
            "{head}"
        );
        (status, response[end + 4..].to_vec())
    }

    fn get_text(&self, path: &str) -> String {
        let (status, body) = self.get(path);
        assert_eq!(status, 200, "GET {path}");
        String::from_utf8(body).unwrap()
    }
}

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn built(book: &Path, extension: &str) -> PathBuf {
    book.join("build")
        .join(format!("three-valeries.{extension}"))
}

/// The values of `attribute="…"` in `html`, in order.
fn attributes(html: &str, attribute: &str) -> Vec<String> {
    let key = format!("{attribute}=\"");
    html.match_indices(&key)
        .map(|(at, _)| {
            let rest = &html[at + key.len()..];
            rest[..rest.find('"').unwrap()].to_string()
        })
        .collect()
}

fn page_svgs(serving: &Serving, html: &str) -> Vec<String> {
    let pages: Vec<String> = attributes(html, "src")
        .into_iter()
        .filter(|src| src.starts_with("/page/"))
        .collect();
    assert!(pages.len() > 4, "{pages:?}");
    pages.iter().map(|page| serving.get_text(page)).collect()
}

/// A browser loading the page opens several connections at once and keeps them
/// open; a server that pools connections can leave the last ones unread (the
/// page then waits for an image until the browser gives up, 30 s later).
#[test]
fn many_connections_opened_together_are_all_answered() {
    let book = sample_book_copy("serve-connections");
    let serving = Serving::start(&book);
    let mut open: Vec<TcpStream> = (1..=16)
        .map(|n| {
            let mut stream = TcpStream::connect(&serving.address).unwrap();
            write!(
                stream,
                "GET /page/{} HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n",
                n % 4 + 1
            )
            .unwrap();
            stream
        })
        .collect();
    for (n, stream) in open.iter_mut().enumerate() {
        stream
            .set_read_timeout(Some(Duration::from_secs(20)))
            .unwrap();
        let mut first = [0u8; 12];
        stream
            .read_exact(&mut first)
            .unwrap_or_else(|e| panic!("connection {n} got no answer: {e}"));
        assert!(first.starts_with(b"HTTP/1.1 "), "{first:?}");
    }
}

#[test]
fn serve_answers_with_spreads_downloads_and_nothing_else() {
    let book = sample_book_copy("serve-routes");
    let serving = Serving::start(&book);
    let html = serving.get_text("/");
    assert!(html.contains("href=\"/book.pdf\""), "{html}");
    assert!(html.contains("href=\"/book.epub\""), "{html}");
    assert!(html.contains("new EventSource('/events"), "{html}");
    assert!(html.contains("class=\"spread\""), "{html}");

    // Every page is an SVG; the text pages draw outlined glyphs, each defined once.
    let svgs = page_svgs(&serving, &html);
    if let Some(pdf_pages) = common::pdf_pages(&built(&book, "pdf")) {
        assert_eq!(svgs.len(), pdf_pages.len());
    }
    let text_page = svgs
        .iter()
        .position(|svg| svg.matches("<use ").count() > 200)
        .expect("a page full of text");
    let svg = &svgs[text_page];
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(svg.contains("<path id=\"g0-"), "{}", &svg[..400]);
    let ids = attributes(svg, "id");
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(ids.len(), unique.len(), "a glyph defined twice");
    let scratch = common::scratch("serve-svg");
    let file = scratch.join("page.svg");
    std::fs::write(&file, svg).unwrap();
    if tool_available("python3", Command::new("python3").arg("--version")) {
        let parsed = run(
            "python3",
            &[
                "-c",
                "import sys, xml.etree.ElementTree as E; r = E.parse(sys.argv[1]).getroot(); \
                 print(len(r.findall('.//{http://www.w3.org/2000/svg}use')))",
                file.to_str().unwrap(),
            ],
        );
        assert!(parsed.status.success(), "{parsed:?}");
        let uses: usize = String::from_utf8_lossy(&parsed.stdout)
            .trim()
            .parse()
            .unwrap();
        assert_eq!(uses, svg.matches("<use ").count());
    }

    // The downloads are the files the build wrote, byte for byte.
    for extension in ["pdf", "epub"] {
        let (status, body) = serving.get(&format!("/book.{extension}"));
        assert_eq!(status, 200);
        assert_eq!(body, std::fs::read(built(&book, extension)).unwrap());
    }

    // The ebook's documents, by their names in the zip; its stylesheet beside them.
    let shown = attributes(&html, "src")
        .into_iter()
        .find(|src| src.starts_with("/epub/"))
        .expect("the ebook's text in a frame");
    let document = serving.get_text(&shown);
    assert!(
        document.contains("<?xml") && document.contains("Valérie"),
        "{document}"
    );

    // Nothing else, and no path reaches the file system.
    for path in [
        "/book.toml",
        "/../book.toml",
        "/%2e%2e/book.toml",
        "/epub/../book.toml",
        "/epub/%2e%2e/book.toml",
        "/epub//etc/passwd",
        "/epub/META-INF/../../book.toml",
        "/page/0.svg",
        "/page/9999.svg",
        "/page/../book.toml",
        "/stories/valerie-loren.md",
        "/build/three-valeries.pdf",
    ] {
        assert_eq!(serving.get(path).0, 404, "{path}");
    }
}

#[test]
fn chromium_renders_the_spreads_beside_the_ebook() {
    let chromium = "/usr/bin/chromium";
    if !tool_available("chromium", Command::new(chromium).arg("--version")) {
        return;
    }
    let book = sample_book_copy("serve-chromium");
    let serving = Serving::start(&book);
    let shot = book.join("screenshot.png");
    let output = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            // A bound on the page's loading, should a request stall.
            "--timeout=30000",
            &format!("--screenshot={}", shot.display()),
            "--window-size=1400,1000",
            &serving.url("/"),
        ])
        .output()
        .unwrap();
    assert!(
        shot.is_file(),
        "no screenshot: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let png = std::fs::read(&shot).unwrap();
    assert!(png.starts_with(b"\x89PNG"));
    // A blank or error page compresses to a few kilobytes; spreads of text do not.
    assert!(png.len() > 60_000, "{} bytes", png.len());
    if let Some(keep) = std::env::var_os("FOLIO_SCREENSHOT") {
        std::fs::copy(&shot, keep).unwrap();
    }
}

#[test]
fn an_edit_is_served_and_the_page_told_to_reload() {
    let book = sample_book_copy("serve-edit");
    let serving = Serving::start(&book);
    let html = serving.get_text("/");
    let before = page_svgs(&serving, &html);

    // An open page's event stream, as the page's EventSource opens it.
    let generation = attributes(&html, "data-generation").remove(0);
    let mut events = TcpStream::connect(&serving.address).unwrap();
    events.set_read_timeout(Some(PATIENCE)).unwrap();
    write!(
        events,
        "GET /events?since={generation} HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n"
    )
    .unwrap();
    let (tx, event_lines) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(events).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let next_event = || event_lines.recv_timeout(PATIENCE).expect("an event line");
    assert!(next_event().contains("200"));
    while !next_event().starts_with(": connected") {}

    let word = "Quillwhistle";
    let story = book.join("stories/valerie-loren.md");
    let mut text = std::fs::read_to_string(&story).unwrap();
    text.push_str(&format!("\n\nThen {word} came.\n"));
    let edited = Instant::now();
    std::fs::write(&story, text).unwrap();
    while next_event() != "event: reload" {}
    let reloaded = edited.elapsed();
    assert!(next_event().starts_with("data: "));
    eprintln!("edit → reload event: {reloaded:?}");

    let html = serving.get_text("/");
    let after = page_svgs(&serving, &html);
    assert_ne!(before, after, "the pages were not redrawn");
    let (status, pdf) = serving.get("/book.pdf");
    assert_eq!(status, 200);
    if tool_available("pdftotext", Command::new("pdftotext").arg("-v")) {
        let file = book.join("served.pdf");
        std::fs::write(&file, pdf).unwrap();
        let text = run("pdftotext", &[file.to_str().unwrap(), "-"]);
        assert!(String::from_utf8_lossy(&text.stdout).contains(word));
    }
    let documents: Vec<String> = attributes(&html, "value")
        .into_iter()
        .filter(|v| v.starts_with("/epub/"))
        .collect();
    assert!(
        documents.iter().any(|d| serving.get_text(d).contains(word)),
        "{documents:?}"
    );
}
