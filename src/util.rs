//! Small shared helpers with no better home.

/// FNV-1a, 128-bit: a stable, dependency-free hash for identifiers (not for security).
pub fn fnv1a_128(bytes: &[u8]) -> u128 {
    const OFFSET: u128 = 0x6c62272e07bb014262b821756295c58d;
    const PRIME: u128 = 0x0000000001000000000000000000013B;
    bytes.iter().fold(OFFSET, |hash, &b| {
        (hash ^ u128::from(b)).wrapping_mul(PRIME)
    })
}

/// A 128-bit hash of a large buffer, eight bytes at a time (FNV-1a goes a byte at a
/// time: 30 ms on a 10 MB PDF). For content-derived IDs, not for security.
pub fn content_hash_128(bytes: &[u8]) -> u128 {
    const K1: u64 = 0x9E37_79B9_7F4A_7C15;
    const K2: u64 = 0xC2B2_AE3D_27D4_EB4F;
    let (mut a, mut b) = (0x243F_6A88_85A3_08D3u64, 0x1319_8A2E_0370_7344u64);
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
        a = (a ^ word).wrapping_mul(K1).rotate_left(29);
        b = (b ^ word.rotate_left(32)).wrapping_mul(K2).rotate_left(31);
    }
    let mut tail = [0u8; 8];
    tail[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
    let word = u64::from_le_bytes(tail) ^ bytes.len() as u64;
    let finish = |h: u64, k: u64| {
        let h = (h ^ word).wrapping_mul(k);
        (h ^ (h >> 29)).wrapping_mul(k) ^ (h >> 32)
    };
    (u128::from(finish(a, K1)) << 64) | u128::from(finish(b, K2))
}

/// `data` as a zlib stream at deflate `level` (libdeflate's 1–12), for PDF streams.
/// `None` only if the level is out of range or the compressor fails, which it has
/// no cause to.
pub fn zlib(data: &[u8], level: i32) -> Option<Vec<u8>> {
    with_compressor(level, |compressor, out| {
        out.resize(compressor.zlib_compress_bound(data.len()), 0);
        compressor.zlib_compress(data, out).ok()
    })
}

/// `data` as raw deflate at `level`, for zip entries; `None` as for [`zlib`].
pub fn deflate(data: &[u8], level: i32) -> Option<Vec<u8>> {
    with_compressor(level, |compressor, out| {
        out.resize(compressor.deflate_compress_bound(data.len()), 0);
        compressor.deflate_compress(data, out).ok()
    })
}

/// Runs `compress` (which fills the buffer and says how many bytes it wrote) with
/// this thread's libdeflate compressor for `level` and its output buffer, and
/// copies the result out at its exact length. libdeflate compresses a whole buffer
/// at once, about twice as fast as a streaming zlib at the same ratio; a compressor
/// and a buffer are kept per thread because a book compresses thousands of page
/// streams and story files, and the results at their length because the streams are
/// kept until the PDF is saved.
fn with_compressor(
    level: i32,
    compress: impl FnOnce(&mut libdeflater::Compressor, &mut Vec<u8>) -> Option<usize>,
) -> Option<Vec<u8>> {
    use libdeflater::{CompressionLvl, Compressor};
    use std::cell::RefCell;
    #[derive(Default)]
    struct Scratch {
        compressors: Vec<(i32, Compressor)>,
        out: Vec<u8>,
    }
    thread_local! {
        static SCRATCH: RefCell<Scratch> = RefCell::default();
    }
    SCRATCH.with_borrow_mut(|Scratch { compressors, out }| {
        let at = match compressors.iter().position(|(l, _)| *l == level) {
            Some(at) => at,
            None => {
                let compressor = Compressor::new(CompressionLvl::new(level).ok()?);
                compressors.push((level, compressor));
                compressors.len() - 1
            }
        };
        let written = compress(&mut compressors[at].1, out)?;
        Some(out[..written].to_vec())
    })
}

/// The longest slug (the outputs' file name without extension), in bytes.
pub const MAX_SLUG_BYTES: usize = 200;

/// A separator searched for in many texts, its searcher made once: making one
/// costs more than searching a paragraph.
pub type Needle = std::sync::LazyLock<memchr::memmem::Finder<'static>>;

/// The blank line between paragraphs of plain text.
pub static PARAGRAPH_BREAK: Needle = Needle::new(|| memchr::memmem::Finder::new("\n\n"));

/// Two spaces in a row.
pub static DOUBLE_SPACE: Needle = Needle::new(|| memchr::memmem::Finder::new("  "));

/// The pieces of `text` between non-overlapping occurrences of `separator`, as
/// `str::split` gives them, found by `memchr::memmem` (vectorised; the standard
/// library's two-way search was a percent of a novel's build).
pub fn split_str<'a>(
    text: &'a str,
    separator: &'a memchr::memmem::Finder<'_>,
) -> impl Iterator<Item = &'a str> + 'a {
    let length = separator.needle().len();
    debug_assert!(length > 0);
    let mut ends = separator
        .find_iter(text.as_bytes())
        .chain(std::iter::once(text.len()));
    let mut start = Some(0);
    std::iter::from_fn(move || {
        let from = start?;
        let end = ends.next()?;
        start = (end < text.len()).then_some(end + length);
        // Both ends lie at a match of valid UTF-8 in valid UTF-8, or at the end.
        Some(&text[from..end])
    })
}

/// Byte offsets of the non-overlapping occurrences of `needle` in `text`, as
/// `str::match_indices` finds them.
pub fn find_all<'a>(
    text: &'a str,
    needle: &'a memchr::memmem::Finder<'_>,
) -> impl Iterator<Item = usize> + 'a {
    needle.find_iter(text.as_bytes())
}

/// `text`'s words with one space between them and none around them, as
/// `text.split_whitespace().collect::<Vec<_>>().join(" ")` gives them, without the
/// list: text whose words are already one plain space apart is copied whole (the
/// copying stops only at line ends and other spaces). Only ASCII spaces and the
/// bytes that begin the other Unicode spaces (C2, E1, E2, E3) are looked at.
pub fn collapse_whitespace(text: &str) -> String {
    /// The bytes a space may begin with.
    const MAY_SPACE: [bool; 256] = {
        let mut table = [false; 256];
        let mut b = 0;
        while b < 256 {
            table[b] = matches!(b as u8, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ')
                || matches!(b, 0xC2 | 0xE1..=0xE3);
            b += 1;
        }
        table
    };
    let bytes = text.as_bytes();
    // The width of the space at `i`, if a space is there.
    let space_at = |i: usize| -> Option<usize> {
        match bytes[i] {
            b if !MAY_SPACE[usize::from(b)] => None,
            b if b.is_ascii() => Some(1),
            _ => text[i..]
                .chars()
                .next()
                .filter(|c| c.is_whitespace())
                .map(char::len_utf8),
        }
    };
    let mut out = String::with_capacity(text.len());
    // Where the text waiting to be copied as it is starts (at a word).
    let mut copy_from: Option<usize> = None;
    let mut i = 0;
    while i < bytes.len() {
        let Some(width) = space_at(i) else {
            if copy_from.is_none() {
                if !out.is_empty() {
                    out.push(' ');
                }
                copy_from = Some(i);
            }
            i += 1;
            while i < bytes.len() && !MAY_SPACE[usize::from(bytes[i])] {
                i += 1;
            }
            continue;
        };
        let run = i;
        let mut end = i + width;
        while let Some(width) = (end < bytes.len()).then(|| space_at(end)).flatten() {
            end += width;
        }
        // One plain space between two words stays in the text copied as it is.
        let single = end - run == 1 && bytes[run] == b' ' && end < bytes.len();
        if !(single && copy_from.is_some()) {
            if let Some(from) = copy_from.take() {
                out.push_str(&text[from..run]);
            }
        }
        i = end;
    }
    if let Some(from) = copy_from {
        out.push_str(&text[from..]);
    }
    out
}

/// An ASCII file name from a title: "Three Valéries" → "three-valeries".
pub fn slug(title: &str) -> String {
    let mut slug = String::new();
    for c in title.chars().flat_map(fold_to_ascii) {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let mut slug = slug.trim_end_matches('-').to_string();
    if slug.len() > MAX_SLUG_BYTES {
        // A long title: cut at the last word that fits (file names hold 255 bytes,
        // and the temporary file's name adds about 30).
        slug.truncate(MAX_SLUG_BYTES);
        if let Some(at) = slug.rfind('-') {
            slug.truncate(at);
        }
    }
    if slug.is_empty() {
        "book".to_string()
    } else {
        slug
    }
}

/// Latin letters with diacritics folded to their base letters, for slugs.
fn fold_to_ascii(c: char) -> Vec<char> {
    let folded = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' => "a",
        'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' | 'Ā' => "A",
        'ç' | 'ć' | 'č' => "c",
        'Ç' | 'Ć' | 'Č' => "C",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' => "e",
        'È' | 'É' | 'Ê' | 'Ë' | 'Ē' | 'Ę' | 'Ě' => "E",
        'ì' | 'í' | 'î' | 'ï' => "i",
        'Ì' | 'Í' | 'Î' | 'Ï' => "I",
        'ñ' | 'ń' | 'ň' => "n",
        'Ñ' | 'Ń' | 'Ň' => "N",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' => "o",
        'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'Ō' => "O",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' => "u",
        'Ù' | 'Ú' | 'Û' | 'Ü' | 'Ū' | 'Ů' => "U",
        'ý' | 'ÿ' => "y",
        'Ý' => "Y",
        'ś' | 'š' => "s",
        'Ś' | 'Š' => "S",
        'ź' | 'ż' | 'ž' => "z",
        'Ź' | 'Ż' | 'Ž' => "Z",
        'ł' => "l",
        'Ł' => "L",
        'œ' => "oe",
        'Œ' => "OE",
        'æ' => "ae",
        'Æ' => "AE",
        'ß' => "ss",
        _ => return vec![c],
    };
    folded.chars().collect()
}

/// When the build started, for the trace's timeline (the first trace call's time
/// if `trace_epoch` was never called).
static TRACE_EPOCH: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

/// Marks the start of the trace's timeline: each stage then also says when it
/// ended, so stages on different threads can be seen to overlap or wait.
pub fn trace_epoch() {
    TRACE_EPOCH.get_or_init(std::time::Instant::now);
}

/// Prints a stage's elapsed time to stderr when `FOLIO_TRACE` is set; for profiling.
pub fn trace(stage: impl std::fmt::Display, since: std::time::Instant) {
    static ENABLED: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    if *ENABLED.get_or_init(|| std::env::var_os("FOLIO_TRACE").is_some()) {
        let ended = TRACE_EPOCH.get_or_init(|| since).elapsed().as_secs_f64() * 1e3;
        // Resident memory too, where the system tells it (Linux): on a virtual
        // machine, touching fresh memory costs as much time as some stages.
        let resident = std::fs::read_to_string("/proc/self/statm")
            .ok()
            .and_then(|statm| statm.split_whitespace().nth(1)?.parse::<u64>().ok())
            .map_or(String::new(), |pages| {
                format!(", resident {} MiB", (pages * 4096) >> 20)
            });
        eprintln!(
            "[trace] {stage}: {:.1} ms, ended at {ended:.1} ms{resident}",
            since.elapsed().as_secs_f64() * 1e3
        );
    }
}

/// Runs `f`, which calls into a parser of untrusted data that may panic on damaged
/// input (allsorts and printpdf on a broken font): `None` for a panic, without the
/// panic's message on stderr, so the caller reports a proper error instead.
pub fn quietly<T>(f: impl FnOnce() -> T + std::panic::UnwindSafe) -> Option<T> {
    // One hook swap at a time; a panic on another thread meanwhile is silent too,
    // and still reaches its own `catch_unwind` or thread join.
    static SWAP: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _one = SWAP.lock().unwrap_or_else(|e| e.into_inner());
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = std::panic::catch_unwind(f);
    std::panic::set_hook(previous);
    result.ok()
}

/// Every text of up to `most` of `pieces` in a row, the empty one first, each
/// arrangement once: the inputs of the tests that check a fast scan against the
/// plain way on every mix of tricky pieces.
#[cfg(test)]
pub(crate) fn arrangements(pieces: &[&str], most: usize) -> Vec<String> {
    let mut all = vec![String::new()];
    let mut longest = vec![String::new()];
    for _ in 0..most {
        longest = longest
            .iter()
            .flat_map(|text| pieces.iter().map(move |piece| format!("{text}{piece}")))
            .collect();
        all.extend(longest.iter().cloned());
    }
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_str_and_find_all_agree_with_the_standard_library() {
        let pieces = ["a", "\n", "\n\n", " ", "  ", "б", "—", "x y"];
        // Separators at the ends, doubled, tripled.
        for text in &arrangements(&pieces, 5) {
            for separator in ["\n\n", "  ", "б"] {
                let finder = memchr::memmem::Finder::new(separator);
                let ours: Vec<&str> = split_str(text, &finder).collect();
                let std: Vec<&str> = text.split(separator).collect();
                assert_eq!(ours, std, "{text:?} split at {separator:?}");
                let ours: Vec<usize> = find_all(text, &finder).collect();
                let std: Vec<usize> = text.match_indices(separator).map(|(i, _)| i).collect();
                assert_eq!(ours, std, "{text:?} searched for {separator:?}");
            }
        }
    }

    #[test]
    fn whitespace_collapses_as_split_and_join_collapse_it() {
        let pieces = [
            "a", " ", "  ", "\n", "\t", "\u{a0}", "\u{2009}", "\u{3000}", "\u{85}", "\u{1680}",
            "é", "—", "\u{e1}", "ж", "\r\n", "\u{b}", "\u{200b}",
        ];
        for text in &arrangements(&pieces, 4) {
            let expected = text.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(collapse_whitespace(text), expected, "{text:?}");
        }
    }

    #[test]
    fn zlib_streams_decompress_and_are_the_same_every_time() {
        use flate2::read::{DeflateDecoder, ZlibDecoder};
        use std::io::Read;
        // Text, nothing, and 200 KB of noise that outgrows the first output guess.
        let mut noise = Vec::new();
        let mut x: u32 = 1;
        for _ in 0..200_000 {
            x = x.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            noise.push((x >> 24) as u8);
        }
        let inputs = [b"BT /F1 11 Tf (abc) Tj ET\n".repeat(500), Vec::new(), noise];
        let first: Vec<Vec<u8>> = inputs.iter().map(|i| zlib(i, 1).unwrap()).collect();
        for level in [1, 6, 1] {
            for (input, first) in inputs.iter().zip(&first) {
                let ours = zlib(input, level).expect("compresses");
                if level == 1 {
                    assert_eq!(&ours, first, "{} bytes", input.len());
                }
                let mut back = Vec::new();
                ZlibDecoder::new(ours.as_slice())
                    .read_to_end(&mut back)
                    .unwrap();
                assert_eq!(&back, input);
                let raw = deflate(input, level).expect("compresses");
                let mut back = Vec::new();
                DeflateDecoder::new(raw.as_slice())
                    .read_to_end(&mut back)
                    .unwrap();
                assert_eq!(&back, input, "raw deflate");
            }
        }
        assert_eq!(zlib(b"x", 13), None, "no level 13");
        assert_eq!(deflate(b"x", 13), None, "no level 13");
    }

    #[test]
    fn slug_folds_accents_and_punctuation() {
        assert_eq!(slug("Three Valéries"), "three-valeries");
        assert_eq!(slug("  Œuvres — complètes!  "), "oeuvres-completes");
        assert_eq!(slug("ДДД"), "book");
        let long = slug(&"Robinson Crusoe ".repeat(40));
        assert!(
            long.len() <= MAX_SLUG_BYTES && long.ends_with("crusoe"),
            "{long}"
        );
    }

    #[test]
    fn fnv_is_stable() {
        assert_eq!(fnv1a_128(b""), 0x6c62272e07bb014262b821756295c58d);
        assert_ne!(fnv1a_128(b"a"), fnv1a_128(b"b"));
    }
}
