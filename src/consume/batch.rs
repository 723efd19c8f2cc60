//! Records received in batches, from a private queue that the read partitions are
//! forwarded to.
//!
//! **Why.** rust-rdkafka's `BaseConsumer::poll` hands over one record per call, and each
//! call pays for reading the clock (librdkafka's `max.poll.interval.ms` bookkeeping and
//! rust-rdkafka's own timeout arithmetic), locking the queue, allocating the event and
//! an `Arc` around it, and freeing both. Profiles of `consume` put that above the cost
//! of rendering a 100-byte value. `rd_kafka_consume_batch_queue` pays those once per
//! batch of up to [`BATCH`] records.
//!
//! **Why a private queue and not the consumer's.** Batch consume serves every other kind
//! of op it meets on the queue it reads through librdkafka's callbacks; a rebalance
//! there would be answered by librdkafka itself (a forced unassign), bypassing the
//! flush-and-commit-before-revoke that `engine::group` does, and errors and logs would
//! bypass rust-rdkafka's event handling. So only the partitions' fetch queues are
//! forwarded here; this queue only ever holds records, partition-EOF and per-partition
//! consumer errors, and every other event stays on the consumer queue, which the loop
//! still polls once per batch (that also keeps `max.poll.interval.ms` satisfied).
//!
//! **Why forwarding is set before each assignment.** `rd_kafka_queue_forward` marks the
//! forward as the application's, so starting the fetcher keeps it instead of forwarding
//! the partition to the consumer queue. Stopping the fetcher (unassign, revoke, close)
//! clears it, which is why the engine forwards each partition again right before every
//! (incremental) assign of its group, and renews them at idle points (a late stop could
//! clear a fresh forward; forwarding again moves whatever waits in the partition's
//! queue here). Records left here from a revoked assignment are either discarded by
//! librdkafka (outdated fetch version) or skipped by the engine (partition not
//! assigned).
//!
//! **Without a group** (no `-g`) there is no assignment at all: each partition is
//! started with librdkafka's group-less API straight on this queue
//! ([`RecordQueue::start`]), as kcat does, so no group id or coordinator is involved.
//!
//! Like `produce::native` and the other FFI modules, it keeps its `unsafe` code in one
//! place, with a SAFETY note on each block. Nothing borrowed from librdkafka outlives
//! the batch it came in (`Batch::get` borrows the batch, `RecordQueue::fill` needs it
//! mutably).
#![allow(unsafe_code)]

use std::collections::HashSet;
use std::ffi::{c_void, CStr, CString};
use std::os::raw::c_char;
use std::ptr;

use rdkafka::bindings as rdsys;
use rdkafka::consumer::Consumer;
use rdkafka::message::Timestamp;
use rdkafka::types::RDKafkaRespErr;

use super::context::KConsumer;

/// Most records taken per call: enough to amortise the per-call costs to nothing, small
/// enough that the records of one batch (about 1 MB of 1 KB records) stay in cache.
const BATCH: usize = 1024;

/// A record's fields, from rust-rdkafka's messages or from a batch.
pub(super) trait Rec {
    fn topic(&self) -> &str;
    /// An identity of the record's topic that is cheap to compare (the topic handle's
    /// address), or 0 when there is none; lets the engine skip the name lookup.
    fn topic_id(&self) -> usize;
    fn partition(&self) -> i32;
    fn offset(&self) -> i64;
    fn timestamp(&self) -> Timestamp;
    fn key(&self) -> Option<&[u8]>;
    fn payload(&self) -> Option<&[u8]>;
    /// Appends the record's headers (name, value) in order.
    fn headers_into<'a>(&'a self, out: &mut Vec<(&'a str, Option<&'a [u8]>)>);
}

impl Rec for rdkafka::message::BorrowedMessage<'_> {
    fn topic(&self) -> &str {
        rdkafka::Message::topic(self)
    }
    fn topic_id(&self) -> usize {
        0
    }
    fn partition(&self) -> i32 {
        rdkafka::Message::partition(self)
    }
    fn offset(&self) -> i64 {
        rdkafka::Message::offset(self)
    }
    fn timestamp(&self) -> Timestamp {
        rdkafka::Message::timestamp(self)
    }
    fn key(&self) -> Option<&[u8]> {
        rdkafka::Message::key(self)
    }
    fn payload(&self) -> Option<&[u8]> {
        rdkafka::Message::payload(self)
    }
    fn headers_into<'a>(&'a self, out: &mut Vec<(&'a str, Option<&'a [u8]>)>) {
        use rdkafka::message::Headers;
        if let Some(h) = rdkafka::Message::headers(self) {
            out.reserve(h.count());
            for hd in h.iter() {
                out.push((hd.key, hd.value));
            }
        }
    }
}

/// The private queue the read partitions are forwarded to.
pub(super) struct RecordQueue {
    queue: *mut rdsys::rd_kafka_queue_t,
    rk: *mut rdsys::rd_kafka_t,
    /// The client's main queue, only to count what waits there (see `events_waiting`).
    main: *mut rdsys::rd_kafka_queue_t,
    /// Topic handles of the partitions started with [`RecordQueue::start`], with those
    /// partitions; each handle is destroyed once, after its partitions are stopped.
    started: Vec<(*mut rdsys::rd_kafka_topic_t, HashSet<i32>)>,
}

// SAFETY: queue and client handles are thread-safe librdkafka objects; the engine
// creates this value and uses it on its one thread.
unsafe impl Send for RecordQueue {}

impl RecordQueue {
    /// A new empty queue on the consumer's handle. The caller keeps the consumer alive
    /// for as long as this value (the engine holds an `Arc` of it).
    pub(super) fn new(consumer: &KConsumer) -> anyhow::Result<RecordQueue> {
        let rk = consumer.client().native_ptr();
        // SAFETY: `rk` is the consumer's live handle; the queue is destroyed in `drop`,
        // before the consumer is (see above).
        let queue = unsafe { rdsys::rd_kafka_queue_new(rk) };
        if queue.is_null() {
            anyhow::bail!("cannot create the consumer's record queue");
        }
        // SAFETY: as above; a new reference to the main queue, released in `drop`.
        let main = unsafe { rdsys::rd_kafka_queue_get_main(rk) };
        Ok(RecordQueue {
            queue,
            rk,
            main,
            started: Vec::new(),
        })
    }

    /// Whether events wait on the queue `BaseConsumer::poll` serves: the main queue, or
    /// the consumer queue it is forwarded to in a group (the count follows the forward).
    /// `poll` answers `None` both when that queue is empty and when it served an event
    /// itself (a log line), so only this tells the two apart.
    pub(super) fn events_waiting(&self) -> bool {
        // SAFETY: `self.main` is our live reference (see `new`).
        unsafe { rdsys::rd_kafka_queue_length(self.main) > 0 }
    }

    /// Forwards one partition's fetch queue here. Call right before assigning it.
    pub(super) fn attach(&self, topic: &str, partition: i32) -> anyhow::Result<()> {
        let name = CString::new(topic)?;
        // SAFETY: `self.rk` is live (see `new`); `name` is a NUL-terminated string that
        // outlives the call. The returned handle is our own reference to the partition's
        // queue, released right after forwarding (the forward holds its own reference).
        unsafe {
            let pq = rdsys::rd_kafka_queue_get_partition(self.rk, name.as_ptr(), partition);
            if pq.is_null() {
                anyhow::bail!("cannot receive records of {topic}[{partition}]");
            }
            rdsys::rd_kafka_queue_forward(pq, self.queue);
            rdsys::rd_kafka_queue_destroy(pq);
        }
        Ok(())
    }

    /// Starts fetching `topic`/`partition` from `offset` straight into this queue, with
    /// librdkafka's group-less consumer API (what kcat uses): a consumer without `-g`
    /// needs no group id, so librdkafka never looks for a group coordinator (a request
    /// and a connection of its own, and a group ACL) and closing has nothing to leave.
    /// `assign()` would need a group id. Stopped when the queue is dropped.
    pub(super) fn start(&mut self, topic: &str, partition: i32, offset: i64) -> anyhow::Result<()> {
        let at = match self.started.iter().position(|(rkt, _)| {
            // SAFETY: every handle in `started` is live until `drop`; the name it returns
            // is a NUL-terminated string owned by the handle.
            unsafe { CStr::from_ptr(rdsys::rd_kafka_topic_name(*rkt)) }.to_bytes()
                == topic.as_bytes()
        }) {
            Some(at) => at,
            None => {
                let name = CString::new(topic)?;
                // SAFETY: `self.rk` is live (see `new`), `name` outlives the call; a null
                // configuration means the client's defaults. The handle is ours to destroy.
                let rkt =
                    unsafe { rdsys::rd_kafka_topic_new(self.rk, name.as_ptr(), ptr::null_mut()) };
                if rkt.is_null() {
                    anyhow::bail!("cannot read topic '{topic}'");
                }
                self.started.push((rkt, HashSet::new()));
                self.started.len() - 1
            }
        };
        let rkt = self.started[at].0;
        // SAFETY: `rkt` and the queue are live; librdkafka forwards the partition's fetch
        // queue to ours and holds its own reference to it.
        let rc = unsafe { rdsys::rd_kafka_consume_start_queue(rkt, partition, offset, self.queue) };
        if rc == -1 {
            // SAFETY: reads librdkafka's thread-local last error; no pointers involved.
            let err =
                rdkafka::error::RDKafkaErrorCode::from(unsafe { rdsys::rd_kafka_last_error() });
            anyhow::bail!("cannot start reading {topic}[{partition}]: {err}");
        }
        self.started[at].1.insert(partition);
        Ok(())
    }

    /// Releases `batch`'s previous records and takes up to `BATCH` new ones, waiting at
    /// most `timeout_ms` for the first. Returns how many there are.
    ///
    /// librdkafka's batch call waits until the batch is *full* or the timeout expires, so
    /// a blocking call for `BATCH` records would hold a lone record (a one-shot
    /// `consume -c 1`, a quiet topic being tailed) for the whole timeout. So a blocking
    /// fill waits for one record only, then takes whatever else is ready without waiting.
    pub(super) fn fill(&self, batch: &mut Batch, timeout_ms: i32) -> usize {
        batch.release();
        let mut n = 0;
        if timeout_ms > 0 {
            n = self.take(&mut batch.msgs[..1], timeout_ms);
            if n == 0 {
                return 0;
            }
        }
        n += self.take(&mut batch.msgs[n..], 0);
        batch.len = n;
        n
    }

    /// One `rd_kafka_consume_batch_queue` call into `slots`; returns how many it filled.
    fn take(&self, slots: &mut [*mut rdsys::rd_kafka_message_t], timeout_ms: i32) -> usize {
        // SAFETY: the queue is live (see `new`); `slots` has room for `slots.len()`
        // pointers; librdkafka writes at most that many and returns their count (or -1
        // on error, with nothing written).
        let n = unsafe {
            rdsys::rd_kafka_consume_batch_queue(
                self.queue,
                timeout_ms,
                slots.as_mut_ptr(),
                slots.len(),
            )
        };
        usize::try_from(n).unwrap_or(0).min(slots.len())
    }
}

impl Drop for RecordQueue {
    fn drop(&mut self) {
        for (rkt, partitions) in self.started.drain(..) {
            // SAFETY: `rkt` came from `rd_kafka_topic_new` in `start` and is destroyed
            // once, after its started partitions are stopped (each was started once).
            unsafe {
                for p in partitions {
                    rdsys::rd_kafka_consume_stop(rkt, p);
                }
                rdsys::rd_kafka_topic_destroy(rkt);
            }
        }
        // SAFETY: our own queue handle, created in `new` and destroyed once, while the
        // consumer is still alive. Partitions still forwarded here keep the queue object
        // alive inside librdkafka; it is disabled, so what still arrives is dropped.
        unsafe { rdsys::rd_kafka_queue_destroy(self.queue) };
        // SAFETY: our reference from `new`, released once.
        unsafe { rdsys::rd_kafka_queue_destroy(self.main) };
    }
}

/// The records taken by one `RecordQueue::fill`, owned until the next one (or drop).
/// Must be dropped before the consumer is destroyed (the engine's loop owns it).
pub(super) struct Batch {
    msgs: Vec<*mut rdsys::rd_kafka_message_t>,
    len: usize,
}

impl Batch {
    pub(super) fn new() -> Batch {
        Batch {
            msgs: vec![ptr::null_mut(); BATCH],
            len: 0,
        }
    }

    /// Record `i` of the batch (`i < ` what `fill` returned).
    pub(super) fn get(&self, i: usize) -> Raw<'_> {
        assert!(i < self.len, "batch index out of range");
        // SAFETY: the first `len` pointers were filled by librdkafka with non-null
        // messages that stay alive until `release`, which needs `&mut self`, so no `Raw`
        // borrowed from this batch can outlive them.
        Raw {
            msg: unsafe { &*self.msgs[i] },
        }
    }

    fn release(&mut self) {
        for m in &mut self.msgs[..self.len] {
            // SAFETY: each of the first `len` pointers is a message librdkafka handed us
            // that has not been destroyed yet; it is nulled right after.
            unsafe { rdsys::rd_kafka_message_destroy(*m) };
            *m = ptr::null_mut();
        }
        self.len = 0;
    }
}

impl Drop for Batch {
    fn drop(&mut self) {
        self.release();
    }
}

/// One message of a batch.
pub(super) struct Raw<'a> {
    msg: &'a rdsys::rd_kafka_message_t,
}

/// `len` bytes at `p`, or None for a null pointer.
///
/// # Safety
/// `p` is null or points to `len` readable bytes that live for `'a`.
unsafe fn bytes<'a>(p: *const c_void, len: usize) -> Option<&'a [u8]> {
    if p.is_null() {
        None
    } else if len == 0 {
        Some(&[])
    } else {
        // SAFETY: per this function's contract.
        Some(unsafe { std::slice::from_raw_parts(p.cast::<u8>(), len) })
    }
}

impl Raw<'_> {
    /// The error carried instead of a record (partition EOF, a consumer error), with
    /// librdkafka's description.
    pub(super) fn error(&self) -> Option<(RDKafkaRespErr, String)> {
        let err = self.msg.err;
        if err == RDKafkaRespErr::RD_KAFKA_RESP_ERR_NO_ERROR {
            return None;
        }
        // SAFETY: the message is alive (see `get`); errstr returns a NUL-terminated string
        // owned by the message or a static one.
        let reason = unsafe {
            let s = rdsys::rd_kafka_message_errstr(self.msg);
            if s.is_null() {
                String::new()
            } else {
                CStr::from_ptr(s).to_string_lossy().into_owned()
            }
        };
        Some((err, reason))
    }
}

impl Rec for Raw<'_> {
    fn topic(&self) -> &str {
        if self.msg.rkt.is_null() {
            return "";
        }
        // SAFETY: a consumed message holds a reference to its topic handle, whose name is
        // a NUL-terminated string living as long as the message.
        unsafe {
            let name = rdsys::rd_kafka_topic_name(self.msg.rkt);
            if name.is_null() {
                return "";
            }
            CStr::from_ptr(name as *const c_char).to_str().unwrap_or("")
        }
    }
    fn topic_id(&self) -> usize {
        self.msg.rkt as usize
    }
    fn partition(&self) -> i32 {
        self.msg.partition
    }
    fn offset(&self) -> i64 {
        self.msg.offset
    }
    fn timestamp(&self) -> Timestamp {
        let mut kind = rdsys::rd_kafka_timestamp_type_t::RD_KAFKA_TIMESTAMP_NOT_AVAILABLE;
        // SAFETY: the message is alive; `kind` is a valid place to write the type.
        let ts = unsafe { rdsys::rd_kafka_message_timestamp(self.msg, &mut kind) };
        match kind {
            rdsys::rd_kafka_timestamp_type_t::RD_KAFKA_TIMESTAMP_CREATE_TIME => {
                Timestamp::CreateTime(ts)
            }
            rdsys::rd_kafka_timestamp_type_t::RD_KAFKA_TIMESTAMP_LOG_APPEND_TIME => {
                Timestamp::LogAppendTime(ts)
            }
            _ => Timestamp::NotAvailable,
        }
    }
    fn key(&self) -> Option<&[u8]> {
        // SAFETY: key/key_len describe the message's key buffer, alive with the message.
        unsafe { bytes(self.msg.key, self.msg.key_len) }
    }
    fn payload(&self) -> Option<&[u8]> {
        // SAFETY: payload/len describe the message's value buffer, alive with it.
        unsafe { bytes(self.msg.payload, self.msg.len) }
    }
    fn headers_into<'a>(&'a self, out: &mut Vec<(&'a str, Option<&'a [u8]>)>) {
        let mut hdrs: *mut rdsys::rd_kafka_headers_t = ptr::null_mut();
        let msg = self.msg as *const rdsys::rd_kafka_message_t as *mut rdsys::rd_kafka_message_t;
        // SAFETY: the message is alive; librdkafka parses the headers into the message on
        // first use (hence the `*mut`, which it does not otherwise write through), and
        // the headers, names and values it returns are owned by the message.
        unsafe {
            if rdsys::rd_kafka_message_headers(msg, &mut hdrs)
                != RDKafkaRespErr::RD_KAFKA_RESP_ERR_NO_ERROR
                || hdrs.is_null()
            {
                return;
            }
            let mut idx = 0;
            loop {
                let mut name: *const c_char = ptr::null();
                let mut value: *const c_void = ptr::null();
                let mut size = 0usize;
                if rdsys::rd_kafka_header_get_all(hdrs, idx, &mut name, &mut value, &mut size)
                    != RDKafkaRespErr::RD_KAFKA_RESP_ERR_NO_ERROR
                {
                    break;
                }
                let name = if name.is_null() {
                    ""
                } else {
                    CStr::from_ptr(name).to_str().unwrap_or("")
                };
                out.push((name, bytes(value, size)));
                idx += 1;
            }
        }
    }
}
