//! The classifier: one judgement for every block of a document, from the
//! phrase matches and the density features of the block and its neighbours.
//!
//! Phases, each a small function below:
//! 1. `initial`: phrase matches, counters, and a first density class
//!    (paragraph, short line, blank) for every block.
//! 2. `sections`: a heading such as "You May Also Like" or "Leave a Reply"
//!    takes the lines after it, as far as its kind's section reaches.
//! 3. `promos`: all-capitals headlines standing between two paragraphs.
//! 4. `context`: short lines are judged by where they stand: before the
//!    article, inside it, after it, or between two pieces of boilerplate.

use std::sync::Arc;

use once_cell::sync::Lazy;
use rustc_hash::FxHashMap;

use crate::cleaner::Params;
use crate::kind::{Kind, KindSet};
use crate::output::{DensityRule, PhraseRule, Rule};
use crate::phrases::LineMatch;
use crate::scan::Features;

/// One block (a line of text, or a paragraph-like element of HTML) as the
/// classifier sees it.
pub(crate) struct Block<'a> {
    pub text: &'a str,
    pub features: Features,
    pub blank: bool,
    pub matched: Option<LineMatch>,
    /// A short line of names, dates and a handle or site: the credit line of
    /// an embedded post ("— Jane Doe (@jane) June 2, 2024").
    pub attribution: bool,
    /// What the front end knows from elsewhere (the DOM) that makes the
    /// block boilerplate; phrase matches come first.
    pub hint: Option<Arc<(Kind, Rule)>>,
    /// The user asked to keep this block whatever the rules say.
    pub keep: bool,
    /// The block is inside the main content the front end found (the DOM's
    /// main container): the density rules that judge a short line by where
    /// it stands do not remove it.
    pub trusted: bool,
    /// The block is a heading element (`<h1>`...`<h6>`).
    pub heading: bool,
    /// The block's position in document order (a line number, or a place
    /// in the DOM walk).
    pub pos: u32,
    /// Where the block's container ends, as a position: a section opened by
    /// this block as a heading stops there. `u32::MAX` for plain text.
    pub scope_end: u32,
}

/// The classifier's judgement on a block: `None` keeps it. A shared
/// pointer: a kept line's verdict is one word, not forty bytes, and the
/// lines of one section or of one density rule share theirs.
pub(crate) type Verdict = Option<Arc<(Kind, Rule)>>;

/// Each density rule with the kind it removes as, one shared verdict each.
static DENSITY: Lazy<[Arc<(Kind, Rule)>; 7]> = Lazy::new(|| {
    [
        (Kind::Metadata, DensityRule::Counter),
        (Kind::Metadata, DensityRule::Attribution),
        (Kind::Promo, DensityRule::CapitalsBetweenParagraphs),
        (Kind::LowDensity, DensityRule::BeforeArticle),
        (Kind::LowDensity, DensityRule::AfterArticle),
        (Kind::LowDensity, DensityRule::BetweenBoilerplate),
        (Kind::Navigation, DensityRule::Menu),
    ]
    .map(|(kind, rule)| Arc::new((kind, Rule::Density(rule))))
});

/// The verdict of a density rule.
fn density(rule: DensityRule) -> Verdict {
    let i = match rule {
        DensityRule::Counter => 0,
        DensityRule::Attribution => 1,
        DensityRule::CapitalsBetweenParagraphs => 2,
        DensityRule::BeforeArticle => 3,
        DensityRule::AfterArticle => 4,
        DensityRule::BetweenBoilerplate => 5,
        DensityRule::Menu => 6,
    };
    Some(Arc::clone(&DENSITY[i]))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Class {
    Blank,
    /// A paragraph: long enough, and shaped like prose.
    Good,
    /// Anything short: titles, subheadings, list items, menu entries.
    Short,
    /// Boilerplate.
    Bad,
    /// Boilerplate that opens a section.
    Heading,
}

/// How many times the classifier is run again over what it kept.
const MAX_ROUNDS: usize = 16;

/// Classifies, then classifies again what was kept, until nothing more
/// goes: a block's fate can depend on neighbours that were removed, and
/// cleaning the output again must change nothing. Only the classifier runs
/// again; each round looks at the blocks still kept, so the rounds cost
/// less and less.
pub(crate) fn classify_stable(
    blocks: &[Block<'_>],
    params: &Params,
    remove: KindSet,
) -> Vec<Verdict> {
    // The rounds look at the blocks through references: no copies.
    let all: Vec<&Block<'_>> = blocks.iter().collect();
    let mut verdicts = classify(&all, params);
    drop(all);
    let goes = |v: &Verdict| matches!(v.as_deref(), Some((kind, _)) if remove.contains(*kind));
    // Indices as u32: blocks are numbered by `pos`, which is a u32 too.
    let mut kept: Vec<u32> = (0..blocks.len())
        .filter(|&i| !blocks[i].blank && !goes(&verdicts[i]))
        .filter_map(|i| u32::try_from(i).ok())
        .collect();
    for _ in 0..MAX_ROUNDS {
        let sub: Vec<&Block<'_>> = kept.iter().map(|&i| &blocks[i as usize]).collect();
        let again = classify(&sub, params);
        if !again.iter().any(goes) {
            break;
        }
        let mut still = Vec::with_capacity(kept.len());
        for (k, v) in kept.into_iter().zip(again) {
            if goes(&v) {
                verdicts[k as usize] = v;
            } else {
                still.push(k);
            }
        }
        kept = still;
    }
    verdicts
}

pub(crate) fn classify(blocks: &[&Block<'_>], params: &Params) -> Vec<Verdict> {
    let (mut class, mut verdict) = initial(blocks, params);
    sections(blocks, params, &mut class, &mut verdict);
    promos(blocks, params, &mut class, &mut verdict);
    context(blocks, params, &class, &mut verdict);
    for (b, v) in blocks.iter().zip(verdict.iter_mut()) {
        let placed = matches!(
            v.as_deref(),
            Some((
                _,
                Rule::Density(DensityRule::BeforeArticle | DensityRule::AfterArticle)
            ))
        );
        let placed_near = matches!(
            v.as_deref(),
            Some((
                _,
                Rule::Density(DensityRule::BetweenBoilerplate | DensityRule::Menu)
            ))
        );
        if b.keep || (b.trusted && (placed || (b.heading && placed_near))) {
            *v = None;
        }
    }
    verdict
}

fn is_good(f: &Features, p: &Params) -> bool {
    let words = f.word_count();
    !f.truncated
        && ((words >= p.paragraph_words && (f.ends_sentence || f.ends_colon || f.continued))
            || words >= p.long_paragraph_words
            // Chinese and Japanese prose often runs without a full stop at
            // the end of a line.
            || (u32::from(f.nospace_letters) >= 3 * p.long_paragraph_words / 2 && f.separators < 2))
}

/// A short line that could be a title or subheading.
fn headline_like(f: &Features, p: &Params) -> bool {
    !f.truncated && f.word_count() >= p.headline_words
}

/// A short line that reads as a sentence ("The AP contributed to this report.").
fn sentence_like(f: &Features) -> bool {
    f.ends_sentence && f.word_count() >= 4
}

fn initial(blocks: &[&Block<'_>], p: &Params) -> (Vec<Class>, Vec<Verdict>) {
    let mut class = Vec::with_capacity(blocks.len());
    let mut verdict = Vec::with_capacity(blocks.len());
    // One verdict per phrase entry, shared by the lines it matched.
    let mut by_entry: FxHashMap<usize, Arc<(Kind, Rule)>> = FxHashMap::default();
    for b in blocks {
        let f = &b.features;
        let (c, v) = if b.blank {
            (Class::Blank, None)
        } else if let Some(m) = &b.matched {
            let c = if m.entry.mode.opens_section() {
                Class::Heading
            } else {
                Class::Bad
            };
            let shared = by_entry
                .entry(Arc::as_ptr(&m.entry) as usize)
                .or_insert_with(|| {
                    Arc::new((m.entry.kind, Rule::Phrase(PhraseRule(Arc::clone(&m.entry)))))
                });
            (c, Some(Arc::clone(shared)))
        } else if let Some(hint) = &b.hint {
            (Class::Bad, Some(Arc::clone(hint)))
        } else if f.word_count() == 0 && (f.numbers > 0 || f.sites > 0) {
            (Class::Bad, density(DensityRule::Counter))
        } else if b.attribution {
            (Class::Bad, density(DensityRule::Attribution))
        } else if is_good(f, p) {
            (Class::Good, None)
        } else {
            (Class::Short, None)
        };
        class.push(c);
        verdict.push(v);
    }
    (class, verdict)
}

/// How far a section opened by a heading of some kind reaches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Reach {
    /// Widget labels: a few lines of at most three words ("Facebook",
    /// "Email", "Copy link").
    Labels,
    /// Teaser lists: every line up to the next paragraph of prose.
    Teasers,
    /// A prompt: up to two short sentences of pitch, then labels and form
    /// fields. A paragraph or a title ends it: prompts sit inside articles
    /// too.
    Pitch,
    /// A consent panel: up to two sentences of explanation whatever their
    /// length (cookie notices never sit inside an article), then labels.
    Consent,
    /// A comment thread: everything to the end of the document, once the
    /// article has been seen; teasers otherwise.
    Thread,
}

fn reach(kind: Kind) -> Reach {
    match kind {
        Kind::Comments => Reach::Thread,
        Kind::Related | Kind::Navigation => Reach::Teasers,
        Kind::Cookie => Reach::Consent,
        Kind::Newsletter | Kind::BrowserWarning => Reach::Pitch,
        _ => Reach::Labels,
    }
}

const MAX_LABELS: usize = 8;
const LABEL_WORDS: u32 = 3;
const PITCH_LINES: usize = 2;
const PITCH_WORDS: u32 = 40;

fn sections(blocks: &[&Block<'_>], p: &Params, class: &mut [Class], verdict: &mut [Verdict]) {
    let mut words_before = 0u32;
    let mut i = 0;
    while i < blocks.len() {
        match class[i] {
            Class::Good => {
                words_before = words_before.saturating_add(blocks[i].features.word_count());
                i += 1;
            }
            Class::Heading => {
                let Some((kind, Rule::Phrase(heading))) = verdict[i].as_deref().cloned() else {
                    i += 1;
                    continue;
                };
                let mut how = reach(kind);
                if how == Reach::Thread && words_before < p.thread_after_words {
                    how = Reach::Teasers;
                }
                // The section's verdict, made once it takes a line: many
                // headings take none (a share bar's label repeated).
                let heading_text = blocks[i].text;
                let mut shared: Option<Arc<(Kind, Rule)>> = None;
                let rule = || {
                    let made = shared.get_or_insert_with(|| {
                        let rule = Rule::Section {
                            heading: heading.clone(),
                            heading_text: Arc::from(heading_text.trim()),
                        };
                        Arc::new((kind, rule))
                    });
                    Arc::clone(made)
                };
                let scope_end = blocks[i].scope_end;
                i = section(blocks, how, i + 1, scope_end, class, verdict, rule);
            }
            _ => i += 1,
        }
    }
}

/// Takes the blocks from `start` that belong to a section; returns where
/// the section ends.
fn section(
    blocks: &[&Block<'_>],
    how: Reach,
    start: usize,
    scope_end: u32,
    class: &mut [Class],
    verdict: &mut [Verdict],
    mut rule: impl FnMut() -> Arc<(Kind, Rule)>,
) -> usize {
    let mut labels = 0;
    let mut pitch = 0;
    let mut j = start;
    while j < blocks.len() && blocks[j].pos <= scope_end {
        let f = &blocks[j].features;
        let words = f.word_count();
        let take = match class[j] {
            Class::Blank | Class::Bad => {
                j += 1;
                continue;
            }
            Class::Heading => break,
            c @ (Class::Good | Class::Short) => match how {
                Reach::Thread => {
                    c == Class::Short || near_comment_marker(blocks, class, verdict, start - 1, j)
                }
                Reach::Teasers => {
                    c == Class::Short
                        || (words <= TEASER_TITLE_WORDS && next_is_truncated(blocks, class, j))
                }
                Reach::Labels => {
                    labels += 1;
                    c == Class::Short && words <= LABEL_WORDS && labels <= MAX_LABELS
                }
                Reach::Pitch | Reach::Consent => {
                    let sentence = f.ends_sentence || f.truncated;
                    let pitch_line = match how {
                        Reach::Consent => true,
                        _ => c == Class::Short && sentence,
                    };
                    if pitch_line && pitch < PITCH_LINES && words <= PITCH_WORDS {
                        pitch += 1;
                        true
                    } else {
                        c == Class::Short && words <= LABEL_WORDS
                    }
                }
            },
        };
        if !take {
            break;
        }
        class[j] = Class::Bad;
        verdict[j] = Some(rule());
        j += 1;
    }
    j
}

/// How many non-blank lines a comment's text may stand from the comment
/// scaffolding around it ("Reply", "Log in to Reply", "Jane says:").
const MARKER_DISTANCE: usize = 3;

/// Whether a paragraph at `j`, inside a comment section opened at
/// `heading`, stands close enough to comment scaffolding to be a comment.
/// Prose far from any such line is the article going on (a list of
/// articles, each with its "Comments (5)" link).
fn near_comment_marker(
    blocks: &[&Block<'_>],
    class: &[Class],
    verdict: &[Verdict],
    heading: usize,
    j: usize,
) -> bool {
    let is_marker = |k: usize| {
        (k == heading && class[j] == Class::Short)
            || matches!(
                verdict[k].as_deref(),
                Some((Kind::Comments, Rule::Phrase(_)))
            )
            || (class[k] == Class::Short
                && blocks[k].features.ends_colon
                && blocks[k].features.word_count() <= 6)
    };
    let before = (heading..j)
        .rev()
        .filter(|&k| class[k] != Class::Blank)
        .take(MARKER_DISTANCE)
        .any(&is_marker);
    let after = (j + 1..blocks.len())
        .filter(|&k| class[k] != Class::Blank)
        .take(MARKER_DISTANCE)
        .any(&is_marker);
    before || after
}

/// A teaser title may read like a sentence ("Will the storms ever let
/// up?"); it is known by the cut-short summary under it.
const TEASER_TITLE_WORDS: u32 = 25;

fn next_is_truncated(blocks: &[&Block<'_>], class: &[Class], i: usize) -> bool {
    (i + 1..blocks.len())
        .find(|&k| class[k] != Class::Blank)
        .is_some_and(|k| blocks[k].features.truncated)
}

/// Whether a block of this class stays once the boilerplate is gone.
fn stays(c: Class) -> bool {
    !matches!(c, Class::Blank | Class::Bad | Class::Heading)
}

/// Whether a block could be a promo: a short line in capitals.
fn capitals_headline(block: &Block<'_>, class: Class) -> bool {
    let f = &block.features;
    class == Class::Short && f.all_caps() && f.word_count() >= 3
}

/// Whether a headline stands between paragraphs, given the nearest blocks
/// that stay on each side.
fn between_paragraphs(p: &Params, before: Option<Class>, after: Option<Class>) -> bool {
    let good = |c: Option<Class>| c == Some(Class::Good);
    if p.promo_needs_both_sides {
        good(before) && good(after)
    } else {
        good(before) || good(after)
    }
}

/// All-capitals headlines between paragraphs: a short line is judged by the
/// nearest block on each side that is neither blank nor boilerplate, what
/// it stands between once the boilerplate is gone (so that cleaning cleaned
/// text changes nothing). Both are followed in one pass: the one before
/// as the pass goes, the one after by a cursor that only moves forward (a
/// run of headlines removed one after the other must not be walked again
/// for each).
fn promos(blocks: &[&Block<'_>], p: &Params, class: &mut [Class], verdict: &mut [Verdict]) {
    let n = blocks.len();
    let mut before: Option<Class> = None;
    // The nearest block after the last headline that stays, moved forward
    // only: blocks after `i` are not changed yet.
    let mut next = 0;
    for i in 0..n {
        if capitals_headline(blocks[i], class[i]) {
            next = next.max(i + 1);
            while next < n && !stays(class[next]) {
                next += 1;
            }
            if between_paragraphs(p, before, class.get(next).copied()) {
                class[i] = Class::Bad;
                verdict[i] = density(DensityRule::CapitalsBetweenParagraphs);
            }
        }
        if stays(class[i]) {
            before = Some(class[i]);
        }
    }
}

fn context(blocks: &[&Block<'_>], p: &Params, class: &[Class], verdict: &mut [Verdict]) {
    let n = blocks.len();
    // The nearest block on each side that is not short or blank: a
    // paragraph, boilerplate, or the document's edge (None).
    let mut anchor_before = vec![None; n];
    let mut last = None;
    for i in 0..n {
        anchor_before[i] = last;
        if matches!(class[i], Class::Good | Class::Bad | Class::Heading) {
            last = Some(class[i] == Class::Good);
        }
    }
    let mut anchor_after = vec![None; n];
    last = None;
    for i in (0..n).rev() {
        anchor_after[i] = last;
        if matches!(class[i], Class::Good | Class::Bad | Class::Heading) {
            last = Some(class[i] == Class::Good);
        }
    }
    let span = article_span(blocks, class);
    // The article starts where its span starts; it ends at the last
    // paragraph, since what follows a span (references, notes, a second
    // part after a long list) is more often article than what precedes it.
    let first_good = span.map(|s| s.0);
    let last_good = class.iter().rposition(|c| *c == Class::Good);

    // Before the article, titles are kept: the `head_titles` headline-like
    // lines nearest to the first paragraph.
    // So are the short lines right above it, up to the nearest boilerplate
    // (a table of contents, a standfirst, a list that opens the article).
    menus(blocks, p, class, span, verdict);
    let mut titles_left = p.head_titles;
    let mut adjacent_left = p.head_adjacent;
    if let Some(first) = first_good {
        for i in (0..first).rev() {
            match class[i] {
                Class::Short => {}
                Class::Blank => continue,
                _ => {
                    adjacent_left = 0;
                    continue;
                }
            }
            if verdict[i].is_some() {
                continue;
            }
            let f = &blocks[i].features;
            if adjacent_left > 0 {
                adjacent_left -= 1;
                continue;
            }
            if f.list_item {
                continue;
            }
            if titles_left > 0 && headline_like(f, p) {
                titles_left -= 1;
            } else {
                verdict[i] = density(DensityRule::BeforeArticle);
            }
        }
    }
    for i in 0..n {
        if class[i] != Class::Short {
            continue;
        }
        if verdict[i].is_some() {
            continue;
        }
        let f = &blocks[i].features;
        let between_bad = anchor_before[i] == Some(false) && anchor_after[i] == Some(false);
        let rule = match (first_good, last_good) {
            (Some(first), _) if i < first => continue,
            (_, Some(last)) if i > last => {
                let keep = f.list_item
                    || if p.keep_tail_titles {
                        (sentence_like(f) || headline_like(f, p)) && !between_bad
                    } else {
                        p.keep_tail_sentences && sentence_like(f)
                    };
                if keep {
                    continue;
                }
                DensityRule::AfterArticle
            }
            _ if between_bad => DensityRule::BetweenBoilerplate,
            _ => continue,
        };
        verdict[i] = density(rule);
    }
}

/// A stretch without paragraphs that holds at least this many short lines
/// may be a menu.
const MENU_LINES: usize = 6;
/// ... if its short lines average at most this many words.
const MENU_WORDS: u32 = 3;

/// Menus: long stretches of one- to three-word lines with no paragraph
/// among them, before or after the article. Their entries go; lines that could be titles, list items or
/// sentences stay.
fn menus(
    blocks: &[&Block<'_>],
    p: &Params,
    class: &[Class],
    span: Option<(usize, usize)>,
    verdict: &mut [Verdict],
) {
    let mut start = 0;
    while start < blocks.len() {
        let end = (start..blocks.len())
            .find(|&k| class[k] == Class::Good)
            .unwrap_or(blocks.len());
        // Lists and tables inside the article look the same: only the
        // stretches outside the article's span count.
        let outside = span.is_none_or(|(first, last)| end <= first || start > last);
        let shorts = || (start..end).filter(|&k| class[k] == Class::Short);
        let count = shorts().count();
        if outside && count >= MENU_LINES {
            let words: u32 = shorts().map(|k| blocks[k].features.word_count()).sum();
            if words <= MENU_WORDS * count as u32 {
                for k in shorts() {
                    let f = &blocks[k].features;
                    if !(headline_like(f, p) || f.list_item || f.ends_sentence) {
                        verdict[k] = density(DensityRule::Menu);
                    }
                }
            }
        }
        start = end + 1;
    }
}

/// What a short line costs the article span, in words of paragraph.
const SHORT_COST: i64 = 2;
/// What a boilerplate line costs the article span.
const BAD_COST: i64 = 4;

/// The article's span: from its first paragraph to its last. It is the
/// stretch of the document where paragraph words most outweigh short and
/// boilerplate lines, so that a stray paragraph far out (a cookie notice, a
/// teaser with a full-sentence summary) does not pull a menu into the
/// article.
fn article_span(blocks: &[&Block<'_>], class: &[Class]) -> Option<(usize, usize)> {
    let mut best: Option<(i64, usize, usize)> = None;
    let mut run: Option<(i64, usize)> = None;
    for (i, c) in class.iter().enumerate() {
        let score = match c {
            Class::Blank => continue,
            Class::Good => i64::from(blocks[i].features.word_count()),
            Class::Short => -SHORT_COST,
            Class::Bad | Class::Heading => -BAD_COST,
        };
        run = match run {
            Some((sum, start)) if sum + score > 0 => Some((sum + score, start)),
            _ if *c == Class::Good => Some((score, i)),
            _ => None,
        };
        if let Some((sum, start)) = run {
            if *c == Class::Good && best.is_none_or(|(b, _, _)| sum > b) {
                best = Some((sum, start, i));
            }
        }
    }
    best.map(|(_, start, end)| (start, end))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Focus;
    use proptest::prelude::*;

    /// [`promos`] as first written: each short line's neighbours found by
    /// walking from it (quadratic on a run of removed headlines).
    fn promos_by_walking(blocks: &[&Block<'_>], p: &Params, class: &mut [Class]) {
        for i in 0..blocks.len() {
            let before = class[..i].iter().rev().copied().find(|c| stays(*c));
            let after = class[i + 1..].iter().copied().find(|c| stays(*c));
            if capitals_headline(blocks[i], class[i]) && between_paragraphs(p, before, after) {
                class[i] = Class::Bad;
            }
        }
    }

    /// Each section's removals name its own heading and hold its lines.
    #[test]
    fn sections_keep_their_own_headings() {
        let text = "\
The council approved the new budget on Monday after a long and heated debate that ran late.
Related Articles
Budget talks stall again
Mayor answers questions
The vote ends a dispute that had gone on for months between the two largest parties in town.
You May Also Like
Ten parks to visit
A guide to the new library
";
        let cleaner = crate::Cleaner::default();
        let headings = |cleaned: &crate::Cleaned| -> Vec<(String, String)> {
            cleaned
                .removals()
                .iter()
                .filter_map(|r| match r.rule() {
                    Rule::Section { heading_text, .. } => {
                        Some((heading_text.to_string(), r.text().to_string()))
                    }
                    _ => None,
                })
                .collect()
        };
        let want = vec![
            (
                "Related Articles".to_string(),
                "Budget talks stall again\nMayor answers questions".to_string(),
            ),
            (
                "You May Also Like".to_string(),
                "Ten parks to visit\nA guide to the new library".to_string(),
            ),
        ];
        assert_eq!(headings(&cleaner.clean_text(text)), want);
    }

    fn class_of(k: u8) -> Class {
        match k % 5 {
            0 => Class::Blank,
            1 => Class::Good,
            2 => Class::Short,
            3 => Class::Bad,
            _ => Class::Heading,
        }
    }

    proptest! {
        /// The one-pass judgement of headlines between paragraphs agrees
        /// with walking from each, for both ways of judging them.
        #[test]
        fn promos_agree_with_walking_from_each(
            lines in proptest::collection::vec((0u8..5, any::<bool>(), 0u16..6), 0..60),
        ) {
            let blocks: Vec<Block<'_>> = lines
                .iter()
                .enumerate()
                .map(|(i, &(_, caps, words))| Block {
                    text: "",
                    features: Features { words, caps, ..Features::default() },
                    blank: false,
                    matched: None,
                    attribution: false,
                    hint: None,
                    keep: false,
                    trusted: false,
                    heading: false,
                    pos: i as u32,
                    scope_end: u32::MAX,
                })
                .collect();
            let refs: Vec<&Block<'_>> = blocks.iter().collect();
            for focus in [Focus::Precision, Focus::Balanced] {
                let p = Params::for_focus(focus);
                let mut want: Vec<Class> = lines.iter().map(|l| class_of(l.0)).collect();
                let mut got = want.clone();
                let mut verdict: Vec<Verdict> = vec![None; got.len()];
                promos_by_walking(&refs, &p, &mut want);
                promos(&refs, &p, &mut got, &mut verdict);
                prop_assert_eq!(&got, &want);
            }
        }
    }
}
