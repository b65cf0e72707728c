//! Provisioning log entries (`provisioningObjectSummary`, see
//! <https://learn.microsoft.com/en-us/graph/api/resources/provisioningobjectsummary>):
//! those of a finished cycle and those of a provisionOnDemand, with
//! deterministic people, systems and ids.

use serde_json::{Value, json};

use super::{MAX_LOGS_PER_JOB, Owner, is_inbound};
use crate::ids::{stable_guid, stable_u64};
use crate::tenant::{Job, TaskExecution};
use crate::time::{GraphTime, TICKS_PER_SECOND};

/// One provisioning log entry.
#[derive(Clone, Debug)]
pub struct LogRecord {
    /// `activityDateTime`.
    pub at: GraphTime,
    /// The v1.0 `provisioningObjectSummary` JSON.
    pub body: Value,
}

pub(crate) fn push_logs(job: &mut Job, logs: Vec<LogRecord>) {
    job.sim.logs.extend(logs);
    if job.sim.logs.len() > MAX_LOGS_PER_JOB {
        let extra = job.sim.logs.len() - MAX_LOGS_PER_JOB;
        job.sim.logs.drain(..extra);
    }
}

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

pub(crate) fn cycle_logs(
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
