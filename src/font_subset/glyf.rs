//! The subset itself: `glyf` and `loca` with unneeded outlines emptied (glyph
//! numbers unchanged), the glyph names of `post` dropped, tables that name glyphs
//! in ways this cannot follow dropped, and the `name` table renamed when asked.

use super::sfnt::{self, u16_at, u32_at, Tables};

/// Tables dropped from every subset: SIL Graphite's (their glyph programs would
/// point at emptied glyphs; readers shape with OpenType anyway) and the digital
/// signature, which no longer matches.
const DROPPED: [&[u8; 4]; 6] = [b"Silf", b"Silt", b"Sill", b"Glat", b"Gloc", b"Feat"];

/// Composite glyph flags (OpenType `glyf`).
const ARG_1_AND_2_ARE_WORDS: u16 = 0x0001;
const WE_HAVE_A_SCALE: u16 = 0x0008;
const MORE_COMPONENTS: u16 = 0x0020;
const WE_HAVE_AN_X_AND_Y_SCALE: u16 = 0x0040;
const WE_HAVE_A_TWO_BY_TWO: u16 = 0x0080;

pub(super) fn subset(tables: &Tables, keep: &mut [bool], rename: Option<&str>) -> Option<Vec<u8>> {
    let head = tables.get(b"head")?;
    let long_loca = u16_at(head, 50)? == 1;
    let loca = tables.get(b"loca")?;
    let glyf = tables.get(b"glyf")?;
    let offset = |g: usize| -> Option<usize> {
        if long_loca {
            u32_at(loca, 4 * g).map(|o| o as usize)
        } else {
            u16_at(loca, 2 * g).map(|o| usize::from(o) * 2)
        }
    };
    let glyph = |g: usize| -> Option<&[u8]> { glyf.get(offset(g)?..offset(g + 1)?) };
    // The components of kept composites are kept, to any depth.
    let mut stack: Vec<usize> = (0..keep.len()).filter(|&g| keep[g]).collect();
    while let Some(g) = stack.pop() {
        for component in components(glyph(g)?)? {
            if let Some(k) = keep.get_mut(component) {
                if !*k {
                    *k = true;
                    stack.push(component);
                }
            }
        }
    }
    let mut new_glyf = Vec::new();
    let mut offsets = Vec::with_capacity(keep.len() + 1);
    for (g, &kept) in keep.iter().enumerate() {
        offsets.push(new_glyf.len());
        if kept {
            new_glyf.extend_from_slice(glyph(g)?);
            new_glyf.resize(new_glyf.len().next_multiple_of(4), 0);
        }
    }
    offsets.push(new_glyf.len());
    let mut new_loca = Vec::new();
    for o in offsets {
        if long_loca {
            new_loca.extend((o as u32).to_be_bytes());
        } else {
            new_loca.extend(u16::try_from(o / 2).ok()?.to_be_bytes());
        }
    }
    let mut out = Tables {
        version: tables.version,
        tables: tables.tables.clone(),
    };
    out.set(b"glyf", new_glyf);
    out.set(b"loca", new_loca);
    for tag in DROPPED.iter().copied().chain([b"DSIG"]) {
        out.remove(tag);
    }
    if let Some(post) = tables.get(b"post").filter(|p| p.len() >= 32) {
        let mut header = post[..32].to_vec();
        header[..4].copy_from_slice(&0x0003_0000u32.to_be_bytes());
        out.set(b"post", header);
    }
    if let Some(family) = rename {
        out.set(b"name", renamed(tables.get(b"name")?, family)?);
    }
    Some(sfnt::write(&out))
}

/// The glyphs a composite glyph is built from (none for a simple or empty glyph).
fn components(glyph: &[u8]) -> Option<Vec<usize>> {
    if glyph.len() < 10 || (u16_at(glyph, 0)? as i16) >= 0 {
        return Some(Vec::new());
    }
    let mut out = Vec::new();
    let mut at = 10;
    loop {
        let flags = u16_at(glyph, at)?;
        out.push(usize::from(u16_at(glyph, at + 2)?));
        at += 4 + if flags & ARG_1_AND_2_ARE_WORDS != 0 {
            4
        } else {
            2
        };
        at += if flags & WE_HAVE_A_SCALE != 0 {
            2
        } else if flags & WE_HAVE_AN_X_AND_Y_SCALE != 0 {
            4
        } else if flags & WE_HAVE_A_TWO_BY_TWO != 0 {
            8
        } else {
            0
        };
        if flags & MORE_COMPONENTS == 0 {
            return Some(out);
        }
    }
}

/// A `name` table for a renamed font: the family, style and names built from
/// them replaced; copyright, version, licence and its URL kept from the original
/// (the OFL's notice travels with the font); every other record left out, since
/// it may carry the reserved name.
pub(super) fn renamed(name: &[u8], family: &str) -> Option<Vec<u8>> {
    let count = usize::from(u16_at(name, 2)?);
    let strings = usize::from(u16_at(name, 4)?);
    let original = |id: u16| -> Option<String> {
        (0..count).find_map(|i| {
            let r = 6 + 12 * i;
            let (platform, encoding, language, name_id) = (
                u16_at(name, r)?,
                u16_at(name, r + 2)?,
                u16_at(name, r + 4)?,
                u16_at(name, r + 6)?,
            );
            if (platform, encoding, language, name_id) != (3, 1, 0x0409, id) {
                return None;
            }
            let length = usize::from(u16_at(name, r + 8)?);
            let offset = strings + usize::from(u16_at(name, r + 10)?);
            let bytes = name.get(offset..offset + length)?;
            let units: Vec<u16> = bytes
                .chunks_exact(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16(&units).ok()
        })
    };
    let style = original(2).unwrap_or_else(|| "Regular".into());
    let postscript: String = family
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    let style_ps: String = style
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    let mut records: Vec<(u16, String)> = Vec::new();
    records.extend(original(0).map(|s| (0, s)));
    records.push((1, family.to_string()));
    records.push((2, style.clone()));
    records.push((3, format!("{family} {style} (subset)")));
    records.push((4, format!("{family} {style}")));
    records.extend(original(5).map(|s| (5, s)));
    records.push((6, format!("{postscript}-{style_ps}")));
    records.extend(original(13).map(|s| (13, s)));
    records.extend(original(14).map(|s| (14, s)));
    let mut data = Vec::new();
    let mut table = Vec::new();
    table.extend(0u16.to_be_bytes());
    table.extend((records.len() as u16).to_be_bytes());
    table.extend(((6 + 12 * records.len()) as u16).to_be_bytes());
    for (id, text) in &records {
        let bytes: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        for v in [
            3u16,
            1,
            0x0409,
            *id,
            u16::try_from(bytes.len()).ok()?,
            u16::try_from(data.len()).ok()?,
        ] {
            table.extend(v.to_be_bytes());
        }
        data.extend(bytes);
    }
    table.extend(data);
    Some(table)
}
