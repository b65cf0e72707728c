//! The hint table: Graph errors (and MSAL codes) to what the admin reads.

use syncdeck_graph::GraphError;
use syncdeck_graph::hints::{
    GRAPH_HINT_ROWS, HintKind, INVALID_RESPONSE, MSAL_HINT_ROWS, NETWORK_ERROR, Operation, hint,
    hint_for_msal, hint_kind, hint_with_retry_after, network_error,
};

fn err(status: u16, code: &str, message: &str) -> GraphError {
    let body = format!(
        r#"{{"error":{{"code":"{code}","message":"{message}","innerError":{{"date":"2025-02-13T10:17:06","request-id":"req-42","client-request-id":"cli-7"}}}}}}"#
    );
    GraphError::from_response(status, &body)
}

#[test]
fn operations_read_or_write() {
    let writes = [
        Operation::CreateJob,
        Operation::StartJob,
        Operation::PauseJob,
        Operation::RestartJob,
        Operation::DeleteJob,
        Operation::ProvisionOnDemand,
        Operation::ValidateCredentials,
        Operation::PutSecrets,
        Operation::PutSchema,
        Operation::Batch { writes: true },
    ];
    for op in Operation::ALL {
        assert_eq!(op.is_write(), writes.contains(&op), "{op:?}");
    }
}

#[test]
fn least_permissions_follow_reference_3_1() {
    for op in [
        Operation::ListJobs,
        Operation::GetJob,
        Operation::ListTemplates,
        Operation::GetSchema,
    ] {
        assert_eq!(
            op.least_permission(),
            ["Synchronization.Read.All"],
            "{op:?}"
        );
    }
    for op in Operation::ALL
        .into_iter()
        .filter(|o| o.is_write() && !matches!(o, Operation::Batch { .. }))
    {
        assert_eq!(
            op.least_permission(),
            ["Synchronization.ReadWrite.All"],
            "{op:?}"
        );
    }
    assert_eq!(
        Operation::ListServicePrincipals.least_permission(),
        ["Application.Read.All"]
    );
    assert_eq!(
        Operation::GetServicePrincipal.least_permission(),
        ["Application.Read.All"]
    );
    assert_eq!(
        Operation::ListProvisioningLogs.least_permission(),
        ["AuditLog.Read.All", "Directory.Read.All"]
    );
    assert!(
        Operation::Batch { writes: false }
            .least_permission()
            .is_empty()
    );
}

#[test]
fn directory_roles_follow_reference_3_2() {
    let app_admins = [
        "Application Administrator",
        "Cloud Application Administrator",
    ];
    assert_eq!(Operation::StartJob.directory_roles(None), app_admins);
    assert_eq!(
        Operation::ListJobs.directory_roles(Some("BoxOutDelta")),
        app_admins
    );
    for cloud_sync in [
        "AD2AADProvisioning",
        "AD2AADPasswordHash",
        "AD2AADProvisioning.fd1c9b9e8077402c8bc03a7186c8f976.3e4a6a6f-1111-2222-3333-444455556666",
    ] {
        assert_eq!(
            Operation::RestartJob.directory_roles(Some(cloud_sync)),
            ["Hybrid Identity Administrator"],
            "{cloud_sync}"
        );
    }
    let logs = Operation::ListProvisioningLogs.directory_roles(None);
    for role in ["Reports Reader", "Security Reader", "Global Reader"] {
        assert!(logs.contains(&role), "{role}");
    }
    assert!(
        Operation::ListServicePrincipals
            .directory_roles(None)
            .is_empty()
    );
}

#[test]
fn forbidden_names_the_permission_and_the_roles() {
    for code in ["Authorization_RequestDenied", "Forbidden", "AccessDenied"] {
        let e = err(
            403,
            code,
            "Insufficient privileges to complete the operation.",
        );
        let h = hint(&e, Operation::StartJob, Some("BoxOutDelta"));
        assert_eq!(h.kind, HintKind::MissingPermissionOrRole, "{code}");
        assert_eq!(h.title, "Permission or role missing");
        assert!(h.action.contains("start the job"), "{}", h.action);
        assert!(
            h.action
                .contains("delegated permission Synchronization.ReadWrite.All"),
            "{}",
            h.action
        );
        assert!(
            h.action
                .contains("Application Administrator or Cloud Application Administrator"),
            "{}",
            h.action
        );
        assert_eq!(h.retry_after_secs, None);
    }
}

#[test]
fn forbidden_on_a_read_names_the_read_permission() {
    let e = err(403, "Authorization_RequestDenied", "x");
    let h = hint(&e, Operation::ListJobs, None);
    assert!(
        h.action.contains("Synchronization.Read.All"),
        "{}",
        h.action
    );
    assert!(!h.action.contains("ReadWrite"), "{}", h.action);
}

#[test]
fn forbidden_on_cloud_sync_names_hybrid_identity_administrator() {
    let e = err(403, "Authorization_RequestDenied", "x");
    let h = hint(&e, Operation::PauseJob, Some("AD2AADPasswordHash"));
    assert!(
        h.action.contains("Hybrid Identity Administrator"),
        "{}",
        h.action
    );
    assert!(!h.action.contains("Cloud Application"), "{}", h.action);
}

#[test]
fn forbidden_on_logs_names_both_permissions_and_report_roles() {
    let e = err(403, "Authorization_RequestDenied", "x");
    let h = hint(&e, Operation::ListProvisioningLogs, None);
    assert!(
        h.action
            .contains("AuditLog.Read.All and Directory.Read.All"),
        "{}",
        h.action
    );
    assert!(h.action.contains("Reports Reader"), "{}", h.action);
    assert!(h.action.contains("Security Reader"), "{}", h.action);
}

#[test]
fn forbidden_listing_service_principals_names_application_read_all() {
    let e = err(403, "Authorization_RequestDenied", "x");
    let h = hint(&e, Operation::ListServicePrincipals, None);
    assert_eq!(h.kind, HintKind::MissingPermissionOrRole);
    assert!(h.action.contains("Application.Read.All"), "{}", h.action);
}

#[test]
fn insufficient_claims_needs_interactive_sign_in() {
    let e = GraphError::from_response(
        403,
        r#"{"error":"insufficient_claims","error_description":"claims challenge"}"#,
    );
    let h = hint(&e, Operation::ListJobs, None);
    assert_eq!(h.kind, HintKind::ConditionalAccess);
    assert!(h.action.contains("Sign in again interactively"));
    // Also as an inner code.
    let e = GraphError::from_response(
        401,
        r#"{"error":{"code":"InvalidAuthenticationToken","message":"m","innerError":{"code":"insufficient_claims"}}}"#,
    );
    assert_eq!(hint_kind(&e), HintKind::ConditionalAccess);
}

#[test]
fn unauthorized_means_sign_in_again() {
    let e = err(
        401,
        "InvalidAuthenticationToken",
        "Access token has expired or is not yet valid.",
    );
    let h = hint(&e, Operation::ListJobs, None);
    assert_eq!(h.kind, HintKind::SignInAgain);
    assert_eq!(h.title, "Sign in again");
    assert!(h.action.contains("expired"));
    assert!(!h.action.contains("OwnedBy"), "{}", h.action);
}

#[test]
fn unauthorized_unknown_error_on_sync_mentions_owned_by_caveat() {
    let e = GraphError::from_response(401, r#"{"error":{"code":"UnknownError","message":""}}"#);
    let h = hint(&e, Operation::RestartJob, None);
    assert_eq!(h.kind, HintKind::SignInAgain);
    assert!(
        h.action.contains("Application.ReadWrite.OwnedBy"),
        "{}",
        h.action
    );
    assert!(h.action.contains("owner of this enterprise app"));
    // Not for service principal reads.
    let h = hint(&e, Operation::ListServicePrincipals, None);
    assert!(!h.action.contains("OwnedBy"));
}

#[test]
fn throttled_says_how_long_to_wait() {
    let e = GraphError::from_response(
        429,
        r#"{"error":{"code":"TooManyRequests","message":"Please retry again later.","innerError":{"code":"429","request-id":"r"}}}"#,
    );
    let h = hint_with_retry_after(&e, Operation::ListJobs, None, Some(17));
    assert_eq!(h.kind, HintKind::Throttled);
    assert_eq!(h.retry_after_secs, Some(17));
    assert!(h.action.contains("Wait 17 seconds"), "{}", h.action);
    assert!(h.action.contains("did not run"));
    let h = hint_with_retry_after(&e, Operation::ListJobs, None, Some(1));
    assert!(h.action.contains("Wait 1 second "), "{}", h.action);
    let h = hint(&e, Operation::StartJob, None);
    assert_eq!(h.retry_after_secs, None);
    assert!(h.action.contains("Wait a moment"), "{}", h.action);
    // A Retry-After is only reported for throttling.
    let h = hint_with_retry_after(&err(404, "x", "y"), Operation::GetJob, None, Some(5));
    assert_eq!(h.retry_after_secs, None);
}

#[test]
fn not_found_mentions_app_id_confusion() {
    for code in ["Request_ResourceNotFound", "ResourceNotFound"] {
        let h = hint(&err(404, code, "gone"), Operation::GetJob, None);
        assert_eq!(h.kind, HintKind::NotFound);
        assert!(h.action.contains("deleted"));
        assert!(h.action.contains("object id"), "{}", h.action);
    }
}

#[test]
fn conflict_retry_in_a_moment() {
    for (status, code) in [(409, "Directory_ConcurrencyViolation"), (409, "conflict")] {
        let h = hint(&err(status, code, "m"), Operation::CreateJob, None);
        assert_eq!(h.kind, HintKind::Conflict, "{code}");
        assert!(h.action.contains("try again"));
    }
    // The concurrency code wins on other statuses too.
    assert_eq!(
        hint_kind(&err(412, "Directory_ConcurrencyViolation", "m")),
        HintKind::Conflict
    );
}

#[test]
fn bad_request_shows_the_message() {
    let h = hint(
        &err(400, "BadRequest", "The templateId 'nope' does not exist."),
        Operation::CreateJob,
        None,
    );
    assert_eq!(h.kind, HintKind::BadRequest);
    assert!(
        h.action
            .ends_with(": The templateId 'nope' does not exist."),
        "{}",
        h.action
    );
}

#[test]
fn service_errors_quote_the_request_id() {
    for status in [500, 502, 503, 504] {
        let h = hint(&err(status, "UnknownError", ""), Operation::StartJob, None);
        assert_eq!(h.kind, HintKind::ServiceError, "{status}");
        assert_eq!(h.title, "Microsoft Graph service error");
        assert!(h.action.contains("request-id req-42"), "{}", h.action);
        assert!(h.action.contains("client-request-id cli-7"), "{}", h.action);
        assert!(h.action.contains(&format!("HTTP {status}")));
    }
    // UnknownError with an empty message on an odd status is a service error too.
    let e = GraphError::from_response(405, r#"{"error":{"code":"UnknownError","message":""}}"#);
    let h = hint(&e, Operation::GetJob, None);
    assert_eq!(h.kind, HintKind::ServiceError);
    assert!(
        h.action.contains("Graph sent no request-id"),
        "{}",
        h.action
    );
    // An empty 503 body.
    assert_eq!(
        hint_kind(&GraphError::from_response(503, "")),
        HintKind::ServiceError
    );
    // An unreadable answer.
    let mut e = GraphError::from_response(200, "");
    e.code = INVALID_RESPONSE.to_owned();
    assert_eq!(hint_kind(&e), HintKind::ServiceError);
}

#[test]
fn network_errors() {
    let e = network_error("TypeError: Failed to fetch");
    assert_eq!(e.status, 0);
    assert_eq!(e.code, NETWORK_ERROR);
    assert!(e.message.contains("Failed to fetch"));
    let h = hint(&e, Operation::ListJobs, None);
    assert_eq!(h.kind, HintKind::Network);
    assert!(h.action.contains("network connection"));
    assert_eq!(
        network_error("  ").message,
        "The request got no answer from Microsoft Graph."
    );
}

#[test]
fn failed_dependency_and_other() {
    assert_eq!(
        hint_kind(&err(424, "FailedDependency", "m")),
        HintKind::FailedDependency
    );
    let h = hint(
        &err(418, "Teapot", "short and stout"),
        Operation::GetJob,
        None,
    );
    assert_eq!(h.kind, HintKind::Other);
    assert_eq!(h.title, "Microsoft Graph answered HTTP 418");
    assert!(
        h.action.contains("short and stout (Teapot)"),
        "{}",
        h.action
    );
    assert!(h.action.contains("request-id req-42"));
}

#[test]
fn codes_match_ignoring_case() {
    assert_eq!(
        hint_kind(&err(200, "toomanyrequests", "m")),
        HintKind::Throttled
    );
}

#[test]
fn table_rows_are_reachable() {
    // Every kind a row names is produced by some error; guards against a
    // row shadowed by an earlier catch-all.
    let samples = [
        (0, "x"),
        (500, NETWORK_ERROR),
        (403, "insufficient_claims"),
        (401, "x"),
        (403, "x"),
        (200, "TooManyRequests"),
        (429, "x"),
        (404, "x"),
        (409, "x"),
        (412, "Directory_ConcurrencyViolation"),
        (424, "x"),
        (400, "x"),
        (500, "x"),
        (405, "UnknownError"),
    ];
    assert_eq!(samples.len(), GRAPH_HINT_ROWS.len());
    for (row, (status, code)) in GRAPH_HINT_ROWS.iter().zip(samples) {
        assert_eq!(
            hint_kind(&err(status, code, "m")),
            row.kind,
            "{status} {code}"
        );
    }
}

#[test]
fn msal_codes() {
    let cases = [
        ("interaction_required", HintKind::InteractionRequired),
        ("login_required", HintKind::InteractionRequired),
        ("consent_required", HintKind::ConsentRequired),
        ("user_cancelled", HintKind::UserCancelled),
        ("popup_window_error", HintKind::PopupBlocked),
        ("empty_window_error", HintKind::PopupBlocked),
        ("interaction_in_progress", HintKind::InteractionInProgress),
        (" Interaction_Required ", HintKind::InteractionRequired),
    ];
    for (code, kind) in cases {
        let h = hint_for_msal(code);
        assert_eq!(h.kind, kind, "{code}");
        assert!(!h.action.is_empty());
        assert_eq!(h.retry_after_secs, None);
    }
    assert!(
        hint_for_msal("consent_required")
            .action
            .contains("admin consent")
    );
    assert!(
        hint_for_msal("popup_window_error")
            .action
            .contains("redirect")
    );
    let unknown = hint_for_msal("something_new");
    assert_eq!(unknown.kind, HintKind::Other);
    assert!(unknown.action.contains("something_new"));
    assert!(hint_for_msal("").action.contains("without a code"));
    // No code is listed twice.
    let mut codes: Vec<&str> = MSAL_HINT_ROWS
        .iter()
        .flat_map(|r| r.codes.iter().copied())
        .collect();
    let n = codes.len();
    codes.sort_unstable();
    codes.dedup();
    assert_eq!(codes.len(), n);
}

#[test]
fn every_operation_describes_itself() {
    for op in Operation::ALL {
        assert!(!op.describe().is_empty());
        assert_eq!(op.to_string(), op.describe());
    }
}
