//! Timestamps (`Edm.DateTimeOffset`) and human-readable time spans.
//!
//! Graph sends timestamps as RFC 3339 strings such as
//! `2025-02-13T10:17:06.1234567Z` (.NET emits up to 7 fractional digits).
//! [`GraphTime`] parses them by hand (no date crate) into UTC milliseconds
//! since the Unix epoch and keeps the original text.
//!
//! Everything here is pure: functions that need the current time take it as a
//! parameter (`now` in Unix milliseconds), so they behave the same natively,
//! in the browser and in tests.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use crate::sentinels::NEVER_BEFORE_UNIX_MILLIS;

/// Milliseconds in a second.
const SECOND: i64 = 1_000;
/// Milliseconds in a minute.
const MINUTE: i64 = 60 * SECOND;
/// Milliseconds in an hour.
const HOUR: i64 = 60 * MINUTE;
/// Milliseconds in a day.
const DAY: i64 = 24 * HOUR;

/// A Graph `DateTimeOffset` value, as received.
///
/// Design choice: a timestamp that cannot be parsed does **not** fail the
/// parse of the whole job. Microsoft's own samples put `""` and
/// `"String (timestamp)"` where a timestamp belongs, and one odd field must not
/// hide a job from the admin. Such values are kept verbatim as
/// [`GraphTime::Invalid`]; the app shows the raw text. Deserializing a
/// `GraphTime` therefore only fails when the JSON value is not a string or
/// `null` (a wrong shape).
///
/// `null` and an absent field read as [`GraphTime::Missing`] (use
/// `#[serde(default)]` on the field).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum GraphTime {
    /// The value was `null` or absent.
    #[default]
    Missing,
    /// A valid timestamp.
    At {
        /// The instant in UTC milliseconds since the Unix epoch (negative
        /// before 1970; sub-millisecond digits are truncated).
        unix_millis: i64,
        /// The text exactly as received.
        raw: String,
    },
    /// A string that is not a timestamp (including `""`), kept verbatim.
    Invalid(String),
}

impl GraphTime {
    /// Parses an RFC 3339 / ISO-8601 timestamp. Never fails: text that is not
    /// a timestamp gives [`GraphTime::Invalid`].
    ///
    /// Accepted: `YYYY-MM-DDTHH:MM:SS`, optional fraction of any length (only
    /// milliseconds are kept), then `Z`, `+HH:MM`, `-HH:MM`, `+HHMM` or
    /// nothing (read as UTC, as Graph's `innerError.date` is). `T` may be a
    /// space or lower case, `Z` may be lower case.
    pub fn parse(text: &str) -> GraphTime {
        match parse_rfc3339_millis(text) {
            Some(unix_millis) => GraphTime::At {
                unix_millis,
                raw: text.to_owned(),
            },
            None => GraphTime::Invalid(text.to_owned()),
        }
    }

    /// A timestamp for a Unix millisecond instant, with its canonical text
    /// (`YYYY-MM-DDTHH:MM:SS.fffZ`, or without the fraction when it is zero).
    pub fn from_unix_millis(unix_millis: i64) -> GraphTime {
        GraphTime::At {
            unix_millis,
            raw: format_rfc3339_millis(unix_millis),
        }
    }

    /// The instant in UTC milliseconds since the Unix epoch, or `None` when
    /// the value is missing, invalid, or "never" (see [`GraphTime::is_never`]).
    /// Use [`GraphTime::raw_unix_millis`] to get the parsed instant of a
    /// sentinel too.
    pub fn unix_millis(&self) -> Option<i64> {
        match self {
            GraphTime::At { unix_millis, .. } if *unix_millis >= NEVER_BEFORE_UNIX_MILLIS => {
                Some(*unix_millis)
            }
            _ => None,
        }
    }

    /// The parsed instant even when it is a "never" sentinel; `None` only when
    /// the value is missing or invalid.
    pub fn raw_unix_millis(&self) -> Option<i64> {
        match self {
            GraphTime::At { unix_millis, .. } => Some(*unix_millis),
            _ => None,
        }
    }

    /// True when the value means "never": missing (`null` or absent), an empty
    /// or blank string, .NET `DateTime.MinValue`
    /// ([`crate::DATETIME_MIN_VALUE`]), or any instant before 1900.
    pub fn is_never(&self) -> bool {
        match self {
            GraphTime::Missing => true,
            GraphTime::At { unix_millis, .. } => *unix_millis < NEVER_BEFORE_UNIX_MILLIS,
            GraphTime::Invalid(raw) => raw.trim().is_empty(),
        }
    }

    /// True when a non-blank string was received that is not a timestamp.
    pub fn is_invalid(&self) -> bool {
        matches!(self, GraphTime::Invalid(raw) if !raw.trim().is_empty())
    }

    /// The text as received (`None` for `null`/absent).
    pub fn raw(&self) -> Option<&str> {
        match self {
            GraphTime::Missing => None,
            GraphTime::At { raw, .. } | GraphTime::Invalid(raw) => Some(raw),
        }
    }

    /// The instant relative to `now_millis`, such as "5 minutes ago" (see
    /// [`relative`]); "never" for a never value; the raw text for an invalid one.
    pub fn relative_to(&self, now_millis: i64) -> String {
        match self.unix_millis() {
            Some(t) => relative(now_millis, t),
            None if self.is_never() => "never".to_owned(),
            None => self.raw().unwrap_or_default().to_owned(),
        }
    }

    /// The instant as `YYYY-MM-DD HH:MM UTC`; "never" for a never value; the
    /// raw text for an invalid one.
    pub fn display_utc(&self) -> String {
        match self.unix_millis() {
            Some(t) => {
                let (y, mo, d, h, mi, _, _) = civil_from_unix_millis(t);
                format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02} UTC")
            }
            None if self.is_never() => "never".to_owned(),
            None => self.raw().unwrap_or_default().to_owned(),
        }
    }
}

impl fmt::Display for GraphTime {
    /// Same as [`GraphTime::display_utc`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display_utc())
    }
}

impl Serialize for GraphTime {
    /// Writes the text as received (`null` for [`GraphTime::Missing`]), so a
    /// value round-trips unchanged.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.raw() {
            Some(raw) => s.serialize_str(raw),
            None => s.serialize_none(),
        }
    }
}

impl<'de> Deserialize<'de> for GraphTime {
    /// Reads a string (any text, see [`GraphTime::parse`]) or `null`. Any
    /// other JSON type is an error.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(GraphTimeVisitor)
    }
}

struct GraphTimeVisitor;

impl<'de> Visitor<'de> for GraphTimeVisitor {
    type Value = GraphTime;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a timestamp string or null")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<GraphTime, E> {
        Ok(GraphTime::parse(v))
    }

    fn visit_unit<E: de::Error>(self) -> Result<GraphTime, E> {
        Ok(GraphTime::Missing)
    }

    fn visit_none<E: de::Error>(self) -> Result<GraphTime, E> {
        Ok(GraphTime::Missing)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<GraphTime, D::Error> {
        d.deserialize_any(GraphTimeVisitor)
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
/// `days_from_civil`). Valid for any `i64` year that does not overflow.
pub(crate) fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400); // [0, 399]
    let m = i64::from(m);
    let d = i64::from(d);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1; // [0, 365]
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy; // [0, 146096]
    era * 146_097 + doe - 719_468
}

/// The proleptic Gregorian date of a day count since 1970-01-01 (Howard
/// Hinnant's `civil_from_days`).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// (year, month, day, hour, minute, second, millisecond) of a Unix millisecond
/// instant, in UTC.
fn civil_from_unix_millis(ms: i64) -> (i64, u32, u32, u32, u32, u32, u32) {
    let days = ms.div_euclid(DAY);
    let rest = ms.rem_euclid(DAY);
    let (y, mo, d) = civil_from_days(days);
    (
        y,
        mo,
        d,
        (rest / HOUR) as u32,
        (rest % HOUR / MINUTE) as u32,
        (rest % MINUTE / SECOND) as u32,
        (rest % SECOND) as u32,
    )
}

/// Formats a Unix millisecond instant as RFC 3339 in UTC
/// (`2025-02-13T10:17:06.250Z`; no fraction when the milliseconds are zero).
pub fn format_rfc3339_millis(unix_millis: i64) -> String {
    let (y, mo, d, h, mi, s, ms) = civil_from_unix_millis(unix_millis);
    if ms == 0 {
        format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z")
    } else {
        format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{ms:03}Z")
    }
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

/// A tiny byte cursor for the hand-written parsers.
struct Cursor<'a> {
    b: &'a [u8],
    i: usize,
}

impl<'a> Cursor<'a> {
    fn new(s: &'a str) -> Self {
        Cursor {
            b: s.as_bytes(),
            i: 0,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn eat(&mut self, c: u8) -> bool {
        if self.peek() == Some(c) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    /// Exactly `n` ASCII digits as a number.
    fn digits(&mut self, n: usize) -> Option<u32> {
        let mut v: u32 = 0;
        for _ in 0..n {
            let c = self.peek()?;
            if !c.is_ascii_digit() {
                return None;
            }
            v = v * 10 + u32::from(c - b'0');
            self.i += 1;
        }
        Some(v)
    }

    fn at_end(&self) -> bool {
        self.i >= self.b.len()
    }
}

/// Parses an RFC 3339 timestamp into UTC Unix milliseconds (see
/// [`GraphTime::parse`] for the accepted forms).
pub(crate) fn parse_rfc3339_millis(text: &str) -> Option<i64> {
    let mut c = Cursor::new(text.trim());
    let year = i64::from(c.digits(4)?);
    if !c.eat(b'-') {
        return None;
    }
    let month = c.digits(2)?;
    if !c.eat(b'-') {
        return None;
    }
    let day = c.digits(2)?;
    if !(c.eat(b'T') || c.eat(b't') || c.eat(b' ')) {
        return None;
    }
    let hour = c.digits(2)?;
    if !c.eat(b':') {
        return None;
    }
    let minute = c.digits(2)?;
    if !c.eat(b':') {
        return None;
    }
    let second = c.digits(2)?;
    let mut millis: u32 = 0;
    if c.eat(b'.') || c.eat(b',') {
        let mut n = 0;
        while let Some(d) = c.peek().filter(u8::is_ascii_digit) {
            if n < 3 {
                millis = millis * 10 + u32::from(d - b'0');
            }
            n += 1;
            c.i += 1;
        }
        if n == 0 {
            return None;
        }
        for _ in n..3 {
            millis *= 10;
        }
    }
    // Offset east of UTC, in minutes.
    let offset_minutes: i64 = if c.at_end() || c.eat(b'Z') || c.eat(b'z') {
        0
    } else {
        let sign = if c.eat(b'+') {
            1
        } else if c.eat(b'-') {
            -1
        } else {
            return None;
        };
        let oh = c.digits(2)?;
        c.eat(b':');
        let om = c.digits(2)?;
        if oh > 23 || om > 59 {
            return None;
        }
        sign * i64::from(oh * 60 + om)
    };
    if !c.at_end() {
        return None;
    }
    if !(1..=12).contains(&month)
        || day == 0
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    let days = days_from_civil(year, month, day);
    let secs = i64::from(hour) * 3600 + i64::from(minute) * 60 + i64::from(second);
    Some(days * DAY + secs * SECOND + i64::from(millis) - offset_minutes * MINUTE)
}

/// Formats a length of time in milliseconds compactly for run lengths, with
/// at most two units: `"850 ms"`, `"45 s"`, `"3 min 12 s"`, `"2 h 5 min"`,
/// `"1 d 3 h"`. Negative lengths are formatted as their absolute value.
pub fn format_millis_duration(millis: i64) -> String {
    let ms = millis.unsigned_abs();
    const S: u64 = 1_000;
    const M: u64 = 60 * S;
    const H: u64 = 60 * M;
    const D: u64 = 24 * H;
    let two = |big: u64, big_unit: &str, small: u64, small_unit: &str| {
        if small == 0 {
            format!("{big} {big_unit}")
        } else {
            format!("{big} {big_unit} {small} {small_unit}")
        }
    };
    if ms < S {
        format!("{ms} ms")
    } else if ms < M {
        format!("{} s", ms / S)
    } else if ms < H {
        two(ms / M, "min", ms % M / S, "s")
    } else if ms < D {
        two(ms / H, "h", ms % H / M, "min")
    } else {
        two(ms / D, "d", ms % D / H, "h")
    }
}

/// The length of time from `began` to `ended` (for a run: `timeBegan` to
/// `timeEnded`), formatted by [`format_millis_duration`], e.g. `"3 min 12 s"`.
///
/// `None` when either end is missing, invalid or "never", or when `ended` is
/// before `began`.
pub fn format_duration_between(began: &GraphTime, ended: &GraphTime) -> Option<String> {
    let a = began.unix_millis()?;
    let b = ended.unix_millis()?;
    let len = b.checked_sub(a)?;
    (len >= 0).then(|| format_millis_duration(len))
}

/// Describes the instant `t` relative to `now` (both Unix milliseconds):
/// `"just now"` (under a minute ago), `"in less than a minute"`,
/// `"5 minutes ago"`, `"in 2 hours"`, `"1 day ago"`, `"in 3 months"`,
/// `"2 years ago"`. Units are whole (rounded down): minutes below an hour,
/// hours below a day, days below 30 days, months (30 days) below a year
/// (365 days), then years.
pub fn relative(now: i64, t: i64) -> String {
    let diff = i128::from(t) - i128::from(now);
    let future = diff > 0;
    let abs = diff.unsigned_abs();
    if abs < 60_000 {
        return if future {
            "in less than a minute".to_owned()
        } else {
            "just now".to_owned()
        };
    }
    let (n, unit) = if abs < 3_600_000 {
        (abs / 60_000, "minute")
    } else if abs < 86_400_000 {
        (abs / 3_600_000, "hour")
    } else if abs < 30 * 86_400_000 {
        (abs / 86_400_000, "day")
    } else if abs < 365 * 86_400_000 {
        (abs / (30 * 86_400_000), "month")
    } else {
        (abs / (365 * 86_400_000), "year")
    };
    let plural = if n == 1 { "" } else { "s" };
    if future {
        format!("in {n} {unit}{plural}")
    } else {
        format!("{n} {unit}{plural} ago")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trip() {
        for days in [-719_162, -25_567, -1, 0, 1, 11_016, 20_000, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days, "{y}-{m}-{d}");
        }
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(days_from_civil(1, 1, 1), -719_162);
    }

    #[test]
    fn format_and_parse_agree() {
        for ms in [
            0,
            1,
            999,
            1_739_441_826_250,
            -62_135_596_800_000,
            253_402_300_799_999,
        ] {
            let text = format_rfc3339_millis(ms);
            assert_eq!(parse_rfc3339_millis(&text), Some(ms), "{text}");
        }
    }
}
