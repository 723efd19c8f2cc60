//! Entry points for the fuzz targets in `fuzz/` and for the corpus replay test.
//!
//! Each function takes arbitrary bytes, runs one parser or decoder over them the way kpipe
//! does on real input, and returns `Ok` or the parser's error. None of them may panic,
//! hang or allocate without bound, whatever the bytes: that is what `scripts/fuzz` checks
//! with libFuzzer, and what `tests/it/fuzz_corpus.rs` re-checks on stable for every input
//! committed under `fuzz/corpus/`. The schemas the decoders use are fixed here and cover
//! every kind of type, so that the fuzzer can reach every branch of the decoders.
//!
//! Not an API: the functions exist only so that code outside the crate can reach private
//! modules, and change whenever the parsers do.

use std::sync::{Arc, OnceLock};

use crate::consume::format::{Format as OutputFormat, Record};
use crate::consume::offsets::{self, Marks, OffsetSpec, Pos};
use crate::produce::format::Program;
use crate::serde::avro::{self, AvroDecoder, AvroJson};
use crate::serde::protobuf::{self, ProtoDecoder};
use crate::serde::{envelope, wire, Decoded, Decoder};

/// A fixed "now" (2023-11-14T22:13:20Z), so that a crash reproduces at any time.
const NOW: i64 = 1_700_000_000_000;

/// The `-o/--offset` grammar: each line of `data` is one `-o` value; a parsed spec is
/// then resolved for a few partitions against fixed watermarks. The partition-list
/// grammar (`--partitions 0,2,5-7`) gets every line too.
pub fn offsets(data: &[u8]) -> Result<(), String> {
    let text = String::from_utf8_lossy(data);
    let values: Vec<&str> = text.lines().collect();
    for value in &values {
        let _ = offsets::parse_partitions(value);
    }
    let spec = OffsetSpec::parse(&values, NOW)?;
    let marks = [
        Marks::default(),
        Marks {
            low: 10,
            high: 1_000,
            committed: Some(500),
        },
        Marks {
            low: i64::MAX - 1,
            high: i64::MAX,
            committed: Some(-1),
        },
    ];
    let partitions = spec.partitions.keys().copied().chain([0, i32::MAX]);
    for partition in partitions {
        let range = spec.range(partition);
        let (from_time, to_time) = offsets::times(&range);
        for m in marks {
            let _ = offsets::resolve(&range, Pos::Start, m, from_time, to_time, NOW);
            let _ = offsets::resolve(&range, Pos::Stored, m, Some(m.low), None, NOW);
        }
    }
    Ok(())
}

/// `consume --format`: parses `data` as a format string and renders two records with it
/// (one with every field present and decoded, one with null key, value and timestamp).
pub fn output_format(data: &[u8]) -> Result<(), String> {
    let spec = std::str::from_utf8(data).map_err(|e| e.to_string())?;
    let format = OutputFormat::parse(spec)?;
    let key = Decoded::Text("k\u{e9}y".into());
    let value = Decoded::Json(serde_json::json!({"a": [1, 2.5, null], "b": "x"}));
    let headers: [(&str, Option<&[u8]>); 3] = [
        ("h", Some(b"v")),
        ("bin", Some(&[0xff, 0x00, 0x80])),
        ("none", None),
    ];
    let full = Record {
        topic: "topic",
        partition: 3,
        offset: 42,
        timestamp: Some(NOW),
        key_raw: Some(b"k\xc3\xa9y"),
        value_raw: Some(br#"{"a":[1,2.5,null],"b":"x"}"#),
        key: Some(&key),
        value: Some(&value),
        headers: &headers,
    };
    let empty = Record {
        topic: "",
        partition: 0,
        offset: -1,
        timestamp: None,
        key_raw: None,
        value_raw: None,
        key: None,
        value: None,
        headers: &[],
    };
    let bytes = Decoded::Bytes(&[0xff, 0xfe, 0x00]);
    let raw = Record {
        key: Some(&bytes),
        value: Some(&bytes),
        timestamp: Some(i64::MIN),
        ..full
    };
    let mut out = Vec::new();
    for record in [&full, &empty, &raw] {
        for pretty in [false, true] {
            format.write(&mut out, record, pretty);
        }
    }
    Ok(())
}

/// `produce --input format:SPEC`: the first line of `data` is the format string, the
/// rest the input it reads.
pub fn input_format(data: &[u8]) -> Result<(), String> {
    let (spec, input) = match data.iter().position(|b| *b == b'\n') {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &[][..]),
    };
    let spec = std::str::from_utf8(spec).map_err(|e| e.to_string())?;
    let program = Program::compile(spec)?;
    program.parse_all(input).map(|_| ())
}

/// `produce --input json`: one JSON envelope line.
pub fn envelope(data: &[u8]) -> Result<(), String> {
    envelope::parse_record(data).map(|_| ())
}

/// The Schema Registry wire format: magic byte, schema id, then (as for protobuf) the
/// message-index path.
pub fn frame(data: &[u8]) -> Result<(), String> {
    let (_id, mut payload) = wire::split(data).map_err(|e| e.to_string())?;
    wire::read_message_indexes(&mut payload).map_err(|e| e.to_string())?;
    Ok(())
}

/// An Avro schema with every type, every logical type, unions, and recursion.
pub const AVRO_SCHEMA: &str = r#"{
  "type": "record", "name": "Everything", "namespace": "kpipe.fuzz",
  "fields": [
    {"name": "b", "type": "boolean"},
    {"name": "i", "type": "int"},
    {"name": "l", "type": "long"},
    {"name": "f", "type": "float"},
    {"name": "d", "type": "double"},
    {"name": "s", "type": "string"},
    {"name": "raw", "type": "bytes"},
    {"name": "color", "type": {"type": "enum", "name": "Color", "symbols": ["RED", "GREEN"]}},
    {"name": "fix", "type": {"type": "fixed", "name": "Four", "size": 4}},
    {"name": "list", "type": {"type": "array", "items": "long"}},
    {"name": "dict", "type": {"type": "map", "values": ["null", "string", "Color"]}},
    {"name": "maybe", "type": ["null", "string", "int", "Four"]},
    {"name": "date", "type": {"type": "int", "logicalType": "date"}},
    {"name": "tmillis", "type": {"type": "int", "logicalType": "time-millis"}},
    {"name": "tmicros", "type": {"type": "long", "logicalType": "time-micros"}},
    {"name": "tsmillis", "type": {"type": "long", "logicalType": "timestamp-millis"}},
    {"name": "tsmicros", "type": {"type": "long", "logicalType": "timestamp-micros"}},
    {"name": "tsnanos", "type": {"type": "long", "logicalType": "timestamp-nanos"}},
    {"name": "local", "type": {"type": "long", "logicalType": "local-timestamp-millis"}},
    {"name": "dec", "type": {"type": "bytes", "logicalType": "decimal", "precision": 20, "scale": 4}},
    {"name": "decfix", "type": {"type": "fixed", "name": "Dec8", "size": 8,
                                "logicalType": "decimal", "precision": 18, "scale": 2}},
    {"name": "uuid", "type": {"type": "string", "logicalType": "uuid"}},
    {"name": "dur", "type": {"type": "fixed", "name": "Dur", "size": 12, "logicalType": "duration"}},
    {"name": "next", "type": ["null", "Everything"]}
  ]
}"#;

fn avro_schema() -> &'static Arc<avro::schema::Schema> {
    static SCHEMA: OnceLock<Arc<avro::schema::Schema>> = OnceLock::new();
    SCHEMA.get_or_init(|| avro::parse_schema(AVRO_SCHEMA, "fuzzing").expect("the fuzzing schema"))
}

/// Avro binary decoded with [`AVRO_SCHEMA`], in both JSON mappings, bare and framed.
pub fn avro(data: &[u8]) -> Result<(), String> {
    let mut results = Vec::new();
    for json in [AvroJson::Plain, AvroJson::Avro] {
        for framed in [false, true] {
            let mut decoder = AvroDecoder::local(avro_schema().clone(), json, framed)?;
            results.push(decoder.decode(data).map(|d| drop(d.json())));
        }
    }
    any_ok(results)
}

/// A protobuf schema with every scalar, enums, maps, oneofs, nesting, recursion and
/// well-known types.
pub const PROTO_SCHEMA: &str = r#"
syntax = "proto3";
package kpipe.fuzz;

import "google/protobuf/timestamp.proto";
import "google/protobuf/duration.proto";
import "google/protobuf/struct.proto";
import "google/protobuf/wrappers.proto";
import "google/protobuf/any.proto";

message Everything {
  double d = 1;
  float f = 2;
  int32 i32 = 3;
  int64 i64 = 4;
  uint32 u32 = 5;
  uint64 u64 = 6;
  sint32 s32 = 7;
  sint64 s64 = 8;
  fixed32 fx32 = 9;
  fixed64 fx64 = 10;
  sfixed32 sf32 = 11;
  sfixed64 sf64 = 12;
  bool b = 13;
  string s = 14;
  bytes raw = 15;
  Color color = 16;
  repeated int64 packed = 17;
  repeated string names = 18;
  map<string, Everything> children = 19;
  map<int64, bytes> blobs = 20;
  oneof choice {
    string text = 21;
    Inner inner = 22;
  }
  optional int32 maybe = 23;
  google.protobuf.Timestamp at = 24;
  google.protobuf.Duration took = 25;
  google.protobuf.Struct meta = 26;
  google.protobuf.Int64Value wrapped = 27;
  google.protobuf.Any any = 28;
  google.protobuf.Value dynamic = 29;
  repeated Color colors = 30;

  message Inner { Everything back = 1; repeated double xs = 2; }
}

enum Color {
  UNKNOWN = 0;
  RED = 1;
}
"#;

fn proto_message() -> &'static prost_reflect::MessageDescriptor {
    static MESSAGE: OnceLock<prost_reflect::MessageDescriptor> = OnceLock::new();
    MESSAGE.get_or_init(|| {
        protobuf::compile_text(PROTO_SCHEMA, &[])
            .and_then(|protos| protos.message(Some("kpipe.fuzz.Everything")))
            .expect("the fuzzing schema")
    })
}

/// Protobuf binary decoded as [`PROTO_SCHEMA`]'s `Everything`, bare and framed.
pub fn protobuf(data: &[u8]) -> Result<(), String> {
    let mut results = Vec::new();
    for framed in [false, true] {
        let mut decoder = ProtoDecoder::local(proto_message().clone(), framed);
        results.push(decoder.decode(data).map(|d| drop(d.json())));
    }
    any_ok(results)
}

/// `Ok` when the bytes decoded in at least one of the ways tried, else the first error.
fn any_ok(results: Vec<Result<(), crate::serde::SerdeError>>) -> Result<(), String> {
    let mut first = None;
    for result in results {
        match result {
            Ok(()) => return Ok(()),
            Err(e) => {
                first.get_or_insert(e);
            }
        }
    }
    first.map_or(Ok(()), |e| Err(e.to_string()))
}

/// A fuzzing entry point.
pub type Entry = fn(&[u8]) -> Result<(), String>;

/// Every entry point by the name of its fuzz target (and corpus directory).
pub const TARGETS: [(&str, Entry); 7] = [
    ("offsets", offsets),
    ("output_format", output_format),
    ("input_format", input_format),
    ("envelope", envelope),
    ("frame", frame),
    ("avro", avro),
    ("protobuf", protobuf),
];
