//! Graph routes (relative to `/{version}`): the router of service
//! principals ([`super::service_principals`]), their synchronization
//! ([`super::jobs`], [`super::secrets`], [`super::on_demand`]), provisioning
//! logs ([`super::logs`]) and `$batch` ([`super::batch`]); and what they share:
//! where a request is answered ([`GraphCtx`]) and how a service principal or
//! job of a request is found.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, Uri, header};
use axum::middleware::from_fn_with_state;
use axum::routing::{get, post};
use axum::{Extension, Router};

use crate::faults::Faults;
use crate::odata::GraphError;
use crate::routes::{batch, jobs, logs, on_demand, pipeline, secrets, service_principals};
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
            get(jobs::get_schema),
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
/// With `now` (from [`AppState::tenant_at`](crate::state::AppState::tenant_at)),
/// its jobs are first brought up to `now`.
pub fn sync_sp<'a>(
    tenant: &'a mut Tenant,
    id: &str,
    faults: &Faults,
    now: Option<GraphTime>,
) -> Result<&'a mut ServicePrincipal, GraphError> {
    let tenant_id = now.map(|_| tenant.tenant_id.clone());
    let sp = tenant
        .service_principal_mut(id)
        .filter(|sp| visible(sp, faults))
        .ok_or_else(|| GraphError::resource_not_found(id))?;
    if sp.restricted {
        return Err(GraphError::forbidden());
    }
    if let (Some(now), Some(tenant_id)) = (now, tenant_id) {
        crate::sim::advance_service_principal(&tenant_id, sp, now);
    }
    Ok(sp)
}

/// The job `job_id` of the service principal `id` for the job endpoints: the
/// service principal as [`sync_sp`] answers it and the job's index in its
/// `jobs`, else Graph's 404 for the job ([`job_not_found`]).
pub fn sync_job<'a>(
    tenant: &'a mut Tenant,
    id: &str,
    job_id: &str,
    faults: &Faults,
    now: Option<GraphTime>,
) -> Result<(&'a mut ServicePrincipal, usize), GraphError> {
    let sp = sync_sp(tenant, id, faults, now)?;
    let index = sp.job_index(job_id).ok_or_else(|| job_not_found(job_id))?;
    Ok((sp, index))
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
