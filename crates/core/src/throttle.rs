//! How often the cards follow the jobs while the scan runs ([`RenderThrottle`]).
//!
//! While the scan runs, batches land every few milliseconds: the cards follow at most every
//! [`scan_render_interval`] (first and last answer at once), so the main thread keeps sending
//! batches instead of re-sorting and re-laying out the cards 250 times. Outside the scan
//! (refreshes, actions) and when jobs go away, the cards follow at once.

/// While the scan runs, the cards are re-sorted and re-rendered at most this often (ms)...
pub const SCAN_RENDER_MS: i64 = 150;
/// ...or, with many jobs, at most every `jobs / SCAN_RENDER_JOBS_PER_MS` ms (up to
/// [`SCAN_RENDER_MAX_MS`]): a render costs time in proportion to the jobs (sort, summary), so
/// this keeps the share of the scan spent on rendering the same for 500 jobs or 5,000.
pub const SCAN_RENDER_JOBS_PER_MS: usize = 10;
/// The longest time between two renders while the scan runs (ms).
pub const SCAN_RENDER_MAX_MS: i64 = 500;

/// The least time between two renders while the scan runs, with `jobs` found so far.
pub fn scan_render_interval(jobs: usize) -> i64 {
    i64::try_from(jobs / SCAN_RENDER_JOBS_PER_MS)
        .unwrap_or(i64::MAX)
        .clamp(SCAN_RENDER_MS, SCAN_RENDER_MAX_MS)
}

/// What to do about a change of the jobs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Render {
    /// Render now.
    Now,
    /// Render after this many milliseconds (set a timer; call [`RenderThrottle::fired`] then).
    After(u64),
    /// A render is already due: nothing to do.
    Pending,
}

/// When the cards last followed the jobs, and whether a later render is already due.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RenderThrottle {
    last: i64,
    pending: bool,
    len: usize,
}

impl RenderThrottle {
    /// The jobs changed (`len` of them now) at `now_ms`; `scanning` while the scan runs.
    pub fn on_change(&mut self, now_ms: i64, len: usize, scanning: bool) -> Render {
        let shrank = len < self.len;
        self.len = len;
        let interval = scan_render_interval(len);
        if !scanning || shrank || now_ms.saturating_sub(self.last) >= interval {
            self.last = now_ms;
            Render::Now
        } else if self.pending {
            Render::Pending
        } else {
            self.pending = true;
            let wait = self.last.saturating_add(interval).saturating_sub(now_ms);
            Render::After(u64::try_from(wait).unwrap_or(0))
        }
    }

    /// The timer of a [`Render::After`] fired at `now_ms` (the render happens now).
    pub fn fired(&mut self, now_ms: i64) {
        self.pending = false;
        self.last = now_ms;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_interval_grows_with_the_jobs_within_bounds() {
        assert_eq!(scan_render_interval(0), SCAN_RENDER_MS);
        assert_eq!(scan_render_interval(2_000), 200);
        assert_eq!(scan_render_interval(50_000), SCAN_RENDER_MAX_MS);
    }

    #[test]
    fn while_scanning_renders_are_spaced_and_one_timer_is_set() {
        let mut t = RenderThrottle::default();
        assert_eq!(t.on_change(10_000, 1, true), Render::Now);
        assert_eq!(t.on_change(10_050, 2, true), Render::After(100));
        assert_eq!(t.on_change(10_080, 3, true), Render::Pending);
        t.fired(10_150);
        assert_eq!(t.on_change(10_200, 4, true), Render::After(100));
        // Jobs going away, or the scan over, render at once.
        assert_eq!(t.on_change(10_210, 3, true), Render::Now);
        assert_eq!(t.on_change(10_220, 9, false), Render::Now);
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// During a scan that only grows, two renders are never closer than the interval, and a
        /// change never waits longer than the interval for its render.
        #[test]
        fn renders_are_spaced_and_never_late(steps in prop::collection::vec((0i64..400, 0usize..50), 1..60)) {
            let mut t = RenderThrottle::default();
            let (mut now, mut len) = (1_000_000i64, 0usize);
            let mut last_render: Option<i64> = None;
            let mut timer: Option<i64> = None;
            for (dt, grow) in steps {
                now += dt;
                if let Some(at) = timer.filter(|at| *at <= now) {
                    t.fired(at);
                    last_render = Some(at);
                    timer = None;
                }
                len += grow;
                match t.on_change(now, len, true) {
                    Render::Now => {
                        if let Some(prev) = last_render {
                            prop_assert!(now - prev >= scan_render_interval(len));
                        }
                        last_render = Some(now);
                    }
                    Render::After(ms) => {
                        prop_assert!(timer.is_none());
                        prop_assert!(ms as i64 <= scan_render_interval(len));
                        timer = Some(now + ms as i64);
                    }
                    Render::Pending => prop_assert!(timer.is_some()),
                }
            }
        }
    }
}
