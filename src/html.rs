//! The HTML front end: one walk over the DOM turns the document into blocks
//! (paragraphs, headings, list items, table rows...) with their features;
//! the main content region is found by scoring the blocks' containers, as
//! Readability and boilerpipe do; the shared classifier judges the blocks.
//!
//! Phases:
//! 1. `walk`: an iterative walk (no recursion, whatever the nesting depth)
//!    that drops invisible and non-text elements, reads DOM signals and
//!    collects blocks with their text, link share and containers.
//! 2. `main_region`: scores the blocks' containers and picks the main one.
//! 3. `judge`: turns DOM facts into hints for the classifier and runs it,
//!    relaxing one rule at a time when the result is too short.
//! 4. `assemble`: the kept blocks as text (and Markdown), removals with their
//!    element paths.

use std::sync::Arc;

use ego_tree::iter::Edge;
use ego_tree::{NodeId, NodeRef, Tree};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use scraper::{ElementRef, Node, Selector};

use crate::classify::{self, Block, Verdict};
use crate::cleaner::Inner;
use crate::kind::Kind;
use crate::output::{Cleaned, ElementRule, Location, Removal, RemovedText, Rule};
use crate::scan;
use crate::signals::{SIGNALS, SignalScratch, Signals};

/// How a block element shows in the output.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    Paragraph,
    Heading(u8),
    ListItem {
        ordered: Option<u32>,
    },
    Quote,
    Pre,
    Row,
    /// A `<figcaption>`.
    Caption,
    Other,
}

/// One block of the document.
#[derive(Debug)]
struct RawBlock {
    text: Box<str>,
    markdown: Box<str>,
    /// Table cells in the block (for a Markdown table row).
    cells: u32,
    shape: Shape,
    /// The innermost block element holding the text.
    node: NodeId,
    /// Pre-order position of the block in the walk.
    seq: u32,
    chars: u32,
    link_chars: u32,
    /// The nearest element with a boilerplate signal: (element, signal).
    negative: Option<(NodeId, Negative)>,
    /// The nearest `<form>` around the block.
    form: Option<NodeId>,
    /// A user's keep selector matched an element around the block.
    keep: bool,
    /// A user's drop selector matched an element around the block.
    dropped: Option<(Kind, u32)>,
    /// The walk position of the element holding the block's element: a
    /// section opened by this block ends where that element ends.
    scope: Option<u32>,
}

/// Where a boilerplate signal came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Negative {
    /// An entry of the signal table.
    Signal(u32),
    /// The element's tag (`nav`, `aside`, `footer`).
    Tag(Kind),
}

/// A container that may hold the main content, scored as Readability does.
#[derive(Clone, Copy, Debug, Default)]
struct Candidate {
    parent: Option<NodeId>,
    open: u32,
    close: u32,
    score: f32,
    chars: u32,
    link_chars: u32,
}

/// An element on the walk's stack.
#[derive(Clone, Copy, Debug)]
struct Frame {
    node: NodeId,
    seq: u32,
    block: Option<Shape>,
    negative: Option<(NodeId, Negative)>,
    form: Option<NodeId>,
    keep: bool,
    dropped: Option<(Kind, u32)>,
    link: bool,
    pre: bool,
    /// Readability's starting score for the element (tag and class weight).
    weight: f32,
    /// For `<ul>` and `<ol>`: a list; for `<ol>`, the next item's number.
    list: Option<Option<u32>>,
    /// The element's entry in the walker's candidates, once it has one
    /// ([`NO_CANDIDATE`] before).
    candidate: u32,
    /// What to append to the Markdown when the element closes.
    md_close: MdClose,
}

/// [`Frame::candidate`] of an element that has no candidate entry yet.
const NO_CANDIDATE: u32 = u32::MAX;

/// The Markdown that closes an inline element.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum MdClose {
    Nothing,
    Mark(&'static str),
    /// A link: `](href)`, the href by index into the walker's list.
    Link(u32),
}

/// Elements whose content is never text of the page.
fn is_dropped_tag(name: &str) -> bool {
    matches!(
        name,
        "head"
            | "script"
            | "style"
            | "noscript"
            | "template"
            | "svg"
            | "math"
            | "iframe"
            | "object"
            | "embed"
            | "canvas"
            | "video"
            | "audio"
            | "img"
            | "picture"
            | "button"
            | "input"
            | "select"
            | "option"
            | "textarea"
            | "datalist"
            | "dialog"
            | "map"
            | "title"
    )
}

fn block_shape(name: &str) -> Option<Shape> {
    Some(match name {
        "p" => Shape::Paragraph,
        "h1" => Shape::Heading(1),
        "h2" => Shape::Heading(2),
        "h3" => Shape::Heading(3),
        "h4" => Shape::Heading(4),
        "h5" => Shape::Heading(5),
        "h6" => Shape::Heading(6),
        "li" | "dt" | "dd" => Shape::ListItem { ordered: None },
        "blockquote" => Shape::Quote,
        "pre" => Shape::Pre,
        "tr" => Shape::Row,
        "figcaption" => Shape::Caption,
        "div" | "section" | "article" | "aside" | "header" | "footer" | "nav" | "main" | "form"
        | "figure" | "caption" | "table" | "thead" | "tbody" | "tfoot" | "ul" | "ol" | "dl"
        | "address" | "details" | "summary" | "fieldset" | "legend" | "body" | "html"
        | "center" | "hgroup" | "menu" => Shape::Other,
        _ => return None,
    })
}

/// Readability's starting score for a container, by tag.
fn tag_weight(name: &str) -> f32 {
    match name {
        "div" | "article" | "main" | "section" => 5.0,
        "pre" | "td" | "blockquote" => 3.0,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
        _ => 0.0,
    }
}

fn tag_negative(name: &str) -> Option<Kind> {
    match name {
        "nav" => Some(Kind::Navigation),
        "aside" => Some(Kind::Related),
        "footer" => Some(Kind::Navigation),
        _ => None,
    }
}

fn is_hidden(el: &scraper::node::Element) -> bool {
    // One pass over the attributes: `attr(name)` would intern each name.
    el.attrs().any(|(name, value)| match name {
        "hidden" => true,
        "aria-hidden" => value.trim().eq_ignore_ascii_case("true"),
        "style" => style_hides(value),
        _ => false,
    })
}

/// Whether an inline style holds `display:none` or `visibility:hidden`, in
/// any case and spacing (its first 4,096 characters but white space), read
/// without a copy: every element with a style attribute passes here.
fn style_hides(style: &str) -> bool {
    // Neither pattern has a prefix that is also its suffix, so a mismatch
    // restarts the match at the current character.
    const PATTERNS: [&[u8]; 2] = [b"display:none", b"visibility:hidden"];
    let mut matched = [0usize; 2];
    let chars = style
        .chars()
        .filter(|c| !c.is_whitespace())
        .take(4096)
        .flat_map(char::to_lowercase);
    for c in chars {
        let byte = if c.is_ascii() { c as u8 } else { 0 };
        for (pattern, at) in PATTERNS.iter().zip(&mut matched) {
            if byte == pattern[*at] {
                *at += 1;
                if *at == pattern.len() {
                    return true;
                }
            } else {
                *at = usize::from(byte == pattern[0]);
            }
        }
    }
    false
}

/// A user's CSS selector, compiled.
#[derive(Debug)]
pub(crate) struct UserSelector {
    pub source: String,
    pub selector: Selector,
    pub kind: Kind,
}

/// The walk's output.
struct Walk {
    blocks: Vec<RawBlock>,
    candidates: HashMap<NodeId, Candidate>,
    /// For each walk position of an element, where the element ends.
    closes: Vec<u32>,
}

/// State of the text being gathered into the current block.
#[derive(Default)]
struct Gather {
    text: String,
    markdown: String,
    pending_space: bool,
    md_pending: String,
    chars: u32,
    link_chars: u32,
    /// The element whose text was added last.
    last_owner: Option<NodeId>,
    /// Table cells opened in the block.
    cells: u32,
}

struct Walker<'c> {
    inner: &'c Inner,
    signals: &'c Signals,
    markdown: bool,
    stack: Vec<Frame>,
    gather: Gather,
    blocks: Vec<RawBlock>,
    /// Containers that received a score, found through their frames while
    /// they are open.
    candidates: Vec<(NodeId, Candidate)>,
    seq: u32,
    closes: Vec<u32>,
    /// Link targets for Markdown, by index.
    hrefs: Vec<String>,
    /// Buffers for reading attributes, and the class lists already read.
    signal_scratch: SignalScratch,
}

/// Ancestors of a block that receive its score: parent, grandparent, and
/// three more levels with falling shares.
const SCORED_LEVELS: usize = 5;

impl Walker<'_> {
    fn walk(mut self, root: NodeRef<'_, Node>) -> Walk {
        let mut skipping: Option<NodeId> = None;
        for edge in root.traverse() {
            match edge {
                Edge::Open(node) => {
                    if skipping.is_some() {
                        continue;
                    }
                    match node.value() {
                        Node::Element(el) if !self.open(node, el) => {
                            skipping = Some(node.id());
                        }
                        Node::Text(text) => self.text(text),
                        _ => {}
                    }
                }
                Edge::Close(node) => {
                    if let Some(id) = skipping {
                        if id == node.id() {
                            skipping = None;
                        }
                        continue;
                    }
                    if node.value().is_element() {
                        self.close(node.id());
                    }
                }
            }
        }
        while let Some(frame) = self.stack.last().copied() {
            self.close(frame.node);
        }
        Walk {
            blocks: self.blocks,
            candidates: self.candidates.into_iter().collect(),
            closes: self.closes,
        }
    }

    /// Opens an element; returns false when its subtree is to be skipped.
    fn open(&mut self, node: NodeRef<'_, Node>, el: &scraper::node::Element) -> bool {
        let name = el.name();
        if is_dropped_tag(name) || is_hidden(el) {
            if matches!(name, "br" | "hr") {
                self.flush();
            }
            return false;
        }
        if matches!(name, "br" | "hr") {
            self.flush();
            return true;
        }
        let parent = self.stack.last().copied();
        let mut frame = Frame {
            node: node.id(),
            seq: self.seq,
            block: block_shape(name),
            negative: parent.and_then(|p| p.negative),
            form: parent.and_then(|p| p.form),
            keep: parent.is_some_and(|p| p.keep),
            dropped: parent.and_then(|p| p.dropped),
            link: parent.is_some_and(|p| p.link) || name == "a",
            pre: parent.is_some_and(|p| p.pre) || name == "pre",
            weight: tag_weight(name),
            list: None,
            md_close: MdClose::Nothing,
            candidate: NO_CANDIDATE,
        };
        self.next_seq();
        if name == "form" {
            frame.form = Some(node.id());
        }
        match name {
            "ol" => {
                frame.list = Some(Some(
                    el.attr("start")
                        .and_then(|s| s.trim().parse().ok())
                        .unwrap_or(1),
                ))
            }
            "ul" | "menu" => frame.list = Some(None),
            _ => {}
        }
        if name == "li" {
            // The nearest list, a few levels up at most.
            let number = self
                .stack
                .iter_mut()
                .rev()
                .take(4)
                .find(|f| f.list.is_some())
                .and_then(|f| {
                    let n = f.list.flatten()?;
                    f.list = Some(Some(n.saturating_add(1)));
                    Some(n)
                });
            frame.block = Some(Shape::ListItem { ordered: number });
        }
        // Signals from the attributes; page-wide wrappers (html, body) say
        // nothing about the article.
        if !matches!(name, "html" | "body") {
            let signal = self.signals.read(el, &mut self.signal_scratch);
            if signal.positive || matches!(name, "article" | "main") || signal.article_body {
                frame.weight += 25.0;
            }
            if let Some(index) = signal.negative {
                frame.weight -= 25.0;
                frame.negative = Some((node.id(), Negative::Signal(index)));
            } else if let Some(kind) = tag_negative(name) {
                frame.negative = Some((node.id(), Negative::Tag(kind)));
            }
        }
        if !self.inner.keep_selectors.is_empty() || !self.inner.drop_selectors.is_empty() {
            if let Some(element) = ElementRef::wrap(node) {
                if self
                    .inner
                    .keep_selectors
                    .iter()
                    .any(|s| s.selector.matches(&element))
                {
                    frame.keep = true;
                }
                if let Some(i) = self
                    .inner
                    .drop_selectors
                    .iter()
                    .position(|s| s.selector.matches(&element))
                {
                    frame.dropped = Some((self.inner.drop_selectors[i].kind, i as u32));
                }
            }
        }
        if frame.block.is_some() {
            self.flush();
        } else if matches!(name, "td" | "th") {
            self.gather.pending_space = !self.gather.text.is_empty();
            self.gather.cells += 1;
            if self.markdown && !self.gather.markdown.is_empty() {
                self.gather.markdown.push_str(" |");
            }
        }
        if self.markdown {
            frame.md_close = self.open_markdown(name, el);
        }
        self.stack.push(frame);
        true
    }

    fn open_markdown(&mut self, name: &str, el: &scraper::node::Element) -> MdClose {
        let mark = match name {
            "em" | "i" => "*",
            "strong" | "b" => "**",
            "code" if !self.stack.last().is_some_and(|f| f.pre) => "`",
            "a" if self.inner.markdown_links => {
                return match el.attr("href").map(str::trim) {
                    Some(href) if !href.is_empty() && !href.starts_with("javascript:") => {
                        self.gather.md_pending.push('[');
                        self.hrefs
                            .push(href.replace(' ', "%20").replace(')', "%29"));
                        MdClose::Link(self.hrefs.len() as u32 - 1)
                    }
                    _ => MdClose::Nothing,
                };
            }
            _ => return MdClose::Nothing,
        };
        self.gather.md_pending.push_str(mark);
        MdClose::Mark(mark)
    }

    fn close(&mut self, id: NodeId) {
        let Some(pos) = self.stack.iter().rposition(|f| f.node == id) else {
            return;
        };
        // Elements left open inside (cannot happen with html5ever's trees,
        // but an `ElementRef` walk may end early) close with it.
        while self.stack.len() > pos + 1 {
            if let Some(f) = self.stack.last().copied() {
                self.close(f.node);
            }
        }
        let Some(frame) = self.stack.last().copied() else {
            return;
        };
        if frame.md_close != MdClose::Nothing {
            self.close_markdown(frame.md_close);
        }
        if frame.block.is_some() {
            self.flush();
        }
        // Read again: the flush may have made the element a candidate.
        let candidate = self.stack.last().map_or(NO_CANDIDATE, |f| f.candidate);
        if let Some((_, c)) = self.candidates.get_mut(candidate as usize) {
            c.close = self.seq;
        }
        if let Some(end) = self.closes.get_mut(frame.seq as usize) {
            *end = self.seq;
        }
        self.stack.pop();
    }

    fn close_markdown(&mut self, closer: MdClose) {
        let g = &mut self.gather;
        // An opener that never met text is dropped with its closer.
        let opener = match closer {
            MdClose::Nothing => return,
            MdClose::Mark(mark) => mark,
            MdClose::Link(_) => "[",
        };
        if g.md_pending.ends_with(opener) {
            let keep = g.md_pending.len() - opener.len();
            g.md_pending.truncate(keep);
            return;
        }
        match closer {
            MdClose::Mark(mark) => g.markdown.push_str(mark),
            MdClose::Link(i) => {
                g.markdown.push_str("](");
                g.markdown.push_str(&self.hrefs[i as usize]);
                g.markdown.push(')');
            }
            MdClose::Nothing => {}
        }
    }

    fn text(&mut self, text: &str) {
        let pre = self.stack.last().is_some_and(|f| f.pre);
        let link = self.stack.last().is_some_and(|f| f.link);
        let owner = self.stack.last().map(|f| f.node);
        let g = &mut self.gather;
        // Text of two inline elements that touch ("Turniers" + "Bild: AFP")
        // is set apart by the page's style sheet, not by the markup: a
        // lowercase letter or a full stop followed by a capital in another
        // element gets a space.
        if !g.pending_space && g.last_owner != owner {
            let before = g.text.chars().next_back();
            let after = text.chars().next();
            if let (Some(b), Some(a)) = (before, after) {
                if (b.is_lowercase() || matches!(b, '.' | '!' | '?' | ':' | ')'))
                    && a.is_uppercase()
                {
                    g.pending_space = true;
                }
            }
        }
        g.last_owner = owner;
        if pre && self.markdown {
            self.text_chars(text, link);
            return;
        }
        // Stretches of runs of characters parted by single spaces, each
        // copied whole: the output parts runs by single spaces too.
        let mut i = 0;
        while i < text.len() {
            let gap = i;
            loop {
                let n = scan::separator_len(text, i);
                if n == 0 {
                    break;
                }
                i += n;
            }
            if i > gap {
                g.pending_space = !g.text.is_empty();
            }
            if i == text.len() {
                break;
            }
            let start = i;
            let spaces = stretch_end(text, &mut i);
            let stretch = &text[start..i];
            if g.pending_space {
                g.text.push(' ');
                if self.markdown {
                    g.markdown.push(' ');
                }
                g.pending_space = false;
            }
            if self.markdown {
                if !g.md_pending.is_empty() {
                    g.markdown.push_str(&g.md_pending);
                    g.md_pending.clear();
                }
                push_escaped(&mut g.markdown, stretch);
            }
            g.text.push_str(stretch);
            let chars = if stretch.is_ascii() {
                stretch.len()
            } else {
                stretch.chars().count()
            } - spaces;
            let chars = u32::try_from(chars).unwrap_or(u32::MAX);
            g.chars = g.chars.saturating_add(chars);
            if link {
                g.link_chars = g.link_chars.saturating_add(chars);
            }
        }
    }

    /// [`Walker::text`] inside `<pre>` with Markdown on: character by
    /// character, the code's layout kept in the Markdown.
    fn text_chars(&mut self, text: &str, link: bool) {
        let g = &mut self.gather;
        for c in text.chars() {
            if scan::is_separator(c) {
                // Code keeps its layout in Markdown; the text output has
                // one line per block.
                if !g.markdown.is_empty() && matches!(c, ' ' | '\t' | '\n') {
                    g.markdown.push(c);
                }
                g.pending_space = !g.text.is_empty();
                continue;
            }
            if g.pending_space {
                g.text.push(' ');
                g.pending_space = false;
            }
            if !g.md_pending.is_empty() {
                g.markdown.push_str(&g.md_pending);
                g.md_pending.clear();
            }
            g.markdown.push(c);
            g.text.push(c);
            g.chars = g.chars.saturating_add(1);
            if link {
                g.link_chars = g.link_chars.saturating_add(1);
            }
        }
    }

    /// Ends the current block, if it has text.
    fn flush(&mut self) {
        let mut g = std::mem::take(&mut self.gather);
        if g.text.is_empty() {
            // Keep Markdown openers that have not met text yet.
            self.gather.md_pending = std::mem::take(&mut g.md_pending);
        } else if let Some(owner) = self.stack.iter().rposition(|f| f.block.is_some()) {
            self.push_block(owner, &g);
        }
        // The buffers go back to the gatherer for the next block.
        g.text.clear();
        g.markdown.clear();
        self.gather.text = g.text;
        self.gather.markdown = g.markdown;
    }

    /// Adds the gathered text as a block of the element at `owner` on the
    /// stack.
    fn push_block(&mut self, owner: usize, g: &Gather) {
        let frame = self.stack[owner];
        self.score(owner, g);
        self.blocks.push(RawBlock {
            // Exact sizes, one allocation each: a page has many blocks.
            text: Box::from(g.text.as_str()),
            markdown: Box::from(g.markdown.as_str()),
            cells: g.cells,
            shape: frame.block.unwrap_or(Shape::Other),
            node: frame.node,
            seq: self.seq,
            chars: g.chars,
            link_chars: g.link_chars,
            negative: self.stack.last().and_then(|f| f.negative),
            form: frame.form,
            keep: self.stack.last().is_some_and(|f| f.keep),
            dropped: self.stack.last().and_then(|f| f.dropped),
            scope: owner.checked_sub(1).map(|p| self.stack[p].seq),
        });
        self.next_seq();
    }

    /// Takes the next walk position.
    fn next_seq(&mut self) {
        self.seq += 1;
        self.closes.push(u32::MAX);
    }

    /// Adds a block's score to the containers above it.
    fn score(&mut self, owner: usize, g: &Gather) {
        let frame = self.stack[owner];
        let paragraph_like = matches!(
            frame.block,
            Some(Shape::Paragraph | Shape::Pre | Shape::Quote | Shape::Other | Shape::Row)
        );
        let content = if paragraph_like && g.chars >= 25 {
            let commas = commas(&g.text) as f32;
            1.0 + commas + (g.chars as f32 / 100.0).min(3.0)
        } else {
            0.0
        };
        // The block element itself counts as a container only when it holds
        // text directly (a `<div>` with text); a `<p>` gives to its parents.
        let first = if matches!(frame.block, Some(Shape::Other)) {
            owner
        } else {
            owner.saturating_sub(1)
        };
        for level in 0..SCORED_LEVELS {
            let Some(index) = first.checked_sub(level) else {
                break;
            };
            if index == owner && !matches!(frame.block, Some(Shape::Other)) {
                continue;
            }
            let f = self.stack[index];
            if f.candidate == NO_CANDIDATE {
                let parent = index.checked_sub(1).map(|i| self.stack[i].node);
                self.stack[index].candidate =
                    u32::try_from(self.candidates.len()).unwrap_or(NO_CANDIDATE);
                self.candidates.push((
                    f.node,
                    Candidate {
                        parent,
                        open: f.seq,
                        close: u32::MAX,
                        score: f.weight,
                        ..Candidate::default()
                    },
                ));
            }
            let slot = self.stack[index].candidate as usize;
            let Some((_, c)) = self.candidates.get_mut(slot) else {
                continue;
            };
            let share = match level {
                0 => 1.0,
                1 => 0.5,
                l => 1.0 / (l as f32 * 3.0),
            };
            c.score += content * share;
            c.chars += g.chars;
            c.link_chars += g.link_chars;
        }
    }
}

/// Commas in a block's text: `,` and the CJK `，` and `、`, found by their
/// lead bytes (`EF` and `E3`), which most text of other scripts lacks.
fn commas(text: &str) -> usize {
    let bytes = text.as_bytes();
    let wide = memchr::memchr2_iter(0xEF, 0xE3, bytes)
        .filter(|&at| {
            matches!(
                bytes.get(at..at + 3),
                Some([0xEF, 0xBC, 0x8C] | [0xE3, 0x80, 0x81])
            )
        })
        .count();
    memchr::memchr_iter(b',', bytes).count() + wide
}

/// Cleans the subtree under `root` (a document or an element).
pub(crate) fn clean(inner: &Inner, root: NodeRef<'_, Node>, tree: &Tree<Node>) -> Cleaned {
    // The walk's lists sized from the document's nodes (known at no cost)
    // rather than grown by doubling: about half the nodes are elements, each
    // a walk position; blocks and scored containers are each no more than a
    // fourth of the nodes on all but 7 and 11 of the corpus's and the
    // devset's 1,110 pages (one page in four has more than an eighth). A
    // subtree's lists grow as they need. The stack and the block text start
    // with room for what most pages need: 32 levels (all but 8 pages), a
    // paragraph.
    let nodes = if root.id() == tree.root().id() {
        tree.nodes().len()
    } else {
        0
    };
    let mut closes = Vec::with_capacity(nodes / 2 + 1);
    closes.push(u32::MAX);
    let walker = Walker {
        inner,
        signals: &SIGNALS,
        markdown: inner.markdown,
        stack: Vec::with_capacity(32),
        gather: Gather {
            text: String::with_capacity(256),
            ..Gather::default()
        },
        blocks: Vec::with_capacity(nodes / 4),
        candidates: Vec::with_capacity(nodes / 4),
        seq: 0,
        closes,
        hrefs: Vec::new(),
        signal_scratch: SignalScratch::builtin(),
    };
    let walk = walker.walk(root);
    let region = main_region(&walk, tree);

    let (langs, language) =
        crate::lang::document_langs(inner, walk.blocks.iter().map(|b| &*b.text));
    // The buffers for the longest block, allocated once.
    let longest = walk.blocks.iter().map(|b| b.text.len()).max().unwrap_or(0);
    let mut norm = String::with_capacity(longest);
    let mut scratch = crate::phrases::MatchScratch::for_lines_of(longest);
    let mut blocks: Vec<Block<'_>> = walk
        .blocks
        .iter()
        .map(|b| {
            let features = scan::scan_line(&b.text, &mut norm);
            let matched = inner
                .phrases
                .match_line(langs, &b.text, &norm, &features, &mut scratch)
                // A table row of dates and times ("Mon 12") is data, not a
                // dateline.
                .filter(|m| !(b.shape == Shape::Row && m.entry.kind == Kind::Metadata));
            let attribution = matched.is_none()
                && features.sites > 0
                && features.word_count() <= 8
                && inner.phrases.rest_is_names_or_dates(&b.text, 0);
            Block {
                text: &b.text,
                features,
                blank: false,
                matched,
                attribution,
                hint: None,
                keep: b.keep,
                trusted: false,
                heading: matches!(b.shape, Shape::Heading(_)),
                pos: b.seq,
                scope_end: b.scope.map_or(u32::MAX, |s| {
                    walk.closes.get(s as usize).copied().unwrap_or(u32::MAX)
                }),
            }
        })
        .collect();
    let prose_in = prose_in_negatives(&walk.blocks, &blocks);

    // One rule relaxed per attempt. The first result long enough wins; if
    // none is, the first that kept something real, else the longest.
    let mut attempts: Vec<(usize, Vec<Verdict>)> = Vec::new();
    let header = article_header(&walk.blocks, &blocks, &region);
    for attempt in ATTEMPTS {
        // An attempt that relaxes nothing on this page would repeat the last
        // one: the earlier of two equal results is the one chosen anyway.
        let mut changed = attempts.is_empty();
        for (i, (block, raw)) in blocks.iter_mut().zip(&walk.blocks).enumerate() {
            let header = header.contains(&i);
            let hint = hint(
                raw,
                &block.features,
                &region,
                attempt,
                inner,
                &prose_in,
                header,
            )
            .map(|h| inner.hint_verdicts.get(h));
            let trusted = attempt.region && !region.ranges.is_empty() && region.contains(raw.seq);
            // Hints are shared: equal ones are one allocation.
            let same_hint = match (&hint, &block.hint) {
                (Some(a), Some(b)) => Arc::ptr_eq(a, b),
                (a, b) => a.is_none() && b.is_none(),
            };
            changed |= !same_hint || trusted != block.trusted;
            block.hint = hint;
            block.trusted = trusted;
        }
        if !changed {
            continue;
        }
        let verdicts = classify::classify_stable(&blocks, &inner.params, inner.remove);
        let kept: usize = verdicts
            .iter()
            .zip(&walk.blocks)
            .filter(|(v, _)| !removed(inner, v))
            .map(|(_, b)| b.chars as usize)
            .sum();
        attempts.push((kept, verdicts));
        if kept >= MIN_ARTICLE_CHARS {
            break;
        }
    }
    let chosen = attempts
        .iter()
        .position(|(kept, _)| *kept >= MIN_ARTICLE_CHARS)
        .or_else(|| {
            attempts
                .iter()
                .position(|(kept, _)| *kept >= SOME_ARTICLE_CHARS)
        })
        .or_else(|| {
            attempts
                .iter()
                .enumerate()
                .max_by_key(|(i, (kept, _))| (*kept, std::cmp::Reverse(*i)))
                .map(|(i, _)| i)
        });
    let verdicts = chosen
        .map(|i| attempts.swap_remove(i).1)
        .unwrap_or_default();
    let mut cleaned = assemble(inner, &walk.blocks, verdicts, tree);
    cleaned.title = title(root, tree);
    cleaned.language = language;
    cleaned
}

fn removed(inner: &Inner, verdict: &Verdict) -> bool {
    matches!(verdict.as_deref(), Some((kind, _)) if inner.remove.contains(*kind))
}

/// Below this many characters of kept text, another attempt is made with one
/// rule relaxed.
const MIN_ARTICLE_CHARS: usize = 100;
/// An attempt that keeps at least this much is preferred to a more relaxed
/// one that keeps more: relaxing brings boilerplate back too.
const SOME_ARTICLE_CHARS: usize = 50;

#[derive(Clone, Copy, Debug)]
struct Attempt {
    /// Leave out blocks outside the main content region.
    region: bool,
    /// Leave out blocks inside elements with boilerplate signals.
    signals: bool,
}

const ATTEMPTS: [Attempt; 3] = [
    Attempt {
        region: true,
        signals: true,
    },
    Attempt {
        region: false,
        signals: true,
    },
    Attempt {
        region: false,
        signals: false,
    },
];

/// How many of the best-scored containers are weighed together.
const TOP_CANDIDATES: usize = 5;
/// How many close runners-up must share an ancestor for it to win.
const SHARED_ANCESTOR_VOTES: usize = 2;
/// How far up from the best container the search for a better one goes.
const PROMOTION_LEVELS: usize = 24;

fn is_page_wrapper(tree: &Tree<Node>, id: NodeId) -> bool {
    tree.get(id)
        .and_then(|n| {
            n.value()
                .as_element()
                .map(|e| matches!(e.name(), "body" | "html"))
        })
        .unwrap_or(true)
}

/// The main content: the best-scored container and the siblings that
/// score close to it.
struct Region {
    ranges: Vec<(u32, u32)>,
    /// The main container and all its ancestors.
    holds_main: HashSet<NodeId>,
}

impl Region {
    fn contains(&self, seq: u32) -> bool {
        self.ranges.is_empty()
            || self
                .ranges
                .iter()
                .any(|&(open, close)| open <= seq && seq <= close)
    }
}

fn main_region(walk: &Walk, tree: &Tree<Node>) -> Region {
    let final_score = |c: &Candidate| {
        let density = if c.chars == 0 {
            0.0
        } else {
            c.link_chars as f32 / c.chars as f32
        };
        c.score * (1.0 - density)
    };
    let mut ranked: Vec<(NodeId, f32)> = walk
        .candidates
        .iter()
        .filter(|(_, c)| c.close != u32::MAX)
        .map(|(id, c)| (*id, final_score(c)))
        .collect();
    // Best first; ties go to the earlier element. Only the best few are
    // ordered: a long page has a candidate per container.
    let order = |a: &(NodeId, f32), b: &(NodeId, f32)| {
        b.1.total_cmp(&a.1)
            .then(walk.candidates[&a.0].open.cmp(&walk.candidates[&b.0].open))
    };
    if ranked.len() > TOP_CANDIDATES {
        ranked.select_nth_unstable_by(TOP_CANDIDATES - 1, order);
        ranked.truncate(TOP_CANDIDATES);
    }
    ranked.sort_by(order);
    let Some(&(mut top_id, mut top_score)) = ranked.first() else {
        return Region {
            ranges: Vec::new(),
            holds_main: Default::default(),
        };
    };
    let score_of = |id: NodeId| walk.candidates.get(&id).map(|c| (c, final_score(c)));

    // When several of the best candidates close to the top one share an
    // ancestor, the article is split among them: take the ancestor.
    let close_ones: Vec<NodeId> = ranked[1..]
        .iter()
        .filter(|(_, s)| *s >= top_score * 0.75)
        .map(|(id, _)| *id)
        .collect();
    if close_ones.len() >= SHARED_ANCESTOR_VOTES {
        let ancestors = |id: NodeId| {
            std::iter::successors(tree.get(id).and_then(|n| n.parent()), |n| n.parent())
                .take(PROMOTION_LEVELS)
                .map(|n| n.id())
                .collect::<Vec<_>>()
        };
        let lists: Vec<Vec<NodeId>> = close_ones.iter().map(|id| ancestors(*id)).collect();
        for parent in ancestors(top_id) {
            if is_page_wrapper(tree, parent) {
                break;
            }
            if lists.iter().filter(|l| l.contains(&parent)).count() >= SHARED_ANCESTOR_VOTES {
                if let Some((_, s)) = score_of(parent) {
                    top_id = parent;
                    top_score = s;
                }
                break;
            }
        }
    }
    // A parent that scores well too holds more of the article.
    let mut last = top_score;
    let floor = top_score / 3.0;
    for parent in std::iter::successors(tree.get(top_id).and_then(|n| n.parent()), |n| n.parent())
        .take(PROMOTION_LEVELS)
    {
        if is_page_wrapper(tree, parent.id()) {
            break;
        }
        let Some((_, s)) = score_of(parent.id()) else {
            continue;
        };
        if s < floor {
            break;
        }
        if s > last {
            top_id = parent.id();
            top_score = s;
            break;
        }
        last = s;
    }
    let Some(top) = walk.candidates.get(&top_id) else {
        return Region {
            ranges: Vec::new(),
            holds_main: Default::default(),
        };
    };
    let threshold = (top_score * 0.2).max(10.0);
    let mut ranges = vec![(top.open, top.close)];
    for c in walk.candidates.values() {
        // Siblings that score near the top join it (Readability's rule).
        let sibling = c.parent.is_some() && c.parent == top.parent;
        if sibling && c.open != top.open && final_score(c) >= threshold {
            ranges.push((c.open, c.close));
        }
    }
    let mut holds_main = HashSet::default();
    let mut node = tree.get(top_id);
    while let Some(n) = node {
        holds_main.insert(n.id());
        node = n.parent();
    }
    Region { ranges, holds_main }
}

/// How many paragraphs of prose each element with a boilerplate signal
/// holds (counted at the nearest such element around each paragraph).
fn prose_in_negatives(raw: &[RawBlock], blocks: &[Block<'_>]) -> HashMap<NodeId, u32> {
    let mut out = HashMap::default();
    for (b, block) in raw.iter().zip(blocks) {
        if let Some((el, _)) = b.negative {
            if is_prose(b, &block.features) {
                *out.entry(el).or_insert(0) += 1;
            }
        }
    }
    out
}

/// A paragraph of prose: a sentence or more, few links. `f` is the block's
/// scan, already made.
fn is_prose(b: &RawBlock, f: &scan::Features) -> bool {
    f.tokens >= 12
        && b.link_chars * 4 < b.chars
        && b.text
            .trim_end()
            .ends_with(['.', '!', '?', '。', '！', '？', '"', '”', '»', ':'])
}

/// Paragraphs of prose that make an element with a boilerplate signal part
/// of the article after all (a "premium-content" wrapper, a "teaser" lead),
/// when it sits inside the main content. Comment threads are prose too, so
/// comment signals always hold.
const PROSE_OVERRULES_SIGNAL: u32 = 2;

/// How many blocks before the main content are searched for its headline.
const HEADER_BLOCKS: usize = 12;

/// The article's header when it sits in a container of its own just before
/// the main one: the nearest heading above the main content, the heading
/// right above that if it ranks higher (a title over its subtitle), and the
/// paragraphs between the heading and the main content (the standfirst).
fn article_header(raw: &[RawBlock], blocks: &[Block<'_>], region: &Region) -> Vec<usize> {
    let Some(first) = (!region.ranges.is_empty())
        .then(|| raw.iter().position(|b| region.contains(b.seq)))
        .flatten()
    else {
        return Vec::new();
    };
    let window = first.saturating_sub(HEADER_BLOCKS)..first;
    let Some(heading) = window
        .rev()
        .find(|&i| matches!(raw[i].shape, Shape::Heading(_)))
    else {
        return Vec::new();
    };
    let mut out = vec![heading];
    if let (Shape::Heading(level), Some(above)) = (raw[heading].shape, heading.checked_sub(1)) {
        if matches!(raw[above].shape, Shape::Heading(l) if l < level) {
            out.push(above);
        }
    }
    out.extend(
        (heading + 1..first)
            .filter(|&i| raw[i].shape == Shape::Paragraph && blocks[i].features.word_count() >= 8),
    );
    out
}

/// What the DOM says about a block: a small key to its shared verdict (see
/// [`HintVerdicts`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Hint {
    /// The user's drop selector, by index.
    Selector(Kind, u32),
    Negative(Negative),
    Form,
    Caption,
    OutsideMainContent,
    LinkDensity,
}

impl Hint {
    /// Every hint, in the order of [`Hint::slot`].
    fn all(drop_selectors: &[UserSelector]) -> impl Iterator<Item = Hint> + '_ {
        let selectors = (0..)
            .zip(drop_selectors)
            .map(|(i, s)| Hint::Selector(s.kind, i));
        let signals = (0..SIGNALS.len()).map(|i| Hint::Negative(Negative::Signal(i)));
        let tags = Kind::ALL.map(|kind| Hint::Negative(Negative::Tag(kind)));
        let rest = [
            Hint::Form,
            Hint::Caption,
            Hint::OutsideMainContent,
            Hint::LinkDensity,
        ];
        selectors.chain(signals).chain(tags).chain(rest)
    }

    /// The hint's place among all hints (see [`Hint::all`]), given the
    /// numbers of drop selectors and of signals.
    fn slot(self, selectors: usize, signals: usize) -> usize {
        let tags = selectors + signals;
        let rest = tags + Kind::ALL.len();
        match self {
            Hint::Selector(_, i) => i as usize,
            Hint::Negative(Negative::Signal(i)) => selectors + i as usize,
            Hint::Negative(Negative::Tag(kind)) => tags + kind as usize,
            Hint::Form => rest,
            Hint::Caption => rest + 1,
            Hint::OutsideMainContent => rest + 2,
            Hint::LinkDensity => rest + 3,
        }
    }

    fn verdict(self, drop_selectors: &[UserSelector]) -> (Kind, Rule) {
        let (kind, rule) = match self {
            Hint::Selector(kind, i) => {
                let source = drop_selectors
                    .get(i as usize)
                    .map(|s| s.source.clone())
                    .unwrap_or_default();
                (kind, ElementRule::Selector(source))
            }
            Hint::Negative(Negative::Signal(i)) => {
                let s = SIGNALS.get(i);
                (
                    s.kind.unwrap_or(Kind::LowDensity),
                    ElementRule::Signal(s.words.clone()),
                )
            }
            Hint::Negative(Negative::Tag(kind)) => (kind, ElementRule::Tag),
            Hint::Form => (Kind::LowDensity, ElementRule::Form),
            Hint::Caption => (Kind::Metadata, ElementRule::Caption),
            Hint::OutsideMainContent => (Kind::LowDensity, ElementRule::OutsideMainContent),
            Hint::LinkDensity => (Kind::Navigation, ElementRule::LinkDensity),
        };
        (kind, Rule::Element(rule))
    }
}

/// The verdict of every hint, built with the cleaner and shared by the
/// blocks of every document.
#[derive(Debug)]
pub(crate) struct HintVerdicts {
    verdicts: Vec<Arc<(Kind, Rule)>>,
    selectors: usize,
    signals: usize,
}

impl HintVerdicts {
    pub(crate) fn new(drop_selectors: &[UserSelector]) -> HintVerdicts {
        HintVerdicts {
            verdicts: Hint::all(drop_selectors)
                .map(|hint| Arc::new(hint.verdict(drop_selectors)))
                .collect(),
            selectors: drop_selectors.len(),
            signals: SIGNALS.len() as usize,
        }
    }

    fn get(&self, hint: Hint) -> Arc<(Kind, Rule)> {
        match self.verdicts.get(hint.slot(self.selectors, self.signals)) {
            Some(verdict) => Arc::clone(verdict),
            // Not reached: every hint has its slot (see the tests).
            None => Arc::new(hint.verdict(&[])),
        }
    }
}

/// What the DOM says about a block, if it makes the block boilerplate.
#[allow(clippy::too_many_arguments)]
fn hint(
    b: &RawBlock,
    f: &scan::Features,
    region: &Region,
    attempt: Attempt,
    inner: &Inner,
    prose_in: &HashMap<NodeId, u32>,
    header: bool,
) -> Option<Hint> {
    if let Some((kind, i)) = b.dropped {
        return Some(Hint::Selector(kind, i));
    }
    let link_density = if b.chars == 0 {
        0.0
    } else {
        b.link_chars as f32 / b.chars as f32
    };
    if attempt.signals {
        if let Some((element, negative)) = b.negative {
            let kind = match negative {
                Negative::Signal(i) => SIGNALS.get(i).kind,
                Negative::Tag(kind) => Some(kind),
            };
            // Wrappers named for layout or access (sidebar, widget, premium,
            // author) can hold the article; comment threads, teaser lists,
            // consent and legal notices hold prose that is never article.
            let overrulable = !matches!(
                kind,
                Some(Kind::Comments | Kind::Related | Kind::Cookie | Kind::Legal)
            );
            let overruled = overrulable
                && region.contains(b.seq)
                && prose_in.get(&element).copied().unwrap_or(0) >= PROSE_OVERRULES_SIGNAL;
            if !region.holds_main.contains(&element) && !overruled {
                return Some(Hint::Negative(negative));
            }
        }
    }
    if let Some(form) = b.form {
        if !region.holds_main.contains(&form) {
            return Some(Hint::Form);
        }
    }
    if b.shape == Shape::Caption && inner.params.drop_captions {
        return Some(Hint::Caption);
    }
    if attempt.region && !region.contains(b.seq) && !is_prose(b, f) && !header {
        return Some(Hint::OutsideMainContent);
    }
    let linked = match b.shape {
        Shape::Heading(_) => false,
        Shape::Paragraph => link_density >= 0.8,
        _ => link_density >= 0.5,
    };
    if linked && f.word_count() <= 25 {
        return Some(Hint::LinkDensity);
    }
    None
}

/// What the output holds, to allocate it at its size: (bytes of the kept
/// blocks with their line breaks, number of removals, bytes of the removed
/// blocks with their line breaks).
fn output_sizes(inner: &Inner, raw: &[RawBlock], verdicts: &[Verdict]) -> (usize, usize, usize) {
    let mut kept = 0;
    let mut groups = 0;
    let mut removed = 0;
    // Consecutive blocks with the same verdict are one removal.
    let mut last: Option<&(Kind, Rule)> = None;
    for (b, v) in raw.iter().zip(verdicts) {
        match v.as_deref() {
            Some(verdict @ (kind, _)) if inner.remove.contains(*kind) => {
                if last != Some(verdict) {
                    groups += 1;
                    last = Some(verdict);
                }
                removed += b.text.len() + 1;
            }
            _ => {
                kept += b.text.len() + 1;
                last = None;
            }
        }
    }
    (kept, groups, removed)
}

fn assemble(inner: &Inner, raw: &[RawBlock], verdicts: Vec<Verdict>, tree: &Tree<Node>) -> Cleaned {
    let (kept, groups, removed) = output_sizes(inner, raw, &verdicts);
    let mut text = String::with_capacity(kept);
    let mut markdown = String::new();
    let mut removals: Vec<Removal> = Vec::with_capacity(groups);
    let mut texts = RemovedText::with_capacity(removed);
    let mut open: Option<Removal> = None;
    let mut last_kept: Option<Shape> = None;
    for (b, verdict) in raw.iter().zip(verdicts) {
        // The rule is cloned only when a removal opens: verdicts are shared.
        match verdict.as_deref() {
            Some((kind, rule)) if inner.remove.contains(*kind) => {
                if open
                    .as_ref()
                    .is_some_and(|r| r.kind == *kind && r.rule == *rule)
                {
                    texts.push_line(&b.text);
                    continue;
                }
                if let Some(r) = open.take() {
                    texts.close(&mut removals, r);
                }
                texts.open(&b.text, &mut removals);
                let at = match (rule, b.negative) {
                    (Rule::Element(ElementRule::Signal(_) | ElementRule::Tag), Some((el, _))) => el,
                    _ => b.node,
                };
                open = Some(Removal {
                    kind: *kind,
                    rule: rule.clone(),
                    location: Location::Element {
                        path: element_path(tree, at),
                    },
                    text: texts.current(),
                });
            }
            _ => {
                if let Some(r) = open.take() {
                    texts.close(&mut removals, r);
                }
                text.push_str(&b.text);
                text.push('\n');
                if inner.markdown {
                    push_markdown(&mut markdown, b, last_kept);
                    last_kept = Some(b.shape);
                }
            }
        }
    }
    if let Some(r) = open {
        texts.close(&mut removals, r);
    }
    texts.finish(&mut removals);
    if inner.markdown && !markdown.is_empty() {
        markdown.push('\n');
    }
    Cleaned {
        text,
        removals,
        title: None,
        markdown: inner.markdown.then_some(markdown),
        language: None,
    }
}

fn push_markdown(out: &mut String, b: &RawBlock, previous: Option<Shape>) {
    let list = |s: Option<Shape>| matches!(s, Some(Shape::ListItem { .. }));
    let row = |s: Option<Shape>| matches!(s, Some(Shape::Row));
    if !out.is_empty() {
        let tight =
            (list(Some(b.shape)) && list(previous)) || (row(Some(b.shape)) && row(previous));
        out.push_str(if tight { "\n" } else { "\n\n" });
    }
    let body = b.markdown.trim();
    match b.shape {
        Shape::Heading(level) => {
            out.extend(std::iter::repeat_n('#', level as usize));
            out.push(' ');
            out.push_str(body);
        }
        Shape::ListItem { ordered: Some(n) } => {
            out.push_str(&format!("{n}. {body}"));
        }
        Shape::ListItem { ordered: None } => {
            out.push_str("- ");
            out.push_str(body);
        }
        Shape::Quote => {
            for (i, line) in body.lines().enumerate() {
                if i > 0 {
                    out.push('\n');
                }
                out.push_str("> ");
                out.push_str(line);
            }
        }
        Shape::Pre => {
            out.push_str("```\n");
            out.push_str(b.markdown.trim_matches('\n'));
            out.push_str("\n```");
        }
        Shape::Row if b.cells > 1 => {
            out.push_str("| ");
            out.push_str(body);
            out.push_str(" |");
            // The first row of a table heads it.
            if previous != Some(Shape::Row) {
                out.push('\n');
                for _ in 0..b.cells {
                    out.push_str("| --- ");
                }
                out.push('|');
            }
        }
        Shape::Paragraph | Shape::Row | Shape::Other => out.push_str(body),
        Shape::Caption => {
            out.push('*');
            out.push_str(body);
            out.push('*');
        }
    }
}

/// Appends text to Markdown, with a backslash before the characters that
/// Markdown reads as marks.
fn push_escaped(out: &mut String, text: &str) {
    let special = |c: char| matches!(c, '*' | '_' | '`' | '[' | ']' | '#');
    if !text.contains(special) {
        out.push_str(text);
        return;
    }
    for c in text.chars() {
        if special(c) {
            out.push('\\');
        }
        out.push(c);
    }
}

/// Moves `i` from the start of a run of characters to the end of the
/// stretch of runs that single spaces part (`a b c` of `a b c  d`), and
/// returns the spaces inside the stretch.
fn stretch_end(text: &str, i: &mut usize) -> usize {
    let bytes = text.as_bytes();
    let mut spaces = 0;
    loop {
        *i = scan::separator_free_run(text, *i);
        if bytes.get(*i) == Some(&b' ')
            && *i + 1 < bytes.len()
            && scan::separator_len(text, *i + 1) == 0
        {
            *i += 1;
            spaces += 1;
        } else {
            return spaces;
        }
    }
}

/// Segments shown in an element path at most; deeper paths start with `…`.
const PATH_SEGMENTS: usize = 8;

/// `body > div#comments > ol.comment-list > li`
fn element_path(tree: &Tree<Node>, id: NodeId) -> String {
    // The segments, innermost first: tag name, and `#id` or the first class.
    let mut segments: [(&str, char, &str); PATH_SEGMENTS] = [("", ' ', ""); PATH_SEGMENTS];
    let mut count = 0;
    let mut truncated = false;
    let mut node = tree.get(id);
    while let Some(n) = node {
        if let Node::Element(el) = n.value() {
            if el.name() == "html" {
                break;
            }
            if count == PATH_SEGMENTS {
                truncated = true;
                break;
            }
            let mut class = None;
            let mut ident = None;
            // One pass over the attributes; `classes()` would intern every
            // class name.
            for (name, value) in el.attrs() {
                match name {
                    "id" if !value.is_empty() => ident = Some(value),
                    "class" => class = value.split_ascii_whitespace().next(),
                    _ => {}
                }
            }
            segments[count] = match (ident, class) {
                (Some(ident), _) => (el.name(), '#', ident),
                (None, Some(class)) => (el.name(), '.', class),
                (None, None) => (el.name(), ' ', ""),
            };
            count += 1;
        }
        node = n.parent();
    }
    let mut path = String::with_capacity(
        segments[..count]
            .iter()
            .map(|(name, _, attr)| name.len() + attr.len() + 4)
            .sum::<usize>()
            + 6,
    );
    if truncated {
        path.push_str("… > ");
    }
    for (i, &(name, mark, attr)) in segments[..count].iter().rev().enumerate() {
        if i > 0 {
            path.push_str(" > ");
        }
        path.push_str(name);
        if !attr.is_empty() {
            path.push(mark);
            path.push_str(attr);
        }
    }
    path
}

/// The text of an element without that of the elements whose content is
/// never text of the page (scripts, styles, SVG... inside an unclosed
/// headline).
fn visible_text(element: ElementRef<'_>) -> String {
    let mut text = String::new();
    let mut skipping: Option<NodeId> = None;
    for edge in element.traverse() {
        match edge {
            Edge::Open(node) if skipping.is_none() => match node.value() {
                Node::Element(el) if node.id() != element.id() && is_dropped_tag(el.name()) => {
                    skipping = Some(node.id());
                }
                Node::Text(t) => text.push_str(t),
                _ => {}
            },
            Edge::Close(node) if skipping == Some(node.id()) => skipping = None,
            _ => {}
        }
    }
    text
}

/// The namespace of HTML elements (SVG and MathML elements have theirs).
const HTML_NAMESPACE: &str = "http://www.w3.org/1999/xhtml";

/// The page title: `<title>`, else `og:title`, else the first `<h1>`.
fn title(root: NodeRef<'_, Node>, tree: &Tree<Node>) -> Option<String> {
    let doc = tree.root();
    let scope = if root.id() == doc.id() {
        doc.children().find_map(ElementRef::wrap)?
    } else {
        ElementRef::wrap(root)?
    };
    // Runs of separators become one space; none at the ends.
    let collapse = |s: String| {
        let mut t = String::with_capacity(s.len());
        for word in scan::tokens(&s) {
            if !t.is_empty() {
                t.push(' ');
            }
            t.push_str(word);
        }
        (!t.is_empty()).then_some(t)
    };
    // Search the whole document's head for <title>, even when cleaning one
    // element of it.
    let page = doc.children().find_map(ElementRef::wrap).unwrap_or(scope);
    // An HTML <title>: the <title> of an SVG icon names the icon.
    first_descendant(page, |el| {
        el.name() == "title" && &*el.name.ns == HTML_NAMESPACE
    })
    .and_then(|t| collapse(visible_text(t)))
    .or_else(|| {
        first_descendant(page, |el| {
            el.name() == "meta" && el.attr("property") == Some("og:title")
        })
        .and_then(|m| m.value().attr("content"))
        .and_then(|c| collapse(c.to_string()))
    })
    .or_else(|| {
        first_descendant(scope, |el| el.name() == "h1").and_then(|h| collapse(visible_text(h)))
    })
}

/// The first element below `scope` (not `scope` itself), in document
/// order, that `wanted` accepts: a walk of the tree with a name comparison
/// an element, where a CSS selector would run its matching machinery.
fn first_descendant<'a>(
    scope: ElementRef<'a>,
    wanted: impl Fn(&scraper::node::Element) -> bool,
) -> Option<ElementRef<'a>> {
    scope
        .descendants()
        .skip(1)
        .filter_map(ElementRef::wrap)
        .find(|el| wanted(el.value()))
}

/// Whether a text looks like HTML rather than plain text.
pub(crate) fn looks_like_html(input: &str) -> bool {
    let start = input.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    let head: String = start
        .chars()
        .take(512)
        .collect::<String>()
        .to_ascii_lowercase();
    head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || head.starts_with("<?xml")
        || (head.starts_with('<')
            && [
                "<head", "<body", "<div", "<p>", "<p ", "<meta", "<title", "<article", "<section",
                "<!--",
            ]
            .iter()
            .any(|t| head.contains(t)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use scraper::{Html, Selector};

    fn path_of(html: &str, selector: &str) -> String {
        let doc = Html::parse_document(html);
        let sel = Selector::parse(selector).expect("valid selector");
        let el = doc.select(&sel).next().expect("element found");
        element_path(&doc.tree, el.id())
    }

    /// The output is allocated at its size: the kept text exactly, one slot
    /// a removal, the removals' texts in one buffer, on every corpus page.
    #[test]
    fn output_is_allocated_at_its_size() {
        let cleaner = crate::Cleaner::default();
        let pages = crate::test_corpus::files("html");
        assert!(pages.len() > 20, "{}", pages.len());
        let mut removals = 0;
        for page in &pages {
            let cleaned = cleaner.clean_html(page);
            assert_eq!(cleaned.text.capacity(), cleaned.text.len());
            assert_eq!(cleaned.removals.capacity(), cleaned.removals.len());
            // The removals' texts in one buffer, allocated at its size.
            if let Some(first) = cleaned.removals.first() {
                let all = first.text.buffer().expect("the buffer given");
                for r in &cleaned.removals {
                    assert!(Arc::ptr_eq(r.text.buffer().expect("given"), all));
                }
                assert_eq!(all.capacity(), all.len() + cleaned.removals.len());
            }
            removals += cleaned.removals.len();
        }
        assert!(removals > 100, "{removals}");
    }

    /// Every hint has its own slot among the shared verdicts, holding its
    /// verdict; with and without drop selectors.
    #[test]
    fn every_hint_finds_its_own_verdict() {
        let selectors: Vec<UserSelector> = [(Kind::Related, ".more"), (Kind::Promo, "#promo")]
            .into_iter()
            .map(|(kind, source)| UserSelector {
                source: source.to_string(),
                selector: Selector::parse(source).expect("valid selector"),
                kind,
            })
            .collect();
        for drop in [&selectors[..0], &selectors[..]] {
            let verdicts = HintVerdicts::new(drop);
            let hints: Vec<Hint> = Hint::all(drop).collect();
            assert_eq!(hints.len(), verdicts.verdicts.len());
            assert!(hints.len() > 100, "{}", hints.len());
            for (slot, hint) in hints.iter().enumerate() {
                assert_eq!(hint.slot(drop.len(), SIGNALS.len() as usize), slot);
                assert_eq!(*verdicts.get(*hint), hint.verdict(drop), "{hint:?}");
            }
        }
    }

    proptest::proptest! {
        /// The byte search counts the commas a character search counts,
        /// whatever the text holds near them.
        #[test]
        fn commas_are_counted_as_characters(text in "[a-z ,，、。．：ЯЖ日本\u{FF0C}\u{3000}-\u{3003}\u{FF00}-\u{FF10}]{0,60}") {
            let chars = text.chars().filter(|c| matches!(c, ',' | '，' | '、')).count();
            proptest::prop_assert_eq!(commas(&text), chars);
        }
    }

    /// The only prose of a page sits in an element named for boilerplate:
    /// the attempts relax the main region (which changes nothing here) and
    /// then the signals, which keeps it; the menu lines still go.
    #[test]
    fn relaxed_attempts_keep_a_page_s_only_prose() {
        let prose = "The harbour bridge reopened on Monday after two years of repairs, \
                     and the first buses crossed it shortly after six in the morning.";
        let page = format!(
            "<html><body><header><a href='/'>Home</a></header>\
             <div class='comments'><p>{prose}</p></div>\
             <footer><p>Contact us</p></footer></body></html>"
        );
        let cleaned = crate::Cleaner::default().clean_html(&page);
        assert_eq!(cleaned.text(), format!("{prose}\n"));
        let gone: Vec<&str> = cleaned.removals().iter().map(|r| r.text()).collect();
        assert_eq!(gone, ["Home", "Contact us"]);
    }

    #[test]
    fn element_paths_name_ids_and_first_classes() {
        let html = "<html><body><div id='comments' class='x'><ol class='comment-list big'>\
                    <li><p class='reply'>Hi</p></li></ol></div></body></html>";
        assert_eq!(
            path_of(html, "p"),
            "body > div#comments > ol.comment-list > li > p.reply"
        );
        // An empty id says nothing: the class speaks instead.
        let html = "<html><body><section id='' class='promo'><p>Hi</p></section></body></html>";
        assert_eq!(path_of(html, "p"), "body > section.promo > p");
    }

    #[test]
    fn hiding_styles_in_any_case_and_spacing() {
        // What the styles say, read the plain way: a lowercase copy without
        // white space.
        let plain = |style: &str| {
            let compact: String = style
                .chars()
                .filter(|c| !c.is_whitespace())
                .take(4096)
                .flat_map(char::to_lowercase)
                .collect();
            compact.contains("display:none") || compact.contains("visibility:hidden")
        };
        let long = format!("{}display:none", "a".repeat(5000));
        let cases = [
            "display:none",
            "DISPLAY: NONE",
            "color: red; display : none ;",
            "display:nonedisplay:none",
            "ddisplay:none",
            "display:display:none",
            "visibility:hidden",
            "visibility: visible; visibility:hidden",
            "visibilityvisibility:hidden",
            "display:block",
            "display:no ne",
            "display:nne",
            "visibility:hiddeN",
            "dİsplay:none",
            "",
            long.as_str(),
        ];
        for style in cases {
            assert_eq!(style_hides(style), plain(style), "{style:?}");
        }
        assert!(style_hides("Display: None"));
        assert!(!style_hides(&long));
    }

    #[test]
    fn deep_element_paths_keep_the_innermost_segments() {
        let mut html = String::from("<html><body>");
        for i in 0..12 {
            html.push_str(&format!("<div class='d{i}'>"));
        }
        html.push_str("<p>Hi</p>");
        let path = path_of(&html, "p");
        assert_eq!(
            path,
            "… > div.d5 > div.d6 > div.d7 > div.d8 > div.d9 > div.d10 > div.d11 > p"
        );
    }
}
