//! The `folio` command: parses arguments, calls the library, reports. Exit codes:
//! 0 success, 1 a problem with the book, 2 a usage error.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};
use folio::build::{self, BuildOptions, Formats};

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
}

#[derive(Subcommand)]
enum Command {
    /// Build the EPUB and the PDF (both unless --epub or --pdf is given).
    Build {
        /// The folder holding book.toml.
        #[arg(default_value = ".")]
        book_dir: PathBuf,
        /// Where to write the outputs (default: BOOK_DIR/build).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Build the EPUB.
        #[arg(long)]
        epub: bool,
        /// Build the PDF.
        #[arg(long)]
        pdf: bool,
    },
    /// Check the manifest, the stories and the fonts; write nothing.
    Check {
        #[arg(default_value = ".")]
        book_dir: PathBuf,
    },
    /// Create a new book that builds at once (never overwrites a file).
    Init {
        /// The folder to create the book in (made if missing).
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let source_date_epoch = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|v| v.trim().parse::<i64>().ok());
    let started = Instant::now();
    let result = match cli.command {
        Command::Build {
            book_dir,
            out,
            epub,
            pdf,
        } => {
            let formats = if epub || pdf {
                Formats { epub, pdf }
            } else {
                Formats {
                    epub: true,
                    pdf: true,
                }
            };
            let options = BuildOptions {
                book_dir,
                out_dir: out,
                formats,
                source_date_epoch,
            };
            build::build(&options).map(|report| {
                if !cli.quiet {
                    for warning in &report.warnings {
                        eprint!("{}", folio::report::render_lint(warning));
                    }
                    for output in &report.outputs {
                        println!(
                            "wrote {} ({} KiB)",
                            output.path.display(),
                            output.bytes.div_ceil(1024)
                        );
                    }
                    let pages = report
                        .pdf_pages
                        .map(|p| format!(", {p} PDF pages"))
                        .unwrap_or_default();
                    println!(
                        "built \"{}\": {} stories, {} words{pages} in {:.2} s",
                        report.title,
                        report.stories,
                        report.words,
                        started.elapsed().as_secs_f64()
                    );
                }
            })
        }
        Command::Check { book_dir } => build::load(&book_dir, source_date_epoch).map(|loaded| {
            let warnings = folio::lint::lint(&loaded.manifest);
            if !cli.quiet {
                for warning in &warnings {
                    eprint!("{}", folio::report::render_lint(warning));
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
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprint!("{}", folio::report::render_error(&error));
            ExitCode::from(1)
        }
    }
}
