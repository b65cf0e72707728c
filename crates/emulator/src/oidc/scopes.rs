//! The delegated permissions (`scp`) each Graph route needs, and whether a
//! token's grant meets them.

use axum::http::Method;

/// The delegated permissions of an `scp` claim, lower-cased: space-separated;
/// a permission prefixed with a resource URL
/// (`https://graph.microsoft.com/Application.Read.All`) counts by the part
/// after its last `/`.
pub fn granted_scopes(scp: &str) -> Vec<String> {
    scp.split_whitespace()
        .map(|s| s.rsplit('/').next().unwrap_or(s).to_ascii_lowercase())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Read service principals.
const SERVICE_PRINCIPAL_READ: &[&str] = &[
    "Application.Read.All",
    "Application.ReadWrite.All",
    "Directory.Read.All",
    "Directory.ReadWrite.All",
];
/// Read synchronization jobs, templates, schema, secrets.
const SYNCHRONIZATION_READ: &[&str] =
    &["Synchronization.Read.All", "Synchronization.ReadWrite.All"];
/// Change synchronization jobs or secrets.
const SYNCHRONIZATION_WRITE: &[&str] = &["Synchronization.ReadWrite.All"];
/// Read the audit logs.
const AUDIT_LOG_READ: &[&str] = &["AuditLog.Read.All"];
/// Read the directory (needed with `AuditLog.Read.All` for the provisioning logs).
const DIRECTORY_READ: &[&str] = &["Directory.Read.All", "Directory.ReadWrite.All"];

/// Read users (provision on demand's subjects).
const USER_READ: &[&str] = &[
    "User.ReadBasic.All",
    "User.Read.All",
    "Directory.Read.All",
    "Directory.ReadWrite.All",
];
/// Read groups and their members.
const GROUP_READ: &[&str] = &[
    "GroupMember.Read.All",
    "Group.Read.All",
    "Directory.Read.All",
    "Directory.ReadWrite.All",
];

/// The delegated permissions a request needs, by method and `path` (the part
/// after `/v1.0` or `/beta`, segment names compared case-insensitively): every
/// inner list needs one of its permissions. Empty = only a valid token (the
/// `$batch` envelope, whose sub-requests are checked each on its own, and
/// paths without a rule).
pub fn required_scopes(method: &Method, path: &str) -> &'static [&'static [&'static str]] {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let is = |i: usize, name: &str| {
        segments
            .get(i)
            .is_some_and(|s| s.eq_ignore_ascii_case(name))
    };
    if is(0, "servicePrincipals") {
        if is(2, "synchronization") {
            if method == Method::GET || method == Method::HEAD {
                &[SYNCHRONIZATION_READ]
            } else {
                &[SYNCHRONIZATION_WRITE]
            }
        } else {
            &[SERVICE_PRINCIPAL_READ]
        }
    } else if is(0, "auditLogs") && is(1, "provisioning") {
        &[AUDIT_LOG_READ, DIRECTORY_READ]
    } else if is(0, "users") {
        &[USER_READ]
    } else if is(0, "groups") {
        &[GROUP_READ]
    } else {
        &[]
    }
}

/// Whether `granted` (from [`granted_scopes`]) meets `required` (from [`required_scopes`]).
pub fn satisfies(required: &[&[&str]], granted: &[String]) -> bool {
    required.iter().all(|any| {
        any.iter()
            .any(|need| granted.iter().any(|g| g.eq_ignore_ascii_case(need)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn allowed(method: Method, path: &str, scp: &str) -> bool {
        satisfies(required_scopes(&method, path), &granted_scopes(scp))
    }
    #[test]
    fn scp_is_split_on_spaces_lower_cased_and_stripped_of_resource_urls() {
        assert_eq!(
            granted_scopes(
                "  Application.Read.All https://graph.microsoft.com/Synchronization.ReadWrite.All\tUser.Read "
            ),
            [
                "application.read.all",
                "synchronization.readwrite.all",
                "user.read"
            ]
        );
        assert!(granted_scopes("").is_empty());
        assert!(granted_scopes("   ").is_empty());
        assert_eq!(
            granted_scopes("https://graph.microsoft.com/"),
            Vec::<String>::new()
        );
    }

    #[test]
    fn service_principals_need_an_application_or_directory_read_permission() {
        for path in [
            "/servicePrincipals",
            "/servicePrincipals/",
            "/servicePrincipals/abc",
            "/SERVICEPRINCIPALS/abc",
        ] {
            assert_eq!(
                required_scopes(&Method::GET, path),
                &[SERVICE_PRINCIPAL_READ],
                "{path}"
            );
            for scp in [
                "Application.Read.All",
                "Application.ReadWrite.All",
                "Directory.Read.All",
                "directory.readwrite.all",
                "https://graph.microsoft.com/Application.Read.All",
            ] {
                assert!(allowed(Method::GET, path, scp), "{path} {scp}");
            }
            for scp in [
                "",
                "Synchronization.ReadWrite.All",
                "AuditLog.Read.All User.Read",
                "Application.Read",
            ] {
                assert!(!allowed(Method::GET, path, scp), "{path} {scp}");
            }
        }
    }

    #[test]
    fn synchronization_reads_need_read_and_everything_else_read_write() {
        let base = "/servicePrincipals/abc/synchronization";
        for path in [
            base.to_string(),
            format!("{base}/jobs"),
            format!("{base}/jobs/j1"),
            format!("{base}/jobs/j1/schema"),
            format!("{base}/templates"),
            format!("{base}/secrets"),
        ] {
            assert_eq!(
                required_scopes(&Method::GET, &path),
                &[SYNCHRONIZATION_READ],
                "{path}"
            );
            assert!(allowed(Method::GET, &path, "Synchronization.Read.All"));
            assert!(allowed(Method::GET, &path, "Synchronization.ReadWrite.All"));
            assert!(!allowed(Method::GET, &path, "Application.Read.All"));
            for method in [Method::POST, Method::PUT, Method::PATCH, Method::DELETE] {
                assert_eq!(
                    required_scopes(&method, &path),
                    &[SYNCHRONIZATION_WRITE],
                    "{method} {path}"
                );
                assert!(!allowed(method.clone(), &path, "Synchronization.Read.All"));
                assert!(allowed(method, &path, "Synchronization.ReadWrite.All"));
            }
        }
        assert!(!allowed(
            Method::POST,
            &format!("{base}/jobs/j1/start"),
            "Synchronization.Read.All Application.ReadWrite.All Directory.ReadWrite.All"
        ));
    }

    #[test]
    fn provisioning_logs_need_audit_log_and_directory_read() {
        let path = "/auditLogs/provisioning";
        assert_eq!(
            required_scopes(&Method::GET, path),
            &[AUDIT_LOG_READ, DIRECTORY_READ]
        );
        assert!(allowed(
            Method::GET,
            path,
            "AuditLog.Read.All Directory.Read.All"
        ));
        assert!(allowed(
            Method::GET,
            path,
            "Directory.ReadWrite.All AuditLog.Read.All"
        ));
        assert!(!allowed(Method::GET, path, "AuditLog.Read.All"));
        assert!(!allowed(Method::GET, path, "Directory.Read.All"));
        assert!(!allowed(
            Method::GET,
            path,
            "Application.Read.All Directory.Read.All"
        ));
    }

    #[test]
    fn users_need_a_user_or_directory_read_permission() {
        for path in ["/users/abc", "/users/adele.vance@contoso.com", "/USERS/abc"] {
            assert_eq!(required_scopes(&Method::GET, path), &[USER_READ], "{path}");
            for scp in [
                "User.ReadBasic.All",
                "User.Read.All",
                "Directory.Read.All",
                "https://graph.microsoft.com/Directory.ReadWrite.All",
            ] {
                assert!(allowed(Method::GET, path, scp), "{path} {scp}");
            }
            for scp in [
                "",
                "User.Read",
                "GroupMember.Read.All",
                "Group.Read.All",
                "AuditLog.Read.All Synchronization.ReadWrite.All",
            ] {
                assert!(!allowed(Method::GET, path, scp), "{path} {scp}");
            }
        }
    }

    #[test]
    fn groups_and_members_need_a_group_or_directory_read_permission() {
        for path in ["/groups/g1", "/groups/g1/members", "/Groups/g1/members"] {
            assert_eq!(required_scopes(&Method::GET, path), &[GROUP_READ], "{path}");
            for scp in [
                "GroupMember.Read.All",
                "Group.Read.All",
                "Directory.Read.All",
                "directory.readwrite.all",
            ] {
                assert!(allowed(Method::GET, path, scp), "{path} {scp}");
            }
            for scp in ["", "User.Read.All", "User.ReadBasic.All", "Group.Read"] {
                assert!(!allowed(Method::GET, path, scp), "{path} {scp}");
            }
        }
    }

    #[test]
    fn batch_and_other_paths_need_only_a_valid_token() {
        for path in [
            "/$batch",
            "/%24batch",
            "",
            "/",
            "/me",
            "/usersx",
            "/auditLogs",
            "/auditLogs/signIns",
        ] {
            assert!(required_scopes(&Method::GET, path).is_empty(), "{path}");
            assert!(required_scopes(&Method::POST, path).is_empty(), "{path}");
            assert!(allowed(Method::POST, path, ""), "{path}");
        }
    }
}
