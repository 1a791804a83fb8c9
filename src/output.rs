//! What cleaning returns: the kept text and every removal, explained.

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use crate::kind::Kind;
use crate::phrases::{Entry, MatchMode};

/// The result of cleaning one document.
///
/// [`Cleaned::text`] is the article: the kept lines of the input, unchanged
/// and in their original order. [`Cleaned::removals`] lists everything that
/// was removed, with its [`Kind`], the [`Rule`] that fired and where it was.
///
/// ```
/// let cleaned = deboiler::clean_text(
///     "Share this @example.com\n\
///      The council approved the new budget on Monday after a long debate.\n\
///      Leave a Reply\n\
///      Your email address will not be published. Required fields are marked *\n",
/// );
/// assert_eq!(
///     cleaned.text(),
///     "The council approved the new budget on Monday after a long debate.\n"
/// );
/// assert_eq!(cleaned.removals().len(), 3);
/// assert_eq!(cleaned.removals()[0].kind(), deboiler::Kind::Share);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Cleaned {
    pub(crate) text: String,
    pub(crate) removals: Vec<Removal>,
    pub(crate) title: Option<String>,
    pub(crate) markdown: Option<String>,
    pub(crate) language: Option<&'static str>,
}

impl Cleaned {
    /// The kept text. For plain text: the kept lines, a blank line where
    /// the input had blank lines between two kept lines, and a final
    /// newline. For HTML: one block (paragraph, heading, list item, table
    /// row, quote) per line.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The page title of an HTML input (`<title>`, else `og:title`, else
    /// the first `<h1>`), whitespace collapsed. `None` for plain text.
    pub fn title(&self) -> Option<&str> {
        self.title.as_deref()
    }

    /// The kept blocks of an HTML input as Markdown (headings, lists,
    /// quotes, code blocks, emphasis; links when asked for), when the
    /// cleaner was built with [`CleanerBuilder::markdown`](crate::CleanerBuilder::markdown).
    pub fn markdown(&self) -> Option<&str> {
        self.markdown.as_deref()
    }

    /// The language detected for the document (a built-in table's code,
    /// such as `de`), when the cleaner detects languages (the `whatlang`
    /// feature) and the detection was sure.
    pub fn language(&self) -> Option<&str> {
        self.language
    }

    /// Consumes the result and returns the kept text.
    pub fn into_text(self) -> String {
        self.text
    }

    /// Everything that was removed, in document order.
    pub fn removals(&self) -> &[Removal] {
        &self.removals
    }

    /// How many removals are of `kind`.
    pub fn removed_count(&self, kind: Kind) -> usize {
        self.removals.iter().filter(|r| r.kind == kind).count()
    }
}

/// One removed piece of the input: a line, or a run of lines that the same
/// rule removed as one block.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Removal {
    pub(crate) kind: Kind,
    pub(crate) rule: Rule,
    pub(crate) location: Location,
    pub(crate) text: SharedText,
}

/// The text of a removal: a range of a buffer that it shares with the
/// removals around it (see [`RemovedText`]).
#[derive(Clone)]
pub(crate) struct SharedText {
    /// The buffer; `None` while the result is being assembled.
    all: Option<Arc<String>>,
    range: Range<usize>,
}

impl SharedText {
    fn as_str(&self) -> &str {
        let all = self.all.as_deref().map_or("", String::as_str);
        all.get(self.range.clone()).unwrap_or_default()
    }

    /// The buffer, for tests of its sharing and size.
    #[cfg(test)]
    pub(crate) fn buffer(&self) -> Option<&Arc<String>> {
        self.all.as_ref()
    }
}

impl PartialEq for SharedText {
    fn eq(&self, other: &SharedText) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for SharedText {}

impl fmt::Debug for SharedText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for SharedText {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Gathers the texts of a result's removals into buffers of up to
/// [`RemovedText::CHUNK`] bytes that the removals share (see
/// [`SharedText`]): a few allocations for any number of removals, none so
/// large that it could not reuse memory freed before.
pub(crate) struct RemovedText {
    /// The buffer being filled.
    buf: String,
    /// The size it was allocated at: a removal that opens past it goes to
    /// a new buffer.
    limit: usize,
    /// Bytes still to come, as counted before (see `with_capacity`).
    left: usize,
    /// Where the text of the removal being gathered starts.
    start: usize,
    /// The first removal whose text is in `buf`.
    first: usize,
}

impl RemovedText {
    /// The most a buffer holds, but for a removal longer than that.
    const CHUNK: usize = 1 << 20;

    /// For `bytes` of text in all (counted before: a result's buffers are
    /// allocated at their size).
    pub(crate) fn with_capacity(bytes: usize) -> RemovedText {
        let limit = bytes.min(Self::CHUNK);
        RemovedText {
            buf: String::with_capacity(limit),
            limit,
            left: bytes,
            start: 0,
            first: 0,
        }
    }

    /// Starts the text of a new removal with `piece`; `removals` are the
    /// removals finished so far.
    pub(crate) fn open(&mut self, piece: &str, removals: &mut [Removal]) {
        if self.buf.len() + piece.len() > self.limit && !self.buf.is_empty() {
            self.seal(removals);
            self.limit = self.left.min(Self::CHUNK).max(piece.len());
            self.buf = String::with_capacity(self.limit);
        }
        self.start = self.buf.len();
        self.push(piece);
    }

    /// Adds a line to the text of the removal being gathered.
    pub(crate) fn push_line(&mut self, piece: &str) {
        self.push("\n");
        self.push(piece);
    }

    fn push(&mut self, piece: &str) {
        self.buf.push_str(piece);
        self.left = self.left.saturating_sub(piece.len());
    }

    /// The text of the removal being gathered so far, to be filled in when
    /// its buffer is full or with [`RemovedText::finish`].
    pub(crate) fn current(&self) -> SharedText {
        SharedText {
            all: None,
            range: self.start..self.buf.len(),
        }
    }

    /// Adds a finished removal, its text the one gathered for it.
    pub(crate) fn close(&self, removals: &mut Vec<Removal>, mut removal: Removal) {
        removal.text = self.current();
        removals.push(removal);
    }

    /// Gives the removals whose texts are in the buffer the buffer.
    fn seal(&mut self, removals: &mut [Removal]) {
        if self.buf.capacity() > self.limit {
            // A removal of many lines grew the buffer past its size.
            self.buf.shrink_to_fit();
        }
        let all = Arc::new(std::mem::take(&mut self.buf));
        for r in removals.get_mut(self.first..).unwrap_or_default() {
            r.text.all = Some(Arc::clone(&all));
        }
        self.first = removals.len();
    }

    /// Gives `removals`, all finished, the last buffer.
    pub(crate) fn finish(mut self, removals: &mut [Removal]) {
        self.seal(removals);
    }
}

impl Removal {
    /// What kind of boilerplate this was.
    pub fn kind(&self) -> Kind {
        self.kind
    }

    /// The rule that removed it.
    pub fn rule(&self) -> &Rule {
        &self.rule
    }

    /// Where it was in the input.
    pub fn location(&self) -> &Location {
        &self.location
    }

    /// The removed text, its lines joined with `\n`.
    pub fn text(&self) -> &str {
        self.text.as_str()
    }
}

impl fmt::Display for Removal {
    /// `lines 12-14  related  in section "You May Also Like" ...: <text>`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}\t{}\t{}", self.location, self.kind, self.rule)
    }
}

/// Where a removal was in the input.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "kebab-case")
)]
#[non_exhaustive]
pub enum Location {
    /// Lines of a text input.
    Lines {
        /// 1-based number of the first removed line.
        first: usize,
        /// 1-based number of the last removed line.
        last: usize,
        /// Byte range in the input, from the first line's start to the last
        /// line's end (line break excluded).
        bytes: Range<usize>,
    },
    /// A block of an HTML input.
    Element {
        /// The element's path, such as `body > div#comments > ol > li`
        /// (the last eight elements at most).
        path: String,
    },
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Lines { first, last, .. } if first == last => write!(f, "line {first}"),
            Location::Lines { first, last, .. } => write!(f, "lines {first}-{last}"),
            Location::Element { path } => f.write_str(path),
        }
    }
}

/// The rule that removed something: why it went.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "kebab-case")
)]
#[non_exhaustive]
pub enum Rule {
    /// The line matched a phrase-table entry.
    Phrase(PhraseRule),
    /// The line sat in a boilerplate section opened by a heading ("You May
    /// Also Like", "Leave a Reply").
    Section {
        /// The heading's phrase-table entry.
        heading: PhraseRule,
        /// The heading line as it stood in the input.
        heading_text: Arc<str>,
    },
    /// The density heuristic judged the line to be outside the article.
    Density(DensityRule),
    /// What the HTML said: the element's attributes or tag, its place
    /// outside the main content, its links.
    Element(ElementRule),
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rule::Phrase(p) => write!(f, "phrase {p}"),
            Rule::Section {
                heading,
                heading_text,
            } => write!(f, "in section {heading_text:?} (heading {heading})"),
            Rule::Density(d) => write!(f, "density: {d}"),
            Rule::Element(e) => write!(f, "element: {e}"),
        }
    }
}

/// A phrase-table entry, as the reason for a removal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PhraseRule(pub(crate) Arc<Entry>);

impl PhraseRule {
    /// The phrase as written in its table.
    pub fn phrase(&self) -> &str {
        &self.0.phrase
    }

    /// How the phrase matches.
    pub fn mode(&self) -> MatchMode {
        self.0.mode
    }

    /// The kind of its table group.
    pub fn kind(&self) -> Kind {
        self.0.kind
    }

    /// The table's name: a language code such as `en` for a built-in table,
    /// or the name given to a user table.
    pub fn table(&self) -> &str {
        &self.0.table
    }

    /// The 1-based line of the entry in its table.
    pub fn line(&self) -> usize {
        self.0.line
    }
}

impl fmt::Display for PhraseRule {
    /// `"share this" (line, en:31)`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:?} ({}, {}:{})",
            self.phrase(),
            self.mode(),
            self.table(),
            self.line()
        )
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for PhraseRule {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("PhraseRule", 4)?;
        st.serialize_field("phrase", self.phrase())?;
        st.serialize_field("mode", &self.mode())?;
        st.serialize_field("table", self.table())?;
        st.serialize_field("line", &self.line())?;
        st.end()
    }
}

/// A rule of the HTML front end.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "kebab-case")
)]
#[non_exhaustive]
pub enum ElementRule {
    /// An element around the block has this boilerplate signal in its
    /// `class`, `id`, `role`, `aria-label`, `itemprop` or `data-*`
    /// attributes (an entry of the signal table, such as `comment form`).
    Signal(String),
    /// An element around the block is a `<nav>`, `<aside>` or `<footer>`.
    Tag,
    /// The block is outside the main content region and is not a paragraph
    /// of prose.
    OutsideMainContent,
    /// The block is mostly link text.
    LinkDensity,
    /// The block is inside a form that is not the main content.
    Form,
    /// A user's drop selector matched an element around the block.
    Selector(String),
    /// The block is an image caption (`<figcaption>`), dropped under
    /// [`Focus::Precision`](crate::Focus::Precision).
    Caption,
}

impl fmt::Display for ElementRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ElementRule::Signal(s) => write!(f, "signal {s:?} in the attributes"),
            ElementRule::Tag => f.write_str("inside nav, aside or footer"),
            ElementRule::OutsideMainContent => f.write_str("outside the main content"),
            ElementRule::LinkDensity => f.write_str("mostly links"),
            ElementRule::Form => f.write_str("inside a form"),
            ElementRule::Selector(s) => write!(f, "drop selector {s:?}"),
            ElementRule::Caption => f.write_str("image caption"),
        }
    }
}

/// A rule of the line-density heuristic.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "kebab-case")
)]
#[non_exhaustive]
pub enum DensityRule {
    /// A line of numbers and punctuation only: a view, like or comment
    /// counter.
    Counter,
    /// A short line of names and dates around a handle or site name: the
    /// credit line of an embedded post.
    Attribution,
    /// An all-capitals headline standing between two paragraphs: an
    /// in-article promotion for another story.
    CapitalsBetweenParagraphs,
    /// A short line before the article's first paragraph that does not look
    /// like a title (menu items, labels).
    BeforeArticle,
    /// A short line after the article's last paragraph that is not a
    /// sentence (footer links, teaser titles).
    AfterArticle,
    /// A short line whose nearest neighbours on both sides are boilerplate.
    BetweenBoilerplate,
    /// An entry of a menu: one of many one- to three-word lines standing
    /// together with no paragraph among them.
    Menu,
}

impl fmt::Display for DensityRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DensityRule::Counter => "counter (numbers only)",
            DensityRule::Attribution => "names, dates and a handle (embedded post credit)",
            DensityRule::CapitalsBetweenParagraphs => "all-capitals headline between paragraphs",
            DensityRule::BeforeArticle => "short line before the article",
            DensityRule::AfterArticle => "short line after the article",
            DensityRule::BetweenBoilerplate => "short line between boilerplate",
            DensityRule::Menu => "menu entry (many short lines, no paragraph)",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn removal(text: SharedText) -> Removal {
        Removal {
            kind: Kind::Related,
            rule: Rule::Density(DensityRule::Menu),
            location: Location::Element {
                path: String::new(),
            },
            text,
        }
    }

    /// Removals of one, two and many lines, short and longer than a buffer:
    /// each reads back its own text; they share a few buffers, each of at
    /// most a chunk but for a removal longer than that.
    #[test]
    fn removed_texts_share_a_few_buffers() {
        let long = "x".repeat(RemovedText::CHUNK + 10);
        let mut want: Vec<String> = Vec::new();
        for i in 0..3000 {
            let lines: Vec<String> = match i % 4 {
                0 => vec![format!("line {i}")],
                1 => vec![format!("first {i}"), format!("second {i}")],
                2 => (0..30)
                    .map(|k| format!("{k} {}", "word ".repeat(20)))
                    .collect(),
                _ if i == 1503 => vec![long.clone()],
                _ => vec![String::new(), "after an empty piece".to_string()],
            };
            want.push(lines.join("\n"));
        }
        let total: usize = want.iter().map(|t| t.len() + 1).sum();
        let mut texts = RemovedText::with_capacity(total);
        let mut removals = Vec::new();
        for text in &want {
            let mut lines = text.split('\n');
            texts.open(lines.next().unwrap_or_default(), &mut removals);
            for line in lines {
                texts.push_line(line);
            }
            removals.push(removal(texts.current()));
        }
        texts.finish(&mut removals);
        let got: Vec<&str> = removals.iter().map(Removal::text).collect();
        assert_eq!(got, want);
        let mut buffers: Vec<&Arc<String>> = Vec::new();
        for r in &removals {
            let all = r.text.buffer().expect("every removal has its buffer");
            if !buffers.last().is_some_and(|b| Arc::ptr_eq(b, all)) {
                buffers.push(all);
            }
        }
        assert!(buffers.len() >= 3, "{}", buffers.len());
        assert!(
            buffers.len() <= total / RemovedText::CHUNK + 3,
            "{}",
            buffers.len()
        );
        // A buffer holds up to a chunk, and the rest of the removal that
        // opened in it (3 KB at most here), or one longer removal alone.
        for b in buffers {
            let fits = b.len() <= RemovedText::CHUNK + 4096 || b.len() == long.len();
            assert!(fits, "{}", b.len());
            assert!(b.capacity() <= b.len().max(RemovedText::CHUNK) + 4096);
        }
    }
}
