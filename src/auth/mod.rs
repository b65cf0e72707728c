//! Where bearer tokens come from. This module is the only place that will talk to MSAL (issue 7:
//! one extern block over a small JS shim); the Graph client only asks a [`TokenSource`].

use crate::config::{AuthConfig, RuntimeConfig};
use std::fmt;
use std::sync::Arc;

/// Gives the Graph client a bearer token for each request.
#[derive(Clone)]
pub enum TokenSource {
    /// Token mode (local emulator, tests): the configured token, sent as it is.
    Static(Arc<str>),
}

impl fmt::Debug for TokenSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TokenSource::Static(_) => f.write_str("TokenSource::Static(<redacted>)"),
        }
    }
}

/// Why no token could be had.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuthError {
    /// MSAL sign-in is configured but not available in this build.
    #[error(
        "sign-in with MSAL (auth.mode \"msal\") is not available in this build yet; \
         use the local emulator (`cargo xtask demo`) for now"
    )]
    MsalNotAvailable,
}

impl TokenSource {
    /// The token source the configuration asks for.
    pub fn from_config(config: &RuntimeConfig) -> Result<TokenSource, AuthError> {
        match &config.auth {
            AuthConfig::Token { token } => Ok(TokenSource::Static(Arc::from(token.as_str()))),
            AuthConfig::Msal { .. } => Err(AuthError::MsalNotAvailable),
        }
    }

    /// A bearer token for the next Graph request.
    pub async fn token(&self) -> Result<Arc<str>, AuthError> {
        match self {
            TokenSource::Static(t) => Ok(t.clone()),
        }
    }
}
