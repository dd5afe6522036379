//! Writing the outputs all or nothing. Each file goes to a temporary file created
//! with `create_new` under an unpredictable name in the output folder (so a
//! symbolic link planted under a guessable name in a shared folder is never
//! followed), and is renamed into place once every file is written. The temporary
//! files being written are listed here, so that the signal handler in `main.rs`
//! can remove them on Ctrl-C, SIGTERM or SIGHUP; those of a process that died some
//! other way are removed by the next build into the same folder.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Temporary files being written by this process.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Test hook: milliseconds to wait with every temporary file written and none yet
/// renamed, so that a test can interrupt a build at that moment.
const HOLD_VARIABLE: &str = "FOLIO_TEST_HOLD_TEMPORARIES_MS";

/// Writes several files together: every temporary file is written (and synced)
/// first, and only then are they renamed into place, so a failure while writing (a
/// full disk, say) replaces none of them. On failure the temporary files are
/// removed and the failing path is returned. (A rename can still fail half way;
/// that is rare.)
pub fn write_all(files: &[(PathBuf, Vec<u8>)]) -> Result<(), (PathBuf, std::io::Error)> {
    // Written and synced in parallel: each file's sync waits on the disk.
    use rayon::prelude::*;
    let results: Vec<std::io::Result<tempfile::NamedTempFile>> = files
        .par_iter()
        .map(|(path, bytes)| {
            remove_stale(path);
            write_temporary(path, bytes)
        })
        .collect();
    let mut written = Vec::new();
    let mut failed = None;
    for ((path, _), result) in files.iter().zip(results) {
        match result {
            Ok(temporary) => written.push(temporary),
            Err(e) => {
                failed.get_or_insert((path.clone(), e));
            }
        }
    }
    if let Some(failure) = failed {
        // Dropping the files written removes them.
        for temporary in &written {
            forget_pending(&temporary.path().to_path_buf());
        }
        return Err(failure);
    }
    if let Some(ms) = std::env::var(HOLD_VARIABLE)
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
    let mut result = Ok(());
    for ((path, _), temporary) in files.iter().zip(written) {
        let temporary_path = temporary.path().to_path_buf();
        if result.is_ok() {
            // A failed persist hands the file back; dropping it removes it.
            if let Err(e) = temporary.persist(path) {
                result = Err((path.clone(), e.error));
            }
        }
        forget_pending(&temporary_path);
    }
    result
}

/// A temporary file beside `path`, holding `bytes`, synced; listed as pending.
fn write_temporary(path: &Path, bytes: &[u8]) -> std::io::Result<tempfile::NamedTempFile> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let prefix = temporary_prefix(path);
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp").rand_bytes(10);
    #[cfg(unix)]
    {
        // The mode an ordinary `File::create` gives (less the umask), not 0600.
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut file = builder.tempfile_in(dir)?;
    add_pending(file.path());
    let result = file
        .as_file_mut()
        .write_all(bytes)
        .and_then(|()| file.as_file().sync_all());
    if let Err(e) = result {
        forget_pending(&file.path().to_path_buf());
        return Err(e);
    }
    Ok(file)
}

/// `.NAME.PID.` for an output called NAME: the start of its temporary files' names.
fn temporary_prefix(path: &Path) -> String {
    format!(".{}.{}.", output_name(path), std::process::id())
}

fn output_name(path: &Path) -> String {
    path.file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned())
}

fn add_pending(path: &Path) {
    let mut pending = PENDING.lock().unwrap_or_else(|e| e.into_inner());
    pending.push(path.to_path_buf());
}

fn forget_pending(path: &PathBuf) {
    let mut pending = PENDING.lock().unwrap_or_else(|e| e.into_inner());
    pending.retain(|p| p != path);
}

/// Removes every temporary file this process is writing; for a signal handler,
/// just before the process ends.
pub fn remove_pending() {
    let pending = PENDING.lock().unwrap_or_else(|e| e.into_inner());
    for path in pending.iter() {
        let _ = std::fs::remove_file(path);
    }
}

/// Removes the temporary files of `path` left by Folio processes that no longer
/// run (killed, or the machine lost power): `.NAME.PID.RANDOM.tmp`, and the older
/// `.NAME.PID.tmp`. Files of a build still running are left alone.
pub(crate) fn remove_stale(path: &Path) {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let start = format!(".{}.", output_name(path));
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let Some(middle) = name
            .strip_prefix(&start)
            .and_then(|rest| rest.strip_suffix(".tmp"))
        else {
            continue;
        };
        let pid = middle.split('.').next().and_then(|p| p.parse::<u32>().ok());
        let is_file = entry
            .file_type()
            .is_ok_and(|t| t.is_file() || t.is_symlink());
        if let Some(pid) = pid {
            if is_file && pid != std::process::id() && !process_is_running(pid) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}

/// Whether a process with this id exists (it may be another program that reused
/// the id: then its files are left for a later build).
fn process_is_running(pid: u32) -> bool {
    #[cfg(unix)]
    {
        let Ok(pid) = libc::pid_t::try_from(pid) else {
            return false;
        };
        if pid <= 0 {
            return false;
        }
        // Signal 0 checks that the process exists without signalling it.
        // SAFETY: kill with signal 0 has no effect on the target.
        let result = unsafe { libc::kill(pid, 0) };
        result == 0 || std::io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("folio-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn all_or_nothing_writes_leave_no_temporary_file() {
        let dir = scratch("atomic");
        let good = dir.join("a.epub");
        // The second target is a folder: the rename fails, nothing is left behind.
        std::fs::create_dir_all(dir.join("b.pdf/inside")).unwrap();
        let files = vec![
            (good.clone(), b"a".to_vec()),
            (dir.join("b.pdf"), b"b".to_vec()),
        ];
        assert!(write_all(&files).is_err());
        assert!(names(&dir).iter().all(|n| !n.ends_with(".tmp")));
        write_all(&files[..1]).unwrap();
        assert_eq!(std::fs::read(&good).unwrap(), b"a");
        // (Other tests write at the same time: only this folder's files count.)
        assert!(PENDING.lock().unwrap().iter().all(|p| !p.starts_with(&dir)));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_planted_symbolic_link_is_never_written_through() {
        let dir = scratch("planted");
        let victim = dir.join("victim.txt");
        std::fs::write(&victim, "precious").unwrap();
        // Every name the old scheme could have used, for this and nearby ids.
        let id = std::process::id();
        for pid in id.saturating_sub(5)..id + 5 {
            let link = dir.join(format!(".book.pdf.{pid}.tmp"));
            std::os::unix::fs::symlink(&victim, link).unwrap();
        }
        write_all(&[(dir.join("book.pdf"), b"%PDF".to_vec())]).unwrap();
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
        assert_eq!(std::fs::read(dir.join("book.pdf")).unwrap(), b"%PDF");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn stale_temporaries_of_dead_processes_are_removed() {
        let dir = scratch("stale");
        // No process has the largest ids; this one is running.
        let dead = dir.join(".book.epub.99999999.a1b2c3d4e5.tmp");
        let old_style = dir.join(".book.epub.99999998.tmp");
        let running = dir.join(format!(".book.epub.{}.zzzz.tmp", std::process::id()));
        let other = dir.join(".notes.txt.99999999.tmp");
        for path in [&dead, &old_style, &running, &other] {
            std::fs::write(path, "x").unwrap();
        }
        write_all(&[(dir.join("book.epub"), b"PK".to_vec())]).unwrap();
        assert_eq!(
            names(&dir),
            [
                format!(".book.epub.{}.zzzz.tmp", std::process::id()),
                ".notes.txt.99999999.tmp".to_string(),
                "book.epub".to_string()
            ]
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_temporary_file_lies_beside_its_output_under_a_name_the_next_build_knows() {
        // `remove_stale` finds a dead build's files by this name: `.NAME.PID.….tmp`.
        let dir = scratch("beside");
        let temporary = write_temporary(&dir.join("book.pdf"), b"%PDF").unwrap();
        let path = temporary.path().to_path_buf();
        assert_eq!(path.parent(), Some(dir.as_path()));
        let name = path.file_name().unwrap().to_str().unwrap();
        let start = format!(".book.pdf.{}.", std::process::id());
        assert!(name.starts_with(&start) && name.ends_with(".tmp"), "{name}");
        assert!(
            name.len() > start.len() + ".tmp".len(),
            "a random part: {name}"
        );
        assert_eq!(std::fs::read(&path).unwrap(), b"%PDF");
        // Listed for the signal handler while it exists.
        assert!(PENDING.lock().unwrap().contains(&path));
        forget_pending(&path);
        drop(temporary);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_pending_list_forgets_only_the_file_named() {
        // Paths no other test uses; nothing is created.
        let dir = std::env::temp_dir().join(format!("folio-pending-{}", std::process::id()));
        let (first, second) = (dir.join("first.tmp"), dir.join("second.tmp"));
        add_pending(&first);
        add_pending(&second);
        forget_pending(&first);
        let listed = |p: &PathBuf| PENDING.lock().unwrap().contains(p);
        assert!(!listed(&first) && listed(&second));
        forget_pending(&second);
        assert!(!listed(&second));
    }

    #[test]
    fn a_process_is_running_until_it_is_gone() {
        // No process has an id above the kernel's limit (2^22): gone. Checking it
        // first leaves ESRCH in errno, which must not make this process look gone.
        assert!(!process_is_running(99_999_999));
        assert!(process_is_running(std::process::id()));
        // Id 0 means "my process group" to kill(2): never a process of its own.
        assert!(!process_is_running(0));
        // Init always runs; a process not ours (EPERM when not root) still counts.
        assert!(process_is_running(1));
    }

    #[test]
    fn only_files_and_links_named_like_temporaries_are_removed() {
        // A folder or a FIFO with a dead build's name is not one of Folio's files.
        let dir = scratch("not-files");
        let folder = dir.join(".book.pdf.99999999.a1b2c3d4e5.tmp");
        std::fs::create_dir(&folder).unwrap();
        let fifo = dir.join(".book.pdf.99999998.tmp");
        let name = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: a valid, NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o644) }, 0);
        remove_stale(&dir.join("book.pdf"));
        assert!(folder.is_dir() && fifo.exists());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
