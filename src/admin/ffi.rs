//! librdkafka admin calls through its C API, for the two things rust-rdkafka's
//! `AdminClient` cannot do:
//!
//! - report the broker's own error message: its `TopicResult` keeps only the error code,
//!   so "Invalid value abc for configuration retention.ms: Not a number of type LONG"
//!   would reach the user as "Broker: Configuration is invalid";
//! - IncrementalAlterConfigs (KIP-339). The non-incremental AlterConfigs that rust-rdkafka
//!   wraps replaces a topic's whole dynamic config, so changing one key would silently
//!   reset every other override, and describe-merge-alter races with concurrent changes.
//!
//! Every function is blocking (call it from `spawn_blocking`), takes a live client and
//! returns owned Rust data; no raw pointer leaves this module. Native objects are owned
//! by small guards whose `Drop` frees them, so early returns cannot leak.
#![allow(unsafe_code)]

use std::ffi::{c_char, c_int, CStr, CString};
use std::fmt;
use std::time::Duration;

use rdkafka::bindings as rd;
use rdkafka::client::{Client, ClientContext};
use rdkafka::error::RDKafkaErrorCode;

/// An error reported by librdkafka or the broker, with the broker's message when it sent one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BrokerError {
    pub code: RDKafkaErrorCode,
    pub message: String,
}

impl BrokerError {
    fn new(code: RDKafkaErrorCode, message: Option<String>) -> Self {
        // Without a message, librdkafka's description of the code ("Broker: Topic already
        // exists") is the best there is.
        let message = message
            .filter(|m| !m.trim().is_empty())
            .unwrap_or_else(|| code.to_string());
        BrokerError { code, message }
    }

    fn local(message: impl Into<String>) -> Self {
        BrokerError {
            code: RDKafkaErrorCode::InvalidArgument,
            message: message.into(),
        }
    }
}

impl fmt::Display for BrokerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for BrokerError {}

/// Per-request settings.
#[derive(Clone, Copy, Debug)]
pub struct Opts {
    /// How long librdkafka waits for the broker's answer (and for the operation to
    /// complete on the controller, where the API supports that).
    pub timeout: Duration,
    /// Ask the broker to validate the request without applying it.
    pub validate_only: bool,
}

/// One topic to create. `-1` asks for the broker's default (KIP-464).
#[derive(Clone, Debug)]
pub struct NewTopic {
    pub name: String,
    pub partitions: i32,
    pub replication_factor: i32,
    pub configs: Vec<(String, String)>,
}

/// The outcome for one topic of a multi-topic request.
#[derive(Clone, Debug)]
pub struct TopicOutcome {
    pub name: String,
    pub error: Option<BrokerError>,
}

/// One change of an incremental config alteration.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AlterOp {
    Set,
    Delete,
    Append,
    Subtract,
}

/// Where a config value comes from (Kafka's `ConfigSource`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConfigSource {
    /// Set on this topic (a topic override).
    Topic,
    DynamicBroker,
    DynamicDefaultBroker,
    StaticBroker,
    Default,
    Unknown,
}

impl ConfigSource {
    fn from_raw(raw: c_int) -> Self {
        match raw {
            1 => ConfigSource::Topic,
            2 => ConfigSource::DynamicBroker,
            3 => ConfigSource::DynamicDefaultBroker,
            4 => ConfigSource::StaticBroker,
            5 => ConfigSource::Default,
            _ => ConfigSource::Unknown,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            ConfigSource::Topic => "topic",
            ConfigSource::DynamicBroker => "dynamic-broker",
            ConfigSource::DynamicDefaultBroker => "dynamic-cluster-default",
            ConfigSource::StaticBroker => "broker-file",
            ConfigSource::Default => "default",
            ConfigSource::Unknown => "unknown",
        }
    }
}

/// One effective config entry of a topic.
#[derive(Clone, Debug)]
pub struct ConfigEntry {
    pub name: String,
    /// `None` for sensitive values, which brokers never return.
    pub value: Option<String>,
    pub source: ConfigSource,
    pub sensitive: bool,
    pub read_only: bool,
}

/// The configs of one topic, or why they could not be read.
#[derive(Clone, Debug)]
pub struct TopicConfigs {
    pub name: String,
    pub result: Result<Vec<ConfigEntry>, BrokerError>,
}

// librdkafka returns the config source as a C enum; bindgen maps it to a Rust enum, and a
// value outside its variants (a future broker's new source) would be undefined
// behaviour. Declaring the same symbol with an `int` return type reads it safely: a C
// enum is passed as an `int`.
extern "C" {
    #[link_name = "rd_kafka_ConfigEntry_source"]
    fn config_entry_source_raw(entry: *const rd::rd_kafka_ConfigEntry_t) -> c_int;
}

// ---------------------------------------------------------------------------------------
// Owning guards.

struct Queue(*mut rd::rd_kafka_queue_t);

impl Drop for Queue {
    fn drop(&mut self) {
        // SAFETY: created by rd_kafka_queue_new, destroyed exactly once here.
        unsafe { rd::rd_kafka_queue_destroy(self.0) }
    }
}

struct Options(*mut rd::rd_kafka_AdminOptions_t);

impl Drop for Options {
    fn drop(&mut self) {
        // SAFETY: created by rd_kafka_AdminOptions_new, destroyed exactly once here.
        unsafe { rd::rd_kafka_AdminOptions_destroy(self.0) }
    }
}

struct Event(*mut rd::rd_kafka_event_t);

impl Drop for Event {
    fn drop(&mut self) {
        // SAFETY: returned by rd_kafka_queue_poll (non-null), destroyed exactly once here.
        // Everything borrowed from the event is copied out before the guard drops.
        unsafe { rd::rd_kafka_event_destroy(self.0) }
    }
}

/// A list of native request objects freed with `destroy` on drop.
struct Objects<T> {
    items: Vec<*mut T>,
    destroy: unsafe extern "C" fn(*mut T),
}

impl<T> Objects<T> {
    fn new(destroy: unsafe extern "C" fn(*mut T)) -> Self {
        Objects {
            items: Vec::new(),
            destroy,
        }
    }
}

impl<T> Drop for Objects<T> {
    fn drop(&mut self) {
        for item in &self.items {
            // SAFETY: each pointer was returned non-null by the matching `_new` function
            // and is freed once; librdkafka copies request objects, so the request does
            // not need them after the call returns.
            unsafe { (self.destroy)(*item) }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Helpers.

fn cstring(what: &str, s: &str) -> Result<CString, BrokerError> {
    CString::new(s).map_err(|_| BrokerError::local(format!("{what} contains a NUL byte")))
}

/// Copies a C string owned by librdkafka; `None` for NULL.
///
/// # Safety
/// `p` must be NULL or point to a NUL-terminated string valid for the duration of the call.
unsafe fn string(p: *const c_char) -> Option<String> {
    if p.is_null() {
        None
    } else {
        // SAFETY: non-null and NUL-terminated per the function's contract.
        Some(unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned())
    }
}

/// A buffer for librdkafka's `errstr` out-parameters.
struct ErrStr([c_char; 512]);

impl ErrStr {
    fn new() -> Self {
        ErrStr([0; 512])
    }
    fn ptr(&mut self) -> *mut c_char {
        self.0.as_mut_ptr()
    }
    fn len(&self) -> usize {
        self.0.len()
    }
    fn text(&self) -> String {
        // SAFETY: the buffer is zero-initialised and librdkafka writes a NUL-terminated
        // string no longer than `len()`, so a terminator is always present.
        unsafe { string(self.0.as_ptr()) }.unwrap_or_default()
    }
}

fn millis(d: Duration) -> c_int {
    c_int::try_from(d.as_millis()).unwrap_or(c_int::MAX)
}

fn check(err: rd::rd_kafka_resp_err_t, errstr: &ErrStr) -> Result<(), BrokerError> {
    if err == rd::rd_kafka_resp_err_t::RD_KAFKA_RESP_ERR_NO_ERROR {
        Ok(())
    } else {
        Err(BrokerError::new(err.into(), Some(errstr.text())))
    }
}

fn options<C: ClientContext>(
    client: &Client<C>,
    op: rd::rd_kafka_admin_op_t,
    opts: Opts,
    operation_timeout: bool,
) -> Result<Options, BrokerError> {
    // SAFETY: the client handle is valid while `client` is borrowed.
    let raw = unsafe { rd::rd_kafka_AdminOptions_new(client.native_ptr(), op) };
    if raw.is_null() {
        return Err(BrokerError::local("cannot create admin options"));
    }
    let options = Options(raw);
    let mut errstr = ErrStr::new();
    let ms = millis(opts.timeout);
    // SAFETY: `options.0` is a valid options object; errstr is a writable buffer of the
    // size passed.
    let err = unsafe {
        rd::rd_kafka_AdminOptions_set_request_timeout(options.0, ms, errstr.ptr(), errstr.len())
    };
    check(err, &errstr)?;
    if operation_timeout {
        // Makes CreateTopics/DeleteTopics/CreatePartitions return only once the
        // controller has applied the change, so a following command sees it.
        // SAFETY: as above.
        let err = unsafe {
            rd::rd_kafka_AdminOptions_set_operation_timeout(
                options.0,
                ms,
                errstr.ptr(),
                errstr.len(),
            )
        };
        check(err, &errstr)?;
    }
    if opts.validate_only {
        // SAFETY: as above.
        let err = unsafe {
            rd::rd_kafka_AdminOptions_set_validate_only(options.0, 1, errstr.ptr(), errstr.len())
        };
        check(err, &errstr)?;
    }
    Ok(options)
}

fn queue<C: ClientContext>(client: &Client<C>) -> Result<Queue, BrokerError> {
    // SAFETY: the client handle is valid while `client` is borrowed; the queue is
    // destroyed (by the guard) before that borrow ends.
    let raw = unsafe { rd::rd_kafka_queue_new(client.native_ptr()) };
    if raw.is_null() {
        Err(BrokerError::local("cannot create a result queue"))
    } else {
        Ok(Queue(raw))
    }
}

/// Waits for the result event of the one request sent on `queue`.
fn wait(queue: &Queue, opts: Opts) -> Result<Event, BrokerError> {
    // librdkafka enforces the request timeout itself and then posts a result event with a
    // timeout error; the margin only guards against an event that never comes.
    let limit = opts.timeout.saturating_mul(2) + Duration::from_secs(5);
    // SAFETY: the queue is valid; a non-null event is owned by the returned guard.
    let raw = unsafe { rd::rd_kafka_queue_poll(queue.0, millis(limit)) };
    if raw.is_null() {
        return Err(BrokerError::new(
            RDKafkaErrorCode::OperationTimedOut,
            Some(format!(
                "no answer within {}",
                humantime::format_duration(limit)
            )),
        ));
    }
    let event = Event(raw);
    // SAFETY: `event.0` is a valid event; the error string is copied before it is freed.
    let (err, message) = unsafe {
        (
            rd::rd_kafka_event_error(event.0),
            string(rd::rd_kafka_event_error_string(event.0)),
        )
    };
    if err != rd::rd_kafka_resp_err_t::RD_KAFKA_RESP_ERR_NO_ERROR {
        return Err(BrokerError::new(err.into(), message));
    }
    Ok(event)
}

/// Copies a `topic_result_t` array.
///
/// # Safety
/// `results` must be NULL or point to `count` valid topic results that outlive the call.
unsafe fn topic_outcomes(
    results: *mut *const rd::rd_kafka_topic_result_t,
    count: usize,
) -> Vec<TopicOutcome> {
    if results.is_null() || count == 0 {
        return Vec::new();
    }
    // SAFETY: per the function's contract.
    let results = unsafe { std::slice::from_raw_parts(results, count) };
    results
        .iter()
        .map(|&r| {
            // SAFETY: each element is a valid topic result owned by the event.
            unsafe {
                let err = rd::rd_kafka_topic_result_error(r);
                TopicOutcome {
                    name: string(rd::rd_kafka_topic_result_name(r)).unwrap_or_default(),
                    error: (err != rd::rd_kafka_resp_err_t::RD_KAFKA_RESP_ERR_NO_ERROR).then(
                        || {
                            BrokerError::new(
                                err.into(),
                                string(rd::rd_kafka_topic_result_error_string(r)),
                            )
                        },
                    ),
                }
            }
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// Operations.

/// CreateTopics. The outer error is a request-level failure (timeout, bad arguments).
pub fn create_topics<C: ClientContext>(
    client: &Client<C>,
    topics: &[NewTopic],
    opts: Opts,
) -> Result<Vec<TopicOutcome>, BrokerError> {
    let mut objects = Objects::new(rd::rd_kafka_NewTopic_destroy);
    for t in topics {
        let name = cstring("topic name", &t.name)?;
        let mut errstr = ErrStr::new();
        // SAFETY: `name` is a valid C string; errstr is a writable buffer of the size passed.
        let raw = unsafe {
            rd::rd_kafka_NewTopic_new(
                name.as_ptr(),
                t.partitions,
                t.replication_factor,
                errstr.ptr(),
                errstr.len(),
            )
        };
        if raw.is_null() {
            return Err(BrokerError::local(format!(
                "topic '{}': {}",
                t.name,
                errstr.text()
            )));
        }
        objects.items.push(raw);
        for (key, value) in &t.configs {
            let k = cstring("config name", key)?;
            let v = cstring("config value", value)?;
            // SAFETY: `raw` is the NewTopic just created; both strings are valid and
            // copied by librdkafka.
            let err = unsafe { rd::rd_kafka_NewTopic_set_config(raw, k.as_ptr(), v.as_ptr()) };
            check(err, &ErrStr::new())?;
        }
    }
    let options = options(
        client,
        rd::rd_kafka_admin_op_t::RD_KAFKA_ADMIN_OP_CREATETOPICS,
        opts,
        true,
    )?;
    let queue = queue(client)?;
    // SAFETY: the client, objects, options and queue are valid for the call;
    // librdkafka copies the request objects before returning.
    unsafe {
        rd::rd_kafka_CreateTopics(
            client.native_ptr(),
            objects.items.as_mut_ptr(),
            objects.items.len(),
            options.0,
            queue.0,
        );
    }
    let event = wait(&queue, opts)?;
    // SAFETY: the event is valid; the result and its topics are owned by it and copied
    // before it is freed.
    unsafe {
        let result = rd::rd_kafka_event_CreateTopics_result(event.0);
        if result.is_null() {
            return Err(BrokerError::local("unexpected admin result event"));
        }
        let mut count = 0;
        let topics = rd::rd_kafka_CreateTopics_result_topics(result, &mut count);
        Ok(topic_outcomes(topics, count))
    }
}

/// DeleteTopics.
pub fn delete_topics<C: ClientContext>(
    client: &Client<C>,
    names: &[String],
    opts: Opts,
) -> Result<Vec<TopicOutcome>, BrokerError> {
    let mut objects = Objects::new(rd::rd_kafka_DeleteTopic_destroy);
    for name in names {
        let c = cstring("topic name", name)?;
        // SAFETY: `c` is a valid C string, copied by librdkafka.
        let raw = unsafe { rd::rd_kafka_DeleteTopic_new(c.as_ptr()) };
        if raw.is_null() {
            return Err(BrokerError::local(format!("invalid topic name '{name}'")));
        }
        objects.items.push(raw);
    }
    let opts = Opts {
        validate_only: false,
        ..opts
    };
    let options = options(
        client,
        rd::rd_kafka_admin_op_t::RD_KAFKA_ADMIN_OP_DELETETOPICS,
        opts,
        true,
    )?;
    let queue = queue(client)?;
    // SAFETY: as in `create_topics`.
    unsafe {
        rd::rd_kafka_DeleteTopics(
            client.native_ptr(),
            objects.items.as_mut_ptr(),
            objects.items.len(),
            options.0,
            queue.0,
        );
    }
    let event = wait(&queue, opts)?;
    // SAFETY: as in `create_topics`.
    unsafe {
        let result = rd::rd_kafka_event_DeleteTopics_result(event.0);
        if result.is_null() {
            return Err(BrokerError::local("unexpected admin result event"));
        }
        let mut count = 0;
        let topics = rd::rd_kafka_DeleteTopics_result_topics(result, &mut count);
        Ok(topic_outcomes(topics, count))
    }
}

/// CreatePartitions: grows `topic` to `total` partitions.
pub fn create_partitions<C: ClientContext>(
    client: &Client<C>,
    topic: &str,
    total: usize,
    opts: Opts,
) -> Result<TopicOutcome, BrokerError> {
    let mut objects = Objects::new(rd::rd_kafka_NewPartitions_destroy);
    let c = cstring("topic name", topic)?;
    let mut errstr = ErrStr::new();
    // SAFETY: `c` is a valid C string; errstr is a writable buffer of the size passed.
    let raw =
        unsafe { rd::rd_kafka_NewPartitions_new(c.as_ptr(), total, errstr.ptr(), errstr.len()) };
    if raw.is_null() {
        return Err(BrokerError::local(errstr.text()));
    }
    objects.items.push(raw);
    let options = options(
        client,
        rd::rd_kafka_admin_op_t::RD_KAFKA_ADMIN_OP_CREATEPARTITIONS,
        opts,
        true,
    )?;
    let queue = queue(client)?;
    // SAFETY: as in `create_topics`.
    unsafe {
        rd::rd_kafka_CreatePartitions(
            client.native_ptr(),
            objects.items.as_mut_ptr(),
            objects.items.len(),
            options.0,
            queue.0,
        );
    }
    let event = wait(&queue, opts)?;
    // SAFETY: as in `create_topics`.
    let mut outcomes = unsafe {
        let result = rd::rd_kafka_event_CreatePartitions_result(event.0);
        if result.is_null() {
            return Err(BrokerError::local("unexpected admin result event"));
        }
        let mut count = 0;
        let topics = rd::rd_kafka_CreatePartitions_result_topics(result, &mut count);
        topic_outcomes(topics, count)
    };
    outcomes
        .pop()
        .ok_or_else(|| BrokerError::local("the broker returned no result"))
}

/// Copies the configs of one `ConfigResource_t` (or its error).
///
/// # Safety
/// `resource` must be a valid config resource that outlives the call.
unsafe fn resource_configs(resource: *const rd::rd_kafka_ConfigResource_t) -> TopicConfigs {
    // SAFETY: per the function's contract; entries are owned by the resource.
    unsafe {
        let name = string(rd::rd_kafka_ConfigResource_name(resource)).unwrap_or_default();
        let err = rd::rd_kafka_ConfigResource_error(resource);
        if err != rd::rd_kafka_resp_err_t::RD_KAFKA_RESP_ERR_NO_ERROR {
            let message = string(rd::rd_kafka_ConfigResource_error_string(resource));
            return TopicConfigs {
                name,
                result: Err(BrokerError::new(err.into(), message)),
            };
        }
        let mut count = 0;
        let entries = rd::rd_kafka_ConfigResource_configs(resource, &mut count);
        let mut out = Vec::with_capacity(count);
        if !entries.is_null() {
            for &e in std::slice::from_raw_parts(entries, count) {
                out.push(ConfigEntry {
                    name: string(rd::rd_kafka_ConfigEntry_name(e)).unwrap_or_default(),
                    value: string(rd::rd_kafka_ConfigEntry_value(e)),
                    source: ConfigSource::from_raw(config_entry_source_raw(e)),
                    sensitive: rd::rd_kafka_ConfigEntry_is_sensitive(e) != 0,
                    read_only: rd::rd_kafka_ConfigEntry_is_read_only(e) != 0,
                });
            }
        }
        TopicConfigs {
            name,
            result: Ok(out),
        }
    }
}

fn topic_resources(names: &[&str]) -> Result<Objects<rd::rd_kafka_ConfigResource_t>, BrokerError> {
    let mut objects = Objects::new(rd::rd_kafka_ConfigResource_destroy);
    for name in names {
        let c = cstring("topic name", name)?;
        // SAFETY: `c` is a valid C string, copied by librdkafka.
        let raw = unsafe {
            rd::rd_kafka_ConfigResource_new(
                rd::rd_kafka_ResourceType_t::RD_KAFKA_RESOURCE_TOPIC,
                c.as_ptr(),
            )
        };
        if raw.is_null() {
            return Err(BrokerError::local(format!("invalid topic name '{name}'")));
        }
        objects.items.push(raw);
    }
    Ok(objects)
}

/// DescribeConfigs for topics, in one request.
pub fn describe_topic_configs<C: ClientContext>(
    client: &Client<C>,
    names: &[&str],
    opts: Opts,
) -> Result<Vec<TopicConfigs>, BrokerError> {
    let mut objects = topic_resources(names)?;
    let opts = Opts {
        validate_only: false,
        ..opts
    };
    let options = options(
        client,
        rd::rd_kafka_admin_op_t::RD_KAFKA_ADMIN_OP_DESCRIBECONFIGS,
        opts,
        false,
    )?;
    let queue = queue(client)?;
    // SAFETY: as in `create_topics`.
    unsafe {
        rd::rd_kafka_DescribeConfigs(
            client.native_ptr(),
            objects.items.as_mut_ptr(),
            objects.items.len(),
            options.0,
            queue.0,
        );
    }
    let event = wait(&queue, opts)?;
    // SAFETY: the event is valid; resources are owned by it and copied before it is freed.
    unsafe {
        let result = rd::rd_kafka_event_DescribeConfigs_result(event.0);
        if result.is_null() {
            return Err(BrokerError::local("unexpected admin result event"));
        }
        let mut count = 0;
        let resources = rd::rd_kafka_DescribeConfigs_result_resources(result, &mut count);
        if resources.is_null() {
            return Ok(Vec::new());
        }
        Ok(std::slice::from_raw_parts(resources, count)
            .iter()
            .map(|&r| resource_configs(r))
            .collect())
    }
}

/// IncrementalAlterConfigs for one topic: only the named keys change.
pub fn alter_topic_configs<C: ClientContext>(
    client: &Client<C>,
    topic: &str,
    changes: &[(AlterOp, String, Option<String>)],
    opts: Opts,
) -> Result<Option<BrokerError>, BrokerError> {
    let mut objects = topic_resources(&[topic])?;
    let resource = objects.items[0];
    for (op, key, value) in changes {
        let op = match op {
            AlterOp::Set => rd::rd_kafka_AlterConfigOpType_t::RD_KAFKA_ALTER_CONFIG_OP_TYPE_SET,
            AlterOp::Delete => {
                rd::rd_kafka_AlterConfigOpType_t::RD_KAFKA_ALTER_CONFIG_OP_TYPE_DELETE
            }
            AlterOp::Append => {
                rd::rd_kafka_AlterConfigOpType_t::RD_KAFKA_ALTER_CONFIG_OP_TYPE_APPEND
            }
            AlterOp::Subtract => {
                rd::rd_kafka_AlterConfigOpType_t::RD_KAFKA_ALTER_CONFIG_OP_TYPE_SUBTRACT
            }
        };
        let k = cstring("config name", key)?;
        let v = value
            .as_deref()
            .map(|v| cstring("config value", v))
            .transpose()?;
        // SAFETY: `resource` is valid; the strings are valid (or NULL for DELETE) and
        // copied by librdkafka. A returned error object is owned here and destroyed.
        unsafe {
            let error = rd::rd_kafka_ConfigResource_add_incremental_config(
                resource,
                k.as_ptr(),
                op,
                v.as_ref().map_or(std::ptr::null(), |v| v.as_ptr()),
            );
            if !error.is_null() {
                let e = BrokerError::new(
                    rd::rd_kafka_error_code(error).into(),
                    string(rd::rd_kafka_error_string(error)),
                );
                rd::rd_kafka_error_destroy(error);
                return Err(e);
            }
        }
    }
    let options = options(
        client,
        rd::rd_kafka_admin_op_t::RD_KAFKA_ADMIN_OP_INCREMENTALALTERCONFIGS,
        opts,
        false,
    )?;
    let queue = queue(client)?;
    // SAFETY: as in `create_topics`.
    unsafe {
        rd::rd_kafka_IncrementalAlterConfigs(
            client.native_ptr(),
            objects.items.as_mut_ptr(),
            objects.items.len(),
            options.0,
            queue.0,
        );
    }
    let event = wait(&queue, opts)?;
    // SAFETY: as in `describe_topic_configs`.
    unsafe {
        let result = rd::rd_kafka_event_IncrementalAlterConfigs_result(event.0);
        if result.is_null() {
            return Err(BrokerError::local("unexpected admin result event"));
        }
        let mut count = 0;
        let resources = rd::rd_kafka_IncrementalAlterConfigs_result_resources(result, &mut count);
        if resources.is_null() || count == 0 {
            return Ok(None);
        }
        Ok(resource_configs(*resources).result.err())
    }
}

/// The id of the controller broker as reported in metadata, if known within `timeout`.
/// (With KRaft, brokers report a random live broker here: clients never talk to the
/// controller quorum directly, KIP-590.)
pub fn controller_id<C: ClientContext>(client: &Client<C>, timeout: Duration) -> Option<i32> {
    // SAFETY: the client handle is valid while `client` is borrowed.
    let id = unsafe { rd::rd_kafka_controllerid(client.native_ptr(), millis(timeout)) };
    (id >= 0).then_some(id)
}
