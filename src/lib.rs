//! Folio turns a folder of stories and a `book.toml` into an EPUB 3 and a print-ready
//! PDF. The pipeline, one way: manifest → source readers → document model → renderers.
//! `build` ties the stages together; `main.rs` only parses arguments and reports.

pub mod atomic;
pub mod build;
pub mod charset;
pub mod clean;
pub mod error;
pub mod font_subset;
pub mod fonts;
pub mod guard;
pub mod images;
pub mod init;
pub mod lang;
pub mod lint;
pub mod manifest;
pub mod model;
pub mod overrides;
pub mod render;
pub mod report;
pub mod serve;
pub mod source;
pub mod stores;
pub mod summary;
pub mod typography;
pub mod units;
pub mod util;
pub mod watch;
pub mod xml;
