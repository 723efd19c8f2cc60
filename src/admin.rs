//! Topic and cluster administration, shared by `kpipe topics`, `kpipe cluster` and
//! `kpipe config check`.
//!
//! One librdkafka client does everything a run needs: metadata, log offsets, reading the
//! first and last record of a partition, and the admin requests. It is a `BaseConsumer`
//! that never joins a group, because only a consumer can fetch records, and librdkafka's
//! admin API works on any client handle. Admin requests go through the C API (see
//! [`ffi`]) so that the broker's own error message reaches the user.
//!
//! [`Admin::connect`] starts with the shared fail-fast [`kafka::probe`], so a wrong
//! `--brokers` fails within `--timeout` with exit code 3, like every other command.

mod ffi;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::error::{KafkaError, RDKafkaErrorCode};
use rdkafka::metadata::Metadata;
use rdkafka::{ClientConfig, Message, Offset, TopicPartitionList};

pub use ffi::{
    AlterOp, BrokerError, ConfigEntry, ConfigSource, NewTopic, TopicConfigs, TopicOutcome,
};

use crate::config::Settings;
use crate::exit::{self, Failure};
use crate::kafka::{self, KpipeContext};

/// A broker as listed in metadata.
#[derive(Clone, Debug)]
pub struct BrokerInfo {
    pub id: i32,
    pub host: String,
    pub port: i32,
}

/// One partition as listed in metadata.
#[derive(Clone, Debug)]
pub struct PartitionInfo {
    pub id: i32,
    /// -1 when the partition has no leader.
    pub leader: i32,
    pub replicas: Vec<i32>,
    pub isr: Vec<i32>,
}

impl PartitionInfo {
    /// No live leader: the partition can be neither written nor read.
    pub fn offline(&self, brokers: &[BrokerInfo]) -> bool {
        self.leader < 0 || !brokers.iter().any(|b| b.id == self.leader)
    }

    /// Fewer in-sync replicas than replicas.
    pub fn under_replicated(&self) -> bool {
        self.isr.len() < self.replicas.len()
    }
}

/// One topic as listed in metadata, partitions sorted by id.
#[derive(Clone, Debug)]
pub struct TopicInfo {
    pub name: String,
    pub partitions: Vec<PartitionInfo>,
    pub error: Option<RDKafkaErrorCode>,
}

impl TopicInfo {
    /// Kafka reserves names starting with `__` for its own topics (`__consumer_offsets`,
    /// `__transaction_state`, ...); metadata as librdkafka exposes it has no "internal"
    /// flag, so this is the rule kpipe uses.
    pub fn internal(&self) -> bool {
        self.name.starts_with("__")
    }

    /// The largest replica count over the partitions.
    pub fn replication_factor(&self) -> usize {
        self.partitions
            .iter()
            .map(|p| p.replicas.len())
            .max()
            .unwrap_or(0)
    }
}

/// The cluster as one metadata request saw it.
#[derive(Clone, Debug)]
pub struct Snapshot {
    pub cluster_id: Option<String>,
    pub controller: Option<i32>,
    /// Sorted by id.
    pub brokers: Vec<BrokerInfo>,
    /// Sorted by name.
    pub topics: Vec<TopicInfo>,
}

impl Snapshot {
    fn from_metadata(md: &Metadata, cluster_id: Option<String>, controller: Option<i32>) -> Self {
        let mut brokers: Vec<BrokerInfo> = md
            .brokers()
            .iter()
            .map(|b| BrokerInfo {
                id: b.id(),
                host: b.host().to_string(),
                port: b.port(),
            })
            .collect();
        brokers.sort_by_key(|b| b.id);
        let mut topics: Vec<TopicInfo> = md
            .topics()
            .iter()
            .map(|t| {
                let mut partitions: Vec<PartitionInfo> = t
                    .partitions()
                    .iter()
                    .map(|p| PartitionInfo {
                        id: p.id(),
                        leader: p.leader(),
                        replicas: p.replicas().to_vec(),
                        isr: p.isr().to_vec(),
                    })
                    .collect();
                partitions.sort_by_key(|p| p.id);
                TopicInfo {
                    name: t.name().to_string(),
                    partitions,
                    error: t.error().map(RDKafkaErrorCode::from),
                }
            })
            .collect();
        topics.sort_by(|a, b| a.name.cmp(&b.name));
        Snapshot {
            cluster_id,
            controller,
            brokers,
            topics,
        }
    }

    /// The topic named `name`, if it exists.
    pub fn topic(&self, name: &str) -> Option<&TopicInfo> {
        self.topics
            .iter()
            .find(|t| t.name == name && t.error != Some(RDKafkaErrorCode::UnknownTopicOrPartition))
    }
}

/// A record's position and timestamp.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stamp {
    pub offset: i64,
    pub millis: i64,
    /// True for broker (LogAppendTime) timestamps, false for producer (CreateTime) ones.
    pub log_append: bool,
}

/// The first and last record of a partition, when they could be read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Edges {
    pub first: Option<Stamp>,
    pub last: Option<Stamp>,
}

/// A partition with records: `(partition, log start offset, log end offset)`.
pub type Range = (i32, i64, i64);

/// How many records before the end `last` reads, so that a transaction marker or a
/// compacted-away offset at the very end still leaves a record to report.
const LAST_WINDOW: i64 = 8;

/// A connected admin client.
pub struct Admin {
    client: Arc<BaseConsumer<KpipeContext>>,
    /// The client's configuration, for the record reader (see [`Admin::edges`]).
    cfg: ClientConfig,
    ctx: KpipeContext,
    timeout: Duration,
}

impl Admin {
    /// Creates the client and checks the cluster answers (fail-fast, exit code 3),
    /// returning the first metadata snapshot.
    pub async fn connect(settings: &Settings) -> anyhow::Result<(Admin, Snapshot)> {
        let ctx = KpipeContext::new(settings);
        let diag = ctx.diag.clone();
        let cfg = kafka::client_config(
            settings,
            &[
                // Never commit, never create topics by asking about them.
                ("enable.auto.commit", "false"),
                ("enable.auto.offset.store", "false"),
                ("allow.auto.create.topics", "false"),
                // Reading the last record needs to know when a partition has no more.
                ("enable.partition.eof", "true"),
                // Log end offsets are the high watermark, not the last stable offset.
                ("isolation.level", "read_uncommitted"),
                ("auto.offset.reset", "earliest"),
                // Only one record per partition is wanted: small fetches, short waits. A
                // fetch left waiting at a partition's end holds back the next one on that
                // broker (the read of the last records after the first ones) for this
                // long: 100 ms made `topics describe` take 0.2 s, 10 ms 25 ms.
                ("fetch.wait.max.ms", "1"),
                ("fetch.message.max.bytes", "65536"),
                ("queued.max.messages.kbytes", "1024"),
            ],
        );
        let client: Arc<BaseConsumer<KpipeContext>> = Arc::new(kafka::create(&cfg, ctx.clone())?);
        let poller = Arc::clone(&client);
        let serve = move |t| {
            let _ = poller.poll(t);
        };
        let c = Arc::clone(&client);
        let snapshot = kafka::probe(settings, &diag, serve, move |timeout| {
            let md = c.fetch_metadata(None, timeout)?;
            // Both are answered from the metadata just fetched.
            let id = c.client().fetch_cluster_id(timeout);
            let controller = ffi::controller_id(c.client(), timeout);
            Ok(Snapshot::from_metadata(&md, id, controller))
        })
        .await?;
        let admin = Admin {
            client,
            cfg,
            ctx,
            timeout: settings.timeout.value,
        };
        Ok((admin, snapshot))
    }

    /// Runs a blocking call on the client from the blocking pool.
    async fn blocking<T, F>(&self, call: F) -> anyhow::Result<T>
    where
        F: FnOnce(&BaseConsumer<KpipeContext>, Duration) -> T + Send + 'static,
        T: Send + 'static,
    {
        let client = Arc::clone(&self.client);
        let timeout = self.timeout;
        tokio::task::spawn_blocking(move || call(&client, timeout))
            .await
            .map_err(|e| anyhow::Error::new(e).context("admin request failed"))
    }

    fn opts(&self, validate_only: bool) -> ffi::Opts {
        ffi::Opts {
            timeout: self.timeout,
            validate_only,
        }
    }

    /// A fresh metadata snapshot (without cluster id and controller).
    pub async fn snapshot(&self) -> anyhow::Result<Snapshot> {
        self.blocking(|c, t| {
            c.fetch_metadata(None, t)
                .map(|md| Snapshot::from_metadata(&md, None, None))
        })
        .await?
        .map_err(|e| anyhow::Error::new(e).context("cannot fetch metadata"))
    }

    /// Of `names`, the topics the broker refuses to describe (TOPIC_AUTHORIZATION_FAILED
    /// when asked for by name; Kafka answers so whether or not they exist).
    pub async fn unauthorized_topics(&self, names: Vec<String>) -> Vec<String> {
        self.blocking(move |c, t| {
            names
                .into_iter()
                .filter(|name| {
                    c.fetch_metadata(Some(name), t).is_ok_and(|md| {
                        md.topics().iter().any(|topic| {
                            topic.error().is_some_and(|e| {
                                RDKafkaErrorCode::from(e)
                                    == RDKafkaErrorCode::TopicAuthorizationFailed
                            })
                        })
                    })
                })
                .collect()
        })
        .await
        .unwrap_or_default()
    }

    /// Polls metadata until `done` holds or `--timeout` passes; returns whether it held.
    pub async fn wait_for(&self, done: impl Fn(&Snapshot) -> bool) -> bool {
        let deadline = Instant::now() + self.timeout;
        loop {
            if let Ok(s) = self.snapshot().await {
                if done(&s) {
                    return true;
                }
            }
            if Instant::now() >= deadline {
                return false;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    pub async fn create_topics(
        &self,
        topics: Vec<NewTopic>,
        validate_only: bool,
    ) -> anyhow::Result<Vec<TopicOutcome>> {
        let opts = self.opts(validate_only);
        self.blocking(move |c, _| ffi::create_topics(c.client(), &topics, opts))
            .await?
            .map_err(|e| failure(e, "cannot create topics"))
    }

    pub async fn delete_topics(&self, names: Vec<String>) -> anyhow::Result<Vec<TopicOutcome>> {
        let opts = self.opts(false);
        self.blocking(move |c, _| ffi::delete_topics(c.client(), &names, opts))
            .await?
            .map_err(|e| failure(e, "cannot delete topics"))
    }

    pub async fn create_partitions(
        &self,
        topic: String,
        total: usize,
        validate_only: bool,
    ) -> anyhow::Result<TopicOutcome> {
        let opts = self.opts(validate_only);
        self.blocking(move |c, _| ffi::create_partitions(c.client(), &topic, total, opts))
            .await?
            .map_err(|e| failure(e, "cannot add partitions"))
    }

    /// Incremental config change; `Ok(Some(e))` is the broker refusing it.
    pub async fn alter_topic_configs(
        &self,
        topic: String,
        changes: Vec<(AlterOp, String, Option<String>)>,
        validate_only: bool,
    ) -> anyhow::Result<Option<BrokerError>> {
        let opts = self.opts(validate_only);
        self.blocking(move |c, _| ffi::alter_topic_configs(c.client(), &topic, &changes, opts))
            .await?
            .map_err(|e| failure(e, "cannot alter configs"))
    }

    pub async fn describe_topic_configs(
        &self,
        names: Vec<String>,
    ) -> anyhow::Result<Vec<TopicConfigs>> {
        let opts = self.opts(false);
        self.blocking(move |c, _| {
            let refs: Vec<&str> = names.iter().map(String::as_str).collect();
            ffi::describe_topic_configs(c.client(), &refs, opts)
        })
        .await?
        .map_err(|e| failure(e, "cannot describe configs"))
    }

    /// Log start and end offsets of each `(topic, partition)`, in two batched
    /// ListOffsets rounds (librdkafka sends one request per leader).
    pub async fn log_offsets(
        &self,
        partitions: Vec<(String, i32)>,
    ) -> anyhow::Result<HashMap<(String, i32), (Option<i64>, Option<i64>)>> {
        self.blocking(move |c, timeout| -> Result<_, KafkaError> {
            let mut out: HashMap<(String, i32), (Option<i64>, Option<i64>)> = HashMap::new();
            // The "timestamps" -2 and -1 ask ListOffsets for the earliest and the latest
            // offset (Kafka protocol semantics); offsets_for_times passes them through.
            for (end, query) in [(false, Offset::Beginning), (true, Offset::End)] {
                let mut tpl = TopicPartitionList::new();
                for (t, p) in &partitions {
                    tpl.add_partition_offset(t, *p, query)?;
                }
                let found = c.offsets_for_times(tpl, timeout)?;
                for e in found.elements() {
                    let offset = match (e.error(), e.offset()) {
                        (Ok(()), Offset::Offset(o)) => Some(o),
                        _ => None,
                    };
                    let slot = out
                        .entry((e.topic().to_string(), e.partition()))
                        .or_default();
                    if end {
                        slot.1 = offset;
                    } else {
                        slot.0 = offset;
                    }
                }
            }
            Ok(out)
        })
        .await?
        .map_err(|e| anyhow::Error::new(e).context("cannot list offsets"))
    }

    /// Reads the first and the last record of each partition that has records, per topic
    /// (`(partition, start, end)` offsets), within `--timeout` per topic. Partitions
    /// whose records could not be read in time are missing from the result.
    ///
    /// librdkafka only assigns partitions to a consumer with a `group.id`, and a group
    /// id on the shared client would make it look up a group coordinator it never
    /// needs; so reading uses a second client. It never subscribes or commits, so the
    /// group is never joined or created on the brokers.
    pub async fn edges(
        &self,
        topics: Vec<(String, Vec<Range>)>,
    ) -> anyhow::Result<HashMap<String, HashMap<i32, Edges>>> {
        let mut cfg = self.cfg.clone();
        if cfg.get("group.id").is_none() {
            cfg.set("group.id", "kpipe-topics-describe");
        }
        let reader: BaseConsumer<KpipeContext> = kafka::create(&cfg, self.ctx.clone())?;
        let timeout = self.timeout;
        tokio::task::spawn_blocking(move || -> Result<_, KafkaError> {
            let mut out = HashMap::new();
            for (topic, ranges) in topics {
                let edges = read_edges(&reader, &topic, &ranges, timeout)?;
                out.insert(topic, edges);
            }
            // Without this, rust-rdkafka's drop closes it in 100 ms polls.
            kafka::close_consumer(&reader, timeout);
            Ok(out)
        })
        .await
        .map_err(|e| anyhow::Error::new(e).context("cannot read records"))?
        .map_err(|e| anyhow::Error::new(e).context("cannot read records"))
    }
}

fn stamp(m: &impl Message) -> Option<Stamp> {
    use rdkafka::message::Timestamp;
    match m.timestamp() {
        Timestamp::CreateTime(ms) if ms >= 0 => Some(Stamp {
            offset: m.offset(),
            millis: ms,
            log_append: false,
        }),
        Timestamp::LogAppendTime(ms) if ms >= 0 => Some(Stamp {
            offset: m.offset(),
            millis: ms,
            log_append: true,
        }),
        _ => None,
    }
}

/// The blocking part of [`Admin::edges`]: one assignment for the first records, one for
/// the last. `PartitionEOF` carries only a partition number, which is why this works on
/// one topic at a time.
fn read_edges(
    c: &BaseConsumer<KpipeContext>,
    topic: &str,
    ranges: &[Range],
    timeout: Duration,
) -> Result<HashMap<i32, Edges>, KafkaError> {
    let deadline = Instant::now() + timeout;
    let ranges: Vec<_> = ranges.iter().filter(|(_, lo, hi)| hi > lo).collect();
    let mut out: HashMap<i32, Edges> = HashMap::new();

    // First records: start at the log start offset, keep the first record that arrives.
    let mut tpl = TopicPartitionList::new();
    for (p, lo, _) in &ranges {
        tpl.add_partition_offset(topic, *p, Offset::Offset(*lo))?;
    }
    c.assign(&tpl)?;
    let mut pending: HashSet<i32> = ranges.iter().map(|(p, _, _)| *p).collect();
    while !pending.is_empty() && Instant::now() < deadline {
        match c.poll(Duration::from_millis(100)) {
            Some(Ok(m)) => {
                let p = m.partition();
                if pending.remove(&p) {
                    out.entry(p).or_default().first = stamp(&m);
                    // Stop fetching a partition that has given what is needed.
                    let mut one = TopicPartitionList::new();
                    one.add_partition(topic, p);
                    let _ = c.pause(&one);
                }
            }
            Some(Err(KafkaError::PartitionEOF(p))) => {
                pending.remove(&p);
            }
            // Other errors (an offset deleted meanwhile, a leader change) heal by retrying
            // inside librdkafka; the deadline bounds the wait.
            Some(Err(_)) | None => {}
        }
    }

    // Last records: start a few offsets before the end and keep the highest offset seen
    // until the end is reached.
    let mut tpl = TopicPartitionList::new();
    let mut pending: HashMap<i32, i64> = HashMap::new();
    for (p, lo, hi) in &ranges {
        tpl.add_partition_offset(topic, *p, Offset::Offset((*hi - LAST_WINDOW).max(*lo)))?;
        pending.insert(*p, *hi);
    }
    c.assign(&tpl)?;
    // A pause outlives the assignment in librdkafka: undo the first phase's pauses.
    let _ = c.resume(&tpl);
    while !pending.is_empty() && Instant::now() < deadline {
        match c.poll(Duration::from_millis(100)) {
            Some(Ok(m)) => {
                let p = m.partition();
                if let Some(&hi) = pending.get(&p) {
                    let edge = out.entry(p).or_default();
                    if edge.last.is_none_or(|l| m.offset() > l.offset) {
                        if let Some(s) = stamp(&m) {
                            edge.last = Some(s);
                        }
                    }
                    if m.offset() >= hi - 1 {
                        pending.remove(&p);
                    }
                }
            }
            Some(Err(KafkaError::PartitionEOF(p))) => {
                pending.remove(&p);
            }
            Some(Err(_)) | None => {}
        }
    }
    let _ = c.unassign();
    Ok(out)
}

/// Turns a request-level or per-topic broker error into a [`Failure`] with a code:
/// requests the broker rejects as invalid are usage errors (2), the rest failures (1).
pub fn failure(err: BrokerError, context: &str) -> anyhow::Error {
    let (code, hint) = classify(err.code);
    let message = if kafka::authorization_kind(err.code).is_some() {
        format!("{context}: not authorized (ACL): {}", err.message)
    } else {
        format!("{context}: {}", err.message)
    };
    let mut f = Failure::new(code, message);
    if let Some(hint) = hint {
        f = f.hint(hint);
    }
    f.into()
}

/// The exit code and hint for a broker error code.
pub fn classify(code: RDKafkaErrorCode) -> (exit::Code, Option<&'static str>) {
    use RDKafkaErrorCode as E;
    match code {
        E::InvalidConfig
        | E::InvalidPartitions
        | E::InvalidReplicationFactor
        | E::InvalidReplicaAssignment
        | E::InvalidTopic
        | E::InvalidRequest
        | E::PolicyViolation
        | E::InvalidArgument => (exit::USAGE, None),
        // Authorization shares exit code 3 with authentication (see kafka.rs).
        E::TopicAuthorizationFailed
        | E::ClusterAuthorizationFailed
        | E::GroupAuthorizationFailed
        | E::TransactionalIdAuthorizationFailed => (
            exit::CONNECTION,
            Some("the principal kpipe connects as lacks the ACL for this operation (kafka-acls --add ... grants it)"),
        ),
        E::OperationTimedOut | E::RequestTimedOut => (
            exit::FAILURE,
            Some("the controller may be busy; check with `kpipe topics describe` and raise --timeout"),
        ),
        E::TopicDeletionDisabled => (
            exit::FAILURE,
            Some("the brokers run with delete.topic.enable=false"),
        ),
        _ => (exit::FAILURE, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn partition(leader: i32, replicas: &[i32], isr: &[i32]) -> PartitionInfo {
        PartitionInfo {
            id: 0,
            leader,
            replicas: replicas.to_vec(),
            isr: isr.to_vec(),
        }
    }

    #[test]
    fn partition_health() {
        let brokers = vec![
            BrokerInfo {
                id: 1,
                host: "a".into(),
                port: 1,
            },
            BrokerInfo {
                id: 2,
                host: "b".into(),
                port: 1,
            },
        ];
        assert!(!partition(1, &[1, 2], &[1, 2]).offline(&brokers));
        assert!(!partition(1, &[1, 2], &[1, 2]).under_replicated());
        assert!(partition(1, &[1, 2], &[1]).under_replicated());
        assert!(partition(-1, &[1], &[]).offline(&brokers));
        assert!(partition(3, &[3], &[3]).offline(&brokers));
    }

    #[test]
    fn broker_errors_map_to_exit_codes() {
        assert_eq!(classify(RDKafkaErrorCode::InvalidConfig).0, exit::USAGE);
        assert_eq!(classify(RDKafkaErrorCode::InvalidPartitions).0, exit::USAGE);
        assert_eq!(
            classify(RDKafkaErrorCode::TopicAlreadyExists).0,
            exit::FAILURE
        );
        let err = failure(
            BrokerError {
                code: RDKafkaErrorCode::InvalidConfig,
                message: "Invalid value x for configuration retention.ms".into(),
            },
            "topic 't'",
        );
        assert_eq!(
            err.to_string(),
            "topic 't': Invalid value x for configuration retention.ms"
        );
    }

    #[test]
    fn internal_topics() {
        let t = |name: &str| TopicInfo {
            name: name.into(),
            partitions: vec![],
            error: None,
        };
        assert!(t("__consumer_offsets").internal());
        assert!(!t("_schemas").internal());
        assert!(!t("orders").internal());
    }
}
