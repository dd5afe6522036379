//! `folio init`: a new book builds and checks cleanly at once; nothing is overwritten.

use crate::common::*;

#[test]
fn a_new_book_checks_clean_and_builds() {
    let dir = scratch("init").join("my-new_book");
    let output = folio(&["init", dir.to_str().unwrap()]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    for file in [
        "book.toml",
        ".gitignore",
        "stories/01-the-quay.md",
        "stories/02-the-pear-tree.md",
        "fonts/GentiumBookPlus-Regular.ttf",
        "fonts/GentiumBookPlus-BoldItalic.ttf",
        "fonts/OFL.txt",
    ] {
        assert!(dir.join(file).is_file(), "{file}");
    }
    assert!(std::fs::read_to_string(dir.join(".gitignore"))
        .unwrap()
        .contains("build/"));
    let manifest = std::fs::read_to_string(dir.join("book.toml")).unwrap();
    assert!(manifest.contains("title = \"My New Book\""), "{manifest}");

    let check = folio(&["check", dir.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert!(check.status.success(), "{stderr}");
    assert!(
        !stderr.contains("warning"),
        "a new book has no warnings: {stderr}"
    );

    let out = dir.join("out");
    build_ok(&dir, &out, &[]);
    assert!(out.join("my-new-book.epub").is_file() && out.join("my-new-book.pdf").is_file());
    if let Some((errors, warnings, report)) = epubcheck(&out.join("my-new-book.epub")) {
        assert_eq!((errors, warnings), (0, 0), "{report}");
    }
    if let Some(report) = ace(&out.join("my-new-book.epub")) {
        assert_eq!(report.violations, [], "Ace:\n{}", report.json);
    }
}

#[test]
fn init_refuses_to_overwrite_and_writes_nothing() {
    let dir = scratch("init-existing");
    std::fs::create_dir_all(dir.join("stories")).unwrap();
    std::fs::write(dir.join("stories/01-the-quay.md"), "my own story\n").unwrap();
    let output = folio(&["init", dir.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("refusing to overwrite") && stderr.contains("01-the-quay.md"),
        "{stderr}"
    );
    assert!(stderr.contains("help:"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(dir.join("stories/01-the-quay.md")).unwrap(),
        "my own story\n"
    );
    assert!(!dir.join("book.toml").exists() && !dir.join("fonts").exists());
}
