//! The Graph table: HTTP status and error code → [`HintKind`]
//! ([`GRAPH_HINT_ROWS`], [`hint_kind`]), and the codes syncdeck gives to
//! failures Graph never answered ([`NETWORK_ERROR`], [`INVALID_RESPONSE`]).

use super::HintKind;
use crate::error::GraphError;
use syncdeck_i18n::{t, tf};

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
    // Conditional access claims challenge
    // (https://learn.microsoft.com/en-us/entra/identity-platform/claims-challenge).
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

/// A GraphError for a request that got no HTTP answer (status 0, code
/// [`NETWORK_ERROR`]); `detail` says what the browser reported.
pub fn network_error(detail: &str) -> GraphError {
    let detail = detail.trim();
    GraphError {
        status: 0,
        code: NETWORK_ERROR.to_owned(),
        message: if detail.is_empty() {
            t!("The request got no answer from Microsoft Graph.").to_owned()
        } else {
            tf!(
                "The request got no answer from Microsoft Graph: {detail}",
                detail = detail
            )
        },
        request_id: None,
        client_request_id: None,
        date: None,
        inner_code: None,
    }
}
