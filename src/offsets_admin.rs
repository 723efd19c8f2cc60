//! librdkafka admin calls that rust-rdkafka does not wrap: listing, describing and
//! deleting consumer groups, reading and changing their committed offsets, and
//! ListOffsets with an isolation level.
//!
//! Why raw bindings: rust-rdkafka 0.39's `AdminClient` has no ListConsumerGroups,
//! DescribeConsumerGroups, ListConsumerGroupOffsets, AlterConsumerGroupOffsets,
//! DeleteConsumerGroupOffsets or ListOffsets. Without them kpipe would have to create one
//! consumer per group (with that `group.id`) just to read its commits, and ask for
//! watermarks one partition at a time (`fetch_watermarks`). Here:
//!
//! - committed offsets are read with one OffsetFetch per group (ListConsumerGroupOffsets,
//!   all of a group's partitions at once; many groups are requested concurrently on one
//!   handle, so a hundred groups share one connection to their coordinator);
//! - log start, log end (high watermark or last stable offset) and offsets for
//!   timestamps come from ListOffsets, which librdkafka batches into one request per
//!   partition leader, with an explicit isolation level (read_uncommitted gives the high
//!   watermark that `kafka-consumer-groups` uses; read_committed gives the LSO).
//!
//! Every function here is blocking: it starts the admin operation on a private queue and
//! waits for its result event, bounded by the given timeout (librdkafka's own request
//! timeout is set to the same value). Callers run them on the blocking pool. Results are
//! copied into plain Rust values before the event is destroyed, so nothing borrowed from
//! librdkafka escapes this module. This is, with `mock.rs`, the only module with
//! `unsafe` code; each block says why it is sound.
#![allow(unsafe_code)]

use std::collections::HashMap;
use std::ffi::{CStr, CString};
use std::fmt;
use std::os::raw::c_char;
use std::ptr;
use std::time::{Duration, Instant};

use rdkafka::bindings as rdsys;
use rdkafka::client::Client;
use rdkafka::error::RDKafkaErrorCode;
use rdkafka::{ClientContext, TopicPartitionList};

/// A topic and partition.
pub type Tp = (String, i32);

/// An error reported by librdkafka or the broker for a request or one of its items.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AdminError {
    pub code: RDKafkaErrorCode,
    pub message: String,
}

impl AdminError {
    fn new(code: RDKafkaErrorCode, message: impl Into<String>) -> Self {
        AdminError {
            code,
            message: message.into(),
        }
    }

    /// From a response error code and an optional librdkafka error string.
    fn from_resp(err: rdsys::rd_kafka_resp_err_t, text: *const c_char) -> Self {
        let code = RDKafkaErrorCode::from(err);
        // SAFETY: `text` is either null or a NUL-terminated string owned by the event or
        // error object it came from, which is alive during this call; it is copied.
        let message = if text.is_null() {
            code.to_string()
        } else {
            unsafe { CStr::from_ptr(text) }
                .to_string_lossy()
                .into_owned()
        };
        AdminError { code, message }
    }

    /// From an `rd_kafka_error_t` (not destroyed here).
    ///
    /// SAFETY: `err` must be null or point to a live error object.
    unsafe fn from_error(err: *const rdsys::rd_kafka_error_t) -> Option<Self> {
        if err.is_null() {
            return None;
        }
        let code = rdsys::rd_kafka_error_code(err);
        if code == rdsys::rd_kafka_resp_err_t::RD_KAFKA_RESP_ERR_NO_ERROR {
            return None;
        }
        Some(Self::from_resp(code, rdsys::rd_kafka_error_string(err)))
    }

    /// The broker does not implement the API (e.g. the embedded broker of `kpipe local`
    /// has no ListGroups or DescribeGroups).
    pub fn is_unsupported(&self) -> bool {
        matches!(
            self.code,
            RDKafkaErrorCode::UnsupportedFeature | RDKafkaErrorCode::UnsupportedVersion
        ) || self.message.to_ascii_lowercase().contains("not supported")
    }
}

impl fmt::Display for AdminError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = format!("{:?}", self.code);
        if self.message.is_empty() || self.message == self.code.to_string() {
            write!(f, "{} ({name})", self.code)
        } else {
            write!(f, "{} ({name})", self.message)
        }
    }
}

impl std::error::Error for AdminError {}

/// The isolation level of a ListOffsets request: which "end" it returns.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Isolation {
    /// The high watermark (what `kafka-consumer-groups` reports).
    #[default]
    ReadUncommitted,
    /// The last stable offset: the end for consumers with `isolation.level=read_committed`.
    ReadCommitted,
}

/// ListOffsets specs (librdkafka's `rd_kafka_OffsetSpec_t`); a value >= 0 is a timestamp.
pub const SPEC_LATEST: i64 = -1;
pub const SPEC_EARLIEST: i64 = -2;
pub const SPEC_MAX_TIMESTAMP: i64 = -3;

/// One group as listed by ListConsumerGroups.
#[derive(Clone, Debug)]
pub struct GroupListing {
    pub id: String,
    pub simple: bool,
    pub state: String,
    /// `classic`, `consumer` (KIP-848) or `unknown`.
    pub kind: String,
}

/// A member of a group as described by DescribeConsumerGroups.
#[derive(Clone, Debug, Default)]
pub struct Member {
    pub member_id: String,
    pub client_id: String,
    pub host: String,
    pub instance_id: Option<String>,
    pub assignment: Vec<Tp>,
}

/// One group as described by DescribeConsumerGroups.
#[derive(Clone, Debug, Default)]
pub struct GroupDescription {
    pub id: String,
    pub error: Option<AdminError>,
    pub simple: bool,
    pub assignor: String,
    pub state: String,
    pub kind: String,
    /// Coordinator broker: id, host, port.
    pub coordinator: Option<(i32, String, u16)>,
    pub members: Vec<Member>,
}

/// The answer of ListOffsets for one partition.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ListedOffset {
    /// -1 when no offset matches (e.g. no record at or after a timestamp).
    pub offset: i64,
    /// The record timestamp for timestamp and max-timestamp queries, else -1.
    pub timestamp: i64,
}

// ---------------------------------------------------------------------------------
// RAII wrappers around the raw handles.

struct Queue(*mut rdsys::rd_kafka_queue_t);

impl Queue {
    fn new(rk: *mut rdsys::rd_kafka_t) -> Self {
        // SAFETY: `rk` is a live client handle (callers pass `Client::native_ptr`).
        Queue(unsafe { rdsys::rd_kafka_queue_new(rk) })
    }
}

impl Drop for Queue {
    fn drop(&mut self) {
        // SAFETY: created by `rd_kafka_queue_new`, destroyed once.
        unsafe { rdsys::rd_kafka_queue_destroy(self.0) }
    }
}

struct Options(*mut rdsys::rd_kafka_AdminOptions_t);

impl Options {
    fn new(rk: *mut rdsys::rd_kafka_t, op: rdsys::rd_kafka_admin_op_t, timeout: Duration) -> Self {
        // SAFETY: `rk` is a live client handle; the options object is owned by `Self`.
        let options = unsafe { rdsys::rd_kafka_AdminOptions_new(rk, op) };
        let ms = i32::try_from(timeout.as_millis())
            .unwrap_or(i32::MAX)
            .max(1);
        let mut errstr = [0 as c_char; 256];
        // SAFETY: `options` is live and `errstr` is a writable buffer of the given size.
        // A failure only means the default timeout stays in place.
        unsafe {
            rdsys::rd_kafka_AdminOptions_set_request_timeout(
                options,
                ms,
                errstr.as_mut_ptr(),
                errstr.len(),
            );
        }
        Options(options)
    }
}

impl Drop for Options {
    fn drop(&mut self) {
        // SAFETY: created by `rd_kafka_AdminOptions_new`, destroyed once.
        unsafe { rdsys::rd_kafka_AdminOptions_destroy(self.0) }
    }
}

struct Event(*mut rdsys::rd_kafka_event_t);

impl Drop for Event {
    fn drop(&mut self) {
        // SAFETY: returned by `rd_kafka_queue_poll`, destroyed once.
        unsafe { rdsys::rd_kafka_event_destroy(self.0) }
    }
}

impl Event {
    /// The event-level error (the whole request failed), if any.
    fn error(&self) -> Option<AdminError> {
        // SAFETY: the event is live; the error string is copied before it is destroyed.
        unsafe {
            let err = rdsys::rd_kafka_event_error(self.0);
            if err == rdsys::rd_kafka_resp_err_t::RD_KAFKA_RESP_ERR_NO_ERROR {
                None
            } else {
                Some(AdminError::from_resp(
                    err,
                    rdsys::rd_kafka_event_error_string(self.0),
                ))
            }
        }
    }
}

/// Waits for one result event of type `kind` on `queue`, up to `deadline`.
fn wait_event(
    queue: &Queue,
    kind: rdsys::rd_kafka_event_type_t,
    deadline: Instant,
) -> Result<Event, AdminError> {
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(AdminError::new(
                RDKafkaErrorCode::OperationTimedOut,
                "no answer from the cluster in time",
            ));
        }
        let ms = i32::try_from(left.as_millis()).unwrap_or(i32::MAX).max(1);
        // SAFETY: the queue is live; a non-null event is owned by the returned wrapper.
        let raw = unsafe { rdsys::rd_kafka_queue_poll(queue.0, ms) };
        if raw.is_null() {
            continue;
        }
        let event = Event(raw);
        // SAFETY: the event is live.
        if unsafe { rdsys::rd_kafka_event_type(event.0) } == kind {
            return Ok(event);
        }
        // Anything else on a private admin queue is unexpected; drop it.
    }
}

/// A little longer than librdkafka's own request timeout, so its answer (including a
/// timeout error naming the cause) normally arrives first.
fn deadline(timeout: Duration) -> Instant {
    Instant::now() + timeout + Duration::from_millis(1500)
}

/// Copies a C string that may be null.
///
/// SAFETY: `s` must be null or a NUL-terminated string alive for this call.
unsafe fn opt_string(s: *const c_char) -> Option<String> {
    if s.is_null() {
        None
    } else {
        Some(CStr::from_ptr(s).to_string_lossy().into_owned())
    }
}

/// One element of a native partition list, copied.
struct RawPartition {
    tp: Tp,
    offset: i64,
    error: Option<AdminError>,
}

/// Copies every element of a native partition list.
///
/// SAFETY: `list` must be null or a live partition list.
unsafe fn read_partitions(
    list: *const rdsys::rd_kafka_topic_partition_list_t,
) -> Vec<RawPartition> {
    if list.is_null() {
        return Vec::new();
    }
    let list = &*list;
    let count = usize::try_from(list.cnt).unwrap_or(0);
    if count == 0 || list.elems.is_null() {
        return Vec::new();
    }
    std::slice::from_raw_parts(list.elems, count)
        .iter()
        .map(|e| {
            let error = if e.err == rdsys::rd_kafka_resp_err_t::RD_KAFKA_RESP_ERR_NO_ERROR {
                None
            } else {
                Some(AdminError::from_resp(e.err, rdsys::rd_kafka_err2str(e.err)))
            };
            RawPartition {
                tp: (opt_string(e.topic).unwrap_or_default(), e.partition),
                offset: e.offset,
                error,
            }
        })
        .collect()
}

fn c_string(s: &str) -> Result<CString, AdminError> {
    CString::new(s).map_err(|_| {
        AdminError::new(
            RDKafkaErrorCode::InvalidArgument,
            format!("'{}' contains a NUL byte", s.escape_debug()),
        )
    })
}

fn partition_list(items: &[(Tp, Option<i64>)]) -> Result<TopicPartitionList, AdminError> {
    let mut tpl = TopicPartitionList::with_capacity(items.len().max(1));
    for ((topic, partition), _) in items {
        c_string(topic)?;
        tpl.add_partition(topic, *partition);
    }
    // rust-rdkafka's `Offset` cannot express ListOffsets specs such as max-timestamp
    // (-3), so raw values are written into the native elements, which are in insertion
    // order.
    // SAFETY: `tpl` is alive and owned here; it holds exactly `items.len()` elements
    // (`cnt`), and only their plain `offset` fields are written.
    unsafe {
        let list = &mut *tpl.ptr();
        let count = usize::try_from(list.cnt).unwrap_or(0).min(items.len());
        if !list.elems.is_null() {
            let elems = std::slice::from_raw_parts_mut(list.elems, count);
            for (elem, (_, offset)) in elems.iter_mut().zip(items) {
                if let Some(raw) = offset {
                    elem.offset = *raw;
                }
            }
        }
    }
    Ok(tpl)
}

// ---------------------------------------------------------------------------------
// The operations.

/// Lists every consumer group. Returns the groups and the per-broker errors (a broker
/// that could not answer, or does not implement ListGroups).
pub fn list_groups<C: ClientContext>(
    client: &Client<C>,
    timeout: Duration,
) -> Result<(Vec<GroupListing>, Vec<AdminError>), AdminError> {
    let rk = client.native_ptr();
    let queue = Queue::new(rk);
    let options = Options::new(
        rk,
        rdsys::rd_kafka_admin_op_t::RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPS,
        timeout,
    );
    // SAFETY: handle, options and queue are live for the call; librdkafka copies what it
    // needs from the options.
    unsafe { rdsys::rd_kafka_ListConsumerGroups(rk, options.0, queue.0) };
    let event = wait_event(
        &queue,
        rdsys::RD_KAFKA_EVENT_LISTCONSUMERGROUPS_RESULT,
        deadline(timeout),
    )?;
    if let Some(err) = event.error() {
        return Err(err);
    }
    // SAFETY: the event is a ListConsumerGroups result; every pointer read below is
    // owned by it and copied before it is destroyed at the end of this scope.
    unsafe {
        let result = rdsys::rd_kafka_event_ListConsumerGroups_result(event.0);
        if result.is_null() {
            return Err(AdminError::new(
                RDKafkaErrorCode::Fail,
                "unexpected ListConsumerGroups result",
            ));
        }
        let mut count = 0usize;
        let valid = rdsys::rd_kafka_ListConsumerGroups_result_valid(result, &mut count);
        let mut groups = Vec::with_capacity(count);
        if !valid.is_null() {
            for &g in std::slice::from_raw_parts(valid, count) {
                let state = rdsys::rd_kafka_ConsumerGroupListing_state(g);
                let kind = rdsys::rd_kafka_ConsumerGroupListing_type(g);
                groups.push(GroupListing {
                    id: opt_string(rdsys::rd_kafka_ConsumerGroupListing_group_id(g))
                        .unwrap_or_default(),
                    simple: rdsys::rd_kafka_ConsumerGroupListing_is_simple_consumer_group(g) != 0,
                    state: state_name(state),
                    kind: type_name(kind),
                });
            }
        }
        let mut error_count = 0usize;
        let errors = rdsys::rd_kafka_ListConsumerGroups_result_errors(result, &mut error_count);
        let mut broker_errors = Vec::new();
        if !errors.is_null() {
            for &e in std::slice::from_raw_parts(errors, error_count) {
                if let Some(err) = AdminError::from_error(e) {
                    broker_errors.push(err);
                }
            }
        }
        Ok((groups, broker_errors))
    }
}

fn state_name(state: rdsys::rd_kafka_consumer_group_state_t) -> String {
    use rdsys::rd_kafka_consumer_group_state_t::*;
    match state {
        RD_KAFKA_CONSUMER_GROUP_STATE_PREPARING_REBALANCE => "PreparingRebalance",
        RD_KAFKA_CONSUMER_GROUP_STATE_COMPLETING_REBALANCE => "CompletingRebalance",
        RD_KAFKA_CONSUMER_GROUP_STATE_STABLE => "Stable",
        RD_KAFKA_CONSUMER_GROUP_STATE_DEAD => "Dead",
        RD_KAFKA_CONSUMER_GROUP_STATE_EMPTY => "Empty",
        _ => "Unknown",
    }
    .to_string()
}

fn type_name(kind: rdsys::rd_kafka_consumer_group_type_t) -> String {
    use rdsys::rd_kafka_consumer_group_type_t::*;
    match kind {
        RD_KAFKA_CONSUMER_GROUP_TYPE_CONSUMER => "consumer",
        RD_KAFKA_CONSUMER_GROUP_TYPE_CLASSIC => "classic",
        _ => "unknown",
    }
    .to_string()
}

/// Describes groups (state, assignor, coordinator, members and their assignments) in
/// one call; librdkafka sends one request per coordinator.
pub fn describe_groups<C: ClientContext>(
    client: &Client<C>,
    groups: &[String],
    timeout: Duration,
) -> Result<Vec<GroupDescription>, AdminError> {
    if groups.is_empty() {
        return Ok(Vec::new());
    }
    let rk = client.native_ptr();
    let queue = Queue::new(rk);
    let options = Options::new(
        rk,
        rdsys::rd_kafka_admin_op_t::RD_KAFKA_ADMIN_OP_DESCRIBECONSUMERGROUPS,
        timeout,
    );
    let names = groups
        .iter()
        .map(|g| c_string(g))
        .collect::<Result<Vec<_>, _>>()?;
    let mut pointers: Vec<*const c_char> = names.iter().map(|n| n.as_ptr()).collect();
    // SAFETY: `pointers` holds `names.len()` valid C strings that outlive the call
    // (librdkafka copies them); handle, options and queue are live.
    unsafe {
        rdsys::rd_kafka_DescribeConsumerGroups(
            rk,
            pointers.as_mut_ptr(),
            pointers.len(),
            options.0,
            queue.0,
        );
    }
    let event = wait_event(
        &queue,
        rdsys::RD_KAFKA_EVENT_DESCRIBECONSUMERGROUPS_RESULT,
        deadline(timeout),
    )?;
    if let Some(err) = event.error() {
        return Err(err);
    }
    // SAFETY: the event is a DescribeConsumerGroups result; all pointers below are owned
    // by it and copied before it is destroyed.
    unsafe {
        let result = rdsys::rd_kafka_event_DescribeConsumerGroups_result(event.0);
        if result.is_null() {
            return Err(AdminError::new(
                RDKafkaErrorCode::Fail,
                "unexpected DescribeConsumerGroups result",
            ));
        }
        let mut count = 0usize;
        let descs = rdsys::rd_kafka_DescribeConsumerGroups_result_groups(result, &mut count);
        let mut out = Vec::with_capacity(count);
        if descs.is_null() {
            return Ok(out);
        }
        for &d in std::slice::from_raw_parts(descs, count) {
            let coordinator = rdsys::rd_kafka_ConsumerGroupDescription_coordinator(d);
            let coordinator = (!coordinator.is_null()).then(|| {
                (
                    rdsys::rd_kafka_Node_id(coordinator),
                    opt_string(rdsys::rd_kafka_Node_host(coordinator)).unwrap_or_default(),
                    rdsys::rd_kafka_Node_port(coordinator),
                )
            });
            let member_count = rdsys::rd_kafka_ConsumerGroupDescription_member_count(d);
            let mut members = Vec::with_capacity(member_count);
            for i in 0..member_count {
                let m = rdsys::rd_kafka_ConsumerGroupDescription_member(d, i);
                if m.is_null() {
                    continue;
                }
                let assignment = rdsys::rd_kafka_MemberDescription_assignment(m);
                let partitions = if assignment.is_null() {
                    Vec::new()
                } else {
                    read_partitions(rdsys::rd_kafka_MemberAssignment_partitions(assignment))
                        .into_iter()
                        .map(|p| p.tp)
                        .collect()
                };
                members.push(Member {
                    member_id: opt_string(rdsys::rd_kafka_MemberDescription_consumer_id(m))
                        .unwrap_or_default(),
                    client_id: opt_string(rdsys::rd_kafka_MemberDescription_client_id(m))
                        .unwrap_or_default(),
                    host: opt_string(rdsys::rd_kafka_MemberDescription_host(m)).unwrap_or_default(),
                    instance_id: opt_string(rdsys::rd_kafka_MemberDescription_group_instance_id(m))
                        .filter(|s| !s.is_empty()),
                    assignment: partitions,
                });
            }
            out.push(GroupDescription {
                id: opt_string(rdsys::rd_kafka_ConsumerGroupDescription_group_id(d))
                    .unwrap_or_default(),
                error: AdminError::from_error(rdsys::rd_kafka_ConsumerGroupDescription_error(d)),
                simple: rdsys::rd_kafka_ConsumerGroupDescription_is_simple_consumer_group(d) != 0,
                assignor: opt_string(rdsys::rd_kafka_ConsumerGroupDescription_partition_assignor(
                    d,
                ))
                .unwrap_or_default(),
                state: state_name(rdsys::rd_kafka_ConsumerGroupDescription_state(d)),
                kind: type_name(rdsys::rd_kafka_ConsumerGroupDescription_type(d)),
                coordinator,
                members,
            });
        }
        Ok(out)
    }
}

/// The committed offsets of a group: `None` for a partition without a commit.
pub type Committed = Vec<(Tp, Option<i64>)>;

/// A group id and the outcome of an operation on it.
pub type GroupResult<T> = (String, Result<T, AdminError>);

/// Reads committed offsets with one OffsetFetch per group. `partitions: None` asks for
/// every partition the group has committed on. All groups are requested at once (in
/// chunks) on one queue, so their requests run concurrently.
pub fn list_group_offsets<C: ClientContext>(
    client: &Client<C>,
    requests: &[(String, Option<Vec<Tp>>)],
    timeout: Duration,
) -> Result<Vec<GroupResult<Committed>>, AdminError> {
    const IN_FLIGHT: usize = 256;
    let rk = client.native_ptr();
    let mut results = Vec::with_capacity(requests.len());
    for chunk in requests.chunks(IN_FLIGHT) {
        let queue = Queue::new(rk);
        let options = Options::new(
            rk,
            rdsys::rd_kafka_admin_op_t::RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPOFFSETS,
            timeout,
        );
        let mut pending: HashMap<String, usize> = HashMap::new();
        for (group, partitions) in chunk {
            let name = c_string(group)?;
            let tpl = match partitions {
                Some(list) => Some(partition_list(
                    &list.iter().map(|tp| (tp.clone(), None)).collect::<Vec<_>>(),
                )?),
                None => None,
            };
            let tpl_ptr = tpl.as_ref().map_or(ptr::null(), |t| t.ptr().cast_const());
            // SAFETY: `name` and `tpl` outlive the calls (librdkafka copies both into the
            // request object, which is destroyed right after being submitted: the admin
            // call copies it again).
            unsafe {
                let mut request =
                    rdsys::rd_kafka_ListConsumerGroupOffsets_new(name.as_ptr(), tpl_ptr);
                rdsys::rd_kafka_ListConsumerGroupOffsets(rk, &mut request, 1, options.0, queue.0);
                rdsys::rd_kafka_ListConsumerGroupOffsets_destroy(request);
            }
            *pending.entry(group.clone()).or_default() += 1;
        }
        let until = deadline(timeout);
        let mut outstanding: usize = pending.values().sum();
        while outstanding > 0 {
            let event = match wait_event(
                &queue,
                rdsys::RD_KAFKA_EVENT_LISTCONSUMERGROUPOFFSETS_RESULT,
                until,
            ) {
                Ok(e) => e,
                Err(err) => {
                    for (group, n) in pending.drain() {
                        for _ in 0..n {
                            results.push((group.clone(), Err(err.clone())));
                        }
                    }
                    break;
                }
            };
            outstanding -= 1;
            let event_error = event.error();
            // SAFETY: the event is a ListConsumerGroupOffsets result; pointers are owned
            // by it and copied before it is destroyed.
            let groups = unsafe {
                let result = rdsys::rd_kafka_event_ListConsumerGroupOffsets_result(event.0);
                let mut count = 0usize;
                let list = if result.is_null() {
                    ptr::null_mut()
                } else {
                    rdsys::rd_kafka_ListConsumerGroupOffsets_result_groups(result, &mut count)
                        .cast_mut()
                };
                let mut groups = Vec::new();
                if !list.is_null() {
                    for &g in std::slice::from_raw_parts(list, count) {
                        let name =
                            opt_string(rdsys::rd_kafka_group_result_name(g)).unwrap_or_default();
                        let error = AdminError::from_error(rdsys::rd_kafka_group_result_error(g));
                        let partitions =
                            read_partitions(rdsys::rd_kafka_group_result_partitions(g));
                        groups.push((name, error, partitions));
                    }
                }
                groups
            };
            if groups.is_empty() {
                // A request-level failure without a group name: attribute it to one of the
                // outstanding groups (they all share the error's cause).
                let err = event_error.unwrap_or_else(|| {
                    AdminError::new(
                        RDKafkaErrorCode::Fail,
                        "empty ListConsumerGroupOffsets result",
                    )
                });
                if let Some(group) = pending.keys().next().cloned() {
                    take_pending(&mut pending, &group);
                    results.push((group, Err(err)));
                }
                continue;
            }
            for (name, error, partitions) in groups {
                take_pending(&mut pending, &name);
                let value = match error.or_else(|| event_error.clone()) {
                    Some(err) => Err(err),
                    None => Ok(partitions
                        .into_iter()
                        .map(|p| {
                            // librdkafka reports "no commit" as offset -1001 (INVALID) or -1.
                            let committed =
                                (p.offset >= 0 && p.error.is_none()).then_some(p.offset);
                            (p.tp, committed)
                        })
                        .collect()),
                };
                results.push((name, value));
            }
        }
    }
    Ok(results)
}

fn take_pending(pending: &mut HashMap<String, usize>, group: &str) {
    if let Some(n) = pending.get_mut(group) {
        *n -= 1;
        if *n == 0 {
            pending.remove(group);
        }
    }
}

/// ListOffsets for many partitions: `spec` per partition is [`SPEC_LATEST`],
/// [`SPEC_EARLIEST`], [`SPEC_MAX_TIMESTAMP`] or a timestamp in ms. librdkafka sends one
/// request per partition leader. A partition may appear only once per call.
pub fn list_offsets<C: ClientContext>(
    client: &Client<C>,
    items: &[(Tp, i64)],
    isolation: Isolation,
    timeout: Duration,
) -> Result<HashMap<Tp, Result<ListedOffset, AdminError>>, AdminError> {
    if items.is_empty() {
        return Ok(HashMap::new());
    }
    let rk = client.native_ptr();
    let queue = Queue::new(rk);
    let options = Options::new(
        rk,
        rdsys::rd_kafka_admin_op_t::RD_KAFKA_ADMIN_OP_LISTOFFSETS,
        timeout,
    );
    let level = match isolation {
        Isolation::ReadUncommitted => {
            rdsys::rd_kafka_IsolationLevel_t::RD_KAFKA_ISOLATION_LEVEL_READ_UNCOMMITTED
        }
        Isolation::ReadCommitted => {
            rdsys::rd_kafka_IsolationLevel_t::RD_KAFKA_ISOLATION_LEVEL_READ_COMMITTED
        }
    };
    // SAFETY: options are live; a returned error object is owned by us and destroyed.
    unsafe {
        let err = rdsys::rd_kafka_AdminOptions_set_isolation_level(options.0, level);
        if !err.is_null() {
            let e = AdminError::from_error(err);
            rdsys::rd_kafka_error_destroy(err);
            if let Some(e) = e {
                return Err(e);
            }
        }
    }
    let tpl = partition_list(
        &items
            .iter()
            .map(|(tp, spec)| (tp.clone(), Some(*spec)))
            .collect::<Vec<_>>(),
    )?;
    // SAFETY: `tpl` outlives the call (librdkafka copies it); handle, options and queue
    // are live.
    unsafe { rdsys::rd_kafka_ListOffsets(rk, tpl.ptr(), options.0, queue.0) };
    let event = wait_event(
        &queue,
        rdsys::RD_KAFKA_EVENT_LISTOFFSETS_RESULT,
        deadline(timeout),
    )?;
    let event_error = event.error();
    // SAFETY: the event is a ListOffsets result; pointers are owned by it and copied.
    let infos = unsafe {
        let result = rdsys::rd_kafka_event_ListOffsets_result(event.0);
        let mut count = 0usize;
        let infos = if result.is_null() {
            ptr::null()
        } else {
            rdsys::rd_kafka_ListOffsets_result_infos(result, &mut count)
        };
        let mut out = Vec::new();
        if !infos.is_null() {
            for &info in std::slice::from_raw_parts(infos, count) {
                let tp = rdsys::rd_kafka_ListOffsetsResultInfo_topic_partition(info);
                if tp.is_null() {
                    continue;
                }
                let tp = &*tp;
                let error = if tp.err == rdsys::rd_kafka_resp_err_t::RD_KAFKA_RESP_ERR_NO_ERROR {
                    None
                } else {
                    Some(AdminError::from_resp(
                        tp.err,
                        rdsys::rd_kafka_err2str(tp.err),
                    ))
                };
                out.push((
                    (opt_string(tp.topic).unwrap_or_default(), tp.partition),
                    tp.offset,
                    rdsys::rd_kafka_ListOffsetsResultInfo_timestamp(info),
                    error,
                ));
            }
        }
        out
    };
    if infos.is_empty() {
        if let Some(err) = event_error {
            return Err(err);
        }
    }
    let mut map = HashMap::with_capacity(infos.len());
    for (tp, offset, timestamp, error) in infos {
        let value = match error {
            Some(e) => Err(e),
            None => Ok(ListedOffset { offset, timestamp }),
        };
        map.insert(tp, value);
    }
    // Partitions missing from the answer failed with the request-level error.
    if let Some(err) = event_error {
        for (tp, _) in items {
            map.entry(tp.clone()).or_insert_with(|| Err(err.clone()));
        }
    }
    Ok(map)
}

/// Per-partition outcome of an offset change.
pub type PartitionResults = Vec<(Tp, Result<(), AdminError>)>;

/// Commits `offsets` for `group` (OffsetCommit as an admin, without joining the group).
/// The broker refuses it while the group has active members (UNKNOWN_MEMBER_ID).
pub fn alter_group_offsets<C: ClientContext>(
    client: &Client<C>,
    group: &str,
    offsets: &[(Tp, i64)],
    timeout: Duration,
) -> Result<PartitionResults, AdminError> {
    let rk = client.native_ptr();
    let queue = Queue::new(rk);
    let options = Options::new(
        rk,
        rdsys::rd_kafka_admin_op_t::RD_KAFKA_ADMIN_OP_ALTERCONSUMERGROUPOFFSETS,
        timeout,
    );
    let name = c_string(group)?;
    let tpl = partition_list(
        &offsets
            .iter()
            .map(|(tp, o)| (tp.clone(), Some(*o)))
            .collect::<Vec<_>>(),
    )?;
    // SAFETY: `name` and `tpl` outlive the calls and are copied by librdkafka; the
    // request object is destroyed after submission (the admin call keeps its own copy).
    unsafe {
        let mut request = rdsys::rd_kafka_AlterConsumerGroupOffsets_new(name.as_ptr(), tpl.ptr());
        rdsys::rd_kafka_AlterConsumerGroupOffsets(rk, &mut request, 1, options.0, queue.0);
        rdsys::rd_kafka_AlterConsumerGroupOffsets_destroy(request);
    }
    let event = wait_event(
        &queue,
        rdsys::RD_KAFKA_EVENT_ALTERCONSUMERGROUPOFFSETS_RESULT,
        deadline(timeout),
    )?;
    if let Some(err) = event.error() {
        return Err(err);
    }
    // SAFETY: the event is an AlterConsumerGroupOffsets result; pointers are copied.
    unsafe {
        let result = rdsys::rd_kafka_event_AlterConsumerGroupOffsets_result(event.0);
        group_partition_results(if result.is_null() {
            None
        } else {
            let mut count = 0usize;
            let groups =
                rdsys::rd_kafka_AlterConsumerGroupOffsets_result_groups(result, &mut count);
            Some((groups, count))
        })
    }
}

/// Deletes `group`'s committed offsets for `partitions` (OffsetDelete).
pub fn delete_group_offsets<C: ClientContext>(
    client: &Client<C>,
    group: &str,
    partitions: &[Tp],
    timeout: Duration,
) -> Result<PartitionResults, AdminError> {
    let rk = client.native_ptr();
    let queue = Queue::new(rk);
    let options = Options::new(
        rk,
        rdsys::rd_kafka_admin_op_t::RD_KAFKA_ADMIN_OP_DELETECONSUMERGROUPOFFSETS,
        timeout,
    );
    let name = c_string(group)?;
    let tpl = partition_list(
        &partitions
            .iter()
            .map(|tp| (tp.clone(), None))
            .collect::<Vec<_>>(),
    )?;
    // SAFETY: as in `alter_group_offsets`.
    unsafe {
        let mut request = rdsys::rd_kafka_DeleteConsumerGroupOffsets_new(name.as_ptr(), tpl.ptr());
        rdsys::rd_kafka_DeleteConsumerGroupOffsets(rk, &mut request, 1, options.0, queue.0);
        rdsys::rd_kafka_DeleteConsumerGroupOffsets_destroy(request);
    }
    let event = wait_event(
        &queue,
        rdsys::RD_KAFKA_EVENT_DELETECONSUMERGROUPOFFSETS_RESULT,
        deadline(timeout),
    )?;
    if let Some(err) = event.error() {
        return Err(err);
    }
    // SAFETY: the event is a DeleteConsumerGroupOffsets result; pointers are copied.
    unsafe {
        let result = rdsys::rd_kafka_event_DeleteConsumerGroupOffsets_result(event.0);
        group_partition_results(if result.is_null() {
            None
        } else {
            let mut count = 0usize;
            let groups =
                rdsys::rd_kafka_DeleteConsumerGroupOffsets_result_groups(result, &mut count);
            Some((groups, count))
        })
    }
}

/// The per-partition results of a single-group offsets operation.
///
/// SAFETY: `groups` must be null or point to `count` live group results.
unsafe fn group_partition_results(
    groups: Option<(*mut *const rdsys::rd_kafka_group_result_t, usize)>,
) -> Result<PartitionResults, AdminError> {
    let Some((groups, count)) = groups.filter(|(g, _)| !g.is_null()) else {
        return Err(AdminError::new(RDKafkaErrorCode::Fail, "empty result"));
    };
    let mut out = Vec::new();
    for &g in std::slice::from_raw_parts(groups, count) {
        if let Some(err) = AdminError::from_error(rdsys::rd_kafka_group_result_error(g)) {
            return Err(err);
        }
        for p in read_partitions(rdsys::rd_kafka_group_result_partitions(g)) {
            out.push((p.tp, p.error.map_or(Ok(()), Err)));
        }
    }
    Ok(out)
}

/// Deletes groups (DeleteGroups); the broker refuses groups with active members.
pub fn delete_groups<C: ClientContext>(
    client: &Client<C>,
    groups: &[String],
    timeout: Duration,
) -> Result<Vec<GroupResult<()>>, AdminError> {
    if groups.is_empty() {
        return Ok(Vec::new());
    }
    let rk = client.native_ptr();
    let queue = Queue::new(rk);
    let options = Options::new(
        rk,
        rdsys::rd_kafka_admin_op_t::RD_KAFKA_ADMIN_OP_DELETEGROUPS,
        timeout,
    );
    let names = groups
        .iter()
        .map(|g| c_string(g))
        .collect::<Result<Vec<_>, _>>()?;
    // SAFETY: each request object is created from a live C string, handed to the admin
    // call (which copies it) and destroyed right after.
    unsafe {
        let mut requests: Vec<*mut rdsys::rd_kafka_DeleteGroup_t> = names
            .iter()
            .map(|n| rdsys::rd_kafka_DeleteGroup_new(n.as_ptr()))
            .collect();
        rdsys::rd_kafka_DeleteGroups(
            rk,
            requests.as_mut_ptr(),
            requests.len(),
            options.0,
            queue.0,
        );
        rdsys::rd_kafka_DeleteGroup_destroy_array(requests.as_mut_ptr(), requests.len());
    }
    let event = wait_event(
        &queue,
        rdsys::RD_KAFKA_EVENT_DELETEGROUPS_RESULT,
        deadline(timeout),
    )?;
    let event_error = event.error();
    // SAFETY: the event is a DeleteGroups result; pointers are copied.
    let mut out = unsafe {
        let result = rdsys::rd_kafka_event_DeleteGroups_result(event.0);
        let mut out = Vec::new();
        if !result.is_null() {
            let mut count = 0usize;
            let list = rdsys::rd_kafka_DeleteGroups_result_groups(result, &mut count);
            if !list.is_null() {
                for &g in std::slice::from_raw_parts(list, count) {
                    let name = opt_string(rdsys::rd_kafka_group_result_name(g)).unwrap_or_default();
                    let error = AdminError::from_error(rdsys::rd_kafka_group_result_error(g));
                    out.push((name, error.map_or(Ok(()), Err)));
                }
            }
        }
        out
    };
    if out.is_empty() {
        if let Some(err) = event_error {
            out = groups
                .iter()
                .map(|g| (g.clone(), Err(err.clone())))
                .collect();
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partition_lists_carry_raw_specs() {
        let items = [
            (("a".to_string(), 0), Some(SPEC_MAX_TIMESTAMP)),
            (("a".to_string(), 1), Some(SPEC_EARLIEST)),
            (("b".to_string(), 0), Some(1_700_000_000_000)),
            (("b".to_string(), 1), None),
        ];
        let tpl = partition_list(&items).unwrap();
        // SAFETY: `tpl` is alive for the call.
        let read = unsafe { read_partitions(tpl.ptr()) };
        let got: Vec<(Tp, i64)> = read.into_iter().map(|p| (p.tp, p.offset)).collect();
        assert_eq!(
            got,
            vec![
                (("a".to_string(), 0), -3),
                (("a".to_string(), 1), -2),
                (("b".to_string(), 0), 1_700_000_000_000),
                // librdkafka's "invalid" offset: no offset given.
                (("b".to_string(), 1), -1001),
            ]
        );
        assert!(partition_list(&[(("bad\0topic".to_string(), 0), None)]).is_err());
    }

    #[test]
    fn unsupported_errors_are_recognised() {
        let e = AdminError::new(RDKafkaErrorCode::UnsupportedFeature, "x");
        assert!(e.is_unsupported());
        let e = AdminError::new(
            RDKafkaErrorCode::Fail,
            "ListGroupsRequest not supported by broker",
        );
        assert!(e.is_unsupported());
        assert!(!AdminError::new(RDKafkaErrorCode::GroupIdNotFound, "x").is_unsupported());
    }
}
