//! The fonts the EPUB embeds: whole, or subset to the book's text where the
//! licence allows it (see `crate::font_subset`), renamed when it reserves the
//! family's name. The stylesheet's `@font-face` rules and the files follow the plan.

use std::borrow::Cow;

use super::EpubOptions;
use crate::font_subset::{self, Permission, TextSample, RENAMED_FAMILY};
use crate::fonts::{FontFace, FontFamily, FontStyle};
use crate::model::EmphasisUsed;
use crate::render::{RenderContext, RenderWarning};

/// A face whose file is larger goes into the EPUB whole only with a warning: a
/// CJK font (15–20 MB) would be most of the book's download.
const LARGE_FONT_BYTES: usize = 4 * 1024 * 1024;

/// How one family's faces go into the EPUB.
pub(super) struct FamilyPlan<'f> {
    pub faces: Vec<&'f FontFace>,
    /// Whether the faces are subset to the book's text (the licence allows it).
    pub subset: bool,
    /// The subsets' family name when the licence reserves the original's.
    rename: Option<String>,
    /// Why the faces go in whole, when they do.
    whole: Option<String>,
    /// The family's name (with the face's number for a collection's later faces,
    /// which share the file's family name).
    family: String,
    /// The family's place in the chain (0: the body family), to keep the files of
    /// the fallbacks apart from the body's.
    number: usize,
}

/// The body family's faces, then each fallback family's (`[fonts] fallback`).
pub(super) struct FontPlan<'f> {
    pub families: Vec<FamilyPlan<'f>>,
}

impl<'f> FontPlan<'f> {
    pub fn new(ctx: &RenderContext<'f>, options: &EpubOptions) -> FontPlan<'f> {
        let used = ctx.book.emphasis_used();
        let families = ctx
            .fonts
            .chain()
            .enumerate()
            .map(|(number, family)| {
                let faces: Vec<&FontFace> = if options.embed_fonts {
                    embedded_faces(family, used).collect()
                } else {
                    Vec::new()
                };
                let permission = if options.subset_fonts && !faces.is_empty() {
                    font_subset::permission(family)
                } else {
                    Permission::Whole("not asked".into())
                };
                let (subset, rename, whole) = match permission {
                    Permission::Subset { rename } => (true, rename.then(|| renamed(number)), None),
                    Permission::Whole(why) => (false, None, Some(why)),
                };
                FamilyPlan {
                    faces,
                    subset,
                    rename,
                    whole,
                    family: match family.face(FontStyle::Regular).index {
                        0 => family.name.clone(),
                        index => format!("{} {index}", family.name),
                    },
                    number,
                }
            })
            .collect();
        FontPlan { families }
    }

    /// Whether any family is subset (the book's text must then be sampled).
    pub fn subset(&self) -> bool {
        self.families.iter().any(|f| f.subset)
    }

    /// A `font-whole` warning for each large face embedded whole.
    pub fn warnings(&self) -> Vec<RenderWarning> {
        self.faces()
            .filter(|(plan, face)| !plan.subset && face.data.len() > LARGE_FONT_BYTES)
            .map(|(plan, face)| RenderWarning {
                code: "font-whole",
                message: format!(
                    "{}{} ({:.1} MB{}) goes into the EPUB whole: {}",
                    match face.is_collection() {
                        true => format!("face {} of ", face.index),
                        false => String::new(),
                    },
                    face.path.display(),
                    face.data.len() as f64 / 1e6,
                    if face.is_collection() { " in all" } else { "" },
                    plan.whole.as_deref().unwrap_or("it cannot be subset")
                ),
                help: "if its licence allows subsetting (the SIL Open Font License does), put it \
                       beside the font (fonts/OFL.txt, or fonts/<Family>-OFL.txt for a fallback) \
                       and leave `subset_fonts` on in [output.epub]"
                    .into(),
                text: String::new(),
                at: None,
                key: None,
            })
            .collect()
    }

    /// Every face embedded, with its family's plan.
    pub fn faces(&self) -> impl Iterator<Item = (&FamilyPlan<'f>, &'f FontFace)> + '_ {
        self.families
            .iter()
            .flat_map(|plan| plan.faces.iter().map(move |face| (plan, *face)))
    }
}

/// A renamed subset's family: the body's `RENAMED_FAMILY`, a fallback's numbered.
fn renamed(number: usize) -> String {
    match number {
        0 => RENAMED_FAMILY.to_string(),
        n => format!("{RENAMED_FAMILY} Fallback {n}"),
    }
}

impl<'f> FamilyPlan<'f> {
    /// The family name the stylesheet declares and uses.
    pub fn css_family(&self) -> &str {
        self.rename.as_deref().unwrap_or(&self.family)
    }

    /// The face's file inside the EPUB, under `fonts/`.
    pub fn file_name(&self, face: &FontFace) -> String {
        let name = match &self.rename {
            Some(family) => {
                let stem: String = family
                    .chars()
                    .filter(|c| c.is_ascii_alphanumeric())
                    .collect();
                let extension = if face.is_opentype_cff() { "otf" } else { "ttf" };
                format!("{stem}-{}.{extension}", face.style.file_suffix())
            }
            None => font_file_name(face),
        };
        match self.number {
            0 => name,
            // A collection's face goes in as a single font.
            n if face.is_collection() => {
                let extension = if face.is_opentype_cff() { "otf" } else { "ttf" };
                format!(
                    "fallback{n}-{}.{extension}",
                    face.style.file_suffix().to_ascii_lowercase()
                )
            }
            n => format!("fallback{n}-{name}"),
        }
    }

    /// Each face's bytes for the book whose text is `sample`: its subset, or the
    /// whole font when it is not to be subset or cannot be read for it (a
    /// collection's face taken out of it).
    pub fn data(&self, face: &'f FontFace, sample: &TextSample) -> Cow<'f, [u8]> {
        let subset = self
            .subset
            .then(|| {
                font_subset::subset_face(&face.data, face.index, sample, self.rename.as_deref())
            })
            .flatten();
        match subset {
            Some(bytes) => Cow::Owned(bytes),
            None if face.is_collection() => {
                Cow::Owned(font_subset::extract_face(&face.data, face.index).unwrap_or_default())
            }
            None => Cow::Borrowed(face.data.as_slice()),
        }
    }
}

/// The faces the book needs: regular and italic always (titles, subtitles), bold
/// ones only where the text has strong emphasis. The fonts are most of the EPUB.
pub(super) fn embedded_faces(
    family: &FontFamily,
    used: EmphasisUsed,
) -> impl Iterator<Item = &FontFace> {
    family.faces().iter().filter(move |face| match face.style {
        FontStyle::Regular | FontStyle::Italic => true,
        FontStyle::Bold => used.bold,
        FontStyle::BoldItalic => used.bold_italic,
    })
}

/// The name of a face's file inside the EPUB (`fonts/NAME`, in the OPF and in the
/// stylesheet's `url()`): the file's own name when it is a plain ASCII name, else
/// one made from the style, so that no space, accent or `<>"#` reaches a URL.
pub(super) fn font_file_name(face: &FontFace) -> String {
    let name = face.file_name();
    let plain = !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if plain && !name.is_empty() {
        return name;
    }
    let extension = if face.is_opentype_cff() { "otf" } else { "ttf" };
    format!(
        "font-{}.{extension}",
        face.style.file_suffix().to_ascii_lowercase()
    )
}
