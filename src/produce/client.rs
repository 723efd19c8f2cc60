//! The producer client: its librdkafka properties and the topic check before the first
//! record.
//!
//! Properties are layered like every kpipe setting, with one twist for the dedicated
//! flags (`--acks`, `-z`, `--linger`, ...): given explicitly, a flag beats the profile
//! and the environment; given together with `-X` for the same property it is a usage
//! error (two flags disagreeing); and kpipe's own defaults (acks=all, idempotence,
//! Java-compatible partitioning) step aside for anything the user set, under any of the
//! property's librdkafka aliases (two aliases in one config would be applied in
//! arbitrary order).

use std::time::{Duration, Instant};

use clap::ValueEnum;
use rdkafka::producer::{BaseProducer, Producer};
use rdkafka::types::RDKafkaErrorCode;
use rdkafka::ClientConfig;

use super::delivery::ProduceContext;
use crate::cmd::produce::ProduceArgs;
use crate::config::{self, Settings, Source};
use crate::exit::{self, Failure};
use crate::kafka;
use crate::output;

/// A librdkafka property with its aliases (the first name is the one kpipe sets).
type Names = &'static [&'static str];

const ACKS: Names = &["acks", "request.required.acks"];
const IDEMPOTENCE: Names = &["enable.idempotence"];
const COMPRESSION: Names = &["compression.codec", "compression.type"];
const LINGER: Names = &["linger.ms", "queue.buffering.max.ms"];
const BATCH_SIZE: Names = &["batch.size"];
const DELIVERY_TIMEOUT: Names = &["message.timeout.ms", "delivery.timeout.ms"];
const MAX_MESSAGE: Names = &["message.max.bytes"];
const PARTITIONER: Names = &["partitioner"];
const TRANSACTIONAL_ID: Names = &["transactional.id"];
pub const TRANSACTION_TIMEOUT: Names = &["transaction.timeout.ms"];

/// The producer's configuration and, for `-v`, where each property came from.
pub struct ProducerConfig {
    pub cfg: ClientConfig,
    /// (property, printable value, source) for `-v`, sorted.
    pub sources: Vec<(String, String, String)>,
}

/// A duration in librdkafka milliseconds (`linger.ms` takes fractions).
fn millis(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if ms.fract() == 0.0 {
        format!("{}", ms as u64)
    } else {
        format!("{ms}")
    }
}

/// Builds the producer's properties from the flags and the settings.
pub fn producer_config(args: &ProduceArgs, settings: &Settings) -> anyhow::Result<ProducerConfig> {
    let user = |names: Names| {
        names
            .iter()
            .find_map(|n| settings.properties.get(*n).map(|v| (*n, v)))
    };
    let mut explicit: Vec<(Names, String, &str)> = Vec::new();
    if let Some(a) = args.acks {
        explicit.push((ACKS, a.property().into(), "--acks"));
    }
    if args.no_idempotence {
        explicit.push((IDEMPOTENCE, "false".into(), "--no-idempotence"));
    }
    if let Some(c) = args.compression {
        let name = c.to_possible_value().map(|v| v.get_name().to_string());
        explicit.push((COMPRESSION, name.unwrap_or_default(), "--compression"));
    }
    if let Some(l) = args.linger {
        explicit.push((LINGER, millis(l), "--linger"));
    }
    if let Some(b) = args.batch_size {
        explicit.push((BATCH_SIZE, b.to_string(), "--batch-size"));
    }
    if let Some(t) = args.delivery_timeout {
        explicit.push((DELIVERY_TIMEOUT, millis(t), "--delivery-timeout"));
    }
    if let Some(m) = args.max_message_bytes {
        explicit.push((MAX_MESSAGE, m.to_string(), "--max-message-bytes"));
    }
    if let Some(p) = args.partitioner {
        let name = p.to_possible_value().map(|v| v.get_name().to_string());
        explicit.push((PARTITIONER, name.unwrap_or_default(), "--partitioner"));
    }
    if let Some(id) = &args.transactional_id {
        explicit.push((TRANSACTIONAL_ID, id.clone(), "--transactional-id"));
    }
    for (names, value, flag) in &explicit {
        if let Some((key, set)) = user(names) {
            if set.source == Source::Flag {
                return Err(Failure::new(
                    exit::USAGE,
                    format!(
                        "{flag} conflicts with -X {key}={}: give one of them",
                        config::display_value(key, &set.value)
                    ),
                )
                .hint(format!("{flag} sets {}={value}", names[0]))
                .into());
            }
        }
    }
    let chosen = |names: Names| -> Option<String> {
        explicit
            .iter()
            .find(|(n, _, _)| *n == names)
            .map(|(_, v, _)| v.clone())
            .or_else(|| user(names).map(|(_, v)| v.value.clone()))
    };
    // Idempotence needs acks=all; with fewer acks it is off unless asked for.
    let acks_all = chosen(ACKS).is_none_or(|a| a == "all" || a == "-1");
    let mut defaults: Vec<(Names, String)> = vec![
        (ACKS, "all".into()),
        (IDEMPOTENCE, acks_all.to_string()),
        (PARTITIONER, "murmur2_random".into()),
    ];
    defaults.retain(|(names, _)| chosen(names).is_none());
    let default_pairs: Vec<(&str, &str)> = defaults
        .iter()
        .map(|(names, v)| (names[0], v.as_str()))
        .collect();
    let mut cfg = kafka::client_config(settings, &default_pairs);
    for (names, value, _) in &explicit {
        // Drop the profile's or the environment's spelling, whichever alias it used.
        for n in names.iter() {
            cfg.remove(n);
        }
        cfg.set(names[0], value);
    }
    let mut sources: Vec<(String, String, String)> = cfg
        .config_map()
        .into_iter()
        .map(|(k, v)| {
            let source = if let Some((_, _, flag)) = explicit.iter().find(|(n, _, _)| n[0] == k) {
                format!("flag {flag}")
            } else if defaults.iter().any(|(n, _)| n[0] == k) {
                "kpipe produce default".to_string()
            } else if k == "bootstrap.servers" {
                settings.brokers.source.to_string()
            } else {
                settings
                    .properties
                    .get(k)
                    .map_or_else(String::new, |s| s.source.to_string())
            };
            (
                k.to_string(),
                config::display_value(k, v).to_string(),
                source,
            )
        })
        .collect();
    sources.sort();
    Ok(ProducerConfig { cfg, sources })
}

/// What the metadata said about the topic.
pub enum TopicState {
    Ready(usize),
    Missing,
    Error(RDKafkaErrorCode),
}

/// Whether keys map to partitions by murmur2 (Java's hash), so kpipe may compute it.
pub fn hashes_keys(cfg: &ClientConfig) -> bool {
    matches!(
        cfg.get("partitioner").unwrap_or("consistent_random"),
        "murmur2" | "murmur2_random"
    )
}

/// With a `*_random` (or `random`) partitioner, keyless records go to one random
/// partition for `sticky.partitioning.linger.ms` (librdkafka's default behaviour,
/// 10 ms); kpipe makes that choice itself for batches of records. `None` when it does
/// not apply.
pub fn sticky_linger(cfg: &ClientConfig, partitions: Option<usize>) -> Option<Duration> {
    let random = matches!(
        cfg.get("partitioner").unwrap_or("consistent_random"),
        "murmur2_random" | "consistent_random" | "fnv1a_random" | "random"
    );
    let ms = cfg
        .get("sticky.partitioning.linger.ms")
        .map_or(Some(10), |v| v.trim().parse::<u64>().ok())?;
    (random && ms > 0 && partitions.is_some_and(|n| n > 1)).then(|| Duration::from_millis(ms))
}

/// How long a missing topic may take to appear when the brokers auto-create topics.
const AUTO_CREATE_WAIT: Duration = Duration::from_secs(3);

/// Fetches the topic's metadata, waiting briefly while an auto-created topic gets its
/// leaders. Without a topic (records name their own), any metadata answer will do.
pub fn topic_state(
    producer: &BaseProducer<ProduceContext>,
    topic: Option<&str>,
    auto_create: bool,
    timeout: Duration,
) -> Result<TopicState, rdkafka::error::KafkaError> {
    let started = Instant::now();
    let deadline = started + timeout;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let md = kafka::settled_metadata(producer.client(), topic, left)?;
        let Some(name) = topic else {
            return Ok(TopicState::Ready(0));
        };
        let found = md.topics().iter().find(|t| t.name() == name);
        let state = match found {
            None => TopicState::Missing,
            Some(t) => match t.error().map(RDKafkaErrorCode::from) {
                None if !t.partitions().is_empty() => {
                    return Ok(TopicState::Ready(t.partitions().len()))
                }
                Some(RDKafkaErrorCode::UnknownTopicOrPartition) => TopicState::Missing,
                None | Some(RDKafkaErrorCode::LeaderNotAvailable) => {
                    TopicState::Error(RDKafkaErrorCode::LeaderNotAvailable)
                }
                Some(code) => return Ok(TopicState::Error(code)),
            },
        };
        // A broker that auto-creates topics may still answer "unknown topic" to the
        // request that triggered the creation (KRaft brokers do): give it a moment.
        let creating = auto_create && started.elapsed() < AUTO_CREATE_WAIT;
        if matches!(state, TopicState::Missing) && !creating {
            return Ok(state);
        }
        if Instant::now() + Duration::from_millis(200) >= deadline {
            return Ok(state);
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// Checks the topic's state; returns its partition count.
pub fn check_topic(
    topic: &str,
    state: TopicState,
    partition: Option<i32>,
    settings: &Settings,
) -> anyhow::Result<Option<usize>> {
    match state {
        TopicState::Ready(n) => {
            output::debug(1, format!("topic '{topic}' has {n} partition(s)"));
            if let Some(p) = partition {
                if p as usize >= n {
                    return exit::fail(
                        exit::USAGE,
                        format!(
                            "partition {p} does not exist: topic '{topic}' has {n} partition(s) (0-{})",
                            n.saturating_sub(1)
                        ),
                    );
                }
            }
            Ok(Some(n))
        }
        TopicState::Missing => Err(Failure::new(
            exit::FAILURE,
            format!(
                "topic '{topic}' does not exist on {}",
                settings.brokers.value
            ),
        )
        .hint(
            "create it first (`kpipe topics create TOPIC --partitions N`, or kafka-topics.sh --create), \
             or let the brokers create it: auto.create.topics.enable=true on the brokers, \
             allow.auto.create.topics=true here",
        )
        .into()),
        TopicState::Error(RDKafkaErrorCode::LeaderNotAvailable) => Err(Failure::new(
            exit::FAILURE,
            format!(
                "topic '{topic}' has no leader for some partitions within {}",
                humantime::format_duration(settings.timeout.value)
            ),
        )
        .hint("a new topic may need a moment: retry, or raise --timeout")
        .into()),
        TopicState::Error(code) => {
            let text = code.to_string();
            let hint = if code == RDKafkaErrorCode::TopicAuthorizationFailed {
                "the principal needs WRITE (and DESCRIBE) on the topic"
            } else {
                "check the topic name and the brokers' logs"
            };
            Err(
                Failure::new(exit::FAILURE, format!("topic '{topic}': {text}"))
                    .hint(hint)
                    .into(),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::{parse_from, Command};

    fn args(line: &[&str]) -> ProduceArgs {
        let mut argv = vec!["kpipe", "produce"];
        argv.extend_from_slice(line);
        match parse_from(argv).expect("valid").command {
            Some(Command::Produce(a)) => *a,
            _ => panic!("not produce"),
        }
    }

    fn settings(extra: &[&str]) -> Settings {
        let mut argv = vec!["kpipe", "--no-config"];
        argv.extend_from_slice(extra);
        argv.extend_from_slice(&["produce", "-t", "x"]);
        let cli = parse_from(argv).expect("valid");
        config::resolve(&cli.global).expect("settings")
    }

    fn props(a: &[&str], s: &[&str]) -> anyhow::Result<ClientConfig> {
        producer_config(&args(a), &settings(s)).map(|p| p.cfg)
    }

    #[test]
    fn defaults_are_safe_and_java_compatible() {
        let cfg = props(&["-t", "x"], &[]).unwrap();
        assert_eq!(cfg.get("acks"), Some("all"));
        assert_eq!(cfg.get("enable.idempotence"), Some("true"));
        assert_eq!(cfg.get("partitioner"), Some("murmur2_random"));
    }

    #[test]
    fn flags_map_to_properties() {
        let cfg = props(
            &[
                "-t",
                "x",
                "--acks",
                "1",
                "-z",
                "zstd",
                "--linger",
                "20ms",
                "--batch-size",
                "65536",
                "--delivery-timeout",
                "30s",
                "--max-message-bytes",
                "2000",
                "--partitioner",
                "consistent_random",
            ],
            &[],
        )
        .unwrap();
        assert_eq!(cfg.get("acks"), Some("1"));
        // Fewer acks than all: idempotence is off unless asked for.
        assert_eq!(cfg.get("enable.idempotence"), Some("false"));
        assert_eq!(cfg.get("compression.codec"), Some("zstd"));
        assert_eq!(cfg.get("linger.ms"), Some("20"));
        assert_eq!(cfg.get("batch.size"), Some("65536"));
        assert_eq!(cfg.get("message.timeout.ms"), Some("30000"));
        assert_eq!(cfg.get("message.max.bytes"), Some("2000"));
        assert_eq!(cfg.get("partitioner"), Some("consistent_random"));
        let cfg = props(&["-t", "x", "--linger", "0.5ms"], &[]).unwrap();
        assert_eq!(cfg.get("linger.ms"), Some("0.5"));
    }

    #[test]
    fn user_properties_beat_defaults_and_flags_conflict_with_x() {
        // -X alias of a default: the default steps aside entirely.
        let cfg = props(&["-t", "x"], &["-X", "request.required.acks=1"]).unwrap();
        assert_eq!(cfg.get("acks"), None);
        assert_eq!(cfg.get("request.required.acks"), Some("1"));
        assert_eq!(cfg.get("enable.idempotence"), Some("false"));
        let cfg = props(&["-t", "x"], &["-X", "partitioner=consistent"]).unwrap();
        assert_eq!(cfg.get("partitioner"), Some("consistent"));
        // A flag and -X for the same property: a usage error.
        let err = props(&["-t", "x", "-z", "lz4"], &["-X", "compression.type=gzip"]).unwrap_err();
        let f = err.downcast_ref::<Failure>().unwrap();
        assert_eq!(f.code, exit::USAGE);
        assert!(f.message.contains("--compression"), "{}", f.message);
    }

    #[test]
    fn transactional_id_flag() {
        let cfg = props(&["-t", "x", "--transactional-id", "tx-1"], &[]).unwrap();
        assert_eq!(cfg.get("transactional.id"), Some("tx-1"));
        assert_eq!(cfg.get("enable.idempotence"), Some("true"));
    }
}
