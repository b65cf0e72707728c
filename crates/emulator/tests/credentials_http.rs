//! A job's schema and provisionOnDemand, validateCredentials (job-bound and
//! bound to the jobs collection) and saved credentials, over real HTTP.

mod http;

use http::*;
use serde_json::{Value, json};
use syncdeck_emulator::Options;

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
    // A user of the emulator's directory (the manifest's `directory.users`).
    let manifest = emu.admin("GET", "/_emulator/manifest", None).await.json();
    let user = manifest["directory"]["users"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let body = json!({"parameters":[{"ruleId": rule, "subjects":[{"objectId": user,"objectTypeName":"User"}]}]}).to_string();

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
    assert_eq!(value["sourceIdentity"]["id"], user.as_str());
    assert_eq!(value["reportableIdentifier"], "adele.vance@contoso.com");
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
