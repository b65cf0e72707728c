//! When the fleet view refreshes itself ([`next_refresh_ms`]), whether a job
//! is running a cycle ([`is_running`]), and the "updated N s ago" stamp
//! ([`updated_ago`]).

use crate::enums::{ScheduleState, StatusCode};
use crate::health::attention;
use crate::model::SynchronizationJob;

// ---------------------------------------------------------------------------
// Auto-refresh cadence
// ---------------------------------------------------------------------------

/// Refresh interval while a cycle runs or right after an action: 15 s.
pub const REFRESH_FAST_MS: u64 = 15_000;
/// Refresh interval while some job needs attention: 60 s.
pub const REFRESH_MEDIUM_MS: u64 = 60_000;
/// Refresh interval when everything is steady: 5 min.
pub const REFRESH_SLOW_MS: u64 = 300_000;
/// The longest exponential backoff after throttling: 10 min.
pub const REFRESH_MAX_BACKOFF_MS: u64 = 600_000;
/// How long after an action the refresh stays fast: 2 min.
pub const AFTER_ACTION_WINDOW_MS: u64 = 120_000;

/// What [`next_refresh_ms`] decides from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RefreshInput<'a> {
    /// The jobs on screen.
    pub jobs: &'a [&'a SynchronizationJob],
    /// Milliseconds since the admin's last action (Start, Pause, ...), if
    /// any.
    pub since_last_action_ms: Option<u64>,
    /// True while the browser tab is hidden.
    pub hidden: bool,
    /// How many refreshes in a row were throttled (429); 0 after a good one.
    pub throttled: u32,
    /// The `Retry-After` seconds of the last throttled response, when
    /// readable (Graph does not expose it to the browser outside `$batch`).
    pub retry_after_secs: Option<u64>,
}

/// Milliseconds until the next automatic refresh, or `None` for no automatic
/// refresh (the tab is hidden).
///
/// 1. The cadence: [`REFRESH_FAST_MS`] while any job [`is_running`] or
///    within [`AFTER_ACTION_WINDOW_MS`] of an action; else
///    [`REFRESH_MEDIUM_MS`] when some job needs attention
///    ([`Attention::needs_attention`]); else [`REFRESH_SLOW_MS`].
/// 2. After `throttled` throttled refreshes in a row: the cadence doubled
///    per throttle, capped at [`REFRESH_MAX_BACKOFF_MS`] (never below the
///    cadence itself).
/// 3. With a `Retry-After`: never less than it (it may exceed the cap; the
///    service asked for it), nor less than the cadence.
///
/// [`Attention::needs_attention`]: crate::health::Attention::needs_attention
pub fn next_refresh_ms(input: &RefreshInput<'_>) -> Option<u64> {
    if input.hidden {
        return None;
    }
    let after_action = input
        .since_last_action_ms
        .is_some_and(|ms| ms < AFTER_ACTION_WINDOW_MS);
    let base = if after_action || input.jobs.iter().any(|j| is_running(j)) {
        REFRESH_FAST_MS
    } else if input.jobs.iter().any(|j| attention(j).needs_attention()) {
        REFRESH_MEDIUM_MS
    } else {
        REFRESH_SLOW_MS
    };
    let mut wait = base;
    if input.throttled > 0 {
        let factor = 1u64.checked_shl(input.throttled).unwrap_or(u64::MAX);
        wait = base
            .saturating_mul(factor)
            .min(REFRESH_MAX_BACKOFF_MS)
            .max(base);
    }
    if let Some(secs) = input.retry_after_secs {
        wait = secs.saturating_mul(1_000).max(base);
    }
    Some(wait)
}

/// True when `job` seems to be running a cycle: its `status.code` is neither
/// `Paused` nor `NotConfigured`, and
///
/// - some progress entry is not complete (`completedUnits < totalUnits`,
///   with a positive total), or
/// - the last run began (a valid time) and has no end yet (the end is
///   "never", or before the start), or
/// - the job is `NotRun` with an `Active` schedule (its first cycle is due
///   or under way).
pub fn is_running(job: &SynchronizationJob) -> bool {
    let status = &job.status;
    if matches!(status.code, StatusCode::Paused | StatusCode::NotConfigured) {
        return false;
    }
    let progressing = status
        .progress
        .iter()
        .any(|p| p.total_units > 0 && p.completed_units < p.total_units);
    let unfinished = status.last_execution.as_ref().is_some_and(|e| {
        e.time_began.unix_millis().is_some_and(|began| {
            e.time_ended.is_never() || e.time_ended.unix_millis().is_some_and(|end| end < began)
        })
    });
    let first_due =
        status.code == StatusCode::NotRun && job.schedule.state == ScheduleState::Active;
    progressing || unfinished || first_due
}

// ---------------------------------------------------------------------------
// "Updated N s ago"
// ---------------------------------------------------------------------------

/// The "last updated" stamp: `updated just now` (under 2 s, or in the
/// future), `updated 5 s ago` (under a minute), `updated 3 min ago` (under an
/// hour), `updated 2 h ago` (under a day), `updated 4 d ago`. Whole units,
/// rounded down.
pub fn updated_ago(now_ms: i64, updated_ms: i64) -> String {
    syncdeck_i18n::tf!(
        "updated {ago}",
        ago = syncdeck_i18n::fmt::ago_short(now_ms, updated_ms)
    )
}
