//! Sliding-window request budgets on real (monotonic) time: the `--rate-limit`
//! budget of every Graph request and the reports and provisionOnDemand limits
//! ([`crate::state::AppState::rate_limit`]).
//!
//! Graph does not throttle at random: it gives each app a budget per tenant
//! (identity and access: about 3,500 / 5,000 / 8,000 resource units per 10 s by
//! tenant size, <https://learn.microsoft.com/en-us/graph/throttling-limits>),
//! counts the requests inside a `$batch` one by one, and once the budget is
//! spent answers 429 with a `Retry-After` until the window has room again
//! (<https://learn.microsoft.com/en-us/graph/throttling>). `--rate-limit N`
//! (`{"rateLimit": N}`, see [`crate::faults`]) plays that budget: at most N
//! Graph requests per sliding 10 s window per bearer token (the token itself:
//! with `--oidc-issuer` two tokens of one user have two budgets, whereas the
//! reports and provisionOnDemand limits count per user, `oid`).
//!
//! - **What counts**: each Graph request that is served, and each `$batch`
//!   sub-request; never the `$batch` envelope, a CORS preflight, a request
//!   refused for its token or its scopes (401/403 before the budget is
//!   looked at), `/_emulator/*` or the app's files. A request the budget
//!   refuses does not use the budget either, so a client that waits
//!   `Retry-After` seconds always gets through (unless others spent the room
//!   meanwhile).
//! - **Retry-After**: the whole seconds, rounded up and at least 1, until the
//!   window has room for one more request, i.e. until enough of the requests
//!   it holds are 10 s old ([`RateWindow::admit`]).
//! - **`$batch`**: the sub-requests take budget in request order (the order of
//!   `requests` in the payload), all at once when the batch is read, before
//!   they run concurrently; each refused one is a 429 sub-response with its own
//!   `Retry-After` header; the envelope stays 200
//!   (<https://learn.microsoft.com/en-us/graph/json-batching>).
//! - **Off** (`0`, the default): nothing is counted or recorded; a limit set
//!   later at run time counts the requests served while a limit was on.
//! - **The dice**: the budget is looked at before the fault dice, and a
//!   request it refuses draws no random number (see [`crate::faults`]).
//! - **Time**: [`std::time::Instant`], not the emulated clock (which tests
//!   freeze and `POST /_emulator/clock` moves), so a real client that waits
//!   gets through.

use std::collections::VecDeque;

/// The length of the budget's window, in ms (10 s, as Graph's limits are stated).
pub const WINDOW_MS: u64 = 10_000;

/// The times (ms on a monotonic clock) of the requests admitted in the last
/// window, oldest first. Pure: the caller says what time it is.
#[derive(Clone, Debug)]
pub struct RateWindow {
    window_ms: u64,
    admitted: VecDeque<u64>,
}

impl Default for RateWindow {
    fn default() -> Self {
        RateWindow::new(WINDOW_MS)
    }
}

impl RateWindow {
    /// An empty window of `window_ms` (at least 1 ms).
    pub fn new(window_ms: u64) -> Self {
        RateWindow {
            window_ms: window_ms.max(1),
            admitted: VecDeque::new(),
        }
    }

    /// How many admitted requests are still in the window at `now_ms`.
    pub fn in_window(&self, now_ms: u64) -> usize {
        self.admitted
            .iter()
            .filter(|t| now_ms.saturating_sub(**t) < self.window_ms)
            .count()
    }

    /// Admits a request at `now_ms` if fewer than `limit` requests were
    /// admitted in the window `(now_ms - window, now_ms]`, and records it; else
    /// `Err(seconds)`: the request is not recorded, and one more request fits
    /// `seconds` from now (the wait rounded up to whole seconds, at least 1).
    /// `limit` 0 means no limit: admitted, nothing recorded. `now_ms` should
    /// never go back (a time before the newest admitted one counts as that time).
    pub fn admit(&mut self, now_ms: u64, limit: u64) -> Result<(), u64> {
        while self
            .admitted
            .front()
            .is_some_and(|t| now_ms.saturating_sub(*t) >= self.window_ms)
        {
            self.admitted.pop_front();
        }
        if limit == 0 {
            return Ok(());
        }
        let held = self.admitted.len();
        let Ok(limit) = usize::try_from(limit) else {
            // More than memory could hold: never reached.
            self.admitted.push_back(now_ms);
            return Ok(());
        };
        if held < limit {
            let newest = self.admitted.back().copied().unwrap_or(0);
            self.admitted.push_back(now_ms.max(newest));
            return Ok(());
        }
        // Room for one more once `held - limit + 1` requests have left the
        // window: the last of them is at index `held - limit` (more than one
        // when the limit was lowered at run time).
        let leaves = self.admitted[held - limit] + self.window_ms;
        let wait_ms = leaves.saturating_sub(now_ms);
        Err(wait_ms.div_ceil(1000).max(1))
    }
}

/// Request extension of a `$batch` sub-request: the budget the batch took
/// for it, in request order, before the sub-requests ran concurrently
/// (`Err(seconds)`: refused, retry after that many seconds).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Budget(pub Result<(), u64>);

/// Response extension: a 429 of the budget (not a random fault). The pipeline
/// leaves its body alone (no `UnknownError` rewrite, no random draw).
#[derive(Clone, Copy, Debug)]
pub struct BudgetThrottled;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Rng;

    #[test]
    fn admits_up_to_the_limit_then_refuses_until_the_oldest_is_10s_old() {
        let mut w = RateWindow::default();
        for t in [0, 100, 200] {
            assert_eq!(w.admit(t, 3), Ok(()));
        }
        // Room again at 10_000 ms (the request of 0 ms leaves): 9.7 s → 10 s.
        assert_eq!(w.admit(300, 3), Err(10));
        assert_eq!(w.admit(9_000, 3), Err(1));
        assert_eq!(w.admit(9_999, 3), Err(1));
        assert_eq!(w.admit(10_000, 3), Ok(()));
        // Now 100, 200, 10_000: the next room is at 10_100.
        assert_eq!(w.admit(10_050, 3), Err(1));
        assert_eq!(w.admit(10_100, 3), Ok(()));
    }

    #[test]
    fn retry_after_is_exactly_when_room_comes_back_rounded_up() {
        let mut w = RateWindow::default();
        assert_eq!(w.admit(1_000, 1), Ok(()));
        // Room comes back at 11_000: 8_001 ms from 2_999 is 9 s rounded up.
        assert_eq!(w.admit(2_999, 1), Err(9));
        assert_eq!(w.admit(3_000, 1), Err(8));
        assert_eq!(w.admit(10_999, 1), Err(1));
        assert_eq!(w.admit(11_000, 1), Ok(()));
    }

    #[test]
    fn refused_requests_do_not_use_the_budget() {
        let mut w = RateWindow::default();
        assert_eq!(w.admit(0, 2), Ok(()));
        assert_eq!(w.admit(5_000, 2), Ok(()));
        for t in (5_001..10_000).step_by(7) {
            assert!(w.admit(t, 2).is_err());
        }
        assert_eq!(w.in_window(9_999), 2);
        // The refusals did not push the room back: 0 leaves at 10_000.
        assert_eq!(w.admit(10_000, 2), Ok(()));
        assert_eq!(w.admit(10_001, 2), Err(5));
    }

    #[test]
    fn zero_is_no_limit_and_records_nothing() {
        let mut w = RateWindow::default();
        for t in 0..1_000 {
            assert_eq!(w.admit(t, 0), Ok(()));
        }
        assert_eq!(w.in_window(1_000), 0);
        assert_eq!(w.admit(1_000, 1), Ok(()));
        assert_eq!(w.admit(1_001, 1), Err(10));
    }

    #[test]
    fn a_lowered_limit_waits_for_enough_requests_to_leave() {
        let mut w = RateWindow::default();
        for t in [0, 1_000, 2_000, 3_000, 4_000] {
            assert_eq!(w.admit(t, 5), Ok(()));
        }
        // Limit 2: four must leave for one more to fit, the fourth (3_000) at 13_000.
        assert_eq!(w.admit(4_500, 2), Err(9));
        assert_eq!(w.admit(12_999, 2), Err(1));
        assert_eq!(w.admit(13_000, 2), Ok(()));
        // Raised again: room at once.
        assert_eq!(w.admit(13_000, 5), Ok(()));
    }

    /// A hand-rolled property test (the crate has no proptest dev-dependency):
    /// random limits and arrival times, checked against the definition.
    #[test]
    fn never_more_than_the_limit_in_any_window_and_retry_after_is_exact() {
        for seed in 0..300 {
            let mut rng = Rng::new(seed);
            let limit = 1 + rng.below(8);
            let mut w = RateWindow::default();
            let mut now = 0;
            let mut refused = 0;
            // The admitted requests of the last 10 s (the count only grows when one is
            // admitted, so checking at each admission checks every window).
            let mut recent: Vec<u64> = Vec::new();
            for _ in 0..400 {
                let burst = rng.chance(0.7);
                now += rng.below(if burst { 300 } else { 4_000 });
                recent.retain(|t| now - t < WINDOW_MS);
                let held = recent.len() as u64;
                match w.admit(now, limit) {
                    Ok(()) => {
                        assert!(held < limit, "seed {seed}: admitted over the limit");
                        recent.push(now);
                    }
                    Err(seconds) => {
                        refused += 1;
                        assert_eq!(held, limit, "seed {seed}: refused with room");
                        // Room comes back when the count drops below the limit: at one of
                        // the times a request leaves the window.
                        let room = recent
                            .iter()
                            .map(|t| t + WINDOW_MS)
                            .find(|at| {
                                recent.iter().filter(|t| at - *t < WINDOW_MS).count()
                                    < limit as usize
                            })
                            .expect("room comes back");
                        assert_eq!(
                            seconds,
                            (room - now).div_ceil(1000).max(1),
                            "seed {seed} at {now}"
                        );
                        assert!((1..=10).contains(&seconds));
                        // Not a ms earlier, and waiting Retry-After seconds is enough.
                        assert!(w.clone().admit(room - 1, limit).is_err(), "seed {seed}");
                        assert_eq!(w.clone().admit(room, limit), Ok(()), "seed {seed}");
                        assert_eq!(w.clone().admit(now + seconds * 1000, limit), Ok(()));
                    }
                }
                assert_eq!(
                    w.in_window(now),
                    recent.len(),
                    "seed {seed}: refusals recorded"
                );
            }
            assert!(refused > 0, "seed {seed} never reached its limit {limit}");
        }
    }
}
