//! `kpipe topics`: list, describe, create, delete, alter configs, add partitions.
//!
//! `describe` answers the questions people open kcat -L, kafka-topics and
//! kafka-get-offsets for at once: who leads each partition and whether it is healthy,
//! how many records it holds, how old the first and the newest record are, and which
//! configs are set on the topic. Offsets are fetched in two batched ListOffsets rounds;
//! timestamps come from reading the first and last record of each partition, bounded by
//! `--timeout` (`--no-timestamps` skips that).
//!
//! Changes go through the admin API with the broker's own error message, and a
//! successful create, delete or add-partitions waits (within `--timeout`) until metadata
//! shows it, so the next command in a script sees the change. Configs are altered
//! incrementally (KIP-339): only the named keys change, whatever else is set stays.

use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::time::{Duration, UNIX_EPOCH};

use clap::{ArgGroup, Args, Subcommand};
use clap_complete::ArgValueCandidates;
use regex::Regex;
use serde_json::{json, Value};

use crate::admin::{
    self, Admin, AlterOp, ConfigEntry, ConfigSource, Edges, NewTopic, Snapshot, Stamp, TopicInfo,
};
use crate::cli::{GlobalArgs, ReportFormat};
use crate::cmd::completions::topic_candidates;
use crate::config::{self, Settings};
use crate::exit::{self, Failure};
use crate::output::{self, Out};

/// List, describe, create, delete and configure topics
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
    kpipe topics list\n  \
    kpipe topics describe orders\n  \
    kpipe topics create orders --partitions 6 -c retention.ms=604800000\n  \
    kpipe topics delete orders --yes")]
pub struct TopicsArgs {
    #[command(subcommand)]
    pub action: TopicsAction,
}

#[derive(Debug, Subcommand)]
pub enum TopicsAction {
    /// List topics with their partition count, replication factor and health
    #[command(after_help = "Examples:\n  \
        kpipe topics list\n  \
        kpipe topics list --regex '^orders'      # names matching a regular expression\n  \
        kpipe topics list --internal --output json")]
    List(ListArgs),

    /// Partitions (leader, replicas, ISR), offsets, record counts, timestamps and configs
    #[command(after_help = "Examples:\n  \
        kpipe topics describe orders\n  \
        kpipe topics describe orders payments --no-timestamps\n  \
        kpipe topics describe orders --all-configs --output json")]
    Describe(DescribeArgs),

    /// Create topics
    #[command(after_help = "Examples:\n  \
        kpipe topics create orders --partitions 6 -c retention.ms=604800000\n  \
        kpipe topics create payments --if-not-exists          # broker's default partitions\n  \
        kpipe topics create audit -p 3 -c cleanup.policy=compact --dry-run")]
    Create(CreateArgs),

    /// Delete topics and all their records (asks first; --yes for scripts)
    #[command(after_help = "Examples:\n  \
        kpipe topics delete orders              # asks for confirmation on a terminal\n  \
        kpipe topics delete orders payments --yes")]
    Delete(DeleteArgs),

    /// Set or remove topic configs; other configs stay as they are
    #[command(after_help = "Examples:\n  \
        kpipe topics alter-config orders --set retention.ms=86400000\n  \
        kpipe topics alter-config orders --set cleanup.policy=compact --set min.compaction.lag.ms=60000\n  \
        kpipe topics alter-config orders --delete retention.ms --delete cleanup.policy --dry-run")]
    AlterConfig(AlterConfigArgs),

    /// Increase a topic's partition count (Kafka cannot decrease it)
    #[command(after_help = "Examples:\n  \
        kpipe topics add-partitions orders --to 12 --dry-run\n  \
        kpipe topics add-partitions orders --to 12")]
    AddPartitions(AddPartitionsArgs),
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Include Kafka's internal topics (names starting with `__`)
    #[arg(long)]
    pub internal: bool,

    /// Only topics whose name matches this regular expression (unanchored, like grep)
    #[arg(long, value_name = "REGEX", value_parser = parse_regex)]
    pub regex: Option<Regex>,

    /// Output format
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub output: ReportFormat,
}

#[derive(Debug, Args)]
pub struct DescribeArgs {
    /// Topics to describe
    #[arg(required = true, value_name = "TOPIC", add = ArgValueCandidates::new(topic_candidates))]
    pub topics: Vec<String>,

    /// Skip reading the first and last record of each partition
    #[arg(long)]
    pub no_timestamps: bool,

    /// Show every effective config and its source, not only those set on the topic
    #[arg(long)]
    pub all_configs: bool,

    /// Output format
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub output: ReportFormat,
}

#[derive(Debug, Args)]
pub struct CreateArgs {
    /// Topics to create
    #[arg(required = true, value_name = "TOPIC")]
    pub topics: Vec<String>,

    /// Number of partitions [default: the broker's num.partitions]
    #[arg(short, long, value_name = "N", value_parser = clap::value_parser!(i32).range(1..))]
    pub partitions: Option<i32>,

    /// Replicas per partition [default: the broker's default.replication.factor]
    #[arg(short, long, value_name = "N", value_parser = clap::value_parser!(i32).range(1..=32767))]
    pub replication_factor: Option<i32>,

    /// A topic config, e.g. retention.ms=604800000 (repeatable; `--config` names kpipe's
    /// own config file)
    #[arg(short = 'c', long = "topic-config", value_name = "KEY=VALUE", value_parser = parse_key_value)]
    pub configs: Vec<(String, String)>,

    /// Succeed, changing nothing, when a topic already exists
    #[arg(long)]
    pub if_not_exists: bool,

    /// Let the broker validate the request without creating anything
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct DeleteArgs {
    /// Topics to delete
    #[arg(required = true, value_name = "TOPIC", add = ArgValueCandidates::new(topic_candidates))]
    pub topics: Vec<String>,

    /// Do not ask for confirmation (required when stdin is not a terminal)
    #[arg(short, long)]
    pub yes: bool,
}

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("changes").required(true).multiple(true)
    .args(["set", "delete", "append", "subtract"])))]
pub struct AlterConfigArgs {
    /// The topic to change
    #[arg(value_name = "TOPIC", add = ArgValueCandidates::new(topic_candidates))]
    pub topic: String,

    /// Set a config on the topic (repeatable)
    #[arg(long, value_name = "KEY=VALUE", value_parser = parse_key_value)]
    pub set: Vec<(String, String)>,

    /// Remove a config from the topic, so the broker's default applies again (repeatable)
    #[arg(long, value_name = "KEY", value_parser = parse_key)]
    pub delete: Vec<String>,

    /// Add a value to a list config, e.g. cleanup.policy=compact (repeatable)
    #[arg(long, value_name = "KEY=VALUE", value_parser = parse_key_value)]
    pub append: Vec<(String, String)>,

    /// Remove a value from a list config (repeatable)
    #[arg(long, value_name = "KEY=VALUE", value_parser = parse_key_value)]
    pub subtract: Vec<(String, String)>,

    /// Let the broker validate the change without applying it
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct AddPartitionsArgs {
    /// The topic to grow
    #[arg(value_name = "TOPIC", add = ArgValueCandidates::new(topic_candidates))]
    pub topic: String,

    /// The new total number of partitions
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(i32).range(1..))]
    pub to: i32,

    /// Let the broker validate the change without applying it
    #[arg(long)]
    pub dry_run: bool,
}

fn parse_regex(s: &str) -> Result<Regex, String> {
    Regex::new(s).map_err(|e| format!("invalid regular expression: {e}"))
}

fn parse_key(s: &str) -> Result<String, String> {
    let key = s.trim();
    if key.is_empty() || key.contains('=') {
        Err(format!("expected a config name, got '{s}'"))
    } else {
        Ok(key.to_string())
    }
}

fn parse_key_value(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((k, v)) if !k.trim().is_empty() => Ok((k.trim().to_string(), v.to_string())),
        _ => Err(format!("expected KEY=VALUE, got '{s}'")),
    }
}

pub async fn run(args: TopicsArgs, global: &GlobalArgs) -> anyhow::Result<exit::Code> {
    // Refuse an unconfirmable delete before touching the config or the network.
    if let TopicsAction::Delete(d) = &args.action {
        if !d.yes && !std::io::stdin().is_terminal() {
            return Err(Failure::new(
                exit::USAGE,
                "refusing to delete topics without confirmation: stdin is not a terminal",
            )
            .hint("pass --yes to delete without asking")
            .into());
        }
    }
    let settings = config::resolve(global)?;
    match args.action {
        TopicsAction::List(a) => list(&settings, &a).await,
        TopicsAction::Describe(a) => describe(&settings, &a).await,
        TopicsAction::Create(a) => create(&settings, &a).await,
        TopicsAction::Delete(a) => delete(&settings, &a).await,
        TopicsAction::AlterConfig(a) => alter_config(&settings, &a).await,
        TopicsAction::AddPartitions(a) => add_partitions(&settings, &a).await,
    }
}

/// Fails, naming every topic in `names` that does not exist.
fn require_topics(snapshot: &Snapshot, names: &[String]) -> anyhow::Result<()> {
    let missing: Vec<String> = names
        .iter()
        .filter(|n| snapshot.topic(n).is_none())
        .map(|n| format!("'{n}'"))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let what = if missing.len() == 1 {
        "topic"
    } else {
        "topics"
    };
    Err(Failure::new(
        exit::FAILURE,
        format!("{what} {} not found", missing.join(", ")),
    )
    .hint("`kpipe topics list` shows the topics (--internal for `__` ones)")
    .into())
}

/// "1 partition", "3 partitions".
fn partitions(n: usize) -> String {
    if n == 1 {
        "1 partition".to_string()
    } else {
        format!("{n} partitions")
    }
}

/// Removes repeated names, keeping the first occurrence.
fn dedup(names: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for n in names {
        if !out.contains(n) {
            out.push(n.clone());
        }
    }
    out
}

/// "ok", or what is wrong with the topic's partitions.
fn health(topic: &TopicInfo, snapshot: &Snapshot) -> (usize, usize, String) {
    let offline = topic
        .partitions
        .iter()
        .filter(|p| p.offline(&snapshot.brokers))
        .count();
    let under = topic
        .partitions
        .iter()
        .filter(|p| p.under_replicated())
        .count();
    let text = match (offline, under) {
        (0, 0) => "ok".to_string(),
        (o, 0) => format!("{o} offline"),
        (0, u) => format!("{u} under-replicated"),
        (o, u) => format!("{o} offline, {u} under-replicated"),
    };
    (offline, under, text)
}

// ---------------------------------------------------------------------------------------
// list

async fn list(settings: &Settings, args: &ListArgs) -> anyhow::Result<exit::Code> {
    let (_admin, snapshot) = Admin::connect(settings).await?;
    let topics: Vec<&TopicInfo> = snapshot
        .topics
        .iter()
        .filter(|t| t.error.is_none() || !t.partitions.is_empty())
        .filter(|t| args.internal || !t.internal())
        .filter(|t| args.regex.as_ref().is_none_or(|r| r.is_match(&t.name)))
        .collect();
    let mut out = Out::new();
    match args.output {
        ReportFormat::Json => {
            let items: Vec<Value> = topics
                .iter()
                .map(|t| {
                    let (offline, under, _) = health(t, &snapshot);
                    json!({
                        "name": t.name,
                        "partition_count": t.partitions.len(),
                        "replication_factor": t.replication_factor(),
                        "internal": t.internal(),
                        "offline_partitions": offline,
                        "under_replicated_partitions": under,
                    })
                })
                .collect();
            output::print_json(&mut out, &json!({ "topics": items }))?;
        }
        ReportFormat::Table if topics.is_empty() => {
            output::info(if args.internal {
                "no topics"
            } else {
                "no topics (--internal includes Kafka's `__` topics)"
            });
        }
        ReportFormat::Table => {
            let mut table = output::table(["TOPIC", "PARTITIONS", "RF", "STATUS"]);
            for t in &topics {
                table.add_row([
                    t.name.clone(),
                    t.partitions.len().to_string(),
                    t.replication_factor().to_string(),
                    health(t, &snapshot).2,
                ]);
            }
            output::print_block(&mut out, &table.to_string())?;
        }
    }
    out.flush()?;
    Ok(exit::SUCCESS)
}

// ---------------------------------------------------------------------------------------
// describe

/// Everything `describe` reports about one partition.
struct PartitionReport {
    id: i32,
    leader: i32,
    replicas: Vec<i32>,
    isr: Vec<i32>,
    offline: bool,
    under_replicated: bool,
    start: Option<i64>,
    end: Option<i64>,
    edges: Option<Edges>,
}

impl PartitionReport {
    fn records(&self) -> Option<i64> {
        Some((self.end? - self.start?).max(0))
    }

    fn status(&self) -> &'static str {
        match (self.offline, self.under_replicated) {
            (true, _) => "offline",
            (false, true) => "under-replicated",
            _ => "ok",
        }
    }
}

/// Everything `describe` reports about one topic.
struct TopicReport {
    name: String,
    replication_factor: usize,
    partitions: Vec<PartitionReport>,
    /// Effective configs, when they could be read.
    configs: Option<Vec<ConfigEntry>>,
    /// Record counts are offset differences: exact only without compaction.
    compacted: bool,
}

impl TopicReport {
    fn records(&self) -> Option<i64> {
        self.partitions.iter().map(PartitionReport::records).sum()
    }

    /// The configs to show: those set on the topic, or all of them.
    fn shown_configs(&self, all: bool) -> Vec<&ConfigEntry> {
        let mut shown: Vec<&ConfigEntry> = self
            .configs
            .iter()
            .flatten()
            .filter(|c| all || c.source == ConfigSource::Topic)
            .collect();
        shown.sort_by(|a, b| a.name.cmp(&b.name));
        shown
    }
}

async fn describe(settings: &Settings, args: &DescribeArgs) -> anyhow::Result<exit::Code> {
    let (admin, snapshot) = Admin::connect(settings).await?;
    let names = dedup(&args.topics);
    require_topics(&snapshot, &names)?;
    let topics: Vec<&TopicInfo> = names.iter().filter_map(|n| snapshot.topic(n)).collect();

    let wanted: Vec<(String, i32)> = topics
        .iter()
        .flat_map(|t| t.partitions.iter().map(|p| (t.name.clone(), p.id)))
        .collect();
    let offsets = admin.log_offsets(wanted).await.unwrap_or_else(|e| {
        output::warn(format!("{e:#}; offsets and record counts are not shown"));
        HashMap::new()
    });

    let mut configs: HashMap<String, Vec<ConfigEntry>> = HashMap::new();
    match admin.describe_topic_configs(names.clone()).await {
        Ok(results) => {
            for r in results {
                match r.result {
                    Ok(entries) => {
                        configs.insert(r.name, entries);
                    }
                    Err(e) => output::warn(format!("configs of topic '{}': {e}", r.name)),
                }
            }
        }
        Err(e) => output::warn(format!("{e:#}; configs are not shown")),
    }

    let mut reports = Vec::new();
    for t in topics {
        let partitions: Vec<PartitionReport> = t
            .partitions
            .iter()
            .map(|p| {
                let (start, end) = offsets
                    .get(&(t.name.clone(), p.id))
                    .copied()
                    .unwrap_or((None, None));
                PartitionReport {
                    id: p.id,
                    leader: p.leader,
                    replicas: p.replicas.clone(),
                    isr: p.isr.clone(),
                    offline: p.offline(&snapshot.brokers),
                    under_replicated: p.under_replicated(),
                    start,
                    end,
                    edges: None,
                }
            })
            .collect();
        let entries = configs.remove(&t.name);
        let compacted = entries.iter().flatten().any(|c| {
            c.name == "cleanup.policy" && c.value.as_deref().is_some_and(|v| v.contains("compact"))
        });
        reports.push(TopicReport {
            name: t.name.clone(),
            replication_factor: t.replication_factor(),
            partitions,
            configs: entries,
            compacted,
        });
    }

    if !args.no_timestamps {
        read_timestamps(&admin, &mut reports, settings).await;
    }

    let mut out = Out::new();
    match args.output {
        ReportFormat::Json => {
            let items: Vec<Value> = reports
                .iter()
                .map(|r| topic_json(r, args.all_configs, !args.no_timestamps))
                .collect();
            output::print_json(&mut out, &json!({ "topics": items }))?;
        }
        ReportFormat::Table => {
            for (i, r) in reports.iter().enumerate() {
                if i > 0 {
                    out.write_all(b"\n")?;
                }
                output::print_block(
                    &mut out,
                    &topic_table(r, args.all_configs, !args.no_timestamps),
                )?;
            }
        }
    }
    out.flush()?;
    Ok(exit::SUCCESS)
}

/// Fills in the first and last record of every partition with records, warning about
/// partitions that could not be read.
async fn read_timestamps(admin: &Admin, reports: &mut [TopicReport], settings: &Settings) {
    let wanted: Vec<(String, Vec<admin::Range>)> = reports
        .iter()
        .map(|r| {
            let ranges = r
                .partitions
                .iter()
                .filter_map(|p| Some((p.id, p.start?, p.end?)))
                .collect();
            (r.name.clone(), ranges)
        })
        .collect();
    let edges = match admin.edges(wanted).await {
        Ok(edges) => edges,
        Err(e) => {
            output::warn(format!("{e:#}; timestamps are not shown"));
            return;
        }
    };
    for r in reports {
        let mut unread = 0;
        for p in &mut r.partitions {
            p.edges = edges.get(&r.name).and_then(|e| e.get(&p.id)).copied();
            let has_records = p.records().is_some_and(|n| n > 0);
            if has_records && p.edges.is_none_or(|e| e.first.is_none()) {
                unread += 1;
            }
        }
        if unread > 0 {
            output::warn(format!(
                "topic '{}': no record could be read from {unread} partition(s) within {}",
                r.name,
                humantime::format_duration(settings.timeout.value)
            ));
        }
    }
}

fn iso(millis: i64) -> String {
    let t = UNIX_EPOCH + Duration::from_millis(millis.max(0).unsigned_abs());
    humantime::format_rfc3339_millis(t).to_string()
}

fn stamp_json(s: Option<Stamp>) -> Value {
    match s {
        None => Value::Null,
        Some(s) => json!({
            "offset": s.offset,
            "timestamp_ms": s.millis,
            "timestamp": iso(s.millis),
            "timestamp_type": if s.log_append { "log-append" } else { "create" },
        }),
    }
}

fn topic_json(r: &TopicReport, all_configs: bool, timestamps: bool) -> Value {
    let partitions: Vec<Value> = r
        .partitions
        .iter()
        .map(|p| {
            let mut v = json!({
                "partition": p.id,
                "leader": (p.leader >= 0).then_some(p.leader),
                "replicas": p.replicas,
                "isr": p.isr,
                "offline": p.offline,
                "under_replicated": p.under_replicated,
                "start_offset": p.start,
                "end_offset": p.end,
                "records": p.records(),
            });
            if timestamps {
                v["first_record"] = stamp_json(p.edges.and_then(|e| e.first));
                v["last_record"] = stamp_json(p.edges.and_then(|e| e.last));
            }
            v
        })
        .collect();
    let configs: Option<Vec<Value>> = r.configs.as_ref().map(|_| {
        r.shown_configs(all_configs)
            .into_iter()
            .map(|c| {
                json!({
                    "name": c.name,
                    "value": c.value,
                    "source": c.source.name(),
                    "sensitive": c.sensitive,
                    "read_only": c.read_only,
                })
            })
            .collect()
    });
    json!({
        "name": r.name,
        "partition_count": r.partitions.len(),
        "replication_factor": r.replication_factor,
        "records": r.records(),
        "records_exact": !r.compacted,
        "configs": configs,
        "partitions": partitions,
    })
}

fn config_value(c: &ConfigEntry) -> String {
    match (&c.value, c.sensitive) {
        (_, true) => "(sensitive)".to_string(),
        (Some(v), false) => v.clone(),
        (None, false) => "(null)".to_string(),
    }
}

fn topic_table(r: &TopicReport, all_configs: bool, timestamps: bool) -> String {
    let mut text = String::new();
    let line = |text: &mut String, k: &str, v: &str| {
        text.push_str(&format!("{k:<20}{v}\n"));
    };
    line(&mut text, "topic", &r.name);
    line(&mut text, "partitions", &r.partitions.len().to_string());
    line(
        &mut text,
        "replication factor",
        &r.replication_factor.to_string(),
    );
    let records = match (r.records(), r.compacted) {
        (None, _) => "?".to_string(),
        (Some(n), true) if n > 0 => format!("~{n} (approximate: the topic is compacted)"),
        (Some(n), _) => n.to_string(),
    };
    line(&mut text, "records", &records);
    if !all_configs {
        match &r.configs {
            None => line(&mut text, "configs", "?"),
            Some(_) => {
                let shown = r.shown_configs(false);
                if shown.is_empty() {
                    line(&mut text, "configs", "(broker defaults)");
                }
                for (i, c) in shown.iter().enumerate() {
                    let k = if i == 0 { "configs" } else { "" };
                    line(&mut text, k, &format!("{}={}", c.name, config_value(c)));
                }
            }
        }
    }
    text.push('\n');

    let mut header = vec![
        "PARTITION",
        "LEADER",
        "REPLICAS",
        "ISR",
        "START",
        "END",
        "RECORDS",
    ];
    if timestamps {
        header.extend(["FIRST RECORD", "LAST RECORD"]);
    }
    header.push("STATUS");
    let mut table = output::table(header);
    let ids = |v: &[i32]| v.iter().map(i32::to_string).collect::<Vec<_>>().join(",");
    let opt = |v: Option<i64>| v.map_or("?".to_string(), |n| n.to_string());
    for p in &r.partitions {
        let mut row = vec![
            p.id.to_string(),
            if p.leader >= 0 {
                p.leader.to_string()
            } else {
                "none".to_string()
            },
            ids(&p.replicas),
            ids(&p.isr),
            opt(p.start),
            opt(p.end),
            match (p.records(), r.compacted) {
                (Some(n), true) if n > 0 => format!("~{n}"),
                (n, _) => opt(n),
            },
        ];
        if timestamps {
            let empty = p.records() == Some(0);
            let show = |s: Option<Stamp>| match s {
                Some(s) => iso(s.millis),
                None if empty => "-".to_string(),
                None => "?".to_string(),
            };
            row.push(show(p.edges.and_then(|e| e.first)));
            row.push(show(p.edges.and_then(|e| e.last)));
        }
        row.push(p.status().to_string());
        table.add_row(row);
    }
    text.push_str(&table.to_string());

    if all_configs {
        if let Some(entries) = &r.configs {
            text.push_str("\n\n");
            let mut t = output::table(["CONFIG", "VALUE", "SOURCE"]);
            for c in r.shown_configs(true) {
                t.add_row([c.name.clone(), config_value(c), c.source.name().to_string()]);
            }
            if entries.is_empty() {
                t.add_row(["(none)", "", ""]);
            }
            text.push_str(&t.to_string());
        }
    }
    text
}

// ---------------------------------------------------------------------------------------
// create

/// One failure per topic, combined into one error; the first one's exit code wins.
fn combine(failures: Vec<anyhow::Error>) -> anyhow::Result<exit::Code> {
    let mut iter = failures.into_iter();
    let Some(first) = iter.next() else {
        return Ok(exit::SUCCESS);
    };
    let rest: Vec<String> = iter.map(|e| format!("{e:#}")).collect();
    if rest.is_empty() {
        return Err(first);
    }
    let f = first
        .chain()
        .find_map(|c| c.downcast_ref::<Failure>())
        .map(|f| (f.code, f.hint.clone()));
    let (code, hint) = f.unwrap_or((exit::FAILURE, None));
    let mut failure = Failure::new(code, format!("{first:#}; {}", rest.join("; ")));
    failure.hint = hint;
    Err(failure.into())
}

async fn create(settings: &Settings, args: &CreateArgs) -> anyhow::Result<exit::Code> {
    let (admin, snapshot) = Admin::connect(settings).await?;
    let names = dedup(&args.topics);
    let specs: Vec<NewTopic> = names
        .iter()
        .map(|name| NewTopic {
            name: name.clone(),
            partitions: args.partitions.unwrap_or(-1),
            replication_factor: args.replication_factor.unwrap_or(-1),
            configs: args.configs.clone(),
        })
        .collect();
    let outcomes = admin.create_topics(specs, args.dry_run).await?;
    let mut created = Vec::new();
    let mut failures = Vec::new();
    for o in outcomes {
        match o.error {
            None => created.push(o.name),
            Some(e)
                if e.code == rdkafka::error::RDKafkaErrorCode::TopicAlreadyExists
                    && args.if_not_exists =>
            {
                output::info(format!("topic '{}' already exists; left as it is", o.name));
                if let (Some(want), Some(t)) = (args.partitions, snapshot.topic(&o.name)) {
                    if t.partitions.len() != want.unsigned_abs() as usize {
                        output::warn(format!(
                            "topic '{}' has {}, not {want}",
                            o.name,
                            partitions(t.partitions.len())
                        ));
                    }
                }
            }
            Some(e) => {
                let hint_exists = e.code == rdkafka::error::RDKafkaErrorCode::TopicAlreadyExists;
                let mut err = admin::failure(e, &format!("cannot create topic '{}'", o.name));
                if hint_exists {
                    err = Failure::new(exit::FAILURE, format!("{err:#}"))
                        .hint("--if-not-exists makes this a success")
                        .into();
                }
                failures.push(err);
            }
        }
    }
    if args.dry_run {
        for name in &created {
            output::info(format!(
                "topic '{name}' can be created (dry run: the broker validated it, nothing changed)"
            ));
        }
    } else if !created.is_empty() {
        let ready = |s: &Snapshot| {
            created.iter().all(|n| {
                s.topic(n).is_some_and(|t| {
                    !t.partitions.is_empty() && t.partitions.iter().all(|p| p.leader >= 0)
                })
            })
        };
        if !admin.wait_for(ready).await {
            output::warn("the new topics did not show up in metadata within --timeout");
        }
        let now = admin.snapshot().await.ok();
        for name in &created {
            let detail = now
                .as_ref()
                .and_then(|s| s.topic(name))
                .map_or_else(String::new, |t| {
                    format!(
                        " ({}, replication factor {})",
                        partitions(t.partitions.len()),
                        t.replication_factor()
                    )
                });
            output::info(format!("created topic '{name}'{detail}"));
        }
    }
    combine(failures)
}

// ---------------------------------------------------------------------------------------
// delete

async fn delete(settings: &Settings, args: &DeleteArgs) -> anyhow::Result<exit::Code> {
    let (admin, snapshot) = Admin::connect(settings).await?;
    let names = dedup(&args.topics);
    require_topics(&snapshot, &names)?;
    if !args.yes {
        let described: Vec<String> = names
            .iter()
            .map(|n| {
                let parts = snapshot.topic(n).map_or(0, |t| t.partitions.len());
                format!("'{n}' ({})", partitions(parts))
            })
            .collect();
        let question = format!(
            "Delete topic{} {} at {} and all records? This cannot be undone.",
            if names.len() == 1 { "" } else { "s" },
            described.join(", "),
            settings.brokers.value
        );
        match output::confirm(&question)? {
            Some(true) => {}
            Some(false) => {
                output::info("nothing deleted");
                return Ok(exit::FAILURE);
            }
            None => {
                return Err(Failure::new(
                    exit::USAGE,
                    "refusing to delete topics without confirmation: stdin is not a terminal",
                )
                .hint("pass --yes to delete without asking")
                .into())
            }
        }
    }
    let outcomes = admin.delete_topics(names).await?;
    let mut deleted = Vec::new();
    let mut failures = Vec::new();
    for o in outcomes {
        match o.error {
            None => deleted.push(o.name),
            Some(e) => failures.push(admin::failure(
                e,
                &format!("cannot delete topic '{}'", o.name),
            )),
        }
    }
    if !deleted.is_empty() {
        // Deletion is asynchronous on the brokers; wait so that re-creating the same
        // name right after works.
        let gone = |s: &Snapshot| deleted.iter().all(|n| s.topic(n).is_none());
        if !admin.wait_for(gone).await {
            output::warn("deleted topics still show in metadata; deletion is in progress");
        }
        for name in &deleted {
            output::info(format!("deleted topic '{name}'"));
        }
    }
    combine(failures)
}

// ---------------------------------------------------------------------------------------
// alter-config

async fn alter_config(settings: &Settings, args: &AlterConfigArgs) -> anyhow::Result<exit::Code> {
    let (admin, snapshot) = Admin::connect(settings).await?;
    require_topics(&snapshot, std::slice::from_ref(&args.topic))?;
    let mut changes: Vec<(AlterOp, String, Option<String>)> = Vec::new();
    let mut summary: Vec<String> = Vec::new();
    for (k, v) in &args.set {
        changes.push((AlterOp::Set, k.clone(), Some(v.clone())));
        summary.push(format!("set {k}={v}"));
    }
    for k in &args.delete {
        changes.push((AlterOp::Delete, k.clone(), None));
        summary.push(format!("removed {k}"));
    }
    for (k, v) in &args.append {
        changes.push((AlterOp::Append, k.clone(), Some(v.clone())));
        summary.push(format!("appended {v} to {k}"));
    }
    for (k, v) in &args.subtract {
        changes.push((AlterOp::Subtract, k.clone(), Some(v.clone())));
        summary.push(format!("removed {v} from {k}"));
    }
    let refused = admin
        .alter_topic_configs(args.topic.clone(), changes, args.dry_run)
        .await?;
    if let Some(e) = refused {
        return Err(admin::failure(
            e,
            &format!("cannot alter the configs of topic '{}'", args.topic),
        ));
    }
    if args.dry_run {
        output::info(format!(
            "topic '{}': {} (dry run: the broker validated it, nothing changed)",
            args.topic,
            summary.join(", ")
        ));
    } else {
        output::info(format!("topic '{}': {}", args.topic, summary.join(", ")));
    }
    Ok(exit::SUCCESS)
}

// ---------------------------------------------------------------------------------------
// add-partitions

async fn add_partitions(
    settings: &Settings,
    args: &AddPartitionsArgs,
) -> anyhow::Result<exit::Code> {
    let (admin, snapshot) = Admin::connect(settings).await?;
    require_topics(&snapshot, std::slice::from_ref(&args.topic))?;
    let current = snapshot
        .topic(&args.topic)
        .map_or(0, |t| t.partitions.len());
    let to = args.to.unsigned_abs() as usize;
    if to == current {
        output::info(format!(
            "topic '{}' already has {}; nothing to do",
            args.topic,
            partitions(current)
        ));
        return Ok(exit::SUCCESS);
    }
    let outcome = admin
        .create_partitions(args.topic.clone(), to, args.dry_run)
        .await?;
    if let Some(e) = outcome.error {
        return Err(admin::failure(
            e,
            &format!("cannot add partitions to topic '{}'", args.topic),
        ));
    }
    if args.dry_run {
        output::info(format!(
            "topic '{}' can grow from {current} to {to} partitions (dry run: nothing changed)",
            args.topic
        ));
        return Ok(exit::SUCCESS);
    }
    let topic = args.topic.clone();
    let grown = move |s: &Snapshot| s.topic(&topic).is_some_and(|t| t.partitions.len() == to);
    if !admin.wait_for(grown).await {
        output::warn("the new partitions did not show up in metadata within --timeout");
    }
    output::info(format!(
        "topic '{}' now has {to} partitions (was {current}); records with a key may now go \
         to a different partition than earlier records with the same key",
        args.topic
    ));
    Ok(exit::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_values() {
        assert_eq!(
            parse_key_value("retention.ms=1").unwrap(),
            ("retention.ms".to_string(), "1".to_string())
        );
        assert_eq!(
            parse_key_value("a=b=c").unwrap(),
            ("a".to_string(), "b=c".to_string())
        );
        assert!(parse_key_value("novalue").is_err());
        assert!(parse_key_value("=v").is_err());
        assert_eq!(parse_key(" retention.ms ").unwrap(), "retention.ms");
        assert!(parse_key("a=b").is_err());
        assert!(parse_regex("(").is_err());
    }

    #[test]
    fn command_lines() {
        use crate::cli::parse_from;
        use clap::error::ErrorKind;
        let valid: &[&[&str]] = &[
            &["kpipe", "topics", "list"],
            &[
                "kpipe",
                "topics",
                "list",
                "--internal",
                "--regex",
                "^o",
                "--output",
                "json",
            ],
            &[
                "kpipe",
                "topics",
                "describe",
                "a",
                "b",
                "--no-timestamps",
                "--all-configs",
            ],
            &[
                "kpipe", "topics", "create", "a", "-p", "3", "-r", "1", "-c", "x=1", "-c", "y=2",
            ],
            &[
                "kpipe",
                "topics",
                "create",
                "a",
                "--if-not-exists",
                "--dry-run",
            ],
            &[
                "kpipe",
                "--config",
                "k.toml",
                "topics",
                "create",
                "a",
                "--topic-config",
                "x=1",
            ],
            &["kpipe", "topics", "delete", "a", "b", "-y"],
            &[
                "kpipe",
                "topics",
                "alter-config",
                "a",
                "--set",
                "x=1",
                "--delete",
                "y",
            ],
            &[
                "kpipe",
                "topics",
                "alter-config",
                "a",
                "--append",
                "p=v",
                "--subtract",
                "p=w",
            ],
            &[
                "kpipe",
                "topics",
                "add-partitions",
                "a",
                "--to",
                "6",
                "--dry-run",
            ],
            &["kpipe", "cluster", "--output", "json"],
            &["kpipe", "completions", "powershell"],
            &["kpipe", "man", "--dir", "/tmp/x"],
        ];
        for line in valid {
            if let Err(e) = parse_from(*line) {
                panic!("{line:?} should parse: {e}");
            }
        }
        let invalid: &[(&[&str], ErrorKind)] = &[
            (
                &["kpipe", "topics", "describe"],
                ErrorKind::MissingRequiredArgument,
            ),
            (
                &["kpipe", "topics", "create", "a", "-p", "0"],
                ErrorKind::ValueValidation,
            ),
            (
                &["kpipe", "topics", "create", "a", "-c", "novalue"],
                ErrorKind::ValueValidation,
            ),
            (
                &["kpipe", "topics", "alter-config", "a"],
                ErrorKind::MissingRequiredArgument,
            ),
            (
                &["kpipe", "topics", "alter-config", "a", "--delete", "k=v"],
                ErrorKind::ValueValidation,
            ),
            (
                &["kpipe", "topics", "add-partitions", "a"],
                ErrorKind::MissingRequiredArgument,
            ),
            (
                &["kpipe", "topics", "list", "--regex", "("],
                ErrorKind::ValueValidation,
            ),
            (&["kpipe", "completions", "tcsh"], ErrorKind::InvalidValue),
        ];
        for (line, kind) in invalid {
            match parse_from(*line) {
                Ok(_) => panic!("{line:?} should not parse"),
                Err(e) => assert_eq!(e.kind(), *kind, "{line:?}: {e}"),
            }
        }
    }

    #[test]
    fn dedup_keeps_order() {
        let v: Vec<String> = ["b", "a", "b"].iter().map(|s| s.to_string()).collect();
        assert_eq!(dedup(&v), vec!["b".to_string(), "a".to_string()]);
    }

    #[test]
    fn record_counts() {
        let p = |start, end| PartitionReport {
            id: 0,
            leader: 1,
            replicas: vec![1],
            isr: vec![1],
            offline: false,
            under_replicated: false,
            start,
            end,
            edges: None,
        };
        assert_eq!(p(Some(3), Some(10)).records(), Some(7));
        assert_eq!(p(None, Some(10)).records(), None);
        let r = TopicReport {
            name: "t".into(),
            replication_factor: 1,
            partitions: vec![p(Some(0), Some(5)), p(Some(2), Some(4))],
            configs: None,
            compacted: false,
        };
        assert_eq!(r.records(), Some(7));
    }

    #[test]
    fn timestamps_are_rfc3339_utc() {
        assert_eq!(iso(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(iso(1_700_000_000_123), "2023-11-14T22:13:20.123Z");
    }
}
