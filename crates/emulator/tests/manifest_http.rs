//! `GET /_emulator/manifest`: the served tenant's facts, over real HTTP,
//! checked against what Graph answers.

mod http;

use http::*;
use serde_json::{Value, json};
use syncdeck_emulator::Options;

async fn manifest(emu: &Emu) -> Value {
    let r = emu.admin("GET", "/_emulator/manifest", None).await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(
        r.header("content-type")
            .is_some_and(|c| c.starts_with("application/json"))
    );
    r.json()
}

/// The manifest's apps and jobs, rebuilt from Graph's answers.
/// The manifest's apps without the jobs' log facts (checked against the logs by
/// `log_facts_agree_with_the_logs_graph_serves`).
fn without_logs(apps: &Value) -> Value {
    let mut apps = apps.clone();
    for app in apps.as_array_mut().unwrap() {
        for job in app["jobs"].as_array_mut().unwrap() {
            job.as_object_mut().unwrap().remove("logs");
        }
    }
    apps
}

async fn apps_from_graph(emu: &Emu) -> Vec<Value> {
    let mut apps = Vec::new();
    for sp in emu.sps().await {
        let id = sp["id"].as_str().unwrap();
        let r = emu
            .get(&format!(
                "/v1.0/servicePrincipals/{id}/synchronization/jobs"
            ))
            .await;
        let jobs: Vec<Value> = r.json()["value"]
            .as_array()
            .unwrap()
            .iter()
            .map(|job| {
                let quarantine = &job["status"]["quarantine"];
                let code = job["status"]["code"].as_str().unwrap();
                let schedule = job["schedule"]["state"].as_str().unwrap();
                json!({
                    "id": job["id"],
                    "templateId": job["templateId"],
                    "statusCode": code,
                    "scheduleState": schedule,
                    "quarantined": !quarantine.is_null(),
                    "quarantineReason": quarantine["reason"],
                    "running": schedule == "Active" && (code == "Active" || code == "NotRun"),
                    "cycleInProgress": !job["status"]["progress"].as_array().unwrap().is_empty(),
                })
            })
            .collect();
        apps.push(json!({
            "displayName": sp["displayName"],
            "servicePrincipalId": sp["id"],
            "appId": sp["appId"],
            "jobs": jobs,
        }));
    }
    apps
}

#[tokio::test]
async fn the_demo_tenant_as_graph_serves_it() {
    let emu = Emu::default().await;
    let m = manifest(&emu).await;
    assert_eq!(m["tenantId"], "8a3c2f7e-5b1d-4e96-a0c4-2d7f9b6e1c35");
    assert_eq!(m["now"], NOW);
    assert_eq!(
        m["counts"],
        json!({
            "apps": 20,
            "appsWithJobs": 12,
            "jobs": 13,
            "jobsByStatus": {
                "Active": 6, "NotConfigured": 1, "NotRun": 1, "Paused": 1, "Quarantine": 4
            },
        })
    );
    assert_eq!(without_logs(&m["apps"]), json!(apps_from_graph(&emu).await));
    let apps = without_logs(&m["apps"]);
    let salesforce = &apps[1];
    assert_eq!(salesforce["displayName"], "Salesforce Sandbox");
    // Quarantined for invalid credentials: its failures of the last 24 hours carry that code.
    assert_eq!(
        m["apps"][1]["jobs"][0]["logs"]["failureCodes24h"],
        json!({ "SalesforceInvalidCredentials": 2 })
    );
    assert_eq!(
        salesforce["jobs"][0],
        json!({
            "id": "SfSandboxOutDelta.e4bbf44533ea4eabb17027f3a92e92aa",
            "templateId": "SfSandboxOutDelta",
            "statusCode": "Quarantine",
            "scheduleState": "Active",
            "quarantined": true,
            "quarantineReason": "EncounteredQuarantineException",
            "running": false,
            "cycleInProgress": false,
        })
    );
    let forbidden = &m["forbiddenApp"];
    assert_eq!(forbidden["displayName"], "Contoso Payroll (restricted)");
    assert_eq!(forbidden["visible"], false);
    assert!(
        emu.sps()
            .await
            .iter()
            .all(|sp| sp["id"] != forbidden["servicePrincipalId"])
    );

    // The forbidden app: visible with the fault, never counted among the apps.
    emu.set_faults(r#"{"forbiddenApp":true}"#).await;
    let m = manifest(&emu).await;
    let forbidden = &m["forbiddenApp"];
    assert_eq!(forbidden["visible"], true);
    let listed = emu.sps().await;
    let last = listed.last().unwrap();
    assert_eq!(last["id"], forbidden["servicePrincipalId"]);
    assert_eq!(last["appId"], forbidden["appId"]);
    assert_eq!(last["displayName"], forbidden["displayName"]);
    assert_eq!(m["counts"]["apps"], 20);
}

#[tokio::test]
async fn it_follows_the_live_state_and_reset() {
    let emu = Emu::default().await;
    let initial = manifest(&emu).await;

    // Time: the AWS job's first cycle ends, and it becomes Active.
    emu.advance(2 * 3600).await;
    let m = manifest(&emu).await;
    assert_eq!(m["now"], "2026-11-22T23:03:11.1234567Z");
    let aws = m["apps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["displayName"] == "Amazon Web Services (AWS)")
        .unwrap();
    assert_eq!(aws["jobs"][0]["statusCode"], "Active");
    assert_eq!(m["counts"]["jobsByStatus"]["NotRun"], 0);
    assert_eq!(without_logs(&m["apps"]), json!(apps_from_graph(&emu).await));

    // Actions: pause one job, delete another.
    let (slack, slack_job) = emu.first_job("Slack").await;
    assert_eq!(
        emu.graph("POST", &format!("{slack}/{slack_job}/pause"), None)
            .await
            .status,
        204
    );
    let (zendesk, zendesk_job) = emu.first_job("Zendesk").await;
    assert_eq!(
        emu.graph("DELETE", &format!("{zendesk}/{zendesk_job}"), None)
            .await
            .status,
        204
    );
    let m = manifest(&emu).await;
    assert_eq!(m["counts"]["jobs"], 12);
    assert_eq!(m["counts"]["appsWithJobs"], 11);
    assert_eq!(
        m["counts"]["jobsByStatus"]["Paused"], 1,
        "Slack in, Zendesk out"
    );
    assert_eq!(without_logs(&m["apps"]), json!(apps_from_graph(&emu).await));

    // Reset: the initial tenant again.
    emu.admin("POST", "/_emulator/reset", None).await;
    assert_eq!(manifest(&emu).await, initial);
}

#[tokio::test]
async fn reading_it_is_not_logged_and_moves_nothing() {
    let watched = Emu::default().await;
    let unwatched = Emu::default().await;
    // Read between two moves of the clock: had reading it brought the jobs up
    // to its now, the second move would start from there (cycles skipped over
    // a long jump are counted from where each job stands).
    for emu in [&watched, &unwatched] {
        emu.advance(3600).await;
    }
    for _ in 0..3 {
        manifest(&watched).await;
    }
    for emu in [&watched, &unwatched] {
        emu.advance(3 * 86_400 + 1234).await;
    }
    assert!(
        watched.log().await.is_empty(),
        "admin requests are not logged"
    );
    assert_eq!(watched.stats().await["requests"], 0);
    // Jobs were only looked at on copies: Graph answers as if no manifest was read.
    let logs = "/v1.0/auditLogs/provisioning?$top=1000";
    let (seen, unseen) = (watched.get(logs).await, unwatched.get(logs).await);
    assert!(
        seen.json()["value"] == unseen.json()["value"],
        "the provisioning logs differ"
    );
    assert_eq!(
        apps_from_graph(&watched).await,
        apps_from_graph(&unwatched).await
    );
}

#[tokio::test]
async fn a_generated_tenant_counts_its_apps_with_jobs() {
    let emu = Emu::start(Options {
        apps: Some(300),
        ..options()
    })
    .await;
    let m = manifest(&emu).await;
    assert_eq!(m["counts"]["apps"], 300);
    assert_eq!(m["counts"]["appsWithJobs"], 15, "round(300 x 0.05)");
    let by_status: u64 = m["counts"]["jobsByStatus"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_u64().unwrap())
        .sum();
    assert_eq!(json!(by_status), m["counts"]["jobs"]);
    assert_eq!(without_logs(&m["apps"]), json!(apps_from_graph(&emu).await));
    assert_eq!(
        m["forbiddenApp"]["displayName"],
        "Contoso Payroll (restricted)"
    );
}
