use serde_json::json;

use super::*;
use crate::serde::fake_registry::FakeRegistry;
use crate::serde::registry::{self, Client};
use crate::serde::testutil::{python, Rng};

fn schema(text: &str) -> Arc<Schema> {
    parse_schema(text, "(test)").unwrap_or_else(|e| panic!("{e}"))
}

fn enc(s: &Arc<Schema>, json: AvroJson, value: &Value) -> Result<Vec<u8>, SerdeError> {
    let mut scratch = Vec::new();
    AvroEncoder::new(s.clone(), json, None)
        .encode_json(value, &mut scratch)
        .map(<[u8]>::to_vec)
}

fn dec(s: &Arc<Schema>, json: AvroJson, bytes: &[u8]) -> Result<Value, SerdeError> {
    let decoded = AvroDecoder::local(s.clone(), json, false)
        .unwrap()
        .decode(bytes)?;
    Ok(decoded
        .json()
        .unwrap_or_else(|| panic!("expected JSON, got {decoded:?}"))
        .into_owned())
}

fn round_trip(s: &Arc<Schema>, json: AvroJson, value: Value) {
    let bytes = enc(s, json, &value).unwrap_or_else(|e| panic!("{value}: {e}"));
    let back = dec(s, json, &bytes).unwrap_or_else(|e| panic!("{value}: {e}"));
    assert_eq!(back, value, "bytes {}", hex::encode(&bytes));
}

/// Every kind of type, logical types included (the cross-check uses it too).
const KITCHEN_SINK: &str = r#"{
  "type": "record", "name": "Sink", "namespace": "test.kpipe",
  "fields": [
    {"name": "n", "type": "null"},
    {"name": "b", "type": "boolean"},
    {"name": "i", "type": "int"},
    {"name": "l", "type": "long"},
    {"name": "f", "type": "float"},
    {"name": "d", "type": "double"},
    {"name": "by", "type": "bytes"},
    {"name": "s", "type": "string"},
    {"name": "e", "type": {"type": "enum", "name": "Color", "symbols": ["RED", "GREEN", "BLUE"]}},
    {"name": "fx", "type": {"type": "fixed", "name": "Four", "size": 4}},
    {"name": "arr", "type": {"type": "array", "items": "int"}},
    {"name": "m", "type": {"type": "map", "values": ["null", "string"]}},
    {"name": "u", "type": ["null", "string", "Color", {"type": "record", "name": "Point",
        "fields": [{"name": "x", "type": "int"}, {"name": "y", "type": "int"}]}]},
    {"name": "dec", "type": {"type": "bytes", "logicalType": "decimal", "precision": 9, "scale": 2}},
    {"name": "decf", "type": {"type": "fixed", "name": "Money", "size": 8, "logicalType": "decimal", "precision": 18, "scale": 4}},
    {"name": "uuid", "type": {"type": "string", "logicalType": "uuid"}},
    {"name": "date", "type": {"type": "int", "logicalType": "date"}},
    {"name": "tmillis", "type": {"type": "int", "logicalType": "time-millis"}},
    {"name": "tmicros", "type": {"type": "long", "logicalType": "time-micros"}},
    {"name": "tsmillis", "type": {"type": "long", "logicalType": "timestamp-millis"}},
    {"name": "tsmicros", "type": {"type": "long", "logicalType": "timestamp-micros"}},
    {"name": "lts", "type": {"type": "long", "logicalType": "local-timestamp-millis"}},
    {"name": "dur", "type": {"type": "fixed", "name": "Dur", "size": 12, "logicalType": "duration"}},
    {"name": "opt", "type": ["null", {"type": "long", "logicalType": "timestamp-millis"}], "default": null}
  ]
}"#;

fn sink_plain() -> Value {
    json!({
        "n": null, "b": true, "i": -42, "l": 9_007_199_254_740_993i64, "f": 0.1, "d": -2.5e-300,
        "by": "\u{0}\u{ff}A", "s": "café ☕", "e": "GREEN", "fx": "\u{1}\u{2}\u{3}\u{4}",
        "arr": [1, -1, 2_147_483_647], "m": {"k": "v", "gone": null},
        "u": {"x": 1, "y": -2},
        "dec": "-12.34", "decf": "12345678901234.5678",
        "uuid": "8d8ac610-566d-4ef0-9c22-186b2a5ed793",
        "date": "2024-02-29", "tmillis": "13:45:30.123", "tmicros": "23:59:59.999999",
        "tsmillis": "2024-02-29T13:45:30.123Z", "tsmicros": "1969-12-31T23:59:59.999999Z",
        "lts": "2024-02-29T13:45:30.123",
        "dur": {"months": 1, "days": 2, "milliseconds": 3},
        "opt": "2001-01-01T00:00:00.000Z"
    })
}

fn sink_avro() -> Value {
    json!({
        "n": null, "b": true, "i": -42, "l": 9_007_199_254_740_993i64, "f": 0.1, "d": -2.5e-300,
        "by": "\u{0}\u{ff}A", "s": "café ☕", "e": "GREEN", "fx": "\u{1}\u{2}\u{3}\u{4}",
        "arr": [1, -1, 2_147_483_647], "m": {"k": {"string": "v"}, "gone": null},
        "u": {"test.kpipe.Point": {"x": 1, "y": -2}},
        "dec": "\u{fb}\u{2e}", "decf": "\u{1}\u{b6}\u{9b}\u{4b}\u{a6}\u{30}\u{f3}\u{4e}",
        "uuid": "8d8ac610-566d-4ef0-9c22-186b2a5ed793",
        "date": 19_782, "tmillis": 49_530_123, "tmicros": 86_399_999_999i64,
        "tsmillis": 1_709_214_330_123i64, "tsmicros": -1,
        "lts": 1_709_214_330_123i64,
        "dur": "\u{1}\u{0}\u{0}\u{0}\u{2}\u{0}\u{0}\u{0}\u{3}\u{0}\u{0}\u{0}",
        "opt": {"long": 978_307_200_000i64}
    })
}

#[test]
fn matches_the_specification_examples() {
    // "Binary encoding" in the Avro specification.
    let rec = schema(
        r#"{"type":"record","name":"test","fields":[{"name":"a","type":"long"},{"name":"b","type":"string"}]}"#,
    );
    let bytes = enc(&rec, AvroJson::Plain, &json!({"a": 27, "b": "foo"})).unwrap();
    assert_eq!(bytes, [0x36, 0x06, 0x66, 0x6f, 0x6f]);
    let arr = schema(r#"{"type":"array","items":"long"}"#);
    assert_eq!(
        enc(&arr, AvroJson::Plain, &json!([3, 27])).unwrap(),
        [0x04, 0x06, 0x36, 0x00]
    );
    let u = schema(r#"["null","string"]"#);
    assert_eq!(enc(&u, AvroJson::Plain, &json!(null)).unwrap(), [0x00]);
    assert_eq!(
        enc(&u, AvroJson::Plain, &json!("a")).unwrap(),
        [0x02, 0x02, 0x61]
    );
    assert_eq!(
        enc(&u, AvroJson::Avro, &json!({"string": "a"})).unwrap(),
        [0x02, 0x02, 0x61]
    );
    // Negative block counts carry a byte size; decoders must accept them.
    assert_eq!(
        dec(&arr, AvroJson::Plain, &[0x03, 0x04, 0x06, 0x36, 0x00]).unwrap(),
        json!([3, 27])
    );
    let f = schema(r#""float""#);
    assert_eq!(
        enc(&f, AvroJson::Plain, &json!(1.5)).unwrap(),
        1.5f32.to_le_bytes()
    );
    assert_eq!(
        dec(&f, AvroJson::Plain, &0.1f32.to_le_bytes()).unwrap(),
        json!(0.1)
    );
}

#[test]
fn round_trips_every_type_in_both_mappings() {
    let s = schema(KITCHEN_SINK);
    round_trip(&s, AvroJson::Plain, sink_plain());
    round_trip(&s, AvroJson::Avro, sink_avro());
    // Both mappings describe the same bytes.
    assert_eq!(
        enc(&s, AvroJson::Plain, &sink_plain()).unwrap(),
        enc(&s, AvroJson::Avro, &sink_avro()).unwrap()
    );
    // Field order follows the schema, not the input.
    let bytes = enc(&s, AvroJson::Plain, &sink_plain()).unwrap();
    let Value::Object(back) = dec(&s, AvroJson::Plain, &bytes).unwrap() else {
        panic!()
    };
    assert_eq!(back.keys().next().map(String::as_str), Some("n"));
    assert_eq!(back.keys().next_back().map(String::as_str), Some("opt"));
}

#[test]
fn logical_types_are_shown_faithfully() {
    let s = schema(KITCHEN_SINK);
    let bytes = enc(&s, AvroJson::Avro, &sink_avro()).unwrap();
    let plain = dec(&s, AvroJson::Plain, &bytes).unwrap();
    for key in [
        "dec", "decf", "date", "tmillis", "tmicros", "tsmillis", "tsmicros", "lts", "dur", "opt",
    ] {
        assert_eq!(plain[key], sink_plain()[key], "{key}");
    }
    // Plain input also takes the raw numbers of the underlying types and decimal numbers.
    let ts = schema(r#"{"type":"long","logicalType":"timestamp-millis"}"#);
    assert_eq!(
        enc(&ts, AvroJson::Plain, &json!(1_709_214_330_123i64)).unwrap(),
        enc(
            &ts,
            AvroJson::Plain,
            &json!("2024-02-29T14:45:30.123+01:00")
        )
        .unwrap()
    );
    let d = schema(r#"{"type":"bytes","logicalType":"decimal","precision":4,"scale":2}"#);
    assert_eq!(
        enc(&d, AvroJson::Plain, &json!(12.5)).unwrap(),
        [0x04, 0x04, 0xe2]
    );
    let err = enc(&d, AvroJson::Plain, &json!("123.45"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("more than 4 significant digits"), "{err}");
    let u = schema(r#"{"type":"fixed","name":"U","size":16,"logicalType":"uuid"}"#);
    let bytes = enc(
        &u,
        AvroJson::Plain,
        &json!("00010203-0405-0607-0809-0a0b0c0d0e0f"),
    )
    .unwrap();
    assert_eq!(
        bytes,
        (0..16).collect::<Vec<u8>>(),
        "a uuid on fixed(16) is 16 raw bytes"
    );
    assert_eq!(
        dec(&u, AvroJson::Plain, &bytes).unwrap(),
        json!("00010203-0405-0607-0809-0a0b0c0d0e0f")
    );
    assert!(enc(
        &schema(r#"{"type":"string","logicalType":"uuid"}"#),
        AvroJson::Plain,
        &json!("nope")
    )
    .is_err());
    // Out of the text form's range: the number itself.
    let date = schema(r#"{"type":"int","logicalType":"date"}"#);
    assert_eq!(
        dec(&date, AvroJson::Plain, &[0xff, 0xff, 0xff, 0xff, 0x0f]).unwrap(),
        json!(-2_147_483_648i64)
    );
    // Non-finite floats are strings, both ways.
    let dbl = schema(r#""double""#);
    round_trip(&dbl, AvroJson::Plain, json!("NaN"));
    round_trip(&dbl, AvroJson::Avro, json!("-Infinity"));
}

#[test]
fn plain_unions_take_the_first_branch_that_fits() {
    let s = schema(
        r#"["null","int","long","double","string",
            {"type":"record","name":"A","fields":[{"name":"a","type":"int"}]},
            {"type":"record","name":"B","fields":[{"name":"b","type":"int"}]},
            {"type":"array","items":"string"}]"#,
    );
    let index = |v: Value| enc(&s, AvroJson::Plain, &v).unwrap()[0] / 2;
    assert_eq!(index(json!(null)), 0);
    assert_eq!(index(json!(7)), 1);
    assert_eq!(index(json!(1i64 << 40)), 2);
    assert_eq!(index(json!(1.5)), 3);
    assert_eq!(index(json!("x")), 4);
    assert_eq!(index(json!({"a": 1})), 5);
    assert_eq!(index(json!({"b": 1})), 6);
    assert_eq!(index(json!(["x"])), 7);
    // The tagged form picks the branch explicitly, in both mappings.
    assert_eq!(index(json!({"long": 7})), 2);
    assert_eq!(
        enc(&s, AvroJson::Avro, &json!({"B": {"b": 1}})).unwrap()[0] / 2,
        6
    );
    let err = enc(&s, AvroJson::Plain, &json!({"c": 1}))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("matches none of the union's types")
            && err.contains("A: missing field 'a'")
            && err.contains("B: missing field 'b'"),
        "{err}"
    );
    let err = enc(&s, AvroJson::Plain, &json!([1]))
        .unwrap_err()
        .to_string();
    assert_eq!(
        err, "Avro: at [0]: expected a string, got a JSON number",
        "one candidate: its own error"
    );
    let err = enc(&s, AvroJson::Avro, &json!(7)).unwrap_err().to_string();
    assert!(
        err.contains("{\"<type>\": value}") && err.contains("--avro-json plain"),
        "{err}"
    );
    assert!(enc(
        &schema(r#"["int","string"]"#),
        AvroJson::Plain,
        &json!(null)
    )
    .unwrap_err()
    .to_string()
    .contains("null is not allowed"));
    // Avro mapping output tags every non-null branch with its type name.
    let bytes = enc(&s, AvroJson::Plain, &json!({"a": 1})).unwrap();
    assert_eq!(
        dec(&s, AvroJson::Avro, &bytes).unwrap(),
        json!({"A": {"a": 1}})
    );
    assert_eq!(dec(&s, AvroJson::Plain, &bytes).unwrap(), json!({"a": 1}));
}

#[test]
fn records_need_their_fields_and_only_those() {
    let s = schema(
        r#"{"type":"record","name":"R","fields":[
            {"name":"a","type":{"type":"record","name":"In","fields":[{"name":"xs","type":{"type":"array","items":"int"}}]}},
            {"name":"opt","type":["null","string"]},
            {"name":"dflt","type":"string","default":"d"},
            {"name":"bad","type":"int","default":"oops"}
        ]}"#,
    );
    let ok = json!({"a": {"xs": [1]}, "bad": 3});
    // A missing union-with-null is null in plain mode; a missing field with a default
    // takes it.
    assert_eq!(
        dec(&s, AvroJson::Plain, &enc(&s, AvroJson::Plain, &ok).unwrap()).unwrap(),
        json!({"a": {"xs": [1]}, "opt": null, "dflt": "d", "bad": 3})
    );
    let err = enc(&s, AvroJson::Avro, &ok).unwrap_err().to_string();
    assert!(err.contains("missing field 'opt'"), "{err}");
    let err = enc(
        &s,
        AvroJson::Plain,
        &json!({"a": {"xs": [1, "2"]}, "bad": 1}),
    )
    .unwrap_err()
    .to_string();
    assert_eq!(err, "Avro: at .a.xs[1]: expected an int, got a JSON string");
    let err = enc(
        &s,
        AvroJson::Plain,
        &json!({"a": {"xs": []}, "bad": 1, "typo": 1}),
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("record 'R' has no field 'typo'"), "{err}");
    let err = enc(&s, AvroJson::Plain, &json!({"a": {"xs": []}}))
        .unwrap_err()
        .to_string();
    assert!(err.contains("'bad'") && err.contains("unusable"), "{err}");
    let err = enc(&s, AvroJson::Plain, &json!([1]))
        .unwrap_err()
        .to_string();
    assert!(err.contains("expected a record"), "{err}");
    let int = schema(r#""int""#);
    assert!(enc(&int, AvroJson::Plain, &json!(1i64 << 33)).is_err());
    assert!(enc(&int, AvroJson::Plain, &json!(1.5)).is_err());
    assert_eq!(enc(&int, AvroJson::Plain, &json!(2.0)).unwrap(), [4]);
    let e = schema(r#"{"type":"enum","name":"E","symbols":["A","B"]}"#);
    let err = enc(&e, AvroJson::Plain, &json!("C"))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("'C' is not a symbol of enum 'E' (A, B)"),
        "{err}"
    );
    let by = schema(r#""bytes""#);
    assert!(enc(&by, AvroJson::Plain, &json!("☕"))
        .unwrap_err()
        .to_string()
        .contains("U+2615"));
    let fx = schema(r#"{"type":"fixed","name":"F","size":2}"#);
    assert!(enc(&fx, AvroJson::Plain, &json!("abc"))
        .unwrap_err()
        .to_string()
        .contains("needs 2 bytes"));
}

#[test]
fn text_lines_feed_string_schemas() {
    let s = schema(r#""string""#);
    let mut e = AvroEncoder::new(s.clone(), AvroJson::Plain, None);
    let mut scratch = Vec::new();
    assert_eq!(
        e.encode(b"hello world", &mut scratch).unwrap(),
        b"\x16hello world"
    );
    assert_eq!(
        e.encode(b"\"quoted\"", &mut scratch).unwrap(),
        b"\x0cquoted"
    );
    assert_eq!(e.encode(b"123", &mut scratch).unwrap(), b"\x06123");
    let mut r = AvroEncoder::new(
        schema(r#"{"type":"record","name":"R","fields":[]}"#),
        AvroJson::Plain,
        None,
    );
    assert!(matches!(
        r.encode(b"nope", &mut scratch),
        Err(SerdeError::Json(_))
    ));
}

#[test]
fn recursive_schemas() {
    let s = schema(
        r#"{"type":"record","name":"Node","fields":[
            {"name":"v","type":"int"},{"name":"next","type":["null","Node"]}]}"#,
    );
    round_trip(
        &s,
        AvroJson::Plain,
        json!({"v": 1, "next": {"v": 2, "next": {"v": 3, "next": null}}}),
    );
    round_trip(
        &s,
        AvroJson::Avro,
        json!({"v": 1, "next": {"Node": {"v": 2, "next": null}}}),
    );
    // A chain deeper than the nesting limit is an error, not a stack overflow.
    let mut bytes = Vec::new();
    for _ in 0..10_000 {
        bytes.extend_from_slice(&[0x02, 0x02]);
    }
    let err = dec(&s, AvroJson::Plain, &bytes).unwrap_err().to_string();
    assert!(err.contains("nested deeper"), "{err}");
}

#[test]
fn schema_evolution_with_a_reader_schema() {
    let writer = schema(
        r#"{"type":"record","name":"User","namespace":"v1","fields":[
            {"name":"id","type":"int"},
            {"name":"name","type":"string"},
            {"name":"dropped","type":{"type":"map","values":{"type":"array","items":"double"}}},
            {"name":"color","type":{"type":"enum","name":"Color","symbols":["RED","GREEN","PURPLE"]}},
            {"name":"score","type":["null","float"]},
            {"name":"old_name","type":"string"},
            {"name":"tag","type":"string"}
        ]}"#,
    );
    let reader = schema(
        r#"{"type":"record","name":"User","namespace":"v2","fields":[
            {"name":"id","type":"long"},
            {"name":"email","type":["null","string"],"default":null},
            {"name":"name","type":"bytes"},
            {"name":"color","type":{"type":"enum","name":"Color","symbols":["RED","GREEN"],"default":"RED"}},
            {"name":"score","type":["null","double"]},
            {"name":"new_name","aliases":["old_name"],"type":"string"},
            {"name":"tag","type":["null","string"]},
            {"name":"level","type":"int","default":3}
        ]}"#,
    );
    let value = json!({"id": 7, "name": "Ada", "dropped": {"a": [1.0, 2.0], "b": []},
        "color": "PURPLE", "score": 0.5, "old_name": "x", "tag": "t"});
    let bytes = enc(&writer, AvroJson::Plain, &value).unwrap();
    let plan = Plan::new(writer.clone(), Some(&reader), Mode::Plain).unwrap();
    assert_eq!(
        plan.decode(&bytes).unwrap(),
        json!({"id": 7, "email": null, "name": "Ada", "color": "RED", "score": 0.5,
               "new_name": "x", "tag": "t", "level": 3})
    );
    let plan = Plan::new(writer.clone(), Some(&reader), Mode::Avro).unwrap();
    assert_eq!(
        plan.decode(&bytes).unwrap(),
        json!({"id": 7, "email": null, "name": "Ada", "color": "RED", "score": {"double": 0.5},
               "new_name": "x", "tag": {"string": "t"}, "level": 3})
    );

    // A reader field the writer lacks needs a default.
    let strict = schema(
        r#"{"type":"record","name":"User","fields":[{"name":"id","type":"int"},{"name":"nope","type":"int"}]}"#,
    );
    let err = Plan::new(writer.clone(), Some(&strict), Mode::Plain).unwrap_err();
    assert!(
        err.contains("'User.nope'") && err.contains("no default"),
        "{err}"
    );
    // Incompatible types fail when the plan is built, not per record.
    let wrong =
        schema(r#"{"type":"record","name":"User","fields":[{"name":"id","type":"string"}]}"#);
    let err = Plan::new(writer.clone(), Some(&wrong), Mode::Plain).unwrap_err();
    assert!(err.contains("'int' cannot be read as 'string'"), "{err}");
    // An enum symbol the reader lacks, without a default, fails only for that record.
    let no_default = schema(r#"{"type":"enum","name":"Color","symbols":["RED"]}"#);
    let w = schema(r#"{"type":"enum","name":"Color","symbols":["RED","BLUE"]}"#);
    let plan = Plan::new(w, Some(&no_default), Mode::Plain).unwrap();
    assert_eq!(plan.decode(&[0]).unwrap(), json!("RED"));
    assert!(plan
        .decode(&[2])
        .unwrap_err()
        .contains("not in the reader's enum"));
    // A writer union branch the reader cannot take fails only for records using it.
    let w = schema(r#"["int","string"]"#);
    let plan = Plan::new(w, Some(&schema(r#""long""#)), Mode::Plain).unwrap();
    assert_eq!(plan.decode(&[0, 4]).unwrap(), json!(2));
    assert!(plan
        .decode(&[2, 2, b'x'])
        .unwrap_err()
        .contains("'string' cannot be read as 'long'"));
}

#[test]
fn truncated_and_garbage_input_are_errors_not_panics() {
    let s = schema(KITCHEN_SINK);
    let bytes = enc(&s, AvroJson::Plain, &sink_plain()).unwrap();
    for n in 0..bytes.len() {
        assert!(
            dec(&s, AvroJson::Plain, &bytes[..n]).is_err(),
            "prefix of {n} bytes"
        );
    }
    let mut longer = bytes.clone();
    longer.push(0);
    let err = dec(&s, AvroJson::Plain, &longer).unwrap_err().to_string();
    assert!(err.contains("1 unread bytes"), "{err}");
    let mut rng = Rng::new(5);
    let nulls = schema(r#"{"type":"array","items":"null"}"#);
    for round in 0..3000 {
        let len = (rng.next() % 64) as usize;
        let mut garbage = rng.bytes(len);
        if round % 2 == 0 && !garbage.is_empty() {
            // Start like the real thing, then go wrong.
            let keep = (rng.next() as usize) % bytes.len();
            garbage.splice(0..0, bytes[..keep].iter().copied());
        }
        let _ = dec(&s, AvroJson::Plain, &garbage);
        let _ = dec(&s, AvroJson::Avro, &garbage);
        if round % 100 == 0 {
            // Up to a million nulls each: slow in debug builds.
            let _ = dec(&nulls, AvroJson::Plain, &garbage);
        }
    }
    // Huge counts and lengths are refused before anything is allocated.
    assert!(dec(
        &nulls,
        AvroJson::Plain,
        &[0xfe, 0xff, 0xff, 0xff, 0xff, 0x01]
    )
    .is_err());
    let strs = schema(r#"{"type":"array","items":"string"}"#);
    assert!(dec(
        &strs,
        AvroJson::Plain,
        &[0xfe, 0xff, 0xff, 0xff, 0xff, 0x01]
    )
    .is_err());
    assert!(dec(&schema(r#""string""#), AvroJson::Plain, &[0x01])
        .unwrap_err()
        .to_string()
        .contains("negative length"));
    assert!(dec(&schema(r#""string""#), AvroJson::Plain, &[0x02, 0xff])
        .unwrap_err()
        .to_string()
        .contains("UTF-8"));
    assert!(dec(&schema(r#""boolean""#), AvroJson::Plain, &[2]).is_err());
    assert!(dec(&schema(r#"["null","int"]"#), AvroJson::Plain, &[4])
        .unwrap_err()
        .to_string()
        .contains("union index 2"));
}

#[test]
fn framed_with_a_local_schema_reports_the_id() {
    let s = schema(r#""int""#);
    let mut e = AvroEncoder::new(s.clone(), AvroJson::Plain, Some(258));
    let mut scratch = Vec::new();
    assert_eq!(e.encode(b"3", &mut scratch).unwrap(), [0, 0, 0, 1, 2, 6]);
    let mut d = AvroDecoder::local(s, AvroJson::Plain, true).unwrap();
    assert_eq!(
        d.decode(&[0, 0, 0, 1, 2, 6]).unwrap(),
        Decoded::Json(json!(3))
    );
    assert_eq!(d.schema_id(), Some(258));
    assert!(matches!(d.decode(&[6]), Err(SerdeError::Framing(_))));
    assert_eq!(d.schema_id(), None);
}

fn client(reg: &FakeRegistry) -> Arc<Client> {
    Arc::new(
        Client::new(&registry::Options {
            url: reg.url(),
            timeout: std::time::Duration::from_secs(10),
            ..Default::default()
        })
        .unwrap(),
    )
}

#[test]
fn registry_decoding_fetches_each_id_once() {
    let reg = FakeRegistry::start();
    let v1 = r#"{"type":"record","name":"R","fields":[{"name":"a","type":"int"}]}"#;
    let v2 = r#"{"type":"record","name":"R","fields":[{"name":"a","type":"int"},{"name":"b","type":"string","default":"x"}]}"#;
    let id1 = reg.register("t-value", v1, "AVRO");
    let id2 = reg.register("t-value", v2, "AVRO");
    let proto = reg.register("p-value", "syntax = \"proto3\"; message M {}", "PROTOBUF");
    let mut d = AvroDecoder::registry(client(&reg), None, AvroJson::Plain);
    let frame = |id: u32, body: &[u8]| {
        let mut out = Vec::new();
        wire::write_header(&mut out, id);
        out.extend_from_slice(body);
        out
    };
    for _ in 0..50 {
        assert_eq!(
            d.decode(&frame(id1, &[2])).unwrap(),
            Decoded::Json(json!({"a": 1}))
        );
        assert_eq!(d.schema_id(), Some(id1));
        assert_eq!(
            d.decode(&frame(id2, &[4, 2, b'y'])).unwrap(),
            Decoded::Json(json!({"a": 2, "b": "y"}))
        );
    }
    assert_eq!(reg.count(&format!("GET /schemas/ids/{id1}")), 1);
    assert_eq!(reg.count(&format!("GET /schemas/ids/{id2}")), 1);

    // Unknown ids: a bad-input error naming the id, asked for once.
    for _ in 0..3 {
        let err = d.decode(&frame(999, &[2])).unwrap_err();
        assert!(matches!(err, SerdeError::Registry(_)), "{err}");
        assert_eq!(err.code(), crate::exit::BAD_INPUT);
        assert!(err.to_string().contains("schema id 999"), "{err}");
    }
    assert_eq!(reg.count("GET /schemas/ids/999"), 1);
    // A protobuf id under the avro format.
    let err = d.decode(&frame(proto, &[])).unwrap_err().to_string();
    assert!(err.contains("is a PROTOBUF schema, not AVRO"), "{err}");
    // Truncated and unframed records.
    assert!(matches!(d.decode(&[0, 0, 1]), Err(SerdeError::Framing(_))));
    assert!(matches!(d.decode(b"{}"), Err(SerdeError::Framing(_))));
    assert!(matches!(
        d.decode(&frame(id2, &[4])),
        Err(SerdeError::Avro(_))
    ));

    // With a reader schema: evolution of every writer version.
    let reader = schema(
        r#"{"type":"record","name":"R","fields":[{"name":"a","type":"long"},{"name":"c","type":"int","default":0}]}"#,
    );
    let mut d = AvroDecoder::registry(client(&reg), Some(reader), AvroJson::Plain);
    assert_eq!(
        d.decode(&frame(id1, &[2])).unwrap(),
        Decoded::Json(json!({"a": 1, "c": 0}))
    );
    assert_eq!(
        d.decode(&frame(id2, &[4, 2, b'y'])).unwrap(),
        Decoded::Json(json!({"a": 2, "c": 0}))
    );
}

#[test]
fn registry_references_are_resolved() {
    let reg = FakeRegistry::start();
    let address = r#"{"type":"record","name":"Address","namespace":"acme","fields":[{"name":"city","type":"string"}]}"#;
    reg.register("acme.Address", address, "AVRO");
    let user = r#"{"type":"record","name":"User","namespace":"acme","fields":[{"name":"home","type":"Address"}]}"#;
    let id = reg.register_with_references(
        "users-value",
        user,
        "AVRO",
        json!([{"name": "acme.Address", "subject": "acme.Address", "version": 1}]),
    );
    let mut d = AvroDecoder::registry(client(&reg), None, AvroJson::Avro);
    let mut bytes = Vec::new();
    wire::write_header(&mut bytes, id);
    bytes.extend_from_slice(&[4, b'N', b'Y']);
    assert_eq!(
        d.decode(&bytes).unwrap(),
        Decoded::Json(json!({"home": {"city": "NY"}}))
    );
}

#[test]
fn unreachable_registry_is_a_connection_error_and_retried() {
    let c = Arc::new(
        Client::new(&registry::Options {
            url: "http://127.0.0.1:1".into(),
            timeout: std::time::Duration::from_secs(5),
            ..Default::default()
        })
        .unwrap(),
    );
    let mut d = AvroDecoder::registry(c, None, AvroJson::Plain);
    let err = d.decode(&[0, 0, 0, 0, 1, 2]).unwrap_err();
    assert_eq!(err.code(), crate::exit::CONNECTION, "{err}");
}

/// Byte-for-byte agreement with fastavro, both ways, plus the plain mapping's
/// logical types against fastavro's Python values.
#[test]
fn cross_check_with_fastavro() {
    let cases: Vec<(&str, Vec<Value>)> = vec![
        (KITCHEN_SINK, vec![sink_avro()]),
        (
            r#"{"type":"record","name":"Edge","fields":[
                {"name":"l","type":"long"},{"name":"i","type":"int"},{"name":"s","type":"string"},
                {"name":"a","type":{"type":"array","items":["null","double"]}},
                {"name":"m","type":{"type":"map","values":"long"}},
                {"name":"dec","type":{"type":"fixed","name":"D16","size":16,"logicalType":"decimal","precision":38,"scale":9}}]}"#,
            vec![
                json!({"l": i64::MIN, "i": i32::MIN, "s": "", "a": [], "m": {},
                       "dec": "\u{b4}\u{c4}\u{b3}\u{57}\u{a5}\u{79}\u{3b}\u{85}\u{f6}\u{75}\u{dd}\u{c0}\u{0}\u{0}\u{0}\u{1}"}),
                json!({"l": i64::MAX, "i": i32::MAX, "s": "\u{0}\u{10ffff}", "a": [null, {"double": 1e308}],
                       "m": {"k": 0, "ü": -1}, "dec": "\u{4b}\u{3b}\u{4c}\u{a8}\u{5a}\u{86}\u{c4}\u{7a}\u{9}\u{8a}\u{22}\u{3f}\u{ff}\u{ff}\u{ff}\u{ff}"}),
            ],
        ),
    ];
    for (text, values) in cases {
        let s = schema(text);
        let mut job_cases = Vec::new();
        let mut expected = Vec::new();
        for v in &values {
            let bytes = enc(&s, AvroJson::Avro, v).unwrap();
            let plain = dec(&s, AvroJson::Plain, &bytes).unwrap();
            job_cases.push(json!({"avro_json": v.to_string(), "kpipe_bytes": hex::encode(&bytes), "kpipe_plain": plain}));
            expected.push((bytes, v.clone()));
        }
        let job =
            json!({"schema": serde_json::from_str::<Value>(text).unwrap(), "cases": job_cases});
        let Some(answer) = python("avro_xcheck.py", &["fastavro"], &job) else {
            return;
        };
        for (got, (bytes, v)) in answer["cases"].as_array().unwrap().iter().zip(expected) {
            assert_eq!(
                got["py_bytes"].as_str().unwrap(),
                hex::encode(&bytes),
                "fastavro encodes {v} differently"
            );
            let theirs: Value =
                serde_json::from_str(got["py_avro_json"].as_str().unwrap()).unwrap();
            assert!(
                json_close(&theirs, &v),
                "fastavro reads kpipe's bytes as {theirs}, expected {v}"
            );
            assert_eq!(
                got["plain_problems"],
                json!([]),
                "plain mapping vs fastavro values"
            );
            // And kpipe decodes fastavro's bytes (equal, checked above) to the same JSON.
            assert_eq!(
                dec(
                    &s,
                    AvroJson::Avro,
                    &hex::decode(got["py_bytes"].as_str().unwrap()).unwrap()
                )
                .unwrap(),
                v
            );
        }
    }
}

/// JSON equality with float tolerance (Python widens floats to doubles).
fn json_close(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64()) {
            (Some(x), Some(y)) => x == y,
            _ => {
                let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
                x == y || (x - y).abs() <= 1e-6 * x.abs().max(y.abs())
            }
        },
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| json_close(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| json_close(v, w)))
        }
        _ => a == b,
    }
}

/// The one-pass text encoder (produce's hot path) and the value encoder give the same
/// bytes, and the same errors, whatever the field order.
#[test]
fn text_and_value_encoders_agree() {
    let check = |s: &Arc<Schema>, json: AvroJson, text: &str| {
        let mut e = AvroEncoder::new(s.clone(), json, Some(3));
        let mut a = Vec::new();
        let streamed = e.encode(text.as_bytes(), &mut a).map(<[u8]>::to_vec);
        let value: Value = serde_json::from_str(text).unwrap();
        let mut b = Vec::new();
        let tree = e.encode_json(&value, &mut b).map(<[u8]>::to_vec);
        match (streamed, tree) {
            (Ok(x), Ok(y)) => assert_eq!(x, y, "{text}"),
            (Err(x), Err(y)) => assert_eq!(x.to_string(), y.to_string(), "{text}"),
            (x, y) => panic!("{text}: text {x:?} vs value {y:?}"),
        }
    };
    let sink = schema(KITCHEN_SINK);
    check(&sink, AvroJson::Plain, &sink_plain().to_string());
    check(&sink, AvroJson::Avro, &sink_avro().to_string());
    // Every field order: reversed, rotated, shuffled.
    let Value::Object(fields) = sink_avro() else {
        panic!()
    };
    let mut entries: Vec<(String, Value)> = fields.into_iter().collect();
    let mut rng = Rng::new(11);
    for round in 0..20 {
        match round {
            0 => entries.reverse(),
            1 => entries.rotate_left(5),
            _ => {
                for i in (1..entries.len()).rev() {
                    entries.swap(i, (rng.next() as usize) % (i + 1));
                }
            }
        }
        let obj: serde_json::Map<String, Value> = entries.iter().cloned().collect();
        check(&sink, AvroJson::Avro, &Value::Object(obj).to_string());
    }
    let nested = schema(
        r#"{"type":"record","name":"N","fields":[
            {"name":"a","type":{"type":"array","items":{"type":"map","values":{"type":"array","items":"long"}}}},
            {"name":"r","type":{"type":"record","name":"In","fields":[{"name":"x","type":"int"},{"name":"y","type":"string","default":"d"}]}},
            {"name":"o","type":["null","In"],"default":null}]}"#,
    );
    for text in [
        r#"{"a":[{"k":[1,2],"l":[]},{}],"r":{"x":1,"y":"z"},"o":{"x":2}}"#,
        r#"{"o":null,"r":{"y":"z","x":1},"a":[]}"#,
        r#"{"r":{"x":1}}"#,
        // Errors: their paths and messages match too.
        r#"{"a":[{"k":[1,"2"]}],"r":{"x":1}}"#,
        r#"{"a":[],"r":{"x":1,"z":0}}"#,
        r#"{"a":[],"r":{"x":1e20}}"#,
        r#"{"a":[],"r":{"x":1.5}}"#,
        r#"{"a":[],"r":{"x":18446744073709551615}}"#,
        r#"{"a":[],"r":"no"}"#,
        r#"{"a":{},"r":{"x":1}}"#,
        r#"{"a":[],"r":{"x":1},"o":{"x":"1"}}"#,
        r#"{"a":[],"r":{}}"#,
        r#"[]"#,
        r#"null"#,
    ] {
        check(&nested, AvroJson::Plain, text);
        check(&nested, AvroJson::Avro, text);
    }
    // Only the text encoder sees duplicate keys and broken JSON.
    let mut e = AvroEncoder::new(nested.clone(), AvroJson::Plain, None);
    let mut scratch = Vec::new();
    let err = e
        .encode(br#"{"a":[],"r":{"x":1,"x":2}}"#, &mut scratch)
        .unwrap_err()
        .to_string();
    assert!(err.contains("field 'x' is given twice"), "{err}");
    assert!(matches!(
        e.encode(br#"{"a":[],"r":{"x":1}"#, &mut scratch),
        Err(SerdeError::Json(_))
    ));
    assert!(matches!(
        e.encode(br#"{"a":[],"r":{"x":1}} {}"#, &mut scratch),
        Err(SerdeError::Json(_))
    ));
}
