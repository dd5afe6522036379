//! The Markdown (and plain-text) reader → model: any bytes give a model or a
//! diagnostic, never a panic; the lints (with `unsupported`) and the rustc-style
//! snippet code run too.
#![no_main]

use std::path::Path;

use folio::lint::text::lint_story;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let path = Path::new("story.md");
    let Ok(text) = folio::source::decode_text(path, data) else {
        return;
    };
    for plain in [false, true] {
        if let Ok((blocks, _notes)) = folio::source::parse_story(path, &text, plain) {
            assert!(!blocks.is_empty());
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
