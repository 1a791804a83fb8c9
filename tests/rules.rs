//! Table-driven tests of single rules: for each case, a small document and
//! the fate of one line in it (kept, or removed as a given kind).

#![allow(clippy::unwrap_used)]

use deboiler::{Cleaner, Focus, Kind};

const P1: &str = "The harbour commission met on Tuesday to discuss the new ferry schedule for the summer months.";
const P2: &str = "Officials said the changes would add two crossings a day and cut waiting times at the busiest hours.";

struct Case {
    name: &'static str,
    /// Lines of the document; `{P1}` and `{P2}` stand for article paragraphs.
    doc: &'static [&'static str],
    /// 1-based line under test.
    line: usize,
    /// `None`: the line is kept. `Some(kind)`: it is removed as `kind`.
    want: Option<Kind>,
}

const CASES: &[Case] = &[
    Case {
        name: "share widget with site name",
        doc: &["{P1}", "Share this @example.com", "{P2}"],
        line: 2,
        want: Some(Kind::Share),
    },
    Case {
        name: "share buttons on one line",
        doc: &["{P1}", "Share on Facebook Share on X Email", "{P2}"],
        line: 2,
        want: Some(Kind::Share),
    },
    Case {
        name: "tagdiv ad marker",
        doc: &["{P1}", "- Advertisement -spot_img", "{P2}"],
        line: 2,
        want: Some(Kind::Advertisement),
    },
    Case {
        name: "ad marker with scroll prompt",
        doc: &["{P1}", "Advertisement · Scroll to continue", "{P2}"],
        line: 2,
        want: Some(Kind::Advertisement),
    },
    Case {
        name: "capitals promo between paragraphs",
        doc: &[
            "{P1}",
            "MAYOR UNVEILS PLAN TO FIX EVERY POTHOLE BY SUMMER",
            "{P2}",
        ],
        line: 2,
        want: Some(Kind::Promo),
    },
    Case {
        name: "subheading between paragraphs stays",
        doc: &["{P1}", "A new schedule for the summer", "{P2}"],
        line: 2,
        want: None,
    },
    Case {
        name: "title before the article stays",
        doc: &[
            "Ferry schedule to change this summer",
            "Share this",
            "{P1}",
            "{P2}",
        ],
        line: 1,
        want: None,
    },
    Case {
        name: "menu word before the article goes",
        doc: &[
            "Sport",
            "Share this",
            "Ferry schedule to change this summer",
            "{P1}",
            "{P2}",
        ],
        line: 1,
        want: Some(Kind::LowDensity),
    },
    Case {
        name: "view counter",
        doc: &["{P1}", "412 views", "{P2}"],
        line: 2,
        want: Some(Kind::Metadata),
    },
    Case {
        name: "bare counter",
        doc: &["{P1}", "0", "{P2}"],
        line: 2,
        want: Some(Kind::Metadata),
    },
    Case {
        name: "byline",
        doc: &[
            "Ferry schedule to change this summer",
            "By Jane Doe and John Roe",
            "{P1}",
            "{P2}",
        ],
        line: 2,
        want: Some(Kind::Metadata),
    },
    Case {
        name: "sentence starting with By stays",
        doc: &[
            "{P1}",
            "By the time the ferry arrived, the queue had gone.",
            "{P2}",
        ],
        line: 2,
        want: None,
    },
    Case {
        name: "dateline with time",
        doc: &["{P1}", "Updated March 3, 2024 at 5:00 pm ET", "{P2}"],
        line: 2,
        want: Some(Kind::Metadata),
    },
    Case {
        name: "copyright line",
        doc: &[
            "{P1}",
            "{P2}",
            "© 2024 Harbour News Ltd. All rights reserved.",
        ],
        line: 3,
        want: Some(Kind::Legal),
    },
    Case {
        name: "cookie notice",
        doc: &[
            "We use cookies to give you the best experience on our website.",
            "{P1}",
            "{P2}",
        ],
        line: 1,
        want: Some(Kind::Cookie),
    },
    Case {
        name: "browser warning",
        doc: &[
            "{P1}",
            "{P2}",
            "IE 11 is not supported. For an optimal experience visit our site on another browser.",
        ],
        line: 3,
        want: Some(Kind::BrowserWarning),
    },
    Case {
        name: "newsletter prompt",
        doc: &["{P1}", "Sign up for our newsletter", "{P2}"],
        line: 2,
        want: Some(Kind::Newsletter),
    },
    Case {
        name: "related heading takes teasers",
        doc: &[
            "{P1}",
            "{P2}",
            "Related Articles",
            "Bridge closed after barge strike",
            "New terminal opens",
        ],
        line: 4,
        want: Some(Kind::Related),
    },
    Case {
        name: "teaser section stops at a paragraph",
        doc: &["{P1}", "Read more", "{P2}"],
        line: 3,
        want: None,
    },
    Case {
        name: "comment form",
        doc: &[
            "{P1}",
            "{P2}",
            "Leave a Reply",
            "Your email address will not be published. Required fields are marked *",
        ],
        line: 4,
        want: Some(Kind::Comments),
    },
    Case {
        name: "skip link",
        doc: &["Skip to content", "{P1}", "{P2}"],
        line: 1,
        want: Some(Kind::Navigation),
    },
    Case {
        name: "colon promo",
        doc: &["{P1}", "WATCH: The ferry's first crossing", "{P2}"],
        line: 2,
        want: Some(Kind::Promo),
    },
    Case {
        name: "watch as a verb stays",
        doc: &["{P1}", "Watch the tide tables", "{P2}"],
        line: 2,
        want: None,
    },
    Case {
        name: "shares of a company stay",
        doc: &["{P1}", "Shares of Acme fell 4 percent on Monday.", "{P2}"],
        line: 2,
        want: None,
    },
    Case {
        name: "comments to reporters stay",
        doc: &[
            "{P1}",
            "In comments to reporters, the mayor said the plan was final.",
            "{P2}",
        ],
        line: 2,
        want: None,
    },
    Case {
        name: "cookies as a recipe heading stay",
        doc: &["{P1}", "Cookies", "{P2}"],
        line: 2,
        want: None,
    },
    Case {
        name: "list item after the article stays",
        doc: &["{P1}", "{P2}", "- Bring a valid ticket"],
        line: 3,
        want: None,
    },
    Case {
        name: "sentence after the article stays",
        doc: &["{P1}", "{P2}", "The AP contributed to this report."],
        line: 3,
        want: None,
    },
    Case {
        name: "teaser title after the article goes",
        doc: &["{P1}", "{P2}", "Storm knocks out power to thousands"],
        line: 3,
        want: Some(Kind::LowDensity),
    },
    Case {
        name: "russian share in capitals",
        doc: &["{P1}", "ПОДЕЛИТЬСЯ", "{P2}"],
        line: 2,
        want: Some(Kind::Share),
    },
    Case {
        name: "german share in capitals",
        doc: &["{P1}", "TEILEN", "{P2}"],
        line: 2,
        want: Some(Kind::Share),
    },
    Case {
        name: "french related with accent",
        doc: &[
            "{P1}",
            "{P2}",
            "À LIRE AUSSI",
            "Le marché déménage place de la Gare",
        ],
        line: 4,
        want: Some(Kind::Related),
    },
    Case {
        name: "french related without accent",
        doc: &[
            "{P1}",
            "{P2}",
            "A lire aussi",
            "Le marché déménage place de la Gare",
        ],
        line: 4,
        want: Some(Kind::Related),
    },
    Case {
        name: "full-width latin",
        doc: &["{P1}", "ＳＨＡＲＥ", "{P2}"],
        line: 2,
        want: Some(Kind::Share),
    },
    Case {
        name: "chinese related heading",
        doc: &["{P1}", "{P2}", "相关阅读", "地铁新线路下月开通"],
        line: 4,
        want: Some(Kind::Related),
    },
    Case {
        name: "japanese sponsor link",
        doc: &["{P1}", "スポンサーリンク", "{P2}"],
        line: 2,
        want: Some(Kind::Advertisement),
    },
    Case {
        name: "spanish comment form",
        doc: &[
            "{P1}",
            "{P2}",
            "Tu dirección de correo electrónico no será publicada.",
        ],
        line: 3,
        want: Some(Kind::Comments),
    },
    Case {
        name: "polish sentence about sharing stays",
        doc: &[
            "{P1}",
            "Udostępnij sąsiadom swoją kosiarkę, radzi burmistrz w liście do mieszkańców.",
            "{P2}",
        ],
        line: 2,
        want: None,
    },
    Case {
        name: "embedded post credit",
        doc: &["{P1}", "— Jane Doe (@janedoe) June 2, 2024", "{P2}"],
        line: 2,
        want: Some(Kind::Metadata),
    },
];

fn expand(doc: &[&str]) -> String {
    let mut out = String::new();
    for line in doc {
        out += &line.replace("{P1}", P1).replace("{P2}", P2);
        out.push('\n');
    }
    out
}

fn fate(cleaner: &Cleaner, doc: &str, line: usize) -> Option<Kind> {
    let cleaned = cleaner.clean_text(doc);
    cleaned.removals().iter().find_map(|r| match r.location() {
        deboiler::Location::Lines { first, last, .. } if (*first..=*last).contains(&line) => {
            Some(r.kind())
        }
        _ => None,
    })
}

#[test]
fn rules() {
    let cleaner = Cleaner::default();
    let mut failures = Vec::new();
    for case in CASES {
        let doc = expand(case.doc);
        let got = fate(&cleaner, &doc, case.line);
        if got != case.want {
            failures.push(format!(
                "{}: line {} expected {:?}, got {:?}\n{}",
                case.name, case.line, case.want, got, doc
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failing:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn kept_kinds_stay() {
    let doc = expand(&[
        "{P1}",
        "{P2}",
        "Leave a Reply",
        "Comments are welcome here, said nobody.",
    ]);
    let keep = Cleaner::builder().keep(Kind::Comments).build().unwrap();
    assert!(keep.clean_text(&doc).text().contains("Leave a Reply"));
    assert!(
        !Cleaner::default()
            .clean_text(&doc)
            .text()
            .contains("Leave a Reply")
    );
}

#[test]
fn focus_moves_the_thresholds() {
    // A seven-word sentence after the article: a sentence for Balanced and
    // Recall, gone under Precision.
    let doc = expand(&["{P1}", "{P2}", "The AP contributed to this report."]);
    let text = |focus| {
        Cleaner::builder()
            .focus(focus)
            .build()
            .unwrap()
            .clean_text(&doc)
            .into_text()
    };
    assert!(text(Focus::Recall).contains("The AP contributed"));
    assert!(text(Focus::Balanced).contains("The AP contributed"));
    assert!(!text(Focus::Precision).contains("The AP contributed"));
}

#[test]
fn user_phrases_and_tables() {
    let doc = expand(&[
        "{P1}",
        "From the Daily Bugle archive",
        "Spider sightings up",
        "{P2}",
        "Bugle Plus: read without ads",
    ]);
    let cleaner = Cleaner::builder()
        .phrase(Kind::Promo, deboiler::MatchMode::Start, "Bugle Plus:")
        .phrase_table("bugle", "[related]\nheading From the Daily Bugle archive\n")
        .build()
        .unwrap();
    let cleaned = cleaner.clean_text(&doc);
    assert!(!cleaned.text().contains("Bugle"), "{}", cleaned.text());
    assert!(!cleaned.text().contains("Spider"), "{}", cleaned.text());
    let rule = cleaned
        .removals()
        .iter()
        .find(|r| r.kind() == Kind::Related)
        .unwrap()
        .rule()
        .to_string();
    assert!(rule.contains("bugle:2"), "{rule}");
}

#[test]
fn disabled_builtin_phrases() {
    let doc = expand(&["{P1}", "Advertisement", "{P2}"]);
    let cleaner = Cleaner::builder()
        .disable_phrase("ADVERTISEMENT")
        .build()
        .unwrap();
    assert!(cleaner.clean_text(&doc).text().contains("Advertisement"));
    let err = Cleaner::builder()
        .disable_phrase("no such phrase anywhere")
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("no such phrase anywhere"), "{err}");
}

#[test]
fn bad_configuration_is_a_typed_error() {
    let cases: &[(&str, Option<usize>, &str)] = &[
        (
            "[share]\nline share this\n[sharing]\n",
            Some(3),
            "unknown boilerplate kind \"sharing\"",
        ),
        ("[share]\nline\n", Some(2), "no phrase"),
        (
            "[share]\neverywhere share\n",
            Some(2),
            "unknown match \"everywhere\"",
        ),
        ("line share\n", Some(1), "before any [kind]"),
        ("[share]\nline ...\n", Some(2), "can never match"),
    ];
    for (table, line, msg) in cases {
        let err = Cleaner::builder()
            .phrase_table("mine", table)
            .build()
            .unwrap_err();
        assert_eq!(err.line(), *line, "{table:?}: {err}");
        assert_eq!(err.table_name(), Some("mine"));
        assert!(err.to_string().contains(msg), "{table:?}: {err}");
        let _: &dyn std::error::Error = &err;
    }
    let err = Cleaner::builder()
        .phrase(Kind::Share, deboiler::MatchMode::Line, "  ")
        .build()
        .unwrap_err();
    assert_eq!(err.line(), Some(1), "{err}");
    let err = Cleaner::builder()
        .languages(["klingon"])
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("klingon"), "{err}");
}

#[test]
fn public_types_are_thread_safe() {
    fn check<T: Send + Sync + std::panic::UnwindSafe + std::panic::RefUnwindSafe>() {}
    check::<Cleaner>();
    check::<deboiler::CleanerBuilder>();
    check::<deboiler::Cleaned>();
    check::<deboiler::Removal>();
    check::<deboiler::Rule>();
    check::<deboiler::Error>();
    check::<Kind>();
}

#[test]
fn one_cleaner_many_threads() {
    let cleaner = Cleaner::default();
    let doc = expand(&["Share this", "{P1}", "{P2}"]);
    let want = cleaner.clean_text(&doc);
    std::thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| assert_eq!(cleaner.clean_text(&doc), want));
        }
    });
}

#[test]
fn explanations_name_kind_rule_and_place() {
    let doc = expand(&["Share this @example.com", "{P1}", "{P2}"]);
    let cleaned = deboiler::clean_text(&doc);
    let r = &cleaned.removals()[0];
    assert_eq!(r.text(), "Share this @example.com");
    assert_eq!(r.location().to_string(), "line 1");
    let deboiler::Location::Lines { bytes, .. } = r.location() else {
        panic!()
    };
    assert_eq!(&doc[bytes.clone()], "Share this @example.com");
    let shown = r.to_string();
    assert!(
        shown.contains("share") && shown.contains("\"share this\"") && shown.contains("en:"),
        "{shown}"
    );
}

#[test]
fn awkward_input() {
    let cleaner = Cleaner::default();
    assert_eq!(cleaner.clean_text("").text(), "");
    assert_eq!(cleaner.clean_text("\n\n\r\n").text(), "");
    let crlf = expand(&["Share this", "{P1}", "{P2}"]).replace('\n', "\r\n");
    assert_eq!(cleaner.clean_text(&crlf).text(), format!("{P1}\n{P2}\n"));
    let nul = format!("{P1}\n\u{0}\u{0}\n{P2}\n");
    assert!(cleaner.clean_text(&nul).text().contains(P2));
    let long = "word ".repeat(200_000);
    assert_eq!(cleaner.clean_text(&long).text().trim_end(), long.trim_end());
}

#[cfg(feature = "whatlang")]
#[test]
fn detected_language_picks_the_tables() {
    let cleaner = Cleaner::builder().detect_language(true).build().unwrap();
    let de = "Teilen\nDer Stadtrat hat am Dienstagabend mit großer Mehrheit beschlossen, in den kommenden zwei Jahren vier Kilometer neue Radwege zu bauen.\nDie Radwege sollen baulich von der Fahrbahn getrennt werden, dafür fallen etwa achtzig Parkplätze weg.\n";
    let cleaned = cleaner.clean_text(de);
    assert_eq!(cleaned.language(), Some("de"));
    assert!(!cleaned.text().contains("Teilen"));
    // In an English document, a French word is not looked up in the French
    // table (it may still go for other reasons, but not by a French phrase).
    let en = expand(&["{P1}", "Partager", "{P2}"]);
    let cleaned = cleaner.clean_text(&en);
    assert_eq!(cleaned.language(), Some("en"));
    assert!(
        cleaned
            .removals()
            .iter()
            .all(|r| !matches!(r.rule(), deboiler::Rule::Phrase(p) if p.table() == "fr"))
    );
    assert_eq!(Cleaner::default().clean_text(&en).language(), None);
}
