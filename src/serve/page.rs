//! The preview page (the print book as facing spreads beside the ebook's text, the
//! last build's problems, the downloads) and what it reads from the built EPUB.

use std::path::Path;

use super::Snapshot;
use crate::xml::escape;

const STYLE: &str = "
body { margin: 0; font: 15px/1.4 system-ui, sans-serif; background: #e8e6e1; color: #222 }
header { display: flex; gap: 1.5em; align-items: baseline; padding: .6em 1em; background: #fff;
  border-bottom: 1px solid #ccc; position: sticky; top: 0; z-index: 1 }
header h1 { font-size: 1.1em; margin: 0 }
header .status { color: #555; flex: 1 }
#problems { margin: 0; padding: .8em 1em; background: #fff4f0; border-bottom: 1px solid #e0b0a0;
  white-space: pre-wrap; font: 12px/1.35 ui-monospace, monospace; max-height: 30vh; overflow: auto }
main { display: flex; gap: 1em; padding: 1em; align-items: flex-start }
.print { flex: 3; display: flex; flex-direction: column; gap: 1em; align-items: center }
.spread { display: flex; width: 100%; justify-content: center }
.spread img { scroll-margin-top: 4em; height: auto }
.spread img, .spread .empty { width: 50%; max-width: 340px; box-shadow: 0 1px 4px #0004; background: #fff }
.spread .empty { visibility: hidden }
.ebook { flex: 2; position: sticky; top: 3.5em; display: flex; flex-direction: column; gap: .4em }
.ebook iframe { width: 100%; height: calc(100vh - 7em); border: 1px solid #bbb; background: #fff }
";

const SCRIPT: &str = "
const y = sessionStorage.getItem('folio-scroll');
if (y !== null) { sessionStorage.removeItem('folio-scroll'); window.scrollTo(0, +y); }
const ebook = document.getElementById('ebook');
const chooser = document.getElementById('chooser');
if (chooser) {
  const kept = sessionStorage.getItem('folio-doc');
  if (kept && [...chooser.options].some(o => o.value === kept)) { chooser.value = kept; ebook.src = kept; }
  chooser.onchange = () => { ebook.src = chooser.value; sessionStorage.setItem('folio-doc', chooser.value); };
}
// Subscribed once the page has loaded: the open stream must not hold one of the
// browser's few connections to this host while the pages are still loading.
window.addEventListener('load', () => {
  new EventSource('/events?since=' + document.body.dataset.generation).addEventListener('reload', () => {
    sessionStorage.setItem('folio-scroll', String(window.scrollY));
    location.reload();
  });
});
";

/// The whole page for this snapshot.
pub(super) fn html(snapshot: &Snapshot) -> String {
    let generation = snapshot.generation;
    let title = if snapshot.title.is_empty() {
        "Folio preview".to_string()
    } else {
        snapshot.title.clone()
    };
    let status = if generation == 0 {
        "building…"
    } else {
        &snapshot.status
    };
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>{t} · Folio preview</title><style>{STYLE}</style></head>\n\
         <body data-generation=\"{generation}\"><header><h1>{t}</h1><span class=\"status\">{s}</span>",
        t = escape(&title),
        s = escape(status)
    );
    for (present, href, label) in [
        (snapshot.pdf.is_some(), "/book.pdf", "PDF"),
        (snapshot.epub.is_some(), "/book.epub", "EPUB"),
    ] {
        let file = match label {
            "PDF" => snapshot.pdf.as_deref(),
            _ => snapshot.epub.as_deref(),
        };
        let name = file
            .and_then(Path::file_name)
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if present {
            out.push_str(&format!(
                "<a href=\"{href}\" download=\"{}\">Download the {label}</a>",
                escape(&name)
            ));
        }
    }
    out.push_str("</header>\n");
    if !snapshot.diagnostics.is_empty() {
        out.push_str(&format!(
            "<pre id=\"problems\">{}</pre>\n",
            escape(&snapshot.diagnostics)
        ));
    }
    out.push_str("<main><section class=\"print\" aria-label=\"The print book\">\n");
    // The first page is a recto: alone on the right, then pages two by two.
    let pages = snapshot.pages.len();
    // The page's size, so the layout stands before the images load (an address
    // like `/#page-14` lands on its spread).
    let size = snapshot.pages.first().and_then(|svg| page_size(svg));
    let size = size.map_or(String::new(), |(w, h)| {
        format!(" width=\"{w}\" height=\"{h}\"")
    });
    let mut spreads: Vec<[Option<usize>; 2]> = Vec::new();
    if pages > 0 {
        spreads.push([None, Some(0)]);
    }
    for left in (1..pages).step_by(2) {
        spreads.push([Some(left), Some(left + 1).filter(|&p| p < pages)]);
    }
    for spread in spreads {
        out.push_str("<div class=\"spread\">");
        for page in spread {
            match page {
                Some(p) => out.push_str(&format!(
                    "<img id=\"page-{n}\" src=\"/page/{n}.svg?v={generation}\" alt=\"page {n}\"{size}{lazy}>",
                    n = p + 1,
                    lazy = if p > 8 { " loading=\"lazy\"" } else { "" }
                )),
                None => out.push_str("<div class=\"empty\"></div>"),
            }
        }
        out.push_str("</div>\n");
    }
    out.push_str("</section>\n<section class=\"ebook\" aria-label=\"The ebook\">");
    if let Some(shown) = first_story(&snapshot.epub_documents) {
        out.push_str("<select id=\"chooser\" aria-label=\"The ebook's document\">");
        for document in &snapshot.epub_documents {
            let href = format!("/epub/{document}");
            out.push_str(&format!(
                "<option value=\"{h}\"{s}>{d}</option>",
                h = escape(&href),
                s = if document == shown { " selected" } else { "" },
                d = escape(document)
            ));
        }
        out.push_str(&format!(
            "</select><iframe id=\"ebook\" title=\"The ebook's text\" src=\"/epub/{}\"></iframe>",
            escape(shown)
        ));
    }
    out.push_str(&format!(
        "</section></main>\n<script>{SCRIPT}</script></body></html>\n"
    ));
    out
}

/// Width and height of a page drawn by `page_svgs`, from its view box.
fn page_size(svg: &str) -> Option<(String, String)> {
    let start = svg.find("viewBox=\"0 0 ")? + "viewBox=\"0 0 ".len();
    let end = svg[start..].find('"')? + start;
    let (w, h) = svg[start..end].split_once(' ')?;
    Some((w.to_string(), h.to_string()))
}

/// The first story's document (Folio names them `story-NNN.xhtml`), else the first.
fn first_story(documents: &[String]) -> Option<&String> {
    documents
        .iter()
        .find(|d| {
            d.rsplit('/')
                .next()
                .is_some_and(|name| name.starts_with("story-"))
        })
        .or(documents.first())
}

/// The EPUB's documents in reading order (its package's spine), by their names in
/// the zip.
pub(super) fn reading_order(epub: &Path) -> std::io::Result<Vec<String>> {
    let mut zip =
        zip::ZipArchive::new(std::fs::File::open(epub)?).map_err(std::io::Error::other)?;
    let names: Vec<String> = zip.file_names().map(str::to_string).collect();
    let read = |zip: &mut zip::ZipArchive<std::fs::File>, name: &str| -> Option<String> {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(name).ok()?, &mut text).ok()?;
        Some(text)
    };
    let container = read(&mut zip, "META-INF/container.xml").unwrap_or_default();
    let Some(opf_name) = attribute_values(&container, "rootfile", "full-path")
        .into_iter()
        .next()
    else {
        return Ok(Vec::new());
    };
    let opf = read(&mut zip, &opf_name).unwrap_or_default();
    let base = opf_name.rsplit_once('/').map_or("", |(dir, _)| dir);
    let ids = attribute_values(&opf, "item", "id");
    let hrefs = attribute_values(&opf, "item", "href");
    let mut order = Vec::new();
    for idref in attribute_values(&opf, "itemref", "idref") {
        let Some(at) = ids.iter().position(|id| *id == idref) else {
            continue;
        };
        let Some(href) = hrefs.get(at) else { continue };
        let name = if base.is_empty() {
            href.clone()
        } else {
            format!("{base}/{href}")
        };
        if names.contains(&name) {
            order.push(name);
        }
    }
    Ok(order)
}

/// The values of `attribute` on each `<element …>` in order (a rough reading, enough
/// for the package files Folio writes itself).
fn attribute_values(xml: &str, element: &str, attribute: &str) -> Vec<String> {
    let open = format!("<{element} ");
    let key = format!(" {attribute}=\"");
    xml.match_indices(&open)
        .filter_map(|(at, _)| {
            let tag = &xml[at..at + xml[at..].find('>')?];
            let start = tag.find(&key)? + key.len();
            let end = tag[start..].find('"')? + start;
            Some(tag[start..end].to_string())
        })
        .collect()
}

/// A file of the EPUB by its name in the zip, if the zip lists it, with its type.
pub(super) fn epub_entry(epub: &Path, name: &str) -> Option<(&'static str, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(epub).ok()?).ok()?;
    if !zip.file_names().any(|listed| listed == name) {
        return None;
    }
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut zip.by_name(name).ok()?, &mut bytes).ok()?;
    let extension = name.rsplit_once('.').map_or("", |(_, e)| e);
    let content_type = match extension.to_ascii_lowercase().as_str() {
        "xhtml" | "html" => "application/xhtml+xml",
        "css" => "text/css",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "svg" => "image/svg+xml",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "opf" | "xml" | "ncx" => "application/xml",
        _ => "application/octet-stream",
    };
    Some((content_type, bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_are_read_in_order() {
        let opf = r#"<item id="a" href="x.xhtml"/><item href="y.css" id="b"/><itemref idref="a"/>"#;
        assert_eq!(attribute_values(opf, "item", "id"), ["a", "b"]);
        assert_eq!(attribute_values(opf, "item", "href"), ["x.xhtml", "y.css"]);
        assert_eq!(attribute_values(opf, "itemref", "idref"), ["a"]);
    }

    #[test]
    fn the_ebook_opens_on_the_first_story() {
        let documents: Vec<String> = [
            "OEBPS/titlepage.xhtml",
            "OEBPS/story-001.xhtml",
            "OEBPS/story-002.xhtml",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(first_story(&documents).unwrap(), "OEBPS/story-001.xhtml");
    }
}
