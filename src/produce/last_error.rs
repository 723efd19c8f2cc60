//! Why a record failed, beyond librdkafka's last word: the error its partition was
//! retried on, and whether the record may have been written anyway.
//!
//! librdkafka retries retriable produce errors (NOT_ENOUGH_REPLICAS, NOT_LEADER, a
//! request that timed out, a dropped connection) until `message.timeout.ms`, then
//! reports the record with its own final error, "Local: Message timed out": the
//! broker's answer that kept it from being written is gone, and a user cannot tell a
//! dead broker from an under-replicated partition. librdkafka does state that answer,
//! once per failed produce request and partition, in a debug line of its `msg` context
//! ("t [0]: MessageSet with 5 message(s) (...) encountered error: Broker: Not enough
//! in-sync replicas (actions Retry,MsgNotPersisted)"). So the producer runs with
//! `debug=msg`, its log lines go to a queue of their own that a thread here drains,
//! the last error per partition is kept (and forgotten once a batch of that partition
//! is delivered), and the delivery report of a failed record names it. All other log
//! lines go on to [`Diagnostics`](crate::kafka::Diagnostics) as before.
//!
//! Why a queue of their own: rust-rdkafka sends logs to the main queue, where each
//! debug line would be one more event among the delivery reports that the producer
//! loop serves. The debug lines come per produce request, not per record, and the
//! thread drains them every 25 ms, so the cost stays small at any rate.
//!
//! The second half of the answer is librdkafka's persistence status of the failed
//! record (`rd_kafka_message_status`): never sent or refused by the broker ("not
//! written": re-sending duplicates nothing), or lost in flight, e.g. a request that
//! timed out or a connection that dropped ("possibly written": the broker may have
//! stored it; check before re-sending).
#![allow(unsafe_code)]

use std::collections::HashMap;
use std::ffi::CStr;
use std::os::raw::c_char;
use std::ptr::NonNull;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use rdkafka::bindings as rd;
use rdkafka::config::RDKafkaLogLevel;
use rdkafka::message::BorrowedMessage;
use rdkafka::producer::{BaseProducer, Producer};
use rdkafka::{ClientConfig, ClientContext};

use super::delivery::ProduceContext;

/// Whether a record that was not delivered is in the topic anyway.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Written {
    /// Never sent, or refused by the broker: re-sending it duplicates nothing.
    No,
    /// Sent, but no answer came (timeout, broken connection): it may be in the topic.
    Possibly,
    /// The broker stored it, yet the record failed afterwards.
    Yes,
    /// Acknowledged inside a transaction that was then aborted: stored, but invisible
    /// to read_committed consumers.
    Aborted,
}

impl Written {
    /// librdkafka's persistence status of a failed record.
    pub fn of(msg: &BorrowedMessage<'_>) -> Written {
        // SAFETY: `msg` borrows a live delivery-report message; the call only reads it.
        match unsafe { rd::rd_kafka_message_status(msg.ptr()) } {
            rd::rd_kafka_msg_status_t::RD_KAFKA_MSG_STATUS_NOT_PERSISTED => Written::No,
            rd::rd_kafka_msg_status_t::RD_KAFKA_MSG_STATUS_POSSIBLY_PERSISTED => Written::Possibly,
            rd::rd_kafka_msg_status_t::RD_KAFKA_MSG_STATUS_PERSISTED => Written::Yes,
        }
    }

    /// The value of `written` in `--report json`.
    pub fn json(self) -> &'static str {
        match self {
            Written::No => "no",
            Written::Possibly => "possibly",
            Written::Yes => "yes",
            Written::Aborted => "aborted",
        }
    }

    /// How the summary and the failure list say it.
    pub fn text(self) -> &'static str {
        match self {
            Written::No => "not written",
            Written::Possibly => "possibly written",
            Written::Yes => "written",
            Written::Aborted => "written in an aborted transaction",
        }
    }

    pub const ALL: [Written; 4] = [
        Written::No,
        Written::Possibly,
        Written::Yes,
        Written::Aborted,
    ];

    pub fn index(self) -> usize {
        self as usize
    }
}

/// The broker's own description of why it refused a record (KIP-467 record errors,
/// e.g. which field failed validation), when it gave one.
pub fn record_error(msg: &BorrowedMessage<'_>) -> Option<String> {
    // SAFETY: `msg` borrows a live delivery-report message of a producer; the returned
    // string (or NULL) lives as long as the message, and is copied here.
    let text = unsafe { rd::rd_kafka_message_produce_errstr(msg.ptr()) };
    if text.is_null() {
        return None;
    }
    // SAFETY: non-NULL, NUL-terminated, owned by the message (see above).
    let text = unsafe { CStr::from_ptr(text) }.to_string_lossy();
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_string())
}

/// Makes librdkafka say why produce requests fail: adds its `msg` debug context to the
/// producer's `debug` property (kept as the user set it otherwise).
pub fn enable(cfg: &mut ClientConfig) {
    let debug = match cfg.get("debug").map(str::trim) {
        None | Some("") => "msg".to_string(),
        Some(list) if list.split(',').any(|c| matches!(c.trim(), "msg" | "all")) => return,
        Some(list) => format!("{list},msg"),
    };
    cfg.set("debug", debug);
}

/// The last produce error seen per partition, from librdkafka's `msg` debug lines.
#[derive(Default)]
pub struct PartitionErrors {
    last: Mutex<HashMap<(String, i32), String>>,
    /// Whether `last` holds anything (delivered batches then need no lookup).
    any: AtomicBool,
}

impl PartitionErrors {
    /// The last error of `topic`'s `partition` since its last delivered batch.
    pub fn get(&self, topic: &str, partition: i32) -> Option<String> {
        if !self.any.load(Ordering::Acquire) {
            return None;
        }
        let last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        last.get(&(topic.to_string(), partition)).cloned()
    }

    /// Takes one `MSGSET` debug line.
    pub fn on_line(&self, message: &str) {
        let Some((topic, partition, error)) = parse_msgset(message) else {
            return;
        };
        match error {
            Some(error) => {
                let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
                last.insert((topic.to_string(), partition), error.to_string());
                self.any.store(true, Ordering::Release);
            }
            None if self.any.load(Ordering::Acquire) => {
                let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
                last.remove(&(topic.to_string(), partition));
                self.any.store(!last.is_empty(), Ordering::Release);
            }
            None => {}
        }
    }
}

/// `(topic, partition, Some(error))` from a failed-request line, `(.., None)` from a
/// delivered one:
/// `127.0.0.1:9092/1: t [0]: MessageSet with 5 message(s) (MsgId 0, BaseSeq -1)
/// encountered error: Broker: Not enough in-sync replicas (actions Retry,MsgNotPersisted)`
/// or `... (MsgId 5, BaseSeq 5) delivered`.
fn parse_msgset(message: &str) -> Option<(&str, i32, Option<&str>)> {
    let at = message.find("]: MessageSet with ")?;
    let head = &message[..at];
    let bracket = head.rfind(" [")?;
    let partition = head[bracket + 2..].parse().ok()?;
    // Topic names have no spaces or colons; the broker's name in front has both.
    let topic = head[..bracket].rsplit(": ").next()?;
    let tail = &message[at..];
    if let Some(i) = tail.find(" encountered error: ") {
        let error = &tail[i + " encountered error: ".len()..];
        let error = error.rfind(" (actions ").map_or(error, |end| &error[..end]);
        return Some((topic, partition, Some(error.trim())));
    }
    tail.trim_end()
        .ends_with(") delivered")
        .then_some((topic, partition, None))
}

/// librdkafka's syslog level as rust-rdkafka's enum.
fn level(level: i32) -> RDKafkaLogLevel {
    match level {
        i32::MIN..=0 => RDKafkaLogLevel::Emerg,
        1 => RDKafkaLogLevel::Alert,
        2 => RDKafkaLogLevel::Critical,
        3 => RDKafkaLogLevel::Error,
        4 => RDKafkaLogLevel::Warning,
        5 => RDKafkaLogLevel::Notice,
        6 => RDKafkaLogLevel::Info,
        _ => RDKafkaLogLevel::Debug,
    }
}

/// A librdkafka queue handle, shared with the draining thread.
#[derive(Clone, Copy)]
struct Queue(NonNull<rd::rd_kafka_queue_t>);

// SAFETY: librdkafka queues are thread-safe; the handle is destroyed only after the
// thread using it has been joined (see `Watch::drop`).
unsafe impl Send for Queue {}

/// The producer's log lines, drained on a thread of their own while this lives.
pub struct Watch {
    producer: Arc<BaseProducer<ProduceContext>>,
    queue: Queue,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
    /// The log level to go back to.
    level: RDKafkaLogLevel,
}

impl Watch {
    /// Redirects the log lines of `producer` (created from `cfg`, see [`enable`]) to a
    /// new queue and starts draining it. `None` if that fails: the lines then stay on
    /// the main queue at `cfg`'s log level, served by the producer loop as before, and
    /// failures name librdkafka's final error only.
    pub fn start(
        producer: &Arc<BaseProducer<ProduceContext>>,
        cfg: &ClientConfig,
    ) -> Option<Watch> {
        let rk = producer.client().native_ptr();
        // SAFETY: `rk` is a live client; the queue is released in `drop`.
        let queue = Queue(NonNull::new(unsafe { rd::rd_kafka_queue_new(rk) })?);
        // SAFETY: both handles are live; rust-rdkafka created the client with
        // `log.queue=true`, which this call requires.
        let err = unsafe { rd::rd_kafka_set_log_queue(rk, queue.0.as_ptr()) };
        if err != rd::rd_kafka_resp_err_t::RD_KAFKA_RESP_ERR_NO_ERROR {
            // SAFETY: the queue was created above and is not used elsewhere.
            unsafe { rd::rd_kafka_queue_destroy(queue.0.as_ptr()) };
            return None;
        }
        let stop = Arc::new(AtomicBool::new(false));
        let ctx = Arc::clone(producer.context());
        let spawned = {
            let stop = Arc::clone(&stop);
            std::thread::Builder::new()
                .name("kpipe-rdlog".into())
                .spawn(move || {
                    let queue = queue;
                    while !stop.load(Ordering::Acquire) {
                        drain(queue, &ctx);
                        // Parked, not slept: `Watch::drop` unparks it, so ending a
                        // short run does not wait out the interval.
                        std::thread::park_timeout(Duration::from_millis(25));
                    }
                    drain(queue, &ctx);
                })
        };
        let watch = Watch {
            producer: Arc::clone(producer),
            queue,
            stop,
            thread: spawned.ok(),
            level: cfg.log_level,
        };
        // Without a thread, dropping the watch puts the logs back on the main queue.
        watch.thread.as_ref()?;
        // Debug lines pass librdkafka's level filter (rust-rdkafka lowered it after
        // creation); `Diagnostics` still shows them only at -vvv.
        // SAFETY: a live client; the level is a plain setting.
        unsafe { rd::rd_kafka_set_log_level(rk, RDKafkaLogLevel::Debug as i32) };
        Some(watch)
    }
}

/// Serves every log event waiting in `queue`.
fn drain(queue: Queue, ctx: &ProduceContext) {
    loop {
        // SAFETY: the queue is live until `Watch::drop` joined this thread.
        let event = unsafe { rd::rd_kafka_queue_poll(queue.0.as_ptr(), 0) };
        if event.is_null() {
            return;
        }
        // SAFETY: `event` is a live event from the poll above, destroyed once below.
        unsafe {
            if rd::rd_kafka_event_type(event) == rd::RD_KAFKA_EVENT_LOG {
                let mut fac: *const c_char = std::ptr::null();
                let mut text: *const c_char = std::ptr::null();
                let mut lvl = 0;
                if rd::rd_kafka_event_log(event, &mut fac, &mut text, &mut lvl) == 0
                    && !fac.is_null()
                    && !text.is_null()
                {
                    let fac = CStr::from_ptr(fac).to_string_lossy();
                    let text = CStr::from_ptr(text).to_string_lossy();
                    if fac.trim() == "MSGSET" {
                        ctx.partition_errors.on_line(text.trim());
                    }
                    ClientContext::log(ctx, level(lvl), fac.trim(), text.trim());
                }
            }
            rd::rd_kafka_event_destroy(event);
        }
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Release);
        if let Some(thread) = self.thread.take() {
            thread.thread().unpark();
            let _ = thread.join();
        }
        let rk = self.producer.client().native_ptr();
        // SAFETY: the client is kept alive by `self.producer`; the thread that used the
        // queue has ended. Logs go back to the main queue before the queue is released.
        unsafe {
            rd::rd_kafka_set_log_level(rk, self.level as i32);
            rd::rd_kafka_set_log_queue(rk, std::ptr::null_mut());
            rd::rd_kafka_queue_destroy(self.queue.0.as_ptr());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn msgset_lines_name_the_partition_and_the_error() {
        let failed = "127.0.0.1:19496/3: t1 [0]: MessageSet with 5 message(s) (MsgId 0, \
                      BaseSeq -1) encountered error: Broker: Not enough in-sync replicas \
                      (actions Retry,MsgNotPersisted)";
        assert_eq!(
            parse_msgset(failed),
            Some(("t1", 0, Some("Broker: Not enough in-sync replicas")))
        );
        let leader = "127.0.0.1:9092/1: my.topic-2 [12]: MessageSet with 1 message(s) (MsgId 9, \
                      BaseSeq 3) encountered error: Local: Timed out (actions \
                      Retry,MsgPossiblyPersisted) [NOT LEADER]";
        assert_eq!(
            parse_msgset(leader),
            Some(("my.topic-2", 12, Some("Local: Timed out")))
        );
        let ok = "127.0.0.1:9092/1: t [3]: MessageSet with 7 message(s) (MsgId 1, BaseSeq 0) \
                  delivered";
        assert_eq!(parse_msgset(ok), Some(("t", 3, None)));
        assert_eq!(parse_msgset("t [0]: timed out 0+5 message(s)"), None);
    }

    #[test]
    fn a_delivered_batch_clears_its_partition_only() {
        let errors = PartitionErrors::default();
        errors.on_line("b/1: t [0]: MessageSet with 1 message(s) (x) encountered error: Broker: Not enough in-sync replicas (actions Retry)");
        errors.on_line("b/1: t [1]: MessageSet with 1 message(s) (x) encountered error: Local: Broker transport failure (actions Refresh)");
        errors.on_line("b/1: t [0]: MessageSet with 1 message(s) (x) delivered");
        assert_eq!(errors.get("t", 0), None);
        assert_eq!(
            errors.get("t", 1).as_deref(),
            Some("Local: Broker transport failure")
        );
    }

    #[test]
    fn msg_debugging_is_added_to_what_the_user_asked_for() {
        let mut cfg = ClientConfig::new();
        enable(&mut cfg);
        assert_eq!(cfg.get("debug"), Some("msg"));
        cfg.set("debug", "broker,topic");
        enable(&mut cfg);
        assert_eq!(cfg.get("debug"), Some("broker,topic,msg"));
        cfg.set("debug", "all");
        enable(&mut cfg);
        assert_eq!(cfg.get("debug"), Some("all"));
    }
}
