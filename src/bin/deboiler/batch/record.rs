//! One record in, one JSON line out: parse, clean, serialise.

use deboiler::{Cleaned, Error, Kind, Removal};
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};
use serde_json::{Map, Value};

use super::Context;
use super::http::{self, Body};
use super::input::{Job, Payload, Place, WarcResponse};

/// A record's output line, ready to write.
pub(crate) struct Done {
    pub seq: u64,
    /// Input bytes the record held in the window.
    pub bytes: usize,
    pub line: Vec<u8>,
    pub status: Status,
    /// Text bytes kept and removed, for the summary.
    pub text: TextStats,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Status {
    Cleaned,
    Skipped,
    Error,
}

/// Bytes of page text: kept, and removed per kind.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct TextStats {
    pub kept: u64,
    pub removed: [u64; Kind::ALL.len()],
}

impl TextStats {
    fn of(cleaned: &Cleaned) -> TextStats {
        let mut stats = TextStats {
            kept: cleaned.text().len() as u64,
            ..TextStats::default()
        };
        for r in cleaned.removals() {
            stats.removed[kind_index(r.kind())] += r.text().len() as u64;
        }
        stats
    }
}

pub(crate) fn kind_index(kind: Kind) -> usize {
    Kind::ALL.iter().position(|&k| k == kind).unwrap_or(0)
}

/// Why a record produced no cleaned text.
enum Outcome {
    Skipped(String),
    Error(String),
}

/// Turns a job into its output line. Never fails: whatever goes wrong
/// becomes the record's error line.
pub(crate) fn process(ctx: &Context, job: Job) -> Done {
    let Job {
        seq,
        bytes,
        source,
        place,
        payload,
    } = job;
    let mut line = Vec::with_capacity(bytes / 2 + 128);
    let (status, text) = match payload {
        Payload::Json(raw) => match json_record(ctx, &raw) {
            Ok((id, fields, cleaned)) => {
                write_cleaned(ctx, &mut line, &id, &fields, &cleaned);
                (Status::Cleaned, TextStats::of(&cleaned))
            }
            Err((id, reason)) => {
                write_error(&mut line, &id, None, &source, place, &reason);
                (Status::Error, TextStats::default())
            }
        },
        Payload::Warc(response) => {
            let WarcResponse {
                id,
                url,
                date,
                block,
            } = response;
            let id = Value::String(id);
            let mut fields = Map::new();
            if let Some(url) = &url {
                fields.insert("url".into(), Value::String(url.clone()));
            }
            if let Some(date) = date {
                fields.insert("date".into(), Value::String(date));
            }
            match warc_record(ctx, &block) {
                Ok(cleaned) => {
                    write_cleaned(ctx, &mut line, &id, &fields, &cleaned);
                    (Status::Cleaned, TextStats::of(&cleaned))
                }
                Err(Outcome::Skipped(reason)) => {
                    write_skipped(&mut line, &id, &fields, &reason);
                    (Status::Skipped, TextStats::default())
                }
                Err(Outcome::Error(reason)) => {
                    write_error(&mut line, &id, url.as_deref(), &source, place, &reason);
                    (Status::Error, TextStats::default())
                }
            }
        }
        Payload::Failed { id, url, reason } => {
            let id = id.map_or(Value::Null, Value::String);
            write_error(&mut line, &id, url.as_deref(), &source, place, &reason);
            (Status::Error, TextStats::default())
        }
    };
    line.push(b'\n');
    Done {
        seq,
        bytes,
        line,
        status,
        text,
    }
}

/// Output field names; an input field of the same name is replaced.
const OUTPUT_FIELDS: [&str; 7] = [
    "text", "html", "markdown", "removed", "removals", "language", "error",
];

type JsonOutcome = Result<(Value, Map<String, Value>, Cleaned), (Value, String)>;

fn json_record(ctx: &Context, raw: &[u8]) -> JsonOutcome {
    let text = std::str::from_utf8(raw).map_err(|e| {
        (
            Value::Null,
            format!(
                "invalid UTF-8 at byte offset {} of the line",
                e.valid_up_to()
            ),
        )
    })?;
    let value: Value =
        serde_json::from_str(text).map_err(|e| (Value::Null, format!("invalid JSON: {e}")))?;
    let Value::Object(mut fields) = value else {
        return Err((
            Value::Null,
            format!("expected a JSON object, found {}", json_type(&value)),
        ));
    };
    let id = fields.shift_remove("id").unwrap_or(Value::Null);
    let html = fields.shift_remove("html");
    let plain = fields.shift_remove("text");
    for name in OUTPUT_FIELDS {
        fields.shift_remove(name);
    }
    let cleaned = match (html, plain) {
        (Some(Value::String(html)), _) => ctx.cleaner.try_clean_html(&html),
        (Some(other), _) => {
            return Err((
                id,
                format!("\"html\" is {}, not a string", json_type(&other)),
            ));
        }
        (None, Some(Value::String(text))) => ctx.cleaner.try_clean_text(&text),
        (None, Some(other)) => {
            return Err((
                id,
                format!("\"text\" is {}, not a string", json_type(&other)),
            ));
        }
        (None, None) => {
            return Err((id, "no \"html\" or \"text\" field".into()));
        }
    };
    match cleaned {
        Ok(cleaned) => Ok((id, fields, cleaned)),
        Err(e) => Err((id, clean_error(&e))),
    }
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn clean_error(e: &Error) -> String {
    match e.limit() {
        Some(_) => format!("{e} (--max-record-bytes)"),
        None => e.to_string(),
    }
}

fn warc_record(ctx: &Context, block: &[u8]) -> Result<Cleaned, Outcome> {
    let body = http::payload(block).map_err(|e| match e {
        http::Problem::Skip(reason) => Outcome::Skipped(reason),
        http::Problem::Broken(reason) => Outcome::Error(reason),
    })?;
    let cleaned = match body {
        Body::Html { bytes, encoding } => match encoding {
            Some(encoding) => {
                let (text, _, _) = encoding.decode(&bytes);
                ctx.cleaner.try_clean_html(&text)
            }
            None => ctx.cleaner.try_clean_html_bytes(&bytes),
        },
        Body::Text { bytes, encoding } => match encoding {
            Some(encoding) => {
                let (text, _, _) = encoding.decode(&bytes);
                ctx.cleaner.try_clean_text(&text)
            }
            None => ctx.cleaner.try_clean_bytes(&bytes),
        },
        Body::Unknown(bytes) => ctx.cleaner.try_clean_bytes(&bytes),
    };
    cleaned.map_err(|e| Outcome::Error(clean_error(&e)))
}

#[derive(Serialize)]
struct CleanedLine<'a> {
    id: &'a Value,
    #[serde(flatten)]
    fields: &'a Map<String, Value>,
    text: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    markdown: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    language: Option<&'a str>,
    removed: Counts<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    removals: Option<&'a [Removal]>,
}

/// Removals per kind, as a map in the order of [`Kind::ALL`]; kinds with
/// none are left out.
struct Counts<'a>(&'a [Removal]);

impl Serialize for Counts<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut counts = [0usize; Kind::ALL.len()];
        for r in self.0 {
            counts[kind_index(r.kind())] += 1;
        }
        let present = counts.iter().filter(|&&c| c > 0).count();
        let mut map = serializer.serialize_map(Some(present))?;
        for (kind, count) in Kind::ALL.iter().zip(counts) {
            if count > 0 {
                map.serialize_entry(kind.name(), &count)?;
            }
        }
        map.end()
    }
}

fn write_cleaned(
    ctx: &Context,
    line: &mut Vec<u8>,
    id: &Value,
    fields: &Map<String, Value>,
    cleaned: &Cleaned,
) {
    // The page's title replaces an input `title` field; without one, the
    // input's passes through.
    let title = cleaned.title();
    let fields_without_title;
    let fields = if title.is_some() && fields.contains_key("title") {
        let mut f = fields.clone();
        f.shift_remove("title");
        fields_without_title = f;
        &fields_without_title
    } else {
        fields
    };
    let out = CleanedLine {
        id,
        fields,
        text: cleaned.text(),
        title,
        markdown: if ctx.markdown {
            cleaned.markdown()
        } else {
            None
        },
        language: cleaned.language(),
        removed: Counts(cleaned.removals()),
        removals: ctx.removals.then(|| cleaned.removals()),
    };
    serialize_into(line, &out);
}

#[derive(Serialize)]
struct SkippedLine<'a> {
    id: &'a Value,
    #[serde(flatten)]
    fields: &'a Map<String, Value>,
    skipped: &'a str,
}

fn write_skipped(line: &mut Vec<u8>, id: &Value, fields: &Map<String, Value>, reason: &str) {
    serialize_into(
        line,
        &SkippedLine {
            id,
            fields,
            skipped: reason,
        },
    );
}

#[derive(Serialize)]
struct ErrorLine<'a> {
    id: &'a Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    error: ErrorBody<'a>,
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    file: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    record: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    offset: Option<u64>,
    reason: &'a str,
}

fn write_error(
    line: &mut Vec<u8>,
    id: &Value,
    url: Option<&str>,
    file: &str,
    place: Place,
    reason: &str,
) {
    let (line_no, record, offset) = match place {
        Place::Line(n) => (Some(n), None, None),
        Place::Record { number, offset } => (None, Some(number), offset),
    };
    serialize_into(
        line,
        &ErrorLine {
            id,
            url,
            error: ErrorBody {
                file,
                line: line_no,
                record,
                offset,
                reason,
            },
        },
    );
}

fn serialize_into<T: Serialize>(line: &mut Vec<u8>, value: &T) {
    // Serialising these types into memory cannot fail: every map key is a
    // string and no value refuses to serialise.
    if let Err(e) = serde_json::to_writer(&mut *line, value) {
        line.clear();
        let fallback = serde_json::json!({ "error": { "reason": e.to_string() } });
        line.extend_from_slice(fallback.to_string().as_bytes());
    }
}
