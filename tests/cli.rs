//! The `deboiler` command, run as a user would.

#![cfg(feature = "cli")]
#![allow(clippy::unwrap_used)]

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

const SEED: &str = "corpus/seeds/003_7313777d4a13786a";

fn deboiler() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_deboiler"));
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

fn expected() -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("{SEED}.expected.txt")),
    )
    .unwrap()
}

#[test]
fn cleans_a_file() {
    let out = deboiler().arg(format!("{SEED}.txt")).output().unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8(out.stdout).unwrap(), expected());
}

#[test]
fn cleans_stdin() {
    let input =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("{SEED}.txt"))).unwrap();
    let mut child = deboiler()
        .arg("-")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&input).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8(out.stdout).unwrap(), expected());
}

#[test]
fn explains_removals() {
    let out = deboiler()
        .args(["--explain", &format!("{SEED}.txt")])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("line 2\tshare\tphrase \"share this\""),
        "{text}"
    );
    assert!(
        text.contains("related\tin section \"You May Also Like\""),
        "{text}"
    );
}

#[test]
fn json_has_text_and_removals() {
    let out = deboiler()
        .args(["--json", &format!("{SEED}.txt")])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["text"].as_str().unwrap(), expected());
    let removals = v["removals"].as_array().unwrap();
    assert!(removals.iter().any(|r| r["kind"] == "related"));
    assert_eq!(removals[0]["location"]["lines"]["first"], 2);
}

#[test]
fn writes_output_dir() {
    let dir = std::env::temp_dir().join(format!("deboiler-cli-{}", std::process::id()));
    let out = deboiler()
        .args(["-o", dir.to_str().unwrap(), &format!("{SEED}.txt")])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let written = std::fs::read_to_string(dir.join("003_7313777d4a13786a.txt")).unwrap();
    assert_eq!(written, expected());
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn bad_options_say_what_is_wrong() {
    let out = deboiler()
        .args(["--keep", "sharing", "-"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown boilerplate kind \"sharing\""));

    let table = std::env::temp_dir().join(format!("deboiler-table-{}.txt", std::process::id()));
    std::fs::write(&table, "[share]\nline share this\nline\n").unwrap();
    let out = deboiler()
        .arg("--phrases")
        .arg(&table)
        .arg("-")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    std::fs::remove_file(&table).unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("line 3: the entry has no phrase"));

    let out = deboiler().arg("no/such/file.txt").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no/such/file.txt"));
}

#[test]
fn html_files_and_markdown() {
    let page = "corpus/html/en/article-with-table-and-list.html";
    let out = deboiler().arg(page).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let expected = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("corpus/html/en/article-with-table-and-list.expected.txt"),
    )
    .unwrap();
    assert_eq!(text, expected);

    let out = deboiler().args(["--markdown", page]).output().unwrap();
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(
        md.starts_with("# Air quality improves across the city\n\n"),
        "{md}"
    );
    assert!(
        md.contains("| District | 2023 | 2024 |\n| --- | --- | --- |"),
        "{md}"
    );

    // Input that starts like HTML is HTML, whatever the file is called;
    // --format text says otherwise.
    let mut child = deboiler()
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"<!doctype html><p>The ferry leaves at six every morning from the old harbour pier.</p>").unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "The ferry leaves at six every morning from the old harbour pier.\n"
    );
    let mut child = deboiler()
        .args(["--format", "text"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"<p>The ferry leaves at six every morning from the old harbour pier.</p>")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(String::from_utf8(out.stdout).unwrap().starts_with("<p>"));

    let out = deboiler().args(["--json", page]).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v["title"],
        "Air quality improves across the city | Metro Bulletin"
    );
    assert!(
        v["removals"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["location"]["element"]["path"].is_string())
    );
}
