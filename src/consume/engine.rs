//! The record loop: one `BaseConsumer` polled on one dedicated thread that also owns
//! stdout, so that writing, flushing and committing happen in a fixed order with no
//! locks on the per-record path.
//!
//! **Why a BaseConsumer on its own thread, and records in batches.** `StreamConsumer`
//! adds a waker and a channel hop per record; a loop on a blocking thread is the
//! cheapest way through rust-rdkafka (PERF_RELIABILITY.md §1.4). Even `poll` costs a
//! clock read, a lock and two allocations per record, so records are taken a batch at
//! a time from a private queue (`consume::batch`), while `poll` with a zero timeout
//! serves the consumer queue (errors, rebalances) once per batch. Only when no record
//! is ready does the thread flush stdout, look at timers and rebalances, and then block
//! (for at most 100 ms, so Ctrl-C and deadlines are noticed promptly).
//!
//! **Why kpipe's own output buffer.** Records are rendered into a `Vec` that is written
//! to stdout only at flush points kpipe chooses (64 KiB, idle, exit, rebalance), never
//! mid-record by a `BufWriter` that fills up. Every flush point therefore knows exactly
//! which records reached stdout, which is what the commit modes need:
//!
//! - `after`: write → flush → `store_offsets` for those records; librdkafka's periodic
//!   commit and the final synchronous commit only ever commit stored offsets. A write
//!   that fails (a closed pipe) stores nothing for its records.
//! - `before`: synchronous commit of the buffered records' offsets → write.
//! - `auto`: offsets are stored as records are handed over (before writing) and
//!   librdkafka commits them periodically.
//! - `none`: never commits.
//!
//! **Why rebalances are deferred.** librdkafka calls the rebalance callback from inside
//! `poll`, where the buffer and the offsets are not reachable. The context only records
//! the event; the loop then flushes, commits the revoked partitions' processed offsets,
//! and performs the (incremental) unassign or assign itself. While the consumer is
//! closing, the context falls back to unassigning immediately so that close completes.
//!
//! **Why `-e` uses both positions and EOF events.** A partition is finished when the
//! next offset reaches the end snapshotted at start. The last offsets of a partition may
//! never be delivered (transaction markers, compaction gaps, aborted records), so
//! librdkafka's partition-EOF event, whose offset is the fetch position, finishes it too.

use std::collections::HashMap;
use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rdkafka::consumer::{CommitMode as RdCommitMode, Consumer};
use rdkafka::error::{KafkaError, RDKafkaErrorCode};
use rdkafka::message::Timestamp;
use rdkafka::types::RDKafkaRespErr;
use rdkafka::{ClientContext, Offset, TopicPartitionList};

use super::batch::{Batch, Rec, RecordQueue};
use super::context::KConsumer;
use super::filter::{Expr, Filter, Subject};
use super::format::{Format, Record};
use super::offsets::{OffsetSpec, Stop};
use crate::exit::{self, Failure};
use crate::output;
use crate::serde::envelope::{self, RecordView};
use crate::serde::{Decoded, Decoder, Format as SerdeFormat};
use group::describe;

mod group;
mod resolve;

pub use resolve::EarlyLookup;

/// Flush to stdout once this much output is buffered.
const FLUSH_AT: usize = 64 * 1024;
/// Longest blocking poll: the loop's reaction time to Ctrl-C, deadlines and timers.
const MAX_BLOCK: Duration = Duration::from_millis(100);
/// Most consumer-queue events served in one turn of the loop, so that a flood of log
/// lines cannot hold records back.
const EVENTS_AT_ONCE: usize = 1000;
/// How often idle points in group mode renew the partitions' forwards (see `reforward`).
const REFORWARD_EVERY: Duration = Duration::from_secs(1);

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum CommitMode {
    /// Commit records only once they have been written and flushed to stdout (at-least-once)
    After,
    /// Commit records before writing them (at-most-once)
    Before,
    /// librdkafka's periodic auto-commit of records handed to kpipe
    Auto,
    /// Never commit
    None,
}

/// What each record turns into on stdout.
pub enum Output {
    /// The value, then the delimiter.
    Value(Vec<u8>),
    /// The JSON envelope, one object per line.
    Json,
    /// A `-f` format string.
    Format(Format),
}

/// Everything the loop needs, resolved from the command line before any I/O.
pub struct Plan {
    pub topics: Vec<String>,
    pub partitions: Option<Vec<i32>>,
    pub spec: OffsetSpec,
    pub exit_at_end: bool,
    pub count: Option<u64>,
    pub idle_timeout: Option<Duration>,
    pub until: Option<i64>,
    pub now: i64,
    pub group: Option<String>,
    pub commit: CommitMode,
    pub key_format: SerdeFormat,
    pub value_format: SerdeFormat,
    /// Decoders built with their schemas (`serde::schemas::Codecs`); `None`: the
    /// format's plain decoder.
    pub key_decoder: Option<Box<dyn Decoder>>,
    pub value_decoder: Option<Box<dyn Decoder>>,
    pub output: Output,
    pub pretty: bool,
    pub filter: Filter,
    pub wait_for: Option<Expr>,
    pub expect: Option<u64>,
    pub deadline: Option<Duration>,
    pub line_buffered: bool,
    pub skip_errors: bool,
    pub timeout: Duration,
    /// An open read from the start may fetch from offset 0 without looking the start
    /// up: a partition whose log starts later answers with its log start, and
    /// `auto.offset.reset=earliest` (kpipe's default) goes on from there.
    pub start_at_zero: bool,
}

impl Plan {
    /// Whether partitions can finish, which needs partition-EOF events.
    pub fn has_stops(&self) -> bool {
        self.exit_at_end || self.until.is_some() || self.spec.has_end()
    }
}

/// One partition this run reads (or has read).
struct Part {
    topic: String,
    partition: i32,
    assigned: bool,
    /// Start resolved from `-o` (group mode resolves on first assignment).
    resolved: bool,
    stop: Stop,
    done: bool,
    /// Offset after the last record seen.
    next: i64,
    /// The offset to commit: after the last record written or skipped.
    processed: i64,
    dirty: bool,
    /// Fetch position of the last partition-EOF event.
    eof_at: Option<i64>,
}

impl Part {
    fn new(topic: &str, partition: i32) -> Part {
        Part {
            topic: topic.to_string(),
            partition,
            assigned: false,
            resolved: false,
            stop: Stop::default(),
            done: false,
            next: -1,
            processed: -1,
            dirty: false,
            eof_at: None,
        }
    }

    fn label(&self) -> String {
        format!("{}[{}]", self.topic, self.partition)
    }
}

/// Why the loop ended.
enum End {
    Done,
    Count,
    Idle,
    Interrupted,
    Expected,
    Check(String),
    Fail(anyhow::Error),
    BrokenPipe,
}

pub struct Engine {
    /// The private queue records arrive on (see `consume::batch`); set by `run`.
    records: Option<RecordQueue>,
    consumer: Arc<KConsumer>,
    plan: Plan,
    interrupted: Arc<AtomicBool>,
    parts: Vec<Part>,
    index: HashMap<String, Vec<Option<usize>>>,
    /// Per-partition `-e` snapshots taken at start (group mode).
    snapshot: HashMap<(String, i32), i64>,
    buf: Vec<u8>,
    stdout: io::StdoutLock<'static>,
    key_decoder: Box<dyn Decoder>,
    value_decoder: Box<dyn Decoder>,
    scratch: Vec<u8>,
    written: u64,
    matched_expect: u64,
    last_activity: Instant,
    /// Records seen; compared at idle points instead of reading the clock per record.
    seen: u64,
    seen_at_last_idle: u64,
    /// The part of the previous record: consecutive records mostly share it.
    last_part: usize,
    /// `Rec::topic_id` of the record that set `last_part`.
    last_topic_id: usize,
    /// Set when a partition finished since the loop last checked for the end.
    done_changed: bool,
    started: Instant,
    /// When the assigned partitions were last forwarded to the record queue again.
    forwarded_at: Instant,
    /// EOF events for a partition number shared by several topics (see `on_eof`).
    ambiguous_eofs: HashMap<i32, usize>,
    line_buffered: bool,
    needs: Needs,
    /// Start offsets looked up before the engine ran (see [`EarlyLookup`]).
    early: Option<EarlyLookup>,
    /// Where they start (taken by `start_open`).
    early_found: Option<resolve::Found>,
}

/// Which parts of a record the output and the filters look at, worked out once.
#[derive(Clone, Copy)]
struct Needs {
    topic: bool,
    headers: bool,
    key: bool,
    value: bool,
    filtering: bool,
}

impl Needs {
    fn of(plan: &Plan) -> Needs {
        let wait = plan.wait_for.as_ref();
        let filtering = !plan.filter.is_empty() || wait.is_some();
        let (headers, key, value) = match &plan.output {
            Output::Json => (true, true, true),
            Output::Format(f) => (f.needs_headers(), f.needs_key(), f.needs_value()),
            Output::Value(_) => (false, false, true),
        };
        Needs {
            topic: !matches!(plan.output, Output::Value(_)),
            headers: headers
                || plan.filter.needs_headers()
                || wait.is_some_and(Expr::needs_headers),
            key: key || plan.filter.needs_key() || wait.is_some_and(Expr::needs_key),
            value: value || filtering,
            filtering,
        }
    }
}

impl Engine {
    pub fn new(consumer: Arc<KConsumer>, mut plan: Plan, interrupted: Arc<AtomicBool>) -> Engine {
        let key_decoder = plan
            .key_decoder
            .take()
            .unwrap_or_else(|| plan.key_format.decoder());
        let value_decoder = plan
            .value_decoder
            .take()
            .unwrap_or_else(|| plan.value_format.decoder());
        let line_buffered = plan.line_buffered || io::IsTerminal::is_terminal(&io::stdout());
        let needs = Needs::of(&plan);
        Engine {
            needs,
            records: None,
            consumer,
            plan,
            interrupted,
            parts: Vec::new(),
            index: HashMap::new(),
            snapshot: HashMap::new(),
            buf: Vec::with_capacity(FLUSH_AT + 4096),
            stdout: io::stdout().lock(),
            key_decoder,
            value_decoder,
            scratch: Vec::new(),
            written: 0,
            matched_expect: 0,
            last_activity: Instant::now(),
            seen: 0,
            seen_at_last_idle: 0,
            last_part: usize::MAX,
            last_topic_id: 0,
            done_changed: false,
            started: Instant::now(),
            forwarded_at: Instant::now(),
            ambiguous_eofs: HashMap::new(),
            line_buffered,
            early: None,
            early_found: None,
        }
    }

    /// Hands over start offsets already being looked up (see [`EarlyLookup`]).
    pub fn with_early_lookup(mut self, early: Option<EarlyLookup>) -> Engine {
        self.early = early;
        self
    }

    fn part_index(&mut self, topic: &str, partition: i32) -> usize {
        if let Some(Some(i)) = self
            .index
            .get(topic)
            .and_then(|v| v.get(partition as usize))
        {
            return *i;
        }
        let i = self.parts.len();
        self.parts.push(Part::new(topic, partition));
        let slots = self.index.entry(topic.to_string()).or_default();
        let p = partition.max(0) as usize;
        if slots.len() <= p {
            slots.resize(p + 1, None);
        }
        slots[p] = Some(i);
        i
    }

    /// Runs the whole consume: resolve, assign or subscribe, loop, flush, final commit.
    /// The engine still holds the started partitions afterwards: dropping it stops them,
    /// a round trip to librdkafka's threads per partition, which the caller can leave
    /// until after it has acted on the result.
    pub fn run(&mut self, partitions: Vec<(String, i32)>) -> anyhow::Result<exit::Code> {
        self.early_found = self.early.take().and_then(EarlyLookup::finish);
        let queue = RecordQueue::new(&self.consumer);
        let end = match queue {
            Ok(q) => {
                self.records = Some(q);
                match self.start(partitions) {
                    Ok(true) => self.main_loop(),
                    Ok(false) => End::Done,
                    Err(e) => End::Fail(e),
                }
            }
            Err(e) => End::Fail(e),
        };
        self.finish(end)
    }

    /// Forwards partitions to the record queue; call right before assigning them.
    fn forward<'a>(&self, list: impl IntoIterator<Item = (&'a str, i32)>) -> anyhow::Result<()> {
        if let Some(q) = &self.records {
            for (topic, partition) in list {
                q.attach(topic, partition)?;
            }
        }
        Ok(())
    }

    /// Returns false when there is nothing to read at all (every partition is empty or
    /// already at its end).
    fn start(&mut self, partitions: Vec<(String, i32)>) -> anyhow::Result<bool> {
        if self.plan.group.is_some() {
            if self.plan.exit_at_end {
                let marks = self.lookup_marks(&partitions, false, false)?;
                for (tp, m) in partitions.iter().zip(marks) {
                    self.snapshot.insert(tp.clone(), m.high);
                }
            }
            let topics: Vec<&str> = self.plan.topics.iter().map(String::as_str).collect();
            self.consumer
                .subscribe(&topics)
                .map_err(|e| anyhow::anyhow!("cannot subscribe to {topics:?}: {e}"))?;
            output::debug(
                1,
                format!(
                    "joining group '{}' for {}",
                    self.plan.group.as_deref().unwrap_or_default(),
                    topics.join(", ")
                ),
            );
            return Ok(true);
        }
        let idx: Vec<usize> = partitions
            .iter()
            .map(|(t, p)| self.part_index(t, *p))
            .collect();
        self.resolve(&idx)?;
        let mut pairs = Vec::new();
        for &i in &idx {
            let part = &mut self.parts[i];
            part.assigned = true;
            if !part.done {
                pairs.push((part.topic.clone(), part.partition));
            }
        }
        if self.plan.has_stops() && self.all_done() {
            return Ok(false);
        }
        output::debug(1, format!("reading {}", describe(&pairs)));
        // Without a group there is no assignment: each partition is started on the
        // record queue directly (see `RecordQueue::start`).
        let records = self
            .records
            .as_mut()
            .ok_or_else(|| anyhow::anyhow!("the record queue is missing"))?;
        for &i in &idx {
            let part = &self.parts[i];
            if !part.done {
                records.start(&part.topic, part.partition, part.next)?;
            }
        }
        Ok(true)
    }

    fn all_done(&self) -> bool {
        let mut any = false;
        for p in self.parts.iter().filter(|p| p.assigned) {
            if !p.done {
                return false;
            }
            any = true;
        }
        any
    }

    /// Whether any assigned partition still has records to deliver.
    fn reading(&self) -> bool {
        self.parts.iter().any(|p| p.assigned && !p.done)
    }

    /// Takes the next batch from the record queue.
    fn fill(&self, batch: &mut Batch, timeout: Duration) -> usize {
        let ms = i32::try_from(timeout.as_millis()).unwrap_or(i32::MAX);
        self.records.as_ref().map_or(0, |q| q.fill(batch, ms))
    }

    /// Records arrive in batches from the record queue (see `consume::batch`); the
    /// consumer queue, where errors and rebalances arrive, is served before each batch.
    /// Only when neither has anything ready does the loop flush, look at the clock and
    /// block, on the record queue while partitions are being read, else on the
    /// consumer queue (waiting for an assignment).
    fn main_loop(&mut self) -> End {
        let consumer = Arc::clone(&self.consumer);
        let mut batch = Batch::new();
        loop {
            if let Some(end) = self.serve_events(&consumer) {
                return end;
            }
            // A revoke waits for us: serve it now rather than at the next idle point,
            // which a busy topic may not reach for a while.
            if consumer.context().rebalance_pending() {
                if let Some(end) = self.serve_rebalances() {
                    return end;
                }
            }
            let mut n = self.fill(&mut batch, Duration::ZERO);
            if n == 0 {
                // Nothing ready: the moment to flush, look at the clock and rebalances.
                if let Some(end) = self.idle_point() {
                    return end;
                }
                if self.reading() {
                    n = self.fill(&mut batch, MAX_BLOCK);
                } else if let Some(event) = consumer.poll(MAX_BLOCK) {
                    if let Some(end) = self.on_event(event) {
                        return end;
                    }
                }
                if n == 0 {
                    continue;
                }
            }
            if self.interrupted.load(Ordering::Relaxed) {
                return End::Interrupted;
            }
            if let Some(end) = self.timers() {
                return end;
            }
            for i in 0..n {
                let msg = batch.get(i);
                let result = match msg.error() {
                    None => self.on_message(&msg),
                    Some((code, reason)) => self.on_record_error(&msg, code, &reason),
                };
                if let Some(end) = result {
                    return end;
                }
                if std::mem::take(&mut self.done_changed) && self.all_done() {
                    return End::Done;
                }
            }
        }
    }

    /// Serves the consumer queue (errors, rebalances, librdkafka's log lines) until it is
    /// empty, or for [`EVENTS_AT_ONCE`] events. `poll` also answers `None` after serving a
    /// log line itself, so stopping at the first `None` would leave one log line per turn
    /// of the loop: `-X debug` output fell behind the run and was lost at exit, and an
    /// error could wait behind the backlog.
    fn serve_events(&mut self, consumer: &KConsumer) -> Option<End> {
        for _ in 0..EVENTS_AT_ONCE {
            match consumer.poll(Duration::ZERO) {
                Some(event) => {
                    if let Some(end) = self.on_event(event) {
                        return Some(end);
                    }
                }
                None if self
                    .records
                    .as_ref()
                    .is_some_and(RecordQueue::events_waiting) => {}
                None => break,
            }
        }
        None
    }

    /// An event from the consumer queue: an error, a partition EOF, or (only for a
    /// partition that is not forwarded to the record queue) a record.
    fn on_event(
        &mut self,
        event: rdkafka::error::KafkaResult<rdkafka::message::BorrowedMessage<'_>>,
    ) -> Option<End> {
        let result = match event {
            Ok(msg) => self.on_message(&msg),
            Err(KafkaError::PartitionEOF(p)) => {
                let at = self.consumer.context().eof_offset.load(Ordering::Acquire);
                self.on_eof(None, p, at);
                None
            }
            Err(err) => self.on_error(err),
        };
        if result.is_none() && std::mem::take(&mut self.done_changed) && self.all_done() {
            return Some(End::Done);
        }
        result
    }

    /// A batch entry that carries an error instead of a record. As rust-rdkafka does
    /// for error events, the context hears of it first (diagnostics, fatal errors).
    fn on_record_error<M: Rec>(
        &mut self,
        msg: &M,
        code: RDKafkaRespErr,
        reason: &str,
    ) -> Option<End> {
        if code == RDKafkaRespErr::RD_KAFKA_RESP_ERR__PARTITION_EOF {
            // The entry's offset is the fetch position at the end.
            self.on_eof(Some(msg.topic()), msg.partition(), msg.offset());
            return None;
        }
        self.consumer
            .context()
            .error(KafkaError::Global(code.into()), reason.trim());
        if code == RDKafkaRespErr::RD_KAFKA_RESP_ERR__FATAL {
            self.on_error(KafkaError::MessageConsumptionFatal(code.into()))
        } else {
            self.on_error(KafkaError::MessageConsumption(code.into()))
        }
    }

    /// Forwards the assigned partitions to the record queue again (group mode, at idle
    /// points, at most every [`REFORWARD_EVERY`]). A partition revoked and assigned
    /// back could have its new forward cleared by the old fetcher's stop if that stop
    /// were processed late (a stalled broker thread); its records would then wait in
    /// its own queue. Forwarding again moves them here; when the forward is in place it
    /// changes nothing.
    fn reforward(&mut self) {
        self.forwarded_at = Instant::now();
        let reading = self
            .parts
            .iter()
            .filter(|p| p.assigned && !p.done)
            .map(|p| (p.topic.as_str(), p.partition));
        if let Err(e) = self.forward(reading) {
            output::debug(1, format!("{e:#}"));
        }
    }

    /// Carries out the rebalances the context recorded.
    fn serve_rebalances(&mut self) -> Option<End> {
        for event in self.consumer.context().take_rebalances() {
            // A rebalance is activity: --idle-timeout counts from the latest one, so a
            // member waiting for its partitions is not idle.
            self.last_activity = Instant::now();
            if let Some(end) = self.on_rebalance(event) {
                return Some(end);
            }
        }
        None
    }

    /// Flush, timers and rebalances, when no record is ready.
    fn idle_point(&mut self) -> Option<End> {
        if let Err(end) = self.flush() {
            return Some(end);
        }
        if let Some(end) = self.serve_rebalances() {
            return Some(end);
        }
        if self.interrupted.load(Ordering::Relaxed) {
            return Some(End::Interrupted);
        }
        if stdout_closed() {
            return Some(End::BrokenPipe);
        }
        if let Some((code, message)) = self.consumer.context().fatal() {
            return Some(End::Fail(Failure::new(code, message).into()));
        }
        if self.seen != self.seen_at_last_idle {
            self.seen_at_last_idle = self.seen;
            self.last_activity = Instant::now();
        }
        if let Some(idle) = self.plan.idle_timeout {
            if self.last_activity.elapsed() >= idle {
                output::debug(1, "idle timeout reached");
                return Some(End::Idle);
            }
        }
        if self.plan.group.is_some() && self.forwarded_at.elapsed() >= REFORWARD_EVERY {
            self.reforward();
        }
        // A stop time that has passed while the partition sits at its end.
        let now = super::time::now_ms();
        for p in &mut self.parts {
            if p.assigned && !p.done && p.eof_at.is_some() && p.stop.time.is_some_and(|t| now >= t)
            {
                p.done = true;
            }
        }
        if let Some(end) = self.timers() {
            return Some(end);
        }
        if self.plan.has_stops() && self.all_done() {
            return Some(End::Done);
        }
        None
    }

    fn timers(&mut self) -> Option<End> {
        if let Some(deadline) = self.plan.deadline {
            if self.started.elapsed() >= deadline {
                let within = humantime::format_duration(deadline);
                return Some(End::Check(match (&self.plan.wait_for, self.plan.expect) {
                    (Some(expr), _) => {
                        format!("no record matching '{}' within {within}", expr.source())
                    }
                    (None, Some(n)) => format!(
                        "expected at least {n} record{} within {within}, got {}",
                        plural(n),
                        self.matched_expect
                    ),
                    (None, None) => format!("deadline of {within} reached"),
                }));
            }
        }
        None
    }

    fn on_error(&mut self, err: KafkaError) -> Option<End> {
        let code = err.rdkafka_error_code();
        match (&err, code) {
            (KafkaError::MessageConsumptionFatal(_), _) => Some(End::Fail(
                Failure::new(exit::CONNECTION, format!("fatal consumer error: {err}")).into(),
            )),
            (
                _,
                Some(RDKafkaErrorCode::UnknownTopicOrPartition | RDKafkaErrorCode::UnknownTopic),
            ) => Some(End::Fail(
                Failure::new(
                    exit::FAILURE,
                    format!("{err}: a topic or partition went away"),
                )
                .into(),
            )),
            (_, Some(RDKafkaErrorCode::TopicAuthorizationFailed)) => Some(End::Fail(
                Failure::new(exit::CONNECTION, "not authorized to read the topic (ACL)").into(),
            )),
            // Without -g no group is used (partitions are read directly), so a group
            // error there cannot concern this read.
            (_, Some(RDKafkaErrorCode::GroupAuthorizationFailed)) => match &self.plan.group {
                Some(group) => Some(End::Fail(
                    Failure::new(
                        exit::CONNECTION,
                        format!("not authorized to use consumer group '{group}' (ACL)"),
                    )
                    .into(),
                )),
                None => {
                    output::debug(2, format!("ignored without -g: {err}"));
                    None
                }
            },
            _ => {
                // Transient: librdkafka retries by itself.
                output::debug(1, format!("consumer error (retrying): {err}"));
                None
            }
        }
    }

    /// A partition-EOF: the fetcher reached the end at offset `at`. Batches name the
    /// topic; rust-rdkafka's events report only the partition number, so there, with
    /// several topics, the topic is inferred: the not-finished partitions with that
    /// number whose stop is at or before the EOF offset. When several qualify, they
    /// finish once as many EOF events have arrived as there are candidates (librdkafka
    /// sends one per partition).
    fn on_eof(&mut self, topic: Option<&str>, partition: i32, at: i64) {
        if at < 0 {
            return;
        }
        let candidates: Vec<usize> = self
            .parts
            .iter()
            .enumerate()
            .filter(|(_, p)| {
                p.assigned
                    && !p.done
                    && p.partition == partition
                    && p.next <= at
                    && topic.is_none_or(|t| p.topic == t)
            })
            .map(|(i, _)| i)
            .collect();
        let finish = |p: &mut Part| {
            p.eof_at = Some(at);
            if p.stop.offset.is_some_and(|s| at >= s) {
                // Everything before `at` was delivered: skipped markers or gaps included.
                let upto = p.stop.offset.map_or(at, |s| s.min(at));
                if upto > p.processed && p.next >= 0 {
                    p.processed = upto;
                    p.dirty = true;
                }
                p.next = p.next.max(upto);
                p.done = true;
            }
        };
        match candidates.as_slice() {
            [] => {}
            [one] => finish(&mut self.parts[*one]),
            many => {
                let seen = self.ambiguous_eofs.entry(partition).or_default();
                *seen += 1;
                if *seen >= many.len() {
                    *seen = 0;
                    for &i in many {
                        finish(&mut self.parts[i]);
                    }
                }
            }
        }
        self.pause_done();
    }

    /// Stops fetching finished partitions, so they send no more records or EOFs.
    fn pause_done(&mut self) {
        self.done_changed = true;
        let mut tpl = TopicPartitionList::new();
        for p in self.parts.iter().filter(|p| p.done && p.assigned) {
            tpl.add_partition(&p.topic, p.partition);
        }
        if tpl.count() > 0 {
            let _ = self.consumer.pause(&tpl);
        }
    }

    fn on_message<M: Rec>(&mut self, msg: &M) -> Option<End> {
        self.seen += 1;
        let (partition, offset) = (msg.partition(), msg.offset());
        // Consecutive records mostly come from one partition: compare the topic by its
        // handle when there is one, and read its name only when it is needed.
        let topic_id = msg.topic_id();
        let i = match self.parts.get(self.last_part) {
            Some(p)
                if p.partition == partition
                    && if topic_id == 0 {
                        p.topic == msg.topic()
                    } else {
                        topic_id == self.last_topic_id
                    } =>
            {
                self.last_part
            }
            _ => {
                let i = self.part_index(msg.topic(), partition);
                self.last_part = i;
                self.last_topic_id = topic_id;
                i
            }
        };
        let topic = if self.needs.topic { msg.topic() } else { "" };
        let ts = match msg.timestamp() {
            Timestamp::NotAvailable => None,
            Timestamp::CreateTime(t) => Some((t, "create")),
            Timestamp::LogAppendTime(t) => Some((t, "log_append")),
        };
        {
            let part = &mut self.parts[i];
            if part.done || !part.assigned {
                return None;
            }
            let past_offset = part.stop.offset.is_some_and(|s| offset >= s);
            let past_time = part
                .stop
                .time
                .is_some_and(|t| ts.is_some_and(|(ms, _)| ms >= t));
            if past_offset || past_time {
                part.done = true;
                self.pause_done();
                return None;
            }
            part.next = offset + 1;
            part.eof_at = None;
        }
        match self.render(msg, topic, partition, offset, ts) {
            Ok(printed) => {
                let part = &mut self.parts[i];
                part.processed = offset + 1;
                part.dirty = true;
                if part.stop.offset.is_some_and(|s| offset + 1 >= s) {
                    part.done = true;
                    self.pause_done();
                }
                if printed {
                    self.written += 1;
                    if self.plan.expect.is_some() {
                        self.matched_expect += 1;
                    }
                    if self.plan.wait_for.is_some() {
                        return Some(End::Expected);
                    }
                    if self.plan.expect.is_some_and(|n| self.matched_expect >= n) {
                        return Some(End::Expected);
                    }
                    if self.plan.count.is_some_and(|n| self.written >= n) {
                        return Some(End::Count);
                    }
                    if self.line_buffered || self.buf.len() >= FLUSH_AT {
                        if let Err(end) = self.flush() {
                            return Some(end);
                        }
                    }
                }
                None
            }
            Err((why, code)) => {
                let message = format!(
                    "cannot decode the record at {} offset {offset}: {why}",
                    self.parts[i].label()
                );
                // An unreachable schema registry is not a bad record: never skipped.
                if code == exit::CONNECTION {
                    return Some(End::Fail(Failure::new(code, message).into()));
                }
                if self.plan.skip_errors {
                    output::warn(format!("{message} (skipped)"));
                    let part = &mut self.parts[i];
                    part.processed = offset + 1;
                    part.dirty = true;
                    None
                } else {
                    Some(End::Fail(
                        Failure::new(code, message)
                            .hint("--skip-errors reports such records and goes on; --value-format bytes shows them raw")
                            .into(),
                    ))
                }
            }
        }
    }

    /// Decodes, filters and renders one record into the buffer. Ok(false): filtered out.
    fn render<'m, M: Rec>(
        &mut self,
        msg: &'m M,
        topic: &str,
        partition: i32,
        offset: i64,
        ts: Option<(i64, &'static str)>,
    ) -> Result<bool, (String, exit::Code)> {
        let plan = &self.plan;
        let needs = self.needs;
        let (key_raw, value_raw) = (msg.key(), msg.payload());
        let mut headers: Vec<(&'m str, Option<&'m [u8]>)> = Vec::new();
        if needs.headers {
            msg.headers_into(&mut headers);
        }
        let key = if needs.key {
            decode(&mut *self.key_decoder, plan.key_format, key_raw)
                .map_err(|e| (format!("key: {e}"), e.code()))?
        } else {
            None
        };
        // The id of this record's frame (schema formats); none for a null key/value.
        let key_schema_id = key.as_ref().and_then(|_| self.key_decoder.schema_id());
        let value = if needs.value {
            decode(&mut *self.value_decoder, plan.value_format, value_raw)
                .map_err(|e| (format!("value: {e}"), e.code()))?
        } else {
            None
        };
        let value_schema_id = value.as_ref().and_then(|_| self.value_decoder.schema_id());
        if needs.filtering {
            let subject = Subject {
                key: key.as_ref(),
                value: value.as_ref(),
                headers: &headers,
            };
            if !plan.filter.matches(&subject, &mut self.scratch) {
                return Ok(false);
            }
            if let Some(w) = &plan.wait_for {
                if !w.matches(&subject, &mut self.scratch) {
                    return Ok(false);
                }
            }
        }
        let buf = &mut self.buf;
        match &plan.output {
            Output::Value(delim) => {
                if let Some(v) = &value {
                    let _ = v.write_plain(buf, plan.pretty);
                }
                buf.extend_from_slice(delim);
            }
            Output::Json => {
                let _ = envelope::write_record(
                    buf,
                    &RecordView {
                        topic,
                        partition,
                        offset,
                        timestamp: ts,
                        key,
                        value,
                        headers: &headers,
                        key_schema_id,
                        value_schema_id,
                    },
                );
            }
            Output::Format(f) => f.write(
                buf,
                &Record {
                    topic,
                    partition,
                    offset,
                    timestamp: ts.map(|t| t.0),
                    key_raw,
                    value_raw,
                    key: key.as_ref(),
                    value: value.as_ref(),
                    headers: &headers,
                },
                plan.pretty,
            ),
        }
        Ok(true)
    }

    /// The partitions whose processed offset changed since the last flush.
    fn dirty_tpl(&self) -> TopicPartitionList {
        let mut tpl = TopicPartitionList::new();
        for p in self
            .parts
            .iter()
            .filter(|p| p.dirty && p.assigned && p.processed >= 0)
        {
            let _ = tpl.add_partition_offset(&p.topic, p.partition, Offset::Offset(p.processed));
        }
        tpl
    }

    /// A flush point: writes the buffer to stdout and commits per the commit mode.
    fn flush(&mut self) -> Result<(), End> {
        let has_dirty = self.parts.iter().any(|p| p.dirty);
        if self.buf.is_empty() && !has_dirty {
            return Ok(());
        }
        let mode = self.plan.commit;
        if mode == CommitMode::Before && has_dirty {
            let tpl = self.dirty_tpl();
            if tpl.count() > 0 {
                if let Err(e) = self.consumer.commit(&tpl, RdCommitMode::Sync) {
                    return Err(End::Fail(anyhow::anyhow!(
                        "cannot commit before writing: {e}"
                    )));
                }
            }
        }
        if mode == CommitMode::Auto && has_dirty {
            // Stored when handed over (not via librdkafka's own auto-store, which would
            // also store the records that closing the consumer drains and drops).
            let tpl = self.dirty_tpl();
            if tpl.count() > 0 {
                if let Err(e) = self.consumer.store_offsets(&tpl) {
                    output::debug(1, format!("cannot store offsets: {e}"));
                }
            }
        }
        if !self.buf.is_empty() {
            let result = self
                .stdout
                .write_all(&self.buf)
                .and_then(|()| self.stdout.flush());
            self.buf.clear();
            if let Err(e) = result {
                return Err(if e.kind() == io::ErrorKind::BrokenPipe {
                    End::BrokenPipe
                } else {
                    End::Fail(anyhow::Error::new(e).context("cannot write to stdout"))
                });
            }
        }
        if mode == CommitMode::After && has_dirty {
            let tpl = self.dirty_tpl();
            if tpl.count() > 0 {
                if let Err(e) = self.consumer.store_offsets(&tpl) {
                    output::debug(1, format!("cannot store offsets: {e}"));
                }
            }
        }
        for p in &mut self.parts {
            p.dirty = false;
        }
        Ok(())
    }
    /// librdkafka's log lines wait on the consumer's queue until the loop serves it, and
    /// without a group the process exits on the result: at `-vv` and above, the lines
    /// still waiting are served here, or a read that ends at once (`-c 1`) would lose
    /// those of its last moments, such as the fetch that brought its records. With a
    /// group, closing the consumer serves them (and the rebalances that come with it).
    fn serve_last_logs(&self) {
        if self.plan.group.is_some() || output::verbosity() < 2 {
            return;
        }
        let Some(records) = &self.records else {
            return;
        };
        for _ in 0..EVENTS_AT_ONCE {
            if !records.events_waiting() {
                break;
            }
            // Anything but a log line (an error after the end) no longer matters.
            let _ = self.consumer.poll(Duration::ZERO);
        }
    }

    /// Every way out goes through here: flush, final commit, outcome.
    fn finish(&mut self, end: End) -> anyhow::Result<exit::Code> {
        let flushed = match end {
            End::BrokenPipe => Err(End::BrokenPipe),
            _ => self.flush(),
        };
        if matches!(self.plan.commit, CommitMode::After | CommitMode::Auto)
            && self.plan.group.is_some()
        {
            match self.consumer.commit_consumer_state(RdCommitMode::Sync) {
                Ok(()) => output::debug(1, "committed"),
                Err(e) if e.rdkafka_error_code() == Some(RDKafkaErrorCode::NoOffset) => {}
                Err(e) => output::warn(format!("final commit failed: {e}")),
            }
        }
        self.consumer
            .context()
            .closing
            .store(true, Ordering::Release);
        self.serve_last_logs();
        output::debug(
            1,
            format!("{} record{} written", self.written, plural(self.written)),
        );
        let end = match flushed {
            Err(End::BrokenPipe) => End::BrokenPipe,
            Err(other) if !matches!(end, End::Fail(_)) => other,
            _ => end,
        };
        match end {
            End::BrokenPipe => Ok(exit::SUCCESS),
            End::Done | End::Count | End::Idle => {
                if let Some(n) = self.plan.expect {
                    if self.matched_expect < n {
                        return exit::fail(
                            exit::CHECK_FAILED,
                            format!(
                                "expected at least {n} record{}, got {} before the end",
                                plural(n),
                                self.matched_expect
                            ),
                        );
                    }
                }
                if let Some(w) = &self.plan.wait_for {
                    return exit::fail(
                        exit::CHECK_FAILED,
                        format!("no record matching '{}' before the end", w.source()),
                    );
                }
                Ok(exit::SUCCESS)
            }
            End::Expected => Ok(exit::SUCCESS),
            End::Interrupted => Ok(exit::INTERRUPTED),
            End::Check(why) => exit::fail(exit::CHECK_FAILED, why),
            End::Fail(e) => Err(e),
        }
    }
}

fn plural(n: u64) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Decodes one key or value. `string` and `bytes` skip the decoder: the raw bytes are
/// what every output shows for them (the envelope checks UTF-8 itself).
fn decode<'a>(
    decoder: &mut dyn Decoder,
    format: SerdeFormat,
    raw: Option<&'a [u8]>,
) -> Result<Option<Decoded<'a>>, crate::serde::SerdeError> {
    match raw {
        None => Ok(None),
        Some(b) => match format {
            SerdeFormat::String | SerdeFormat::Bytes => Ok(Some(Decoded::Bytes(b))),
            _ => decoder.decode(b).map(Some),
        },
    }
}

/// Whether stdout is a pipe whose reader has gone. A write would fail with EPIPE, but
/// while no records arrive there is nothing to write: without this check `consume |
/// head -n 1` on a quiet topic would wait for the next record to find out.
#[cfg(unix)]
fn stdout_closed() -> bool {
    use rustix::event::{poll, PollFd, PollFlags, Timespec};
    let stdout = io::stdout();
    let mut fds = [PollFd::new(&stdout, PollFlags::empty())];
    let now = Timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    matches!(poll(&mut fds, Some(&now)), Ok(n) if n > 0)
        && fds[0].revents().intersects(PollFlags::ERR | PollFlags::HUP)
}

#[cfg(not(unix))]
fn stdout_closed() -> bool {
    false
}
