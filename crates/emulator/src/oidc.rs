//! `--oidc-issuer`: real bearer tokens instead of the fixed `--token`.
//!
//! With an issuer, a Graph request's bearer must be a JWT that verifies with
//! [`jsonwebtoken`] (its `rust_crypto` provider, the only crypto feature
//! enabled, so the crate selects it by itself; see `CryptoProvider` in
//! <https://docs.rs/jsonwebtoken/12/jsonwebtoken/crypto/struct.CryptoProvider.html>):
//!
//! - the signature against the issuer's JWKS, found via
//!   `{issuer}/.well-known/openid-configuration` → `jwks_uri`, fetched on first
//!   need and again when a token's `kid` is unknown, at most once per
//!   [`REFETCH_INTERVAL`] (the keys are cached in between);
//! - `iss` equal to the issuer (with or without a trailing slash);
//! - `aud` the `--oidc-audience` or Graph's app id ([`GRAPH_APP_ID`]);
//! - `exp` in the future and `nbf` (when present) not in the future, on the
//!   real wall clock (not the emulated one), without leeway.
//!
//! The issuer (and the `jwks_uri` it names) must be plain `http://` on a
//! loopback host: the emulator fetches keys from a local identity provider
//! only. Then each request also needs the delegated permissions (`scp`) that
//! [`required_scopes`] lists for its method and path.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::net::{IpAddr, Ipv6Addr};
use std::time::{Duration, Instant};

use axum::http::{Method, Uri, header};
use http_body_util::{BodyExt, Empty, Limited};
use hyper::body::Bytes;
use hyper_util::rt::TokioIo;
use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::jwk::{Jwk, KeyAlgorithm, PublicKeyUse};
use jsonwebtoken::{Algorithm, AlgorithmFamily, DecodingKey, Validation};
use serde_json::Value;
use tokio::net::TcpStream;

use crate::odata::GraphError;

/// Microsoft Graph's application id, an audience always accepted.
pub const GRAPH_APP_ID: &str = "00000003-0000-0000-c000-000000000000";
/// The audience accepted unless `--oidc-audience` says otherwise.
pub const DEFAULT_AUDIENCE: &str = "https://graph.microsoft.com";
/// The keys are fetched again for an unknown `kid` at most this often.
pub const REFETCH_INTERVAL: Duration = Duration::from_secs(2);
/// How long one GET of the discovery document or of the JWKS may take.
pub const FETCH_TIMEOUT: Duration = Duration::from_secs(5);
/// Largest discovery document or JWKS accepted.
const MAX_DOCUMENT_BYTES: usize = 1024 * 1024;

/// 401 message of an expired token (Graph's wording).
pub const EXPIRED: &str = "Lifetime validation failed, the token is expired.";
/// 401 message of a token whose `nbf` is still in the future.
pub const NOT_YET_VALID: &str = "Lifetime validation failed, the token is not yet valid.";
/// 401 message of a token for another audience (Graph's wording).
pub const INVALID_AUDIENCE: &str = "Access token validation failure. Invalid audience.";
/// 401 message of any other invalid token (Graph's wording).
pub const INVALID: &str = "Access token validation failure.";
/// 401 message when the issuer's signing keys could not be fetched.
pub const KEYS_UNAVAILABLE: &str =
    "Access token validation failure. The signing keys of the token issuer could not be fetched.";

/// Checks an `--oidc-issuer` URL: `http://` on a loopback host (127.0.0.0/8,
/// `localhost`, `[::1]`), without credentials, query or fragment.
pub fn check_issuer(url: &str) -> Result<(), String> {
    let (uri, _, _) = loopback_target(url)?;
    if uri.query().is_some() || url.contains('#') {
        return Err(format!(
            "'{url}': the issuer URL must not have a query or a fragment"
        ));
    }
    Ok(())
}

/// `url` parsed, and where to connect for it (host, port), if it is `http://` on a loopback host.
fn loopback_target(url: &str) -> Result<(Uri, String, u16), String> {
    let uri: Uri = url.parse().map_err(|_| format!("'{url}' is not a URL"))?;
    const RULE: &str = "the emulator only fetches keys over plain http:// from a loopback host \
                        (127.0.0.0/8, localhost or [::1])";
    if uri.scheme_str() != Some("http") {
        return Err(format!("'{url}' is not an http:// URL; {RULE}"));
    }
    let authority = uri
        .authority()
        .ok_or_else(|| format!("'{url}' has no host; {RULE}"))?;
    if authority.as_str().contains('@') {
        return Err(format!("'{url}' carries credentials; {RULE}"));
    }
    let host = authority.host();
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    let loopback = if host.eq_ignore_ascii_case("localhost") {
        true
    } else if host.starts_with('[') {
        bare.parse::<Ipv6Addr>().is_ok_and(|ip| ip.is_loopback())
    } else {
        bare.parse::<IpAddr>()
            .is_ok_and(|ip| ip.is_ipv4() && ip.is_loopback())
    };
    if !loopback {
        return Err(format!("'{url}' is not on a loopback host; {RULE}"));
    }
    let (host, port) = (bare.to_string(), authority.port_u16().unwrap_or(80));
    Ok((uri, host, port))
}

/// GETs `url` (`http://` on a loopback host only) and parses the body as JSON,
/// within [`FETCH_TIMEOUT`]; a non-2xx status is an error.
pub async fn http_get_json(url: &str) -> Result<Value, String> {
    tokio::time::timeout(FETCH_TIMEOUT, get_json(url))
        .await
        .map_err(|_| format!("GET {url}: no answer within {} s", FETCH_TIMEOUT.as_secs()))?
}

async fn get_json(url: &str) -> Result<Value, String> {
    let (uri, host, port) = loopback_target(url)?;
    let stream = TcpStream::connect((host.as_str(), port))
        .await
        .map_err(|e| format!("GET {url}: cannot connect: {e}"))?;
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .map_err(|e| format!("GET {url}: {e}"))?;
    // Drives the connection until the response is read (the task ends with it).
    tokio::spawn(async move {
        let _ = connection.await;
    });
    let path = uri.path_and_query().map_or("/", |p| p.as_str());
    let authority = uri.authority().map_or("", |a| a.as_str());
    let request = axum::http::Request::get(path)
        .header(header::HOST, authority)
        .header(header::ACCEPT, "application/json")
        .body(Empty::<Bytes>::new())
        .map_err(|e| format!("GET {url}: {e}"))?;
    let response = sender
        .send_request(request)
        .await
        .map_err(|e| format!("GET {url}: {e}"))?;
    let status = response.status();
    let body = Limited::new(response.into_body(), MAX_DOCUMENT_BYTES)
        .collect()
        .await
        .map_err(|e| format!("GET {url}: reading the body: {e}"))?
        .to_bytes();
    if !status.is_success() {
        return Err(format!("GET {url}: HTTP {status}"));
    }
    serde_json::from_slice(&body).map_err(|e| format!("GET {url}: the body is not JSON: {e}"))
}

/// A short, non-reversible fingerprint of a token (16 hex digits): tells
/// tokens apart in the request log without showing them.
pub fn fingerprint(token: &str) -> String {
    let mut hasher = DefaultHasher::new();
    token.hash(&mut hasher);
    format!("{:016x}", hasher.finish())
}

/// Who sent a verified token (a request extension in OIDC mode).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Caller {
    /// The `scp` claim as sent (empty when the token has none).
    pub scp: String,
    /// The `preferred_username` claim.
    pub user: Option<String>,
    /// The `oid` claim (the user's object id).
    pub oid: Option<String>,
    /// [`fingerprint`] of the token.
    pub token_id: String,
}

impl Caller {
    /// The key of this caller's rate-limit windows: its `oid`, else the token's fingerprint.
    pub fn rate_key(&self) -> String {
        match &self.oid {
            Some(oid) => format!("oid:{oid}"),
            None => format!("token:{}", self.token_id),
        }
    }
}

/// Why a token was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Rejection {
    /// `exp` is not in the future.
    Expired,
    /// `nbf` is in the future.
    NotYetValid,
    /// `aud` is none of the accepted audiences (or missing).
    Audience,
    /// Anything else: unparseable, bad signature, unknown key, wrong issuer...
    Invalid,
    /// The issuer's keys could not be fetched.
    KeysUnavailable,
}

impl Rejection {
    /// The message of the 401.
    pub fn message(&self) -> &'static str {
        match self {
            Rejection::Expired => EXPIRED,
            Rejection::NotYetValid => NOT_YET_VALID,
            Rejection::Audience => INVALID_AUDIENCE,
            Rejection::Invalid => INVALID,
            Rejection::KeysUnavailable => KEYS_UNAVAILABLE,
        }
    }

    /// The 401 `InvalidAuthenticationToken`.
    pub fn graph_error(&self) -> GraphError {
        GraphError::unauthenticated(self.message())
    }
}

/// The signing keys fetched last.
#[derive(Default)]
struct KeyCache {
    /// `None` until a fetch succeeded.
    keys: Option<Vec<Jwk>>,
    /// When the last fetch was tried.
    last_attempt: Option<Instant>,
    /// Whether the last fetch failed.
    last_failed: bool,
}

/// Verifies tokens of one issuer (see the module docs).
pub struct Verifier {
    /// The issuer without its trailing slash.
    issuer: String,
    audiences: Vec<String>,
    refetch_interval: Duration,
    cache: tokio::sync::Mutex<KeyCache>,
}

/// The signature algorithms accepted (asymmetric only: the keys come from a JWKS).
const ALGORITHMS: [Algorithm; 9] = [
    Algorithm::RS256,
    Algorithm::RS384,
    Algorithm::RS512,
    Algorithm::PS256,
    Algorithm::PS384,
    Algorithm::PS512,
    Algorithm::ES256,
    Algorithm::ES384,
    Algorithm::EdDSA,
];

impl Verifier {
    /// A verifier for tokens of `issuer` meant for `audience` (or Graph's app id).
    pub fn new(issuer: &str, audience: &str) -> Self {
        let mut audiences = vec![audience.to_string()];
        if audience != GRAPH_APP_ID {
            audiences.push(GRAPH_APP_ID.to_string());
        }
        Verifier {
            issuer: issuer.trim_end_matches('/').to_string(),
            audiences,
            refetch_interval: REFETCH_INTERVAL,
            cache: tokio::sync::Mutex::new(KeyCache::default()),
        }
    }

    /// The same with another minimum interval between two fetches of the keys.
    pub fn with_refetch_interval(mut self, interval: Duration) -> Self {
        self.refetch_interval = interval;
        self
    }

    /// The accepted audiences.
    pub fn audiences(&self) -> &[String] {
        &self.audiences
    }

    /// `{issuer}/.well-known/openid-configuration`.
    pub fn discovery_url(&self) -> String {
        format!("{}/.well-known/openid-configuration", self.issuer)
    }

    async fn fetch_keys(&self) -> Result<Vec<Jwk>, String> {
        let discovery = http_get_json(&self.discovery_url()).await?;
        let jwks_uri = discovery
            .get("jwks_uri")
            .and_then(Value::as_str)
            .ok_or_else(|| format!("{} has no jwks_uri", self.discovery_url()))?;
        let jwks = http_get_json(jwks_uri).await?;
        let keys = jwks
            .get("keys")
            .and_then(Value::as_array)
            .ok_or_else(|| format!("{jwks_uri} has no 'keys' array"))?;
        // A key this crate cannot read is skipped, not fatal for the others.
        Ok(keys
            .iter()
            .filter_map(|k| serde_json::from_value::<Jwk>(k.clone()).ok())
            .collect())
    }

    /// The key for `kid` (or the only key when the token names none), fetching
    /// the keys when there are none yet or `kid` is unknown (see [`REFETCH_INTERVAL`]).
    async fn key(&self, kid: Option<&str>, alg: Algorithm) -> Result<DecodingKey, Rejection> {
        let mut cache = self.cache.lock().await;
        let mut found = cache.keys.as_deref().and_then(|keys| find(keys, kid));
        if found.is_none()
            && cache
                .last_attempt
                .is_none_or(|t| t.elapsed() >= self.refetch_interval)
        {
            cache.last_attempt = Some(Instant::now());
            match self.fetch_keys().await {
                Ok(keys) => {
                    cache.keys = Some(keys);
                    cache.last_failed = false;
                }
                Err(e) => {
                    eprintln!(
                        "syncdeck-emulator: cannot fetch the signing keys of {}: {e}",
                        self.issuer
                    );
                    cache.last_failed = true;
                }
            }
            found = cache.keys.as_deref().and_then(|keys| find(keys, kid));
        }
        let Some(jwk) = found else {
            return Err(if cache.last_failed || cache.keys.is_none() {
                Rejection::KeysUnavailable
            } else {
                Rejection::Invalid
            });
        };
        if jwk
            .common
            .key_algorithm
            .filter(|a| *a != KeyAlgorithm::UNKNOWN_ALGORITHM)
            .is_some_and(|a| a != KeyAlgorithm::from(alg))
        {
            return Err(Rejection::Invalid);
        }
        let key = DecodingKey::from_jwk(jwk).map_err(|_| Rejection::Invalid)?;
        if key.family() != alg.family() || key.family() == AlgorithmFamily::Hmac {
            return Err(Rejection::Invalid);
        }
        Ok(key)
    }

    /// Verifies `token` (see the module docs) and tells who sent it.
    pub async fn verify(&self, token: &str) -> Result<Caller, Rejection> {
        let header = jsonwebtoken::decode_header(token).map_err(|_| Rejection::Invalid)?;
        if !ALGORITHMS.contains(&header.alg) {
            return Err(Rejection::Invalid);
        }
        let key = self.key(header.kid.as_deref(), header.alg).await?;
        let mut validation = Validation::new(header.alg);
        validation.leeway = 0;
        validation.validate_exp = true;
        validation.validate_nbf = true;
        validation.set_required_spec_claims(&["exp", "iss", "aud"]);
        validation.set_issuer(&[self.issuer.clone(), format!("{}/", self.issuer)]);
        validation.set_audience(&self.audiences);
        let claims = jsonwebtoken::decode::<Value>(token, &key, &validation)
            .map_err(|e| match e.kind() {
                ErrorKind::ExpiredSignature => Rejection::Expired,
                ErrorKind::ImmatureSignature => Rejection::NotYetValid,
                ErrorKind::InvalidAudience => Rejection::Audience,
                ErrorKind::MissingRequiredClaim(c) | ErrorKind::InvalidClaimFormat(c)
                    if c == "aud" =>
                {
                    Rejection::Audience
                }
                _ => Rejection::Invalid,
            })?
            .claims;
        // jsonwebtoken accepts `exp == now`; a token expires *at* `exp` (RFC 7519 §4.1.4).
        let now = jsonwebtoken::get_current_timestamp() as f64;
        if claims
            .get("exp")
            .and_then(Value::as_f64)
            .is_none_or(|exp| exp <= now)
        {
            return Err(Rejection::Expired);
        }
        let text = |name: &str| claims.get(name).and_then(Value::as_str).map(str::to_string);
        Ok(Caller {
            scp: text("scp").unwrap_or_default(),
            user: text("preferred_username"),
            oid: text("oid"),
            token_id: fingerprint(token),
        })
    }
}

/// The signing key named `kid`; without a `kid`, the only signing key.
fn find<'a>(keys: &'a [Jwk], kid: Option<&str>) -> Option<&'a Jwk> {
    let mut signing = keys.iter().filter(|k| {
        !matches!(
            k.common.public_key_use,
            Some(PublicKeyUse::Encryption | PublicKeyUse::Other(_))
        )
    });
    match kid {
        Some(kid) => signing.find(|k| k.common.key_id.as_deref() == Some(kid)),
        None => {
            let first = signing.next();
            if signing.next().is_some() {
                None
            } else {
                first
            }
        }
    }
}

/// The delegated permissions of an `scp` claim, lower-cased: space-separated;
/// a permission prefixed with a resource URL
/// (`https://graph.microsoft.com/Application.Read.All`) counts by the part
/// after its last `/`.
pub fn granted_scopes(scp: &str) -> Vec<String> {
    scp.split_whitespace()
        .map(|s| s.rsplit('/').next().unwrap_or(s).to_ascii_lowercase())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Read service principals.
const SERVICE_PRINCIPAL_READ: &[&str] = &[
    "Application.Read.All",
    "Application.ReadWrite.All",
    "Directory.Read.All",
    "Directory.ReadWrite.All",
];
/// Read synchronization jobs, templates, schema, secrets.
const SYNCHRONIZATION_READ: &[&str] =
    &["Synchronization.Read.All", "Synchronization.ReadWrite.All"];
/// Change synchronization jobs or secrets.
const SYNCHRONIZATION_WRITE: &[&str] = &["Synchronization.ReadWrite.All"];
/// Read the audit logs.
const AUDIT_LOG_READ: &[&str] = &["AuditLog.Read.All"];
/// Read the directory (needed with `AuditLog.Read.All` for the provisioning logs).
const DIRECTORY_READ: &[&str] = &["Directory.Read.All", "Directory.ReadWrite.All"];

/// The delegated permissions a request needs, by method and `path` (the part
/// after `/v1.0` or `/beta`, segment names compared case-insensitively): every
/// inner list needs one of its permissions. Empty = only a valid token (the
/// `$batch` envelope, whose sub-requests are checked each on its own, and
/// paths without a rule).
pub fn required_scopes(method: &Method, path: &str) -> &'static [&'static [&'static str]] {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let is = |i: usize, name: &str| {
        segments
            .get(i)
            .is_some_and(|s| s.eq_ignore_ascii_case(name))
    };
    if is(0, "servicePrincipals") {
        if is(2, "synchronization") {
            if method == Method::GET || method == Method::HEAD {
                &[SYNCHRONIZATION_READ]
            } else {
                &[SYNCHRONIZATION_WRITE]
            }
        } else {
            &[SERVICE_PRINCIPAL_READ]
        }
    } else if is(0, "auditLogs") && is(1, "provisioning") {
        &[AUDIT_LOG_READ, DIRECTORY_READ]
    } else {
        &[]
    }
}

/// Whether `granted` (from [`granted_scopes`]) meets `required` (from [`required_scopes`]).
pub fn satisfies(required: &[&[&str]], granted: &[String]) -> bool {
    required.iter().all(|any| {
        any.iter()
            .any(|need| granted.iter().any(|g| g.eq_ignore_ascii_case(need)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn allowed(method: Method, path: &str, scp: &str) -> bool {
        satisfies(required_scopes(&method, path), &granted_scopes(scp))
    }

    #[test]
    fn scp_is_split_on_spaces_lower_cased_and_stripped_of_resource_urls() {
        assert_eq!(
            granted_scopes(
                "  Application.Read.All https://graph.microsoft.com/Synchronization.ReadWrite.All\tUser.Read "
            ),
            [
                "application.read.all",
                "synchronization.readwrite.all",
                "user.read"
            ]
        );
        assert!(granted_scopes("").is_empty());
        assert!(granted_scopes("   ").is_empty());
        assert_eq!(
            granted_scopes("https://graph.microsoft.com/"),
            Vec::<String>::new()
        );
    }

    #[test]
    fn service_principals_need_an_application_or_directory_read_permission() {
        for path in [
            "/servicePrincipals",
            "/servicePrincipals/",
            "/servicePrincipals/abc",
            "/SERVICEPRINCIPALS/abc",
        ] {
            assert_eq!(
                required_scopes(&Method::GET, path),
                &[SERVICE_PRINCIPAL_READ],
                "{path}"
            );
            for scp in [
                "Application.Read.All",
                "Application.ReadWrite.All",
                "Directory.Read.All",
                "directory.readwrite.all",
                "https://graph.microsoft.com/Application.Read.All",
            ] {
                assert!(allowed(Method::GET, path, scp), "{path} {scp}");
            }
            for scp in [
                "",
                "Synchronization.ReadWrite.All",
                "AuditLog.Read.All User.Read",
                "Application.Read",
            ] {
                assert!(!allowed(Method::GET, path, scp), "{path} {scp}");
            }
        }
    }

    #[test]
    fn synchronization_reads_need_read_and_everything_else_read_write() {
        let base = "/servicePrincipals/abc/synchronization";
        for path in [
            base.to_string(),
            format!("{base}/jobs"),
            format!("{base}/jobs/j1"),
            format!("{base}/jobs/j1/schema"),
            format!("{base}/templates"),
            format!("{base}/secrets"),
        ] {
            assert_eq!(
                required_scopes(&Method::GET, &path),
                &[SYNCHRONIZATION_READ],
                "{path}"
            );
            assert!(allowed(Method::GET, &path, "Synchronization.Read.All"));
            assert!(allowed(Method::GET, &path, "Synchronization.ReadWrite.All"));
            assert!(!allowed(Method::GET, &path, "Application.Read.All"));
            for method in [Method::POST, Method::PUT, Method::PATCH, Method::DELETE] {
                assert_eq!(
                    required_scopes(&method, &path),
                    &[SYNCHRONIZATION_WRITE],
                    "{method} {path}"
                );
                assert!(!allowed(method.clone(), &path, "Synchronization.Read.All"));
                assert!(allowed(method, &path, "Synchronization.ReadWrite.All"));
            }
        }
        assert!(!allowed(
            Method::POST,
            &format!("{base}/jobs/j1/start"),
            "Synchronization.Read.All Application.ReadWrite.All Directory.ReadWrite.All"
        ));
    }

    #[test]
    fn provisioning_logs_need_audit_log_and_directory_read() {
        let path = "/auditLogs/provisioning";
        assert_eq!(
            required_scopes(&Method::GET, path),
            &[AUDIT_LOG_READ, DIRECTORY_READ]
        );
        assert!(allowed(
            Method::GET,
            path,
            "AuditLog.Read.All Directory.Read.All"
        ));
        assert!(allowed(
            Method::GET,
            path,
            "Directory.ReadWrite.All AuditLog.Read.All"
        ));
        assert!(!allowed(Method::GET, path, "AuditLog.Read.All"));
        assert!(!allowed(Method::GET, path, "Directory.Read.All"));
        assert!(!allowed(
            Method::GET,
            path,
            "Application.Read.All Directory.Read.All"
        ));
    }

    #[test]
    fn batch_and_other_paths_need_only_a_valid_token() {
        for path in [
            "/$batch",
            "/%24batch",
            "",
            "/",
            "/me",
            "/auditLogs",
            "/auditLogs/signIns",
        ] {
            assert!(required_scopes(&Method::GET, path).is_empty(), "{path}");
            assert!(required_scopes(&Method::POST, path).is_empty(), "{path}");
            assert!(allowed(Method::POST, path, ""), "{path}");
        }
    }

    #[test]
    fn issuers_must_be_plain_http_on_loopback() {
        for ok in [
            "http://127.0.0.1:9000",
            "http://127.1.2.3:9000/tenant/v2.0",
            "http://localhost:9000/",
            "http://LOCALHOST",
            "http://[::1]:9000/x",
        ] {
            assert!(check_issuer(ok).is_ok(), "{ok}");
        }
        for bad in [
            "https://127.0.0.1:9000",
            "https://login.microsoftonline.com/common/v2.0",
            "http://login.microsoftonline.com/x",
            "http://10.0.0.1:9000",
            "http://0.0.0.0:9000",
            "http://[::2]:9000",
            "http://[::ffff:127.0.0.1]:9000",
            "http://localhost.example.com",
            "http://user:pw@127.0.0.1:9000",
            "http://127.0.0.1:9000/?x=1",
            "127.0.0.1:9000",
            "not a url",
            "",
        ] {
            assert!(check_issuer(bad).is_err(), "{bad}");
        }
        let message = check_issuer("https://login.microsoftonline.com/x").unwrap_err();
        assert!(message.contains("loopback"), "{message}");
    }

    #[test]
    fn fingerprints_are_short_stable_and_distinct() {
        let a = fingerprint("header.payload.signature");
        assert_eq!(a.len(), 16);
        assert!(a.chars().all(|c| c.is_ascii_hexdigit()));
        assert_eq!(a, fingerprint("header.payload.signature"));
        assert_ne!(a, fingerprint("header.payload.signaturf"));
    }

    #[test]
    fn rejections_say_what_graph_says() {
        let e = Rejection::Expired.graph_error();
        assert_eq!(e.status, axum::http::StatusCode::UNAUTHORIZED);
        assert_eq!(e.code, "InvalidAuthenticationToken");
        assert_eq!(
            e.message,
            "Lifetime validation failed, the token is expired."
        );
        assert_eq!(
            Rejection::Audience.message(),
            "Access token validation failure. Invalid audience."
        );
        assert_eq!(
            Rejection::Invalid.message(),
            "Access token validation failure."
        );
        assert!(
            Rejection::KeysUnavailable
                .message()
                .contains("could not be fetched")
        );
    }

    #[test]
    fn audiences_always_include_graphs_app_id() {
        let v = Verifier::new("http://127.0.0.1:1/", "api://custom");
        assert_eq!(v.audiences(), ["api://custom", GRAPH_APP_ID]);
        assert_eq!(
            v.discovery_url(),
            "http://127.0.0.1:1/.well-known/openid-configuration"
        );
        let v = Verifier::new("http://127.0.0.1:1", GRAPH_APP_ID);
        assert_eq!(v.audiences(), [GRAPH_APP_ID]);
    }
}
