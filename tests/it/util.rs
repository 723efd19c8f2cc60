//! Shared helpers: a hermetic `kpipe` command, the real broker, unique topic names,
//! and independent peers (kcat, Kafka's own tools) to cross-check kpipe against.
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use assert_cmd::cargo::CommandCargoExt;
use rdkafka::admin::{AdminClient, AdminOptions, NewTopic, TopicReplication};
use rdkafka::client::DefaultClientContext;
use rdkafka::ClientConfig;

/// `kpipe` with no user config, no `KPIPE_*` variables and no colors: tests see exactly
/// the settings they pass.
pub fn kpipe() -> Command {
    let mut cmd = Command::cargo_bin("kpipe").expect("kpipe binary");
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("KPIPE_") {
            cmd.env_remove(&key);
        }
    }
    let home = std::env::temp_dir().join("kpipe-test-home");
    cmd.env("HOME", &home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("NO_COLOR", "1")
        .env("RUST_BACKTRACE", "0")
        .stdin(Stdio::null());
    cmd
}

/// `kpipe -b <real broker> ...`, or `None` when no broker is configured (see module doc).
pub fn kpipe_real() -> Option<Command> {
    let brokers = brokers()?;
    let mut cmd = kpipe();
    cmd.args(["-b", &brokers]);
    Some(cmd)
}

/// The real broker's bootstrap address; `None` skips the test locally, panics in CI.
pub fn brokers() -> Option<String> {
    match std::env::var("KPIPE_TEST_BROKERS") {
        Ok(b) if !b.is_empty() => Some(b),
        _ => {
            assert!(
                std::env::var_os("CI").is_none(),
                "KPIPE_TEST_BROKERS is not set but CI is: the real-Kafka harness did not start"
            );
            eprintln!("skipping: KPIPE_TEST_BROKERS is not set (run scripts/test)");
            None
        }
    }
}

/// Returns early from a test when no real broker is configured.
#[macro_export]
macro_rules! require_broker {
    () => {
        match $crate::util::brokers() {
            Some(b) => b,
            None => return,
        }
    };
}

/// A topic name no other test (or earlier run) uses.
pub fn unique(prefix: &str) -> String {
    static N: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    format!(
        "{prefix}-{}-{}-{nanos}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    )
}

/// Creates a topic on the real broker with the admin API and waits until it is usable.
pub fn create_topic(brokers: &str, name: &str, partitions: i32, configs: &[(&str, &str)]) {
    let admin: AdminClient<DefaultClientContext> = ClientConfig::new()
        .set("bootstrap.servers", brokers)
        .create()
        .expect("admin client");
    let mut topic = NewTopic::new(name, partitions, TopicReplication::Fixed(1));
    for (k, v) in configs {
        topic = topic.set(k, v);
    }
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let results = rt
        .block_on(admin.create_topics(
            [&topic],
            &AdminOptions::new().operation_timeout(Some(Duration::from_secs(10))),
        ))
        .expect("create_topics");
    for r in results {
        r.unwrap_or_else(|(t, e)| panic!("creating topic {t}: {e}"));
    }
    // Metadata propagates asynchronously; wait until every partition has a leader.
    let consumer: rdkafka::consumer::BaseConsumer = ClientConfig::new()
        .set("bootstrap.servers", brokers)
        .create()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        use rdkafka::consumer::Consumer;
        if let Ok(md) = consumer.fetch_metadata(Some(name), Duration::from_secs(5)) {
            if let Some(t) = md.topics().first() {
                if t.error().is_none()
                    && t.partitions().len() == partitions as usize
                    && t.partitions().iter().all(|p| p.leader() >= 0)
                {
                    return;
                }
            }
        }
        assert!(
            Instant::now() < deadline,
            "topic {name} did not become ready"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Path of the harness script (`scripts/kafka`).
pub fn kafka_script() -> PathBuf {
    std::env::var_os("KPIPE_KAFKA_SCRIPT")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scripts/kafka"))
}

/// Runs one of Kafka's own tools (`scripts/kafka tool NAME ARGS...`).
pub fn kafka_tool(name: &str, args: &[&str]) -> Command {
    let mut cmd = Command::new("bash");
    cmd.arg(kafka_script()).arg("tool").arg(name).args(args);
    cmd
}

/// kcat against the real broker.
pub fn kcat(brokers: &str) -> Command {
    let mut cmd = Command::new("kcat");
    cmd.args(["-b", brokers, "-X", "socket.nagle.disable=true"]);
    cmd
}

/// Runs `cmd` with `input` on stdin and returns its output.
pub fn run_with_input(cmd: &mut Command, input: &[u8]) -> Output {
    use std::io::Write;
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let out = child.wait_with_output().expect("wait");
    writer.join().unwrap();
    out
}

/// Output's stdout as text.
pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Output's stderr as text.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Asserts an exit code, showing stderr on mismatch.
#[track_caller]
pub fn assert_code(out: &Output, code: i32) {
    assert_eq!(
        out.status.code(),
        Some(code),
        "unexpected exit status {:?}\nstdout:\n{}\nstderr:\n{}",
        out.status,
        stdout(out),
        stderr(out)
    );
}
