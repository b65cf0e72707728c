//! The `$batch` codec: building, encoding, decoding, matching, per-item helpers.

use serde_json::{Value, json};
use syncdeck_graph::batch::{
    BatchError, BatchItemResponse, BatchRequest, MAX_BATCH_REQUESTS, decode_batch_request,
    decode_batch_response, match_responses,
};
use syncdeck_graph::hints::Operation;
use syncdeck_graph::parse::ParseError;
use syncdeck_graph::request::{self, GraphRequest, Method};

fn list(sp: &str) -> GraphRequest {
    request::list_jobs(sp).unwrap()
}

fn reads(n: usize) -> Vec<(String, GraphRequest)> {
    (1..=n)
        .map(|i| (i.to_string(), list(&format!("sp{i}"))))
        .collect()
}

fn item(id: &str, status: u16) -> BatchItemResponse {
    BatchItemResponse {
        id: id.into(),
        status,
        headers: vec![],
        body: Value::Null,
    }
}

#[test]
fn limits() {
    assert_eq!(MAX_BATCH_REQUESTS, 20);
    assert_eq!(BatchRequest::new(reads(20)).unwrap().len(), 20);
    assert_eq!(
        BatchRequest::new(reads(21)),
        Err(BatchError::TooMany { count: 21 })
    );
    assert_eq!(BatchRequest::new(vec![]), Err(BatchError::Empty));
    let mut dup = reads(3);
    dup[2].0 = "2".into();
    assert_eq!(
        BatchRequest::new(dup),
        Err(BatchError::DuplicateId("2".into()))
    );
    let mut blank = reads(2);
    blank[1].0 = "  ".into();
    assert_eq!(BatchRequest::new(blank), Err(BatchError::BlankId));
    let inner = BatchRequest::new(reads(1)).unwrap().to_request();
    assert_eq!(
        BatchRequest::new(vec![("x".into(), inner)]),
        Err(BatchError::Nested("x".into()))
    );
    assert!(
        BatchError::TooMany { count: 21 }
            .to_string()
            .contains("at most 20")
    );
}

#[test]
fn encodes_reads_without_headers() {
    let b = BatchRequest::new(vec![("1".into(), list("sp-a")), ("2".into(), list("a/b"))]).unwrap();
    assert_eq!(
        b.to_json(),
        json!({"requests": [
            {"id": "1", "method": "GET", "url": "/servicePrincipals/sp-a/synchronization/jobs"},
            {"id": "2", "method": "GET", "url": "/servicePrincipals/a%2Fb/synchronization/jobs"}
        ]})
    );
    assert!(!b.has_writes());
    assert_eq!(b.ids().collect::<Vec<_>>(), ["1", "2"]);
    assert_eq!(b.get("2").unwrap().operation, Operation::ListJobs);
    assert!(b.get("3").is_none());
    assert!(!b.is_empty());
}

#[test]
fn a_body_always_comes_with_content_type() {
    let create = request::create_job("sp", "scim").unwrap();
    // A hand-made request with a body but no Content-Type.
    let mut bare = GraphRequest::new(Method::Post, "/x".into(), Operation::StartJob);
    bare.body = Some(json!({"a": 1}));
    let mut custom = GraphRequest::new(Method::Get, "/y".into(), Operation::ListJobs);
    custom.set_header("ConsistencyLevel", "eventual");
    let b = BatchRequest::new(vec![
        ("c".into(), create),
        ("b".into(), bare),
        ("h".into(), custom),
    ])
    .unwrap();
    let v = b.to_json();
    let r = &v["requests"];
    assert_eq!(
        r[0],
        json!({"id": "c", "method": "POST", "url": "/servicePrincipals/sp/synchronization/jobs",
               "headers": {"Content-Type": "application/json"}, "body": {"templateId": "scim"}})
    );
    assert_eq!(r[1]["headers"], json!({"Content-Type": "application/json"}));
    assert_eq!(r[1]["body"], json!({"a": 1}));
    assert_eq!(r[2]["headers"], json!({"ConsistencyLevel": "eventual"}));
    assert!(r[2].get("body").is_none());
    assert!(b.has_writes());
}

#[test]
fn the_batch_request_itself() {
    let b = BatchRequest::new(reads(2)).unwrap();
    let r = b.to_request();
    assert_eq!(r.method, Method::Post);
    assert_eq!(r.path, "/$batch");
    assert_eq!(
        r.url("https://graph.microsoft.com/v1.0"),
        "https://graph.microsoft.com/v1.0/$batch"
    );
    assert_eq!(r.header("Content-Type"), Some("application/json"));
    assert_eq!(r.body, Some(b.to_json()));
    // A batch of reads is retried like a read.
    assert_eq!(r.operation, Operation::Batch { writes: false });
    assert!(!r.is_write());
    let w = BatchRequest::new(vec![("1".into(), request::start_job("s", "j").unwrap())])
        .unwrap()
        .to_request();
    assert!(w.is_write());
}

#[test]
fn decode_request_round_trip() {
    let b = BatchRequest::new(vec![
        ("1".into(), list("x?y")),
        ("2".into(), request::create_job("sp", "aws").unwrap()),
    ])
    .unwrap();
    let decoded = decode_batch_request(&b.to_json().to_string()).unwrap();
    assert_eq!(decoded.len(), 2);
    assert_eq!(decoded[0].id, "1");
    assert_eq!(decoded[0].method(), Some(Method::Get));
    assert_eq!(
        decoded[0].url,
        "/servicePrincipals/x%3Fy/synchronization/jobs"
    );
    assert_eq!(decoded[0].body, Value::Null);
    assert_eq!(decoded[1].header("content-type"), Some("application/json"));
    assert_eq!(decoded[1].body, json!({"templateId": "aws"}));
    let with_deps = r#"{"requests":[{"id":1,"method":"get","url":"/a","dependsOn":["0"]}]}"#;
    let d = decode_batch_request(with_deps).unwrap();
    assert_eq!(d[0].id, "1");
    assert_eq!(d[0].method(), Some(Method::Get));
    assert_eq!(d[0].depends_on, ["0"]);
    assert!(decode_batch_request(r#"{"requests":[{"id":"1","url":"/a"}]}"#).is_err());
}

const RESPONSE: &str = r#"{
  "responses": [
    { "id": "2", "status": 429,
      "headers": { "retry-after": "12", "Content-Type": "application/json" },
      "body": { "error": { "code": "TooManyRequests", "message": "Please retry again later.",
                "innerError": { "code": "429", "request-id": "r-2" } } } },
    { "id": "1", "status": 200,
      "headers": { "Content-Type": "application/json" },
      "body": { "value": [] } },
    { "id": "3", "status": 424, "body": { "error": { "code": "FailedDependency", "message": "dep" } } },
    { "id": 4, "status": "204" }
  ]
}"#;

#[test]
fn decodes_responses_in_any_order() {
    let items = decode_batch_response(RESPONSE).unwrap();
    assert_eq!(
        items.iter().map(|i| i.id.as_str()).collect::<Vec<_>>(),
        ["2", "1", "3", "4"]
    );
    let throttled = &items[0];
    assert!(throttled.is_throttled());
    assert!(!throttled.is_success());
    assert_eq!(throttled.header("Retry-After"), Some("12"));
    assert_eq!(throttled.retry_after(), Some("12"));
    assert_eq!(throttled.retry_after_secs(), Some(12));
    let e = throttled.graph_error();
    assert_eq!(e.status, 429);
    assert_eq!(e.code, "TooManyRequests");
    assert_eq!(e.request_id.as_deref(), Some("r-2"));

    let ok = &items[1];
    assert!(ok.is_success());
    assert_eq!(ok.body, json!({"value": []}));
    assert_eq!(ok.retry_after_secs(), None);

    let dep = &items[2];
    assert!(dep.is_failed_dependency());
    assert_eq!(dep.graph_error().code, "FailedDependency");
    assert!(dep.headers.is_empty());

    let empty = &items[3];
    assert_eq!(empty.status, 204);
    assert_eq!(empty.body, Value::Null);
    assert_eq!(empty.body_text(), "");
    assert!(empty.is_success());
}

#[test]
fn graph_error_from_odd_bodies() {
    let mut i = item("1", 503);
    assert_eq!(
        i.graph_error().message,
        "HTTP 503 (Service Unavailable) with an empty body."
    );
    i.body = Value::String("<html>busy</html>".into());
    assert_eq!(i.body_text(), "<html>busy</html>");
    assert!(
        i.graph_error()
            .message
            .contains("non-JSON body: <html>busy")
    );
    i.body = json!({"error": {"code": "UnknownError", "message": ""}});
    assert_eq!(i.graph_error().code, "UnknownError");
}

#[test]
fn retry_after_header_variants() {
    let mut i = item("1", 429);
    i.headers = vec![("RETRY-AFTER".into(), " 30 ".into())];
    assert_eq!(i.retry_after_secs(), Some(30));
    i.headers = vec![("Retry-After".into(), "Wed, 21 Oct 2015 07:28:00 GMT".into())];
    assert_eq!(i.retry_after_secs(), None);
    assert_eq!(i.retry_after(), Some("Wed, 21 Oct 2015 07:28:00 GMT"));
    // A number in the JSON headers object is read as its text.
    let items = decode_batch_response(
        r#"{"responses":[{"id":"1","status":429,"headers":{"Retry-After":5,"X":null}}]}"#,
    )
    .unwrap();
    assert_eq!(items[0].retry_after_secs(), Some(5));
    assert_eq!(items[0].header("x"), Some("null"));
}

#[test]
fn decode_errors_are_parse_errors() {
    let cases = [
        "",
        "not json",
        "{\"responses\": [",
        "[]",
        "{}",
        r#"{"responses": {}}"#,
        r#"{"responses": [{"status": 200}]}"#,
        r#"{"responses": [{"id": "1"}]}"#,
        r#"{"responses": [{"id": "1", "status": 42}]}"#,
        r#"{"responses": [{"id": "1", "status": 70000}]}"#,
        r#"{"responses": [{"id": "1", "status": -1}]}"#,
        r#"{"responses": [{"id": "1", "status": "abc"}]}"#,
        r#"{"responses": [{"id": true, "status": 200}]}"#,
        r#"{"responses": [{"id": "1", "status": 200, "headers": []}]}"#,
    ];
    for text in cases {
        let e = decode_batch_response(text).unwrap_err();
        assert!(
            e.to_string().starts_with("a $batch response"),
            "{text}: {e}"
        );
    }
    assert!(matches!(
        decode_batch_response("{\"responses\": ["),
        Err(ParseError::Truncated { .. })
    ));
    assert!(matches!(
        decode_batch_response(r#"{"responses": [{"id": "1", "status": 42}]}"#),
        Err(ParseError::Shape { .. })
    ));
    // An empty list is a valid (if useless) answer.
    assert_eq!(
        decode_batch_response(r#"{"responses": []}"#).unwrap(),
        vec![]
    );
}

#[test]
fn matches_by_id() {
    let b = BatchRequest::new(reads(4)).unwrap();
    let responses = vec![
        item("3", 200),
        item("99", 200),
        item("1", 429),
        item("3", 500),
    ];
    let m = match_responses(&b, responses);
    assert_eq!(
        m.matched
            .iter()
            .map(|(id, r)| (id.as_str(), r.status))
            .collect::<Vec<_>>(),
        [("1", 429), ("3", 200)]
    );
    assert_eq!(m.missing, ["2", "4"]);
    assert_eq!(m.unexpected, ["99", "3"]);
}
