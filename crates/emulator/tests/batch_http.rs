//! `$batch` as Graph does it, over real HTTP.

mod http;

use http::*;
use serde_json::{Value, json};
use syncdeck_emulator::Options;

fn batch_of(n: usize, url: &str) -> String {
    let requests: Vec<Value> = (1..=n)
        .map(|i| json!({"id": i.to_string(), "method": "GET", "url": url}))
        .collect();
    json!({ "requests": requests }).to_string()
}

fn error_code(r: &Resp) -> String {
    assert_eq!(r.status, 400, "{}", r.text());
    r.json()["error"]["code"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn limits_and_payload_rules_are_400s() {
    let emu = Emu::default().await;
    assert_eq!(
        error_code(
            &emu.post("/v1.0/$batch", &batch_of(21, "/servicePrincipals"))
                .await
        ),
        "BadRequest"
    );
    let dup = json!({"requests":[{"id":"1","method":"GET","url":"/servicePrincipals"},{"id":"1","method":"GET","url":"/servicePrincipals"}]});
    let r = emu.post("/v1.0/$batch", &dup.to_string()).await;
    assert_eq!(error_code(&r), "BadRequest");
    assert!(
        r.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("unique")
    );
    let no_ct = json!({"requests":[{"id":"1","method":"POST","url":"/servicePrincipals/x/synchronization/jobs","body":{"templateId":"slack"}}]});
    let r = emu.post("/beta/$batch", &no_ct.to_string()).await;
    assert_eq!(error_code(&r), "BadRequest");
    assert!(
        r.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("Content-Type")
    );
    assert_eq!(
        error_code(&emu.post("/v1.0/$batch", r#"{"requests":[]}"#).await),
        "BadRequest"
    );
    assert_eq!(
        error_code(&emu.post("/v1.0/$batch", "nope").await),
        "BadRequest"
    );
    // 20 is fine.
    assert_eq!(
        emu.post("/v1.0/$batch", &batch_of(20, "/servicePrincipals?$top=1"))
            .await
            .status,
        200
    );
    // The outer request needs the token like any Graph request.
    let r = emu
        .send(
            "POST",
            "/v1.0/$batch",
            Some(&batch_of(1, "/servicePrincipals")),
            &[("Content-Type", "application/json")],
        )
        .await;
    assert_eq!(r.status, 401);
}

#[tokio::test]
async fn each_sub_request_is_answered_on_its_own_in_a_deterministic_shuffled_order() {
    let emu = Emu::default().await;
    let slack = emu.sp_id("Slack").await;
    let (jobs, zendesk_job) = emu.first_job("Zendesk").await;
    let zendesk_jobs = jobs.trim_start_matches("/v1.0").to_string();
    let mut requests = vec![
        json!({"id":"jobs","method":"GET","url":format!("/servicePrincipals/{slack}/synchronization/jobs")}),
        json!({"id":"missing","method":"GET","url":"/servicePrincipals/11111111-2222-4333-8444-555555555555/synchronization/jobs"}),
        json!({"id":"start","method":"POST","url":format!("{zendesk_jobs}/{zendesk_job}/start"),"headers":{"Content-Type":"application/json"},"body":{}}),
        json!({"id":"nested","method":"POST","url":"/$batch","headers":{"Content-Type":"application/json"},"body":{"requests":[]}}),
    ];
    for i in 0..8 {
        requests.push(json!({"id": format!("sp{i}"), "method":"GET", "url": format!("servicePrincipals?$top={}", i + 1)}));
    }
    let body = json!({ "requests": requests }).to_string();
    let r = emu.post("/v1.0/$batch", &body).await;
    assert_eq!(r.status, 200, "{}", r.text());
    let out = r.json();
    let responses = out["responses"].as_array().unwrap();
    assert_eq!(responses.len(), 12);
    let by_id = |id: &str| responses.iter().find(|x| x["id"] == id).unwrap().clone();
    let jobs_resp = by_id("jobs");
    assert_eq!(jobs_resp["status"], 200);
    assert_eq!(jobs_resp["body"]["value"][0]["templateId"], "slack");
    assert!(
        jobs_resp["headers"]["Content-Type"]
            .as_str()
            .unwrap()
            .starts_with("application/json")
    );
    let missing = by_id("missing");
    assert_eq!(missing["status"], 404);
    assert_eq!(missing["body"]["error"]["code"], "Request_ResourceNotFound");
    let start = by_id("start");
    assert_eq!(start["status"], 204);
    assert!(start.get("body").is_none());
    assert_eq!(
        emu.job(&jobs, &zendesk_job).await["status"]["code"],
        "Active",
        "the sub-request really ran"
    );
    assert_eq!(by_id("nested")["status"], 400);
    for i in 0..8 {
        let sp = by_id(&format!("sp{i}"));
        assert_eq!(sp["body"]["value"].as_array().unwrap().len(), i + 1);
    }
    // Shuffled, and the same shuffle for the same ids and seed.
    let order = |v: &Value| -> Vec<String> {
        v["responses"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["id"].as_str().unwrap().to_string())
            .collect()
    };
    let first = order(&out);
    let sent: Vec<String> = requests
        .iter()
        .map(|x| x["id"].as_str().unwrap().to_string())
        .collect();
    assert_ne!(first, sent, "not in request order");
    let reads =
        json!({ "requests": requests.iter().filter(|x| x["method"] == "GET").collect::<Vec<_>>() })
            .to_string();
    let a = order(&emu.post("/v1.0/$batch", &reads).await.json());
    let b = order(&emu.post("/v1.0/$batch", &reads).await.json());
    assert_eq!(a, b);
    let other = Emu::start(Options {
        seed: 99,
        ..options()
    })
    .await;
    let c = order(&other.post("/v1.0/$batch", &reads).await.json());
    let d = order(&other.post("/v1.0/$batch", &reads).await.json());
    assert_eq!(c, d);
    assert_ne!(a, c, "another seed, another order");
}

#[tokio::test]
async fn throttled_sub_requests_carry_retry_after_in_the_body() {
    let emu = Emu::default().await;
    emu.set_faults(r#"{"throttleRate":1.0,"retryAfterSeconds":7}"#)
        .await;
    // Top-level requests are throttled...
    let top = emu.get("/v1.0/servicePrincipals").await;
    assert_eq!(top.status, 429);
    assert_eq!(top.header("retry-after"), Some("7"));
    assert!(
        !top.header("access-control-expose-headers")
            .unwrap()
            .contains("Retry-After"),
        "hidden from CORS by default"
    );
    // ... the batch envelope is not, its sub-requests are, each on its own.
    let r = emu
        .post("/v1.0/$batch", &batch_of(3, "/servicePrincipals"))
        .await;
    assert_eq!(r.status, 200);
    for sub in r.json()["responses"].as_array().unwrap() {
        assert_eq!(sub["status"], 429);
        assert_eq!(sub["headers"]["Retry-After"], "7");
        assert_eq!(sub["body"]["error"]["code"], "TooManyRequests");
    }
    let stats = emu.stats().await;
    assert_eq!(stats["throttled"], 4);
    assert_eq!(stats["batches"], 1);
    assert_eq!(stats["batchRequests"], 3);
}

#[tokio::test]
async fn sub_requests_are_logged_with_their_batch() {
    let emu = Emu::default().await;
    let r = emu
        .post("/beta/$batch", &batch_of(2, "/servicePrincipals?$top=2"))
        .await;
    assert_eq!(r.status, 200);
    let outer_id = r.header("request-id").unwrap().to_string();
    let log = emu.log().await;
    assert_eq!(log.len(), 3);
    assert_eq!(log[0]["path"], "/beta/$batch");
    assert!(log[0].get("batch").is_none());
    let mut subs: Vec<&Value> = log[1..].iter().collect();
    subs.sort_by_key(|e| e["batch"]["requestId"].as_str().unwrap().to_string());
    for (i, e) in subs.iter().enumerate() {
        assert_eq!(e["path"], "/beta/servicePrincipals");
        assert_eq!(e["query"], "$top=2");
        assert_eq!(e["status"], 200);
        assert_eq!(e["batch"]["id"], outer_id.as_str());
        assert_eq!(e["batch"]["requestId"], (i + 1).to_string());
    }
    assert_eq!(emu.stats().await["requests"], 3);
}

#[tokio::test]
async fn outer_token_is_used_for_sub_requests() {
    let emu = Emu::default().await;
    let body = json!({"requests":[{"id":"1","method":"GET","url":"/servicePrincipals?$top=1","headers":{"Authorization":"Bearer wrong"}}]});
    let r = emu.post("/v1.0/$batch", &body.to_string()).await;
    assert_eq!(r.json()["responses"][0]["status"], 200);
}
