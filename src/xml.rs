//! The one path by which text reaches XML (the EPUB's XHTML, OPF, NCX and nav):
//! which characters XML can hold, escaping, and the links Folio writes. The
//! readers and the manifest check refuse what XML cannot hold, with its position;
//! `escape` drops it as a last defence, so that no input can make a document that
//! is not well-formed.

/// Whether XML 1.0 can hold `c` as text, and no reader will choke on it: no
/// control characters but tab and line ends (C1 included), no noncharacters.
pub fn is_allowed(c: char) -> bool {
    let code = u32::from(c);
    if (0x20..0x7F).contains(&code) {
        return true; // printable ASCII, nearly every character of a book
    }
    if c.is_control() {
        return matches!(c, '\t' | '\n' | '\r');
    }
    !((0xFDD0..=0xFDEF).contains(&code) || code & 0xFFFE == 0xFFFE)
}

/// The byte offset and character of the first character XML cannot hold.
pub fn first_disallowed(text: &str) -> Option<(usize, char)> {
    text.char_indices().find(|&(_, c)| !is_allowed(c))
}

/// Escapes text for XML content and attribute values; characters XML cannot hold
/// are left out (the checks before rendering refuse them with their position).
/// Read byte by byte: a character is decoded only where its first byte could
/// begin one XML cannot hold (0xC2: C1 controls; 0xEF and four-byte ones:
/// noncharacters). The EPUB of a novel is millions of characters.
pub fn escape(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    // Runs of characters that stay as they are are copied whole.
    let mut plain_from = 0;
    let mut at = 0;
    while at < bytes.len() {
        let (replacement, len) = match bytes[at] {
            b'&' => ("&amp;", 1),
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            b'"' => ("&quot;", 1),
            b'\'' => ("&#39;", 1),
            b'\t' | b'\n' | b'\r' => {
                at += 1;
                continue;
            }
            0..=0x1F | 0x7F => ("", 1),
            0xC2 | 0xEF | 0xF0..=0xF4 => {
                let c = text[at..].chars().next().unwrap_or('\u{FFFD}');
                if is_allowed(c) {
                    at += c.len_utf8();
                    continue;
                }
                ("", c.len_utf8())
            }
            // Printable ASCII, and every other byte of characters XML holds.
            _ => {
                at += 1;
                continue;
            }
        };
        out.push_str(&text[plain_from..at]);
        out.push_str(replacement);
        at += len;
        plain_from = at;
    }
    out.push_str(&text[plain_from..]);
    out
}

/// ` lang="…" xml:lang="…"`, for an element in another language than its parent's.
pub fn lang_attributes(lang: &crate::lang::Lang) -> String {
    format!(" lang=\"{l}\" xml:lang=\"{l}\"", l = escape(lang.as_str()))
}

/// Why a web link cannot be written into an EPUB, or `None` when it can (or is not
/// a web link at all). A link that a URL parser rejects is an EPUBCheck error, so
/// the host and port of `http:` and `https:` links are checked as the WHATWG URL
/// standard parses them; `mailto:` takes any address.
pub fn web_link_problem(url: &str) -> Option<&'static str> {
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    let rest = ["http:", "https:"]
        .iter()
        .find_map(|scheme| lower.starts_with(scheme).then(|| &url[scheme.len()..]))?;
    let rest = rest.trim_start_matches(['/', '\\']);
    let authority_end = rest.find(['/', '\\', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..authority_end];
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let (host, port) = if host_port.starts_with('[') {
        match host_port.find(']') {
            Some(end) => (&host_port[..=end], &host_port[end + 1..]),
            None => return Some("its IPv6 address has no closing `]`"),
        }
    } else {
        match host_port.rsplit_once(':') {
            Some((host, port)) => (host, port),
            None => (host_port, ""),
        }
    };
    let port = port.strip_prefix(':').unwrap_or(port);
    if host.is_empty() {
        return Some("it has no host name (e.g. https://example.com)");
    }
    let port_is_number = port.chars().all(|c| c.is_ascii_digit()) && port.parse::<u16>().is_ok();
    if !port.is_empty() && !port_is_number {
        return Some("its port is not a number from 0 to 65535");
    }
    if let Some(inner) = host.strip_prefix('[') {
        let inner = inner.trim_end_matches(']');
        let ok = inner.contains(':')
            && inner
                .chars()
                .all(|c| c.is_ascii_hexdigit() || matches!(c, ':' | '.'));
        return (!ok).then_some("its IPv6 address is not valid");
    }
    let forbidden = |c: char| {
        c.is_control()
            || c.is_whitespace()
            || matches!(
                c,
                '#' | '/' | ':' | '<' | '>' | '?' | '@' | '[' | '\\' | ']' | '^' | '|' | '%'
            )
    };
    if host.chars().any(forbidden) {
        return Some("its host name has a character a host name cannot have");
    }
    let labels: Vec<&str> = host.trim_end_matches('.').split('.').collect();
    if labels.iter().any(|l| l.is_empty()) {
        return Some("its host name has an empty part (two dots in a row)");
    }
    // A host whose last part is a number is read as an IPv4 address.
    let last = labels.last().copied().unwrap_or_default();
    if last.chars().all(|c| c.is_ascii_digit()) || last.starts_with("0x") {
        let numbers_ok = labels.len() == 4
            && labels
                .iter()
                .all(|l| l.chars().all(|c| c.is_ascii_digit()) && l.parse::<u8>().is_ok());
        if !numbers_ok {
            return Some("its host looks like an IPv4 address but is not one");
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character, alone and between others, is escaped as a character by
    /// character reading escapes it.
    #[test]
    fn escaping_byte_by_byte_agrees_with_reading_characters() {
        let by_characters = |text: &str| -> String {
            text.chars()
                .map(|c| match c {
                    '&' => "&amp;".to_string(),
                    '<' => "&lt;".to_string(),
                    '>' => "&gt;".to_string(),
                    '"' => "&quot;".to_string(),
                    '\'' => "&#39;".to_string(),
                    c if !is_allowed(c) => String::new(),
                    c => c.to_string(),
                })
                .collect()
        };
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            for text in [c.to_string(), format!("a<{c}>ж{c}\u{FFFF}")] {
                assert_eq!(escape(&text), by_characters(&text), "U+{:04X}", c as u32);
            }
        }
    }

    #[test]
    fn only_characters_xml_holds_are_allowed() {
        for c in [
            'a',
            '\t',
            '\n',
            'é',
            '\u{202F}',
            '\u{E000}',
            '\u{1F600}',
            '\u{FFFD}',
        ] {
            assert!(is_allowed(c), "{c:?}");
        }
        for c in [
            '\0',
            '\u{7}',
            '\u{1B}',
            '\u{7F}',
            '\u{85}',
            '\u{FFFE}',
            '\u{FDD0}',
            '\u{1FFFF}',
        ] {
            assert!(!is_allowed(c), "{c:?}");
        }
        assert_eq!(
            escape("a\u{1}<b>&\"'\u{FFFF}"),
            "a&lt;b&gt;&amp;&quot;&#39;"
        );
        assert_eq!(first_disallowed("ab\u{1}"), Some((2, '\u{1}')));
    }

    #[test]
    fn web_links_are_checked_as_url_parsers_read_them() {
        for good in [
            "https://example.com",
            "HTTPS://Example.com:8080/a b?q=1#x",
            "http://user:pw@example.com/",
            "https://münchen.de/",
            "https://[::1]:80/",
            "https://192.168.0.1/",
            "mailto:someone@example.com",
            "ftp://anything",
            "#local",
        ] {
            assert_eq!(web_link_problem(good), None, "{good}");
        }
        for bad in [
            "https:",
            "https://",
            "https://exa mple.com",
            "https://example.com:99999/",
            "https://example.com:x/",
            "https://[::1/",
            "https://a..b/",
            "https://1.2.3.999/",
            "https://exa<mple.com/",
            "http://%41.com/",
        ] {
            assert!(web_link_problem(bad).is_some(), "{bad}");
        }
    }
}
