//! `--filter` and `--wait-for` expressions: keep the records whose key, value, a header,
//! or a field of the JSON value matches.
//!
//! ```text
//! key=TEXT   key!=TEXT   key~REGEX   key!~REGEX
//! value=TEXT value~REGEX ...
//! header.NAME=TEXT  header.NAME~REGEX ...   (any header called NAME may match)
//! .field.path==JSON  .items.0.id!=JSON  .name~REGEX
//! ```
//!
//! Keys and values are compared in the form they are printed (after `--key-format`/
//! `--value-format` decoding), so a filter reads like the output it selects. Regexes
//! run on bytes, so binary values can be matched too. A `.path` on a value that is not
//! JSON simply does not match. Several `--filter`s must all match.

use regex::bytes::Regex;
use serde_json::Value;

use crate::serde::Decoded;

#[derive(Debug)]
enum Target {
    Key,
    Value,
    Header(String),
    Path(Vec<Seg>),
}

#[derive(Debug, Clone, PartialEq)]
enum Seg {
    Field(String),
    Index(usize),
}

#[derive(Debug)]
enum Op {
    Eq(Vec<u8>),
    Ne(Vec<u8>),
    Match(Regex),
    NoMatch(Regex),
}

/// One parsed expression.
#[derive(Debug)]
pub struct Expr {
    target: Target,
    op: Op,
    /// For `.path==X`: X as JSON when it parses as JSON (`42`, `true`, `"s"`).
    json: Option<Value>,
    source: String,
}

/// The parts of a record a filter looks at.
pub struct Subject<'r, 'a> {
    pub key: Option<&'r Decoded<'a>>,
    pub value: Option<&'r Decoded<'a>>,
    pub headers: &'r [(&'a str, Option<&'a [u8]>)],
}

impl Expr {
    pub fn parse(s: &str) -> Result<Expr, String> {
        let bad = |why: &str| {
            format!("invalid filter '{s}': {why} (examples: key=k1, value~^err, header.type=x, .user.id==42)")
        };
        let (target, rest) = if let Some(rest) = s.strip_prefix("key") {
            (Target::Key, rest)
        } else if let Some(rest) = s.strip_prefix("value") {
            (Target::Value, rest)
        } else if let Some(rest) = s.strip_prefix("header.") {
            let end = rest
                .find(['=', '!', '~'])
                .ok_or_else(|| bad("no operator"))?;
            if end == 0 {
                return Err(bad("empty header name"));
            }
            (Target::Header(rest[..end].to_string()), &rest[end..])
        } else if s.starts_with('.') {
            let end = s.find(['=', '!', '~']).ok_or_else(|| bad("no operator"))?;
            (
                Target::Path(parse_path(&s[..end]).map_err(|e| bad(&e))?),
                &s[end..],
            )
        } else {
            return Err(bad("expected key, value, header.NAME or .json.path"));
        };
        let (op, operand) = if let Some(v) = rest.strip_prefix("!~") {
            ("!~", v)
        } else if let Some(v) = rest.strip_prefix("!=") {
            ("!=", v)
        } else if let Some(v) = rest.strip_prefix("==") {
            ("=", v)
        } else if let Some(v) = rest.strip_prefix('=') {
            ("=", v)
        } else if let Some(v) = rest.strip_prefix('~') {
            ("~", v)
        } else {
            return Err(bad("expected one of = == != ~ !~"));
        };
        let regex = |pattern: &str| Regex::new(pattern).map_err(|e| bad(&e.to_string()));
        let op = match op {
            "=" => Op::Eq(operand.as_bytes().to_vec()),
            "!=" => Op::Ne(operand.as_bytes().to_vec()),
            "~" => Op::Match(regex(operand)?),
            _ => Op::NoMatch(regex(operand)?),
        };
        let json = match (&target, &op) {
            (Target::Path(_), Op::Eq(_) | Op::Ne(_)) => serde_json::from_str(operand).ok(),
            _ => None,
        };
        Ok(Expr {
            target,
            op,
            json,
            source: s.to_string(),
        })
    }

    /// The expression as the user wrote it (for messages).
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Whether the filter needs the record's headers.
    pub fn needs_headers(&self) -> bool {
        matches!(self.target, Target::Header(_))
    }

    /// Whether the filter needs the decoded key.
    pub fn needs_key(&self) -> bool {
        matches!(self.target, Target::Key)
    }

    pub fn matches(&self, subject: &Subject<'_, '_>, scratch: &mut Vec<u8>) -> bool {
        match &self.target {
            Target::Key => self.test_field(subject.key, scratch),
            Target::Value => self.test_field(subject.value, scratch),
            Target::Header(name) => {
                let mut values = subject
                    .headers
                    .iter()
                    .filter(|(k, _)| k == name)
                    .map(|(_, v)| v.unwrap_or_default());
                // `!=`/`!~` hold when no header with that name matches.
                match &self.op {
                    Op::Eq(want) => values.any(|v| v == want.as_slice()),
                    Op::Match(re) => values.any(|v| re.is_match(v)),
                    Op::Ne(want) => values.all(|v| v != want.as_slice()),
                    Op::NoMatch(re) => values.all(|v| !re.is_match(v)),
                }
            }
            Target::Path(path) => {
                let parsed;
                let root = match subject.value {
                    Some(Decoded::Json(v)) => v,
                    Some(Decoded::Bytes(b)) => match serde_json::from_slice::<Value>(b) {
                        Ok(v) => {
                            parsed = v;
                            &parsed
                        }
                        Err(_) => return false,
                    },
                    Some(Decoded::Text(t)) => match serde_json::from_str::<Value>(t) {
                        Ok(v) => {
                            parsed = v;
                            &parsed
                        }
                        Err(_) => return false,
                    },
                    None => return false,
                };
                let found = lookup(root, path);
                self.test_json(found, scratch)
            }
        }
    }

    fn test_field(&self, field: Option<&Decoded<'_>>, scratch: &mut Vec<u8>) -> bool {
        // A null key or value matches nothing but `!=` / `!~`.
        let bytes: Option<&[u8]> = match field {
            None => None,
            Some(Decoded::Bytes(b)) => Some(b),
            Some(Decoded::Text(t)) => Some(t.as_bytes()),
            Some(Decoded::Json(v)) => {
                scratch.clear();
                if serde_json::to_writer(&mut *scratch, v).is_err() {
                    return false;
                }
                Some(scratch.as_slice())
            }
        };
        self.test_bytes(bytes)
    }

    fn test_bytes(&self, bytes: Option<&[u8]>) -> bool {
        match (&self.op, bytes) {
            (Op::Eq(want), Some(b)) => b == want.as_slice(),
            (Op::Match(re), Some(b)) => re.is_match(b),
            (Op::Ne(want), Some(b)) => b != want.as_slice(),
            (Op::NoMatch(re), Some(b)) => !re.is_match(b),
            (Op::Eq(_) | Op::Match(_), None) => false,
            (Op::Ne(_) | Op::NoMatch(_), None) => true,
        }
    }

    fn test_json(&self, found: Option<&Value>, scratch: &mut Vec<u8>) -> bool {
        let equal = |v: &Value| -> bool {
            match (&self.json, v) {
                (Some(want), v) if json_eq(want, v) => true,
                // An unquoted right-hand side compares with a string field as text.
                (_, Value::String(s)) => match &self.op {
                    Op::Eq(w) | Op::Ne(w) => s.as_bytes() == w.as_slice(),
                    _ => false,
                },
                _ => false,
            }
        };
        let text = |v: &Value, scratch: &mut Vec<u8>| -> Vec<u8> {
            match v {
                Value::String(s) => s.as_bytes().to_vec(),
                other => {
                    scratch.clear();
                    let _ = serde_json::to_writer(&mut *scratch, other);
                    scratch.clone()
                }
            }
        };
        match (&self.op, found) {
            (Op::Eq(_), Some(v)) => equal(v),
            (Op::Ne(_), Some(v)) => !equal(v),
            (Op::Match(re), Some(v)) => re.is_match(&text(v, scratch)),
            (Op::NoMatch(re), Some(v)) => !re.is_match(&text(v, scratch)),
            (Op::Eq(_) | Op::Match(_), None) => false,
            (Op::Ne(_) | Op::NoMatch(_), None) => true,
        }
    }
}

/// Numbers compare by value (`1` equals `1.0`); everything else structurally.
fn json_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64()) {
            (Some(x), Some(y)) => x == y,
            _ => x.as_f64() == y.as_f64(),
        },
        _ => a == b,
    }
}

fn parse_path(s: &str) -> Result<Vec<Seg>, String> {
    let body = s.strip_prefix('.').unwrap_or(s);
    if body.is_empty() {
        return Ok(Vec::new());
    }
    body.split('.')
        .map(|seg| {
            if seg.is_empty() {
                Err("empty path segment".to_string())
            } else if let Ok(i) = seg.parse::<usize>() {
                Ok(Seg::Index(i))
            } else {
                Ok(Seg::Field(seg.to_string()))
            }
        })
        .collect()
}

fn lookup<'v>(root: &'v Value, path: &[Seg]) -> Option<&'v Value> {
    let mut cur = root;
    for seg in path {
        cur = match (seg, cur) {
            (Seg::Field(name), Value::Object(map)) => map.get(name)?,
            (Seg::Index(i), Value::Array(items)) => items.get(*i)?,
            // A numeric segment can also be an object key ("0").
            (Seg::Index(i), Value::Object(map)) => map.get(&i.to_string())?,
            _ => return None,
        };
    }
    Some(cur)
}

/// All `--filter` expressions (they must all match).
#[derive(Debug, Default)]
pub struct Filter {
    exprs: Vec<Expr>,
}

impl Filter {
    pub fn parse<S: AsRef<str>>(exprs: &[S]) -> Result<Filter, String> {
        Ok(Filter {
            exprs: exprs
                .iter()
                .map(|e| Expr::parse(e.as_ref()))
                .collect::<Result<_, _>>()?,
        })
    }

    pub fn is_empty(&self) -> bool {
        self.exprs.is_empty()
    }

    pub fn needs_headers(&self) -> bool {
        self.exprs.iter().any(Expr::needs_headers)
    }

    pub fn needs_key(&self) -> bool {
        self.exprs.iter().any(Expr::needs_key)
    }

    pub fn matches(&self, subject: &Subject<'_, '_>, scratch: &mut Vec<u8>) -> bool {
        self.exprs.iter().all(|e| e.matches(subject, scratch))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::borrow::Cow;

    fn check(expr: &str, key: Option<Decoded<'_>>, value: Option<Decoded<'_>>) -> bool {
        let headers = [
            ("type", Some(&b"order"[..])),
            ("type", Some(&b"retry"[..])),
            ("empty", None),
        ];
        let f = Filter::parse(&[expr]).unwrap();
        f.matches(
            &Subject {
                key: key.as_ref(),
                value: value.as_ref(),
                headers: &headers,
            },
            &mut Vec::new(),
        )
    }

    fn text(s: &str) -> Option<Decoded<'_>> {
        Some(Decoded::Text(Cow::Borrowed(s)))
    }

    #[test]
    fn key_and_value() {
        assert!(check("key=k1", text("k1"), None));
        assert!(!check("key=k1", text("k2"), None));
        assert!(!check("key=k1", None, None));
        assert!(check("key!=k1", None, None));
        assert!(check("key~^k[0-9]$", text("k7"), None));
        assert!(check("value~err", None, text("an error")));
        assert!(check("value!~err", None, text("fine")));
        assert!(check("value=", None, text("")), "empty is not null");
        assert!(!check("value=", None, None));
        // Regexes work on binary values.
        assert!(check(
            r"value~(?-u)^\xff",
            None,
            Some(Decoded::Bytes(b"\xff\x00"))
        ));
        // A decoded JSON value compares in its compact printed form.
        assert!(check(
            r#"value={"a":1}"#,
            None,
            Some(Decoded::Json(json!({"a": 1})))
        ));
    }

    #[test]
    fn headers() {
        assert!(check("header.type=retry", None, None), "any duplicate");
        assert!(!check("header.type=other", None, None));
        assert!(check("header.type~^ord", None, None));
        assert!(check("header.missing!=x", None, None));
        assert!(!check("header.missing=x", None, None));
        assert!(check("header.empty=", None, None), "null header value");
    }

    #[test]
    fn json_paths() {
        let v = || {
            Some(Decoded::Json(
                json!({"user": {"id": 42, "name": "ann"}, "items": [{"sku": "a"}]}),
            ))
        };
        assert!(check(".user.id==42", None, v()));
        assert!(check(".user.id==42.0", None, v()));
        assert!(!check(".user.id==43", None, v()));
        assert!(check(".user.id!=43", None, v()));
        assert!(check(".user.name==ann", None, v()));
        assert!(check(r#".user.name=="ann""#, None, v()));
        assert!(check(".user.name~^a", None, v()));
        assert!(check(".items.0.sku==a", None, v()));
        assert!(!check(".missing==1", None, v()));
        assert!(check(".missing!=1", None, v()));
        // Plain-text values that happen to be JSON are parsed for paths.
        assert!(check(".a==true", None, text(r#"{"a":true}"#)));
        assert!(!check(".a==true", None, text("not json")));
    }

    #[test]
    fn parse_errors() {
        for bad in [
            "nope",
            "key",
            "key>3",
            "header.=x",
            "header.x",
            "value~(",
            ".a..b==1",
        ] {
            assert!(Expr::parse(bad).is_err(), "{bad}");
        }
        assert!(Filter::parse(&["header.h=x"]).unwrap().needs_headers());
    }
}
