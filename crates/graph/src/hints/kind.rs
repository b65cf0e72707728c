//! The kinds of trouble a failure can be ([`HintKind`]) and the words an
//! admin reads about one ([`Hint`]).

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
