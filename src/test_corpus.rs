//! The project's corpus, for unit tests that check a mechanism against the
//! one it replaces on real documents.

use std::path::Path;

/// The contents of every file under `corpus/<folder>` (pages, texts and
/// their expected outputs alike), in no particular order.
pub(crate) fn files(folder: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("corpus")
            .join(folder),
    ];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(dir)
            .expect("the corpus is readable")
            .flatten()
        {
            let path = e.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(text) = std::fs::read_to_string(&path) {
                out.push(text);
            }
        }
    }
    out
}
