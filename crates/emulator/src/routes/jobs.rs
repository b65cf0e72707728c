//! Synchronization job operations: create, delete, start, pause, restart,
//! provisionOnDemand, validateCredentials, schema, templates and secrets.

use std::time::Duration;

use axum::Extension;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Map, Value, json};

use crate::CredentialRule;
use crate::ids::{stable_guid, stable_hex32, stable_u64};
use crate::odata::{GraphError, collection, entity, json_status, no_content, ok_json};
use crate::oidc::Caller;
use crate::reqlog::LogNote;
use crate::routes::graph::{GraphCtx, sync_job, sync_sp};
use crate::sim::{self, Outcome, Owner, Refusal, StartOutcome};
use crate::state::{AppState, Stats};
use crate::templates::{rule_id, rule_names, schema_json, template_json, templates_for};
use crate::tenant::{INTERVAL_NEVER, Job, ScheduleState, ServicePrincipal, StatusCode as Code};

/// The note a Start on a running job leaves in the request log.
pub const START_WHILE_RUNNING: &str = "start while running";

/// Every `synchronizationSecret` member name (reference §1.3.3).
pub const SECRET_KEYS: [&str; 45] = [
    "None",
    "UserName",
    "Password",
    "SecretToken",
    "AppKey",
    "BaseAddress",
    "ClientIdentifier",
    "ClientSecret",
    "SingleSignOnType",
    "Sandbox",
    "Url",
    "Domain",
    "ConsumerKey",
    "ConsumerSecret",
    "TokenKey",
    "TokenExpiration",
    "Oauth2AccessToken",
    "Oauth2AccessTokenCreationTime",
    "Oauth2RefreshToken",
    "SyncAll",
    "InstanceName",
    "Oauth2ClientId",
    "Oauth2ClientSecret",
    "CompanyId",
    "UpdateKeyOnSoftDelete",
    "SynchronizationSchedule",
    "SystemOfRecord",
    "SandboxName",
    "EnforceDomain",
    "SyncNotificationSettings",
    "SkipOutOfScopeDeletions",
    "Oauth2AuthorizationCode",
    "Oauth2RedirectUri",
    "ApplicationTemplateIdentifier",
    "Oauth2TokenExchangeUri",
    "Oauth2AuthorizationUri",
    "AuthenticationType",
    "Server",
    "PerformInboundEntitlementGrants",
    "HardDeletesEnabled",
    "SyncAgentCompatibilityKey",
    "SyncAgentADContainer",
    "ValidateDomain",
    "TestReferences",
    "ConnectionString",
];

/// Secrets never returned by `GET .../secrets`.
const SENSITIVE: [&str; 8] = [
    "Password",
    "SecretToken",
    "ClientSecret",
    "ConsumerSecret",
    "Oauth2AccessToken",
    "Oauth2RefreshToken",
    "Oauth2ClientSecret",
    "ConnectionString",
];

/// Parses a JSON request body (empty = `null`).
pub fn json_body(bytes: &Bytes) -> Result<Value, GraphError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Null);
    }
    serde_json::from_slice(bytes).map_err(|_| {
        GraphError::sync_bad_request(
            "Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.",
        )
    })
}

fn not_configured(sp_id: &str) -> GraphError {
    GraphError::sync_bad_request(format!(
        "The synchronization job cannot be started: no credentials are saved for this application. \
         Save them first with PUT /servicePrincipals/{sp_id}/synchronization/secrets."
    ))
}

fn job_context(ctx: &GraphCtx, sp_id: &str) -> String {
    ctx.context(&format!(
        "servicePrincipals('{sp_id}')/synchronization/jobs/$entity"
    ))
}

fn job_entity(ctx: &GraphCtx, sp_id: &str, job: &Job) -> Value {
    let object = match job.to_json() {
        Value::Object(map) => map,
        _ => Map::new(),
    };
    entity(&job_context(ctx, sp_id), object)
}

/// `POST /servicePrincipals/{id}/synchronization/jobs` with `{"templateId": ...}`.
pub async fn create_job(
    State(state): State<AppState>,
    ctx: GraphCtx,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, GraphError> {
    let body = json_body(&body)?;
    let faults = state.faults();
    let (mut tenant, now) = state.tenant_at();
    let tenant_id = tenant.tenant_id.clone();
    let sp = sync_sp(&mut tenant, &id, &faults, Some(now))?;
    let template_id = match body.get("templateId") {
        Some(Value::String(t)) if !t.trim().is_empty() => t.trim().to_string(),
        _ => {
            return Err(GraphError::sync_bad_request(
                "The request body must contain the templateId of a synchronization template of this application.",
            ));
        }
    };
    let templates = templates_for(sp);
    let template = templates
        .iter()
        .find(|t| t.id.eq_ignore_ascii_case(&template_id))
        .ok_or_else(|| {
            let known: Vec<&str> = templates.iter().map(|t| t.id.as_str()).collect();
            GraphError::sync_bad_request(format!(
                "The template '{template_id}' is not a synchronization template of this application. Available templates: {}.",
                if known.is_empty() { "none".to_string() } else { known.join(", ") }
            ))
        })?;
    sp.created_jobs += 1;
    let hex = stable_hex32(&format!(
        "created:{}:{}:{}",
        sp.id, template.id, sp.created_jobs
    ));
    let job_id = if template.tenant_suffix {
        format!("{}.{hex}.{tenant_id}", template.id)
    } else {
        format!("{}.{hex}", template.id)
    };
    let mut job = crate::demo::new_job(
        job_id.clone(),
        &template.id,
        crate::demo::schedule(ScheduleState::Disabled, INTERVAL_NEVER),
        crate::demo::empty_status(Code::NotConfigured),
    );
    job.sim.entries = 100 + (stable_u64(&job_id) % 900) as i64;
    job.sim.secs_per_unit = sim::DEFAULT_SECS_PER_UNIT;
    let body = job_entity(&ctx, &sp.id, &job);
    sp.jobs.push(job);
    let status = StatusCode::from_u16(state.options().create_status).unwrap_or(StatusCode::OK);
    Ok(json_status(status, body))
}

/// `DELETE .../jobs/{jobId}`: the job is gone (404 afterwards).
pub async fn delete_job(
    State(state): State<AppState>,
    Path((id, job_id)): Path<(String, String)>,
) -> Result<Response, GraphError> {
    let faults = state.faults();
    let (mut tenant, now) = state.tenant_at();
    let (sp, index) = sync_job(&mut tenant, &id, &job_id, &faults, Some(now))?;
    sp.jobs.remove(index);
    Ok(no_content())
}

/// `POST .../start`.
pub async fn start_job(
    State(state): State<AppState>,
    Path((id, job_id)): Path<(String, String)>,
) -> Result<Response, GraphError> {
    let faults = state.faults();
    let (mut tenant, now) = state.tenant_at();
    let (sp, index) = sync_job(&mut tenant, &id, &job_id, &faults, Some(now))?;
    let has_secrets = !sp.secrets.is_empty();
    match sim::start(&mut sp.jobs[index], has_secrets, faults.strict_start, now) {
        Err(Refusal::NotConfigured) => Err(not_configured(&sp.id)),
        Ok(StartOutcome::WhileRunning { broke }) => {
            Stats::bump(&state.stats().start_while_running);
            let mut response = no_content();
            let note = if broke {
                format!("{START_WHILE_RUNNING}; job quarantined (strict start)")
            } else {
                START_WHILE_RUNNING.to_string()
            };
            response.extensions_mut().insert(LogNote(note));
            Ok(response)
        }
        Ok(_) => Ok(no_content()),
    }
}

/// `POST .../pause`.
pub async fn pause_job(
    State(state): State<AppState>,
    Path((id, job_id)): Path<(String, String)>,
) -> Result<Response, GraphError> {
    let faults = state.faults();
    let (mut tenant, now) = state.tenant_at();
    let (sp, index) = sync_job(&mut tenant, &id, &job_id, &faults, Some(now))?;
    sim::pause(&mut sp.jobs[index], now);
    Ok(no_content())
}

/// `POST .../restart` with `{"criteria":{"resetScope":"..."}}` (criteria optional).
pub async fn restart_job(
    State(state): State<AppState>,
    Path((id, job_id)): Path<(String, String)>,
    body: Bytes,
) -> Result<Response, GraphError> {
    let body = json_body(&body)?;
    let faults = state.faults();
    let (mut tenant, now) = state.tenant_at();
    let (sp, index) = sync_job(&mut tenant, &id, &job_id, &faults, Some(now))?;
    let scope = match body.get("criteria") {
        None | Some(Value::Null) => None,
        Some(Value::Object(c)) => match c.get("resetScope") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.as_str()),
            Some(_) => {
                return Err(GraphError::sync_bad_request(
                    "criteria.resetScope must be a string of comma-separated synchronizationJobRestartScope members.",
                ));
            }
        },
        Some(_) => {
            return Err(GraphError::sync_bad_request(
                "criteria must be an object: {\"resetScope\": \"...\"}.",
            ));
        }
    };
    let flags = sim::parse_scope(scope).map_err(|name| {
        GraphError::sync_bad_request(format!(
            "Invalid value '{name}' for criteria.resetScope: Requested value '{name}' was not found. \
             Valid members of synchronizationJobRestartScope: None, ConnectorDataStore, Escrows, \
             Watermark, QuarantineState, Full, ForceDeletes."
        ))
    })?;
    let has_secrets = !sp.secrets.is_empty();
    sim::restart(&mut sp.jobs[index], flags, has_secrets, now)
        .map_err(|_| not_configured(&sp.id))?;
    Ok(no_content())
}

/// `GET .../jobs/{jobId}/schema`.
pub async fn get_schema(
    State(state): State<AppState>,
    ctx: GraphCtx,
    Path((id, job_id)): Path<(String, String)>,
) -> Result<Response, GraphError> {
    let faults = state.faults();
    let (mut tenant, now) = state.tenant_at();
    let (sp, index) = sync_job(&mut tenant, &id, &job_id, &faults, Some(now))?;
    let job = &sp.jobs[index];
    let Value::Object(schema) = schema_json(sp, &job.id, &job.template_id) else {
        return Err(GraphError::for_status(StatusCode::INTERNAL_SERVER_ERROR));
    };
    let context = ctx.context(&format!(
        "servicePrincipals('{}')/synchronization/jobs('{}')/schema/$entity",
        sp.id, job.id
    ));
    Ok(ok_json(entity(&context, schema)))
}

/// `GET .../synchronization/templates`.
pub async fn list_templates(
    State(state): State<AppState>,
    ctx: GraphCtx,
    Path(id): Path<String>,
) -> Result<Response, GraphError> {
    let faults = state.faults();
    let mut tenant = state.tenant();
    let sp = sync_sp(&mut tenant, &id, &faults, None)?;
    let value = templates_for(sp)
        .iter()
        .map(|t| template_json(sp, t))
        .collect();
    let context = ctx.context(&format!(
        "servicePrincipals('{}')/synchronization/templates",
        sp.id
    ));
    Ok(ok_json(collection(&context, None, value, None)))
}

/// `GET .../synchronization/templates/{templateId}`.
pub async fn get_template(
    State(state): State<AppState>,
    ctx: GraphCtx,
    Path((id, template_id)): Path<(String, String)>,
) -> Result<Response, GraphError> {
    let faults = state.faults();
    let mut tenant = state.tenant();
    let sp = sync_sp(&mut tenant, &id, &faults, None)?;
    let template = templates_for(sp)
        .into_iter()
        .find(|t| t.id.eq_ignore_ascii_case(&template_id))
        .ok_or_else(|| {
            GraphError::new(
                StatusCode::NOT_FOUND,
                "Request_ResourceNotFound",
                format!("The synchronization template '{template_id}' was not found."),
            )
        })?;
    let Value::Object(object) = template_json(sp, &template) else {
        return Err(GraphError::for_status(StatusCode::INTERNAL_SERVER_ERROR));
    };
    let context = ctx.context(&format!(
        "servicePrincipals('{}')/synchronization/templates/$entity",
        sp.id
    ));
    Ok(ok_json(entity(&context, object)))
}

/// `{key, value}` pairs of a body array (`value` of secrets, `credentials` of validateCredentials).
fn pairs(list: Option<&Value>, property: &str) -> Result<Vec<(String, String)>, GraphError> {
    let Some(Value::Array(items)) = list else {
        return Err(GraphError::sync_bad_request(format!(
            "The request body must contain '{property}': an array of {{\"key\": ..., \"value\": ...}} objects."
        )));
    };
    items
        .iter()
        .map(|item| {
            let key = item.get("key").and_then(Value::as_str);
            let value = match item.get("value") {
                Some(Value::String(v)) => Some(v.clone()),
                Some(Value::Null) | None => Some(String::new()),
                Some(other) => Some(other.to_string()),
            };
            let key = key.ok_or_else(|| {
                GraphError::sync_bad_request(format!("Every item of '{property}' needs a string 'key'."))
            })?;
            let canonical = SECRET_KEYS
                .iter()
                .find(|k| k.eq_ignore_ascii_case(key))
                .ok_or_else(|| {
                    GraphError::sync_bad_request(format!(
                        "Requested value '{key}' was not found: '{key}' is not a synchronizationSecret."
                    ))
                })?;
            Ok((canonical.to_string(), value.unwrap_or_default()))
        })
        .collect()
}

/// `PUT .../synchronization/secrets` with `{"value": [{key, value}, ...]}`.
pub async fn put_secrets(
    State(state): State<AppState>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, GraphError> {
    let body = json_body(&body)?;
    let faults = state.faults();
    let rule = state.options().credential_rule;
    let (mut tenant, now) = state.tenant_at();
    let sp = sync_sp(&mut tenant, &id, &faults, Some(now))?;
    let new = pairs(body.get("value"), "value")?;
    for (key, value) in new {
        match sp.secrets.iter_mut().find(|(k, _)| *k == key) {
            Some(slot) => slot.1 = value,
            None => sp.secrets.push((key, value)),
        }
    }
    if check_credentials(rule, &sp.secrets).is_ok() {
        for job in &mut sp.jobs {
            sim::credentials_saved(job);
        }
    }
    Ok(no_content())
}

/// `GET .../synchronization/secrets` (undocumented): saved keys, sensitive values left out.
pub async fn get_secrets(
    State(state): State<AppState>,
    ctx: GraphCtx,
    Path(id): Path<String>,
) -> Result<Response, GraphError> {
    let faults = state.faults();
    let mut tenant = state.tenant();
    let sp = sync_sp(&mut tenant, &id, &faults, None)?;
    let value = sp
        .secrets
        .iter()
        .filter(|(k, _)| !SENSITIVE.contains(&k.as_str()))
        .map(|(k, v)| json!({ "key": k, "value": v }))
        .collect();
    let context = ctx.context(&format!(
        "servicePrincipals('{}')/synchronization/secrets",
        sp.id
    ));
    Ok(ok_json(collection(&context, None, value, None)))
}

/// The credential rule: `Err(message)` when `credentials` fail it.
pub fn check_credentials(
    rule: CredentialRule,
    credentials: &[(String, String)],
) -> Result<(), String> {
    let get = |key: &str| {
        credentials
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.trim())
    };
    match rule {
        CredentialRule::Accept => Ok(()),
        CredentialRule::Reject => Err(
            "The credentials were refused by the target application (HTTP 401 Unauthorized)."
                .to_string(),
        ),
        CredentialRule::Scim => {
            match get("BaseAddress") {
                None | Some("") => return Err("BaseAddress is required.".to_string()),
                Some(url)
                    if !url.to_ascii_lowercase().starts_with("https://") || url.len() <= 8 =>
                {
                    return Err(format!("BaseAddress '{url}' must be an https URL."));
                }
                Some(_) => {}
            }
            match get("SecretToken") {
                None | Some("") => Err("SecretToken must not be empty.".to_string()),
                Some(_) => Ok(()),
            }
        }
    }
}

fn validate(state: &AppState, sp: &ServicePrincipal, body: &Value) -> Result<Response, GraphError> {
    let saved = body
        .get("useSavedCredentials")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    if let Some(Value::String(t)) = body.get("templateId")
        && !templates_for(sp)
            .iter()
            .any(|x| x.id.eq_ignore_ascii_case(t))
    {
        return Err(GraphError::sync_bad_request(format!(
            "The template '{t}' is not a synchronization template of this application."
        )));
    }
    let credentials = if saved {
        sp.secrets.clone()
    } else {
        pairs(body.get("credentials"), "credentials")?
    };
    check_credentials(state.options().credential_rule, &credentials).map_err(|why| {
        GraphError::sync_bad_request(format!("Validation of the credentials failed: {why}"))
    })?;
    Ok(no_content())
}

/// `POST .../jobs/{jobId}/validateCredentials`.
pub async fn validate_credentials(
    State(state): State<AppState>,
    Path((id, job_id)): Path<(String, String)>,
    body: Bytes,
) -> Result<Response, GraphError> {
    let body = json_body(&body)?;
    let faults = state.faults();
    let mut tenant = state.tenant();
    let (sp, _) = sync_job(&mut tenant, &id, &job_id, &faults, None)?;
    validate(&state, sp, &body)
}

/// `POST .../jobs/validateCredentials` (bound to the jobs collection, before a job exists).
pub async fn validate_credentials_unbound(
    State(state): State<AppState>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, GraphError> {
    let body = json_body(&body)?;
    let faults = state.faults();
    let mut tenant = state.tenant();
    let sp = sync_sp(&mut tenant, &id, &faults, None)?;
    validate(&state, sp, &body)
}

/// `POST .../jobs/{jobId}/provisionOnDemand` (documented limit: 5 requests per 10 s).
pub async fn provision_on_demand(
    State(state): State<AppState>,
    ctx: GraphCtx,
    Path((id, job_id)): Path<(String, String)>,
    caller: Option<Extension<Caller>>,
    body: Bytes,
) -> Result<Response, GraphError> {
    let body = json_body(&body)?;
    let faults = state.faults();
    let (mut tenant, now) = state.tenant_at();
    let tenant_id = tenant.tenant_id.clone();
    let (sp, index) = sync_job(&mut tenant, &id, &job_id, &faults, Some(now))?;
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
        .ok_or_else(|| GraphError::sync_bad_request("'subjects' must name at least one object."))?;
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
        tenant_id: &tenant_id,
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
}
