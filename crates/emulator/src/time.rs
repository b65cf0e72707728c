//! Timestamps the way Graph (a .NET service) writes them.
//!
//! A [`GraphTime`] counts .NET ticks (100 ns) since `0001-01-01T00:00:00Z`, so
//! `DateTime.MinValue`, which Graph sends for "never" (`0001-01-01T00:00:00Z`),
//! is simply [`GraphTime::MIN`].

use std::fmt;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

/// Ticks per second (.NET ticks are 100 ns).
pub const TICKS_PER_SECOND: i64 = 10_000_000;
const SECONDS_PER_DAY: i64 = 86_400;
/// Days from 0001-01-01 to 1970-01-01 in the proleptic Gregorian calendar.
const DAYS_TO_UNIX_EPOCH: i64 = 719_162;
const UNIX_EPOCH_TICKS: i64 = DAYS_TO_UNIX_EPOCH * SECONDS_PER_DAY * TICKS_PER_SECOND;

/// A UTC instant with .NET tick (100 ns) precision.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct GraphTime(i64);

impl GraphTime {
    /// `0001-01-01T00:00:00Z`, .NET `DateTime.MinValue`: Graph's "never" sentinel.
    pub const MIN: GraphTime = GraphTime(0);

    /// The instant `ticks` ticks after `0001-01-01T00:00:00Z`.
    pub const fn from_ticks(ticks: i64) -> Self {
        GraphTime(ticks)
    }

    /// Ticks since `0001-01-01T00:00:00Z`.
    pub const fn ticks(self) -> i64 {
        self.0
    }

    /// The current wall-clock time.
    pub fn now() -> Self {
        Self::from_system_time(SystemTime::now())
    }

    /// Converts a [`SystemTime`] (truncated to 100 ns).
    pub fn from_system_time(t: SystemTime) -> Self {
        match t.duration_since(UNIX_EPOCH) {
            Ok(d) => GraphTime(UNIX_EPOCH_TICKS + (d.as_nanos() / 100) as i64),
            Err(e) => GraphTime(UNIX_EPOCH_TICKS - (e.duration().as_nanos() / 100) as i64),
        }
    }

    /// Builds a time from UTC calendar fields (no validation beyond arithmetic).
    pub fn from_parts(year: i64, month: u32, day: u32, h: u32, m: u32, s: u32) -> Self {
        let days = days_from_civil(year, month, day) + DAYS_TO_UNIX_EPOCH;
        let secs = days * SECONDS_PER_DAY + i64::from(h) * 3600 + i64::from(m) * 60 + i64::from(s);
        GraphTime(secs * TICKS_PER_SECOND)
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.f{1,7}](Z|+00:00)`; `None` when it is not that.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text
            .strip_suffix('Z')
            .or_else(|| text.strip_suffix("+00:00"))?;
        let (date, time) = text.split_once('T')?;
        let mut d = date.split('-');
        let year: i64 = d.next()?.parse().ok()?;
        let month: u32 = d.next()?.parse().ok()?;
        let day: u32 = d.next()?.parse().ok()?;
        if d.next().is_some() || !(1..=12).contains(&month) || !(1..=31).contains(&day) {
            return None;
        }
        let (hms, frac) = match time.split_once('.') {
            Some((hms, frac)) => (hms, Some(frac)),
            None => (time, None),
        };
        let mut t = hms.split(':');
        let h: u32 = t.next()?.parse().ok()?;
        let m: u32 = t.next()?.parse().ok()?;
        let s: u32 = t.next()?.parse().ok()?;
        if t.next().is_some() || h > 23 || m > 59 || s > 60 {
            return None;
        }
        let mut frac_ticks = 0i64;
        if let Some(frac) = frac {
            if frac.is_empty() || frac.len() > 7 || !frac.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let digits: i64 = frac.parse().ok()?;
            frac_ticks = digits * 10i64.pow(7 - frac.len() as u32);
        }
        Some(GraphTime(
            Self::from_parts(year, month, day, h, m, s).0 + frac_ticks,
        ))
    }

    /// This time moved by `seconds` (negative: earlier).
    pub fn plus_seconds(self, seconds: i64) -> Self {
        GraphTime(self.0 + seconds * TICKS_PER_SECOND)
    }

    /// This time moved by `ticks` (100 ns units).
    pub fn plus_ticks(self, ticks: i64) -> Self {
        GraphTime(self.0 + ticks)
    }

    /// `minutes` earlier.
    pub fn minutes_ago(self, minutes: i64) -> Self {
        self.plus_seconds(-minutes * 60)
    }

    /// `hours` earlier.
    pub fn hours_ago(self, hours: i64) -> Self {
        self.plus_seconds(-hours * 3600)
    }

    /// `days` earlier.
    pub fn days_ago(self, days: i64) -> Self {
        self.plus_seconds(-days * SECONDS_PER_DAY)
    }

    /// The format of `innerError.date`: `2025-02-13T10:17:06` (no fraction, no zone).
    pub fn inner_error_date(self) -> String {
        let (y, mo, d, h, mi, s, _) = self.fields();
        format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}")
    }

    fn fields(self) -> (i64, u32, u32, i64, i64, i64, i64) {
        let secs = self.0.div_euclid(TICKS_PER_SECOND);
        let frac = self.0.rem_euclid(TICKS_PER_SECOND);
        let days = secs.div_euclid(SECONDS_PER_DAY);
        let sod = secs.rem_euclid(SECONDS_PER_DAY);
        let (y, mo, d) = civil_from_days(days - DAYS_TO_UNIX_EPOCH);
        (y, mo, d, sod / 3600, sod % 3600 / 60, sod % 60, frac)
    }
}

impl fmt::Display for GraphTime {
    /// `2026-11-22T21:03:11.1234567Z`, or `2026-11-22T21:03:11Z` when the
    /// fraction is zero (Graph drops a zero fraction).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, mo, d, h, mi, s, frac) = self.fields();
        write!(f, "{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}")?;
        if frac != 0 {
            write!(f, ".{frac:07}")?;
        }
        f.write_str("Z")
    }
}

impl serde::Serialize for GraphTime {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Inverse of [`days_from_civil`].
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// The emulator's clock: a fixed start instant that advances with real time.
#[derive(Clone, Debug)]
pub struct Clock {
    base: GraphTime,
    started: Instant,
}

impl Clock {
    /// A clock that reads `base` now and moves forward in real time.
    pub fn starting_at(base: GraphTime) -> Self {
        Clock {
            base,
            started: Instant::now(),
        }
    }

    /// The instant the clock started at (the demo tenant's "now").
    pub fn start(&self) -> GraphTime {
        self.base
    }

    /// The current time on this clock.
    pub fn now(&self) -> GraphTime {
        let elapsed = self.started.elapsed().as_nanos() / 100;
        self.base.plus_ticks(elapsed as i64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn min_value_is_the_dotnet_sentinel() {
        assert_eq!(GraphTime::MIN.to_string(), "0001-01-01T00:00:00Z");
        assert_eq!(
            GraphTime::parse("0001-01-01T00:00:00Z"),
            Some(GraphTime::MIN)
        );
    }

    #[test]
    fn formats_with_seven_digit_fraction_or_none() {
        let t = GraphTime::parse("2026-11-22T21:03:11.1234567Z").unwrap();
        assert_eq!(t.to_string(), "2026-11-22T21:03:11.1234567Z");
        assert_eq!(t.inner_error_date(), "2026-11-22T21:03:11");
        let t = GraphTime::parse("2026-11-22T21:03:11.5Z").unwrap();
        assert_eq!(t.to_string(), "2026-11-22T21:03:11.5000000Z");
        let t = GraphTime::from_parts(2024, 2, 29, 23, 59, 59);
        assert_eq!(t.to_string(), "2024-02-29T23:59:59Z");
        assert_eq!(t.plus_seconds(1).to_string(), "2024-03-01T00:00:00Z");
    }

    #[test]
    fn unix_epoch_round_trips() {
        assert_eq!(
            GraphTime::from_system_time(UNIX_EPOCH).to_string(),
            "1970-01-01T00:00:00Z"
        );
        assert_eq!(
            GraphTime::parse("1970-01-01T00:00:00+00:00")
                .unwrap()
                .ticks(),
            UNIX_EPOCH_TICKS
        );
    }

    #[test]
    fn rejects_garbage() {
        for bad in [
            "",
            "2026-11-22",
            "2026-13-01T00:00:00Z",
            "2026-11-22T21:03:11",
            "2026-11-22T21:03:11.12345678Z",
        ] {
            assert_eq!(GraphTime::parse(bad), None, "{bad}");
        }
    }
}
