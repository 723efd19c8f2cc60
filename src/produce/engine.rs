//! The producer loop: turn input records into Kafka records and keep librdkafka busy.
//!
//! Sending is pipelined: records are only enqueued (librdkafka copies the bytes and
//! batches them on its own threads), and delivery reports are served by a non-blocking
//! poll every few records, never awaited one by one. Plain lines (no headers, no
//! timestamps) are collected per destination partition and handed over 128 at a time;
//! the partition is computed here (Java's murmur2 for keys, librdkafka's sticky choice
//! for keyless records) so that librdkafka's per-record partitioner, with its clock
//! reads and locks, does not run. Input that is idle for a moment flushes the batches,
//! so interactive input is never held back. When librdkafka's queue is full the loop
//! serves reports and sleeps a millisecond rather than calling rust-rdkafka's timed
//! `poll`, which (since 0.38) spins for the last millisecond of every wait.
//!
//! The loop runs on one blocking thread and owns all the pacing: `--rate`, `--count`,
//! transactions, `--fail-fast`, Ctrl-C. It never drops queued records silently: at the
//! end it waits until every record sent has a delivery report, bounded only when the
//! user interrupts, and then purges so the purged records are reported as failed.

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use indicatif::ProgressBar;
use rdkafka::producer::{BaseProducer, Producer, PurgeConfig};
use rdkafka::types::RDKafkaErrorCode;

use super::delivery::{describe, pack, ProduceContext};
use super::format::{FormatEvent, FormatReader, Parsed};
use super::input::{Event, Records};
use super::native::{self, Batch, Enqueuer, Outgoing, Refused, Rejected, Wakeup, RECORD_OVERHEAD};
use crate::output::{self, Out};
use crate::serde::envelope::{self, Field};
use crate::serde::{Encoder, Format, SerdeError};

mod records;

/// Serve delivery reports after this many records.
const POLL_EVERY: u32 = 64;
/// Plain records handed to librdkafka in one call.
const BATCH: usize = 128;
/// How long to wait for input before serving reports and checking for Ctrl-C.
const INPUT_WAIT: Duration = Duration::from_millis(50);
/// Warnings for skipped bad records shown before going quiet.
const MAX_BAD_WARNINGS: u64 = 10;

/// How records are read.
#[derive(Clone, Debug)]
pub enum Mode {
    /// Delimited records, optionally `key<delim>value`.
    Lines { key_delimiter: Option<Vec<u8>> },
    /// One JSON envelope per line.
    Json,
    /// Each input is one value.
    Raw,
    /// Records described by `--input format:...`.
    Format,
}

/// Where records come from.
pub enum Source {
    Records(Records),
    Format(FormatReader),
}

/// The record timestamp requested on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stamp {
    /// Let the producer stamp each record (ignoring envelope timestamps).
    Now,
    /// Milliseconds since the epoch.
    At(i64),
}

/// Everything the loop needs to know, resolved from the command line.
pub struct Plan {
    pub names: Vec<String>,
    pub mode: Mode,
    pub topic: Option<String>,
    pub partition: Option<i32>,
    pub timestamp: Option<Stamp>,
    /// `-k`, already encoded with the key format.
    pub key: Option<Vec<u8>>,
    pub headers: Vec<(String, Option<Vec<u8>>)>,
    pub null_value: Option<Vec<u8>>,
    pub empty_is_null: bool,
    pub skip_empty: bool,
    pub key_format: Format,
    pub value_format: Format,
    pub count: Option<u64>,
    pub rate: Option<f64>,
    pub fail_fast: bool,
    pub skip_bad_input: bool,
    /// `Some(size)` in transactional mode (`size` = records per transaction, if bounded).
    pub transaction: Option<Option<u64>>,
    pub report: bool,
    /// Bound for the final wait once interrupted, and for transaction calls.
    pub grace: Duration,
    pub transaction_timeout: Duration,
    /// The producer's `message.max.bytes`, for the oversize message.
    pub max_message_bytes: usize,
    /// The partition count of `topic`, when known.
    pub partitions: Option<usize>,
    /// With a `*_random` partitioner: how long keyless records stick to one partition
    /// (`sticky.partitioning.linger.ms`).
    pub sticky: Option<Duration>,
    /// With a murmur2 partitioner: keys are hashed here (as Java does) to batch
    /// records per partition.
    pub hash_keys: bool,
    pub progress: Option<(ProgressBar, ProgressUnit)>,
}

/// What the progress bar counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProgressUnit {
    /// Input bytes (advanced by the reader thread).
    Bytes,
    /// Records sent, towards `--count`.
    Records,
}

/// Ctrl-C and SIGTERM, as seen by the loop.
#[derive(Default)]
pub struct Stop {
    /// Stop reading, finish what is in flight within the grace period.
    pub interrupted: AtomicBool,
    /// Stop now: purge what is still queued.
    pub hard: AtomicBool,
}

/// Why the loop ended.
#[derive(Debug)]
pub enum End {
    /// All input was read (or `--count` was reached).
    Finished,
    Interrupted,
    /// A record could not be read or encoded (and `--skip-bad-input` was not given).
    BadInput(String),
    /// `--fail-fast`: a record failed.
    FailFast,
    /// Reading an input failed.
    ReadFailed(String),
    /// A transaction call failed; the message says which and why.
    Transaction(String),
    /// An encoder could not be set up for a record's topic (schema registry subject
    /// unknown or registry unreachable): its exit code and message.
    Setup(crate::exit::Code, String),
}

/// What happened, for the summary and the exit code.
pub struct Outcome {
    pub end: End,
    pub sent: u64,
    pub bad: u64,
    pub elapsed: Duration,
    /// Set when a transaction was aborted (and why).
    pub aborted: Option<String>,
}

enum Step {
    Continue,
    Stop(End),
}

struct Loop<'a> {
    producer: &'a BaseProducer<ProduceContext>,
    enqueuer: Enqueuer<'a>,
    /// `-H` headers, borrowed once for every record.
    headers: Vec<(&'a str, Option<&'a [u8]>)>,
    plan: &'a Plan,
    stop: &'a Stop,
    key_encoder: Box<dyn Encoder>,
    value_encoder: Box<dyn Encoder>,
    key_scratch: Vec<u8>,
    value_scratch: Vec<u8>,
    sent: u64,
    bad: u64,
    since_poll: u32,
    out: Out,
    report_buf: Vec<u8>,
    in_transaction: bool,
    in_this_transaction: u64,
    rate_start: Instant,
    /// Where plain records are batched to, when they can be (see [`batch_target`]).
    batch_to: Option<(&'a str, Option<i32>)>,
    /// Plain records waiting to be handed over: one batch per partition, and a last
    /// one for records the partitioner places.
    batches: Vec<Batch>,
    /// Records in `batches`.
    batched: usize,
    /// The partition keyless records currently stick to, and since when.
    sticky: Option<(usize, Instant)>,
    rng: u64,
    rejected: Vec<Rejected>,
    warned_down: bool,
    /// Queued records were purged (after Ctrl-C).
    purged: bool,
    /// Ends the final wait for delivery reports as soon as one arrives.
    wakeup: Option<Wakeup>,
}

fn seed() -> u64 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    (nanos ^ u64::from(std::process::id()).rotate_left(32)) | 1
}

/// Plain lines go in batches when nothing needs per-record handling: a fixed topic
/// whose partition count is known, no headers or timestamps, no pacing, no
/// transaction boundaries to respect.
fn batch_target(plan: &Plan) -> Option<(&str, Option<i32>)> {
    let plain = matches!(plan.mode, Mode::Lines { .. } | Mode::Raw)
        && plan.headers.is_empty()
        && !matches!(plan.timestamp, Some(Stamp::At(_)))
        && plan.rate.is_none()
        && plan.transaction.is_none()
        && plan.partitions.is_some_and(|n| n > 0);
    let topic = plan.topic.as_deref().filter(|_| plain)?;
    // A one-partition topic needs no partitioner: every record goes to partition 0.
    let partition = plan
        .partition
        .or_else(|| (plan.partitions == Some(1)).then_some(0));
    Some((topic, partition))
}

/// The key and value encoders of a run (`serde::schemas::Codecs` builds the schema
/// formats; `None`: the format's plain encoder).
#[derive(Default)]
pub struct Encoders {
    pub key: Option<Box<dyn Encoder>>,
    pub value: Option<Box<dyn Encoder>>,
}

/// Runs the loop to the end and returns what happened.
pub fn run(
    producer: &BaseProducer<ProduceContext>,
    mut source: Source,
    plan: &Plan,
    stop: &Stop,
    encoders: Encoders,
) -> Outcome {
    let started = Instant::now();
    native::keep_heap();
    let mut lp = Loop {
        producer,
        enqueuer: Enqueuer::new(producer),
        headers: plan
            .headers
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_deref()))
            .collect(),
        plan,
        stop,
        key_encoder: encoders.key.unwrap_or_else(|| plan.key_format.encoder()),
        value_encoder: encoders
            .value
            .unwrap_or_else(|| plan.value_format.encoder()),
        key_scratch: Vec::new(),
        value_scratch: Vec::new(),
        sent: 0,
        bad: 0,
        since_poll: 0,
        out: Out::new(),
        report_buf: Vec::new(),
        in_transaction: false,
        in_this_transaction: 0,
        rate_start: started,
        batch_to: batch_target(plan),
        batches: std::iter::repeat_with(Batch::default)
            .take(plan.partitions.unwrap_or(0) + 1)
            .collect(),
        batched: 0,
        sticky: None,
        rng: seed(),
        rejected: Vec::new(),
        warned_down: false,
        purged: false,
        wakeup: Wakeup::new(producer),
    };
    let mut end = lp.pump(&mut source);
    let aborted = lp.finish(&end);
    if lp.purged
        && stop.interrupted.load(Ordering::Relaxed)
        && matches!(end, End::Finished | End::FailFast)
    {
        // Ctrl-C during the final wait: what was purged is undelivered because of it.
        end = End::Interrupted;
    }
    lp.write_report(true);
    Outcome {
        end,
        sent: lp.sent,
        bad: lp.bad,
        elapsed: started.elapsed(),
        aborted,
    }
}

impl Loop<'_> {
    fn ctx(&self) -> &ProduceContext {
        self.producer.context()
    }

    fn outstanding(&self) -> u64 {
        self.sent.saturating_sub(self.ctx().done())
    }

    /// Serves the delivery reports that are ready, without waiting.
    fn serve(&mut self) {
        // One poll handles one event (a delivery-report event covers many records);
        // keep going while events keep coming.
        for _ in 0..1024 {
            let before = self.ctx().done();
            self.producer.poll(Duration::ZERO);
            if self.ctx().done() == before {
                break;
            }
        }
        self.since_poll = 0;
        self.write_report(false);
        if !self.warned_down && self.ctx().diag.fatal_seen() {
            self.warned_down = true;
            output::warn(
                "the brokers are unreachable: records wait for them until --delivery-timeout \
                 (message.timeout.ms, 5 minutes by default), then count as failed",
            );
        }
    }

    fn write_report(&mut self, flush: bool) {
        if !self.plan.report {
            return;
        }
        self.producer.context().take_report(&mut self.report_buf);
        if !self.report_buf.is_empty() {
            // A closed stdout must not stop delivery tracking; the error is reported
            // through the exit code of whoever reads us.
            let _ = self.out.write_all(&self.report_buf);
            self.report_buf.clear();
        }
        if flush {
            let _ = self.out.flush();
        }
    }

    /// Whether to stop before the next record.
    fn should_stop(&self) -> Option<End> {
        if self.stop.interrupted.load(Ordering::Relaxed) {
            return Some(End::Interrupted);
        }
        if self.ctx().failed() > 0 {
            if self.plan.fail_fast {
                return Some(End::FailFast);
            }
            if self.plan.transaction.is_some() {
                // The transaction can only abort now; stop feeding it.
                return Some(End::FailFast);
            }
        }
        if self
            .plan
            .count
            .is_some_and(|c| self.sent + self.batched as u64 >= c)
        {
            return Some(End::Finished);
        }
        None
    }

    fn pump(&mut self, source: &mut Source) -> End {
        let end = match source {
            Source::Records(records) => self.read_and_send(records),
            Source::Format(reader) => self.read_formatted(reader),
        };
        // Records already batched were read before whatever ended the run: send them,
        // unless the run must not send anything more.
        match end {
            End::Finished | End::BadInput(_) | End::ReadFailed(_) => match self.flush_batches() {
                Ok(()) => end,
                Err(later) => match end {
                    End::Finished => later,
                    _ => end,
                },
            },
            _ => end,
        }
    }

    fn read_and_send(&mut self, records: &mut Records) -> End {
        loop {
            if let Some(end) = self.should_stop() {
                return end;
            }
            let step = match records.next(INPUT_WAIT) {
                Event::Record { input, line, bytes } => {
                    let origin = pack(input, line);
                    // The encoded key and value borrow the scratch buffers while `send`
                    // borrows the loop: lend the buffers out for the record.
                    let mut ks = std::mem::take(&mut self.key_scratch);
                    let mut vs = std::mem::take(&mut self.value_scratch);
                    let step = match &self.plan.mode {
                        Mode::Lines { .. } | Mode::Raw => {
                            self.line_record(origin, bytes, &mut ks, &mut vs)
                        }
                        Mode::Json => self.json_record(origin, bytes, &mut ks, &mut vs),
                        // Format input is read by a `FormatReader`, never from here.
                        Mode::Format => Step::Continue,
                    };
                    self.key_scratch = ks;
                    self.value_scratch = vs;
                    step
                }
                Event::Oversize { input, line, size } => self.bad_input(
                    pack(input, line),
                    &format!(
                        "record is {size} bytes, over the maximum message size of {} bytes \
                         (--max-message-bytes, message.max.bytes)",
                        self.plan.max_message_bytes
                    ),
                ),
                Event::Pending => {
                    if let Err(end) = self.flush_batches() {
                        return end;
                    }
                    self.serve();
                    let _ = self.out.flush();
                    Step::Continue
                }
                Event::Failed { input, error } => {
                    let name = self.plan.names.get(input).map_or("?", String::as_str);
                    Step::Stop(End::ReadFailed(format!("reading '{name}': {error}")))
                }
                Event::Done => return End::Finished,
            };
            if let Step::Stop(end) = step {
                return end;
            }
            self.since_poll += 1;
            if self.since_poll >= POLL_EVERY {
                self.serve();
            }
        }
    }

    fn read_formatted(&mut self, reader: &mut FormatReader) -> End {
        loop {
            if let Some(end) = self.should_stop() {
                return end;
            }
            let step = match reader.next(INPUT_WAIT) {
                FormatEvent::Record {
                    input,
                    line,
                    window,
                    parsed,
                } => {
                    let mut ks = std::mem::take(&mut self.key_scratch);
                    let mut vs = std::mem::take(&mut self.value_scratch);
                    let step =
                        self.format_record(pack(input, line), window, parsed, &mut ks, &mut vs);
                    self.key_scratch = ks;
                    self.value_scratch = vs;
                    step
                }
                FormatEvent::Bad { input, line, error } => {
                    self.bad_input(pack(input, line), &error)
                }
                FormatEvent::Pending => {
                    self.serve();
                    let _ = self.out.flush();
                    Step::Continue
                }
                FormatEvent::Failed { input, error } => {
                    let name = self.plan.names.get(input).map_or("?", String::as_str);
                    Step::Stop(End::ReadFailed(format!("reading '{name}': {error}")))
                }
                FormatEvent::Done => return End::Finished,
            };
            if let Step::Stop(end) = step {
                return end;
            }
            self.since_poll += 1;
            if self.since_poll >= POLL_EVERY {
                self.serve();
            }
        }
    }

    /// A key or value that could not be encoded: bad input, unless the encoder could
    /// not be set up at all (a registry subject, the registry itself), which stops the
    /// run with its own exit code whatever `--skip-bad-input` says.
    fn encode_failed(&mut self, origin: usize, what: &str, e: &SerdeError) -> Step {
        let code = e.code();
        if code == crate::exit::BAD_INPUT {
            return self.bad_input(origin, &format!("{what}: {e}"));
        }
        let (input, line) = super::delivery::unpack(origin);
        let name = self.plan.names.get(input).map_or("?", String::as_str);
        Step::Stop(End::Setup(code, format!("{name}:{line}: {what}: {e}")))
    }

    /// Tells both encoders the topic of a record that names its own topic.
    fn set_topic(&mut self, origin: usize, topic: &str) -> Option<Step> {
        if let Err(e) = self.key_encoder.set_topic(topic) {
            return Some(self.encode_failed(origin, "key", &e));
        }
        if let Err(e) = self.value_encoder.set_topic(topic) {
            return Some(self.encode_failed(origin, "value", &e));
        }
        None
    }

    /// A record that cannot be produced: skip it or stop.
    fn bad_input(&mut self, origin: usize, why: &str) -> Step {
        self.bad += 1;
        self.producer.context().bad_input(origin, why);
        let (input, line) = super::delivery::unpack(origin);
        let name = self.plan.names.get(input).map_or("?", String::as_str);
        let message = format!("{name}:{line}: {why}");
        if !self.plan.skip_bad_input {
            return Step::Stop(End::BadInput(message));
        }
        if self.bad <= MAX_BAD_WARNINGS {
            output::warn(format!("skipped {message}"));
        }
        if self.bad == MAX_BAD_WARNINGS {
            output::warn("further skipped records are only counted (see the summary)");
        }
        Step::Continue
    }

    fn send(&mut self, topic: &str, record: &Outgoing<'_>) -> Step {
        let origin = record.opaque;
        if let Err(end) = self.begin_transaction() {
            return Step::Stop(end);
        }
        self.pace();
        if self.stop.interrupted.load(Ordering::Relaxed) {
            return Step::Stop(End::Interrupted);
        }
        loop {
            match self.enqueuer.send(topic, record) {
                Ok(()) => break,
                Err(Refused::Kafka(RDKafkaErrorCode::QueueFull)) => {
                    if !self.make_room() {
                        return Step::Stop(End::Interrupted);
                    }
                }
                Err(Refused::Kafka(RDKafkaErrorCode::MessageSizeTooLarge)) => {
                    let size =
                        record.key.map_or(0, <[u8]>::len) + record.value.map_or(0, <[u8]>::len);
                    return self.bad_input(
                        origin,
                        &format!(
                            "record is {size} bytes (key and value), over the maximum message \
                             size of {} bytes (--max-message-bytes, message.max.bytes)",
                            self.plan.max_message_bytes
                        ),
                    );
                }
                Err(Refused::Nul(what)) => {
                    return self.bad_input(origin, &format!("the {what} contains a NUL byte"));
                }
                Err(Refused::Kafka(code)) => {
                    // Rejected before it was queued (unknown partition, ...): it is one
                    // failed record, like a failed delivery.
                    self.producer.context().fail_local(origin, &describe(code));
                    return Step::Continue;
                }
            }
        }
        self.sent += 1;
        if let Some((bar, ProgressUnit::Records)) = &self.plan.progress {
            if self.sent % 1024 == 0 {
                bar.set_position(self.sent);
            }
        }
        if self.plan.transaction.is_some() {
            self.in_this_transaction += 1;
            if let Some(Some(size)) = self.plan.transaction {
                if self.in_this_transaction >= size {
                    if let Err(end) = self.commit() {
                        return Step::Stop(end);
                    }
                }
            }
        }
        Step::Continue
    }

    fn oversize(&mut self, origin: usize, size: usize) -> Step {
        self.bad_input(
            origin,
            &format!(
                "record is {size} bytes (key and value), over the maximum message size of {} \
                 bytes (--max-message-bytes, message.max.bytes)",
                self.plan.max_message_bytes
            ),
        )
    }

    /// Batches a plain record for the partition it goes to: the one given, the one
    /// Java's murmur2 picks for its key, or for a keyless record the partition records
    /// stick to (as librdkafka's sticky partitioner would); else the partitioner's.
    pub(super) fn batch(
        &mut self,
        key: Option<&[u8]>,
        value: Option<&[u8]>,
        partition: Option<i32>,
        origin: usize,
    ) -> Step {
        let size = key.map_or(0, <[u8]>::len) + value.map_or(0, <[u8]>::len);
        if RECORD_OVERHEAD + size > self.plan.max_message_bytes {
            return self.oversize(origin, size);
        }
        let any = self.batches.len() - 1;
        let slot = match (partition, key) {
            (Some(p), _) => usize::try_from(p).map_or(any, |p| p.min(any)),
            (None, Some(k)) if self.plan.hash_keys => {
                super::partition::for_key(k, self.plan.partitions.unwrap_or(1))
            }
            (None, None) => match self.plan.sticky {
                Some(linger) => self.sticky_partition(linger),
                None => any,
            },
            (None, Some(_)) => any,
        };
        // Keep input order between records placed here and by the partitioner (which
        // may choose the same partition).
        let mixing = if slot == any {
            self.batched > self.batches[any].len()
        } else {
            !self.batches[any].is_empty()
        };
        if mixing {
            if let Err(end) = self.flush_batches() {
                return Step::Stop(end);
            }
        }
        self.batches[slot].push(key, value, origin);
        self.batched += 1;
        if self.batches[slot].len() >= BATCH {
            if let Err(end) = self.flush_slot(slot) {
                return Step::Stop(end);
            }
        }
        Step::Continue
    }

    /// The partition for a keyless record under a `*_random` partitioner: librdkafka's
    /// sticky partitioning (one random partition for `linger`, then another), decided
    /// here, at most once per batch, so that the records go to one partition without
    /// running the partitioner, and its clock and locks, for every record.
    fn sticky_partition(&mut self, linger: Duration) -> usize {
        let count = self.batches.len() - 1;
        if let Some((p, since)) = self.sticky {
            if !self.batches[p].is_empty() || since.elapsed() < linger {
                return p;
            }
        }
        // xorshift64: plenty for spreading load.
        self.rng ^= self.rng << 13;
        self.rng ^= self.rng >> 7;
        self.rng ^= self.rng << 17;
        let p = (self.rng % count.max(1) as u64) as usize;
        self.sticky = Some((p, Instant::now()));
        p
    }

    /// Hands every batched record to librdkafka.
    fn flush_batches(&mut self) -> Result<(), End> {
        for slot in 0..self.batches.len() {
            self.flush_slot(slot)?;
        }
        Ok(())
    }

    /// Hands one partition's batch to librdkafka, waiting for room when its queue is
    /// full.
    fn flush_slot(&mut self, slot: usize) -> Result<(), End> {
        let Some((topic, _)) = self.batch_to else {
            return Ok(());
        };
        let partition = if slot + 1 == self.batches.len() {
            None
        } else {
            i32::try_from(slot).ok()
        };
        while !self.batches[slot].is_empty() {
            let before = self.batches[slot].len();
            let sent = match self.enqueuer.send_batch(
                topic,
                partition,
                &mut self.batches[slot],
                &mut self.rejected,
            ) {
                Ok(n) => n,
                Err(Refused::Nul(what)) => {
                    return Err(End::ReadFailed(format!("the {what} contains a NUL byte")))
                }
                Err(Refused::Kafka(code)) => {
                    return Err(End::ReadFailed(format!(
                        "cannot produce to '{topic}': {}",
                        describe(code)
                    )))
                }
            };
            self.batched -= before - self.batches[slot].len();
            self.sent += sent as u64;
            for r in std::mem::take(&mut self.rejected) {
                if r.code == RDKafkaErrorCode::MessageSizeTooLarge {
                    if let Step::Stop(end) = self.oversize(r.opaque, r.key_len + r.value_len) {
                        return Err(end);
                    }
                } else {
                    self.producer
                        .context()
                        .fail_local(r.opaque, &describe(r.code));
                }
            }
            if let Some((bar, ProgressUnit::Records)) = &self.plan.progress {
                bar.set_position(self.sent);
            }
            if !self.batches[slot].is_empty() && !self.make_room() {
                return Err(End::Interrupted);
            }
        }
        Ok(())
    }

    /// librdkafka's queue is full: wait until a quarter of it is free again (serving
    /// delivery reports meanwhile) rather than refilling it a few records at a time,
    /// which would wake librdkafka's broker thread for every handful of records while
    /// it has plenty queued already. `false` on a hard stop.
    fn make_room(&mut self) -> bool {
        let full = self.outstanding();
        loop {
            self.serve();
            if self.stop.hard.load(Ordering::Relaxed) {
                return false;
            }
            // (Nothing outstanding means the queue is full of bytes, not records;
            // retrying is all there is to do.)
            if self.outstanding() <= full - full / 4
                || self.stop.interrupted.load(Ordering::Relaxed)
            {
                return true;
            }
            std::thread::sleep(Duration::from_millis(1));
        }
    }

    /// `--rate`: wait until this record is due, serving reports meanwhile. After a
    /// stall the schedule restarts instead of bursting to catch up.
    fn pace(&mut self) {
        let Some(rate) = self.plan.rate else {
            return;
        };
        let due = self.rate_start + Duration::from_secs_f64(self.sent as f64 / rate);
        loop {
            let now = Instant::now();
            if now >= due {
                if now - due > Duration::from_secs(1) {
                    self.rate_start = now - Duration::from_secs_f64(self.sent as f64 / rate);
                }
                return;
            }
            if self.stop.interrupted.load(Ordering::Relaxed) {
                return;
            }
            std::thread::sleep((due - now).min(Duration::from_millis(10)));
            self.serve();
        }
    }

    fn begin_transaction(&mut self) -> Result<(), End> {
        if self.plan.transaction.is_none() || self.in_transaction {
            return Ok(());
        }
        self.producer
            .begin_transaction()
            .map_err(|e| End::Transaction(format!("cannot begin a transaction: {e}")))?;
        self.in_transaction = true;
        self.in_this_transaction = 0;
        Ok(())
    }

    fn commit(&mut self) -> Result<(), End> {
        if !self.in_transaction {
            return Ok(());
        }
        // Commit flushes: it serves the delivery reports of the whole transaction.
        let result = self
            .producer
            .commit_transaction(self.plan.transaction_timeout);
        self.in_transaction = false;
        match result {
            Ok(()) => {
                self.producer.context().commit();
                self.write_report(false);
                Ok(())
            }
            Err(e) => Err(End::Transaction(format!(
                "cannot commit the transaction: {e}"
            ))),
        }
    }

    /// Aborts the open transaction (if any) and marks its records undelivered.
    fn abort(&mut self, why: &str) -> Option<String> {
        if !self.in_transaction {
            return None;
        }
        self.in_transaction = false;
        // librdkafka's abort waits for every outstanding record's delivery report to be
        // served, which nobody does while this thread is blocked in it: let the records
        // in flight finish (or purge them) first.
        self.wait_for_reports(Some(self.plan.grace));
        let result = self
            .producer
            .abort_transaction(self.plan.transaction_timeout);
        self.wait_for_reports(Some(self.plan.grace));
        let note = match result {
            Ok(()) => format!("transaction aborted ({why})"),
            Err(e) => format!("transaction abort failed ({e}); it was not committed ({why})"),
        };
        self.producer.context().abort(&note);
        Some(note)
    }

    /// Finishes the run after `end`: commits or aborts the open transaction, waits for
    /// every delivery report. Returns the abort note, if a transaction was aborted.
    fn finish(&mut self, end: &End) -> Option<String> {
        let failed_txn = self.plan.transaction.is_some() && self.ctx().failed() > 0;
        let aborted = match end {
            End::Finished if !failed_txn => match self.commit() {
                Ok(()) => None,
                Err(End::Transaction(why)) => {
                    // The commit failed: nothing of this transaction is visible.
                    self.in_transaction = true;
                    self.abort(&why)
                }
                Err(_) => None,
            },
            End::Finished | End::FailFast => self.abort("a record was not delivered"),
            End::Interrupted => self.abort("interrupted"),
            End::BadInput(_) => self.abort("bad input"),
            End::ReadFailed(_) => self.abort("input error"),
            End::Setup(..) => self.abort("a schema encoder could not be set up"),
            End::Transaction(why) => {
                let why = why.clone();
                self.in_transaction = true;
                self.abort(&why)
            }
        };
        self.wait_for_reports(None);
        aborted
    }

    /// Waits until every record sent has its delivery report. Unbounded unless the
    /// user interrupts (librdkafka itself gives up after `message.timeout.ms`); from
    /// the interruption on, bounded by `grace` (or `bound`), after which whatever is
    /// still queued is purged and reported as failed.
    ///
    /// Nothing more joins a batch now, so a second thread holds librdkafka in flushing
    /// mode meanwhile: what `linger.ms` would hold back goes out at once (a one-record
    /// run otherwise waited out the whole linger before sending).
    fn wait_for_reports(&mut self, bound: Option<Duration>) {
        let producer = self.producer;
        let waited = AtomicBool::new(false);
        std::thread::scope(|scope| {
            scope.spawn(|| {
                while !waited.load(Ordering::Acquire) {
                    if native::flush_for(producer, Duration::from_millis(50)) {
                        break;
                    }
                }
            });
            self.await_reports(bound);
            waited.store(true, Ordering::Release);
        });
    }

    fn await_reports(&mut self, bound: Option<Duration>) {
        let mut deadline = bound.map(|b| Instant::now() + b);
        let mut purged = false;
        loop {
            self.serve();
            if self.outstanding() == 0 {
                return;
            }
            if deadline.is_none() && self.stop.interrupted.load(Ordering::Relaxed) {
                deadline = Some(Instant::now() + self.plan.grace);
            }
            let expired = deadline.is_some_and(|d| Instant::now() >= d);
            if !purged && (expired || self.stop.hard.load(Ordering::Relaxed)) {
                // Purged records come back as failed delivery reports.
                self.producer
                    .purge(PurgeConfig::default().queue().inflight());
                purged = true;
                self.purged = true;
                deadline = Some(Instant::now() + Duration::from_secs(5));
            } else if purged && expired {
                return;
            }
            match &self.wakeup {
                // Bounded so that Ctrl-C and the deadline are noticed.
                Some(wakeup) => wakeup.wait(Duration::from_millis(10)),
                None => std::thread::sleep(Duration::from_millis(1)),
            }
        }
    }
}
