//! The Markdown (and plain-text) reader → model: any bytes give a model or a
//! diagnostic, never a panic; the lints (with `unsupported`) and the rustc-style
//! snippet code run too.
#![no_main]

use std::path::Path;

use folio::lint::text::lint_story;
use folio::model::walk;
use folio::model::{Block, BlockEvent, Inline, InlineEvent};
use folio::source::check::{check_markdown, Origin};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let path = Path::new("story.md");
    let Ok(text) = folio::source::decode_text(path, data) else {
        return;
    };
    for plain in [false, true] {
        if let Ok((blocks, notes)) = folio::source::parse_story(path, &text, plain) {
            assert!(!blocks.is_empty());
            // Each note is cited exactly once, in order: reference i is note i.
            let mut cited = Vec::new();
            for block in walk::all_blocks(&blocks) {
                for run in block.inline_runs() {
                    for event in walk::inline_events(run) {
                        if let InlineEvent::Enter(Inline::NoteRef(index)) = event {
                            cited.push(*index);
                        }
                    }
                }
            }
            assert_eq!(cited, (0..notes.len()).collect::<Vec<_>>());
            // The guard let it through: no tree deeper than the limit.
            let depth = walk::block_events(&blocks).fold((0usize, 0usize), |(d, max), e| match e {
                BlockEvent::Enter(Block::BlockQuote(_) | Block::List { .. }) => (d + 1, max.max(d + 1)),
                BlockEvent::Leave(_) => (d - 1, max),
                _ => (d, max),
            });
            assert!(depth.1 <= 32, "{} deep", depth.1);
        }
        if !plain {
            for origin in [Origin::Manifest, Origin::Verse] {
                if let Err(problem) = check_markdown(&text, origin) {
                    assert!(problem.offset <= text.len());
                }
            }
        }
        let mut lints = lint_story(path, &text, !plain);
        if !plain {
            lints.extend(folio::lint::unsupported::lint_markdown(path, &text));
        }
        for lint in lints {
            if let Some((line, col)) = lint.diagnostic.position {
                assert!(line >= 1 && col >= 1);
            }
        }
    }
});
