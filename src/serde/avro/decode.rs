//! Avro binary → JSON through a precompiled plan.
//!
//! A [`Plan`] is built once per (writer schema, reader schema, JSON mapping): it
//! resolves schema evolution (fields matched by name and alias, skipped or filled
//! from defaults, enum symbols mapped, numeric and string/bytes promotions, unions on
//! either side) and chooses how each value is rendered. Decoding a record then only
//! follows the plan: no name lookups and no schema walking per record. Without a
//! reader schema the writer schema is resolved against itself, so both cases share
//! one code path.
//!
//! Every read is bounds-checked: truncated or garbage input is an error, never a panic
//! or a huge allocation, and nesting is limited.

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::Value;

use super::logical::{self, Unit};
use super::schema::{Kind, Logical, NodeId, Schema};
use super::Mode;
use crate::serde::wire::{read_zigzag, VarintError};

type StepId = usize;

/// Deepest nesting accepted while decoding (records in records, arrays, unions).
const MAX_DEPTH: u32 = 128;
/// Most elements accepted in one array of zero-width items (e.g. `null`s).
const MAX_EMPTY_ITEMS: i64 = 1 << 20;

/// How a number read from the wire is shown.
#[derive(Debug, Clone, Copy)]
enum Num {
    Integer,
    /// Shown as a floating-point number (float/double, or an int/long promoted to one).
    Float32,
    Float64,
    Date,
    Time(Unit),
    Timestamp(Unit, bool),
}

/// How bytes read from the wire are shown.
#[derive(Debug, Clone, Copy)]
enum Bin {
    /// Code points U+0000..U+00FF, Avro's JSON form of bytes.
    CodePoints,
    /// UTF-8 text (Avro strings; bytes promoted to string).
    Text,
    Decimal(u32),
    /// 16 raw bytes shown as a UUID.
    Uuid,
    Duration,
}

#[derive(Debug)]
enum Step {
    Null,
    Boolean,
    Int(Num),
    Long(Num),
    Float(Num),
    Double,
    Bytes(Bin),
    String(Bin),
    Fixed(usize, Bin),
    Enum {
        /// Reader symbol for each writer symbol index (`None`: not in the reader).
        symbols: Vec<Option<String>>,
        name: String,
    },
    Array {
        items: StepId,
        zero_width: bool,
    },
    Map(StepId),
    Record(Box<RecordStep>),
    /// A union on the writer side: one entry per writer branch, with the reader
    /// branch's tag for the `avro` mapping, or why that branch cannot be read.
    WriterUnion(Vec<Result<(Option<String>, StepId), String>>),
    /// A non-union writer read into a reader union: the value, tagged in `avro` mode.
    Wrap {
        tag: Option<String>,
        step: StepId,
    },
}

#[derive(Debug)]
struct RecordStep {
    /// In writer field order.
    fields: Vec<FieldStep>,
    /// Output names in reader field order.
    names: Vec<String>,
    /// `,"name":` for each output field, escaped once (the first field skips the comma).
    keys: Vec<Vec<u8>>,
    /// Reader fields missing from the writer: (output index, encoded default, plan).
    defaults: Vec<(usize, Vec<u8>, StepId)>,
    /// Output order equals writer order and nothing is skipped or defaulted.
    in_order: bool,
}

#[derive(Debug)]
enum FieldStep {
    Read { out: usize, step: StepId },
    Skip(NodeId),
}

/// A compiled decoding plan.
#[derive(Debug)]
pub struct Plan {
    writer: Arc<Schema>,
    steps: Vec<Step>,
    root: StepId,
}

/// Which schema a node id belongs to, while compiling.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Side {
    Writer,
    /// The reader against itself (for defaults).
    Reader,
}

struct Compiler<'a> {
    writer: &'a Schema,
    reader: &'a Schema,
    mode: Mode,
    steps: Vec<Step>,
    memo: HashMap<(Side, NodeId, NodeId), StepId>,
}

impl Plan {
    /// Compiles the plan for reading data written with `writer` as `reader` (or as
    /// itself when `reader` is `None`).
    pub fn new(
        writer: Arc<Schema>,
        reader: Option<&Arc<Schema>>,
        mode: Mode,
    ) -> Result<Plan, String> {
        let reader_schema = reader.cloned().unwrap_or_else(|| writer.clone());
        let mut c = Compiler {
            writer: &writer,
            reader: &reader_schema,
            mode,
            steps: Vec::new(),
            memo: HashMap::new(),
        };
        let root = c.resolve(Side::Writer, writer.root, reader_schema.root)?;
        let steps = c.steps;
        Ok(Plan {
            writer,
            steps,
            root,
        })
    }
}

fn promotable(w: &Kind, r: &Kind) -> bool {
    matches!(
        (w, r),
        (Kind::Int, Kind::Long | Kind::Float | Kind::Double)
            | (Kind::Long, Kind::Float | Kind::Double)
            | (Kind::Float, Kind::Double)
            | (Kind::String, Kind::Bytes)
            | (Kind::Bytes, Kind::String)
    )
}

fn same_kind(writer: &Schema, w: NodeId, reader: &Schema, r: NodeId) -> bool {
    match (&writer.node(w).kind, &reader.node(r).kind) {
        (Kind::Record(a), Kind::Record(b)) => b.name.answers_to(&a.name),
        (Kind::Enum(a), Kind::Enum(b)) => b.name.answers_to(&a.name),
        (Kind::Fixed(a), Kind::Fixed(b)) => b.name.answers_to(&a.name) && a.size == b.size,
        (Kind::Array(_), Kind::Array(_)) | (Kind::Map(_), Kind::Map(_)) => true,
        (a, b) => {
            std::mem::discriminant(a) == std::mem::discriminant(b) && !matches!(a, Kind::Union(_))
        }
    }
}

impl Compiler<'_> {
    fn schemas(&self, side: Side) -> (&Schema, &Schema) {
        match side {
            Side::Writer => (self.writer, self.reader),
            Side::Reader => (self.reader, self.reader),
        }
    }

    fn push(&mut self, step: Step) -> StepId {
        self.steps.push(step);
        self.steps.len() - 1
    }

    fn tag(&self, r: NodeId) -> Option<String> {
        let reader = self.reader;
        match (self.mode, &reader.node(r).kind) {
            (_, Kind::Null) | (Mode::Plain, _) => None,
            _ => Some(reader.branch_name(r).to_string()),
        }
    }

    fn resolve(&mut self, side: Side, w: NodeId, r: NodeId) -> Result<StepId, String> {
        if let Some(id) = self.memo.get(&(side, w, r)) {
            return Ok(*id);
        }
        let (writer, reader) = self.schemas(side);
        let wn = writer.node(w);
        let rn = reader.node(r);
        // Unions first: either side may be one.
        if let Kind::Union(wb) = &wn.kind {
            let wb = wb.clone();
            let id = self.push(Step::Null);
            self.memo.insert((side, w, r), id);
            let mut branches = Vec::with_capacity(wb.len());
            for b in wb {
                let resolved = match &self.schemas(side).1.node(r).kind {
                    Kind::Union(_) => self.resolve_in_union(side, b, r),
                    _ => self.resolve(side, b, r).map(|step| (None, step)),
                };
                branches.push(resolved);
            }
            self.steps[id] = Step::WriterUnion(branches);
            return Ok(id);
        }
        if let Kind::Union(_) = &rn.kind {
            let (tag, step) = self.resolve_in_union(side, w, r)?;
            let id = self.push(Step::Wrap { tag, step });
            self.memo.insert((side, w, r), id);
            return Ok(id);
        }
        let plain = self.mode == Mode::Plain;
        // Logical types come from the reader when the physical types agree.
        let logical = if std::mem::discriminant(&wn.kind) == std::mem::discriminant(&rn.kind) {
            rn.logical.filter(|_| plain)
        } else {
            None
        };
        let mismatch = || {
            format!(
                "writer type '{}' cannot be read as '{}'",
                writer.branch_name(w),
                reader.branch_name(r)
            )
        };
        let step = match (&wn.kind, &rn.kind) {
            (Kind::Null, Kind::Null) => Step::Null,
            (Kind::Boolean, Kind::Boolean) => Step::Boolean,
            (Kind::Int, Kind::Int) => Step::Int(match logical {
                Some(Logical::Date) => Num::Date,
                Some(Logical::TimeMillis) => Num::Time(Unit::Millis),
                _ => Num::Integer,
            }),
            (Kind::Int, Kind::Long) => Step::Int(Num::Integer),
            (Kind::Int, Kind::Float) => Step::Int(Num::Float32),
            (Kind::Int, Kind::Double) => Step::Int(Num::Float64),
            (Kind::Long, Kind::Long) => Step::Long(match logical {
                Some(Logical::TimeMicros) => Num::Time(Unit::Micros),
                Some(Logical::TimestampMillis) => Num::Timestamp(Unit::Millis, false),
                Some(Logical::TimestampMicros) => Num::Timestamp(Unit::Micros, false),
                Some(Logical::TimestampNanos) => Num::Timestamp(Unit::Nanos, false),
                Some(Logical::LocalTimestampMillis) => Num::Timestamp(Unit::Millis, true),
                Some(Logical::LocalTimestampMicros) => Num::Timestamp(Unit::Micros, true),
                Some(Logical::LocalTimestampNanos) => Num::Timestamp(Unit::Nanos, true),
                _ => Num::Integer,
            }),
            (Kind::Long, Kind::Float) => Step::Long(Num::Float32),
            (Kind::Long, Kind::Double) => Step::Long(Num::Float64),
            (Kind::Float, Kind::Float) => Step::Float(Num::Float32),
            (Kind::Float, Kind::Double) => Step::Float(Num::Float64),
            (Kind::Double, Kind::Double) => Step::Double,
            (Kind::Bytes, Kind::Bytes) => Step::Bytes(match logical {
                Some(Logical::Decimal { scale, .. }) => Bin::Decimal(scale),
                _ => Bin::CodePoints,
            }),
            (Kind::Bytes, Kind::String) => Step::Bytes(Bin::Text),
            (Kind::String, Kind::String) => Step::String(Bin::Text),
            (Kind::String, Kind::Bytes) => Step::String(Bin::CodePoints),
            (Kind::Fixed(a), Kind::Fixed(b)) if b.name.answers_to(&a.name) && a.size == b.size => {
                Step::Fixed(
                    a.size,
                    match logical {
                        Some(Logical::Decimal { scale, .. }) => Bin::Decimal(scale),
                        Some(Logical::Uuid) => Bin::Uuid,
                        Some(Logical::Duration) => Bin::Duration,
                        _ => Bin::CodePoints,
                    },
                )
            }
            (Kind::Enum(a), Kind::Enum(b)) if b.name.answers_to(&a.name) => {
                let default = b.default.map(|i| b.symbols[i].clone());
                Step::Enum {
                    symbols: a
                        .symbols
                        .iter()
                        .map(|s| {
                            if b.symbols.contains(s) {
                                Some(s.clone())
                            } else {
                                default.clone()
                            }
                        })
                        .collect(),
                    name: b.name.fullname.clone(),
                }
            }
            (Kind::Array(wi), Kind::Array(ri)) => {
                let (wi, ri) = (*wi, *ri);
                let zero_width = zero_width(writer, wi, 0);
                let id = self.push(Step::Null);
                self.memo.insert((side, w, r), id);
                let items = self.resolve(side, wi, ri)?;
                self.steps[id] = Step::Array { items, zero_width };
                return Ok(id);
            }
            (Kind::Map(wv), Kind::Map(rv)) => {
                let (wv, rv) = (*wv, *rv);
                let id = self.push(Step::Null);
                self.memo.insert((side, w, r), id);
                let values = self.resolve(side, wv, rv)?;
                self.steps[id] = Step::Map(values);
                return Ok(id);
            }
            (Kind::Record(a), Kind::Record(b)) if b.name.answers_to(&a.name) => {
                return self.record(side, w, r);
            }
            _ => return Err(mismatch()),
        };
        let id = self.push(step);
        self.memo.insert((side, w, r), id);
        Ok(id)
    }

    /// Resolves a (non-union) writer node against a reader union: the first reader
    /// branch of the same type, else the first it can be promoted to.
    fn resolve_in_union(
        &mut self,
        side: Side,
        w: NodeId,
        r: NodeId,
    ) -> Result<(Option<String>, StepId), String> {
        let (writer, reader) = self.schemas(side);
        let Kind::Union(rb) = &reader.node(r).kind else {
            unreachable!("resolve_in_union needs a reader union");
        };
        let pick = rb
            .iter()
            .find(|b| same_kind(writer, w, reader, **b))
            .or_else(|| {
                rb.iter()
                    .find(|b| promotable(&writer.node(w).kind, &reader.node(**b).kind))
            })
            .copied();
        let Some(b) = pick else {
            return Err(format!(
                "writer type '{}' is not in the reader's union",
                writer.branch_name(w)
            ));
        };
        let step = self.resolve(side, w, b)?;
        Ok((self.tag(b), step))
    }

    fn record(&mut self, side: Side, w: NodeId, r: NodeId) -> Result<StepId, String> {
        let id = self.push(Step::Null);
        self.memo.insert((side, w, r), id);
        let (writer, reader) = self.schemas(side);
        let (Kind::Record(wr), Kind::Record(rr)) = (&writer.node(w).kind, &reader.node(r).kind)
        else {
            unreachable!("record needs two records");
        };
        let names: Vec<String> = rr.fields.iter().map(|f| f.name.clone()).collect();
        let mut pairs: Vec<(Option<usize>, NodeId)> = Vec::with_capacity(wr.fields.len());
        let mut used = vec![false; rr.fields.len()];
        for wf in &wr.fields {
            let found = rr
                .fields
                .iter()
                .position(|rf| rf.name == wf.name)
                .or_else(|| {
                    rr.fields
                        .iter()
                        .position(|rf| rf.aliases.contains(&wf.name))
                });
            if let Some(i) = found {
                used[i] = true;
            }
            pairs.push((found, wf.node));
        }
        let mut missing: Vec<(usize, Vec<u8>, NodeId)> = Vec::new();
        for (i, rf) in rr.fields.iter().enumerate() {
            if used[i] {
                continue;
            }
            match &rf.default {
                Some(Ok(bytes)) => missing.push((i, bytes.clone(), rf.node)),
                Some(Err(why)) => {
                    return Err(format!(
                        "reader field '{}.{}' is not in the writer schema and its default is unusable: {why}",
                        rr.name.fullname, rf.name
                    ))
                }
                None => {
                    return Err(format!(
                        "reader field '{}.{}' is not in the writer schema and has no default",
                        rr.name.fullname, rf.name
                    ))
                }
            }
        }
        let reader_fields: Vec<NodeId> = rr.fields.iter().map(|f| f.node).collect();
        let record_name = rr.name.fullname.clone();
        let mut fields = Vec::with_capacity(pairs.len());
        let mut in_order = missing.is_empty() && pairs.len() == reader_fields.len();
        for (pos, (found, wnode)) in pairs.into_iter().enumerate() {
            match found {
                Some(out) => {
                    in_order &= out == pos;
                    let step = self
                        .resolve(side, wnode, reader_fields[out])
                        .map_err(|e| format!("field '{record_name}.{}': {e}", names[out]))?;
                    fields.push(FieldStep::Read { out, step });
                }
                None => {
                    in_order = false;
                    fields.push(FieldStep::Skip(wnode));
                }
            }
        }
        let mut defaults = Vec::with_capacity(missing.len());
        for (out, bytes, rnode) in missing {
            let step = self.resolve(Side::Reader, rnode, rnode)?;
            defaults.push((out, bytes, step));
        }
        let keys = names
            .iter()
            .map(|n| {
                let mut k = b",".to_vec();
                json_str(&mut k, n);
                k.push(b':');
                k
            })
            .collect();
        self.steps[id] = Step::Record(Box::new(RecordStep {
            fields,
            names,
            keys,
            defaults,
            in_order,
        }));
        Ok(id)
    }
}

/// True when values of `node` may take no bytes at all (null, fixed(0), records of those).
fn zero_width(schema: &Schema, node: NodeId, depth: u32) -> bool {
    if depth > MAX_DEPTH {
        return false;
    }
    match &schema.node(node).kind {
        Kind::Null => true,
        Kind::Fixed(f) => f.size == 0,
        Kind::Record(r) => r
            .fields
            .iter()
            .all(|f| zero_width(schema, f.node, depth + 1)),
        _ => false,
    }
}

fn truncated() -> String {
    "truncated Avro data".to_string()
}

fn varint(input: &mut &[u8]) -> Result<i64, String> {
    read_zigzag(input).map_err(|e| match e {
        VarintError::Truncated => truncated(),
        VarintError::Overlong => "invalid Avro data: overlong varint".to_string(),
    })
}

fn take<'a>(input: &mut &'a [u8], n: usize) -> Result<&'a [u8], String> {
    if input.len() < n {
        return Err(truncated());
    }
    let (head, rest) = input.split_at(n);
    *input = rest;
    Ok(head)
}

fn length(input: &mut &[u8]) -> Result<usize, String> {
    let n = varint(input)?;
    let n = usize::try_from(n).map_err(|_| format!("invalid Avro data: negative length {n}"))?;
    if n > input.len() {
        return Err(truncated());
    }
    Ok(n)
}

/// Appends `s` as a JSON string.
fn json_str(out: &mut Vec<u8>, s: &str) {
    // Writing to a Vec cannot fail.
    let _ = serde_json::to_writer(&mut *out, s);
}

fn non_finite(out: &mut Vec<u8>, v: f64) {
    out.extend_from_slice(if v.is_nan() {
        b"\"NaN\""
    } else if v > 0.0 {
        b"\"Infinity\""
    } else {
        b"\"-Infinity\""
    });
}

fn float32(out: &mut Vec<u8>, v: f32) {
    if v.is_finite() {
        // The shortest text that reads back as this f32, not its f64 widening.
        let _ = serde_json::to_writer(&mut *out, &v);
    } else {
        non_finite(out, f64::from(v));
    }
}

fn float64(out: &mut Vec<u8>, v: f64) {
    if v.is_finite() {
        let _ = serde_json::to_writer(&mut *out, &v);
    } else {
        non_finite(out, v);
    }
}

fn number(out: &mut Vec<u8>, v: i64, num: Num) {
    let text = match num {
        Num::Integer => {
            let _ = serde_json::to_writer(&mut *out, &v);
            return;
        }
        Num::Float32 => return float32(out, v as f32),
        Num::Float64 => return float64(out, v as f64),
        Num::Date => logical::format_date(v),
        Num::Time(unit) => logical::format_time(v, unit),
        Num::Timestamp(unit, local) => logical::format_timestamp(v, unit, local),
    };
    match text {
        // Dates and times need no escaping.
        Some(t) => {
            out.push(b'"');
            out.extend_from_slice(t.as_bytes());
            out.push(b'"');
        }
        // Out of the range the text form covers: show the number itself.
        None => {
            let _ = serde_json::to_writer(&mut *out, &v);
        }
    }
}

fn binary(out: &mut Vec<u8>, bytes: &[u8], bin: Bin) -> Result<(), String> {
    match bin {
        Bin::CodePoints => {
            if bytes
                .iter()
                .all(|b| b.is_ascii_alphanumeric() || b" -_.:/+=".contains(b))
            {
                out.push(b'"');
                out.extend_from_slice(bytes);
                out.push(b'"');
            } else {
                let text: String = bytes.iter().map(|b| char::from(*b)).collect();
                json_str(out, &text);
            }
        }
        Bin::Text => json_str(
            out,
            std::str::from_utf8(bytes)
                .map_err(|e| format!("invalid UTF-8 in an Avro string: {e}"))?,
        ),
        Bin::Decimal(scale) => {
            out.push(b'"');
            out.extend_from_slice(logical::format_decimal(bytes, scale).as_bytes());
            out.push(b'"');
        }
        Bin::Uuid => {
            out.push(b'"');
            out.extend_from_slice(logical::format_uuid(bytes).as_bytes());
            out.push(b'"');
        }
        Bin::Duration => {
            let part =
                |i: usize| u32::from_le_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]);
            let _ = serde_json::to_writer(
                &mut *out,
                &serde_json::json!({"months": part(0), "days": part(4), "milliseconds": part(8)}),
            );
        }
    }
    Ok(())
}

impl Plan {
    /// Decodes one complete value straight to compact JSON text, appended to `out`.
    /// Trailing bytes are an error (usually a wrong schema).
    pub fn render(&self, bytes: &[u8], out: &mut Vec<u8>) -> Result<(), String> {
        let mut input = bytes;
        self.write(self.root, &mut input, out, 0)?;
        if !input.is_empty() {
            return Err(format!(
                "{} unread bytes after the Avro value (a different schema?)",
                input.len()
            ));
        }
        Ok(())
    }

    /// Decodes one complete value into a JSON value (tests; the decoder renders text).
    #[cfg(test)]
    pub fn decode(&self, bytes: &[u8]) -> Result<Value, String> {
        let mut out = Vec::with_capacity(bytes.len() * 2 + 16);
        self.render(bytes, &mut out)?;
        serde_json::from_slice(&out)
            .map_err(|e| format!("internal error rendering Avro as JSON: {e}"))
    }

    fn write(
        &self,
        step: StepId,
        input: &mut &[u8],
        out: &mut Vec<u8>,
        depth: u32,
    ) -> Result<(), String> {
        if depth > MAX_DEPTH {
            return Err(format!("Avro value nested deeper than {MAX_DEPTH} levels"));
        }
        match &self.steps[step] {
            Step::Null => out.extend_from_slice(b"null"),
            Step::Boolean => match take(input, 1)?[0] {
                0 => out.extend_from_slice(b"false"),
                1 => out.extend_from_slice(b"true"),
                b => return Err(format!("invalid Avro boolean byte 0x{b:02x}")),
            },
            Step::Int(num) => {
                let v = varint(input)?;
                if i32::try_from(v).is_err() {
                    return Err(format!("invalid Avro int {v} (out of range)"));
                }
                number(out, v, *num);
            }
            Step::Long(num) => number(out, varint(input)?, *num),
            Step::Float(num) => {
                let b = take(input, 4)?;
                let v = f32::from_le_bytes([b[0], b[1], b[2], b[3]]);
                match num {
                    Num::Float64 => float64(out, f64::from(v)),
                    _ => float32(out, v),
                }
            }
            Step::Double => {
                let b = take(input, 8)?;
                float64(out, f64::from_le_bytes(b.try_into().expect("8 bytes")));
            }
            Step::Bytes(bin) | Step::String(bin) => {
                let n = length(input)?;
                binary(out, take(input, n)?, *bin)?;
            }
            Step::Fixed(size, bin) => binary(out, take(input, *size)?, *bin)?,
            Step::Enum { symbols, name } => {
                let i = varint(input)?;
                match usize::try_from(i).ok().and_then(|i| symbols.get(i)) {
                    // Symbols are Avro names: nothing to escape.
                    Some(Some(s)) => {
                        out.push(b'"');
                        out.extend_from_slice(s.as_bytes());
                        out.push(b'"');
                    }
                    Some(None) => {
                        return Err(format!(
                            "enum symbol #{i} of the writer is not in the reader's enum '{name}', which has no default"
                        ))
                    }
                    None => return Err(format!("invalid Avro enum index {i} for '{name}'")),
                }
            }
            Step::Array { items, zero_width } => {
                out.push(b'[');
                let mut total: i64 = 0;
                loop {
                    let count = block_count(input)?;
                    if count == 0 {
                        break;
                    }
                    total += count;
                    if *zero_width {
                        if total > MAX_EMPTY_ITEMS {
                            return Err(format!(
                                "Avro array of more than {MAX_EMPTY_ITEMS} empty items"
                            ));
                        }
                    } else if count > input.len() as i64 {
                        return Err(truncated());
                    }
                    for i in 0..count {
                        if total - count + i > 0 {
                            out.push(b',');
                        }
                        self.write(*items, input, out, depth + 1)
                            .map_err(|e| prefix(&format!("[{}]", total - count + i), e))?;
                    }
                }
                out.push(b']');
            }
            Step::Map(values) => {
                out.push(b'{');
                let mut first = true;
                loop {
                    let count = block_count(input)?;
                    if count == 0 {
                        break;
                    }
                    if count > input.len() as i64 {
                        return Err(truncated());
                    }
                    for _ in 0..count {
                        let n = length(input)?;
                        let key = std::str::from_utf8(take(input, n)?)
                            .map_err(|e| format!("invalid UTF-8 in an Avro map key: {e}"))?;
                        if !first {
                            out.push(b',');
                        }
                        first = false;
                        json_str(out, key);
                        out.push(b':');
                        self.write(*values, input, out, depth + 1).map_err(|e| {
                            prefix(&format!("[{}]", Value::String(key.to_string())), e)
                        })?;
                    }
                }
                out.push(b'}');
            }
            Step::Record(rec) => self.write_record(rec, input, out, depth)?,
            Step::WriterUnion(branches) => {
                let i = varint(input)?;
                match usize::try_from(i).ok().and_then(|i| branches.get(i)) {
                    Some(Ok((tag, step))) => self.write_tagged(tag, *step, input, out, depth)?,
                    Some(Err(why)) => return Err(why.clone()),
                    None => {
                        return Err(format!(
                            "invalid Avro union index {i} (the union has {} types)",
                            branches.len()
                        ))
                    }
                }
            }
            Step::Wrap { tag, step } => self.write_tagged(tag, *step, input, out, depth)?,
        }
        Ok(())
    }

    /// A union value: `{"type": value}` in the `avro` mapping (null stays null).
    fn write_tagged(
        &self,
        tag: &Option<String>,
        step: StepId,
        input: &mut &[u8],
        out: &mut Vec<u8>,
        depth: u32,
    ) -> Result<(), String> {
        match tag {
            Some(tag) if !matches!(self.steps[step], Step::Null) => {
                out.extend_from_slice(b"{");
                json_str(out, tag);
                out.push(b':');
                self.write(step, input, out, depth + 1)?;
                out.push(b'}');
                Ok(())
            }
            _ => self.write(step, input, out, depth + 1),
        }
    }

    fn write_record(
        &self,
        rec: &RecordStep,
        input: &mut &[u8],
        out: &mut Vec<u8>,
        depth: u32,
    ) -> Result<(), String> {
        out.push(b'{');
        if rec.in_order {
            for (i, field) in rec.fields.iter().enumerate() {
                let FieldStep::Read { step, .. } = field else {
                    unreachable!("in-order records skip nothing");
                };
                out.extend_from_slice(&rec.keys[i][usize::from(i == 0)..]);
                self.write(*step, input, out, depth + 1)
                    .map_err(|e| prefix(&format!(".{}", rec.names[i]), e))?;
            }
            out.push(b'}');
            return Ok(());
        }
        // Evolution: render fields apart, then put them in the reader's order.
        let mut slots: Vec<Vec<u8>> = vec![Vec::new(); rec.names.len()];
        for field in &rec.fields {
            match field {
                FieldStep::Read { out: slot, step } => {
                    self.write(*step, input, &mut slots[*slot], depth + 1)
                        .map_err(|e| prefix(&format!(".{}", rec.names[*slot]), e))?;
                }
                FieldStep::Skip(node) => skip(&self.writer, *node, input, depth + 1)?,
            }
        }
        for (slot, bytes, step) in &rec.defaults {
            let mut default = &bytes[..];
            self.write(*step, &mut default, &mut slots[*slot], depth + 1)?;
        }
        for (i, value) in slots.iter().enumerate() {
            out.extend_from_slice(&rec.keys[i][usize::from(i == 0)..]);
            out.extend_from_slice(value);
        }
        out.push(b'}');
        Ok(())
    }
}

/// Adds a path segment to an error ("at .a.b[2]: ...").
fn prefix(seg: &str, err: String) -> String {
    match err.strip_prefix("at ") {
        Some(rest) => format!("at {seg}{rest}"),
        None => format!("at {seg}: {err}"),
    }
}

/// Reads an array/map block count; a negative count is followed by the block's size.
fn block_count(input: &mut &[u8]) -> Result<i64, String> {
    let count = varint(input)?;
    if count < 0 {
        let _size = varint(input)?;
        return count
            .checked_neg()
            .ok_or_else(|| "invalid Avro block count".to_string());
    }
    Ok(count)
}

/// Skips a value of a writer field that the reader does not have.
fn skip(schema: &Schema, node: NodeId, input: &mut &[u8], depth: u32) -> Result<(), String> {
    if depth > MAX_DEPTH {
        return Err(format!("Avro value nested deeper than {MAX_DEPTH} levels"));
    }
    match &schema.node(node).kind {
        Kind::Null => {}
        Kind::Boolean => {
            take(input, 1)?;
        }
        Kind::Int | Kind::Long | Kind::Enum(_) => {
            varint(input)?;
        }
        Kind::Float => {
            take(input, 4)?;
        }
        Kind::Double => {
            take(input, 8)?;
        }
        Kind::Bytes | Kind::String => {
            let n = length(input)?;
            take(input, n)?;
        }
        Kind::Fixed(f) => {
            take(input, f.size)?;
        }
        Kind::Array(items) => loop {
            let count = varint(input)?;
            if count == 0 {
                break;
            }
            if count < 0 {
                // The block size lets us jump over the whole block.
                let size = length(input)?;
                take(input, size)?;
                continue;
            }
            if count > input.len() as i64 && !zero_width(schema, *items, 0) {
                return Err(truncated());
            }
            for _ in 0..count.min(MAX_EMPTY_ITEMS) {
                skip(schema, *items, input, depth + 1)?;
            }
        },
        Kind::Map(values) => loop {
            let count = varint(input)?;
            if count == 0 {
                break;
            }
            if count < 0 {
                let size = length(input)?;
                take(input, size)?;
                continue;
            }
            if count > input.len() as i64 {
                return Err(truncated());
            }
            for _ in 0..count {
                let n = length(input)?;
                take(input, n)?;
                skip(schema, *values, input, depth + 1)?;
            }
        },
        Kind::Union(branches) => {
            let i = varint(input)?;
            let b = usize::try_from(i)
                .ok()
                .and_then(|i| branches.get(i))
                .ok_or_else(|| format!("invalid Avro union index {i}"))?;
            skip(schema, *b, input, depth + 1)?;
        }
        Kind::Record(r) => {
            for f in &r.fields {
                skip(schema, f.node, input, depth + 1)?;
            }
        }
    }
    Ok(())
}
