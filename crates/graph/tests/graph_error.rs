//! The Graph error envelope, including the bodies that are not one.

use syncdeck_graph::GraphError;

#[test]
fn full_envelope() {
    let body = r#"{ "error": { "code": "Authorization_RequestDenied",
        "message": "Insufficient privileges to complete the operation.",
        "innerError": { "date": "2025-02-13T10:17:06", "request-id": "93b6aa1c-1111",
                        "client-request-id": "e70c2d2e-2222" } } }"#;
    let e = GraphError::from_response(403, body);
    assert_eq!(e.status, 403);
    assert_eq!(e.code, "Authorization_RequestDenied");
    assert_eq!(
        e.message,
        "Insufficient privileges to complete the operation."
    );
    assert_eq!(e.request_id.as_deref(), Some("93b6aa1c-1111"));
    assert_eq!(e.client_request_id.as_deref(), Some("e70c2d2e-2222"));
    assert_eq!(e.date.as_deref(), Some("2025-02-13T10:17:06"));
    assert_eq!(e.inner_code, None);
    assert!(!e.is_throttled());
    assert_eq!(
        e.to_string(),
        "Insufficient privileges to complete the operation. (HTTP 403, code \
         Authorization_RequestDenied, request-id 93b6aa1c-1111, client-request-id \
         e70c2d2e-2222, date 2025-02-13T10:17:06)"
    );
}

#[test]
fn unknown_error_with_empty_message() {
    let body = r#"{"error":{"code":"UnknownError","message":"","innerError":{"date":"2023-01-01T00:00:00","request-id":"r-1","client-request-id":"c-1"}}}"#;
    let e = GraphError::from_response(401, body);
    assert_eq!(e.code, "UnknownError");
    assert_eq!(
        e.message,
        "HTTP 401 (Unauthorized) with error code UnknownError and no message."
    );
    assert_eq!(e.request_id.as_deref(), Some("r-1"));
    assert!(e.to_string().contains("request-id r-1"));
}

#[test]
fn non_json_body_is_quoted() {
    let html = format!(
        "<html><head><title>502 Bad Gateway</title></head><body>{}</body></html>",
        "x".repeat(500)
    );
    let e = GraphError::from_response(502, &html);
    assert_eq!(e.code, "UnknownError");
    assert!(
        e.message
            .starts_with("HTTP 502 (Bad Gateway) with a non-JSON body: <html><head><title>502"),
        "{}",
        e.message
    );
    // At most 200 characters of the body, then an ellipsis.
    let quoted = e.message.split_once("body: ").unwrap().1;
    assert_eq!(quoted.chars().count(), 201);
    assert!(quoted.ends_with('…'));
    assert_eq!(e.request_id, None);
}

#[test]
fn empty_body() {
    for body in ["", "   \n"] {
        let e = GraphError::from_response(503, body);
        assert_eq!(e.code, "UnknownError");
        assert_eq!(
            e.message,
            "HTTP 503 (Service Unavailable) with an empty body."
        );
        assert_eq!(
            e.to_string(),
            "HTTP 503 (Service Unavailable) with an empty body. (HTTP 503, code UnknownError)"
        );
    }
}

#[test]
fn inner_code_and_throttling() {
    let body = r#"{"error":{"code":"TooManyRequests","message":"Please retry again later.","innerError":{"code":"429","date":"2025-01-01T00:00:00","message":"Please retry after","request-id":"rq","status":"429"}}}"#;
    let e = GraphError::from_response(429, body);
    assert_eq!(e.code, "TooManyRequests");
    assert_eq!(e.inner_code.as_deref(), Some("429"));
    assert!(e.is_throttled());
    assert!(e.to_string().contains("inner code 429"));

    // No outer code: the inner code stands in.
    let body = r#"{"error":{"code":"","message":"","innererror":{"code":"badRequest"}}}"#;
    let e = GraphError::from_response(400, body);
    assert_eq!(e.code, "badRequest");
    assert_eq!(e.inner_code.as_deref(), Some("badRequest"));
    assert_eq!(
        e.message,
        "HTTP 400 (Bad Request) with error code badRequest and no message."
    );
}

#[test]
fn json_without_an_error_object() {
    let e = GraphError::from_response(500, r#"{"value":[]}"#);
    assert_eq!(e.code, "UnknownError");
    assert_eq!(
        e.message,
        r#"HTTP 500 (Internal Server Error) with a JSON body that has no error object: {"value":[]}"#
    );
    let e = GraphError::from_response(500, "[1,2]");
    assert!(e.message.contains("no error object"));
    let e = GraphError::from_response(404, r#"{"error":null}"#);
    assert_eq!(e.code, "UnknownError");
}

#[test]
fn oauth_style_body() {
    let body =
        r#"{"error":"invalid_grant","error_description":"AADSTS50173: The grant has expired."}"#;
    let e = GraphError::from_response(400, body);
    assert_eq!(e.code, "invalid_grant");
    assert_eq!(e.message, "AADSTS50173: The grant has expired.");
}

#[test]
fn never_panics_on_odd_bodies() {
    let long_multibyte = "é".repeat(1000);
    let bodies = [
        "{",
        "null",
        "\"error\"",
        r#"{"error":{"code":5,"message":["x"],"innerError":"nope"}}"#,
        r#"{"ERROR":{"CODE":"X","MESSAGE":"y"}}"#,
        &long_multibyte,
        "\u{0}\u{1}",
    ];
    for body in bodies {
        let e = GraphError::from_response(500, body);
        assert!(!e.code.is_empty(), "{body:?}");
        assert!(!e.message.is_empty(), "{body:?}");
    }
    let e = GraphError::from_response(500, r#"{"error":{"code":5,"message":["x"]}}"#);
    assert_eq!(e.code, "5");
    let e = GraphError::from_response(500, r#"{"ERROR":{"CODE":"X","MESSAGE":"y"}}"#);
    assert_eq!((e.code.as_str(), e.message.as_str()), ("X", "y"));
    let e = GraphError::from_response(500, &long_multibyte);
    assert!(e.message.ends_with('…'));
}

#[test]
fn an_error_written_as_an_envelope_reads_back_the_same() {
    let bodies = [
        r#"{"error":{"code":"Authorization_RequestDenied","message":"Insufficient privileges.","innerError":{"date":"2026-12-05T10:00:00","request-id":"r-1","client-request-id":"c-1","code":"403"}}}"#,
        r#"{"error":{"code":"BadRequest","message":"no ids"}}"#,
        "<html>502 Bad Gateway</html>",
        "",
    ];
    for (status, body) in [403, 400, 502, 500].into_iter().zip(bodies) {
        let e = GraphError::from_response(status, body);
        let again = GraphError::from_response(status, &e.to_envelope().to_string());
        assert_eq!(again, e, "{body}");
    }
}
