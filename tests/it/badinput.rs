//! Bad input, table-driven: every row is a command, its stdin, the exit code it must give
//! (`src/exit.rs`) and a piece of the one-line error that must name the place (file:line,
//! partition/offset, config line, field).
//!
//! Every row also checks what a user cannot see at a glance: no panic text, no hang (each
//! run is killed and failed after a bound), and for produce, that the records kpipe said
//! it delivered are exactly the ones in the topic, read back with kcat (an independent
//! reader): what was acknowledged before the bad record is never lost, and nothing after
//! it was sent.

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use rdkafka::producer::{BaseProducer, BaseRecord, Producer};
use rdkafka::ClientConfig;

use crate::registry::FakeRegistry;
use crate::util::{create_topic, kcat, kpipe, stderr, stdout, unique};

/// How long one row may run; a hang fails the row instead of the whole suite.
const BOUND: Duration = Duration::from_secs(90);

/// Text that only a panic (or an unhandled abort) prints.
const PANIC_TEXT: [&str; 3] = ["panicked", "RUST_BACKTRACE", "stack backtrace"];

/// Runs `cmd` with `input` streamed to its stdin (by `feed`), killing it after `BOUND`.
fn run_bounded(cmd: &mut Command, feed: impl FnOnce(&mut dyn Write) + Send + 'static) -> Output {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || feed(&mut stdin));
    let reader = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = r.read_to_end(&mut buf);
            buf
        })
    };
    let out_thread = reader(Box::new(child.stdout.take().unwrap()));
    let err_thread = reader(Box::new(child.stderr.take().unwrap()));
    let deadline = Instant::now() + BOUND;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            let err = String::from_utf8_lossy(&err_thread.join().unwrap()).into_owned();
            panic!("hung for more than {BOUND:?}: {cmd:?}\nstderr:\n{err}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let _ = writer.join();
    Output {
        status,
        stdout: out_thread.join().unwrap(),
        stderr: err_thread.join().unwrap(),
    }
}

fn feed_bytes(bytes: Vec<u8>) -> impl FnOnce(&mut dyn Write) + Send + 'static {
    // A write error is kpipe closing stdin early: what a failing run may do.
    move |w: &mut dyn Write| {
        let _ = w.write_all(&bytes);
    }
}

/// One row of the table.
struct Row {
    name: &'static str,
    args: Vec<String>,
    stdin: Vec<u8>,
    code: i32,
    /// Must appear in the single error line (`None`: the run must succeed silently).
    message: Option<String>,
    /// Produce rows: the topic, and exactly the values it must hold afterwards.
    topic: Option<(String, Vec<Vec<u8>>)>,
    /// Must appear on stdout.
    stdout: Option<&'static str>,
}

fn args(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

/// Checks one row; returns a description of what is wrong, if anything.
fn check(brokers: &str, row: &Row) -> Result<(), String> {
    let mut cmd = kpipe();
    cmd.args(["-b", brokers]).args(&row.args);
    let out = run_bounded(&mut cmd, feed_bytes(row.stdin.clone()));
    let err = stderr(&out);
    let context = || {
        format!(
            "row '{}': kpipe {}\nexit {:?}\nstderr:\n{err}stdout:\n{}",
            row.name,
            row.args.join(" "),
            out.status.code(),
            String::from_utf8_lossy(&out.stdout[..out.stdout.len().min(2000)])
        )
    };
    if let Some(text) = PANIC_TEXT.iter().find(|t| err.contains(*t)) {
        return Err(format!("panic text '{text}'\n{}", context()));
    }
    if out.status.code() != Some(row.code) {
        return Err(format!("expected exit {}\n{}", row.code, context()));
    }
    let errors = err.lines().filter(|l| l.contains("error:")).count();
    if errors > 1 || (errors == 1) != (row.code != 0) {
        return Err(format!(
            "expected {} error line(s)\n{}",
            u8::from(row.code != 0),
            context()
        ));
    }
    if let Some(message) = &row.message {
        if !report(&err).contains(message.as_str()) {
            return Err(format!("expected '{message}' in the report\n{}", context()));
        }
    }
    if let Some(text) = row.stdout {
        if !stdout(&out).contains(text) {
            return Err(format!("expected '{text}' on stdout\n{}", context()));
        }
    }
    if let Some((topic, expected)) = &row.topic {
        // A run that stops before producing (a setup error) prints no summary.
        let delivered = delivered_count(&err).unwrap_or(0);
        let actual = topic_values(brokers, topic);
        if delivered != expected.len() || actual != *expected {
            return Err(format!(
                "kpipe reported {delivered} delivered; expected {:?}, topic holds {:?}\n{}",
                show(expected),
                show(&actual),
                context()
            ));
        }
    }
    Ok(())
}

fn show(values: &[Vec<u8>]) -> Vec<String> {
    values
        .iter()
        .map(|v| {
            let text = String::from_utf8_lossy(&v[..v.len().min(40)]).into_owned();
            format!("{text} ({} B)", v.len())
        })
        .collect()
}

/// The error or warning lines, each with the indented lines that continue it (a list of
/// undelivered records), without hints: where the location must be named.
fn report(err: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for line in err.lines() {
        if line.contains("error:") || line.contains("warning:") {
            inside = true;
        } else if !line.starts_with("  ") || line.trim_start().starts_with("hint:") {
            inside = false;
        }
        if inside {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// N from kpipe's `kpipe: N record(s) delivered ...` summary.
fn delivered_count(err: &str) -> Option<usize> {
    err.lines().find_map(|l| {
        l.strip_prefix("kpipe: ")?
            .split_once(" record(s) delivered")?
            .0
            .parse()
            .ok()
    })
}

/// Every value in partition 0 of `topic`, read with kcat (`%S %s\n`: each value's size,
/// so that values may hold newlines).
fn topic_values(brokers: &str, topic: &str) -> Vec<Vec<u8>> {
    let out = kcat(brokers)
        .args(["-C", "-t", topic, "-p", "0", "-o", "beginning", "-e", "-q"])
        .args(["-f", "%S %s\\n"])
        .output()
        .expect("kcat");
    assert!(out.status.success(), "kcat: {}", stderr(&out));
    let mut values = Vec::new();
    let mut rest = &out.stdout[..];
    while !rest.is_empty() {
        let space = rest.iter().position(|b| *b == b' ').expect("kcat size");
        let size: i64 = std::str::from_utf8(&rest[..space])
            .unwrap()
            .parse()
            .unwrap();
        let size = usize::try_from(size).unwrap_or(0); // -1: a null value
        values.push(rest[space + 1..space + 1 + size].to_vec());
        rest = &rest[space + 1 + size + 1..];
    }
    values
}

/// Writes raw records (bytes as given) to partition 0 of `topic`, without kpipe.
fn put_raw(brokers: &str, topic: &str, values: &[&[u8]]) {
    let producer: BaseProducer = ClientConfig::new()
        .set("bootstrap.servers", brokers)
        .create()
        .unwrap();
    for v in values {
        producer
            .send(BaseRecord::<(), [u8]>::to(topic).payload(v).partition(0))
            .map_err(|(e, _)| e)
            .unwrap();
    }
    producer.flush(Duration::from_secs(30)).unwrap();
}

fn v(values: &[&[u8]]) -> Vec<Vec<u8>> {
    values.iter().map(|v| v.to_vec()).collect()
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

const AVRO: &str = r#"{"type":"record","name":"R","fields":[{"name":"a","type":"int"},{"name":"s","type":"string"}]}"#;
const PROTO: &str = "syntax = \"proto3\";\nmessage M { string id = 1; int32 n = 2; }\n";

#[test]
fn bad_input_table() {
    let brokers = crate::require_broker!();
    let dir = tempfile::tempdir().unwrap();
    let avsc = write(dir.path(), "r.avsc", AVRO);
    let proto = write(dir.path(), "m.proto", PROTO);
    let reg = FakeRegistry::start();
    let avro_id = reg.register("known-value", AVRO, "AVRO");
    let mut rows = Vec::new();

    // --- produce: each row gets a fresh one-partition topic -------------------------
    let mut produce = |name: &'static str,
                       extra: &[&str],
                       stdin: &[u8],
                       code: i32,
                       message: Option<&str>,
                       acked: &[&[u8]],
                       topic_config: &[(&str, &str)]| {
        let topic = unique("badin");
        create_topic(&brokers, &topic, 1, topic_config);
        let mut a = args(&["produce", "-t", &topic, "-p", "0"]);
        a.extend(args(extra));
        rows.push(Row {
            name,
            args: a,
            stdin: stdin.to_vec(),
            code,
            message: message.map(str::to_string),
            topic: Some((topic, v(acked))),
            stdout: None,
        });
    };
    produce(
        "malformed JSON envelope",
        &["--input", "json"],
        b"{\"value\":\"a\"}\n{\"value\":\n{\"value\":\"c\"}\n",
        4,
        Some("bad input at <stdin>:2: invalid JSON"),
        &[b"a"],
        &[],
    );
    produce(
        "envelope that is not an object",
        &["--input", "json"],
        b"{\"value\":\"a\"}\n[1,2]\n",
        4,
        Some("<stdin>:2: expected a JSON object"),
        &[b"a"],
        &[],
    );
    produce(
        "envelope field of the wrong type",
        &["--input", "json"],
        b"{\"value\":\"a\"}\n{\"value\":\"b\"}\n{\"value\":\"c\",\"partition\":\"zero\"}\n",
        4,
        Some("<stdin>:3: \"partition\" must be an integer"),
        &[b"a", b"b"],
        &[],
    );
    produce(
        "envelope headers of the wrong shape",
        &["--input", "json"],
        b"{\"value\":\"a\"}\n{\"value\":\"b\",\"headers\":7}\n",
        4,
        Some("<stdin>:2: \"headers\" must be a list"),
        &[b"a"],
        &[],
    );
    produce(
        "invalid base64 in an envelope",
        &["--input", "json"],
        b"{\"value\":\"YQ==\",\"value_encoding\":\"base64\"}\n{\"value\":\"!!!\",\"value_encoding\":\"base64\"}\n",
        4,
        Some("<stdin>:2: \"value\": invalid base64"),
        &[b"a"],
        &[],
    );
    produce(
        "non-UTF-8 inside a JSON envelope",
        &["--input", "json"],
        b"{\"value\":\"a\"}\n{\"value\":\"\xff\xfe\"}\n",
        4,
        Some("<stdin>:2: invalid JSON"),
        &[b"a"],
        &[],
    );
    produce(
        "invalid hex value",
        &["--value-format", "hex"],
        b"61\n6263\nzz\n64\n",
        4,
        Some("<stdin>:3: value: invalid hex"),
        &[b"a", b"bc"],
        &[],
    );
    produce(
        "invalid hex key",
        &["--key-format", "hex", "-K", ":"],
        b"6b:a\nnot-hex:b\n",
        4,
        Some("<stdin>:2: key: invalid hex"),
        &[b"a"],
        &[],
    );
    produce(
        "invalid base64 value",
        &["--value-format", "base64"],
        b"YQ==\n%%%\n",
        4,
        Some("<stdin>:2: value: invalid base64"),
        &[b"a"],
        &[],
    );
    produce(
        "invalid JSON value",
        &["--value-format", "json"],
        b"{\"a\":1}\n{bad\n",
        4,
        Some("<stdin>:2: value: invalid JSON"),
        &[b"{\"a\":1}"],
        &[],
    );
    produce(
        "empty line under --value-format json",
        &["--value-format", "json"],
        b"1\n\n2\n",
        4,
        Some("<stdin>:2: value: invalid JSON: the record is empty"),
        &[b"1"],
        &[],
    );
    produce(
        "empty lines are empty records in lines input",
        &[],
        b"a\n\nb\n",
        0,
        None,
        &[b"a", b"", b"b"],
        &[],
    );
    produce(
        "empty lines are dropped with --skip-empty",
        &["--skip-empty"],
        b"a\n\n\nb\n",
        0,
        None,
        &[b"a", b"b"],
        &[],
    );
    produce(
        "empty lines between JSON envelopes are skipped",
        &["--input", "json"],
        b"{\"value\":\"a\"}\n\n{\"value\":\"b\"}\n",
        0,
        None,
        &[b"a", b"b"],
        &[],
    );
    produce(
        "non-UTF-8 under string is kept byte for byte",
        &["--value-format", "string"],
        b"a\n\xff\xfe\x80\nc\n",
        0,
        None,
        &[b"a", b"\xff\xfe\x80", b"c"],
        &[],
    );
    produce(
        "non-UTF-8 under json",
        &["--value-format", "json"],
        b"1\n\"\xff\"\n",
        4,
        Some("<stdin>:2: value: invalid JSON"),
        &[b"1"],
        &[],
    );
    produce(
        "wrong type for an Avro field",
        &["--value-format", "avro", "--value-schema", &avsc],
        b"{\"a\":1,\"s\":\"x\"}\n{\"a\":\"one\",\"s\":\"y\"}\n",
        4,
        Some("<stdin>:2: value: Avro: at .a: expected an int"),
        &[b"\x02\x02x"],
        &[],
    );
    produce(
        "missing Avro field",
        &["--value-format", "avro", "--value-schema", &avsc],
        b"{\"a\":1}\n",
        4,
        Some("<stdin>:1: value: Avro: missing field 's'"),
        &[],
        &[],
    );
    produce(
        "empty line under --value-format avro",
        &["--value-format", "avro", "--value-schema", &avsc],
        b"{\"a\":1,\"s\":\"x\"}\n\n",
        4,
        Some("<stdin>:2: value: invalid JSON: the record is empty"),
        &[b"\x02\x02x"],
        &[],
    );
    produce(
        "unknown protobuf field",
        &["--value-format", "protobuf", "--value-schema", &proto],
        b"{\"id\":\"a\"}\n{\"zz\":1}\n",
        4,
        Some("<stdin>:2: value: protobuf: not a valid M in JSON: unrecognized field name 'zz'"),
        &[b"\x0a\x01a"],
        &[],
    );
    produce(
        "empty line under --value-format protobuf",
        &["--value-format", "protobuf", "--value-schema", &proto],
        b"{\"id\":\"a\"}\n\n",
        4,
        Some("<stdin>:2: value: invalid JSON: the record is empty"),
        &[b"\x0a\x01a"],
        &[],
    );
    produce(
        "wrong type for a protobuf field",
        &["--value-format", "protobuf", "--value-schema", &proto],
        b"{\"n\":\"many\"}\n",
        4,
        Some("<stdin>:1: value: protobuf: not a valid M"),
        &[],
        &[],
    );
    produce(
        "record over --max-message-bytes",
        &["--max-message-bytes", "1000"],
        format!("a\n{}\nc\n", "b".repeat(2000)).as_bytes(),
        4,
        Some("<stdin>:2: record is 2000 bytes, over the maximum message size of 1000 bytes"),
        &[b"a"],
        &[],
    );
    produce(
        "record over --max-message-bytes, skipped with --skip-bad-input",
        &["--max-message-bytes", "1000", "--skip-bad-input"],
        format!("a\n{}\nc\n", "b".repeat(2000)).as_bytes(),
        0,
        Some("skipped <stdin>:2: record is 2000 bytes"),
        &[b"a", b"c"],
        &[],
    );
    produce(
        "record over the topic's max.message.bytes (the broker refuses it)",
        &["--linger", "0"],
        format!("{}\n", "b".repeat(3000)).as_bytes(),
        5,
        Some("<stdin>:1"),
        &[],
        &[("max.message.bytes", "1000")],
    );
    produce(
        "record that does not match --input format",
        &["--input", "format:%p:%v\\n"],
        b"0:a\nx:b\n0:c\n",
        4,
        Some("<stdin>:2: does not match the format"),
        &[b"a"],
        &[],
    );
    produce(
        "unreachable schema registry",
        &[
            "--schema-registry",
            "http://127.0.0.1:1",
            "--value-format",
            "avro",
            "--value-schema",
            &avsc,
        ],
        b"{\"a\":1,\"s\":\"x\"}\n",
        3,
        Some("schema registry http://127.0.0.1:1 is unreachable"),
        &[],
        &[],
    );

    // --- produce to a topic that does not exist (no auto-creation) ------------------
    let missing = unique("badin-missing");
    rows.push(Row {
        name: "unknown topic (produce)",
        args: args(&[
            "produce",
            "-t",
            &missing,
            "-X",
            "allow.auto.create.topics=false",
        ]),
        stdin: b"a\n".to_vec(),
        code: 1,
        message: Some(format!("topic '{missing}' does not exist")),
        topic: None,
        stdout: None,
    });

    // --- consume: records written by an independent producer ------------------------
    let t = unique("badin-consume");
    create_topic(&brokers, &t, 1, &[]);
    let mut framed_bad_avro = vec![0, 0, 0, 0];
    framed_bad_avro.push(u8::try_from(avro_id).unwrap());
    framed_bad_avro.extend_from_slice(b"\x02\x06ab"); // a=1, then a string cut short
    put_raw(
        &brokers,
        &t,
        &[
            b"\x02\x02x",                     // 0: valid bare Avro for AVRO
            b"\x02\x04\xff\xfe",              // 1: non-UTF-8 under the `string` field s
            b"\x02",                          // 2: truncated bare Avro
            b"\x00\x00\x00",                  // 3: truncated registry frame
            b"\x00\x00\x00\x03\xe7\x02\x02x", // 4: framed with an unknown schema id (999)
            &framed_bad_avro,                 // 5: framed, known id, truncated data
            b"\x0a\x05ab",                    // 6: protobuf string field cut short
            b"{\"a\":1}",                     // 7: JSON, not framed
        ],
    );
    let mut consume = |name: &'static str, offsets: &str, extra: &[&str], code, message: &str| {
        let mut a = args(&["consume", "-t", &t, "-o", offsets]);
        a.extend(args(extra));
        rows.push(Row {
            name,
            args: a,
            stdin: Vec::new(),
            code,
            message: Some(message.to_string()),
            topic: None,
            stdout: None,
        });
    };
    let local = ["--value-format", "avro", "--value-schema", &avsc];
    consume(
        "non-UTF-8 under an Avro string",
        "0:2",
        &local,
        4,
        &format!("{t}[0] offset 1: value: Avro: at .s"),
    );
    consume(
        "truncated Avro data",
        "2:3",
        &local,
        4,
        &format!("{t}[0] offset 2: value: Avro: at .s: truncated"),
    );
    let registry = ["--value-format", "avro", "--schema-registry", &reg.url()];
    consume(
        "truncated registry frame",
        "3:4",
        &registry,
        4,
        &format!("{t}[0] offset 3: value: truncated frame"),
    );
    consume(
        "unknown schema id",
        "4:5",
        &registry,
        4,
        &format!(
            "{t}[0] offset 4: value: schema registry {}: schema id 999",
            reg.url()
        ),
    );
    consume(
        "framed data that does not fit its schema",
        "5:6",
        &registry,
        4,
        &format!("{t}[0] offset 5: value: Avro: at .s: truncated"),
    );
    consume(
        "unframed data with a registry",
        "7:8",
        &registry,
        4,
        &format!("{t}[0] offset 7: value: not Schema Registry framing"),
    );
    consume(
        "unreachable registry (consume)",
        "5:6",
        &[
            "--value-format",
            "avro",
            "--schema-registry",
            "http://127.0.0.1:1",
        ],
        3,
        "schema registry http://127.0.0.1:1 is unreachable",
    );
    consume(
        "truncated protobuf",
        "6:7",
        &["--value-format", "protobuf", "--value-schema", &proto],
        4,
        &format!("{t}[0] offset 6: value: protobuf"),
    );
    consume(
        "non-UTF-8 under json",
        "1:2",
        &["--value-format", "json"],
        4,
        &format!("{t}[0] offset 1: value: invalid JSON"),
    );
    consume(
        "invalid offset spec",
        "banana",
        &[],
        2,
        "invalid offset 'banana'",
    );
    consume(
        "offset spec with an empty partition entry",
        "5=",
        &[],
        2,
        "invalid offset '5=': nothing after '5='",
    );
    consume(
        "offset spec with an empty list entry",
        "1,,2",
        &[],
        2,
        "empty entry in the offset list",
    );
    consume(
        "offset out of range of i64",
        "99999999999999999999",
        &[],
        2,
        "invalid offset '99999999999999999999'",
    );
    consume(
        "offset spec with a bad time",
        "@yesterdayish",
        &[],
        2,
        "invalid offset '@yesterdayish'",
    );
    consume(
        "partition given twice",
        "0=1,0=2",
        &[],
        2,
        "partition 0 is given twice",
    );
    consume(
        "unknown format token",
        "0:1",
        &["-f", "%Q"],
        2,
        "invalid --format '%Q': unknown token '%Q'",
    );
    consume(
        "unknown format encoding",
        "0:1",
        &["-f", "%k{hexx}"],
        2,
        "unknown encoding '{hexx}' after %k",
    );
    consume(
        "unclosed format brace",
        "0:1",
        &["-f", "%h{trace"],
        2,
        "'{' after %h is never closed",
    );
    consume(
        "bad strftime in a format",
        "0:1",
        &["-f", "%d{%Q}"],
        2,
        "invalid strftime pattern '%Q'",
    );
    consume(
        "parse-only strftime item in a format (found by fuzzing: was a panic)",
        "0:1",
        &["-f", "%d{%#z}"],
        2,
        "invalid strftime pattern '%#z'",
    );
    consume(
        "huge partition range (found by fuzzing: took gigabytes)",
        "0:1",
        &["-p", "0-2000000000"],
        2,
        "invalid partition list '0-2000000000': more than 100000 partitions",
    );
    consume(
        "time offset too far in the past (found by fuzzing: was a panic)",
        "@-1101100333000333111108",
        &[],
        2,
        "invalid offset '@-1101100333000333111108'",
    );
    consume(
        "duration too long (found by fuzzing: was a panic)",
        "0:1",
        &["--idle-timeout", "1e30"],
        2,
        "invalid duration '1e30': too long",
    );
    consume(
        "lone % in a format",
        "0:1",
        &["-f", "abc%"],
        2,
        "a lone '%' at the end",
    );
    rows.push(Row {
        name: "non-UTF-8 under string (consume) is base64 in JSON output",
        args: args(&["consume", "-t", &t, "-o", "1:2", "--output", "json"]),
        stdin: Vec::new(),
        code: 0,
        message: None,
        topic: None,
        stdout: Some("\"value\":\"AgT//g==\",\"value_encoding\":\"base64\""),
    });
    let missing_topic = unique("badin-missing");
    rows.push(Row {
        name: "unknown topic (consume)",
        args: args(&["consume", "-t", &missing_topic, "-e"]),
        stdin: Vec::new(),
        code: 1,
        message: Some(format!("topic '{missing_topic}' does not exist")),
        topic: None,
        stdout: None,
    });
    let group = unique("badin-group");
    rows.push(Row {
        name: "unknown group",
        args: args(&["groups", "describe", &group]),
        stdin: Vec::new(),
        code: 1,
        message: Some(format!("no such group: '{group}'")),
        topic: None,
        stdout: None,
    });
    rows.push(Row {
        name: "bad --input format string",
        args: args(&["produce", "-t", &t, "--input", "format:%k"]),
        stdin: b"x".to_vec(),
        code: 2,
        message: Some("%k needs a length before it".into()),
        topic: None,
        stdout: None,
    });

    // --- config files -------------------------------------------------------------
    let configs = [
        ("malformed TOML", "brokers = [\n", "line 1"),
        (
            "config value of the wrong type",
            "[profiles.a]\nbrokers = 5\n",
            "line 2 (brokers): expected a string or a list of strings",
        ),
        (
            "unknown config key",
            "[profiles.a]\nbrokers = \"x:1\"\nbogus = 1\n",
            "line 3 (bogus): unknown field `bogus`",
        ),
        (
            "invalid UTF-8 in a config file",
            "[profiles.a]\nbrokers = \"\u{fffd}\"\n",
            "line 2: not UTF-8 text",
        ),
    ];
    for (i, (name, text, message)) in configs.into_iter().enumerate() {
        let mut bytes = text.as_bytes().to_vec();
        if name.contains("UTF-8") {
            bytes = b"[profiles.a]\nbrokers = \"\xff\"\n".to_vec();
        }
        let path = dir.path().join(format!("config-{i}.toml"));
        std::fs::write(&path, &bytes).unwrap();
        let path = path.display().to_string();
        let message = format!("invalid config file '{path}': {message}");
        rows.push(Row {
            name,
            args: args(&["--config", &path, "topics", "list"]),
            stdin: Vec::new(),
            code: 2,
            message: Some(message),
            topic: None,
            stdout: None,
        });
    }
    rows.push(Row {
        name: "missing config file",
        args: args(&["--config", "/nonexistent/kpipe.toml", "topics", "list"]),
        stdin: Vec::new(),
        code: 2,
        message: Some("cannot read config file '/nonexistent/kpipe.toml'".into()),
        topic: None,
        stdout: None,
    });
    let good = write(dir.path(), "good.toml", "[profiles.a]\nbrokers = \"x:1\"\n");
    rows.push(Row {
        name: "unknown profile",
        args: args(&["--config", &good, "--profile", "nope", "topics", "list"]),
        stdin: Vec::new(),
        code: 2,
        message: Some("profile 'nope' not found".into()),
        topic: None,
        stdout: None,
    });

    let failures: Vec<String> = rows
        .iter()
        .filter_map(|row| check(&brokers, row).err())
        .collect();
    eprintln!("{} bad-input rows checked", rows.len());
    assert!(
        failures.is_empty(),
        "{} of {} rows failed:\n\n{}",
        failures.len(),
        rows.len(),
        failures.join("\n\n")
    );
}

/// `kpipe` under GNU time, which prints the peak RSS as `kpipe-maxrss-kb=N` on stderr.
fn kpipe_timed(brokers: &str) -> Command {
    let base = kpipe();
    let mut cmd = Command::new("/usr/bin/time");
    cmd.args(["-f", "kpipe-maxrss-kb=%M"])
        .arg(base.get_program())
        .args(base.get_args())
        .args(["-b", brokers]);
    for (key, value) in base.get_envs() {
        match value {
            Some(value) => cmd.env(key, value),
            None => cmd.env_remove(key),
        };
    }
    cmd
}

/// Streams `first`, a 1 GiB line, `last`: never more than 1 MiB in memory here either.
fn gigabyte_line(w: &mut dyn Write) {
    let chunk = vec![b'x'; 1 << 20];
    let _ = (|| -> std::io::Result<()> {
        w.write_all(b"first\n")?;
        for _ in 0..1024 {
            w.write_all(&chunk)?;
        }
        w.write_all(b"\nlast\n")
    })();
}

#[test]
fn a_one_gigabyte_line_is_refused_by_line_in_bounded_memory() {
    let brokers = crate::require_broker!();
    for (skip, expected) in [
        (false, vec![&b"first"[..]]),
        (true, vec![b"first", b"last"]),
    ] {
        let topic = unique("badin-gigabyte");
        create_topic(&brokers, &topic, 1, &[]);
        let mut cmd = kpipe_timed(&brokers);
        cmd.args(["produce", "-t", &topic]);
        if skip {
            cmd.arg("--skip-bad-input");
        }
        let out = run_bounded(&mut cmd, gigabyte_line);
        let err = stderr(&out);
        // Skipping bad input is success (the skipped line is reported as a warning).
        assert_eq!(out.status.code(), Some(if skip { 0 } else { 4 }), "{err}");
        assert!(!PANIC_TEXT.iter().any(|t| err.contains(t)), "{err}");
        let kind = if skip { "warning:" } else { "error:" };
        let reports: Vec<&str> = err.lines().filter(|l| l.contains(kind)).collect();
        assert!(
            reports.len() == 1
                && reports[0].contains(
                    "<stdin>:2: record is 1073741824 bytes, over the maximum message size"
                ),
            "{err}"
        );
        let rss_kb: u64 = err
            .lines()
            .find_map(|l| l.strip_prefix("kpipe-maxrss-kb="))
            .and_then(|n| n.trim().parse().ok())
            .unwrap_or_else(|| panic!("no peak RSS from /usr/bin/time:\n{err}"));
        // The line is skipped as it streams by, never held: peak memory is that of any
        // small run (about 35 MB), far from the 1 GiB a buffered line would take.
        assert!(rss_kb < 256 * 1024, "peak RSS {rss_kb} kB\n{err}");
        assert_eq!(delivered_count(&err), Some(expected.len()), "{err}");
        assert_eq!(topic_values(&brokers, &topic), v(&expected), "{err}");
        assert!(stdout(&out).is_empty());
    }
}
