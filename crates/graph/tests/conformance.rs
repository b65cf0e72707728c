//! Conformance over Microsoft's documentation samples (`fixtures/graph-docs`):
//! every valid sample of a job, job list, status, quarantine, schedule, run,
//! progress, error or count pair parses into the right type with the values
//! the app shows; every invalid sample gives a `ParseError` with a position.

mod common;

use std::collections::BTreeMap;

use common::{ManifestRow, manifest, read_fixture};
use syncdeck_graph::{
    GraphTime, IsoDuration, ParseError, QuarantineReason, ScheduleState, StatusCode,
    StringKeyLongValuePair, SynchronizationError, SynchronizationJob, SynchronizationProgress,
    SynchronizationQuarantine, SynchronizationSchedule, SynchronizationStatus,
    SynchronizationTaskExecution, TaskExecutionResult, TemplateKind, parse, parse_job,
    parse_jobs_page,
};

/// .NET `DateTime.MinValue` in Unix milliseconds.
const MIN_VALUE_MILLIS: i64 = -62_135_596_800_000;

/// A freshly created job (create response): Disabled, not scheduled,
/// NotConfigured, never reached steady state.
fn check_created_job(job: &SynchronizationJob) {
    assert_eq!(job.id, "{jobId}");
    assert_eq!(job.template_id, "BoxOutDelta");
    assert_eq!(job.kind(), TemplateKind::GalleryApp);
    assert_eq!(job.schedule.state, ScheduleState::Disabled);
    assert_eq!(job.schedule.expiration, GraphTime::Missing);
    assert!(job.schedule.interval.is_not_scheduled());
    assert_eq!(job.schedule.interval.human(), "not scheduled");
    assert_eq!(job.status.code, StatusCode::NotConfigured);
    assert_eq!(job.status.code.label(), "Not configured");
    assert_eq!(job.status.count_successive_complete_failures, 0);
    assert!(!job.status.escrows_pruned);
    assert!(job.status.synchronized_entry_count_by_type.is_empty());
    assert!(job.status.last_execution.is_none());
    assert!(job.status.last_successful_execution.is_none());
    assert!(job.status.last_successful_execution_with_exports.is_none());
    assert!(job.status.quarantine.is_none());
    assert!(job.status.troubleshooting_url.is_none());
    for t in [
        &job.status.steady_state_first_achieved_time,
        &job.status.steady_state_last_achieved_time,
    ] {
        assert!(t.is_never(), "{t:?}");
        assert_eq!(t.unix_millis(), None);
        assert_eq!(t.raw_unix_millis(), Some(MIN_VALUE_MILLIS));
        assert_eq!(t.raw(), Some("0001-01-01T00:00:00Z"));
    }
    assert!(!job.status.has_reached_steady_state());
    assert!(job.synchronization_job_settings.is_empty());
}

/// The Get job sample: Paused, with a quarantine object whose dates and
/// reason are empty strings.
fn check_get_job(job: &SynchronizationJob) {
    assert_eq!(job.id, "{jobId}");
    assert_eq!(job.template_id, "BoxOutDelta");
    assert_eq!(job.schedule.state, ScheduleState::Disabled);
    assert!(job.schedule.interval.is_not_scheduled());
    assert_eq!(job.status.code, StatusCode::Paused);
    assert_eq!(job.status.code.label(), "Paused");
    assert!(job.status.progress.is_empty());
    assert!(job.status.steady_state_first_achieved_time.is_never());
    assert!(job.status.steady_state_last_achieved_time.is_never());
    let q = job.status.quarantine.as_ref().expect("quarantine object");
    for t in [&q.current_began, &q.next_attempt, &q.series_began] {
        assert_eq!(t, &GraphTime::Invalid(String::new()));
        assert!(t.is_never());
        assert!(!t.is_invalid());
        assert_eq!(t.unix_millis(), None);
    }
    assert_eq!(q.reason, QuarantineReason::Unknown(String::new()));
    assert_eq!(q.series_count, 2);
    assert_eq!(q.days_until_auto_disable(0), None);
    let e = q.error.as_ref().expect("quarantine error");
    assert_eq!(e.code, "SalesforceInvalidCredentials");
    assert!(
        e.message
            .starts_with("Your Salesforce.com credentials are invalid.")
    );
    assert!(e.tenant_actionable);
    assert_eq!(
        job.status.last_error().map(|e| e.code.as_str()),
        Some("SalesforceInvalidCredentials")
    );
    assert_eq!(job.synchronization_job_settings.len(), 1);
    assert_eq!(
        job.setting("QuarantineTooManyDeletesThreshold"),
        Some("500")
    );
}

/// The job representation: type names as values, settings as one object.
fn check_job_representation(job: &SynchronizationJob) {
    assert_eq!(job.id, "String (identifier)");
    assert_eq!(job.template_id, "String");
    assert_eq!(job.schedule, SynchronizationSchedule::default());
    assert_eq!(job.status.code, StatusCode::default());
    assert_eq!(job.synchronization_job_settings.len(), 1);
    assert_eq!(job.synchronization_job_settings[0].name, "");
}

fn check_status_representation(s: &SynchronizationStatus) {
    assert_eq!(s.code, StatusCode::Unknown("String".into()));
    assert_eq!(s.code.label(), "Unknown (String)");
    assert_eq!(
        s.count_successive_complete_failures, 0,
        "\"Integer\" reads as 0"
    );
    assert!(s.escrows_pruned);
    assert!(s.last_execution.is_some());
    assert!(s.last_successful_execution.is_some());
    assert!(s.last_successful_execution_with_exports.is_some());
    assert_eq!(s.progress.len(), 1);
    assert!(s.quarantine.is_some());
    assert_eq!(
        s.steady_state_first_achieved_time,
        GraphTime::Invalid("String (timestamp)".into())
    );
    assert!(s.steady_state_last_achieved_time.is_invalid());
    assert!(!s.steady_state_last_achieved_time.is_never());
    assert_eq!(s.synchronized_entry_count_by_type.len(), 1);
    assert_eq!(s.troubleshooting_url.as_deref(), Some("String"));
}

fn check_quarantine_representation(q: &SynchronizationQuarantine, row: &ManifestRow) {
    let expected_count = if row.version == "beta" { 1024 } else { 0 };
    assert_eq!(q.series_count, expected_count);
    assert_eq!(q.reason, QuarantineReason::Unknown("String".into()));
    assert!(q.current_began.is_invalid());
    assert!(q.next_attempt.is_invalid());
    assert!(q.series_began.is_invalid());
    assert_eq!(q.error, Some(SynchronizationError::default()));
}

fn check_schedule_representation(s: &SynchronizationSchedule) {
    assert_eq!(s.interval, IsoDuration::Invalid("String (duration)".into()));
    assert_eq!(s.interval.human(), "String (duration)");
    assert!(!s.interval.is_not_scheduled());
    assert!(s.expiration.is_invalid());
    assert_eq!(s.state, ScheduleState::Unknown("String".into()));
}

fn check_task_execution_representation(t: &SynchronizationTaskExecution) {
    assert_eq!(t.activity_identifier.as_deref(), Some("String"));
    for n in [
        t.count_entitled,
        t.count_entitled_for_provisioning,
        t.count_escrowed,
        t.count_escrowed_raw,
        t.count_exported,
        t.count_exports,
        t.count_imported,
        t.count_imported_deltas,
        t.count_imported_reference_deltas,
    ] {
        assert_eq!(n, 1024);
    }
    assert_eq!(t.state, TaskExecutionResult::Unknown("String".into()));
    assert!(t.time_began.is_invalid());
    assert!(t.time_ended.is_invalid());
    assert_eq!(t.run_length(), None);
    assert!(t.error.is_some());
}

fn check_progress_representation(p: &SynchronizationProgress, row: &ManifestRow) {
    if row.version == "beta" {
        assert_eq!(p.completed_units, 1025);
        assert_eq!(p.total_units, 3024);
        assert_eq!(p.units.as_deref(), Some("pages"));
        assert_eq!(
            p.progress_observation_date_time.unix_millis(),
            Some(1_507_654_800_000)
        );
        let r = p.ratio().expect("ratio");
        assert!((r - 1025.0 / 3024.0).abs() < 1e-12);
    } else {
        assert_eq!(p.completed_units, 0);
        assert_eq!(p.total_units, 0);
        assert_eq!(p.ratio(), None);
        assert_eq!(p.units.as_deref(), Some("String"));
        assert!(p.progress_observation_date_time.is_invalid());
    }
}

fn check_error_representation(e: &SynchronizationError, row: &ManifestRow) {
    assert_eq!(e.code, "String");
    assert_eq!(e.message, "String");
    // beta shows `true`; v1.0 shows the string "Boolean".
    assert_eq!(e.tenant_actionable, row.version == "beta");
}

fn check_count_pair(p: &StringKeyLongValuePair) {
    assert_eq!(p.key, "String");
    assert_eq!(p.value, 0, "\"Integer\" reads as 0");
}

/// Asserts that a parse error carries a position and says so in its text.
fn assert_positioned(err: &ParseError, row: &ManifestRow) {
    let text = err.to_string();
    assert!(err.line() >= 1, "{}: {text}", row.file);
    assert!(
        text.contains(&format!("line {}", err.line()))
            && text.contains(&format!("column {}", err.column())),
        "{}: {text}",
        row.file
    );
}

#[test]
fn every_relevant_sample_parses_with_the_shown_values() {
    let mut checked: BTreeMap<&str, usize> = BTreeMap::new();
    for row in manifest() {
        let body = row.body();
        let page = row.page().to_owned();
        let key: Option<&'static str> = match (page.as_str(), row.kind.as_str()) {
            ("synchronization-synchronizationjob-get", "response") => {
                check_get_job(&parse_job(&body).unwrap());
                Some("get job")
            }
            ("synchronization-synchronization-post-jobs", "response")
            | ("synchronization-synchronizationjob-post", "response") => {
                check_created_job(&parse_job(&body).unwrap());
                Some("create job")
            }
            ("synchronization-synchronization-list-jobs", "response")
            | ("synchronization-synchronizationjob-list", "response") => {
                // All list samples have a trailing comma: a positioned error.
                assert!(!row.valid_json, "{}", row.file);
                let err = parse_jobs_page(&body).unwrap_err();
                assert!(matches!(err, ParseError::Syntax { .. }), "{err:?}");
                assert_eq!(err.line(), 22);
                assert!(err.to_string().contains("list of synchronization jobs"));
                assert_positioned(&err, &row);
                // Once the comma is gone, the page parses.
                let fixed = body.replacen("\"quarantine\": null,", "\"quarantine\": null", 1);
                let page = parse_jobs_page(&fixed).unwrap();
                assert_eq!(page.value.len(), 1);
                assert_eq!(page.next_link, None);
                assert_eq!(page.value[0].status.code, StatusCode::Paused);
                assert!(page.value[0].schedule.interval.is_not_scheduled());
                Some("list jobs")
            }
            ("synchronization-synchronizationjob", "representation") => {
                check_job_representation(&parse_job(&body).unwrap());
                Some("job")
            }
            ("synchronization-synchronizationstatus", _) => {
                check_status_representation(&parse(&body).unwrap());
                Some("status")
            }
            ("synchronization-synchronizationquarantine", _) => {
                check_quarantine_representation(&parse(&body).unwrap(), &row);
                Some("quarantine")
            }
            ("synchronization-synchronizationschedule", _) => {
                check_schedule_representation(&parse(&body).unwrap());
                Some("schedule")
            }
            ("synchronization-synchronizationtaskexecution", _) => {
                check_task_execution_representation(&parse(&body).unwrap());
                Some("task execution")
            }
            ("synchronization-synchronizationprogress", _) => {
                check_progress_representation(&parse(&body).unwrap(), &row);
                Some("progress")
            }
            ("synchronization-synchronizationerror", _) => {
                check_error_representation(&parse(&body).unwrap(), &row);
                Some("error")
            }
            ("synchronization-stringkeylongvaluepair", _) => {
                check_count_pair(&parse(&body).unwrap());
                Some("count pair")
            }
            _ => None,
        };
        if let Some(key) = key {
            *checked.entry(key).or_default() += 1;
        }
    }
    let expected: BTreeMap<&str, usize> = [
        ("get job", 2),
        ("create job", 3),
        ("list jobs", 3),
        ("job", 2),
        ("status", 2),
        ("quarantine", 2),
        ("schedule", 2),
        ("task execution", 2),
        ("progress", 2),
        ("error", 2),
        ("count pair", 2),
    ]
    .into_iter()
    .collect();
    assert_eq!(checked, expected);
}

#[test]
fn every_invalid_sample_gives_a_positioned_error() {
    let rows: Vec<_> = manifest().into_iter().filter(|r| !r.valid_json).collect();
    assert_eq!(rows.len(), 14, "the corpus has 14 invalid JSON bodies");
    for row in rows {
        let body = row.body();
        let (py_line, _) = row
            .python_error_position()
            .unwrap_or_else(|| panic!("{}: no position in notes", row.file));
        let generic = parse::<serde_json::Value>(&body).unwrap_err();
        assert!(
            matches!(generic, ParseError::Syntax { .. }),
            "{}: {generic:?}",
            row.file
        );
        assert_eq!(generic.line(), py_line, "{}: {generic}", row.file);
        assert_positioned(&generic, &row);
        for err in [
            parse_job(&body).unwrap_err(),
            parse_jobs_page(&body).unwrap_err(),
        ] {
            assert_positioned(&err, &row);
        }
    }
}

#[test]
fn every_valid_sample_is_json_and_job_parsing_fails_cleanly_on_the_rest() {
    let rows: Vec<_> = manifest().into_iter().filter(|r| r.valid_json).collect();
    assert_eq!(rows.len(), 93);
    for row in rows {
        let body = row.body();
        parse::<serde_json::Value>(&body).unwrap_or_else(|e| panic!("{}: {e}", row.file));
        // Bodies that are not jobs either parse (every field is optional but
        // `id`) or give a shape error; never a panic, never a syntax error.
        if let Err(e) = parse_job(&body) {
            assert!(matches!(e, ParseError::Shape { .. }), "{}: {e:?}", row.file);
            assert_positioned(&e, &row);
        }
    }
}

#[test]
fn top_level_create_job_response_parses() {
    let body = read_fixture("create-job-response.json");
    let job = parse_job(&body).unwrap();
    check_created_job(&job);

    // Serializing keeps the wire names and the sentinel text, and re-parses
    // to the same job.
    let json = serde_json::to_value(&job).unwrap();
    assert_eq!(json["schedule"]["interval"], "P10675199DT2H48M5.4775807S");
    assert_eq!(json["schedule"]["state"], "Disabled");
    assert_eq!(json["schedule"]["expiration"], serde_json::Value::Null);
    assert_eq!(json["status"]["code"], "NotConfigured");
    assert_eq!(
        json["status"]["steadyStateFirstAchievedTime"],
        "0001-01-01T00:00:00Z"
    );
    assert_eq!(json["templateId"], "BoxOutDelta");
    let again = parse_job(&json.to_string()).unwrap();
    assert_eq!(again, job);
}

#[test]
fn top_level_requests_are_the_documented_bodies() {
    let create: serde_json::Value = parse(&read_fixture("create-job-request.json")).unwrap();
    assert_eq!(create["templateId"], "BoxOutDelta");
    let restart: serde_json::Value = parse(&read_fixture("restart-request.json")).unwrap();
    assert_eq!(
        restart["criteria"]["resetScope"],
        "Watermark, Escrows, QuarantineState"
    );
}

#[test]
fn fixture_copy_is_complete_and_matches_the_shared_corpus() {
    let rows = manifest();
    assert_eq!(rows.len(), 107);
    for row in &rows {
        assert!(
            common::graph_docs_dir().join(&row.file).is_file(),
            "missing fixture {}",
            row.file
        );
    }
    // On the development machine the corpus also lives outside the repo:
    // the copy must not drift from it.
    let shared = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/fixtures/graph-docs");
    if shared.is_dir() {
        for row in &rows {
            let original = std::fs::read(shared.join(&row.file)).unwrap();
            let copy = std::fs::read(common::graph_docs_dir().join(&row.file)).unwrap();
            assert!(
                original == copy,
                "{} differs from the shared corpus",
                row.file
            );
        }
    }
}
