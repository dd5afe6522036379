//! The typography pass: straight quotes to curly ones by language, apostrophes,
//! dashes, ellipses and the no-break spaces that keep punctuation with its word.
//! It runs once on the model, after the readers and before the renderers, so both
//! outputs get exactly the same characters.
//!
//! A paragraph is processed as one run of characters even when emphasis or a link
//! splits it into several text nodes: `"*word*"` still gets an opening and a closing
//! quote, because the context (the character before, the character after) is read
//! across node boundaries.

mod rules;

use crate::lang::{Lang, LangData};
use crate::model::{walk, Block, Book, Epigraph, Inline, MatterKind};
use rayon::prelude::*;

/// Applies the pass to every text of the book: story titles, subtitles and text,
/// notes, and the text of front and back matter, each in its own language.
pub fn apply_to_book(book: &mut Book) {
    let meta = &mut book.meta;
    let book_lang = &meta.lang;
    for text in [&mut meta.title].into_iter().chain(meta.subtitle.as_mut()) {
        *text = smarten(text, book_lang);
    }
    // Stories are independent: smartened in parallel.
    book.stories.par_iter_mut().for_each(|story| {
        let lang = &story.lang;
        story.title = smarten(&story.title, lang);
        if let Some(subtitle) = &mut story.subtitle {
            *subtitle = smarten(subtitle, lang);
        }
        if let Some(place) = &mut story.first_published {
            apply_to_inlines(place, lang);
        }
        if let Some(epigraph) = &mut story.epigraph {
            apply_to_epigraph(epigraph, lang);
        }
        apply_to_blocks(&mut story.blocks, lang);
        for note in &mut story.notes {
            apply_to_blocks(&mut note.blocks, lang);
        }
    });
    for matter in book.front.iter_mut().chain(book.back.iter_mut()) {
        match &mut matter.kind {
            MatterKind::Dedication(blocks) => apply_to_blocks(blocks, book_lang),
            MatterKind::Epigraph(epigraph) => apply_to_epigraph(epigraph, book_lang),
            MatterKind::Section { title, blocks, .. } => {
                *title = smarten(title, book_lang);
                apply_to_blocks(blocks, book_lang);
            }
            MatterKind::AlsoBy { title, titles } => {
                *title = smarten(title, book_lang);
                for t in titles {
                    apply_to_inlines(t, book_lang);
                }
            }
            MatterKind::HalfTitle
            | MatterKind::TitlePage
            | MatterKind::Copyright
            | MatterKind::Contents
            | MatterKind::Colophon => {}
        }
    }
}

fn apply_to_epigraph(epigraph: &mut Epigraph, lang: &Lang) {
    apply_to_blocks(&mut epigraph.blocks, lang);
    if let Some(source) = &mut epigraph.source {
        apply_to_inlines(source, lang);
    }
}

/// Applies the pass to blocks, paragraph by paragraph (each line of verse is one).
pub fn apply_to_blocks(blocks: &mut [Block], lang: &Lang) {
    walk::for_each_block_mut(blocks, |block| {
        for run in block.inline_runs_mut() {
            apply_to_inlines(run, lang);
        }
    });
}

/// One string on its own (a title, a caption): the same rules as a paragraph.
pub fn smarten(text: &str, lang: &Lang) -> String {
    let mut inlines = vec![Inline::Text(text.to_string())];
    apply_to_inlines(&mut inlines, lang);
    match inlines.pop() {
        Some(Inline::Text(out)) => out,
        _ => text.to_string(),
    }
}

/// One paragraph's inlines, with context carried across text nodes; a span in
/// another language (`Inline::Lang`) is punctuated in its own.
pub fn apply_to_inlines(inlines: &mut [Inline], lang: &Lang) {
    let pieces = collect_pieces(inlines, lang.data());
    let input: Vec<Option<&str>> = pieces
        .iter()
        .map(|(p, _)| match p {
            Piece::Text(text) => Some(text.as_str()),
            Piece::Space | Piece::Opaque => None,
        })
        .collect();
    let virtual_chars: Vec<char> = pieces
        .iter()
        .map(|(p, _)| match p {
            Piece::Space => ' ',
            _ => rules::OPAQUE,
        })
        .collect();
    let langs: Vec<&LangData> = pieces.iter().map(|&(_, lang)| lang).collect();
    let outputs = rules::transform(&input, &virtual_chars, &langs);
    for ((piece, _), output) in pieces.into_iter().zip(outputs) {
        if let (Piece::Text(text), Some(output)) = (piece, output) {
            *text = output;
        }
    }
}

/// A paragraph flattened: its text nodes in reading order, and the inlines between
/// them that count as a space (a line break) or as an opaque mark (a note reference).
enum Piece<'a> {
    Text(&'a mut String),
    Space,
    Opaque,
}

/// The paragraph's pieces, each with the language it is in.
fn collect_pieces<'a>(
    inlines: &'a mut [Inline],
    lang: &'static LangData,
) -> Vec<(Piece<'a>, &'static LangData)> {
    let mut pieces = Vec::new();
    // A stack, not recursion: containers nest as deep as the text makes them.
    let mut stack = vec![(inlines.iter_mut(), lang)];
    while let Some((iter, lang)) = stack.last_mut() {
        let lang = *lang;
        let Some(inline) = iter.next() else {
            stack.pop();
            continue;
        };
        match inline {
            Inline::Text(text) => pieces.push((Piece::Text(text), lang)),
            Inline::LineBreak => pieces.push((Piece::Space, lang)),
            Inline::NoteRef(_) | Inline::Image(_) => pieces.push((Piece::Opaque, lang)),
            Inline::Lang { lang: own, content } => stack.push((content.iter_mut(), own.data())),
            Inline::Emphasis(content)
            | Inline::Strong(content)
            | Inline::SmallCaps(content)
            | Inline::Link { content, .. }
            | Inline::CrossRef { content, .. } => stack.push((content.iter_mut(), lang)),
        }
    }
    pieces
}

#[cfg(test)]
mod tests;
