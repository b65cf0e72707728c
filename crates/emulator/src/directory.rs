//! A small, fixed directory for provision on demand: 30 users named after
//! Microsoft's sample tenants (`adele.vance@contoso.com`, ...) and three groups,
//! with stable GUID ids. Served as `GET /users/{id}`, `GET /groups/{id}` and
//! `GET /groups/{id}/members` (see [`crate::routes::directory`]) with the default
//! properties of <https://learn.microsoft.com/en-us/graph/api/resources/user> and
//! <https://learn.microsoft.com/en-us/graph/api/resources/group>.

use std::sync::OnceLock;

use serde_json::{Map, Value, json};

use crate::ids::stable_guid;
use crate::sim::logs::{FIRST, LAST};

/// Users in the directory.
pub const USERS: usize = 30;
/// The user whose provision on demand always fails at export (see [`FAILING_CODE`]).
pub const FAILING_USER: usize = 11;
/// The error code of the failing user's export.
pub const FAILING_CODE: &str = "SchemaAttributeValueInvalid";

const JOB_TITLES: [&str; 6] = [
    "Sales Manager",
    "Account Executive",
    "Software Engineer",
    "Marketing Specialist",
    "Product Manager",
    "Finance Analyst",
];
const OFFICES: [&str; 4] = ["18/2111", "20/1101", "131/1104", "12/1110"];

/// One user.
#[derive(Clone, Debug)]
pub struct User {
    /// Object id (GUID).
    pub id: String,
    /// `Adele Vance`.
    pub display_name: String,
    /// `Adele`.
    pub given_name: String,
    /// `Vance`.
    pub surname: String,
    /// `adele.vance@contoso.com`.
    pub user_principal_name: String,
    /// Job title.
    pub job_title: String,
    /// Office.
    pub office_location: String,
}

/// One group.
#[derive(Clone, Debug)]
pub struct Group {
    /// Object id (GUID).
    pub id: String,
    /// `Sales`.
    pub display_name: String,
    /// Description.
    pub description: String,
    /// Member user ids, in membership order.
    pub member_ids: Vec<String>,
}

/// The directory.
#[derive(Clone, Debug)]
pub struct Directory {
    /// Every user, in listing order.
    pub users: Vec<User>,
    /// Every group.
    pub groups: Vec<Group>,
}

impl Directory {
    /// The user whose id (case-insensitive) or user principal name (case-insensitive) is `key`.
    pub fn user(&self, key: &str) -> Option<&User> {
        self.users.iter().find(|u| {
            u.id.eq_ignore_ascii_case(key) || u.user_principal_name.eq_ignore_ascii_case(key)
        })
    }

    /// The group whose id is `id` (case-insensitive).
    pub fn group(&self, id: &str) -> Option<&Group> {
        self.groups.iter().find(|g| g.id.eq_ignore_ascii_case(id))
    }

    /// The user whose provision on demand always fails.
    pub fn failing_user(&self) -> &User {
        &self.users[FAILING_USER]
    }
}

/// The `i`-th user: first names in order, last names so that no two users share a name.
fn user(i: usize) -> User {
    let first = FIRST[i % FIRST.len()];
    let last = LAST[(i + 3 * (i / FIRST.len())) % LAST.len()];
    let upn = format!(
        "{}.{}@contoso.com",
        first.to_lowercase(),
        last.to_lowercase()
    );
    User {
        id: stable_guid(&format!("directory:user:{upn}")),
        display_name: format!("{first} {last}"),
        given_name: first.to_string(),
        surname: last.to_string(),
        job_title: JOB_TITLES[i % JOB_TITLES.len()].to_string(),
        office_location: OFFICES[i % OFFICES.len()].to_string(),
        user_principal_name: upn,
    }
}

fn build() -> Directory {
    let users: Vec<User> = (0..USERS).map(user).collect();
    let group = |name: &str, description: &str, members: &[usize]| Group {
        id: stable_guid(&format!("directory:group:{name}")),
        display_name: name.to_string(),
        description: description.to_string(),
        member_ids: members.iter().map(|i| users[*i].id.clone()).collect(),
    };
    let groups = vec![
        group("Sales", "Everyone in sales", &[0, 1, 6, 12, 14, 18, 22, 27]),
        group("Engineering", "Product engineering", &[2, 8, 15]),
        group("Marketing", "Marketing and events", &[3, 7, 19, 24, 29]),
    ];
    Directory { users, groups }
}

/// The directory (built once; it never changes).
pub fn directory() -> &'static Directory {
    static DIRECTORY: OnceLock<Directory> = OnceLock::new();
    DIRECTORY.get_or_init(build)
}

impl User {
    /// The user's JSON (Graph's default properties).
    pub fn to_json(&self) -> Map<String, Value> {
        let Value::Object(map) = json!({
            "businessPhones": [],
            "displayName": self.display_name,
            "givenName": self.given_name,
            "jobTitle": self.job_title,
            "mail": self.user_principal_name,
            "mobilePhone": null,
            "officeLocation": self.office_location,
            "preferredLanguage": "en-US",
            "surname": self.surname,
            "userPrincipalName": self.user_principal_name,
            "id": self.id,
        }) else {
            return Map::new();
        };
        map
    }
}

impl Group {
    /// The group's JSON (Graph's default properties, a security group).
    pub fn to_json(&self) -> Map<String, Value> {
        let nickname: String = self
            .display_name
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect();
        let Value::Object(map) = json!({
            "id": self.id,
            "deletedDateTime": null,
            "classification": null,
            "createdDateTime": "2024-03-04T09:15:00Z",
            "description": self.description,
            "displayName": self.display_name,
            "groupTypes": [],
            "mail": null,
            "mailEnabled": false,
            "mailNickname": nickname,
            "securityEnabled": true,
            "visibility": null,
        }) else {
            return Map::new();
        };
        map
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn users_are_unique_and_stable() {
        let d = directory();
        assert_eq!(d.users.len(), USERS);
        let names: BTreeSet<&str> = d.users.iter().map(|u| u.display_name.as_str()).collect();
        let ids: BTreeSet<&str> = d.users.iter().map(|u| u.id.as_str()).collect();
        assert_eq!((names.len(), ids.len()), (USERS, USERS));
        assert_eq!(d.users[0].user_principal_name, "adele.vance@contoso.com");
        assert_eq!(d.failing_user().display_name, "Megan Bowen");
        assert_eq!(
            d.user("ADELE.VANCE@contoso.com").map(|u| u.id.as_str()),
            Some(d.users[0].id.as_str())
        );
        let sales = &d.groups[0];
        assert_eq!(
            (sales.display_name.as_str(), sales.member_ids.len()),
            ("Sales", 8)
        );
        assert_eq!(d.groups[1].member_ids.len(), 3);
        assert!(d.group(&sales.id.to_uppercase()).is_some());
        for g in &d.groups {
            assert!(!g.member_ids.contains(&d.failing_user().id));
        }
    }
}
