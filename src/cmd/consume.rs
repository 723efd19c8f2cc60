//! `kpipe consume`: read exactly the records asked for, print them in the shape asked
//! for, and commit exactly what was written.
//!
//! This file turns the command line into an [`engine::Plan`], checks the connection and
//! the topics (`kafka::probe`), then runs the record loop on a blocking thread while the
//! async side waits for Ctrl-C/SIGTERM. The first signal asks the loop to stop (it
//! flushes and commits per `--commit`, exit 130); a second one exits at once. Closing the
//! consumer is bounded in time, because a consumer closing against a dead broker can
//! block for the whole session timeout (rust-rdkafka #611).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use clap::{Args, ValueEnum};
use rdkafka::consumer::Consumer;
use rdkafka::error::RDKafkaErrorCode;

use crate::cli::{parse_duration, GlobalArgs};
use crate::config::{self, Settings};
use crate::consume::context::{ConsumeContext, KConsumer};
use crate::consume::engine::{CommitMode, EarlyLookup, Engine, Output, Plan};
use crate::consume::filter::{Expr, Filter};
use crate::consume::format::{unescape, Format};
use crate::consume::offsets::{parse_partitions, OffsetSpec};
use crate::consume::time::{now_ms, parse_time};
use crate::exit::{self, Failure};
use crate::kafka::{self, Diagnostics};
use crate::output;
use crate::serde::schemas::{Codecs, ConsumeSchemaArgs, Role};
use crate::serde::Format as SerdeFormat;

const LONG_ABOUT: &str = "\
Read records and write them to stdout: values one per line by default, the lossless \
JSON envelope with --output json, or any shape with -f.

Without -g, partitions are read directly and nothing is committed. With -g, kpipe joins \
the consumer group and, by default, commits only records already written and flushed to \
stdout (--commit after), so a crash or a closed pipe never loses a record. A reader such \
as `head` may still discard what it had buffered from an earlier, successful write: -c N \
is the exact way to take N records and commit exactly N.";

const AFTER_LONG_HELP: &str = "\
Offsets (-o SPEC):
  start | end | stored      first offset, end (high watermark; last stable offset under
                            read_committed), the group's committed offset
  N | +N | -N               absolute offset, N after the start, N before the end
  @TIME                     first record at or after TIME: ms since the epoch, RFC 3339
                            (2024-05-01T12:00:00Z), a date (2024-05-01, UTC), or relative
                            to now (-1h, -15m)
  FROM:TO                   a range, TO exclusive; either side may be omitted or any form
                            above (-100:end, 1000:2000, @-2h:@-1h, @2024-05-01:+1h)
  P=SPEC,...                per partition; an entry without P= applies to the others
  The default is start, or with -g the group's committed offset (else start). With -g, -o
  applies to a partition the first time this run is assigned it.

Format tokens (-f): %t topic  %p partition  %o offset  %k key  %s or %v value  %K/%S key/value
  length (-1 = null)  %T timestamp (ms)  %d or %d{STRFTIME} timestamp in UTC  %h headers
  (n=v,...)  %h{NAME} one header  %R value length as big-endian int32  %% a percent sign.
  %k, %v, %h{NAME} take {hex} or {base64}. Escapes: \\n \\r \\t \\0 \\\\ \\xHH.

Filters (--filter, --wait-for): key=TEXT  value~REGEX  header.NAME=TEXT  .json.path==VALUE
  (also != and !~). Keys and values are matched as printed; several --filter must all match.

Schema formats (--key-format/--value-format avro, protobuf, json-schema): with a schema
  registry (--schema-registry, KPIPE_SCHEMA_REGISTRY or the profile) each record is decoded
  with the schema of the id in its frame (fetched once per id) and --output json adds
  \"value_schema_id\"; --value-schema then gives an Avro reader schema. Without a registry,
  give the schema: --value-schema x.avsc, --value-schema x.proto [--value-message pkg.Msg],
  or --value-descriptor-set x.pb. Decoded values are JSON (--avro-json plain|avro).

Examples:
  kpipe consume -t orders -o -10 -e                      # the last 10 records of each partition
  kpipe consume -t orders -g billing -c 100 > batch.txt  # exactly 100 records, committed
  kpipe consume -t audit -f '%p:%o %k %d{%H:%M:%S} %s\\n' --filter '.level==\"error\"'
  kpipe consume -t deploys --wait-for 'header.version=1.4.2' --deadline 2m   # CI gate";

/// Read records to stdout: exact offsets, exact commits, any shape
#[derive(Debug, Args)]
#[command(long_about = LONG_ABOUT, after_long_help = AFTER_LONG_HELP)]
pub struct ConsumeArgs {
    /// Topic to read (repeatable)
    #[arg(
        short = 't',
        long = "topic",
        value_name = "TOPIC",
        required_unless_present = "topic_regex"
    )]
    pub topics: Vec<String>,

    /// Read every topic whose whole name matches this regex (matched at start)
    #[arg(long, value_name = "REGEX", conflicts_with = "topics")]
    pub topic_regex: Option<String>,

    /// Partitions to read, e.g. 0,2,5-7 [default: all]
    #[arg(short = 'p', long = "partition", value_name = "LIST", value_parser = parse_partition_list, conflicts_with = "group")]
    pub partitions: Option<PartitionList>,

    /// Where to start and stop, e.g. start, end, -100, @-1h, 1000:2000, 0=5 (see below)
    #[arg(
        short = 'o',
        long = "offset",
        value_name = "SPEC",
        allow_hyphen_values = true
    )]
    pub offsets: Vec<String>,

    /// Stop at the end offsets of when the command started
    #[arg(short = 'e', long = "exit")]
    pub exit_at_end: bool,

    /// Stop after writing N records (after --filter)
    #[arg(short = 'c', long = "count", value_name = "N")]
    pub count: Option<u64>,

    /// Stop when no record arrives for this long (e.g. 5s)
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub idle_timeout: Option<Duration>,

    /// Stop at the first record at or after TIME in each partition (same forms as @TIME)
    #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
    pub until: Option<String>,

    /// Transaction isolation. read_committed (librdkafka's default) never shows aborted
    /// records and ends -e at the last stable offset
    #[arg(long, value_enum, default_value_t = Isolation::ReadCommitted, value_name = "LEVEL")]
    pub isolation: Isolation,

    /// Join this consumer group (cooperative-sticky) and commit per --commit
    #[arg(short = 'g', long, value_name = "ID")]
    pub group: Option<String>,

    /// Group protocol: classic, or consumer (KIP-848, Kafka 4.0+ brokers)
    #[arg(long, value_enum, default_value_t = GroupProtocol::Classic, value_name = "PROTOCOL")]
    pub group_protocol: GroupProtocol,

    /// When to commit (needs -g) [default with -g: after]
    #[arg(long, value_enum, value_name = "WHEN")]
    pub commit: Option<CommitMode>,

    /// How to decode keys
    #[arg(long, value_enum, default_value_t, value_name = "FORMAT")]
    pub key_format: SerdeFormat,

    /// How to decode values
    #[arg(long, value_enum, default_value_t, value_name = "FORMAT")]
    pub value_format: SerdeFormat,

    /// Output shape: the value and a delimiter, or the lossless JSON envelope
    #[arg(long, value_enum, default_value_t = OutputKind::Value, value_name = "SHAPE", conflicts_with = "format")]
    pub output: OutputKind,

    /// Format string with kcat/rpk tokens, e.g. '%t[%p]@%o %k=%s\n' (see below)
    #[arg(short = 'f', long, value_name = "STRING")]
    pub format: Option<String>,

    /// Record delimiter for --output value (escapes allowed: \n, \0, \x1e)
    #[arg(short = 'D', long, default_value = "\\n", value_name = "DELIM")]
    pub delimiter: String,

    /// Pretty-print decoded JSON values (value output and -f)
    #[arg(long)]
    pub pretty: bool,

    /// Keep only matching records (repeatable; all must match), e.g. key=k1, value~err
    #[arg(long = "filter", value_name = "EXPR")]
    pub filters: Vec<String>,

    /// Flush stdout after every record (automatic when stdout is a terminal)
    #[arg(long)]
    pub line_buffered: bool,

    /// Report records that fail to decode and go on (default: stop with exit code 4)
    #[arg(long)]
    pub skip_errors: bool,

    /// CI check: succeed once N matching records arrived, fail (exit 6) at --deadline
    #[arg(long, value_name = "N", conflicts_with_all = ["count", "wait_for"])]
    pub expect: Option<u64>,

    /// CI check: print the first record matching EXPR and succeed; fail (exit 6) at --deadline
    #[arg(long, value_name = "EXPR")]
    pub wait_for: Option<String>,

    /// Time limit for --expect/--wait-for [default: 30s]
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub deadline: Option<Duration>,

    // Last: its help heading applies to the options after it.
    #[command(flatten)]
    pub schema: ConsumeSchemaArgs,
}

#[derive(Clone, Debug)]
pub struct PartitionList(pub Vec<i32>);

fn parse_partition_list(s: &str) -> Result<PartitionList, String> {
    parse_partitions(s).map(PartitionList)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Isolation {
    #[value(alias = "read_committed")]
    ReadCommitted,
    #[value(alias = "read_uncommitted")]
    ReadUncommitted,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum GroupProtocol {
    Classic,
    Consumer,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutputKind {
    /// The value, then the delimiter (-D)
    Value,
    /// One JSON object per record: topic, partition, offset, timestamp, key, value, headers
    Json,
}

const DEFAULT_DEADLINE: Duration = Duration::from_secs(30);

fn usage(message: impl Into<String>) -> anyhow::Error {
    Failure::new(exit::USAGE, message).into()
}

/// Everything from the command line that does not need the cluster.
fn plan(args: &ConsumeArgs, settings: &Settings) -> anyhow::Result<Plan> {
    let now = now_ms();
    let spec = OffsetSpec::parse(&args.offsets, now).map_err(usage)?;
    if spec.uses_stored() && args.group.is_none() {
        return Err(usage("offset 'stored' needs a consumer group (-g)"));
    }
    let commit = match (args.commit, &args.group) {
        (Some(mode), Some(_)) => mode,
        (None, Some(_)) => CommitMode::After,
        (Some(CommitMode::None) | None, None) => CommitMode::None,
        (Some(_), None) => return Err(usage("--commit needs a consumer group (-g)")),
    };
    let until = args
        .until
        .as_deref()
        .map(|t| parse_time(t, now).map_err(|e| usage(format!("--until: {e}"))))
        .transpose()?;
    let output = match &args.format {
        Some(f) => Output::Format(Format::parse(f).map_err(usage)?),
        None => match args.output {
            OutputKind::Value => Output::Value(unescape(&args.delimiter)),
            OutputKind::Json => Output::Json,
        },
    };
    let filter = Filter::parse(&args.filters).map_err(usage)?;
    let wait_for = args
        .wait_for
        .as_deref()
        .map(|w| Expr::parse(w).map_err(usage))
        .transpose()?;
    let checking = args.expect.is_some() || wait_for.is_some();
    if args.deadline.is_some() && !checking {
        return Err(usage("--deadline goes with --expect or --wait-for"));
    }
    if args.count == Some(0) {
        return Err(usage("--count must be at least 1"));
    }
    // Schema files are read and compiled now, before any I/O; the registry (if any) is
    // asked as records arrive, once per schema id.
    let codecs = Codecs::new(settings, (&args.schema).into())?;
    let key_decoder = codecs.decoder(args.key_format, Role::Key)?;
    let value_decoder = codecs.decoder(args.value_format, Role::Value)?;
    Ok(Plan {
        topics: args.topics.clone(),
        partitions: args.partitions.as_ref().map(|p| p.0.clone()),
        spec,
        exit_at_end: args.exit_at_end,
        count: args.count,
        idle_timeout: args.idle_timeout,
        until,
        now,
        group: args.group.clone(),
        commit,
        key_format: args.key_format,
        value_format: args.value_format,
        key_decoder: Some(key_decoder),
        value_decoder: Some(value_decoder),
        output,
        pretty: args.pretty,
        filter,
        wait_for,
        expect: args.expect,
        deadline: checking.then(|| args.deadline.unwrap_or(DEFAULT_DEADLINE)),
        line_buffered: args.line_buffered,
        skip_errors: args.skip_errors,
        timeout: settings.timeout.value,
        start_at_zero: resets_to_start(settings),
    })
}

/// Where librdkafka moves a partition whose next offset is gone (out of range):
/// `auto.offset.reset`, kpipe's default unless the user sets it.
const AUTO_OFFSET_RESET: &str = "earliest";

/// Whether a fetch whose offset is below the partition's log start goes on from the log
/// start: `auto.offset.reset` is earliest (under any of its names).
fn resets_to_start(settings: &Settings) -> bool {
    let reset = settings
        .properties
        .get("auto.offset.reset")
        .map_or(AUTO_OFFSET_RESET, |v| v.value.as_str());
    matches!(reset, "earliest" | "smallest" | "beginning")
}

/// librdkafka properties for this run; the user's settings override every one of them.
fn defaults(args: &ConsumeArgs, plan: &Plan) -> Vec<(&'static str, String)> {
    let mut d: Vec<(&'static str, String)> = vec![
        (
            "isolation.level",
            match args.isolation {
                Isolation::ReadCommitted => "read_committed",
                Isolation::ReadUncommitted => "read_uncommitted",
            }
            .into(),
        ),
        ("auto.offset.reset", AUTO_OFFSET_RESET.into()),
        // librdkafka pauses fetching for fetch.queue.backoff.ms (1 s) whenever its
        // prefetch queue is full; a fast reader drains that queue in a few ms and then
        // sat idle. Measured on 2M records: about half the wall time.
        ("fetch.queue.backoff.ms", "10".into()),
        ("enable.partition.eof", plan.has_stops().to_string()),
        (
            "enable.auto.commit",
            matches!(plan.commit, CommitMode::After | CommitMode::Auto).to_string(),
        ),
        // kpipe stores offsets itself at flush points (see consume::engine).
        ("enable.auto.offset.store", "false".into()),
    ];
    // Without -g there is no group id: partitions are read with librdkafka's
    // group-less consumer API (see `consume::batch`).
    if let Some(group) = &plan.group {
        d.push(("group.id", group.clone()));
        match args.group_protocol {
            GroupProtocol::Classic => {
                d.push(("group.protocol", "classic".into()));
                d.push(("partition.assignment.strategy", "cooperative-sticky".into()));
            }
            GroupProtocol::Consumer => d.push(("group.protocol", "consumer".into())),
        }
    }
    d
}

pub async fn run(args: ConsumeArgs, global: &GlobalArgs) -> anyhow::Result<exit::Code> {
    let settings = config::resolve(global)?;
    let plan = plan(&args, &settings)?;
    let defaults = defaults(&args, &plan);
    let defaults: Vec<(&str, &str)> = defaults.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let cfg = kafka::client_config(&settings, &defaults);
    let diag = Diagnostics::new(&settings.brokers.value);
    let consumer: Arc<KConsumer> = Arc::new(kafka::create(
        &cfg,
        ConsumeContext::new(diag.clone()).with_group(plan.group.clone()),
    )?);

    let early = match &args.topic_regex {
        None => EarlyLookup::begin(&consumer, &plan, &args.topics),
        Some(_) => None,
    };
    // Fail fast: connection, topics and partitions, before anything is consumed.
    let poller = Arc::clone(&consumer);
    let serve = move |t| {
        let _ = poller.poll(t);
    };
    let probe_client = Arc::clone(&consumer);
    let single = match (&args.topic_regex, args.topics.as_slice()) {
        (None, [one]) => Some(one.clone()),
        _ => None,
    };
    let metadata = kafka::probe(&settings, &diag, serve, move |timeout| {
        let md = probe_client.fetch_metadata(single.as_deref(), timeout)?;
        Ok(md
            .topics()
            .iter()
            .map(|t| {
                (
                    t.name().to_string(),
                    t.error().map(RDKafkaErrorCode::from),
                    t.partitions().iter().map(|p| p.id()).collect::<Vec<i32>>(),
                )
            })
            .collect::<Vec<_>>())
    })
    .await?;
    let (topics, partitions) = select(&args, &plan, &metadata)?;
    let mut plan = plan;
    plan.topics = topics;
    let consumer = match mock_group_config(&consumer, &plan, &settings, &cfg) {
        Some(cfg) => {
            drop(consumer);
            Arc::new(kafka::create(
                &cfg,
                ConsumeContext::new(diag.clone()).with_group(plan.group.clone()),
            )?)
        }
        None => consumer,
    };

    let group = plan.group.is_some();
    let interrupted = Arc::new(AtomicBool::new(false));
    let (tx, rx) = tokio::sync::oneshot::channel();
    let loop_consumer = Arc::clone(&consumer);
    drop(consumer);
    let stop = Arc::clone(&interrupted);
    let worker = tokio::task::spawn_blocking(move || {
        let mut engine =
            Engine::new(Arc::clone(&loop_consumer), plan, stop).with_early_lookup(early);
        let result = engine.run(partitions);
        // The result first: without a group the process exits on it, while the engine
        // stops its partitions here.
        let _ = tx.send(result);
        drop(engine);
        // Closing the consumer (leaving the group) may block against a dead broker,
        // which is why the caller bounds the wait.
        kafka::close_consumer(&loop_consumer, Duration::from_secs(5));
        drop(loop_consumer);
    });

    let result = wait(rx, &interrupted).await;
    if !group {
        // Without a group, closing has nothing to commit or leave: the process exits
        // while librdkafka tears the client down (0.3 ms of a one-record run).
        return result;
    }
    let close_bound = settings.timeout.value.min(Duration::from_secs(5));
    if tokio::time::timeout(close_bound, worker).await.is_err() {
        output::debug(1, "the consumer did not close in time; exiting anyway");
    }
    result
}

/// The session settings a group member uses on `kpipe local`, whose cluster id
/// librdkafka's mock cluster names `mockCluster...`; None elsewhere or without -g.
///
/// Why: when a group's last member leaves (as every `consume -g` does when it exits),
/// the mock does not empty the group; it holds the next JoinGroup for the leaving
/// member's `session.timeout.ms` minus one second, so with the default 45 s a second
/// `consume -g G` waited 44 s for its partitions (kcat shows the same). Real brokers
/// empty the group at once. On the mock, which runs on loopback, a 2 s session makes
/// that wait 1 s. The cluster id is only known after the probe, so the consumer is
/// created again there; the user's own `-X session.timeout.ms` always wins.
fn mock_group_config(
    consumer: &KConsumer,
    plan: &Plan,
    settings: &Settings,
    cfg: &rdkafka::ClientConfig,
) -> Option<rdkafka::ClientConfig> {
    let keys = ["session.timeout.ms", "heartbeat.interval.ms"];
    if plan.group.is_none() || keys.iter().any(|k| settings.properties.contains_key(*k)) {
        return None;
    }
    // Known from the probe's metadata response: no request.
    let id = consumer.client().fetch_cluster_id(Duration::ZERO)?;
    if !id.starts_with("mockCluster") {
        return None;
    }
    output::debug(1, "kpipe local (mock cluster): group session timeout 2 s");
    let mut cfg = cfg.clone();
    cfg.set("session.timeout.ms", "2000")
        .set("heartbeat.interval.ms", "500");
    Some(cfg)
}

/// Waits for the loop's result while watching for Ctrl-C and SIGTERM.
async fn wait(
    mut rx: tokio::sync::oneshot::Receiver<anyhow::Result<exit::Code>>,
    interrupted: &AtomicBool,
) -> anyhow::Result<exit::Code> {
    #[cfg(unix)]
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
    loop {
        #[cfg(unix)]
        let terminate = term.recv();
        #[cfg(not(unix))]
        let terminate = std::future::pending::<Option<()>>();
        tokio::select! {
            result = &mut rx => {
                return result.unwrap_or_else(|_| Err(anyhow::anyhow!("the consume loop stopped unexpectedly")));
            }
            _ = tokio::signal::ctrl_c() => {}
            _ = terminate => {}
        }
        if interrupted.swap(true, Ordering::AcqRel) {
            // Second signal: stop now, without the final commit.
            std::process::exit(i32::from(exit::INTERRUPTED.0));
        }
        output::debug(
            1,
            "interrupted: finishing the current records and committing",
        );
    }
}

type TopicMeta = (String, Option<RDKafkaErrorCode>, Vec<i32>);
/// The topic names and the (topic, partition) pairs to read.
type Selection = (Vec<String>, Vec<(String, i32)>);

/// The topics and partitions to read, checked against the cluster's metadata.
fn select(args: &ConsumeArgs, plan: &Plan, metadata: &[TopicMeta]) -> anyhow::Result<Selection> {
    let names: Vec<String> = match &args.topic_regex {
        Some(pattern) => {
            let re = regex::Regex::new(&format!("^(?:{pattern})$"))
                .map_err(|e| usage(format!("invalid --topic-regex: {e}")))?;
            let internal_ok = pattern.trim_start_matches('^').starts_with("__");
            let mut names: Vec<String> = metadata
                .iter()
                .filter(|(name, err, _)| {
                    err.is_none() && re.is_match(name) && (internal_ok || !name.starts_with("__"))
                })
                .map(|(name, _, _)| name.clone())
                .collect();
            names.sort();
            if names.is_empty() {
                return Err(
                    Failure::new(exit::FAILURE, format!("no topic matches '{pattern}'"))
                        .hint("the regex must match whole topic names, e.g. 'orders-.*'")
                        .into(),
                );
            }
            names
        }
        None => args.topics.clone(),
    };
    let mut partitions = Vec::new();
    for name in &names {
        let Some((_, err, parts)) = metadata.iter().find(|(n, _, _)| n == name) else {
            return Err(unknown_topic(name));
        };
        match err {
            None => {}
            Some(RDKafkaErrorCode::UnknownTopicOrPartition | RDKafkaErrorCode::UnknownTopic) => {
                return Err(unknown_topic(name))
            }
            Some(RDKafkaErrorCode::TopicAuthorizationFailed) => {
                return Err(Failure::new(
                    exit::CONNECTION,
                    format!("not authorized to read topic '{name}'"),
                )
                .hint("ask for READ and DESCRIBE on the topic (and READ on the group with -g)")
                .into())
            }
            Some(other) => return Err(anyhow::anyhow!("topic '{name}' is not available: {other}")),
        }
        if parts.is_empty() {
            return Err(unknown_topic(name));
        }
        let mut ids = parts.clone();
        ids.sort_unstable();
        match &plan.partitions {
            Some(wanted) => {
                for p in wanted {
                    if !ids.contains(p) {
                        return Err(usage(format!(
                            "topic '{name}' has no partition {p} (it has {} partition{}: 0-{})",
                            ids.len(),
                            if ids.len() == 1 { "" } else { "s" },
                            ids.len() - 1
                        )));
                    }
                }
                partitions.extend(wanted.iter().map(|p| (name.clone(), *p)));
            }
            None => partitions.extend(ids.iter().map(|p| (name.clone(), *p))),
        }
    }
    for p in plan.spec.partitions.keys() {
        if !partitions.iter().any(|(_, q)| q == p) {
            return Err(usage(format!(
                "-o names partition {p}, which is not being read"
            )));
        }
    }
    Ok((names, partitions))
}

fn unknown_topic(name: &str) -> anyhow::Error {
    Failure::new(exit::FAILURE, format!("topic '{name}' does not exist"))
        .hint("topic names are case-sensitive; `kcat -L` or `kafka-topics --list` shows them")
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::{parse_from, Command};

    fn parse(line: &[&str]) -> Result<ConsumeArgs, clap::Error> {
        let mut full = vec!["kpipe", "consume"];
        full.extend_from_slice(line);
        parse_from(full).map(|cli| match cli.command {
            Some(Command::Consume(a)) => *a,
            _ => panic!("not consume"),
        })
    }

    fn settings() -> Settings {
        config::resolve(&GlobalArgs {
            no_config: true,
            ..GlobalArgs::default()
        })
        .unwrap()
    }

    #[test]
    fn reads_start_at_offset_zero_only_where_the_reset_goes_to_the_start() {
        assert!(resets_to_start(&settings()));
        for (reset, zero) in [
            ("earliest", true),
            ("smallest", true),
            ("beginning", true),
            ("latest", false),
            ("largest", false),
            ("end", false),
            ("error", false),
        ] {
            let settings = config::resolve(&GlobalArgs {
                no_config: true,
                properties: vec![("auto.offset.reset".into(), reset.into())],
                ..GlobalArgs::default()
            })
            .unwrap();
            assert_eq!(resets_to_start(&settings), zero, "{reset}");
        }
    }

    #[test]
    fn valid_lines() {
        for line in [
            &["-t", "a"][..],
            &["-t", "a", "-t", "b", "-o", "-10", "-e"],
            &["--topic-regex", "a.*", "-g", "g", "--commit", "before"],
            &["-t", "a", "-p", "0,2-3", "-o", "0=5,1=@-1h:end"],
            &["-t", "a", "-f", "%t %p %o %s\\n", "--filter", "key=x"],
            &["-t", "a", "--output", "json", "--value-format", "json"],
            &["-t", "a", "--expect", "3", "--deadline", "10s"],
            &["-t", "a", "--wait-for", ".ok==true"],
            &["-t", "a", "-g", "g", "--group-protocol", "consumer"],
            &[
                "-t",
                "a",
                "--isolation",
                "read-uncommitted",
                "--idle-timeout",
                "2s",
            ],
        ] {
            let args = parse(line).unwrap_or_else(|e| panic!("{line:?}: {e}"));
            plan(&args, &settings()).unwrap_or_else(|e| panic!("{line:?}: {e}"));
        }
    }

    #[test]
    fn invalid_lines() {
        use clap::error::ErrorKind;
        let clap_errors: &[(&[&str], ErrorKind)] = &[
            (&[], ErrorKind::MissingRequiredArgument),
            (
                &["-t", "a", "--topic-regex", "b"],
                ErrorKind::ArgumentConflict,
            ),
            (&["-t", "a", "-p", "x"], ErrorKind::ValueValidation),
            (
                &["-t", "a", "-p", "1", "-g", "g"],
                ErrorKind::ArgumentConflict,
            ),
            (
                &["-t", "a", "-f", "%s", "--output", "json"],
                ErrorKind::ArgumentConflict,
            ),
            (
                &["-t", "a", "--expect", "1", "-c", "2"],
                ErrorKind::ArgumentConflict,
            ),
            (
                &["-t", "a", "--commit", "sometimes"],
                ErrorKind::InvalidValue,
            ),
        ];
        for (line, kind) in clap_errors {
            match parse(line) {
                Ok(_) => panic!("{line:?} should not parse"),
                Err(e) => assert_eq!(e.kind(), *kind, "{line:?}: {e}"),
            }
        }
        for line in [
            &["-t", "a", "-o", "stored"][..],
            &["-t", "a", "--commit", "after"],
            &["-t", "a", "-o", "nope"],
            &["-t", "a", "-f", "%q"],
            &["-t", "a", "--filter", "bogus"],
            &["-t", "a", "--until", "someday"],
            &["-t", "a", "--deadline", "5s"],
            &["-t", "a", "-c", "0"],
        ] {
            let args = parse(line).unwrap();
            let err = plan(&args, &settings())
                .err()
                .unwrap_or_else(|| panic!("{line:?}"));
            let failure = err.downcast_ref::<Failure>().unwrap();
            assert_eq!(failure.code, exit::USAGE, "{line:?}: {err}");
        }
    }

    #[test]
    fn commit_defaults() {
        let p = plan(&parse(&["-t", "a", "-g", "g"]).unwrap(), &settings()).unwrap();
        assert_eq!(p.commit, CommitMode::After);
        let p = plan(&parse(&["-t", "a"]).unwrap(), &settings()).unwrap();
        assert_eq!(p.commit, CommitMode::None);
        let d = defaults(&parse(&["-t", "a"]).unwrap(), &p);
        assert!(d.contains(&("enable.auto.commit", "false".into())));
        assert!(d.contains(&("isolation.level", "read_committed".into())));
    }
}
