//! The plain-text front end: lines in, [`Cleaned`] out.

use std::sync::Arc;

use crate::classify::{self, Block, Verdict};
use crate::cleaner::Inner;
use crate::kind::Kind;
use crate::output::{Cleaned, Location, Removal, RemovedText, Rule};
use crate::scan;

/// Splits `text` into lines at `\n`, `\r\n` or `\r`; yields each line's byte
/// range without its line break.
pub(crate) fn line_ranges(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let bytes = text.as_bytes();
    let mut pos = 0;
    std::iter::from_fn(move || {
        if pos >= bytes.len() {
            return None;
        }
        let start = pos;
        match memchr::memchr2(b'\n', b'\r', &bytes[pos..]) {
            Some(off) => {
                let end = pos + off;
                pos = end + 1;
                if bytes[end] == b'\r' && bytes.get(end + 1) == Some(&b'\n') {
                    pos += 1;
                }
                Some((start, end))
            }
            None => {
                pos = bytes.len();
                Some((start, bytes.len()))
            }
        }
    })
}

/// Credit lines of embedded posts have at most this many words.
const ATTRIBUTION_WORDS: u32 = 8;

pub(crate) fn clean(inner: &Inner, input: &str) -> Cleaned {
    let (langs, language) = crate::lang::document_langs(inner, std::iter::once(input));
    let mut norm = String::new();
    let mut scratch = crate::phrases::MatchScratch::default();
    // One allocation each, sized by counting the line breaks first (each
    // kind of break by `memchr`'s counting loop, which does not stop at
    // every line).
    let bytes = input.as_bytes();
    let lines =
        memchr::memchr_iter(b'\n', bytes).count() + memchr::memchr_iter(b'\r', bytes).count() + 1;
    let mut blocks = Vec::with_capacity(lines);
    for (start, end) in line_ranges(input) {
        let text = &input[start..end];
        let features = scan::scan_line(text, &mut norm);
        let blank = features.tokens == 0;
        let matched = if blank {
            None
        } else {
            inner
                .phrases
                .match_line(langs, text, &norm, &features, &mut scratch)
        };
        let attribution = matched.is_none()
            && features.sites > 0
            && features.word_count() <= ATTRIBUTION_WORDS
            && inner.phrases.rest_is_names_or_dates(text, 0);
        blocks.push(Block {
            text,
            features,
            blank,
            matched,
            attribution,
            hint: None,
            keep: false,
            trusted: false,
            heading: false,
            pos: u32::try_from(blocks.len()).unwrap_or(u32::MAX),
            scope_end: u32::MAX,
        });
    }
    let verdicts = classify::classify_stable(&blocks, &inner.params, inner.remove);
    let sizes = output_sizes(inner, &blocks, &verdicts);
    // The blocks (70 bytes a line) go before the output grows; assembling
    // needs only the lines, which are split again.
    drop(blocks);
    let mut cleaned = assemble(inner, input, verdicts, sizes);
    cleaned.language = language;
    cleaned
}

/// Whether a line has no token: the scan's blank lines.
fn is_blank(line: &str) -> bool {
    line.chars().all(scan::is_separator)
}

/// What the output holds, to allocate it at its size (growing it would hold
/// two copies at once).
struct Sizes {
    /// Bytes of the kept lines with their line breaks.
    kept: usize,
    /// Removals.
    groups: usize,
    /// Bytes of the removed lines with their line breaks.
    removed: usize,
}

fn output_sizes(inner: &Inner, blocks: &[Block<'_>], verdicts: &[Verdict]) -> Sizes {
    let mut kept = 0;
    let mut groups = 0;
    let mut removed = 0;
    // Consecutive lines with the same verdict are one removal. Compared as
    // `Arc`s, which for `Eq` contents are equal at once when they share
    // their allocation, as the lines of one rule most often do.
    let mut last: Option<&Arc<(Kind, Rule)>> = None;
    for (b, v) in blocks.iter().zip(verdicts) {
        if b.blank {
            continue;
        }
        if matches!(v.as_deref(), Some((kind, _)) if inner.remove.contains(*kind)) {
            if last != v.as_ref() {
                groups += 1;
                last = v.as_ref();
            }
            removed += b.text.trim_end().len() + 1;
        } else {
            kept += b.text.len() + 2;
            last = None;
        }
    }
    Sizes {
        kept,
        groups,
        removed,
    }
}

/// Builds the output: kept lines joined, removals grouped. `verdicts` has
/// one entry per line of `input`; `sizes` are the output's sizes (see
/// [`output_sizes`]).
fn assemble(inner: &Inner, input: &str, verdicts: Vec<Verdict>, sizes: Sizes) -> Cleaned {
    let mut text = String::with_capacity(sizes.kept);
    let mut removals: Vec<Removal> = Vec::with_capacity(sizes.groups);
    let mut texts = RemovedText::with_capacity(sizes.removed);
    // The removal being grown: consecutive lines with the same kind and rule.
    let mut open: Option<Removal> = None;
    let mut blank_since_kept = false;
    for (i, ((start, end), verdict)) in line_ranges(input).zip(verdicts).enumerate() {
        if is_blank(&input[start..end]) {
            blank_since_kept = true;
            continue;
        }
        // The rule is cloned only when a removal opens: verdicts are shared.
        match verdict.as_deref() {
            Some((kind, rule)) if inner.remove.contains(*kind) => {
                let line = i + 1;
                let piece = input[start..end].trim_end();
                if let Some(r) = open.as_mut().filter(|r| r.kind == *kind && r.rule == *rule) {
                    #[allow(irrefutable_let_patterns)] // more locations come with HTML
                    if let Location::Lines { last, bytes, .. } = &mut r.location {
                        *last = line;
                        bytes.end = end;
                    }
                    texts.push_line(piece);
                } else {
                    if let Some(r) = open.take() {
                        texts.close(&mut removals, r);
                    }
                    texts.open(piece, &mut removals);
                    open = Some(Removal {
                        kind: *kind,
                        rule: rule.clone(),
                        location: Location::Lines {
                            first: line,
                            last: line,
                            bytes: start..end,
                        },
                        text: texts.current(),
                    });
                }
            }
            _ => {
                if let Some(r) = open.take() {
                    texts.close(&mut removals, r);
                }
                if !text.is_empty() {
                    text.push('\n');
                    if blank_since_kept {
                        text.push('\n');
                    }
                }
                text.push_str(input[start..end].trim_end_matches(scan::is_separator));
                blank_since_kept = false;
            }
        }
    }
    if let Some(r) = open {
        texts.close(&mut removals, r);
    }
    texts.finish(&mut removals);
    if !text.is_empty() {
        text.push('\n');
    }
    Cleaned {
        text,
        removals,
        title: None,
        markdown: None,
        language: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The output is allocated at its size: the kept text with at most two
    /// bytes a line to spare, one slot a removal, the removals' texts in one
    /// buffer, on every corpus text and on all of them in one document.
    #[test]
    fn output_is_allocated_at_its_size() {
        let cleaner = crate::Cleaner::default();
        let mut texts = crate::test_corpus::files("text");
        texts.extend(crate::test_corpus::files("seeds"));
        texts.push(texts.join("\n\n"));
        let mut removals = 0;
        for text in &texts {
            let cleaned = cleaner.clean_text(text);
            let lines = text.lines().count();
            let (len, cap) = (cleaned.text.len(), cleaned.text.capacity());
            assert!(cap >= len && cap <= len + 2 * lines + 2, "{len} {cap}");
            assert_eq!(cleaned.removals.capacity(), cleaned.removals.len());
            // The removals' texts in one buffer (they fit in one chunk), a
            // byte a removal to spare.
            if let Some(first) = cleaned.removals.first() {
                let all = first.text.buffer().expect("the buffer given");
                for r in &cleaned.removals {
                    assert!(std::sync::Arc::ptr_eq(r.text.buffer().expect("given"), all));
                }
                let spare = all.capacity() - all.len();
                assert!(spare <= cleaned.removals.len(), "{spare}");
            }
            removals += cleaned.removals.len();
        }
        assert!(removals > 100, "{removals}");
    }

    #[test]
    fn line_breaks() {
        let cases: &[(&str, &[&str])] = &[
            ("", &[]),
            ("a", &["a"]),
            ("a\n", &["a"]),
            ("a\nb", &["a", "b"]),
            ("a\r\nb\r\n", &["a", "b"]),
            ("a\rb\r", &["a", "b"]),
            ("a\n\nb", &["a", "", "b"]),
            ("\r\n\r\n", &["", ""]),
        ];
        for (text, want) in cases {
            let got: Vec<&str> = line_ranges(text).map(|(s, e)| &text[s..e]).collect();
            assert_eq!(&got, want, "{text:?}");
        }
    }
}
