//! The fleet view's pure logic: state filter, text filter and its URL form,
//! sort orders, CSV export, Entra deep links, auto-refresh cadence, change
//! announcements and the "updated" stamp.

mod common;

use serde_json::{Value, json};
use syncdeck_graph::fleet::{
    AFTER_ACTION_WINDOW_MS, CSV_HEADER, FleetFilter, JobView, REFRESH_FAST_MS,
    REFRESH_MAX_BACKOFF_MS, REFRESH_MEDIUM_MS, REFRESH_SLOW_MS, RefreshInput, SortOrder,
    StateFilter, csv_cells, csv_file_name, entra_admin_center_url, is_running, next_refresh_ms,
    search_text, short_job_id, sort_entries, state_changes, to_csv, updated_ago,
};
use syncdeck_graph::health::sort_by_attention;
use syncdeck_graph::{Cloud, SynchronizationJob, TemplateKind, parse_job};

/// 2025-02-13T10:17:06Z.
const T0: i64 = 1_739_441_826_000;
const MIN: i64 = 60_000;
const HOUR: i64 = 60 * MIN;
const DAY: i64 = 24 * HOUR;

fn iso(ms: i64) -> String {
    syncdeck_graph::time::format_rfc3339_millis(ms)
}

fn job(v: &Value) -> SynchronizationJob {
    parse_job(&v.to_string()).expect("a valid job")
}

/// A job as Graph sends it: schedule active every 40 minutes, no runs.
fn base(id: &str, template: &str, code: &str) -> Value {
    json!({
        "id": id,
        "templateId": template,
        "schedule": { "expiration": null, "interval": "PT40M", "state": "Active" },
        "status": {
            "code": code,
            "countSuccessiveCompleteFailures": 0,
            "escrowsPruned": false,
            "lastExecution": null,
            "lastSuccessfulExecution": null,
            "lastSuccessfulExecutionWithExports": null,
            "progress": [],
            "quarantine": null,
            "steadyStateFirstAchievedTime": "0001-01-01T00:00:00Z",
            "steadyStateLastAchievedTime": "0001-01-01T00:00:00Z",
            "synchronizedEntryCountByType": [],
            "troubleshootingUrl": null
        },
        "synchronizationJobSettings": [
            { "name": "QuarantineTooManyDeletesThreshold", "value": "500" }
        ]
    })
}

/// Sets the last run.
fn last_run(mut v: Value, state: &str, began: Option<i64>, ended: Option<i64>) -> Value {
    v["status"]["lastExecution"] = json!({
        "activityIdentifier": format!("run-{}-{began:?}", v["id"].as_str().unwrap_or("")),
        "countEscrowed": 0,
        "countExported": 3,
        "state": state,
        "timeBegan": began.map_or_else(|| "0001-01-01T00:00:00Z".to_owned(), iso),
        "timeEnded": ended.map_or_else(|| "0001-01-01T00:00:00Z".to_owned(), iso),
        "error": null
    });
    v
}

/// Sets an error on the last run (call after [`last_run`]).
fn run_error(mut v: Value, code: &str, message: &str) -> Value {
    v["status"]["lastExecution"]["error"] =
        json!({ "code": code, "message": message, "tenantActionable": true });
    v
}

/// Puts the job in quarantine since `series_began`.
fn quarantine(mut v: Value, reason: &str, series_began: i64, error_code: &str) -> Value {
    v["status"]["code"] = json!("Quarantine");
    v["status"]["quarantine"] = json!({
        "currentBegan": iso(series_began),
        "nextAttempt": iso(series_began + DAY),
        "reason": reason,
        "seriesBegan": iso(series_began),
        "seriesCount": 3,
        "error": { "code": error_code, "message": "The credentials are invalid.", "tenantActionable": true }
    });
    v
}

fn progress(mut v: Value, done: i64, total: i64) -> Value {
    v["status"]["progress"] = json!([{
        "completedUnits": done,
        "totalUnits": total,
        "progressObservationDateTime": iso(T0),
        "units": "pages"
    }]);
    v
}

fn schedule_state(mut v: Value, state: &str) -> Value {
    v["schedule"]["state"] = json!(state);
    v
}

/// A healthy active job whose last run ended at `ended`.
fn healthy(id: &str, template: &str, ended: i64) -> SynchronizationJob {
    job(&last_run(
        base(id, template, "Active"),
        "Succeeded",
        Some(ended - 3 * MIN),
        Some(ended),
    ))
}

// ---------------------------------------------------------------------------
// StateFilter
// ---------------------------------------------------------------------------

#[test]
fn state_filter_of_each_status_code() {
    let cases = [
        ("Quarantine", StateFilter::Quarantine),
        ("Active", StateFilter::Active),
        ("Paused", StateFilter::Paused),
        ("NotConfigured", StateFilter::NotConfigured),
        ("NotRun", StateFilter::NotRun),
        ("notrun", StateFilter::NotRun),
        ("Disabled", StateFilter::Unknown),
        ("", StateFilter::Unknown),
    ];
    for (code, want) in cases {
        assert_eq!(
            StateFilter::of(&job(&base("a.1", "scim", code))),
            want,
            "{code}"
        );
    }
    let mut no_code = base("a.1", "scim", "Active");
    no_code["status"]
        .as_object_mut()
        .expect("status object")
        .remove("code");
    assert_eq!(StateFilter::of(&job(&no_code)), StateFilter::Unknown);
    // The documented create response: NotConfigured.
    let created = parse_job(&common::read_fixture("create-job-response.json")).expect("fixture");
    assert_eq!(StateFilter::of(&created), StateFilter::NotConfigured);
}

#[test]
fn state_filter_labels_keys_and_round_trip() {
    let labels: Vec<_> = StateFilter::ALL.iter().map(|s| s.label()).collect();
    assert_eq!(
        labels,
        [
            "Quarantine",
            "Active",
            "Paused",
            "Not configured",
            "Not run",
            "Unknown"
        ]
    );
    let keys: Vec<_> = StateFilter::ALL.iter().map(|s| s.key()).collect();
    assert_eq!(
        keys,
        [
            "quarantine",
            "active",
            "paused",
            "not-configured",
            "not-run",
            "unknown"
        ]
    );
    for s in StateFilter::ALL {
        assert_eq!(StateFilter::from_key(s.key()), Some(s));
        assert_eq!(
            StateFilter::from_key(&format!(" {} ", s.key().to_uppercase())),
            Some(s)
        );
        assert_eq!(s.to_string(), s.label());
    }
    for bad in ["", "notrun", "Not run", "quarantined", "active,paused"] {
        assert_eq!(StateFilter::from_key(bad), None, "{bad}");
    }
    // The labels are the status card's words for the known codes.
    for (code, s) in [
        ("Quarantine", StateFilter::Quarantine),
        ("Active", StateFilter::Active),
        ("Paused", StateFilter::Paused),
        ("NotConfigured", StateFilter::NotConfigured),
        ("NotRun", StateFilter::NotRun),
    ] {
        assert_eq!(
            job(&base("a.1", "scim", code)).status.code.label(),
            s.label()
        );
    }
}

// ---------------------------------------------------------------------------
// FleetFilter
// ---------------------------------------------------------------------------

fn text(t: &str) -> FleetFilter {
    FleetFilter {
        text: t.to_owned(),
        ..Default::default()
    }
}

/// A quarantined ServiceNow job with every searchable field distinct.
fn servicenow() -> SynchronizationJob {
    job(&quarantine(
        last_run(
            base(
                "servicenowOutDelta.5a1b2c3d.e4f5",
                "servicenowOutDelta",
                "Active",
            ),
            "Failed",
            Some(T0 - HOUR),
            Some(T0 - HOUR + MIN),
        ),
        "EncounteredQuarantineException",
        T0 - 3 * DAY,
        "ServiceNowInvalidCredentials",
    ))
}

#[test]
fn default_filter_is_empty_and_matches_everything() {
    let f = FleetFilter::default();
    assert!(f.is_empty());
    assert!(f.to_query().is_empty());
    assert!(f.matches("ServiceNow", "sp-1", &servicenow()));
    assert!(f.matches("", "", &job(&base("x", "", ""))));
    assert!(text("   \t ").is_empty());
    assert!(text("   \t ").matches("ServiceNow", "sp-1", &servicenow()));
    assert!(!text("a").is_empty());
    assert!(
        !FleetFilter {
            states: vec![StateFilter::Active],
            ..Default::default()
        }
        .is_empty()
    );
    assert!(
        !FleetFilter {
            kinds: vec![TemplateKind::GalleryApp],
            ..Default::default()
        }
        .is_empty()
    );
}

#[test]
fn each_text_field_matches_case_insensitively() {
    let j = servicenow();
    let hits = [
        ("service", "app name"),
        ("SERVICENOW", "app name, upper case"),
        ("9f3e", "service principal id"),
        ("5A1B2C3D", "job id"),
        ("e4f5", "job id tail"),
        ("servicenowoutdelta", "template id"),
        ("gallery", "kind label"),
        ("provisioning", "kind label, second word"),
        ("quarantine", "state label"),
        ("encounteredquarantineexception", "quarantine reason"),
        ("QuarantineException", "quarantine reason, part"),
        ("invalidcredentials", "last error code"),
    ];
    for (term, what) in hits {
        assert!(
            text(term).matches("ServiceNow", "9f3e-sp", &j),
            "{what}: {term}"
        );
    }
    for miss in ["slack", "Active", "credentials are invalid", "zz"] {
        assert!(!text(miss).matches("ServiceNow", "9f3e-sp", &j), "{miss}");
    }
}

#[test]
fn the_last_error_code_of_the_last_run_is_searched_too() {
    let j = job(&run_error(
        last_run(
            base("Workday2AAD.aa", "Workday2AAD", "Active"),
            "Failed",
            Some(T0),
            Some(T0 + MIN),
        ),
        "HrConnectorTimeout",
        "Timed out",
    ));
    assert!(text("hrconnector").matches("Contoso HR", "sp", &j));
    assert!(text("hr-driven").matches("Contoso HR", "sp", &j));
    // The message is not searched.
    assert!(!text("timed").matches("Contoso HR", "sp", &j));
}

#[test]
fn an_unknown_state_is_found_by_its_raw_value() {
    let j = job(&base("aws.1", "aws", "Hibernating"));
    assert!(text("hibernating").matches("AWS", "sp", &j));
    assert!(text("unknown").matches("AWS", "sp", &j));
}

#[test]
fn a_blank_quarantine_reason_matches_nothing_extra() {
    // The docs' Paused job with a quarantine object whose strings are empty.
    let j = parse_job(&common::read_fixture(
        "graph-docs/v1.0--synchronization-synchronizationjob-get--1-response.json",
    ))
    .expect("fixture");
    assert!(text("salesforceinvalid").matches("Salesforce", "sp", &j));
    assert!(text("paused box").matches("Salesforce", "sp", &j));
    assert!(!text("encountered").matches("Salesforce", "sp", &j));
}

#[test]
fn every_term_must_match_somewhere_but_within_one_field() {
    let j = servicenow();
    assert!(text("service quarantine").matches("ServiceNow", "sp", &j));
    assert!(text("  service \t gallery\nquarantine ").matches("ServiceNow", "sp", &j));
    assert!(text("service service").matches("ServiceNow", "sp", &j));
    assert!(!text("service slack").matches("ServiceNow", "sp", &j));
    assert!(!text("slack service").matches("ServiceNow", "sp", &j));
    // "now" ends the app name and "sp" begins the next field: no match across.
    assert!(!text("nowsp").matches("ServiceNow", "sp", &j));
}

#[test]
fn non_ascii_text_folds_case() {
    let j = job(&base("scim.1", "scim", "Active"));
    assert!(text("ÉCOLE").matches("École Nationale", "sp", &j));
    assert!(text("straße").matches("STRASSE straße", "sp", &j));
    assert!(!text("ecole").matches("École", "sp", &j));
}

#[test]
fn state_and_kind_selections() {
    let jobs = [
        ("ServiceNow", servicenow()),
        ("Slack", healthy("slack.1", "slack", T0)),
        (
            "Contoso",
            healthy("AD2AADProvisioning.1", "AD2AADProvisioning", T0),
        ),
        (
            "Box",
            job(&base("BoxOutDelta.1", "BoxOutDelta", "NotConfigured")),
        ),
        ("Acme SCIM", job(&base("scim.1", "scim", "Paused"))),
    ];
    let shown = |f: &FleetFilter| -> Vec<&str> {
        jobs.iter()
            .filter(|(n, j)| f.matches(n, "sp", j))
            .map(|(n, _)| *n)
            .collect()
    };
    let f = |states: Vec<StateFilter>, kinds: Vec<TemplateKind>, t: &str| FleetFilter {
        text: t.to_owned(),
        states,
        kinds,
    };
    use StateFilter as S;
    use TemplateKind as K;
    assert_eq!(shown(&f(vec![S::Active], vec![], "")), ["Slack", "Contoso"]);
    assert_eq!(
        shown(&f(vec![S::Quarantine, S::Paused], vec![], "")),
        ["ServiceNow", "Acme SCIM"]
    );
    assert_eq!(
        shown(&f(vec![S::Unknown, S::NotRun], vec![], "")),
        Vec::<&str>::new()
    );
    assert_eq!(
        shown(&f(vec![], vec![K::GalleryApp], "")),
        ["ServiceNow", "Slack", "Box"]
    );
    assert_eq!(
        shown(&f(vec![], vec![K::CloudSync, K::NonGalleryScim], "")),
        ["Contoso", "Acme SCIM"]
    );
    assert_eq!(
        shown(&f(vec![S::Active], vec![K::GalleryApp], "")),
        ["Slack"]
    );
    assert_eq!(
        shown(&f(
            vec![S::Active, S::NotConfigured],
            vec![K::GalleryApp],
            "b"
        )),
        ["Box"]
    );
    assert_eq!(
        shown(&f(vec![], vec![], "s")).len(),
        5,
        "every job has an s"
    );
    assert_eq!(
        shown(&f(vec![S::Active], vec![K::GalleryApp], "contoso")),
        Vec::<&str>::new()
    );
    // A job with no template id: its kind comes from the job id, else Unknown.
    let bare = job(&base("", "", "Active"));
    assert!(f(vec![], vec![K::Unknown], "").matches("x", "sp", &bare));
    assert!(!f(vec![], vec![K::GalleryApp], "").matches("x", "sp", &bare));
}

#[test]
fn matches_search_text_agrees_with_matches() {
    let j = servicenow();
    let cached = search_text("ServiceNow", "sp-9", &j);
    assert_eq!(cached, cached.to_lowercase());
    for t in ["", "service", "quarantine gallery", "slack", "sp-9 5a1b"] {
        for states in [
            vec![],
            vec![StateFilter::Quarantine],
            vec![StateFilter::Active],
        ] {
            let f = FleetFilter {
                text: t.to_owned(),
                states,
                kinds: vec![],
            };
            assert_eq!(
                f.matches("ServiceNow", "sp-9", &j),
                f.matches_search_text(&cached, &j),
                "{f:?}"
            );
        }
    }
}

// ---------------------------------------------------------------------------
// Query pairs
// ---------------------------------------------------------------------------

fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
    p.iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

#[test]
fn to_query_lists_the_set_parts_in_order() {
    let f = FleetFilter {
        text: "slack prod".to_owned(),
        states: vec![StateFilter::Quarantine, StateFilter::NotRun],
        kinds: vec![TemplateKind::CloudSync, TemplateKind::GalleryApp],
    };
    assert_eq!(
        f.to_query(),
        vec![
            ("q", "slack prod".to_owned()),
            ("state", "quarantine,not-run".to_owned()),
            ("kind", "cloud-sync,gallery".to_owned()),
        ]
    );
    assert_eq!(text("x").to_query(), vec![("q", "x".to_owned())]);
    let only_kind = FleetFilter {
        kinds: vec![TemplateKind::Unknown],
        ..Default::default()
    };
    assert_eq!(only_kind.to_query(), vec![("kind", "unknown".to_owned())]);
    let owned: Vec<(String, String)> = f
        .to_query()
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
    assert_eq!(FleetFilter::from_query(&owned), f);
}

#[test]
fn from_query_ignores_what_it_does_not_know() {
    let f = FleetFilter::from_query(&pairs(&[
        ("sort", "name"),
        ("q", "box"),
        ("state", "active,,nope, Paused ,NOT-RUN"),
        ("kind", "scim,gallery-app,hr-inbound"),
        ("Q", "ignored: keys are exact"),
        ("utm_source", "mail"),
    ]));
    assert_eq!(
        f,
        FleetFilter {
            text: "box".to_owned(),
            states: vec![
                StateFilter::Active,
                StateFilter::Paused,
                StateFilter::NotRun
            ],
            kinds: vec![TemplateKind::NonGalleryScim, TemplateKind::HrInbound],
        }
    );
    assert_eq!(FleetFilter::from_query(&[]), FleetFilter::default());
    assert_eq!(
        FleetFilter::from_query(&pairs(&[("state", ""), ("kind", ",")])),
        FleetFilter::default()
    );
}

#[test]
fn from_query_repeated_keys() {
    let f = FleetFilter::from_query(&pairs(&[
        ("state", "active"),
        ("q", "first"),
        ("state", "paused"),
        ("kind", "scim"),
        ("kind", "cloud-sync"),
        ("q", "second"),
    ]));
    assert_eq!(f.text, "second");
    assert_eq!(f.states, [StateFilter::Active, StateFilter::Paused]);
    assert_eq!(
        f.kinds,
        [TemplateKind::NonGalleryScim, TemplateKind::CloudSync]
    );
}

#[test]
fn query_text_is_kept_exactly() {
    for t in ["a,b", " padded ", "ümlaut & =?#", "q=1"] {
        let f = text(t);
        let owned: Vec<(String, String)> = f
            .to_query()
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect();
        assert_eq!(FleetFilter::from_query(&owned), f, "{t}");
    }
}

// ---------------------------------------------------------------------------
// Sort
// ---------------------------------------------------------------------------

#[test]
fn sort_order_labels_keys_default() {
    assert_eq!(SortOrder::default(), SortOrder::NeedsAttention);
    let rows: Vec<_> = SortOrder::ALL
        .iter()
        .map(|o| (o.label(), o.key()))
        .collect();
    assert_eq!(
        rows,
        [
            ("Needs attention", "attention"),
            ("App name", "name"),
            ("State", "state"),
            ("Last run", "last-run"),
            ("Kind", "kind"),
        ]
    );
    for o in SortOrder::ALL {
        assert_eq!(SortOrder::from_key(o.key()), Some(o));
        assert_eq!(SortOrder::from_key(&o.key().to_uppercase()), Some(o));
        assert_eq!(o.to_string(), o.label());
    }
    assert_eq!(SortOrder::from_key(""), None);
    assert_eq!(SortOrder::from_key("Needs attention"), None);
}

/// (app name, job) entries of a small fleet, in no particular order.
fn fleet() -> Vec<(String, SynchronizationJob)> {
    vec![
        ("slack".into(), healthy("slack.2", "slack", T0 - 2 * HOUR)),
        ("ServiceNow".into(), servicenow()),
        (
            "Box".into(),
            job(&base("BoxOutDelta.1", "BoxOutDelta", "NotConfigured")),
        ),
        ("Slack".into(), healthy("slack.1", "slack", T0 - HOUR)),
        (
            "Contoso".into(),
            healthy("AD2AADProvisioning.b", "AD2AADProvisioning", T0 - 5 * MIN),
        ),
        (
            "contoso".into(),
            job(&last_run(
                base("AD2AADPasswordHash.a", "AD2AADPasswordHash", "Paused"),
                "Succeeded",
                Some(T0 - DAY),
                Some(T0 - DAY + MIN),
            )),
        ),
        (
            "AWS".into(),
            job(&progress(base("aws.1", "aws", "NotRun"), 3, 50)),
        ),
        (
            "Workday".into(),
            job(&last_run(
                base("Workday2AAD.1", "Workday2AAD", "Active"),
                "Failed",
                Some(T0 - 10 * MIN),
                Some(T0 - 9 * MIN),
            )),
        ),
        (
            "Running".into(),
            job(&last_run(
                base("scim.r", "scim", "Active"),
                "Succeeded",
                Some(T0 - MIN),
                None,
            )),
        ),
        ("Future".into(), job(&base("Hib.1", "Hib", "Hibernating"))),
    ]
}

fn sorted(order: SortOrder) -> Vec<String> {
    let mut items = fleet();
    sort_entries(&mut items, order, |(n, j)| (j, n.as_str()));
    items.iter().map(|(n, j)| format!("{n}/{}", j.id)).collect()
}

#[test]
fn sort_by_needs_attention_agrees_with_the_health_ranking() {
    let got = sorted(SortOrder::NeedsAttention);
    let mut items = fleet();
    sort_by_attention(&mut items, |(n, j)| (j, n.as_str()));
    let want: Vec<String> = items.iter().map(|(n, j)| format!("{n}/{}", j.id)).collect();
    assert_eq!(got, want);
    assert_eq!(
        got,
        [
            "ServiceNow/servicenowOutDelta.5a1b2c3d.e4f5",
            "Workday/Workday2AAD.1",
            "Future/Hib.1",
            "contoso/AD2AADPasswordHash.a",
            "AWS/aws.1",
            "Box/BoxOutDelta.1",
            "Contoso/AD2AADProvisioning.b",
            "Running/scim.r",
            "Slack/slack.1",
            "slack/slack.2",
        ]
    );
}

#[test]
fn sort_by_app_name_ignores_case_then_exact_then_job_id() {
    assert_eq!(
        sorted(SortOrder::AppName),
        [
            "AWS/aws.1",
            "Box/BoxOutDelta.1",
            "Contoso/AD2AADProvisioning.b",
            "contoso/AD2AADPasswordHash.a",
            "Future/Hib.1",
            "Running/scim.r",
            "ServiceNow/servicenowOutDelta.5a1b2c3d.e4f5",
            "Slack/slack.1",
            "slack/slack.2",
            "Workday/Workday2AAD.1",
        ]
    );
    // Same name, same case: the job id decides.
    let mut items = vec![
        (
            "Contoso",
            healthy("AD2AADProvisioning.z", "AD2AADProvisioning", T0),
        ),
        (
            "Contoso",
            healthy("AD2AADProvisioning.a", "AD2AADProvisioning", T0),
        ),
    ];
    sort_entries(&mut items, SortOrder::AppName, |(n, j)| (j, *n));
    assert_eq!(items[0].1.id, "AD2AADProvisioning.a");
}

#[test]
fn sort_by_state_groups_in_filter_order() {
    assert_eq!(
        sorted(SortOrder::State),
        [
            "ServiceNow/servicenowOutDelta.5a1b2c3d.e4f5",
            "Contoso/AD2AADProvisioning.b",
            "Running/scim.r",
            "Slack/slack.1",
            "slack/slack.2",
            "Workday/Workday2AAD.1",
            "contoso/AD2AADPasswordHash.a",
            "Box/BoxOutDelta.1",
            "AWS/aws.1",
            "Future/Hib.1",
        ]
    );
}

#[test]
fn sort_by_last_run_most_recent_first_never_last() {
    assert_eq!(
        sorted(SortOrder::LastRun),
        [
            // Still running: began 1 min ago, no end.
            "Running/scim.r",
            "Contoso/AD2AADProvisioning.b",
            "Workday/Workday2AAD.1",
            "ServiceNow/servicenowOutDelta.5a1b2c3d.e4f5",
            "Slack/slack.1",
            "slack/slack.2",
            "contoso/AD2AADPasswordHash.a",
            // Never ran: by name.
            "AWS/aws.1",
            "Box/BoxOutDelta.1",
            "Future/Hib.1",
        ]
    );
    // Equal end times: by name.
    let mut items = vec![
        ("b", healthy("x.2", "x", T0)),
        ("A", healthy("x.1", "x", T0)),
        ("c", healthy("x.3", "x", T0 + 1)),
    ];
    sort_entries(&mut items, SortOrder::LastRun, |(n, j)| (j, *n));
    let names: Vec<&str> = items.iter().map(|(n, _)| *n).collect();
    assert_eq!(names, ["c", "A", "b"]);
}

#[test]
fn sort_by_kind_in_kind_order() {
    assert_eq!(
        sorted(SortOrder::Kind),
        [
            "Contoso/AD2AADProvisioning.b",
            "contoso/AD2AADPasswordHash.a",
            "Workday/Workday2AAD.1",
            "Running/scim.r",
            "AWS/aws.1",
            "Box/BoxOutDelta.1",
            "Future/Hib.1",
            "ServiceNow/servicenowOutDelta.5a1b2c3d.e4f5",
            "Slack/slack.1",
            "slack/slack.2",
        ]
    );
}

#[test]
fn every_order_is_independent_of_the_input_order() {
    for order in SortOrder::ALL {
        let want = sorted(order);
        let mut items = fleet();
        items.reverse();
        sort_entries(&mut items, order, |(n, j)| (j, n.as_str()));
        let got: Vec<String> = items.iter().map(|(n, j)| format!("{n}/{}", j.id)).collect();
        assert_eq!(got, want, "{order:?}");
        let mut items = fleet();
        items.rotate_left(3);
        sort_entries(&mut items, order, |(n, j)| (j, n.as_str()));
        let got: Vec<String> = items.iter().map(|(n, j)| format!("{n}/{}", j.id)).collect();
        assert_eq!(got, want, "{order:?}");
    }
    // Empty and single inputs.
    let mut none: Vec<(String, SynchronizationJob)> = Vec::new();
    sort_entries(&mut none, SortOrder::Kind, |(n, j)| (j, n.as_str()));
}

#[test]
fn sort_is_stable_for_identical_keys() {
    // Same app name and job id under two service principals: input order kept.
    let j = healthy("slack.1", "slack", T0);
    for order in SortOrder::ALL {
        let mut items = vec![("sp-b", "Slack", &j), ("sp-a", "Slack", &j)];
        sort_entries(&mut items, order, |(_, n, j)| (*j, *n));
        assert_eq!(items[0].0, "sp-b", "{order:?}");
    }
}

// ---------------------------------------------------------------------------
// CSV
// ---------------------------------------------------------------------------

const HEADER_LINE: &str = "App,Service principal id,Application id,Job id,Template id,Kind,State,Schedule,Last run,Last run ended (UTC),Failed runs in a row,Quarantine reason,Quarantined since (UTC),Days before auto-disable,Last error code,Last error message,Needs attention\r\n";

#[test]
fn csv_header_is_exact_and_alone_for_no_rows() {
    assert_eq!(to_csv(&[], T0), HEADER_LINE);
    assert_eq!(CSV_HEADER.join(",") + "\r\n", HEADER_LINE);
    assert!(!to_csv(&[], T0).starts_with('\u{feff}'), "no BOM");
}

#[test]
fn csv_row_of_a_quarantined_job() {
    let j = job(&quarantine(
        last_run(
            base("servicenowOutDelta.5a1b", "servicenowOutDelta", "Active"),
            "Failed",
            Some(T0 - HOUR),
            Some(T0 - HOUR + 250),
        ),
        "EncounteredQuarantineException",
        T0 - 3 * DAY,
        "ServiceNowInvalidCredentials",
    ));
    let mut v = serde_json::to_value(&j).expect("serialize");
    v["status"]["countSuccessiveCompleteFailures"] = json!(4);
    let j = job(&v);
    let row = JobView {
        app_name: "ServiceNow",
        sp_id: "9f3e0000-0000-0000-0000-000000000001",
        app_id: Some("a1b2c3d4-0000-0000-0000-000000000002"),
        job: &j,
    };
    let cells = csv_cells(&row, T0);
    assert_eq!(
        cells,
        [
            "ServiceNow",
            "9f3e0000-0000-0000-0000-000000000001",
            "a1b2c3d4-0000-0000-0000-000000000002",
            "servicenowOutDelta.5a1b",
            "servicenowOutDelta",
            "Gallery app provisioning",
            "Quarantine",
            "Active: every 40 minutes",
            "Failed",
            "2025-02-13T09:17:06.250Z",
            "4",
            "EncounteredQuarantineException",
            "2025-02-10T10:17:06Z",
            "25",
            "ServiceNowInvalidCredentials",
            "The credentials are invalid.",
            "Quarantined",
        ]
    );
    assert_eq!(
        to_csv(&[row], T0),
        format!(
            "{HEADER_LINE}ServiceNow,9f3e0000-0000-0000-0000-000000000001,a1b2c3d4-0000-0000-0000-000000000002,servicenowOutDelta.5a1b,servicenowOutDelta,Gallery app provisioning,Quarantine,Active: every 40 minutes,Failed,2025-02-13T09:17:06.250Z,4,EncounteredQuarantineException,2025-02-10T10:17:06Z,25,ServiceNowInvalidCredentials,The credentials are invalid.,Quarantined\r\n"
        )
    );
}

#[test]
fn csv_row_of_a_fresh_job_says_never() {
    let created = parse_job(&common::read_fixture("create-job-response.json")).expect("fixture");
    let row = JobView {
        app_name: "Box",
        sp_id: "sp",
        app_id: None,
        job: &created,
    };
    assert_eq!(
        csv_cells(&row, T0),
        [
            "Box",
            "sp",
            "",
            "{jobId}",
            "BoxOutDelta",
            "Gallery app provisioning",
            "Not configured",
            "Disabled: not scheduled",
            "never",
            "never",
            "0",
            "",
            "",
            "",
            "",
            "",
            "Never run",
        ]
    );
}

#[test]
fn csv_row_of_a_healthy_running_and_paused_quarantine_job() {
    let h = healthy("slack.1", "slack", T0);
    let cells = csv_cells(
        &JobView {
            app_name: "Slack",
            sp_id: "sp",
            app_id: None,
            job: &h,
        },
        T0,
    );
    assert_eq!(cells[8], "Succeeded");
    assert_eq!(cells[9], "2025-02-13T10:17:06Z");
    assert_eq!(cells[16], "no");

    let running = job(&last_run(
        base("scim.1", "scim", "Active"),
        "Succeeded",
        Some(T0),
        None,
    ));
    let cells = csv_cells(
        &JobView {
            app_name: "R",
            sp_id: "sp",
            app_id: None,
            job: &running,
        },
        T0,
    );
    assert_eq!(cells[9], "never");

    // The docs' Paused job with a quarantine object of empty strings: shown as
    // sent, but no auto-disable countdown (it is not in quarantine).
    let paused = parse_job(&common::read_fixture(
        "graph-docs/v1.0--synchronization-synchronizationjob-get--1-response.json",
    ))
    .expect("fixture");
    let cells = csv_cells(
        &JobView {
            app_name: "Salesforce",
            sp_id: "sp",
            app_id: Some("  "),
            job: &paused,
        },
        T0,
    );
    assert_eq!(cells[2], "  ");
    assert_eq!(cells[6], "Paused");
    assert_eq!(cells[11], "");
    assert_eq!(cells[12], "never");
    assert_eq!(cells[13], "");
    assert_eq!(cells[14], "SalesforceInvalidCredentials");
    assert_eq!(cells[16], "Paused");
}

#[test]
fn csv_days_before_auto_disable() {
    for (began, want) in [
        (T0, "28"),
        (T0 - DAY, "27"),
        (T0 - 27 * DAY - 1, "0"),
        (T0 - 40 * DAY, "0"),
    ] {
        let j = job(&quarantine(
            base("a.1", "a", "Active"),
            "TooManyDeletes",
            began,
            "X",
        ));
        let cells = csv_cells(
            &JobView {
                app_name: "A",
                sp_id: "sp",
                app_id: None,
                job: &j,
            },
            T0,
        );
        assert_eq!(cells[13], want, "{began}");
    }
    // Unknown seriesBegan: empty.
    let mut v = quarantine(base("a.1", "a", "Active"), "TooManyDeletes", T0, "X");
    v["status"]["quarantine"]["seriesBegan"] = json!("String (timestamp)");
    let j = job(&v);
    let cells = csv_cells(
        &JobView {
            app_name: "A",
            sp_id: "sp",
            app_id: None,
            job: &j,
        },
        T0,
    );
    assert_eq!(
        cells[12], "String (timestamp)",
        "invalid time kept verbatim"
    );
    assert_eq!(cells[13], "");
}

fn one_cell_csv(app_name: &str) -> String {
    let j = job(&base("a.1", "a", "Active"));
    let out = to_csv(
        &[JobView {
            app_name,
            sp_id: "sp",
            app_id: None,
            job: &j,
        }],
        T0,
    );
    let body = out.strip_prefix(HEADER_LINE).expect("header first");
    // The first cell is everything up to the `,sp,` that follows it.
    let end = body.rfind(",sp,,a.1,").expect("second cell");
    body[..end].to_owned()
}

#[test]
fn csv_quotes_fields_that_need_it() {
    let cases = [
        ("plain", "plain"),
        ("", ""),
        ("a,b", "\"a,b\""),
        ("say \"hi\"", "\"say \"\"hi\"\"\""),
        ("\"", "\"\"\"\""),
        ("line\nbreak", "\"line\nbreak\""),
        ("car\rriage", "\"car\rriage\""),
        ("crlf\r\n", "\"crlf\r\n\""),
        ("semi;colon", "semi;colon"),
        (" spaced ", " spaced "),
        ("ünïcödé ☃", "ünïcödé ☃"),
        ("it's", "it's"),
    ];
    for (cell, want) in cases {
        assert_eq!(one_cell_csv(cell), want, "{cell:?}");
    }
}

#[test]
fn csv_guards_against_formula_injection() {
    let cases = [
        ("=1+2", "'=1+2"),
        ("+SUM(A1)", "'+SUM(A1)"),
        ("-2", "'-2"),
        ("@cmd", "'@cmd"),
        ("\tTab", "'\tTab"),
        ("\rCR", "\"'\rCR\""),
        (
            "=HYPERLINK(\"x\",\"y\")",
            "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\"",
        ),
        // Only the first character counts.
        ("a=1", "a=1"),
        (" =1", " =1"),
        ("\n=1", "\"\n=1\""),
        ("'=1", "'=1"),
    ];
    for (cell, want) in cases {
        assert_eq!(one_cell_csv(cell), want, "{cell:?}");
    }
}

#[test]
fn csv_guards_every_column_and_ends_every_record_with_crlf() {
    let mut v = run_error(
        last_run(
            base("-job", "=tmpl", "Active"),
            "Failed",
            Some(T0),
            Some(T0),
        ),
        "@code",
        "-message, with comma",
    );
    v["status"]["countSuccessiveCompleteFailures"] = json!(-1);
    let j = job(&v);
    let out = to_csv(
        &[
            JobView {
                app_name: "+app",
                sp_id: "=sp",
                app_id: Some("@app"),
                job: &j,
            },
            JobView {
                app_name: "Second",
                sp_id: "sp2",
                app_id: None,
                job: &j,
            },
        ],
        T0,
    );
    let lines: Vec<&str> = out.split("\r\n").collect();
    assert_eq!(lines.len(), 4, "header, two rows, empty tail");
    assert_eq!(lines[3], "");
    assert!(lines[1].starts_with("'+app,'=sp,'@app,'-job,'=tmpl,Gallery app provisioning,"));
    assert!(lines[1].contains(",'-1,"), "{}", lines[1]);
    assert!(lines[1].ends_with(",'@code,\"'-message, with comma\",Failing"));
    assert!(!out.replace("\r\n", "").contains('\n'));
    assert!(!out.replace("\r\n", "").contains('\r'));
}

#[test]
fn csv_of_the_documented_jobs() {
    let created = parse_job(&common::read_fixture("create-job-response.json")).expect("fixture");
    let got = parse_job(&common::read_fixture(
        "graph-docs/v1.0--synchronization-synchronizationjob-get--1-response.json",
    ))
    .expect("fixture");
    let rows = [
        JobView {
            app_name: "Box",
            sp_id: "sp-box",
            app_id: None,
            job: &created,
        },
        JobView {
            app_name: "Salesforce",
            sp_id: "sp-sf",
            app_id: Some("app-sf"),
            job: &got,
        },
    ];
    assert_eq!(
        to_csv(&rows, T0),
        format!(
            "{HEADER_LINE}\
Box,sp-box,,{{jobId}},BoxOutDelta,Gallery app provisioning,Not configured,Disabled: not scheduled,never,never,0,,,,,,Never run\r\n\
Salesforce,sp-sf,app-sf,{{jobId}},BoxOutDelta,Gallery app provisioning,Paused,Disabled: not scheduled,never,never,0,,never,,SalesforceInvalidCredentials,\"Your Salesforce.com credentials are invalid.  \
Please obtain a current Salesforce.com administrative user name, password and security token, \
and enter those in the screen for configuring user provisioning\",Paused\r\n"
        )
    );
}

#[test]
fn csv_file_names() {
    assert_eq!(csv_file_name(T0), "syncdeck-jobs-2025-02-13T1017Z.csv");
    assert_eq!(csv_file_name(0), "syncdeck-jobs-1970-01-01T0000Z.csv");
    // 2026-11-22T23:03:59.999Z
    let t = 1_795_388_639_999;
    assert_eq!(iso(t), "2026-11-22T23:03:59.999Z");
    assert_eq!(csv_file_name(t), "syncdeck-jobs-2026-11-22T2303Z.csv");
    // Extremes do not panic and keep the shape.
    for t in [i64::MIN / 2, -1, i64::MAX / 2] {
        let name = csv_file_name(t);
        assert!(
            name.starts_with("syncdeck-jobs-") && name.ends_with("Z.csv"),
            "{name}"
        );
    }
}

// ---------------------------------------------------------------------------
// Entra admin center
// ---------------------------------------------------------------------------

const SP: &str = "262dd7cc-bfd8-4f0b-aae4-a1bafa0efb46";
const APP: &str = "d4176f9b-177c-40ff-96ef-b9ddfe950fc1";

#[test]
fn entra_urls_per_cloud() {
    let path = format!(
        "/#view/Microsoft_AAD_IAM/ManagedAppMenuBlade/~/ProvisioningManagement/objectId/{SP}/appId/{APP}"
    );
    let cases = [
        (Cloud::Global, "https://entra.microsoft.com"),
        (Cloud::UsGov, "https://portal.azure.us"),
        (Cloud::UsGovDod, "https://portal.azure.us"),
        (Cloud::China, "https://portal.azure.cn"),
    ];
    for (cloud, host) in cases {
        assert_eq!(
            entra_admin_center_url(cloud, SP, Some(APP)),
            format!("{host}{path}"),
            "{cloud:?}"
        );
        assert_eq!(
            syncdeck_graph::fleet::admin_center_host(cloud),
            host,
            "{cloud:?}"
        );
    }
}

#[test]
fn entra_url_without_app_id() {
    let want = format!(
        "https://entra.microsoft.com/#view/Microsoft_AAD_IAM/ManagedAppMenuBlade/~/ProvisioningManagement/objectId/{SP}"
    );
    assert_eq!(entra_admin_center_url(Cloud::Global, SP, None), want);
    assert_eq!(entra_admin_center_url(Cloud::Global, SP, Some("")), want);
    assert_eq!(entra_admin_center_url(Cloud::Global, SP, Some("  ")), want);
}

#[test]
fn entra_url_ids_are_percent_encoded() {
    assert_eq!(
        entra_admin_center_url(Cloud::China, "a/b?c#d e", Some("x&y=z%ü")),
        "https://portal.azure.cn/#view/Microsoft_AAD_IAM/ManagedAppMenuBlade/~/ProvisioningManagement/objectId/a%2Fb%3Fc%23d%20e/appId/x%26y%3Dz%25%C3%BC"
    );
    assert_eq!(
        entra_admin_center_url(Cloud::Global, "A-z_0.9~", None),
        "https://entra.microsoft.com/#view/Microsoft_AAD_IAM/ManagedAppMenuBlade/~/ProvisioningManagement/objectId/A-z_0.9~"
    );
}

// ---------------------------------------------------------------------------
// Refresh
// ---------------------------------------------------------------------------

fn refresh<'a>(jobs: &'a [&'a SynchronizationJob]) -> RefreshInput<'a> {
    RefreshInput {
        jobs,
        since_last_action_ms: None,
        hidden: false,
        throttled: 0,
        retry_after_secs: None,
    }
}

fn steady() -> SynchronizationJob {
    healthy("slack.1", "slack", T0)
}

fn running() -> SynchronizationJob {
    job(&progress(
        last_run(
            base("scim.1", "scim", "Active"),
            "Succeeded",
            Some(T0),
            None,
        ),
        1,
        3,
    ))
}

fn failing() -> SynchronizationJob {
    job(&last_run(
        base("w.1", "Workday2AAD", "Active"),
        "Failed",
        Some(T0),
        Some(T0 + 1),
    ))
}

#[test]
fn the_constants() {
    assert_eq!(REFRESH_FAST_MS, 15_000);
    assert_eq!(REFRESH_MEDIUM_MS, 60_000);
    assert_eq!(REFRESH_SLOW_MS, 300_000);
    assert_eq!(REFRESH_MAX_BACKOFF_MS, 600_000);
    assert_eq!(AFTER_ACTION_WINDOW_MS, 120_000);
}

#[test]
fn refresh_by_what_is_on_screen() {
    let (s, r, f) = (steady(), running(), failing());
    assert_eq!(
        next_refresh_ms(&refresh(&[])),
        Some(300_000),
        "nothing shown"
    );
    assert_eq!(next_refresh_ms(&refresh(&[&s])), Some(300_000), "steady");
    assert_eq!(
        next_refresh_ms(&refresh(&[&s, &f])),
        Some(60_000),
        "attention"
    );
    assert_eq!(
        next_refresh_ms(&refresh(&[&s, &f, &r])),
        Some(15_000),
        "running"
    );
    assert_eq!(next_refresh_ms(&refresh(&[&r])), Some(15_000), "running");
    let paused = job(&base("p.1", "p", "Paused"));
    assert_eq!(
        next_refresh_ms(&refresh(&[&paused])),
        Some(60_000),
        "paused needs attention"
    );
    let q = servicenow();
    assert_eq!(next_refresh_ms(&refresh(&[&q])), Some(60_000), "quarantine");
}

#[test]
fn refresh_after_an_action() {
    let s = steady();
    let at = |ms: Option<u64>| {
        next_refresh_ms(&RefreshInput {
            since_last_action_ms: ms,
            ..refresh(&[&s])
        })
    };
    assert_eq!(at(Some(0)), Some(15_000));
    assert_eq!(at(Some(119_999)), Some(15_000));
    assert_eq!(at(Some(120_000)), Some(300_000));
    assert_eq!(at(Some(u64::MAX)), Some(300_000));
    assert_eq!(at(None), Some(300_000));
}

#[test]
fn no_refresh_while_hidden() {
    let r = running();
    let jobs = [&r];
    for throttled in [0, 3] {
        let input = RefreshInput {
            hidden: true,
            since_last_action_ms: Some(0),
            throttled,
            retry_after_secs: Some(5),
            ..refresh(&jobs)
        };
        assert_eq!(next_refresh_ms(&input), None);
    }
}

#[test]
fn throttled_refresh_backs_off_exponentially_to_the_cap() {
    let (s, r, f) = (steady(), running(), failing());
    let at = |jobs: &[&SynchronizationJob], throttled: u32| {
        next_refresh_ms(&RefreshInput {
            throttled,
            ..refresh(jobs)
        })
    };
    let fast: Vec<_> = (0..8).map(|n| at(&[&r], n)).collect();
    assert_eq!(
        fast,
        [
            Some(15_000),
            Some(30_000),
            Some(60_000),
            Some(120_000),
            Some(240_000),
            Some(480_000),
            Some(600_000),
            Some(600_000)
        ]
    );
    assert_eq!(at(&[&f], 1), Some(120_000));
    assert_eq!(at(&[&f], 4), Some(600_000));
    assert_eq!(at(&[&s], 1), Some(600_000));
    assert_eq!(at(&[&s], 2), Some(600_000));
    for n in [31, 32, 63, 64, 65, 1_000, u32::MAX] {
        assert_eq!(at(&[&r], n), Some(600_000), "{n}");
    }
}

#[test]
fn retry_after_is_never_undercut() {
    let (s, r) = (steady(), running());
    let at = |jobs: &[&SynchronizationJob], throttled: u32, secs: Option<u64>| {
        next_refresh_ms(&RefreshInput {
            throttled,
            retry_after_secs: secs,
            ..refresh(jobs)
        })
    };
    assert_eq!(at(&[&r], 1, Some(42)), Some(42_000));
    assert_eq!(
        at(&[&r], 5, Some(42)),
        Some(42_000),
        "Retry-After replaces the backoff"
    );
    assert_eq!(
        at(&[&r], 1, Some(1)),
        Some(15_000),
        "never below the cadence"
    );
    assert_eq!(at(&[&r], 1, Some(0)), Some(15_000));
    assert_eq!(at(&[&s], 1, Some(30)), Some(300_000));
    assert_eq!(at(&[&r], 1, Some(3_600)), Some(3_600_000), "above the cap");
    assert_eq!(
        at(&[&r], 0, Some(20)),
        Some(20_000),
        "honoured even at 0 throttles"
    );
    assert_eq!(at(&[&r], 1, Some(u64::MAX)), Some(u64::MAX), "saturates");
}

#[test]
fn is_running_branches() {
    let cases: Vec<(&str, Value, bool)> = vec![
        (
            "steady",
            last_run(
                base("a", "a", "Active"),
                "Succeeded",
                Some(T0),
                Some(T0 + 1),
            ),
            false,
        ),
        (
            "progress 1/3",
            progress(base("a", "a", "Active"), 1, 3),
            true,
        ),
        (
            "progress 0/3",
            progress(base("a", "a", "Active"), 0, 3),
            true,
        ),
        (
            "progress 3/3",
            progress(base("a", "a", "Active"), 3, 3),
            false,
        ),
        (
            "progress 4/3",
            progress(base("a", "a", "Active"), 4, 3),
            false,
        ),
        (
            "progress 0/0",
            progress(base("a", "a", "Active"), 0, 0),
            false,
        ),
        (
            "progress -1/-1",
            progress(base("a", "a", "Active"), -1, -1),
            false,
        ),
        (
            "no end",
            last_run(base("a", "a", "Active"), "Succeeded", Some(T0), None),
            true,
        ),
        (
            "end before start",
            last_run(
                base("a", "a", "Active"),
                "Succeeded",
                Some(T0),
                Some(T0 - 1),
            ),
            true,
        ),
        (
            "no start, no end",
            last_run(base("a", "a", "Active"), "Succeeded", None, None),
            false,
        ),
        (
            "quarantine, no end",
            last_run(base("a", "a", "Quarantine"), "Failed", Some(T0), None),
            true,
        ),
        ("NotRun, schedule Active", base("a", "a", "NotRun"), true),
        (
            "NotRun, schedule Disabled",
            schedule_state(base("a", "a", "NotRun"), "Disabled"),
            false,
        ),
        (
            "NotRun, schedule Paused",
            schedule_state(base("a", "a", "NotRun"), "Paused"),
            false,
        ),
        ("Active, nothing yet", base("a", "a", "Active"), false),
        (
            "Paused mid-cycle",
            progress(base("a", "a", "Paused"), 1, 3),
            false,
        ),
        (
            "Paused, no end",
            last_run(base("a", "a", "Paused"), "Succeeded", Some(T0), None),
            false,
        ),
        (
            "NotConfigured, schedule Active",
            base("a", "a", "NotConfigured"),
            false,
        ),
        (
            "unknown code, progress",
            progress(base("a", "a", "Hibernating"), 1, 3),
            true,
        ),
    ];
    for (what, v, want) in cases {
        assert_eq!(is_running(&job(&v)), want, "{what}");
    }
    let mut invalid_end = last_run(base("a", "a", "Active"), "Succeeded", Some(T0), None);
    invalid_end["status"]["lastExecution"]["timeEnded"] = json!("String (timestamp)");
    assert!(
        !is_running(&job(&invalid_end)),
        "unreadable end: not running"
    );
    let mut blank_end = last_run(base("a", "a", "Active"), "Succeeded", Some(T0), None);
    blank_end["status"]["lastExecution"]["timeEnded"] = json!("");
    assert!(is_running(&job(&blank_end)), "blank end is never");
    let created = parse_job(&common::read_fixture("create-job-response.json")).expect("fixture");
    assert!(!is_running(&created));
}

// ---------------------------------------------------------------------------
// State changes
// ---------------------------------------------------------------------------

fn r<'a>(app_name: &'a str, sp_id: &'a str, job: &'a SynchronizationJob) -> JobView<'a> {
    JobView {
        app_name,
        sp_id,
        app_id: None,
        job,
    }
}

#[test]
fn no_change_no_sentence() {
    let (s, q) = (steady(), servicenow());
    let list = [r("Slack", "sp1", &s), r("ServiceNow", "sp2", &q)];
    assert!(state_changes(&list, &list).is_empty());
    assert!(state_changes(&[], &[]).is_empty());
    // Counts and progress changes are not announced.
    let more = job(&progress(serde_json::to_value(&s).expect("json"), 1, 2));
    let mut v = serde_json::to_value(&s).expect("json");
    v["status"]["lastExecution"]["countExported"] = json!(99);
    let counted = job(&v);
    assert!(state_changes(&[r("Slack", "sp1", &s)], &[r("Slack", "sp1", &more)]).is_empty());
    assert!(state_changes(&[r("Slack", "sp1", &s)], &[r("Slack", "sp1", &counted)]).is_empty());
}

#[test]
fn a_state_change() {
    let a = job(&base("slack.1", "slack", "Active"));
    let p = job(&base("slack.1", "slack", "Paused"));
    assert_eq!(
        state_changes(&[r("Slack", "sp", &a)], &[r("Slack", "sp", &p)]),
        ["Slack: Active → Paused"]
    );
    let n = job(&base("slack.1", "slack", "NotRun"));
    let u = job(&base("slack.1", "slack", "Hibernating"));
    assert_eq!(
        state_changes(&[r("Slack", "sp", &n)], &[r("Slack", "sp", &u)]),
        ["Slack: Not run → Unknown (Hibernating)"]
    );
}

#[test]
fn quarantine_begun_and_lifted() {
    let a = job(&base("sn.1", "sn", "Active"));
    let q = job(&quarantine(
        base("sn.1", "sn", "Active"),
        "TooManyDeletes",
        T0,
        "X",
    ));
    assert_eq!(
        state_changes(&[r("ServiceNow", "sp", &a)], &[r("ServiceNow", "sp", &q)]),
        ["ServiceNow: quarantine begun (TooManyDeletes)"]
    );
    assert_eq!(
        state_changes(&[r("ServiceNow", "sp", &q)], &[r("ServiceNow", "sp", &a)]),
        ["ServiceNow: quarantine lifted"]
    );
    let mut blank = quarantine(base("sn.1", "sn", "Active"), "", T0, "X");
    blank["status"]["quarantine"]["reason"] = json!(null);
    let blank = job(&blank);
    assert_eq!(
        state_changes(
            &[r("ServiceNow", "sp", &a)],
            &[r("ServiceNow", "sp", &blank)]
        ),
        ["ServiceNow: quarantine begun"]
    );
    let paused = job(&base("sn.1", "sn", "Paused"));
    assert_eq!(
        state_changes(
            &[r("ServiceNow", "sp", &q)],
            &[r("ServiceNow", "sp", &paused)]
        ),
        ["ServiceNow: quarantine lifted"]
    );
}

#[test]
fn new_and_removed_jobs() {
    let b = job(&base("BoxOutDelta.1", "BoxOutDelta", "NotConfigured"));
    let z = job(&base("zendesk.e1b2c3d4e5f6a7b8c9d0", "zendesk", "Active"));
    assert_eq!(
        state_changes(&[r("Zendesk", "sp-z", &z)], &[r("Box", "sp-b", &b)]),
        [
            "Box: new job (Not configured)",
            "Zendesk job zendesk.e1b2…: removed"
        ]
    );
    // Same job id under another service principal is a different job.
    assert_eq!(
        state_changes(&[r("Box", "sp-1", &b)], &[r("Box", "sp-2", &b)]),
        [
            "Box job BoxOutDelta.1: new job (Not configured)",
            "Box job BoxOutDelta.1: removed"
        ]
    );
}

#[test]
fn a_finished_failed_run() {
    let ok = job(&last_run(
        base("gw.1", "gw", "Active"),
        "Succeeded",
        Some(T0),
        Some(T0 + MIN),
    ));
    let running = job(&last_run(
        base("gw.1", "gw", "Active"),
        "Succeeded",
        Some(T0 + HOUR),
        None,
    ));
    let failed = job(&last_run(
        base("gw.1", "gw", "Active"),
        "Failed",
        Some(T0 + HOUR),
        Some(T0 + HOUR + MIN),
    ));
    let failed_no_end = job(&last_run(
        base("gw.1", "gw", "Active"),
        "Failed",
        Some(T0 + HOUR),
        None,
    ));
    let never = job(&base("gw.1", "gw", "Active"));
    let gw = |j| r("Google Workspace", "sp", j);
    assert_eq!(
        state_changes(&[gw(&ok)], &[gw(&failed)]),
        ["Google Workspace: last run failed"]
    );
    assert_eq!(
        state_changes(&[gw(&running)], &[gw(&failed)]),
        ["Google Workspace: last run failed"]
    );
    assert_eq!(
        state_changes(&[gw(&never)], &[gw(&failed)]),
        ["Google Workspace: last run failed"]
    );
    assert!(
        state_changes(&[gw(&failed)], &[gw(&failed)]).is_empty(),
        "already seen"
    );
    assert!(
        state_changes(&[gw(&ok)], &[gw(&failed_no_end)]).is_empty(),
        "not finished"
    );
    assert!(
        state_changes(&[gw(&failed)], &[gw(&ok)]).is_empty(),
        "a success is not announced"
    );
    // A new job that already failed is just a new job.
    assert_eq!(
        state_changes(&[], &[gw(&failed)]),
        ["Google Workspace: new job (Active)"]
    );
    // A state change and a failure of the same job: both, state first.
    let q = job(&quarantine(
        last_run(
            base("gw.1", "gw", "Active"),
            "Failed",
            Some(T0 + HOUR),
            Some(T0 + HOUR + MIN),
        ),
        "EncounteredQuarantineException",
        T0,
        "X",
    ));
    assert_eq!(
        state_changes(&[gw(&ok)], &[gw(&q)]),
        [
            "Google Workspace: quarantine begun (EncounteredQuarantineException)",
            "Google Workspace: last run failed"
        ]
    );
}

#[test]
fn changes_follow_the_after_order_then_removals() {
    let a = |id: &str, code: &str| job(&base(id, "x", code));
    let (s1, s2) = (a("s.1", "Active"), a("s.1", "Paused"));
    let (t1, t2) = (a("t.1", "Paused"), a("t.1", "Active"));
    let (gone1, gone2) = (a("g.1", "Active"), a("h.1", "Active"));
    let new = a("n.1", "NotRun");
    let before = [
        r("Gone", "sp-g", &gone1),
        r("Slack", "sp-s", &s1),
        r("Teams", "sp-t", &t1),
        r("Also gone", "sp-h", &gone2),
    ];
    let after = [
        r("Teams", "sp-t", &t2),
        r("New", "sp-n", &new),
        r("Slack", "sp-s", &s2),
    ];
    assert_eq!(
        state_changes(&before, &after),
        [
            "Teams: Paused → Active",
            "New: new job (Not run)",
            "Slack: Active → Paused",
            "Gone job g.1: removed",
            "Also gone job h.1: removed",
        ]
    );
}

#[test]
fn apps_with_several_jobs_name_the_job() {
    let a = job(&base(
        "AD2AADProvisioning.aaaaaaaaaaaaaaaa",
        "AD2AADProvisioning",
        "Active",
    ));
    let b = job(&base(
        "AD2AADPasswordHash.bbbbbbbbbbbbbbbb",
        "AD2AADPasswordHash",
        "Active",
    ));
    let b2 = job(&base(
        "AD2AADPasswordHash.bbbbbbbbbbbbbbbb",
        "AD2AADPasswordHash",
        "Paused",
    ));
    assert_eq!(
        state_changes(
            &[r("Contoso", "sp", &a), r("Contoso", "sp", &b)],
            &[r("Contoso", "sp", &a), r("Contoso", "sp", &b2)]
        ),
        ["Contoso job AD2AADPasswordHash.bbbb…: Active → Paused"]
    );
}

#[test]
fn blank_app_names_and_duplicates() {
    let a = job(&base("x.1", "x", "Active"));
    let p = job(&base("x.1", "x", "Paused"));
    assert_eq!(
        state_changes(&[r("  ", "sp-1", &a)], &[r("", "sp-1", &p)]),
        ["sp-1: Active → Paused"]
    );
    // A job listed twice is announced once.
    assert_eq!(
        state_changes(
            &[r("X", "sp", &a), r("X", "sp", &a)],
            &[r("X", "sp", &p), r("X", "sp", &p)]
        ),
        ["X: Active → Paused"]
    );
    assert_eq!(
        state_changes(&[r("X", "sp", &a), r("X", "sp", &a)], &[]),
        ["X job x.1: removed"]
    );
}

#[test]
fn short_job_ids() {
    assert_eq!(short_job_id(""), "");
    assert_eq!(short_job_id("scim.1"), "scim.1");
    assert_eq!(short_job_id("abcdefghijklmnop"), "abcdefghijklmnop");
    assert_eq!(short_job_id("zendesk.e1b2c3d4e5f6"), "zendesk.e1b2…");
    assert_eq!(
        short_job_id("AD2AADProvisioning.fd1c9b9e8077402c8bc03a7186c8f976.9f3e"),
        "AD2AADProvisioning.fd1c…"
    );
    assert_eq!(
        short_job_id("AVeryLongTemplateName2AAD.abc"),
        "AVeryLongTemplateName2AAD.abc",
        "nothing to cut"
    );
    assert_eq!(
        short_job_id("AnExtremelyLongTemplateNameThatGoesOn2AAD.abcdef"),
        "AnExtremelyL…"
    );
    assert_eq!(short_job_id("ääääääääääääääääääää"), "ääääääääääää…");
    assert_eq!(short_job_id("ab.ääääääääääääääääää"), "ab.ääää…");
}

// ---------------------------------------------------------------------------
// updated_ago
// ---------------------------------------------------------------------------

#[test]
fn updated_ago_boundaries() {
    let cases = [
        (0, "updated just now"),
        (1_999, "updated just now"),
        (-5_000, "updated just now"),
        (2_000, "updated 2 s ago"),
        (5_500, "updated 5 s ago"),
        (59_999, "updated 59 s ago"),
        (60_000, "updated 1 min ago"),
        (3 * MIN + 59_999, "updated 3 min ago"),
        (HOUR - 1, "updated 59 min ago"),
        (HOUR, "updated 1 h ago"),
        (DAY - 1, "updated 23 h ago"),
        (DAY, "updated 1 d ago"),
        (400 * DAY, "updated 400 d ago"),
    ];
    for (diff, want) in cases {
        assert_eq!(updated_ago(T0 + diff, T0), want, "{diff}");
    }
    assert_eq!(
        updated_ago(i64::MAX, i64::MIN),
        "updated 213503982334 d ago"
    );
    assert_eq!(updated_ago(i64::MIN, i64::MAX), "updated just now");
}
