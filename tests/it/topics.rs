//! `kpipe topics` and `kpipe cluster` against the real broker, cross-checked with Kafka's
//! own tools (`kafka-topics`, `kafka-configs`, `kafka-get-offsets`) and kcat.

use std::process::Output;
use std::time::Duration;

use rdkafka::producer::{BaseProducer, BaseRecord, Producer};
use rdkafka::ClientConfig;
use serde_json::Value;

use crate::require_broker;
use crate::util::{
    assert_code, create_topic, kafka_tool, kcat, kpipe, kpipe_real, stderr, stdout, unique,
};

/// `kpipe -b <broker> args...`.
fn run(args: &[&str]) -> Output {
    kpipe_real()
        .expect("broker")
        .args(args)
        .output()
        .expect("run kpipe")
}

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\n{}", stdout(out), stderr(out)))
}

fn tool(name: &str, args: &[&str]) -> String {
    let out = kafka_tool(name, args).output().expect("kafka tool");
    assert_code(&out, 0);
    stdout(&out)
}

fn topic_configs(brokers: &str, topic: &str) -> String {
    tool(
        "configs",
        &[
            "--bootstrap-server",
            brokers,
            "--entity-type",
            "topics",
            "--entity-name",
            topic,
            "--describe",
        ],
    )
}

/// Produces one record per timestamp to `partition`, with those CreateTime timestamps.
fn produce_at(brokers: &str, topic: &str, partition: i32, stamps: &[i64]) {
    let producer: BaseProducer = ClientConfig::new()
        .set("bootstrap.servers", brokers)
        .create()
        .expect("producer");
    for (i, ts) in stamps.iter().enumerate() {
        let payload = format!("v{i}");
        producer
            .send(
                BaseRecord::<str, str>::to(topic)
                    .partition(partition)
                    .key("k")
                    .payload(&payload)
                    .timestamp(*ts),
            )
            .map_err(|(e, _)| e)
            .expect("enqueue");
    }
    producer.flush(Duration::from_secs(15)).expect("flush");
}

/// Deletes the records of `topic`/`partition` below `offset` (DeleteRecords).
fn delete_records_before(brokers: &str, topic: &str, partition: i32, offset: i64) {
    use rdkafka::admin::{AdminClient, AdminOptions};
    use rdkafka::client::DefaultClientContext;
    use rdkafka::{Offset, TopicPartitionList};
    let admin: AdminClient<DefaultClientContext> = ClientConfig::new()
        .set("bootstrap.servers", brokers)
        .create()
        .expect("admin client");
    let mut tpl = TopicPartitionList::new();
    tpl.add_partition_offset(topic, partition, Offset::Offset(offset))
        .unwrap();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let result = rt
        .block_on(admin.delete_records(&tpl, &AdminOptions::new()))
        .expect("delete records");
    for e in result.elements() {
        e.error().expect("delete records for the partition");
    }
}

#[test]
fn create_describe_alter_add_partitions_delete_round_trip() {
    let brokers = require_broker!();
    let topic = unique("topics-rt");

    let out = run(&[
        "topics",
        "create",
        &topic,
        "--partitions",
        "2",
        "-c",
        "max.message.bytes=200000",
        "-c",
        "retention.ms=3600000",
    ]);
    assert_code(&out, 0);
    assert!(
        stderr(&out).contains(&format!(
            "created topic '{topic}' (2 partitions, replication factor 1)"
        )),
        "{}",
        stderr(&out)
    );
    let described = tool(
        "topics",
        &[
            "--bootstrap-server",
            &brokers,
            "--describe",
            "--topic",
            &topic,
        ],
    );
    assert!(described.contains("PartitionCount: 2"), "{described}");
    assert!(described.contains("retention.ms=3600000"), "{described}");

    // Three records in partition 0 with known timestamps; partition 1 stays empty.
    // Recent timestamps: older ones could fall to the topic's one-hour retention.
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    let base = now - now % 1_000 - 60_000;
    let iso = |ms: i64| {
        humantime::format_rfc3339_millis(std::time::UNIX_EPOCH + Duration::from_millis(ms as u64))
            .to_string()
    };
    produce_at(&brokers, &topic, 0, &[base, base + 1_000, base + 2_000]);
    let out = run(&["topics", "describe", &topic, "--output", "json"]);
    assert_code(&out, 0);
    let v = json(&out);
    let t = &v["topics"][0];
    assert_eq!(t["name"], topic.as_str());
    assert_eq!(t["partition_count"], 2);
    assert_eq!(t["replication_factor"], 1);
    assert_eq!(t["records"], 3);
    assert_eq!(t["records_exact"], true);
    let p0 = &t["partitions"][0];
    assert_eq!(p0["leader"], 1, "{p0}");
    assert_eq!(p0["replicas"], serde_json::json!([1]));
    assert_eq!(p0["isr"], serde_json::json!([1]));
    assert_eq!(p0["offline"], false);
    assert_eq!(p0["under_replicated"], false);
    assert_eq!(p0["start_offset"], 0);
    assert_eq!(p0["end_offset"], 3);
    assert_eq!(p0["records"], 3);
    assert_eq!(p0["first_record"]["offset"], 0, "{p0}");
    assert_eq!(p0["first_record"]["timestamp_ms"], base);
    assert_eq!(p0["first_record"]["timestamp"], iso(base).as_str());
    assert_eq!(p0["first_record"]["timestamp_type"], "create");
    assert_eq!(p0["last_record"]["offset"], 2, "{p0}");
    assert_eq!(p0["last_record"]["timestamp_ms"], base + 2_000);
    let p1 = &t["partitions"][1];
    assert_eq!(p1["records"], 0);
    assert!(p1["first_record"].is_null() && p1["last_record"].is_null());
    let configs: Vec<(String, String)> = t["configs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            assert_eq!(c["source"], "topic", "only overrides by default: {c}");
            (
                c["name"].as_str().unwrap().to_string(),
                c["value"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(configs.contains(&("retention.ms".into(), "3600000".into())));
    assert!(configs.contains(&("max.message.bytes".into(), "200000".into())));

    // Offsets agree with Kafka's own tool.
    let offsets = tool(
        "get-offsets",
        &["--bootstrap-server", &brokers, "--topic", &topic],
    );
    assert!(offsets.contains(&format!("{topic}:0:3")), "{offsets}");
    assert!(offsets.contains(&format!("{topic}:1:0")), "{offsets}");

    // The table shows the same, plus the timestamps.
    let out = run(&["topics", "describe", &topic]);
    assert_code(&out, 0);
    let table = stdout(&out);
    for needle in [
        "records             3".to_string(),
        "retention.ms=3600000".to_string(),
        "FIRST RECORD".to_string(),
        iso(base),
        iso(base + 2_000),
    ] {
        assert!(table.contains(&needle), "{needle:?} missing:\n{table}");
    }

    // After deleting the first record, the log start offset and the first record move.
    delete_records_before(&brokers, &topic, 0, 1);
    let v = json(&run(&["topics", "describe", &topic, "--output", "json"]));
    let p0 = &v["topics"][0]["partitions"][0];
    assert_eq!(p0["start_offset"], 1, "{p0}");
    assert_eq!(p0["records"], 2, "{p0}");
    assert_eq!(p0["first_record"]["offset"], 1, "{p0}");
    assert_eq!(p0["first_record"]["timestamp_ms"], base + 1_000);

    // Incremental: changing one config keeps the other overrides.
    let out = run(&[
        "topics",
        "alter-config",
        &topic,
        "--set",
        "retention.ms=7200000",
        "--set",
        "cleanup.policy=compact",
    ]);
    assert_code(&out, 0);
    let configs = topic_configs(&brokers, &topic);
    assert!(configs.contains("retention.ms=7200000"), "{configs}");
    assert!(configs.contains("cleanup.policy=compact"), "{configs}");
    assert!(configs.contains("max.message.bytes=200000"), "{configs}");
    let out = run(&["topics", "alter-config", &topic, "--delete", "retention.ms"]);
    assert_code(&out, 0);
    let configs = topic_configs(&brokers, &topic);
    assert!(!configs.contains("retention.ms=7200000"), "{configs}");
    assert!(configs.contains("max.message.bytes=200000"), "{configs}");

    // Compaction makes the count approximate.
    let v = json(&run(&[
        "topics",
        "describe",
        &topic,
        "--no-timestamps",
        "--output",
        "json",
    ]));
    assert_eq!(v["topics"][0]["records_exact"], false);
    assert!(v["topics"][0]["partitions"][0]
        .get("first_record")
        .is_none());

    let out = run(&["topics", "add-partitions", &topic, "--to", "4"]);
    assert_code(&out, 0);
    let described = tool(
        "topics",
        &[
            "--bootstrap-server",
            &brokers,
            "--describe",
            "--topic",
            &topic,
        ],
    );
    assert!(described.contains("PartitionCount: 4"), "{described}");

    let out = run(&["topics", "delete", &topic, "--yes"]);
    assert_code(&out, 0);
    assert!(stderr(&out).contains(&format!("deleted topic '{topic}'")));
    let listed = tool("topics", &["--bootstrap-server", &brokers, "--list"]);
    assert!(!listed.lines().any(|l| l == topic), "{listed}");
}

#[test]
fn creating_an_existing_topic_fails_unless_if_not_exists() {
    let brokers = require_broker!();
    let topic = unique("topics-exists");
    create_topic(&brokers, &topic, 1, &[]);

    let out = run(&["topics", "create", &topic]);
    assert_code(&out, 1);
    let err = stderr(&out);
    assert!(
        err.contains(&format!("cannot create topic '{topic}'")) && err.contains("already exists"),
        "{err}"
    );
    assert!(err.contains("--if-not-exists"), "{err}");

    let out = run(&["topics", "create", &topic, "--if-not-exists", "-p", "3"]);
    assert_code(&out, 0);
    let err = stderr(&out);
    assert!(err.contains("already exists; left as it is"), "{err}");
    assert!(err.contains("has 1 partition, not 3"), "{err}");
}

#[test]
fn invalid_configs_show_the_brokers_message() {
    let brokers = require_broker!();
    let topic = unique("topics-badcfg");

    let out = run(&["topics", "create", &topic, "-c", "retention.ms=abc"]);
    assert_code(&out, 2);
    assert!(
        stderr(&out).contains("Invalid value abc for configuration retention.ms"),
        "{}",
        stderr(&out)
    );
    let out = run(&["topics", "create", &topic, "-c", "no.such.config=1"]);
    assert_code(&out, 2);
    assert!(stderr(&out).contains("no.such.config"), "{}", stderr(&out));
    // Nothing was created.
    let out = run(&["topics", "describe", &topic]);
    assert_code(&out, 1);

    create_topic(&brokers, &topic, 1, &[]);
    let out = run(&[
        "topics",
        "alter-config",
        &topic,
        "--set",
        "retention.ms=soon",
    ]);
    assert_code(&out, 2);
    assert!(
        stderr(&out).contains("Invalid value soon for configuration retention.ms"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn missing_topics_are_named() {
    require_broker!();
    let topic = unique("topics-missing");
    for args in [
        vec!["topics", "describe", topic.as_str()],
        vec!["topics", "delete", topic.as_str(), "--yes"],
        vec![
            "topics",
            "alter-config",
            topic.as_str(),
            "--set",
            "retention.ms=1",
        ],
        vec!["topics", "add-partitions", topic.as_str(), "--to", "2"],
    ] {
        let out = run(&args);
        assert_code(&out, 1);
        let err = stderr(&out);
        assert!(
            err.contains(&format!("topic '{topic}' not found")),
            "{args:?}: {err}"
        );
        assert!(err.contains("kpipe topics list"), "{args:?}: {err}");
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn delete_refuses_without_yes_when_stdin_is_not_a_terminal() {
    // No broker needed: the refusal comes before any connection.
    let out = kpipe()
        .args(["-b", "127.0.0.1:1", "topics", "delete", "anything"])
        .output()
        .unwrap();
    assert_code(&out, 2);
    let err = stderr(&out);
    assert!(err.contains("stdin is not a terminal"), "{err}");
    assert!(err.contains("hint: pass --yes"), "{err}");

    let Some(brokers) = crate::util::brokers() else {
        return;
    };
    let topic = unique("topics-keep");
    create_topic(&brokers, &topic, 1, &[]);
    let out = run(&["topics", "delete", &topic]);
    assert_code(&out, 2);
    let out = run(&["topics", "describe", &topic, "--no-timestamps"]);
    assert_code(&out, 0);
}

#[test]
fn add_partitions_only_grows() {
    let brokers = require_broker!();
    let topic = unique("topics-grow");
    create_topic(&brokers, &topic, 2, &[]);

    let out = run(&["topics", "add-partitions", &topic, "--to", "1"]);
    assert_code(&out, 2);
    assert!(
        stderr(&out).contains("cannot add partitions to topic"),
        "{}",
        stderr(&out)
    );
    let out = run(&["topics", "add-partitions", &topic, "--to", "2"]);
    assert_code(&out, 0);
    assert!(stderr(&out).contains("nothing to do"), "{}", stderr(&out));

    let out = run(&["topics", "add-partitions", &topic, "--to", "3", "--dry-run"]);
    assert_code(&out, 0);
    let v = json(&run(&[
        "topics",
        "list",
        "--regex",
        &format!("^{topic}$"),
        "--output",
        "json",
    ]));
    assert_eq!(
        v["topics"][0]["partition_count"], 2,
        "dry run changed it: {v}"
    );

    let out = run(&["topics", "add-partitions", &topic, "--to", "3"]);
    assert_code(&out, 0);
    let v = json(&run(&[
        "topics",
        "list",
        "--regex",
        &format!("^{topic}$"),
        "--output",
        "json",
    ]));
    assert_eq!(v["topics"][0]["partition_count"], 3, "{v}");
}

#[test]
fn create_dry_run_creates_nothing() {
    require_broker!();
    let topic = unique("topics-dry");
    let out = run(&["topics", "create", &topic, "-p", "2", "--dry-run"]);
    assert_code(&out, 0);
    assert!(stderr(&out).contains("dry run"), "{}", stderr(&out));
    let out = run(&["topics", "describe", &topic]);
    assert_code(&out, 1);
}

#[test]
fn list_filters_by_regex_and_hides_internal_topics() {
    let brokers = require_broker!();
    let prefix = unique("topics-ls");
    let a = format!("{prefix}-a");
    let b = format!("{prefix}-b");
    create_topic(&brokers, &a, 3, &[]);
    create_topic(&brokers, &b, 1, &[]);

    let out = run(&[
        "topics",
        "list",
        "--regex",
        &format!("^{prefix}"),
        "--output",
        "json",
    ]);
    assert_code(&out, 0);
    let v = json(&out);
    let names: Vec<&str> = v["topics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec![a.as_str(), b.as_str()]);
    assert_eq!(v["topics"][0]["partition_count"], 3);
    assert_eq!(v["topics"][0]["replication_factor"], 1);
    assert_eq!(v["topics"][0]["internal"], false);

    let v = json(&run(&["topics", "list", "--output", "json"]));
    assert!(
        v["topics"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| !t["name"].as_str().unwrap().starts_with("__")),
        "internal topics listed without --internal: {v}"
    );

    let out = run(&["topics", "list", "--regex", &format!("^{prefix}")]);
    let table = stdout(&out);
    assert!(
        table.contains("TOPIC") && table.contains("PARTITIONS"),
        "{table}"
    );
    assert!(
        table
            .lines()
            .any(|l| l.split_whitespace().collect::<Vec<_>>() == [a.as_str(), "3", "1", "ok"]),
        "{table}"
    );

    let out = run(&["topics", "list", "--regex", "("]);
    assert_code(&out, 2);
}

#[test]
fn cluster_matches_kcat() {
    let brokers = require_broker!();
    let out = run(&["cluster", "--output", "json"]);
    assert_code(&out, 0);
    let v = json(&out);
    assert!(
        v["cluster_id"].as_str().is_some_and(|id| !id.is_empty()),
        "{v}"
    );

    let kc = kcat(&brokers).args(["-L", "-J"]).output().unwrap();
    assert_code(&kc, 0);
    let k: Value = serde_json::from_slice(&kc.stdout).unwrap();
    let ours: Vec<String> = v["brokers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| format!("{}:{}", b["host"].as_str().unwrap(), b["port"]))
        .collect();
    let theirs: Vec<String> = k["brokers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ours, theirs);
    assert_eq!(v["controller"], k["controllerid"]);
    assert_eq!(v["brokers"][0]["controller"], true);
    assert!(v["partitions"].as_u64().unwrap() >= 1 || v["topics"] == 0);

    let out = run(&["cluster"]);
    assert_code(&out, 0);
    let table = stdout(&out);
    assert!(
        table.contains("cluster id") && table.contains("BROKER"),
        "{table}"
    );
    assert!(table.contains(&ours[0]), "{table}");
}

#[test]
fn unreachable_cluster_is_a_connection_error() {
    for args in [
        vec!["topics", "list"],
        vec!["topics", "create", "x"],
        vec!["cluster"],
    ] {
        let out = kpipe()
            .args(["-b", "127.0.0.1:1", "--timeout", "3s"])
            .args(&args)
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
