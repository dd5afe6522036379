//! The cover: a JPEG or PNG drawn over the whole of its (blank) page, cropped to
//! fill it; and whether an image can be embedded at all.

use lopdf::{dictionary, Dictionary, Document, Object, ObjectId, Stream};

use super::finishing::{CoverImage, CoverKind, FinishError};

/// Whether `cover` can be embedded, or what is wrong with it.
pub fn check_cover(cover: &CoverImage) -> Result<(), String> {
    let result = match cover.kind {
        CoverKind::Jpeg => jpeg_xobject(cover),
        CoverKind::Png => png_xobject(cover),
    };
    result.map(|_| ()).map_err(|e| match e {
        FinishError::Cover(message) => message,
        other => other.to_string(),
    })
}

/// The cover image as an image XObject (the wrap draws it on its front panel).
pub fn cover_xobject(cover: &CoverImage) -> Result<Stream, FinishError> {
    match cover.kind {
        CoverKind::Jpeg => jpeg_xobject(cover),
        CoverKind::Png => png_xobject(cover),
    }
}

/// Draws the cover image over the whole page, cropped to fill it, centred.
pub(super) fn add_cover(
    doc: &mut Document,
    page: ObjectId,
    cover: &CoverImage,
) -> Result<(), FinishError> {
    let image = match cover.kind {
        CoverKind::Jpeg => jpeg_xobject(cover)?,
        CoverKind::Png => png_xobject(cover)?,
    };
    let image_id = doc.add_object(image);
    let page_dict = doc
        .get_object(page)
        .and_then(Object::as_dict)
        .map_err(|_| FinishError::Structure("a page is not a dictionary".into()))?;
    let media_box = page_dict
        .get(b"MediaBox")
        .and_then(Object::as_array)
        .map_err(|_| FinishError::Structure("the cover page has no /MediaBox".into()))?;
    let number = |i: usize| {
        media_box
            .get(i)
            .and_then(|o| o.as_float().ok())
            .unwrap_or(0.0)
    };
    let (page_width, page_height) = (number(2) - number(0), number(3) - number(1));
    let scale = (page_width / cover.width as f32).max(page_height / cover.height as f32);
    let (width, height) = (cover.width as f32 * scale, cover.height as f32 * scale);
    let (x, y) = ((page_width - width) / 2.0, (page_height - height) / 2.0);
    let content = format!(
        "q 0 0 {page_width:.3} {page_height:.3} re W n {width:.3} 0 0 {height:.3} {x:.3} {y:.3} cm /Cover Do Q\n"
    );
    let content_id = doc.add_object(Stream::new(Dictionary::new(), content.into_bytes()));
    let resources = dictionary! { "XObject" => dictionary! { "Cover" => image_id } };
    let page_dict = doc
        .get_object_mut(page)
        .and_then(Object::as_dict_mut)
        .map_err(|_| FinishError::Structure("a page is not a dictionary".into()))?;
    // The cover page is blank as composed: its content and resources are replaced.
    page_dict.set("Contents", content_id);
    page_dict.set("Resources", resources);
    Ok(())
}

fn jpeg_xobject(cover: &CoverImage) -> Result<Stream, FinishError> {
    let components = crate::images::jpeg_frame(&cover.data)
        .map(|frame| frame[7])
        .ok_or_else(|| FinishError::Cover("the JPEG has no frame header".into()))?;
    let (color_space, decode) = crate::images::jpeg_color_space(
        components,
        crate::images::jpeg_has_adobe_marker(&cover.data),
    )
    .ok_or_else(|| FinishError::Cover(format!("a JPEG with {components} colour components")))?;
    let mut dict = image_dict(cover, color_space, "DCTDecode");
    if let Some(decode) = decode {
        // Adobe's CMYK samples are inverted: without this, white paper prints black.
        let decode: Vec<Object> = decode.map(Object::Integer).into();
        dict.set("Decode", decode);
    }
    Ok(Stream::new(dict, cover.data.clone()).with_compression(false))
}

/// A PNG's compressed image data goes into the PDF as it is: PNG's filters are the
/// PDF's /Predictor 15. Palette, transparency and interlacing would need decoding.
fn png_xobject(cover: &CoverImage) -> Result<Stream, FinishError> {
    let data = &cover.data;
    let header = data
        .get(24..29)
        .ok_or_else(|| FinishError::Cover("the PNG header is cut short".into()))?;
    let (depth, color_type, interlace) = (header[0], header[1], header[4]);
    let (colors, color_space) = match color_type {
        0 => (1, "DeviceGray"),
        2 => (3, "DeviceRGB"),
        _ => {
            return Err(FinishError::Cover(
                "only greyscale or RGB PNGs without transparency can be embedded; save the cover as JPEG".into(),
            ))
        }
    };
    if depth != 8 || interlace != 0 {
        return Err(FinishError::Cover(
            "only 8-bit, non-interlaced PNGs can be embedded; save the cover as JPEG".into(),
        ));
    }
    let mut idat = Vec::new();
    let mut at = 8;
    while at + 8 <= data.len() {
        let length =
            u32::from_be_bytes([data[at], data[at + 1], data[at + 2], data[at + 3]]) as usize;
        let kind = &data[at + 4..at + 8];
        let body = data
            .get(at + 8..at + 8 + length)
            .ok_or_else(|| FinishError::Cover("a PNG chunk is cut short".into()))?;
        if kind == b"IDAT" {
            idat.extend_from_slice(body);
        }
        at += 12 + length;
    }
    let mut dict = image_dict(cover, color_space, "FlateDecode");
    dict.set(
        "DecodeParms",
        dictionary! {
            "Predictor" => 15,
            "Colors" => colors,
            "BitsPerComponent" => 8,
            "Columns" => i64::from(cover.width),
        },
    );
    Ok(Stream::new(dict, idat).with_compression(false))
}

/// An 8-bit image XObject's dictionary, its data already in `filter`'s encoding.
fn image_dict(cover: &CoverImage, color_space: &str, filter: &str) -> lopdf::Dictionary {
    dictionary! {
        "Type" => "XObject",
        "Subtype" => "Image",
        "Width" => i64::from(cover.width),
        "Height" => i64::from(cover.height),
        "ColorSpace" => Object::Name(color_space.as_bytes().to_vec()),
        "BitsPerComponent" => 8,
        "Filter" => Object::Name(filter.as_bytes().to_vec()),
    }
}
