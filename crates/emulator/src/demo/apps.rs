//! The demo tenant's service principals as data: the twenty of the listing,
//! in order, and the restricted app of the forbidden-app fault, each with its
//! jobs from [`super::jobs`]. [`super::build`] turns these specs into Graph
//! objects.
//!
//! The display names are a contract with the app's tests: keep them exact
//! (`tests/sameness.rs` pins every answer built from them).

use super::build::{AppSpec, JobSpec, Provisioning, Registration};
use super::jobs::{
    API_INBOUND, AWS, BOX, CLOUD_SYNC_PASSWORD_HASH, CLOUD_SYNC_PROVISIONING, DATABRICKS, FABRIKAM,
    GOOGLE, PAYROLL, SALESFORCE, SERVICENOW, SLACK, WORKDAY, ZENDESK,
};

/// Application template of Microsoft Entra Cloud Sync, see
/// <https://learn.microsoft.com/en-us/entra/identity/hybrid/cloud-sync/how-to-inbound-synch-ms-graph>.
pub(crate) const CLOUD_SYNC_TEMPLATE_ID: &str = "1a4721b3-e57f-4451-ae87-ef078703ec94";

const fn gallery(
    name: &'static str,
    sso: &'static str,
    provisioning: Provisioning,
    jobs: &'static [JobSpec],
) -> AppSpec {
    AppSpec {
        name,
        registration: Registration::Gallery {
            sso,
            template_id: None,
        },
        provisioning,
        jobs,
    }
}

const fn first_party(name: &'static str, app_id: &'static str, uri: &'static str) -> AppSpec {
    AppSpec {
        name,
        registration: Registration::FirstParty { app_id, uri },
        provisioning: Provisioning::None,
        jobs: &[],
    }
}

const fn own_app(
    name: &'static str,
    sso: Option<&'static str>,
    provisioning: Provisioning,
) -> AppSpec {
    AppSpec {
        name,
        registration: Registration::OwnApp { sso },
        provisioning,
        jobs: &[],
    }
}

/// The demo tenant's service principals, in listing order.
pub(crate) const APPS: [AppSpec; 20] = [
    first_party(
        "Microsoft Graph",
        "00000003-0000-0000-c000-000000000000",
        "https://graph.microsoft.com",
    ),
    gallery(
        "Salesforce Sandbox",
        "saml",
        Provisioning::Gallery("SfSandboxOutDelta"),
        &[SALESFORCE],
    ),
    first_party(
        "Office 365 Exchange Online",
        "00000002-0000-0ff1-ce00-000000000000",
        "https://outlook.office365.com",
    ),
    gallery(
        "ServiceNow",
        "saml",
        Provisioning::Gallery("ServiceNowOutDelta"),
        &[SERVICENOW],
    ),
    gallery(
        "Contoso HR (Workday)",
        "saml",
        Provisioning::Workday,
        &[WORKDAY],
    ),
    own_app("Contoso Expenses", Some("oidc"), Provisioning::CustomScim),
    gallery("Slack", "saml", Provisioning::Gallery("slack"), &[SLACK]),
    gallery(
        "Fabrikam cross-tenant sync",
        "",
        Provisioning::CrossTenant,
        &[FABRIKAM],
    ),
    first_party(
        "Office 365 SharePoint Online",
        "00000003-0000-0ff1-ce00-000000000000",
        "https://microsoft.sharepoint-df.com",
    ),
    gallery(
        "Google Workspace",
        "saml",
        Provisioning::Gallery("gsuite"),
        &[GOOGLE],
    ),
    gallery(
        "Zendesk",
        "saml",
        Provisioning::Gallery("zendesk"),
        &[ZENDESK],
    ),
    own_app("Contoso Intranet", Some("oidc"), Provisioning::CustomScim),
    gallery("Box", "saml", Provisioning::Gallery("BoxOutDelta"), &[BOX]),
    gallery(
        "Amazon Web Services (AWS)",
        "saml",
        Provisioning::Gallery("aws"),
        &[AWS],
    ),
    gallery(
        "Dropbox Business",
        "saml",
        Provisioning::Gallery("DropboxSCIMOutDelta"),
        &[],
    ),
    AppSpec {
        name: "Contoso Cloud Sync",
        registration: Registration::Gallery {
            sso: "",
            template_id: Some(CLOUD_SYNC_TEMPLATE_ID),
        },
        provisioning: Provisioning::CloudSync,
        jobs: &[CLOUD_SYNC_PROVISIONING, CLOUD_SYNC_PASSWORD_HASH],
    },
    gallery(
        "Contoso HRIS (API-driven inbound)",
        "",
        Provisioning::ApiInbound,
        &[API_INBOUND],
    ),
    gallery(
        "Atlassian Cloud",
        "saml",
        Provisioning::Gallery("atlassianCloud"),
        &[],
    ),
    gallery(
        "Databricks",
        "saml",
        Provisioning::Gallery("dataBricks"),
        &[DATABRICKS],
    ),
    own_app("syncdeck", None, Provisioning::None),
];

/// The app of the forbidden-app fault: a healthy SCIM job.
pub(crate) const RESTRICTED: AppSpec = AppSpec {
    jobs: &[PAYROLL],
    ..own_app(
        super::RESTRICTED_APP,
        Some("saml"),
        Provisioning::CustomScim,
    )
};
