//! `--oidc-issuer`: real JWTs checked against a local identity provider's
//! JWKS, and the scopes each route needs, over real HTTP: good, expired,
//! mis-addressed and foreign tokens, and the permissions of each route.
//! (`oidc_keys_http.rs`: `$batch`, the request log, rate limits, fetching the
//! keys and the verifier itself.)

mod http;
mod oidc;

use http::*;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use oidc::*;
use serde_json::json;
use syncdeck_emulator::Options;

/// A listing any valid token with Application.Read.All may send.
const ONE_SP: &str = "/v1.0/servicePrincipals?$top=1";

#[tokio::test]
async fn good_read_token_lists_service_principals_and_jobs() {
    let (idp, emu) = start().await;
    let token = idp.token(READ, "reader");
    let r = get(&emu, "/v1.0/servicePrincipals?$top=2", &token).await;
    ok(&r);
    assert_eq!(r.json()["value"].as_array().unwrap().len(), 2);
    ok(&get(&emu, "/beta/servicePrincipals?$top=1", &token).await);
    let (sp, job_path) = job_of(&emu, &token, "Zendesk").await;
    ok(&get(&emu, &format!("/v1.0/servicePrincipals/{sp}"), &token).await);
    assert_eq!(job_status(&emu, &token, &job_path).await, "Paused");
    // Graph's app id is an accepted audience too; a resource-prefixed scope counts.
    let mut claims = idp.claims(
        "https://graph.microsoft.com/Application.Read.All Synchronization.Read.All",
        "reader",
    );
    claims["aud"] = json!("00000003-0000-0000-c000-000000000000");
    let token = signed(&claims);
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
    ok(&get(&emu, ONE_SP, &token).await);
    // The RSA key's kid with an EC signature: refused.
    let wrong = sign(GOOD_KEY_PEM, RSA_KID, &claims);
    let r = get(&emu, ONE_SP, &wrong).await;
    assert_eq!(unauthenticated(&r), "Access token validation failure.");
}

#[tokio::test]
async fn missing_application_read_is_403_on_service_principals() {
    let (idp, emu) = start().await;
    let (sp, job_path) = job_of(&emu, &idp.token(READ, "reader"), "Zendesk").await;
    let sync_only = idp.token("Synchronization.ReadWrite.All User.Read", "syncer");
    forbidden(&get(&emu, "/v1.0/servicePrincipals", &sync_only).await);
    forbidden(&get(&emu, &format!("/beta/servicePrincipals/{sp}"), &sync_only).await);
    // The same token may read the synchronization endpoints.
    assert_eq!(job_status(&emu, &sync_only, &job_path).await, "Paused");
    // Directory.Read.All also reads service principals.
    let dir = idp.token("Directory.Read.All", "dir");
    ok(&get(&emu, ONE_SP, &dir).await);
    forbidden(&get(&emu, &job_path, &dir).await);
}

#[tokio::test]
async fn read_only_token_cannot_start_a_job_read_write_can() {
    let (idp, emu) = start().await;
    let reader = idp.token(READ, "reader");
    let writer = idp.token(READ_WRITE, "writer");
    let (_, job_path) = job_of(&emu, &reader, "Zendesk").await;
    assert_eq!(job_status(&emu, &reader, &job_path).await, "Paused");

    let start = format!("{job_path}/start");
    forbidden(&post(&emu, &start, &reader).await);
    assert_eq!(
        job_status(&emu, &reader, &job_path).await,
        "Paused",
        "a refused start does not start the job"
    );
    forbidden(&post(&emu, &format!("{job_path}/pause"), &reader).await);

    let r = post(&emu, &start, &writer).await;
    assert_eq!(r.status, 204, "{}", r.text());
    assert_started(&emu, &reader, &job_path).await;
}

#[tokio::test]
async fn provisioning_logs_need_audit_log_and_directory_read() {
    let (idp, emu) = start().await;
    for (scp, user, allowed) in [
        ("AuditLog.Read.All", "a", false),
        ("Directory.Read.All", "b", false),
        ("AuditLog.Read.All Directory.Read.All", "c", true),
    ] {
        let path = "/v1.0/auditLogs/provisioning?$top=1";
        let r = get(&emu, path, &idp.token(scp, user)).await;
        if allowed { ok(&r) } else { forbidden(&r) }
    }
}

#[tokio::test]
async fn expired_token_is_401_lifetime_validation_failed() {
    let (idp, emu) = start().await;
    let mut claims = idp.claims(READ, "late");
    claims["exp"] = json!(now() - 1);
    let r = get(&emu, "/v1.0/servicePrincipals", &signed(&claims)).await;
    assert_eq!(
        unauthenticated(&r),
        "Lifetime validation failed, the token is expired."
    );
    // The same claims, not expired, pass: the expiry was the reason.
    claims["exp"] = json!(now() + 60);
    ok(&get(&emu, ONE_SP, &signed(&claims)).await);
}

#[tokio::test]
async fn wrong_audience_is_401_invalid_audience() {
    let (idp, emu) = start().await;
    for aud in [
        json!("api://someone-else"),
        json!(["https://management.azure.com"]),
    ] {
        let mut claims = idp.claims(READ, "reader");
        claims["aud"] = aud;
        let r = get(&emu, "/v1.0/servicePrincipals", &signed(&claims)).await;
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
    let token = signed(&claims);
    ok(&get(&custom, ONE_SP, &token).await);
    assert_eq!(get(&emu, ONE_SP, &token).await.status, 401);
}

#[tokio::test]
async fn token_signed_by_another_key_is_401() {
    let (idp, emu) = start().await;
    let claims = idp.claims(READ, "mallory");
    let mut other_issuer = claims.clone();
    other_issuer["iss"] = json!("http://127.0.0.1:1");
    for refused in [
        // The published key's kid, another key's signature.
        sign(OTHER_KEY_PEM, GOOD_KID, &claims),
        // A kid the issuer does not publish.
        sign(OTHER_KEY_PEM, OTHER_KID, &claims),
        // Another issuer, the good key.
        signed(&other_issuer),
    ] {
        let r = get(&emu, "/v1.0/servicePrincipals", &refused).await;
        assert_eq!(unauthenticated(&r), "Access token validation failure.");
    }
    // The same claims, properly signed, pass.
    ok(&get(&emu, ONE_SP, &signed(&claims)).await);
}

#[tokio::test]
async fn static_demo_token_is_401_in_oidc_mode() {
    let (idp, emu) = start().await;
    let r = emu.get("/v1.0/servicePrincipals").await;
    assert_eq!(unauthenticated(&r), "Access token validation failure.");
    let r = emu.send("GET", "/v1.0/servicePrincipals", None, &[]).await;
    assert_eq!(unauthenticated(&r), "Access token is empty.");
    // Without --oidc-issuer the demo token is what works.
    let plain = Emu::default().await;
    ok(&plain.get(ONE_SP).await);
    assert_eq!(
        get(&plain, ONE_SP, &idp.token(READ, "reader")).await.status,
        401
    );
}
