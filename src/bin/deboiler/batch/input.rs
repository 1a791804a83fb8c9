//! Splitting the inputs into records: JSON lines and WARC records, plain or
//! gzip-compressed, with every record's position kept for error lines.
//!
//! The reader does no parsing beyond framing; it hands each record to the
//! pool as bytes. What it cannot frame (a line over the size limit, a broken
//! WARC header, a corrupt gzip member) becomes a [`Payload::Failed`] job, so
//! that it still gets its line in the output.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use flate2::bufread::{GzDecoder, MultiGzDecoder};
use indicatif::ProgressBar;
use warc::{RecordType, WarcHeader, WarcReader};

use super::InputFormat;

/// One record on its way to a worker.
pub(crate) struct Job {
    /// Position in the output.
    pub seq: u64,
    /// Input bytes it holds (for the window).
    pub bytes: usize,
    /// The input's name, as given on the command line.
    pub source: Arc<str>,
    pub place: Place,
    pub payload: Payload,
}

/// Where a record was in its input.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Place {
    /// 1-based line of a JSON Lines input.
    Line(u64),
    /// 1-based number among the WARC records of the input (every type
    /// counted), and the compressed offset of its gzip member, if any.
    Record { number: u64, offset: Option<u64> },
}

pub(crate) enum Payload {
    /// One JSON line, unparsed.
    Json(Vec<u8>),
    /// A WARC `response` record.
    Warc(WarcResponse),
    /// A record that could not be read; `reason` says why.
    Failed {
        id: Option<String>,
        url: Option<String>,
        reason: String,
    },
}

pub(crate) struct WarcResponse {
    pub id: String,
    pub url: Option<String>,
    pub date: Option<String>,
    /// The record block: the HTTP response, headers and payload.
    pub block: Vec<u8>,
}

/// What the reader saw besides records.
#[derive(Debug, Default)]
pub(crate) struct ReadReport {
    /// Inputs that could not be opened.
    pub unreadable_inputs: u64,
    /// WARC records other than responses (warcinfo, request, metadata…),
    /// which are not pages and get no output line.
    pub other_warc_records: u64,
}

/// The callback that takes each job; false stops reading.
pub(crate) type Emit<'e> = dyn FnMut(Job) -> bool + 'e;

pub(crate) struct Reader<'a> {
    format: InputFormat,
    max_record: usize,
    consumed: &'a AtomicU64,
    progress: &'a ProgressBar,
    seq: u64,
    report: ReadReport,
}

/// How reading a WARC stream ended.
enum StreamEnd {
    /// At its end.
    Done,
    /// The consumer stopped.
    Stopped,
    /// The framing is lost (reported already); the stream cannot go on.
    Broken,
}

const GZIP_MAGIC: [u8; 3] = [0x1f, 0x8b, 0x08];

impl<'a> Reader<'a> {
    pub(crate) fn new(
        format: InputFormat,
        max_record: usize,
        consumed: &'a AtomicU64,
        progress: &'a ProgressBar,
    ) -> Reader<'a> {
        Reader {
            format,
            max_record,
            consumed,
            progress,
            seq: 0,
            report: ReadReport::default(),
        }
    }

    pub(crate) fn into_report(self) -> ReadReport {
        self.report
    }

    /// Reads every input in order and hands each record to `emit`.
    pub(crate) fn read_all(&mut self, inputs: &[PathBuf], emit: &mut Emit<'_>) {
        for path in inputs {
            let name: Arc<str> = if path.as_os_str() == "-" {
                "<stdin>".into()
            } else {
                path.display().to_string().into()
            };
            let file: Box<dyn Read> = if path.as_os_str() == "-" {
                Box::new(io::stdin())
            } else {
                match File::open(path) {
                    Ok(f) => Box::new(f),
                    Err(e) => {
                        self.report.unreadable_inputs += 1;
                        self.progress
                            .suspend(|| eprintln!("deboiler batch: {name}: {e}"));
                        continue;
                    }
                }
            };
            let mut raw = Counted {
                inner: BufReader::with_capacity(1 << 20, file),
                pos: 0,
                shared: self.consumed,
            };
            if !self.read_one(path, &name, &mut raw, emit) {
                return;
            }
        }
    }

    /// Reads one input; false when the consumer stopped.
    fn read_one<R: BufRead>(
        &mut self,
        path: &Path,
        name: &Arc<str>,
        raw: &mut Counted<'_, R>,
        emit: &mut Emit<'_>,
    ) -> bool {
        let gzip = match raw.fill_buf() {
            Ok(buf) => buf.starts_with(&GZIP_MAGIC[..2]),
            Err(e) => return self.fail_input(name, Place::Line(1), &e, emit),
        };
        let format = match self.format {
            InputFormat::Auto => format_from_name(path),
            f => f,
        };
        match (format, gzip) {
            (InputFormat::Warc, true) => self.warc_members(name, raw, emit),
            (InputFormat::Warc, false) => {
                !matches!(self.warc_stream(raw, name, None, emit), StreamEnd::Stopped)
            }
            (InputFormat::Jsonl, true) => {
                let mut r = BufReader::with_capacity(1 << 20, MultiGzDecoder::new(raw));
                self.jsonl(&mut r, name, emit)
            }
            (InputFormat::Jsonl, false) => self.jsonl(raw, name, emit),
            (InputFormat::Auto, true) => {
                let mut r = BufReader::with_capacity(1 << 20, MultiGzDecoder::new(raw));
                self.sniffed(&mut r, name, emit)
            }
            (InputFormat::Auto, false) => self.sniffed(raw, name, emit),
        }
    }

    /// An input whose name does not tell: WARC if it starts like one.
    fn sniffed<R: BufRead>(&mut self, r: &mut R, name: &Arc<str>, emit: &mut Emit<'_>) -> bool {
        let warc = match r.fill_buf() {
            Ok(buf) => buf.starts_with(b"WARC/"),
            Err(e) => return self.fail_input(name, Place::Line(1), &e, emit),
        };
        if warc {
            !matches!(self.warc_stream(r, name, None, emit), StreamEnd::Stopped)
        } else {
            self.jsonl(r, name, emit)
        }
    }

    fn next_job(&mut self, name: &Arc<str>, place: Place, bytes: usize, payload: Payload) -> Job {
        let job = Job {
            seq: self.seq,
            bytes,
            source: Arc::clone(name),
            place,
            payload,
        };
        self.seq += 1;
        job
    }

    fn failed(
        &mut self,
        name: &Arc<str>,
        place: Place,
        reason: String,
        emit: &mut Emit<'_>,
    ) -> bool {
        self.failed_record(name, place, None, None, reason, emit)
    }

    /// An error line for a record whose id (and URL) are known.
    fn failed_record(
        &mut self,
        name: &Arc<str>,
        place: Place,
        id: Option<String>,
        url: Option<String>,
        reason: String,
        emit: &mut Emit<'_>,
    ) -> bool {
        let job = self.next_job(name, place, 0, Payload::Failed { id, url, reason });
        emit(job)
    }

    fn fail_input(
        &mut self,
        name: &Arc<str>,
        place: Place,
        e: &io::Error,
        emit: &mut Emit<'_>,
    ) -> bool {
        self.failed(name, place, format!("cannot read the input: {e}"), emit)
    }

    /// JSON Lines: one record per non-blank line. Lines over the size limit
    /// are skipped without being held in memory.
    fn jsonl<R: BufRead>(&mut self, r: &mut R, name: &Arc<str>, emit: &mut Emit<'_>) -> bool {
        let mut line: Vec<u8> = Vec::new();
        let mut length = 0usize;
        let mut number = 0u64;
        loop {
            let (done, used) = match r.fill_buf() {
                Ok([]) => (true, 0),
                Ok(buf) => match memchr::memchr(b'\n', buf) {
                    Some(i) => {
                        if length + i <= self.max_record {
                            line.extend_from_slice(&buf[..i]);
                        }
                        length += i;
                        (true, i + 1)
                    }
                    None => {
                        if length + buf.len() <= self.max_record {
                            line.extend_from_slice(buf);
                        }
                        length += buf.len();
                        (false, buf.len())
                    }
                },
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    return self.fail_input(name, Place::Line(number + 1), &e, emit);
                }
            };
            let at_end = done && used == 0;
            r.consume(used);
            if !done {
                continue;
            }
            if at_end && length == 0 {
                return true;
            }
            number += 1;
            let place = Place::Line(number);
            let ok = if length > self.max_record {
                self.failed(
                    name,
                    place,
                    format!(
                        "the line is {length} bytes, over the limit of {} (--max-record-bytes)",
                        self.max_record
                    ),
                    emit,
                )
            } else if line.iter().all(u8::is_ascii_whitespace) {
                true
            } else {
                let bytes = line.len();
                let job =
                    self.next_job(name, place, bytes, Payload::Json(std::mem::take(&mut line)));
                emit(job)
            };
            if !ok {
                return false;
            }
            line.clear();
            length = 0;
            if at_end {
                return true;
            }
        }
    }

    /// A gzip-compressed WARC file, one member at a time, so that a corrupt
    /// member costs only its own records: reading resumes at the next member.
    fn warc_members<R: BufRead>(
        &mut self,
        name: &Arc<str>,
        raw: &mut Counted<'_, R>,
        emit: &mut Emit<'_>,
    ) -> bool {
        let mut records_before = 0;
        loop {
            match raw.fill_buf() {
                Ok([]) => return true,
                Ok(_) => {}
                Err(e) => {
                    let place = Place::Record {
                        number: records_before + 1,
                        offset: Some(raw.pos),
                    };
                    return self.fail_input(name, place, &e, emit);
                }
            }
            let offset = raw.pos;
            let mut member = BufReader::with_capacity(1 << 18, GzDecoder::new(&mut *raw));
            let mut stream = WarcStream {
                records: records_before,
                offset: Some(offset),
            };
            let end = self.warc_records(&mut member, name, &mut stream, emit);
            if matches!(end, StreamEnd::Stopped) {
                return false;
            }
            // Whatever the WARC reader left of the member, then check the
            // member's integrity.
            let drained = io::copy(&mut member, &mut io::sink());
            drop(member);
            records_before = stream.records;
            if let Err(e) = drained {
                if matches!(end, StreamEnd::Done) {
                    let place = Place::Record {
                        number: records_before + 1,
                        offset: Some(offset),
                    };
                    let reason = format!("corrupt gzip member: {e}");
                    if !self.failed(name, place, reason, emit) {
                        return false;
                    }
                }
                if let Err(e) = skip_to_gzip_member(raw, offset) {
                    let place = Place::Record {
                        number: records_before + 1,
                        offset: Some(raw.pos),
                    };
                    return self.fail_input(name, place, &e, emit);
                }
            }
        }
    }

    fn warc_stream<R: BufRead>(
        &mut self,
        r: &mut R,
        name: &Arc<str>,
        offset: Option<u64>,
        emit: &mut Emit<'_>,
    ) -> StreamEnd {
        let mut stream = WarcStream { records: 0, offset };
        let end = self.warc_records(r, name, &mut stream, emit);
        if matches!(end, StreamEnd::Broken) {
            // Without a gzip member to resume at, the rest is unreadable.
            let rest = io::copy(r, &mut io::sink()).unwrap_or(0);
            if rest > 0 {
                let place = Place::Record {
                    number: stream.records + 1,
                    offset,
                };
                let reason =
                    format!("{rest} bytes after a broken WARC record could not be read as records");
                if !self.failed(name, place, reason, emit) {
                    return StreamEnd::Stopped;
                }
            }
        }
        end
    }

    /// The WARC records of one stream (a plain file, or one gzip member).
    fn warc_records<R: BufRead>(
        &mut self,
        r: &mut R,
        name: &Arc<str>,
        stream: &mut WarcStream,
        emit: &mut Emit<'_>,
    ) -> StreamEnd {
        let mut reader = WarcReader::new(r);
        let mut records = reader.stream_records();
        while let Some(item) = records.next_item() {
            stream.records += 1;
            let place = Place::Record {
                number: stream.records,
                offset: stream.offset,
            };
            let mut record = match item {
                Ok(record) => record,
                Err(e) => {
                    // A missing or malformed header leaves the framing
                    // intact: the record's length is known.
                    let recoverable = matches!(
                        e,
                        warc::Error::MissingHeader(_) | warc::Error::MalformedHeader(..)
                    );
                    let reason = format!("broken WARC record: {}", warc_error(&e));
                    if !self.failed(name, place, reason, emit) {
                        return StreamEnd::Stopped;
                    }
                    if recoverable {
                        continue;
                    }
                    return StreamEnd::Broken;
                }
            };
            if *record.warc_type() != RecordType::Response {
                self.report.other_warc_records += 1;
                continue;
            }
            let id = record.warc_id().to_string();
            let url = record.header(WarcHeader::TargetURI).map(|u| u.into_owned());
            let length = record.content_length();
            if length > self.max_record as u64 {
                let reason = format!(
                    "the record is {length} bytes, over the limit of {} (--max-record-bytes)",
                    self.max_record
                );
                if !self.failed_record(name, place, Some(id), url, reason, emit) {
                    return StreamEnd::Stopped;
                }
                continue;
            }
            let date = record.header(WarcHeader::Date).map(|d| d.into_owned());
            let mut block = Vec::with_capacity(length as usize);
            if let Err(e) = record.read_to_end(&mut block) {
                let reason = format!("broken WARC record: {e}");
                return if self.failed_record(name, place, Some(id), url, reason, emit) {
                    StreamEnd::Broken
                } else {
                    StreamEnd::Stopped
                };
            }
            let bytes = block.len();
            let job = self.next_job(
                name,
                place,
                bytes,
                Payload::Warc(WarcResponse {
                    id,
                    url,
                    date,
                    block,
                }),
            );
            if !emit(job) {
                return StreamEnd::Stopped;
            }
        }
        StreamEnd::Done
    }
}

struct WarcStream {
    /// WARC records seen so far in the input.
    records: u64,
    offset: Option<u64>,
}

fn warc_error(e: &warc::Error) -> String {
    match e {
        warc::Error::ReadData(io) => format!("cannot read it: {io}"),
        warc::Error::ParseHeaders(_) => "its header block is not WARC headers".into(),
        warc::Error::UnexpectedEOB => "the input ends inside its block".into(),
        warc::Error::ReadOverflow => "its block is longer than its Content-Length".into(),
        other => other.to_string(),
    }
}

/// After a corrupt gzip member: moves to the next place that starts like a
/// gzip member, at least one byte past `failed_at`.
fn skip_to_gzip_member<R: BufRead>(raw: &mut Counted<'_, R>, failed_at: u64) -> io::Result<()> {
    if raw.pos <= failed_at {
        raw.consume(1);
    }
    loop {
        let buf = raw.fill_buf()?;
        if buf.is_empty() {
            return Ok(());
        }
        match memchr::memmem::find(buf, &GZIP_MAGIC) {
            Some(i) => {
                raw.consume(i);
                return Ok(());
            }
            None => {
                // Keep a possible start of the magic at the buffer's end.
                let keep = (1..GZIP_MAGIC.len())
                    .rev()
                    .find(|&k| buf.len() > k && buf.ends_with(&GZIP_MAGIC[..k]))
                    .unwrap_or(0);
                let n = buf.len() - keep;
                raw.consume(n);
                if keep > 0 {
                    // The buffer holds only the partial magic now; let the
                    // gzip decoder judge it.
                    return Ok(());
                }
            }
        }
    }
}

/// The input format a file name implies (`.gz` aside).
fn format_from_name(path: &Path) -> InputFormat {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    if name.ends_with(".warc") {
        InputFormat::Warc
    } else if name.ends_with(".jsonl") || name.ends_with(".ndjson") || name.ends_with(".json") {
        InputFormat::Jsonl
    } else {
        InputFormat::Auto
    }
}

/// A buffered reader that counts the bytes consumed from it, for positions
/// and for the progress bar.
pub(crate) struct Counted<'a, R> {
    inner: R,
    pos: u64,
    shared: &'a AtomicU64,
}

impl<R: BufRead> Read for Counted<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.pos += n as u64;
        self.shared.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Counted<'_, R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amt: usize) {
        self.inner.consume(amt);
        self.pos += amt as u64;
        self.shared.fetch_add(amt as u64, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_tell_the_format() {
        assert_eq!(
            format_from_name(Path::new("a/CC-1.warc.gz")),
            InputFormat::Warc
        );
        assert_eq!(format_from_name(Path::new("x.WARC")), InputFormat::Warc);
        assert_eq!(
            format_from_name(Path::new("p.jsonl.gz")),
            InputFormat::Jsonl
        );
        assert_eq!(format_from_name(Path::new("p.ndjson")), InputFormat::Jsonl);
        assert_eq!(format_from_name(Path::new("-")), InputFormat::Auto);
        assert_eq!(format_from_name(Path::new("data.bin")), InputFormat::Auto);
    }
}
