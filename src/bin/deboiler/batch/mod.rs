//! `deboiler batch`: clean a collection of pages on all cores.
//!
//! The pipeline has three stages. One reader thread splits the inputs into
//! records (JSON lines, WARC records) without looking inside them; a rayon
//! pool parses, cleans and serialises each record; the calling thread writes
//! the results in input order. A [`Window`] bounds the records (and bytes)
//! between the reader and the writer, so memory stays constant however
//! large the input is.

mod http;
mod input;
mod record;
mod summary;

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, IsTerminal, Write};
use std::num::NonZeroUsize;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

use clap::{Args, ValueEnum};
use deboiler::Cleaner;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::CleanOpts;
use input::Job;
use record::Done;
use summary::Summary;

/// Options of `deboiler batch`.
#[derive(Args, Debug)]
pub(crate) struct BatchArgs {
    /// Input files: JSON Lines (`.jsonl`, `.ndjson`) or WARC (`.warc`), each
    /// optionally gzip-compressed (`.gz`; WARC with one gzip member per
    /// record, as Common Crawl ships it, or one for the whole file).
    /// Standard input when none is given or for `-`.
    inputs: Vec<PathBuf>,

    /// What the inputs hold. `auto` goes by the file name, then by the
    /// first bytes (`WARC/` starts a WARC file).
    #[arg(long, value_enum, default_value_t = InputFormat::Auto)]
    input_format: InputFormat,

    /// Write the JSON lines to FILE instead of standard output.
    #[arg(short = 'o', long, value_name = "FILE")]
    output: Option<PathBuf>,

    /// Worker threads; all cores by default.
    #[arg(short = 'j', long, value_name = "N")]
    threads: Option<NonZeroUsize>,

    /// Records in flight between reading and writing (default: 64 per
    /// thread). With --window-bytes, this bounds the memory in use.
    #[arg(long, value_name = "N")]
    window: Option<NonZeroUsize>,

    /// Input bytes in flight between reading and writing.
    #[arg(long, value_name = "BYTES", default_value_t = 256 << 20)]
    window_bytes: usize,

    /// A record (JSON line, WARC record) larger than this becomes an error
    /// line instead of being read.
    #[arg(long, value_name = "BYTES", default_value_t = 64 << 20)]
    max_record_bytes: usize,

    /// Add each record's full list of removals (kind, rule, place, text).
    #[arg(long)]
    removals: bool,

    /// Exit with status 1 when any record was an error line.
    #[arg(long)]
    fail_on_error: bool,

    /// Never draw the progress bar (it is drawn only when standard error is
    /// a terminal).
    #[arg(long)]
    no_progress: bool,

    /// Print no summary at the end.
    #[arg(short, long)]
    quiet: bool,

    #[command(flatten)]
    clean: CleanOpts,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum InputFormat {
    Auto,
    Jsonl,
    Warc,
}

/// What every worker needs to turn a job into an output line.
pub(crate) struct Context {
    cleaner: Cleaner,
    markdown: bool,
    removals: bool,
}

/// Runs `deboiler batch`.
pub(crate) fn run(args: BatchArgs) -> ExitCode {
    match run_inner(&args) {
        Ok(summary) => {
            if summary.errors > 0 && args.fail_on_error {
                ExitCode::FAILURE
            } else if summary.unreadable_inputs > 0 {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(msg) => {
            eprintln!("deboiler batch: {msg}");
            ExitCode::from(2)
        }
    }
}

fn run_inner(args: &BatchArgs) -> Result<Summary, String> {
    let builder = Cleaner::builder().max_input_bytes(args.max_record_bytes);
    let cleaner = crate::build_cleaner(&args.clean, builder)?;
    let ctx = Context {
        cleaner,
        markdown: args.clean.markdown,
        removals: args.removals,
    };
    let threads = args
        .threads
        .map(NonZeroUsize::get)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, NonZeroUsize::get));
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("deboiler-{i}"))
        .build()
        .map_err(|e| format!("cannot start {threads} threads: {e}"))?;
    let window = Window::new(
        args.window.map_or(64 * threads, NonZeroUsize::get),
        args.window_bytes,
    );

    let inputs: Vec<PathBuf> = if args.inputs.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        args.inputs.clone()
    };
    // The total size is known when every input is a regular file.
    let total: Option<u64> = inputs
        .iter()
        .map(|p| {
            if p.as_os_str() == "-" {
                None
            } else {
                std::fs::metadata(p).ok().map(|m| m.len())
            }
        })
        .sum();

    let out: Box<dyn Write> = match &args.output {
        Some(path) => Box::new(File::create(path).map_err(|e| format!("{}: {e}", path.display()))?),
        None => Box::new(io::stdout().lock()),
    };
    let mut out = io::BufWriter::with_capacity(1 << 20, out);

    let progress = if args.no_progress || !io::stderr().is_terminal() {
        ProgressBar::hidden()
    } else {
        new_progress_bar(total)
    };
    let consumed = AtomicU64::new(0);
    let started = Instant::now();
    let (tx, rx) = mpsc::channel::<Done>();

    let mut summary = Summary::default();
    let mut write_error: Option<io::Error> = None;
    let read_report = std::thread::scope(|scope| {
        let reader = std::thread::Builder::new()
            .name("deboiler-reader".into())
            // The WARC reader keeps a 1 MB buffer on its stack.
            .stack_size(8 << 20)
            .spawn_scoped(scope, || {
                let mut reader = input::Reader::new(
                    args.input_format,
                    args.max_record_bytes,
                    &consumed,
                    &progress,
                );
                pool.in_place_scope(|jobs| {
                    reader.read_all(&inputs, &mut |job: Job| {
                        if !window.acquire(job.bytes) {
                            return false;
                        }
                        let tx = tx.clone();
                        let ctx = &ctx;
                        jobs.spawn(move |_| {
                            // The writer has gone only when output failed.
                            let _ = tx.send(record::process(ctx, job));
                        });
                        true
                    })
                });
                drop(tx);
                reader.into_report()
            })
            .map_err(|e| format!("cannot start the reader thread: {e}"));
        let reader = match reader {
            Ok(r) => r,
            Err(e) => return Err(e),
        };

        // The writer: put results back in input order.
        let mut pending: BTreeMap<u64, Done> = BTreeMap::new();
        let mut next = 0u64;
        let mut last_draw = Instant::now();
        for done in rx.iter() {
            pending.insert(done.seq, done);
            while let Some(done) = pending.remove(&next) {
                next += 1;
                if write_error.is_none() {
                    if let Err(e) = out.write_all(&done.line) {
                        write_error = Some(e);
                        window.close();
                    }
                }
                window.release(done.bytes);
                summary.add(&done);
            }
            if last_draw.elapsed() >= Duration::from_millis(100) {
                last_draw = Instant::now();
                let read = consumed.load(Ordering::Relaxed);
                if total.is_some() {
                    progress.set_position(read);
                    progress.set_message(format!("{next} records, {} errors", summary.errors));
                } else {
                    progress.set_position(next);
                    progress.set_message(format!(
                        "{} read, {} errors",
                        summary::human_bytes(read),
                        summary.errors
                    ));
                }
            }
        }
        reader
            .join()
            .map_err(|_| "the reader thread panicked".to_string())
    })?;
    progress.finish_and_clear();

    if write_error.is_none() {
        if let Err(e) = out.flush() {
            write_error = Some(e);
        }
    }
    summary.seconds = started.elapsed().as_secs_f64();
    summary.input_bytes = consumed.load(Ordering::Relaxed);
    summary.absorb(read_report);
    if let Some(e) = write_error {
        if e.kind() != io::ErrorKind::BrokenPipe {
            return Err(format!("writing the output: {e}"));
        }
    }
    if !args.quiet {
        eprint!("{summary}");
    }
    Ok(summary)
}

fn new_progress_bar(total: Option<u64>) -> ProgressBar {
    let bar = match total {
        Some(len) => {
            let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template(
                    "{elapsed_precise} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec} ETA {eta} {msg}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
            );
            bar
        }
        None => {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template(
                    "{spinner} {elapsed_precise} {pos} records, {per_sec} {msg}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            bar
        }
    };
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

/// The records and bytes in flight. The reader takes a slot before handing
/// a record to the pool; the writer gives it back once the record's line is
/// written. A record larger than the byte budget still goes through, alone.
struct Window {
    state: Mutex<WindowState>,
    freed: Condvar,
    records: usize,
    bytes: usize,
}

#[derive(Default)]
struct WindowState {
    records: usize,
    bytes: usize,
    closed: bool,
}

impl Window {
    fn new(records: usize, bytes: usize) -> Window {
        Window {
            state: Mutex::new(WindowState::default()),
            freed: Condvar::new(),
            records: records.max(1),
            bytes,
        }
    }

    /// Waits for room for one record of `bytes`; false once the writer has
    /// stopped.
    fn acquire(&self, bytes: usize) -> bool {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            if state.closed {
                return false;
            }
            let fits = state.records == 0
                || (state.records < self.records && state.bytes + bytes <= self.bytes);
            if fits {
                state.records += 1;
                state.bytes += bytes;
                return true;
            }
            state = self.freed.wait(state).unwrap_or_else(|e| e.into_inner());
        }
    }

    fn release(&self, bytes: usize) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.records = state.records.saturating_sub(1);
        state.bytes = state.bytes.saturating_sub(bytes);
        drop(state);
        self.freed.notify_one();
    }

    fn close(&self) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.closed = true;
        drop(state);
        self.freed.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_admits_a_large_record_alone() {
        let w = Window::new(4, 100);
        assert!(w.acquire(1000));
        w.release(1000);
        assert!(w.acquire(60));
        assert!(w.acquire(40));
        w.close();
        // Full and closed: refuses instead of waiting.
        assert!(!w.acquire(1));
    }
}
