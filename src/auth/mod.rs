//! Where bearer tokens come from. This module is the only place that talks to MSAL (through the
//! one extern block of [`msal`]); the Graph client only asks a [`TokenSource`] for a token of a
//! [`TokenKind`].

pub mod msal;

use crate::config::{AuthConfig, RuntimeConfig};
use leptos::prelude::*;
use msal::{MsalError, MsalState};
use std::fmt;
use std::sync::Arc;

pub use syncdeck_core::AuthError;
pub use syncdeck_core::config::{TokenKind, msal_config_json, scopes_for};

/// A sign-in that only the admin's click can complete.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignInNeed {
    /// The scopes the interactive call asks for.
    pub scopes: Vec<String>,
    /// Why (MSAL's error).
    pub error: MsalError,
}

/// The MSAL session of the app: its accounts and what it needs from the admin.
#[derive(Clone)]
pub struct MsalSession {
    /// The accounts MSAL knows (the header shows the active one).
    pub state: RwSignal<MsalState>,
    /// Set when a token needs an interactive sign-in ("Sign in again").
    pub needs_sign_in: RwSignal<Option<SignInNeed>>,
    /// True while an interactive call runs (they are serialised app-wide).
    pub interacting: RwSignal<bool>,
    /// Interactive calls open a popup instead of redirecting the page.
    pub popup: bool,
    config: Arc<RuntimeConfig>,
}

impl MsalSession {
    /// A session for `config`'s cloud: scopes are qualified with the cloud's Graph resource
    /// (`https://graph.microsoft.com` for `global`), also when `graphBaseUrl` points elsewhere
    /// (the emulator, a proxy): the token is for Graph wherever the requests go.
    pub fn new(config: &RuntimeConfig, state: MsalState) -> MsalSession {
        let popup = matches!(config.auth, AuthConfig::Msal { popup: true, .. });
        MsalSession {
            state: RwSignal::new(state),
            needs_sign_in: RwSignal::new(None),
            interacting: RwSignal::new(false),
            popup,
            config: Arc::new(config.clone()),
        }
    }

    /// The scopes of a token kind.
    pub fn scopes(&self, kind: TokenKind) -> Vec<String> {
        scopes_for(&self.config, kind)
    }

    /// Runs an interactive call from the admin's click (never from a timer): sign in, consent,
    /// or add an account. Ignored while another one runs.
    pub async fn interact(&self, scopes: Vec<String>, prompt: &str) -> Result<(), MsalError> {
        if self.interacting.get_untracked() {
            return Ok(());
        }
        self.interacting.set(true);
        let result = msal::interactive(self.popup, &scopes, prompt).await;
        self.interacting.try_set(false);
        let state = result?;
        self.state.try_set(state);
        self.needs_sign_in.try_set(None);
        Ok(())
    }
}

/// Gives the Graph client a bearer token for each request.
#[derive(Clone)]
pub enum TokenSource {
    /// Token mode (local emulator, tests): the configured token, sent as it is.
    Static(Arc<str>),
    /// MSAL.js: silent tokens; an interaction-required error asks the admin to sign in again.
    Msal(MsalSession),
}

impl fmt::Debug for TokenSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TokenSource::Static(_) => f.write_str("TokenSource::Static(<redacted>)"),
            TokenSource::Msal(_) => f.write_str("TokenSource::Msal"),
        }
    }
}

impl TokenSource {
    /// A bearer token for the next Graph request; `renew` asks MSAL for a fresh one (after a 401).
    pub async fn token(&self, kind: TokenKind, renew: bool) -> Result<Arc<str>, AuthError> {
        match self {
            TokenSource::Static(t) => Ok(t.clone()),
            TokenSource::Msal(session) => {
                let scopes = session.scopes(kind);
                match msal::token_silent(&scopes, renew).await {
                    Ok(token) => Ok(Arc::from(token.as_str())),
                    Err(error) if error.interaction_required => {
                        session.needs_sign_in.try_set(Some(SignInNeed {
                            scopes,
                            error: error.clone(),
                        }));
                        Err(AuthError::InteractionRequired(error))
                    }
                    Err(error) => Err(AuthError::Msal(error)),
                }
            }
        }
    }
}
