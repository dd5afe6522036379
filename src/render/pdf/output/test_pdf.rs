//! A test fixture for the finishing pass: a PDF shaped like printpdf's, a
//! `Finishing` that uses every feature, and readers of what comes out.

use std::path::PathBuf;
use std::process::Command;

use lopdf::{decode_text_string, dictionary, Dictionary, Document, Object, ObjectId, Stream};

use super::finish::finish_pdf;
use super::finishing::{
    DocumentInfo, Finishing, InternalLink, LabelStyle, OutlineItem, PageLabelRange,
};
use crate::units::Pt;

pub(super) const PAGES: usize = 12;

/// Roughly what printpdf 0.12 writes: catalog, flat page tree, content streams,
/// an /Info dict and an XMP stream, plus pre-existing /Annots in both shapes.
pub(super) fn sample_pdf(n: usize) -> Vec<u8> {
    let mut doc = Document::with_version("1.3");
    let pages_id = doc.new_object_id();
    let font = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    let uri_annot = doc.add_object(dictionary! {
        "Type" => "Annot", "Subtype" => "Link", "Rect" => vec![0.into(), 0.into(), 10.into(), 10.into()],
        "A" => dictionary! { "S" => "URI", "URI" => Object::string_literal("https://example.org") },
    });
    let shared_annots = doc.add_object(vec![Object::Reference(uri_annot)]);
    let mut kids = Vec::new();
    for i in 0..n {
        let text: String = (0..8)
            .map(|line| {
                format!(
                    "BT /F1 12 Tf 72 {} Td (Page {} line {line}) Tj ET\n",
                    600 - line * 14,
                    i + 1
                )
            })
            .collect();
        let content = doc.add_object(Stream::new(dictionary! {}, text.into_bytes()));
        let mut page = dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "MediaBox" => vec![0.into(), 0.into(), 432.into(), 648.into()],
            "Contents" => content,
            "Resources" => dictionary! { "Font" => dictionary! { "F1" => font } },
        };
        match i {
            0 => page.set("Annots", vec![Object::Reference(uri_annot)]),
            1 => page.set("Annots", shared_annots),
            _ => {}
        }
        kids.push(Object::Reference(doc.add_object(page)));
    }
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => n as i64 }),
    );
    let old_xmp = doc.add_object(Stream::new(
        dictionary! { "Type" => "Metadata", "Subtype" => "XML" },
        b"<x:xmpmeta>OLD-XMP-MARKER</x:xmpmeta>".to_vec(),
    ));
    let catalog = doc.add_object(dictionary! {
        "Type" => "Catalog", "Pages" => pages_id, "Metadata" => old_xmp,
    });
    let info = doc.add_object(dictionary! {
        "Title" => Object::string_literal("OLD-INFO-MARKER"),
        "CreationDate" => Object::string_literal("D:20000101000000Z"),
        "Producer" => Object::string_literal("printpdf"),
    });
    doc.trailer.set("Root", catalog);
    doc.trailer.set("Info", info);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

pub(super) fn item(title: &str, page: usize, children: Vec<OutlineItem>) -> OutlineItem {
    OutlineItem {
        title: title.into(),
        page,
        top: Pt(600.0),
        children,
    }
}

pub(super) fn label(
    first_page: usize,
    style: LabelStyle,
    start: u32,
    prefix: &str,
) -> PageLabelRange {
    PageLabelRange {
        first_page,
        style,
        start,
        prefix: prefix.into(),
    }
}

pub(super) fn full_finishing() -> Finishing {
    Finishing {
        labels: vec![
            label(4, LabelStyle::Decimal, 1, ""),
            label(0, LabelStyle::LowerRoman, 1, ""),
            label(10, LabelStyle::None, 1, "Back cover"),
            label(8, LabelStyle::UpperRoman, 3, "A-"),
        ],
        outline: vec![
            item(
                "Part One",
                4,
                vec![
                    item(
                        "Chapter 1",
                        4,
                        vec![item("1.1", 5, vec![]), item("1.2", 6, vec![])],
                    ),
                    item("Chapter 2", 7, vec![]),
                ],
            ),
            item("Three Valériés", 8, vec![]),
        ],
        links: vec![
            InternalLink {
                page: 0,
                rect: [Pt(72.0), Pt(500.0), Pt(200.0), Pt(514.5)],
                target_page: 7,
                target_top: Pt(600.0),
            },
            InternalLink {
                page: 1,
                rect: [Pt(72.0), Pt(480.0), Pt(200.0), Pt(494.0)],
                target_page: 8,
                target_top: Pt(320.25),
            },
            InternalLink {
                page: 3,
                rect: [Pt(72.0), Pt(460.0), Pt(200.0), Pt(474.0)],
                target_page: 4,
                target_top: Pt(648.0),
            },
        ],
        uri_links: Vec::new(),
        cover: None,
        minimal_metadata: false,
        pdfx: false,
        info: DocumentInfo {
            title: "Three Valériés".into(),
            subtitle: None,
            authors: vec!["Ada Lovelace".into(), "Émile Zola".into()],
            language: "fr-FR".into(),
            description: Some("A story about <three> & more".into()),
            keywords: vec!["fiction".into(), "test".into()],
            publisher: Some("Folio Press".into()),
            producer: "Folio 0.1 (printpdf 0.12)".into(),
            date_unix: 1_700_000_000,
        },
    }
}

pub(super) fn finished() -> (Vec<u8>, Document) {
    let out = finish_pdf(&sample_pdf(PAGES), &full_finishing()).expect("finish");
    let doc = Document::load_mem(&out).expect("output parses");
    (out, doc)
}

pub(super) fn catalog(doc: &Document) -> &Dictionary {
    doc.catalog().unwrap()
}

pub(super) fn deref<'a>(doc: &'a Document, obj: &'a Object) -> &'a Object {
    match obj {
        Object::Reference(id) => doc.get_object(*id).unwrap(),
        other => other,
    }
}

pub(super) fn dict_at<'a>(doc: &'a Document, dict: &'a Dictionary, key: &str) -> &'a Dictionary {
    deref(doc, dict.get(key.as_bytes()).unwrap())
        .as_dict()
        .unwrap()
}

pub(super) fn text(obj: &Object) -> String {
    decode_text_string(obj).unwrap()
}

pub(super) fn page_ids(doc: &Document) -> Vec<ObjectId> {
    doc.get_pages().into_values().collect()
}

pub(super) fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Runs an external tool, or reports a loud skip (a failure under FOLIO_REQUIRE_TOOLS=1).
pub(super) fn run_tool(tool: &str, args: &[&str]) -> Option<std::process::Output> {
    match Command::new(tool).args(args).output() {
        Ok(out) => Some(out),
        Err(_) => {
            let msg = format!("SKIPPED: {tool} not installed");
            if std::env::var("FOLIO_REQUIRE_TOOLS").as_deref() == Ok("1") {
                panic!("{msg} (FOLIO_REQUIRE_TOOLS=1)");
            }
            eprintln!("\n!!!!!!!! {msg} !!!!!!!!\n");
            None
        }
    }
}

pub(super) fn temp_pdf(name: &str, bytes: &[u8]) -> PathBuf {
    let path = std::env::temp_dir().join(format!("folio-post-{}-{name}.pdf", std::process::id()));
    std::fs::write(&path, bytes).unwrap();
    path
}

pub(super) fn assert_qpdf_clean(name: &str, bytes: &[u8]) {
    let path = temp_pdf(name, bytes);
    if let Some(out) = run_tool("qpdf", &["--check", path.to_str().unwrap()]) {
        let report = String::from_utf8_lossy(&out.stdout).into_owned()
            + &String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "qpdf --check failed:\n{report}");
        assert!(
            !report.contains("WARNING"),
            "qpdf --check warned:\n{report}"
        );
        assert!(
            report.contains("No syntax or stream encoding errors"),
            "{report}"
        );
    }
    let _ = std::fs::remove_file(path);
}
