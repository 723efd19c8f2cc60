//! `kpipe groups`: list and describe consumer groups, and change their offsets safely.
//!
//! Offsets are changed with admin requests (AlterConsumerGroupOffsets, OffsetDelete,
//! DeleteGroups), never by joining the group, so kpipe can never trigger a rebalance
//! of a live group. Changes are refused while the group has active members (a running
//! consumer would overwrite them with its next commit) and `reset` is a dry run unless
//! `--execute` is given; its plan can be exported as the CSV file
//! `kafka-consumer-groups --reset-offsets --from-file` reads, and read back with
//! `--to file:PATH`.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;
use clap::{Args, Subcommand};
use rdkafka::error::RDKafkaErrorCode;
use serde_json::{json, Value};

use crate::cli::{parse_duration, GlobalArgs, ReportFormat};
use crate::cmd::lag::{parse_regex, IsolationArg};
use crate::config::{self, Settings};
use crate::exit::{self, Failure};
use crate::lagcalc;
use crate::lagscan::{self, admin_failure, Cluster, GroupLag, GroupSelect, ScanOptions};
use crate::offsets_admin::{AdminError, GroupDescription, Isolation, Member, Tp};
use crate::output::{self, Out};

const GROUPS_ABOUT: &str = "\
List and describe consumer groups, and move, commit or delete their offsets.

Changes go through admin requests: kpipe never joins a group, so it cannot trigger a
rebalance. They are refused while the group has active members, because a running consumer
would overwrite them with its next commit: stop the consumers first. `reset` prints its plan
and changes nothing unless --execute is given.";

/// List, describe, reset, commit and delete consumer groups
#[derive(Debug, Args)]
#[command(long_about = GROUPS_ABOUT, after_help = "Examples:
  kpipe groups list                                  # every group, state, members, lag
  kpipe groups describe orders --only-lagging        # members and lagging partitions
  kpipe groups reset orders --topic events --to ago:1h          # dry run: the plan
  kpipe groups reset orders --topic events --to ago:1h --execute")]
pub struct GroupsArgs {
    #[command(subcommand)]
    pub action: GroupsAction,
}

#[derive(Debug, Subcommand)]
pub enum GroupsAction {
    List(ListArgs),
    Describe(DescribeArgs),
    Reset(ResetArgs),
    Delete(DeleteArgs),
    DeleteOffsets(DeleteOffsetsArgs),
    Commit(CommitArgs),
}

/// List consumer groups with state, type, assignor, members and total lag
#[derive(Debug, Args)]
#[command(
    long_about = "List consumer groups with their type (classic, consumer or simple), state, \
partition assignor, member count and total lag (log end - committed, summed over every \
partition the group has committed on; see `kpipe lag --help` for the exact rules).\n\n\
The embedded broker of `kpipe local` cannot list groups (it has no ListGroups); name the \
group with `kpipe lag -g GROUP` there.",
    after_help = "Examples:
  kpipe groups list
  kpipe groups list --state empty,dead --no-lag     # candidates for clean-up
  kpipe groups list --topic orders                  # groups with offsets on 'orders'
  kpipe groups list --regex '^billing-' --output json"
)]
pub struct ListArgs {
    /// Only groups in these states (comma-separated): stable, empty, dead,
    /// preparingrebalance, completingrebalance
    #[arg(long, value_name = "STATES", value_delimiter = ',')]
    pub state: Vec<String>,

    /// Only groups whose id matches this regular expression
    #[arg(long, value_name = "REGEX", value_parser = parse_regex)]
    pub regex: Option<regex::Regex>,

    /// Only groups with committed offsets on (or assignments in) this topic (repeatable)
    #[arg(short = 't', long = "topic", value_name = "TOPIC")]
    pub topics: Vec<String>,

    /// Skip reading offsets (faster; no LAG column)
    #[arg(long, conflicts_with = "topics")]
    pub no_lag: bool,

    /// Output format
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub output: ReportFormat,
}

/// Show a group's members and, per partition, committed offset, log start, log end, lag
/// and owner
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  kpipe groups describe orders
  kpipe groups describe orders payments --only-lagging
  kpipe groups describe --regex '^etl-' --topic events
  kpipe groups describe --all --output json | jq '.groups[] | select(.lag > 0) | .group'")]
pub struct DescribeArgs {
    /// Groups to describe
    #[arg(value_name = "GROUP", required_unless_present_any = ["all", "regex"])]
    pub groups: Vec<String>,

    /// Every group in the cluster
    #[arg(long, conflicts_with_all = ["groups", "regex"])]
    pub all: bool,

    /// Groups whose id matches this regular expression
    #[arg(long, value_name = "REGEX", value_parser = parse_regex, conflicts_with = "groups")]
    pub regex: Option<regex::Regex>,

    /// Only these topics (repeatable)
    #[arg(short = 't', long = "topic", value_name = "TOPIC")]
    pub topics: Vec<String>,

    /// Only partitions with lag > 0 or a flag (no commit, negative lag)
    #[arg(long)]
    pub only_lagging: bool,

    /// Log end to measure lag against (see `kpipe lag --help`)
    #[arg(long, value_enum, default_value_t = IsolationArg::ReadUncommitted, value_name = "LEVEL")]
    pub isolation: IsolationArg,

    /// Output format
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub output: ReportFormat,
}

const RESET_ABOUT: &str = "\
Move a group's committed offsets. A dry run by default: prints the plan (partition, current
-> new) and changes nothing; --execute applies it. Refused while the group has active members.

--to SPEC:
  earliest            the log start offset
  latest              the log end offset (high watermark)
  offset:N            offset N on every selected partition
  shift:+N, shift:-N  the committed offset moved by N (partitions without a commit fail)
  time:TIMESTAMP      the first offset with a timestamp >= TIMESTAMP: RFC 3339
                      (2024-05-01T12:00:00Z, +02:00 offsets; UTC without a zone) or epoch ms
  ago:DURATION        like time:, DURATION before now (30m, 1h, 2d)
  group:OTHER         the offsets OTHER has committed (partitions OTHER never committed on
                      are left alone)
  file:PATH           a plan written by --export, or by kafka-consumer-groups --export:
                      lines `topic,partition,offset` (or `group,topic,partition,offset`)

New offsets are clamped to [log start, log end], with a note. A time after the last record
gives the log end, like kafka-consumer-groups.";

/// Move a group's committed offsets (dry run unless --execute)
#[derive(Debug, Args)]
#[command(long_about = RESET_ABOUT, after_help = "Examples:
  kpipe groups reset orders --topic events --to earliest            # dry run: the plan
  kpipe groups reset orders --topic events:0,2 --to shift:-100 --execute
  kpipe groups reset orders --all-topics --to time:2024-05-01T00:00:00Z --export plan.csv
  kpipe groups reset orders --to file:plan.csv --execute")]
pub struct ResetArgs {
    /// The group
    #[arg(value_name = "GROUP")]
    pub group: String,

    /// Topic, optionally with partitions: TOPIC or TOPIC:0,1,4-7 (repeatable)
    #[arg(short = 't', long = "topic", value_name = "TOPIC[:PARTITIONS]", value_parser = parse_topic_spec)]
    pub topics: Vec<TopicSpec>,

    /// Every topic the group has committed offsets on
    #[arg(long, conflicts_with = "topics")]
    pub all_topics: bool,

    /// Where to move the offsets (see above)
    #[arg(long, value_name = "SPEC", value_parser = parse_reset_to)]
    pub to: ResetTo,

    /// Apply the plan (without it, nothing is changed)
    #[arg(long)]
    pub execute: bool,

    /// Also write the plan as CSV (topic,partition,offset) to FILE; `-` writes only the
    /// CSV to stdout
    #[arg(long, value_name = "FILE")]
    pub export: Option<PathBuf>,

    /// Output format
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub output: ReportFormat,
}

/// Delete consumer groups (they must have no active members)
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  kpipe groups delete old-group
  kpipe groups delete a b c --output json")]
pub struct DeleteArgs {
    /// Groups to delete
    #[arg(value_name = "GROUP", required = true)]
    pub groups: Vec<String>,

    /// Output format
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub output: ReportFormat,
}

/// Delete a group's committed offsets for some topics or partitions
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  kpipe groups delete-offsets orders --topic retired-topic
  kpipe groups delete-offsets orders --topic events:3,4")]
pub struct DeleteOffsetsArgs {
    /// The group
    #[arg(value_name = "GROUP")]
    pub group: String,

    /// Topic, optionally with partitions: TOPIC or TOPIC:0,1,4-7 (repeatable)
    #[arg(short = 't', long = "topic", value_name = "TOPIC[:PARTITIONS]", required = true,
          value_parser = parse_topic_spec)]
    pub topics: Vec<TopicSpec>,

    /// Output format
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub output: ReportFormat,
}

/// Commit one offset for one partition of a group (surgical fixes)
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  kpipe groups commit orders --topic events --partition 3 --offset 120500
  kpipe groups commit orders -t events -p 0 --offset 0 --force   # even outside the log")]
pub struct CommitArgs {
    /// The group
    #[arg(value_name = "GROUP")]
    pub group: String,

    /// The topic
    #[arg(short = 't', long, value_name = "TOPIC")]
    pub topic: String,

    /// The partition
    #[arg(short = 'p', long, value_name = "N")]
    pub partition: i32,

    /// The offset to commit (the next record the group will read)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(i64).range(0..))]
    pub offset: i64,

    /// Commit even when the offset is outside [log start, log end]
    #[arg(long)]
    pub force: bool,

    /// Output format
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub output: ReportFormat,
}

/// `TOPIC` or `TOPIC:0,1,4-7`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TopicSpec {
    pub topic: String,
    pub partitions: Option<Vec<i32>>,
}

pub fn parse_topic_spec(s: &str) -> Result<TopicSpec, String> {
    let (topic, parts) = match s.rsplit_once(':') {
        Some((t, p)) => (t, Some(p)),
        None => (s, None),
    };
    if topic.is_empty() {
        return Err(format!(
            "invalid topic '{s}': expected TOPIC or TOPIC:0,1,4-7"
        ));
    }
    let partitions = match parts {
        None => None,
        Some(list) => {
            let mut out = BTreeSet::new();
            for item in list.split(',') {
                let item = item.trim();
                let bad = || format!("invalid partition list '{list}' in '{s}' (e.g. 0,1,4-7)");
                if let Some((a, b)) = item.split_once('-') {
                    let a: i32 = a.trim().parse().map_err(|_| bad())?;
                    let b: i32 = b.trim().parse().map_err(|_| bad())?;
                    if a < 0 || b < a || b - a > 100_000 {
                        return Err(bad());
                    }
                    out.extend(a..=b);
                } else {
                    let p: i32 = item.parse().map_err(|_| bad())?;
                    if p < 0 {
                        return Err(bad());
                    }
                    out.insert(p);
                }
            }
            Some(out.into_iter().collect())
        }
    };
    Ok(TopicSpec {
        topic: topic.to_string(),
        partitions,
    })
}

/// `--to SPEC` of `groups reset`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ResetTo {
    Earliest,
    Latest,
    Offset(i64),
    Shift(i64),
    /// A timestamp in ms.
    Time(i64),
    Ago(Duration),
    Group(String),
    File(PathBuf),
}

pub fn parse_reset_to(s: &str) -> Result<ResetTo, String> {
    let forms = "expected earliest, latest, offset:N, shift:+N|-N, time:RFC3339|MS, \
                 ago:DURATION, group:OTHER or file:PATH";
    let (kind, value) = s.split_once(':').unwrap_or((s, ""));
    let need = |v: &str| {
        if v.is_empty() {
            Err(format!("'{s}' needs a value after ':' ({forms})"))
        } else {
            Ok(())
        }
    };
    match kind.to_ascii_lowercase().as_str() {
        "earliest" | "beginning" | "start" if value.is_empty() => Ok(ResetTo::Earliest),
        "latest" | "end" if value.is_empty() => Ok(ResetTo::Latest),
        "offset" => {
            need(value)?;
            let n: i64 = value
                .parse()
                .map_err(|_| format!("invalid offset '{value}' in '{s}'"))?;
            if n < 0 {
                return Err(format!("offset must be >= 0 in '{s}'"));
            }
            Ok(ResetTo::Offset(n))
        }
        "shift" => {
            need(value)?;
            let n: i64 = value
                .trim_start_matches('+')
                .parse()
                .map_err(|_| format!("invalid shift '{value}' in '{s}' (e.g. shift:-100)"))?;
            Ok(ResetTo::Shift(n))
        }
        "time" => {
            need(value)?;
            lagcalc::parse_timestamp(value).map(ResetTo::Time)
        }
        "ago" => {
            need(value)?;
            parse_duration(value).map(ResetTo::Ago)
        }
        "group" => {
            need(value)?;
            Ok(ResetTo::Group(value.to_string()))
        }
        "file" => {
            need(value)?;
            Ok(ResetTo::File(PathBuf::from(value)))
        }
        _ => Err(format!("invalid reset target '{s}': {forms}")),
    }
}

pub async fn run(args: GroupsArgs, global: &GlobalArgs) -> anyhow::Result<exit::Code> {
    let settings = config::resolve(global)?;
    match args.action {
        GroupsAction::List(a) => list(a, &settings).await,
        GroupsAction::Describe(a) => describe(a, &settings).await,
        GroupsAction::Reset(a) => reset(a, &settings).await,
        GroupsAction::Delete(a) => delete(a, &settings).await,
        GroupsAction::DeleteOffsets(a) => delete_offsets(a, &settings).await,
        GroupsAction::Commit(a) => commit(a, &settings).await,
    }
}

// ---------------------------------------------------------------------------------
// list

async fn list(args: ListArgs, settings: &Settings) -> anyhow::Result<exit::Code> {
    let cluster = Cluster::connect(settings).await?;
    let select = match &args.regex {
        Some(re) => GroupSelect::Regex(re.clone()),
        None => GroupSelect::All,
    };
    let states: Vec<String> = args
        .state
        .iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    let groups: Vec<GroupLag> = if args.no_lag {
        let mut listed = cluster.list_groups().await?;
        if let GroupSelect::Regex(re) = &select {
            listed.retain(|g| re.is_match(&g.id));
        }
        if !states.is_empty() {
            listed.retain(|g| states.iter().any(|s| s.eq_ignore_ascii_case(&g.state)));
        }
        listed.sort_by(|a, b| a.id.cmp(&b.id));
        let descriptions = cluster
            .describe_groups(listed.iter().map(|g| g.id.clone()).collect())
            .await?
            .unwrap_or_default();
        listed
            .into_iter()
            .map(|l| GroupLag {
                id: l.id.clone(),
                description: descriptions.get(&l.id).cloned(),
                listing: Some(l),
                error: None,
                partitions: Vec::new(),
            })
            .collect()
    } else {
        let opts = ScanOptions {
            topics: args.topics.clone(),
            isolation: Isolation::ReadUncommitted,
            time_lag: false,
            states,
        };
        lagscan::scan(&cluster, &select, &opts).await?.groups
    };
    let mut out = Out::new();
    match args.output {
        ReportFormat::Json => {
            let items: Vec<Value> = groups
                .iter()
                .map(|g| {
                    json!({
                        "group": g.id,
                        "type": g.kind(),
                        "state": g.state(),
                        "assignor": g.description.as_ref().map(|d| d.assignor.clone()).filter(|a| !a.is_empty()),
                        "members": g.description.as_ref().map(|d| d.members.len()),
                        "lag": (!args.no_lag).then(|| g.total_lag()),
                        "error": g.error,
                    })
                })
                .collect();
            output::print_json(&mut out, &json!({ "groups": items }))?;
        }
        ReportFormat::Table => {
            if groups.is_empty() {
                output::info("no consumer groups");
            } else {
                let mut table =
                    output::table(["GROUP", "TYPE", "STATE", "ASSIGNOR", "MEMBERS", "LAG"]);
                for g in &groups {
                    let d = g.description.as_ref();
                    table.add_row([
                        g.id.clone(),
                        g.kind().unwrap_or("-").to_string(),
                        g.state().unwrap_or("-").to_string(),
                        d.map(|d| d.assignor.clone())
                            .filter(|a| !a.is_empty())
                            .unwrap_or_else(|| "-".into()),
                        d.map_or("-".into(), |d| d.members.len().to_string()),
                        if args.no_lag {
                            "-".into()
                        } else if g.error.is_some() {
                            "?".into()
                        } else {
                            g.total_lag().to_string()
                        },
                    ]);
                }
                output::print_block(&mut out, &table.to_string())?;
            }
        }
    }
    out.flush()?;
    Ok(exit::SUCCESS)
}

// ---------------------------------------------------------------------------------
// describe

async fn describe(args: DescribeArgs, settings: &Settings) -> anyhow::Result<exit::Code> {
    let cluster = Cluster::connect(settings).await?;
    let select = if args.all {
        GroupSelect::All
    } else if let Some(re) = &args.regex {
        GroupSelect::Regex(re.clone())
    } else {
        GroupSelect::Named(args.groups.clone())
    };
    let opts = ScanOptions {
        topics: args.topics.clone(),
        isolation: args.isolation.into(),
        time_lag: false,
        states: Vec::new(),
    };
    let snap = lagscan::scan(&cluster, &select, &opts).await?;
    let missing: Vec<&str> = snap
        .groups
        .iter()
        .filter(|g| {
            g.partitions.is_empty()
                && g.members().is_empty()
                && g.error.is_none()
                && g.state().is_none_or(|s| s == "Dead")
        })
        .map(|g| g.id.as_str())
        .collect();
    let mut out = Out::new();
    match args.output {
        ReportFormat::Json => {
            let groups: Vec<Value> = snap
                .groups
                .iter()
                .map(|g| {
                    let mut v = g.to_json(false, None);
                    if args.only_lagging {
                        if let Some(parts) = v["partitions"].as_array_mut() {
                            parts.retain(|p| {
                                p["lag"].as_i64().unwrap_or(0) > 0
                                    || !p["flag"].is_null()
                                    || !p["error"].is_null()
                            });
                        }
                    }
                    v
                })
                .collect();
            output::print_json(
                &mut out,
                &json!({
                    "isolation": snap.isolation.as_str(),
                    "end_offset": snap.isolation.end_offset_name(),
                    "groups": groups,
                }),
            )?;
        }
        ReportFormat::Table => {
            let mut blocks = Vec::new();
            for g in &snap.groups {
                if missing.contains(&g.id.as_str()) {
                    continue;
                }
                blocks.push(describe_block(g, snap.described, args.only_lagging));
            }
            output::print_block(&mut out, &blocks.join("\n\n"))?;
        }
    }
    out.flush()?;
    if missing.is_empty() {
        return Ok(exit::SUCCESS);
    }
    let names = missing
        .iter()
        .map(|g| format!("'{g}'"))
        .collect::<Vec<_>>()
        .join(", ");
    let why = if snap.described {
        "no members and no committed offsets"
    } else {
        "no committed offsets"
    };
    Err(
        Failure::new(exit::FAILURE, format!("no such group: {names} ({why})"))
            .hint("`kpipe groups list` shows the groups that exist")
            .into(),
    )
}

fn describe_block(g: &GroupLag, described: bool, only_lagging: bool) -> String {
    let mut text = format!("group {}", g.id);
    match &g.description {
        Some(d) => {
            text.push_str(&format!(
                "  state {}  type {}  assignor {}  members {}",
                d.state,
                g.kind().unwrap_or("-"),
                if d.assignor.is_empty() {
                    "-"
                } else {
                    &d.assignor
                },
                d.members.len()
            ));
            if let Some((id, host, port)) = &d.coordinator {
                text.push_str(&format!("  coordinator {id} ({host}:{port})"));
            }
        }
        None if !described => {
            text.push_str("  (state and members unknown: this broker cannot describe groups)");
        }
        None => {}
    }
    text.push_str(&format!("  lag {}", g.total_lag()));
    if let Some(e) = &g.error {
        text.push_str(&format!("\ncommitted offsets unreadable: {e}"));
    }
    let members = g.members();
    if !members.is_empty() {
        let mut table = output::table([
            "MEMBER-ID",
            "CLIENT-ID",
            "HOST",
            "INSTANCE-ID",
            "ASSIGNMENT",
        ]);
        for m in members {
            table.add_row([
                m.member_id.clone(),
                m.client_id.clone(),
                m.host.trim_start_matches('/').to_string(),
                m.instance_id.clone().unwrap_or_else(|| "-".into()),
                compact_assignment(&m.assignment),
            ]);
        }
        text.push_str("\n\n");
        text.push_str(&table.to_string());
    }
    let rows: Vec<_> = g
        .partitions
        .iter()
        .filter(|p| !only_lagging || p.lag_value() > 0 || p.flag().is_some() || p.error.is_some())
        .collect();
    if !rows.is_empty() {
        let mut table = output::table([
            "TOPIC",
            "PARTITION",
            "COMMITTED",
            "LOG-START",
            "LOG-END",
            "LAG",
            "OWNER",
            "NOTE",
        ]);
        let dash = |v: Option<i64>| v.map_or("-".to_string(), |v| v.to_string());
        for p in rows {
            table.add_row([
                p.topic.clone(),
                p.partition.to_string(),
                dash(p.committed),
                dash(p.log_start),
                dash(p.log_end),
                dash(p.lag.map(|l| l.lag)),
                p.owner.as_ref().map_or("-".into(), lagscan::Owner::label),
                p.note(),
            ]);
        }
        text.push_str("\n\n");
        text.push_str(&table.to_string());
    } else if only_lagging && !g.partitions.is_empty() {
        text.push_str("\nno lagging partitions");
    }
    text
}

/// `events:0-3,7 audit:1` from a partition list.
fn compact_assignment(tps: &[Tp]) -> String {
    let mut by_topic: BTreeMap<&str, Vec<i32>> = BTreeMap::new();
    for (t, p) in tps {
        by_topic.entry(t).or_default().push(*p);
    }
    let mut parts = Vec::new();
    for (topic, mut ps) in by_topic {
        ps.sort_unstable();
        ps.dedup();
        let mut ranges: Vec<String> = Vec::new();
        let mut i = 0;
        while i < ps.len() {
            let start = ps[i];
            let mut end = start;
            while i + 1 < ps.len() && ps[i + 1] == end + 1 {
                i += 1;
                end = ps[i];
            }
            ranges.push(if start == end {
                start.to_string()
            } else {
                format!("{start}-{end}")
            });
            i += 1;
        }
        parts.push(format!("{topic}:{}", ranges.join(",")));
    }
    if parts.is_empty() {
        "-".to_string()
    } else {
        parts.join(" ")
    }
}

// ---------------------------------------------------------------------------------
// Safety check shared by reset, commit, delete-offsets.

/// What is known about a group's activity.
struct Activity {
    description: Option<GroupDescription>,
}

impl Activity {
    async fn of(cluster: &Cluster, group: &str) -> anyhow::Result<Activity> {
        let descriptions = cluster.describe_groups(vec![group.to_string()]).await?;
        Ok(Activity {
            description: descriptions.and_then(|mut d| d.remove(group)),
        })
    }

    fn members(&self) -> &[Member] {
        self.description.as_ref().map_or(&[], |d| &d.members)
    }

    fn is_active(&self) -> bool {
        self.description.as_ref().is_some_and(|d| {
            !d.members.is_empty()
                || matches!(
                    d.state.as_str(),
                    "Stable" | "PreparingRebalance" | "CompletingRebalance"
                )
        })
    }

    /// The refusal for a group with active members.
    fn refusal(&self, group: &str, what: &str) -> anyhow::Error {
        if self.description.is_none() {
            return Failure::new(
                exit::FAILURE,
                format!(
                    "refusing to {what}: the broker says group '{group}' is active \
                     (or was joined by members it still knows)"
                ),
            )
            .hint("stop the group's consumers first, then retry")
            .into();
        }
        let members = self.members();
        let state = self.description.as_ref().map_or("?", |d| d.state.as_str());
        let who: Vec<String> = members
            .iter()
            .take(5)
            .map(|m| format!("{}@{}", m.client_id, m.host.trim_start_matches('/')))
            .collect();
        let more = if members.len() > 5 {
            format!(" and {} more", members.len() - 5)
        } else {
            String::new()
        };
        Failure::new(
            exit::FAILURE,
            format!(
                "refusing to {what}: group '{group}' has {} active member{} (state {state}): {}{more}",
                members.len(),
                if members.len() == 1 { "" } else { "s" },
                if who.is_empty() { "-".to_string() } else { who.join(", ") }
            ),
        )
        .hint(
            "stop the group's consumers first (a running consumer would overwrite the offsets \
             with its next commit), then retry",
        )
        .into()
    }
}

/// Broker errors that mean "the group is active".
fn is_active_error(e: &AdminError) -> bool {
    matches!(
        e.code,
        RDKafkaErrorCode::UnknownMemberId
            | RDKafkaErrorCode::NonEmptyGroup
            | RDKafkaErrorCode::RebalanceInProgress
            | RDKafkaErrorCode::IllegalGeneration
            | RDKafkaErrorCode::GroupSubscribedToTopic
    )
}

/// Resolves topic specs against the cluster's partition counts.
fn resolve_specs(specs: &[TopicSpec], topics: &BTreeMap<String, i32>) -> anyhow::Result<Vec<Tp>> {
    let mut tps = BTreeSet::new();
    for spec in specs {
        let Some(&count) = topics.get(&spec.topic) else {
            return Err(Failure::new(
                exit::FAILURE,
                format!("topic '{}' does not exist", spec.topic),
            )
            .into());
        };
        match &spec.partitions {
            None => tps.extend((0..count).map(|p| (spec.topic.clone(), p))),
            Some(list) => {
                for &p in list {
                    if p >= count {
                        return Err(Failure::new(
                            exit::USAGE,
                            format!(
                                "topic '{}' has {count} partition{} (0..{}): there is no partition {p}",
                                spec.topic,
                                if count == 1 { "" } else { "s" },
                                count - 1
                            ),
                        )
                        .into());
                    }
                    tps.insert((spec.topic.clone(), p));
                }
            }
        }
    }
    Ok(tps.into_iter().collect())
}

// ---------------------------------------------------------------------------------
// reset

/// One line of a reset plan.
#[derive(Clone, Debug, PartialEq, Eq)]
struct PlanRow {
    tp: Tp,
    current: Option<i64>,
    /// `None`: left alone.
    new: Option<i64>,
    note: String,
}

/// Reads a plan file: `topic,partition,offset` or `group,topic,partition,offset` lines
/// (rows of other groups are skipped). Blank lines, `#` comments and a header are ignored.
fn parse_plan(text: &str, group: &str, path: &str) -> anyhow::Result<Vec<(Tp, i64)>> {
    let mut rows = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split(',').map(str::trim).collect();
        let bad = |why: &str| {
            Failure::new(
                exit::BAD_INPUT,
                format!("{path}:{}: {why}: '{line}'", i + 1),
            )
            .hint("expected lines `topic,partition,offset` or `group,topic,partition,offset`")
        };
        let (g, t, p, o) = match fields.as_slice() {
            [t, p, o] => (None, *t, *p, *o),
            [g, t, p, o] => (Some(*g), *t, *p, *o),
            _ => return Err(bad("wrong number of fields").into()),
        };
        if i == 0 && p.parse::<i32>().is_err() && (t == "topic" || t == "TOPIC") {
            continue; // a header
        }
        if g.is_some_and(|g| g != group) {
            continue;
        }
        if t.is_empty() {
            return Err(bad("empty topic").into());
        }
        let p: i32 = p.parse().map_err(|_| bad("invalid partition"))?;
        let o: i64 = o.parse().map_err(|_| bad("invalid offset"))?;
        if p < 0 || o < 0 {
            return Err(bad("negative partition or offset").into());
        }
        rows.push(((t.to_string(), p), o));
    }
    Ok(rows)
}

/// The CSV `kafka-consumer-groups --reset-offsets --from-file` reads.
fn plan_csv(rows: &[PlanRow]) -> String {
    let mut csv = String::new();
    for r in rows {
        if let Some(new) = r.new {
            csv.push_str(&format!("{},{},{}\n", r.tp.0, r.tp.1, new));
        }
    }
    csv
}

async fn reset(args: ResetArgs, settings: &Settings) -> anyhow::Result<exit::Code> {
    let group = args.group.as_str();
    let file_plan = match &args.to {
        ResetTo::File(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("reading the plan '{}'", path.display()))
                .map_err(|e| Failure::new(exit::BAD_INPUT, format!("{e:#}")))?;
            Some(parse_plan(&text, group, &path.display().to_string())?)
        }
        _ => None,
    };
    if args.topics.is_empty() && !args.all_topics && file_plan.is_none() {
        return Err(Failure::new(
            exit::USAGE,
            "which partitions? give --topic TOPIC[:PARTITIONS], --all-topics or --to file:PATH",
        )
        .into());
    }
    let cluster = Cluster::connect(settings).await?;
    let activity = Activity::of(&cluster, group).await?;
    if args.execute && activity.is_active() {
        return Err(activity.refusal(group, "reset offsets"));
    }
    let topics = cluster.topics().await?;

    // The partitions.
    let tps: Vec<Tp> = if let Some(plan) = &file_plan {
        let wanted: Option<BTreeSet<Tp>> = (!args.topics.is_empty())
            .then(|| resolve_specs(&args.topics, &topics))
            .transpose()?
            .map(|v| v.into_iter().collect());
        let tps: BTreeSet<Tp> = plan
            .iter()
            .map(|(tp, _)| tp.clone())
            .filter(|tp| wanted.as_ref().is_none_or(|w| w.contains(tp)))
            .collect();
        for (t, p) in &tps {
            match topics.get(t) {
                None => {
                    return Err(Failure::new(
                        exit::FAILURE,
                        format!("the plan names topic '{t}', which does not exist"),
                    )
                    .into())
                }
                Some(&n) if *p >= n => {
                    return Err(Failure::new(
                        exit::FAILURE,
                        format!("the plan names partition {p} of '{t}', which has {n}"),
                    )
                    .into())
                }
                _ => {}
            }
        }
        tps.into_iter().collect()
    } else if args.all_topics {
        let committed = cluster.committed(vec![(group.to_string(), None)]).await?;
        let mine = match committed.get(group) {
            Some(Ok(c)) => c.clone(),
            Some(Err(e)) => return Err(admin_failure("reading committed offsets", e)),
            None => Vec::new(),
        };
        let specs: Vec<TopicSpec> = mine
            .iter()
            .map(|((t, _), _)| t.clone())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .filter(|t| topics.contains_key(t))
            .map(|topic| TopicSpec {
                topic,
                partitions: None,
            })
            .collect();
        resolve_specs(&specs, &topics)?
    } else {
        resolve_specs(&args.topics, &topics)?
    };
    if tps.is_empty() {
        return Err(Failure::new(
            exit::FAILURE,
            format!(
                "nothing to reset: group '{group}' has no committed offsets on any existing topic"
            ),
        )
        .into());
    }

    // Current commits, then log start and end. Every partition gets its bounds (or the
    // command stops here), so `bounds[tp]` below cannot miss.
    let current = committed_map(&cluster, group, &tps).await?;
    let marks = cluster.watermarks(&tps, Isolation::ReadUncommitted).await?;
    let mut bounds: HashMap<Tp, (i64, i64)> = HashMap::new();
    for tp in &tps {
        match marks.get(tp) {
            Some(Ok(b)) => {
                bounds.insert(tp.clone(), *b);
            }
            Some(Err(e)) => {
                return Err(admin_failure(
                    &format!("reading offsets of {}-{}", tp.0, tp.1),
                    e,
                ))
            }
            None => {
                return Err(Failure::new(
                    exit::FAILURE,
                    format!("no offsets returned for {}-{}", tp.0, tp.1),
                )
                .into())
            }
        }
    }

    // Targets.
    let targets: HashMap<Tp, (Option<i64>, String)> = match &args.to {
        ResetTo::Earliest => tps
            .iter()
            .map(|tp| (tp.clone(), (Some(bounds[tp].0), String::new())))
            .collect(),
        ResetTo::Latest => tps
            .iter()
            .map(|tp| (tp.clone(), (Some(bounds[tp].1), String::new())))
            .collect(),
        ResetTo::Offset(n) => tps
            .iter()
            .map(|tp| (tp.clone(), (Some(*n), String::new())))
            .collect(),
        ResetTo::Shift(d) => {
            let missing: Vec<String> = tps
                .iter()
                .filter(|tp| current.get(*tp).copied().flatten().is_none())
                .map(|(t, p)| format!("{t}-{p}"))
                .collect();
            if !missing.is_empty() {
                return Err(Failure::new(
                    exit::FAILURE,
                    format!(
                        "cannot shift partitions without a committed offset: {}",
                        missing.join(", ")
                    ),
                )
                .hint("use --to earliest, latest or offset:N for those partitions")
                .into());
            }
            tps.iter()
                .map(|tp| {
                    let c = current.get(tp).copied().flatten().unwrap_or(0);
                    (tp.clone(), (Some(c.saturating_add(*d)), String::new()))
                })
                .collect()
        }
        ResetTo::Time(_) | ResetTo::Ago(_) => {
            let ts = match &args.to {
                ResetTo::Time(ms) => *ms,
                ResetTo::Ago(d) => {
                    lagcalc::now_ms() - i64::try_from(d.as_millis()).unwrap_or(i64::MAX / 2)
                }
                _ => 0,
            }
            .max(0);
            let found = cluster
                .list_offsets(
                    tps.iter().map(|tp| (tp.clone(), ts)).collect(),
                    Isolation::ReadUncommitted,
                )
                .await?;
            let mut map = HashMap::new();
            for tp in &tps {
                let value = match found.get(tp) {
                    Some(Ok(l)) if l.offset >= 0 => (Some(l.offset), String::new()),
                    Some(Ok(_)) => (
                        Some(bounds[tp].1),
                        "no record at or after that time: log end".to_string(),
                    ),
                    Some(Err(e)) => {
                        return Err(admin_failure(
                            &format!("looking up the time in {}-{}", tp.0, tp.1),
                            e,
                        ))
                    }
                    None => (None, "no answer: left alone".to_string()),
                };
                map.insert(tp.clone(), value);
            }
            map
        }
        ResetTo::Group(other) => {
            let theirs = committed_map(&cluster, other, &tps).await?;
            tps.iter()
                .map(|tp| {
                    let value = match theirs.get(tp).copied().flatten() {
                        Some(o) => (Some(o), String::new()),
                        None => (None, format!("'{other}' has no commit here: left alone")),
                    };
                    (tp.clone(), value)
                })
                .collect()
        }
        ResetTo::File(_) => {
            let plan: HashMap<Tp, i64> =
                file_plan.clone().unwrap_or_default().into_iter().collect();
            tps.iter()
                .map(|tp| (tp.clone(), (plan.get(tp).copied(), String::new())))
                .collect()
        }
    };

    // Clamp to [log start, log end].
    let rows: Vec<PlanRow> = tps
        .iter()
        .map(|tp| {
            let (start, end) = bounds[tp];
            let (new, mut note) = targets.get(tp).cloned().unwrap_or((None, String::new()));
            let new = new.map(|n| {
                if n < start {
                    note = format!("clamped to log start {start}");
                    start
                } else if n > end {
                    note = format!("clamped to log end {end}");
                    end
                } else {
                    n
                }
            });
            PlanRow {
                tp: tp.clone(),
                current: current.get(tp).copied().flatten(),
                new,
                note,
            }
        })
        .collect();

    // Export, show.
    let csv_only = args.export.as_deref().is_some_and(|p| p.as_os_str() == "-");
    if let Some(path) = &args.export {
        if !csv_only {
            std::fs::write(path, plan_csv(&rows))
                .with_context(|| format!("writing the plan to '{}'", path.display()))?;
            output::info(format!("plan written to {}", path.display()));
        }
    }
    let show = |rows: &[PlanRow], executed: bool| -> anyhow::Result<()> {
        let mut out = Out::new();
        if csv_only {
            out.write_all(plan_csv(rows).as_bytes())?;
        } else {
            print_plan(&mut out, group, rows, executed, args.output)?;
        }
        out.flush()?;
        Ok(())
    };

    if !args.execute {
        show(&rows, false)?;
        if activity.is_active() {
            output::warn(format!(
                "group '{group}' has {} active member(s): --execute would be refused until they stop",
                activity.members().len()
            ));
        }
        output::info("dry run: nothing changed; run again with --execute to apply this plan");
        return Ok(exit::SUCCESS);
    }
    let offsets: Vec<(Tp, i64)> = rows
        .iter()
        .filter_map(|r| r.new.map(|n| (r.tp.clone(), n)))
        .collect();
    let changed = offsets.len();
    if changed > 0 {
        // Applied first, shown after: the output describes what happened.
        apply(&cluster, &activity, group, offsets, "reset offsets").await?;
    }
    show(&rows, true)?;
    output::info(format!(
        "group '{group}': {changed} partition{} reset",
        if changed == 1 { "" } else { "s" }
    ));
    Ok(exit::SUCCESS)
}

/// A group's committed offsets for `tps`.
async fn committed_map(
    cluster: &Cluster,
    group: &str,
    tps: &[Tp],
) -> anyhow::Result<HashMap<Tp, Option<i64>>> {
    let committed = cluster
        .committed(vec![(group.to_string(), Some(tps.to_vec()))])
        .await?;
    match committed.get(group) {
        Some(Ok(c)) => Ok(c.iter().cloned().collect()),
        Some(Err(e)) => Err(admin_failure(
            &format!("reading the committed offsets of '{group}'"),
            e,
        )),
        None => Ok(HashMap::new()),
    }
}

/// Commits offsets, turning the broker's "group is active" errors into the refusal.
async fn apply(
    cluster: &Cluster,
    activity: &Activity,
    group: &str,
    offsets: Vec<(Tp, i64)>,
    what: &str,
) -> anyhow::Result<()> {
    match cluster.alter_offsets(group, offsets).await? {
        Err(e) if is_active_error(&e) => {
            output::debug(1, format!("the broker refused: {e}"));
            Err(activity.refusal(group, what))
        }
        Err(e) => Err(admin_failure(&format!("cannot {what} of '{group}'"), &e)),
        Ok(results) => {
            for (tp, r) in &results {
                if let Err(e) = r {
                    output::debug(1, format!("{}-{}: the broker refused: {e}", tp.0, tp.1));
                }
            }
            let failed: Vec<String> = results
                .iter()
                .filter_map(|((t, p), r)| r.as_ref().err().map(|e| format!("{t}-{p}: {e}")))
                .collect();
            if failed.iter().any(|_| {
                results
                    .iter()
                    .any(|(_, r)| r.as_ref().is_err_and(is_active_error))
            }) {
                return Err(activity.refusal(group, what));
            }
            if failed.is_empty() {
                Ok(())
            } else {
                Err(Failure::new(
                    exit::FAILURE,
                    format!("cannot {what} of '{group}' on: {}", failed.join("; ")),
                )
                .into())
            }
        }
    }
}

fn print_plan(
    out: &mut Out,
    group: &str,
    rows: &[PlanRow],
    executed: bool,
    format: ReportFormat,
) -> anyhow::Result<()> {
    match format {
        ReportFormat::Json => {
            let plan: Vec<Value> = rows
                .iter()
                .map(|r| {
                    json!({
                        "topic": r.tp.0,
                        "partition": r.tp.1,
                        "current": r.current,
                        "new": r.new,
                        "note": if r.note.is_empty() { None } else { Some(&r.note) },
                    })
                })
                .collect();
            output::print_json(
                out,
                &json!({"group": group, "executed": executed, "plan": plan}),
            )?;
        }
        ReportFormat::Table => {
            let mut table =
                output::table(["TOPIC", "PARTITION", "CURRENT", "", "NEW", "CHANGE", "NOTE"]);
            for r in rows {
                let change = match (r.current, r.new) {
                    (Some(c), Some(n)) => format!("{:+}", n - c),
                    (None, Some(_)) => "(no commit)".to_string(),
                    (_, None) => "unchanged".to_string(),
                };
                table.add_row([
                    r.tp.0.clone(),
                    r.tp.1.to_string(),
                    r.current.map_or("-".into(), |c| c.to_string()),
                    "->".to_string(),
                    r.new.map_or("-".into(), |n| n.to_string()),
                    change,
                    r.note.clone(),
                ]);
            }
            output::print_block(out, &table.to_string())?;
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------
// delete, delete-offsets, commit

async fn delete(args: DeleteArgs, settings: &Settings) -> anyhow::Result<exit::Code> {
    let cluster = Cluster::connect(settings).await?;
    let results = cluster.delete_groups(args.groups.clone()).await?;
    let mut failed = Vec::new();
    let mut rows = Vec::new();
    for (group, result) in &results {
        let text = match result {
            Ok(()) => "deleted".to_string(),
            Err(e) => {
                let why = match e.code {
                    RDKafkaErrorCode::NonEmptyGroup => {
                        "has active members: stop its consumers first".to_string()
                    }
                    RDKafkaErrorCode::GroupIdNotFound => "no such group".to_string(),
                    _ if e.is_unsupported() => {
                        "this broker cannot delete groups (no DeleteGroups)".to_string()
                    }
                    _ => e.to_string(),
                };
                failed.push(format!("'{group}': {why}"));
                why
            }
        };
        rows.push((group.clone(), result.is_ok(), text));
    }
    let mut out = Out::new();
    match args.output {
        ReportFormat::Json => {
            let items: Vec<Value> = rows
                .iter()
                .map(|(g, ok, text)| json!({"group": g, "deleted": ok, "error": (!ok).then_some(text)}))
                .collect();
            output::print_json(&mut out, &json!({ "groups": items }))?;
        }
        ReportFormat::Table => {
            let mut table = output::table(["GROUP", "RESULT"]);
            for (g, _, text) in &rows {
                table.add_row([g.clone(), text.clone()]);
            }
            output::print_block(&mut out, &table.to_string())?;
        }
    }
    out.flush()?;
    if failed.is_empty() {
        Ok(exit::SUCCESS)
    } else {
        Err(Failure::new(
            exit::FAILURE,
            format!("could not delete {}", failed.join("; ")),
        )
        .into())
    }
}

async fn delete_offsets(
    args: DeleteOffsetsArgs,
    settings: &Settings,
) -> anyhow::Result<exit::Code> {
    let cluster = Cluster::connect(settings).await?;
    let group = args.group.as_str();
    let topics = cluster.topics().await?;
    let tps = resolve_specs(&args.topics, &topics)?;
    let results = match cluster.delete_offsets(group, tps).await? {
        Ok(r) => r,
        Err(e) if e.code == RDKafkaErrorCode::GroupIdNotFound => {
            return Err(Failure::new(exit::FAILURE, format!("no such group: '{group}'")).into())
        }
        Err(e) if is_active_error(&e) => {
            let activity = Activity::of(&cluster, group).await?;
            return Err(activity.refusal(group, "delete offsets"));
        }
        Err(e) => {
            return Err(admin_failure(
                &format!("cannot delete offsets of '{group}'"),
                &e,
            ))
        }
    };
    let mut failed = Vec::new();
    let mut out = Out::new();
    let describe_error = |e: &AdminError| match e.code {
        RDKafkaErrorCode::GroupSubscribedToTopic => {
            "the group's active members consume this topic: stop them first".to_string()
        }
        _ => e.to_string(),
    };
    for ((t, p), r) in &results {
        if let Err(e) = r {
            failed.push(format!("{t}-{p}: {}", describe_error(e)));
        }
    }
    match args.output {
        ReportFormat::Json => {
            let items: Vec<Value> = results
                .iter()
                .map(|((t, p), r)| {
                    json!({"topic": t, "partition": p, "deleted": r.is_ok(),
                           "error": r.as_ref().err().map(describe_error)})
                })
                .collect();
            output::print_json(&mut out, &json!({"group": group, "partitions": items}))?;
        }
        ReportFormat::Table => {
            let mut table = output::table(["TOPIC", "PARTITION", "RESULT"]);
            for ((t, p), r) in &results {
                table.add_row([
                    t.clone(),
                    p.to_string(),
                    r.as_ref()
                        .map_or_else(describe_error, |()| "deleted".to_string()),
                ]);
            }
            output::print_block(&mut out, &table.to_string())?;
        }
    }
    out.flush()?;
    if failed.is_empty() {
        Ok(exit::SUCCESS)
    } else {
        Err(Failure::new(
            exit::FAILURE,
            format!(
                "could not delete the offsets of '{group}' on {}",
                failed.join("; ")
            ),
        )
        .into())
    }
}

async fn commit(args: CommitArgs, settings: &Settings) -> anyhow::Result<exit::Code> {
    let cluster = Cluster::connect(settings).await?;
    let group = args.group.as_str();
    let activity = Activity::of(&cluster, group).await?;
    if activity.is_active() {
        return Err(activity.refusal(group, "commit an offset"));
    }
    let topics = cluster.topics().await?;
    let tps = resolve_specs(
        &[TopicSpec {
            topic: args.topic.clone(),
            partitions: Some(vec![args.partition]),
        }],
        &topics,
    )?;
    let tp = tps[0].clone();
    let current = committed_map(&cluster, group, &tps).await?;
    let marks = cluster.watermarks(&tps, Isolation::ReadUncommitted).await?;
    let (start, end) = match marks.get(&tp) {
        Some(Ok(b)) => *b,
        Some(Err(e)) => return Err(admin_failure("reading the partition's offsets", e)),
        None => return Err(Failure::new(exit::FAILURE, "no offsets returned").into()),
    };
    if !(start..=end).contains(&args.offset) && !args.force {
        return Err(Failure::new(
            exit::USAGE,
            format!(
                "offset {} is outside {}-{}'s log [{start}, {end}]",
                args.offset, tp.0, tp.1
            ),
        )
        .hint("add --force to commit it anyway")
        .into());
    }
    apply(
        &cluster,
        &activity,
        group,
        vec![(tp.clone(), args.offset)],
        "commit an offset",
    )
    .await?;
    let previous = current.get(&tp).copied().flatten();
    let mut out = Out::new();
    match args.output {
        ReportFormat::Json => output::print_json(
            &mut out,
            &json!({"group": group, "topic": tp.0, "partition": tp.1,
                    "previous": previous, "offset": args.offset}),
        )?,
        ReportFormat::Table => {
            let mut table = output::table(["TOPIC", "PARTITION", "PREVIOUS", "", "COMMITTED"]);
            table.add_row([
                tp.0.clone(),
                tp.1.to_string(),
                previous.map_or("-".into(), |p| p.to_string()),
                "->".into(),
                args.offset.to_string(),
            ]);
            output::print_block(&mut out, &table.to_string())?;
        }
    }
    out.flush()?;
    Ok(exit::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn topic_specs() {
        assert_eq!(
            parse_topic_spec("events").unwrap(),
            TopicSpec {
                topic: "events".into(),
                partitions: None
            }
        );
        assert_eq!(
            parse_topic_spec("a.b-c:0,2,4-6").unwrap().partitions,
            Some(vec![0, 2, 4, 5, 6])
        );
        for bad in [":1", "t:", "t:x", "t:3-1", "t:-1", "t:1,,2"] {
            assert!(parse_topic_spec(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn reset_targets() {
        assert_eq!(parse_reset_to("earliest").unwrap(), ResetTo::Earliest);
        assert_eq!(parse_reset_to("LATEST").unwrap(), ResetTo::Latest);
        assert_eq!(parse_reset_to("offset:42").unwrap(), ResetTo::Offset(42));
        assert_eq!(parse_reset_to("shift:+5").unwrap(), ResetTo::Shift(5));
        assert_eq!(parse_reset_to("shift:-5").unwrap(), ResetTo::Shift(-5));
        assert_eq!(
            parse_reset_to("time:2023-11-14T22:13:20Z").unwrap(),
            ResetTo::Time(1_700_000_000_000)
        );
        assert_eq!(
            parse_reset_to("time:1700000000000").unwrap(),
            ResetTo::Time(1_700_000_000_000)
        );
        assert_eq!(
            parse_reset_to("ago:1h").unwrap(),
            ResetTo::Ago(Duration::from_secs(3600))
        );
        assert_eq!(
            parse_reset_to("group:other").unwrap(),
            ResetTo::Group("other".into())
        );
        assert_eq!(
            parse_reset_to("file:/tmp/p.csv").unwrap(),
            ResetTo::File("/tmp/p.csv".into())
        );
        for bad in [
            "",
            "soon",
            "offset:",
            "offset:-1",
            "offset:x",
            "shift:abc",
            "time:never",
            "ago:",
            "earliest:3",
        ] {
            assert!(parse_reset_to(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn plans() {
        let text = "topic,partition,offset\nt,0,5\n\n# comment\ng,t,1,7\nother,t,2,9\n";
        let rows = parse_plan(text, "g", "p.csv").unwrap();
        assert_eq!(rows, vec![(("t".into(), 0), 5), (("t".into(), 1), 7)]);
        assert!(parse_plan("t,0\n", "g", "p.csv").is_err());
        assert!(parse_plan("t,x,1\n", "g", "p.csv").is_err());
        assert!(parse_plan("t,0,-1\n", "g", "p.csv").is_err());
        let csv = plan_csv(&[
            PlanRow {
                tp: ("t".into(), 0),
                current: Some(1),
                new: Some(5),
                note: String::new(),
            },
            PlanRow {
                tp: ("t".into(), 1),
                current: None,
                new: None,
                note: String::new(),
            },
        ]);
        assert_eq!(csv, "t,0,5\n");
    }

    #[test]
    fn assignments() {
        let tps: Vec<Tp> = [("a", 0), ("a", 1), ("a", 2), ("a", 5), ("b", 1)]
            .iter()
            .map(|(t, p)| ((*t).to_string(), *p))
            .collect();
        assert_eq!(compact_assignment(&tps), "a:0-2,5 b:1");
        assert_eq!(compact_assignment(&[]), "-");
    }
}
