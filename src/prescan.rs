//! A linear pass over HTML before parsing: it counts tags (for the node
//! limit) and caps the nesting depth.
//!
//! HTML parsers check the stack of open elements when some tags open
//! ("is there a `<p>` in button scope?"), so a page nested 100,000 deep
//! costs them time quadratic in the depth. Real pages nest a few dozen
//! deep; past [`MAX_DEPTH`] the extra start tags (and as many end tags) are
//! left out, which keeps every piece of text and bounds the parser's work.

use std::borrow::Cow;

/// Deepest nesting passed on to the parser.
pub(crate) const MAX_DEPTH: usize = 256;

/// What the pass found.
pub(crate) struct Prescan<'a> {
    /// The HTML to parse: the input itself, or a copy without the start and
    /// end tags nested deeper than [`MAX_DEPTH`].
    pub html: Cow<'a, str>,
    /// Start tags seen (an upper bound of the elements the parser builds).
    pub tags: usize,
}

/// Elements that never have an end tag.
fn is_void(name: &[u8]) -> bool {
    matches!(
        name,
        b"area"
            | b"base"
            | b"br"
            | b"col"
            | b"embed"
            | b"hr"
            | b"img"
            | b"input"
            | b"link"
            | b"meta"
            | b"param"
            | b"source"
            | b"track"
            | b"wbr"
            | b"keygen"
            | b"frame"
    )
}

/// Elements whose content is raw text up to their end tag.
fn is_raw_text(name: &[u8]) -> bool {
    matches!(
        name,
        b"script"
            | b"style"
            | b"textarea"
            | b"title"
            | b"xmp"
            | b"iframe"
            | b"noembed"
            | b"noframes"
            | b"plaintext"
    )
}

fn tag_name(bytes: &[u8], from: usize) -> (usize, [u8; 16], usize) {
    let mut name = [0u8; 16];
    let mut len = 0;
    let mut i = from;
    while i < bytes.len()
        && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'-' || bytes[i] == b':')
    {
        if len < name.len() {
            name[len] = bytes[i].to_ascii_lowercase();
        }
        len += 1;
        i += 1;
    }
    (i, name, len.min(16))
}

/// The index just past the `>` that ends a tag starting at `from`, quotes
/// respected; the input's end if there is none.
fn tag_end(bytes: &[u8], from: usize) -> usize {
    let mut i = from;
    while let Some(off) = memchr::memchr3(b'>', b'"', b'\'', &bytes[i..]) {
        let at = i + off;
        match bytes[at] {
            b'>' => return at + 1,
            quote => match memchr::memchr(quote, &bytes[at + 1..]) {
                // Jump over the quoted value.
                Some(close) => i = at + 1 + close + 1,
                None => return bytes.len(),
            },
        }
    }
    bytes.len()
}

/// Where the end tag `</name` first appears from `from` (any case).
fn find_end_tag(bytes: &[u8], from: usize, name: &[u8]) -> Option<usize> {
    let finder = memchr::memmem::Finder::new(b"</");
    let mut i = from;
    while let Some(off) = finder.find(&bytes[i..]) {
        let at = i + off;
        let tail = &bytes[at + 2..];
        if tail.len() >= name.len() && tail[..name.len()].eq_ignore_ascii_case(name) {
            return Some(at);
        }
        i = at + 2;
    }
    None
}

pub(crate) fn prescan(html: &str) -> Prescan<'_> {
    let bytes = html.as_bytes();
    let mut depth = 0usize;
    let mut skipped_opens = 0usize;
    let mut tags = 0usize;
    // Byte ranges of tags left out; the copy is made only if there are any.
    let mut cut: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while let Some(off) = memchr::memchr(b'<', &bytes[i..]) {
        let lt = i + off;
        let next = bytes.get(lt + 1).copied();
        match next {
            Some(b'!') => {
                // Comment, doctype or CDATA.
                if bytes[lt..].starts_with(b"<!--") {
                    i = memchr::memmem::find(&bytes[lt + 4..], b"-->")
                        .map_or(bytes.len(), |e| lt + 4 + e + 3);
                } else {
                    i = memchr::memchr(b'>', &bytes[lt..]).map_or(bytes.len(), |e| lt + e + 1);
                }
            }
            Some(b'/') => {
                let (after, _, len) = tag_name(bytes, lt + 2);
                let end = tag_end(bytes, after);
                if len > 0 {
                    if skipped_opens > 0 {
                        skipped_opens -= 1;
                        cut.push((lt, end));
                    } else {
                        depth = depth.saturating_sub(1);
                    }
                }
                i = end;
            }
            Some(c) if c.is_ascii_alphabetic() => {
                let (after, name, len) = tag_name(bytes, lt + 1);
                let name = &name[..len];
                let end = tag_end(bytes, after);
                tags += 1;
                let self_closing = end >= 2 && bytes[end - 2] == b'/';
                if is_raw_text(name) {
                    // Skip to the matching end tag; raw text holds no tags.
                    i = find_end_tag(bytes, end, name).unwrap_or(bytes.len());
                    continue;
                }
                if !is_void(name) && !self_closing {
                    if depth >= MAX_DEPTH {
                        skipped_opens += 1;
                        cut.push((lt, end));
                    } else {
                        depth += 1;
                    }
                }
                i = end;
            }
            _ => i = lt + 1,
        }
        if i >= bytes.len() {
            break;
        }
    }
    let html = if cut.is_empty() {
        Cow::Borrowed(html)
    } else {
        let mut out = String::with_capacity(html.len());
        let mut from = 0;
        for (start, end) in cut {
            out.push_str(&html[from..start]);
            from = end;
        }
        out.push_str(&html[from..]);
        Cow::Owned(out)
    };
    Prescan { html, tags }
}

/// The page with its nesting capped, when only that is wanted: a page with
/// no more than [`MAX_DEPTH`] `<` cannot nest deeper and is not scanned.
pub(crate) fn capped(html: &str) -> Cow<'_, str> {
    if memchr::memchr_iter(b'<', html.as_bytes()).count() <= MAX_DEPTH {
        return Cow::Borrowed(html);
    }
    prescan(html).html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shallow_pages_pass_untouched() {
        let html = "<!doctype html><html><body><div><p>Hi <b>there</b><br>you</p><img src=x><script>if (a<b) {}</script></div></body></html>";
        let p = prescan(html);
        assert!(matches!(p.html, Cow::Borrowed(_)));
        assert_eq!(p.tags, 8);
    }

    #[test]
    fn deep_nesting_is_capped_and_text_kept() {
        let n = 5000;
        let html = format!(
            "<body>{}<p>deep text</p>{}</body>",
            "<div>".repeat(n),
            "</div>".repeat(n)
        );
        let p = prescan(&html);
        let out = p.html.as_ref();
        assert!(out.contains("deep text"));
        assert_eq!(out.matches("<div>").count(), MAX_DEPTH - 1);
        assert_eq!(out.matches("</div>").count(), MAX_DEPTH - 1);
    }

    #[test]
    fn capped_passes_short_pages_and_caps_deep_ones() {
        let short = "<div>".repeat(MAX_DEPTH);
        assert!(matches!(capped(&short), Cow::Borrowed(_)));
        let deep = "<div>".repeat(MAX_DEPTH + 10);
        assert_eq!(capped(&deep).matches("<div>").count(), MAX_DEPTH);
    }

    #[test]
    fn odd_markup_does_not_confuse_the_scan() {
        for html in [
            "<",
            "<<<>>>",
            "<a href='>",
            "<!--",
            "<!-- x",
            "</",
            "<script>",
            "<div title=\"a>b\">x</div>",
            "\u{0}<p\u{0}>",
        ] {
            let p = prescan(html);
            assert!(p.html.len() <= html.len());
        }
    }
}
