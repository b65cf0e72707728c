//! Where bearer tokens come from. This module is the only place that talks to MSAL (through the
//! one extern block of [`msal`]); the Graph client only asks a [`TokenSource`] for a token of a
//! [`TokenKind`].

pub mod msal;

use crate::config::{AuthConfig, RuntimeConfig};
use leptos::prelude::*;
use msal::{MsalError, MsalState};
use std::fmt;
use std::sync::Arc;
use syncdeck_graph::cloud::token_scopes;

/// What the token is for: least privilege until a write is attempted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Reading jobs and service principals.
    Read,
    /// Start, pause, restart, create, delete.
    Write,
}

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
    read_scopes: Arc<[String]>,
    write_scopes: Arc<[String]>,
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
            read_scopes: scopes_for(config, TokenKind::Read).into(),
            write_scopes: scopes_for(config, TokenKind::Write).into(),
        }
    }

    /// The scopes of a token kind.
    pub fn scopes(&self, kind: TokenKind) -> Vec<String> {
        match kind {
            TokenKind::Read => self.read_scopes.to_vec(),
            TokenKind::Write => self.write_scopes.to_vec(),
        }
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

/// The scopes of a token kind for `config`: qualified with the cloud's Graph resource, never with
/// `graphBaseUrl` (a token is for Graph, whichever host relays the requests).
pub fn scopes_for(config: &RuntimeConfig, kind: TokenKind) -> Vec<String> {
    token_scopes(config.cloud.graph_host(), kind == TokenKind::Write)
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

/// Why no token could be had.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuthError {
    /// Only an interactive sign-in (the "Sign in again" button) can get this token.
    #[error("sign-in needed ({}): use \"Sign in again\"", .0.error_code)]
    InteractionRequired(MsalError),
    /// MSAL failed otherwise.
    #[error("MSAL error {}", .0)]
    Msal(MsalError),
}

impl AuthError {
    /// MSAL's `errorCode`, for the hint table.
    pub fn error_code(&self) -> &str {
        match self {
            AuthError::InteractionRequired(e) | AuthError::Msal(e) => &e.error_code,
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

/// The MSAL configuration object the shim builds `PublicClientApplication` from, with the
/// redirect URIs made absolute against `origin`.
pub fn msal_config_json(config: &RuntimeConfig, origin: &str) -> Option<String> {
    let AuthConfig::Msal {
        client_id,
        authority,
        redirect_uri,
        cache_location,
        known_authorities,
        authority_metadata,
        cloud_discovery_metadata,
        protocol_mode,
        ..
    } = &config.auth
    else {
        return None;
    };
    let absolute = |uri: &str| {
        if uri.starts_with("https://") || uri.starts_with("http://") {
            uri.to_string()
        } else {
            format!(
                "{}/{}",
                origin.trim_end_matches('/'),
                uri.trim_start_matches('/')
            )
        }
    };
    Some(
        serde_json::json!({
            "clientId": client_id,
            "authority": authority,
            "redirectUri": absolute(redirect_uri),
            "postLogoutRedirectUri": absolute("/"),
            "cacheLocation": cache_location,
            "knownAuthorities": known_authorities,
            "authorityMetadata": authority_metadata,
            "cloudDiscoveryMetadata": cloud_discovery_metadata,
            "protocolMode": protocol_mode.as_str(),
        })
        .to_string(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::parse_config;

    #[test]
    fn the_msal_configuration_has_absolute_redirects_and_the_cache_location() {
        let cfg = parse_config(
            r#"{"cloud":"usgov","auth":{"mode":"msal","clientId":"11111111-2222-3333-4444-555555555555","cacheLocation":"localStorage"}}"#,
        )
        .unwrap();
        let json: serde_json::Value =
            serde_json::from_str(&msal_config_json(&cfg, "https://admin.contoso.com").unwrap())
                .unwrap();
        assert_eq!(
            json["authority"],
            "https://login.microsoftonline.us/organizations"
        );
        assert_eq!(
            json["redirectUri"],
            "https://admin.contoso.com/redirect.html"
        );
        assert_eq!(json["postLogoutRedirectUri"], "https://admin.contoso.com/");
        assert_eq!(json["cacheLocation"], "localStorage");
        assert_eq!(json["knownAuthorities"], serde_json::json!([]));
        assert_eq!(json["authorityMetadata"], serde_json::Value::Null);
        assert_eq!(json["protocolMode"], "AAD");
        let token = parse_config(
            r#"{"graphBaseUrl":"http://127.0.0.1:1","auth":{"mode":"token","token":"t"}}"#,
        )
        .unwrap();
        assert_eq!(msal_config_json(&token, "x"), None);
    }

    #[test]
    fn an_oidc_server_is_handed_to_msal_with_its_metadata_as_text() {
        let cfg = parse_config(
            r#"{"graphBaseUrl":"http://127.0.0.1:8080","auth":{"mode":"msal",
                "clientId":"11111111-2222-3333-4444-555555555555",
                "authority":"https://127.0.0.1:9000","protocolMode":"OIDC",
                "knownAuthorities":["127.0.0.1:9000"],
                "authorityMetadata":{"issuer":"http://127.0.0.1:9000",
                    "authorization_endpoint":"http://127.0.0.1:9000/authorize",
                    "token_endpoint":"http://127.0.0.1:9000/token",
                    "jwks_uri":"http://127.0.0.1:9000/jwks"}}}"#,
        )
        .unwrap();
        let json: serde_json::Value =
            serde_json::from_str(&msal_config_json(&cfg, "http://127.0.0.1:8080").unwrap())
                .unwrap();
        assert_eq!(json["protocolMode"], "OIDC");
        assert_eq!(
            json["knownAuthorities"],
            serde_json::json!(["127.0.0.1:9000"])
        );
        // MSAL takes the metadata as a JSON string, not an object.
        let text = json["authorityMetadata"].as_str().unwrap();
        let meta: serde_json::Value = serde_json::from_str(text).unwrap();
        assert_eq!(meta["token_endpoint"], "http://127.0.0.1:9000/token");
        assert_eq!(json["cloudDiscoveryMetadata"], serde_json::Value::Null);
    }

    #[test]
    fn scopes_are_for_the_clouds_graph_wherever_the_requests_go() {
        for (cloud, graph) in [
            ("global", "https://graph.microsoft.com"),
            ("usgov", "https://graph.microsoft.us"),
            ("china", "https://microsoftgraph.chinacloudapi.cn"),
        ] {
            let cfg = parse_config(&format!(
                r#"{{"cloud":"{cloud}","graphBaseUrl":"http://127.0.0.1:8080","auth":{{"mode":"msal","clientId":"11111111-2222-3333-4444-555555555555"}}}}"#
            ))
            .unwrap();
            for kind in [TokenKind::Read, TokenKind::Write] {
                let scopes = scopes_for(&cfg, kind);
                assert!(
                    scopes.iter().all(|s| s.starts_with(&format!("{graph}/"))),
                    "{scopes:?}"
                );
            }
        }
    }
}
