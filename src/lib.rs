//! Strip boilerplate from scraped web text: share widgets, comment sections
//! and forms, related-article lists, ad markers, navigation, newsletter and
//! cookie prompts, browser warnings, copyright lines and in-article promos.
//!
//! # Overview
//!
//! Scraped article text still carries the page around it: `Share this
//! @site.com`, `- Advertisement -`, a `You May Also Like` list of teasers,
//! `Leave a Reply` and the comment form under it. deboiler finds those lines
//! and removes them, keeps every line of the article unchanged and in order,
//! and explains each removal: its [`Kind`], the [`Rule`] that fired and where
//! it was.
//!
//! The main types:
//!
//! * [`Cleaner`]: a configured, immutable cleaner, built once with
//!   [`Cleaner::builder`] and shared freely across threads.
//! * [`Cleaned`]: the kept text and the list of [`Removal`]s.
//! * [`Kind`]: what kind of boilerplate a removal was.
//! * [`Error`]: what is wrong with a configuration, such as a bad line in a
//!   user phrase table.
//!
//! [`clean_text`] and [`clean_html`] use a default cleaner built on first
//! use. A [`Cleaner`] also takes a parsed [`scraper::Html`]
//! ([`Cleaner::clean_document`]), an element you selected
//! ([`Cleaner::clean_element`]) and bytes of unknown encoding
//! ([`Cleaner::clean_bytes`]); HTML results carry the page title and, if
//! asked for, Markdown.
//!
//! # Example
//!
//! ```
//! let scraped = "\
//! Share this @example.com
//! Council approves new bike lanes on Harbor Street
//! The city council voted 7 to 2 on Tuesday night to add protected bike lanes along a mile of Harbor Street.
//! - Advertisement -spot_img
//! Construction is expected to begin in April, according to the transportation department.
//! You May Also Like
//! Harbor dredging project delayed until spring
//! New ferry terminal opens to passengers
//! ";
//! let cleaned = deboiler::clean_text(scraped);
//! assert_eq!(cleaned.text(), "\
//! Council approves new bike lanes on Harbor Street
//! The city council voted 7 to 2 on Tuesday night to add protected bike lanes along a mile of Harbor Street.
//! Construction is expected to begin in April, according to the transportation department.
//! ");
//! for removal in cleaned.removals() {
//!     // "line 1  share  phrase "share this" (line, en:...)" and so on.
//!     println!("{removal}");
//! }
//! ```
//!
//! Options go through the builder:
//!
//! ```
//! use deboiler::{Cleaner, Focus, Kind, MatchMode};
//!
//! let cleaner = Cleaner::builder()
//!     .keep(Kind::Comments)                  // leave comment threads in
//!     .focus(Focus::Recall)                  // never lose a borderline line
//!     .phrase(Kind::Promo, MatchMode::Start, "Get the Daily Bugle app")
//!     .build()?;
//! # Ok::<(), deboiler::Error>(())
//! ```
//!
//! # How it works
//!
//! Each line is scanned once into a normalised form (lowercase, accents of
//! the Latin script folded, punctuation, numbers and site names dropped)
//! and a handful of density features (words, capitals, end punctuation,
//! truncation). Then:
//!
//! 1. **Phrase tables**, compiled once into Aho-Corasick automata, match
//!    the normalised line as a whole line, a line start, anywhere, or as a
//!    *heading* that opens a boilerplate section. Phrases of scripts written
//!    with spaces are matched word by word (each phrase word is one symbol,
//!    so a line is searched as a few bytes, one per word); Chinese,
//!    Japanese, Thai and the like are matched by characters inside their
//!    runs of letters.
//! 2. **Sections**: a heading takes the lines after it as far as its kind
//!    reaches: a teaser list up to the next paragraph, a comment thread while
//!    its text stays close to comment scaffolding (`Reply`, `Jane says:`),
//!    a newsletter or cookie prompt for a sentence or two and its buttons.
//! 3. **Line density**, in the spirit of jusText: the article's span is the
//!    stretch where paragraph words most outweigh short lines; short lines
//!    before it are kept only if they look like titles, short lines after it
//!    only if they read as sentences or list items, menus of one- to
//!    three-word lines go, and an all-capitals headline between two
//!    paragraphs is an in-article promo.
//!
//! HTML goes through the same classifier. A walk over the DOM (iterative,
//! whatever the depth) turns the page into blocks (paragraphs, headings,
//! list items, table rows) and notes what each sits in: elements whose
//! `class`, `id`, `role`, `aria-label`, `itemprop` or `data-*` words say
//! share, comments, related, ad, navigation, newsletter, cookie... (a data
//! table, `src/signals.txt`, matched on whole words), forms, and the main
//! content region found by scoring containers as Readability does. Those
//! facts become hints for the classifier; if the result is nearly empty, one
//! rule is relaxed at a time.
//!
//! The text is never rewritten: the output is the kept lines of the input.
//!
//! # Phrase tables
//!
//! The built-in tables are data files, one per language, under
//! `src/phrases/`. User tables (see [`CleanerBuilder::phrase_table`]) use the
//! same format:
//!
//! ```text
//! # a comment
//! [related]                     <- a group: every entry below is this kind
//! heading you may also like     <- the line opens a boilerplate section
//! heading-start thoughts on     <- ... and may go on ("3 thoughts on “Title”")
//! line share on facebook        <- the whole line (with counts, handles, punctuation)
//! start your email address will not be published
//! start related:                <- a final colon must follow in the line
//! anywhere all rights reserved
//! ```
//!
//! The kinds are the names of [`Kind`] (`share`, `comments`, `related`,
//! `advertisement`, `navigation`, `newsletter`, `cookie`, `browser-warning`,
//! `legal`, `promo`, `metadata`, `low-density`). Matching ignores case,
//! Latin accents, punctuation, bullets, numbers and site names, and matches
//! whole words (`ad` does not match "adults"); in Chinese, Japanese and Thai,
//! which are written without spaces, it matches inside runs of letters. A
//! `start` or `anywhere` phrase of one word only fires on lines of at most 12
//! words, of two words on lines of at most 16, longer phrases on lines of at
//! most 40, so that "Shares of Acme fell" keeps its line. Several `line`
//! phrases may fill one line together ("Share on Facebook Share on X").
//!
//! # Untrusted input
//!
//! deboiler is meant to be pointed at whatever a crawler brings back. For
//! every input it is given, whatever its size or content, it guarantees:
//!
//! * **No panic.** Every `clean_*` method returns a [`Cleaned`] for any
//!   `&str`, any HTML and any bytes; the `try_clean_*` methods return a
//!   [`Result`] whose only errors are the limits below.
//! * **Linear time and memory, no recursion.** Text is scanned once per line;
//!   the classifier's passes look at a bounded neighbourhood of each line and
//!   are re-run only over the lines they keep. HTML is walked iteratively,
//!   whatever its depth, and a linear pre-scan caps the nesting passed to the
//!   HTML parser at 256 (deeper start and end tags are left out, their text
//!   kept), because the parser's scope checks are quadratic in the depth.
//!   The same scan leaves the content of scripts, styles, `<noscript>`,
//!   `<iframe>`, inline SVG and MathML, most comments and the attributes the
//!   cleaner never reads (sources, alternative texts, tooltips, event
//!   handlers; links unless Markdown links are on; none when a user's
//!   selector is set) out of what the parser is fed from a string: about
//!   half of a typical crawled page's bytes. The elements stay, so the
//!   tree, the kept text and every element path are the same. (A page too
//!   small to nest that deep, with little to leave out, is parsed whole.)
//!   What the attribute signals read a class list as is kept on each thread
//!   from page to page: at most 4,096 lists and 1 MB a thread.
//! * **Nothing invented.** The kept lines of a text are a subsequence of its
//!   lines, in order and unchanged (trailing whitespace aside); the kept
//!   blocks of a page are a subsequence of the blocks a cleaner keeping every
//!   [`Kind`] returns.
//! * **Idempotent.** Cleaning the text that [`Cleaner::clean_text`] returned
//!   returns it unchanged.
//! * **Any bytes.** [`Cleaner::clean_bytes`] and [`Cleaner::clean_html_bytes`]
//!   take bytes of unknown encoding: a byte-order mark, else UTF-8 if the
//!   bytes are valid UTF-8, else the page's `<meta charset>`, else
//!   windows-1252; invalid sequences become U+FFFD. Line breaks may be `\n`,
//!   `\r\n` or `\r`; NUL and other control characters, zero-width and bidi
//!   characters and tabs count as spaces.
//! * **Limits.** [`CleanerBuilder::max_input_bytes`] and
//!   [`CleanerBuilder::max_dom_nodes`] bound what the `try_clean_*` methods
//!   accept; over a limit they return an [`Error`] naming it
//!   ([`Error::limit`]) before any parsing, instead of running out of
//!   memory.
//!
//! These are checked by property tests (`tests/properties.rs`), an
//! adversarial set generated in code (`tests/adversarial.rs`: HTML nested
//! 100,000 deep, a 100 MB line, a million one-letter lines, 300,000
//! capitals headlines in a row, a 50 MB attribute, 100,000 comment blocks,
//! unclosed tags, binary garbage) and
//! `cargo fuzz` targets (`fuzz/`). `cargo run --release --example
//! adversarial` prints how long each hostile input takes.
//!
//! # Crate features
//!
//! * `cli` (default): the `deboiler` command-line program and its `batch`
//!   mode for JSON Lines and WARC collections (pulls in `clap`,
//!   `serde_json`, `rayon`, `indicatif`, `flate2`, `warc` and `httparse`).
//!   Library users can turn it off with `default-features = false`.
//! * `serde`: `serde::Serialize` for [`Cleaned`], [`Removal`], [`Rule`],
//!   [`Kind`] and [`Location`].
//! * `whatlang`: `CleanerBuilder::detect_language`, which detects each
//!   document's language and matches it against that language's table and
//!   the English one only.
//!
//! # Languages
//!
//! Built-in tables: English (`en`), German (`de`), French (`fr`), Spanish
//! (`es`), Italian (`it`), Portuguese (`pt`), Dutch (`nl`), Polish (`pl`),
//! Russian (`ru`), Ukrainian (`uk`), Turkish (`tr`), Chinese (`zh`) and
//! Japanese (`ja`), each covering every [`Kind`]. Matching folds case in
//! every script, Latin accents (`A lire aussi` matches `À LIRE AUSSI`) and
//! full-width forms; the density heuristic counts two letters of a script
//! written without spaces as a word and knows `。！？` as sentence ends.

#![forbid(unsafe_code)]
#![cfg_attr(test, allow(clippy::unwrap_used))]

mod classify;
mod cleaner;
mod decode;
mod error;
mod html;
mod kind;
mod lang;
mod nesting;
mod output;
mod phrases;
mod prescan;
mod scan;
mod signals;
#[cfg(test)]
mod test_corpus;
mod text;

pub use crate::cleaner::{Cleaner, CleanerBuilder, Focus};
pub use crate::error::Error;
pub use crate::kind::{Kind, UnknownKind};
pub use crate::output::{Cleaned, DensityRule, ElementRule, Location, PhraseRule, Removal, Rule};

pub use crate::phrases::MatchMode;
/// Re-exported so that callers can name the types of
/// [`Cleaner::clean_document`] and [`Cleaner::clean_element`].
pub use scraper;

/// Cleans plain text with the default [`Cleaner`] (built once, on first
/// use).
///
/// ```
/// let cleaned = deboiler::clean_text("Share this\nThe river rose two metres overnight, officials said.\n");
/// assert_eq!(cleaned.text(), "The river rose two metres overnight, officials said.\n");
/// ```
pub fn clean_text(text: &str) -> Cleaned {
    Cleaner::default_ref().clean_text(text)
}

/// Cleans an HTML page with the default [`Cleaner`] (built once, on first
/// use): the main content's text, one block per line.
///
/// ```
/// let page = "<html><head><title>Bridge reopens</title></head><body>
///   <nav><a href='/'>Home</a> <a href='/news'>News</a></nav>
///   <article><h1>Bridge reopens</h1>
///     <p>The bridge reopened on Friday after three months of repairs, the city said.</p>
///     <div class='share-buttons'><a href='#'>Share on Facebook</a></div>
///     <p>Traffic is expected to return to normal by Monday morning, officials added.</p>
///   </article>
///   <div id='comments'><h3>Leave a Reply</h3></div>
/// </body></html>";
/// let cleaned = deboiler::clean_html(page);
/// assert_eq!(cleaned.title(), Some("Bridge reopens"));
/// assert_eq!(
///     cleaned.text(),
///     "Bridge reopens\n\
///      The bridge reopened on Friday after three months of repairs, the city said.\n\
///      Traffic is expected to return to normal by Monday morning, officials added.\n"
/// );
/// ```
pub fn clean_html(html: &str) -> Cleaned {
    Cleaner::default_ref().clean_html(html)
}
