//! Health: attention levels, their order, the sort helper, the quarantine
//! clock and the fleet summary.

use syncdeck_graph::enums::{StatusCode, TaskExecutionResult};
use syncdeck_graph::health::{
    Attention, AttentionKey, QuarantineClock, Summary, attention, sort_by_attention,
};
use syncdeck_graph::model::{
    SynchronizationJob, SynchronizationQuarantine, SynchronizationStatus,
    SynchronizationTaskExecution,
};
use syncdeck_graph::{GraphTime, parse_job};

const DAY: i64 = 86_400_000;
/// 2025-02-13T10:17:06Z.
const T0: i64 = 1_739_441_826_000;

fn run(state: TaskExecutionResult, escrowed: i64) -> SynchronizationTaskExecution {
    SynchronizationTaskExecution {
        state,
        count_escrowed: escrowed,
        ..Default::default()
    }
}

fn job(
    id: &str,
    code: StatusCode,
    last: Option<SynchronizationTaskExecution>,
) -> SynchronizationJob {
    SynchronizationJob {
        id: id.into(),
        template_id: String::new(),
        schedule: Default::default(),
        status: SynchronizationStatus {
            code,
            last_execution: last,
            ..Default::default()
        },
        synchronization_job_settings: Vec::new(),
    }
}

fn ok() -> Option<SynchronizationTaskExecution> {
    Some(run(TaskExecutionResult::Succeeded, 0))
}

#[test]
fn each_level_and_its_trigger() {
    use Attention::*;
    use StatusCode as S;
    use TaskExecutionResult as R;
    let cases: Vec<(&str, SynchronizationJob, Attention)> = vec![
        ("quarantine", job("a", S::Quarantine, ok()), Quarantined),
        (
            "quarantine beats failing",
            job("a", S::Quarantine, Some(run(R::Failed, 9))),
            Quarantined,
        ),
        (
            "quarantine without a run",
            job("a", S::Quarantine, None),
            Quarantined,
        ),
        (
            "last run failed",
            job("a", S::Active, Some(run(R::Failed, 0))),
            Failing,
        ),
        (
            "paused and failed",
            job("a", S::Paused, Some(run(R::Failed, 0))),
            Failing,
        ),
        (
            "failing beats escrows",
            job("a", S::Active, Some(run(R::Failed, 5))),
            Failing,
        ),
        (
            "unknown state",
            job("a", S::Unknown("Frozen".into()), ok()),
            Unknown,
        ),
        (
            "blank state",
            job("a", S::Unknown(String::new()), None),
            Unknown,
        ),
        (
            "unknown run result",
            job("a", S::Active, Some(run(R::Unknown("Partial".into()), 0))),
            Unknown,
        ),
        (
            "entry-level errors",
            job("a", S::Active, Some(run(R::EntryLevelErrors, 0))),
            Escrows,
        ),
        (
            "escrowed entries after a good run",
            job("a", S::Active, Some(run(R::Succeeded, 3))),
            Escrows,
        ),
        (
            "escrows beat paused",
            job("a", S::Paused, Some(run(R::EntryLevelErrors, 1))),
            Escrows,
        ),
        ("paused", job("a", S::Paused, ok()), Paused),
        ("paused never run", job("a", S::Paused, None), Paused),
        ("not configured", job("a", S::NotConfigured, None), NeverRun),
        (
            "not configured with a run",
            job("a", S::NotConfigured, ok()),
            NeverRun,
        ),
        ("not run yet", job("a", S::NotRun, None), NeverRun),
        ("active without a run", job("a", S::Active, None), NeverRun),
        ("active and fine", job("a", S::Active, ok()), Healthy),
        ("not run but a good run", job("a", S::NotRun, ok()), Healthy),
        (
            "a blank run result is not a failure",
            job("a", S::Active, Some(run(R::Unknown(String::new()), 0))),
            Healthy,
        ),
    ];
    for (what, j, want) in cases {
        assert_eq!(attention(&j), want, "{what}");
    }
}

#[test]
fn successive_failures_count_as_failing() {
    let mut j = job("a", StatusCode::Active, ok());
    assert_eq!(attention(&j), Attention::Healthy);
    j.status.count_successive_complete_failures = 1;
    assert_eq!(attention(&j), Attention::Failing);
    j.status.code = StatusCode::Paused;
    assert_eq!(attention(&j), Attention::Failing);
    j.status.last_execution = None;
    assert_eq!(attention(&j), Attention::Failing);
}

#[test]
fn ranks_labels_and_order() {
    let ranks: Vec<_> = Attention::ALL.iter().map(|a| a.rank()).collect();
    assert_eq!(ranks, [0, 1, 1, 2, 3, 4, 5]);
    let labels: Vec<_> = Attention::ALL.iter().map(|a| a.label()).collect();
    assert_eq!(
        labels,
        [
            "Quarantined",
            "Failing",
            "Unknown state",
            "Escrows",
            "Paused",
            "Never run",
            "Healthy"
        ]
    );
    assert_eq!(Attention::Paused.to_string(), "Paused");
    let mut sorted = Attention::ALL.to_vec();
    sorted.reverse();
    sorted.sort();
    assert_eq!(sorted, Attention::ALL);
    for a in Attention::ALL {
        for b in Attention::ALL {
            if a.rank() < b.rank() {
                assert!(a < b, "{a:?} < {b:?}");
            }
            if a < b {
                assert!(a.rank() <= b.rank(), "{a:?} <= {b:?}");
            }
        }
        assert_eq!(a.needs_attention(), a != Attention::Healthy);
    }
}

#[test]
fn sorting_puts_the_most_urgent_first_then_name_then_job_id() {
    let mut entries = vec![
        ("beta", job("j5", StatusCode::Active, ok())),
        ("Alpha", job("j4", StatusCode::Paused, ok())),
        ("zulu", job("j3", StatusCode::Quarantine, ok())),
        ("alpha", job("j2", StatusCode::Active, ok())),
        ("Alpha", job("j1", StatusCode::Active, ok())),
        ("Alpha", job("j0", StatusCode::Active, ok())),
        ("mike", job("j6", StatusCode::NotConfigured, None)),
        (
            "kilo",
            job(
                "j7",
                StatusCode::Active,
                Some(run(TaskExecutionResult::Failed, 0)),
            ),
        ),
    ];
    sort_by_attention(&mut entries, |(name, job)| (job, *name));
    let order: Vec<_> = entries.iter().map(|(n, j)| (*n, j.id.as_str())).collect();
    assert_eq!(
        order,
        [
            ("zulu", "j3"),
            ("kilo", "j7"),
            ("Alpha", "j4"),
            ("mike", "j6"),
            // Healthy: name ignoring case, then exact name ("A" < "a"), then id.
            ("Alpha", "j0"),
            ("Alpha", "j1"),
            ("alpha", "j2"),
            ("beta", "j5"),
        ]
    );
    // The key is a total order consistent with its parts.
    let a = AttentionKey::new(&job("x", StatusCode::Quarantine, ok()), "zzz");
    let b = AttentionKey::new(&job("a", StatusCode::Active, ok()), "aaa");
    assert!(a < b);
    assert_eq!(a.attention, Attention::Quarantined);
    assert_eq!(b.name_folded, "aaa");
}

fn quarantine(series_began: GraphTime) -> SynchronizationQuarantine {
    SynchronizationQuarantine {
        current_began: GraphTime::from_unix_millis(T0 + DAY),
        next_attempt: GraphTime::from_unix_millis(T0 + 2 * DAY),
        series_began,
        series_count: 3,
        ..Default::default()
    }
}

#[test]
fn quarantine_clock_counts_four_weeks_from_series_began() {
    let q = quarantine(GraphTime::from_unix_millis(T0));
    let c = QuarantineClock::of(&q, T0 + 3 * DAY + 5);
    assert_eq!(c.since, GraphTime::from_unix_millis(T0));
    assert_eq!(c.current_began, q.current_began);
    assert_eq!(c.next_attempt, q.next_attempt);
    assert_eq!(c.series_count, 3);
    assert_eq!(c.days_in, Some(3));
    assert_eq!(c.days_left, Some(24));
    assert_eq!(c.auto_disable_at, Some(T0 + 28 * DAY));
    assert!(!c.overdue);
    assert_eq!(
        c.deadline_text().as_deref(),
        Some("disabled after 2025-03-13 10:17 UTC (in 24 days)")
    );
    // The last day.
    let c = QuarantineClock::of(&q, T0 + 27 * DAY);
    assert_eq!(c.days_left, Some(1));
    assert!(c.deadline_text().unwrap().ends_with("(in 1 day)"));
    // Exactly four weeks: not yet "more than four weeks".
    let c = QuarantineClock::of(&q, T0 + 28 * DAY);
    assert_eq!(c.days_left, Some(0));
    assert!(!c.overdue);
    // Past it.
    let c = QuarantineClock::of(&q, T0 + 28 * DAY + 1);
    assert_eq!(c.days_left, Some(0));
    assert!(c.overdue);
    assert_eq!(c.days_in, Some(28));
    assert!(
        c.deadline_text()
            .unwrap()
            .contains("past the four-week limit")
    );
    // A series that begins in the future (clock skew): no negative days.
    let c = QuarantineClock::of(&q, T0 - 5 * DAY);
    assert_eq!(c.days_in, Some(0));
    assert_eq!(c.days_left, Some(33));
}

#[test]
fn quarantine_clock_never_panics_on_odd_times() {
    for began in [
        GraphTime::Missing,
        GraphTime::Invalid(String::new()),
        GraphTime::Invalid("String (timestamp)".into()),
        GraphTime::parse("0001-01-01T00:00:00Z"),
    ] {
        let c = QuarantineClock::of(&quarantine(began.clone()), T0);
        assert_eq!(c.days_in, None, "{began:?}");
        assert_eq!(c.days_left, None, "{began:?}");
        assert_eq!(c.auto_disable_at, None, "{began:?}");
        assert!(!c.overdue);
        assert_eq!(c.deadline_text(), None);
        assert_eq!(c.since, began);
    }
    for now in [i64::MIN, i64::MAX, 0, -1] {
        let c = QuarantineClock::of(&quarantine(GraphTime::from_unix_millis(T0)), now);
        assert_eq!(c.auto_disable_at, Some(T0 + 28 * DAY));
        let _ = c.deadline_text();
    }
    let far = GraphTime::from_unix_millis(i64::MAX - 1);
    let c = QuarantineClock::of(&quarantine(far), i64::MIN);
    assert_eq!(c.auto_disable_at, None);
}

#[test]
fn the_get_job_sample_quarantine_has_no_clock() {
    let body = std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(
        "tests/fixtures/graph-docs/v1.0--synchronization-synchronizationjob-get--1-response.json",
    ))
    .unwrap();
    let j = parse_job(&body).unwrap();
    assert_eq!(attention(&j), Attention::Paused);
    let c = QuarantineClock::of(j.status.quarantine.as_ref().unwrap(), T0);
    assert_eq!(c.series_count, 2);
    assert_eq!(c.days_left, None);
    assert!(!c.overdue);
}

#[test]
fn summary_counts_and_line() {
    let jobs = vec![
        job("1", StatusCode::Quarantine, ok()),
        job(
            "2",
            StatusCode::Active,
            Some(run(TaskExecutionResult::Failed, 0)),
        ),
        job(
            "3",
            StatusCode::Active,
            Some(run(TaskExecutionResult::Failed, 0)),
        ),
        job("4", StatusCode::Paused, ok()),
        job("5", StatusCode::Active, ok()),
        job("6", StatusCode::Active, ok()),
        job("7", StatusCode::NotConfigured, None),
        job("8", StatusCode::Unknown("Frozen".into()), None),
        job(
            "9",
            StatusCode::Active,
            Some(run(TaskExecutionResult::EntryLevelErrors, 2)),
        ),
    ];
    let s = Summary::of(&jobs);
    assert_eq!(s.total, 9);
    assert_eq!(s.quarantined, 1);
    assert_eq!(s.failing, 2);
    assert_eq!(s.unknown, 1);
    assert_eq!(s.escrows, 1);
    assert_eq!(s.paused, 1);
    assert_eq!(s.never_run, 1);
    assert_eq!(s.healthy, 2);
    assert_eq!(s.active, 5, "status Active, overlapping the other counts");
    let by_level: usize = Attention::ALL.iter().map(|a| s.count(*a)).sum();
    assert_eq!(by_level, s.total, "attention buckets partition the jobs");
    assert_eq!(
        s.line(),
        "9 jobs: 1 quarantined, 2 failing, 1 in an unknown state, 1 with escrows, 1 paused, 5 active, 1 never run"
    );
    assert_eq!(Summary::default().line(), "0 jobs");
    assert_eq!(Summary::of([&jobs[4]]).line(), "1 job: 1 active");
    let mut incremental = Summary::default();
    for j in &jobs {
        incremental.add(j);
    }
    assert_eq!(incremental, s);
}
