//! What the app asks Microsoft Graph to do ([`Operation`]), with the
//! permissions and directory roles each operation needs.

use std::fmt;

use syncdeck_i18n::{n_, t};

use crate::template::{TemplateKind, template_kind};

/// The permission that reads jobs, templates and schemas.
const SYNC_READ: &[&str] = &["Synchronization.Read.All"];
/// The permission every synchronization write needs.
const SYNC_WRITE: &[&str] = &["Synchronization.ReadWrite.All"];
/// The permission that lists and reads service principals.
const APP_READ: &[&str] = &["Application.Read.All"];
/// Provisioning logs need both.
const LOGS_READ: &[&str] = &["AuditLog.Read.All", "Directory.Read.All"];
/// Reading a user's basic profile (id, name, user principal name)
/// (<https://learn.microsoft.com/en-us/graph/api/user-get?view=graph-rest-1.0>).
const USER_READ: &[&str] = &["User.ReadBasic.All"];
/// Reading a group and its members
/// (<https://learn.microsoft.com/en-us/graph/api/group-list-members?view=graph-rest-1.0>).
const GROUP_READ: &[&str] = &["GroupMember.Read.All"];

/// Roles that may manage app provisioning and HR-driven provisioning (the
/// Permissions section of every synchronization API page, e.g.
/// <https://learn.microsoft.com/en-us/graph/api/synchronization-synchronizationjob-start?view=graph-rest-1.0>).
const APP_ADMIN_ROLES: &[&str] = &[
    n_!("Application Administrator"),
    n_!("Cloud Application Administrator"),
];
/// The role Entra Cloud Sync needs (same pages as [`APP_ADMIN_ROLES`]).
const CLOUD_SYNC_ROLES: &[&str] = &[n_!("Hybrid Identity Administrator")];
/// Roles that may read provisioning logs
/// (<https://learn.microsoft.com/en-us/graph/api/provisioningobjectsummary-list?view=graph-rest-1.0>).
const LOGS_ROLES: &[&str] = &[
    n_!("Reports Reader"),
    n_!("Security Reader"),
    n_!("Security Administrator"),
    n_!("Security Operator"),
    n_!("Global Reader"),
    n_!("Application Administrator"),
    n_!("Cloud Application Administrator"),
];

/// Something the app asks Microsoft Graph to do (the operations of
/// <https://learn.microsoft.com/en-us/graph/api/resources/synchronization-overview?view=graph-rest-1.0>
/// that syncdeck uses, the service principal listing and the provisioning
/// logs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Operation {
    /// `GET /servicePrincipals` (the fleet scan's listing).
    ListServicePrincipals,
    /// `GET /servicePrincipals/{id}`.
    GetServicePrincipal,
    /// `GET …/synchronization/jobs`.
    ListJobs,
    /// `GET …/synchronization/jobs/{jobId}`.
    GetJob,
    /// `GET …/synchronization/templates`.
    ListTemplates,
    /// `GET …/jobs/{jobId}/schema`.
    GetSchema,
    /// `POST …/synchronization/jobs`.
    CreateJob,
    /// `POST …/jobs/{jobId}/start`.
    StartJob,
    /// `POST …/jobs/{jobId}/pause`.
    PauseJob,
    /// `POST …/jobs/{jobId}/restart`.
    RestartJob,
    /// `DELETE …/jobs/{jobId}`.
    DeleteJob,
    /// `POST …/jobs/{jobId}/provisionOnDemand`.
    ProvisionOnDemand,
    /// `POST …/jobs/{jobId}/validateCredentials` or
    /// `POST …/jobs/validateCredentials`.
    ValidateCredentials,
    /// `GET /auditLogs/provisioning`.
    ListProvisioningLogs,
    /// `PUT …/synchronization/secrets`.
    PutSecrets,
    /// `GET …/synchronization/secrets` (not documented as a method; community tools use it).
    GetSecrets,
    /// `PUT …/jobs/{jobId}/schema` (replaces the whole schema).
    PutSchema,
    /// `GET /users/{id or userPrincipalName}` (who to provision on demand).
    GetUser,
    /// `GET /groups/{id}` and `GET /groups/{id}/members`.
    ReadGroup,
    /// `POST /$batch`; `writes` is true when any request inside writes.
    /// Permissions and roles depend on the requests inside, so
    /// [`Operation::least_permission`] and [`Operation::directory_roles`] are
    /// empty for it: look at each sub-response instead.
    Batch {
        /// True when any request inside the batch is a write.
        writes: bool,
    },
}

impl Operation {
    /// Every operation (the batch twice: reads only, and with writes).
    pub const ALL: [Operation; 21] = [
        Operation::ListServicePrincipals,
        Operation::GetServicePrincipal,
        Operation::ListJobs,
        Operation::GetJob,
        Operation::ListTemplates,
        Operation::GetSchema,
        Operation::CreateJob,
        Operation::StartJob,
        Operation::PauseJob,
        Operation::RestartJob,
        Operation::DeleteJob,
        Operation::ProvisionOnDemand,
        Operation::ValidateCredentials,
        Operation::ListProvisioningLogs,
        Operation::PutSecrets,
        Operation::GetSecrets,
        Operation::PutSchema,
        Operation::GetUser,
        Operation::ReadGroup,
        Operation::Batch { writes: false },
        Operation::Batch { writes: true },
    ];

    /// True when the operation changes something (a job, its secrets) or may
    /// have effects (provisionOnDemand, validateCredentials), so it must never
    /// be retried unless Graph says it did not run (429).
    pub fn is_write(self) -> bool {
        match self {
            Operation::ListServicePrincipals
            | Operation::GetServicePrincipal
            | Operation::ListJobs
            | Operation::GetJob
            | Operation::ListTemplates
            | Operation::GetSchema
            | Operation::GetSecrets
            | Operation::ListProvisioningLogs
            | Operation::GetUser
            | Operation::ReadGroup => false,
            Operation::CreateJob
            | Operation::StartJob
            | Operation::PauseJob
            | Operation::RestartJob
            | Operation::DeleteJob
            | Operation::ProvisionOnDemand
            | Operation::ValidateCredentials
            | Operation::PutSecrets
            | Operation::PutSchema => true,
            Operation::Batch { writes } => writes,
        }
    }

    /// True for the operations under `/servicePrincipals/{id}/synchronization`.
    pub fn is_synchronization(self) -> bool {
        !matches!(
            self,
            Operation::ListServicePrincipals
                | Operation::GetServicePrincipal
                | Operation::ListProvisioningLogs
                | Operation::GetUser
                | Operation::ReadGroup
                | Operation::Batch { .. }
        )
    }

    /// The least-privileged delegated permissions the operation needs, all of
    /// them together: `Synchronization.Read.All` for reads of jobs, templates
    /// and schemas; `Synchronization.ReadWrite.All` for every write;
    /// `Application.Read.All` for service principals; `AuditLog.Read.All` and
    /// `Directory.Read.All` for provisioning logs. Empty for a batch. Source:
    /// the Permissions section of each operation's page, e.g.
    /// <https://learn.microsoft.com/en-us/graph/api/synchronization-synchronizationjob-get?view=graph-rest-1.0>.
    pub fn least_permission(self) -> &'static [&'static str] {
        match self {
            Operation::ListServicePrincipals | Operation::GetServicePrincipal => APP_READ,
            Operation::ListJobs
            | Operation::GetJob
            | Operation::ListTemplates
            | Operation::GetSchema => SYNC_READ,
            Operation::ListProvisioningLogs => LOGS_READ,
            Operation::GetUser => USER_READ,
            Operation::ReadGroup => GROUP_READ,
            Operation::Batch { .. } => &[],
            _ => SYNC_WRITE,
        }
    }

    /// The directory roles (any one of them) a signed-in admin needs in
    /// delegated mode: Application Administrator or Cloud Application
    /// Administrator for provisioning jobs, Hybrid Identity Administrator when
    /// `template_id` is a Cloud Sync template (`AD2AADProvisioning`,
    /// `AD2AADPasswordHash`; a job id works too), the report readers for
    /// provisioning logs. Empty for listing service principals (any member of
    /// the directory may) and for a batch. Sources: the Permissions section of
    /// the operation's page, e.g.
    /// <https://learn.microsoft.com/en-us/graph/api/synchronization-synchronizationjob-start?view=graph-rest-1.0>
    /// and <https://learn.microsoft.com/en-us/graph/api/provisioningobjectsummary-list?view=graph-rest-1.0>.
    pub fn directory_roles(self, template_id: Option<&str>) -> &'static [&'static str] {
        match self {
            Operation::ListServicePrincipals
            | Operation::GetServicePrincipal
            | Operation::GetUser
            | Operation::ReadGroup
            | Operation::Batch { .. } => &[],
            Operation::ListProvisioningLogs => LOGS_ROLES,
            _ if template_id.map(template_kind) == Some(TemplateKind::CloudSync) => {
                CLOUD_SYNC_ROLES
            }
            _ => APP_ADMIN_ROLES,
        }
    }

    /// Which token the operation needs ([`Grant`]): least privilege, each extra permission asked
    /// for only when an operation that needs it is first attempted.
    pub fn grant(self) -> Grant {
        match self {
            Operation::ListProvisioningLogs => Grant::Logs,
            Operation::GetUser | Operation::ReadGroup => Grant::People,
            // The saved settings sit with the credentials: asked with the write grant, as the
            // PUT that follows needs it anyway.
            Operation::GetSecrets => Grant::Write,
            op if op.is_write() => Grant::Write,
            _ => Grant::Read,
        }
    }

    /// What the operation does, as the end of "Microsoft Graph refused to …",
    /// e.g. `"start the job"`.
    pub fn describe(self) -> &'static str {
        match self {
            Operation::ListServicePrincipals => t!("list the service principals"),
            Operation::GetServicePrincipal => t!("read the service principal"),
            Operation::ListJobs => t!("list the provisioning jobs of the app"),
            Operation::GetJob => t!("read the provisioning job"),
            Operation::ListTemplates => t!("list the provisioning templates of the app"),
            Operation::GetSchema => t!("read the job's schema"),
            Operation::CreateJob => t!("create the provisioning job"),
            Operation::StartJob => t!("start the job"),
            Operation::PauseJob => t!("pause the job"),
            Operation::RestartJob => t!("restart the job"),
            Operation::DeleteJob => t!("delete the job"),
            Operation::ProvisionOnDemand => t!("provision on demand"),
            Operation::ValidateCredentials => t!("validate the credentials"),
            Operation::ListProvisioningLogs => t!("read the provisioning logs"),
            Operation::PutSecrets => t!("save the app's credentials"),
            Operation::GetSecrets => t!("read the app's provisioning settings"),
            Operation::PutSchema => t!("replace the job's schema"),
            Operation::GetUser => t!("read the user"),
            Operation::ReadGroup => t!("read the group and its members"),
            Operation::Batch { .. } => t!("run the batch of requests"),
        }
    }
}

/// The token an operation needs: the read permissions, plus what the operation adds. Each grant
/// is asked for the first time an operation needs it (never at sign-in), so an admin who only
/// looks at the fleet never consents to more than reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Grant {
    /// Jobs and service principals, read ([`crate::cloud::READ_PERMISSIONS`]).
    Read,
    /// Plus `Synchronization.ReadWrite.All`: start, pause, restart, create, delete, provision on
    /// demand.
    Write,
    /// Plus `AuditLog.Read.All` and `Directory.Read.All`: the provisioning logs.
    Logs,
    /// Plus `User.ReadBasic.All` and `GroupMember.Read.All`: who to provision on demand.
    People,
}

impl Grant {
    /// The delegated permissions this grant adds to the read permissions.
    pub fn extra_permissions(self) -> &'static [&'static str] {
        match self {
            Grant::Read => &[],
            Grant::Write => SYNC_WRITE,
            Grant::Logs => LOGS_READ,
            Grant::People => &["User.ReadBasic.All", "GroupMember.Read.All"],
        }
    }
}

impl fmt::Display for Operation {
    /// Writes [`Operation::describe`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.describe())
    }
}
