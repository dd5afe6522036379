//! `folio clean`: removes the outputs Folio writes for a book — each renderer's
//! `<slug><suffix>.<extension>` in the output folder and temporaries of Folio's naming left
//! by a build that died — and nothing else. The output folder goes too when that
//! leaves it empty.

use std::path::PathBuf;

use crate::build::{out_dir, output_stem, BuildOptions};
use crate::error::{Error, Result};
use crate::{manifest, render};

/// Removes the outputs of the renderers in `options.formats` (all when empty);
/// returns the paths removed, the folder last when it was removed.
pub fn clean(options: &BuildOptions) -> Result<Vec<PathBuf>> {
    let loaded = manifest::load_with(&options.book_dir, &options.overrides).map_err(Error::Book)?;
    let out = out_dir(options);
    let stem = output_stem(&loaded);
    let mut removed = Vec::new();
    let chosen = render::RENDERERS.iter().filter(|kind| {
        options.formats.is_empty() || options.formats.iter().any(|f| f == kind.name)
    });
    for kind in chosen {
        let path = out.join(kind.file_name(&stem));
        crate::atomic::remove_stale(&path);
        // Only a file Folio could have written: never a folder or a link's target.
        let is_file = std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_file());
        if is_file {
            std::fs::remove_file(&path).map_err(|e| Error::io(&path, e))?;
            removed.push(path);
        }
    }
    let is_empty = std::fs::read_dir(&out).is_ok_and(|mut entries| entries.next().is_none());
    if is_empty && !removed.is_empty() && std::fs::remove_dir(&out).is_ok() {
        removed.push(out);
    }
    Ok(removed)
}
