//! JSON → Avro binary, walking the writer schema.
//!
//! Two JSON mappings are accepted (`--avro-json`):
//! - `avro`: Avro's own JSON encoding. A non-null union value is an object with one key,
//!   the branch's type name (`{"string": "x"}`, `{"com.acme.User": {...}}`); `bytes` and
//!   `fixed` are strings whose code points U+0000..U+00FF are the bytes; logical types
//!   are given as their underlying type (a timestamp is a number).
//! - `plain`: what people and `jq` write. A union value is given bare and goes to the
//!   first branch, in schema order, that accepts it (the tagged form is still accepted);
//!   logical types may also be given as text: dates `2024-02-29`, times `13:45:30.123`,
//!   timestamps in RFC 3339, decimals as exact strings or numbers, UUIDs, durations as
//!   `{"months":..,"days":..,"milliseconds":..}`; a missing optional field (a union
//!   with `null`) is null.
//!
//! Both mappings refuse fields the schema does not have, so a typo is an error and not
//! silently dropped data.

use serde_json::{Map, Value};

use super::logical::{self, Unit};
use super::schema::{Kind, Logical, NodeId, Schema};
use super::Mode;
use crate::serde::json_kind;
use crate::serde::wire::write_zigzag;

/// An encoding failure, with the path to the offending value.
#[derive(Debug)]
pub struct EncodeError {
    /// Innermost last as it unwinds; shown outermost first.
    path: Vec<PathSeg>,
    reason: Reason,
}

#[derive(Debug)]
enum PathSeg {
    Field(String),
    Index(usize),
    Key(String),
}

#[derive(Debug)]
enum Reason {
    /// Cheap to build: plain-mode unions try branches and expect many of these.
    Mismatch {
        expected: &'static str,
        got: &'static str,
    },
    Other(String),
}

impl EncodeError {
    fn mismatch(expected: &'static str, value: &Value) -> Self {
        EncodeError::mismatch_kind(expected, json_kind(value))
    }

    pub(super) fn mismatch_kind(expected: &'static str, got: &'static str) -> Self {
        EncodeError {
            path: Vec::new(),
            reason: Reason::Mismatch { expected, got },
        }
    }

    pub(super) fn other(msg: impl Into<String>) -> Self {
        EncodeError {
            path: Vec::new(),
            reason: Reason::Other(msg.into()),
        }
    }

    fn at(mut self, seg: PathSeg) -> Self {
        self.path.push(seg);
        self
    }

    pub(super) fn at_field(self, name: &str) -> Self {
        self.at(PathSeg::Field(name.to_string()))
    }

    pub(super) fn at_index(self, i: usize) -> Self {
        self.at(PathSeg::Index(i))
    }

    pub(super) fn at_key(self, key: &str) -> Self {
        self.at(PathSeg::Key(key.to_string()))
    }
}

impl std::fmt::Display for EncodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if !self.path.is_empty() {
            f.write_str("at ")?;
            for seg in self.path.iter().rev() {
                match seg {
                    PathSeg::Field(name) => write!(f, ".{name}")?,
                    PathSeg::Index(i) => write!(f, "[{i}]")?,
                    PathSeg::Key(k) => write!(f, "[{}]", Value::String(k.clone()))?,
                }
            }
            f.write_str(": ")?;
        }
        match &self.reason {
            Reason::Mismatch { expected, got } => {
                write!(f, "expected {expected}, got a JSON {got}")
            }
            Reason::Other(msg) => f.write_str(msg),
        }
    }
}

pub(super) type Result<T> = std::result::Result<T, EncodeError>;

/// Encodes a record-field default (Avro JSON, unions take their first branch).
pub fn encode_default(
    schema: &Schema,
    node: NodeId,
    value: &Value,
) -> std::result::Result<Vec<u8>, String> {
    let mut out = Vec::new();
    encode(schema, node, value, Mode::Default, &mut out)
        .map(|()| out)
        .map_err(|e| format!("invalid default: {e}"))
}

/// Appends the Avro binary encoding of `value` as `node`.
pub fn encode(
    schema: &Schema,
    node: NodeId,
    value: &Value,
    mode: Mode,
    out: &mut Vec<u8>,
) -> Result<()> {
    let n = schema.node(node);
    let plain = mode == Mode::Plain;
    match &n.kind {
        Kind::Null => match value {
            Value::Null => Ok(()),
            v => Err(EncodeError::mismatch("null", v)),
        },
        Kind::Boolean => match value {
            Value::Bool(b) => {
                out.push(u8::from(*b));
                Ok(())
            }
            v => Err(EncodeError::mismatch("a boolean", v)),
        },
        Kind::Int => {
            let v = match (n.logical, value) {
                (Some(Logical::Date), Value::String(s)) if plain => {
                    logical::parse_date(s).map_err(EncodeError::other)?
                }
                (Some(Logical::TimeMillis), Value::String(s)) if plain => {
                    logical::parse_time(s, Unit::Millis).map_err(EncodeError::other)?
                }
                _ => integer(value, "an int")?,
            };
            let v = i32::try_from(v)
                .map_err(|_| EncodeError::other(format!("{v} does not fit an Avro int")))?;
            write_zigzag(out, i64::from(v));
            Ok(())
        }
        Kind::Long => {
            let v = match (n.logical, value) {
                (Some(l), Value::String(s)) if plain => long_from_text(l, s)?,
                _ => integer(value, "a long")?,
            };
            write_zigzag(out, v);
            Ok(())
        }
        Kind::Float => {
            let v = float(value, "a float")?;
            out.extend_from_slice(&(v as f32).to_le_bytes());
            Ok(())
        }
        Kind::Double => {
            let v = float(value, "a double")?;
            out.extend_from_slice(&v.to_le_bytes());
            Ok(())
        }
        Kind::Bytes => {
            if let (Some(Logical::Decimal { precision, scale }), true) = (n.logical, plain) {
                let bytes = decimal(value, precision, scale)?;
                write_zigzag(out, bytes.len() as i64);
                out.extend_from_slice(&bytes);
                return Ok(());
            }
            let Value::String(s) = value else {
                return Err(EncodeError::mismatch("bytes as a string", value));
            };
            write_zigzag(out, code_point_len(s)? as i64);
            push_code_points(out, s)
        }
        Kind::String => {
            let Value::String(s) = value else {
                return Err(EncodeError::mismatch("a string", value));
            };
            if plain && n.logical == Some(Logical::Uuid) {
                logical::parse_uuid(s).map_err(EncodeError::other)?;
            }
            write_zigzag(out, s.len() as i64);
            out.extend_from_slice(s.as_bytes());
            Ok(())
        }
        Kind::Fixed(f) => {
            if plain {
                match (n.logical, value) {
                    (Some(Logical::Decimal { precision, scale }), _) => {
                        let bytes = decimal(value, precision, scale)?;
                        let bytes = logical::sign_extend(&bytes, f.size).ok_or_else(|| {
                            EncodeError::other(format!("decimal does not fit fixed({})", f.size))
                        })?;
                        out.extend_from_slice(&bytes);
                        return Ok(());
                    }
                    (Some(Logical::Uuid), Value::String(s)) => {
                        out.extend_from_slice(&logical::parse_uuid(s).map_err(EncodeError::other)?);
                        return Ok(());
                    }
                    (Some(Logical::Duration), Value::Object(o)) => return duration(o, out),
                    _ => {}
                }
            }
            let Value::String(s) = value else {
                return Err(EncodeError::mismatch("fixed bytes as a string", value));
            };
            let len = code_point_len(s)?;
            if len != f.size {
                return Err(EncodeError::other(format!(
                    "fixed '{}' needs {} bytes, got {len}",
                    f.name.fullname, f.size
                )));
            }
            push_code_points(out, s)
        }
        Kind::Enum(e) => {
            let Value::String(s) = value else {
                return Err(EncodeError::mismatch("an enum symbol", value));
            };
            let i = e.symbols.iter().position(|sym| sym == s).ok_or_else(|| {
                EncodeError::other(format!(
                    "'{s}' is not a symbol of enum '{}' ({})",
                    e.name.fullname,
                    list(&e.symbols)
                ))
            })?;
            write_zigzag(out, i as i64);
            Ok(())
        }
        Kind::Array(items) => {
            let Value::Array(values) = value else {
                return Err(EncodeError::mismatch("an array", value));
            };
            if !values.is_empty() {
                write_zigzag(out, values.len() as i64);
                for (i, v) in values.iter().enumerate() {
                    encode(schema, *items, v, mode, out).map_err(|e| e.at(PathSeg::Index(i)))?;
                }
            }
            out.push(0);
            Ok(())
        }
        Kind::Map(values) => {
            let Value::Object(entries) = value else {
                return Err(EncodeError::mismatch("a map (JSON object)", value));
            };
            if !entries.is_empty() {
                write_zigzag(out, entries.len() as i64);
                for (k, v) in entries {
                    write_zigzag(out, k.len() as i64);
                    out.extend_from_slice(k.as_bytes());
                    encode(schema, *values, v, mode, out)
                        .map_err(|e| e.at(PathSeg::Key(k.clone())))?;
                }
            }
            out.push(0);
            Ok(())
        }
        Kind::Record(r) => {
            let Value::Object(obj) = value else {
                return Err(EncodeError::mismatch("a record (JSON object)", value));
            };
            let mut matched = 0;
            for field in &r.fields {
                match obj.get(&field.name) {
                    Some(v) => {
                        matched += 1;
                        encode(schema, field.node, v, mode, out)
                            .map_err(|e| e.at(PathSeg::Field(field.name.clone())))?;
                    }
                    None => match &field.default {
                        Some(Ok(bytes)) => out.extend_from_slice(bytes),
                        Some(Err(why)) => {
                            return Err(EncodeError::other(format!(
                                "missing field '{}', and its default is unusable ({why})",
                                field.name
                            )))
                        }
                        None => match null_branch(schema, field.node) {
                            Some(i) if plain => write_zigzag(out, i as i64),
                            _ => {
                                return Err(EncodeError::other(format!(
                                    "missing field '{}' of record '{}' (it has no default)",
                                    field.name, r.name.fullname
                                )))
                            }
                        },
                    },
                }
            }
            if matched < obj.len() {
                let unknown = obj
                    .keys()
                    .find(|k| !r.fields.iter().any(|f| f.name == **k))
                    .map(String::as_str)
                    .unwrap_or_default();
                return Err(EncodeError::other(format!(
                    "record '{}' has no field '{unknown}'",
                    r.name.fullname
                )));
            }
            Ok(())
        }
        Kind::Union(branches) => encode_union(schema, branches, value, mode, out),
    }
}

fn encode_union(
    schema: &Schema,
    branches: &[NodeId],
    value: &Value,
    mode: Mode,
    out: &mut Vec<u8>,
) -> Result<()> {
    if mode == Mode::Default {
        let first = *branches
            .first()
            .ok_or_else(|| EncodeError::other("empty union"))?;
        out.push(0);
        return encode(schema, first, value, mode, out);
    }
    if value.is_null() {
        let i = branches
            .iter()
            .position(|b| matches!(schema.node(*b).kind, Kind::Null))
            .ok_or_else(|| {
                EncodeError::other(format!(
                    "null is not allowed by union [{}]",
                    names(schema, branches)
                ))
            })?;
        write_zigzag(out, i as i64);
        return Ok(());
    }
    if mode == Mode::Plain {
        let start = out.len();
        let mut failures: Vec<(NodeId, EncodeError)> = Vec::new();
        for (i, b) in branches.iter().enumerate() {
            if !plausible(schema, *b, value) {
                continue;
            }
            write_zigzag(out, i as i64);
            match encode(schema, *b, value, mode, out) {
                Ok(()) => return Ok(()),
                Err(e) => {
                    out.truncate(start);
                    failures.push((*b, e));
                }
            }
        }
        if let Some(done) = tagged(schema, branches, value, mode, out)? {
            return Ok(done);
        }
        if failures.len() == 1 {
            return Err(failures.pop().expect("one failure").1);
        }
        let mut msg = format!(
            "a JSON {} matches none of the union's types [{}]",
            json_kind(value),
            names(schema, branches)
        );
        for (b, e) in failures.iter().take(3) {
            msg.push_str(&format!("; {}: {e}", schema.branch_name(*b)));
        }
        return Err(EncodeError::other(msg));
    }
    match tagged(schema, branches, value, mode, out)? {
        Some(()) => Ok(()),
        None => Err(EncodeError::other(format!(
            "a union value must be null or {{\"<type>\": value}} with a type of [{}] \
             (or use --avro-json plain)",
            names(schema, branches)
        ))),
    }
}

/// The tagged form `{"type": value}`; `None` when `value` is not one.
fn tagged(
    schema: &Schema,
    branches: &[NodeId],
    value: &Value,
    mode: Mode,
    out: &mut Vec<u8>,
) -> Result<Option<()>> {
    let Value::Object(obj) = value else {
        return Ok(None);
    };
    if obj.len() != 1 {
        return Ok(None);
    }
    let (tag, inner) = obj.iter().next().expect("one entry");
    let found = branches
        .iter()
        .position(|b| schema.branch_name(*b) == tag)
        .or_else(|| {
            // A named type by its simple name, when that is unambiguous.
            let mut hits = branches.iter().enumerate().filter(|(_, b)| {
                let name = schema.branch_name(**b);
                name.rsplit_once('.')
                    .is_some_and(|(_, simple)| simple == tag)
            });
            match (hits.next(), hits.next()) {
                (Some((i, _)), None) => Some(i),
                _ => None,
            }
        });
    let Some(i) = found else {
        return Ok(None);
    };
    write_zigzag(out, i as i64);
    encode(schema, branches[i], inner, mode, out).map_err(|e| e.at(PathSeg::Field(tag.clone())))?;
    Ok(Some(()))
}

/// Whether a branch could take a JSON value of this kind (plain-mode union choice).
fn plausible(schema: &Schema, node: NodeId, value: &Value) -> bool {
    let n = schema.node(node);
    match (&n.kind, value) {
        (Kind::Null, Value::Null) | (Kind::Boolean, Value::Bool(_)) => true,
        (Kind::Int | Kind::Long | Kind::Float | Kind::Double, Value::Number(_)) => true,
        (Kind::Float | Kind::Double, Value::String(_)) => true, // "NaN", "Infinity"
        (Kind::Int | Kind::Long, Value::String(_)) => n.logical.is_some(),
        (Kind::Bytes | Kind::String | Kind::Enum(_) | Kind::Fixed(_), Value::String(_)) => true,
        (Kind::Bytes | Kind::Fixed(_), Value::Number(_)) => {
            matches!(n.logical, Some(Logical::Decimal { .. }))
        }
        (Kind::Fixed(_), Value::Object(_)) => n.logical == Some(Logical::Duration),
        (Kind::Array(_), Value::Array(_)) => true,
        (Kind::Map(_) | Kind::Record(_), Value::Object(_)) => true,
        _ => false,
    }
}

pub(super) fn null_branch(schema: &Schema, node: NodeId) -> Option<usize> {
    match &schema.node(node).kind {
        Kind::Union(branches) => branches
            .iter()
            .position(|b| matches!(schema.node(*b).kind, Kind::Null)),
        _ => None,
    }
}

fn names(schema: &Schema, branches: &[NodeId]) -> String {
    branches
        .iter()
        .map(|b| schema.branch_name(*b))
        .collect::<Vec<_>>()
        .join(", ")
}

pub(super) fn list(symbols: &[String]) -> String {
    if symbols.len() <= 10 {
        symbols.join(", ")
    } else {
        format!("{}, ... {} in all", symbols[..10].join(", "), symbols.len())
    }
}

fn integer(value: &Value, expected: &'static str) -> Result<i64> {
    match value {
        Value::Number(n) => n
            .as_i64()
            .or_else(|| {
                n.as_f64()
                    .filter(|f| f.fract() == 0.0 && f.abs() < 9.007_199_254_740_992e15)
                    .map(|f| f as i64)
            })
            .ok_or_else(|| {
                EncodeError::other(format!("{n} is not {expected} (a whole number in range)"))
            }),
        v => Err(EncodeError::mismatch(expected, v)),
    }
}

fn float(value: &Value, expected: &'static str) -> Result<f64> {
    match value {
        Value::Number(n) => Ok(n.as_f64().unwrap_or(f64::NAN)),
        Value::String(s) => match s.as_str() {
            "NaN" => Ok(f64::NAN),
            "Infinity" | "+Infinity" => Ok(f64::INFINITY),
            "-Infinity" => Ok(f64::NEG_INFINITY),
            _ => Err(EncodeError::mismatch(expected, value)),
        },
        v => Err(EncodeError::mismatch(expected, v)),
    }
}

fn long_from_text(l: Logical, s: &str) -> Result<i64> {
    let r = match l {
        Logical::TimeMicros => logical::parse_time(s, Unit::Micros),
        Logical::TimestampMillis | Logical::LocalTimestampMillis => {
            logical::parse_timestamp(s, Unit::Millis)
        }
        Logical::TimestampMicros | Logical::LocalTimestampMicros => {
            logical::parse_timestamp(s, Unit::Micros)
        }
        Logical::TimestampNanos | Logical::LocalTimestampNanos => {
            logical::parse_timestamp(s, Unit::Nanos)
        }
        _ => {
            return Err(EncodeError::mismatch(
                "a long",
                &Value::String(String::new()),
            ))
        }
    };
    r.map_err(EncodeError::other)
}

fn decimal(value: &Value, precision: u32, scale: u32) -> Result<Vec<u8>> {
    let text = match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => {
            let t = n.to_string();
            if t.contains(['e', 'E']) {
                return Err(EncodeError::other(format!(
                    "decimal {t}: give it as a string (\"{t}\" in plain digits) for exactness"
                )));
            }
            t
        }
        v => return Err(EncodeError::mismatch("a decimal (string or number)", v)),
    };
    logical::parse_decimal(&text, precision, scale).map_err(EncodeError::other)
}

fn duration(obj: &Map<String, Value>, out: &mut Vec<u8>) -> Result<()> {
    let mut parts = [0u32; 3];
    for (i, key) in ["months", "days", "milliseconds"].iter().enumerate() {
        let v = obj.get(*key).ok_or_else(|| {
            EncodeError::other(format!(
                "a duration needs \"months\", \"days\" and \"milliseconds\"; missing \"{key}\""
            ))
        })?;
        parts[i] = v
            .as_u64()
            .and_then(|v| u32::try_from(v).ok())
            .ok_or_else(|| {
                EncodeError::other(format!("duration \"{key}\" must be 0..=4294967295"))
            })?;
    }
    if obj.len() > 3 {
        return Err(EncodeError::other(
            "a duration has only months, days and milliseconds",
        ));
    }
    for p in parts {
        out.extend_from_slice(&p.to_le_bytes());
    }
    Ok(())
}

pub(super) fn code_point_len(s: &str) -> Result<usize> {
    let mut n = 0;
    for c in s.chars() {
        if u32::from(c) > 0xff {
            return Err(EncodeError::other(format!(
                "bytes are written as a string of code points U+0000..U+00FF; '{c}' is U+{:04X}",
                u32::from(c)
            )));
        }
        n += 1;
    }
    Ok(n)
}

pub(super) fn push_code_points(out: &mut Vec<u8>, s: &str) -> Result<()> {
    out.extend(s.chars().map(|c| c as u8));
    Ok(())
}
