//! Fault tests against real Kafka brokers (PERF_RELIABILITY.md §2.4), each on a private
//! cluster started here with `scripts/kafka` (its own directory and ports) and removed
//! when the test ends, even when it fails. They run one at a time, and only where the
//! real-broker harness runs (`KPIPE_TEST_BROKERS`, i.e. `scripts/test` and CI).
//! Results are checked with kcat, an independent reader, never with kpipe itself.
//! Longer soaks and more kills: `scripts/chaos`.
//!
//! The private clusters take ports from `KPIPE_FAULT_PORT` (default 24500) up to 100
//! above it, so that two checkouts can run these tests side by side. The default lies
//! below Linux's ephemeral range (32768–60999): a port in that range can be taken, between
//! the free-port check and the broker's bind, by any outgoing connection on the machine,
//! and the node then exits at start-up.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Write;
use std::path::PathBuf;
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Mutex, MutexGuard};
use std::thread::sleep;
use std::time::{Duration, Instant};

use crate::require_broker;
use crate::util::{assert_code, create_topic, kafka_script, kcat, kpipe, stderr, stdout, unique};

/// One fault test at a time: they start JVMs and kill brokers.
fn serial() -> MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    LOCK.lock().unwrap_or_else(|e| e.into_inner())
}

/// A private cluster, removed on drop.
struct Cluster {
    dir: PathBuf,
    brokers: String,
}

/// The first port of the fault tests' clusters.
fn port_base() -> u16 {
    std::env::var("KPIPE_FAULT_PORT")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(24500)
}

impl Cluster {
    /// `brokers` nodes, combined broker+controllers unless `controllers` > 0 (then nodes
    /// `brokers + 1 ..` run the KRaft quorum alone), from port `port_base() + offset`.
    fn up(brokers: usize, controllers: usize, offset: u16) -> Cluster {
        let port = port_base() + offset;
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("target")
            .join(format!("kafka-fault-{port}"));
        let mut cluster = Cluster {
            dir,
            brokers: String::new(),
        };
        // A leftover from an interrupted run is removed first.
        let _ = cluster.script(&["down"]);
        let out = Command::new("bash")
            .arg(kafka_script())
            .args(["up", "--brokers", &brokers.to_string()])
            .args(["--controllers", &controllers.to_string()])
            .env("KPIPE_KAFKA_DIR", &cluster.dir)
            .env("KPIPE_KAFKA_PORT", port.to_string())
            .output()
            .unwrap();
        assert_code(&out, 0);
        cluster.brokers = stdout(&out).lines().last().unwrap().to_string();
        cluster
    }

    fn script(&self, args: &[&str]) -> Output {
        Command::new("bash")
            .arg(kafka_script())
            .args(args)
            .env("KPIPE_KAFKA_DIR", &self.dir)
            .output()
            .unwrap()
    }

    fn signal(&self, node: usize, signal: &str) {
        let out = self.script(&["kill", "--signal", signal, &node.to_string()]);
        assert_code(&out, 0);
    }

    fn start(&self, node: usize) {
        let out = self.script(&["start", &node.to_string()]);
        assert_code(&out, 0);
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = self.script(&["down"]);
    }
}

fn lines(from: usize, to: usize) -> Vec<String> {
    (from..to).map(|i| format!("r{i:07}\n")).collect()
}

/// Writes `input` to the child's stdin in `chunks`, calling `fault(i)` before chunk i.
fn feed(child: &mut Child, input: &[String], chunks: usize, mut fault: impl FnMut(usize)) {
    let mut stdin = child.stdin.take().unwrap();
    let per = input.len().div_ceil(chunks);
    for (i, chunk) in input.chunks(per).enumerate() {
        fault(i);
        stdin.write_all(chunk.concat().as_bytes()).unwrap();
        stdin.flush().unwrap();
        sleep(Duration::from_millis(150));
    }
}

fn spawn_produce(brokers: &str, topic: &str, extra: &[&str]) -> Child {
    kpipe()
        .args(["-b", brokers, "produce", "-t", topic, "--report", "json"])
        .args(extra)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// A record `--report json` reported failed.
#[derive(Debug)]
struct Failed {
    /// librdkafka's final error.
    error: String,
    /// The error its partition was last retried on.
    last_error: Option<String>,
    /// `no`, `possibly`, `yes` or `aborted`.
    written: String,
}

/// `--report json`: input lines acknowledged, and failed.
fn report(out: &Output) -> (HashSet<usize>, HashMap<usize, Failed>) {
    let mut acked = HashSet::new();
    let mut failed = HashMap::new();
    for line in stdout(out).lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let l = v["line"].as_u64().unwrap() as usize;
        match v["error"].as_str() {
            Some(e) => {
                let f = Failed {
                    error: e.to_string(),
                    last_error: v["last_error"].as_str().map(String::from),
                    written: v["written"].as_str().unwrap_or_default().to_string(),
                };
                assert!(
                    matches!(f.written.as_str(), "no" | "possibly" | "yes"),
                    "{line}"
                );
                assert!(failed.insert(l, f).is_none());
            }
            None => assert!(acked.insert(l)),
        }
    }
    (acked, failed)
}

/// Records reported "not written" must not be in the topic (`read`), and the exit
/// message counts the possibly written ones. Returns (not written, possibly written).
fn assert_not_written_absent(
    failed: &HashMap<usize, Failed>,
    input: &[String],
    read: &HashSet<String>,
    stderr_text: &str,
) -> (usize, usize) {
    let mut no = 0;
    let mut possibly = 0;
    for (l, f) in failed {
        let value = input[l - 1].trim_end();
        match f.written.as_str() {
            "no" => {
                no += 1;
                assert!(
                    !read.contains(value),
                    "line {l} was reported not written ({}), but {value} is in the topic",
                    f.error
                );
            }
            "possibly" => possibly += 1,
            other => panic!("line {l}: written {other}"),
        }
    }
    if possibly > 0 {
        assert!(
            stderr_text.contains(&format!(
                "({} possibly written: check before re-sending)",
                grouped(possibly)
            )),
            "{stderr_text}"
        );
    } else {
        assert!(
            stderr_text.contains("(none of them written)"),
            "{stderr_text}"
        );
    }
    (no, possibly)
}

/// Every record of `topic` by (partition, offset), read with kcat.
fn read_topic(brokers: &str, topic: &str) -> Vec<(i32, i64, String)> {
    let out = kcat(brokers)
        .args(["-C", "-t", topic, "-o", "beginning", "-e", "-q"])
        .args(["-f", "%p %o %s\n"])
        .output()
        .unwrap();
    assert_code(&out, 0);
    parse_records(&stdout(&out))
}

fn parse_records(text: &str) -> Vec<(i32, i64, String)> {
    text.lines()
        .map(|l| {
            let mut it = l.splitn(3, ' ');
            (
                it.next().unwrap().parse().unwrap(),
                it.next().unwrap().parse().unwrap(),
                it.next().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

/// I2 + I4: no value twice; per partition, values increase with offsets.
fn assert_once_in_order(records: &[(i32, i64, String)]) -> HashSet<String> {
    let mut seen = HashSet::new();
    let mut last: HashMap<i32, &str> = HashMap::new();
    for (p, o, v) in records {
        assert!(seen.insert(v.clone()), "duplicate {v} at {p}/{o}");
        if let Some(prev) = last.insert(*p, v) {
            assert!(prev < v.as_str(), "partition {p}: {prev} before {v}");
        }
    }
    seen
}

/// S2: a single broker SIGKILLed mid-produce. Restarted within the delivery timeout,
/// nothing is lost or duplicated and kpipe exits 0; kept down past it, the records
/// that could not be delivered are reported by input line with exit code 5, every
/// acknowledged record is still there exactly once, and no record reported "not
/// written" is.
#[test]
fn broker_sigkill_mid_produce_loses_and_duplicates_nothing() {
    let _ = require_broker!();
    let _serial = serial();
    let cluster = Cluster::up(1, 0, 0);
    let b = cluster.brokers.clone();

    // Restarted in time.
    let topic = unique("fault-kill");
    create_topic(&b, &topic, 2, &[]);
    let n = 6000;
    let input = lines(0, n);
    let mut child = spawn_produce(&b, &topic, &["-X", "linger.ms=5"]);
    feed(&mut child, &input, 12, |i| {
        if i == 4 {
            cluster.signal(1, "KILL");
        }
        if i == 7 {
            cluster.start(1);
        }
    });
    let out = child.wait_with_output().unwrap();
    assert_code(&out, 0);
    let (acked, failed) = report(&out);
    assert_eq!((acked.len(), failed.len()), (n, 0));
    let read = assert_once_in_order(&read_topic(&b, &topic));
    assert_eq!(read.len(), n, "all {n} acknowledged records, once each");
    eprintln!(
        "restart in time: {n} records, {} read, loss 0, dup 0",
        read.len()
    );

    // Down past --delivery-timeout.
    let topic = unique("fault-kill-long");
    create_topic(&b, &topic, 1, &[]);
    let n = 2000;
    let input = lines(0, n);
    let mut child = spawn_produce(&b, &topic, &["--delivery-timeout", "4s"]);
    feed(&mut child, &input, 4, |i| {
        if i == 2 {
            sleep(Duration::from_secs(1));
            cluster.signal(1, "KILL");
        }
    });
    let out = child.wait_with_output().unwrap();
    assert_code(&out, 5);
    let (acked, failed) = report(&out);
    assert_eq!(acked.len() + failed.len(), n, "every record accounted for");
    assert!(!failed.is_empty());
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "{} of {} record(s) were not delivered",
            grouped(failed.len()),
            grouped(n)
        )),
        "{err}"
    );
    assert!(
        err.contains("<stdin>:"),
        "failed records named by line: {err}"
    );
    cluster.start(1);
    let read = assert_once_in_order(&read_topic(&b, &topic));
    for l in &acked {
        assert!(
            read.contains(input[l - 1].trim_end()),
            "acked line {l} lost"
        );
    }
    let never: Vec<_> = read
        .iter()
        .filter(|v| !input.iter().any(|i| i.trim_end() == v.as_str()))
        .collect();
    assert!(never.is_empty(), "records kpipe never sent: {never:?}");
    let (no, possibly) = assert_not_written_absent(&failed, &input, &read, &err);
    eprintln!(
        "down past timeout: {n} records, {} acked, {} failed (exit 5: {no} not written, none of them in the topic; {possibly} possibly written), {} read, loss 0, dup 0",
        acked.len(),
        failed.len(),
        read.len()
    );
}

/// S4: the broker paused (SIGSTOP) longer than the request timeout, during produce and
/// during consume: retries are invisible, nothing is duplicated, nothing skipped. Then
/// paused past the delivery timeout: the records time out and are reported (exit 5);
/// those that were in flight may be written once the broker resumes ("possibly
/// written"), but none reported "not written" ever shows up.
#[test]
fn broker_paused_past_the_request_timeout() {
    let _ = require_broker!();
    let _serial = serial();
    let cluster = Cluster::up(1, 0, 20);
    let b = cluster.brokers.clone();
    let topic = unique("fault-pause");
    create_topic(&b, &topic, 1, &[]);
    let n = 3000;
    let input = lines(0, n);
    let timeouts = [
        "-X",
        "request.timeout.ms=2000",
        "-X",
        "socket.timeout.ms=2000",
    ];
    let mut child = spawn_produce(&b, &topic, &timeouts);
    feed(&mut child, &input, 6, |i| {
        if i == 2 {
            cluster.signal(1, "STOP");
        }
        if i == 3 {
            sleep(Duration::from_secs(4));
            cluster.signal(1, "CONT");
        }
    });
    let out = child.wait_with_output().unwrap();
    assert_code(&out, 0);
    let read = assert_once_in_order(&read_topic(&b, &topic));
    assert_eq!(read.len(), n);

    // Consume through a pause: every record once, in order.
    let mut consumer = kpipe()
        .args(["-b", &b, "consume", "-t", &topic, "-g", "pause-group"])
        .args(["-f", "%p %o %s\n", "-c", &n.to_string()])
        .args(timeouts)
        .args(["-X", "session.timeout.ms=30000"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    sleep(Duration::from_millis(300));
    cluster.signal(1, "STOP");
    sleep(Duration::from_secs(4));
    cluster.signal(1, "CONT");
    let deadline = Instant::now() + Duration::from_secs(60);
    while consumer.try_wait().unwrap().is_none() {
        assert!(
            Instant::now() < deadline,
            "consume did not finish after the pause"
        );
        sleep(Duration::from_millis(100));
    }
    let out = consumer.wait_with_output().unwrap();
    assert_code(&out, 0);
    let got = parse_records(&stdout(&out));
    let offsets: Vec<i64> = got.iter().map(|r| r.1).collect();
    assert_eq!(
        offsets,
        (0..n as i64).collect::<Vec<_>>(),
        "no gap, no repeat"
    );

    // Paused past the delivery timeout.
    let topic = unique("fault-pause-long");
    create_topic(&b, &topic, 1, &[]);
    let n = 1500;
    let input = lines(0, n);
    let mut child = spawn_produce(
        &b,
        &topic,
        &[&timeouts[..], &["--delivery-timeout", "3s"]].concat(),
    );
    feed(&mut child, &input, 3, |i| {
        if i == 2 {
            sleep(Duration::from_millis(500));
            cluster.signal(1, "STOP");
        }
    });
    let out = child.wait_with_output().unwrap();
    cluster.signal(1, "CONT");
    assert_code(&out, 5);
    let (acked, failed) = report(&out);
    assert_eq!(acked.len() + failed.len(), n, "every record accounted for");
    assert!(!failed.is_empty());
    // A record acknowledged after the broker resumed: it is serving again (and has
    // appended what it had received before it stopped, on the same partition).
    let sentinel = crate::util::run_with_input(
        kcat(&b).args(["-P", "-t", &topic, "-X", "acks=all"]),
        b"sentinel\n",
    );
    assert_code(&sentinel, 0);
    let records = read_topic(&b, &topic);
    let values: Vec<(i32, i64, String)> =
        records.into_iter().filter(|r| r.2 != "sentinel").collect();
    let read = assert_once_in_order(&values);
    for l in &acked {
        assert!(
            read.contains(input[l - 1].trim_end()),
            "acked line {l} lost"
        );
    }
    let (no, possibly) = assert_not_written_absent(&failed, &input, &read, &stderr(&out));
    eprintln!(
        "paused past the delivery timeout: {n} records, {} acked, {} failed ({no} not written, none in the topic; {possibly} possibly written, {} of all failed found in the topic)",
        acked.len(),
        failed.len(),
        failed
            .keys()
            .filter(|l| read.contains(input[*l - 1].trim_end()))
            .count()
    );
}

/// A tiny deterministic generator (no extra dependency) for kill points.
fn next_rand(state: &mut u64) -> u64 {
    *state = state
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    *state >> 33
}

/// Runs `kpipe consume -g` behind a slow reader (a downstream that takes ~50 KB/s,
/// so that kpipe blocks on stdout like in a real pipeline) and SIGKILLs it at a random
/// point once it has written something, `kills` times; then drains the rest with
/// `-e`. Returns each run's (partition, offset, value) lines as the reader got them.
fn consume_with_kills(
    b: &str,
    topic: &str,
    group: &str,
    commit: &str,
    kills: usize,
    seed: &mut u64,
) -> Vec<Vec<(i32, i64, String)>> {
    use std::io::Read;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    let mut runs = Vec::new();
    for i in 0..=kills {
        let mut cmd = kpipe();
        cmd.args([
            "-b", b, "consume", "-t", topic, "-g", group, "--commit", commit,
        ])
        .args(["-f", "%p %o %s\n"])
        .args([
            "-X",
            "session.timeout.ms=6000",
            "-X",
            "heartbeat.interval.ms=500",
        ])
        // Small fetches: a kill lands between many batches. With --commit after,
        // librdkafka commits the offsets kpipe stored (after writing) every second.
        .args(["-X", "max.partition.fetch.bytes=8192"])
        .args(["-X", "auto.commit.interval.ms=1000"]);
        if i == kills {
            let out = cmd.arg("-e").output().unwrap();
            assert_code(&out, 0);
            runs.push(parse_records(&stdout(&out)));
            break;
        }
        let mut child = cmd
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut pipe = child.stdout.take().unwrap();
        let got = Arc::new(AtomicUsize::new(0));
        let reader = {
            let got = Arc::clone(&got);
            std::thread::spawn(move || {
                let mut all = Vec::new();
                let mut buf = [0u8; 512];
                while let Ok(n) = pipe.read(&mut buf) {
                    if n == 0 {
                        break;
                    }
                    all.extend_from_slice(&buf[..n]);
                    got.fetch_add(n, Ordering::Relaxed);
                    sleep(Duration::from_millis(10));
                }
                all
            })
        };
        let deadline = Instant::now() + Duration::from_secs(40);
        while got.load(Ordering::Relaxed) == 0 {
            assert!(Instant::now() < deadline, "run {i} wrote nothing in 40 s");
            assert!(
                child.try_wait().unwrap().is_none(),
                "kpipe consume exited before it was killed"
            );
            sleep(Duration::from_millis(50));
        }
        sleep(Duration::from_millis(1500 + next_rand(seed) % 2500));
        child.kill().unwrap();
        child.wait().unwrap();
        let text = String::from_utf8(reader.join().unwrap()).unwrap();
        // A kill can cut the last line short; that line was not complete on stdout.
        let complete = &text[..text.rfind('\n').map_or(0, |i| i + 1)];
        runs.push(parse_records(complete));
    }
    runs
}

/// S6: group consume SIGKILLed at random points 5 times, restarted each time.
/// `--commit after`: the union holds every record, each run continues at or before
/// where the last one stopped (no skip), and duplicates are only records written but
/// not yet committed when kpipe died. `--commit before`: no record twice.
#[test]
fn group_consume_sigkilled_five_times_keeps_every_record() {
    let _ = require_broker!();
    let _serial = serial();
    let cluster = Cluster::up(1, 0, 40);
    let b = cluster.brokers.clone();
    let topic = unique("fault-group");
    create_topic(&b, &topic, 3, &[]);
    let n = 80_000;
    let out = crate::util::run_with_input(
        kcat(&b).args(["-P", "-t", &topic, "-X", "linger.ms=20"]),
        lines(0, n).concat().as_bytes(),
    );
    assert_code(&out, 0);
    let mut seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64;
    eprintln!("kill-point seed {seed}");

    // --commit after: at-least-once.
    let runs = consume_with_kills(&b, &topic, "g-after", "after", 5, &mut seed);
    let mut count: BTreeMap<(i32, i64), usize> = BTreeMap::new();
    for run in &runs {
        // Within one run, a partition's offsets are contiguous and increasing.
        let mut last: HashMap<i32, i64> = HashMap::new();
        for (p, o, _) in run {
            if let Some(prev) = last.insert(*p, *o) {
                assert_eq!(*o, prev + 1, "gap or rewind in one run on partition {p}");
            }
            *count.entry((*p, *o)).or_default() += 1;
        }
    }
    assert_eq!(count.len(), n, "the union holds every record");
    assert!(
        runs[..5].iter().all(|r| !r.is_empty()),
        "every killed run wrote records"
    );
    let killed: usize = runs[..5].iter().map(Vec::len).sum();
    let dups: usize = count.values().map(|c| c - 1).sum();
    // A restart resumes at the committed offset, which is never past what was written.
    for w in runs.windows(2) {
        let mut end: HashMap<i32, i64> = HashMap::new();
        for (p, o, _) in &w[0] {
            end.insert(*p, *o);
        }
        let mut start: HashMap<i32, i64> = HashMap::new();
        for (p, o, _) in &w[1] {
            start.entry(*p).or_insert(*o);
        }
        for (p, s) in start {
            if let Some(e) = end.get(&p) {
                assert!(
                    s <= e + 1,
                    "partition {p}: restarted at {s}, past {e} + 1 (skip)"
                );
            }
        }
    }
    // Commits made progress: only what was written since the last commit repeats.
    assert!(
        dups < killed,
        "{dups} duplicates of {killed} records written before kills"
    );
    eprintln!(
        "--commit after: 5 kills, {} records written over {} runs ({:?} per run), loss 0, {dups} duplicates (uncommitted at kill)",
        count.values().sum::<usize>(),
        runs.len(),
        runs.iter().map(Vec::len).collect::<Vec<_>>()
    );

    // --commit before: at-most-once, never twice.
    let runs = consume_with_kills(&b, &topic, "g-before", "before", 5, &mut seed);
    assert!(runs[..5].iter().all(|r| !r.is_empty()));
    let mut seen = HashSet::new();
    for run in &runs {
        for (p, o, _) in run {
            assert!(
                seen.insert((*p, *o)),
                "{p}/{o} written twice with --commit before"
            );
        }
    }
    eprintln!(
        "--commit before: 5 kills, {} of {n} written, 0 duplicates, {} lost (committed, unwritten at kill)",
        seen.len(),
        n - seen.len()
    );
}

/// (leader, in-sync replica count) per partition of `topic`, from kcat's metadata.
fn partition_states(b: &str, topic: &str) -> Vec<(i32, usize)> {
    let out = kcat(b).args(["-L", "-t", topic]).output().unwrap();
    stdout(&out)
        .lines()
        .filter_map(|l| {
            let rest = l.trim().strip_prefix("partition ")?;
            let leader = rest.split("leader ").nth(1)?.split(',').next()?;
            let isrs = rest.split("isrs: ").nth(1)?;
            let isr = isrs.split(',').filter(|r| !r.trim().is_empty()).count();
            Some((leader.trim().parse().ok()?, isr))
        })
        .collect()
}

/// Waits until every partition of `topic` has a leader and `isr` in-sync replicas.
fn wait_isr(b: &str, topic: &str, isr: usize) -> i32 {
    let deadline = Instant::now() + Duration::from_secs(90);
    loop {
        let states = partition_states(b, topic);
        if !states.is_empty() && states.iter().all(|(l, n)| *l > 0 && *n == isr) {
            return states[0].0;
        }
        assert!(
            Instant::now() < deadline,
            "{topic}: partitions did not reach {isr} in-sync replica(s): {states:?}"
        );
        sleep(Duration::from_millis(250));
    }
}

/// Item 2 of #9 (ReplicationTest `hard_bounce`): 3 brokers and a dedicated KRaft
/// controller, a topic with RF=3 and min.insync.replicas=2. The leader is SIGKILLed
/// mid-produce: leadership moves, nothing is lost or written twice, exit 0. Then a
/// second broker is killed: the controller (alive, on its own node) shrinks the ISR to
/// the one broker left, so acks=all cannot be met and the broker answers
/// NOT_ENOUGH_REPLICAS; librdkafka retries until the delivery timeout, and every record
/// is reported failed by line, named with that broker error and as not written, exit
/// 5. After both brokers are restored, producing works again, every acknowledged
/// record is there exactly once, and none of the failed ones is.
///
/// (With combined broker+controller nodes, killing two of three also loses the KRaft
/// quorum: the ISR can no longer shrink, the leader waits for followers that never
/// come, and the records time out in flight instead, "possibly written".)
#[test]
fn three_brokers_leader_killed_then_a_second_one() {
    let _ = require_broker!();
    let _serial = serial();
    let cluster = Cluster::up(3, 1, 60);
    let b = cluster.brokers.clone();
    let topic = unique("fault-rf3");
    let out = Command::new("bash")
        .arg(kafka_script())
        .args([
            "tool",
            "topics",
            "--bootstrap-server",
            &b,
            "--create",
            "--topic",
            &topic,
        ])
        .args(["--partitions", "1", "--replication-factor", "3"])
        .args(["--config", "min.insync.replicas=2"])
        .env("KPIPE_KAFKA_DIR", &cluster.dir)
        .output()
        .unwrap();
    assert_code(&out, 0);
    let leader = wait_isr(&b, &topic, 3) as usize;

    // The leader dies mid-produce.
    let n = 4000;
    let input = lines(0, n);
    let mut child = spawn_produce(&b, &topic, &[]);
    feed(&mut child, &input, 8, |i| {
        if i == 3 {
            cluster.signal(leader, "KILL");
        }
    });
    let out = child.wait_with_output().unwrap();
    assert_code(&out, 0);
    let (acked, _) = report(&out);
    assert_eq!(acked.len(), n);

    // A second broker dies: one in-sync replica is left, fewer than min.insync.replicas.
    let new_leader = wait_isr(&b, &topic, 2) as usize;
    assert_ne!(new_leader, leader);
    let second = (1..=3).find(|x| *x != leader).unwrap();
    cluster.signal(second, "KILL");
    wait_isr(&b, &topic, 1);
    let more = lines(n, n + 500);
    let mut child = spawn_produce(&b, &topic, &["--delivery-timeout", "6s"]);
    feed(&mut child, &more, 2, |_| {});
    let out = child.wait_with_output().unwrap();
    assert_code(&out, 5);
    let (acked2, failed) = report(&out);
    assert!(
        acked2.is_empty(),
        "acknowledged with 1 of 3 replicas: {acked2:?}"
    );
    assert_eq!(failed.len(), more.len(), "every record reported");
    for (l, f) in &failed {
        assert_eq!(
            f.last_error.as_deref(),
            Some("Broker: Not enough in-sync replicas"),
            "line {l}: {f:?}"
        );
        assert_eq!(f.written, "no", "line {l}: {f:?}");
    }
    let err = stderr(&out);
    assert!(
        err.contains("500 of 500 record(s) were not delivered (none of them written):"),
        "{err}"
    );
    assert!(
        err.contains(
            "<stdin>:1-500: Local: Message timed out (last error: Broker: Not enough in-sync replicas; not written)"
        ),
        "{err}"
    );

    // Restore: both brokers back in sync, and producing works again.
    cluster.start(leader);
    cluster.start(second);
    wait_isr(&b, &topic, 3);
    let last = lines(n + 500, n + 1000);
    let mut child = spawn_produce(&b, &topic, &[]);
    feed(&mut child, &last, 2, |_| {});
    let out = child.wait_with_output().unwrap();
    assert_code(&out, 0);
    let (acked3, failed3) = report(&out);
    assert_eq!((acked3.len(), failed3.len()), (last.len(), 0));

    let read = assert_once_in_order(&read_topic(&b, &topic));
    for v in input.iter().chain(&last).map(|l| l.trim_end()) {
        assert!(read.contains(v), "acknowledged {v} is missing");
    }
    assert_not_written_absent(&failed, &more, &read, &err);
    assert_eq!(read.len(), n + last.len(), "nothing else is in the topic");
    eprintln!(
        "rf3 + dedicated controller: {n} records through a leader kill (loss 0, dup 0); with 1 of 3 replicas in sync all {} failed with NOT_ENOUGH_REPLICAS, not written, none in the topic; {} more after restore; {} read",
        failed.len(),
        last.len(),
        read.len()
    );
}

/// S11 / OffsetValidationTest `test_consumer_failure`: two members of one group share
/// a topic; one is SIGKILLed mid-stream. Its partitions move to the other member, which
/// goes on from the committed offsets: no record is skipped (duplicates are allowed
/// only for what the dead member wrote after its last commit).
#[test]
fn group_member_killed_hands_its_partitions_over_without_a_gap() {
    use std::io::Read;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    let _ = require_broker!();
    let _serial = serial();
    let cluster = Cluster::up(1, 0, 80);
    let b = cluster.brokers.clone();
    let topic = unique("fault-members");
    create_topic(&b, &topic, 4, &[]);
    let n = 40_000;
    let out = crate::util::run_with_input(
        kcat(&b).args(["-P", "-t", &topic, "-X", "linger.ms=20"]),
        lines(0, n).concat().as_bytes(),
    );
    assert_code(&out, 0);

    let member = |idle: bool| {
        let mut cmd = kpipe();
        cmd.args(["-b", &b, "consume", "-t", &topic, "-g", "members"])
            .args(["-f", "%p %o %s\n"])
            .args([
                "-X",
                "session.timeout.ms=6000",
                "-X",
                "heartbeat.interval.ms=500",
            ])
            .args(["-X", "max.partition.fetch.bytes=8192"])
            .args(["-X", "auto.commit.interval.ms=1000"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        if idle {
            cmd.args(["--idle-timeout", "10s"]);
        }
        let mut child = cmd.spawn().unwrap();
        let mut pipe = child.stdout.take().unwrap();
        let got = Arc::new(AtomicUsize::new(0));
        // A slow downstream, so that both members are mid-stream when one dies.
        let reader = {
            let got = Arc::clone(&got);
            std::thread::spawn(move || {
                let mut all = Vec::new();
                let mut buf = [0u8; 512];
                while let Ok(k) = pipe.read(&mut buf) {
                    if k == 0 {
                        break;
                    }
                    all.extend_from_slice(&buf[..k]);
                    got.fetch_add(k, Ordering::Relaxed);
                    sleep(Duration::from_millis(10));
                }
                all
            })
        };
        (child, reader, got)
    };
    // The victim is reading before the survivor joins and takes some partitions.
    let (mut victim, victim_out, victim_got) = member(false);
    let deadline = Instant::now() + Duration::from_secs(40);
    while victim_got.load(Ordering::Relaxed) == 0 {
        assert!(
            Instant::now() < deadline,
            "the first member read nothing in 40 s"
        );
        sleep(Duration::from_millis(50));
    }
    let (mut survivor, survivor_out, _) = member(true);
    sleep(Duration::from_secs(5));
    victim.kill().unwrap();
    victim.wait().unwrap();
    let deadline = Instant::now() + Duration::from_secs(120);
    while survivor.try_wait().unwrap().is_none() {
        assert!(
            Instant::now() < deadline,
            "the surviving member did not finish"
        );
        sleep(Duration::from_millis(200));
    }
    assert_eq!(survivor.wait().unwrap().code(), Some(0));
    let text = String::from_utf8(victim_out.join().unwrap()).unwrap();
    let victim_records = parse_records(&text[..text.rfind('\n').map_or(0, |i| i + 1)]);
    let survivor_records = parse_records(&String::from_utf8(survivor_out.join().unwrap()).unwrap());
    let victim_parts: HashSet<i32> = victim_records.iter().map(|r| r.0).collect();
    assert!(
        !victim_records.is_empty(),
        "the killed member had partitions"
    );
    let mut count: HashMap<(i32, i64), usize> = HashMap::new();
    for (p, o, _) in victim_records.iter().chain(&survivor_records) {
        *count.entry((*p, *o)).or_default() += 1;
    }
    assert_eq!(count.len(), n, "no record skipped");
    let dups: usize = count.values().map(|c| c - 1).sum();
    eprintln!(
        "members: victim wrote {} (partitions {victim_parts:?}), survivor {}, {dups} duplicates, 0 skipped",
        victim_records.len(),
        survivor_records.len()
    );
}

/// `1234567` as kpipe prints counts: `1,234,567`.
fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}
