//! Graph routes (relative to `/{version}`): service principals, their
//! synchronization (jobs, templates, secrets, schema, actions), provisioning
//! logs and `$batch`.

use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Uri, header};
use axum::middleware::from_fn_with_state;
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Extension, Router};
use serde_json::{Map, Value};

use crate::faults::Faults;
use crate::filter::Clause;
use crate::odata::{GraphError, collection, entity, ok_json};
use crate::routes::{batch, jobs, logs, pipeline};
use crate::state::AppState;
use crate::tenant::{ServicePrincipal, Tenant};
use crate::time::GraphTime;

/// `/servicePrincipals` page size when the client sends no `$top`.
pub const DEFAULT_PAGE_SIZE: usize = 100;
/// Largest `$top` Graph accepts on `/servicePrincipals`.
pub const MAX_PAGE_SIZE: usize = 999;

/// The API version a request came in under (`v1.0` or `beta`).
#[derive(Clone, Copy, Debug)]
pub struct ApiVersion(pub &'static str);

/// The Graph routes of one version, with the Graph pipeline around them.
pub fn router(version: &'static str, state: AppState) -> Router<AppState> {
    Router::new()
        .route("/servicePrincipals", get(list_service_principals))
        .route("/servicePrincipals/{id}", get(get_service_principal))
        .route(
            "/servicePrincipals/{id}/synchronization/jobs",
            get(list_jobs).post(jobs::create_job),
        )
        .route(
            "/servicePrincipals/{id}/synchronization/jobs/validateCredentials",
            post(jobs::validate_credentials_unbound),
        )
        .route(
            "/servicePrincipals/{id}/synchronization/jobs/{job_id}",
            get(get_job).delete(jobs::delete_job),
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
            post(jobs::provision_on_demand),
        )
        .route(
            "/servicePrincipals/{id}/synchronization/jobs/{job_id}/validateCredentials",
            post(jobs::validate_credentials),
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
            get(jobs::get_secrets).put(jobs::put_secrets),
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

/// `$select`: the properties to return (`id` is always included).
struct Select(Option<Vec<String>>);

impl Select {
    /// Parses `$select=a,b` against the properties `known` has.
    fn parse(raw: Option<&str>, known: &Map<String, Value>) -> Result<Select, GraphError> {
        let Some(raw) = raw else {
            return Ok(Select(None));
        };
        let mut names = Vec::new();
        for name in raw.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            let canonical = known
                .keys()
                .find(|k| k.eq_ignore_ascii_case(name))
                .ok_or_else(|| {
                    GraphError::bad_request(format!(
                        "Could not find a property named '{name}' on type 'microsoft.graph.servicePrincipal'."
                    ))
                })?;
            if !names.contains(canonical) {
                names.push(canonical.clone());
            }
        }
        Ok(Select(Some(names)))
    }

    /// `servicePrincipals` or `servicePrincipals(id,displayName)`.
    fn context_fragment(&self, set: &str) -> String {
        match &self.0 {
            Some(names) => format!("{set}({})", names.join(",")),
            None => set.to_string(),
        }
    }

    fn apply(&self, object: Map<String, Value>) -> Map<String, Value> {
        match &self.0 {
            None => object,
            Some(names) => object
                .into_iter()
                .filter(|(k, _)| k == "id" || names.contains(k))
                .collect(),
        }
    }
}

/// The query options of a list, with everything a nextLink must repeat.
pub(crate) struct ListQuery {
    pub(crate) top: usize,
    pub(crate) select: Option<String>,
    pub(crate) filter: Option<String>,
    pub(crate) orderby: Option<String>,
    pub(crate) skip: usize,
    pub(crate) count: bool,
    /// Options repeated in the nextLink, in the client's order (all but `$skiptoken`).
    pub(crate) repeat: Vec<(String, String)>,
}

impl ListQuery {
    /// The nextLink for the page starting at `offset`: `{base}?{options}&$skiptoken=...`.
    pub(crate) fn next_link(&self, base: &str, offset: usize) -> String {
        let mut query: Vec<String> = self
            .repeat
            .iter()
            .map(|(k, v)| format!("{}={}", encode_component(k), encode_component(v)))
            .collect();
        query.push(format!("$skiptoken={}", encode_skiptoken(offset)));
        format!("{base}?{}", query.join("&"))
    }

    pub(crate) fn parse(
        params: Vec<(String, String)>,
        default_top: usize,
        max_top: usize,
        allowed: &[&str],
    ) -> Result<ListQuery, GraphError> {
        let mut q = ListQuery {
            top: default_top,
            select: None,
            filter: None,
            orderby: None,
            skip: 0,
            count: false,
            repeat: Vec::new(),
        };
        for (key, value) in params {
            match key.to_ascii_lowercase().as_str() {
                "$top" => {
                    q.top = value
                        .trim()
                        .parse::<usize>()
                        .ok()
                        .filter(|n| (1..=max_top).contains(n))
                        .ok_or_else(|| {
                            GraphError::bad_request(format!(
                                "Invalid page size specified: '{value}'. $top must be between 1 and {max_top} inclusive."
                            ))
                        })?;
                }
                "$select" if allowed.contains(&"$select") => q.select = Some(value.clone()),
                "$filter" => q.filter = Some(value.clone()),
                "$orderby" if allowed.contains(&"$orderby") => q.orderby = Some(value.clone()),
                "$count" => q.count = value.eq_ignore_ascii_case("true"),
                "$skiptoken" => {
                    q.skip = decode_skiptoken(&value).ok_or_else(|| {
                        GraphError::bad_request(format!("Invalid $skiptoken value '{value}'."))
                    })?;
                    continue;
                }
                other if other.starts_with('$') => {
                    return Err(GraphError::new(
                        axum::http::StatusCode::BAD_REQUEST,
                        "Request_UnsupportedQuery",
                        format!("The query option '{key}' is not supported by syncdeck-emulator."),
                    ));
                }
                _ => {}
            }
            q.repeat.push((key, value));
        }
        Ok(q)
    }
}

/// The opaque `$skiptoken` for a page that starts at `offset`.
pub fn encode_skiptoken(offset: usize) -> String {
    let scrambled = (offset as u32) ^ 0x5d3c_a17e;
    let check = (offset as u32).wrapping_mul(0x9e37_79b1) >> 16;
    format!("RFNwdAIA{scrambled:08x}{check:04x}")
}

/// The page offset in a `$skiptoken`, or `None` if it is not one of ours.
pub fn decode_skiptoken(token: &str) -> Option<usize> {
    let hex = token.strip_prefix("RFNwdAIA")?;
    if hex.len() != 12 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let offset = u32::from_str_radix(&hex[..8], 16).ok()? ^ 0x5d3c_a17e;
    let check = u32::from_str_radix(&hex[8..], 16).ok()?;
    (offset.wrapping_mul(0x9e37_79b1) >> 16 == check).then_some(offset as usize)
}

/// Percent-encodes a query component, keeping what Graph's nextLinks keep literal.
pub(crate) fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~,$:'()/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
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

/// A `/servicePrincipals` `$filter`: `startswith(displayName,'x')` (case-insensitive),
/// `displayName|appId|id eq 'x'`, joined with `and`.
fn sp_filter(raw: Option<&str>) -> Result<Vec<Clause>, GraphError> {
    let Some(raw) = raw else {
        return Ok(Vec::new());
    };
    let unsupported = |clause: &str| {
        GraphError::new(
            axum::http::StatusCode::BAD_REQUEST,
            "Request_UnsupportedQuery",
            format!("Unsupported or invalid query filter clause specified: '{clause}'."),
        )
    };
    let clauses = crate::filter::parse(raw).map_err(|c| unsupported(&c))?;
    for c in &clauses {
        let ok = match c {
            Clause::StartsWith(p, _) => p.eq_ignore_ascii_case("displayName"),
            Clause::Eq(p, _) => ["displayName", "appId", "id"]
                .iter()
                .any(|k| p.eq_ignore_ascii_case(k)),
            Clause::Cmp(..) => false,
        };
        if !ok {
            return Err(unsupported(raw));
        }
    }
    Ok(clauses)
}

fn sp_matches(sp: &ServicePrincipal, clauses: &[Clause]) -> bool {
    clauses.iter().all(|c| match c {
        Clause::StartsWith(_, v) => {
            sp.display_name.len() >= v.len()
                && sp.display_name.is_char_boundary(v.len())
                && sp.display_name[..v.len()].to_lowercase() == v.to_lowercase()
        }
        Clause::Eq(p, v) if p.eq_ignore_ascii_case("displayName") => {
            sp.display_name.eq_ignore_ascii_case(v)
        }
        Clause::Eq(p, v) if p.eq_ignore_ascii_case("appId") => sp.app_id.eq_ignore_ascii_case(v),
        Clause::Eq(_, v) => sp.id.eq_ignore_ascii_case(v),
        Clause::Cmp(..) => false,
    })
}

/// `GET /servicePrincipals`: paged like Graph (`$top` up to 999, `$select`,
/// `$filter`, `$skiptoken`, `$count`).
async fn list_service_principals(
    State(state): State<AppState>,
    ctx: GraphCtx,
    Query(params): Query<Vec<(String, String)>>,
) -> Result<Response, GraphError> {
    let q = ListQuery::parse(params, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, &["$select"])?;
    let clauses = sp_filter(q.filter.as_deref())?;
    let faults = state.faults();
    let tenant = state.tenant();
    let known = tenant
        .service_principals
        .first()
        .map(ServicePrincipal::to_json)
        .unwrap_or_default();
    let select = Select::parse(q.select.as_deref(), &known)?;
    let matching: Vec<&ServicePrincipal> = tenant
        .service_principals
        .iter()
        .filter(|sp| visible(sp, &faults) && sp_matches(sp, &clauses))
        .collect();
    let total = matching.len();
    let start = q.skip.min(total);
    let end = start.saturating_add(q.top).min(total);
    let value = matching[start..end]
        .iter()
        .map(|sp| Value::Object(select.apply(sp.to_json())))
        .collect();
    let next_link =
        (end < total).then(|| q.next_link(&format!("{}/servicePrincipals", ctx.root), end));
    let context = ctx.context(&select.context_fragment("servicePrincipals"));
    Ok(ok_json(collection(
        &context,
        q.count.then_some(total),
        value,
        next_link,
    )))
}

/// `GET /servicePrincipals/{id}` (`$select` allowed).
async fn get_service_principal(
    State(state): State<AppState>,
    ctx: GraphCtx,
    Path(id): Path<String>,
    Query(params): Query<Vec<(String, String)>>,
) -> Result<Response, GraphError> {
    let faults = state.faults();
    let tenant = state.tenant();
    let sp = tenant
        .service_principal(&id)
        .filter(|sp| visible(sp, &faults))
        .ok_or_else(|| GraphError::resource_not_found(&id))?;
    let raw_select = params
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("$select"))
        .map(|(_, v)| v.as_str());
    let object = sp.to_json();
    let select = Select::parse(raw_select, &object)?;
    let fragment = format!("{}/$entity", select.context_fragment("servicePrincipals"));
    Ok(ok_json(entity(
        &ctx.context(&fragment),
        select.apply(object),
    )))
}

/// `GET /servicePrincipals/{id}/synchronization/jobs`.
async fn list_jobs(
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
async fn get_job(
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skiptokens_round_trip_and_reject_forgeries() {
        for offset in [0, 1, 5, 100, 999, 123_456] {
            assert_eq!(decode_skiptoken(&encode_skiptoken(offset)), Some(offset));
        }
        assert_eq!(decode_skiptoken("5"), None);
        assert_eq!(decode_skiptoken("RFNwdAIA5d3ca17b0000"), None);
    }

    #[test]
    fn encodes_query_components_like_graph() {
        assert_eq!(encode_component("id,displayName"), "id,displayName");
        assert_eq!(encode_component("a b&c=d"), "a%20b%26c%3Dd");
    }
}
