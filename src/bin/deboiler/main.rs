//! The `deboiler` command: clean scraped text files and print the article;
//! `deboiler batch` cleans JSON Lines and WARC collections on all cores.

mod batch;

use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args as ClapArgs, Parser, Subcommand, ValueEnum};
use deboiler::{Cleaned, Cleaner, Focus, Kind};

/// Strip boilerplate (share bars, comment forms, related lists, ads,
/// navigation, cookie and newsletter prompts) from scraped web text.
///
/// `deboiler FILE...` cleans single documents; `deboiler batch` cleans
/// collections (JSON Lines, WARC) on all cores.
#[derive(Parser, Debug)]
#[command(
    name = "deboiler",
    version,
    about,
    args_conflicts_with_subcommands = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,

    #[command(flatten)]
    args: Args,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Clean a collection: JSON Lines (`{"id": ..., "html": ...}` or
    /// `{"text": ...}` per line) or WARC files, gzip-compressed or not, on
    /// all cores; writes one JSON line per record, in input order.
    Batch(batch::BatchArgs),
}

#[derive(ClapArgs, Debug)]
struct Args {
    /// Input files; standard input when none is given or for `-`.
    files: Vec<PathBuf>,

    /// Print each removal (place, kind, rule, text) instead of the text.
    #[arg(long, conflicts_with = "json")]
    explain: bool,

    /// Print one JSON object per input: file, text and removals.
    #[arg(long)]
    json: bool,

    /// Treat the inputs as HTML or as plain text. By default, `.html` and
    /// `.htm` files and input that starts like HTML are HTML.
    #[arg(long, value_enum, default_value_t = Format::Auto)]
    format: Format,

    /// Write each input's cleaned text to DIR/<file stem>.txt.
    #[arg(short = 'o', long = "output-dir", value_name = "DIR")]
    output_dir: Option<PathBuf>,

    #[command(flatten)]
    clean: CleanOpts,
}

/// How to clean: the options `deboiler` and `deboiler batch` share.
#[derive(ClapArgs, Debug)]
pub(crate) struct CleanOpts {
    /// For HTML input, produce Markdown too (printed instead of the plain
    /// text; in batch output, a `markdown` field).
    #[arg(long)]
    markdown: bool,

    /// With --markdown, keep links as [text](href).
    #[arg(long, requires = "markdown")]
    links: bool,

    /// Lean towards removing more (precision) or keeping more (recall).
    #[arg(long, value_enum, default_value_t = FocusArg::Balanced)]
    focus: FocusArg,

    /// Keep this kind of boilerplate (repeatable), e.g. `--keep comments`.
    #[arg(long, value_name = "KIND")]
    keep: Vec<String>,

    /// Use only these languages' built-in tables (repeatable), e.g. `--language en`.
    #[arg(long = "language", value_name = "CODE")]
    languages: Vec<String>,

    /// Add a phrase table file in the built-in format (repeatable).
    #[arg(long = "phrases", value_name = "FILE")]
    phrase_tables: Vec<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    Auto,
    Text,
    Html,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum FocusArg {
    Precision,
    Balanced,
    Recall,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(Command::Batch(batch)) = cli.command {
        return batch::run(batch);
    }
    let args = cli.args;
    let cleaner = match build_cleaner(&args.clean, Cleaner::builder()) {
        Ok(c) => c,
        Err(msg) => {
            eprintln!("deboiler: {msg}");
            return ExitCode::from(2);
        }
    };
    let inputs: Vec<PathBuf> = if args.files.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        args.files.clone()
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut failed = false;
    for path in &inputs {
        if let Err(msg) = run_one(&args, &cleaner, path, inputs.len() > 1, &mut out) {
            eprintln!("deboiler: {}: {msg}", path.display());
            failed = true;
        }
    }
    if let Err(e) = out.flush() {
        if e.kind() != io::ErrorKind::BrokenPipe {
            eprintln!("deboiler: {e}");
            failed = true;
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Applies the shared options to `builder` and builds the cleaner.
pub(crate) fn build_cleaner(
    args: &CleanOpts,
    builder: deboiler::CleanerBuilder,
) -> Result<Cleaner, String> {
    let mut builder = builder.focus(match args.focus {
        FocusArg::Precision => Focus::Precision,
        FocusArg::Balanced => Focus::Balanced,
        FocusArg::Recall => Focus::Recall,
    });
    for name in &args.keep {
        let kind: Kind = name.parse().map_err(|e| format!("--keep: {e}"))?;
        builder = builder.keep(kind);
    }
    builder = builder.markdown(args.markdown).markdown_links(args.links);
    if !args.languages.is_empty() {
        builder = builder.languages(&args.languages);
    }
    for path in &args.phrase_tables {
        let text = fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        builder = builder.phrase_table(&path.display().to_string(), &text);
    }
    builder.build().map_err(|e| e.to_string())
}

fn read_input(path: &Path) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    if path.as_os_str() == "-" {
        io::stdin().lock().read_to_end(&mut bytes)?;
    } else {
        bytes = fs::read(path)?;
    }
    Ok(bytes)
}

fn is_html_path(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"))
}

fn run_one(
    args: &Args,
    cleaner: &Cleaner,
    path: &Path,
    several: bool,
    out: &mut impl Write,
) -> Result<(), String> {
    let input = read_input(path).map_err(|e| e.to_string())?;
    let cleaned = match args.format {
        Format::Html => cleaner.clean_html_bytes(&input),
        Format::Auto if is_html_path(path) => cleaner.clean_html_bytes(&input),
        Format::Auto => cleaner.clean_bytes(&input),
        Format::Text => cleaner.clean_text(&String::from_utf8_lossy(&input)),
    };
    let body = match cleaned.markdown() {
        Some(md) if args.clean.markdown => md,
        _ => cleaned.text(),
    };
    let name = if path.as_os_str() == "-" {
        "<stdin>".into()
    } else {
        path.display().to_string()
    };
    if let Some(dir) = &args.output_dir {
        let stem = if path.as_os_str() == "-" {
            "stdin".into()
        } else {
            path.file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "out".into())
        };
        fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let target = dir.join(format!("{stem}.txt"));
        if same_file(&target, path) {
            return Err(format!(
                "refusing to overwrite the input with {}",
                target.display()
            ));
        }
        fs::write(&target, body).map_err(|e| format!("{}: {e}", target.display()))?;
    }
    let written = if args.json {
        write_json(out, &name, &cleaned)
    } else if args.explain {
        write_explain(out, &name, several, &cleaned)
    } else if args.output_dir.is_none() {
        out.write_all(body.as_bytes())
    } else {
        Ok(())
    };
    match written {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other.map_err(|e| e.to_string()),
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (fs::canonicalize(a), fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

fn write_json(out: &mut impl Write, name: &str, cleaned: &Cleaned) -> io::Result<()> {
    #[derive(serde::Serialize)]
    struct Doc<'a> {
        file: &'a str,
        #[serde(flatten)]
        cleaned: &'a Cleaned,
    }
    serde_json::to_writer(
        &mut *out,
        &Doc {
            file: name,
            cleaned,
        },
    )?;
    out.write_all(b"\n")
}

fn write_explain(
    out: &mut impl Write,
    name: &str,
    several: bool,
    cleaned: &Cleaned,
) -> io::Result<()> {
    if several {
        writeln!(out, "== {name}")?;
    }
    for r in cleaned.removals() {
        let mut text = r.text().replace('\n', " ⏎ ");
        if text.chars().count() > 100 {
            text = text.chars().take(99).collect::<String>() + "…";
        }
        writeln!(out, "{r}\t{text}")?;
    }
    Ok(())
}
