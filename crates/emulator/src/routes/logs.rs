//! `GET /auditLogs/provisioning`: provisioning logs (`provisioningObjectSummary`),
//! newest first, with `$filter`, `$top`, `$orderby` and nextLink paging, under the
//! reports throttle (documented: 5 requests per 10 s per app and tenant).

use std::time::Duration;

use axum::Extension;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::Value;

use crate::faults::Faults;
use crate::odata::{GraphError, collection, ok_json};
use crate::oidc::Caller;
use crate::routes::graph::{GraphCtx, visible};
use crate::routes::log_filter::{self, Expr};
use crate::routes::paging::ListQuery;
use crate::state::AppState;
use crate::time::GraphTime;

/// Page size without `$top`.
pub const DEFAULT_PAGE_SIZE: usize = 50;
/// Largest `$top`.
pub const MAX_PAGE_SIZE: usize = 1000;

/// The parsed `$filter` (`None`: every entry), or Graph's 400 naming the clause.
fn parse_filter(raw: Option<&str>) -> Result<Option<Expr>, GraphError> {
    let Some(raw) = raw else {
        return Ok(None);
    };
    log_filter::parse(raw).map(Some).map_err(|clause| {
        GraphError::new(
            StatusCode::BAD_REQUEST,
            "BadRequest",
            format!(
                "Invalid filter clause: '{clause}'. Supported: jobId, cycleId, changeId, id, provisioningAction, provisioningStatusInfo/status, provisioningStatusInfo/errorInformation/errorCode, servicePrincipal/id, servicePrincipal/displayName, sourceIdentity/id, sourceIdentity/displayName, targetIdentity/id, targetIdentity/displayName eq '...' or contains(..., '...'); activityDateTime eq|gt|ge|lt|le <time>; joined with 'and', 'or' and parentheses."
            ),
        )
    })
}

/// The 403 of the licence and role faults, if one is on.
fn refused(faults: &Faults) -> Option<GraphError> {
    if faults.logs_license_missing {
        // What Graph answers for reports in a tenant without Microsoft Entra ID P1 or P2, see
        // https://learn.microsoft.com/en-us/entra/identity/monitoring-health/howto-analyze-activity-logs-with-microsoft-graph
        return Some(GraphError::new(
            StatusCode::FORBIDDEN,
            "Authentication_RequestFromNonPremiumTenantOrB2CTenant",
            "Neither tenant is B2C or tenant doesn't have premium license",
        ));
    }
    // The signed-in user has none of the roles that may read the reports.
    faults.logs_role_missing.then(GraphError::forbidden)
}

/// `GET /auditLogs/provisioning`.
pub async fn list_provisioning(
    State(state): State<AppState>,
    ctx: GraphCtx,
    Query(params): Query<Vec<(String, String)>>,
    caller: Option<Extension<Caller>>,
) -> Result<Response, GraphError> {
    if let Some(error) = refused(&state.faults()) {
        return Err(error);
    }
    let key = format!(
        "reports:{}",
        state.rate_subject(caller.as_ref().map(|c| &c.0))
    );
    state
        .rate_limit(&key, state.options().reports_limit, Duration::from_secs(10))
        .map_err(GraphError::throttled)?;
    let q = ListQuery::parse(params, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, &["$orderby"])?;
    let filter = parse_filter(q.filter.as_deref())?;
    let ascending = match q.orderby.as_deref().map(|o| o.trim().to_ascii_lowercase()) {
        None => false,
        Some(o) if o == "activitydatetime desc" => false,
        Some(o) if o == "activitydatetime" || o == "activitydatetime asc" => true,
        Some(o) => {
            return Err(GraphError::new(
                StatusCode::BAD_REQUEST,
                "BadRequest",
                format!("Unsupported $orderby '{o}': only activityDateTime [asc|desc]."),
            ));
        }
    };
    let faults = state.faults();
    let (tenant, _) = state.tenant_now();
    let mut rows: Vec<(GraphTime, &Value)> = tenant
        .service_principals
        .iter()
        .filter(|sp| visible(sp, &faults) && !sp.restricted)
        .flat_map(|sp| sp.jobs.iter())
        .flat_map(|job| job.sim.logs.iter())
        .filter(|r| filter.as_ref().is_none_or(|f| f.matches(r.at, &r.body)))
        .map(|r| (r.at, &r.body))
        .collect();
    rows.sort_by(|a, b| {
        let by_time = if ascending {
            a.0.cmp(&b.0)
        } else {
            b.0.cmp(&a.0)
        };
        by_time.then_with(|| {
            a.1["id"]
                .as_str()
                .unwrap_or_default()
                .cmp(b.1["id"].as_str().unwrap_or_default())
        })
    });
    let total = rows.len();
    let start = q.skip.min(total);
    let end = start.saturating_add(q.top).min(total);
    let beta = ctx.version == "beta";
    let value = rows[start..end]
        .iter()
        .map(|(_, body)| {
            let mut body = (*body).clone();
            if beta && let Value::Object(map) = &mut body {
                // beta keeps the legacy names next to the v1.0 ones, see
                // <https://learn.microsoft.com/en-us/graph/api/resources/provisioningobjectsummary?view=graph-rest-beta>.
                if let Some(a) = map.get("provisioningAction").cloned() {
                    map.insert("action".into(), a);
                }
                if let Some(s) = map.get("provisioningStatusInfo") {
                    let legacy = legacy_status_info(s);
                    map.insert("statusInfo".into(), legacy);
                }
            }
            body
        })
        .collect();
    let next_link =
        (end < total).then(|| q.next_link(&format!("{}/auditLogs/provisioning", ctx.root), end));
    Ok(ok_json(collection(
        &ctx.context("auditLogs/provisioning"),
        q.count.then_some(total),
        value,
        next_link,
    )))
}

/// beta's legacy `statusInfo`: a flat `statusDetails` (`status`, `errorCode`, `reason`,
/// `additionalDetails`, `errorCategory`, `recommendedAction`), made from v1.0's
/// `provisioningStatusInfo` (`status`, `errorInformation`), see
/// <https://learn.microsoft.com/graph/api/resources/statusdetails?view=graph-rest-beta>.
fn legacy_status_info(info: &Value) -> Value {
    let mut out = serde_json::Map::new();
    out.insert(
        "status".into(),
        info.get("status").cloned().unwrap_or(Value::Null),
    );
    if let Some(Value::Object(error)) = info.get("errorInformation") {
        for (from, to) in [
            ("errorCode", "errorCode"),
            ("reason", "reason"),
            ("additionalDetails", "additionalDetails"),
            ("errorCategory", "errorCategory"),
            ("recommendedDetail", "recommendedAction"),
        ] {
            out.insert(to.into(), error.get(from).cloned().unwrap_or(Value::Null));
        }
    }
    Value::Object(out)
}
