//! The deterministic demo tenant: twenty service principals, twelve of them
//! with synchronization jobs covering every status code, quarantine reason
//! family and run outcome the app has to show.
//!
//! Ids are the same on every run; timestamps are relative to the emulator's
//! start time ("now"), so a quarantine is always "3 days old". Every app with
//! a configured job has saved secrets (its settings: credentials for the
//! SCIM-like ones, notifications, scope; `build::saved_settings`).
//! The display names are a contract with the app's tests: keep them exact.
//!
//! [`apps`] and [`jobs`] describe the tenant (tables of specs); [`build`]
//! makes Graph objects of them, and of the generated tenant of
//! [`crate::generate`]. Tests read the served tenant's facts (names, ids,
//! statuses, counts) from `GET /_emulator/manifest` ([`crate::manifest`])
//! rather than copy them.

pub mod apps;
pub mod build;
pub mod jobs;

use crate::tenant::{AppKind, ServicePrincipal, Tenant};
use crate::time::GraphTime;

use build::Builder;

/// The demo tenant's directory id (also the GUID suffix of some job ids).
pub const TENANT_ID: &str = "8a3c2f7e-5b1d-4e96-a0c4-2d7f9b6e1c35";

/// Display names of the service principals that have jobs, in listing order.
pub const SP_WITH_JOBS: [&str; 12] = [
    "Salesforce Sandbox",
    "ServiceNow",
    "Contoso HR (Workday)",
    "Slack",
    "Fabrikam cross-tenant sync",
    "Google Workspace",
    "Zendesk",
    "Box",
    "Amazon Web Services (AWS)",
    "Contoso Cloud Sync",
    "Contoso HRIS (API-driven inbound)",
    "Databricks",
];

/// Display name of the app of the forbidden-app fault.
pub const RESTRICTED_APP: &str = "Contoso Payroll (restricted)";

/// Builds the demo tenant as it is at `now`.
pub fn tenant(now: GraphTime) -> Tenant {
    let b = Builder { now };
    let service_principals = apps::APPS.iter().map(|spec| b.app(spec)).collect();
    Tenant::new(TENANT_ID.to_string(), service_principals)
}

/// The app of the forbidden-app fault: a healthy SCIM job, appended after the
/// demo (or generated) tenant and visible only while `forbiddenApp` is on.
pub fn restricted_app(now: GraphTime) -> ServicePrincipal {
    let mut sp = Builder { now }.app(&apps::RESTRICTED);
    debug_assert_eq!(sp.kind, AppKind::CustomScim);
    sp.restricted = true;
    sp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twenty_service_principals_twelve_with_jobs() {
        let t = tenant(GraphTime::from_parts(2026, 11, 22, 21, 3, 11));
        assert_eq!(t.service_principals.len(), 20);
        let with_jobs: Vec<&str> = t
            .service_principals
            .iter()
            .filter(|sp| !sp.jobs.is_empty())
            .map(|sp| sp.display_name.as_str())
            .collect();
        assert_eq!(with_jobs, SP_WITH_JOBS);
        assert_eq!(t.jobs().count(), 13);
        let mut ids: Vec<&str> = t.service_principals.iter().map(|s| s.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), 20, "service principal ids are unique");
    }

    #[test]
    fn apps_with_configured_jobs_have_saved_settings() {
        let t = tenant(GraphTime::from_parts(2026, 11, 22, 21, 3, 11));
        let keys = |sp: &ServicePrincipal| -> Vec<String> {
            sp.secrets.iter().map(|(k, _)| k.clone()).collect()
        };
        let settings = [
            "SyncNotificationSettings",
            "SyncAll",
            "SkipOutOfScopeDeletions",
        ];
        for sp in &t.service_principals {
            let inbound = sp
                .jobs
                .iter()
                .any(|j| crate::sim::is_inbound(&j.template_id));
            let expected: Vec<&str> = match sp.display_name.as_str() {
                _ if sp.jobs.is_empty() => vec![],
                "Box" => vec![],
                _ if inbound => settings.to_vec(),
                _ => ["BaseAddress", "SecretToken"]
                    .into_iter()
                    .chain(settings)
                    .collect(),
            };
            assert_eq!(keys(sp), expected, "{}", sp.display_name);
        }
        let slack = t.by_display_name("Slack").unwrap();
        assert_eq!(slack.secrets[0].1, "https://scim.slack.example/scim/v2");
        let aws = t.by_display_name("Amazon Web Services (AWS)").unwrap();
        assert_eq!(
            aws.secrets[0].1,
            "https://scim.amazon-web-services-aws.example/scim/v2"
        );
        let token = &slack.secrets[1].1;
        assert_eq!(token.len(), 40);
        assert!(
            token
                .bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
        );
        assert_ne!(token, &aws.secrets[1].1);
        let again = tenant(GraphTime::from_parts(2027, 1, 1, 0, 0, 0));
        assert_eq!(
            again.by_display_name("Slack").unwrap().secrets,
            slack.secrets
        );
        assert_eq!(
            restricted_app(GraphTime::from_parts(2026, 11, 22, 21, 3, 11)).secrets[0].1,
            "https://scim.contoso-payroll-restricted.example/scim/v2"
        );
    }

    #[test]
    fn the_restricted_app_is_a_healthy_scim_job() {
        let sp = restricted_app(GraphTime::from_parts(2026, 11, 22, 21, 3, 11));
        assert_eq!(sp.display_name, RESTRICTED_APP);
        assert!(sp.restricted);
        assert_eq!(sp.kind, AppKind::CustomScim);
        assert_eq!(sp.jobs.len(), 1);
        assert_eq!(sp.jobs[0].template_id, "scim");
    }
}
