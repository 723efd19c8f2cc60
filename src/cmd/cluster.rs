//! `kpipe cluster`: the cluster at a glance, as `kcat -L` shows it without the topic
//! dump: cluster id, controller, brokers, and how many topics and partitions there are
//! and whether any partition is offline or under-replicated.

use std::io::Write;

use clap::Args;
use serde_json::json;

use crate::admin::{Admin, Snapshot};
use crate::cli::{GlobalArgs, ReportFormat};
use crate::config;
use crate::exit;
use crate::output::{self, Out};

/// Show the cluster id, controller, brokers and partition health
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
    kpipe cluster\n  \
    kpipe cluster --output json\n  \
    kpipe --profile prod cluster        # the cluster of another profile\n\n\
    With KRaft, brokers report a random live broker as the controller (KIP-590): the \
    controller quorum is not reachable by clients.")]
pub struct ClusterArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub output: ReportFormat,
}

pub async fn run(args: &ClusterArgs, global: &GlobalArgs) -> anyhow::Result<exit::Code> {
    let settings = config::resolve(global)?;
    let (_admin, snapshot) = Admin::connect(&settings).await?;
    let mut out = Out::new();
    match args.output {
        ReportFormat::Json => output::print_json(&mut out, &overview_json(&snapshot))?,
        ReportFormat::Table => output::print_block(&mut out, &overview_table(&snapshot))?,
    }
    out.flush()?;
    Ok(exit::SUCCESS)
}

/// Counts over every partition of every topic.
struct Totals {
    topics: usize,
    internal_topics: usize,
    partitions: usize,
    offline: usize,
    under_replicated: usize,
}

fn totals(s: &Snapshot) -> Totals {
    let parts = || s.topics.iter().flat_map(|t| t.partitions.iter());
    Totals {
        topics: s.topics.len(),
        internal_topics: s.topics.iter().filter(|t| t.internal()).count(),
        partitions: parts().count(),
        offline: parts().filter(|p| p.offline(&s.brokers)).count(),
        under_replicated: parts().filter(|p| p.under_replicated()).count(),
    }
}

fn overview_json(s: &Snapshot) -> serde_json::Value {
    let t = totals(s);
    let brokers: Vec<_> = s
        .brokers
        .iter()
        .map(|b| {
            json!({
                "id": b.id,
                "host": b.host,
                "port": b.port,
                "controller": s.controller == Some(b.id),
            })
        })
        .collect();
    json!({
        "cluster_id": s.cluster_id,
        "controller": s.controller,
        "brokers": brokers,
        "topics": t.topics,
        "internal_topics": t.internal_topics,
        "partitions": t.partitions,
        "offline_partitions": t.offline,
        "under_replicated_partitions": t.under_replicated,
    })
}

fn overview_table(s: &Snapshot) -> String {
    let t = totals(s);
    let mut text = String::new();
    let mut line = |k: &str, v: String| text.push_str(&format!("{k:<12}{v}\n"));
    line(
        "cluster id",
        s.cluster_id.clone().unwrap_or_else(|| "(unknown)".into()),
    );
    line(
        "controller",
        s.controller
            .map_or_else(|| "(unknown)".into(), |c| c.to_string()),
    );
    line(
        "topics",
        format!("{} ({} internal)", t.topics, t.internal_topics),
    );
    line(
        "partitions",
        format!(
            "{} ({} offline, {} under-replicated)",
            t.partitions, t.offline, t.under_replicated
        ),
    );
    text.push('\n');
    let mut table = output::table(["BROKER", "ADDRESS", "CONTROLLER"]);
    for b in &s.brokers {
        table.add_row([
            b.id.to_string(),
            format!("{}:{}", b.host, b.port),
            if s.controller == Some(b.id) {
                "*".to_string()
            } else {
                String::new()
            },
        ]);
    }
    text.push_str(&table.to_string());
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::admin::{BrokerInfo, PartitionInfo, TopicInfo};

    #[test]
    fn overview_counts_and_marks_the_controller() {
        let s = Snapshot {
            cluster_id: Some("abc".into()),
            controller: Some(2),
            brokers: vec![
                BrokerInfo {
                    id: 1,
                    host: "k1".into(),
                    port: 9092,
                },
                BrokerInfo {
                    id: 2,
                    host: "k2".into(),
                    port: 9092,
                },
            ],
            topics: vec![
                TopicInfo {
                    name: "__consumer_offsets".into(),
                    partitions: vec![PartitionInfo {
                        id: 0,
                        leader: 1,
                        replicas: vec![1, 2],
                        isr: vec![1],
                    }],
                    error: None,
                },
                TopicInfo {
                    name: "orders".into(),
                    partitions: vec![PartitionInfo {
                        id: 0,
                        leader: -1,
                        replicas: vec![3],
                        isr: vec![],
                    }],
                    error: None,
                },
            ],
        };
        let v = overview_json(&s);
        assert_eq!(v["topics"], 2);
        assert_eq!(v["internal_topics"], 1);
        assert_eq!(v["offline_partitions"], 1);
        assert_eq!(v["under_replicated_partitions"], 2);
        assert_eq!(v["brokers"][1]["controller"], true);
        let table = overview_table(&s);
        assert!(table.contains("cluster id  abc"), "{table}");
        assert!(table.contains("k2:9092"), "{table}");
    }
}
