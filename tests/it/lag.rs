//! `kpipe lag` against a real broker, cross-checked with `kafka-consumer-groups`, and
//! against `kpipe local`. Also the helpers `groups.rs` shares: producing with explicit
//! partitions and timestamps, committing and reading offsets as a group without joining
//! it, and keeping a subscribed consumer alive.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::process::{Child, Output, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};
use std::thread::JoinHandle;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rdkafka::admin::{AdminClient, AdminOptions};
use rdkafka::client::DefaultClientContext;
use rdkafka::consumer::{BaseConsumer, CommitMode, Consumer};
use rdkafka::producer::{BaseProducer, BaseRecord, Producer};
use rdkafka::{ClientConfig, Offset, TopicPartitionList};
use serde_json::Value;

use crate::require_broker;
use crate::util::{assert_code, create_topic, kafka_tool, kpipe, stderr, stdout, unique};

// ---------------------------------------------------------------------------------
// Helpers (also used by groups.rs).

pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

/// Produces `count` records to one partition, with timestamps from `timestamp(i)`.
pub fn produce(
    brokers: &str,
    topic: &str,
    partition: i32,
    count: usize,
    timestamp: impl Fn(usize) -> Option<i64>,
) {
    let producer: BaseProducer = ClientConfig::new()
        .set("bootstrap.servers", brokers)
        .set("linger.ms", "5")
        .create()
        .unwrap();
    for i in 0..count {
        let payload = format!("value-{i}");
        let key = format!("key-{i}");
        let mut record = BaseRecord::to(topic)
            .partition(partition)
            .key(&key)
            .payload(&payload);
        if let Some(ts) = timestamp(i) {
            record = record.timestamp(ts);
        }
        producer.send(record).map_err(|(e, _)| e).unwrap();
        producer.poll(Duration::ZERO);
    }
    producer.flush(Duration::from_secs(15)).unwrap();
}

/// A consumer with `group.id = group` that never subscribes: commits and reads the
/// group's offsets without joining it.
fn group_client(brokers: &str, group: &str) -> BaseConsumer {
    ClientConfig::new()
        .set("bootstrap.servers", brokers)
        .set("group.id", group)
        .set("enable.auto.commit", "false")
        .create()
        .unwrap()
}

/// Commits explicit offsets for `group` (as a simple consumer: no join).
pub fn commit(brokers: &str, group: &str, offsets: &[(&str, i32, i64)]) {
    let consumer = group_client(brokers, group);
    let mut tpl = TopicPartitionList::new();
    for (t, p, o) in offsets {
        tpl.add_partition_offset(t, *p, Offset::Offset(*o)).unwrap();
    }
    consumer.commit(&tpl, CommitMode::Sync).unwrap();
}

/// The committed offsets of `group` on partitions `0..partitions` of `topic`.
pub fn committed(brokers: &str, group: &str, topic: &str, partitions: i32) -> Vec<Option<i64>> {
    let consumer = group_client(brokers, group);
    let mut tpl = TopicPartitionList::new();
    for p in 0..partitions {
        tpl.add_partition(topic, p);
    }
    let got = consumer
        .committed_offsets(tpl, Duration::from_secs(10))
        .unwrap();
    (0..partitions)
        .map(|p| match got.find_partition(topic, p).unwrap().offset() {
            Offset::Offset(o) => Some(o),
            _ => None,
        })
        .collect()
}

/// DeleteRecords: moves the log start of `topic`/`partition` to `offset`.
pub fn delete_records(brokers: &str, topic: &str, partition: i32, offset: i64) {
    let admin: AdminClient<DefaultClientContext> = ClientConfig::new()
        .set("bootstrap.servers", brokers)
        .create()
        .unwrap();
    let mut tpl = TopicPartitionList::new();
    tpl.add_partition_offset(topic, partition, Offset::Offset(offset))
        .unwrap();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(admin.delete_records(&tpl, &AdminOptions::new()))
        .unwrap();
}

/// A consumer subscribed to `topic` in `group`, polling on its own thread until dropped.
pub struct ActiveConsumer {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl ActiveConsumer {
    /// Starts it and waits until it owns partitions (the group is then Stable).
    pub fn start(brokers: &str, group: &str, topic: &str, client_id: &str) -> Self {
        Self::start_with(brokers, group, topic, client_id, &[])
    }

    /// Like `start`, with extra client properties (e.g. `group.protocol=consumer`).
    pub fn start_with(
        brokers: &str,
        group: &str,
        topic: &str,
        client_id: &str,
        extra: &[(&str, &str)],
    ) -> Self {
        let mut cfg = ClientConfig::new();
        for (k, v) in extra {
            cfg.set(*k, *v);
        }
        let consumer: BaseConsumer = cfg
            .set("bootstrap.servers", brokers)
            .set("group.id", group)
            .set("client.id", client_id)
            .set("enable.auto.commit", "false")
            .set("auto.offset.reset", "latest")
            .create()
            .unwrap();
        consumer.subscribe(&[topic]).unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let (tx, rx) = mpsc::channel();
        let flag = Arc::clone(&stop);
        let thread = std::thread::spawn(move || {
            let mut told = false;
            while !flag.load(Ordering::Relaxed) {
                let _ = consumer.poll(Duration::from_millis(100));
                if !told && consumer.assignment().is_ok_and(|a| a.count() > 0) {
                    let _ = tx.send(());
                    told = true;
                }
            }
            consumer.unsubscribe();
            drop(consumer);
        });
        rx.recv_timeout(Duration::from_secs(60))
            .expect("the consumer never got an assignment");
        ActiveConsumer {
            stop,
            thread: Some(thread),
        }
    }
}

impl Drop for ActiveConsumer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// `kpipe -b BROKERS ARGS...`.
pub fn run(brokers: &str, args: &[&str]) -> Output {
    kpipe().args(["-b", brokers]).args(args).output().unwrap()
}

/// `kpipe ... --output json`, parsed.
pub fn run_json(brokers: &str, args: &[&str]) -> Value {
    let out = kpipe()
        .args(["-b", brokers])
        .args(args)
        .args(["--output", "json"])
        .output()
        .unwrap();
    assert_code(&out, 0);
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", stdout(&out)))
}

/// The partitions of group `group` in a `lag`/`describe` JSON document, by (topic, partition).
pub fn partitions(doc: &Value, group: &str) -> HashMap<(String, i64), Value> {
    let g = doc["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["group"] == group)
        .unwrap_or_else(|| panic!("group {group} missing from {doc}"));
    g["partitions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                (
                    p["topic"].as_str().unwrap().to_string(),
                    p["partition"].as_i64().unwrap(),
                ),
                p.clone(),
            )
        })
        .collect()
}

/// CURRENT-OFFSET, LOG-END-OFFSET and LAG of one `kafka-consumer-groups` row.
type KafkaRow = (Option<i64>, i64, Option<i64>);

/// `kafka-consumer-groups --describe --group G`, parsed: (topic, partition) ->
/// (CURRENT-OFFSET, LOG-END-OFFSET, LAG); `-` becomes `None`.
fn kafka_describe(brokers: &str, group: &str) -> HashMap<(String, i64), KafkaRow> {
    let out = kafka_tool(
        "consumer-groups",
        &[
            "--bootstrap-server",
            brokers,
            "--describe",
            "--group",
            group,
        ],
    )
    .output()
    .unwrap();
    assert_code(&out, 0);
    let text = stdout(&out);
    let mut rows = HashMap::new();
    let mut header: Option<Vec<String>> = None;
    for line in text.lines() {
        let cols: Vec<&str> = line.split_whitespace().collect();
        if cols.is_empty() {
            continue;
        }
        if cols[0] == "GROUP" {
            header = Some(cols.iter().map(|s| (*s).to_string()).collect());
            continue;
        }
        let Some(h) = &header else { continue };
        let col = |name: &str| cols[h.iter().position(|c| c == name).unwrap()];
        let num = |s: &str| s.parse::<i64>().ok();
        rows.insert(
            (col("TOPIC").to_string(), col("PARTITION").parse().unwrap()),
            (
                num(col("CURRENT-OFFSET")),
                num(col("LOG-END-OFFSET")).unwrap(),
                num(col("LAG")),
            ),
        );
    }
    assert!(!rows.is_empty(), "no rows in:\n{text}");
    rows
}

// ---------------------------------------------------------------------------------
// Tests.

#[test]
fn lag_matches_kafka_consumer_groups() {
    let b = require_broker!();
    let topic = unique("lag-kcg");
    let other = unique("lag-kcg2");
    create_topic(&b, &topic, 3, &[]);
    create_topic(&b, &other, 1, &[]);
    for (p, n) in [(0, 10), (1, 20), (2, 30)] {
        produce(&b, &topic, p, n, |_| None);
    }
    produce(&b, &other, 0, 5, |_| None);
    let group = unique("g-kcg");
    commit(
        &b,
        &group,
        &[
            (&topic, 0, 4),
            (&topic, 1, 20),
            (&topic, 2, 7),
            (&other, 0, 1),
        ],
    );

    let doc = run_json(&b, &["lag", "-g", &group, "--no-time-lag"]);
    let ours = partitions(&doc, &group);
    let theirs = kafka_describe(&b, &group);
    assert_eq!(theirs.len(), 4, "{theirs:?}");
    for (key, (current, end, lag)) in &theirs {
        let p = &ours[key];
        assert_eq!(p["committed"].as_i64(), *current, "{key:?}: {p}");
        assert_eq!(p["log_end"].as_i64(), Some(*end), "{key:?}: {p}");
        assert_eq!(p["lag"].as_i64(), *lag, "{key:?}: {p}");
        assert!(p["flag"].is_null(), "{p}");
    }
    // Totals per topic and per group.
    let g = &doc["groups"][0];
    assert_eq!(g["lag"], 6 + 23 + 4);
    let topics: HashMap<&str, i64> = g["topics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["topic"].as_str().unwrap(), t["lag"].as_i64().unwrap()))
        .collect();
    assert_eq!(topics[topic.as_str()], 29);
    assert_eq!(topics[other.as_str()], 4);
    assert_eq!(doc["end_offset"], "high_watermark");

    // The table says the same.
    let out = run(&b, &["lag", "-g", &group, "--no-time-lag"]);
    assert_code(&out, 0);
    let text = stdout(&out);
    assert!(
        text.lines()
            .any(|l| l.split_whitespace().collect::<Vec<_>>()
                == [group.as_str(), "*", "4", "33", "STOPPED", "Empty"]),
        "{text}"
    );
}

#[test]
fn no_commit_counts_from_log_start_and_is_flagged() {
    let b = require_broker!();
    let topic = unique("lag-nocommit");
    create_topic(&b, &topic, 2, &[]);
    produce(&b, &topic, 0, 5, |_| None);
    produce(&b, &topic, 1, 8, |_| None);
    let group = unique("g-nocommit");
    commit(&b, &group, &[(&topic, 0, 2)]);

    // Without --topic: the group's topic, every partition of it.
    let doc = run_json(&b, &["lag", "-g", &group, "--no-time-lag"]);
    let p = partitions(&doc, &group);
    let p1 = &p[&(topic.clone(), 1)];
    assert_eq!(p1["committed"], Value::Null);
    assert_eq!(p1["lag"], 8, "never end + 1: {p1}");
    assert_eq!(p1["flag"], "no_commit");
    assert_eq!(p[&(topic.clone(), 0)]["lag"], 3);

    // The log start moves (delete-records): counted from there.
    delete_records(&b, &topic, 1, 6);
    let doc = run_json(&b, &["lag", "-g", &group, "-t", &topic, "--no-time-lag"]);
    let p1 = &partitions(&doc, &group)[&(topic.clone(), 1)];
    assert_eq!(p1["log_start"], 6);
    assert_eq!(p1["lag"], 2, "{p1}");
    assert_eq!(p1["flag"], "no_commit");

    // A commit below the log start is counted from the log start too.
    commit(&b, &group, &[(&topic, 1, 3)]);
    let doc = run_json(&b, &["lag", "-g", &group, "--no-time-lag"]);
    let p1 = &partitions(&doc, &group)[&(topic.clone(), 1)];
    assert_eq!(p1["lag"], 2, "{p1}");
    assert_eq!(p1["raw_lag"], 5, "{p1}");
    assert_eq!(p1["flag"], "below_log_start");

    // The table shows the flag in words.
    let out = run(&b, &["lag", "-g", &group, "--no-time-lag"]);
    assert!(
        stdout(&out).contains("commit below log start 6"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn empty_topic_has_zero_lag() {
    let b = require_broker!();
    let topic = unique("lag-empty");
    create_topic(&b, &topic, 2, &[]);
    let group = unique("g-empty");
    commit(&b, &group, &[(&topic, 0, 0)]);
    let doc = run_json(&b, &["lag", "-g", &group]);
    let p = partitions(&doc, &group);
    assert_eq!(p.len(), 2);
    for part in p.values() {
        assert_eq!(part["lag"], 0, "{part}");
        assert_eq!(part["log_end"], 0, "{part}");
        assert_eq!(part["time_lag_ms"], 0, "{part}");
    }
    assert_eq!(p[&(topic.clone(), 1)]["flag"], "no_commit");
    assert_eq!(doc["groups"][0]["status"], "OK");
    let out = run(&b, &["lag", "-g", &group, "--max-lag", "0"]);
    assert_code(&out, 0);
}

#[test]
fn negative_lag_is_clamped_and_flagged() {
    let b = require_broker!();
    let topic = unique("lag-negative");
    create_topic(&b, &topic, 1, &[]);
    produce(&b, &topic, 0, 10, |_| None);
    let group = unique("g-negative");
    commit(&b, &group, &[(&topic, 0, 100)]);
    let doc = run_json(&b, &["lag", "-g", &group]);
    let p = &partitions(&doc, &group)[&(topic.clone(), 0)];
    assert_eq!(p["lag"], 0, "{p}");
    assert_eq!(p["raw_lag"], -90, "{p}");
    assert_eq!(p["flag"], "negative");
    let out = run(&b, &["lag", "-g", &group, "--no-time-lag"]);
    assert!(
        stdout(&out).contains("commit past log end (raw lag -90)"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn time_lag_uses_the_timestamp_of_the_record_at_the_commit() {
    let b = require_broker!();
    let topic = unique("lag-time");
    create_topic(&b, &topic, 2, &[]);
    // Record i of partition 0 was created (10 - i) hours ago.
    let base = now_ms() - 10 * 3_600_000;
    let ts = move |i: usize| base + i as i64 * 3_600_000;
    produce(&b, &topic, 0, 6, |i| Some(ts(i)));
    produce(&b, &topic, 1, 3, |_| None);
    let group = unique("g-time");
    commit(&b, &group, &[(&topic, 0, 2), (&topic, 1, 3)]);

    let before = now_ms();
    let doc = run_json(&b, &["lag", "-g", &group]);
    let after = now_ms();
    let p = partitions(&doc, &group);
    let p0 = &p[&(topic.clone(), 0)];
    assert_eq!(p0["next_record_timestamp_ms"].as_i64(), Some(ts(2)), "{p0}");
    assert_eq!(
        p0["newest_record_timestamp_ms"].as_i64(),
        Some(ts(5)),
        "{p0}"
    );
    assert_eq!(p0["timestamp_type"], "CreateTime");
    let lag_ms = p0["time_lag_ms"].as_i64().unwrap();
    assert!(
        lag_ms >= before - ts(2) && lag_ms <= after - ts(2),
        "time lag {lag_ms} not within [{}, {}]",
        before - ts(2),
        after - ts(2)
    );
    // Caught up: zero, whatever the record timestamps.
    assert_eq!(p[&(topic.clone(), 1)]["time_lag_ms"], 0);
    assert_eq!(doc["groups"][0]["max_time_lag_ms"].as_i64(), Some(lag_ms));

    // Gates on time.
    let out = run(&b, &["lag", "-g", &group, "--max-lag-time", "7h"]);
    assert_code(&out, 6);
    assert!(
        stderr(&out).contains(&format!("group '{group}': time lag 8h")),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("> --max-lag-time 7h"),
        "{}",
        stderr(&out)
    );
    let out = run(&b, &["lag", "-g", &group, "--max-lag-time", "9h"]);
    assert_code(&out, 0);
}

#[test]
fn time_lag_with_log_append_time_states_the_type() {
    let b = require_broker!();
    let topic = unique("lag-logappend");
    create_topic(
        &b,
        &topic,
        1,
        &[("message.timestamp.type", "LogAppendTime")],
    );
    let before = now_ms();
    produce(&b, &topic, 0, 3, |_| Some(1_000)); // the broker overrides this
    let group = unique("g-logappend");
    commit(&b, &group, &[(&topic, 0, 1)]);
    let doc = run_json(&b, &["lag", "-g", &group]);
    let p = &partitions(&doc, &group)[&(topic.clone(), 0)];
    assert_eq!(p["timestamp_type"], "LogAppendTime", "{p}");
    assert!(
        p["next_record_timestamp_ms"].as_i64().unwrap() >= before,
        "{p}"
    );
    let out = run(&b, &["lag", "-g", &group]);
    assert!(
        stderr(&out).contains("now - LogAppendTime"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn max_lag_gate_exit_codes() {
    let b = require_broker!();
    let topic = unique("lag-gate");
    create_topic(&b, &topic, 2, &[]);
    produce(&b, &topic, 0, 10, |_| None);
    produce(&b, &topic, 1, 10, |_| None);
    let group = unique("g-gate");
    commit(&b, &group, &[(&topic, 0, 5), (&topic, 1, 5)]);

    let out = run(&b, &["lag", "-g", &group, "--max-lag", "10"]);
    assert_code(&out, 0);
    let out = run(
        &b,
        &["lag", "-g", &group, "--max-lag", "9", "--no-time-lag"],
    );
    assert_code(&out, 6);
    let err = stderr(&out);
    assert!(err.contains("lag check failed (1 breach)"), "{err}");
    assert!(
        err.contains(&format!("group '{group}': lag 10 > --max-lag 9")),
        "{err}"
    );
    // The report is printed before the verdict.
    assert!(stdout(&out).contains(&topic), "{}", stdout(&out));
}

#[test]
fn wait_zero_exit_codes() {
    let b = require_broker!();
    let topic = unique("lag-wait");
    create_topic(&b, &topic, 1, &[]);
    produce(&b, &topic, 0, 4, |_| None);
    let group = unique("g-wait");
    commit(&b, &group, &[(&topic, 0, 1)]);

    let out = run(
        &b,
        &["lag", "-g", &group, "--wait-zero", "--deadline", "1500ms"],
    );
    assert_code(&out, 6);
    let err = stderr(&out);
    assert!(
        err.contains("lag did not reach zero within 1s 500ms"),
        "{err}"
    );
    assert!(
        err.contains(&format!("group '{group}': lag 3 on 1 partition")),
        "{err}"
    );

    // A consumer catches up while kpipe waits.
    let child = kpipe()
        .args([
            "-b",
            &b,
            "lag",
            "-g",
            &group,
            "--wait-zero",
            "--timeout",
            "60s",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(500));
    commit(&b, &group, &[(&topic, 0, 4)]);
    let out = child.wait_with_output().unwrap();
    assert_code(&out, 0);
    assert!(stderr(&out).contains("lag is zero"), "{}", stderr(&out));

    // A group with nothing committed is not "zero".
    let nobody = unique("g-nobody");
    let out = run(
        &b,
        &["lag", "-g", &nobody, "--wait-zero", "--deadline", "300ms"],
    );
    assert_code(&out, 6);
    assert!(
        stderr(&out).contains("no committed offsets yet"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn read_committed_measures_against_the_last_stable_offset() {
    let b = require_broker!();
    let topic = unique("lag-txn");
    create_topic(&b, &topic, 1, &[]);
    produce(&b, &topic, 0, 3, |_| None);
    let producer: BaseProducer = ClientConfig::new()
        .set("bootstrap.servers", &b)
        .set("transactional.id", unique("txn"))
        .create()
        .unwrap();
    producer.init_transactions(Duration::from_secs(30)).unwrap();
    producer.begin_transaction().unwrap();
    for i in 0..4 {
        let v = format!("open-{i}");
        producer
            .send(BaseRecord::<(), _>::to(&topic).partition(0).payload(&v))
            .map_err(|(e, _)| e)
            .unwrap();
    }
    producer.flush(Duration::from_secs(15)).unwrap();
    let group = unique("g-txn");
    commit(&b, &group, &[(&topic, 0, 3)]);

    // While the transaction is open: HWM 7, LSO 3.
    let doc = run_json(&b, &["lag", "-g", &group, "--no-time-lag"]);
    assert_eq!(partitions(&doc, &group)[&(topic.clone(), 0)]["lag"], 4);
    let doc = run_json(
        &b,
        &[
            "lag",
            "-g",
            &group,
            "--no-time-lag",
            "--isolation",
            "read_committed",
        ],
    );
    let p = &partitions(&doc, &group)[&(topic.clone(), 0)];
    assert_eq!(p["log_end"], 3, "{p}");
    assert_eq!(p["lag"], 0, "{p}");
    assert_eq!(doc["end_offset"], "last_stable_offset");

    // Aborted: offsets 3..=6 hold aborted records and 7 the abort marker. A
    // read_committed reader at 3 has no data left: lag counts offsets (5), time lag is 0.
    producer.abort_transaction(Duration::from_secs(30)).unwrap();
    let doc = run_json(&b, &["lag", "-g", &group, "--isolation", "read_committed"]);
    let p = &partitions(&doc, &group)[&(topic.clone(), 0)];
    assert_eq!(p["log_end"], 8, "{p}");
    assert_eq!(p["lag"], 5, "{p}");
    assert_eq!(p["time_lag_ms"], 0, "{p}");
    // A read_uncommitted reader would get the aborted records: a real timestamp.
    let doc = run_json(&b, &["lag", "-g", &group]);
    let p = &partitions(&doc, &group)[&(topic.clone(), 0)];
    assert_eq!(p["timestamp_type"], "CreateTime", "{p}");
}

/// Checks the Prometheus text exposition format: every line is a comment or a sample,
/// each family has one HELP and one TYPE before its samples, samples of a family are
/// contiguous, and every value is a number. Returns name{labels} -> value.
pub fn parse_prometheus(text: &str) -> HashMap<String, f64> {
    let mut samples = HashMap::new();
    let mut finished: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut typed = false;
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("# HELP ") {
            let name = rest.split(' ').next().unwrap().to_string();
            assert!(!finished.contains(&name), "family {name} split: {line}");
            if !current.is_empty() {
                finished.push(current.clone());
            }
            current = name;
            typed = false;
            continue;
        }
        if let Some(rest) = line.strip_prefix("# TYPE ") {
            let mut parts = rest.split(' ');
            assert_eq!(parts.next(), Some(current.as_str()), "{line}");
            assert!(matches!(parts.next(), Some("gauge" | "counter")), "{line}");
            typed = true;
            continue;
        }
        assert!(!line.starts_with('#'), "unexpected comment: {line}");
        let (series, value) = line
            .rsplit_once(' ')
            .unwrap_or_else(|| panic!("bad line: {line}"));
        let name = series.split('{').next().unwrap();
        assert_eq!(name, current, "sample outside its family: {line}");
        assert!(typed, "sample before TYPE: {line}");
        assert!(
            name.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':'),
            "{line}"
        );
        if series.contains('{') {
            assert!(series.ends_with('}'), "{line}");
        }
        let value: f64 = value
            .parse()
            .unwrap_or_else(|_| panic!("bad value in: {line}"));
        samples.insert(series.to_string(), value);
    }
    samples
}

#[test]
fn prometheus_output_parses_with_exporter_names() {
    let b = require_broker!();
    let topic = unique("lag-prom");
    create_topic(&b, &topic, 2, &[]);
    produce(&b, &topic, 0, 7, |_| None);
    let group = unique("g-prom");
    commit(&b, &group, &[(&topic, 0, 2), (&topic, 1, 0)]);
    let out = run(
        &b,
        &[
            "lag",
            "-g",
            &group,
            "--output",
            "prometheus",
            "--cluster-name",
            "test",
        ],
    );
    assert_code(&out, 0);
    let samples = parse_prometheus(&stdout(&out));
    let key = |name: &str, extra: &str| {
        format!("{name}{{cluster_name=\"test\",group=\"{group}\"{extra}}}")
    };
    assert_eq!(samples[&key("kafka_consumergroup_group_sum_lag", "")], 5.0);
    assert_eq!(
        samples[&format!(
            "kafka_consumergroup_group_lag{{cluster_name=\"test\",group=\"{group}\",topic=\"{topic}\",partition=\"0\",member_host=\"\",consumer_id=\"\",client_id=\"\"}}"
        )],
        5.0
    );
    assert_eq!(
        samples[&format!(
            "kminion_kafka_consumer_group_topic_lag{{group_id=\"{group}\",topic_name=\"{topic}\"}}"
        )],
        5.0
    );
    assert_eq!(
        samples[&format!("kafka_partition_latest_offset{{cluster_name=\"test\",topic=\"{topic}\",partition=\"0\"}}")],
        7.0
    );
    assert!(samples
        .keys()
        .any(|k| k.starts_with("kafka_consumergroup_group_lag_seconds{")));
    assert!(samples
        .keys()
        .any(|k| k.starts_with("kafka_consumergroup_group_max_lag{")));
    assert!(samples
        .keys()
        .any(|k| k.starts_with("kpipe_consumergroup_status{")));
}

#[test]
fn regex_and_all_groups_select_groups() {
    let b = require_broker!();
    let topic = unique("lag-select");
    create_topic(&b, &topic, 1, &[]);
    produce(&b, &topic, 0, 3, |_| None);
    let prefix = unique("sel");
    let (g1, g2) = (format!("{prefix}-a"), format!("{prefix}-b"));
    commit(&b, &g1, &[(&topic, 0, 1)]);
    commit(&b, &g2, &[(&topic, 0, 3)]);
    let doc = run_json(
        &b,
        &["lag", "--regex", &format!("^{prefix}-"), "--no-time-lag"],
    );
    let names: Vec<&str> = doc["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["group"].as_str().unwrap())
        .collect();
    assert_eq!(names, [g1.as_str(), g2.as_str()]);
    let doc = run_json(
        &b,
        &["lag", "--all-groups", "--topic", &topic, "--no-time-lag"],
    );
    let lags: HashMap<&str, i64> = doc["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| (g["group"].as_str().unwrap(), g["lag"].as_i64().unwrap()))
        .collect();
    assert_eq!(
        lags.len(),
        2,
        "only the groups with offsets on the topic: {lags:?}"
    );
    assert_eq!(lags[g1.as_str()], 2);
    assert_eq!(lags[g2.as_str()], 0);
}

#[test]
fn watch_in_a_pipe_prints_one_line_per_group() {
    let b = require_broker!();
    let topic = unique("lag-watch");
    create_topic(&b, &topic, 1, &[]);
    produce(&b, &topic, 0, 5, |_| None);
    let group = unique("g-watch");
    commit(&b, &group, &[(&topic, 0, 2)]);
    let mut child = kpipe()
        .args(["-b", &b, "lag", "-g", &group, "--watch", "200ms"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    let mut lines = Vec::new();
    for _ in 0..2 {
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        lines.push(line);
    }
    stop(&mut child);
    assert!(
        lines[0].contains(&format!("group={group} status=STOPPED state=Empty lag=3")),
        "{lines:?}"
    );
    assert!(
        lines[1].contains("consume=0.0/s produce=0.0/s eta=never"),
        "{lines:?}"
    );
}

fn stop(child: &mut Child) {
    let _ = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status();
    let _ = child.wait();
}

/// Starts `kpipe local --port 0 ARGS` and returns it with its bootstrap address.
pub fn start_local(args: &[&str]) -> (Child, String) {
    let mut child = kpipe()
        .args(["local", "--port", "0"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.as_mut().unwrap())
        .read_line(&mut line)
        .unwrap();
    (child, line.trim().to_string())
}

#[test]
fn lag_for_a_known_group_on_the_local_broker() {
    let (mut child, b) = start_local(&["--topic", "demo:2"]);
    produce(&b, "demo", 0, 10, |_| None);
    produce(&b, "demo", 1, 4, |_| None);
    commit(&b, "known", &[("demo", 0, 4), ("demo", 1, 4)]);

    let doc = run_json(&b, &["lag", "-g", "known"]);
    let p = partitions(&doc, "known");
    assert_eq!(p[&("demo".to_string(), 0)]["lag"], 6);
    assert_eq!(p[&("demo".to_string(), 1)]["lag"], 0);
    assert!(p[&("demo".to_string(), 0)]["time_lag_ms"]
        .as_i64()
        .is_some());
    assert_eq!(doc["groups"][0]["lag"], 6);
    let out = run(&b, &["lag", "-g", "known", "--max-lag", "5"]);
    assert_code(&out, 6);

    // Listing needs ListGroups, which the embedded broker lacks: said plainly.
    let out = run(&b, &["groups", "list"]);
    assert_code(&out, 1);
    let err = stderr(&out);
    assert!(err.contains("cannot list consumer groups"), "{err}");
    assert!(err.contains("embedded broker of `kpipe local`"), "{err}");
    let out = run(&b, &["lag", "--all-groups"]);
    assert_code(&out, 1);
    assert!(
        stderr(&out).contains("cannot list consumer groups"),
        "{}",
        stderr(&out)
    );
    stop(&mut child);
}

#[test]
fn unreachable_cluster_fails_fast_with_the_connection_code() {
    for args in [
        &["lag", "-g", "g"][..],
        &["groups", "list"][..],
        &["groups", "reset", "g", "--topic", "t", "--to", "earliest"][..],
    ] {
        let out = kpipe()
            .args(["-b", "127.0.0.1:1", "--timeout", "5s"])
            .args(args)
            .output()
            .unwrap();
        assert_code(&out, 3);
        assert!(
            stderr(&out).contains("cannot connect to Kafka at 127.0.0.1:1"),
            "{args:?}: {}",
            stderr(&out)
        );
    }
}
