//! The fonts the EPUB embeds: whole, or subset to the book's text where the
//! licence allows it (see `crate::font_subset`), renamed when it reserves the
//! family's name. The stylesheet's `@font-face` rules and the files follow the plan.

use std::borrow::Cow;

use super::stylesheet::{embedded_faces, font_file_name};
use super::EpubOptions;
use crate::font_subset::{self, Permission, TextSample, RENAMED_FAMILY};
use crate::fonts::FontFace;
use crate::render::RenderContext;

pub(super) struct FontPlan<'f> {
    pub faces: Vec<&'f FontFace>,
    subset: bool,
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
