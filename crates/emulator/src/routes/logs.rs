//! `GET /auditLogs/provisioning`: provisioning logs (`provisioningObjectSummary`),
//! newest first, with `$filter`, `$top`, `$orderby` and nextLink paging, under the
//! reports throttle (documented: 5 requests per 10 s per app and tenant).

use std::time::Duration;

use axum::Extension;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::Value;

use crate::filter::Clause;
use crate::odata::{GraphError, collection, ok_json};
use crate::oidc::Caller;
use crate::routes::graph::{GraphCtx, visible};
use crate::routes::paging::ListQuery;
use crate::state::AppState;
use crate::time::GraphTime;

/// Page size without `$top`.
pub const DEFAULT_PAGE_SIZE: usize = 50;
/// Largest `$top`.
pub const MAX_PAGE_SIZE: usize = 1000;

/// The JSON pointer of a filterable property (names case-insensitive).
fn pointer(prop: &str) -> Option<&'static str> {
    let p = prop.to_ascii_lowercase();
    Some(match p.as_str() {
        "jobid" => "/jobId",
        "cycleid" => "/cycleId",
        "changeid" => "/changeId",
        "id" => "/id",
        "provisioningaction" | "action" => "/provisioningAction",
        "provisioningstatusinfo/status" | "statusinfo/status" => "/provisioningStatusInfo/status",
        "serviceprincipal/id" => "/servicePrincipal/id",
        "serviceprincipal/displayname" => "/servicePrincipal/displayName",
        "sourceidentity/id" => "/sourceIdentity/id",
        "targetidentity/id" => "/targetIdentity/id",
        "activitydatetime" => "/activityDateTime",
        _ => return None,
    })
}

enum Test {
    Eq(&'static str, String),
    Time(&'static str, GraphTime),
}

fn parse_filter(raw: Option<&str>) -> Result<Vec<Test>, GraphError> {
    let Some(raw) = raw else {
        return Ok(Vec::new());
    };
    let invalid = |clause: &str| {
        GraphError::new(
            StatusCode::BAD_REQUEST,
            "BadRequest",
            format!(
                "Invalid filter clause: '{clause}'. Supported: jobId, cycleId, changeId, servicePrincipal/id, provisioningAction, provisioningStatusInfo/status eq '...', activityDateTime ge|gt|le|lt <time>, joined with 'and'."
            ),
        )
    };
    let clauses = crate::filter::parse(raw).map_err(|c| invalid(&c))?;
    clauses
        .into_iter()
        .map(|c| match c {
            Clause::Eq(p, v) if p.eq_ignore_ascii_case("activityDateTime") => {
                let t = GraphTime::parse(&v).ok_or_else(|| invalid(&v))?;
                Ok(Test::Time("eq", t))
            }
            Clause::Eq(p, v) => Ok(Test::Eq(pointer(&p).ok_or_else(|| invalid(&p))?, v)),
            Clause::Cmp(p, op, v) if p.eq_ignore_ascii_case("activityDateTime") => {
                let t = GraphTime::parse(&v).ok_or_else(|| invalid(&v))?;
                Ok(Test::Time(op, t))
            }
            Clause::Cmp(p, ..) | Clause::StartsWith(p, _) => Err(invalid(&p)),
        })
        .collect()
}

/// `GET /auditLogs/provisioning`.
pub async fn list_provisioning(
    State(state): State<AppState>,
    ctx: GraphCtx,
    Query(params): Query<Vec<(String, String)>>,
    caller: Option<Extension<Caller>>,
) -> Result<Response, GraphError> {
    let key = format!(
        "reports:{}",
        state.rate_subject(caller.as_ref().map(|c| &c.0))
    );
    state
        .rate_limit(&key, state.options().reports_limit, Duration::from_secs(10))
        .map_err(GraphError::throttled)?;
    let q = ListQuery::parse(params, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, &["$orderby"])?;
    let tests = parse_filter(q.filter.as_deref())?;
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
        .filter(|r| {
            tests.iter().all(|t| match t {
                Test::Eq(ptr, v) => r.body.pointer(ptr).and_then(Value::as_str) == Some(v.as_str()),
                Test::Time(op, t) => match *op {
                    "ge" => r.at >= *t,
                    "gt" => r.at > *t,
                    "le" => r.at <= *t,
                    "lt" => r.at < *t,
                    _ => r.at == *t,
                },
            })
        })
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
