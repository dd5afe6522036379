//! `folio watch`: build, then rebuild whenever a source changes — the manifest, a
//! story, a front or back matter file, the cover, a font (notify, debounced) —
//! reporting what changed, errors included, and carrying on watching. Outputs are
//! written atomically, so a reader never sees a half-written book.

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
/// `report` gets each build's result, how long it took and the sources whose change
/// started it (none for the first build).
pub fn watch(
    options: &BuildOptions,
    mut report: impl FnMut(&Result<BuildReport>, Duration, &[PathBuf]),
) -> Result<()> {
    let (tx, rx) = mpsc::channel::<DebounceEventResult>();
    let mut debouncer =
        new_debouncer(DEBOUNCE, tx).map_err(|e| watch_error(&options.book_dir, e))?;
    let mut watched: Vec<PathBuf> = Vec::new();
    let mut built = fingerprint(&options.book_dir);
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
        let now = fingerprint(&options.book_dir);
        let changed = changed_files(&built, &now);
        built = now;
        let started = Instant::now();
        let result = build::build(options);
        report(&result, started.elapsed(), &changed);
        // Wait for a change that matters: notify also reports files being read (by
        // the build itself), so a rebuild needs a source whose size or time changed.
        loop {
            match rx.recv() {
                Ok(Ok(events)) => {
                    if events.iter().any(|e| is_relevant(&e.path)) {
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

/// What to watch: the book folder itself (book.toml, a cover beside it),
/// `stories/` and `fonts/` recursively, and the folder of every source the manifest
/// names (matter files, the cover, stories elsewhere).
fn watch_list(book_dir: &Path) -> Vec<(PathBuf, RecursiveMode)> {
    let mut list = vec![(book_dir.to_path_buf(), RecursiveMode::NonRecursive)];
    for dir in [crate::lint::STORIES_DIR, FONTS_DIR] {
        let path = book_dir.join(dir);
        if path.is_dir() {
            list.push((path, RecursiveMode::Recursive));
        }
    }
    if let Ok(manifest) = crate::manifest::load(book_dir) {
        for source in manifest.source_files() {
            if let Some(parent) = source.parent() {
                if parent.is_dir() && !list.iter().any(|(p, _)| p == parent) {
                    list.push((parent.to_path_buf(), RecursiveMode::NonRecursive));
                }
            }
        }
    }
    list
}

/// A file's size and modification time, as seen by the last look.
type Fingerprint = Vec<(PathBuf, u64, Option<std::time::SystemTime>)>;

/// Size and modification time of every source: those the manifest names (see
/// `LoadedManifest::source_files`) and every file in `stories/` and `fonts/` (a new
/// story file matters before the manifest names it: `unused-file`).
fn fingerprint(book_dir: &Path) -> Fingerprint {
    let mut files = vec![book_dir.join(MANIFEST_NAME)];
    for dir in [crate::lint::STORIES_DIR, FONTS_DIR] {
        collect(&book_dir.join(dir), &mut files, 0);
    }
    if let Ok(manifest) = crate::manifest::load(book_dir) {
        files.extend(manifest.source_files());
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

/// The files that appeared, went or changed between two looks, in path order.
fn changed_files(before: &Fingerprint, after: &Fingerprint) -> Vec<PathBuf> {
    let mut changed: Vec<PathBuf> = after
        .iter()
        .filter(|entry| !before.contains(entry))
        .map(|(path, _, _)| path.clone())
        .collect();
    changed.extend(
        before
            .iter()
            .filter(|(path, _, _)| !after.iter().any(|(p, _, _)| p == path))
            .map(|(path, _, _)| path.clone()),
    );
    changed.sort();
    changed.dedup();
    changed
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

/// Whether an event may be a source's change: hidden and temporary files
/// (`.name.tmp`, `name~`, the outputs' temporary files) never are. Whether a source
/// really changed is decided by its fingerprint.
fn is_relevant(path: &Path) -> bool {
    !path
        .file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with('.') || n.to_string_lossy().ends_with('~'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_and_temporary_files_never_trigger_a_rebuild() {
        let book = Path::new("/nonexistent-book");
        assert!(is_relevant(&book.join("book.toml")));
        assert!(is_relevant(&book.join("stories/a.md")));
        assert!(is_relevant(&book.join("cover.jpg")));
        assert!(!is_relevant(&book.join("stories/.a.md.swp")));
        assert!(!is_relevant(&book.join("build/.book.pdf.1234.tmp")));
        assert!(!is_relevant(&book.join("stories/a.md~")));
    }

    #[test]
    fn changes_are_told_apart_from_files_seen_before() {
        let at = |secs| Some(std::time::UNIX_EPOCH + Duration::from_secs(secs));
        let before: Fingerprint = vec![
            ("a".into(), 1, at(1)),
            ("b".into(), 1, at(1)),
            ("c".into(), 1, at(1)),
        ];
        let after: Fingerprint = vec![
            ("a".into(), 1, at(1)),
            ("b".into(), 2, at(2)),
            ("d".into(), 1, at(1)),
        ];
        let names = |paths: Vec<PathBuf>| {
            paths
                .into_iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(names(changed_files(&before, &after)), ["b", "c", "d"]);
        assert!(changed_files(&after, &after).is_empty());
    }
}
