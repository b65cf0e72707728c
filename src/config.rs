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

fn parse_auth(a: &Map<String, Value>, cloud: Cloud) -> Result<AuthConfig, ConfigError> {
    match opt_str(a, "mode", "auth.mode")? {
        Some("token") => match opt_str(a, "token", "auth.token")? {
            Some(t) if !t.trim().is_empty() => Ok(AuthConfig::Token {
                token: t.to_string(),
            }),
            _ => Err(field_err(
                "auth.token",
                "token mode needs a non-empty `token`",
            )),
        },
        Some("msal") => {
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
                        format!(
                            "must be sessionStorage, localStorage or memoryStorage; found \"{s}\""
                        ),
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
            Ok(AuthConfig::Msal {
                client_id: client_id.to_string(),
                authority,
                redirect_uri,
                cache_location,
                popup,
            })
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

/// True when `url`'s host is a loopback address: `127.0.0.0/8`, `localhost` or `[::1]`.
pub fn is_loopback_url(url: &str) -> bool {
    let Some((scheme, rest)) = url.split_once("://") else {
        return false;
    };
    if scheme != "http" && scheme != "https" {
        return false;
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if authority.contains('@') {
        return false;
    }
    let host = if let Some(v6) = authority.strip_prefix('[') {
        match v6.split_once(']') {
            Some((h, port)) if port.is_empty() || port.starts_with(':') => return h == "::1",
            _ => return false,
        }
    } else {
        authority.split(':').next().unwrap_or("")
    };
    if host.eq_ignore_ascii_case("localhost") {
        return true;
    }
    let octets: Vec<&str> = host.split('.').collect();
    octets.len() == 4
        && octets
            .iter()
            .all(|o| o.parse::<u8>().is_ok() && !o.is_empty() && o.len() <= 3)
        && octets[0] == "127"
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
