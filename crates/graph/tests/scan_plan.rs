//! The fleet-scan planner: batching, concurrency, retries, events, progress.

use std::collections::HashSet;

use serde_json::{Value, json};
use syncdeck_graph::batch::BatchItemResponse;
use syncdeck_graph::hints::{HintKind, INVALID_RESPONSE, NETWORK_ERROR};
use syncdeck_graph::model::ServicePrincipal;
use syncdeck_graph::retry::RetryPolicy;
use syncdeck_graph::scan_plan::{
    INVALID_ID, PlannedBatch, ScanConfig, ScanEvent, ScanPlanner, TransportFailure,
    minimum_requests,
};

fn sp(id: &str) -> ServicePrincipal {
    serde_json::from_value(json!({"id": id, "displayName": format!("App {id}")})).unwrap()
}

fn sps(range: std::ops::Range<usize>) -> Vec<ServicePrincipal> {
    range.map(|i| sp(&format!("sp{i}"))).collect()
}

fn planner(concurrency: usize) -> ScanPlanner {
    ScanPlanner::new(ScanConfig {
        concurrency,
        ..ScanConfig::default()
    })
}

/// A 200 answer listing one job named after the app.
fn ok(id: &str, sp_id: &str) -> BatchItemResponse {
    BatchItemResponse {
        id: id.into(),
        status: 200,
        headers: vec![("Content-Type".into(), "application/json".into())],
        body: json!({"value": [{"id": format!("scim.{sp_id}"), "templateId": "scim"}]}),
    }
}

fn failed(id: &str, status: u16, retry_after: Option<&str>) -> BatchItemResponse {
    BatchItemResponse {
        id: id.into(),
        status,
        headers: retry_after
            .map(|r| vec![("Retry-After".to_owned(), r.to_owned())])
            .unwrap_or_default(),
        body: json!({"error": {"code": match status {
            403 => "Authorization_RequestDenied",
            404 => "Request_ResourceNotFound",
            429 => "TooManyRequests",
            _ => "UnknownError",
        }, "message": "m", "innerError": {"request-id": "rq"}}}),
    }
}

fn all_ok(b: &PlannedBatch) -> Vec<BatchItemResponse> {
    b.service_principals
        .iter()
        .map(|(rid, spid)| ok(rid, spid))
        .collect()
}

fn jobs_of(events: &[ScanEvent]) -> Vec<(String, Vec<String>)> {
    events
        .iter()
        .filter_map(|e| match e {
            ScanEvent::Jobs { sp, jobs, .. } => {
                Some((sp.id.clone(), jobs.iter().map(|j| j.id.clone()).collect()))
            }
            ScanEvent::Retrying { .. } | ScanEvent::Failed { .. } => None,
        })
        .collect()
}

#[test]
fn forty_five_apps_make_three_batches() {
    let mut p = planner(4);
    assert!(p.add_service_principals(sps(0..45)).is_empty());
    p.listing_complete();
    let batches: Vec<PlannedBatch> = std::iter::from_fn(|| p.next_batch(0)).collect();
    assert_eq!(
        batches.iter().map(PlannedBatch::len).collect::<Vec<_>>(),
        [20, 20, 5]
    );
    assert_eq!(p.in_flight(), 3);
    assert_eq!(p.queued(), 0);
    // Batch ids and request ids are unique; every app is asked once.
    let batch_ids: HashSet<u64> = batches.iter().map(|b| b.id).collect();
    assert_eq!(batch_ids.len(), 3);
    let mut rids = HashSet::new();
    let mut apps = HashSet::new();
    for b in &batches {
        for ((rid, spid), (brid, req)) in b.service_principals.iter().zip(b.request.items()) {
            assert_eq!(rid, brid);
            assert!(rids.insert(rid.clone()));
            assert!(apps.insert(spid.clone()));
            assert_eq!(
                req.path,
                format!("/servicePrincipals/{spid}/synchronization/jobs")
            );
        }
        let r = b.to_request();
        assert_eq!(r.path, "/$batch");
        assert!(!r.is_write());
    }
    assert_eq!(apps.len(), 45);
    assert_eq!(p.progress(), (0, 45));
    assert!(!p.is_done());
}

#[test]
fn only_full_batches_while_listing_runs() {
    let mut p = planner(8);
    p.add_service_principals(sps(0..45));
    assert_eq!(p.next_batch(0).unwrap().len(), 20);
    assert_eq!(p.next_batch(0).unwrap().len(), 20);
    assert!(p.next_batch(0).is_none(), "5 apps wait for more pages");
    p.add_service_principals(sps(45..62));
    assert_eq!(p.next_batch(0).unwrap().len(), 20);
    assert!(p.next_batch(0).is_none(), "2 apps wait");
    p.listing_complete();
    assert_eq!(p.next_batch(0).unwrap().len(), 2);
    assert!(p.next_batch(0).is_none());
}

#[test]
fn a_clean_scan_costs_the_protocol_minimum() {
    // 1100 apps in two pages (999 + 101): 2 pages + 55 batches.
    let mut p = planner(usize::MAX);
    let mut batches = 0u64;
    p.add_service_principals(sps(0..999));
    while let Some(b) = p.next_batch(0) {
        batches += 1;
        let r = all_ok(&b);
        p.apply(b.id, Ok(r), 0);
    }
    p.add_service_principals(sps(999..1100));
    p.listing_complete();
    while let Some(b) = p.next_batch(0) {
        batches += 1;
        let r = all_ok(&b);
        p.apply(b.id, Ok(r), 0);
    }
    assert!(p.is_done());
    assert_eq!(2 + batches, minimum_requests(1100));
    assert_eq!(minimum_requests(1100), 57);
}

#[test]
fn concurrency_is_bounded() {
    let mut p = planner(2);
    p.add_service_principals(sps(0..100));
    p.listing_complete();
    let a = p.next_batch(0).unwrap();
    let b = p.next_batch(0).unwrap();
    assert!(p.next_batch(0).is_none());
    assert_eq!(p.in_flight(), 2);
    let r = all_ok(&b);
    assert_eq!(p.apply(b.id, Ok(r), 5).len(), 20);
    assert_eq!(p.in_flight(), 1);
    let c = p.next_batch(5).unwrap();
    assert!(p.next_batch(5).is_none());
    assert_eq!(p.in_flight(), 2);
    assert_ne!(c.id, a.id);
    // Zero is raised to one.
    let mut p = planner(0);
    assert_eq!(p.config().concurrency, 1);
    p.add_service_principals(sps(0..40));
    assert!(p.next_batch(0).is_some());
    assert!(p.next_batch(0).is_none());
}

#[test]
fn batch_size_is_configurable_within_twenty() {
    let mut p = ScanPlanner::new(ScanConfig {
        batch_size: 50,
        ..ScanConfig::default()
    });
    assert_eq!(p.config().batch_size, 20);
    let mut p5 = ScanPlanner::new(ScanConfig {
        batch_size: 5,
        ..ScanConfig::default()
    });
    p.add_service_principals(sps(0..7));
    p5.add_service_principals(sps(0..7));
    assert_eq!(p5.next_batch(0).unwrap().len(), 5);
    assert!(p.next_batch(0).is_none());
}

#[test]
fn responses_out_of_order_reach_the_right_app() {
    let mut p = planner(4);
    p.add_service_principals(sps(0..20));
    p.listing_complete();
    let b = p.next_batch(0).unwrap();
    let mut responses = all_ok(&b);
    responses.reverse();
    responses.swap(3, 11);
    let events = p.apply(b.id, Ok(responses), 10);
    let mut got = jobs_of(&events);
    got.sort();
    let mut want: Vec<(String, Vec<String>)> = (0..20)
        .map(|i| (format!("sp{i}"), vec![format!("scim.sp{i}")]))
        .collect();
    want.sort();
    assert_eq!(got, want);
    // The event carries the whole service principal.
    assert_eq!(
        events[0].service_principal().display_name,
        Some(format!("App {}", &events[0].service_principal().id))
    );
    assert_eq!(p.progress(), (20, 20));
    assert!(p.is_done());
}

#[test]
fn a_throttled_item_is_requeued_alone_after_its_retry_after() {
    let mut p = planner(4);
    p.add_service_principals(sps(0..5));
    p.listing_complete();
    let b = p.next_batch(1_000).unwrap();
    let (throttled_rid, throttled_sp) = b.service_principals[2].clone();
    let responses: Vec<_> = b
        .service_principals
        .iter()
        .map(|(rid, spid)| {
            if *rid == throttled_rid {
                failed(rid, 429, Some("10"))
            } else {
                ok(rid, spid)
            }
        })
        .collect();
    let events = p.apply(b.id, Ok(responses), 2_000);
    assert_eq!(events.len(), 4);
    assert!(
        events
            .iter()
            .all(|e| e.service_principal().id != throttled_sp)
    );
    assert_eq!(p.retries(), 1);
    assert_eq!(p.queued(), 1);
    assert_eq!(p.progress(), (4, 5));
    assert!(!p.is_done());
    // Not before its Retry-After.
    assert_eq!(p.next_wake_ms(), Some(12_000));
    assert!(p.next_batch(11_999).is_none());
    let again = p.next_batch(12_000).unwrap();
    assert_eq!(again.len(), 1);
    assert_eq!(again.service_principals[0].1, throttled_sp);
    // A fresh request id.
    let first_ids: HashSet<_> = b
        .service_principals
        .iter()
        .map(|(r, _)| r.clone())
        .collect();
    assert!(!first_ids.contains(&again.service_principals[0].0));
    assert_ne!(again.id, b.id);
    let rid = again.service_principals[0].0.clone();
    let events = p.apply(again.id, Ok(vec![ok(&rid, &throttled_sp)]), 12_500);
    assert_eq!(
        jobs_of(&events),
        [(throttled_sp.clone(), vec![format!("scim.{throttled_sp}")])]
    );
    assert!(p.is_done());
    assert_eq!(p.next_wake_ms(), None);
}

#[test]
fn a_503_without_retry_after_backs_off() {
    let mut p = planner(4);
    p.add_service_principals(sps(0..1));
    p.listing_complete();
    let b = p.next_batch(0).unwrap();
    let rid = b.service_principals[0].0.clone();
    let events = p.apply(b.id, Ok(vec![failed(&rid, 503, None)]), 100);
    let wake = p.next_wake_ms().unwrap();
    // Attempt 1: 500 ms to just under 1 s.
    assert!((600..1_100).contains(&wake), "{wake}");
    assert_eq!(p.retries(), 1);
    // The app is waiting, and says when it is asked again.
    assert!(
        matches!(&events[..], [ScanEvent::Retrying { sp, error, retry_at }]
            if sp.id == "sp0" && error.status == 503 && *retry_at == wake),
        "{events:?}"
    );
    assert_eq!(p.waiting(), 1);
}

#[test]
fn a_forbidden_app_is_reported_once() {
    let mut p = planner(4);
    p.add_service_principals(sps(0..3));
    p.listing_complete();
    let b = p.next_batch(0).unwrap();
    let (rid, spid) = b.service_principals[1].clone();
    let mut responses = all_ok(&b);
    responses[1] = failed(&rid, 403, None);
    // A duplicated answer for the same request is ignored.
    responses.push(failed(&rid, 403, None));
    let events = p.apply(b.id, Ok(responses), 0);
    let failures: Vec<_> = events
        .iter()
        .filter_map(|e| match e {
            ScanEvent::Failed { sp, error, hint } => Some((sp, error, hint)),
            ScanEvent::Jobs { .. } | ScanEvent::Retrying { .. } => None,
        })
        .collect();
    assert_eq!(failures.len(), 1);
    let (sp, error, hint) = failures[0];
    assert_eq!(sp.id, spid);
    assert_eq!(error.status, 403);
    assert_eq!(error.code, "Authorization_RequestDenied");
    assert_eq!(hint.kind, HintKind::MissingPermissionOrRole);
    assert!(hint.action.contains("Synchronization.Read.All"));
    assert_eq!(p.retries(), 0);
    assert_eq!(p.queued(), 0);
    assert!(p.is_done());
    // The same batch applied again changes nothing.
    assert!(p.apply(b.id, Ok(vec![]), 0).is_empty());
    assert!(p.apply(999, Ok(vec![]), 0).is_empty());
}

#[test]
fn not_found_and_unparsable_fail() {
    let mut p = planner(4);
    p.add_service_principals(sps(0..2));
    p.listing_complete();
    let b = p.next_batch(0).unwrap();
    let mut responses = all_ok(&b);
    responses[0] = failed(&b.service_principals[0].0, 404, None);
    responses[1].body = json!({"items": []});
    let events = p.apply(b.id, Ok(responses), 0);
    let codes: Vec<_> = events
        .iter()
        .map(|e| match e {
            ScanEvent::Failed { error, hint, .. } => (error.code.clone(), hint.kind),
            other => panic!("unexpected {other:?}"),
        })
        .collect();
    assert_eq!(
        codes,
        [
            ("Request_ResourceNotFound".to_owned(), HintKind::NotFound),
            (INVALID_RESPONSE.to_owned(), HintKind::ServiceError),
        ]
    );
    assert!(p.is_done());
}

#[test]
fn retries_are_bounded_per_app() {
    let mut p = ScanPlanner::new(ScanConfig {
        retry: RetryPolicy {
            max_attempts: 3,
            ..RetryPolicy::default()
        },
        ..ScanConfig::default()
    });
    p.add_service_principals(sps(0..1));
    p.listing_complete();
    let mut now = 0;
    let mut events = Vec::new();
    let mut seen = HashSet::new();
    for _ in 0..3 {
        let b = p.next_batch(now).expect("a batch");
        let rid = b.service_principals[0].0.clone();
        assert!(seen.insert(rid.clone()), "request ids stay unique");
        events = p.apply(b.id, Ok(vec![failed(&rid, 429, Some("1"))]), now);
        now += 1_000;
    }
    assert_eq!(p.retries(), 2);
    assert_eq!(events.len(), 1);
    let ScanEvent::Failed { error, hint, .. } = &events[0] else {
        panic!("{events:?}")
    };
    assert_eq!(error.code, "TooManyRequests");
    assert_eq!(hint.kind, HintKind::Throttled);
    assert_eq!(hint.retry_after_secs, Some(1));
    assert!(p.is_done());
    assert!(p.next_batch(now + 100_000).is_none());
}

#[test]
fn a_transport_failure_requeues_the_whole_batch() {
    let mut p = planner(4);
    p.add_service_principals(sps(0..20));
    p.listing_complete();
    let b = p.next_batch(0).unwrap();
    let events = p.apply(
        b.id,
        Err(TransportFailure::Network("Failed to fetch".into())),
        0,
    );
    assert_eq!(events.len(), 20);
    assert!(
        events
            .iter()
            .all(|e| matches!(e, ScanEvent::Retrying { error, .. } if error.code == NETWORK_ERROR))
    );
    assert_eq!(p.waiting(), 20);
    assert_eq!(p.retries(), 20);
    assert_eq!(p.queued(), 20);
    assert_eq!(p.in_flight(), 0);
    // Each item waits its own backoff (attempt 1: 0.5 s to 1 s).
    let wake = p.next_wake_ms().unwrap();
    assert!((500..1_000).contains(&wake), "{wake}");
    assert!(p.next_batch(wake - 1).is_none());
    // By 1 s all are ready.
    let again = p.next_batch(1_000).unwrap();
    assert_eq!(again.len(), 20);
    let old: HashSet<_> = b
        .service_principals
        .iter()
        .map(|(r, _)| r.clone())
        .collect();
    assert!(
        again
            .service_principals
            .iter()
            .all(|(r, _)| !old.contains(r))
    );
    let r = all_ok(&again);
    assert_eq!(jobs_of(&p.apply(again.id, Ok(r), 1_000)).len(), 20);
    assert_eq!(p.waiting(), 0);
    assert!(p.is_done());
}

#[test]
fn network_failures_are_bounded_too() {
    let mut p = ScanPlanner::new(ScanConfig {
        retry: RetryPolicy {
            max_attempts: 2,
            ..RetryPolicy::default()
        },
        ..ScanConfig::default()
    });
    p.add_service_principals(sps(0..3));
    p.listing_complete();
    let b = p.next_batch(0).unwrap();
    let events = p.apply(b.id, Err(TransportFailure::Network("x".into())), 0);
    assert!(
        events
            .iter()
            .all(|e| matches!(e, ScanEvent::Retrying { .. }))
    );
    let b = p.next_batch(10_000).unwrap();
    let events = p.apply(b.id, Err(TransportFailure::Network("reset".into())), 10_000);
    assert_eq!(events.len(), 3);
    for e in &events {
        let ScanEvent::Failed { error, hint, .. } = e else {
            panic!("{e:?}")
        };
        assert_eq!(error.code, NETWORK_ERROR);
        assert!(error.message.contains("reset"));
        assert_eq!(hint.kind, HintKind::Network);
    }
    assert!(p.is_done());
}

#[test]
fn a_whole_batch_refused_fails_every_app() {
    let mut p = planner(4);
    p.add_service_principals(sps(0..4));
    p.listing_complete();
    let b = p.next_batch(0).unwrap();
    let body = r#"{"error":{"code":"InvalidAuthenticationToken","message":"expired"}}"#;
    let events = p.apply_envelope(b.id, 401, None, body, 0);
    assert_eq!(events.len(), 4);
    assert!(events.iter().all(|e| matches!(
        e,
        ScanEvent::Failed { error, hint, .. }
            if error.status == 401 && hint.kind == HintKind::SignInAgain
    )));
    assert_eq!(p.retries(), 0);
}

#[test]
fn a_throttled_envelope_waits_its_retry_after() {
    let mut p = planner(4);
    p.add_service_principals(sps(0..4));
    p.listing_complete();
    let b = p.next_batch(0).unwrap();
    assert!(p.apply_envelope(b.id, 429, Some("3"), "", 500).is_empty());
    assert_eq!(p.next_wake_ms(), Some(3_500));
    assert!(p.next_batch(3_499).is_none());
    assert_eq!(p.next_batch(3_500).unwrap().len(), 4);
}

#[test]
fn apply_envelope_decodes_a_200() {
    let mut p = planner(4);
    p.add_service_principals(sps(0..2));
    p.listing_complete();
    let b = p.next_batch(0).unwrap();
    let responses: Vec<Value> = b
        .service_principals
        .iter()
        .map(|(rid, spid)| {
            json!({"id": rid, "status": 200, "body": {"value": [{"id": format!("j.{spid}")}]}})
        })
        .collect();
    let body = json!({ "responses": responses }).to_string();
    let events = p.apply_envelope(b.id, 200, None, &body, 0);
    assert_eq!(jobs_of(&events).len(), 2);
    // A 200 that is not a batch answer is retried like a network error.
    let mut p = planner(4);
    p.add_service_principals(sps(0..2));
    p.listing_complete();
    let b = p.next_batch(0).unwrap();
    let events = p.apply_envelope(b.id, 200, None, "<html>proxy</html>", 0);
    assert!(
        events.iter().all(
            |e| matches!(e, ScanEvent::Retrying { error, .. } if error.code == INVALID_RESPONSE)
        )
    );
    assert_eq!((events.len(), p.queued()), (2, 2));
}

#[test]
fn missing_answers_are_requeued() {
    let mut p = planner(4);
    p.add_service_principals(sps(0..3));
    p.listing_complete();
    let b = p.next_batch(0).unwrap();
    let mut responses = all_ok(&b);
    let (_, missing_sp) = b.service_principals[2].clone();
    responses.pop();
    responses.push(ok("not-ours", "spX"));
    let events = p.apply(b.id, Ok(responses), 0);
    assert_eq!(jobs_of(&events).len(), 2);
    assert!(matches!(&events[2], ScanEvent::Retrying { sp, .. } if sp.id == missing_sp));
    assert_eq!(p.queued(), 1);
    let again = p.next_batch(60_000).unwrap();
    assert_eq!(again.service_principals[0].1, missing_sp);
}

#[test]
fn duplicates_and_unusable_ids() {
    let mut p = planner(4);
    assert!(p.add_service_principals(sps(0..3)).is_empty());
    // The same apps again (a re-sent page) are ignored.
    assert!(p.add_service_principals(sps(1..3)).is_empty());
    assert_eq!(p.progress(), (0, 3));
    let events = p.add_service_principals(vec![sp(".."), sp("")]);
    assert_eq!(events.len(), 2);
    for e in &events {
        let ScanEvent::Failed { error, .. } = e else {
            panic!("{e:?}")
        };
        assert_eq!(error.code, INVALID_ID);
        assert!(error.message.contains("cannot be used in a URL"));
    }
    assert_eq!(p.progress(), (2, 5));
    p.listing_complete();
    let b = p.next_batch(0).unwrap();
    assert_eq!(b.len(), 3);
    let r = all_ok(&b);
    p.apply(b.id, Ok(r), 0);
    assert!(p.is_done());
}

#[test]
fn progress_and_done() {
    let mut p = planner(4);
    assert!(!p.is_done(), "nothing listed yet");
    assert_eq!(p.progress(), (0, 0));
    p.listing_complete();
    assert!(p.is_done(), "an empty tenant is done at once");

    let mut p = planner(4);
    p.add_service_principals(sps(0..25));
    let b = p.next_batch(0).unwrap();
    let r = all_ok(&b);
    p.apply(b.id, Ok(r), 0);
    assert_eq!(p.progress(), (20, 25));
    assert!(!p.is_done());
    p.listing_complete();
    let b = p.next_batch(0).unwrap();
    let r = all_ok(&b);
    p.apply(b.id, Ok(r), 0);
    assert_eq!(p.progress(), (25, 25));
    assert!(p.is_done());
}

#[test]
fn minimum_requests_formula() {
    assert_eq!(minimum_requests(0), 1);
    assert_eq!(minimum_requests(1), 2);
    assert_eq!(minimum_requests(20), 2);
    assert_eq!(minimum_requests(21), 3);
    assert_eq!(minimum_requests(45), 4);
    assert_eq!(minimum_requests(999), 1 + 50);
    assert_eq!(minimum_requests(1000), 2 + 50);
    assert_eq!(minimum_requests(10_000), 11 + 500);
}

#[test]
fn a_landed_batch_frees_its_slot_before_its_answer_is_read() {
    let mut p = planner(2);
    assert!(p.add_service_principals(sps(0..100)).is_empty());
    p.listing_complete();
    let first = p.next_batch(0).unwrap();
    let second = p.next_batch(0).unwrap();
    assert!(
        p.next_batch(0).is_none(),
        "two in flight with concurrency 2"
    );

    // The first answer lands: its slot carries the third batch before the answer is judged.
    let landed = p.land(first.id).expect("in flight");
    assert!(p.land(first.id).is_none(), "a batch lands once");
    assert_eq!(p.in_flight(), 1);
    let third = p.next_batch(0).expect("the freed slot");
    assert!(p.next_batch(0).is_none());
    assert_eq!(p.progress().0, 0, "landed is not answered");

    // Judged later, it gives the events `apply` would have given.
    let events = p.apply_landed(landed, Ok(all_ok(&first)), 0);
    let mut twin = planner(2);
    twin.add_service_principals(sps(0..100));
    twin.listing_complete();
    let twin_first = twin.next_batch(0).unwrap();
    assert_eq!(
        jobs_of(&events),
        jobs_of(&twin.apply(twin_first.id, Ok(all_ok(&twin_first)), 0))
    );
    assert_eq!(p.progress().0, 20);

    // Every app is answered exactly once, and the scan ends.
    for b in [second, third] {
        let l = p.land(b.id).unwrap();
        p.apply_landed(l, Ok(all_ok(&b)), 0);
    }
    while let Some(b) = p.next_batch(0) {
        let l = p.land(b.id).unwrap();
        p.apply_landed(l, Ok(all_ok(&b)), 0);
    }
    assert!(p.is_done());
    assert_eq!(p.progress(), (100, 100));
}

#[test]
fn a_read_is_asked_again_until_it_succeeds() {
    let mut p = planner(4);
    p.add_service_principals(sps(0..1));
    p.listing_complete();
    let mut now = 0;
    // Forty failures in a row of every kind a read can meet: still waiting, never failed.
    for round in 0..40 {
        let b = p.next_batch(now).unwrap();
        let rid = b.service_principals[0].0.clone();
        let result = match round % 5 {
            0 => Ok(vec![failed(&rid, 500, None)]),
            1 => Ok(vec![failed(&rid, 502, None)]),
            2 => Ok(vec![failed(&rid, 503, Some("2"))]),
            3 => Err(TransportFailure::Network("dropped".into())),
            _ => Ok(vec![failed(&rid, 429, Some("1"))]),
        };
        let events = p.apply(b.id, result, now);
        let wake = p.next_wake_ms().unwrap();
        assert!(wake - now <= 15_000, "backoff capped: {}", wake - now);
        if round % 5 == 4 {
            assert!(events.is_empty(), "a 429 is pacing, not a failing app");
        } else {
            assert!(
                matches!(&events[..], [ScanEvent::Retrying { retry_at, .. }] if *retry_at == wake)
            );
        }
        assert!(!p.is_done());
        now = wake;
    }
    let b = p.next_batch(now).unwrap();
    let events = p.apply(b.id, Ok(all_ok(&b)), now);
    assert_eq!(
        jobs_of(&events),
        [("sp0".to_owned(), vec!["scim.sp0".to_owned()])]
    );
    assert_eq!((p.waiting(), p.is_done()), (0, true));
}

#[test]
fn retry_now_brings_the_next_try_forward() {
    let mut p = planner(4);
    p.add_service_principals(sps(0..2));
    p.listing_complete();
    let b = p.next_batch(0).unwrap();
    let r: Vec<_> = b
        .service_principals
        .iter()
        .map(|(rid, _)| failed(rid, 503, Some("30")))
        .collect();
    p.apply(b.id, Ok(r), 0);
    assert!(p.next_batch(1_000).is_none(), "both wait 30 s");
    assert!(p.retry_now("sp1", 1_000));
    assert!(!p.retry_now("nope", 1_000));
    let again = p.next_batch(1_000).unwrap();
    assert_eq!(again.service_principals.len(), 1);
    assert_eq!(again.service_principals[0].1, "sp1");
    assert!(!p.retry_now("sp1", 1_000), "in flight");
}

#[test]
fn each_answer_says_what_it_tells_of_the_budget() {
    let mut p = planner(4);
    p.add_service_principals(sps(0..20));
    p.listing_complete();
    let b = p.next_batch(0).unwrap();
    let r: Vec<_> = b
        .service_principals
        .iter()
        .enumerate()
        .map(|(i, (rid, spid))| match i {
            0..=4 => ok(rid, spid),
            5..=9 => failed(rid, 503, None),
            10..=14 => failed(rid, 429, Some("4")),
            _ => failed(rid, 429, Some("7")),
        })
        .collect();
    p.apply(b.id, Ok(r), 0);
    let counts = p.last_answer();
    assert_eq!(
        (counts.served, counts.throttled, counts.retry_after_ms),
        (10, 10, Some(7_000))
    );
    let b = p.next_batch(60_000).unwrap();
    let n = b.len() as u64;
    p.apply_envelope(b.id, 429, Some("3"), "", 60_000);
    let counts = p.last_answer();
    assert_eq!(
        (counts.served, counts.throttled, counts.retry_after_ms),
        (0, n, Some(3_000))
    );
    let b = p.next_batch(70_000).unwrap();
    p.apply(b.id, Err(TransportFailure::Network("x".into())), 70_000);
    assert_eq!(p.last_answer(), Default::default());
}

#[test]
fn batches_are_kept_within_a_budget_smaller_than_a_batch() {
    let mut p = planner(4);
    p.add_service_principals(sps(0..12));
    p.cap_batches(5);
    assert_eq!(
        p.next_size(0),
        5,
        "a full batch is the budget's while listing runs"
    );
    assert_eq!(p.next_batch(0).unwrap().len(), 5);
    assert_eq!(p.next_batch(0).unwrap().len(), 5);
    assert!(p.next_batch(0).is_none(), "2 wait for the listing");
    p.listing_complete();
    assert_eq!(p.next_batch(0).unwrap().len(), 2);
    // Never more than the configured size, never less than one.
    p.cap_batches(0);
    p.add_service_principals(sps(12..14));
    assert_eq!(p.next_size(0), 1);
    p.cap_batches(500);
    assert_eq!(p.next_size(0), 2);
}
