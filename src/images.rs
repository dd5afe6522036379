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
