//! Walks `corpus/` and checks every case against its judged output.
//!
//! A case is an input file `<name>.txt` (plain text) or `<name>.html` beside
//! `<name>.expected.txt`. The
//! test runs every case and reports every failing one, with the lines kept
//! that should have gone and the lines lost that should have stayed.

#![allow(clippy::unwrap_used)]

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

const EXPECTED: &str = ".expected.txt";

fn cases(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if path.is_dir() {
                stack.push(path);
            } else if (name.ends_with(".txt") && !name.ends_with(EXPECTED))
                || name.ends_with(".html")
            {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

fn expected_path(input: &Path) -> PathBuf {
    let name = input.file_name().unwrap().to_string_lossy();
    let stem = name
        .strip_suffix(".txt")
        .or_else(|| name.strip_suffix(".html"))
        .unwrap();
    input.with_file_name(format!("{stem}{EXPECTED}"))
}

/// Lines of `a` not matched by a line of `b` (as multisets).
fn missing<'a>(a: &'a str, b: &str) -> Vec<&'a str> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for l in b.lines().filter(|l| !l.trim().is_empty()) {
        *counts.entry(l).or_default() += 1;
    }
    let mut out = Vec::new();
    for l in a.lines().filter(|l| !l.trim().is_empty()) {
        match counts.get_mut(l) {
            Some(n) if *n > 0 => *n -= 1,
            _ => out.push(l),
        }
    }
    out
}

fn short(line: &str) -> String {
    if line.chars().count() > 110 {
        line.chars().take(109).collect::<String>() + "…"
    } else {
        line.to_string()
    }
}

#[test]
fn corpus() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let all = cases(&root);
    assert!(all.len() >= 5, "the corpus has only {} cases", all.len());
    let mut failures = Vec::new();
    for input in &all {
        let rel = input.strip_prefix(&root).unwrap().display().to_string();
        let expected_file = expected_path(input);
        let Ok(expected) = fs::read_to_string(&expected_file) else {
            failures.push(format!("{rel}: no {}", expected_file.display()));
            continue;
        };
        let bytes = fs::read(input).unwrap();
        let cleaner = deboiler::Cleaner::default();
        let cleaned = if input.extension().is_some_and(|e| e == "html") {
            cleaner.clean_html_bytes(&bytes)
        } else {
            cleaner.clean_text(&String::from_utf8(bytes).unwrap())
        };
        if cleaned.text() == expected {
            continue;
        }
        let mut report = format!("{rel}:");
        for l in missing(cleaned.text(), &expected) {
            report += &format!("\n    kept wrongly: {}", short(l));
        }
        for l in missing(&expected, cleaned.text()) {
            let rule = cleaned
                .removals()
                .iter()
                .find(|r| r.text().lines().any(|x| x.trim_end() == l.trim_end()))
                .map(|r| format!("  [{} {}]", r.kind(), r.rule()))
                .unwrap_or_default();
            report += &format!("\n    lost wrongly: {}{rule}", short(l));
        }
        if report.ends_with(':') {
            report += "\n    same lines, different blank lines or order";
        }
        failures.push(report);
    }
    assert!(
        failures.is_empty(),
        "{} of {} corpus cases fail:\n{}",
        failures.len(),
        all.len(),
        failures.join("\n")
    );
}
