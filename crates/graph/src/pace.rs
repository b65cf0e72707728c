//! Graph's fixed per-API request budgets, kept by the client instead of discovered by 429s.
//!
//! Some APIs have a documented budget that is far below what an admin clicking around, or a
//! batch of users, would send: the identity and access **reports** (the provisioning logs among
//! them) allow 5 requests per 10 seconds per app and tenant, and `provisionOnDemand` 5 per 10
//! seconds (<https://learn.microsoft.com/en-us/graph/throttling-limits#identity-and-access-reports-service-limits>,
//! <https://learn.microsoft.com/en-us/graph/api/synchronization-synchronizationjob-provisionondemand?view=graph-rest-1.0>).
//! A [`Pacer`] is a sliding window over the times of the last sends: [`Pacer::wait`] says how
//! long the next send must wait so that no window of that length ever holds more than the
//! budget, and a 429's `Retry-After` ([`Pacer::hold`]) holds back every send, not only the one
//! that got it. Times are milliseconds on any monotonic clock; the pacer reads no clock itself.

use std::collections::VecDeque;

/// A documented budget: at most `limit` requests in any `window_ms` milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    /// Requests allowed in one window.
    pub limit: usize,
    /// The window's length, in milliseconds.
    pub window_ms: i64,
}

/// Graph counts a budget by the requests' arrivals, the client by its sends: a window half a
/// second longer than Graph's keeps two sends that arrive closer than they left inside the
/// budget.
const ARRIVAL_MARGIN_MS: i64 = 500;

/// The reports budget (provisioning logs): 5 requests per 10 s per app and tenant.
pub const REPORTS: Budget = Budget {
    limit: 5,
    window_ms: 10_000 + ARRIVAL_MARGIN_MS,
};

/// The `provisionOnDemand` budget: 5 requests per 10 s.
pub const PROVISION_ON_DEMAND: Budget = Budget {
    limit: 5,
    window_ms: 10_000 + ARRIVAL_MARGIN_MS,
};

/// A sliding-window pacer for one [`Budget`].
#[derive(Debug, Clone)]
pub struct Pacer {
    budget: Budget,
    /// The times of the sends still inside the window, oldest first.
    sent: VecDeque<i64>,
    /// No send before this time (a 429's `Retry-After`).
    held_until: i64,
}

impl Pacer {
    /// A pacer that has sent nothing yet.
    pub fn new(budget: Budget) -> Pacer {
        Pacer {
            budget,
            sent: VecDeque::with_capacity(budget.limit),
            held_until: i64::MIN,
        }
    }

    /// The budget kept.
    pub fn budget(&self) -> Budget {
        self.budget
    }

    /// How many milliseconds a send at `now` must wait (0 = it may go now).
    pub fn wait(&self, now: i64) -> i64 {
        let held = self.held_until.saturating_sub(now).max(0);
        let full = if self.budget.limit == 0 {
            0
        } else if self.sent.len() >= self.budget.limit {
            // The oldest send of the last `limit` must leave the window first.
            let oldest = self.sent[self.sent.len() - self.budget.limit];
            (oldest + self.budget.window_ms - now).max(0)
        } else {
            0
        };
        held.max(full)
    }

    /// Records a send at `now` (after [`Pacer::wait`] said 0).
    pub fn record(&mut self, now: i64) {
        while self
            .sent
            .front()
            .is_some_and(|t| *t + self.budget.window_ms <= now)
        {
            self.sent.pop_front();
        }
        self.sent.push_back(now);
    }

    /// Takes a turn at `now`: 0 when the send may go (and it is counted), else how many
    /// milliseconds to wait before asking again ([`Pacer::wait`] then [`Pacer::record`]).
    pub fn take(&mut self, now: i64) -> i64 {
        let wait = self.wait(now);
        if wait == 0 {
            self.record(now);
        }
        wait
    }

    /// Holds every send until `now + retry_after_ms` (Graph answered 429; without a readable
    /// `Retry-After`, pass a whole window).
    pub fn hold(&mut self, now: i64, retry_after_ms: i64) {
        self.held_until = self
            .held_until
            .max(now.saturating_add(retry_after_ms.max(0)));
    }

    /// The sends inside the window ending at `now` (for "3 of 5 requests used").
    pub fn in_window(&self, now: i64) -> usize {
        self.sent
            .iter()
            .filter(|t| **t + self.budget.window_ms > now)
            .count()
    }
}

// proptest (through getrandom) does not build for wasm32; the tests run natively.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn five_go_at_once_then_the_sixth_waits_for_the_first_to_leave_the_window() {
        let mut p = Pacer::new(REPORTS);
        for i in 0..5 {
            assert_eq!(p.wait(100 + i), 0);
            p.record(100 + i);
        }
        assert_eq!(p.wait(105), 10_500 - 5);
        assert_eq!(p.wait(10_600), 0);
        p.record(10_600);
        assert_eq!(p.wait(10_600), 1);
        assert_eq!(p.in_window(10_600), 5);
        // take: a refused turn is not counted, a granted one is.
        assert_eq!(p.take(10_600), 1);
        assert_eq!(p.in_window(10_600), 5);
        assert_eq!(p.take(10_601), 0);
        assert_eq!(p.take(10_601), 1);
    }

    #[test]
    fn a_429_holds_every_send_for_its_retry_after() {
        let mut p = Pacer::new(PROVISION_ON_DEMAND);
        p.record(0);
        p.hold(1_000, 4_000);
        assert_eq!(p.wait(1_000), 4_000);
        assert_eq!(p.wait(4_999), 1);
        assert_eq!(p.wait(5_000), 0);
        // A shorter hold later never shortens the first.
        p.hold(2_000, 1_000);
        assert_eq!(p.wait(2_000), 3_000);
    }

    proptest! {
        /// Whatever the arrival times, a client that sends only when `wait` says 0 (and
        /// otherwise sends as soon as the wait is over) never has more than `limit` sends in any
        /// window, and never waits when the window has room and nothing is held.
        #[test]
        fn never_more_than_the_budget_in_any_window(
            limit in 1usize..8,
            window in 1_000i64..20_000,
            gaps in proptest::collection::vec(0i64..3_000, 1..80),
        ) {
            let mut p = Pacer::new(Budget { limit, window_ms: window });
            let mut now = 0i64;
            let mut sent = Vec::new();
            for gap in gaps {
                now += gap;
                let wait = p.wait(now);
                let in_window = sent.iter().filter(|t| **t + window > now).count();
                prop_assert_eq!(wait == 0, in_window < limit);
                now += wait;
                prop_assert_eq!(p.wait(now), 0);
                p.record(now);
                sent.push(now);
            }
            for (i, start) in sent.iter().enumerate() {
                let inside = sent[i..].iter().filter(|t| **t < start + window).count();
                prop_assert!(inside <= limit, "{inside} sends in [{start}, {})", start + window);
            }
        }
    }
}
