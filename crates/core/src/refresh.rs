//! The two loops that read jobs again by themselves: the fleet view's auto-refresh
//! ([`RefreshPolicy`]: when the next one is due, and how a throttled one slows the next), and
//! the reads that follow an action until the job's new state shows ([`follow_up`]).

use crate::failure::GraphFailure;
use crate::fleet::RefreshOutcome;
use syncdeck_graph::SynchronizationJob;
use syncdeck_graph::fleet::{RefreshInput, next_refresh_ms};

/// How often the refresh loop looks again while nothing has been read yet (ms).
pub const NOT_READ_YET_POLL_MS: u64 = 500;
/// How often the refresh loop looks again while the tab is hidden or the refresh is not yet due
/// (ms): short enough to notice a visible tab or a new action quickly.
pub const IDLE_POLL_MS: u64 = 1_000;

/// What the refresh loop sees when it wakes up.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RefreshNow<'a> {
    /// Now, Unix ms.
    pub now_ms: i64,
    /// When the jobs were last read (the end of the scan or of the last refresh); `None` while
    /// the scan runs.
    pub updated_at: Option<i64>,
    /// The jobs on screen.
    pub jobs: &'a [&'a SynchronizationJob],
    /// When the admin's last action was sent, Unix ms.
    pub last_action_at: Option<i64>,
    /// True while the browser tab is hidden.
    pub hidden: bool,
}

/// What the refresh loop does next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefreshStep {
    /// Read the jobs again now.
    Refresh,
    /// Send nothing; look again after this many milliseconds.
    SleepMs(u64),
}

/// The auto-refresh's memory between two refreshes: how many in a row were throttled, and the
/// longest `Retry-After` the last one was given. The cadence itself is
/// `syncdeck_graph::fleet::next_refresh_ms`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RefreshPolicy {
    throttled: u32,
    retry_after_secs: Option<u64>,
}

impl RefreshPolicy {
    /// Refreshes throttled in a row.
    pub fn throttled(&self) -> u32 {
        self.throttled
    }

    /// The `Retry-After` the next refresh waits for at least, in seconds.
    pub fn retry_after_secs(&self) -> Option<u64> {
        self.retry_after_secs
    }

    /// What to do now: nothing is sent before the scan is done, while the tab is hidden, or
    /// before the cadence says; the loop then sleeps at most [`IDLE_POLL_MS`] so it notices
    /// a change of any of these soon.
    pub fn step(&self, at: &RefreshNow<'_>) -> RefreshStep {
        let Some(updated_at) = at.updated_at else {
            return RefreshStep::SleepMs(NOT_READ_YET_POLL_MS);
        };
        let wait = next_refresh_ms(&RefreshInput {
            jobs: at.jobs,
            since_last_action_ms: at
                .last_action_at
                .map(|t| u64::try_from(at.now_ms.saturating_sub(t)).unwrap_or(0)),
            hidden: at.hidden,
            throttled: self.throttled,
            retry_after_secs: self.retry_after_secs,
        });
        let Some(wait) = wait else {
            return RefreshStep::SleepMs(IDLE_POLL_MS);
        };
        let due = updated_at.saturating_add(i64::try_from(wait).unwrap_or(i64::MAX));
        if at.now_ms < due {
            let left = u64::try_from(due - at.now_ms).unwrap_or(0);
            RefreshStep::SleepMs(left.min(IDLE_POLL_MS))
        } else {
            RefreshStep::Refresh
        }
    }

    /// Takes in a refresh's outcome: one that was throttled (some request retried, or the
    /// whole refresh failed) counts one more in a row, a clean one resets the count; the
    /// longest readable `Retry-After` of the apps that failed is kept for the next wait.
    pub fn record(&mut self, outcome: Result<&RefreshOutcome, &GraphFailure>) {
        match outcome {
            Err(failure) => {
                self.throttled += 1;
                self.retry_after_secs = failure.retry_after_secs();
            }
            Ok(outcome) => {
                self.throttled = if outcome.throttled > 0 {
                    self.throttled + 1
                } else {
                    0
                };
                self.retry_after_secs = outcome
                    .lists
                    .iter()
                    .filter_map(|l| l.error.as_ref().and_then(GraphFailure::retry_after_secs))
                    .max();
            }
        }
    }
}

/// How many times a job is read after an action, at most.
pub const FOLLOW_UP_READS: u32 = 10;
/// The time between two of those reads (ms).
pub const FOLLOW_UP_INTERVAL_MS: u64 = 1_500;

/// The wait before follow-up read `attempt` (0 for the first: at once).
pub fn follow_up_wait_ms(attempt: u32) -> u64 {
    if attempt == 0 {
        0
    } else {
        FOLLOW_UP_INTERVAL_MS
    }
}

/// What a follow-up read means.
#[derive(Debug, Clone, PartialEq)]
pub enum FollowUp {
    /// The job's new state shows (or this was the last read): publish the job as read.
    Publish,
    /// The job is gone (404): publish its deletion.
    Deleted,
    /// Still as before: read again after [`FOLLOW_UP_INTERVAL_MS`].
    ReadAgain,
    /// The read failed otherwise: stop (the auto-refresh catches up).
    Stop,
}

/// Judges follow-up read `attempt` (0-based) of a job that was `before` the action.
pub fn follow_up(
    attempt: u32,
    before: &SynchronizationJob,
    read: Result<&SynchronizationJob, &GraphFailure>,
) -> FollowUp {
    match read {
        Ok(job) if job != before || attempt + 1 >= FOLLOW_UP_READS => FollowUp::Publish,
        Ok(_) if attempt + 1 < FOLLOW_UP_READS => FollowUp::ReadAgain,
        Ok(_) => FollowUp::Stop,
        Err(failure) if failure.status() == Some(404) => FollowUp::Deleted,
        Err(_) => FollowUp::Stop,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fleet::JobList;
    use syncdeck_graph::fleet::REFRESH_FAST_MS;
    use syncdeck_graph::hints::Operation;
    use syncdeck_graph::{GraphError, ServicePrincipal, parse_job};

    fn job(code: &str) -> SynchronizationJob {
        parse_job(&format!(
            r#"{{"id":"j","templateId":"scim","schedule":{{"state":"Active"}},"status":{{"code":"{code}"}}}}"#
        ))
        .unwrap()
    }

    fn throttled(secs: Option<u64>) -> GraphFailure {
        GraphFailure::Graph {
            error: GraphError::from_response(429, ""),
            operation: Operation::ListJobs,
            retry_after_secs: secs,
        }
    }

    #[test]
    fn nothing_is_sent_before_the_scan_ends_nor_while_hidden() {
        let policy = RefreshPolicy::default();
        let paused = job("Paused");
        let jobs = [&paused];
        let mut at = RefreshNow {
            now_ms: 1_000_000,
            updated_at: None,
            jobs: &jobs,
            last_action_at: None,
            hidden: false,
        };
        assert_eq!(policy.step(&at), RefreshStep::SleepMs(NOT_READ_YET_POLL_MS));
        at.updated_at = Some(at.now_ms);
        at.hidden = true;
        assert_eq!(policy.step(&at), RefreshStep::SleepMs(IDLE_POLL_MS));
        at.hidden = false;
        assert_eq!(policy.step(&at), RefreshStep::SleepMs(IDLE_POLL_MS));
        let wait = next_refresh_ms(&RefreshInput {
            jobs: &jobs,
            since_last_action_ms: None,
            hidden: false,
            throttled: 0,
            retry_after_secs: None,
        })
        .unwrap();
        assert!(wait > REFRESH_FAST_MS);
        at.now_ms += wait as i64 - 300;
        assert_eq!(policy.step(&at), RefreshStep::SleepMs(300));
        at.now_ms += 300;
        assert_eq!(policy.step(&at), RefreshStep::Refresh);
        // Right after an action the cadence is fast.
        at.now_ms = at.updated_at.unwrap() + REFRESH_FAST_MS as i64;
        at.last_action_at = Some(at.now_ms - 1_000);
        assert_eq!(policy.step(&at), RefreshStep::Refresh);
    }

    #[test]
    fn throttling_slows_the_next_refresh_and_a_clean_one_resets_it() {
        let mut policy = RefreshPolicy::default();
        let quiet = RefreshOutcome::default();
        policy.record(Ok(&RefreshOutcome {
            lists: vec![],
            throttled: 3,
        }));
        policy.record(Err(&GraphFailure::Aborted));
        assert_eq!(policy.throttled(), 2);
        let failed = |secs| JobList {
            sp: ServicePrincipal::with_id("a"),
            jobs: vec![],
            error: Some(throttled(secs)),
            retry_at: None,
        };
        policy.record(Ok(&RefreshOutcome {
            lists: vec![failed(Some(40)), failed(Some(90)), failed(None)],
            throttled: 0,
        }));
        assert_eq!(
            (policy.throttled(), policy.retry_after_secs()),
            (0, Some(90))
        );
        let paused = job("Paused");
        let jobs = [&paused];
        let at = RefreshNow {
            now_ms: 1_000_000,
            // A paused job needs attention: the cadence is 60 s.
            updated_at: Some(1_000_000 - 80_000),
            jobs: &jobs,
            last_action_at: None,
            hidden: false,
        };
        assert_eq!(
            policy.step(&at),
            RefreshStep::SleepMs(IDLE_POLL_MS),
            "90 s at least"
        );
        policy.record(Ok(&RefreshOutcome {
            lists: vec![failed(Some(1))],
            throttled: 0,
        }));
        assert_eq!(policy.step(&at), RefreshStep::Refresh, "the cadence again");
        policy.record(Ok(&quiet));
        assert_eq!(policy, RefreshPolicy::default());
    }

    #[test]
    fn a_follow_up_publishes_the_new_state_or_the_deletion() {
        let before = job("Paused");
        let after = job("Active");
        assert_eq!(follow_up_wait_ms(0), 0);
        assert_eq!(follow_up_wait_ms(1), FOLLOW_UP_INTERVAL_MS);
        assert_eq!(follow_up(0, &before, Ok(&before)), FollowUp::ReadAgain);
        assert_eq!(follow_up(3, &before, Ok(&after)), FollowUp::Publish);
        assert_eq!(
            follow_up(FOLLOW_UP_READS - 1, &before, Ok(&before)),
            FollowUp::Publish,
            "the last read is published whatever it shows"
        );
        let gone = GraphFailure::graph(GraphError::from_response(404, ""), Operation::GetJob);
        assert_eq!(follow_up(2, &before, Err(&gone)), FollowUp::Deleted);
        assert_eq!(follow_up(2, &before, Err(&throttled(None))), FollowUp::Stop);
    }
}
