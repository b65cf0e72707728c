//! Outcomes across provisioning events, for the fleet's "Recent failures" and the outcome
//! charts: failures grouped by job and error code ([`groups`]), outcomes per UTC day
//! ([`days`]), the chart's bars in whole viewBox units ([`chart`]), and how many events one
//! question reads ([`EventCap`]). Everything here is pure and tested natively.

pub mod chart;
pub mod days;
pub mod groups;
pub mod markup;

pub use chart::{Band, BarChart};
pub use days::{DayCounts, daily_outcomes};
pub use groups::{FailureGroup, FailureGroups, NO_CODE};

use crate::pace::Budget;

/// The most events one question reads (five pages of `$top=1000`): past it, the answer says it
/// is based on the newest ones.
pub const EVENT_CAP: usize = 5_000;

/// The outcome loads' own share of the reports budget ([`crate::pace::REPORTS`], 5 per 10 s):
/// at most 2 of their pages in any 10 s, so the first two pages go at once and the admin who
/// opens a job's logs meanwhile still has 3 requests free.
pub const SHARE: Budget = Budget {
    limit: 2,
    window_ms: 10_000,
};

/// Counts the events of one question's pages against [`EVENT_CAP`] and says whether to follow
/// the next link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct EventCap {
    /// Events taken so far.
    pub taken: usize,
    /// Pages read so far.
    pub pages: usize,
    /// True when more events exist than were taken.
    pub capped: bool,
}

impl EventCap {
    /// Counts a page of `len` events (`more`: it had a next link) and returns how many of them
    /// to take (the rest is past the cap) and whether to read the next page.
    pub fn page(&mut self, len: usize, more: bool) -> (usize, bool) {
        self.pages += 1;
        let take = len.min(EVENT_CAP - self.taken);
        self.taken += take;
        let full = self.taken >= EVENT_CAP;
        self.capped = (take < len) || (full && more);
        (take, more && !full)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_full_pages_then_stop_and_say_so() {
        let mut cap = EventCap::default();
        for _ in 0..4 {
            assert_eq!(cap.page(1000, true), (1000, true));
            assert!(!cap.capped);
        }
        assert_eq!(cap.page(1000, true), (1000, false));
        assert!(cap.capped);
        assert_eq!((cap.taken, cap.pages), (5000, 5));
    }

    #[test]
    fn exactly_the_cap_without_more_is_not_capped() {
        let mut cap = EventCap::default();
        for _ in 0..4 {
            cap.page(1000, true);
        }
        assert_eq!(cap.page(1000, false), (1000, false));
        assert!(!cap.capped);
        let mut short = EventCap::default();
        assert_eq!(short.page(12, false), (12, false));
        assert!(!short.capped && short.taken == 12);
    }

    #[test]
    fn an_oversized_page_is_cut_at_the_cap() {
        let mut cap = EventCap::default();
        cap.page(4500, true);
        assert_eq!(cap.page(1000, false), (500, false));
        assert!(cap.capped);
    }
}
