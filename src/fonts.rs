//! The book's fonts: a family found in `fonts/`, named `<Family>-<Style>.ttf|otf`,
//! and the fallback families (`[fonts] fallback`) tried in order for characters it
//! lacks, which may also be collections (`.ttc`, `.otc`) with a face index.
//! Both renderers embed the same faces; each face is checked to parse before use.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::error::{Error, Result};

pub const FONTS_DIR: &str = "fonts";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FontStyle {
    Regular,
    Italic,
    Bold,
    BoldItalic,
}

impl FontStyle {
    pub const ALL: [FontStyle; 4] = [
        FontStyle::Regular,
        FontStyle::Italic,
        FontStyle::Bold,
        FontStyle::BoldItalic,
    ];

    /// Position in `ALL`, for per-face tables.
    pub fn index(self) -> usize {
        self as usize
    }

    pub fn file_suffix(self) -> &'static str {
        match self {
            FontStyle::Regular => "Regular",
            FontStyle::Italic => "Italic",
            FontStyle::Bold => "Bold",
            FontStyle::BoldItalic => "BoldItalic",
        }
    }

    /// The face's name in a sentence ("the italic of `Gentium`").
    pub fn describe(self) -> &'static str {
        match self {
            FontStyle::Regular => "regular",
            FontStyle::Italic => "italic",
            FontStyle::Bold => "bold",
            FontStyle::BoldItalic => "bold italic",
        }
    }

    pub fn is_bold(self) -> bool {
        matches!(self, FontStyle::Bold | FontStyle::BoldItalic)
    }

    pub fn is_italic(self) -> bool {
        matches!(self, FontStyle::Italic | FontStyle::BoldItalic)
    }

    /// The face to use when this one is missing from the family.
    fn fallback(self) -> FontStyle {
        match self {
            FontStyle::BoldItalic => FontStyle::Bold,
            _ => FontStyle::Regular,
        }
    }
}

#[derive(Debug, Clone)]
pub struct FontFace {
    pub style: FontStyle,
    pub path: PathBuf,
    pub data: Arc<Vec<u8>>,
    /// The face's number in a collection (`.ttc`); 0 in a single font.
    pub index: u32,
}

impl FontFace {
    pub fn file_name(&self) -> String {
        self.path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    }

    pub fn is_opentype_cff(&self) -> bool {
        self.data.starts_with(b"OTTO")
            || (self.is_collection()
                && rustybuzz::ttf_parser::Face::parse(&self.data, self.index)
                    .is_ok_and(|f| f.tables().cff.is_some()))
    }

    /// Whether the file is a collection of fonts (`ttcf`), of which this is one.
    pub fn is_collection(&self) -> bool {
        self.data.starts_with(b"ttcf")
    }
}

/// A family with at least a regular face.
#[derive(Debug, Clone)]
pub struct FontFamily {
    /// The family as the files name it (`GentiumBookPlus`): chooses the files.
    pub name: String,
    /// The family as the regular face's `name` table names it ("Gentium Book
    /// Plus"), for what the book prints; the file name when the table has none.
    pub family_name: String,
    faces: Vec<FontFace>,
    /// The licence file shipped beside the fonts, if any.
    pub license: Option<PathBuf>,
    /// `[fonts] fallback`: families tried in order for a character this one lacks
    /// (none of them has fallbacks of its own).
    pub fallbacks: Vec<FontFamily>,
}

impl FontFamily {
    /// The face for a style, falling back to the nearest face the family has.
    pub fn face(&self, style: FontStyle) -> &FontFace {
        let mut wanted = style;
        loop {
            if let Some(face) = self.faces.iter().find(|f| f.style == wanted) {
                return face;
            }
            if wanted == FontStyle::Regular {
                unreachable!("a family is only built with a regular face");
            }
            wanted = wanted.fallback();
        }
    }

    /// The faces actually present, in style order.
    pub fn faces(&self) -> &[FontFace] {
        &self.faces
    }

    /// This family, then its fallbacks, in the order they are tried; a font's
    /// number in the chain (0: this family) is how glyphs name their font.
    pub fn chain(&self) -> impl Iterator<Item = &FontFamily> {
        std::iter::once(self).chain(&self.fallbacks)
    }

    /// The family at `font` in the chain (0: this one).
    pub fn in_chain(&self, font: u8) -> &FontFamily {
        match font {
            0 => self,
            n => &self.fallbacks[usize::from(n) - 1],
        }
    }
}

/// At most this many fallback families: a glyph names its font in a byte.
pub const MAX_FALLBACKS: usize = 16;

/// A fallback family as `[fonts] fallback` names it: a family (`"IPAMincho"`), and
/// the face's number when its files are collections (`.ttc`, `.otc`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FallbackName {
    pub family: String,
    pub index: u32,
}

/// Loads `family` (or, when `None`, the only family with a regular face) from
/// `BOOK_DIR/fonts`.
pub fn load_family(book_dir: &Path, family: Option<&str>) -> Result<FontFamily> {
    load_body(book_dir, family, &[])
}

/// Loads the body family as `load_family` does, never taking one of `skip` (the
/// fallback families) when `family` is not named.
pub fn load_body(book_dir: &Path, family: Option<&str>, skip: &[&str]) -> Result<FontFamily> {
    let dir = book_dir.join(FONTS_DIR);
    let entries = std::fs::read_dir(&dir).map_err(|e| Error::Font {
        path: dir.clone(),
        reason: format!("cannot read the fonts folder ({e}); the book's fonts go in fonts/ as <Family>-Regular.ttf, -Italic, -Bold, -BoldItalic (`folio init` makes a book with fonts)"),
    })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| e.eq_ignore_ascii_case("ttf") || e.eq_ignore_ascii_case("otf"))
        })
        .collect();
    files.sort();
    let families: Vec<String> = files
        .iter()
        .filter_map(|p| split_name(p))
        .filter(|(_, style)| *style == FontStyle::Regular)
        .map(|(family, _)| family)
        .filter(|family| !skip.contains(&family.as_str()))
        .collect();
    let name = match family {
        Some(name) => name.to_string(),
        None => families.first().cloned().ok_or_else(|| Error::Font {
            path: dir.clone(),
            reason: "no regular face found (expected a file such as fonts/MyFamily-Regular.ttf)"
                .into(),
        })?,
    };
    let mut faces = Vec::new();
    for path in &files {
        let Some((file_family, style)) = split_name(path) else {
            continue;
        };
        if file_family != name {
            continue;
        }
        let data = crate::guard::read_limited(path, crate::guard::MAX_FONT_BYTES).map_err(|e| {
            Error::Font {
                path: path.clone(),
                reason: e.to_string(),
            }
        })?;
        let data = Arc::new(data);
        check_font(path, &data, 0)?;
        faces.push(FontFace {
            style,
            path: path.clone(),
            data,
            index: 0,
        });
    }
    if !faces.iter().any(|f| f.style == FontStyle::Regular) {
        return Err(Error::Font {
            path: dir.join(format!("{name}-Regular.ttf")),
            reason: format!(
                "the family `{name}` has no regular face; families found: {}",
                families.join(", ")
            ),
        });
    }
    let license = ["OFL.txt", "LICENSE.txt", "LICENSE", "OFL"]
        .iter()
        .map(|n| dir.join(n))
        .find(|p| p.is_file());
    Ok(family_of(name, faces, license))
}

fn family_of(name: String, mut faces: Vec<FontFace>, license: Option<PathBuf>) -> FontFamily {
    faces.sort_by_key(|f| f.style);
    let regular = &faces[0];
    let family_name =
        name_table_family_at(&regular.data, regular.index).unwrap_or_else(|| name.clone());
    FontFamily {
        name,
        family_name,
        faces,
        license,
        fallbacks: Vec::new(),
    }
}

/// A fallback family from `BOOK_DIR/fonts`: its files named as the body family's
/// (`<Family>-<Style>.ttf`), or one file named after it alone (`<Family>.ttf`,
/// its regular face); `.ttc` and `.otc` collections too, with the face at `index`.
/// Its licence, if any, is `<Family>-OFL.txt` or `<Family>-LICENSE.txt` beside.
pub fn load_fallback(book_dir: &Path, name: &FallbackName) -> Result<FontFamily> {
    let dir = book_dir.join(FONTS_DIR);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| Error::Font {
            path: dir.clone(),
            reason: format!("cannot read the fonts folder ({e})"),
        })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                ["ttf", "otf", "ttc", "otc"]
                    .iter()
                    .any(|x| e.eq_ignore_ascii_case(x))
            })
        })
        .collect();
    files.sort();
    let mut found: Vec<(FontStyle, &PathBuf)> = files
        .iter()
        .filter_map(|p| {
            split_name(p)
                .filter(|(f, _)| *f == name.family)
                .map(|(_, s)| (s, p))
        })
        .collect();
    if found.is_empty() {
        found.extend(
            files
                .iter()
                .filter(|p| p.file_stem().and_then(|s| s.to_str()) == Some(name.family.as_str()))
                .take(1)
                .map(|p| (FontStyle::Regular, p)),
        );
    }
    if !found.iter().any(|(s, _)| *s == FontStyle::Regular) {
        return Err(Error::Font {
            path: dir.join(format!("{}-Regular.ttf", name.family)),
            reason: format!(
                "the fallback family `{}` has no regular face in fonts/ (expected {0}-Regular.ttf, .otf, .ttc or .otc, or {0}.ttf)",
                name.family
            ),
        });
    }
    let mut faces = Vec::new();
    for (style, path) in found {
        let data = crate::guard::read_limited(path, crate::guard::MAX_FONT_BYTES).map_err(|e| {
            Error::Font {
                path: path.clone(),
                reason: e.to_string(),
            }
        })?;
        let collection = data.starts_with(b"ttcf");
        if name.index > 0 && !collection {
            return Err(Error::Font {
                path: path.clone(),
                reason: format!(
                    "face index {} was given, but this is a single font, not a collection (.ttc); drop `index`",
                    name.index
                ),
            });
        }
        if collection {
            let count = rustybuzz::ttf_parser::fonts_in_collection(&data).unwrap_or(0);
            if name.index >= count {
                return Err(Error::Font {
                    path: path.clone(),
                    reason: format!(
                        "the collection holds {count} faces (index 0 to {}), not face {}",
                        count.saturating_sub(1),
                        name.index
                    ),
                });
            }
        }
        let data = Arc::new(data);
        check_font(path, &data, name.index)?;
        faces.push(FontFace {
            style,
            path: path.clone(),
            data,
            index: name.index,
        });
    }
    // Its licence is its own (`fonts/IPAMincho-LICENSE.txt`), never the body's.
    let license = ["OFL.txt", "LICENSE.txt", "LICENSE", "OFL"]
        .iter()
        .map(|n| dir.join(format!("{}-{n}", name.family)))
        .find(|p| p.is_file());
    Ok(family_of(name.family.clone(), faces, license))
}

/// The typographic family (name id 16) or else the family (id 1) of a font, in a
/// Unicode record (English first) or a Macintosh Roman one.
pub fn name_table_family(data: &[u8]) -> Option<String> {
    name_table_family_at(data, 0)
}

/// `name_table_family` of face `index` of a collection.
pub fn name_table_family_at(data: &[u8], index: u32) -> Option<String> {
    use rustybuzz::ttf_parser::{name_id, PlatformId};
    let face = rustybuzz::ttf_parser::Face::parse(data, index).ok()?;
    let names = face.names();
    let find = |id: u16| {
        let mut found: Vec<(bool, String)> = names
            .into_iter()
            .filter(|n| n.name_id == id)
            .filter_map(|n| {
                let text = if n.is_unicode() {
                    n.to_string()
                } else if n.platform_id == PlatformId::Macintosh && n.encoding_id == 0 {
                    Some(n.name.iter().map(|&b| char::from(b)).collect())
                } else {
                    None
                }?;
                let english = n.language_id == 0x0409 || n.platform_id != PlatformId::Windows;
                Some((!english, text.trim().to_string()))
            })
            .filter(|(_, text)| !text.is_empty())
            .collect();
        found.sort();
        found.into_iter().next().map(|(_, text)| text)
    };
    find(name_id::TYPOGRAPHIC_FAMILY).or_else(|| find(name_id::FAMILY))
}

fn split_name(path: &Path) -> Option<(String, FontStyle)> {
    let stem = path.file_stem()?.to_str()?;
    let (family, style) = stem.rsplit_once('-')?;
    let style = FontStyle::ALL
        .into_iter()
        .find(|s| s.file_suffix().eq_ignore_ascii_case(style))?;
    Some((family.to_string(), style))
}

/// Face `index` of `data` as the shaper reads it (read-fonts, through harfrust),
/// sharing the bytes.
pub fn shaping_font(data: &Arc<Vec<u8>>, index: u32) -> Option<harfrust::Font> {
    let shared: Arc<dyn AsRef<[u8]> + Send + Sync> = data.clone();
    harfrust::Font::new(shared, index)
}

fn check_font(path: &Path, data: &Arc<Vec<u8>>, index: u32) -> Result<()> {
    let face = rustybuzz::ttf_parser::Face::parse(data, index).map_err(|e| Error::Font {
        path: path.to_path_buf(),
        reason: format!("it does not parse as a font ({e})"),
    })?;
    if face.number_of_glyphs() < 2 || face.units_per_em() == 0 {
        return Err(Error::Font {
            path: path.to_path_buf(),
            reason: "it has no usable glyphs".into(),
        });
    }
    // The shaper reads the font with its own parser (read-fonts), which refuses
    // some files ttf-parser reads: refused here, with the file named.
    if shaping_font(data, index).is_none() {
        return Err(Error::Font {
            path: path.to_path_buf(),
            reason: "its tables cannot be read for shaping".into(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_family_name_comes_from_the_name_table_not_the_file_name() {
        let family = load_family(Path::new(env!("CARGO_MANIFEST_DIR")), None).unwrap();
        assert_eq!(family.name, "GentiumBookPlus");
        assert_eq!(family.family_name, "Gentium Book Plus");
        assert_eq!(name_table_family(b"not a font"), None);
    }
}
