//! Re-zips what epub-builder wrote: the same entries in the same order, stamped with
//! the book's modification time instead of the clock (reproducible builds), plus the
//! few OPF details epub-builder has no API for (a non-UUID identifier, the publisher),
//! the landmarks and contributors it does not know, and the fonts, compressed in
//! parallel.

use std::io::{Cursor, Read, Write};

use rayon::prelude::*;
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

/// Deflate levels (libdeflate's). Measured on one thread: the 1,000,000-word
/// book's XHTML (6.8 MB) at level 3 gives 2.48 MB in 53 ms, as small as zlib-rs
/// level 6 gave (2.49 MB, 91 ms). The fonts (1.7 MB, the same in every book) at
/// level 1 give 0.93 MB in 10 ms, at 3 0.90 MB in 14 ms, at 6 0.87 MB in 18 ms:
/// they are most of a short book's build, and level 1 keeps the sample book's
/// build (both outputs) under 20 ms (median 23.5 ms at level 6), for 6% more
/// bytes in its EPUB.
const FONT_DEFLATE_LEVEL: i32 = 1;
const TEXT_DEFLATE_LEVEL: i32 = 3;

/// A filled file's name, and its one-entry archive (`Fill::archived`).
pub type Filled = (String, Result<Vec<u8>, String>);

/// Each file compressed alone, in parallel, as a one-entry archive to copy from.
pub fn archive_all(fill: &[Fill<'_>]) -> Vec<Filled> {
    fill.par_iter()
        .map(|file| (file.name.to_string(), file.archived()))
        .collect()
}

/// A file epub-builder was given empty, with its contents and deflate level.
pub struct Fill<'a> {
    name: &'a str,
    data: &'a [u8],
    level: i32,
}

impl<'a> Fill<'a> {
    pub fn font(name: &'a str, data: &'a [u8]) -> Self {
        Fill {
            name,
            data,
            level: FONT_DEFLATE_LEVEL,
        }
    }

    pub fn text(name: &'a str, data: &'a [u8]) -> Self {
        Fill {
            name,
            data,
            level: TEXT_DEFLATE_LEVEL,
        }
    }

    /// The file as a one-entry zip archive, deflated by libdeflate (twice as fast
    /// as the zip crate's streaming deflate at the same size), for
    /// `ZipWriter::raw_copy_file` to copy from.
    fn archived(&self) -> Result<Vec<u8>, String> {
        let too_large = || format!("{} is too large for a zip entry", self.name);
        let data = crate::util::deflate(self.data, self.level)
            .ok_or_else(|| format!("compressing {} failed", self.name))?;
        let crc = libdeflater::crc32(self.data);
        let compressed = u32::try_from(data.len()).map_err(|_| too_large())?;
        let size = u32::try_from(self.data.len()).map_err(|_| too_large())?;
        let name = self.name.as_bytes();
        let name_len = u16::try_from(name.len()).map_err(|_| too_large())?;
        // Version needed 2.0, no flags, deflate, no time (the copy sets it).
        let common = |out: &mut Vec<u8>| {
            for field in [20u16, 0, 8, 0, 0] {
                out.extend_from_slice(&field.to_le_bytes());
            }
            for field in [crc, compressed, size] {
                out.extend_from_slice(&field.to_le_bytes());
            }
            out.extend_from_slice(&name_len.to_le_bytes());
            out.extend_from_slice(&0u16.to_le_bytes());
        };
        let mut zip = Vec::with_capacity(data.len() + 2 * name.len() + 128);
        zip.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        common(&mut zip);
        zip.extend_from_slice(name);
        zip.extend_from_slice(&data);
        let directory = zip.len();
        zip.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        zip.extend_from_slice(&20u16.to_le_bytes()); // made by: MS-DOS, 2.0
        common(&mut zip);
        // No comment, disk 0, no attributes, local header at 0.
        for field in [0u16, 0, 0] {
            zip.extend_from_slice(&field.to_le_bytes());
        }
        zip.extend_from_slice(&0u32.to_le_bytes());
        zip.extend_from_slice(&0u32.to_le_bytes());
        zip.extend_from_slice(name);
        let directory_size = (zip.len() - directory) as u32;
        let directory = u32::try_from(directory).map_err(|_| too_large())?;
        zip.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
        for field in [0u16, 0, 1, 1] {
            zip.extend_from_slice(&field.to_le_bytes());
        }
        zip.extend_from_slice(&directory_size.to_le_bytes());
        zip.extend_from_slice(&directory.to_le_bytes());
        zip.extend_from_slice(&0u16.to_le_bytes());
        Ok(zip)
    }
}

/// Rewrites what epub-builder wrote with fixed times. Entries are copied still
/// compressed, except the OPF (patched) and the files in `filled`, which
/// epub-builder was given empty, and which come compressed (`archive_all`).
pub fn repack(
    raw: &[u8],
    meta: &Metadata,
    extras: &Extras,
    filled: &[Filled],
) -> Result<Vec<u8>, String> {
    let mut archive = ZipArchive::new(Cursor::new(raw)).map_err(|e| e.to_string())?;
    let stamp = dos_time(meta.modified_unix);
    let options = |method| {
        SimpleFileOptions::default()
            .compression_method(method)
            .last_modified_time(stamp)
            .unix_permissions(0o644)
    };
    // Sized for everything at once: grown by doubling, the copies cost more than the
    // rest of a small book's packing.
    let capacity = raw.len()
        + filled
            .iter()
            .map(|(_, archive)| archive.as_ref().map_or(0, Vec::len))
            .sum::<usize>();
    let mut out = ZipWriter::new(Cursor::new(Vec::with_capacity(capacity)));
    for index in 0..archive.len() {
        let entry = archive.by_index_raw(index).map_err(|e| e.to_string())?;
        let name = entry.name().to_string();
        if let Some((_, compressed)) = filled.iter().find(|(n, _)| *n == name) {
            drop(entry);
            let compressed = compressed.as_ref().map_err(Clone::clone)?;
            let mut one =
                ZipArchive::new(Cursor::new(compressed.as_slice())).map_err(|e| e.to_string())?;
            let file = one.by_index_raw(0).map_err(|e| e.to_string())?;
            out.raw_copy_file_touch(file, stamp, Some(0o644))
                .map_err(|e| e.to_string())?;
        } else if name == OPF_PATH || name == NAV_PATH {
            drop(entry);
            let mut text = String::new();
            archive
                .by_index(index)
                .map_err(|e| e.to_string())?
                .read_to_string(&mut text)
                .map_err(|e| e.to_string())?;
            let patched = if name == OPF_PATH {
                patch_opf(&text, meta, extras)
            } else {
                patch_nav(&text, extras)
            };
            out.start_file(name, options(CompressionMethod::Deflated))
                .map_err(|e| e.to_string())?;
            out.write_all(patched.as_bytes())
                .map_err(|e| e.to_string())?;
        } else {
            // The mimetype stays first and stored, as epub-builder wrote it.
            out.raw_copy_file_touch(entry, stamp, Some(0o644))
                .map_err(|e| e.to_string())?;
        }
    }
    Ok(out.finish().map_err(|e| e.to_string())?.into_inner())
}

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
