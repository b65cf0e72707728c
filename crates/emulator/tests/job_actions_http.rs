//! Job actions over real HTTP: every restart scope, start on paused,
//! quarantined and running jobs, and the strict-start failure.

mod http;

use http::*;
use serde_json::{Value, json};
use syncdeck_emulator::{Faults, Options};

/// POSTs `action` (`start`, `restart`, ...) with `body` to the job `id` of `jobs`.
async fn act(emu: &Emu, jobs: &str, id: &str, action: &str, body: &str) -> Resp {
    emu.post(&format!("{jobs}/{id}/{action}"), body).await
}

/// Restarts the first job of the app named `name` with `body` (a 204), and returns the job.
async fn restart(emu: &Emu, name: &str, body: &str) -> Value {
    let (jobs, id) = emu.first_job(name).await;
    let r = act(emu, &jobs, &id, "restart", body).await;
    assert_eq!(r.status, 204, "{name}: {}", r.text());
    emu.job(&jobs, &id).await
}

/// [`restart`] with `{"criteria":{"resetScope": scope}}`.
async fn restart_scope(emu: &Emu, name: &str, scope: &str) -> Value {
    let body = json!({ "criteria": { "resetScope": scope } });
    restart(emu, name, &body.to_string()).await
}

#[tokio::test]
async fn each_restart_flag_clears_what_it_should() {
    let emu = Emu::default().await;
    // Escrows: countEscrowed back to 0 (API-driven inbound had 7).
    let j = restart_scope(&emu, "Contoso HRIS (API-driven inbound)", "Escrows").await;
    assert_eq!(j["status"]["lastExecution"]["countEscrowed"], 0);
    assert_ne!(
        j["status"]["steadyStateLastAchievedTime"], "0001-01-01T00:00:00Z",
        "no watermark reset"
    );
    // Escrows alone does not lift a quarantine.
    let j = restart_scope(&emu, "Salesforce Sandbox", "escrows").await;
    assert_eq!(j["status"]["code"], "Quarantine");
    assert!(j["status"]["quarantine"].is_object());
    // QuarantineState lifts it (case-insensitive names).
    let j = restart_scope(&emu, "Salesforce Sandbox", "QUARANTINESTATE").await;
    assert_eq!(j["status"]["code"], "Active");
    assert!(j["status"]["quarantine"].is_null());
    assert_eq!(j["schedule"]["state"], "Active");
    // ForceDeletes lifts a TooManyDeletes quarantine...
    let j = restart_scope(&emu, "ServiceNow", "ForceDeletes").await;
    assert_eq!(j["status"]["code"], "Active", "{j}");
    assert!(j["status"]["quarantine"].is_null());
    // ... but not another reason.
    let j = restart_scope(&emu, "Fabrikam cross-tenant sync", "ForceDeletes").await;
    assert_eq!(j["status"]["code"], "Quarantine");
    // Full = ConnectorDataStore + Escrows + Watermark + QuarantineState.
    let j = restart_scope(&emu, "Fabrikam cross-tenant sync", "Full").await;
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
    let j = restart(&emu, "Databricks", "").await;
    assert_eq!(j["status"]["code"], "Active");
    assert!(j["status"]["quarantine"].is_null());
    assert_eq!(
        j["status"]["steadyStateLastAchievedTime"],
        "0001-01-01T00:00:00Z"
    );
    assert_eq!(j["status"]["progress"][0]["completedUnits"], 0);
    // Empty resetScope and missing criteria are accepted too.
    restart_scope(&emu, "Slack", "").await;
    restart(&emu, "Slack", r#"{}"#).await;
    restart_scope(&emu, "Slack", "Watermark, Escrows, QuarantineState").await;
    // None starts a paused job.
    let j = restart_scope(&emu, "Zendesk", "None").await;
    assert_eq!(j["status"]["code"], "Active");
    assert_eq!(j["schedule"]["state"], "Active");
}

#[tokio::test]
async fn unknown_reset_scope_is_a_400_naming_it() {
    let emu = Emu::default().await;
    let (jobs, id) = emu.first_job("Slack").await;
    let before = emu.job(&jobs, &id).await;
    let body = r#"{"criteria":{"resetScope":"Watermark, Bogus"}}"#;
    let r = act(&emu, &jobs, &id, "restart", body).await;
    let body = assert_envelope(&r, 400, "BadRequest");
    let message = body["error"]["message"].as_str().unwrap();
    assert!(message.contains("'Bogus'"), "{message}");
    assert_eq!(emu.job(&jobs, &id).await, before, "nothing changed");
    for body in [
        r#"{"criteria":"Watermark"}"#,
        r#"{"criteria":{"resetScope":4}}"#,
    ] {
        let r = act(&emu, &jobs, &id, "restart", body).await;
        assert_envelope(&r, 400, "BadRequest");
    }
}

#[tokio::test]
async fn start_resumes_paused_clears_quarantine_and_counts_starts_while_running() {
    let emu = Emu::default().await;
    let (jobs, id) = emu.first_job("Zendesk").await;
    assert_eq!(act(&emu, &jobs, &id, "start", "").await.status, 204);
    let j = emu.job(&jobs, &id).await;
    assert_eq!(
        (
            j["status"]["code"].as_str(),
            j["schedule"]["state"].as_str()
        ),
        (Some("Active"), Some("Active"))
    );

    let (jobs, id) = emu.first_job("Databricks").await;
    assert_eq!(act(&emu, &jobs, &id, "start", "").await.status, 204);
    let j = emu.job(&jobs, &id).await;
    assert_eq!(j["status"]["code"], "Active");
    assert!(j["status"]["quarantine"].is_null());

    // Active, and NotRun with schedule Active, are "running".
    for name in ["Slack", "Amazon Web Services (AWS)"] {
        let (jobs, id) = emu.first_job(name).await;
        let before = emu.job(&jobs, &id).await;
        assert_eq!(act(&emu, &jobs, &id, "start", "").await.status, 204);
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
    assert_eq!(act(&emu, &jobs, &id, "start", "").await.status, 204);
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
    assert_eq!(act(&emu, &jobs, &id, "restart", "").await.status, 204);
    assert_eq!(emu.job(&jobs, &id).await["status"]["code"], "Active");

    // Also switchable at run time.
    let emu = Emu::default().await;
    emu.set_faults(r#"{"strictStart":true}"#).await;
    let (jobs, id) = emu.first_job("Amazon Web Services (AWS)").await;
    act(&emu, &jobs, &id, "start", "").await;
    assert_eq!(emu.job(&jobs, &id).await["status"]["code"], "Quarantine");
}
