//! The schema formats end to end through the real broker: Avro, Protobuf and JSON
//! Schema with a (fake, in-process) Schema Registry or with local schema files.
//!
//! Records written by confluent-kafka's own serializers (Python) are decoded by
//! `kpipe consume` to the same JSON; records written by kpipe are decoded by them to
//! the same values. These tests need the broker (`require_broker!`) and, for the
//! Python side, `python3` with `confluent-kafka[avro,protobuf,schemaregistry]` and
//! `fastavro`: missing locally they skip, in CI they fail.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use rdkafka::producer::{BaseProducer, BaseRecord, Producer};
use rdkafka::ClientConfig;
use serde_json::{json, Value};

use crate::registry::{FakeRegistry, TlsFiles};
use crate::util::{assert_code, create_topic, kpipe, stderr, stdout, unique};

const PY_MODULES: &str =
    "confluent_kafka.schema_registry.avro, confluent_kafka.schema_registry.protobuf, fastavro";

/// Runs `tests/py/<script>` with `job` on stdin; `None` (skip) without the Python
/// packages, a failure in CI.
fn python(script: &str, job: &Value) -> Option<Value> {
    let probe = Command::new("python3")
        .args(["-c", &format!("import {PY_MODULES}")])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    if !probe.is_ok_and(|s| s.success()) {
        assert!(
            std::env::var_os("CI").is_none(),
            "python3 with confluent-kafka[avro,protobuf,schemaregistry] and fastavro is needed in CI"
        );
        eprintln!("skipping: python3 with {PY_MODULES} is not installed");
        return None;
    }
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/py")
        .join(script);
    let mut child = Command::new("python3")
        .arg(path)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3");
    let input = serde_json::to_vec(job).unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    assert!(
        out.status.success(),
        "{script}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(serde_json::from_slice(&out.stdout).unwrap())
}

/// A raw record: key and value bytes, either may be null.
type Raw<'a> = (Option<&'a [u8]>, Option<&'a [u8]>);

/// Writes raw records to partition 0.
fn produce_raw(brokers: &str, topic: &str, records: &[Raw<'_>]) {
    let producer: BaseProducer = ClientConfig::new()
        .set("bootstrap.servers", brokers)
        .create()
        .unwrap();
    for (k, v) in records {
        let mut r: BaseRecord<'_, [u8], [u8]> = BaseRecord::to(topic).partition(0);
        if let Some(k) = k {
            r = r.key(*k);
        }
        if let Some(v) = v {
            r = r.payload(*v);
        }
        producer.send(r).map_err(|(e, _)| e).unwrap();
    }
    producer.flush(Duration::from_secs(30)).unwrap();
}

fn topic(brokers: &str, prefix: &str) -> String {
    let t = unique(prefix);
    create_topic(brokers, &t, 1, &[]);
    t
}

/// `kpipe consume -t T -e --output json` plus `args`; the parsed lines.
fn consume_json(brokers: &str, t: &str, args: &[&str]) -> (Output, Vec<Value>) {
    let out = kpipe()
        .args(["-b", brokers, "consume", "-t", t, "-e", "--output", "json"])
        .args(args)
        .output()
        .unwrap();
    let lines = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    (out, lines)
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

const ORDER_AVSC: &str = r#"{"type":"record","name":"Order","namespace":"shop","fields":[
    {"name":"id","type":"long"},
    {"name":"customer","type":"string"},
    {"name":"note","type":["null","string"],"default":null},
    {"name":"tags","type":{"type":"array","items":"string"}}]}"#;

fn orders() -> Vec<Value> {
    vec![
        json!({"id": 1, "customer": "ada", "note": null, "tags": []}),
        json!({"id": 2, "customer": "grace", "note": "rush", "tags": ["a", "b"]}),
        json!({"id": -3, "customer": "€uro", "note": null, "tags": ["x"]}),
    ]
}

#[test]
fn consume_avro_written_by_confluent_serializers() {
    let brokers = crate::require_broker!();
    let reg = FakeRegistry::start();
    let t = topic(&brokers, "avro-in");
    let records: Vec<Value> = orders()
        .into_iter()
        .enumerate()
        .map(|(i, v)| json!({"key": format!("k{i}"), "value": v}))
        .collect();
    let Some(_) = python(
        "confluent_kafka_io.py",
        &json!({"op": "produce", "bootstrap": brokers, "registry": reg.url(), "topic": t,
                "format": "avro", "schema": ORDER_AVSC, "records": records}),
    ) else {
        return;
    };
    let id = reg
        .requests()
        .iter()
        .any(|r| r == &format!("POST /subjects/{t}-value/versions"));
    assert!(
        id,
        "confluent-kafka registered under the TopicNameStrategy subject"
    );

    let (out, lines) = consume_json(
        &brokers,
        &t,
        &["--value-format", "avro", "--schema-registry", &reg.url()],
    );
    assert_code(&out, 0);
    let values: Vec<Value> = lines.iter().map(|l| l["value"].clone()).collect();
    assert_eq!(values, orders());
    for (i, l) in lines.iter().enumerate() {
        assert_eq!(l["key"], format!("k{i}"));
        assert_eq!(l["value_schema_id"], 1);
        assert!(l.get("key_schema_id").is_none());
    }
    // The registry was asked for the id once, however many records used it.
    assert_eq!(reg.count("GET /schemas/ids/1"), 1);

    // Avro's own JSON encoding, and plain value output.
    let (out, lines) = consume_json(
        &brokers,
        &t,
        &[
            "--value-format",
            "avro",
            "--avro-json",
            "avro",
            "--schema-registry",
            &reg.url(),
        ],
    );
    assert_code(&out, 0);
    assert_eq!(lines[1]["value"]["note"], json!({"string": "rush"}));
    let out = kpipe()
        .args(["-b", &brokers, "consume", "-t", &t, "-e", "-c", "1"])
        .args(["--value-format", "avro", "--schema-registry", &reg.url()])
        .output()
        .unwrap();
    assert_code(&out, 0);
    assert_eq!(
        stdout(&out),
        "{\"id\":1,\"customer\":\"ada\",\"note\":null,\"tags\":[]}\n"
    );
}

#[test]
fn consume_avro_with_a_local_schema_and_evolution() {
    let brokers = crate::require_broker!();
    let dir = tempfile::tempdir().unwrap();
    let t = topic(&brokers, "avro-local");
    // Bare Avro (no framing): id 1, "ada", null, [].
    produce_raw(
        &brokers,
        &t,
        &[(None, Some(&[2, 6, b'a', b'd', b'a', 0, 0]))],
    );
    let avsc = write(dir.path(), "order.avsc", ORDER_AVSC);
    let (out, lines) = consume_json(
        &brokers,
        &t,
        &[
            "--value-format",
            "avro",
            "--value-schema",
            avsc.to_str().unwrap(),
        ],
    );
    assert_code(&out, 0);
    assert_eq!(lines[0]["value"], orders()[0]);
    assert!(lines[0].get("value_schema_id").is_none());

    // A reader schema with the registry: fields added with defaults, one dropped.
    let reg = FakeRegistry::start();
    let id = reg.register(&format!("{t}-value"), ORDER_AVSC, "AVRO");
    let t2 = topic(&brokers, "avro-evolve");
    let mut framed = vec![0, 0, 0, 0, id as u8];
    framed.extend_from_slice(&[4, 4, b'b', b'o', 2, 2, b'x', 2, 2, b't', 0]);
    produce_raw(&brokers, &t2, &[(None, Some(&framed))]);
    let reader = write(
        dir.path(),
        "reader.avsc",
        r#"{"type":"record","name":"Order","namespace":"shop","fields":[
            {"name":"id","type":"long"},{"name":"note","type":["null","string"],"default":null},
            {"name":"priority","type":"int","default":5}]}"#,
    );
    let (out, lines) = consume_json(
        &brokers,
        &t2,
        &[
            "--value-format",
            "avro",
            "--schema-registry",
            &reg.url(),
            "--value-schema",
            reader.to_str().unwrap(),
        ],
    );
    assert_code(&out, 0);
    assert_eq!(
        lines[0]["value"],
        json!({"id": 2, "note": "x", "priority": 5})
    );
    assert_eq!(lines[0]["value_schema_id"], id);
}

#[test]
fn undecodable_records_name_their_position() {
    let brokers = crate::require_broker!();
    let reg = FakeRegistry::start();
    let id = reg.register("x-value", r#""string""#, "AVRO");
    let t = topic(&brokers, "avro-bad");
    let good = [0, 0, 0, 0, id as u8, 2, b'x'];
    produce_raw(
        &brokers,
        &t,
        &[
            (None, Some(&good)),
            (None, Some(&[0, 0, 0, 0, 99, 2, b'x'])), // unknown id
            (None, Some(&[0, 0, 0])),                 // truncated frame
            (None, Some(b"plain text")),              // not framed
            (None, Some(&good)),
        ],
    );
    let args = ["--value-format", "avro", "--schema-registry", &reg.url()];
    let out = kpipe()
        .args(["-b", &brokers, "consume", "-t", &t, "-e"])
        .args(args)
        .output()
        .unwrap();
    assert_code(&out, 4);
    assert_eq!(stdout(&out), "\"x\"\n");
    let err = stderr(&out);
    assert!(
        err.contains(&format!("{t}[0] offset 1")) && err.contains("schema id 99"),
        "{err}"
    );

    let out = kpipe()
        .args(["-b", &brokers, "consume", "-t", &t, "-e", "--skip-errors"])
        .args(args)
        .output()
        .unwrap();
    assert_code(&out, 0);
    assert_eq!(stdout(&out), "\"x\"\n\"x\"\n");
    let err = stderr(&out);
    for (offset, why) in [
        (1, "schema id 99"),
        (2, "truncated frame"),
        (3, "first byte is 0x70"),
    ] {
        assert!(
            err.contains(&format!("offset {offset}")) && err.contains(why),
            "{why}: {err}"
        );
    }

    // A registry that does not answer is a connection failure, never skipped.
    let out = kpipe()
        .args(["-b", &brokers, "consume", "-t", &t, "-e", "--skip-errors"])
        .args([
            "--value-format",
            "avro",
            "--schema-registry",
            "http://127.0.0.1:1",
        ])
        .output()
        .unwrap();
    assert_code(&out, 3);
    assert!(stderr(&out).contains("unreachable"), "{}", stderr(&out));
}

#[test]
fn consume_protobuf_and_json_schema_written_by_confluent_serializers() {
    use base64::Engine as _;
    let brokers = crate::require_broker!();
    let reg = FakeRegistry::start();
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "money.proto",
        "syntax = \"proto3\";\npackage m;\nmessage Money { int64 units = 1; string currency = 2; }\n",
    );
    let order = write(
        dir.path(),
        "order.proto",
        "syntax = \"proto3\";\npackage shop;\nimport \"money.proto\";\n\
         message Header { string id = 1; }\n\
         message Order { string id = 1; m.Money price = 2; repeated string tags = 3; }\n",
    );
    let set = descriptor_set(dir.path(), &order);
    let values = vec![
        json!({"id": "o1", "price": {"units": "12", "currency": "EUR"}, "tags": ["a"]}),
        json!({"id": "o2"}),
    ];
    let t = topic(&brokers, "proto-in");
    let records: Vec<Value> = values.iter().map(|v| json!({"value": v})).collect();
    let Some(_) = python(
        "confluent_kafka_io.py",
        &json!({"op": "produce", "bootstrap": brokers, "registry": reg.url(), "topic": t,
                "format": "protobuf", "message": "shop.Order",
                "descriptor_set": base64::engine::general_purpose::STANDARD.encode(set),
                "records": records}),
    ) else {
        return;
    };
    let (out, lines) = consume_json(
        &brokers,
        &t,
        &[
            "--value-format",
            "protobuf",
            "--schema-registry",
            &reg.url(),
        ],
    );
    assert_code(&out, 0);
    let got: Vec<Value> = lines.iter().map(|l| l["value"].clone()).collect();
    assert_eq!(got, values);
    assert!(lines[0]["value_schema_id"].as_u64().is_some());

    // JSON Schema, validated on request.
    let schema = r#"{"title":"Ping","type":"object","properties":{"n":{"type":"integer"}},"required":["n"]}"#;
    let t = topic(&brokers, "json-in");
    python(
        "confluent_kafka_io.py",
        &json!({"op": "produce", "bootstrap": brokers, "registry": reg.url(), "topic": t,
                "format": "json", "schema": schema,
                "records": [{"value": {"n": 1}}, {"value": {"n": 2}}]}),
    )
    .unwrap();
    let (out, lines) = consume_json(
        &brokers,
        &t,
        &[
            "--value-format",
            "json-schema",
            "--validate",
            "--schema-registry",
            &reg.url(),
        ],
    );
    assert_code(&out, 0);
    let got: Vec<Value> = lines.iter().map(|l| l["value"].clone()).collect();
    assert_eq!(got, [json!({"n": 1}), json!({"n": 2})]);
}

#[test]
fn consume_protobuf_with_local_files() {
    let brokers = crate::require_broker!();
    let dir = tempfile::tempdir().unwrap();
    let proto = write(
        dir.path(),
        "p.proto",
        "syntax = \"proto3\";\npackage p;\nmessage A { string s = 1; }\nmessage B { int64 n = 1; bool ok = 2; }\n",
    );
    let t = topic(&brokers, "proto-local");
    // B { n: 300, ok: true }
    produce_raw(
        &brokers,
        &t,
        &[(None, Some(&[0x08, 0xac, 0x02, 0x10, 0x01]))],
    );
    let (out, lines) = consume_json(
        &brokers,
        &t,
        &[
            "--value-format",
            "protobuf",
            "--value-schema",
            proto.to_str().unwrap(),
            "--value-message",
            "p.B",
        ],
    );
    assert_code(&out, 0);
    assert_eq!(lines[0]["value"], json!({"n": "300", "ok": true}));

    let set = dir.path().join("p.pb");
    std::fs::write(&set, descriptor_set(dir.path(), &proto)).unwrap();
    let out = kpipe()
        .args([
            "-b",
            &brokers,
            "consume",
            "-t",
            &t,
            "-e",
            "--value-format",
            "protobuf",
        ])
        .args([
            "--value-descriptor-set",
            set.to_str().unwrap(),
            "--value-message",
            "p.B",
        ])
        .output()
        .unwrap();
    assert_code(&out, 0);
    assert_eq!(stdout(&out), "{\"n\":\"300\",\"ok\":true}\n");

    // Setup errors are usage errors, before anything is read.
    let out = kpipe()
        .args([
            "-b",
            &brokers,
            "consume",
            "-t",
            &t,
            "-e",
            "--value-format",
            "protobuf",
        ])
        .args([
            "--value-schema",
            proto.to_str().unwrap(),
            "--value-message",
            "p.Nope",
        ])
        .output()
        .unwrap();
    assert_code(&out, 2);
    assert!(
        stderr(&out).contains("no message 'p.Nope'"),
        "{}",
        stderr(&out)
    );
    let out = kpipe()
        .args([
            "-b",
            &brokers,
            "consume",
            "-t",
            &t,
            "-e",
            "--value-format",
            "avro",
        ])
        .output()
        .unwrap();
    assert_code(&out, 2);
    assert!(stderr(&out).contains("--value-schema"), "{}", stderr(&out));
}

/// A binary FileDescriptorSet for `file` and its imports (what `protoc
/// --include_imports -o` writes), for the Python side and `--value-descriptor-set`.
fn descriptor_set(dir: &Path, file: &Path) -> Vec<u8> {
    let mut compiler = protox::Compiler::new([dir]).unwrap();
    compiler.include_imports(true);
    compiler.open_file(file).unwrap();
    compiler.encode_file_descriptor_set()
}

/// `kpipe -b B produce -t T ARGS` with `input` on stdin.
fn produce(brokers: &str, t: &str, args: &[&str], input: &str) -> Output {
    crate::util::run_with_input(
        kpipe().args(["-b", brokers, "produce", "-t", t]).args(args),
        input.as_bytes(),
    )
}

fn lines(values: &[Value]) -> String {
    values.iter().map(|v| format!("{v}\n")).collect()
}

#[test]
fn produce_avro_read_by_confluent_deserializers() {
    let brokers = crate::require_broker!();
    let reg = FakeRegistry::start();
    let dir = tempfile::tempdir().unwrap();
    let avsc = write(dir.path(), "order.avsc", ORDER_AVSC);
    let t = topic(&brokers, "avro-out");
    let registry = reg.url();
    let args = [
        "--value-format",
        "avro",
        "--value-schema",
        avsc.to_str().unwrap(),
        "--schema-registry",
        &registry,
        "--auto-register",
        "-K",
        "\t",
    ];
    let input: String = orders()
        .iter()
        .enumerate()
        .map(|(i, v)| format!("k{i}\t{v}\n"))
        .collect();
    let out = produce(&brokers, &t, &args, &input);
    assert_code(&out, 0);
    assert_eq!(reg.count(&format!("POST /subjects/{t}-value/versions")), 1);

    let Some(read) = python(
        "confluent_kafka_io.py",
        &json!({"op": "consume", "bootstrap": brokers, "registry": reg.url(), "topic": t,
                "format": "avro", "count": 3}),
    ) else {
        return;
    };
    let records = read["records"].as_array().unwrap();
    let values: Vec<Value> = records.iter().map(|r| r["value"].clone()).collect();
    assert_eq!(values, orders());
    assert_eq!(records[1]["key"], "k1");

    // And kpipe reads its own records back through the registry.
    let (out, got) = consume_json(
        &brokers,
        &t,
        &["--value-format", "avro", "--schema-registry", &registry],
    );
    assert_code(&out, 0);
    assert_eq!(
        got.iter().map(|l| l["value"].clone()).collect::<Vec<_>>(),
        orders()
    );
}

#[test]
fn produce_and_consume_round_trips_per_format() {
    let brokers = crate::require_broker!();
    let reg = FakeRegistry::start();
    let registry = reg.url();
    let dir = tempfile::tempdir().unwrap();
    let avsc = write(dir.path(), "order.avsc", ORDER_AVSC);
    let proto = write(
        dir.path(),
        "ev.proto",
        "syntax = \"proto3\";\npackage ev;\nimport \"google/protobuf/timestamp.proto\";\n\
         message Event { string id = 1; int64 n = 2; google.protobuf.Timestamp at = 3; repeated string tags = 4; }\n",
    );
    let jsonschema = write(
        dir.path(),
        "ping.json",
        r#"{"title":"Ping","type":"object","properties":{"n":{"type":"integer"}},"required":["n"]}"#,
    );
    let events = vec![
        json!({"id": "e1", "n": "7", "at": "2024-02-29T13:45:30.123Z", "tags": ["x"]}),
        json!({"id": "e2"}),
    ];
    let pings = vec![json!({"n": 1}), json!({"n": 2, "extra": "ok"})];
    let cases: Vec<(&str, Vec<&str>, Vec<Value>)> = vec![
        (
            "avro",
            vec!["--value-schema", avsc.to_str().unwrap()],
            orders(),
        ),
        (
            "protobuf",
            vec!["--value-schema", proto.to_str().unwrap()],
            events.clone(),
        ),
        (
            "json-schema",
            vec!["--value-schema", jsonschema.to_str().unwrap()],
            pings.clone(),
        ),
    ];
    for (format, schema_args, values) in &cases {
        // Local files only: bare encodings.
        let t = topic(&brokers, &format!("rt-local-{format}"));
        let mut args = vec!["--value-format", format];
        args.extend(schema_args);
        let out = produce(&brokers, &t, &args, &lines(values));
        assert_code(&out, 0);
        let (out, got) = consume_json(&brokers, &t, &args);
        assert_code(&out, 0);
        assert_eq!(
            got.iter().map(|l| l["value"].clone()).collect::<Vec<_>>(),
            *values,
            "{format} local"
        );
        assert!(got[0].get("value_schema_id").is_none());

        // With the registry, for each subject strategy.
        for strategy in ["topic", "record", "topic-record"] {
            let t = topic(&brokers, &format!("rt-sr-{format}"));
            let mut produce_args = args.clone();
            produce_args.extend([
                "--schema-registry",
                &registry,
                "--auto-register",
                "--subject-strategy",
                strategy,
            ]);
            let out = produce(&brokers, &t, &produce_args, &lines(values));
            assert_code(&out, 0);
            let (out, got) = consume_json(
                &brokers,
                &t,
                &["--value-format", format, "--schema-registry", &registry],
            );
            assert_code(&out, 0);
            assert_eq!(
                got.iter().map(|l| l["value"].clone()).collect::<Vec<_>>(),
                *values,
                "{format} {strategy}"
            );
            assert!(got[0]["value_schema_id"].as_u64().is_some());
        }
    }
    let subjects = reg.requests();
    for subject in ["shop.Order", "ev.Event", "Ping"] {
        assert!(
            subjects
                .iter()
                .any(|r| r == &format!("POST /subjects/{subject}/versions")),
            "record strategy subject {subject}: {subjects:?}"
        );
    }
}

#[test]
fn envelopes_replay_and_keys_have_schemas_too() {
    let brokers = crate::require_broker!();
    let reg = FakeRegistry::start();
    let registry = reg.url();
    let dir = tempfile::tempdir().unwrap();
    let key = write(
        dir.path(),
        "key.avsc",
        r#"{"type":"record","name":"Key","fields":[{"name":"id","type":"long"}]}"#,
    );
    let avsc = write(dir.path(), "order.avsc", ORDER_AVSC);
    let t = topic(&brokers, "env-src");
    let args = [
        "--key-format",
        "avro",
        "--key-schema",
        key.to_str().unwrap(),
        "--value-format",
        "avro",
        "--value-schema",
        avsc.to_str().unwrap(),
        "--schema-registry",
        &registry,
        "--auto-register",
        "--input",
        "json",
    ];
    let input: String = orders()
        .iter()
        .map(|v| {
            format!(
                "{}\n",
                json!({"key": {"id": v["id"]}, "value": v, "headers": [{"key": "h", "value": "1"}]})
            )
        })
        .collect();
    let out = produce(&brokers, &t, &args, &input);
    assert_code(&out, 0);
    let consume_args = [
        "--key-format",
        "avro",
        "--value-format",
        "avro",
        "--schema-registry",
        &registry,
    ];
    let (out, dump) = consume_json(&brokers, &t, &consume_args);
    assert_code(&out, 0);
    assert_eq!(dump.len(), 3);
    assert_eq!(dump[0]["key"], json!({"id": 1}));
    assert!(dump[0]["key_schema_id"].as_u64().is_some());
    assert!(dump[0]["value_schema_id"].as_u64().is_some());
    assert_ne!(dump[0]["key_schema_id"], dump[0]["value_schema_id"]);

    // The dump replays to another topic; records name their topic, so each topic gets
    // its own subjects (here: looked up, registered by --auto-register).
    let copy = topic(&brokers, "env-copy");
    let replay: String = dump
        .iter()
        .map(|l| {
            let mut l = l.clone();
            l["topic"] = json!(copy);
            format!("{l}\n")
        })
        .collect();
    let out = crate::util::run_with_input(
        kpipe().args(["-b", &brokers, "produce"]).args(args),
        replay.as_bytes(),
    );
    assert_code(&out, 0);
    assert_eq!(
        reg.count(&format!("POST /subjects/{copy}-value/versions")),
        1
    );
    assert_eq!(reg.count(&format!("POST /subjects/{copy}-key/versions")), 1);
    let (out, again) = consume_json(&brokers, &copy, &consume_args);
    assert_code(&out, 0);
    for (a, b) in dump.iter().zip(&again) {
        assert_eq!(a["key"], b["key"]);
        assert_eq!(a["value"], b["value"]);
        assert_eq!(a["headers"], b["headers"]);
        // Same schema text: the registry gives it the same id under the new subjects.
        assert_eq!(a["value_schema_id"], b["value_schema_id"]);
    }
    // Byte for byte: the raw records are identical.
    let raw = |t: &str| {
        let out = kpipe()
            .args([
                "-b",
                &brokers,
                "consume",
                "-t",
                t,
                "-e",
                "-f",
                "%k{hex} %v{hex}\\n",
            ])
            .output()
            .unwrap();
        stdout(&out)
    };
    assert_eq!(raw(&t), raw(&copy));
}

#[test]
fn produce_errors_and_exit_codes() {
    let brokers = crate::require_broker!();
    let reg = FakeRegistry::start();
    let registry = reg.url();
    let dir = tempfile::tempdir().unwrap();
    let avsc = write(dir.path(), "order.avsc", ORDER_AVSC);
    let schema = avsc.to_str().unwrap();
    let t = topic(&brokers, "avro-err");

    // Not registered, no --auto-register: usage, with a hint, before anything is sent.
    let out = produce(
        &brokers,
        &t,
        &[
            "--value-format",
            "avro",
            "--value-schema",
            schema,
            "--schema-registry",
            &registry,
        ],
        "{}\n",
    );
    assert_code(&out, 2);
    assert!(stderr(&out).contains("--auto-register"), "{}", stderr(&out));

    // A bad record names its line; --skip-bad-input goes on.
    let input = format!("{}\n{{\"id\":\"x\"}}\n{}\n", orders()[0], orders()[1]);
    let args = [
        "--value-format",
        "avro",
        "--value-schema",
        schema,
        "--schema-registry",
        &registry,
        "--auto-register",
    ];
    let out = produce(&brokers, &t, &args, &input);
    assert_code(&out, 4);
    assert!(
        stderr(&out).contains("<stdin>:2") && stderr(&out).contains("at .id: expected a long"),
        "{}",
        stderr(&out)
    );
    let mut skipping = args.to_vec();
    skipping.push("--skip-bad-input");
    let out = produce(&brokers, &t, &skipping, &input);
    assert_code(&out, 0);

    // The registry refuses an incompatible schema: its message, exit 4.
    reg.set_compatibility(&format!("{t}-value"), "BACKWARD");
    let v2 = write(
        dir.path(),
        "v2.avsc",
        r#"{"type":"record","name":"Order","namespace":"shop","fields":[{"name":"id","type":"long"},{"name":"must","type":"string"}]}"#,
    );
    let out = produce(
        &brokers,
        &t,
        &[
            "--value-format",
            "avro",
            "--value-schema",
            v2.to_str().unwrap(),
            "--schema-registry",
            &registry,
            "--auto-register",
        ],
        "{}\n",
    );
    assert_code(&out, 4);
    assert!(
        stderr(&out).contains("incompatible") && stderr(&out).contains("'must'"),
        "{}",
        stderr(&out)
    );

    // JSON Schema validation failures are bad input.
    let js = write(
        dir.path(),
        "p.json",
        r#"{"type":"object","properties":{"n":{"type":"integer"}},"required":["n"]}"#,
    );
    let out = produce(
        &brokers,
        &t,
        &[
            "--value-format",
            "json-schema",
            "--value-schema",
            js.to_str().unwrap(),
        ],
        "{\"n\":1}\n{\"n\":\"one\"}\n",
    );
    assert_code(&out, 4);
    assert!(
        stderr(&out).contains("<stdin>:2") && stderr(&out).contains("/n"),
        "{}",
        stderr(&out)
    );

    // The registry is down: a connection error.
    let out = produce(
        &brokers,
        &t,
        &[
            "--value-format",
            "avro",
            "--value-schema",
            schema,
            "--schema-registry",
            "http://127.0.0.1:1",
        ],
        "{}\n",
    );
    assert_code(&out, 3);

    // Protobuf from the registry's latest version, by message name.
    let proto = "syntax = \"proto3\";\npackage p;\nmessage A { string s = 1; }\nmessage B { int64 n = 1; }\n";
    reg.register(&format!("{t}-key"), proto, "PROTOBUF");
    let out = produce(
        &brokers,
        &t,
        &[
            "--key-format",
            "protobuf",
            "--key-message",
            "p.B",
            "--schema-registry",
            &registry,
            "-K",
            "\t",
        ],
        "{\"n\":\"5\"}\tv\n",
    );
    assert_code(&out, 0);
    let out = produce(
        &brokers,
        &t,
        &[
            "--key-format",
            "protobuf",
            "--key-message",
            "p.C",
            "--schema-registry",
            &registry,
            "-K",
            "\t",
        ],
        "{}\tv\n",
    );
    assert_code(&out, 2);
    assert!(
        stderr(&out).contains("no message 'p.C'"),
        "{}",
        stderr(&out)
    );
}

/// Schemas that use other subjects' schemas (a JSON Schema `$ref`, an Avro named type),
/// produced and consumed through the real broker and an HTTPS registry that wants a
/// client certificate; confluent-kafka reads the same records.
#[test]
fn references_across_subjects_over_https() {
    let brokers = crate::require_broker!();
    let files = TlsFiles::generate();
    let reg = FakeRegistry::start_tls(&files);
    let registry = reg.url();
    let dir = tempfile::tempdir().unwrap();
    let p = |p: &Path| p.to_str().unwrap().to_string();
    let tls_env = [
        ("KPIPE_SCHEMA_REGISTRY", registry.clone()),
        ("KPIPE_SCHEMA_REGISTRY_CA", p(&files.ca)),
        ("KPIPE_SCHEMA_REGISTRY_CERT", p(&files.client_cert)),
        ("KPIPE_SCHEMA_REGISTRY_KEY", p(&files.client_key)),
    ];
    let run = |args: &[&str], input: &str| {
        let mut cmd = kpipe();
        cmd.args(["-b", &brokers]).args(args);
        for (k, v) in &tls_env {
            cmd.env(k, v);
        }
        crate::util::run_with_input(&mut cmd, input.as_bytes())
    };
    let values_of = |out: &Output| -> Vec<Value> {
        stdout(out)
            .lines()
            .map(|l| serde_json::from_str::<Value>(l).unwrap()["value"].clone())
            .collect()
    };

    // JSON Schema: user.json $refs address.json, registered as its own subject.
    write(
        dir.path(),
        "address.json",
        r#"{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}"#,
    );
    let user = write(
        dir.path(),
        "user.json",
        r#"{"type":"object","properties":{"name":{"type":"string"},"home":{"$ref":"address.json"}},"required":["name","home"]}"#,
    );
    let users = vec![
        json!({"name": "ada", "home": {"city": "Oslo"}}),
        json!({"name": "grace", "home": {"city": "Rome"}}),
    ];
    let t = topic(&brokers, "json-refs");
    let json_args = [
        "--value-format",
        "json-schema",
        "--value-schema",
        user.to_str().unwrap(),
        "--auto-register",
    ];
    let out = run(
        &[&["produce", "-t", &t], &json_args[..]].concat(),
        &lines(&users),
    );
    assert_code(&out, 0);
    // A document the referenced schema refuses: exit 4, nothing sent.
    let out = run(
        &[&["produce", "-t", &t], &json_args[..]].concat(),
        "{\"name\":\"x\",\"home\":{}}\n",
    );
    assert_code(&out, 4);
    assert!(stderr(&out).contains("/home"), "{}", stderr(&out));
    // Once per run (two runs).
    assert_eq!(reg.count("POST /subjects/address.json/versions"), 2);
    let out = run(
        &[
            "consume",
            "-t",
            &t,
            "-e",
            "--output",
            "json",
            "--value-format",
            "json-schema",
            "--validate",
        ],
        "",
    );
    assert_code(&out, 0);
    assert_eq!(values_of(&out), users);
    let tls =
        json!({"ca": p(&files.ca), "cert": p(&files.client_cert), "key": p(&files.client_key)});
    if let Some(read) = python(
        "confluent_kafka_io.py",
        &json!({"op": "consume", "bootstrap": brokers, "registry": registry, "registry_tls": tls,
                "topic": t, "format": "json", "count": 2}),
    ) {
        let got: Vec<Value> = read["records"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["value"].clone())
            .collect();
        assert_eq!(got, users);
    }

    // Avro: User uses acme.Address, defined by the subject of that name.
    reg.register(
        "acme.Address",
        r#"{"type":"record","name":"Address","namespace":"acme","fields":[{"name":"city","type":"string"}]}"#,
        "AVRO",
    );
    let avsc = write(
        dir.path(),
        "user.avsc",
        r#"{"type":"record","name":"User","namespace":"acme","fields":[{"name":"name","type":"string"},{"name":"home","type":"Address"}]}"#,
    );
    let t = topic(&brokers, "avro-refs");
    let out = run(
        &[
            "produce",
            "-t",
            &t,
            "--value-format",
            "avro",
            "--value-schema",
            avsc.to_str().unwrap(),
            "--auto-register",
        ],
        &lines(&users),
    );
    assert_code(&out, 0);
    let out = run(
        &[
            "consume",
            "-t",
            &t,
            "-e",
            "--output",
            "json",
            "--value-format",
            "avro",
        ],
        "",
    );
    assert_code(&out, 0);
    assert_eq!(values_of(&out), users);
    if let Some(read) = python(
        "confluent_kafka_io.py",
        &json!({"op": "consume", "bootstrap": brokers, "registry": registry, "registry_tls": tls,
                "topic": t, "format": "avro", "count": 2}),
    ) {
        let got: Vec<Value> = read["records"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["value"].clone())
            .collect();
        assert_eq!(got, users);
    }
}

/// kpipe's protobuf (with an import registered as another subject, and a message that
/// is not the file's first) and JSON Schema records, read through the broker by
/// confluent-kafka's deserializers.
#[test]
fn produce_protobuf_and_json_schema_read_by_confluent_deserializers() {
    use base64::Engine as _;
    let brokers = crate::require_broker!();
    let reg = FakeRegistry::start();
    let registry = reg.url();
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "money.proto",
        "syntax = \"proto3\";\npackage m;\nmessage Money { int64 units = 1; string currency = 2; }\n",
    );
    let order = write(
        dir.path(),
        "order.proto",
        "syntax = \"proto3\";\npackage shop;\nimport \"money.proto\";\n\
         message Header { string id = 1; }\n\
         message Order { string id = 1; m.Money price = 2; repeated string tags = 3; }\n",
    );
    let values = vec![
        json!({"id": "o1", "price": {"units": "12", "currency": "EUR"}, "tags": ["a", "b"]}),
        json!({"id": "o2"}),
    ];
    let t = topic(&brokers, "proto-out");
    let out = produce(
        &brokers,
        &t,
        &[
            "--schema-registry",
            &registry,
            "--value-format",
            "protobuf",
            "--value-schema",
            order.to_str().unwrap(),
            "--value-message",
            "shop.Order",
            "--auto-register",
        ],
        &lines(&values),
    );
    assert_code(&out, 0);
    assert_eq!(reg.count("POST /subjects/money.proto/versions"), 1);
    let set = descriptor_set(dir.path(), &order);
    let Some(read) = python(
        "confluent_kafka_io.py",
        &json!({"op": "consume", "bootstrap": brokers, "registry": registry, "topic": t,
                "format": "protobuf", "message": "shop.Order",
                "descriptor_set": base64::engine::general_purpose::STANDARD.encode(set),
                "count": 2}),
    ) else {
        return;
    };
    let got: Vec<Value> = read["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["value"].clone())
        .collect();
    assert_eq!(got, values);

    let schema = write(
        dir.path(),
        "ping.json",
        r#"{"title":"Ping","type":"object","properties":{"n":{"type":"integer"},"s":{"type":"string"}},"required":["n"]}"#,
    );
    let pings = vec![json!({"n": 1}), json!({"n": 2, "s": "x"})];
    let t = topic(&brokers, "json-out");
    let out = produce(
        &brokers,
        &t,
        &[
            "--schema-registry",
            &registry,
            "--value-format",
            "json-schema",
            "--value-schema",
            schema.to_str().unwrap(),
            "--auto-register",
        ],
        &lines(&pings),
    );
    assert_code(&out, 0);
    let read = python(
        "confluent_kafka_io.py",
        &json!({"op": "consume", "bootstrap": brokers, "registry": registry, "topic": t,
                "format": "json", "count": 2}),
    )
    .unwrap();
    let got: Vec<Value> = read["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["value"].clone())
        .collect();
    assert_eq!(got, pings);
}
