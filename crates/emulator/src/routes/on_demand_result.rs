//! What a provisionOnDemand did, as the serialized `key` and `value` of its answer
//! (shaped like the documented examples of
//! <https://learn.microsoft.com/en-us/graph/api/synchronization-synchronizationjob-provisionondemand>)
//! and as the provisioning log entry it writes.
//!
//! For a job whose source is Microsoft Entra ID (outbound), the subject must be in the
//! directory ([`crate::directory`]): a user (by id) or a group (`objectTypeName: "Group"`, its
//! `links.members` users of the directory); anything else fails at import with
//! `EntryNotFound`. The directory's failing user always fails at export
//! ([`crate::directory::FAILING_CODE`]). A first success is `Success` (`Create`), a repeat
//! `Skipped` (`RedundantExport`). Inbound jobs take any object id (their source is not the
//! directory).

use serde_json::{Value, json};

use crate::directory::{FAILING_CODE, directory};
use crate::ids::{stable_guid, stable_u64};
use crate::sim::{self, Failed, LogRecord, Outcome, Owner, Place, Subject};
use crate::tenant::Job;
use crate::time::GraphTime;

/// The request, as far as the answer depends on it.
pub(crate) struct Request<'a> {
    /// The subject's `objectId`.
    pub object_id: &'a str,
    /// Its `objectTypeName` (`User` when absent).
    pub type_name: &'a str,
    /// The object ids of its `links.members`.
    pub members: &'a [String],
    /// The clock's now.
    pub now: GraphTime,
    /// The app's display name.
    pub sp_name: &'a str,
}

enum Result {
    Done { repeat: bool },
    NotFound(String),
    ExportFailed,
}

/// The answer's `key` and `value` documents and the log entry of `request` on `job`.
pub(crate) fn answer(
    job: &mut Job,
    owner: Owner<'_>,
    request: &Request<'_>,
) -> (Value, Value, LogRecord) {
    let dir = directory();
    let object_id = request.object_id;
    let outbound = !sim::is_inbound(&job.template_id);
    let group = request.type_name.eq_ignore_ascii_case("group") || dir.group(object_id).is_some();
    let seed = stable_u64(&format!("pod:{}:{object_id}", job.id));
    let (display, name) = if outbound && group {
        dir.group(object_id)
            .map(|g| (g.display_name.clone(), g.display_name.clone()))
            .unwrap_or_else(|| (object_id.to_string(), object_id.to_string()))
    } else if let Some(u) = dir.user(object_id).filter(|_| outbound) {
        (u.display_name.clone(), u.user_principal_name.clone())
    } else {
        sim::person(seed)
    };
    let kind = if group { "Group" } else { "User" };
    let result = if !outbound {
        Result::Done { repeat: false }
    } else if group {
        match dir.group(object_id) {
            None => Result::NotFound(object_id.to_string()),
            Some(_) => match request.members.iter().find(|m| dir.user(m).is_none()) {
                Some(missing) => Result::NotFound(missing.clone()),
                None => Result::Done { repeat: false },
            },
        }
    } else {
        match dir.user(object_id) {
            None => Result::NotFound(object_id.to_string()),
            Some(u) if u.id == dir.failing_user().id => Result::ExportFailed,
            Some(_) => Result::Done { repeat: false },
        }
    };
    let result = match result {
        Result::Done { .. } => Result::Done {
            repeat: !job.sim.on_demand.insert(object_id.to_ascii_lowercase()),
        },
        other => other,
    };
    let change_id = stable_guid(&format!(
        "pod:{}:{object_id}:{}:{}",
        job.id,
        job.sim.on_demand.len(),
        job.sim.logs.len()
    ));
    let now = request.now;
    let end = now.plus_ticks(2_187_113);
    let (source_name, target_name) = if sim::is_inbound(&job.template_id) {
        (request.sp_name, "Azure Active Directory")
    } else {
        ("Azure Active Directory", request.sp_name)
    };
    let step = |name: &str,
                ty: &str,
                status: &str,
                description: String,
                at: GraphTime,
                details: Value| {
        json!({ "name": name, "type": ty, "status": status, "description": description, "timestamp": at, "details": details })
    };
    let import_ok = step(
        "EntryImport",
        "Import",
        "Success",
        format!("Retrieved {kind} '{name}' from {source_name}"),
        now,
        json!({ "objectId": object_id }),
    );
    let scoping = step(
        "EntrySynchronizationScoping",
        "Scoping",
        "Success",
        format!("Determine if {kind} in scope by evaluating against each scoping filter"),
        now,
        json!({ "Assigned": "True", "IsActive": "True" }),
    );
    let matching = step(
        "EntryImport",
        "Matching",
        "Success",
        format!("Retrieved '{name}' from {target_name}"),
        now,
        json!({}),
    );
    let no_error = json!({ "status": "Success", "errorCode": null, "reason": null, "additionalDetails": null, "errorCategory": null, "recommendedAction": null });
    let (key, action, status_info, steps, outcome) = match &result {
        Result::Done { repeat: true } => (
            json!({"result": "Skipped", "details": {"errorCode": "RedundantExport", "errorMessage": "The state of the user in both the source and target systems already match."}}),
            "Other",
            json!({ "status": "Skipped", "errorCode": null, "reason": null, "additionalDetails": null, "errorCategory": null, "recommendedAction": null }),
            vec![
                import_ok,
                scoping,
                matching,
                step(
                    "EntrySynchronizationSkip",
                    "Export",
                    "Skipped",
                    format!(
                        "The state of the user in both the source and target systems already match. No change to the {kind} '{name}' currently needs to be made."
                    ),
                    end,
                    json!({ "SkipReason": "RedundantExport" }),
                ),
            ],
            Outcome::Skipped,
        ),
        Result::Done { repeat: false } => {
            let mut details = json!({});
            if group && !request.members.is_empty() {
                details = json!({ "members": request.members.join(", ") });
            }
            (
                json!({"result": "Success", "details": {}}),
                "Create",
                no_error,
                vec![
                    import_ok,
                    scoping,
                    matching,
                    step(
                        "EntryExportAdd",
                        "Export",
                        "Success",
                        format!("{kind} '{name}' was created in {target_name}"),
                        end,
                        details,
                    ),
                ],
                Outcome::Success("create"),
            )
        }
        Result::NotFound(missing) => {
            let reason = format!(
                "The object '{missing}' was not found in {source_name}. Check the object id; for a group, every member must be a user of the directory."
            );
            let failed = Failed {
                code: "EntryNotFound".to_string(),
                reason: reason.clone(),
                recommended: "Provision an object that exists in the source system.".to_string(),
                step: "import",
            };
            (
                json!({"result": "Failure", "details": {"errorCode": "EntryNotFound", "errorMessage": reason}}),
                "Other",
                json!({ "status": "Failure", "errorCode": "EntryNotFound", "reason": reason, "additionalDetails": null, "errorCategory": "NonServiceFailure", "recommendedAction": failed.recommended }),
                vec![step(
                    "EntryImport",
                    "Import",
                    "Failure",
                    format!("Could not retrieve {kind} '{missing}' from {source_name}"),
                    now,
                    json!({ "objectId": missing }),
                )],
                Outcome::Failure("other", failed),
            )
        }
        Result::ExportFailed => {
            let reason = format!(
                "The value of the attribute 'emails[type eq \"work\"].value' of '{name}' is not valid in {target_name}."
            );
            let failed = Failed {
                code: FAILING_CODE.to_string(),
                reason: reason.clone(),
                recommended: "Fix the user's mail attribute in Microsoft Entra ID or change the attribute mapping, then provision again.".to_string(),
                step: "export",
            };
            (
                json!({"result": "Failure", "details": {"errorCode": FAILING_CODE, "errorMessage": reason}}),
                "Create",
                json!({ "status": "Failure", "errorCode": FAILING_CODE, "reason": reason, "additionalDetails": null, "errorCategory": "NonServiceFailure", "recommendedAction": failed.recommended }),
                vec![
                    import_ok,
                    scoping,
                    matching,
                    step(
                        "EntryExportAdd",
                        "Export",
                        "Failure",
                        format!(
                            "Failed to create {kind} '{name}' in {target_name}: {FAILING_CODE}"
                        ),
                        end,
                        json!({ "ErrorCode": FAILING_CODE }),
                    ),
                ],
                Outcome::Failure("create", failed),
            )
        }
    };
    let mut modified = vec![
        json!({ "displayName": "objectId", "oldValue": null, "newValue": object_id }),
        json!({ "displayName": "displayName", "oldValue": null, "newValue": display }),
    ];
    if group {
        modified.push(json!({ "displayName": "members", "oldValue": null, "newValue": request.members.len().to_string() }));
    } else {
        modified.push(
            json!({ "displayName": "userPrincipalName", "oldValue": null, "newValue": name }),
        );
        modified
            .push(json!({ "displayName": "accountEnabled", "oldValue": null, "newValue": "True" }));
    }
    let value = json!({
        "action": action,
        "changeId": change_id,
        "endTime": end,
        "modifiedProperties": modified,
        "provisioningSteps": steps,
        "reportableIdentifier": name,
        "startTime": now,
        "statusInfo": status_info,
        "sourceIdentity": { "id": object_id, "type": kind, "displayName": null, "details": null },
        "sourceSystem": { "id": null, "name": source_name, "details": null },
        "targetIdentity": { "id": stable_guid(&format!("tgt:{}:{object_id}", job.id)), "type": kind, "displayName": null, "details": null },
        "targetSystem": { "id": null, "name": target_name, "details": null },
    });
    let place = Place {
        owner,
        job_id: &job.id,
        template: &job.template_id,
        cycle_id: &change_id,
        at: now,
        on_demand: true,
    };
    let subject = Subject {
        display,
        name,
        kind,
        source_id: object_id.to_string(),
    };
    let record = sim::entry(&place, seed, &outcome, Some(&subject));
    (key, value, record)
}
