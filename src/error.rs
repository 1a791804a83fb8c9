//! The error type for building a [`Cleaner`](crate::Cleaner).

use std::fmt;

/// An error from [`CleanerBuilder::build`](crate::CleanerBuilder::build):
/// the configuration is invalid.
///
/// The message names the problem and, for a phrase table, the table and the
/// line.
///
/// ```
/// use deboiler::Cleaner;
///
/// let err = Cleaner::builder()
///     .phrase_table("my-site", "[share]\nline share this\n[nonsense]\n")
///     .build()
///     .unwrap_err();
/// assert_eq!(err.line(), Some(3));
/// assert!(err.to_string().contains("my-site, line 3"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum ErrorKind {
    /// A phrase table line could not be read.
    Table {
        table: String,
        line: usize,
        problem: TableProblem,
    },
    /// A language code names no built-in table.
    UnknownLanguage(String),
    /// A phrase asked to be disabled is in no built-in table.
    NotBuiltin(String),
    /// A CSS selector could not be parsed.
    Selector { selector: String, message: String },
    /// An input is over a limit set with the builder.
    Limit {
        limit: &'static str,
        max: usize,
        found: usize,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum TableProblem {
    UnknownKind(String),
    UnknownHow(String),
    MissingPhrase,
    NoGroup,
    NeverMatches(String),
    Duplicate { first_line: usize },
    Malformed(String),
}

impl Error {
    pub(crate) fn new(kind: ErrorKind) -> Error {
        Error { kind }
    }

    pub(crate) fn kind_ref(&self) -> &ErrorKind {
        &self.kind
    }

    pub(crate) fn table(table: &str, line: usize, problem: TableProblem) -> Error {
        Error::new(ErrorKind::Table {
            table: table.to_string(),
            line,
            problem,
        })
    }

    /// The 1-based line of the phrase table at fault, if the error is about
    /// a phrase table.
    pub fn line(&self) -> Option<usize> {
        match &self.kind {
            ErrorKind::Table { line, .. } => Some(*line),
            _ => None,
        }
    }

    /// The limit that an input went over (`"max_input_bytes"` or
    /// `"max_dom_nodes"`), if that is what the error is about.
    pub fn limit(&self) -> Option<&'static str> {
        match &self.kind {
            ErrorKind::Limit { limit, .. } => Some(limit),
            _ => None,
        }
    }

    /// The name of the phrase table at fault, if the error is about a phrase
    /// table.
    pub fn table_name(&self) -> Option<&str> {
        match &self.kind {
            ErrorKind::Table { table, .. } => Some(table),
            _ => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ErrorKind::Table {
                table,
                line,
                problem,
            } => {
                write!(f, "phrase table {table}, line {line}: ")?;
                match problem {
                    TableProblem::UnknownKind(name) => {
                        write!(f, "{}", crate::kind::UnknownKind(name.clone()))
                    }
                    TableProblem::UnknownHow(how) => write!(
                        f,
                        "unknown match {how:?} (expected line, start, anywhere, heading or heading-start)"
                    ),
                    TableProblem::MissingPhrase => f.write_str("the entry has no phrase"),
                    TableProblem::NoGroup => f.write_str("entry before any [kind] group header"),
                    TableProblem::NeverMatches(phrase) => write!(
                        f,
                        "phrase {phrase:?} can never match: matching ignores numbers, punctuation and site names, and nothing else is left"
                    ),
                    TableProblem::Duplicate { first_line } => {
                        write!(f, "duplicate of the entry on line {first_line}")
                    }
                    TableProblem::Malformed(text) => write!(
                        f,
                        "cannot read {text:?}: expected `[kind]`, `<how> <phrase>` or a `#` comment"
                    ),
                }
            }
            ErrorKind::UnknownLanguage(code) => write!(
                f,
                "no built-in phrase table for language {code:?} (available: {})",
                crate::phrases::builtin_languages().join(", ")
            ),
            ErrorKind::Limit { limit, max, found } => {
                write!(f, "input over the limit {limit} = {max}: it has {found}")
            }
            ErrorKind::Selector { selector, message } => {
                write!(f, "invalid CSS selector {selector:?}: {message}")
            }
            ErrorKind::NotBuiltin(phrase) => {
                write!(
                    f,
                    "cannot disable {phrase:?}: it is in no built-in phrase table"
                )
            }
        }
    }
}

impl std::error::Error for Error {}
