//! Gathering what `kpipe groups` and `kpipe lag` show: groups, their members, committed
//! offsets, log start and end offsets and record timestamps, in as few requests as the
//! protocol allows.
//!
//! One scan ([`scan`]) does, in order:
//!
//! 1. resolve the groups (named, or ListConsumerGroups filtered by a regex);
//! 2. at the same time, DescribeConsumerGroups for all of them (one request per
//!    coordinator) and one OffsetFetch per group for all its partitions;
//! 3. metadata for partition counts (one request);
//! 4. log start and log end offsets for every partition involved: two ListOffsets
//!    (earliest; latest with the chosen isolation level), each batched per leader;
//! 5. for time lag only, concurrently: one ListOffsets max-timestamp batch, and one
//!    assign-only consumer that reads the single record at each lagging group's next
//!    offset (see [`RecordReader`]; it is created when the scan starts, so it has
//!    connected by the time it is needed).
//!
//! Committed offsets are always read before end offsets: in a healthy partition the
//! commit can then never be past the end, so a negative lag is a real anomaly.
//!
//! All librdkafka calls block; they run on the blocking pool, each bounded by
//! `--timeout` (rust-rdkafka #762: librdkafka may overrun its own timeouts). The client
//! that does so is a plain consumer handle that never subscribes and has no group: it
//! never joins, and so never disturbs, the groups it inspects.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::error::{KafkaError, RDKafkaErrorCode};
use rdkafka::message::Timestamp;
use rdkafka::{Message, Offset, TopicPartitionList};

use serde_json::{json, Value};

use crate::config::Settings;
use crate::exit::{self, Failure};
use crate::kafka::{self, KpipeContext};
use crate::lagcalc::{self, Lag};
use crate::offsets_admin::{
    self as admin, AdminError, Committed, GroupDescription, GroupListing, Isolation, ListedOffset,
    Member, PartitionResults, Tp,
};
use crate::output;

type Handle = Arc<BaseConsumer<KpipeContext>>;

/// A connection to the cluster for group and offset queries.
pub struct Cluster {
    settings: Settings,
    client: Handle,
    timeout: Duration,
    /// The probe's metadata, used by the first [`Cluster::topics`] (one round trip less).
    probed: std::sync::Mutex<Option<BTreeMap<String, i32>>>,
}

impl Cluster {
    /// Creates the client and runs the fail-fast connection check.
    pub async fn connect(settings: &Settings) -> anyhow::Result<Cluster> {
        let ctx = KpipeContext::new(settings);
        let diag = ctx.diag.clone();
        let mut cfg = kafka::client_config(settings, &[]);
        // This handle must never commit for anyone, whatever the profile says.
        cfg.set("enable.auto.commit", "false");
        let client: Handle = Arc::new(kafka::create(&cfg, ctx)?);
        let poller = Arc::clone(&client);
        let serve = move |t| {
            let _ = poller.poll(t);
        };
        let probe = Arc::clone(&client);
        let topics = kafka::probe(settings, &diag, serve, move |timeout| {
            probe
                .fetch_metadata(None, timeout)
                .map(|md| partition_counts(&md))
        })
        .await?;
        Ok(Cluster {
            settings: settings.clone(),
            client,
            timeout: settings.timeout.value,
            probed: std::sync::Mutex::new(Some(topics)),
        })
    }

    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// Runs a blocking call on the blocking pool, bounded by the timeout.
    async fn call<T, F>(&self, what: &str, f: F) -> anyhow::Result<T>
    where
        F: FnOnce(&BaseConsumer<KpipeContext>, Duration) -> T + Send + 'static,
        T: Send + 'static,
    {
        let client = Arc::clone(&self.client);
        let timeout = self.timeout;
        let task = tokio::task::spawn_blocking(move || {
            // Serve the main queue (error events) so nothing piles up in long watches.
            let _ = client.poll(Duration::ZERO);
            f(&client, timeout)
        });
        match tokio::time::timeout(timeout + Duration::from_secs(3), task).await {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(join)) => Err(anyhow::Error::new(join).context(format!("{what} failed"))),
            Err(_) => Err(Failure::new(
                exit::CONNECTION,
                format!(
                    "no answer from Kafka within {} while {what}",
                    humantime::format_duration(timeout)
                ),
            )
            .hint("raise --timeout for slow clusters")
            .into()),
        }
    }

    /// Partition counts of every topic.
    pub async fn topics(&self) -> anyhow::Result<BTreeMap<String, i32>> {
        let probed = self
            .probed
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take();
        if let Some(topics) = probed {
            return Ok(topics);
        }
        let md = self
            .call("reading metadata", |c, t| c.fetch_metadata(None, t))
            .await?
            .map_err(|e| {
                Failure::new(
                    exit::CONNECTION,
                    format!("cannot read cluster metadata: {e}"),
                )
            })?;
        Ok(partition_counts(&md))
    }

    /// Every consumer group. Says plainly when the broker cannot list groups.
    pub async fn list_groups(&self) -> anyhow::Result<Vec<GroupListing>> {
        let (groups, errors) = self
            .call("listing consumer groups", |c, t| {
                admin::list_groups(c.client(), t)
            })
            .await?
            .map_err(|e| list_error(&e))?;
        if let Some(e) = errors.iter().find(|e| e.is_unsupported()) {
            return Err(list_error(e));
        }
        if !errors.is_empty() {
            if groups.is_empty() {
                return Err(admin_failure("listing consumer groups", &errors[0]));
            }
            for e in &errors {
                output::warn(format!("the group list may be incomplete: {e}"));
            }
        }
        Ok(groups)
    }

    /// Describes groups; `None` when the broker cannot describe groups (the embedded
    /// broker of `kpipe local`).
    pub async fn describe_groups(
        &self,
        ids: Vec<String>,
    ) -> anyhow::Result<Option<HashMap<String, GroupDescription>>> {
        if ids.is_empty() {
            return Ok(Some(HashMap::new()));
        }
        let result = self
            .call("describing consumer groups", move |c, t| {
                admin::describe_groups(c.client(), &ids, t)
            })
            .await?;
        let descriptions = match result {
            Ok(d) => d,
            Err(e) if e.is_unsupported() => return Ok(None),
            Err(e) => return Err(admin_failure("describing consumer groups", &e)),
        };
        if !descriptions.is_empty()
            && descriptions
                .iter()
                .all(|d| d.error.as_ref().is_some_and(AdminError::is_unsupported))
        {
            return Ok(None);
        }
        Ok(Some(
            descriptions
                .into_iter()
                .map(|d| (d.id.clone(), d))
                .collect(),
        ))
    }

    /// Committed offsets, one OffsetFetch per group (`None`: all committed partitions).
    pub async fn committed(
        &self,
        requests: Vec<(String, Option<Vec<Tp>>)>,
    ) -> anyhow::Result<HashMap<String, Result<Committed, AdminError>>> {
        if requests.is_empty() {
            return Ok(HashMap::new());
        }
        let results = self
            .call("reading committed offsets", move |c, t| {
                admin::list_group_offsets(c.client(), &requests, t)
            })
            .await?
            .map_err(|e| admin_failure("reading committed offsets", &e))?;
        Ok(results.into_iter().collect())
    }

    /// ListOffsets for many partitions with one spec each.
    pub async fn list_offsets(
        &self,
        items: Vec<(Tp, i64)>,
        isolation: Isolation,
    ) -> anyhow::Result<HashMap<Tp, Result<ListedOffset, AdminError>>> {
        if items.is_empty() {
            return Ok(HashMap::new());
        }
        self.call("listing offsets", move |c, t| {
            admin::list_offsets(c.client(), &items, isolation, t)
        })
        .await?
        .map_err(|e| admin_failure("listing offsets", &e))
    }

    /// Log start and log end offsets (HWM, or LSO with read_committed) of partitions:
    /// two batched ListOffsets requests, sent concurrently.
    pub async fn watermarks(
        &self,
        tps: &[Tp],
        isolation: Isolation,
    ) -> anyhow::Result<HashMap<Tp, Result<(i64, i64), AdminError>>> {
        let spec = |s: i64| tps.iter().map(|tp| (tp.clone(), s)).collect::<Vec<_>>();
        let (starts, ends) = tokio::try_join!(
            self.list_offsets(spec(admin::SPEC_EARLIEST), Isolation::ReadUncommitted),
            self.list_offsets(spec(admin::SPEC_LATEST), isolation),
        )?;
        let missing = || AdminError {
            code: RDKafkaErrorCode::UnknownPartition,
            message: "no offset returned".into(),
        };
        Ok(tps
            .iter()
            .map(|tp| {
                let start = starts.get(tp).cloned().unwrap_or_else(|| Err(missing()));
                let end = ends.get(tp).cloned().unwrap_or_else(|| Err(missing()));
                let value = match (start, end) {
                    (Ok(s), Ok(e)) => Ok((s.offset, e.offset)),
                    (Err(e), _) | (_, Err(e)) => Err(e),
                };
                (tp.clone(), value)
            })
            .collect())
    }

    /// Commits offsets for a group as an admin (the group must have no members).
    pub async fn alter_offsets(
        &self,
        group: &str,
        offsets: Vec<(Tp, i64)>,
    ) -> anyhow::Result<Result<PartitionResults, AdminError>> {
        let group = group.to_string();
        self.call("committing offsets", move |c, t| {
            admin::alter_group_offsets(c.client(), &group, &offsets, t)
        })
        .await
    }

    /// Deletes a group's committed offsets for some partitions.
    pub async fn delete_offsets(
        &self,
        group: &str,
        partitions: Vec<Tp>,
    ) -> anyhow::Result<Result<PartitionResults, AdminError>> {
        let group = group.to_string();
        self.call("deleting committed offsets", move |c, t| {
            admin::delete_group_offsets(c.client(), &group, &partitions, t)
        })
        .await
    }

    /// Deletes groups.
    pub async fn delete_groups(
        &self,
        groups: Vec<String>,
    ) -> anyhow::Result<Vec<(String, Result<(), AdminError>)>> {
        self.call("deleting groups", move |c, t| {
            admin::delete_groups(c.client(), &groups, t)
        })
        .await?
        .map_err(|e| admin_failure("deleting groups", &e))
    }

    /// Starts creating the record reader for time lag on the blocking pool, so that
    /// it connects while offsets are being fetched.
    pub fn open_reader(
        &self,
        isolation: Isolation,
    ) -> tokio::task::JoinHandle<anyhow::Result<RecordReader>> {
        let settings = self.settings.clone();
        let timeout = self.timeout;
        tokio::task::spawn_blocking(move || RecordReader::open(&settings, isolation, timeout))
    }

    /// The timestamp of the first record at or after each wanted offset (see
    /// [`RecordReader::read`]), bounded by the timeout. Gives the reader back unless
    /// it had to be abandoned.
    pub async fn read_timestamps(
        &self,
        reader: RecordReader,
        wanted: Vec<(Tp, i64)>,
    ) -> (Option<RecordReader>, HashMap<(Tp, i64), Option<RecordTime>>) {
        if wanted.is_empty() {
            return (Some(reader), HashMap::new());
        }
        let budget = self.timeout;
        let task = tokio::task::spawn_blocking(move || {
            let found = reader.read(&wanted, budget);
            (reader, found)
        });
        match tokio::time::timeout(budget + Duration::from_secs(3), task).await {
            Ok(Ok((reader, found))) => (Some(reader), found),
            _ => (None, HashMap::new()),
        }
    }
}

/// Topic name -> partition count, from metadata.
fn partition_counts(md: &rdkafka::metadata::Metadata) -> BTreeMap<String, i32> {
    md.topics()
        .iter()
        .filter(|t| t.error().is_none())
        .map(|t| {
            (
                t.name().to_string(),
                i32::try_from(t.partitions().len()).unwrap_or(i32::MAX),
            )
        })
        .collect()
}

/// The failure for a group listing the broker refused.
fn list_error(e: &AdminError) -> anyhow::Error {
    if e.is_unsupported() {
        Failure::new(
            exit::FAILURE,
            "this broker cannot list consumer groups: it does not implement ListGroups \
             (the embedded broker of `kpipe local` has no ListGroups or DescribeGroups)",
        )
        .hint("name the group instead: `kpipe lag -g GROUP` works on the embedded broker")
        .into()
    } else {
        admin_failure("listing consumer groups", e)
    }
}

/// An admin error as a kpipe failure: timeouts are connection problems.
pub fn admin_failure(what: &str, e: &AdminError) -> anyhow::Error {
    let code = match e.code {
        RDKafkaErrorCode::OperationTimedOut
        | RDKafkaErrorCode::RequestTimedOut
        | RDKafkaErrorCode::AllBrokersDown
        | RDKafkaErrorCode::BrokerTransportFailure => exit::CONNECTION,
        _ => exit::FAILURE,
    };
    Failure::new(code, format!("{what}: {e}")).into()
}

// ---------------------------------------------------------------------------------
// Record timestamps (time lag).

/// A record's timestamp and its type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RecordTime {
    pub offset: i64,
    pub timestamp: i64,
    /// `CreateTime` (set by the producer) or `LogAppendTime` (set by the broker).
    pub kind: &'static str,
}

/// Seek instead of reading through when the next wanted offset is further than this.
const SEEK_GAP: i64 = 200;

/// An assign-only consumer (no group membership, nothing committed) that reads single
/// records: the one at a group's next offset, for time lag.
pub struct RecordReader {
    consumer: BaseConsumer<KpipeContext>,
}

impl RecordReader {
    /// Creates the consumer and connects it (a metadata request), so the first fetch
    /// does not pay for the connection.
    fn open(settings: &Settings, isolation: Isolation, timeout: Duration) -> anyhow::Result<Self> {
        let mut cfg = kafka::client_config(
            settings,
            &[
                // Partitions with nothing left to read answer after this wait.
                ("fetch.wait.max.ms", "10"),
                ("max.partition.fetch.bytes", "65536"),
                ("fetch.max.bytes", "8388608"),
                ("queued.max.messages.kbytes", "16384"),
                ("auto.offset.reset", "earliest"),
            ],
        );
        // librdkafka needs a group.id to assign partitions; this consumer never joins it
        // (no subscribe) and never commits, so the group is never created on the broker.
        cfg.set("group.id", "kpipe-time-lag-reader")
            .set("enable.auto.commit", "false")
            .set("enable.auto.offset.store", "false")
            .set("enable.partition.eof", "true")
            .set(
                "isolation.level",
                match isolation {
                    Isolation::ReadUncommitted => "read_uncommitted",
                    Isolation::ReadCommitted => "read_committed",
                },
            );
        let consumer: BaseConsumer<KpipeContext> =
            kafka::create(&cfg, KpipeContext::new(settings))?;
        let _ = consumer.fetch_metadata(None, timeout);
        Ok(RecordReader { consumer })
    }

    /// Closes the consumer quickly: rust-rdkafka's drop waits in 100 ms steps.
    fn close(self) {
        if self.consumer.close_queue().is_ok() {
            let deadline = Instant::now() + Duration::from_secs(2);
            while !self.consumer.closed() && Instant::now() < deadline {
                let _ = self.consumer.poll(Duration::from_millis(2));
            }
        }
    }

    /// Reads the first record at or after each wanted offset. All partitions are fetched
    /// together (one Fetch per leader); several wanted offsets in one partition are
    /// served by reading forward when they are close and by seeking when they are not.
    /// `None` means no data record exists at or after the offset (only transaction
    /// markers, aborted records for read_committed, or a compaction gap before the end):
    /// nothing is left to read there. Partitions not answered within `budget` are left
    /// out.
    fn read(
        &self,
        wanted: &[(Tp, i64)],
        budget: Duration,
    ) -> HashMap<(Tp, i64), Option<RecordTime>> {
        let consumer = &self.consumer;
        let deadline = Instant::now() + budget;
        let mut pending: HashMap<Tp, VecDeque<i64>> = HashMap::new();
        {
            let mut sorted: HashMap<Tp, BTreeSet<i64>> = HashMap::new();
            for (tp, offset) in wanted {
                sorted
                    .entry(tp.clone())
                    .or_default()
                    .insert((*offset).max(0));
            }
            for (tp, set) in sorted {
                pending.insert(tp, set.into_iter().collect());
            }
        }
        let mut tpl = TopicPartitionList::with_capacity(pending.len());
        for ((topic, partition), offsets) in &pending {
            if let Some(first) = offsets.front() {
                if tpl
                    .add_partition_offset(topic, *partition, Offset::Offset(*first))
                    .is_err()
                {
                    continue;
                }
            }
        }
        let mut found: HashMap<(Tp, i64), Option<RecordTime>> = HashMap::new();
        if let Err(e) = consumer.assign(&tpl) {
            output::warn(format!("cannot read records for time lag: {e}"));
            return found;
        }
        while !pending.is_empty() && Instant::now() < deadline {
            match consumer.poll(Duration::from_millis(100)) {
                None => {}
                Some(Ok(msg)) => {
                    let tp = (msg.topic().to_string(), msg.partition());
                    let offset = msg.offset();
                    let Some(queue) = pending.get_mut(&tp) else {
                        continue;
                    };
                    let time = match msg.timestamp() {
                        Timestamp::CreateTime(t) => Some(RecordTime {
                            offset,
                            timestamp: t,
                            kind: "CreateTime",
                        }),
                        Timestamp::LogAppendTime(t) => Some(RecordTime {
                            offset,
                            timestamp: t,
                            kind: "LogAppendTime",
                        }),
                        Timestamp::NotAvailable => None,
                    };
                    while queue.front().is_some_and(|w| *w <= offset) {
                        let w = queue.pop_front().unwrap_or_default();
                        found.insert((tp.clone(), w), time);
                    }
                    match queue.front() {
                        None => {
                            pending.remove(&tp);
                            let mut done = TopicPartitionList::new();
                            done.add_partition(&tp.0, tp.1);
                            let _ = consumer.pause(&done);
                        }
                        Some(&next) if next > offset + SEEK_GAP => {
                            let _ = consumer.seek(
                                &tp.0,
                                tp.1,
                                Offset::Offset(next),
                                Duration::from_secs(1),
                            );
                        }
                        Some(_) => {}
                    }
                }
                Some(Err(KafkaError::PartitionEOF(partition))) => {
                    // The consumer reached the end of `partition` (of some topic): every wanted
                    // offset below the position has no data record at or after it.
                    let Ok(positions) = consumer.position() else {
                        continue;
                    };
                    for elem in positions.elements() {
                        if elem.partition() != partition {
                            continue;
                        }
                        let tp = (elem.topic().to_string(), partition);
                        let Some(position) = elem.offset().to_raw() else {
                            continue;
                        };
                        if let Some(queue) = pending.get_mut(&tp) {
                            while queue.front().is_some_and(|w| *w < position) {
                                let w = queue.pop_front().unwrap_or_default();
                                found.insert((tp.clone(), w), None);
                            }
                            if queue.is_empty() {
                                pending.remove(&tp);
                            }
                        }
                    }
                }
                Some(Err(e)) => {
                    output::debug(1, format!("time lag: {e}"));
                }
            }
        }
        if !pending.is_empty() {
            output::debug(
                1,
                format!(
                    "time lag: no record read within {} for {} partition(s)",
                    humantime::format_duration(budget),
                    pending.len()
                ),
            );
        }
        // Leave the consumer clean for another pass.
        let _ = consumer.resume(&tpl);
        let _ = consumer.unassign();
        found
    }
}

// ---------------------------------------------------------------------------------
// Snapshots.

/// Which groups to look at.
#[derive(Clone, Debug)]
pub enum GroupSelect {
    Named(Vec<String>),
    All,
    Regex(regex::Regex),
}

/// What a scan fetches.
#[derive(Clone, Debug, Default)]
pub struct ScanOptions {
    /// Only these topics (empty: every topic the group has commits on or is assigned).
    pub topics: Vec<String>,
    pub isolation: Isolation,
    pub time_lag: bool,
    /// Only groups in these states (case-insensitive), for discovered groups.
    pub states: Vec<String>,
}

/// Who owns a partition in the current assignment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Owner {
    pub member_id: String,
    pub client_id: String,
    pub host: String,
    pub instance_id: Option<String>,
}

impl Owner {
    fn of(m: &Member) -> Self {
        Owner {
            member_id: m.member_id.clone(),
            client_id: m.client_id.clone(),
            host: m.host.clone(),
            instance_id: m.instance_id.clone(),
        }
    }

    /// `client-id@host` (the host without the leading slash Kafka adds).
    pub fn label(&self) -> String {
        format!("{}@{}", self.client_id, self.host.trim_start_matches('/'))
    }
}

/// Time lag of one partition.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TimeLag {
    /// Timestamp of the record at the group's next offset.
    pub next_timestamp: Option<i64>,
    /// The largest record timestamp in the partition (the newest record's, unless
    /// producers set CreateTime out of order).
    pub newest_timestamp: Option<i64>,
    pub timestamp_type: Option<&'static str>,
    /// now − `next_timestamp`; 0 when caught up; `None` when unknown.
    pub lag_ms: Option<i64>,
}

/// One partition of one group.
#[derive(Clone, Debug)]
pub struct PartitionLag {
    pub topic: String,
    pub partition: i32,
    pub committed: Option<i64>,
    pub log_start: Option<i64>,
    pub log_end: Option<i64>,
    /// `None` when the offsets could not be read (see `error`).
    pub lag: Option<Lag>,
    pub error: Option<String>,
    pub owner: Option<Owner>,
    pub time: Option<TimeLag>,
}

impl PartitionLag {
    pub fn lag_value(&self) -> i64 {
        self.lag.map_or(0, |l| l.lag)
    }
    pub fn flag(&self) -> Option<lagcalc::Flag> {
        self.lag.and_then(|l| l.flag)
    }
    /// A short note for tables: the flag or the error.
    pub fn note(&self) -> String {
        if let Some(e) = &self.error {
            return e.clone();
        }
        match self.lag {
            Some(Lag {
                raw, flag: Some(f), ..
            }) => f.note(self.log_start.unwrap_or(0), raw),
            _ => String::new(),
        }
    }
    pub fn sample(&self) -> lagcalc::Sample {
        lagcalc::Sample {
            committed: self.committed,
            lag: self.lag_value(),
        }
    }
}

/// Totals for one topic of one group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TopicTotal {
    pub topic: String,
    pub partitions: usize,
    pub lag: i64,
    pub max_time_lag_ms: Option<i64>,
}

/// One group: its description (when the broker can describe groups) and partitions.
#[derive(Clone, Debug)]
pub struct GroupLag {
    pub id: String,
    pub description: Option<GroupDescription>,
    pub listing: Option<GroupListing>,
    /// The group's offsets could not be read.
    pub error: Option<String>,
    pub partitions: Vec<PartitionLag>,
}

impl GroupLag {
    pub fn state(&self) -> Option<&str> {
        self.description
            .as_ref()
            .map(|d| d.state.as_str())
            .or(self.listing.as_ref().map(|l| l.state.as_str()))
    }

    /// `classic`, `consumer` or `simple` (offsets committed without the group protocol).
    pub fn kind(&self) -> Option<&str> {
        let (simple, kind) = match (&self.description, &self.listing) {
            (Some(d), _) => (d.simple, d.kind.as_str()),
            (None, Some(l)) => (l.simple, l.kind.as_str()),
            _ => return None,
        };
        Some(
            if simple && self.members().is_empty() && kind != "consumer" {
                "simple"
            } else {
                kind
            },
        )
    }

    pub fn members(&self) -> &[Member] {
        self.description.as_ref().map_or(&[], |d| &d.members)
    }

    /// Whether anyone is consuming; `None` when the broker cannot say.
    pub fn has_members(&self) -> Option<bool> {
        self.description.as_ref().map(|d| !d.members.is_empty())
    }

    pub fn total_lag(&self) -> i64 {
        self.partitions.iter().map(PartitionLag::lag_value).sum()
    }

    /// The age of the group's oldest unconsumed record; `None` when unknown for some
    /// lagging partition (or when time lag was not measured).
    pub fn max_time_lag_ms(&self) -> Option<i64> {
        max_time_lag(self.partitions.iter())
    }

    pub fn topics(&self) -> Vec<TopicTotal> {
        let mut map: BTreeMap<&str, TopicTotal> = BTreeMap::new();
        for p in &self.partitions {
            let t = map.entry(&p.topic).or_insert_with(|| TopicTotal {
                topic: p.topic.clone(),
                partitions: 0,
                lag: 0,
                max_time_lag_ms: None,
            });
            t.partitions += 1;
            t.lag += p.lag_value();
        }
        for t in map.values_mut() {
            t.max_time_lag_ms = max_time_lag(self.partitions.iter().filter(|p| p.topic == t.topic));
        }
        map.into_values().collect()
    }
}

/// The largest time lag of some partitions; `None` if any lagging one is unknown.
fn max_time_lag<'a>(partitions: impl Iterator<Item = &'a PartitionLag>) -> Option<i64> {
    let mut max = Some(0);
    for p in partitions {
        match p.time.as_ref().and_then(|t| t.lag_ms) {
            Some(ms) => max = max.map(|m: i64| m.max(ms)),
            None if p.lag_value() > 0 || p.time.is_none() => return None,
            None => {}
        }
    }
    max
}

/// Everything one scan saw.
#[derive(Clone, Debug)]
pub struct Snapshot {
    /// Wall-clock time of the sample (after end offsets were read), ms since the epoch.
    pub taken_ms: i64,
    pub taken: Instant,
    pub isolation: Isolation,
    pub time_lag: bool,
    /// Whether the broker could describe groups (members, state).
    pub described: bool,
    pub groups: Vec<GroupLag>,
}

/// Takes one snapshot (see the module documentation for the requests it makes).
pub async fn scan(
    cluster: &Cluster,
    select: &GroupSelect,
    opts: &ScanOptions,
) -> anyhow::Result<Snapshot> {
    let started = Instant::now();
    let step = |what: &str| {
        output::debug(
            1,
            format!("scan: {what} after {} ms", started.elapsed().as_millis()),
        );
    };
    // The time-lag reader connects while offsets are being read.
    let reader = opts.time_lag.then(|| cluster.open_reader(opts.isolation));
    // 1. The groups.
    let (ids, listings, named) = match select {
        GroupSelect::Named(names) => {
            let mut seen = HashSet::new();
            let ids: Vec<String> = names
                .iter()
                .filter(|n| seen.insert(n.as_str()))
                .cloned()
                .collect();
            (ids, HashMap::new(), true)
        }
        GroupSelect::All | GroupSelect::Regex(_) => {
            let mut listed = cluster.list_groups().await?;
            if let GroupSelect::Regex(re) = select {
                listed.retain(|g| re.is_match(&g.id));
            }
            if !opts.states.is_empty() {
                listed.retain(|g| opts.states.iter().any(|s| s.eq_ignore_ascii_case(&g.state)));
            }
            listed.sort_by(|a, b| a.id.cmp(&b.id));
            let ids = listed.iter().map(|g| g.id.clone()).collect();
            let map = listed.into_iter().map(|g| (g.id.clone(), g)).collect();
            (ids, map, false)
        }
    };

    step(&format!("{} group(s) selected", ids.len()));
    // 2. Partition counts (a named group with --topic gets a row per partition of it).
    let topics = cluster.topics().await?;
    if named {
        for t in &opts.topics {
            if !topics.contains_key(t) {
                return Err(
                    Failure::new(exit::FAILURE, format!("topic '{t}' does not exist"))
                        .hint("check the topic name (kpipe config check shows the cluster)")
                        .into(),
                );
            }
        }
    }
    let partitions_of = |names: &mut dyn Iterator<Item = &String>| -> Vec<Tp> {
        names
            .filter_map(|t| topics.get(t).map(|n| (t, *n)))
            .flat_map(|(t, n)| (0..n).map(move |p| (t.clone(), p)))
            .collect()
    };

    step("metadata read");
    // 3. Descriptions and committed offsets, concurrently; commits before end offsets.
    // Named groups with --topic ask for exactly those partitions; otherwise one
    // OffsetFetch returns every partition the group has committed on.
    let explicit =
        (named && !opts.topics.is_empty()).then(|| partitions_of(&mut opts.topics.iter()));
    let requests = ids.iter().map(|g| (g.clone(), explicit.clone())).collect();
    let (descriptions, mut committed) = tokio::try_join!(
        cluster.describe_groups(ids.clone()),
        cluster.committed(requests)
    )?;
    let described = descriptions.is_some();
    if !described {
        output::debug(
            1,
            "this broker cannot describe groups: no members, states or owners shown",
        );
        // Such a broker (the embedded one) may also not answer "all partitions" in
        // OffsetFetch: ask again for every partition of every topic.
        if named && explicit.is_none() {
            let empty: Vec<String> = ids
                .iter()
                .filter(|g| matches!(committed.get(*g), Some(Ok(c)) if c.is_empty()))
                .cloned()
                .collect();
            if !empty.is_empty() {
                let all = partitions_of(&mut topics.keys().filter(|t| !t.starts_with("__")));
                let again = cluster
                    .committed(empty.into_iter().map(|g| (g, Some(all.clone()))).collect())
                    .await?;
                for (g, r) in again {
                    let r = r.map(|c| c.into_iter().filter(|(_, o)| o.is_some()).collect());
                    committed.insert(g, r);
                }
            }
        }
    }
    let descriptions = descriptions.unwrap_or_default();

    step("groups described and committed offsets read");
    // 4. Rows per group.
    let mut groups = Vec::new();
    for id in &ids {
        let description = descriptions.get(id).cloned();
        if !named && !opts.states.is_empty() {
            if let Some(d) = &description {
                if !opts.states.iter().any(|s| s.eq_ignore_ascii_case(&d.state)) {
                    continue;
                }
            }
        }
        let (commits, error) = match committed.get(id) {
            Some(Ok(c)) => (c.clone(), None),
            Some(Err(e)) => (Vec::new(), Some(e.to_string())),
            None => (Vec::new(), Some("no answer for this group".to_string())),
        };
        let commit_map: HashMap<Tp, Option<i64>> = commits.into_iter().collect();
        let mut owners: HashMap<Tp, Owner> = HashMap::new();
        for m in description.iter().flat_map(|d| &d.members) {
            for tp in &m.assignment {
                owners.insert(tp.clone(), Owner::of(m));
            }
        }
        let mut group_topics: BTreeSet<String> =
            commit_map.keys().map(|(t, _)| t.clone()).collect();
        group_topics.extend(owners.keys().map(|(t, _)| t.clone()));
        let selected: BTreeSet<String> = if opts.topics.is_empty() {
            group_topics
        } else if named {
            opts.topics.iter().cloned().collect()
        } else {
            opts.topics
                .iter()
                .filter(|t| group_topics.contains(*t))
                .cloned()
                .collect()
        };
        if !named && !opts.topics.is_empty() && selected.is_empty() {
            continue;
        }
        let mut partitions = Vec::new();
        for topic in &selected {
            let mut numbers: BTreeSet<i32> = commit_map
                .keys()
                .chain(owners.keys())
                .filter(|(t, _)| t == topic)
                .map(|(_, p)| *p)
                .collect();
            let exists = topics.get(topic);
            if let Some(&count) = exists {
                numbers.extend(0..count);
            }
            for partition in numbers {
                let tp = (topic.clone(), partition);
                partitions.push(PartitionLag {
                    topic: topic.clone(),
                    partition,
                    committed: commit_map.get(&tp).copied().flatten(),
                    log_start: None,
                    log_end: None,
                    lag: None,
                    error: exists.is_none().then(|| "topic not found".to_string()),
                    owner: owners.get(&tp).cloned(),
                    time: None,
                });
            }
        }
        groups.push(GroupLag {
            id: id.clone(),
            listing: listings.get(id).cloned(),
            description,
            error,
            partitions,
        });
    }

    // 5. Log start and end offsets for every partition involved.
    let mut tps: Vec<Tp> = groups
        .iter()
        .flat_map(|g| &g.partitions)
        .filter(|p| p.error.is_none())
        .map(|p| (p.topic.clone(), p.partition))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    tps.sort();
    let marks = cluster.watermarks(&tps, opts.isolation).await?;
    let taken_ms = lagcalc::now_ms();
    let taken = Instant::now();
    for p in groups.iter_mut().flat_map(|g| &mut g.partitions) {
        if p.error.is_some() {
            continue;
        }
        match marks.get(&(p.topic.clone(), p.partition)) {
            Some(Ok((start, end))) => {
                p.log_start = Some(*start);
                p.log_end = Some(*end);
                p.lag = Some(lagcalc::lag(p.committed, *start, *end));
            }
            Some(Err(e)) => p.error = Some(e.to_string()),
            None => p.error = Some("no offsets returned".into()),
        }
    }

    step(&format!(
        "log start and end offsets of {} partition(s) read",
        tps.len()
    ));
    // 6. Time lag.
    if opts.time_lag {
        let reader = match reader {
            Some(task) => match task.await {
                Ok(Ok(r)) => Some(r),
                Ok(Err(e)) => {
                    output::warn(format!("cannot read records for time lag: {e:#}"));
                    None
                }
                Err(_) => None,
            },
            None => None,
        };
        fill_time_lag(cluster, reader, &mut groups, opts.isolation, taken_ms).await;
        step("record timestamps read");
    }

    Ok(Snapshot {
        taken_ms,
        taken,
        isolation: opts.isolation,
        time_lag: opts.time_lag,
        described,
        groups,
    })
}

/// Fills `time` on every partition: 0 when caught up; otherwise from the timestamp of
/// the record at the group's next offset, plus the newest record timestamp.
async fn fill_time_lag(
    cluster: &Cluster,
    reader: Option<RecordReader>,
    groups: &mut [GroupLag],
    isolation: Isolation,
    now_ms: i64,
) {
    let mut wanted: BTreeSet<(Tp, i64)> = BTreeSet::new();
    let mut lagging: BTreeSet<Tp> = BTreeSet::new();
    for p in groups.iter().flat_map(|g| &g.partitions) {
        if let (Some(l), Some(start)) = (p.lag, p.log_start) {
            if l.lag > 0 {
                let tp = (p.topic.clone(), p.partition);
                wanted.insert((tp.clone(), lagcalc::next_offset(p.committed, start)));
                lagging.insert(tp);
            }
        }
    }
    // At the same time: the records at the groups' next offsets, and the newest
    // timestamps (ListOffsets max-timestamp, KIP-734, one batch).
    let read_next = async {
        match reader {
            Some(r) => {
                cluster
                    .read_timestamps(r, wanted.into_iter().collect())
                    .await
            }
            None => (None, HashMap::new()),
        }
    };
    let newest = cluster.list_offsets(
        lagging
            .iter()
            .map(|tp| (tp.clone(), admin::SPEC_MAX_TIMESTAMP))
            .collect(),
        isolation,
    );
    let ((reader, mut records), newest) = tokio::join!(read_next, newest);
    let newest = newest.unwrap_or_default();
    let ends: HashMap<Tp, i64> = groups
        .iter()
        .flat_map(|g| &g.partitions)
        .filter_map(|p| p.log_end.map(|e| ((p.topic.clone(), p.partition), e)))
        .collect();
    // Brokers that do not answer max-timestamp (the embedded one) get the record at
    // end - 1 read instead.
    let mut newest_ts: HashMap<Tp, i64> = HashMap::new();
    let mut fallback: Vec<(Tp, i64)> = Vec::new();
    for tp in &lagging {
        match newest.get(tp) {
            Some(Ok(l)) if l.timestamp >= 0 => {
                newest_ts.insert(tp.clone(), l.timestamp);
            }
            _ => {
                if let Some(&end) = ends.get(tp).filter(|e| **e > 0) {
                    fallback.push((tp.clone(), end - 1));
                }
            }
        }
    }
    let reader = match (reader, fallback.is_empty()) {
        (Some(r), false) => {
            let (reader, more) = cluster.read_timestamps(r, fallback).await;
            records.extend(more);
            reader
        }
        (reader, _) => reader,
    };
    // Closing a consumer blocks: not on the runtime thread.
    if let Some(r) = reader {
        let _ = tokio::task::spawn_blocking(move || r.close()).await;
    }
    let mut unknown = 0usize;
    for p in groups.iter_mut().flat_map(|g| &mut g.partitions) {
        let (Some(l), Some(start), Some(end)) = (p.lag, p.log_start, p.log_end) else {
            continue;
        };
        let tp = (p.topic.clone(), p.partition);
        let newest = newest_ts.get(&tp).copied().or_else(|| {
            records
                .get(&(tp.clone(), end - 1))
                .copied()
                .flatten()
                .map(|r| r.timestamp)
        });
        if l.lag == 0 {
            p.time = Some(TimeLag {
                newest_timestamp: newest,
                lag_ms: Some(0),
                ..TimeLag::default()
            });
            continue;
        }
        let next = lagcalc::next_offset(p.committed, start);
        p.time = Some(match records.get(&(tp, next)) {
            Some(Some(r)) => TimeLag {
                next_timestamp: Some(r.timestamp),
                newest_timestamp: newest,
                timestamp_type: Some(r.kind),
                lag_ms: Some((now_ms - r.timestamp).max(0)),
            },
            // No data record left to read (transaction markers only): caught up.
            Some(None) => TimeLag {
                newest_timestamp: newest,
                lag_ms: Some(0),
                ..TimeLag::default()
            },
            None => {
                unknown += 1;
                TimeLag {
                    newest_timestamp: newest,
                    ..TimeLag::default()
                }
            }
        });
    }
    if unknown > 0 {
        output::warn(format!(
            "time lag unknown for {unknown} partition(s): no record could be read within {} \
             (raise --timeout, or use --no-time-lag)",
            humantime::format_duration(cluster.timeout())
        ));
    }
}

// ---------------------------------------------------------------------------------
// JSON shapes shared by `groups describe` and `lag`.

impl Owner {
    pub fn to_json(&self) -> Value {
        json!({
            "member_id": self.member_id,
            "client_id": self.client_id,
            "host": self.host,
            "instance_id": self.instance_id,
        })
    }
}

impl PartitionLag {
    pub fn to_json(&self, with_time: bool) -> Value {
        let mut v = json!({
            "topic": self.topic,
            "partition": self.partition,
            "committed": self.committed,
            "log_start": self.log_start,
            "log_end": self.log_end,
            "lag": self.lag.map(|l| l.lag),
            "raw_lag": self.lag.map(|l| l.raw),
            "flag": self.flag().map(lagcalc::Flag::as_str),
            "error": self.error,
            "owner": self.owner.as_ref().map(Owner::to_json),
        });
        if with_time {
            let t = self.time.clone().unwrap_or_default();
            v["time_lag_ms"] = json!(t.lag_ms);
            v["next_record_timestamp_ms"] = json!(t.next_timestamp);
            v["newest_record_timestamp_ms"] = json!(t.newest_timestamp);
            v["timestamp_type"] = json!(t.timestamp_type);
        }
        v
    }
}

impl GroupLag {
    /// The group as JSON; `status` comes from the caller (it needs the sample window).
    pub fn to_json(&self, with_time: bool, status: Option<lagcalc::Status>) -> Value {
        let d = self.description.as_ref();
        let mut v = json!({
            "group": self.id,
            "state": self.state(),
            "type": self.kind(),
            "assignor": d.map(|d| d.assignor.clone()).filter(|a| !a.is_empty()),
            "coordinator": d.and_then(|d| d.coordinator.as_ref()).map(|(id, host, port)| {
                json!({"id": id, "host": host, "port": port})
            }),
            "members": d.map(|d| d.members.iter().map(|m| json!({
                "member_id": m.member_id,
                "client_id": m.client_id,
                "host": m.host,
                "instance_id": m.instance_id,
                "assignment": m.assignment.iter().map(|(t, p)| json!({"topic": t, "partition": p})).collect::<Vec<_>>(),
            })).collect::<Vec<_>>()),
            "status": status.map(lagcalc::Status::as_str),
            "lag": self.total_lag(),
            "error": self.error,
            "topics": self.topics().iter().map(|t| {
                let mut tv = json!({"topic": t.topic, "partitions": t.partitions, "lag": t.lag});
                if with_time {
                    tv["max_time_lag_ms"] = json!(t.max_time_lag_ms);
                }
                tv
            }).collect::<Vec<_>>(),
            "partitions": self.partitions.iter().map(|p| p.to_json(with_time)).collect::<Vec<_>>(),
        });
        if with_time {
            v["max_time_lag_ms"] = json!(self.max_time_lag_ms());
        }
        v
    }
}

impl Isolation {
    pub fn as_str(self) -> &'static str {
        match self {
            Isolation::ReadUncommitted => "read_uncommitted",
            Isolation::ReadCommitted => "read_committed",
        }
    }

    /// What "log end" means at this isolation level.
    pub fn end_offset_name(self) -> &'static str {
        match self {
            Isolation::ReadUncommitted => "high_watermark",
            Isolation::ReadCommitted => "last_stable_offset",
        }
    }
}
