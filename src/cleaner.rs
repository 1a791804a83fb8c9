//! The configured cleaner and its builder.

use std::sync::Arc;

use once_cell::sync::Lazy;

use crate::error::{Error, ErrorKind, TableProblem};
use crate::html::{HintVerdicts, UserSelector};
use crate::kind::{Kind, KindSet};
use crate::output::Cleaned;
use crate::phrases::{self, Entry, MatchMode, PhraseSet};
use crate::scan;

/// Which way the cleaner leans when a line could be either article or
/// boilerplate.
///
/// Phrase matches remove their lines under every focus; the focus moves the
/// density heuristic's thresholds.
///
/// ```
/// use deboiler::{Cleaner, Focus};
///
/// let cautious = Cleaner::builder().focus(Focus::Recall).build()?;
/// # Ok::<(), deboiler::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Focus {
    /// Remove more: output with less leftover boilerplate, at the risk of
    /// losing a short article line (keeps only the two title lines nearest
    /// the article, drops short lines after it, longer paragraphs required).
    Precision,
    /// The default: every article line should survive, and the junk go.
    #[default]
    Balanced,
    /// Keep more: never lose article text, at the cost of some leftover
    /// boilerplate (shorter paragraphs count, short titled lines after the
    /// article stay, comment threads need a longer article before them).
    Recall,
}

/// Thresholds of the density heuristic, set by the [`Focus`].
#[derive(Clone, Debug)]
pub(crate) struct Params {
    /// A line of at least this many words that ends like a sentence is a
    /// paragraph.
    pub paragraph_words: u32,
    /// A line of at least this many words is a paragraph whatever its end.
    pub long_paragraph_words: u32,
    /// A short line needs this many words to count as a title.
    pub headline_words: u32,
    /// How many title lines before the first paragraph are kept.
    pub head_titles: usize,
    /// How many short lines right above the first paragraph (with no
    /// boilerplate between) are kept whatever their length.
    pub head_adjacent: usize,
    /// After the last paragraph, keep short sentences.
    pub keep_tail_sentences: bool,
    /// After the last paragraph, keep headline-like lines too.
    pub keep_tail_titles: bool,
    /// A comment heading swallows the thread only after this many words of
    /// article.
    pub thread_after_words: u32,
    /// An all-capitals promo must have a paragraph on both sides.
    pub promo_needs_both_sides: bool,
    /// Image captions (`<figcaption>`) go.
    pub drop_captions: bool,
}

impl Params {
    pub(crate) fn for_focus(focus: Focus) -> Params {
        match focus {
            Focus::Precision => Params {
                paragraph_words: 10,
                long_paragraph_words: 25,
                headline_words: 4,
                head_titles: 2,
                head_adjacent: 0,
                keep_tail_sentences: false,
                keep_tail_titles: false,
                thread_after_words: 30,
                promo_needs_both_sides: false,
                drop_captions: true,
            },
            Focus::Balanced => Params {
                paragraph_words: 8,
                long_paragraph_words: 20,
                headline_words: 4,
                head_titles: usize::MAX,
                head_adjacent: 20,
                keep_tail_sentences: true,
                keep_tail_titles: false,
                thread_after_words: 50,
                promo_needs_both_sides: true,
                drop_captions: true,
            },
            Focus::Recall => Params {
                paragraph_words: 6,
                long_paragraph_words: 15,
                headline_words: 3,
                head_titles: usize::MAX,
                head_adjacent: usize::MAX,
                keep_tail_sentences: true,
                keep_tail_titles: true,
                thread_after_words: 150,
                promo_needs_both_sides: true,
                drop_captions: false,
            },
        }
    }
}

/// A configured, immutable boilerplate cleaner.
///
/// Build one with [`Cleaner::builder`] (or take the default with
/// [`Cleaner::default`]) and reuse it: building compiles the phrase tables,
/// cleaning only reads them. A `Cleaner` is `Send + Sync` and cloning it is
/// cheap (a reference count), so one cleaner can serve many threads.
///
/// ```
/// use deboiler::{Cleaner, Kind};
///
/// let cleaner = Cleaner::builder().keep(Kind::Comments).build()?;
/// let cleaned = cleaner.clean_text("ADVERTISEMENT\nThe bridge reopened on Friday after three months of repairs.\n");
/// assert_eq!(cleaned.text(), "The bridge reopened on Friday after three months of repairs.\n");
/// # Ok::<(), deboiler::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Cleaner {
    pub(crate) inner: Arc<Inner>,
}

#[derive(Debug)]
pub(crate) struct Inner {
    pub phrases: PhraseSet,
    pub remove: KindSet,
    pub params: Params,
    pub markdown: bool,
    pub markdown_links: bool,
    #[cfg_attr(not(feature = "whatlang"), allow(dead_code))]
    pub detect_language: bool,
    pub max_input_bytes: Option<usize>,
    pub max_dom_nodes: Option<usize>,
    pub keep_selectors: Vec<UserSelector>,
    pub drop_selectors: Vec<UserSelector>,
    /// The verdict of every DOM hint, shared by all documents.
    pub hint_verdicts: HintVerdicts,
}

static DEFAULT: Lazy<Cleaner> = Lazy::new(|| {
    CleanerBuilder::new()
        .build()
        .expect("the built-in phrase tables are valid (checked by the test suite)")
});

impl Default for Cleaner {
    /// The cleaner with default options, built once per process.
    fn default() -> Cleaner {
        DEFAULT.clone()
    }
}

impl Cleaner {
    /// Starts configuring a cleaner.
    pub fn builder() -> CleanerBuilder {
        CleanerBuilder::new()
    }

    /// Cleans plain text: one block per line, as scraped text comes.
    ///
    /// Line breaks may be `\n`, `\r\n` or `\r`. See [`Cleaned`] for the
    /// output.
    ///
    /// ```
    /// let cleaner = deboiler::Cleaner::default();
    /// let cleaned = cleaner.clean_text("- Advertisement -spot_img\nThe museum reopens its doors to visitors next spring.\n");
    /// assert_eq!(cleaned.text(), "The museum reopens its doors to visitors next spring.\n");
    /// ```
    pub fn clean_text(&self, text: &str) -> Cleaned {
        crate::text::clean(&self.inner, text)
    }

    /// Cleans an HTML page given as a string: the main content's text, one
    /// block per line, with [`Cleaned::title`] and, if asked for,
    /// [`Cleaned::markdown`]. See [`clean_html`](crate::clean_html).
    pub fn clean_html(&self, html: &str) -> Cleaned {
        let doc = crate::prescan::parse(html, self.unread_attributes());
        self.clean_document(&doc)
    }

    /// Like [`Cleaner::clean_text`], but checks
    /// [`max_input_bytes`](CleanerBuilder::max_input_bytes) first.
    pub fn try_clean_text(&self, text: &str) -> Result<Cleaned, Error> {
        self.check_size(text.len())?;
        Ok(self.clean_text(text))
    }

    /// Like [`Cleaner::clean_html`], but checks
    /// [`max_input_bytes`](CleanerBuilder::max_input_bytes) and
    /// [`max_dom_nodes`](CleanerBuilder::max_dom_nodes) before parsing.
    pub fn try_clean_html(&self, html: &str) -> Result<Cleaned, Error> {
        self.check_size(html.len())?;
        let scanned = crate::prescan::prescan(html, self.unread_attributes());
        if let Some(max) = self.inner.max_dom_nodes {
            if scanned.tags > max {
                return Err(Error::new(ErrorKind::Limit {
                    limit: "max_dom_nodes",
                    max,
                    found: scanned.tags,
                }));
            }
        }
        let doc = scanned.parse();
        Ok(self.clean_document(&doc))
    }

    /// Like [`Cleaner::clean_bytes`], with the limits of the `try_`
    /// methods.
    pub fn try_clean_bytes(&self, bytes: &[u8]) -> Result<Cleaned, Error> {
        self.check_size(bytes.len())?;
        let text = crate::decode::decode(bytes);
        if crate::html::looks_like_html(&text) {
            self.try_clean_html(&text)
        } else {
            Ok(self.clean_text(&text))
        }
    }

    /// Like [`Cleaner::clean_html_bytes`], with the limits of the `try_`
    /// methods.
    pub fn try_clean_html_bytes(&self, bytes: &[u8]) -> Result<Cleaned, Error> {
        self.check_size(bytes.len())?;
        self.try_clean_html(&crate::decode::decode(bytes))
    }

    /// The attributes the pre-scan may leave out of a page: none when a
    /// user's selector may read any of them.
    fn unread_attributes(&self) -> crate::prescan::Unread {
        use crate::prescan::Unread;
        if !self.inner.keep_selectors.is_empty() || !self.inner.drop_selectors.is_empty() {
            Unread::Nothing
        } else if self.inner.markdown_links {
            Unread::AllButLinks
        } else {
            Unread::All
        }
    }

    fn check_size(&self, size: usize) -> Result<(), Error> {
        match self.inner.max_input_bytes {
            Some(max) if size > max => Err(Error::new(ErrorKind::Limit {
                limit: "max_input_bytes",
                max,
                found: size,
            })),
            _ => Ok(()),
        }
    }

    /// Cleans a page already parsed with `scraper`.
    ///
    /// ```
    /// use deboiler::scraper::Html;
    ///
    /// let doc = Html::parse_document("<body><p>The bridge reopened on Friday after three months of repairs.</p><footer>© 2025 City News</footer></body>");
    /// let cleaned = deboiler::Cleaner::default().clean_document(&doc);
    /// assert_eq!(cleaned.text(), "The bridge reopened on Friday after three months of repairs.\n");
    /// ```
    pub fn clean_document(&self, document: &scraper::Html) -> Cleaned {
        crate::html::clean(&self.inner, document.tree.root(), &document.tree)
    }

    /// Cleans one element that the caller selected, and what is inside it.
    ///
    /// ```
    /// use deboiler::scraper::{Html, Selector};
    ///
    /// let doc = Html::parse_document(r#"<body><div id="story">
    ///   <p>The bridge reopened on Friday after three months of repairs.</p>
    ///   <p class="share-links"><a href="/s">Share this</a></p>
    /// </div></body>"#);
    /// let story = doc.select(&Selector::parse("#story").unwrap()).next().unwrap();
    /// let cleaned = deboiler::Cleaner::default().clean_element(story);
    /// assert_eq!(cleaned.text(), "The bridge reopened on Friday after three months of repairs.\n");
    /// ```
    pub fn clean_element(&self, element: scraper::ElementRef<'_>) -> Cleaned {
        crate::html::clean(&self.inner, *element, element.tree())
    }

    /// Cleans a document whose kind is not known: HTML if it looks like
    /// HTML (a doctype, an `<html>` tag, or markup at its start), plain
    /// text otherwise.
    pub fn clean(&self, input: &str) -> Cleaned {
        if crate::html::looks_like_html(input) {
            self.clean_html(input)
        } else {
            self.clean_text(input)
        }
    }

    /// Cleans bytes of unknown encoding, HTML or plain text (as
    /// [`Cleaner::clean`] decides). The encoding comes from a byte-order
    /// mark; else it is UTF-8 if the bytes are valid UTF-8; else the
    /// `<meta charset>` near the start says; else windows-1252. Invalid
    /// sequences become U+FFFD.
    ///
    /// ```
    /// let cleaned = deboiler::Cleaner::default().clean_bytes(b"<meta charset='iso-8859-1'><p>Le caf\xE9 du port rouvre ses portes apr\xE8s trois mois de travaux.</p>");
    /// assert_eq!(cleaned.text(), "Le caf\u{e9} du port rouvre ses portes apr\u{e8}s trois mois de travaux.\n");
    /// ```
    pub fn clean_bytes(&self, bytes: &[u8]) -> Cleaned {
        self.clean(&crate::decode::decode(bytes))
    }

    /// Cleans HTML given as bytes of unknown encoding (see
    /// [`Cleaner::clean_bytes`] for how the encoding is found).
    pub fn clean_html_bytes(&self, bytes: &[u8]) -> Cleaned {
        self.clean_html(&crate::decode::decode(bytes))
    }

    pub(crate) fn default_ref() -> &'static Cleaner {
        &DEFAULT
    }
}

/// Options for a [`Cleaner`]. Start with [`Cleaner::builder`].
///
/// Every setter consumes and returns the builder; [`CleanerBuilder::build`]
/// checks the options and compiles the phrase tables.
#[derive(Clone, Debug)]
pub struct CleanerBuilder {
    remove: KindSet,
    focus: Focus,
    languages: Option<Vec<String>>,
    builtin: bool,
    disabled: Vec<String>,
    phrases: Vec<(Kind, MatchMode, String)>,
    tables: Vec<(String, String)>,
    markdown: bool,
    markdown_links: bool,
    detect_language: bool,
    max_input_bytes: Option<usize>,
    max_dom_nodes: Option<usize>,
    keep_selectors: Vec<String>,
    drop_selectors: Vec<(Kind, String)>,
}

impl Default for CleanerBuilder {
    fn default() -> CleanerBuilder {
        CleanerBuilder::new()
    }
}

impl CleanerBuilder {
    /// The default options: remove every kind, [`Focus::Balanced`], every
    /// built-in language.
    pub fn new() -> CleanerBuilder {
        CleanerBuilder {
            remove: KindSet::ALL,
            focus: Focus::default(),
            languages: None,
            builtin: true,
            disabled: Vec::new(),
            phrases: Vec::new(),
            tables: Vec::new(),
            markdown: false,
            markdown_links: false,
            detect_language: false,
            max_input_bytes: None,
            max_dom_nodes: None,
            keep_selectors: Vec::new(),
            drop_selectors: Vec::new(),
        }
    }

    /// Also renders HTML input as Markdown, in [`Cleaned::markdown`].
    /// Default: `false`.
    ///
    /// ```
    /// let cleaner = deboiler::Cleaner::builder().markdown(true).build()?;
    /// let cleaned = cleaner.clean_html("<article><h2>Repairs</h2><p>The bridge reopened on <em>Friday</em> after three months of repairs.</p></article>");
    /// assert_eq!(cleaned.markdown(), Some("## Repairs\n\nThe bridge reopened on *Friday* after three months of repairs.\n"));
    /// # Ok::<(), deboiler::Error>(())
    /// ```
    pub fn markdown(mut self, yes: bool) -> CleanerBuilder {
        self.markdown = yes;
        self
    }

    /// Detects each document's language (with the `whatlang` crate) and
    /// matches it against that language's table and the English one only,
    /// instead of every table. The language found is in
    /// [`Cleaned::language`]. Default: `false` (every table, no detection).
    ///
    /// ```
    /// let cleaner = deboiler::Cleaner::builder().detect_language(true).build()?;
    /// let cleaned = cleaner.clean_text("Teilen\nDer Stadtrat hat am Dienstag mit großer Mehrheit beschlossen, in den kommenden zwei Jahren neue Radwege zu bauen.\n");
    /// assert_eq!(cleaned.language(), Some("de"));
    /// assert!(!cleaned.text().contains("Teilen"));
    /// # Ok::<(), deboiler::Error>(())
    /// ```
    #[cfg(feature = "whatlang")]
    pub fn detect_language(mut self, yes: bool) -> CleanerBuilder {
        self.detect_language = yes;
        self
    }

    /// The largest input, in bytes, that the `try_clean_*` methods accept;
    /// a larger one is an [`Error`] naming this limit. Default: no limit.
    ///
    /// ```
    /// let cleaner = deboiler::Cleaner::builder().max_input_bytes(1_000).build()?;
    /// let err = cleaner.try_clean_text(&"x".repeat(1_001)).unwrap_err();
    /// assert_eq!(err.limit(), Some("max_input_bytes"));
    /// # Ok::<(), deboiler::Error>(())
    /// ```
    pub fn max_input_bytes(mut self, bytes: usize) -> CleanerBuilder {
        self.max_input_bytes = Some(bytes);
        self
    }

    /// The most HTML elements that the `try_clean_*` methods accept (for
    /// a string, counted before the page is parsed, so that the parser
    /// never builds the oversized tree: its start tags, and the copies the
    /// parser makes of formatting elements it reopens); more is an [`Error`]
    /// naming this limit. Default: no limit.
    ///
    /// ```
    /// let cleaner = deboiler::Cleaner::builder().max_dom_nodes(100).build()?;
    /// let err = cleaner.try_clean_html(&"<b>x</b>".repeat(101)).unwrap_err();
    /// assert_eq!(err.limit(), Some("max_dom_nodes"));
    /// # Ok::<(), deboiler::Error>(())
    /// ```
    pub fn max_dom_nodes(mut self, nodes: usize) -> CleanerBuilder {
        self.max_dom_nodes = Some(nodes);
        self
    }

    /// Keeps links in the Markdown output as `[text](href)`. Default:
    /// `false` (the link text only).
    pub fn markdown_links(mut self, yes: bool) -> CleanerBuilder {
        self.markdown_links = yes;
        self
    }

    /// Always keeps the HTML elements that match this CSS selector, and
    /// everything in them. An invalid selector is an error at
    /// [`CleanerBuilder::build`].
    ///
    /// ```
    /// let cleaner = deboiler::Cleaner::builder().keep_selector("div.author-note").build()?;
    /// # Ok::<(), deboiler::Error>(())
    /// ```
    pub fn keep_selector(mut self, selector: &str) -> CleanerBuilder {
        self.keep_selectors.push(selector.to_string());
        self
    }

    /// Always removes the HTML elements that match this CSS selector, and
    /// everything in them, reporting them as `kind`. An invalid selector is
    /// an error at [`CleanerBuilder::build`].
    ///
    /// ```
    /// use deboiler::{Cleaner, Kind};
    ///
    /// let cleaner = Cleaner::builder().drop_selector(Kind::Promo, ".bugle-plus").build()?;
    /// assert!(Cleaner::builder().drop_selector(Kind::Promo, "div[").build().is_err());
    /// # Ok::<(), deboiler::Error>(())
    /// ```
    pub fn drop_selector(mut self, kind: Kind, selector: &str) -> CleanerBuilder {
        self.drop_selectors.push((kind, selector.to_string()));
        self
    }

    /// Keeps boilerplate of `kind` in the output instead of removing it.
    /// By default every kind is removed.
    ///
    /// ```
    /// use deboiler::{Cleaner, Kind};
    ///
    /// let cleaner = Cleaner::builder().keep(Kind::Advertisement).build()?;
    /// let cleaned = cleaner.clean_text("Advertisement\nThe ferry service resumes on Monday, the operator said.\n");
    /// assert!(cleaned.text().starts_with("Advertisement\n"));
    /// # Ok::<(), deboiler::Error>(())
    /// ```
    pub fn keep(mut self, kind: Kind) -> CleanerBuilder {
        self.remove.remove(kind);
        self
    }

    /// Removes boilerplate of `kind` (the default for every kind); undoes
    /// [`CleanerBuilder::keep`].
    pub fn remove(mut self, kind: Kind) -> CleanerBuilder {
        self.remove.insert(kind);
        self
    }

    /// Sets the [`Focus`]. Default: [`Focus::Balanced`].
    pub fn focus(mut self, focus: Focus) -> CleanerBuilder {
        self.focus = focus;
        self
    }

    /// Uses only the built-in phrase tables of these languages (codes such
    /// as `"en"`). Default: every built-in table. An unknown code is an
    /// error at [`CleanerBuilder::build`].
    ///
    /// ```
    /// let cleaner = deboiler::Cleaner::builder().languages(["en"]).build()?;
    /// assert!(deboiler::Cleaner::builder().languages(["xx"]).build().is_err());
    /// # Ok::<(), deboiler::Error>(())
    /// ```
    pub fn languages<I, S>(mut self, codes: I) -> CleanerBuilder
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.languages = Some(
            codes
                .into_iter()
                .map(|c| c.as_ref().trim().to_ascii_lowercase())
                .collect(),
        );
        self
    }

    /// Whether to use the built-in phrase tables at all. Default: `true`.
    /// With `false`, only user phrases and the density heuristic remain.
    pub fn builtin_phrases(mut self, yes: bool) -> CleanerBuilder {
        self.builtin = yes;
        self
    }

    /// Turns off every built-in entry with this phrase (in any match mode
    /// and language). Matching is as in tables: case and punctuation do not
    /// matter. A phrase that is in no built-in table is an error at
    /// [`CleanerBuilder::build`].
    ///
    /// ```
    /// use deboiler::Cleaner;
    ///
    /// let cleaner = Cleaner::builder().disable_phrase("Advertisement").build()?;
    /// let text = "Advertisement\nThe ferry service resumes on Monday, the operator said.\n";
    /// assert!(cleaner.clean_text(text).text().contains("Advertisement"));
    /// # Ok::<(), deboiler::Error>(())
    /// ```
    pub fn disable_phrase(mut self, phrase: &str) -> CleanerBuilder {
        self.disabled.push(phrase.to_string());
        self
    }

    /// Adds one phrase of the user's.
    ///
    /// ```
    /// use deboiler::{Cleaner, Kind, MatchMode};
    ///
    /// let cleaner = Cleaner::builder()
    ///     .phrase(Kind::Promo, MatchMode::Start, "Get the Daily Bugle app")
    ///     .build()?;
    /// let text = "The ferry service resumes on Monday, the operator said.\nGET THE DAILY BUGLE APP: free on iOS\n";
    /// assert_eq!(cleaner.clean_text(text).text(), "The ferry service resumes on Monday, the operator said.\n");
    /// # Ok::<(), deboiler::Error>(())
    /// ```
    pub fn phrase(mut self, kind: Kind, mode: MatchMode, phrase: &str) -> CleanerBuilder {
        self.phrases.push((kind, mode, phrase.to_string()));
        self
    }

    /// Adds a phrase table of the user's, in the format of the built-in
    /// tables (see the crate docs). `name` identifies it in errors and
    /// explanations. A malformed table is an error at
    /// [`CleanerBuilder::build`], naming the table and the line.
    ///
    /// ```
    /// use deboiler::Cleaner;
    ///
    /// let table = "# my sites\n[promo]\nstart Read the Daily Bugle\n[related]\nheading From the Bugle archive\n";
    /// let cleaner = Cleaner::builder().phrase_table("bugle", table).build()?;
    /// # Ok::<(), deboiler::Error>(())
    /// ```
    pub fn phrase_table(mut self, name: &str, table: &str) -> CleanerBuilder {
        self.tables.push((name.to_string(), table.to_string()));
        self
    }

    /// Checks the options and compiles the phrase tables.
    pub fn build(self) -> Result<Cleaner, Error> {
        let mut entries: Vec<Entry> = Vec::new();
        if self.builtin {
            let codes: Vec<String> = match &self.languages {
                Some(codes) => codes.clone(),
                None => phrases::builtin_languages()
                    .iter()
                    .map(|c| c.to_string())
                    .collect(),
            };
            for code in &codes {
                let text = phrases::builtin_table(code)
                    .ok_or_else(|| Error::new(ErrorKind::UnknownLanguage(code.clone())))?;
                let bit = phrases::lang_bit(code).unwrap_or(0);
                entries.extend(phrases::parse_table(code, text)?.into_iter().map(|mut e| {
                    e.lang_bit = bit;
                    e
                }));
            }
        } else if let Some(code) = self
            .languages
            .iter()
            .flatten()
            .find(|c| phrases::builtin_table(c).is_none())
        {
            return Err(Error::new(ErrorKind::UnknownLanguage(code.clone())));
        }
        let mut norm = String::new();
        for phrase in &self.disabled {
            scan::scan_line(phrase, &mut norm);
            let before = entries.len();
            entries.retain(|e| e.normalized != norm);
            if entries.len() == before && self.builtin {
                return Err(Error::new(ErrorKind::NotBuiltin(phrase.clone())));
            }
        }
        for (i, (kind, mode, phrase)) in self.phrases.iter().enumerate() {
            let table = format!("{}\n{} {}\n", kind_header(*kind), mode.name(), phrase);
            let mut parsed = phrases::parse_table("phrase()", &table).map_err(|e| {
                // Report the position among `phrase()` calls, not the line
                // of the table made up here.
                match e.problem() {
                    Some(p) => Error::table("phrase()", i + 1, p.clone()),
                    None => e,
                }
            })?;
            entries.append(&mut parsed);
        }
        for (name, text) in &self.tables {
            entries.extend(phrases::parse_table(name, text)?);
        }
        let selector = |kind: Kind, source: &String| {
            scraper::Selector::parse(source)
                .map(|selector| UserSelector {
                    source: source.clone(),
                    selector,
                    kind,
                })
                .map_err(|e| {
                    Error::new(ErrorKind::Selector {
                        selector: source.clone(),
                        message: e.to_string(),
                    })
                })
        };
        let keep_selectors = self
            .keep_selectors
            .iter()
            .map(|s| selector(Kind::LowDensity, s))
            .collect::<Result<Vec<_>, _>>()?;
        let drop_selectors = self
            .drop_selectors
            .iter()
            .map(|(kind, s)| selector(*kind, s))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Cleaner {
            inner: Arc::new(Inner {
                phrases: PhraseSet::new(entries),
                remove: self.remove,
                params: Params::for_focus(self.focus),
                markdown: self.markdown,
                markdown_links: self.markdown_links,
                detect_language: self.detect_language,
                max_input_bytes: self.max_input_bytes,
                max_dom_nodes: self.max_dom_nodes,
                keep_selectors,
                hint_verdicts: HintVerdicts::new(&drop_selectors),
                drop_selectors,
            }),
        })
    }
}

fn kind_header(kind: Kind) -> String {
    format!("[{}]", kind.name())
}

impl Error {
    pub(crate) fn problem(&self) -> Option<&TableProblem> {
        match self.kind_ref() {
            ErrorKind::Table { problem, .. } => Some(problem),
            _ => None,
        }
    }
}
