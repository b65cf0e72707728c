//! National clouds (<https://learn.microsoft.com/graph/deployments>): each has its own login
//! authority and Graph host, and an app registration and its tokens belong to one cloud only.
//! `docs/deploy.md` ("`config.json` per cloud") lists them as `config.json` names them.

/// The Microsoft cloud the tenant lives in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Cloud {
    /// Global Azure (incl. Microsoft 365 GCC).
    Global,
    /// US Government L4 (GCC High).
    UsGov,
    /// US Government L5 (DoD).
    UsGovDod,
    /// Azure operated by 21Vianet.
    China,
}

impl Cloud {
    /// Every cloud, in `config.json` order.
    pub const ALL: [Cloud; 4] = [Cloud::Global, Cloud::UsGov, Cloud::UsGovDod, Cloud::China];

    /// The `config.json` spelling: `global`, `usgov`, `usgovdod`, `china`.
    pub fn name(self) -> &'static str {
        match self {
            Cloud::Global => "global",
            Cloud::UsGov => "usgov",
            Cloud::UsGovDod => "usgovdod",
            Cloud::China => "china",
        }
    }

    /// The cloud of a `config.json` spelling (exact, lower case).
    pub fn from_name(name: &str) -> Option<Cloud> {
        Cloud::ALL.into_iter().find(|c| c.name() == name)
    }

    /// The Graph root of this cloud, without version or trailing slash.
    pub fn graph_host(self) -> &'static str {
        match self {
            Cloud::Global => "https://graph.microsoft.com",
            Cloud::UsGov => "https://graph.microsoft.us",
            Cloud::UsGovDod => "https://dod-graph.microsoft.us",
            Cloud::China => "https://microsoftgraph.chinacloudapi.cn",
        }
    }

    /// The login host of this cloud (the MSAL authority's host).
    pub fn login_host(self) -> &'static str {
        match self {
            Cloud::Global => "https://login.microsoftonline.com",
            Cloud::UsGov | Cloud::UsGovDod => "https://login.microsoftonline.us",
            Cloud::China => "https://login.chinacloudapi.cn",
        }
    }

    /// A delegated permission fully qualified with a Graph root, e.g.
    /// `https://graph.microsoft.us/Synchronization.Read.All` (the safest form in national clouds).
    pub fn scope(graph_root: &str, permission: &str) -> String {
        format!("{}/{permission}", graph_root.trim_end_matches('/'))
    }
}

use crate::hints::Grant;

/// The delegated permissions syncdeck reads with: the jobs and the service principals.
pub const READ_PERMISSIONS: [&str; 2] = ["Synchronization.Read.All", "Application.Read.All"];

/// The scopes of a token for `grant`: the read permissions plus the grant's own (the write
/// permission, the logs' or the directory's), fully qualified with `graph_root` (e.g.
/// `https://graph.microsoft.us/Synchronization.Read.All`), the safest form in national clouds
/// (<https://learn.microsoft.com/entra/identity-platform/authentication-national-cloud>).
pub fn token_scopes(graph_root: &str, grant: Grant) -> Vec<String> {
    READ_PERMISSIONS
        .iter()
        .chain(grant.extra_permissions())
        .map(|p| Cloud::scope(graph_root, p))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{Cloud, token_scopes};
    use crate::hints::{Grant, Operation};

    #[test]
    fn scopes_are_least_privilege_and_fully_qualified() {
        assert_eq!(
            token_scopes("https://graph.microsoft.com", Grant::Read),
            [
                "https://graph.microsoft.com/Synchronization.Read.All",
                "https://graph.microsoft.com/Application.Read.All"
            ]
        );
        for cloud in Cloud::ALL {
            let write = token_scopes(cloud.graph_host(), Grant::Write);
            assert_eq!(write.len(), 3);
            assert!(write.iter().all(|s| s.starts_with(cloud.graph_host())));
            assert_eq!(
                write[2],
                format!("{}/Synchronization.ReadWrite.All", cloud.graph_host())
            );
        }
    }

    #[test]
    fn each_grant_adds_exactly_the_permissions_of_its_operations() {
        let short = |grant| -> Vec<String> {
            token_scopes("https://graph.microsoft.com", grant)
                .into_iter()
                .map(|s| s.rsplit('/').next().unwrap_or_default().to_string())
                .collect()
        };
        assert_eq!(
            short(Grant::Logs),
            [
                "Synchronization.Read.All",
                "Application.Read.All",
                "AuditLog.Read.All",
                "Directory.Read.All"
            ]
        );
        assert_eq!(
            short(Grant::People),
            [
                "Synchronization.Read.All",
                "Application.Read.All",
                "User.ReadBasic.All",
                "GroupMember.Read.All"
            ]
        );
        // Every operation's least permission is in the token of its grant.
        for op in Operation::ALL {
            let scopes = short(op.grant());
            for need in op.least_permission() {
                assert!(scopes.iter().any(|s| s == need), "{op:?} needs {need}");
            }
        }
        assert_eq!(Operation::ListJobs.grant(), Grant::Read);
        assert_eq!(Operation::Batch { writes: false }.grant(), Grant::Read);
        assert_eq!(Operation::ProvisionOnDemand.grant(), Grant::Write);
        assert_eq!(Operation::ListProvisioningLogs.grant(), Grant::Logs);
        assert_eq!(Operation::GetUser.grant(), Grant::People);
    }

    #[test]
    fn the_table_of_reference_4_7() {
        let rows: Vec<_> = Cloud::ALL
            .iter()
            .map(|c| (c.name(), c.login_host(), c.graph_host()))
            .collect();
        assert_eq!(
            rows,
            [
                (
                    "global",
                    "https://login.microsoftonline.com",
                    "https://graph.microsoft.com"
                ),
                (
                    "usgov",
                    "https://login.microsoftonline.us",
                    "https://graph.microsoft.us"
                ),
                (
                    "usgovdod",
                    "https://login.microsoftonline.us",
                    "https://dod-graph.microsoft.us"
                ),
                (
                    "china",
                    "https://login.chinacloudapi.cn",
                    "https://microsoftgraph.chinacloudapi.cn"
                ),
            ]
        );
        for c in Cloud::ALL {
            assert_eq!(Cloud::from_name(c.name()), Some(c));
        }
        assert_eq!(Cloud::from_name("Global"), None);
        assert_eq!(
            Cloud::scope("https://graph.microsoft.us/", "Synchronization.Read.All"),
            "https://graph.microsoft.us/Synchronization.Read.All"
        );
    }
}
