//! `--oidc-issuer`: real JWTs checked against a local identity provider's
//! JWKS, and the scopes each route needs, over real HTTP.

mod http;

use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::routing::get;
use axum::{Json, Router};
use http::*;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};
use syncdeck_emulator::oidc::{Rejection, Verifier};
use syncdeck_emulator::{Error, Options, Server};

// TEST-ONLY KEYS. Two EC P-256 (ES256) key pairs generated with
// `openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256` for these
// tests and nothing else; the private halves are public on purpose.

/// Test-only private key whose public half ([`GOOD_X`], [`GOOD_Y`]) the test identity provider publishes.
const GOOD_KEY_PEM: &str = "-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgGf16rRq7JajTJpCx
jRnwGbEFLx3itFHgbxZ8IECKE0ehRANCAATO/6AVJ0z3q5NSZAXKbkCdGN1lKAx/
MEGIp1uV6IY+WXy9A1Eb67yTAPRN8CtCrov/yibAsuXznqpYs2qtGSlb
-----END PRIVATE KEY-----
";
const GOOD_KID: &str = "test-key-good";
const GOOD_X: &str = "zv-gFSdM96uTUmQFym5AnRjdZSgMfzBBiKdbleiGPlk";
const GOOD_Y: &str = "fL0DURvrvJMA9E3wK0Kui__KJsCy5fOeqlizaq0ZKVs";

/// Test-only private key the identity provider does not publish (unless a test adds [`OTHER_X`], [`OTHER_Y`]).
const OTHER_KEY_PEM: &str = "-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgaErEi7iK+s5BnisI
yv8coOeOJ0tV9fSFdavbwi+WXGihRANCAAS6a3alI/bnpfhU7Eq8fCT/ON7Lq0Pt
KSzdjUgdy0VWA8P7xkVkGQv4bm7aE4vhJKq166MuTuam8JafcVXCe/j0
-----END PRIVATE KEY-----
";
const OTHER_KID: &str = "test-key-other";
const OTHER_X: &str = "umt2pSP256X4VOxKvHwk_zjey6tD7Sks3Y1IHctFVgM";
const OTHER_Y: &str = "w_vGRWQZC_hubtoTi-EkqrXroy5O5qbwlp9xVcJ7-PQ";

/// Test-only RSA-2048 private key (`openssl genpkey -algorithm RSA`), for RS256 tokens, as the
/// end-to-end tests' identity provider signs them; [`RSA_N`] is its modulus (exponent 65537).
const RSA_KEY_PEM: &str = "-----BEGIN PRIVATE KEY-----
MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQCkU3dWqXrQzzLm
DXpxB9pvHhwL5b8+CKCIUqPStj1aZ4qGQJigJMwImh5qTWTSCdn7d/Y1a/PEUdWp
p65hizCmzt85B0sqheVQz2DDzkvmXJQh6QlR01zpUc8fdePM7Vjh+b7pWaCtMmlK
7QAwmjSeQ5iaBnxnojoJOR7yefD9VnXRoCVJ1xdugqNFc4XVUw3NQsEgzAkDbw/V
PRUDSoBFXa0Xt37IZFm+EAbMxsezyR70+Kn9KNWM7keNzGFGbEP48dIdzwuhgi6N
H1wko1gakYZGNlrQgbYMUzaAj96W9blOxO+NbOYbBln67bixxID9TD7KxSs2LDQ0
+bN8g+O1AgMBAAECggEAHFrMqlcHOrWuDjVALfXRcsAKzeDAbadWb/92hjrs/kcE
h6Lo0yVWUZuqaORe48FQbExoXxJ4FyWZzTMCa5F1fSsQKIqCJV3CUn3eMBtOTHso
EmvgME7c5uO3bjHM84T3A9Mw5poRGCGtOoEHuds5/h8i210IJWfAROwm02dINqZo
QrYY5QAWwdxsFF65zVmVNLtxvR2X63OqYMZ5nSkDVHWguBv/UlC4j+pTXFHJJEfI
pty5UnHbqejYwTNzimJqmlmr2v2bdPt2/DfDvB3p1+EcnmMdqC47DiRLhwDIiHK0
0mMZpw4NZU3i/5BP4obShXXDiasz2Zu6IW34jvkNpwKBgQDXdLucP9UMxTqY2Eeu
D75+60RPsaKVCzqM47oGoD8a96530V4O9RI+CMHL6liJQOOm/Cl+9KqRq641VADm
UKYw8X67YZlC+9kgTEKNAZ3zM6iH6cbRSxVo0IHJfPug/2ij1ZD3MdANSQrQpEjI
cvqCZz4dT9NzyluNWAQZ/qzTrwKBgQDDP6ANruzNMHhz/cwo/qFY5U6U6u1CGO0a
so83GRV1XZmKJmcIS6mbM5IXjgt28Ka31HeONKq5McXYhVUofn71NYLocs7IZWSw
rPyMZzPwPhnNArd05DLrtnZCagUCmpcptaXWa5Q7//cGUrWoXMpyNr5SNbCKrobq
OtMq7fxD2wKBgQC5BsVq7KJw4httUSdVgq3MXwx+CAWgS1FP1u1VbV5kMVoCCanl
3G57GZgcHzdDP5eBOsIEBedJTA9COs6++3mNRIbaMnmkvZV8GCF66G2VgsJzXb7g
08MiDRW4S/3oCA77y5c/weZy0kxYWw0qHxukyzbbg0cLBDfVTUXQcRZIfwKBgDjy
ltFG4wSaDZfvP5v5YMAX6cqfluH/eTCfQgxVAaBA06aqusR9pROCgCrkoE1ptYbK
rrBIhj8L2GPlx8fO1WLZ37vCuLNUd4Dcg7DD7S82PbpA/5dVc9CyYF3QpHN0+YAN
3jfjGtJBPyCWASwBHH8hnnNF+58Hdoxc6fiMf1afAoGBALVWzz9Uc2tXERot/yNt
++P8gPOVOpR/pbfgJvA3z89AEjBFOfpX0s/o4pRKBlR3tm8/YtiTMmgGv219ahZ1
XIWOsJCpiT68jNr1fra4swmtC9pWacMpQcQwFr7YEMQV5JE+g1OCK5nvyhZtnen1
H6Co7XYHkWPSbnw1frWudO+f
-----END PRIVATE KEY-----
";
const RSA_KID: &str = "test-key-rsa";
const RSA_N: &str = "pFN3Vql60M8y5g16cQfabx4cC-W_PgigiFKj0rY9WmeKhkCYoCTMCJoeak1k0gnZ-3f2NWvzxFHVqaeuYYswps7fOQdLKoXlUM9gw85L5lyUIekJUdNc6VHPH3XjzO1Y4fm-6VmgrTJpSu0AMJo0nkOYmgZ8Z6I6CTke8nnw_VZ10aAlSdcXboKjRXOF1VMNzULBIMwJA28P1T0VA0qARV2tF7d-yGRZvhAGzMbHs8ke9Pip_SjVjO5HjcxhRmxD-PHSHc8LoYIujR9cJKNYGpGGRjZa0IG2DFM2gI_elvW5TsTvjWzmGwZZ-u24scSA_Uw-ysUrNiw0NPmzfIPjtQ";

const GRAPH: &str = "https://graph.microsoft.com";
const READ: &str = "Application.Read.All Synchronization.Read.All";
const READ_WRITE: &str = "Application.Read.All Synchronization.ReadWrite.All";

fn jwk(kid: &str, x: &str, y: &str) -> Value {
    json!({"kty": "EC", "crv": "P-256", "use": "sig", "alg": "ES256", "kid": kid, "x": x, "y": y})
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// A local identity provider: discovery document and JWKS, counting JWKS fetches.
struct Idp {
    issuer: String,
    keys: Arc<Mutex<Vec<Value>>>,
    jwks_fetches: Arc<AtomicUsize>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Drop for Idp {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

impl Idp {
    /// Publishes the good key; the discovery document points at `/keys`
    /// (or at `jwks_uri` when given).
    async fn start(jwks_uri: Option<&str>) -> Idp {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let issuer = format!("http://{}", listener.local_addr().unwrap());
        let keys = Arc::new(Mutex::new(vec![jwk(GOOD_KID, GOOD_X, GOOD_Y)]));
        let jwks_fetches = Arc::new(AtomicUsize::new(0));
        let discovery = json!({
            "issuer": issuer,
            "jwks_uri": jwks_uri.map_or_else(|| format!("{issuer}/keys"), str::to_string),
        });
        let (k, n) = (keys.clone(), jwks_fetches.clone());
        let router = Router::new()
            .route(
                "/.well-known/openid-configuration",
                get(move || async move { Json(discovery) }),
            )
            .route(
                "/keys",
                get(move || async move {
                    n.fetch_add(1, Ordering::SeqCst);
                    Json(json!({ "keys": k.lock().unwrap().clone() }))
                }),
            );
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(async move {
            axum::serve(listener, router)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await
                .unwrap();
        });
        Idp {
            issuer,
            keys,
            jwks_fetches,
            stop: Some(stop),
        }
    }

    fn publish(&self, key: Value) {
        self.keys.lock().unwrap().push(key);
    }

    fn fetches(&self) -> usize {
        self.jwks_fetches.load(Ordering::SeqCst)
    }

    /// Claims of a valid token for `user` with `scp`, valid for an hour.
    fn claims(&self, scp: &str, user: &str) -> Value {
        let now = now();
        json!({
            "iss": self.issuer,
            "aud": GRAPH,
            "iat": now - 60,
            "nbf": now - 60,
            "exp": now + 3600,
            "scp": scp,
            "oid": format!("oid-of-{user}"),
            "preferred_username": format!("{user}@contoso.example"),
        })
    }

    /// A valid token signed with the good key.
    fn token(&self, scp: &str, user: &str) -> String {
        sign(GOOD_KEY_PEM, GOOD_KID, &self.claims(scp, user))
    }
}

fn sign(pem: &str, kid: &str, claims: &Value) -> String {
    let mut header = Header::new(Algorithm::ES256);
    header.kid = Some(kid.to_string());
    let key = EncodingKey::from_ec_pem(pem.as_bytes()).unwrap();
    jsonwebtoken::encode(&header, claims, &key).unwrap()
}

/// An emulator that enforces `idp`'s tokens.
async fn emulator(idp: &Idp, options: Options) -> Emu {
    Emu::start(Options {
        oidc_issuer: Some(idp.issuer.clone()),
        ..options
    })
    .await
}

async fn call(emu: &Emu, method: &str, path: &str, token: &str, body: Option<&str>) -> Resp {
    let auth = format!("Bearer {token}");
    let mut headers = vec![("Authorization", auth.as_str())];
    if body.is_some() {
        headers.push(("Content-Type", "application/json"));
    }
    emu.send(method, path, body, &headers).await
}

/// The 401 of an invalid token: Graph's envelope, `WWW-Authenticate`, and its message.
fn unauthenticated(r: &Resp) -> String {
    assert_eq!(r.status, 401, "{}", r.text());
    assert!(
        r.header("www-authenticate")
            .is_some_and(|v| v.starts_with("Bearer ")),
        "{:?}",
        r.headers
    );
    let body = r.json();
    assert_eq!(
        body["error"]["code"], "InvalidAuthenticationToken",
        "{body}"
    );
    assert!(body["error"]["innerError"]["request-id"].is_string());
    body["error"]["message"].as_str().unwrap().to_string()
}

fn forbidden(r: &Resp) {
    assert_eq!(r.status, 403, "{}", r.text());
    let body = r.json();
    assert_eq!(
        body["error"]["code"], "Authorization_RequestDenied",
        "{body}"
    );
    assert_eq!(
        body["error"]["message"],
        "Insufficient privileges to complete the operation."
    );
}

/// The id of the service principal named `name` and its first job's path.
async fn job_of(emu: &Emu, token: &str, name: &str) -> (String, String) {
    let r = call(emu, "GET", "/v1.0/servicePrincipals?$top=999", token, None).await;
    assert_eq!(r.status, 200, "{}", r.text());
    let sp = r.json()["value"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["displayName"] == name)
        .unwrap_or_else(|| panic!("no service principal {name}"))["id"]
        .as_str()
        .unwrap()
        .to_string();
    let jobs = format!("/v1.0/servicePrincipals/{sp}/synchronization/jobs");
    let r = call(emu, "GET", &jobs, token, None).await;
    assert_eq!(r.status, 200, "{}", r.text());
    let id = r.json()["value"][0]["id"].as_str().unwrap().to_string();
    (sp, format!("{jobs}/{id}"))
}

async fn job_status(emu: &Emu, token: &str, job_path: &str) -> String {
    let r = call(emu, "GET", job_path, token, None).await;
    assert_eq!(r.status, 200, "{}", r.text());
    r.json()["status"]["code"].as_str().unwrap().to_string()
}

async fn job_schedule(emu: &Emu, token: &str, job_path: &str) -> String {
    let r = call(emu, "GET", job_path, token, None).await;
    assert_eq!(r.status, 200, "{}", r.text());
    r.json()["schedule"]["state"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn good_read_token_lists_service_principals_and_jobs() {
    let idp = Idp::start(None).await;
    let emu = emulator(&idp, options()).await;
    let token = idp.token(READ, "reader");
    let r = call(&emu, "GET", "/v1.0/servicePrincipals?$top=2", &token, None).await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["value"].as_array().unwrap().len(), 2);
    let r = call(&emu, "GET", "/beta/servicePrincipals?$top=1", &token, None).await;
    assert_eq!(r.status, 200, "{}", r.text());
    let (sp, job_path) = job_of(&emu, &token, "Zendesk").await;
    let r = call(
        &emu,
        "GET",
        &format!("/v1.0/servicePrincipals/{sp}"),
        &token,
        None,
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(job_status(&emu, &token, &job_path).await, "Paused");
    // Graph's app id is an accepted audience too; a resource-prefixed scope counts.
    let mut claims = idp.claims(
        "https://graph.microsoft.com/Application.Read.All Synchronization.Read.All",
        "reader",
    );
    claims["aud"] = json!("00000003-0000-0000-c000-000000000000");
    let token = sign(GOOD_KEY_PEM, GOOD_KID, &claims);
    assert_eq!(job_status(&emu, &token, &job_path).await, "Paused");
}

#[tokio::test]
async fn rs256_token_verifies_against_an_rsa_jwk() {
    let idp = Idp::start(None).await;
    idp.publish(json!({"kty": "RSA", "use": "sig", "alg": "RS256", "kid": RSA_KID, "n": RSA_N, "e": "AQAB"}));
    let emu = emulator(&idp, options()).await;
    let claims = idp.claims(READ, "reader");
    let mut header = Header::new(Algorithm::RS256);
    header.kid = Some(RSA_KID.to_string());
    let key = EncodingKey::from_rsa_pem(RSA_KEY_PEM.as_bytes()).unwrap();
    let token = jsonwebtoken::encode(&header, &claims, &key).unwrap();
    let r = call(&emu, "GET", "/v1.0/servicePrincipals?$top=1", &token, None).await;
    assert_eq!(r.status, 200, "{}", r.text());
    // The RSA key's kid with an EC signature: refused.
    let wrong = sign(GOOD_KEY_PEM, RSA_KID, &claims);
    let r = call(&emu, "GET", "/v1.0/servicePrincipals?$top=1", &wrong, None).await;
    assert_eq!(unauthenticated(&r), "Access token validation failure.");
}

#[tokio::test]
async fn missing_application_read_is_403_on_service_principals() {
    let idp = Idp::start(None).await;
    let emu = emulator(&idp, options()).await;
    let (sp, job_path) = job_of(&emu, &idp.token(READ, "reader"), "Zendesk").await;
    let sync_only = idp.token("Synchronization.ReadWrite.All User.Read", "syncer");
    forbidden(&call(&emu, "GET", "/v1.0/servicePrincipals", &sync_only, None).await);
    forbidden(
        &call(
            &emu,
            "GET",
            &format!("/beta/servicePrincipals/{sp}"),
            &sync_only,
            None,
        )
        .await,
    );
    // The same token may read the synchronization endpoints.
    assert_eq!(job_status(&emu, &sync_only, &job_path).await, "Paused");
    // Directory.Read.All also reads service principals.
    let dir = idp.token("Directory.Read.All", "dir");
    let r = call(&emu, "GET", "/v1.0/servicePrincipals?$top=1", &dir, None).await;
    assert_eq!(r.status, 200, "{}", r.text());
    forbidden(&call(&emu, "GET", &job_path, &dir, None).await);
}

#[tokio::test]
async fn read_only_token_cannot_start_a_job_read_write_can() {
    let idp = Idp::start(None).await;
    let emu = emulator(&idp, options()).await;
    let reader = idp.token(READ, "reader");
    let writer = idp.token(READ_WRITE, "writer");
    let (_, job_path) = job_of(&emu, &reader, "Zendesk").await;
    assert_eq!(job_status(&emu, &reader, &job_path).await, "Paused");

    let start = format!("{job_path}/start");
    forbidden(&call(&emu, "POST", &start, &reader, Some("")).await);
    assert_eq!(
        job_status(&emu, &reader, &job_path).await,
        "Paused",
        "a refused start does not start the job"
    );
    forbidden(
        &call(
            &emu,
            "POST",
            &format!("{job_path}/pause"),
            &reader,
            Some(""),
        )
        .await,
    );

    let r = call(&emu, "POST", &start, &writer, Some("")).await;
    assert_eq!(r.status, 204, "{}", r.text());
    assert_eq!(job_schedule(&emu, &reader, &job_path).await, "Active");
    assert_ne!(job_status(&emu, &reader, &job_path).await, "Paused");
}

#[tokio::test]
async fn provisioning_logs_need_audit_log_and_directory_read() {
    let idp = Idp::start(None).await;
    let emu = emulator(&idp, options()).await;
    let path = "/v1.0/auditLogs/provisioning?$top=1";
    forbidden(
        &call(
            &emu,
            "GET",
            path,
            &idp.token("AuditLog.Read.All", "a"),
            None,
        )
        .await,
    );
    forbidden(
        &call(
            &emu,
            "GET",
            path,
            &idp.token("Directory.Read.All", "b"),
            None,
        )
        .await,
    );
    let r = call(
        &emu,
        "GET",
        path,
        &idp.token("AuditLog.Read.All Directory.Read.All", "c"),
        None,
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
}

#[tokio::test]
async fn expired_token_is_401_lifetime_validation_failed() {
    let idp = Idp::start(None).await;
    let emu = emulator(&idp, options()).await;
    let mut claims = idp.claims(READ, "late");
    claims["exp"] = json!(now() - 1);
    let r = call(
        &emu,
        "GET",
        "/v1.0/servicePrincipals",
        &sign(GOOD_KEY_PEM, GOOD_KID, &claims),
        None,
    )
    .await;
    assert_eq!(
        unauthenticated(&r),
        "Lifetime validation failed, the token is expired."
    );
    // The same claims, not expired, pass: the expiry was the reason.
    claims["exp"] = json!(now() + 60);
    let r = call(
        &emu,
        "GET",
        "/v1.0/servicePrincipals?$top=1",
        &sign(GOOD_KEY_PEM, GOOD_KID, &claims),
        None,
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
}

#[tokio::test]
async fn wrong_audience_is_401_invalid_audience() {
    let idp = Idp::start(None).await;
    let emu = emulator(&idp, options()).await;
    for aud in [
        json!("api://someone-else"),
        json!(["https://management.azure.com"]),
    ] {
        let mut claims = idp.claims(READ, "reader");
        claims["aud"] = aud;
        let r = call(
            &emu,
            "GET",
            "/v1.0/servicePrincipals",
            &sign(GOOD_KEY_PEM, GOOD_KID, &claims),
            None,
        )
        .await;
        assert_eq!(
            unauthenticated(&r),
            "Access token validation failure. Invalid audience."
        );
    }
    // --oidc-audience changes the accepted audience.
    let custom = emulator(
        &idp,
        Options {
            oidc_audience: "api://syncdeck".to_string(),
            ..options()
        },
    )
    .await;
    let mut claims = idp.claims(READ, "reader");
    claims["aud"] = json!("api://syncdeck");
    let token = sign(GOOD_KEY_PEM, GOOD_KID, &claims);
    let r = call(
        &custom,
        "GET",
        "/v1.0/servicePrincipals?$top=1",
        &token,
        None,
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let r = call(&emu, "GET", "/v1.0/servicePrincipals?$top=1", &token, None).await;
    assert_eq!(r.status, 401);
}

#[tokio::test]
async fn token_signed_by_another_key_is_401() {
    let idp = Idp::start(None).await;
    let emu = emulator(&idp, options()).await;
    let claims = idp.claims(READ, "mallory");
    // The published key's kid, another key's signature.
    let forged = sign(OTHER_KEY_PEM, GOOD_KID, &claims);
    let r = call(&emu, "GET", "/v1.0/servicePrincipals", &forged, None).await;
    assert_eq!(unauthenticated(&r), "Access token validation failure.");
    // A kid the issuer does not publish.
    let unknown = sign(OTHER_KEY_PEM, OTHER_KID, &claims);
    let r = call(&emu, "GET", "/v1.0/servicePrincipals", &unknown, None).await;
    assert_eq!(unauthenticated(&r), "Access token validation failure.");
    // Another issuer, the good key.
    let mut other_issuer = claims.clone();
    other_issuer["iss"] = json!("http://127.0.0.1:1");
    let r = call(
        &emu,
        "GET",
        "/v1.0/servicePrincipals",
        &sign(GOOD_KEY_PEM, GOOD_KID, &other_issuer),
        None,
    )
    .await;
    assert_eq!(unauthenticated(&r), "Access token validation failure.");
    // The same claims, properly signed, pass.
    let r = call(
        &emu,
        "GET",
        "/v1.0/servicePrincipals?$top=1",
        &sign(GOOD_KEY_PEM, GOOD_KID, &claims),
        None,
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
}

#[tokio::test]
async fn static_demo_token_is_401_in_oidc_mode() {
    let idp = Idp::start(None).await;
    let emu = emulator(&idp, options()).await;
    let r = emu.get("/v1.0/servicePrincipals").await;
    assert_eq!(unauthenticated(&r), "Access token validation failure.");
    let r = emu.send("GET", "/v1.0/servicePrincipals", None, &[]).await;
    assert_eq!(unauthenticated(&r), "Access token is empty.");
    // Without --oidc-issuer the demo token is what works.
    let plain = Emu::default().await;
    assert_eq!(
        plain.get("/v1.0/servicePrincipals?$top=1").await.status,
        200
    );
    let r = call(
        &plain,
        "GET",
        "/v1.0/servicePrincipals?$top=1",
        &idp.token(READ, "reader"),
        None,
    )
    .await;
    assert_eq!(r.status, 401);
}

#[tokio::test]
async fn batch_with_read_only_token_forbids_only_the_write() {
    let idp = Idp::start(None).await;
    let emu = emulator(&idp, options()).await;
    let reader = idp.token(READ, "reader");
    let (_, job_path) = job_of(&emu, &reader, "Zendesk").await;
    let relative = job_path.strip_prefix("/v1.0").unwrap();
    let batch = json!({"requests": [
        {"id": "read", "method": "GET", "url": relative},
        {"id": "write", "method": "POST", "url": format!("{relative}/start"),
         "headers": {"Content-Type": "application/json"}, "body": {}},
        {"id": "list", "method": "GET", "url": "/servicePrincipals?$top=1"},
    ]});
    let r = call(
        &emu,
        "POST",
        "/v1.0/$batch",
        &reader,
        Some(&batch.to_string()),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let responses = r.json()["responses"].as_array().unwrap().clone();
    let by_id = |id: &str| {
        responses
            .iter()
            .find(|x| x["id"] == id)
            .unwrap_or_else(|| panic!("no sub-response {id}"))
            .clone()
    };
    assert_eq!(by_id("read")["status"], 200);
    assert_eq!(by_id("list")["status"], 200);
    let write = by_id("write");
    assert_eq!(write["status"], 403, "{write}");
    assert_eq!(
        write["body"]["error"]["code"],
        "Authorization_RequestDenied"
    );
    assert_eq!(job_status(&emu, &reader, &job_path).await, "Paused");

    // The envelope itself needs only a valid token; an invalid one fails it whole.
    let nobody = idp.token("", "nobody");
    let r = call(
        &emu,
        "POST",
        "/v1.0/$batch",
        &nobody,
        Some(&batch.to_string()),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(
        r.json()["responses"]
            .as_array()
            .unwrap()
            .iter()
            .all(|x| x["status"] == 403),
        "{}",
        r.text()
    );
    let r = emu.post("/v1.0/$batch", &batch.to_string()).await;
    unauthenticated(&r);

    // The same batch with a read-write token starts the job.
    let writer = idp.token(READ_WRITE, "writer");
    let r = call(
        &emu,
        "POST",
        "/v1.0/$batch",
        &writer,
        Some(&batch.to_string()),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(job_schedule(&emu, &reader, &job_path).await, "Active");
    assert_ne!(job_status(&emu, &reader, &job_path).await, "Paused");
}

#[tokio::test]
async fn request_log_shows_scp_user_and_token_id_never_the_token() {
    let idp = Idp::start(None).await;
    let emu = emulator(&idp, options()).await;
    let alice = idp.token(READ, "alice");
    let bob = idp.token(READ_WRITE, "bob");
    let mut expired = idp.claims(READ, "carol");
    expired["exp"] = json!(now() - 1);
    let expired = sign(GOOD_KEY_PEM, GOOD_KID, &expired);
    let mut anonymous = idp.claims(READ, "x");
    anonymous
        .as_object_mut()
        .unwrap()
        .remove("preferred_username");
    let anonymous = sign(GOOD_KEY_PEM, GOOD_KID, &anonymous);

    call(&emu, "GET", "/v1.0/servicePrincipals?$top=1", &alice, None).await;
    call(&emu, "GET", "/beta/servicePrincipals?$top=1", &bob, None).await;
    call(
        &emu,
        "GET",
        "/v1.0/servicePrincipals?$top=1",
        &expired,
        None,
    )
    .await;
    call(
        &emu,
        "GET",
        "/v1.0/servicePrincipals?$top=1",
        &anonymous,
        None,
    )
    .await;
    let batch =
        json!({"requests": [{"id": "1", "method": "GET", "url": "/servicePrincipals?$top=1"}]});
    call(&emu, "POST", "/v1.0/$batch", &bob, Some(&batch.to_string())).await;

    let raw = emu.admin("GET", "/_emulator/requests", None).await.text();
    for token in [&alice, &bob, &expired, &anonymous] {
        assert!(
            !raw.contains(token.as_str()),
            "the log shows a token: {raw}"
        );
        let signature = token.rsplit('.').next().unwrap();
        assert!(!raw.contains(signature), "the log shows a signature: {raw}");
    }
    let log = emu.log().await;
    assert_eq!(log.len(), 6, "{raw}");
    let (a, b, e, anon) = (&log[0], &log[1], &log[2], &log[3]);
    assert_eq!(a["status"], 200);
    assert_eq!(a["scp"], READ);
    assert_eq!(a["user"], "alice@contoso.example");
    assert_eq!(b["scp"], READ_WRITE);
    assert_eq!(b["user"], "bob@contoso.example");
    for entry in [a, b, anon] {
        let id = entry["tokenId"].as_str().unwrap();
        assert_eq!(id.len(), 16, "{entry}");
        assert!(id.chars().all(|c| c.is_ascii_hexdigit()), "{entry}");
    }
    assert_ne!(a["tokenId"], b["tokenId"]);
    assert_ne!(a["tokenId"], anon["tokenId"]);
    // A token that failed verification: no identity.
    assert_eq!(e["status"], 401);
    for field in ["scp", "user", "tokenId"] {
        assert!(e.get(field).is_none(), "{e}");
    }
    // Verified, without preferred_username.
    assert_eq!(anon["scp"], READ);
    assert!(anon.get("user").is_none(), "{anon}");
    // The batch envelope and its sub-request carry bob's token.
    let (envelope, sub) = if log[4]["batch"].is_null() {
        (&log[4], &log[5])
    } else {
        (&log[5], &log[4])
    };
    assert_eq!(envelope["path"], "/v1.0/$batch");
    assert_eq!(sub["batch"]["requestId"], "1");
    for entry in [envelope, sub] {
        assert_eq!(entry["tokenId"], b["tokenId"], "{entry}");
        assert_eq!(entry["user"], "bob@contoso.example");
        assert_eq!(entry["scp"], READ_WRITE);
    }
}

#[tokio::test]
async fn reports_rate_limit_counts_per_user() {
    let idp = Idp::start(None).await;
    let emu = emulator(
        &idp,
        Options {
            reports_limit: 2,
            ..options()
        },
    )
    .await;
    let scp = "AuditLog.Read.All Directory.Read.All";
    let path = "/v1.0/auditLogs/provisioning?$top=1";
    let first = idp.token(scp, "first");
    for _ in 0..2 {
        assert_eq!(call(&emu, "GET", path, &first, None).await.status, 200);
    }
    assert_eq!(call(&emu, "GET", path, &first, None).await.status, 429);
    // A fresh token of the same user (same oid) shares the window.
    let mut again = idp.claims(scp, "first");
    again["iat"] = json!(now() - 5);
    let again = sign(GOOD_KEY_PEM, GOOD_KID, &again);
    assert_ne!(again, first);
    assert_eq!(call(&emu, "GET", path, &again, None).await.status, 429);
    // Another user (another oid) has a window of its own.
    let second = idp.token(scp, "second-user");
    assert_eq!(call(&emu, "GET", path, &second, None).await.status, 200);
}

#[tokio::test]
async fn keys_are_fetched_lazily_once_and_cached() {
    let idp = Idp::start(None).await;
    let emu = emulator(&idp, options()).await;
    assert_eq!(
        emu.admin("GET", "/_emulator/health", None).await.status,
        200
    );
    assert_eq!(idp.fetches(), 0, "no fetch before a token needs the keys");
    let token = idp.token(READ, "reader");
    let (_, job_path) = job_of(&emu, &token, "Zendesk").await;
    assert_eq!(idp.fetches(), 1);
    for _ in 0..3 {
        job_status(&emu, &token, &job_path).await;
    }
    let batch = json!({"requests": [
        {"id": "1", "method": "GET", "url": "/servicePrincipals?$top=1"},
        {"id": "2", "method": "GET", "url": "/servicePrincipals?$top=2"},
    ]});
    let r = call(
        &emu,
        "POST",
        "/v1.0/$batch",
        &token,
        Some(&batch.to_string()),
    )
    .await;
    assert_eq!(r.status, 200);
    assert_eq!(idp.fetches(), 1, "the keys are cached");
}

#[tokio::test]
async fn unreachable_keys_are_401_saying_so() {
    // Nothing listens on this port any more.
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap()
    };
    let idp = Idp::start(None).await;
    let claims = idp.claims(READ, "reader");
    let emu = Emu::start(Options {
        oidc_issuer: Some(format!("http://{closed}")),
        ..options()
    })
    .await;
    let mut c = claims.clone();
    c["iss"] = json!(format!("http://{closed}"));
    let r = call(
        &emu,
        "GET",
        "/v1.0/servicePrincipals",
        &sign(GOOD_KEY_PEM, GOOD_KID, &c),
        None,
    )
    .await;
    let message = unauthenticated(&r);
    assert!(message.contains("could not be fetched"), "{message}");

    // A discovery document naming a JWKS off this machine: never fetched.
    let remote = Idp::start(Some(
        "https://login.microsoftonline.com/common/discovery/v2.0/keys",
    ))
    .await;
    let emu = emulator(&remote, options()).await;
    let r = call(
        &emu,
        "GET",
        "/v1.0/servicePrincipals",
        &remote.token(READ, "reader"),
        None,
    )
    .await;
    let message = unauthenticated(&r);
    assert!(message.contains("could not be fetched"), "{message}");
}

#[tokio::test]
async fn verifier_refetches_keys_for_an_unknown_kid() {
    let idp = Idp::start(None).await;
    let verifier = Verifier::new(&idp.issuer, GRAPH).with_refetch_interval(Duration::ZERO);
    let claims = idp.claims(READ, "reader");
    let caller = verifier
        .verify(&sign(GOOD_KEY_PEM, GOOD_KID, &claims))
        .await
        .unwrap();
    assert_eq!(caller.scp, READ);
    assert_eq!(caller.user.as_deref(), Some("reader@contoso.example"));
    assert_eq!(caller.oid.as_deref(), claims["oid"].as_str());
    assert_eq!(idp.fetches(), 1);
    // The issuer rolls a new key: its first token makes the verifier fetch again.
    idp.publish(jwk(OTHER_KID, OTHER_X, OTHER_Y));
    let rolled = sign(OTHER_KEY_PEM, OTHER_KID, &claims);
    assert!(verifier.verify(&rolled).await.is_ok());
    assert_eq!(idp.fetches(), 2);
    assert!(verifier.verify(&rolled).await.is_ok());
    assert!(
        verifier
            .verify(&sign(GOOD_KEY_PEM, GOOD_KID, &claims))
            .await
            .is_ok()
    );
    assert_eq!(idp.fetches(), 2, "known kids use the cached keys");
}

#[tokio::test]
async fn verifier_refetches_at_most_once_per_interval() {
    assert_eq!(
        syncdeck_emulator::oidc::REFETCH_INTERVAL,
        Duration::from_secs(2)
    );
    let idp = Idp::start(None).await;
    let verifier =
        Verifier::new(&idp.issuer, GRAPH).with_refetch_interval(Duration::from_secs(3600));
    let claims = idp.claims(READ, "reader");
    assert!(
        verifier
            .verify(&sign(GOOD_KEY_PEM, GOOD_KID, &claims))
            .await
            .is_ok()
    );
    assert_eq!(idp.fetches(), 1);
    idp.publish(jwk(OTHER_KID, OTHER_X, OTHER_Y));
    let rolled = sign(OTHER_KEY_PEM, OTHER_KID, &claims);
    for _ in 0..3 {
        assert_eq!(verifier.verify(&rolled).await, Err(Rejection::Invalid));
    }
    assert_eq!(idp.fetches(), 1, "no fetch within the interval");
}

/// Verifies `claims` signed with the good key.
async fn check(verifier: &Verifier, claims: Value) -> Result<(), Rejection> {
    let token = sign(GOOD_KEY_PEM, GOOD_KID, &claims);
    verifier.verify(&token).await.map(|_| ())
}

#[tokio::test]
async fn verifier_checks_lifetime_issuer_audience_and_algorithm() {
    let idp = Idp::start(None).await;
    let verifier = Verifier::new(&idp.issuer, GRAPH);
    let good = idp.claims(READ, "reader");
    assert_eq!(check(&verifier, good.clone()).await, Ok(()));
    let with = |name: &str, value: Value| {
        let mut c = good.clone();
        c[name] = value;
        c
    };
    // A token expires at `exp`: `exp` = now is already expired.
    assert_eq!(
        check(&verifier, with("exp", json!(now()))).await,
        Err(Rejection::Expired)
    );
    assert_eq!(
        check(&verifier, with("nbf", json!(now() + 60))).await,
        Err(Rejection::NotYetValid)
    );
    let mut no_exp = good.clone();
    no_exp.as_object_mut().unwrap().remove("exp");
    assert_eq!(check(&verifier, no_exp).await, Err(Rejection::Invalid));
    // The issuer with or without its trailing slash.
    let slash = format!("{}/", idp.issuer);
    assert_eq!(check(&verifier, with("iss", json!(slash))).await, Ok(()));
    assert_eq!(
        check(
            &verifier,
            with("iss", json!(format!("{}/other", idp.issuer)))
        )
        .await,
        Err(Rejection::Invalid)
    );
    let mut no_aud = good.clone();
    no_aud.as_object_mut().unwrap().remove("aud");
    assert_eq!(check(&verifier, no_aud).await, Err(Rejection::Audience));
    assert_eq!(
        check(&verifier, with("aud", json!(["api://x", GRAPH]))).await,
        Ok(())
    );
    // Symmetric or unsigned tokens never pass.
    let hs = jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        &good,
        &EncodingKey::from_secret(b"secret").unwrap(),
    )
    .unwrap();
    assert_eq!(verifier.verify(&hs).await, Err(Rejection::Invalid));
    let unsigned = format!(
        "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.{}.",
        hs.split('.').nth(1).unwrap()
    );
    assert_eq!(verifier.verify(&unsigned).await, Err(Rejection::Invalid));
    assert_eq!(verifier.verify("not-a-jwt").await, Err(Rejection::Invalid));
}

#[tokio::test]
async fn non_loopback_issuer_is_a_usage_error() {
    for issuer in [
        "https://login.microsoftonline.com/common/v2.0",
        "http://10.1.2.3:9000",
        "https://127.0.0.1:9000",
    ] {
        let err = Server::bind(Options {
            oidc_issuer: Some(issuer.to_string()),
            ..options()
        })
        .await
        .err()
        .unwrap();
        assert!(matches!(err, Error::OidcIssuer(_)), "{err}");
        assert!(err.is_usage());
        assert!(err.to_string().contains("loopback"), "{err}");
    }
    let out = Command::new(env!("CARGO_BIN_EXE_syncdeck-emulator"))
        .args([
            "--addr",
            "127.0.0.1:0",
            "--oidc-issuer",
            "https://login.microsoftonline.com/common/v2.0",
        ])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("--oidc-issuer"), "{stderr}");
    assert!(stderr.contains("loopback"), "{stderr}");
}
