//! Throughput of deboiler by stage and input, with a baseline in every group
//! so that ratios can be read off one run:
//!
//! * `text`: `clean_text` on each corpus text case and on a ~10 MB document
//!   built from them; baselines: a bare line split over the same bytes, the
//!   least per-word work a phrase search can do (split at white space,
//!   lowercase, one hash lookup a word), and the `aho-corasick` crate's DFA
//!   of the built-in phrases run once over the raw text.
//! * `html`: `clean_html` on a small, a median and a large page; baselines:
//!   `scraper::Html::parse_document` alone, and parse plus a plain text walk.
//! * `scaling`: text and HTML at 1 KB, 64 KB, 1 MB and 16 MB, to show that the
//!   cost per byte is flat.
//!
//! Criterion measures one contender after another, so a load that comes
//! and goes on a shared machine moves their ratio. The `paired` entries
//! (`text/paired/10MB`, `html/paired/<page>`) time deboiler and its
//! baselines in turn, one call each, over the same iterations; when the
//! group ends, the bench prints the ratios of their summed times, which
//! such a load moves much less.
//!
//! Inputs are loaded once from `corpus/`; with `DEBOILER_DEVSET=<dir>` the
//! text group also cleans a ~10 MB document built from the devset's
//! `text/` inputs (`10MB-devset`, with the same baselines) and those inputs
//! read once, each cleaned by a call of its own (`devset-each`: text that
//! repeats only as real pages do), and the HTML group takes the
//! devset's `readability/` pages too.
//!
//! ```text
//! cargo bench --bench throughput
//! ```

use std::fs;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use aho_corasick::{AhoCorasick, AhoCorasickKind};
use criterion::{
    BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};
use deboiler::Cleaner;
use deboiler::scraper::{Html, Node};

fn corpus_files(ext: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut out = Vec::new();
    let mut stack = vec![root];
    while let Some(dir) = stack.pop() {
        for e in fs::read_dir(dir).into_iter().flatten().flatten() {
            let p = e.path();
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if p.is_dir() {
                stack.push(p);
            } else if name.ends_with(ext) && !name.ends_with(".expected.txt") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Repeats `docs` (separated by blank lines) up to `size` bytes.
fn build(docs: &[String], size: usize) -> String {
    let mut out = String::with_capacity(size + 64 * 1024);
    if docs.is_empty() {
        return out;
    }
    'outer: loop {
        for d in docs {
            out.push_str(d);
            out.push_str("\n\n");
            if out.len() >= size {
                break 'outer;
            }
        }
    }
    out
}

fn line_split(text: &str) -> usize {
    text.lines().map(str::len).sum()
}

/// Every phrase of the built-in tables as written: the entry lines of
/// `src/phrases/*.txt` without the word that says how they match.
fn phrases() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/phrases");
    let mut phrases = Vec::new();
    for e in fs::read_dir(dir).into_iter().flatten().flatten() {
        let table = fs::read_to_string(e.path()).unwrap_or_default();
        for line in table.lines().filter(|l| !l.starts_with(['#', '['])) {
            if let Some((_, phrase)) = line.trim().split_once(char::is_whitespace) {
                phrases.push(phrase.trim().to_owned());
            }
        }
    }
    phrases
}

/// Every word of the built-in phrase tables, lowercased.
fn phrase_words(phrases: &[String]) -> rustc_hash::FxHashSet<String> {
    phrases
        .iter()
        .flat_map(|p| p.split_whitespace().map(str::to_lowercase))
        .collect()
}

/// The `aho-corasick` crate's DFA of every built-in phrase as written, ASCII
/// case ignored: the crate's fastest automaton over the tables.
fn phrase_automaton(phrases: &[String]) -> AhoCorasick {
    AhoCorasick::builder()
        .kind(Some(AhoCorasickKind::DFA))
        .ascii_case_insensitive(true)
        .build(phrases)
        .expect("the built-in phrases make a DFA")
}

/// The built-in phrases searched for in the raw text, one pass over the
/// whole document: less than a phrase search must do (no normalisation, no
/// whole-word test, no line features), with the automaton the tables are
/// written for.
fn automaton_search(text: &str, automaton: &AhoCorasick) -> usize {
    automaton.find_iter(text).count()
}

/// The floor of a word-by-word phrase search: each line split at white
/// space, each word lowercased and looked up once.
fn word_lookup(text: &str, words: &rustc_hash::FxHashSet<String>) -> usize {
    let mut buf = String::new();
    let mut found = 0;
    for line in text.lines() {
        for word in line.split_ascii_whitespace() {
            buf.clear();
            buf.push_str(word);
            buf.make_ascii_lowercase();
            found += usize::from(words.contains(buf.as_str()));
        }
    }
    found
}

/// `scraper`'s parse alone (the nodes counted, so that the tree is used).
fn parse_only(html: &str) -> usize {
    Html::parse_document(html).tree.nodes().count()
}

/// Parse plus the simplest text walk: every text node, in order.
fn parse_and_walk(html: &str) -> usize {
    let doc = Html::parse_document(html);
    doc.tree
        .nodes()
        .filter_map(|n| {
            if let Node::Text(t) = n.value() {
                Some(t.len())
            } else {
                None
            }
        })
        .sum()
}

/// Summed times of a cleaner and its baselines, each call timed in turn
/// (see [`paired`]).
struct Pairs {
    /// What is timed, the cleaner first.
    names: &'static [&'static str],
    /// The summed time of each, in the order of `names`.
    totals: Vec<Duration>,
    /// Further ratios to print, as (contender, baseline) indices into
    /// `names`: a baseline against another.
    also: &'static [(usize, usize)],
    /// Rounds: one call of each.
    rounds: u64,
}

impl Pairs {
    fn new(names: &'static [&'static str], also: &'static [(usize, usize)]) -> Pairs {
        Pairs {
            names,
            totals: vec![Duration::ZERO; names.len()],
            also,
            rounds: 0,
        }
    }

    /// Prints each baseline's summed time over the cleaner's: the ratio of
    /// throughputs, the cleaner's over the baseline's; then the ratios of
    /// `also`.
    fn report(&self, group: &str, input: &str) {
        // Nothing to tell if a filter left the entry out.
        if self.rounds == 0 {
            return;
        }
        let pairs = (1..self.names.len())
            .map(|i| (0, i))
            .chain(self.also.iter().copied());
        for (a, b) in pairs {
            println!(
                "{group}/paired/{input}: {a_name} at {ratio:.3} of {b_name} \
                 ({rounds} rounds of one call each, in turn)",
                a_name = self.names[a],
                b_name = self.names[b],
                ratio = self.totals[b].as_secs_f64()
                    / self.totals[a].as_secs_f64().max(f64::MIN_POSITIVE),
                rounds = self.rounds,
            );
        }
    }
}

/// A Criterion routine for `iter_custom`: for each iteration, calls every
/// one of `calls` once, in turn (in reverse order every other round, so
/// that none always runs right after another), adds each call's time to
/// `pairs`, and returns the first one's time, the cleaner's.
fn paired<'a>(
    pairs: &'a mut Pairs,
    calls: &'a [&'a dyn Fn() -> usize],
) -> impl FnMut(u64) -> Duration + 'a {
    move |iters| {
        let mut times = vec![Duration::ZERO; calls.len()];
        for round in 0..iters {
            let mut time = |i: usize| {
                let start = Instant::now();
                black_box(calls[i]());
                times[i] += start.elapsed();
            };
            if round % 2 == 0 {
                (0..calls.len()).for_each(&mut time);
            } else {
                (0..calls.len()).rev().for_each(&mut time);
            }
        }
        for (total, t) in pairs.totals.iter_mut().zip(&times) {
            *total += *t;
        }
        pairs.rounds += iters;
        times[0]
    }
}

/// The devset's plain-text inputs (`text/*.input.txt`), when
/// `DEBOILER_DEVSET` names the devset; none otherwise.
fn devset_texts() -> Vec<String> {
    let Ok(dir) = std::env::var("DEBOILER_DEVSET") else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = fs::read_dir(Path::new(&dir).join("text"))
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".input.txt"))
        .collect();
    paths.sort();
    paths
        .iter()
        .filter_map(|p| fs::read_to_string(p).ok())
        .collect()
}

/// A case's name: its folder and file stem (`en-cookie-banner`), unique
/// across the corpus's languages.
fn case_name(path: &Path) -> String {
    let folder = path
        .parent()
        .and_then(Path::file_name)
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    format!("{folder}-{stem}")
}

fn text(c: &mut Criterion) {
    let cleaner = Cleaner::default();
    let files = corpus_files(".txt");
    let docs: Vec<String> = files
        .iter()
        .filter_map(|p| fs::read_to_string(p).ok())
        .collect();
    let mut group = c.benchmark_group("text");
    // Each corpus case is a few kilobytes: a second of samples is plenty.
    group
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(1))
        .sample_size(20);
    for (path, doc) in files.iter().zip(&docs) {
        group.throughput(Throughput::Bytes(doc.len() as u64));
        group.bench_with_input(
            BenchmarkId::new("clean_text", case_name(path)),
            doc,
            |b, d| b.iter(|| cleaner.clean_text(black_box(d)).text().len()),
        );
    }
    // A 10 MB document takes a tenth of a second or more: ten samples of
    // a few iterations each (flat sampling) rather than 55 iterations.
    group
        .warm_up_time(Duration::from_millis(500))
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .measurement_time(Duration::from_secs(5));
    let phrases = phrases();
    let words = phrase_words(&phrases);
    let automaton = phrase_automaton(&phrases);
    let mut reports = Vec::new();
    // Each input is a list of documents, each cleaned by a call of its own.
    let mut documents = vec![("10MB", vec![build(&docs, 10_000_000)])];
    let devset = devset_texts();
    if !devset.is_empty() {
        documents.push(("10MB-devset", vec![build(&devset, 10_000_000)]));
        // The devset's inputs read once, one call a page, as a crawler
        // would: text that repeats only as real pages do (the 10 MB
        // documents are copies of their sources, which a cache of lines
        // would exploit).
        documents.push(("devset-each", devset));
    }
    for (name, parts) in &documents {
        // Each contender once, for its own entry and for the paired one.
        let each =
            |f: &dyn Fn(&str) -> usize| -> usize { parts.iter().map(|d| f(black_box(d))).sum() };
        let clean = || each(&|d| cleaner.clean_text(d).text().len());
        let split = || each(&line_split);
        let lookup = || each(&|d| word_lookup(d, &words));
        let search = || each(&|d| automaton_search(d, &automaton));
        let bytes: usize = parts.iter().map(String::len).sum();
        group.throughput(Throughput::Bytes(bytes as u64));
        group.bench_function(BenchmarkId::new("clean_text", name), |b| b.iter(clean));
        group.bench_function(BenchmarkId::new("baseline_line_split", name), |b| {
            b.iter(split)
        });
        group.bench_function(BenchmarkId::new("baseline_word_lookup", name), |b| {
            b.iter(lookup)
        });
        group.bench_function(BenchmarkId::new("baseline_phrase_automaton", name), |b| {
            b.iter(search)
        });
        let mut pairs = Pairs::new(
            &[
                "clean_text",
                "line split",
                "word lookup",
                "phrase automaton",
            ],
            &[(2, 1), (3, 1)],
        );
        group.bench_function(BenchmarkId::new("paired", name), |b| {
            b.iter_custom(paired(&mut pairs, &[&clean, &split, &lookup, &search]))
        });
        reports.push((*name, pairs));
    }
    group.finish();
    for (name, pairs) in &reports {
        pairs.report("text", name);
    }
}

fn html_pages() -> Vec<(String, String)> {
    let mut pages: Vec<(String, String)> = corpus_files(".html")
        .iter()
        .filter_map(|p| {
            Some((
                p.file_stem()?.to_string_lossy().into_owned(),
                fs::read_to_string(p).ok()?,
            ))
        })
        .collect();
    if let Ok(dir) = std::env::var("DEBOILER_DEVSET") {
        for e in fs::read_dir(Path::new(&dir).join("readability"))
            .into_iter()
            .flatten()
            .flatten()
        {
            if let Ok(page) = fs::read(e.path().join("page.html")) {
                pages.push((
                    e.file_name().to_string_lossy().into_owned(),
                    String::from_utf8_lossy(&page).into_owned(),
                ));
            }
        }
    }
    pages.sort_by_key(|(_, p)| p.len());
    pages
}

fn html(c: &mut Criterion) {
    let cleaner = Cleaner::default();
    let pages = html_pages();
    let mut group = c.benchmark_group("html");
    group
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(20);
    let picks = [
        ("small", 0),
        ("median", pages.len() / 2),
        ("large", pages.len().saturating_sub(1)),
    ];
    let mut reports = Vec::new();
    for (label, i) in picks {
        let Some((name, page)) = pages.get(i) else {
            continue;
        };
        let id = format!("{label}-{name}");
        // Each contender once, for its own entry and for the paired one.
        let clean = || cleaner.clean_html(black_box(page)).text().len();
        let walk = || parse_and_walk(black_box(page));
        let parse = || parse_only(black_box(page));
        group.throughput(Throughput::Bytes(page.len() as u64));
        group.bench_function(BenchmarkId::new("clean_html", &id), |b| b.iter(clean));
        group.bench_function(BenchmarkId::new("baseline_parse", &id), |b| b.iter(parse));
        group.bench_function(BenchmarkId::new("baseline_parse_walk", &id), |b| {
            b.iter(walk)
        });
        let mut pairs = Pairs::new(&["clean_html", "parse + walk", "parse"], &[]);
        group.bench_function(BenchmarkId::new("paired", &id), |b| {
            b.iter_custom(paired(&mut pairs, &[&clean, &walk, &parse]))
        });
        reports.push((id, pairs));
    }
    group.finish();
    for (id, pairs) in &reports {
        pairs.report("html", id);
    }
}

fn scaling(c: &mut Criterion) {
    let cleaner = Cleaner::default();
    let docs: Vec<String> = corpus_files(".txt")
        .iter()
        .filter_map(|p| fs::read_to_string(p).ok())
        .collect();
    let pages: Vec<String> = html_pages().into_iter().map(|(_, p)| p).collect();
    let mut group = c.benchmark_group("scaling");
    group
        .warm_up_time(Duration::from_millis(500))
        .sample_size(10);
    for (label, size) in [
        ("1KB", 1 << 10),
        ("64KB", 64 << 10),
        ("1MB", 1 << 20),
        ("16MB", 16 << 20),
    ] {
        group.measurement_time(Duration::from_secs(if size >= 1 << 20 { 8 } else { 2 }));
        let text = build(&docs, size);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::new("text", label), &text, |b, d| {
            b.iter(|| cleaner.clean_text(black_box(d)).text().len())
        });
        // One long page: the corpus pages' markup repeated inside one body.
        let html = format!("<html><body>{}</body></html>", build(&pages, size));
        group.throughput(Throughput::Bytes(html.len() as u64));
        group.bench_with_input(BenchmarkId::new("html", label), &html, |b, d| {
            b.iter(|| cleaner.clean_html(black_box(d)).text().len())
        });
    }
    group.finish();
}

criterion_group!(benches, text, html, scaling);
criterion_main!(benches);
