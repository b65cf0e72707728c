//! The job state machine and the emulated passage of time (reference §1.2).
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

use std::collections::BTreeSet;

use serde_json::{Value, json};

use crate::ids::{stable_guid, stable_u64};
use crate::tenant::{
    ExecutionState, INTERVAL_NEVER, Job, KeyLong, Progress, Quarantine, QuarantineReason,
    ScheduleState, ServicePrincipal, StatusCode, SyncError, TaskExecution, Tenant,
};
use crate::time::{GraphTime, TICKS_PER_SECOND, duration_seconds};

/// Emulated seconds per progress unit of a new cycle.
pub const DEFAULT_SECS_PER_UNIT: i64 = 6;
/// Interval given to a job started from `NotConfigured` ("about every 40 minutes").
pub const DEFAULT_INTERVAL: &str = "PT40M";
/// Provisioning log entries kept per job (oldest dropped).
pub const MAX_LOGS_PER_JOB: usize = 400;

/// `synchronizationJobRestartScope` flags.
pub mod scope {
    /// Clears the connector's cache.
    pub const CONNECTOR_DATA_STORE: u32 = 1;
    /// Clears escrowed entries.
    pub const ESCROWS: u32 = 2;
    /// Drops the delta watermark (a new initial cycle).
    pub const WATERMARK: u32 = 4;
    /// Lifts quarantine.
    pub const QUARANTINE_STATE: u32 = 8;
    /// ConnectorDataStore + Escrows + Watermark + QuarantineState.
    pub const FULL: u32 = 15;
    /// Lets pending deletions over the accidental-deletion threshold through.
    pub const FORCE_DELETES: u32 = 32;
    /// What an empty or missing resetScope means (the portal's Restart button).
    pub const PORTAL_DEFAULT: u32 = QUARANTINE_STATE | WATERMARK | ESCROWS;
}

/// Parses a `resetScope` (comma-separated member names, case-insensitive).
/// Missing or empty = [`scope::PORTAL_DEFAULT`]. An unknown name is the error.
pub fn parse_scope(text: Option<&str>) -> Result<u32, String> {
    let text = text.unwrap_or("").trim();
    if text.is_empty() {
        return Ok(scope::PORTAL_DEFAULT);
    }
    let mut flags = 0;
    for name in text.split(',').map(str::trim) {
        flags |= match name.to_ascii_lowercase().as_str() {
            "none" => 0,
            "connectordatastore" => scope::CONNECTOR_DATA_STORE,
            "escrows" => scope::ESCROWS,
            "watermark" => scope::WATERMARK,
            "quarantinestate" => scope::QUARANTINE_STATE,
            "full" => scope::FULL,
            "forcedeletes" => scope::FORCE_DELETES,
            _ => return Err(name.to_string()),
        };
    }
    Ok(flags)
}

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

/// One provisioning log entry.
#[derive(Clone, Debug)]
pub struct LogRecord {
    /// `activityDateTime`.
    pub at: GraphTime,
    /// The v1.0 `provisioningObjectSummary` JSON.
    pub body: Value,
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

fn interval_secs(job: &Job) -> i64 {
    duration_seconds(&job.schedule.interval)
        .filter(|s| *s > 0)
        .unwrap_or(2400)
}

fn spu(job: &Job) -> i64 {
    job.sim.secs_per_unit.max(1)
}

/// Brings every job of `tenant` up to `now`.
pub fn advance_tenant(tenant: &mut Tenant, now: GraphTime) {
    let tenant_id = tenant.tenant_id.as_str();
    for sp in &mut tenant.service_principals {
        advance_service_principal(tenant_id, sp, now);
    }
}

/// Brings every job of `sp` (in the tenant `tenant_id`) up to `now`.
pub fn advance_service_principal(tenant_id: &str, sp: &mut ServicePrincipal, now: GraphTime) {
    if sp.jobs.is_empty() {
        return;
    }
    let owner = Owner {
        tenant_id,
        sp_id: &sp.id,
        sp_name: &sp.display_name,
        app_id: &sp.app_id,
    };
    for job in &mut sp.jobs {
        advance(job, owner, now);
    }
}

/// Brings `job` up to `now`.
pub fn advance(job: &mut Job, owner: Owner<'_>, now: GraphTime) {
    for _ in 0..10_000 {
        if !is_running(job) {
            return;
        }
        if let Some(c) = &job.sim.cycle {
            let spu = spu(job);
            let end = c.base.plus_seconds((c.total_units - c.done_base) * spu);
            if now >= end {
                finish_cycle(job, owner, end);
                continue;
            }
            let done =
                c.done_base + (now.ticks() - c.base.ticks()).max(0) / (spu * TICKS_PER_SECOND);
            let observed = c.base.plus_seconds((done - c.done_base) * spu);
            let total = c.total_units;
            let current = job.status.progress.first().map(|p| p.completed_units);
            if current != Some(done) {
                job.status.progress = vec![progress(done, total, observed)];
            }
            return;
        }
        let next = job.sim.next_cycle_at;
        if now < next {
            return;
        }
        let period = interval_secs(job) + 3 * spu(job);
        let behind = (now.ticks() - next.ticks()) / TICKS_PER_SECOND;
        if behind > 3 * period {
            let skip = behind / period - 1;
            job.sim.next_cycle_at = next.plus_seconds(skip * period);
            job.sim.cycles += skip as u64;
        }
        let at = job.sim.next_cycle_at;
        begin_cycle(job, at, false);
    }
}

fn progress(done: i64, total: i64, at: GraphTime) -> Progress {
    Progress {
        completed_units: done,
        progress_observation_date_time: at,
        total_units: total,
        units: Some("pages".to_string()),
    }
}

/// The `lastExecution` of cycle `activity_id` from `began` to `ended`
/// ([`GraphTime::MIN`] while it runs): succeeded, nothing counted yet.
fn execution(activity_id: String, began: GraphTime, ended: GraphTime) -> TaskExecution {
    TaskExecution {
        activity_identifier: activity_id,
        count_entitled: 0,
        count_entitled_for_provisioning: 0,
        count_escrowed: 0,
        count_escrowed_raw: 0,
        count_exported: 0,
        count_exports: 0,
        count_imported: 0,
        count_imported_deltas: 0,
        count_imported_reference_deltas: 0,
        error: None,
        state: ExecutionState::Succeeded,
        time_began: began,
        time_ended: ended,
    }
}

/// Starts a cycle at `at`.
pub fn begin_cycle(job: &mut Job, at: GraphTime, initial: bool) {
    let h = stable_u64(&format!("{}:{}", job.id, job.sim.cycles));
    let total = if initial {
        (job.sim.entries / 25).clamp(4, 400)
    } else {
        1 + (h % 3) as i64
    };
    let activity_id = stable_guid(&format!("cycle:{}:{}", job.id, job.sim.cycles));
    if job.status.last_execution.is_some() {
        job.status.last_execution = Some(execution(activity_id.clone(), at, GraphTime::MIN));
    }
    job.status.progress = vec![progress(0, total, at)];
    job.sim.cycle = Some(Cycle {
        began: at,
        initial,
        total_units: total,
        done_base: 0,
        base: at,
        activity_id,
    });
}

fn finish_cycle(job: &mut Job, owner: Owner<'_>, end: GraphTime) {
    let Some(c) = job.sim.cycle.take() else {
        return;
    };
    let h = stable_u64(&format!("{}:{}:end", job.id, job.sim.cycles));
    job.sim.cycles += 1;
    job.status.progress = Vec::new();
    job.sim.next_cycle_at = end.plus_seconds(interval_secs(job));
    let entries = job.sim.entries.max(1);
    let mut exec = execution(c.activity_id.clone(), c.began, end);
    if let Some(err) = job.sim.failing.clone() {
        exec.error = Some(err);
        exec.state = ExecutionState::Failed;
        job.status.count_successive_complete_failures += 1;
        job.status.last_execution = Some(exec);
        return;
    }
    let (deltas, exports) = if c.initial {
        (entries, (entries / 20).max(1))
    } else {
        let d = (h % (entries as u64 / 40 + 4)) as i64;
        (d, d / 2)
    };
    let escrowed = job.sim.escrowed;
    exec.count_imported = entries;
    exec.count_imported_deltas = deltas;
    exec.count_imported_reference_deltas = deltas / 3;
    exec.count_entitled = entries;
    exec.count_entitled_for_provisioning = entries;
    exec.count_exports = exports + escrowed;
    exec.count_exported = exports;
    exec.count_escrowed = escrowed;
    exec.count_escrowed_raw = escrowed + escrowed / 10;
    exec.state = if escrowed > 0 {
        ExecutionState::EntryLevelErrors
    } else {
        ExecutionState::Succeeded
    };
    job.status.count_successive_complete_failures = 0;
    if exec.state == ExecutionState::Succeeded {
        job.status.last_successful_execution = Some(exec.clone());
        if exports > 0 {
            job.status.last_successful_execution_with_exports = Some(exec.clone());
        }
    }
    if job.status.steady_state_first_achieved_time == GraphTime::MIN {
        job.status.steady_state_first_achieved_time = end;
    }
    job.status.steady_state_last_achieved_time = end;
    if job.status.code == StatusCode::NotRun {
        job.status.code = StatusCode::Active;
    }
    if job.status.synchronized_entry_count_by_type.is_empty() {
        job.status.synchronized_entry_count_by_type = vec![KeyLong {
            key: entry_label(&job.template_id).to_string(),
            value: entries - escrowed,
        }];
    }
    let logs = cycle_logs(owner, job, &exec, exports.min(4), escrowed.min(3));
    push_logs(job, logs);
    job.status.last_execution = Some(exec);
}

fn push_logs(job: &mut Job, logs: Vec<LogRecord>) {
    job.sim.logs.extend(logs);
    if job.sim.logs.len() > MAX_LOGS_PER_JOB {
        let extra = job.sim.logs.len() - MAX_LOGS_PER_JOB;
        job.sim.logs.drain(..extra);
    }
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

/// Sets up the emulation state of every job of a freshly built tenant at
/// `now`: running cycles continue from their shown progress, idle running
/// jobs get their next cycle (never before `now`), failing jobs keep
/// failing, escrows carry on, configured apps have saved secrets, and jobs
/// that have run get provisioning log entries for their last runs.
pub fn init_tenant(tenant: &mut Tenant, now: GraphTime) {
    let tenant_id = tenant.tenant_id.clone();
    for sp in &mut tenant.service_principals {
        let configured = sp
            .jobs
            .iter()
            .any(|j| j.status.code != StatusCode::NotConfigured);
        if configured && sp.secrets.is_empty() {
            sp.secrets = vec![
                (
                    "BaseAddress".to_string(),
                    format!("https://scim.{}.example/scim/v2", sp.app_id),
                ),
                ("SecretToken".to_string(), "********".to_string()),
            ];
        }
        let owner = Owner {
            tenant_id: &tenant_id,
            sp_id: &sp.id,
            sp_name: &sp.display_name,
            app_id: &sp.app_id,
        };
        for job in &mut sp.jobs {
            init_job(job, owner, now);
        }
    }
}

fn init_job(job: &mut Job, owner: Owner<'_>, now: GraphTime) {
    let st = &job.status;
    let from_types: i64 = st
        .synchronized_entry_count_by_type
        .iter()
        .map(|k| k.value)
        .sum();
    let imported = st.last_execution.as_ref().map_or(0, |e| e.count_imported);
    job.sim.entries = if from_types > 0 {
        from_types
    } else if imported > 0 {
        imported
    } else {
        200 + (stable_u64(&job.id) % 800) as i64
    };
    job.sim.secs_per_unit = DEFAULT_SECS_PER_UNIT;
    job.sim.escrowed = st.last_execution.as_ref().map_or(0, |e| e.count_escrowed);
    job.sim.failing = st
        .last_execution
        .as_ref()
        .filter(|e| e.state == ExecutionState::Failed)
        .and_then(|e| e.error.clone())
        .filter(|_| st.code != StatusCode::Quarantine);
    if st.code == StatusCode::Paused {
        job.sim.paused_from = Some(if st.steady_state_first_achieved_time == GraphTime::MIN {
            StatusCode::NotRun
        } else {
            StatusCode::Active
        });
    }
    // A cycle in progress continues from the progress it shows.
    if let Some(p) = st.progress.first() {
        let since = (now.ticks() - p.progress_observation_date_time.ticks()) / TICKS_PER_SECOND;
        job.sim.secs_per_unit = DEFAULT_SECS_PER_UNIT.max(since + 30);
        let running_exec = st
            .last_execution
            .as_ref()
            .filter(|e| e.time_ended == GraphTime::MIN);
        let began = running_exec.map_or_else(
            || {
                p.progress_observation_date_time
                    .plus_seconds(-p.completed_units * job.sim.secs_per_unit)
            },
            |e| e.time_began,
        );
        let activity_id = running_exec.map_or_else(
            || stable_guid(&format!("cycle:{}:initial", job.id)),
            |e| e.activity_identifier.clone(),
        );
        job.sim.cycle = Some(Cycle {
            began,
            initial: st.code == StatusCode::NotRun
                || st.steady_state_last_achieved_time == GraphTime::MIN,
            total_units: p.total_units,
            done_base: p.completed_units,
            base: p.progress_observation_date_time,
            activity_id,
        });
    }
    let interval = interval_secs(job);
    let last_end = st
        .last_execution
        .as_ref()
        .map(|e| e.time_ended)
        .filter(|t| *t != GraphTime::MIN);
    let stagger =
        30 + (stable_u64(&format!("{}:stagger", job.id)) % interval.clamp(1, 600) as u64) as i64;
    job.sim.next_cycle_at = match last_end {
        Some(end) if end.plus_seconds(interval) > now => end.plus_seconds(interval),
        _ => now.plus_seconds(stagger),
    };
    // Log entries for the runs the job shows.
    let mut logs = Vec::new();
    let mut seen = BTreeSet::new();
    for exec in [
        &job.status.last_successful_execution,
        &job.status.last_execution,
    ]
    .into_iter()
    .flatten()
    {
        if exec.time_ended == GraphTime::MIN || !seen.insert(exec.activity_identifier.clone()) {
            continue;
        }
        let failures = if exec.error.is_some() && exec.count_escrowed == 0 {
            0
        } else {
            exec.count_escrowed.min(3)
        };
        logs.extend(cycle_logs(
            owner,
            job,
            exec,
            exec.count_exported.min(4),
            failures,
        ));
    }
    push_logs(job, logs);
}

// ---------------------------------------------------------------- operations

/// Why an operation was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The job has never been configured and the app has no saved credentials.
    NotConfigured,
}

/// What a Start did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StartOutcome {
    /// A not-configured job started its first (initial) cycle.
    Started,
    /// A paused or quarantined job was resumed.
    Resumed,
    /// The job was already running; `broke` when strict start quarantined it.
    WhileRunning {
        /// Whether the job is now broken (strict start).
        broke: bool,
    },
}

fn running_code(job: &Job) -> StatusCode {
    if job.status.steady_state_first_achieved_time == GraphTime::MIN {
        StatusCode::NotRun
    } else {
        StatusCode::Active
    }
}

fn ensure_interval(job: &mut Job) {
    if job.schedule.interval == INTERVAL_NEVER || duration_seconds(&job.schedule.interval).is_none()
    {
        job.schedule.interval = if job.template_id.starts_with("AD2AAD") {
            "PT2M".to_string()
        } else {
            DEFAULT_INTERVAL.to_string()
        };
    }
}

fn first_start(job: &mut Job, now: GraphTime) {
    job.status.code = StatusCode::NotRun;
    job.schedule.state = ScheduleState::Active;
    job.status.quarantine = None;
    job.sim.paused_from = None;
    ensure_interval(job);
    begin_cycle(job, now, true);
}

/// `POST .../start`.
pub fn start(
    job: &mut Job,
    has_secrets: bool,
    strict: bool,
    now: GraphTime,
) -> Result<StartOutcome, Refusal> {
    if job.status.code == StatusCode::NotConfigured {
        if !has_secrets {
            return Err(Refusal::NotConfigured);
        }
        first_start(job, now);
        return Ok(StartOutcome::Started);
    }
    if is_running(job) {
        if strict {
            break_job(job, now);
        }
        return Ok(StartOutcome::WhileRunning { broke: strict });
    }
    resume(job, now);
    Ok(StartOutcome::Resumed)
}

/// Resumes a paused job or lifts quarantine (Start, restart with `None`).
fn resume(job: &mut Job, now: GraphTime) {
    let was_quarantined = job.status.quarantine.is_some();
    job.status.quarantine = None;
    job.schedule.state = ScheduleState::Active;
    job.status.code = job
        .sim
        .paused_from
        .take()
        .unwrap_or_else(|| running_code(job));
    ensure_interval(job);
    match &mut job.sim.cycle {
        Some(c) => c.base = now,
        None if was_quarantined => begin_cycle(job, now, false),
        None => {
            if job.sim.next_cycle_at < now {
                job.sim.next_cycle_at = now;
            }
        }
    }
}

/// `POST .../pause`: keeps progress; a not-configured job is left as it is.
pub fn pause(job: &mut Job, now: GraphTime) {
    if job.status.code == StatusCode::NotConfigured {
        return;
    }
    if job.status.code != StatusCode::Paused {
        job.sim.paused_from = Some(match job.status.code {
            StatusCode::Active | StatusCode::NotRun => job.status.code,
            _ => running_code(job),
        });
    }
    let done = job.status.progress.first().map(|p| p.completed_units);
    if let (Some(c), Some(done)) = (&mut job.sim.cycle, done) {
        c.done_base = done;
        c.base = now;
    }
    job.schedule.state = ScheduleState::Paused;
    job.status.code = StatusCode::Paused;
}

/// `POST .../restart` with the parsed `flags` (see [`scope`]).
pub fn restart(
    job: &mut Job,
    flags: u32,
    has_secrets: bool,
    now: GraphTime,
) -> Result<(), Refusal> {
    if job.status.code == StatusCode::NotConfigured {
        if !has_secrets {
            return Err(Refusal::NotConfigured);
        }
        first_start(job, now);
        return Ok(());
    }
    if flags == 0 {
        // `None`: "starts a paused/quarantined job".
        if !is_running(job) {
            resume(job, now);
        }
        return Ok(());
    }
    if flags & scope::ESCROWS != 0 {
        job.sim.escrowed = 0;
        if let Some(e) = &mut job.status.last_execution {
            e.count_escrowed = 0;
            e.count_escrowed_raw = 0;
            if e.state == ExecutionState::EntryLevelErrors {
                e.state = ExecutionState::Succeeded;
            }
        }
    }
    if flags & scope::QUARANTINE_STATE != 0 {
        job.status.quarantine = None;
    }
    if flags & scope::FORCE_DELETES != 0
        && job
            .status
            .quarantine
            .as_ref()
            .is_some_and(|q| q.reason == QuarantineReason::TooManyDeletes)
    {
        job.status.quarantine = None;
    }
    job.schedule.state = ScheduleState::Active;
    ensure_interval(job);
    job.sim.paused_from = None;
    if job.status.quarantine.is_some() {
        // Still quarantined: the job stays where it is.
        job.status.code = StatusCode::Quarantine;
        job.sim.cycle = None;
        job.status.progress = Vec::new();
        return Ok(());
    }
    if flags & (scope::WATERMARK | scope::CONNECTOR_DATA_STORE) != 0 {
        if flags & scope::CONNECTOR_DATA_STORE != 0 {
            job.status.synchronized_entry_count_by_type = Vec::new();
        }
        job.status.steady_state_last_achieved_time = GraphTime::MIN;
        job.status.code = running_code(job);
        begin_cycle(job, now, true);
    } else {
        job.status.code = running_code(job);
        match &mut job.sim.cycle {
            Some(c) => {
                c.done_base = job.status.progress.first().map_or(0, |p| p.completed_units);
                c.base = now;
            }
            None => begin_cycle(job, now, false),
        }
    }
    Ok(())
}

/// The `--strict-start` failure: the service stops, the job is quarantined.
pub fn break_job(job: &mut Job, now: GraphTime) {
    let error = SyncError {
        code: "ProvisioningServiceStopped".to_string(),
        message: "The provisioning service stopped because Start was called on a job that was \
                  already running. Start should only be called on a paused or quarantined job; \
                  restart the job to recover."
            .to_string(),
        tenant_actionable: true,
    };
    job.sim.cycle = None;
    job.status.progress = Vec::new();
    job.status.code = StatusCode::Quarantine;
    job.status.quarantine = Some(Quarantine {
        current_began: now,
        next_attempt: now.plus_seconds(86_400),
        reason: QuarantineReason::EncounteredQuarantineException,
        series_began: now,
        series_count: 1,
        error: Some(error),
    });
}

/// Saved credentials fix a job that fails on credentials.
pub fn credentials_saved(job: &mut Job) {
    job.sim.failing = None;
}

// ---------------------------------------------------------------- logs

const FIRST: [&str; 16] = [
    "Adele",
    "Alex",
    "Diego",
    "Grady",
    "Henrietta",
    "Isaiah",
    "Johanna",
    "Joni",
    "Lee",
    "Lidia",
    "Lynne",
    "Megan",
    "Miriam",
    "Nestor",
    "Patti",
    "Pradeep",
];
const LAST: [&str; 12] = [
    "Vance",
    "Wilber",
    "Siciliani",
    "Archie",
    "Mueller",
    "Langer",
    "Lauer",
    "Sherman",
    "Gu",
    "Holloway",
    "Robinson",
    "Bowen",
];

/// A deterministic person: (display name, user principal name).
pub fn person(seed: u64) -> (String, String) {
    let first = FIRST[(seed % FIRST.len() as u64) as usize];
    let last = LAST[((seed / 16) % LAST.len() as u64) as usize];
    let n = (seed / 256) % 100;
    (
        format!("{first} {last}"),
        format!(
            "{}.{}{n}@contoso.com",
            first.to_lowercase(),
            last.to_lowercase()
        ),
    )
}

fn systems(owner: Owner<'_>, template: &str) -> (Value, Value) {
    let entra = json!({
        "id": stable_guid("system:entra"),
        "displayName": "Azure Active Directory",
        "details": {},
    });
    let source_name = if template.starts_with("AD2AAD") {
        "Active Directory".to_string()
    } else {
        owner.sp_name.to_string()
    };
    let app = json!({
        "id": stable_guid(&format!("system:{}", owner.sp_id)),
        "displayName": if is_inbound(template) { source_name } else { owner.sp_name.to_string() },
        "details": {
            "ApplicationId": owner.app_id,
            "ServicePrincipalId": owner.sp_id,
            "ServicePrincipalDisplayName": owner.sp_name,
        },
    });
    if is_inbound(template) {
        (app, entra)
    } else {
        (entra, app)
    }
}

/// What one log entry says happened.
#[derive(Clone, Debug)]
pub enum Outcome {
    /// Exported (`create` or `update`).
    Success(&'static str),
    /// Failed with an error code and reason.
    Failure(&'static str, &'static str),
    /// Skipped (e.g. on-demand `RedundantExport`).
    Skipped,
}

/// One `provisioningObjectSummary`.
#[allow(clippy::too_many_arguments)]
pub fn object_log(
    owner: Owner<'_>,
    job_id: &str,
    template: &str,
    cycle_id: &str,
    at: GraphTime,
    seed: u64,
    outcome: &Outcome,
    on_demand: bool,
) -> LogRecord {
    let (display, upn) = person(seed);
    let (source_system, target_system) = systems(owner, template);
    let source_id = stable_guid(&format!("src:{seed}"));
    let target_id = stable_guid(&format!("tgt:{job_id}:{seed}"));
    let (action, status, error_information) = match outcome {
        Outcome::Success(action) => (*action, "success", Value::Null),
        Outcome::Skipped => ("other", "skipped", Value::Null),
        Outcome::Failure(code, reason) => (
            "update",
            "failure",
            json!({
                "errorCode": code,
                "reason": reason,
                "additionalDetails": null,
                "errorCategory": "nonServiceFailure",
                "recommendedAction": "Fix the data of the object in the source system; it is retried in the next cycle (escrow).",
            }),
        ),
    };
    let export_status = match outcome {
        Outcome::Success(_) => "success",
        Outcome::Skipped => "skipped",
        Outcome::Failure(..) => "failure",
    };
    let identity_type = if is_inbound(template) && template.starts_with("Workday") {
        "worker"
    } else {
        "User"
    };
    let body = json!({
        "id": stable_guid(&format!("log:{job_id}:{cycle_id}:{seed}")),
        "activityDateTime": at,
        "tenantId": owner.tenant_id,
        "jobId": job_id,
        "cycleId": cycle_id,
        "changeId": stable_guid(&format!("change:{job_id}:{seed}:{cycle_id}")),
        "provisioningAction": action,
        "durationInMilliseconds": 200 + (seed % 4000) as i64,
        "provisioningStatusInfo": { "status": status, "errorInformation": error_information },
        "provisioningSteps": [
            {
                "name": "EntryImport",
                "provisioningStepType": "import",
                "status": "success",
                "description": format!("Retrieved {identity_type} '{upn}' from {}", source_system["displayName"].as_str().unwrap_or_default()),
                "details": {},
            },
            {
                "name": "EntrySynchronizationScoping",
                "provisioningStepType": "scoping",
                "status": "success",
                "description": format!("Determine if {identity_type} in scope by evaluating against each scoping filter"),
                "details": { "Active in the source system": "True", "Assigned to the application": "True" },
            },
            {
                "name": "EntryExport",
                "provisioningStepType": "export",
                "status": export_status,
                "description": match outcome {
                    Outcome::Success(a) => format!("{identity_type} '{upn}' was {a}d in {}", target_system["displayName"].as_str().unwrap_or_default()),
                    Outcome::Skipped => "The state of the user in both the source and target systems already match.".to_string(),
                    Outcome::Failure(code, _) => format!("Failed to export '{upn}': {code}"),
                },
                "details": { "ReportableIdentifier": upn },
            },
        ],
        "modifiedProperties": [
            { "displayName": "displayName", "oldValue": null, "newValue": display },
            { "displayName": "userPrincipalName", "oldValue": null, "newValue": upn },
            { "displayName": "accountEnabled", "oldValue": null, "newValue": "True" },
        ],
        "servicePrincipal": { "id": owner.sp_id, "displayName": owner.sp_name },
        "sourceSystem": source_system,
        "targetSystem": target_system,
        "initiatedBy": if on_demand {
            json!({ "id": stable_guid("admin"), "displayName": "syncdeck admin", "initiatorType": "user" })
        } else {
            json!({ "id": "", "displayName": "Azure AD Provisioning Service", "initiatorType": "system" })
        },
        "sourceIdentity": { "id": source_id, "displayName": display, "identityType": identity_type, "details": {} },
        "targetIdentity": { "id": target_id, "displayName": display, "identityType": "User", "details": {} },
    });
    LogRecord { at, body }
}

fn cycle_logs(
    owner: Owner<'_>,
    job: &Job,
    exec: &TaskExecution,
    successes: i64,
    failures: i64,
) -> Vec<LogRecord> {
    let span = (exec.time_ended.ticks() - exec.time_began.ticks()).max(TICKS_PER_SECOND);
    let n = successes + failures;
    (0..n)
        .map(|i| {
            let seed = stable_u64(&format!("{}:{}:{i}", job.id, exec.activity_identifier));
            let at = exec.time_began.plus_ticks(span * (i + 1) / (n + 1));
            let outcome = if i < successes {
                Outcome::Success(if seed.is_multiple_of(3) { "create" } else { "update" })
            } else {
                Outcome::Failure(
                    "SchemaAttributeValueInvalid",
                    "The value of the attribute 'emails[type eq \"work\"].value' is not valid in the target system.",
                )
            };
            object_log(
                owner,
                &job.id,
                &job.template_id,
                &exec.activity_identifier,
                at,
                seed,
                &outcome,
                false,
            )
        })
        .collect()
}

/// Appends one log entry (e.g. of a provisionOnDemand).
pub fn push_log(job: &mut Job, record: LogRecord) {
    push_logs(job, vec![record]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_parse_case_insensitively() {
        assert_eq!(parse_scope(None), Ok(scope::PORTAL_DEFAULT));
        assert_eq!(parse_scope(Some("  ")), Ok(scope::PORTAL_DEFAULT));
        assert_eq!(
            parse_scope(Some("watermark, ESCROWS,QuarantineState")),
            Ok(14)
        );
        assert_eq!(parse_scope(Some("Full")), Ok(15));
        assert_eq!(parse_scope(Some("None")), Ok(0));
        assert_eq!(parse_scope(Some("ForceDeletes")), Ok(32));
        assert_eq!(
            parse_scope(Some("Watermark, Bogus")),
            Err("Bogus".to_string())
        );
    }
}
