//! The HTTP response inside a WARC `response` record: status, content type,
//! charset, transfer and content codings.

use std::borrow::Cow;
use std::io::Read;

use encoding_rs::Encoding;
use flate2::read::{MultiGzDecoder, ZlibDecoder};

/// A response's payload, decoded down to the bytes of the document.
pub(crate) enum Body<'a> {
    /// `text/html` or `application/xhtml+xml`; the charset the headers name,
    /// when they name one `encoding_rs` knows.
    Html {
        bytes: Cow<'a, [u8]>,
        encoding: Option<&'static Encoding>,
    },
    /// `text/plain`.
    Text {
        bytes: Cow<'a, [u8]>,
        encoding: Option<&'static Encoding>,
    },
    /// No content type: the cleaner decides by the content.
    Unknown(Cow<'a, [u8]>),
}

/// Why a response has no document to clean.
pub(crate) enum Problem {
    /// Not a page (an image, a redirect): no error, but no text either.
    Skip(String),
    /// A page that cannot be read.
    Broken(String),
}

/// Headers beyond this many make the response an error.
const MAX_HEADERS: usize = 256;

/// The decoded payload of the HTTP response `block`.
pub(crate) fn payload(block: &[u8]) -> Result<Body<'_>, Problem> {
    let mut headers = vec![httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut response = httparse::Response::new(&mut headers);
    let parsed = httparse::ParserConfig::default()
        .allow_spaces_after_header_name_in_responses(true)
        .allow_multiple_spaces_in_response_status_delimiters(true)
        .allow_obsolete_multiline_headers_in_responses(true)
        .ignore_invalid_headers_in_responses(true)
        .parse_response(&mut response, block);
    let head = match parsed {
        Ok(httparse::Status::Complete(n)) => n,
        Ok(httparse::Status::Partial) => {
            return Err(Problem::Broken("the HTTP headers are cut off".into()));
        }
        Err(e) => return Err(Problem::Broken(format!("not an HTTP response: {e}"))),
    };
    let status = response.code.unwrap_or(0);
    if !(200..300).contains(&status) {
        return Err(Problem::Skip(format!("HTTP status {status}")));
    }
    let mut content_type: Option<&[u8]> = None;
    let mut chunked = false;
    let mut coding: Option<&[u8]> = None;
    for h in response.headers.iter() {
        if h.name.eq_ignore_ascii_case("content-type") {
            content_type = Some(h.value);
        } else if h.name.eq_ignore_ascii_case("transfer-encoding") {
            chunked = h
                .value
                .split(|&b| b == b',')
                .any(|c| c.trim_ascii().eq_ignore_ascii_case(b"chunked"));
        } else if h.name.eq_ignore_ascii_case("content-encoding") {
            coding = Some(h.value.trim_ascii());
        }
    }
    let mut bytes: Cow<'_, [u8]> = Cow::Borrowed(&block[head..]);
    if chunked {
        // Archives often store the payload already de-chunked while keeping
        // the header; keep the bytes as they are when they are not chunks.
        if let Some(joined) = dechunk(&bytes) {
            bytes = Cow::Owned(joined);
        }
    }
    if let Some(coding) = coding {
        bytes = decode_coding(coding, bytes, block.len())?;
    }
    let Some(content_type) = content_type else {
        return Ok(Body::Unknown(bytes));
    };
    let content_type = String::from_utf8_lossy(content_type);
    let mut parts = content_type.split(';');
    let mime = parts.next().unwrap_or("").trim().to_ascii_lowercase();
    let encoding = parts
        .filter_map(|p| p.split_once('='))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("charset"))
        .and_then(|(_, v)| Encoding::for_label(v.trim().trim_matches('"').as_bytes()));
    match mime.as_str() {
        "text/html" | "application/xhtml+xml" => Ok(Body::Html { bytes, encoding }),
        "text/plain" => Ok(Body::Text { bytes, encoding }),
        "" => Ok(Body::Unknown(bytes)),
        other => Err(Problem::Skip(format!("content type {other}"))),
    }
}

/// Joins the chunks of a chunked body; `None` when it is not one.
fn dechunk(mut body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len());
    loop {
        let (start, size) = match httparse::parse_chunk_size(body) {
            Ok(httparse::Status::Complete(found)) => found,
            _ => return None,
        };
        body = &body[start..];
        if size == 0 {
            return Some(out);
        }
        let size = usize::try_from(size).ok().filter(|&s| s <= body.len())?;
        out.extend_from_slice(&body[..size]);
        body = body[size..].strip_prefix(b"\r\n").unwrap_or(&body[size..]);
    }
}

/// Undoes a `Content-Encoding`. The decoded size is capped at 16 times the
/// record's size, so that a small compressed bomb cannot exhaust memory.
fn decode_coding<'a>(
    coding: &[u8],
    bytes: Cow<'a, [u8]>,
    record_len: usize,
) -> Result<Cow<'a, [u8]>, Problem> {
    let cap = (record_len as u64).saturating_mul(16).max(1 << 20);
    let mut out = Vec::new();
    let read = if coding.eq_ignore_ascii_case(b"gzip") || coding.eq_ignore_ascii_case(b"x-gzip") {
        MultiGzDecoder::new(&bytes[..])
            .take(cap + 1)
            .read_to_end(&mut out)
    } else if coding.eq_ignore_ascii_case(b"deflate") {
        ZlibDecoder::new(&bytes[..])
            .take(cap + 1)
            .read_to_end(&mut out)
    } else if coding.eq_ignore_ascii_case(b"identity") || coding.is_empty() {
        return Ok(bytes);
    } else {
        return Err(Problem::Broken(format!(
            "unsupported Content-Encoding {}",
            String::from_utf8_lossy(coding)
        )));
    };
    match read {
        // Archives also store payloads already decoded under the original
        // header: when the bytes do not decode, they are the document.
        Err(_) => Ok(bytes),
        Ok(n) if n as u64 > cap => Err(Problem::Broken(format!(
            "the {} payload decodes to more than {cap} bytes",
            String::from_utf8_lossy(coding)
        ))),
        Ok(_) => Ok(Cow::Owned(out)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(b: Body<'_>) -> (Vec<u8>, Option<&'static str>) {
        match b {
            Body::Html { bytes, encoding } => (bytes.into_owned(), encoding.map(|e| e.name())),
            _ => panic!("not HTML"),
        }
    }

    #[test]
    fn reads_content_type_and_charset() {
        let block = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=\"ISO-8859-1\"\r\n\r\n<p>caf\xe9</p>";
        let Ok(body) = payload(block) else {
            panic!("not parsed")
        };
        let (bytes, enc) = html(body);
        assert_eq!(bytes, b"<p>caf\xe9</p>");
        assert_eq!(enc, Some("windows-1252"));
    }

    #[test]
    fn skips_redirects_and_images() {
        let redirect = b"HTTP/1.1 301 Moved\r\nLocation: /x\r\n\r\n";
        assert!(matches!(payload(redirect), Err(Problem::Skip(r)) if r == "HTTP status 301"));
        let image = b"HTTP/1.0 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG";
        assert!(matches!(payload(image), Err(Problem::Skip(r)) if r == "content type image/png"));
    }

    #[test]
    fn joins_chunks_and_keeps_dechunked_bodies() {
        let chunked = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n<p>a\r\n5\r\nb</p>\r\n0\r\n\r\n";
        let Ok(body) = payload(chunked) else {
            panic!("not parsed")
        };
        assert_eq!(html(body).0, b"<p>ab</p>");
        let stored = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n<p>ab</p>";
        let Ok(body) = payload(stored) else {
            panic!("not parsed")
        };
        assert_eq!(html(body).0, b"<p>ab</p>");
    }

    #[test]
    fn decodes_gzip_content() {
        use flate2::write::GzEncoder;
        use std::io::Write;
        let mut gz = GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(b"<p>zipped</p>").ok();
        let zipped = gz.finish().unwrap_or_default();
        let mut block =
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n"
                .to_vec();
        block.extend_from_slice(&zipped);
        let Ok(body) = payload(&block) else {
            panic!("not parsed")
        };
        assert_eq!(html(body).0, b"<p>zipped</p>");
    }

    #[test]
    fn garbage_is_an_error() {
        assert!(matches!(
            payload(b"\x00\x01garbage"),
            Err(Problem::Broken(_))
        ));
        assert!(matches!(
            payload(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"),
            Err(Problem::Broken(_))
        ));
    }
}
