//! The job state machine and every job operation, over real HTTP.

mod http;

use http::*;
use serde_json::{Value, json};
use syncdeck_emulator::{Faults, Options};

const FIXTURE: &str = include_str!("fixtures/create-job-response.json");

fn assert_envelope(r: &Resp, status: u16, code: &str) -> Value {
    assert_eq!(r.status, status, "{}", r.text());
    assert!(
        r.header("content-type")
            .unwrap()
            .starts_with("application/json")
    );
    let body = r.json();
    assert_eq!(body["error"]["code"], code, "{body}");
    assert!(body["error"]["innerError"]["request-id"].is_string());
    body
}

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
    let keys: Vec<&str> = secrets["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["key"].as_str().unwrap())
        .collect();
    assert_eq!(
        keys,
        ["BaseAddress", "SyncAll"],
        "SecretToken is never returned"
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
    assert_eq!(logs["value"].as_array().unwrap().len(), 4);

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

async fn restart(emu: &Emu, name: &str, body: &str) -> (String, String, Value) {
    let (jobs, id) = emu.first_job(name).await;
    let r = emu.post(&format!("{jobs}/{id}/restart"), body).await;
    assert_eq!(r.status, 204, "{name}: {}", r.text());
    let job = emu.job(&jobs, &id).await;
    (jobs, id, job)
}

#[tokio::test]
async fn each_restart_flag_clears_what_it_should() {
    let emu = Emu::default().await;
    // Escrows: countEscrowed back to 0 (API-driven inbound had 7).
    let (_, _, j) = restart(
        &emu,
        "Contoso HRIS (API-driven inbound)",
        r#"{"criteria":{"resetScope":"Escrows"}}"#,
    )
    .await;
    assert_eq!(j["status"]["lastExecution"]["countEscrowed"], 0);
    assert_ne!(
        j["status"]["steadyStateLastAchievedTime"], "0001-01-01T00:00:00Z",
        "no watermark reset"
    );
    // Escrows alone does not lift a quarantine.
    let (_, _, j) = restart(
        &emu,
        "Salesforce Sandbox",
        r#"{"criteria":{"resetScope":"escrows"}}"#,
    )
    .await;
    assert_eq!(j["status"]["code"], "Quarantine");
    assert!(j["status"]["quarantine"].is_object());
    // QuarantineState lifts it (case-insensitive names).
    let (_, _, j) = restart(
        &emu,
        "Salesforce Sandbox",
        r#"{"criteria":{"resetScope":"QUARANTINESTATE"}}"#,
    )
    .await;
    assert_eq!(j["status"]["code"], "Active");
    assert!(j["status"]["quarantine"].is_null());
    assert_eq!(j["schedule"]["state"], "Active");
    // ForceDeletes lifts a TooManyDeletes quarantine...
    let (_, _, j) = restart(
        &emu,
        "ServiceNow",
        r#"{"criteria":{"resetScope":"ForceDeletes"}}"#,
    )
    .await;
    assert_eq!(j["status"]["code"], "Active", "{j}");
    assert!(j["status"]["quarantine"].is_null());
    // ... but not another reason.
    let (_, _, j) = restart(
        &emu,
        "Fabrikam cross-tenant sync",
        r#"{"criteria":{"resetScope":"ForceDeletes"}}"#,
    )
    .await;
    assert_eq!(j["status"]["code"], "Quarantine");
    // Full = ConnectorDataStore + Escrows + Watermark + QuarantineState.
    let (_, _, j) = restart(
        &emu,
        "Fabrikam cross-tenant sync",
        r#"{"criteria":{"resetScope":"Full"}}"#,
    )
    .await;
    assert_eq!(j["status"]["code"], "Active");
    assert!(j["status"]["quarantine"].is_null());
    assert_eq!(j["status"]["lastExecution"]["countEscrowed"], 0);
    assert_eq!(
        j["status"]["steadyStateLastAchievedTime"],
        "0001-01-01T00:00:00Z"
    );
    assert_eq!(
        j["status"]["synchronizedEntryCountByType"],
        json!([]),
        "ConnectorDataStore clears the cache"
    );
    // Empty body = the portal's Restart (QuarantineState + Watermark + Escrows).
    let (_, _, j) = restart(&emu, "Databricks", "").await;
    assert_eq!(j["status"]["code"], "Active");
    assert!(j["status"]["quarantine"].is_null());
    assert_eq!(
        j["status"]["steadyStateLastAchievedTime"],
        "0001-01-01T00:00:00Z"
    );
    assert_eq!(j["status"]["progress"][0]["completedUnits"], 0);
    // Empty resetScope and missing criteria are accepted too.
    restart(&emu, "Slack", r#"{"criteria":{"resetScope":""}}"#).await;
    restart(&emu, "Slack", r#"{}"#).await;
    restart(
        &emu,
        "Slack",
        r#"{"criteria":{"resetScope":"Watermark, Escrows, QuarantineState"}}"#,
    )
    .await;
    // None starts a paused job.
    let (_, _, j) = restart(&emu, "Zendesk", r#"{"criteria":{"resetScope":"None"}}"#).await;
    assert_eq!(j["status"]["code"], "Active");
    assert_eq!(j["schedule"]["state"], "Active");
}

#[tokio::test]
async fn unknown_reset_scope_is_a_400_naming_it() {
    let emu = Emu::default().await;
    let (jobs, id) = emu.first_job("Slack").await;
    let before = emu.job(&jobs, &id).await;
    let r = emu
        .post(
            &format!("{jobs}/{id}/restart"),
            r#"{"criteria":{"resetScope":"Watermark, Bogus"}}"#,
        )
        .await;
    let body = assert_envelope(&r, 400, "BadRequest");
    let message = body["error"]["message"].as_str().unwrap();
    assert!(message.contains("'Bogus'"), "{message}");
    assert_eq!(emu.job(&jobs, &id).await, before, "nothing changed");
    let r = emu
        .post(
            &format!("{jobs}/{id}/restart"),
            r#"{"criteria":"Watermark"}"#,
        )
        .await;
    assert_envelope(&r, 400, "BadRequest");
    let r = emu
        .post(
            &format!("{jobs}/{id}/restart"),
            r#"{"criteria":{"resetScope":4}}"#,
        )
        .await;
    assert_envelope(&r, 400, "BadRequest");
}

#[tokio::test]
async fn start_resumes_paused_clears_quarantine_and_counts_starts_while_running() {
    let emu = Emu::default().await;
    let (jobs, id) = emu.first_job("Zendesk").await;
    assert_eq!(
        emu.post(&format!("{jobs}/{id}/start"), "").await.status,
        204
    );
    let j = emu.job(&jobs, &id).await;
    assert_eq!(
        (
            j["status"]["code"].as_str(),
            j["schedule"]["state"].as_str()
        ),
        (Some("Active"), Some("Active"))
    );

    let (jobs, id) = emu.first_job("Databricks").await;
    assert_eq!(
        emu.post(&format!("{jobs}/{id}/start"), "").await.status,
        204
    );
    let j = emu.job(&jobs, &id).await;
    assert_eq!(j["status"]["code"], "Active");
    assert!(j["status"]["quarantine"].is_null());

    // Active, and NotRun with schedule Active, are "running".
    for name in ["Slack", "Amazon Web Services (AWS)"] {
        let (jobs, id) = emu.first_job(name).await;
        let before = emu.job(&jobs, &id).await;
        assert_eq!(
            emu.post(&format!("{jobs}/{id}/start"), "").await.status,
            204
        );
        assert_eq!(
            emu.job(&jobs, &id).await["status"],
            before["status"],
            "{name} unchanged"
        );
    }
    assert_eq!(emu.stats().await["startWhileRunning"], 2);
    let notes: Vec<Value> = emu
        .log()
        .await
        .iter()
        .filter(|e| e.get("note").is_some())
        .cloned()
        .collect();
    assert_eq!(notes.len(), 2);
    assert!(
        notes.iter().all(|e| e["note"] == "start while running"
            && e["path"].as_str().unwrap().ends_with("/start"))
    );
}

#[tokio::test]
async fn strict_start_breaks_a_running_job() {
    let emu = Emu::start(Options {
        faults: Faults {
            strict_start: true,
            ..Faults::default()
        },
        ..options()
    })
    .await;
    let (jobs, id) = emu.first_job("Slack").await;
    assert_eq!(
        emu.post(&format!("{jobs}/{id}/start"), "").await.status,
        204
    );
    let j = emu.job(&jobs, &id).await;
    assert_eq!(j["status"]["code"], "Quarantine");
    let q = &j["status"]["quarantine"];
    assert_eq!(q["reason"], "EncounteredQuarantineException");
    let message = q["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("Start was called on a job that was already running"),
        "{message}"
    );
    assert_eq!(emu.stats().await["startWhileRunning"], 1);
    let log = emu.log().await;
    let start = log
        .iter()
        .find(|e| e["path"].as_str().unwrap().ends_with("/start"))
        .unwrap();
    assert_eq!(
        start["note"],
        "start while running; job quarantined (strict start)"
    );
    // A restart recovers it.
    assert_eq!(
        emu.post(&format!("{jobs}/{id}/restart"), "").await.status,
        204
    );
    assert_eq!(emu.job(&jobs, &id).await["status"]["code"], "Active");

    // Also switchable at run time.
    let emu = Emu::default().await;
    emu.set_faults(r#"{"strictStart":true}"#).await;
    let (jobs, id) = emu.first_job("Amazon Web Services (AWS)").await;
    emu.post(&format!("{jobs}/{id}/start"), "").await;
    assert_eq!(emu.job(&jobs, &id).await["status"]["code"], "Quarantine");
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

#[tokio::test]
async fn schema_and_provision_on_demand() {
    let emu = Emu::default().await;
    let (jobs, id) = emu.first_job("Slack").await;
    let schema = emu.get(&format!("{jobs}/{id}/schema")).await;
    assert_eq!(schema.status, 200);
    let schema = schema.json();
    let rules = schema["synchronizationRules"].as_array().unwrap();
    assert_eq!(rules.len(), 2);
    assert_eq!(rules[0]["name"], "USER_TO_USER");
    assert_eq!(rules[0]["targetDirectoryName"], "Slack");
    assert!(!schema["directories"].as_array().unwrap().is_empty());
    let rule = rules[0]["id"].as_str().unwrap();
    let body = json!({"parameters":[{"ruleId": rule, "subjects":[{"objectId":"9bb0f679-a883-4a6f-8260-35b491b8b8c8","objectTypeName":"User"}]}]}).to_string();

    let r = emu
        .post(&format!("{jobs}/{id}/provisionOnDemand"), &body)
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let pair = r.json();
    assert!(
        pair["@odata.context"]
            .as_str()
            .unwrap()
            .ends_with("$metadata#microsoft.graph.stringKeyStringValuePair")
    );
    let key: Value =
        serde_json::from_str(pair["key"].as_str().expect("key is a JSON string")).unwrap();
    let value: Value =
        serde_json::from_str(pair["value"].as_str().expect("value is a JSON string")).unwrap();
    assert_eq!(key["result"], "Success");
    assert_eq!(value["statusInfo"]["status"], "Success");
    assert_eq!(
        value["sourceIdentity"]["id"],
        "9bb0f679-a883-4a6f-8260-35b491b8b8c8"
    );
    assert!(!value["provisioningSteps"].as_array().unwrap().is_empty());

    // The same object again: already in sync, Skipped.
    let r = emu
        .post(&format!("{jobs}/{id}/provisionOnDemand"), &body)
        .await;
    let key: Value = serde_json::from_str(r.json()["key"].as_str().unwrap()).unwrap();
    assert_eq!(key["result"], "Skipped");
    assert_eq!(key["details"]["errorCode"], "RedundantExport");

    // A rule id that is not in the schema.
    let bad = body.replace(rule, "ea807875-5618-4f0a-9125-0b46a05298ca");
    let r = emu
        .post(&format!("{jobs}/{id}/provisionOnDemand"), &bad)
        .await;
    assert_envelope(&r, 400, "BadRequest");

    // Documented limit: 5 requests per 10 s; the 6th is a 429 with Retry-After.
    for _ in 0..2 {
        assert_eq!(
            emu.post(&format!("{jobs}/{id}/provisionOnDemand"), &body)
                .await
                .status,
            200
        );
    }
    let r = emu
        .post(&format!("{jobs}/{id}/provisionOnDemand"), &body)
        .await;
    let e = assert_envelope(&r, 429, "TooManyRequests");
    assert_eq!(e["error"]["innerError"]["code"], "429");
    let wait: u64 = r.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=10).contains(&wait), "{wait}");
}

#[tokio::test]
async fn validate_credentials_rule_job_bound_and_collection_bound() {
    let emu = Emu::default().await;
    let (jobs, id) = emu.first_job("Slack").await;
    let good = r#"{"credentials":[{"key":"BaseAddress","value":"https://api.slack.com/scim"},{"key":"SecretToken","value":"xoxp-1"}],"useSavedCredentials":false}"#;
    for path in [
        format!("{jobs}/{id}/validateCredentials"),
        format!("{jobs}/validateCredentials"),
    ] {
        let r = emu.post(&path, good).await;
        assert_eq!(r.status, 204, "{path}: {}", r.text());
        assert!(r.body.is_empty());
        let http = good.replace("https://", "http://");
        let body = assert_envelope(&emu.post(&path, &http).await, 400, "BadRequest");
        assert!(
            body["error"]["message"].as_str().unwrap().contains("https"),
            "{body}"
        );
        let empty = good.replace("xoxp-1", "");
        let body = assert_envelope(&emu.post(&path, &empty).await, 400, "BadRequest");
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap()
                .contains("SecretToken")
        );
        // Saved credentials (the demo app has them).
        assert_eq!(
            emu.post(&path, r#"{"useSavedCredentials":true}"#)
                .await
                .status,
            204
        );
    }
    // Box has no saved credentials.
    let (box_jobs, box_id) = emu.first_job("Box").await;
    let r = emu
        .post(
            &format!("{box_jobs}/{box_id}/validateCredentials"),
            r#"{"useSavedCredentials":true}"#,
        )
        .await;
    assert_envelope(&r, 400, "BadRequest");

    // A configurable rule: accept everything.
    let lax = Emu::start(Options {
        credential_rule: syncdeck_emulator::CredentialRule::Accept,
        ..options()
    })
    .await;
    let (jobs, id) = lax.first_job("Slack").await;
    let r = lax
        .post(
            &format!("{jobs}/{id}/validateCredentials"),
            &good.replace("https://", "http://"),
        )
        .await;
    assert_eq!(r.status, 204);
}

#[tokio::test]
async fn saving_credentials_fixes_a_job_failing_on_them() {
    let emu = Emu::default().await;
    let sp = emu.sp_id("Google Workspace").await;
    let (jobs, id) = emu.first_job("Google Workspace").await;
    // Its cycles keep failing...
    emu.advance(3 * 3600).await;
    let j = emu.job(&jobs, &id).await;
    assert!(
        j["status"]["countSuccessiveCompleteFailures"]
            .as_i64()
            .unwrap()
            > 3,
        "{j}"
    );
    // ... until credentials are saved.
    let r = emu
        .graph(
            "PUT",
            &format!("/v1.0/servicePrincipals/{sp}/synchronization/secrets"),
            Some(r#"{"value":[{"key":"BaseAddress","value":"https://www.googleapis.com"},{"key":"SecretToken","value":"t"}]}"#),
        )
        .await;
    assert_eq!(r.status, 204);
    emu.advance(3 * 3600).await;
    let j = emu.job(&jobs, &id).await;
    assert_eq!(j["status"]["countSuccessiveCompleteFailures"], 0, "{j}");
    assert_ne!(j["status"]["lastExecution"]["state"], "Failed");
}
