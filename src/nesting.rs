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
//! real pages do.

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

/// One open element.
#[derive(Clone, Copy)]
struct Open {
    name: Name,
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
}

/// Elements that a later sibling closes, so that they never nest in each
/// other without an element between that counts.
fn closed_by_sibling(name: &[u8]) -> bool {
    matches!(
        name,
        b"p" | b"li"
            | b"dd"
            | b"dt"
            | b"option"
            | b"optgroup"
            | b"thead"
            | b"tbody"
            | b"tfoot"
            | b"caption"
            | b"colgroup"
    )
}

/// Formatting elements: the parser reopens them when they were closed by
/// another element's end tag.
pub(crate) fn is_formatting(name: &[u8]) -> bool {
    matches!(
        name,
        b"a" | b"b"
            | b"big"
            | b"code"
            | b"em"
            | b"font"
            | b"i"
            | b"nobr"
            | b"s"
            | b"small"
            | b"strike"
            | b"strong"
            | b"tt"
            | b"u"
    )
}

/// Elements that put a marker in the list of active formatting elements.
fn is_marker(name: &[u8]) -> bool {
    matches!(
        name,
        b"td" | b"th" | b"caption" | b"applet" | b"object" | b"marquee" | b"template"
    )
}

/// The tree builder's "special" elements (those of HTML): an end tag that
/// is not theirs does not close them, nor anything below them.
fn is_special(name: &[u8]) -> bool {
    is_heading(name)
        || matches!(
            name,
            b"address"
                | b"applet"
                | b"area"
                | b"article"
                | b"aside"
                | b"base"
                | b"basefont"
                | b"bgsound"
                | b"blockquote"
                | b"body"
                | b"br"
                | b"button"
                | b"caption"
                | b"center"
                | b"col"
                | b"colgroup"
                | b"dd"
                | b"details"
                | b"dir"
                | b"div"
                | b"dl"
                | b"dt"
                | b"embed"
                | b"fieldset"
                | b"figcaption"
                | b"figure"
                | b"footer"
                | b"form"
                | b"frame"
                | b"frameset"
                | b"head"
                | b"header"
                | b"hgroup"
                | b"hr"
                | b"html"
                | b"iframe"
                | b"img"
                | b"input"
                | b"keygen"
                | b"li"
                | b"link"
                | b"listing"
                | b"main"
                | b"marquee"
                | b"menu"
                | b"meta"
                | b"nav"
                | b"noembed"
                | b"noframes"
                | b"noscript"
                | b"object"
                | b"ol"
                | b"p"
                | b"param"
                | b"plaintext"
                | b"pre"
                | b"script"
                | b"search"
                | b"section"
                | b"select"
                | b"source"
                | b"style"
                | b"summary"
                | b"table"
                | b"tbody"
                | b"td"
                | b"template"
                | b"textarea"
                | b"tfoot"
                | b"th"
                | b"thead"
                | b"title"
                | b"tr"
                | b"track"
                | b"ul"
                | b"wbr"
                | b"xmp"
                | b"mi"
                | b"mo"
                | b"mn"
                | b"ms"
                | b"mtext"
                | b"annotation-xml"
                | b"foreignobject"
                | b"desc"
        )
}

/// Where a search for an element "in scope" stops. A `<select>` too: end
/// tags inside it close nothing outside it.
fn bounds_scope(name: &[u8]) -> bool {
    matches!(
        name,
        b"select"
            | b"applet"
            | b"caption"
            | b"html"
            | b"table"
            | b"td"
            | b"th"
            | b"marquee"
            | b"object"
            | b"template"
            | b"svg"
            | b"math"
            | b"foreignobject"
            | b"desc"
            | b"title"
            | b"mi"
            | b"mo"
            | b"mn"
            | b"ms"
            | b"mtext"
            | b"annotation-xml"
    )
}

/// Start tags that close an open `<p>` (in button scope).
fn closes_p(name: &[u8]) -> bool {
    is_heading(name)
        || matches!(
            name,
            b"address"
                | b"article"
                | b"aside"
                | b"blockquote"
                | b"center"
                | b"details"
                | b"dialog"
                | b"dir"
                | b"div"
                | b"dl"
                | b"fieldset"
                | b"figcaption"
                | b"figure"
                | b"footer"
                | b"header"
                | b"hgroup"
                | b"main"
                | b"menu"
                | b"nav"
                | b"ol"
                | b"p"
                | b"search"
                | b"section"
                | b"summary"
                | b"ul"
                | b"pre"
                | b"listing"
                | b"form"
                | b"table"
                | b"li"
                | b"dd"
                | b"dt"
                | b"xmp"
                | b"plaintext"
        )
}

fn is_heading(name: &[u8]) -> bool {
    matches!(name, b"h1" | b"h2" | b"h3" | b"h4" | b"h5" | b"h6")
}

/// Elements the parser never nests: their tags only add attributes to the
/// one it made, or are ignored.
fn never_nests(name: &[u8]) -> bool {
    matches!(name, b"html" | b"head" | b"body" | b"frameset")
}

/// Table parts: their end tags look for them in table scope.
fn is_table_part(name: &[u8]) -> bool {
    matches!(
        name,
        b"table"
            | b"tbody"
            | b"thead"
            | b"tfoot"
            | b"tr"
            | b"td"
            | b"th"
            | b"caption"
            | b"colgroup"
    )
}

/// Siblings of no special kind may sit between an `<li>` (or `<dd>`,
/// `<dt>`) and the next one, which closes it.
fn stops_list_item(name: &[u8]) -> bool {
    is_special(name) && !matches!(name, b"address" | b"div" | b"p")
}

/// The most entries the model follows, those that do not count included:
/// each search through the stack is bounded by it.
const MAX_OPEN: usize = 1024;

impl Nesting {
    /// How deep the parser is, as far as the model can tell.
    fn depth(&self) -> usize {
        self.counted + self.reopened.len()
    }

    /// The innermost open element that `is_target` picks, searching down
    /// from the innermost and giving up at the first that `stops`.
    fn find(
        &self,
        is_target: impl Fn(&[u8]) -> bool,
        stops: impl Fn(&[u8]) -> bool,
    ) -> Option<usize> {
        for (at, open) in self.open.iter().enumerate().rev() {
            let name = open.name.get();
            if is_target(name) {
                return Some(at);
            }
            if stops(name) {
                return None;
            }
        }
        None
    }

    /// Whether an element of the special kind is open inside the one at
    /// `at`.
    fn holds_special(&self, at: usize) -> bool {
        self.open[at + 1..].iter().any(|o| is_special(o.name.get()))
    }

    /// Whether the innermost open element is one that `is_target` picks.
    fn innermost(&self, is_target: impl Fn(&[u8]) -> bool) -> Option<usize> {
        let last = self.open.len().checked_sub(1)?;
        is_target(self.open[last].name.get()).then_some(last)
    }

    /// Closes the element at `at` and all those opened after it. Formatting
    /// elements among those after it stay in the parser's list, to be
    /// reopened; a marker forgets those reopened since it opened.
    fn close_from(&mut self, at: usize) {
        while self.open.len() > at {
            let Some(open) = self.open.pop() else { break };
            self.forget(&open);
            if let Some(mark) = open.marker {
                self.reopened.truncate(mark);
            } else if let Some(key) = open.key
                && self.open.len() > at
            {
                self.reopen(open.name, key);
            }
        }
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

    /// The parser reopens the formatting elements closed around it before
    /// most start tags (and text): they are open again, for good, and
    /// what follows nests inside them.
    fn reconstruct(&mut self) {
        for (name, key) in std::mem::take(&mut self.reopened) {
            if self.open.len() >= MAX_OPEN {
                break;
            }
            self.counted += 1;
            self.open.push(Open {
                name,
                counts: true,
                key: Some(key),
                marker: None,
            });
        }
    }

    /// The end tags that a start tag named `name` implies.
    fn close_for_start(&mut self, name: &[u8]) {
        if closes_p(name)
            && self.paragraphs > 0
            && let Some(at) = self.find(|n| n == b"p", |n| n == b"button" || bounds_scope(n))
        {
            self.close_from(at);
        }
        let sibling = match name {
            b"li" => self.find(|n| n == b"li", stops_list_item),
            b"dd" | b"dt" => self.find(|n| matches!(n, b"dd" | b"dt"), stops_list_item),
            b"td" | b"th" => self.find(
                |n| matches!(n, b"td" | b"th"),
                |n| matches!(n, b"tr" | b"table" | b"template" | b"html"),
            ),
            // A row closes the open row, and the cell in it.
            b"tr" => self
                .find(
                    |n| n == b"tr",
                    |n| matches!(n, b"table" | b"template" | b"html"),
                )
                .or_else(|| {
                    self.find(
                        |n| matches!(n, b"td" | b"th"),
                        |n| matches!(n, b"table" | b"template" | b"html"),
                    )
                }),
            b"thead" | b"tbody" | b"tfoot" => self.find(
                |n| matches!(n, b"thead" | b"tbody" | b"tfoot"),
                |n| matches!(n, b"table" | b"template" | b"html"),
            ),
            b"caption" | b"colgroup" => {
                self.find(|n| n == name, |n| matches!(n, b"table" | b"template"))
            }
            b"option" => self.innermost(|n| n == b"option"),
            b"optgroup" => self.innermost(|n| matches!(n, b"option" | b"optgroup")),
            // A new `<a>` or `<nobr>` closes the open one as its end tag
            // would (see `end`).
            b"a" | b"nobr" => self
                .find(|n| n == name, bounds_scope)
                .filter(|&at| !self.holds_special(at)),
            b"button" => self.find(|n| n == name, bounds_scope),
            // A table right inside a table (not in a cell) closes it.
            b"table" => self.find(
                |n| n == b"table",
                |n| !matches!(n, b"tbody" | b"thead" | b"tfoot" | b"tr" | b"colgroup"),
            ),
            _ if is_heading(name) => self.innermost(is_heading),
            _ => None,
        };
        if let Some(at) = sibling {
            self.close_from(at);
        }
    }

    /// A start tag that opens an element: whether the parser may be fed it
    /// (not past `max_depth`; its element is then not opened). `whole` is
    /// false when the scan did not read the name whole: such an element
    /// counts, and no end tag closes it. `attributes` are the tag's bytes
    /// after its name. In SVG or MathML (`foreign`), HTML's rules do not
    /// apply: every element counts.
    pub(crate) fn start(
        &mut self,
        name: &[u8],
        whole: bool,
        attributes: &[u8],
        foreign: bool,
        max_depth: usize,
    ) -> bool {
        if foreign {
            return self.push(
                Name::new(if whole { name } else { b"" }),
                true,
                None,
                None,
                max_depth,
            );
        }
        // A table part outside a table: ignored, or in a template, where
        // the parser may take it as the first of a table's parts.
        let loose_part = whole && is_table_part(name) && name != b"table" && self.tables == 0;
        if whole && never_nests(name) || loose_part && self.templates == 0 {
            return true;
        }
        if whole && name == b"select" {
            // One inside another closes it, and opens none.
            if let Some(at) = self.find(|n| n == b"select", bounds_scope) {
                self.close_from(at);
                return true;
            }
        }
        if whole && !loose_part {
            self.close_for_start(name);
        }
        if !(whole && closes_p(name)) {
            self.reconstruct();
        }
        // One that a sibling closes counts all the same inside another of
        // its kind (`<li>` in `<dd>` in `<li>`...: neither closes the other).
        let counts = !whole
            || loose_part
            || !closed_by_sibling(name)
            || self.open.last().is_some_and(|parent| !parent.counts);
        let key = (whole && is_formatting(name)).then(|| {
            use std::hash::{Hash, Hasher};
            let mut h = rustc_hash::FxHasher::default();
            name.hash(&mut h);
            attributes.hash(&mut h);
            h.finish()
        });
        let marker = (whole && is_marker(name)).then_some(self.reopened.len());
        let name = Name::new(if whole { name } else { b"" });
        self.push(name, counts, key, marker, max_depth)
    }

    /// Opens an element, unless it counts and the depth is at `max_depth`.
    fn push(
        &mut self,
        name: Name,
        counts: bool,
        key: Option<u64>,
        marker: Option<usize>,
        max_depth: usize,
    ) -> bool {
        if counts && self.depth() >= max_depth {
            return false;
        }
        if self.open.len() >= MAX_OPEN {
            // Unreachable while every other entry counts; were it reached,
            // what counts is left out and the rest fed unfollowed.
            return !counts;
        }
        let tag = name.get();
        self.paragraphs += usize::from(tag == b"p");
        self.tables += usize::from(tag == b"table");
        self.templates += usize::from(tag == b"template");
        self.counted += usize::from(counts);
        self.open.push(Open {
            name,
            counts,
            key,
            marker,
        });
        true
    }

    /// Takes an element that left the stack out of the counts.
    fn forget(&mut self, open: &Open) {
        self.counted -= usize::from(open.counts);
        self.paragraphs -= usize::from(open.name.get() == b"p");
        self.tables -= usize::from(open.name.get() == b"table");
        self.templates -= usize::from(open.name.get() == b"template");
    }

    /// An end tag. `whole` is false when the scan did not read its name
    /// whole: it closes nothing then.
    pub(crate) fn end(&mut self, name: &[u8], whole: bool) {
        if !whole || name.is_empty() || never_nests(name) {
            return;
        }
        let at = if name == b"form" {
            // Only the form itself closes, not what is open inside it.
            if let Some(at) = self.find(|n| n == b"form", bounds_scope) {
                let open = self.open.remove(at);
                self.forget(&open);
            }
            None
        } else if is_formatting(name) {
            match self.find(|n| n == name, |_| false) {
                None => {
                    // Not open: the parser forgets the latest reopened one.
                    if let Some(at) = self.reopened.iter().rposition(|r| r.0.get() == name) {
                        self.reopened.remove(at);
                    }
                    None
                }
                // An element of the special kind open inside it is moved
                // out of it, and a copy of it opened inside that: as deep
                // as before.
                Some(at) if self.holds_special(at) => None,
                Some(at) => Some(at),
            }
        } else if is_table_part(name) {
            self.find(
                |n| n == name,
                |n| matches!(n, b"table" | b"template" | b"html"),
            )
        } else if is_special(name) || closed_by_sibling(name) || is_heading(name) {
            self.find(
                |n| n == name || is_heading(name) && is_heading(n),
                |n| {
                    bounds_scope(n)
                        || name == b"p" && n == b"button"
                        || name == b"li" && matches!(n, b"ol" | b"ul")
                },
            )
        } else {
            self.find(|n| n == name, is_special)
        };
        if let Some(at) = at {
            self.close_from(at);
        }
    }
}
