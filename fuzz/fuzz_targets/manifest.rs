//! The manifest parser: any text gives a manifest or a located diagnostic, never a
//! panic; overrides applied to any text do not panic either; diagnostics render.
#![no_main]

use std::path::Path;

use folio::overrides::Overrides;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = Path::new("book.toml");
    if let Err(d) = folio::manifest::parse(path, text) {
        if let Some((line, col)) = d.position {
            assert!(line >= 1 && col >= 1);
            assert!(
                line <= text.lines().count().max(1) + 1,
                "line {line} past the end"
            );
        }
        let _ = d.to_string();
    }
    // Every check of a whole manifest (strings, dates, slug, paths against an empty
    // folder) and the guard on its Markdown: diagnostics or a manifest, no panic.
    let empty = Path::new("/nonexistent-folio-fuzz");
    match folio::manifest::from_text(empty, text.to_string(), &Overrides::default()) {
        Ok(loaded) => {
            for d in folio::source::check::check_manifest(&loaded) {
                assert!(d.position.is_some_and(|(line, col)| line >= 1 && col >= 1));
            }
        }
        Err(problems) => assert!(!problems.is_empty()),
    }
    // Overrides on arbitrary documents: the first line is used as a --set argument.
    if let Some((first, rest)) = text.split_once('\n') {
        let mut overrides = Overrides::default();
        if overrides.push_set(first).is_ok() {
            if let Ok(applied) = overrides.apply(path, rest) {
                if let Err(d) = folio::manifest::parse(path, &applied) {
                    let _ = overrides.attribute(vec![d], rest, &applied);
                }
            }
        }
    }
});
