//! The runtime configuration (`config.json`, DESIGN.md "Runtime configuration"): loading it from
//! the app's own origin, and validating it field by field so a bad file gives a screen that names
//! the field instead of a blank page.

use serde_json::{Map, Value};
use std::fmt;

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
            ConfigError::Unreachable(why) => write!(f, "config.json could not be loaded: {why}"),
            ConfigError::NotJson(why) => write!(f, "config.json is not a valid JSON object: {why}"),
            ConfigError::Field { field, problem } => {
                write!(f, "config.json field `{field}`: {problem}")
            }
            ConfigError::TokenModeNotLoopback { graph_base_url } => write!(
                f,
                "config.json field `auth.mode`: token mode is only allowed against a loopback Graph \
                 (127.0.0.0/8, localhost, [::1]), but `graphBaseUrl` is {graph_base_url}. \
                 Use \"mode\": \"msal\" for a real tenant. No request was sent."
            ),
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
            format!("must be a string, found {}", json_kind(other)),
        )),
    }
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Parses and validates the text of `config.json`.
pub fn parse_config(text: &str) -> Result<RuntimeConfig, ConfigError> {
    let value: Value =
        serde_json::from_str(text).map_err(|e| ConfigError::NotJson(e.to_string()))?;
    let Value::Object(obj) = value else {
        return Err(ConfigError::NotJson(format!(
            "expected an object, found {}",
            json_kind(&value)
        )));
    };
    reject_unknown_keys(&obj, TOP_KEYS, "", "")?;

    let cloud = match opt_str(&obj, "cloud", "cloud")? {
        None => Cloud::Global,
        Some(s) => Cloud::from_name(s).ok_or_else(|| {
            field_err(
                "cloud",
                format!("must be one of global, usgov, usgovdod, china; found \"{s}\""),
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
                format!("must be \"v1.0\" or \"beta\"; found \"{s}\""),
            ));
        }
    };

    let auth = match obj.get("auth") {
        Some(Value::Object(a)) => parse_auth(a, cloud)?,
        None | Some(Value::Null) => {
            return Err(field_err(
                "auth",
                "is missing; it must be an object with a `mode`",
            ));
        }
        Some(other) => {
            return Err(field_err(
                "auth",
                format!("must be an object, found {}", json_kind(other)),
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
        Some(k) => format!("; did you mean `{prefix}{k}`?"),
        None => format!(
            "; the known keys{context} are {}",
            known
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    Err(field_err(&path, format!("is not a known key{hint}")))
}

fn parse_auth(a: &Map<String, Value>, cloud: Cloud) -> Result<AuthConfig, ConfigError> {
    match opt_str(a, "mode", "auth.mode")? {
        Some("token") => {
            reject_unknown_keys(a, TOKEN_KEYS, "auth.", " in token mode")?;
            match opt_str(a, "token", "auth.token")? {
                Some(t) if !t.trim().is_empty() => Ok(AuthConfig::Token {
                    token: t.to_string(),
                }),
                _ => Err(field_err(
                    "auth.token",
                    "token mode needs a non-empty `token`",
                )),
            }
        }
        Some("msal") => {
            reject_unknown_keys(a, MSAL_KEYS, "auth.", " in msal mode")?;
            parse_msal(a, cloud)
        }
        Some(other) => Err(field_err(
            "auth.mode",
            format!("must be \"msal\" or \"token\"; found \"{other}\""),
        )),
        None => Err(field_err(
            "auth.mode",
            "is missing; use \"msal\" (or \"token\" for the local emulator)",
        )),
    }
}

fn parse_msal(a: &Map<String, Value>, cloud: Cloud) -> Result<AuthConfig, ConfigError> {
    let client_id = opt_str(a, "clientId", "auth.clientId")?.ok_or_else(|| {
        field_err(
            "auth.clientId",
            "is missing; it is the app registration's Application (client) ID",
        )
    })?;
    if !is_guid(client_id) {
        return Err(field_err(
            "auth.clientId",
            format!(
                "must be a GUID like 00000000-0000-0000-0000-000000000000; found \"{client_id}\""
            ),
        ));
    }
    let authority = match opt_str(a, "authority", "auth.authority")? {
        None => format!("{}/organizations", cloud.login_host()),
        Some(s) if s.starts_with("https://") && s.len() > "https://".len() => {
            s.trim_end_matches('/').to_string()
        }
        Some(s) => {
            return Err(field_err(
                "auth.authority",
                format!(
                    "must be an https URL such as {}/organizations; found \"{s}\"",
                    cloud.login_host()
                ),
            ));
        }
    };
    let redirect_uri = opt_str(a, "redirectUri", "auth.redirectUri")?
        .unwrap_or("/redirect.html")
        .to_string();
    let cache_location = match opt_str(a, "cacheLocation", "auth.cacheLocation")? {
        None => "sessionStorage".to_string(),
        Some(s @ ("sessionStorage" | "localStorage" | "memoryStorage")) => s.to_string(),
        Some(s) => {
            return Err(field_err(
                "auth.cacheLocation",
                format!("must be sessionStorage, localStorage or memoryStorage; found \"{s}\""),
            ));
        }
    };
    let popup = match opt_str(a, "interaction", "auth.interaction")? {
        None | Some("redirect") => false,
        Some("popup") => true,
        Some(s) => {
            return Err(field_err(
                "auth.interaction",
                format!("must be \"redirect\" or \"popup\"; found \"{s}\""),
            ));
        }
    };
    let protocol_mode = match opt_str(a, "protocolMode", "auth.protocolMode")? {
        None | Some("AAD") => ProtocolMode::Aad,
        Some("OIDC") => ProtocolMode::Oidc,
        Some(s) => {
            return Err(field_err(
                "auth.protocolMode",
                format!("must be \"AAD\" (Microsoft Entra ID) or \"OIDC\"; found \"{s}\""),
            ));
        }
    };
    Ok(AuthConfig::Msal {
        client_id: client_id.to_string(),
        authority,
        redirect_uri,
        cache_location,
        popup,
        known_authorities: known_authorities(a)?,
        authority_metadata: metadata(
            a,
            "authorityMetadata",
            &[
                "issuer",
                "authorization_endpoint",
                "token_endpoint",
                "jwks_uri",
            ],
        )?,
        cloud_discovery_metadata: metadata(
            a,
            "cloudDiscoveryMetadata",
            &["tenant_discovery_endpoint", "metadata"],
        )?,
        protocol_mode,
    })
}

/// `auth.knownAuthorities`: a list of `host` or `host:port` strings.
fn known_authorities(a: &Map<String, Value>) -> Result<Vec<String>, ConfigError> {
    let items = match a.get("knownAuthorities") {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Array(items)) => items,
        Some(other) => {
            return Err(field_err(
                "auth.knownAuthorities",
                format!(
                    "must be a list of host names such as [\"login.contoso.com\"], found {}",
                    json_kind(other)
                ),
            ));
        }
    };
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let path = format!("auth.knownAuthorities[{i}]");
            match item {
                // A host (and port) is exactly what `https://` turns into an origin.
                Value::String(h)
                    if !h.contains('/')
                        && syncdeck_graph::csp::GraphOrigin::parse(&format!("https://{h}"))
                            .is_ok() =>
                {
                    Ok(h.to_ascii_lowercase())
                }
                Value::String(h) => Err(field_err(
                    &path,
                    format!(
                        "must be a host or host:port without scheme or path, such as \
                         \"login.contoso.com\" or \"127.0.0.1:9000\"; found \"{h}\""
                    ),
                )),
                other => Err(field_err(
                    &path,
                    format!("must be a string, found {}", json_kind(other)),
                )),
            }
        })
        .collect()
}

/// `auth.authorityMetadata` or `auth.cloudDiscoveryMetadata`: a JSON object with `required` keys,
/// handed to MSAL as text. Every URL in it must be https, or http on a loopback host.
fn metadata(
    a: &Map<String, Value>,
    key: &str,
    required: &[&str],
) -> Result<Option<String>, ConfigError> {
    let path = format!("auth.{key}");
    let obj = match a.get(key) {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::Object(obj)) => obj,
        Some(other) => {
            return Err(field_err(
                &path,
                format!("must be a JSON object, found {}", json_kind(other)),
            ));
        }
    };
    if let Some(missing) = required.iter().find(|k| !obj.contains_key(**k)) {
        return Err(field_err(
            &format!("{path}.{missing}"),
            format!(
                "is missing; {key} needs {}",
                required
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
    }
    check_urls(&Value::Object(obj.clone()), &path)?;
    Ok(Some(Value::Object(obj.clone()).to_string()))
}

/// Every string that is an `http://` URL must name a loopback host (as token mode does).
fn check_urls(value: &Value, path: &str) -> Result<(), ConfigError> {
    match value {
        Value::String(s) if s.to_ascii_lowercase().starts_with("http://") => {
            if is_loopback_url(s) {
                Ok(())
            } else {
                Err(field_err(
                    path,
                    format!(
                        "must be an https URL (plain http only for a loopback host); found \"{s}\""
                    ),
                ))
            }
        }
        Value::Object(map) => map
            .iter()
            .try_for_each(|(k, v)| check_urls(v, &format!("{path}.{k}"))),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .try_for_each(|(i, v)| check_urls(v, &format!("{path}[{i}]"))),
        _ => Ok(()),
    }
}

fn validate_base_url(s: &str) -> Result<String, ConfigError> {
    let bad = |why: &str| {
        field_err(
            "graphBaseUrl",
            format!("{why}; found \"{s}\" (expected e.g. https://graph.microsoft.com)"),
        )
    };
    let rest = if let Some(r) = s.strip_prefix("https://") {
        r
    } else if let Some(r) = s.strip_prefix("http://") {
        if !is_loopback_url(s) {
            return Err(bad(
                "must use https (plain http only for a loopback emulator)",
            ));
        }
        r
    } else {
        return Err(bad("must be an absolute https URL"));
    };
    if rest.is_empty() || rest.starts_with('/') {
        return Err(bad("has no host"));
    }
    if rest.contains(['?', '#', '@']) {
        return Err(bad(
            "must be a bare host, without query, fragment or user name",
        ));
    }
    if s.ends_with('/') {
        return Err(bad("must not end with a slash"));
    }
    if rest.contains('/') {
        return Err(bad(
            "must be the host only, without a path or API version (set `apiVersion` instead)",
        ));
    }
    Ok(s.to_string())
}

/// True when `url`'s host is a loopback address: `127.0.0.0/8`, `localhost` or `[::1]` (the one
/// rule of `syncdeck_graph::csp::is_loopback_url`).
pub fn is_loopback_url(url: &str) -> bool {
    syncdeck_graph::csp::is_loopback_url(url)
}

fn is_guid(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.chars().all(|c| c.is_ascii_hexdigit()))
}

/// Fetches `/config.json` from the app's origin (never cached by the browser) and validates it.
#[cfg(target_arch = "wasm32")]
pub async fn load() -> Result<RuntimeConfig, ConfigError> {
    let resp = gloo_net::http::Request::get("/config.json")
        .cache(web_sys::RequestCache::NoCache)
        .send()
        .await
        .map_err(|e| ConfigError::Unreachable(e.to_string()))?;
    if !resp.ok() {
        return Err(ConfigError::Unreachable(format!(
            "GET /config.json answered HTTP {}; deploy a config.json next to index.html",
            resp.status()
        )));
    }
    let text = resp
        .text()
        .await
        .map_err(|e| ConfigError::Unreachable(e.to_string()))?;
    parse_config(&text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field_of(text: &str) -> String {
        parse_config(text)
            .unwrap_err()
            .field()
            .unwrap_or("-")
            .to_string()
    }

    #[test]
    fn the_design_example_is_valid_msal_config() {
        let cfg = parse_config(
            r#"{"cloud":"global","graphBaseUrl":"https://graph.microsoft.com","apiVersion":"v1.0",
               "auth":{"mode":"msal","clientId":"00000000-0000-0000-0000-000000000000",
                       "authority":"https://login.microsoftonline.com/organizations",
                       "redirectUri":"/redirect.html","cacheLocation":"sessionStorage"}}"#,
        )
        .unwrap();
        assert_eq!(cfg.graph_root(), "https://graph.microsoft.com/v1.0");
        assert!(!cfg.is_token_mode());
    }

    #[test]
    fn defaults_follow_the_cloud() {
        let cfg = parse_config(r#"{"cloud":"usgovdod","apiVersion":"beta","auth":{"mode":"msal","clientId":"11111111-2222-3333-4444-555555555555"}}"#).unwrap();
        assert_eq!(cfg.graph_root(), "https://dod-graph.microsoft.us/beta");
        match cfg.auth {
            AuthConfig::Msal {
                authority,
                cache_location,
                redirect_uri,
                ..
            } => {
                assert_eq!(authority, "https://login.microsoftonline.us/organizations");
                assert_eq!(cache_location, "sessionStorage");
                assert_eq!(redirect_uri, "/redirect.html");
            }
            other => panic!("expected msal, got {other:?}"),
        }
    }

    #[test]
    fn token_mode_is_accepted_only_on_loopback() {
        for ok in [
            "http://127.0.0.1:8080",
            "http://localhost:3000",
            "http://[::1]:8080",
            "http://127.9.8.7",
        ] {
            let text =
                format!(r#"{{"graphBaseUrl":"{ok}","auth":{{"mode":"token","token":"t"}}}}"#);
            assert!(parse_config(&text).unwrap().is_token_mode(), "{ok}");
        }
        let err = parse_config(
            r#"{"graphBaseUrl":"https://graph.microsoft.com","auth":{"mode":"token","token":"t"}}"#,
        )
        .unwrap_err();
        assert_eq!(
            err,
            ConfigError::TokenModeNotLoopback {
                graph_base_url: "https://graph.microsoft.com".into()
            }
        );
        assert!(err.to_string().contains("No request was sent"));
        // The default Graph host of a cloud is not loopback either.
        assert!(matches!(
            parse_config(r#"{"auth":{"mode":"token","token":"t"}}"#),
            Err(ConfigError::TokenModeNotLoopback { .. })
        ));
    }

    #[test]
    fn loopback_detection_is_not_fooled() {
        for not in [
            "http://127.0.0.1.evil.com",
            "http://127.0.0.1@evil.com",
            "http://evil.com/127.0.0.1",
            "http://128.0.0.1",
            "http://localhost.evil.com",
            "ftp://127.0.0.1",
            "127.0.0.1",
            "http://[::2]",
            "http://127.0.0.256",
            "http://[::1]evil",
            "http://127.0.0.01",
            "http://127.0.0.1:0",
        ] {
            assert!(!is_loopback_url(not), "{not}");
        }
    }

    #[test]
    fn each_bad_field_is_named() {
        assert_eq!(
            field_of(
                r#"{"cloud":"mars","auth":{"mode":"msal","clientId":"00000000-0000-0000-0000-000000000000"}}"#
            ),
            "cloud"
        );
        assert_eq!(field_of(r#"{"cloud":7,"auth":{}}"#), "cloud");
        assert_eq!(
            field_of(r#"{"apiVersion":"v2","auth":{"mode":"msal"}}"#),
            "apiVersion"
        );
        assert_eq!(
            field_of(r#"{"graphBaseUrl":"https://graph.microsoft.com/v1.0","auth":{}}"#),
            "graphBaseUrl"
        );
        assert_eq!(
            field_of(r#"{"graphBaseUrl":"https://graph.microsoft.com/","auth":{}}"#),
            "graphBaseUrl"
        );
        assert_eq!(
            field_of(r#"{"graphBaseUrl":"http://graph.microsoft.com","auth":{}}"#),
            "graphBaseUrl"
        );
        assert_eq!(field_of(r#"{}"#), "auth");
        assert_eq!(field_of(r#"{"auth":"msal"}"#), "auth");
        assert_eq!(field_of(r#"{"auth":{}}"#), "auth.mode");
        assert_eq!(field_of(r#"{"auth":{"mode":"basic"}}"#), "auth.mode");
        assert_eq!(field_of(r#"{"auth":{"mode":"msal"}}"#), "auth.clientId");
        assert_eq!(
            field_of(r#"{"auth":{"mode":"msal","clientId":"my-app"}}"#),
            "auth.clientId"
        );
        assert_eq!(
            field_of(
                r#"{"auth":{"mode":"msal","clientId":"00000000-0000-0000-0000-000000000000","cacheLocation":"cookie"}}"#
            ),
            "auth.cacheLocation"
        );
        assert_eq!(
            field_of(
                r#"{"auth":{"mode":"msal","clientId":"00000000-0000-0000-0000-000000000000","authority":"login.microsoftonline.com"}}"#
            ),
            "auth.authority"
        );
        assert_eq!(
            field_of(
                r#"{"graphBaseUrl":"http://127.0.0.1:1","auth":{"mode":"token","token":"  "}}"#
            ),
            "auth.token"
        );
    }

    const MSAL: &str = r#""mode":"msal","clientId":"00000000-0000-0000-0000-000000000000""#;

    fn msal_with(extra: &str) -> Result<RuntimeConfig, ConfigError> {
        parse_config(&format!(r#"{{"auth":{{{MSAL},{extra}}}}}"#))
    }

    const META: &str = r#"{"issuer":"http://127.0.0.1:9000","authorization_endpoint":"http://127.0.0.1:9000/authorize","token_endpoint":"http://127.0.0.1:9000/token","jwks_uri":"http://127.0.0.1:9000/jwks"}"#;

    #[test]
    fn an_unknown_key_is_named_never_ignored() {
        let err = msal_with(r#""clientID":"x""#).unwrap_err();
        assert_eq!(err.field(), Some("auth.clientID"));
        assert!(
            err.to_string().contains("did you mean `auth.clientId`"),
            "{err}"
        );
        let err = msal_with(r#""scopes":["x"]"#).unwrap_err();
        assert_eq!(err.field(), Some("auth.scopes"));
        assert!(err.to_string().contains("`knownAuthorities`"), "{err}");
        // A key of the other mode is not silently ignored either.
        let err = parse_config(
            r#"{"graphBaseUrl":"http://127.0.0.1:1","auth":{"mode":"token","token":"t","clientId":"x"}}"#,
        )
        .unwrap_err();
        assert_eq!(err.field(), Some("auth.clientId"));
        assert_eq!(
            field_of(&format!(r#"{{"graphBaseURL":"x","auth":{{{MSAL}}}}}"#)),
            "graphBaseURL"
        );
        assert!(parse_config(&format!(r#"{{"$schema":"x","auth":{{{MSAL}}}}}"#)).is_ok());
    }

    #[test]
    fn known_authorities_are_hosts() {
        let cfg =
            msal_with(r#""knownAuthorities":["127.0.0.1:9000","Login.Contoso.com"]"#).unwrap();
        let AuthConfig::Msal {
            known_authorities, ..
        } = cfg.auth
        else {
            panic!("msal expected")
        };
        assert_eq!(known_authorities, ["127.0.0.1:9000", "login.contoso.com"]);
        for bad in [
            r#""https://login.contoso.com""#,
            r#""login.contoso.com/tenant""#,
            r#""login.contoso.com:99999""#,
            r#""user@login.contoso.com""#,
            r#""""#,
            "7",
        ] {
            let err = msal_with(&format!(r#""knownAuthorities":[{bad}]"#)).unwrap_err();
            assert_eq!(err.field(), Some("auth.knownAuthorities[0]"), "{bad}");
        }
        assert_eq!(
            msal_with(r#""knownAuthorities":"127.0.0.1:9000""#)
                .unwrap_err()
                .field(),
            Some("auth.knownAuthorities")
        );
    }

    #[test]
    fn metadata_is_an_object_with_https_or_loopback_urls() {
        let cfg = msal_with(&format!(
            r#""authorityMetadata":{META},"protocolMode":"OIDC""#
        ))
        .unwrap();
        let AuthConfig::Msal {
            authority_metadata,
            protocol_mode,
            ..
        } = cfg.auth
        else {
            panic!("msal expected")
        };
        assert_eq!(protocol_mode, ProtocolMode::Oidc);
        let text = authority_metadata.unwrap();
        assert_eq!(
            serde_json::from_str::<Value>(&text).unwrap(),
            serde_json::from_str::<Value>(META).unwrap()
        );
        // http on a host that is not loopback names the exact field.
        let remote = META.replace(
            "http://127.0.0.1:9000/token",
            "http://login.contoso.com/token",
        );
        let err = msal_with(&format!(r#""authorityMetadata":{remote}"#)).unwrap_err();
        assert_eq!(err.field(), Some("auth.authorityMetadata.token_endpoint"));
        let fooled = META.replace("http://127.0.0.1:9000/jwks", "http://127.0.0.01/jwks");
        assert_eq!(
            msal_with(&format!(r#""authorityMetadata":{fooled}"#))
                .unwrap_err()
                .field(),
            Some("auth.authorityMetadata.jwks_uri")
        );
        let https = META.replace("http://127.0.0.1:9000", "https://login.contoso.com");
        assert!(msal_with(&format!(r#""authorityMetadata":{https}"#)).is_ok());
        // As a string (MSAL's own form) it is refused: config.json holds the object.
        assert_eq!(
            msal_with(r#""authorityMetadata":"{}""#)
                .unwrap_err()
                .field(),
            Some("auth.authorityMetadata")
        );
        assert_eq!(
            msal_with(r#""authorityMetadata":{"issuer":"https://x"}"#)
                .unwrap_err()
                .field(),
            Some("auth.authorityMetadata.authorization_endpoint")
        );
        let discovery = r#"{"tenant_discovery_endpoint":"https://login.microsoftonline.com/organizations/v2.0/.well-known/openid-configuration","api-version":"1.1","metadata":[{"preferred_network":"login.microsoftonline.com","preferred_cache":"login.windows.net","aliases":["login.microsoftonline.com","login.windows.net"]}]}"#;
        let cfg = msal_with(&format!(r#""cloudDiscoveryMetadata":{discovery}"#)).unwrap();
        assert!(matches!(
            cfg.auth,
            AuthConfig::Msal {
                cloud_discovery_metadata: Some(_),
                protocol_mode: ProtocolMode::Aad,
                ..
            }
        ));
        assert_eq!(
            msal_with(r#""cloudDiscoveryMetadata":{"metadata":[]}"#)
                .unwrap_err()
                .field(),
            Some("auth.cloudDiscoveryMetadata.tenant_discovery_endpoint")
        );
        assert_eq!(
            msal_with(r#""protocolMode":"oidc""#).unwrap_err().field(),
            Some("auth.protocolMode")
        );
    }

    #[test]
    fn the_authority_must_be_https_even_for_an_oidc_server() {
        assert_eq!(
            msal_with(r#""authority":"http://127.0.0.1:9000","protocolMode":"OIDC""#)
                .unwrap_err()
                .field(),
            Some("auth.authority")
        );
    }

    #[test]
    fn not_json_is_reported_as_such() {
        assert!(matches!(
            parse_config("<html>"),
            Err(ConfigError::NotJson(_))
        ));
        assert!(matches!(parse_config("[1]"), Err(ConfigError::NotJson(_))));
        assert!(matches!(parse_config(""), Err(ConfigError::NotJson(_))));
    }

    #[test]
    fn debug_output_never_shows_the_token() {
        let cfg = parse_config(r#"{"graphBaseUrl":"http://127.0.0.1:1","auth":{"mode":"token","token":"s3cr3t-token"}}"#).unwrap();
        assert!(!format!("{cfg:?}").contains("s3cr3t"));
    }
}
