//! The stories' images in the PDF: each image the pages draw is one image XObject
//! (`/ImN`, N its number in the book), however often it is drawn. A JPEG goes in
//! as it is (DCTDecode, its colour space from its components, Adobe's inverted
//! CMYK decoded back); a PNG is decoded and deflated again, its transparency as a
//! soft mask. Pages without images are left exactly as written.

use lopdf::{dictionary, Dictionary, Document, Object, ObjectId, Stream};

use super::DEFLATE_LEVEL;
use crate::images::{decode_png, jpeg_color_space};
use crate::model::{ImageAsset, ImageType};
use crate::render::pdf::flow::ComposedPage;
use crate::units::Pt;

/// The resource name of the book's image `id`.
pub(super) fn resource_name(id: usize) -> String {
    format!("Im{}", id + 1)
}

/// The drawing of a page's images, for its content stream: each scaled to its
/// printed size and placed (`page_height` turns tops into PDF's bottom-up y).
pub(super) fn draw_images(out: &mut Vec<u8>, page: &ComposedPage, page_height: Pt) {
    for image in &page.images {
        let y = page_height - image.top - image.height;
        out.extend_from_slice(
            format!(
                "q {:.3} 0 0 {:.3} {:.3} {:.3} cm /{} Do Q\n",
                image.width.0,
                image.height.0,
                image.x.0,
                y.0,
                resource_name(image.image)
            )
            .as_bytes(),
        );
    }
}

/// Adds the images the pages draw to `doc` (each once) and to the resources of the
/// pages that draw them.
pub fn add_images(
    doc: &mut Document,
    pages: &[ComposedPage],
    images: &[ImageAsset],
    opaque: bool,
) -> Result<(), String> {
    let mut used: Vec<usize> = pages
        .iter()
        .flat_map(|p| p.images.iter().map(|i| i.image))
        .collect();
    if used.is_empty() {
        return Ok(());
    }
    used.sort_unstable();
    used.dedup();
    let mut ids: Vec<(usize, ObjectId)> = Vec::new();
    for id in used {
        let asset = images
            .get(id)
            .ok_or_else(|| format!("a page draws image {id}, which the book does not have"))?;
        let made = if opaque {
            opaque_xobject(asset).map(|image| (image, None))
        } else {
            xobject(asset)
        };
        let (image, mask) = made.map_err(|e| format!("the image `{}`: {e}", asset.src))?;
        let mut image = image;
        if let Some(mask) = mask {
            let mask_id = doc.add_object(mask);
            image.dict.set("SMask", mask_id);
        }
        ids.push((id, doc.add_object(image)));
    }
    let page_ids: Vec<ObjectId> = doc.get_pages().into_values().collect();
    for (page, page_id) in pages.iter().zip(page_ids) {
        if page.images.is_empty() {
            continue;
        }
        let mut xobjects = Dictionary::new();
        for placed in &page.images {
            if let Some((_, object)) = ids.iter().find(|(id, _)| *id == placed.image) {
                xobjects.set(resource_name(placed.image), *object);
            }
        }
        add_xobjects(doc, page_id, xobjects)?;
    }
    Ok(())
}

/// Puts `xobjects` in the page's own resources (a copy of shared ones, if the
/// page refers to a dictionary other pages share).
fn add_xobjects(doc: &mut Document, page_id: ObjectId, xobjects: Dictionary) -> Result<(), String> {
    let page = doc
        .get_object(page_id)
        .and_then(Object::as_dict)
        .map_err(|e| format!("a page is not a dictionary: {e}"))?;
    let mut resources = match page.get(b"Resources") {
        Ok(Object::Reference(id)) => doc
            .get_object(*id)
            .and_then(Object::as_dict)
            .cloned()
            .unwrap_or_default(),
        Ok(Object::Dictionary(dict)) => dict.clone(),
        _ => Dictionary::new(),
    };
    let mut merged = match resources.get(b"XObject") {
        Ok(Object::Dictionary(dict)) => dict.clone(),
        Ok(Object::Reference(id)) => doc
            .get_object(*id)
            .and_then(Object::as_dict)
            .cloned()
            .unwrap_or_default(),
        _ => Dictionary::new(),
    };
    for (key, value) in xobjects.into_iter() {
        merged.set(key, value);
    }
    resources.set("XObject", merged);
    let page = doc
        .get_object_mut(page_id)
        .and_then(Object::as_dict_mut)
        .map_err(|e| format!("a page is not a dictionary: {e}"))?;
    page.set("Resources", resources);
    Ok(())
}

/// An image's XObject, and its soft mask when it has transparency.
pub fn xobject(asset: &ImageAsset) -> Result<(Stream, Option<Stream>), String> {
    match asset.media_type {
        ImageType::Jpeg => {
            let (color_space, decode) = jpeg_color_space(asset.components, asset.adobe)
                .ok_or_else(|| format!("a JPEG with {} colour components", asset.components))?;
            let mut dict = image_dict(asset.width, asset.height, color_space);
            dict.set("Filter", "DCTDecode");
            if let Some(decode) = decode {
                let decode: Vec<Object> = decode.map(Object::Integer).into();
                dict.set("Decode", decode);
            }
            Ok((
                Stream::new(dict, asset.data.clone()).with_compression(false),
                None,
            ))
        }
        ImageType::Png => {
            let png = decode_png(&asset.data)?;
            let color_space = if png.components == 1 {
                "DeviceGray"
            } else {
                "DeviceRGB"
            };
            let image = deflated(image_dict(png.width, png.height, color_space), &png.color)?;
            let mask = match &png.alpha {
                Some(alpha) => Some(deflated(
                    image_dict(png.width, png.height, "DeviceGray"),
                    alpha,
                )?),
                None => None,
            };
            Ok((image, mask))
        }
    }
}

fn image_dict(width: u32, height: u32, color_space: &str) -> Dictionary {
    dictionary! {
        "Type" => "XObject",
        "Subtype" => "Image",
        "Width" => i64::from(width),
        "Height" => i64::from(height),
        "ColorSpace" => Object::Name(color_space.as_bytes().to_vec()),
        "BitsPerComponent" => 8,
    }
}

fn deflated(mut dict: Dictionary, samples: &[u8]) -> Result<Stream, String> {
    let compressed =
        crate::util::zlib(samples, DEFLATE_LEVEL).ok_or("the image could not be compressed")?;
    dict.set("Filter", "FlateDecode");
    Ok(Stream::new(dict, compressed).with_compression(false))
}

/// An image for PDF/X with a grey printing condition: no transparency (a PNG's
/// alpha flattened onto white paper) and no device RGB or CMYK (colour samples
/// are tagged CalRGB, sRGB's primaries and white point, which a RIP converts).
pub fn opaque_xobject(asset: &ImageAsset) -> Result<Stream, String> {
    let rgb = || -> Object {
        let numbers = |v: &[f32]| Object::Array(v.iter().map(|n| Object::Real(*n)).collect());
        Object::Array(vec![
            Object::Name(b"CalRGB".to_vec()),
            Object::Dictionary(dictionary! {
                "WhitePoint" => numbers(&[0.9505, 1.0, 1.089]),
                "Gamma" => numbers(&[2.2, 2.2, 2.2]),
                "Matrix" => numbers(&[
                    0.4124, 0.2126, 0.0193, 0.3576, 0.7152, 0.1192, 0.1805, 0.0722, 0.9505,
                ]),
            }),
        ])
    };
    match asset.media_type {
        ImageType::Jpeg => {
            let (mut image, _) = xobject(asset)?;
            match asset.components {
                1 => {}
                3 => image.dict.set("ColorSpace", rgb()),
                n => {
                    return Err(format!(
                        "a JPEG with {n} colour components cannot go into a PDF/X file printed in grey; save it as greyscale or RGB"
                    ))
                }
            }
            Ok(image)
        }
        ImageType::Png => {
            let png = decode_png(&asset.data)?;
            let channels = usize::from(png.components);
            let mut color = png.color;
            if let Some(alpha) = &png.alpha {
                for (pixel, &a) in color.chunks_mut(channels).zip(alpha) {
                    for sample in pixel {
                        // Over white: c·a + 255·(1 − a), rounded.
                        let over = u32::from(*sample) * u32::from(a) + 255 * (255 - u32::from(a));
                        *sample = ((over + 127) / 255) as u8;
                    }
                }
            }
            let mut dict = image_dict(png.width, png.height, "DeviceGray");
            if channels == 3 {
                dict.set("ColorSpace", rgb());
            }
            deflated(dict, &color)
        }
    }
}
