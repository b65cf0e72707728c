//! The job state machine and the emulated passage of time: how a job's
//! `synchronizationStatus` moves between runs. See the status and schedule
//! resources in the Graph reference:
//! <https://learn.microsoft.com/en-us/graph/api/resources/synchronization-synchronizationstatus>
//! and <https://learn.microsoft.com/en-us/graph/api/resources/synchronization-synchronizationschedule>.
//!
//! A job "runs" when its schedule is `Active` and its status is `NotRun` or
//! `Active`. A running job goes through cycles: a cycle has `totalUnits`
//! "pages" done one every `secs_per_unit` emulated seconds; when it ends,
//! `lastExecution` gets its counts and `timeEnded`, `lastSuccessfulExecution`
//! (and `...WithExports` when it exported) follow, steady state is reached
//! (`NotRun` becomes `Active`), and the next cycle begins `schedule.interval`
//! later. Paused, quarantined and not-configured jobs do not move.
//!
//! Time is advanced lazily: every Graph request first brings every job up to
//! the clock's "now" ([`advance_tenant`]). When a job is far behind (the clock
//! jumped days ahead) whole idle periods are skipped instead of simulated.
//!
//! | Module | |
//! |---|---|
//! | [`init`] | the emulation state of a freshly built tenant |
//! | [`clock`] | bringing jobs up to the clock's now |
//! | [`cycles`] | beginning and finishing a cycle |
//! | [`actions`] | start, pause, restart, the strict-start failure, saved credentials |
//! | [`logs`] | one provisioning log entry (of a cycle or an on-demand run) |
//! | [`history`] | which entries a cycle writes, and a fresh tenant's days of history |

pub mod actions;
pub mod clock;
pub mod cycles;
pub mod history;
pub mod init;
pub mod logs;

use std::collections::BTreeSet;

use crate::tenant::{Job, ScheduleState, StatusCode, SyncError};
use crate::time::{GraphTime, duration_seconds};

pub use actions::{
    Refusal, StartOutcome, break_job, credentials_saved, parse_scope, pause, restart, scope, start,
};
pub use clock::{advance, advance_service_principal, advance_tenant};
pub use cycles::begin_cycle;
pub use init::init_tenant;
pub use logs::{Failed, LogRecord, Outcome, Place, Subject, entry, object_log, person, push_log};

/// Emulated seconds per progress unit of a new cycle.
pub const DEFAULT_SECS_PER_UNIT: i64 = 6;
/// Interval given to a job started from `NotConfigured` ("about every 40 minutes").
pub const DEFAULT_INTERVAL: &str = "PT40M";
/// Provisioning log entries kept per job (oldest dropped).
pub const MAX_LOGS_PER_JOB: usize = 600;
/// Days of log history of a demo (or test) tenant's jobs.
pub const DEFAULT_HISTORY_DAYS: i64 = 30;
/// Days of log history of a generated (`--apps`) tenant's jobs: few, for memory.
pub const GENERATED_HISTORY_DAYS: i64 = 2;

/// The emulation state of one job (not part of its JSON).
#[derive(Clone, Debug, Default)]
pub struct Sim {
    /// The cycle in progress, if any.
    pub cycle: Option<Cycle>,
    /// When the next cycle begins (running jobs without a cycle in progress).
    pub next_cycle_at: GraphTime,
    /// Emulated seconds per progress unit.
    pub secs_per_unit: i64,
    /// Objects in scope (drives counts).
    pub entries: i64,
    /// Escrowed entries: every cycle reports them until a restart clears Escrows.
    pub escrowed: i64,
    /// Every cycle fails with this error until credentials are saved again.
    pub failing: Option<SyncError>,
    /// The status to go back to when a paused job is started.
    pub paused_from: Option<StatusCode>,
    /// Cycles completed (or skipped) so far.
    pub cycles: u64,
    /// Provisioning log entries (`provisioningObjectSummary`), oldest first.
    pub logs: Vec<LogRecord>,
    /// Object ids provisioned on demand (a second request is `Skipped`).
    pub on_demand: BTreeSet<String>,
}

/// A cycle in progress.
#[derive(Clone, Debug)]
pub struct Cycle {
    /// When it began.
    pub began: GraphTime,
    /// An initial cycle (every object re-evaluated) rather than an incremental one.
    pub initial: bool,
    /// Units in all.
    pub total_units: i64,
    /// Units done at `base`.
    pub done_base: i64,
    /// When `done_base` was observed (moved on pause/resume).
    pub base: GraphTime,
    /// Run id (`activityIdentifier`, log `cycleId`).
    pub activity_id: String,
}

/// Who owns the jobs being advanced (for log entries).
#[derive(Clone, Copy)]
pub struct Owner<'a> {
    /// Directory id.
    pub tenant_id: &'a str,
    /// Service principal object id.
    pub sp_id: &'a str,
    /// Its display name.
    pub sp_name: &'a str,
    /// Its application id.
    pub app_id: &'a str,
}

/// Whether `job` is running (it moves with time).
pub fn is_running(job: &Job) -> bool {
    job.schedule.state == ScheduleState::Active
        && matches!(job.status.code, StatusCode::NotRun | StatusCode::Active)
}

pub(crate) fn interval_secs(job: &Job) -> i64 {
    duration_seconds(&job.schedule.interval)
        .filter(|s| *s > 0)
        .unwrap_or(2400)
}

pub(crate) fn spu(job: &Job) -> i64 {
    job.sim.secs_per_unit.max(1)
}

/// `User to User` or, for HR inbound templates, `worker to user`.
pub fn entry_label(template: &str) -> &'static str {
    let t = template.to_ascii_lowercase();
    if t.starts_with("workday") || t.starts_with("successfactors") {
        "worker to user"
    } else {
        "User to User"
    }
}

/// Whether the template provisions into Entra (inbound) rather than out of it.
pub fn is_inbound(template: &str) -> bool {
    let t = template.to_ascii_lowercase();
    [
        "workday",
        "successfactors",
        "api2aad",
        "ad2aad",
        "azure2azure",
    ]
    .iter()
    .any(|p| t.starts_with(p))
}
