//! Timestamps the way Graph (a .NET service) writes them.
//!
//! A [`GraphTime`] counts .NET ticks (100 ns) since `0001-01-01T00:00:00Z`, so
//! `DateTime.MinValue`, which Graph sends for "never" (`0001-01-01T00:00:00Z`),
//! is simply [`GraphTime::MIN`].
//!
//! The calendar (days to and from year, month and day) is [`chrono`]'s. The
//! text format stays this module's own: Graph's is narrower than what chrono's
//! parsers accept (exactly `YYYY-MM-DDTHH:MM:SS`, 1 to 7 fraction digits, `Z`
//! or `+00:00`), a day past the month's end rolls over (`2026-02-30` is
//! `2026-03-02`) where chrono would refuse it, and a zero fraction is left out. ISO-8601 durations ([`duration_seconds`])
//! are this module's own too: chrono has no parser for them.

use std::fmt;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use chrono::{Datelike, NaiveDate};

/// Ticks per second (.NET ticks are 100 ns).
pub const TICKS_PER_SECOND: i64 = 10_000_000;
const SECONDS_PER_DAY: i64 = 86_400;
/// Days from 0001-01-01 to 1970-01-01 in the proleptic Gregorian calendar.
const DAYS_TO_UNIX_EPOCH: i64 = 719_162;
const UNIX_EPOCH_TICKS: i64 = DAYS_TO_UNIX_EPOCH * SECONDS_PER_DAY * TICKS_PER_SECOND;

/// A UTC instant with .NET tick (100 ns) precision.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
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

    /// Builds a time from UTC calendar fields (no validation beyond arithmetic:
    /// a day, hour, minute or second past its range rolls over into the next).
    ///
    /// # Panics
    ///
    /// When the instant is out of the range of ticks (about ±29,000 years).
    pub fn from_parts(year: i64, month: u32, day: u32, h: u32, m: u32, s: u32) -> Self {
        Self::checked_from_parts(year, month, day, h, m, s)
            .unwrap_or_else(|| panic!("{year:04}-{month:02}-{day:02} is out of range"))
    }

    /// [`GraphTime::from_parts`], or `None` out of the range of ticks.
    fn checked_from_parts(year: i64, month: u32, day: u32, h: u32, m: u32, s: u32) -> Option<Self> {
        // Month 13 is January of the next year, month 0 December of the one before.
        let months = year.checked_mul(12)?.checked_add(i64::from(month) - 1)?;
        let first = NaiveDate::from_ymd_opt(
            i32::try_from(months.div_euclid(12)).ok()?,
            months.rem_euclid(12) as u32 + 1,
            1,
        )?;
        let days = i64::from(first.num_days_from_ce()) - 1 + i64::from(day) - 1;
        let secs = days
            .checked_mul(SECONDS_PER_DAY)?
            .checked_add(i64::from(h) * 3600 + i64::from(m) * 60 + i64::from(s))?;
        secs.checked_mul(TICKS_PER_SECOND).map(GraphTime)
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
        Self::checked_from_parts(year, month, day, h, m, s)
            .and_then(|t| t.0.checked_add(frac_ticks))
            .map(GraphTime)
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
        // Day 1 of the common era is 0001-01-01, tick 0. Ticks span ±10.7 million
        // days, well within chrono's ±95 million.
        let date = i32::try_from(days + 1)
            .ok()
            .and_then(NaiveDate::from_num_days_from_ce_opt)
            .expect("every tick count is a date chrono knows");
        let (y, mo, d) = (i64::from(date.year()), date.month(), date.day());
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

/// The emulator's clock: starts at a fixed instant and moves with real time
/// times a speed factor; tests may also jump it forward.
#[derive(Debug)]
pub struct Clock {
    start: GraphTime,
    initial_speed: f64,
    inner: std::sync::Mutex<ClockInner>,
}

#[derive(Debug, Clone, Copy)]
struct ClockInner {
    anchor_time: GraphTime,
    anchor_real: Instant,
    speed: f64,
}

impl ClockInner {
    fn now(&self) -> GraphTime {
        let elapsed = self.anchor_real.elapsed().as_nanos() as f64 / 100.0;
        self.anchor_time.plus_ticks((elapsed * self.speed) as i64)
    }
}

impl Clock {
    /// A clock that reads `base` now and moves forward in real time.
    pub fn starting_at(base: GraphTime) -> Self {
        Self::with_speed(base, 1.0)
    }

    /// A clock that reads `base` now and moves `speed` emulated seconds per real second.
    pub fn with_speed(base: GraphTime, speed: f64) -> Self {
        Clock {
            start: base,
            initial_speed: speed,
            inner: std::sync::Mutex::new(ClockInner {
                anchor_time: base,
                anchor_real: Instant::now(),
                speed,
            }),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, ClockInner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The instant the clock started at (the demo tenant's "now").
    pub fn start(&self) -> GraphTime {
        self.start
    }

    /// The current time on this clock.
    pub fn now(&self) -> GraphTime {
        self.lock().now()
    }

    /// Emulated seconds per real second.
    pub fn speed(&self) -> f64 {
        self.lock().speed
    }

    /// Jumps the clock `seconds` forward (negative values are refused by the caller).
    pub fn advance(&self, seconds: f64) -> GraphTime {
        let mut c = self.lock();
        let now = c
            .now()
            .plus_ticks((seconds * TICKS_PER_SECOND as f64) as i64);
        c.anchor_time = now;
        c.anchor_real = Instant::now();
        now
    }

    /// Changes the speed from now on (0 freezes the clock).
    pub fn set_speed(&self, speed: f64) {
        let mut c = self.lock();
        c.anchor_time = c.now();
        c.anchor_real = Instant::now();
        c.speed = speed;
    }

    /// Back to the start instant and the initial speed.
    pub fn reset(&self) {
        let mut c = self.lock();
        c.anchor_time = self.start;
        c.anchor_real = Instant::now();
        c.speed = self.initial_speed;
    }
}

/// Seconds of an ISO-8601 duration (`PT40M`, `P1DT2H`, `PT5.5S`); `None` for
/// [`crate::tenant::INTERVAL_NEVER`]-sized or malformed values.
pub fn duration_seconds(text: &str) -> Option<i64> {
    let rest = text.strip_prefix('P')?;
    let (date, time) = match rest.split_once('T') {
        Some((d, t)) => (d, t),
        None => (rest, ""),
    };
    let mut total = 0f64;
    let mut num = String::new();
    for (part, is_time) in [(date, false), (time, true)] {
        for c in part.chars() {
            if c.is_ascii_digit() || c == '.' {
                num.push(c);
                continue;
            }
            let n: f64 = num.parse().ok()?;
            num.clear();
            total += n * match (c, is_time) {
                ('D', false) => 86_400.0,
                ('W', false) => 7.0 * 86_400.0,
                ('H', true) => 3600.0,
                ('M', true) => 60.0,
                ('S', true) => 1.0,
                _ => return None,
            };
        }
    }
    if !num.is_empty() || total > 3.0e9 {
        return None;
    }
    Some(total as i64)
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
    fn durations() {
        assert_eq!(duration_seconds("PT40M"), Some(2400));
        assert_eq!(duration_seconds("PT2M"), Some(120));
        assert_eq!(duration_seconds("P1DT1H"), Some(90_000));
        assert_eq!(duration_seconds("P10675199DT2H48M5.4775807S"), None);
        assert_eq!(duration_seconds("40M"), None);
    }

    #[test]
    fn clock_advances_and_changes_speed() {
        let start = GraphTime::from_parts(2026, 1, 1, 0, 0, 0);
        let c = Clock::with_speed(start, 0.0);
        assert_eq!(c.now(), start);
        c.advance(60.0);
        assert_eq!(c.now(), start.plus_seconds(60));
        c.reset();
        assert_eq!(c.now(), start);
    }

    #[test]
    fn days_and_months_past_their_range_roll_over() {
        let t = |text| GraphTime::parse(text).unwrap();
        assert_eq!(t("2026-02-30T00:00:00Z"), t("2026-03-02T00:00:00Z"));
        assert_eq!(t("2026-12-31T23:59:60Z"), t("2027-01-01T00:00:00Z"));
        assert_eq!(
            GraphTime::from_parts(2026, 13, 1, 0, 0, 0),
            t("2027-01-01T00:00:00Z")
        );
        assert_eq!(
            GraphTime::from_parts(2026, 3, 0, 0, 0, 0),
            t("2026-02-28T00:00:00Z")
        );
    }

    #[test]
    fn the_calendar_spans_every_tick() {
        let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
        assert_eq!(i64::from(epoch.num_days_from_ce()) - 1, DAYS_TO_UNIX_EPOCH);
        assert_eq!(
            GraphTime::from_ticks(i64::MAX).to_string(),
            "29228-09-14T02:48:05.4775807Z"
        );
        assert_eq!(
            GraphTime::from_ticks(-TICKS_PER_SECOND).to_string(),
            "0000-12-31T23:59:59Z"
        );
        // Out of the range of ticks: not a time (it overflowed before).
        assert_eq!(GraphTime::parse("99999-01-01T00:00:00Z"), None);
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
