//! The librdkafka context of the consume loop.
//!
//! librdkafka calls back into it from inside `poll` (rebalances, errors) and from its
//! own threads (logs). It does as little as possible there: logs and errors go to
//! [`Diagnostics`], fatal conditions are remembered for the loop to act on, the offset
//! of each partition-EOF event is kept (rust-rdkafka reports only the partition), and
//! rebalances are queued so that the loop, which owns the output buffer, can flush and
//! commit before giving partitions away.

use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::sync::Mutex;

use rdkafka::config::RDKafkaLogLevel;
use rdkafka::consumer::{BaseConsumer, Consumer, ConsumerContext, RebalanceProtocol};
use rdkafka::error::{KafkaError, RDKafkaErrorCode};
use rdkafka::types::RDKafkaRespErr;
use rdkafka::{ClientContext, TopicPartitionList};

use crate::exit;
use crate::kafka::Diagnostics;
use crate::output;

/// A rebalance recorded by the context, handled by the loop.
#[derive(Debug)]
pub(super) enum RebalanceEvent {
    Assign(Vec<(String, i32)>),
    Revoke(Vec<(String, i32)>),
    Error(String, Vec<(String, i32)>),
}

/// librdkafka callbacks for the consume loop: logs and errors go to [`Diagnostics`],
/// rebalances are queued for the loop, partition-EOF offsets are remembered.
pub struct ConsumeContext {
    pub diag: Diagnostics,
    rebalances: Mutex<Vec<RebalanceEvent>>,
    pending: AtomicBool,
    pub(super) closing: AtomicBool,
    pub(super) eof_offset: AtomicI64,
    fatal: Mutex<Option<(exit::Code, String)>>,
    all_down_warned: AtomicBool,
    /// The `-g` group. Without one, librdkafka still looks up a coordinator for the
    /// generated group id that `assign` needs; a broker refusing it must not stop a
    /// plain read on a secured cluster.
    group: Option<String>,
}

impl ConsumeContext {
    pub fn new(diag: Diagnostics) -> Self {
        ConsumeContext {
            diag,
            rebalances: Mutex::new(Vec::new()),
            pending: AtomicBool::new(false),
            closing: AtomicBool::new(false),
            eof_offset: AtomicI64::new(-1),
            fatal: Mutex::new(None),
            all_down_warned: AtomicBool::new(false),
            group: None,
        }
    }

    /// Sets the `-g` group (None: partitions are read directly).
    pub fn with_group(mut self, group: Option<String>) -> Self {
        self.group = group;
        self
    }

    /// Whether a rebalance waits to be taken (cheap: one atomic load).
    pub(super) fn rebalance_pending(&self) -> bool {
        self.pending.load(Ordering::Acquire)
    }

    pub(super) fn take_rebalances(&self) -> Vec<RebalanceEvent> {
        if !self.pending.swap(false, Ordering::AcqRel) {
            return Vec::new();
        }
        std::mem::take(&mut *self.rebalances.lock().unwrap_or_else(|e| e.into_inner()))
    }

    fn set_fatal(&self, code: exit::Code, message: String) {
        let mut fatal = self.fatal.lock().unwrap_or_else(|e| e.into_inner());
        if fatal.is_none() {
            *fatal = Some((code, message));
        }
    }

    pub(super) fn fatal(&self) -> Option<(exit::Code, String)> {
        self.fatal.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

/// "Fetch from broker 1 reached end of partition at offset 11 (HighwaterMark 11)".
fn eof_offset(reason: &str) -> Option<i64> {
    let rest = &reason[reason.find("at offset ")? + "at offset ".len()..];
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

impl ClientContext for ConsumeContext {
    fn log(&self, level: RDKafkaLogLevel, fac: &str, log_message: &str) {
        self.diag.on_log(level, fac, log_message);
    }

    fn error(&self, error: KafkaError, reason: &str) {
        let code = error.rdkafka_error_code();
        if code == Some(RDKafkaErrorCode::PartitionEOF) {
            self.eof_offset
                .store(eof_offset(reason).unwrap_or(-1), Ordering::Release);
            return;
        }
        self.diag.on_error(&error, reason);
        match code {
            // librdkafka keeps retrying a broker that went away; say so once.
            Some(RDKafkaErrorCode::AllBrokersDown)
                if !self.all_down_warned.swap(true, Ordering::Relaxed) =>
            {
                output::warn(format!("all brokers are down; retrying ({reason})"));
            }
            Some(
                RDKafkaErrorCode::Authentication
                | RDKafkaErrorCode::SaslAuthenticationFailed
                | RDKafkaErrorCode::SSL
                | RDKafkaErrorCode::UnsupportedSASLMechanism
                | RDKafkaErrorCode::IllegalSASLState,
            ) => self.set_fatal(exit::CONNECTION, format!("authentication failed: {reason}")),
            Some(RDKafkaErrorCode::GroupAuthorizationFailed) => match &self.group {
                Some(group) => self.set_fatal(
                    exit::CONNECTION,
                    format!("not authorized to use consumer group '{group}' (ACL): {reason}"),
                ),
                None => output::debug(2, format!("ignored without -g: {reason}")),
            },
            Some(RDKafkaErrorCode::Fatal) => {
                self.set_fatal(exit::CONNECTION, format!("fatal Kafka error: {reason}"))
            }
            _ => {}
        }
    }

    const ENABLE_REFRESH_OAUTH_TOKEN: bool = true;

    fn generate_oauth_token(
        &self,
        oauthbearer_config: Option<&str>,
    ) -> Result<rdkafka::client::OAuthToken, Box<dyn std::error::Error>> {
        crate::oauth::token(oauthbearer_config)
    }
}

pub(super) fn tpl_pairs(tpl: &TopicPartitionList) -> Vec<(String, i32)> {
    tpl.elements()
        .iter()
        .map(|e| (e.topic().to_string(), e.partition()))
        .collect()
}

impl ConsumerContext for ConsumeContext {
    fn rebalance(
        &self,
        consumer: &BaseConsumer<Self>,
        err: RDKafkaRespErr,
        tpl: &mut TopicPartitionList,
    ) {
        let cooperative = matches!(
            consumer.rebalance_protocol(),
            RebalanceProtocol::Cooperative
        );
        if self.closing.load(Ordering::Acquire) {
            // Closing: nothing is left to write or commit; let close finish.
            let _ = match err {
                RDKafkaRespErr::RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS if cooperative => {
                    consumer.incremental_assign(tpl)
                }
                RDKafkaRespErr::RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS => consumer.assign(tpl),
                _ if cooperative => consumer.incremental_unassign(tpl),
                _ => consumer.unassign(),
            };
            return;
        }
        let event = match err {
            RDKafkaRespErr::RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS => {
                RebalanceEvent::Assign(tpl_pairs(tpl))
            }
            RDKafkaRespErr::RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS => {
                RebalanceEvent::Revoke(tpl_pairs(tpl))
            }
            other => {
                RebalanceEvent::Error(RDKafkaErrorCode::from(other).to_string(), tpl_pairs(tpl))
            }
        };
        self.rebalances
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(event);
        self.pending.store(true, Ordering::Release);
    }
}

pub type KConsumer = BaseConsumer<ConsumeContext>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eof_offsets_from_librdkafka_messages() {
        assert_eq!(
            eof_offset(
                "Fetch from broker 1 reached end of partition at offset 11 (HighwaterMark 11)"
            ),
            Some(11)
        );
        assert_eq!(eof_offset("something else"), None);
    }
}
