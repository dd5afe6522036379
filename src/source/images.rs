//! The stories' images: each `![alt](path)` is read from its file (the path
//! relative to the story's file, inside the book folder, no symbolic link out of
//! it, within a size limit), checked whole, and stored once in `Book::images`
//! however often it is used. A missing, damaged or unsupported file is an error at
//! the image.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use crate::error::Diagnostic;
use crate::images::{probe, ImageProblem};
use crate::model::{walk, Block, ImageAsset, ImageRef, Inline, Story};

use super::StoryText;

/// The largest image file a story may show: a full-page photograph at 300 ppi is
/// a few megabytes as JPEG.
pub const MAX_IMAGE_BYTES: u64 = 32 * 1024 * 1024;

const ACCEPTED: &str = "save it as a JPEG (photographs) or a PNG (drawings, transparency)";

/// Reads every image of the stories (`texts[i]` is story `i`'s file) and gives each
/// `ImageRef` its asset's index; the assets and the problems found.
pub fn resolve(
    stories: &mut [Story],
    texts: &[StoryText],
    book_dir: &Path,
) -> (Vec<ImageAsset>, Vec<Diagnostic>) {
    let mut assets: Vec<ImageAsset> = Vec::new();
    let mut by_path: HashMap<PathBuf, usize> = HashMap::new();
    let mut problems = Vec::new();
    let root = std::fs::canonicalize(book_dir).unwrap_or_else(|_| book_dir.to_path_buf());
    for (story, source) in stories.iter_mut().zip(texts) {
        if !source.markdown {
            continue;
        }
        let mut visit = |image: &mut ImageRef| match load(image, source, &root, &mut by_path) {
            Ok(Loaded::Known(id)) => {
                image.id = id;
                image.media_type = assets[id].media_type;
                image.pixels = (assets[id].width, assets[id].height);
            }
            Ok(Loaded::New(canonical, asset)) => {
                image.id = assets.len();
                image.media_type = asset.media_type;
                image.pixels = (asset.width, asset.height);
                by_path.insert(canonical, image.id);
                assets.push(*asset);
            }
            Err((message, help)) => {
                let written = &image.src;
                let offset = super::destination_offset(&source.text, written);
                let problem = Diagnostic::new(&source.path, message)
                    .at_offset(&source.text, offset)
                    .help(help);
                if !problems.contains(&problem) {
                    problems.push(problem);
                }
            }
        };
        walk::for_each_story_block_mut(story, |b| {
            if let Block::Figure(figure) = b {
                visit(&mut figure.image);
            }
            for run in b.inline_runs_mut() {
                walk::for_each_inline_mut(run, |inline| {
                    if let Inline::Image(image) = inline {
                        visit(image);
                    }
                });
            }
        });
    }
    (assets, problems)
}

enum Loaded {
    Known(usize),
    New(PathBuf, Box<ImageAsset>),
}

type Problem = (String, String);

/// `%20` and the like in a Markdown address, decoded (an address cannot hold a
/// space otherwise).
fn percent_decoded(src: &str) -> String {
    let bytes = src.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        let hex = bytes
            .get(at + 1..at + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[at], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                at += 3;
            }
            (byte, _) => {
                out.push(byte);
                at += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| src.to_string())
}

/// `path` with `.` and `..` taken out, without asking the file system.
fn normalized(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

fn load(
    image: &ImageRef,
    source: &StoryText,
    root: &Path,
    by_path: &mut HashMap<PathBuf, usize>,
) -> Result<Loaded, Problem> {
    let src = image.src.trim();
    let has_scheme = src
        .split_once(':')
        .is_some_and(|(scheme, _)| !scheme.contains('/') && scheme.len() > 1);
    if src.is_empty() || has_scheme {
        return Err((
            format!("the image `{src}` is not a file of the book"),
            "copy the image into the book folder and give its path relative to this story, e.g. ![a map](../images/map.png)".into(),
        ));
    }
    let relative = percent_decoded(src);
    let story_dir = std::fs::canonicalize(&source.path)
        .ok()
        .and_then(|p| p.parent().map(Path::to_path_buf))
        .unwrap_or_else(|| source.path.parent().unwrap_or(Path::new(".")).to_path_buf());
    let full = normalized(&story_dir.join(&relative));
    if Path::new(&relative).is_absolute() || !full.starts_with(root) {
        return Err((
            format!("the image `{src}` is outside the book folder"),
            "copy the image into the book folder and give its path relative to this story".into(),
        ));
    }
    match crate::guard::is_regular_file(&full) {
        Ok(true) => {}
        Ok(false) => {
            return Err((
                format!(
                    "the image `{src}` does not exist (looked for {})",
                    full.display()
                ),
                "correct the path: it is relative to the folder holding this story".into(),
            ))
        }
        Err(e) => {
            return Err((
                format!("the image `{src}` cannot be read: {e}"),
                ACCEPTED.into(),
            ))
        }
    }
    if let Some(target) = crate::guard::escapes_book(root, &full) {
        return Err((
            format!(
                "the image `{src}` leads outside the book folder (to {}) through a symbolic link",
                target.display()
            ),
            "copy the image into the book folder instead of linking to it".into(),
        ));
    }
    let canonical = std::fs::canonicalize(&full).unwrap_or(full.clone());
    if let Some(&id) = by_path.get(&canonical) {
        return Ok(Loaded::Known(id));
    }
    let data = crate::guard::read_limited(&full, MAX_IMAGE_BYTES).map_err(|e| {
        (
            format!("cannot read the image `{src}`: {e}"),
            "save the image smaller: 300 pixels per inch at its printed size is plenty".into(),
        )
    })?;
    let info = probe(&data).map_err(|problem| {
        let help = match problem {
            ImageProblem::Damaged(_) => {
                "save or export the image again; the file ends before the image does".into()
            }
            _ => format!("{ACCEPTED}; Folio takes JPEG and PNG images only"),
        };
        (format!("the image `{src}` cannot be used: {problem}"), help)
    })?;
    Ok(Loaded::New(
        canonical,
        Box::new(ImageAsset {
            src: src.to_string(),
            media_type: info.kind,
            data,
            width: info.width,
            height: info.height,
            components: info.components,
            adobe: info.adobe,
        }),
    ))
}
