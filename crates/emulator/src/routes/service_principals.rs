//! `GET /servicePrincipals` (paged, `$select`, `$filter`, `$count`) and
//! `GET /servicePrincipals/{id}`.

use axum::extract::{Path, Query, State};
use axum::response::Response;
use serde_json::Value;

use crate::filter::Clause;
use crate::odata::{GraphError, collection, entity, ok_json};
use crate::routes::graph::{GraphCtx, visible};
use crate::routes::paging::ListQuery;
use crate::routes::select::Select;
use crate::state::AppState;
use crate::tenant::ServicePrincipal;

/// `/servicePrincipals` page size when the client sends no `$top`.
pub const DEFAULT_PAGE_SIZE: usize = 100;
/// Largest `$top` Graph accepts on `/servicePrincipals`.
pub const MAX_PAGE_SIZE: usize = 999;
/// The type named by `$select` errors.
const SP_TYPE: &str = "microsoft.graph.servicePrincipal";
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
pub(crate) async fn list_service_principals(
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
    let select = Select::parse(q.select.as_deref(), &known, SP_TYPE)?;
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
pub(crate) async fn get_service_principal(
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
    let select = Select::parse(raw_select, &object, SP_TYPE)?;
    let fragment = format!("{}/$entity", select.context_fragment("servicePrincipals"));
    Ok(ok_json(entity(
        &ctx.context(&fragment),
        select.apply(object),
    )))
}
