use serde_json::{json, Value};

use super::*;
use crate::serde::fake_registry::FakeRegistry;
use crate::serde::registry;
use crate::serde::wire;
use crate::serde::Decoded;

const USER_V1: &str =
    r#"{"type":"record","name":"User","namespace":"acme","fields":[{"name":"id","type":"long"}]}"#;
const USER_V2: &str = r#"{"type":"record","name":"User","namespace":"acme","fields":[{"name":"id","type":"long"},{"name":"email","type":"string"}]}"#;

fn client(reg: &FakeRegistry, user: Option<(&str, &str)>) -> Arc<Client> {
    Arc::new(
        Client::new(&registry::Options {
            url: reg.url(),
            username: user.map(|u| u.0.to_string()),
            password: user.map(|u| u.1.to_string()),
            timeout: std::time::Duration::from_secs(10),
            ..Default::default()
        })
        .unwrap(),
    )
}

fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn value_opts(schema: Option<PathBuf>) -> SchemaOptions {
    SchemaOptions {
        value: SideOptions {
            schema,
            ..SideOptions::default()
        },
        ..SchemaOptions::default()
    }
}

fn encode(enc: &mut Box<dyn Encoder>, value: Value) -> Result<Vec<u8>, SerdeError> {
    let mut scratch = Vec::new();
    enc.encode_json(&value, &mut scratch).map(<[u8]>::to_vec)
}

fn decode(dec: &mut Box<dyn Decoder>, bytes: &[u8]) -> Value {
    let decoded = dec.decode(bytes).unwrap_or_else(|e| panic!("{e}"));
    decoded
        .json()
        .unwrap_or_else(|| panic!("expected JSON, got {decoded:?}"))
        .into_owned()
}

/// The exit code and message of a setup error.
fn failure(err: anyhow::Error) -> (exit::Code, String) {
    let f = err
        .downcast_ref::<Failure>()
        .unwrap_or_else(|| panic!("not a Failure: {err:#}"));
    let mut text = f.message.clone();
    if let Some(h) = &f.hint {
        text.push_str(" / hint: ");
        text.push_str(h);
    }
    (f.code, text)
}

#[test]
fn local_schemas_without_a_registry_are_unframed() {
    let dir = tempfile::tempdir().unwrap();
    let avsc = write(&dir, "user.avsc", USER_V1);
    let codecs = Codecs::with_client(None, value_opts(Some(avsc)));
    let mut enc = codecs.encoder(Format::Avro, Role::Value, "t").unwrap();
    let bytes = encode(&mut enc, json!({"id": 1})).unwrap();
    assert_eq!(bytes, [2]);
    let mut dec = codecs.decoder(Format::Avro, Role::Value).unwrap();
    assert_eq!(decode(&mut dec, &bytes), json!({"id": 1}));
    assert_eq!(dec.schema_id(), None);

    // Missing schemas, unreadable and invalid files are usage errors.
    let none = Codecs::with_client(None, SchemaOptions::default());
    for format in [Format::Avro, Format::Protobuf, Format::JsonSchema] {
        let (code, msg) = failure(none.encoder(format, Role::Key, "t").err().unwrap());
        assert_eq!(code, exit::USAGE, "{msg}");
        assert!(msg.contains("--key-schema"), "{msg}");
    }
    let (code, msg) = failure(none.decoder(Format::Avro, Role::Value).err().unwrap());
    assert_eq!(code, exit::USAGE);
    assert!(msg.contains("--value-schema FILE.avsc"), "{msg}");
    let missing = Codecs::with_client(None, value_opts(Some(dir.path().join("nope.avsc"))));
    let (code, msg) = failure(
        missing
            .encoder(Format::Avro, Role::Value, "t")
            .err()
            .unwrap(),
    );
    assert_eq!(code, exit::USAGE);
    assert!(
        msg.contains("cannot read the Avro schema") && msg.contains("nope.avsc"),
        "{msg}"
    );
    let bad = Codecs::with_client(
        None,
        value_opts(Some(write(&dir, "bad.avsc", r#"{"type":"record"}"#))),
    );
    let (_, msg) = failure(bad.encoder(Format::Avro, Role::Value, "t").err().unwrap());
    assert!(
        msg.contains("invalid Avro schema") && msg.contains("bad.avsc"),
        "{msg}"
    );
    // Byte formats pass through.
    let mut plain = none.encoder(Format::Hex, Role::Value, "t").unwrap();
    let mut scratch = Vec::new();
    assert_eq!(plain.encode(b"ff", &mut scratch).unwrap(), [255]);
}

#[test]
fn framing_without_a_registry_needs_an_explicit_id() {
    let dir = tempfile::tempdir().unwrap();
    let avsc = write(&dir, "user.avsc", USER_V1);
    let mut opts = value_opts(Some(avsc));
    opts.framing = Some(Framing::Confluent);
    let (code, msg) = failure(
        Codecs::with_client(None, opts.clone())
            .encoder(Format::Avro, Role::Value, "t")
            .err()
            .unwrap(),
    );
    assert_eq!(code, exit::USAGE);
    assert!(msg.contains("--value-schema-id"), "{msg}");
    opts.value.schema_id = Some(42);
    let codecs = Codecs::with_client(None, opts);
    let bytes = encode(
        &mut codecs.encoder(Format::Avro, Role::Value, "t").unwrap(),
        json!({"id": 1}),
    )
    .unwrap();
    assert_eq!(bytes, [0, 0, 0, 0, 42, 2]);
    let mut dec = codecs.decoder(Format::Avro, Role::Value).unwrap();
    assert_eq!(decode(&mut dec, &bytes), json!({"id": 1}));
    assert_eq!(dec.schema_id(), Some(42));
}

#[test]
fn avro_produce_registers_looks_up_and_pins_versions() {
    let reg = FakeRegistry::start();
    let c = client(&reg, None);
    let dir = tempfile::tempdir().unwrap();
    let v1 = write(&dir, "v1.avsc", USER_V1);

    // Not registered and no --auto-register: a usage error with a hint.
    let codecs = Codecs::with_client(Some(c.clone()), value_opts(Some(v1.clone())));
    let (code, msg) = failure(
        codecs
            .encoder(Format::Avro, Role::Value, "users")
            .err()
            .unwrap(),
    );
    assert_eq!(code, exit::USAGE);
    assert!(
        msg.contains("'users-value'") && msg.contains("--auto-register"),
        "{msg}"
    );

    let mut opts = value_opts(Some(v1.clone()));
    opts.auto_register = true;
    let codecs = Codecs::with_client(Some(c.clone()), opts);
    let mut enc = codecs.encoder(Format::Avro, Role::Value, "users").unwrap();
    let bytes = encode(&mut enc, json!({"id": 5})).unwrap();
    let id = wire::peek_id(&bytes).unwrap();
    assert_eq!(&bytes[5..], [10]);
    // Building it again reuses the cached registration.
    codecs.encoder(Format::Avro, Role::Value, "users").unwrap();
    assert_eq!(reg.count("POST /subjects/users-value/versions"), 1);

    // Registered now: a plain lookup finds it.
    let codecs = Codecs::with_client(Some(c.clone()), value_opts(Some(v1)));
    let bytes = encode(
        &mut codecs.encoder(Format::Avro, Role::Value, "users").unwrap(),
        json!({"id": 5}),
    )
    .unwrap();
    assert_eq!(wire::peek_id(&bytes), Some(id));
    let lookups = reg
        .requests()
        .iter()
        .filter(|r| *r == "POST /subjects/users-value")
        .count();
    assert_eq!(lookups, 2);

    // Consume: framed, schema from the registry.
    let mut dec = codecs.decoder(Format::Avro, Role::Value).unwrap();
    assert_eq!(decode(&mut dec, &bytes), json!({"id": 5}));
    assert_eq!(dec.schema_id(), Some(id));

    // No local schema: the subject's latest version; or a pinned one; or an id.
    let id2 = reg.register("users-value", USER_V2, "AVRO");
    let latest = Codecs::with_client(Some(c.clone()), SchemaOptions::default());
    let bytes = encode(
        &mut latest.encoder(Format::Avro, Role::Value, "users").unwrap(),
        json!({"id": 1, "email": "a@b"}),
    )
    .unwrap();
    assert_eq!(wire::peek_id(&bytes), Some(id2));
    let mut pinned = SchemaOptions::default();
    pinned.value.schema_version = Some(Version::Number(1));
    let bytes = encode(
        &mut Codecs::with_client(Some(c.clone()), pinned)
            .encoder(Format::Avro, Role::Value, "users")
            .unwrap(),
        json!({"id": 1}),
    )
    .unwrap();
    assert_eq!(wire::peek_id(&bytes), Some(id));
    let mut by_id = SchemaOptions::default();
    by_id.value.schema_id = Some(id2);
    let enc = Codecs::with_client(Some(c.clone()), by_id).encoder(Format::Avro, Role::Value, "any");
    assert!(encode(&mut enc.unwrap(), json!({"id": 1}))
        .unwrap_err()
        .to_string()
        .contains("missing field 'email'"));

    // Unknown subject, version and id.
    let (code, msg) = failure(
        latest
            .encoder(Format::Avro, Role::Key, "users")
            .err()
            .unwrap(),
    );
    assert_eq!(code, exit::USAGE);
    assert!(msg.contains("users-key"), "{msg}");
    let mut missing = SchemaOptions::default();
    missing.value.schema_id = Some(404);
    let (code, msg) = failure(
        Codecs::with_client(Some(c.clone()), missing)
            .encoder(Format::Avro, Role::Value, "t")
            .err()
            .unwrap(),
    );
    assert_eq!(code, exit::USAGE);
    assert!(msg.contains("schema id 404"), "{msg}");
    // The id of a schema of another type.
    let proto = reg.register("p", "syntax = \"proto3\"; message M {}", "PROTOBUF");
    let mut wrong = SchemaOptions::default();
    wrong.value.schema_id = Some(proto);
    let (_, msg) = failure(
        Codecs::with_client(Some(c), wrong)
            .encoder(Format::Avro, Role::Value, "t")
            .err()
            .unwrap(),
    );
    assert!(msg.contains("is a PROTOBUF schema, not AVRO"), "{msg}");
}

#[test]
fn subject_strategies() {
    assert_eq!(
        subject_name(SubjectStrategy::Topic, "t", Role::Key, None).unwrap(),
        "t-key"
    );
    assert_eq!(
        subject_name(SubjectStrategy::Topic, "t", Role::Value, Some("a.B")).unwrap(),
        "t-value"
    );
    assert_eq!(
        subject_name(SubjectStrategy::Record, "t", Role::Value, Some("a.B")).unwrap(),
        "a.B"
    );
    assert_eq!(
        subject_name(SubjectStrategy::TopicRecord, "t", Role::Value, Some("a.B")).unwrap(),
        "t-a.B"
    );
    assert!(subject_name(SubjectStrategy::Record, "t", Role::Value, None).is_err());

    let reg = FakeRegistry::start();
    let dir = tempfile::tempdir().unwrap();
    for (strategy, subject) in [
        (SubjectStrategy::Record, "acme.User"),
        (SubjectStrategy::TopicRecord, "events-acme.User"),
    ] {
        let mut opts = value_opts(Some(write(&dir, "u.avsc", USER_V1)));
        opts.auto_register = true;
        opts.strategy = strategy;
        Codecs::with_client(Some(client(&reg, None)), opts)
            .encoder(Format::Avro, Role::Value, "events")
            .unwrap();
        assert_eq!(
            reg.count(&format!("POST /subjects/{subject}/versions")),
            1,
            "{subject}"
        );
    }
    // An explicit subject wins.
    let mut opts = value_opts(Some(write(&dir, "u.avsc", USER_V1)));
    opts.auto_register = true;
    opts.value.subject = Some("custom".into());
    Codecs::with_client(Some(client(&reg, None)), opts)
        .encoder(Format::Avro, Role::Value, "events")
        .unwrap();
    assert_eq!(reg.count("POST /subjects/custom/versions"), 1);
}

#[test]
fn incompatible_schemas_pass_the_registry_message_through() {
    let reg = FakeRegistry::start();
    reg.register("users-value", USER_V1, "AVRO");
    reg.set_compatibility("users-value", "BACKWARD");
    let dir = tempfile::tempdir().unwrap();
    let mut opts = value_opts(Some(write(&dir, "v2.avsc", USER_V2)));
    opts.auto_register = true;
    let (code, msg) = failure(
        Codecs::with_client(Some(client(&reg, None)), opts)
            .encoder(Format::Avro, Role::Value, "users")
            .err()
            .unwrap(),
    );
    assert_eq!(code, exit::BAD_INPUT);
    assert!(
        msg.contains("incompatible") && msg.contains("'users-value'"),
        "{msg}"
    );
    assert!(
        msg.contains("READER_FIELD_MISSING_DEFAULT_VALUE") && msg.contains("'email'"),
        "{msg}"
    );
}

#[test]
fn credentials_are_sent_and_never_shown() {
    let reg = FakeRegistry::start();
    // "ops:s3cret" in base64.
    reg.require_auth("Basic b3BzOnMzY3JldA==");
    let id = reg.register("t-value", r#""string""#, "AVRO");
    let ok = Codecs::with_client(
        Some(client(&reg, Some(("ops", "s3cret")))),
        SchemaOptions::default(),
    );
    let mut enc = ok.encoder(Format::Avro, Role::Value, "t").unwrap();
    assert_eq!(
        wire::peek_id(&encode(&mut enc, json!("x")).unwrap()),
        Some(id)
    );

    let wrong = Codecs::with_client(
        Some(client(&reg, Some(("ops", "wrong-pass")))),
        SchemaOptions::default(),
    );
    let (code, msg) = failure(wrong.encoder(Format::Avro, Role::Value, "t").err().unwrap());
    assert_eq!(code, exit::CONNECTION);
    assert!(msg.contains("refused the credentials (HTTP 401)"), "{msg}");
    assert!(
        !msg.contains("wrong-pass") && !msg.contains("b3Bz"),
        "{msg}"
    );

    // Credentials in the URL: moved to the header, never in messages.
    let url = reg.url().replace("http://", "http://ops:s3cret@");
    let c = Arc::new(
        Client::new(&registry::Options {
            url,
            ..Default::default()
        })
        .unwrap(),
    );
    assert!(!c.url().contains("s3cret"));
    let mut dec = AvroDecoder::registry(c, None, AvroJson::Plain);
    let mut framed = Vec::new();
    wire::write_header(&mut framed, id);
    framed.extend_from_slice(&[2, b'x']);
    assert_eq!(dec.decode(&framed).unwrap(), Decoded::Json(json!("x")));
    let mut unknown = framed.clone();
    unknown[4] = 200;
    let err = dec.decode(&unknown).unwrap_err().to_string();
    assert!(!err.contains("s3cret") && err.contains(&reg.url()), "{err}");
}

#[test]
fn protobuf_produce_registers_imports_as_references() {
    let reg = FakeRegistry::start();
    let dir = tempfile::tempdir().unwrap();
    let include = dir.path().join("include");
    std::fs::create_dir(&include).unwrap();
    std::fs::write(
        include.join("money.proto"),
        "syntax = \"proto3\";\npackage m;\nmessage Money { int64 units = 1; }\n",
    )
    .unwrap();
    let proto = write(
        &dir,
        "order.proto",
        "syntax = \"proto3\";\npackage shop;\nimport \"money.proto\";\nimport \"google/protobuf/timestamp.proto\";\n\
         message Order { m.Money price = 1; google.protobuf.Timestamp at = 2; Line line = 3; }\n\
         message Line { string sku = 1; }\n",
    );
    let mut opts = value_opts(Some(proto));
    opts.proto_paths = vec![include];
    opts.auto_register = true;
    opts.value.message = Some("shop.Line".into());
    let codecs = Codecs::with_client(Some(client(&reg, None)), opts);
    let mut enc = codecs
        .encoder(Format::Protobuf, Role::Value, "orders")
        .unwrap();
    let bytes = encode(&mut enc, json!({"sku": "s1"})).unwrap();
    // [1]: the file's second message.
    assert_eq!(&bytes[5..7], [2, 2]);
    assert_eq!(reg.count("POST /subjects/money.proto/versions"), 1);
    assert_eq!(reg.count("POST /subjects/orders-value/versions"), 1);
    assert_eq!(
        reg.count("POST /subjects/google"),
        0,
        "well-known types are not registered"
    );

    // A consumer with only the registry decodes it, references and all.
    let consumer = Codecs::with_client(Some(client(&reg, None)), SchemaOptions::default());
    let mut dec = consumer.decoder(Format::Protobuf, Role::Value).unwrap();
    assert_eq!(decode(&mut dec, &bytes), json!({"sku": "s1"}));
    let mut enc = Codecs::with_client(Some(client(&reg, None)), SchemaOptions::default())
        .encoder(Format::Protobuf, Role::Value, "orders")
        .unwrap();
    let order = encode(
        &mut enc,
        json!({"price": {"units": "3"}, "at": "2024-01-01T00:00:00Z"}),
    )
    .unwrap();
    assert_eq!(&order[5..6], [0], "the latest schema's first message, [0]");
    assert_eq!(
        decode(&mut dec, &order),
        json!({"price": {"units": "3"}, "at": "2024-01-01T00:00:00Z"})
    );
}

#[test]
fn json_schema_validates_on_produce_and_on_request_on_consume() {
    let reg = FakeRegistry::start();
    let dir = tempfile::tempdir().unwrap();
    let schema = write(
        &dir,
        "p.json",
        r#"{"title":"Person","type":"object","properties":{"age":{"type":"integer"}},"required":["age"]}"#,
    );
    let mut opts = value_opts(Some(schema));
    opts.auto_register = true;
    opts.strategy = SubjectStrategy::Record;
    let codecs = Codecs::with_client(Some(client(&reg, None)), opts);
    let mut enc = codecs
        .encoder(Format::JsonSchema, Role::Value, "people")
        .unwrap();
    let ok = encode(&mut enc, json!({"age": 3})).unwrap();
    assert_eq!(&ok[5..], br#"{"age":3}"#);
    assert_eq!(reg.count("POST /subjects/Person/versions"), 1);
    let err = encode(&mut enc, json!({"age": "x"})).unwrap_err();
    assert_eq!(err.code(), exit::BAD_INPUT);

    let mut bad = ok[..5].to_vec();
    bad.extend_from_slice(br#"{"age":"old"}"#);
    let lenient = Codecs::with_client(Some(client(&reg, None)), SchemaOptions::default());
    let mut dec = lenient.decoder(Format::JsonSchema, Role::Value).unwrap();
    assert_eq!(decode(&mut dec, &bad), json!({"age": "old"}));
    let strict = Codecs::with_client(
        Some(client(&reg, None)),
        SchemaOptions {
            validate: true,
            ..SchemaOptions::default()
        },
    );
    let mut dec = strict.decoder(Format::JsonSchema, Role::Value).unwrap();
    assert_eq!(decode(&mut dec, &ok), json!({"age": 3}));
    assert!(matches!(dec.decode(&bad), Err(SerdeError::JsonSchema(_))));
}

#[test]
fn framing_none_overrides_the_registry() {
    let reg = FakeRegistry::start();
    let dir = tempfile::tempdir().unwrap();
    let mut opts = value_opts(Some(write(&dir, "u.avsc", USER_V1)));
    opts.framing = Some(Framing::None);
    let codecs = Codecs::with_client(Some(client(&reg, None)), opts);
    let bytes = encode(
        &mut codecs.encoder(Format::Avro, Role::Value, "t").unwrap(),
        json!({"id": 1}),
    )
    .unwrap();
    assert_eq!(bytes, [2]);
    assert!(reg.requests().is_empty(), "{:?}", reg.requests());
    let mut dec = codecs.decoder(Format::Avro, Role::Value).unwrap();
    assert_eq!(decode(&mut dec, &bytes), json!({"id": 1}));
}

#[test]
fn flags_map_to_options() {
    use clap::Parser;

    #[derive(Parser)]
    struct Produce {
        #[command(flatten)]
        schema: ProduceSchemaArgs,
    }
    #[derive(Parser)]
    struct Consume {
        #[command(flatten)]
        schema: ConsumeSchemaArgs,
    }
    let p = Produce::try_parse_from([
        "p",
        "--value-schema",
        "v.proto",
        "--value-message",
        "shop.Order",
        "--proto-path",
        "a",
        "--proto-path",
        "b",
        "--schema-version",
        "latest",
        "--key-schema-id",
        "7",
        "--auto-register",
        "--subject-strategy",
        "topic-record",
        "--avro-json",
        "avro",
        "--framing",
        "none",
    ])
    .unwrap();
    let o = SchemaOptions::from(&p.schema);
    assert_eq!(o.value.schema.as_deref(), Some(Path::new("v.proto")));
    assert_eq!(o.value.message.as_deref(), Some("shop.Order"));
    assert_eq!(o.proto_paths, [PathBuf::from("a"), PathBuf::from("b")]);
    assert_eq!(o.value.schema_version, Some(Version::Latest));
    assert_eq!(o.key.schema_id, Some(7));
    assert!(o.auto_register);
    assert_eq!(o.strategy, SubjectStrategy::TopicRecord);
    assert_eq!(o.avro_json, AvroJson::Avro);
    assert_eq!(o.framing, Some(Framing::None));
    assert!(Produce::try_parse_from(["p", "--schema-id", "1", "--schema-version", "2"]).is_err());
    assert!(Produce::try_parse_from(["p", "--schema-version", "0"]).is_err());
    assert!(Produce::try_parse_from(["p", "--avro-json", "xml"]).is_err());

    let c = Consume::try_parse_from(["c", "--validate", "--key-descriptor-set", "k.pb"]).unwrap();
    let o = SchemaOptions::from(&c.schema);
    assert!(o.validate);
    assert_eq!(o.key.descriptor_set.as_deref(), Some(Path::new("k.pb")));
    assert_eq!(o.framing, None);
    assert_eq!(o.avro_json, AvroJson::Plain);
}

fn confluent(job: Value) -> Option<Value> {
    crate::serde::testutil::python(
        "confluent_serde.py",
        &[
            "confluent_kafka.schema_registry.avro",
            "confluent_kafka.schema_registry.protobuf",
            "fastavro",
        ],
        &job,
    )
}

fn hexes(v: &Value) -> Vec<Vec<u8>> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|h| hex::decode(h.as_str().unwrap()).unwrap())
        .collect()
}

/// confluent-kafka's serializers write what kpipe reads, and read what kpipe writes,
/// for each schema format, through the same (fake) registry.
#[test]
fn cross_check_with_confluent_serializers_avro_and_json() {
    let reg = FakeRegistry::start();
    let avro = r#"{"type":"record","name":"Order","namespace":"shop","fields":[
        {"name":"id","type":"long"},{"name":"note","type":["null","string"],"default":null},
        {"name":"tags","type":{"type":"array","items":"string"}}]}"#;
    let values = vec![
        json!({"id": 1, "note": null, "tags": []}),
        json!({"id": -5, "note": "hé", "tags": ["a", "b"]}),
    ];
    let Some(theirs) = confluent(
        json!({"registry": reg.url(), "topic": "orders", "format": "avro",
        "schema": avro, "serialize": values}),
    ) else {
        return;
    };
    let theirs = hexes(&theirs["serialized"]);
    let dir = tempfile::tempdir().unwrap();
    let codecs = Codecs::with_client(
        Some(client(&reg, None)),
        value_opts(Some(write(&dir, "o.avsc", avro))),
    );
    let mut dec = codecs.decoder(Format::Avro, Role::Value).unwrap();
    let mut enc = codecs.encoder(Format::Avro, Role::Value, "orders").unwrap();
    let mut ours = Vec::new();
    for (bytes, value) in theirs.iter().zip(&values) {
        assert_eq!(decode(&mut dec, bytes), *value);
        let mine = encode(&mut enc, value.clone()).unwrap();
        assert_eq!(
            &mine, bytes,
            "kpipe writes the same bytes as confluent-kafka"
        );
        ours.push(hex::encode(mine));
    }
    let back = confluent(
        json!({"registry": reg.url(), "topic": "orders", "format": "avro",
        "schema": avro, "deserialize": ours}),
    )
    .unwrap();
    assert_eq!(back["deserialized"], json!(values));

    let schema = r#"{"type":"object","title":"Ping","properties":{"n":{"type":"integer"},"s":{"type":"string"}},"required":["n"]}"#;
    let values = vec![json!({"n": 1}), json!({"n": 2, "s": "x"})];
    let theirs = confluent(
        json!({"registry": reg.url(), "topic": "pings", "format": "json",
        "schema": schema, "serialize": values}),
    )
    .unwrap();
    let mut opts = value_opts(Some(write(&dir, "p.json", schema)));
    opts.validate = true;
    let codecs = Codecs::with_client(Some(client(&reg, None)), opts);
    let mut dec = codecs.decoder(Format::JsonSchema, Role::Value).unwrap();
    let mut enc = codecs
        .encoder(Format::JsonSchema, Role::Value, "pings")
        .unwrap();
    let mut ours = Vec::new();
    for (bytes, value) in hexes(&theirs["serialized"]).iter().zip(&values) {
        assert_eq!(decode(&mut dec, bytes), *value);
        let mine = encode(&mut enc, value.clone()).unwrap();
        assert_eq!(mine[..5], bytes[..5], "same framing and schema id");
        ours.push(hex::encode(mine));
    }
    let back = confluent(
        json!({"registry": reg.url(), "topic": "pings", "format": "json",
        "schema": schema, "deserialize": ours}),
    )
    .unwrap();
    assert_eq!(back["deserialized"], json!(values));
}

#[test]
fn cross_check_with_confluent_serializers_protobuf() {
    use base64::Engine as _;
    let reg = FakeRegistry::start();
    let dir = tempfile::tempdir().unwrap();
    write(&dir, "money.proto", "syntax = \"proto3\";\npackage m;\nmessage Money { int64 units = 1; string currency = 2; }\n");
    let order = write(
        &dir,
        "order.proto",
        "syntax = \"proto3\";\npackage shop;\nimport \"money.proto\";\n\
         message Header { string id = 1; }\n\
         message Order { string id = 1; m.Money price = 2; repeated string tags = 3;\n\
           message Line { string sku = 1; } repeated Line lines = 4; }\n",
    );
    let mut compiler = protox::Compiler::new([dir.path()]).unwrap();
    compiler.include_imports(true);
    compiler.open_file(&order).unwrap();
    let set =
        base64::engine::general_purpose::STANDARD.encode(compiler.encode_file_descriptor_set());
    let values = vec![
        json!({"id": "o1", "price": {"units": "12", "currency": "EUR"}, "tags": ["a"], "lines": [{"sku": "x"}]}),
        json!({"id": "o2"}),
    ];
    let Some(theirs) = confluent(
        json!({"registry": reg.url(), "topic": "orders", "format": "protobuf",
        "descriptor_set": set, "message": "shop.Order", "serialize": values}),
    ) else {
        return;
    };
    // confluent-kafka registered money.proto as a reference, both as base64 descriptors.
    assert_eq!(reg.count("POST /subjects/money.proto/versions"), 1);
    let theirs = hexes(&theirs["serialized"]);
    assert_eq!(
        theirs[0][5..7],
        [2, 2],
        "Order is the file's second message: [1]"
    );

    let consumer = Codecs::with_client(Some(client(&reg, None)), SchemaOptions::default());
    let mut dec = consumer.decoder(Format::Protobuf, Role::Value).unwrap();
    for (bytes, value) in theirs.iter().zip(&values) {
        assert_eq!(decode(&mut dec, bytes), *value);
    }
    // kpipe with the registered (latest) schema writes what they read.
    let mut opts = SchemaOptions::default();
    opts.value.message = Some("shop.Order".into());
    let codecs = Codecs::with_client(Some(client(&reg, None)), opts);
    let mut enc = codecs
        .encoder(Format::Protobuf, Role::Value, "orders")
        .unwrap();
    let mut ours = Vec::new();
    for (bytes, value) in theirs.iter().zip(&values) {
        let mine = encode(&mut enc, value.clone()).unwrap();
        assert_eq!(
            &mine, bytes,
            "kpipe writes the same bytes as confluent-kafka"
        );
        ours.push(hex::encode(mine));
    }
    let back = confluent(
        json!({"registry": reg.url(), "topic": "orders", "format": "protobuf",
        "descriptor_set": set, "message": "shop.Order", "deserialize": ours}),
    )
    .unwrap();
    assert_eq!(back["deserialized"], json!(values));
}

#[test]
fn records_that_name_their_topics_get_their_topics_subjects() {
    let reg = FakeRegistry::start();
    let a = reg.register("a-value", r#""string""#, "AVRO");
    let b = reg.register("b-value", r#""long""#, "AVRO");
    let codecs = Codecs::with_client(Some(client(&reg, None)), SchemaOptions::default());
    let mut enc = codecs.encoder_for(Format::Avro, Role::Value, None).unwrap();
    let mut scratch = Vec::new();
    assert!(enc.encode(b"x", &mut scratch).is_err(), "no topic yet");
    enc.set_topic("a").unwrap();
    assert_eq!(
        enc.encode(b"x", &mut scratch).unwrap(),
        [0, 0, 0, 0, a as u8, 2, b'x']
    );
    enc.set_topic("b").unwrap();
    assert_eq!(
        enc.encode(b"3", &mut scratch).unwrap(),
        [0, 0, 0, 0, b as u8, 6]
    );
    enc.set_topic("a").unwrap();
    assert_eq!(enc.encode(b"y", &mut scratch).unwrap()[4], a as u8);
    assert_eq!(reg.count("GET /subjects/a-value/versions/latest"), 1);
    let err = enc.set_topic("c").unwrap_err();
    assert_eq!(err.code(), exit::USAGE, "{err}");
    assert!(err.to_string().contains("c-value"), "{err}");

    // A fixed topic, an explicit subject or id, or no registry: one plain encoder.
    let fixed = codecs
        .encoder_for(Format::Avro, Role::Value, Some("b"))
        .unwrap();
    let mut fixed = fixed;
    fixed.set_topic("a").unwrap();
    assert_eq!(
        fixed.encode(b"3", &mut scratch).unwrap(),
        [0, 0, 0, 0, b as u8, 6]
    );
    let mut by_id = SchemaOptions::default();
    by_id.value.schema_id = Some(a);
    let mut enc = Codecs::with_client(Some(client(&reg, None)), by_id)
        .encoder_for(Format::Avro, Role::Value, None)
        .unwrap();
    assert_eq!(enc.encode(b"x", &mut scratch).unwrap()[4], a as u8);
    let mut plain = codecs.encoder_for(Format::Hex, Role::Key, None).unwrap();
    assert_eq!(plain.encode(b"ff", &mut scratch).unwrap(), [255]);
}

const ADDRESS_JSON: &str =
    r#"{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}"#;
const USER_JSON: &str = r#"{"title":"User","type":"object","properties":{"name":{"type":"string"},"home":{"$ref":"address.json"}},"required":["name","home"]}"#;

/// A JSON Schema that `$ref`s another subject's schema: registered with its reference,
/// validated through it on produce and consume, and agreed on with confluent-kafka.
#[test]
fn json_schema_references_across_subjects() {
    let reg = FakeRegistry::start();
    let dir = tempfile::tempdir().unwrap();
    write(&dir, "address.json", ADDRESS_JSON);
    let mut opts = value_opts(Some(write(&dir, "user.json", USER_JSON)));
    opts.auto_register = true;
    let mut enc = Codecs::with_client(Some(client(&reg, None)), opts)
        .encoder(Format::JsonSchema, Role::Value, "users")
        .unwrap();
    let ada = json!({"name": "ada", "home": {"city": "Oslo"}});
    let bytes = encode(&mut enc, ada.clone()).unwrap();
    let err = encode(&mut enc, json!({"name": "x", "home": {"city": 7}})).unwrap_err();
    assert!(err.to_string().contains("/home/city"), "{err}");
    assert_eq!(reg.count("POST /subjects/address.json/versions"), 1);
    let id = wire::peek_id(&bytes).unwrap();
    let registered = client(&reg, None).schema_by_id(id).unwrap();
    let reference = Reference {
        name: "address.json".into(),
        subject: "address.json".into(),
        version: 1,
    };
    assert_eq!(registered.references, vec![reference.clone()]);

    // A consumer with only the registry validates through the reference.
    let strict = Codecs::with_client(
        Some(client(&reg, None)),
        SchemaOptions {
            validate: true,
            ..SchemaOptions::default()
        },
    );
    let mut dec = strict.decoder(Format::JsonSchema, Role::Value).unwrap();
    assert_eq!(decode(&mut dec, &bytes), ada);
    let mut bad = bytes[..5].to_vec();
    bad.extend_from_slice(br#"{"name":"x","home":{}}"#);
    assert!(matches!(dec.decode(&bad), Err(SerdeError::JsonSchema(_))));

    // Producing with the registered version (no local file) resolves it too.
    let mut latest = SchemaOptions::default();
    latest.value.schema_version = Some(Version::Latest);
    let mut enc = Codecs::with_client(Some(client(&reg, None)), latest)
        .encoder(Format::JsonSchema, Role::Value, "users")
        .unwrap();
    assert_eq!(encode(&mut enc, ada.clone()).unwrap(), bytes);
    assert!(encode(&mut enc, json!({"name": "x", "home": {}})).is_err());

    // Without --auto-register the referenced file must already be registered.
    let reg2 = FakeRegistry::start();
    let dir2 = tempfile::tempdir().unwrap();
    write(&dir2, "address.json", ADDRESS_JSON);
    let opts = value_opts(Some(write(&dir2, "user.json", USER_JSON)));
    let (code, msg) = failure(
        Codecs::with_client(Some(client(&reg2, None)), opts)
            .encoder(Format::JsonSchema, Role::Value, "users")
            .err()
            .unwrap(),
    );
    assert_eq!(code, exit::USAGE, "{msg}");
    assert!(msg.contains("address.json"), "{msg}");

    // confluent-kafka: reads kpipe's record, and writes one kpipe reads, same id.
    let Some(theirs) = confluent(json!({
        "registry": reg.url(), "topic": "users", "format": "json", "schema": USER_JSON,
        "references": [reference], "serialize": [ada], "deserialize": [hex::encode(&bytes)]
    })) else {
        return;
    };
    assert_eq!(theirs["deserialized"], json!([ada]));
    let their = &hexes(&theirs["serialized"])[0];
    assert_eq!(wire::peek_id(their), Some(id));
    assert_eq!(decode(&mut dec, their), ada);
}

const ADDRESS_AVRO: &str = r#"{"type":"record","name":"Address","namespace":"acme","fields":[{"name":"city","type":"string"}]}"#;
const USER_AVRO: &str = r#"{"type":"record","name":"User","namespace":"acme","fields":[{"name":"name","type":"string"},{"name":"home","type":"Address"},{"name":"work","type":["null","Address"],"default":null}]}"#;

/// An Avro schema using a named type that another subject defines: the local file is
/// registered with a reference to that subject, records are decoded by id with the
/// reference resolved, and confluent-kafka agrees byte for byte.
#[test]
fn avro_named_types_from_another_subject() {
    let reg = FakeRegistry::start();
    let dir = tempfile::tempdir().unwrap();
    let user = write(&dir, "user.avsc", USER_AVRO);

    // The referenced subject is missing: a usage error that says what to register.
    let mut opts = value_opts(Some(user.clone()));
    opts.auto_register = true;
    let (code, msg) = failure(
        Codecs::with_client(Some(client(&reg, None)), opts.clone())
            .encoder(Format::Avro, Role::Value, "users")
            .err()
            .unwrap(),
    );
    assert_eq!(code, exit::USAGE, "{msg}");
    assert!(msg.contains("unknown type 'acme.Address'"), "{msg}");

    reg.register("acme.Address", ADDRESS_AVRO, "AVRO");
    let mut enc = Codecs::with_client(Some(client(&reg, None)), opts)
        .encoder(Format::Avro, Role::Value, "users")
        .unwrap();
    let value = json!({"name": "ada", "home": {"city": "Oslo"}, "work": {"city": "Rome"}});
    let bytes = encode(&mut enc, value.clone()).unwrap();
    let id = wire::peek_id(&bytes).unwrap();
    let reference = Reference {
        name: "acme.Address".into(),
        subject: "acme.Address".into(),
        version: 1,
    };
    assert_eq!(
        client(&reg, None).schema_by_id(id).unwrap().references,
        vec![reference.clone()]
    );

    let mut dec = Codecs::with_client(Some(client(&reg, None)), SchemaOptions::default())
        .decoder(Format::Avro, Role::Value)
        .unwrap();
    assert_eq!(decode(&mut dec, &bytes), value);
    // Looked up again without --auto-register: the same id.
    let mut enc = Codecs::with_client(Some(client(&reg, None)), value_opts(Some(user)))
        .encoder(Format::Avro, Role::Value, "users")
        .unwrap();
    assert_eq!(encode(&mut enc, value.clone()).unwrap(), bytes);

    let Some(theirs) = confluent(json!({
        "registry": reg.url(), "topic": "users", "format": "avro", "schema": USER_AVRO,
        "references": [reference], "serialize": [value], "deserialize": [hex::encode(&bytes)]
    })) else {
        return;
    };
    assert_eq!(theirs["deserialized"], json!([value]));
    assert_eq!(hexes(&theirs["serialized"])[0], bytes, "the same bytes");
}
