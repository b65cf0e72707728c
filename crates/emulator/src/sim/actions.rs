//! The job actions: start, pause, restart (with its `resetScope` flags), the
//! strict-start failure, and saved credentials. See
//! <https://learn.microsoft.com/en-us/graph/api/synchronization-synchronizationjob-restart>
//! for the restart scopes.

use super::cycles::begin_cycle;
use super::{DEFAULT_INTERVAL, is_running};
use crate::tenant::{
    ExecutionState, INTERVAL_NEVER, Job, Quarantine, QuarantineReason, ScheduleState, StatusCode,
    SyncError,
};
use crate::time::{GraphTime, duration_seconds};

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
