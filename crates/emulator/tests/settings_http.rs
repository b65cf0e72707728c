//! What an app's settings page reads and writes, over real HTTP: the saved secrets
//! (PUT replaces the set, GET returns it), the `secretsRead` fault, the runtime
//! `credentialRule`, the demo tenant's saved settings, and a job's schema (GET and PUT).

mod http;

use http::*;
use serde_json::{Value, json};

fn secrets_path(sp: &str) -> String {
    format!("/v1.0/servicePrincipals/{sp}/synchronization/secrets")
}

async fn put_secrets(emu: &Emu, sp: &str, body: &Value) -> Resp {
    emu.graph("PUT", &secrets_path(sp), Some(&body.to_string()))
        .await
}

#[tokio::test]
async fn put_secrets_replaces_the_saved_set_and_get_returns_it_as_saved() {
    let emu = Emu::default().await;
    let sp = emu.sp_id("Slack").await;
    // A JSON text with escapes, non-ASCII and spaces: it must come back byte for byte.
    let notify = r#"{"Enabled":true,"Recipients":"ops@contoso.example; Zoë <z@contoso.example>","DeleteThresholdEnabled":false}"#;
    let first = json!({ "value": [
        { "key": "syncall", "value": "true" },
        { "key": "BaseAddress", "value": "https://api.slack.com/scim/v2/ " },
        { "key": "SyncNotificationSettings", "value": notify },
        { "key": "SECRETTOKEN", "value": "xoxp-1\t2" },
    ]});
    let r = put_secrets(&emu, &sp, &first).await;
    assert_eq!(r.status, 204, "{}", r.text());
    let got = emu.get(&secrets_path(&sp)).await;
    assert_eq!(got.status, 200);
    let got = got.json();
    assert!(
        got["@odata.context"]
            .as_str()
            .unwrap()
            .ends_with("/synchronization/secrets"),
        "{got}"
    );
    assert_eq!(
        got["value"],
        json!([
            { "key": "SyncAll", "value": "true" },
            { "key": "BaseAddress", "value": "https://api.slack.com/scim/v2/ " },
            { "key": "SyncNotificationSettings", "value": notify },
            { "key": "SecretToken", "value": "xoxp-1\t2" },
        ]),
        "the PUT's pairs in the PUT's order, keys canonical, values as sent"
    );
    assert_eq!(
        got["value"][2]["value"].as_str().unwrap().as_bytes(),
        notify.as_bytes()
    );

    // A second PUT without SyncAll and SyncNotificationSettings: they are gone.
    let second = json!({ "value": [
        { "key": "SecretToken", "value": "xoxp-2" },
        { "key": "BaseAddress", "value": "https://api.slack.com/scim/v2" },
    ]});
    assert_eq!(put_secrets(&emu, &sp, &second).await.status, 204);
    assert_eq!(
        emu.get(&secrets_path(&sp)).await.json()["value"],
        second["value"]
    );

    // An unknown key is refused and changes nothing.
    let bad = json!({ "value": [{ "key": "Bogus", "value": "1" }] });
    assert_envelope(&put_secrets(&emu, &sp, &bad).await, 400, "BadRequest");
    assert_eq!(
        emu.get(&secrets_path(&sp)).await.json()["value"],
        second["value"]
    );

    // An empty set clears everything.
    assert_eq!(
        put_secrets(&emu, &sp, &json!({ "value": [] })).await.status,
        204
    );
    assert_eq!(emu.get(&secrets_path(&sp)).await.json()["value"], json!([]));
}

#[tokio::test]
async fn the_secrets_read_fault_refuses_or_masks_only_get_secrets() {
    let emu = Emu::default().await;
    let sp = emu.sp_id("Slack").await;
    let saved = json!({ "value": [
        { "key": "BaseAddress", "value": "https://api.slack.com/scim/v2" },
        { "key": "SecretToken", "value": "xoxp-1" },
        { "key": "Password", "value": "pw" },
        { "key": "SyncAll", "value": "false" },
    ]});
    assert_eq!(put_secrets(&emu, &sp, &saved).await.status, 204);
    let f = emu.admin("GET", "/_emulator/faults", None).await.json();
    assert_eq!(f["secretsRead"], "ok", "{f}");

    emu.set_faults(r#"{"secretsRead":"forbidden"}"#).await;
    let body = assert_envelope(
        &emu.get(&secrets_path(&sp)).await,
        403,
        "Authorization_RequestDenied",
    );
    assert_eq!(
        body["error"]["message"],
        "Insufficient privileges to complete the operation."
    );
    // Only the read: the PUT and the jobs still answer.
    assert_eq!(put_secrets(&emu, &sp, &saved).await.status, 204);
    let (jobs, id) = emu.first_job("Slack").await;
    assert_eq!(emu.get(&format!("{jobs}/{id}")).await.status, 200);
    assert_eq!(
        emu.post(
            &format!("{jobs}/{id}/validateCredentials"),
            r#"{"useSavedCredentials":true}"#
        )
        .await
        .status,
        204
    );

    emu.set_faults(r#"{"secretsRead":"notFound"}"#).await;
    assert_envelope(&emu.get(&secrets_path(&sp)).await, 404, "ResourceNotFound");

    emu.set_faults(r#"{"secretsRead":"masked"}"#).await;
    let got = emu.get(&secrets_path(&sp)).await;
    assert_eq!(got.status, 200);
    assert_eq!(
        got.json()["value"],
        json!([
            { "key": "BaseAddress", "value": "https://api.slack.com/scim/v2" },
            { "key": "SecretToken", "value": "*****" },
            { "key": "Password", "value": "*****" },
            { "key": "SyncAll", "value": "false" },
        ])
    );
    // Masked on the way out only: the saved values are intact.
    emu.set_faults(r#"{"secretsRead":"ok"}"#).await;
    assert_eq!(
        emu.get(&secrets_path(&sp)).await.json()["value"],
        saved["value"]
    );

    // An unknown mode is refused; DELETE turns the fault off.
    let r = emu
        .admin(
            "POST",
            "/_emulator/faults",
            Some(r#"{"secretsRead":"sometimes"}"#),
        )
        .await;
    assert_eq!(r.status, 400, "{}", r.text());
    emu.set_faults(r#"{"secretsRead":"forbidden"}"#).await;
    assert_eq!(
        emu.admin("DELETE", "/_emulator/faults", None).await.status,
        204
    );
    assert_eq!(emu.get(&secrets_path(&sp)).await.status, 200);
}

#[tokio::test]
async fn a_start_up_secrets_read_fault_comes_back_with_reset() {
    let emu = Emu::start(syncdeck_emulator::Options {
        faults: syncdeck_emulator::Faults {
            secrets_read: syncdeck_emulator::faults::SecretsRead::Masked,
            ..Default::default()
        },
        ..options()
    })
    .await;
    let f = emu.admin("GET", "/_emulator/faults", None).await.json();
    assert_eq!(f["secretsRead"], "masked");
    emu.set_faults(r#"{"secretsRead":"ok"}"#).await;
    assert_eq!(
        emu.admin("POST", "/_emulator/reset", None).await.status,
        204
    );
    let f = emu.admin("GET", "/_emulator/faults", None).await.json();
    assert_eq!(f["secretsRead"], "masked");
}

#[tokio::test]
async fn the_credential_rule_switches_at_run_time() {
    let emu = Emu::default().await;
    let (jobs, id) = emu.first_job("Slack").await;
    let paths = [
        format!("{jobs}/{id}/validateCredentials"),
        format!("{jobs}/validateCredentials"),
    ];
    let good = r#"{"credentials":[{"key":"BaseAddress","value":"https://api.slack.com/scim"},{"key":"SecretToken","value":"xoxp-1"}]}"#;
    let plain_http = good.replace("https://", "http://");
    let status = |r: Resp| r.status;
    let f = emu.admin("GET", "/_emulator/faults", None).await.json();
    assert_eq!(f["credentialRule"], Value::Null, "the flag's rule: {f}");

    // --credential-rule scim (the default).
    for path in &paths {
        assert_eq!(status(emu.post(path, good).await), 204, "{path}");
        assert_envelope(&emu.post(path, &plain_http).await, 400, "BadRequest");
    }

    emu.set_faults(r#"{"credentialRule":"reject"}"#).await;
    for path in &paths {
        let body = assert_envelope(&emu.post(path, good).await, 400, "BadRequest");
        let message = body["error"]["message"].as_str().unwrap();
        assert!(message.contains("refused"), "{message}");
        let saved = emu.post(path, r#"{"useSavedCredentials":true}"#).await;
        assert_envelope(&saved, 400, "BadRequest");
    }

    emu.set_faults(r#"{"credentialRule":"accept"}"#).await;
    for path in &paths {
        assert_eq!(status(emu.post(path, &plain_http).await), 204, "{path}");
        assert_eq!(status(emu.post(path, r#"{"credentials":[]}"#).await), 204);
    }
    let f = emu.admin("GET", "/_emulator/faults", None).await.json();
    assert_eq!(f["credentialRule"], "accept");

    // null: the flag's rule again; the CLI spelling is accepted in any case.
    emu.set_faults(r#"{"credentialRule":null}"#).await;
    assert_envelope(&emu.post(&paths[0], &plain_http).await, 400, "BadRequest");
    emu.set_faults(r#"{"credentialRule":"Accept"}"#).await;
    assert_eq!(status(emu.post(&paths[0], &plain_http).await), 204);
    let r = emu
        .admin(
            "POST",
            "/_emulator/faults",
            Some(r#"{"credentialRule":"maybe"}"#),
        )
        .await;
    assert_eq!(r.status, 400, "{}", r.text());
    assert!(r.text().contains("accept, reject, scim"), "{}", r.text());
    assert_eq!(
        emu.admin("DELETE", "/_emulator/faults", None).await.status,
        204
    );
    assert_envelope(&emu.post(&paths[0], &plain_http).await, 400, "BadRequest");

    // Over a lax flag, "scim" is strict again.
    let lax = Emu::start(syncdeck_emulator::Options {
        credential_rule: syncdeck_emulator::CredentialRule::Accept,
        ..options()
    })
    .await;
    let (jobs, id) = lax.first_job("Slack").await;
    let path = format!("{jobs}/{id}/validateCredentials");
    assert_eq!(status(lax.post(&path, &plain_http).await), 204);
    lax.set_faults(r#"{"credentialRule":"scim"}"#).await;
    let body = assert_envelope(&lax.post(&path, &plain_http).await, 400, "BadRequest");
    assert!(
        body["error"]["message"].as_str().unwrap().contains("https"),
        "{body}"
    );
}

#[tokio::test]
async fn credentials_refused_by_the_runtime_rule_do_not_fix_a_failing_job() {
    let emu = Emu::default().await;
    let sp = emu.sp_id("Google Workspace").await;
    let (jobs, id) = emu.first_job("Google Workspace").await;
    let secrets = json!({ "value": [
        { "key": "BaseAddress", "value": "https://www.googleapis.com" },
        { "key": "SecretToken", "value": "t" },
    ]});
    emu.set_faults(r#"{"credentialRule":"reject"}"#).await;
    assert_eq!(put_secrets(&emu, &sp, &secrets).await.status, 204);
    emu.advance(3 * 3600).await;
    let j = emu.job(&jobs, &id).await;
    assert_eq!(j["status"]["lastExecution"]["state"], "Failed", "{j}");
    emu.set_faults(r#"{"credentialRule":"accept"}"#).await;
    assert_eq!(put_secrets(&emu, &sp, &secrets).await.status, 204);
    emu.advance(3 * 3600).await;
    let j = emu.job(&jobs, &id).await;
    assert_eq!(j["status"]["countSuccessiveCompleteFailures"], 0, "{j}");
}

#[tokio::test]
async fn the_demo_apps_have_saved_settings() {
    let emu = Emu::default().await;
    let notify = r#"{"Enabled":true,"Recipients":"provisioning-alerts@contoso.example","DeleteThresholdEnabled":true,"DeleteThresholdValue":500,"HumanResourcesLookaheadQueryEnabled":false}"#;
    let settings = json!([
        { "key": "SyncNotificationSettings", "value": notify },
        { "key": "SyncAll", "value": "false" },
        { "key": "SkipOutOfScopeDeletions", "value": "false" },
    ]);
    // An outbound (SCIM-like) app: credentials first, then the settings.
    let slack = emu
        .get(&secrets_path(&emu.sp_id("Slack").await))
        .await
        .json();
    let value = slack["value"].as_array().unwrap();
    assert_eq!(value.len(), 5, "{slack}");
    assert_eq!(
        value[0],
        json!({ "key": "BaseAddress", "value": "https://scim.slack.example/scim/v2" })
    );
    assert_eq!(value[1]["key"], "SecretToken");
    let token = value[1]["value"].as_str().unwrap();
    assert_eq!(token.len(), 40, "{token}");
    assert!(token.bytes().all(|b| b.is_ascii_hexdigit()), "{token}");
    assert_eq!(Value::Array(value[2..].to_vec()), settings);
    // The same token on another run.
    let other = Emu::default().await;
    let again = other
        .get(&secrets_path(&other.sp_id("Slack").await))
        .await
        .json();
    assert_eq!(again["value"], slack["value"]);
    // An inbound app: the settings only.
    let workday = emu
        .get(&secrets_path(&emu.sp_id("Contoso HR (Workday)").await))
        .await
        .json();
    assert_eq!(workday["value"], settings);
    // Box (its one job just created, never configured): nothing saved, so Start still
    // needs credentials first; an app without jobs has nothing either.
    let box_sp = emu.sp_id("Box").await;
    assert_eq!(
        emu.get(&secrets_path(&box_sp)).await.json()["value"],
        json!([])
    );
    let (jobs, id) = emu.first_job("Box").await;
    assert_envelope(
        &emu.post(&format!("{jobs}/{id}/start"), "").await,
        400,
        "BadRequest",
    );
    assert_eq!(emu.job(&jobs, &id).await["status"]["code"], "NotConfigured");
    let dropbox = emu.sp_id("Dropbox Business").await;
    assert_eq!(
        emu.get(&secrets_path(&dropbox)).await.json()["value"],
        json!([])
    );
    // The saved credentials pass the default rule.
    let (jobs, id) = emu.first_job("Slack").await;
    let r = emu
        .post(
            &format!("{jobs}/{id}/validateCredentials"),
            r#"{"useSavedCredentials":true}"#,
        )
        .await;
    assert_eq!(r.status, 204, "{}", r.text());
}

/// Microsoft's example body of "Get synchronizationSchema", verbatim
/// (https://learn.microsoft.com/en-us/graph/api/synchronization-synchronizationschema-get):
/// empty objects where the page elides, no `id` or `version`.
const MICROSOFT_SCHEMA: &str = r#"{
    "directories": [
        {
            "name": "Azure Active Directory",
            "objects": [
                {
                    "name": "User",
                    "attributes": [
                        {
                            "name": "userPrincipalName",
                            "type": "string"
                        }
                    ]
                }
            ]
        },
        {
            "name": "Salesforce",
            "objects": [{}]
        }
    ],
    "synchronizationRules":[
        {
            "name": "USER_TO_USER",
            "sourceDirectoryName": "Azure Active Directory",
            "targetDirectoryName": "Salesforce",
            "objectMappings": [
                {
                    "sourceObjectName": "User",
                    "targetObjectName": "User",
                    "attributeMappings": [
                        {
                            "source": {},
                            "targetAttributeName": "userName"
                        },
                        {}
                    ]
                },
                {}
            ]
        },
        {}
    ]
}"#;

/// The schema JSON of a GET without its `@odata.context`.
fn without_context(mut schema: Value) -> Value {
    schema.as_object_mut().unwrap().remove("@odata.context");
    schema
}

#[tokio::test]
async fn the_generated_schema_has_the_default_mappings() {
    let emu = Emu::default().await;
    let (jobs, id) = emu.first_job("Slack").await;
    let schema = emu.get(&format!("{jobs}/{id}/schema")).await.json();
    assert_eq!(schema["id"], id.as_str());
    let users = &schema["synchronizationRules"][0]["objectMappings"][0];
    let targets: Vec<&str> = users["attributeMappings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["targetAttributeName"].as_str().unwrap())
        .collect();
    assert_eq!(
        targets,
        [
            "userName",
            "active",
            "displayName",
            r#"emails[type eq "work"].value"#,
            "name.givenName",
            "name.familyName",
            "externalId",
            "name.formatted"
        ]
    );
    assert_eq!(users["attributeMappings"][0]["matchingPriority"], 1);
    assert_eq!(users["attributeMappings"][1]["source"]["type"], "Function");
    assert_eq!(users["attributeMappings"][7]["flowType"], "ObjectAddOnly");
    assert_eq!(users["scope"]["groups"][0]["name"], "Enabled accounts");
    let groups = &schema["synchronizationRules"][1]["objectMappings"][0];
    assert_eq!(groups["flowTypes"], "Add, Update");
    // Workday: workers matched on WorkerID.
    let (jobs, id) = emu.first_job("Contoso HR (Workday)").await;
    let schema = emu.get(&format!("{jobs}/{id}/schema")).await.json();
    let workers = &schema["synchronizationRules"][0]["objectMappings"][0];
    assert_eq!(
        workers["attributeMappings"][0]["targetAttributeName"],
        "employeeId"
    );
    assert_eq!(
        workers["attributeMappings"][0]["source"]["name"],
        "WorkerID"
    );
}

#[tokio::test]
async fn a_put_schema_is_served_as_it_was_put() {
    let emu = Emu::default().await;
    let (jobs, id) = emu.first_job("Slack").await;
    let path = format!("{jobs}/{id}/schema");
    // The generated schema, edited as an app would: a mapping fewer, a constant added.
    let got = emu.get(&path).await.json();
    let context = got["@odata.context"].as_str().unwrap().to_string();
    assert!(
        context.ends_with(&format!("jobs('{id}')/schema/$entity")),
        "{context}"
    );
    let mut edited = got.clone();
    let mappings = edited["synchronizationRules"][0]["objectMappings"][0]["attributeMappings"]
        .as_array_mut()
        .unwrap();
    mappings.remove(7);
    mappings.push(json!({
        "defaultValue": null, "exportMissingReferences": false, "flowBehavior": "FlowWhenChanged",
        "flowType": "Always", "matchingPriority": 0,
        "source": { "expression": "\"Zoë\"", "name": "Zoë", "parameters": [], "type": "Constant" },
        "targetAttributeName": "title"
    }));
    edited["@odata.type"] = json!("#microsoft.graph.synchronizationSchema");
    let r = emu.graph("PUT", &path, Some(&edited.to_string())).await;
    assert_eq!(r.status, 204, "{}", r.text());
    assert!(r.body.is_empty());
    let after = emu.get(&path).await;
    assert_eq!(after.status, 200);
    let after = after.json();
    assert_eq!(after["@odata.context"], context.as_str());
    let mut expected = edited.clone();
    let map = expected.as_object_mut().unwrap();
    map.remove("@odata.context");
    map.remove("@odata.type");
    assert_eq!(
        without_context(after.clone()),
        expected,
        "the PUT's JSON value, @odata.* dropped"
    );
    assert!(after.get("@odata.type").is_none());

    // Replace, not merge: Microsoft's sparse example replaces it all (no id, no version).
    let r = emu.graph("PUT", &path, Some(MICROSOFT_SCHEMA)).await;
    assert_eq!(r.status, 204, "{}", r.text());
    let example: Value = serde_json::from_str(MICROSOFT_SCHEMA).unwrap();
    assert_eq!(without_context(emu.get(&path).await.json()), example);
    // The same over beta, and other jobs keep their generated schema.
    let beta = emu.get(&path.replacen("/v1.0/", "/beta/", 1)).await.json();
    assert_eq!(without_context(beta), example);
    let (other_jobs, other) = emu.first_job("Zendesk").await;
    let zendesk = emu
        .get(&format!("{other_jobs}/{other}/schema"))
        .await
        .json();
    assert_eq!(zendesk["synchronizationRules"].as_array().unwrap().len(), 2);
    // A reset brings the generated schema back.
    assert_eq!(
        emu.admin("POST", "/_emulator/reset", None).await.status,
        204
    );
    assert_eq!(
        without_context(emu.get(&path).await.json()),
        without_context(got)
    );
}

#[tokio::test]
async fn a_schema_put_without_its_arrays_is_refused() {
    let emu = Emu::default().await;
    let (jobs, id) = emu.first_job("Slack").await;
    let path = format!("{jobs}/{id}/schema");
    let before = emu.get(&path).await.json();
    let cases: [(&str, &[&str]); 8] = [
        ("", &["synchronizationSchema"]),
        ("[]", &["synchronizationSchema"]),
        (r#""schema""#, &["synchronizationSchema"]),
        ("{}", &["synchronizationRules", "directories"]),
        (r#"{"directories":[]}"#, &["synchronizationRules"]),
        (r#"{"synchronizationRules":[]}"#, &["directories"]),
        (
            r#"{"synchronizationRules":{},"directories":[]}"#,
            &["synchronizationRules"],
        ),
        (
            r#"{"synchronizationRules":[],"directories":null}"#,
            &["directories"],
        ),
    ];
    for (body, named) in cases {
        let r = emu.graph("PUT", &path, Some(body)).await;
        let e = assert_envelope(&r, 400, "BadRequest");
        let message = e["error"]["message"].as_str().unwrap();
        for name in named {
            assert!(message.contains(name), "{body}: {message}");
        }
    }
    let r = emu.graph("PUT", &path, Some("{not json")).await;
    assert_envelope(&r, 400, "BadRequest");
    assert_eq!(emu.get(&path).await.json(), before, "nothing saved");
    // An unknown job is a 404, as for GET.
    let r = emu
        .graph(
            "PUT",
            &format!("{jobs}/nope.123/schema"),
            Some(MICROSOFT_SCHEMA),
        )
        .await;
    assert_envelope(&r, 404, "Request_ResourceNotFound");
    // Empty arrays are a schema.
    let empty = r#"{"synchronizationRules":[],"directories":[]}"#;
    assert_eq!(emu.graph("PUT", &path, Some(empty)).await.status, 204);
}

#[tokio::test]
async fn a_schema_put_restarts_the_job_with_an_initial_cycle() {
    let emu = Emu::default().await;
    let put = |jobs: String, id: String| {
        let emu = &emu;
        async move {
            let path = format!("{jobs}/{id}/schema");
            let schema = without_context(emu.get(&path).await.json());
            let r = emu.graph("PUT", &path, Some(&schema.to_string())).await;
            assert_eq!(r.status, 204, "{}", r.text());
            emu.job(&jobs, &id).await
        }
    };
    // A healthy job between cycles: a new initial cycle begins now.
    let (jobs, id) = emu.first_job("Slack").await;
    let before = emu.job(&jobs, &id).await;
    assert!(
        before["status"]["progress"].as_array().unwrap().is_empty(),
        "{before}"
    );
    let j = put(jobs, id).await;
    assert_eq!(j["status"]["code"], "Active");
    assert_eq!(j["schedule"]["state"], "Active");
    assert_eq!(j["status"]["progress"][0]["completedUnits"], 0, "{j}");
    assert!(j["status"]["progress"][0]["totalUnits"].as_i64().unwrap() >= 4);
    assert_eq!(
        j["status"]["steadyStateLastAchievedTime"],
        "0001-01-01T00:00:00Z"
    );
    assert_eq!(
        j["status"]["lastExecution"]["timeEnded"],
        "0001-01-01T00:00:00Z"
    );
    // A quarantined job: lifted, as the portal's Restart does.
    let (jobs, id) = emu.first_job("Databricks").await;
    let j = put(jobs, id).await;
    assert_eq!(j["status"]["code"], "Active");
    assert!(j["status"]["quarantine"].is_null());
    assert_eq!(j["status"]["progress"][0]["completedUnits"], 0);
    // A paused job stays paused; a not configured one is not started.
    let (jobs, id) = emu.first_job("Zendesk").await;
    let before = emu.job(&jobs, &id).await;
    let j = put(jobs, id).await;
    assert_eq!(j["status"], before["status"]);
    assert_eq!(j["schedule"], before["schedule"]);
    let (jobs, id) = emu.first_job("Box").await;
    let j = put(jobs.clone(), id.clone()).await;
    assert_eq!(j["status"]["code"], "NotConfigured");
    assert_eq!(j["schedule"]["state"], "Disabled");
    let saved = emu.get(&format!("{jobs}/{id}/schema")).await;
    assert_eq!(saved.status, 200);
}

#[tokio::test]
async fn provision_on_demand_takes_the_rules_of_a_saved_schema() {
    let emu = Emu::default().await;
    let (jobs, id) = emu.first_job("Slack").await;
    let path = format!("{jobs}/{id}/schema");
    let mut schema = without_context(emu.get(&path).await.json());
    let old_rule = schema["synchronizationRules"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let new_rule = "0f0e0d0c-0b0a-4908-8706-050403020100";
    schema["synchronizationRules"][0]["id"] = json!(new_rule);
    assert_eq!(
        emu.graph("PUT", &path, Some(&schema.to_string()))
            .await
            .status,
        204
    );
    let manifest = emu.admin("GET", "/_emulator/manifest", None).await.json();
    let user = manifest["directory"]["users"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let body = |rule: &str| {
        json!({"parameters":[{"ruleId": rule, "subjects":[{"objectId": user, "objectTypeName":"User"}]}]})
            .to_string()
    };
    let r = emu
        .post(&format!("{jobs}/{id}/provisionOnDemand"), &body(new_rule))
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let r = emu
        .post(&format!("{jobs}/{id}/provisionOnDemand"), &body(&old_rule))
        .await;
    assert_envelope(&r, 400, "BadRequest");
}
