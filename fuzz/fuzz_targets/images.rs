//! Image files as a story gives them: any bytes are probed (a JPEG or PNG whole,
//! or an error naming the format), and what passes is made into the PDF's image
//! XObject (a PNG decoded, with its soft mask) — an error, never a panic, and
//! never more samples than the header's size says.
#![no_main]

use folio::images::{decode_png, probe};
use folio::model::{ImageAsset, ImageType};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(info) = probe(data) else {
        return;
    };
    assert!(info.width > 0 && info.height > 0);
    if info.kind == ImageType::Png {
        if let Ok(png) = decode_png(data) {
            let pixels = png.width as usize * png.height as usize;
            assert_eq!(png.color.len(), pixels * usize::from(png.components));
            if let Some(alpha) = &png.alpha {
                assert_eq!(alpha.len(), pixels);
            }
        }
    }
    let asset = ImageAsset {
        src: "image".into(),
        media_type: info.kind,
        data: data.to_vec(),
        width: info.width,
        height: info.height,
        components: info.components,
        adobe: info.adobe,
    };
    let _ = folio::render::pdf::output::image_xobject(&asset);
});
