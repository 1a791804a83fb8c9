//! Property tests of the guarantees in the crate docs ("Untrusted input"):
//! no panic; kept lines and blocks are a subsequence of the input's;
//! cleaning cleaned text changes nothing. Case counts are bounded so that
//! `cargo test` stays quick.

#![allow(clippy::unwrap_used)]

use deboiler::{Cleaner, Kind};
use proptest::prelude::*;

const POOL: &[&str] = &[
    "Share this @example.com",
    "Share on Facebook",
    "- Advertisement -spot_img",
    "ADVERTISEMENT",
    "You May Also Like",
    "Related Articles",
    "Leave a Reply",
    "Your email address will not be published. Required fields are marked *",
    "3 thoughts on “A day at the harbour”",
    "John Smith says:",
    "Reply",
    "© 2025 Harbour News. All rights reserved.",
    "We use cookies to improve your experience on our site.",
    "Accept all",
    "By Jane Doe",
    "Updated March 3, 2024 at 5:00 pm ET",
    "412 views",
    "0",
    "MAYOR UNVEILS PLAN TO FIX EVERY POTHOLE BY SUMMER",
    "Ferry schedule to change this summer",
    "Ingredients",
    "2 cups flour",
    "- Bring a valid ticket",
    "Step 1: Mix the flour and water.",
    "The harbour commission met on Tuesday to discuss the new ferry schedule for the summer months.",
    "Officials said the changes would add two crossings a day and cut waiting times at the busiest hours.",
    "Shares of Acme fell 4 percent on Monday after the report.",
    "A House committee unveiled a collection of documents, among…",
    "Teilen",
    "Mehr zum Thema:",
    "分享到微信",
    "相关阅读",
    "",
    "   ",
    "\t",
];

fn lines(s: &str) -> Vec<&str> {
    s.split(['\n', '\r'])
        .map(|l| {
            l.trim_end_matches(|c: char| {
                c.is_whitespace() || c.is_control() || c == '\u{200b}' || c == '\u{feff}'
            })
        })
        .filter(|l| !l.is_empty())
        .collect()
}

fn is_subsequence(kept: &[&str], source: &[&str]) -> bool {
    let mut it = source.iter();
    kept.iter().all(|k| it.any(|s| s == k))
}

fn check_text(input: &str) {
    let cleaner = Cleaner::default();
    let once = cleaner.clean_text(input);
    assert!(
        is_subsequence(&lines(once.text()), &lines(input)),
        "not a subsequence:\n{input:?}\n->\n{:?}",
        once.text()
    );
    let twice = cleaner.clean_text(once.text());
    assert_eq!(twice.text(), once.text(), "not idempotent for {input:?}");
}

fn soup() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(prop::sample::select(POOL), 0..40),
        prop::bool::ANY,
    )
        .prop_map(|(ls, crlf)| ls.join(if crlf { "\r\n" } else { "\n" }))
}

#[derive(Clone, Debug)]
enum Tree {
    Text(&'static str),
    Element(&'static str, &'static str, Vec<Tree>),
}

const TAGS: &[&str] = &[
    "div", "p", "span", "a", "li", "ul", "h2", "article", "nav", "aside", "footer", "section",
    "table", "tr", "td", "br", "form", "script", "b",
];
const CLASSES: &[&str] = &[
    "",
    "content",
    "comment-form",
    "commentary",
    "share-buttons",
    "related-posts",
    "ad-slot",
    "header",
    "entry-content",
    "sidebar",
    "cookie-banner",
];

fn tree() -> impl Strategy<Value = Tree> {
    let leaf = prop::sample::select(POOL).prop_map(Tree::Text);
    leaf.prop_recursive(6, 64, 6, |inner| {
        (
            prop::sample::select(TAGS),
            prop::sample::select(CLASSES),
            prop::collection::vec(inner, 0..6),
        )
            .prop_map(|(t, c, kids)| Tree::Element(t, c, kids))
    })
}

fn render(t: &Tree, out: &mut String) {
    match t {
        Tree::Text(s) => out.push_str(&s.replace('<', "&lt;")),
        Tree::Element(tag, class, kids) => {
            out.push_str(&format!("<{tag} class=\"{class}\">"));
            for k in kids {
                render(k, out);
            }
            out.push_str(&format!("</{tag}>"));
        }
    }
}

fn keep_all() -> Cleaner {
    Kind::ALL
        .iter()
        .fold(Cleaner::builder(), |b, k| b.keep(*k))
        .build()
        .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text(input in "(?s).{0,300}") {
        check_text(&input);
    }

    #[test]
    fn line_soups(input in soup()) {
        check_text(&input);
    }

    #[test]
    fn arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let cleaner = Cleaner::default();
        let _ = cleaner.clean_bytes(&bytes);
        let _ = cleaner.clean_html_bytes(&bytes);
    }

    #[test]
    fn generated_html(t in tree()) {
        let mut html = String::from("<html><body>");
        render(&t, &mut html);
        html.push_str("</body></html>");
        let cleaned = Cleaner::default().clean_html(&html);
        let all = keep_all().clean_html(&html);
        let kept: Vec<&str> = cleaned.text().lines().collect();
        let source: Vec<&str> = all.text().lines().collect();
        prop_assert!(is_subsequence(&kept, &source), "{html}\n->\n{}\nall:\n{}", cleaned.text(), all.text());
    }

    #[test]
    fn html_text_keeps_runs_parted_by_single_spaces(
        input in "[a-zé Ж漢,.\t\n\u{a0}\u{3000}\u{2028}\u{200b}\u{feff}\u{85}\u{1}]{0,60}"
    ) {
        // Every run of characters between separators, in order, parted by one space.
        let separator = |c: char| {
            c.is_whitespace() || c.is_control() || c == '\u{200b}' || c == '\u{feff}'
        };
        let runs: Vec<&str> = input.split(separator).filter(|r| !r.is_empty()).collect();
        let html = format!("<html><body><p>{input}</p></body></html>");
        let cleaned = keep_all().clean_html(&html);
        let want = if runs.is_empty() { String::new() } else { runs.join(" ") + "\n" };
        prop_assert_eq!(cleaned.text(), want.as_str(), "{:?}", html);
    }

    #[test]
    fn arbitrary_html(input in "(?s)(<[a-z/!]{0,3}[^>]{0,10}>?|[^<]{0,20}){0,40}") {
        let _ = Cleaner::default().clean_html(&input);
    }
}
