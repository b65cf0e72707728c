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
//!
//! [`fetch`] gets the keys (and checks the issuer URL), [`scopes`] knows
//! which permissions each route needs.

pub mod fetch;
pub mod scopes;

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::time::{Duration, Instant};

use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::jwk::{Jwk, KeyAlgorithm, PublicKeyUse};
use jsonwebtoken::{Algorithm, AlgorithmFamily, DecodingKey, Validation};
use serde_json::Value;

use crate::odata::GraphError;

pub use fetch::{FETCH_TIMEOUT, check_issuer, http_get_json};
pub use scopes::{granted_scopes, required_scopes, satisfies};

/// Microsoft Graph's application id, an audience always accepted.
pub const GRAPH_APP_ID: &str = "00000003-0000-0000-c000-000000000000";
/// The audience accepted unless `--oidc-audience` says otherwise.
pub const DEFAULT_AUDIENCE: &str = "https://graph.microsoft.com";
/// The keys are fetched again for an unknown `kid` at most this often.
pub const REFETCH_INTERVAL: Duration = Duration::from_secs(2);

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
        // jsonwebtoken accepts `exp == now`; a token expires *at* `exp`, see
        // <https://www.rfc-editor.org/rfc/rfc7519#section-4.1.4>.
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

#[cfg(test)]
mod tests {
    use super::*;

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
