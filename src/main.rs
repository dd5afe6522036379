//! The `folio` command: parses arguments, calls the library, reports. Exit codes:
//! 0 success, 1 a problem with the book, 2 a usage error.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::{Arg, ArgAction, ArgMatches, Args, CommandFactory, FromArgMatches, Parser, Subcommand};
use folio::build::{self, BuildOptions, BuildReport, Stage};
use folio::overrides::Overrides;
use folio::{report, summary};

/// The engine allocates many small vectors (words, glyph runs, lines); mimalloc
/// serves them in about half the time of the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "folio",
    version,
    about = "Turns a folder of stories and a book.toml into an EPUB and a print-ready PDF"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Print nothing but errors.
    #[arg(long, short, global = true)]
    quiet: bool,
    /// Say more about what is happening.
    #[arg(long, short, global = true, conflicts_with = "quiet")]
    verbose: bool,
    /// Override a manifest key, e.g. --set book.title="Draft" (repeatable; applied
    /// after FOLIO_BOOK__TITLE-style environment variables).
    #[arg(long = "set", value_name = "KEY=VALUE", global = true)]
    set: Vec<String>,
}

#[derive(Args)]
struct BuildArgs {
    /// The folder holding book.toml.
    #[arg(default_value = ".")]
    book_dir: PathBuf,
    /// Where to write the outputs (default: BOOK_DIR/build).
    #[arg(long)]
    out: Option<PathBuf>,
    // One flag per renderer (`--epub`, `--pdf`) is added by `with_format_flags`.
}

/// The commands that build (or clean) take a `--NAME` flag for each renderer: only
/// those outputs are built (removed) when any is given.
const BUILDING_COMMANDS: [&str; 3] = ["build", "watch", "clean"];

fn with_format_flags(command: clap::Command) -> clap::Command {
    BUILDING_COMMANDS.iter().fold(command, |command, name| {
        command.mut_subcommand(name, |sub| {
            folio::render::RENDERERS.iter().fold(sub, |sub, kind| {
                sub.arg(
                    Arg::new(kind.name)
                        .long(kind.name)
                        .action(ArgAction::SetTrue)
                        .help(kind.about),
                )
            })
        })
    })
}

/// The renderers whose flags were given (none: all of them).
fn chosen_formats(matches: &ArgMatches) -> Vec<String> {
    let Some((_, sub)) = matches.subcommand() else {
        return Vec::new();
    };
    folio::render::RENDERERS
        .iter()
        .filter(|kind| sub.try_get_one::<bool>(kind.name).ok().flatten() == Some(&true))
        .map(|kind| kind.name.to_string())
        .collect()
}

#[derive(Subcommand)]
enum Command {
    /// Build the EPUB and the PDF (only some with --epub, --pdf).
    Build {
        #[command(flatten)]
        args: BuildArgs,
        /// Print a machine-readable summary (JSON) on standard output.
        #[arg(long)]
        json: bool,
    },
    /// Check the manifest, the stories and the fonts, and lint the text; write nothing.
    /// With --target, also build the outputs in memory and check a store's rules.
    Check {
        #[arg(default_value = ".")]
        book_dir: PathBuf,
        /// Print the result (problems or warnings) as JSON on standard output.
        #[arg(long)]
        json: bool,
        /// Check the rules of these stores: kdp, ingram, apple, kobo, google, or all
        /// (repeatable, or a comma list).
        #[arg(long = "target", value_name = "STORE")]
        target: Vec<String>,
    },
    /// Remove the outputs a build writes (only some with --epub, --pdf), nothing else.
    Clean {
        #[command(flatten)]
        args: BuildArgs,
    },
    /// Create a new book that builds at once (never overwrites a file).
    Init {
        /// The folder to create the book in (made if missing).
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Build, then rebuild whenever book.toml, a story or a font changes.
    Watch {
        #[command(flatten)]
        args: BuildArgs,
    },
    /// Watch, and preview the book in the browser: the print pages as spreads beside
    /// the ebook's text, reloaded after each rebuild (on 127.0.0.1 only).
    Serve {
        #[command(flatten)]
        args: BuildArgs,
        /// The port to listen on; the next free one when taken (0: any free port).
        #[arg(long, default_value_t = 3000)]
        port: u16,
        /// Open the page in the default browser.
        #[arg(long)]
        open: bool,
    },
}

fn main() -> ExitCode {
    let parsed = with_format_flags(Cli::command())
        .try_get_matches()
        .and_then(|matches| Cli::from_arg_matches(&matches).map(|cli| (cli, matches)));
    let (cli, matches) = match parsed {
        Ok(parsed) => parsed,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let mut overrides = Overrides::from_env(std::env::vars());
    for set in &cli.set {
        if let Err(message) = overrides.push_set(set) {
            eprintln!("error: invalid --set: {message}");
            return ExitCode::from(2);
        }
    }
    let source_date_epoch = match source_date_epoch(std::env::var_os("SOURCE_DATE_EPOCH")) {
        Ok(epoch) => epoch,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    remove_temporaries_on_signals();
    let formats = chosen_formats(&matches);
    let options = |args: BuildArgs| BuildOptions {
        book_dir: args.book_dir,
        out_dir: args.out,
        formats: formats.clone(),
        source_date_epoch,
        overrides: overrides.clone(),
        preview: false,
    };
    let result = match cli.command {
        Command::Build { args, json } => {
            let options = options(args);
            let started = Instant::now();
            let progress = Progress::new(!cli.quiet && !json);
            let result = build::build_with_progress(&options, &|stage| progress.stage(stage));
            progress.finish();
            if json {
                // With --json, standard output holds the JSON and nothing else does.
                let (value, code) = match &result {
                    Ok(report) => (summary::json_ok(report, started.elapsed()), 0),
                    Err(error) => (summary::json_error(error), 1),
                };
                println!("{value}");
                return ExitCode::from(code);
            }
            result.map(|report| print_build(&report, started.elapsed(), cli.quiet, cli.verbose))
        }
        Command::Check {
            book_dir,
            json,
            target,
        } if !target.is_empty() => {
            let stores = match folio::stores::parse_targets(&target) {
                Ok(stores) => stores,
                Err(message) => {
                    eprintln!("error: invalid --target: {message}");
                    return ExitCode::from(2);
                }
            };
            let options = options(BuildArgs {
                book_dir,
                out: None,
            });
            let result = folio::stores::run::check_targets(&options, &stores);
            if json {
                let (value, code) = match &result {
                    Ok(check) => (summary::json_targets(check), u8::from(check.errors() > 0)),
                    Err(error) => (summary::json_error(error), 1),
                };
                println!("{value}");
                return ExitCode::from(code);
            }
            match result {
                Ok(check) => {
                    if !cli.quiet {
                        for warning in &check.warnings {
                            eprint!("{}", report::render_lint(warning));
                        }
                    }
                    for finding in &check.findings {
                        if !cli.quiet || finding.lint.severity == folio::lint::Severity::Error {
                            eprint!("{}", folio::stores::run::render_finding(finding));
                        }
                    }
                    if !cli.quiet {
                        println!("{}", folio::stores::run::summary_line(&check));
                    }
                    if check.errors() > 0 {
                        return ExitCode::from(1);
                    }
                    Ok(())
                }
                Err(error) => Err(error),
            }
        }
        Command::Check { book_dir, json, .. } => {
            let result = build::load_with(&book_dir, source_date_epoch, &overrides).map(|loaded| {
                let warnings = folio::lint::lint(&loaded.manifest, &loaded.book, &loaded.texts);
                (loaded, warnings)
            });
            if json {
                let (value, code) = match &result {
                    Ok((loaded, warnings)) => (summary::json_check(&loaded.book, warnings), 0),
                    Err(error) => (summary::json_error(error), 1),
                };
                println!("{value}");
                return ExitCode::from(code);
            }
            result.map(|(loaded, warnings)| {
                if !cli.quiet {
                    for warning in &warnings {
                        eprint!("{}", report::render_lint(warning));
                    }
                    println!(
                        "ok: \"{}\", {} stories, {} words, {} warning{}",
                        loaded.book.meta.title,
                        loaded.book.stories.len(),
                        loaded.book.word_count(),
                        warnings.len(),
                        if warnings.len() == 1 { "" } else { "s" }
                    );
                }
                if cli.verbose {
                    for story in &loaded.book.stories {
                        println!("  {}", story.title);
                    }
                }
            })
        }
        Command::Clean { args } => folio::clean::clean(&options(args)).map(|removed| {
            if !cli.quiet {
                for path in &removed {
                    println!("removed {}", path.display());
                }
                if removed.is_empty() {
                    println!("nothing to remove");
                }
            }
        }),
        Command::Init { dir } => folio::init::init(&dir).map(|written| {
            if !cli.quiet {
                for path in &written {
                    println!("created {}", path.display());
                }
                println!(
                    "a new book is ready: edit {} and run `folio build {}`",
                    dir.join("book.toml").display(),
                    dir.display()
                );
            }
        }),
        Command::Watch { args } => {
            let options = options(args);
            if !cli.quiet {
                println!(
                    "watching {} for changes (Ctrl-C to stop)",
                    options.book_dir.display()
                );
            }
            folio::watch::watch(&options, rebuilt(&options.book_dir, cli.quiet))
        }
        Command::Serve { args, port, open } => {
            let options = options(args);
            let listening = |url: &str| {
                if !cli.quiet {
                    println!(
                        "serving a preview of {} at {url} (Ctrl-C to stop)",
                        options.book_dir.display()
                    );
                }
                if open {
                    open_in_browser(url);
                }
            };
            folio::serve::serve(
                &options,
                port,
                listening,
                rebuilt(&options.book_dir, cli.quiet),
            )
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprint!("{}", report::render_error(&error));
            ExitCode::from(1)
        }
    }
}

/// What `watch` and `serve` print after each build: when, what changed, the
/// summary or the errors.
fn rebuilt(
    book_dir: &std::path::Path,
    quiet: bool,
) -> impl FnMut(&Result<BuildReport, folio::error::Error>, Duration, &[PathBuf]) {
    let book_dir = book_dir.to_path_buf();
    move |result, elapsed, changed| {
        // Each rebuild says when, and which sources started it.
        let stamp = chrono::Local::now().format("%H:%M:%S");
        let cause = if changed.is_empty() {
            String::new()
        } else {
            let names: Vec<String> = changed
                .iter()
                .map(|p| p.strip_prefix(&book_dir).unwrap_or(p).display().to_string())
                .collect();
            format!(" (changed: {})", names.join(", "))
        };
        match result {
            Ok(report) if !quiet => {
                for warning in &report.warnings {
                    eprint!("{}", report::render_lint(warning));
                }
                println!("[{stamp}] {}{cause}", summary::line(report, elapsed));
            }
            Ok(_) => {}
            Err(error) => {
                eprint!("{}", report::render_error(error));
                eprintln!("[{stamp}] still watching{cause}; fix the problem and save to rebuild");
            }
        }
    }
}

/// Opens `url` with the desktop's opener; a failure only costs the convenience.
fn open_in_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(opener)
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .is_err()
    {
        eprintln!("could not start `{opener}`; open {url} yourself");
    }
}

/// `SOURCE_DATE_EPOCH`, checked: a whole number of seconds that dates fit in
/// (1970 to 9999, the years an EPUB's and a PDF's dates can hold). A value that is
/// set but wrong is an error, as the reproducible-builds specification asks.
fn source_date_epoch(value: Option<std::ffi::OsString>) -> Result<Option<i64>, String> {
    let Some(value) = value else {
        return Ok(None);
    };
    let help = format!(
        "SOURCE_DATE_EPOCH is a time in whole seconds since 1970-01-01 UTC, from 0 to {} \
         (9999-12-31), e.g. SOURCE_DATE_EPOCH=$(git log -1 --format=%ct); or unset it to use \
         the sources' modification times",
        folio::build::MAX_EPOCH
    );
    let text = value.to_string_lossy();
    match text.trim().parse::<i64>() {
        Ok(epoch) if (0..=folio::build::MAX_EPOCH).contains(&epoch) => Ok(Some(epoch)),
        Ok(_) => Err(format!(
            "SOURCE_DATE_EPOCH={text} is out of range\n  = help: {help}"
        )),
        Err(_) => Err(format!(
            "SOURCE_DATE_EPOCH={text:?} is not a number of seconds\n  = help: {help}"
        )),
    }
}

/// On Ctrl-C, SIGTERM or SIGHUP, removes the temporary files being written, then
/// ends as the signal would have.
fn remove_temporaries_on_signals() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
        return;
    };
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            folio::atomic::remove_pending();
            let _ = signal_hook::low_level::emulate_default_handler(signal);
            std::process::exit(128 + signal);
        }
    });
}

fn print_build(report: &BuildReport, elapsed: Duration, quiet: bool, verbose: bool) {
    if quiet {
        return;
    }
    for warning in &report.warnings {
        eprint!("{}", report::render_lint(warning));
    }
    if verbose {
        for output in &report.outputs {
            println!("wrote {}", output.path.display());
        }
    }
    println!("{}", summary::line(report, elapsed));
}

/// A spinner naming the build's stage, on a terminal only (stderr), never with
/// --quiet or --json; it is cleared when the build ends.
struct Progress(Option<indicatif::ProgressBar>);

impl Progress {
    fn new(wanted: bool) -> Self {
        Progress((wanted && std::io::stderr().is_terminal()).then(|| {
            let bar = indicatif::ProgressBar::new_spinner();
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        }))
    }

    fn stage(&self, stage: Stage) {
        let Some(bar) = &self.0 else { return };
        match stage {
            Stage::Reading => bar.set_message("reading the manifest, stories and fonts"),
            Stage::Rendering => bar.set_message("rendering the EPUB and typesetting the PDF"),
            Stage::Typesetting {
                stories_done,
                stories,
            } => {
                // A bar from the first story laid out: long books show how far along.
                if bar.length().is_none() {
                    let style = indicatif::ProgressStyle::with_template(
                        "{spinner} {msg} [{bar:30}] {pos}/{len} stories",
                    )
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
                    bar.set_style(style.progress_chars("=> "));
                    bar.set_message("typesetting");
                    bar.set_length(stories as u64);
                }
                bar.set_position(stories_done as u64);
            }
            Stage::Writing => {
                bar.set_style(indicatif::ProgressStyle::default_spinner());
                bar.set_message("writing the outputs");
            }
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}
