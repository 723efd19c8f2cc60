//! `kpipe consume` against a real broker: every offset form, `-e` on empty, compacted
//! and transactional topics, exact commits (`-c`, a closed pipe, rebalances), output
//! shapes checked against kcat, CI checks, decode errors and filters.
//!
//! Test data is produced with rdkafka directly (exact partitions, timestamps, headers,
//! binary bytes, transactions) so that these tests do not depend on `kpipe produce`.

use std::collections::HashSet;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::message::{Header, OwnedHeaders};
use rdkafka::producer::{BaseProducer, BaseRecord, Producer};
use rdkafka::{ClientConfig, Offset, TopicPartitionList};

use crate::require_broker;
use crate::util::{assert_code, create_topic, kcat, kpipe_real, stderr, stdout, unique};

/// One record to produce.
#[derive(Clone, Default)]
struct Rec {
    partition: i32,
    key: Option<Vec<u8>>,
    value: Option<Vec<u8>>,
    ts: Option<i64>,
    headers: Vec<(String, Option<Vec<u8>>)>,
}

fn rec(partition: i32, key: &str, value: &str) -> Rec {
    Rec {
        partition,
        key: Some(key.as_bytes().to_vec()),
        value: Some(value.as_bytes().to_vec()),
        ..Rec::default()
    }
}

fn producer(brokers: &str, extra: &[(&str, &str)]) -> BaseProducer {
    let mut cfg = ClientConfig::new();
    cfg.set("bootstrap.servers", brokers).set("linger.ms", "0");
    for (k, v) in extra {
        cfg.set(*k, *v);
    }
    cfg.create().expect("producer")
}

fn send(p: &BaseProducer, topic: &str, r: &Rec) {
    let mut record = BaseRecord::<[u8], [u8]>::to(topic).partition(r.partition);
    if let Some(k) = &r.key {
        record = record.key(k.as_slice());
    }
    if let Some(v) = &r.value {
        record = record.payload(v.as_slice());
    }
    if let Some(ts) = r.ts {
        record = record.timestamp(ts);
    }
    if !r.headers.is_empty() {
        let mut h = OwnedHeaders::new();
        for (name, value) in &r.headers {
            h = h.insert(Header {
                key: name,
                value: value.as_deref(),
            });
        }
        record = record.headers(h);
    }
    p.send(record).map_err(|(e, _)| e).expect("send");
    p.poll(Duration::ZERO);
}

/// Produces records (in order, acknowledged) with rdkafka.
fn produce(brokers: &str, topic: &str, recs: &[Rec]) {
    let p = producer(brokers, &[]);
    for r in recs {
        send(&p, topic, r);
    }
    p.flush(Duration::from_secs(30)).expect("flush");
}

/// A fresh topic holding `recs`.
fn topic_with(brokers: &str, prefix: &str, partitions: i32, recs: &[Rec]) -> String {
    let topic = unique(prefix);
    create_topic(brokers, &topic, partitions, &[]);
    produce(brokers, &topic, recs);
    topic
}

/// `kpipe -b B consume ARGS` (with `-t TOPIC` first).
fn consume(topic: &str, args: &[&str]) -> Output {
    let mut cmd = kpipe_real().expect("broker");
    cmd.args(["consume", "-t", topic]).args(args);
    cmd.output().expect("run kpipe")
}

fn lines(out: &Output) -> Vec<String> {
    stdout(out).lines().map(str::to_string).collect()
}

/// Consumes and returns stdout lines, asserting exit 0.
fn consume_ok(topic: &str, args: &[&str]) -> Vec<String> {
    let out = consume(topic, args);
    assert_code(&out, 0);
    lines(&out)
}

/// The group's committed offsets for partitions 0..n (-1: none).
fn committed(brokers: &str, group: &str, topic: &str, partitions: i32) -> Vec<i64> {
    let c: BaseConsumer = ClientConfig::new()
        .set("bootstrap.servers", brokers)
        .set("group.id", group)
        .create()
        .unwrap();
    let mut tpl = TopicPartitionList::new();
    for p in 0..partitions {
        tpl.add_partition(topic, p);
    }
    let got = c.committed_offsets(tpl, Duration::from_secs(10)).unwrap();
    (0..partitions)
        .map(|p| match got.find_partition(topic, p).map(|e| e.offset()) {
            Some(Offset::Offset(n)) => n,
            _ => -1,
        })
        .collect()
}

fn strs(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

// ---------------------------------------------------------------------------------
// Offsets

/// 2024-05-01T10:00:00Z.
const T0: i64 = 1_714_557_600_000;
const MIN: i64 = 60_000;

/// Two partitions, ten records each: value `p{P}-{i}`, timestamp T0 + i minutes.
fn timed_topic(brokers: &str) -> String {
    let mut recs = Vec::new();
    for i in 0..10 {
        for p in 0..2 {
            recs.push(Rec {
                ts: Some(T0 + i * MIN),
                ..rec(p, &format!("k{i}"), &format!("p{p}-{i}"))
            });
        }
    }
    topic_with(brokers, "offsets", 2, &recs)
}

fn expect_values(p: i32, range: std::ops::Range<i32>) -> Vec<String> {
    range.map(|i| format!("p{p}-{i}")).collect()
}

/// Values of partitions 0 and 1 (kpipe interleaves partitions; compare per partition).
fn by_partition(lines: &[String]) -> (Vec<String>, Vec<String>) {
    let p0 = lines
        .iter()
        .filter(|l| l.starts_with("p0-"))
        .cloned()
        .collect();
    let p1 = lines
        .iter()
        .filter(|l| l.starts_with("p1-"))
        .cloned()
        .collect();
    (p0, p1)
}

#[test]
fn offset_forms_select_the_right_records() {
    let brokers = require_broker!();
    let topic = timed_topic(&brokers);
    let check = |args: &[&str], p0: std::ops::Range<i32>, p1: std::ops::Range<i32>| {
        eprintln!("checking {args:?}");
        let got = consume_ok(&topic, args);
        let (g0, g1) = by_partition(&got);
        assert_eq!(
            g0,
            expect_values(0, p0.clone()),
            "partition 0 with {args:?}"
        );
        assert_eq!(
            g1,
            expect_values(1, p1.clone()),
            "partition 1 with {args:?}"
        );
        assert_eq!(got.len(), p0.len() + p1.len(), "{args:?}: {got:?}");
    };
    check(&["-e"], 0..10, 0..10);
    check(&["-o", "start", "-e"], 0..10, 0..10);
    check(&["-o", "beginning", "-e"], 0..10, 0..10);
    check(&["-o", "end", "-e"], 0..0, 0..0);
    check(&["-o", "7", "-e"], 7..10, 7..10);
    check(&["-o", "+3", "-e"], 3..10, 3..10);
    check(&["-o", "-2", "-e"], 8..10, 8..10);
    check(&["-o", "-100:end"], 0..10, 0..10);
    // Ranges end by themselves, without -e; TO is exclusive.
    check(&["-o", "2:5"], 2..5, 2..5);
    check(&["-o", ":3"], 0..3, 0..3);
    // Per partition, with a default for the others.
    check(&["-o", "0=6,1=-1", "-e"], 6..10, 9..10);
    check(&["-o", "end,1=4:6", "-e"], 0..0, 4..6);
    check(&["-o", "0=1:2,1=8:9"], 1..2, 8..9);
    // Times: ms, RFC 3339 (with and without a zone offset), a date, windows.
    let t4 = (T0 + 4 * MIN).to_string();
    check(&["-o", &format!("@{t4}"), "-e"], 4..10, 4..10);
    check(&["-o", "@2024-05-01T10:04:00Z", "-e"], 4..10, 4..10);
    check(&["-o", "@2024-05-01T12:04:00+02:00", "-e"], 4..10, 4..10);
    check(&["-o", "@2024-05-01T10:03:30Z", "-e"], 4..10, 4..10);
    check(&["-o", "@2024-05-01", "-e"], 0..10, 0..10);
    check(&["-o", "@2024-05-02", "-e"], 0..0, 0..0);
    check(
        &["-o", "@2024-05-01T10:02:00Z:@2024-05-01T10:05:00Z"],
        2..5,
        2..5,
    );
    check(&["-o", "@2024-05-01T10:02:00Z:+2m"], 2..4, 2..4);
    check(&["-o", "end,1=@2024-05-01T10:08:00Z", "-e"], 0..0, 8..10);
    // Relative times: every record here is long past.
    check(&["-o", "@-1h", "-e"], 0..0, 0..0);
    check(&["-o", "@-1000d", "-e"], 0..10, 0..10);
    // --until stops before the first record at or after the time.
    check(&["--until", "2024-05-01T10:03:00Z"], 0..3, 0..3);
    check(
        &["-o", "5", "--until", &(T0 + 7 * MIN).to_string()],
        5..7,
        5..7,
    );
    // -p picks partitions.
    check(&["-p", "1", "-o", "-3", "-e"], 0..0, 7..10);
}

#[test]
fn relative_time_offsets_on_fresh_records() {
    let brokers = require_broker!();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    let recs: Vec<Rec> = (0..6)
        .map(|i| Rec {
            // 50, 40, ..., 0 minutes ago.
            ts: Some(now - (50 - i * 10) * MIN),
            ..rec(0, "k", &format!("m{i}"))
        })
        .collect();
    let topic = topic_with(&brokers, "reltime", 1, &recs);
    assert_eq!(
        consume_ok(&topic, &["-o", "@-35m", "-e"]),
        strs(&["m2", "m3", "m4", "m5"])
    );
    assert_eq!(
        consume_ok(&topic, &["-o", "@-45m:@-25m"]),
        strs(&["m1", "m2"])
    );
    assert_eq!(
        consume_ok(&topic, &["-o", "@-45m:-25m"]),
        strs(&["m1", "m2"])
    );
    assert_eq!(
        consume_ok(&topic, &["--until", "-15m", "-e"]),
        strs(&["m0", "m1", "m2", "m3"])
    );
}

#[test]
fn bad_offsets_and_partitions_are_usage_errors() {
    let brokers = require_broker!();
    let topic = topic_with(&brokers, "badoff", 2, &[rec(0, "k", "v")]);
    for args in [
        &["-o", "nope"][..],
        &["-o", "stored"],
        &["-p", "5"],
        &["-o", "7=1"],
        &["--commit", "after"],
    ] {
        let out = consume(&topic, args);
        assert_code(&out, 2);
        assert!(
            stderr(&out).starts_with("kpipe: error:"),
            "{args:?}: {}",
            stderr(&out)
        );
    }
}

/// `-vvv` with `-X debug=...` shows librdkafka's log for the whole read, not only its
/// start: the lines of the fetch that brought the record come out while the read goes
/// on. The loop used to serve one log line per turn (a turn lasts up to 100 ms when
/// idle), so the log fell behind and ended at the first connection.
#[test]
fn debug_log_keeps_up_with_the_read() {
    let brokers = require_broker!();
    let topic = topic_with(&brokers, "debuglog", 1, &[rec(0, "k", "v")]);
    let out = consume(
        &topic,
        &[
            "--idle-timeout",
            "1s",
            "-vvv",
            "-X",
            "debug=broker,topic,metadata,fetch,protocol",
        ],
    );
    assert_code(&out, 0);
    assert_eq!(lines(&out), strs(&["v"]));
    let err = stderr(&out);
    for line in ["Sent FetchRequest", "Received FetchResponse"] {
        assert!(err.contains(line), "no '{line}' in the debug log: {err}");
    }
}

// ---------------------------------------------------------------------------------
// -e: empty, compacted, transactional

#[test]
fn exit_at_end_of_empty_topic() {
    let brokers = require_broker!();
    let topic = unique("empty");
    create_topic(&brokers, &topic, 3, &[]);
    let out = consume(&topic, &["-e"]);
    assert_code(&out, 0);
    assert!(out.stdout.is_empty());
    // Some partitions empty, others not.
    produce(&brokers, &topic, &[rec(1, "k", "only")]);
    assert_eq!(consume_ok(&topic, &["-e"]), strs(&["only"]));
    assert_eq!(
        consume_ok(&topic, &["-o", "end", "-e"]),
        Vec::<String>::new()
    );
}

#[test]
fn exit_at_end_of_compacted_topic() {
    let brokers = require_broker!();
    let topic = unique("compacted");
    create_topic(
        &brokers,
        &topic,
        1,
        &[
            ("cleanup.policy", "compact"),
            ("segment.ms", "100"),
            ("min.cleanable.dirty.ratio", "0.01"),
            ("delete.retention.ms", "0"),
        ],
    );
    let mut recs = Vec::new();
    for round in 0..3 {
        for k in 0..5 {
            recs.push(rec(0, &format!("k{k}"), &format!("r{round}-k{k}")));
        }
    }
    recs.push(Rec {
        value: None,
        ..rec(0, "k0", "")
    });
    produce(&brokers, &topic, &recs);
    // Whether or not the cleaner has run yet, -e must end, with the latest value of
    // every key present and the tombstone (an empty line) last.
    let out = consume(&topic, &["-e", "-f", "%k=%s;%S\n"]);
    assert_code(&out, 0);
    let got = lines(&out);
    for k in 1..5 {
        assert!(got.contains(&format!("k{k}=r2-k{k};5")), "{got:?}");
    }
    assert_eq!(got.last().map(String::as_str), Some("k0=;-1"));
}

/// Three transactions: committed (a0-a2), aborted (b0-b1), committed (c0-c1).
fn transactional_topic(brokers: &str) -> String {
    let topic = unique("txn");
    create_topic(brokers, &topic, 1, &[]);
    let id = unique("kpipe-txn");
    let p = producer(brokers, &[("transactional.id", &id)]);
    let t = Duration::from_secs(30);
    p.init_transactions(t).unwrap();
    for (prefix, n, commit) in [("a", 3, true), ("b", 2, false), ("c", 2, true)] {
        p.begin_transaction().unwrap();
        for i in 0..n {
            send(&p, &topic, &rec(0, "k", &format!("{prefix}{i}")));
        }
        if commit {
            p.commit_transaction(t).unwrap();
        } else {
            p.flush(t).unwrap();
            p.abort_transaction(t).unwrap();
        }
    }
    topic
}

#[test]
fn exit_at_end_of_transactional_topic() {
    let brokers = require_broker!();
    let topic = transactional_topic(&brokers);
    // read_committed (the default): aborted records are invisible, and -e ends even
    // though the partition ends with a commit marker that is never delivered.
    assert_eq!(
        consume_ok(&topic, &["-e"]),
        strs(&["a0", "a1", "a2", "c0", "c1"])
    );
    assert_eq!(
        consume_ok(&topic, &["-o", "-1", "-e"]),
        Vec::<String>::new(),
        "the last offset is a marker"
    );
    assert_eq!(
        consume_ok(&topic, &["-e", "--isolation", "read-uncommitted"]),
        strs(&["a0", "a1", "a2", "b0", "b1", "c0", "c1"])
    );
    // A group commits past the final marker, so a second -e run reads nothing.
    let group = unique("txn-group");
    assert_eq!(consume_ok(&topic, &["-g", &group, "-e"]).len(), 5);
    assert_eq!(
        consume_ok(&topic, &["-g", &group, "-e"]),
        Vec::<String>::new()
    );
}

#[test]
fn exit_at_last_stable_offset_with_an_open_transaction() {
    let brokers = require_broker!();
    let topic = transactional_topic(&brokers);
    let id = unique("kpipe-open-txn");
    let p = producer(&brokers, &[("transactional.id", &id)]);
    let t = Duration::from_secs(30);
    p.init_transactions(t).unwrap();
    p.begin_transaction().unwrap();
    send(&p, &topic, &rec(0, "k", "open0"));
    p.flush(t).unwrap();
    // The open transaction holds the last stable offset: -e stops before it.
    assert_eq!(
        consume_ok(&topic, &["-e"]),
        strs(&["a0", "a1", "a2", "c0", "c1"])
    );
    p.abort_transaction(t).unwrap();
}

// ---------------------------------------------------------------------------------
// Groups and commits

#[test]
fn count_commits_exactly_and_a_second_run_resumes() {
    let brokers = require_broker!();
    let recs: Vec<Rec> = (0..30).map(|i| rec(0, "k", &format!("v{i}"))).collect();
    let topic = topic_with(&brokers, "count", 1, &recs);
    let group = unique("count-group");
    let first = consume_ok(&topic, &["-g", &group, "-c", "10"]);
    assert_eq!(first, (0..10).map(|i| format!("v{i}")).collect::<Vec<_>>());
    assert_eq!(committed(&brokers, &group, &topic, 1), vec![10]);
    assert_eq!(
        consume_ok(&topic, &["-g", &group, "-c", "1"]),
        strs(&["v10"])
    );
    assert_eq!(committed(&brokers, &group, &topic, 1), vec![11]);
    // before and auto commit exactly what was written too.
    let g2 = unique("count-before");
    assert_eq!(
        consume_ok(&topic, &["-g", &g2, "-c", "4", "--commit", "before"]).len(),
        4
    );
    assert_eq!(committed(&brokers, &g2, &topic, 1), vec![4]);
    let g3 = unique("count-auto");
    assert_eq!(
        consume_ok(&topic, &["-g", &g3, "-c", "5", "--commit", "auto"]).len(),
        5
    );
    assert_eq!(committed(&brokers, &g3, &topic, 1), vec![5]);
    // none reads as the group without committing.
    let g4 = unique("count-none");
    assert_eq!(
        consume_ok(&topic, &["-g", &g4, "-c", "5", "--commit", "none"]).len(),
        5
    );
    assert_eq!(committed(&brokers, &g4, &topic, 1), vec![-1]);
}

/// A run that stops at `-c N` leaves the group as it closes (LeaveGroup), so the next
/// run in the group is assigned the partitions at once instead of waiting for the old
/// member's session to expire (45 s). Each run is bounded by `--idle-timeout` (which
/// counts from the start and from each rebalance): one that cannot join ends with
/// fewer records and fails the test rather than hanging it.
#[test]
fn runs_after_count_leave_the_group_so_the_next_one_joins() {
    let brokers = require_broker!();
    let recs: Vec<Rec> = (0..40).map(|i| rec(i % 2, "k", &format!("v{i}"))).collect();
    let topic = topic_with(&brokers, "rejoin", 2, &recs);
    let group = unique("rejoin-group");
    let mut seen = Vec::new();
    for _ in 0..4 {
        let out = consume(&topic, &["-g", &group, "-c", "10", "--idle-timeout", "30s"]);
        assert_code(&out, 0);
        let got = lines(&out);
        assert_eq!(got.len(), 10, "{got:?}");
        seen.extend(got);
    }
    let distinct: HashSet<&String> = seen.iter().collect();
    assert_eq!(distinct.len(), 40, "every record once: {seen:?}");
    assert_eq!(committed(&brokers, &group, &topic, 2), vec![20, 20]);
}

/// The same on `kpipe local`, whose mock cluster holds a JoinGroup after the group's
/// last member left for that member's session timeout minus 1 s (44 s by default);
/// kpipe uses a short session there. `--idle-timeout 20s` ends a run that waits.
#[test]
fn runs_after_count_rejoin_promptly_on_kpipe_local() {
    let script = "set -e
        seq 1 30 | kpipe produce -t rejoin
        for i in 1 2 3; do
            kpipe consume -t rejoin -g g -c 10 --idle-timeout 20s
        done";
    let out = crate::util::kpipe()
        .args(["local", "--port", "0", "--", "bash", "-c", script])
        .output()
        .unwrap();
    assert_code(&out, 0);
    let mut got: Vec<u32> = lines(&out).iter().map(|l| l.parse().unwrap()).collect();
    got.sort_unstable();
    assert_eq!(got, (1..=30).collect::<Vec<u32>>(), "{}", stderr(&out));
}

#[test]
fn count_commits_exactly_across_partitions() {
    let brokers = require_broker!();
    let recs: Vec<Rec> = (0..60).map(|i| rec(i % 3, "k", &format!("v{i}"))).collect();
    let topic = topic_with(&brokers, "count3", 3, &recs);
    let group = unique("count3-group");
    let first = consume_ok(&topic, &["-g", &group, "-c", "10"]);
    assert_eq!(first.len(), 10);
    let offsets = committed(&brokers, &group, &topic, 3);
    assert_eq!(
        offsets.iter().map(|o| o.max(&0)).sum::<i64>(),
        10,
        "{offsets:?}"
    );
    // The rest, with no overlap.
    let rest = consume_ok(&topic, &["-g", &group, "-e"]);
    let all: HashSet<String> = first.iter().chain(&rest).cloned().collect();
    assert_eq!(first.len() + rest.len(), 60);
    assert_eq!(all.len(), 60);
}

#[test]
fn closed_pipe_exits_zero_and_commits_only_written_records() {
    let brokers = require_broker!();
    let big = "x".repeat(1000);
    let recs: Vec<Rec> = (0..3000)
        .map(|i| rec(0, "k", &format!("{i:05}{big}")))
        .collect();
    let topic = topic_with(&brokers, "pipe", 1, &recs);
    let group = unique("pipe-group");
    let kpipe = assert_cmd::cargo::cargo_bin("kpipe");
    let script = format!(
        "'{}' -b '{brokers}' consume -t '{topic}' -g '{group}' | head -n 10 > /dev/null; \
         echo \"${{PIPESTATUS[0]}}\"",
        kpipe.display()
    );
    let started = Instant::now();
    let out = Command::new("bash")
        .args(["-c", &script])
        .env("HOME", std::env::temp_dir())
        .output()
        .unwrap();
    assert_eq!(
        stdout(&out).trim(),
        "0",
        "kpipe's exit status; stderr: {}",
        stderr(&out)
    );
    assert!(
        stderr(&out).is_empty(),
        "a closed pipe is quiet: {}",
        stderr(&out)
    );
    assert!(started.elapsed() < Duration::from_secs(60));
    // Only records in writes that fully succeeded are committed: possibly none (when
    // head exits in the middle of the first 64 KiB write), never all of them.
    let c = committed(&brokers, &group, &topic, 1)[0];
    assert!(c < 3000, "committed {c}");
    // The next run resumes exactly at the committed offset.
    let next = consume_ok(&topic, &["-g", &group, "-c", "1", "-f", "%o\n"]);
    assert_eq!(next, vec![c.max(0).to_string()]);
}

#[test]
fn group_resumes_where_it_left_off() {
    let brokers = require_broker!();
    let recs: Vec<Rec> = (0..20).map(|i| rec(i % 2, "k", &format!("v{i}"))).collect();
    let topic = topic_with(&brokers, "resume", 2, &recs);
    let group = unique("resume-group");
    assert_eq!(consume_ok(&topic, &["-g", &group, "-e"]).len(), 20);
    assert_eq!(committed(&brokers, &group, &topic, 2), vec![10, 10]);
    let more: Vec<Rec> = (20..25)
        .map(|i| rec(i % 2, "k", &format!("v{i}")))
        .collect();
    produce(&brokers, &topic, &more);
    let mut second = consume_ok(&topic, &["-g", &group, "-e"]);
    second.sort();
    assert_eq!(second, strs(&["v20", "v21", "v22", "v23", "v24"]));
    // -o overrides the committed offset on first assignment; stored is explicit.
    assert_eq!(
        consume_ok(
            &topic,
            &["-g", &group, "-o", "-1", "-e", "--commit", "none"]
        )
        .len(),
        2
    );
    assert_eq!(
        consume_ok(&topic, &["-g", &group, "-o", "stored", "-e"]).len(),
        0
    );
}

fn spawn_consumer(topic: &str, args: &[&str]) -> Child {
    let mut cmd = kpipe_real().expect("broker");
    cmd.args(["consume", "-t", topic])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Waits until the group has `n` members that each hold partitions of `topic`.
fn wait_for_members(brokers: &str, group: &str, topic: &str, n: usize) {
    // A classic-protocol assignment with at least one partition: version, topic count,
    // topic name, partition count, one partition, user data.
    let min_len = 2 + 4 + 2 + topic.len() + 4 + 4;
    let c: BaseConsumer = ClientConfig::new()
        .set("bootstrap.servers", brokers)
        .create()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Ok(list) = c.fetch_group_list(Some(group), Duration::from_secs(5)) {
            if let Some(g) = list.groups().first() {
                let holding = g
                    .members()
                    .iter()
                    .filter(|m| m.assignment().is_some_and(|a| a.len() >= min_len))
                    .count();
                if g.state() == "Stable" && holding >= n {
                    return;
                }
            }
        }
        assert!(
            Instant::now() < deadline,
            "group {group} never had {n} members"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[test]
fn two_consumers_split_partitions_without_reading_twice() {
    let brokers = require_broker!();
    let first: Vec<Rec> = (0..2000)
        .map(|i| rec(i % 4, "k", &format!("a{i}")))
        .collect();
    let topic = topic_with(&brokers, "split", 4, &first);
    let group = unique("split-group");
    let args = ["-g", &group, "--idle-timeout", "6s", "-f", "%p %s\n"];
    let a = spawn_consumer(&topic, &args);
    wait_for_members(&brokers, &group, &topic, 1);
    let b = spawn_consumer(&topic, &args);
    wait_for_members(&brokers, &group, &topic, 2);
    let second: Vec<Rec> = (0..2000)
        .map(|i| rec(i % 4, "k", &format!("b{i}")))
        .collect();
    produce(&brokers, &topic, &second);
    let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
    assert_code(&a, 0);
    assert_code(&b, 0);
    let (la, lb) = (lines(&a), lines(&b));
    let mut seen = HashSet::new();
    for l in la.iter().chain(&lb) {
        assert!(seen.insert(l.clone()), "read twice: {l}");
    }
    assert_eq!(seen.len(), 4000, "every record once");
    // After the second member joined, each read its own partitions of the new records.
    let parts = |ls: &[String]| -> HashSet<String> {
        ls.iter()
            .filter(|l| l.contains(" b"))
            .map(|l| l.split(' ').next().unwrap().to_string())
            .collect()
    };
    let (pa, pb) = (parts(&la), parts(&lb));
    assert!(!pa.is_empty() && !pb.is_empty(), "a: {pa:?}, b: {pb:?}");
    assert!(pa.is_disjoint(&pb), "a: {pa:?}, b: {pb:?}");
}

#[test]
fn interrupt_commits_and_exits_130() {
    let brokers = require_broker!();
    let recs: Vec<Rec> = (0..5).map(|i| rec(0, "k", &format!("v{i}"))).collect();
    let topic = topic_with(&brokers, "sigint", 1, &recs);
    let group = unique("sigint-group");
    let child = spawn_consumer(&topic, &["-g", &group, "-v"]);
    // Wait until the 5 records were written (the group commits them periodically or at exit).
    let deadline = Instant::now() + Duration::from_secs(30);
    while committed(&brokers, &group, &topic, 1)[0] < 0 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(200));
    }
    let _ = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status();
    let out = child.wait_with_output().unwrap();
    assert_code(&out, 130);
    assert_eq!(lines(&out).len(), 5);
    assert_eq!(committed(&brokers, &group, &topic, 1), vec![5]);
}

// ---------------------------------------------------------------------------------
// Output

fn mixed_records() -> Vec<Rec> {
    vec![
        Rec {
            ts: Some(T0),
            headers: vec![
                ("h".into(), Some(b"1".to_vec())),
                ("h".into(), Some(b"2".to_vec())),
                ("n".into(), None),
            ],
            ..rec(0, "key1", "value one")
        },
        Rec {
            key: None,
            ts: Some(T0 + 1),
            ..rec(0, "", "no key")
        },
        Rec {
            value: None,
            ts: Some(T0 + 2),
            ..rec(0, "gone", "")
        },
        Rec {
            ts: Some(T0 + 3),
            headers: vec![("x".into(), Some(b"y".to_vec()))],
            ..rec(0, "", "")
        },
    ]
}

#[test]
fn format_tokens_match_kcat() {
    let brokers = require_broker!();
    let topic = topic_with(&brokers, "fmt", 1, &mixed_records());
    for fmt in [
        "%t %p %o %k %s\\n",
        "%S %K %T\\n",
        "[%h]\\n",
        "%k\\t%s\\t%%\\n",
    ] {
        let ours = consume(&topic, &["-e", "-f", fmt]);
        assert_code(&ours, 0);
        let theirs = kcat(&brokers)
            .args(["-C", "-q", "-e", "-t", &topic, "-f", fmt])
            .output()
            .unwrap();
        assert!(theirs.status.success(), "kcat: {}", stderr(&theirs));
        assert_eq!(stdout(&ours), stdout(&theirs), "format {fmt}");
    }
    // rpk-style extras.
    let got = consume_ok(
        &topic,
        &[
            "-e",
            "-f",
            "%v|%h{h}|%k{hex}|%v{base64}|%d|%d{%H:%M}\\n",
            "-o",
            ":1",
        ],
    );
    assert_eq!(
        got,
        strs(&["value one|1|6b657931|dmFsdWUgb25l|2024-05-01T10:00:00.000Z|10:00"])
    );
}

#[test]
fn json_envelope_is_lossless() {
    let brokers = require_broker!();
    let recs = vec![
        Rec {
            key: Some(b"\x00\xff".to_vec()),
            value: Some(b"\xfe\xfd binary".to_vec()),
            ts: Some(T0),
            headers: vec![
                ("dup".into(), Some(b"a".to_vec())),
                ("dup".into(), Some(b"\xff".to_vec())),
                ("nul".into(), None),
            ],
            ..Rec::default()
        },
        Rec {
            value: None,
            ts: Some(T0 + 1),
            ..rec(1, "tomb", "")
        },
        Rec {
            key: None,
            ts: Some(T0 + 2),
            ..rec(1, "", "{\"a\":[1,2]}")
        },
    ];
    let topic = topic_with(&brokers, "json", 2, &recs);
    let got = consume_ok(&topic, &["-e", "--output", "json", "-p", "0"]);
    let v: serde_json::Value = serde_json::from_str(&got[0]).unwrap();
    assert_eq!(v["topic"], topic.as_str());
    assert_eq!(v["partition"], 0);
    assert_eq!(v["offset"], 0);
    assert_eq!(v["timestamp"], T0);
    assert_eq!(v["timestamp_type"], "create");
    assert_eq!(v["key"], "AP8=");
    assert_eq!(v["key_encoding"], "base64");
    assert_eq!(v["value"], "/v0gYmluYXJ5");
    assert_eq!(v["value_encoding"], "base64");
    assert_eq!(
        v["headers"],
        serde_json::json!([
            {"key": "dup", "value": "a"},
            {"key": "dup", "value": "/w==", "encoding": "base64"},
            {"key": "nul", "value": null}
        ])
    );
    let got = consume_ok(
        &topic,
        &[
            "-e",
            "--output",
            "json",
            "-p",
            "1",
            "--value-format",
            "json",
            "--skip-errors",
        ],
    );
    let tomb: serde_json::Value = serde_json::from_str(&got[0]).unwrap();
    assert_eq!(tomb["key"], "tomb");
    assert!(tomb["value"].is_null(), "a tombstone is null: {tomb}");
    let json: serde_json::Value = serde_json::from_str(&got[1]).unwrap();
    assert!(json["key"].is_null());
    assert_eq!(
        json["value"],
        serde_json::json!({"a": [1, 2]}),
        "embedded, not a string"
    );
    // Without --value-format json the same value is a string.
    let got = consume_ok(&topic, &["-e", "--output", "json", "-p", "1", "-o", "1"]);
    let s: serde_json::Value = serde_json::from_str(&got[0]).unwrap();
    assert_eq!(s["value"], "{\"a\":[1,2]}");
}

#[test]
fn json_round_trip_through_produce() {
    let brokers = require_broker!();
    let Some(mut help) = kpipe_real() else { return };
    if !help
        .args(["produce", "--help"])
        .output()
        .unwrap()
        .status
        .success()
    {
        eprintln!("skipping: kpipe produce is not available in this build");
        return;
    }
    let recs = vec![
        Rec {
            key: Some(b"\x00\xff".to_vec()),
            value: Some(b"\xfe binary".to_vec()),
            headers: vec![
                ("dup".into(), Some(b"a".to_vec())),
                ("dup".into(), Some(b"b".to_vec())),
            ],
            ..Rec::default()
        },
        Rec {
            value: None,
            ..rec(0, "tomb", "")
        },
        rec(0, "k", "text"),
    ];
    let source = topic_with(&brokers, "rt-src", 1, &recs);
    let dump = consume(&source, &["-e", "--output", "json"]);
    assert_code(&dump, 0);
    let target = unique("rt-dst");
    create_topic(&brokers, &target, 1, &[]);
    let mut produce = kpipe_real().unwrap();
    produce.args(["produce", "-t", &target, "--input", "json"]);
    let out = crate::util::run_with_input(&mut produce, &dump.stdout);
    assert_code(&out, 0);
    let again = consume(&target, &["-e", "--output", "json"]);
    let strip = |o: &Output| -> Vec<serde_json::Value> {
        lines(o)
            .iter()
            .map(|l| {
                let mut v: serde_json::Value = serde_json::from_str(l).unwrap();
                v.as_object_mut().unwrap().remove("topic");
                v
            })
            .collect()
    };
    assert_eq!(strip(&dump), strip(&again));
}

#[test]
fn value_output_delimiters_and_pretty_json() {
    let brokers = require_broker!();
    let topic = topic_with(
        &brokers,
        "delim",
        1,
        &[rec(0, "k", "{\"a\":1}"), rec(0, "k", "{\"b\":2}")],
    );
    let out = consume(&topic, &["-e", "-D", "\\0"]);
    assert_code(&out, 0);
    assert_eq!(out.stdout, b"{\"a\":1}\0{\"b\":2}\0");
    let out = consume(
        &topic,
        &["-e", "--value-format", "json", "--pretty", "-o", ":1"],
    );
    assert_eq!(stdout(&out), "{\n  \"a\": 1\n}\n");
    let out = consume(&topic, &["-e", "--value-format", "hex", "-o", ":1"]);
    assert_eq!(stdout(&out), "7b2261223a317d\n");
}

// ---------------------------------------------------------------------------------
// Filters, checks, errors

#[test]
fn filters_select_records() {
    let brokers = require_broker!();
    let recs = vec![
        Rec {
            headers: vec![("type".into(), Some(b"order".to_vec()))],
            ..rec(0, "k1", "{\"user\":{\"id\":42},\"level\":\"error\"}")
        },
        Rec {
            headers: vec![("type".into(), Some(b"refund".to_vec()))],
            ..rec(0, "k2", "{\"user\":{\"id\":7},\"level\":\"info\"}")
        },
        rec(0, "k3", "plain text error"),
    ];
    let topic = topic_with(&brokers, "filter", 1, &recs);
    let keys = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["-e", "-f", "%k\\n"];
        all.extend_from_slice(args);
        consume_ok(&topic, &all)
    };
    assert_eq!(keys(&["--filter", "key=k2"]), strs(&["k2"]));
    assert_eq!(keys(&["--filter", "key!=k2"]), strs(&["k1", "k3"]));
    assert_eq!(keys(&["--filter", "value~error"]), strs(&["k1", "k3"]));
    assert_eq!(keys(&["--filter", "header.type=refund"]), strs(&["k2"]));
    assert_eq!(keys(&["--filter", "header.type~^ord"]), strs(&["k1"]));
    assert_eq!(keys(&["--filter", ".user.id==42"]), strs(&["k1"]));
    assert_eq!(keys(&["--filter", ".level==\"info\""]), strs(&["k2"]));
    assert_eq!(
        keys(&["--filter", "value~error", "--filter", ".level==error"]),
        strs(&["k1"])
    );
    // -c counts after filtering.
    assert_eq!(
        keys(&["--filter", "value~error", "-c", "2"]),
        strs(&["k1", "k3"])
    );
}

#[test]
fn expect_and_wait_for_pass_and_fail() {
    let brokers = require_broker!();
    let recs: Vec<Rec> = (0..5)
        .map(|i| rec(0, &format!("k{i}"), &format!("v{i}")))
        .collect();
    let topic = topic_with(&brokers, "checks", 1, &recs);

    let out = consume(&topic, &["--expect", "3", "--deadline", "30s"]);
    assert_code(&out, 0);
    assert_eq!(lines(&out).len(), 3);

    let out = consume(&topic, &["--expect", "10", "-e"]);
    assert_code(&out, 6);
    assert_eq!(stderr(&out).lines().count(), 1, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("expected at least 10 records, got 5"),
        "{}",
        stderr(&out)
    );

    let out = consume(&topic, &["--expect", "10", "--deadline", "2s"]);
    assert_code(&out, 6);
    assert!(
        stderr(&out).contains("within 2s, got 5"),
        "{}",
        stderr(&out)
    );

    let out = consume(&topic, &["--wait-for", "key=k3", "--deadline", "30s"]);
    assert_code(&out, 0);
    assert_eq!(lines(&out), strs(&["v3"]));

    let out = consume(&topic, &["--wait-for", "key=nope", "--deadline", "2s"]);
    assert_code(&out, 6);
    assert!(
        stderr(&out).contains("no record matching 'key=nope' within 2s"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn decode_errors_name_the_record() {
    let brokers = require_broker!();
    let recs = vec![
        rec(1, "a", "{\"ok\":1}"),
        rec(1, "b", "not json"),
        rec(1, "c", "[2]"),
    ];
    let topic = topic_with(&brokers, "decode", 2, &recs);
    let out = consume(&topic, &["-e", "--value-format", "json"]);
    assert_code(&out, 4);
    let err = stderr(&out);
    assert!(err.contains(&format!("{topic}[1] offset 1")), "{err}");
    assert_eq!(
        lines(&out),
        strs(&["{\"ok\":1}"]),
        "records before the bad one are written"
    );
    let out = consume(&topic, &["-e", "--value-format", "json", "--skip-errors"]);
    assert_code(&out, 0);
    assert_eq!(lines(&out), strs(&["{\"ok\":1}", "[2]"]));
    assert!(stderr(&out).contains("offset 1"), "{}", stderr(&out));
}

#[test]
fn unknown_topic_fails_fast() {
    let _ = require_broker!();
    let out = consume(&unique("missing"), &["-e"]);
    assert_code(&out, 1);
    assert!(stderr(&out).contains("does not exist"), "{}", stderr(&out));
}

#[test]
fn reads_from_the_start_start_every_partition_at_once_after_the_check() {
    // Reads from the start (kpipe's default) start every partition together after the
    // topic check, and nothing is written when the check fails.
    let brokers = require_broker!();
    let fmt = ["-f", "%p %s\n"];

    // Partition 0 empty: every record comes from the other partitions, which start in
    // the same go as partition 0. Started later, they would join the broker's next
    // fetch, which the empty partition's fetch holds back for fetch.wait.max.ms.
    let recs: Vec<Rec> = (1..4).map(|p| rec(p, "k", &format!("v{p}"))).collect();
    let topic = topic_with(&brokers, "ahead", 4, &recs);
    let out = consume(&topic, &[&fmt[..], &["-c", "3", "-v"]].concat());
    assert_code(&out, 0);
    let mut seen = lines(&out);
    seen.sort();
    assert_eq!(seen, ["1 v1", "2 v2", "3 v3"]);
    let err = stderr(&out);
    let reading: Vec<&str> = err.lines().filter(|l| l.contains(": reading ")).collect();
    assert_eq!(
        reading,
        [format!("kpipe: reading {topic}[0,1,2,3]")],
        "{err}"
    );

    // A topic that does not exist: the check's error, nothing on stdout.
    let out = consume(&unique("ahead-missing"), &["-c", "1"]);
    assert_code(&out, 1);
    assert!(stderr(&out).contains("does not exist"), "{}", stderr(&out));
    assert_eq!(stdout(&out), "");

    // Two topics, one missing: the existing topic's records are not written before the
    // error.
    let one = topic_with(&brokers, "ahead-one", 1, &[rec(0, "k", "v")]);
    let missing = unique("ahead-gone");
    let out = kpipe_real()
        .expect("broker")
        .args(["consume", "-t", &one, "-t", &missing, "-c", "1"])
        .output()
        .expect("run kpipe");
    assert_code(&out, 1);
    assert!(stderr(&out).contains("does not exist"), "{}", stderr(&out));
    assert_eq!(stdout(&out), "");

    // -o naming a partition the topic lacks is a usage error, with nothing written.
    let out = consume(&one, &["-o", "3=beginning", "-c", "1"]);
    assert_code(&out, 2);
    assert_eq!(stdout(&out), "");
}

#[test]
fn topic_regex_reads_matching_topics() {
    let brokers = require_broker!();
    let base = unique("regex");
    for (suffix, value) in [("a", "from-a"), ("b", "from-b")] {
        let t = format!("{base}-{suffix}");
        create_topic(&brokers, &t, 1, &[]);
        produce(&brokers, &t, &[rec(0, "k", value)]);
    }
    let mut cmd = kpipe_real().unwrap();
    let out = cmd
        .args(["consume", "--topic-regex", &format!("{base}-.*"), "-e"])
        .output()
        .unwrap();
    assert_code(&out, 0);
    let mut got = lines(&out);
    got.sort();
    assert_eq!(got, strs(&["from-a", "from-b"]));
}

#[test]
fn consumer_group_protocol_commits_and_resumes() {
    let brokers = require_broker!();
    let recs: Vec<Rec> = (0..8).map(|i| rec(i % 2, "k", &format!("v{i}"))).collect();
    let topic = topic_with(&brokers, "kip848", 2, &recs);
    let group = unique("kip848-group");
    let args = ["-g", &group, "--group-protocol", "consumer", "-e"];
    assert_eq!(consume_ok(&topic, &args).len(), 8);
    assert_eq!(committed(&brokers, &group, &topic, 2), vec![4, 4]);
    produce(&brokers, &topic, &[rec(1, "k", "late")]);
    assert_eq!(consume_ok(&topic, &args), strs(&["late"]));
}

#[test]
fn closed_pipe_is_noticed_on_a_quiet_topic() {
    let brokers = require_broker!();
    let recs: Vec<Rec> = (0..3).map(|i| rec(0, "k", &format!("v{i}"))).collect();
    let topic = topic_with(&brokers, "quiet-pipe", 1, &recs);
    let kpipe = assert_cmd::cargo::cargo_bin("kpipe");
    // No -e: after three records the topic is quiet, so no failed write ever tells kpipe
    // that head is gone; it must notice the closed pipe by itself.
    let script = format!(
        "'{}' -b '{brokers}' consume -t '{topic}' | head -n 1; echo \"${{PIPESTATUS[0]}}\"",
        kpipe.display()
    );
    let mut child = Command::new("bash")
        .args(["-c", &script])
        .env("HOME", std::env::temp_dir())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("kpipe kept running after head exited");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let out = child.wait_with_output().unwrap();
    assert_eq!(stdout(&out), "v0\n0\n");
}

/// Waits until `child`'s stderr (kpipe run with `-v`) says it is reading.
fn wait_until_reading(child: &mut Child) {
    use std::io::BufRead;
    let stderr = child.stderr.take().expect("stderr piped");
    let mut lines = std::io::BufReader::new(stderr).lines();
    for line in lines.by_ref() {
        if line.expect("stderr").starts_with("kpipe: reading ") {
            // Keep draining so kpipe never blocks on a full pipe.
            std::thread::spawn(move || lines.for_each(drop));
            return;
        }
    }
    panic!("kpipe ended before it started reading");
}

/// `child`'s stdout lines as they come.
fn stdout_lines(child: &mut Child) -> std::sync::mpsc::Receiver<String> {
    use std::io::BufRead;
    let stdout = child.stdout.take().expect("stdout piped");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

/// Runs `kpipe consume -t TOPIC ARGS` while producing `new0`, `new1`, ... to `partition`
/// until kpipe prints one of them, then `more` after it; returns every line kpipe printed
/// by then. A partition's end is looked up once the read has started, so the first few
/// may fall before it.
fn read_while_producing(
    brokers: &str,
    topic: &str,
    args: &[&str],
    partition: i32,
    more: usize,
) -> Vec<String> {
    let mut child = spawn_consumer(topic, args);
    let lines = stdout_lines(&mut child);
    let prefix = format!("{partition} new");
    let mut seen = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut n = 0;
    while !seen.iter().any(|l: &String| l.starts_with(&prefix)) {
        assert!(Instant::now() < deadline, "no new record arrived: {seen:?}");
        produce(brokers, topic, &[rec(partition, "k", &format!("new{n}"))]);
        n += 1;
        while let Ok(line) = lines.recv_timeout(Duration::from_millis(300)) {
            seen.push(line);
        }
    }
    for _ in 0..more {
        produce(brokers, topic, &[rec(partition, "k", &format!("new{n}"))]);
        n += 1;
    }
    // Everything after the first one seen must arrive: wait for the last.
    let last = format!("{prefix}{}", n - 1);
    while !seen.contains(&last) && Instant::now() < deadline {
        if let Ok(line) = lines.recv_timeout(Duration::from_millis(300)) {
            seen.push(line);
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    seen
}

#[test]
fn librdkafka_debug_of_a_read_that_ends_at_once_is_not_lost() {
    // librdkafka's log lines wait on the consumer's queue until kpipe serves it; a
    // group-less `-c 1` exits on its first record, so the lines of its last moments (the
    // fetch that brought the record) must be served before the end, or `-X debug`
    // shows nothing of the fetch.
    let brokers = require_broker!();
    let topic = topic_with(&brokers, "last-logs", 1, &[rec(0, "k", "v")]);
    let out = consume(&topic, &["-X", "debug=fetch", "-vvv", "-c", "1"]);
    assert_code(&out, 0);
    assert_eq!(lines(&out), ["v"]);
    let err = stderr(&out);
    assert!(
        err.contains(&format!("Fetch topic {topic} [0] at offset 0")),
        "{err}"
    );
}

#[test]
fn reads_from_the_end_fetch_only_once_the_topic_check_has_answered() {
    // The broker answers a connection's requests in order and holds a fetch with nothing
    // to read for fetch.wait.max.ms. The check's metadata request, sent again on the
    // broker's own connection after the bootstrap one closes, must never wait behind a
    // fetch: reads from the end look their offsets up early but fetch only after the
    // check. When they fetched early, 4 to 5 runs in 60 on a busy machine waited out
    // the held fetch; with a 30 s hold, this run's 3 s --timeout would fail them. (The
    // wait depends on timing, so these runs catch that mistake often, not always; when
    // it is absent they always pass.)
    let brokers = require_broker!();
    let topic = topic_with(&brokers, "end-after-check", 2, &[rec(0, "k", "old")]);
    for run in 0..12 {
        let out = kpipe_real()
            .expect("broker")
            .args(["--timeout", "3s", "-X", "fetch.wait.max.ms=30000"])
            .args([
                "consume",
                "-t",
                &topic,
                "-o",
                "end",
                "--idle-timeout",
                "100ms",
            ])
            .output()
            .expect("run kpipe");
        assert_code(&out, 0);
        assert_eq!(stdout(&out), "", "run {run}");
    }
}

#[test]
fn open_reads_start_at_the_start_or_the_end_of_each_partition() {
    // Reads with no stop start from offset 0 (from the start), or look up only the end
    // (one request for all partitions; librdkafka's own lookup for a single one; the
    // first 64, or those named by -p, while the topic is being checked): the records
    // must be the same as when kpipe resolves both watermarks.
    let brokers = require_broker!();
    let recs: Vec<Rec> = (0..6)
        .map(|i| rec(i % 2, "k", &format!("old{i}")))
        .collect();
    let topic = topic_with(&brokers, "open-reads", 2, &recs);
    let fmt = ["-f", "%p %s\n"];

    // The default start: everything there is, then -c ends it.
    let mut all = consume_ok(&topic, &[&fmt[..], &["-c", "6"]].concat());
    all.sort();
    assert_eq!(
        all,
        ["0 old0", "0 old2", "0 old4", "1 old1", "1 old3", "1 old5"]
    );

    // Partition 0 from its start, partition 1 from its end: partition 1 shows only
    // records produced after the read started, in order and with none missing once
    // the first has arrived.
    let args = [&fmt[..], &["-o", "1=end"]].concat();
    let seen = read_while_producing(&brokers, &topic, &args, 1, 2);
    let (p0, p1): (Vec<&String>, Vec<&String>) = seen.iter().partition(|l| l.starts_with('0'));
    assert_eq!(p0, ["0 old0", "0 old2", "0 old4"], "{seen:?}");
    assert_contiguous_new(&p1, 1, 3);

    // Both from their end: nothing old at all.
    let args = [&fmt[..], &["-o", "end"]].concat();
    let seen = read_while_producing(&brokers, &topic, &args, 0, 1);
    let p0: Vec<&String> = seen.iter().collect();
    assert_contiguous_new(&p0, 0, 2);

    // One partition from its end goes another way (librdkafka's own lookup, see
    // resolve.rs): the same results from its start and from its end.
    let recs: Vec<Rec> = (0..3).map(|i| rec(0, "k", &format!("old{i}"))).collect();
    let single = topic_with(&brokers, "open-reads-one", 1, &recs);
    assert_eq!(
        consume_ok(&single, &[&fmt[..], &["-c", "3"]].concat()),
        ["0 old0", "0 old1", "0 old2"]
    );
    let args = [&fmt[..], &["-o", "end"]].concat();
    let seen = read_while_producing(&brokers, &single, &args, 0, 2);
    let p0: Vec<&String> = seen.iter().collect();
    assert_contiguous_new(&p0, 0, 3);

    // Partitions named with -p are the ones looked up while the topic is being checked
    // (see EarlyLookup in resolve.rs): only they are read, from where they should be.
    let recs: Vec<Rec> = (0..4)
        .map(|i| rec(i % 2, "k", &format!("old{i}")))
        .collect();
    let named = topic_with(&brokers, "open-reads-p", 2, &recs);
    assert_eq!(
        consume_ok(&named, &[&fmt[..], &["-p", "1", "-c", "2"]].concat()),
        ["1 old1", "1 old3"]
    );
    let args = [&fmt[..], &["-p", "1", "-o", "end"]].concat();
    let seen = read_while_producing(&brokers, &named, &args, 1, 2);
    let p1: Vec<&String> = seen.iter().collect();
    assert_contiguous_new(&p1, 1, 3);
    // A partition the topic lacks, and a topic that does not exist, are still the
    // check's errors.
    let out = consume(&named, &["-p", "5", "-c", "1"]);
    assert_code(&out, 2);
    assert!(
        stderr(&out).contains("has no partition 5"),
        "{}",
        stderr(&out)
    );
    let out = consume(&unique("open-reads-missing"), &["-c", "1"]);
    assert_code(&out, 1);
    assert!(stderr(&out).contains("does not exist"), "{}", stderr(&out));

    // From the end, the partitions' starts are looked up while the topic is being
    // checked.
    let quiet = ["-o", "end", "--idle-timeout", "1s", "-v"];
    let out = consume(&topic, &quiet);
    assert_code(&out, 0);
    assert!(
        stderr(&out).contains("2 start(s) looked up early"),
        "{}",
        stderr(&out)
    );
    // Created a moment ago, so the cluster may still be electing its 70 leaders: the
    // lookups wait for them instead of failing ("not leader for partition").
    let wide = unique("open-reads-wide");
    create_topic(&brokers, &wide, 70, &[]);
    let out = consume(&wide, &quiet);
    assert_code(&out, 0);
    let args = [&fmt[..], &["-o", "end"]].concat();
    let seen = read_while_producing(&brokers, &wide, &args, 69, 2);
    let p69: Vec<&String> = seen.iter().collect();
    assert_contiguous_new(&p69, 69, 3);
    // The same for a topic `kpipe topics create` has just made, read to its end.
    let fresh = unique("open-reads-fresh");
    let mut create = kpipe_real().expect("broker");
    let out = create
        .args(["topics", "create", &fresh, "-p", "70"])
        .output()
        .unwrap();
    assert_code(&out, 0);
    assert_eq!(consume_ok(&fresh, &["-e"]), Vec::<String>::new());
}

#[test]
fn open_reads_from_the_start_of_a_trimmed_log() {
    // A read from the start fetches from offset 0 without looking the start up; a log
    // that starts later (delete-records, retention) answers with its log start and
    // `auto.offset.reset=earliest` goes on from there. With another reset the start is
    // looked up, or the read would jump to the end (latest) or fail (error).
    let brokers = require_broker!();
    let recs: Vec<Rec> = (0..6)
        .map(|i| rec(i % 2, "k", &format!("old{i}")))
        .collect();
    let topic = topic_with(&brokers, "open-trimmed", 2, &recs);
    crate::lag::delete_records(&brokers, &topic, 0, 2);
    crate::lag::delete_records(&brokers, &topic, 1, 1);
    let fmt = ["-f", "%p %s\n", "--idle-timeout", "20s", "-v"];
    for (reset, from_zero) in [
        (None, true),
        (Some("earliest"), true),
        (Some("latest"), false),
        (Some("error"), false),
    ] {
        let x = reset.map(|r| format!("auto.offset.reset={r}"));
        let x: Vec<&str> = x.iter().flat_map(|x| ["-X", x.as_str()]).collect();
        let out = consume(&topic, &[&fmt[..], &x, &["-c", "3"]].concat());
        assert_code(&out, 0);
        let mut got = lines(&out);
        got.sort();
        assert_eq!(got, ["0 old4", "1 old3", "1 old5"], "reset {reset:?}");
        let err = stderr(&out);
        assert_eq!(
            err.contains("start 0, no stop"),
            from_zero,
            "reset {reset:?}: {err}"
        );
        assert!(!err.contains("warning"), "reset {reset:?}: {err}");
        // One partition, named with -p.
        let out = consume(&topic, &[&fmt[..], &x, &["-p", "0", "-c", "1"]].concat());
        assert_code(&out, 0);
        assert_eq!(lines(&out), ["0 old4"], "reset {reset:?}");
    }
}

/// `lines` are `P newK`, `P newK+1`, ... : at least `at_least` of them, none skipped.
fn assert_contiguous_new(lines: &[&String], partition: i32, at_least: usize) {
    let numbers: Vec<usize> = lines
        .iter()
        .map(|l| {
            l.strip_prefix(&format!("{partition} new"))
                .and_then(|n| n.parse().ok())
                .unwrap_or_else(|| panic!("not a new record of partition {partition}: {lines:?}"))
        })
        .collect();
    assert!(numbers.len() >= at_least, "{lines:?}");
    assert!(
        numbers.windows(2).all(|w| w[1] == w[0] + 1),
        "skipped or repeated: {lines:?}"
    );
}

/// The Cyrus SASL plugins (`.../sasl2/*.so`) mapped into process `pid`; `None` once it
/// has gone.
fn cyrus_plugins(pid: u32) -> Option<Vec<String>> {
    let maps = std::fs::read_to_string(format!("/proc/{pid}/maps")).ok()?;
    let mut plugins: Vec<String> = maps
        .lines()
        .filter_map(|l| l.split_whitespace().nth(5))
        .filter(|path| path.contains("/sasl2/"))
        .map(str::to_string)
        .collect();
    plugins.dedup();
    Some(plugins)
}

/// Runs `cmd` under strace, with `OPENSSL_CONF` naming a file of the run's own, and
/// returns its exit status and whether it opened that file (scripts/test installs strace).
fn run_reading_openssl_config(cmd: &Command) -> (std::process::ExitStatus, bool) {
    let dir = tempfile::tempdir().unwrap();
    let conf = dir.path().join("kpipe-test-openssl.cnf");
    let log = dir.path().join("openat.trace");
    let mut traced = Command::new("strace");
    traced
        .args(["-f", "-qq", "-e", "trace=openat", "-o"])
        .arg(&log)
        .arg(cmd.get_program())
        .args(cmd.get_args());
    for (key, value) in cmd.get_envs() {
        match value {
            Some(v) => traced.env(key, v),
            None => traced.env_remove(key),
        };
    }
    let status = traced
        .env("OPENSSL_CONF", &conf)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("run strace (scripts/test installs it)");
    let trace = std::fs::read_to_string(&log).expect("strace's output");
    (status, trace.contains(conf.to_str().unwrap()))
}

#[test]
fn openssl_is_set_up_in_full_only_for_runs_that_use_it() {
    // A run with no TLS, SCRAM, OIDC or https registry starts OpenSSL without its
    // configuration file, names and error strings (0.6 ms, see src/startup.rs); every
    // other run loads the system's configuration as OpenSSL always does.
    let brokers = require_broker!();
    let topic = topic_with(&brokers, "light-openssl", 1, &[rec(0, "k", "v")]);
    let mut plain = kpipe_real().unwrap();
    plain.args(["consume", "-t", &topic, "-c", "1"]);
    let (status, read) = run_reading_openssl_config(&plain);
    assert!(status.success(), "the plaintext consume failed: {status}");
    assert!(!read, "a plaintext consume read OpenSSL's configuration");

    // The same read with an https Schema Registry configured (it is never asked: the
    // values are strings), then clients that need OpenSSL against an address where no
    // broker listens (the client is created, then the connection fails).
    let mut registry = kpipe_real().unwrap();
    registry.args(["--schema-registry", "https://127.0.0.1:1"]);
    registry.args(["consume", "-t", &topic, "-c", "1"]);
    let (status, read) = run_reading_openssl_config(&registry);
    assert!(
        status.success(),
        "the consume with a registry failed: {status}"
    );
    assert!(
        read,
        "an https registry run did not read OpenSSL's configuration"
    );
    for props in [
        &["security.protocol=ssl"][..],
        &[
            "security.protocol=sasl_plaintext",
            "sasl.mechanism=SCRAM-SHA-256",
            "sasl.username=u",
            "sasl.password=p",
        ],
    ] {
        let mut cmd = crate::util::kpipe();
        cmd.args(["-b", "127.0.0.1:1", "--timeout", "2s"]);
        for p in props {
            cmd.args(["-X", p]);
        }
        cmd.args(["consume", "-t", "any", "-c", "1"]);
        let (_, read) = run_reading_openssl_config(&cmd);
        assert!(read, "{props:?}: OpenSSL's configuration was not read");
    }
}

#[test]
fn cyrus_sasl_plugins_are_loaded_only_for_gssapi() {
    // librdkafka takes only GSSAPI from Cyrus SASL; loading Cyrus's plugins costs every
    // other client about a millisecond at start (see src/startup.rs). scripts/test
    // installs the plugins (libsasl2-modules), so the GSSAPI half has some to load.
    let brokers = require_broker!();
    let topic = topic_with(&brokers, "no-cyrus", 1, &[]);
    // An empty topic keeps kpipe waiting with its client running.
    let mut child = spawn_consumer(&topic, &["-v"]);
    wait_until_reading(&mut child);
    let plain = cyrus_plugins(child.id()).expect("kpipe is still reading");
    let _ = child.kill();
    let _ = child.wait();
    assert!(plain.is_empty(), "a PLAINTEXT client loaded {plain:?}");

    // A GSSAPI client against a "broker" that accepts connections and never answers:
    // kpipe waits up to --timeout with its client created. (No Kerberos here: the
    // kinit command is `true`.)
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    std::thread::spawn(move || {
        let held: Vec<_> = listener.incoming().collect();
        drop(held);
    });
    let mut child = crate::util::kpipe()
        .args(["-b", &addr, "--timeout", "30s"])
        .args(["-X", "security.protocol=sasl_plaintext"])
        .args(["-X", "sasl.mechanism=GSSAPI"])
        .args(["-X", "sasl.kerberos.kinit.cmd=true"])
        .args(["consume", "-t", "any", "-c", "1"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut gssapi = Vec::new();
    while gssapi.is_empty() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
        gssapi = cyrus_plugins(child.id()).expect("kpipe is still waiting for the broker");
    }
    let _ = child.kill();
    let _ = child.wait();
    assert!(!gssapi.is_empty(), "a GSSAPI client loaded no Cyrus plugin");
}
