//! Image metadata shared by the readers and the renderers: the pixel size from a
//! PNG's or JPEG's header, and a JPEG's frame (colour components). No decoding.

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
}
