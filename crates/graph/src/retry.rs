//! The retry policy: a pure function from what happened to what to do next.
//!
//! [`decide`] takes whether the request reads or writes ([`RequestKind`]),
//! its [`Outcome`] (an HTTP status, or no answer at all), the `Retry-After`
//! header if the browser could read it, the attempt number and the time
//! already spent waiting, and answers [`RetryDecision::RetryAfterMs`] or
//! [`RetryDecision::GiveUp`] with a [`GiveUpReason`] the admin can read.
//! Time (`now`) and randomness ([`RandomSource`]) are injected, so every
//! branch is testable.
//!
//! # The rules
//!
//! From <https://learn.microsoft.com/graph/throttling> (429 and `Retry-After`),
//! <https://learn.microsoft.com/graph/best-practices-concept> (handling errors) and the warning of
//! <https://learn.microsoft.com/graph/api/synchronization-synchronizationjob-start> (never call
//! Start on a running job):
//!
//! - **429** (throttled) is retried for reads *and* writes: Graph did not run
//!   the request.
//! - **Every 5xx** (500, a proxy's HTML 502, 503, 504) is retried for reads only: a
//!   read is safe to repeat, and a sync backend's `UnknownError` or a gateway's
//!   page is often gone on the next try. The service may have run a write
//!   before failing, and repeating Start, Restart or Delete is not harmless
//!   (Microsoft warns that repeated Start calls can stop the service).
//! - **No answer** (network error, dropped connection, CORS failure) is
//!   retried for reads only, for the same reason.
//! - **4xx** other than 429 is not retried: the request itself is wrong
//!   (permission, not found, bad body), and a retry changes nothing.
//! - [`RetryPolicy::UNTIL_SUCCESS`] is the policy of the fleet scan's reads:
//!   no bound on attempts or waiting, so every read completes once Graph
//!   answers again.
//! - The wait is `Retry-After` when it is readable (seconds, or an HTTP
//!   date), else exponential backoff with jitter: `base · 2^(attempt-1)`,
//!   capped, times a factor in `[0.5, 1)`.
//! - At most [`RetryPolicy::max_attempts`] attempts and at most
//!   [`RetryPolicy::max_total_wait_ms`] of waiting in all. A `Retry-After`
//!   longer than what is left of that budget gives up at once with a reason
//!   that says how long Graph asked to wait (the admin may retry by hand
//!   later); a backoff longer than what is left is shortened to fit.

use std::fmt;

use syncdeck_i18n::{t, tf};

use crate::time::days_from_civil;

/// Whether a request reads or writes, which decides what may be retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RequestKind {
    /// GET: repeating it changes nothing.
    Read,
    /// POST, PUT, PATCH, DELETE: repeating it may do the thing twice.
    Write,
}

/// What happened to an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// Graph (or a proxy) answered with this HTTP status.
    Status(u16),
    /// No answer: network error, dropped connection, timeout, CORS failure.
    /// The request may or may not have reached Graph.
    NetworkError,
}

impl fmt::Display for Outcome {
    /// `HTTP 503` or `a network error`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Outcome::Status(s) => write!(f, "HTTP {s}"),
            Outcome::NetworkError => f.write_str(t!("a network error")),
        }
    }
}

/// The bounds of retrying. [`RetryPolicy::default`] is 5 attempts, 60 s of
/// waiting in all, backoff from 1 s doubling up to 30 s.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first one included (so `max_attempts - 1`
    /// retries). 0 and 1 both mean "never retry".
    pub max_attempts: u32,
    /// The most time, in milliseconds, spent waiting between attempts of one
    /// request, all waits together.
    pub max_total_wait_ms: u64,
    /// The backoff before the first retry, before jitter (milliseconds).
    pub base_backoff_ms: u64,
    /// The longest single backoff, before jitter (milliseconds).
    pub max_backoff_ms: u64,
}

impl RetryPolicy {
    /// Reads that must complete (the fleet scan's listing and job lists): tried again until
    /// they succeed, after `Retry-After` or a backoff from 1 s doubling up to 15 s.
    pub const UNTIL_SUCCESS: RetryPolicy = RetryPolicy {
        max_attempts: u32::MAX,
        max_total_wait_ms: u64::MAX,
        base_backoff_ms: 1_000,
        max_backoff_ms: 15_000,
    };
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 5,
            max_total_wait_ms: 60_000,
            base_backoff_ms: 1_000,
            max_backoff_ms: 30_000,
        }
    }
}

/// A source of random numbers in `[0, 1)` for jitter. Any `FnMut() -> f64`
/// is one; values outside `[0, 1)` (and NaN) are clamped.
pub trait RandomSource {
    /// The next number in `[0, 1)`.
    fn next_f64(&mut self) -> f64;
}

impl<F: FnMut() -> f64> RandomSource for F {
    fn next_f64(&mut self) -> f64 {
        self()
    }
}

/// A small deterministic generator (SplitMix64) for callers that have no
/// better source; seed it with the time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    /// A generator starting from `seed`.
    pub fn new(seed: u64) -> Self {
        SplitMix64 { state: seed }
    }
}

impl RandomSource for SplitMix64 {
    fn next_f64(&mut self) -> f64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        // 53 random bits → [0, 1).
        (z >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Everything [`decide`] looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryInput<'a> {
    /// Read or write (for a `$batch`, a write when any request inside writes).
    pub kind: RequestKind,
    /// What happened to the attempt that just ended.
    pub outcome: Outcome,
    /// The raw `Retry-After` value, when the browser could read it (CORS may
    /// hide it; inside `$batch` sub-responses it is always readable).
    pub retry_after: Option<&'a str>,
    /// Which attempt just ended: 1 for the first.
    pub attempt: u32,
    /// Milliseconds already spent waiting between earlier attempts.
    pub waited_ms: u64,
    /// Now, in Unix milliseconds (to read an HTTP-date `Retry-After`).
    pub now_ms: i64,
}

/// What to do after a failed attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RetryDecision {
    /// Wait this many milliseconds, then send the request again.
    RetryAfterMs(u64),
    /// Do not retry; show the failure.
    GiveUp(GiveUpReason),
}

/// Why [`decide`] does not retry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GiveUpReason {
    /// The attempt did not fail (a status below 400).
    NotAFailure {
        /// The status.
        status: u16,
    },
    /// A status that a retry would not change (4xx other than 429).
    NotRetryable {
        /// The status.
        status: u16,
    },
    /// A write that may have run (5xx, or no answer): repeating it could do
    /// it twice.
    WriteMayHaveRun {
        /// What happened.
        outcome: Outcome,
    },
    /// [`RetryPolicy::max_attempts`] attempts were made.
    AttemptsExhausted {
        /// How many attempts were made.
        attempts: u32,
    },
    /// Graph asked to wait longer than what is left of the waiting budget.
    RetryAfterTooLong {
        /// How long Graph asked to wait, in milliseconds.
        asked_ms: u64,
        /// What was left of the budget, in milliseconds.
        remaining_ms: u64,
    },
    /// The whole waiting budget is spent.
    WaitBudgetSpent {
        /// Milliseconds waited.
        waited_ms: u64,
    },
}

impl fmt::Display for GiveUpReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GiveUpReason::NotAFailure { status } => f.write_str(&tf!(
                "HTTP {status} is not a failure; nothing to retry.",
                status = status
            )),
            GiveUpReason::NotRetryable { status } => f.write_str(&tf!(
                "HTTP {status} is not retried: trying again would fail the same way.",
                status = status
            )),
            GiveUpReason::WriteMayHaveRun { outcome } => f.write_str(&tf!(
                "The change was not retried after {outcome}: it may have been applied. \
                 Refresh to see the current state before trying again.",
                outcome = outcome
            )),
            GiveUpReason::AttemptsExhausted { attempts } => f.write_str(&tf!(
                "Gave up after {attempts} attempts.",
                attempts = attempts
            )),
            GiveUpReason::RetryAfterTooLong { asked_ms, .. } => f.write_str(&tf!(
                "Microsoft Graph asked to wait {wait} before retrying, longer than this app waits \
                 on its own. Try again after that.",
                wait = format_wait(*asked_ms)
            )),
            GiveUpReason::WaitBudgetSpent { waited_ms } => f.write_str(&tf!(
                "Gave up after waiting {wait} in all.",
                wait = format_wait(*waited_ms)
            )),
        }
    }
}

/// The decision after a failed attempt; see the module documentation for
/// the rules. Never panics; the delay it returns never exceeds what is left
/// of [`RetryPolicy::max_total_wait_ms`], and it never retries once
/// `attempt >= max_attempts`.
pub fn decide(
    policy: &RetryPolicy,
    input: &RetryInput<'_>,
    random: &mut dyn RandomSource,
) -> RetryDecision {
    use RetryDecision::GiveUp;

    match (input.outcome, input.kind) {
        (Outcome::Status(status), _) if status < 400 => {
            return GiveUp(GiveUpReason::NotAFailure { status });
        }
        (Outcome::Status(429), _)
        | (Outcome::Status(500..=599), RequestKind::Read)
        | (Outcome::NetworkError, RequestKind::Read) => {}
        (Outcome::Status(500..=599) | Outcome::NetworkError, RequestKind::Write) => {
            return GiveUp(GiveUpReason::WriteMayHaveRun {
                outcome: input.outcome,
            });
        }
        (Outcome::Status(status), _) => {
            return GiveUp(GiveUpReason::NotRetryable { status });
        }
    }
    if input.attempt >= policy.max_attempts {
        return GiveUp(GiveUpReason::AttemptsExhausted {
            attempts: input.attempt,
        });
    }
    let remaining = policy.max_total_wait_ms.saturating_sub(input.waited_ms);
    if remaining == 0 {
        return GiveUp(GiveUpReason::WaitBudgetSpent {
            waited_ms: input.waited_ms,
        });
    }
    if let Some(asked) = input
        .retry_after
        .and_then(|v| parse_retry_after_ms(v, input.now_ms))
    {
        return if asked > remaining {
            GiveUp(GiveUpReason::RetryAfterTooLong {
                asked_ms: asked,
                remaining_ms: remaining,
            })
        } else {
            RetryDecision::RetryAfterMs(asked)
        };
    }
    RetryDecision::RetryAfterMs(backoff_ms(policy, input.attempt, random).min(remaining))
}

/// The backoff after attempt `attempt` (1-based): `base · 2^(attempt-1)`,
/// capped at [`RetryPolicy::max_backoff_ms`], times `0.5 + r/2` for `r`
/// from `random` (so in `[cap/2, cap)`, and exactly half for `r = 0`).
pub fn backoff_ms(policy: &RetryPolicy, attempt: u32, random: &mut dyn RandomSource) -> u64 {
    let exp = attempt.saturating_sub(1).min(63);
    let full = policy
        .base_backoff_ms
        .saturating_mul(1u64 << exp)
        .min(policy.max_backoff_ms);
    let r = random.next_f64();
    let r = if r.is_finite() {
        r.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let half = full / 2;
    // `full - half` ≥ the jittered part; `as` saturates and r < 1 keeps it
    // below `full` except for a clamped 1.0.
    let jitter = ((full - half) as f64 * r) as u64;
    (half + jitter).min(full)
}

/// A `Retry-After` value in milliseconds from `now_ms`: delta-seconds
/// (`"120"`), or an HTTP-date in the IMF-fixdate form of RFC 7231
/// (`"Wed, 21 Oct 2015 07:28:00 GMT"`; a date in the past gives 0). `None`
/// when unreadable (the obsolete RFC 850 and asctime date forms included:
/// Graph does not send them, and backoff is a safe answer).
pub fn parse_retry_after_ms(value: &str, now_ms: i64) -> Option<u64> {
    if let Some(secs) = retry_after_delta_secs(value) {
        return Some(secs.saturating_mul(1000));
    }
    let at = parse_imf_fixdate_ms(value)?;
    Some(u64::try_from(at.saturating_sub(now_ms)).unwrap_or(0))
}

/// A `Retry-After` value in the delta-seconds form (`"120"`, surrounding
/// white space ignored) as seconds; `None` for anything else (an HTTP date
/// included: see [`parse_retry_after_ms`]). Absurdly long digit strings
/// saturate.
pub fn retry_after_delta_secs(value: &str) -> Option<u64> {
    let v = value.trim();
    if v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(v.parse().unwrap_or(u64::MAX))
}

/// Parses `Sun, 06 Nov 1994 08:49:37 GMT` to Unix milliseconds. The day name
/// must agree with the date.
pub fn parse_imf_fixdate_ms(text: &str) -> Option<i64> {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let b = text.trim().as_bytes();
    // "Sun, 06 Nov 1994 08:49:37 GMT" is exactly 29 bytes.
    if b.len() != 29
        || &b[3..5] != b", "
        || b[7] != b' '
        || b[11] != b' '
        || b[16] != b' '
        || b[19] != b':'
        || b[22] != b':'
        || &b[25..] != b" GMT"
    {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let s = &b[r];
        if s.iter().all(u8::is_ascii_digit) {
            std::str::from_utf8(s).ok()?.parse().ok()
        } else {
            None
        }
    };
    let day_name = std::str::from_utf8(&b[..3]).ok()?;
    let month_name = std::str::from_utf8(&b[8..11]).ok()?;
    let day = num(5..7)?;
    let month = MONTHS.iter().position(|m| *m == month_name)? as u32 + 1;
    let year = num(12..16)?;
    let (h, mi, s) = (num(17..19)?, num(20..22)?, num(23..25)?);
    let month_days = match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    // Seconds up to 60 allow a leap second.
    if !(1..=month_days).contains(&day) || h > 23 || mi > 59 || s > 60 {
        return None;
    }
    let days = days_from_civil(year, month, day as u32);
    if DAYS[days.rem_euclid(7) as usize] != day_name {
        return None;
    }
    Some(((days * 24 + h) * 60 + mi) * 60_000 + s * 1000)
}

/// `"1.5 s"`, `"30 s"`, `"2 min 5 s"`, `"3 h 4 min"`.
fn format_wait(ms: u64) -> String {
    use syncdeck_i18n::fmt::{Unit, Width, units};
    let secs = ms / 1000;
    let parts: &[(f64, Unit)] = if secs < 60 {
        // Tenths of a second under a minute: "1.5 s".
        &[((ms / 100) as f64 / 10.0, Unit::Second)]
    } else if secs < 3600 {
        match secs % 60 {
            0 => &[((secs / 60) as f64, Unit::Minute)],
            s => &[((secs / 60) as f64, Unit::Minute), (s as f64, Unit::Second)],
        }
    } else {
        match (secs % 3600) / 60 {
            0 => &[((secs / 3600) as f64, Unit::Hour)],
            m => &[((secs / 3600) as f64, Unit::Hour), (m as f64, Unit::Minute)],
        }
    };
    units(parts, Width::Short)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_in_words() {
        assert_eq!(format_wait(1500), "1.5 s");
        assert_eq!(format_wait(30_000), "30 s");
        assert_eq!(format_wait(125_000), "2 min 5 s");
        assert_eq!(format_wait(120_000), "2 min");
        assert_eq!(format_wait(3_600_000), "1 h");
        assert_eq!(format_wait(3_840_000), "1 h 4 min");
    }
}
