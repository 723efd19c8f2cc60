//! Text forms of Avro's logical types for the `plain` JSON mapping, both ways:
//! dates (`2024-02-29`), times of day (`13:45:30.123`), timestamps in RFC 3339
//! (`2024-02-29T13:45:30.123Z`, without the `Z` for local timestamps), decimals as exact
//! strings (`-12.50`), and UUIDs. Calendar arithmetic is the proleptic Gregorian
//! calendar of the specification, done here without a date library.

/// Sub-second unit of a time or timestamp.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Millis,
    Micros,
    Nanos,
}

impl Unit {
    pub fn per_second(self) -> i64 {
        match self {
            Unit::Millis => 1_000,
            Unit::Micros => 1_000_000,
            Unit::Nanos => 1_000_000_000,
        }
    }

    fn digits(self) -> usize {
        match self {
            Unit::Millis => 3,
            Unit::Micros => 6,
            Unit::Nanos => 9,
        }
    }
}

const SECONDS_PER_DAY: i64 = 86_400;

/// (year, month, day) of a day count since 1970-01-01.
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    // Howard Hinnant's days_from_civil inverse, in eras of 400 years.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// Days since 1970-01-01 of a (valid) calendar date.
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(m);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        _ => 28,
    }
}

/// `YYYY-MM-DD`, or `None` outside years 0000-9999 (shown as a number instead).
pub fn format_date(days: i64) -> Option<String> {
    let (y, m, d) = civil_from_days(days);
    (0..=9999)
        .contains(&y)
        .then(|| format!("{y:04}-{m:02}-{d:02}"))
}

fn format_clock(out: &mut String, secs_of_day: i64, frac: i64, unit: Unit) {
    use std::fmt::Write;
    let (h, rest) = (secs_of_day / 3600, secs_of_day % 3600);
    let _ = write!(
        out,
        "{h:02}:{:02}:{:02}.{frac:0width$}",
        rest / 60,
        rest % 60,
        width = unit.digits()
    );
}

/// `HH:MM:SS.fff` for a time of day, or `None` when out of 0..24h.
pub fn format_time(value: i64, unit: Unit) -> Option<String> {
    let per = unit.per_second();
    if !(0..SECONDS_PER_DAY * per).contains(&value) {
        return None;
    }
    let mut out = String::with_capacity(16);
    format_clock(&mut out, value / per, value % per, unit);
    Some(out)
}

/// RFC 3339 for a timestamp (`Z` unless `local`), or `None` outside years 0000-9999.
pub fn format_timestamp(value: i64, unit: Unit, local: bool) -> Option<String> {
    let per = unit.per_second();
    let secs = value.div_euclid(per);
    let frac = value.rem_euclid(per);
    let days = secs.div_euclid(SECONDS_PER_DAY);
    let mut out = format_date(days)?;
    out.reserve(20);
    out.push('T');
    format_clock(&mut out, secs.rem_euclid(SECONDS_PER_DAY), frac, unit);
    if !local {
        out.push('Z');
    }
    Some(out)
}

/// A tiny cursor for the fixed-layout formats below.
struct Cursor<'a> {
    s: &'a [u8],
    i: usize,
}

impl Cursor<'_> {
    fn digits(&mut self, n: usize) -> Option<i64> {
        let part = self.s.get(self.i..self.i + n)?;
        if !part.iter().all(u8::is_ascii_digit) {
            return None;
        }
        self.i += n;
        Some(part.iter().fold(0, |acc, d| acc * 10 + i64::from(d - b'0')))
    }

    fn byte(&mut self, want: &[u8]) -> Option<u8> {
        let b = *self.s.get(self.i)?;
        if want.contains(&b) {
            self.i += 1;
            Some(b)
        } else {
            None
        }
    }

    fn done(&self) -> bool {
        self.i == self.s.len()
    }

    /// `.ddd` fraction scaled to `unit`; an error when it has more precision than `unit`
    /// can hold (non-zero digits would be lost).
    fn fraction(&mut self, unit: Unit) -> Result<i64, String> {
        if self.byte(b".").is_none() {
            return Ok(0);
        }
        let start = self.i;
        while self.s.get(self.i).is_some_and(u8::is_ascii_digit) {
            self.i += 1;
        }
        let digits = &self.s[start..self.i];
        if digits.is_empty() {
            return Err("a '.' without digits".into());
        }
        let keep = unit.digits();
        if digits.iter().skip(keep).any(|d| *d != b'0') {
            return Err(format!(
                "more precision than the type holds ({keep} fractional digits)"
            ));
        }
        let mut frac = 0i64;
        for i in 0..keep {
            frac = frac * 10 + digits.get(i).map_or(0, |d| i64::from(d - b'0'));
        }
        Ok(frac)
    }
}

fn parse_date_part(c: &mut Cursor<'_>) -> Option<i64> {
    let y = c.digits(4)?;
    c.byte(b"-")?;
    let m = u32::try_from(c.digits(2)?).ok()?;
    c.byte(b"-")?;
    let d = u32::try_from(c.digits(2)?).ok()?;
    if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
        return None;
    }
    Some(days_from_civil(y, m, d))
}

fn parse_clock(c: &mut Cursor<'_>, unit: Unit) -> Result<i64, String> {
    let bad = || "expected HH:MM:SS".to_string();
    let h = c.digits(2).ok_or_else(bad)?;
    c.byte(b":").ok_or_else(bad)?;
    let m = c.digits(2).ok_or_else(bad)?;
    c.byte(b":").ok_or_else(bad)?;
    let s = c.digits(2).ok_or_else(bad)?;
    // Leap seconds (":60") have no representation in Avro.
    if h > 23 || m > 59 || s > 59 {
        return Err("time of day out of range".into());
    }
    let frac = c.fraction(unit)?;
    Ok((h * 3600 + m * 60 + s) * unit.per_second() + frac)
}

/// Parses `YYYY-MM-DD` into days since the epoch.
pub fn parse_date(s: &str) -> Result<i64, String> {
    let mut c = Cursor {
        s: s.as_bytes(),
        i: 0,
    };
    match parse_date_part(&mut c) {
        Some(days) if c.done() => Ok(days),
        _ => Err(format!("invalid date '{s}', expected YYYY-MM-DD")),
    }
}

/// Parses `HH:MM:SS[.fff]` into `unit`s since midnight.
pub fn parse_time(s: &str, unit: Unit) -> Result<i64, String> {
    let mut c = Cursor {
        s: s.as_bytes(),
        i: 0,
    };
    let v = parse_clock(&mut c, unit).map_err(|e| format!("invalid time '{s}': {e}"))?;
    if !c.done() {
        return Err(format!("invalid time '{s}', expected HH:MM:SS[.fraction]"));
    }
    Ok(v)
}

/// Parses an RFC 3339 timestamp (`T` or a space between date and time; `Z`, an offset,
/// or nothing, meaning UTC) into `unit`s since the epoch.
pub fn parse_timestamp(s: &str, unit: Unit) -> Result<i64, String> {
    let bad = |why: &str| format!("invalid timestamp '{s}': {why}");
    let mut c = Cursor {
        s: s.as_bytes(),
        i: 0,
    };
    let days = parse_date_part(&mut c).ok_or_else(|| bad("expected YYYY-MM-DDTHH:MM:SS"))?;
    c.byte(b"Tt ")
        .ok_or_else(|| bad("expected 'T' after the date"))?;
    let clock = parse_clock(&mut c, unit).map_err(|e| bad(&e))?;
    let offset_secs = match c.byte(b"Zz+-") {
        None => 0,
        Some(b'Z' | b'z') => 0,
        Some(sign) => {
            let h = c.digits(2).ok_or_else(|| bad("invalid offset"))?;
            c.byte(b":").ok_or_else(|| bad("invalid offset"))?;
            let m = c.digits(2).ok_or_else(|| bad("invalid offset"))?;
            if h > 23 || m > 59 {
                return Err(bad("invalid offset"));
            }
            let secs = h * 3600 + m * 60;
            if sign == b'-' {
                -secs
            } else {
                secs
            }
        }
    };
    if !c.done() {
        return Err(bad("unexpected text after the time"));
    }
    let per = unit.per_second();
    days.checked_mul(SECONDS_PER_DAY)
        .and_then(|secs| secs.checked_sub(offset_secs))
        .and_then(|secs| secs.checked_mul(per))
        .and_then(|v| v.checked_add(clock))
        .ok_or_else(|| bad("out of range"))
}

/// A two's-complement big-endian integer scaled by `scale`, as exact decimal text.
pub fn format_decimal(bytes: &[u8], scale: u32) -> String {
    let negative = bytes.first().is_some_and(|b| b & 0x80 != 0);
    // Magnitude, big-endian.
    let mut mag: Vec<u8> = if negative {
        let mut m: Vec<u8> = bytes.iter().map(|b| !b).collect();
        for b in m.iter_mut().rev() {
            let (v, carry) = b.overflowing_add(1);
            *b = v;
            if !carry {
                break;
            }
        }
        m
    } else {
        bytes.to_vec()
    };
    // Repeated division by 10^9 gives the digits, nine at a time, least significant first.
    let mut chunks: Vec<u32> = Vec::new();
    while mag.iter().any(|b| *b != 0) {
        let mut rem: u64 = 0;
        for b in mag.iter_mut() {
            let cur = (rem << 8) | u64::from(*b);
            *b = (cur / 1_000_000_000) as u8;
            rem = cur % 1_000_000_000;
        }
        chunks.push(rem as u32);
    }
    let mut digits = match chunks.pop() {
        None => String::from("0"),
        Some(top) => {
            let mut s = top.to_string();
            for c in chunks.iter().rev() {
                s.push_str(&format!("{c:09}"));
            }
            s
        }
    };
    let scale = scale as usize;
    if scale > 0 {
        if digits.len() <= scale {
            digits = format!("{}{digits}", "0".repeat(scale + 1 - digits.len()));
        }
        digits.insert(digits.len() - scale, '.');
    }
    if negative {
        digits.insert(0, '-');
    }
    digits
}

/// Parses decimal text (`-12.5`, `3`, `1e3` is refused) into the minimal two's-complement
/// big-endian bytes of the unscaled value, checking `precision` and `scale`.
pub fn parse_decimal(text: &str, precision: u32, scale: u32) -> Result<Vec<u8>, String> {
    let bad = |why: &str| format!("invalid decimal '{text}': {why}");
    let t = text.trim();
    let (negative, t) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let (int_part, frac_part) = t.split_once('.').unwrap_or((t, ""));
    if int_part.is_empty() && frac_part.is_empty()
        || !int_part.bytes().all(|b| b.is_ascii_digit())
        || !frac_part.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(bad("expected digits with an optional '.' and sign"));
    }
    let frac_trimmed = frac_part.trim_end_matches('0');
    if frac_trimmed.len() > scale as usize {
        return Err(bad(&format!("more than {scale} digits after the point")));
    }
    let mut digits: Vec<u8> = int_part.bytes().map(|b| b - b'0').collect();
    digits.extend(frac_part.bytes().map(|b| b - b'0').take(scale as usize));
    digits.extend(std::iter::repeat_n(
        0,
        (scale as usize).saturating_sub(frac_part.len()),
    ));
    let significant = digits.iter().skip_while(|d| **d == 0).count();
    if significant > precision as usize {
        return Err(bad(&format!("more than {precision} significant digits")));
    }
    // Magnitude as big-endian bytes by multiply-and-add.
    let mut mag: Vec<u8> = vec![0];
    for d in digits {
        let mut carry = u32::from(d);
        for b in mag.iter_mut().rev() {
            let v = u32::from(*b) * 10 + carry;
            *b = v as u8;
            carry = v >> 8;
        }
        while carry > 0 {
            mag.insert(0, carry as u8);
            carry >>= 8;
        }
    }
    // Room for the sign bit.
    if mag[0] & 0x80 != 0 {
        mag.insert(0, 0);
    }
    if negative {
        for b in mag.iter_mut() {
            *b = !*b;
        }
        for b in mag.iter_mut().rev() {
            let (v, carry) = b.overflowing_add(1);
            *b = v;
            if !carry {
                break;
            }
        }
    }
    // Minimal form: drop redundant sign bytes.
    while mag.len() > 1
        && ((mag[0] == 0 && mag[1] & 0x80 == 0) || (mag[0] == 0xff && mag[1] & 0x80 != 0))
    {
        mag.remove(0);
    }
    Ok(mag)
}

/// Sign-extends minimal two's-complement bytes to exactly `size` bytes.
pub fn sign_extend(bytes: &[u8], size: usize) -> Option<Vec<u8>> {
    if bytes.len() > size {
        return None;
    }
    let fill = if bytes.first().is_some_and(|b| b & 0x80 != 0) {
        0xff
    } else {
        0
    };
    let mut out = vec![fill; size - bytes.len()];
    out.extend_from_slice(bytes);
    Some(out)
}

/// The canonical 8-4-4-4-12 text of 16 bytes.
pub fn format_uuid(b: &[u8]) -> String {
    let h = hex::encode(b);
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

/// Parses a UUID's text (hyphens optional, any case) into 16 bytes.
pub fn parse_uuid(s: &str) -> Result<[u8; 16], String> {
    let hexits: String = s.chars().filter(|c| *c != '-').collect();
    let well_formed = s.len() == 36
        && s.char_indices()
            .all(|(i, c)| matches!(i, 8 | 13 | 18 | 23) == (c == '-'))
        || s.len() == 32;
    let mut out = [0u8; 16];
    if !well_formed || hex::decode_to_slice(&hexits, &mut out).is_err() {
        return Err(format!("invalid UUID '{s}'"));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_round_trips() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        assert_eq!(civil_from_days(19_782), (2024, 2, 29));
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        for days in (-800_000..800_000).step_by(997) {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }

    #[test]
    fn dates_times_and_timestamps() {
        assert_eq!(format_date(19_782).unwrap(), "2024-02-29");
        assert_eq!(parse_date("2024-02-29").unwrap(), 19_782);
        assert!(parse_date("2023-02-29").is_err());
        assert!(parse_date("2024-2-29").is_err());
        assert_eq!(format_date(-719_529), None, "year -1 is shown as a number");

        assert_eq!(
            format_time(49_530_123, Unit::Millis).unwrap(),
            "13:45:30.123"
        );
        assert_eq!(format_time(1, Unit::Micros).unwrap(), "00:00:00.000001");
        assert_eq!(format_time(86_400_000, Unit::Millis), None);
        assert_eq!(
            parse_time("13:45:30.123", Unit::Millis).unwrap(),
            49_530_123
        );
        assert_eq!(
            parse_time("13:45:30", Unit::Micros).unwrap(),
            49_530_000_000
        );
        assert!(parse_time("13:45:30.1234", Unit::Millis).is_err());
        assert_eq!(
            parse_time("13:45:30.1230", Unit::Millis).unwrap(),
            49_530_123
        );
        assert!(parse_time("24:00:00", Unit::Millis).is_err());

        let ts = 1_709_214_330_123; // 2024-02-29T13:45:30.123Z
        assert_eq!(
            format_timestamp(ts, Unit::Millis, false).unwrap(),
            "2024-02-29T13:45:30.123Z"
        );
        assert_eq!(
            format_timestamp(ts * 1000 + 4, Unit::Micros, true).unwrap(),
            "2024-02-29T13:45:30.123004"
        );
        assert_eq!(
            format_timestamp(-1, Unit::Nanos, false).unwrap(),
            "1969-12-31T23:59:59.999999999Z"
        );
        for text in [
            "2024-02-29T13:45:30.123Z",
            "2024-02-29 13:45:30.123",
            "2024-02-29T14:45:30.123+01:00",
            "2024-02-29T12:15:30.123-01:30",
        ] {
            assert_eq!(parse_timestamp(text, Unit::Millis), Ok(ts), "{text}");
        }
        assert_eq!(
            parse_timestamp("1969-12-31T23:59:59.999999999Z", Unit::Nanos),
            Ok(-1)
        );
        assert!(parse_timestamp("2024-02-29T13:45:30.1234Z", Unit::Millis).is_err());
        assert!(parse_timestamp("2024-02-29", Unit::Millis).is_err());
        assert!(parse_timestamp("2024-02-29T13:45:30Zjunk", Unit::Millis).is_err());
        assert_eq!(format_timestamp(i64::MAX, Unit::Millis, false), None);
    }

    #[test]
    fn decimals_both_ways() {
        let cases: &[(&[u8], u32, &str)] = &[
            (&[0x00], 2, "0.00"),
            (&[0x04, 0xd2], 2, "12.34"),
            (&[0xfb, 0x2e], 2, "-12.34"),
            (&[0xff], 0, "-1"),
            (&[0x01], 3, "0.001"),
            (&[0x80], 0, "-128"),
            (&[0x00, 0x80], 0, "128"),
        ];
        for (bytes, scale, text) in cases {
            assert_eq!(format_decimal(bytes, *scale), *text);
            assert_eq!(parse_decimal(text, 38, *scale).unwrap(), *bytes, "{text}");
        }
        // Longer than i128: 2^127 has 39 digits.
        let mut big = vec![0u8; 17];
        big[1] = 0x80;
        assert_eq!(
            format_decimal(&big, 0),
            "170141183460469231731687303715884105728"
        );
        assert_eq!(
            parse_decimal("170141183460469231731687303715884105728", 39, 0).unwrap(),
            big
        );
        assert_eq!(parse_decimal("12.5", 4, 2).unwrap(), vec![0x04, 0xe2]);
        assert_eq!(parse_decimal("12.500", 4, 2).unwrap(), vec![0x04, 0xe2]);
        assert!(parse_decimal("12.345", 9, 2).is_err());
        assert!(parse_decimal("123.45", 4, 2).is_err());
        assert!(parse_decimal("1e3", 9, 2).is_err());
        assert!(parse_decimal("", 9, 2).is_err());
        assert_eq!(
            sign_extend(&[0xfb, 0x2e], 4).unwrap(),
            [0xff, 0xff, 0xfb, 0x2e]
        );
        assert_eq!(sign_extend(&[1, 2, 3], 2), None);
    }

    #[test]
    fn uuids() {
        let bytes: Vec<u8> = (0..16).collect();
        let text = format_uuid(&bytes);
        assert_eq!(text, "00010203-0405-0607-0809-0a0b0c0d0e0f");
        assert_eq!(parse_uuid(&text).unwrap().to_vec(), bytes);
        assert_eq!(
            parse_uuid("000102030405060708090A0B0C0D0E0F")
                .unwrap()
                .to_vec(),
            bytes
        );
        assert!(parse_uuid("0001020-30405-0607-0809-0a0b0c0d0e0f").is_err());
        assert!(parse_uuid("nope").is_err());
    }
}
