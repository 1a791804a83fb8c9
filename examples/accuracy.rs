//! Scores deboiler against a development set of pages with gold output.
//!
//! ```text
//! cargo run --release --example accuracy -- ../shared/devset [--focus precision|balanced|recall] [--cases]
//! ```
//!
//! Reads `<devset>/text/<case>.input.txt` and `<case>.gold.txt` and prints
//! token precision, recall and F1 (mean and median over cases), beside the
//! identity baseline (the input itself). Tokens are the lowercased maximal
//! runs of Unicode letters and digits; a case's overlap is the size of the
//! multiset intersection. Exits cleanly, saying so, when the folder is
//! missing.

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

    let cases = text_cases(&devset.join("text"));
    if cases.is_empty() {
        println!("no text cases under {}", devset.join("text").display());
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
    println!("\ntext/: {} cases, focus {focus:?}\n", ours.len());
    println!(
        "| {:<22} | P mean | P med | R mean | R med | F1 mean | F1 med |",
        ""
    );
    println!(
        "|{:-<24}|-------:|------:|-------:|------:|--------:|-------:|",
        ""
    );
    row("identity (input)", &identity);
    row(&format!("deboiler ({focus:?})"), &ours);
}
