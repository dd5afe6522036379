//! The bad-input suite: each case damages a small book in one way and runs `folio`.
//! Every case must end in either a correct book or a clear error (exit code 1, the
//! file named, what is wrong and how to fix it) — never a panic, never an output file
//! or a temporary file left behind on failure, and never a change to the sources.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::*;

const MANIFEST: &str = "[book]\ntitle = \"Small Book\"\nauthors = [\"A. Writer\"]\nlanguage = \"en\"\n\n[[stories]]\nfile = \"stories/one.md\"\ntitle = \"One\"\n";
const STORY: &str =
    "# A scene\n\nIt was a quiet evening, and the lamps were lit.\n\nShe read until late.\n";

/// A one-story book with only the regular face (the other styles fall back to it).
fn small_book(name: &str) -> PathBuf {
    let dir = scratch(name);
    std::fs::write(dir.join("book.toml"), MANIFEST).unwrap();
    std::fs::create_dir_all(dir.join("stories")).unwrap();
    std::fs::write(dir.join("stories/one.md"), STORY).unwrap();
    std::fs::create_dir_all(dir.join("fonts")).unwrap();
    for file in ["GentiumBookPlus-Regular.ttf", "OFL.txt"] {
        std::fs::copy(
            repo_root().join("fonts").join(file),
            dir.join("fonts").join(file),
        )
        .unwrap();
    }
    dir
}

fn write(book: &Path, file: &str, contents: impl AsRef<[u8]>) {
    let path = book.join(file);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, contents).unwrap();
}

fn story(book: &Path, contents: impl AsRef<[u8]>) {
    write(book, "stories/one.md", contents);
}

/// The manifest with `from` replaced by `to` (which must occur).
fn edit_manifest(book: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(book.join("book.toml")).unwrap();
    assert!(text.contains(from), "`{from}` not in the manifest");
    write(book, "book.toml", text.replacen(from, to, 1));
}

fn append_manifest(book: &Path, extra: &str) {
    let text = std::fs::read_to_string(book.join("book.toml")).unwrap();
    write(book, "book.toml", format!("{text}{extra}"));
}

/// A file of `len` bytes without writing them (sparse), for size limits.
fn sparse(path: &Path, len: u64) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::File::create(path).unwrap().set_len(len).unwrap();
}

/// Every file under `dir` (following no links) with its bytes; links as their target.
fn snapshot(dir: &Path, skip: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap().flatten() {
            let path = entry.path();
            if path == skip {
                continue;
            }
            let kind = entry.file_type().unwrap();
            if kind.is_symlink() {
                let target = std::fs::read_link(&path).unwrap();
                files.insert(path, target.to_string_lossy().as_bytes().to_vec());
            } else if kind.is_dir() {
                stack.push(path);
            } else {
                files.insert(path.clone(), std::fs::read(&path).unwrap());
            }
        }
    }
    files
}

fn files_in(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

#[derive(Clone, Copy)]
enum Cmd {
    /// `folio build BOOK --out BOOK/out` and extra arguments.
    Build(&'static [&'static str]),
    Check,
}

enum Expect {
    /// Success; the built files (if any) must exist and stderr contain these.
    Ok(&'static [&'static str]),
    /// Exit code 1 with all of these in stderr (the first should name the file).
    Err(&'static [&'static str]),
}

/// Runs one case; returns the book folder and stderr for extra assertions.
fn run_case(name: &str, setup: impl FnOnce(&Path), cmd: Cmd, expect: Expect) -> (PathBuf, String) {
    let book = small_book(name);
    let out = book.join("out");
    setup(&book);
    let before = snapshot(&book, &out);
    let book_arg = book.to_str().unwrap();
    let output = match cmd {
        Cmd::Build(extra) => {
            let mut args = vec!["build", book_arg, "--out", out.to_str().unwrap()];
            args.extend_from_slice(extra);
            folio(&args)
        }
        Cmd::Check => folio(&["check", book_arg]),
    };
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        !stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"),
        "{name}: panic\n{stderr}"
    );
    match expect {
        Expect::Ok(mentions) => {
            assert_eq!(output.status.code(), Some(0), "{name}: {stderr}");
            for m in mentions {
                assert!(stderr.contains(m), "{name}: `{m}` in\n{stderr}");
            }
            if let Cmd::Build(extra) = cmd {
                let mut expected = Vec::new();
                if !extra.contains(&"--pdf") {
                    expected.push("small-book.epub");
                }
                if !extra.contains(&"--epub") {
                    expected.push("small-book.pdf");
                }
                let mut found = files_in(&out);
                found.sort();
                assert_eq!(found, expected, "{name}: outputs (and no temporary file)");
                for file in &expected {
                    assert!(std::fs::metadata(out.join(file)).unwrap().len() > 1000);
                }
                // A correct book: the EPUB passes EPUBCheck (not the 10 MB one: slow).
                let epub = out.join("small-book.epub");
                if expected.contains(&"small-book.epub") && !name.starts_with("ten-mb") {
                    if let Some((errors, warnings, report)) = epubcheck(&epub) {
                        assert_eq!((errors, warnings), (0, 0), "{name}: {report}");
                    }
                }
            }
        }
        Expect::Err(mentions) => {
            assert_eq!(
                output.status.code(),
                Some(1),
                "{name}: exit code\n{stdout}\n{stderr}"
            );
            for m in mentions {
                assert!(stderr.contains(m), "{name}: `{m}` in\n{stderr}");
            }
            assert!(
                stderr.contains("help:"),
                "{name}: says how to fix it\n{stderr}"
            );
            assert!(
                files_in(&out).is_empty(),
                "{name}: no output left, found {:?}",
                files_in(&out)
            );
        }
    }
    assert!(!book.join("build").exists(), "{name}: nothing in build/");
    assert!(
        snapshot(&book, &out) == before,
        "{name}: the sources were changed"
    );
    (book, stderr)
}

macro_rules! cases {
    ($($name:ident: $setup:expr, $cmd:expr, $expect:expr;)*) => {
        $(
            #[test]
            fn $name() {
                run_case(stringify!($name), $setup, $cmd, $expect);
            }
        )*
    };
}

const BUILD: Cmd = Cmd::Build(&[]);
const EPUB: Cmd = Cmd::Build(&["--epub"]);

cases! {
    // The manifest.
    invalid_toml: |b| write(b, "book.toml", "[book\ntitle = 1\n"), BUILD,
        Expect::Err(&["book.toml:1:"]);
    unknown_key: |b| edit_manifest(b, "language", "langauge = \"en\"\nlanguage"), BUILD,
        Expect::Err(&["book.toml:4:", "did you mean `language`"]);
    wrong_type: |b| edit_manifest(b, "authors = [\"A. Writer\"]", "authors = \"A. Writer\""), BUILD,
        Expect::Err(&["book.toml:3:", "invalid type"]);
    missing_title: |b| edit_manifest(b, "title = \"Small Book\"\n", ""), BUILD,
        Expect::Err(&["book.toml", "missing field `title`"]);
    missing_book_table: |b| write(b, "book.toml", "[[stories]]\nfile = \"stories/one.md\"\ntitle = \"One\"\n"), BUILD,
        Expect::Err(&["book.toml", "missing field `book`"]);
    empty_manifest: |b| write(b, "book.toml", ""), BUILD,
        Expect::Err(&["book.toml", "missing field `book`"]);
    manifest_not_utf8: |b| write(b, "book.toml", [MANIFEST.as_bytes(), b"# caf\xe9\n"].concat()), BUILD,
        Expect::Err(&["book.toml:9:6", "not valid UTF-8 (at byte 124)"]);
    no_manifest: |b| std::fs::remove_file(b.join("book.toml")).unwrap(), BUILD,
        Expect::Err(&["book.toml", "cannot read the manifest"]);
    manifest_is_a_folder: |b| { std::fs::remove_file(b.join("book.toml")).unwrap(); std::fs::create_dir(b.join("book.toml")).unwrap(); }, BUILD,
        Expect::Err(&["book.toml", "cannot read the manifest"]);
    manifest_too_large: |b| append_manifest(b, &"# padding padding padding\n".repeat(50_000)), BUILD,
        Expect::Err(&["book.toml", "too large", "put long text in story files"]);
    empty_title: |b| edit_manifest(b, "\"Small Book\"", "\"   \""), BUILD,
        Expect::Err(&["book.toml:2:", "is empty"]);
    bad_language: |b| edit_manifest(b, "\"en\"", "\"English\""), BUILD,
        Expect::Err(&["book.toml:4:", "BCP 47"]);
    bad_date: |b| edit_manifest(b, "language", "date = \"21/11/2026\"\nlanguage"), BUILD,
        Expect::Err(&["book.toml:4:", "is not a date"]);
    no_stories: |b| write(b, "book.toml", "[book]\ntitle = \"T\"\nlanguage = \"en\"\n"), BUILD,
        Expect::Err(&["book.toml", "no stories"]);
    missing_story: |b| edit_manifest(b, "stories/one.md", "stories/two.md"), BUILD,
        Expect::Err(&["book.toml:7:", "`stories/two.md` does not exist"]);
    duplicate_story: |b| append_manifest(b, "\n[[stories]]\nfile = \"stories/one.md\"\ntitle = \"Again\"\n"), BUILD,
        Expect::Err(&["book.toml:11:", "listed twice", "line 7"]);
    dotdot_traversal: |b| edit_manifest(b, "stories/one.md", "stories/../../one.md"), BUILD,
        Expect::Err(&["book.toml:7:", "inside the book folder"]);
    absolute_path: |b| edit_manifest(b, "stories/one.md", "/etc/passwd"), BUILD,
        Expect::Err(&["book.toml:7:", "inside the book folder"]);
    empty_path: |b| edit_manifest(b, "stories/one.md", ""), BUILD,
        Expect::Err(&["book.toml:7:", "inside the book folder"]);
    symlink_escape: |b| {
        let outside = b.parent().unwrap().join(format!("{}-outside.md", b.file_name().unwrap().to_string_lossy()));
        std::fs::write(&outside, STORY).unwrap();
        std::os::unix::fs::symlink(&outside, b.join("stories/evil.md")).unwrap();
        edit_manifest(b, "stories/one.md", "stories/evil.md");
    }, BUILD, Expect::Err(&["book.toml:7:", "outside the book folder", "symbolic link"]);
    symlinked_folder_escape: |b| {
        let outside = b.parent().unwrap().join(format!("{}-outside", b.file_name().unwrap().to_string_lossy()));
        std::fs::create_dir_all(&outside).unwrap();
        std::fs::write(outside.join("x.md"), STORY).unwrap();
        std::os::unix::fs::symlink(&outside, b.join("stories/linked")).unwrap();
        edit_manifest(b, "stories/one.md", "stories/linked/x.md");
    }, BUILD, Expect::Err(&["book.toml:7:", "outside the book folder"]);
    symlink_inside_is_fine: |b| {
        std::os::unix::fs::symlink("one.md", b.join("stories/alias.md")).unwrap();
        edit_manifest(b, "stories/one.md", "stories/alias.md");
    }, EPUB, Expect::Ok(&[]);
    story_path_is_a_folder: |b| edit_manifest(b, "stories/one.md", "stories"), BUILD,
        Expect::Err(&["book.toml:7:", "does not exist"]);
    unknown_encoding: |b| edit_manifest(b, "title = \"One\"", "title = \"One\"\nencoding = \"klingon\""), BUILD,
        Expect::Err(&["book.toml:9:", "unknown encoding `klingon`"]);
    bad_trim: |b| append_manifest(b, "\n[output.pdf]\ntrim = \"huge\"\n"), BUILD,
        Expect::Err(&["book.toml"]);
    font_size_out_of_range: |b| append_manifest(b, "\n[output.pdf]\nfont_size = 200.0\nleading = 300.0\n"), BUILD,
        Expect::Err(&["book.toml", "font_size"]);
    unknown_font_family: |b| append_manifest(b, "\n[output.pdf]\nfont = \"Nope\"\n"), BUILD,
        Expect::Err(&["Nope", "no regular face"]);

    // Story text.
    invalid_utf8: |b| story(b, b"Caf\xe9 au lait\n".as_slice()), BUILD,
        Expect::Err(&["one.md:1:4", "not valid UTF-8 (byte offset 3)", "encoding = \"windows-1252\""]);
    invalid_utf8_later_line: |b| story(b, b"Fine.\n\nStill fine, then \xff\xfe.\n".as_slice()), BUILD,
        Expect::Err(&["one.md:3:18", "byte offset 24"]);
    windows_1252_declared: |b| {
        story(b, b"\x93Caf\xe9,\x94 she said \x96 twice.\r\n".as_slice());
        edit_manifest(b, "title = \"One\"", "title = \"One\"\nencoding = \"windows-1252\"");
    }, BUILD, Expect::Ok(&[]);
    byte_order_mark: |b| story(b, format!("\u{feff}{STORY}")), BUILD, Expect::Ok(&[]);
    crlf_line_ends: |b| story(b, STORY.replace('\n', "\r\n")), BUILD, Expect::Ok(&[]);
    old_mac_line_ends: |b| story(b, STORY.replace('\n', "\r")), EPUB, Expect::Ok(&[]);
    empty_story: |b| story(b, ""), BUILD,
        Expect::Err(&["one.md", "the story is empty"]);
    whitespace_only_story: |b| story(b, "  \n\n\t\n   \n"), BUILD,
        Expect::Err(&["one.md", "the story is empty"]);
    only_a_scene_break_and_blank_heading: |b| story(b, "#\n\n---\n"), BUILD,
        Expect::Err(&["one.md", "the story is empty"]);
    story_too_large: |b| sparse(&b.join("stories/one.md"), 40 * 1024 * 1024), BUILD,
        Expect::Err(&["one.md", "too large"]);
    unbreakable_500_character_word: |b| story(b, format!("Before {} after.\n", "x".repeat(500))), BUILD,
        Expect::Ok(&[]);
    long_url_without_spaces: |b| story(b, format!("See <https://example.com/{}>.\n", "a/b-c_d".repeat(100))), BUILD,
        Expect::Ok(&[]);
    missing_glyph_thai: |b| story(b, "Line one.\n\nA word \u{0E01}\u{0E32} here.\n"), BUILD,
        Expect::Err(&["one.md:3:8", "no glyph", "U+0E01", "fonts/"]);
    emoji: |b| story(b, "Hello \u{1F600}.\n"), BUILD,
        Expect::Err(&["one.md:1:7", "U+1F600"]);
    cjk: |b| story(b, "Tokyo is \u{6771}\u{4EAC}.\n"), BUILD,
        Expect::Err(&["one.md:1:10", "U+6771"]);
    right_to_left_hebrew: |b| story(b, "Shalom: \u{05E9}\u{05DC}\u{05D5}\u{05DD}.\n"), BUILD,
        Expect::Err(&["one.md:1:9", "U+05E9"]);
    right_to_left_arabic: |b| story(b, "Salam: \u{0633}\u{0644}\u{0627}\u{0645}.\n"), BUILD,
        Expect::Err(&["one.md:1:8", "U+0633"]);
    private_use_character: |b| story(b, "Odd \u{E000} glyph.\n"), BUILD,
        Expect::Err(&["one.md:1:5", "U+E000"]);
    missing_glyph_in_title: |b| edit_manifest(b, "title = \"One\"", "title = \"One \u{2615}\""), BUILD,
        Expect::Err(&["book.toml:8:", "U+2615"]);
    control_character: |b| story(b, "Bell \u{7} here.\n"), BUILD,
        Expect::Err(&["one.md:1:6", "control character"]);
    nul_byte: |b| story(b, "Nul \u{0} here.\n"), BUILD,
        Expect::Err(&["one.md:1:5", "control character"]);
    combining_marks_and_spaces: |b| story(b, "Cafe\u{301}\u{a0}noir,\u{202f}!\u{200b} Tab\there\u{2028}and a line separator.\n"), BUILD,
        Expect::Ok(&[]);
    greek_and_cyrillic: |b| story(b, "\u{391}\u{3B8}\u{3AE}\u{3BD}\u{3B1} and \u{41C}\u{43E}\u{441}\u{43A}\u{432}\u{430}.\n"), BUILD,
        Expect::Ok(&[]);
    raw_script_is_escaped: |b| story(b, "Before.\n\n<script>alert('x')</script>\n\nInline <b onclick=\"x()\">bold</b>.\n"), EPUB,
        Expect::Ok(&["raw-html", "one.md:3:1"]);
    deep_block_quotes: |b| story(b, format!("{} deep\n", ">".repeat(5000))), BUILD,
        Expect::Err(&["one.md:1:", "nested more than"]);
    deep_lists: |b| story(b, format!("{}deep\n", "- ".repeat(3000))), BUILD,
        Expect::Err(&["one.md:1:", "nested more than"]);
    // CommonMark keeps an undefined footnote reference as literal text.
    undefined_footnote_is_text: |b| story(b, "A note.[^missing]\n"), BUILD,
        Expect::Ok(&[]);
    plain_text_story: |b| {
        write(b, "stories/one.txt", "First paragraph\nstill first.\n\nSecond <i>not html</i>.\n");
        edit_manifest(b, "stories/one.md", "stories/one.txt");
    }, BUILD, Expect::Ok(&[]);

    // Fonts.
    zero_byte_font: |b| write(b, "fonts/GentiumBookPlus-Regular.ttf", ""), BUILD,
        Expect::Err(&["GentiumBookPlus-Regular.ttf", "does not parse as a font"]);
    corrupt_font: |b| write(b, "fonts/GentiumBookPlus-Regular.ttf", (0..5000u32).map(|i| (i * 7919 % 251) as u8).collect::<Vec<u8>>()), BUILD,
        Expect::Err(&["GentiumBookPlus-Regular.ttf", "font"]);
    truncated_font: |b| {
        let data = std::fs::read(repo_root().join("fonts/GentiumBookPlus-Regular.ttf")).unwrap();
        write(b, "fonts/GentiumBookPlus-Regular.ttf", &data[..data.len() / 3]);
    }, BUILD, Expect::Err(&["GentiumBookPlus-Regular.ttf"]);
    font_too_large: |b| sparse(&b.join("fonts/GentiumBookPlus-Bold.ttf"), 100 * 1024 * 1024), BUILD,
        Expect::Err(&["GentiumBookPlus-Bold.ttf", "too large"]);
    no_fonts_folder: |b| std::fs::remove_dir_all(b.join("fonts")).unwrap(), BUILD,
        Expect::Err(&["fonts"]);
    no_regular_face: |b| std::fs::rename(b.join("fonts/GentiumBookPlus-Regular.ttf"), b.join("fonts/GentiumBookPlus-Italic.ttf")).unwrap(), BUILD,
        Expect::Err(&["fonts", "regular face"]);
}

#[test]
fn windows_1252_text_arrives_intact() {
    let (book, _) = run_case(
        "cp1252-text",
        |b| {
            story(b, b"\x93Caf\xe9,\x94 she said.\n".as_slice());
            edit_manifest(
                b,
                "title = \"One\"",
                "title = \"One\"\nencoding = \"windows-1252\"",
            );
        },
        EPUB,
        Expect::Ok(&[]),
    );
    let xhtml = zip_entry(&book.join("out/small-book.epub"), "OEBPS/story-001.xhtml");
    assert!(xhtml.contains("“Café,” she said."), "{xhtml}");
}

#[test]
fn raw_html_never_reaches_the_xhtml_as_markup() {
    let (book, stderr) = run_case(
        "script",
        |b| {
            story(
                b,
                "<script>alert('x')</script>\n\nText <img src=x onerror=alert(1)>.\n",
            )
        },
        EPUB,
        Expect::Ok(&["warning[raw-html]"]),
    );
    let xhtml = zip_entry(&book.join("out/small-book.epub"), "OEBPS/story-001.xhtml");
    assert!(
        !xhtml.contains("<script") && !xhtml.contains("<img"),
        "{xhtml}"
    );
    assert!(xhtml.contains("&lt;script&gt;"), "{xhtml}");
    assert_eq!(stderr.matches("warning[raw-html]").count(), 2, "{stderr}");
}

#[test]
fn an_unwritable_output_folder_is_an_error_and_leaves_nothing() {
    let book = small_book("unwritable");
    let before = snapshot(&book, Path::new("/nonexistent"));
    // The output folder would have to be created inside a regular file.
    let blocker = book.join("blocker");
    std::fs::write(&blocker, "not a folder").unwrap();
    let out = blocker.join("out");
    let output = build(&book, &out, &[]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("blocker/out") && stderr.contains("help:"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    // The output folder is itself a regular file.
    let output = build(&book, &blocker, &[]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("error[io]") && stderr.contains("blocker"),
        "{stderr}"
    );
    assert_eq!(std::fs::read(&blocker).unwrap(), b"not a folder");
    std::fs::remove_file(&blocker).unwrap();
    assert!(snapshot(&book, Path::new("/nonexistent")) == before);
}

#[test]
fn a_ten_megabyte_paragraph_is_read_and_checked() {
    // One paragraph of ~10 MB (1.6 million words). `check` reads, parses and lints
    // it; the EPUB path is exercised by the EPUB-only build below. The PDF engine
    // is not run here: see notes/issue-5.md for its time on this input.
    let words = [
        "quiet", "lamp", "evening", "read", "late", "and", "the", "she",
    ];
    let mut text = String::with_capacity(10_500_000);
    let mut i = 0usize;
    while text.len() < 10_000_000 {
        text.push_str(words[i % words.len()]);
        text.push(' ');
        i = i.wrapping_mul(31).wrapping_add(7) % 1_000_003;
    }
    text.push_str("end.\n");
    let (_, _) = run_case("ten-mb", |b| story(b, &text), Cmd::Check, Expect::Ok(&[]));
    run_case("ten-mb-epub", |b| story(b, &text), EPUB, Expect::Ok(&[]));
}
