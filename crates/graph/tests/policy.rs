//! The action policy, cell by cell: every `status.code` × `schedule.state`
//! combination (including values syncdeck does not know) × every action,
//! with and without a last run.

use syncdeck_graph::enums::{ScheduleState, StatusCode, TaskExecutionResult};
use syncdeck_graph::model::{
    SynchronizationJob, SynchronizationSchedule, SynchronizationStatus,
    SynchronizationTaskExecution,
};
use syncdeck_graph::policy::{
    Action, Decision, START_WARNING, confirmation_matches, decide, decide_for,
};

fn job(
    status: StatusCode,
    schedule: ScheduleState,
    last: Option<TaskExecutionResult>,
) -> SynchronizationJob {
    SynchronizationJob {
        id: "BoxOutDelta.0123456789abcdef0123456789abcdef".into(),
        template_id: "BoxOutDelta".into(),
        schedule: SynchronizationSchedule {
            state: schedule,
            ..Default::default()
        },
        status: SynchronizationStatus {
            code: status,
            last_execution: last.map(|state| SynchronizationTaskExecution {
                state,
                ..Default::default()
            }),
            ..Default::default()
        },
        synchronization_job_settings: Vec::new(),
    }
}

/// The actions [`decide`] allows for `job`, in button order.
fn allowed(job: &SynchronizationJob) -> Vec<Action> {
    Action::ALL
        .into_iter()
        .filter(|a| decide(job, *a).is_allowed())
        .collect()
}

/// The expected decision of one cell.
#[derive(Debug, Clone, Copy)]
enum Want {
    /// Allowed without a note.
    Yes,
    /// Allowed, with a note containing this text.
    YesNote(&'static str),
    /// Forbidden, with a reason containing this text.
    No(&'static str),
}

const RUNNING: &str = "calling Start on a running job can make the service stop";
const FIRST_CYCLE: &str = "first cycle is running";
const MAY_BE_RUNNING: &str = "schedule is Active, so it may be running";
const CREDENTIALS: &str = "needs credentials first";
const FIRST_RUN: &str = "Start runs its first cycle";
const RESUME: &str = "continues from where the job stopped";
const CLEARS: &str = "clears the quarantine";
const PAUSED: &str = "already paused";
const NOT_SCHEDULED: &str = "its schedule is Disabled";
const UNKNOWN_SCHEDULE: &str = "doesn't know the schedule state \"Sleeping\"";
const NOTHING: &str = "Nothing to restart";
const UNKNOWN_STATE: &str = "doesn't know the state \"Frozen\"; use the Entra admin center";
const UNKNOWN_BLANK: &str = "doesn't know the state (none); use the Entra admin center";
const DELETE: &str = "Type the job id to confirm";

fn statuses() -> Vec<(&'static str, StatusCode)> {
    vec![
        ("Active", StatusCode::Active),
        ("NotRun", StatusCode::NotRun),
        ("NotConfigured", StatusCode::NotConfigured),
        ("Paused", StatusCode::Paused),
        ("Quarantine", StatusCode::Quarantine),
        ("Frozen", StatusCode::Unknown("Frozen".into())),
        ("(blank)", StatusCode::Unknown(String::new())),
    ]
}

fn schedules() -> Vec<(&'static str, ScheduleState)> {
    vec![
        ("Active", ScheduleState::Active),
        ("Paused", ScheduleState::Paused),
        ("Disabled", ScheduleState::Disabled),
        ("Sleeping", ScheduleState::Unknown("Sleeping".into())),
    ]
}

/// The table of the module documentation: [Start, Pause, Restart, Delete].
fn expected(status: &str, schedule: &str) -> [Want; 4] {
    use Want::*;
    let del = YesNote(DELETE);
    match (status, schedule) {
        ("Active", "Active") => [No(RUNNING), Yes, Yes, del],
        ("Active", "Paused") => [No(RUNNING), No(PAUSED), Yes, del],
        ("Active", "Disabled") => [No(RUNNING), No(NOT_SCHEDULED), Yes, del],
        ("Active", "Sleeping") => [No(RUNNING), No(UNKNOWN_SCHEDULE), Yes, del],

        ("NotRun", "Active") => [No(FIRST_CYCLE), Yes, Yes, del],
        ("NotRun", "Paused") => [YesNote(FIRST_RUN), No(PAUSED), Yes, del],
        ("NotRun", "Disabled") => [YesNote(FIRST_RUN), No(NOT_SCHEDULED), Yes, del],
        ("NotRun", "Sleeping") => [No(UNKNOWN_SCHEDULE), No(UNKNOWN_SCHEDULE), Yes, del],

        ("NotConfigured", "Active") => [No(MAY_BE_RUNNING), Yes, No(NOTHING), del],
        ("NotConfigured", "Paused") => [YesNote(CREDENTIALS), No(PAUSED), No(NOTHING), del],
        ("NotConfigured", "Disabled") => {
            [YesNote(CREDENTIALS), No(NOT_SCHEDULED), No(NOTHING), del]
        }
        ("NotConfigured", "Sleeping") => {
            [No(UNKNOWN_SCHEDULE), No(UNKNOWN_SCHEDULE), No(NOTHING), del]
        }

        ("Paused", _) => [YesNote(RESUME), No(PAUSED), Yes, del],

        ("Quarantine", "Active") => [YesNote(CLEARS), Yes, Yes, del],
        ("Quarantine", "Paused") => [YesNote(CLEARS), No(PAUSED), Yes, del],
        ("Quarantine", "Disabled") => [YesNote(CLEARS), No(NOT_SCHEDULED), Yes, del],
        ("Quarantine", "Sleeping") => [YesNote(CLEARS), No(UNKNOWN_SCHEDULE), Yes, del],

        ("Frozen", _) => [No(UNKNOWN_STATE), No(UNKNOWN_STATE), No(UNKNOWN_STATE), del],
        ("(blank)", _) => [No(UNKNOWN_BLANK), No(UNKNOWN_BLANK), No(UNKNOWN_BLANK), del],
        other => panic!("no expectation for {other:?}"),
    }
}

fn check(cell: &str, got: &Decision, want: Want) {
    match want {
        Want::Yes => assert_eq!(got, &Decision::Allowed { note: None }, "{cell}"),
        Want::YesNote(text) => {
            assert!(got.is_allowed(), "{cell}: {got:?}");
            let note = got.note().unwrap_or_else(|| panic!("{cell}: no note"));
            assert!(
                note.contains(text),
                "{cell}: {note:?} should contain {text:?}"
            );
            assert_eq!(got.reason(), None, "{cell}");
            assert_eq!(got.text(), Some(note), "{cell}");
        }
        Want::No(text) => {
            assert!(!got.is_allowed(), "{cell}: {got:?}");
            let reason = got.reason().unwrap_or_else(|| panic!("{cell}: no reason"));
            assert!(
                reason.contains(text),
                "{cell}: {reason:?} should contain {text:?}"
            );
            assert_eq!(got.note(), None, "{cell}");
            assert_eq!(got.text(), Some(reason), "{cell}");
        }
    }
}

#[test]
fn every_cell_of_the_table() {
    let mut cells = 0;
    for (sname, status) in statuses() {
        for (kname, schedule) in schedules() {
            let want = expected(sname, kname);
            // The last run never changes the decision.
            for last in [
                None,
                Some(TaskExecutionResult::Succeeded),
                Some(TaskExecutionResult::Failed),
                Some(TaskExecutionResult::EntryLevelErrors),
            ] {
                let j = job(status.clone(), schedule.clone(), last.clone());
                for (i, action) in Action::ALL.into_iter().enumerate() {
                    let cell =
                        format!("status {sname} × schedule {kname} × {action} (last run {last:?})");
                    let got = decide(&j, action);
                    check(&cell, &got, want[i]);
                    assert_eq!(decide_for(&status, &schedule, action), got, "{cell}");
                }
                let allowed_by_table: Vec<_> = Action::ALL
                    .into_iter()
                    .zip(want)
                    .filter(|(_, w)| !matches!(w, Want::No(_)))
                    .map(|(a, _)| a)
                    .collect();
                assert_eq!(allowed(&j), allowed_by_table, "{sname} × {kname}");
                cells += 4;
            }
        }
    }
    assert_eq!(cells, 7 * 4 * 4 * 4);
}

#[test]
fn start_is_never_offered_on_an_active_job() {
    for (_, schedule) in schedules() {
        let d = decide(&job(StatusCode::Active, schedule, None), Action::Start);
        let reason = d.reason().expect("forbidden");
        assert!(reason.contains(START_WARNING), "{reason}");
    }
    // NotRun with an active schedule: the first cycle is running.
    let d = decide(
        &job(StatusCode::NotRun, ScheduleState::Active, None),
        Action::Start,
    );
    assert!(d.reason().unwrap().contains(START_WARNING));
    assert!(START_WARNING.contains("calling Start on a running job can make the service stop"));
}

#[test]
fn the_documented_samples_get_the_expected_actions() {
    // A freshly created job: Disabled / NotConfigured.
    let created = job(StatusCode::NotConfigured, ScheduleState::Disabled, None);
    assert_eq!(allowed(&created), [Action::Start, Action::Delete]);
    // The Get job sample: Paused with schedule Disabled.
    let paused = job(StatusCode::Paused, ScheduleState::Disabled, None);
    assert_eq!(
        allowed(&paused),
        [Action::Start, Action::Restart, Action::Delete]
    );
    // A running job.
    let running = job(
        StatusCode::Active,
        ScheduleState::Active,
        Some(TaskExecutionResult::Succeeded),
    );
    assert_eq!(
        allowed(&running),
        [Action::Pause, Action::Restart, Action::Delete]
    );
    // A quarantined job still on its (slowed) schedule.
    let quarantined = job(StatusCode::Quarantine, ScheduleState::Active, None);
    assert_eq!(allowed(&quarantined), Action::ALL);
}

#[test]
fn unknown_states_allow_only_delete() {
    for raw in ["Frozen", "", "NotConfigured2"] {
        let j = job(StatusCode::Unknown(raw.into()), ScheduleState::Active, None);
        assert_eq!(allowed(&j), [Action::Delete], "{raw:?}");
    }
}

#[test]
fn typed_confirmation_matching() {
    let id = "BoxOutDelta.0123456789abcdef0123456789abcdef";
    assert!(confirmation_matches(id, id));
    assert!(confirmation_matches(id, &format!("  {id}\n")));
    assert!(
        !confirmation_matches(id, &id.to_uppercase()),
        "case-sensitive"
    );
    assert!(!confirmation_matches(id, "BoxOutDelta"));
    assert!(!confirmation_matches(id, ""));
    assert!(
        !confirmation_matches("", ""),
        "a blank expected value never matches"
    );
    assert!(!confirmation_matches("  ", "  "));
    assert!(confirmation_matches(" Contoso ", "Contoso"));
}

#[test]
fn action_names() {
    let labels: Vec<_> = Action::ALL.iter().map(|a| a.label()).collect();
    assert_eq!(labels, ["Start", "Pause", "Restart", "Delete"]);
    assert_eq!(Action::Restart.to_string(), "Restart");
}
