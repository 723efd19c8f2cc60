//! `kpipe lag`: how far behind consumer groups are, in records and in time, with CI
//! gates and a watch mode.
//!
//! The numbers come from one [`lagscan::scan`]: committed offsets first, then log start
//! and end offsets in batched ListOffsets requests, then (for time lag) the timestamp of
//! the record each lagging partition would deliver next. Lag semantics (no commit,
//! negative lag, read_committed and the LSO) are in [`crate::lagcalc`]; they are also
//! spelled out in the long help, because people reading a 3 a.m. alert need them.
//!
//! Watch mode keeps a short window of snapshots to derive consumption and production
//! rates, an ETA, and a Burrow-like status per group. Nothing is stored between runs.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::fmt::Write as _;
use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

use clap::{Args, ValueEnum};
use serde_json::{json, Value};

use crate::cli::{parse_duration, GlobalArgs};
use crate::config::{self, Settings};
use crate::exit::{self, Failure};
use crate::lagcalc::{self, Rates, Status};
use crate::lagscan::{self, Cluster, GroupSelect, PartitionLag, ScanOptions, Snapshot};
use crate::offsets_admin::Isolation;
use crate::output::{self, Out};

const LONG_ABOUT: &str = "\
Show consumer lag per partition, per topic and per group, in records and in time, and gate
CI or cron jobs on it.

How lag is computed:
  lag         = log end offset - committed offset, per partition. Committed offsets are
                read first (one OffsetFetch per group), then log start and end offsets
                (batched ListOffsets), so a healthy partition never shows negative lag.
  no commit   the group has never committed on a partition of a topic it consumes: lag is
                counted from the log start (what it would read with auto.offset.reset=
                earliest), flagged `no_commit`; never end + 1.
  below start the commit is older than the log start (retention, delete-records): lag is
                counted from the log start, flagged `below_log_start`.
  negative    the commit is past the log end: lag is 0, flagged `negative` (the raw value
                is in the JSON as raw_lag).
  end offset  the high watermark by default, as kafka-consumer-groups reports. With
                --isolation read_committed it is the last stable offset (LSO), the end a
                read_committed consumer can reach: while a transaction is open, records
                after its start are not counted. The group protocol does not say which
                isolation a group reads with, so kpipe cannot pick it for you; use
                read_committed for transactional (exactly-once) pipelines. Transaction
                markers occupy offsets, so lag is an upper bound on unread data records.
  time lag    now - the timestamp of the record at the committed offset (the oldest record
                the group has not consumed); 0 when caught up. kpipe reads that one record
                per lagging partition (all partitions in one batched fetch); the timestamp
                type (CreateTime, set by producers, or LogAppendTime, set by the broker) is
                shown. NEXT-TIMESTAMP is that record's timestamp, NEWEST-TIMESTAMP the largest
                record timestamp in the partition (lagging partitions only). Skip these
                fetches with --no-time-lag.
  status      OK (caught up or catching up), LAGGING (lag > 0 and, in --watch, not
                shrinking), STALLED (lag > 0 and the committed offset does not move over
                the last 3+ samples while members are present), STOPPED (lag > 0 and the
                group has no active members), REWOUND (the committed offset went backwards).
                Without --watch only OK, LAGGING and STOPPED can be told apart.

Gates: --max-lag N fails (exit 6) when a group's total lag exceeds N; --max-lag-time D when
its oldest unconsumed record is older than D (unknown time lag counts as a breach). One line
per breach. --wait-zero waits until every selected group has zero lag (exit 0), or fails
with exit 6 at the deadline (--deadline, default --timeout). A group with no committed
offsets and no --topic has nothing to measure and keeps --wait-zero waiting.

--output prometheus prints the text exposition format with kafka-lag-exporter metric names
(kafka_consumergroup_group_lag, _lag_seconds, _sum_lag, _max_lag, _topic_sum_lag,
kafka_partition_latest_offset, ...) and kminion names
(kminion_kafka_consumer_group_topic_partition_lag, _topic_lag, _members, _info), so
existing dashboards work; plus kpipe_consumergroup_status.";

const EXAMPLES: &str = "Examples:
  kpipe lag -g orders                                        # partitions, topics, totals
  kpipe lag -g orders --max-lag 1000 --max-lag-time 5m       # CI gate: exit 6 on breach
  kpipe lag -g etl --topic events --wait-zero --timeout 2m   # wait until consumed
  kpipe lag --all-groups --output prometheus > /var/lib/node_exporter/kafka_lag.prom";

/// Consumer lag in records and in time; CI gates; watch mode
#[derive(Debug, Args)]
#[command(long_about = LONG_ABOUT, after_help = EXAMPLES)]
pub struct LagArgs {
    /// Group to check (repeatable, or comma-separated)
    #[arg(short = 'g', long = "group", value_name = "GROUP", value_delimiter = ',',
          required_unless_present_any = ["all_groups", "regex"])]
    pub groups: Vec<String>,

    /// Every consumer group in the cluster
    #[arg(long, conflicts_with_all = ["groups", "regex"])]
    pub all_groups: bool,

    /// Groups whose id matches this regular expression
    #[arg(long, value_name = "REGEX", value_parser = parse_regex, conflicts_with = "groups")]
    pub regex: Option<regex::Regex>,

    /// Only these topics (repeatable, or comma-separated); with -g, every partition of
    /// them is shown, committed or not
    #[arg(
        short = 't',
        long = "topic",
        value_name = "TOPIC",
        value_delimiter = ','
    )]
    pub topics: Vec<String>,

    /// End offset to measure against: read_uncommitted = high watermark (like
    /// kafka-consumer-groups), read_committed = last stable offset
    #[arg(long, value_enum, default_value_t = IsolationArg::ReadUncommitted, value_name = "LEVEL")]
    pub isolation: IsolationArg,

    /// Skip the record fetches that measure lag in time
    #[arg(long)]
    pub no_time_lag: bool,

    /// Only partitions with lag > 0 or a flag
    #[arg(long)]
    pub only_lagging: bool,

    /// Only the per-topic and per-group totals (table output)
    #[arg(long)]
    pub summary: bool,

    /// Refresh every INTERVAL (in place on a terminal, one line per group in a pipe) with
    /// rates, ETA and status, until Ctrl-C
    #[arg(long, value_name = "INTERVAL", value_parser = parse_interval)]
    pub watch: Option<Duration>,

    /// Fail (exit 6) when a group's total lag exceeds N records
    #[arg(long, value_name = "N", conflicts_with = "watch")]
    pub max_lag: Option<u64>,

    /// Fail (exit 6) when a group's oldest unconsumed record is older than DURATION
    #[arg(long, value_name = "DURATION", value_parser = parse_duration,
          conflicts_with_all = ["watch", "no_time_lag"])]
    pub max_lag_time: Option<Duration>,

    /// Wait until every selected group has zero lag (exit 0), or exit 6 at the deadline
    #[arg(long, conflicts_with_all = ["max_lag", "max_lag_time"])]
    pub wait_zero: bool,

    /// How long --wait-zero waits [default: --timeout]
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, requires = "wait_zero")]
    pub deadline: Option<Duration>,

    /// Output format
    #[arg(long, value_enum, default_value_t = LagFormat::Table)]
    pub output: LagFormat,

    /// cluster_name label of --output prometheus [default: the profile name, else "kafka"]
    #[arg(long, value_name = "NAME")]
    pub cluster_name: Option<String>,
}

/// `--isolation`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum IsolationArg {
    #[value(name = "read_uncommitted", alias = "read-uncommitted")]
    ReadUncommitted,
    #[value(name = "read_committed", alias = "read-committed")]
    ReadCommitted,
}

impl From<IsolationArg> for Isolation {
    fn from(a: IsolationArg) -> Self {
        match a {
            IsolationArg::ReadUncommitted => Isolation::ReadUncommitted,
            IsolationArg::ReadCommitted => Isolation::ReadCommitted,
        }
    }
}

/// Output shape of `lag`: tables for people, JSON for scripts, Prometheus for scrapers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LagFormat {
    Table,
    Json,
    Prometheus,
}

pub fn parse_regex(s: &str) -> Result<regex::Regex, String> {
    regex::Regex::new(s).map_err(|e| format!("invalid regular expression: {e}"))
}

fn parse_interval(s: &str) -> Result<Duration, String> {
    let d = parse_duration(s)?;
    if d < Duration::from_millis(100) {
        return Err(format!("interval '{s}' is too short (at least 100ms)"));
    }
    Ok(d)
}

/// How many snapshots a watch keeps for rates and status.
const WINDOW: usize = 30;

pub async fn run(args: LagArgs, global: &GlobalArgs) -> anyhow::Result<exit::Code> {
    let settings = config::resolve(global)?;
    let cluster = Cluster::connect(&settings).await?;
    let select = if args.all_groups {
        GroupSelect::All
    } else if let Some(re) = &args.regex {
        GroupSelect::Regex(re.clone())
    } else {
        GroupSelect::Named(args.groups.clone())
    };
    let opts = ScanOptions {
        topics: args.topics.clone(),
        isolation: args.isolation.into(),
        time_lag: !args.no_time_lag,
        states: Vec::new(),
    };
    if args.watch.is_some() || args.wait_zero {
        return watch(&cluster, &select, &opts, &args, &settings).await;
    }
    let snapshot = lagscan::scan(&cluster, &select, &opts).await?;
    warn_empty(&snapshot, &select);
    let mut out = Out::new();
    print_snapshot(&mut out, std::slice::from_ref(&snapshot), &args, &settings)?;
    out.flush()?;
    check_gates(&snapshot, &args)
}

/// Warns about selections that measure nothing (a misspelt group, a group that never
/// committed), which would otherwise pass every gate silently.
fn warn_empty(snapshot: &Snapshot, select: &GroupSelect) {
    if snapshot.groups.is_empty() {
        match select {
            GroupSelect::Named(_) => {}
            _ => output::warn("no consumer group matched"),
        }
    }
    for g in &snapshot.groups {
        if g.partitions.is_empty() && g.error.is_none() {
            output::warn(format!(
                "group '{}' has no committed offsets{}: nothing to measure \
                 (check the name, or pass --topic to count from the log start)",
                g.id,
                if g.has_members() == Some(true) {
                    ""
                } else {
                    " and no members"
                }
            ));
        }
        if let Some(e) = &g.error {
            output::warn(format!(
                "group '{}': cannot read committed offsets: {e}",
                g.id
            ));
        }
    }
}

/// Prints a one-shot result: `history` holds the snapshots of the status window, the
/// current one last.
fn print_snapshot(
    out: &mut Out,
    history: &[Snapshot],
    args: &LagArgs,
    settings: &Settings,
) -> anyhow::Result<()> {
    let Some(snap) = history.last() else {
        return Ok(());
    };
    match args.output {
        LagFormat::Json => output::print_json(out, &snapshot_json(history, args))?,
        LagFormat::Prometheus => {
            out.write_all(prometheus(history, &cluster_name(args, settings)).as_bytes())?;
        }
        LagFormat::Table => {
            let mut text = String::new();
            if !args.summary {
                text.push_str(&partition_table(snap, args));
                text.push_str("\n\n");
            }
            text.push_str(&totals_table(history));
            output::print_block(out, &text)?;
            // The explanation goes to stderr after the table, not before it.
            out.flush()?;
            explain(snap);
        }
    }
    Ok(())
}

/// One line on stderr saying what the numbers mean.
fn explain(snap: &Snapshot) {
    let end = match snap.isolation {
        Isolation::ReadUncommitted => "log end = high watermark",
        Isolation::ReadCommitted => "log end = last stable offset (read_committed)",
    };
    let mut types: Vec<&str> = snap
        .groups
        .iter()
        .flat_map(|g| &g.partitions)
        .filter_map(|p| p.time.as_ref().and_then(|t| t.timestamp_type))
        .collect();
    types.sort_unstable();
    types.dedup();
    let time = if !snap.time_lag {
        String::new()
    } else if types.is_empty() {
        "; time lag = age of the next record to consume".to_string()
    } else {
        format!(
            "; time lag = now - {} of the next record to consume",
            types.join("/")
        )
    };
    output::info(format!("{end}{time}"));
}

fn dash<T: ToString>(v: Option<T>) -> String {
    v.map_or_else(|| "-".to_string(), |v| v.to_string())
}

fn partition_table(snap: &Snapshot, args: &LagArgs) -> String {
    let mut header = vec!["GROUP", "TOPIC", "PARTITION", "COMMITTED", "LOG-END", "LAG"];
    if snap.time_lag {
        header.extend(["TIME-LAG", "NEXT-TIMESTAMP", "NEWEST-TIMESTAMP"]);
    }
    header.push("NOTE");
    let mut table = Grid::new(header);
    for g in &snap.groups {
        for p in &g.partitions {
            if args.only_lagging && p.lag_value() == 0 && p.flag().is_none() && p.error.is_none() {
                continue;
            }
            let mut row = vec![
                g.id.clone(),
                p.topic.clone(),
                p.partition.to_string(),
                dash(p.committed),
                dash(p.log_end),
                p.lag.map_or("-".to_string(), |l| l.lag.to_string()),
            ];
            if snap.time_lag {
                let t = p.time.clone().unwrap_or_default();
                row.push(t.lag_ms.map_or("?".into(), lagcalc::format_duration_ms));
                row.push(
                    t.next_timestamp
                        .map_or("-".into(), lagcalc::format_timestamp),
                );
                row.push(
                    t.newest_timestamp
                        .map_or("-".into(), lagcalc::format_timestamp),
                );
            }
            row.push(p.note());
            table.add_row(row);
        }
    }
    table.to_string()
}

/// The same aligned columns as [`output::table`], built directly: one table row per
/// partition makes 15,000 rows for 100 groups on 150 partitions, and comfy-table spent
/// most of `kpipe lag`'s CPU time (about 100 ms, mostly allocating) laying them out.
/// Cells with non-ASCII text or line breaks, whose display width needs Unicode rules,
/// go through comfy-table as before.
struct Grid {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Grid {
    fn new(header: Vec<&str>) -> Self {
        Grid {
            header: header.into_iter().map(str::to_string).collect(),
            rows: Vec::new(),
        }
    }

    fn add_row(&mut self, row: Vec<String>) {
        self.rows.push(row);
    }

    fn simple(&self) -> bool {
        std::iter::once(&self.header)
            .chain(&self.rows)
            .flatten()
            .all(|c| c.bytes().all(|b| b.is_ascii() && !b.is_ascii_control()))
    }
}

impl std::fmt::Display for Grid {
    /// Each cell padded to its column's width with one space either side, no borders,
    /// missing trailing cells left blank (as comfy-table's `NOTHING` preset does).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if !self.simple() {
            let mut table = output::table(self.header.iter().map(String::as_str));
            for row in &self.rows {
                table.add_row(row.iter().map(String::as_str));
            }
            return write!(f, "{table}");
        }
        let columns = std::iter::once(&self.header)
            .chain(&self.rows)
            .map(Vec::len)
            .max()
            .unwrap_or(0);
        let mut widths = vec![0usize; columns];
        for row in std::iter::once(&self.header).chain(&self.rows) {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(cell.len());
            }
        }
        let line_len: usize = widths.iter().map(|w| w + 2).sum();
        let mut line = String::with_capacity(line_len + 1);
        for (n, row) in std::iter::once(&self.header).chain(&self.rows).enumerate() {
            line.clear();
            if n > 0 {
                line.push('\n');
            }
            for (i, w) in widths.iter().enumerate() {
                let cell = row.get(i).map_or("", String::as_str);
                line.push(' ');
                line.push_str(cell);
                line.extend(std::iter::repeat_n(' ', w - cell.len() + 1));
            }
            f.write_str(&line)?;
        }
        Ok(())
    }
}

/// Per-topic and per-group totals (`*` in TOPIC is the group total), with the status.
fn totals_table(history: &[Snapshot]) -> String {
    let Some(snap) = history.last() else {
        return String::new();
    };
    let tr = trends(history);
    let watching = history.len() > 1;
    let mut header = vec!["GROUP", "TOPIC", "PARTITIONS", "LAG"];
    if snap.time_lag {
        header.push("TIME-LAG");
    }
    header.extend(["STATUS", "STATE"]);
    if watching {
        header.extend(["CONSUME/S", "PRODUCE/S", "ETA"]);
    }
    let mut table = Grid::new(header);
    for g in &snap.groups {
        let topics = g.topics();
        for t in &topics {
            let mut row = vec![
                g.id.clone(),
                t.topic.clone(),
                t.partitions.to_string(),
                t.lag.to_string(),
            ];
            if snap.time_lag {
                row.push(
                    t.max_time_lag_ms
                        .map_or("?".into(), lagcalc::format_duration_ms),
                );
            }
            table.add_row(row);
        }
        let mut row = vec![
            g.id.clone(),
            "*".to_string(),
            g.partitions.len().to_string(),
            g.total_lag().to_string(),
        ];
        if snap.time_lag {
            row.push(g.max_time_lag_ms().map_or(
                if g.total_lag() == 0 {
                    "0s".into()
                } else {
                    "?".into()
                },
                lagcalc::format_duration_ms,
            ));
        }
        row.push(status_of(&tr, &g.id).as_str().to_string());
        row.push(g.state().unwrap_or("?").to_string());
        if watching {
            match rates_of(&tr, &g.id) {
                Some(r) => {
                    row.push(format!("{:.1}", r.consume));
                    row.push(format!("{:.1}", r.produce));
                    row.push(format_eta(r.eta));
                }
                None => row.extend(["-".to_string(), "-".to_string(), "-".to_string()]),
            }
        }
        table.add_row(row);
    }
    table.to_string()
}

fn format_eta(eta: Option<Duration>) -> String {
    match eta {
        Some(d) if d.is_zero() => "0s".to_string(),
        Some(d) => lagcalc::format_duration_ms(i64::try_from(d.as_millis()).unwrap_or(i64::MAX)),
        None => "never".to_string(),
    }
}

/// Status and rates of one group over the window.
struct Trend {
    status: Status,
    rates: Option<Rates>,
}

/// Trends of every group of the newest snapshot, from the last [`WINDOW`] snapshots
/// (indexed once, so a watch over thousands of partitions stays cheap).
fn trends(history: &[Snapshot]) -> HashMap<String, Trend> {
    let start = history.len().saturating_sub(WINDOW);
    let window = &history[start..];
    let (Some(first), Some(last)) = (window.first(), window.last()) else {
        return HashMap::new();
    };
    type Key<'a> = (&'a str, &'a str, i32);
    let index: Vec<HashMap<Key<'_>, &PartitionLag>> = window
        .iter()
        .map(|s| {
            s.groups
                .iter()
                .flat_map(|g| {
                    g.partitions
                        .iter()
                        .map(move |p| ((g.id.as_str(), p.topic.as_str(), p.partition), p))
                })
                .collect()
        })
        .collect();
    let seconds = last.taken.duration_since(first.taken).as_secs_f64();
    last.groups
        .iter()
        .map(|g| {
            let mut status = Status::Ok;
            let (mut committed, mut end) = (0i64, 0i64);
            for p in &g.partitions {
                let key = (g.id.as_str(), p.topic.as_str(), p.partition);
                let samples: Vec<lagcalc::Sample> = index
                    .iter()
                    .filter_map(|ix| ix.get(&key))
                    .filter(|q| q.lag.is_some())
                    .map(|q| q.sample())
                    .collect();
                status = status.max(lagcalc::partition_status(&samples, g.has_members()));
                if let Some(q) = index[0].get(&key) {
                    if let (Some(a), Some(b)) = (q.committed, p.committed) {
                        committed += b - a;
                    }
                    if let (Some(a), Some(b)) = (q.log_end, p.log_end) {
                        end += b - a;
                    }
                }
            }
            let rates = if window.len() > 1 {
                lagcalc::rates(committed, end, seconds, g.total_lag())
            } else {
                None
            };
            (g.id.clone(), Trend { status, rates })
        })
        .collect()
}

fn status_of(trends: &HashMap<String, Trend>, id: &str) -> Status {
    trends.get(id).map_or(Status::Ok, |t| t.status)
}

fn rates_of(trends: &HashMap<String, Trend>, id: &str) -> Option<Rates> {
    trends.get(id).and_then(|t| t.rates)
}

fn snapshot_json(history: &[Snapshot], args: &LagArgs) -> Value {
    let Some(snap) = history.last() else {
        return Value::Null;
    };
    let tr = trends(history);
    let groups: Vec<Value> = snap
        .groups
        .iter()
        .map(|g| {
            let mut v = g.to_json(snap.time_lag, Some(status_of(&tr, &g.id)));
            if args.only_lagging {
                if let Some(parts) = v["partitions"].as_array_mut() {
                    parts.retain(|p| {
                        p["lag"].as_i64().unwrap_or(0) > 0
                            || !p["flag"].is_null()
                            || !p["error"].is_null()
                    });
                }
            }
            if history.len() > 1 {
                if let Some(r) = rates_of(&tr, &g.id) {
                    v["consume_rate"] = json!(r.consume);
                    v["produce_rate"] = json!(r.produce);
                    v["eta_seconds"] = json!(r.eta.map(|d| d.as_secs_f64()));
                }
            }
            v
        })
        .collect();
    json!({
        "timestamp_ms": snap.taken_ms,
        "timestamp": lagcalc::format_timestamp(snap.taken_ms),
        "isolation": snap.isolation.as_str(),
        "end_offset": snap.isolation.end_offset_name(),
        "time_lag": snap.time_lag,
        "groups": groups,
    })
}

fn cluster_name(args: &LagArgs, settings: &Settings) -> String {
    args.cluster_name
        .clone()
        .or_else(|| settings.profile.clone())
        .unwrap_or_else(|| "kafka".to_string())
}

/// Prometheus text exposition: metric families in order, each with HELP and TYPE.
#[derive(Default)]
struct Metrics {
    order: Vec<&'static str>,
    families: BTreeMap<&'static str, (&'static str, String)>,
}

impl Metrics {
    fn add(&mut self, name: &'static str, help: &'static str, labels: &[(&str, &str)], value: f64) {
        let family = self.families.entry(name).or_insert_with(|| {
            self.order.push(name);
            (help, String::new())
        });
        let labels: Vec<String> = labels
            .iter()
            .map(|(k, v)| format!("{k}=\"{}\"", lagcalc::prom_label(v)))
            .collect();
        let value = if value.is_nan() {
            "NaN".to_string()
        } else {
            format!("{value}")
        };
        let _ = writeln!(family.1, "{name}{{{}}} {value}", labels.join(","));
    }

    fn render(&self) -> String {
        let mut text = String::new();
        for name in &self.order {
            if let Some((help, samples)) = self.families.get(name) {
                let _ = writeln!(text, "# HELP {name} {help}\n# TYPE {name} gauge");
                text.push_str(samples);
            }
        }
        text
    }
}

fn prometheus(history: &[Snapshot], cluster: &str) -> String {
    let Some(snap) = history.last() else {
        return String::new();
    };
    let tr = trends(history);
    let mut m = Metrics::default();
    let mut partitions_seen = std::collections::BTreeSet::new();
    for g in &snap.groups {
        let simple = if g.kind() == Some("simple") {
            "true"
        } else {
            "false"
        };
        for p in &g.partitions {
            let Some(lag) = p.lag else { continue };
            let part = p.partition.to_string();
            let (host, consumer, client) = p.owner.as_ref().map_or(("", "", ""), |o| {
                (o.host.as_str(), o.member_id.as_str(), o.client_id.as_str())
            });
            let labels = [
                ("cluster_name", cluster),
                ("group", g.id.as_str()),
                ("topic", p.topic.as_str()),
                ("partition", part.as_str()),
                ("member_host", host),
                ("consumer_id", consumer),
                ("client_id", client),
            ];
            if let Some(c) = p.committed {
                m.add(
                    "kafka_consumergroup_group_offset",
                    "Last committed offset of the group on the partition",
                    &labels,
                    c as f64,
                );
            }
            m.add(
                "kafka_consumergroup_group_lag",
                "Group lag of the partition in records (log end - committed; from the log start without a commit)",
                &labels,
                lag.lag as f64,
            );
            if let Some(ms) = p.time.as_ref().and_then(|t| t.lag_ms) {
                m.add(
                    "kafka_consumergroup_group_lag_seconds",
                    "Age of the oldest unconsumed record of the partition (now - its timestamp)",
                    &labels,
                    ms as f64 / 1000.0,
                );
            }
            m.add(
                "kminion_kafka_consumer_group_topic_partition_lag",
                "Group lag of the partition in records",
                &[
                    ("group_id", g.id.as_str()),
                    ("topic_name", p.topic.as_str()),
                    ("partition_id", part.as_str()),
                ],
                lag.lag as f64,
            );
            if partitions_seen.insert((p.topic.clone(), p.partition)) {
                let labels = [
                    ("cluster_name", cluster),
                    ("topic", p.topic.as_str()),
                    ("partition", part.as_str()),
                ];
                if let Some(end) = p.log_end {
                    m.add(
                        "kafka_partition_latest_offset",
                        "Log end offset of the partition (the LSO with --isolation read_committed)",
                        &labels,
                        end as f64,
                    );
                }
                if let Some(start) = p.log_start {
                    m.add(
                        "kafka_partition_earliest_offset",
                        "Log start offset of the partition",
                        &labels,
                        start as f64,
                    );
                }
            }
        }
        let max_lag = g
            .partitions
            .iter()
            .map(|p| p.lag_value())
            .max()
            .unwrap_or(0);
        let group_labels = [
            ("cluster_name", cluster),
            ("group", g.id.as_str()),
            ("is_simple_consumer", simple),
        ];
        m.add(
            "kafka_consumergroup_group_max_lag",
            "Largest partition lag of the group in records",
            &group_labels,
            max_lag as f64,
        );
        if snap.time_lag {
            if let Some(ms) = g.max_time_lag_ms() {
                m.add(
                    "kafka_consumergroup_group_max_lag_seconds",
                    "Age of the group's oldest unconsumed record",
                    &group_labels,
                    ms as f64 / 1000.0,
                );
            }
        }
        m.add(
            "kafka_consumergroup_group_sum_lag",
            "Total lag of the group in records",
            &[("cluster_name", cluster), ("group", g.id.as_str())],
            g.total_lag() as f64,
        );
        for t in g.topics() {
            m.add(
                "kafka_consumergroup_group_topic_sum_lag",
                "Total lag of the group on the topic in records",
                &[
                    ("cluster_name", cluster),
                    ("group", g.id.as_str()),
                    ("topic", t.topic.as_str()),
                ],
                t.lag as f64,
            );
            m.add(
                "kminion_kafka_consumer_group_topic_lag",
                "Total lag of the group on the topic in records",
                &[
                    ("group_id", g.id.as_str()),
                    ("topic_name", t.topic.as_str()),
                ],
                t.lag as f64,
            );
        }
        if let Some(d) = &g.description {
            m.add(
                "kminion_kafka_consumer_group_members",
                "Active members of the group",
                &[("group_id", g.id.as_str())],
                d.members.len() as f64,
            );
            let coordinator = d
                .coordinator
                .as_ref()
                .map(|c| c.0.to_string())
                .unwrap_or_default();
            m.add(
                "kminion_kafka_consumer_group_info",
                "Group information (value is always 1)",
                &[
                    ("group_id", g.id.as_str()),
                    ("coordinator_id", coordinator.as_str()),
                    ("protocol", d.assignor.as_str()),
                    ("protocol_type", if d.simple { "" } else { "consumer" }),
                    ("state", d.state.as_str()),
                ],
                1.0,
            );
        }
        let status = status_of(&tr, &g.id);
        m.add(
            "kpipe_consumergroup_status",
            "Group status: 1 OK, 2 LAGGING, 3 REWOUND, 4 STALLED, 5 STOPPED",
            &[
                ("cluster_name", cluster),
                ("group", g.id.as_str()),
                ("status", status.as_str()),
            ],
            f64::from(status.code()),
        );
    }
    m.render()
}

/// The gate lines (one per breach) for `--max-lag` and `--max-lag-time`.
fn breaches(snap: &Snapshot, max_lag: Option<u64>, max_time: Option<Duration>) -> Vec<String> {
    let mut lines = Vec::new();
    for g in &snap.groups {
        if let Some(e) = &g.error {
            lines.push(format!(
                "group '{}': committed offsets unreadable: {e}",
                g.id
            ));
            continue;
        }
        let worst = g.partitions.iter().max_by_key(|p| p.lag_value());
        let total = g.total_lag();
        if let Some(limit) = max_lag {
            if u64::try_from(total).unwrap_or(0) > limit {
                let detail = worst.map_or(String::new(), |p| {
                    format!(
                        " (largest: topic '{}' partition {}, lag {})",
                        p.topic,
                        p.partition,
                        p.lag_value()
                    )
                });
                lines.push(format!(
                    "group '{}': lag {total} > --max-lag {limit}{detail}",
                    g.id
                ));
            }
        }
        if let Some(limit) = max_time {
            let limit_ms = i64::try_from(limit.as_millis()).unwrap_or(i64::MAX);
            let unknown = g
                .partitions
                .iter()
                .find(|p| p.lag_value() > 0 && p.time.as_ref().and_then(|t| t.lag_ms).is_none());
            let oldest = g
                .partitions
                .iter()
                .filter_map(|p| p.time.as_ref().and_then(|t| t.lag_ms).map(|ms| (ms, p)))
                .max_by_key(|(ms, _)| *ms);
            match oldest {
                Some((ms, p)) if ms > limit_ms => lines.push(format!(
                    "group '{}': time lag {} > --max-lag-time {} (topic '{}' partition {})",
                    g.id,
                    lagcalc::format_duration_ms(ms),
                    humantime::format_duration(limit),
                    p.topic,
                    p.partition
                )),
                _ => {
                    if let Some(p) = unknown {
                        lines.push(format!(
                            "group '{}': time lag unknown on topic '{}' partition {} (lag {}): \
                             its next record could not be read",
                            g.id,
                            p.topic,
                            p.partition,
                            p.lag_value()
                        ));
                    }
                }
            }
        }
    }
    lines
}

fn check_gates(snap: &Snapshot, args: &LagArgs) -> anyhow::Result<exit::Code> {
    let lines = breaches(snap, args.max_lag, args.max_lag_time);
    if lines.is_empty() {
        return Ok(exit::SUCCESS);
    }
    Err(check_failed("lag check failed", &lines))
}

fn check_failed(what: &str, lines: &[String]) -> anyhow::Error {
    let n = lines.len();
    let mut message = format!("{what} ({n} breach{}):", if n == 1 { "" } else { "es" });
    for line in lines {
        message.push_str("\n  ");
        message.push_str(line);
    }
    Failure::new(exit::CHECK_FAILED, message).into()
}

/// Groups still lagging, for `--wait-zero`: one line each; empty when done.
fn not_zero(snap: &Snapshot) -> Vec<String> {
    let mut lines = Vec::new();
    for g in &snap.groups {
        if let Some(e) = &g.error {
            lines.push(format!(
                "group '{}': committed offsets unreadable: {e}",
                g.id
            ));
        } else if g.partitions.is_empty() {
            lines.push(format!("group '{}': no committed offsets yet", g.id));
        } else if g.total_lag() > 0 {
            let lagging = g.partitions.iter().filter(|p| p.lag_value() > 0).count();
            lines.push(format!(
                "group '{}': lag {} on {lagging} partition{}",
                g.id,
                g.total_lag(),
                if lagging == 1 { "" } else { "s" }
            ));
        }
    }
    lines
}

/// `--watch` and `--wait-zero`.
async fn watch(
    cluster: &Cluster,
    select: &GroupSelect,
    opts: &ScanOptions,
    args: &LagArgs,
    settings: &Settings,
) -> anyhow::Result<exit::Code> {
    let interval = args.watch.unwrap_or(Duration::from_secs(1));
    let deadline = args
        .wait_zero
        .then(|| Instant::now() + args.deadline.unwrap_or(settings.timeout.value));
    let tty = std::io::stdout().is_terminal();
    // Waiting without watching: time lag only matters for the final report.
    let mut tick_opts = opts.clone();
    if args.watch.is_none() {
        tick_opts.time_lag = false;
    }
    if let (Some(_), None) = (deadline, args.watch) {
        output::info(format!(
            "waiting up to {} for zero lag",
            humantime::format_duration(args.deadline.unwrap_or(settings.timeout.value))
        ));
    }
    let mut history: VecDeque<Snapshot> = VecDeque::new();
    let mut out = Out::new();
    let mut first = true;
    loop {
        match lagscan::scan(cluster, select, &tick_opts).await {
            Ok(snap) => {
                if first {
                    warn_empty(&snap, select);
                }
                history.push_back(snap);
                while history.len() > WINDOW {
                    history.pop_front();
                }
            }
            Err(e) if !first => output::warn(format!("{e:#}")),
            Err(e) => return Err(e),
        }
        first = false;
        let hist: Vec<Snapshot> = history.iter().cloned().collect();
        if args.watch.is_some() {
            render_tick(&mut out, &hist, args, settings, tty, interval)?;
        }
        if let (Some(deadline), Some(snap)) = (deadline, hist.last()) {
            let lagging = not_zero(snap);
            if lagging.is_empty() {
                if args.watch.is_none() {
                    print_snapshot(&mut out, &hist, args, settings)?;
                    out.flush()?;
                }
                output::info("lag is zero");
                return Ok(exit::SUCCESS);
            }
            if Instant::now() >= deadline {
                if args.watch.is_none() {
                    // The final report gets time lag too.
                    let fin = lagscan::scan(cluster, select, opts).await?;
                    let mut hist = hist;
                    hist.push(fin);
                    print_snapshot(&mut out, &hist, args, settings)?;
                    out.flush()?;
                }
                let wait = args.deadline.unwrap_or(settings.timeout.value);
                return Err(check_failed(
                    &format!(
                        "lag did not reach zero within {}",
                        humantime::format_duration(wait)
                    ),
                    &lagging,
                ));
            }
            output::debug(1, format!("waiting for zero lag: {}", lagging.join("; ")));
        }
        let mut sleep = interval;
        if let Some(deadline) = deadline {
            sleep = sleep.min(deadline.saturating_duration_since(Instant::now()));
        }
        tokio::select! {
            () = tokio::time::sleep(sleep) => {}
            r = tokio::signal::ctrl_c() => {
                r?;
                out.flush()?;
                return Ok(if args.wait_zero { exit::INTERRUPTED } else { exit::SUCCESS });
            }
        }
    }
}

/// One watch refresh: the whole screen on a terminal; one line per group in a pipe
/// (one JSON document per line with --output json).
fn render_tick(
    out: &mut Out,
    history: &[Snapshot],
    args: &LagArgs,
    settings: &Settings,
    tty: bool,
    interval: Duration,
) -> anyhow::Result<()> {
    let Some(snap) = history.last() else {
        return Ok(());
    };
    let tr = trends(history);
    match args.output {
        LagFormat::Json => {
            serde_json::to_writer(&mut *out, &snapshot_json(history, args))?;
            out.write_all(b"\n")?;
        }
        LagFormat::Prometheus => {
            out.write_all(prometheus(history, &cluster_name(args, settings)).as_bytes())?;
            out.write_all(b"\n")?;
        }
        LagFormat::Table if tty => {
            let mut text = format!(
                "kpipe lag  every {}  {}  (Ctrl-C to stop)\n\n",
                humantime::format_duration(interval),
                lagcalc::format_timestamp(snap.taken_ms)
            );
            if !args.summary {
                text.push_str(&partition_table(snap, args));
                text.push_str("\n\n");
            }
            text.push_str(&totals_table(history));
            // Home the cursor, clear the screen, redraw.
            out.write_all(b"\x1b[H\x1b[2J")?;
            output::print_block(out, &text)?;
        }
        LagFormat::Table => {
            let when = lagcalc::format_timestamp(snap.taken_ms);
            for g in &snap.groups {
                let mut line = format!(
                    "{when} group={} status={} state={} lag={}",
                    g.id,
                    status_of(&tr, &g.id).as_str(),
                    g.state().unwrap_or("?"),
                    g.total_lag()
                );
                if snap.time_lag {
                    let _ = write!(
                        line,
                        " time_lag={}",
                        g.max_time_lag_ms()
                            .map_or("?".into(), lagcalc::format_duration_ms)
                    );
                }
                if let Some(r) = rates_of(&tr, &g.id) {
                    let _ = write!(
                        line,
                        " consume={:.1}/s produce={:.1}/s eta={}",
                        r.consume,
                        r.produce,
                        format_eta(r.eta)
                    );
                }
                line.push('\n');
                out.write_all(line.as_bytes())?;
            }
        }
    }
    out.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lagscan::GroupLag;

    #[test]
    fn grid_lays_out_like_comfy_table() {
        let header = vec!["GROUP", "TOPIC", "PARTITION", "LAG", "NOTE"];
        let rows: Vec<Vec<&str>> = vec![
            vec!["orders-consumer", "orders", "0", "12", ""],
            vec!["g", "a-much-longer-topic-name", "11", "0", "no_commit"],
            vec!["short-row", "t"],
            vec!["", "", "", "", ""],
            vec!["x", "y", "123456789012", "-", "below_log_start (start 5)"],
        ];
        let mut grid = Grid::new(header.clone());
        let mut table = output::table(header);
        for row in &rows {
            grid.add_row(row.iter().map(|c| c.to_string()).collect());
            table.add_row(row.clone());
        }
        assert!(grid.simple());
        assert_eq!(grid.to_string(), table.to_string());
        // Wide characters take the comfy-table path.
        let mut wide = Grid::new(vec!["GROUP", "LAG"]);
        wide.add_row(vec!["注文".into(), "1".into()]);
        assert!(!wide.simple());
        let mut table = output::table(vec!["GROUP", "LAG"]);
        table.add_row(vec!["注文", "1"]);
        assert_eq!(wide.to_string(), table.to_string());
    }

    fn part(topic: &str, partition: i32, committed: Option<i64>, end: i64) -> PartitionLag {
        PartitionLag {
            topic: topic.into(),
            partition,
            committed,
            log_start: Some(0),
            log_end: Some(end),
            lag: Some(lagcalc::lag(committed, 0, end)),
            error: None,
            owner: None,
            time: Some(lagscan::TimeLag {
                lag_ms: Some(if committed == Some(end) { 0 } else { 90_000 }),
                ..Default::default()
            }),
        }
    }

    fn snap(parts: Vec<PartitionLag>) -> Snapshot {
        Snapshot {
            taken_ms: 0,
            taken: Instant::now(),
            isolation: Isolation::ReadUncommitted,
            time_lag: true,
            described: false,
            groups: vec![GroupLag {
                id: "g".into(),
                description: None,
                listing: None,
                error: None,
                partitions: parts,
            }],
        }
    }

    #[test]
    fn trends_over_a_window() {
        let t0 = Instant::now();
        let at = |secs: u64, committed: i64, end: i64| {
            let mut s = snap(vec![part("t", 0, Some(committed), end)]);
            s.taken = t0 + Duration::from_secs(secs);
            s
        };
        // Committed offset frozen while lag grows: stalled (members unknown).
        let frozen = [at(0, 5, 10), at(10, 5, 20), at(20, 5, 30)];
        let tr = trends(&frozen);
        assert_eq!(status_of(&tr, "g"), Status::Stalled);
        let r = rates_of(&tr, "g").unwrap();
        assert!((r.consume - 0.0).abs() < 1e-9 && (r.produce - 1.0).abs() < 1e-9);
        assert_eq!(r.eta, None);
        // Catching up: 2/s consumed, 1/s produced, lag 10 left: ETA 10 s.
        let gaining = [at(0, 0, 30), at(10, 20, 40), at(20, 40, 50)];
        let tr = trends(&gaining);
        assert_eq!(status_of(&tr, "g"), Status::Ok);
        assert_eq!(
            rates_of(&tr, "g").unwrap().eta,
            Some(Duration::from_secs(10))
        );
        // A reset backwards.
        let rewound = [at(0, 40, 50), at(10, 10, 50)];
        assert_eq!(status_of(&trends(&rewound), "g"), Status::Rewound);
        // One sample: no rates.
        assert!(rates_of(&trends(&frozen[..1]), "g").is_none());
    }

    #[test]
    fn command_lines() {
        use crate::cli::parse_from;
        let valid: &[&[&str]] = &[
            &["kpipe", "lag", "-g", "a"],
            &[
                "kpipe",
                "lag",
                "-g",
                "a,b",
                "-t",
                "x",
                "--output",
                "prometheus",
            ],
            &["kpipe", "lag", "--all-groups", "--summary", "--no-time-lag"],
            &["kpipe", "lag", "--regex", "^a", "--watch", "5s"],
            &[
                "kpipe",
                "lag",
                "-g",
                "a",
                "--max-lag",
                "10",
                "--max-lag-time",
                "5m",
            ],
            &["kpipe", "lag", "-g", "a", "--wait-zero", "--deadline", "1m"],
            &["kpipe", "lag", "-g", "a", "--isolation", "read_committed"],
            &[
                "kpipe",
                "groups",
                "list",
                "--state",
                "empty,stable",
                "--output",
                "json",
            ],
            &["kpipe", "groups", "describe", "a", "b", "--only-lagging"],
            &["kpipe", "groups", "describe", "--all"],
            &[
                "kpipe", "groups", "reset", "g", "--topic", "t:0,2-3", "--to", "shift:-5",
            ],
            &[
                "kpipe",
                "groups",
                "reset",
                "g",
                "--all-topics",
                "--to",
                "ago:1h",
                "--execute",
            ],
            &[
                "kpipe",
                "groups",
                "reset",
                "g",
                "--to",
                "file:plan.csv",
                "--export",
                "-",
            ],
            &["kpipe", "groups", "delete", "a", "b"],
            &["kpipe", "groups", "delete-offsets", "g", "--topic", "t"],
            &[
                "kpipe", "groups", "commit", "g", "-t", "t", "-p", "0", "--offset", "5",
            ],
        ];
        for line in valid {
            if let Err(e) = parse_from(*line) {
                panic!("{line:?} should parse: {e}");
            }
        }
        let invalid: &[&[&str]] = &[
            &["kpipe", "lag"],
            &["kpipe", "lag", "-g", "a", "--all-groups"],
            &["kpipe", "lag", "--regex", "("],
            &["kpipe", "lag", "-g", "a", "--watch", "10ms"],
            &["kpipe", "lag", "-g", "a", "--watch", "1s", "--max-lag", "1"],
            &[
                "kpipe",
                "lag",
                "-g",
                "a",
                "--no-time-lag",
                "--max-lag-time",
                "1m",
            ],
            &["kpipe", "lag", "-g", "a", "--deadline", "1m"],
            &["kpipe", "lag", "-g", "a", "--isolation", "snapshot"],
            &["kpipe", "groups", "describe"],
            &["kpipe", "groups", "reset", "g", "--topic", "t"],
            &[
                "kpipe",
                "groups",
                "reset",
                "g",
                "--topic",
                "t",
                "--to",
                "yesterday",
            ],
            &[
                "kpipe",
                "groups",
                "reset",
                "g",
                "--topic",
                "t",
                "--all-topics",
                "--to",
                "earliest",
            ],
            &["kpipe", "groups", "delete"],
            &["kpipe", "groups", "delete-offsets", "g"],
            &[
                "kpipe", "groups", "commit", "g", "-t", "t", "-p", "0", "--offset", "-1",
            ],
        ];
        for line in invalid {
            assert!(parse_from(*line).is_err(), "{line:?} should not parse");
        }
    }

    #[test]
    fn gates() {
        let s = snap(vec![part("t", 0, Some(5), 10), part("t", 1, Some(10), 10)]);
        assert!(breaches(&s, Some(5), None).is_empty());
        let lines = breaches(&s, Some(4), Some(Duration::from_secs(60)));
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!(lines[0].contains("lag 5 > --max-lag 4"), "{lines:?}");
        assert!(lines[1].contains("time lag 1m30s"), "{lines:?}");
        assert!(breaches(&s, None, Some(Duration::from_secs(120))).is_empty());
        assert_eq!(not_zero(&s).len(), 1);
        assert!(not_zero(&snap(vec![part("t", 0, Some(10), 10)])).is_empty());
        assert_eq!(not_zero(&snap(vec![])).len(), 1, "no commits is not zero");
    }

    #[test]
    fn prometheus_text() {
        let s = snap(vec![part("t", 0, Some(5), 10), part("t", 1, None, 3)]);
        let text = prometheus(&[s], "c");
        assert!(text.contains("# TYPE kafka_consumergroup_group_lag gauge"));
        assert!(text.contains(
            "kafka_consumergroup_group_lag{cluster_name=\"c\",group=\"g\",topic=\"t\",partition=\"0\",member_host=\"\",consumer_id=\"\",client_id=\"\"} 5"
        ));
        assert!(
            text.contains("kafka_consumergroup_group_sum_lag{cluster_name=\"c\",group=\"g\"} 8")
        );
        assert!(text.contains("kafka_consumergroup_group_lag_seconds{"));
        // No commit: no offset sample for partition 1.
        assert_eq!(text.matches("kafka_consumergroup_group_offset{").count(), 1);
        // Every family has exactly one HELP.
        assert_eq!(
            text.matches("# HELP kafka_consumergroup_group_lag ")
                .count(),
            1
        );
    }
}
