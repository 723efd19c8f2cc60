//! JSON text → Avro binary in one pass, without building a JSON value tree.
//!
//! The produce hot path: the JSON parser (serde_json) drives the writer schema and
//! each value is encoded as it is read. Record fields that arrive in schema order go
//! straight to the output; fields out of order are encoded into side buffers and
//! spliced in at the end; arrays and maps are encoded into a buffer so that their item
//! count can precede them. Buffers come from a pool reused across records.
//!
//! The subtrees that need the whole value first, unions (the `plain` mapping tries
//! branches in order) and logical types given as text in the `plain` mapping, are read
//! into a `serde_json::Value` and handed to [`super::encode::encode`], which also
//! remains the encoder for already-parsed JSON (`encode_json`). Both give the same
//! bytes; the tests check it.

use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::Deserialize as _;
use serde_json::Value;

use super::encode::{self, code_point_len, null_branch, push_code_points, EncodeError};
use super::schema::{Kind, NodeId, Schema};
use super::Mode;
use crate::serde::wire::write_zigzag;

/// Why a JSON text could not be encoded.
pub enum StreamError {
    /// Not JSON (or trailing text after the value).
    Json(String),
    /// JSON that does not fit the schema.
    Encode(EncodeError),
}

/// Buffers reused across records.
#[derive(Default)]
pub struct Pool(Vec<Vec<u8>>);

impl Pool {
    fn take(&mut self) -> Vec<u8> {
        let mut b = self.0.pop().unwrap_or_default();
        b.clear();
        b
    }

    fn give(&mut self, b: Vec<u8>) {
        if self.0.len() < 64 {
            self.0.push(b);
        }
    }
}

/// Appends the Avro encoding of the JSON text `input` as `node`.
pub fn encode_text(
    schema: &Schema,
    node: NodeId,
    mode: Mode,
    input: &[u8],
    out: &mut Vec<u8>,
    pool: &mut Pool,
) -> Result<(), StreamError> {
    let mut err: Option<EncodeError> = None;
    let mut de = serde_json::Deserializer::from_slice(input);
    let result = Seed {
        schema,
        node,
        mode,
        out,
        err: &mut err,
        pool,
    }
    .deserialize(&mut de)
    .and_then(|()| de.end());
    match (result, err) {
        (_, Some(e)) => Err(StreamError::Encode(e)),
        (Ok(()), None) => Ok(()),
        (Err(e), None) => Err(StreamError::Json(e.to_string())),
    }
}

/// Reads one value of `node` and writes its encoding.
struct Seed<'s> {
    schema: &'s Schema,
    node: NodeId,
    mode: Mode,
    out: &'s mut Vec<u8>,
    /// Set on an encoding error (the parser's own error then only unwinds).
    err: &'s mut Option<EncodeError>,
    pool: &'s mut Pool,
}

fn fail<E: de::Error>(slot: &mut Option<EncodeError>, e: EncodeError) -> E {
    *slot = Some(e);
    E::custom("schema mismatch")
}

impl<'de> DeserializeSeed<'de> for Seed<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        let n = self.schema.node(self.node);
        let whole_value =
            matches!(n.kind, Kind::Union(_)) || (self.mode == Mode::Plain && n.logical.is_some());
        if whole_value {
            let value = Value::deserialize(d)?;
            return encode::encode(self.schema, self.node, &value, self.mode, self.out)
                .map_err(|e| fail(self.err, e));
        }
        d.deserialize_any(self)
    }
}

impl<'s> Seed<'s> {
    fn kind(&self) -> &'s Kind {
        &self.schema.node(self.node).kind
    }

    fn expected(&self) -> &'static str {
        match self.kind() {
            Kind::Null => "null",
            Kind::Boolean => "a boolean",
            Kind::Int => "an int",
            Kind::Long => "a long",
            Kind::Float => "a float",
            Kind::Double => "a double",
            Kind::Bytes => "bytes as a string",
            Kind::String => "a string",
            Kind::Fixed(_) => "fixed bytes as a string",
            Kind::Enum(_) => "an enum symbol",
            Kind::Array(_) => "an array",
            Kind::Map(_) => "a map (JSON object)",
            Kind::Record(_) => "a record (JSON object)",
            Kind::Union(_) => "a union value",
        }
    }

    fn mismatch<E: de::Error>(self, got: &'static str) -> E {
        let e = EncodeError::mismatch_kind(self.expected(), got);
        fail(self.err, e)
    }

    fn integer<E: de::Error>(self, v: i64) -> Result<(), E> {
        match self.kind() {
            Kind::Int => match i32::try_from(v) {
                Ok(i) => write_zigzag(self.out, i64::from(i)),
                Err(_) => {
                    return Err(fail(
                        self.err,
                        EncodeError::other(format!("{v} does not fit an Avro int")),
                    ))
                }
            },
            Kind::Long => write_zigzag(self.out, v),
            Kind::Float => self.out.extend_from_slice(&(v as f32).to_le_bytes()),
            Kind::Double => self.out.extend_from_slice(&(v as f64).to_le_bytes()),
            _ => return Err(self.mismatch("number")),
        }
        Ok(())
    }
}

impl<'de> Visitor<'de> for Seed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.expected())
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        match self.kind() {
            Kind::Null => Ok(()),
            _ => Err(self.mismatch("null")),
        }
    }

    fn visit_bool<E: de::Error>(self, b: bool) -> Result<(), E> {
        match self.kind() {
            Kind::Boolean => {
                self.out.push(u8::from(b));
                Ok(())
            }
            _ => Err(self.mismatch("boolean")),
        }
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<(), E> {
        self.integer(v)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<(), E> {
        match i64::try_from(v) {
            Ok(v) => self.integer(v),
            Err(_) => match self.kind() {
                Kind::Float | Kind::Double => self.visit_f64(v as f64),
                Kind::Int | Kind::Long => {
                    let e = EncodeError::other(format!(
                        "{v} is not {} (a whole number in range)",
                        self.expected()
                    ));
                    Err(fail(self.err, e))
                }
                _ => Err(self.mismatch("number")),
            },
        }
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<(), E> {
        match self.kind() {
            Kind::Float => self.out.extend_from_slice(&(v as f32).to_le_bytes()),
            Kind::Double => self.out.extend_from_slice(&v.to_le_bytes()),
            Kind::Int | Kind::Long if v.fract() == 0.0 && v.abs() < 9.007_199_254_740_992e15 => {
                return self.integer(v as i64)
            }
            Kind::Int | Kind::Long => {
                // Shown as JSON shows it, like the value encoder does.
                let shown =
                    serde_json::Number::from_f64(v).map_or(v.to_string(), |n| n.to_string());
                let e = EncodeError::other(format!(
                    "{shown} is not {} (a whole number in range)",
                    self.expected()
                ));
                return Err(fail(self.err, e));
            }
            _ => return Err(self.mismatch("number")),
        }
        Ok(())
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<(), E> {
        match self.kind() {
            Kind::String => {
                write_zigzag(self.out, s.len() as i64);
                self.out.extend_from_slice(s.as_bytes());
            }
            Kind::Bytes => {
                let len = code_point_len(s).map_err(|e| fail(self.err, e))?;
                write_zigzag(self.out, len as i64);
                let _ = push_code_points(self.out, s);
            }
            Kind::Fixed(f) => {
                let len = code_point_len(s).map_err(|e| fail(self.err, e))?;
                if len != f.size {
                    let e = EncodeError::other(format!(
                        "fixed '{}' needs {} bytes, got {len}",
                        f.name.fullname, f.size
                    ));
                    return Err(fail(self.err, e));
                }
                let _ = push_code_points(self.out, s);
            }
            Kind::Enum(en) => match en.symbols.iter().position(|sym| sym == s) {
                Some(i) => write_zigzag(self.out, i as i64),
                None => {
                    let e = EncodeError::other(format!(
                        "'{s}' is not a symbol of enum '{}' ({})",
                        en.name.fullname,
                        encode::list(&en.symbols)
                    ));
                    return Err(fail(self.err, e));
                }
            },
            Kind::Float | Kind::Double => {
                let v = match s {
                    "NaN" => f64::NAN,
                    "Infinity" | "+Infinity" => f64::INFINITY,
                    "-Infinity" => f64::NEG_INFINITY,
                    _ => return Err(self.mismatch("string")),
                };
                return self.visit_f64(v);
            }
            _ => return Err(self.mismatch("string")),
        }
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let Kind::Array(items) = *self.kind() else {
            return Err(self.mismatch("array"));
        };
        let mut buf = self.pool.take();
        let mut count = 0usize;
        loop {
            let next = seq.next_element_seed(Seed {
                schema: self.schema,
                node: items,
                mode: self.mode,
                out: &mut buf,
                err: &mut *self.err,
                pool: &mut *self.pool,
            });
            match next {
                Ok(Some(())) => count += 1,
                Ok(None) => break,
                Err(e) => {
                    if let Some(err) = self.err.take() {
                        *self.err = Some(err.at_index(count));
                    }
                    return Err(e);
                }
            }
        }
        if count > 0 {
            write_zigzag(self.out, count as i64);
            self.out.extend_from_slice(&buf);
        }
        self.out.push(0);
        self.pool.give(buf);
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        match self.kind() {
            Kind::Map(values) => {
                let values = *values;
                self.map(values, map)
            }
            Kind::Record(_) => self.record(map),
            _ => Err(self.mismatch("object")),
        }
    }
}

impl Seed<'_> {
    fn map<'de, A: MapAccess<'de>>(self, values: NodeId, mut map: A) -> Result<(), A::Error> {
        let mut buf = self.pool.take();
        let mut count = 0usize;
        let mut key_at = 0usize;
        while let Some(()) = map.next_key_seed(MapKey(&mut buf, &mut key_at))? {
            count += 1;
            let result = map.next_value_seed(Seed {
                schema: self.schema,
                node: values,
                mode: self.mode,
                out: &mut buf,
                err: &mut *self.err,
                pool: &mut *self.pool,
            });
            if let Err(e) = result {
                if let Some(err) = self.err.take() {
                    // The key was written into the buffer just before its value.
                    let key = key_text(&buf[key_at..]);
                    *self.err = Some(err.at_key(&key));
                }
                return Err(e);
            }
        }
        if count > 0 {
            write_zigzag(self.out, count as i64);
            self.out.extend_from_slice(&buf);
        }
        self.out.push(0);
        self.pool.give(buf);
        Ok(())
    }

    fn record<'de, A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let schema = self.schema;
        let Kind::Record(rec) = &schema.node(self.node).kind else {
            unreachable!("record() on a record");
        };
        let fields = &rec.fields;
        // Fields before `next` are written; later ones that came early wait in `parked`.
        let mut next = 0usize;
        let mut parked: Vec<Option<Vec<u8>>> = Vec::new();
        loop {
            let key = map.next_key_seed(FieldKey {
                schema: self.schema,
                node: self.node,
                hint: next,
            });
            let i = match key {
                Ok(Some(Ok(i))) => i,
                Ok(Some(Err(e))) => return Err(fail(self.err, e)),
                Ok(None) => break,
                Err(e) => return Err(e),
            };
            let seen = i < next || parked.get(i).is_some_and(Option::is_some);
            if seen {
                let e = EncodeError::other(format!("field '{}' is given twice", fields[i].name));
                return Err(fail(self.err, e));
            }
            let in_place = i == next;
            let mut side = if in_place {
                Vec::new()
            } else {
                self.pool.take()
            };
            let result = map.next_value_seed(Seed {
                schema: self.schema,
                node: fields[i].node,
                mode: self.mode,
                out: if in_place { &mut *self.out } else { &mut side },
                err: &mut *self.err,
                pool: &mut *self.pool,
            });
            if let Err(e) = result {
                if let Some(err) = self.err.take() {
                    *self.err = Some(err.at_field(&fields[i].name));
                }
                return Err(e);
            }
            if in_place {
                next += 1;
                while let Some(b) = parked.get_mut(next).and_then(Option::take) {
                    self.out.extend_from_slice(&b);
                    self.pool.give(b);
                    next += 1;
                }
            } else {
                if parked.is_empty() {
                    parked.resize_with(fields.len(), || None);
                }
                parked[i] = Some(side);
            }
        }
        for (j, field) in fields.iter().enumerate().skip(next) {
            if let Some(b) = parked.get_mut(j).and_then(Option::take) {
                self.out.extend_from_slice(&b);
                self.pool.give(b);
                continue;
            }
            match &field.default {
                Some(Ok(bytes)) => self.out.extend_from_slice(bytes),
                Some(Err(why)) => {
                    let e = EncodeError::other(format!(
                        "missing field '{}', and its default is unusable ({why})",
                        field.name
                    ));
                    return Err(fail(self.err, e));
                }
                None => match null_branch(self.schema, field.node) {
                    Some(b) if self.mode == Mode::Plain => write_zigzag(self.out, b as i64),
                    _ => {
                        let e = EncodeError::other(format!(
                            "missing field '{}' of record '{}' (it has no default)",
                            field.name, rec.name.fullname
                        ));
                        return Err(fail(self.err, e));
                    }
                },
            }
        }
        Ok(())
    }
}

/// A map key: written to the buffer as an Avro string (its start noted for errors).
struct MapKey<'b>(&'b mut Vec<u8>, &'b mut usize);

impl<'de> DeserializeSeed<'de> for MapKey<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for MapKey<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a map key")
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<(), E> {
        *self.1 = self.0.len();
        write_zigzag(self.0, s.len() as i64);
        self.0.extend_from_slice(s.as_bytes());
        Ok(())
    }
}

/// The text of the Avro string at the start of `bytes` (a map key, for errors).
fn key_text(bytes: &[u8]) -> String {
    let mut input = bytes;
    match crate::serde::wire::read_zigzag(&mut input) {
        Ok(n) if n >= 0 && (n as usize) <= input.len() => {
            String::from_utf8_lossy(&input[..n as usize]).into_owned()
        }
        _ => String::new(),
    }
}

/// A record's field name, resolved to its index (checking `hint` first: fields
/// usually come in schema order).
struct FieldKey<'s> {
    schema: &'s Schema,
    node: NodeId,
    hint: usize,
}

impl<'de> DeserializeSeed<'de> for FieldKey<'_> {
    type Value = Result<usize, EncodeError>;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for FieldKey<'_> {
    type Value = Result<usize, EncodeError>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
        let Kind::Record(rec) = &self.schema.node(self.node).kind else {
            unreachable!("FieldKey on a record");
        };
        if rec.fields.get(self.hint).is_some_and(|f| f.name == s) {
            return Ok(Ok(self.hint));
        }
        Ok(rec.fields.iter().position(|f| f.name == s).ok_or_else(|| {
            EncodeError::other(format!("record '{}' has no field '{s}'", rec.name.fullname))
        }))
    }
}
