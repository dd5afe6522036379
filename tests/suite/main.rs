//! Folio's integration tests, in one binary: one link, one EPUBCheck JVM for
//! every check, and the tests of every file running side by side (26 binaries
//! run one after another spent most of their time starting Java and linking).
//! Run one file's tests with `cargo test --test suite FILE::`, e.g.
//! `cargo test --test suite options::`.

mod common;
#[allow(dead_code)]
#[path = "../../examples/gen-corpus.rs"]
mod gen_corpus;

mod author_loop;
mod bad_input;
mod check;
mod cid_fonts;
mod cli;
mod complete_book;
mod content;
mod cover;
mod fallback_fonts;
mod font_hinting;
mod images;
mod init;
mod language_spans;
mod languages;
mod markdown_book;
mod options;
mod page_list;
mod parts;
mod pdf_story_features;
mod print;
mod property;
mod sample_book;
mod serve;
mod typesetting;
mod workflow;
