//! `folio init [DIR]`: a new book that builds at once — a commented manifest showing
//! every key, two sample stories, the fonts with their licence and a `.gitignore`.
//! Nothing that exists is ever overwritten: if any file is already there, nothing is
//! written at all.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Diagnostic, Error, Result};

const STORY_ONE: &str = "\
The lamps along the quay came on one by one, and Marthe counted them the way she
had as a child: *one for the baker, one for the boatman, one for the priest*.

She had come back to the town after twenty years, with a single suitcase and a
letter she had not yet opened. The harbour smelled of tar and rain.

---

In the morning the letter was still on the table. “Open it,” her sister said,
“or burn it. But don’t leave it there looking at us.”
";

const STORY_TWO: &str = "\
Nobody in the village remembered who had planted the pear tree behind the school.
It was simply there, older than the walls, bent like a question.

Every autumn the children were told not to climb it, and every autumn they did.
The pears were hard and green and tasted of nothing — which, said the teacher,
was exactly the point.
";

const GITIGNORE: &str = "# Folio writes the EPUB and the PDF here.\nbuild/\n";

/// The fonts shipped with Folio, copied into each new book.
const FONTS: [(&str, &[u8]); 5] = [
    (
        "GentiumBookPlus-Regular.ttf",
        include_bytes!("../fonts/GentiumBookPlus-Regular.ttf"),
    ),
    (
        "GentiumBookPlus-Italic.ttf",
        include_bytes!("../fonts/GentiumBookPlus-Italic.ttf"),
    ),
    (
        "GentiumBookPlus-Bold.ttf",
        include_bytes!("../fonts/GentiumBookPlus-Bold.ttf"),
    ),
    (
        "GentiumBookPlus-BoldItalic.ttf",
        include_bytes!("../fonts/GentiumBookPlus-BoldItalic.ttf"),
    ),
    ("OFL.txt", include_bytes!("../fonts/OFL.txt")),
];

/// The manifest of a new book titled `title`: every key, the optional ones commented.
pub fn manifest_template(title: &str) -> String {
    let title = title.replace('\\', "\\\\").replace('"', "\\\"");
    format!(
        r##"# The manifest of this book: `folio build` turns this folder into
# build/<title>.epub and build/<title>.pdf; `folio check` reports problems without
# writing anything. Lines starting with # are comments; remove the # to use a key.

[book]
title = "{title}"                 # required
# subtitle = "Stories"
authors = ["Your Name"]           # or [{{ name = "Your Name", file_as = "Name, Your" }}]: as catalogues sort it
language = "en"                   # required: a BCP 47 tag such as "en", "fr", "pt-BR"
# identifier = "urn:isbn:9780000000000"   # default: a stable urn:uuid from title and authors
# publisher = "Your Press"
# date = "2026-11-21"             # YYYY, YYYY-MM or YYYY-MM-DD
# description = "One sentence about the book."
# rights = "© 2026 Your Name. All rights reserved."
# subjects = ["Fiction", {{ scheme = "BISAC", code = "FIC029000", name = "FICTION / Short Stories (single author)" }}]   # or scheme = "THEMA"
# series = {{ name = "Harbour Stories", number = 2 }}   # the EPUB's collection and place in it
# copyright_holder = "Your Name"  # default: the authors
# edition = "First edition"
# isbn = {{ paperback = "978-0-306-40615-7", ebook = "978-3-16-148410-0" }}   # the ebook's is the EPUB's identifier
# cover = "cover.jpg"             # JPEG or PNG: the EPUB's cover; the PDF's with [output.pdf] cover
# slug = "my-book"                # the outputs' file name (build/my-book.epub); default: the title in ASCII
# accessibility_certified_by = "Your Press"   # who checked the EPUB's accessibility (a11y:certifiedBy)
# numbering = "words"             # "Chapter One" above each title; or "arabic", "roman"; default "none"

[typography]
smart = true                      # curly quotes, dashes, ellipses, no-break spaces by language
lead_in = "none"                  # or "small-caps", "drop-cap": each story's first words

# Front and back matter, in order; without them: a title page and contents in
# front, a colophon at the back. Kinds: half-title, title, copyright, dedication,
# epigraph, contents, foreword, preface, introduction (front); afterword,
# acknowledgments, about-the-author, also-by, colophon (back). Any item can be
# limited to one output: only, with the value "pdf" or "epub".
# [[front]]
# kind = "title"
# [[front]]
# kind = "dedication"
# text = "For everyone who waited."
# [[front]]
# kind = "contents"
# [[back]]
# kind = "about-the-author"
# file = "matter/about.md"

# One [[stories]] table per story, in reading order. Paths are relative to this
# folder and must stay inside it. Markdown (.md) or plain text (.txt).
[[stories]]
file = "stories/01-the-quay.md"
title = "The Quay"                # without it, the file's first # heading is the title
# part = "Part One"               # consecutive stories with the same part form a part
# subtitle = "A homecoming"
# author = "Someone Else"         # for anthologies
# translator = "A Translator"
# epigraph = "*Every* quay is a promise."
# epigraph_source = "Anonymous"
# first_published = "The Harbour Review, 2024"
# language = "fr"                 # when the story's language differs from the book's
# encoding = "windows-1252"       # when the file is not UTF-8

[[stories]]
file = "stories/02-the-pear-tree.md"
title = "The Pear Tree"

[fonts]
# fallback = ["IPAMincho"]        # families in fonts/ tried in order for characters the body font lacks

[output.epub]
embed_fonts = true                # embed the fonts from fonts/
# font = "GentiumBookPlus"        # default: the only family in fonts/

[output.pdf]
trim = "6x9"                      # 5x8, 5.25x8, 5.5x8.5, 6x9, a5, or {{ width = "5in", height = "8in" }}
# font = "GentiumBookPlus"        # default: the only family in fonts/
font_size = 11.0                  # points
leading = 14.0                    # points, baseline to baseline
hyphenate = true
justify = true                    # false: ragged right
widow_orphan_control = true
cover = false                     # true: the [book] cover as the PDF's first page

[output.pdf.margins]              # in, mm, cm or pt; inner is the gutter
top = "0.75in"
bottom = "0.85in"
inner = "0.8in"
outer = "0.6in"

# The full-wrap print cover (build/<slug>-cover.pdf), made when this table is here:
# [output.cover]
# store = "kdp"                   # or "ingram": whose paper sets the spine's width
# paper = "white"                 # or "cream"
# back = "What the book is about, with *emphasis*."   # Markdown paragraphs
# spine = "Title — Author"        # default: the title and authors (from 79 pages)
# background = "#1d2a3a"          # default white
# color = "#ffffff"               # the text's; default black
# font = "GentiumBookPlus"        # default: the only family in fonts/
"##
    )
}

/// A title from a folder name: "my-first_book" → "My First Book".
pub fn title_from_dir(dir: &Path) -> String {
    let name = std::fs::canonicalize(dir)
        .ok()
        .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
        .or_else(|| dir.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_default();
    let words: Vec<String> = name
        .split(['-', '_', ' ', '.'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            chars.next().map_or(String::new(), |first| {
                first.to_uppercase().chain(chars).collect()
            })
        })
        .collect();
    if words.is_empty() {
        "My Book".to_string()
    } else {
        words.join(" ")
    }
}

/// The files of a new book, relative to its folder.
pub fn files(title: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = vec![
        (
            PathBuf::from(crate::manifest::MANIFEST_NAME),
            manifest_template(title).into_bytes(),
        ),
        (PathBuf::from(".gitignore"), GITIGNORE.as_bytes().to_vec()),
        (
            PathBuf::from("stories/01-the-quay.md"),
            STORY_ONE.as_bytes().to_vec(),
        ),
        (
            PathBuf::from("stories/02-the-pear-tree.md"),
            STORY_TWO.as_bytes().to_vec(),
        ),
    ];
    for (name, data) in FONTS {
        files.push((Path::new("fonts").join(name), data.to_vec()));
    }
    files
}

/// Creates a new book in `dir` (made if missing) and returns the files written.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>> {
    let files = files(&title_from_dir(dir));
    let existing: Vec<String> = files
        .iter()
        .map(|(path, _)| dir.join(path))
        .filter(|path| path.symlink_metadata().is_ok())
        .map(|path| path.display().to_string())
        .collect();
    if !existing.is_empty() {
        return Err(Error::Book(vec![Diagnostic::new(
            &dir.join(crate::manifest::MANIFEST_NAME),
            format!(
                "refusing to overwrite existing files: {}",
                existing.join(", ")
            ),
        )
        .help(
            "run `folio init` in an empty folder, or move these files away first",
        )]));
    }
    // A folder of the new book that is a symbolic link would put its files
    // elsewhere, and the book would not build (paths must stay inside its folder).
    let mut linked: Vec<String> = files
        .iter()
        .flat_map(|(relative, _)| relative.ancestors().skip(1))
        .filter(|folder| !folder.as_os_str().is_empty())
        .map(|folder| dir.join(folder))
        .filter(|folder| {
            folder
                .symlink_metadata()
                .is_ok_and(|m| m.file_type().is_symlink())
        })
        .map(|folder| folder.display().to_string())
        .collect();
    linked.dedup();
    if !linked.is_empty() {
        return Err(Error::Book(vec![Diagnostic::new(
            &dir.join(crate::manifest::MANIFEST_NAME),
            format!(
                "refusing to write through symbolic links: {}",
                linked.join(", ")
            ),
        )
        .help("a book's files must be inside its folder: replace the link with a real folder, or run `folio init` elsewhere")]));
    }
    let mut written = Vec::new();
    for (relative, data) in &files {
        let path = dir.join(relative);
        if let Err(e) = create_new(&path, data) {
            // Leave the folder as it was: remove what this run created.
            for done in written.iter().rev() {
                let _ = std::fs::remove_file(done);
            }
            return Err(Error::io(&path, e));
        }
        written.push(path);
    }
    Ok(written)
}

/// Writes a file that must not exist yet (create_new: no race with another writer).
fn create_new(path: &Path, data: &[u8]) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    file.write_all(data)?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_template_parses_and_shows_every_key() {
        let text = manifest_template("A \"Quoted\" Title");
        let manifest = crate::manifest::parse(Path::new("book.toml"), &text).unwrap();
        assert_eq!(manifest.book.title.get_ref(), "A \"Quoted\" Title");
        assert_eq!(manifest.stories.len(), 2);
        // The commented keys parse too once uncommented.
        let uncommented: String = text
            .lines()
            .map(|l| {
                l.strip_prefix("# ")
                    .filter(|r| r.contains(" = ") || r.starts_with('['))
                    .unwrap_or(l)
            })
            .collect::<Vec<_>>()
            .join("\n");
        let full = crate::manifest::parse(Path::new("book.toml"), &uncommented).unwrap();
        assert_eq!(full.book.subtitle.as_deref(), Some("Stories"));
        assert!(full.stories[0].encoding.is_some());
        let loaded =
            crate::manifest::LoadedManifest::from_text(Path::new("book.toml"), &uncommented);
        let renderers = crate::render::configure_all(&loaded).unwrap();
        assert!(renderers
            .iter()
            .all(|r| r.font_family() == Some("GentiumBookPlus")));
        assert_eq!(full.front.as_ref().map(Vec::len), Some(3));
        assert_eq!(full.stories[0].translator.as_deref(), Some("A Translator"));
        assert_eq!(full.book.isbn.len(), 2);
        assert!(full.book.accessibility_certified_by.is_some());
        assert_eq!(full.book.subjects.len(), 2);
        assert_eq!(
            full.book.series.as_ref().unwrap().name.get_ref(),
            "Harbour Stories"
        );
        // The table form the authors line's comment shows parses too.
        let authors = text.lines().find(|l| l.starts_with("authors = ")).unwrap();
        let table = authors
            .split("# or ")
            .nth(1)
            .unwrap()
            .split("]:")
            .next()
            .unwrap();
        let with_table = uncommented.replace(authors, &format!("authors = {table}]"));
        let full = crate::manifest::parse(Path::new("book.toml"), &with_table).unwrap();
        assert_eq!(full.book.authors[0].file_as.as_deref(), Some("Name, Your"));
    }

    #[test]
    fn titles_come_from_folder_names() {
        assert_eq!(
            title_from_dir(Path::new("/x/my-first_book")),
            "My First Book"
        );
        assert_eq!(title_from_dir(Path::new("/")), "My Book");
    }
}
