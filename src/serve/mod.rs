//! `folio serve`: the watch loop (src/watch.rs) with a preview in the browser. Each
//! build's result becomes a snapshot — the print pages as SVG (drawn by the PDF
//! renderer from the pages it composed), the files written, the diagnostics — that
//! a small HTTP server on loopback shows; a server-sent event tells open pages to
//! reload when a build finishes. Requests are answered from a fixed route table:
//! no part of a request's path ever reaches the file system.

mod http;
mod page;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use crate::build::{BuildOptions, BuildReport};
use crate::error::{Error, Result};
use http::Request;

/// How many ports after the asked one are tried when it is taken.
const PORT_TRIES: u16 = 50;
/// A comment is sent on an idle event stream this often, to notice closed pages.
const KEEPALIVE: Duration = Duration::from_secs(15);

/// What the page shows: the last build's result, the outputs of the last build
/// that succeeded.
#[derive(Default)]
struct Snapshot {
    /// Counts finished builds; the page reloads when it grows.
    generation: u64,
    title: String,
    /// The build's summary line, or that it failed.
    status: String,
    /// Errors and warnings, as the terminal shows them (with file:line).
    diagnostics: String,
    pages: Vec<String>,
    pdf: Option<PathBuf>,
    epub: Option<PathBuf>,
    /// The EPUB's documents, in reading order, by their name in the zip.
    epub_documents: Vec<String>,
}

struct Shared {
    snapshot: Mutex<Snapshot>,
    built: Condvar,
}

/// Binds 127.0.0.1 at `port` (the next free one when taken; 0: any), calls
/// `listening` with the page's URL, then builds and rebuilds as `watch` does,
/// calling `report` for each build as well.
pub fn serve(
    options: &BuildOptions,
    port: u16,
    listening: impl FnOnce(&str),
    mut report: impl FnMut(&Result<BuildReport>, Duration, &[PathBuf]),
) -> Result<()> {
    let (server, address) = bind(port).map_err(|e| {
        Error::io(
            &options.book_dir,
            std::io::Error::other(format!("cannot serve the preview: {e}")),
        )
    })?;
    let shared = Arc::new(Shared {
        snapshot: Mutex::new(Snapshot::default()),
        built: Condvar::new(),
    });
    {
        let shared = shared.clone();
        std::thread::spawn(move || http::run(server, Arc::new(move |r| answer(r, &shared))));
    }
    listening(&format!("http://{address}/"));
    let options = BuildOptions {
        preview: true,
        ..options.clone()
    };
    crate::watch::watch(&options, |result, elapsed, changed| {
        // The page shows the build before the terminal says it is done, so that
        // whoever reads the line and loads the page sees this build.
        let mut snapshot = shared.snapshot.lock().unwrap_or_else(|e| e.into_inner());
        update(&mut snapshot, result, elapsed);
        drop(snapshot);
        shared.built.notify_all();
        report(result, elapsed, changed);
    })
}

fn bind(port: u16) -> std::result::Result<(TcpListener, SocketAddr), String> {
    let last = if port == 0 {
        0
    } else {
        port.saturating_add(PORT_TRIES)
    };
    let mut problem = String::new();
    for port in port..=last {
        match http::bind(port) {
            Ok(bound) => return Ok(bound),
            Err(e) => problem = e.to_string(),
        }
    }
    Err(format!("no free port from {port} to {last}: {problem}"))
}

fn update(snapshot: &mut Snapshot, result: &Result<BuildReport>, elapsed: Duration) {
    snapshot.generation += 1;
    match result {
        Ok(report) => {
            snapshot.title = report.title.clone();
            snapshot.status = crate::summary::line(report, elapsed);
            snapshot.diagnostics = report
                .warnings
                .iter()
                .map(crate::report::render_lint)
                .collect();
            snapshot.pages = report.preview.clone();
            let path = |format: &str| {
                report
                    .outputs
                    .iter()
                    .find(|o| o.format == format)
                    .map(|o| o.path.clone())
            };
            snapshot.pdf = path("pdf");
            snapshot.epub = path("epub");
            snapshot.epub_documents = snapshot
                .epub
                .as_deref()
                .and_then(|p| page::reading_order(p).ok())
                .unwrap_or_default();
        }
        Err(error) => {
            // The last good outputs stay on show, under the errors.
            snapshot.status = "the build failed; fix the problem and save to rebuild".into();
            snapshot.diagnostics = crate::report::render_error(error);
        }
    }
}

/// The route table.
fn answer(request: Request, shared: &Shared) {
    if !matches!(request.method.as_str(), "GET" | "HEAD") {
        return request.respond(405, "text/plain", b"only GET\n");
    }
    let url = request.target.clone();
    let (path, query) = url.split_once('?').unwrap_or((&url, ""));
    if path == "/events" {
        let since = query
            .split('&')
            .find_map(|pair| pair.strip_prefix("since="))
            .and_then(|n| n.parse().ok());
        return events(request, shared, since);
    }
    let snapshot = shared.snapshot.lock().unwrap_or_else(|e| e.into_inner());
    let found: Option<(&str, Vec<u8>)> = match path {
        "/" => Some((
            "text/html; charset=utf-8",
            page::html(&snapshot).into_bytes(),
        )),
        "/book.pdf" => file(snapshot.pdf.as_deref()).map(|b| ("application/pdf", b)),
        "/book.epub" => file(snapshot.epub.as_deref()).map(|b| ("application/epub+zip", b)),
        _ => {
            if let Some(number) = path
                .strip_prefix("/page/")
                .and_then(|p| p.strip_suffix(".svg"))
            {
                number
                    .parse::<usize>()
                    .ok()
                    .and_then(|n| snapshot.pages.get(n.checked_sub(1)?))
                    .map(|svg| ("image/svg+xml", svg.clone().into_bytes()))
            } else if let Some(name) = path.strip_prefix("/epub/") {
                snapshot
                    .epub
                    .as_deref()
                    .and_then(|epub| page::epub_entry(epub, name))
            } else {
                None
            }
        }
    };
    drop(snapshot);
    match found {
        Some((content_type, body)) => request.respond(200, content_type, &body),
        None => request.respond(404, "text/plain", b"not found\n"),
    }
}

/// An output the build wrote (its path comes from the build, never the request).
fn file(path: Option<&Path>) -> Option<Vec<u8>> {
    let mut bytes = Vec::new();
    std::fs::File::open(path?)
        .ok()?
        .read_to_end(&mut bytes)
        .ok()?;
    Some(bytes)
}

/// The event stream: a `reload` event each time a build finishes after `since`
/// (the build the page shows), until the page goes away.
fn events(request: Request, shared: &Shared, since: Option<u64>) {
    let mut seen = match since {
        Some(since) => since,
        None => shared.snapshot.lock().map_or(0, |s| s.generation),
    };
    let Ok(mut stream) = request.into_stream("text/event-stream") else {
        return;
    };
    if stream
        .write_all(b": connected\n\n")
        .and_then(|_| stream.flush())
        .is_err()
    {
        return;
    }
    loop {
        let snapshot = shared.snapshot.lock().unwrap_or_else(|e| e.into_inner());
        let (snapshot, _) = shared
            .built
            .wait_timeout_while(snapshot, KEEPALIVE, |s| s.generation <= seen)
            .unwrap_or_else(|e| e.into_inner());
        let generation = snapshot.generation;
        drop(snapshot);
        let message = if generation > seen {
            seen = generation;
            format!("event: reload\ndata: {generation}\n\n")
        } else {
            ": still here\n\n".to_string()
        };
        if stream
            .write_all(message.as_bytes())
            .and_then(|_| stream.flush())
            .is_err()
        {
            return;
        }
    }
}
