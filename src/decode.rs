//! Bytes of unknown encoding in, text out: a byte-order mark; else UTF-8
//! when the bytes are valid UTF-8; else the `<meta charset>` (or
//! `http-equiv` content type) near the start; else windows-1252, as
//! browsers default to.
//! Decoding never fails: invalid sequences become U+FFFD.

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

/// How far into the bytes to look for a `<meta charset>`.
const SNIFF_BYTES: usize = 4096;

pub(crate) fn decode(bytes: &[u8]) -> Cow<'_, str> {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        return encoding.decode_without_bom_handling(&bytes[bom..]).0;
    }
    // Bytes that are valid UTF-8 are UTF-8, whatever the page declares:
    // legacy text almost never forms valid multi-byte sequences by chance,
    // while pages that declare a legacy charset and serve UTF-8 are common.
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Cow::Borrowed(s);
    }
    match meta_charset(&bytes[..bytes.len().min(SNIFF_BYTES)]) {
        Some(enc) if enc == UTF_8 => String::from_utf8_lossy(bytes),
        Some(enc) => enc.decode_without_bom_handling(bytes).0,
        None => WINDOWS_1252.decode_without_bom_handling(bytes).0,
    }
}

/// The encoding named by `charset=` in a `<meta>` tag near the start.
fn meta_charset(head: &[u8]) -> Option<&'static Encoding> {
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut from = 0;
    while let Some(at) = find(&lower[from..], b"<meta") {
        let start = from + at;
        let end = find(&lower[start..], b">").map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(c) = find(tag, b"charset") {
            let rest = &tag[c + b"charset".len()..];
            let rest = trim_start(rest);
            if let Some(rest) = rest.strip_prefix(b"=") {
                let rest = trim_start(rest);
                let rest = rest
                    .strip_prefix(b"\"")
                    .or_else(|| rest.strip_prefix(b"'"))
                    .unwrap_or(rest);
                let label_end = rest
                    .iter()
                    .position(|b| matches!(b, b'"' | b'\'' | b';' | b' ' | b'/' | b'>'))
                    .unwrap_or(rest.len());
                if let Some(enc) = Encoding::for_label(&rest[..label_end]) {
                    // A `<meta>` that could be read as ASCII cannot mean
                    // UTF-16: the output encoding maps such labels to UTF-8.
                    return Some(enc.output_encoding());
                }
            }
        }
        from = end;
        if from >= lower.len() {
            break;
        }
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack, needle)
}

fn trim_start(s: &[u8]) -> &[u8] {
    let n = s.iter().take_while(|b| b.is_ascii_whitespace()).count();
    &s[n..]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoding_table() {
        let cases: &[(&[u8], &str)] = &[
            (b"plain ascii", "plain ascii"),
            ("caf\u{e9} UTF-8".as_bytes(), "caf\u{e9} UTF-8"),
            (b"\xEF\xBB\xBFwith BOM", "with BOM"),
            (b"\xFF\xFEh\x00i\x00", "hi"),
            (b"<meta charset=\"iso-8859-1\"><p>caf\xE9</p>", "<meta charset=\"iso-8859-1\"><p>caf\u{e9}</p>"),
            (
                b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\"><p>\xCF\xF0\xE8</p>",
                "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\"><p>\u{41f}\u{440}\u{438}</p>",
            ),
            (b"no declaration caf\xE9", "no declaration caf\u{e9}"),
            (b"<meta charset=utf-8>bad \xFF byte", "<meta charset=utf-8>bad \u{FFFD} byte"),
            (
                "<meta charset=\"iso-8859-1\"><p>caf\u{e9}</p>".as_bytes(),
                "<meta charset=\"iso-8859-1\"><p>caf\u{e9}</p>",
            ),
            (b"", ""),
        ];
        for (bytes, want) in cases {
            assert_eq!(decode(bytes), *want, "{bytes:?}");
        }
    }
}
