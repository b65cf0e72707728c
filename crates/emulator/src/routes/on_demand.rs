//! `POST .../jobs/{jobId}/provisionOnDemand`: one object provisioned now,
//! answered like Graph (a `stringKeyStringValuePair` whose value is the
//! serialized result, see [`super::on_demand_result`]) and written to the provisioning
//! logs. Not for API-driven inbound jobs (`API2AAD`), which take their users from
//! bulkUpload: 400.

use std::time::Duration;

use axum::Extension;
use axum::extract::{Path, State};
use axum::response::Response;
use serde_json::{Map, Value, json};

use crate::odata::{GraphError, ok_json};
use crate::oidc::Caller;
use crate::routes::graph::{GraphCtx, JsonBody, job_at_now};
use crate::routes::jobs::not_configured;
use crate::routes::on_demand_result::{Request, answer};
use crate::sim::{self, Owner};
use crate::state::AppState;
use crate::templates::job_rule_ids;
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
        if job.template_id.to_ascii_uppercase().starts_with("API2AAD") {
            // API-driven inbound provisioning takes its users from bulkUpload, see
            // https://learn.microsoft.com/en-us/entra/identity/app-provisioning/inbound-provisioning-api-concepts
            return Err(GraphError::sync_bad_request(
                "Provision on demand is not supported for API-driven inbound provisioning jobs: send the user's data to the job's bulkUpload endpoint instead.",
            ));
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
        let rules = job_rule_ids(job);
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
        let owner = Owner {
            tenant_id,
            sp_id: &sp_id,
            sp_name: &sp_name,
            app_id: &app_id,
        };
        let members: Vec<String> = subject
            .pointer("/links/members")
            .and_then(Value::as_array)
            .map(|m| {
                m.iter()
                    .filter_map(|s| s.get("objectId").and_then(Value::as_str))
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        let request = Request {
            object_id: &object_id,
            type_name: &type_name,
            members: &members,
            now,
            sp_name: &sp_name,
        };
        let (key, value, record) = answer(job, owner, &request);
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
