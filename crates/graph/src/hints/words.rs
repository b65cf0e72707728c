//! The words of each [`HintKind`] for a Graph failure ([`hint`],
//! [`hint_with_retry_after`]).

use super::{Hint, HintKind, Operation, hint_kind};
use crate::error::GraphError;
use syncdeck_i18n::{t, tf, tn, tr};

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
            t!("Microsoft Graph could not be reached").to_owned(),
            tf!(
                "The request to {what} got no answer. Check the network connection (and any \
                 proxy or browser extension that blocks graph.microsoft.com), then try again.",
                what = what
            ),
        ),
        HintKind::ConditionalAccess => (
            t!("Conditional access requires you to sign in again").to_owned(),
            t!(
                "A conditional access policy of your organization needs more proof of who you are \
                 (insufficient_claims). Sign in again interactively, then retry."
            )
            .to_owned(),
        ),
        HintKind::SignInAgain => {
            let mut action = tf!(
                "Microsoft Graph did not accept the sign-in token while trying to {what}: it \
                 has expired or was revoked. Sign in again.",
                what = what
            );
            if op.is_synchronization()
                && error.code.eq_ignore_ascii_case(crate::error::UNKNOWN_ERROR)
            {
                action.push_str(t!(
                    " If this persists and the app uses the application permission \
                     Application.ReadWrite.OwnedBy, its service principal must be an owner of \
                     this enterprise app (the service principal): owning the app registration \
                     is not enough."
                ));
            }
            (t!("Sign in again").to_owned(), action)
        }
        HintKind::MissingPermissionOrRole => {
            let mut action = tf!("Microsoft Graph refused to {what}. ", what = what);
            let perms = op.least_permission();
            let roles = op.directory_roles(template_id);
            match (perms.is_empty(), roles.is_empty()) {
                (false, false) => action.push_str(&tf!(
                    "Either the app lacks the delegated permission {permissions} (an administrator must \
                     grant admin consent), or your account lacks the directory role {roles}.",
                    permissions = join_and(perms),
                    roles = join_or(&translated(roles))
                )),
                (false, true) => action.push_str(&tf!(
                    "The app lacks the delegated permission {permissions} (an administrator must grant \
                     admin consent), or your account may not read the directory.",
                    permissions = join_and(perms)
                )),
                _ => action.push_str(t!(
                    "The app lacks a permission, or your account lacks a directory role."
                )),
            }
            if op.is_synchronization() {
                action.push_str(t!(
                    " Owners of the enterprise app may also manage its provisioning."
                ));
            }
            (t!("Permission or role missing").to_owned(), action)
        }
        HintKind::Throttled => (
            t!("Throttled by Microsoft Graph").to_owned(),
            match retry_after_secs {
                Some(s) => tf!(
                    "Too many requests: the request to {what} did not run. Wait {wait} and try \
                     again.",
                    what = what,
                    wait = seconds(s)
                ),
                None => tf!(
                    "Too many requests: the request to {what} did not run. Wait a moment and \
                     try again.",
                    what = what
                ),
            },
        ),
        HintKind::NotFound => (
            t!("Not found").to_owned(),
            tf!(
                "Microsoft Graph could not find what it needs to {what}: it may have been \
                 deleted, or an application (client) id was used where the service \
                 principal's object id is needed. Refresh and try again.",
                what = what
            ),
        ),
        HintKind::Conflict => (
            t!("Changed at the same time").to_owned(),
            tf!(
                "Another change to the same object was in progress while trying to {what}. \
                 Wait a moment and try again.",
                what = what
            ),
        ),
        HintKind::FailedDependency => (
            t!("An earlier request failed").to_owned(),
            tf!(
                "The request to {what} depended on an earlier request of the same batch, which \
                 failed. Fix that one first.",
                what = what
            ),
        ),
        HintKind::BadRequest => (
            t!("Request rejected").to_owned(),
            tf!(
                "Microsoft Graph rejected the request to {what}: {message}",
                what = what,
                message = error.message
            ),
        ),
        HintKind::ServiceError => (
            t!("Microsoft Graph service error").to_owned(),
            tf!(
                "Microsoft Graph failed to {what} (HTTP {status}, {code}). Try again later; if it \
                 persists, open a support ticket and quote {support}.",
                what = what,
                status = error.status,
                code = error.code,
                support = support
            ),
        ),
        _ => (
            tf!(
                "Microsoft Graph answered HTTP {status}",
                status = error.status
            ),
            tf!(
                "The request to {what} failed: {message} ({code}). If it persists, quote {support} to \
                 support.",
                what = what,
                message = error.message,
                code = error.code,
                support = support
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

/// `request-id … (date …)`, or a request for the time of the failure when
/// Graph sent no request-id.
fn support_reference(error: &GraphError) -> String {
    let mut out = match &error.request_id {
        Some(r) => format!("request-id {r}"),
        None => t!("the time of the failure (Graph sent no request-id)").to_owned(),
    };
    if let Some(c) = &error.client_request_id {
        out.push_str(&format!(", client-request-id {c}"));
    }
    if let Some(d) = &error.date {
        out.push_str(&tf!(", date {date}", date = d));
    }
    out
}

/// `"1 second"`, `"N seconds"`.
fn seconds(s: u64) -> String {
    tn!("{n} second", "{n} seconds", s)
}

/// The directory roles' names in the current language.
fn translated(roles: &[&'static str]) -> Vec<&'static str> {
    roles.iter().copied().map(tr).collect()
}

/// `a`, `a and b`, `a, b and c`.
fn join_and(items: &[&str]) -> String {
    join(items, false)
}

/// `a`, `a or b`, `a, b or c`.
fn join_or(items: &[&str]) -> String {
    join(items, true)
}

fn join(items: &[&str], or: bool) -> String {
    match items.split_last() {
        None => String::new(),
        Some((last, [])) => (*last).to_owned(),
        Some((last, rest)) => {
            let items = rest.join(t!(", "));
            if or {
                tf!("{items} or {last}", items = items, last = last)
            } else {
                tf!("{items} and {last}", items = items, last = last)
            }
        }
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
