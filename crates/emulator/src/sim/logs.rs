//! Provisioning log entries (`provisioningObjectSummary`, see
//! <https://learn.microsoft.com/en-us/graph/api/resources/provisioningobjectsummary>):
//! one entry of a cycle or of a provisionOnDemand, with deterministic people,
//! systems and ids. Which entries a cycle writes is [`super::history`]'s business.

use serde_json::{Value, json};

use super::{MAX_LOGS_PER_JOB, Owner, is_inbound};
use crate::ids::stable_guid;
use crate::tenant::Job;
use crate::time::GraphTime;

/// One provisioning log entry.
#[derive(Clone, Debug)]
pub struct LogRecord {
    /// `activityDateTime`.
    pub at: GraphTime,
    /// The v1.0 `provisioningObjectSummary` JSON.
    pub body: Value,
}

impl LogRecord {
    /// `provisioningStatusInfo.status` (`success`, `failure`, `skipped`, `warning`).
    pub fn status(&self) -> &str {
        self.body["provisioningStatusInfo"]["status"]
            .as_str()
            .unwrap_or_default()
    }

    /// `provisioningStatusInfo.errorInformation.errorCode`, when there is one.
    pub fn error_code(&self) -> Option<&str> {
        self.body["provisioningStatusInfo"]["errorInformation"]["errorCode"].as_str()
    }
}

/// Appends `logs` to the job's entries, keeping them in time order and at most
/// [`MAX_LOGS_PER_JOB`] (the oldest are dropped).
pub(crate) fn push_logs(job: &mut Job, logs: Vec<LogRecord>) {
    let sorted = job.sim.logs.last().map(|l| l.at);
    job.sim.logs.extend(logs);
    if sorted.is_some_and(|last| job.sim.logs.iter().any(|l| l.at < last)) {
        job.sim.logs.sort_by_key(|l| l.at);
    }
    if job.sim.logs.len() > MAX_LOGS_PER_JOB {
        let extra = job.sim.logs.len() - MAX_LOGS_PER_JOB;
        job.sim.logs.drain(..extra);
    }
}

/// First names of the emulated people (those of Microsoft's sample tenants).
pub(crate) const FIRST: [&str; 16] = [
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
/// Last names of the emulated people.
pub(crate) const LAST: [&str; 12] = [
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

/// An entry's error: `provisioningStatusInfo.errorInformation`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failed {
    /// `errorCode`, e.g. `SchemaAttributeValueInvalid`.
    pub code: String,
    /// `reason`.
    pub reason: String,
    /// `recommendedAction`.
    pub recommended: String,
    /// The step that failed: `import` (the object was not found) or `export`.
    pub step: &'static str,
}

/// What one log entry says happened.
#[derive(Clone, Debug)]
pub enum Outcome {
    /// Exported: `create`, `update`, `delete` or `disable`.
    Success(&'static str),
    /// Exported with a warning (an unresolved manager reference).
    Warning,
    /// Failed (`create` or `update` attempted).
    Failure(&'static str, Failed),
    /// Skipped at export: source and target already match (`RedundantExport`).
    Skipped,
    /// Skipped at scoping: the object is not in scope (not assigned to the app).
    OutOfScope,
}

/// Who an entry is about, when not a generated person.
#[derive(Clone, Debug)]
pub struct Subject {
    /// Display name.
    pub display: String,
    /// Reportable identifier (user principal name, or the group's name).
    pub name: String,
    /// `identityType`: `User`, `Group` or `worker`.
    pub kind: &'static str,
    /// The source object's id.
    pub source_id: String,
}

/// Where and when an entry is written.
#[derive(Clone, Copy)]
pub struct Place<'a> {
    /// The job's owner.
    pub owner: Owner<'a>,
    /// Job id.
    pub job_id: &'a str,
    /// Its template id.
    pub template: &'a str,
    /// `cycleId`.
    pub cycle_id: &'a str,
    /// `activityDateTime`.
    pub at: GraphTime,
    /// Whether an admin asked for it (provisionOnDemand).
    pub on_demand: bool,
}

/// One `provisioningObjectSummary` about a generated person.
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
    let place = Place {
        owner,
        job_id,
        template,
        cycle_id,
        at,
        on_demand,
    };
    entry(&place, seed, outcome, None)
}

/// One `provisioningObjectSummary`: about `subject`, or else the person of `seed`.
pub fn entry(
    place: &Place<'_>,
    seed: u64,
    outcome: &Outcome,
    subject: Option<&Subject>,
) -> LogRecord {
    let Place {
        owner,
        job_id,
        template,
        cycle_id,
        at,
        on_demand,
    } = *place;
    let default_kind = if template.starts_with("Workday") {
        "worker"
    } else {
        "User"
    };
    let subject = subject.cloned().unwrap_or_else(|| {
        let (display, upn) = person(seed);
        Subject {
            display,
            name: upn,
            kind: default_kind,
            source_id: stable_guid(&format!("src:{seed}")),
        }
    });
    let (display, upn, kind) = (&subject.display, &subject.name, subject.kind);
    let (source_system, target_system) = systems(owner, template);
    let source_name = source_system["displayName"].as_str().unwrap_or_default();
    let target_name = target_system["displayName"].as_str().unwrap_or_default();
    let target_id = stable_guid(&format!("tgt:{job_id}:{}", subject.source_id));
    let (action, status) = match outcome {
        Outcome::Success(action) => (*action, "success"),
        Outcome::Warning => ("update", "warning"),
        Outcome::Failure(action, _) => (*action, "failure"),
        Outcome::Skipped | Outcome::OutOfScope => ("other", "skipped"),
    };
    let error_information = match outcome {
        Outcome::Failure(_, f) => json!({
            "errorCode": f.code,
            "reason": f.reason,
            "additionalDetails": null,
            "errorCategory": "nonServiceFailure",
            "recommendedAction": f.recommended,
        }),
        _ => Value::Null,
    };
    let import_failed = matches!(outcome, Outcome::Failure(_, f) if f.step == "import");
    let mut steps = vec![json!({
        "name": "EntryImport",
        "provisioningStepType": "import",
        "status": if import_failed { "failure" } else { "success" },
        "description": if import_failed {
            format!("Could not retrieve {kind} '{}' from {source_name}", subject.source_id)
        } else {
            format!("Retrieved {kind} '{upn}' from {source_name}")
        },
        "details": {},
    })];
    if !import_failed {
        let in_scope = !matches!(outcome, Outcome::OutOfScope);
        steps.push(json!({
            "name": "EntrySynchronizationScoping",
            "provisioningStepType": "scoping",
            "status": if in_scope { "success" } else { "skipped" },
            "description": if in_scope {
                format!("Determine if {kind} in scope by evaluating against each scoping filter")
            } else {
                format!("{kind} '{upn}' is not in scope: not assigned to the application")
            },
            "details": {
                "Active in the source system": "True",
                "Assigned to the application": if in_scope { "True" } else { "False" },
            },
        }));
    }
    if matches!(outcome, Outcome::Warning) {
        steps.push(json!({
            "name": "EntryReferenceResolution",
            "provisioningStepType": "referenceResolution",
            "status": "warning",
            "description": format!("The manager of '{upn}' could not be resolved in {target_name}; the {kind} was exported without it and the reference is retried in the next cycle."),
            "details": { "ReferenceAttribute": "manager" },
        }));
    }
    let export = match outcome {
        Outcome::Success(a) => Some((
            "success",
            format!("{kind} '{upn}' was {a}d in {target_name}"),
        )),
        Outcome::Warning => Some((
            "success",
            format!("{kind} '{upn}' was updated in {target_name}"),
        )),
        Outcome::Skipped => Some((
            "skipped",
            "The state of the user in both the source and target systems already match."
                .to_string(),
        )),
        Outcome::Failure(_, f) if f.step == "export" => {
            Some(("failure", format!("Failed to export '{upn}': {}", f.code)))
        }
        Outcome::Failure(..) | Outcome::OutOfScope => None,
    };
    if let Some((status, description)) = export {
        steps.push(json!({
            "name": "EntryExport",
            "provisioningStepType": "export",
            "status": status,
            "description": description,
            "details": { "ReportableIdentifier": upn },
        }));
    }
    let enabled = if matches!(outcome, Outcome::Success("disable" | "delete")) {
        "False"
    } else {
        "True"
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
        "provisioningSteps": steps,
        "modifiedProperties": [
            { "displayName": "displayName", "oldValue": null, "newValue": display },
            { "displayName": "userPrincipalName", "oldValue": null, "newValue": upn },
            { "displayName": "accountEnabled", "oldValue": null, "newValue": enabled },
        ],
        "servicePrincipal": { "id": owner.sp_id, "displayName": owner.sp_name },
        "sourceSystem": source_system,
        "targetSystem": target_system,
        "initiatedBy": if on_demand {
            json!({ "id": stable_guid("admin"), "displayName": "syncdeck admin", "initiatorType": "user" })
        } else {
            json!({ "id": "", "displayName": "Azure AD Provisioning Service", "initiatorType": "system" })
        },
        "sourceIdentity": { "id": subject.source_id, "displayName": display, "identityType": kind, "details": {} },
        "targetIdentity": { "id": target_id, "displayName": display, "identityType": if kind == "Group" { "Group" } else { "User" }, "details": {} },
    });
    LogRecord { at, body }
}

/// Appends one log entry (e.g. of a provisionOnDemand).
pub fn push_log(job: &mut Job, record: LogRecord) {
    push_logs(job, vec![record]);
}
