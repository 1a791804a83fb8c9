//! Plain text: no panic; the kept lines are a subsequence of the input's;
//! cleaning the output again changes nothing.
#![no_main]

use libfuzzer_sys::fuzz_target;

fn lines(s: &str) -> Vec<&str> {
    s.split(['\n', '\r'])
        .map(|l| l.trim_end_matches(|c: char| c.is_whitespace() || c.is_control() || c == '\u{200b}' || c == '\u{feff}'))
        .filter(|l| !l.is_empty())
        .collect()
}

fuzz_target!(|data: &[u8]| {
    let input = String::from_utf8_lossy(data);
    let cleaner = deboiler::Cleaner::default();
    let once = cleaner.clean_text(&input);
    let mut source = lines(&input).into_iter();
    for kept in lines(once.text()) {
        assert!(source.any(|l| l == kept), "kept line {kept:?} is not in the input, in order");
    }
    let twice = cleaner.clean_text(once.text());
    assert_eq!(twice.text(), once.text(), "cleaning is not idempotent");
});
