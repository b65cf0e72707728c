//! The directory reads provision on demand needs (see [`crate::directory`]):
//! `GET /users/{id | userPrincipalName}`, `GET /groups/{id}` (both with `$select`)
//! and `GET /groups/{id}/members` (`$select`, `$top`, nextLink paging), as in
//! <https://learn.microsoft.com/en-us/graph/api/user-get> and
//! <https://learn.microsoft.com/en-us/graph/api/group-list-members>.

use axum::extract::{Path, Query};
use axum::response::Response;
use serde_json::{Value, json};

use crate::directory::directory;
use crate::odata::{GraphError, collection, entity, ok_json};
use crate::routes::graph::GraphCtx;
use crate::routes::paging::ListQuery;
use crate::routes::select::Select;

/// Members page size without `$top`.
pub const DEFAULT_PAGE_SIZE: usize = 100;
/// Largest `$top` of a members list.
pub const MAX_PAGE_SIZE: usize = 999;

fn select_param(params: &[(String, String)]) -> Option<&str> {
    params
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("$select"))
        .map(|(_, v)| v.as_str())
}

/// `GET /users/{id}`: by object id or user principal name.
pub(crate) async fn get_user(
    ctx: GraphCtx,
    Path(id): Path<String>,
    Query(params): Query<Vec<(String, String)>>,
) -> Result<Response, GraphError> {
    let user = directory()
        .user(&id)
        .ok_or_else(|| GraphError::resource_not_found(&id))?;
    let object = user.to_json();
    let select = Select::parse(select_param(&params), &object, "microsoft.graph.user")?;
    let fragment = format!("{}/$entity", select.context_fragment("users"));
    Ok(ok_json(entity(
        &ctx.context(&fragment),
        select.apply(object),
    )))
}

/// `GET /groups/{id}`.
pub(crate) async fn get_group(
    ctx: GraphCtx,
    Path(id): Path<String>,
    Query(params): Query<Vec<(String, String)>>,
) -> Result<Response, GraphError> {
    let group = directory()
        .group(&id)
        .ok_or_else(|| GraphError::resource_not_found(&id))?;
    let object = group.to_json();
    let select = Select::parse(select_param(&params), &object, "microsoft.graph.group")?;
    let fragment = format!("{}/$entity", select.context_fragment("groups"));
    Ok(ok_json(entity(
        &ctx.context(&fragment),
        select.apply(object),
    )))
}

/// `GET /groups/{id}/members`: users, each with its `@odata.type`.
pub(crate) async fn list_group_members(
    ctx: GraphCtx,
    Path(id): Path<String>,
    Query(params): Query<Vec<(String, String)>>,
) -> Result<Response, GraphError> {
    let q = ListQuery::parse(params, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, &["$select"])?;
    if q.filter.is_some() {
        return Err(GraphError::new(
            axum::http::StatusCode::BAD_REQUEST,
            "Request_UnsupportedQuery",
            "$filter on group members is not supported by syncdeck-emulator.",
        ));
    }
    let dir = directory();
    let group = dir
        .group(&id)
        .ok_or_else(|| GraphError::resource_not_found(&id))?;
    let known = dir.users[0].to_json();
    let select = Select::parse(q.select.as_deref(), &known, "microsoft.graph.user")?;
    let members: Vec<_> = group
        .member_ids
        .iter()
        .filter_map(|m| dir.user(m))
        .collect();
    let total = members.len();
    let start = q.skip.min(total);
    let end = start.saturating_add(q.top).min(total);
    let value = members[start..end]
        .iter()
        .map(|u| {
            let mut object = serde_json::Map::new();
            object.insert("@odata.type".into(), json!("#microsoft.graph.user"));
            object.extend(select.apply(u.to_json()));
            Value::Object(object)
        })
        .collect();
    let next_link = (end < total)
        .then(|| q.next_link(&format!("{}/groups/{}/members", ctx.root, group.id), end));
    Ok(ok_json(collection(
        &ctx.context("directoryObjects"),
        q.count.then_some(total),
        value,
        next_link,
    )))
}
