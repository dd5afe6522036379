//! PDF/X-4 for a printer's interior (IngramSpark): an output intent with an
//! embedded ICC profile, GTS_PDFXVersion and /Trapped in /Info and XMP, TrimBox
//! and BleedBox on every page, PDF 1.6. X-4 rather than X-1a:2001: X-1a prints
//! CMYK only and so needs a CMYK printing condition, and no CMYK profile whose
//! licence allows shipping it is at hand (Debian's icc-profiles-free and colord
//! have grey and RGB ones); X-4, which IngramSpark accepts as well, takes a grey
//! printing condition, and an interior is black ink. The profile is Folio's own,
//! written here (a monochrome output profile: a tone curve, no third-party data).
//! Transparency is removed where images are made (`images`), not here.

use lopdf::{dictionary, Document, Object, ObjectId, Stream};

use super::finishing::FinishError;

/// The PDF/X version written to /Info and XMP.
pub const PDFX_VERSION: &str = "PDF/X-4";

/// What the output intent calls the printing condition.
const CONDITION: &str = "Black ink on uncoated book paper (Folio grey, gamma 1.8)";

/// A monochrome output ("prtr") ICC v2.1 profile: white point D50, a gray tone
/// curve of gamma 1.8 (black ink on uncoated paper darkens mid-tones about as much),
/// described as `CONDITION`. Fixed bytes, so builds stay reproducible.
pub fn gray_output_profile() -> Vec<u8> {
    let s15 = |v: f64| ((v * 65536.0).round() as i32).to_be_bytes();
    let mut desc = b"desc\0\0\0\0".to_vec();
    desc.extend((CONDITION.len() as u32 + 1).to_be_bytes());
    desc.extend(CONDITION.as_bytes());
    desc.push(0);
    desc.extend([0u8; 4 + 4 + 2 + 1 + 67]); // no Unicode or ScriptCode description
    let mut cprt = b"text\0\0\0\0".to_vec();
    cprt.extend(b"No copyright, use freely (written by Folio)\0");
    let mut wtpt = b"XYZ \0\0\0\0".to_vec();
    for v in [0.9642, 1.0, 0.8249] {
        wtpt.extend(s15(v));
    }
    let mut ktrc = b"curv\0\0\0\0".to_vec();
    ktrc.extend(1u32.to_be_bytes());
    ktrc.extend(((1.8 * 256.0) as u16).to_be_bytes()); // u8Fixed8 gamma
    let tags: [(&[u8; 4], Vec<u8>); 4] = [
        (b"desc", desc),
        (b"cprt", cprt),
        (b"wtpt", wtpt),
        (b"kTRC", ktrc),
    ];
    let start = 128 + 4 + 12 * tags.len();
    let mut table = (tags.len() as u32).to_be_bytes().to_vec();
    let mut data = Vec::new();
    for (signature, body) in &tags {
        table.extend(*signature);
        table.extend(((start + data.len()) as u32).to_be_bytes());
        table.extend((body.len() as u32).to_be_bytes());
        data.extend(body);
        // Tags start on four-byte boundaries.
        while data.len() % 4 != 0 {
            data.push(0);
        }
    }
    let mut header = Vec::with_capacity(128);
    let size = 128 + 4 + 12 * tags.len() + data.len();
    header.extend((size as u32).to_be_bytes());
    header.extend([0u8; 4]); // preferred CMM: none
    header.extend([0x02, 0x10, 0, 0]); // version 2.1
    header.extend(b"prtrGRAYXYZ ");
    for part in [2026u16, 12, 7, 0, 0, 0] {
        header.extend(part.to_be_bytes());
    }
    header.extend(b"acsp");
    header.extend([0u8; 4 + 4 + 4 + 4 + 8 + 4]); // platform … rendering intent
    for v in [0.9642, 1.0, 0.8249] {
        header.extend(s15(v));
    }
    header.resize(128, 0);
    let mut profile = header;
    profile.extend(table);
    profile.extend(data);
    profile
}

/// Makes the document PDF/X-4: the output intent in the catalog `root`, the boxes
/// on every page, PDF 1.6. /Info's and XMP's keys are added where they are written.
pub(super) fn make_pdfx(doc: &mut Document, root: ObjectId) -> Result<(), FinishError> {
    let profile = Stream::new(dictionary! { "N" => 1 }, gray_output_profile());
    let profile_id = doc.add_object(profile);
    let intent = dictionary! {
        "Type" => "OutputIntent",
        "S" => "GTS_PDFX",
        "OutputConditionIdentifier" => Object::string_literal("Custom"),
        "OutputCondition" => Object::string_literal(CONDITION),
        "Info" => Object::string_literal(CONDITION),
        "RegistryName" => Object::string_literal("http://www.color.org"),
        "DestOutputProfile" => profile_id,
    };
    let catalog = doc
        .get_object_mut(root)
        .and_then(Object::as_dict_mut)
        .map_err(|_| FinishError::Structure("/Root is not a dictionary".into()))?;
    catalog.set("OutputIntents", vec![Object::Dictionary(intent)]);
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    for page in pages {
        let dict = doc
            .get_object_mut(page)
            .and_then(Object::as_dict_mut)
            .map_err(|_| FinishError::Structure("a page is not a dictionary".into()))?;
        let media = dict
            .get(b"MediaBox")
            .cloned()
            .map_err(|_| FinishError::Structure("a page has no /MediaBox".into()))?;
        // Nothing in an interior bleeds: the bleed is the trim, which is the page.
        // A page that says where it is cut (the cover's wrap) keeps its boxes.
        if !dict.has(b"TrimBox") {
            dict.set("TrimBox", media.clone());
        }
        if !dict.has(b"BleedBox") {
            dict.set("BleedBox", media);
        }
        if dict
            .get(b"Annots")
            .and_then(Object::as_array)
            .is_ok_and(Vec::is_empty)
        {
            dict.remove(b"Annots");
        }
    }
    doc.version = "1.6".into();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_grey_profile_is_a_well_formed_monochrome_output_profile() {
        let icc = gray_output_profile();
        let u32_at = |at: usize| u32::from_be_bytes(icc[at..at + 4].try_into().unwrap()) as usize;
        assert_eq!(u32_at(0), icc.len());
        assert_eq!(&icc[12..24], b"prtrGRAYXYZ ");
        assert_eq!(&icc[36..40], b"acsp");
        assert_eq!(u32_at(128), 4);
        let mut tags = Vec::new();
        for i in 0..4 {
            let entry = 132 + 12 * i;
            let (offset, size) = (u32_at(entry + 4), u32_at(entry + 8));
            assert_eq!(offset % 4, 0);
            assert!(offset + size <= icc.len());
            tags.push((&icc[entry..entry + 4], &icc[offset..offset + 4]));
        }
        let expected: [(&[u8], &[u8]); 4] = [
            (b"desc", b"desc"),
            (b"cprt", b"text"),
            (b"wtpt", b"XYZ "),
            (b"kTRC", b"curv"),
        ];
        assert_eq!(tags, expected);
    }
}
