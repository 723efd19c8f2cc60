//! The `-o/--offset` grammar: where to start and where to stop, per partition.
//!
//! One small language covers what kcat, rpk and kafka-consumer-groups spread over many
//! flags, so that "the last 100 records", "everything from the last hour" and "offsets
//! 1000 to 2000 of partition 3" are all one `-o` value:
//!
//! ```text
//! SPEC   := ENTRY ("," ENTRY)*
//! ENTRY  := [PARTITION "="] RANGE          a PARTITION= entry overrides the default
//! RANGE  := POS | [POS] ":" [POS]          FROM:TO, TO exclusive; a missing FROM is the default start
//! POS    := start | end | stored | N | +N | -N | @TIME
//! ```
//!
//! Parsing gives an AST ([`OffsetSpec`]) with times already resolved against one `now`;
//! [`resolve`] then turns a range into concrete offsets for one partition from its
//! watermarks, its committed offset and `offsets_for_times` answers. Keeping resolution
//! a pure function makes every form unit-testable without a broker.

use std::collections::BTreeMap;

use super::time::{parse_duration_ms, parse_time};

/// One position in a partition.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pos {
    /// The first available offset (low watermark).
    Start,
    /// The end: the high watermark, or the last stable offset under read_committed.
    End,
    /// The group's committed offset (falls back to `start` when there is none).
    Stored,
    /// An absolute offset.
    Offset(i64),
    /// N records after the start.
    AfterStart(i64),
    /// N records before the end.
    BeforeEnd(i64),
    /// The first record with a timestamp at or after this time (ms since the epoch).
    Time(i64),
}

/// `FROM:TO`. `from: None` is the default start (`start`, or `stored` with a group);
/// `to: None` reads on forever.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Range {
    pub from: Option<Pos>,
    pub to: Option<Pos>,
}

/// A parsed `-o` value.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct OffsetSpec {
    /// Applies to every partition without its own entry.
    pub default: Range,
    pub partitions: BTreeMap<i32, Range>,
}

impl OffsetSpec {
    /// Parses one or more `-o` values (repeating `-o` is the same as joining with `,`).
    pub fn parse<S: AsRef<str>>(values: &[S], now: i64) -> Result<OffsetSpec, String> {
        let mut spec = OffsetSpec::default();
        let mut saw_default = false;
        for value in values {
            for entry in value.as_ref().split(',') {
                let entry = entry.trim();
                if entry.is_empty() {
                    return Err("empty entry in the offset list".into());
                }
                match split_partition(entry) {
                    Some((p, range)) => {
                        if range.is_empty() {
                            return Err(format!(
                                "invalid offset '{entry}': nothing after '{p}=' \
                                 (e.g. {p}=start, {p}=-10, {p}=100:200)"
                            ));
                        }
                        let r = parse_range(range, now)?;
                        if spec.partitions.insert(p, r).is_some() {
                            return Err(format!("partition {p} is given twice"));
                        }
                    }
                    None => {
                        if saw_default {
                            return Err(format!(
                                "more than one offset for all partitions ('{entry}'); \
                                 use PARTITION=SPEC for per-partition offsets"
                            ));
                        }
                        spec.default = parse_range(entry, now)?;
                        saw_default = true;
                    }
                }
            }
        }
        Ok(spec)
    }

    /// The range for one partition.
    pub fn range(&self, partition: i32) -> Range {
        self.partitions
            .get(&partition)
            .copied()
            .unwrap_or(self.default)
    }

    /// Whether any entry refers to the committed offset.
    pub fn uses_stored(&self) -> bool {
        std::iter::once(&self.default)
            .chain(self.partitions.values())
            .any(|r| r.from == Some(Pos::Stored) || r.to == Some(Pos::Stored))
    }

    /// Whether any entry has an end (so the run can finish by itself).
    pub fn has_end(&self) -> bool {
        std::iter::once(&self.default)
            .chain(self.partitions.values())
            .any(|r| r.to.is_some())
    }
}

/// `P=RANGE` → `(P, RANGE)`; anything else is a default entry.
fn split_partition(entry: &str) -> Option<(i32, &str)> {
    let (p, rest) = entry.split_once('=')?;
    let p = p.trim();
    if p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    p.parse().ok().map(|p| (p, rest.trim()))
}

/// Parses `POS`, `POS:`, `:POS` or `POS:POS`. RFC 3339 times contain `:` too, so every
/// `:` is tried as the separator and the first split where both sides parse wins.
fn parse_range(s: &str, now: i64) -> Result<Range, String> {
    if s.is_empty() {
        return Err("empty offset".into());
    }
    if let Ok(pos) = parse_pos(s, now, None) {
        return Ok(Range {
            from: Some(pos),
            to: None,
        });
    }
    let mut first_err = None;
    for (i, _) in s.match_indices(':') {
        let (left, right) = (&s[..i], &s[i + 1..]);
        let from = if left.is_empty() {
            None
        } else {
            match parse_pos(left, now, None) {
                Ok(p) => Some(p),
                Err(e) => {
                    first_err.get_or_insert(e);
                    continue;
                }
            }
        };
        let left_time = match from {
            Some(Pos::Time(t)) => Some(t),
            _ => None,
        };
        let to = if right.is_empty() {
            None
        } else {
            match parse_pos(right, now, left_time) {
                Ok(p) => Some(p),
                Err(e) => {
                    first_err.get_or_insert(e);
                    continue;
                }
            }
        };
        if from.is_none() && to.is_none() {
            return Err("':' needs a start or an end".into());
        }
        return Ok(Range { from, to });
    }
    Err(first_err.unwrap_or_else(|| invalid(s)))
}

fn invalid(s: &str) -> String {
    format!(
        "invalid offset '{s}' (expected start, end, stored, N, +N, -N, @TIME, \
         a range FROM:TO, or PARTITION=SPEC; see `kpipe consume --help`)"
    )
}

/// One position. `left_time` is the start of a `@T1:T2` range, which lets `T2` drop its
/// `@` and be relative to `T1` (`@2024-05-01T10:00:00Z:+1h`).
fn parse_pos(s: &str, now: i64, left_time: Option<i64>) -> Result<Pos, String> {
    let s = s.trim();
    match s {
        "start" | "beginning" | "earliest" | "oldest" => return Ok(Pos::Start),
        "end" | "latest" | "newest" => return Ok(Pos::End),
        "stored" | "committed" => return Ok(Pos::Stored),
        _ => {}
    }
    let count = |digits: &str| -> Option<i64> {
        if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
            digits.parse().ok()
        } else {
            None
        }
    };
    if let Some(n) = count(s) {
        return Ok(Pos::Offset(n));
    }
    if let Some(n) = s.strip_prefix('+').and_then(count) {
        return Ok(Pos::AfterStart(n));
    }
    if let Some(n) = s.strip_prefix('-').and_then(count) {
        return Ok(Pos::BeforeEnd(n));
    }
    if let Some(t) = s.strip_prefix('@') {
        return parse_time(t, now).map(Pos::Time);
    }
    if let Some(base) = left_time {
        if let Some(d) = s.strip_prefix('+') {
            if let Ok(ms) = parse_duration_ms(d) {
                return Ok(Pos::Time(base.saturating_add(ms)));
            }
        }
        if let Ok(t) = parse_time(s, now) {
            return Ok(Pos::Time(t));
        }
    }
    Err(invalid(s))
}

/// What is known about one partition when its range is resolved.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Marks {
    /// Low watermark (first available offset).
    pub low: i64,
    /// High watermark, or the last stable offset under read_committed.
    pub high: i64,
    /// The group's committed offset, if any.
    pub committed: Option<i64>,
}

/// Where to stop in one partition (exclusive): at an offset, at the first record whose
/// timestamp is at or after a time, or both (whichever comes first).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stop {
    pub offset: Option<i64>,
    pub time: Option<i64>,
}

impl Stop {
    /// The earlier of two stops, field by field.
    pub fn min(self, other: Stop) -> Stop {
        let pick = |a: Option<i64>, b: Option<i64>| match (a, b) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        Stop {
            offset: pick(self.offset, other.offset),
            time: pick(self.time, other.time),
        }
    }
}

/// The times a range needs looked up with `offsets_for_times`: (from, to).
pub fn times(range: &Range) -> (Option<i64>, Option<i64>) {
    let t = |p: Option<Pos>| match p {
        Some(Pos::Time(t)) => Some(t),
        _ => None,
    };
    (t(range.from), t(range.to))
}

/// The start of a range that reads on forever from `start` or from `end`: the one
/// watermark it needs; `None` when the range needs [`resolve`].
///
/// Why: such a read needs neither the other watermark nor any clamping, and every
/// lookup is a request the broker answers after the one before it on the same
/// connection, all before the first fetch can go out (a one-record `consume -c 1`
/// spends most of its time in such round trips). An explicit offset still goes through
/// [`resolve`], which clamps it into the partition, and so does every range with an end.
pub fn open_start(range: &Range, default_from: Pos) -> Option<Pos> {
    if range.to.is_some() {
        return None;
    }
    match range.from.unwrap_or(default_from) {
        pos @ (Pos::Start | Pos::End) => Some(pos),
        _ => None,
    }
}

/// Resolves a range for one partition.
///
/// `default_from` is the start used when the range has none. `from_time`/`to_time` are
/// the `offsets_for_times` answers for the range's times (`None`: no record at or after
/// that time yet). Starts are clamped into `[low, high]`, because librdkafka resets an
/// out-of-range fetch instead of waiting; ends are not, so `0:5000` on a partition that
/// holds 3000 records waits for record 4999.
pub fn resolve(
    range: &Range,
    default_from: Pos,
    marks: Marks,
    from_time: Option<i64>,
    to_time: Option<i64>,
    now: i64,
) -> (i64, Stop) {
    let Marks {
        low,
        high,
        committed,
    } = marks;
    let stored = committed.filter(|c| *c >= 0).unwrap_or(low);
    let at = |pos: Pos, found: Option<i64>| -> i64 {
        match pos {
            Pos::Start => low,
            Pos::End => high,
            Pos::Stored => stored,
            Pos::Offset(n) => n,
            Pos::AfterStart(n) => low.saturating_add(n),
            Pos::BeforeEnd(n) => high.saturating_sub(n).max(low),
            Pos::Time(_) => found.unwrap_or(high),
        }
    };
    let from = at(range.from.unwrap_or(default_from), from_time).clamp(low, high.max(low));
    let stop = match range.to {
        None => Stop::default(),
        Some(Pos::Time(t)) => match to_time {
            Some(offset) => Stop {
                offset: Some(offset),
                time: None,
            },
            // Nothing at or after `t` yet: when `t` is past, everything there is comes
            // before it; when it is still ahead, stop on the first record that reaches it.
            None if t <= now => Stop {
                offset: Some(high),
                time: None,
            },
            None => Stop {
                offset: None,
                time: Some(t),
            },
        },
        Some(pos) => Stop {
            offset: Some(at(pos, None)),
            time: None,
        },
    };
    (from, stop)
}

/// The most partitions a list may name (far above any real topic).
const MAX_PARTITIONS: usize = 100_000;

/// Parses a partition list: `0,2,5-7`.
pub fn parse_partitions(s: &str) -> Result<Vec<i32>, String> {
    let mut out = Vec::new();
    for part in s.split(',') {
        let part = part.trim();
        let num = |t: &str| -> Result<i32, String> {
            t.trim()
                .parse::<i32>()
                .ok()
                .filter(|p| *p >= 0)
                .ok_or_else(|| format!("invalid partition '{t}' in '{s}' (example: 0,2,5-7)"))
        };
        match part.split_once('-') {
            Some((a, b)) => {
                let (a, b) = (num(a)?, num(b)?);
                if a > b {
                    return Err(format!("invalid partition range '{part}' (start > end)"));
                }
                // Each partition of a range is listed: a typo like 0-2000000000 must
                // not take gigabytes.
                if (b - a) as usize >= MAX_PARTITIONS - out.len().min(MAX_PARTITIONS) {
                    return Err(format!(
                        "invalid partition list '{s}': more than {MAX_PARTITIONS} partitions"
                    ));
                }
                out.extend(a..=b);
            }
            None => out.push(num(part)?),
        }
    }
    out.sort_unstable();
    out.dedup();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_700_000_000_000;
    const H: i64 = 3_600_000;

    fn one(s: &str) -> Range {
        OffsetSpec::parse(&[s], NOW).unwrap().default
    }

    fn from(p: Pos) -> Range {
        Range {
            from: Some(p),
            to: None,
        }
    }

    fn range(a: Option<Pos>, b: Option<Pos>) -> Range {
        Range { from: a, to: b }
    }

    #[test]
    fn open_starts_only_for_endless_reads_from_start_or_end() {
        assert_eq!(open_start(&Range::default(), Pos::Start), Some(Pos::Start));
        assert_eq!(open_start(&one("start"), Pos::Stored), Some(Pos::Start));
        assert_eq!(open_start(&one("end"), Pos::Start), Some(Pos::End));
        // The default start decides when the range has none.
        assert_eq!(open_start(&Range::default(), Pos::End), Some(Pos::End));
        assert_eq!(open_start(&Range::default(), Pos::Stored), None);
        // Anything else needs both watermarks: clamping, relative and time positions.
        for spec in ["42", "+10", "-10", "stored", "@2024-01-01T00:00:00Z"] {
            assert_eq!(open_start(&one(spec), Pos::Start), None, "{spec}");
        }
        // A range with an end is resolved, whatever its start.
        for spec in [":100", "start:end", "end:end", "start:+5"] {
            assert_eq!(open_start(&one(spec), Pos::Start), None, "{spec}");
        }
    }

    #[test]
    fn single_positions() {
        assert_eq!(one("start"), from(Pos::Start));
        assert_eq!(one("beginning"), from(Pos::Start));
        assert_eq!(one("end"), from(Pos::End));
        assert_eq!(one("stored"), from(Pos::Stored));
        assert_eq!(one("42"), from(Pos::Offset(42)));
        assert_eq!(one("+10"), from(Pos::AfterStart(10)));
        assert_eq!(one("-10"), from(Pos::BeforeEnd(10)));
        assert_eq!(one("@1700000000000"), from(Pos::Time(NOW)));
        assert_eq!(one("@-1h"), from(Pos::Time(NOW - H)));
        assert_eq!(
            one("@2024-05-01T12:00:00Z"),
            from(Pos::Time(1_714_564_800_000))
        );
        assert_eq!(one("@2024-05-01"), from(Pos::Time(1_714_521_600_000)));
    }

    #[test]
    fn ranges() {
        assert_eq!(
            one("1000:2000"),
            range(Some(Pos::Offset(1000)), Some(Pos::Offset(2000)))
        );
        assert_eq!(
            one("-100:end"),
            range(Some(Pos::BeforeEnd(100)), Some(Pos::End))
        );
        assert_eq!(one(":end"), range(None, Some(Pos::End)));
        assert_eq!(one("5:"), range(Some(Pos::Offset(5)), None));
        assert_eq!(
            one("@-2h:@-1h"),
            range(Some(Pos::Time(NOW - 2 * H)), Some(Pos::Time(NOW - H)))
        );
        // The right side may drop its `@` after a time, and `+DURATION` is relative to it.
        assert_eq!(
            one("@-2h:-1h"),
            range(Some(Pos::Time(NOW - 2 * H)), Some(Pos::Time(NOW - H)))
        );
        assert_eq!(
            one("@2024-05-01T10:00:00Z:+1h"),
            range(
                Some(Pos::Time(1_714_557_600_000)),
                Some(Pos::Time(1_714_557_600_000 + H))
            )
        );
        // RFC 3339 times with colons on both sides.
        assert_eq!(
            one("@2024-05-01T10:00:00Z:@2024-05-01T11:00:00+01:00"),
            range(
                Some(Pos::Time(1_714_557_600_000)),
                Some(Pos::Time(1_714_557_600_000))
            )
        );
        assert_eq!(
            one("start:@-1h"),
            range(Some(Pos::Start), Some(Pos::Time(NOW - H)))
        );
    }

    #[test]
    fn per_partition_entries() {
        let spec = OffsetSpec::parse(&["end,0=100,2=-5:end"], NOW).unwrap();
        assert_eq!(spec.default, from(Pos::End));
        assert_eq!(spec.range(0), from(Pos::Offset(100)));
        assert_eq!(
            spec.range(2),
            range(Some(Pos::BeforeEnd(5)), Some(Pos::End))
        );
        assert_eq!(spec.range(7), from(Pos::End));
        // Repeated -o values are joined.
        let spec = OffsetSpec::parse(&["1=start", "3=@-1h"], NOW).unwrap();
        assert_eq!(spec.default, Range::default());
        assert_eq!(spec.range(3), from(Pos::Time(NOW - H)));
        assert!(!spec.has_end() && !spec.uses_stored());
        assert!(OffsetSpec::parse(&["0=stored:end"], NOW)
            .unwrap()
            .uses_stored());
    }

    #[test]
    fn errors() {
        for bad in [
            "",
            "nope",
            "1:2:3",
            ":",
            "@",
            "@yesterday",
            "0=",
            "+",
            "--5",
            "1,,2",
            "start,end",
            "0=1,0=2",
            "1.5",
        ] {
            assert!(
                OffsetSpec::parse(&[bad], NOW).is_err(),
                "{bad:?} should fail"
            );
        }
        let msg = OffsetSpec::parse(&["nope"], NOW).unwrap_err();
        assert!(msg.contains("invalid offset 'nope'"), "{msg}");
    }

    fn marks(low: i64, high: i64) -> Marks {
        Marks {
            low,
            high,
            committed: None,
        }
    }

    fn stop_at(o: i64) -> Stop {
        Stop {
            offset: Some(o),
            time: None,
        }
    }

    #[test]
    fn resolution() {
        let m = marks(100, 200);
        let r = |s: &str| resolve(&one(s), Pos::Start, m, None, None, NOW);
        assert_eq!(r("start"), (100, Stop::default()));
        assert_eq!(r("end"), (200, Stop::default()));
        assert_eq!(r("150"), (150, Stop::default()));
        assert_eq!(r("5"), (100, Stop::default()), "clamped to low");
        assert_eq!(r("500"), (200, Stop::default()), "clamped to high");
        assert_eq!(r("+10"), (110, Stop::default()));
        assert_eq!(r("+1000"), (200, Stop::default()));
        assert_eq!(r("-10"), (190, Stop::default()));
        assert_eq!(r("-1000"), (100, Stop::default()));
        assert_eq!(r("-10:end"), (190, stop_at(200)));
        assert_eq!(r("120:130"), (120, stop_at(130)));
        assert_eq!(r(":+5"), (100, stop_at(105)));
        assert_eq!(r("150:5000"), (150, stop_at(5000)), "ends are not clamped");
        // stored: committed, else start.
        let with = Marks {
            committed: Some(170),
            ..m
        };
        assert_eq!(
            resolve(&one("stored"), Pos::Start, with, None, None, NOW),
            (170, Stop::default())
        );
        assert_eq!(
            resolve(&Range::default(), Pos::Stored, m, None, None, NOW),
            (100, Stop::default())
        );
        // Empty partition.
        assert_eq!(
            resolve(&one(":end"), Pos::Start, marks(7, 7), None, None, NOW),
            (7, stop_at(7))
        );
    }

    #[test]
    fn time_resolution() {
        let m = marks(0, 50);
        let range = one("@-2h:@-1h");
        assert_eq!(
            resolve(&range, Pos::Start, m, Some(10), Some(20), NOW),
            (10, stop_at(20))
        );
        // No record at/after the start time: start at the end.
        assert_eq!(
            resolve(&range, Pos::Start, m, None, None, NOW),
            (50, stop_at(50))
        );
        // A stop time still in the future is checked record by record.
        let ahead = one("@-1h:@+1h");
        assert_eq!(
            resolve(&ahead, Pos::Start, m, Some(3), None, NOW),
            (
                3,
                Stop {
                    offset: None,
                    time: Some(NOW + H)
                }
            )
        );
        assert_eq!(times(&ahead), (Some(NOW - H), Some(NOW + H)));
    }

    #[test]
    fn stop_min() {
        let a = stop_at(10);
        let b = Stop {
            offset: Some(5),
            time: Some(1),
        };
        assert_eq!(
            a.min(b),
            Stop {
                offset: Some(5),
                time: Some(1)
            }
        );
        assert_eq!(Stop::default().min(a), a);
    }

    #[test]
    fn partition_lists() {
        assert_eq!(parse_partitions("0,2,5-7").unwrap(), vec![0, 2, 5, 6, 7]);
        assert_eq!(parse_partitions("3, 1,1").unwrap(), vec![1, 3]);
        for bad in ["", "a", "1-", "5-2", "-1", "1,,2"] {
            assert!(parse_partitions(bad).is_err(), "{bad:?}");
        }
    }
}
