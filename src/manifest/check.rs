//! What the manifest's types cannot check: non-empty titles, language tags, dates,
//! ISBNs, files that exist inside the book folder, and which keys each kind of front
//! and back matter takes.

use std::path::{Component, Path};

use toml::Spanned;

use super::{LoadedManifest, MatterEntry, MatterKindName};
use crate::error::{line_col, Diagnostic};

/// Checks what the types cannot: non-empty titles, language tags, files that exist
/// inside the book folder.
pub(super) fn check(loaded: &LoadedManifest) -> Vec<Diagnostic> {
    let m = &loaded.manifest;
    let mut problems = Vec::new();
    let mut require_text = |value: &Spanned<String>, what: &str| {
        if value.get_ref().trim().is_empty() {
            problems.push(
                loaded
                    .diagnostic_at(value.span(), format!("{what} is empty"))
                    .help("write a title between the quotes"),
            );
        }
    };
    require_text(&m.book.title, "`title` in [book]");
    for story in &m.stories {
        if let Some(title) = &story.title {
            require_text(title, "`title` of a [[stories]] entry");
        }
        if let Some(part) = &story.part {
            require_text(part, "`part` of a [[stories]] entry");
        }
    }
    problems.extend(super::structure::split_parts(loaded));
    if let Some(certifier) = &m.book.accessibility_certified_by {
        if certifier.get_ref().trim().is_empty() {
            problems.push(
                loaded
                    .diagnostic_at(
                        certifier.span(),
                        "`accessibility_certified_by` in [book] is empty".into(),
                    )
                    .help("name who checked the book's accessibility, or remove the key"),
            );
        }
    }
    if let Some(series) = &m.book.series {
        if series.name.get_ref().trim().is_empty() {
            problems.push(
                loaded
                    .diagnostic_at(series.name.span(), "the series' `name` is empty".into())
                    .help("write the series' name between the quotes"),
            );
        }
        if let Some(number) = &series.number {
            let n = *number.get_ref();
            if !(n.is_finite() && n > 0.0) {
                problems.push(
                    loaded
                        .diagnostic_at(
                            number.span(),
                            format!("`{n}` is not a place in a series"),
                        )
                        .help("number the books from 1, e.g. number = 2 (2.5 for one between 2 and 3)"),
                );
            }
        }
    }
    for subject in &m.book.subjects {
        let Some((scheme, code)) = &subject.code else {
            continue;
        };
        if !scheme.accepts(code.get_ref()) {
            let example = match scheme {
                super::SubjectSchemeName::Bisac => {
                    "three capitals and six digits, e.g. \"FIC029000\""
                }
                super::SubjectSchemeName::Thema => {
                    "capitals and digits, e.g. \"FYB\" or \"1KBB-US-NA\""
                }
            };
            problems.push(
                loaded
                    .diagnostic_at(
                        code.span(),
                        format!("`{}` is not a {} code", code.get_ref(), scheme.name()),
                    )
                    .help(format!("a {} code is {example}", scheme.name())),
            );
        }
    }
    let languages = std::iter::once(&m.book.language)
        .chain(m.stories.iter().filter_map(|s| s.language.as_ref()));
    problems.extend(languages.filter_map(|language| loaded.lang(language).err()));
    problems.extend(check_strings(loaded));
    problems.extend(check_fallbacks(loaded));
    if let Some(slug) = &m.book.slug {
        if let Some(why) = slug_problem(slug.get_ref()) {
            problems.push(
                loaded
                    .diagnostic_at(slug.span(), format!("`slug` {why}"))
                    .help("write a short file name without extension, e.g. slug = \"my-book\" (letters, digits, `-`, `_`, `.`)"),
            );
        }
    }
    if let Some(date) = &m.book.date {
        if !is_date(date.get_ref()) {
            problems.push(
                loaded
                    .diagnostic_at(date.span(), format!("`{}` is not a date", date.get_ref()))
                    .help("write YYYY, YYYY-MM or YYYY-MM-DD, e.g. \"2026-11-21\""),
            );
        }
    }
    if m.stories.is_empty() {
        problems.push(
            Diagnostic::new(&loaded.path, "the book has no stories")
                .help("add a [[stories]] table with `file` and `title` for each story"),
        );
    }
    for encoding in m.stories.iter().filter_map(|s| s.encoding.as_ref()) {
        if encoding_rs::Encoding::for_label(encoding.get_ref().trim().as_bytes()).is_none() {
            problems.push(
                loaded
                    .diagnostic_at(
                        encoding.span(),
                        format!("unknown encoding `{}`", encoding.get_ref()),
                    )
                    .help("use \"utf-8\" (the default), \"windows-1252\", \"iso-8859-15\" or another WHATWG encoding name"),
            );
        }
    }
    let mut seen = std::collections::HashMap::new();
    for story in &m.stories {
        let file = story.file.get_ref();
        if let Some(problem) = check_relative_path(loaded, &story.file, "story file") {
            problems.push(problem);
        } else if let Some(previous) = seen.insert(file.clone(), story.file.span()) {
            let (line, _) = line_col(&loaded.text, previous.start);
            problems.push(
                loaded
                    .diagnostic_at(
                        story.file.span(),
                        format!("story file `{file}` is listed twice"),
                    )
                    .help(format!(
                        "it is also used on line {line}; remove one of the entries"
                    )),
            );
        }
    }
    if let Some(cover) = &m.book.cover {
        problems.extend(check_relative_path(loaded, cover, "cover image"));
        let lower = cover.get_ref().to_ascii_lowercase();
        if ![".jpg", ".jpeg", ".png"].iter().any(|e| lower.ends_with(e)) {
            problems.push(
                loaded
                    .diagnostic_at(
                        cover.span(),
                        format!("cover `{}` is not a JPEG or PNG", cover.get_ref()),
                    )
                    .help("use a .jpg, .jpeg or .png image"),
            );
        }
    }
    for (edition, isbn) in &m.book.isbn {
        if !is_isbn(isbn.get_ref()) {
            problems.push(
                loaded
                    .diagnostic_at(
                        isbn.span(),
                        format!("`{}` ({edition}) is not a valid ISBN", isbn.get_ref()),
                    )
                    .help("write the 13 (or 10) digits with their check digit, hyphens allowed"),
            );
        }
    }
    let mut generated_seen: Vec<(MatterKindName, usize)> = Vec::new();
    for (entries, front) in [(&m.front, true), (&m.back, false)] {
        for entry in entries.iter().flatten() {
            problems.extend(check_matter(loaded, entry, front));
            // A generated page makes sense once: a second contents or colophon is a
            // copy-paste slip.
            let kind = *entry.kind.get_ref();
            if kind.takes_prose() || kind == MatterKindName::AlsoBy {
                continue;
            }
            match generated_seen.iter().find(|(k, _)| *k == kind) {
                Some(&(_, first)) => {
                    let (line, _) = line_col(&loaded.text, first);
                    problems.push(
                        loaded
                            .diagnostic_at(
                                entry.kind.span(),
                                format!("the `{}` page is listed twice", kind.name()),
                            )
                            .help(format!(
                                "it is also listed on line {line}; remove one of them"
                            )),
                    );
                }
                None => generated_seen.push((kind, entry.kind.span().start)),
            }
        }
    }
    problems
}

/// The keys a front or back matter item takes depend on its kind.
fn check_matter(loaded: &LoadedManifest, entry: &MatterEntry, front: bool) -> Vec<Diagnostic> {
    let kind = *entry.kind.get_ref();
    let name = kind.name();
    let at = |span: std::ops::Range<usize>, message: String, help: &str| {
        loaded.diagnostic_at(span, message).help(help.to_string())
    };
    let mut problems = Vec::new();
    if !front && kind.front_only() {
        problems.push(at(
            entry.kind.span(),
            format!("`{name}` belongs in [[front]], not [[back]]"),
            "move this item to a [[front]] table",
        ));
    }
    if kind.takes_prose() {
        match (&entry.text, &entry.file) {
            (None, None) => problems.push(at(
                entry.kind.span(),
                format!("the {name} has no text"),
                "add `text = \"…\"` or `file = \"front/….md\"`",
            )),
            (Some(_), Some(file)) => problems.push(at(
                file.span(),
                format!("the {name} has both `text` and `file`"),
                "keep one of them",
            )),
            (None, Some(file)) => problems.extend(check_relative_path(loaded, file, "matter file")),
            (Some(text), None) if text.get_ref().trim().is_empty() => problems.push(at(
                text.span(),
                format!("the `text` of the {name} is empty"),
                "write the text between the quotes, or remove this item",
            )),
            (Some(_), None) => {}
        }
    } else {
        for value in [&entry.text, &entry.file].into_iter().flatten() {
            problems.push(at(
                value.span(),
                format!("a `{name}` page is generated and takes no text"),
                "remove this key, or use a kind such as \"preface\" for your own text",
            ));
        }
    }
    if let Some(title) = &entry.title {
        if title.get_ref().trim().is_empty() {
            problems.push(at(
                title.span(),
                format!("the `title` of the {name} is empty"),
                "write a heading between the quotes, or remove `title` for the default",
            ));
        }
        if !kind.takes_title() {
            problems.push(at(
                title.span(),
                format!("a `{name}` has no heading to set"),
                "remove `title`",
            ));
        }
    }
    if let Some(source) = &entry.source {
        if kind != MatterKindName::Epigraph {
            problems.push(at(
                source.span(),
                "`source` is only for an epigraph".into(),
                "remove `source`",
            ));
        }
    }
    match (&entry.titles, kind == MatterKindName::AlsoBy) {
        (Some(titles), false) => problems.push(at(
            titles.span(),
            "`titles` is only for kind = \"also-by\"".into(),
            "remove `titles`",
        )),
        (Some(titles), true) if titles.get_ref().is_empty() => problems.push(at(
            titles.span(),
            "the also-by list is empty".into(),
            "list the other books, e.g. titles = [\"First Book\"]",
        )),
        (None, true) => problems.push(at(
            entry.kind.span(),
            "an also-by page needs `titles`".into(),
            "add titles = [\"…\", \"…\"]",
        )),
        _ => {}
    }
    problems
}

/// An ISBN-13 or ISBN-10 with a correct check digit; hyphens and spaces are ignored.
pub fn is_isbn(isbn: &str) -> bool {
    let chars: Vec<char> = isbn.chars().filter(|c| !matches!(c, '-' | ' ')).collect();
    match chars.len() {
        13 if chars.iter().all(char::is_ascii_digit) => {
            let sum: u32 = chars
                .iter()
                .enumerate()
                .map(|(i, c)| c.to_digit(10).unwrap_or(0) * if i % 2 == 0 { 1 } else { 3 })
                .sum();
            sum % 10 == 0
        }
        10 => {
            let mut sum = 0;
            for (i, c) in chars.iter().enumerate() {
                let value = match c {
                    'X' | 'x' if i == 9 => 10,
                    c => match c.to_digit(10) {
                        Some(d) => d,
                        None => return false,
                    },
                };
                sum += value * (10 - i as u32);
            }
            sum % 11 == 0
        }
        _ => false,
    }
}

/// A manifest path must stay inside the book folder and name an existing file.
fn check_relative_path(
    loaded: &LoadedManifest,
    value: &Spanned<String>,
    what: &str,
) -> Option<Diagnostic> {
    let relative = value.get_ref();
    let escapes = Path::new(relative)
        .components()
        .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir));
    if relative.trim().is_empty() || escapes {
        return Some(
            loaded
                .diagnostic_at(
                    value.span(),
                    format!("{what} `{relative}` must be a path inside the book folder"),
                )
                .help("write a relative path such as \"stories/one.md\", without `..`"),
        );
    }
    let full = loaded.resolve(relative);
    if let Some(target) = crate::guard::escapes_book(&loaded.book_dir, &full) {
        return Some(
            loaded
                .diagnostic_at(
                    value.span(),
                    format!(
                        "{what} `{relative}` leads outside the book folder (to {}) through a symbolic link",
                        target.display()
                    ),
                )
                .help("copy the file into the book folder instead of linking to it"),
        );
    }
    if let Err(crate::guard::ReadError::NotRegular(kind)) = crate::guard::is_regular_file(&full) {
        return Some(
            loaded
                .diagnostic_at(
                    value.span(),
                    format!("{what} `{relative}` is not a regular file ({kind})"),
                )
                .help("point this at an ordinary file (not a FIFO, socket, device or folder)"),
        );
    }
    if !full.is_file() {
        let help = match nearest_file(&full) {
            Some(name) => format!(
                "did you mean `{}`? (the path is relative to the folder holding book.toml)",
                Path::new(relative).with_file_name(name).display()
            ),
            None => format!(
                "create {} or correct the path (it is relative to the folder holding book.toml)",
                full.display()
            ),
        };
        return Some(
            loaded
                .diagnostic_at(value.span(), format!("{what} `{relative}` does not exist"))
                .help(help),
        );
    }
    None
}

/// The file beside a missing `path` whose name is nearest to its name (a typo).
fn nearest_file(path: &Path) -> Option<String> {
    /// Enough for any book folder, and a bound on what a typo costs.
    const MAX_LISTED: usize = 10_000;
    let wanted = path.file_name()?.to_str()?;
    let names: Vec<String> = std::fs::read_dir(path.parent()?)
        .ok()?
        .take(MAX_LISTED)
        .filter_map(|entry| entry.ok())
        .filter(|entry| entry.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|entry| entry.file_name().into_string().ok())
        .collect();
    let candidates: Vec<&str> = names.iter().map(String::as_str).collect();
    super::suggest::nearest(wanted, &candidates).map(str::to_string)
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, a day that exists (not 2026-02-31), in the
/// years 1000–9999 (EPUB readers and EPUBCheck take four-digit years from 0001 on;
/// a publication date before 1000 is a typo).
pub(super) fn is_date(date: &str) -> bool {
    let parts: Vec<&str> = date.split('-').collect();
    let digits = |s: &str, n: usize| s.len() == n && s.chars().all(|c| c.is_ascii_digit());
    let number = |s: &str| s.parse::<u32>().unwrap_or(0);
    let year_ok = |y: &str| digits(y, 4) && number(y) >= 1000;
    match parts.as_slice() {
        [y] => year_ok(y),
        [y, m] => year_ok(y) && digits(m, 2) && in_range(m, 1, 12),
        [y, m, d] => {
            year_ok(y)
                && digits(m, 2)
                && digits(d, 2)
                && chrono::NaiveDate::from_ymd_opt(number(y) as i32, number(m), number(d)).is_some()
        }
        _ => false,
    }
}

/// What is wrong with a `[book] slug`, the outputs' file name without extension.
fn slug_problem(slug: &str) -> Option<&'static str> {
    if slug.is_empty() {
        Some("is empty")
    } else if slug.len() > crate::util::MAX_SLUG_BYTES {
        Some("is too long for a file name")
    } else if slug.starts_with('.') {
        Some("starts with a dot (a hidden file)")
    } else if !slug
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    {
        Some("may only hold ASCII letters, digits, `-`, `_` and `.`")
    } else {
        None
    }
}

/// Keys whose value is free text the outputs show or record: an empty one is a
/// slip (and an empty `dc:` element in the EPUB is an error).
const FREE_TEXT_KEYS: [&str; 15] = [
    "subtitle",
    "authors",
    "identifier",
    "publisher",
    "description",
    "rights",
    "copyright_holder",
    "edition",
    "subjects",
    "author",
    "translator",
    "epigraph",
    "epigraph_source",
    "first_published",
    "source",
];

/// Every string in the manifest, wherever it is: none may hold a character XML
/// cannot hold (TOML's `\u0001` escapes can write any), and free text may not be
/// empty. Also-by titles are free text too.
fn check_strings(loaded: &LoadedManifest) -> Vec<Diagnostic> {
    use toml_edit::{Item, Value};
    let Ok(document) = toml_edit::Document::parse(loaded.text.as_str()) else {
        return Vec::new();
    };
    let mut problems = Vec::new();
    let mut check = |key: &str, value: &Value| {
        let Some(text) = value.as_str() else { return };
        let Some(span) = value.span() else { return };
        if let Some((_, c)) = crate::xml::first_disallowed(text) {
            problems.push(
                loaded
                    .diagnostic_at(
                        span,
                        format!(
                            "`{key}` holds a control character or noncharacter (U+{:04X})",
                            u32::from(c)
                        ),
                    )
                    .help("remove the escape (such as \\u0001) or the invisible character from this text"),
            );
        } else if text.trim().is_empty() && (FREE_TEXT_KEYS.contains(&key) || key == "titles") {
            problems.push(
                loaded
                    .diagnostic_at(span, format!("`{key}` is empty"))
                    .help("write the text between the quotes, or remove the key"),
            );
        }
    };
    // An explicit stack: TOML nests as deep as its parser allows.
    let mut stack: Vec<(String, &Item)> = document
        .as_table()
        .iter()
        .map(|(k, item)| (k.to_string(), item))
        .collect();
    let mut values: Vec<(String, &Value)> = Vec::new();
    while !stack.is_empty() || !values.is_empty() {
        if let Some((key, value)) = values.pop() {
            match value {
                Value::Array(array) => values.extend(array.iter().map(|v| (key.clone(), v))),
                Value::InlineTable(table) => {
                    values.extend(table.iter().map(|(k, v)| (k.to_string(), v)))
                }
                other => check(&key, other),
            }
            continue;
        }
        let Some((key, item)) = stack.pop() else {
            break;
        };
        match item {
            Item::Value(value) => values.push((key, value)),
            Item::Table(table) => stack.extend(table.iter().map(|(k, i)| (k.to_string(), i))),
            Item::ArrayOfTables(tables) => {
                for table in tables.iter() {
                    stack.extend(table.iter().map(|(k, i)| (k.to_string(), i)));
                }
            }
            Item::None => {}
        }
    }
    problems.sort_by_key(|d| d.position);
    problems
}

fn in_range(s: &str, low: u32, high: u32) -> bool {
    s.parse::<u32>().is_ok_and(|n| (low..=high).contains(&n))
}

/// `[fonts] fallback`: named, each once, and no more than a glyph can tell apart.
fn check_fallbacks(loaded: &LoadedManifest) -> Vec<Diagnostic> {
    let fallback = &loaded.manifest.fonts.fallback;
    let mut problems = Vec::new();
    for (at, entry) in fallback.iter().enumerate() {
        let name = &entry.get_ref().0;
        let message = if name.family.trim().is_empty() {
            "a family in `fallback` of [fonts] is empty".to_string()
        } else if fallback[..at].iter().any(|e| e.get_ref().0 == *name) {
            format!("the fallback family `{}` is named twice", name.family)
        } else if at == crate::fonts::MAX_FALLBACKS {
            format!(
                "more than {} fallback families in [fonts]",
                crate::fonts::MAX_FALLBACKS
            )
        } else {
            continue;
        };
        problems.push(loaded.diagnostic_at(entry.span(), message).help(
            "name each family in fonts/ once, e.g. fallback = [\"IPAMincho\", \"NotoNaskhArabic\"]",
        ));
    }
    problems
}
