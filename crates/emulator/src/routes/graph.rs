//! Graph routes (relative to `/{version}`): service principals and their
//! synchronization jobs.

use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Uri, header};
use axum::middleware::from_fn_with_state;
use axum::response::Response;
use axum::routing::get;
use axum::{Extension, Router};
use serde_json::{Map, Value};

use crate::odata::{GraphError, collection, entity, ok_json};
use crate::routes::pipeline;
use crate::state::AppState;
use crate::tenant::ServicePrincipal;

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
            get(list_jobs),
        )
        .route(
            "/servicePrincipals/{id}/synchronization/jobs/{job_id}",
            get(get_job),
        )
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
struct ListQuery {
    top: usize,
    select: Option<String>,
    skip: usize,
    count: bool,
    /// Options repeated in the nextLink, in the client's order (all but `$skiptoken`).
    repeat: Vec<(String, String)>,
}

impl ListQuery {
    fn parse(params: Vec<(String, String)>) -> Result<ListQuery, GraphError> {
        let mut q = ListQuery {
            top: DEFAULT_PAGE_SIZE,
            select: None,
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
                        .filter(|n| (1..=MAX_PAGE_SIZE).contains(n))
                        .ok_or_else(|| {
                            GraphError::bad_request(format!(
                                "Invalid page size specified: '{value}'. $top must be between 1 and {MAX_PAGE_SIZE} inclusive."
                            ))
                        })?;
                }
                "$select" => q.select = Some(value.clone()),
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
fn encode_component(s: &str) -> String {
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

/// `GET /servicePrincipals`: paged like Graph (`$top`, `$select`, `$skiptoken`, `$count`).
async fn list_service_principals(
    State(state): State<AppState>,
    ctx: GraphCtx,
    Query(params): Query<Vec<(String, String)>>,
) -> Result<Response, GraphError> {
    let q = ListQuery::parse(params)?;
    let tenant = state.tenant();
    let known = tenant
        .service_principals
        .first()
        .map(ServicePrincipal::to_json)
        .unwrap_or_default();
    let select = Select::parse(q.select.as_deref(), &known)?;
    let total = tenant.service_principals.len();
    let start = q.skip.min(total);
    let end = start.saturating_add(q.top).min(total);
    let value = tenant.service_principals[start..end]
        .iter()
        .map(|sp| Value::Object(select.apply(sp.to_json())))
        .collect();
    let next_link = (end < total).then(|| {
        let mut query: Vec<String> = q
            .repeat
            .iter()
            .map(|(k, v)| format!("{}={}", encode_component(k), encode_component(v)))
            .collect();
        query.push(format!("$skiptoken={}", encode_skiptoken(end)));
        format!("{}/servicePrincipals?{}", ctx.root, query.join("&"))
    });
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
    let tenant = state.tenant();
    let sp = tenant
        .service_principal(&id)
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
    let tenant = state.tenant();
    let sp = tenant
        .service_principal(&id)
        .ok_or_else(|| GraphError::resource_not_found(&id))?;
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
    let tenant = state.tenant();
    let sp = tenant
        .service_principal(&id)
        .ok_or_else(|| GraphError::resource_not_found(&id))?;
    let job = sp.job(&job_id).ok_or_else(|| job_not_found(&job_id))?;
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
