//! Lengths of time and instants in words: run lengths
//! ([`format_millis_duration`], [`format_duration_between`]) and relative
//! times ([`relative`]).

use super::GraphTime;

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
