use base64::Engine as _;
use serde_json::json;

use super::*;
use crate::serde::fake_registry::FakeRegistry;
use crate::serde::registry::{self, Client};
use crate::serde::testutil::{python, Rng};

const COMMON: &str = r#"
syntax = "proto3";
package test.common;
message Money { string currency = 1; int64 units = 2; }
"#;

const ORDERS: &str = r#"
syntax = "proto3";
package test.kpipe;

import "google/protobuf/timestamp.proto";
import "common.proto";

message Order {
  string id = 1;
  int64 amount = 2;
  Status status = 3;
  repeated string tags = 4;
  map<string, int32> counts = 5;
  google.protobuf.Timestamp at = 6;
  bytes blob = 7;
  Line line = 8;
  test.common.Money price = 9;
  oneof pay {
    string card = 10;
    string iban = 11;
  }
  double ratio = 12;
  optional int32 maybe = 13;

  message Line {
    string sku = 1;
    uint32 qty = 2;
  }
}

enum Status {
  UNKNOWN = 0;
  PAID = 1;
}

message Ping {
  message Inner {
    message Deep { bool ok = 1; }
  }
  Inner.Deep deep = 1;
}
"#;

/// A temp dir with `orders.proto` and, in `include/`, `common.proto`.
fn files() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let include = dir.path().join("include");
    std::fs::create_dir(&include).unwrap();
    std::fs::write(include.join("common.proto"), COMMON).unwrap();
    let orders = dir.path().join("orders.proto");
    std::fs::write(&orders, ORDERS).unwrap();
    (dir, orders, include)
}

fn order_json() -> Value {
    json!({
        "id": "o1", "amount": "12345678901234", "status": "PAID", "tags": ["a", "b"],
        "counts": {"x": 1}, "at": "2024-02-29T13:45:30.123Z", "blob": "AP8=",
        "line": {"sku": "s", "qty": 2}, "price": {"currency": "EUR", "units": "5"},
        "card": "4111", "ratio": 0.5, "maybe": 0
    })
}

fn compile() -> (tempfile::TempDir, Protos) {
    let (dir, orders, include) = files();
    let protos = compile_file(&orders, &[include]).unwrap_or_else(|e| panic!("{e}"));
    (dir, protos)
}

fn json_of(d: &mut dyn Decoder, bytes: &[u8]) -> Result<Value, SerdeError> {
    let decoded = d.decode(bytes)?;
    Ok(decoded
        .json()
        .unwrap_or_else(|| panic!("expected JSON, got {decoded:?}"))
        .into_owned())
}

#[test]
fn compiles_proto_files_with_imports() {
    let (_dir, protos) = compile();
    assert_eq!(protos.main.as_ref().unwrap().name(), "orders.proto");
    assert_eq!(
        protos.message(None).unwrap().full_name(),
        "test.kpipe.Order"
    );
    assert_eq!(
        protos
            .message(Some(".test.kpipe.Ping"))
            .unwrap()
            .full_name(),
        "test.kpipe.Ping"
    );
    let err = protos.message(Some("Nope")).unwrap_err();
    assert!(
        err.contains("no message 'Nope'") && err.contains("test.kpipe.Order"),
        "{err}"
    );
    assert!(protos.sources.contains_key("common.proto"));

    // Without the include directory the import is missing.
    let (dir, orders, _) = files();
    let err = compile_file(&orders, &[]).unwrap_err();
    assert!(err.contains("common.proto"), "{err}");
    // A syntax error names the file and position.
    let bad = dir.path().join("bad.proto");
    std::fs::write(&bad, "syntax = \"proto3\";\nmessage {").unwrap();
    let err = compile_file(&bad, &[]).unwrap_err();
    assert!(err.contains("bad.proto"), "{err}");
}

#[test]
fn json_mapping_round_trips() {
    let (_dir, protos) = compile();
    let order = protos.message(None).unwrap();
    let mut enc = ProtoEncoder::new(order.clone(), None);
    let mut dec = ProtoDecoder::local(order, false);
    let mut scratch = Vec::new();
    let bytes = enc
        .encode(order_json().to_string().as_bytes(), &mut scratch)
        .unwrap()
        .to_vec();
    assert_eq!(json_of(&mut dec, &bytes).unwrap(), order_json());
    // Original field names are accepted; defaults are omitted on output.
    let bytes = enc
        .encode_json(
            &json!({"id": "x", "amount": 0, "status": "UNKNOWN"}),
            &mut scratch,
        )
        .unwrap()
        .to_vec();
    assert_eq!(json_of(&mut dec, &bytes).unwrap(), json!({"id": "x"}));
    let err = enc
        .encode(br#"{"nope": 1}"#, &mut scratch)
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("protobuf: not a valid test.kpipe.Order in JSON"),
        "{err}"
    );
    assert!(err.contains("nope"), "{err}");
    assert!(enc.encode(br#"{"id": 5}"#, &mut scratch).is_err());
    assert!(enc
        .encode(br#"{"id": "x"} trailing"#, &mut scratch)
        .is_err());
}

#[test]
fn message_indexes_follow_declaration_order() {
    let (_dir, protos) = compile();
    let file = protos.main.clone().unwrap();
    let cases: &[(&str, &[i32])] = &[
        ("test.kpipe.Order", &[0]),
        // Order's nested types are CountsEntry (the map) then Line.
        ("test.kpipe.Order.Line", &[0, 1]),
        ("test.kpipe.Ping", &[1]),
        ("test.kpipe.Ping.Inner", &[1, 0]),
        ("test.kpipe.Ping.Inner.Deep", &[1, 0, 0]),
    ];
    for (name, path) in cases {
        let msg = protos.message(Some(name)).unwrap();
        assert_eq!(indexes_of(&msg), *path, "{name}");
        assert_eq!(message_at(&file, path).unwrap().full_name(), *name);
    }
    assert!(message_at(&file, &[2]).is_none());
    assert!(message_at(&file, &[1, 5]).is_none());
    assert!(message_at(&file, &[]).is_none());

    // Framed encoding: header, indexes ([0] as the single byte 0), then the message.
    let mut scratch = Vec::new();
    let mut enc = ProtoEncoder::new(protos.message(None).unwrap(), Some(7));
    let out = enc.encode(br#"{"id":"a"}"#, &mut scratch).unwrap();
    assert_eq!(out, [0, 0, 0, 0, 7, 0, 0x0a, 1, b'a']);
    let mut enc = ProtoEncoder::new(
        protos.message(Some("test.kpipe.Ping.Inner.Deep")).unwrap(),
        Some(7),
    );
    let out = enc.encode(br#"{"ok":true}"#, &mut scratch).unwrap();
    assert_eq!(out, [0, 0, 0, 0, 7, 6, 2, 0, 0, 0x08, 1]);
}

#[test]
fn descriptor_sets() {
    let (dir, orders, include) = files();
    let mut compiler = protox::Compiler::new([include, dir.path().to_path_buf()]).unwrap();
    compiler.include_imports(true);
    compiler.open_file(&orders).unwrap();
    let set = dir.path().join("orders.pb");
    std::fs::write(&set, compiler.encode_file_descriptor_set()).unwrap();
    let protos = load_descriptor_set(&set).unwrap();
    let err = protos.message(None).unwrap_err();
    assert!(err.contains("several messages"), "{err}");
    let order = protos.message(Some("test.kpipe.Order")).unwrap();
    let mut scratch = Vec::new();
    let bytes = ProtoEncoder::new(order.clone(), None)
        .encode_json(&order_json(), &mut scratch)
        .unwrap()
        .to_vec();
    assert_eq!(
        json_of(&mut ProtoDecoder::local(order, false), &bytes).unwrap(),
        order_json()
    );

    std::fs::write(&set, b"\xff\xffnot a descriptor set").unwrap();
    assert!(load_descriptor_set(&set)
        .unwrap_err()
        .contains("not a usable protobuf descriptor set"));
    assert!(load_descriptor_set(&dir.path().join("missing.pb"))
        .unwrap_err()
        .contains("cannot read"));
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
fn registry_decoding_with_references_and_indexes() {
    let reg = FakeRegistry::start();
    reg.register("common.proto", COMMON, "PROTOBUF");
    let id = reg.register_with_references(
        "orders-value",
        ORDERS,
        "PROTOBUF",
        json!([{"name": "common.proto", "subject": "common.proto", "version": 1}]),
    );
    let (_dir, protos) = compile();
    let mut scratch = Vec::new();
    let order = ProtoEncoder::new(protos.message(None).unwrap(), Some(id))
        .encode_json(&order_json(), &mut scratch)
        .unwrap()
        .to_vec();
    let deep = ProtoEncoder::new(
        protos.message(Some("test.kpipe.Ping.Inner.Deep")).unwrap(),
        Some(id),
    )
    .encode_json(&json!({"ok": true}), &mut scratch)
    .unwrap()
    .to_vec();
    let mut dec = ProtoDecoder::registry(client(&reg));
    for _ in 0..20 {
        assert_eq!(json_of(&mut dec, &order).unwrap(), order_json());
        assert_eq!(dec.schema_id(), Some(id));
        assert_eq!(json_of(&mut dec, &deep).unwrap(), json!({"ok": true}));
    }
    assert_eq!(reg.count(&format!("GET /schemas/ids/{id}")), 1);
    assert_eq!(reg.count("GET /subjects/common.proto/versions/1"), 1);

    // Indexes that name no message, unknown ids, truncated frames, wrong types.
    let mut bad = order.clone();
    bad[5] = 2; // count 1 ...
    bad.insert(6, 8); // ... index 4: no such message
    let err = json_of(&mut dec, &bad).unwrap_err().to_string();
    assert!(err.contains("name no message"), "{err}");
    let mut unknown = order.clone();
    unknown[4] = 99;
    let err = json_of(&mut dec, &unknown).unwrap_err();
    assert_eq!(err.code(), crate::exit::BAD_INPUT);
    assert!(err.to_string().contains("99"), "{err}");
    assert!(matches!(
        json_of(&mut dec, &order[..5]),
        Err(SerdeError::Framing(_))
    ));
    let avro = reg.register("a-value", r#""string""#, "AVRO");
    let err = json_of(&mut dec, &[0, 0, 0, 0, avro as u8, 0])
        .unwrap_err()
        .to_string();
    assert!(err.contains("is a AVRO schema, not PROTOBUF"), "{err}");
    let broken = reg.register("b-value", "syntax = \"proto3\"; message {", "PROTOBUF");
    let err = json_of(&mut dec, &[0, 0, 0, 0, broken as u8, 0])
        .unwrap_err()
        .to_string();
    assert!(err.contains("does not compile"), "{err}");
}

#[test]
fn truncated_and_garbage_input_are_errors_not_panics() {
    let (_dir, protos) = compile();
    let order = protos.message(None).unwrap();
    let mut scratch = Vec::new();
    let bytes = ProtoEncoder::new(order.clone(), Some(1))
        .encode_json(&order_json(), &mut scratch)
        .unwrap()
        .to_vec();
    let mut framed = ProtoDecoder::local(order.clone(), true);
    let mut bare = ProtoDecoder::local(order, false);
    // Every proper prefix that cuts a field is an error (protobuf has no end marker,
    // so prefixes ending on a field boundary are valid shorter messages).
    let mut errors = 0;
    for n in 0..bytes.len() {
        if framed.decode(&bytes[..n]).is_err() {
            errors += 1;
        }
    }
    assert!(errors > bytes.len() / 2, "{errors} of {}", bytes.len());
    let mut rng = Rng::new(9);
    for _ in 0..3000 {
        let len = (rng.next() % 80) as usize;
        let garbage = rng.bytes(len);
        let _ = framed.decode(&garbage);
        let _ = bare.decode(&garbage);
    }
}

/// Agreement with Google's Python protobuf runtime (bytes and JSON mapping) and with
/// confluent-kafka's message-index encoding.
#[test]
fn cross_check_with_python_protobuf() {
    let (dir, orders, include) = files();
    let mut compiler = protox::Compiler::new([include, dir.path().to_path_buf()]).unwrap();
    compiler.include_imports(true);
    compiler.open_file(&orders).unwrap();
    let set = compiler.encode_file_descriptor_set();
    let protos = compile_file(&orders, &[dir.path().join("include")]).unwrap();
    let cases = [
        ("test.kpipe.Order", order_json()),
        (
            "test.kpipe.Order",
            json!({"iban": "DE00", "tags": [], "amount": "-5"}),
        ),
        (
            "test.kpipe.Order.Line",
            json!({"sku": "x", "qty": 4_294_967_295u32}),
        ),
        ("test.kpipe.Ping.Inner.Deep", json!({"ok": true})),
        ("test.kpipe.Ping", json!({"deep": {}})),
    ];
    let mut job_cases = Vec::new();
    let mut ours = Vec::new();
    for (name, value) in &cases {
        let msg = protos.message(Some(name)).unwrap();
        let mut scratch = Vec::new();
        let framed = ProtoEncoder::new(msg.clone(), Some(1))
            .encode_json(value, &mut scratch)
            .unwrap()
            .to_vec();
        let mut payload = &framed[5..];
        wire::read_message_indexes(&mut payload).unwrap();
        let decoded = json_of(&mut ProtoDecoder::local(msg, false), payload).unwrap();
        job_cases.push(json!({
            "message": name, "json": value.to_string(),
            "kpipe_bytes": hex::encode(payload), "kpipe_framed": hex::encode(&framed),
        }));
        ours.push((
            payload.to_vec(),
            decoded,
            framed[5..framed.len() - payload.len()].to_vec(),
        ));
    }
    let job = json!({
        "descriptor_set": base64::engine::general_purpose::STANDARD.encode(&set),
        "cases": job_cases,
    });
    let Some(answer) = python("protobuf_xcheck.py", &["google.protobuf"], &job) else {
        return;
    };
    for (got, (bytes, decoded, indexes)) in answer["cases"].as_array().unwrap().iter().zip(ours) {
        assert_eq!(
            got["py_bytes"].as_str().unwrap(),
            hex::encode(&bytes),
            "{got}"
        );
        assert_eq!(got["py_json"], decoded, "{got}");
        if let Some(py_indexes) = got["py_indexes"].as_str() {
            assert_eq!(py_indexes, hex::encode(&indexes), "{got}");
        }
    }
}
