//! Per-line scanning: the normalised form that phrase tables match against,
//! and the density features the classifier reads.
//!
//! One pass over the line's characters fills both, writing the normalised
//! form into a buffer that the caller reuses from line to line.

/// What the density heuristic knows about one line (or one HTML block).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct Features {
    /// Tokens that hold a letter and are not site names or handles.
    pub words: u16,
    /// Letters in scripts written without spaces (Han, kana, Thai...).
    /// Two of them count as one word in [`Features::word_count`].
    pub nospace_letters: u16,
    /// Tokens that are numbers or counters (`412`, `8:02`, `1.2k`, `3rd`).
    pub numbers: u16,
    /// Tokens that are handles, URLs or domain names.
    pub sites: u16,
    /// The line ends like a sentence: `.`, `!`, `?`, `。`, `！`, `？`
    /// (before closing quotes or brackets).
    pub ends_sentence: bool,
    /// The line ends with `:` (an introduction to a quote or a list).
    pub ends_colon: bool,
    /// The line ends with `…` or `...`: a teaser cut short.
    pub truncated: bool,
    /// The line starts with a bullet or a list number (`-`, `•`, `1.`).
    pub list_item: bool,
    /// Tokens of any kind (runs of characters between separators); none
    /// means a blank line.
    pub tokens: u16,
    /// Menu separators between the words: `|`, `｜`, `>>`, `»`, `›`.
    pub separators: u16,
    /// The line starts in the middle of a sentence (with a lowercase
    /// letter), as the lines of hard-wrapped prose do.
    pub continued: bool,
    /// Nine cased letters in ten or more are capitals, of twelve or more.
    pub caps: bool,
}

impl Features {
    /// Words, counting two letters of a script without spaces as one word.
    pub fn word_count(&self) -> u32 {
        u32::from(self.words) + u32::from(self.nospace_letters) / 2
    }

    /// Whether the line is in capitals (see [`capitals`]).
    pub fn all_caps(&self) -> bool {
        self.caps
    }
}

/// Share of capitals among cased letters, if there are enough to tell.
fn capitals(upper: u32, lower: u32) -> bool {
    let cased = upper + lower;
    cased >= 12 && u64::from(upper) * 10 >= u64::from(cased) * 9
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TokenClass {
    Word,
    Number,
    Site,
    Punct,
}

/// Top-level domains that mark a token as a site name (`example.com`).
fn is_tld(tld: &str) -> bool {
    matches!(
        tld,
        "com"
            | "org"
            | "net"
            | "info"
            | "biz"
            | "io"
            | "co"
            | "news"
            | "tv"
            | "me"
            | "uk"
            | "us"
            | "ca"
            | "au"
            | "de"
            | "fr"
            | "es"
            | "it"
            | "pt"
            | "nl"
            | "be"
            | "ch"
            | "at"
            | "pl"
            | "ru"
            | "ua"
            | "tr"
            | "cn"
            | "jp"
            | "in"
            | "br"
            | "mx"
            | "ar"
            | "se"
            | "no"
            | "dk"
            | "fi"
            | "ie"
            | "nz"
            | "za"
            | "cz"
            | "sk"
            | "hu"
            | "ro"
            | "gr"
            | "eu"
            | "edu"
            | "gov"
            | "blog"
            | "online"
            | "site"
            | "xyz"
            | "app"
            | "dev"
    )
}

pub(crate) fn is_separator(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_whitespace() || c.is_ascii_control();
    }
    // White space and controls beyond ASCII (`char::is_whitespace`,
    // `char::is_control`), listed: no Unicode table lookup for the letters
    // of every script. Zero-width space and byte order mark too.
    matches!(
        c,
        '\u{80}'..='\u{A0}'
            | '\u{1680}'
            | '\u{2000}'..='\u{200B}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{202F}'
            | '\u{205F}'
            | '\u{3000}'
            | '\u{FEFF}'
    )
}

/// The length in bytes of the separator (see [`is_separator`]) that starts
/// at byte `i` of `text`, or 0 if none does (or `i` is inside a character).
#[inline]
pub(crate) fn separator_len(text: &str, i: usize) -> usize {
    let bytes = text.as_bytes();
    match bytes.get(i) {
        Some(&b) if b < 0x80 => usize::from(class(b) == SEP),
        Some(&b) if is_separator_lead(b) => wide_separator_len(bytes, i),
        _ => 0,
    }
}

/// Whether `b` is an ASCII separator: white space or a control character.
const fn is_ascii_separator(b: u8) -> bool {
    b.is_ascii_whitespace() || b.is_ascii_control()
}

/// Whether `b` leads the UTF-8 form of a separator beyond ASCII, or of
/// characters that share its first byte.
const fn is_separator_lead(b: u8) -> bool {
    matches!(b, 0xC2 | 0xE1 | 0xE2 | 0xE3 | 0xEF)
}

/// Bytes that may start a separator: the ASCII ones, and the leads of the
/// others (see [`is_separator_lead`]).
static MAY_SEPARATE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = is_ascii_separator(c) || is_separator_lead(c);
        b += 1;
    }
    table
};

/// The end of the run of bytes from `i` that start no separator: eight
/// bytes at a time, then a byte look-up each; the exact check only where
/// one may start.
pub(crate) fn separator_free_run(text: &str, mut i: usize) -> usize {
    let bytes = text.as_bytes();
    while let Some(x) = eight_at(bytes, i) {
        let may = may_separate(x);
        if may == 0 {
            i += 8;
            continue;
        }
        i += (may.trailing_zeros() / 8) as usize;
        if separator_len(text, i) != 0 {
            return i;
        }
        i += 1;
    }
    while let Some(&b) = bytes.get(i) {
        if MAY_SEPARATE[usize::from(b)] && separator_len(text, i) != 0 {
            break;
        }
        i += 1;
    }
    i
}

/// The tokens of `text`: its runs of characters between separators (see
/// [`is_separator`]), as `text.split(is_separator)` gives them without the
/// empty ones, found eight bytes at a time rather than a character at a
/// time.
pub(crate) fn tokens(text: &str) -> impl Iterator<Item = &str> + '_ {
    let mut i = 0;
    std::iter::from_fn(move || {
        loop {
            let n = separator_len(text, i);
            if n == 0 {
                break;
            }
            i += n;
        }
        if i >= text.len() {
            return None;
        }
        let start = i;
        i = separator_free_run(text, i);
        Some(&text[start..i])
    })
}

/// The length of the separator beyond ASCII whose UTF-8 form starts at
/// byte `i`, or 0, told by the bytes: C1 controls and the no-break space,
/// U+1680, U+2000 to U+200B, U+2028, U+2029, U+202F, U+205F, U+3000 and
/// U+FEFF. Curly quotes, dashes, CJK punctuation and kana share leading
/// bytes with them.
fn wide_separator_len(bytes: &[u8], i: usize) -> usize {
    let at = |k: usize| bytes.get(i + k).copied().unwrap_or(0);
    let separator = match at(0) {
        0xC2 => return if (0x80..=0xA0).contains(&at(1)) { 2 } else { 0 },
        0xE1 => at(1) == 0x9A && at(2) == 0x80,
        0xE2 => match at(1) {
            0x80 => matches!(at(2), 0x80..=0x8B | 0xA8 | 0xA9 | 0xAF),
            0x81 => at(2) == 0x9F,
            _ => false,
        },
        0xE3 => at(1) == 0x80 && at(2) == 0x80,
        0xEF => at(1) == 0xBB && at(2) == 0xBF,
        _ => false,
    };
    if separator { 3 } else { 0 }
}

/// Characters that are neither letters nor digits and that scraped text is
/// full of (quotes, dashes, bullets, the replacement character), known
/// without a Unicode table lookup.
fn is_common_symbol(c: char) -> bool {
    matches!(c as u32,
        0x2010..=0x205E      // dashes, quotes, bullets, ellipsis, primes
        | 0x00A0..=0x00A9    // no-break space ... ©
        | 0x00AB..=0x00B1    // « ¬ ® ¯ ° ±
        | 0x00B4 | 0x00B6..=0x00B8 | 0x00BB | 0x00BF | 0x00D7 | 0x00F7
        | 0x2190..=0x23FF    // arrows, mathematical operators, technical
        | 0x2500..=0x25FF    // box drawing, blocks, geometric shapes
        | 0x3000..=0x3003    // ideographic space and punctuation
        | 0x3008..=0x3011    // CJK brackets
        | 0xFF01..=0xFF0F    // full-width punctuation
        | 0xFF1A..=0xFF20    // ： ； ＜ ＝ ＞ ？ ＠
        | 0xFF3B..=0xFF40    // ［ ＼ ］ ＾ ＿ ｀
        | 0xFF5B..=0xFF65    // ｛ ｜ ｝ ～, half-width CJK punctuation
        | 0xFFFD             // replacement character
    ) && c != '©'
}

/// Whether `c` is a letter or a digit, with fast paths for ASCII and common
/// symbols.
pub(crate) fn is_alnum(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        is_common_letter(c) || (!is_common_symbol(c) && c.is_alphanumeric())
    }
}

/// Letters of the scripts deboiler sees most, known without a Unicode table
/// lookup: Latin-1 and Latin Extended-A, basic Cyrillic, CJK ideographs,
/// hiragana and katakana.
fn is_common_letter(c: char) -> bool {
    // Dispatch on the 256-code-point block first: one comparison or two.
    let u = c as u32;
    match u >> 8 {
        0x00 => matches!(u, 0xC0..=0xD6 | 0xD8..=0xF6 | 0xF8..=0xFF),
        0x01 => u <= 0x017F,
        0x04 => !matches!(u, 0x0482..=0x0489),
        0x30 => matches!(u, 0x3041..=0x3096 | 0x30A1..=0x30FA),
        0x4E..=0x9F => true,
        _ => false,
    }
}

fn starts_with_ignore_ascii_case(s: &str, prefix: &str) -> bool {
    s.len() >= prefix.len() && s.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

/// Classifies one whitespace-separated token.
pub(crate) fn classify_token(tok: &str) -> TokenClass {
    let mut has_alpha = false;
    let mut has_digit = false;
    let mut has_symbol_word = false;
    if tok.is_ascii() {
        let mut site_marks = false;
        let mut inner_dot = false;
        let last = tok.len() - 1;
        for (i, b) in tok.bytes().enumerate() {
            has_alpha |= b.is_ascii_alphabetic();
            has_digit |= b.is_ascii_digit();
            site_marks |= matches!(b, b'@' | b'/' | b':');
            inner_dot |= b == b'.' && i != last;
        }
        // Plain words, with any sentence punctuation: by far the most
        // tokens, and none of them a site, a handle or a counter.
        if has_alpha && !has_digit && !site_marks && !inner_dot {
            return TokenClass::Word;
        }
    } else {
        let mut site_marks = false;
        // A dot with something after it, and whether the last char was one.
        let (mut inner_dot, mut after_dot) = (false, false);
        for c in tok.chars() {
            inner_dot |= after_dot;
            after_dot = c == '.';
            if c.is_ascii() {
                has_alpha |= c.is_ascii_alphabetic();
                has_digit |= c.is_ascii_digit();
                site_marks |= matches!(c, '@' | '/' | ':');
            } else if c == '©' {
                has_symbol_word = true;
            } else if is_common_letter(c) {
                has_alpha = true;
            } else if !is_common_symbol(c) {
                if c.is_alphabetic() {
                    has_alpha = true;
                } else if c.is_numeric() {
                    has_digit = true;
                }
            }
        }
        // Words in any script: no site, handle or counter without a mark,
        // a dot or a digit.
        if has_alpha && !has_digit && !site_marks && !inner_dot && !has_symbol_word {
            return TokenClass::Word;
        }
    }
    if !has_alpha {
        return if has_symbol_word {
            TokenClass::Word
        } else if has_digit {
            TokenClass::Number
        } else {
            TokenClass::Punct
        };
    }
    let core = tok.trim_matches(|c: char| !is_alnum(c) && c != '@' && c != '/');
    if core.len() > 1 && core.starts_with('@') {
        return TokenClass::Site;
    }
    if starts_with_ignore_ascii_case(core, "http")
        || starts_with_ignore_ascii_case(core, "www.")
        || core.contains("://")
    {
        return TokenClass::Site;
    }
    if let Some(dot) = core.rfind('.') {
        let (host, tld) = (&core[..dot], &core[dot + 1..]);
        if !host.is_empty() && !host.ends_with('.') && host.chars().any(is_alnum) && is_tld(tld) {
            return TokenClass::Site;
        }
    }
    // Counters and ordinals: `1.2k`, `12K`, `3rd`, `5th`, `10am`.
    if has_digit && core.starts_with(|c: char| c.is_ascii_digit()) {
        let letters = core.chars().filter(|c| c.is_alphabetic()).count();
        if letters <= 2 {
            return TokenClass::Number;
        }
    }
    TokenClass::Word
}

/// Scripts written without spaces between words.
pub(crate) fn is_nospace_script(c: char) -> bool {
    // Latin, Greek, Cyrillic and the rest below Thai: one comparison.
    if (c as u32) < 0x0E00 {
        return false;
    }
    matches!(c as u32,
        0x0E00..=0x0EFF      // Thai, Lao
        | 0x1000..=0x109F    // Myanmar
        | 0x1780..=0x17FF    // Khmer
        | 0x3040..=0x30FF    // Hiragana, Katakana
        | 0x3400..=0x4DBF    // CJK extension A
        | 0x4E00..=0x9FFF    // CJK unified ideographs
        | 0xF900..=0xFAFF    // CJK compatibility ideographs
        | 0xFF66..=0xFF9F    // half-width Katakana
        | 0x20000..=0x2FA1F  // CJK extensions B and later
    )
}

/// Whether the first letter of `tok` (its first alphabetic character) is a
/// capital; ASCII, Latin-1 and basic Cyrillic told without a Unicode table
/// (see [`letter_case`]).
pub(crate) fn first_letter_is_capital(tok: &str) -> bool {
    for c in tok.chars() {
        if c.is_ascii() {
            if c.is_ascii_alphabetic() {
                return c.is_ascii_uppercase();
            }
        } else if let Some(capital) = letter_case(c) {
            return capital;
        } else if c.is_alphabetic() {
            // A letter of a script without case.
            return false;
        }
    }
    false
}

/// Whether a letter is a capital (`Some(true)`), a small letter
/// (`Some(false)`) or neither; Latin-1 and basic Cyrillic without a Unicode
/// table lookup.
fn letter_case(c: char) -> Option<bool> {
    match c as u32 {
        0x00C0..=0x00D6 | 0x00D8..=0x00DE | 0x0400..=0x042F => Some(true),
        0x00DF..=0x00F6 | 0x00F8..=0x00FF | 0x0430..=0x045F => Some(false),
        _ if c.is_uppercase() => Some(true),
        _ if c.is_lowercase() => Some(false),
        _ => None,
    }
}

/// Pushes the case- and accent-folded form of `c` to `out`.
///
/// Folding keeps the matching tolerant of the ways sites vary a phrase:
/// `À LIRE AUSSI` and `A lire aussi`, `ПОДЕЛИТЬСЯ` and `поделиться`,
/// full-width `ＳＨＡＲＥ` and `share`.
pub(crate) fn push_folded(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    // Basic Cyrillic first: capitals sit at fixed offsets from their small
    // letters; `ё` reads as `е`.
    if ('\u{0400}'..='\u{045F}').contains(&c) {
        let small = match c {
            'Ё' | 'ё' => 'е',
            'А'..='Я' => cyrillic_small(c),
            'Ѐ'..='Џ' => char::from_u32(c as u32 + 0x50).unwrap_or(c),
            _ => c,
        };
        out.push(small);
        return;
    }
    // Full-width ASCII forms.
    if ('\u{FF01}'..='\u{FF5E}').contains(&c) {
        let ascii = char::from_u32(c as u32 - 0xFEE0).unwrap_or(c);
        out.push(ascii.to_ascii_lowercase());
        return;
    }
    let folded = match c {
        'À'..='Å' | 'à'..='å' | 'Ā' | 'ā' | 'Ă' | 'ă' | 'Ą' | 'ą' => 'a',
        'Ç' | 'ç' | 'Ć' | 'ć' | 'Ĉ' | 'ĉ' | 'Ċ' | 'ċ' | 'Č' | 'č' => 'c',
        'Ď' | 'ď' | 'Đ' | 'đ' => 'd',
        'È'..='Ë' | 'è'..='ë' | 'Ē' | 'ē' | 'Ĕ' | 'ĕ' | 'Ė' | 'ė' | 'Ę' | 'ę' | 'Ě' | 'ě' => {
            'e'
        }
        'Ĝ' | 'ĝ' | 'Ğ' | 'ğ' | 'Ġ' | 'ġ' | 'Ģ' | 'ģ' => 'g',
        'Ì'..='Ï' | 'ì'..='ï' | 'Ĩ' | 'ĩ' | 'Ī' | 'ī' | 'Į' | 'į' | 'İ' | 'ı' => 'i',
        'Ł' | 'ł' | 'Ľ' | 'ľ' | 'Ĺ' | 'ĺ' | 'Ļ' | 'ļ' => 'l',
        'Ñ' | 'ñ' | 'Ń' | 'ń' | 'Ň' | 'ň' | 'Ņ' | 'ņ' => 'n',
        'Ò'..='Ö' | 'Ø' | 'ò'..='ö' | 'ø' | 'Ō' | 'ō' | 'Ő' | 'ő' => 'o',
        'Ŕ' | 'ŕ' | 'Ř' | 'ř' => 'r',
        'Ś' | 'ś' | 'Ş' | 'ş' | 'Š' | 'š' | 'Ș' | 'ș' => 's',
        'Ţ' | 'ţ' | 'Ť' | 'ť' | 'Ț' | 'ț' => 't',
        'Ù'..='Ü' | 'ù'..='ü' | 'Ū' | 'ū' | 'Ů' | 'ů' | 'Ű' | 'ű' | 'Ų' | 'ų' => 'u',
        'Ý' | 'ý' | 'ÿ' | 'Ÿ' => 'y',
        'Ź' | 'ź' | 'Ż' | 'ż' | 'Ž' | 'ž' => 'z',
        'ß' => {
            out.push_str("ss");
            return;
        }
        'Æ' | 'æ' => {
            out.push_str("ae");
            return;
        }
        'Œ' | 'œ' => {
            out.push_str("oe");
            return;
        }
        // Scripts without case.
        _ if is_nospace_script(c) => c,
        _ => {
            for l in c.to_lowercase() {
                out.push(l);
            }
            return;
        }
    };
    out.push(folded);
}

/// Scans a line: fills `norm` with its normalised form and returns its
/// features.
///
/// The normalised form holds the line's words, folded (see [`push_folded`]),
/// with every run of anything that is not a letter or a digit replaced by one
/// space. Numbers, counters, handles and site names are left out, so that
/// `Share this @example.com` and `Comments (12)` normalise to `share this`
/// and `comments`.
pub(crate) fn scan_line(line: &str, norm: &mut String) -> Features {
    norm.clear();
    let mut scan = LineScan::default();
    let bytes = line.as_bytes();
    let mut i = 0;
    // Tokens end at ASCII separators here; a token with other bytes is split
    // again at the other separators (no-break and ideographic spaces...).
    while i < bytes.len() {
        if class(bytes[i]) == SEP {
            i += 1;
            continue;
        }
        // Words of letters parted by single spaces, most of prose, are
        // taken a stretch at a time.
        if let Some(plain) = plain_words(bytes, i) {
            scan.plain_words(line, i, &plain, norm);
            i = plain.end;
            continue;
        }
        if matches!(bytes[i], 0xD0 | 0xD1) {
            let end = scan.cyrillic_words(line, i, norm);
            if end > i {
                i = end;
                continue;
            }
        }
        let start = i;
        // The classes of the token's bytes but the last, and of the last.
        let (end, head, last) = token_at(bytes, start);
        i = end;
        // Both ends are at ASCII bytes or the line's ends: char boundaries.
        let tok = &line[start..i];
        if (head | last) & HIGH == 0 {
            scan.ascii_token(line, (start, i), (head, last), norm);
        } else if !holds_separator_beyond_ascii(tok) {
            scan.any_token(line, tok, norm);
        } else {
            for part in tokens(tok) {
                scan.any_token(line, part, norm);
            }
        }
    }
    scan.finish(line, norm)
}

/// Eight bytes from `at`, as a little-endian number, if there are eight.
#[inline(always)]
fn eight_at(bytes: &[u8], at: usize) -> Option<u64> {
    let eight = bytes.get(at..at.checked_add(8)?)?;
    let mut word = [0u8; 8];
    word.copy_from_slice(eight);
    Some(u64::from_le_bytes(word))
}

/// Up to eight bytes from `at` as a little-endian number, the missing ones
/// zero, and how many there are (none past the end): a stretch's last few
/// bytes are read in one step, not one at a time.
#[inline(always)]
fn up_to_eight_at(bytes: &[u8], at: usize) -> (u64, usize) {
    if let Some(x) = eight_at(bytes, at) {
        return (x, 8);
    }
    let rest = bytes.get(at..).unwrap_or_default();
    let mut word = [0u8; 8];
    word[..rest.len()].copy_from_slice(rest);
    (u64::from_le_bytes(word), rest.len())
}

/// The high bit of each byte of `x`, 8 bytes at once.
const HIGHS: u64 = 0x8080_8080_8080_8080;
/// The low seven bits of each byte.
const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;

/// The high bit set in each byte of `x` that is ASCII and less than `n`
/// (`n` at most 0x80). Exact for every byte: no sum carries into the next.
#[inline(always)]
const fn bytes_below(x: u64, n: u8) -> u64 {
    // Seven-bit values plus `0x80 - n` reach the high bit from `n` on.
    let reach = (x & LOW7) + 0x0101_0101_0101_0101 * (0x80 - n as u64);
    !reach & !x & HIGHS
}

/// The high bit set in each byte of `x` that is an ASCII separator (see
/// [`is_ascii_separator`]): a control character or a space, or DEL.
#[inline(always)]
const fn ascii_separators(x: u64) -> u64 {
    let del = ((x & LOW7) + 0x0101_0101_0101_0101) & !x & HIGHS;
    bytes_below(x, 0x21) | del
}

/// The high bit set in each byte of `x` that may start a separator (see
/// [`MAY_SEPARATE`]).
#[inline(always)]
fn may_separate(x: u64) -> u64 {
    let ascii = ascii_separators(x);
    if x & HIGHS == 0 {
        return ascii;
    }
    // Bytes equal to a lead byte are zero after the exclusive or.
    let lead = |b: u8| bytes_below(x ^ (0x0101_0101_0101_0101 * b as u64), 1);
    ascii | lead(0xC2) | lead(0xE1) | lead(0xE2) | lead(0xE3) | lead(0xEF)
}

/// The high bit set in each byte of `x` that is an ASCII letter in the
/// range `from..=to` (`a..=z` or `A..=Z`).
#[inline(always)]
const fn letters_in(x: u64, from: u8, to: u8) -> u64 {
    bytes_below(x, to + 1) & !bytes_below(x, from)
}

/// The high bit set in each byte of `x` that is a space.
#[inline(always)]
const fn spaces(x: u64) -> u64 {
    bytes_below(x ^ 0x2020_2020_2020_2020, 1)
}

/// How many bytes a mask of high bits marks (see [`bytes_below`]): their
/// sum by one multiplication, which unlike a population count needs no
/// instruction beyond the x86-64 baseline.
#[inline(always)]
const fn marked(mask: u64) -> u32 {
    ((mask >> 7).wrapping_mul(0x0101_0101_0101_0101) >> 56) as u32
}

/// A stretch of plain words found by [`plain_words`].
struct Plain {
    /// Where it ends: the space or the line's end after its last word, past
    /// the mark that may end that word.
    end: usize,
    /// Where its last word's letters end.
    letters_end: usize,
    /// The single spaces between its words.
    spaces: u32,
    /// Its capitals.
    upper: u32,
}

/// The words from `start` (a token's first byte) that are made of ASCII
/// letters only and parted by single spaces, the last of them perhaps ended
/// by one mark that is no site mark (`word,` `end.` `Inc.`): most tokens of
/// prose, which the token scan would take one by one to the same counts.
/// A word runs to a separator or to the line's end; one that runs into
/// anything else (a digit, an inner mark, a byte beyond ASCII, a second
/// space) is left, with the words after it, to the token scan. `None` if
/// the token at `start` is no such word. Eight bytes at a time, the line's
/// last few in one step.
#[inline(always)]
fn plain_words(bytes: &[u8], start: usize) -> Option<Plain> {
    if !bytes[start].is_ascii_alphabetic() {
        return None;
    }
    let mut at = start;
    // The last space seen (the end of the last whole word), with the spaces
    // and capitals before it; the spaces and capitals so far.
    let (mut last_space, mut spaces_before, mut upper_before) = (start, 0u32, 0u32);
    let (mut counted, mut upper_total) = (0u32, 0u32);
    // Whether the byte before `at` is a space.
    let mut after_space = false;
    let stop = loop {
        let (x, n) = up_to_eight_at(bytes, at);
        if n == 0 {
            break at;
        }
        let within_n = FIRST_BYTES[n];
        let space = spaces(x);
        // A space after a space ends the stretch.
        let doubled = space & (space << 8 | u64::from(after_space) << 7);
        let upper = letters_in(x, b'A', b'Z');
        let good = (letters_in(x, b'a', b'z') | upper | space) & !doubled & within_n;
        let run = ((!good & within_n).trailing_zeros() / 8).min(n as u32) as usize;
        let within = FIRST_BYTES[run];
        let (space, upper) = (space & within, upper & within);
        if space != 0 {
            let last = (63 - space.leading_zeros() as usize) / 8;
            last_space = at + last;
            spaces_before = counted + marked(space) - 1;
            upper_before = upper_total + marked(upper & FIRST_BYTES[last]);
        }
        counted += marked(space);
        upper_total += marked(upper);
        if run < n {
            break at + run;
        }
        after_space = space >> (8 * n - 1) != 0;
        at += n;
    };
    let before_last_space = Plain {
        end: last_space,
        letters_end: last_space,
        spaces: spaces_before,
        upper: upper_before,
    };
    let ends_word = |at: usize| bytes.get(at).is_none_or(|&b| class(b) == SEP);
    let plain = if bytes[stop - 1] == b' ' {
        // A second space, or a separator or the line's end after a space.
        before_last_space
    } else if ends_word(stop) {
        Plain {
            end: stop,
            letters_end: stop,
            spaces: counted,
            upper: upper_total,
        }
    } else if class(bytes[stop]) & (MARK | HIGH) == 0
        && class(bytes[stop]) & PUNCT != 0
        && ends_word(stop + 1)
    {
        // One mark after the last word.
        Plain {
            end: stop + 1,
            letters_end: stop,
            spaces: counted,
            upper: upper_total,
        }
    } else {
        before_last_space
    };
    (plain.end > start).then_some(plain)
}

/// The high bits of the first `n` bytes, for `n` up to 8.
static FIRST_BYTES: [u64; 9] = {
    let mut masks = [0u64; 9];
    let mut n = 1;
    while n <= 8 {
        masks[n] = HIGHS & (u64::MAX >> (64 - 8 * n));
        n += 1;
    }
    masks
};

/// The classes of the bytes of `x` under `within` (high bits, see
/// [`FIRST_BYTES`]) together, if they are all ASCII letters: [`UPPER`],
/// [`LOWER`], both, or 0 for none.
#[inline(always)]
fn letter_classes(x: u64, within: u64) -> Option<u8> {
    // Letters with bit 5 set are small, with it clear capitals; setting it
    // maps both to `a..=z` and nothing else there.
    let folded = x | 0x2020_2020_2020_2020;
    let letters = bytes_below(folded, b'z' + 1) & !bytes_below(folded, b'a') & within;
    if letters != within {
        return None;
    }
    let small = (x << 2) & letters;
    let upper = if small != letters { UPPER } else { 0 };
    let lower = if small != 0 { LOWER } else { 0 };
    Some(upper | lower)
}

/// The token that starts at `start`, a byte that is no ASCII separator:
/// its end (the next ASCII separator, or the line's end), the classes of
/// its bytes but the last together, and the class of the last. The classes
/// are exact for a token of ASCII bytes; one with other bytes has
/// [`HIGH`] among them, and which other classes it holds is not told. Eight bytes
/// at a time, letters told from the load itself (a word of prose is one
/// step); the last few bytes of the line one at a time.
#[inline(always)]
fn token_at(bytes: &[u8], start: usize) -> (usize, u8, u8) {
    let mut at = start;
    let (mut head, mut last) = (0, 0);
    while let Some(x) = eight_at(bytes, at) {
        let separators = ascii_separators(x);
        let n = (separators.trailing_zeros() / 8) as usize;
        if n == 0 {
            // The token ended with the eight bytes before.
            return (at, head, last);
        }
        head |= last;
        let within = FIRST_BYTES[n - 1];
        head |= match letter_classes(x, within) {
            Some(letters) => letters,
            // Which ASCII classes a token beyond ASCII holds is not asked.
            None if x & within != 0 => HIGH | PUNCT,
            None => classes(&bytes[at..at + n - 1]),
        };
        last = class(bytes[at + n - 1]);
        if n < 8 {
            return (at + n, head, last);
        }
        at += 8;
    }
    while let Some(&b) = bytes.get(at) {
        let c = class(b);
        if c == SEP {
            break;
        }
        head |= last;
        last = c;
        at += 1;
    }
    (at, head, last)
}

/// The classes of `bytes` together.
fn classes(bytes: &[u8]) -> u8 {
    bytes.iter().fold(0, |acc, &b| acc | class(b))
}

/// Whether a token holds a separator beyond ASCII (see
/// [`wide_separator_len`]): a quick pass for their leading bytes first.
fn holds_separator_beyond_ascii(tok: &str) -> bool {
    let lead = |b: &u8| is_separator_lead(*b);
    let bytes = tok.as_bytes();
    if !bytes.iter().any(lead) {
        return false;
    }
    let mut from = 0;
    while let Some(off) = bytes[from..].iter().position(lead) {
        if wide_separator_len(bytes, from + off) > 0 {
            return true;
        }
        from += off + 1;
    }
    false
}

/// Byte classes for [`scan_line`].
const SEP: u8 = 1;
const UPPER: u8 = 2;
const LOWER: u8 = 4;
const DIGIT: u8 = 8;
/// `@`, `/`, `:`: marks of sites and handles.
const MARK: u8 = 16;
const DOT: u8 = 32;
/// Any other punctuation or symbol.
const PUNCT: u8 = 64;
/// A byte of a character beyond ASCII.
const HIGH: u8 = 128;

static BYTE_CLASS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = if !c.is_ascii() {
            HIGH | PUNCT
        } else if is_ascii_separator(c) {
            SEP
        } else if c.is_ascii_uppercase() {
            UPPER
        } else if c.is_ascii_lowercase() {
            LOWER
        } else if c.is_ascii_digit() {
            DIGIT
        } else if c == b'@' || c == b'/' || c == b':' {
            MARK | PUNCT
        } else if c == b'.' {
            DOT | PUNCT
        } else {
            PUNCT
        };
        b += 1;
    }
    table
};

fn class(b: u8) -> u8 {
    BYTE_CLASS[usize::from(b)]
}

/// Counts gathered over a line's tokens.
#[derive(Default)]
struct LineScan {
    f: Features,
    words: u32,
    upper: u32,
    lower: u32,
    nospace_letters: u32,
    seen_token: bool,
    /// Words not yet written to the normalised form: a stretch of the line
    /// (start, end) whose words are parted by single spaces and hold only
    /// letters and digits, so that it is written with one copy.
    run: (usize, usize),
    /// Whether the stretch holds capitals.
    run_upper: bool,
}

impl LineScan {
    /// Writes the pending stretch of words (see [`LineScan::run`]).
    fn flush(&mut self, line: &str, norm: &mut String) {
        let (start, end) = self.run;
        if start == end {
            return;
        }
        if !norm.is_empty() {
            norm.push(' ');
        }
        let from = norm.len();
        norm.push_str(&line[start..end]);
        if self.run_upper {
            norm[from..].make_ascii_lowercase();
        }
        self.run = (0, 0);
        self.run_upper = false;
    }

    /// Adds the ASCII letters and digits at `start..end` of the line to the
    /// pending stretch, or starts a new one.
    fn extend_run(&mut self, line: &str, start: usize, end: usize, upper: bool, norm: &mut String) {
        let (from, to) = self.run;
        if from == to || start != to + 1 || line.as_bytes()[to] != b' ' {
            self.flush(line, norm);
            self.run.0 = start;
        }
        self.run.1 = end;
        self.run_upper |= upper;
    }

    /// Counts a token; the line's first also tells how the line starts.
    #[inline(always)]
    fn first_token(&mut self, tok: &str) {
        if !self.seen_token {
            self.line_start(tok);
        }
        self.f.tokens = self.f.tokens.saturating_add(1);
    }

    #[inline(never)]
    fn line_start(&mut self, tok: &str) {
        self.f.list_item = is_list_marker(tok);
        self.f.continued = tok.chars().next().is_some_and(char::is_lowercase);
        self.seen_token = true;
    }

    fn other_token(&mut self, class: TokenClass, tok: &str) {
        match class {
            TokenClass::Number => self.f.numbers = self.f.numbers.saturating_add(1),
            TokenClass::Site => self.f.sites = self.f.sites.saturating_add(1),
            TokenClass::Punct => {
                if matches!(tok, "|" | "｜" | ">>" | "»" | "›" | "/" | "•" | "·") {
                    self.f.separators = self.f.separators.saturating_add(1);
                }
            }
            TokenClass::Word => {}
        }
    }

    /// The words of `plain` from `start` (see [`plain_words`]): as many
    /// tokens through [`LineScan::ascii_token`], in one step.
    fn plain_words(&mut self, line: &str, start: usize, plain: &Plain, norm: &mut String) {
        if !self.seen_token {
            // A word is no list marker; it may start in small letters.
            self.f.continued = line.as_bytes()[start].is_ascii_lowercase();
            self.seen_token = true;
        }
        let words = plain.spaces + 1;
        self.f.tokens = self
            .f
            .tokens
            .saturating_add(u16::try_from(words).unwrap_or(u16::MAX));
        self.words += words;
        self.upper += plain.upper;
        self.lower += (plain.letters_end - start) as u32 - plain.spaces - plain.upper;
        self.extend_run(line, start, plain.letters_end, plain.upper > 0, norm);
        if line.as_bytes().get(plain.letters_end) == Some(&b'|') && plain.end > plain.letters_end {
            self.f.separators = self.f.separators.saturating_add(1);
        }
    }

    /// The ASCII token at `start..end` of the line, given the classes of its
    /// bytes (see [`scan_line`]).
    fn ascii_token(
        &mut self,
        line: &str,
        (start, end): (usize, usize),
        (head, last): (u8, u8),
        norm: &mut String,
    ) {
        let tok = &line[start..end];
        self.first_token(tok);
        // The most common tokens, a word in small letters alone or before
        // one punctuation mark that is no site mark ("word", "word,"), need
        // neither the token classes nor a count of capitals.
        if head == LOWER && (last == LOWER || last & MARK == 0 && last & PUNCT != 0) {
            self.words += 1;
            if last == LOWER {
                self.lower += tok.len() as u32;
                self.extend_run(line, start, end, false, norm);
            } else {
                self.lower += tok.len() as u32 - 1;
                self.extend_run(line, start, end - 1, false, norm);
                if tok.ends_with('|') {
                    self.f.separators = self.f.separators.saturating_add(1);
                }
            }
            return;
        }
        let all = head | last;
        let alpha = all & (UPPER | LOWER) != 0;
        // Plain words with any sentence punctuation, by far the most
        // tokens, are no site, handle or counter.
        let token_class = if alpha && all & (DIGIT | MARK) == 0 && head & DOT == 0 {
            TokenClass::Word
        } else {
            classify_token(tok)
        };
        if token_class != TokenClass::Word {
            self.other_token(token_class, tok);
            return;
        }
        self.words += 1;
        let count = |set: u8| tok.bytes().filter(|&b| class(b) == set).count() as u32;
        let upper = if all & UPPER == 0 { 0 } else { count(UPPER) };
        self.upper += upper;
        self.lower += if all & (PUNCT | DIGIT) == 0 {
            tok.len() as u32 - upper
        } else {
            count(LOWER)
        };
        let upper = all & UPPER != 0;
        if all & PUNCT == 0 {
            // Letters and digits only: the token, lowercased.
            self.extend_run(line, start, end, upper, norm);
            return;
        }
        if head & PUNCT == 0 {
            // One mark after letters and digits ("word," "end."): they end
            // the stretch, which the next word cannot join.
            self.extend_run(line, start, end - 1, upper, norm);
            if tok.ends_with('|') {
                self.f.separators = self.f.separators.saturating_add(1);
            }
            return;
        }
        self.flush(line, norm);
        if !norm.is_empty() {
            norm.push(' ');
        }
        let from = norm.len();
        // A run of punctuation between letters is one space; none at the
        // token's ends. Runs of letters and digits are copied whole.
        let bytes = tok.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let start = i;
            while i < bytes.len() && class(bytes[i]) & (UPPER | LOWER | DIGIT) != 0 {
                i += 1;
            }
            if i > start {
                if norm.len() > from {
                    norm.push(' ');
                }
                let at = norm.len();
                norm.push_str(&tok[start..i]);
                if upper {
                    norm[at..].make_ascii_lowercase();
                }
            }
            while i < bytes.len() && class(bytes[i]) & (UPPER | LOWER | DIGIT) == 0 {
                if bytes[i] == b'|' {
                    self.f.separators = self.f.separators.saturating_add(1);
                }
                i += 1;
            }
        }
        if norm.len() == from && from > 0 {
            norm.pop();
        }
    }

    /// Words of Cyrillic letters from `start`, small letters that are their
    /// own normalised form (see [`is_cyrillic_small`]) after perhaps a
    /// capital, parted by single spaces, each ended by a separator or the
    /// line's end: as many tokens through [`LineScan::any_token`], without
    /// finding and classifying each. Returns where the last whole word
    /// ends, or `start` if the token there is no such word.
    fn cyrillic_words(&mut self, line: &str, start: usize, norm: &mut String) -> usize {
        let bytes = line.as_bytes();
        let (mut at, mut end) = (start, start);
        loop {
            let capital = match bytes.get(at..at + 2) {
                Some(&[0xD0, 0xB0..=0xBF] | &[0xD1, 0x80..=0x8F]) => false,
                Some(&[0xD0, 0x80..=0xAF] | &[0xD2, 0x90]) => true,
                Some(&[a, b]) if is_cyrillic_small(a, b) => false,
                _ => break,
            };
            // Runs of Russian's letters, and the other small letters
            // between them.
            let mut word_end = at + 2;
            loop {
                word_end += cyrillic_small_run(&bytes[word_end..]);
                match bytes.get(word_end..word_end + 2) {
                    Some(&[a, b]) if is_cyrillic_small(a, b) => word_end += 2,
                    _ => break,
                }
            }
            if bytes.get(word_end).is_some_and(|&b| class(b) != SEP) {
                break;
            }
            if !self.seen_token {
                // A word is no list marker.
                self.f.continued = !capital;
                self.seen_token = true;
            }
            if at == start {
                self.flush(line, norm);
            }
            self.f.tokens = self.f.tokens.saturating_add(1);
            self.words += 1;
            let letters = ((word_end - at) / 2) as u32;
            self.upper += u32::from(capital);
            self.lower += letters - u32::from(capital);
            if !norm.is_empty() {
                norm.push(' ');
            }
            let word = &line[at..word_end];
            if capital {
                let first = word.chars().next().unwrap_or_default();
                if bytes[at] == 0xD0 && bytes[at + 1] >= 0x90 {
                    // `А` to `Я`.
                    norm.push(cyrillic_small(first));
                } else {
                    push_folded(first, norm);
                }
                norm.push_str(&word[2..]);
            } else {
                norm.push_str(word);
            }
            end = word_end;
            // On past one space to the next word.
            if bytes.get(end) != Some(&b' ') {
                break;
            }
            at = end + 1;
        }
        end
    }

    /// A token of any characters, without separators.
    ///
    /// One pass both classifies the token the way [`classify_token`] does
    /// for plain words and writes its normalised form; only tokens that are
    /// no plain word (digits, dots, marks, `©`) take the full classification,
    /// the written form taken back.
    fn any_token(&mut self, line: &str, tok: &str, norm: &mut String) {
        self.first_token(tok);
        self.flush(line, norm);
        if let Some((letters, capital)) = cyrillic_word(tok.as_bytes()) {
            self.words += 1;
            self.upper += u32::from(capital);
            self.lower += letters - u32::from(capital);
            if !norm.is_empty() {
                norm.push(' ');
            }
            let rest = if capital {
                let first = tok.chars().next().unwrap_or_default();
                norm.push(cyrillic_small(first));
                &tok[first.len_utf8()..]
            } else {
                tok
            };
            norm.push_str(rest);
            return;
        }
        let from = norm.len();
        let word = push_word(tok, norm);
        if word.plain {
            self.add_word(&word);
            return;
        }
        norm.truncate(from);
        let token_class = classify_token(tok);
        if token_class != TokenClass::Word {
            self.other_token(token_class, tok);
            return;
        }
        let word = push_word(tok, norm);
        self.add_word(&word);
    }

    fn add_word(&mut self, word: &WordScan) {
        self.words += 1;
        self.upper += word.upper;
        self.lower += word.lower;
        self.nospace_letters += word.nospace_letters;
        self.f.separators = self.f.separators.saturating_add(word.separators);
    }

    fn finish(mut self, line: &str, norm: &mut String) -> Features {
        self.flush(line, norm);
        let clamp = |n: u32| u16::try_from(n).unwrap_or(u16::MAX);
        // A token made only of letters of a script without spaces is one
        // "word" above; count its letters instead (see `word_count`).
        if self.nospace_letters > 0 {
            self.words = self.words.saturating_sub(count_nospace_tokens(line));
        }
        let mut f = self.f;
        f.words = clamp(self.words);
        f.caps = capitals(self.upper, self.lower);
        f.nospace_letters = clamp(self.nospace_letters);
        f.list_item &= f.words > 0 || f.nospace_letters > 0;
        line_end(line, &mut f);
        f
    }
}

/// Whether the two bytes `a`, `b` are a small Cyrillic letter that is its
/// own normalised form (see [`push_folded`]): `а` to `я`, the small letters
/// of Ukrainian, Belarusian, Serbian and Macedonian (`і`, `ї`, `є`, `ў`,
/// `ђ`...) and `ґ`; not `ё`, which reads as `е`.
fn is_cyrillic_small(a: u8, b: u8) -> bool {
    matches!((a, b), (0xD0, 0xB0..=0xBF) | (0xD1, 0x80..=0x90 | 0x92..=0x9F) | (0xD2, 0x91))
}

/// A token of basic Cyrillic letters (`а` to `я`), the first perhaps a
/// capital (`А` to `Я`), read by bytes: the number of letters and whether
/// the first is a capital. Such words, most of the words of Russian and
/// much of Ukrainian text, are their own normalised form but for the first
/// letter.
fn cyrillic_word(tok: &[u8]) -> Option<(u32, bool)> {
    if tok.is_empty() || tok.len() % 2 != 0 {
        return None;
    }
    let mut capital = false;
    for (i, pair) in tok.chunks_exact(2).enumerate() {
        match (pair[0], pair[1]) {
            (0xD0, 0xB0..=0xBF) | (0xD1, 0x80..=0x8F) => {}
            (0xD0, 0x90..=0xAF) if i == 0 => capital = true,
            _ => return None,
        }
    }
    Some((u32::try_from(tok.len() / 2).ok()?, capital))
}

/// What [`push_word`] saw of a token.
#[derive(Default)]
struct WordScan {
    upper: u32,
    lower: u32,
    nospace_letters: u32,
    separators: u16,
    /// The token is a word by the first rule of [`classify_token`]: a
    /// letter, and no digit, `@`, `/`, `:`, `©` or dot followed by more.
    plain: bool,
}

/// The capital of basic Cyrillic `А` to `Я` as its small letter.
fn cyrillic_small(c: char) -> char {
    char::from_u32(c as u32 + 0x20).unwrap_or(c)
}

/// The length in bytes of the run of small basic Cyrillic letters (`а` to
/// `я`: `D0 B0` to `D0 BF`, `D1 80` to `D1 8F`) that `bytes` start with.
fn cyrillic_small_run(bytes: &[u8]) -> usize {
    let mut n = 0;
    while let Some(&[a, b]) = bytes.get(n..n + 2) {
        if !matches!((a, b), (0xD0, 0xB0..=0xBF) | (0xD1, 0x80..=0x8F)) {
            break;
        }
        n += 2;
    }
    n
}

/// Where [`push_word`] stands between letters: a space is owed after
/// punctuation inside the token, and a change of script (with spaces /
/// without) is a word boundary too, made a space so that phrases match on
/// spaces.
struct Boundary {
    pending_space: bool,
    /// Whether the last letter pushed was of a script without spaces.
    last_nospace: Option<bool>,
}

impl Boundary {
    /// Before a letter (of a script without spaces if `nospace`): the space
    /// it is owed, if any.
    fn before(&mut self, nospace: bool, norm: &mut String) {
        if self.pending_space || self.last_nospace.is_some_and(|l| l != nospace) {
            norm.push(' ');
            self.pending_space = false;
        }
        self.last_nospace = Some(nospace);
    }
}

/// What [`push_word`] gathers over a token's characters, each kind of
/// character one method (shared with the test's character-at-a-time
/// reference, which differs only in not copying runs whole).
struct WordPush {
    w: WordScan,
    alpha: bool,
    digit: bool,
    marks: bool,
    inner_dot: bool,
    after_dot: bool,
    boundary: Boundary,
}

impl WordPush {
    fn new(norm: &str) -> WordPush {
        WordPush {
            w: WordScan::default(),
            alpha: false,
            digit: false,
            marks: false,
            inner_dot: false,
            after_dot: false,
            boundary: Boundary {
                pending_space: !norm.is_empty(),
                last_nospace: None,
            },
        }
    }

    /// Before each character: whether a dot stood inside the token.
    #[inline(always)]
    fn next_char(&mut self, c: char) {
        self.inner_dot |= self.after_dot;
        self.after_dot = c == '.';
    }

    /// An ASCII letter.
    #[inline(always)]
    fn ascii_letter(&mut self, c: char, norm: &mut String) {
        self.alpha = true;
        if c.is_ascii_uppercase() {
            self.w.upper += 1;
        } else {
            self.w.lower += 1;
        }
        self.boundary.before(false, norm);
        norm.push(c.to_ascii_lowercase());
    }

    /// A basic Cyrillic letter (`А` to `я`): case and folding by offset.
    #[inline(always)]
    fn cyrillic_letter(&mut self, c: char, norm: &mut String) {
        self.alpha = true;
        self.boundary.before(false, norm);
        if c < '\u{0430}' {
            self.w.upper += 1;
            norm.push(cyrillic_small(c));
        } else {
            self.w.lower += 1;
            norm.push(c);
        }
    }

    /// A Han ideograph or kana (see [`is_han_or_kana`]): no case, no
    /// folding.
    #[inline(always)]
    fn han_or_kana(&mut self, c: char, norm: &mut String) {
        self.alpha = true;
        self.w.nospace_letters += 1;
        self.boundary.before(true, norm);
        norm.push(c);
    }

    /// Any other character.
    #[inline(always)]
    fn other_char(&mut self, c: char, norm: &mut String) {
        if is_alnum(c) || c == '©' {
            let nospace = !c.is_ascii() && is_nospace_script(c);
            if c.is_ascii() {
                if c.is_ascii_digit() {
                    self.digit = true;
                } else {
                    self.alpha = true;
                    if c.is_ascii_uppercase() {
                        self.w.upper += 1;
                    } else {
                        self.w.lower += 1;
                    }
                }
            } else if c == '©' {
                self.marks = true;
            } else if nospace {
                // No case in these scripts.
                if is_common_letter(c) || c.is_alphabetic() {
                    self.alpha = true;
                } else {
                    self.digit = true;
                }
                self.w.nospace_letters += 1;
            } else if is_common_letter(c) || c.is_alphabetic() {
                self.alpha = true;
                match letter_case(c) {
                    Some(true) => self.w.upper += 1,
                    Some(false) => self.w.lower += 1,
                    None => {}
                }
            } else {
                self.digit = true;
            }
            self.boundary.before(nospace, norm);
            push_folded(c, norm);
        } else {
            self.marks |= matches!(c, '@' | '/' | ':');
            if matches!(c, '|' | '｜') {
                self.w.separators = self.w.separators.saturating_add(1);
            }
            if !norm.is_empty() {
                self.boundary.pending_space = true;
            }
        }
    }

    fn finish(mut self) -> WordScan {
        self.w.plain = self.alpha && !self.digit && !self.marks && !self.inner_dot;
        self.w
    }
}

/// Writes a token's normalised form (see [`scan_line`]) to `norm`, and
/// counts its letters.
fn push_word(tok: &str, norm: &mut String) -> WordScan {
    let mut p = WordPush::new(norm);
    let mut chars = tok.chars();
    while let Some(c) = chars.next() {
        p.next_char(c);
        // ASCII letters, most of the letters of words in Latin scripts
        // with a letter beyond ASCII ("présente", "Straße").
        if c.is_ascii_alphabetic() {
            p.ascii_letter(c, norm);
            continue;
        }
        // Basic Cyrillic letters, the most common letters beyond ASCII
        // here; the run of small ones this one starts copied whole.
        if ('\u{0410}'..='\u{044F}').contains(&c) {
            p.cyrillic_letter(c, norm);
            let rest = chars.as_str();
            let run = cyrillic_small_run(rest.as_bytes());
            p.w.lower += (run / 2) as u32;
            norm.push_str(&rest[..run]);
            chars = rest[run..].chars();
            continue;
        }
        // Han ideographs and kana; the run this one starts copied whole.
        if is_han_or_kana(c as u32) {
            p.han_or_kana(c, norm);
            let rest = chars.as_str();
            let run = han_kana_run(rest.as_bytes());
            p.w.nospace_letters += (run / 3) as u32;
            norm.push_str(&rest[..run]);
            chars = rest[run..].chars();
            continue;
        }
        p.other_char(c, norm);
    }
    p.finish()
}

/// Han ideographs (U+4E00 to U+9FFF) and kana (U+3041 to U+3096, U+30A1
/// to U+30FA), by code point: letters of scripts without spaces, with no
/// case and no folding.
fn is_han_or_kana(code: u32) -> bool {
    matches!(code, 0x4E00..=0x9FFF | 0x3041..=0x3096 | 0x30A1..=0x30FA)
}

/// The length in bytes of the run of Han ideographs and kana (see
/// [`is_han_or_kana`]) that `bytes` start with: three bytes each, read
/// without decoding the text character by character.
fn han_kana_run(bytes: &[u8]) -> usize {
    let mut n = 0;
    while let Some(&[a, b, c]) = bytes.get(n..n + 3) {
        if !(0xE3..=0xE9).contains(&a) {
            break;
        }
        // A three-byte form: its code point from the low bits.
        let code = u32::from(a & 0x0F) << 12 | u32::from(b & 0x3F) << 6 | u32::from(c & 0x3F);
        if !is_han_or_kana(code) {
            break;
        }
        n += 3;
    }
    n
}

/// How the line ends: a sentence, a colon, a cut-off teaser.
fn line_end(line: &str, f: &mut Features) {
    let end = line.trim_end_matches(|c: char| {
        is_separator(c)
            || matches!(
                c,
                '"' | '\'' | '”' | '’' | '»' | '«' | ')' | ']' | '）' | '」' | '』' | '*' | '“'
            )
    });
    f.truncated = end.ends_with('…') || end.ends_with("...");
    f.ends_sentence = !f.truncated && end.ends_with(['.', '!', '?', '。', '！', '？', '؟', '।']);
    f.ends_colon = end.ends_with([':', '：']);
}

/// Tokens made only of letters of scripts without spaces (and punctuation).
fn count_nospace_tokens(line: &str) -> u32 {
    tokens(line)
        .filter(|t| {
            let mut any = false;
            for c in t.chars() {
                if c.is_ascii() {
                    if c.is_ascii_alphabetic() {
                        return false;
                    }
                } else if is_common_letter(c) || (!is_common_symbol(c) && c.is_alphabetic()) {
                    if !is_nospace_script(c) {
                        return false;
                    }
                    any = true;
                }
            }
            any
        })
        .count() as u32
}

fn is_list_marker(tok: &str) -> bool {
    if matches!(
        tok,
        "-" | "*"
            | "•"
            | "·"
            | "–"
            | "—"
            | "▪"
            | "◦"
            | "‣"
            | "○"
            | "●"
            | "■"
            | "□"
            | "✓"
            | "✔"
    ) {
        return true;
    }
    let t = tok.trim_end_matches(['.', ')', ':']);
    t.len() < tok.len() && !t.is_empty() && t.len() <= 3 && t.chars().all(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The line scan the character way: split at every separator, each
    /// token through the general path. The byte-level tokenising and the
    /// ASCII path of [`scan_line`] must agree with it.
    fn scan_reference(line: &str, norm: &mut String) -> Features {
        norm.clear();
        let mut scan = LineScan::default();
        for tok in line.split(is_separator).filter(|t| !t.is_empty()) {
            scan.any_token(line, tok, norm);
        }
        scan.finish(line, norm)
    }

    /// `words` parted by `seps`, between `lead` and `trail`, with nothing
    /// parting the last word from `trail`.
    fn prose_line(lead: &str, words: &[String], seps: &[String], trail: &str) -> String {
        let mut line = lead.to_string();
        for (w, s) in words.iter().zip(seps) {
            line.push_str(w);
            line.push_str(s);
        }
        line.truncate(line.trim_end_matches([' ', ',', '\t']).len());
        line.push_str(trail);
        line
    }

    /// The scan gives the reference's features and normalised form.
    fn agrees_with_reference(line: &str) -> Result<(), TestCaseError> {
        let (mut a, mut b) = (String::new(), String::new());
        let fa = scan_line(line, &mut a);
        let fb = scan_reference(line, &mut b);
        prop_assert_eq!(fa, fb, "{:?}", line);
        prop_assert_eq!(a, b, "{:?}", line);
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// The byte-level scan and the reference agree on every ASCII line.
        #[test]
        fn scan_agrees_with_reference_on_ascii(line in "[ -~\t]{0,80}") {
            agrees_with_reference(&line)?;
        }

        #[test]
        fn scan_agrees_with_reference_on_wordy_lines(
            words in proptest::collection::vec(
                "[A-Za-z]{1,8}|[0-9]{1,4}|@[a-z]{2,6}|[a-z]{2,5}\\.(com|org|xx)|[|/>.:,()-]{1,2}|[0-9]+(st|rd|k|am)|https?://[a-z.]{3,9}",
                0..24,
            ),
            seps in proptest::collection::vec(" |\t| {2}|, |\\. ", 24),
        ) {
            let mut line = String::new();
            for (w, s) in words.iter().zip(&seps) {
                line.push_str(w);
                line.push_str(s);
            }
            agrees_with_reference(&line)?;
        }

        /// ... on prose, whose words in letters parted by single spaces the
        /// scan takes a stretch at a time: stretches cut by digits, inner
        /// marks, site marks, marks after words, apostrophes beyond ASCII,
        /// no-break spaces, tabs and double spaces, across eight-byte steps.
        #[test]
        fn scan_agrees_with_reference_on_prose(
            words in proptest::collection::vec(
                "[a-z]{1,12}|[a-z]{1,12}|[a-z]{1,12}|[A-Z][a-z]{0,9}|[A-Z]{2,5}|[A-Za-z]{1,6}[,.;!?|)@/:'\"-]|[0-9]{1,3}|[a-z]{1,4}’[a-z]{1,3}|[a-z]{1,5}\u{a0}[a-z]{1,3}|[A-Z][a-zA-Z]{0,4}[0-9'’.-][a-zA-Z]{0,3}|(http|https|www|HTTP)[:/.]",
                0..40,
            ),
            seps in proptest::collection::vec(" | | | | |  |\t|, ", 40),
            lead in "| |\t",
            trail in "| |\t|\r",
        ) {
            agrees_with_reference(&prose_line(&lead, &words, &seps, &trail))?;
        }

        /// ... on Russian and Ukrainian prose, whose words of Cyrillic
        /// letters the scan takes a stretch at a time: stretches cut by `ё`,
        /// capitals inside words, marks, Latin letters, digits, no-break
        /// spaces, tabs and double spaces.
        #[test]
        fn scan_agrees_with_reference_on_cyrillic_prose(
            words in proptest::collection::vec(
                "[а-я]{1,10}|[а-я]{1,10}|[а-яіїєґ]{1,10}|[А-ЯІЇЄҐ][а-яіїєґ]{0,8}|[ЀЁЂЃЄЅІЇЈЉЊЋЌЍЎЏ][ѐђѓєѕіїјљњћќѝўџ]{0,4}|[А-Я]{2,4}|[а-яё]{1,5}|[а-я]{1,6}[,.!?:|]|[a-z]{1,4}|[а-я]{1,3}[a-z0-9]{1,2}|[0-9]{1,3}|[а-я]{1,4}\u{a0}[а-я]{1,3}|«[а-я]{1,5}»",
                0..30,
            ),
            seps in proptest::collection::vec(" | | | |  |\t|, ", 30),
            lead in "| |\t",
            trail in "| |\t|\r",
        ) {
            agrees_with_reference(&prose_line(&lead, &words, &seps, &trail))?;
        }

        /// ... and on lines of any script, with the separators beyond ASCII.
        #[test]
        fn scan_agrees_with_reference_on_any_script(
            parts in proptest::collection::vec(
                "[a-zA-Z0-9]{1,6}|[’“”—–…«»•·|©@./:]|[éÀßçøŁığ]{1,3}|[Привет]{1,5}|[分享到微博新闻]{1,4}|[ひらカナ]{1,3}|[\u{a0}\u{2009}\u{200b}\u{3000}\u{feff}\t ]|\\PC",
                0..30,
            ),
        ) {
            agrees_with_reference(&parts.concat())?;
        }

        /// The tokens found eight bytes at a time are those of a split at
        /// every separator, among characters that share the separators'
        /// leading bytes (`©`, `—`, `、`, `，`) and runs longer than eight.
        #[test]
        fn tokens_are_those_of_a_split_at_separators(
            parts in proptest::collection::vec(
                r"[a-z]{1,11}|[’“—…©·、，ﾟ]|[\u{80}-\u{a0}\u{1680}\u{2000}-\u{200b}\u{2028}\u{2029}\u{202f}\u{205f}\u{3000}\u{feff}\t\r\n\x00 ]{1,3}|\PC",
                0..30,
            ),
        ) {
            let text: String = parts.concat();
            let got: Vec<&str> = tokens(&text).collect();
            let want: Vec<&str> = text.split(is_separator).filter(|t| !t.is_empty()).collect();
            prop_assert_eq!(got, want, "{:?}", text);
        }
    }

    /// Headlines in capitals, whose one-letter words take the stretch
    /// paths: the capitals are counted as the reference counts them.
    #[test]
    fn headlines_in_capitals() {
        for line in [
            "ВЛАСТИ О ПЛАНАХ: В МОСКВЕ И В ПИТЕРЕ У НАС С ВАМИ",
            "A LOOK AT WHAT I SAW IN A DAY AT A FAIR",
            "Власти о планах: в Москве и в Питере",
        ] {
            let (mut a, mut b) = (String::new(), String::new());
            let got = scan_line(line, &mut a);
            assert_eq!(got, scan_reference(line, &mut b), "{line}");
            assert_eq!(a, b);
            assert_eq!(got.caps, !line.contains("ла"), "{line}");
        }
    }

    /// Stretches of plain words: where they end, with what counts.
    #[test]
    fn plain_word_stretches() {
        // (end, letters end, spaces, capitals)
        type Counts = (usize, usize, u32, u32);
        // (line, from): the stretch's counts, or none.
        let cases: &[((&str, usize), Option<Counts>)] = &[
            (("the cat sat", 0), Some((11, 11, 2, 0))),
            (("one two three four five six", 0), Some((27, 27, 5, 0))),
            (("The Cat, and", 0), Some((8, 7, 1, 2))),
            (("x TV news.", 2), Some((10, 9, 1, 2))),
            (("word  next", 0), Some((4, 4, 0, 0))),
            (("ab cd\t", 0), Some((5, 5, 1, 0))),
            (("ab cd ", 0), Some((5, 5, 1, 0))),
            // Capitals of a word that is cut are not counted.
            (("ab cD’x", 0), Some((2, 2, 0, 0))),
            (("ab CDEF GHIJ K1", 0), Some((12, 12, 2, 8))),
            (("the ABc1 x", 0), Some((3, 3, 0, 0))),
            // Site marks, digits, inner marks and two marks are the token
            // scan's.
            (("http: x", 0), None),
            (("abc1", 0), None),
            (("it's", 0), None),
            (("so,, then", 0), None),
            (("1st", 0), None),
            (("Ünter", 0), None),
        ];
        for &((line, from), want) in cases {
            let got = plain_words(line.as_bytes(), from)
                .map(|p| (p.end, p.letters_end, p.spaces, p.upper));
            assert_eq!(got, want, "{line:?}");
        }
    }

    /// [`push_word`] a character at a time: the reference for the runs it
    /// copies whole.
    fn push_word_by_chars(tok: &str, norm: &mut String) -> WordScan {
        let mut p = WordPush::new(norm);
        for c in tok.chars() {
            p.next_char(c);
            if c.is_ascii_alphabetic() {
                p.ascii_letter(c, norm);
            } else if ('\u{0410}'..='\u{044F}').contains(&c) {
                p.cyrillic_letter(c, norm);
            } else if is_han_or_kana(c as u32) {
                p.han_or_kana(c, norm);
            } else {
                p.other_char(c, norm);
            }
        }
        p.finish()
    }

    proptest! {
        #[test]
        fn words_are_pushed_as_character_by_character(
            parts in proptest::collection::vec(
                "[a-zA-Z]{1,6}|[0-9.]{1,2}|[éÀßçøŁığ]{1,3}|[а-яА-ЯёЁіїє]{1,6}|[分享ひカ]{1,3}|[-'’@/:|©]|\\PC",
                1..8,
            ),
            before in "|x",
        ) {
            let tok: String = parts.concat();
            let (mut a, mut b) = (before.clone(), before.clone());
            let got = push_word(&tok, &mut a);
            let want = push_word_by_chars(&tok, &mut b);
            prop_assert_eq!(a, b, "{:?}", tok);
            prop_assert_eq!(
                (got.upper, got.lower, got.nospace_letters, got.separators, got.plain),
                (want.upper, want.lower, want.nospace_letters, want.separators, want.plain),
                "{:?}", tok
            );
        }
    }

    fn norm(line: &str) -> String {
        let mut s = String::new();
        scan_line(line, &mut s);
        s
    }

    #[test]
    fn normalisation_table() {
        let cases: &[(&str, &str)] = &[
            ("Share this @internewscast.com", "share this"),
            ("- Advertisement -spot_img", "advertisement spot img"),
            ("ADVERTISEMENT", "advertisement"),
            (
                "Advertisement · Scroll to continue",
                "advertisement scroll to continue",
            ),
            ("Comments (12)", "comments"),
            ("412 views", "views"),
            ("0", ""),
            ("À LIRE AUSSI", "a lire aussi"),
            ("ПОДЕЛИТЬСЯ", "поделиться"),
            ("Читайте ещё", "читайте еще"),
            ("ＳＨＡＲＥ", "share"),
            ("Teilen   •  Straße", "teilen strasse"),
            ("© 2020 Condé Nast.", "© conde nast"),
            ("Visit https://example.org/x?y=1 now", "visit now"),
            ("Posted 3rd May, 8:02pm", "posted may"),
            ("分享到：微信", "分享到 微信"),
            ("", ""),
            ("\u{0}\u{0}share\u{0}", "share"),
            ("U.S. officials", "u s officials"),
            ("The Quick  brown Fox, jumps.", "the quick brown fox jumps"),
            ("Home|News| Sport", "home news sport"),
            // Words with letters beyond ASCII, their ASCII letters too.
            ("Présente l'ÉTÉ", "presente l ete"),
            ("Ærøskøbing|Über", "aeroskobing uber"),
            ("Çok OKUNAN", "cok okunan"),
            // Runs of Han and kana, a change of script, a mark in a run.
            ("分享到Facebook和微信", "分享到 facebook 和微信"),
            ("カタカナとひらがな。漢字", "カタカナとひらがな 漢字"),
            ("コーヒー、お茶", "コーヒー お茶"),
        ];
        for (input, want) in cases {
            assert_eq!(&norm(input), want, "input {input:?}");
        }
    }

    /// The token reader a byte at a time: (end, classes of the bytes but
    /// the last, class of the last).
    fn token_by_bytes(bytes: &[u8], start: usize) -> (usize, u8, u8) {
        let (mut at, mut head, mut last) = (start, 0, 0);
        while at < bytes.len() && class(bytes[at]) != SEP {
            head |= last;
            last = class(bytes[at]);
            at += 1;
        }
        (at, head, last)
    }

    proptest! {
        /// Tokens of every length around the eight-byte steps, of any
        /// bytes, at any distance from the line's end.
        #[test]
        fn tokens_are_read_as_byte_by_byte(
            line in proptest::collection::vec(
                prop_oneof![
                    4 => proptest::sample::select(b"abcxyzABCXYZ".to_vec()),
                    1 => any::<u8>(),
                ],
                1..40,
            ),
            from in 0usize..40,
        ) {
            let start = from % line.len();
            prop_assume!(class(line[start]) != SEP);
            let (end, head, last) = token_at(&line, start);
            let want = token_by_bytes(&line, start);
            if (want.1 | want.2) & HIGH == 0 {
                prop_assert_eq!((end, head, last), want);
            } else {
                // Beyond ASCII: the end, the last byte and the mark.
                prop_assert_eq!((end, last), (want.0, want.2));
                prop_assert_eq!(head & HIGH, want.1 & HIGH);
            }
        }
    }

    #[test]
    fn byte_masks_agree_with_the_byte_tables() {
        // Every byte value in each of the eight places.
        for b in 0..=255u8 {
            for place in 0..8 {
                let x =
                    u64::from(b) << (8 * place) | 0x6161_6161_6161_6161 & !(0xFF << (8 * place));
                let bit = 0x80u64 << (8 * place);
                assert_eq!(ascii_separators(x) & bit != 0, class(b) == SEP, "{b:#x}");
                let letter = letter_classes(x, bit);
                let expected = (class(b) & (UPPER | LOWER) != 0).then(|| class(b));
                assert_eq!(letter, expected, "{b:#x}");
                let may = MAY_SEPARATE[usize::from(b)];
                assert_eq!(may_separate(x) & bit != 0, may, "{b:#x}");
            }
        }
    }

    #[test]
    fn letter_and_symbol_shortcuts_agree_with_unicode() {
        let capital = |tok: &str| {
            tok.chars()
                .find(|c| c.is_alphabetic())
                .is_some_and(char::is_uppercase)
        };
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(is_alnum(c), c.is_alphanumeric(), "{c:?}");
            let tok = format!("-{c}x");
            assert_eq!(first_letter_is_capital(&tok), capital(&tok), "{c:?}");
            if is_common_letter(c) {
                assert!(c.is_alphabetic(), "{c:?}");
            }
            if is_common_symbol(c) {
                assert!(!c.is_alphanumeric(), "{c:?}");
            }
        }
    }

    #[test]
    fn separators_are_white_space_and_controls() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let expected =
                c.is_whitespace() || c.is_control() || c == '\u{200b}' || c == '\u{feff}';
            assert_eq!(is_separator(c), expected, "{:?}", c);
            // Told by its bytes, alone and between letters.
            if !c.is_ascii() {
                assert_eq!(
                    holds_separator_beyond_ascii(&c.to_string()),
                    expected,
                    "{c:?}"
                );
                assert_eq!(
                    holds_separator_beyond_ascii(&format!("é{c}ж")),
                    expected,
                    "{c:?}"
                );
            }
            // Found where it starts, not inside a character nor after it.
            let text = format!("a{c}b");
            let want = if expected { c.len_utf8() } else { 0 };
            assert_eq!(separator_len(&text, 1), want, "{:?}", c);
            for i in 2..=text.len() {
                assert_eq!(separator_len(&text, i), 0, "{:?} at {i}", c);
            }
            // A run without separators ends at it, or at the text's end;
            // after a few bytes and after more than eight.
            let run_end = if expected { 1 } else { text.len() };
            assert_eq!(separator_free_run(&text, 0), run_end, "{:?}", c);
            for before in ["abcdefg", "abcdefghijklm"] {
                let text = format!("{before}{c}éh-ijklmnop");
                let run_end = if expected { before.len() } else { text.len() };
                assert_eq!(separator_free_run(&text, 0), run_end, "{:?}", c);
            }
        }
    }

    #[test]
    fn token_classes() {
        use TokenClass::*;
        let cases: &[(&str, TokenClass)] = &[
            ("@site", Site),
            ("example.com", Site),
            ("www.example.org", Site),
            ("https://x", Site),
            ("U.S.", Word),
            ("e.g.", Word),
            ("end.", Word),
            ("412", Number),
            ("(3)", Number),
            ("1.2k", Number),
            ("3rd", Number),
            ("COVID-19", Word),
            ("—", Punct),
            ("©", Word),
        ];
        for (tok, want) in cases {
            assert_eq!(classify_token(tok), *want, "token {tok:?}");
        }
    }

    #[test]
    fn features_table() {
        let mut s = String::new();
        let f = scan_line("“Our goals are clear.”", &mut s);
        assert!(f.ends_sentence && !f.truncated);
        let f = scan_line(
            "A House committee unveiled documents concerning Epstein, among…",
            &mut s,
        );
        assert!(f.truncated && !f.ends_sentence);
        let f = scan_line(
            "TRUMP GIVEN WEEK OF WINS AND FAKE SCANDAL: WHITE HOUSE REPORT CARD",
            &mut s,
        );
        assert!(f.all_caps());
        assert_eq!(f.words, 12);
        let f = scan_line("NATO leaders met in Brussels on Monday.", &mut s);
        assert!(!f.all_caps());
        let f = scan_line("Trump urged caution:", &mut s);
        assert!(f.ends_colon);
        let f = scan_line("分享到微信朋友圈", &mut s);
        assert_eq!(f.word_count(), 4);
        // Letters of scripts without spaces counted in and after runs.
        let f = scan_line("コーヒー、お茶 Tea和紅茶", &mut s);
        assert_eq!((f.nospace_letters, f.words), (9, 1));
        let f = scan_line("1. Preheat the oven", &mut s);
        assert!(f.list_item);
        let f = scan_line("- 2 cups flour", &mut s);
        assert!(f.list_item);
        // A bar after a word and a bar alone are both menu separators.
        let f = scan_line("Home news| Sport |", &mut s);
        assert_eq!((f.separators, f.words), (2, 3));
        assert_eq!(s, "home news sport");
        // Capitals beyond ASCII and in the ASCII part of such words count.
        let f = scan_line("ÇOK OKUNAN HABERLER BUGÜN", &mut s);
        assert!(f.all_caps());
        assert_eq!(f.words, 4);
        let f = scan_line("Çok okunan haberler bugün", &mut s);
        assert!(!f.all_caps());
    }
}
