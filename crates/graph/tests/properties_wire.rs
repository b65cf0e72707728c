//! Property tests of the wire layer: batch decoding never panics, batch
//! encoding round-trips, URL builders keep ids inside one segment, retry
//! decisions stay within the policy's bounds.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use serde_json::Value;
use syncdeck_graph::batch::{BatchRequest, decode_batch_request, decode_batch_response};
use syncdeck_graph::request::{self, GraphRequest};
use syncdeck_graph::restart::RestartCriteria;
use syncdeck_graph::retry::{
    Outcome, RequestKind, RetryDecision, RetryInput, RetryPolicy, decide, parse_retry_after_ms,
};

/// Arbitrary JSON values, a few levels deep.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        ".{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(
                prop_oneof![
                    Just("responses".to_owned()),
                    Just("id".to_owned()),
                    Just("status".to_owned()),
                    Just("headers".to_owned()),
                    Just("body".to_owned()),
                    ".{0,6}"
                ],
                inner,
                0..6
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Something shaped like a batch answer, with arbitrary members.
fn batch_like() -> impl Strategy<Value = Value> {
    prop::collection::vec(
        (json_value(), json_value(), json_value(), json_value()),
        0..5,
    )
    .prop_map(|items| {
        let responses: Vec<Value> = items
            .into_iter()
            .map(|(id, status, headers, body)| {
                serde_json::json!({"id": id, "status": status, "headers": headers, "body": body})
            })
            .collect();
        serde_json::json!({ "responses": responses })
    })
}

/// The builders that put an id in a path, with the prefix and suffix around
/// the encoded id.
fn paths_for(id: &str) -> Vec<(Option<GraphRequest>, String, String)> {
    let sp_prefix = "/servicePrincipals/".to_owned();
    let job_prefix = "/servicePrincipals/sp/synchronization/jobs/".to_owned();
    vec![
        (
            request::list_jobs(id).ok(),
            sp_prefix.clone(),
            "/synchronization/jobs".into(),
        ),
        (
            request::list_templates(id).ok(),
            sp_prefix.clone(),
            "/synchronization/templates".into(),
        ),
        (
            request::create_job(id, "scim").ok(),
            sp_prefix,
            "/synchronization/jobs".into(),
        ),
        (
            request::get_job("sp", id).ok(),
            job_prefix.clone(),
            String::new(),
        ),
        (
            request::start_job("sp", id).ok(),
            job_prefix.clone(),
            "/start".into(),
        ),
        (
            request::restart_job("sp", id, &RestartCriteria::default()).ok(),
            job_prefix.clone(),
            "/restart".into(),
        ),
        (
            request::get_schema("sp", id).ok(),
            job_prefix,
            "/schema".into(),
        ),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn decode_batch_response_never_panics_on_text(text in ".{0,200}") {
        let _ = decode_batch_response(&text);
        let _ = decode_batch_request(&text);
    }

    #[test]
    fn decode_batch_response_never_panics_on_json(v in json_value()) {
        let _ = decode_batch_response(&v.to_string());
        let _ = decode_batch_request(&v.to_string());
    }

    #[test]
    fn decode_batch_like_json_never_panics_and_keeps_statuses_valid(v in batch_like()) {
        if let Ok(items) = decode_batch_response(&v.to_string()) {
            for item in items {
                prop_assert!((100..=999).contains(&item.status));
                let _ = item.graph_error();
                let _ = item.retry_after_secs();
            }
        }
    }

    #[test]
    fn batch_encoding_round_trips_ids_and_urls(
        entries in prop::collection::vec((".{1,8}", ".{1,16}", ".{1,16}"), 1..=20)
    ) {
        // Unique, non-blank ids.
        let mut seen = std::collections::HashSet::new();
        let items: Vec<(String, GraphRequest)> = entries
            .into_iter()
            .filter(|(id, _, _)| !id.trim().is_empty() && seen.insert(id.clone()))
            .filter_map(|(id, sp, job)| Some((id, request::get_job(&sp, &job).ok()?)))
            .collect();
        prop_assume!(!items.is_empty());
        let batch = BatchRequest::new(items.clone()).unwrap();
        let decoded = decode_batch_request(&batch.to_json().to_string()).unwrap();
        prop_assert_eq!(decoded.len(), items.len());
        for (d, (id, req)) in decoded.iter().zip(&items) {
            prop_assert_eq!(&d.id, id);
            prop_assert_eq!(&d.url, &req.path);
            prop_assert_eq!(d.method(), Some(req.method));
        }
    }

    #[test]
    fn ids_never_escape_their_segment(id in any::<String>()) {
        for (req, prefix, suffix) in paths_for(&id) {
            let Some(req) = req else {
                prop_assert!(id.is_empty() || id == "." || id == "..");
                continue;
            };
            prop_assert!(req.path.starts_with(&prefix), "{}", req.path);
            prop_assert!(req.path.ends_with(&suffix), "{}", req.path);
            let segment = &req.path[prefix.len()..req.path.len() - suffix.len()];
            prop_assert!(!segment.is_empty());
            prop_assert!(
                !segment.contains(['/', '?', '#']),
                "{:?} gave {}", id, req.path
            );
            prop_assert!(segment.is_ascii());
            prop_assert!(segment != "." && segment != "..");
        }
    }

    #[test]
    fn filter_values_never_break_the_query(text in any::<String>()) {
        let r = request::provisioning_logs_for_job(&text, 50);
        let query = r.path.strip_prefix("/auditLogs/provisioning?").unwrap();
        prop_assert!(!query.contains(['#', ' ', '/', '?']));
        prop_assert_eq!(query.matches('&').count(), 2);
        prop_assert!(query.is_ascii());
    }

    #[test]
    fn retry_decisions_stay_within_bounds(
        write in any::<bool>(),
        status in prop_oneof![
            Just(None),
            prop::sample::select(vec![200u16, 400, 401, 403, 404, 409, 429, 500, 502, 503, 504])
                .prop_map(Some),
            (0u16..1000).prop_map(Some),
        ],
        retry_after in prop_oneof![
            Just(None),
            (0u64..200).prop_map(|s| Some(s.to_string())),
            ".{0,30}".prop_map(Some),
            Just(Some("Wed, 21 Oct 2015 07:29:00 GMT".to_owned())),
        ],
        attempt in 0u32..12,
        waited_ms in 0u64..120_000,
        r in any::<f64>(),
        max_attempts in 0u32..8,
        max_total_wait_ms in 0u64..100_000,
        base_backoff_ms in 0u64..5_000,
        max_backoff_ms in 0u64..60_000,
    ) {
        let policy = RetryPolicy { max_attempts, max_total_wait_ms, base_backoff_ms, max_backoff_ms };
        let kind = if write { RequestKind::Write } else { RequestKind::Read };
        let outcome = status.map_or(Outcome::NetworkError, Outcome::Status);
        let now_ms = 1_445_412_480_000; // 2015-10-21T07:28:00Z
        let input = RetryInput {
            kind,
            outcome,
            retry_after: retry_after.as_deref(),
            attempt,
            waited_ms,
            now_ms,
        };
        match decide(&policy, &input, &mut move || r) {
            RetryDecision::RetryAfterMs(wait) => {
                prop_assert!(attempt < max_attempts);
                prop_assert!(waited_ms + wait <= max_total_wait_ms);
                prop_assert!(wait > 0 || retry_after.is_some() || base_backoff_ms <= 1 || max_backoff_ms <= 1);
                match outcome {
                    Outcome::Status(429) => {}
                    Outcome::Status(500..=599) | Outcome::NetworkError => {
                        prop_assert_eq!(kind, RequestKind::Read)
                    }
                    other => prop_assert!(false, "retried {:?}", other),
                }
                let asked = retry_after.as_deref().and_then(|v| parse_retry_after_ms(v, now_ms));
                match asked {
                    Some(asked) => prop_assert_eq!(wait, asked),
                    None => prop_assert!(wait <= max_backoff_ms),
                }
            }
            RetryDecision::GiveUp(reason) => prop_assert!(!reason.to_string().is_empty()),
        }
    }

    #[test]
    fn writes_are_retried_only_after_429(
        status in prop_oneof![
            Just(None),
            prop::sample::select(vec![400u16, 429, 500, 502, 503, 504]).prop_map(Some),
            (0u16..1000).prop_map(Some),
        ],
        retry_after in prop_oneof![Just(None), (0u64..30).prop_map(|s| Some(s.to_string()))],
        r in 0.0f64..1.0,
    ) {
        let outcome = status.map_or(Outcome::NetworkError, Outcome::Status);
        let input = RetryInput {
            kind: RequestKind::Write,
            outcome,
            retry_after: retry_after.as_deref(),
            attempt: 1,
            waited_ms: 0,
            now_ms: 0,
        };
        let retried = matches!(
            decide(&RetryPolicy::default(), &input, &mut move || r),
            RetryDecision::RetryAfterMs(_)
        );
        prop_assert_eq!(retried, outcome == Outcome::Status(429));
    }

    /// With the scan's policy, a read that fails (any 5xx, no answer, 429) is always tried
    /// again, however many attempts and however long it waited, after at most the backoff cap
    /// or Graph's own `Retry-After`; a write only after a 429.
    #[test]
    fn reads_are_retried_until_they_succeed_and_writes_never(
        write in any::<bool>(),
        outcome in prop_oneof![
            (500u16..600).prop_map(Outcome::Status),
            Just(Outcome::Status(429)),
            Just(Outcome::NetworkError),
        ],
        retry_after in prop_oneof![Just(None), (0u64..120).prop_map(|s| Some(s.to_string()))],
        attempt in 1u32..u32::MAX,
        waited_ms in 0u64..u64::MAX / 2,
        r in 0.0f64..1.0,
    ) {
        let kind = if write { RequestKind::Write } else { RequestKind::Read };
        let input = RetryInput {
            kind,
            outcome,
            retry_after: retry_after.as_deref(),
            attempt,
            waited_ms,
            now_ms: 0,
        };
        let policy = RetryPolicy::UNTIL_SUCCESS;
        match decide(&policy, &input, &mut move || r) {
            RetryDecision::RetryAfterMs(wait) => {
                prop_assert!(!write || outcome == Outcome::Status(429));
                let asked = retry_after.as_deref().and_then(|v| parse_retry_after_ms(v, 0));
                prop_assert_eq!(wait <= policy.max_backoff_ms || Some(wait) == asked, true);
            }
            RetryDecision::GiveUp(_) => prop_assert!(write && outcome != Outcome::Status(429)),
        }
    }

    /// The scan planner under any mix of transient failures: every app's jobs are reported
    /// exactly once, none is given up, and no app is said to be retrying after its jobs came.
    #[test]
    fn every_app_is_read_once_whatever_fails_on_the_way(
        apps in 1usize..60,
        fates in prop::collection::vec(0u8..8, 1..400),
    ) {
        use std::collections::HashMap;
        use syncdeck_graph::batch::BatchItemResponse;
        use syncdeck_graph::model::ServicePrincipal;
        use syncdeck_graph::scan_plan::{ScanConfig, ScanEvent, ScanPlanner, TransportFailure};

        let mut p = ScanPlanner::new(ScanConfig::default());
        let sps: Vec<ServicePrincipal> =
            (0..apps).map(|i| ServicePrincipal::with_id(format!("sp{i}"))).collect();
        p.add_service_principals(sps);
        p.listing_complete();
        let mut read: HashMap<String, usize> = HashMap::new();
        // Once the fates run out, Graph answers again.
        let mut fates = fates.into_iter();
        let mut now = 0u64;
        for _ in 0..10_000 {
            if p.is_done() {
                break;
            }
            let Some(b) = p.next_batch(now) else {
                now = p.next_wake_ms().unwrap_or(now + 1).max(now + 1);
                continue;
            };
            let fate = fates.next().unwrap_or(4);
            let result = if fate == 7 {
                Err(TransportFailure::Network("dropped".into()))
            } else {
                Ok(b.service_principals.iter().enumerate().map(|(i, (rid, _))| {
                    let status = match (fate, (fate as usize + i) % 8) {
                        (4, _) => 200,
                        (_, 0) => 500, (_, 1) => 502, (_, 2) => 503, (_, 3) => 429,
                        _ => 200,
                    };
                    let body = if status == 200 {
                        serde_json::json!({"value": []})
                    } else {
                        serde_json::json!({"error": {"code": "x", "message": "m"}})
                    };
                    BatchItemResponse { id: rid.clone(), status, headers: vec![], body }
                }).collect())
            };
            for e in p.apply(b.id, result, now) {
                match e {
                    ScanEvent::Jobs { sp, .. } => *read.entry(sp.id).or_default() += 1,
                    ScanEvent::Retrying { sp, .. } => prop_assert!(!read.contains_key(&sp.id)),
                    ScanEvent::Failed { sp, error, .. } => {
                        prop_assert!(false, "{} given up: {}", sp.id, error.code)
                    }
                }
            }
        }
        prop_assert!(p.is_done());
        prop_assert_eq!(read.len(), apps);
        prop_assert!(read.values().all(|n| *n == 1));
        prop_assert_eq!(p.waiting(), 0);
    }
}
