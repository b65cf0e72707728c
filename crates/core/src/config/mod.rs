//! The runtime configuration (`config.json`, described in `README.md` "Configuration"):
//! validating it field by field so a bad file gives a screen that names the field instead of a
//! blank page. Loading the file is the app's (`src/config.rs`); the `auth` section is read in
//! [`auth`](self::auth), which also builds MSAL's configuration object.

mod auth;

use serde_json::{Map, Value};
use std::fmt;
use syncdeck_i18n::{t, tf};

pub use auth::{TokenKind, msal_config_json, scopes_for};
pub use syncdeck_graph::Cloud;

/// The Graph API version the app calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiVersion {
    /// `v1.0` (default).
    V1,
    /// `beta`.
    Beta,
}

impl ApiVersion {
    /// The path segment, as in `https://graph.microsoft.com/v1.0`.
    pub fn segment(self) -> &'static str {
        match self {
            ApiVersion::V1 => "v1.0",
            ApiVersion::Beta => "beta",
        }
    }
}

/// How the app obtains its bearer token.
#[derive(Clone, PartialEq, Eq)]
pub enum AuthConfig {
    /// Sign in with MSAL.js (the production mode).
    Msal {
        /// The SPA app registration's client id.
        client_id: String,
        /// The login authority, e.g. `https://login.microsoftonline.com/organizations`.
        authority: String,
        /// The v5 redirect bridge page.
        redirect_uri: String,
        /// `sessionStorage` (default), `localStorage` or `memoryStorage`.
        cache_location: String,
        /// How interactive sign-in runs: a full-page redirect (default) or a popup.
        popup: bool,
        /// `auth.knownAuthorities`: hosts (`host` or `host:port`) MSAL trusts without asking
        /// Microsoft's instance discovery (an OpenID Connect server other than Entra).
        known_authorities: Vec<String>,
        /// `auth.authorityMetadata`: the authority's OpenID configuration, as JSON text, so MSAL
        /// does not fetch it at start-up.
        authority_metadata: Option<String>,
        /// `auth.cloudDiscoveryMetadata`: the instance discovery answer, as JSON text, so MSAL
        /// does not fetch it at start-up.
        cloud_discovery_metadata: Option<String>,
        /// `auth.protocolMode`: `AAD` (Entra, the default) or `OIDC` (a plain OpenID Connect server).
        protocol_mode: ProtocolMode,
    },
    /// A fixed bearer token: only for the local emulator and tests (loopback Graph only).
    Token {
        /// The bearer token sent as it is.
        token: String,
    },
}

impl fmt::Debug for AuthConfig {
    // Never print a token, even in debug output.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AuthConfig::Msal {
                client_id,
                authority,
                ..
            } => f
                .debug_struct("Msal")
                .field("client_id", client_id)
                .field("authority", authority)
                .finish_non_exhaustive(),
            AuthConfig::Token { .. } => f.write_str("Token { token: <redacted> }"),
        }
    }
}

/// MSAL's `system.protocolMode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProtocolMode {
    /// Microsoft Entra ID (the default).
    Aad,
    /// A standard OpenID Connect server.
    Oidc,
}

impl ProtocolMode {
    /// The value MSAL expects.
    pub fn as_str(self) -> &'static str {
        match self {
            ProtocolMode::Aad => "AAD",
            ProtocolMode::Oidc => "OIDC",
        }
    }
}

/// A validated `config.json`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuntimeConfig {
    /// The cloud.
    pub cloud: Cloud,
    /// The Graph host, no version, no trailing slash.
    pub graph_base_url: String,
    /// The Graph version.
    pub api_version: ApiVersion,
    /// How tokens are obtained.
    pub auth: AuthConfig,
}

impl RuntimeConfig {
    /// `graphBaseUrl` + `/` + version: the root every Graph path hangs off.
    pub fn graph_root(&self) -> String {
        format!("{}/{}", self.graph_base_url, self.api_version.segment())
    }

    /// True in token mode, where the app shows the permanent "local emulator" banner.
    pub fn is_token_mode(&self) -> bool {
        matches!(self.auth, AuthConfig::Token { .. })
    }
}

/// Why the configuration can't be used. Every variant names what to fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigError {
    /// `config.json` could not be fetched.
    Unreachable(String),
    /// The file is not a JSON object.
    NotJson(String),
    /// One field is missing or wrong.
    Field {
        /// The field's JSON path, e.g. `auth.clientId`.
        field: String,
        /// What is wrong and what is expected.
        problem: String,
    },
    /// Token mode with a Graph host that is not a loopback address: refused, nothing is sent.
    TokenModeNotLoopback {
        /// The refused Graph host.
        graph_base_url: String,
    },
}

impl ConfigError {
    /// The field to fix, if one field is at fault.
    pub fn field(&self) -> Option<&str> {
        match self {
            ConfigError::Field { field, .. } => Some(field),
            ConfigError::TokenModeNotLoopback { .. } => Some("auth.mode"),
            _ => None,
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::Unreachable(why) => f.write_str(&tf!(
                "config.json could not be loaded: {why}",
                why = why
            )),
            ConfigError::NotJson(why) => f.write_str(&tf!(
                "config.json is not a valid JSON object: {why}",
                why = why
            )),
            ConfigError::Field { field, problem } => f.write_str(&tf!(
                "config.json field `{field}`: {problem}",
                field = field,
                problem = problem
            )),
            ConfigError::TokenModeNotLoopback { graph_base_url } => f.write_str(&tf!(
                "config.json field `auth.mode`: token mode is only allowed against a loopback Graph \
                 (127.0.0.0/8, localhost, [::1]), but `graphBaseUrl` is {url}. \
                 Use \"mode\": \"msal\" for a real tenant. No request was sent.",
                url = graph_base_url
            )),
        }
    }
}

fn field_err(field: &str, problem: impl Into<String>) -> ConfigError {
    ConfigError::Field {
        field: field.to_string(),
        problem: problem.into(),
    }
}

/// An optional string field; `Err` when present but not a string.
fn opt_str<'a>(
    obj: &'a Map<String, Value>,
    key: &str,
    path: &str,
) -> Result<Option<&'a str>, ConfigError> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.as_str())),
        Some(other) => Err(field_err(
            path,
            tf!("must be a string, found {kind}", kind = json_kind(other)),
        )),
    }
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => t!("a boolean"),
        Value::Number(_) => t!("a number"),
        Value::String(_) => t!("a string"),
        Value::Array(_) => t!("an array"),
        Value::Object(_) => t!("an object"),
    }
}

/// Parses and validates the text of `config.json`.
pub fn parse_config(text: &str) -> Result<RuntimeConfig, ConfigError> {
    let value: Value =
        serde_json::from_str(text).map_err(|e| ConfigError::NotJson(e.to_string()))?;
    let Value::Object(obj) = value else {
        return Err(ConfigError::NotJson(tf!(
            "expected an object, found {kind}",
            kind = json_kind(&value)
        )));
    };
    reject_unknown_keys(&obj, TOP_KEYS, "", "")?;

    let cloud = match opt_str(&obj, "cloud", "cloud")? {
        None => Cloud::Global,
        Some(s) => Cloud::from_name(s).ok_or_else(|| {
            field_err(
                "cloud",
                tf!(
                    "must be one of {names}; found \"{s}\"",
                    names = "global, usgov, usgovdod, china",
                    s = s
                ),
            )
        })?,
    };

    let graph_base_url = match opt_str(&obj, "graphBaseUrl", "graphBaseUrl")? {
        None => cloud.graph_host().to_string(),
        Some(s) => validate_base_url(s)?,
    };

    let api_version = match opt_str(&obj, "apiVersion", "apiVersion")? {
        None | Some("v1.0") => ApiVersion::V1,
        Some("beta") => ApiVersion::Beta,
        Some(s) => {
            return Err(field_err(
                "apiVersion",
                tf!(
                    "must be {a} or {b}; found \"{s}\"",
                    a = "\"v1.0\"",
                    b = "\"beta\"",
                    s = s
                ),
            ));
        }
    };

    let auth = match obj.get("auth") {
        Some(Value::Object(a)) => auth::parse_auth(a, cloud)?,
        None | Some(Value::Null) => {
            return Err(field_err(
                "auth",
                t!("is missing; it must be an object with a `mode`"),
            ));
        }
        Some(other) => {
            return Err(field_err(
                "auth",
                tf!("must be an object, found {kind}", kind = json_kind(other)),
            ));
        }
    };

    if matches!(auth, AuthConfig::Token { .. }) && !is_loopback_url(&graph_base_url) {
        return Err(ConfigError::TokenModeNotLoopback { graph_base_url });
    }
    Ok(RuntimeConfig {
        cloud,
        graph_base_url,
        api_version,
        auth,
    })
}

/// The keys `config.json` may have at its top level (`$schema` for editors).
const TOP_KEYS: &[&str] = &["$schema", "cloud", "graphBaseUrl", "apiVersion", "auth"];
/// The keys of `auth` in token mode.
const TOKEN_KEYS: &[&str] = &["mode", "token"];
/// The keys of `auth` in msal mode.
const MSAL_KEYS: &[&str] = &[
    "mode",
    "clientId",
    "authority",
    "redirectUri",
    "cacheLocation",
    "interaction",
    "knownAuthorities",
    "authorityMetadata",
    "cloudDiscoveryMetadata",
    "protocolMode",
];

/// An unknown key is an error that names it (a typo such as `clientID` is never ignored), with
/// the known key it most likely meant.
fn reject_unknown_keys(
    obj: &Map<String, Value>,
    known: &[&str],
    prefix: &str,
    context: &str,
) -> Result<(), ConfigError> {
    let Some(key) = obj.keys().find(|k| !known.contains(&k.as_str())) else {
        return Ok(());
    };
    let path = format!("{prefix}{key}");
    let hint = match known.iter().find(|k| k.eq_ignore_ascii_case(key)) {
        Some(k) => tf!("; did you mean `{key}`?", key = format!("{prefix}{k}")),
        None => tf!(
            "; the known keys{context} are {keys}",
            context = context,
            keys = known
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    Err(field_err(
        &path,
        tf!("is not a known key{hint}", hint = hint),
    ))
}

fn validate_base_url(s: &str) -> Result<String, ConfigError> {
    let bad = |why: &str| {
        field_err(
            "graphBaseUrl",
            tf!(
                "{why}; found \"{s}\" (expected e.g. {example})",
                why = why,
                s = s,
                example = "https://graph.microsoft.com"
            ),
        )
    };
    let rest = if let Some(r) = s.strip_prefix("https://") {
        r
    } else if let Some(r) = s.strip_prefix("http://") {
        if !is_loopback_url(s) {
            return Err(bad(t!(
                "must use https (plain http only for a loopback emulator)"
            )));
        }
        r
    } else {
        return Err(bad(t!("must be an absolute https URL")));
    };
    if rest.is_empty() || rest.starts_with('/') {
        return Err(bad(t!("has no host")));
    }
    if rest.contains(['?', '#', '@']) {
        return Err(bad(t!(
            "must be a bare host, without query, fragment or user name"
        )));
    }
    if s.ends_with('/') {
        return Err(bad(t!("must not end with a slash")));
    }
    if rest.contains('/') {
        return Err(bad(t!(
            "must be the host only, without a path or API version (set `apiVersion` instead)"
        )));
    }
    Ok(s.to_string())
}

/// True when `url`'s host is a loopback address: `127.0.0.0/8`, `localhost` or `[::1]`: the one
/// rule of the project, shared with the Content-Security-Policy's origin checks.
pub use syncdeck_graph::csp::is_loopback_url;

fn is_guid(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.chars().all(|c| c.is_ascii_hexdigit()))
}
