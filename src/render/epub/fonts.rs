//! The fonts the EPUB embeds: whole, or subset to the book's text where the
//! licence allows it (see `crate::font_subset`), renamed when it reserves the
//! family's name. The stylesheet's `@font-face` rules and the files follow the plan.

use std::borrow::Cow;

use super::EpubOptions;
use crate::font_subset::{self, Permission, TextSample, RENAMED_FAMILY};
use crate::fonts::{FontFace, FontStyle};
use crate::render::RenderContext;

pub(super) struct FontPlan<'f> {
    pub faces: Vec<&'f FontFace>,
    /// Whether the faces are subset to the book's text (the licence allows it).
    pub subset: bool,
    /// The subsets' family name when the licence reserves the original's.
    rename: Option<&'static str>,
    family: &'f str,
}

impl<'f> FontPlan<'f> {
    pub fn new(ctx: &RenderContext<'f>, options: &EpubOptions) -> FontPlan<'f> {
        let faces: Vec<&FontFace> = if options.embed_fonts {
            embedded_faces(ctx).collect()
        } else {
            Vec::new()
        };
        let permission = if options.subset_fonts && !faces.is_empty() {
            font_subset::permission(ctx.fonts)
        } else {
            Permission::Whole("not asked".into())
        };
        let (subset, rename) = match permission {
            Permission::Subset { rename } => (true, rename.then_some(RENAMED_FAMILY)),
            Permission::Whole(_) => (false, None),
        };
        FontPlan {
            faces,
            subset,
            rename,
            family: &ctx.fonts.name,
        }
    }

    /// The family name the stylesheet declares and uses.
    pub fn css_family(&self) -> &str {
        self.rename.unwrap_or(self.family)
    }

    /// The face's file inside the EPUB, under `fonts/`.
    pub fn file_name(&self, face: &FontFace) -> String {
        match self.rename {
            Some(family) => {
                let stem: String = family
                    .chars()
                    .filter(|c| c.is_ascii_alphanumeric())
                    .collect();
                format!("{stem}-{}.ttf", face.style.file_suffix())
            }
            None => font_file_name(face),
        }
    }

    /// Each face's bytes for the book whose text is `sample`: its subset, or the
    /// whole font when it is not to be subset or cannot be read for it.
    pub fn data(&self, face: &'f FontFace, sample: &TextSample) -> Cow<'f, [u8]> {
        if !self.subset {
            return Cow::Borrowed(face.data.as_slice());
        }
        match font_subset::subset(&face.data, sample, self.rename) {
            Some(bytes) => Cow::Owned(bytes),
            None => Cow::Borrowed(face.data.as_slice()),
        }
    }
}

/// The faces the book needs: regular and italic always (titles, subtitles), bold
/// ones only where the text has strong emphasis. The fonts are most of the EPUB.
pub(super) fn embedded_faces<'f>(ctx: &RenderContext<'f>) -> impl Iterator<Item = &'f FontFace> {
    let used = ctx.book.emphasis_used();
    ctx.fonts
        .faces()
        .iter()
        .filter(move |face| match face.style {
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
