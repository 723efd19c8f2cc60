//! A thin, safe wrapper over librdkafka's mock cluster, the engine of `kpipe local`.
//!
//! rust-rdkafka's `MockCluster` hides the native handle, and `kpipe local` needs three
//! calls it does not wrap: setting each broker's advertised address (so that clients
//! only ever see the ports kpipe listens on), removing the classic-group initial
//! rebalance delay (3 s by default, which makes every `consume -g` on a fresh group
//! wait), and reading the bootstrap list. Like `src/admin/ffi.rs`, it keeps its `unsafe`
//! code in one place with a SAFETY note on each call.
#![allow(unsafe_code)]

use std::ffi::{CStr, CString};

use anyhow::{bail, Context};
use rdkafka::bindings as rdsys;
use rdkafka::producer::{BaseProducer, Producer};
use rdkafka::ClientConfig;

/// An in-process Kafka-protocol cluster listening on 127.0.0.1.
pub struct MockCluster {
    cluster: *mut rdsys::rd_kafka_mock_cluster_t,
    // The mock cluster is owned by this client's rd_kafka_t and must not outlive it:
    // it is destroyed in `Drop` before the client.
    _client: BaseProducer,
}

impl MockCluster {
    /// Starts `brokers` mock brokers with ids 1..=brokers on ephemeral loopback ports.
    pub fn start(brokers: i32) -> anyhow::Result<Self> {
        crate::startup::openssl(false);
        crate::startup::before_client(false);
        let client: BaseProducer = ClientConfig::new()
            .create()
            .context("cannot create the mock cluster's client")?;
        // SAFETY: the client handle is valid for the lifetime of `client`, which this
        // struct owns; the cluster is destroyed before the client in `Drop`.
        let cluster =
            unsafe { rdsys::rd_kafka_mock_cluster_new(client.client().native_ptr(), brokers) };
        if cluster.is_null() {
            bail!("cannot start the mock cluster (could not bind loopback ports)");
        }
        Ok(MockCluster {
            cluster,
            _client: client,
        })
    }

    /// The brokers' real listening addresses, broker 1 first.
    pub fn listeners(&self) -> Vec<String> {
        // SAFETY: `cluster` is a live mock cluster; the returned string is owned by it
        // and copied before any other call.
        let raw = unsafe { CStr::from_ptr(rdsys::rd_kafka_mock_cluster_bootstraps(self.cluster)) };
        raw.to_string_lossy()
            .split(',')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    }

    /// Makes metadata advertise `host:port` for `broker_id`.
    pub fn advertise(&self, broker_id: i32, host: &str, port: u16) -> anyhow::Result<()> {
        let host = CString::new(host)?;
        // SAFETY: `cluster` is live and `host` outlives the call (librdkafka copies it).
        unsafe {
            rdsys::rd_kafka_mock_broker_set_host_port(
                self.cluster,
                broker_id,
                host.as_ptr(),
                i32::from(port),
            )
        };
        Ok(())
    }

    /// Creates a topic with an explicit partition count and replication factor.
    pub fn create_topic(
        &self,
        name: &str,
        partitions: i32,
        replication: i32,
    ) -> anyhow::Result<()> {
        let cname = CString::new(name).context("topic names cannot contain NUL")?;
        // SAFETY: `cluster` is live and `cname` outlives the call.
        let err = unsafe {
            rdsys::rd_kafka_mock_topic_create(self.cluster, cname.as_ptr(), partitions, replication)
        };
        if err != rdsys::rd_kafka_resp_err_t::RD_KAFKA_RESP_ERR_NO_ERROR {
            bail!(
                "cannot create topic '{name}': {}",
                rdkafka::error::RDKafkaErrorCode::from(err)
            );
        }
        Ok(())
    }

    /// Sets the classic consumer groups' initial rebalance delay.
    pub fn set_initial_rebalance_delay(&self, millis: i32) {
        // SAFETY: `cluster` is live.
        unsafe { rdsys::rd_kafka_mock_group_initial_rebalance_delay_ms(self.cluster, millis) };
    }
}

impl Drop for MockCluster {
    fn drop(&mut self) {
        // SAFETY: created in `start`, destroyed exactly once, before the client is dropped.
        unsafe { rdsys::rd_kafka_mock_cluster_destroy(self.cluster) };
    }
}
