//! Print profiles (`[output.pdf] profile = "kdp" | "ingram"`) and the margin rule:
//! files a printer accepts, checked with PyMuPDF and qpdf.

use std::path::{Path, PathBuf};

use crate::common::*;

use crate::gen_corpus;

/// The sample with each story listed a second time (as a copy under another name,
/// since a file may be used once): 27 pages as a digital book, over KDP's 24.
fn doubled_sample(name: &str) -> PathBuf {
    let book = sample_book_copy(name);
    let manifest = std::fs::read_to_string(book.join("book.toml")).unwrap();
    let mut again = String::new();
    for story in ["valerie-mastroianni", "valerie-loren", "valerie-michalska"] {
        let from = book.join(format!("stories/{story}.md"));
        std::fs::copy(from, book.join(format!("stories/{story}-again.md"))).unwrap();
        again.push_str(&format!(
            "[[stories]]\nfile = \"stories/{story}-again.md\"\ntitle = \"{story} again\"\n\n"
        ));
    }
    let manifest = manifest.replacen("[[back]]", &format!("{again}[[back]]"), 1);
    std::fs::write(book.join("book.toml"), manifest).unwrap();
    book
}

/// What a PDF holds besides its text, through PyMuPDF: pages, outline items,
/// annotations and links, whether it has XMP, each page's boxes, and the catalog's
/// and /Info's keys.
fn structure(pdf: &Path) -> Option<serde_json::Value> {
    const SCRIPT: &str = r#"
import json, re, sys, pymupdf
doc = pymupdf.open(sys.argv[1])
cat = doc.pdf_catalog()
info = doc.xref_get_key(-1, "Info")
def icc(doc, cat):
    found = re.search(r"/DestOutputProfile (\d+) 0 R", doc.xref_get_key(cat, "OutputIntents")[1])
    if not found:
        return {}
    data = doc.xref_stream(int(found.group(1)))
    return {"icc_header": data[12:24].decode("latin-1"),
            "icc_size_ok": int.from_bytes(data[:4], "big") == len(data)}
pages = []
for page in doc:
    pages.append({
        "media": list(page.mediabox), "trim": list(page.trimbox), "bleed": list(page.bleedbox),
        "has_trim": doc.xref_get_key(page.xref, "TrimBox")[0] != "null",
        "has_bleed": doc.xref_get_key(page.xref, "BleedBox")[0] != "null",
        "annots": len(list(page.annots())), "links": len(page.get_links()),
        "images": [doc.xref_get_key(x[0], "SMask")[0] for x in page.get_images()],
        "group": doc.xref_get_key(page.xref, "Group")[0],
    })
print(json.dumps({
    "pages": pages,
    "toc": len(doc.get_toc()),
    "xmp": doc.get_xml_metadata(),
    "catalog": doc.xref_get_keys(cat),
    "info": doc.xref_get_keys(int(info[1].split()[0])) if info[0] == "xref" else [],
    "intents": doc.xref_get_key(cat, "OutputIntents"),
    "trapped": doc.xref_get_key(-1, "Info/Trapped")[1],
    "pdfx_version": doc.xref_get_key(-1, "Info/GTS_PDFXVersion")[1],
    **icc(doc, cat),
}))
"#;
    pymupdf_json(SCRIPT, pdf)
}

#[test]
fn a_kdp_interior_has_no_navigation_an_even_page_count_and_text_inside_the_safe_zone() {
    let book = doubled_sample("kdp");
    let out = book.join("out");
    build_ok(&book, &out.join("digital"), &["--pdf"]);
    build_ok(
        &book,
        &out.join("kdp"),
        &["--pdf", "--set", "output.pdf.profile=\"kdp\""],
    );
    let digital = out.join("digital/three-valeries.pdf");
    let kdp = out.join("kdp/three-valeries.pdf");
    let Some((digital_pages, kdp_pages)) = structure(&digital).zip(structure(&kdp)) else {
        return;
    };
    // The digital book is the screen book: an odd page count, an outline, links.
    let count = |s: &serde_json::Value| s["pages"].as_array().unwrap().len();
    let sum = |s: &serde_json::Value, key: &str| -> u64 {
        s["pages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p[key].as_u64().unwrap())
            .sum()
    };
    assert_eq!(count(&digital_pages) % 2, 1, "the test needs an odd count");
    assert!(digital_pages["toc"].as_u64().unwrap() > 0);
    assert!(sum(&digital_pages, "links") > 0);
    // KDP's: a blank verso more, no bookmarks, annotations, links or XMP.
    assert_eq!(count(&kdp_pages), count(&digital_pages) + 1);
    assert!(count(&kdp_pages) >= 24);
    assert_eq!(kdp_pages["toc"].as_u64(), Some(0));
    assert_eq!(sum(&kdp_pages, "annots"), 0);
    assert_eq!(sum(&kdp_pages, "links"), 0);
    assert_eq!(kdp_pages["xmp"], "");
    let catalog = kdp_pages["catalog"].to_string();
    for absent in ["Outlines", "Metadata", "PageMode"] {
        assert!(!catalog.contains(absent), "{absent} in {catalog}");
    }
    let info = kdp_pages["info"].to_string();
    assert!(
        info.contains("Title") && !info.contains("Keywords"),
        "{info}"
    );
    // Every line, heads and folios included, at least 0.25 in inside the trim; the
    // gutter at least KDP's 0.375 in for up to 150 pages.
    let Some(pages) = pdf_pages(&kdp) else { return };
    for (index, page) in pages.iter().enumerate() {
        for line in &page.lines {
            let distances = [
                line.x0,
                line.y0,
                page.width - line.x1,
                page.height - line.y1,
            ];
            assert!(
                distances.iter().all(|d| *d >= 18.0),
                "page {}: `{}` is {distances:?} pt from the edges",
                index + 1,
                line.text
            );
            let gutter = if index % 2 == 0 {
                line.x0
            } else {
                page.width - line.x1
            };
            assert!(gutter >= 27.0, "page {}: gutter {gutter}", index + 1);
        }
    }
    if let Some((clean, report)) = qpdf_check(&kdp) {
        assert!(clean, "{report}");
    }
    // The same book passes KDP's checks, which build it in memory only.
    let before = tree(&book);
    let output = folio(&[
        "check",
        book.to_str().unwrap(),
        "--target",
        "kdp",
        "--set",
        "output.pdf.profile=\"kdp\"",
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("error["), "{stderr}");
    assert!(
        stdout.contains(&format!(
            "ok: \"Three Valéries\" checked for kdp, {} pages: 0 errors",
            count(&kdp_pages)
        )),
        "{stdout}"
    );
    assert_eq!(tree(&book), before, "check wrote or changed a file");
}

/// Every file under `dir` with its size and modification time.
fn tree(dir: &Path) -> Vec<(PathBuf, u64, std::time::SystemTime)> {
    let mut files = Vec::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            let meta = std::fs::metadata(&path).unwrap();
            if meta.is_dir() {
                folders.push(path.clone());
            }
            files.push((path, meta.len(), meta.modified().unwrap()));
        }
    }
    files.sort();
    files
}

/// `folio check --target` on the sample (21 pages, a digital PDF) with a 64 px
/// cover and a 5.1 × 7.9 in trim, for every store: one in-memory build, the
/// findings read from the JSON.
#[test]
fn store_checks_name_each_broken_rule_with_its_place_fix_and_source() {
    let book = sample_book_copy("stores");
    std::fs::copy(
        repo_root().join("tests/fixtures/images/leaf.png"),
        book.join("leaf.png"),
    )
    .unwrap();
    let manifest = std::fs::read_to_string(book.join("book.toml")).unwrap();
    let manifest = manifest.replacen(
        "language = \"en\"",
        "language = \"en\"\ncover = \"leaf.png\"",
        1,
    );
    std::fs::write(book.join("book.toml"), manifest).unwrap();
    let before = tree(&book);
    let output = folio(&[
        "check",
        book.to_str().unwrap(),
        "--target",
        "all",
        "--json",
        "--set",
        "output.pdf.trim={ width = \"5.1in\", height = \"7.9in\" }",
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(tree(&book), before, "check wrote or changed a file");
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["ok"], false);
    assert_eq!(
        json["targets"],
        serde_json::json!(["kdp", "ingram", "apple", "kobo", "google"])
    );
    let findings = json["findings"].as_array().unwrap();
    let find = |code: &str| {
        findings
            .iter()
            .find(|f| f["code"] == code)
            .unwrap_or_else(|| panic!("no {code} in {findings:#?}"))
    };
    // (rule, severity, book.toml line or none): the profile's findings at the
    // [output.pdf] header (no `profile` key), the trim's at the override after it.
    let line = |text: &str| Some(manifest_line(&book, text) as u64);
    let pdf = line("[output.pdf]");
    let trim = pdf.map(|l| l + 1);
    let expected = [
        ("kdp-profile", "error", pdf),
        ("kdp-page-count", "error", None),
        ("kdp-trim-custom", "warning", trim),
        ("ingram-trim", "error", trim),
        ("ingram-pdfx", "error", pdf),
        ("apple-cover-size", "error", line("cover = ")),
        ("apple-isbn", "warning", line("[book]")),
        ("kobo-isbn", "warning", line("[book]")),
        ("google-cover-size", "error", line("cover = ")),
    ];
    for (code, severity, line) in expected {
        let finding = find(code);
        assert_eq!(finding["severity"], severity, "{finding}");
        assert_eq!(finding["line"].as_u64(), line, "{finding}");
        assert!(finding["source"]["url"]
            .as_str()
            .unwrap()
            .starts_with("https://"));
        assert!(!finding["help"].as_str().unwrap().is_empty(), "{finding}");
    }
    assert!(find("kdp-profile")["help"]
        .as_str()
        .unwrap()
        .contains("profile = \"kdp\""));
    assert!(find("ingram-pdfx")["help"]
        .as_str()
        .unwrap()
        .contains("profile = \"ingram\""));
    assert!(find("apple-cover-size")["message"]
        .as_str()
        .unwrap()
        .contains("64 × 64"));
    // Every store's rules ran.
    for store in ["kdp", "ingram", "apple", "kobo", "google"] {
        assert!(findings.iter().any(|f| f["store"] == store), "{store}");
    }
    // A bad ISBN stops the check before anything is built; an unknown target is a
    // usage error listing the targets.
    let manifest = std::fs::read_to_string(book.join("book.toml")).unwrap();
    let bad = manifest.replacen(
        "language = \"en\"",
        "language = \"en\"\nisbn = { ebook = \"978-3-16-148410-1\" }",
        1,
    );
    std::fs::write(book.join("book.toml"), bad).unwrap();
    let output = folio(&["check", book.to_str().unwrap(), "--target", "kobo"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("`978-3-16-148410-1` (ebook) is not a valid ISBN"),
        "{stderr}"
    );
    let output = folio(&["check", book.to_str().unwrap(), "--target", "kdp,kindle"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(
            "unknown target `kindle`; the targets are kdp, ingram, apple, kobo, google, or all"
        ),
        "{stderr}"
    );
}

#[test]
fn a_four_hundred_page_kdp_book_gets_the_gutter_its_binding_needs() {
    // 22,000 words on a 5×8 trim in 24 pt type come to about 400 pages: the layout
    // of a 110,000-word novel in 11 pt, at a fifth of the cost (a debug build).
    let dir = scratch("kdp-gutter");
    let book = dir.join("book");
    gen_corpus::run(5, 4400, 7, "en", &book).unwrap();
    let manifest = std::fs::read_to_string(book.join("book.toml")).unwrap();
    let manifest = format!(
        "{manifest}\n[output.pdf]\ntrim = \"5x8\"\nprofile = \"kdp\"\nfont_size = 24.0\nleading = 30.0\n\
         [output.pdf.margins]\ntop = \"1.05in\"\nbottom = \"1.25in\"\ninner = \"0.4in\"\nouter = \"0.375in\"\n"
    );
    std::fs::write(book.join("book.toml"), manifest).unwrap();
    let output = build(&book, &dir.join("out"), &["--pdf"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains(
            "warning[gutter-raised]: the inner margin (gutter) was raised from 0.4in to 0.625in"
        ),
        "{stderr}"
    );
    // It points at the margin's line.
    let line = manifest_line(&book, "inner = \"0.4in\"");
    assert!(stderr.contains(&format!("book.toml:{line}:")), "{stderr}");
    let pdf = std::fs::read_dir(dir.join("out"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "pdf"))
        .unwrap();
    let Some(pages) = pdf_pages(&pdf) else { return };
    assert!((301..=500).contains(&pages.len()), "{} pages", pages.len());
    assert_eq!(pages.len() % 2, 0);
    let mut gutter = f64::MAX;
    for (index, page) in pages.iter().enumerate() {
        for line in &page.lines {
            let inside = if index % 2 == 0 {
                line.x0
            } else {
                page.width - line.x1
            };
            gutter = gutter.min(inside);
        }
    }
    assert!(gutter >= 0.625 * 72.0 - 0.01, "gutter {gutter} pt");
}

#[test]
fn text_closer_than_a_quarter_inch_to_the_trim_is_an_error_naming_the_margin_and_the_rule() {
    let book = sample_book_copy("print-margin");
    let manifest = std::fs::read_to_string(book.join("book.toml")).unwrap();
    std::fs::write(
        book.join("book.toml"),
        format!("{manifest}\n[output.pdf.margins]\ntop = \"0.2in\"\n"),
    )
    .unwrap();
    let output = folio(&["check", book.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    for expected in [
        "with `top = \"0.2in\"` the running heads print 0.17 in beyond the top edge of the page",
        "at least 0.25 in inside the trim (rule print-margin)",
        "book.toml:74:7",
        "make `top` at least \"0.616in\"",
    ] {
        assert!(stderr.contains(expected), "`{expected}` in\n{stderr}");
    }
    // So does a check for KDP, before building anything.
    let output = folio(&["check", book.to_str().unwrap(), "--target", "kdp"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("(rule print-margin)"), "{stderr}");
    // `build` stops the same way, writing nothing.
    let output = build(&book, &book.join("out"), &[]);
    assert_eq!(output.status.code(), Some(1));
    assert!(!book.join("out").exists());
}

#[test]
fn an_ingram_interior_is_pdf_x4_with_an_output_intent_boxes_and_no_transparency() {
    let book = doubled_sample("ingram");
    std::fs::copy(
        repo_root().join("tests/fixtures/images/map.png"),
        book.join("stories/map.png"),
    )
    .unwrap();
    let story = book.join("stories/valerie-loren-again.md");
    let text = std::fs::read_to_string(&story).unwrap();
    // An RGBA PNG: its transparency must be flattened.
    std::fs::write(&story, format!("{text}\n\n![A map](map.png)\n\nAfter.\n")).unwrap();
    let out = book.join("out");
    build_ok(
        &book,
        &out,
        &["--pdf", "--set", "output.pdf.profile=\"ingram\""],
    );
    let pdf = out.join("three-valeries.pdf");
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-1.6"), "PDF/X-4 is PDF 1.6");
    if let Some((clean, report)) = qpdf_check(&pdf) {
        assert!(clean, "{report}");
    }
    let Some(s) = structure(&pdf) else { return };
    let pages = s["pages"].as_array().unwrap();
    assert_eq!(pages.len() % 2, 0);
    for (index, page) in pages.iter().enumerate() {
        assert_eq!(page["has_trim"], true, "page {}", index + 1);
        assert_eq!(page["has_bleed"], true, "page {}", index + 1);
        assert_eq!(page["trim"], page["bleed"], "nothing bleeds");
        assert_eq!(page["group"], "null", "no transparency group");
        assert_eq!(page["annots"].as_u64(), Some(0));
    }
    let images: Vec<&serde_json::Value> = pages
        .iter()
        .flat_map(|p| p["images"].as_array().unwrap())
        .collect();
    assert_eq!(images.len(), 1);
    assert!(images.iter().all(|mask| *mask == "null"), "{images:?}");
    let intents = s["intents"].to_string();
    for expected in [
        "/GTS_PDFX",
        "/DestOutputProfile",
        "OutputConditionIdentifier",
    ] {
        assert!(intents.contains(expected), "{expected} in {intents}");
    }
    assert_eq!(s["trapped"], "/False");
    assert_eq!(s["pdfx_version"], "PDF/X-4");
    let xmp = s["xmp"].as_str().unwrap();
    assert!(xmp.contains("<pdfxid:GTS_PDFXVersion>PDF/X-4<"), "{xmp}");
    assert!(xmp.contains("<pdf:Trapped>False<"), "{xmp}");
    // The embedded profile: an ICC monochrome output profile, whole.
    let icc = s["icc_header"].as_str().unwrap();
    assert!(icc.starts_with("prtrGRAYXYZ "), "{icc}");
    assert_eq!(s["icc_size_ok"], true);
}

/// The 1-based line of book.toml that starts with `text`.
fn manifest_line(book: &Path, text: &str) -> usize {
    let manifest = std::fs::read_to_string(book.join("book.toml")).unwrap();
    manifest
        .lines()
        .position(|line| line.starts_with(text))
        .unwrap()
        + 1
}
