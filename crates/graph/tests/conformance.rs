//! Conformance over Microsoft's documentation samples (`fixtures/graph-docs`):
//! every valid sample of a job, job list, status, quarantine, schedule, run,
//! progress, error or count pair parses into the right type with the values
//! the app shows; every invalid sample gives a `ParseError` with a position.

mod common;

use std::collections::BTreeMap;

use common::{ManifestRow, manifest, read_fixture};
use syncdeck_graph::enums::{
    InitiatorType, ProvisioningAction, ProvisioningResult, ProvisioningStatusErrorCategory,
    ProvisioningStepType, SynchronizationMetadata, SynchronizationSecret,
};
use syncdeck_graph::model::{
    OnDemandOutcome, ProvisionOnDemandRequest, ProvisioningObjectSummary, SecretsPutBody,
    SynchronizationJobApplicationParameters, SynchronizationJobSubject,
    SynchronizationLinkedObjects, SynchronizationSecretKeyStringValuePair, SynchronizationTemplate,
    parse_provision_on_demand_response, parse_provisioning_page, parse_template,
    parse_templates_page,
};
use syncdeck_graph::restart::{RestartCriteria, RestartScope};
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
            parse_template(&body).unwrap_err(),
            parse_templates_page(&body).unwrap_err(),
            parse_provisioning_page(&body).unwrap_err(),
            parse_provision_on_demand_response(&body).unwrap_err(),
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

// ---------------------------------------------------------------------------
// Templates, secrets, provision on demand, restart criteria, provisioning logs
// ---------------------------------------------------------------------------

/// The example number of a fixture (`...--2-response.json` is 2).
fn example_no(row: &ManifestRow) -> u32 {
    let rest = &row.file[row.file.rfind("--").expect("example separator") + 2..];
    rest.split('-').next().unwrap().parse().unwrap()
}

/// The Slack template of the list and get samples.
fn check_slack_template(t: &SynchronizationTemplate) {
    assert_eq!(t.id, "Slack");
    assert_eq!(t.factory_tag.as_deref(), Some("CustomSCIM"));
    assert_eq!(t.display_name(), "Slack (CustomSCIM)");
    assert_eq!(t.application_id, "");
    assert!(!t.default);
    assert!(!t.discoverable);
    assert_eq!(t.description, None);
    assert!(t.metadata.is_empty());
    let schema = t.schema.as_ref().expect("the samples expand the schema");
    assert_eq!(schema["directories"], serde_json::json!([]));
    assert_eq!(schema["synchronizationRules"], serde_json::json!([]));
}

fn check_template_representation(t: &SynchronizationTemplate) {
    assert_eq!(t.id, "String (identifier)");
    assert_eq!(t.application_id, "String (identifier)");
    assert!(t.default);
    assert!(t.discoverable);
    assert_eq!(t.description.as_deref(), Some("String"));
    assert_eq!(t.factory_tag.as_deref(), Some("String"));
    assert_eq!(t.metadata.len(), 1);
    // An entry with only `@odata.type`: no key, no value.
    assert_eq!(
        t.metadata[0].key,
        SynchronizationMetadata::Unknown(String::new())
    );
    assert_eq!(t.metadata[0].value, None);
    assert_eq!(
        t.metadata_value(&SynchronizationMetadata::GalleryApplicationKey),
        None
    );
}

fn check_secrets_body(body: &SecretsPutBody) {
    let keys: Vec<_> = body.value.iter().map(|p| p.key.clone()).collect();
    assert_eq!(
        keys,
        [
            SynchronizationSecret::BaseAddress,
            SynchronizationSecret::SecretToken,
            SynchronizationSecret::SyncNotificationSettings,
            SynchronizationSecret::SyncAll,
        ]
    );
    assert_eq!(
        body.get(&SynchronizationSecret::BaseAddress),
        Some("user@domain.com")
    );
    assert_eq!(
        body.get(&SynchronizationSecret::SecretToken),
        Some("password-value")
    );
    assert_eq!(body.get(&SynchronizationSecret::SyncAll), Some("false"));
    let notify: serde_json::Value = serde_json::from_str(
        body.get(&SynchronizationSecret::SyncNotificationSettings)
            .unwrap(),
    )
    .unwrap();
    assert_eq!(notify["Enabled"], false);
    assert_eq!(notify["DeleteThresholdEnabled"], false);
    // Debug never shows a value.
    let debug = format!("{body:?}");
    assert!(!debug.contains("password-value"), "{debug}");
    assert!(!debug.contains("user@domain.com"), "{debug}");
    assert!(debug.contains("SecretToken"), "{debug}");
}

fn check_on_demand_request(req: &ProvisionOnDemandRequest, n: u32) {
    assert_eq!(req.parameters.len(), 1);
    let p = &req.parameters[0];
    assert_eq!(p.subjects.len(), 1);
    let s = &p.subjects[0];
    match n {
        1 => {
            assert_eq!(p.rule_id, "ea807875-5618-4f0a-9125-0b46a05298ca");
            assert_eq!(s.object_id, "9bb0f679-a883-4a6f-8260-35b491b8b8c8");
            assert_eq!(s.object_type_name, "User");
            assert_eq!(s.links, None);
            assert_eq!(
                req,
                &ProvisionOnDemandRequest::single(
                    "ea807875-5618-4f0a-9125-0b46a05298ca",
                    "9bb0f679-a883-4a6f-8260-35b491b8b8c8",
                    "User"
                )
            );
        }
        2 => {
            assert_eq!(p.rule_id, "6c409270-f78a-4bc6-af23-7cf3ab6482fe");
            assert_eq!(s.object_id, "CN=AdeleV,CN=Users,DC=corp,DC=chicago,DC=com");
            assert_eq!(s.object_type_name, "user");
            assert_eq!(s.links, None);
        }
        3 => {
            assert_eq!(p.rule_id, "33f7c90d-bf71-41b1-bda6-aaf0ddbee5d8#V2");
            assert_eq!(s.object_id, "8213fd99-d6b6-417b-8e13-af6334856215");
            assert_eq!(s.object_type_name, "Group");
            let links = s.links.as_ref().expect("links");
            assert_eq!(links.manager, None);
            assert!(links.owners.is_empty());
            let members: Vec<_> = links.members.iter().map(|m| m.object_id.as_str()).collect();
            assert_eq!(
                members,
                [
                    "cbc86211-6ada-4803-b73f-8039cf56d8a2",
                    "2bc86211-6ada-4803-b73f-8039cf56d8a2"
                ]
            );
            assert!(links.members.iter().all(|m| m.object_type_name == "User"));
        }
        _ => panic!("unexpected example {n}"),
    }
}

fn check_on_demand_response(row: &ManifestRow, n: u32) {
    let body = row.body();
    let response = parse_provision_on_demand_response(&body).unwrap();
    let r = response
        .decode()
        .unwrap_or_else(|e| panic!("{}: {e}", row.file));
    let domain = match (n, row.version.as_str()) {
        (1, "beta") => "scimreftest.onmicrosoft.com",
        _ => "contoso.com",
    };
    match n {
        1 => {
            assert!(
                response
                    .odata_context
                    .as_deref()
                    .unwrap()
                    .ends_with("stringKeyStringValuePair")
            );
            assert_eq!(r.result, OnDemandOutcome::Skipped);
            assert!(!r.result.is_success());
            assert_eq!(r.result.label(), "Skipped");
            assert_eq!(r.details.error_code.as_deref(), Some("RedundantExport"));
            assert_eq!(
                r.details.error_message.as_deref(),
                Some("The state of the user in both the source and target systems already match.")
            );
            assert_eq!(r.error_code(), Some("RedundantExport"));
            let c = &r.change;
            assert_eq!(c.action, Some(ProvisioningAction::Other));
            assert_eq!(
                c.change_id.as_deref(),
                Some("g8ba3be8-1d7f-4a60-ae31-a8980da0a389")
            );
            assert_eq!(c.start_time.unix_millis(), Some(1_593_179_904_549));
            assert_eq!(c.end_time.unix_millis(), Some(1_593_179_904_768));
            assert_eq!(c.start_time.raw(), Some("2020-06-26T13:58:24.5494971Z"));
            assert_eq!(c.modified_properties.len(), 7);
            assert_eq!(c.modified_properties[0].display_name, "objectId");
            assert_eq!(c.modified_properties[0].old_value, None);
            assert_eq!(
                c.modified_properties[0].new_value.as_deref(),
                Some("52cf7b7a-52be-4a9b-9c69-e4d4a4a14f76")
            );
            let steps: Vec<_> = c
                .provisioning_steps
                .iter()
                .map(|s| (s.name.as_str(), s.step_type.clone(), s.status.clone()))
                .collect();
            assert_eq!(
                steps,
                [
                    (
                        "EntryImport",
                        ProvisioningStepType::Import,
                        ProvisioningResult::Success
                    ),
                    (
                        "EntryImport",
                        ProvisioningStepType::Matching,
                        ProvisioningResult::Success
                    ),
                    (
                        "EntrySynchronizationScoping",
                        ProvisioningStepType::Scoping,
                        ProvisioningResult::Success
                    ),
                    (
                        "EntrySynchronizationSkip",
                        ProvisioningStepType::Export,
                        ProvisioningResult::Skipped
                    ),
                ]
            );
            assert_eq!(
                c.provisioning_steps[3].details["SkipReason"],
                "RedundantExport"
            );
            assert_eq!(
                c.provisioning_steps[0].timestamp.raw(),
                Some("2020-06-26T13:58:24.5494971Z")
            );
            let status = c.status_info.as_ref().unwrap();
            assert_eq!(status.status, ProvisioningResult::Skipped);
            assert_eq!(status.error_code, None);
            assert_eq!(status.error_category, None);
            let src = c.source_identity.as_ref().unwrap();
            assert_eq!(
                src.id.as_deref(),
                Some("62cf7b7a-52be-4a9b-9c69-e5d4a4a14f67")
            );
            assert_eq!(src.identity_type.as_deref(), Some("User"));
            assert_eq!(src.display_name, None);
            let dst = c.target_identity.as_ref().unwrap();
            assert_eq!(
                dst.identity_type.as_deref(),
                Some("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User")
            );
            assert_eq!(
                c.source_system.as_ref().unwrap().name.as_deref(),
                Some("Azure Active Directory")
            );
            assert_eq!(
                c.target_system.as_ref().unwrap().name.as_deref(),
                Some("customappsso")
            );
            assert_eq!(
                c.reportable_identifier.as_deref(),
                Some(format!("BillBob@{domain}").as_str())
            );
            assert!(c.extra.is_empty(), "{:?}", c.extra);
        }
        2 => {
            assert!(
                response
                    .odata_context
                    .as_deref()
                    .unwrap()
                    .starts_with("https://syncfabric")
            );
            assert_eq!(r.result, OnDemandOutcome::Success);
            assert!(r.result.is_success());
            assert_eq!(r.details.error_code, None);
            assert!(r.details.extra.is_empty());
            assert_eq!(r.error_code(), None);
            let c = &r.change;
            assert_eq!(c.action, Some(ProvisioningAction::Update));
            assert_eq!(
                c.change_id.as_deref(),
                Some("582595f3-53be-4843-bf0c-f57dbf8fae96")
            );
            assert_eq!(c.modified_properties.len(), 37);
            assert!(c.modified_properties.iter().all(|p| p.old_value.is_none()));
            assert_eq!(c.modified_properties[0].display_name, "AccountEnabled");
            assert_eq!(c.modified_properties[0].new_value.as_deref(), Some("True"));
            let kinds: Vec<_> = c
                .provisioning_steps
                .iter()
                .map(|s| s.step_type.clone())
                .collect();
            assert_eq!(
                kinds,
                [
                    ProvisioningStepType::Import,
                    ProvisioningStepType::Import,
                    ProvisioningStepType::Scoping,
                    ProvisioningStepType::Export
                ]
            );
            assert!(
                c.provisioning_steps
                    .iter()
                    .all(|s| s.status == ProvisioningResult::Success)
            );
            // A third level of JSON inside a step's details stays text.
            let token = c.provisioning_steps[0].details["originatingReplicaToken"]
                .as_str()
                .unwrap();
            let inner: serde_json::Value = serde_json::from_str(token).unwrap();
            assert_eq!(inner["Name"], "DC01.esf.edu");
            assert_eq!(
                c.provisioning_steps[0].details["targetAddress"],
                if row.version == "beta" {
                    "SMTP:adelev@esf0.mail.onmicrosoft.com"
                } else {
                    "SMTP:adelev@contoso.com"
                }
            );
            assert_eq!(
                c.status_info.as_ref().unwrap().status,
                ProvisioningResult::Success
            );
            let src = c.source_identity.as_ref().unwrap();
            assert_eq!(
                src.id.as_deref(),
                Some("38a2171b-8b04-4b21-8133-ca8ae52250f3")
            );
            assert_eq!(src.identity_type.as_deref(), Some("user"));
            assert_eq!(
                c.source_system.as_ref().unwrap().name.as_deref(),
                Some("Active Directory")
            );
            assert_eq!(
                c.target_system.as_ref().unwrap().name.as_deref(),
                Some("Azure Active Directory")
            );
            assert_eq!(
                c.reportable_identifier.as_deref(),
                Some("adelev@chicago.com")
            );
            assert_eq!(c.start_time.raw(), Some("2022-04-21T18:40:07.8309453Z"));
        }
        3 => {
            assert_eq!(r.result, OnDemandOutcome::Success);
            assert!(r.change.is_empty());
            assert_eq!(response.value, "{}");
            assert_eq!(r.to_response().value, "{}");
        }
        _ => panic!("unexpected example {n}"),
    }
    // Encoding back gives strings that decode to the same result.
    let again = r.to_response().decode().unwrap();
    assert_eq!(again, r, "{}", row.file);
}

/// The valid provisioning log sample (example 2): a failed group creation.
fn check_log_example_2(e: &ProvisioningObjectSummary, row: &ManifestRow) {
    assert_eq!(e.id, "gc532ff9-r265-ec76-861e-42e2970a8218");
    assert_eq!(e.activity_date_time.unix_millis(), Some(1_561_409_588_000));
    assert_eq!(e.tenant_id, "7928d5b5-7442-4a97-ne2d-66f9j9972ecn");
    assert_eq!(e.job_id, "ContosoOutDelta.7928d5b574424a97ne2d66f9j9972ecn");
    assert_eq!(e.cycle_id, "44576n58-v14b-70fj-8404-3d22tt46ed93");
    assert_eq!(e.change_id, "eaad2f8b-e6e3-409b-83bd-e4e2e57177d5");
    assert_eq!(e.duration_in_milliseconds, Some(2785));
    assert_eq!(e.action(), ProvisioningAction::Create);
    if row.version == "beta" {
        // Only the legacy `action`, capitalised.
        assert_eq!(e.provisioning_action, None);
        assert_eq!(e.action, Some(ProvisioningAction::Create));
        let legacy = e.status_info.as_ref().expect("legacy statusInfo");
        assert_eq!(legacy.status, ProvisioningResult::Failure);
        assert_eq!(legacy.error_code.as_deref(), Some("ContosoEntryConflict"));
        assert_eq!(
            legacy.error_category,
            Some(ProvisioningStatusErrorCategory::NonServiceFailure)
        );
    } else {
        assert_eq!(e.provisioning_action, Some(ProvisioningAction::Create));
        assert_eq!(e.action, None);
        assert_eq!(e.status_info, None);
    }
    assert_eq!(e.result(), ProvisioningResult::Failure);
    assert_eq!(e.error_code(), Some("ContosoEntryConflict"));
    assert!(e.error_reason().unwrap().contains("HTTP status code 409"));
    let info = e.provisioning_status_info.as_ref().unwrap();
    let err = info.error_information.as_ref().unwrap();
    assert_eq!(
        err.error_category,
        Some(ProvisioningStatusErrorCategory::NonServiceFailure)
    );
    assert_eq!(err.additional_details, None);
    assert_eq!(err.recommended_action, None);
    let src = e.source_system.as_ref().unwrap();
    assert_eq!(src.display_name.as_deref(), Some("Azure Active Directory"));
    let dst = e.target_system.as_ref().unwrap();
    assert_eq!(dst.display_name.as_deref(), Some("Contoso"));
    assert_eq!(
        dst.detail("ServicePrincipalId"),
        Some("chc46a42-966b-47d7-9774-576b1c8bd0b8")
    );
    assert_eq!(
        dst.detail("ApplicationId"),
        Some("f2764360-e0ec-5676-711e-cd6fc0d4dd61")
    );
    let by = e.initiated_by.as_ref().unwrap();
    assert_eq!(by.initiator_type, Some(InitiatorType::System));
    assert_eq!(
        by.display_name.as_deref(),
        Some("Azure AD Provisioning Service")
    );
    assert_eq!(by.id.as_deref(), Some(""));
    let sp = e.service_principal.as_ref().unwrap();
    assert_eq!(sp.id, "chc46a42-966b-47d7-9774-576b1c8bd0b8");
    assert_eq!(sp.display_name.as_deref(), Some("Contoso"));
    let si = e.source_identity.as_ref().unwrap();
    assert_eq!(si.display_name.as_deref(), Some("Self-service Pilot"));
    assert_eq!(si.identity_type.as_deref(), Some("Group"));
    assert_eq!(e.target_identity.as_ref().unwrap().id.as_deref(), Some(""));
    let steps: Vec<_> = e
        .provisioning_steps
        .iter()
        .map(|s| (s.provisioning_step_type.clone(), s.status.clone()))
        .collect();
    assert_eq!(
        steps,
        [
            (ProvisioningStepType::Import, ProvisioningResult::Success),
            (ProvisioningStepType::Matching, ProvisioningResult::Success),
            (ProvisioningStepType::Export, ProvisioningResult::Failure),
        ]
    );
    assert_eq!(e.provisioning_steps[2].name, "EntryExportAdd");
    assert_eq!(
        e.provisioning_steps[2].details["ReportableIdentifier"],
        "Self-service Pilot"
    );
    assert_eq!(e.modified_properties.len(), 6);
    assert_eq!(e.modified_properties[2].display_name, "mailEnabled");
    assert_eq!(e.modified_properties[2].new_value.as_deref(), Some("False"));
}

/// The invalid provisioning log sample (example 1) once its trailing comma is
/// removed: an AWS role import.
fn check_log_example_1(e: &ProvisioningObjectSummary, row: &ManifestRow) {
    assert_eq!(e.id, "75b5b0ae-9fc5-8d0e-e0a9-7y6a4728de56");
    assert_eq!(e.activity_date_time.unix_millis(), Some(1_556_938_854_000));
    assert_eq!(
        e.job_id,
        "aws.74beb1753b704b63b8d56f0b76082b16.10a7a801-7101-4c69-ae00-ce9f75f8460a"
    );
    assert_eq!(e.provisioning_action, Some(ProvisioningAction::Create));
    assert_eq!(e.action(), ProvisioningAction::Create);
    assert_eq!(e.duration_in_milliseconds, Some(3236));
    assert_eq!(e.result(), ProvisioningResult::Success);
    assert_eq!(e.error_code(), None);
    assert_eq!(
        e.provisioning_status_info
            .as_ref()
            .unwrap()
            .error_information,
        None
    );
    if row.version == "beta" {
        assert_eq!(e.action, Some(ProvisioningAction::Create));
        assert_eq!(
            e.status_info.as_ref().unwrap().status,
            ProvisioningResult::Success
        );
    }
    // `Import` capitalised here.
    assert_eq!(
        e.provisioning_steps[0].provisioning_step_type,
        ProvisioningStepType::Import
    );
    assert_eq!(
        e.provisioning_steps[1].provisioning_step_type,
        ProvisioningStepType::Export
    );
    assert_eq!(e.modified_properties.len(), 5);
    // `initiatingType` is read as `initiatorType`.
    assert_eq!(
        e.initiated_by.as_ref().unwrap().initiator_type,
        Some(InitiatorType::System)
    );
    assert_eq!(
        e.target_identity.as_ref().unwrap().identity_type.as_deref(),
        Some("ServicePrincipal")
    );
    assert_eq!(
        e.service_principal
            .as_ref()
            .unwrap()
            .display_name
            .as_deref(),
        Some("Contoso")
    );
}

#[test]
fn every_template_secret_on_demand_restart_and_log_sample_parses() {
    let mut checked: BTreeMap<&str, usize> = BTreeMap::new();
    for row in manifest() {
        let body = row.body();
        let page = row.page().to_owned();
        let n = example_no(&row);
        let key: Option<&'static str> = match (page.as_str(), row.kind.as_str()) {
            ("synchronization-synchronization-list-templates", "response")
            | ("synchronization-synchronizationtemplate-list", "response") => {
                let page = parse_templates_page(&body).unwrap();
                assert_eq!(page.value.len(), 1);
                assert!(!page.has_more());
                check_slack_template(&page.value[0]);
                Some("list templates")
            }
            ("synchronization-synchronizationtemplate-get", "response") => {
                check_slack_template(&parse_template(&body).unwrap());
                Some("get template")
            }
            ("synchronization-synchronizationtemplate", "representation") => {
                check_template_representation(&parse_template(&body).unwrap());
                Some("template")
            }
            ("synchronization-synchronizationtemplate-update", "request") => {
                let t = parse_template(&body).unwrap();
                assert_eq!(t.id, "Slack");
                assert_eq!(t.application_id, "{id}");
                assert_eq!(t.factory_tag.as_deref(), Some("CustomSCIM"));
                assert_eq!(t.schema, None);
                Some("update template")
            }
            ("synchronization-serviceprincipal-put-synchronization", "request")
            | ("synchronization-synchronization-secrets", "request") => {
                let put: SecretsPutBody = parse(&body).unwrap();
                check_secrets_body(&put);
                // Written back with the wire key `value`, equal to the sample.
                let json = serde_json::to_value(&put).unwrap();
                assert_eq!(json, parse::<serde_json::Value>(&body).unwrap());
                Some("put secrets")
            }
            ("synchronization-synchronizationsecretkeystringvaluepair", _) => {
                let pair: SynchronizationSecretKeyStringValuePair = parse(&body).unwrap();
                assert_eq!(pair.key, SynchronizationSecret::Unknown("String".into()));
                assert!(
                    pair.key.is_sensitive(),
                    "an unknown key is treated as sensitive"
                );
                assert_eq!(pair.value.as_deref(), Some("String"));
                Some("secret pair")
            }
            ("synchronization-synchronizationjob-provisionondemand", "request") => {
                let req: ProvisionOnDemandRequest = parse(&body).unwrap();
                check_on_demand_request(&req, n);
                // Written back, it is the sample (absent links stay absent).
                assert_eq!(
                    serde_json::to_value(&req).unwrap(),
                    parse::<serde_json::Value>(&body).unwrap()
                );
                Some("on-demand request")
            }
            ("synchronization-synchronizationjob-provisionondemand", "response") => {
                check_on_demand_response(&row, n);
                Some("on-demand response")
            }
            ("synchronization-synchronizationjobapplicationparameters", _) => {
                let p: SynchronizationJobApplicationParameters = parse(&body).unwrap();
                assert_eq!(p.rule_id, "String");
                assert_eq!(p.subjects, vec![SynchronizationJobSubject::default()]);
                Some("application parameters")
            }
            ("synchronization-synchronizationjobsubject", _) => {
                let s: SynchronizationJobSubject = parse(&body).unwrap();
                assert_eq!(s.object_id, "String");
                assert_eq!(s.object_type_name, "String");
                assert_eq!(s.links, Some(SynchronizationLinkedObjects::default()));
                Some("subject")
            }
            ("synchronization-synchronizationlinkedobjects", _) => {
                let l: SynchronizationLinkedObjects = parse(&body).unwrap();
                assert_eq!(l.members.len(), 1);
                assert_eq!(l.manager, None);
                assert!(l.owners.is_empty());
                Some("linked objects")
            }
            ("synchronization-synchronizationjobrestartcriteria", _) => {
                // The placeholder "String" is not a member: a shape error
                // that names it.
                let err = parse::<RestartCriteria>(&body).unwrap_err();
                assert!(matches!(err, ParseError::Shape { .. }), "{err:?}");
                assert!(
                    err.to_string()
                        .contains("\"String\" is not a restart scope"),
                    "{err}"
                );
                assert_positioned(&err, &row);
                Some("restart criteria")
            }
            ("synchronization-synchronizationjob-restart", "request") => {
                let v: serde_json::Value = parse(&body).unwrap();
                let c: RestartCriteria = serde_json::from_value(v["criteria"].clone()).unwrap();
                assert_eq!(
                    c.reset_scope,
                    RestartScope::WATERMARK
                        | RestartScope::ESCROWS
                        | RestartScope::QUARANTINE_STATE
                );
                assert!(!c.reset_scope.needs_typed_confirmation());
                // Canonical order is ascending CSDL value.
                assert_eq!(
                    serde_json::to_value(c).unwrap(),
                    serde_json::json!({"resetScope": "Escrows, Watermark, QuarantineState"})
                );
                Some("restart request")
            }
            ("provisioningobjectsummary-list", "response") if row.valid_json => {
                let page = parse_provisioning_page(&body).unwrap();
                assert_eq!(n, 2);
                assert_eq!(page.value.len(), 1);
                check_log_example_2(&page.value[0], &row);
                // Round trip through Graph's shape.
                let again =
                    parse_provisioning_page(&serde_json::to_string(&page).unwrap()).unwrap();
                assert_eq!(again, page);
                Some("provisioning log")
            }
            ("provisioningobjectsummary-list", "response") => {
                assert_eq!(n, 1);
                let err = parse_provisioning_page(&body).unwrap_err();
                assert!(matches!(err, ParseError::Syntax { .. }), "{err:?}");
                let (py_line, py_col) = row.python_error_position().unwrap();
                assert_eq!(err.line(), py_line, "{}", row.file);
                assert_eq!((err.line(), err.column()), (py_line, py_col), "{err}");
                assert!(
                    err.to_string().contains("list of provisioning log entries"),
                    "{err}"
                );
                assert_positioned(&err, &row);
                let fixed = body.replacen("},\n            ],", "}\n            ],", 1);
                let page = parse_provisioning_page(&fixed).unwrap();
                assert_eq!(page.value.len(), 1);
                check_log_example_1(&page.value[0], &row);
                Some("provisioning log (invalid)")
            }
            _ => None,
        };
        if let Some(key) = key {
            *checked.entry(key).or_default() += 1;
        }
    }
    let expected: BTreeMap<&str, usize> = [
        ("list templates", 3),
        ("get template", 2),
        ("template", 2),
        ("update template", 2),
        ("put secrets", 3),
        ("secret pair", 2),
        ("on-demand request", 6),
        ("on-demand response", 6),
        ("application parameters", 2),
        ("subject", 2),
        ("linked objects", 2),
        ("restart criteria", 2),
        ("restart request", 2),
        ("provisioning log", 2),
        ("provisioning log (invalid)", 2),
    ]
    .into_iter()
    .collect();
    assert_eq!(checked, expected);
}

#[test]
fn top_level_restart_request_reads_as_criteria() {
    let v: serde_json::Value = parse(&read_fixture("restart-request.json")).unwrap();
    let c: RestartCriteria = serde_json::from_value(v["criteria"].clone()).unwrap();
    assert_eq!(
        c.reset_scope.to_wire(),
        "Escrows, Watermark, QuarantineState"
    );
    assert_eq!(
        RestartCriteria::new(c.reset_scope).body(),
        serde_json::json!({"criteria": {"resetScope": "Escrows, Watermark, QuarantineState"}})
    );
}
