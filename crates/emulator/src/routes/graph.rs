//! Graph routes (relative to `/{version}`): the router of service
//! principals ([`super::service_principals`]), their synchronization
//! ([`super::jobs`], [`super::secrets`], [`super::on_demand`]), provisioning
//! logs ([`super::logs`]), the directory's users and groups ([`super::directory`]) and
//! `$batch` ([`super::batch`]); and what they share:
//! where a request is answered ([`GraphCtx`]) and how a service principal or
//! job of a request is found.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Uri, header};
use axum::middleware::from_fn_with_state;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Router};
use serde_json::Value;

use crate::faults::Faults;
use crate::odata::GraphError;
use crate::routes::{
    batch, directory, jobs, logs, on_demand, pipeline, secrets, service_principals,
};
use crate::state::AppState;
use crate::tenant::{ServicePrincipal, Tenant};
use crate::time::GraphTime;

/// The API version a request came in under (`v1.0` or `beta`).
#[derive(Clone, Copy, Debug)]
pub struct ApiVersion(pub &'static str);

/// The Graph routes of one version, with the Graph pipeline around them.
pub fn router(version: &'static str, state: AppState) -> Router<AppState> {
    Router::new()
        .route(
            "/servicePrincipals",
            get(service_principals::list_service_principals),
        )
        .route(
            "/servicePrincipals/{id}",
            get(service_principals::get_service_principal),
        )
        .route(
            "/servicePrincipals/{id}/synchronization/jobs",
            get(jobs::list_jobs).post(jobs::create_job),
        )
        .route(
            "/servicePrincipals/{id}/synchronization/jobs/validateCredentials",
            post(secrets::validate_credentials_unbound),
        )
        .route(
            "/servicePrincipals/{id}/synchronization/jobs/{job_id}",
            get(jobs::get_job).delete(jobs::delete_job),
        )
        .route(
            "/servicePrincipals/{id}/synchronization/jobs/{job_id}/start",
            post(jobs::start_job),
        )
        .route(
            "/servicePrincipals/{id}/synchronization/jobs/{job_id}/pause",
            post(jobs::pause_job),
        )
        .route(
            "/servicePrincipals/{id}/synchronization/jobs/{job_id}/restart",
            post(jobs::restart_job),
        )
        .route(
            "/servicePrincipals/{id}/synchronization/jobs/{job_id}/provisionOnDemand",
            post(on_demand::provision_on_demand),
        )
        .route(
            "/servicePrincipals/{id}/synchronization/jobs/{job_id}/validateCredentials",
            post(secrets::validate_credentials),
        )
        .route(
            "/servicePrincipals/{id}/synchronization/jobs/{job_id}/schema",
            get(jobs::get_schema).put(jobs::put_schema),
        )
        .route(
            "/servicePrincipals/{id}/synchronization/templates",
            get(jobs::list_templates),
        )
        .route(
            "/servicePrincipals/{id}/synchronization/templates/{template_id}",
            get(jobs::get_template),
        )
        .route(
            "/servicePrincipals/{id}/synchronization/secrets",
            get(secrets::get_secrets).put(secrets::put_secrets),
        )
        .route("/auditLogs/provisioning", get(logs::list_provisioning))
        .route("/users/{id}", get(directory::get_user))
        .route("/groups/{id}", get(directory::get_group))
        .route("/groups/{id}/members", get(directory::list_group_members))
        .route("/$batch", post(batch::batch))
        .fallback(unknown_route)
        .layer(Extension(ApiVersion(version)))
        .layer(from_fn_with_state(state, pipeline::graph))
}

/// Where a Graph request is being answered: its version and the service root
/// URL as the client sees it (`http://<Host header>/<version>`).
#[derive(Clone, Debug)]
pub struct GraphCtx {
    /// `v1.0` or `beta`.
    pub version: &'static str,
    /// `http://127.0.0.1:8080/v1.0`.
    pub root: String,
}

impl GraphCtx {
    /// `{root}/$metadata#{fragment}`.
    pub fn context(&self, fragment: &str) -> String {
        format!("{}/$metadata#{fragment}", self.root)
    }

    /// `{root}/$metadata#servicePrincipals('{sp_id}')/synchronization/{rest}`.
    pub fn sync_context(&self, sp_id: &str, rest: &str) -> String {
        self.context(&format!(
            "servicePrincipals('{sp_id}')/synchronization/{rest}"
        ))
    }
}

impl FromRequestParts<AppState> for GraphCtx {
    type Rejection = GraphError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, GraphError> {
        let version = parts.extensions.get::<ApiVersion>().map_or("v1.0", |v| v.0);
        let host = request_host(&parts.headers, &parts.uri, state);
        Ok(GraphCtx {
            version,
            root: format!("http://{host}/{version}"),
        })
    }
}

/// The JSON body of a synchronization request (empty: `null`); Graph's 400 when it is not JSON.
pub struct JsonBody(pub Value);

impl<S: Send + Sync> FromRequest<S> for JsonBody {
    type Rejection = Response;

    async fn from_request(req: Request, state: &S) -> Result<Self, Response> {
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(IntoResponse::into_response)?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(JsonBody(Value::Null));
        }
        serde_json::from_slice(&bytes).map(JsonBody).map_err(|_| {
            GraphError::sync_bad_request(
                "Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.",
            )
            .into_response()
        })
    }
}

/// The host the client addressed: `Host`, else the URI's authority, else the bound address.
pub fn request_host(headers: &HeaderMap, uri: &Uri, state: &AppState) -> String {
    headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| !h.is_empty())
        .map(str::to_string)
        .or_else(|| uri.authority().map(|a| a.to_string()))
        .unwrap_or_else(|| state.options().addr.to_string())
}
/// Whether `sp` is visible with `faults` (the restricted app only with `forbiddenApp`).
pub fn visible(sp: &ServicePrincipal, faults: &Faults) -> bool {
    !sp.restricted || faults.forbidden_app
}

/// The service principal `id` for its synchronization endpoints: 404 when
/// unknown (or hidden), 403 for the restricted app of the forbidden-app fault.
fn sync_sp<'a>(
    tenant: &'a mut Tenant,
    id: &str,
    faults: &Faults,
) -> Result<&'a mut ServicePrincipal, GraphError> {
    let sp = tenant
        .service_principal_mut(id)
        .filter(|sp| visible(sp, faults))
        .ok_or_else(|| GraphError::resource_not_found(id))?;
    if sp.restricted {
        return Err(GraphError::forbidden());
    }
    Ok(sp)
}

/// When a synchronization request is answered: what [`sp_at_now`] gives its handler besides the
/// service principal.
pub struct Moment<'a> {
    /// The clock's now, which the service principal's jobs were brought up to.
    pub now: GraphTime,
    /// The faults of the moment.
    pub faults: &'a Faults,
    /// The directory (tenant) id.
    pub tenant_id: &'a str,
}

/// Under the tenant's lock ([`AppState::tenant_at`]), with the faults of the moment: `f` on the
/// service principal `id` of a synchronization request ([`sync_sp`]), its jobs first brought
/// up to the clock's now.
pub fn sp_at_now<T>(
    state: &AppState,
    id: &str,
    f: impl FnOnce(&mut ServicePrincipal, &Moment<'_>) -> Result<T, GraphError>,
) -> Result<T, GraphError> {
    let faults = state.faults();
    let (mut tenant, now) = state.tenant_at();
    let tenant_id = tenant.tenant_id.clone();
    let sp = sync_sp(&mut tenant, id, &faults)?;
    crate::sim::advance_service_principal(&tenant_id, sp, now);
    let moment = Moment {
        now,
        faults: &faults,
        tenant_id: &tenant_id,
    };
    f(sp, &moment)
}

/// [`sp_at_now`] for the job `job_id` of the service principal: `f` gets the job's index in its
/// `jobs` too; Graph's 404 for a job it does not have ([`job_index`]).
pub fn job_at_now<T>(
    state: &AppState,
    id: &str,
    job_id: &str,
    f: impl FnOnce(&mut ServicePrincipal, usize, &Moment<'_>) -> Result<T, GraphError>,
) -> Result<T, GraphError> {
    sp_at_now(state, id, |sp, moment| {
        let index = job_index(sp, job_id)?;
        f(sp, index, moment)
    })
}

/// Under the tenant's lock, with the faults of the moment: `f` on the service principal `id` of
/// a synchronization request ([`sync_sp`]) as it is, its jobs not brought up to now (for the
/// requests that show nothing of a job's state: templates, secrets, credential checks).
pub fn sp_as_is<T>(
    state: &AppState,
    id: &str,
    f: impl FnOnce(&mut ServicePrincipal) -> Result<T, GraphError>,
) -> Result<T, GraphError> {
    let faults = state.faults();
    let mut tenant = state.tenant();
    f(sync_sp(&mut tenant, id, &faults)?)
}

/// The index of the job `job_id` in the `jobs` of `sp`, else Graph's 404 for the job
/// ([`job_not_found`]).
pub fn job_index(sp: &ServicePrincipal, job_id: &str) -> Result<usize, GraphError> {
    sp.job_index(job_id).ok_or_else(|| job_not_found(job_id))
}

/// 404 for a job id the service principal does not have.
pub fn job_not_found(job_id: &str) -> GraphError {
    GraphError::new(
        axum::http::StatusCode::NOT_FOUND,
        "Request_ResourceNotFound",
        format!("The synchronization job '{job_id}' was not found."),
    )
}

/// Any other path under the version: Graph's 404 envelope (never the app).
pub async fn unknown_route(uri: axum::http::Uri) -> GraphError {
    let segment = uri
        .path()
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .to_string();
    GraphError::unknown_segment(&segment)
}
