//! Story files in a legacy encoding, declared per story (`encoding = "windows-1252"`),
//! are converted to UTF-8 before reading; undeclared files must be UTF-8.

use std::path::Path;

use crate::error::Diagnostic;

/// The file's text as UTF-8, decoded from `encoding` when one is declared.
pub fn decode(path: &Path, bytes: &[u8], encoding: Option<&str>) -> Result<String, Diagnostic> {
    let Some(label) = encoding else {
        return super::decode_text(path, bytes);
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
        return super::decode_text(path, bytes).and_then(|_| {
            Err(
                Diagnostic::new(path, format!("the file is not valid {}", encoding.name()))
                    .help("check the `encoding` of this story in book.toml"),
            )
        });
    }
    super::decode_text(path, text.as_bytes())
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
