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
