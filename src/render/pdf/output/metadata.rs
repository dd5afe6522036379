//! Metadata: the /Info dictionary, the XMP packet and PDF text strings, with dates
//! computed by hand (UTC, from SOURCE_DATE_EPOCH upstream).

use lopdf::{Dictionary, Object, StringFormat};

use super::finishing::DocumentInfo;

/// /Info: everything known, or (`minimal`, for a printer) the title, authors and
/// dates only.
pub(super) fn info_dict(info: &DocumentInfo, minimal: bool) -> Dictionary {
    let mut dict = Dictionary::new();
    let title = full_title(info);
    let keywords = info.keywords.join(", ");
    let authors = info.authors.join(", ");
    let optional = &[
        ("Title", Some(title.as_str())),
        ("Author", Some(authors.as_str())),
    ];
    let full = [
        ("Title", Some(title.as_str())),
        ("Author", Some(authors.as_str())),
        ("Subject", info.description.as_deref()),
        ("Keywords", Some(keywords.as_str())),
        ("Creator", Some("Folio")),
        ("Producer", Some(info.producer.as_str())),
    ];
    let keys = if minimal { &optional[..] } else { &full[..] };
    for (key, value) in keys {
        if let Some(v) = value.filter(|v| !v.is_empty()) {
            dict.set(*key, pdf_text(v));
        }
    }
    let date = Utc::from_unix(info.date_unix).pdf_date();
    dict.set("CreationDate", Object::string_literal(date.clone()));
    dict.set("ModDate", Object::string_literal(date));
    dict
}

/// /Info and dc:title carry a single title, so a subtitle is folded in the way
/// library catalogues do ("Title: Subtitle").
fn full_title(info: &DocumentInfo) -> String {
    match info.subtitle.as_deref().filter(|s| !s.is_empty()) {
        Some(sub) if !info.title.is_empty() => format!("{}: {sub}", info.title),
        Some(sub) => sub.to_string(),
        None => info.title.clone(),
    }
}

/// A PDF text string: PDFDocEncoding coincides with ASCII, anything else must be
/// UTF-16BE with a byte order mark (lopdf's own `text_string` omits the BOM).
pub(super) fn pdf_text(s: &str) -> Object {
    if s.is_ascii() {
        return Object::String(s.as_bytes().to_vec(), StringFormat::Literal);
    }
    let mut bytes = Vec::with_capacity(2 + s.len() * 2);
    bytes.extend_from_slice(&[0xFE, 0xFF]);
    for unit in s.encode_utf16() {
        bytes.extend_from_slice(&unit.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}

/// The XMP packet; `pdfx` adds PDF/X-4's keys (its version, /Trapped, the
/// document's and version's ids, derived from the title and date).
pub(super) fn xmp_packet(info: &DocumentInfo, pdfx: bool) -> String {
    let date = Utc::from_unix(info.date_unix).iso8601();
    let li = |v: &str| format!("<rdf:li>{}</rdf:li>", xml_escape(v));
    let alt = |v: &str| {
        format!(
            "<rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt>",
            xml_escape(v)
        )
    };
    let mut props = vec!["<dc:format>application/pdf</dc:format>".to_string()];
    props.push(format!("<dc:title>{}</dc:title>", alt(&full_title(info))));
    if !info.authors.is_empty() {
        let items: String = info.authors.iter().map(|a| li(a)).collect();
        props.push(format!(
            "<dc:creator><rdf:Seq>{items}</rdf:Seq></dc:creator>"
        ));
    }
    if !info.language.is_empty() {
        props.push(format!(
            "<dc:language><rdf:Bag>{}</rdf:Bag></dc:language>",
            li(&info.language)
        ));
    }
    if let Some(d) = info.description.as_deref().filter(|d| !d.is_empty()) {
        props.push(format!("<dc:description>{}</dc:description>", alt(d)));
    }
    if let Some(p) = info.publisher.as_deref().filter(|p| !p.is_empty()) {
        props.push(format!(
            "<dc:publisher><rdf:Bag>{}</rdf:Bag></dc:publisher>",
            li(p)
        ));
    }
    if !info.keywords.is_empty() {
        let items: String = info.keywords.iter().map(|k| li(k)).collect();
        props.push(format!(
            "<dc:subject><rdf:Bag>{items}</rdf:Bag></dc:subject>"
        ));
        props.push(format!(
            "<pdf:Keywords>{}</pdf:Keywords>",
            xml_escape(&info.keywords.join(", "))
        ));
    }
    for key in ["CreateDate", "ModifyDate", "MetadataDate"] {
        props.push(format!("<xmp:{key}>{date}</xmp:{key}>"));
    }
    props.push("<xmp:CreatorTool>Folio</xmp:CreatorTool>".into());
    if !info.producer.is_empty() {
        props.push(format!(
            "<pdf:Producer>{}</pdf:Producer>",
            xml_escape(&info.producer)
        ));
    }
    let mut namespaces = String::new();
    if pdfx {
        let id = crate::util::content_hash_128(format!("{}\n{date}", info.title).as_bytes());
        let hex = format!("{id:032x}");
        let uuid = format!(
            "uuid:{}-{}-{}-{}-{}",
            &hex[..8],
            &hex[8..12],
            &hex[12..16],
            &hex[16..20],
            &hex[20..]
        );
        props.push(format!(
            "<pdfxid:GTS_PDFXVersion>{}</pdfxid:GTS_PDFXVersion>",
            super::pdfx::PDFX_VERSION
        ));
        props.push("<pdf:Trapped>False</pdf:Trapped>".into());
        props.push(format!("<xmpMM:DocumentID>{uuid}</xmpMM:DocumentID>"));
        props.push(format!("<xmpMM:InstanceID>{uuid}</xmpMM:InstanceID>"));
        props.push("<xmpMM:VersionID>1</xmpMM:VersionID>".into());
        props.push("<xmpMM:RenditionClass>default</xmpMM:RenditionClass>".into());
        namespaces = "\n    xmlns:pdfxid=\"http://www.npes.org/pdfx/ns/id/\"\n    \
                      xmlns:xmpMM=\"http://ns.adobe.com/xap/1.0/mm/\""
            .into();
    }
    let body: String = props.iter().map(|p| format!("   {p}\n")).collect();
    format!(
        "<?xpacket begin=\"\u{FEFF}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n\
         <x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n \
         <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n  \
         <rdf:Description rdf:about=\"\"\n    \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n    \
         xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n    \
         xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"{namespaces}>\n\
         {body}  </rdf:Description>\n </rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>"
    )
}

fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Other C0 controls are not allowed in XML 1.0 at all.
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 => {}
            c => out.push(c),
        }
    }
    out
}

/// A UTC civil time; dates are computed by hand to avoid a chrono dependency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Utc {
    year: i64,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
}

impl Utc {
    fn from_unix(t: i64) -> Utc {
        // Both date formats need a four-digit year: clamp to 0001-01-01..9999-12-31.
        let t = t.clamp(-62_135_596_800, 253_402_300_799);
        let (days, secs) = (t.div_euclid(86_400), t.rem_euclid(86_400) as u32);
        let (year, month, day) = civil_from_days(days);
        Utc {
            year,
            month,
            day,
            hour: secs / 3600,
            minute: secs / 60 % 60,
            second: secs % 60,
        }
    }

    fn iso8601(&self) -> String {
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }

    fn pdf_date(&self) -> String {
        format!(
            "D:{:04}{:02}{:02}{:02}{:02}{:02}Z",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }
}

/// Howard Hinnant's days-to-civil algorithm (proleptic Gregorian calendar).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates_match_known_instants() {
        assert_eq!(
            Utc::from_unix(1_700_000_000).iso8601(),
            "2023-11-14T22:13:20Z"
        );
        assert_eq!(
            Utc::from_unix(1_700_000_000).pdf_date(),
            "D:20231114221320Z"
        );
        assert_eq!(Utc::from_unix(0).iso8601(), "1970-01-01T00:00:00Z");
        assert_eq!(Utc::from_unix(-1).iso8601(), "1969-12-31T23:59:59Z");
        assert_eq!(
            Utc::from_unix(951_782_400).iso8601(),
            "2000-02-29T00:00:00Z"
        );
        assert_eq!(
            Utc::from_unix(4_107_542_400).iso8601(),
            "2100-03-01T00:00:00Z"
        );
        assert_eq!(Utc::from_unix(i64::MAX).iso8601(), "9999-12-31T23:59:59Z");
        assert_eq!(Utc::from_unix(i64::MIN).iso8601(), "0001-01-01T00:00:00Z");
    }
}
