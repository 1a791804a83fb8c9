//! The HTML throughput ratio of the performance budget, `clean_html` against
//! `scraper`'s parse plus a plain text walk, measured in rounds that
//! alternate the two, so that a shared machine's changing load falls on both
//! alike (Criterion runs one after the other):
//!
//! ```text
//! cargo run --release --example html_ratio -- corpus/html/ru/news-page.html
//! cargo run --release --example html_ratio -- --rounds 500 PAGE...
//! ```
//!
//! For each page: the time of parse + walk divided by the time of
//! `clean_html` (1.0 would be free cleaning; the budget asks for 0.75).

use std::hint::black_box;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use deboiler::Cleaner;
use deboiler::scraper::{Html, Node};

/// Calls per round of each contender.
const CALLS: u32 = 20;

fn parse_and_walk(html: &str) -> usize {
    let doc = Html::parse_document(html);
    doc.tree
        .nodes()
        .filter_map(|n| match n.value() {
            Node::Text(t) => Some(t.len()),
            _ => None,
        })
        .sum()
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1).peekable();
    let mut rounds = 200u32;
    if args.peek().map(String::as_str) == Some("--rounds") {
        args.next();
        match args.next().and_then(|n| n.parse().ok()) {
            Some(n) => rounds = n,
            None => {
                eprintln!("--rounds needs a number");
                return ExitCode::from(2);
            }
        }
    }
    let pages: Vec<String> = args.collect();
    if pages.is_empty() {
        eprintln!("usage: html_ratio [--rounds N] PAGE...");
        return ExitCode::from(2);
    }
    let cleaner = Cleaner::default();
    for path in &pages {
        let page = match std::fs::read(path) {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(e) => {
                eprintln!("{path}: {e}");
                return ExitCode::from(2);
            }
        };
        // Warm up: the built-in tables and the caches.
        cleaner.clean_html(&page);
        let (mut clean, mut baseline) = (Duration::ZERO, Duration::ZERO);
        for _ in 0..rounds {
            let t = Instant::now();
            for _ in 0..CALLS {
                black_box(cleaner.clean_html(black_box(&page)).text().len());
            }
            clean += t.elapsed();
            let t = Instant::now();
            for _ in 0..CALLS {
                black_box(parse_and_walk(black_box(&page)));
            }
            baseline += t.elapsed();
        }
        let per_call = |d: Duration| d.as_secs_f64() * 1e6 / f64::from(rounds * CALLS);
        println!(
            "{path}: {} bytes, clean_html {:.1} µs, parse + walk {:.1} µs, ratio {:.2}",
            page.len(),
            per_call(clean),
            per_call(baseline),
            baseline.as_secs_f64() / clean.as_secs_f64()
        );
    }
    ExitCode::SUCCESS
}
