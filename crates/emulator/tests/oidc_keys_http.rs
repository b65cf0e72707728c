//! `--oidc-issuer`, over real HTTP: `$batch` sub-requests checked on their
//! own, what the request log shows, rate limits per user, fetching and
//! caching the issuer's keys, and the verifier's checks.

mod http;
mod oidc;

use std::process::{Command, Stdio};
use std::time::Duration;

use http::*;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use oidc::*;
use serde_json::{Value, json};
use syncdeck_emulator::oidc::{Rejection, Verifier};
use syncdeck_emulator::{Error, Options, Server};

#[tokio::test]
async fn batch_with_read_only_token_forbids_only_the_write() {
    let (idp, emu) = start().await;
    let reader = idp.token(READ, "reader");
    let (_, job_path) = job_of(&emu, &reader, "Zendesk").await;
    let relative = job_path.strip_prefix("/v1.0").unwrap();
    let requests = json!({"requests": [
        {"id": "read", "method": "GET", "url": relative},
        {"id": "write", "method": "POST", "url": format!("{relative}/start"),
         "headers": {"Content-Type": "application/json"}, "body": {}},
        {"id": "list", "method": "GET", "url": "/servicePrincipals?$top=1"},
    ]});
    let r = batch(&emu, &reader, &requests).await;
    ok(&r);
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
    let r = batch(&emu, &nobody, &requests).await;
    ok(&r);
    assert!(
        r.json()["responses"]
            .as_array()
            .unwrap()
            .iter()
            .all(|x| x["status"] == 403),
        "{}",
        r.text()
    );
    let r = emu.post("/v1.0/$batch", &requests.to_string()).await;
    unauthenticated(&r);

    // The same batch with a read-write token starts the job.
    let writer = idp.token(READ_WRITE, "writer");
    ok(&batch(&emu, &writer, &requests).await);
    assert_started(&emu, &reader, &job_path).await;
}

#[tokio::test]
async fn request_log_shows_scp_user_and_token_id_never_the_token() {
    let (idp, emu) = start().await;
    let alice = idp.token(READ, "alice");
    let bob = idp.token(READ_WRITE, "bob");
    let mut expired = idp.claims(READ, "carol");
    expired["exp"] = json!(now() - 1);
    let expired = signed(&expired);
    let mut anonymous = idp.claims(READ, "x");
    anonymous
        .as_object_mut()
        .unwrap()
        .remove("preferred_username");
    let anonymous = signed(&anonymous);

    get(&emu, "/v1.0/servicePrincipals?$top=1", &alice).await;
    get(&emu, "/beta/servicePrincipals?$top=1", &bob).await;
    get(&emu, "/v1.0/servicePrincipals?$top=1", &expired).await;
    get(&emu, "/v1.0/servicePrincipals?$top=1", &anonymous).await;
    let one =
        json!({"requests": [{"id": "1", "method": "GET", "url": "/servicePrincipals?$top=1"}]});
    batch(&emu, &bob, &one).await;

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
        assert_eq!(get(&emu, path, &first).await.status, 200);
    }
    assert_eq!(get(&emu, path, &first).await.status, 429);
    // A fresh token of the same user (same oid) shares the window.
    let mut again = idp.claims(scp, "first");
    again["iat"] = json!(now() - 5);
    let again = signed(&again);
    assert_ne!(again, first);
    assert_eq!(get(&emu, path, &again).await.status, 429);
    // Another user (another oid) has a window of its own.
    let second = idp.token(scp, "second-user");
    assert_eq!(get(&emu, path, &second).await.status, 200);
}

#[tokio::test]
async fn keys_are_fetched_lazily_once_and_cached() {
    let (idp, emu) = start().await;
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
    let two = json!({"requests": [
        {"id": "1", "method": "GET", "url": "/servicePrincipals?$top=1"},
        {"id": "2", "method": "GET", "url": "/servicePrincipals?$top=2"},
    ]});
    assert_eq!(batch(&emu, &token, &two).await.status, 200);
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
    let r = get(&emu, "/v1.0/servicePrincipals", &signed(&c)).await;
    let message = unauthenticated(&r);
    assert!(message.contains("could not be fetched"), "{message}");

    // A discovery document naming a JWKS off this machine: never fetched.
    let remote = Idp::start(Some(
        "https://login.microsoftonline.com/common/discovery/v2.0/keys",
    ))
    .await;
    let emu = emulator(&remote, options()).await;
    let r = get(
        &emu,
        "/v1.0/servicePrincipals",
        &remote.token(READ, "reader"),
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
    let caller = verifier.verify(&signed(&claims)).await.unwrap();
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
    assert!(verifier.verify(&signed(&claims)).await.is_ok());
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
    assert!(verifier.verify(&signed(&claims)).await.is_ok());
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
    verifier.verify(&signed(&claims)).await.map(|_| ())
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
