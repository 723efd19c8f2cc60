//! `-f/--format`: a format string compiled once, rendered per record straight into the
//! output buffer.
//!
//! kcat's tokens work unchanged, so existing scripts can switch (`%t %p %o %k %s %S %K
//! %T %h %R %%`, escapes `\n \r \t \0 \\ \xHH`), plus rpk-style ones kcat lacks:
//!
//! | token | output |
//! |---|---|
//! | `%v` | the value (same as `%s`) |
//! | `%h{NAME}` | the first header called NAME (empty if none) |
//! | `%d` / `%d{STRFTIME}` | the timestamp in UTC, RFC 3339 or any strftime pattern |
//! | `%k{hex}`, `%s{base64}`, `%h{NAME}{hex}` | the raw bytes as hex or base64 |
//!
//! Compiling up front means a typo fails before anything is consumed, and rendering
//! does no parsing and no allocation beyond what a decoder needs.

use std::io::Write;

use base64::Engine as _;
use chrono::format::{Item, StrftimeItems};

use super::time::write_strftime;
use crate::serde::Decoded;

/// How a key, value or header is rendered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Enc {
    /// As decoded by `--key-format`/`--value-format` (headers: raw).
    Plain,
    Hex,
    Base64,
}

#[derive(Debug)]
enum Tok {
    Lit(Vec<u8>),
    Topic,
    Partition,
    Offset,
    Key(Enc),
    Value(Enc),
    KeyLen,
    ValueLen,
    ValueLenBin,
    Timestamp,
    Headers,
    Header(String, Enc),
    Date(Vec<Item<'static>>),
}

/// A compiled format string.
#[derive(Debug)]
pub struct Format {
    toks: Vec<Tok>,
}

/// One record, as the renderer sees it.
pub struct Record<'r, 'a> {
    pub topic: &'r str,
    pub partition: i32,
    pub offset: i64,
    /// Milliseconds since the epoch, if the record has a timestamp.
    pub timestamp: Option<i64>,
    pub key_raw: Option<&'a [u8]>,
    pub value_raw: Option<&'a [u8]>,
    pub key: Option<&'r Decoded<'a>>,
    pub value: Option<&'r Decoded<'a>>,
    pub headers: &'r [(&'a str, Option<&'a [u8]>)],
}

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD;

impl Format {
    pub fn parse(s: &str) -> Result<Format, String> {
        let bad = |why: String| format!("invalid --format '{s}': {why}");
        let mut toks = Vec::new();
        let mut lit = Vec::new();
        let mut rest = s;
        while let Some(c) = rest.chars().next() {
            rest = &rest[c.len_utf8()..];
            if c == '\\' {
                let (bytes, tail) = unescape_one(rest);
                lit.extend_from_slice(&bytes);
                rest = tail;
                continue;
            }
            if c != '%' {
                let mut buf = [0u8; 4];
                lit.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                continue;
            }
            let Some(t) = rest.chars().next() else {
                return Err(bad("a lone '%' at the end (use %% for a literal %)".into()));
            };
            rest = &rest[t.len_utf8()..];
            let tok = match t {
                '%' => {
                    lit.push(b'%');
                    continue;
                }
                't' => Tok::Topic,
                'p' => Tok::Partition,
                'o' => Tok::Offset,
                'k' => Tok::Key(take_enc(&mut rest, "%k").map_err(bad)?),
                's' | 'v' => Tok::Value(take_enc(&mut rest, "%v").map_err(bad)?),
                'K' => Tok::KeyLen,
                'S' => Tok::ValueLen,
                'R' => Tok::ValueLenBin,
                'T' => Tok::Timestamp,
                'h' => match take_braced(&mut rest, "%h").map_err(bad)? {
                    Some("") => return Err(bad("%h{} needs a header name".into())),
                    Some(name) => Tok::Header(
                        name.to_string(),
                        take_enc(&mut rest, "%h{..}").map_err(bad)?,
                    ),
                    None => Tok::Headers,
                },
                'd' => {
                    let pattern = match take_braced(&mut rest, "%d").map_err(bad)? {
                        Some(p) => p
                            .strip_prefix("strftime[")
                            .and_then(|p| p.strip_suffix(']'))
                            .unwrap_or(p)
                            .to_string(),
                        None => "%Y-%m-%dT%H:%M:%S%.3fZ".to_string(),
                    };
                    let items: Vec<Item<'static>> =
                        StrftimeItems::new(&pattern).map(|i| i.to_owned()).collect();
                    if items.iter().any(|i| matches!(i, Item::Error))
                        || super::time::strftime(0, &items).is_none()
                    {
                        return Err(bad(format!("invalid strftime pattern '{pattern}'")));
                    }
                    Tok::Date(items)
                }
                other => {
                    return Err(bad(format!(
                        "unknown token '%{other}' (known: %t %p %o %k %s %v %S %K %T %d %h %R %%)"
                    )))
                }
            };
            if !lit.is_empty() {
                toks.push(Tok::Lit(std::mem::take(&mut lit)));
            }
            toks.push(tok);
        }
        if !lit.is_empty() {
            toks.push(Tok::Lit(lit));
        }
        Ok(Format { toks })
    }

    pub fn needs_key(&self) -> bool {
        self.toks.iter().any(|t| matches!(t, Tok::Key(Enc::Plain)))
    }

    pub fn needs_value(&self) -> bool {
        self.toks
            .iter()
            .any(|t| matches!(t, Tok::Value(Enc::Plain)))
    }

    pub fn needs_headers(&self) -> bool {
        self.toks
            .iter()
            .any(|t| matches!(t, Tok::Headers | Tok::Header(..)))
    }

    /// Renders one record. `pretty` pretty-prints decoded JSON.
    pub fn write(&self, out: &mut Vec<u8>, r: &Record<'_, '_>, pretty: bool) {
        for tok in &self.toks {
            match tok {
                Tok::Lit(b) => out.extend_from_slice(b),
                Tok::Topic => out.extend_from_slice(r.topic.as_bytes()),
                Tok::Partition => push_int(out, i64::from(r.partition)),
                Tok::Offset => push_int(out, r.offset),
                Tok::Key(enc) => field(out, *enc, r.key, r.key_raw, pretty),
                Tok::Value(enc) => field(out, *enc, r.value, r.value_raw, pretty),
                Tok::KeyLen => push_int(out, len(r.key_raw)),
                Tok::ValueLen => push_int(out, len(r.value_raw)),
                Tok::ValueLenBin => {
                    let n = i32::try_from(len(r.value_raw)).unwrap_or(i32::MAX);
                    out.extend_from_slice(&n.to_be_bytes());
                }
                Tok::Timestamp => push_int(out, r.timestamp.unwrap_or(-1)),
                Tok::Date(items) => {
                    if let Some(ms) = r.timestamp {
                        write_strftime(out, ms, items);
                    }
                }
                Tok::Headers => {
                    for (i, (k, v)) in r.headers.iter().enumerate() {
                        if i > 0 {
                            out.push(b',');
                        }
                        out.extend_from_slice(k.as_bytes());
                        out.push(b'=');
                        match v {
                            Some(v) => out.extend_from_slice(v),
                            None => out.extend_from_slice(b"NULL"),
                        }
                    }
                }
                Tok::Header(name, enc) => {
                    if let Some((_, Some(v))) = r.headers.iter().find(|(k, _)| k == name) {
                        encode(out, *enc, v);
                    }
                }
            }
        }
    }
}

fn len(b: Option<&[u8]>) -> i64 {
    b.map_or(-1, |b| b.len() as i64)
}

fn push_int(out: &mut Vec<u8>, n: i64) {
    let _ = write!(out, "{n}");
}

fn field(
    out: &mut Vec<u8>,
    enc: Enc,
    decoded: Option<&Decoded<'_>>,
    raw: Option<&[u8]>,
    pretty: bool,
) {
    match enc {
        Enc::Plain => {
            if let Some(d) = decoded {
                let _ = d.write_plain(out, pretty);
            } else if let Some(raw) = raw {
                out.extend_from_slice(raw);
            }
        }
        other => {
            if let Some(raw) = raw {
                encode(out, other, raw);
            }
        }
    }
}

fn encode(out: &mut Vec<u8>, enc: Enc, bytes: &[u8]) {
    match enc {
        Enc::Plain => out.extend_from_slice(bytes),
        Enc::Hex => {
            const DIGITS: &[u8; 16] = b"0123456789abcdef";
            out.reserve(bytes.len() * 2);
            for b in bytes {
                out.push(DIGITS[usize::from(b >> 4)]);
                out.push(DIGITS[usize::from(b & 15)]);
            }
        }
        Enc::Base64 => {
            let start = out.len();
            out.resize(start + bytes.len().div_ceil(3) * 4, 0);
            let n = B64.encode_slice(bytes, &mut out[start..]).unwrap_or(0);
            out.truncate(start + n);
        }
    }
}

/// `{hex}` / `{base64}` right after a token. Another word in braces is a typo, not
/// literal text: `%k{hexx}` must not silently print `{hexx}` after every key.
fn take_enc(rest: &mut &str, token: &str) -> Result<Enc, String> {
    for (text, enc) in [("{hex}", Enc::Hex), ("{base64}", Enc::Base64)] {
        if let Some(tail) = rest.strip_prefix(text) {
            *rest = tail;
            return Ok(enc);
        }
    }
    let word = rest
        .strip_prefix('{')
        .and_then(|body| body.split_once('}'))
        .map(|(word, _)| word)
        .filter(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_alphanumeric()));
    match word {
        Some(word) => Err(format!(
            "unknown encoding '{{{word}}}' after {token} (known: {{hex}} {{base64}})"
        )),
        None => Ok(Enc::Plain),
    }
}

/// `{...}` right after a token (no nesting); an opening brace with no closing one is an
/// error.
fn take_braced<'s>(rest: &mut &'s str, token: &str) -> Result<Option<&'s str>, String> {
    let Some(body) = rest.strip_prefix('{') else {
        return Ok(None);
    };
    let end = body
        .find('}')
        .ok_or_else(|| format!("'{{' after {token} is never closed"))?;
    *rest = &body[end + 1..];
    Ok(Some(&body[..end]))
}

/// One escape after a backslash: returns its bytes and the remaining text.
fn unescape_one(rest: &str) -> (Vec<u8>, &str) {
    let mut chars = rest.chars();
    match chars.next() {
        Some('n') => (vec![b'\n'], &rest[1..]),
        Some('r') => (vec![b'\r'], &rest[1..]),
        Some('t') => (vec![b'\t'], &rest[1..]),
        Some('0') => (vec![0], &rest[1..]),
        Some('\\') => (vec![b'\\'], &rest[1..]),
        Some('x') => {
            let hex = rest
                .get(1..3)
                .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()));
            match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                Some(b) => (vec![b], &rest[3..]),
                None => (b"\\x".to_vec(), &rest[1..]),
            }
        }
        Some(other) => {
            let mut v = vec![b'\\'];
            let mut buf = [0u8; 4];
            v.extend_from_slice(other.encode_utf8(&mut buf).as_bytes());
            (v, &rest[other.len_utf8()..])
        }
        None => (vec![b'\\'], rest),
    }
}

/// Expands the escapes in a delimiter (`-D '\0'`, `-D '\r\n'`, `-D '\x1e'`).
pub fn unescape(s: &str) -> Vec<u8> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(i) = rest.find('\\') {
        out.extend_from_slice(&rest.as_bytes()[..i]);
        let (bytes, tail) = unescape_one(&rest[i + 1..]);
        out.extend_from_slice(&bytes);
        rest = tail;
    }
    out.extend_from_slice(rest.as_bytes());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::borrow::Cow;

    fn render(fmt: &str) -> Vec<u8> {
        let headers = [("a", Some(&b"1"[..])), ("b", None), ("a", Some(&b"2"[..]))];
        let key = Decoded::Text(Cow::Borrowed("k"));
        let value = Decoded::Bytes(b"v\xff");
        let r = Record {
            topic: "t",
            partition: 3,
            offset: 42,
            timestamp: Some(1_714_564_800_250),
            key_raw: Some(b"k"),
            value_raw: Some(b"v\xff"),
            key: Some(&key),
            value: Some(&value),
            headers: &headers,
        };
        let mut out = Vec::new();
        Format::parse(fmt).unwrap().write(&mut out, &r, false);
        out
    }

    #[test]
    fn kcat_tokens() {
        assert_eq!(render("%t/%p/%o %k=%s\n"), b"t/3/42 k=v\xff\n");
        assert_eq!(render("%K %S %T"), b"1 2 1714564800250");
        assert_eq!(render("%h"), b"a=1,b=NULL,a=2");
        assert_eq!(render("%R"), [0, 0, 0, 2]);
        assert_eq!(render("100%%"), b"100%");
        assert_eq!(render(r"\t\x41\\\r\0"), b"\tA\\\r\0");
    }

    #[test]
    fn rpk_tokens() {
        assert_eq!(render("%v"), b"v\xff");
        assert_eq!(render("%h{a}|%h{b}|%h{zz}"), b"1||");
        assert_eq!(render("%k{hex} %v{hex} %v{base64}"), b"6b 76ff dv8=");
        assert_eq!(render("%h{a}{base64}"), b"MQ==");
        assert_eq!(render("%d"), b"2024-05-01T12:00:00.250Z");
        assert_eq!(render("%d{%Y/%m/%d %H}"), b"2024/05/01 12");
        assert_eq!(render("%d{strftime[%F]}"), b"2024-05-01");
    }

    #[test]
    fn null_fields() {
        let r = Record {
            topic: "t",
            partition: 0,
            offset: 0,
            timestamp: None,
            key_raw: None,
            value_raw: None,
            key: None,
            value: None,
            headers: &[],
        };
        let mut out = Vec::new();
        Format::parse("[%k][%s][%K][%S][%T][%h][%d]")
            .unwrap()
            .write(&mut out, &r, false);
        assert_eq!(out, b"[][][-1][-1][-1][][]");
    }

    #[test]
    fn errors() {
        for bad in ["%", "%q", "%h{}", "%d{%Q}"] {
            assert!(Format::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn delimiters() {
        assert_eq!(unescape(r"\n"), b"\n");
        assert_eq!(unescape(r"--\0--"), b"--\0--");
        assert_eq!(unescape(r"\x1e"), [0x1e]);
        assert_eq!(unescape(r"\q"), b"\\q");
        assert_eq!(unescape("plain"), b"plain");
    }
}
