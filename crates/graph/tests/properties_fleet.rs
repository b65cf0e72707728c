//! Property tests of the fleet view's logic: the filter never panics and
//! finds what is there, its URL form round-trips, the CSV export parses back
//! to the same cells, sorting does not depend on the input order, and the
//! refresh cadence stays within its bounds.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use syncdeck_graph::enums::{QuarantineReason, StatusCode, TaskExecutionResult};
use syncdeck_graph::fleet::{
    CSV_HEADER, FleetFilter, JobView, REFRESH_FAST_MS, REFRESH_MAX_BACKOFF_MS, RefreshInput,
    SortOrder, StateFilter, csv_cells, csv_file_name, next_refresh_ms, search_text, sort_entries,
    state_changes, to_csv, updated_ago,
};
use syncdeck_graph::model::{
    SynchronizationError, SynchronizationJob, SynchronizationProgress, SynchronizationQuarantine,
    SynchronizationStatus, SynchronizationTaskExecution,
};
use syncdeck_graph::{GraphTime, TemplateKind};

/// 2025-02-13T10:17:06Z.
const T0: i64 = 1_739_441_826_000;
/// The UTF-8 byte-order mark, which the export must not write.
const BOM: char = '\u{feff}';

/// Text that favours what breaks CSV and filters: separators, quotes, line
/// breaks, formula starters, blanks and non-ASCII letters.
fn nasty_text() -> impl Strategy<Value = String> {
    let ch = prop_oneof![
        4 => any::<char>(),
        3 => prop::sample::select(vec![
            ',', '"', '\r', '\n', '\t', '=', '+', '-', '@', '\'', ' ', ';', 'Σ', 'ß', 'İ', 'a', 'Z',
        ]),
    ];
    prop::collection::vec(ch, 0..16).prop_map(|cs| cs.into_iter().collect())
}

fn time() -> impl Strategy<Value = GraphTime> {
    prop_oneof![
        Just(GraphTime::Missing),
        (T0 - 90 * 86_400_000..T0 + 86_400_000).prop_map(GraphTime::from_unix_millis),
        Just(GraphTime::parse("0001-01-01T00:00:00Z")),
        nasty_text().prop_map(|t| GraphTime::parse(&t)),
    ]
}

fn code() -> impl Strategy<Value = StatusCode> {
    prop_oneof![
        Just(StatusCode::Active),
        Just(StatusCode::Paused),
        Just(StatusCode::Quarantine),
        Just(StatusCode::NotRun),
        Just(StatusCode::NotConfigured),
        nasty_text().prop_map(|t| StatusCode::from_graph_name(&t)),
    ]
}

fn run() -> impl Strategy<Value = SynchronizationTaskExecution> {
    (
        prop_oneof![
            Just(TaskExecutionResult::Succeeded),
            Just(TaskExecutionResult::Failed),
            Just(TaskExecutionResult::EntryLevelErrors),
            nasty_text().prop_map(|t| TaskExecutionResult::from_graph_name(&t)),
        ],
        time(),
        time(),
        prop::option::of((nasty_text(), nasty_text())),
        0i64..3,
    )
        .prop_map(
            |(state, began, ended, error, escrowed)| SynchronizationTaskExecution {
                state,
                time_began: began,
                time_ended: ended,
                error: error.map(|(code, message)| SynchronizationError {
                    code,
                    message,
                    tenant_actionable: true,
                }),
                count_escrowed: escrowed,
                ..Default::default()
            },
        )
}

fn quarantine() -> impl Strategy<Value = SynchronizationQuarantine> {
    (nasty_text(), time(), prop::option::of(nasty_text())).prop_map(|(reason, began, err)| {
        SynchronizationQuarantine {
            reason: QuarantineReason::from_graph_name(&reason),
            series_began: began.clone(),
            current_began: began,
            error: err.map(|code| SynchronizationError {
                code,
                message: "m".to_owned(),
                tenant_actionable: false,
            }),
            ..Default::default()
        }
    })
}

fn job() -> impl Strategy<Value = SynchronizationJob> {
    (
        nasty_text(),
        prop_oneof![
            Just(String::new()),
            Just("AD2AADProvisioning".to_owned()),
            Just("scim".to_owned()),
            Just("Workday2AAD".to_owned()),
            nasty_text(),
        ],
        code(),
        prop::option::of(run()),
        prop::option::of(quarantine()),
        -1i64..3,
        prop::option::of((-2i64..5, -2i64..5)),
    )
        .prop_map(
            |(id, template_id, code, last, quarantine, failures, progress)| SynchronizationJob {
                id,
                template_id,
                schedule: Default::default(),
                status: SynchronizationStatus {
                    code,
                    count_successive_complete_failures: failures,
                    last_execution: last,
                    quarantine,
                    progress: progress
                        .map(|(done, total)| {
                            vec![SynchronizationProgress {
                                completed_units: done,
                                total_units: total,
                                ..Default::default()
                            }]
                        })
                        .unwrap_or_default(),
                    ..Default::default()
                },
                synchronization_job_settings: Vec::new(),
            },
        )
}

fn filter() -> impl Strategy<Value = FleetFilter> {
    (
        nasty_text(),
        prop::collection::vec(prop::sample::select(StateFilter::ALL.to_vec()), 0..8),
        prop::collection::vec(prop::sample::select(TemplateKind::ALL.to_vec()), 0..8),
    )
        .prop_map(|(text, states, kinds)| FleetFilter {
            text,
            states,
            kinds,
        })
}

/// A tiny strict RFC 4180 parser: records end with CRLF (the last one too),
/// a quoted field doubles its quotes, and a CR or LF outside quotes that is
/// not part of a record's CRLF is an error.
fn parse_csv(text: &str) -> Result<Vec<Vec<String>>, String> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut quoted = false; // this field began with a quote
    let mut in_quotes = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if in_quotes {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    field.push('"');
                } else {
                    in_quotes = false;
                    match chars.peek() {
                        Some(',') | Some('\r') => {}
                        other => return Err(format!("{other:?} after a closing quote")),
                    }
                }
            } else {
                field.push(c);
            }
            continue;
        }
        match c {
            '"' if field.is_empty() && !quoted => {
                quoted = true;
                in_quotes = true;
            }
            '"' => return Err("quote inside an unquoted field".to_owned()),
            ',' => {
                record.push(std::mem::take(&mut field));
                quoted = false;
            }
            '\r' => {
                if chars.next() != Some('\n') {
                    return Err("bare CR outside quotes".to_owned());
                }
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
                quoted = false;
            }
            '\n' => return Err("bare LF outside quotes".to_owned()),
            c => field.push(c),
        }
    }
    if in_quotes {
        return Err("unterminated quote".to_owned());
    }
    if !field.is_empty() || !record.is_empty() || quoted {
        return Err("the last record does not end with CRLF".to_owned());
    }
    Ok(records)
}

/// True when `written` is `cell`, or `cell` behind the injection guard.
fn same_modulo_guard(cell: &str, written: &str) -> bool {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        written.strip_prefix('\'') == Some(cell)
    } else {
        written == cell
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn filter_never_panics_and_agrees_with_its_cached_form(
        f in filter(), name in nasty_text(), sp in nasty_text(), j in job()
    ) {
        let m = f.matches(&name, &sp, &j);
        prop_assert_eq!(m, f.matches_search_text(&search_text(&name, &sp, &j), &j));
        // The default filter lets everything through; is_empty agrees.
        prop_assert!(FleetFilter::default().matches(&name, &sp, &j));
        if f.is_empty() {
            prop_assert!(m);
        }
    }

    #[test]
    fn every_word_of_the_app_name_finds_its_job(name in nasty_text(), j in job()) {
        for word in name.split_whitespace() {
            let f = FleetFilter { text: word.to_owned(), ..Default::default() };
            prop_assert!(f.matches(&name, "sp", &j), "{:?} in {:?}", word, name);
        }
    }

    #[test]
    fn query_round_trips(f in filter()) {
        let pairs: Vec<(String, String)> = f
            .to_query()
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect();
        prop_assert_eq!(FleetFilter::from_query(&pairs), f);
    }

    #[test]
    fn from_query_never_panics(pairs in prop::collection::vec(
        (prop::sample::select(vec!["q", "state", "kind", "sort", ""]).prop_map(str::to_owned), nasty_text()),
        0..6,
    )) {
        let f = FleetFilter::from_query(&pairs);
        // Its own query form is stable.
        let again: Vec<(String, String)> = f
            .to_query()
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect();
        prop_assert_eq!(FleetFilter::from_query(&again), f);
    }

    #[test]
    fn csv_parses_back_to_the_same_cells(
        rows in prop::collection::vec(
            (nasty_text(), nasty_text(), prop::option::of(nasty_text()), job()),
            0..6,
        ),
        now in T0 - 86_400_000..T0 + 86_400_000,
    ) {
        let csv_rows: Vec<JobView<'_>> = rows
            .iter()
            .map(|(name, sp, app, j)| JobView {
                app_name: name,
                sp_id: sp,
                app_id: app.as_deref(),
                job: j,
            })
            .collect();
        let text = to_csv(&csv_rows, now);
        prop_assert!(!text.starts_with(BOM), "no BOM");
        let parsed = parse_csv(&text);
        prop_assert!(parsed.is_ok(), "{:?}: {:?}", parsed, text);
        let parsed = parsed.unwrap_or_default();
        prop_assert_eq!(parsed.len(), rows.len() + 1);
        prop_assert_eq!(&parsed[0], &CSV_HEADER.map(str::to_owned).to_vec());
        for (row, written) in csv_rows.iter().zip(&parsed[1..]) {
            let cells = csv_cells(row, now);
            prop_assert_eq!(written.len(), cells.len());
            for (cell, w) in cells.iter().zip(written) {
                prop_assert!(same_modulo_guard(cell, w), "{:?} written as {:?}", cell, w);
            }
            // No written cell starts a formula.
            for w in written {
                prop_assert!(!w.starts_with(['=', '+', '-', '@', '\t', '\r']), "{:?}", w);
            }
        }
    }

    #[test]
    fn sort_does_not_depend_on_the_input_order(
        entries in prop::collection::btree_map((nasty_text(), nasty_text()), job(), 0..12),
        order in prop::sample::select(SortOrder::ALL.to_vec()),
        seed in any::<u64>(),
    ) {
        // Unique (app name, job id) pairs: the sort's documented total order.
        let items: Vec<(String, SynchronizationJob)> = entries
            .into_iter()
            .map(|((name, id), mut j)| {
                j.id = id;
                (name, j)
            })
            .collect();
        let mut a = items.clone();
        let mut b = items;
        // A cheap deterministic shuffle from the seed.
        let mut s = seed | 1;
        for i in (1..b.len()).rev() {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            b.swap(i, (s % (i as u64 + 1)) as usize);
        }
        sort_entries(&mut a, order, |(n, j)| (j, n.as_str()));
        sort_entries(&mut b, order, |(n, j)| (j, n.as_str()));
        let key = |v: &[(String, SynchronizationJob)]| -> Vec<(String, String)> {
            v.iter().map(|(n, j)| (n.clone(), j.id.clone())).collect()
        };
        prop_assert_eq!(key(&a), key(&b));
        // Sorting twice changes nothing.
        let before = key(&a);
        sort_entries(&mut a, order, |(n, j)| (j, n.as_str()));
        prop_assert_eq!(key(&a), before);
        // The primary key of the state order is monotone.
        if order == SortOrder::State {
            let states: Vec<StateFilter> = a.iter().map(|(_, j)| StateFilter::of(j)).collect();
            prop_assert!(states.windows(2).all(|w| w[0] <= w[1]));
        }
    }

    #[test]
    fn refresh_stays_within_bounds(
        jobs in prop::collection::vec(job(), 0..5),
        since in prop::option::of(any::<u64>()),
        hidden in any::<bool>(),
        throttled in any::<u32>(),
        retry_after in prop::option::of(any::<u64>()),
    ) {
        let refs: Vec<&SynchronizationJob> = jobs.iter().collect();
        let got = next_refresh_ms(&RefreshInput {
            jobs: &refs,
            since_last_action_ms: since,
            hidden,
            throttled,
            retry_after_secs: retry_after,
        });
        if hidden {
            prop_assert_eq!(got, None);
        } else {
            let ms = got.unwrap_or_default();
            prop_assert!(ms >= REFRESH_FAST_MS);
            match retry_after {
                Some(secs) => prop_assert!(ms >= secs.saturating_mul(1_000)),
                None => prop_assert!(ms <= REFRESH_MAX_BACKOFF_MS),
            }
        }
    }

    #[test]
    fn state_changes_never_panic_and_see_nothing_unchanged(
        before in prop::collection::vec((nasty_text(), nasty_text(), job()), 0..6),
        after in prop::collection::vec((nasty_text(), nasty_text(), job()), 0..6),
    ) {
        let b: Vec<JobView<'_>> = before.iter().map(|(n, sp, j)| JobView { app_name: n, sp_id: sp, app_id: None, job: j }).collect();
        let a: Vec<JobView<'_>> = after.iter().map(|(n, sp, j)| JobView { app_name: n, sp_id: sp, app_id: None, job: j }).collect();
        let _ = state_changes(&b, &a);
        prop_assert!(state_changes(&a, &a).is_empty());
        prop_assert!(state_changes(&b, &b).is_empty());
        // Everything is new from nothing; everything is gone to nothing.
        let distinct = |v: &[JobView<'_>]| {
            let mut keys: Vec<(&str, &str)> = v.iter().map(|r| (r.sp_id, r.job.id.as_str())).collect();
            keys.sort_unstable();
            keys.dedup();
            keys.len()
        };
        prop_assert_eq!(state_changes(&[], &a).len(), distinct(&a));
        prop_assert_eq!(state_changes(&b, &[]).len(), distinct(&b));
    }

    #[test]
    fn stamps_never_panic(now in any::<i64>(), then in any::<i64>()) {
        let s = updated_ago(now, then);
        prop_assert!(s.starts_with("updated "));
        let name = csv_file_name(now);
        prop_assert!(name.starts_with("syncdeck-jobs-") && name.ends_with("Z.csv"), "{}", name);
    }
}
