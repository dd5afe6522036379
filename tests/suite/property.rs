//! A property test over random books: manifests and Markdown drawn from a seeded
//! generator, ordinary and hostile (deep nesting, footnotes cited twice or never,
//! character references, bad links, empty or escaped metadata, impossible dates).
//! Whatever the input, `folio build` ends with exit 0 and a valid book (the EPUB
//! passes EPUBCheck with no errors or warnings, the PDF `qpdf --check`) or exit 1
//! with a diagnostic and nothing written; never a panic, a crash or a hang.
//!
//! A failure names its seed; `FOLIO_PROPERTY_SEED=N` runs that one case again, and
//! `FOLIO_PROPERTY_CASES=N` runs more (default 40). The generator is hand-written
//! rather than proptest's: every case must be checked by EPUBCheck, which is fed
//! one book at a time through the shared JVM, and a seed is all a failure needs.

use std::fmt::Write;
use std::path::Path;

use crate::common::*;

/// SplitMix64: small, fast and the same on every machine. Half the books are
/// `hostile` (their generator may write anything bad); the others only what a
/// book may hold, so that both outcomes are exercised.
struct Rng {
    state: u64,
    hostile: bool,
}

impl Rng {
    fn new(seed: u64) -> Rng {
        let mut rng = Rng {
            state: seed,
            hostile: false,
        };
        rng.hostile = rng.chance(50);
        rng
    }

    /// A hostile choice: only in hostile books, and then `percent` of the time.
    fn bad(&mut self, percent: usize) -> bool {
        self.hostile && self.chance(percent)
    }

    fn next(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const WORDS: &[&str] = &[
    "the",
    "lamp",
    "evening",
    "Valérie",
    "quay",
    "naïve",
    "œuvre",
    "Straße",
    "Ελένη",
    "Москва",
    "don't",
    "\"quoted\"",
    "'single'",
    "--",
    "...",
    "a&b",
    "<tag>",
    "x*y",
    "50%",
    "#hash",
    "M.",
    "Dr.",
    "l'été",
    "“curly”",
    "—",
    "1850",
    "C'est",
    "garçon",
    "z_z",
    "back\\slash",
];

/// Text for a TOML basic string: quotes and backslashes escaped, sometimes an
/// escape for a character XML cannot hold.
fn toml_text(rng: &mut Rng, words: usize) -> String {
    let mut text = String::new();
    for i in 0..words.max(1) {
        if i > 0 {
            text.push(' ');
        }
        text.push_str(rng.pick(WORDS));
    }
    if rng.bad(4) {
        text.push_str(rng.pick(&["\u{1}", "\u{7}", "\u{FFFE}", "\u{85}"]));
    }
    let mut out = String::new();
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() || c == '\u{FFFE}' => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out
}

fn inline(rng: &mut Rng, depth: usize) -> String {
    let mut out = String::new();
    for i in 0..1 + rng.below(8) {
        if i > 0 {
            out.push(' ');
        }
        match rng.below(40) {
            0..=21 => out.push_str(rng.pick(WORDS)),
            22 | 23 if depth < 40 => {
                let _ = write!(out, "*{}*", inline(rng, depth + 1));
            }
            24 if depth < 40 => {
                let _ = write!(out, "**{}**", inline(rng, depth + 1));
            }
            25 => {
                let url = if rng.bad(30) {
                    rng.pick(&["https:", "https://example.com:99999/", "https://a..b/"])
                } else {
                    rng.pick(&[
                        "https://example.com/a",
                        "http://[::1]:80/",
                        "mailto:a@example.com",
                        "javascript:alert(1)",
                        "stories/one.md",
                    ])
                };
                let _ = write!(out, "[{}]({url})", rng.pick(WORDS));
            }
            26 if rng.bad(50) => out.push_str(rng.pick(&["[^1]", "[^2]", "[^n]"])),
            27 if rng.bad(30) => out.push_str(rng.pick(&["&#7;", "&#xFFFF;", "&#x85;"])),
            27 => out.push_str(rng.pick(&["&amp;", "&#233;", "&nbsp;", "&#0;"])),
            28 => out.push_str("<i>raw</i>"),
            29 => {
                let _ = write!(out, "[{}]{{.smallcaps}}", rng.pick(WORDS));
            }
            30 => out.push_str("  \n"),
            31 if rng.bad(50) => out.push_str(&"*".repeat(1 + rng.below(200))),
            32 => out.push_str("`code`"),
            _ => out.push_str(rng.pick(WORDS)),
        }
    }
    out
}

/// Markdown blocks; `notes`: footnotes may be cited and defined (a story's text).
fn markdown(rng: &mut Rng, blocks: usize, notes: bool) -> String {
    let mut out = String::new();
    for _ in 0..blocks.max(1) {
        match rng.below(20) {
            0 => {
                let _ = writeln!(out, "# {}", inline(rng, 0));
            }
            1 => out.push_str("---\n"),
            2 => {
                let deep = rng.bad(20);
                let depth = 1 + rng.below(if deep { 60 } else { 4 });
                let _ = writeln!(out, "{} {}", ">".repeat(depth), inline(rng, 0));
            }
            3 => {
                for _ in 0..1 + rng.below(3) {
                    let _ = writeln!(out, "- {}", inline(rng, 0));
                }
            }
            4 => {
                let _ = writeln!(
                    out,
                    "```verse\n{}\n  {}\n\n{}\n```",
                    inline(rng, 0),
                    inline(rng, 0),
                    inline(rng, 0)
                );
            }
            5 if rng.hostile => {
                let label = rng.pick(&["1", "2", "n"]);
                let _ = writeln!(out, "[^{label}]: {}", inline(rng, 0));
            }
            5 if notes => {
                // A note cited once or twice, then defined.
                let label = rng.below(1000);
                let again = if rng.chance(30) {
                    format!(" Again.[^{label}]")
                } else {
                    String::new()
                };
                let _ = writeln!(
                    out,
                    "Cited.[^{label}]{again}\n\n[^{label}]: {}",
                    inline(rng, 0)
                );
            }
            6 => {
                let depth = 1 + rng.below(if rng.hostile { 50 } else { 10 });
                let open: String = (0..depth)
                    .map(|i| if i % 2 == 0 { "*a " } else { "_b " })
                    .collect();
                let close: String = (0..depth)
                    .rev()
                    .map(|i| if i % 2 == 0 { " c*" } else { " d_" })
                    .collect();
                let _ = writeln!(out, "{open}x{close}");
            }
            _ => out.push_str(&inline(rng, 0)),
        }
        out.push('\n');
    }
    out
}

/// A random book in `dir`: its manifest, stories and fonts.
fn random_book(rng: &mut Rng, dir: &Path) {
    let mut toml = String::from("[book]\n");
    let _ = writeln!(toml, "title = \"{}\"", {
        let n = 1 + rng.below(5);
        toml_text(rng, n)
    });
    if rng.chance(30) {
        let _ = writeln!(toml, "subtitle = \"{}\"", {
            let n = rng.below(4);
            toml_text(rng, n)
        });
    }
    let authors: Vec<String> = (0..rng.below(3))
        .map(|_| {
            format!(
                "\"{}\"",
                if rng.chance(5) {
                    String::new()
                } else {
                    toml_text(rng, 2)
                }
            )
        })
        .collect();
    let _ = writeln!(toml, "authors = [{}]", authors.join(", "));
    let _ = writeln!(
        toml,
        "language = \"{}\"",
        rng.pick(&["en", "fr", "de", "en-GB", "ru", "es"])
    );
    for key in [
        "publisher",
        "description",
        "rights",
        "edition",
        "copyright_holder",
    ] {
        if rng.chance(20) {
            let _ = writeln!(toml, "{key} = \"{}\"", {
                let n = rng.below(6);
                toml_text(rng, n)
            });
        }
    }
    if rng.chance(30) {
        let date = rng.pick(&[
            "2026",
            "2026-11",
            "2026-11-21",
            "2024-02-29",
            "2026-02-31",
            "0000",
            "1999-13",
        ]);
        let _ = writeln!(toml, "date = \"{date}\"");
    }
    if rng.chance(10) {
        let _ = writeln!(
            toml,
            "identifier = \"{}\"",
            rng.pick(&["urn:isbn:9780306406157", "", "my-book"])
        );
    }
    if rng.chance(40) {
        toml.push_str("\n[[front]]\nkind = \"title\"\n");
        if rng.chance(50) {
            toml.push_str("\n[[front]]\nkind = \"copyright\"\n");
        }
        let text = markdown(rng, 1, false)
            .replace('\\', "\\\\")
            .replace('"', "\\\"")
            .replace('\n', "\\n");
        let _ = writeln!(
            toml,
            "\n[[front]]\nkind = \"dedication\"\ntext = \"{text}\""
        );
        toml.push_str("\n[[front]]\nkind = \"contents\"\n");
    }
    if rng.chance(20) {
        toml.push_str("\n[typography]\nlead_in = \"drop-cap\"\n");
    }
    std::fs::create_dir_all(dir.join("stories")).unwrap();
    for n in 0..1 + rng.below(3) {
        let _ = writeln!(
            toml,
            "\n[[stories]]\nfile = \"stories/{n}.md\"\ntitle = \"{}\"",
            toml_text(rng, 2)
        );
        if rng.chance(15) {
            let epigraph = inline(rng, 0)
                .replace('\\', "\\\\")
                .replace('"', "\\\"")
                .replace('\n', " ");
            let _ = writeln!(toml, "epigraph = \"{epigraph}\"");
        }
        let blocks = 1 + rng.below(12);
        std::fs::write(
            dir.join(format!("stories/{n}.md")),
            markdown(rng, blocks, true),
        )
        .unwrap();
    }
    std::fs::write(dir.join("book.toml"), toml).unwrap();
    std::fs::create_dir_all(dir.join("fonts")).unwrap();
    for file in [
        "GentiumBookPlus-Regular.ttf",
        "GentiumBookPlus-Italic.ttf",
        "OFL.txt",
    ] {
        std::fs::copy(
            repo_root().join("fonts").join(file),
            dir.join("fonts").join(file),
        )
        .unwrap();
    }
}

/// One case: build, then check what came out. Returns a description of a failure.
fn check_case(seed: u64) -> Result<&'static str, String> {
    let mut rng = Rng::new(seed);
    let dir = scratch(&format!("property-{seed}"));
    random_book(&mut rng, &dir);
    let out = dir.join("out");
    let output = build(&dir, &out, &[]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let fail = |what: String| {
        Err(format!(
            "seed {seed}: {what}\n{stderr}\nbook: {}",
            dir.display()
        ))
    };
    if stderr.contains("panicked") || stderr.contains("overflow") {
        return fail("a panic".into());
    }
    let outputs: Vec<_> = std::fs::read_dir(&out)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    match output.status.code() {
        Some(1) => {
            if !(stderr.contains("error[") && stderr.contains("help:")) {
                return fail("exit 1 without a diagnostic".into());
            }
            if !outputs.is_empty() {
                return fail(format!("exit 1 but files written: {outputs:?}"));
            }
            Ok("refused")
        }
        Some(0) => {
            if outputs.len() != 2 {
                return fail(format!("expected an EPUB and a PDF, found {outputs:?}"));
            }
            for path in &outputs {
                let name = path.to_string_lossy();
                if name.ends_with(".pdf") {
                    if let Some((ok, report)) = qpdf_check(path) {
                        if !ok {
                            return fail(format!("qpdf --check: {report}"));
                        }
                    }
                } else if name.ends_with(".epub") {
                    if let Some((errors, warnings, report)) = epubcheck(path) {
                        if (errors, warnings) != (0, 0) {
                            return fail(format!(
                                "EPUBCheck {errors} errors, {warnings} warnings: {report}"
                            ));
                        }
                    }
                } else {
                    return fail(format!("unexpected file {name}"));
                }
            }
            Ok("built")
        }
        code => fail(format!("exit code {code:?}")),
    }
}

#[test]
fn random_books_build_correctly_or_are_refused_with_a_diagnostic() {
    let seeds: Vec<u64> = match std::env::var("FOLIO_PROPERTY_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
    {
        Some(seed) => vec![seed],
        None => {
            let cases = std::env::var("FOLIO_PROPERTY_CASES")
                .ok()
                .and_then(|s| s.parse().ok())
                .unwrap_or(40u64);
            (1..=cases)
                .map(|n| n.wrapping_mul(0x2545_F491_4F6C_DD1D))
                .collect()
        }
    };
    let mut failures = Vec::new();
    let (mut built, mut refused) = (0, 0);
    for seed in &seeds {
        match check_case(*seed) {
            Ok("built") => built += 1,
            Ok(_) => refused += 1,
            Err(failure) => failures.push(failure),
        }
    }
    eprintln!("{built} books built and checked, {refused} refused with a diagnostic");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    // The generator must exercise both outcomes, or the property says little.
    if seeds.len() >= 20 {
        assert!(
            built >= seeds.len() / 5 && refused >= seeds.len() / 5,
            "{built} built, {refused} refused"
        );
    }
}
