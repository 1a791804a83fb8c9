//! Bytes of any encoding: no panic, and the limits give errors, not aborts.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

fn limited() -> &'static deboiler::Cleaner {
    static CLEANER: OnceLock<deboiler::Cleaner> = OnceLock::new();
    CLEANER.get_or_init(|| {
        deboiler::Cleaner::builder()
            .max_input_bytes(64 * 1024)
            .max_dom_nodes(2_000)
            .build()
            .expect("valid options")
    })
}

fuzz_target!(|data: &[u8]| {
    let cleaner = deboiler::Cleaner::default();
    let _ = cleaner.clean_bytes(data);
    let _ = cleaner.clean_html_bytes(data);
    match limited().try_clean_bytes(data) {
        Ok(_) => {}
        Err(e) => assert!(e.limit().is_some(), "unexpected error {e}"),
    }
});
