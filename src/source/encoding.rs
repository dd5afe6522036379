//! Story files in a legacy encoding, declared per story (`encoding = "windows-1252"`),
//! are converted to UTF-8 before reading; undeclared files must be UTF-8. Every
//! file's text then passes `decode_text`: valid UTF-8, no control characters, line
//! ends made `\n`.

use std::path::Path;

use crate::error::Diagnostic;

/// The file's text as UTF-8, decoded from `encoding` when one is declared.
pub fn decode(path: &Path, bytes: &[u8], encoding: Option<&str>) -> Result<String, Diagnostic> {
    let Some(label) = encoding else {
        return decode_text(path, bytes);
    };
    let Some(encoding) = encoding_rs::Encoding::for_label(label.trim().as_bytes()) else {
        return Err(Diagnostic::new(path, format!("unknown encoding `{label}`"))
            .help("use an encoding name such as \"utf-8\", \"windows-1252\" or \"iso-8859-15\""));
    };
    let (text, had_errors) = encoding.decode_without_bom_handling(
        bytes
            .strip_prefix(b"\xEF\xBB\xBF")
            .filter(|_| encoding == encoding_rs::UTF_8)
            .unwrap_or(bytes),
    );
    if had_errors {
        // Only possible for encodings with invalid sequences (UTF-8, Shift_JIS, …).
        return decode_text(path, bytes).and_then(|_| {
            Err(
                Diagnostic::new(path, format!("the file is not valid {}", encoding.name()))
                    .help("check the `encoding` of this story in book.toml"),
            )
        });
    }
    decode_text(path, text.as_bytes())
}

/// UTF-8 text with any byte-order mark removed and line ends made `\n`.
pub fn decode_text(path: &Path, bytes: &[u8]) -> Result<String, Diagnostic> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let offset = e.valid_up_to();
        let valid = std::str::from_utf8(&bytes[..offset]).unwrap_or_default();
        Diagnostic::new(
            path,
            format!("the file is not valid UTF-8 (byte offset {offset})"),
        )
        .at_offset(valid, offset)
        .help("save the file as UTF-8 (most editors offer this under \"Save with encoding\"), or declare its encoding in its [[stories]] entry, e.g. encoding = \"windows-1252\"")
    })?;
    if let Some(offset) = first_control(text) {
        return Err(
            Diagnostic::new(path, "the file contains a control character")
                .at_offset(text, offset)
                .help("delete the invisible character at this position"),
        );
    }
    if !bytes.contains(&b'\r') {
        return Ok(text.to_owned());
    }
    Ok(text.replace("\r\n", "\n").replace('\r', "\n"))
}

/// The byte offset of the first control character other than a line end or a tab:
/// C0 (below U+0020), DEL, or C1 (U+0080 to U+009F, in UTF-8 0xC2 then 0x80 to
/// 0x9F). A novel is millions of bytes: eight at a time are tested at once for any
/// byte below 0x20, DEL or 0xC2, and only such words are looked at byte by byte.
pub(super) fn first_control(text: &str) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let bytes = text.as_bytes();
    let is_control = |i: usize| match bytes[i] {
        b'\n' | b'\r' | b'\t' => false,
        0..=0x1F | 0x7F => true,
        0xC2 => matches!(bytes.get(i + 1), Some(0x80..=0x9F)),
        _ => false,
    };
    // Whether any byte of `word` equals `byte` (the classic zero-byte test).
    let has = |word: u64, byte: u8| {
        let x = word ^ (ONES * u64::from(byte));
        x.wrapping_sub(ONES) & !x & HIGH != 0
    };
    let mut chunks = bytes.chunks_exact(8);
    let mut start = 0;
    for chunk in chunks.by_ref() {
        let word = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        // Any byte below 0x20: exact for bounds up to 0x80.
        let low = word.wrapping_sub(ONES * 0x20) & !word & HIGH != 0;
        if low || has(word, 0x7F) || has(word, 0xC2) {
            if let Some(at) = (start..start + 8).find(|&i| is_control(i)) {
                return Some(at);
            }
        }
        start += 8;
    }
    (start..bytes.len()).find(|&i| is_control(i))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_1252_is_converted() {
        let path = Path::new("s.txt");
        let text = decode(path, b"caf\xe9 \x93quoted\x94\r\n", Some("windows-1252")).unwrap();
        assert_eq!(text, "café “quoted”\n");
        assert!(decode(path, b"caf\xe9", None).is_err());
        assert!(decode(path, b"x", Some("klingon")).is_err());
        assert!(decode(path, b"caf\xe9", Some("latin1")).is_ok());
    }
}
