//! What the shapers of one book's workers share: every word shaped and every word
//! hyphenated by any of them. A novel's vocabulary is mostly rare words (Russian
//! inflects), but a fifth of each half's words are in the other half too; with
//! this, each is shaped and hyphenated once per book, not once per worker.
//!
//! A worker still keeps its own first-level caches and records the glyphs' texts
//! as though it had shaped the word itself, so what it knows, and so the output,
//! does not depend on which worker reached a word first.

use std::sync::{Arc, RwLock};

use rustc_hash::FxHashMap;

use super::{ShapedText, WordMap, WordPoints};
use crate::fonts::FontStyle;

#[derive(Default)]
pub struct SharedShapes {
    /// Shaped words, one map per face (in `FontStyle::ALL` order).
    words: [RwLock<WordMap<Arc<ShapedText>>>; 4],
    /// Hyphenation points of words, per language tag.
    hyphens: RwLock<FxHashMap<Box<str>, WordPoints>>,
}

impl SharedShapes {
    pub(super) fn shaped(&self, style: FontStyle, word: &str) -> Option<Arc<ShapedText>> {
        let words = self.words[style.index()].read().ok()?;
        words.get(word).cloned()
    }

    pub(super) fn keep_shaped(&self, style: FontStyle, word: &str, shaped: &Arc<ShapedText>) {
        if let Ok(mut words) = self.words[style.index()].write() {
            words.get_or_insert_with(word, || shaped.clone());
        }
    }

    pub(super) fn points(&self, language: &str, word: &str) -> Option<Arc<[usize]>> {
        let hyphens = self.hyphens.read().ok()?;
        hyphens.get(language)?.get(word).cloned()
    }

    pub(super) fn keep_points(&self, language: &str, word: &str, points: &Arc<[usize]>) {
        if let Ok(mut hyphens) = self.hyphens.write() {
            hyphens
                .entry(language.into())
                .or_default()
                .get_or_insert_with(word, || points.clone());
        }
    }
}
