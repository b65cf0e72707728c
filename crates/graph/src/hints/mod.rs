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
//!
//! - `operation`: [`Operation`], with its permissions and roles.
//! - `kind`: [`HintKind`] and [`Hint`].
//! - `table`: the Graph table, [`GRAPH_HINT_ROWS`] and [`hint_kind`].
//! - `words`: the words of each kind, [`hint_with_retry_after`].
//! - `msal`: the MSAL table, [`MSAL_HINT_ROWS`] and [`hint_for_msal`].

mod kind;
mod msal;
mod operation;
mod table;
mod words;

pub use kind::{Hint, HintKind};
pub use msal::{MSAL_HINT_ROWS, MsalHintRow, hint_for_msal};
pub use operation::{Grant, Operation};
pub use table::{
    GRAPH_HINT_ROWS, HintRow, INVALID_RESPONSE, NETWORK_ERROR, StatusMatch, hint_kind,
    network_error,
};
pub use words::{hint, hint_with_retry_after};
