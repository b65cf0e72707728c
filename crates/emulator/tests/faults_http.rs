//! Faults on demand, by flag and by `/_emulator/faults`, over real HTTP.

mod http;

use std::time::{Duration, Instant};

use http::*;
use serde_json::json;
use syncdeck_emulator::{Faults, Options};

#[tokio::test]
async fn faults_endpoint_get_merge_validate_delete() {
    let emu = Emu::default().await;
    let f = emu.admin("GET", "/_emulator/faults", None).await.json();
    assert_eq!(f["throttleRate"], 0.0);
    assert_eq!(f["forbiddenApp"], false);
    assert_eq!(f["retryAfterSeconds"], 2);
    for key in [
        "latencyMs",
        "jitterMs",
        "error500Rate",
        "error503Rate",
        "error504Rate",
        "unknownErrorRate",
        "htmlErrorRate",
        "dropRate",
        "strictStart",
    ] {
        assert!(f.get(key).is_some(), "{key}");
    }
    let r = emu
        .admin("POST", "/_emulator/faults", Some(r#"{"latencyMs":5}"#))
        .await;
    assert_eq!(r.json()["latencyMs"], 5);
    let r = emu
        .admin("POST", "/_emulator/faults", Some(r#"{"error500Rate":0.5}"#))
        .await;
    assert_eq!(r.json()["latencyMs"], 5, "merged, not replaced");
    assert_eq!(r.json()["error500Rate"], 0.5);
    assert_eq!(
        emu.admin("POST", "/_emulator/faults", Some(r#"{"throttleRate":2}"#))
            .await
            .status,
        400
    );
    assert_eq!(
        emu.admin("POST", "/_emulator/faults", Some(r#"{"typo":1}"#))
            .await
            .status,
        400
    );
    assert_eq!(
        emu.admin("DELETE", "/_emulator/faults", None).await.status,
        204
    );
    let f = emu.admin("GET", "/_emulator/faults", None).await.json();
    assert_eq!(f["latencyMs"], 0);
    assert_eq!(f["error500Rate"], 0.0);
}

#[tokio::test]
async fn latency_and_jitter() {
    let emu = Emu::default().await;
    emu.set_faults(r#"{"latencyMs":150,"jitterMs":50}"#).await;
    let t = Instant::now();
    assert_eq!(emu.get("/v1.0/servicePrincipals?$top=1").await.status, 200);
    let elapsed = t.elapsed();
    assert!(elapsed >= Duration::from_millis(150), "{elapsed:?}");
    // Admin endpoints and the site are not slowed down.
    let t = Instant::now();
    emu.admin("GET", "/_emulator/health", None).await;
    assert!(t.elapsed() < Duration::from_millis(150));
}

#[tokio::test]
async fn server_errors_with_their_envelopes() {
    let emu = Emu::default().await;
    for (field, status, code) in [
        ("error500Rate", 500, "InternalServerError"),
        ("error503Rate", 503, "ServiceUnavailable"),
        ("error504Rate", 504, "GatewayTimeout"),
    ] {
        emu.admin("DELETE", "/_emulator/faults", None).await;
        emu.set_faults(&format!("{{\"{field}\":1.0}}")).await;
        let r = emu.get("/v1.0/servicePrincipals").await;
        assert_eq!(r.status, status);
        let body = r.json();
        assert_eq!(body["error"]["code"], code);
        assert!(!body["error"]["message"].as_str().unwrap().is_empty());
        assert_eq!(
            body["error"]["innerError"]["request-id"].as_str(),
            r.header("request-id")
        );
        assert_eq!(r.header("retry-after").is_some(), status == 503, "{status}");
    }
    let log = emu.log().await;
    assert_eq!(log.last().unwrap()["note"], "fault: 504");
}

#[tokio::test]
async fn unknown_error_mode_empties_the_message() {
    let emu = Emu::default().await;
    emu.set_faults(r#"{"unknownErrorRate":1.0}"#).await;
    let r = emu
        .get("/v1.0/servicePrincipals/00000000-0000-4000-8000-000000000000")
        .await;
    assert_eq!(r.status, 404);
    let body = r.json();
    assert_eq!(body["error"]["code"], "UnknownError");
    assert_eq!(body["error"]["message"], "");
    assert!(body["error"]["innerError"]["request-id"].is_string());
    assert!(body["error"]["innerError"]["date"].is_string());
}

#[tokio::test]
async fn html_error_mode_is_a_502_page_not_json() {
    let emu = Emu::default().await;
    emu.set_faults(r#"{"htmlErrorRate":1.0}"#).await;
    let r = emu.get("/v1.0/servicePrincipals").await;
    assert_eq!(r.status, 502);
    assert!(r.header("content-type").unwrap().starts_with("text/html"));
    assert!(r.text().contains("<title>502 Bad Gateway</title>"));
    assert!(serde_json::from_slice::<serde_json::Value>(&r.body).is_err());
    assert!(r.header("request-id").is_some());
}

#[tokio::test]
async fn dropped_connections_get_no_response() {
    let emu = Emu::default().await;
    emu.set_faults(r#"{"dropRate":1.0}"#).await;
    let r = emu
        .try_send(
            "GET",
            "/v1.0/servicePrincipals",
            None,
            &[("Authorization", &format!("Bearer {TOKEN}"))],
        )
        .await;
    assert!(r.is_err(), "{r:?}");
    // The server is still fine.
    emu.admin("DELETE", "/_emulator/faults", None).await;
    assert_eq!(emu.get("/v1.0/servicePrincipals?$top=1").await.status, 200);
    let stats = emu.stats().await;
    assert_eq!(stats["dropped"], 1);
    let log = emu.log().await;
    assert_eq!(log[0]["note"], "fault: dropped connection");
    assert!(log[0]["status"].is_null());
}

#[tokio::test]
async fn faults_are_deterministic_for_a_seed_and_set_by_flags() {
    async fn statuses(seed: u64) -> Vec<u16> {
        let emu = Emu::start(Options {
            seed,
            faults: Faults {
                throttle_rate: 0.3,
                error_503_rate: 0.2,
                ..Faults::default()
            },
            ..options()
        })
        .await;
        let mut out = Vec::new();
        for _ in 0..30 {
            out.push(emu.get("/v1.0/servicePrincipals?$top=1").await.status);
        }
        out
    }
    let a = statuses(1).await;
    assert_eq!(a, statuses(1).await);
    assert_ne!(a, statuses(2).await);
    assert!(
        a.contains(&200) && a.contains(&429) && a.contains(&503),
        "{a:?}"
    );
    let throttled = a.iter().filter(|s| **s == 429).count();
    assert!((3..=18).contains(&throttled), "{throttled}");
}

#[tokio::test]
async fn retry_after_is_exposed_to_cors_only_with_the_option() {
    let emu = Emu::start(Options {
        expose_retry_after: true,
        ..options()
    })
    .await;
    emu.set_faults(r#"{"throttleRate":1.0}"#).await;
    let r = emu.get("/v1.0/servicePrincipals").await;
    assert_eq!(r.status, 429);
    assert!(
        r.header("access-control-expose-headers")
            .unwrap()
            .contains("Retry-After")
    );
    assert_eq!(r.json()["error"]["innerError"]["status"], "429");
}

#[tokio::test]
async fn the_forbidden_app() {
    const NAME: &str = "Contoso Payroll (restricted)";
    let emu = Emu::default().await;
    // Off (default): the demo tenant as it is.
    let sps = emu.sps().await;
    assert_eq!(sps.len(), 20);
    assert!(!sps.iter().any(|s| s["displayName"] == NAME));
    // On: a 21st app whose synchronization endpoints answer 403.
    emu.set_faults(r#"{"forbiddenApp":true}"#).await;
    let sps = emu.sps().await;
    assert_eq!(sps.len(), 21);
    let id = sps.iter().find(|s| s["displayName"] == NAME).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        emu.get(&format!("/v1.0/servicePrincipals/{id}"))
            .await
            .status,
        200
    );
    let base = format!("/v1.0/servicePrincipals/{id}/synchronization");
    for (method, path) in [
        ("GET", format!("{base}/jobs")),
        ("GET", format!("{base}/templates")),
        ("POST", format!("{base}/jobs")),
        ("POST", format!("{base}/jobs/scim.x/start")),
        ("GET", format!("{base}/jobs/scim.x")),
    ] {
        let r = emu.graph(method, &path, Some("{}")).await;
        assert_eq!(r.status, 403, "{method} {path}");
        let body = r.json();
        assert_eq!(body["error"]["code"], "Authorization_RequestDenied");
        assert_eq!(
            body["error"]["message"],
            "Insufficient privileges to complete the operation."
        );
    }
    // Others are unaffected, also inside a batch.
    let slack = emu.sp_id("Slack").await;
    let batch = json!({"requests":[
        {"id":"a","method":"GET","url":format!("/servicePrincipals/{id}/synchronization/jobs")},
        {"id":"b","method":"GET","url":format!("/servicePrincipals/{slack}/synchronization/jobs")}
    ]});
    let r = emu.post("/v1.0/$batch", &batch.to_string()).await.json();
    let status = |i: &str| {
        r["responses"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["id"] == i)
            .unwrap()["status"]
            .clone()
    };
    assert_eq!(status("a"), 403);
    assert_eq!(status("b"), 200);
    // Off again: gone.
    emu.set_faults(r#"{"forbiddenApp":false}"#).await;
    assert_eq!(
        emu.get(&format!("/v1.0/servicePrincipals/{id}"))
            .await
            .status,
        404
    );
    // By flag.
    let flagged = Emu::start(Options {
        faults: Faults {
            forbidden_app: true,
            ..Faults::default()
        },
        ..options()
    })
    .await;
    assert_eq!(flagged.sps().await.len(), 21);
}
