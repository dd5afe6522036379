//! The glyphs a reader can reach from a set of characters through the font's
//! `GSUB` substitutions, without shaping any text: the closure of the characters'
//! glyphs under every lookup of the features a reader applies (and the lookups
//! those call from their contexts). It keeps what shaping each word of the book
//! would, and more (a ligature whose letters all occur, in any words), at a cost
//! that does not grow with the number of distinct words.

use rustybuzz::ttf_parser::gsub::SubstitutionSubtable;
use rustybuzz::ttf_parser::opentype_layout::{
    ChainedContextLookup, ContextLookup, LayoutTable, SequenceLookupRecord,
};
use rustybuzz::ttf_parser::{GlyphId, Tag};

/// Lookups called from a context, at most this many rounds deep (fonts nest one or
/// two); a font that nests deeper only loses those extra rounds.
const NESTING: usize = 8;

/// Marks in `keep` every glyph reachable from the glyphs already kept through the
/// lookups of `features` in `gsub`.
pub fn close_over(gsub: &LayoutTable<'_>, features: &[&[u8; 4]], keep: &mut [bool]) {
    let lookups = lookups_of(gsub, features);
    // Substituted glyphs can feed further substitutions: repeat until nothing new.
    loop {
        let mut grew = false;
        for &index in &lookups {
            let Some(lookup) = gsub.lookups.get(index) else {
                continue;
            };
            for subtable in lookup.subtables.into_iter::<SubstitutionSubtable>() {
                grew |= apply(&subtable, keep);
            }
        }
        if !grew {
            break;
        }
    }
}

/// The lookups the features name, and those their context lookups call.
fn lookups_of(gsub: &LayoutTable<'_>, features: &[&[u8; 4]]) -> Vec<u16> {
    let wanted: Vec<Tag> = features.iter().map(|t| Tag::from_bytes(t)).collect();
    let mut lookups: Vec<u16> = Vec::new();
    for feature in gsub.features {
        if wanted.contains(&feature.tag) {
            lookups.extend(feature.lookup_indices);
        }
    }
    lookups.sort_unstable();
    lookups.dedup();
    let mut frontier = lookups.clone();
    for _ in 0..NESTING {
        let mut called = Vec::new();
        for &index in &frontier {
            let Some(lookup) = gsub.lookups.get(index) else {
                continue;
            };
            for subtable in lookup.subtables.into_iter::<SubstitutionSubtable>() {
                nested(&subtable, &mut called);
            }
        }
        called.retain(|i| lookups.binary_search(i).is_err());
        called.sort_unstable();
        called.dedup();
        if called.is_empty() {
            break;
        }
        lookups.extend(&called);
        lookups.sort_unstable();
        frontier = called;
    }
    lookups
}

/// The lookups a context subtable calls.
fn nested(subtable: &SubstitutionSubtable<'_>, called: &mut Vec<u16>) {
    let mut records = |list: rustybuzz::ttf_parser::LazyArray16<'_, SequenceLookupRecord>| {
        called.extend(list.into_iter().map(|r| r.lookup_list_index));
    };
    match subtable {
        SubstitutionSubtable::Context(context) => match context {
            ContextLookup::Format1 { sets, .. } | ContextLookup::Format2 { sets, .. } => {
                for set in sets.into_iter() {
                    for rule in set {
                        records(rule.lookups);
                    }
                }
            }
            ContextLookup::Format3 { lookups, .. } => records(*lookups),
        },
        SubstitutionSubtable::ChainContext(context) => match context {
            ChainedContextLookup::Format1 { sets, .. }
            | ChainedContextLookup::Format2 { sets, .. } => {
                for set in sets.into_iter() {
                    for rule in set {
                        records(rule.lookups);
                    }
                }
            }
            ChainedContextLookup::Format3 { lookups, .. } => records(*lookups),
        },
        _ => {}
    }
}

/// Keeps what `subtable` substitutes for the glyphs kept; whether any was new.
fn apply(subtable: &SubstitutionSubtable<'_>, keep: &mut [bool]) -> bool {
    let kept: Vec<GlyphId> = (0..keep.len())
        .filter(|&g| keep[g])
        .map(|g| GlyphId(g as u16))
        .collect();
    let mut added = Vec::new();
    match subtable {
        SubstitutionSubtable::Single(single) => {
            use rustybuzz::ttf_parser::gsub::SingleSubstitution;
            for &glyph in &kept {
                match single {
                    SingleSubstitution::Format1 { coverage, delta } => {
                        if coverage.contains(glyph) {
                            added.push(GlyphId((glyph.0 as i32 + *delta as i32) as u16));
                        }
                    }
                    SingleSubstitution::Format2 {
                        coverage,
                        substitutes,
                    } => {
                        if let Some(g) = coverage.get(glyph).and_then(|i| substitutes.get(i)) {
                            added.push(g);
                        }
                    }
                }
            }
        }
        SubstitutionSubtable::Multiple(multiple) => {
            for &glyph in &kept {
                let sequence = multiple
                    .coverage
                    .get(glyph)
                    .and_then(|i| multiple.sequences.get(i));
                if let Some(sequence) = sequence {
                    added.extend(sequence.substitutes);
                }
            }
        }
        SubstitutionSubtable::Alternate(alternate) => {
            for &glyph in &kept {
                let set = alternate
                    .coverage
                    .get(glyph)
                    .and_then(|i| alternate.alternate_sets.get(i));
                if let Some(set) = set {
                    added.extend(set.alternates);
                }
            }
        }
        SubstitutionSubtable::Ligature(ligature) => {
            for &glyph in &kept {
                let set = ligature
                    .coverage
                    .get(glyph)
                    .and_then(|i| ligature.ligature_sets.get(i));
                for lig in set.into_iter().flatten() {
                    let whole = lig
                        .components
                        .into_iter()
                        .all(|c| keep.get(c.0 as usize).copied().unwrap_or(false));
                    if whole {
                        added.push(lig.glyph);
                    }
                }
            }
        }
        SubstitutionSubtable::ReverseChainSingle(reverse) => {
            for &glyph in &kept {
                if let Some(g) = reverse
                    .coverage
                    .get(glyph)
                    .and_then(|i| reverse.substitutes.get(i))
                {
                    added.push(g);
                }
            }
        }
        // Contexts substitute through the lookups they call, which are closed over
        // in their own right (`lookups_of`).
        SubstitutionSubtable::Context(_) | SubstitutionSubtable::ChainContext(_) => {}
    }
    let mut grew = false;
    for glyph in added {
        if let Some(k) = keep.get_mut(glyph.0 as usize) {
            grew |= !*k;
            *k = true;
        }
    }
    grew
}
