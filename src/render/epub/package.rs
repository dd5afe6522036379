//! Re-zips what epub-builder wrote: the same entries in the same order, stamped with
//! the book's modification time instead of the clock (reproducible builds), plus the
//! few OPF details epub-builder has no API for (a non-UUID identifier, the publisher).

use std::io::{Cursor, Read, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

use super::xhtml::escape;
use crate::model::Metadata;

const OPF_PATH: &str = "OEBPS/content.opf";

pub fn repack(raw: &[u8], meta: &Metadata) -> Result<Vec<u8>, String> {
    let mut archive = ZipArchive::new(Cursor::new(raw)).map_err(|e| e.to_string())?;
    let stamp = dos_time(meta.modified_unix);
    let mut out = ZipWriter::new(Cursor::new(Vec::new()));
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).map_err(|e| e.to_string())?;
        let name = entry.name().to_string();
        let mut bytes = Vec::with_capacity(entry.size() as usize);
        entry.read_to_end(&mut bytes).map_err(|e| e.to_string())?;
        if name == OPF_PATH {
            bytes = patch_opf(&String::from_utf8_lossy(&bytes), meta).into_bytes();
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

fn patch_opf(opf: &str, meta: &Metadata) -> String {
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
    if let Some(publisher) = &meta.publisher {
        if let Some(at) = opf.find("<meta property=\"dcterms:modified\">") {
            opf.insert_str(
                at,
                &format!("<dc:publisher>{}</dc:publisher>\n    ", escape(publisher)),
            );
        }
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
