//! The retry policy: every branch of `decide`, Retry-After parsing, jitter.

use syncdeck_graph::request::Method;
use syncdeck_graph::retry::{
    GiveUpReason, Outcome, RandomSource, RequestKind, RetryDecision, RetryInput, RetryPolicy,
    SplitMix64, backoff_ms, decide, parse_imf_fixdate_ms, parse_retry_after_ms,
    retry_after_delta_secs,
};

/// 2015-10-21T07:28:00Z in Unix ms.
const OCT_21_2015: i64 = 1_445_412_480_000;

fn input(kind: RequestKind, outcome: Outcome) -> RetryInput<'static> {
    RetryInput {
        kind,
        outcome,
        retry_after: None,
        attempt: 1,
        waited_ms: 0,
        now_ms: OCT_21_2015,
    }
}

fn run(input: &RetryInput<'_>, r: f64) -> RetryDecision {
    let mut fixed = move || r;
    decide(&RetryPolicy::default(), input, &mut fixed)
}

#[test]
fn defaults() {
    let p = RetryPolicy::default();
    assert_eq!(p.max_attempts, 5);
    assert_eq!(p.max_total_wait_ms, 60_000);
    assert_eq!(p.base_backoff_ms, 1_000);
    assert_eq!(p.max_backoff_ms, 30_000);
}

#[test]
fn methods_map_to_kinds() {
    assert_eq!(RequestKind::from(Method::Get), RequestKind::Read);
    for m in [Method::Post, Method::Put, Method::Patch, Method::Delete] {
        assert_eq!(RequestKind::from(m), RequestKind::Write, "{m:?}");
    }
}

#[test]
fn throttled_reads_and_writes_honour_retry_after_seconds() {
    for kind in [RequestKind::Read, RequestKind::Write] {
        let i = RetryInput {
            retry_after: Some("7"),
            ..input(kind, Outcome::Status(429))
        };
        assert_eq!(run(&i, 0.9), RetryDecision::RetryAfterMs(7_000), "{kind:?}");
    }
}

#[test]
fn reads_retry_every_5xx_and_network_errors() {
    for outcome in [
        Outcome::Status(500),
        Outcome::Status(502),
        Outcome::Status(503),
        Outcome::Status(504),
        Outcome::NetworkError,
    ] {
        let d = run(&input(RequestKind::Read, outcome), 0.0);
        // Attempt 1, r = 0: exactly half of the 1 s base.
        assert_eq!(d, RetryDecision::RetryAfterMs(500), "{outcome:?}");
    }
    // 503 with a Retry-After.
    let i = RetryInput {
        retry_after: Some("3"),
        ..input(RequestKind::Read, Outcome::Status(503))
    };
    assert_eq!(run(&i, 0.5), RetryDecision::RetryAfterMs(3_000));
}

#[test]
fn writes_are_never_retried_after_5xx_or_network_errors() {
    for outcome in [
        Outcome::Status(500),
        Outcome::Status(502),
        Outcome::Status(503),
        Outcome::Status(504),
        Outcome::NetworkError,
    ] {
        let i = RetryInput {
            retry_after: Some("1"),
            ..input(RequestKind::Write, outcome)
        };
        assert_eq!(
            run(&i, 0.0),
            RetryDecision::GiveUp(GiveUpReason::WriteMayHaveRun { outcome }),
            "{outcome:?}"
        );
    }
    let reason = GiveUpReason::WriteMayHaveRun {
        outcome: Outcome::NetworkError,
    };
    assert!(reason.to_string().contains("may have been applied"));
    assert!(reason.to_string().contains("a network error"));
}

#[test]
fn other_failures_are_not_retried() {
    for status in [400, 401, 403, 404, 409, 412, 451] {
        for kind in [RequestKind::Read, RequestKind::Write] {
            assert_eq!(
                run(&input(kind, Outcome::Status(status)), 0.0),
                RetryDecision::GiveUp(GiveUpReason::NotRetryable { status }),
                "{status} {kind:?}"
            );
        }
    }
    assert!(
        GiveUpReason::NotRetryable { status: 403 }
            .to_string()
            .contains("HTTP 403")
    );
}

#[test]
fn successes_are_not_failures() {
    for status in [200, 201, 204, 302] {
        assert_eq!(
            run(&input(RequestKind::Read, Outcome::Status(status)), 0.0),
            RetryDecision::GiveUp(GiveUpReason::NotAFailure { status })
        );
    }
}

#[test]
fn attempts_are_bounded() {
    let mut i = input(RequestKind::Read, Outcome::Status(429));
    i.attempt = 4;
    assert!(matches!(run(&i, 0.0), RetryDecision::RetryAfterMs(_)));
    i.attempt = 5;
    assert_eq!(
        run(&i, 0.0),
        RetryDecision::GiveUp(GiveUpReason::AttemptsExhausted { attempts: 5 })
    );
    let custom = RetryPolicy {
        max_attempts: 2,
        ..RetryPolicy::default()
    };
    i.attempt = 2;
    assert_eq!(
        decide(&custom, &i, &mut || 0.0),
        RetryDecision::GiveUp(GiveUpReason::AttemptsExhausted { attempts: 2 })
    );
    assert_eq!(
        GiveUpReason::AttemptsExhausted { attempts: 5 }.to_string(),
        "Gave up after 5 attempts."
    );
}

#[test]
fn retry_after_longer_than_the_budget_gives_up_and_says_how_long() {
    let i = RetryInput {
        retry_after: Some("120"),
        waited_ms: 10_000,
        ..input(RequestKind::Read, Outcome::Status(429))
    };
    let d = run(&i, 0.0);
    assert_eq!(
        d,
        RetryDecision::GiveUp(GiveUpReason::RetryAfterTooLong {
            asked_ms: 120_000,
            remaining_ms: 50_000
        })
    );
    let RetryDecision::GiveUp(reason) = d else {
        unreachable!()
    };
    assert!(
        reason.to_string().contains("asked to wait 2 min"),
        "{reason}"
    );
    // Exactly the remaining budget is fine.
    let i = RetryInput {
        retry_after: Some("50"),
        ..i
    };
    assert_eq!(run(&i, 0.0), RetryDecision::RetryAfterMs(50_000));
}

#[test]
fn spent_budget_gives_up() {
    let i = RetryInput {
        waited_ms: 60_000,
        ..input(RequestKind::Read, Outcome::Status(503))
    };
    assert_eq!(
        run(&i, 0.0),
        RetryDecision::GiveUp(GiveUpReason::WaitBudgetSpent { waited_ms: 60_000 })
    );
    assert!(
        GiveUpReason::WaitBudgetSpent { waited_ms: 60_000 }
            .to_string()
            .contains("waiting 1 min in all")
    );
}

#[test]
fn backoff_is_clamped_to_the_remaining_budget() {
    let i = RetryInput {
        attempt: 4,
        waited_ms: 58_000,
        ..input(RequestKind::Read, Outcome::NetworkError)
    };
    // Attempt 4 would back off 4–8 s; only 2 s are left.
    assert_eq!(run(&i, 0.99), RetryDecision::RetryAfterMs(2_000));
}

#[test]
fn retry_after_http_date() {
    let i = RetryInput {
        retry_after: Some("Wed, 21 Oct 2015 07:28:30 GMT"),
        ..input(RequestKind::Read, Outcome::Status(429))
    };
    assert_eq!(run(&i, 0.0), RetryDecision::RetryAfterMs(30_000));
    // A date in the past: retry now.
    let i = RetryInput {
        retry_after: Some("Wed, 21 Oct 2015 07:27:00 GMT"),
        ..i
    };
    assert_eq!(run(&i, 0.0), RetryDecision::RetryAfterMs(0));
    // Unreadable: falls back to backoff (attempt 1, r = 0 → 500 ms).
    let i = RetryInput {
        retry_after: Some("soon"),
        ..i
    };
    assert_eq!(run(&i, 0.0), RetryDecision::RetryAfterMs(500));
}

#[test]
fn imf_fixdate_parsing() {
    assert_eq!(
        parse_imf_fixdate_ms("Wed, 21 Oct 2015 07:28:00 GMT"),
        Some(OCT_21_2015)
    );
    assert_eq!(
        parse_imf_fixdate_ms("Thu, 01 Jan 1970 00:00:00 GMT"),
        Some(0)
    );
    assert_eq!(
        parse_imf_fixdate_ms("  Sun, 06 Nov 1994 08:49:37 GMT "),
        Some(784_111_777_000)
    );
    assert_eq!(
        parse_imf_fixdate_ms("Thu, 29 Feb 2024 12:00:00 GMT"),
        Some(1_709_208_000_000)
    );
    for bad in [
        "",
        "Wed, 21 Oct 2015 07:28:00 UTC",
        "Thu, 21 Oct 2015 07:28:00 GMT", // wrong day name
        "Wed, 21 Okt 2015 07:28:00 GMT",
        "Wed, 32 Oct 2015 07:28:00 GMT",
        "Fri, 29 Feb 2023 00:00:00 GMT", // not a leap year
        "Wed, 21 Oct 2015 24:00:00 GMT",
        "Wed, 21 Oct 2015 07:60:00 GMT",
        "Wed, 21 Oct 15 07:28:00 GMT",
        "Wednesday, 21-Oct-15 07:28:00 GMT", // RFC 850
        "Wed Oct 21 07:28:00 2015",          // asctime
        "Wed, +1 Oct 2015 07:28:00 GMT",
        "Wé, 21 Oct 2015 07:28:00 GMT",
    ] {
        assert_eq!(parse_imf_fixdate_ms(bad), None, "{bad:?}");
    }
}

#[test]
fn retry_after_values() {
    assert_eq!(parse_retry_after_ms("0", 0), Some(0));
    assert_eq!(parse_retry_after_ms(" 12 ", 0), Some(12_000));
    assert_eq!(parse_retry_after_ms("-5", 0), None);
    assert_eq!(parse_retry_after_ms("1.5", 0), None);
    assert_eq!(parse_retry_after_ms("", 0), None);
    assert_eq!(
        parse_retry_after_ms("99999999999999999999999999", 0),
        Some(u64::MAX)
    );
    assert_eq!(retry_after_delta_secs("30"), Some(30));
    assert_eq!(
        retry_after_delta_secs("Wed, 21 Oct 2015 07:28:00 GMT"),
        None
    );
}

#[test]
fn backoff_grows_exponentially_and_is_capped() {
    let p = RetryPolicy::default();
    let at = |attempt, r: f64| backoff_ms(&p, attempt, &mut move || r);
    // r = 0 → exactly half; r → 1 → just under the full value.
    assert_eq!(at(1, 0.0), 500);
    assert_eq!(at(2, 0.0), 1_000);
    assert_eq!(at(3, 0.0), 2_000);
    assert_eq!(at(4, 0.0), 4_000);
    assert_eq!(at(1, 0.5), 750);
    assert_eq!(at(3, 0.999_999), 3_999);
    // Capped at 30 s before jitter.
    assert_eq!(at(10, 0.0), 15_000);
    assert_eq!(at(200, 0.999_999), 29_999);
    // Out-of-range randomness is clamped.
    assert_eq!(at(1, -3.0), 500);
    assert_eq!(at(1, f64::NAN), 500);
    assert_eq!(at(1, 7.0), 1_000);
    // Attempt 0 is treated like attempt 1.
    assert_eq!(at(0, 0.0), 500);
}

#[test]
fn jitter_stays_within_bounds() {
    let p = RetryPolicy::default();
    let mut rng = SplitMix64::new(42);
    for attempt in 1..=8u32 {
        let full = (1_000u64 << (attempt - 1)).min(30_000);
        for _ in 0..200 {
            let d = backoff_ms(&p, attempt, &mut rng);
            assert!(d >= full / 2 && d < full, "attempt {attempt}: {d}");
        }
    }
}

#[test]
fn splitmix_is_deterministic_and_in_range() {
    let mut a = SplitMix64::new(7);
    let mut b = SplitMix64::new(7);
    let mut c = SplitMix64::new(8);
    let xs: Vec<f64> = (0..100).map(|_| a.next_f64()).collect();
    let ys: Vec<f64> = (0..100).map(|_| b.next_f64()).collect();
    assert_eq!(xs, ys);
    assert_ne!(xs[0], c.next_f64());
    assert!(xs.iter().all(|x| (0.0..1.0).contains(x)));
    // Not constant.
    assert!(xs.iter().any(|x| *x != xs[0]));
}

#[test]
fn never_retries_with_zero_attempts_allowed() {
    let p = RetryPolicy {
        max_attempts: 0,
        ..RetryPolicy::default()
    };
    let i = input(RequestKind::Read, Outcome::Status(429));
    assert!(matches!(
        decide(&p, &i, &mut || 0.0),
        RetryDecision::GiveUp(GiveUpReason::AttemptsExhausted { .. })
    ));
}

#[test]
fn outcome_display() {
    assert_eq!(Outcome::Status(503).to_string(), "HTTP 503");
    assert_eq!(Outcome::NetworkError.to_string(), "a network error");
}
