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
