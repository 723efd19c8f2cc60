//! Points in time as people write them on a command line: `@TIME` offsets, `--until`,
//! and the relative forms CI scripts use (`-1h`).
//!
//! Everything resolves to milliseconds since the epoch, the unit of Kafka timestamps,
//! against one `now` taken when the command starts, so that `@-1h:@-30m` is one window
//! and not two that drift apart while the command looks up offsets.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

/// Milliseconds since the Unix epoch, now.
pub fn now_ms() -> i64 {
    Utc::now().timestamp_millis()
}

/// Parses a duration like `90s`, `1h30m`, `2d`, `500ms`; a bare number is seconds.
pub fn parse_duration_ms(s: &str) -> Result<i64, String> {
    let d = crate::cli::parse_duration(s)?;
    i64::try_from(d.as_millis()).map_err(|_| format!("duration '{s}' is too long"))
}

/// Parses a point in time:
///
/// - milliseconds since the epoch: `1700000000000`
/// - RFC 3339: `2024-05-01T12:00:00Z`, `2024-05-01T14:00:00+02:00`, fractions allowed
/// - a date or a date and time without a zone (UTC): `2024-05-01`, `2024-05-01T12:00`,
///   `2024-05-01 12:00:00`
/// - relative to now: `-1h`, `-15m`, `+10s`, `now`
pub fn parse_time(s: &str, now: i64) -> Result<i64, String> {
    let s = s.trim();
    if s.is_empty() {
        return Err("empty time".into());
    }
    if s == "now" {
        return Ok(now);
    }
    if let Some(rest) = s.strip_prefix('-') {
        return Ok(now.saturating_sub(parse_duration_ms(rest).map_err(|_| bad_time(s))?));
    }
    if let Some(rest) = s.strip_prefix('+') {
        return Ok(now.saturating_add(parse_duration_ms(rest).map_err(|_| bad_time(s))?));
    }
    if s.bytes().all(|b| b.is_ascii_digit()) {
        return s.parse::<i64>().map_err(|_| bad_time(s));
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(t.timestamp_millis());
    }
    // A zone-less date-time, with `T` or a space, with or without seconds and fractions.
    let normalized = s.replacen(' ', "T", 1);
    for fmt in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(&normalized, fmt) {
            return Ok(t.and_utc().timestamp_millis());
        }
    }
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        if let Some(t) = d.and_hms_opt(0, 0, 0) {
            return Ok(t.and_utc().timestamp_millis());
        }
    }
    Err(bad_time(s))
}

fn bad_time(s: &str) -> String {
    format!(
        "invalid time '{s}' (use milliseconds since the epoch, RFC 3339 like \
         2024-05-01T12:00:00Z, a date like 2024-05-01, or relative like -1h)"
    )
}

/// Formats milliseconds since the epoch with a strftime pattern, in UTC.
/// Writes nothing for a timestamp chrono cannot represent.
pub fn write_strftime(out: &mut Vec<u8>, ms: i64, items: &[chrono::format::Item<'static>]) {
    if let Some(text) = strftime(ms, items) {
        out.extend_from_slice(text.as_bytes());
    }
}

/// `ms` formatted with `items`; `None` when the time is out of range or an item cannot be
/// formatted (chrono's parse-only `%#z`). Through `fmt::Write`, because `io::Write`
/// panics when a `Display` fails on its own.
pub fn strftime(ms: i64, items: &[chrono::format::Item<'static>]) -> Option<String> {
    use std::fmt::Write;
    let t = DateTime::<Utc>::from_timestamp_millis(ms)?;
    let mut text = String::new();
    write!(text, "{}", t.format_with_items(items.iter())).ok()?;
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_700_000_000_000;

    #[test]
    fn absolute_forms() {
        assert_eq!(parse_time("1700000000123", NOW).unwrap(), 1_700_000_000_123);
        assert_eq!(
            parse_time("2024-05-01T12:00:00Z", NOW).unwrap(),
            1_714_564_800_000
        );
        assert_eq!(
            parse_time("2024-05-01T14:00:00+02:00", NOW).unwrap(),
            1_714_564_800_000
        );
        assert_eq!(
            parse_time("2024-05-01T12:00:00.250Z", NOW).unwrap(),
            1_714_564_800_250
        );
        assert_eq!(parse_time("2024-05-01", NOW).unwrap(), 1_714_521_600_000);
        assert_eq!(
            parse_time("2024-05-01T12:00", NOW).unwrap(),
            1_714_564_800_000
        );
        assert_eq!(
            parse_time("2024-05-01 12:00:00", NOW).unwrap(),
            1_714_564_800_000
        );
    }

    #[test]
    fn relative_forms() {
        assert_eq!(parse_time("now", NOW).unwrap(), NOW);
        assert_eq!(parse_time("-1h", NOW).unwrap(), NOW - 3_600_000);
        assert_eq!(parse_time("-1h30m", NOW).unwrap(), NOW - 5_400_000);
        assert_eq!(parse_time("+10s", NOW).unwrap(), NOW + 10_000);
        assert_eq!(parse_time("-2d", NOW).unwrap(), NOW - 2 * 86_400_000);
    }

    #[test]
    fn rejects_nonsense() {
        for bad in ["", "yesterday", "2024-13-01", "-", "-1x", "12:00"] {
            assert!(parse_time(bad, NOW).is_err(), "{bad}");
        }
    }
}
