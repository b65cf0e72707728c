//! The .NET sentinel values that the synchronization service sends in place
//! of "no value".
//!
//! The service is written in .NET and serializes non-nullable values that were
//! never set as the extreme values of their .NET types. The app must show them
//! as "not scheduled" and "never", not as a 29,227-year interval or a date in
//! year 1.

/// .NET `TimeSpan.MaxValue` as an ISO-8601 duration: the `schedule.interval`
/// of a job that is not scheduled (for example a job just created from a
/// template, whose schedule is `Disabled`). Show it as "not scheduled".
///
/// See [`crate::IsoDuration::is_not_scheduled`].
pub const TIMESPAN_MAX_VALUE: &str = "P10675199DT2H48M5.4775807S";

/// .NET `DateTime.MinValue` as an RFC 3339 timestamp: a non-nullable
/// `DateTimeOffset` that was never set, such as `steadyStateFirstAchievedTime`
/// on a job that never reached steady state. Show it as "never".
///
/// See [`crate::GraphTime::is_never`], which also treats any time before 1900
/// as "never".
pub const DATETIME_MIN_VALUE: &str = "0001-01-01T00:00:00Z";

/// Milliseconds in `TimeSpan.MaxValue` ([`TIMESPAN_MAX_VALUE`]), truncated to
/// whole milliseconds (`TimeSpan.MaxValue.Ticks / 10_000`).
pub const TIMESPAN_MAX_VALUE_MILLIS: i64 = 922_337_203_685_477;

/// Unix milliseconds of 1900-01-01T00:00:00Z: timestamps before this are
/// treated as "never" (the sentinel and anything like it).
pub const NEVER_BEFORE_UNIX_MILLIS: i64 = -2_208_988_800_000;
