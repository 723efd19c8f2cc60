//! Turning `-o`, `-e` and `--until` into concrete offsets for the partitions being
//! read: watermarks and committed offsets in one request each, time lookups batched by
//! time, then the pure resolution in [`offsets::resolve`]. Open reads take a shorter
//! path (`start_open`), which offsets looked up early ([`EarlyLookup`]) feed.

use std::collections::HashMap;
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

use rdkafka::consumer::Consumer;
use rdkafka::error::{KafkaResult, RDKafkaErrorCode};
use rdkafka::{Offset, TopicPartitionList};

use super::{Engine, Plan};
use crate::consume::context::KConsumer;
use crate::consume::offsets::{self, Marks, Pos, Stop};
use crate::output;

/// A partition's start and end as `offsets_for_times` takes them, and as librdkafka's
/// logical offsets for a fetch (`RD_KAFKA_OFFSET_BEGINNING`, `RD_KAFKA_OFFSET_END`).
const START: i64 = -2;
const END: i64 = -1;

/// Open reads that need a lookup to start (from the end; from the start where
/// `auto.offset.reset` does not go there) look their start offsets up while the command
/// is still checking the topics: those of the partitions named by `-p`, else of the
/// first [`EARLY_PARTITIONS`] of each topic (those it has), in one request. The engine
/// starts the partitions at those offsets once the check has passed. Reads from the
/// start need no lookup where `auto.offset.reset` goes to the start
/// (`Plan::start_at_zero`, kpipe's default): the engine starts them at offset 0.
///
/// Why early: with librdkafka 2.12 the bootstrap connection is closed once the first
/// metadata answer names the broker, so the check's own metadata request is usually sent
/// again on the new connection, which first has to be set up. A lookup made now waits
/// for the leader in librdkafka's metadata cache instead, which the bootstrap
/// connection's first answer fills: it goes out on the new connection as soon as that
/// is up, next to the check's request, instead of after its answer.
///
/// Why the fetches wait for the check: the broker answers the requests of a connection
/// one at a time, in order, and holds a fetch with nothing to read for
/// `fetch.wait.max.ms`. The check's request, sent again on the new connection after the
/// bootstrap one closed, can reach that connection after a fetch started early and wait
/// behind it: a read from the end took 0.6 s instead of 0.1 s in 4 of 60 runs on a busy
/// machine when its fetches started here (session 9), and reads from the start fetching
/// before the check did the same (reverted in 9303ead).
///
/// Every range must start at the same end, so the engine's open path
/// ([`Engine::start_open`]) takes exactly the offsets looked up here; a lookup that fails
/// finds nothing, and the engine looks the offsets up itself as before.
pub struct EarlyLookup {
    which: i64,
    answer: mpsc::Receiver<Offsets>,
}

/// Without `-p`, the partitions looked up early: 0 to 63. librdkafka leaves out those
/// the topic lacks (they come back with an error); the engine looks up any beyond.
const EARLY_PARTITIONS: i32 = 64;

/// Offsets by partition.
type Offsets = HashMap<(String, i32), i64>;

/// What an [`EarlyLookup`] found: where each partition starts, for the logical offset
/// `which` ([`START`] or [`END`]).
pub(super) struct Found {
    which: i64,
    offsets: Offsets,
}

impl EarlyLookup {
    /// Starts the lookup on a thread of its own; `None` when the read is not an open
    /// one from the same end of every partition, or needs no lookup.
    pub fn begin(consumer: &Arc<KConsumer>, plan: &Plan, topics: &[String]) -> Option<Self> {
        if plan.group.is_some() || plan.has_stops() || topics.is_empty() {
            return None;
        }
        // Every range the read can use must start at the same end, so that the engine
        // takes the open path (`start_open`) whatever partitions the topics have.
        let spec = &plan.spec;
        let ranges = std::iter::once(spec.default).chain(spec.partitions.values().copied());
        let which = common_open_start(ranges)?;
        if from_zero(plan, which) {
            // Nothing to look up: the engine starts every partition at offset 0.
            return None;
        }
        let known = plan
            .partitions
            .clone()
            .unwrap_or_else(|| (0..EARLY_PARTITIONS).collect());
        let mut tps: Vec<(String, i32)> = topics
            .iter()
            .flat_map(|t| known.iter().map(move |&p| (t.clone(), p)))
            .collect();
        tps.sort();
        tps.dedup();
        let (tx, answer) = mpsc::sync_channel(1);
        let consumer = Arc::clone(consumer);
        let timeout = plan.timeout;
        std::thread::Builder::new()
            .name("kpipe-lookup".into())
            .spawn(move || {
                let mut found = match watermarks(&consumer, &tps, which, timeout, true) {
                    Ok(found) => found,
                    Err(e) => {
                        output::debug(1, format!("early offset lookup: {e:#}"));
                        HashMap::new()
                    }
                };
                for offset in found.values_mut() {
                    *offset = (*offset).max(0);
                }
                if !found.is_empty() {
                    output::debug(1, format!("{} start(s) looked up early", found.len()));
                }
                let _ = tx.send(found);
                drop(consumer);
            })
            .ok()?;
        Some(EarlyLookup { which, answer })
    }

    /// The offsets found (waits for the lookup's answer).
    pub(super) fn finish(self) -> Option<Found> {
        let offsets = self.answer.recv().ok()?;
        let which = self.which;
        Some(Found { which, offsets })
    }
}

impl Engine {
    /// Looks up watermarks (and committed offsets) for partitions in one request each.
    pub(super) fn lookup_marks(
        &self,
        tps: &[(String, i32)],
        need_low: bool,
        need_committed: bool,
    ) -> anyhow::Result<Vec<Marks>> {
        let timeout = self.plan.timeout;
        let consumer = &*self.consumer;
        let query = |which: i64| watermarks(consumer, tps, which, timeout, false);
        // The two lookups are independent requests: one round trip instead of two.
        let (high, low) = std::thread::scope(|scope| {
            let low = need_low.then(|| scope.spawn(|| query(START)));
            let high = query(END);
            let low = match low {
                Some(handle) => handle
                    .join()
                    .unwrap_or_else(|_| Err(anyhow::anyhow!("offset lookup failed"))),
                None => Ok(HashMap::new()),
            };
            (high, low)
        });
        let (high, low) = (high?, low?);
        let committed = if need_committed {
            let mut tpl = TopicPartitionList::new();
            for (t, p) in tps {
                tpl.add_partition(t, *p);
            }
            let answer = self
                .consumer
                .committed_offsets(tpl, timeout)
                .map_err(|e| anyhow::anyhow!("cannot read the group's committed offsets: {e}"))?;
            answer
                .elements()
                .iter()
                .filter_map(|e| match e.offset() {
                    Offset::Offset(n) => Some(((e.topic().to_string(), e.partition()), n)),
                    _ => None,
                })
                .collect()
        } else {
            HashMap::new()
        };
        Ok(tps
            .iter()
            .map(|tp| {
                let high = high.get(tp).copied().unwrap_or(0).max(0);
                Marks {
                    low: low.get(tp).copied().unwrap_or(0).clamp(0, high),
                    high,
                    committed: committed.get(tp).copied(),
                }
            })
            .collect())
    }

    /// `offsets_for_times` for one time per partition (`None`: no record at/after it).
    fn lookup_times(
        &self,
        wanted: &[(String, i32, i64)],
    ) -> anyhow::Result<HashMap<(String, i32, i64), Option<i64>>> {
        let mut out = HashMap::new();
        // One request per distinct time keeps each TPL to one timestamp per partition.
        let mut times: Vec<i64> = wanted.iter().map(|w| w.2).collect();
        times.sort_unstable();
        times.dedup();
        for t in times {
            let mut tpl = TopicPartitionList::new();
            for (topic, p, _) in wanted.iter().filter(|w| w.2 == t) {
                tpl.add_partition_offset(topic, *p, Offset::Offset(t))?;
            }
            let answer = list_offsets(&self.consumer, &tpl, self.plan.timeout, false)
                .map_err(|e| anyhow::anyhow!("cannot look up offsets by time: {e}"))?;
            for e in answer.elements() {
                let found = match e.offset() {
                    Offset::Offset(n) if n >= 0 => Some(n),
                    _ => None,
                };
                out.insert((e.topic().to_string(), e.partition(), t), found);
            }
        }
        Ok(out)
    }

    /// A group-less read with no stop that starts every partition at its start (or
    /// every one at its end) needs that one watermark only (see
    /// [`offsets::open_start`]): one request instead of two. Returns false, changing
    /// nothing, when the read needs more.
    /// `tps` names `idx`'s partitions.
    fn start_open(&mut self, idx: &[usize], tps: &[(String, i32)]) -> anyhow::Result<bool> {
        let ranges = idx
            .iter()
            .map(|&i| self.plan.spec.range(self.parts[i].partition));
        let Some(which) = common_open_start(ranges) else {
            return Ok(false);
        };
        let zero = from_zero(&self.plan, which);
        let found = if zero {
            HashMap::new()
        } else {
            self.open_offsets(which, tps)?
        };
        for (&i, tp) in idx.iter().zip(tps) {
            let part = &mut self.parts[i];
            part.next = if zero {
                0
            } else {
                found.get(tp).map_or(which, |&offset| offset.max(0))
            };
            part.stop = Stop::default();
            part.resolved = true;
            part.done = false;
            let start = match part.next {
                START => "at its start".to_string(),
                END => "at its end".to_string(),
                offset => offset.to_string(),
            };
            output::debug(1, format!("{}: start {start}, no stop", part.label()));
        }
        Ok(true)
    }

    /// Where each of `tps` starts for the logical offset `which`: the early lookup's
    /// offsets (see [`EarlyLookup`]), then one lookup for the others when there are
    /// several. A partition left out starts at the logical offset: librdkafka looks it
    /// up itself when its fetch starts, which for one partition is the same single
    /// request, made by the broker thread that fetches next.
    fn open_offsets(&mut self, which: i64, tps: &[(String, i32)]) -> anyhow::Result<Offsets> {
        let mut found = match self.early_found.take() {
            Some(found) if found.which == which => found.offsets,
            _ => HashMap::new(),
        };
        let rest: Vec<(String, i32)> = tps
            .iter()
            .filter(|tp| !found.contains_key(*tp))
            .cloned()
            .collect();
        if rest.len() > 1 {
            found.extend(watermarks(
                &self.consumer,
                &rest,
                which,
                self.plan.timeout,
                false,
            )?);
        }
        Ok(found)
    }

    /// Resolves start and stop for the given parts; sets `next`, `stop`, `done`.
    pub(super) fn resolve(&mut self, idx: &[usize]) -> anyhow::Result<()> {
        let group = self.plan.group.is_some();
        let tps: Vec<(String, i32)> = idx
            .iter()
            .map(|&i| (self.parts[i].topic.clone(), self.parts[i].partition))
            .collect();
        if !group && !self.plan.has_stops() && self.start_open(idx, &tps)? {
            return Ok(());
        }
        let need_committed = group && {
            let spec = &self.plan.spec;
            spec.uses_stored()
                || idx
                    .iter()
                    .any(|&i| spec.range(self.parts[i].partition).from.is_none())
        };
        let marks = self.lookup_marks(&tps, true, need_committed)?;
        let mut wanted = Vec::new();
        for (&i, (t, p)) in idx.iter().zip(&tps) {
            let (from_t, to_t) = offsets::times(&self.plan.spec.range(self.parts[i].partition));
            for time in [from_t, to_t, self.plan.until].into_iter().flatten() {
                wanted.push((t.clone(), *p, time));
            }
        }
        let found = if wanted.is_empty() {
            HashMap::new()
        } else {
            self.lookup_times(&wanted)?
        };
        let default_from = if group { Pos::Stored } else { Pos::Start };
        for ((&i, tp), m) in idx.iter().zip(&tps).zip(marks) {
            let range = self.plan.spec.range(tp.1);
            let (from_t, to_t) = offsets::times(&range);
            let get = |t: Option<i64>| {
                t.and_then(|t| found.get(&(tp.0.clone(), tp.1, t)).copied().flatten())
            };
            let (start, mut stop) = offsets::resolve(
                &range,
                default_from,
                m,
                get(from_t),
                get(to_t),
                self.plan.now,
            );
            if let Some(until) = self.plan.until {
                let until_range = offsets::Range {
                    from: None,
                    to: Some(Pos::Time(until)),
                };
                let (_, s) = offsets::resolve(
                    &until_range,
                    Pos::Start,
                    m,
                    None,
                    get(Some(until)),
                    self.plan.now,
                );
                stop = stop.min(s);
            }
            if self.plan.exit_at_end {
                let snap = self.snapshot.get(tp).copied().unwrap_or(m.high);
                stop = stop.min(Stop {
                    offset: Some(snap),
                    time: None,
                });
            }
            let part = &mut self.parts[i];
            part.next = start;
            part.stop = stop;
            part.resolved = true;
            part.done = stop.offset.is_some_and(|s| start >= s);
            output::debug(
                1,
                format!(
                    "{}: start {start}, stop {}{}",
                    part.label(),
                    stop.offset.map_or("-".to_string(), |o| o.to_string()),
                    stop.time.map_or(String::new(), |t| format!(" or time {t}")),
                ),
            );
        }
        Ok(())
    }
}

/// Whether an open read starting at `which` fetches from offset 0 with nothing looked
/// up: from the start, where `auto.offset.reset` allows (`Plan::start_at_zero`). A log
/// that starts later answers the first fetch with "out of range" and its log start, and
/// librdkafka goes on from there, so that case costs the round trip the lookup would have.
fn from_zero(plan: &Plan, which: i64) -> bool {
    which == START && plan.start_at_zero
}

/// The logical offset ([`START`] or [`END`]) at which every one of `ranges` starts an
/// open read (see [`offsets::open_start`]); `None` when one is not open or they differ.
fn common_open_start(ranges: impl Iterator<Item = offsets::Range>) -> Option<i64> {
    let mut starts = ranges.map(|range| offsets::open_start(&range, Pos::Start));
    match starts.next().flatten() {
        Some(first) if starts.all(|s| s == Some(first)) => {
            Some(if first == Pos::End { END } else { START })
        }
        _ => None,
    }
}

/// One watermark of each partition in one request: `which` is [`START`] for the low
/// one, [`END`] for the high one (the last stable offset under read_committed). With
/// `partial`, partitions the answer has an error for (one the topic lacks) are left
/// out; otherwise the first such error is the result.
fn watermarks(
    consumer: &KConsumer,
    tps: &[(String, i32)],
    which: i64,
    timeout: Duration,
    partial: bool,
) -> anyhow::Result<Offsets> {
    let mut tpl = TopicPartitionList::new();
    for (t, p) in tps {
        tpl.add_partition_offset(t, *p, Offset::from_raw(which))?;
    }
    let answer = list_offsets(consumer, &tpl, timeout, partial)
        .map_err(|e| anyhow::anyhow!("cannot look up offsets: {e}"))?;
    let mut map = HashMap::new();
    for e in answer.elements() {
        if let Err(err) = e.error() {
            if partial {
                continue;
            }
            anyhow::bail!(
                "cannot look up offsets of {}[{}]: {err}",
                e.topic(),
                e.partition()
            );
        }
        let value = match e.offset() {
            Offset::Offset(n) => n,
            _ => -1,
        };
        map.insert((e.topic().to_string(), e.partition()), value);
    }
    Ok(map)
}

/// `offsets_for_times`, asked again while an answer says the cluster has no leader for
/// a partition yet (a topic created a moment ago, a leader moving) until `timeout` has
/// passed; the last answer is the result. With `partial`, a partition the topic lacks
/// is an expected answer, not one to wait out (see [`watermarks`]).
fn list_offsets(
    consumer: &KConsumer,
    tpl: &TopicPartitionList,
    timeout: Duration,
    partial: bool,
) -> KafkaResult<TopicPartitionList> {
    let transient = |code: Option<RDKafkaErrorCode>| match code {
        Some(RDKafkaErrorCode::NotLeaderForPartition | RDKafkaErrorCode::LeaderNotAvailable) => {
            true
        }
        Some(RDKafkaErrorCode::UnknownTopicOrPartition) => !partial,
        _ => false,
    };
    let deadline = Instant::now() + timeout;
    let mut pause = Duration::from_millis(20);
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let answer = consumer.offsets_for_times(tpl.clone(), left);
        let again = match &answer {
            Err(e) => transient(e.rdkafka_error_code()),
            Ok(list) => list.elements().iter().any(|e| {
                e.error()
                    .is_err_and(|err| transient(err.rdkafka_error_code()))
            }),
        };
        if !again || Instant::now() + pause >= deadline {
            return answer;
        }
        output::debug(2, "no partition leader yet; looking the offsets up again");
        std::thread::sleep(pause);
        pause = (pause * 2).min(Duration::from_millis(500));
    }
}
