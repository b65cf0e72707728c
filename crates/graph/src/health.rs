//! Health: how much a job needs the admin's attention (the fleet view's
//! "needs attention" ordering), the quarantine clock, and the fleet summary.
//!
//! A job gets the first level that applies:
//!
//! | Rank | [`Attention`] | When |
//! |---|---|---|
//! | 0 | `Quarantined` | `status.code` is `Quarantine` |
//! | 1 | `Failing` | the last run `Failed`, or `countSuccessiveCompleteFailures` > 0 |
//! | 1 | `Unknown` | `status.code`, or the last run's state, is a value syncdeck does not know (it can't tell, so it ranks with failing) |
//! | 2 | `Escrows` | the last run had `EntryLevelErrors`, or `countEscrowed` > 0 |
//! | 3 | `Paused` | `status.code` is `Paused` |
//! | 4 | `NeverRun` | `status.code` is `NotConfigured`, or there is no last run |
//! | 5 | `Healthy` | anything else |

use std::cmp::Ordering;
use std::fmt;

use crate::enums::{StatusCode, TaskExecutionResult};
use crate::model::{QUARANTINE_AUTO_DISABLE_DAYS, SynchronizationJob, SynchronizationQuarantine};
use crate::time::GraphTime;
use syncdeck_i18n::{Num, t, tf, tn};

/// How much a job needs attention. The order of the variants is the order of
/// urgency: sorting puts the most urgent first, and `a < b` whenever
/// `a.rank() < b.rank()`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Attention {
    /// In quarantine.
    Quarantined,
    /// Its runs fail.
    Failing,
    /// Its state is one syncdeck does not know (ranked with `Failing`).
    Unknown,
    /// Some entries failed and wait for retry (escrows).
    Escrows,
    /// Paused.
    Paused,
    /// Never configured or never run.
    NeverRun,
    /// Nothing to do.
    Healthy,
}

impl Attention {
    /// Every level, most urgent first.
    pub const ALL: [Attention; 7] = [
        Attention::Quarantined,
        Attention::Failing,
        Attention::Unknown,
        Attention::Escrows,
        Attention::Paused,
        Attention::NeverRun,
        Attention::Healthy,
    ];

    /// The urgency, lower is more urgent: 0 quarantined, 1 failing or
    /// unknown, 2 escrows, 3 paused, 4 never run, 5 healthy.
    pub fn rank(self) -> u8 {
        match self {
            Attention::Quarantined => 0,
            Attention::Failing | Attention::Unknown => 1,
            Attention::Escrows => 2,
            Attention::Paused => 3,
            Attention::NeverRun => 4,
            Attention::Healthy => 5,
        }
    }

    /// Visible text: `Quarantined`, `Failing`, `Unknown state`, `Escrows`,
    /// `Paused`, `Never run`, `Healthy`.
    pub fn label(self) -> &'static str {
        match self {
            Attention::Quarantined => t!("Quarantined"),
            Attention::Failing => t!("Failing"),
            Attention::Unknown => t!("Unknown state"),
            Attention::Escrows => t!("Escrows"),
            Attention::Paused => t!("Paused"),
            Attention::NeverRun => t!("Never run"),
            Attention::Healthy => t!("Healthy"),
        }
    }

    /// True for every level but `Healthy`.
    pub fn needs_attention(self) -> bool {
        self != Attention::Healthy
    }
}

impl fmt::Display for Attention {
    /// Writes [`Attention::label`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// How much `job` needs attention (see the table in the module
/// documentation).
pub fn attention(job: &SynchronizationJob) -> Attention {
    let status = &job.status;
    let last = status.last_execution.as_ref();
    if status.code == StatusCode::Quarantine {
        return Attention::Quarantined;
    }
    if matches!(status.code, StatusCode::Unknown(_)) {
        return Attention::Unknown;
    }
    let last_state = last.map(|e| &e.state);
    if last_state == Some(&TaskExecutionResult::Failed)
        || status.count_successive_complete_failures > 0
    {
        return Attention::Failing;
    }
    if matches!(last_state, Some(TaskExecutionResult::Unknown(raw)) if !raw.trim().is_empty()) {
        return Attention::Unknown;
    }
    if last_state == Some(&TaskExecutionResult::EntryLevelErrors)
        || last.is_some_and(|e| e.count_escrowed > 0)
    {
        return Attention::Escrows;
    }
    if status.code == StatusCode::Paused {
        return Attention::Paused;
    }
    if status.code == StatusCode::NotConfigured || last.is_none() {
        return Attention::NeverRun;
    }
    Attention::Healthy
}

/// The key that sorts jobs by attention, then by app name (ignoring case,
/// then exactly), then by job id: a total, stable order for the fleet view.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AttentionKey {
    /// The job's attention level.
    pub attention: Attention,
    /// The app (service principal) name, lower-cased.
    pub name_folded: String,
    /// The app name as shown.
    pub name: String,
    /// The job id.
    pub job_id: String,
}

impl AttentionKey {
    /// The key of `job` of the app named `app_name`.
    pub fn new(job: &SynchronizationJob, app_name: &str) -> AttentionKey {
        AttentionKey {
            attention: attention(job),
            name_folded: syncdeck_i18n::fmt::lowercase(app_name),
            name: app_name.to_owned(),
            job_id: job.id.clone(),
        }
    }
}

impl PartialOrd for AttentionKey {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for AttentionKey {
    /// Attention, then folded name, then name, then job id.
    fn cmp(&self, other: &Self) -> Ordering {
        self.attention
            .cmp(&other.attention)
            .then_with(|| self.name_folded.cmp(&other.name_folded))
            .then_with(|| self.name.cmp(&other.name))
            .then_with(|| self.job_id.cmp(&other.job_id))
    }
}

/// Sorts `items` most urgent first, then by app name and job id (see
/// [`AttentionKey`]); `entry` gives each item's job and app name.
pub fn sort_by_attention<T>(items: &mut [T], entry: impl Fn(&T) -> (&SynchronizationJob, &str)) {
    items.sort_by_cached_key(|item| {
        let (job, name) = entry(item);
        AttentionKey::new(job, name)
    });
}

/// Milliseconds in a day.
const DAY_MILLIS: i64 = 86_400_000;

/// Where a quarantine stands in time: the quarantine banner's facts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuarantineClock {
    /// When this series of quarantines began (`seriesBegan`).
    pub since: GraphTime,
    /// When the quarantine was last evaluated or imposed (`currentBegan`).
    pub current_began: GraphTime,
    /// When the service evaluates it next (`nextAttempt`).
    pub next_attempt: GraphTime,
    /// How many times it was evaluated and kept (`seriesCount`).
    pub series_count: i64,
    /// Whole days in quarantine so far (`None` when `seriesBegan` is
    /// unknown; 0 if it lies in the future).
    pub days_in: Option<i64>,
    /// Whole days left before the service disables the job (never negative;
    /// `None` when `seriesBegan` is unknown).
    pub days_left: Option<i64>,
    /// When the job will be disabled: four weeks
    /// ([`QUARANTINE_AUTO_DISABLE_DAYS`]) after `seriesBegan`, in Unix
    /// milliseconds (`None` when unknown).
    pub auto_disable_at: Option<i64>,
    /// True when `now` is past `auto_disable_at` (the job has been in
    /// quarantine for more than four weeks, so the service disables it).
    pub overdue: bool,
}

impl QuarantineClock {
    /// The clock of `q` at `now_ms` (Unix milliseconds). Never panics:
    /// missing, invalid and "never" times give `None` values.
    pub fn of(q: &SynchronizationQuarantine, now_ms: i64) -> QuarantineClock {
        let began = q.series_began.unix_millis();
        let auto_disable_at =
            began.and_then(|b| b.checked_add(QUARANTINE_AUTO_DISABLE_DAYS * DAY_MILLIS));
        QuarantineClock {
            since: q.series_began.clone(),
            current_began: q.current_began.clone(),
            next_attempt: q.next_attempt.clone(),
            series_count: q.series_count,
            days_in: began
                .and_then(|b| now_ms.checked_sub(b))
                .map(|d| d.max(0) / DAY_MILLIS),
            days_left: q.days_until_auto_disable(now_ms),
            auto_disable_at,
            overdue: auto_disable_at.is_some_and(|t| now_ms > t),
        }
    }

    /// The deadline in words: `"disabled after 2025-03-13 10:17 UTC (in 25
    /// days)"`, `"past the four-week limit: the service disables the job"`
    /// when overdue, or `None` when unknown.
    pub fn deadline_text(&self) -> Option<String> {
        let at = self.auto_disable_at?;
        if self.overdue {
            return Some(t!("past the four-week limit: the service disables the job").to_owned());
        }
        let when = GraphTime::from_unix_millis(at).display_utc();
        Some(match self.days_left {
            Some(n) => tn!(
                "disabled after {when} (in {n} day)",
                "disabled after {when} (in {n} days)",
                n,
                when = when
            ),
            None => tf!("disabled after {when}", when = when),
        })
    }
}

/// Counts over a list of jobs, for the fleet summary line.
///
/// `quarantined`, `failing`, `unknown`, `escrows`, `paused`, `never_run` and
/// `healthy` count jobs by [`Attention`] (each job in exactly one of them, so
/// they add up to `total`); `active` counts jobs whose `status.code` is
/// `Active` (these overlap with the others, e.g. an active job may be
/// failing).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Summary {
    /// Every job.
    pub total: usize,
    /// [`Attention::Quarantined`].
    pub quarantined: usize,
    /// [`Attention::Failing`].
    pub failing: usize,
    /// [`Attention::Unknown`].
    pub unknown: usize,
    /// [`Attention::Escrows`].
    pub escrows: usize,
    /// [`Attention::Paused`].
    pub paused: usize,
    /// [`Attention::NeverRun`].
    pub never_run: usize,
    /// [`Attention::Healthy`].
    pub healthy: usize,
    /// `status.code` = `Active`.
    pub active: usize,
}

impl Summary {
    /// The counts over `jobs`.
    pub fn of<'a>(jobs: impl IntoIterator<Item = &'a SynchronizationJob>) -> Summary {
        let mut s = Summary::default();
        for job in jobs {
            s.add(job);
        }
        s
    }

    /// Counts one more job.
    pub fn add(&mut self, job: &SynchronizationJob) {
        self.total += 1;
        if job.status.code == StatusCode::Active {
            self.active += 1;
        }
        *self.bucket(attention(job)) += 1;
    }

    /// How many jobs have this attention level.
    pub fn count(&self, level: Attention) -> usize {
        match level {
            Attention::Quarantined => self.quarantined,
            Attention::Failing => self.failing,
            Attention::Unknown => self.unknown,
            Attention::Escrows => self.escrows,
            Attention::Paused => self.paused,
            Attention::NeverRun => self.never_run,
            Attention::Healthy => self.healthy,
        }
    }

    fn bucket(&mut self, level: Attention) -> &mut usize {
        match level {
            Attention::Quarantined => &mut self.quarantined,
            Attention::Failing => &mut self.failing,
            Attention::Unknown => &mut self.unknown,
            Attention::Escrows => &mut self.escrows,
            Attention::Paused => &mut self.paused,
            Attention::NeverRun => &mut self.never_run,
            Attention::Healthy => &mut self.healthy,
        }
    }

    /// The summary line: `"<N> jobs"` (`"1 job"`), then the non-zero counts,
    /// e.g. `"12 jobs: 1 quarantined, 2 failing, 3 paused, 5 active, 1 never
    /// run"`. Unknown states and escrows are listed too when present.
    pub fn line(&self) -> String {
        let head = tn!("{n} job", "{n} jobs", self.total);
        let count = |n: usize| Num(n as f64);
        let parts: Vec<String> = [
            (
                self.quarantined,
                tf!("{n} quarantined", n = count(self.quarantined)),
            ),
            (self.failing, tf!("{n} failing", n = count(self.failing))),
            (
                self.unknown,
                tf!("{n} in an unknown state", n = count(self.unknown)),
            ),
            (
                self.escrows,
                tf!("{n} with escrows", n = count(self.escrows)),
            ),
            (self.paused, tf!("{n} paused", n = count(self.paused))),
            (self.active, tf!("{n} active", n = count(self.active))),
            (
                self.never_run,
                tf!("{n} never run", n = count(self.never_run)),
            ),
        ]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(_, text)| text)
        .collect();
        if parts.is_empty() {
            head
        } else {
            tf!("{head}: {parts}", head = head, parts = parts.join(t!(", ")))
        }
    }
}
