//! Navigation: page labels (roman front matter, arabic body), the nested outline
//! and the internal links of the contents, written into the document.

use lopdf::{dictionary, Dictionary, Document, Object, ObjectId};

use super::finishing::{FinishError, InternalLink, LabelStyle, OutlineItem, PageLabelRange};
use super::metadata::pdf_text;

pub(super) fn page_labels(labels: &[PageLabelRange]) -> Object {
    let mut sorted: Vec<&PageLabelRange> = labels.iter().collect();
    sorted.sort_by_key(|l| l.first_page);
    let mut nums = Vec::with_capacity(sorted.len() * 2);
    for label in sorted {
        let mut dict = Dictionary::new();
        let style: Option<&[u8]> = match label.style {
            LabelStyle::Decimal => Some(b"D"),
            LabelStyle::LowerRoman => Some(b"r"),
            LabelStyle::UpperRoman => Some(b"R"),
            LabelStyle::None => None,
        };
        if let Some(s) = style {
            dict.set("S", Object::Name(s.to_vec()));
            dict.set("St", i64::from(label.start));
        }
        if !label.prefix.is_empty() {
            dict.set("P", pdf_text(&label.prefix));
        }
        nums.push(Object::Integer(label.first_page as i64));
        nums.push(Object::Dictionary(dict));
    }
    Object::Dictionary(dictionary! { "Nums" => nums })
}

fn xyz_dest(page: ObjectId, top: f32) -> Object {
    Object::Array(vec![
        Object::Reference(page),
        Object::Name(b"XYZ".to_vec()),
        Object::Integer(0),
        Object::Real(top),
        Object::Null,
    ])
}

pub(super) fn build_outline(
    doc: &mut Document,
    items: &[OutlineItem],
    pages: &[ObjectId],
) -> ObjectId {
    let root = doc.new_object_id();
    let (first, last, visible) = build_level(doc, items, root, 0, pages);
    doc.objects.insert(
        root,
        Object::Dictionary(dictionary! {
            "Type" => "Outlines",
            "First" => first,
            "Last" => last,
            "Count" => visible,
        }),
    );
    root
}

/// Writes one sibling list and returns (first, last, number of items visible below
/// `parent` when it is open). Top-level items are open so chapters show at a glance;
/// deeper items start closed, which per the spec gives them a negative /Count.
fn build_level(
    doc: &mut Document,
    items: &[OutlineItem],
    parent: ObjectId,
    depth: usize,
    pages: &[ObjectId],
) -> (ObjectId, ObjectId, i64) {
    let ids: Vec<ObjectId> = items.iter().map(|_| doc.new_object_id()).collect();
    let mut visible = 0;
    for (i, item) in items.iter().enumerate() {
        let mut dict = dictionary! {
            "Title" => pdf_text(&item.title),
            "Parent" => parent,
            "Dest" => xyz_dest(pages[item.page], item.top),
        };
        if i > 0 {
            dict.set("Prev", ids[i - 1]);
        }
        if i + 1 < ids.len() {
            dict.set("Next", ids[i + 1]);
        }
        visible += 1;
        if !item.children.is_empty() {
            let (first, last, below) = build_level(doc, &item.children, ids[i], depth + 1, pages);
            let open = depth == 0;
            dict.set("First", first);
            dict.set("Last", last);
            dict.set("Count", if open { below } else { -below });
            if open {
                visible += below;
            }
        }
        doc.objects.insert(ids[i], Object::Dictionary(dict));
    }
    (ids[0], ids[ids.len() - 1], visible)
}

pub(super) fn add_link(
    doc: &mut Document,
    link: &InternalLink,
    pages: &[ObjectId],
) -> Result<(), FinishError> {
    let page_id = pages[link.page];
    let annot = doc.add_object(dictionary! {
        "Type" => "Annot",
        "Subtype" => "Link",
        "Border" => vec![0.into(), 0.into(), 0.into()],
        "Rect" => link.rect.iter().map(|&v| Object::Real(v)).collect::<Vec<_>>(),
        "Dest" => xyz_dest(pages[link.target_page], link.target_top),
        "P" => page_id,
    });
    let bad = |what: &str| FinishError::Structure(format!("page {}: {what}", link.page));
    let page = doc
        .get_object_mut(page_id)
        .and_then(Object::as_dict_mut)
        .map_err(|_| bad("page object is not a dictionary"))?;
    // /Annots may be inline or an indirect array shared by reference.
    let annots_ref = match page.get_mut(b"Annots") {
        Ok(Object::Array(annots)) => {
            annots.push(Object::Reference(annot));
            return Ok(());
        }
        Ok(Object::Reference(id)) => *id,
        Ok(_) => return Err(bad("/Annots is neither an array nor a reference")),
        Err(_) => {
            page.set("Annots", vec![Object::Reference(annot)]);
            return Ok(());
        }
    };
    doc.get_object_mut(annots_ref)
        .and_then(Object::as_array_mut)
        .map_err(|_| bad("/Annots reference does not point to an array"))?
        .push(Object::Reference(annot));
    Ok(())
}
