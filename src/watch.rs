//! `folio watch`: build, then rebuild whenever the manifest, a story or a font
//! changes (notify, debounced), reporting errors and carrying on watching. Outputs
//! are written atomically, so a reader never sees a half-written book.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use notify_debouncer_mini::notify::RecursiveMode;
use notify_debouncer_mini::{new_debouncer, DebounceEventResult};

use crate::build::{self, BuildOptions, BuildReport};
use crate::error::{Error, Result};
use crate::fonts::FONTS_DIR;
use crate::manifest::MANIFEST_NAME;

/// How long changes must settle before a rebuild (an editor's save is many events).
pub const DEBOUNCE: Duration = Duration::from_millis(250);

/// Builds once, then on every relevant change, forever (or until the watcher fails).
/// `report` gets each build's result and how long it took.
pub fn watch(
    options: &BuildOptions,
    mut report: impl FnMut(&Result<BuildReport>, Duration),
) -> Result<()> {
    let (tx, rx) = mpsc::channel::<DebounceEventResult>();
    let mut debouncer =
        new_debouncer(DEBOUNCE, tx).map_err(|e| watch_error(&options.book_dir, e))?;
    let mut watched: Vec<PathBuf> = Vec::new();
    loop {
        // Watch first, then build: a change made while building is never missed.
        for (path, mode) in watch_list(&options.book_dir) {
            if watched.contains(&path) {
                continue;
            }
            if debouncer.watcher().watch(&path, mode).is_ok() {
                watched.push(path);
            }
        }
        let mut built = fingerprint(&options.book_dir);
        let started = Instant::now();
        let result = build::build(options);
        report(&result, started.elapsed());
        // Wait for a change that matters: notify also reports files being read (by
        // the build itself), so a rebuild needs a source whose size or time changed.
        loop {
            match rx.recv() {
                Ok(Ok(events)) => {
                    if events
                        .iter()
                        .any(|e| is_relevant(&options.book_dir, &e.path))
                    {
                        let mut now = fingerprint(&options.book_dir);
                        if now != built {
                            // Let a save in several steps (truncate, write) finish.
                            loop {
                                std::thread::sleep(DEBOUNCE);
                                let again = fingerprint(&options.book_dir);
                                if again == now {
                                    break;
                                }
                                now = again;
                            }
                            break;
                        }
                        built = now;
                    }
                }
                Ok(Err(e)) => return Err(watch_error(&options.book_dir, e)),
                Err(_) => return Ok(()),
            }
        }
    }
}

fn watch_error(book_dir: &Path, e: impl std::fmt::Display) -> Error {
    Error::io(
        book_dir,
        std::io::Error::other(format!("cannot watch for changes: {e}")),
    )
}

/// What to watch: the book folder itself (for book.toml), `stories/` and `fonts/`
/// recursively, and the folder of every story the manifest names.
fn watch_list(book_dir: &Path) -> Vec<(PathBuf, RecursiveMode)> {
    let mut list = vec![(book_dir.to_path_buf(), RecursiveMode::NonRecursive)];
    for dir in [crate::lint::STORIES_DIR, FONTS_DIR] {
        let path = book_dir.join(dir);
        if path.is_dir() {
            list.push((path, RecursiveMode::Recursive));
        }
    }
    if let Ok(manifest) = crate::manifest::load(book_dir) {
        for story in &manifest.manifest.stories {
            if let Some(parent) = manifest.resolve(story.file.get_ref()).parent() {
                if parent.is_dir() && !list.iter().any(|(p, _)| p == parent) {
                    list.push((parent.to_path_buf(), RecursiveMode::NonRecursive));
                }
            }
        }
    }
    list
}

/// Size and modification time of every source: book.toml, `stories/`, `fonts/` and
/// each file the manifest names.
fn fingerprint(book_dir: &Path) -> Vec<(PathBuf, u64, Option<std::time::SystemTime>)> {
    let mut files = vec![book_dir.join(MANIFEST_NAME)];
    for dir in [crate::lint::STORIES_DIR, FONTS_DIR] {
        collect(&book_dir.join(dir), &mut files, 0);
    }
    if let Ok(manifest) = crate::manifest::load(book_dir) {
        files.extend(
            manifest
                .manifest
                .stories
                .iter()
                .map(|s| manifest.resolve(s.file.get_ref())),
        );
    }
    files.sort();
    files.dedup();
    files
        .into_iter()
        .map(|path| {
            let meta = std::fs::metadata(&path).ok();
            let len = meta.as_ref().map_or(u64::MAX, |m| m.len());
            let modified = meta.and_then(|m| m.modified().ok());
            (path, len, modified)
        })
        .collect()
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>, depth: usize) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        match entry.file_type() {
            Ok(t) if t.is_dir() && depth < 8 => collect(&path, files, depth + 1),
            Ok(_) => files.push(path),
            Err(_) => {}
        }
    }
}

/// A change to book.toml, or to a visible file that is not in the book folder's top
/// level (stories, fonts); temporary and hidden files (`.name.tmp`) do not count.
fn is_relevant(book_dir: &Path, path: &Path) -> bool {
    let hidden = path.file_name().is_some_and(|n| {
        n.to_string_lossy().starts_with('.') || n.to_string_lossy().ends_with('~')
    });
    if hidden {
        return false;
    }
    let in_top_level = path.parent().is_some_and(|p| same_dir(p, book_dir));
    !in_top_level || path.file_name().is_some_and(|n| n == MANIFEST_NAME)
}

fn same_dir(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_sources_trigger_a_rebuild() {
        let book = Path::new("/nonexistent-book");
        assert!(is_relevant(book, &book.join("book.toml")));
        assert!(is_relevant(book, &book.join("stories/a.md")));
        assert!(is_relevant(book, &book.join("fonts/X-Regular.ttf")));
        assert!(!is_relevant(book, &book.join("stories/.a.md.swp")));
        assert!(!is_relevant(book, &book.join("notes.txt")));
        assert!(!is_relevant(book, &book.join("stories/a.md~")));
    }
}
