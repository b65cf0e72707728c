//! `POST .../jobs/{jobId}/provisionOnDemand`: one object provisioned now,
//! answered like Graph (a `stringKeyStringValuePair` whose value is the
//! serialized result) and written to the provisioning logs.

use std::time::Duration;

use axum::Extension;
use axum::extract::{Path, State};
use axum::response::Response;
use serde_json::{Map, Value, json};

use crate::ids::{stable_guid, stable_u64};
use crate::odata::{GraphError, ok_json};
use crate::oidc::Caller;
use crate::routes::graph::{GraphCtx, JsonBody, job_at_now};
use crate::routes::jobs::not_configured;
use crate::sim::{self, Outcome, Owner};
use crate::state::AppState;
use crate::templates::{rule_id, rule_names};
use crate::tenant::StatusCode as Code;

/// `POST .../jobs/{jobId}/provisionOnDemand` (documented limit: 5 requests per 10 s).
pub async fn provision_on_demand(
    State(state): State<AppState>,
    ctx: GraphCtx,
    Path((id, job_id)): Path<(String, String)>,
    caller: Option<Extension<Caller>>,
    JsonBody(body): JsonBody,
) -> Result<Response, GraphError> {
    job_at_now(&state, &id, &job_id, |sp, index, moment| {
        let (now, tenant_id) = (moment.now, moment.tenant_id);
        let has_secrets = !sp.secrets.is_empty();
        let (sp_id, sp_name, app_id) = (sp.id.clone(), sp.display_name.clone(), sp.app_id.clone());
        let job = &mut sp.jobs[index];
        let limit = state.options().on_demand_limit;
        let key = format!(
            "provisionOnDemand:{}",
            state.rate_subject(caller.as_ref().map(|c| &c.0))
        );
        state
            .rate_limit(&key, limit, Duration::from_secs(10))
            .map_err(GraphError::throttled)?;
        if job.status.code == Code::NotConfigured && !has_secrets {
            return Err(not_configured(&sp_id));
        }
        let parameter = body
            .get("parameters")
            .and_then(Value::as_array)
            .and_then(|p| p.first())
            .ok_or_else(|| {
                GraphError::sync_bad_request(
                    "The request body must contain 'parameters': [{\"ruleId\": ..., \"subjects\": [...]}].",
                )
            })?;
        let rule = parameter
            .get("ruleId")
            .and_then(Value::as_str)
            .unwrap_or("");
        let rules: Vec<String> = rule_names(&job.template_id)
            .into_iter()
            .map(|n| rule_id(&job.id, n))
            .collect();
        if !rules.iter().any(|r| r.eq_ignore_ascii_case(rule)) {
            return Err(GraphError::sync_bad_request(format!(
                "The ruleId '{rule}' is not a synchronizationRule of this job's schema (GET .../jobs/{}/schema).",
                job.id
            )));
        }
        let subject = parameter
            .get("subjects")
            .and_then(Value::as_array)
            .and_then(|s| s.first())
            .ok_or_else(|| {
                GraphError::sync_bad_request("'subjects' must name at least one object.")
            })?;
        let object_id = subject
            .get("objectId")
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .ok_or_else(|| GraphError::sync_bad_request("Every subject needs an 'objectId'."))?
            .to_string();
        let type_name = subject
            .get("objectTypeName")
            .and_then(Value::as_str)
            .unwrap_or("User")
            .to_string();
        let repeat = !job.sim.on_demand.insert(object_id.to_ascii_lowercase());
        let seed = stable_u64(&format!("pod:{}:{object_id}", job.id));
        let (display, upn) = sim::person(seed);
        let change_id = stable_guid(&format!(
            "pod:{}:{object_id}:{}",
            job.id,
            job.sim.on_demand.len()
        ));
        let end = now.plus_ticks(2_187_113);
        let (key, result_status, action, outcome) = if repeat {
            (
                json!({"result": "Skipped", "details": {"errorCode": "RedundantExport", "errorMessage": "The state of the user in both the source and target systems already match."}}),
                "Skipped",
                "Other",
                Outcome::Skipped,
            )
        } else {
            (
                json!({"result": "Success", "details": {}}),
                "Success",
                "Create",
                Outcome::Success("create"),
            )
        };
        let (source_name, target_name) = if sim::is_inbound(&job.template_id) {
            (sp_name.as_str(), "Azure Active Directory")
        } else {
            ("Azure Active Directory", sp_name.as_str())
        };
        let value = json!({
            "action": action,
            "changeId": change_id,
            "endTime": end,
            "modifiedProperties": [
                { "displayName": "objectId", "oldValue": null, "newValue": object_id },
                { "displayName": "displayName", "oldValue": null, "newValue": display },
                { "displayName": "userPrincipalName", "oldValue": null, "newValue": upn },
                { "displayName": "accountEnabled", "oldValue": null, "newValue": "True" },
            ],
            "provisioningSteps": [
                { "name": "EntryImport", "type": "Import", "status": "Success", "description": format!("Retrieved {type_name} '{upn}' from {source_name}"), "timestamp": now, "details": { "objectId": object_id } },
                { "name": "EntrySynchronizationScoping", "type": "Scoping", "status": "Success", "description": format!("Determine if {type_name} in scope by evaluating against each scoping filter"), "timestamp": now, "details": { "Assigned": "True", "IsActive": "True" } },
                { "name": "EntryImport", "type": "Matching", "status": "Success", "description": format!("Retrieved '{upn}' from {target_name}"), "timestamp": now, "details": {} },
                if repeat {
                    json!({ "name": "EntrySynchronizationSkip", "type": "Export", "status": "Skipped", "description": format!("The state of the user in both the source and target systems already match. No change to the {type_name} '{upn}' currently needs to be made."), "timestamp": end, "details": { "SkipReason": "RedundantExport" } })
                } else {
                    json!({ "name": "EntryExportAdd", "type": "Export", "status": "Success", "description": format!("{type_name} '{upn}' was created in {target_name}"), "timestamp": end, "details": {} })
                },
            ],
            "reportableIdentifier": upn,
            "startTime": now,
            "statusInfo": { "status": result_status, "errorCode": null, "reason": null, "additionalDetails": null, "errorCategory": null, "recommendedAction": null },
            "sourceIdentity": { "id": object_id, "type": type_name, "displayName": null, "details": null },
            "sourceSystem": { "id": null, "name": source_name, "details": null },
            "targetIdentity": { "id": stable_guid(&format!("tgt:{}:{object_id}", job.id)), "type": type_name, "displayName": null, "details": null },
            "targetSystem": { "id": null, "name": target_name, "details": null },
        });
        let owner = Owner {
            tenant_id,
            sp_id: &sp_id,
            sp_name: &sp_name,
            app_id: &app_id,
        };
        let record = sim::object_log(
            owner,
            &job.id,
            &job.template_id,
            &change_id,
            now,
            seed,
            &outcome,
            true,
        );
        sim::push_log(job, record);
        let mut body = Map::new();
        body.insert(
            "@odata.context".into(),
            json!(ctx.context("microsoft.graph.stringKeyStringValuePair")),
        );
        body.insert("key".into(), json!(key.to_string()));
        body.insert("value".into(), json!(value.to_string()));
        Ok(ok_json(Value::Object(body)))
    })
}
