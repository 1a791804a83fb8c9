//! The kinds of boilerplate deboiler recognises.

use std::fmt;
use std::str::FromStr;

/// A kind of boilerplate.
///
/// Every removal reports one kind, and each kind can be kept or removed with
/// [`CleanerBuilder::keep`](crate::CleanerBuilder::keep) and
/// [`CleanerBuilder::remove`](crate::CleanerBuilder::remove).
///
/// The name of a kind (see [`Kind::name`]) is what phrase tables use in their
/// `[kind]` group headers.
///
/// ```
/// use deboiler::Kind;
///
/// assert_eq!(Kind::Comments.name(), "comments");
/// assert_eq!("related".parse::<Kind>(), Ok(Kind::Related));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "kebab-case")
)]
#[non_exhaustive]
pub enum Kind {
    /// Share widgets: "Share this", "Share on Facebook", "Tweet", "Copy link".
    Share,
    /// Comment sections, comment threads and comment forms: "Leave a Reply",
    /// "Your email address will not be published", "3 Comments".
    Comments,
    /// Lists of other articles: related, "you may also like", most read,
    /// trending, read next, sponsored teaser grids.
    Related,
    /// Advertisement markers: "Advertisement", "- Advertisement -",
    /// "Story continues below advertisement".
    Advertisement,
    /// Navigation: menus, skip links, breadcrumbs, previous/next links, tags.
    Navigation,
    /// Newsletter, subscription, sign-in, paywall and donation prompts.
    Newsletter,
    /// Cookie and consent banners.
    Cookie,
    /// Browser and JavaScript warnings: "IE 11 is not supported", "Please
    /// enable JavaScript", ad-blocker notices.
    BrowserWarning,
    /// Legal lines: copyright, "All rights reserved", privacy and terms links,
    /// affiliate disclosures.
    Legal,
    /// In-article promotions: all-caps promo headlines dropped between
    /// paragraphs, "CLICK HERE" calls to action.
    Promo,
    /// Metadata debris: bylines, dates, reading times, view and comment
    /// counters such as `0` or `412 views`, photo credits.
    Metadata,
    /// Short lines that the density heuristic judges to be outside the
    /// article (menus, widget labels, leftovers between boilerplate).
    LowDensity,
}

impl Kind {
    /// Every kind, in declaration order.
    pub const ALL: [Kind; 12] = [
        Kind::Share,
        Kind::Comments,
        Kind::Related,
        Kind::Advertisement,
        Kind::Navigation,
        Kind::Newsletter,
        Kind::Cookie,
        Kind::BrowserWarning,
        Kind::Legal,
        Kind::Promo,
        Kind::Metadata,
        Kind::LowDensity,
    ];

    /// The kind's name, as used in phrase tables and in `--explain` output.
    pub const fn name(self) -> &'static str {
        match self {
            Kind::Share => "share",
            Kind::Comments => "comments",
            Kind::Related => "related",
            Kind::Advertisement => "advertisement",
            Kind::Navigation => "navigation",
            Kind::Newsletter => "newsletter",
            Kind::Cookie => "cookie",
            Kind::BrowserWarning => "browser-warning",
            Kind::Legal => "legal",
            Kind::Promo => "promo",
            Kind::Metadata => "metadata",
            Kind::LowDensity => "low-density",
        }
    }

    pub(crate) const fn bit(self) -> u16 {
        1 << (self as u16)
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The error returned when a string names no [`Kind`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownKind(pub(crate) String);

impl fmt::Display for UnknownKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown boilerplate kind {:?} (expected one of: ",
            self.0
        )?;
        for (i, kind) in Kind::ALL.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            f.write_str(kind.name())?;
        }
        f.write_str(")")
    }
}

impl std::error::Error for UnknownKind {}

impl FromStr for Kind {
    type Err = UnknownKind;

    fn from_str(s: &str) -> Result<Kind, UnknownKind> {
        Kind::ALL
            .iter()
            .copied()
            .find(|k| k.name().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| UnknownKind(s.to_string()))
    }
}

/// A small set of kinds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct KindSet(u16);

impl KindSet {
    pub(crate) const ALL: KindSet = KindSet((1 << Kind::ALL.len()) - 1);

    pub(crate) fn contains(self, kind: Kind) -> bool {
        self.0 & kind.bit() != 0
    }

    pub(crate) fn insert(&mut self, kind: Kind) {
        self.0 |= kind.bit();
    }

    pub(crate) fn remove(&mut self, kind: Kind) {
        self.0 &= !kind.bit();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for kind in Kind::ALL {
            assert_eq!(kind.name().parse::<Kind>(), Ok(kind));
            assert_eq!(kind.to_string(), kind.name());
        }
        assert!("commentary".parse::<Kind>().is_err());
    }

    #[test]
    fn kind_set() {
        let mut set = KindSet::ALL;
        for kind in Kind::ALL {
            assert!(set.contains(kind));
        }
        set.remove(Kind::Comments);
        assert!(!set.contains(Kind::Comments));
        assert!(set.contains(Kind::Share));
        set.insert(Kind::Comments);
        assert_eq!(set, KindSet::ALL);
    }
}
