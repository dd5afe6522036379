//! Characters the book's fonts cannot draw, found in the sources with their position,
//! before any rendering: a missing glyph is an error, never a blank box.

use rustc_hash::FxHashMap;
use std::path::Path;

use rustybuzz::ttf_parser;

use crate::error::Diagnostic;
use crate::fonts::{FontFamily, FontStyle};
use crate::manifest::LoadedManifest;
use crate::source::StoryText;
use rayon::prelude::*;

/// At most this many missing characters are reported per file, then a count.
const MAX_PER_FILE: usize = 5;

/// Characters that are never drawn as glyphs: white space (the renderers turn it into
/// spacing) and default-ignorable format characters (joiners, variation selectors…).
fn never_drawn(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(c,
            '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
            | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}'
            | '\u{FFA0}' | '\u{FFF0}'..='\u{FFF8}' | '\u{E0000}'..='\u{E0FFF}')
}

/// Which characters one family's regular face, or one of its fallbacks', has,
/// memoised (ASCII in a table, as most text is ASCII and this runs on every
/// character of every build).
pub struct Coverage<'a> {
    /// The fonts tried, in order, as the error names them.
    names: Vec<&'a str>,
    faces: Vec<ttf_parser::Face<'a>>,
    ascii: [bool; 128],
    known: FxHashMap<char, bool>,
    /// The characters of the Basic Multilingual Plane found drawn: a book asks
    /// about every character it holds, and a bit is cheaper than the map.
    drawn_bmp: crate::charset::BmpSet,
}

impl<'a> Coverage<'a> {
    pub fn new(family: &'a FontFamily) -> Self {
        let mut faces = Vec::new();
        let mut names = Vec::new();
        for member in family.chain() {
            let file = member.face(FontStyle::Regular);
            names.push(member.name.as_str());
            // A face that does not parse was refused when loaded.
            faces.extend(ttf_parser::Face::parse(&file.data, file.index).ok());
        }
        let mut coverage = Coverage {
            names,
            faces,
            ascii: [true; 128],
            known: FxHashMap::default(),
            drawn_bmp: crate::charset::BmpSet::default(),
        };
        for code in 0..128u8 {
            let c = char::from(code);
            coverage.ascii[usize::from(code)] = never_drawn(c) || coverage.drawn(c);
        }
        coverage
    }

    /// Whether a font of the chain has `c` (or no font parsed, to say nothing twice).
    fn drawn(&self, c: char) -> bool {
        self.faces.is_empty() || self.faces.iter().any(|f| f.glyph_index(c).is_some())
    }

    /// What a missing character is said to be missing from.
    fn missing_from(&self) -> String {
        match self.names.as_slice() {
            [one] => format!("the font `{one}` has no glyph"),
            all => format!("the fonts tried (`{}`) have no glyph", all.join("`, `")),
        }
    }

    #[inline]
    pub fn has(&mut self, c: char) -> bool {
        if c.is_ascii() {
            return self.ascii[c as usize];
        }
        if self.drawn_bmp.contains(c) {
            return true;
        }
        if never_drawn(c) {
            return true;
        }
        if let Some(&known) = self.known.get(&c) {
            return known;
        }
        let drawn = self.drawn(c);
        self.known.insert(c, drawn);
        if drawn {
            self.drawn_bmp.insert(c);
        }
        drawn
    }
}

/// Every character of `text` (a file's decoded contents) that one of `families`
/// cannot draw: the first place of each, up to a few per file.
pub fn missing_in(path: &Path, text: &str, coverages: &mut [Coverage<'_>]) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut reported: rustc_hash::FxHashSet<char> = Default::default();
    // Made for the first problem only: most files have none.
    let lines = std::cell::OnceCell::new();
    let mut more = 0usize;
    for (offset, c) in text.char_indices() {
        for coverage in coverages.iter_mut() {
            if coverage.has(c) || !reported.insert(c) {
                continue;
            }
            if problems.len() == MAX_PER_FILE {
                more += 1;
                continue;
            }
            problems.push(
                Diagnostic::new(
                    path,
                    format!(
                        "{} for {:?} (U+{:04X})",
                        coverage.missing_from(),
                        c,
                        c as u32
                    ),
                )
                .at(Some(
                    lines
                        .get_or_init(|| crate::error::LineIndex::new(text))
                        .line_col(offset),
                ))
                .help(
                    "remove or replace the character, or put a font family that has it in \
                     fonts/ and name it in `fallback` of [fonts] (or with `font` in \
                     [output.pdf] and [output.epub])",
                ),
            );
        }
    }
    if more > 0 {
        problems.push(
            Diagnostic::new(
                path,
                format!("… and {more} more characters the font cannot draw"),
            )
            .help("run `folio check` after fixing the ones above"),
        );
    }
    problems
}

/// Checks the manifest's displayed text and every story (as read) against the fonts.
pub fn check(
    manifest: &LoadedManifest,
    families: &[&FontFamily],
    texts: &[StoryText],
) -> Vec<Diagnostic> {
    let mut unique: Vec<&FontFamily> = Vec::new();
    for family in families {
        if !unique.iter().any(|f| f.name == family.name) {
            unique.push(family);
        }
    }
    let families = unique;
    let mut coverages: Vec<Coverage<'_>> = families.iter().map(|f| Coverage::new(f)).collect();
    let mut problems = Vec::new();
    for value in super::displayed_strings(manifest) {
        // Locate each value in the manifest text; a value is written there as is
        // unless it uses escapes, in which case the file is named without a line.
        let at = manifest.text.find(value);
        for mut d in missing_in(&manifest.path, value, &mut coverages) {
            d.position = at.map(|start| {
                let offset = d.position.map_or(0, |(_, col)| {
                    value.char_indices().nth(col - 1).map_or(0, |(o, _)| o)
                });
                crate::error::line_col(&manifest.text, start + offset)
            });
            if !problems.contains(&d) {
                problems.push(d);
            }
        }
    }
    // Stories on the workers, each batch with its own memo of the fonts' coverage.
    let per_story: Vec<Vec<Diagnostic>> = texts
        .par_iter()
        .map_init(
            || {
                families
                    .iter()
                    .map(|f| Coverage::new(f))
                    .collect::<Vec<_>>()
            },
            |coverages, story| missing_in(&story.path, &story.text, coverages),
        )
        .collect();
    problems.extend(per_story.into_iter().flatten());
    problems
}
