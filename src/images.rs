//! Image metadata shared by the readers and the renderers: the pixel size from a
//! PNG's or JPEG's header, a JPEG's frame (colour components), whether a file is
//! whole; `png` decodes a PNG's pixels for renderers that cannot embed it as is.

mod pixels;
pub use pixels::{decode_png, DecodedPng};

use crate::model::ImageType;

/// What a story's image file is, from its first bytes and header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImageInfo {
    pub kind: ImageType,
    pub width: u32,
    pub height: u32,
    /// Colour components without alpha: a JPEG's frame's, a PNG's (1 or 3).
    pub components: u8,
    /// A JPEG with Adobe's APP14 marker (inverted CMYK).
    pub adobe: bool,
}

/// Why an image file cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImageProblem {
    /// Another format, by name ("GIF", "WebP", "SVG", …).
    Unsupported(&'static str),
    /// Cut short or damaged; the format's name.
    Damaged(&'static str),
    /// A JPEG whose colour components no PDF colour space takes.
    Components(u8),
}

impl std::fmt::Display for ImageProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ImageProblem::Unsupported(format) => write!(f, "it is a {format} image"),
            ImageProblem::Damaged(format) => write!(f, "the {format} is cut short or damaged"),
            ImageProblem::Components(n) => write!(f, "the JPEG has {n} colour components"),
        }
    }
}

/// The format of an image Folio does not take, from its first bytes.
fn other_format(data: &[u8]) -> &'static str {
    let head = &data[..data.len().min(512)];
    let text = String::from_utf8_lossy(head).to_ascii_lowercase();
    if data.starts_with(b"GIF8") {
        "GIF"
    } else if data.starts_with(b"RIFF") && data.get(8..12) == Some(b"WEBP".as_slice()) {
        "WebP"
    } else if text.contains("<svg") || text.starts_with("<?xml") {
        "SVG"
    } else if data.starts_with(b"BM") {
        "BMP"
    } else if data.starts_with(b"II*\0") || data.starts_with(b"MM\0*") {
        "TIFF"
    } else if data.get(4..12).is_some_and(|b| b.starts_with(b"ftyp")) {
        "HEIC or AVIF"
    } else if data.starts_with(b"%PDF") {
        "PDF"
    } else {
        "unknown"
    }
}

/// What an image file is, or why it cannot be used: a whole JPEG (grey, RGB or
/// CMYK) or PNG (any colour type, depth and interlacing the PNG standard allows).
pub fn probe(data: &[u8]) -> Result<ImageInfo, ImageProblem> {
    if data.starts_with(b"\x89PNG\r\n\x1a\n") {
        if !png_is_complete(data) {
            return Err(ImageProblem::Damaged("PNG"));
        }
        let (width, height) = png_size(data).ok_or(ImageProblem::Damaged("PNG"))?;
        // Colour type 0 and 4 are grey; 2, 3 and 6 colour.
        let components = match data.get(25) {
            Some(0 | 4) => 1,
            Some(2 | 3 | 6) => 3,
            _ => return Err(ImageProblem::Damaged("PNG")),
        };
        return Ok(ImageInfo {
            kind: ImageType::Png,
            width,
            height,
            components,
            adobe: false,
        });
    }
    if data.starts_with(&[0xFF, 0xD8]) {
        if !jpeg_is_complete(data) {
            return Err(ImageProblem::Damaged("JPEG"));
        }
        let (width, height) = jpeg_size(data).ok_or(ImageProblem::Damaged("JPEG"))?;
        let components = jpeg_frame(data)
            .and_then(|f| f.get(7).copied())
            .ok_or(ImageProblem::Damaged("JPEG"))?;
        if !matches!(components, 1 | 3 | 4) {
            return Err(ImageProblem::Components(components));
        }
        return Ok(ImageInfo {
            kind: ImageType::Jpeg,
            width,
            height,
            components,
            adobe: jpeg_has_adobe_marker(data),
        });
    }
    Err(ImageProblem::Unsupported(other_format(data)))
}

/// The PDF colour space for a JPEG's components, and its /Decode array (Adobe's
/// CMYK samples are stored inverted: without it, white paper prints black).
pub fn jpeg_color_space(components: u8, adobe: bool) -> Option<(&'static str, Option<[i64; 8]>)> {
    match components {
        1 => Some(("DeviceGray", None)),
        3 => Some(("DeviceRGB", None)),
        4 => Some(("DeviceCMYK", adobe.then_some([1, 0, 1, 0, 1, 0, 1, 0]))),
        _ => None,
    }
}

/// A PNG's size from its IHDR chunk.
pub fn png_size(data: &[u8]) -> Option<(u32, u32)> {
    let header = data.get(16..24)?;
    let width = u32::from_be_bytes(header[0..4].try_into().ok()?);
    let height = u32::from_be_bytes(header[4..8].try_into().ok()?);
    (width > 0 && height > 0).then_some((width, height))
}

/// The size from the first start-of-frame marker.
pub fn jpeg_size(data: &[u8]) -> Option<(u32, u32)> {
    let frame = jpeg_frame(data)?;
    let height = u16::from_be_bytes([frame[3], frame[4]]) as u32;
    let width = u16::from_be_bytes([frame[5], frame[6]]) as u32;
    (width > 0 && height > 0).then_some((width, height))
}

/// A JPEG's first start-of-frame segment, from its marker: the image's size (bytes
/// 3–6) and number of colour components (byte 7) are read from it.
/// Whether a JPEG carries Adobe's APP14 marker before its frame. Adobe's CMYK
/// JPEGs (Photoshop's, and what most tools write) store their samples inverted,
/// so a PDF must decode them with `/Decode [1 0 1 0 1 0 1 0]`.
pub fn jpeg_has_adobe_marker(data: &[u8]) -> bool {
    let mut at = 2;
    while at + 9 < data.len() && data[at] == 0xFF {
        let marker = data[at + 1];
        let length = u16::from_be_bytes([data[at + 2], data[at + 3]]) as usize;
        if marker == 0xEE && data.get(at + 4..at + 9) == Some(b"Adobe".as_slice()) {
            return true;
        }
        if matches!(marker, 0xC0..=0xCF | 0xDA) {
            return false;
        }
        at += 2 + length;
    }
    false
}

pub fn jpeg_frame(data: &[u8]) -> Option<&[u8]> {
    let mut at = 2;
    while at + 9 < data.len() {
        if data[at] != 0xFF {
            return None;
        }
        let marker = data[at + 1];
        let length = u16::from_be_bytes([data[at + 2], data[at + 3]]) as usize;
        let is_frame = matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
        if is_frame {
            return Some(&data[at + 2..]);
        }
        at += 2 + length;
    }
    None
}

/// Checks that an image is whole; `Err` names its format ("JPEG").
pub fn is_complete(kind: crate::model::ImageType, data: &[u8]) -> Result<(), &'static str> {
    use crate::model::ImageType;
    match kind {
        ImageType::Jpeg if !jpeg_is_complete(data) => Err("JPEG"),
        ImageType::Png if !png_is_complete(data) => Err("PNG"),
        _ => Ok(()),
    }
}

/// Whether a JPEG is whole: its segments follow one another to the end-of-image
/// marker, through every scan. A file cut short (a failed download) would be
/// embedded as it is and make a PDF that viewers reject.
pub fn jpeg_is_complete(data: &[u8]) -> bool {
    if !data.starts_with(&[0xFF, 0xD8]) {
        return false;
    }
    let mut at = 2;
    loop {
        // Fill bytes (0xFF) may come before a marker.
        while data.get(at) == Some(&0xFF) && data.get(at + 1) == Some(&0xFF) {
            at += 1;
        }
        let (Some(&0xFF), Some(&marker)) = (data.get(at), data.get(at + 1)) else {
            return false;
        };
        at += 2;
        match marker {
            0xD9 => return true,
            // Markers without a length: restart markers, TEM.
            0xD0..=0xD7 | 0x01 => continue,
            _ => {}
        }
        let Some(length) = data.get(at..at + 2) else {
            return false;
        };
        let length = usize::from(u16::from_be_bytes([length[0], length[1]]));
        if length < 2 || at + length > data.len() {
            return false;
        }
        at += length;
        if marker == 0xDA {
            // Entropy-coded data runs to the next marker that is not a stuffed
            // 0xFF00 or a restart marker.
            loop {
                let Some(offset) = data
                    .get(at..)
                    .and_then(|rest| rest.iter().position(|&b| b == 0xFF))
                else {
                    return false;
                };
                at += offset;
                match data.get(at + 1) {
                    None => return false,
                    Some(0x00 | 0xD0..=0xD7 | 0xFF) => at += 1,
                    Some(_) => break,
                }
            }
        }
    }
}

/// Whether a PNG is whole: every chunk is complete with a correct checksum, up to
/// the image-end chunk.
pub fn png_is_complete(data: &[u8]) -> bool {
    if !data.starts_with(b"\x89PNG\r\n\x1a\n") {
        return false;
    }
    let mut at = 8;
    while let Some(header) = data.get(at..at + 8) {
        let length = u32::from_be_bytes([header[0], header[1], header[2], header[3]]) as usize;
        let Some(end) = (at + 8).checked_add(length) else {
            return false;
        };
        let (Some(kind_and_body), Some(crc)) = (data.get(at + 4..end), data.get(end..end + 4))
        else {
            return false;
        };
        if libdeflater::crc32(kind_and_body).to_be_bytes() != crc {
            return false;
        }
        if &header[4..8] == b"IEND" {
            return true;
        }
        at = end + 4;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_images_pass_and_cut_ones_do_not() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let jpeg = std::fs::read(root.join("cover.jpg")).unwrap();
        let png = std::fs::read(root.join("cover.png")).unwrap();
        assert!(jpeg_is_complete(&jpeg));
        assert!(png_is_complete(&png));
        for cut in [jpeg.len() - 2, jpeg.len() / 2, 20, 3] {
            assert!(!jpeg_is_complete(&jpeg[..cut]), "JPEG cut at {cut}");
        }
        for cut in [png.len() - 1, png.len() - 12, png.len() / 2, 9] {
            assert!(!png_is_complete(&png[..cut]), "PNG cut at {cut}");
        }
        let mut flipped = png.clone();
        flipped[40] ^= 1;
        assert!(!png_is_complete(&flipped));
    }

    fn fixture(name: &str) -> Vec<u8> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/images");
        std::fs::read(root.join(name)).unwrap()
    }

    #[test]
    fn stories_images_are_probed_and_other_formats_named() {
        let photo = probe(&fixture("photo.jpg")).unwrap();
        assert_eq!(
            (photo.kind, photo.width, photo.height),
            (ImageType::Jpeg, 2400, 1600)
        );
        assert_eq!((photo.components, photo.adobe), (3, false));
        let grey = probe(&fixture("coarse.jpg")).unwrap();
        assert_eq!(grey.components, 1);
        let map = probe(&fixture("map.png")).unwrap();
        assert_eq!(
            (map.kind, map.width, map.height, map.components),
            (ImageType::Png, 600, 400, 3)
        );
        assert_eq!(
            probe(&fixture("not-supported.gif")),
            Err(ImageProblem::Unsupported("GIF"))
        );
        assert_eq!(
            probe(b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
            Err(ImageProblem::Unsupported("SVG"))
        );
        assert_eq!(
            probe(b"RIFF\0\0\0\0WEBPVP8 "),
            Err(ImageProblem::Unsupported("WebP"))
        );
        let cut = fixture("photo.jpg");
        assert_eq!(
            probe(&cut[..cut.len() / 2]),
            Err(ImageProblem::Damaged("JPEG"))
        );
        assert_eq!(
            jpeg_color_space(4, true),
            Some(("DeviceCMYK", Some([1, 0, 1, 0, 1, 0, 1, 0])))
        );
        assert_eq!(jpeg_color_space(4, false), Some(("DeviceCMYK", None)));
        assert_eq!(jpeg_color_space(2, false), None);
    }

    #[test]
    fn every_kind_of_png_decodes_to_8_bit_samples_and_alpha() {
        // RGBA: colour and a separate alpha plane.
        let map = decode_png(&fixture("map.png")).unwrap();
        assert_eq!((map.components, map.color.len()), (3, 600 * 400 * 3));
        let alpha = map.alpha.unwrap();
        assert_eq!(alpha.len(), 600 * 400);
        assert!(alpha.contains(&0) && alpha.contains(&255));
        // A palette: expanded to RGB, opaque.
        let leaf = decode_png(&fixture("leaf.png")).unwrap();
        assert_eq!(
            (leaf.components, leaf.color.len(), leaf.alpha),
            (3, 64 * 64 * 3, None)
        );
        // 16-bit grey: cut to 8 bits.
        let grey = decode_png(&fixture("grey16.png")).unwrap();
        assert_eq!((grey.components, grey.color.len()), (1, 120 * 80));
        assert!(grey.color.iter().all(|&v| v == (30000u32 >> 8) as u8));
        // Interlaced grey with alpha (Adam7): pixels where they belong.
        let laced = decode_png(&fixture("interlaced.png")).unwrap();
        assert_eq!((laced.width, laced.height, laced.components), (9, 7, 1));
        assert_eq!(laced.color[2 * 9 + 3], 84);
        assert_eq!(laced.alpha.unwrap()[2 * 9 + 3], 255);
        assert!(decode_png(&fixture("map.png")[..1200]).is_err());
    }
}
