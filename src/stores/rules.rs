//! The stores' rules, one table: id, store, what, severity, the published page it
//! comes from, and the pure function that checks it (`print`, `ebook`). Read on
//! 2026-12-07 (see README, "Store checks", for which numbers were confirmed).

use super::{ebook, print, Rule, Source, Store};
use crate::lint::Severity::{Error, Warning};

/// The date the rules were read.
pub const READ_ON: &str = "2026-12-07";

const MB: usize = 1024 * 1024;

pub const KDP_PRINT_OPTIONS: Source = Source {
    page: "KDP Help: Print Options",
    url: "https://kdp.amazon.com/en_US/help/topic/G201834180",
    confirmed: false,
};
pub const KDP_MARGINS: Source = Source {
    page: "KDP Help: Set Trim Size, Bleed, and Margins",
    url: "https://kdp.amazon.com/en_US/help/topic/GVBQ3CMEQW3W2VL6",
    confirmed: true,
};
pub const KDP_SUBMISSION: Source = Source {
    page: "KDP Help: Paperback Submission Guidelines",
    url: "https://kdp.amazon.com/en_US/help/topic/G201857950",
    confirmed: false,
};
pub const KDP_EBOOK_COVER: Source = Source {
    page: "KDP Help: Cover Image Guidelines",
    url: "https://kdp.amazon.com/en_US/help/topic/G6GTK3T3NUHKLEFX",
    confirmed: true,
};
pub const KDP_EBOOK_FORMAT: Source = Source {
    page: "KDP Help: eBook Manuscript Formatting Guide",
    url: "https://kdp.amazon.com/en_US/help/topic/G200645680",
    confirmed: false,
};
pub const INGRAM_FILES: Source = Source {
    page: "IngramSpark blog: File Requirements for Print Books",
    url: "https://www.ingramspark.com/blog/file-requirements-for-print-books",
    confirmed: true,
};
pub const INGRAM_GUIDE: Source = Source {
    page: "IngramSpark Help: Creating and Designing Print-Ready Digital Files for Your Book (File Creation Guide)",
    url: "https://help.ingramspark.com/hc/en-us/articles/5338619119245-Creating-and-Designing-Print-Ready-Digital-Files-for-Your-Book",
    confirmed: false,
};
pub const APPLE_PREPARE: Source = Source {
    page: "Apple Books for Authors: Prepare your book",
    url: "https://itunespartner.apple.com/books/support/9-prepare-book",
    confirmed: true,
};
pub const APPLE_FORMATTING: Source = Source {
    page: "Apple Books Formatting Guidelines",
    url: "https://help.apple.com/itc/applebooksstoreformatting/en.lproj/static.html",
    confirmed: false,
};
pub const KOBO_SPEC: Source = Source {
    page: "Kobo ePub Guidelines (kobolabs/epub-spec)",
    url: "https://github.com/kobolabs/epub-spec",
    confirmed: true,
};
pub const GOOGLE_FILES: Source = Source {
    page: "Google Play Books Partner Center Help: Files and uploading overview",
    url: "https://support.google.com/books/partner/answer/3424254",
    confirmed: true,
};
pub const EPUB_PACKAGE: Source = Source {
    page: "EPUB 3.3: Package document (dc:identifier, dc:language, dc:title)",
    url: "https://www.w3.org/TR/epub-33/#sec-opf-dcmes-required",
    confirmed: true,
};

/// Every rule, grouped by store (one line each: this is a table).
#[rustfmt::skip]
pub static RULES: &[Rule] = &[
    // KDP paperback.
    Rule { id: "kdp-profile", store: Store::Kdp, what: "no bookmarks, links or annotations in the interior (profile kdp or ingram)", severity: Error, source: KDP_SUBMISSION, check: print::kdp_profile },
    Rule { id: "kdp-trim", store: Store::Kdp, what: "trim among KDP's sizes or within its custom range (4–8.5 × 6–11.69 in)", severity: Error, source: KDP_PRINT_OPTIONS, check: print::kdp_trim },
    Rule { id: "kdp-trim-custom", store: Store::Kdp, what: "a custom trim is not offered for expanded distribution", severity: Warning, source: KDP_PRINT_OPTIONS, check: print::kdp_trim_custom },
    Rule { id: "kdp-page-count", store: Store::Kdp, what: "24–828 pages; 24–590 on a large trim (wider than 6.12 in or taller than 9 in), black ink on white paper", severity: Error, source: KDP_PRINT_OPTIONS, check: print::kdp_pages },
    Rule { id: "kdp-gutter", store: Store::Kdp, what: "inside margin by page count: 0.375 in to 150 pages, 0.5 to 300, 0.625 to 500, 0.75 to 700, 0.875 to 828", severity: Error, source: KDP_MARGINS, check: print::kdp_gutter },
    Rule { id: "kdp-bleed", store: Store::Kdp, what: "bleed 0.125 in or none; with bleed, 0.375 in outside margins", severity: Error, source: KDP_MARGINS, check: print::bleed },
    Rule { id: "kdp-fonts", store: Store::Kdp, what: "every font embedded", severity: Error, source: KDP_SUBMISSION, check: print::fonts },
    Rule { id: "kdp-image-ppi", store: Store::Kdp, what: "images at 300 ppi or more where printed", severity: Warning, source: KDP_SUBMISSION, check: print::image_ppi },
    // KDP Kindle eBook (the EPUB; the marketing cover is uploaded on its own).
    Rule { id: "kdp-ebook-cover-size", store: Store::Kdp, what: "a cover in the EPUB is at least 625 × 1000 px, at most 10,000 px a side", severity: Error, source: KDP_EBOOK_COVER, check: |b| ebook::cover_size(b, "KDP", (625, 1000), Some(10_000)) },
    Rule { id: "kdp-ebook-cover-ratio", store: Store::Kdp, what: "cover height 1.6 times its width (ideal 2560 × 1600 px)", severity: Warning, source: KDP_EBOOK_COVER, check: |b| ebook::cover_ratio(b, "KDP", 1.6) },
    Rule { id: "kdp-ebook-file-size", store: Store::Kdp, what: "EPUB at most 650 MB", severity: Error, source: KDP_EBOOK_FORMAT, check: |b| ebook::file_size(b, "KDP", 650 * MB) },
    Rule { id: "kdp-ebook-isbn-valid", store: Store::Kdp, what: "an ISBN identifier is a valid ISBN-13", severity: Error, source: EPUB_PACKAGE, check: |b| ebook::isbn_valid(b, "KDP") },
    Rule { id: "kdp-ebook-metadata", store: Store::Kdp, what: "a title and an author", severity: Error, source: KDP_EBOOK_FORMAT, check: |b| ebook::metadata(b, "KDP") },
    // IngramSpark paperback.
    Rule { id: "ingram-pdfx", store: Store::Ingram, what: "PDF/X (Folio writes PDF/X-4 with profile = \"ingram\")", severity: Error, source: INGRAM_GUIDE, check: print::ingram_pdfx },
    Rule { id: "ingram-trim", store: Store::Ingram, what: "trim among IngramSpark's sizes", severity: Error, source: INGRAM_GUIDE, check: print::ingram_trim },
    Rule { id: "ingram-page-count", store: Store::Ingram, what: "18–1200 pages (black and white, 50 lb white)", severity: Error, source: INGRAM_GUIDE, check: print::ingram_pages },
    Rule { id: "ingram-margins", store: Store::Ingram, what: "text and page numbers at least 0.5 in from the trim on all sides", severity: Error, source: INGRAM_FILES, check: print::ingram_margins },
    Rule { id: "ingram-bleed", store: Store::Ingram, what: "bleed 0.125 in or none; with bleed, 0.375 in outside margins", severity: Error, source: INGRAM_GUIDE, check: print::bleed },
    Rule { id: "ingram-fonts", store: Store::Ingram, what: "every font embedded", severity: Error, source: INGRAM_FILES, check: print::fonts },
    Rule { id: "ingram-image-ppi", store: Store::Ingram, what: "images at 300 ppi or more where printed", severity: Warning, source: INGRAM_GUIDE, check: print::image_ppi },
    // Apple Books.
    Rule { id: "apple-epub", store: Store::Apple, what: "EPUB 3 (or 2.0.1), passing EPUBCheck", severity: Error, source: APPLE_PREPARE, check: |b| ebook::version(b, "Apple Books") },
    Rule { id: "apple-cover", store: Store::Apple, what: "a cover image in the EPUB", severity: Error, source: APPLE_FORMATTING, check: |b| ebook::cover_present(b, "Apple Books") },
    Rule { id: "apple-cover-size", store: Store::Apple, what: "cover at least 1400 px on its short side", severity: Error, source: APPLE_FORMATTING, check: |b| ebook::cover_size(b, "Apple Books", (1400, 1400), None) },
    Rule { id: "apple-cover-ratio", store: Store::Apple, what: "cover height about 1.6 times its width", severity: Warning, source: APPLE_FORMATTING, check: |b| ebook::cover_ratio(b, "Apple Books", 1.6) },
    Rule { id: "apple-file-size", store: Store::Apple, what: "EPUB at most 2 GB", severity: Error, source: APPLE_PREPARE, check: |b| ebook::file_size(b, "Apple Books", 2048 * MB) },
    Rule { id: "apple-isbn", store: Store::Apple, what: "the EPUB identified by its ebook ISBN", severity: Warning, source: APPLE_FORMATTING, check: |b| ebook::isbn_present(b, "Apple Books") },
    Rule { id: "apple-isbn-valid", store: Store::Apple, what: "an ISBN identifier is a valid ISBN-13", severity: Error, source: EPUB_PACKAGE, check: |b| ebook::isbn_valid(b, "Apple Books") },
    Rule { id: "apple-language", store: Store::Apple, what: "a language", severity: Error, source: EPUB_PACKAGE, check: |b| ebook::language(b, "Apple Books") },
    Rule { id: "apple-metadata", store: Store::Apple, what: "a title and an author", severity: Error, source: APPLE_FORMATTING, check: |b| ebook::metadata(b, "Apple Books") },
    Rule { id: "apple-description", store: Store::Apple, what: "a description", severity: Warning, source: APPLE_FORMATTING, check: |b| ebook::description(b, "Apple Books") },
    // Kobo.
    Rule { id: "kobo-epub", store: Store::Kobo, what: "EPUB 3 or 2.0.1", severity: Error, source: KOBO_SPEC, check: |b| ebook::version(b, "Kobo") },
    Rule { id: "kobo-cover", store: Store::Kobo, what: "a cover image in the EPUB (shown when the book is opened)", severity: Warning, source: KOBO_SPEC, check: |b| ebook::cover_present(b, "Kobo") },
    Rule { id: "kobo-cover-size", store: Store::Kobo, what: "cover image file under 3 MB", severity: Warning, source: KOBO_SPEC, check: |b| ebook::cover_bytes(b, "Kobo", 3 * MB) },
    Rule { id: "kobo-file-size", store: Store::Kobo, what: "EPUB at most 1 GB", severity: Warning, source: KOBO_SPEC, check: |b| ebook::file_size(b, "Kobo", 1024 * MB) },
    Rule { id: "kobo-isbn", store: Store::Kobo, what: "dc:identifier holds the ebook ISBN (else the file name must)", severity: Warning, source: KOBO_SPEC, check: |b| ebook::isbn_present(b, "Kobo") },
    Rule { id: "kobo-isbn-valid", store: Store::Kobo, what: "an ISBN identifier is a valid ISBN-13", severity: Error, source: KOBO_SPEC, check: |b| ebook::isbn_valid(b, "Kobo") },
    Rule { id: "kobo-language", store: Store::Kobo, what: "a language", severity: Error, source: EPUB_PACKAGE, check: |b| ebook::language(b, "Kobo") },
    Rule { id: "kobo-metadata", store: Store::Kobo, what: "a title and an author", severity: Error, source: EPUB_PACKAGE, check: |b| ebook::metadata(b, "Kobo") },
    // Google Play Books.
    Rule { id: "google-epub", store: Store::Google, what: "EPUB 3 or 2.0.1", severity: Error, source: GOOGLE_FILES, check: |b| ebook::version(b, "Google Play Books") },
    Rule { id: "google-cover", store: Store::Google, what: "the EPUB contains the front cover image", severity: Error, source: GOOGLE_FILES, check: |b| ebook::cover_present(b, "Google Play Books") },
    Rule { id: "google-cover-size", store: Store::Google, what: "cover at least 640 px, at most 7200 px a side", severity: Error, source: GOOGLE_FILES, check: |b| ebook::cover_size(b, "Google Play Books", (640, 640), Some(7200)) },
    Rule { id: "google-file-size", store: Store::Google, what: "EPUB under 2 GB", severity: Error, source: GOOGLE_FILES, check: |b| ebook::file_size(b, "Google Play Books", 2048 * MB) },
    Rule { id: "google-isbn-valid", store: Store::Google, what: "an ISBN identifier is a valid ISBN-13", severity: Error, source: EPUB_PACKAGE, check: |b| ebook::isbn_valid(b, "Google Play Books") },
    Rule { id: "google-language", store: Store::Google, what: "a language", severity: Error, source: EPUB_PACKAGE, check: |b| ebook::language(b, "Google Play Books") },
    Rule { id: "google-metadata", store: Store::Google, what: "a title and an author", severity: Error, source: EPUB_PACKAGE, check: |b| ebook::metadata(b, "Google Play Books") },
];
