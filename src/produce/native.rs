//! The one place where kpipe calls librdkafka directly: enqueuing a record.
//!
//! rust-rdkafka's `BaseProducer::send` names the topic by string, which makes
//! librdkafka look the topic up under the client's *write* lock for every record, and
//! allocates a C string per record; headers need a separate `OwnedHeaders` allocation.
//! At a million records a second that lock (contended by librdkafka's broker thread)
//! and those allocations are a large share of the producer's CPU. Here each topic gets
//! one librdkafka topic handle, kept for the run, and records are enqueued with
//! `rd_kafka_produceva` naming the handle, with headers inline. Everything else (the
//! client, polling, delivery reports, transactions) stays with rust-rdkafka's safe API;
//! delivery reports arrive through the same `ProducerContext` with the same opaque.
#![allow(unsafe_code)]

use std::collections::HashMap;
use std::ffi::{c_void, CString};
use std::ptr::NonNull;
use std::sync::{Condvar, Mutex, PoisonError};
use std::time::Duration;

use rdkafka::bindings as rd;
use rdkafka::producer::{BaseProducer, Producer};
use rdkafka::types::RDKafkaErrorCode;

use super::delivery::ProduceContext;

/// A librdkafka topic handle, destroyed on drop.
struct TopicHandle(NonNull<rd::rd_kafka_topic_t>);

impl Drop for TopicHandle {
    fn drop(&mut self) {
        // SAFETY: the handle came from `rd_kafka_topic_new` and is released once. It is
        // dropped before the producer: `Enqueuer` borrows the producer.
        unsafe { rd::rd_kafka_topic_destroy(self.0.as_ptr()) }
    }
}

/// One record to enqueue. Header names must not contain NUL bytes (checked by
/// [`Enqueuer::send`]).
pub struct Outgoing<'a> {
    pub key: Option<&'a [u8]>,
    pub value: Option<&'a [u8]>,
    pub partition: Option<i32>,
    pub timestamp: Option<i64>,
    pub headers: &'a [(&'a str, Option<&'a [u8]>)],
    pub opaque: usize,
}

/// Why a record was not enqueued.
#[derive(Debug)]
pub enum Refused {
    /// librdkafka refused it (queue full, too large, unknown partition, ...).
    Kafka(RDKafkaErrorCode),
    /// The topic or a header name cannot be a C string (it contains a NUL byte).
    Nul(&'static str),
}

/// Enqueues records on a producer, one topic handle per topic name.
pub struct Enqueuer<'p> {
    producer: &'p BaseProducer<ProduceContext>,
    topics: HashMap<String, TopicHandle>,
    /// The last topic used, to skip the map lookup in the common single-topic case.
    last: Option<(String, NonNull<rd::rd_kafka_topic_t>)>,
    header_names: Vec<CString>,
    args: Vec<rd::rd_kafka_vu_t>,
}

impl<'p> Enqueuer<'p> {
    pub fn new(producer: &'p BaseProducer<ProduceContext>) -> Self {
        Enqueuer {
            producer,
            topics: HashMap::new(),
            last: None,
            header_names: Vec::new(),
            args: Vec::with_capacity(16),
        }
    }

    fn topic(&mut self, name: &str) -> Result<NonNull<rd::rd_kafka_topic_t>, Refused> {
        if let Some((last, ptr)) = &self.last {
            if last == name {
                return Ok(*ptr);
            }
        }
        let ptr = match self.topics.get(name) {
            Some(h) => h.0,
            None => {
                let cname = CString::new(name).map_err(|_| Refused::Nul("topic name"))?;
                // SAFETY: the client pointer is valid for the producer's lifetime, which
                // outlives `self`; a null configuration means the topic defaults.
                let raw = unsafe {
                    rd::rd_kafka_topic_new(
                        self.producer.client().native_ptr(),
                        cname.as_ptr(),
                        std::ptr::null_mut(),
                    )
                };
                let handle = NonNull::new(raw)
                    .map(TopicHandle)
                    .ok_or(Refused::Kafka(RDKafkaErrorCode::InvalidTopic))?;
                let ptr = handle.0;
                self.topics.insert(name.to_string(), handle);
                ptr
            }
        };
        self.last = Some((name.to_string(), ptr));
        Ok(ptr)
    }

    /// Enqueues one record (librdkafka copies the bytes).
    pub fn send(&mut self, topic: &str, m: &Outgoing<'_>) -> Result<(), Refused> {
        let rkt = self.topic(topic)?;
        self.header_names.clear();
        for (name, _) in m.headers {
            self.header_names
                .push(CString::new(*name).map_err(|_| Refused::Nul("header name"))?);
        }
        self.args.clear();
        let mut push = |vtype, u| self.args.push(rd::rd_kafka_vu_t { vtype, u });
        use rd::rd_kafka_vtype_t as V;
        push(
            V::RD_KAFKA_VTYPE_RKT,
            rd::rd_kafka_vu_s__bindgen_ty_1 { rkt: rkt.as_ptr() },
        );
        push(
            V::RD_KAFKA_VTYPE_MSGFLAGS,
            rd::rd_kafka_vu_s__bindgen_ty_1 {
                i: rd::RD_KAFKA_MSG_F_COPY,
            },
        );
        push(
            V::RD_KAFKA_VTYPE_OPAQUE,
            rd::rd_kafka_vu_s__bindgen_ty_1 {
                ptr: m.opaque as *mut c_void,
            },
        );
        if let Some(p) = m.partition {
            push(
                V::RD_KAFKA_VTYPE_PARTITION,
                rd::rd_kafka_vu_s__bindgen_ty_1 { i32_: p },
            );
        }
        if let Some(ts) = m.timestamp {
            push(
                V::RD_KAFKA_VTYPE_TIMESTAMP,
                rd::rd_kafka_vu_s__bindgen_ty_1 { i64_: ts },
            );
        }
        let mem = |bytes: &[u8]| rd::rd_kafka_vu_s__bindgen_ty_1 {
            mem: rd::rd_kafka_vu_s__bindgen_ty_1__bindgen_ty_1 {
                ptr: bytes.as_ptr() as *mut c_void,
                size: bytes.len(),
            },
        };
        if let Some(k) = m.key {
            push(V::RD_KAFKA_VTYPE_KEY, mem(k));
        }
        if let Some(v) = m.value {
            push(V::RD_KAFKA_VTYPE_VALUE, mem(v));
        }
        for ((_, value), name) in m.headers.iter().zip(&self.header_names) {
            let (val, size) = match value {
                Some(v) => (v.as_ptr() as *const c_void, v.len() as isize),
                None => (std::ptr::null(), 0),
            };
            push(
                V::RD_KAFKA_VTYPE_HEADER,
                rd::rd_kafka_vu_s__bindgen_ty_1 {
                    header: rd::rd_kafka_vu_s__bindgen_ty_1__bindgen_ty_2 {
                        name: name.as_ptr(),
                        val,
                        size,
                    },
                },
            );
        }
        // SAFETY: every pointer in `args` (topic handle, key, value, header names and
        // values) is valid for the duration of the call, and librdkafka copies what it
        // keeps (RD_KAFKA_MSG_F_COPY; header names and values are copied into the
        // message's own header list). The opaque is a plain integer that comes back in
        // the delivery report, where rust-rdkafka turns it into `usize` again.
        let error = unsafe {
            rd::rd_kafka_produceva(
                self.producer.client().native_ptr(),
                self.args.as_ptr(),
                self.args.len(),
            )
        };
        if error.is_null() {
            return Ok(());
        }
        // SAFETY: a non-null result is an error object that we own and destroy once.
        let code = unsafe {
            let code = rd::rd_kafka_error_code(error);
            rd::rd_kafka_error_destroy(error);
            code
        };
        Err(Refused::Kafka(code.into()))
    }
}

/// librdkafka's worst-case framing of one record (`RD_KAFKAP_MESSAGE_V2_MAX_OVERHEAD`):
/// a record is refused when this plus key, value and headers exceeds `message.max.bytes`.
pub const RECORD_OVERHEAD: usize = 36;

/// Plain records (key, value, opaque) collected for one `rd_kafka_produce_batch` call.
#[derive(Default)]
pub struct Batch {
    data: Vec<u8>,
    items: Vec<Item>,
    messages: Vec<rd::rd_kafka_message_t>,
    /// Items before this index have been enqueued.
    done: usize,
}

struct Item {
    key: Option<(usize, usize)>,
    value: Option<(usize, usize)>,
    opaque: usize,
}

/// The outcome of one record of a batch that librdkafka did not take.
pub struct Rejected {
    pub opaque: usize,
    pub key_len: usize,
    pub value_len: usize,
    pub code: RDKafkaErrorCode,
}

impl Batch {
    pub fn len(&self) -> usize {
        self.items.len() - self.done
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Adds a record (the bytes are copied, so the caller's buffers can be reused).
    pub fn push(&mut self, key: Option<&[u8]>, value: Option<&[u8]>, opaque: usize) {
        let mut span = |bytes: Option<&[u8]>| {
            bytes.map(|b| {
                let start = self.data.len();
                self.data.extend_from_slice(b);
                (start, b.len())
            })
        };
        let key = span(key);
        let value = span(value);
        self.items.push(Item { key, value, opaque });
    }

    fn clear(&mut self) {
        self.data.clear();
        self.items.clear();
        self.done = 0;
    }
}

impl Enqueuer<'_> {
    /// Enqueues what is left of `batch` on `topic` (`partition`, or the partitioner's
    /// choice). Returns how many records were enqueued; records refused for another
    /// reason than a full queue go to `rejected`. When the queue is full, the rest of
    /// the batch stays for the next call (in order).
    pub fn send_batch(
        &mut self,
        topic: &str,
        partition: Option<i32>,
        batch: &mut Batch,
        rejected: &mut Vec<Rejected>,
    ) -> Result<usize, Refused> {
        if batch.is_empty() {
            batch.clear();
            return Ok(0);
        }
        let rkt = self.topic(topic)?;
        let base = batch.data.as_ptr();
        batch.messages.clear();
        for item in &batch.items[batch.done..] {
            let (key, key_len) = item.key.map_or((std::ptr::null_mut(), 0), |(at, len)| {
                // SAFETY: `at..at + len` is inside `data`, which is not touched until
                // the batch is cleared after the call.
                (unsafe { base.add(at) } as *mut c_void, len)
            });
            let (payload, len) = item.value.map_or((std::ptr::null_mut(), 0), |(at, len)| {
                // SAFETY: as above.
                (unsafe { base.add(at) } as *mut c_void, len)
            });
            batch.messages.push(rd::rd_kafka_message_t {
                err: rd::rd_kafka_resp_err_t::RD_KAFKA_RESP_ERR_NO_ERROR,
                rkt: std::ptr::null_mut(),
                partition: partition.unwrap_or(-1),
                payload,
                len,
                key,
                key_len,
                offset: 0,
                _private: item.opaque as *mut c_void,
            });
        }
        let count = i32::try_from(batch.messages.len()).unwrap_or(i32::MAX);
        // SAFETY: the topic handle is live; `messages` holds `count` initialised
        // entries whose key and payload point into `batch.data`, valid for the call;
        // librdkafka copies the bytes (RD_KAFKA_MSG_F_COPY) and only writes each
        // entry's `err`. The opaques are plain integers, as in `send`.
        unsafe {
            rd::rd_kafka_produce_batch(
                rkt.as_ptr(),
                partition.unwrap_or(-1),
                rd::RD_KAFKA_MSG_F_COPY,
                batch.messages.as_mut_ptr(),
                count,
            );
        }
        let mut sent = 0;
        let mut consumed = 0;
        for m in &batch.messages {
            let code = RDKafkaErrorCode::from(m.err);
            if code == RDKafkaErrorCode::QueueFull {
                // Everything from here on was refused for the same reason.
                break;
            }
            consumed += 1;
            if code == RDKafkaErrorCode::NoError {
                sent += 1;
            } else {
                rejected.push(Rejected {
                    opaque: m._private as usize,
                    key_len: m.key_len,
                    value_len: m.len,
                    code,
                });
            }
        }
        batch.done += consumed;
        if batch.is_empty() {
            batch.clear();
        }
        Ok(sent)
    }
}

/// Keeps glibc from handing freed memory back to the kernel after every burst:
/// librdkafka allocates and frees each queued record, and with the default trim
/// threshold the heap shrinks and grows again all the time, paying page faults for
/// memory it is about to reuse. Produce requests (up to `batch.size`, 1 MB) would
/// otherwise be mmap'ed and unmapped one by one. The heap then stays at its peak,
/// which the producer queue bounds.
pub fn keep_heap() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only changes allocator tuning parameters.
    unsafe {
        libc::mallopt(libc::M_TRIM_THRESHOLD, 256 << 20);
        libc::mallopt(libc::M_TOP_PAD, 16 << 20);
        libc::mallopt(libc::M_MMAP_THRESHOLD, 32 << 20);
    }
}

/// Holds librdkafka's producer in flushing mode for up to `wait`: records it keeps back
/// for `linger.ms` are sent at once. True when nothing is left outstanding.
///
/// Why this and not `Producer::flush`: with delivery reports as events (as rust-rdkafka
/// sets them up) `rd_kafka_flush` does not serve them, it waits until whoever polls the
/// producer has; rust-rdkafka's `flush` therefore calls it with no wait and polls
/// itself, so its flushing mode lasts a moment and a lingering batch still waits out
/// `linger.ms`. Called from a second thread while the caller polls, it lasts.
pub fn flush_for(producer: &BaseProducer<ProduceContext>, wait: Duration) -> bool {
    let ms = i32::try_from(wait.as_millis()).unwrap_or(i32::MAX);
    // SAFETY: the pointer is the live producer's (borrowed for the call), and
    // rd_kafka_flush may be called from any thread; it only raises a flag, wakes the
    // broker threads and waits.
    let err = unsafe { rd::rd_kafka_flush(producer.client().native_ptr(), ms) };
    err == rd::rd_kafka_resp_err_t::RD_KAFKA_RESP_ERR_NO_ERROR
}

/// Wakes the producer loop as soon as librdkafka queues an event (a delivery report)
/// for it to serve.
///
/// Why: rust-rdkafka's timed `poll` waits out its whole timeout even after serving
/// an event, so the loop polls without waiting and pauses in between; a fixed pause
/// of a millisecond made every run's last delivery report wait half a millisecond on
/// average, and a one-record `produce` paid it once per run. librdkafka calls
/// `on_event` (on its own thread, holding the queue's lock) when an event lands on
/// the empty main queue, where delivery reports arrive; [`Self::wait`] returns then.
pub struct Wakeup {
    queue: NonNull<rd::rd_kafka_queue_t>,
    /// Boxed: librdkafka keeps a pointer to it until `drop` takes it back.
    signal: Box<Signal>,
}

#[derive(Default)]
struct Signal {
    queued: Mutex<bool>,
    ready: Condvar,
}

unsafe extern "C" fn on_event(_rk: *mut rd::rd_kafka_t, opaque: *mut c_void) {
    // SAFETY: `opaque` is the `Signal` that `Wakeup::new` registered; `Wakeup::drop`
    // unregisters it (under the queue lock this runs under) before freeing it.
    let signal = unsafe { &*opaque.cast::<Signal>() };
    *signal.queued.lock().unwrap_or_else(PoisonError::into_inner) = true;
    signal.ready.notify_one();
}

impl Wakeup {
    /// `None` if librdkafka gives no handle to the producer's main queue.
    pub fn new(producer: &BaseProducer<ProduceContext>) -> Option<Wakeup> {
        // SAFETY: the client is live; the handle is released in `drop`.
        let queue =
            NonNull::new(unsafe { rd::rd_kafka_queue_get_main(producer.client().native_ptr()) })?;
        let signal = Box::<Signal>::default();
        let opaque = std::ptr::from_ref::<Signal>(&signal)
            .cast_mut()
            .cast::<c_void>();
        // SAFETY: the queue handle is live, and `opaque` stays valid until `drop`
        // unregisters the callback.
        unsafe { rd::rd_kafka_queue_cb_event_enable(queue.as_ptr(), Some(on_event), opaque) };
        Some(Wakeup { queue, signal })
    }

    /// Returns when an event is waiting on the main queue, or after `timeout`.
    pub fn wait(&self, timeout: Duration) {
        let mut queued = self
            .signal
            .queued
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        // An event queued since the last wake-up, but served already, leaves `queued`
        // set: the caller then finds nothing new and waits again.
        // SAFETY: the queue handle is live.
        if !*queued && unsafe { rd::rd_kafka_queue_length(self.queue.as_ptr()) } == 0 {
            queued = self
                .signal
                .ready
                .wait_timeout(queued, timeout)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
        *queued = false;
    }
}

impl Drop for Wakeup {
    fn drop(&mut self) {
        // SAFETY: the handle is live. Unregistering takes the queue's lock, under which
        // librdkafka calls `on_event`, so no call is running or to come when `signal`
        // is freed after this.
        unsafe {
            rd::rd_kafka_queue_cb_event_enable(self.queue.as_ptr(), None, std::ptr::null_mut());
            rd::rd_kafka_queue_destroy(self.queue.as_ptr());
        }
    }
}
