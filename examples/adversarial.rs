//! Times deboiler on hostile inputs and prints seconds, and seconds per
//! 10 MB of input (the budget is under 1 s per 10 MB):
//!
//! ```text
//! cargo run --release --example adversarial
//! ```

use std::time::Instant;

use deboiler::Cleaner;

const PARAGRAPH: &str = "The harbour commission met on Tuesday to discuss the new ferry schedule for the summer months.";

fn garbage(len: usize, mut seed: u64) -> Vec<u8> {
    (0..len)
        .map(|_| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as u8
        })
        .collect()
}

fn time(name: &str, bytes: usize, f: impl FnOnce() -> usize) {
    let start = Instant::now();
    let kept = f();
    let secs = start.elapsed().as_secs_f64();
    let per_10mb = secs / (bytes as f64 / 10e6);
    println!(
        "{name:<36} {:>8.1} MB {secs:>8.3} s {per_10mb:>8.3} s/10MB  kept {kept} bytes",
        bytes as f64 / 1e6
    );
}

/// Times `clean_html` on one page.
fn time_page(cleaner: &Cleaner, name: &str, html: &str) {
    time(name, html.len(), || cleaner.clean_html(html).text().len());
}

fn main() {
    let cleaner = Cleaner::default();
    let n = 100_000;
    let deep = format!(
        "<html><body>{}<p>{PARAGRAPH}</p>{}</body></html>",
        "<div>".repeat(n),
        "</div>".repeat(n)
    );
    time_page(&cleaner, "html nested 100,000 deep", &deep);
    let closed = format!("<html><body>{}<p>{PARAGRAPH}</p>", "<div/>".repeat(n));
    time_page(&cleaner, "html, 100,000 nested <div/>", &closed);
    let stray = format!("<html><body>{}<p>{PARAGRAPH}</p>", "<div></span>".repeat(n));
    time_page(&cleaner, "html, 100,000 <div> with stray end tags", &stray);

    let left = format!(
        "<html><body>{}<p>{PARAGRAPH}</p>",
        "<svg><span><span></svg>".repeat(n / 2)
    );
    time_page(
        &cleaner,
        "html, 50,000 <span> pairs that leave <svg>",
        &left,
    );

    let ends = format!(
        "<html><body><p>{}</p><p>{PARAGRAPH}</p>",
        "</h1><svg>".repeat(n / 2)
    );
    time_page(&cleaner, "html, 50,000 end tags inside <svg>", &ends);

    for (name, turn) in [
        ("html, 50,000 <b> reopened by text", "<div><b></div>x"),
        ("html, 50,000 <p> closed by <hr>", "<p><hr><span>"),
        (
            "html, 50,000 nested <optgroup>",
            "<optgroup><div></optgroup>",
        ),
        (
            "html, 50,000 misnested <a> and <nobr>",
            "<a href=x><nobr><a href=x><font color=red>",
        ),
    ] {
        let html = format!("<html><body>{}<p>{PARAGRAPH}</p>", turn.repeat(n / 2));
        time_page(&cleaner, name, &html);
    }

    let unlike: String = (0..250).map(|i| format!("<b x={i}>")).collect();
    let copied = format!(
        "<html><body><p>{unlike}{}<p>{PARAGRAPH}</p>",
        "<div>x</div>".repeat(n / 2)
    );
    time_page(&cleaner, "html, 250 <b> reopened 50,000 times", &copied);

    // Under 256 `<`, where the parser is fed the page whole unless it
    // holds enough formatting elements to be copied past the limit.
    let small: String = (0..127).map(|i| format!("<b x={i}>")).collect();
    let small = format!("<p>{small}{}", "<div>x</div>".repeat(64));
    time(
        "html, 500 pages of 127 <b> copied 64 times",
        500 * small.len(),
        || {
            (0..500)
                .map(|_| cleaner.clean_html(&small).text().len())
                .sum()
        },
    );

    let many: String = (0..1_000_000).map(|i| format!(" a{i}")).collect();
    let attributes = format!("<p>{PARAGRAPH}</p><div{many}>x</div>");
    time_page(&cleaner, "html, a tag of 1,000,000 attributes", &attributes);
    let bodies: String = (0..1_000_000).map(|i| format!("<body a{i}=1>")).collect();
    let bodies = format!("<p>{PARAGRAPH}</p>{bodies}");
    time_page(
        &cleaner,
        "html, 1,000,000 <body> adding an attribute",
        &bodies,
    );

    let past = format!(
        "<html><body>{}{}<p>{PARAGRAPH}</p>",
        "<div>".repeat(300),
        "<svg>>".repeat(n)
    );
    time_page(&cleaner, "html, 100,000 <svg> past the cap", &past);

    let line = "word ".repeat(20_000_000);
    time("text, one 100 MB line", line.len(), || {
        cleaner.clean_text(&line).text().len()
    });
    let html_line = format!("<p>{line}</p>");
    time_page(&cleaner, "html, one 100 MB paragraph", &html_line);

    let caps = format!(
        "{PARAGRAPH}\n{}{PARAGRAPH}\n",
        "BREAKING NEWS TODAY NOW\n".repeat(1_000_000)
    );
    let precision = Cleaner::builder()
        .focus(deboiler::Focus::Precision)
        .build()
        .expect("valid options");
    time("text, 1,000,000 capitals headlines", caps.len(), || {
        precision.clean_text(&caps).text().len()
    });

    let lines = "a\n".repeat(1_000_000);
    time("text, 1,000,000 one-letter lines", lines.len(), || {
        cleaner.clean_text(&lines).text().len()
    });

    let attr = format!(
        "<div class=\"{}\"><p>{PARAGRAPH}</p></div>",
        "a b ".repeat(12_500_000)
    );
    time_page(&cleaner, "html, a 50 MB attribute value", &attr);

    let comment = "<div class=\"comment\"><p class=\"author\">Reader</p><p>Great article, thanks for writing it up so clearly!</p><a class=\"reply\">Reply</a></div>";
    let comments = format!(
        "<article><p>{PARAGRAPH}</p><p>{PARAGRAPH}</p></article><div id=\"comments\">{}</div>",
        comment.repeat(100_000)
    );
    time_page(&cleaner, "html, 100,000 sibling comment blocks", &comments);

    let unclosed = format!(
        "{}<p>{PARAGRAPH}",
        "<div><p><span><b><table><tr><td><ul><li>".repeat(200_000)
    );
    time_page(&cleaner, "html, unclosed tags everywhere", &unclosed);

    let bytes = garbage(10_000_000, 7);
    time("bytes, 10 MB of garbage (auto)", bytes.len(), || {
        cleaner.clean_bytes(&bytes).text().len()
    });
    time("bytes, 10 MB of garbage as html", bytes.len(), || {
        cleaner.clean_html_bytes(&bytes).text().len()
    });
    let decoded = String::from_utf8_lossy(&bytes).into_owned();
    time("  for scale: scraper parse alone", bytes.len(), || {
        deboiler::scraper::Html::parse_document(&decoded)
            .tree
            .nodes()
            .count()
    });
}
