//! Defences against hostile or accidental input: size limits on everything we read,
//! and paths confined to the book folder (no `..`, no symlink leading out of it).

use std::io::Read;
use std::path::{Path, PathBuf};

/// The largest `book.toml` we read.
pub const MAX_MANIFEST_BYTES: u64 = 1024 * 1024;
/// The largest story file we read: a long novel is under 2 MB of text.
pub const MAX_STORY_BYTES: u64 = 16 * 1024 * 1024;
/// The largest font file we read (large CJK fonts are around 20 MB).
pub const MAX_FONT_BYTES: u64 = 64 * 1024 * 1024;
/// The largest cover image we read: a print cover at 300 dpi is a few MB as JPEG.
pub const MAX_COVER_BYTES: u64 = 32 * 1024 * 1024;
/// How deeply block quotes and lists may nest in a story, and emphasis, strong
/// emphasis and links inside one another: every stage after the reader walks
/// these trees, some of them recursively.
pub const MAX_NESTING: usize = 32;

/// Why a file could not be read within its limit.
#[derive(Debug)]
pub enum ReadError {
    Io(std::io::Error),
    TooLarge {
        limit: u64,
        size: u64,
    },
    /// A FIFO, a socket or a device: opening or reading it could block forever.
    NotRegular(&'static str),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Io(e) => write!(f, "{e}"),
            ReadError::TooLarge { limit, size } => write!(
                f,
                "the file is too large ({} > {} limit)",
                human_bytes(*size),
                human_bytes(*limit)
            ),
            ReadError::NotRegular(kind) => write!(f, "it is not a regular file ({kind})"),
        }
    }
}

/// What a file that is not a regular file is, in words: "a FIFO", "a folder"; `None`
/// for a regular file (symbolic links are followed).
pub fn special_kind(metadata: &std::fs::Metadata) -> Option<&'static str> {
    let kind = metadata.file_type();
    if kind.is_file() {
        return None;
    }
    if kind.is_dir() {
        return Some("a folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return Some("a FIFO");
        }
        if kind.is_socket() {
            return Some("a socket");
        }
        if kind.is_block_device() || kind.is_char_device() {
            return Some("a device");
        }
    }
    Some("not a file")
}

/// Checks that `path` leads to a regular file before anything opens it: opening a
/// FIFO blocks until someone writes to it. `Ok(false)` when nothing is there.
pub fn is_regular_file(path: &Path) -> Result<bool, ReadError> {
    match std::fs::metadata(path) {
        Ok(metadata) => match special_kind(&metadata) {
            None => Ok(true),
            Some(kind) => Err(ReadError::NotRegular(kind)),
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(ReadError::Io(e)),
    }
}

/// Opens a file for reading without blocking on a FIFO put there after the check
/// (`O_NONBLOCK`, which changes nothing for a regular file), and checks again what
/// was opened.
fn open_regular(path: &Path) -> Result<std::fs::File, ReadError> {
    if let Err(ReadError::NotRegular(kind)) = is_regular_file(path) {
        return Err(ReadError::NotRegular(kind));
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(ReadError::Io)?;
    let metadata = file.metadata().map_err(ReadError::Io)?;
    match special_kind(&metadata) {
        None => Ok(file),
        Some(kind) => Err(ReadError::NotRegular(kind)),
    }
}

/// Reads a whole regular file, refusing files larger than `limit` before reading
/// them (and never reading more than `limit + 1` bytes if the file grows meanwhile).
pub fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let file = open_regular(path)?;
    let metadata = file.metadata().map_err(ReadError::Io)?;
    if metadata.len() > limit {
        return Err(ReadError::TooLarge {
            limit,
            size: metadata.len(),
        });
    }
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge {
            limit,
            size: bytes.len() as u64,
        });
    }
    Ok(bytes)
}

/// `n` bytes for people: "512 B", "3.2 KiB", "16.0 MiB".
pub fn human_bytes(n: u64) -> String {
    const KIB: f64 = 1024.0;
    let n_f = n as f64;
    if n < 1024 {
        format!("{n} B")
    } else if n_f < KIB * KIB {
        format!("{:.1} KiB", n_f / KIB)
    } else {
        format!("{:.1} MiB", n_f / KIB / KIB)
    }
}

/// Where a path really leads, when that is outside `book_dir` (through a symlink in
/// any of its components). `None` when it stays inside or cannot be resolved (a
/// missing file is reported elsewhere).
pub fn escapes_book(book_dir: &Path, path: &Path) -> Option<PathBuf> {
    let root = std::fs::canonicalize(book_dir).ok()?;
    let real = std::fs::canonicalize(path).ok()?;
    (!real.starts_with(&root)).then_some(real)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn human_sizes() {
        assert_eq!(human_bytes(512), "512 B");
        assert_eq!(human_bytes(2048), "2.0 KiB");
        assert_eq!(human_bytes(16 * 1024 * 1024), "16.0 MiB");
    }

    #[test]
    fn a_file_over_the_limit_is_refused() {
        let dir = std::env::temp_dir().join(format!("folio-guard-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("big");
        std::fs::write(&path, vec![b'a'; 100]).unwrap();
        assert!(matches!(
            read_limited(&path, 99),
            Err(ReadError::TooLarge { limit: 99, .. })
        ));
        assert_eq!(read_limited(&path, 100).unwrap().len(), 100);
        assert!(matches!(
            read_limited(&dir, 100),
            Err(ReadError::NotRegular("a folder"))
        ));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
