//! Synchronization job operations: list, get, create, delete, start, pause, restart,
//! schema (GET and PUT) and templates. Secrets and credential checks are in
//! [`super::secrets`], provisionOnDemand in [`super::on_demand`].

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Map, Value};

use crate::ids::{stable_hex32, stable_u64};
use crate::odata::{GraphError, collection, entity, json_status, no_content, ok_entity, ok_json};
use crate::reqlog::LogNote;
use crate::routes::graph::{GraphCtx, JsonBody, job_at_now, sp_as_is, sp_at_now};
use crate::sim::{self, Refusal, StartOutcome};
use crate::state::{AppState, Stats};
use crate::templates::{schema_json, template_json, templates_for};
use crate::tenant::{INTERVAL_NEVER, Job, ScheduleState, StatusCode as Code};

/// The note a Start on a running job leaves in the request log.
pub const START_WHILE_RUNNING: &str = "start while running";

pub(crate) fn not_configured(sp_id: &str) -> GraphError {
    GraphError::sync_bad_request(format!(
        "The synchronization job cannot be started: no credentials are saved for this application. \
         Save them first with PUT /servicePrincipals/{sp_id}/synchronization/secrets."
    ))
}

fn job_entity(ctx: &GraphCtx, sp_id: &str, job: &Job) -> Value {
    let object = match job.to_json() {
        Value::Object(map) => map,
        _ => Map::new(),
    };
    entity(&ctx.sync_context(sp_id, "jobs/$entity"), object)
}

/// `GET /servicePrincipals/{id}/synchronization/jobs`.
pub(crate) async fn list_jobs(
    State(state): State<AppState>,
    ctx: GraphCtx,
    Path(id): Path<String>,
) -> Result<Response, GraphError> {
    sp_at_now(&state, &id, |sp, _| {
        let value = sp.jobs.iter().map(|j| j.to_json()).collect();
        let context = ctx.sync_context(&sp.id, "jobs");
        Ok(ok_json(collection(&context, None, value, None)))
    })
}

/// `GET /servicePrincipals/{id}/synchronization/jobs/{jobId}`.
pub(crate) async fn get_job(
    State(state): State<AppState>,
    ctx: GraphCtx,
    Path((id, job_id)): Path<(String, String)>,
) -> Result<Response, GraphError> {
    job_at_now(&state, &id, &job_id, |sp, index, _| {
        let context = ctx.sync_context(&sp.id, "jobs/$entity");
        ok_entity(&context, sp.jobs[index].to_json())
    })
}

/// `POST /servicePrincipals/{id}/synchronization/jobs` with `{"templateId": ...}`.
pub async fn create_job(
    State(state): State<AppState>,
    ctx: GraphCtx,
    Path(id): Path<String>,
    JsonBody(body): JsonBody,
) -> Result<Response, GraphError> {
    sp_at_now(&state, &id, |sp, moment| {
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
            format!("{}.{hex}.{}", template.id, moment.tenant_id)
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
    })
}

/// `DELETE .../jobs/{jobId}`: the job is gone (404 afterwards).
pub async fn delete_job(
    State(state): State<AppState>,
    Path((id, job_id)): Path<(String, String)>,
) -> Result<Response, GraphError> {
    job_at_now(&state, &id, &job_id, |sp, index, _| {
        sp.jobs.remove(index);
        Ok(no_content())
    })
}

/// `POST .../start`.
pub async fn start_job(
    State(state): State<AppState>,
    Path((id, job_id)): Path<(String, String)>,
) -> Result<Response, GraphError> {
    job_at_now(&state, &id, &job_id, |sp, index, moment| {
        let has_secrets = !sp.secrets.is_empty();
        match sim::start(
            &mut sp.jobs[index],
            has_secrets,
            moment.faults.strict_start,
            moment.now,
        ) {
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
    })
}

/// `POST .../pause`.
pub async fn pause_job(
    State(state): State<AppState>,
    Path((id, job_id)): Path<(String, String)>,
) -> Result<Response, GraphError> {
    job_at_now(&state, &id, &job_id, |sp, index, moment| {
        sim::pause(&mut sp.jobs[index], moment.now);
        Ok(no_content())
    })
}

/// `POST .../restart` with `{"criteria":{"resetScope":"..."}}` (criteria optional).
pub async fn restart_job(
    State(state): State<AppState>,
    Path((id, job_id)): Path<(String, String)>,
    JsonBody(body): JsonBody,
) -> Result<Response, GraphError> {
    job_at_now(&state, &id, &job_id, |sp, index, moment| {
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
        sim::restart(&mut sp.jobs[index], flags, has_secrets, moment.now)
            .map_err(|_| not_configured(&sp.id))?;
        Ok(no_content())
    })
}

/// `GET .../jobs/{jobId}/schema`.
pub async fn get_schema(
    State(state): State<AppState>,
    ctx: GraphCtx,
    Path((id, job_id)): Path<(String, String)>,
) -> Result<Response, GraphError> {
    job_at_now(&state, &id, &job_id, |sp, index, _| {
        let job = &sp.jobs[index];
        let rest = format!("jobs('{}')/schema/$entity", job.id);
        let schema = match &job.schema {
            Some(saved) => Value::Object(saved.clone()),
            None => schema_json(sp, &job.id, &job.template_id),
        };
        ok_entity(&ctx.sync_context(&sp.id, &rest), schema)
    })
}

/// The schema of a `PUT .../schema` body: a JSON object with the arrays
/// `synchronizationRules` and `directories` (else Graph's 400 naming what is missing),
/// without its `@odata.*` members.
fn schema_body(body: Value) -> Result<Map<String, Value>, GraphError> {
    let Value::Object(mut schema) = body else {
        return Err(GraphError::sync_bad_request(
            "The request body must be a synchronizationSchema: a JSON object with the arrays \
             'synchronizationRules' and 'directories'.",
        ));
    };
    let missing: Vec<String> = ["synchronizationRules", "directories"]
        .into_iter()
        .filter(|key| !schema.get(*key).is_some_and(Value::is_array))
        .map(|key| format!("'{key}'"))
        .collect();
    if !missing.is_empty() {
        return Err(GraphError::sync_bad_request(format!(
            "The synchronizationSchema is missing {} (an array, even when empty).",
            missing.join(" and ")
        )));
    }
    schema.retain(|key, _| !key.starts_with("@odata."));
    Ok(schema)
}

/// `PUT .../jobs/{jobId}/schema`: replaces the job's schema with a whole one, not a patch
/// (Graph's "Update synchronizationSchema",
/// <https://learn.microsoft.com/en-us/graph/api/synchronization-synchronizationschema-update>).
/// Changed mappings make every object be evaluated again, so a job that runs or is
/// quarantined restarts as the portal's Restart does (the default scope: a new initial
/// cycle, quarantine lifted, escrows cleared); a paused job stays paused and a not
/// configured one is not started. 204.
pub async fn put_schema(
    State(state): State<AppState>,
    Path((id, job_id)): Path<(String, String)>,
    JsonBody(body): JsonBody,
) -> Result<Response, GraphError> {
    job_at_now(&state, &id, &job_id, |sp, index, moment| {
        let schema = schema_body(body)?;
        let has_secrets = !sp.secrets.is_empty();
        let job = &mut sp.jobs[index];
        job.schema = Some(schema);
        if !matches!(job.status.code, Code::NotConfigured | Code::Paused) {
            let flags = sim::parse_scope(None).unwrap_or(sim::scope::PORTAL_DEFAULT);
            sim::restart(job, flags, has_secrets, moment.now)
                .map_err(|_| not_configured(&sp.id))?;
        }
        Ok(no_content())
    })
}

/// `GET .../synchronization/templates`.
pub async fn list_templates(
    State(state): State<AppState>,
    ctx: GraphCtx,
    Path(id): Path<String>,
) -> Result<Response, GraphError> {
    sp_as_is(&state, &id, |sp| {
        let value = templates_for(sp)
            .iter()
            .map(|t| template_json(sp, t))
            .collect();
        let context = ctx.sync_context(&sp.id, "templates");
        Ok(ok_json(collection(&context, None, value, None)))
    })
}

/// `GET .../synchronization/templates/{templateId}`.
pub async fn get_template(
    State(state): State<AppState>,
    ctx: GraphCtx,
    Path((id, template_id)): Path<(String, String)>,
) -> Result<Response, GraphError> {
    sp_as_is(&state, &id, |sp| {
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
        let context = ctx.sync_context(&sp.id, "templates/$entity");
        ok_entity(&context, template_json(sp, &template))
    })
}
