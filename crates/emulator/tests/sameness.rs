//! The served tenants never change by accident.
//!
//! A fixed script of requests runs against the demo tenant at a pinned clock
//! (its listing, every app's jobs, templates, schemas and secrets, the
//! provisioning logs, the forbidden app, time passing, actions on every job,
//! `$batch`, seeded faults, reset) and against the `--apps 300` tenant. Every
//! answer is hashed (SHA-256 of its status and JSON body, with the
//! `request-id`, `client-request-id` and `date` fields blanked) and compared
//! with `tests/fixtures/sameness-demo.txt` and `sameness-apps300.txt`: one line
//! per request for the demo tenant, one per phase for the generated one.
//!
//! The app's end-to-end tests rely on the demo tenant's names, ids and counts,
//! so a change here must be meant: then run the test again with
//! `SYNCDECK_BLESS=1` and review the fixture's diff.

mod common;

use axum::Router;
use axum::body::Body;
use common::{HOST, TOKEN, request, send};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use syncdeck_emulator::{AppState, GraphTime, Options, app};

/// The pinned clock of the script (the emulator's `--now`).
const NOW: &str = "2026-11-22T21:03:11Z";

fn options(apps: Option<usize>) -> Options {
    Options {
        now: Some(GraphTime::parse(NOW).unwrap()),
        speed: 0.0,
        apps,
        reports_limit: 0,
        on_demand_limit: 0,
        ..Options::default()
    }
}

/// Blanks the fields that differ on every run (error envelopes' innerError,
/// `$batch` sub-responses' headers).
fn scrub(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                let key = key.to_ascii_lowercase();
                if key == "request-id" || key == "client-request-id" || key == "date" {
                    *v = Value::Null;
                } else {
                    scrub(v);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(scrub),
        _ => {}
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Drives one emulator and records what it answers.
struct Script {
    app: Router,
    /// `(label, status, scrubbed body)` of every recorded answer, in order.
    answers: Vec<(String, u16, Value)>,
}

impl Script {
    fn new(options: Options) -> Self {
        Script {
            app: app(AppState::new(options)),
            answers: Vec::new(),
        }
    }

    async fn call(&mut self, method: &str, uri: &str, body: Option<Value>) -> (u16, Value) {
        let uri = uri.strip_prefix(&format!("http://{HOST}")).unwrap_or(uri);
        let mut builder = request(method, uri);
        if !uri.starts_with("/_emulator") {
            builder = builder.header("authorization", format!("Bearer {TOKEN}"));
        }
        let req = match &body {
            Some(b) => builder
                .header("content-type", "application/json")
                .body(Body::from(b.to_string())),
            None => builder.body(Body::empty()),
        }
        .unwrap();
        let r = send(&self.app, req).await;
        let mut json = if r.body.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&r.body).unwrap_or_else(|_| Value::String(r.text()))
        };
        scrub(&mut json);
        (r.status.as_u16(), json)
    }

    /// Calls and records the answer under `METHOD uri`.
    async fn record(&mut self, method: &str, uri: &str, body: Option<Value>) -> Value {
        let (status, json) = self.call(method, uri, body).await;
        let uri = uri.strip_prefix(&format!("http://{HOST}")).unwrap_or(uri);
        self.answers
            .push((format!("{method} {uri}"), status, json.clone()));
        json
    }

    async fn admin(&mut self, method: &str, uri: &str, body: Value) {
        let (status, _) = self.call(method, uri, Some(body)).await;
        assert!(status < 300, "{method} {uri}: {status}");
    }

    async fn advance(&mut self, seconds: u64) {
        self.admin(
            "POST",
            "/_emulator/clock",
            json!({ "advanceSeconds": seconds }),
        )
        .await;
    }

    /// Every service principal (one page of 999, then nextLinks).
    async fn apps(&mut self, version: &str) -> Vec<Value> {
        let mut page = self
            .record(
                "GET",
                &format!("/{version}/servicePrincipals?$top=999"),
                None,
            )
            .await;
        let mut apps = page["value"].as_array().cloned().unwrap_or_default();
        while let Some(next) = page["@odata.nextLink"].as_str().map(str::to_string) {
            page = self.record("GET", &next, None).await;
            apps.extend(page["value"].as_array().cloned().unwrap_or_default());
        }
        apps
    }

    /// Every app's jobs, as `(service principal id, job id)`.
    async fn jobs(&mut self, apps: &[Value]) -> Vec<(String, String)> {
        let mut jobs = Vec::new();
        for sp in apps {
            let id = sp["id"].as_str().unwrap();
            let list = self
                .record(
                    "GET",
                    &format!("/v1.0/servicePrincipals/{id}/synchronization/jobs"),
                    None,
                )
                .await;
            for job in list["value"].as_array().into_iter().flatten() {
                jobs.push((id.to_string(), job["id"].as_str().unwrap().to_string()));
            }
        }
        jobs
    }

    /// Every provisioning log entry (pages of 1000).
    async fn logs(&mut self, version: &str) {
        let mut page = self
            .record(
                "GET",
                &format!("/{version}/auditLogs/provisioning?$top=1000"),
                None,
            )
            .await;
        while let Some(next) = page["@odata.nextLink"].as_str().map(str::to_string) {
            page = self.record("GET", &next, None).await;
        }
    }

    /// One line per recorded answer: `{status} {hash} {METHOD uri}`.
    fn lines(&self) -> Vec<String> {
        self.answers
            .iter()
            .map(|(label, status, body)| {
                let hash = Sha256::digest(format!("{status} {body}").as_bytes());
                format!("{status} {} {label}", &hex(&hash)[..16])
            })
            .collect()
    }

    /// One line for the answers recorded since `from`: `{hash} {count} {phase}`.
    fn phase(&self, from: usize, name: &str) -> String {
        let mut hasher = Sha256::new();
        for (label, status, body) in &self.answers[from..] {
            hasher.update(format!("{label}\n{status} {body}\n").as_bytes());
        }
        let n = self.answers.len() - from;
        format!("{} {n} {name}", &hex(&hasher.finalize())[..16])
    }
}

/// Compares `lines` with the fixture `name` (or writes it with `SYNCDECK_BLESS=1`).
fn check(name: &str, lines: &[String]) {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = lines.join("\n") + "\n";
    if std::env::var_os("SYNCDECK_BLESS").is_some() {
        std::fs::write(&path, text).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    if expected == text {
        return;
    }
    let want: Vec<&str> = expected.lines().collect();
    let differing: Vec<String> = (0..want.len().max(lines.len()))
        .filter(|&i| want.get(i).copied() != lines.get(i).map(String::as_str))
        .take(20)
        .map(|i| {
            format!(
                "line {}:\n  want {}\n  got  {}",
                i + 1,
                want.get(i).unwrap_or(&"(none)"),
                lines.get(i).map_or("(none)", String::as_str)
            )
        })
        .collect();
    panic!(
        "the answers differ from {path} ({} lines expected, {} recorded); if the change is \
         meant, rerun with SYNCDECK_BLESS=1 and review the diff:\n{}",
        want.len(),
        lines.len(),
        differing.join("\n")
    );
}

#[tokio::test]
async fn the_demo_tenant_answers_as_it_always_did() {
    let mut s = Script::new(options(None));
    let apps = s.apps("v1.0").await;
    assert_eq!(apps.len(), 20);
    let jobs = s.jobs(&apps).await;
    assert_eq!(jobs.len(), 13);
    for sp in &apps {
        let id = sp["id"].as_str().unwrap();
        let base = format!("/v1.0/servicePrincipals/{id}");
        s.record("GET", &base, None).await;
        s.record("GET", &format!("{base}/synchronization/templates"), None)
            .await;
        s.record("GET", &format!("{base}/synchronization/secrets"), None)
            .await;
    }
    for (sp, job) in &jobs {
        let path = format!("/v1.0/servicePrincipals/{sp}/synchronization/jobs/{job}");
        s.record("GET", &path, None).await;
        s.record("GET", &format!("{path}/schema"), None).await;
    }
    s.logs("v1.0").await;
    s.apps("beta").await;
    s.logs("beta").await;

    // The forbidden app.
    s.admin("POST", "/_emulator/faults", json!({ "forbiddenApp": true }))
        .await;
    let with_forbidden = s.apps("v1.0").await;
    assert_eq!(with_forbidden.len(), 21);
    let restricted = with_forbidden[20]["id"].as_str().unwrap().to_string();
    s.record(
        "GET",
        &format!("/v1.0/servicePrincipals/{restricted}/synchronization/jobs"),
        None,
    )
    .await;
    s.admin("DELETE", "/_emulator/faults", Value::Null).await;

    // Time passes: cycles end, new ones begin, logs are written.
    for seconds in [61, 3600, 3 * 86_400] {
        s.advance(seconds).await;
        s.jobs(&apps).await;
        s.logs("v1.0").await;
    }

    // Actions on every job, then more time.
    let scopes = [
        "Full",
        "Watermark",
        "None",
        "Escrows",
        "ForceDeletes",
        "QuarantineState",
        "ConnectorDataStore",
    ];
    for (i, (sp, job)) in jobs.iter().enumerate() {
        let path = format!("/v1.0/servicePrincipals/{sp}/synchronization/jobs/{job}");
        match i % 5 {
            0 => {
                s.record("POST", &format!("{path}/start"), None).await;
            }
            1 => {
                s.record("POST", &format!("{path}/pause"), None).await;
            }
            2 => {
                let scope = scopes[(i / 5) % scopes.len()];
                let body = json!({ "criteria": { "resetScope": scope } });
                s.record("POST", &format!("{path}/restart"), Some(body))
                    .await;
            }
            3 => {
                let schema = s.call("GET", &format!("{path}/schema"), None).await.1;
                let rule = schema["synchronizationRules"][0]["id"].clone();
                let body = json!({ "parameters": [{ "ruleId": rule, "subjects": [
                    { "objectId": "7a1c0f3e-user", "objectTypeName": "User" }
                ]}]});
                for _ in 0..2 {
                    let uri = format!("{path}/provisionOnDemand");
                    s.record("POST", &uri, Some(body.clone())).await;
                }
            }
            _ => {
                let secrets = json!({ "value": [
                    { "key": "BaseAddress", "value": "https://scim.example/v2" },
                    { "key": "SecretToken", "value": "s3cret" },
                ]});
                let uri = format!("/v1.0/servicePrincipals/{sp}/synchronization/secrets");
                s.record("PUT", &uri, Some(secrets)).await;
                s.record("POST", &format!("{path}/restart"), Some(json!({})))
                    .await;
            }
        }
    }
    let dropbox = apps
        .iter()
        .find(|sp| sp["displayName"] == "Dropbox Business")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let jobs_uri = format!("/v1.0/servicePrincipals/{dropbox}/synchronization/jobs");
    let created = s
        .record(
            "POST",
            &jobs_uri,
            Some(json!({ "templateId": "DropboxSCIMOutDelta" })),
        )
        .await;
    let created = created["id"].as_str().unwrap().to_string();
    let start = format!("{jobs_uri}/{created}/start");
    s.record("POST", &start, None).await;
    let secrets = json!({ "value": [
        { "key": "BaseAddress", "value": "https://dropbox.example/scim" },
        { "key": "SecretToken", "value": "t0ken" },
    ]});
    let uri = format!("/v1.0/servicePrincipals/{dropbox}/synchronization/secrets");
    s.record("PUT", &uri, Some(secrets)).await;
    s.record("POST", &start, None).await;
    let (sp, job) = &jobs[1];
    let uri = format!("/v1.0/servicePrincipals/{sp}/synchronization/jobs/{job}");
    s.record("DELETE", &uri, None).await;
    for seconds in [30, 900] {
        s.advance(seconds).await;
        s.jobs(&apps).await;
        s.logs("v1.0").await;
    }

    // $batch (its answer order is shuffled by the seed) and seeded faults.
    let requests: Vec<Value> = apps[..8]
        .iter()
        .enumerate()
        .map(|(i, sp)| {
            json!({ "id": i.to_string(), "method": "GET",
                    "url": format!("/servicePrincipals/{}/synchronization/jobs", sp["id"].as_str().unwrap()) })
        })
        .collect();
    s.record(
        "POST",
        "/v1.0/$batch",
        Some(json!({ "requests": requests })),
    )
    .await;
    s.admin(
        "POST",
        "/_emulator/faults",
        json!({ "error500Rate": 0.3, "throttleRate": 0.2, "unknownErrorRate": 0.3 }),
    )
    .await;
    s.jobs(&apps).await;
    s.admin("DELETE", "/_emulator/faults", Value::Null).await;

    // Reset: the initial tenant again.
    s.admin("POST", "/_emulator/reset", Value::Null).await;
    let again = s.apps("v1.0").await;
    s.jobs(&again).await;
    s.logs("v1.0").await;

    check("sameness-demo.txt", &s.lines());
}

#[tokio::test]
async fn the_generated_tenant_answers_as_it_always_did() {
    let mut s = Script::new(options(Some(300)));
    let mut phases = Vec::new();
    let apps = s.apps("v1.0").await;
    assert_eq!(apps.len(), 300);
    phases.push(s.phase(0, "service principals"));
    let from = s.answers.len();
    let jobs = s.jobs(&apps).await;
    assert_eq!(
        apps.iter()
            .filter(|sp| jobs.iter().any(|(id, _)| id == sp["id"].as_str().unwrap()))
            .count(),
        15,
        "round(300 x 0.05) apps have jobs"
    );
    phases.push(s.phase(from, "jobs of every app"));
    let from = s.answers.len();
    for (sp, job) in &jobs {
        let path = format!("/v1.0/servicePrincipals/{sp}/synchronization/jobs/{job}");
        s.record("GET", &format!("{path}/schema"), None).await;
    }
    for sp in apps
        .iter()
        .filter(|sp| jobs.iter().any(|(id, _)| id == sp["id"].as_str().unwrap()))
    {
        let id = sp["id"].as_str().unwrap();
        s.record(
            "GET",
            &format!("/v1.0/servicePrincipals/{id}/synchronization/templates"),
            None,
        )
        .await;
    }
    phases.push(s.phase(from, "schemas and templates"));
    let from = s.answers.len();
    s.logs("v1.0").await;
    phases.push(s.phase(from, "provisioning logs"));
    for seconds in [3600, 3 * 86_400] {
        s.advance(seconds).await;
        let from = s.answers.len();
        s.jobs(&apps).await;
        s.logs("v1.0").await;
        phases.push(s.phase(from, &format!("jobs and logs {seconds} s later")));
    }
    let from = s.answers.len();
    for (i, (sp, job)) in jobs.iter().enumerate() {
        let path = format!("/v1.0/servicePrincipals/{sp}/synchronization/jobs/{job}");
        let action = ["start", "pause", "restart"][i % 3];
        s.record("POST", &format!("{path}/{action}"), None).await;
    }
    s.advance(600).await;
    s.jobs(&apps).await;
    s.logs("v1.0").await;
    phases.push(s.phase(from, "actions, then 600 s"));
    assert_eq!(s.answers.iter().filter(|a| a.1 >= 500).count(), 0);
    assert!(
        s.answers
            .iter()
            .all(|a| a.1 < 400 || a.0.contains("/start") || a.0.contains("/restart")),
        "{:?}",
        s.answers
            .iter()
            .filter(|a| a.1 >= 400)
            .map(|a| (&a.0, a.1))
            .collect::<Vec<_>>()
    );
    check("sameness-apps300.txt", &phases);
}
