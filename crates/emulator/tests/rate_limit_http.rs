//! `--rate-limit N`, the request budget per token (see `src/budget.rs`), over
//! real HTTP: what counts, the 429 and its Retry-After, `$batch` sub-requests
//! in request order, separate tokens, the faults endpoint, and the fault dice.

mod http;
mod oidc;

use std::time::{Duration, Instant};

use http::*;
use serde_json::{Value, json};
use syncdeck_emulator::{Faults, Options};

const LIST: &str = "/v1.0/servicePrincipals?$top=1";

fn with_limit(rate_limit: u64) -> Options {
    Options {
        faults: Faults {
            rate_limit,
            ..Faults::default()
        },
        ..options()
    }
}

/// The seconds of a budget 429's `Retry-After`, after checking its envelope.
fn over_budget(r: &Resp) -> u64 {
    let body = assert_envelope(r, 429, "TooManyRequests");
    assert_eq!(
        body["error"]["innerError"]["request-id"].as_str(),
        r.header("request-id")
    );
    assert!(body["error"]["innerError"]["date"].is_string());
    let seconds: u64 = r
        .header("retry-after")
        .expect("Retry-After")
        .parse()
        .unwrap();
    assert!((1..=10).contains(&seconds), "{seconds}");
    seconds
}

fn batch_of(n: usize, url: &str) -> String {
    let requests: Vec<Value> = (1..=n)
        .map(|i| json!({"id": i.to_string(), "method": "GET", "url": url}))
        .collect();
    json!({ "requests": requests }).to_string()
}

fn sub_response(batch: &Value, id: &str) -> Value {
    batch["responses"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["id"] == id)
        .unwrap_or_else(|| panic!("no sub-response {id}"))
        .clone()
}

#[tokio::test]
async fn six_gets_with_a_budget_of_five_are_five_200s_and_one_429() {
    let emu = Emu::start(with_limit(5)).await;
    // None of these count: preflights, a wrong token, the app's files, admin endpoints.
    for _ in 0..3 {
        let preflight = emu
            .send(
                "OPTIONS",
                LIST,
                None,
                &[
                    ("Origin", "http://localhost:5173"),
                    ("Access-Control-Request-Method", "GET"),
                ],
            )
            .await;
        assert_eq!(preflight.status, 204);
        let wrong = emu
            .send("GET", LIST, None, &[("Authorization", "Bearer wrong")])
            .await;
        assert_eq!(wrong.status, 401);
        assert_eq!(emu.send("GET", "/config.json", None, &[]).await.status, 200);
        emu.admin("GET", "/_emulator/health", None).await;
    }
    for i in 0..5 {
        let r = emu.get(LIST).await;
        assert_eq!(r.status, 200, "request {i}: {}", r.text());
    }
    let r = emu.get(LIST).await;
    over_budget(&r);
    let log = emu.log().await;
    let last = log.last().unwrap();
    assert_eq!(last["status"], 429);
    assert_eq!(last["throttle"], "budget");
    assert_eq!(last["note"], "budget: 429");
    assert!(
        log[..log.len() - 1]
            .iter()
            .all(|e| e.get("throttle").is_none()),
        "{log:?}"
    );
    let stats = emu.stats().await;
    assert_eq!(stats["throttled"], 1);
    assert_eq!(stats["budgetThrottled"], 1);
    assert_eq!(stats["faultsInjected"], 0);
}

#[tokio::test]
async fn a_batch_of_eight_with_a_budget_of_five_takes_it_in_request_order() {
    let emu = Emu::start(with_limit(5)).await;
    let r = emu
        .post("/v1.0/$batch", &batch_of(8, "/servicePrincipals?$top=1"))
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let out = r.json();
    assert_eq!(out["responses"].as_array().unwrap().len(), 8);
    // The envelope took nothing (else only four would be 200), the sub-requests
    // took the budget in request order.
    for id in 1..=5 {
        let sub = sub_response(&out, &id.to_string());
        assert_eq!(sub["status"], 200, "{sub}");
    }
    for id in 6..=8 {
        let sub = sub_response(&out, &id.to_string());
        assert_eq!(sub["status"], 429, "{sub}");
        let seconds: u64 = sub["headers"]["Retry-After"]
            .as_str()
            .expect("a Retry-After header inside the batch body")
            .parse()
            .unwrap();
        assert!((1..=10).contains(&seconds), "{seconds}");
        assert_eq!(sub["body"]["error"]["code"], "TooManyRequests");
        assert!(sub["body"]["error"]["innerError"]["request-id"].is_string());
    }
    let log = emu.log().await;
    let budget: Vec<&str> = log
        .iter()
        .filter(|e| e["throttle"] == "budget")
        .map(|e| {
            assert_eq!(e["status"], 429);
            e["batch"]["requestId"].as_str().unwrap()
        })
        .collect();
    assert_eq!(budget.len(), 3);
    assert_eq!(emu.stats().await["budgetThrottled"], 3);
    // The budget is spent for top-level requests too.
    over_budget(&emu.get(LIST).await);
}

#[tokio::test]
async fn refused_requests_take_nothing_and_waiting_retry_after_gets_through() {
    let emu = Emu::start(with_limit(1)).await;
    assert_eq!(emu.get(LIST).await.status, 200);
    let seconds = over_budget(&emu.get(LIST).await);
    // Refusals in the meantime do not push the room back.
    for _ in 0..5 {
        assert!(over_budget(&emu.get(LIST).await) <= seconds);
    }
    // Real time, not the emulated clock (frozen in these tests).
    tokio::time::sleep(Duration::from_secs(seconds)).await;
    let r = emu.get(LIST).await;
    assert_eq!(r.status, 200, "{}", r.text());
    over_budget(&emu.get(LIST).await);
}

#[tokio::test]
async fn latency_delays_the_budgets_429s_too() {
    let emu = Emu::start(Options {
        faults: Faults {
            rate_limit: 1,
            latency_ms: 300,
            ..Faults::default()
        },
        ..options()
    })
    .await;
    assert_eq!(emu.get(LIST).await.status, 200);
    let t = Instant::now();
    over_budget(&emu.get(LIST).await);
    assert!(
        t.elapsed() >= Duration::from_millis(300),
        "{:?}",
        t.elapsed()
    );
}

#[tokio::test]
async fn the_faults_endpoint_sets_and_clears_the_rate_limit() {
    let emu = Emu::default().await;
    let f = emu.admin("GET", "/_emulator/faults", None).await.json();
    assert_eq!(f["rateLimit"], 0);
    let r = emu
        .admin("POST", "/_emulator/faults", Some(r#"{"rateLimit":3}"#))
        .await;
    assert_eq!(r.json()["rateLimit"], 3);
    for _ in 0..3 {
        assert_eq!(emu.get(LIST).await.status, 200);
    }
    over_budget(&emu.get(LIST).await);
    // 0 turns it off; what is served meanwhile is not recorded.
    emu.set_faults(r#"{"rateLimit":0}"#).await;
    for _ in 0..6 {
        assert_eq!(emu.get(LIST).await.status, 200);
    }
    // On again at 5: the three of before are still in the window, two more fit.
    emu.set_faults(r#"{"rateLimit":5}"#).await;
    for _ in 0..2 {
        assert_eq!(emu.get(LIST).await.status, 200);
    }
    over_budget(&emu.get(LIST).await);
    for bad in [r#"{"rateLimit":-1}"#, r#"{"rateLimit":1.5}"#] {
        let r = emu.admin("POST", "/_emulator/faults", Some(bad)).await;
        assert_eq!(r.status, 400, "{bad}");
    }
    // DELETE turns it off too; reset empties the windows.
    assert_eq!(
        emu.admin("DELETE", "/_emulator/faults", None).await.status,
        204
    );
    assert_eq!(emu.get(LIST).await.status, 200);
    emu.set_faults(r#"{"rateLimit":1}"#).await;
    over_budget(&emu.get(LIST).await);
    let limited = Emu::start(with_limit(1)).await;
    assert_eq!(limited.get(LIST).await.status, 200);
    over_budget(&limited.get(LIST).await);
    assert_eq!(
        limited.admin("POST", "/_emulator/reset", None).await.status,
        204
    );
    assert_eq!(limited.get(LIST).await.status, 200);
}

/// With `--oidc-issuer` tokens differ: each has its budget, also two tokens of
/// the same user; a request its scopes refuse (403) takes nothing.
#[tokio::test]
async fn each_token_has_its_own_budget() {
    use oidc::*;
    let idp = Idp::start(None).await;
    let emu = emulator(&idp, with_limit(2)).await;
    let alice = idp.token(READ, "alice");
    let mut again = idp.claims(READ, "alice");
    again["iat"] = json!(now() - 5);
    let alice_again = signed(&again);
    assert_ne!(alice, alice_again);
    let bob = idp.token(READ, "bob");
    // READ has no AuditLog.Read.All: 403s, before the budget.
    for _ in 0..3 {
        forbidden(&get(&emu, "/v1.0/auditLogs/provisioning", &alice).await);
    }
    for _ in 0..2 {
        ok(&get(&emu, LIST, &alice).await);
    }
    over_budget(&get(&emu, LIST, &alice).await);
    for _ in 0..2 {
        ok(&get(&emu, LIST, &alice_again).await);
    }
    over_budget(&get(&emu, LIST, &alice_again).await);
    // In a batch: the 403 takes nothing, the others take bob's budget in request order.
    let requests = json!({"requests": [
        {"id": "logs", "method": "GET", "url": "/auditLogs/provisioning"},
        {"id": "a", "method": "GET", "url": "/servicePrincipals?$top=1"},
        {"id": "b", "method": "GET", "url": "/servicePrincipals?$top=2"},
        {"id": "c", "method": "GET", "url": "/servicePrincipals?$top=3"},
    ]});
    let r = batch(&emu, &bob, &requests).await;
    ok(&r);
    let out = r.json();
    assert_eq!(sub_response(&out, "logs")["status"], 403);
    assert_eq!(sub_response(&out, "a")["status"], 200);
    assert_eq!(sub_response(&out, "b")["status"], 200);
    let c = sub_response(&out, "c");
    assert_eq!(c["status"], 429);
    assert!(c["headers"]["Retry-After"].is_string(), "{c}");
    over_budget(&get(&emu, LIST, &bob).await);
}

/// The budget is looked at before the fault dice, and a refused request draws
/// nothing: the served requests meet the same faults as without a budget.
#[tokio::test]
async fn refused_requests_draw_no_dice() {
    let faults = Faults {
        throttle_rate: 0.3,
        error_500_rate: 0.2,
        unknown_error_rate: 0.3,
        ..Faults::default()
    };
    let outcome = |r: &Resp| -> (u16, String) {
        let code = if r.status == 200 {
            String::new()
        } else {
            r.json()["error"]["code"].as_str().unwrap().to_string()
        };
        (r.status, code)
    };
    let free = Emu::start(Options {
        faults: faults.clone(),
        ..options()
    })
    .await;
    let mut expected = Vec::new();
    for _ in 0..20 {
        expected.push(outcome(&free.get(LIST).await));
    }
    assert!(expected.iter().any(|(s, _)| *s == 429), "{expected:?}");
    assert!(expected.iter().any(|(s, _)| *s == 500), "{expected:?}");
    assert!(
        expected.iter().any(|(_, c)| c == "UnknownError"),
        "{expected:?}"
    );

    let limited = Emu::start(Options {
        faults: Faults {
            rate_limit: 10,
            ..faults
        },
        ..options()
    })
    .await;
    let mut served = Vec::new();
    for _ in 0..10 {
        served.push(outcome(&limited.get(LIST).await));
    }
    for _ in 0..7 {
        // Never rewritten to UnknownError, never a random fault.
        over_budget(&limited.get(LIST).await);
    }
    limited.set_faults(r#"{"rateLimit":0}"#).await;
    for _ in 0..10 {
        served.push(outcome(&limited.get(LIST).await));
    }
    assert_eq!(served, expected);
    let log = limited.log().await;
    let marks = |kind: &str| log.iter().filter(|e| e["throttle"] == kind).count();
    assert_eq!(marks("budget"), 7);
    assert_eq!(
        marks("random"),
        expected.iter().filter(|(s, _)| *s == 429).count()
    );
    for e in log.iter().filter(|e| e["throttle"] == "random") {
        assert_eq!(e["status"], 429);
        assert_eq!(e["note"], "fault: 429");
    }
}

/// The sub-requests run concurrently; on several threads they reach the
/// pipeline in any order, yet take the budget in request order.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn batch_sub_requests_take_the_budget_in_request_order_on_every_run() {
    let emu = Emu::start(with_limit(10)).await;
    for round in 0..20 {
        // Reset empties the windows.
        emu.admin("POST", "/_emulator/reset", None).await;
        let out = emu
            .post("/v1.0/$batch", &batch_of(20, "/servicePrincipals?$top=1"))
            .await
            .json();
        let statuses: Vec<u64> = (1..=20)
            .map(|id| {
                sub_response(&out, &id.to_string())["status"]
                    .as_u64()
                    .unwrap()
            })
            .collect();
        let expected: Vec<u64> = (1..=20)
            .map(|id| if id <= 10 { 200 } else { 429 })
            .collect();
        assert_eq!(statuses, expected, "round {round}");
    }
}
