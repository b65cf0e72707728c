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
//!
//! - `graph_time`: [`GraphTime`].
//! - `rfc3339`: parsing and formatting RFC 3339 text ([`format_rfc3339_millis`]).
//! - `civil`: calendar arithmetic (days since the epoch and back).
//! - `human`: lengths of time and relative times in words ([`relative`],
//!   [`format_millis_duration`], [`format_duration_between`]).

mod civil;
mod graph_time;
mod human;
mod rfc3339;

pub(crate) use civil::days_from_civil;
pub use graph_time::GraphTime;
pub use human::{format_duration_between, format_millis_duration, relative};
pub use rfc3339::format_rfc3339_millis;
