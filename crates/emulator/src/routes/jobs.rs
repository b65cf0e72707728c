//! Synchronization job operations: list, get, create, delete, start, pause, restart,
//! schema and templates. Secrets and credential checks are in
//! [`super::secrets`], provisionOnDemand in [`super::on_demand`].

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Map, Value};

use crate::ids::{stable_hex32, stable_u64};
use crate::odata::{GraphError, collection, entity, json_status, no_content, ok_json};
use crate::reqlog::LogNote;
use crate::routes::graph::{GraphCtx, sync_job, sync_sp};
use crate::sim::{self, Refusal, StartOutcome};
use crate::state::{AppState, Stats};
use crate::templates::{schema_json, template_json, templates_for};
use crate::tenant::{INTERVAL_NEVER, Job, ScheduleState, StatusCode as Code};

/// The note a Start on a running job leaves in the request log.
pub const START_WHILE_RUNNING: &str = "start while running";
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

pub(crate) fn not_configured(sp_id: &str) -> GraphError {
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

/// `GET /servicePrincipals/{id}/synchronization/jobs`.
pub(crate) async fn list_jobs(
    State(state): State<AppState>,
    ctx: GraphCtx,
    Path(id): Path<String>,
) -> Result<Response, GraphError> {
    let faults = state.faults();
    let (mut tenant, now) = state.tenant_at();
    let sp = sync_sp(&mut tenant, &id, &faults, Some(now))?;
    let value = sp.jobs.iter().map(|j| j.to_json()).collect();
    let context = ctx.context(&format!(
        "servicePrincipals('{}')/synchronization/jobs",
        sp.id
    ));
    Ok(ok_json(collection(&context, None, value, None)))
}

/// `GET /servicePrincipals/{id}/synchronization/jobs/{jobId}`.
pub(crate) async fn get_job(
    State(state): State<AppState>,
    ctx: GraphCtx,
    Path((id, job_id)): Path<(String, String)>,
) -> Result<Response, GraphError> {
    let faults = state.faults();
    let (mut tenant, now) = state.tenant_at();
    let (sp, index) = sync_job(&mut tenant, &id, &job_id, &faults, Some(now))?;
    let job = &sp.jobs[index];
    let context = ctx.context(&format!(
        "servicePrincipals('{}')/synchronization/jobs/$entity",
        sp.id
    ));
    let Value::Object(object) = job.to_json() else {
        return Err(GraphError::for_status(
            axum::http::StatusCode::INTERNAL_SERVER_ERROR,
        ));
    };
    Ok(ok_json(entity(&context, object)))
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
    let mut job = crate::demo::build::new_job(
        job_id.clone(),
        &template.id,
        crate::demo::build::schedule(ScheduleState::Disabled, INTERVAL_NEVER),
        crate::demo::build::empty_status(Code::NotConfigured),
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
