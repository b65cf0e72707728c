//! The `--oidc-issuer` tests' harness: test-only signing keys, a local
//! identity provider (discovery document and JWKS), tokens, and checks of
//! Graph's 401 and 403 answers.
#![allow(dead_code)]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use axum::routing;
use axum::{Json, Router};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};
use syncdeck_emulator::Options;

use crate::http::{Emu, Resp, options};

// TEST-ONLY KEYS. Two EC P-256 (ES256) key pairs generated with
// `openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256` for these
// tests and nothing else; the private halves are public on purpose.

/// Test-only private key whose public half ([`GOOD_X`], [`GOOD_Y`]) the test identity provider publishes.
pub const GOOD_KEY_PEM: &str = "-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgGf16rRq7JajTJpCx
jRnwGbEFLx3itFHgbxZ8IECKE0ehRANCAATO/6AVJ0z3q5NSZAXKbkCdGN1lKAx/
MEGIp1uV6IY+WXy9A1Eb67yTAPRN8CtCrov/yibAsuXznqpYs2qtGSlb
-----END PRIVATE KEY-----
";
pub const GOOD_KID: &str = "test-key-good";
pub const GOOD_X: &str = "zv-gFSdM96uTUmQFym5AnRjdZSgMfzBBiKdbleiGPlk";
pub const GOOD_Y: &str = "fL0DURvrvJMA9E3wK0Kui__KJsCy5fOeqlizaq0ZKVs";

/// Test-only private key the identity provider does not publish (unless a test adds [`OTHER_X`], [`OTHER_Y`]).
pub const OTHER_KEY_PEM: &str = "-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgaErEi7iK+s5BnisI
yv8coOeOJ0tV9fSFdavbwi+WXGihRANCAAS6a3alI/bnpfhU7Eq8fCT/ON7Lq0Pt
KSzdjUgdy0VWA8P7xkVkGQv4bm7aE4vhJKq166MuTuam8JafcVXCe/j0
-----END PRIVATE KEY-----
";
pub const OTHER_KID: &str = "test-key-other";
pub const OTHER_X: &str = "umt2pSP256X4VOxKvHwk_zjey6tD7Sks3Y1IHctFVgM";
pub const OTHER_Y: &str = "w_vGRWQZC_hubtoTi-EkqrXroy5O5qbwlp9xVcJ7-PQ";

/// Test-only RSA-2048 private key (`openssl genpkey -algorithm RSA`), for RS256 tokens, as the
/// end-to-end tests' identity provider signs them; [`RSA_N`] is its modulus (exponent 65537).
pub const RSA_KEY_PEM: &str = "-----BEGIN PRIVATE KEY-----
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
pub const RSA_KID: &str = "test-key-rsa";
pub const RSA_N: &str = "pFN3Vql60M8y5g16cQfabx4cC-W_PgigiFKj0rY9WmeKhkCYoCTMCJoeak1k0gnZ-3f2NWvzxFHVqaeuYYswps7fOQdLKoXlUM9gw85L5lyUIekJUdNc6VHPH3XjzO1Y4fm-6VmgrTJpSu0AMJo0nkOYmgZ8Z6I6CTke8nnw_VZ10aAlSdcXboKjRXOF1VMNzULBIMwJA28P1T0VA0qARV2tF7d-yGRZvhAGzMbHs8ke9Pip_SjVjO5HjcxhRmxD-PHSHc8LoYIujR9cJKNYGpGGRjZa0IG2DFM2gI_elvW5TsTvjWzmGwZZ-u24scSA_Uw-ysUrNiw0NPmzfIPjtQ";

pub const GRAPH: &str = "https://graph.microsoft.com";
pub const READ: &str = "Application.Read.All Synchronization.Read.All";
pub const READ_WRITE: &str = "Application.Read.All Synchronization.ReadWrite.All";

pub fn jwk(kid: &str, x: &str, y: &str) -> Value {
    json!({"kty": "EC", "crv": "P-256", "use": "sig", "alg": "ES256", "kid": kid, "x": x, "y": y})
}

pub fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// A local identity provider: discovery document and JWKS, counting JWKS fetches.
pub struct Idp {
    pub issuer: String,
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
    pub async fn start(jwks_uri: Option<&str>) -> Idp {
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
                routing::get(move || async move { Json(discovery) }),
            )
            .route(
                "/keys",
                routing::get(move || async move {
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

    pub fn publish(&self, key: Value) {
        self.keys.lock().unwrap().push(key);
    }

    pub fn fetches(&self) -> usize {
        self.jwks_fetches.load(Ordering::SeqCst)
    }

    /// Claims of a valid token for `user` with `scp`, valid for an hour.
    pub fn claims(&self, scp: &str, user: &str) -> Value {
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
    pub fn token(&self, scp: &str, user: &str) -> String {
        signed(&self.claims(scp, user))
    }
}

pub fn sign(pem: &str, kid: &str, claims: &Value) -> String {
    let mut header = Header::new(Algorithm::ES256);
    header.kid = Some(kid.to_string());
    let key = EncodingKey::from_ec_pem(pem.as_bytes()).unwrap();
    jsonwebtoken::encode(&header, claims, &key).unwrap()
}

/// `claims` signed with the good key, the one the identity provider publishes.
pub fn signed(claims: &Value) -> String {
    sign(GOOD_KEY_PEM, GOOD_KID, claims)
}

/// An emulator that enforces `idp`'s tokens.
pub async fn emulator(idp: &Idp, options: Options) -> Emu {
    Emu::start(Options {
        oidc_issuer: Some(idp.issuer.clone()),
        ..options
    })
    .await
}

/// An identity provider ([`Idp::start`]) and an emulator with the tests' options that enforces
/// its tokens.
pub async fn start() -> (Idp, Emu) {
    let idp = Idp::start(None).await;
    let emu = emulator(&idp, options()).await;
    (idp, emu)
}

pub async fn call(emu: &Emu, method: &str, path: &str, token: &str, body: Option<&str>) -> Resp {
    let auth = format!("Bearer {token}");
    let mut headers = vec![("Authorization", auth.as_str())];
    if body.is_some() {
        headers.push(("Content-Type", "application/json"));
    }
    emu.send(method, path, body, &headers).await
}

/// `GET path` with `token`.
pub async fn get(emu: &Emu, path: &str, token: &str) -> Resp {
    call(emu, "GET", path, token, None).await
}

/// `POST path` with `token` and an empty body (a job action).
pub async fn post(emu: &Emu, path: &str, token: &str) -> Resp {
    call(emu, "POST", path, token, Some("")).await
}

/// `POST /v1.0/$batch` of `batch` with `token`.
pub async fn batch(emu: &Emu, token: &str, batch: &Value) -> Resp {
    call(emu, "POST", "/v1.0/$batch", token, Some(&batch.to_string())).await
}

/// Asserts `r` is a 200 (the token was accepted), showing its body otherwise.
pub fn ok(r: &Resp) {
    assert_eq!(r.status, 200, "{}", r.text());
}

/// The 401 of an invalid token: Graph's envelope, `WWW-Authenticate`, and its message.
pub fn unauthenticated(r: &Resp) -> String {
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

pub fn forbidden(r: &Resp) {
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
pub async fn job_of(emu: &Emu, token: &str, name: &str) -> (String, String) {
    let r = get(emu, "/v1.0/servicePrincipals?$top=999", token).await;
    ok(&r);
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
    let r = get(emu, &jobs, token).await;
    ok(&r);
    let id = r.json()["value"][0]["id"].as_str().unwrap().to_string();
    (sp, format!("{jobs}/{id}"))
}

/// The member `group.member` of the job at `job_path`, read with `token`.
async fn job_member(emu: &Emu, token: &str, job_path: &str, group: &str, member: &str) -> String {
    let r = get(emu, job_path, token).await;
    ok(&r);
    r.json()[group][member].as_str().unwrap().to_string()
}

/// Asserts the job at `job_path` was started: its schedule is active, it is no longer paused.
pub async fn assert_started(emu: &Emu, token: &str, job_path: &str) {
    assert_eq!(job_schedule(emu, token, job_path).await, "Active");
    assert_ne!(job_status(emu, token, job_path).await, "Paused");
}

pub async fn job_status(emu: &Emu, token: &str, job_path: &str) -> String {
    job_member(emu, token, job_path, "status", "code").await
}

pub async fn job_schedule(emu: &Emu, token: &str, job_path: &str) -> String {
    job_member(emu, token, job_path, "schedule", "state").await
}
