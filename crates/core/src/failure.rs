//! What can go wrong with a Graph call or a token, in words an admin can act on:
//! [`GraphFailure`], with [`AuthError`] and MSAL's [`MsalError`] inside it.

use serde::Deserialize;
use syncdeck_graph::GraphError;
use syncdeck_graph::hints::{self, Hint, Operation};
use syncdeck_graph::request::RequestError;
use syncdeck_i18n::{t, tf};

/// Everything that can go wrong with a Graph call, in words an admin can act on.
#[derive(Debug, Clone, PartialEq)]
pub enum GraphFailure {
    /// Graph answered with an error status, or did not answer at all (status 0,
    /// `NetworkError`); keeps code, message, `request-id` and the rest.
    Graph {
        /// The error as Graph (or the browser) reported it.
        error: GraphError,
        /// What was being done, for the hint.
        operation: Operation,
        /// The `Retry-After` (seconds) of a throttled answer, when it could be read: the
        /// throttling hint says how long to wait, and the auto-refresh waits at least that.
        retry_after_secs: Option<u64>,
    },
    /// Graph answered 2xx with a body syncdeck could not read.
    Unreadable(String),
    /// No token.
    Auth(AuthError),
    /// An id syncdeck refuses to put in a URL.
    Request(RequestError),
    /// Graph sent a next-page link to another host; syncdeck does not send the token there.
    ForeignLink(String),
    /// Cancelled (the page was left).
    Aborted,
}

impl std::fmt::Display for GraphFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GraphFailure::Graph { error, .. } => error.fmt(f),
            GraphFailure::Unreadable(why) => f.write_str(&tf!(
                "Microsoft Graph answered with a body syncdeck could not read: {why}",
                why = why
            )),
            GraphFailure::Auth(e) => e.fmt(f),
            GraphFailure::Request(e) => e.fmt(f),
            GraphFailure::ForeignLink(host) => f.write_str(&tf!(
                "Microsoft Graph sent a next-page link to another host ({host}); it was not followed",
                host = host
            )),
            GraphFailure::Aborted => f.write_str(t!("cancelled")),
        }
    }
}

impl std::error::Error for GraphFailure {}

impl GraphFailure {
    /// A Graph error of `operation`, without a `Retry-After`.
    pub fn graph(error: GraphError, operation: Operation) -> GraphFailure {
        GraphFailure::Graph {
            error,
            operation,
            retry_after_secs: None,
        }
    }

    /// The Graph error, when there is one.
    pub fn graph_error(&self) -> Option<&GraphError> {
        match self {
            GraphFailure::Graph { error, .. } => Some(error),
            _ => None,
        }
    }

    /// The HTTP status Graph answered, when it answered (0 for no answer).
    pub fn status(&self) -> Option<u16> {
        self.graph_error().map(|e| e.status)
    }

    /// The `Retry-After` of a throttled answer, in seconds, when it could be read.
    pub fn retry_after_secs(&self) -> Option<u64> {
        match self {
            GraphFailure::Graph {
                retry_after_secs, ..
            } => *retry_after_secs,
            _ => None,
        }
    }

    /// What the admin should do about it (from the hint table of `syncdeck-graph`; MSAL errors
    /// by their `errorCode`).
    pub fn hint(&self, template_id: Option<&str>) -> Option<Hint> {
        match self {
            GraphFailure::Graph {
                error,
                operation,
                retry_after_secs,
            } => Some(hints::hint_with_retry_after(
                error,
                *operation,
                template_id,
                *retry_after_secs,
            )),
            GraphFailure::Auth(e) => Some(hints::hint_for_msal(e.error_code())),
            _ => None,
        }
    }
}

/// An MSAL error, by its `errorCode` (v5's messages are only links).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, thiserror::Error)]
#[serde(rename_all = "camelCase")]
#[error("{error_code}: {message}")]
pub struct MsalError {
    /// MSAL's `errorCode`, e.g. `interaction_required`, `popup_window_error`.
    #[serde(default)]
    pub error_code: String,
    /// MSAL's message (often a docs link).
    #[serde(default)]
    pub message: String,
    /// True when only an interactive call (from a click) can get a token.
    #[serde(default)]
    pub interaction_required: bool,
}

/// Why no token could be had.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthError {
    /// Only an interactive sign-in (the "Sign in again" button) can get this token.
    InteractionRequired(MsalError),
    /// MSAL failed otherwise.
    Msal(MsalError),
}

impl std::fmt::Display for AuthError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&match self {
            AuthError::InteractionRequired(e) => tf!(
                "sign-in needed ({code}): use \"Sign in again\"",
                code = e.error_code
            ),
            AuthError::Msal(e) => tf!("MSAL error {error}", error = e),
        })
    }
}

impl std::error::Error for AuthError {}

impl AuthError {
    /// MSAL's `errorCode`, for the hint table.
    pub fn error_code(&self) -> &str {
        match self {
            AuthError::InteractionRequired(e) | AuthError::Msal(e) => &e.error_code,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_readable_retry_after_reaches_the_throttling_hint() {
        let error = GraphError::from_response(429, r#"{"error":{"code":"TooManyRequests"}}"#);
        let plain = GraphFailure::graph(error.clone(), Operation::ListJobs);
        assert_eq!(plain.hint(None).unwrap().retry_after_secs, None);
        let timed = GraphFailure::Graph {
            error,
            operation: Operation::ListJobs,
            retry_after_secs: Some(17),
        };
        let hint = timed.hint(None).unwrap();
        assert_eq!(hint.retry_after_secs, Some(17));
        assert!(hint.action.contains("17"), "{}", hint.action);
        assert_eq!(timed.status(), Some(429));
        assert_eq!(GraphFailure::Aborted.status(), None);
    }

    #[test]
    fn msal_errors_are_hinted_by_their_code() {
        let e = AuthError::InteractionRequired(MsalError {
            error_code: "interaction_required".into(),
            message: String::new(),
            interaction_required: true,
        });
        assert_eq!(e.error_code(), "interaction_required");
        assert!(e.to_string().contains("Sign in again"));
        assert!(GraphFailure::Auth(e).hint(None).is_some());
    }
}
