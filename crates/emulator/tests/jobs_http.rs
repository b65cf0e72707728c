//! Synchronization jobs over real HTTP: the whole lifecycle of a created job,
//! the create status, templates per kind of app, and the 404s and 405s of
//! unknown apps, jobs and methods. (`job_actions_http.rs`: start, pause and
//! restart in depth; `credentials_http.rs`: schema, provisionOnDemand and
//! credentials.)

mod http;

use http::*;
use serde_json::{Value, json};
use syncdeck_emulator::Options;

const FIXTURE: &str = include_str!("fixtures/create-job-response.json");
#[tokio::test]
async fn full_lifecycle_create_secrets_start_pause_start_restart_delete() {
    let emu = Emu::start(Options {
        reports_limit: 0,
        ..options()
    })
    .await;
    let sp = emu.sp_id("Dropbox Business").await;
    let base = format!("/v1.0/servicePrincipals/{sp}/synchronization");

    // Templates of the app.
    let templates = emu.get(&format!("{base}/templates")).await.json();
    let list = templates["value"].as_array().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["id"], "DropboxSCIMOutDelta");
    assert_eq!(list[0]["default"], true);
    assert_eq!(list[0]["discoverable"], true);
    assert!(list[0]["metadata"].as_array().unwrap().len() >= 3);
    let app = emu
        .get(&format!("/v1.0/servicePrincipals/{sp}"))
        .await
        .json();
    assert_eq!(list[0]["applicationId"], app["appId"]);

    // Create: missing / unknown template are 400s.
    let r = emu.post(&format!("{base}/jobs"), "{}").await;
    assert_envelope(&r, 400, "BadRequest");
    let r = emu
        .post(&format!("{base}/jobs"), r#"{"templateId":"slack"}"#)
        .await;
    let body = assert_envelope(&r, 400, "BadRequest");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("'slack'")
    );
    let r = emu.post(&format!("{base}/jobs"), "{not json").await;
    assert_envelope(&r, 400, "BadRequest");

    let r = emu
        .post(
            &format!("{base}/jobs"),
            r#"{"templateId":"DropboxSCIMOutDelta"}"#,
        )
        .await;
    assert_eq!(
        r.status,
        200,
        "the documentation's example answers 200: {}",
        r.text()
    );
    let job = r.json();
    let fixture: Value = serde_json::from_str(FIXTURE).unwrap();
    for (key, value) in fixture.as_object().unwrap() {
        if key == "id" || key == "templateId" {
            continue;
        }
        for (k, v) in value.as_object().unwrap() {
            assert_eq!(&job[key][k], v, "{key}.{k}");
        }
    }
    assert_eq!(job["templateId"], "DropboxSCIMOutDelta");
    let job_id = job["id"].as_str().unwrap().to_string();
    assert!(job_id.starts_with("DropboxSCIMOutDelta."));
    assert_eq!(job_id.split('.').nth(1).unwrap().len(), 32);
    assert!(
        job["@odata.context"]
            .as_str()
            .unwrap()
            .ends_with("/synchronization/jobs/$entity")
    );
    let jobs = format!("{base}/jobs");
    let job_path = format!("{jobs}/{job_id}");
    let listed = emu.get(&jobs).await.json();
    assert_eq!(listed["value"].as_array().unwrap().len(), 1);

    // Start without credentials: refused, still NotConfigured.
    let r = emu.post(&format!("{job_path}/start"), "").await;
    assert_envelope(&r, 400, "BadRequest");
    assert_eq!(
        emu.job(&jobs, &job_id).await["status"]["code"],
        "NotConfigured"
    );

    // Secrets: the body property is `value` (the doc table's `credentials` is wrong).
    let r = emu
        .graph(
            "PUT",
            &format!("{base}/secrets"),
            Some(r#"{"credentials":[{"key":"BaseAddress","value":"https://x"}]}"#),
        )
        .await;
    assert_envelope(&r, 400, "BadRequest");
    let r = emu
        .graph(
            "PUT",
            &format!("{base}/secrets"),
            Some(r#"{"value":[{"key":"Bogus","value":"1"}]}"#),
        )
        .await;
    assert_envelope(&r, 400, "BadRequest");
    let r = emu
        .graph(
            "PUT",
            &format!("{base}/secrets"),
            Some(r#"{"value":[{"key":"BaseAddress","value":"https://scim.dropbox.example/v2"},{"key":"SecretToken","value":"s3cret"},{"key":"SyncAll","value":"false"}]}"#),
        )
        .await;
    assert_eq!(r.status, 204, "{}", r.text());
    assert!(r.body.is_empty());
    let secrets = emu.get(&format!("{base}/secrets")).await.json();
    assert_eq!(
        secrets["value"],
        json!([
            {"key": "BaseAddress", "value": "https://scim.dropbox.example/v2"},
            {"key": "SecretToken", "value": "s3cret"},
            {"key": "SyncAll", "value": "false"},
        ]),
        "every saved pair, in order, values as saved"
    );

    // Start: NotRun, schedule Active, first (initial) cycle begins.
    let r = emu.post(&format!("{job_path}/start"), "").await;
    assert_eq!(r.status, 204, "{}", r.text());
    assert!(r.body.is_empty());
    let j = emu.job(&jobs, &job_id).await;
    assert_eq!(j["status"]["code"], "NotRun");
    assert_eq!(j["schedule"]["state"], "Active");
    assert_eq!(j["schedule"]["interval"], "PT40M");
    let p = &j["status"]["progress"][0];
    assert_eq!(p["completedUnits"], 0);
    let total = p["totalUnits"].as_i64().unwrap();
    assert!(total >= 4);

    // Start again while running: accepted, but counted and noted.
    emu.admin("DELETE", "/_emulator/requests", None).await;
    let r = emu.post(&format!("{job_path}/start"), "").await;
    assert_eq!(r.status, 204);
    let log = emu.log().await;
    assert_eq!(log[0]["note"], "start while running");
    assert_eq!(emu.stats().await["startWhileRunning"], 1);
    assert_eq!(
        emu.job(&jobs, &job_id).await["status"]["code"],
        "NotRun",
        "not broken without --strict-start"
    );

    // Progress moves with the clock; pause keeps it; paused jobs do not move.
    emu.advance(6 * 2 + 1).await;
    let j = emu.job(&jobs, &job_id).await;
    assert_eq!(j["status"]["progress"][0]["completedUnits"], 2);
    assert_eq!(emu.post(&format!("{job_path}/pause"), "").await.status, 204);
    let paused = emu.job(&jobs, &job_id).await;
    assert_eq!(paused["status"]["code"], "Paused");
    assert_eq!(paused["schedule"]["state"], "Paused");
    assert_eq!(paused["status"]["progress"][0]["completedUnits"], 2);
    emu.advance(86_400).await;
    assert_eq!(emu.job(&jobs, &job_id).await["status"], paused["status"]);

    // Start resumes from where it stopped.
    assert_eq!(emu.post(&format!("{job_path}/start"), "").await.status, 204);
    let j = emu.job(&jobs, &job_id).await;
    assert_eq!(j["status"]["code"], "NotRun");
    assert_eq!(j["schedule"]["state"], "Active");
    assert_eq!(j["status"]["progress"][0]["completedUnits"], 2);

    // The initial cycle ends: Active, steady state, last (successful) execution.
    emu.advance(6 * total).await;
    let j = emu.job(&jobs, &job_id).await;
    let st = &j["status"];
    assert_eq!(st["code"], "Active", "{j}");
    assert_ne!(st["steadyStateFirstAchievedTime"], "0001-01-01T00:00:00Z");
    assert_eq!(
        st["steadyStateLastAchievedTime"],
        st["lastExecution"]["timeEnded"]
    );
    assert_eq!(st["lastExecution"]["state"], "Succeeded");
    assert!(st["lastExecution"]["countImported"].as_i64().unwrap() >= 100);
    assert!(st["lastExecution"]["countExported"].as_i64().unwrap() > 0);
    assert_eq!(st["lastSuccessfulExecution"], st["lastExecution"]);
    assert_eq!(
        st["lastSuccessfulExecutionWithExports"],
        st["lastExecution"]
    );
    assert_eq!(st["progress"], json!([]));
    // ... and it wrote provisioning log entries.
    let logs = emu
        .get(&format!(
            "/v1.0/auditLogs/provisioning?$filter=jobId%20eq%20'{job_id}'"
        ))
        .await
        .json();
    let statuses: Vec<&str> = logs["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["provisioningStatusInfo"]["status"].as_str().unwrap())
        .collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == "success").count(),
        4,
        "{statuses:?}"
    );
    assert!(!statuses.contains(&"failure"), "{statuses:?}");

    // Restart with Watermark: a new initial cycle, steady state reset.
    let r = emu
        .post(
            &format!("{job_path}/restart"),
            r#"{"criteria":{"resetScope":"Watermark"}}"#,
        )
        .await;
    assert_eq!(r.status, 204, "{}", r.text());
    let j = emu.job(&jobs, &job_id).await;
    assert_eq!(
        j["status"]["steadyStateLastAchievedTime"],
        "0001-01-01T00:00:00Z"
    );
    assert_eq!(j["status"]["progress"][0]["completedUnits"], 0);
    assert_eq!(
        j["status"]["lastExecution"]["timeEnded"],
        "0001-01-01T00:00:00Z"
    );

    // Delete: 204, then 404 for the job and every action on it.
    let r = emu.graph("DELETE", &job_path, None).await;
    assert_eq!(r.status, 204);
    assert_envelope(&emu.get(&job_path).await, 404, "Request_ResourceNotFound");
    for action in [
        "start",
        "pause",
        "restart",
        "provisionOnDemand",
        "validateCredentials",
    ] {
        let r = emu.post(&format!("{job_path}/{action}"), "{}").await;
        assert_envelope(&r, 404, "Request_ResourceNotFound");
    }
    assert_envelope(
        &emu.get(&format!("{job_path}/schema")).await,
        404,
        "Request_ResourceNotFound",
    );
    assert_envelope(
        &emu.graph("DELETE", &job_path, None).await,
        404,
        "Request_ResourceNotFound",
    );
    assert_eq!(emu.get(&jobs).await.json()["value"], json!([]));
}

#[tokio::test]
async fn create_status_201_flag() {
    let emu = Emu::start(Options {
        create_status: 201,
        ..options()
    })
    .await;
    let jobs = emu.jobs_path("Contoso Cloud Sync").await;
    let r = emu
        .post(&jobs, r#"{"templateId":"ad2aadpasswordhash"}"#)
        .await;
    assert_eq!(r.status, 201, "{}", r.text());
    let job = r.json();
    assert_eq!(
        job["templateId"], "AD2AADPasswordHash",
        "template ids match case-insensitively"
    );
    assert_eq!(
        job["id"].as_str().unwrap().split('.').count(),
        3,
        "Cloud Sync ids carry the tenant GUID"
    );
    assert_eq!(job["status"]["code"], "NotConfigured");
    assert_eq!(
        emu.get(&jobs).await.json()["value"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
}

#[tokio::test]
async fn templates_per_kind_of_app() {
    let emu = Emu::default().await;
    let expect: [(&str, &[&str]); 6] = [
        ("Slack", &["slack"]),
        ("Box", &["BoxOutDelta"]),
        (
            "Contoso Cloud Sync",
            &["AD2AADProvisioning", "AD2AADPasswordHash"],
        ),
        ("Contoso HR (Workday)", &["Workday2AAD", "Workday2AD"]),
        ("Contoso HRIS (API-driven inbound)", &["API2AAD"]),
        ("Microsoft Graph", &[]),
    ];
    for (name, ids) in expect {
        let sp = emu.sp_id(name).await;
        let r = emu
            .get(&format!(
                "/beta/servicePrincipals/{sp}/synchronization/templates"
            ))
            .await;
        assert_eq!(r.status, 200);
        let got: Vec<String> = r.json()["value"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["id"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(got, ids, "{name}");
        for t in r.json()["value"].as_array().unwrap() {
            for key in [
                "id",
                "applicationId",
                "default",
                "description",
                "discoverable",
                "factoryTag",
                "metadata",
            ] {
                assert!(t.get(key).is_some(), "{name} template lacks {key}");
            }
        }
    }
    let sp = emu.sp_id("Slack").await;
    let one = emu
        .get(&format!(
            "/v1.0/servicePrincipals/{sp}/synchronization/templates/Slack"
        ))
        .await;
    assert_eq!(one.status, 200);
    assert_eq!(one.json()["factoryTag"], "CustomSCIM");
    let none = emu
        .get(&format!(
            "/v1.0/servicePrincipals/{sp}/synchronization/templates/nope"
        ))
        .await;
    assert_envelope(&none, 404, "Request_ResourceNotFound");
}

#[tokio::test]
async fn unknown_service_principal_job_and_wrong_methods() {
    let emu = Emu::default().await;
    let unknown = "/v1.0/servicePrincipals/11111111-2222-4333-8444-555555555555/synchronization";
    for (method, path) in [
        ("GET", format!("{unknown}/jobs")),
        ("POST", format!("{unknown}/jobs")),
        ("GET", format!("{unknown}/templates")),
        ("PUT", format!("{unknown}/secrets")),
        ("POST", format!("{unknown}/jobs/x/start")),
    ] {
        let r = emu.graph(method, &path, Some("{}")).await;
        assert_envelope(&r, 404, "Request_ResourceNotFound");
    }
    let (jobs, id) = emu.first_job("Slack").await;
    for action in [
        "start",
        "pause",
        "restart",
        "provisionOnDemand",
        "validateCredentials",
    ] {
        let r = emu.post(&format!("{jobs}/Nope.0123/{action}"), "{}").await;
        let body = assert_envelope(&r, 404, "Request_ResourceNotFound");
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap()
                .contains("Nope.0123")
        );
        let r = emu.get(&format!("{jobs}/{id}/{action}")).await;
        assert_envelope(&r, 405, "Request_BadRequest");
    }
    assert_envelope(
        &emu.graph("PUT", &format!("{jobs}/{id}"), Some("{}")).await,
        405,
        "Request_BadRequest",
    );
    assert_envelope(
        &emu.graph("DELETE", &jobs, None).await,
        405,
        "Request_BadRequest",
    );
    assert_envelope(
        &emu.post(&format!("{jobs}/{id}/schema"), "{}").await,
        405,
        "Request_BadRequest",
    );
    assert_envelope(
        &emu.post(&format!("{jobs}/{id}/frobnicate"), "{}").await,
        404,
        "Request_ResourceNotFound",
    );
    // beta has the same operations.
    let beta = jobs.replacen("/v1.0/", "/beta/", 1);
    assert_eq!(
        emu.post(&format!("{beta}/{id}/pause"), "").await.status,
        204
    );
    assert_eq!(emu.job(&jobs, &id).await["status"]["code"], "Paused");
}
