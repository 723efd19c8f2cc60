//! Fast, deterministic fault tests on librdkafka's mock cluster, run in every CI: the
//! cluster lives in this test process (`rdkafka::mocking::MockCluster`), the kpipe
//! binary is pointed at it, faults are injected while kpipe runs, and the result is
//! checked by an independent reader (an rdkafka consumer in this process), never by
//! kpipe itself.
//!
//! Invariants (PERF_RELIABILITY.md §2.4): every record kpipe acknowledged is present
//! exactly once (idempotence is on by default); order is kept; a failed record is
//! named by its input line and the exit code says so (5); nothing is read twice or
//! skipped by a group consumer whose commits fail and are retried.

use std::collections::HashSet;
use std::io::Write;
use std::process::{Child, Output, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::mocking::MockCluster;
use rdkafka::producer::{DefaultProducerContext, FutureProducer, FutureRecord};
use rdkafka::types::RDKafkaApiKey;
use rdkafka::types::RDKafkaRespErr as E;
use rdkafka::{ClientConfig, Message, Offset, TopicPartitionList};

use crate::util::{assert_code, kpipe, stderr, stdout};

type Mock = MockCluster<'static, DefaultProducerContext>;

fn mock(brokers: i32, topic: &str, partitions: i32) -> Mock {
    let cluster = MockCluster::new(brokers).expect("mock cluster");
    cluster
        .create_topic(topic, partitions, brokers.min(3))
        .expect("mock topic");
    cluster
}

/// `kpipe produce` to the mock cluster, reading stdin; spawned so that faults can be
/// injected while it runs.
fn spawn_produce(cluster: &Mock, topic: &str, extra: &[&str]) -> Child {
    kpipe()
        .args(["-b", &cluster.bootstrap_servers(), "produce", "-t", topic])
        .args(extra)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("kpipe produce")
}

fn lines(from: usize, to: usize) -> String {
    (from..to).map(|i| format!("r{i:06}\n")).collect()
}

/// Every value in `topic`, per partition in offset order, read independently.
fn read_all(cluster: &Mock, topic: &str, partitions: i32) -> Vec<Vec<String>> {
    let consumer: BaseConsumer = ClientConfig::new()
        .set("bootstrap.servers", cluster.bootstrap_servers())
        .set("enable.auto.commit", "false")
        .set("group.id", "independent-reader")
        .create()
        .unwrap();
    let mut out = vec![Vec::new(); partitions as usize];
    for p in 0..partitions {
        let (_, high) = consumer
            .fetch_watermarks(topic, p, Duration::from_secs(10))
            .unwrap();
        if high == 0 {
            continue;
        }
        let mut tpl = TopicPartitionList::new();
        tpl.add_partition_offset(topic, p, Offset::Beginning)
            .unwrap();
        consumer.assign(&tpl).unwrap();
        let deadline = Instant::now() + Duration::from_secs(30);
        while (out[p as usize].len() as i64) < high {
            assert!(Instant::now() < deadline, "reader stuck on partition {p}");
            if let Some(Ok(m)) = consumer.poll(Duration::from_millis(200)) {
                out[p as usize]
                    .push(String::from_utf8_lossy(m.payload().unwrap_or_default()).into());
            }
        }
    }
    out
}

/// No value twice, and each partition's values in increasing order (one producer, one
/// input: per-partition order is input order).
fn assert_once_and_in_order(parts: &[Vec<String>]) -> HashSet<String> {
    let mut seen = HashSet::new();
    for (p, values) in parts.iter().enumerate() {
        for w in values.windows(2) {
            assert!(w[0] < w[1], "partition {p}: {} before {}", w[0], w[1]);
        }
        for v in values {
            assert!(seen.insert(v.clone()), "duplicate record {v}");
        }
    }
    seen
}

/// Feeds `input` in chunks, calling `fault(i)` before chunk `i`, then closes stdin.
fn feed(child: &mut Child, input: &str, chunks: usize, mut fault: impl FnMut(usize)) {
    let mut stdin = child.stdin.take().unwrap();
    let all: Vec<&str> = input.split_inclusive('\n').collect();
    let per = all.len().div_ceil(chunks);
    for (i, chunk) in all.chunks(per).enumerate() {
        fault(i);
        stdin.write_all(chunk.concat().as_bytes()).unwrap();
        stdin.flush().unwrap();
        sleep(Duration::from_millis(100));
    }
}

fn finish(child: Child) -> Output {
    child.wait_with_output().unwrap()
}

#[test]
fn mock_retriable_produce_errors_lose_and_duplicate_nothing() {
    let topic = "retriable";
    let cluster = mock(3, topic, 2);
    let n = 3000;
    let mut child = spawn_produce(&cluster, topic, &["-X", "linger.ms=5"]);
    feed(&mut child, &lines(0, n), 6, |i| {
        let errors: &[E] = match i {
            1 => &[
                E::RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION,
                E::RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS,
            ],
            2 => &[E::RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT; 3],
            3 => &[
                E::RD_KAFKA_RESP_ERR_KAFKA_STORAGE_ERROR,
                E::RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS_AFTER_APPEND,
            ],
            _ => &[],
        };
        cluster.request_errors(RDKafkaApiKey::Produce, errors);
    });
    let out = finish(child);
    assert_code(&out, 0);
    let read = assert_once_and_in_order(&read_all(&cluster, topic, 2));
    assert_eq!(read.len(), n, "every acknowledged record is there once");
}

#[test]
fn mock_broker_bounce_mid_produce_loses_nothing() {
    let topic = "bounce";
    let cluster = mock(1, topic, 1);
    let n = 2000;
    let mut child = spawn_produce(&cluster, topic, &[]);
    feed(&mut child, &lines(0, n), 8, |i| match i {
        2 => cluster.broker_down(1).unwrap(),
        5 => cluster.broker_up(1).unwrap(),
        _ => {}
    });
    let out = finish(child);
    assert_code(&out, 0);
    let parts = read_all(&cluster, topic, 1);
    let read = assert_once_and_in_order(&parts);
    assert_eq!(read.len(), n);
}

#[test]
fn mock_broker_down_past_the_delivery_timeout_names_every_failed_record() {
    let topic = "down";
    let cluster = mock(1, topic, 1);
    let n = 400;
    let mut child = spawn_produce(
        &cluster,
        topic,
        &["--delivery-timeout", "2s", "--report", "json"],
    );
    feed(&mut child, &lines(0, n), 4, |i| {
        if i == 2 {
            // Let the first half be acknowledged, then take the only broker away.
            sleep(Duration::from_millis(500));
            cluster.broker_down(1).unwrap();
        }
    });
    let out = finish(child);
    cluster.broker_up(1).unwrap();
    assert_code(&out, 5);

    // --report json: one line per record, acknowledged or failed, by input line.
    let mut acked = HashSet::new();
    let mut failed = HashSet::new();
    let mut not_written = HashSet::new();
    for line in stdout(&out).lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let l = v["line"].as_u64().unwrap() as usize;
        if v.get("offset").is_some() {
            assert!(acked.insert(l));
        } else {
            assert!(v["error"].is_string(), "{line}");
            assert!(failed.insert(l));
            match v["written"].as_str() {
                Some("no") => assert!(not_written.insert(l)),
                Some("possibly") => {}
                _ => panic!("failed, but neither not nor possibly written: {line}"),
            }
        }
    }
    assert_eq!(
        acked.len() + failed.len(),
        n,
        "every record is accounted for"
    );
    assert!(!failed.is_empty() && !acked.is_empty());
    assert!(
        failed.iter().all(|l| *l > n / 2),
        "only records sent after the broker went down failed"
    );
    let err = stderr(&out);
    assert!(
        err.contains(&format!("{} of {n}", failed.len()))
            || err.contains(&failed.len().to_string()),
        "stderr counts the failures: {err}"
    );

    // The acknowledged ones are all there, once; nothing else but possibly-persisted
    // records sent just before the broker went down.
    let read = assert_once_and_in_order(&read_all(&cluster, topic, 1));
    for l in &acked {
        assert!(
            read.contains(&format!("r{:06}", l - 1)),
            "acked line {l} is missing"
        );
    }
    for l in &not_written {
        assert!(
            !read.contains(&format!("r{:06}", l - 1)),
            "line {l} was reported not written but is in the topic"
        );
    }
    assert!(read.len() >= acked.len());
}

#[test]
fn mock_slow_broker_beyond_the_request_timeout_duplicates_nothing() {
    let topic = "slow";
    let cluster = mock(1, topic, 1);
    let n = 600;
    let mut child = spawn_produce(
        &cluster,
        topic,
        &[
            "-X",
            "request.timeout.ms=1000",
            "-X",
            "socket.timeout.ms=1000",
        ],
    );
    feed(&mut child, &lines(0, n), 6, |i| match i {
        2 => cluster
            .broker_round_trip_time(1, Duration::from_millis(1500))
            .unwrap(),
        4 => {
            sleep(Duration::from_secs(2));
            cluster.broker_round_trip_time(1, Duration::ZERO).unwrap()
        }
        _ => {}
    });
    let out = finish(child);
    assert_code(&out, 0);
    let read = assert_once_and_in_order(&read_all(&cluster, topic, 1));
    assert_eq!(read.len(), n);
}

#[test]
fn mock_permanent_produce_error_fails_with_the_record_named() {
    let topic = "permanent";
    let cluster = mock(1, topic, 1);
    cluster.request_errors(
        RDKafkaApiKey::Produce,
        &[E::RD_KAFKA_RESP_ERR_INVALID_RECORD; 50],
    );
    let out = kpipe()
        .args(["-b", &cluster.bootstrap_servers(), "produce", "-t", topic])
        .write_stdin_lines(3);
    assert_code(&out, 5);
    let err = stderr(&out);
    assert!(err.contains("3 of 3 record(s) were not delivered"), "{err}");
    assert!(
        err.contains("<stdin>:1-3: Broker: Broker failed to validate record"),
        "{err}"
    );
}

/// A group consumer whose offset commits fail (retriable) and whose coordinator moves
/// still writes every record once and commits exactly what it wrote.
#[test]
fn mock_group_consume_with_failing_commits_skips_and_repeats_nothing() {
    let topic = "commits";
    let cluster = mock(3, topic, 3);
    let n: usize = 300;
    let producer: FutureProducer = ClientConfig::new()
        .set("bootstrap.servers", cluster.bootstrap_servers())
        .create()
        .unwrap();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        for i in 0..n {
            let v = format!("r{i:06}");
            producer
                .send(
                    FutureRecord::<(), _>::to(topic)
                        .payload(&v)
                        .partition((i % 3) as i32),
                    Duration::from_secs(10),
                )
                .await
                .unwrap();
        }
    });
    cluster.request_errors(
        RDKafkaApiKey::OffsetCommit,
        &[
            E::RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE,
            E::RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT,
            E::RD_KAFKA_RESP_ERR_COORDINATOR_LOAD_IN_PROGRESS,
        ],
    );
    let consume = |count: usize| {
        kpipe()
            .args(["-b", &cluster.bootstrap_servers(), "consume", "-t", topic])
            .args(["-g", "g1", "-c", &count.to_string()])
            .args(["--timeout", "20s"])
            // A member that does not leave the group on exit makes the next run's
            // join wait a whole session timeout (45 s by default); keep it short.
            .args([
                "-X",
                "session.timeout.ms=6000",
                "-X",
                "heartbeat.interval.ms=500",
            ])
            .output()
            .unwrap()
    };
    let t0 = Instant::now();
    let first = consume(100);
    assert_code(&first, 0);
    eprintln!("first run: {:?}", t0.elapsed());
    let second = consume(n - 100);
    assert_code(&second, 0);
    eprintln!("both runs: {:?}", t0.elapsed());
    let mut all: Vec<String> = stdout(&first).lines().map(String::from).collect();
    all.extend(stdout(&second).lines().map(String::from));
    assert_eq!(all.len(), n);
    let unique: HashSet<&String> = all.iter().collect();
    assert_eq!(unique.len(), n, "no record twice across the two runs");
}

trait WriteStdin {
    fn write_stdin_lines(&mut self, n: usize) -> Output;
}

impl WriteStdin for std::process::Command {
    fn write_stdin_lines(&mut self, n: usize) -> Output {
        let mut child = self
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(lines(0, n).as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    }
}

/// NOT_ENOUGH_REPLICAS (ISR below min.insync.replicas) is retried until the delivery
/// timeout, then every record is reported failed, by line, with exit code 5: named
/// with librdkafka's final "Message timed out", the broker error it was retried on,
/// and as not written (the broker refused it).
#[test]
fn mock_not_enough_replicas_is_reported_not_dropped() {
    let topic = "isr";
    let cluster = mock(3, topic, 1);
    cluster.request_errors(
        RDKafkaApiKey::Produce,
        &[E::RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS; 1000],
    );
    let out = kpipe()
        .args(["-b", &cluster.bootstrap_servers(), "produce", "-t", topic])
        .args(["--delivery-timeout", "2s", "-X", "retry.backoff.ms=50"])
        .write_stdin_lines(20);
    assert_code(&out, 5);
    let err = stderr(&out);
    assert!(
        err.contains("20 of 20 record(s) were not delivered"),
        "{err}"
    );
    assert!(
        err.contains(
            "<stdin>:1-20: Local: Message timed out (last error: Broker: Not enough in-sync replicas; not written)"
        ),
        "{err}"
    );
    assert!(err.contains("(none of them written)"), "{err}");
    assert!(err.contains("hint: fewer in-sync replicas"), "{err}");
    cluster.clear_request_errors(RDKafkaApiKey::Produce);
    let read = read_all(&cluster, topic, 1);
    assert!(read[0].is_empty(), "nothing was written: {:?}", read[0]);
}
