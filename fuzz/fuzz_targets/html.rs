//! HTML: no panic; the kept blocks are a subsequence of the blocks a cleaner
//! that keeps every kind returns.
#![no_main]

use std::sync::OnceLock;

use deboiler::{Cleaner, Kind};
use libfuzzer_sys::fuzz_target;

fn keep_all() -> &'static Cleaner {
    static CLEANER: OnceLock<Cleaner> = OnceLock::new();
    CLEANER.get_or_init(|| {
        Kind::ALL
            .iter()
            .fold(Cleaner::builder(), |b, k| b.keep(*k))
            .build()
            .expect("valid options")
    })
}

fuzz_target!(|data: &[u8]| {
    let input = String::from_utf8_lossy(data);
    let cleaned = Cleaner::default().clean_html(&input);
    let all = keep_all().clean_html(&input);
    let mut source = all.text().lines();
    for kept in cleaned.text().lines() {
        assert!(source.any(|l| l == kept), "kept block {kept:?} is not a block of the page, in order");
    }
});
