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
        match line_break(bytes, pos) {
            Some(end) => {
                pos = next_line_start(bytes, end);
                Some((start, end))
            }
            None => {
                pos = bytes.len();
                Some((start, bytes.len()))
            }
        }
    })
}

/// The first `\n` or `\r` at or after `from`.
fn line_break(bytes: &[u8], from: usize) -> Option<usize> {
    memchr::memchr2(b'\n', b'\r', &bytes[from..]).map(|off| from + off)
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
    let plan = Plan::new(inner, &blocks, verdicts);
    // The blocks (70 bytes a line) go before the output grows.
    drop(blocks);
    let mut cleaned = assemble(input, plan);
    cleaned.language = language;
    cleaned
}

/// What becomes of each line, for the output: 4 bytes a line, written
/// over the verdicts' own memory, so that assembling needs neither the
/// blocks nor a second search for each line's end.
struct Plan {
    /// For each line, its length (the bits of [`LEN`]) and the flags
    /// [`BLANK`], [`REMOVED`] and [`OPENS`].
    lines: Vec<u32>,
    /// The verdict of each removal, in order: one for each line marked
    /// [`OPENS`].
    verdicts: Vec<Arc<(Kind, Rule)>>,
    /// The output's sizes, to allocate it at its size (growing it would
    /// hold two copies at once).
    sizes: Sizes,
}

/// The bits of a [`Plan`] line that hold its length. A line of this length
/// or longer (512 MB; 15 bytes in the crate's own tests, so that they take
/// both ways) holds it here, and its end is searched for again.
#[cfg(not(test))]
const LEN: u32 = (1 << 29) - 1;
#[cfg(test)]
const LEN: u32 = 15;
/// A blank line: nothing but separators.
const BLANK: u32 = 1 << 31;
/// A line that goes.
const REMOVED: u32 = 1 << 30;
/// A removed line that opens a removal: the line before it that is not
/// blank was kept or went with another kind or rule.
const OPENS: u32 = 1 << 29;

/// The output's sizes.
struct Sizes {
    /// Bytes of the kept lines with their line breaks.
    kept: usize,
    /// Bytes of the removed lines with their line breaks.
    removed: usize,
}

impl Plan {
    fn new(inner: &Inner, blocks: &[Block<'_>], verdicts: Vec<Verdict>) -> Plan {
        let mut opened: Vec<Arc<(Kind, Rule)>> = Vec::new();
        let mut sizes = Sizes {
            kept: 0,
            removed: 0,
        };
        // Whether the last line that is not blank went.
        let mut open = false;
        // Collected where the verdicts were (the standard library reuses
        // the memory of a vector it collects from when the new items fit),
        // then shrunk to its size.
        let mut lines: Vec<u32> = verdicts
            .into_iter()
            .zip(blocks)
            .map(|(verdict, b)| {
                let len = u32::try_from(b.text.len()).map_or(LEN, |n| n.min(LEN));
                if b.blank {
                    return len | BLANK;
                }
                match verdict {
                    Some(v) if inner.remove.contains(v.0) => {
                        sizes.removed += b.text.trim_end().len() + 1;
                        // Consecutive lines with the same kind and rule are
                        // one removal. Compared as `Arc`s, which for `Eq`
                        // contents are equal at once when they share their
                        // allocation, as the lines of one rule most often do.
                        let same = open && opened.last() == Some(&v);
                        open = true;
                        if same {
                            len | REMOVED
                        } else {
                            opened.push(v);
                            len | REMOVED | OPENS
                        }
                    }
                    _ => {
                        sizes.kept += b.text.len() + 2;
                        open = false;
                        len
                    }
                }
            })
            .collect();
        lines.shrink_to_fit();
        Plan {
            lines,
            verdicts: opened,
            sizes,
        }
    }
}

/// Where the line after one that ends at `end` starts.
fn next_line_start(bytes: &[u8], end: usize) -> usize {
    match bytes.get(end..end + 2) {
        Some(b"\r\n") => end + 2,
        _ => end + 1,
    }
}

/// Builds the output: kept lines joined, removals grouped, as `plan` says.
fn assemble(input: &str, plan: Plan) -> Cleaned {
    let Plan {
        lines,
        verdicts,
        sizes,
    } = plan;
    let mut text = String::with_capacity(sizes.kept);
    let mut removals: Vec<Removal> = Vec::with_capacity(verdicts.len());
    let mut texts = RemovedText::with_capacity(sizes.removed);
    let mut verdicts = verdicts.into_iter();
    // The removal being grown: consecutive lines with the same kind and rule.
    let mut open: Option<Removal> = None;
    let mut blank_since_kept = false;
    let mut next = 0;
    let bytes = input.as_bytes();
    for (i, &line) in lines.iter().enumerate() {
        let start = next;
        let end = match line & LEN {
            LEN => line_break(bytes, start).unwrap_or(bytes.len()),
            len => start + len as usize,
        };
        next = next_line_start(bytes, end);
        if line & BLANK != 0 {
            blank_since_kept = true;
            continue;
        }
        if line & REMOVED == 0 {
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
            continue;
        }
        let number = i + 1;
        let piece = input[start..end].trim_end();
        match open.as_mut() {
            Some(r) if line & OPENS == 0 => {
                #[allow(irrefutable_let_patterns)] // more locations come with HTML
                if let Location::Lines { last, bytes, .. } = &mut r.location {
                    *last = number;
                    bytes.end = end;
                }
                texts.push_line(piece);
            }
            _ => {
                if let Some(r) = open.take() {
                    texts.close(&mut removals, r);
                }
                // One verdict for each line that opens a removal.
                let Some(verdict) = verdicts.next() else {
                    continue;
                };
                texts.open(piece, &mut removals);
                // The rule is cloned once for each removal: the verdicts
                // are shared.
                let (kind, rule) = &*verdict;
                open = Some(Removal {
                    kind: *kind,
                    rule: rule.clone(),
                    location: Location::Lines {
                        first: number,
                        last: number,
                        bytes: start..end,
                    },
                    text: texts.current(),
                });
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

    /// Removals point at their lines whatever the line breaks, blank lines
    /// of separators only are skipped, and the kept text has its lines.
    #[test]
    fn removals_located_across_line_breaks() {
        const P: &str = "The harbour commission met on Tuesday to discuss the new ferry \
                         schedule, which adds two crossings on weekdays from March.";
        let input = format!(
            "Share this\r\n{P}\r\u{a0}\t\n\nLeave a Reply\r\rYour email address will \
             not be published. Required fields are marked *"
        );
        let cleaned = crate::Cleaner::default().clean_text(&input);
        assert_eq!(cleaned.text(), format!("{P}\n"));
        let places: Vec<(usize, usize, &str)> = cleaned
            .removals()
            .iter()
            .map(|r| match r.location() {
                Location::Lines { first, last, bytes } => (*first, *last, &input[bytes.clone()]),
                #[allow(unreachable_patterns)]
                _ => panic!("a text removal has lines"),
            })
            .collect();
        // Line 3 is a no-break space and a tab, line 4 is empty, line 6
        // is empty between two `\r`; the heading and the form's notice each
        // match a phrase of their own.
        let notice = "Your email address will not be published. Required fields are marked *";
        assert_eq!(
            places,
            [
                (1, 1, "Share this"),
                (5, 5, "Leave a Reply"),
                (7, 7, notice)
            ]
        );
        assert_eq!(cleaned.removals()[2].text(), notice);
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
