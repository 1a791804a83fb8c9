//! The pre-scan: a page cleaned from its string (scripts, styles, SVG and
//! comments left out of what the parser is fed) gives what a parse of the
//! whole page gives, for pages shallow enough that the nesting cap leaves
//! every tag in.
#![no_main]

use std::sync::OnceLock;

use deboiler::Cleaner;
use deboiler::scraper::Html;
use libfuzzer_sys::fuzz_target;

fn cleaner() -> &'static Cleaner {
    static CLEANER: OnceLock<Cleaner> = OnceLock::new();
    CLEANER.get_or_init(|| Cleaner::builder().markdown(true).build().expect("valid options"))
}

fuzz_target!(|data: &[u8]| {
    let input = String::from_utf8_lossy(data);
    // Fewer `<` than the cap: the nesting cannot reach it.
    if input.matches('<').count() > 256 {
        return;
    }
    let cleaner = cleaner();
    let fed = cleaner.clean_html(&input);
    let whole = cleaner.clean_document(&Html::parse_document(&input));
    assert_eq!(fed.text(), whole.text());
    assert_eq!(fed.markdown(), whole.markdown());
    assert_eq!(fed.title(), whole.title());
    assert_eq!(fed.removals().len(), whole.removals().len());
});
