//! Phrase tables: parsing the data files and matching lines against them.
//!
//! Every table (built-in or the user's) is parsed into entries, and the
//! entries' normalised phrases go into Aho-Corasick automata. A short line
//! of a script written with spaces is matched by one overlapping search over
//! the symbols of its words (see [`WordPhrases`]); a short line with letters
//! of a script without spaces, by one over its padded normalised form. A
//! longer line is searched only for the phrases that can still fire there
//! (see [`LongLines`]).

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::nfa::contiguous;
use aho_corasick::{Anchored, BuildError, MatchKind, dfa};
use once_cell::sync::OnceCell;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::error::{Error, TableProblem};
use crate::kind::Kind;
use crate::scan::{self, Features, TokenClass, is_nospace_script};

/// The built-in phrase tables, one per language: (code, table text).
const BUILTIN: &[(&str, &str)] = &[
    ("en", include_str!("phrases/en.txt")),
    ("de", include_str!("phrases/de.txt")),
    ("fr", include_str!("phrases/fr.txt")),
    ("es", include_str!("phrases/es.txt")),
    ("it", include_str!("phrases/it.txt")),
    ("pt", include_str!("phrases/pt.txt")),
    ("nl", include_str!("phrases/nl.txt")),
    ("pl", include_str!("phrases/pl.txt")),
    ("ru", include_str!("phrases/ru.txt")),
    ("uk", include_str!("phrases/uk.txt")),
    ("tr", include_str!("phrases/tr.txt")),
    ("zh", include_str!("phrases/zh.txt")),
    ("ja", include_str!("phrases/ja.txt")),
];

/// Codes of the languages that have a built-in phrase table.
pub(crate) fn builtin_languages() -> Vec<&'static str> {
    BUILTIN.iter().map(|(code, _)| *code).collect()
}

pub(crate) fn builtin_table(code: &str) -> Option<&'static str> {
    BUILTIN
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, text)| *text)
}

/// How a phrase matches a line.
///
/// Matching is always case-insensitive and ignores punctuation, bullets,
/// numbers and site names around the words (see the crate docs).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "kebab-case")
)]
#[non_exhaustive]
pub enum MatchMode {
    /// The whole line is the phrase. Several `Line` phrases can fill one line
    /// together ("Share on Facebook Share on X").
    Line,
    /// The line starts with the phrase.
    Start,
    /// The phrase occurs anywhere in the line.
    Anywhere,
    /// The whole line is the phrase, and it opens a boilerplate section: the
    /// teasers, form fields or comment thread after it go with it.
    Heading,
    /// Like [`MatchMode::Heading`], for headings that go on with a title:
    /// "3 thoughts on “Our trip to Rome”".
    HeadingStart,
}

impl MatchMode {
    /// The name used in phrase tables: `line`, `start`, `anywhere`,
    /// `heading`, `heading-start`.
    pub const fn name(self) -> &'static str {
        match self {
            MatchMode::Line => "line",
            MatchMode::Start => "start",
            MatchMode::Anywhere => "anywhere",
            MatchMode::Heading => "heading",
            MatchMode::HeadingStart => "heading-start",
        }
    }

    fn from_name(name: &str) -> Option<MatchMode> {
        [
            MatchMode::Line,
            MatchMode::Start,
            MatchMode::Anywhere,
            MatchMode::Heading,
            MatchMode::HeadingStart,
        ]
        .into_iter()
        .find(|m| m.name() == name)
    }

    fn covers_line(self) -> bool {
        matches!(self, MatchMode::Line | MatchMode::Heading)
    }

    fn anchored(self) -> bool {
        matches!(self, MatchMode::Start | MatchMode::HeadingStart)
    }

    pub(crate) fn opens_section(self) -> bool {
        matches!(self, MatchMode::Heading | MatchMode::HeadingStart)
    }
}

impl fmt::Display for MatchMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One entry of a phrase table, as the rule behind a removal.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Entry {
    pub kind: Kind,
    pub mode: MatchMode,
    /// The phrase as written in the table.
    pub phrase: String,
    /// The table's name: a language code, or the name given to a user table.
    pub table: Arc<str>,
    /// 1-based line in the table.
    pub line: usize,
    /// Words in the normalised phrase.
    pub words: u32,
    /// The normalised phrase.
    pub normalized: String,
    /// The phrase was written with a final colon (`start related:`): the
    /// line must have a colon right after it ("Related: ...").
    pub colon: bool,
    /// The built-in table's bit in a [`LangMask`]; user tables have none and
    /// always apply.
    pub lang_bit: u32,
}

/// A set of built-in tables, one bit each (in [`BUILTIN`] order).
pub(crate) type LangMask = u32;

/// Every table.
pub(crate) const ALL_LANGS: LangMask = u32::MAX;

/// The bit of a built-in language, by code.
pub(crate) fn lang_bit(code: &str) -> Option<LangMask> {
    BUILTIN.iter().position(|(c, _)| *c == code).map(|i| 1 << i)
}

/// Parses a phrase table. `name` names it in errors and explanations.
pub(crate) fn parse_table(name: &str, text: &str) -> Result<Vec<Entry>, Error> {
    let table: Arc<str> = Arc::from(name);
    let mut entries = Vec::new();
    let mut kind = None;
    let mut seen: HashMap<(MatchMode, bool, String), usize> = HashMap::new();
    let mut norm = String::new();
    for (i, raw) in text.lines().enumerate() {
        let line_no = i + 1;
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(rest) = line.strip_prefix('[') {
            let Some(name) = rest.strip_suffix(']') else {
                return Err(Error::table(
                    &table,
                    line_no,
                    TableProblem::Malformed(line.into()),
                ));
            };
            kind = Some(name.parse::<Kind>().map_err(|_| {
                Error::table(
                    &table,
                    line_no,
                    TableProblem::UnknownKind(name.trim().into()),
                )
            })?);
            continue;
        }
        let (how, phrase) = match line.split_once(char::is_whitespace) {
            Some((how, phrase)) => (how, phrase.trim()),
            None => (line, ""),
        };
        let Some(mode) = MatchMode::from_name(how) else {
            return Err(Error::table(
                &table,
                line_no,
                if phrase.is_empty() {
                    TableProblem::Malformed(line.into())
                } else {
                    TableProblem::UnknownHow(how.into())
                },
            ));
        };
        if phrase.is_empty() {
            return Err(Error::table(&table, line_no, TableProblem::MissingPhrase));
        }
        let Some(kind) = kind else {
            return Err(Error::table(&table, line_no, TableProblem::NoGroup));
        };
        let features = scan::scan_line(phrase, &mut norm);
        if norm.is_empty() {
            return Err(Error::table(
                &table,
                line_no,
                TableProblem::NeverMatches(phrase.into()),
            ));
        }
        let colon = phrase.ends_with(':');
        let key = (mode, colon, norm.clone());
        if let Some(&first_line) = seen.get(&key) {
            return Err(Error::table(
                &table,
                line_no,
                TableProblem::Duplicate { first_line },
            ));
        }
        seen.insert(key, line_no);
        entries.push(Entry {
            kind,
            mode,
            phrase: phrase.to_string(),
            table: Arc::clone(&table),
            line: line_no,
            words: features.word_count().max(1),
            normalized: norm.clone(),
            colon,
            lang_bit: 0,
        });
    }
    Ok(entries)
}

/// What a line matched.
#[derive(Clone, Debug)]
pub(crate) struct LineMatch {
    pub entry: Arc<Entry>,
}

/// All enabled phrases, compiled.
#[derive(Debug)]
pub(crate) struct PhraseSet {
    /// The phrases padded with a space on each side that is not a letter of
    /// a script without spaces (see [`pad`]): searched in a line padded the
    /// same way, every match falls on word boundaries.
    automaton: Option<contiguous::NFA>,
    /// For each automaton pattern, which sides carry a pad.
    pads: Vec<Pad>,
    /// For each automaton pattern, the entries that share its phrase.
    pattern_entries: Vec<Vec<Arc<Entry>>>,
    /// The phrases of scripts written with spaces, matched word by word: most
    /// lines are searched here, through a much smaller automaton.
    words: Option<WordPhrases>,
    /// The phrases that can still fire on a line of more than
    /// [`MAX_COVER_WORDS`] words (three words or more, a colon, `©`), in
    /// automata of their own: most of a text's bytes are in such lines, and
    /// the common one-word phrases need not be looked for there. `None`
    /// (where they could not be built, and in the tests' reference): such
    /// lines are searched for all phrases, which finds the same.
    long: Option<LongLines>,
    /// Single words that may follow a byline or date phrase: months, days,
    /// time zones (the one-word `line` entries of the metadata groups).
    metadata_words: FxHashSet<String>,
}

/// The phrases for lines of more than [`MAX_COVER_WORDS`] words, in two
/// automata: those that may match anywhere in the line, and those anchored
/// at its start, walked from the start only for as long as one of them can
/// still match there (a few bytes). Patterns are numbered across both: the
/// `anywhere` ones first.
#[derive(Debug)]
struct LongLines {
    /// Built on first use: a DFA when the patterns are few enough for its
    /// table (such lines are long, and a DFA walks a byte with one table
    /// look-up), an NFA otherwise.
    anywhere: OnceCell<Option<Anywhere>>,
    /// The padded `anywhere` patterns, for building it.
    anywhere_patterns: Vec<String>,
    anchored: Option<contiguous::NFA>,
    pads: Vec<Pad>,
    entries: Vec<Vec<Arc<Entry>>>,
}

/// The automaton of a long line's `anywhere` phrases.
#[derive(Debug)]
enum Anywhere {
    Dfa(dfa::DFA),
    Nfa(contiguous::NFA),
}

/// Bytes of `anywhere` patterns up to which they are compiled into a DFA;
/// its table grows with them (the built-in ones, 6.5 kB, take 2.6 MB).
const MAX_DFA_PATTERN_BYTES: usize = 16 * 1024;

impl LongLines {
    fn anywhere(&self) -> Option<&Anywhere> {
        self.anywhere
            .get_or_init(|| {
                let patterns = &self.anywhere_patterns;
                if patterns.is_empty() {
                    return None;
                }
                let bytes: usize = patterns.iter().map(String::len).sum();
                let dfa = (bytes <= MAX_DFA_PATTERN_BYTES)
                    .then(|| {
                        dfa::DFA::builder()
                            .match_kind(MatchKind::Standard)
                            .build(patterns)
                            .ok()
                    })
                    .flatten();
                match dfa {
                    Some(dfa) => Some(Anywhere::Dfa(dfa)),
                    None => automaton(patterns).ok().map(Anywhere::Nfa),
                }
            })
            .as_ref()
    }
}

/// Phrases matched as sequences of words.
///
/// Every distinct word of the phrases written without letters of scripts
/// without spaces is a symbol (one `char` as UTF-8, the most frequent words
/// the shortest); a phrase is the string of its words' symbols, and a line is
/// searched as the string of its words' symbols, with [`UNKNOWN_WORD`] for
/// words that are in no phrase. A match is then a run of whole words, as in
/// the padded search, for a fraction of the bytes: a word costs one hash
/// lookup and one to three bytes of automaton input instead of its letters.
#[derive(Debug)]
pub(crate) struct WordPhrases {
    /// Symbols of words of up to eight bytes, by the word's bytes as a
    /// number (see [`short_key`]): one multiplication to hash, one
    /// comparison to check.
    short: FxHashMap<u64, Symbol>,
    /// Symbols of longer words.
    long: FxHashMap<Box<str>, Symbol>,
    /// Walked a byte at a time (see [`WordPhrases::search`]).
    automaton: contiguous::NFA,
    /// For each pattern of `automaton`, its pattern in the padded automaton.
    patterns: Vec<u32>,
}

/// A word's symbol: a character's UTF-8 bytes, zero-padded to four.
#[derive(Clone, Copy, Debug)]
struct Symbol {
    utf8: [u8; 4],
    len: u8,
}

impl Symbol {
    fn new(c: char) -> Symbol {
        let mut utf8 = [0; 4];
        let len = c.encode_utf8(&mut utf8).len() as u8;
        Symbol { utf8, len }
    }

    /// Appends the symbol: four bytes written, the padding taken back.
    fn push_to(self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.utf8);
        out.truncate(out.len() - 4 + usize::from(self.len));
    }
}

/// The symbol of a word that is in no phrase: no pattern holds it.
const UNKNOWN_WORD: u8 = 0;

impl WordPhrases {
    /// `phrases` are normalised phrases; matches name them by index in it.
    /// Phrases with letters of scripts without spaces are left out.
    pub(crate) fn new(phrases: &[String]) -> Option<WordPhrases> {
        let spaced = |p: &&String| !p.chars().any(is_nospace_script);
        let mut counts: FxHashMap<&str, usize> = FxHashMap::default();
        for phrase in phrases.iter().filter(spaced) {
            for word in phrase.split(' ') {
                *counts.entry(word).or_default() += 1;
            }
        }
        let mut by_count: Vec<(&str, usize)> = counts.into_iter().collect();
        by_count.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        // Symbols: visible characters, never the zero byte of an unknown
        // word; UTF-8 keeps every match on whole symbols.
        let mut next = 0x21u32;
        let (mut short, mut long) = (FxHashMap::default(), FxHashMap::default());
        for (word, _) in by_count {
            let symbol = loop {
                let c = char::from_u32(next);
                next += 1;
                match c {
                    Some(c) if !c.is_whitespace() && !c.is_control() => break c,
                    Some(_) => {}
                    // Past the surrogates and the end: more words than
                    // characters cannot happen with 1.1 million of them.
                    None if next <= 0x10FFFF => {}
                    None => return None,
                }
            };
            match short_key(word.as_bytes()) {
                Some(key) => short.insert(key, Symbol::new(symbol)),
                None => long.insert(Box::from(word), Symbol::new(symbol)),
            };
        }
        let mut encoded = Vec::new();
        let mut patterns = Vec::new();
        for (i, phrase) in phrases.iter().enumerate() {
            if !spaced(&phrase) {
                continue;
            }
            let mut pattern = Vec::new();
            encode_words(&short, &long, phrase, &mut pattern);
            encoded.push(pattern);
            patterns.push(u32::try_from(i).ok()?);
        }
        if encoded.is_empty() {
            return None;
        }
        let automaton = automaton(&encoded).ok()?;
        Some(WordPhrases {
            short,
            long,
            automaton,
            patterns,
        })
    }

    /// Searches a normalised line without letters of scripts without
    /// spaces: fills `found` with (start, end, phrase index), positions in
    /// `symbols`, which receives the line's word symbols. False when no word
    /// of the line is in a phrase (nothing searched).
    pub(crate) fn search(
        &self,
        norm: &str,
        symbols: &mut Vec<u8>,
        found: &mut Vec<(usize, usize, u32)>,
    ) -> bool {
        symbols.clear();
        if !encode_words(&self.short, &self.long, norm, symbols) {
            return false;
        }
        each_match(&self.automaton, symbols, |start, end, pattern| {
            found.push((start, end, self.patterns[pattern as usize]));
        });
        true
    }
}

/// An Aho-Corasick automaton (the `aho-corasick` crate's contiguous NFA)
/// for an overlapping search of `patterns`: standard semantics report every
/// pattern at every position, which the line-cover check needs.
pub(crate) fn automaton<P: AsRef<[u8]>>(patterns: &[P]) -> Result<contiguous::NFA, BuildError> {
    contiguous::NFA::builder()
        .match_kind(MatchKind::Standard)
        .build(patterns)
}

/// Calls `each(start, end, pattern)` for every match of `automaton` in
/// `haystack`, overlapping ones too, in the order of their ends.
///
/// The automaton is walked a byte at a time through its [`Automaton`]
/// trait: the haystacks are single lines, a dozen bytes of word symbols for
/// most, and an iterator's setup per search and per match costs more than
/// the walk there.
pub(crate) fn each_match(
    automaton: &impl Automaton,
    haystack: &[u8],
    mut each: impl FnMut(usize, usize, u32),
) {
    let Ok(mut sid) = automaton.start_state(Anchored::No) else {
        return;
    };
    for (at, &byte) in haystack.iter().enumerate() {
        sid = automaton.next_state(Anchored::No, sid, byte);
        if automaton.is_special(sid) && automaton.is_match(sid) {
            report(automaton, sid, at + 1, &mut each);
        }
    }
}

/// Like [`each_match`], for matches that start at the haystack's start: the
/// walk stops where no pattern can match any more.
fn each_anchored_match(
    automaton: &impl Automaton,
    haystack: &[u8],
    mut each: impl FnMut(usize, usize, u32),
) {
    let Ok(mut sid) = automaton.start_state(Anchored::Yes) else {
        return;
    };
    for (at, &byte) in haystack.iter().enumerate() {
        sid = automaton.next_state(Anchored::Yes, sid, byte);
        if automaton.is_special(sid) {
            if automaton.is_dead(sid) {
                return;
            }
            if automaton.is_match(sid) {
                report(automaton, sid, at + 1, &mut each);
            }
        }
    }
}

/// Calls `each(start, end, pattern)` for the patterns matched at state `sid`,
/// ending at `end`. Out of line: the walk's loop keeps its few values in
/// registers.
#[inline(never)]
fn report(
    automaton: &impl Automaton,
    sid: StateID,
    end: usize,
    each: &mut impl FnMut(usize, usize, u32),
) {
    for i in 0..automaton.match_len(sid) {
        let pattern = automaton.match_pattern(sid, i);
        each(end - automaton.pattern_len(pattern), end, pattern.as_u32());
    }
}

/// A word of up to eight bytes as a number: its bytes, little-endian,
/// padded with zeros (no normalised word holds a zero byte).
fn short_key(word: &[u8]) -> Option<u64> {
    let mut key = [0u8; 8];
    key.get_mut(..word.len())?.copy_from_slice(word);
    Some(u64::from_le_bytes(key))
}

/// Writes the symbols of the space-separated words of `norm` to `out`,
/// [`UNKNOWN_WORD`] for a word without one; true if any word has one.
fn encode_words(
    short: &FxHashMap<u64, Symbol>,
    long: &FxHashMap<Box<str>, Symbol>,
    norm: &str,
    out: &mut Vec<u8>,
) -> bool {
    let bytes = norm.as_bytes();
    let mut known = false;
    let mut start = 0;
    loop {
        let end = next_space(bytes, start);
        let len = end - start;
        let symbol = if len > 8 {
            // Spaces are ASCII: `start` and `end` are char boundaries.
            long.get(&norm[start..end])
        } else {
            // Eight bytes at once where the text goes on, masked to the word.
            let key = match bytes.get(start..start + 8) {
                Some(eight) => {
                    let mut word = [0u8; 8];
                    word.copy_from_slice(eight);
                    let mask = match len {
                        0 => 0,
                        _ => u64::MAX >> (64 - 8 * len),
                    };
                    u64::from_le_bytes(word) & mask
                }
                None => short_key(&bytes[start..end]).unwrap_or(0),
            };
            short.get(&key)
        };
        match symbol {
            Some(&symbol) => {
                known = true;
                symbol.push_to(out);
            }
            None => out.push(UNKNOWN_WORD),
        }
        if end == bytes.len() {
            return known;
        }
        start = end + 1;
    }
}

/// The position of the first space at or after `from`, or the end: eight
/// bytes at a time (a word of Cyrillic letters is a dozen bytes or more).
/// The haystacks are single words: `memchr`'s setup per call costs more
/// than it saves there (4 % more instructions over the corpus text).
fn next_space(bytes: &[u8], from: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let mut at = from;
    while let Some(eight) = bytes.get(at..at + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(eight);
        // Bytes equal to a space become zero; the lowest zero byte's high
        // bit is the lowest bit set here (higher ones may be false).
        let x = u64::from_le_bytes(word) ^ (ONES * u64::from(b' '));
        let zeros = x.wrapping_sub(ONES) & !x & HIGHS;
        if zeros != 0 {
            return at + (zeros.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    bytes[at..]
        .iter()
        .position(|&b| b == b' ')
        .map_or(bytes.len(), |n| at + n)
}

/// Which sides of a pattern carry a space pad.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Pad {
    pub left: bool,
    pub right: bool,
}

impl Pad {
    /// The padded haystack's match `start..end` as a range of the
    /// normalised text (the haystack has one space in front).
    pub(crate) fn unpad(self, start: usize, end: usize) -> (usize, usize) {
        (
            start + usize::from(self.left) - 1,
            end - usize::from(self.right) - 1,
        )
    }
}

/// A normalised phrase as an automaton pattern: a space before it unless it
/// starts with a letter of a script without spaces, a space after it unless
/// it ends with one. Such scripts match inside runs of letters; the others
/// only between spaces, which normalisation puts at every word boundary.
pub(crate) fn pad(normalized: &str) -> (String, Pad) {
    let left = !normalized
        .chars()
        .next()
        .is_some_and(scan::is_nospace_script);
    let right = !normalized
        .chars()
        .next_back()
        .is_some_and(scan::is_nospace_script);
    let mut out = String::with_capacity(normalized.len() + 2);
    if left {
        out.push(' ');
    }
    out.push_str(normalized);
    if right {
        out.push(' ');
    }
    (out, Pad { left, right })
}

/// The string a line was searched in.
#[derive(Clone, Copy)]
enum Haystack<'a> {
    /// The normalised line (padded search).
    Text(&'a str),
    /// The line's word symbols, this many bytes.
    Symbols(usize),
}

impl Haystack<'_> {
    fn len(self) -> usize {
        match self {
            Haystack::Text(text) => text.len(),
            Haystack::Symbols(len) => len,
        }
    }

    /// Whether `start..end` holds nothing but white space.
    fn blank(self, start: usize, end: usize) -> bool {
        match self {
            Haystack::Text(text) => text[start..end].trim().is_empty(),
            Haystack::Symbols(_) => start >= end,
        }
    }
}

/// Scratch buffers for [`PhraseSet::match_line`], reused across lines.
#[derive(Debug, Default)]
pub(crate) struct MatchScratch {
    cover: Vec<(usize, usize, u32)>,
    padded: String,
    /// The line's word symbols (see [`WordPhrases`]).
    symbols: Vec<u8>,
    /// Matches of the current line: (start, end, padded-automaton pattern),
    /// positions in the searched string.
    found: Vec<(usize, usize, u32)>,
}

impl MatchScratch {
    /// Scratch for lines of up to `line_len` bytes, allocated once.
    pub(crate) fn for_lines_of(line_len: usize) -> MatchScratch {
        MatchScratch {
            padded: String::with_capacity(line_len + 8),
            ..MatchScratch::default()
        }
    }
}

/// A `start` or `anywhere` phrase only fires on lines of limited length, so
/// that a phrase quoted inside a long paragraph does not remove the
/// paragraph: one-word phrases on lines up to [`MIN_FIRING_WORDS`] words,
/// two-word phrases up to four more, longer (more specific) phrases up to
/// [`LONG_PHRASE_FIRING_WORDS`]; so do phrases written with their colon.
/// `start ©` fires on any line.
const MIN_FIRING_WORDS: u32 = 12;
/// How much of a long line's start is searched for a `start ©` phrase.
const LONG_LINE_PREFIX: usize = 256;
const LONG_PHRASE_FIRING_WORDS: u32 = 40;
/// Lines longer than this are never filled by `line` phrases alone.
const MAX_COVER_WORDS: u32 = 16;

impl PhraseSet {
    pub(crate) fn new(entries: Vec<Entry>) -> PhraseSet {
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut patterns: Vec<String> = Vec::new();
        let mut pattern_entries: Vec<Vec<Arc<Entry>>> = Vec::new();
        let mut metadata_words = FxHashSet::default();
        for entry in entries {
            if entry.kind == Kind::Metadata && entry.mode == MatchMode::Line && entry.words == 1 {
                metadata_words.insert(entry.normalized.clone());
            }
            let id = *index.entry(entry.normalized.clone()).or_insert_with(|| {
                patterns.push(entry.normalized.clone());
                pattern_entries.push(Vec::new());
                patterns.len() - 1
            });
            pattern_entries[id].push(Arc::new(entry));
        }
        let (padded, pads): (Vec<String>, Vec<Pad>) = patterns.iter().map(|p| pad(p)).unzip();
        let automaton = if patterns.is_empty() {
            None
        } else {
            automaton(&padded).ok()
        };
        let long = Self::long_lines(&pattern_entries);
        let words = WordPhrases::new(&patterns);
        PhraseSet {
            automaton,
            pads,
            long,
            words,
            pattern_entries,
            metadata_words,
        }
    }

    fn long_lines(pattern_entries: &[Vec<Arc<Entry>>]) -> Option<LongLines> {
        let fires_long = |e: &Arc<Entry>| {
            !e.mode.covers_line() && (e.words >= 3 || e.colon || e.normalized.starts_with('©'))
        };
        // (padded pattern, pad, entries) for each side.
        type Side = Vec<(String, Pad, Vec<Arc<Entry>>)>;
        let (mut anywhere, mut anchored): (Side, Side) = (Vec::new(), Vec::new());
        for list in pattern_entries {
            for (side, is_anchored) in [(&mut anywhere, false), (&mut anchored, true)] {
                let keep: Vec<Arc<Entry>> = list
                    .iter()
                    .filter(|e| fires_long(e) && e.mode.anchored() == is_anchored)
                    .cloned()
                    .collect();
                if let Some(first) = keep.first() {
                    let (mut padded, mut p) = pad(&first.normalized);
                    // Anchored at the padded line's first byte: its space.
                    if is_anchored && !p.left {
                        padded.insert(0, ' ');
                        p.left = true;
                    }
                    side.push((padded, p, keep));
                }
            }
        }
        let anchored_patterns: Vec<&String> = anchored.iter().map(|(p, _, _)| p).collect();
        let anchored_automaton = if anchored_patterns.is_empty() {
            None
        } else {
            Some(automaton(&anchored_patterns).ok()?)
        };
        let anywhere_patterns = anywhere.iter().map(|(p, _, _)| p.clone()).collect();
        let (mut pads, mut entries) = (Vec::new(), Vec::new());
        for (_, p, keep) in anywhere.into_iter().chain(anchored) {
            pads.push(p);
            entries.push(keep);
        }
        Some(LongLines {
            anywhere: OnceCell::new(),
            anywhere_patterns,
            anchored: anchored_automaton,
            pads,
            entries,
        })
    }

    /// Matches one line, given its normalised form and features.
    /// `cover` is a scratch buffer reused across lines.
    pub(crate) fn match_line(
        &self,
        langs: LangMask,
        raw: &str,
        norm: &str,
        features: &Features,
        scratch: &mut MatchScratch,
    ) -> Option<LineMatch> {
        if norm.is_empty() {
            return None;
        }
        let words = features.word_count();
        let can_cover = words <= MAX_COVER_WORDS;
        let MatchScratch {
            cover,
            padded,
            symbols,
            found,
        } = scratch;
        found.clear();
        // The searched string: the line's word symbols, or its padded
        // normalised form for lines with letters of scripts without spaces
        // and for lines too long for most phrases to fire (see
        // `search_padded`).
        let (haystack, table) = match &self.words {
            Some(wp) if features.nospace_letters == 0 && words <= MAX_COVER_WORDS => {
                if !wp.search(norm, symbols, found) {
                    return None;
                }
                // Symbols are never white space: every byte must be covered.
                (
                    Haystack::Symbols(symbols.len()),
                    self.pattern_entries.as_slice(),
                )
            }
            _ => {
                let table = self.search_padded(norm, words, padded, found)?;
                (Haystack::Text(norm), table)
            }
        };
        cover.clear();
        // Best anchored / anywhere entry: (phrase length, entry).
        let mut best_partial: Option<(usize, &Arc<Entry>)> = None;
        for &(start, end, pattern) in found.iter() {
            for (k, entry) in table[pattern as usize].iter().enumerate() {
                if entry.lang_bit != 0 && entry.lang_bit & langs == 0 {
                    continue;
                }
                if entry.mode.covers_line() {
                    if can_cover {
                        cover.push((start, end, pattern << 8 | k as u32));
                    }
                    continue;
                }
                if entry.mode.anchored() && start != 0 {
                    continue;
                }
                if !fires_on(entry, words, norm) {
                    continue;
                }
                let len = entry.normalized.len();
                let better = match best_partial {
                    None => true,
                    Some((best_len, best)) => {
                        // Section headings first, then phrases anchored at
                        // the line's start, then the longer phrase.
                        (entry.mode.opens_section(), entry.mode.anchored(), len)
                            > (best.mode.opens_section(), best.mode.anchored(), best_len)
                    }
                };
                // The checks that read the line again, only for an entry
                // that would be chosen.
                if !better {
                    continue;
                }
                if entry.colon && !colon_after_words(raw, entry.words, &entry.normalized) {
                    continue;
                }
                if entry.kind == Kind::Metadata
                    && entry.mode == MatchMode::Start
                    && !entry.colon
                    && !self.rest_is_names_or_dates(raw, entry.words)
                {
                    continue;
                }
                best_partial = Some((len, entry));
            }
        }
        if let Some(entry) = self.covering_entry(haystack, cover) {
            return Some(LineMatch { entry });
        }
        best_partial.map(|(_, entry)| LineMatch {
            entry: Arc::clone(entry),
        })
    }

    /// The padded search of a line's normalised form: fills `found` with
    /// (start, end, pattern) in `norm`, and returns the entries of the
    /// automaton used (the one for long lines past [`MAX_COVER_WORDS`]).
    fn search_padded<'s>(
        &'s self,
        norm: &str,
        words: u32,
        padded: &mut String,
        found: &mut Vec<(usize, usize, u32)>,
    ) -> Option<&'s [Vec<Arc<Entry>>]> {
        let long = self.long.as_ref().filter(|_| words > MAX_COVER_WORDS);
        // Past this length no phrase can fire but a `start ©` one (see
        // `fires_on`), so only the line's start is searched: a paragraph's
        // text is not scanned for phrases at all.
        let haystack = if words > LONG_PHRASE_FIRING_WORDS {
            if !norm.starts_with('©') {
                return None;
            }
            let mut end = norm.len().min(LONG_LINE_PREFIX);
            while !norm.is_char_boundary(end) {
                end -= 1;
            }
            &norm[..end]
        } else {
            norm
        };
        // The haystack padded like the patterns; a cut-off haystack ends
        // with the character that follows it, so that the cut is no boundary.
        padded.clear();
        padded.push(' ');
        padded.push_str(haystack);
        match norm[haystack.len()..].chars().next() {
            Some(next) => padded.push(next),
            None => padded.push(' '),
        }
        let Some(long) = long else {
            let automaton = self.automaton.as_ref()?;
            each_match(automaton, padded.as_bytes(), |start, end, pattern| {
                // From the padded haystack to the line's normalised form.
                let (start, end) = self.pads[pattern as usize].unpad(start, end);
                found.push((start, end, pattern));
            });
            return Some(&self.pattern_entries);
        };
        let mut push = |start, end, pattern: u32| {
            let (start, end) = long.pads[pattern as usize].unpad(start, end);
            found.push((start, end, pattern));
        };
        // `anywhere` phrases do not fire past LONG_PHRASE_FIRING_WORDS.
        if words <= LONG_PHRASE_FIRING_WORDS {
            match long.anywhere() {
                Some(Anywhere::Dfa(dfa)) => each_match(dfa, padded.as_bytes(), &mut push),
                Some(Anywhere::Nfa(nfa)) => each_match(nfa, padded.as_bytes(), &mut push),
                None => {}
            }
        }
        if let Some(nfa) = &long.anchored {
            let first = long.anywhere_patterns.len() as u32;
            each_anchored_match(nfa, padded.as_bytes(), |start, end, pattern| {
                push(start, end, first + pattern);
            });
        }
        Some(&long.entries)
    }

    /// If the `line`/`heading` matches in `cover` fill the whole normalised
    /// line, the entry that speaks for it: the longest phrase, and a heading
    /// before a plain line phrase of the same length.
    ///
    /// `haystack` is the searched string: a gap of white space between two
    /// matches is no gap.
    fn covering_entry(
        &self,
        haystack: Haystack<'_>,
        cover: &mut [(usize, usize, u32)],
    ) -> Option<Arc<Entry>> {
        if cover.is_empty() {
            return None;
        }
        // Stable: entries of one phrase stay in table order.
        cover.sort_by_key(|&(s, e, _)| (s, std::cmp::Reverse(e)));
        let mut pos = 0;
        for &(s, e, _) in cover.iter() {
            if s > pos && !haystack.blank(pos, s) {
                return None;
            }
            pos = pos.max(e);
        }
        if !haystack.blank(pos, haystack.len()) {
            return None;
        }
        let entry_of = |id: u32| &self.pattern_entries[(id >> 8) as usize][(id & 0xff) as usize];
        cover
            .iter()
            // The longest phrase; a heading before a plain line phrase; the
            // earlier table (English first) among equals.
            .rev()
            .max_by_key(|&&(_, _, id)| {
                let entry = entry_of(id);
                (entry.normalized.len(), entry.mode.opens_section())
            })
            .map(|&(_, _, id)| Arc::clone(entry_of(id)))
    }

    /// After a byline or date phrase ("By", "Updated"), the rest of the line
    /// must look like names or dates ("By Jane Doe and John Roe",
    /// "Updated March 3, 2024 at 5:00 pm ET"), not like a sentence ("By the
    /// time we arrived...").
    pub(crate) fn rest_is_names_or_dates(&self, raw: &str, skip_words: u32) -> bool {
        let mut skipped = 0;
        let mut word = String::new();
        for tok in scan::tokens(raw) {
            if skipped < skip_words {
                skipped += u32::from(scan::classify_token(tok) == TokenClass::Word);
                continue;
            }
            let starts_upper = scan::first_letter_is_capital(tok);
            // Capitalised names, and user names with digits ("greenthumb42"),
            // pass whatever their class; so do numbers and sites.
            if starts_upper
                || tok.bytes().any(|b| b.is_ascii_digit())
                || scan::classify_token(tok) != TokenClass::Word
            {
                continue;
            }
            word.clear();
            for c in tok.chars().filter(|&c| scan::is_alnum(c)) {
                scan::push_folded(c, &mut word);
            }
            if !(self.metadata_words.contains(&word) || NAME_PARTICLES.contains(&word.as_str())) {
                return false;
            }
        }
        true
    }
}

/// Whether the line's first `n` words are followed by a colon
/// ("Related: ...", "WATCH: ...").
fn colon_after_words(raw: &str, n: u32, phrase: &str) -> bool {
    // Scripts without spaces: the phrase, then the colon, inside one token.
    if phrase.chars().all(is_nospace_script) {
        let start = raw.trim_start_matches(|c: char| !scan::is_alnum(c));
        return start
            .strip_prefix(phrase)
            .is_some_and(|rest| rest.trim_start().starts_with([':', '：']));
    }
    let mut seen = 0;
    for tok in scan::tokens(raw) {
        if seen == n {
            return tok.starts_with([':', '：']);
        }
        if scan::classify_token(tok) == TokenClass::Word {
            seen += 1;
            if seen == n {
                let end =
                    tok.trim_end_matches(|c: char| !scan::is_alnum(c) && c != ':' && c != '：');
                if end.ends_with([':', '：']) {
                    return true;
                }
            }
        }
    }
    false
}

/// Lowercase words that occur inside names and bylines.
const NAME_PARTICLES: &[&str] = &[
    "and", "de", "da", "di", "del", "della", "der", "den", "van", "von", "du", "la", "le", "bin",
    "al", "el", "y", "e", "et", "und", "i", "on", "at", "in",
];

fn fires_on(entry: &Entry, line_words: u32, norm: &str) -> bool {
    if entry.normalized.starts_with('©') && entry.mode.anchored() {
        return true;
    }
    // A phrase with its colon ("WATCH:", "Foto:") is specific enough for
    // longer lines.
    let limit = match entry.words {
        _ if entry.colon => LONG_PHRASE_FIRING_WORDS,
        1 => MIN_FIRING_WORDS,
        2 => MIN_FIRING_WORDS + 4,
        _ => LONG_PHRASE_FIRING_WORDS,
    };
    line_words <= limit && !norm.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(table: &str) -> PhraseSet {
        PhraseSet::new(parse_table("test", table).expect("valid table"))
    }

    fn matched(set: &PhraseSet, line: &str) -> Option<(Kind, MatchMode, String)> {
        let mut norm = String::new();
        let f = scan::scan_line(line, &mut norm);
        let mut cover = MatchScratch::default();
        set.match_line(ALL_LANGS, line, &norm, &f, &mut cover)
            .map(|m| (m.entry.kind, m.entry.mode, m.entry.phrase.clone()))
    }

    const TABLE: &str = "\
[share]
line share this
line share on facebook
line share on x
heading share this story
[comments]
heading leave a reply
start your email address will not be published
heading-start thoughts on
[advertisement]
line advertisement
line spot_img
line scroll to continue
line ad
[metadata]
start by
line march
line views
[legal]
anywhere all rights reserved
start ©
";

    #[test]
    fn line_matches() {
        let s = set(TABLE);
        type Want = Option<(Kind, MatchMode, &'static str)>;
        let cases: &[(&str, Want)] = &[
            (
                "Share this @internewscast.com",
                Some((Kind::Share, MatchMode::Line, "share this")),
            ),
            (
                "SHARE THIS (12)",
                Some((Kind::Share, MatchMode::Line, "share this")),
            ),
            (
                "Share on Facebook Share on X",
                Some((Kind::Share, MatchMode::Line, "share on facebook")),
            ),
            (
                "- Advertisement -spot_img",
                Some((Kind::Advertisement, MatchMode::Line, "advertisement")),
            ),
            (
                "Advertisement · Scroll to continue",
                Some((Kind::Advertisement, MatchMode::Line, "scroll to continue")),
            ),
            (
                "ADVERTISEMENT",
                Some((Kind::Advertisement, MatchMode::Line, "advertisement")),
            ),
            (
                "Share this story",
                Some((Kind::Share, MatchMode::Heading, "share this story")),
            ),
            (
                "Leave a Reply",
                Some((Kind::Comments, MatchMode::Heading, "leave a reply")),
            ),
            (
                "Your email address will not be published. Required fields are marked *",
                Some((
                    Kind::Comments,
                    MatchMode::Start,
                    "your email address will not be published",
                )),
            ),
            (
                "© 2024 Example Media. All rights reserved.",
                Some((Kind::Legal, MatchMode::Start, "©")),
            ),
            (
                "Example Media 2024, all rights reserved",
                Some((Kind::Legal, MatchMode::Anywhere, "all rights reserved")),
            ),
            (
                "By Jane Doe and John Roe",
                Some((Kind::Metadata, MatchMode::Start, "by")),
            ),
            (
                "412 views",
                Some((Kind::Metadata, MatchMode::Line, "views")),
            ),
            (
                "3 thoughts on “Our trip to Rome”",
                Some((Kind::Comments, MatchMode::HeadingStart, "thoughts on")),
            ),
            ("Shares of Acme fell 4% on Monday after the report.", None),
            ("Share this with your family, the doctor told her.", None),
            ("By the time we arrived, the shop had closed.", None),
            ("Adults only", None),
            ("Bad news for the ad industry", None),
            ("", None),
        ];
        for (line, want) in cases {
            let got = matched(&s, line);
            let want = want.map(|(k, m, p)| (k, m, p.to_string()));
            assert_eq!(got, want, "line {line:?}");
        }
    }

    #[test]
    fn next_space_finds_the_first_space() {
        let text = "share this story with a rather longwordwithoutspaces x  yz";
        let bytes = text.as_bytes();
        for from in 0..=bytes.len() {
            let want = bytes[from..]
                .iter()
                .position(|&b| b == b' ')
                .map_or(bytes.len(), |n| from + n);
            assert_eq!(next_space(bytes, from), want, "from {from}");
        }
        // Bytes just above and below a space, and high bytes, are no space.
        let odd = [0x1F, 0x21, 0xA0, 0xE0, 0x20, 0x00, 0x20];
        assert_eq!(next_space(&odd, 0), 4);
        assert_eq!(next_space(&odd, 5), 6);
    }

    /// Every built-in table, each with its language bit, as the cleaner
    /// compiles them.
    fn builtin_set() -> PhraseSet {
        let mut entries = Vec::new();
        for (code, text) in BUILTIN {
            let mut parsed = parse_table(code, text).expect("valid table");
            for e in &mut parsed {
                e.lang_bit = lang_bit(code).expect("built-in");
            }
            entries.append(&mut parsed);
        }
        PhraseSet::new(entries)
    }

    fn rule_of(m: Option<LineMatch>) -> Option<(Arc<str>, usize)> {
        m.map(|m| (Arc::clone(&m.entry.table), m.entry.line))
    }

    /// The word-symbol search finds what the padded search of the
    /// normalised line finds, and the search of long lines for the phrases
    /// that can fire there finds what a search for all phrases finds, on
    /// every line of the corpus and on lines made of every built-in phrase
    /// in several settings.
    #[test]
    fn word_search_agrees_with_padded_search() {
        let words = builtin_set();
        let mut padded = builtin_set();
        padded.words = None;
        // All phrases searched on every line, whatever its length.
        let mut reference = builtin_set();
        reference.words = None;
        reference.long = None;
        // Long lines' `anywhere` phrases in an NFA, as for large tables.
        let nfa = builtin_set();
        let long = nfa.long.as_ref().expect("long-line phrases");
        let anywhere = automaton(&long.anywhere_patterns).expect("an NFA");
        long.anywhere
            .set(Some(Anywhere::Nfa(anywhere)))
            .expect("not built yet");
        assert!(matches!(
            words.long.as_ref().and_then(LongLines::anywhere),
            Some(Anywhere::Dfa(_))
        ));
        assert!(words.words.is_some());
        let mut lines: Vec<String> = crate::test_corpus::files("")
            .iter()
            .flat_map(|text| text.lines().map(str::to_string))
            .collect();
        let mut long_lines = Vec::new();
        for (_, table) in BUILTIN {
            let phrases: Vec<&str> = table
                .lines()
                .filter(|l| !l.starts_with(['#', '[']))
                .filter_map(|l| l.trim().split_once(' ').map(|(_, p)| p))
                .collect();
            for (i, p) in phrases.iter().enumerate() {
                let next = phrases[(i + 1) % phrases.len()];
                lines.push(p.to_string());
                lines.push(p.to_uppercase());
                lines.push(format!("{p} {next}"));
                lines.push(format!("- {p}: the rest of it, 12 times"));
                lines.push(format!("Some words before {p} and after"));
                lines.push(format!("{p}{next}"));
                // Long lines: phrases inside, at the start, with a colon, with
                // `©`, past every firing limit.
                let ten = "zed ".repeat(10);
                long_lines.push(format!("{ten}{p} {ten}"));
                long_lines.push(format!("{p} {ten}{ten}"));
                long_lines.push(format!("{p}: {ten}{ten}"));
                long_lines.push(format!("© {p} {ten}{ten}{ten}{ten}"));
                long_lines.push(format!("{p} {ten}{ten}{ten}{ten}"));
            }
        }
        let mut norm = String::new();
        let (mut a, mut b) = (MatchScratch::default(), MatchScratch::default());
        let (mut matched, mut long_matched) = (0, 0);
        let is_long = std::iter::repeat_n(false, lines.len()).chain(std::iter::repeat(true));
        for (line, is_long) in lines.iter().chain(&long_lines).zip(is_long) {
            let f = scan::scan_line(line, &mut norm);
            for langs in [ALL_LANGS, lang_bit("en").expect("en")] {
                let got = rule_of(words.match_line(langs, line, &norm, &f, &mut a));
                let want = rule_of(padded.match_line(langs, line, &norm, &f, &mut b));
                assert_eq!(got, want, "line {line:?}");
                let all = rule_of(reference.match_line(langs, line, &norm, &f, &mut b));
                assert_eq!(got, all, "line {line:?}");
                let by_nfa = rule_of(nfa.match_line(langs, line, &norm, &f, &mut b));
                assert_eq!(got, by_nfa, "line {line:?}");
                if is_long {
                    assert!(f.word_count() > MAX_COVER_WORDS, "{line:?}");
                    long_matched += usize::from(got.is_some());
                } else {
                    matched += usize::from(got.is_some());
                }
            }
        }
        // The check means something only if many lines match.
        assert!(matched > lines.len() / 2, "{matched} of {}", lines.len());
        assert!(long_matched > 2000, "{long_matched}");
    }

    #[test]
    fn builtin_tables_are_valid_and_cover_every_kind() {
        for (code, text) in BUILTIN {
            let entries = parse_table(code, text).unwrap_or_else(|e| panic!("{e}"));
            assert!(
                text.contains(&format!("# language: {code} (")),
                "{code}: header names the language"
            );
            for kind in Kind::ALL.into_iter().filter(|k| *k != Kind::LowDensity) {
                assert!(
                    entries.iter().any(|e| e.kind == kind),
                    "{code}: no [{kind}] entries"
                );
            }
        }
    }

    #[test]
    fn builtin_groups_are_not_empty() {
        for (code, text) in BUILTIN {
            let mut open: Option<(usize, &str)> = None;
            for (i, line) in text.lines().enumerate() {
                let line = line.trim();
                if line.starts_with('[') {
                    if let Some((at, name)) = open {
                        panic!("{code}:{}: group {name} is empty", at + 1);
                    }
                    open = Some((i, line));
                } else if !line.is_empty() && !line.starts_with('#') {
                    open = None;
                }
            }
            assert!(open.is_none(), "{code}: last group is empty");
        }
    }

    #[test]
    fn colon_phrases_need_the_colon() {
        let s = set("[promo]\nstart watch:\n");
        assert!(matched(&s, "Watch: How cats communicate").is_some());
        assert!(matched(&s, "WATCH : the full interview").is_some());
        assert!(matched(&s, "Watch the sky tonight").is_none());
        assert!(matched(&s, "Watch closely: it moves").is_none());
    }

    #[test]
    fn heading_start_matches_at_line_start_only() {
        let s = set("[comments]\nheading-start one thought on\n");
        assert!(matched(&s, "One thought on “Our trip to Rome”").is_some());
        assert!(matched(&s, "We had one thought on the way home").is_none());
    }

    #[test]
    fn words_match_whole() {
        let s = set("[advertisement]\nline ad\nanywhere ad feedback\n[comments]\nline comments\n");
        assert!(matched(&s, "AD").is_some());
        assert!(matched(&s, "header").is_none());
        assert!(matched(&s, "commentary").is_none());
        assert!(matched(&s, "Comments").is_some());
    }

    #[test]
    fn scripts_without_spaces_match_inside_runs() {
        let s = set("[share]\nline 分享\nline 微信\n");
        assert!(matched(&s, "分享微信").is_some());
    }

    #[test]
    fn long_lines_do_not_fire_short_phrases() {
        let s = set("[legal]\nanywhere all rights reserved\n");
        let long = format!("{} all rights reserved.", "word ".repeat(40));
        assert!(matched(&s, &long).is_none());
    }

    #[test]
    fn table_errors_name_the_line() {
        let cases: &[(&str, usize, &str)] = &[
            (
                "[share]\nline share\n[nonsense]\n",
                3,
                "unknown boilerplate kind",
            ),
            ("line share\n", 1, "before any [kind]"),
            ("[share]\nline\n", 2, "has no phrase"),
            ("[share]\nline   \n", 2, "has no phrase"),
            ("[share]\nsomewhere share\n", 2, "unknown match"),
            ("[share]\nline !!!\n", 2, "can never match"),
            ("[share]\nline 404\n", 2, "can never match"),
            (
                "[share]\nline share\n\nline SHARE!\n",
                4,
                "duplicate of the entry on line 2",
            ),
            ("[share\n", 1, "cannot read"),
        ];
        for (text, line, msg) in cases {
            let err = parse_table("t", text).expect_err(text);
            assert_eq!(err.line(), Some(*line), "{text:?}: {err}");
            assert!(err.to_string().contains(msg), "{text:?}: {err}");
        }
    }
}
