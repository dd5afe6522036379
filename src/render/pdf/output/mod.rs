//! Output, stage 4: composed pages become a PDF — content streams and fonts
//! (`writer`, printpdf), then what printpdf cannot express (`finish`, lopdf: page
//! labels, outline, links, cover, metadata).

pub mod finish;
pub mod writer;
