//! Browser tests (wasm-bindgen-test in headless Chromium): components mounted in a real DOM.
//! Run: `cargo test -p syncdeck --target wasm32-unknown-unknown --test web`.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use syncdeck::components::status_card::StatusCard;
use syncdeck_core::AppJob;
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
        let entry = app_job(&app, "sp-1", &job);
        view! { <StatusCard entry=Memo::new(move |_| entry.clone()) now_ms=NOW /> }
    })
    .forget();
    host
}

/// `job` of the app named `app` whose object id is `sp_id`.
fn app_job(app: &str, sp_id: &str, job: &syncdeck_graph::SynchronizationJob) -> AppJob {
    let sp = syncdeck_graph::ServicePrincipal {
        display_name: Some(app.to_string()),
        ..syncdeck_graph::ServicePrincipal::with_id(sp_id)
    };
    AppJob::new(sp, job.clone())
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

// ---------------------------------------------------------------------------------------------
// Helpers for the tests below.

const MINUTE: i64 = 60_000;
const HOUR: i64 = 60 * MINUTE;
const DAY: i64 = 24 * HOUR;

/// A fresh host element appended to the body.
fn new_host() -> web_sys::HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let host: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&host).unwrap();
    host
}

/// Mounts a card for `job_json` of the service principal `sp_id` in a fresh host.
fn mount_card_of(app: &str, sp_id: &str, job_json: &str) -> web_sys::HtmlElement {
    let job = parse_job(job_json).expect("test job parses");
    let host = new_host();
    let app = app.to_string();
    let sp_id = sp_id.to_string();
    leptos::mount::mount_to(host.clone(), move || {
        let entry = app_job(&app, &sp_id, &job);
        view! { <StatusCard entry=Memo::new(move |_| entry.clone()) now_ms=NOW /> }
    })
    .forget();
    host
}

/// A job of template `scim` with a 40-minute active schedule and the given `status` JSON.
fn job_with_status(id: &str, status: &str) -> String {
    format!(
        r#"{{"id":"{id}","templateId":"scim","schedule":{{"expiration":null,"interval":"PT40M","state":"Active"}},
        "status":{status},"synchronizationJobSettings":[]}}"#
    )
}

/// The single `article` of a host.
fn the_article(host: &web_sys::HtmlElement) -> web_sys::Element {
    host.query_selector("article")
        .unwrap()
        .expect("the card is an article")
}

/// The text of the `dd` that follows the `dt` whose text is `term` (a fact of the card).
fn fact(root: &web_sys::Element, term: &str) -> Option<String> {
    let dts = root.get_elements_by_tag_name("dt");
    (0..dts.length())
        .filter_map(|i| dts.item(i))
        .find(|dt| dt.text_content().unwrap_or_default().trim() == term)
        .map(|dt| {
            let dd = dt.next_element_sibling().expect("a dd follows the dt");
            assert_eq!(dd.tag_name().to_ascii_lowercase(), "dd");
            dd.text_content().unwrap_or_default()
        })
}

/// The text of the first element matching `selector` under `root`, if any.
fn text_of(root: &web_sys::Element, selector: &str) -> Option<String> {
    root.query_selector(selector)
        .unwrap()
        .map(|e| e.text_content().unwrap_or_default())
}

/// A quarantined job whose series began at `series_began_ms`, with `reason` and no errors.
fn quarantined_job(id: &str, reason: &str, series_began_ms: i64) -> String {
    job_with_status(
        id,
        &format!(
            r#"{{"code":"Quarantine","countSuccessiveCompleteFailures":0,
            "lastExecution":{{"state":"Succeeded","timeBegan":"{b}","timeEnded":"{e}","countImported":3}},
            "quarantine":{{"currentBegan":"{cb}","nextAttempt":"{na}","reason":"{reason}",
               "seriesBegan":"{sb}","seriesCount":2,"error":null}},
            "steadyStateLastAchievedTime":"0001-01-01T00:00:00Z"}}"#,
            b = iso(NOW - 2 * HOUR),
            e = iso(NOW - 2 * HOUR + 5 * MINUTE),
            cb = iso(NOW - 2 * HOUR),
            na = iso(NOW + 22 * HOUR),
            sb = iso(series_began_ms),
        ),
    )
}

// ---------------------------------------------------------------------------------------------
// One test per card variant.

#[wasm_bindgen_test]
fn an_active_healthy_job_shows_schedule_last_run_counts_and_steady_state() {
    let json = job_with_status(
        "scim.healthy1",
        &format!(
            r#"{{"code":"Active","countSuccessiveCompleteFailures":0,"escrowsPruned":false,
            "lastExecution":{{"activityIdentifier":"run-1","state":"Succeeded","timeBegan":"{b}","timeEnded":"{e}",
               "countImported":412,"countExported":12,"countEscrowed":0,"error":null}},
            "lastSuccessfulExecution":null,"progress":[],"quarantine":null,
            "steadyStateFirstAchievedTime":"{sf}","steadyStateLastAchievedTime":"{sl}",
            "synchronizedEntryCountByType":[{{"key":"User to User","value":412}},{{"key":"Group to Group","value":7}}],
            "troubleshootingUrl":null}}"#,
            b = iso(NOW - 23 * MINUTE),
            e = iso(NOW - 20 * MINUTE),
            sf = iso(NOW - 3 * DAY),
            sl = iso(NOW - 20 * MINUTE),
        ),
    );
    let host = mount_card_of("Contoso SCIM", "sp-healthy", &json);
    let article = the_article(&host);
    assert_eq!(article_name(&article), "Contoso SCIM");
    let text = article.text_content().unwrap();
    assert_eq!(
        text_of(&article, ".sd-badge__text").as_deref(),
        Some("Active")
    );
    let schedule = fact(&article, "Schedule").expect("a Schedule fact");
    assert!(schedule.contains("every 40 minutes"), "{schedule}");
    assert!(schedule.contains("Active"), "{schedule}");
    let last_run = fact(&article, "Last run").expect("a Last run fact");
    assert!(
        last_run.starts_with("Succeeded · ended 20 minutes ago"),
        "{last_run}"
    );
    assert!(last_run.contains("took 3 min"), "{last_run}");
    assert!(last_run.contains("412 imported"), "{last_run}");
    assert!(last_run.contains("12 exported"), "{last_run}");
    assert!(last_run.contains("0 escrowed"), "{last_run}");
    let synchronized = fact(&article, "Synchronized").expect("counts by type");
    assert!(synchronized.contains("User to User: 412"), "{synchronized}");
    assert!(synchronized.contains("Group to Group: 7"), "{synchronized}");
    assert_eq!(
        fact(&article, "Steady state").as_deref(),
        Some("reached 20 minutes ago")
    );
    // Healthy: no quarantine banner, no error, no failure count.
    assert!(
        article
            .query_selector(".sd-card__quarantine")
            .unwrap()
            .is_none(),
        "{text}"
    );
    assert!(!text.contains("Quarantined"), "{text}");
    assert!(!text.contains("Last error"), "{text}");
    assert_eq!(fact(&article, "Failed runs in a row"), None, "{text}");
    assert!(text.contains("synchronizes changes periodically"), "{text}");
}

#[wasm_bindgen_test]
fn a_paused_job_says_start_continues_where_it_stopped() {
    let json = format!(
        r#"{{"id":"scim.paused1","templateId":"scim","schedule":{{"interval":"PT40M","state":"Paused"}},
        "status":{{"code":"Paused",
          "lastExecution":{{"state":"Succeeded","timeBegan":"{b}","timeEnded":"{e}","countImported":10,"countExported":2}},
          "steadyStateFirstAchievedTime":"{s}","steadyStateLastAchievedTime":"{s}"}}}}"#,
        b = iso(NOW - 2 * DAY - 10 * MINUTE),
        e = iso(NOW - 2 * DAY),
        s = iso(NOW - 2 * DAY),
    );
    let host = mount_card_of("Paused App", "sp-paused", &json);
    let article = the_article(&host);
    assert_eq!(article_name(&article), "Paused App");
    assert_eq!(
        text_of(&article, ".sd-badge__text").as_deref(),
        Some("Paused")
    );
    let schedule = fact(&article, "Schedule").unwrap();
    assert!(schedule.contains("every 40 minutes"), "{schedule}");
    assert!(schedule.contains("Paused"), "{schedule}");
    let last_run = fact(&article, "Last run").unwrap();
    assert!(
        last_run.starts_with("Succeeded · ended 2 days ago"),
        "{last_run}"
    );
    assert_eq!(
        fact(&article, "Steady state").as_deref(),
        Some("reached 2 days ago")
    );
    let meaning = text_of(&article, ".sd-card__meaning").expect("a meaning sentence");
    assert!(meaning.contains("paused"), "{meaning}");
    assert!(meaning.contains("Start continues"), "{meaning}");
    assert!(
        article
            .query_selector(".sd-card__quarantine")
            .unwrap()
            .is_none()
    );
}

#[wasm_bindgen_test]
fn a_job_that_has_not_run_shows_its_first_cycle_in_pages() {
    let json = job_with_status(
        "scim.notrun1",
        &format!(
            r#"{{"code":"NotRun","countSuccessiveCompleteFailures":0,"lastExecution":null,
            "progress":[{{"completedUnits":5,"totalUnits":20,"units":"pages","progressObservationDateTime":"{t}"}}],
            "quarantine":null,"steadyStateFirstAchievedTime":"0001-01-01T00:00:00Z",
            "steadyStateLastAchievedTime":"0001-01-01T00:00:00Z","synchronizedEntryCountByType":[]}}"#,
            t = iso(NOW - 2 * MINUTE),
        ),
    );
    let host = mount_card_of("First Cycle App", "sp-notrun", &json);
    let article = the_article(&host);
    let text = article.text_content().unwrap();
    assert_eq!(
        text_of(&article, ".sd-badge__text").as_deref(),
        Some("Not run")
    );
    assert_eq!(fact(&article, "Last run").as_deref(), Some("no run yet"));
    assert_eq!(
        fact(&article, "Steady state").as_deref(),
        Some("not reached yet")
    );
    assert!(text.contains("Current cycle: 5 of 20 pages"), "{text}");
    let bar = article
        .query_selector("progress")
        .unwrap()
        .expect("a progress bar");
    assert_eq!(bar.get_attribute("value").as_deref(), Some("5"));
    assert_eq!(bar.get_attribute("max").as_deref(), Some("20"));
    assert!(
        bar.get_attribute("aria-label")
            .unwrap_or_default()
            .contains("pages"),
        "the progress bar is named with its unit"
    );
    assert_eq!(fact(&article, "Synchronized"), None, "{text}");
    assert!(text.contains("first run has not finished"), "{text}");
}

#[wasm_bindgen_test]
fn a_failing_last_run_shows_the_error_and_the_failures_in_a_row() {
    let json = job_with_status(
        "scim.failing1",
        &format!(
            r#"{{"code":"Active","countSuccessiveCompleteFailures":3,
            "lastExecution":{{"state":"Failed","timeBegan":"{b}","timeEnded":"{e}","countImported":0,"countExported":0,
               "error":{{"code":"SystemForCrossDomainIdentityManagementServiceIncompatible",
                 "message":"The SCIM endpoint is not fully compatible.","tenantActionable":true}}}},
            "quarantine":null,"steadyStateLastAchievedTime":"{s}"}}"#,
            b = iso(NOW - 6 * MINUTE),
            e = iso(NOW - 5 * MINUTE),
            s = iso(NOW - 3 * DAY),
        ),
    );
    let host = mount_card_of("Failing App", "sp-failing", &json);
    let article = the_article(&host);
    let text = article.text_content().unwrap();
    assert_eq!(
        text_of(&article, ".sd-badge__text").as_deref(),
        Some("Active")
    );
    let last_run = fact(&article, "Last run").unwrap();
    assert!(
        last_run.starts_with("Failed · ended 5 minutes ago"),
        "{last_run}"
    );
    assert_eq!(fact(&article, "Failed runs in a row").as_deref(), Some("3"));
    let error = text_of(&article, ".sd-card__error").expect("the last error is shown");
    assert!(error.starts_with("Last error"), "{error}");
    assert!(
        error.contains("SystemForCrossDomainIdentityManagementServiceIncompatible"),
        "{error}"
    );
    assert!(
        error.contains("The SCIM endpoint is not fully compatible."),
        "{error}"
    );
    // The code is marked up as code.
    assert_eq!(
        text_of(&article, ".sd-card__error code").as_deref(),
        Some("SystemForCrossDomainIdentityManagementServiceIncompatible")
    );
    assert!(
        article
            .query_selector(".sd-card__quarantine")
            .unwrap()
            .is_none()
    );
    assert_eq!(
        text.matches("SystemForCrossDomainIdentityManagementServiceIncompatible")
            .count(),
        1,
        "{text}"
    );
}

#[wasm_bindgen_test]
fn entry_level_errors_show_the_result_and_the_escrowed_count() {
    let json = job_with_status(
        "scim.escrows1",
        &format!(
            r#"{{"code":"Active",
            "lastExecution":{{"state":"EntryLevelErrors","timeBegan":"{b}","timeEnded":"{e}",
               "countImported":250,"countExported":233,"countEscrowed":17,"countEscrowedRaw":19,"error":null}},
            "steadyStateLastAchievedTime":"{e}"}}"#,
            b = iso(NOW - 2 * HOUR),
            e = iso(NOW - HOUR),
        ),
    );
    let host = mount_card_of("Escrow App", "sp-escrows", &json);
    let article = the_article(&host);
    let text = article.text_content().unwrap();
    let last_run = fact(&article, "Last run").unwrap();
    assert!(
        last_run.starts_with("Entry-level errors · ended 1 hour ago"),
        "{last_run}"
    );
    assert!(last_run.contains("took 1 h"), "{last_run}");
    assert!(last_run.contains("250 imported"), "{last_run}");
    assert!(last_run.contains("233 exported"), "{last_run}");
    assert!(last_run.contains("17 escrowed"), "{last_run}");
    assert!(!text.contains("EntryLevelErrors"), "shown in words: {text}");
    assert!(!text.contains("Last error"), "{text}");
    assert_eq!(fact(&article, "Failed runs in a row"), None);
}

#[wasm_bindgen_test]
fn every_quarantine_reason_shows_its_graph_name_and_description() {
    // (value on the wire, Graph name shown, words of the description)
    let rows: &[(&str, &str, &str)] = &[
        (
            "TooManyDeletes",
            "TooManyDeletes",
            "Accidental-deletion prevention held back more deletions",
        ),
        (
            "EncounteredEscrowProportionThreshold",
            "EncounteredEscrowProportionThreshold",
            "Too large a share of the processed entries failed",
        ),
        (
            "QuarantinedOnDemand",
            "QuarantinedOnDemand",
            "Microsoft put the job in quarantine manually.",
        ),
        // The Entra docs' misspelling reads as the same reason.
        (
            "QuarantineOnDemand",
            "QuarantinedOnDemand",
            "Microsoft put the job in quarantine manually.",
        ),
        (
            "IngestionInterrupted",
            "IngestionInterrupted",
            "The ingestion of changes from the source was interrupted.",
        ),
        (
            "EncounteredQuarantineException",
            "EncounteredQuarantineException",
            "could not connect to or authenticate",
        ),
        (
            "EncounteredBaseEscrowThreshold",
            "EncounteredBaseEscrowThreshold",
            "base threshold",
        ),
        (
            "EncounteredTotalEscrowThreshold",
            "EncounteredTotalEscrowThreshold",
            "absolute limit",
        ),
        (
            "Unknown",
            "Unknown",
            "did not say why it quarantined the job",
        ),
        // A reason from the future is shown verbatim.
        (
            "SomethingNew",
            "SomethingNew",
            "reported the reason \"SomethingNew\", which this version of syncdeck does not know",
        ),
    ];
    for (i, (wire, graph_name, words)) in rows.iter().enumerate() {
        let json = quarantined_job(&format!("scim.reason{i}"), wire, NOW - 3 * DAY);
        let host = mount_card_of("Quarantined App", &format!("sp-reason-{i}"), &json);
        let article = the_article(&host);
        assert_eq!(
            text_of(&article, ".sd-badge__text").as_deref(),
            Some("Quarantine"),
            "{wire}"
        );
        let banner = article
            .query_selector(".sd-card__quarantine")
            .unwrap()
            .unwrap_or_else(|| panic!("{wire}: a quarantine banner"));
        let banner_text = banner.text_content().unwrap();
        assert!(banner_text.contains("Quarantined"), "{wire}: {banner_text}");
        assert!(banner_text.contains(words), "{wire}: {banner_text}");
        assert_eq!(
            text_of(&banner, ".sd-card__quarantine-reason code").as_deref(),
            Some(*graph_name),
            "{wire}: {banner_text}"
        );
        assert!(
            banner_text.contains("re-evaluated 2 times"),
            "{wire}: {banner_text}"
        );
        assert!(
            banner_text.contains("next attempt in 22 hours"),
            "{wire}: {banner_text}"
        );
        assert!(
            banner_text.contains("25 days left before the job is disabled"),
            "{wire}: {banner_text}"
        );
    }
}

#[wasm_bindgen_test]
fn a_quarantine_one_day_before_auto_disable_says_1_day_left() {
    // Began 27 days minus an hour ago: 1 day and 1 hour remain of the four weeks.
    let json = quarantined_job("scim.nearly1", "TooManyDeletes", NOW - 27 * DAY + HOUR);
    let host = mount_card_of("Nearly Disabled", "sp-nearly", &json);
    let article = the_article(&host);
    let clock = text_of(&article, ".sd-card__quarantine-clock").expect("the quarantine clock");
    assert!(
        clock.contains("1 day left before the job is disabled"),
        "{clock}"
    );
    assert!(!clock.contains("1 days"), "{clock}");
    assert!(clock.contains("Since 26 days ago"), "{clock}");
}

#[wasm_bindgen_test]
fn a_quarantine_past_four_weeks_has_no_days_left() {
    let json = quarantined_job("scim.overdue1", "TooManyDeletes", NOW - 30 * DAY);
    let host = mount_card_of("Overdue App", "sp-overdue", &json);
    let article = the_article(&host);
    let clock = text_of(&article, ".sd-card__quarantine-clock").expect("the quarantine clock");
    assert!(
        clock.contains("0 days left before the job is disabled")
            || clock.contains("past the four-week limit"),
        "{clock}"
    );
    let negative = clock
        .as_bytes()
        .windows(2)
        .any(|w| w[0] == b'-' && w[1].is_ascii_digit());
    assert!(!negative, "never a negative count: {clock}");
    assert!(!clock.contains("1 day left"), "{clock}");
    assert!(!clock.contains("2 days left"), "{clock}");
}

#[wasm_bindgen_test]
fn a_quarantine_error_equal_to_the_last_run_error_is_shown_once() {
    let error = r#"{"code":"ScimEndpointUnreachable","message":"The endpoint timed out.","tenantActionable":true}"#;
    let status = |run_error: &str| {
        format!(
            r#"{{"code":"Quarantine","countSuccessiveCompleteFailures":2,
            "lastExecution":{{"state":"Failed","timeBegan":"{b}","timeEnded":"{e}","error":{run_error}}},
            "quarantine":{{"currentBegan":"{b}","nextAttempt":"{na}","reason":"EncounteredQuarantineException",
               "seriesBegan":"{sb}","seriesCount":1,"error":{error}}}}}"#,
            b = iso(NOW - HOUR),
            e = iso(NOW - HOUR + MINUTE),
            na = iso(NOW + 23 * HOUR),
            sb = iso(NOW - DAY),
        )
    };
    // The same error: once, in the banner; no separate "Last error".
    let host = mount_card_of(
        "Same Error",
        "sp-same-error",
        &job_with_status("scim.sameerr1", &status(error)),
    );
    let article = the_article(&host);
    let text = article.text_content().unwrap();
    assert_eq!(text.matches("ScimEndpointUnreachable").count(), 1, "{text}");
    assert_eq!(text.matches("The endpoint timed out.").count(), 1, "{text}");
    let banner_error = text_of(&article, ".sd-card__quarantine-error").expect("banner error");
    assert!(
        banner_error.contains("ScimEndpointUnreachable"),
        "{banner_error}"
    );
    assert!(!text.contains("Last error"), "{text}");
    assert_eq!(fact(&article, "Failed runs in a row").as_deref(), Some("2"));

    // A different run error is shown as well.
    let other =
        r#"{"code":"OtherFailure","message":"Something else broke.","tenantActionable":false}"#;
    let host = mount_card_of(
        "Two Errors",
        "sp-two-errors",
        &job_with_status("scim.twoerr1", &status(other)),
    );
    let article = the_article(&host);
    let text = article.text_content().unwrap();
    assert_eq!(text.matches("ScimEndpointUnreachable").count(), 1, "{text}");
    let run_error = text_of(&article, ".sd-card__error").expect("the run's own error");
    assert!(run_error.contains("Last error"), "{run_error}");
    assert!(run_error.contains("OtherFailure"), "{run_error}");
    assert!(run_error.contains("Something else broke."), "{run_error}");
}

#[wasm_bindgen_test]
fn an_unknown_schedule_state_is_shown_with_its_value() {
    let json = r#"{"id":"scim.sched1","templateId":"scim","schedule":{"interval":"PT2H","state":"Hibernating"},
        "status":{"code":"Active"}}"#;
    let host = mount_card_of("Odd Schedule", "sp-sched", json);
    let article = the_article(&host);
    let schedule = fact(&article, "Schedule").unwrap();
    assert!(schedule.contains("every 2 hours"), "{schedule}");
    assert!(schedule.contains("Unknown (Hibernating)"), "{schedule}");
    // The job state itself is known.
    assert_eq!(
        text_of(&article, ".sd-badge__text").as_deref(),
        Some("Active")
    );
}

#[wasm_bindgen_test]
fn a_job_with_an_empty_or_missing_status_renders_as_unknown() {
    let jsons = [
        r#"{"id":"scim.empty1"}"#,
        r#"{"id":"scim.empty2","templateId":null,"schedule":null,"status":null}"#,
        r#"{"id":"scim.empty3","templateId":"scim","status":{}}"#,
        r#"{"id":"scim.empty4","templateId":"","schedule":{"interval":null,"state":null},
            "status":{"code":null,"countSuccessiveCompleteFailures":null,"lastExecution":{},
              "progress":null,"quarantine":null,"steadyStateLastAchievedTime":null,
              "synchronizedEntryCountByType":null}}"#,
        r#"{"id":"scim.empty5","status":{"code":"","lastExecution":{"state":null,"timeBegan":"","timeEnded":null},
              "progress":[{}],"quarantine":{},"synchronizedEntryCountByType":[]}}"#,
    ];
    for (i, json) in jsons.iter().enumerate() {
        let host = mount_card_of("Blank App", &format!("sp-empty-{i}"), json);
        let article = the_article(&host);
        assert_eq!(article_name(&article), "Blank App", "{json}");
        let text = article.text_content().unwrap();
        assert_eq!(
            text_of(&article, ".sd-badge__text").as_deref(),
            Some("Unknown"),
            "{json}"
        );
        assert!(text.contains("does not know"), "{json}: {text}");
        assert!(fact(&article, "Schedule").is_some(), "{json}: {text}");
        assert!(fact(&article, "Last run").is_some(), "{json}: {text}");
        assert_eq!(
            fact(&article, "Steady state").as_deref(),
            Some("not reached yet"),
            "{json}"
        );
    }
}

#[wasm_bindgen_test]
fn the_card_is_named_by_the_app_and_links_to_the_job_route() {
    let sp = "8a3c2f7e-5b1d-4e96-a0c4-2d7f9b6e1c35";
    let json = r#"{"id":"aws.0ce2 x/y#z?","templateId":"aws","status":{"code":"Active"}}"#;
    let host = mount_card_of("AWS Single-Account Access", sp, json);
    let article = the_article(&host);
    assert_eq!(article_name(&article), "AWS Single-Account Access");
    // The label is the card's own heading.
    let label_id = article.get_attribute("aria-labelledby").unwrap();
    let heading = article
        .query_selector("h1, h2, h3, h4, h5, h6")
        .unwrap()
        .expect("the card has a heading");
    assert_eq!(heading.id(), label_id);
    let link = heading
        .query_selector("a")
        .unwrap()
        .expect("the name links to the job");
    assert_eq!(
        link.get_attribute("href").as_deref(),
        Some(
            "/servicePrincipals/8a3c2f7e-5b1d-4e96-a0c4-2d7f9b6e1c35/jobs/aws.0ce2%20x%2Fy%23z%3F"
        )
    );
    assert_eq!(link.text_content().unwrap(), "AWS Single-Account Access");

    // The service principal id is percent-encoded too, and ids of two cards differ.
    let host2 = mount_card_of(
        "AWS Single-Account Access",
        "sp/1 ü",
        r#"{"id":"aws.0ce2 x/y#z?","templateId":"aws","status":{"code":"Active"}}"#,
    );
    let article2 = the_article(&host2);
    let link2 = article2.query_selector("h3 a, a").unwrap().unwrap();
    assert_eq!(
        link2.get_attribute("href").as_deref(),
        Some("/servicePrincipals/sp%2F1%20%C3%BC/jobs/aws.0ce2%20x%2Fy%23z%3F")
    );
    assert_ne!(
        article2.get_attribute("aria-labelledby"),
        article.get_attribute("aria-labelledby"),
        "each card has its own label id"
    );
    assert_eq!(article_name(&article2), "AWS Single-Account Access");
}

#[wasm_bindgen_test]
fn every_state_has_visible_text_and_an_aria_hidden_icon() {
    use syncdeck_graph::StatusCode;
    // (value on the wire, the visible text of the contract)
    let rows: &[(&str, &str)] = &[
        ("NotConfigured", "Not configured"),
        ("NotRun", "Not run"),
        ("Active", "Active"),
        ("Paused", "Paused"),
        ("Quarantine", "Quarantine"),
        ("Hibernating", "Unknown (Hibernating)"),
        ("", "Unknown"),
    ];
    // Every state syncdeck knows is in the table.
    for code in StatusCode::KNOWN {
        assert!(
            rows.iter().any(|(wire, _)| *wire == code.graph_name()),
            "{code} is missing from the table"
        );
    }
    for (i, (wire, label)) in rows.iter().enumerate() {
        let json =
            format!(r#"{{"id":"scim.badge{i}","templateId":"scim","status":{{"code":"{wire}"}}}}"#);
        let host = mount_card_of("Badge App", &format!("sp-badge-{i}"), &json);
        let article = the_article(&host);
        let badge = article
            .query_selector(".sd-badge")
            .unwrap()
            .expect("a badge");
        let icon = badge
            .query_selector(".sd-badge__icon")
            .unwrap()
            .expect("an icon");
        assert_eq!(
            icon.get_attribute("aria-hidden").as_deref(),
            Some("true"),
            "{wire}"
        );
        assert!(
            !icon.text_content().unwrap_or_default().trim().is_empty(),
            "{wire}: the icon shows something"
        );
        let state = badge
            .query_selector(".sd-badge__text")
            .unwrap()
            .expect("the state text");
        assert_eq!(state.text_content().unwrap(), *label, "{wire}");
        assert_eq!(state.get_attribute("aria-hidden"), None, "{wire}");
        // The visible text is the badge's whole readable text: icon + state.
        assert_eq!(
            badge.text_content().unwrap(),
            format!("{}{}", icon.text_content().unwrap(), label),
            "{wire}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Graph failures in full.

fn mount_failure(failure: syncdeck::graph::GraphFailure) -> web_sys::HtmlElement {
    use syncdeck::components::error_view::GraphFailureDetails;
    let host = new_host();
    leptos::mount::mount_to(host.clone(), move || {
        view! { <GraphFailureDetails failure=failure.clone() /> }
    })
    .forget();
    host
}

#[wasm_bindgen_test]
fn a_403_names_the_missing_permission_and_the_request_id() {
    use syncdeck::graph::GraphFailure;
    use syncdeck_graph::{GraphError, Operation};
    let body = r#"{"error":{"code":"Authorization_RequestDenied",
        "message":"Insufficient privileges to complete the operation.",
        "innerError":{"date":"2026-11-18T10:00:00","request-id":"5e0f8b52-7a43-4c7e-9a1d-0b6f2c8d9e11",
          "client-request-id":"c0ffee00-1111-2222-3333-444455556666"}}}"#;
    let failure = GraphFailure::graph(GraphError::from_response(403, body), Operation::ListJobs);
    let host = mount_failure(failure);
    let root: web_sys::Element = host.clone().unchecked_into();
    let hint = text_of(&root, ".sd-error__hint").expect("a hint");
    assert!(hint.contains("Permission or role missing"), "{hint}");
    assert!(hint.contains("Synchronization.Read.All"), "{hint}");
    assert!(hint.contains("list the provisioning jobs"), "{hint}");
    assert_eq!(
        fact(&root, "Code").as_deref(),
        Some("Authorization_RequestDenied")
    );
    assert_eq!(
        fact(&root, "Message").as_deref(),
        Some("Insufficient privileges to complete the operation.")
    );
    assert_eq!(fact(&root, "HTTP status").as_deref(), Some("403"));
    assert_eq!(
        fact(&root, "request-id").as_deref(),
        Some("5e0f8b52-7a43-4c7e-9a1d-0b6f2c8d9e11")
    );
    assert_eq!(
        fact(&root, "client-request-id").as_deref(),
        Some("c0ffee00-1111-2222-3333-444455556666")
    );
    assert_eq!(fact(&root, "Date").as_deref(), Some("2026-11-18T10:00:00"));
}

#[wasm_bindgen_test]
fn a_502_with_a_non_json_body_shows_unknown_error() {
    use syncdeck::graph::GraphFailure;
    use syncdeck_graph::{GraphError, Operation};
    let failure = GraphFailure::graph(
        GraphError::from_response(502, "<html><body>Bad Gateway</body></html>"),
        Operation::ListJobs,
    );
    let host = mount_failure(failure);
    let root: web_sys::Element = host.clone().unchecked_into();
    assert!(text_of(&root, ".sd-error__hint").is_some(), "a hint");
    assert_eq!(fact(&root, "Code").as_deref(), Some("UnknownError"));
    assert_eq!(fact(&root, "HTTP status").as_deref(), Some("502"));
    let message = fact(&root, "Message").expect("a message");
    assert!(message.contains("non-JSON"), "{message}");
    assert!(message.contains("Bad Gateway"), "{message}");
    assert_eq!(fact(&root, "request-id"), None);
}

// ---------------------------------------------------------------------------------------------
// The job page's full status.

/// The rows of the table captioned `caption`: header cell text → data cell text.
fn table_rows(root: &web_sys::Element, caption: &str) -> Vec<(String, String)> {
    let captions = root.get_elements_by_tag_name("caption");
    let table = (0..captions.length())
        .filter_map(|i| captions.item(i))
        .find(|c| c.text_content().unwrap_or_default() == caption)
        .unwrap_or_else(|| panic!("a table captioned {caption:?}"))
        .parent_element()
        .unwrap();
    let rows = table.get_elements_by_tag_name("tr");
    (0..rows.length())
        .filter_map(|i| rows.item(i))
        .filter_map(|tr| {
            let th = tr.query_selector("th[scope=row]").unwrap()?;
            let td = tr.query_selector("td").unwrap()?;
            Some((
                th.text_content().unwrap_or_default(),
                td.text_content().unwrap_or_default(),
            ))
        })
        .collect()
}

fn row<'a>(rows: &'a [(String, String)], key: &str) -> &'a str {
    rows.iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("a row {key:?} in {rows:?}"))
}

#[wasm_bindgen_test]
fn job_details_show_every_run_table_and_its_counts() {
    use syncdeck::components::job_details::JobDetails;
    let run = |state: &str,
               began: i64,
               ended: i64,
               imported: i64,
               exported: i64,
               escrowed: i64,
               id: &str| {
        format!(
            r#"{{"activityIdentifier":"{id}","state":"{state}","timeBegan":"{b}","timeEnded":"{e}",
            "countImported":{imported},"countImportedDeltas":4,"countImportedReferenceDeltas":1,
            "countExports":{exported},"countExported":{exported},"countEscrowed":{escrowed},"countEscrowedRaw":{escrowed},
            "countEntitled":500,"countEntitledForProvisioning":480,"error":null}}"#,
            b = iso(began),
            e = iso(ended),
        )
    };
    let json = format!(
        r#"{{"id":"scim.details1","templateId":"scim",
        "schedule":{{"expiration":null,"interval":"PT40M","state":"Active"}},
        "status":{{"code":"Active","countSuccessiveCompleteFailures":0,"escrowsPruned":false,
          "lastExecution":{last},
          "lastSuccessfulExecution":{ok},
          "lastSuccessfulExecutionWithExports":{exp},
          "progress":[{{"completedUnits":7,"totalUnits":9,"units":"pages","progressObservationDateTime":"{t}"}}],
          "quarantine":null,
          "steadyStateFirstAchievedTime":"{sf}","steadyStateLastAchievedTime":"{sl}",
          "synchronizedEntryCountByType":[{{"key":"User to User","value":412}},{{"key":"Group to Group","value":7}}],
          "troubleshootingUrl":"https://learn.microsoft.com/troubleshoot"}},
        "synchronizationJobSettings":[{{"name":"QuarantineTooManyDeletesThreshold","value":"500"}},
          {{"name":"Domain","value":"contoso.com"}}]}}"#,
        last = run(
            "EntryLevelErrors",
            NOW - 30 * MINUTE,
            NOW - 27 * MINUTE,
            412,
            12,
            3,
            "run-last"
        ),
        ok = run(
            "Succeeded",
            NOW - 3 * HOUR,
            NOW - 3 * HOUR + 2 * MINUTE,
            300,
            0,
            0,
            "run-ok"
        ),
        exp = run(
            "Succeeded",
            NOW - 2 * DAY,
            NOW - 2 * DAY + 10 * MINUTE,
            1200,
            88,
            0,
            "run-exp"
        ),
        t = iso(NOW - MINUTE),
        sf = iso(NOW - 10 * DAY),
        sl = iso(NOW - 27 * MINUTE),
    );
    let job = parse_job(&json).expect("test job parses");
    let host = new_host();
    leptos::mount::mount_to(host.clone(), move || {
        view! { <JobDetails job=job.clone() now_ms=NOW /> }
    })
    .forget();
    let root: web_sys::Element = host.clone().unchecked_into();

    let captions = root.get_elements_by_tag_name("caption");
    let captions: Vec<String> = (0..captions.length())
        .filter_map(|i| captions.item(i))
        .map(|c| c.text_content().unwrap_or_default())
        .collect();
    assert_eq!(
        captions,
        [
            "Job",
            "Last run",
            "Last successful run",
            "Last successful run with exports",
            "Progress of the current cycle",
            "Synchronized entries by type",
            "Job settings",
        ]
    );

    let facts = table_rows(&root, "Job");
    assert_eq!(row(&facts, "Job id"), "scim.details1");
    assert_eq!(row(&facts, "State (status.code)"), "Active");
    assert_eq!(row(&facts, "Schedule state"), "Active");
    assert_eq!(row(&facts, "Interval"), "every 40 minutes (PT40M)");
    assert_eq!(row(&facts, "Schedule expires"), "never");
    assert_eq!(row(&facts, "Failed runs in a row"), "0");
    assert!(row(&facts, "Steady state last reached").ends_with("(27 minutes ago)"));
    assert!(row(&facts, "Troubleshooting").contains("https://learn.microsoft.com/troubleshoot"));

    let last = table_rows(&root, "Last run");
    assert_eq!(row(&last, "Result"), "Entry-level errors");
    assert!(
        row(&last, "Ended").ends_with("(27 minutes ago)"),
        "{last:?}"
    );
    assert_eq!(row(&last, "Duration"), "3 min");
    assert_eq!(row(&last, "Imported"), "412");
    assert_eq!(row(&last, "Exported"), "12");
    assert_eq!(row(&last, "Escrowed (errors)"), "3");
    assert_eq!(row(&last, "Entitled"), "500");
    assert_eq!(row(&last, "Entitled for provisioning"), "480");
    assert_eq!(row(&last, "Run id"), "run-last");

    let ok = table_rows(&root, "Last successful run");
    assert_eq!(row(&ok, "Result"), "Succeeded");
    assert_eq!(row(&ok, "Imported"), "300");
    assert_eq!(row(&ok, "Duration"), "2 min");
    assert_eq!(row(&ok, "Run id"), "run-ok");

    let exp = table_rows(&root, "Last successful run with exports");
    assert_eq!(row(&exp, "Imported"), "1200");
    assert_eq!(row(&exp, "Exported"), "88");
    assert!(row(&exp, "Began").ends_with("(2 days ago)"), "{exp:?}");

    let counts = table_rows(&root, "Synchronized entries by type");
    assert_eq!(row(&counts, "User to User"), "412");
    assert_eq!(row(&counts, "Group to Group"), "7");

    let settings = table_rows(&root, "Job settings");
    assert_eq!(row(&settings, "QuarantineTooManyDeletesThreshold"), "500");
    assert_eq!(row(&settings, "Domain"), "contoso.com");

    let text = root.text_content().unwrap();
    assert!(!text.contains(": none"), "every run is shown: {text}");
    let progress = root
        .get_elements_by_tag_name("caption")
        .item(4)
        .unwrap()
        .parent_element()
        .unwrap()
        .text_content()
        .unwrap();
    assert!(progress.contains("79pages"), "{progress}");
}

// ---------------------------------------------------------------------------------------------
// In place: a card and the job page follow their job without being rebuilt.

/// Card buttons that record what they were asked to do.
fn recording_commands() -> (
    syncdeck::actions::JobCommands,
    RwSignal<Vec<syncdeck::actions::Command>>,
) {
    let asked = RwSignal::new(Vec::new());
    let commands = syncdeck::actions::JobCommands {
        run: Callback::new(move |(_, command)| asked.update(|a| a.push(command))),
        busy: RwSignal::new(std::collections::HashSet::new()),
    };
    (commands, asked)
}

/// The button of `root` whose text is `label`.
fn button(root: &web_sys::Element, label: &str) -> web_sys::HtmlElement {
    let buttons = root.get_elements_by_tag_name("button");
    (0..buttons.length())
        .filter_map(|i| buttons.item(i))
        .find(|b| b.text_content().unwrap_or_default().trim() == label)
        .unwrap_or_else(|| panic!("a {label} button"))
        .unchecked_into()
}

fn active_element() -> Option<web_sys::Element> {
    web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .active_element()
}

/// Lets the reactive system and the effects run.
async fn settle() {
    syncdeck::browser::sleep_ms(20).await;
}

/// A paused job `job_id` of app `app` (`sp-{job_id}`) on a status card that follows `job`'s
/// signal, with recording commands; returns the signal, the same job as read once active, what
/// the buttons asked for, and the card's host.
async fn paused_card(
    app: &str,
    job_id: &str,
) -> (
    RwSignal<AppJob>,
    syncdeck_graph::SynchronizationJob,
    RwSignal<Vec<syncdeck::actions::Command>>,
    web_sys::HtmlElement,
) {
    let paused = parse_job(&format!(
        r#"{{"id":"{job_id}","templateId":"scim","schedule":{{"interval":"PT40M","state":"Paused"}},
        "status":{{"code":"Paused","steadyStateLastAchievedTime":"{s}"}}}}"#,
        s = iso(NOW - DAY)
    ))
    .unwrap();
    let active = parse_job(&format!(
        r#"{{"id":"{job_id}","templateId":"scim","schedule":{{"interval":"PT40M","state":"Active"}},
        "status":{{"code":"Active"}}}}"#
    ))
    .unwrap();
    let job = RwSignal::new(app_job(app, &format!("sp-{job_id}"), &paused));
    let (commands, asked) = recording_commands();
    let host = new_host();
    leptos::mount::mount_to(host.clone(), move || {
        view! { <StatusCard entry=Memo::new(move |_| job.get()) now_ms=NOW commands=commands /> }
    })
    .forget();
    settle().await;
    (job, active, asked, host)
}

#[wasm_bindgen_test]
async fn a_card_follows_its_job_in_place_and_keeps_the_focus() {
    let (job, active, asked, host) = paused_card("In Place App", "scim.inplace").await;
    let article = the_article(&host);
    assert_eq!(
        text_of(&article, ".sd-badge__text").as_deref(),
        Some("Paused")
    );
    let start = button(&article, "Start");
    assert!(
        !start.has_attribute("disabled"),
        "a paused job can be started"
    );
    start.click();
    assert_eq!(asked.get_untracked(), [syncdeck::actions::Command::Start]);
    let delete = button(&article, "Delete");
    delete.focus().unwrap();
    assert!(active_element().is_some_and(|e| e.is_same_node(Some(&delete))));

    // The job as read after the action: the same card, the same buttons, the new state.
    job.update(|e| e.job = active.clone());
    settle().await;
    let after = the_article(&host);
    assert!(
        after.is_same_node(Some(&article)),
        "the card was not rebuilt"
    );
    assert_eq!(
        text_of(&after, ".sd-badge__text").as_deref(),
        Some("Active")
    );
    assert!(
        after.class_name().contains("sd-card--active"),
        "{}",
        after.class_name()
    );
    let meaning = text_of(&after, ".sd-card__meaning").unwrap();
    assert!(
        meaning.contains("synchronizes changes periodically"),
        "{meaning}"
    );
    assert!(
        fact(&after, "Schedule").unwrap().contains("Active"),
        "the facts follow the job"
    );
    let start_now = button(&after, "Start");
    assert!(
        start_now.is_same_node(Some(&start)),
        "the buttons were not rebuilt"
    );
    assert!(
        start_now.has_attribute("disabled"),
        "an active job cannot be started"
    );
    let why_id = start_now
        .get_attribute("aria-describedby")
        .expect("it says why");
    let why = web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .get_element_by_id(&why_id)
        .unwrap()
        .text_content()
        .unwrap();
    assert!(why.to_lowercase().contains("running"), "{why}");
    assert!(!button(&after, "Pause").has_attribute("disabled"));
    assert!(
        active_element().is_some_and(|e| e.is_same_node(Some(&delete))),
        "the focus stayed on the Delete button"
    );
    assert_eq!(asked.get_untracked().len(), 1, "nothing sent by itself");
}

#[wasm_bindgen_test]
async fn a_pressed_button_the_new_state_forbids_hands_the_focus_to_the_next_action() {
    let (job, active, _asked, host) = paused_card("Focus App", "scim.focus").await;
    let article = the_article(&host);
    let start = button(&article, "Start");
    start.focus().unwrap();
    start.click();
    // The job as read after the Start: running, so Start is forbidden now.
    job.update(|e| e.job = active.clone());
    settle().await;
    assert!(
        start.has_attribute("disabled"),
        "an active job cannot be started"
    );
    let pause = button(&article, "Pause");
    assert!(
        active_element().is_some_and(|e| e.is_same_node(Some(&pause))),
        "the focus went to Pause, the first action the new state allows, not to the page"
    );
}

#[wasm_bindgen_test]
async fn the_job_page_keeps_raw_json_open_while_the_job_changes() {
    use syncdeck::components::job_details::{JobInFull, JobRead};
    use syncdeck::graph::GraphFailure;
    use syncdeck_graph::{GraphError, Operation, ServicePrincipal};
    let raw_paused = r#"{"id":"scim.raw","templateId":"scim","status":{"code":"Paused"}}"#;
    let raw_active = r#"{"id":"scim.raw","templateId":"scim","status":{"code":"Active"}}"#;
    let read = |raw: &str| -> JobRead { Ok((parse_job(raw).unwrap(), raw.to_string())) };
    let sp = ServicePrincipal {
        display_name: Some("Raw App".into()),
        ..ServicePrincipal::with_id("sp-raw")
    };
    let fresh = RwSignal::new(None::<JobRead>);
    let (commands, _) = recording_commands();
    let first = read(raw_paused);
    let host = new_host();
    leptos::mount::mount_to(host.clone(), move || {
        view! { <JobInFull sp=sp.clone() first=first.clone() fresh=fresh commands=commands /> }
    })
    .forget();
    settle().await;
    let root: web_sys::Element = host.clone().unchecked_into();
    let details = root
        .query_selector("details.sd-raw")
        .unwrap()
        .expect("raw JSON");
    assert!(!details.has_attribute("open"));
    details
        .query_selector("summary")
        .unwrap()
        .unwrap()
        .unchecked_into::<web_sys::HtmlElement>()
        .click();
    assert!(details.has_attribute("open"));

    fresh.set(Some(read(raw_active)));
    settle().await;
    let now_details = root.query_selector("details.sd-raw").unwrap().unwrap();
    assert!(now_details.is_same_node(Some(&details)), "not rebuilt");
    assert!(details.has_attribute("open"), "still open");
    let json = details
        .query_selector("pre")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    assert!(json.contains(r#""code": "Active""#), "{json}");
    let article = the_article(&host);
    assert_eq!(
        text_of(&article, ".sd-badge__text").as_deref(),
        Some("Active")
    );
    assert_eq!(
        row(&table_rows(&root, "Job"), "State (status.code)"),
        "Active",
        "the details follow"
    );
    assert!(!root.text_content().unwrap().contains("Loading"));

    // Deleted: the read says 404; the job's parts are hidden, the failure is shown.
    fresh.set(Some(Err(GraphFailure::graph(
        GraphError::from_response(404, r#"{"error":{"code":"ResourceNotFound"}}"#),
        Operation::GetJob,
    ))));
    settle().await;
    assert!(
        text_of(&root, "[role=alert]")
            .unwrap()
            .contains("ResourceNotFound")
    );
    let wrapper = details.parent_element().unwrap();
    assert!(wrapper.has_attribute("hidden"));
}

// ---------------------------------------------------------------------------------------------
// Every card variant in Simplified Chinese (issue 17): no English word outside Graph's names, the
// tenant's data and the names `locales/keep-in-english.txt` and `locales/keep/*.txt` keep.

/// The Chinese catalog, merged from its fragments as `cargo xtask build` merges them.
fn chinese_catalog() -> &'static syncdeck_i18n::Catalog {
    let mut all = serde_json::Map::new();
    for fragment in [
        include_str!("../locales/zh-CN/app.json"),
        include_str!("../locales/zh-CN/components.json"),
        include_str!("../locales/zh-CN/core.json"),
        include_str!("../locales/zh-CN/graph.json"),
        include_str!("../locales/zh-CN/settings.json"),
    ] {
        let serde_json::Value::Object(map) = serde_json::from_str(fragment).unwrap() else {
            panic!("a fragment is an object")
        };
        all.extend(map);
    }
    let text = serde_json::Value::Object(all).to_string();
    syncdeck_i18n::keep(syncdeck_i18n::Catalog::parse(&text).unwrap())
}

/// The English words a Chinese text may keep.
fn kept_words() -> Vec<String> {
    [
        include_str!("../locales/keep-in-english.txt"),
        include_str!("../locales/keep/app.txt"),
        include_str!("../locales/keep/components.txt"),
        include_str!("../locales/keep/graph.txt"),
        include_str!("../locales/keep/settings.txt"),
    ]
    .iter()
    .flat_map(|t| t.lines())
    .map(|l| l.split('#').next().unwrap().trim().to_owned())
    .filter(|l| !l.is_empty())
    .collect()
}

/// Every string of a JSON value (the tenant's data as Graph gives it).
fn json_strings(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(a) => a.iter().for_each(|v| json_strings(v, out)),
        serde_json::Value::Object(o) => o.iter().for_each(|(k, v)| {
            out.push(k.clone());
            json_strings(v, out);
        }),
        _ => {}
    }
}

/// The English words of `text` once `data` (each string whole) is taken out.
fn english_words(text: &str, data: &[String], keep: &[String]) -> Vec<String> {
    let is_word = |c: char| c.is_ascii_alphanumeric() || "_.-/$@".contains(c);
    let mut text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut data: Vec<String> = data
        .iter()
        .map(|d| d.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|d| d.chars().any(|c| c.is_ascii_alphabetic()))
        .collect();
    data.sort_by_key(|d| std::cmp::Reverse(d.len()));
    for d in &data {
        // Whole values only: "Quarantine" is not taken out of "QuarantineState".
        let mut out = String::new();
        let mut rest = text.as_str();
        while let Some(i) = rest.find(d.as_str()) {
            let before = rest[..i].chars().next_back().is_some_and(is_word);
            let after = rest[i + d.len()..].chars().next().is_some_and(is_word);
            out.push_str(&rest[..i]);
            out.push_str(if before || after { d.as_str() } else { " " });
            rest = &rest[i + d.len()..];
        }
        out.push_str(rest);
        text = out;
    }
    let mut found: Vec<String> = text
        .split(|c: char| !is_word(c))
        .map(|w| w.trim_end_matches(['.', '-', '/']))
        .filter(|w| w.chars().any(|c| c.is_ascii_alphabetic()))
        .filter(|w| !keep.iter().any(|k| k == w))
        .map(str::to_owned)
        .collect();
    found.dedup();
    found
}

/// The text people read in `root`: its rendered text and its read attributes.
fn read_text(root: &web_sys::Element) -> String {
    let mut parts = vec![root.text_content().unwrap_or_default()];
    let all = root.get_elements_by_tag_name("*");
    for i in 0..all.length() {
        let el = all.item(i).unwrap();
        for a in [
            "aria-label",
            "title",
            "placeholder",
            "alt",
            "aria-valuetext",
        ] {
            if let Some(v) = el.get_attribute(a) {
                parts.push(v);
            }
        }
    }
    parts.join("\n")
}

#[wasm_bindgen_test]
fn every_card_variant_in_chinese_has_no_english_outside_graph_names_and_data() {
    let done = |b: i64, e: i64| (iso(NOW - b), iso(NOW - e));
    let (b, e) = done(3 * HOUR, 3 * HOUR - 4 * MINUTE);
    let error = r#"{"code":"SalesforceInvalidCredentials","message":"The credentials are invalid.","tenantActionable":true}"#;
    let mut variants: Vec<(String, String)> = vec![
        (
            "not configured".into(),
            job_with_status("scim.nc", r#"{"code":"NotConfigured"}"#),
        ),
        ("empty status".into(), job_with_status("scim.empty", "{}")),
        (
            "unknown state".into(),
            job_with_status("scim.unknown", r#"{"code":"Hibernating"}"#),
        ),
        (
            "not run, first cycle in pages".into(),
            job_with_status(
                "scim.notrun",
                r#"{"code":"NotRun","progress":[{"completedUnits":120,"totalUnits":400,"units":"pages","progressObservationDateTime":"2026-11-18T10:00:00Z"}]}"#,
            ),
        ),
        (
            "active and healthy".into(),
            job_with_status(
                "scim.active",
                &format!(
                    r#"{{"code":"Active","lastExecution":{{"state":"Succeeded","timeBegan":"{b}","timeEnded":"{e}","countImported":412,"countExported":12,"countEscrowed":0}},
                    "steadyStateLastAchievedTime":"{e}","synchronizedEntryCountByType":[{{"key":"User to User","value":412}}]}}"#
                ),
            ),
        ),
        (
            "paused".into(),
            job_with_status(
                "scim.paused",
                &format!(
                    r#"{{"code":"Paused","lastExecution":{{"state":"Succeeded","timeBegan":"{b}","timeEnded":"{e}"}}}}"#
                ),
            ),
        ),
        (
            "failing last run".into(),
            job_with_status(
                "scim.failing",
                &format!(
                    r#"{{"code":"Active","countSuccessiveCompleteFailures":3,"lastExecution":{{"state":"Failed","timeBegan":"{b}","timeEnded":"{e}","error":{error}}}}}"#
                ),
            ),
        ),
        (
            "entry-level errors".into(),
            job_with_status(
                "scim.entries",
                &format!(
                    r#"{{"code":"Active","lastExecution":{{"state":"EntryLevelErrors","timeBegan":"{b}","timeEnded":"{e}","countEscrowed":7}}}}"#
                ),
            ),
        ),
    ];
    for reason in [
        "EncounteredQuarantineException",
        "EncounteredEscrowProportionThreshold",
        "EncounteredTotalEscrowThreshold",
        "TooManyDeletes",
        "QuarantinedOnDemand",
        "IngestionInterrupted",
        "SomethingNew",
    ] {
        variants.push((
            format!("quarantine {reason}"),
            quarantined_job(&format!("scim.{reason}"), reason, NOW - 3 * DAY),
        ));
    }
    let keep = kept_words();
    syncdeck_i18n::install(syncdeck_i18n::Lang::ZhCn, Some(chinese_catalog()));
    let mut bad = Vec::new();
    for (what, json) in &variants {
        let host = mount_card_of("Contoso SCIM", "sp-zh", json);
        let text = read_text(&the_article(&host));
        let mut data = vec!["Contoso SCIM".to_owned(), "sp-zh".to_owned()];
        json_strings(&serde_json::from_str(json).unwrap(), &mut data);
        let english = english_words(&text, &data, &keep);
        if !english.is_empty() {
            bad.push(format!("{what}: {english:?}\n    {text}"));
        }
        assert!(
            text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{what} is in Chinese: {text}"
        );
    }
    syncdeck_i18n::install(syncdeck_i18n::Lang::En, None);
    assert!(
        bad.is_empty(),
        "English in the Chinese cards:\n{}",
        bad.join("\n")
    );
}
