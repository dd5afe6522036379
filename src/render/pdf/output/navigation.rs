//! Navigation: page labels (roman front matter, arabic body), the nested outline
//! and the internal links of the contents, written into the document.

use lopdf::{dictionary, Dictionary, Document, Object, ObjectId};

use super::finishing::{
    FinishError, InternalLink, LabelStyle, OutlineItem, PageLabelRange, UriLink,
};
use super::metadata::pdf_text;
use crate::units::Pt;

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

fn xyz_dest(page: ObjectId, top: Pt) -> Object {
    Object::Array(vec![
        Object::Reference(page),
        Object::Name(b"XYZ".to_vec()),
        Object::Integer(0),
        Object::Real(top.0),
        Object::Null,
    ])
}

pub(super) fn build_outline(
    doc: &mut Document,
    items: &[OutlineItem],
    pages: &[ObjectId],
) -> ObjectId {
    let root = doc.new_object_id();
    let (first, last, visible) = build_levels(doc, items, root, pages);
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

/// One sibling list of the outline being written.
struct Level<'a> {
    items: &'a [OutlineItem],
    /// Each item's object, numbered when the list is entered.
    ids: Vec<ObjectId>,
    parent: ObjectId,
    depth: usize,
    /// The item being written.
    next: usize,
    /// Items visible below `parent` when it is open, so far.
    visible: i64,
    /// The dictionary of item `next`, while its children are written.
    waiting: Option<Dictionary>,
}

impl<'a> Level<'a> {
    fn new(doc: &mut Document, items: &'a [OutlineItem], parent: ObjectId, depth: usize) -> Self {
        Level {
            items,
            ids: items.iter().map(|_| doc.new_object_id()).collect(),
            parent,
            depth,
            next: 0,
            visible: 0,
            waiting: None,
        }
    }
}

/// Writes the items under `root`, depth first with a stack of levels (an outline as
/// deep as it likes costs no call stack), and returns the top level's first and
/// last item and the number visible. Top-level items are open so chapters show at
/// a glance; deeper items start closed, which per the spec gives them a negative
/// /Count. Objects are numbered in the order a recursive writer would number them.
fn build_levels(
    doc: &mut Document,
    items: &[OutlineItem],
    root: ObjectId,
    pages: &[ObjectId],
) -> (ObjectId, ObjectId, i64) {
    let mut stack = vec![Level::new(doc, items, root, 0)];
    loop {
        let level = stack.last_mut().expect("the top level is left last");
        let i = level.next;
        let Some(item) = level.items.get(i) else {
            let done = stack.pop().expect("a level is open");
            let summary = (done.ids[0], done.ids[done.ids.len() - 1], done.visible);
            let Some(parent) = stack.last_mut() else {
                return summary;
            };
            let (first, last, below) = summary;
            let mut dict = parent
                .waiting
                .take()
                .expect("the parent waits for its children");
            let open = parent.depth == 0;
            dict.set("First", first);
            dict.set("Last", last);
            dict.set("Count", if open { below } else { -below });
            if open {
                parent.visible += below;
            }
            doc.objects
                .insert(parent.ids[parent.next], Object::Dictionary(dict));
            parent.next += 1;
            continue;
        };
        let mut dict = dictionary! {
            "Title" => pdf_text(&item.title),
            "Parent" => level.parent,
            "Dest" => xyz_dest(pages[item.page], item.top),
        };
        if i > 0 {
            dict.set("Prev", level.ids[i - 1]);
        }
        if i + 1 < level.ids.len() {
            dict.set("Next", level.ids[i + 1]);
        }
        level.visible += 1;
        if item.children.is_empty() {
            doc.objects.insert(level.ids[i], Object::Dictionary(dict));
            level.next += 1;
        } else {
            level.waiting = Some(dict);
            let (id, depth) = (level.ids[i], level.depth + 1);
            let children = Level::new(doc, &item.children, id, depth);
            stack.push(children);
        }
    }
}

pub(super) fn add_link(
    doc: &mut Document,
    link: &InternalLink,
    pages: &[ObjectId],
) -> Result<(), FinishError> {
    let dest = xyz_dest(pages[link.target_page], link.target_top);
    add_link_annotation(doc, link.page, &link.rect, pages, ("Dest", dest))
}

/// A link annotation opening a web or mail address.
pub(super) fn add_uri_link(
    doc: &mut Document,
    link: &UriLink,
    pages: &[ObjectId],
) -> Result<(), FinishError> {
    let action = dictionary! {
        "Type" => "Action",
        "S" => "URI",
        "URI" => Object::string_literal(link.uri.as_bytes().to_vec()),
    };
    add_link_annotation(doc, link.page, &link.rect, pages, ("A", action.into()))
}

/// A borderless link annotation over `rect` on page `page`, going where `target`
/// (a `/Dest` or an `/A` action) says.
fn add_link_annotation(
    doc: &mut Document,
    page: usize,
    rect: &[Pt],
    pages: &[ObjectId],
    target: (&str, Object),
) -> Result<(), FinishError> {
    let page_id = pages[page];
    let mut annot = dictionary! {
        "Type" => "Annot",
        "Subtype" => "Link",
        "Border" => vec![0.into(), 0.into(), 0.into()],
        "Rect" => rect.iter().map(|&v| Object::Real(v.0)).collect::<Vec<_>>(),
    };
    annot.set(target.0, target.1);
    annot.set("P", page_id);
    let annot = doc.add_object(annot);
    attach_annot(doc, page, page_id, annot)
}

/// Adds `annot` to the /Annots of page `page` (object `page_id`).
fn attach_annot(
    doc: &mut Document,
    page: usize,
    page_id: ObjectId,
    annot: ObjectId,
) -> Result<(), FinishError> {
    let bad = |what: &str| FinishError::Structure(format!("page {page}: {what}"));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_deep_outline_is_written_without_recursion() {
        let item = |children| OutlineItem {
            title: "x".into(),
            page: 0,
            top: Pt(100.0),
            children,
        };
        let mut items = vec![item(Vec::new())];
        for _ in 0..100_000 {
            items = vec![item(items)];
        }
        let mut doc = Document::with_version("1.7");
        let page = doc.new_object_id();
        let root = build_outline(&mut doc, &items, &[page]);
        let count = |id| {
            doc.get_dictionary(id)
                .unwrap()
                .get(b"Count")
                .unwrap()
                .as_i64()
        };
        // The top item is open and shows its one child; deeper ones are closed.
        assert_eq!(count(root).unwrap(), 2);
        assert_eq!(doc.objects.len(), 100_002);
        // Dropping a deep tree recurses in the compiler's drop glue; take it apart here.
        while let Some(OutlineItem { children, .. }) = items.pop() {
            items = children;
        }
    }
}
