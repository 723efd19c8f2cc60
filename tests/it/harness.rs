//! The real-Kafka harness itself: the broker answers, admin works, Kafka's tools run.

use std::time::Duration;

use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::ClientConfig;

use crate::require_broker;
use crate::util::{assert_code, create_topic, kafka_tool, kpipe_real, stdout, unique};

#[test]
fn admin_creates_a_topic_and_metadata_shows_it() {
    let brokers = require_broker!();
    let topic = unique("harness");
    create_topic(&brokers, &topic, 3, &[("cleanup.policy", "compact")]);
    let consumer: BaseConsumer = ClientConfig::new()
        .set("bootstrap.servers", &brokers)
        .create()
        .unwrap();
    let md = consumer
        .fetch_metadata(Some(&topic), Duration::from_secs(10))
        .unwrap();
    assert_eq!(md.topics()[0].name(), topic);
    assert_eq!(md.topics()[0].partitions().len(), 3);
}

#[test]
fn kpipe_config_check_sees_the_real_cluster() {
    let Some(mut cmd) = kpipe_real() else { return };
    let out = cmd
        .args(["config", "check", "--output", "json"])
        .output()
        .unwrap();
    assert_code(&out, 0);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        v["cluster_id"].as_str().is_some_and(|id| !id.is_empty()),
        "{v}"
    );
    assert_eq!(v["brokers"].as_array().unwrap().len(), 1, "{v}");
    assert_eq!(v["brokers"][0]["host"], "127.0.0.1");
}

#[test]
fn kafka_tools_run_from_the_same_jars() {
    let brokers = require_broker!();
    let topic = unique("tools");
    create_topic(&brokers, &topic, 2, &[]);
    let out = kafka_tool(
        "topics",
        &[
            "--bootstrap-server",
            &brokers,
            "--describe",
            "--topic",
            &topic,
        ],
    )
    .output()
    .unwrap();
    assert_code(&out, 0);
    assert!(
        stdout(&out).contains("PartitionCount: 2"),
        "{}",
        stdout(&out)
    );
}
