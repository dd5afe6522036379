//! Deterministic corpus generator for benchmarks and typesetting measurement: writes a book
//! folder (book.toml, stories/, fonts/) of made-up stories built from the sample stories' words.
//! Usage: cargo run --example gen-corpus -- --stories 200 --words 5000 [--seed 42] [--language en] OUT_DIR

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::exit;

const USAGE: &str = "usage: gen-corpus --stories N --words N [--seed N] [--language TAG] OUT_DIR";
const NAMES: &str = "Valérie Henri Chloé Renée Jean-Pierre Zoë Anaïs";
const SPEAKERS: &str = "she he she he she he Valérie Henri Chloé Renée Jean-Pierre Zoë";
const ACCENTED: &str = "café naïve façade fiancée déjà crème rosé résumé soirée protégé éclair \
    entrée cliché décor Zürich Kraków Montréal Besançon";
const LONG: &str = "incomprehensibilities counterrevolutionary internationalization \
    uncharacteristically disproportionately indistinguishable responsibilities \
    misunderstandings conscientiousness interdisciplinary straightforwardness";

/// SplitMix64: tiny, fast and fully determined by its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    /// One word of a space-separated list.
    fn pick<'a>(&mut self, list: &'a str) -> &'a str {
        let words: Vec<&str> = list.split_whitespace().collect();
        words[self.below(words.len())]
    }
    fn item<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

fn cap(w: impl AsRef<str>) -> String {
    let mut c = w.as_ref().chars();
    c.next()
        .map_or(String::new(), |f| f.to_uppercase().chain(c).collect())
}

/// What the sample stories teach: words (frequency-weighted and distinct), sentence
/// lengths in words, paragraph lengths in sentences, and commas per word.
struct Model {
    pool: Vec<String>,
    distinct: Vec<String>,
    sentence_lens: Vec<usize>,
    para_lens: Vec<usize>,
    commas_per_mille: usize,
}

impl Model {
    fn learn(dir: &Path) -> Result<Model, String> {
        let mut files = list(dir).map_err(io(dir))?;
        files.retain(|p| p.extension().is_some_and(|e| e == "md"));
        files.sort();
        let (mut raw, mut proper, mut commas) = (Vec::new(), BTreeSet::new(), 0);
        let (mut sentence_lens, mut para_lens) = (vec![], vec![]);
        for file in &files {
            let text = fs::read_to_string(file).map_err(io(file))?;
            for para in text.replace('’', "'").split("\n\n") {
                let (mut in_sentence, mut sentences) = (0, 0);
                // The "." after the last token closes an unpunctuated last sentence.
                for tok in para.split_whitespace().chain(["."]) {
                    let bare = tok.trim_end_matches(['"', '\'', ')', '”']);
                    let word = tok.trim_matches(|c: char| !c.is_alphabetic());
                    let ok = |c: char| c.is_alphabetic() || c == '\'' || c == '-';
                    if !word.is_empty() && word.chars().all(ok) {
                        if in_sentence > 0 && word.chars().any(char::is_uppercase) {
                            proper.insert(word.to_string()); // a name: keep its capitals
                        }
                        raw.push(word.to_string());
                        commas += usize::from(bare.ends_with(','));
                        in_sentence += 1;
                    }
                    if in_sentence > 0 && bare.ends_with(['.', '?', '!']) {
                        sentence_lens.push(in_sentence);
                        (in_sentence, sentences) = (0, sentences + 1);
                    }
                }
                para_lens.extend((sentences > 0).then_some(sentences));
            }
        }
        if raw.is_empty() {
            return Err(format!("no words found in {}/*.md", dir.display()));
        }
        let commas_per_mille = commas * 1000 / raw.len();
        let keep = |w: String| proper.get(&w).cloned().unwrap_or(w.to_lowercase());
        let pool: Vec<String> = raw.into_iter().map(keep).collect();
        let distinct: BTreeSet<String> = pool.iter().cloned().collect();
        let distinct = distinct.into_iter().collect();
        Ok(Model {
            pool,
            distinct,
            sentence_lens,
            para_lens,
            commas_per_mille,
        })
    }

    fn word(&self, rng: &mut Rng) -> String {
        match rng.below(1000) {
            0..=11 => rng.pick(LONG).to_string(),
            12..=23 => rng.pick(ACCENTED).to_string(),
            24..=199 => rng.item(&self.distinct).clone(),
            _ => rng.item(&self.pool).clone(),
        }
    }

    /// `len` words, capitalised, commas inside, `end` after the last word.
    fn sentence(&self, rng: &mut Rng, len: usize, end: char) -> Vec<String> {
        let mut out: Vec<String> = Vec::with_capacity(len + 2);
        for i in 0..len {
            let mut w = self.word(rng);
            if out.last().is_some_and(|p| p.trim_end_matches(',') == w) {
                w = self.word(rng); // rarely "the the"
            }
            if i == 0 {
                w = cap(&w);
            }
            let comma = rng.below(1000) < self.commas_per_mille && i >= 1 && i + 2 < len;
            if comma && !out[i - 1].ends_with(',') {
                w.push(','); // never after the first word, before the last, or twice in a row
            }
            out.push(w);
        }
        out[len - 1].push(end);
        out
    }

    /// Whole sentences taken from `left` words; about one paragraph in six is dialogue.
    fn paragraph(&self, rng: &mut Rng, left: &mut usize) -> String {
        let dialogue = rng.below(6) == 0;
        let mut count = match rng.below(100) {
            0..=11 => 1,
            12..=55 => (*rng.item(&self.para_lens)).clamp(2, 9),
            _ => 2 + rng.below(8),
        };
        if dialogue {
            count = count.min(1 + rng.below(3));
        }
        let (mut sentences, mut quoted_from) = (Vec::new(), 0);
        for k in 0..count {
            if *left == 0 {
                break;
            }
            let mut len = match rng.below(10) {
                0..=5 => (*rng.item(&self.sentence_lens)).clamp(4, 40),
                _ => 6 + rng.below(23),
            };
            if *left < len + 4 {
                len = *left; // never leave a stub shorter than four words
            }
            *left -= len;
            let end = ['.', '.', '.', '.', '.', '.', '.', '.', '?', '!'][rng.below(10)];
            if dialogue && k == 0 && len >= 4 {
                // "Quoted words," she said.
                let quote_end = if end == '.' { ',' } else { end };
                let mut s = self.sentence(rng, len - 2, quote_end);
                s[0].insert(0, '"');
                s[len - 3].push('"');
                let verb = match end {
                    '?' => rng.pick("asked wondered"),
                    '!' => rng.pick("cried called"),
                    _ => rng.pick("said said whispered replied"),
                };
                s.extend([rng.pick(SPEAKERS).to_string(), format!("{verb}.")]);
                sentences.push(s);
                quoted_from = 1;
            } else {
                sentences.push(self.sentence(rng, len, end));
            }
        }
        if dialogue && quoted_from < sentences.len() {
            sentences[quoted_from][0].insert(0, '"');
            let last = sentences.last_mut().and_then(|s| s.last_mut());
            last.expect("a word").push('"');
        }
        sentences.concat().join(" ")
    }

    /// Exactly `words` whitespace-separated tokens (a `---` scene break counts as one).
    fn story(&self, rng: &mut Rng, words: usize) -> String {
        let breaks = [0, 1, 1, 1, 1, 2][rng.below(6)] * usize::from(words >= 100);
        let mut marks: Vec<usize> = (0..breaks)
            .map(|_| words / 5 + rng.below(words * 3 / 5))
            .collect();
        marks.sort_unstable();
        let (mut paras, mut left) = (Vec::<String>::new(), words);
        while left > 0 {
            let due = marks.first().is_some_and(|&m| m <= words - left);
            if due && left >= 10 && paras.last().is_some_and(|p| p != "---") {
                marks.remove(0);
                paras.push("---".into());
                left -= 1;
            } else {
                paras.push(self.paragraph(rng, &mut left));
            }
        }
        paras.join("\n\n") + "\n"
    }

    fn title(&self, rng: &mut Rng) -> String {
        let ok =
            |w: &&String| w.len() >= 6 && w.chars().all(char::is_lowercase) && !w.ends_with("ly");
        let long: Vec<&String> = self.distinct.iter().filter(ok).collect();
        let (a, b) = (cap(rng.item(&long)), cap(rng.item(&long)));
        match rng.below(4) {
            0 => format!("The {a}"),
            1 => format!("{a} and {b}"),
            2 => format!("{} and the {a}", rng.pick(NAMES)),
            _ => format!("{a} of {b}"),
        }
    }
}

fn list(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    fs::read_dir(dir)?.map(|e| e.map(|e| e.path())).collect()
}

fn io(p: &Path) -> impl Fn(std::io::Error) -> String + '_ {
    move |e| format!("{}: {e}", p.display())
}

fn toml_str(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

pub fn run(
    stories: usize,
    words: usize,
    seed: u64,
    language: &str,
    out: &Path,
) -> Result<(), String> {
    if out.exists() && !fs::read_dir(out).is_ok_and(|mut d| d.next().is_none()) {
        let shown = out.display();
        let msg = format!("{shown} exists and is not an empty folder; choose another");
        return Err(msg);
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let model = Model::learn(&root.join("stories"))?;
    for dir in [out.join("stories"), out.join("fonts")] {
        fs::create_dir_all(&dir).map_err(io(&dir))?;
    }
    let title = toml_str(&format!("Generated Anthology ({stories} × {words} words)"));
    let mut toml = format!(
        "# Generated by examples/gen-corpus.rs --stories {stories} --words {words} --seed {seed}\n\n\
         [book]\ntitle = {title}\nauthors = [\"Folio Corpus Generator\"]\nlanguage = {}\n\
         description = \"Machine-made stories for benchmarks and typesetting measurement.\"\n",
        toml_str(language),
    );
    let width = stories.to_string().len().max(3);
    for i in 1..=stories {
        let mut rng = Rng(Rng(seed ^ (i as u64).wrapping_mul(0xA24B_AED4_963E_E407)).next());
        let file = format!("stories/story-{i:0width$}.md");
        let title = toml_str(&model.title(&mut rng));
        let path = out.join(&file);
        fs::write(&path, model.story(&mut rng, words)).map_err(io(&path))?;
        toml += &format!("\n[[stories]]\nfile = \"{file}\"\ntitle = {title}\n");
    }
    let manifest = out.join("book.toml");
    fs::write(&manifest, toml).map_err(io(&manifest))?;
    let fonts = root.join("fonts");
    let mut files = list(&fonts).map_err(io(&fonts))?;
    files.retain(|p| p.is_file());
    files.sort();
    for f in &files {
        let name = f.file_name().expect("a file has a name");
        fs::copy(f, out.join("fonts").join(name)).map_err(io(f))?;
    }
    let (n, shown) = (files.len(), out.display());
    println!("wrote {stories} stories of {words} words and {n} font files to {shown}");
    Ok(())
}

fn usage(msg: &str) -> ! {
    eprintln!("gen-corpus: {msg}\n{USAGE}");
    exit(2)
}

fn main() {
    let (mut stories, mut words, mut seed, mut language, mut out) = (0, 0, 42, "en".into(), None);
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let missing = format!("{arg} needs a value");
        let mut value = || args.next().unwrap_or_else(|| usage(&missing));
        let mut number = || value().parse::<u64>().ok();
        match arg.as_str() {
            "-h" | "--help" => return println!("{USAGE}"),
            "--stories" => stories = number().unwrap_or(0) as usize,
            "--words" => words = number().unwrap_or(0) as usize,
            "--seed" => seed = number().unwrap_or_else(|| usage("--seed wants a whole number")),
            "--language" => language = value(),
            a if a.starts_with('-') => usage(&format!("unknown option {a}")),
            _ if out.is_some() => usage(&format!("only one OUT_DIR, got a second: {arg}")),
            _ => out = Some(PathBuf::from(arg)),
        }
    }
    if stories == 0 || words == 0 {
        usage("--stories and --words are required, each a whole number of at least 1");
    }
    let out = out.unwrap_or_else(|| usage("OUT_DIR is required"));
    if let Err(msg) = run(stories, words, seed, &language, &out) {
        eprintln!("gen-corpus: {msg}");
        exit(1);
    }
}
