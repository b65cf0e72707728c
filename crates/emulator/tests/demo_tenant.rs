//! The demo tenant over HTTP: the contract names, every status code, the
//! documented fresh-job shape, complete job JSON, Graph's time format.

mod common;

use std::collections::BTreeSet;

use common::*;
use serde_json::Value;
use syncdeck_emulator::{AppState, GraphTime, Options, app};

/// The documented response to "create job" (Microsoft's example, verbatim).
const CREATE_JOB_RESPONSE: &str = include_str!("fixtures/create-job-response.json");

/// Every job of the tenant as (service principal display name, job JSON).
async fn all_jobs(app: &axum::Router) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    for sp in all_service_principals(app).await {
        let id = sp["id"].as_str().unwrap();
        let r = graph_get(
            app,
            &format!("/v1.0/servicePrincipals/{id}/synchronization/jobs"),
        )
        .await;
        for job in r.json()["value"].as_array().unwrap() {
            out.push((sp["displayName"].as_str().unwrap().to_string(), job.clone()));
        }
    }
    out
}

fn is_graph_time(s: &str) -> bool {
    // 2026-11-22T21:03:11Z or 2026-11-22T21:03:11.1234567Z
    let b = s.as_bytes();
    let base_ok = b.len() >= 20
        && b[4] == b'-'
        && b[7] == b'-'
        && b[10] == b'T'
        && b[13] == b':'
        && b[16] == b':'
        && s.ends_with('Z');
    base_ok && (b.len() == 20 || (b.len() == 28 && b[19] == b'.'))
}

#[tokio::test]
async fn contract_names_have_their_jobs() {
    let (app, _) = test_app();
    let jobs = all_jobs(&app).await;
    let expect: [(&str, &str, &str); 13] = [
        ("Salesforce Sandbox", "SfSandboxOutDelta", "Quarantine"),
        ("ServiceNow", "ServiceNowOutDelta", "Quarantine"),
        ("Contoso HR (Workday)", "Workday2AAD", "Active"),
        ("Slack", "slack", "Active"),
        ("Fabrikam cross-tenant sync", "Azure2Azure", "Quarantine"),
        ("Google Workspace", "gsuite", "Active"),
        ("Zendesk", "zendesk", "Paused"),
        ("Box", "BoxOutDelta", "NotConfigured"),
        ("Amazon Web Services (AWS)", "aws", "NotRun"),
        ("Contoso Cloud Sync", "AD2AADProvisioning", "Active"),
        ("Contoso Cloud Sync", "AD2AADPasswordHash", "Active"),
        ("Contoso HRIS (API-driven inbound)", "API2AAD", "Active"),
        ("Databricks", "dataBricks", "Quarantine"),
    ];
    assert_eq!(jobs.len(), expect.len());
    for ((sp, job), (name, template, code)) in jobs.iter().zip(expect) {
        assert_eq!(sp, name);
        assert_eq!(job["templateId"], template, "{name}");
        assert_eq!(job["status"]["code"], code, "{name}");
        let id = job["id"].as_str().unwrap();
        let mut parts = id.split('.');
        assert_eq!(parts.next(), Some(template), "{id}");
        let hex = parts.next().unwrap();
        assert_eq!(hex.len(), 32, "{id}");
        assert!(hex.bytes().all(|b| b.is_ascii_hexdigit()), "{id}");
        if let Some(guid) = parts.next() {
            assert_eq!(guid.len(), 36, "{id}");
        }
    }
    let sps = all_service_principals(&app).await;
    assert_eq!(sps.len(), 20);
    let without_jobs = sps.len() - 12;
    assert_eq!(without_jobs, 8);
}

#[tokio::test]
async fn every_status_code_appears() {
    let (app, _) = test_app();
    let codes: BTreeSet<String> = all_jobs(&app)
        .await
        .iter()
        .map(|(_, j)| j["status"]["code"].as_str().unwrap().to_string())
        .collect();
    let expected: BTreeSet<String> = ["NotConfigured", "NotRun", "Active", "Paused", "Quarantine"]
        .into_iter()
        .map(String::from)
        .collect();
    assert_eq!(codes, expected);
}

#[tokio::test]
async fn box_job_is_the_documented_create_response() {
    let (app, _) = test_app();
    let fixture: Value = serde_json::from_str(CREATE_JOB_RESPONSE).unwrap();
    let jobs = jobs_of(&app, "Box").await;
    assert_eq!(jobs.len(), 1);
    let job = &jobs[0];
    // Every property of the documented response, with the documented value
    // (except the id, a placeholder in the docs).
    for (key, value) in fixture.as_object().unwrap() {
        if key == "id" {
            assert!(job["id"].as_str().unwrap().starts_with("BoxOutDelta."));
            continue;
        }
        if let Value::Object(inner) = value {
            for (k, v) in inner {
                assert_eq!(&job[key][k], v, "{key}.{k}");
            }
        } else {
            assert_eq!(&job[key], value, "{key}");
        }
    }
    assert_eq!(job["schedule"]["interval"], "P10675199DT2H48M5.4775807S");
    assert_eq!(job["schedule"]["state"], "Disabled");
    assert_eq!(job["status"]["code"], "NotConfigured");
    assert_eq!(
        job["status"]["steadyStateFirstAchievedTime"],
        "0001-01-01T00:00:00Z"
    );
    assert_eq!(
        job["status"]["steadyStateLastAchievedTime"],
        "0001-01-01T00:00:00Z"
    );
    assert!(job["status"]["lastExecution"].is_null());
}

#[tokio::test]
async fn every_job_has_every_property_of_the_reference() {
    let (app, _) = test_app();
    let job_keys = [
        "id",
        "templateId",
        "schedule",
        "status",
        "synchronizationJobSettings",
    ];
    let schedule_keys = ["expiration", "interval", "state"];
    let status_keys = [
        "code",
        "countSuccessiveCompleteFailures",
        "escrowsPruned",
        "lastExecution",
        "lastSuccessfulExecution",
        "lastSuccessfulExecutionWithExports",
        "progress",
        "quarantine",
        "steadyStateFirstAchievedTime",
        "steadyStateLastAchievedTime",
        "synchronizedEntryCountByType",
        "troubleshootingUrl",
    ];
    let execution_keys = [
        "activityIdentifier",
        "countEntitled",
        "countEntitledForProvisioning",
        "countEscrowed",
        "countEscrowedRaw",
        "countExported",
        "countExports",
        "countImported",
        "countImportedDeltas",
        "countImportedReferenceDeltas",
        "error",
        "state",
        "timeBegan",
        "timeEnded",
    ];
    let quarantine_keys = [
        "currentBegan",
        "nextAttempt",
        "reason",
        "seriesBegan",
        "seriesCount",
        "error",
    ];
    let sorted = |keys: &[&str]| keys.iter().map(|k| k.to_string()).collect::<BTreeSet<_>>();
    let keys_of = |v: &Value| {
        v.as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect::<BTreeSet<_>>()
    };

    for (sp, job) in all_jobs(&app).await {
        assert_eq!(keys_of(&job), sorted(&job_keys), "{sp}");
        assert_eq!(keys_of(&job["schedule"]), sorted(&schedule_keys), "{sp}");
        let status = &job["status"];
        assert_eq!(keys_of(status), sorted(&status_keys), "{sp}");
        for exec in [
            "lastExecution",
            "lastSuccessfulExecution",
            "lastSuccessfulExecutionWithExports",
        ] {
            if !status[exec].is_null() {
                assert_eq!(
                    keys_of(&status[exec]),
                    sorted(&execution_keys),
                    "{sp} {exec}"
                );
                assert!(is_graph_time(status[exec]["timeBegan"].as_str().unwrap()));
                assert!(is_graph_time(status[exec]["timeEnded"].as_str().unwrap()));
            }
        }
        let quarantined = status["code"] == "Quarantine";
        assert_eq!(
            !status["quarantine"].is_null(),
            quarantined,
            "{sp}: quarantine iff Quarantine"
        );
        if quarantined {
            assert_eq!(
                keys_of(&status["quarantine"]),
                sorted(&quarantine_keys),
                "{sp}"
            );
        }
        for t in [
            "steadyStateFirstAchievedTime",
            "steadyStateLastAchievedTime",
        ] {
            assert!(is_graph_time(status[t].as_str().unwrap()), "{sp} {t}");
        }
        for p in status["progress"].as_array().unwrap() {
            assert!(p["completedUnits"].as_i64().unwrap() <= p["totalUnits"].as_i64().unwrap());
        }
        for s in job["synchronizationJobSettings"].as_array().unwrap() {
            assert!(s["name"].is_string() && s["value"].is_string(), "{sp}");
        }
    }
}

#[tokio::test]
async fn scenario_details_match_the_story() {
    let (app, _) = test_app();
    // ServiceNow: too many deletes, 10 days.
    let snow = &jobs_of(&app, "ServiceNow").await[0];
    assert_eq!(snow["status"]["quarantine"]["reason"], "TooManyDeletes");
    assert!(
        snow["status"]["quarantine"]["seriesBegan"]
            .as_str()
            .unwrap()
            .starts_with("2026-11-12T21:03:")
    );
    // Fabrikam: escrow proportion, 26 days (two days before auto-disable).
    let fab = &jobs_of(&app, "Fabrikam cross-tenant sync").await[0];
    assert_eq!(
        fab["status"]["quarantine"]["reason"],
        "EncounteredEscrowProportionThreshold"
    );
    assert!(
        fab["status"]["quarantine"]["seriesBegan"]
            .as_str()
            .unwrap()
            .starts_with("2026-10-27T21:03:")
    );
    // Workday: running now.
    let wd = &jobs_of(&app, "Contoso HR (Workday)").await[0];
    let last = &wd["status"]["lastExecution"];
    assert!(
        last["timeBegan"]
            .as_str()
            .unwrap()
            .starts_with("2026-11-22T20:53:")
    );
    assert_eq!(last["timeEnded"], "0001-01-01T00:00:00Z");
    let progress = &wd["status"]["progress"][0];
    assert_eq!(progress["completedUnits"], 120);
    assert_eq!(progress["totalUnits"], 400);
    assert_eq!(progress["units"], "pages");
    assert_eq!(
        wd["status"]["steadyStateLastAchievedTime"],
        "0001-01-01T00:00:00Z"
    );
    // Slack: healthy.
    let slack = &jobs_of(&app, "Slack").await[0];
    assert_eq!(slack["status"]["lastExecution"]["state"], "Succeeded");
    assert!(
        slack["status"]["lastExecution"]["timeEnded"]
            .as_str()
            .unwrap()
            .starts_with("2026-11-22T20:51:")
    );
    assert_eq!(
        slack["status"]["synchronizedEntryCountByType"],
        serde_json::json!([{"key":"User to User","value":412},{"key":"Group to Group","value":18}])
    );
    assert_ne!(
        slack["status"]["steadyStateLastAchievedTime"],
        "0001-01-01T00:00:00Z"
    );
    // Google Workspace: failing.
    let g = &jobs_of(&app, "Google Workspace").await[0];
    assert_eq!(g["status"]["lastExecution"]["state"], "Failed");
    assert_eq!(
        g["status"]["lastExecution"]["error"]["code"],
        "GoogleAppsInvalidCredentials"
    );
    assert_eq!(g["status"]["countSuccessiveCompleteFailures"], 3);
    // Zendesk: paused.
    let z = &jobs_of(&app, "Zendesk").await[0];
    assert_eq!(z["schedule"]["state"], "Paused");
    assert!(
        z["status"]["lastExecution"]["timeBegan"]
            .as_str()
            .unwrap()
            .starts_with("2026-11-20T21:03:")
    );
    // AWS: first cycle running.
    let aws = &jobs_of(&app, "Amazon Web Services (AWS)").await[0];
    assert_eq!(aws["schedule"]["state"], "Active");
    assert!(aws["status"]["lastExecution"].is_null());
    assert_eq!(aws["status"]["progress"][0]["completedUnits"], 3);
    assert_eq!(aws["status"]["progress"][0]["totalUnits"], 50);
    // API-driven inbound: entry-level errors.
    let api = &jobs_of(&app, "Contoso HRIS (API-driven inbound)").await[0];
    assert_eq!(api["status"]["lastExecution"]["state"], "EntryLevelErrors");
    assert_eq!(api["status"]["lastExecution"]["countEscrowed"], 7);
    // Databricks: quarantined on demand.
    let db = &jobs_of(&app, "Databricks").await[0];
    assert_eq!(db["status"]["quarantine"]["reason"], "QuarantinedOnDemand");
}

#[tokio::test]
async fn ids_are_the_same_whatever_the_start_time() {
    let other = app(AppState::new(Options {
        now: Some(GraphTime::parse("2030-01-01T00:00:00Z").unwrap()),
        ..Options::default()
    }));
    let (pinned, _) = test_app();
    let ids = |jobs: Vec<(String, Value)>| -> Vec<String> {
        jobs.iter()
            .map(|(_, j)| j["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids(all_jobs(&other).await), ids(all_jobs(&pinned).await));
    let sp_ids = |sps: Vec<Value>| -> Vec<String> {
        sps.iter()
            .map(|s| s["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        sp_ids(all_service_principals(&other).await),
        sp_ids(all_service_principals(&pinned).await)
    );
    // Timestamps move with the start time.
    let slack = &jobs_of(&other, "Slack").await[0];
    assert!(
        slack["status"]["lastExecution"]["timeEnded"]
            .as_str()
            .unwrap()
            .starts_with("2029-12-31T23:47:59.")
    );
}
