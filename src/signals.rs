//! DOM signals: what an element's `class`, `id`, `role`, `aria-label`,
//! `itemprop` and `data-*` attributes say it holds. The table is the data
//! file `signals.txt`, compiled once into an Aho-Corasick automaton over the
//! attributes' words.

use std::cell::RefCell;

use aho_corasick::nfa::contiguous;
use once_cell::sync::Lazy;
use rustc_hash::FxHashMap;

use crate::kind::Kind;
use crate::phrases::{self, Pad, WordPhrases, pad};
use crate::scan;

/// One signal: the boilerplate kind it points to (`None` for article
/// content) and its words as written.
#[derive(Debug)]
pub(crate) struct Signal {
    pub kind: Option<Kind>,
    pub words: String,
}

#[derive(Debug)]
pub(crate) struct Signals {
    /// The signals' words padded as phrases are (see [`pad`]): every match
    /// is of whole words. For attribute text with letters of scripts
    /// without spaces.
    automaton: contiguous::NFA,
    pads: Vec<Pad>,
    /// The signals matched word by word, as phrases are: for all other
    /// attribute text.
    words: Option<WordPhrases>,
    /// Length of each signal's normalised words: the longest match wins.
    lengths: Vec<usize>,
    signals: Vec<Signal>,
}

/// What an element's attributes say.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct ElementSignal {
    /// The most specific boilerplate signal (the longest), as an index.
    pub negative: Option<u32>,
    /// Whether a content signal is present.
    pub positive: bool,
    /// `itemprop="articleBody"`: the article's text, as schema.org marks it.
    pub article_body: bool,
}

pub(crate) static SIGNALS: Lazy<Signals> = Lazy::new(|| {
    Signals::parse(include_str!("signals.txt"))
        .expect("signals.txt is valid (checked by the tests)")
});

impl Signals {
    /// Parses the signal table: `[kind]` or `[content]` groups, one signal a
    /// line, `#` comments.
    pub(crate) fn parse(text: &str) -> Result<Signals, String> {
        let mut group: Option<Option<Kind>> = None;
        let mut signals = Vec::new();
        let mut patterns = Vec::new();
        let mut norm = String::new();
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                group = Some(if name == "content" {
                    None
                } else {
                    Some(
                        name.parse::<Kind>()
                            .map_err(|e| format!("line {}: {e}", i + 1))?,
                    )
                });
                continue;
            }
            let Some(kind) = group else {
                return Err(format!("line {}: signal before any group", i + 1));
            };
            scan::scan_line(line, &mut norm);
            if norm.is_empty() {
                return Err(format!("line {}: {line:?} can never match", i + 1));
            }
            if patterns.contains(&norm) {
                return Err(format!("line {}: duplicate signal {line:?}", i + 1));
            }
            patterns.push(norm.clone());
            signals.push(Signal {
                kind,
                words: line.to_string(),
            });
        }
        let (padded, pads): (Vec<String>, Vec<Pad>) = patterns.iter().map(|p| pad(p)).unzip();
        let automaton = phrases::automaton(&padded).map_err(|e| e.to_string())?;
        Ok(Signals {
            automaton,
            pads,
            words: WordPhrases::new(&patterns),
            lengths: patterns.iter().map(String::len).collect(),
            signals,
        })
    }

    /// The number of signals.
    pub(crate) fn len(&self) -> u32 {
        u32::try_from(self.signals.len()).unwrap_or(u32::MAX)
    }

    pub(crate) fn get(&self, index: u32) -> &Signal {
        &self.signals[index as usize]
    }

    /// Reads an element's attributes, with the buffers and the memory of
    /// what was read before (see [`SignalScratch`]).
    pub(crate) fn read(
        &self,
        element: &scraper::node::Element,
        scratch: &mut SignalScratch,
    ) -> ElementSignal {
        let SignalScratch {
            raw,
            norm,
            seen,
            symbols,
            found,
            ..
        } = scratch;
        raw.clear();
        let mut article_body = false;
        for (name, value) in element.attrs() {
            article_body |= name == "itemprop" && value == "articleBody";
            let wanted = matches!(name, "class" | "id" | "role" | "aria-label" | "itemprop");
            if let Some(data) = name.strip_prefix("data-") {
                // The attribute's name and a value that names a component
                // ("share-bar"); payloads (JSON, URLs) say nothing.
                push_words(raw, data);
                if value.len() <= MAX_DATA_VALUE && !value.contains(['{', ':', '/', '=']) {
                    push_words(raw, value);
                }
            } else if wanted {
                push_words(raw, value);
            }
        }
        let mut out = ElementSignal {
            article_body,
            ..ElementSignal::default()
        };
        if raw.is_empty() {
            return out;
        }
        // Pages repeat their class lists, and so do the pages of a site:
        // each is read once.
        if let Some(&(negative, positive)) = seen.map.get(raw.as_str()) {
            out.negative = negative;
            out.positive = positive;
            return out;
        }
        // Matching overwrites `raw`.
        let key: Box<str> = raw.as_str().into();
        self.match_words(raw, norm, symbols, found, &mut out);
        seen.insert(key, (out.negative, out.positive));
        out
    }

    /// Matches the attribute words in `raw` (which it overwrites).
    fn match_words(
        &self,
        raw: &mut String,
        norm: &mut String,
        symbols: &mut Vec<u8>,
        found: &mut Vec<(usize, usize, u32)>,
        out: &mut ElementSignal,
    ) {
        let features = scan::scan_line(raw, norm);
        if norm.is_empty() {
            return;
        }
        found.clear();
        match &self.words {
            Some(words) if features.nospace_letters == 0 => {
                words.search(norm, symbols, found);
            }
            _ => {
                // The attribute text is done with: `raw` becomes the padded
                // words.
                raw.clear();
                raw.push(' ');
                raw.push_str(norm);
                raw.push(' ');
                phrases::each_match(&self.automaton, raw.as_bytes(), |start, end, index| {
                    let (start, end) = self.pads[index as usize].unpad(start, end);
                    found.push((start, end, index));
                });
            }
        }
        let mut best_len = 0;
        for &(_, _, index) in found.iter() {
            match self.signals[index as usize].kind {
                None => out.positive = true,
                Some(_) if self.lengths[index as usize] > best_len => {
                    best_len = self.lengths[index as usize];
                    out.negative = Some(index);
                }
                Some(_) => {}
            }
        }
    }
}

/// Distinct attribute texts remembered, at most, and their bytes: past
/// either, what was remembered is forgotten.
const MAX_REMEMBERED: usize = 4096;
const MAX_REMEMBERED_BYTES: usize = 1 << 20;

/// What attribute texts were read as.
#[derive(Debug, Default)]
pub(crate) struct Remembered {
    /// Attribute text → (boilerplate signal, content signal).
    map: FxHashMap<Box<str>, (Option<u32>, bool)>,
    /// The bytes of the texts.
    bytes: usize,
}

impl Remembered {
    fn insert(&mut self, raw: Box<str>, read: (Option<u32>, bool)) {
        if self.map.len() >= MAX_REMEMBERED || self.bytes + raw.len() > MAX_REMEMBERED_BYTES {
            self.map.clear();
            self.bytes = 0;
        }
        self.bytes += raw.len();
        self.map.insert(raw, read);
    }
}

thread_local! {
    /// What the built-in signals read attribute texts as on this thread,
    /// kept from page to page: the pages of a site, and of a publishing
    /// system, share their class lists.
    static REMEMBERED: RefCell<Remembered> = RefCell::default();
}

/// Buffers for [`Signals::read`] and what it has read.
#[derive(Debug, Default)]
pub(crate) struct SignalScratch {
    raw: String,
    norm: String,
    /// Word symbols and matches of the attribute text being read.
    symbols: Vec<u8>,
    found: Vec<(usize, usize, u32)>,
    seen: Remembered,
    /// Whether `seen` is the thread's (see [`SignalScratch::builtin`]),
    /// given back when the scratch is dropped.
    shared: bool,
}

impl SignalScratch {
    /// Scratch for reading with the built-in signals ([`SIGNALS`]): it
    /// holds what they read on this thread before, and keeps what they read
    /// now for the next page.
    pub(crate) fn builtin() -> SignalScratch {
        // Taken, not borrowed: a panic while cleaning loses the memory, and
        // nothing else.
        let seen = REMEMBERED
            .try_with(|r| std::mem::take(&mut *r.borrow_mut()))
            .unwrap_or_default();
        let mut scratch = SignalScratch::default();
        scratch.seen = seen;
        scratch.shared = true;
        scratch
    }
}

impl Drop for SignalScratch {
    fn drop(&mut self) {
        if self.shared {
            let seen = std::mem::take(&mut self.seen);
            // The thread may be going away: then the memory goes too.
            let _ = REMEMBERED.try_with(|r| *r.borrow_mut() = seen);
        }
    }
}

/// Appends an attribute value, split into words at camelCase humps, so that
/// `commentForm` reads "comment Form".
fn push_words(out: &mut String, value: &str) {
    if !out.is_empty() {
        out.push(' ');
    }
    if value.is_ascii() {
        // Byte by byte, copying the runs between humps whole.
        let bytes = &value.as_bytes()[..value.len().min(MAX_ATTRIBUTE_CHARS)];
        let mut from = 0;
        for i in 1..bytes.len() {
            if bytes[i].is_ascii_uppercase() && bytes[i - 1].is_ascii_lowercase() {
                out.push_str(&value[from..i]);
                out.push(' ');
                from = i;
            }
        }
        out.push_str(&value[from..bytes.len()]);
    } else {
        push_words_chars(out, value);
    }
}

/// [`push_words`] for values of any script, character by character.
fn push_words_chars(out: &mut String, value: &str) {
    let mut prev_lower = false;
    for c in value.chars().take(MAX_ATTRIBUTE_CHARS) {
        if c.is_uppercase() && prev_lower {
            out.push(' ');
        }
        prev_lower = c.is_lowercase();
        out.push(c);
    }
}

/// `data-*` values longer than this are payloads, not component names.
const MAX_DATA_VALUE: usize = 64;

/// Attribute values longer than this are read only this far: signals sit in
/// class names and ids, not in long data payloads.
const MAX_ATTRIBUTE_CHARS: usize = 512;

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use scraper::Html;

    proptest! {
        /// The byte path for ASCII values splits as the character path does.
        #[test]
        fn ascii_words_split_as_chars_do(value in "[a-zA-Z0-9_ -]{0,600}") {
            let (mut fast, mut slow) = ("x".to_string(), "x".to_string());
            push_words(&mut fast, &value);
            slow.push(' ');
            push_words_chars(&mut slow, &value);
            prop_assert_eq!(fast, slow);
        }
    }

    fn signal_of(attrs: &str) -> (Option<Kind>, bool) {
        let html = Html::parse_fragment(&format!("<div {attrs}></div>"));
        let el = html
            .root_element()
            .children()
            .find_map(scraper::ElementRef::wrap)
            .expect("a div");
        let s = SIGNALS.read(el.value(), &mut SignalScratch::default());
        (s.negative.and_then(|i| SIGNALS.get(i).kind), s.positive)
    }

    /// The word-symbol search of attribute words finds what the padded
    /// search finds: on every element of the corpus pages, and on every
    /// signal written as a class name.
    #[test]
    fn word_search_agrees_with_padded_search() {
        let words = Signals::parse(include_str!("signals.txt")).expect("valid");
        let mut padded = Signals::parse(include_str!("signals.txt")).expect("valid");
        padded.words = None;
        assert!(words.words.is_some());
        let mut pages: Vec<String> = words
            .signals
            .iter()
            .map(|s| {
                let class = s.words.replace(' ', "-");
                format!("<div class='x {class} y'></div><div id='{class}Box'></div>")
            })
            .collect();
        pages.extend(crate::test_corpus::files("html"));
        let (mut a, mut b) = (SignalScratch::default(), SignalScratch::default());
        let mut negatives = 0;
        for page in &pages {
            let doc = Html::parse_document(page);
            for node in doc.tree.nodes() {
                if let scraper::Node::Element(el) = node.value() {
                    let got = words.read(el, &mut a);
                    assert_eq!(got, padded.read(el, &mut b), "{:?}", el);
                    negatives += usize::from(got.negative.is_some());
                }
            }
        }
        assert!(negatives > words.signals.len(), "{negatives}");
    }

    /// What the built-in signals remember from page to page changes no
    /// reading: every element of the corpus pages, read on a thread that
    /// read all the pages before, reads as it does on a fresh thread.
    #[test]
    fn remembered_readings_are_the_readings() {
        let pages = crate::test_corpus::files("html");
        let read_all = || {
            let mut out = Vec::new();
            for page in &pages {
                let doc = Html::parse_document(page);
                let mut scratch = SignalScratch::builtin();
                for node in doc.tree.nodes() {
                    if let scraper::Node::Element(el) = node.value() {
                        out.push(SIGNALS.read(el, &mut scratch));
                    }
                }
            }
            out
        };
        let fresh = std::thread::scope(|s| s.spawn(read_all).join().expect("no panic"));
        let warm = std::thread::scope(|s| {
            s.spawn(|| {
                read_all();
                let remembered = REMEMBERED.with(|r| r.borrow().map.len());
                (remembered, read_all())
            })
            .join()
            .expect("no panic")
        });
        assert!(warm.0 > 100, "{}", warm.0);
        assert_eq!(fresh, warm.1);
        assert!(fresh.iter().filter(|s| s.negative.is_some()).count() > 20);
    }

    #[test]
    fn memory_is_bounded_in_entries_and_bytes() {
        let mut seen = Remembered::default();
        for i in 0..MAX_REMEMBERED {
            seen.insert(format!("a{i}").into(), (None, false));
        }
        assert_eq!(seen.map.len(), MAX_REMEMBERED);
        seen.insert("one more".into(), (None, true));
        assert_eq!(seen.map.len(), 1);
        assert_eq!(seen.bytes, "one more".len());
        let long = "x".repeat(MAX_REMEMBERED_BYTES / 3);
        for i in 0..3 {
            seen.insert(format!("{long}{i}").into(), (None, false));
        }
        assert!(seen.bytes <= MAX_REMEMBERED_BYTES, "{}", seen.bytes);
        assert!(seen.map.len() <= 2, "{}", seen.map.len());
    }

    #[test]
    fn signal_table() {
        let cases: &[(&str, Option<Kind>, bool)] = &[
            ("class=\"comment-form\"", Some(Kind::Comments), false),
            ("id=\"comments\"", Some(Kind::Comments), false),
            ("class=\"commentary\"", None, false),
            ("class=\"header\"", None, false),
            ("class=\"shadow\"", None, false),
            ("class=\"ad-slot\"", Some(Kind::Advertisement), false),
            ("id=\"commentForm\"", Some(Kind::Comments), false),
            ("class=\"jp-relatedposts\"", Some(Kind::Related), false),
            (
                "data-component=\"you-may-also-like\"",
                Some(Kind::Related),
                false,
            ),
            ("class=\"share-buttons social\"", Some(Kind::Share), false),
            ("role=\"navigation\"", Some(Kind::Navigation), false),
            ("class=\"cookie-banner\"", Some(Kind::Cookie), false),
            ("class=\"entry-content\"", None, true),
            ("itemprop=\"articleBody\"", None, true),
            ("class=\"newsletter-signup\"", Some(Kind::Newsletter), false),
            ("class=\"headline\"", None, false),
            ("class=\"download\"", None, false),
        ];
        for (attrs, kind, positive) in cases {
            assert_eq!(signal_of(attrs), (*kind, *positive), "{attrs}");
        }
    }
}
