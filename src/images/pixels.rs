//! A PNG's pixels, for a renderer that cannot embed the file as it is (a PDF takes
//! neither palettes, 16-bit samples with alpha, nor interlacing): every PNG is
//! decoded to 8-bit grey or RGB samples, with its transparency (an alpha channel,
//! or a `tRNS` chunk) as a separate 8-bit alpha plane.

use std::io::Cursor;

/// A PNG's 8-bit samples, row by row without padding.
#[derive(Debug, Clone, PartialEq)]
pub struct DecodedPng {
    pub width: u32,
    pub height: u32,
    /// 1 (grey) or 3 (RGB).
    pub components: u8,
    pub color: Vec<u8>,
    /// One byte per pixel, when the image has transparency.
    pub alpha: Option<Vec<u8>>,
}

/// The most memory a PNG may decode to: a 300 ppi full-page image in RGBA is
/// about 50 MB.
const MAX_DECODED_BYTES: usize = 256 * 1024 * 1024;

/// Decodes a PNG (any colour type, bit depth and interlacing) to 8-bit samples.
pub fn decode_png(data: &[u8]) -> Result<DecodedPng, String> {
    let mut decoder = ::png::Decoder::new_with_limits(
        Cursor::new(data),
        ::png::Limits {
            bytes: MAX_DECODED_BYTES,
        },
    );
    // Palettes and low bit depths expanded, tRNS to alpha, 16 bits cut to 8.
    decoder.set_transformations(::png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().map_err(|e| e.to_string())?;
    let size = reader
        .output_buffer_size()
        .ok_or("the PNG is too large to decode")?;
    let mut buffer = vec![0; size];
    let frame = reader.next_frame(&mut buffer).map_err(|e| e.to_string())?;
    buffer.truncate(frame.buffer_size());
    let (width, height) = (frame.width, frame.height);
    let (components, has_alpha) = match frame.color_type {
        ::png::ColorType::Grayscale => (1, false),
        ::png::ColorType::GrayscaleAlpha => (1, true),
        ::png::ColorType::Rgb => (3, false),
        ::png::ColorType::Rgba => (3, true),
        ::png::ColorType::Indexed => return Err("the PNG's palette was not expanded".into()),
    };
    if frame.bit_depth != ::png::BitDepth::Eight {
        return Err("the PNG was not decoded to 8-bit samples".into());
    }
    let pixels = width as usize * height as usize;
    if !has_alpha {
        return Ok(DecodedPng {
            width,
            height,
            components,
            color: buffer,
            alpha: None,
        });
    }
    let stride = usize::from(components) + 1;
    let mut color = Vec::with_capacity(pixels * usize::from(components));
    let mut alpha = Vec::with_capacity(pixels);
    for pixel in buffer.chunks_exact(stride) {
        color.extend_from_slice(&pixel[..stride - 1]);
        alpha.push(pixel[stride - 1]);
    }
    // A fully opaque alpha plane is no transparency at all.
    let alpha = alpha.iter().any(|&a| a != 255).then_some(alpha);
    Ok(DecodedPng {
        width,
        height,
        components,
        color,
        alpha,
    })
}
