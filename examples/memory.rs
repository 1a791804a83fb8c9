//! Prints the peak memory (resident set, from /proc/self/status) of cleaning
//! a 100 MB text or a 20 MB HTML page, beside the input's size. Each runs in
//! its own process so that the peaks do not mix:
//!
//! ```text
//! cargo run --release --example memory -- text
//! cargo run --release --example memory -- html
//! cargo run --release --example memory -- parse   # scraper's DOM alone, for scale
//! ```

use std::fs;
use std::path::Path;

fn peak_rss_kb() -> Option<u64> {
    let status = fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn corpus(ext: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")];
    while let Some(dir) = stack.pop() {
        for e in fs::read_dir(dir).into_iter().flatten().flatten() {
            let p = e.path();
            let name = p.to_string_lossy().into_owned();
            if p.is_dir() {
                stack.push(p);
            } else if name.ends_with(ext) && !name.ends_with(".expected.txt") {
                out.extend(fs::read_to_string(&p).ok());
            }
        }
    }
    out
}

fn build(docs: &[String], size: usize) -> String {
    let mut out = String::with_capacity(size + (1 << 20));
    while out.len() < size {
        for d in docs {
            out.push_str(d);
            out.push_str("\n\n");
        }
    }
    out
}

fn main() {
    let what = std::env::args().nth(1).unwrap_or_else(|| "text".into());
    let before = peak_rss_kb().unwrap_or(0);
    let (input, kept) = match what.as_str() {
        "text" => {
            let text = build(&corpus(".txt"), 100_000_000);
            let kept = deboiler::clean_text(&text).text().len();
            (text.len(), kept)
        }
        "html" => {
            let html = format!(
                "<html><body>{}</body></html>",
                build(&corpus(".html"), 20_000_000)
            );
            let kept = deboiler::clean_html(&html).text().len();
            (html.len(), kept)
        }
        "parse" => {
            let html = format!(
                "<html><body>{}</body></html>",
                build(&corpus(".html"), 20_000_000)
            );
            let nodes = deboiler::scraper::Html::parse_document(&html)
                .tree
                .nodes()
                .count();
            (html.len(), nodes)
        }
        other => {
            eprintln!("unknown {other:?}: text, html or parse");
            std::process::exit(2);
        }
    };
    let peak = peak_rss_kb().unwrap_or(0);
    let mb = |kb: u64| kb as f64 / 1024.0;
    println!(
        "{what}: input {:.1} MB, peak RSS {:.1} MB ({:.2}x input; {:.1} MB before cleaning), kept {kept}",
        input as f64 / 1048576.0,
        mb(peak),
        peak as f64 * 1024.0 / input as f64,
        mb(before)
    );
}
