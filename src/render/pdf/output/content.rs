//! Content streams: each composed page as text objects of positioned, horizontally
//! scaled glyph runs (TJ offsets carry kerning and justification) and filled rules,
//! in the subset fonts' glyph numbers. Written for every glyph of the book, so
//! numbers are formatted by hand.

use std::collections::BTreeMap;

use printpdf::FontId;

use crate::fonts::FontStyle;
use crate::render::pdf::flow::ComposedPage;
use crate::render::pdf::geometry::PageGeometry;
use crate::render::pdf::inline::Shaper;
use crate::units::Pt;

/// A face of the chain: the font's number (0: the body family; then the
/// `[fonts] fallback` families) and its style. Body faces sort first, so a book
/// without fallbacks numbers its fonts as before they existed.
pub(super) type FaceKey = (u8, FontStyle);

/// A face cut down to the glyphs the book uses, with the old → new glyph numbers.
pub(super) struct SubsetFace {
    pub(super) id: FontId,
    /// Indexed by the font's own glyph number: the code the content stream writes
    /// (the subset's glyph number, or its CID in a CID-keyed CFF) and the glyph's
    /// designed advance in font units (dense, because every glyph drawn looks here).
    pub(super) glyphs: Vec<(u16, i32)>,
}

impl SubsetFace {
    pub(super) fn glyph(&self, id: u16) -> (u16, i32) {
        self.glyphs.get(usize::from(id)).copied().unwrap_or((0, 0))
    }
}

/// One page's content stream: text objects of positioned, horizontally scaled
/// glyph runs, with TJ offsets carrying kerning and justification.
pub(super) fn page_content(
    page: &ComposedPage,
    faces: &BTreeMap<FaceKey, SubsetFace>,
    shaper: &Shaper<'_>,
    geometry: &PageGeometry,
) -> Vec<u8> {
    let mut out = Vec::with_capacity(page.runs.len() * 160);
    for rule in &page.rules {
        out.extend_from_slice(b"q 0 g ");
        let y = geometry.height - rule.top - rule.height;
        for value in [rule.x, y, rule.width, rule.height] {
            push_number(&mut out, round(value.0));
            out.push(b' ');
        }
        out.extend_from_slice(b"re f Q\n");
    }
    super::images::draw_images(&mut out, page, geometry.height);
    if page.runs.is_empty() {
        return out;
    }
    out.extend_from_slice(b"BT\n");
    let mut current: Option<(u8, FontStyle, Pt)> = None;
    let mut current_scale: f32 = 1.0;
    for placed in &page.runs {
        let run = &placed.run;
        let Some(face) = faces.get(&shaper.face_key(run.font, run.style)) else {
            continue;
        };
        if current != Some((run.font, run.style, run.size)) {
            out.push(b'/');
            out.extend_from_slice(face.id.0.as_bytes());
            out.push(b' ');
            push_number(&mut out, run.size.0);
            out.extend_from_slice(b" Tf\n");
            current = Some((run.font, run.style, run.size));
        }
        if run.scale != current_scale {
            push_number(&mut out, round(run.scale * 100.0));
            out.extend_from_slice(b" Tz\n");
            current_scale = run.scale;
        }
        out.extend_from_slice(b"1 0 0 1 ");
        push_number(&mut out, round(placed.x.0));
        out.push(b' ');
        push_number(
            &mut out,
            round((geometry.height - placed.baseline + run.rise).0),
        );
        out.extend_from_slice(b" Tm\n[");
        let scale = shaper.font_scale(run.font, run.style, run.size);
        // Offsets below use the same rounded scale as the Tz above.
        let tz = round(run.scale * 100.0) / 100.0;
        let mut glyphs = GlyphString::new(&mut out);
        for g in &run.glyphs {
            let (gid, natural) = face.glyph(g.id);
            // TJ offsets are thousandths of an em, subtracted from the advance, and
            // scaled with the glyphs by Tz.
            let offset = (natural as f32 * scale - g.advance / tz) / run.size.0 * 1000.0;
            glyphs.push(gid, offset);
        }
        glyphs.finish();
        out.extend_from_slice(b"] TJ\n");
    }
    out.extend_from_slice(b"ET\n");
    out
}

/// The inside of a TJ array: glyphs gathered into one literal string until an
/// offset interrupts it. Offsets are written to a tenth of a thousandth of an em
/// (0.001 pt at 11 pt), and what rounding leaves off is carried to the next glyph,
/// so no error builds up along a line and rounding noise writes nothing at all.
struct GlyphString<'a> {
    out: &'a mut Vec<u8>,
    open: bool,
    carried: f32,
}

impl<'a> GlyphString<'a> {
    fn new(out: &'a mut Vec<u8>) -> Self {
        GlyphString {
            out,
            open: false,
            carried: 0.0,
        }
    }

    /// A glyph, then `offset` thousandths of an em taken from its advance.
    fn push(&mut self, gid: u16, offset: f32) {
        if !self.open {
            self.out.push(b'(');
            self.open = true;
        }
        push_code(self.out, gid);
        let wanted = offset + self.carried;
        let tenths = round_half_away(f64::from(wanted * 10.0)) as f32;
        self.carried = wanted - tenths / 10.0;
        if tenths != 0.0 {
            self.out.push(b')');
            self.open = false;
            push_fixed(self.out, tenths as i64, 1);
        }
    }

    fn finish(self) {
        if self.open {
            self.out.push(b')');
        }
    }
}

/// A glyph's two-byte code, raw in a literal string: half the bytes of hex, so
/// half the content to compress. Only the string's delimiters, the escape and the
/// line ends (which a reader would normalise) are escaped.
fn push_code(out: &mut Vec<u8>, gid: u16) {
    for byte in gid.to_be_bytes() {
        match byte {
            b'(' | b')' | b'\\' => out.extend_from_slice(&[b'\\', byte]),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\n' => out.extend_from_slice(b"\\n"),
            _ => out.push(byte),
        }
    }
}

/// A number as PDF content streams write it: at most three decimals, no exponent.
fn push_number(out: &mut Vec<u8>, value: f32) {
    push_fixed(out, round_half_away(f64::from(value) * 1000.0) as i64, 3);
}

/// `scaled` ÷ 10^`decimals`, without trailing zeros (and without allocating: this
/// writes every offset and position of the book).
fn push_fixed(out: &mut Vec<u8>, scaled: i64, decimals: u32) {
    if scaled < 0 {
        out.push(b'-');
    }
    let unit = 10u64.pow(decimals);
    let magnitude = scaled.unsigned_abs();
    push_digits(out, magnitude / unit);
    let mut fraction = magnitude % unit;
    if fraction != 0 {
        out.push(b'.');
        let mut digit = unit / 10;
        while fraction != 0 {
            out.push(b'0' + (fraction / digit) as u8);
            fraction %= digit;
            digit /= 10;
        }
    }
}

fn push_digits(out: &mut Vec<u8>, mut value: u64) {
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    loop {
        start -= 1;
        digits[start] = b'0' + (value % 10) as u8;
        value /= 10;
        if value == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[start..]);
}

fn round(value: f32) -> f32 {
    round_half_away(f64::from(value * 1000.0)) as f32 / 1000.0
}

/// `x.round()`, without the call into the C library that `round` makes on CPUs
/// without SSE4.1 (it wrote every glyph's offset). Exact for every value made
/// from an `f32`; NaN and values too large to have a fraction come back as they
/// are.
fn round_half_away(x: f64) -> f64 {
    if x.abs() < 4.5e15 {
        (x + 0.5f64.copysign(x)) as i64 as f64
    } else {
        x
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn number(value: f32) -> String {
        let mut out = Vec::new();
        push_number(&mut out, value);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn numbers_are_written_compactly_without_exponents() {
        let cases = [
            (12.0, "12"),
            (-1.5, "-1.5"),
            (0.125, "0.125"),
            (0.0004, "0"),
            (-0.0004, "0"),
            (1e-9, "0"),
            (612.05, "612.05"),
            (-37.0, "-37"),
        ];
        for (value, want) in cases {
            assert_eq!(number(value), want, "{value}");
        }
    }

    fn glyph_string(glyphs: &[(u16, f32)]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut string = GlyphString::new(&mut out);
        for &(gid, offset) in glyphs {
            string.push(gid, offset);
        }
        string.finish();
        out
    }

    #[test]
    fn glyphs_share_a_string_until_an_offset() {
        assert_eq!(
            glyph_string(&[(0x1A2, 0.0), (0xFF41, 0.0), (3, -60.08), (4, 0.0)]),
            b"(\x01\xA2\xFFA\0\x03)-60.1(\0\x04)"
        );
        assert_eq!(glyph_string(&[]), b"");
    }

    #[test]
    fn delimiters_escapes_and_line_ends_in_codes_are_escaped() {
        // Glyphs 0x28 '(', 0x29 ')', 0x5C '\\', 0x0D and 0x0A: a reader must get
        // every byte back as written.
        assert_eq!(
            glyph_string(&[(0x2829, 0.0), (0x5C0D, 0.0), (0x0A00, 0.0)]),
            b"(\\(\\)\\\\\\r\\n\0)"
        );
    }

    #[test]
    fn rounding_noise_is_carried_not_written() {
        // Thousandths of a thousandth: nothing to write, until they add up.
        let noise = glyph_string(&[(1, -0.001); 10]);
        assert_eq!(noise, [b"(".as_slice(), &[0, 1].repeat(10), b")"].concat());
        let drift = glyph_string(&[(1, 0.04), (2, 0.04), (3, 0.04), (4, 0.0)]);
        assert_eq!(drift, b"(\0\x01\0\x02)0.1(\0\x03\0\x04)");
    }

    #[test]
    fn rounding_matches_the_standard_library_on_every_kind_of_value() {
        let mut values = vec![0.5, -0.5, 1.5, -2.5, 0.49999997, -0.49999997, 1e-9, 1e7];
        let mut x: u32 = 12345;
        for _ in 0..100_000 {
            x = x.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            let value = f32::from_bits(x);
            if value.is_finite() && value.abs() < 1e9 {
                values.push(value);
            }
            values.push((x % 20_000) as f32 / 8.0 - 1250.0);
        }
        for value in values {
            let ours = round_half_away(f64::from(value));
            assert_eq!(ours, f64::from(value).round(), "{value}");
        }
        assert!(round_half_away(f64::NAN).is_nan());
    }

    #[test]
    fn fixed_point_numbers_drop_trailing_zeros() {
        let fixed = |scaled, decimals| {
            let mut out = Vec::new();
            push_fixed(&mut out, scaled, decimals);
            String::from_utf8(out).unwrap()
        };
        assert_eq!(fixed(-601, 1), "-60.1");
        assert_eq!(fixed(600, 1), "60");
        assert_eq!(fixed(1050, 3), "1.05");
        assert_eq!(fixed(7, 3), "0.007");
        assert_eq!(fixed(0, 3), "0");
    }
}
