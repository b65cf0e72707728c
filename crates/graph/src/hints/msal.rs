//! The MSAL table: MSAL `errorCode` → hint ([`MSAL_HINT_ROWS`],
//! [`hint_for_msal`]).

use super::{Hint, HintKind};
use syncdeck_i18n::{n_, t, tf, tr};

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

/// MSAL `errorCode` → hint (the codes of
/// <https://learn.microsoft.com/en-us/entra/identity-platform/msal-error-handling-js>).
/// Add new codes here.
pub const MSAL_HINT_ROWS: &[MsalHintRow] = &[
    MsalHintRow {
        codes: &["consent_required"],
        kind: HintKind::ConsentRequired,
        title: n_!("Admin consent needed"),
        action: n_!(
            "The app's permissions have not been consented to. Ask an administrator to \
                 grant admin consent to the app registration, then sign in again."
        ),
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
        title: n_!("Sign in again"),
        action: n_!("Your session has expired or needs confirmation. Select \"Sign in again\"."),
    },
    MsalHintRow {
        codes: &["user_cancelled"],
        kind: HintKind::UserCancelled,
        title: n_!("Sign-in cancelled"),
        action: n_!(
            "The sign-in window was closed before signing in finished. Select \"Sign in\" \
                 to try again."
        ),
    },
    MsalHintRow {
        codes: &["popup_window_error", "empty_window_error"],
        kind: HintKind::PopupBlocked,
        title: n_!("Sign-in window blocked"),
        action: n_!(
            "The browser blocked the sign-in popup. Allow popups for this site, or sign in \
                 with a redirect instead."
        ),
    },
    MsalHintRow {
        codes: &["interaction_in_progress"],
        kind: HintKind::InteractionInProgress,
        title: n_!("Sign-in already in progress"),
        action: n_!(
            "Another sign-in is still open (perhaps in another window or tab). Finish or \
                 close it, then try again."
        ),
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
            title: tr(row.title).to_owned(),
            action: tr(row.action).to_owned(),
            retry_after_secs: None,
        },
        None => Hint {
            kind: HintKind::Other,
            title: t!("Sign-in failed").to_owned(),
            action: tf!(
                "Signing in failed (MSAL error {code}). Try again; if it persists, see {url}",
                url = "https://aka.ms/msal.js.errors",
                code = if code.is_empty() {
                    t!("without a code")
                } else {
                    code
                }
            ),
            retry_after_secs: None,
        },
    }
}
