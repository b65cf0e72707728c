//! The budget Graph gives this app, learned from its 429s: the client's one pacing policy for
//! the directory reads (the scan's `$batch` requests, the listing, the job pages) and the writes.
//!
//! Graph throttles by budget, not at random: for identity and access it grants each app about
//! 3,500, 5,000 or 8,000 resource units per 10 seconds and tenant, counting every request inside
//! a `$batch` on its own, and once the budget is spent it answers 429 with a `Retry-After` until
//! the window has room again
//! (<https://learn.microsoft.com/en-us/graph/throttling-limits#identity-and-access-service-limits>,
//! <https://learn.microsoft.com/en-us/graph/throttling>). The budget is not published per
//! tenant, so [`Learned`] finds it:
//!
//! - **Unknown at first:** nothing is held back but the batch runner's own bound of batches in
//!   flight.
//! - **Spent** ([`Learned::answered`] with a throttled share of at least one half, or a lone
//!   request throttled): every send waits for the `Retry-After` (the whole client, not only the
//!   request that got it). When at least [`LEARN_MIN`] requests were refused at once (Graph
//!   refuses everything once the budget is spent), the budget becomes what Graph served in the
//!   last window, times [`DECREASE`] (multiplicative decrease). A few scattered 429s among many served requests do
//!   not say that the budget is spent (Graph served the others); only those requests wait for
//!   their `Retry-After` (the scan planner's retry), and the pace stays. Nor is the budget
//!   lowered by a spent answer that comes while Graph served well below it (a 429 that has
//!   nothing to do with the rate), unless that happens in three windows in a row (the budget
//!   shrank): the client holds, and keeps its pace.
//! - **Room:** from then on no window of [`WINDOW_MS`] holds more sends than the budget; after
//!   each whole window in which the budget was nearly used and nothing was throttled, it grows
//!   by [`STEP_SHARE`] of itself (additive increase). Past the rate at which Graph last said
//!   stop, each clean window doubles the step (up to a quarter of the budget), so a budget that
//!   grew (a tenant moved to a larger size class) is found again in a few windows, while a
//!   budget that did not change is probed by 2% steps, with few 429s.
//!
//! Times are milliseconds on any monotonic clock; nothing here reads a clock.

use std::collections::VecDeque;

/// Graph's throttling window (10 s), plus a tenth of a second because Graph counts requests as
/// they arrive and the client as they leave.
pub const WINDOW_MS: i64 = 10_100;

/// The share of the served rate kept after the budget was spent (49/50).
pub const DECREASE: (u64, u64) = (49, 50);

/// Each increase adds this fraction of the budget (1/50, 2%), at least one request.
pub const STEP_SHARE: u64 = 50;

/// The fewest 429s in one answer that the budget is learned from (half a full `$batch`).
pub const LEARN_MIN: u64 = 10;

/// The smallest budget: one request per window.
pub const FLOOR: u64 = 1;

/// The learned budget and the sends it paces (see the module documentation).
#[derive(Debug, Clone, Default)]
pub struct Learned {
    /// Sends per window, once learned.
    limit: Option<u64>,
    /// Sends inside the window, oldest first ([`entry`]: time and requests).
    sent: VecDeque<i64>,
    /// Requests Graph served inside the window, oldest first ([`entry`]).
    served: VecDeque<i64>,
    /// No send before this time (a `Retry-After`).
    held_until: Option<i64>,
    /// When the budget last changed.
    changed_at: i64,
    /// The rate Graph served when it last said the budget was spent.
    ceiling: u64,
    /// Clean growth windows in a row past the ceiling.
    probes: u32,
    /// When Graph last said the budget was spent.
    spent_at: i64,
    /// Windows in a row in which it said so, and when the last one was counted.
    strikes: u32,
    struck_at: i64,
}

/// One entry of a window: `n` requests at time `t` (ms, not negative), in one `i64` (the time
/// times 2^16, plus `n` up to 65,535), so that the window shares its code with
/// [`crate::pace::Pacer`]'s.
fn entry(t: i64, n: u64) -> i64 {
    t.max(0) * 65_536 + n.min(65_535) as i64
}

/// The time and the requests of an [`entry`].
fn split(e: i64) -> (i64, u64) {
    (e / 65_536, (e % 65_536) as u64)
}

/// Drops the entries that left the window ending at `now`.
fn expire(entries: &mut VecDeque<i64>, now: i64) {
    while entries
        .front()
        .is_some_and(|e| split(*e).0 + WINDOW_MS <= now)
    {
        entries.pop_front();
    }
}

/// The requests inside the window ending at `now`.
fn count(entries: &VecDeque<i64>, now: i64) -> u64 {
    entries
        .iter()
        .map(|e| split(*e))
        .filter(|(t, _)| t + WINDOW_MS > now)
        .map(|(_, n)| n)
        .sum()
}

impl Learned {
    /// Nothing learned, nothing sent.
    pub fn new() -> Learned {
        Learned::default()
    }

    /// The budget learned so far (sends per [`WINDOW_MS`]), `None` before the first spent
    /// budget.
    pub fn limit(&self) -> Option<u64> {
        self.limit
    }

    /// Until when every send is held (a `Retry-After`), if that is later than `now`.
    pub fn held_until(&self, now: i64) -> Option<i64> {
        self.held_until.filter(|t| *t > now)
    }

    /// How many milliseconds a send of `n` requests (a `$batch` of `n`, or 1) must wait at
    /// `now`: the hold, and the time until enough earlier sends leave the window. A send larger
    /// than the whole budget waits for an empty window.
    pub fn wait(&self, now: i64, n: u64) -> i64 {
        let held = self.held_until.map_or(0, |t| (t - now).max(0));
        let Some(limit) = self.limit else {
            return held;
        };
        let mut used = count(&self.sent, now);
        let mut free_at = now;
        for (t, k) in self.sent.iter().map(|e| split(*e)) {
            if used + n <= limit || used == 0 {
                break;
            }
            if t + WINDOW_MS > now {
                used -= k;
                free_at = t + WINDOW_MS;
            }
        }
        held.max(free_at - now)
    }

    /// Counts a send of `n` requests at `now` (whether or not [`Learned::wait`] said 0: an
    /// admin's action goes at once, but uses the budget like any other request).
    pub fn record(&mut self, now: i64, n: u64) {
        expire(&mut self.sent, now);
        self.sent.push_back(entry(now, n));
    }

    /// Takes a turn for `n` requests at `now`: 0 when they may go (and they are counted),
    /// else how many milliseconds to wait before asking again.
    pub fn take(&mut self, now: i64, n: u64) -> i64 {
        let wait = self.wait(now, n);
        if wait == 0 {
            self.record(now, n);
        }
        wait
    }

    /// Takes a turn for `n` requests that go at once whatever the window holds (an admin's
    /// action is not queued behind a scan): 0 when nothing is held (they are counted, like any
    /// other), else how many milliseconds are left of the hold.
    pub fn take_at_once(&mut self, now: i64, n: u64) -> i64 {
        let held = self.held_until(now).map_or(0, |t| t - now);
        if held == 0 {
            self.record(now, n);
        }
        held
    }

    /// The answer to a `$batch` arrived at `now`: as [`Learned::answered`], except that a few
    /// sub-requests throttled (fewer than [`LEARN_MIN`]) are not a spent budget and hold
    /// nothing: Graph served the others, or the batch was a scan's last few retries; those
    /// sub-requests wait for their own `Retry-After` (the scan planner's retry). A batch refused
    /// in bulk is a spent budget. Returns true when every send is held.
    pub fn answered_batch(
        &mut self,
        now: i64,
        served: u64,
        throttled: u64,
        retry_after_ms: Option<i64>,
    ) -> bool {
        if throttled < LEARN_MIN {
            return self.answered(now, served, 0, None);
        }
        self.answered(now, served, throttled, retry_after_ms)
    }

    /// An answer arrived at `now`: `served` requests were served, `throttled` were answered 429,
    /// the longest `Retry-After` among them in milliseconds (`None` when unreadable: a whole
    /// window is assumed). Returns true when the answer says the budget is spent (see the module
    /// documentation): every send is then held, and the budget decreased.
    pub fn answered(
        &mut self,
        now: i64,
        served: u64,
        throttled: u64,
        retry_after_ms: Option<i64>,
    ) -> bool {
        expire(&mut self.served, now);
        if served > 0 {
            self.served.push_back(entry(now, served));
        }
        if throttled > 0 && throttled >= served {
            let until = now.saturating_add(retry_after_ms.unwrap_or(WINDOW_MS).max(0));
            self.held_until = Some(self.held_until.map_or(until, |t| t.max(until)));
            // A spent budget refuses every request: it is learned from an answer that was
            // refused in bulk, never from one or a few 429s (a lone request, the tail of a
            // scan), which are held for only.
            if throttled < LEARN_MIN {
                return true;
            }
            // Strikes count the windows in which Graph said stop; a quiet window starts over.
            if now - self.spent_at >= 2 * WINDOW_MS {
                self.strikes = 0;
            }
            if self.strikes == 0 || now - self.struck_at >= WINDOW_MS {
                self.strikes += 1;
                self.struck_at = now;
            }
            self.spent_at = now;
            let rate = count(&self.served, now);
            // Learned only when the budget is what stopped the client: nothing learned yet,
            // Graph served nearly the limit, or it said stop in three windows in a row (the
            // budget shrank). A 429 that comes well below the limit is held for, not learned
            // from, so that throttling that has nothing to do with the rate does not wear the
            // pace down. Nothing served in the window says nothing of the budget's size
            // (another client may have spent it): held for, not learned from.
            let binding = rate > 0
                && self
                    .limit
                    .is_none_or(|limit| rate * 10 >= limit * 8 || self.strikes >= 3);
            if binding {
                let rate = rate.min(self.limit.unwrap_or(u64::MAX));
                self.ceiling = rate;
                self.limit = Some((rate * DECREASE.0 / DECREASE.1).max(FLOOR));
                self.changed_at = now;
                self.probes = 0;
                self.strikes = 0;
            }
            return true;
        }
        if let Some(limit) = self.limit
            && now - self.changed_at >= WINDOW_MS
            && now - self.spent_at >= WINDOW_MS
            && count(&self.sent, now) * 10 >= limit * 9
        {
            let mut step = (limit / STEP_SHARE).max(FLOOR);
            if limit > self.ceiling {
                step = (step << self.probes.min(8)).min((limit / 4).max(FLOOR));
                self.probes += 1;
            }
            self.limit = Some(limit + step);
            self.changed_at = now;
        }
        false
    }
}

// proptest (through getrandom) does not build for wasm32; the tests run natively.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn unknown_at_first_then_held_and_learned_from_the_first_spent_budget() {
        let mut b = Learned::new();
        for t in 0..175 {
            assert_eq!(b.take(t * 20, 20), 0, "nothing is learned yet");
            assert!(!b.answered(t * 20 + 50, 20, 0, None));
        }
        // 3,500 served in 3.5 s, then a batch entirely throttled, Retry-After 6 s.
        assert!(b.answered(3_600, 0, 20, Some(6_000)));
        assert_eq!(b.held_until(3_600), Some(9_600));
        assert_eq!(b.limit(), Some(3_430));
        // Held until 9,600, and the window has room for one more once 4 batches have left it.
        assert_eq!(b.wait(5_000, 1), 60 + WINDOW_MS - 5_000);
        // Scattered 429s (2 of 20) are not a spent budget.
        let mut c = Learned::new();
        assert!(!c.answered(0, 18, 2, Some(2_000)));
        assert_eq!((c.limit(), c.held_until(0)), (None, None));
    }

    #[test]
    fn in_a_batch_a_few_429s_hold_nothing_and_a_bulk_refusal_holds_everything() {
        let mut b = Learned::new();
        assert!(!b.answered_batch(0, 1, 1, Some(2_000)));
        assert!(!b.answered_batch(0, 0, 9, Some(2_000)));
        assert_eq!((b.limit(), b.held_until(0)), (None, None));
        assert!(b.answered_batch(10, 5, 15, Some(3_000)));
        assert_eq!(
            (b.limit(), b.held_until(10)),
            (Some(6 * 49 / 50), Some(3_010))
        );
    }

    #[test]
    fn a_few_429s_are_held_for_never_learned_from() {
        let mut b = Learned::new();
        b.answered(0, 500, 0, None);
        // A batch of 2 with one 429 (the tail of a scan under random throttling).
        assert!(b.answered(10, 1, 1, Some(2_000)));
        assert_eq!((b.limit(), b.held_until(10)), (None, Some(2_010)));
        // Refused in bulk: learned.
        assert!(b.answered(20, 0, 20, Some(2_000)));
        assert_eq!(b.limit(), Some(501 * 49 / 50));
    }

    #[test]
    fn an_action_goes_at_once_past_a_full_window_but_waits_for_a_hold() {
        let mut b = Learned::new();
        b.answered(0, 20, 20, Some(0));
        assert_eq!(b.limit(), Some(19));
        assert_eq!(b.take(1, 19), 0);
        assert!(b.take(2, 1) > 0, "the window is full for a read");
        assert_eq!(b.take_at_once(2, 1), 0, "an action goes at once");
        assert!(b.take(3, 1) > 0, "and it was counted");
        b.answered(4, 0, 20, Some(3_000));
        assert_eq!(b.take_at_once(5, 1), 2_999, "a hold stops everything");
        assert_eq!(b.take_at_once(3_004, 1), 0);
    }

    #[test]
    fn a_lone_request_throttled_holds_every_send() {
        let mut b = Learned::new();
        assert!(b.answered(1_000, 0, 1, Some(3_000)));
        assert_eq!(b.wait(1_000, 1), 3_000);
        assert_eq!(b.wait(3_999, 20), 1);
        // Nothing was served: nothing is learned of the budget's size.
        assert_eq!(b.limit(), None);
        // A hold is never shortened by a later, shorter one.
        b.answered(2_000, 0, 1, Some(500));
        assert_eq!(b.held_until(2_000), Some(4_000));
    }

    #[test]
    fn a_spent_answer_far_below_the_limit_holds_and_is_learned_from_in_a_third_window_only() {
        let mut b = Learned::new();
        b.answered(0, 1_000, 1_000, Some(1_000));
        assert_eq!(b.limit(), Some(980));
        // 100 served in the window, then a lone 429: held, limit kept.
        let now = 20_000;
        b.answered(now, 100, 0, None);
        assert!(b.answered(now + 1, 0, 20, Some(2_000)));
        assert_eq!(
            (b.limit(), b.held_until(now + 1)),
            (Some(980), Some(now + 2_001))
        );
        // More in the same window count once; a second window, still kept.
        assert!(b.answered(now + 2, 0, 20, Some(1_000)));
        b.answered(now + 5_000, 100, 0, None);
        assert!(b.answered(now + WINDOW_MS + 10, 0, 20, Some(1_000)));
        assert_eq!(b.limit(), Some(980));
        // The third window in a row: the budget shrank to what Graph served.
        b.answered(now + 2 * WINDOW_MS + 15, 80, 0, None);
        assert!(b.answered(now + 2 * WINDOW_MS + 20, 0, 20, Some(1_000)));
        assert_eq!(b.limit(), Some(80 * 49 / 50));
        // After a quiet window the count starts over.
        let later = now + 6 * WINDOW_MS;
        b.answered(later, 10, 0, None);
        assert!(b.answered(later + 1, 0, 20, Some(1_000)));
        assert_eq!(b.limit(), Some(80 * 49 / 50));
    }

    #[test]
    fn the_budget_grows_after_a_clean_window_in_which_it_was_nearly_used() {
        let mut b = Learned::new();
        b.answered(0, 100, 100, Some(1_000));
        assert_eq!(b.limit(), Some(98));
        let mut now = 1_000;
        // Idle windows do not grow it.
        b.answered(now + WINDOW_MS, 0, 0, None);
        assert_eq!(b.limit(), Some(98));
        now += WINDOW_MS;
        assert_eq!(b.take(now, 90), 0);
        b.answered(now + 10, 90, 0, None);
        // 2% of 98, at least one request; past the rate Graph last served (100) the steps
        // double with each clean window.
        assert_eq!(b.limit(), Some(99));
    }

    /// Graph's side in a simulation: a sliding 10 s window of served requests.
    struct Graph {
        budget: u64,
        served: VecDeque<(i64, u64)>,
    }

    impl Graph {
        /// Serves what fits of `n` arriving at `now`; returns (served, throttled, Retry-After).
        fn arrive(&mut self, now: i64, n: u64) -> (u64, u64, i64) {
            while self.served.front().is_some_and(|(t, _)| t + 10_000 <= now) {
                self.served.pop_front();
            }
            let used: u64 = self.served.iter().map(|(_, k)| k).sum();
            let ok = n.min(self.budget.saturating_sub(used));
            if ok > 0 {
                self.served.push_back((now, ok));
            }
            let after = self.served.front().map_or(1_000, |(t, _)| t + 10_000 - now);
            (ok, n - ok, ((after + 999) / 1_000).max(1) * 1_000)
        }
    }

    /// One send of the simulated client: time, requests, the limit it was sent under.
    type Send = (i64, u64, Option<u64>);

    /// A client that sends batches of 20, four at a time, each answered `latency` ms later,
    /// through [`Learned`], against a Graph whose budget changes at the given times. Returns
    /// its sends, the requests throttled, and the client.
    fn simulate(budgets: &[(i64, u64)], until: i64, latency: i64) -> (Vec<Send>, u64, Learned) {
        let mut graph = Graph {
            budget: budgets[0].1,
            served: VecDeque::new(),
        };
        let mut client = Learned::new();
        let mut in_flight: VecDeque<(i64, u64)> = VecDeque::new(); // (answer time, n)
        let mut sends = Vec::new();
        let mut throttled = 0;
        let mut now = 0;
        while now < until {
            if let Some((_, b)) = budgets.iter().rev().find(|(t, _)| *t <= now) {
                graph.budget = *b;
            }
            while let Some(&(t, n)) = in_flight.front().filter(|(t, _)| *t <= now) {
                in_flight.pop_front();
                let (ok, refused, after) = graph.arrive(t - latency / 2, n);
                throttled += refused;
                client.answered(t, ok, refused, (refused > 0).then_some(after));
            }
            while in_flight.len() < 4 && client.take(now, 20) == 0 {
                in_flight.push_back((now + latency, 20));
                sends.push((now, 20, client.limit()));
            }
            now += 5;
        }
        (sends, throttled, client)
    }

    /// Every send was within the limit it was sent under: the window ending at it holds no
    /// more than that limit.
    fn within_limits(sends: &[Send]) -> Result<(), String> {
        for (i, (at, _, limit)) in sends.iter().enumerate() {
            let Some(limit) = limit else { continue };
            let inside: u64 = sends[..=i]
                .iter()
                .filter(|(t, _, _)| t + WINDOW_MS > *at)
                .map(|(_, n, _)| n)
                .sum();
            if inside > *limit {
                return Err(format!(
                    "{inside} sent in the window ending at {at}, limit {limit}"
                ));
            }
        }
        Ok(())
    }

    #[test]
    fn a_budget_of_3500_is_found_and_kept_with_few_429s() {
        let (sends, throttled, client) = simulate(&[(0, 3_500)], 120_000, 50);
        let total: u64 = sends.iter().map(|(_, n, _)| n).sum();
        // 120 s at 350/s at best, 3,500 of them in the first window.
        assert!(total > 38_000, "{total} sent");
        assert!(throttled * 50 < total, "{throttled} of {total} throttled");
        assert!(client.limit().is_some_and(|l| (3_000..=3_700).contains(&l)));
        within_limits(&sends).unwrap();
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(16))]

        /// Whatever the budgets, no send is ever above the learned limit, and the client
        /// converges: 40 windows after a budget change its limit is within [0.8, 1.1] of the
        /// new budget, and few of its requests were throttled.
        #[test]
        fn never_above_the_learned_rate_and_converges_after_a_budget_change(
            first in 200u64..6_000,
            second in 200u64..6_000,
            latency in 20i64..100,
        ) {
            let change = 60_000;
            let end = change + 40 * WINDOW_MS;
            let (sends, throttled, client) = simulate(&[(0, first), (change, second)], end, latency);
            prop_assert_eq!(within_limits(&sends), Ok(()));
            let limit = client.limit().unwrap_or(u64::MAX);
            prop_assert!(limit * 10 >= second * 8 && limit * 10 <= second * 11,
                "learned {} for a budget of {}", limit, second);
            let total: u64 = sends.iter().map(|(_, n, _)| n).sum();
            // A smaller budget is believed after three windows of 429s (see `answered`): the
            // excess of those windows is allowed on top of the first discovery's.
            let shrink = first.saturating_sub(second) * 4;
            prop_assert!(throttled * 100 <= total * 4 + 400 * 100 + shrink * 100,
                "{} of {} throttled", throttled, total);
        }

        /// Every `Retry-After` is honoured: after a spent budget, nothing may go before it.
        #[test]
        fn no_send_before_a_retry_after(
            at in 0i64..100_000,
            after in 0i64..60_000,
            probe in 0i64..60_000,
            n in 1u64..21,
        ) {
            let mut b = Learned::new();
            b.answered(at, 0, 20, Some(after));
            let now = at + probe;
            if probe < after {
                prop_assert!(b.wait(now, n) >= after - probe);
                prop_assert!(b.take(now, n) > 0);
            }
        }

        /// A client that sends whenever `take` says 0 never has more than the limit in any
        /// window.
        #[test]
        fn take_keeps_every_window_within_the_limit(
            served in 22u64..500,
            gaps in proptest::collection::vec((0i64..2_000, 1u64..21), 1..120),
        ) {
            let mut b = Learned::new();
            b.answered(0, served, served, Some(0));
            let mut now = 1;
            let mut sends = Vec::new();
            for (gap, n) in gaps {
                now += gap;
                let wait = b.take(now, n);
                if wait > 0 {
                    now += wait;
                    prop_assert_eq!(b.take(now, n), 0);
                }
                sends.push((now, n, b.limit()));
            }
            prop_assert_eq!(within_limits(&sends), Ok(()));
        }
    }
}
