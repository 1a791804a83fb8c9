//! `deboiler batch`, run as a user would: JSON Lines and WARC in, one JSON
//! line per record out, in input order, errors as lines.

#![cfg(feature = "cli")]
#![allow(clippy::unwrap_used)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use deboiler::{Cleaner, Kind};
use flate2::Compression;
use flate2::write::GzEncoder;
use serde_json::{Value, json};

fn deboiler() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_deboiler"));
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

fn corpus_files(dir: &str, ext: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.ends_with(ext) && !name.ends_with(&format!(".expected{ext}"))
        })
        .collect();
    files.sort();
    files
}

/// A scratch directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("deboiler-batch-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn run_with_stdin(cmd: &mut Command, input: &[u8]) -> Output {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    let feeder = std::thread::spawn(move || stdin.write_all(&input));
    let out = child.wait_with_output().unwrap();
    feeder.join().unwrap().unwrap();
    out
}

fn lines(out: &Output) -> Vec<Value> {
    String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The `removed` map the batch output should carry for `cleaned`.
fn removed_counts(cleaned: &deboiler::Cleaned) -> Value {
    let mut map = serde_json::Map::new();
    for kind in Kind::ALL {
        let n = cleaned.removed_count(kind);
        if n > 0 {
            map.insert(kind.name().into(), json!(n));
        }
    }
    Value::Object(map)
}

#[test]
fn jsonl_comes_out_in_input_order_with_fields_passed_through() {
    let html = corpus_files("corpus/html/en", ".html");
    let text = corpus_files("corpus/text/en", ".txt");
    assert!(html.len() > 10 && text.len() > 10);
    let cleaner = Cleaner::default();
    let mut input = Vec::new();
    let mut expected = Vec::new();
    for i in 0..240 {
        let (field, path) = if i % 3 == 0 {
            ("text", &text[i % text.len()])
        } else {
            ("html", &html[i % html.len()])
        };
        let doc = std::fs::read_to_string(path).unwrap();
        let cleaned = if field == "html" {
            cleaner.clean_html(&doc)
        } else {
            cleaner.clean_text(&doc)
        };
        let record =
            json!({ "id": format!("doc-{i}"), field: doc, "meta": { "n": i }, "lang": "en" });
        input.extend_from_slice(record.to_string().as_bytes());
        input.push(b'\n');
        expected.push(cleaned);
    }
    let dir = scratch("order");
    let file = dir.join("pages.jsonl");
    std::fs::write(&file, &input).unwrap();

    // A tight window on four threads makes records finish out of order.
    let many = deboiler()
        .args(["batch", "--threads", "4", "--window", "3"])
        .arg(&file)
        .output()
        .unwrap();
    let one = deboiler()
        .args(["batch", "--threads", "1"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        many.status.success(),
        "{}",
        String::from_utf8_lossy(&many.stderr)
    );
    assert_eq!(
        many.stdout, one.stdout,
        "output depends on the thread count"
    );

    let out = lines(&many);
    assert_eq!(out.len(), expected.len(), "records in != records out");
    for (i, (line, cleaned)) in out.iter().zip(&expected).enumerate() {
        assert_eq!(line["id"], json!(format!("doc-{i}")));
        assert_eq!(line["text"].as_str().unwrap(), cleaned.text(), "record {i}");
        assert_eq!(line["meta"], json!({ "n": i }));
        assert_eq!(line["lang"], "en");
        assert_eq!(line["removed"], removed_counts(cleaned), "record {i}");
        assert_eq!(line["title"].as_str(), cleaned.title());
        assert!(line.get("html").is_none(), "the input page is not echoed");
    }
    let summary = String::from_utf8(many.stderr).unwrap();
    assert!(
        summary.contains("240 records (240 cleaned, 0 skipped, 0 errors)"),
        "{summary}"
    );
    assert!(
        !summary.contains('\r') && !summary.contains('\x1b'),
        "no progress bar off a terminal"
    );
}

#[test]
fn bad_records_become_error_lines_and_the_run_goes_on() {
    let page = r#"{"id": 1, "text": "The council approved the new budget on Monday after a long and heated debate about the roads.\nShare this"}"#;
    let mut input = Vec::new();
    input.extend_from_slice(page.as_bytes());
    input.extend_from_slice(b"\n{\"id\": 2, \"html\": \"<p>unterminated\n"); // line 2
    input.extend_from_slice(b"{\"id\": 3, \"text\": \"caf\xe9\"}\n"); // 3: not UTF-8
    input.extend_from_slice(b"[1, 2]\n"); // 4
    input.extend_from_slice(b"   \n"); // 5: blank, not a record
    input.extend_from_slice(b"{\"id\": 6, \"title\": \"no page\"}\n"); // 6
    input.extend_from_slice(b"{\"id\": 7, \"html\": 42}\r\n"); // 7
    let long = format!("{{\"id\": 8, \"text\": \"{}\"}}\n", "word ".repeat(1000));
    input.extend_from_slice(long.as_bytes()); // 8: over the limit
    input.extend_from_slice(page.replace("\"id\": 1", "\"id\": 9").as_bytes()); // 9, no final newline

    let out = run_with_stdin(
        deboiler().args(["batch", "--max-record-bytes", "2000"]),
        &input,
    );
    assert!(
        out.status.success(),
        "errors do not fail the run unless asked"
    );
    let out_lines = lines(&out);
    assert_eq!(out_lines.len(), 8, "one line per record: {out_lines:#?}");
    let ids: Vec<Value> = out_lines.iter().map(|l| l["id"].clone()).collect();
    assert_eq!(
        ids,
        [
            json!(1),
            json!(null),
            json!(null),
            json!(null),
            json!(6),
            json!(7),
            json!(null),
            json!(9)
        ]
    );
    assert_eq!(
        out_lines[0]["text"],
        "The council approved the new budget on Monday after a long and heated debate about the roads.\n"
    );
    assert_eq!(out_lines[0]["removed"], json!({ "share": 1 }));
    let errors: Vec<(u64, String)> = out_lines
        .iter()
        .filter(|l| l.get("error").is_some())
        .map(|l| {
            assert_eq!(l["error"]["file"], "<stdin>");
            (
                l["error"]["line"].as_u64().unwrap(),
                l["error"]["reason"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expected: [(u64, &str); 6] = [
        (2, "invalid JSON: EOF while parsing a string"),
        (3, "invalid UTF-8 at byte offset 22"),
        (4, "expected a JSON object, found an array"),
        (6, "no \"html\" or \"text\" field"),
        (7, "\"html\" is a number, not a string"),
        (8, "the line is 5021 bytes, over the limit of 2000"),
    ];
    assert_eq!(errors.len(), expected.len(), "{errors:?}");
    for ((line, reason), (want_line, want_reason)) in errors.iter().zip(expected) {
        assert_eq!(*line, want_line);
        assert!(reason.starts_with(want_reason), "line {line}: {reason}");
    }
    let summary = String::from_utf8(out.stderr).unwrap();
    assert!(
        summary.contains("8 records (2 cleaned, 0 skipped, 6 errors)"),
        "{summary}"
    );

    let failing = run_with_stdin(
        deboiler().args([
            "batch",
            "--quiet",
            "--fail-on-error",
            "--max-record-bytes",
            "2000",
        ]),
        &input,
    );
    assert_eq!(failing.status.code(), Some(1));
    assert_eq!(failing.stdout, out.stdout);
    assert!(failing.stderr.is_empty(), "--quiet prints no summary");
}

fn warc_record(kind: &str, n: usize, url: &str, block: &[u8]) -> Vec<u8> {
    let mut record = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-{n:012}>\r\n\
         WARC-Date: 2026-11-01T12:00:00Z\r\nWARC-Target-URI: {url}\r\n\
         Content-Type: application/http; msgtype={kind}\r\nContent-Length: {}\r\n\r\n",
        block.len()
    )
    .into_bytes();
    record.extend_from_slice(block);
    record.extend_from_slice(b"\r\n\r\n");
    record
}

fn http_response(status: &str, content_type: &str, extra: &str, body: &[u8]) -> Vec<u8> {
    let mut block = format!(
        "HTTP/1.1 {status}\r\nServer: test\r\nContent-Type: {content_type}\r\n{extra}Content-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    block.extend_from_slice(body);
    block
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = GzEncoder::new(Vec::new(), Compression::fast());
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap()
}

/// Writes `records` as a `.warc.gz` with one gzip member per record, as
/// Common Crawl ships them, in the test's scratch directory.
fn gzip_per_record(test: &str, records: &[Vec<u8>]) -> PathBuf {
    let file: Vec<u8> = records.iter().flat_map(|r| gzip(r)).collect();
    let path = scratch(test).join("crawl.warc.gz");
    std::fs::write(&path, file).unwrap();
    path
}

/// Six WARC records: warcinfo, request, and responses with a UTF-8 page, a
/// Latin-1 page, a redirect, an image and a chunked page.
fn warc_records() -> (Vec<Vec<u8>>, Vec<String>) {
    let html = corpus_files("corpus/html/en", ".html");
    let page_a = std::fs::read(&html[0]).unwrap();
    let page_b = std::fs::read(&html[1]).unwrap();
    let latin1 = b"<html><head><title>Caf\xe9</title></head><body><article><h1>Caf\xe9 reopens</h1>\
        <p>The caf\xe9 on the corner reopened on Monday after six months of repairs to its roof and kitchen.</p>\
        <p>Its owner said the regulars came back the very first morning, some of them before it opened.</p>\
        </article><footer>Copyright 2026 Example</footer></body></html>";
    let mut chunked = format!("{:x}\r\n", 100).into_bytes();
    chunked.extend_from_slice(&page_b[..100]);
    chunked.extend_from_slice(format!("\r\n{:x}\r\n", page_b.len() - 100).as_bytes());
    chunked.extend_from_slice(&page_b[100..]);
    chunked.extend_from_slice(b"\r\n0\r\n\r\n");
    let records = vec![
        warc_record("warcinfo", 0, "", b"software: test\r\n"),
        warc_record(
            "request",
            1,
            "https://example.com/a",
            b"GET /a HTTP/1.1\r\nHost: example.com\r\n\r\n",
        ),
        warc_record(
            "response",
            2,
            "https://example.com/a",
            &http_response("200 OK", "text/html; charset=utf-8", "", &page_a),
        ),
        warc_record(
            "response",
            3,
            "https://example.com/cafe",
            &http_response("200 OK", "text/html; charset=ISO-8859-1", "", latin1),
        ),
        warc_record(
            "response",
            4,
            "https://example.com/old",
            &http_response(
                "301 Moved Permanently",
                "text/html",
                "Location: /new\r\n",
                b"",
            ),
        ),
        warc_record(
            "response",
            5,
            "https://example.com/logo.png",
            &http_response("200 OK", "image/png", "", b"\x89PNG\r\n\x1a\n"),
        ),
        warc_record(
            "response",
            6,
            "https://example.com/b",
            &http_response(
                "200 OK",
                "text/html",
                "Transfer-Encoding: chunked\r\n",
                &chunked,
            ),
        ),
    ];
    let cleaner = Cleaner::default();
    let texts = vec![
        cleaner.clean_html_bytes(&page_a).text().to_string(),
        cleaner.clean_html_bytes(latin1).text().to_string(),
        cleaner.clean_html_bytes(&page_b).text().to_string(),
    ];
    (records, texts)
}

fn check_warc_output(out: &Output, texts: &[String]) {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let l = lines(out);
    assert_eq!(l.len(), 5, "one line per response record: {l:#?}");
    assert_eq!(
        l[0]["id"],
        "<urn:uuid:00000000-0000-0000-0000-000000000002>"
    );
    assert_eq!(l[0]["url"], "https://example.com/a");
    assert_eq!(l[0]["date"], "2026-11-01T12:00:00Z");
    assert_eq!(l[0]["text"].as_str().unwrap(), texts[0]);
    assert_eq!(l[1]["text"].as_str().unwrap(), texts[1]);
    assert!(
        texts[1].contains("The café on the corner reopened"),
        "{}",
        texts[1]
    );
    assert_eq!(l[1]["title"], "Café");
    assert_eq!(l[2]["skipped"], "HTTP status 301");
    assert_eq!(l[3]["skipped"], "content type image/png");
    assert_eq!(l[4]["url"], "https://example.com/b");
    assert_eq!(l[4]["text"].as_str().unwrap(), texts[2]);
    let summary = String::from_utf8_lossy(&out.stderr);
    assert!(
        summary.contains("5 records (3 cleaned, 2 skipped, 0 errors)"),
        "{summary}"
    );
    assert!(
        summary.contains("2 WARC records other than responses"),
        "{summary}"
    );
}

#[test]
fn warc_with_one_gzip_member_per_record() {
    let (records, texts) = warc_records();
    let path = gzip_per_record("warc-gz", &records);
    let out = deboiler()
        .args(["batch", "-j", "2"])
        .arg(&path)
        .output()
        .unwrap();
    check_warc_output(&out, &texts);
}

#[test]
fn warc_plain_gzip_whole_and_from_stdin() {
    let (records, texts) = warc_records();
    let plain: Vec<u8> = records.concat();
    // Plain WARC on standard input: recognised by its first bytes.
    let out = run_with_stdin(deboiler().arg("batch"), &plain);
    check_warc_output(&out, &texts);
    // The whole file as one gzip member, named as WARC.
    let dir = scratch("warc-whole");
    let path = dir.join("whole.warc.gz");
    std::fs::write(&path, gzip(&plain)).unwrap();
    let out = deboiler().arg("batch").arg(&path).output().unwrap();
    check_warc_output(&out, &texts);
}

#[test]
fn a_corrupt_gzip_member_costs_only_its_record() {
    let (records, texts) = warc_records();
    let mut file = Vec::new();
    let mut corrupt_at = 0;
    for (i, r) in records.iter().enumerate() {
        let mut member = gzip(r);
        if i == 3 {
            // Damage the Latin-1 page's deflate data.
            corrupt_at = file.len();
            for b in &mut member[12..40] {
                *b ^= 0x5a;
            }
        }
        file.extend_from_slice(&member);
    }
    let dir = scratch("warc-corrupt");
    let path = dir.join("damaged.warc.gz");
    std::fs::write(&path, &file).unwrap();
    let out = deboiler()
        .args(["batch", "--fail-on-error"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let l = lines(&out);
    assert_eq!(l.len(), 5, "{l:#?}");
    assert_eq!(l[0]["text"].as_str().unwrap(), texts[0]);
    let error = &l[1]["error"];
    assert_eq!(error["record"], 4, "{l:#?}");
    assert_eq!(error["offset"], corrupt_at as u64);
    assert!(
        error["reason"].as_str().unwrap().contains("gzip")
            || error["reason"].as_str().unwrap().contains("WARC"),
        "{error}"
    );
    assert_eq!(l[2]["skipped"], "HTTP status 301");
    assert_eq!(l[4]["text"].as_str().unwrap(), texts[2]);
}

#[test]
fn broken_and_oversized_warc_records() {
    let (records, texts) = warc_records();
    // A record whose header block is not WARC ends a plain file's framing.
    let mut plain = records[..3].concat();
    plain.extend_from_slice(b"GARBAGE/1.0\r\nnot a header\r\n\r\n");
    plain.extend_from_slice(&records[3]);
    let out = run_with_stdin(deboiler().args(["batch", "--input-format", "warc"]), &plain);
    let l = lines(&out);
    assert_eq!(l[0]["text"].as_str().unwrap(), texts[0]);
    assert_eq!(l[1]["error"]["record"], 4, "{l:#?}");
    assert!(
        l[1]["error"]["reason"]
            .as_str()
            .unwrap()
            .starts_with("broken WARC record")
    );
    assert!(
        l.iter().all(|x| x.get("text").is_none()
            || x["id"] != "<urn:uuid:00000000-0000-0000-0000-000000000003>")
    );

    // Over the size limit: an error line with the record's id, and the
    // next record is read.
    let path = gzip_per_record("warc-limit", &records);
    let out = deboiler()
        .args(["batch", "--max-record-bytes", "1000"])
        .arg(&path)
        .output()
        .unwrap();
    let l = lines(&out);
    assert_eq!(l.len(), 5);
    assert_eq!(
        l[0]["id"],
        "<urn:uuid:00000000-0000-0000-0000-000000000002>"
    );
    assert!(
        l[0]["error"]["reason"]
            .as_str()
            .unwrap()
            .contains("over the limit of 1000"),
        "{}",
        l[0]
    );
    assert_eq!(
        l[1]["text"].as_str().unwrap(),
        texts[1],
        "a small record still goes through"
    );
}

#[test]
fn output_file_gzip_jsonl_and_unreadable_inputs() {
    let dir = scratch("files");
    let good = dir.join("a.jsonl.gz");
    let records = "{\"id\":\"a\",\"text\":\"Leave a Reply\\nThe museum opens its new wing to the public on Saturday morning.\"}\n";
    std::fs::write(&good, gzip(records.as_bytes())).unwrap();
    let missing = dir.join("missing.jsonl");
    let target = dir.join("out.jsonl");
    let out = deboiler()
        .arg("batch")
        .arg(&missing)
        .arg(&good)
        .arg("-o")
        .arg(&target)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "an unreadable input fails the run"
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("missing.jsonl"), "{stderr}");
    assert!(out.stdout.is_empty());
    let written = std::fs::read_to_string(&target).unwrap();
    let v: Value = serde_json::from_str(written.trim_end()).unwrap();
    assert_eq!(v["id"], "a");
    assert_eq!(
        v["text"],
        "The museum opens its new wing to the public on Saturday morning.\n"
    );
}
