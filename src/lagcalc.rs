//! Lag semantics, kept free of I/O so every rule is unit-tested.
//!
//! - **Lag** = log end − committed offset, where "log end" is the high watermark, or the
//!   last stable offset (LSO) when asked for read_committed (`--isolation`).
//! - **No commit**: the group would read the partition from its log start (with
//!   `auto.offset.reset=earliest`), so lag = end − log start, and the row is flagged.
//!   It is never end − (−1) = end + 1, the bug of several CLIs (LAG.md §9).
//! - **Commit below the log start** (retention or DeleteRecords removed records): the
//!   readable backlog is end − log start; flagged, because the consumer will hit an
//!   out-of-range error and reset.
//! - **Commit above the end** (negative lag: truncation, unclean election, offset
//!   translation, or a commit beyond the end): clamped to 0 and flagged, with the raw
//!   value kept. Committed offsets are always fetched *before* end offsets, so a healthy
//!   partition can never produce a spurious negative.
//! - **Status** per partition, in the spirit of Burrow, from the samples of a watch
//!   window (see [`partition_status`]).

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Why a partition's lag needs a second look.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flag {
    /// The group never committed here; lag is counted from the log start.
    NoCommit,
    /// The commit is older than the log start; lag is counted from the log start.
    BelowLogStart,
    /// The commit is past the log end; lag is clamped to 0.
    Negative,
}

impl Flag {
    pub fn as_str(self) -> &'static str {
        match self {
            Flag::NoCommit => "no_commit",
            Flag::BelowLogStart => "below_log_start",
            Flag::Negative => "negative",
        }
    }

    /// A short note for tables.
    pub fn note(self, log_start: i64, raw: i64) -> String {
        match self {
            Flag::NoCommit => format!("no commit: counted from log start {log_start}"),
            Flag::BelowLogStart => {
                format!("commit below log start {log_start}: counted from there")
            }
            Flag::Negative => format!("commit past log end (raw lag {raw}): clamped to 0"),
        }
    }
}

/// The lag of one partition.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Lag {
    /// What the group still has to read (never negative).
    pub lag: i64,
    /// end − committed (or end − log start without a commit), before clamping.
    pub raw: i64,
    pub flag: Option<Flag>,
}

/// Computes one partition's lag from its committed offset and log start and end.
pub fn lag(committed: Option<i64>, log_start: i64, log_end: i64) -> Lag {
    let log_start = log_start.max(0);
    let log_end = log_end.max(log_start);
    match committed {
        None => Lag {
            lag: log_end - log_start,
            raw: log_end - log_start,
            flag: Some(Flag::NoCommit),
        },
        Some(c) if c < log_start => Lag {
            lag: log_end - log_start,
            raw: log_end - c,
            flag: Some(Flag::BelowLogStart),
        },
        Some(c) if c > log_end => Lag {
            lag: 0,
            raw: log_end - c,
            flag: Some(Flag::Negative),
        },
        Some(c) => Lag {
            lag: log_end - c,
            raw: log_end - c,
            flag: None,
        },
    }
}

/// The offset a group would read next: its commit, or the log start when it has none
/// or its commit fell below the log start.
pub fn next_offset(committed: Option<i64>, log_start: i64) -> i64 {
    committed.map_or(log_start, |c| c.max(log_start))
}

/// Consumer health, worst last. The group status is the worst partition status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    /// Caught up, or catching up.
    Ok,
    /// Lag > 0 and not shrinking over the window (one sample: lag > 0 with members).
    Lagging,
    /// The committed offset went backwards (a reset or a replay).
    Rewound,
    /// Lag > 0 and the committed offset did not move over the window, members present.
    Stalled,
    /// Lag > 0 and the group has no active members: nobody is consuming.
    Stopped,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "OK",
            Status::Lagging => "LAGGING",
            Status::Rewound => "REWOUND",
            Status::Stalled => "STALLED",
            Status::Stopped => "STOPPED",
        }
    }

    /// A stable number for Prometheus (`kpipe_consumergroup_status`).
    pub fn code(self) -> u8 {
        match self {
            Status::Ok => 1,
            Status::Lagging => 2,
            Status::Rewound => 3,
            Status::Stalled => 4,
            Status::Stopped => 5,
        }
    }
}

/// One observation of a partition.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sample {
    pub committed: Option<i64>,
    pub lag: i64,
}

/// Fewest samples before "not moving" or "not shrinking" is believed: a consumer that
/// commits every 5 s looks frozen between two samples 1 s apart.
pub const MIN_TREND_SAMPLES: usize = 3;

/// The status of one partition from its samples, oldest first (the last is current).
/// `has_members` is `None` when the broker cannot describe groups.
pub fn partition_status(window: &[Sample], has_members: Option<bool>) -> Status {
    let Some(last) = window.last() else {
        return Status::Ok;
    };
    if window.len() >= 2 {
        let before = window[..window.len() - 1]
            .iter()
            .filter_map(|s| s.committed)
            .max();
        if let (Some(before), Some(now)) = (before, last.committed) {
            if now < before {
                return Status::Rewound;
            }
        }
    }
    if last.lag == 0 {
        return Status::Ok;
    }
    if has_members == Some(false) {
        return Status::Stopped;
    }
    if window.len() < MIN_TREND_SAMPLES {
        return Status::Lagging;
    }
    let first = window[0];
    if first.committed == last.committed {
        return Status::Stalled;
    }
    if last.lag >= first.lag {
        return Status::Lagging;
    }
    Status::Ok
}

/// Consumption and production rates over a window, and the time to catch up.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rates {
    /// Records committed per second.
    pub consume: f64,
    /// Records appended per second.
    pub produce: f64,
    /// Time to reach zero lag at these rates: `Some(ZERO)` when caught up, `None` when
    /// the consumer is not gaining on the producers.
    pub eta: Option<Duration>,
}

/// Rates from the sums of committed and end offsets at two instants `seconds` apart.
pub fn rates(committed_delta: i64, end_delta: i64, seconds: f64, lag_now: i64) -> Option<Rates> {
    if seconds <= 0.0 {
        return None;
    }
    let consume = committed_delta as f64 / seconds;
    let produce = end_delta as f64 / seconds;
    let eta = if lag_now <= 0 {
        Some(Duration::ZERO)
    } else if consume > produce {
        Some(Duration::from_secs_f64(
            lag_now as f64 / (consume - produce),
        ))
    } else {
        None
    };
    Some(Rates {
        consume,
        produce,
        eta,
    })
}

/// Milliseconds since the Unix epoch, now.
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// A timestamp in ms as RFC 3339 UTC with milliseconds.
pub fn format_timestamp(ms: i64) -> String {
    if ms < 0 {
        return "-".to_string();
    }
    let t = UNIX_EPOCH + Duration::from_millis(ms.unsigned_abs());
    humantime::format_rfc3339_millis(t).to_string()
}

/// A duration for people: `0s`, `850ms`, `42s`, `3m12s`, `2h5m`, `3d4h`.
pub fn format_duration_ms(ms: i64) -> String {
    let ms = ms.max(0);
    if ms < 1000 {
        return if ms == 0 {
            "0s".into()
        } else {
            format!("{ms}ms")
        };
    }
    let s = ms / 1000;
    let (d, h, m, s) = (s / 86_400, s / 3600 % 24, s / 60 % 60, s % 60);
    if d > 0 {
        format!("{d}d{h}h")
    } else if h > 0 {
        format!("{h}h{m}m")
    } else if m > 0 {
        format!("{m}m{s}s")
    } else {
        format!("{s}s")
    }
}

/// Parses a timestamp for `--to time:`: epoch milliseconds, or RFC 3339
/// (`2024-05-01T12:00:00Z`, `2024-05-01T12:00:00.250+02:00`, `2024-05-01 12:00:00`,
/// `2024-05-01`); without a zone it is UTC, like `kafka-consumer-groups --to-datetime`.
pub fn parse_timestamp(s: &str) -> Result<i64, String> {
    let s = s.trim();
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
        return s
            .parse::<i64>()
            .map_err(|_| format!("timestamp '{s}' is out of range"));
    }
    parse_rfc3339(s).ok_or_else(|| {
        format!(
            "invalid timestamp '{s}': expected epoch milliseconds or RFC 3339, \
             e.g. 2024-05-01T12:00:00Z or 2024-05-01T14:00:00+02:00"
        )
    })
}

fn parse_rfc3339(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    let num = |from: usize, len: usize| -> Option<i64> {
        let part = s.get(from..from + len)?;
        if part.bytes().all(|c| c.is_ascii_digit()) {
            part.parse().ok()
        } else {
            None
        }
    };
    let year = num(0, 4)?;
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let month = num(5, 2)?;
    let day = num(8, 2)?;
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    let mut ms = days_from_civil(year, month, day) * 86_400_000;
    if b.len() == 10 {
        return Some(ms);
    }
    if !matches!(b.get(10), Some(b'T' | b't' | b' ')) {
        return None;
    }
    let hour = num(11, 2)?;
    if b.get(13) != Some(&b':') {
        return None;
    }
    let minute = num(14, 2)?;
    let mut pos = 16;
    let mut second = 0;
    if b.get(pos) == Some(&b':') {
        second = num(17, 2)?;
        pos = 19;
    }
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    ms += (hour * 3600 + minute * 60 + second) * 1000;
    if b.get(pos) == Some(&b'.') {
        let start = pos + 1;
        let mut end = start;
        while end < b.len() && b[end].is_ascii_digit() {
            end += 1;
        }
        if end == start {
            return None;
        }
        let digits = &s[start..end.min(start + 3)];
        let frac: i64 = digits.parse().ok()?;
        ms += frac * 10_i64.pow(3 - u32::try_from(digits.len()).ok()?);
        pos = end;
    }
    match b.get(pos) {
        None => Some(ms),
        Some(b'Z' | b'z') if pos + 1 == b.len() => Some(ms),
        Some(&sign @ (b'+' | b'-')) => {
            let oh = num(pos + 1, 2)?;
            let om = if b.get(pos + 3) == Some(&b':') {
                if pos + 6 != b.len() {
                    return None;
                }
                num(pos + 4, 2)?
            } else if pos + 3 == b.len() {
                0
            } else {
                if pos + 5 != b.len() {
                    return None;
                }
                num(pos + 3, 2)?
            };
            let offset = (oh * 60 + om) * 60_000;
            Some(if sign == b'+' {
                ms - offset
            } else {
                ms + offset
            })
        }
        _ => None,
    }
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Escapes a Prometheus label value.
pub fn prom_label(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lag_rules() {
        assert_eq!(
            lag(Some(10), 0, 15),
            Lag {
                lag: 5,
                raw: 5,
                flag: None
            }
        );
        // No commit: from the log start, never end + 1.
        assert_eq!(
            lag(None, 3, 10),
            Lag {
                lag: 7,
                raw: 7,
                flag: Some(Flag::NoCommit)
            }
        );
        assert_eq!(lag(None, 0, 0).lag, 0);
        // Commit below the log start.
        assert_eq!(
            lag(Some(2), 5, 9),
            Lag {
                lag: 4,
                raw: 7,
                flag: Some(Flag::BelowLogStart)
            }
        );
        // Negative: clamped and flagged, raw kept.
        assert_eq!(
            lag(Some(100), 0, 40),
            Lag {
                lag: 0,
                raw: -60,
                flag: Some(Flag::Negative)
            }
        );
        // Caught up.
        assert_eq!(lag(Some(40), 0, 40).lag, 0);
        assert_eq!(lag(Some(40), 0, 40).flag, None);
        assert_eq!(next_offset(None, 4), 4);
        assert_eq!(next_offset(Some(2), 4), 4);
        assert_eq!(next_offset(Some(9), 4), 9);
    }

    fn s(committed: i64, lag: i64) -> Sample {
        Sample {
            committed: Some(committed),
            lag,
        }
    }

    #[test]
    fn statuses() {
        assert_eq!(partition_status(&[s(10, 0)], Some(true)), Status::Ok);
        assert_eq!(partition_status(&[s(10, 5)], Some(true)), Status::Lagging);
        assert_eq!(partition_status(&[s(10, 5)], Some(false)), Status::Stopped);
        assert_eq!(partition_status(&[s(10, 5)], None), Status::Lagging);
        // Not moving with members: stalled; not moving without: stopped.
        let frozen = [s(10, 5), s(10, 7), s(10, 9)];
        assert_eq!(partition_status(&frozen, Some(true)), Status::Stalled);
        assert_eq!(partition_status(&frozen, None), Status::Stalled);
        assert_eq!(partition_status(&frozen, Some(false)), Status::Stopped);
        // Too few samples to call it stalled.
        assert_eq!(
            partition_status(&[s(10, 5), s(10, 5)], Some(true)),
            Status::Lagging
        );
        // Moving but falling behind, and catching up.
        let behind = [s(10, 5), s(12, 6), s(14, 8)];
        assert_eq!(partition_status(&behind, Some(true)), Status::Lagging);
        let gaining = [s(10, 9), s(14, 6), s(18, 3)];
        assert_eq!(partition_status(&gaining, Some(true)), Status::Ok);
        // Rewound, even if caught up afterwards.
        let rewound = [s(50, 0), s(20, 30)];
        assert_eq!(partition_status(&rewound, Some(true)), Status::Rewound);
        // A commit appearing is not a rewind.
        let first = [
            Sample {
                committed: None,
                lag: 5,
            },
            s(3, 2),
        ];
        assert_eq!(partition_status(&first, Some(true)), Status::Lagging);
        assert!(Status::Stopped > Status::Stalled && Status::Stalled > Status::Ok);
    }

    #[test]
    fn rates_and_eta() {
        let r = rates(100, 50, 10.0, 25).unwrap();
        assert!((r.consume - 10.0).abs() < 1e-9 && (r.produce - 5.0).abs() < 1e-9);
        assert_eq!(r.eta, Some(Duration::from_secs(5)));
        assert_eq!(rates(10, 50, 10.0, 25).unwrap().eta, None);
        assert_eq!(rates(0, 0, 1.0, 0).unwrap().eta, Some(Duration::ZERO));
        assert!(rates(1, 1, 0.0, 1).is_none());
    }

    #[test]
    fn timestamps() {
        assert_eq!(parse_timestamp("0").unwrap(), 0);
        assert_eq!(parse_timestamp("1700000000000").unwrap(), 1_700_000_000_000);
        assert_eq!(parse_timestamp("1970-01-01T00:00:00Z").unwrap(), 0);
        assert_eq!(
            parse_timestamp("2023-11-14T22:13:20Z").unwrap(),
            1_700_000_000_000
        );
        assert_eq!(
            parse_timestamp("2023-11-14T22:13:20.5Z").unwrap(),
            1_700_000_000_500
        );
        assert_eq!(
            parse_timestamp("2023-11-14T23:13:20.123+01:00").unwrap(),
            1_700_000_000_123
        );
        assert_eq!(
            parse_timestamp("2023-11-14T21:13:20-0100").unwrap(),
            1_700_000_000_000
        );
        assert_eq!(
            parse_timestamp("2023-11-14 22:13:20").unwrap(),
            1_700_000_000_000
        );
        assert_eq!(parse_timestamp("2024-02-29").unwrap(), 1_709_164_800_000);
        for bad in [
            "",
            "yesterday",
            "2023-13-01",
            "2023-02-30",
            "2023-11-14T25:00:00Z",
            "2023-11-14T22:13:20Zjunk",
            "2023-11-14T22:13:20.Z",
        ] {
            assert!(parse_timestamp(bad).is_err(), "{bad}");
        }
        assert_eq!(
            format_timestamp(1_700_000_000_123),
            "2023-11-14T22:13:20.123Z"
        );
    }

    #[test]
    fn durations() {
        assert_eq!(format_duration_ms(0), "0s");
        assert_eq!(format_duration_ms(-5), "0s");
        assert_eq!(format_duration_ms(850), "850ms");
        assert_eq!(format_duration_ms(42_000), "42s");
        assert_eq!(format_duration_ms(192_000), "3m12s");
        assert_eq!(format_duration_ms(7_500_000), "2h5m");
        assert_eq!(format_duration_ms(3 * 86_400_000 + 4 * 3_600_000), "3d4h");
    }

    #[test]
    fn prometheus_labels() {
        assert_eq!(prom_label(r#"a"b\c"#), r#"a\"b\\c"#);
        assert_eq!(prom_label("x\ny"), "x\\ny");
    }
}
