//! Lengths of time and instants in words: run lengths
//! ([`format_millis_duration`], [`format_duration_between`]) and relative
//! times ([`relative`]).

use super::GraphTime;

/// Formats a length of time in milliseconds compactly for run lengths, with
/// at most two units: `"850 ms"`, `"45 s"`, `"3 min 12 s"`, `"2 h 5 min"`,
/// `"1 d 3 h"`. Negative lengths are formatted as their absolute value.
pub fn format_millis_duration(millis: i64) -> String {
    syncdeck_i18n::fmt::duration_ms(millis)
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
    syncdeck_i18n::fmt::relative(now, t)
}
