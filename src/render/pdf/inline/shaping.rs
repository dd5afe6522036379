//! Shaping: text to positioned glyphs with harfrust (kerning, standard ligatures).
//! Each distinct (style, word) is shaped once and cached, so a long book does not
//! reshape "the" a hundred thousand times. A word the body face cannot draw whole
//! is split into runs by the first font of the chain (`[fonts] fallback`) that has
//! each character, and each run shaped in its font (`fallback`).

use std::sync::Arc;

use rustc_hash::FxHashMap;
use rustybuzz::Face;

use super::hyphenation;
use crate::fonts::{FontFamily, FontStyle};
use crate::units::Pt;

/// One glyph of shaped text, in font units.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    pub id: u16,
    /// The font in the family's chain (0: the body family; see `FontFamily::chain`).
    pub font: u8,
    /// Set right to left (an Arabic or Hebrew run): the glyphs are in visual order.
    pub rtl: bool,
    /// Advance after shaping (kerning included).
    pub advance: i32,
    /// Byte offset in the shaped text where this glyph's cluster starts.
    pub cluster: usize,
    /// Where the text the glyph stands for ends ("fi" for a ligature, for copy and
    /// paste): it is the shaped text's `cluster..text_end`, empty for the second
    /// glyph of a cluster. An offset, not a string: one allocation less per glyph.
    pub text_end: usize,
}

impl Glyph {
    /// The text the glyph stands for, in `shaped`, the text it was shaped from.
    pub fn text<'t>(&self, shaped: &'t str) -> &'t str {
        &shaped[self.cluster..self.text_end]
    }
}

#[derive(Debug, Clone)]
pub struct ShapedText {
    pub glyphs: Vec<Glyph>,
    /// Total advance in font units (the body face's: a fallback glyph's advance
    /// is converted to them).
    pub advance: i32,
    /// The word's hyphenation points, kept with its shaping once asked for (see
    /// `Shaper::word_hyphenation`): a word met again costs one cache lookup, not
    /// two. Tagged with the language they are for.
    hyphenation: std::sync::OnceLock<(Box<str>, usize, Arc<[usize]>)>,
}

impl ShapedText {
    pub fn new(glyphs: Vec<Glyph>, advance: i32) -> Self {
        ShapedText {
            glyphs,
            advance,
            hyphenation: std::sync::OnceLock::new(),
        }
    }
}

/// Shapings are equal by what they draw, whatever they have cached.
impl PartialEq for ShapedText {
    fn eq(&self, other: &Self) -> bool {
        self.glyphs == other.glyphs && self.advance == other.advance
    }
}

/// Hyphenation points by word.
type WordPoints = WordMap<Arc<[usize]>>;

/// A shaper's word caches, owned, to be dropped (see `Shaper::take_word_caches`).
pub struct WordCaches {
    _words: [WordMap<Arc<ShapedText>>; 4],
    _hyphens: FxHashMap<Box<str>, WordPoints>,
}

/// The family's faces, ready to shape, with caches of shaped words, of hyphenation
/// points and of the text each glyph stands for.
pub struct Shaper<'a> {
    family: &'a FontFamily,
    faces: Vec<ChainFace<'a>>,
    /// The fallback families' faces, in the chain's order (font 1 first).
    fallback_faces: Vec<Vec<ChainFace<'a>>>,
    /// One map per face (in `FontStyle::ALL` order).
    words: [WordMap<Arc<ShapedText>>; 4],
    /// Hyphenation points of words, per language tag.
    hyphens: FxHashMap<Box<str>, WordPoints>,
    no_points: Arc<[usize]>,
    /// The text each glyph stands for ("fi" for a ligature), for /ToUnicode, with
    /// the rank it was first met at.
    glyph_text: FxHashMap<(u8, FontStyle, u16), (u32, Box<str>)>,
    plans: Plans,
    /// Each style's units per em (an array: read for every word).
    units_per_em: [Option<f32>; 4],
    /// Each face's space and hyphen (glyph, advance), looked up for every word.
    spaces: [Option<(u16, i32)>; 4],
    hyphens_drawn: [Option<(u16, i32)>; 4],
    /// The start of each word that had to be broken by force (wider than the
    /// measure), in the order met, once each, with its rank: the build warns where
    /// they are.
    forced_breaks: Vec<(u32, String)>,
    /// Where in the book the text being shaped stands (its story's index): workers
    /// take stories as they come free, and what they learn merges in book order.
    rank: u32,
    /// The words other workers of the same book have shaped and hyphenated.
    shared: Option<&'a SharedShapes>,
}

/// How many characters of a word broken by force are kept to find it again.
pub const FORCED_PREFIX: usize = 40;

/// A character the font cannot draw, reported as an error rather than a blank box.
#[derive(Debug, Clone, PartialEq)]
pub struct MissingGlyph {
    pub character: char,
    pub style: FontStyle,
    /// The word or run being shaped, by which the build finds it in the sources.
    pub text: String,
    /// The opening of the paragraph it is in, when known: the word is looked for
    /// from there.
    pub paragraph: String,
}

impl MissingGlyph {
    /// The error a renderer gives for it: which face lacks which character, in
    /// which word, for the build to place (`key`: the book.toml key the text came
    /// from, when known).
    pub fn into_error(
        self,
        format: &'static str,
        family: &FontFamily,
        key: Option<&'static str>,
    ) -> crate::error::Error {
        let chain: Vec<&str> = family.chain().map(|f| f.name.as_str()).collect();
        let fonts = match chain.as_slice() {
            [one] => format!("the {} face of `{one}` has", self.style.describe()),
            all => format!(
                "the {} faces of the fonts tried (`{}`) have",
                self.style.describe(),
                all.join("`, `")
            ),
        };
        let word = match self.text.trim() {
            "" => String::new(),
            word => format!(" in “{word}”"),
        };
        crate::error::Error::Undrawable(Box::new(crate::error::Undrawable {
            format,
            message: format!(
                "{fonts} no glyph for {:?} (U+{:04X}){word}",
                self.character, self.character as u32
            ),
            help: format!(
                "remove or replace the character, or put in fonts/ {} {} face that has it \
                 (or name a family that has it in `fallback` of [fonts])",
                if self.style == FontStyle::Italic {
                    "an"
                } else {
                    "a"
                },
                self.style.describe()
            ),
            text: self.text,
            paragraph: self.paragraph,
            key,
        }))
    }
}

impl<'a> Shaper<'a> {
    /// A shaper for one worker of a book, sharing what it shapes with the others.
    pub fn sharing(family: &'a FontFamily, shared: &'a SharedShapes) -> Self {
        Shaper {
            shared: Some(shared),
            ..Shaper::new(family)
        }
    }

    pub fn new(family: &'a FontFamily) -> Self {
        let mut faces = Vec::new();
        let mut units_per_em = [None; 4];
        for style in FontStyle::ALL {
            let face_file = family.face(style);
            if let Some(face) = ChainFace::load(style, &face_file.data, 0) {
                units_per_em[style.index()] = Some(face.face.units_per_em() as f32);
                faces.push(face);
            }
        }
        let fallback_faces = family
            .fallbacks
            .iter()
            .map(|fallback| {
                FontStyle::ALL
                    .into_iter()
                    .filter_map(|style| {
                        let file = fallback.face(style);
                        ChainFace::load(style, &file.data, file.index)
                    })
                    .collect()
            })
            .collect();
        let mut shaper = Shaper {
            family,
            faces,
            fallback_faces,
            words: Default::default(),
            hyphens: FxHashMap::default(),
            no_points: Arc::from([]),
            glyph_text: FxHashMap::default(),
            plans: Plans::default(),
            units_per_em,
            spaces: [None; 4],
            hyphens_drawn: [None; 4],
            forced_breaks: Vec::new(),
            rank: 0,
            shared: None,
        };
        // The plain space and hyphen claim their glyphs' text first, so that a glyph
        // shared with U+00A0 or U+2010 copies as the common character.
        let single = |shaped: Result<Arc<ShapedText>, MissingGlyph>| {
            let shaped = shaped.ok()?;
            Some((shaped.glyphs.first()?.id, shaped.advance))
        };
        for style in FontStyle::ALL {
            shaper.spaces[style.index()] = single(shaper.shape(style, " "));
            shaper.hyphens_drawn[style.index()] = single(shaper.shape(style, "-"));
        }
        shaper
    }

    /// The space of `style`: its glyph and advance in font units.
    pub fn space(&self, style: FontStyle) -> Result<(u16, i32), MissingGlyph> {
        self.spaces[style.index()].ok_or(MissingGlyph {
            character: ' ',
            style,
            text: String::new(),
            paragraph: String::new(),
        })
    }

    /// The hyphen of `style`: its glyph and advance in font units.
    pub fn hyphen(&self, style: FontStyle) -> Result<(u16, i32), MissingGlyph> {
        self.hyphens_drawn[style.index()].ok_or(MissingGlyph {
            character: '-',
            style,
            text: String::new(),
            paragraph: String::new(),
        })
    }

    /// The caches of shaped and hyphenated words, taken out (the shaper goes on
    /// with empty ones): a novel's take tens of milliseconds to free, which a
    /// caller may do on another thread.
    pub fn take_word_caches(&mut self) -> WordCaches {
        WordCaches {
            _words: std::mem::take(&mut self.words),
            _hyphens: std::mem::take(&mut self.hyphens),
        }
    }

    pub fn family(&self) -> &'a FontFamily {
        self.family
    }

    fn face(&self, style: FontStyle) -> &Face<'a> {
        &Self::face_in(&self.faces, style).face
    }

    /// The face of `style` in font `font` of the chain.
    fn font_face(&self, font: u8, style: FontStyle) -> &Face<'a> {
        match font {
            0 => self.face(style),
            n => &Self::face_in(&self.fallback_faces[usize::from(n) - 1], style).face,
        }
    }

    /// The face `style` of font `font` stands for: a fallback family's missing
    /// styles are its regular face (one subset for the three styles, not three
    /// copies); the body family's styles stay apart, as they always were.
    pub fn face_key(&self, font: u8, style: FontStyle) -> (u8, FontStyle) {
        match font {
            0 => (0, style),
            n => (n, self.family.in_chain(n).face(style).style),
        }
    }

    /// How many fonts the chain holds (the body family and its fallbacks).
    pub fn fonts(&self) -> usize {
        1 + self.fallback_faces.len()
    }

    fn face_in<'f>(faces: &'f [ChainFace<'a>], style: FontStyle) -> &'f ChainFace<'a> {
        faces
            .iter()
            .find(|f| f.style == style)
            .or_else(|| faces.first())
            .expect("the family has a regular face that parsed when loaded")
    }

    /// Points per font unit at `size` (a raw `f32`: it scales every glyph advance).
    pub fn scale(&self, style: FontStyle, size: Pt) -> f32 {
        size.0 / self.units_per_em[style.index()].unwrap_or(1000.0)
    }

    /// `scale` for font `font` of the chain (its own units, for its /W array).
    pub fn font_scale(&self, font: u8, style: FontStyle, size: Pt) -> f32 {
        match font {
            0 => self.scale(style, size),
            n => size.0 / self.font_face(n, style).units_per_em() as f32,
        }
    }

    /// The height of capitals as a fraction of the em (from the font's OS/2 table,
    /// else the height of "H"), for sizing drop caps.
    pub fn cap_height(&self, style: FontStyle) -> f32 {
        let face = self.face(style);
        let upem = face.units_per_em() as f32;
        let from_table = face.capital_height().filter(|&h| h > 0);
        let from_glyph = || {
            let glyph = face.glyph_index('H')?;
            face.glyph_bounding_box(glyph).map(|b| b.y_max)
        };
        match from_table.or_else(from_glyph) {
            Some(height) => f32::from(height) / upem,
            None => 0.7,
        }
    }

    /// The default advance of a glyph (from `hmtx`), which the PDF's /W array holds.
    pub fn default_advance(&self, font: u8, style: FontStyle, glyph: u16) -> i32 {
        self.font_face(font, style)
            .glyph_hor_advance(rustybuzz::ttf_parser::GlyphId(glyph))
            .map_or(0, i32::from)
    }

    /// Shapes `text` in `style`, from the cache when it was seen before.
    pub fn shape(&mut self, style: FontStyle, text: &str) -> Result<Arc<ShapedText>, MissingGlyph> {
        let index = style.index();
        if let Some(shaped) = self.words[index].get(text) {
            return Ok(shaped.clone());
        }
        let from_others = self.shared.and_then(|shared| shared.shaped(style, text));
        let shaped = match from_others {
            Some(shaped) => shaped,
            None => {
                let shaped = Arc::new(self.shape_new(style, text)?);
                if let Some(shared) = self.shared {
                    shared.keep_shaped(style, text, &shaped);
                }
                shaped
            }
        };
        for glyph in &shaped.glyphs {
            let glyph_text = glyph.text(text);
            if !glyph_text.is_empty() {
                let (font, face) = self.face_key(glyph.font, style);
                let rank = self.rank;
                self.glyph_text
                    .entry((font, face, glyph.id))
                    .or_insert_with(|| (rank, glyph_text.into()));
            }
        }
        self.words[index].insert(text, shaped.clone());
        Ok(shaped)
    }

    /// Shapes a word no worker has shaped yet.
    fn shape_new(&mut self, style: FontStyle, text: &str) -> Result<ShapedText, MissingGlyph> {
        let face = &Self::face_in(&self.faces, style).shaping;
        match shape_uncached(face, &mut self.plans, (0, style), text) {
            // Right-to-left letters are set apart from the punctuation around them.
            Ok(_) if fallback::has_rtl(text) => self.shape_with_fallbacks(style, text),
            Ok(shaped) => Ok(shaped),
            Err(_) if !self.fallback_faces.is_empty() => self.shape_with_fallbacks(style, text),
            Err(missing) => Err(missing),
        }
    }

    /// Where `word` may be hyphenated in `language`: the byte offset of its letters
    /// in it (after punctuation such as “ or «), and the points within them.
    /// Computed once per word's letters: "слово," and "«слово" are hyphenated as
    /// "слово" (a third fewer words to hyphenate in a Russian novel).
    pub fn hyphenation_points(
        &mut self,
        word: &str,
        language: &crate::lang::Lang,
    ) -> (usize, Arc<[usize]>) {
        // Under five bytes, under five letters: never hyphenated, and half of all
        // words, so not worth a lookup.
        if word.len() < hyphenation::MIN_WORD {
            return (0, self.no_points.clone());
        }
        let (start, end) = hyphenation::letters_span(word);
        let letters = &word[start..end];
        if letters.len() < hyphenation::MIN_WORD {
            return (0, self.no_points.clone());
        }
        if let Some(points) = self
            .hyphens
            .get(language.as_str())
            .and_then(|words| words.get(letters))
        {
            return (start, points.clone());
        }
        let shared = self.shared;
        let points = match shared.and_then(|s| s.points(language.as_str(), letters)) {
            Some(points) => points,
            None => {
                let points: Arc<[usize]> = hyphenation::break_points(letters, language).into();
                if let Some(shared) = shared {
                    shared.keep_points(language.as_str(), letters, &points);
                }
                points
            }
        };
        // The language's map is nearly always there: no key made for it per word.
        match self.hyphens.get_mut(language.as_str()) {
            Some(words) => words.insert(letters, points.clone()),
            None => self
                .hyphens
                .entry(language.as_str().into())
                .or_default()
                .insert(letters, points.clone()),
        };
        (start, points)
    }

    /// [`Shaper::hyphenation_points`] of a word as shaped (`shaped` is `word`'s
    /// shaping), remembered with the shaping: most words of a book recur.
    pub fn word_hyphenation(
        &mut self,
        shaped: &ShapedText,
        word: &str,
        language: &crate::lang::Lang,
    ) -> (usize, Arc<[usize]>) {
        if word.len() < hyphenation::MIN_WORD {
            return (0, self.no_points.clone());
        }
        if let Some((tag, start, points)) = shaped.hyphenation.get() {
            if **tag == *language.as_str() {
                return (*start, points.clone());
            }
        }
        let (start, points) = self.hyphenation_points(word, language);
        // Another worker may have set it meanwhile: to the same points.
        let _ = shaped
            .hyphenation
            .set((language.as_str().into(), start, points.clone()));
        (start, points)
    }

    /// The text a glyph of font `font` of the chain stands for, as first shaped.
    pub fn glyph_text(&self, font: u8, style: FontStyle, glyph: u16) -> Option<&str> {
        let (font, face) = self.face_key(font, style);
        self.glyph_text.get(&(font, face, glyph)).map(|(_, t)| &**t)
    }

    /// Sets where in the book the text shaped next stands (its story's index; 0,
    /// the start, by default).
    pub fn set_rank(&mut self, rank: u32) {
        self.rank = rank;
    }

    /// Takes in what other shapers (the flow workers') learnt: of each glyph's
    /// texts the one met first in the book, and the words broken by force in book
    /// order, as if one shaper had set every story in turn. What this shaper knows
    /// already stays: it ranks first.
    pub fn absorb(&mut self, workers: &[Shaper<'_>]) {
        for worker in workers {
            for (key, (rank, text)) in &worker.glyph_text {
                let known = self
                    .glyph_text
                    .entry(*key)
                    .or_insert_with(|| (*rank, text.clone()));
                if *rank < known.0 {
                    *known = (*rank, text.clone());
                }
            }
        }
        let mut forced: Vec<&(u32, String)> =
            workers.iter().flat_map(|w| &w.forced_breaks).collect();
        // Stable: a worker met its words in order, and each story is one worker's.
        forced.sort_by_key(|(rank, _)| *rank);
        for (rank, word) in forced {
            self.note_forced_break_at(*rank, word);
        }
    }

    /// Notes a word broken by force; its first characters are kept (enough to find
    /// it in the sources), at most `MAX_FORCED` words.
    pub fn note_forced_break(&mut self, word: &str) {
        self.note_forced_break_at(self.rank, word);
    }

    fn note_forced_break_at(&mut self, rank: u32, word: &str) {
        const MAX_FORCED: usize = 100;
        let start: String = word.chars().take(FORCED_PREFIX).collect();
        if self.forced_breaks.len() < MAX_FORCED
            && !self.forced_breaks.iter().any(|(_, known)| *known == start)
        {
            self.forced_breaks.push((rank, start));
        }
    }

    /// The words broken by force so far (their first characters).
    pub fn forced_breaks(&self) -> Vec<String> {
        self.forced_breaks
            .iter()
            .map(|(_, word)| word.clone())
            .collect()
    }

    /// How many distinct words were shaped; for benchmarks and tests of the cache.
    pub fn cached_words(&self) -> usize {
        self.words
            .iter()
            .map(|m| {
                m.words()
                    .filter(|w| !matches!(**w, [b' '] | [b'-']))
                    .count()
            })
            .sum()
    }
}

/// A face of the chain, read twice: by ttf-parser for its metrics and glyph
/// coverage, and by harfrust (HarfBuzz's Rust port, twice rustybuzz's speed on a
/// novel's words, with the same glyphs and positions) to shape.
pub(super) struct ChainFace<'a> {
    style: FontStyle,
    face: Face<'a>,
    shaping: harfrust::Font,
}

impl<'a> ChainFace<'a> {
    fn load(style: FontStyle, data: &'a Arc<Vec<u8>>, index: u32) -> Option<Self> {
        let face = Face::from_slice(data, index)?;
        let shaping = crate::fonts::shaping_font(data, index)?;
        Some(ChainFace {
            style,
            face,
            shaping,
        })
    }
}

mod fallback;
mod one_face;
mod shared;
mod word_map;

use word_map::WordMap;

use one_face::{shape_uncached, Plans};

pub use shared::SharedShapes;

#[cfg(test)]
mod tests;
