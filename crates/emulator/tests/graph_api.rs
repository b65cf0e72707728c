//! Graph routes: paging, $select, jobs, error envelopes, the bearer check, CORS.

mod common;

use std::collections::HashSet;

use axum::body::Body;
use axum::http::StatusCode;
use common::*;
use serde_json::Value;

#[tokio::test]
async fn default_page_has_every_service_principal_and_no_next_link() {
    let (app, _) = test_app();
    let r = graph_get(&app, "/v1.0/servicePrincipals").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.header("content-type")
            .unwrap()
            .starts_with("application/json")
    );
    let body = r.json();
    assert_eq!(
        body["@odata.context"],
        "http://127.0.0.1:8080/v1.0/$metadata#servicePrincipals"
    );
    assert_eq!(body["value"].as_array().unwrap().len(), 20);
    assert!(body.get("@odata.nextLink").is_none());
    let slack = body["value"]
        .as_array()
        .unwrap()
        .iter()
        .find(|sp| sp["displayName"] == "Slack")
        .unwrap();
    assert_eq!(slack["servicePrincipalType"], "Application");
    assert_eq!(slack["accountEnabled"], true);
    assert_eq!(slack["appId"].as_str().unwrap().len(), 36);
    assert_eq!(slack["applicationTemplateId"].as_str().unwrap().len(), 36);
    assert!(
        slack["tags"]
            .as_array()
            .unwrap()
            .contains(&Value::from("WindowsAzureActiveDirectoryIntegratedApp"))
    );
    let graph = body["value"]
        .as_array()
        .unwrap()
        .iter()
        .find(|sp| sp["displayName"] == "Microsoft Graph")
        .unwrap();
    assert_eq!(graph["appId"], "00000003-0000-0000-c000-000000000000");
    assert!(graph["applicationTemplateId"].is_null());
}

#[tokio::test]
async fn top_5_walks_every_service_principal_through_next_links() {
    let (app, _) = test_app();
    let mut url = "/v1.0/servicePrincipals?$top=5&$select=id,displayName".to_string();
    let mut seen = Vec::new();
    let mut pages = 0;
    loop {
        let r = graph_get(&app, &url).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        let body = r.json();
        let page = body["value"].as_array().unwrap();
        assert!(page.len() <= 5);
        assert!(!page.is_empty());
        seen.extend(page.iter().map(|sp| sp["id"].as_str().unwrap().to_string()));
        pages += 1;
        match body.get("@odata.nextLink") {
            Some(next) => {
                let next = next.as_str().unwrap();
                let rest = next
                    .strip_prefix("http://127.0.0.1:8080/v1.0/servicePrincipals?")
                    .unwrap_or_else(|| panic!("nextLink is absolute: {next}"));
                assert!(rest.contains("$top=5"), "{next}");
                assert!(rest.contains("$select=id,displayName"), "{next}");
                assert!(rest.contains("$skiptoken="), "{next}");
                url = next
                    .strip_prefix("http://127.0.0.1:8080")
                    .unwrap()
                    .to_string();
            }
            None => break,
        }
    }
    assert_eq!(pages, 4);
    assert_eq!(seen.len(), 20);
    let unique: HashSet<_> = seen.iter().collect();
    assert_eq!(unique.len(), 20, "no duplicates across pages");
}

#[tokio::test]
async fn beta_next_link_stays_on_beta() {
    let (app, _) = test_app();
    let r = graph_get(&app, "/beta/servicePrincipals?$top=19").await;
    let body = r.json();
    assert_eq!(
        body["@odata.context"],
        "http://127.0.0.1:8080/beta/$metadata#servicePrincipals"
    );
    let next = body["@odata.nextLink"].as_str().unwrap();
    assert!(next.starts_with("http://127.0.0.1:8080/beta/servicePrincipals?$top=19&$skiptoken="));
    let last = graph_get(&app, next.strip_prefix("http://127.0.0.1:8080").unwrap()).await;
    let last = last.json();
    assert_eq!(last["value"].as_array().unwrap().len(), 1);
    assert!(last.get("@odata.nextLink").is_none());
}

#[tokio::test]
async fn top_out_of_range_is_a_400_envelope_naming_top() {
    let (app, _) = test_app();
    for bad in ["1000", "0", "-1", "abc"] {
        let r = graph_get(&app, &format!("/v1.0/servicePrincipals?$top={bad}")).await;
        assert_envelope(&r, StatusCode::BAD_REQUEST, "Request_BadRequest");
        let message = r.json()["error"]["message"].as_str().unwrap().to_string();
        assert!(message.contains("$top"), "{message}");
    }
    let ok = graph_get(&app, "/v1.0/servicePrincipals?$top=999").await;
    assert_eq!(ok.status, StatusCode::OK);
}

#[tokio::test]
async fn forged_skiptoken_is_a_400_envelope() {
    let (app, _) = test_app();
    let r = graph_get(&app, "/v1.0/servicePrincipals?$skiptoken=abc").await;
    assert_envelope(&r, StatusCode::BAD_REQUEST, "Request_BadRequest");
}

#[tokio::test]
async fn select_trims_properties_but_keeps_id() {
    let (app, _) = test_app();
    let r = graph_get(&app, "/v1.0/servicePrincipals?$select=displayName,appId").await;
    let body = r.json();
    assert_eq!(
        body["@odata.context"],
        "http://127.0.0.1:8080/v1.0/$metadata#servicePrincipals(displayName,appId)"
    );
    for sp in body["value"].as_array().unwrap() {
        let mut keys: Vec<&str> = sp.as_object().unwrap().keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(keys, ["appId", "displayName", "id"]);
    }
    let r = graph_get(&app, "/v1.0/servicePrincipals?$select=nope").await;
    assert_envelope(&r, StatusCode::BAD_REQUEST, "Request_BadRequest");
}

#[tokio::test]
async fn get_one_service_principal_and_404_for_unknown() {
    let (app, _) = test_app();
    let id = sp_id(&app, "Zendesk").await;
    let r = graph_get(&app, &format!("/v1.0/servicePrincipals/{id}")).await;
    assert_eq!(r.status, StatusCode::OK);
    let body = r.json();
    assert_eq!(body["id"], id.as_str());
    assert_eq!(body["displayName"], "Zendesk");
    assert_eq!(
        body["@odata.context"],
        "http://127.0.0.1:8080/v1.0/$metadata#servicePrincipals/$entity"
    );
    let unknown = "00000000-0000-0000-0000-000000000042";
    let r = graph_get(&app, &format!("/v1.0/servicePrincipals/{unknown}")).await;
    assert_envelope(&r, StatusCode::NOT_FOUND, "Request_ResourceNotFound");
    assert!(
        r.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains(unknown)
    );
}

#[tokio::test]
async fn jobs_of_a_service_principal_with_jobs() {
    let (app, _) = test_app();
    let id = sp_id(&app, "Contoso Cloud Sync").await;
    let r = graph_get(
        &app,
        &format!("/v1.0/servicePrincipals/{id}/synchronization/jobs"),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    let body = r.json();
    assert_eq!(
        body["@odata.context"],
        format!(
            "http://127.0.0.1:8080/v1.0/$metadata#servicePrincipals('{id}')/synchronization/jobs"
        )
    );
    let jobs = body["value"].as_array().unwrap();
    assert_eq!(jobs.len(), 2);
    let templates: Vec<&str> = jobs
        .iter()
        .map(|j| j["templateId"].as_str().unwrap())
        .collect();
    assert_eq!(templates, ["AD2AADProvisioning", "AD2AADPasswordHash"]);
    for job in jobs {
        assert_eq!(job["status"]["code"], "Active");
        assert_eq!(job["schedule"]["interval"], "PT2M");
        let id = job["id"].as_str().unwrap();
        let parts: Vec<&str> = id.split('.').collect();
        assert_eq!(parts.len(), 3, "{id}");
        assert_eq!(parts[1].len(), 32);
        assert_eq!(parts[2].len(), 36);
    }
}

#[tokio::test]
async fn jobs_of_a_service_principal_without_jobs_is_an_empty_list() {
    let (app, _) = test_app();
    let id = sp_id(&app, "Microsoft Graph").await;
    let r = graph_get(
        &app,
        &format!("/beta/servicePrincipals/{id}/synchronization/jobs"),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["value"], Value::Array(vec![]));
}

#[tokio::test]
async fn jobs_of_an_unknown_service_principal_is_a_404_envelope() {
    let (app, _) = test_app();
    let r = graph_get(
        &app,
        "/v1.0/servicePrincipals/11111111-2222-4333-8444-555555555555/synchronization/jobs",
    )
    .await;
    assert_envelope(&r, StatusCode::NOT_FOUND, "Request_ResourceNotFound");
}

#[tokio::test]
async fn get_job_by_id_and_404_for_unknown_job() {
    let (app, _) = test_app();
    let id = sp_id(&app, "Salesforce Sandbox").await;
    let job_id = "SfSandboxOutDelta.e4bbf44533ea4eabb17027f3a92e92aa";
    let r = graph_get(
        &app,
        &format!("/v1.0/servicePrincipals/{id}/synchronization/jobs/{job_id}"),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let job = r.json();
    assert_eq!(job["id"], job_id);
    assert_eq!(job["templateId"], "SfSandboxOutDelta");
    assert_eq!(
        job["@odata.context"],
        format!(
            "http://127.0.0.1:8080/v1.0/$metadata#servicePrincipals('{id}')/synchronization/jobs/$entity"
        )
    );
    let q = &job["status"]["quarantine"];
    assert_eq!(q["reason"], "EncounteredQuarantineException");
    assert_eq!(q["error"]["code"], "SalesforceInvalidCredentials");
    assert_eq!(q["error"]["tenantActionable"], true);
    assert_eq!(q["seriesCount"], 5);
    // Relative to the pinned now 2026-11-22T21:03:11.1234567Z.
    assert!(
        q["seriesBegan"]
            .as_str()
            .unwrap()
            .starts_with("2026-11-19T21:03:")
    );
    assert!(
        q["currentBegan"]
            .as_str()
            .unwrap()
            .starts_with("2026-11-22T19:03:")
    );
    assert!(
        q["nextAttempt"]
            .as_str()
            .unwrap()
            .starts_with("2026-11-23T01:03:")
    );
    assert_eq!(job["schedule"]["state"], "Active");
    assert_eq!(job["schedule"]["interval"], "PT40M");
    let last = &job["status"]["lastExecution"];
    assert_eq!(last["state"], "Failed");
    assert_eq!(last["error"]["code"], "SalesforceInvalidCredentials");

    // The URL-encoded job id works too.
    let encoded = job_id.replace('.', "%2E");
    let r = graph_get(
        &app,
        &format!("/v1.0/servicePrincipals/{id}/synchronization/jobs/{encoded}"),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);

    let r = graph_get(
        &app,
        &format!("/v1.0/servicePrincipals/{id}/synchronization/jobs/Nope.0123"),
    )
    .await;
    assert_envelope(&r, StatusCode::NOT_FOUND, "Request_ResourceNotFound");
    assert!(
        r.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("Nope.0123")
    );
}

#[tokio::test]
async fn unknown_graph_path_is_a_404_envelope() {
    let (app, _) = test_app();
    let r = graph_get(&app, "/v1.0/nope").await;
    let inner = assert_envelope(&r, StatusCode::NOT_FOUND, "Request_ResourceNotFound");
    assert!(inner["request-id"].is_string());
    assert!(
        r.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("'nope'")
    );
    let r = graph_get(
        &app,
        "/beta/servicePrincipals/x/synchronization/templates/y/z",
    )
    .await;
    assert_envelope(&r, StatusCode::NOT_FOUND, "Request_ResourceNotFound");
}

#[tokio::test]
async fn wrong_method_is_a_405_envelope() {
    let (app, _) = test_app();
    let req = request("PATCH", "/v1.0/servicePrincipals")
        .header("authorization", format!("Bearer {TOKEN}"))
        .body(Body::from("{}"))
        .unwrap();
    let r = send(&app, req).await;
    assert_envelope(&r, StatusCode::METHOD_NOT_ALLOWED, "Request_BadRequest");
}

#[tokio::test]
async fn missing_token_is_a_401_envelope() {
    let (app, _) = test_app();
    let req = request("GET", "/v1.0/servicePrincipals")
        .header("client-request-id", "0d4e4a1c-5c8e-4d0a-9f5b-3e2a1b0c9d8e")
        .header("origin", "http://localhost:5173")
        .body(Body::empty())
        .unwrap();
    let r = send(&app, req).await;
    let inner = assert_envelope(&r, StatusCode::UNAUTHORIZED, "InvalidAuthenticationToken");
    assert_eq!(r.json()["error"]["message"], "Access token is empty.");
    assert_eq!(
        inner["client-request-id"],
        "0d4e4a1c-5c8e-4d0a-9f5b-3e2a1b0c9d8e"
    );
    assert_eq!(
        r.header("client-request-id"),
        Some("0d4e4a1c-5c8e-4d0a-9f5b-3e2a1b0c9d8e")
    );
    assert!(r.header("www-authenticate").unwrap().starts_with("Bearer"));
    // The browser can read the error: CORS headers are on it too.
    assert_eq!(
        r.header("access-control-allow-origin"),
        Some("http://localhost:5173")
    );
}

#[tokio::test]
async fn wrong_token_is_a_401_envelope() {
    let (app, _) = test_app();
    let req = request("GET", "/beta/servicePrincipals")
        .header("authorization", "Bearer not-the-token")
        .body(Body::empty())
        .unwrap();
    let r = send(&app, req).await;
    let inner = assert_envelope(&r, StatusCode::UNAUTHORIZED, "InvalidAuthenticationToken");
    assert!(
        r.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("validation failure")
    );
    // Without a client-request-id, Graph echoes its own request-id.
    assert_eq!(inner["client-request-id"], inner["request-id"]);
    // A different request gets a different request-id.
    let req = request("GET", "/beta/servicePrincipals")
        .body(Body::empty())
        .unwrap();
    let again = send(&app, req).await;
    assert_ne!(again.header("request-id"), r.header("request-id"));
}

#[tokio::test]
async fn success_carries_request_ids_and_cors_headers() {
    let (app, _) = test_app();
    let req = request("GET", "/v1.0/servicePrincipals?$top=1")
        .header("authorization", format!("Bearer {TOKEN}"))
        .header("client-request-id", "my-correlation-id")
        .header("origin", "http://127.0.0.1:8080")
        .body(Body::empty())
        .unwrap();
    let r = send(&app, req).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.header("request-id").unwrap().len(), 36);
    assert_eq!(r.header("client-request-id"), Some("my-correlation-id"));
    assert_eq!(
        r.header("access-control-allow-origin"),
        Some("http://127.0.0.1:8080")
    );
    assert_eq!(
        r.header("access-control-expose-headers"),
        Some("request-id, client-request-id, Location")
    );
}

#[tokio::test]
async fn retry_after_is_exposed_only_when_asked() {
    let state = syncdeck_emulator::AppState::new(syncdeck_emulator::Options {
        expose_retry_after: true,
        ..options()
    });
    let app = syncdeck_emulator::app(state);
    let r = graph_get(&app, "/v1.0/servicePrincipals?$top=1").await;
    assert_eq!(
        r.header("access-control-expose-headers"),
        Some("request-id, client-request-id, Location, Retry-After")
    );
}

#[tokio::test]
async fn preflight_needs_no_token_and_answers_cors() {
    let (app, _) = test_app();
    let id = sp_id(&app, "Slack").await;
    let req = request(
        "OPTIONS",
        &format!("/v1.0/servicePrincipals/{id}/synchronization/jobs"),
    )
    .header("origin", "http://localhost:4000")
    .header("access-control-request-method", "POST")
    .header(
        "access-control-request-headers",
        "authorization,client-request-id,content-type",
    )
    .body(Body::empty())
    .unwrap();
    let r = send(&app, req).await;
    assert!(r.status == StatusCode::NO_CONTENT || r.status == StatusCode::OK);
    assert_eq!(
        r.header("access-control-allow-origin"),
        Some("http://localhost:4000")
    );
    let methods = r.header("access-control-allow-methods").unwrap();
    for m in ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] {
        assert!(methods.contains(m), "{methods}");
    }
    assert_eq!(
        r.header("access-control-allow-headers"),
        Some("authorization,client-request-id,content-type")
    );
    assert_eq!(r.header("access-control-max-age"), Some("3600"));

    // Without Access-Control-Request-Headers: the default list.
    let req = request("OPTIONS", "/beta/$batch")
        .header("origin", "http://localhost:4000")
        .header("access-control-request-method", "POST")
        .body(Body::empty())
        .unwrap();
    let r = send(&app, req).await;
    let allowed = r.header("access-control-allow-headers").unwrap();
    for h in [
        "authorization",
        "content-type",
        "client-request-id",
        "consistencylevel",
        "prefer",
        "x-ms-throttle-priority",
    ] {
        assert!(allowed.contains(h), "{allowed}");
    }
}
