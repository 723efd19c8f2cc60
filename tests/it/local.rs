//! `kpipe local`: a real client round trip through the embedded broker, and shutdown.

use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};
use std::time::Duration;

use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::producer::{BaseProducer, BaseRecord, Producer};
use rdkafka::{ClientConfig, Message};

use crate::util::{assert_code, kpipe, run_with_input, stdout};

/// Starts `kpipe local ARGS`, returns the child and the bootstrap line it printed.
fn start_local(args: &[&str]) -> (Child, String) {
    let mut child = kpipe()
        .arg("local")
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.as_mut().unwrap())
        .read_line(&mut line)
        .unwrap();
    let bootstrap = line.trim().to_string();
    assert!(
        bootstrap.starts_with("127.0.0.1:"),
        "bootstrap line: {line:?}"
    );
    (child, bootstrap)
}

fn terminate(child: &mut Child) -> std::process::ExitStatus {
    let pid = child.id().to_string();
    std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap();
    child.wait().unwrap()
}

#[test]
fn rdkafka_round_trip_with_precreated_topic() {
    let (mut child, bootstrap) = start_local(&["--port", "0", "--topic", "demo:3"]);

    let consumer: BaseConsumer = ClientConfig::new()
        .set("bootstrap.servers", &bootstrap)
        .set("group.id", "local-test")
        .create()
        .unwrap();
    let md = consumer
        .fetch_metadata(Some("demo"), Duration::from_secs(5))
        .unwrap();
    assert_eq!(md.topics()[0].partitions().len(), 3);

    let producer: BaseProducer = ClientConfig::new()
        .set("bootstrap.servers", &bootstrap)
        .create()
        .unwrap();
    for i in 0..3 {
        let payload = format!("v{i}");
        producer
            .send(
                BaseRecord::to("demo")
                    .partition(i)
                    .key("k")
                    .payload(&payload),
            )
            .map_err(|(e, _)| e)
            .unwrap();
    }
    producer.flush(Duration::from_secs(5)).unwrap();

    let mut tpl = rdkafka::TopicPartitionList::new();
    for p in 0..3 {
        tpl.add_partition_offset("demo", p, rdkafka::Offset::Beginning)
            .unwrap();
    }
    consumer.assign(&tpl).unwrap();
    let mut got = Vec::new();
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while got.len() < 3 && std::time::Instant::now() < deadline {
        if let Some(Ok(m)) = consumer.poll(Duration::from_millis(200)) {
            got.push((
                m.partition(),
                String::from_utf8(m.payload().unwrap().to_vec()).unwrap(),
            ));
        }
    }
    got.sort();
    assert_eq!(
        got,
        vec![(0, "v0".into()), (1, "v1".into()), (2, "v2".into())]
    );
    // Close the clients while the broker is still up (a consumer closing against a dead
    // broker waits for its session timeout).
    drop(consumer);
    drop(producer);

    let status = terminate(&mut child);
    assert_eq!(status.code(), Some(0), "clean shutdown on SIGTERM");
}

#[test]
fn kcat_round_trip() {
    let (mut child, bootstrap) = start_local(&["--port", "0", "--topic", "demo:3"]);
    let out = run_with_input(
        std::process::Command::new("kcat").args(["-P", "-b", &bootstrap, "-t", "demo", "-K", ":"]),
        b"a:1\nb:2\nc:3\n",
    );
    assert_code(&out, 0);
    let out = std::process::Command::new("kcat")
        .args([
            "-C", "-b", &bootstrap, "-t", "demo", "-e", "-q", "-f", "%k=%s\n",
        ])
        .output()
        .unwrap();
    assert_code(&out, 0);
    let mut lines: Vec<_> = stdout(&out).lines().map(str::to_string).collect();
    lines.sort();
    assert_eq!(lines, vec!["a=1", "b=2", "c=3"]);
    assert_eq!(terminate(&mut child).code(), Some(0));
}

#[test]
fn fixed_port_forwarding_advertises_the_fixed_ports() {
    // Find two free consecutive-ish ports by asking the OS, then release them.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let port_s = port.to_string();
    let (mut child, bootstrap) = start_local(&["--port", &port_s]);
    assert_eq!(bootstrap, format!("127.0.0.1:{port}"));
    let consumer: BaseConsumer = ClientConfig::new()
        .set("bootstrap.servers", &bootstrap)
        .create()
        .unwrap();
    let md = consumer
        .fetch_metadata(None, Duration::from_secs(5))
        .unwrap();
    assert_eq!(
        md.brokers()[0].port(),
        i32::from(port),
        "metadata advertises kpipe's port"
    );
    assert_eq!(terminate(&mut child).code(), Some(0));
}

#[test]
fn runs_a_command_against_the_broker_and_returns_its_status() {
    let out = kpipe()
        .args([
            "local",
            "--port",
            "0",
            "--",
            "sh",
            "-c",
            "kpipe config check --output json && exit 7",
        ])
        .output()
        .unwrap();
    assert_code(&out, 7);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["cluster_id"].as_str().unwrap().starts_with("mock"), "{v}");
}

#[test]
fn busy_port_is_a_clear_error() {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = l.local_addr().unwrap().port().to_string();
    let out = kpipe().args(["local", "--port", &port]).output().unwrap();
    assert_code(&out, 1);
    let err = crate::util::stderr(&out);
    assert!(err.contains("cannot listen on 127.0.0.1:"), "{err}");
    assert!(err.contains("--port 0"), "{err}");
}
