//! Re-zips what epub-builder wrote: the same entries in the same order, stamped with
//! the book's modification time instead of the clock (reproducible builds), plus the
//! few OPF details epub-builder has no API for (a non-UUID identifier, the publisher).

use std::io::{Cursor, Read, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

use super::xhtml::escape;
use crate::model::Metadata;

const OPF_PATH: &str = "OEBPS/content.opf";
const NAV_PATH: &str = "OEBPS/nav.xhtml";

/// What the package needs beyond epub-builder's output.
pub struct Extras {
    /// Every landmark, in reading order (epub-builder only knows a few terms).
    pub landmarks: Vec<Landmark>,
    /// `dc:contributor`s: a name and a MARC relator code.
    pub contributors: Vec<(String, &'static str)>,
}

pub struct Landmark {
    /// An EPUB structural semantics term, e.g. `dedication`.
    pub term: &'static str,
    pub href: String,
    pub title: String,
}

impl Landmark {
    pub fn new(term: &'static str, href: &str, title: &str) -> Landmark {
        Landmark {
            term,
            href: href.to_string(),
            title: title.to_string(),
        }
    }
}

pub fn repack(raw: &[u8], meta: &Metadata, extras: &Extras) -> Result<Vec<u8>, String> {
    let mut archive = ZipArchive::new(Cursor::new(raw)).map_err(|e| e.to_string())?;
    let stamp = dos_time(meta.modified_unix);
    let mut out = ZipWriter::new(Cursor::new(Vec::new()));
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).map_err(|e| e.to_string())?;
        let name = entry.name().to_string();
        let mut bytes = Vec::with_capacity(entry.size() as usize);
        entry.read_to_end(&mut bytes).map_err(|e| e.to_string())?;
        if name == OPF_PATH {
            bytes = patch_opf(&String::from_utf8_lossy(&bytes), meta, extras).into_bytes();
        }
        if name == NAV_PATH {
            bytes = patch_nav(&String::from_utf8_lossy(&bytes), extras).into_bytes();
        }
        // The mimetype must come first and be stored, per the OCF spec.
        let method = if name == "mimetype" {
            CompressionMethod::Stored
        } else {
            CompressionMethod::Deflated
        };
        let options = SimpleFileOptions::default()
            .compression_method(method)
            .last_modified_time(stamp)
            .unix_permissions(0o644);
        out.start_file(name, options).map_err(|e| e.to_string())?;
        out.write_all(&bytes).map_err(|e| e.to_string())?;
    }
    Ok(out.finish().map_err(|e| e.to_string())?.into_inner())
}

/// Replaces epub-builder's landmarks list with ours.
fn patch_nav(nav: &str, extras: &Extras) -> String {
    let Some(nav_start) = nav.find("epub:type = \"landmarks\"") else {
        return nav.to_string();
    };
    let (Some(open), Some(close)) = (
        nav[nav_start..].find("<ol>").map(|i| i + nav_start),
        nav[nav_start..].find("</ol>").map(|i| i + nav_start),
    ) else {
        return nav.to_string();
    };
    let mut list = String::from("<ol>\n");
    for landmark in &extras.landmarks {
        list.push_str(&format!(
            "      <li><a epub:type=\"{}\" href=\"{}\">{}</a></li>\n",
            landmark.term,
            escape(&landmark.href),
            escape(&landmark.title)
        ));
    }
    list.push_str("    </ol>");
    format!("{}{}{}", &nav[..open], list, &nav[close + "</ol>".len()..])
}

fn patch_opf(opf: &str, meta: &Metadata, extras: &Extras) -> String {
    let mut opf = opf.to_string();
    if !meta.identifier.starts_with("urn:uuid:") {
        if let (Some(start), Some(end)) = (
            opf.find("<dc:identifier id=\"epub-id-1\">"),
            opf.find("</dc:identifier>"),
        ) {
            let open_len = "<dc:identifier id=\"epub-id-1\">".len();
            opf.replace_range(start + open_len..end, &escape(&meta.identifier));
        }
    }
    let mut added = String::new();
    if let Some(publisher) = &meta.publisher {
        added.push_str(&format!(
            "<dc:publisher>{}</dc:publisher>\n    ",
            escape(publisher)
        ));
    }
    for (index, (name, role)) in extras.contributors.iter().enumerate() {
        let id = format!("contributor-{}", index + 1);
        added.push_str(&format!(
            "<dc:contributor id=\"{id}\">{}</dc:contributor>\n    \
             <meta refines=\"#{id}\" property=\"role\" scheme=\"marc:relators\">{role}</meta>\n    ",
            escape(name)
        ));
    }
    if let Some(at) = opf.find("<meta property=\"dcterms:modified\">") {
        opf.insert_str(at, &added);
    }
    opf
}

/// A zip timestamp (1980–2107, two-second resolution) for a Unix time.
fn dos_time(unix: i64) -> DateTime {
    let clamped = unix.clamp(315_532_800, 4_354_819_198); // 1980-01-01 .. 2107-12-31
    let civil = chrono::DateTime::from_timestamp(clamped, 0).unwrap_or_default();
    use chrono::{Datelike, Timelike};
    DateTime::from_date_and_time(
        civil.year() as u16,
        civil.month() as u8,
        civil.day() as u8,
        civil.hour() as u8,
        civil.minute() as u8,
        civil.second() as u8,
    )
    .unwrap_or_default()
}
