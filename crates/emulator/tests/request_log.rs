//! The request log: what the app sent, in order; cleared on demand.

mod common;

use axum::body::Body;
use axum::http::StatusCode;
use common::*;
use serde_json::json;

#[tokio::test]
async fn records_requests_in_order_and_clears() {
    let (app, _) = test_app();
    graph_get(&app, "/v1.0/servicePrincipals?$top=999").await;
    plain_get(&app, "/v1.0/nope").await;
    plain_get(&app, "/config.json").await;
    let req = request("POST", "/beta/servicePrincipals/abc/synchronization/jobs")
        .header("authorization", format!("Bearer {TOKEN}"))
        .header("content-type", "application/json")
        .body(Body::from(r#"{"templateId":"BoxOutDelta"}"#))
        .unwrap();
    let posted = send(&app, req).await;
    // Admin requests are not recorded.
    plain_get(&app, "/_emulator/health").await;

    let r = plain_get(&app, "/_emulator/requests").await;
    assert_eq!(r.status, StatusCode::OK);
    // Each entry has its arrival time, in order; the rest is compared exactly.
    let mut log = r.json();
    let mut last = 0;
    for e in log.as_array_mut().unwrap() {
        let at = e.as_object_mut().unwrap().remove("atMs").unwrap();
        let at = at.as_u64().expect("atMs is a number of milliseconds");
        assert!(at >= last, "arrival times in order");
        last = at;
    }
    assert_eq!(
        log,
        json!([
            {"method":"GET","path":"/v1.0/servicePrincipals","query":"$top=999","body":"","status":200,"graph":true},
            {"method":"GET","path":"/v1.0/nope","query":"","body":"","status":401,"graph":true},
            {"method":"GET","path":"/config.json","query":"","body":"","status":200,"graph":false},
            {"method":"POST","path":"/beta/servicePrincipals/abc/synchronization/jobs","query":"",
             "body":"{\"templateId\":\"BoxOutDelta\"}","status":posted.status.as_u16(),"graph":true},
        ])
    );

    let cleared = send(
        &app,
        request("DELETE", "/_emulator/requests")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(cleared.status, StatusCode::NO_CONTENT);
    assert_eq!(
        plain_get(&app, "/_emulator/requests").await.json(),
        json!([])
    );

    graph_get(&app, "/beta/servicePrincipals?$select=id").await;
    let log = plain_get(&app, "/_emulator/requests").await.json();
    assert_eq!(log.as_array().unwrap().len(), 1);
    assert_eq!(log[0]["query"], "$select=id");
}

#[tokio::test]
async fn the_body_reaches_the_handler_after_logging() {
    // The log buffers the body; a Graph handler behind it still sees a request
    // (here the method router rejects POST on a GET-only route with an envelope).
    let (app, state) = test_app();
    let req = request("POST", "/v1.0/servicePrincipals")
        .header("authorization", format!("Bearer {TOKEN}"))
        .body(Body::from("x".repeat(100_000)))
        .unwrap();
    let r = send(&app, req).await;
    assert_envelope(&r, StatusCode::METHOD_NOT_ALLOWED, "Request_BadRequest");
    let entries = state.log().entries();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].body.len(), 100_000);
    assert_eq!(entries[0].status, Some(405));
}
