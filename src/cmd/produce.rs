//! `kpipe produce`: records from stdin or files into a Kafka topic, as fast as the
//! broker allows and exact about what was delivered.
//!
//! This file is the command-line surface and the orchestration: the options, checks
//! that need no network, the fail-fast connection check, Ctrl-C, and how the outcome
//! becomes the summary and the exit code. The machinery is in `src/produce/`: the
//! producer's properties and the topic check (`client`), reading input (`input`,
//! `format`), the producer loop (`engine`) and delivery tracking (`delivery`).

use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use clap::{Args, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rdkafka::producer::{BaseProducer, Producer};

use crate::cli::{parse_duration, GlobalArgs};
use crate::config;
use crate::exit::{self, Failure};
use crate::kafka::{self, Diagnostics};
use crate::output;
use crate::produce::client::{
    check_topic, hashes_keys, producer_config, sticky_linger, topic_state, ProducerConfig,
    TRANSACTION_TIMEOUT,
};
use crate::produce::delivery::{self, ProduceContext};
use crate::produce::engine::{self, End, Mode, Plan, ProgressUnit, Stamp, Stop};
use crate::produce::format::{FormatReader, Program};
use crate::produce::input::{self, Delimiter, Input, Records, Split};
use crate::produce::last_error::{self, Written};
use crate::serde::schemas::{Codecs, ProduceSchemaArgs, Role};
use crate::serde::{envelope, Format};

const LONG_ABOUT: &str = "\
Produce records to a Kafka topic from stdin or files.

Input is one record per line by default (-D for another delimiter, -K to split off a key),
one JSON envelope per line with --input json (what `kpipe consume --output json` writes, so a
dump replays byte for byte), one record per file with --input raw, or as described by an
rpk-style format string with --input format:SPEC. Empty lines are records
with an empty value (use --skip-empty to drop them); a line equal to --null-value, or an empty
value with -Z, is sent as null (a tombstone).

Delivery is acknowledged by all in-sync replicas with idempotence on, and keys go to the same
partition as with Java clients (murmur2). Every record's delivery report is checked: the exit
status is 0 only when all were acknowledged; otherwise stderr names each failed record by file
and line, with the error its partition was last retried on and whether it may have been written
anyway (\"possibly written\": check before re-sending). Producer properties can also be set
with -X (and in a profile); a dedicated flag overrides the profile, and conflicts with -X for the
same property.

Schema formats (--key-format/--value-format avro, protobuf, json-schema) read one JSON value
per record and encode it with a schema. With a schema registry (--schema-registry,
KPIPE_SCHEMA_REGISTRY or the profile) records are Confluent-framed with the schema's id: the
local --value-schema is looked up under the subject (<topic>-value; --subject-strategy), or
registered with --auto-register; without a local file, --value-schema-id, --value-schema-version
or the subject's latest version is used. Without a registry, records are the bare encoding of
the local schema. E.g. kpipe produce -t orders --value-format avro --value-schema order.avsc
--auto-register < orders.jsonl";

/// Produce records from stdin or files
#[derive(Debug, Args)]
#[command(long_about = LONG_ABOUT, after_help = "Examples:\n  \
    seq 1000 | kpipe produce -t numbers                     # one record per line\n  \
    kpipe produce -t users -K : users.txt                   # 'key:value' lines\n  \
    kpipe consume -t orders -e --output json | kpipe produce --input json -t orders-copy\n  \
    kpipe produce -t load --repeat --count 1000000 --rate 5000 -z zstd sample.txt")]
pub struct ProduceArgs {
    /// Topic to produce to (with --input json, records may name their own)
    #[arg(short, long, value_name = "NAME")]
    pub topic: Option<String>,

    /// Input files, read in order; `-` or none reads stdin
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,

    /// Input format: lines, json (one envelope per line), raw (each input is one record), or
    /// format:SPEC (rpk-style, e.g. 'format:%k\t%v\n' or 'format:%K{big32}%k%V{big32}%v')
    #[arg(long, default_value = "lines", value_name = "FORMAT", value_parser = parse_input, long_help = INPUT_HELP)]
    pub input: InputFormat,

    /// Record delimiter for lines and json input (escapes: \n \r \t \0 \\ \xNN)
    #[arg(short = 'D', long, value_name = "DELIM", default_value = "\\n", value_parser = input::parse_delimiter)]
    pub delimiter: Delimiter,

    /// Split each line into key and value at the first DELIM (lines without it have no key)
    #[arg(short = 'K', long, value_name = "DELIM", value_parser = input::parse_delimiter)]
    pub key_delimiter: Option<Delimiter>,

    /// Key for every record (a key from -K or the envelope wins in lines input)
    #[arg(short, long, value_name = "KEY")]
    pub key: Option<String>,

    /// Header for every record (repeatable); `NAME` alone gives a null value
    #[arg(short = 'H', long = "header", value_name = "NAME=VALUE", value_parser = parse_header)]
    pub headers: Vec<(String, Option<String>)>,

    /// Partition for every record [default: by key (murmur2), random without a key]
    #[arg(short, long, value_name = "N", value_parser = clap::value_parser!(i32).range(0..))]
    pub partition: Option<i32>,

    /// Record timestamp: milliseconds, RFC 3339, or `now` (also overrides envelope timestamps)
    #[arg(long, value_name = "TIME", value_parser = parse_stamp)]
    pub timestamp: Option<Stamp>,

    /// A key or value equal to this text is sent as null (a null value is a tombstone)
    #[arg(long, value_name = "TEXT")]
    pub null_value: Option<String>,

    /// Send empty values (and empty keys) as null: an empty value becomes a tombstone
    #[arg(short = 'Z', long)]
    pub tombstone: bool,

    /// Skip empty lines instead of sending empty records
    #[arg(long)]
    pub skip_empty: bool,

    /// How keys are given in the input
    #[arg(long, value_enum, default_value_t = Format::String, value_name = "FORMAT")]
    pub key_format: Format,

    /// How values are given in the input
    #[arg(long, value_enum, default_value_t = Format::String, value_name = "FORMAT")]
    pub value_format: Format,

    /// Acknowledgements to wait for (acks) [default: all]
    #[arg(
        long,
        value_enum,
        value_name = "ACKS",
        allow_negative_numbers = true,
        help_heading = "Delivery"
    )]
    pub acks: Option<Acks>,

    /// Turn off idempotence (on by default with --acks all)
    #[arg(long, help_heading = "Delivery")]
    pub no_idempotence: bool,

    /// Compression codec (compression.codec) [default: none]
    #[arg(
        short = 'z',
        long,
        value_enum,
        value_name = "CODEC",
        help_heading = "Delivery"
    )]
    pub compression: Option<Compression>,

    /// How long to wait to fill a batch (linger.ms), e.g. 5ms, 100ms [default: 5ms]
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, help_heading = "Delivery")]
    pub linger: Option<Duration>,

    /// Maximum batch size in bytes (batch.size) [default: 1000000]
    #[arg(long, value_name = "BYTES", value_parser = clap::value_parser!(u32).range(1..), help_heading = "Delivery")]
    pub batch_size: Option<u32>,

    /// Give up on a record after this long (message.timeout.ms) [default: 5m]
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, help_heading = "Delivery")]
    pub delivery_timeout: Option<Duration>,

    /// Largest record accepted, in bytes (message.max.bytes) [default: 1000000]
    #[arg(long, value_name = "BYTES", value_parser = clap::value_parser!(u32).range(1000..=1_000_000_000), help_heading = "Delivery")]
    pub max_message_bytes: Option<u32>,

    /// How keys map to partitions (partitioner) [default: murmur2_random, as Java clients]
    #[arg(long, value_enum, value_name = "NAME", help_heading = "Delivery")]
    pub partitioner: Option<Partitioner>,

    /// Produce in a transaction (transactional.id): all or nothing becomes visible
    #[arg(long, value_name = "ID", help_heading = "Delivery")]
    pub transactional_id: Option<String>,

    /// Commit every N records instead of once at the end
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..), help_heading = "Delivery")]
    pub transaction_size: Option<u64>,

    /// Send at most N records per second, evenly spaced
    #[arg(long, value_name = "N", value_parser = parse_rate, help_heading = "Delivery")]
    pub rate: Option<f64>,

    /// Stop after N records
    #[arg(short = 'c', long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..), help_heading = "Delivery")]
    pub count: Option<u64>,

    /// Read the input again and again (until --count, or Ctrl-C)
    #[arg(long, help_heading = "Delivery")]
    pub repeat: bool,

    /// Print one JSON line per record on stdout: where it landed, or why it failed
    #[arg(long, value_enum, value_name = "FORMAT", help_heading = "Reporting")]
    pub report: Option<RecordReport>,

    /// Stop at the first record that is not delivered
    #[arg(long, help_heading = "Reporting")]
    pub fail_fast: bool,

    /// Report records that cannot be read or encoded, and go on with the rest
    #[arg(long, help_heading = "Reporting")]
    pub skip_bad_input: bool,

    // Last: its help heading applies to the options after it.
    #[command(flatten)]
    pub schema: ProduceSchemaArgs,
}

/// `--input`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InputFormat {
    /// One record per line (or per -D delimiter)
    Lines,
    /// One JSON envelope per line: {"key","value","headers",...}
    Json,
    /// Each input (file or all of stdin) is one record
    Raw,
    /// Records described by a format string
    Format(Program),
}

const INPUT_HELP: &str = "\
How records are read:
  lines        one record per line (-D for another delimiter, -K to split off a key)
  json         one JSON envelope per line, as `kpipe consume --output json` writes
  raw          each input (file, or all of stdin) is one record
  format:SPEC  records described by SPEC (rpk-style):
                 %v %k %t    value, key, topic: %V/%K/%T bytes if that length came
                             before, else up to the text that follows
                 %V %K %T    a length      %p  a partition     %%  a literal %
                 %H %h{...}  a header count, then that many headers read with the
                             spec in braces (%k/%v/%K/%V there are the header's)
               numbers are ASCII unless modified: {big8|16|32|64}, {little8..64}, {byte};
               escapes: \\n \\r \\t \\0 \\\\ \\xNN. Examples:
                 'format:%k\\t%v\\n'                key<TAB>value lines
                 'format:%H %h{%k=%v,}%v\\n'       '2 a=1,b=2,value' lines
                 'format:%K{big32}%k%V{big32}%v'  length-prefixed binary framing";

fn parse_input(s: &str) -> Result<InputFormat, String> {
    match s {
        "lines" => Ok(InputFormat::Lines),
        "json" => Ok(InputFormat::Json),
        "raw" => Ok(InputFormat::Raw),
        _ => match s.strip_prefix("format:") {
            Some(spec) => Program::compile(spec)
                .map(InputFormat::Format)
                .map_err(|e| format!("invalid format '{spec}': {e}")),
            None => Err(format!(
                "unknown input '{s}' (lines, json, raw or format:SPEC)"
            )),
        },
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Acks {
    /// Do not wait for the broker
    #[value(name = "0")]
    None,
    /// Wait for the partition leader
    #[value(name = "1")]
    Leader,
    /// Wait for all in-sync replicas
    #[value(name = "all", alias = "-1")]
    All,
}

impl Acks {
    pub fn property(self) -> &'static str {
        match self {
            Acks::None => "0",
            Acks::Leader => "1",
            Acks::All => "all",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Compression {
    None,
    Gzip,
    Snappy,
    Lz4,
    Zstd,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Partitioner {
    /// Java-compatible murmur2 hash of the key; random without a key
    #[value(name = "murmur2_random")]
    Murmur2Random,
    /// Java-compatible murmur2 hash of the key; null keys to one partition
    #[value(name = "murmur2")]
    Murmur2,
    /// CRC32 of the key (librdkafka's and kcat's default); random without a key
    #[value(name = "consistent_random")]
    ConsistentRandom,
    /// CRC32 of the key; null keys to one partition
    #[value(name = "consistent")]
    Consistent,
    /// FNV-1a hash of the key (as Sarama); random without a key
    #[value(name = "fnv1a_random")]
    Fnv1aRandom,
    /// FNV-1a hash of the key; null keys to one partition
    #[value(name = "fnv1a")]
    Fnv1a,
    /// Random partition for every record
    #[value(name = "random")]
    Random,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum RecordReport {
    /// {"file","line","partition","offset"} or {"file","line","error"}
    Json,
}

fn parse_header(s: &str) -> Result<(String, Option<String>), String> {
    let (name, value) = match s.split_once('=') {
        Some((n, v)) => (n, Some(v.to_string())),
        None => (s, None),
    };
    if name.is_empty() {
        return Err(format!("expected NAME=VALUE, got '{s}'"));
    }
    Ok((name.to_string(), value))
}

fn parse_stamp(s: &str) -> Result<Stamp, String> {
    if s.eq_ignore_ascii_case("now") {
        return Ok(Stamp::Now);
    }
    envelope::parse_timestamp(s).map(Stamp::At)
}

fn parse_rate(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(r) if r.is_finite() && r > 0.0 => Ok(r),
        _ => Err(format!(
            "invalid rate '{s}': expected records per second, above 0"
        )),
    }
}

pub async fn run(args: ProduceArgs, global: &GlobalArgs) -> anyhow::Result<exit::Code> {
    let settings = config::resolve(global)?;
    let inputs = inputs(&args)?;
    let names: Vec<String> = inputs.iter().map(Input::name).collect();
    check_usage(&args)?;
    let ProducerConfig { mut cfg, sources } = producer_config(&args, &settings)?;
    for (key, value, source) in &sources {
        let source = if source.is_empty() {
            String::new()
        } else {
            format!(" ({source})")
        };
        output::debug(1, format!("producer property {key}={value}{source}"));
    }
    let transactional = cfg.get("transactional.id").is_some();
    if args.transaction_size.is_some() && !transactional {
        return exit::fail(
            exit::USAGE,
            "--transaction-size needs --transactional-id (or -X transactional.id)",
        );
    }
    let max_message_bytes = cfg
        .get("message.max.bytes")
        .and_then(|v| v.trim().parse::<usize>().ok())
        .unwrap_or(1_000_000);
    let transaction_timeout = cfg
        .get(TRANSACTION_TIMEOUT[0])
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map_or(Duration::from_secs(60), Duration::from_millis)
        + Duration::from_secs(10);

    // Schema files are compiled, and registry subjects looked up or registered, before
    // anything connects to Kafka; with records naming their own topics, per topic.
    let codecs = Codecs::new(&settings, (&args.schema).into())?;
    let mut key_encoder = codecs.encoder_for(args.key_format, Role::Key, args.topic.as_deref())?;
    let value_encoder =
        codecs.encoder_for(args.value_format, Role::Value, args.topic.as_deref())?;
    let key_const = match &args.key {
        Some(k) => {
            let mut scratch = Vec::new();
            let bytes = key_encoder
                .encode(k.as_bytes(), &mut scratch)
                .map_err(|e| Failure::new(exit::USAGE, format!("--key: {e}")))?
                .to_vec();
            Some(bytes)
        }
        None => None,
    };

    let diag = Diagnostics::new(&settings.brokers.value);
    let ctx = ProduceContext::new(diag.clone(), &names, args.report.is_some(), transactional);
    // Failed records name the error their partition was retried on (see last_error.rs).
    last_error::enable(&mut cfg);
    let producer: Arc<BaseProducer<ProduceContext>> = Arc::new(kafka::create(&cfg, ctx)?);
    let watch = last_error::Watch::start(&producer, &cfg);

    // Fail fast on a bad cluster, and learn the topic's partition count.
    let poller = Arc::clone(&producer);
    let serve = move |t| poller.poll(t);
    let prober = Arc::clone(&producer);
    let topic = args.topic.clone();
    // librdkafka producers ask brokers to create missing topics unless told not to.
    let auto_create = cfg.get("allow.auto.create.topics") != Some("false");
    let state = kafka::probe(&settings, &diag, serve, move |timeout| {
        topic_state(&prober, topic.as_deref(), auto_create, timeout)
    })
    .await?;
    let partitions = match &args.topic {
        Some(topic) => check_topic(topic, state, args.partition, &settings)?,
        None => None,
    };

    if transactional {
        let p = Arc::clone(&producer);
        tokio::task::spawn_blocking(move || p.init_transactions(transaction_timeout))
            .await?
            .map_err(|e| {
                Failure::new(
                    exit::FAILURE,
                    format!("cannot start transactions: {}", delivery::reason(&e)),
                )
                .hint("the brokers must support transactions (a transaction coordinator and __transaction_state)")
            })?;
    }

    let progress = progress_bar(&args, &inputs);
    let on_read: Option<input::OnRead> = match &progress {
        Some((bar, ProgressUnit::Bytes)) => {
            let bar = bar.clone();
            Some(Box::new(move |n| bar.inc(n)))
        }
        _ => None,
    };
    let feed = input::spawn(inputs, args.repeat, on_read)?;
    let source = match &args.input {
        InputFormat::Lines => engine::Source::Records(Records::new(
            feed,
            Split::Delimited(args.delimiter.0.clone()),
            max_message_bytes + args.key_delimiter.as_ref().map_or(0, |d| d.0.len()),
        )),
        // An envelope spells bytes as base64 or escaped text: allow for that.
        InputFormat::Json => engine::Source::Records(Records::new(
            feed,
            Split::Delimited(args.delimiter.0.clone()),
            max_message_bytes.saturating_mul(6) + (1 << 20),
        )),
        InputFormat::Raw => {
            engine::Source::Records(Records::new(feed, Split::Whole, max_message_bytes))
        }
        // Framing (lengths, headers, separators) comes on top of key and value.
        InputFormat::Format(program) => engine::Source::Format(FormatReader::new(
            feed,
            program.clone(),
            max_message_bytes + (64 << 10),
        )),
    };

    let plan = Plan {
        names: names.clone(),
        mode: match args.input {
            InputFormat::Lines => Mode::Lines {
                key_delimiter: args.key_delimiter.as_ref().map(|d| d.0.clone()),
            },
            InputFormat::Json => Mode::Json,
            InputFormat::Raw => Mode::Raw,
            InputFormat::Format(_) => Mode::Format,
        },
        topic: args.topic.clone(),
        partition: args.partition,
        timestamp: args.timestamp,
        key: key_const,
        headers: args
            .headers
            .iter()
            .map(|(k, v)| (k.clone(), v.as_ref().map(|v| v.as_bytes().to_vec())))
            .collect(),
        null_value: args.null_value.as_ref().map(|v| v.as_bytes().to_vec()),
        empty_is_null: args.tombstone,
        skip_empty: args.skip_empty,
        key_format: args.key_format,
        value_format: args.value_format,
        count: args.count,
        rate: args.rate,
        fail_fast: args.fail_fast,
        skip_bad_input: args.skip_bad_input,
        transaction: transactional.then_some(args.transaction_size),
        report: args.report.is_some(),
        grace: settings.timeout.value,
        transaction_timeout,
        max_message_bytes,
        partitions,
        sticky: sticky_linger(&cfg, partitions),
        hash_keys: hashes_keys(&cfg),
        progress: progress.clone(),
    };

    let stop = Arc::new(Stop::default());
    let worker = {
        let producer = Arc::clone(&producer);
        let stop = Arc::clone(&stop);
        let encoders = engine::Encoders {
            key: Some(key_encoder),
            value: Some(value_encoder),
        };
        tokio::task::spawn_blocking(move || engine::run(&producer, source, &plan, &stop, encoders))
    };
    let outcome = supervise(worker, &stop).await?;
    if let Some((bar, _)) = &progress {
        bar.finish_and_clear();
    }
    drop(watch);
    let totals = producer.context().totals();
    let result = finish(&args, &names, outcome, totals);
    // Every record's outcome is known and reported: destroying the client (joining
    // librdkafka's threads) is left to a blocking thread, which the process does not wait
    // for when it exits.
    tokio::task::spawn_blocking(move || drop(producer));
    result
}

/// Waits for the loop, turning the first Ctrl-C (or SIGTERM) into a graceful stop and
/// the second into an immediate one.
async fn supervise(
    worker: tokio::task::JoinHandle<engine::Outcome>,
    stop: &Stop,
) -> anyhow::Result<engine::Outcome> {
    use std::sync::atomic::Ordering;
    tokio::pin!(worker);
    let mut signals = 0;
    loop {
        tokio::select! {
            joined = &mut worker => return Ok(joined?),
            () = interrupted() => {
                signals += 1;
                if signals == 1 {
                    stop.interrupted.store(true, Ordering::Relaxed);
                    output::info("kpipe: interrupted: waiting for records in flight (Ctrl-C again to stop now)");
                } else {
                    stop.hard.store(true, Ordering::Relaxed);
                }
            }
        }
    }
}

/// Resolves on Ctrl-C or SIGTERM.
async fn interrupted() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

/// The inputs, checked before anything connects: missing files are a usage error.
fn inputs(args: &ProduceArgs) -> anyhow::Result<Vec<Input>> {
    if args.files.is_empty() {
        return Ok(vec![Input::Stdin]);
    }
    if args.files.len() > delivery::MAX_INPUTS {
        return exit::fail(
            exit::USAGE,
            format!("too many input files (at most {})", delivery::MAX_INPUTS),
        );
    }
    let mut out = Vec::with_capacity(args.files.len());
    for path in &args.files {
        if path.as_os_str() == "-" {
            out.push(Input::Stdin);
            continue;
        }
        match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => {
                return exit::fail(
                    exit::USAGE,
                    format!("'{}' is a directory, not an input file", path.display()),
                )
            }
            Ok(_) => out.push(Input::File(path.clone())),
            Err(e) => {
                return exit::fail(
                    exit::USAGE,
                    format!("cannot read '{}': {e}", path.display()),
                )
            }
        }
    }
    Ok(out)
}

/// Option combinations that make no sense.
fn check_usage(args: &ProduceArgs) -> anyhow::Result<()> {
    let own_topic = match &args.input {
        InputFormat::Json => true,
        InputFormat::Format(p) => p.has_topic(),
        _ => false,
    };
    if args.topic.is_none() && !own_topic {
        return exit::fail(
            exit::USAGE,
            "no topic: give -t/--topic (only json input, or a format with %t, names its own)",
        );
    }
    if args.input != InputFormat::Lines && args.key_delimiter.is_some() {
        return exit::fail(
            exit::USAGE,
            "-K/--key-delimiter applies to --input lines only",
        );
    }
    if args.input == InputFormat::Json && (args.null_value.is_some() || args.tombstone) {
        return exit::fail(
            exit::USAGE,
            "--null-value and -Z apply to lines, raw and format input; in JSON input write \"value\":null",
        );
    }
    if args.repeat && args.count.is_none() && args.rate.is_none() {
        output::warn("--repeat without --count or --rate produces until Ctrl-C");
    }
    Ok(())
}

fn progress_bar(args: &ProduceArgs, inputs: &[Input]) -> Option<(ProgressBar, ProgressUnit)> {
    if !std::io::stderr().is_terminal() || output::quiet() || output::verbosity() > 0 {
        return None;
    }
    let style = |template: &str| {
        ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_bar())
    };
    if let Some(count) = args.count {
        let bar = ProgressBar::with_draw_target(Some(count), ProgressDrawTarget::stderr());
        bar.set_style(style(
            "{bar:30} {human_pos}/{human_len} records  {elapsed}  eta {eta}",
        ));
        return Some((bar, ProgressUnit::Records));
    }
    if args.repeat {
        return None;
    }
    let mut total = 0u64;
    for input in inputs {
        match input {
            Input::File(p) => total += std::fs::metadata(p).ok()?.len(),
            Input::Stdin => return None,
        }
    }
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    bar.set_style(style(
        "{bar:30} {decimal_bytes}/{decimal_total_bytes}  {decimal_bytes_per_sec}  eta {eta}",
    ));
    Some((bar, ProgressUnit::Bytes))
}

/// Prints the summary and turns the outcome into the exit code.
fn finish(
    args: &ProduceArgs,
    names: &[String],
    outcome: engine::Outcome,
    totals: delivery::Totals,
) -> anyhow::Result<exit::Code> {
    let failed = totals.failures.total;
    let secs = outcome.elapsed.as_secs_f64().max(1e-9);
    let mb = totals.acked_bytes as f64 / 1e6;
    let mut summary = format!(
        "{} record(s) delivered ({}) in {:.2}s: {} records/s, {:.1} MB/s",
        grouped(totals.acked),
        human_bytes(totals.acked_bytes),
        secs,
        grouped((totals.acked as f64 / secs) as u64),
        mb / secs,
    );
    if failed > 0 {
        summary.push_str(&format!(
            ", {} failed ({})",
            grouped(failed),
            written_counts(&totals.failures)
        ));
    }
    if outcome.bad > 0 && args.skip_bad_input {
        summary.push_str(&format!(", {} bad input record(s) skipped", outcome.bad));
    }
    output::info(format!("kpipe: {summary}"));

    let listing = |headline: String| -> String {
        let mut text = headline;
        for line in totals.failures.describe(names, 20) {
            text.push_str("\n  ");
            text.push_str(&line);
        }
        text
    };
    let aborted = outcome
        .aborted
        .as_deref()
        .map(|a| format!("; {a}: none of its records are visible to read_committed consumers"))
        .unwrap_or_default();
    let total = totals.acked + failed;
    match outcome.end {
        End::Interrupted => {
            let mut msg = format!(
                "interrupted: {} of {} record(s) sent were delivered{aborted}",
                grouped(totals.acked),
                grouped(outcome.sent)
            );
            if failed > 0 {
                msg = listing(format!("{msg}; not delivered:"));
            }
            exit::fail(exit::INTERRUPTED, msg)
        }
        End::BadInput(why) => {
            let mut msg = format!("bad input at {why}{aborted}");
            if failed > 0 {
                msg = listing(format!(
                    "{msg}\n{} record(s) were not delivered:",
                    grouped(failed)
                ));
            }
            Err(Failure::new(exit::BAD_INPUT, msg)
                .hint("--skip-bad-input reports bad records and goes on with the rest")
                .into())
        }
        End::ReadFailed(why) => exit::fail(exit::FAILURE, format!("{why}{aborted}")),
        End::Setup(code, why) => exit::fail(code, format!("{why}{aborted}")),
        End::Transaction(why) => {
            Err(Failure::new(exit::UNDELIVERED, listing(format!("{why}{aborted}"))).into())
        }
        End::Finished | End::FailFast if failed > 0 => {
            let stopped = if matches!(outcome.end, End::FailFast) && args.fail_fast {
                " (stopped at the first failure: --fail-fast)"
            } else {
                ""
            };
            let possibly = totals.failures.written(Written::Possibly);
            let check = if possibly > 0 {
                format!(
                    " ({} possibly written: check before re-sending)",
                    grouped(possibly)
                )
            } else if totals.failures.written(Written::No) == failed {
                " (none of them written)".to_string()
            } else {
                String::new()
            };
            let mut failure = Failure::new(
                exit::UNDELIVERED,
                listing(format!(
                    "{} of {} record(s) were not delivered{check}{stopped}{aborted}:",
                    grouped(failed),
                    grouped(total)
                )),
            );
            if let Some(hint) = failure_hint(&failure.message) {
                failure = failure.hint(hint);
            }
            Err(failure.into())
        }
        End::Finished | End::FailFast => Ok(exit::SUCCESS),
    }
}

/// `3 not written, 2 possibly written`: the failed records by what became of them.
fn written_counts(failures: &delivery::Failures) -> String {
    Written::ALL
        .iter()
        .filter(|w| failures.written(**w) > 0)
        .map(|w| format!("{} {}", grouped(failures.written(*w)), w.text()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A hint for the most common delivery failures.
fn failure_hint(message: &str) -> Option<&'static str> {
    if message.contains("Not enough in-sync replicas") {
        Some("fewer in-sync replicas than the topic's min.insync.replicas: check the brokers that host its partitions")
    } else if message.contains("Message size too large") {
        Some("the record is larger than the topic allows: raise the topic's max.message.bytes")
    } else if message.contains("Unknown topic") {
        Some("create the topic first, or enable auto-creation on the brokers")
    } else if message.contains("timed out") {
        Some("the brokers did not acknowledge in time: check their health, or raise --delivery-timeout")
    } else {
        None
    }
}

/// `1234567` as `1,234,567`.
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KB", "MB", "GB", "TB"];
    let mut value = n as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit + 1 < UNITS.len() {
        value /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{n} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::parse_from;

    #[test]
    fn command_lines() {
        let valid: &[&[&str]] = &[
            &["produce", "-t", "t"],
            &["produce", "-t", "t", "a.txt", "-", "b.txt"],
            &[
                "produce", "-t", "t", "-K", "\\t", "-D", "\\0", "-k", "k", "-H", "a=b", "-H", "n",
            ],
            &["produce", "--input", "json"],
            &[
                "produce",
                "-t",
                "t",
                "--input",
                "raw",
                "--value-format",
                "base64",
            ],
            &["produce", "--input", "format:%t %k %v\\n"],
            &[
                "produce", "-t", "t", "--acks", "1", "-z", "zstd", "--linger", "50ms",
            ],
            &["produce", "-t", "t", "--acks", "-1", "--no-idempotence"],
            &[
                "produce",
                "-t",
                "t",
                "--transactional-id",
                "x",
                "--transaction-size",
                "10",
            ],
            &[
                "produce", "-t", "t", "--rate", "0.5", "-c", "10", "--repeat",
            ],
            &[
                "produce",
                "-t",
                "t",
                "--report",
                "json",
                "--fail-fast",
                "--skip-bad-input",
            ],
            &["produce", "-t", "t", "--timestamp", "now", "-p", "0", "-Z"],
            &["produce", "-t", "t", "--partitioner", "consistent_random"],
        ];
        for line in valid {
            let argv = std::iter::once("kpipe").chain(line.iter().copied());
            if let Err(e) = parse_from(argv) {
                panic!("{line:?} should parse: {e}");
            }
        }
        let invalid: &[&[&str]] = &[
            &["produce", "-t", "t", "--acks", "2"],
            &["produce", "-t", "t", "-p", "-1"],
            &["produce", "-t", "t", "-D", ""],
            &["produce", "-t", "t", "--input", "xml"],
            &["produce", "-t", "t", "--input", "format:%k%v"],
            &["produce", "-t", "t", "--timestamp", "soon"],
            &["produce", "-t", "t", "-c", "0"],
            &["produce", "-t", "t", "--max-message-bytes", "10"],
            &["produce", "-t", "t", "-H", "=v"],
            &["produce", "-t", "t", "--report", "table"],
        ];
        for line in invalid {
            let argv = std::iter::once("kpipe").chain(line.iter().copied());
            assert!(parse_from(argv).is_err(), "{line:?} should not parse");
        }
    }

    #[test]
    fn parsers() {
        assert_eq!(parse_stamp("now").unwrap(), Stamp::Now);
        assert_eq!(
            parse_stamp("1700000000000").unwrap(),
            Stamp::At(1_700_000_000_000)
        );
        assert_eq!(
            parse_stamp("1970-01-01T00:00:01Z").unwrap(),
            Stamp::At(1000)
        );
        assert!(parse_stamp("yesterday").is_err());
        assert_eq!(
            parse_header("a=b=c").unwrap(),
            ("a".to_string(), Some("b=c".to_string()))
        );
        assert_eq!(parse_header("n").unwrap(), ("n".to_string(), None));
        assert!(parse_header("=v").is_err());
        assert!(parse_rate("0").is_err());
        assert_eq!(parse_rate("2.5").unwrap(), 2.5);
    }

    #[test]
    fn sizes() {
        assert_eq!(human_bytes(999), "999 B");
        assert_eq!(human_bytes(200_000_000), "200.0 MB");
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1_234_567), "1,234,567");
    }
}
