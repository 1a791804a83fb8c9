//! Which built-in tables apply to a document: all of them, or, with the
//! `whatlang` feature and [`CleanerBuilder::detect_language`], the detected
//! language's table and English (which sites mix into every language).
//!
//! [`CleanerBuilder::detect_language`]: crate::CleanerBuilder::detect_language

use crate::cleaner::Inner;
use crate::phrases::{ALL_LANGS, LangMask};

/// How much text language detection reads.
#[cfg(feature = "whatlang")]
const SAMPLE_BYTES: usize = 32 * 1024;

/// The tables to use for a document, and the language detected (if
/// detection is on and sure). `sample` yields the document's text.
#[cfg_attr(not(feature = "whatlang"), allow(unused_variables))]
pub(crate) fn document_langs<'a>(
    inner: &Inner,
    sample: impl Iterator<Item = &'a str>,
) -> (LangMask, Option<&'static str>) {
    #[cfg(feature = "whatlang")]
    if inner.detect_language {
        let mut text = String::new();
        for piece in sample {
            if text.len() >= SAMPLE_BYTES {
                break;
            }
            text.push_str(piece);
            text.push('\n');
        }
        if let Some(code) = detect(&text) {
            let bits = crate::phrases::lang_bit(code).unwrap_or(0)
                | crate::phrases::lang_bit("en").unwrap_or(0);
            return (bits, Some(code));
        }
    }
    (ALL_LANGS, None)
}

/// The built-in table's code for the language of `text`, when whatlang is
/// sure of it.
#[cfg(feature = "whatlang")]
fn detect(text: &str) -> Option<&'static str> {
    use whatlang::Lang;
    let info = whatlang::detect(text)?;
    if !info.is_reliable() {
        return None;
    }
    Some(match info.lang() {
        Lang::Eng => "en",
        Lang::Deu => "de",
        Lang::Fra => "fr",
        Lang::Spa => "es",
        Lang::Ita => "it",
        Lang::Por => "pt",
        Lang::Nld => "nl",
        Lang::Pol => "pl",
        Lang::Rus => "ru",
        Lang::Ukr => "uk",
        Lang::Tur => "tr",
        Lang::Cmn => "zh",
        Lang::Jpn => "ja",
        _ => return None,
    })
}
