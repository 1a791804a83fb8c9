//! The HTML front end through the public API: inputs as a string, a parsed
//! document and a selected element; Markdown; title; selectors; invisible
//! elements; explanations with element paths.

#![allow(clippy::unwrap_used)]

use deboiler::scraper::{Html, Selector};
use deboiler::{Cleaner, ElementRule, Kind, Location, Rule};

const P1: &str = "The harbour commission met on Tuesday to discuss the new ferry schedule for the summer months.";
const P2: &str = "Officials said the changes would add two crossings a day and cut waiting times at the busiest hours.";

fn page(body: &str) -> String {
    format!(
        "<!doctype html><html><head><title>Ferry schedule changes | Harbour News</title></head><body>{body}</body></html>"
    )
}

#[test]
fn string_document_and_element_agree() {
    let html = page(&format!(
        "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article id='story'><h1>Ferry schedule changes</h1><p>{P1}</p><div class='share-buttons'><a>Share</a></div><p>{P2}</p></article><footer>© 2025 Harbour News</footer>"
    ));
    let want = format!("Ferry schedule changes\n{P1}\n{P2}\n");
    let cleaner = Cleaner::default();
    assert_eq!(cleaner.clean_html(&html).text(), want);
    let doc = Html::parse_document(&html);
    assert_eq!(cleaner.clean_document(&doc).text(), want);
    let story = doc
        .select(&Selector::parse("#story").unwrap())
        .next()
        .unwrap();
    let cleaned = cleaner.clean_element(story);
    assert_eq!(cleaned.text(), want);
    assert_eq!(
        cleaned.title(),
        Some("Ferry schedule changes | Harbour News")
    );
}

#[test]
fn blocks_are_lines_and_inline_text_is_not_glued() {
    let html = page(&format!(
        "<article><p>{P1}</p><p>The <b>new</b> timetable starts<br>on <em>Monday</em>, the <a href='/x'>operator</a> said.</p><ul><li>First crossing 6:00</li><li>Last crossing 23:30</li></ul><table><tr><td>Weekdays</td><td>12</td></tr></table><p>{P2}</p></article>"
    ));
    let text = Cleaner::default().clean_html(&html).into_text();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines.contains(&"The new timetable starts"), "{text}");
    assert!(lines.contains(&"on Monday, the operator said."), "{text}");
    assert!(lines.contains(&"First crossing 6:00"), "{text}");
    assert!(lines.contains(&"Weekdays 12"), "{text}");
}

#[test]
fn markdown_output() {
    let html = page(&format!(
        "<article><h2>Timetable</h2><p>{P1}</p><p>Check the <a href='/t'>timetable</a> or <strong>call</strong> us.</p><ol><li>Book online</li><li>Board early</li></ol><blockquote>Better than ever.</blockquote><pre>line one\n  line two</pre><table><tr><th>Day</th><th>Trips</th></tr><tr><td>Mon</td><td>12</td></tr></table><p>{P2}</p></article>"
    ));
    let cleaner = Cleaner::builder()
        .markdown(true)
        .markdown_links(true)
        .build()
        .unwrap();
    let md = cleaner.clean_html(&html).markdown().unwrap().to_string();
    for want in [
        "## Timetable",
        "Check the [timetable](/t) or **call** us.",
        "1. Book online\n2. Board early",
        "> Better than ever.",
        "```\nline one\n  line two\n```",
        "| Day | Trips |\n| --- | --- |\n| Mon | 12 |",
    ] {
        assert!(md.contains(want), "missing {want:?} in\n{md}");
    }
    assert!(Cleaner::default().clean_html(&html).markdown().is_none());
}

#[test]
fn invisible_and_non_text_elements_are_dropped() {
    let html = page(&format!(
        "<article><p>{P1}</p><script>var x = 'script text';</script><style>p{{}}</style><noscript>Enable JavaScript</noscript><template><p>template text</p></template><div hidden>hidden text</div><div aria-hidden='true'>aria text</div><div style='display: none'>styled away</div><svg><text>svg text</text></svg><p>{P2}</p></article>"
    ));
    let text = Cleaner::default().clean_html(&html).into_text();
    assert_eq!(text, format!("{P1}\n{P2}\n"));
}

#[test]
fn signals_respect_token_boundaries() {
    let html = page(&format!(
        "<article><p>{P1}</p><div class='commentary'><p>The commentary box is article text and stays on the page.</p></div><div class='header-note shadow'><p>The header note is article text and stays on the page.</p></div><div class='comment-form'><p>Comment form text goes.</p></div><div class='ad-slot'><p>Ad slot text goes.</p></div><p>{P2}</p></article>"
    ));
    let cleaned = Cleaner::default().clean_html(&html);
    let text = cleaned.text();
    assert!(
        text.contains("commentary box") && text.contains("header note"),
        "{text}"
    );
    assert!(
        !text.contains("Comment form") && !text.contains("Ad slot"),
        "{text}"
    );
    let ad = cleaned
        .removals()
        .iter()
        .find(|r| r.text().contains("Ad slot"))
        .unwrap();
    assert_eq!(ad.kind(), Kind::Advertisement);
    assert!(
        matches!(ad.rule(), Rule::Element(ElementRule::Signal(s)) if s == "ad slot"),
        "{:?}",
        ad.rule()
    );
    let Location::Element { path } = ad.location() else {
        panic!()
    };
    assert!(path.ends_with("div.ad-slot"), "{path}");
}

#[test]
fn user_selectors() {
    let html = page(&format!(
        "<article><p>{P1}</p><div class='bugle-plus'><p>Bugle Plus members read this first, every single morning of the week.</p></div><p>{P2}</p></article><aside class='sidebar'><p class='author-note'>A note from the author that the reader asked to keep.</p></aside>"
    ));
    let cleaner = Cleaner::builder()
        .drop_selector(Kind::Promo, ".bugle-plus")
        .keep_selector("p.author-note")
        .build()
        .unwrap();
    let cleaned = cleaner.clean_html(&html);
    assert!(!cleaned.text().contains("Bugle Plus"), "{}", cleaned.text());
    assert!(
        cleaned.text().contains("A note from the author"),
        "{}",
        cleaned.text()
    );
    let r = cleaned
        .removals()
        .iter()
        .find(|r| r.text().contains("Bugle Plus"))
        .unwrap();
    assert_eq!(r.kind(), Kind::Promo);
    let err = Cleaner::builder().keep_selector("p[").build().unwrap_err();
    assert!(
        err.to_string().contains("invalid CSS selector \"p[\""),
        "{err}"
    );
}

#[test]
fn kinds_can_be_kept_in_html_too() {
    let html = page(&format!(
        "<article><p>{P1}</p><p>{P2}</p></article><div id='comments'><h3>2 Comments</h3><p>A reader wrote that the new crossings are a great improvement for commuters.</p></div>"
    ));
    let keep = Cleaner::builder().keep(Kind::Comments).build().unwrap();
    assert!(keep.clean_html(&html).text().contains("A reader wrote"));
    assert!(
        !Cleaner::default()
            .clean_html(&html)
            .text()
            .contains("A reader wrote")
    );
}

#[test]
fn detection_and_bytes() {
    let cleaner = Cleaner::default();
    let html = page(&format!("<article><p>{P1}</p><p>{P2}</p></article>"));
    assert_eq!(cleaner.clean(&html).text(), format!("{P1}\n{P2}\n"));
    assert_eq!(
        cleaner.clean(&format!("{P1}\n{P2}\n")).text(),
        format!("{P1}\n{P2}\n")
    );
    let latin1 = b"<html><head><meta charset='iso-8859-1'></head><body><p>Le caf\xE9 du port rouvre ses portes apr\xE8s trois mois de travaux, a annonc\xE9 la mairie.</p></body></html>";
    assert!(cleaner.clean_bytes(latin1).text().contains("café du port"));
    assert_eq!(cleaner.clean_html("").text(), "");
    assert_eq!(cleaner.clean_html("<html><body></body></html>").text(), "");
}

#[test]
fn an_svg_icon_title_is_not_the_page_title() {
    let body = format!(
        "<article><svg viewBox='0 0 8 8'><title>Ferry icon</title><path d='M0 0h8v8z'/></svg><h1>Ferry schedule changes</h1><p>{P1}</p></article>"
    );
    // No <title> in the head: the headline stands for it, not the icon's.
    let html = format!("<html><head></head><body>{body}</body></html>");
    let cleaner = Cleaner::default();
    assert_eq!(
        cleaner.clean_html(&html).title(),
        Some("Ferry schedule changes")
    );
    let doc = Html::parse_document(&html);
    assert_eq!(
        cleaner.clean_document(&doc).title(),
        Some("Ferry schedule changes")
    );
}

#[test]
fn the_title_comes_from_title_then_og_title_then_the_first_headline() {
    let cleaner = Cleaner::default();
    let page = |head: &str| {
        format!(
            "<html><head>{head}</head><body><article><h1>Headline  one</h1><p>{P1}</p><h1>Headline two</h1></article></body></html>"
        )
    };
    let cases = [
        (
            "<meta property='og:title' content='From og'><title>From\n title</title>",
            "From title",
        ),
        (
            "<meta name='og:title' content='A name, not a property'><meta property='og:title' content=' From  og '>",
            "From og",
        ),
        ("<meta property='og:title' content='  '>", "Headline one"),
        (
            "<meta property='og:description' content='Not a title'>",
            "Headline one",
        ),
    ];
    for (head, want) in cases {
        let html = page(head);
        assert_eq!(cleaner.clean_html(&html).title(), Some(want), "{head}");
        let doc = Html::parse_document(&html);
        assert_eq!(cleaner.clean_document(&doc).title(), Some(want), "{head}");
    }
}

#[test]
fn a_headline_standing_for_the_title_leaves_out_script_text() {
    // No <title>, and a headline left open around a script.
    let html = format!(
        "<html><head></head><body><h1>Ferry schedule changes<script>var x = 1;</script></h2><p>{P1}</p></body></html>"
    );
    let cleaner = Cleaner::default();
    let doc = Html::parse_document(&html);
    for title in [
        cleaner.clean_html(&html).title().map(str::to_string),
        cleaner.clean_document(&doc).title().map(str::to_string),
    ] {
        let title = title.expect("a title");
        assert!(title.starts_with("Ferry schedule changes"), "{title}");
        assert!(!title.contains("var x"), "{title}");
    }
}
