//! `kpipe produce` against a real broker, read back with independent readers: kcat,
//! Kafka's own console tools, and the broker's log segments.

use std::collections::BTreeMap;
use std::io::Write;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::require_broker;
use crate::util::{
    assert_code, create_topic, kafka_tool, kcat, kpipe, kpipe_real, run_with_input, stderr, stdout,
    unique,
};

/// `kpipe -b BROKER produce ARGS` with `input` on stdin.
fn produce(args: &[&str], input: &[u8]) -> Output {
    let mut cmd = kpipe_real().expect("broker");
    cmd.arg("produce").args(args);
    run_with_input(&mut cmd, input)
}

/// Every record of `topic` as kcat formats it with `format`, read to the end.
fn kcat_read(brokers: &str, topic: &str, format: &str, extra: &[&str]) -> String {
    let out = kcat(brokers)
        .args(["-C", "-t", topic, "-e", "-q", "-f", format])
        .args(extra)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(out.status.success(), "kcat: {}", stderr(&out));
    stdout(&out)
}

/// One record's value, byte for byte.
fn kcat_value(brokers: &str, topic: &str, partition: i32, offset: i64) -> Vec<u8> {
    let out = kcat(brokers)
        .args(["-C", "-t", topic, "-e", "-q", "-c", "1", "-f", "%s"])
        .args(["-p", &partition.to_string(), "-o", &offset.to_string()])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(out.status.success(), "kcat: {}", stderr(&out));
    out.stdout
}

fn report_lines(out: &Output) -> Vec<Value> {
    stdout(out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

/// The records of `topic` that a read_committed (or read_uncommitted) reader sees.
fn visible(brokers: &str, topic: &str, committed: bool) -> Vec<String> {
    let level = if committed {
        "isolation.level=read_committed"
    } else {
        "isolation.level=read_uncommitted"
    };
    kcat_read(brokers, topic, "%s\n", &["-X", level])
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn lines_round_trip_through_kcat_and_the_console_consumer() {
    let b = require_broker!();
    let topic = unique("produce-lines");
    create_topic(&b, &topic, 1, &[]);
    let input = "first\nsecond line\n\ncafé ☕\nlast without newline";
    let out = produce(&["-t", &topic], input.as_bytes());
    assert_code(&out, 0);
    assert!(
        stderr(&out).contains("5 record(s) delivered"),
        "{}",
        stderr(&out)
    );

    let expected = [
        "first",
        "second line",
        "",
        "café ☕",
        "last without newline",
    ];
    let seen = kcat_read(&b, &topic, "%s\n", &[]);
    assert_eq!(seen.lines().collect::<Vec<_>>(), expected);

    let out = kafka_tool(
        "console-consumer",
        &[
            "--bootstrap-server",
            &b,
            "--topic",
            &topic,
            "--from-beginning",
            "--max-messages",
            "5",
            "--timeout-ms",
            "20000",
        ],
    )
    .stdin(Stdio::null())
    .output()
    .unwrap();
    assert!(out.status.success(), "console-consumer: {}", stderr(&out));
    assert_eq!(stdout(&out).lines().collect::<Vec<_>>(), expected);
}

#[test]
fn keyed_records_land_where_the_console_producer_puts_them() {
    let b = require_broker!();
    let ours = unique("produce-keys-kpipe");
    let theirs = unique("produce-keys-java");
    create_topic(&b, &ours, 7, &[]);
    create_topic(&b, &theirs, 7, &[]);
    let input: String = (0..60).map(|i| format!("key-{i}:value {i}\n")).collect();

    let out = produce(&["-t", &ours, "-K", ":"], input.as_bytes());
    assert_code(&out, 0);
    let mut java = kafka_tool(
        "console-producer",
        &[
            "--bootstrap-server",
            &b,
            "--topic",
            &theirs,
            "--property",
            "parse.key=true",
            "--property",
            "key.separator=:",
        ],
    );
    let out = run_with_input(&mut java, input.as_bytes());
    assert!(out.status.success(), "console-producer: {}", stderr(&out));

    let partitions = |topic: &str| -> BTreeMap<String, String> {
        kcat_read(&b, topic, "%k %p\n", &[])
            .lines()
            .filter_map(|l| l.split_once(' '))
            .map(|(k, p)| (k.to_string(), p.to_string()))
            .collect()
    };
    let (mine, java) = (partitions(&ours), partitions(&theirs));
    assert_eq!(mine.len(), 60);
    assert_eq!(mine, java);
    // Not all on one partition, or the comparison would prove little.
    let used: std::collections::BTreeSet<_> = mine.values().collect();
    assert!(used.len() > 3, "{used:?}");
}

#[test]
fn tombstones_binary_keys_values_and_headers_survive() {
    let b = require_broker!();
    let topic = unique("produce-binary");
    create_topic(&b, &topic, 1, &[]);
    // Envelopes as `consume --output json` writes them: base64 for non-UTF-8 bytes,
    // duplicate headers in order, a null value (tombstone), an empty value, a JSON value.
    let input = concat!(
        r#"{"key":"AP8K","key_encoding":"base64","value":"AQIDAAr/","value_encoding":"base64","#,
        r#""timestamp":1700000000123,"headers":[{"key":"h","value":"1"},{"key":"h","value":"/w==","encoding":"base64"},{"key":"n","value":null}]}"#,
        "\n",
        r#"{"key":"gone","value":null}"#,
        "\n",
        r#"{"key":"empty","value":""}"#,
        "\n",
        r#"{"key":null,"value":{"b":[1, 2],"a":"x"}}"#,
        "\n",
    );
    let out = produce(&["-t", &topic, "--input", "json"], input.as_bytes());
    assert_code(&out, 0);

    // Key and value lengths: -1 is null, distinct from an empty value.
    let lengths = kcat_read(&b, &topic, "%K %S\n", &[]);
    assert_eq!(
        lengths.lines().collect::<Vec<_>>(),
        ["3 6", "4 -1", "5 0", "-1 19"]
    );
    let stamps = kcat_read(&b, &topic, "%T\n", &[]);
    assert_eq!(stamps.lines().next(), Some("1700000000123"));
    assert_eq!(kcat_value(&b, &topic, 0, 0), b"\x01\x02\x03\x00\n\xff");
    // Structured JSON goes through the (string) serializer as compact JSON, keys in
    // their original order.
    assert_eq!(kcat_value(&b, &topic, 0, 3), br#"{"b":[1,2],"a":"x"}"#);
    let key = kcat(&b)
        .args(["-C", "-t", &topic, "-e", "-q", "-c", "1", "-f", "%k"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(key.stdout, b"\x00\xff\n");
    let headers = kcat(&b)
        .args(["-C", "-t", &topic, "-e", "-q", "-c", "1", "-f", "%h"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    // kcat shows a null header value as NULL.
    assert_eq!(headers.stdout, b"h=1,h=\xff,n=NULL");
}

#[test]
fn tombstones_from_lines_input() {
    let b = require_broker!();
    let topic = unique("produce-tombstone-lines");
    create_topic(&b, &topic, 1, &[]);
    let out = produce(
        &["-t", &topic, "-K", "=", "--null-value", "NULL"],
        b"a=1\nb=NULL\nc=\nNULL=x\n",
    );
    assert_code(&out, 0);
    let out2 = produce(&["-t", &topic, "-K", "=", "-Z"], b"d=\ne=2\n");
    assert_code(&out2, 0);
    let seen = kcat_read(&b, &topic, "%k|%K|%S\n", &[]);
    assert_eq!(
        seen.lines().collect::<Vec<_>>(),
        ["a|1|1", "b|1|-1", "c|1|0", "|-1|1", "d|1|-1", "e|1|1"]
    );
}

/// The batches the broker stored for partition 0 of `topic`, as DumpLogSegments
/// prints them (one line per batch).
fn stored_batches(brokers: &str, topic: &str) -> Vec<String> {
    let out = kafka_tool(
        "log-dirs",
        &[
            "--bootstrap-server",
            brokers,
            "--describe",
            "--topic-list",
            topic,
        ],
    )
    .stdin(Stdio::null())
    .output()
    .unwrap();
    assert!(out.status.success(), "log-dirs: {}", stderr(&out));
    let text = stdout(&out);
    let json: Value = text
        .lines()
        .rev()
        .find_map(|l| serde_json::from_str(l).ok())
        .unwrap_or_else(|| panic!("no JSON from log-dirs: {text}"));
    let dir = json["brokers"][0]["logDirs"][0]["logDir"]
        .as_str()
        .expect("logDir")
        .to_string();
    let segment = format!("{dir}/{topic}-0/00000000000000000000.log");
    let out = kafka_tool(
        "class",
        &[
            "org.apache.kafka.tools.DumpLogSegments",
            "--files",
            &segment,
        ],
    )
    .stdin(Stdio::null())
    .output()
    .unwrap();
    assert!(out.status.success(), "DumpLogSegments: {}", stderr(&out));
    stdout(&out)
        .lines()
        .filter(|l| l.starts_with("baseOffset"))
        .map(str::to_string)
        .collect()
}

#[test]
fn compression_and_idempotence_reach_the_broker() {
    let b = require_broker!();
    let cases: [(&[&str], &str, bool); 3] = [
        (&["-z", "zstd"], "compresscodec: zstd", true),
        (
            &["--no-idempotence", "-z", "lz4"],
            "compresscodec: lz4",
            false,
        ),
        // -X reaches librdkafka too; --acks 1 turns idempotence off by default.
        (
            &["-X", "compression.codec=gzip", "--acks", "1"],
            "compresscodec: gzip",
            false,
        ),
    ];
    for (flags, codec, idempotent) in cases {
        let topic = unique("produce-codec");
        create_topic(&b, &topic, 1, &[]);
        let mut args = vec!["-t", topic.as_str()];
        args.extend_from_slice(flags);
        let input: String = (0..50).map(|i| format!("record {i}\n")).collect();
        let out = produce(&args, input.as_bytes());
        assert_code(&out, 0);
        let batches = stored_batches(&b, &topic);
        assert!(!batches.is_empty(), "{flags:?}: no batches");
        for batch in &batches {
            assert!(batch.contains(codec), "{flags:?}: {batch}");
            assert_eq!(
                !batch.contains("producerId: -1"),
                idempotent,
                "{flags:?}: {batch}"
            );
        }
    }
}

#[test]
fn effective_settings_and_their_precedence_are_shown_with_v() {
    // No broker needed: the settings are printed before connecting.
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("config.toml");
    std::fs::write(
        &config,
        "[profiles.default]\nproperties = { \"compression.codec\" = \"gzip\", \"linger.ms\" = 50, \"ssl.key.password\" = \"hunter2\" }\n",
    )
    .unwrap();
    let out = kpipe()
        .args(["--config", config.to_str().unwrap()])
        .args(["-b", "127.0.0.1:1", "--timeout", "1s", "-v"])
        .args(["produce", "-t", "x", "--acks", "1", "-z", "zstd"])
        .output()
        .unwrap();
    assert_code(&out, 3);
    let err = stderr(&out);
    for line in [
        "producer property acks=1 (flag --acks)",
        // A dedicated flag beats the profile ...
        "producer property compression.codec=zstd (flag --compression)",
        // ... the profile beats kpipe's defaults ...
        "producer property linger.ms=50 (profile 'default')",
        // ... and idempotence follows acks unless set.
        "producer property enable.idempotence=false (kpipe produce default)",
        "producer property partitioner=murmur2_random (kpipe produce default)",
        "producer property ssl.key.password=********",
    ] {
        assert!(err.contains(line), "missing {line:?} in:\n{err}");
    }
    assert!(!err.contains("hunter2"), "{err}");

    // A dedicated flag and -X for the same property: a usage error, before connecting.
    let out = kpipe()
        .args(["-b", "127.0.0.1:1", "-X", "acks=0"])
        .args(["produce", "-t", "x", "--acks", "all"])
        .output()
        .unwrap();
    assert_code(&out, 2);
    assert!(stderr(&out).contains("--acks conflicts with -X acks=0"));
}

#[test]
fn aborted_transaction_leaves_nothing_visible_to_read_committed() {
    let b = require_broker!();
    let topic = unique("produce-txn-abort");
    create_topic(&b, &topic, 2, &[]);
    // Line 3 is not JSON: the run stops and the transaction aborts.
    let input = b"{\"value\":\"one\"}\n{\"value\":\"two\"}\n{oops\n{\"value\":\"four\"}\n";
    let id = unique("txn");
    let out = produce(
        &["-t", &topic, "--input", "json", "--transactional-id", &id],
        input,
    );
    assert_code(&out, 4);
    let err = stderr(&out);
    assert!(err.contains("<stdin>:3"), "{err}");
    assert!(err.contains("transaction aborted"), "{err}");
    assert!(visible(&b, &topic, true).is_empty());
    // The records did reach the log (so the abort is what hides them).
    assert_eq!(visible(&b, &topic, false).len(), 2);

    // The same input without the bad line commits everything.
    let good = b"{\"value\":\"one\"}\n{\"value\":\"two\"}\n{\"value\":\"four\"}\n";
    let out = produce(
        &["-t", &topic, "--input", "json", "--transactional-id", &id],
        good,
    );
    assert_code(&out, 0);
    let mut seen = visible(&b, &topic, true);
    seen.sort();
    assert_eq!(seen, ["four", "one", "two"]);
}

#[test]
fn transaction_size_commits_in_steps_and_aborts_only_the_open_one() {
    let b = require_broker!();
    let topic = unique("produce-txn-steps");
    create_topic(&b, &topic, 1, &[]);
    // Eight good lines, then a bad hex value on line 9: transactions of 3 commit lines
    // 1-3 and 4-6; the one holding 7-8 aborts.
    let mut input: String = (1..=8).map(|i| format!("{i:02x}\n")).collect();
    input.push_str("zz\n10\n");
    let out = produce(
        &[
            "-t",
            &topic,
            "--value-format",
            "hex",
            "--transactional-id",
            &unique("txn"),
            "--transaction-size",
            "3",
            "--report",
            "json",
        ],
        input.as_bytes(),
    );
    assert_code(&out, 4);
    let committed: Vec<u8> =
        kcat_read(&b, &topic, "%s", &["-X", "isolation.level=read_committed"]).into_bytes();
    assert_eq!(committed, [1, 2, 3, 4, 5, 6]);
    let report = report_lines(&out);
    let delivered: Vec<u64> = report
        .iter()
        .filter(|r| r.get("offset").is_some())
        .map(|r| r["line"].as_u64().unwrap())
        .collect();
    assert_eq!(delivered, [1, 2, 3, 4, 5, 6]);
    // Report lines come in delivery order, not input order.
    let mut failed: Vec<u64> = report
        .iter()
        .filter(|r| r.get("error").is_some())
        .map(|r| r["line"].as_u64().unwrap())
        .collect();
    failed.sort_unstable();
    assert_eq!(failed, [7, 8, 9], "{report:?}");
    let aborted = report.iter().find(|r| r["line"] == 7).unwrap();
    assert!(
        aborted["error"]
            .as_str()
            .is_some_and(|e| e.contains("transaction aborted")),
        "{aborted}"
    );
}

#[test]
fn oversize_records_fail_with_their_line() {
    let b = require_broker!();
    let topic = unique("produce-oversize");
    create_topic(&b, &topic, 1, &[("max.message.bytes", "2000")]);
    let big = "x".repeat(5000);

    // Larger than the topic allows: the broker refuses it (undelivered, exit 5).
    let input = format!("small\n{big}\n");
    let out = produce(&["-t", &topic, "--report", "json"], input.as_bytes());
    assert_code(&out, 5);
    let err = stderr(&out);
    assert!(err.contains("<stdin>:"), "{err}");
    assert!(err.contains("Message size too large"), "{err}");
    let line2 = report_lines(&out)
        .into_iter()
        .find(|r| r["line"] == 2)
        .expect("line 2 reported");
    assert!(
        line2["error"]
            .as_str()
            .is_some_and(|e| e.contains("too large")),
        "{line2}"
    );

    // Larger than --max-message-bytes: rejected before sending (bad input, exit 4).
    let out = produce(
        &["-t", &topic, "--max-message-bytes", "1000"],
        input.as_bytes(),
    );
    assert_code(&out, 4);
    let err = stderr(&out);
    assert!(err.contains("<stdin>:2: record is 5000 bytes"), "{err}");
}

#[test]
fn report_json_lists_every_record_with_its_offset() {
    let b = require_broker!();
    let topic = unique("produce-report");
    create_topic(&b, &topic, 3, &[]);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("in.txt");
    let input: String = (1..=40).map(|i| format!("k{i}\tvalue {i}\n")).collect();
    std::fs::write(&file, &input).unwrap();
    let mut cmd = kpipe_real().unwrap();
    cmd.args(["produce", "-t", &topic, "-K", "\\t", "--report", "json"])
        .arg(&file)
        .stdin(Stdio::null());
    let out = cmd.output().unwrap();
    assert_code(&out, 0);
    let report = report_lines(&out);
    assert_eq!(report.len(), 40);
    let mut lines: Vec<u64> = report.iter().map(|r| r["line"].as_u64().unwrap()).collect();
    lines.sort_unstable();
    assert_eq!(lines, (1..=40).collect::<Vec<_>>());
    for r in &report {
        assert_eq!(r["file"], file.display().to_string());
        let line = r["line"].as_u64().unwrap();
        let value = kcat_value(
            &b,
            &topic,
            r["partition"].as_i64().unwrap() as i32,
            r["offset"].as_i64().unwrap(),
        );
        assert_eq!(value, format!("value {line}").into_bytes(), "{r}");
    }
}

#[test]
fn rate_spaces_records_evenly() {
    let b = require_broker!();
    let topic = unique("produce-rate");
    create_topic(&b, &topic, 1, &[]);
    let input: String = (0..50).map(|i| format!("{i}\n")).collect();
    let start = Instant::now();
    let out = produce(&["-t", &topic, "--rate", "20"], input.as_bytes());
    let took = start.elapsed();
    assert_code(&out, 0);
    // 50 records at 20/s: the last is due 2.45 s after the first.
    assert!(took >= Duration::from_millis(2200), "took {took:?}");
    assert!(took < Duration::from_secs(30), "took {took:?}");
    assert_eq!(kcat_read(&b, &topic, "%s\n", &[]).lines().count(), 50);
}

#[test]
fn count_repeat_keys_headers_partition_and_timestamp_flags() {
    let b = require_broker!();
    let topic = unique("produce-flags");
    create_topic(&b, &topic, 3, &[]);
    let out = produce(
        &[
            "-t",
            &topic,
            "--repeat",
            "--count",
            "7",
            "-k",
            "fixed",
            "-H",
            "src=test",
            "-H",
            "nothing",
            "-p",
            "2",
            "--timestamp",
            "2024-01-02T03:04:05Z",
        ],
        b"a\nb\nc\n",
    );
    assert_code(&out, 0);
    let seen = kcat_read(&b, &topic, "%p %k %s %T %h\n", &[]);
    let expect: Vec<String> = ["a", "b", "c", "a", "b", "c", "a"]
        .iter()
        .map(|v| format!("2 fixed {v} 1704164645000 src=test,nothing=NULL"))
        .collect();
    assert_eq!(seen.lines().collect::<Vec<_>>(), expect);

    // A partition the topic does not have is a usage error, before anything is sent.
    let out = produce(&["-t", &topic, "-p", "3"], b"x\n");
    assert_code(&out, 2);
    assert!(stderr(&out).contains("has 3 partition(s)"));
}

#[test]
fn files_raw_input_and_custom_delimiters() {
    let b = require_broker!();
    let topic = unique("produce-files");
    create_topic(&b, &topic, 1, &[]);
    let dir = tempfile::tempdir().unwrap();
    let one = dir.path().join("one.bin");
    let two = dir.path().join("two.bin");
    std::fs::write(&one, b"line 1\nline 2\n\x00\xff").unwrap();
    std::fs::write(&two, b"").unwrap();
    let mut cmd = kpipe_real().unwrap();
    cmd.args(["produce", "-t", &topic, "--input", "raw"])
        .arg(&one)
        .arg(&two)
        .stdin(Stdio::null());
    assert_code(&cmd.output().unwrap(), 0);
    assert_eq!(kcat_value(&b, &topic, 0, 0), b"line 1\nline 2\n\x00\xff");
    assert_eq!(kcat_value(&b, &topic, 0, 1), b"");

    // NUL-delimited records may hold newlines.
    let out = produce(&["-t", &topic, "-D", "\\0"], b"multi\nline\0second\0");
    assert_code(&out, 0);
    assert_eq!(kcat_value(&b, &topic, 0, 2), b"multi\nline");
    assert_eq!(kcat_value(&b, &topic, 0, 3), b"second");

    // A file that does not exist is a usage error, before connecting.
    let out = kpipe()
        .args([
            "-b",
            "127.0.0.1:1",
            "produce",
            "-t",
            "x",
            "/nonexistent/in.txt",
        ])
        .output()
        .unwrap();
    assert_code(&out, 2);
}

#[test]
fn bad_json_names_the_line_and_skip_bad_input_goes_on() {
    let b = require_broker!();
    let topic = unique("produce-badjson");
    create_topic(&b, &topic, 1, &[]);
    let input = b"{\"value\":\"a\"}\n{\"value\":\"b\"\n{\"value\":\"c\"}\n";
    let out = produce(&["-t", &topic, "--input", "json"], input);
    assert_code(&out, 4);
    let err = stderr(&out);
    assert!(err.contains("<stdin>:2: invalid JSON"), "{err}");
    assert!(err.contains("hint: --skip-bad-input"), "{err}");

    let out = produce(
        &["-t", &topic, "--input", "json", "--skip-bad-input"],
        input,
    );
    assert_code(&out, 0);
    assert!(stderr(&out).contains("1 bad input record(s) skipped"));
    // Run 1 delivered "a" before stopping; run 2 delivered "a" and "c".
    assert_eq!(
        kcat_read(&b, &topic, "%s\n", &[])
            .lines()
            .collect::<Vec<_>>(),
        ["a", "a", "c"]
    );

    // --value-format json validates lines too.
    let out = produce(&["-t", &topic, "--value-format", "json"], b"{}\n[1,\n");
    assert_code(&out, 4);
    assert!(stderr(&out).contains("<stdin>:2: value: invalid JSON"));
}

#[test]
fn unreachable_broker_fails_fast_with_the_connection_code() {
    let start = Instant::now();
    let mut cmd = kpipe();
    cmd.args(["-b", "127.0.0.1:1", "--timeout", "5s", "produce", "-t", "x"]);
    let out = run_with_input(&mut cmd, b"a\n");
    assert_code(&out, 3);
    assert!(start.elapsed() < Duration::from_secs(5));
    assert!(stderr(&out).contains("cannot connect"), "{}", stderr(&out));
}

#[test]
fn missing_topic_is_a_clear_error() {
    let b = require_broker!();
    let topic = unique("produce-missing");
    let out = produce(
        &["-t", &topic, "-X", "allow.auto.create.topics=false"],
        b"a\n",
    );
    assert_code(&out, 1);
    let err = stderr(&out);
    assert!(
        err.contains(&format!("topic '{topic}' does not exist")),
        "{err}"
    );
    assert!(
        err.contains("hint:") && err.contains("auto.create"),
        "{err}"
    );
    let _ = b;
}

#[test]
fn ctrl_c_delivers_what_was_sent_and_exits_130() {
    let b = require_broker!();
    let topic = unique("produce-sigint");
    create_topic(&b, &topic, 1, &[]);
    let mut child = kpipe_real()
        .unwrap()
        .args(["produce", "-t", &topic])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Keep stdin open (idle) after three records, as an interactive user would.
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(b"one\ntwo\nthree\n").unwrap();
    stdin.flush().unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while kcat_read(&b, &topic, "%s\n", &[]).lines().count() < 3 {
        assert!(Instant::now() < deadline, "records never arrived");
        std::thread::sleep(Duration::from_millis(200));
    }
    let pid = child.id().to_string();
    Command::new("kill").args(["-INT", &pid]).status().unwrap();
    let out = child.wait_with_output().unwrap();
    drop(stdin);
    assert_code(&out, 130);
    let err = stderr(&out);
    assert!(
        err.contains("interrupted: 3 of 3 record(s) sent were delivered"),
        "{err}"
    );
}

#[test]
fn format_input_reads_delimited_and_length_prefixed_records() {
    let b = require_broker!();
    let topic = unique("produce-format");
    create_topic(&b, &topic, 1, &[]);
    // Headers and key/value in text lines.
    let out = produce(
        &["-t", &topic, "--input", "format:%H %h{%k=%v,}%k\\t%v\\n"],
        b"2 a=1,b=2,key1\tvalue one\n0 key2\tvalue two\n",
    );
    assert_code(&out, 0);
    // Length-prefixed binary framing: any bytes, newlines included.
    let mut framed = Vec::new();
    for (k, v) in [(&b"bin"[..], &b"\x00\n\xff"[..]), (b"k", b"")] {
        framed.extend_from_slice(&(k.len() as u32).to_be_bytes());
        framed.extend_from_slice(k);
        framed.extend_from_slice(&(v.len() as u16).to_be_bytes());
        framed.extend_from_slice(v);
    }
    let out = produce(
        &["-t", &topic, "--input", "format:%K{big32}%k%V{big16}%v"],
        &framed,
    );
    assert_code(&out, 0);
    let seen = kcat_read(&b, &topic, "%k|%S|%h\n", &[]);
    assert_eq!(
        seen.lines().collect::<Vec<_>>(),
        ["key1|9|a=1,b=2", "key2|9|", "bin|3|", "k|0|"]
    );
    assert_eq!(kcat_value(&b, &topic, 0, 2), b"\x00\n\xff");

    // A record that does not match is bad input, named by its position.
    let out = produce(
        &["-t", &topic, "--input", "format:%k\\t%v\\n"],
        b"a\tb\nno tab here\n",
    );
    assert_code(&out, 4);
    assert!(stderr(&out).contains("<stdin>:2: does not match the format"));
}

#[test]
fn fail_fast_stops_at_the_first_undelivered_record() {
    let b = require_broker!();
    let topic = unique("produce-failfast");
    create_topic(&b, &topic, 1, &[("max.message.bytes", "2000")]);
    // Line 2 is too large for the topic; paced so the failure is known long before
    // the input is done.
    let mut input = String::from("first\n");
    input.push_str(&"x".repeat(5000));
    input.push('\n');
    for i in 3..=40 {
        input.push_str(&format!("line {i}\n"));
    }
    let out = produce(
        &[
            "-t",
            &topic,
            "--rate",
            "20",
            "--fail-fast",
            "--report",
            "json",
        ],
        input.as_bytes(),
    );
    assert_code(&out, 5);
    let err = stderr(&out);
    assert!(err.contains("Broker: Message size too large"), "{err}");
    assert!(err.contains("--fail-fast"), "{err}");
    // The broker refuses a whole batch: records batched with line 2 (while the
    // producer was still starting up) fail with it, and are named too.
    let report = report_lines(&out);
    let line2 = report.iter().find(|r| r["line"] == 2).expect("line 2");
    assert!(line2.get("error").is_some(), "{line2}");
    assert!(
        report.len() < 30,
        "{} records sent after the failure",
        report.len()
    );
    let delivered = kcat_read(&b, &topic, "%s\n", &[]).lines().count();
    assert_eq!(
        delivered,
        report.iter().filter(|r| r.get("offset").is_some()).count()
    );
}

#[test]
fn json_records_name_their_own_topics() {
    let b = require_broker!();
    let one = unique("produce-own-topic-a");
    let two = unique("produce-own-topic-b");
    create_topic(&b, &one, 1, &[]);
    create_topic(&b, &two, 1, &[]);
    let input = format!(
        "{{\"topic\":\"{one}\",\"value\":\"a\"}}\n{{\"topic\":\"{two}\",\"value\":\"b\"}}\n{{\"topic\":\"{one}\",\"value\":\"c\"}}\n"
    );
    let out = produce(&["--input", "json"], input.as_bytes());
    assert_code(&out, 0);
    assert_eq!(kcat_read(&b, &one, "%s\n", &[]), "a\nc\n");
    assert_eq!(kcat_read(&b, &two, "%s\n", &[]), "b\n");
    // -t overrides the records' topics.
    let out = produce(&["--input", "json", "-t", &two], input.as_bytes());
    assert_code(&out, 0);
    assert_eq!(kcat_read(&b, &two, "%s\n", &[]), "b\na\nb\nc\n");
}
