//! Browser tests (wasm-bindgen-test in headless Chromium): components mounted in a real DOM.
//! Run: `cargo test -p syncdeck --target wasm32-unknown-unknown --test web`.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use syncdeck::components::status_card::StatusCard;
use syncdeck_graph::parse_job;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const NOW: i64 = 1_795_000_000_000; // 2026-11-18T...Z

fn iso(ms: i64) -> String {
    js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64))
        .to_iso_string()
        .as_string()
        .unwrap()
}

/// Mounts a card for `job_json` in a fresh host element and returns the host.
fn mount_card(app: &str, job_json: &str) -> web_sys::HtmlElement {
    let job = parse_job(job_json).expect("test job parses");
    let document = web_sys::window().unwrap().document().unwrap();
    let host: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&host).unwrap();
    let app = app.to_string();
    leptos::mount::mount_to(host.clone(), move || {
        view! { <StatusCard app_name=app.clone() sp_id="sp-1".to_string() job=job.clone() now_ms=NOW /> }
    })
    .forget();
    host
}

/// The accessible name of an `article`: the text of the element its aria-labelledby points at.
fn article_name(article: &web_sys::Element) -> String {
    let id = article
        .get_attribute("aria-labelledby")
        .expect("article is labelled");
    web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .get_element_by_id(&id)
        .expect("label element exists")
        .text_content()
        .unwrap_or_default()
}

#[wasm_bindgen_test]
fn quarantined_card_is_a_named_article_with_state_and_reason() {
    let day = 24 * 3600 * 1000;
    let json = format!(
        r#"{{"id":"SfSandboxOutDelta.e4bbf44533ea4eabb17027f3a92e92aa","templateId":"SfSandboxOutDelta",
        "schedule":{{"expiration":null,"interval":"PT40M","state":"Active"}},
        "status":{{"code":"Quarantine","countSuccessiveCompleteFailures":4,"escrowsPruned":false,
          "lastExecution":{{"state":"Failed","timeBegan":"{b}","timeEnded":"{e}","countImported":0,"countExported":0,"countEscrowed":0,
             "error":{{"code":"SalesforceInvalidCredentials","message":"The credentials are invalid.","tenantActionable":true}}}},
          "progress":[],
          "quarantine":{{"currentBegan":"{cb}","nextAttempt":"{na}","reason":"EncounteredQuarantineException",
             "seriesBegan":"{sb}","seriesCount":5,
             "error":{{"code":"SalesforceInvalidCredentials","message":"The credentials are invalid.","tenantActionable":true}}}},
          "steadyStateFirstAchievedTime":"0001-01-01T00:00:00Z","steadyStateLastAchievedTime":"0001-01-01T00:00:00Z",
          "synchronizedEntryCountByType":[],"troubleshootingUrl":null}},
        "synchronizationJobSettings":[]}}"#,
        b = iso(NOW - 3_600_000),
        e = iso(NOW - 3_000_000),
        cb = iso(NOW - 7_200_000),
        na = iso(NOW + 4 * 3_600_000),
        sb = iso(NOW - 3 * day),
    );
    let host = mount_card("Salesforce Sandbox", &json);
    let article = host.query_selector("article").unwrap().expect("an article");
    assert_eq!(article_name(&article), "Salesforce Sandbox");
    let text = article.text_content().unwrap();
    assert!(text.contains("Quarantine"), "{text}");
    assert!(text.contains("EncounteredQuarantineException"), "{text}");
    assert!(
        text.contains("could not connect to or authenticate"),
        "{text}"
    );
    assert!(text.contains("re-evaluated 5 times"), "{text}");
    assert!(
        text.contains("25 days left before the job is disabled"),
        "{text}"
    );
    // The run failed with the quarantine's own error: shown once, in the banner.
    assert_eq!(
        text.matches("SalesforceInvalidCredentials").count(),
        1,
        "{text}"
    );
    assert!(text.contains("every 40 minutes"), "{text}");
    let badge = article.query_selector(".sd-badge__text").unwrap().unwrap();
    assert_eq!(badge.text_content().unwrap(), "Quarantine");
    // The badge icon is decoration: hidden from screen readers.
    let icon = article.query_selector(".sd-badge__icon").unwrap().unwrap();
    assert_eq!(icon.get_attribute("aria-hidden").as_deref(), Some("true"));
}

#[wasm_bindgen_test]
fn a_freshly_created_job_is_not_configured_and_not_scheduled() {
    let json = include_str!("../crates/graph/tests/fixtures/create-job-response.json");
    let host = mount_card("Box", json);
    let article = host.query_selector("article").unwrap().unwrap();
    assert_eq!(article_name(&article), "Box");
    let text = article.text_content().unwrap();
    assert!(text.contains("Not configured"), "{text}");
    assert!(text.contains("not scheduled"), "{text}");
    assert!(text.contains("not reached yet"), "{text}");
    assert!(!text.contains("Quarantined"), "{text}");
}

#[wasm_bindgen_test]
fn a_running_cycle_shows_its_progress_in_pages() {
    let json = format!(
        r#"{{"id":"Workday2AAD.1","templateId":"Workday2AAD","schedule":{{"interval":"PT40M","state":"Active"}},
        "status":{{"code":"Active",
          "lastExecution":{{"state":"Succeeded","timeBegan":"{b}","timeEnded":"0001-01-01T00:00:00Z","countImported":1161}},
          "progress":[{{"completedUnits":120,"totalUnits":400,"units":"pages",
          "progressObservationDateTime":"{t}"}}],"steadyStateLastAchievedTime":"0001-01-01T00:00:00Z"}}}}"#,
        t = iso(NOW - 60_000),
        b = iso(NOW - 10 * 60_000),
    );
    let host = mount_card("Contoso HR (Workday)", &json);
    let text = host.text_content().unwrap();
    assert!(text.contains("Current cycle: 120 of 400 pages"), "{text}");
    // A run with no end time is still running, whatever its default state says.
    assert!(text.contains("In progress, began 10 minutes ago"), "{text}");
    assert!(!text.contains("Succeeded"), "{text}");
    let bar = host.query_selector("progress").unwrap().unwrap();
    assert_eq!(bar.get_attribute("value").as_deref(), Some("120"));
    assert_eq!(bar.get_attribute("max").as_deref(), Some("400"));
}

#[wasm_bindgen_test]
fn an_unknown_state_is_shown_with_its_value() {
    let json = r#"{"id":"x.1","templateId":"x","status":{"code":"Hibernating"}}"#;
    let host = mount_card("Future app", json);
    let badge = host.query_selector(".sd-badge__text").unwrap().unwrap();
    assert_eq!(badge.text_content().unwrap(), "Unknown (Hibernating)");
}
