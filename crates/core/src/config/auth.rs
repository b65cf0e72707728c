//! The `auth` section of `config.json` (token or msal mode, and msal's optional keys), and the
//! MSAL configuration object and scopes built from it.

use super::{
    AuthConfig, ConfigError, MSAL_KEYS, ProtocolMode, RuntimeConfig, TOKEN_KEYS, field_err,
    is_guid, is_loopback_url, json_kind, opt_str, reject_unknown_keys,
};
use serde_json::{Map, Value};
use syncdeck_graph::Cloud;
use syncdeck_graph::cloud::token_scopes;
use syncdeck_i18n::{t, tf};

pub(super) fn parse_auth(a: &Map<String, Value>, cloud: Cloud) -> Result<AuthConfig, ConfigError> {
    match opt_str(a, "mode", "auth.mode")? {
        Some("token") => {
            reject_unknown_keys(a, TOKEN_KEYS, "auth.", t!(" in token mode"))?;
            match opt_str(a, "token", "auth.token")? {
                Some(t) if !t.trim().is_empty() => Ok(AuthConfig::Token {
                    token: t.to_string(),
                }),
                _ => Err(field_err(
                    "auth.token",
                    t!("token mode needs a non-empty `token`"),
                )),
            }
        }
        Some("msal") => {
            reject_unknown_keys(a, MSAL_KEYS, "auth.", t!(" in msal mode"))?;
            parse_msal(a, cloud)
        }
        Some(other) => Err(field_err(
            "auth.mode",
            tf!(
                "must be {a} or {b}; found \"{s}\"",
                a = "\"msal\"",
                b = "\"token\"",
                s = other
            ),
        )),
        None => Err(field_err(
            "auth.mode",
            tf!(
                "is missing; use {msal} (or {token} for the local emulator)",
                msal = "\"msal\"",
                token = "\"token\""
            ),
        )),
    }
}

fn parse_msal(a: &Map<String, Value>, cloud: Cloud) -> Result<AuthConfig, ConfigError> {
    let client_id = opt_str(a, "clientId", "auth.clientId")?.ok_or_else(|| {
        field_err(
            "auth.clientId",
            t!("is missing; it is the app registration's Application (client) ID"),
        )
    })?;
    if !is_guid(client_id) {
        return Err(field_err(
            "auth.clientId",
            tf!(
                "must be a GUID like {example}; found \"{s}\"",
                example = "00000000-0000-0000-0000-000000000000",
                s = client_id
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
                tf!(
                    "must be an https URL such as {example}; found \"{s}\"",
                    example = format!("{}/organizations", cloud.login_host()),
                    s = s
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
                tf!(
                    "must be a list of host names such as {example}, found {kind}",
                    example = "[\"login.contoso.com\"]",
                    kind = json_kind(other)
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
                    tf!(
                        "must be a host or host:port without scheme or path, such as {a} or \
                         {b}; found \"{s}\"",
                        a = "\"login.contoso.com\"",
                        b = "\"127.0.0.1:9000\"",
                        s = h
                    ),
                )),
                other => Err(field_err(
                    &path,
                    tf!("must be a string, found {kind}", kind = json_kind(other)),
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
                tf!(
                    "must be a JSON object, found {kind}",
                    kind = json_kind(other)
                ),
            ));
        }
    };
    if let Some(missing) = required.iter().find(|k| !obj.contains_key(**k)) {
        return Err(field_err(
            &format!("{path}.{missing}"),
            tf!(
                "is missing; {key} needs {keys}",
                key = key,
                keys = required
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
                    tf!(
                        "must be an https URL (plain http only for a loopback host); found \"{s}\"",
                        s = s
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

/// What a token is for: least privilege, each grant asked for when first needed.
pub use syncdeck_graph::hints::Grant as TokenKind;

/// The scopes of a token kind for `config`: qualified with the cloud's Graph resource, never with
/// `graphBaseUrl` (a token is for Graph, whichever host relays the requests).
pub fn scopes_for(config: &RuntimeConfig, kind: TokenKind) -> Vec<String> {
    token_scopes(config.cloud.graph_host(), kind)
}

/// The MSAL configuration object the shim builds `PublicClientApplication` from, with the
/// redirect URIs made absolute against `origin`; `None` in token mode.
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
