//! Request builders: exact paths, queries, bodies and headers, hostile ids.

use serde_json::json;
use syncdeck_graph::enums::SynchronizationSecret;
use syncdeck_graph::hints::Operation;
use syncdeck_graph::model::{SecretsPutBody, SynchronizationSecretKeyStringValuePair};
use syncdeck_graph::request::{
    self, CredentialsValidation, GraphRequest, Method, RequestError, ServicePrincipalQuery,
    encode_query_value, encode_segment, odata_string,
};
use syncdeck_graph::restart::{RestartCriteria, RestartScope};
use syncdeck_graph::retry::RequestKind;

const ROOT: &str = "https://graph.microsoft.com/v1.0";
const SP: &str = "3d2c1b0a-aaaa-bbbb-cccc-123456789abc";
const JOB: &str = "BoxOutDelta.e4bbf44533ea4eabb17027f3a92e92aa";
const JOBS: &str = "/servicePrincipals/3d2c1b0a-aaaa-bbbb-cccc-123456789abc/synchronization/jobs";

fn job_path(rest: &str) -> String {
    format!("{JOBS}/{JOB}{rest}")
}

fn json_headers(r: &GraphRequest) {
    assert_eq!(
        r.headers,
        vec![("Content-Type".to_owned(), "application/json".to_owned())]
    );
    assert_eq!(r.header("content-type"), Some("application/json"));
}

#[test]
fn list_service_principals_default_query() {
    let r = request::list_service_principals(&ServicePrincipalQuery::default());
    assert_eq!(r.method, Method::Get);
    assert_eq!(
        r.path,
        "/servicePrincipals?$select=id,appId,displayName,applicationTemplateId&$top=999"
    );
    assert_eq!(r.operation, Operation::ListServicePrincipals);
    assert!(r.body.is_none());
    assert!(r.headers.is_empty());
    assert!(!r.is_write());
    assert_eq!(r.kind(), RequestKind::Read);
}

#[test]
fn list_service_principals_filter_and_top_bounds() {
    let q = ServicePrincipalQuery {
        select: vec!["id".into(), "displayName".into()],
        top: Some(5000),
        display_name_prefix: Some("O'Brien & Co #1".into()),
    };
    let r = request::list_service_principals(&q);
    assert_eq!(
        r.path,
        "/servicePrincipals?$select=id,displayName&$top=999\
         &$filter=startswith(displayName,'O''Brien%20%26%20Co%20%231')"
    );
    let q = ServicePrincipalQuery {
        select: vec![],
        top: Some(0),
        display_name_prefix: Some("  ".into()),
    };
    assert_eq!(
        request::list_service_principals(&q).path,
        "/servicePrincipals?$top=1"
    );
    let q = ServicePrincipalQuery {
        select: vec![],
        top: None,
        display_name_prefix: Some("Zoë".into()),
    };
    assert_eq!(
        request::list_service_principals(&q).path,
        "/servicePrincipals?$filter=startswith(displayName,'Zo%C3%AB')"
    );
}

#[test]
fn get_service_principal() {
    let r = request::get_service_principal(SP).unwrap();
    assert_eq!(r.method, Method::Get);
    assert_eq!(
        r.url(ROOT),
        format!("{ROOT}/servicePrincipals/{SP}?$select=id,appId,displayName,applicationTemplateId")
    );
    assert_eq!(r.operation, Operation::GetServicePrincipal);
}

#[test]
fn jobs_reads() {
    let r = request::list_jobs(SP).unwrap();
    assert_eq!((r.method, r.path.as_str()), (Method::Get, JOBS));
    assert_eq!(r.operation, Operation::ListJobs);
    assert_eq!(r.url(ROOT), format!("{ROOT}{JOBS}"));
    // A trailing slash on the root is ignored.
    assert_eq!(r.url(&format!("{ROOT}/")), format!("{ROOT}{JOBS}"));

    let r = request::get_job(SP, JOB).unwrap();
    assert_eq!((r.method, r.path.clone()), (Method::Get, job_path("")));
    assert_eq!(r.operation, Operation::GetJob);

    let r = request::get_schema(SP, JOB).unwrap();
    assert_eq!(r.path, job_path("/schema"));
    assert_eq!(r.operation, Operation::GetSchema);

    let r = request::list_templates(SP).unwrap();
    assert_eq!(
        r.path,
        format!("/servicePrincipals/{SP}/synchronization/templates")
    );
    assert_eq!(r.operation, Operation::ListTemplates);
    for r in [
        request::list_jobs(SP).unwrap(),
        request::get_job(SP, JOB).unwrap(),
        request::get_schema(SP, JOB).unwrap(),
        request::list_templates(SP).unwrap(),
    ] {
        assert!(r.body.is_none() && r.headers.is_empty() && !r.is_write());
    }
}

#[test]
fn create_job() {
    let r = request::create_job(SP, "BoxOutDelta").unwrap();
    assert_eq!((r.method, r.path.as_str()), (Method::Post, JOBS));
    assert_eq!(r.body, Some(json!({"templateId": "BoxOutDelta"})));
    json_headers(&r);
    assert_eq!(r.operation, Operation::CreateJob);
    assert!(r.is_write());
    assert_eq!(r.kind(), RequestKind::Write);
    // Same as the documented request body.
    let doc: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/create-job-request.json"
        ))
        .unwrap(),
    )
    .unwrap();
    assert_eq!(r.body, Some(doc));
}

#[test]
fn start_pause_delete() {
    let cases = [
        (
            request::start_job(SP, JOB).unwrap(),
            Method::Post,
            "/start",
            Operation::StartJob,
        ),
        (
            request::pause_job(SP, JOB).unwrap(),
            Method::Post,
            "/pause",
            Operation::PauseJob,
        ),
        (
            request::delete_job(SP, JOB).unwrap(),
            Method::Delete,
            "",
            Operation::DeleteJob,
        ),
    ];
    for (r, method, suffix, op) in cases {
        assert_eq!(r.method, method);
        assert_eq!(r.path, job_path(suffix));
        assert_eq!(r.operation, op);
        assert!(r.body.is_none(), "{op:?} has no body");
        assert!(r.headers.is_empty());
        assert!(r.is_write());
    }
}

#[test]
fn restart_with_criteria() {
    let r = request::restart_job(
        SP,
        JOB,
        &RestartCriteria::new(RestartScope::QUARANTINE_STATE),
    )
    .unwrap();
    assert_eq!(
        (r.method, r.path.clone()),
        (Method::Post, job_path("/restart"))
    );
    assert_eq!(
        r.body,
        Some(json!({"criteria": {"resetScope": "QuarantineState"}}))
    );
    json_headers(&r);
    assert_eq!(r.operation, Operation::RestartJob);

    // The portal's Restart: an empty scope.
    let r = request::restart_job(SP, JOB, &RestartCriteria::default()).unwrap();
    assert_eq!(r.body, Some(json!({"criteria": {"resetScope": ""}})));

    // The documented example.
    let scope = RestartScope::WATERMARK | RestartScope::ESCROWS | RestartScope::QUARANTINE_STATE;
    let r = request::restart_job(SP, JOB, &RestartCriteria::new(scope)).unwrap();
    let wire = r.body.as_ref().unwrap()["criteria"]["resetScope"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut names: Vec<&str> = wire.split(", ").collect();
    names.sort_unstable();
    assert_eq!(names, ["Escrows", "QuarantineState", "Watermark"]);
}

#[test]
fn provision_on_demand_takes_any_body() {
    let body = json!({"parameters": [{"ruleId": "r1", "subjects": [
        {"objectId": "u1", "objectTypeName": "User"}]}]});
    let r = request::provision_on_demand(SP, JOB, &body).unwrap();
    assert_eq!(
        (r.method, r.path.clone()),
        (Method::Post, job_path("/provisionOnDemand"))
    );
    assert_eq!(r.body, Some(body));
    json_headers(&r);
    assert_eq!(r.operation, Operation::ProvisionOnDemand);
}

#[test]
fn provision_on_demand_with_an_unserializable_body_is_an_error() {
    use std::collections::BTreeMap;
    // JSON object keys must be strings.
    let mut bad = BTreeMap::new();
    bad.insert(vec![1u8], 2u8);
    let e = request::provision_on_demand(SP, JOB, &bad).unwrap_err();
    assert!(matches!(
        e,
        RequestError::Body {
            operation: Operation::ProvisionOnDemand,
            ..
        }
    ));
    assert!(e.to_string().contains("provision on demand"), "{e}");
}

fn secret(key: SynchronizationSecret, value: &str) -> SynchronizationSecretKeyStringValuePair {
    SynchronizationSecretKeyStringValuePair::new(key, value)
}

#[test]
fn validate_credentials_both_forms() {
    let body = CredentialsValidation {
        credentials: vec![
            secret(
                SynchronizationSecret::BaseAddress,
                "https://scim.example.com",
            ),
            secret(SynchronizationSecret::SecretToken, "s3cr3t"),
        ],
        use_saved_credentials: false,
        template_id: None,
        application_identifier: None,
    };
    let expected = json!({
        "credentials": [
            {"key": "BaseAddress", "value": "https://scim.example.com"},
            {"key": "SecretToken", "value": "s3cr3t"}
        ],
        "useSavedCredentials": false
    });
    let r = request::validate_credentials(SP, JOB, &body).unwrap();
    assert_eq!(
        (r.method, r.path.clone()),
        (Method::Post, job_path("/validateCredentials"))
    );
    assert_eq!(r.body, Some(expected));
    json_headers(&r);
    assert_eq!(r.operation, Operation::ValidateCredentials);

    let before = CredentialsValidation {
        use_saved_credentials: true,
        template_id: Some("scim".into()),
        ..body.clone()
    };
    let r = request::validate_credentials_before_job(SP, &before).unwrap();
    assert_eq!(r.path, format!("{JOBS}/validateCredentials"));
    let b = r.body.unwrap();
    assert_eq!(b["useSavedCredentials"], json!(true));
    assert_eq!(b["templateId"], json!("scim"));
    assert!(b.get("applicationIdentifier").is_none());
    // Secret values never reach Debug output.
    assert!(!format!("{body:?}").contains("s3cr3t"));
}

#[test]
fn put_secrets() {
    let body = SecretsPutBody::new(vec![
        secret(SynchronizationSecret::BaseAddress, "https://x"),
        secret(SynchronizationSecret::SyncAll, "false"),
    ]);
    let r = request::put_secrets(SP, &body).unwrap();
    assert_eq!(r.method, Method::Put);
    assert_eq!(
        r.path,
        format!("/servicePrincipals/{SP}/synchronization/secrets")
    );
    assert_eq!(
        r.body,
        Some(json!({"value": [
            {"key": "BaseAddress", "value": "https://x"},
            {"key": "SyncAll", "value": "false"}
        ]}))
    );
    json_headers(&r);
    assert_eq!(r.operation, Operation::PutSecrets);
    assert!(r.is_write());
}

#[test]
fn provisioning_logs_for_a_job() {
    let r = request::provisioning_logs_for_job(JOB, 50);
    assert_eq!(r.method, Method::Get);
    assert_eq!(
        r.url(ROOT),
        format!(
            "{ROOT}/auditLogs/provisioning?$filter=jobId%20eq%20'{JOB}'&$top=50\
             &$orderby=activityDateTime%20desc"
        )
    );
    assert_eq!(r.operation, Operation::ListProvisioningLogs);
    // Quotes are doubled, the rest encoded; $top is bounded.
    let r = request::provisioning_logs_for_job("a'b&c", 0);
    assert_eq!(
        r.path,
        "/auditLogs/provisioning?$filter=jobId%20eq%20'a''b%26c'&$top=1\
         &$orderby=activityDateTime%20desc"
    );
    assert!(
        request::provisioning_logs_for_job("x", 100_000)
            .path
            .contains("&$top=1000&")
    );
}

#[test]
fn hostile_ids_are_encoded_as_one_segment() {
    let cases = [
        ("a/b", "a%2Fb"),
        ("x?y", "x%3Fy"),
        ("frag#ment", "frag%23ment"),
        ("'", "%27"),
        ("O'Brien", "O%27Brien"),
        ("100%", "100%25"),
        ("a b+c", "a%20b%2Bc"),
        ("Zoë", "Zo%C3%AB"),
        ("日本", "%E6%97%A5%E6%9C%AC"),
        ("🙂", "%F0%9F%99%82"),
        ("...", "..."),
        ("a.b-c_d~e", "a.b-c_d~e"),
        ("\\", "%5C"),
        ("\0", "%00"),
    ];
    for (id, encoded) in cases {
        assert_eq!(encode_segment(id, "job id").unwrap(), encoded, "{id:?}");
        let r = request::get_job(SP, id).unwrap();
        assert_eq!(r.path, format!("{JOBS}/{encoded}"), "{id:?}");
        let r = request::start_job(id, id).unwrap();
        assert_eq!(
            r.path,
            format!("/servicePrincipals/{encoded}/synchronization/jobs/{encoded}/start")
        );
    }
}

#[test]
fn ids_a_browser_would_resolve_are_refused() {
    for id in ["", ".", ".."] {
        let e = request::list_jobs(id).unwrap_err();
        assert!(
            matches!(&e, RequestError::InvalidId { what: "service principal id", id: got, .. } if got == id),
            "{e:?}"
        );
        let e = request::get_job(SP, id).unwrap_err();
        assert!(
            matches!(e, RequestError::InvalidId { what: "job id", .. }),
            "{e:?}"
        );
        assert!(request::get_service_principal(id).is_err());
        assert!(request::create_job(id, "x").is_err());
        assert!(request::delete_job(SP, id).is_err());
        assert!(request::restart_job(SP, id, &RestartCriteria::default()).is_err());
        assert!(request::put_secrets(id, &SecretsPutBody::default()).is_err());
        assert!(
            request::validate_credentials_before_job(id, &CredentialsValidation::default())
                .is_err()
        );
    }
    assert!(
        request::list_jobs("")
            .unwrap_err()
            .to_string()
            .contains("it is empty")
    );
}

#[test]
fn query_values_and_literals() {
    assert_eq!(encode_query_value("$select,a:b(c)'d'"), "$select,a:b(c)'d'");
    assert_eq!(
        encode_query_value("a b&c=d#e?f/g+h"),
        "a%20b%26c%3Dd%23e%3Ff%2Fg%2Bh"
    );
    assert_eq!(odata_string("it's"), "'it''s'");
    assert_eq!(odata_string(""), "''");
}

#[test]
fn methods() {
    for (m, name) in [
        (Method::Get, "GET"),
        (Method::Post, "POST"),
        (Method::Put, "PUT"),
        (Method::Patch, "PATCH"),
        (Method::Delete, "DELETE"),
    ] {
        assert_eq!(m.as_str(), name);
        assert_eq!(Method::parse(name), Some(m));
        assert_eq!(Method::parse(&name.to_lowercase()), Some(m));
        assert_eq!(m.is_write(), m != Method::Get);
    }
    assert_eq!(Method::parse("HEAD"), None);
}

#[test]
fn headers_replace_ignoring_case() {
    let mut r = request::list_jobs(SP).unwrap();
    r.set_header("ConsistencyLevel", "eventual");
    r.set_header("consistencylevel", "session");
    assert_eq!(
        r.headers,
        vec![("consistencylevel".to_owned(), "session".to_owned())]
    );
    assert_eq!(r.header("CONSISTENCYLEVEL"), Some("session"));
    assert_eq!(r.header("Missing"), None);
}
