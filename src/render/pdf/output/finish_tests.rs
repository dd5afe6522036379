use super::*;
use crate::render::pdf::output::test_pdf::*;
use crate::util::fnv1a_128;
use lopdf::Dictionary;

#[test]
fn labels_are_readable_back_in_page_order() {
    let (_, doc) = finished();
    let labels = dict_at(&doc, catalog(&doc), "PageLabels");
    let nums = labels.get(b"Nums").unwrap().as_array().unwrap();
    let keys: Vec<i64> = nums
        .iter()
        .step_by(2)
        .map(|o| o.as_i64().unwrap())
        .collect();
    assert_eq!(keys, [0, 4, 8, 10], "number tree keys must be sorted");
    let entry = |i: usize| nums[i * 2 + 1].as_dict().unwrap();
    assert_eq!(entry(0).get(b"S").unwrap().as_name().unwrap(), b"r");
    assert_eq!(entry(0).get(b"St").unwrap().as_i64().unwrap(), 1);
    assert_eq!(entry(1).get(b"S").unwrap().as_name().unwrap(), b"D");
    assert!(
        entry(1).get(b"P").is_err(),
        "empty prefix must not be written"
    );
    assert_eq!(entry(2).get(b"S").unwrap().as_name().unwrap(), b"R");
    assert_eq!(entry(2).get(b"St").unwrap().as_i64().unwrap(), 3);
    assert_eq!(text(entry(2).get(b"P").unwrap()), "A-");
    assert!(entry(3).get(b"S").is_err(), "style None has no /S");
    assert_eq!(text(entry(3).get(b"P").unwrap()), "Back cover");
}

#[test]
fn nested_outline_has_correct_counts_links_and_destinations() {
    let (_, doc) = finished();
    let cat = catalog(&doc);
    assert_eq!(
        cat.get(b"PageMode").unwrap().as_name().unwrap(),
        b"UseOutlines"
    );
    let root_id = cat.get(b"Outlines").unwrap().as_reference().unwrap();
    let root = doc.get_dictionary(root_id).unwrap();
    let get = |d: &Dictionary, k: &str| d.get(k.as_bytes()).unwrap().as_reference().unwrap();
    let node = |id| doc.get_dictionary(id).unwrap();
    let count = |d: &Dictionary| d.get(b"Count").unwrap().as_i64().unwrap();

    // Visible when opened: Part One, Chapter 1, Chapter 2, Three Valériés (Chapter 1 is closed).
    assert_eq!(count(root), 4);
    let part = get(root, "First");
    let last = get(root, "Last");
    assert_eq!(text(node(part).get(b"Title").unwrap()), "Part One");
    assert_eq!(text(node(last).get(b"Title").unwrap()), "Three Valériés");
    assert_eq!(get(node(part), "Next"), last);
    assert_eq!(get(node(last), "Prev"), part);
    assert!(node(part).get(b"Prev").is_err() && node(last).get(b"Next").is_err());
    assert_eq!(get(node(part), "Parent"), root_id);
    assert_eq!(get(node(last), "Parent"), root_id);
    assert!(
        node(last).get(b"Count").is_err(),
        "leaf items carry no /Count"
    );

    assert_eq!(
        count(node(part)),
        2,
        "open top-level item counts visible children"
    );
    let ch1 = get(node(part), "First");
    let ch2 = get(node(part), "Last");
    assert_eq!(get(node(ch1), "Parent"), part);
    assert_eq!(get(node(ch2), "Parent"), part);
    assert_eq!(get(node(ch1), "Next"), ch2);
    assert_eq!(
        count(node(ch1)),
        -2,
        "nested items start closed: negative count"
    );
    let s11 = get(node(ch1), "First");
    let s12 = get(node(ch1), "Last");
    assert_eq!(get(node(s11), "Parent"), ch1);
    assert_eq!(get(node(s11), "Next"), s12);
    assert_eq!(get(node(s12), "Prev"), s11);
    assert_eq!(text(node(s12).get(b"Title").unwrap()), "1.2");

    let pages = page_ids(&doc);
    let dest = node(s12).get(b"Dest").unwrap().as_array().unwrap();
    assert_eq!(dest[0].as_reference().unwrap(), pages[6]);
    assert_eq!(dest[1].as_name().unwrap(), b"XYZ");
    assert_eq!(dest[2].as_i64().unwrap(), 0);
    assert_eq!(dest[3].as_float().unwrap(), 600.0);
    assert_eq!(dest[4], Object::Null);
}

#[test]
fn deeper_levels_stay_closed_and_count_only_their_children() {
    let f = Finishing {
        outline: vec![item(
            "Part",
            0,
            vec![item(
                "Ch",
                1,
                vec![item("Sec", 2, vec![item("Sub", 3, vec![])])],
            )],
        )],
        ..Finishing::default()
    };
    let out = finish_pdf(&sample_pdf(4), &f).unwrap();
    let doc = Document::load_mem(&out).unwrap();
    let mut id = catalog(&doc)
        .get(b"Outlines")
        .unwrap()
        .as_reference()
        .unwrap();
    let mut counts = Vec::new();
    loop {
        let node = doc.get_dictionary(id).unwrap();
        let Ok(first) = node.get(b"First") else { break };
        counts.push(node.get(b"Count").unwrap().as_i64().unwrap());
        id = first.as_reference().unwrap();
    }
    // Root sees Part + Ch; Part is open; Ch and Sec are closed with one child each.
    assert_eq!(counts, [2, 1, -1, -1]);
}

#[test]
fn printpdf_string_page_mode_becomes_a_name() {
    let mut doc = Document::load_mem(&sample_pdf(2)).unwrap();
    doc.catalog_mut()
        .unwrap()
        .set("PageMode", Object::string_literal("UseOutlines"));
    let mut input = Vec::new();
    doc.save_to(&mut input).unwrap();
    let out = finish_pdf(&input, &Finishing::default()).unwrap();
    let doc = Document::load_mem(&out).unwrap();
    assert_eq!(
        catalog(&doc).get(b"PageMode").unwrap().as_name().unwrap(),
        b"UseOutlines"
    );
}

#[test]
fn non_ascii_title_round_trips_as_utf16_with_bom() {
    let (_, doc) = finished();
    let info_id = doc.trailer.get(b"Info").unwrap().as_reference().unwrap();
    let info = doc.get_dictionary(info_id).unwrap();
    let raw = info.get(b"Title").unwrap().as_str().unwrap();
    assert_eq!(&raw[..2], &[0xFE, 0xFF]);
    assert_eq!(text(info.get(b"Title").unwrap()), "Three Valériés");
    assert_eq!(
        text(info.get(b"Author").unwrap()),
        "Ada Lovelace, Émile Zola"
    );
    assert_eq!(
        text(info.get(b"Subject").unwrap()),
        "A story about <three> & more"
    );
    assert_eq!(text(info.get(b"Keywords").unwrap()), "fiction, test");
    assert_eq!(text(info.get(b"Creator").unwrap()), "Folio");
    assert_eq!(
        text(info.get(b"Producer").unwrap()),
        "Folio 0.1 (printpdf 0.12)"
    );
    // ASCII stays a plain literal, which every reader handles.
    assert_eq!(
        pdf_text("Folio"),
        Object::String(b"Folio".to_vec(), StringFormat::Literal)
    );
    assert_eq!(
        pdf_text("é𝄞").as_str().unwrap(),
        &[0xFE, 0xFF, 0x00, 0xE9, 0xD8, 0x34, 0xDD, 0x1E]
    );
}

#[test]
fn catalog_gets_lang_viewer_preferences_and_version() {
    let (out, doc) = finished();
    assert!(out.starts_with(b"%PDF-1.7\n"));
    let cat = catalog(&doc);
    assert_eq!(text(cat.get(b"Lang").unwrap()), "fr-FR");
    let prefs = dict_at(&doc, cat, "ViewerPreferences");
    assert!(prefs.get(b"DisplayDocTitle").unwrap().as_bool().unwrap());
}

#[test]
fn links_land_on_the_right_pages_and_keep_existing_annots() {
    let (_, doc) = finished();
    let pages = page_ids(&doc);
    let annots = |page: usize| -> Vec<&Dictionary> {
        let p = doc.get_dictionary(pages[page]).unwrap();
        match p.get(b"Annots") {
            Ok(a) => deref(&doc, a)
                .as_array()
                .unwrap()
                .iter()
                .map(|o| deref(&doc, o).as_dict().unwrap())
                .collect(),
            Err(_) => vec![],
        }
    };
    let internal = |page: usize| -> Vec<&Dictionary> {
        annots(page)
            .into_iter()
            .filter(|a| a.get(b"Dest").is_ok())
            .collect()
    };
    // Page 0 had an inline array, page 1 a referenced array: both keep the URI link.
    assert_eq!(annots(0).len(), 2);
    assert_eq!(annots(1).len(), 2);
    assert_eq!(
        annots(3).len(),
        1,
        "page without /Annots gets a fresh array"
    );
    assert!(annots(2).is_empty());
    assert!(
        annots(0)[0].get(b"A").is_ok(),
        "existing annotation stays first"
    );

    let link = internal(1)[0];
    assert_eq!(link.get(b"Subtype").unwrap().as_name().unwrap(), b"Link");
    let border: Vec<i64> = link
        .get(b"Border")
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o.as_i64().unwrap())
        .collect();
    assert_eq!(border, [0, 0, 0]);
    let rect: Vec<f32> = link
        .get(b"Rect")
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o.as_float().unwrap())
        .collect();
    assert_eq!(rect, [72.0, 480.0, 200.0, 494.0]);
    let dest = link.get(b"Dest").unwrap().as_array().unwrap();
    assert_eq!(dest[0].as_reference().unwrap(), pages[8]);
    assert_eq!(dest[3].as_float().unwrap(), 320.25);
    assert_eq!(
        internal(0)[0].get(b"Dest").unwrap().as_array().unwrap()[0]
            .as_reference()
            .unwrap(),
        pages[7]
    );
    assert_eq!(
        internal(3)[0].get(b"Dest").unwrap().as_array().unwrap()[0]
            .as_reference()
            .unwrap(),
        pages[4]
    );
}

#[test]
fn xmp_has_title_creators_and_iso_dates_and_replaces_old_metadata() {
    let (out, doc) = finished();
    let id = catalog(&doc)
        .get(b"Metadata")
        .unwrap()
        .as_reference()
        .unwrap();
    let stream = doc.get_object(id).unwrap().as_stream().unwrap();
    assert_eq!(
        stream.dict.get(b"Type").unwrap().as_name().unwrap(),
        b"Metadata"
    );
    assert_eq!(
        stream.dict.get(b"Subtype").unwrap().as_name().unwrap(),
        b"XML"
    );
    assert!(
        stream.dict.get(b"Filter").is_err(),
        "XMP must stay uncompressed"
    );
    let xmp = String::from_utf8(stream.content.clone()).unwrap();
    assert!(
        xmp.contains("<rdf:Alt><rdf:li xml:lang=\"x-default\">Three Valériés</rdf:li></rdf:Alt>")
    );
    assert!(xmp.contains(
        "<dc:creator><rdf:Seq><rdf:li>Ada Lovelace</rdf:li><rdf:li>Émile Zola</rdf:li></rdf:Seq>"
    ));
    assert!(xmp.contains("<dc:language><rdf:Bag><rdf:li>fr-FR</rdf:li></rdf:Bag>"));
    assert!(xmp.contains("A story about &lt;three&gt; &amp; more"));
    assert!(xmp.contains("<dc:publisher><rdf:Bag><rdf:li>Folio Press</rdf:li>"));
    for key in ["CreateDate", "ModifyDate", "MetadataDate"] {
        assert!(
            xmp.contains(&format!("<xmp:{key}>2023-11-14T22:13:20Z</xmp:{key}>")),
            "{key}"
        );
    }
    assert!(xmp.contains("<pdf:Producer>Folio 0.1 (printpdf 0.12)</pdf:Producer>"));
    assert!(xmp.contains("<pdf:Keywords>fiction, test</pdf:Keywords>"));

    let info_id = doc.trailer.get(b"Info").unwrap().as_reference().unwrap();
    let info = doc.get_dictionary(info_id).unwrap();
    assert_eq!(
        info.get(b"CreationDate").unwrap().as_str().unwrap(),
        b"D:20231114221320Z"
    );
    assert_eq!(
        info.get(b"ModDate").unwrap().as_str().unwrap(),
        b"D:20231114221320Z"
    );
    // Superseded objects are dropped, not just unlinked.
    assert!(!contains(&out, b"OLD-XMP-MARKER"));
    assert!(!contains(&out, b"OLD-INFO-MARKER"));
}

#[test]
fn page_content_streams_are_compressed() {
    let (_, doc) = finished();
    for page in page_ids(&doc) {
        let contents = doc
            .get_dictionary(page)
            .unwrap()
            .get(b"Contents")
            .unwrap()
            .as_reference()
            .unwrap();
        let stream = doc.get_object(contents).unwrap().as_stream().unwrap();
        assert_eq!(
            stream.dict.get(b"Filter").unwrap().as_name().unwrap(),
            b"FlateDecode"
        );
    }
}

#[test]
fn output_passes_qpdf_check() {
    let (out, _) = finished();
    assert_qpdf_clean("full", &out);
}

#[test]
fn empty_finishing_still_gives_a_valid_pdf() {
    let out = finish_pdf(&sample_pdf(3), &Finishing::default()).unwrap();
    let doc = Document::load_mem(&out).unwrap();
    assert_eq!(doc.get_pages().len(), 3);
    let cat = catalog(&doc);
    assert!(cat.get(b"Outlines").is_err() && cat.get(b"PageMode").is_err());
    assert!(cat.get(b"PageLabels").is_err() && cat.get(b"Lang").is_err());
    assert_qpdf_clean("empty", &out);
}

#[test]
fn same_input_gives_byte_identical_output_with_content_id() {
    let input = sample_pdf(PAGES);
    let a = finish_pdf(&input, &full_finishing()).unwrap();
    let b = finish_pdf(&input, &full_finishing()).unwrap();
    assert!(a == b, "two runs differ");
    let doc = Document::load_mem(&a).unwrap();
    let id = doc.trailer.get(b"ID").unwrap().as_array().unwrap();
    assert_eq!(id.len(), 2);
    assert_eq!(id[0].as_str().unwrap().len(), 16);
    assert_eq!(id[0], id[1]);

    let mut other = full_finishing();
    other.info.date_unix += 1;
    let c = finish_pdf(&input, &other).unwrap();
    let other_id = Document::load_mem(&c)
        .unwrap()
        .trailer
        .get(b"ID")
        .unwrap()
        .as_array()
        .unwrap()[0]
        .clone();
    assert_ne!(other_id, id[0], "/ID must follow the content");
}

#[test]
fn out_of_range_pages_are_errors_not_panics() {
    let input = sample_pdf(PAGES);
    let base = full_finishing();
    let is_range = |f: &Finishing, page| {
        matches!(
            finish_pdf(&input, f),
            Err(FinishError::PageOutOfRange { page: p, page_count: PAGES, .. }) if p == page
        )
    };

    let mut f = base.clone();
    f.labels.push(label(PAGES, LabelStyle::Decimal, 1, ""));
    assert!(is_range(&f, PAGES));

    let mut f = base.clone();
    f.outline[0].children[0]
        .children
        .push(item("deep", 99, vec![]));
    assert!(is_range(&f, 99));

    let mut f = base.clone();
    f.links[1].page = 12;
    assert!(is_range(&f, 12));

    let mut f = base.clone();
    f.links[2].target_page = usize::MAX;
    assert!(is_range(&f, usize::MAX));
}

#[test]
fn malformed_finishing_and_input_are_errors() {
    let input = sample_pdf(PAGES);
    let mut f = full_finishing();
    f.labels.retain(|l| l.first_page != 0);
    assert!(matches!(
        finish_pdf(&input, &f),
        Err(FinishError::Labels(_))
    ));
    let mut f = full_finishing();
    f.labels[0].start = 0;
    assert!(matches!(
        finish_pdf(&input, &f),
        Err(FinishError::Labels(_))
    ));
    let mut f = full_finishing();
    f.labels.push(label(4, LabelStyle::LowerRoman, 1, ""));
    assert!(matches!(
        finish_pdf(&input, &f),
        Err(FinishError::Labels(_))
    ));
    let mut f = full_finishing();
    f.links[0].rect[2] = Pt(f32::NAN);
    assert!(matches!(
        finish_pdf(&input, &f),
        Err(FinishError::NonFinite(_))
    ));
    assert!(matches!(
        finish_pdf(b"not a pdf", &f),
        Err(FinishError::Parse(_))
    ));
}

#[test]
fn subtitle_is_folded_into_the_title() {
    let mut f = full_finishing();
    f.info.subtitle = Some("A Novel".into());
    let out = finish_pdf(&sample_pdf(PAGES), &f).unwrap();
    let doc = Document::load_mem(&out).unwrap();
    let info = doc
        .get_dictionary(doc.trailer.get(b"Info").unwrap().as_reference().unwrap())
        .unwrap();
    assert_eq!(text(info.get(b"Title").unwrap()), "Three Valériés: A Novel");
}

#[test]
fn fnv1a_128_matches_reference_vectors() {
    assert_eq!(fnv1a_128(b""), 0x6c62272e07bb014262b821756295c58d);
    assert_eq!(fnv1a_128(b"a"), 0xd228cb696f1a8caf78912b704e4a8964);
}

#[test]
fn content_hash_tells_apart_small_changes_and_lengths() {
    use crate::util::content_hash_128;
    let text = b"BT /F1 11 Tf 1 0 0 1 43.2 583 Tm [<0036003B>] TJ ET".repeat(3);
    let base = content_hash_128(&text);
    assert_eq!(base, content_hash_128(&text.clone()));
    for at in [0, 7, text.len() / 2, text.len() - 1] {
        let mut changed = text.clone();
        changed[at] ^= 1;
        assert_ne!(content_hash_128(&changed), base, "byte {at}");
    }
    assert_ne!(content_hash_128(&text[..text.len() - 1]), base);
    assert_ne!(content_hash_128(b""), content_hash_128(&[0]));
}

#[test]
fn the_document_id_is_derived_from_the_content() {
    let (first, _) = finished();
    let (second, _) = finished();
    assert_eq!(first, second);
    let tail = String::from_utf8_lossy(&first[first.len().saturating_sub(400)..]).to_string();
    let id = tail.split("/ID[<").nth(1).expect("an /ID in the trailer");
    let hex: String = id.chars().take(32).collect();
    assert!(hex.chars().all(|c| c.is_ascii_hexdigit()), "{tail}");
    assert_ne!(hex, "0".repeat(32), "placeholder left in: {tail}");
    assert!(id.contains(&format!("><{hex}>]")), "both IDs equal: {tail}");
}

/// `FOLIO_DUMP=/tmp/x.pdf cargo test dump -- --ignored` writes a sample for manual checks.
#[test]
#[ignore]
fn dump_sample() {
    let (out, _) = finished();
    std::fs::write(std::env::var("FOLIO_DUMP").unwrap(), out).unwrap();
}
