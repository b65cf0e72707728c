//! What an admin should do about a failure: one table from Graph error codes
//! and HTTP statuses (and, in [`hint_for_msal`], MSAL `errorCode`s) to the
//! hint the admin reads.
//!
//! The Graph table is [`GRAPH_HINT_ROWS`]: rows of (status, codes) →
//! [`HintKind`], read top to bottom, the first match wins. The words of each
//! kind are written once, in [`hint_with_retry_after`], and name what the
//! [`Operation`] needs: its least-privileged permission
//! ([`Operation::least_permission`]) and the directory roles a signed-in admin
//! needs ([`Operation::directory_roles`]). MSAL errors have their own table,
//! [`MSAL_HINT_ROWS`], keyed by MSAL's `errorCode` (branch on it, never on
//! the message, which MSAL v5 reduces to a docs link).
//!
//! To teach the app a new error: add a row (and, if no kind fits, a
//! [`HintKind`] with its words); never match on a message.

use std::fmt;

use crate::error::GraphError;
use crate::template::{TemplateKind, template_kind};

/// The permission that reads jobs, templates and schemas.
const SYNC_READ: &[&str] = &["Synchronization.Read.All"];
/// The permission every synchronization write needs.
const SYNC_WRITE: &[&str] = &["Synchronization.ReadWrite.All"];
/// The permission that lists and reads service principals.
const APP_READ: &[&str] = &["Application.Read.All"];
/// Provisioning logs need both.
const LOGS_READ: &[&str] = &["AuditLog.Read.All", "Directory.Read.All"];

/// Roles that may manage app provisioning and HR-driven provisioning
/// (reference §3.2).
const APP_ADMIN_ROLES: &[&str] = &[
    "Application Administrator",
    "Cloud Application Administrator",
];
/// The role Entra Cloud Sync needs (reference §3.2).
const CLOUD_SYNC_ROLES: &[&str] = &["Hybrid Identity Administrator"];
/// Roles that may read provisioning logs (reference §3.2).
const LOGS_ROLES: &[&str] = &[
    "Reports Reader",
    "Security Reader",
    "Security Administrator",
    "Security Operator",
    "Global Reader",
    "Application Administrator",
    "Cloud Application Administrator",
];

/// Something the app asks Microsoft Graph to do (reference table 1.1).
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
    pub const ALL: [Operation; 17] = [
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
            | Operation::ListProvisioningLogs => false,
            Operation::CreateJob
            | Operation::StartJob
            | Operation::PauseJob
            | Operation::RestartJob
            | Operation::DeleteJob
            | Operation::ProvisionOnDemand
            | Operation::ValidateCredentials
            | Operation::PutSecrets => true,
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
                | Operation::Batch { .. }
        )
    }

    /// The least-privileged delegated permissions the operation needs, all of
    /// them together (reference §3.1): `Synchronization.Read.All` for reads
    /// of jobs, templates and schemas; `Synchronization.ReadWrite.All` for
    /// every write; `Application.Read.All` for service principals;
    /// `AuditLog.Read.All` and `Directory.Read.All` for provisioning logs.
    /// Empty for a batch.
    pub fn least_permission(self) -> &'static [&'static str] {
        match self {
            Operation::ListServicePrincipals | Operation::GetServicePrincipal => APP_READ,
            Operation::ListJobs
            | Operation::GetJob
            | Operation::ListTemplates
            | Operation::GetSchema => SYNC_READ,
            Operation::ListProvisioningLogs => LOGS_READ,
            Operation::Batch { .. } => &[],
            _ => SYNC_WRITE,
        }
    }

    /// The directory roles (any one of them) a signed-in admin needs in
    /// delegated mode (reference §3.2): Application Administrator or Cloud
    /// Application Administrator for provisioning jobs, Hybrid Identity
    /// Administrator when `template_id` is a Cloud Sync template
    /// (`AD2AADProvisioning`, `AD2AADPasswordHash`; a job id works too), the
    /// report readers for provisioning logs. Empty for listing service
    /// principals (any member of the directory may) and for a batch.
    pub fn directory_roles(self, template_id: Option<&str>) -> &'static [&'static str] {
        match self {
            Operation::ListServicePrincipals
            | Operation::GetServicePrincipal
            | Operation::Batch { .. } => &[],
            Operation::ListProvisioningLogs => LOGS_ROLES,
            _ if template_id.map(template_kind) == Some(TemplateKind::CloudSync) => {
                CLOUD_SYNC_ROLES
            }
            _ => APP_ADMIN_ROLES,
        }
    }

    /// What the operation does, as the end of "Microsoft Graph refused to …",
    /// e.g. `"start the job"`.
    pub fn describe(self) -> &'static str {
        match self {
            Operation::ListServicePrincipals => "list the service principals",
            Operation::GetServicePrincipal => "read the service principal",
            Operation::ListJobs => "list the provisioning jobs of the app",
            Operation::GetJob => "read the provisioning job",
            Operation::ListTemplates => "list the provisioning templates of the app",
            Operation::GetSchema => "read the job's schema",
            Operation::CreateJob => "create the provisioning job",
            Operation::StartJob => "start the job",
            Operation::PauseJob => "pause the job",
            Operation::RestartJob => "restart the job",
            Operation::DeleteJob => "delete the job",
            Operation::ProvisionOnDemand => "provision on demand",
            Operation::ValidateCredentials => "validate the credentials",
            Operation::ListProvisioningLogs => "read the provisioning logs",
            Operation::PutSecrets => "save the app's credentials",
            Operation::Batch { .. } => "run the batch of requests",
        }
    }
}

impl fmt::Display for Operation {
    /// Writes [`Operation::describe`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.describe())
    }
}

/// What kind of trouble a failure is; each kind has its own words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HintKind {
    /// The request never got an answer (network down, blocked, CORS).
    Network,
    /// Conditional access asks for more claims: sign in interactively.
    ConditionalAccess,
    /// The token is missing, expired or not accepted: sign in again.
    SignInAgain,
    /// A permission (scope) or a directory role is missing.
    MissingPermissionOrRole,
    /// Throttled (429): the request did not run; wait.
    Throttled,
    /// The object does not exist (deleted, or an appId used as an object id).
    NotFound,
    /// Someone else changed the object at the same time; retry in a moment.
    Conflict,
    /// An earlier request of the same batch failed (424).
    FailedDependency,
    /// Graph rejected the request (400): its message says why.
    BadRequest,
    /// Graph failed (5xx, or `UnknownError`): quote the request-id.
    ServiceError,
    /// None of the above.
    Other,
    /// MSAL: the user must sign in interactively (silent renewal failed).
    InteractionRequired,
    /// MSAL: an administrator must consent to the app's permissions.
    ConsentRequired,
    /// MSAL: the user closed the sign-in window.
    UserCancelled,
    /// MSAL: the browser blocked the sign-in popup.
    PopupBlocked,
    /// MSAL: another sign-in is still in progress.
    InteractionInProgress,
}

/// The words an admin reads about a failure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hint {
    /// What kind of trouble this is.
    pub kind: HintKind,
    /// A short headline, e.g. "Permission or role missing".
    pub title: String,
    /// What to do, in one or a few sentences that name the specific
    /// permission, role or wait.
    pub action: String,
    /// How long to wait before trying again, when known (throttling).
    pub retry_after_secs: Option<u64>,
}

/// Which HTTP statuses a row matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusMatch {
    /// Exactly this status.
    Is(u16),
    /// Any status in this inclusive range.
    Range(u16, u16),
    /// Any status.
    Any,
}

impl StatusMatch {
    /// True when `status` is matched.
    pub fn matches(self, status: u16) -> bool {
        match self {
            StatusMatch::Is(s) => s == status,
            StatusMatch::Range(lo, hi) => (lo..=hi).contains(&status),
            StatusMatch::Any => true,
        }
    }
}

/// One row of [`GRAPH_HINT_ROWS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HintRow {
    /// The statuses the row applies to.
    pub status: StatusMatch,
    /// The error codes (`error.code` or `innerError.code`, ignoring ASCII
    /// case) the row applies to; empty means any code.
    pub codes: &'static [&'static str],
    /// The hint to give.
    pub kind: HintKind,
}

/// The code given to failures that never reached Graph (see
/// [`network_error`]).
pub const NETWORK_ERROR: &str = "NetworkError";

/// The code given to answers that came back but could not be read (a 200
/// whose body is not what the operation returns, a proxy's page).
pub const INVALID_RESPONSE: &str = "InvalidResponse";

/// Graph failures → hint kinds, first match wins.
pub const GRAPH_HINT_ROWS: &[HintRow] = &[
    // No answer at all (status 0 is what `fetch` gives for a network error).
    HintRow {
        status: StatusMatch::Is(0),
        codes: &[],
        kind: HintKind::Network,
    },
    HintRow {
        status: StatusMatch::Any,
        codes: &[NETWORK_ERROR],
        kind: HintKind::Network,
    },
    // Conditional access claims challenge (reference §4.1).
    HintRow {
        status: StatusMatch::Range(401, 403),
        codes: &["insufficient_claims"],
        kind: HintKind::ConditionalAccess,
    },
    // 401: InvalidAuthenticationToken, UnknownError with 401, anything.
    HintRow {
        status: StatusMatch::Is(401),
        codes: &[],
        kind: HintKind::SignInAgain,
    },
    // 403: Authorization_RequestDenied, Forbidden, AccessDenied, anything.
    HintRow {
        status: StatusMatch::Is(403),
        codes: &[],
        kind: HintKind::MissingPermissionOrRole,
    },
    HintRow {
        status: StatusMatch::Any,
        codes: &["TooManyRequests", "activityLimitReached"],
        kind: HintKind::Throttled,
    },
    HintRow {
        status: StatusMatch::Is(429),
        codes: &[],
        kind: HintKind::Throttled,
    },
    // 404: Request_ResourceNotFound, ResourceNotFound, itemNotFound, anything.
    HintRow {
        status: StatusMatch::Is(404),
        codes: &[],
        kind: HintKind::NotFound,
    },
    // 409: Directory_ConcurrencyViolation, conflict, anything.
    HintRow {
        status: StatusMatch::Is(409),
        codes: &[],
        kind: HintKind::Conflict,
    },
    HintRow {
        status: StatusMatch::Any,
        codes: &["Directory_ConcurrencyViolation"],
        kind: HintKind::Conflict,
    },
    HintRow {
        status: StatusMatch::Is(424),
        codes: &[],
        kind: HintKind::FailedDependency,
    },
    HintRow {
        status: StatusMatch::Is(400),
        codes: &[],
        kind: HintKind::BadRequest,
    },
    HintRow {
        status: StatusMatch::Range(500, 599),
        codes: &[],
        kind: HintKind::ServiceError,
    },
    // The sync backend's `UnknownError` (often with an empty message) on any
    // other status, and answers that could not be read.
    HintRow {
        status: StatusMatch::Any,
        codes: &[crate::error::UNKNOWN_ERROR, INVALID_RESPONSE],
        kind: HintKind::ServiceError,
    },
];

/// The first row of [`GRAPH_HINT_ROWS`] that matches `error`, or
/// [`HintKind::Other`].
pub fn hint_kind(error: &GraphError) -> HintKind {
    let code_is = |c: &str| {
        error.code.eq_ignore_ascii_case(c)
            || error
                .inner_code
                .as_deref()
                .is_some_and(|i| i.eq_ignore_ascii_case(c))
    };
    GRAPH_HINT_ROWS
        .iter()
        .find(|row| {
            row.status.matches(error.status)
                && (row.codes.is_empty() || row.codes.iter().any(|c| code_is(c)))
        })
        .map_or(HintKind::Other, |row| row.kind)
}

/// The hint for `error`, a failure of `op` on a job of template
/// `template_id` (a template id or a job id; it picks the Cloud Sync role).
/// Same as [`hint_with_retry_after`] without a `Retry-After`.
pub fn hint(error: &GraphError, op: Operation, template_id: Option<&str>) -> Hint {
    hint_with_retry_after(error, op, template_id, None)
}

/// The hint for `error`, a failure of `op`; `retry_after_secs` is the
/// `Retry-After` the caller could read (from the response headers, or from a
/// `$batch` sub-response), used by the throttling hint.
pub fn hint_with_retry_after(
    error: &GraphError,
    op: Operation,
    template_id: Option<&str>,
    retry_after_secs: Option<u64>,
) -> Hint {
    let kind = hint_kind(error);
    let what = op.describe();
    let support = support_reference(error);
    let (title, action) = match kind {
        HintKind::Network => (
            "Microsoft Graph could not be reached".to_owned(),
            format!(
                "The request to {what} got no answer. Check the network connection (and any \
                 proxy or browser extension that blocks graph.microsoft.com), then try again."
            ),
        ),
        HintKind::ConditionalAccess => (
            "Conditional access requires you to sign in again".to_owned(),
            "A conditional access policy of your organization needs more proof of who you are \
             (insufficient_claims). Sign in again interactively, then retry."
                .to_owned(),
        ),
        HintKind::SignInAgain => {
            let mut action = format!(
                "Microsoft Graph did not accept the sign-in token while trying to {what}: it \
                 has expired or was revoked. Sign in again."
            );
            if op.is_synchronization()
                && error.code.eq_ignore_ascii_case(crate::error::UNKNOWN_ERROR)
            {
                action.push_str(
                    " If this persists and the app uses the application permission \
                     Application.ReadWrite.OwnedBy, its service principal must be an owner of \
                     this enterprise app (the service principal): owning the app registration \
                     is not enough.",
                );
            }
            ("Sign in again".to_owned(), action)
        }
        HintKind::MissingPermissionOrRole => {
            let mut action = format!("Microsoft Graph refused to {what}. ");
            let perms = op.least_permission();
            let roles = op.directory_roles(template_id);
            match (perms.is_empty(), roles.is_empty()) {
                (false, false) => action.push_str(&format!(
                    "Either the app lacks the delegated permission {} (an administrator must \
                     grant admin consent), or your account lacks the directory role {}.",
                    join_and(perms),
                    join_or(roles)
                )),
                (false, true) => action.push_str(&format!(
                    "The app lacks the delegated permission {} (an administrator must grant \
                     admin consent), or your account may not read the directory.",
                    join_and(perms)
                )),
                _ => action.push_str(
                    "The app lacks a permission, or your account lacks a directory role.",
                ),
            }
            if op.is_synchronization() {
                action.push_str(" Owners of the enterprise app may also manage its provisioning.");
            }
            ("Permission or role missing".to_owned(), action)
        }
        HintKind::Throttled => (
            "Throttled by Microsoft Graph".to_owned(),
            match retry_after_secs {
                Some(s) => format!(
                    "Too many requests: the request to {what} did not run. Wait {} and try \
                     again.",
                    seconds(s)
                ),
                None => format!(
                    "Too many requests: the request to {what} did not run. Wait a moment and \
                     try again."
                ),
            },
        ),
        HintKind::NotFound => (
            "Not found".to_owned(),
            format!(
                "Microsoft Graph could not find what it needs to {what}: it may have been \
                 deleted, or an application (client) id was used where the service \
                 principal's object id is needed. Refresh and try again."
            ),
        ),
        HintKind::Conflict => (
            "Changed at the same time".to_owned(),
            format!(
                "Another change to the same object was in progress while trying to {what}. \
                 Wait a moment and try again."
            ),
        ),
        HintKind::FailedDependency => (
            "An earlier request failed".to_owned(),
            format!(
                "The request to {what} depended on an earlier request of the same batch, which \
                 failed. Fix that one first."
            ),
        ),
        HintKind::BadRequest => (
            "Request rejected".to_owned(),
            format!(
                "Microsoft Graph rejected the request to {what}: {}",
                error.message
            ),
        ),
        HintKind::ServiceError => (
            "Microsoft Graph service error".to_owned(),
            format!(
                "Microsoft Graph failed to {what} (HTTP {}, {}). Try again later; if it \
                 persists, open a support ticket and quote {support}.",
                error.status, error.code
            ),
        ),
        _ => (
            format!("Microsoft Graph answered HTTP {}", error.status),
            format!(
                "The request to {what} failed: {} ({}). If it persists, quote {support} to \
                 support.",
                error.message, error.code
            ),
        ),
    };
    Hint {
        kind,
        title,
        action,
        retry_after_secs: if kind == HintKind::Throttled {
            retry_after_secs
        } else {
            None
        },
    }
}

/// A GraphError for a request that got no HTTP answer (status 0, code
/// [`NETWORK_ERROR`]); `detail` says what the browser reported.
pub fn network_error(detail: &str) -> GraphError {
    let detail = detail.trim();
    GraphError {
        status: 0,
        code: NETWORK_ERROR.to_owned(),
        message: if detail.is_empty() {
            "The request got no answer from Microsoft Graph.".to_owned()
        } else {
            format!("The request got no answer from Microsoft Graph: {detail}")
        },
        request_id: None,
        client_request_id: None,
        date: None,
        inner_code: None,
    }
}

/// One row of [`MSAL_HINT_ROWS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MsalHintRow {
    /// MSAL `errorCode`s (exact, lower snake case) the row applies to.
    pub codes: &'static [&'static str],
    /// The kind of hint.
    pub kind: HintKind,
    /// The headline.
    pub title: &'static str,
    /// What to do.
    pub action: &'static str,
}

/// MSAL `errorCode` → hint (reference §7.4). Add new codes here.
pub const MSAL_HINT_ROWS: &[MsalHintRow] = &[
    MsalHintRow {
        codes: &["consent_required"],
        kind: HintKind::ConsentRequired,
        title: "Admin consent needed",
        action: "The app's permissions have not been consented to. Ask an administrator to \
                 grant admin consent to the app registration, then sign in again.",
    },
    MsalHintRow {
        codes: &[
            "interaction_required",
            "login_required",
            "no_tokens_found",
            "refresh_token_expired",
            "bad_token",
            "no_account_error",
        ],
        kind: HintKind::InteractionRequired,
        title: "Sign in again",
        action: "Your session has expired or needs confirmation. Select \"Sign in again\".",
    },
    MsalHintRow {
        codes: &["user_cancelled"],
        kind: HintKind::UserCancelled,
        title: "Sign-in cancelled",
        action: "The sign-in window was closed before signing in finished. Select \"Sign in\" \
                 to try again.",
    },
    MsalHintRow {
        codes: &["popup_window_error", "empty_window_error"],
        kind: HintKind::PopupBlocked,
        title: "Sign-in window blocked",
        action: "The browser blocked the sign-in popup. Allow popups for this site, or sign in \
                 with a redirect instead.",
    },
    MsalHintRow {
        codes: &["interaction_in_progress"],
        kind: HintKind::InteractionInProgress,
        title: "Sign-in already in progress",
        action: "Another sign-in is still open (perhaps in another window or tab). Finish or \
                 close it, then try again.",
    },
];

/// The hint for an MSAL `errorCode` (trimmed, ignoring ASCII case); an
/// unknown code gives a generic sign-in failure that names the code.
pub fn hint_for_msal(code: &str) -> Hint {
    let code = code.trim();
    match MSAL_HINT_ROWS
        .iter()
        .find(|row| row.codes.iter().any(|c| c.eq_ignore_ascii_case(code)))
    {
        Some(row) => Hint {
            kind: row.kind,
            title: row.title.to_owned(),
            action: row.action.to_owned(),
            retry_after_secs: None,
        },
        None => Hint {
            kind: HintKind::Other,
            title: "Sign-in failed".to_owned(),
            action: format!(
                "Signing in failed (MSAL error {}). Try again; if it persists, see \
                 https://aka.ms/msal.js.errors",
                if code.is_empty() {
                    "without a code"
                } else {
                    code
                }
            ),
            retry_after_secs: None,
        },
    }
}

/// `request-id … (date …)`, or a request for the time of the failure when
/// Graph sent no request-id.
fn support_reference(error: &GraphError) -> String {
    let mut out = match &error.request_id {
        Some(r) => format!("request-id {r}"),
        None => "the time of the failure (Graph sent no request-id)".to_owned(),
    };
    if let Some(c) = &error.client_request_id {
        out.push_str(&format!(", client-request-id {c}"));
    }
    if let Some(d) = &error.date {
        out.push_str(&format!(", date {d}"));
    }
    out
}

/// `"1 second"`, `"N seconds"`.
fn seconds(s: u64) -> String {
    if s == 1 {
        "1 second".to_owned()
    } else {
        format!("{s} seconds")
    }
}

/// `a`, `a and b`, `a, b and c`.
fn join_and(items: &[&str]) -> String {
    join(items, "and")
}

/// `a`, `a or b`, `a, b or c`.
fn join_or(items: &[&str]) -> String {
    join(items, "or")
}

fn join(items: &[&str], word: &str) -> String {
    match items.split_last() {
        None => String::new(),
        Some((last, [])) => (*last).to_owned(),
        Some((last, rest)) => format!("{} {word} {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins() {
        assert_eq!(join_or(&[]), "");
        assert_eq!(join_or(&["a"]), "a");
        assert_eq!(join_or(&["a", "b"]), "a or b");
        assert_eq!(join_and(&["a", "b", "c"]), "a, b and c");
    }
}
