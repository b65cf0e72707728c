//! Job actions over real HTTP: every restart scope, start on paused,
//! quarantined and running jobs, and the strict-start failure.

mod http;

use http::*;
use serde_json::{Value, json};
use syncdeck_emulator::{Faults, Options};

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
