//! Font subsetting for outputs that keep the font's own layout (the EPUB): the
//! glyphs a text needs keep their outlines, every other glyph is emptied but keeps
//! its number, so the font's `GSUB`, `GPOS` and `kern` tables stay valid and a
//! reader sets the text with the same kerning, ligatures and small capitals as the
//! whole font. (The PDF renumbers glyphs instead, through allsorts, because it
//! places every glyph itself and needs no layout tables; so does the EPUB's subset
//! of a CID-keyed CFF font, see `cff`.)
//!
//! Whether a font may be subset is the licence's call (`permission`): the SIL Open
//! Font License allows it, and a subset is a Modified Version, which must not carry
//! a Reserved Font Name: such a subset is renamed in its `name` table.

use std::collections::BTreeSet;

use crate::fonts::FontFamily;
use cff::is_cid_keyed;

/// What the licence beside a family allows an output to do with its fonts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Permission {
    /// Embed the fonts whole: no licence we know allows subsetting, or the font
    /// itself forbids it (`OS/2` fsType).
    Whole(String),
    /// Subset; `rename` when the licence reserves font names.
    Subset { rename: bool },
}

/// The name a renamed subset carries (in its `name` table and the stylesheet).
pub const RENAMED_FAMILY: &str = "Folio Text";

/// The licence check: the family's licence file (`fonts/OFL.txt`, `LICENSE`…) must
/// be the SIL Open Font License; its Reserved Font Names (the "with Reserved Font
/// Name(s) "…"" line of its copyright notice) mean renaming; and no face may set
/// the "no subsetting" bit of its `OS/2` fsType.
pub fn permission(family: &FontFamily) -> Permission {
    let Some(path) = &family.license else {
        return Permission::Whole("no licence file beside the fonts".into());
    };
    let Ok(text) = std::fs::read_to_string(path) else {
        return Permission::Whole(format!("{} cannot be read", path.display()));
    };
    let lower = text.to_ascii_lowercase();
    // The IPA Font License lets "a part or all" of a font be embedded in a document
    // (its "Embedded Fonts"), under its own name.
    let ipa = lower.contains("ipa font license");
    if !lower.contains("open font license") && !ipa {
        return Permission::Whole(format!(
            "{} is not the SIL Open Font License",
            path.display()
        ));
    }
    for face in family.faces() {
        let Ok(parsed) = rustybuzz::ttf_parser::Face::parse(&face.data, face.index) else {
            return Permission::Whole("a face does not parse".into());
        };
        // A name-keyed CFF font is embedded whole (`subset` keeps glyph numbers by
        // emptying `glyf` outlines); a CID-keyed one is subset by renumbering.
        let cff = face.is_opentype_cff() && !is_cid_keyed(&face.data, face.index);
        if parsed.is_subsetting_allowed() && !cff {
            continue;
        }
        return Permission::Whole(format!(
            "{} forbids subsetting or is a name-keyed CFF font",
            face.file_name()
        ));
    }
    Permission::Subset {
        rename: !ipa && !reserved_font_names(&text).is_empty(),
    }
}

/// The Reserved Font Names an OFL licence text declares: the quoted names after
/// "Reserved Font Name" (or "Names") up to the end of that sentence.
pub fn reserved_font_names(licence: &str) -> Vec<String> {
    let mut names = Vec::new();
    let lower = licence.to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = lower[from..].find("reserved font name") {
        let start = from + at;
        from = start + 1;
        // The notice names them: `with Reserved Font Names "Gentium" and "SIL".`
        // The licence's own terms (`"Reserved Font Name" refers to…`, `may use
        // the Reserved Font Name(s) unless…`) quote no name right after.
        let after = lower[start + "reserved font name".len()..]
            .trim_start_matches("(s)")
            .trim_start_matches('s')
            .trim_start();
        let defined = lower[..start].ends_with(['"', '“']);
        if defined || !after.starts_with(['"', '“']) {
            continue;
        }
        let end = lower[start..]
            .find(".\n")
            .or_else(|| lower[start..].find("\n\n"))
            .map_or(lower.len(), |e| start + e);
        let sentence = &licence[start..end];
        for name in sentence.split(['"', '“', '”']).skip(1).step_by(2) {
            let name = name.trim();
            if !name.is_empty() && !names.iter().any(|n| n == name) {
                names.push(name.to_string());
            }
        }
    }
    names
}

/// The text a subset must draw: its characters (the forms a reader makes of them,
/// ligatures, contextual forms, small capitals, are reached through the font's
/// `GSUB`: see `closure`).
#[derive(Debug, Default)]
pub struct TextSample {
    pub chars: BTreeSet<char>,
    /// The characters of the Basic Multilingual Plane in `chars`: a book's text is
    /// sampled character by character, and a bit is cheaper to test than the set.
    seen: crate::charset::BmpSet,
}

impl TextSample {
    /// Adds the text of an XHTML document or fragment: what is between its tags,
    /// with character references decoded.
    pub fn add_xhtml(&mut self, doc: &str) {
        let mut rest = doc;
        while !rest.is_empty() {
            let (text, after) = match rest.find('<') {
                Some(at) => (&rest[..at], &rest[at..]),
                None => (rest, ""),
            };
            self.add_text(&unescape(text));
            rest = match after.find('>') {
                Some(end) => &after[end + 1..],
                None => "",
            };
        }
    }

    pub fn merge(&mut self, other: TextSample) {
        self.chars.extend(other.chars.iter().copied());
        self.seen.union_with(&other.seen);
    }

    pub fn add_text(&mut self, text: &str) {
        for c in text.chars() {
            if c as u32 > 0xFFFF || self.seen.insert(c) {
                self.chars.insert(c);
            }
        }
    }
}

/// XML text with its references decoded (`&amp;`, `&#39;`, `&#x2014;`…); an
/// unknown one stays as written.
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let Some(end) = rest.find(';') else { break };
        let name = &rest[1..end];
        let decoded = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => name
                .strip_prefix("#x")
                .or_else(|| name.strip_prefix("#X"))
                .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The substitution features a shaper applies by default (HarfBuzz's, for every
/// script a font may cover): the subset keeps what they reach from the text.
const READER_FEATURES: [&[u8; 4]; 30] = [
    b"rvrn", b"ccmp", b"locl", b"rlig", b"liga", b"clig", b"calt", b"rclt", b"frac", b"numr",
    b"dnom", b"ltra", b"ltrm", b"rtla", b"rtlm", b"init", b"medi", b"fina", b"isol", b"med2",
    b"fin2", b"fin3", b"nukt", b"akhn", b"rphf", b"blwf", b"half", b"pstf", b"pres", b"abvs",
];

/// Features a reader turns on beside the shaper's defaults: small capitals
/// (`font-variant: small-caps`).
const EXTRA_FEATURES: [&[u8; 4]; 2] = [b"smcp", b"c2sc"];

/// Letters a renderer measures the font by, whatever the text: FreeType's
/// auto-hinter (Chromium's on Linux) takes each script's blue zones and stem
/// widths from them, and hints every glyph of that script (ligatures and small
/// capitals reached through `GSUB` included) by those measures. Emptying them (a
/// Cyrillic с the text never uses) moved the top of "fi" and the small capitals by
/// a pixel: they keep their outlines, and so do their forms under the features
/// the auto-hinter measures apart (`HINTING_FEATURES`: small capitals have blue
/// zones of their own). Checked with Chromium screenshots (tests/suite/font_hinting.rs).
const HINTING_REFERENCE: [std::ops::RangeInclusive<char>; 6] = [
    '0'..='9',
    'A'..='Z',
    'a'..='z',
    'Α'..='ω',
    'А'..='я',
    '\u{2070}'..='\u{209F}',
];

/// The `GSUB` features FreeType's auto-hinter gives blue zones of their own
/// (its `afcover.h`).
const HINTING_FEATURES: [&[u8; 4]; 10] = [
    b"c2cp", b"c2sc", b"ordn", b"pcap", b"ruby", b"sinf", b"smcp", b"subs", b"sups", b"titl",
];

/// `font` with only the glyphs `sample` needs drawn (see the module's notes), its
/// Graphite tables, digital signature and glyph names dropped, and renamed to
/// `rename` (family) when given. `None` when the font is not a TrueType font this
/// can read: the caller embeds it whole.
pub fn subset(font: &[u8], sample: &TextSample, rename: Option<&str>) -> Option<Vec<u8>> {
    subset_face(font, 0, sample, rename)
}

/// `subset` of face `index` of a font or collection (`.ttc`): a single font.
pub fn subset_face(
    font: &[u8],
    index: u32,
    sample: &TextSample,
    rename: Option<&str>,
) -> Option<Vec<u8>> {
    // (A name-keyed CFF font has no `glyf`: `glyf::subset` gives it back whole.)
    let tables = sfnt::read_face(font, index)?;
    let face = rustybuzz::Face::from_slice(font, index)?;
    if cff::is_cid_keyed(font, index) {
        return cff::subset(font, index, &face, sample, rename);
    }
    let glyph_count = face.number_of_glyphs();
    let mut keep = vec![false; usize::from(glyph_count)];
    keep[0] = true;
    let reference = HINTING_REFERENCE.iter().flat_map(|r| r.clone());
    for c in sample.chars.iter().copied().chain(reference) {
        // A damaged cmap may map past the glyph count: such a glyph is not kept.
        if let Some(kept) = face
            .glyph_index(c)
            .and_then(|g| keep.get_mut(usize::from(g.0)))
        {
            *kept = true;
        }
    }
    if let Some(gsub) = face.tables().gsub {
        let features: Vec<&[u8; 4]> = READER_FEATURES
            .iter()
            .chain(&EXTRA_FEATURES)
            .chain(&HINTING_FEATURES)
            .copied()
            .collect();
        closure::close_over(&gsub, &features, &mut keep);
    }
    glyf::subset(&tables, &mut keep, rename)
}

/// Face `index` of a collection (`.ttc`, `.otc`) as a single font, whole: the
/// EPUB embeds single fonts only.
pub fn extract_face(font: &[u8], index: u32) -> Option<Vec<u8>> {
    Some(sfnt::write(&sfnt::read_face(font, index)?))
}

/// Face `index` of `font` cut down by allsorts to the glyphs `ids` (.notdef first,
/// as it requires), renumbered in that order, with a Unicode `cmap`. allsorts may
/// panic on a damaged font: callers run this under `util::quietly`.
pub fn renumbered(
    font: &[u8],
    index: u32,
    ids: &[u16],
    profile: &allsorts::subset::SubsetProfile,
) -> Result<Vec<u8>, String> {
    use allsorts::binary::read::ReadScope;
    use allsorts::font_data::FontData;
    let data = ReadScope::new(font)
        .read::<FontData<'_>>()
        .map_err(|e| e.to_string())?;
    let provider = data
        .table_provider(index as usize)
        .map_err(|e| e.to_string())?;
    allsorts::subset::subset(
        &provider,
        ids,
        profile,
        allsorts::subset::CmapTarget::Unicode,
    )
    .map_err(|e| format!("font subsetting failed: {e}"))
}

mod cff;
mod closure;
mod glyf;
mod sfnt;

#[cfg(test)]
mod tests;
