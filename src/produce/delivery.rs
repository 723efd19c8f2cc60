//! Delivery tracking: which record was acknowledged, which failed, and why.
//!
//! Every record carries its origin (input number and line, packed into librdkafka's
//! per-message opaque pointer, so nothing is allocated per record) and librdkafka
//! reports back on each one through [`ProduceContext::delivery`]. The counts here are
//! the only source of the summary, the exit code and `--report json`: a record is
//! "delivered" only when its delivery report says so (and, in a transaction, only once
//! the transaction committed). A record that failed is reported with librdkafka's final
//! error, the error its partition was last retried on, and whether it may have been
//! written anyway (see [`last_error`](super::last_error)).

use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use rdkafka::error::KafkaError;
use rdkafka::message::{BorrowedMessage, DeliveryResult, Message};
use rdkafka::producer::ProducerContext;
use rdkafka::ClientContext;

use super::last_error::{self, PartitionErrors, Written};
use crate::kafka::Diagnostics;

/// Bits of the opaque used for the input number; the rest hold the line.
const INPUT_BITS: u32 = 16;
const LINE_BITS: u32 = usize::BITS - INPUT_BITS;
/// The most inputs one run can name.
pub const MAX_INPUTS: usize = 1 << INPUT_BITS;

/// Packs a record's origin into one word. Lines beyond what fits (2^48 on 64-bit
/// targets) saturate.
pub fn pack(input: usize, line: u64) -> usize {
    let max_line = (1u64 << LINE_BITS) - 1;
    let line = usize::try_from(line.min(max_line)).unwrap_or(usize::MAX >> INPUT_BITS);
    (input << LINE_BITS) | line
}

pub fn unpack(origin: usize) -> (usize, u64) {
    (
        origin >> LINE_BITS,
        (origin & ((1 << LINE_BITS) - 1)) as u64,
    )
}

/// How many failed records are remembered individually (the rest are only counted).
const KEEP_FAILURES: usize = 10_000;

/// Failed records, kept compactly for the final error message.
#[derive(Default)]
pub struct Failures {
    list: Vec<(usize, u32)>,
    reasons: Vec<String>,
    pub total: u64,
    /// Failed records by [`Written`] (indexed by [`Written::index`]).
    by_written: [u64; 4],
}

impl Failures {
    pub fn add(&mut self, origin: usize, reason: &str, written: Written) {
        self.total += 1;
        self.by_written[written.index()] += 1;
        if self.list.len() >= KEEP_FAILURES {
            return;
        }
        let id = match self.reasons.iter().position(|r| r == reason) {
            Some(i) => i,
            None => {
                self.reasons.push(reason.to_string());
                self.reasons.len() - 1
            }
        };
        self.list.push((origin, id as u32));
    }

    /// How many failed records are `written`.
    pub fn written(&self, written: Written) -> u64 {
        self.by_written[written.index()]
    }

    /// Up to `max` lines naming the failed records, consecutive lines with the same
    /// reason joined into ranges (`<stdin>:4-9: reason`).
    pub fn describe(&self, names: &[String], max: usize) -> Vec<String> {
        let mut list = self.list.clone();
        list.sort_unstable();
        let mut groups: Vec<(usize, u64, u64, u32)> = Vec::new();
        for (origin, reason) in list {
            let (input, line) = unpack(origin);
            match groups.last_mut() {
                Some((i, _, last, r)) if *i == input && *r == reason && *last + 1 == line => {
                    *last = line;
                }
                _ => groups.push((input, line, line, reason)),
            }
        }
        let mut out = Vec::new();
        for (input, first, last, reason) in groups.iter().take(max) {
            let name = names.get(*input).map_or("?", String::as_str);
            let lines = if first == last {
                first.to_string()
            } else {
                format!("{first}-{last}")
            };
            out.push(format!(
                "{name}:{lines}: {}",
                self.reasons[*reason as usize]
            ));
        }
        let shown: u64 = groups
            .iter()
            .take(max)
            .map(|(_, first, last, _)| last - first + 1)
            .sum();
        if self.total > shown {
            out.push(format!(
                "... and {} more (--report json lists every record)",
                self.total - shown
            ));
        }
        out
    }
}

/// What is known about a failed record besides librdkafka's final error.
struct Failure {
    written: Written,
    /// The broker's own words about the record (KIP-467), if any.
    record_error: Option<String>,
    /// The error its partition was last retried on, if it differs from the final one.
    last_error: Option<String>,
}

impl Failure {
    /// A record refused before it was sent.
    fn local() -> Failure {
        Failure {
            written: Written::No,
            record_error: None,
            last_error: None,
        }
    }

    /// From a failed delivery report whose final error reads `error`.
    fn of(msg: &BorrowedMessage<'_>, error: &str, errors: &PartitionErrors) -> Failure {
        let last_error = errors
            .get(msg.topic(), msg.partition())
            .filter(|l| l != error);
        Failure {
            written: Written::of(msg),
            record_error: last_error::record_error(msg),
            last_error,
        }
    }

    /// The reason shown in the failure list: `Local: Message timed out (last error:
    /// Broker: Not enough in-sync replicas; not written)`.
    fn describe(&self, error: &str) -> String {
        let mut text = error.to_string();
        if let Some(r) = &self.record_error {
            text.push_str(": ");
            text.push_str(r);
        }
        let mut notes = Vec::new();
        if let Some(l) = &self.last_error {
            notes.push(format!("last error: {l}"));
        }
        // An aborted transaction's note already says what became of its records.
        if self.written != Written::Aborted {
            notes.push(self.written.text().to_string());
        }
        if !notes.is_empty() {
            text.push_str(&format!(" ({})", notes.join("; ")));
        }
        text
    }
}

/// A record acknowledged inside a transaction that has not committed yet.
struct Pending {
    origin: usize,
    partition: i32,
    offset: i64,
}

/// The counts, under one lock (delivery reports arrive on the thread that polls, so
/// the lock is never contended in practice).
#[derive(Default)]
struct Tally {
    acked: u64,
    acked_bytes: u64,
    failures: Failures,
    /// `--report json` lines not yet written to stdout.
    report: Vec<u8>,
    pending: Vec<Pending>,
    pending_count: u64,
    pending_bytes: u64,
}

/// What the tally says at the end.
pub struct Totals {
    pub acked: u64,
    pub acked_bytes: u64,
    pub failures: Failures,
}

/// The producer's librdkafka context: diagnostics plus delivery tracking.
pub struct ProduceContext {
    pub diag: Diagnostics,
    /// Input names, JSON-quoted, for `--report json`.
    json_names: Vec<String>,
    report: bool,
    transactional: bool,
    /// Records whose delivery report arrived (either way).
    done: AtomicU64,
    /// Records that failed (delivery reports, local rejections, aborted transactions).
    failed: AtomicU64,
    /// Acknowledged records and bytes outside transactions (the common case is counted
    /// without taking the lock).
    acked: AtomicU64,
    acked_bytes: AtomicU64,
    tally: Mutex<Tally>,
    /// The last produce error per partition (fed by [`last_error::Watch`]).
    pub partition_errors: PartitionErrors,
}

impl ProduceContext {
    pub fn new(diag: Diagnostics, names: &[String], report: bool, transactional: bool) -> Self {
        ProduceContext {
            diag,
            json_names: names
                .iter()
                .map(|n| serde_json::to_string(n).unwrap_or_else(|_| "\"?\"".into()))
                .collect(),
            report,
            transactional,
            done: AtomicU64::new(0),
            failed: AtomicU64::new(0),
            acked: AtomicU64::new(0),
            acked_bytes: AtomicU64::new(0),
            tally: Mutex::new(Tally::default()),
            partition_errors: PartitionErrors::default(),
        }
    }

    fn tally(&self) -> std::sync::MutexGuard<'_, Tally> {
        self.tally.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Records with a delivery report so far.
    pub fn done(&self) -> u64 {
        self.done.load(Ordering::Acquire)
    }

    /// Records that failed so far.
    pub fn failed(&self) -> u64 {
        self.failed.load(Ordering::Acquire)
    }

    fn name(&self, input: usize) -> &str {
        self.json_names.get(input).map_or("\"?\"", String::as_str)
    }

    fn report_ok(&self, report: &mut Vec<u8>, origin: usize, partition: i32, offset: i64) {
        let (input, line) = unpack(origin);
        let _ = writeln!(
            report,
            "{{\"file\":{},\"line\":{line},\"partition\":{partition},\"offset\":{offset}}}",
            self.name(input)
        );
    }

    /// A `--report json` line for a record that failed (`failure` set) or was bad input.
    fn report_error(
        &self,
        report: &mut Vec<u8>,
        origin: usize,
        error: &str,
        failure: Option<&Failure>,
    ) {
        let (input, line) = unpack(origin);
        let quote = |s: &str| serde_json::to_string(s).unwrap_or_else(|_| "\"?\"".into());
        let _ = write!(
            report,
            "{{\"file\":{},\"line\":{line},\"error\":{}",
            self.name(input),
            quote(error)
        );
        if let Some(f) = failure {
            if let Some(r) = &f.record_error {
                let _ = write!(report, ",\"record_error\":{}", quote(r));
            }
            if let Some(l) = &f.last_error {
                let _ = write!(report, ",\"last_error\":{}", quote(l));
            }
            let _ = write!(report, ",\"written\":\"{}\"", f.written.json());
        }
        let _ = writeln!(report, "}}");
    }

    /// Counts and reports one failed record.
    fn fail(&self, tally: &mut Tally, origin: usize, error: &str, failure: &Failure) {
        tally
            .failures
            .add(origin, &failure.describe(error), failure.written);
        if self.report {
            self.report_error(&mut tally.report, origin, error, Some(failure));
        }
    }

    /// A record that never reached Kafka (rejected locally, e.g. an unknown partition).
    pub fn fail_local(&self, origin: usize, reason: &str) {
        let mut tally = self.tally();
        self.fail(&mut tally, origin, reason, &Failure::local());
        self.failed.fetch_add(1, Ordering::AcqRel);
    }

    /// A record that could not be read or encoded (reported, not counted as failed).
    pub fn bad_input(&self, origin: usize, reason: &str) {
        if self.report {
            let mut tally = self.tally();
            self.report_error(&mut tally.report, origin, reason, None);
        }
    }

    /// The transaction committed: its acknowledged records are now delivered.
    pub fn commit(&self) {
        let mut guard = self.tally();
        let tally = &mut *guard;
        tally.acked += tally.pending_count;
        tally.acked_bytes += tally.pending_bytes;
        tally.pending_count = 0;
        tally.pending_bytes = 0;
        for p in std::mem::take(&mut tally.pending) {
            self.report_ok(&mut tally.report, p.origin, p.partition, p.offset);
        }
    }

    /// The transaction was aborted: its acknowledged records are not delivered after
    /// all (read_committed consumers never see them).
    pub fn abort(&self, reason: &str) {
        let mut guard = self.tally();
        let tally = &mut *guard;
        let count = tally.pending_count;
        let kept = tally.pending.len() as u64;
        let aborted = Failure {
            written: Written::Aborted,
            ..Failure::local()
        };
        for p in std::mem::take(&mut tally.pending) {
            self.fail(tally, p.origin, reason, &aborted);
        }
        // Records whose origin was not kept (no --report json) are still counted.
        let unnamed = count.saturating_sub(kept);
        tally.failures.total += unnamed;
        tally.failures.by_written[Written::Aborted.index()] += unnamed;
        tally.pending_count = 0;
        tally.pending_bytes = 0;
        self.failed.fetch_add(count, Ordering::AcqRel);
    }

    /// Moves the `--report json` lines gathered so far into `out`.
    pub fn take_report(&self, out: &mut Vec<u8>) {
        let mut tally = self.tally();
        if !tally.report.is_empty() {
            std::mem::swap(&mut tally.report, out);
        }
    }

    pub fn totals(&self) -> Totals {
        let mut tally = self.tally();
        Totals {
            acked: tally.acked + self.acked.load(Ordering::Acquire),
            acked_bytes: tally.acked_bytes + self.acked_bytes.load(Ordering::Acquire),
            failures: std::mem::take(&mut tally.failures),
        }
    }
}

/// librdkafka's description of an error ("Broker: Message size too large"), without
/// the Rust enum name rust-rdkafka puts in front.
pub fn reason(err: &KafkaError) -> String {
    match err.rdkafka_error_code() {
        Some(code) => describe(code),
        None => err.to_string(),
    }
}

/// librdkafka's description of an error code.
pub fn describe(code: rdkafka::types::RDKafkaErrorCode) -> String {
    let text = code.to_string();
    match (text.find(" ("), text.ends_with(')')) {
        (Some(i), true) => text[i + 2..text.len() - 1].to_string(),
        _ => text,
    }
}

impl ClientContext for ProduceContext {
    fn log(&self, level: rdkafka::config::RDKafkaLogLevel, fac: &str, log_message: &str) {
        self.diag.on_log(level, fac, log_message);
    }

    fn error(&self, error: KafkaError, reason: &str) {
        self.diag.on_error(&error, reason);
    }

    const ENABLE_REFRESH_OAUTH_TOKEN: bool = true;

    fn generate_oauth_token(
        &self,
        oauthbearer_config: Option<&str>,
    ) -> Result<rdkafka::client::OAuthToken, Box<dyn std::error::Error>> {
        crate::oauth::token(oauthbearer_config)
    }
}

impl ProducerContext for ProduceContext {
    type DeliveryOpaque = usize;

    fn delivery(&self, result: &DeliveryResult<'_>, origin: usize) {
        if let (Ok(msg), false, false) = (result, self.transactional, self.report) {
            let bytes = (msg.key_len() + msg.payload_len()) as u64;
            self.acked.fetch_add(1, Ordering::Relaxed);
            self.acked_bytes.fetch_add(bytes, Ordering::Relaxed);
            self.done.fetch_add(1, Ordering::AcqRel);
            return;
        }
        let mut guard = self.tally();
        let tally = &mut *guard;
        match result {
            Ok(msg) => {
                let bytes = (msg.key_len() + msg.payload_len()) as u64;
                if self.transactional {
                    tally.pending_count += 1;
                    tally.pending_bytes += bytes;
                    // Without --report json only a sample of origins is needed, to
                    // name the records if the transaction aborts.
                    if self.report || tally.pending.len() < KEEP_FAILURES {
                        tally.pending.push(Pending {
                            origin,
                            partition: msg.partition(),
                            offset: msg.offset(),
                        });
                    }
                } else {
                    tally.acked += 1;
                    tally.acked_bytes += bytes;
                    if self.report {
                        self.report_ok(&mut tally.report, origin, msg.partition(), msg.offset());
                    }
                }
            }
            Err((err, msg)) => {
                let why = reason(err);
                let failure = Failure::of(msg, &why, &self.partition_errors);
                self.fail(tally, origin, &why, &failure);
                self.failed.fetch_add(1, Ordering::AcqRel);
            }
        }
        drop(guard);
        self.done.fetch_add(1, Ordering::AcqRel);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_round_trip() {
        for (input, line) in [(0, 1), (3, 123_456_789), (MAX_INPUTS - 1, 1 << 40)] {
            assert_eq!(unpack(pack(input, line)), (input, line));
        }
    }

    #[test]
    fn failures_are_grouped_into_ranges() {
        let names = vec!["<stdin>".to_string(), "b.txt".to_string()];
        let mut f = Failures::default();
        for line in [5, 3, 4, 9] {
            f.add(pack(0, line), "Broker: Message size too large", Written::No);
        }
        f.add(pack(1, 2), "Local: Message timed out", Written::Possibly);
        assert_eq!(
            (f.written(Written::No), f.written(Written::Possibly)),
            (4, 1)
        );
        assert_eq!(
            f.describe(&names, 10),
            [
                "<stdin>:3-5: Broker: Message size too large",
                "<stdin>:9: Broker: Message size too large",
                "b.txt:2: Local: Message timed out",
            ]
        );
        assert_eq!(
            f.describe(&names, 1),
            [
                "<stdin>:3-5: Broker: Message size too large",
                "... and 2 more (--report json lists every record)"
            ]
        );
    }

    #[test]
    fn a_failure_names_its_last_error_and_whether_it_was_written() {
        let timed_out = Failure {
            written: Written::No,
            record_error: None,
            last_error: Some("Broker: Not enough in-sync replicas".into()),
        };
        assert_eq!(
            timed_out.describe("Local: Message timed out"),
            "Local: Message timed out (last error: Broker: Not enough in-sync replicas; not written)"
        );
        let refused = Failure {
            written: Written::Possibly,
            record_error: Some("timestamp out of range".into()),
            last_error: None,
        };
        assert_eq!(
            refused.describe("Broker: Invalid timestamp"),
            "Broker: Invalid timestamp: timestamp out of range (possibly written)"
        );
        let aborted = Failure {
            written: Written::Aborted,
            ..Failure::local()
        };
        assert_eq!(
            aborted.describe("transaction aborted"),
            "transaction aborted"
        );
    }

    #[test]
    fn reasons_are_librdkafka_descriptions() {
        let err =
            KafkaError::MessageProduction(rdkafka::types::RDKafkaErrorCode::MessageSizeTooLarge);
        assert_eq!(reason(&err), "Broker: Message size too large");
    }
}
