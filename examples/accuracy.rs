//! Scores deboiler against a development set of pages with gold output.
//!
//! ```text
//! cargo run --release --example accuracy -- ../shared/devset [--focus precision|balanced|recall] [--cases]
//! ```
//!
//! Three tables:
//!
//! * `text/`: `<case>.input.txt` cleaned with `clean_text` against
//!   `<case>.gold.txt`, beside the identity baseline (the input itself);
//! * `readability/`: `<case>/page.html` cleaned with `clean_html` against
//!   `<case>/gold.txt`;
//!
//! both as token precision, recall and F1, mean and median over cases.
//! Tokens are the lowercased maximal runs of Unicode letters and digits; a
//! case's overlap is the size of the multiset intersection.
//!
//! * `snippets/`: each `<name>.html` cleaned with `clean_html`; the share of
//!   `with` strings found and of `without` strings absent (whitespace
//!   collapsed, case-sensitive containment), and pooled precision, recall and
//!   F1 over all pages as trafilatura's evaluation counts them.
//!
//! Folders that are missing are skipped, saying so.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use deboiler::{Cleaner, Focus};

fn tokens(s: &str) -> HashMap<String, usize> {
    let mut out = HashMap::new();
    for tok in s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
    {
        *out.entry(tok.to_lowercase()).or_insert(0) += 1;
    }
    out
}

#[derive(Clone, Copy, Default)]
struct Prf {
    p: f64,
    r: f64,
    f: f64,
}

fn score(predicted: &str, gold: &str) -> Prf {
    let (pt, gt) = (tokens(predicted), tokens(gold));
    let np: usize = pt.values().sum();
    let ng: usize = gt.values().sum();
    let overlap: usize = pt
        .iter()
        .map(|(t, n)| (*n).min(*gt.get(t).unwrap_or(&0)))
        .sum();
    let p = if np == 0 {
        0.0
    } else {
        overlap as f64 / np as f64
    };
    let r = if ng == 0 {
        0.0
    } else {
        overlap as f64 / ng as f64
    };
    let f = if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    };
    Prf { p, r, f }
}

fn mean(xs: &[f64]) -> f64 {
    xs.iter().sum::<f64>() / xs.len().max(1) as f64
}

fn median(xs: &[f64]) -> f64 {
    let mut v = xs.to_vec();
    v.sort_by(|a, b| a.total_cmp(b));
    match v.len() {
        0 => 0.0,
        n if n % 2 == 1 => v[n / 2],
        n => (v[n / 2 - 1] + v[n / 2]) / 2.0,
    }
}

fn row(name: &str, scores: &[Prf]) {
    let get = |f: fn(&Prf) -> f64| scores.iter().map(f).collect::<Vec<_>>();
    let (p, r, f) = (get(|s| s.p), get(|s| s.r), get(|s| s.f));
    println!(
        "| {name:<22} | {:>6.4} | {:>6.4} | {:>6.4} | {:>6.4} | {:>6.4} | {:>6.4} |",
        mean(&p),
        median(&p),
        mean(&r),
        median(&r),
        mean(&f),
        median(&f)
    );
}

fn text_cases(dir: &Path) -> Vec<(String, PathBuf, PathBuf)> {
    let mut out = Vec::new();
    let Ok(entries) = fs::read_dir(dir) else {
        return out;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if let Some(case) = name.strip_suffix(".input.txt") {
            out.push((
                case.to_string(),
                e.path(),
                dir.join(format!("{case}.gold.txt")),
            ));
        }
    }
    out.sort();
    out
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mut devset = None;
    let mut focus = Focus::Balanced;
    let mut per_case = false;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--focus" => {
                focus = match args.next().as_deref() {
                    Some("precision") => Focus::Precision,
                    Some("recall") => Focus::Recall,
                    _ => Focus::Balanced,
                }
            }
            "--cases" => per_case = true,
            _ => devset = Some(PathBuf::from(a)),
        }
    }
    let Some(devset) = devset else {
        eprintln!("usage: accuracy <devset dir> [--focus precision|balanced|recall] [--cases]");
        std::process::exit(2);
    };
    if !devset.is_dir() {
        println!("devset {} not found; nothing to score", devset.display());
        return;
    }
    let cleaner = Cleaner::builder()
        .focus(focus)
        .build()
        .expect("default tables are valid");

    text_table(&cleaner, &devset, focus, per_case);
    readability_table(&cleaner, &devset, focus, per_case);
    snippets_table(&cleaner, &devset, focus, per_case);
}

fn header(title: &str) {
    println!("\n{title}\n");
    println!(
        "| {:<22} | P mean | P med  | R mean | R med  | F1 mean | F1 med |",
        ""
    );
    println!(
        "|{:-<24}|-------:|-------:|-------:|-------:|--------:|-------:|",
        ""
    );
}

fn text_table(cleaner: &Cleaner, devset: &Path, focus: Focus, per_case: bool) {
    let cases = text_cases(&devset.join("text"));
    if cases.is_empty() {
        println!(
            "no text cases under {}; skipped",
            devset.join("text").display()
        );
        return;
    }
    let mut ours = Vec::new();
    let mut identity = Vec::new();
    for (name, input, gold) in &cases {
        let (Ok(input), Ok(gold)) = (fs::read_to_string(input), fs::read_to_string(gold)) else {
            continue;
        };
        let cleaned = cleaner.clean_text(&input);
        let s = score(cleaned.text(), &gold);
        if per_case {
            println!("{name:<50} P {:.3} R {:.3} F {:.3}", s.p, s.r, s.f);
        }
        ours.push(s);
        identity.push(score(&input, &gold));
    }
    header(&format!("text/: {} cases, clean_text", ours.len()));
    row("identity (input)", &identity);
    row(&format!("deboiler ({focus:?})"), &ours);
}

fn readability_table(cleaner: &Cleaner, devset: &Path, focus: Focus, per_case: bool) {
    let dir = devset.join("readability");
    let Ok(entries) = fs::read_dir(&dir) else {
        println!("no {}; skipped", dir.display());
        return;
    };
    let mut cases: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    let mut ours = Vec::new();
    for case in &cases {
        let (Ok(page), Ok(gold)) = (
            fs::read(case.join("page.html")),
            fs::read_to_string(case.join("gold.txt")),
        ) else {
            continue;
        };
        let cleaned = cleaner.clean_html_bytes(&page);
        let s = score(cleaned.text(), &gold);
        if per_case {
            let name = case
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            println!("{name:<50} P {:.3} R {:.3} F {:.3}", s.p, s.r, s.f);
        }
        ours.push(s);
    }
    header(&format!("readability/: {} cases, clean_html", ours.len()));
    row(&format!("deboiler ({focus:?})"), &ours);
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn snippets_table(cleaner: &Cleaner, devset: &Path, focus: Focus, per_case: bool) {
    let dir = devset.join("snippets");
    let Ok(json) = fs::read_to_string(dir.join("snippets.json")) else {
        println!("no {}; skipped", dir.join("snippets.json").display());
        return;
    };
    let Ok(serde_json::Value::Object(pages)) = serde_json::from_str::<serde_json::Value>(&json)
    else {
        println!(
            "{} is not a JSON object; skipped",
            dir.join("snippets.json").display()
        );
        return;
    };
    let (mut tp, mut fn_, mut fp, mut tn) = (0usize, 0usize, 0usize, 0usize);
    let mut pages_scored = 0;
    for (name, page) in &pages {
        let Ok(bytes) = fs::read(dir.join(format!("{name}.html"))) else {
            continue;
        };
        let cleaned = cleaner.clean_html_bytes(&bytes);
        let text = collapse(cleaned.text());
        let strings = |key: &str| -> Vec<String> {
            page[key]
                .as_array()
                .map(|a| a.iter().filter_map(|v| v.as_str()).map(collapse).collect())
                .unwrap_or_default()
        };
        let (with, without) = (strings("with"), strings("without"));
        let found = with.iter().filter(|w| text.contains(w.as_str())).count();
        let leaked = without.iter().filter(|w| text.contains(w.as_str())).count();
        tp += found;
        fn_ += with.len() - found;
        fp += leaked;
        tn += without.len() - leaked;
        pages_scored += 1;
        if per_case && (found < with.len() || leaked > 0) {
            println!(
                "{name:<50} with {found}/{} without-leaked {leaked}/{}",
                with.len(),
                without.len()
            );
        }
    }
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    println!("\nsnippets/: {pages_scored} pages, clean_html\n");
    println!(
        "| {:<22} | with found | without absent | precision | recall | F1 |",
        ""
    );
    println!(
        "|{:-<24}|-----------:|---------------:|----------:|-------:|---:|",
        ""
    );
    println!(
        "| {:<22} | {:>10.4} | {:>14.4} | {:>9.4} | {:>6.4} | {:.4} |",
        format!("deboiler ({focus:?})"),
        ratio(tp, tp + fn_),
        ratio(tn, tn + fp),
        ratio(tp, tp + fp),
        ratio(tp, tp + fn_),
        ratio(2 * tp, 2 * tp + fp + fn_)
    );
}
