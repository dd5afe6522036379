//! Re-zips what epub-builder wrote: the same entries in the same order, stamped with
//! the book's modification time instead of the clock (reproducible builds), with the
//! OPF's `<package>` tag and `<metadata>` replaced by Folio's (see `metadata`), and
//! the files epub-builder was given empty (stories, fonts) or whose text Folio writes
//! itself (the nav document, the NCX) filled in, compressed in parallel.

use std::io::{Cursor, Read, Write};

use rayon::prelude::*;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

use super::metadata::UNIQUE_ID;
use crate::model::Metadata;
use crate::xml::escape;

const OPF_PATH: &str = "OEBPS/content.opf";

/// What replaces epub-builder's parts of the package document.
pub struct Package<'a> {
    /// The book's language, for the package's `xml:lang`.
    pub lang: &'a str,
    /// The whole `<metadata>` element.
    pub metadata: &'a str,
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
    package: &Package<'_>,
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
        } else if name == OPF_PATH {
            drop(entry);
            let mut text = String::new();
            archive
                .by_index(index)
                .map_err(|e| e.to_string())?
                .read_to_string(&mut text)
                .map_err(|e| e.to_string())?;
            let patched = patch_opf(&text, package)?;
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

/// The package document's `version` (EPUB 3.3 keeps "3.0").
pub const PACKAGE_VERSION: &str = "3.0";

/// epub-builder's package document with Folio's `<package>` start tag (unique
/// identifier, language) and `<metadata>`.
fn patch_opf(opf: &str, package: &Package<'_>) -> Result<String, String> {
    let missing = || "epub-builder's package document has an unexpected shape".to_string();
    let package_start = opf.find("<package").ok_or_else(missing)?;
    let package_end = package_start + opf[package_start..].find('>').ok_or_else(missing)? + 1;
    let metadata_start = opf.find("<metadata").ok_or_else(missing)?;
    let metadata_end = opf.find("</metadata>").ok_or_else(missing)? + "</metadata>".len();
    if !(package_end <= metadata_start && metadata_start < metadata_end) {
        return Err(missing());
    }
    Ok(format!(
        "{}<package version=\"{PACKAGE_VERSION}\" xmlns=\"http://www.idpf.org/2007/opf\" unique-identifier=\"{UNIQUE_ID}\" xml:lang=\"{lang}\">{}{}{}",
        &opf[..package_start],
        &opf[package_end..metadata_start],
        package.metadata,
        &opf[metadata_end..],
        lang = escape(package.lang),
    ))
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
