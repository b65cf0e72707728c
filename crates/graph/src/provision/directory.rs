//! The directory reads that say who to provision: a user by object id or user principal name
//! (<https://learn.microsoft.com/en-us/graph/api/user-get?view=graph-rest-1.0>), a group and
//! its members (<https://learn.microsoft.com/en-us/graph/api/group-list-members?view=graph-rest-1.0>),
//! each with the least `$select`; and the admin's typed list of users.

use serde_json::Value;

use super::{json, list, shape, text};
use crate::hints::Operation;
use crate::parse::ParseError;
use crate::request::{GraphRequest, Method, RequestError, encode_segment};
use syncdeck_i18n::{t, tf};

/// Users in one run: the limit syncdeck sets above the portal's one at a time.
pub const MAX_USERS: usize = 50;
/// Members of a group provisioned with it (the portal's limit, see
/// <https://learn.microsoft.com/en-us/entra/identity/app-provisioning/provision-on-demand>).
pub const MAX_GROUP_MEMBERS: usize = 5;
/// Members listed per group (`$top`).
pub const MEMBERS_TOP: usize = 100;

const USER_SELECT: &str = "$select=id,displayName,userPrincipalName";

/// A user as read (`id`, `displayName`, `userPrincipalName`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DirectoryUser {
    /// The object id (required).
    pub id: String,
    /// The name (may be empty).
    pub display_name: String,
    /// The user principal name (empty for a member that is not a user).
    pub user_principal_name: String,
}

/// A group as read (`id`, `displayName`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DirectoryGroup {
    /// The object id (required).
    pub id: String,
    /// The name.
    pub display_name: String,
}

/// `GET /users/{id or userPrincipalName}?$select=id,displayName,userPrincipalName`.
pub fn get_user(who: &str) -> Result<GraphRequest, RequestError> {
    let path = format!(
        "/users/{}?{USER_SELECT}",
        encode_segment(who.trim(), "user")?
    );
    Ok(GraphRequest::new(Method::Get, path, Operation::GetUser))
}

/// `GET /groups/{id}?$select=id,displayName`.
pub fn get_group(id: &str) -> Result<GraphRequest, RequestError> {
    let path = format!(
        "/groups/{}?$select=id,displayName",
        encode_segment(id.trim(), "group id")?
    );
    Ok(GraphRequest::new(Method::Get, path, Operation::ReadGroup))
}

/// `GET /groups/{id}/members?$select=id,displayName,userPrincipalName&$top=100`.
pub fn group_members(id: &str) -> Result<GraphRequest, RequestError> {
    let path = format!(
        "/groups/{}/members?{USER_SELECT}&$top={MEMBERS_TOP}",
        encode_segment(id.trim(), "group id")?
    );
    Ok(GraphRequest::new(Method::Get, path, Operation::ReadGroup))
}

/// A directory object of `v`: its `id` is required (a string).
fn user_of(v: &Value, expected: &str) -> Result<DirectoryUser, ParseError> {
    let id = v
        .get("id")
        .and_then(Value::as_str)
        .ok_or_else(|| shape(expected, "no `id`"))?;
    Ok(DirectoryUser {
        id: id.to_owned(),
        display_name: text(v, "displayName"),
        user_principal_name: text(v, "userPrincipalName"),
    })
}

/// Reads a user.
pub fn parse_user(body: &str) -> Result<DirectoryUser, ParseError> {
    user_of(&json(body, "a user")?, "a user")
}

/// Reads a group.
pub fn parse_group(body: &str) -> Result<DirectoryGroup, ParseError> {
    let g = user_of(&json(body, "a group")?, "a group")?;
    Ok(DirectoryGroup {
        id: g.id,
        display_name: g.display_name,
    })
}

/// Reads a page of group members, and whether there are more (`@odata.nextLink`).
pub fn parse_members(body: &str) -> Result<(Vec<DirectoryUser>, bool), ParseError> {
    const WHAT: &str = "a list of group members";
    let v = json(body, WHAT)?;
    let members = list(&v, "value", WHAT)?
        .iter()
        .map(|m| user_of(m, WHAT))
        .collect::<Result<_, _>>()?;
    Ok((
        members,
        v.get("@odata.nextLink").is_some_and(Value::is_string),
    ))
}

/// Why a typed list of users cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SplitError {
    /// Nothing was typed.
    Empty,
    /// More than [`MAX_USERS`] (the count).
    TooMany(usize),
}

impl std::fmt::Display for SplitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SplitError::Empty => f.write_str(t!("Type a user principal name or object id.")),
            SplitError::TooMany(n) => f.write_str(&tf!(
                "{n} users: at most {max} at a time.",
                n = n,
                max = MAX_USERS
            )),
        }
    }
}

/// The users typed, separated by commas, semicolons, blanks or new lines; duplicates (ignoring
/// ASCII case) once, in the order typed.
pub fn split_ids(text: &str) -> Result<Vec<String>, SplitError> {
    let mut out: Vec<String> = Vec::new();
    for part in text.split(|c: char| c == ',' || c == ';' || c.is_whitespace()) {
        if !part.is_empty() && !out.iter().any(|o| o.eq_ignore_ascii_case(part)) {
            out.push(part.to_owned());
        }
    }
    match out.len() {
        0 => Err(SplitError::Empty),
        n if n > MAX_USERS => Err(SplitError::TooMany(n)),
        _ => Ok(out),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_and_group_requests_select_the_least_and_encode_the_id() {
        let r = get_user(" adele@contoso.com ").unwrap();
        assert_eq!(r.method, Method::Get);
        assert_eq!(
            r.path,
            "/users/adele%40contoso.com?$select=id,displayName,userPrincipalName"
        );
        assert_eq!(r.operation, Operation::GetUser);
        assert!(!r.is_write());
        let g = get_group("g/1").unwrap();
        assert_eq!(g.path, "/groups/g%2F1?$select=id,displayName");
        assert_eq!(g.operation, Operation::ReadGroup);
        let m = group_members("g1").unwrap();
        assert_eq!(
            m.path,
            "/groups/g1/members?$select=id,displayName,userPrincipalName&$top=100"
        );
        assert_eq!(m.operation, Operation::ReadGroup);
        assert!(get_user("..").is_err());
        assert!(get_group(" ").is_err());
    }

    #[test]
    fn users_groups_and_members_parse_leniently() {
        let u = parse_user(
            r#"{"@odata.context":"x","id":"u1","displayName":null,"userPrincipalName":"a@b.c"}"#,
        )
        .unwrap();
        assert_eq!(u.id, "u1");
        assert_eq!(u.display_name, "");
        assert_eq!(u.user_principal_name, "a@b.c");
        let g = parse_group(r#"{"id":"g1","displayName":"Sales"}"#).unwrap();
        assert_eq!(g.display_name, "Sales");
        let m = parse_members(r##"{"value":[{"@odata.type":"#microsoft.graph.user","id":"u1"},{"id":"u2","userPrincipalName":"b@c.d"}],"@odata.nextLink":"https://x/next"}"##).unwrap();
        assert_eq!(m.0.len(), 2);
        assert_eq!(m.0[1].user_principal_name, "b@c.d");
        assert!(m.1);
        assert!(!parse_members(r#"{"value":[]}"#).unwrap().1);
        assert!(parse_members(r#"{"value":{"id":"u1"}}"#).is_err());
        assert!(parse_members(r#"{"value":[{"id":1}]}"#).is_err());
        assert!(parse_user("[]").is_err());
        assert!(parse_user("{").is_err());
        assert!(parse_user(r#"{"displayName":"x"}"#).is_err());
        assert!(parse_group(r#"{"id":null}"#).is_err());
    }

    #[test]
    fn typed_users_split_on_commas_and_lines_once_each_up_to_fifty() {
        assert_eq!(
            split_ids(" a@b.c,\nB@b.c ; a@B.C\r\n\n 1234 ").unwrap(),
            vec!["a@b.c", "B@b.c", "1234"]
        );
        assert_eq!(split_ids(" ,\n "), Err(SplitError::Empty));
        let fifty: Vec<String> = (0..50).map(|i| format!("u{i}")).collect();
        assert_eq!(split_ids(&fifty.join(",")).unwrap().len(), 50);
        let many = format!("{},x", fifty.join("\n"));
        assert_eq!(split_ids(&many), Err(SplitError::TooMany(51)));
        assert!(SplitError::TooMany(51).to_string().contains("at most 50"));
    }
}
