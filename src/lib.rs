//! Strip boilerplate from scraped web text: share widgets, comment sections
//! and forms, related-article lists, ad markers, navigation, newsletter and
//! cookie prompts, browser warnings, copyright lines and in-article promos.
//!
//! WIP crate docs.

#![forbid(unsafe_code)]
#![cfg_attr(test, allow(clippy::unwrap_used))]

mod classify;
mod cleaner;
mod error;
mod kind;
mod output;
mod phrases;
mod scan;
mod text;

pub use crate::cleaner::{Cleaner, CleanerBuilder, Focus};
pub use crate::error::Error;
pub use crate::kind::{Kind, UnknownKind};
pub use crate::output::{Cleaned, DensityRule, Location, PhraseRule, Removal, Rule};
pub use crate::phrases::MatchMode;

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
