//! How deep the parser nests a page, followed tag by tag by the pre-scan
//! (see [`crate::prescan`]) so that it can cap the depth the parser sees.
//!
//! Counting start tags against end tags is not enough. Real pages leave
//! `<p>`, `<li>`, `<option>` and table cells open (the next one closes
//! them), or leave a `<div>` open inside an element whose end tag closes
//! both; counted naively, a long page looks thousands deep, and capping it
//! would glue its paragraphs together. Hostile pages do the opposite: end
//! tags that the parser ignores (`<div></span>`), or formatting elements
//! that it reopens after they were closed around them, nest the parser
//! deeper than a plain count says.
//!
//! So the model keeps the stack of open elements by name and applies the
//! tree builder's rules where they change the depth: which end tags close
//! what (within which scope, stopping at which elements), which start tags
//! close an open sibling, and which formatting elements the parser will
//! reopen. Elements that a sibling of theirs closes (`<p>`, `<li>`,
//! `<option>`, table sections...) are on the stack, so that end tags find
//! them, but count only inside another such element: a run of them nests
//! the parser at most twice as deep as what counts. Where the model and the
//! parser part, the model errs on the side of depth for what hostile pages
//! can repeat, and on the side of the parser's own closing rules for what
//! real pages do: misnested formatting elements are followed for the few a
//! real page has, and past [`MAX_MISNESTED`] only the current one closes.
//! At the cap, a start tag is left out before it closes anything, as the
//! parser, which is not fed it, closes nothing for it either.
//!
//! Each open element keeps its namespace. Inside SVG and MathML most tags
//! nest, `<input>` and `/>` included, but those of HTML's text and blocks
//! (`<span>`, `<p>`, `<b>`...) take the parser back to HTML: it closes the
//! foreign elements, and the `</svg>` that follows closes nothing. HTML's
//! rules apply again at the integration points (`<foreignObject>`,
//! MathML's `<mi>`...), and only to elements of HTML.

/// A tag name, lowercased. Empty when it matches no end tag: a name the
/// scan does not read whole (longer than its 16 bytes, or with bytes that
/// the tokenizer keeps in names but the scan does not).
#[derive(Clone, Copy, PartialEq, Eq)]
struct Name {
    bytes: [u8; 16],
    len: u8,
}

impl Name {
    fn new(name: &[u8]) -> Name {
        let mut bytes = [0u8; 16];
        let Some(to) = bytes.get_mut(..name.len()) else {
            return Name { bytes, len: 0 };
        };
        to.copy_from_slice(name);
        Name {
            bytes,
            len: name.len() as u8,
        }
    }

    fn get(&self) -> &[u8] {
        &self.bytes[..usize::from(self.len)]
    }
}

/// The namespace of an open element.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Space {
    Html,
    Svg,
    MathMl,
}

/// How the parser reads the start tags inside an element of SVG or MathML.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Reads {
    /// As SVG or MathML: most nest, and those of HTML's text and blocks
    /// (see [`LEAVES_FOREIGN`]) close the foreign elements around them.
    Foreign,
    /// As HTML: `<foreignObject>`, `<desc>` and `<title>` of SVG.
    Html,
    /// As HTML but for `<mglyph>` and `<malignmark>`: MathML's `<mi>`,
    /// `<mo>`, `<mn>`, `<ms>` and `<mtext>`.
    Text,
}

/// One open element.
#[derive(Clone, Copy)]
struct Open {
    name: Name,
    /// Its namespace; elements of HTML's rules are in HTML's.
    space: Space,
    /// For an element of SVG or MathML, how start tags inside it are read.
    reads: Reads,
    /// Its [`Traits`].
    traits: Traits,
    /// Whether it counts toward the depth (see the module's notes).
    counts: bool,
    /// For a formatting element: its name and attributes, as the parser
    /// compares them when it keeps at most three alike.
    key: Option<u64>,
    /// For the elements that put a marker in the list of active formatting
    /// elements: how many reopened elements there were when it opened (the
    /// ones after it are forgotten when it closes).
    marker: Option<usize>,
}

/// The stack of open elements as the scan follows it.
#[derive(Default)]
pub(crate) struct Nesting {
    open: Vec<Open>,
    /// Entries of `open` that count.
    counted: usize,
    /// Entries of `open` that are `<p>` (most start tags look for one).
    paragraphs: usize,
    /// Entries of `open` that are `<table>`, and `<template>`: outside
    /// both the parser ignores the tags of table parts.
    tables: usize,
    templates: usize,
    /// Formatting elements closed by another element's end tag, which the
    /// parser reopens around what follows: their names and keys, oldest
    /// first.
    reopened: Vec<(Name, u64)>,
    /// `<svg>` and `<math>` elements closed since the scan last asked (see
    /// [`Nesting::take_closed_roots`]), by their end tag or another's.
    closed_roots: usize,
    /// Formatting elements closed by an end tag (or a new `<a>`) while
    /// another element was open inside them (see [`MAX_MISNESTED`]).
    misnested: usize,
    /// The parser's form element pointer: whether it is set, and where the
    /// form it points to is in `open`, if still there. While it is set, a
    /// new `<form>` is ignored (outside templates), and `</form>` closes
    /// that form alone, if open and in scope.
    form_pointer: bool,
    form_at: Option<usize>,
    /// Formatting elements the parser has reopened so far: each is a new
    /// element, a copy of one closed before (see `reopened`).
    copies: usize,
    /// Entries of `open` below this one opened before a marker that stays
    /// in the parser's list though its element closed: an `<object>`,
    /// `<applet>` or `<marquee>` closed by another element's end tag (only
    /// their own clears it). A new `<a>` does not look behind a marker for
    /// an `<a>` to close.
    behind_marker: usize,
}

/// Misnested formatting elements a page may close before the model stops
/// following the parser's adoption of them: past this many, the end tag
/// of one closes nothing in the model unless it is the current element,
/// and the model takes the page for deeper than it is, never for
/// shallower. The parser's rules for them (a list of elements to reopen,
/// at most three alike, copies moved around special elements) are
/// followed closely enough for pages that misnest a few, not for pages
/// that do little else.
const MAX_MISNESTED: usize = 8;

/// A start tag, as the scan read it.
pub(crate) struct StartTag<'a> {
    /// The name, lowercased.
    pub(crate) name: &'a [u8],
    /// False when the scan did not read the name whole: such an element
    /// counts, and no end tag closes it.
    pub(crate) whole: bool,
    /// The tag's bytes after its name.
    pub(crate) attributes: &'a [u8],
    /// Whether the tag ends with `/>`: in SVG and MathML the element closes
    /// at once; in HTML only `<svg/>` and `<math/>` do.
    pub(crate) self_closing: bool,
    /// Whether it is an element of HTML that never has content (`<br>`,
    /// `<img>`, `<input>`...): inside SVG or MathML, such a name nests.
    pub(crate) void: bool,
    /// A `<font>` with a `color`, `face` or `size` attribute: it leaves
    /// foreign content (see [`LEAVES_FOREIGN`]).
    pub(crate) font_attributes: bool,
}

/// What the tree builder does with an element, as far as nesting goes: a
/// set of the flags below, by the element's name.
type Traits = u16;

/// The tree builder's "special" elements (those of HTML, headings too):
/// an end tag that is not theirs does not close them, nor anything below
/// them.
const SPECIAL: Traits = 1 << 0;

/// Where a search for an element "in scope" stops. A `<select>` too: end
/// tags inside it close nothing outside it.
const SCOPE: Traits = 1 << 1;

/// Start tags that close an open `<p>` (in button scope).
const CLOSES_P: Traits = 1 << 2;

/// Formatting elements: the parser reopens them when they were closed by
/// another element's end tag.
const FORMATTING: Traits = 1 << 3;

/// Elements that put a marker in the list of active formatting elements.
const MARKER: Traits = 1 << 4;

/// Elements that a later sibling closes (see the module's notes).
const SIBLING: Traits = 1 << 5;

/// Table parts: their end tags look for them in table scope, and outside a
/// table (or a template) the parser ignores their start tags.
const TABLE_PART: Traits = 1 << 6;

/// `<h1>` to `<h6>`: the end tag of one closes any.
const HEADING: Traits = 1 << 7;

/// Elements the parser never nests: their tags only add attributes to the
/// one it made, or are ignored.
const NEVER_NESTS: Traits = 1 << 8;

/// Start tags of HTML's text and blocks, which take the parser out of SVG
/// and MathML: it closes the foreign elements down to an element of HTML
/// or an integration point, and reads the tag as HTML. So do `<font>` with
/// `color`, `face` or `size`, and the end tags `</br>` and `</p>`.
const LEAVES_FOREIGN: Traits = 1 << 9;

/// The traits of the element named `name` (lowercased).
fn traits(name: &[u8]) -> Traits {
    match name {
        b"a" => FORMATTING,
        b"address" => SPECIAL | CLOSES_P,
        b"applet" => SPECIAL | SCOPE | MARKER,
        b"area" => SPECIAL,
        b"article" => SPECIAL | CLOSES_P,
        b"aside" => SPECIAL | CLOSES_P,
        b"b" => FORMATTING | LEAVES_FOREIGN,
        b"base" => SPECIAL,
        b"basefont" => SPECIAL,
        b"bgsound" => SPECIAL,
        b"big" => FORMATTING | LEAVES_FOREIGN,
        b"blockquote" => SPECIAL | CLOSES_P | LEAVES_FOREIGN,
        b"body" => SPECIAL | NEVER_NESTS | LEAVES_FOREIGN,
        b"br" => SPECIAL | LEAVES_FOREIGN,
        b"button" => SPECIAL,
        b"caption" => SPECIAL | SCOPE | MARKER | SIBLING | TABLE_PART,
        b"center" => SPECIAL | CLOSES_P | LEAVES_FOREIGN,
        b"code" => FORMATTING | LEAVES_FOREIGN,
        b"col" => SPECIAL,
        b"colgroup" => SPECIAL | SIBLING | TABLE_PART,
        b"dd" => SPECIAL | CLOSES_P | SIBLING | LEAVES_FOREIGN,
        b"details" => SPECIAL | CLOSES_P,
        b"dialog" => CLOSES_P,
        b"dir" => SPECIAL | CLOSES_P,
        b"div" => SPECIAL | CLOSES_P | LEAVES_FOREIGN,
        b"dl" => SPECIAL | CLOSES_P | LEAVES_FOREIGN,
        b"dt" => SPECIAL | CLOSES_P | SIBLING | LEAVES_FOREIGN,
        b"em" => FORMATTING | LEAVES_FOREIGN,
        b"embed" => SPECIAL | LEAVES_FOREIGN,
        b"fieldset" => SPECIAL | CLOSES_P,
        b"figcaption" => SPECIAL | CLOSES_P,
        b"figure" => SPECIAL | CLOSES_P,
        b"font" => FORMATTING,
        b"footer" => SPECIAL | CLOSES_P,
        b"form" => SPECIAL | CLOSES_P,
        b"frame" => SPECIAL,
        b"frameset" => SPECIAL | NEVER_NESTS,
        b"h1" => SPECIAL | CLOSES_P | HEADING | LEAVES_FOREIGN,
        b"h2" => SPECIAL | CLOSES_P | HEADING | LEAVES_FOREIGN,
        b"h3" => SPECIAL | CLOSES_P | HEADING | LEAVES_FOREIGN,
        b"h4" => SPECIAL | CLOSES_P | HEADING | LEAVES_FOREIGN,
        b"h5" => SPECIAL | CLOSES_P | HEADING | LEAVES_FOREIGN,
        b"h6" => SPECIAL | CLOSES_P | HEADING | LEAVES_FOREIGN,
        b"head" => SPECIAL | NEVER_NESTS | LEAVES_FOREIGN,
        b"header" => SPECIAL | CLOSES_P,
        b"hgroup" => SPECIAL | CLOSES_P,
        b"hr" => SPECIAL | LEAVES_FOREIGN,
        b"html" => SPECIAL | SCOPE | NEVER_NESTS,
        b"i" => FORMATTING | LEAVES_FOREIGN,
        b"iframe" => SPECIAL,
        b"img" => SPECIAL | LEAVES_FOREIGN,
        b"input" => SPECIAL,
        b"isindex" => SPECIAL,
        b"keygen" => SPECIAL,
        b"li" => SPECIAL | CLOSES_P | SIBLING | LEAVES_FOREIGN,
        b"link" => SPECIAL,
        b"listing" => SPECIAL | CLOSES_P | LEAVES_FOREIGN,
        b"main" => SPECIAL | CLOSES_P,
        b"marquee" => SPECIAL | SCOPE | MARKER,
        b"menu" => SPECIAL | CLOSES_P | LEAVES_FOREIGN,
        b"meta" => SPECIAL | LEAVES_FOREIGN,
        b"nav" => SPECIAL | CLOSES_P,
        b"nobr" => FORMATTING | LEAVES_FOREIGN,
        b"noembed" => SPECIAL,
        b"noframes" => SPECIAL,
        b"noscript" => SPECIAL,
        b"object" => SPECIAL | SCOPE | MARKER,
        b"ol" => SPECIAL | CLOSES_P | LEAVES_FOREIGN,
        b"optgroup" => SIBLING,
        b"option" => SIBLING,
        b"p" => SPECIAL | CLOSES_P | SIBLING | LEAVES_FOREIGN,
        b"param" => SPECIAL,
        b"plaintext" => SPECIAL | CLOSES_P,
        b"pre" => SPECIAL | CLOSES_P | LEAVES_FOREIGN,
        b"ruby" => LEAVES_FOREIGN,
        b"s" => FORMATTING | LEAVES_FOREIGN,
        b"script" => SPECIAL,
        b"search" => CLOSES_P,
        b"section" => SPECIAL | CLOSES_P,
        b"select" => SPECIAL | SCOPE,
        b"small" => FORMATTING | LEAVES_FOREIGN,
        b"source" => SPECIAL,
        b"span" => LEAVES_FOREIGN,
        b"strike" => FORMATTING | LEAVES_FOREIGN,
        b"strong" => FORMATTING | LEAVES_FOREIGN,
        b"style" => SPECIAL,
        b"sub" => LEAVES_FOREIGN,
        b"summary" => SPECIAL | CLOSES_P,
        b"sup" => LEAVES_FOREIGN,
        b"table" => SPECIAL | SCOPE | CLOSES_P | TABLE_PART | LEAVES_FOREIGN,
        b"tbody" => SPECIAL | SIBLING | TABLE_PART,
        b"td" => SPECIAL | SCOPE | MARKER | TABLE_PART,
        b"template" => SPECIAL | SCOPE | MARKER,
        b"textarea" => SPECIAL,
        b"tfoot" => SPECIAL | SIBLING | TABLE_PART,
        b"th" => SPECIAL | SCOPE | MARKER | TABLE_PART,
        b"thead" => SPECIAL | SIBLING | TABLE_PART,
        b"title" => SPECIAL | SCOPE,
        b"tr" => SPECIAL | TABLE_PART,
        b"track" => SPECIAL,
        b"tt" => FORMATTING | LEAVES_FOREIGN,
        b"u" => FORMATTING | LEAVES_FOREIGN,
        b"ul" => SPECIAL | CLOSES_P | LEAVES_FOREIGN,
        b"var" => LEAVES_FOREIGN,
        b"wbr" => SPECIAL,
        b"xmp" => SPECIAL | CLOSES_P,
        _ => 0,
    }
}

/// Formatting elements (see [`FORMATTING`]).
pub(crate) fn is_formatting(name: &[u8]) -> bool {
    traits(name) & FORMATTING != 0
}

/// Whether the parser reopens the formatting elements closed around it
/// before it opens an element named `name`: not before blocks (those that
/// close a paragraph, but `<xmp>`), the parts of ruby, the elements of raw
/// text but `<xmp>`, nor those of the head.
fn reopens_before(name: &[u8], traits: Traits) -> bool {
    name == b"xmp"
        || traits & CLOSES_P == 0
            && !matches!(
                name,
                b"rb"
                    | b"rtc"
                    | b"rp"
                    | b"rt"
                    | b"textarea"
                    | b"iframe"
                    | b"noembed"
                    | b"noscript"
                    | b"noframes"
                    | b"script"
                    | b"style"
                    | b"template"
                    | b"title"
            )
}

/// Siblings of no special kind may sit between an `<li>` (or `<dd>`,
/// `<dt>`) and the next one, which closes it.
fn stops_list_item(traits: Traits, name: &[u8]) -> bool {
    traits & SPECIAL != 0 && !matches!(name, b"address" | b"div" | b"p")
}

/// Where a search for an element "in scope" stops (see [`SCOPE`]).
fn bounds_scope(traits: Traits, _: &[u8]) -> bool {
    traits & SCOPE != 0
}

/// Where a search for a table part stops: its table, or a template.
fn bounds_table(_: Traits, name: &[u8]) -> bool {
    matches!(name, b"table" | b"template")
}

/// Whether `name` is a heading's (see [`HEADING`]).
fn is_heading(name: &[u8]) -> bool {
    traits(name) & HEADING != 0
}

/// The most entries the model follows, those that do not count included:
/// each search through the stack is bounded by it.
const MAX_OPEN: usize = 1024;

impl Nesting {
    /// How deep the parser is, as far as the model can tell.
    fn depth(&self) -> usize {
        self.counted + self.reopened.len()
    }

    /// The innermost open element of HTML that `is_target` picks by its
    /// name, searching down from the innermost and giving up at the first
    /// that `stops` picks by its traits and name.
    fn find(
        &self,
        is_target: impl Fn(&[u8]) -> bool,
        stops: impl Fn(Traits, &[u8]) -> bool,
    ) -> Option<usize> {
        for (at, open) in self.open.iter().enumerate().rev() {
            let name = open.name.get();
            if open.space == Space::Html && is_target(name) {
                return Some(at);
            }
            if stops(open.traits, name) {
                return None;
            }
        }
        None
    }

    /// Whether an element of the special kind is open inside the one at
    /// `at`.
    fn holds_special(&self, at: usize) -> bool {
        self.open[at + 1..].iter().any(|o| o.traits & SPECIAL != 0)
    }

    /// Whether the element at `at` is out of scope: the boundary of a
    /// scope is open inside it.
    fn out_of_scope(&self, at: usize) -> bool {
        self.open[at + 1..].iter().any(|o| o.traits & SCOPE != 0)
    }

    /// The open `<select>` in scope, if any.
    fn select_in_scope(&self) -> Option<usize> {
        self.find(|n| n == b"select", bounds_scope)
    }

    /// Closes an open `<p>` in button scope, as blocks and `<hr>` do.
    fn close_paragraph(&mut self) {
        if self.paragraphs > 0
            && let Some(at) = self.find(|n| n == b"p", |t, n| t & SCOPE != 0 || n == b"button")
        {
            self.close_from(at);
        }
    }

    /// Whether the innermost open element is one of HTML that `is_target`
    /// picks.
    fn innermost(&self, is_target: impl Fn(&Open) -> bool) -> Option<usize> {
        let last = self.open.len().checked_sub(1)?;
        let open = &self.open[last];
        (open.space == Space::Html && is_target(open)).then_some(last)
    }

    /// Closes the element at `at` and all those opened after it. Formatting
    /// elements among those after it stay in the parser's list, to be
    /// reopened; a marker forgets those reopened since it opened.
    fn close_from(&mut self, at: usize) {
        if self.form_at.is_some_and(|form| form >= at) {
            self.form_at = None;
        }
        let mut marker_stays = false;
        while self.open.len() > at {
            let Some(open) = self.open.pop() else { break };
            self.forget(&open);
            if open.space != Space::Html && matches!(open.name.get(), b"svg" | b"math") {
                self.closed_roots += 1;
            }
            if let Some(mark) = open.marker {
                self.reopened.truncate(mark);
                marker_stays |= self.open.len() > at
                    && matches!(open.name.get(), b"object" | b"applet" | b"marquee");
            } else if let Some(key) = open.key
                && self.open.len() > at
            {
                self.reopen(open.name, key);
            }
        }
        self.behind_marker = if marker_stays {
            self.open.len()
        } else {
            self.behind_marker.min(self.open.len())
        };
    }

    /// A formatting element the parser will reopen. Its list keeps at most
    /// three alike: a fourth drops the oldest.
    fn reopen(&mut self, name: Name, key: u64) {
        let mut alike = self.reopened.iter().enumerate().filter(|(_, r)| r.1 == key);
        if let (Some((oldest, _)), Some(_), Some(_)) = (alike.next(), alike.next(), alike.next()) {
            self.reopened.remove(oldest);
        }
        self.reopened.push((name, key));
    }

    /// The end tag of a formatting element, or the start tag of an `<a>`
    /// (`start`), which ends the one before: the latest one in the parser's
    /// list. Those reopened are the latest (an element still open was
    /// opened before any closed around it): the parser forgets the latest
    /// of that name and closes nothing. Else the innermost open one: out of
    /// scope, it stays open (but a new `<a>` takes it alone out of the
    /// parser's stack, not out of the tree); with an element of the special
    /// kind open inside it, that is moved out of it with a copy of it
    /// inside, as deep as before; else it closes. Where to close from, if
    /// anywhere.
    fn formatting_end(&mut self, name: &[u8], start: bool) -> Option<usize> {
        if let Some(at) = self.reopened.iter().rposition(|r| r.0.get() == name) {
            self.reopened.remove(at);
            return None;
        }
        let at = self.find(|n| n == name, |_, _| false)?;
        if start && at < self.behind_marker {
            return None;
        }
        if self.out_of_scope(at) {
            if start {
                self.detach(at);
            }
            return None;
        }
        if self.holds_special(at) {
            return None;
        }
        if at + 1 < self.open.len() {
            // Past the few a real page has, only the current element closes.
            if self.misnested >= MAX_MISNESTED {
                return None;
            }
            self.misnested += 1;
        }
        Some(at)
    }

    /// Where the parser's implied end tags start (`<p>`, `<li>`, `<dd>`,
    /// `<option>`... at the top of the stack, those that `also` keeps).
    fn implied_ends(&self, also: impl Fn(&[u8]) -> bool) -> Option<usize> {
        let mut from = None;
        for (at, open) in self.open.iter().enumerate().rev() {
            let name = open.name.get();
            let implied = matches!(
                name,
                b"dd"
                    | b"dt"
                    | b"li"
                    | b"option"
                    | b"optgroup"
                    | b"p"
                    | b"rb"
                    | b"rp"
                    | b"rt"
                    | b"rtc"
            );
            if open.space != Space::Html || !implied || !also(name) {
                break;
            }
            from = Some(at);
        }
        from
    }

    /// A start tag of an element that holds nothing (see [`Nesting::start`]):
    /// what the parser closes or reopens before it inserts it. Always fed:
    /// what it reopens was counted already (see [`Nesting::depth`]).
    fn start_void(&mut self, name: &[u8]) -> bool {
        match name {
            b"hr" => {
                self.close_paragraph();
                if self.select_in_scope().is_some()
                    && let Some(at) = self.implied_ends(|_| true)
                {
                    self.close_from(at);
                }
            }
            b"input" => {
                if let Some(at) = self.select_in_scope() {
                    self.close_from(at);
                }
                self.reconstruct();
            }
            b"area" | b"br" | b"embed" | b"img" | b"keygen" | b"wbr" => self.reconstruct(),
            _ => {}
        }
        true
    }

    /// Text: in HTML (not in SVG or MathML), the parser reopens the
    /// formatting elements closed around it first, as before most start
    /// tags, and what follows nests inside them. `text` is read only when
    /// some are to be reopened: white space alone in a table reopens none.
    pub(crate) fn text(&mut self, text: &[u8]) {
        if self.reopened.is_empty() {
            return;
        }
        let Some(top) = self.open.last() else {
            self.reconstruct();
            return;
        };
        if top.space != Space::Html && top.reads == Reads::Foreign {
            return;
        }
        let in_table = top.space == Space::Html
            && matches!(
                top.name.get(),
                b"table" | b"tbody" | b"thead" | b"tfoot" | b"tr"
            );
        if in_table
            && text
                .iter()
                .all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\x0c' | b'\r'))
        {
            return;
        }
        self.reconstruct();
    }

    /// The parser reopens the formatting elements closed around it before
    /// most start tags (and text): they are open again, for good, and
    /// what follows nests inside them.
    fn reconstruct(&mut self) {
        for (name, key) in std::mem::take(&mut self.reopened) {
            if self.open.len() >= MAX_OPEN {
                break;
            }
            self.counted += 1;
            self.copies += 1;
            self.open.push(Open {
                name,
                space: Space::Html,
                reads: Reads::Foreign,
                traits: FORMATTING,
                counts: true,
                key: Some(key),
                marker: None,
            });
        }
    }

    /// The end tags that a start tag named `name` implies.
    fn close_for_start(&mut self, name: &[u8], traits: Traits) {
        if traits & CLOSES_P != 0 {
            self.close_paragraph();
        }
        let sibling = match name {
            b"li" => self.find(|n| n == b"li", stops_list_item),
            b"dd" | b"dt" => self.find(|n| matches!(n, b"dd" | b"dt"), stops_list_item),
            b"td" | b"th" => self.find(
                |n| matches!(n, b"td" | b"th"),
                |t, n| n == b"tr" || bounds_table(t, n),
            ),
            // A row closes the open row, and the cell in it.
            b"tr" => self
                .find(|n| n == b"tr", bounds_table)
                .or_else(|| self.find(|n| matches!(n, b"td" | b"th"), bounds_table)),
            b"thead" | b"tbody" | b"tfoot" => self.find(
                |n| matches!(n, b"thead" | b"tbody" | b"tfoot"),
                bounds_table,
            ),
            b"caption" | b"colgroup" => self.find(|n| n == name, bounds_table),
            // In a `<select>`, the implied end tags: an open option, and
            // an open group for a group; elsewhere an option just before.
            b"option" | b"optgroup" if self.select_in_scope().is_some() => {
                self.implied_ends(|n| name == b"optgroup" || n != b"optgroup")
            }
            b"option" | b"optgroup" => self.innermost(|o| o.name.get() == b"option"),
            // Ruby's parts: the implied end tags, in a `<ruby>`.
            b"rb" | b"rtc" | b"rp" | b"rt"
                if self.find(|n| n == b"ruby", bounds_scope).is_some() =>
            {
                self.implied_ends(|n| matches!(name, b"rb" | b"rtc") || n != b"rtc")
            }
            // A new `<a>` ends the one in the parser's list as its end tag
            // would; a new `<nobr>`, the one open in scope.
            b"a" => self.formatting_end(name, true),
            b"nobr" => self
                .find(|n| n == name, bounds_scope)
                .and_then(|_| self.formatting_end(name, false)),
            b"button" => self.find(|n| n == name, bounds_scope),
            // A table right inside a table (not in a cell) closes it.
            b"table" => self.find(
                |n| n == b"table",
                |_, n| !matches!(n, b"tbody" | b"thead" | b"tfoot" | b"tr" | b"colgroup"),
            ),
            _ if traits & HEADING != 0 => self.innermost(|o| o.traits & HEADING != 0),
            _ => None,
        };
        if let Some(at) = sibling {
            self.close_from(at);
        }
    }

    /// A start tag: whether the parser may be fed it (not past
    /// `max_depth`; its element is then not opened).
    pub(crate) fn start(&mut self, tag: &StartTag<'_>, max_depth: usize) -> bool {
        let StartTag {
            name,
            whole,
            attributes,
            self_closing,
            void,
            font_attributes,
        } = *tag;
        let name = if whole { name } else { b"" };
        // At the cap, an element is left out before it closes anything: the
        // parser, which is not fed it, closes nothing for it either. (The
        // empty ones are fed: they open nothing.)
        if !void && self.depth() >= max_depth {
            return false;
        }
        if let Some(space) = self.foreign_for_start(name) {
            if traits(name) & LEAVES_FOREIGN == 0 && !(name == b"font" && font_attributes) {
                // Every element counts in SVG and MathML, and `/>` closes it.
                return self_closing || self.push_foreign(name, space, max_depth);
            }
            // Read as HTML once the foreign elements are closed: at least
            // one that counted, so the depth allows what follows.
            self.leave_foreign();
        }
        if void {
            return self.start_void(name);
        }
        let traits = traits(name);
        // A table part outside a table: ignored, or in a template, where
        // the parser may take it as the first of a table's parts.
        let loose_part = traits & TABLE_PART != 0 && name != b"table" && self.tables == 0;
        if traits & NEVER_NESTS != 0 || loose_part && self.templates == 0 {
            return true;
        }
        if name == b"form" && self.form_pointer && self.templates == 0 {
            // Ignored while the pointer is set.
            return true;
        }
        if name == b"select" {
            // One inside another closes it, and opens none.
            if let Some(at) = self.select_in_scope() {
                self.close_from(at);
                return true;
            }
        }
        if !name.is_empty() && !loose_part {
            self.close_for_start(name, traits);
        }
        if reopens_before(name, traits) {
            self.reconstruct();
        }
        let space = match name {
            b"svg" => Space::Svg,
            b"math" => Space::MathMl,
            _ => Space::Html,
        };
        if space != Space::Html {
            return self_closing || self.push_foreign(name, space, max_depth);
        }
        // One that a sibling closes counts all the same inside another of
        // its kind (`<li>` in `<dd>` in `<li>`...: neither closes the other),
        // and right inside a scope's boundary (`<li>` in `<template>` in
        // `<li>`: the search for the outer one stops there).
        let counts = loose_part
            || traits & SIBLING == 0
            || self
                .open
                .last()
                .is_some_and(|parent| !parent.counts || parent.traits & SCOPE != 0);
        let key = (traits & FORMATTING != 0).then(|| {
            use std::hash::{Hash, Hasher};
            let mut h = rustc_hash::FxHasher::default();
            name.hash(&mut h);
            attributes.hash(&mut h);
            h.finish()
        });
        let marker = (traits & MARKER != 0).then_some(self.reopened.len());
        let pushed = self.push(
            Open {
                name: Name::new(name),
                space,
                reads: Reads::Foreign,
                traits,
                counts,
                key,
                marker,
            },
            max_depth,
        );
        if pushed
            && name == b"form"
            && self.templates == 0
            && self.open.last().is_some_and(|o| o.name.get() == b"form")
        {
            self.form_pointer = true;
            self.form_at = Some(self.open.len() - 1);
        }
        pushed
    }

    /// The namespace of the innermost open element, if the parser reads a
    /// start tag named `name` inside it as SVG or MathML rather than as
    /// HTML (at an integration point, or an `<svg>` in MathML's
    /// `<annotation-xml>`).
    fn foreign_for_start(&self, name: &[u8]) -> Option<Space> {
        let top = self.open.last()?;
        let foreign = match top.reads {
            _ if top.space == Space::Html => false,
            Reads::Html => false,
            Reads::Text => matches!(name, b"mglyph" | b"malignmark"),
            Reads::Foreign => !(top.name.get() == b"annotation-xml" && name == b"svg"),
        };
        foreign.then_some(top.space)
    }

    /// Opens an element of SVG or MathML (`space`). Those the parser reads
    /// HTML inside, and MathML's `<annotation-xml>`, are of the special
    /// kind and stop searches for elements in scope; no other does, not
    /// even `<svg>` and `<math>`: HTML's end tags close them with the
    /// elements around them.
    fn push_foreign(&mut self, name: &[u8], space: Space, max_depth: usize) -> bool {
        let reads = match (space, name) {
            (Space::Svg, b"foreignobject" | b"desc" | b"title") => Reads::Html,
            (Space::MathMl, b"mi" | b"mo" | b"mn" | b"ms" | b"mtext") => Reads::Text,
            _ => Reads::Foreign,
        };
        let traits = match name {
            _ if reads != Reads::Foreign => SPECIAL | SCOPE,
            b"annotation-xml" if space == Space::MathMl => SPECIAL | SCOPE,
            _ => 0,
        };
        self.push(
            Open {
                name: Name::new(name),
                space,
                reads,
                traits,
                counts: true,
                key: None,
                marker: None,
            },
            max_depth,
        )
    }

    /// What a tag that leaves SVG or MathML does first: the foreign
    /// elements close, down to one of HTML or one the parser reads HTML
    /// inside.
    fn leave_foreign(&mut self) {
        let mut at = self.open.len();
        while at > 0 {
            let open = &self.open[at - 1];
            if open.space == Space::Html || open.reads != Reads::Foreign {
                break;
            }
            at -= 1;
        }
        self.close_from(at);
    }

    /// How many formatting elements the parser has reopened so far: copies
    /// it makes of elements closed before, one for each time text or a tag
    /// follows their closing.
    pub(crate) fn copies(&self) -> usize {
        self.copies
    }

    /// How many `<svg>` and `<math>` elements closed since the last call:
    /// by their end tag, by a tag that left foreign content, or by the end
    /// tag of an element around them.
    pub(crate) fn take_closed_roots(&mut self) -> usize {
        std::mem::take(&mut self.closed_roots)
    }

    /// Opens an element, unless it counts and the depth is at `max_depth`.
    fn push(&mut self, open: Open, max_depth: usize) -> bool {
        if open.counts && self.depth() >= max_depth {
            return false;
        }
        if self.open.len() >= MAX_OPEN {
            // Unreachable while every other entry counts; were it reached,
            // what counts is left out and the rest fed unfollowed.
            return !open.counts;
        }
        if open.space == Space::Html {
            let tag = open.name.get();
            self.paragraphs += usize::from(tag == b"p");
            self.tables += usize::from(tag == b"table");
            self.templates += usize::from(tag == b"template");
        }
        self.counted += usize::from(open.counts);
        self.open.push(open);
        true
    }

    /// Takes the element at `at` alone out of the parser's stack, not out
    /// of the tree: what is open inside it, and what follows, stays inside
    /// it. Nameless, it counts where it is, and no search finds it.
    fn detach(&mut self, at: usize) {
        let open = &mut self.open[at];
        (open.name, open.traits, open.key) = (Name::new(b""), 0, None);
    }

    /// Takes an element that left the stack out of the counts.
    fn forget(&mut self, open: &Open) {
        self.counted -= usize::from(open.counts);
        if open.space == Space::Html {
            let tag = open.name.get();
            self.paragraphs -= usize::from(tag == b"p");
            self.tables -= usize::from(tag == b"table");
            self.templates -= usize::from(tag == b"template");
        }
    }

    /// An end tag. `whole` is false when the scan did not read its name
    /// whole: it closes nothing then.
    pub(crate) fn end(&mut self, name: &[u8], whole: bool) {
        if !whole || name.is_empty() {
            return;
        }
        if self.open.last().is_some_and(|o| o.space != Space::Html) {
            if matches!(name, b"br" | b"p") {
                self.leave_foreign();
            } else {
                // The innermost foreign element of that name closes; the
                // first element of HTML below ends the search, and HTML's
                // rules apply.
                for at in (0..self.open.len()).rev() {
                    let open = &self.open[at];
                    if open.space == Space::Html && at + 1 < self.open.len() {
                        break;
                    }
                    if open.name.get() == name {
                        self.close_from(at);
                        return;
                    }
                }
            }
        }
        if name == b"br" {
            // Read as `<br>`.
            self.reconstruct();
            return;
        }
        let traits = traits(name);
        if traits & NEVER_NESTS != 0 {
            return;
        }
        let at = if name == b"form" && self.templates == 0 {
            // The form the pointer points to closes, alone, if in scope;
            // the pointer is cleared all the same.
            self.form_pointer = false;
            if let Some(at) = self.form_at.take()
                && !self.out_of_scope(at)
            {
                self.detach(at);
            }
            None
        } else if name == b"form" {
            self.find(|n| n == b"form", bounds_scope)
        } else if traits & FORMATTING != 0 {
            self.formatting_end(name, false)
        } else if traits & TABLE_PART != 0 {
            self.find(|n| n == name, bounds_table)
        } else if traits & SPECIAL != 0 {
            let heading = traits & HEADING != 0;
            self.find(
                |n| n == name || heading && is_heading(n),
                |t, n| {
                    t & SCOPE != 0
                        || name == b"p" && n == b"button"
                        || name == b"li" && matches!(n, b"ol" | b"ul")
                },
            )
        } else {
            // Any other (`</span>`, `</option>`): unless an element of the
            // special kind is open inside the innermost of its name.
            self.find(|n| n == name, |t, _| t & SPECIAL != 0)
        };
        if let Some(at) = at {
            self.close_from(at);
        }
    }
}
