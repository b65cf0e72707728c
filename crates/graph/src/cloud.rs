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

/// The delegated permissions syncdeck reads with: the jobs and the service principals.
pub const READ_PERMISSIONS: [&str; 2] = ["Synchronization.Read.All", "Application.Read.All"];

/// The permission a write (start, pause, restart, create, delete) needs; asked for the first time
/// a write is attempted, not at sign-in (least privilege).
pub const WRITE_PERMISSION: &str = "Synchronization.ReadWrite.All";

/// The scopes of a token: the read permissions, plus the write permission for a write, fully
/// qualified with `graph_root` (e.g. `https://graph.microsoft.us/Synchronization.Read.All`), the
/// safest form in national clouds
/// (<https://learn.microsoft.com/entra/identity-platform/authentication-national-cloud>).
pub fn token_scopes(graph_root: &str, write: bool) -> Vec<String> {
    let mut scopes: Vec<String> = READ_PERMISSIONS
        .iter()
        .map(|p| Cloud::scope(graph_root, p))
        .collect();
    if write {
        scopes.push(Cloud::scope(graph_root, WRITE_PERMISSION));
    }
    scopes
}

#[cfg(test)]
mod tests {
    use super::{Cloud, token_scopes};

    #[test]
    fn scopes_are_least_privilege_and_fully_qualified() {
        assert_eq!(
            token_scopes("https://graph.microsoft.com", false),
            [
                "https://graph.microsoft.com/Synchronization.Read.All",
                "https://graph.microsoft.com/Application.Read.All"
            ]
        );
        for cloud in Cloud::ALL {
            let write = token_scopes(cloud.graph_host(), true);
            assert_eq!(write.len(), 3);
            assert!(write.iter().all(|s| s.starts_with(cloud.graph_host())));
            assert_eq!(
                write[2],
                format!("{}/Synchronization.ReadWrite.All", cloud.graph_host())
            );
        }
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
