//! Which provisioning log entries a job has: those of each cycle it runs
//! (`cycle_logs`) and, for a freshly built tenant, a deterministic history of
//! the days before now (`history`), both agreeing with the job's state:
//!
//! - a job that never ran (`NotConfigured`, `NotRun`) has no entries;
//! - a paused job has none after its last run;
//! - a quarantined job's cycles since its quarantine began fail with the job's
//!   own error (`quarantine.error`, else `lastExecution.error`); a job
//!   quarantined without an error (on demand) has no cycles since;
//! - other cycles are mostly successes (create, update, some delete and
//!   disable), some objects out of scope (skipped), a few warnings and failures
//!   with the codes of <https://learn.microsoft.com/en-us/entra/identity/app-provisioning/known-issues>
//!   and <https://learn.microsoft.com/en-us/entra/identity/app-provisioning/application-provisioning-log-analytics>.

use super::logs::{Failed, LogRecord, Outcome, object_log};
use super::{Owner, is_inbound};
use crate::ids::{stable_guid, stable_u64};
use crate::tenant::{ExecutionState, Job, StatusCode, SyncError, TaskExecution};
use crate::time::{GraphTime, TICKS_PER_SECOND};

const H: i64 = 3600;

/// Object-level failures of a cycle, outbound (to an app's SCIM endpoint) and inbound (to Entra).
const OUTBOUND_FAILURES: [(&str, &str, &str); 3] = [
    (
        "SchemaAttributeValueInvalid",
        "The value of the attribute 'emails[type eq \"work\"].value' is not valid in the target system.",
        "Fix the value of the attribute in the source system or change the attribute mapping; the entry is retried in the next cycle (escrow).",
    ),
    (
        "DuplicateTargetEntries",
        "More than one entry in the target system matches the value of the matching attribute 'userName'.",
        "Remove the duplicate entries from the target system or match on an attribute whose values are unique.",
    ),
    (
        "SystemForCrossDomainIdentityManagementServiceIncompatible",
        "The SCIM endpoint of the application answered the request with a response the provisioning service does not support.",
        "Make the application's SCIM endpoint follow RFC 7644, see https://learn.microsoft.com/en-us/entra/identity/app-provisioning/use-scim-to-provision-users-and-groups.",
    ),
];
const INBOUND_FAILURES: [(&str, &str, &str); 3] = [
    OUTBOUND_FAILURES[0],
    (
        "DuplicateTargetEntries",
        "More than one user in Microsoft Entra ID matches the value of the matching attribute 'employeeId'.",
        "Remove the duplicate users or match on an attribute whose values are unique.",
    ),
    (
        "AzureActiveDirectoryCannotUpdateObjectsMasteredOnPremises",
        "The user is synchronized from on-premises Active Directory; its attributes cannot be updated in Microsoft Entra ID.",
        "Change the user in on-premises Active Directory, or scope it out of this job.",
    ),
];

/// The `n`-th object-level failure of the job's direction (deterministic rotation).
pub(crate) fn generic_failure(template: &str, n: u64) -> Failed {
    let list = if is_inbound(template) {
        &INBOUND_FAILURES
    } else {
        &OUTBOUND_FAILURES
    };
    let (code, reason, recommended) = list[(n % list.len() as u64) as usize];
    Failed {
        code: code.to_string(),
        reason: reason.to_string(),
        recommended: recommended.to_string(),
        step: "export",
    }
}

/// The failure of an entry when the whole job fails with `error`.
pub(crate) fn job_failure(error: &SyncError) -> Failed {
    Failed {
        code: error.code.clone(),
        reason: error.message.clone(),
        recommended: if error.tenant_actionable {
            "Fix the cause named in the reason; the job retries on its schedule.".to_string()
        } else {
            "Nothing to do: the provisioning service retries on its schedule.".to_string()
        },
        step: "export",
    }
}

/// The job's own error: `quarantine.error`, else `lastExecution.error`.
pub(crate) fn job_error(job: &Job) -> Option<&SyncError> {
    job.status
        .quarantine
        .as_ref()
        .and_then(|q| q.error.as_ref())
        .or_else(|| job.status.last_execution.as_ref()?.error.as_ref())
}

/// What the `i`-th entry of an ordinary cycle says (seeded mix).
fn mixed(template: &str, seed: u64) -> Outcome {
    match seed % 100 {
        0..25 => Outcome::Success("create"),
        25..54 => Outcome::Success("update"),
        54..59 => Outcome::Success("delete"),
        59..64 => Outcome::Success("disable"),
        64..82 => Outcome::OutOfScope,
        82..88 => Outcome::Warning,
        _ => Outcome::Failure(
            if seed.is_multiple_of(2) {
                "create"
            } else {
                "update"
            },
            generic_failure(template, seed / 100),
        ),
    }
}

/// The entries of a finished cycle `exec`: one failure with the run's error when it failed as a
/// whole; else its exports (up to 4), its escrowed entries (up to 3 failures, with the job's
/// error when quarantined, otherwise rotating codes) and a few objects out of scope.
pub(crate) fn cycle_logs(owner: Owner<'_>, job: &Job, exec: &TaskExecution) -> Vec<LogRecord> {
    let key = |i: i64| stable_u64(&format!("{}:{}:{i}", job.id, exec.activity_identifier));
    let mut outcomes: Vec<Outcome> = Vec::new();
    if exec.state == ExecutionState::Failed {
        if let Some(e) = exec.error.as_ref().or(job_error(job)) {
            outcomes.push(Outcome::Failure("update", job_failure(e)));
        }
    } else {
        let h = key(-1);
        for i in 0..exec.count_exported.min(4) {
            let k = key(i);
            outcomes.push(Outcome::Success(if k % 3 == 0 {
                "create"
            } else {
                "update"
            }));
        }
        let quarantine_error = job
            .status
            .quarantine
            .is_some()
            .then(|| job_error(job))
            .flatten();
        for i in 0..exec.count_escrowed.min(3) {
            let failed = match quarantine_error {
                Some(e) => job_failure(e),
                None => generic_failure(&job.template_id, h.wrapping_add(i as u64)),
            };
            outcomes.push(Outcome::Failure("update", failed));
        }
        for _ in 0..h % 3 {
            outcomes.push(Outcome::OutOfScope);
        }
        if h.is_multiple_of(7) && exec.count_exported > 0 {
            outcomes.push(Outcome::Warning);
        }
    }
    let span = (exec.time_ended.ticks() - exec.time_began.ticks()).max(TICKS_PER_SECOND);
    let n = outcomes.len() as i64;
    outcomes
        .iter()
        .enumerate()
        .map(|(i, outcome)| {
            let i = i as i64;
            let at = exec.time_began.plus_ticks(span * (i + 1) / (n + 1));
            object_log(
                owner,
                &job.id,
                &job.template_id,
                &exec.activity_identifier,
                at,
                key(i),
                outcome,
                false,
            )
        })
        .collect()
}

/// Whether the job has ever finished a run (else it has no log history).
fn has_run(job: &Job) -> bool {
    if matches!(
        job.status.code,
        StatusCode::NotRun | StatusCode::NotConfigured
    ) {
        return false;
    }
    [
        &job.status.last_execution,
        &job.status.last_successful_execution,
    ]
    .into_iter()
    .flatten()
    .any(|e| e.time_ended != GraphTime::MIN)
}

/// The history of a job that has run, over the `days` days before `now`: about one cycle a day
/// before the runs its status shows (those get `cycle_logs` in `init`), see the module docs.
pub(crate) fn history(owner: Owner<'_>, job: &Job, now: GraphTime, days: i64) -> Vec<LogRecord> {
    if days <= 0 || !has_run(job) {
        return Vec::new();
    }
    let shown = |e: &Option<TaskExecution>| {
        e.as_ref()
            .filter(|e| e.time_ended != GraphTime::MIN)
            .map(|e| e.time_began)
    };
    // Up to the latest run the status shows (a paused job's last run ended before its pause).
    let Some(mut end) = shown(&job.status.last_execution)
        .into_iter()
        .chain(shown(&job.status.last_successful_execution))
        .max()
    else {
        return Vec::new();
    };
    // A job failing as a whole (not quarantined): its failed runs are the status's own story.
    let failing = job
        .status
        .last_execution
        .as_ref()
        .is_some_and(|e| e.state == ExecutionState::Failed);
    if failing && job.status.quarantine.is_none() {
        end = shown(&job.status.last_successful_execution).unwrap_or(end);
    }
    let mut start = now.days_ago(days);
    if job.status.steady_state_first_achieved_time != GraphTime::MIN {
        start = start.max(job.status.steady_state_first_achieved_time);
    }
    let quarantine = job.status.quarantine.as_ref().map(|q| q.series_began);
    let quarantine_error = job_error(job).filter(|_| quarantine.is_some());
    let per_cycle = if days >= 7 { 3..9 } else { 2..5 };
    let mut out = Vec::new();
    let base = stable_u64(&format!("{}:history", job.id));
    let mut at = start.plus_seconds((base % (20 * H as u64)) as i64);
    for k in 0u64.. {
        if at >= end {
            break;
        }
        let h = stable_u64(&format!("{}:history:{k}", job.id));
        let cycle_id = stable_guid(&format!("cycle:{}:history:{k}", job.id));
        let quarantined = quarantine.is_some_and(|q| at >= q);
        let outcomes: Vec<Outcome> = if quarantined {
            match quarantine_error {
                Some(e) => (0..1 + h % 2)
                    .map(|_| Outcome::Failure("update", job_failure(e)))
                    .collect(),
                None => Vec::new(),
            }
        } else {
            let n = per_cycle.start + h % (per_cycle.end - per_cycle.start);
            (0..n)
                .map(|i| mixed(&job.template_id, stable_u64(&format!("{cycle_id}:{i}"))))
                .collect()
        };
        let mut t = at;
        for (i, outcome) in outcomes.iter().enumerate() {
            let seed = stable_u64(&format!("{cycle_id}:{i}"));
            t = t.plus_seconds(5 + (seed % 40) as i64);
            if t >= end {
                break;
            }
            out.push(object_log(
                owner,
                &job.id,
                &job.template_id,
                &cycle_id,
                t,
                seed,
                outcome,
                false,
            ));
        }
        at = at.plus_seconds(20 * H + (h % (8 * H as u64)) as i64);
    }
    out
}
