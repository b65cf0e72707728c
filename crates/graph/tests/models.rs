//! Jobs, service principals and pages beyond the docs' samples: realistic
//! running jobs, `$select`ed service principals, paging, shape errors.

use syncdeck_graph::{
    ODataPage, ParseError, QuarantineReason, ServicePrincipal, StatusCode, TaskExecutionResult,
    TemplateKind, parse, parse_job, parse_jobs_page, parse_service_principals_page, template_kind,
};

const RUNNING_JOB: &str = r#"{
  "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#servicePrincipals('x')/synchronization/jobs/$entity",
  "id": "AD2AADProvisioning.e4bbf44533ea4eabb17027f3a92e92aa.10a7a801-0000",
  "templateId": "AD2AADProvisioning",
  "futureProperty": {"nested": [1, 2, 3]},
  "schedule": {"expiration": null, "interval": "PT2M", "state": "Active"},
  "status": {
    "code": "Quarantine",
    "countSuccessiveCompleteFailures": "3",
    "escrowsPruned": false,
    "lastExecution": {
      "activityIdentifier": "run-1",
      "countEntitled": 10, "countEntitledForProvisioning": 9, "countEscrowed": 2,
      "countEscrowedRaw": 3, "countExported": 7, "countExports": 8, "countImported": 12,
      "countImportedDeltas": 4, "countImportedReferenceDeltas": 1,
      "error": {"code": "AzureDirectoryB2BManagementPolicyCheckFailure", "message": "Policy", "tenantActionable": true},
      "state": "EntryLevelErrors",
      "timeBegan": "2025-02-13T10:00:00.1234567Z",
      "timeEnded": "2025-02-13T10:03:12.9876543Z"
    },
    "lastSuccessfulExecution": null,
    "lastSuccessfulExecutionWithExports": null,
    "progress": [{"completedUnits": 5, "progressObservationDateTime": "2025-02-13T10:01:00Z", "totalUnits": 20, "units": "pages"}],
    "quarantine": {
      "currentBegan": "2025-02-13T10:05:00Z",
      "nextAttempt": "2025-02-14T10:05:00Z",
      "reason": "encounteredQuarantineException",
      "seriesBegan": "2025-02-01T00:00:00Z",
      "seriesCount": 12,
      "error": {"code": "SalesforceInvalidCredentials", "message": "bad", "tenantActionable": true}
    },
    "steadyStateFirstAchievedTime": "2025-01-01T00:00:00Z",
    "steadyStateLastAchievedTime": "0001-01-01T00:00:00Z",
    "synchronizedEntryCountByType": [{"key": "User to User", "value": 42}, {"key": "Group to Group", "value": "7"}],
    "troubleshootingUrl": "https://aka.ms/x"
  },
  "synchronizationJobSettings": [
    {"name": "QuarantineTooManyDeletesThreshold", "value": "500"},
    {"name": "LookaheadQueryEnabled", "value": null}
  ]
}"#;

#[test]
fn running_quarantined_job() {
    let job = parse_job(RUNNING_JOB).unwrap();
    assert_eq!(job.kind(), TemplateKind::CloudSync);
    assert_eq!(job.schedule.interval.human(), "every 2 minutes");
    assert_eq!(job.status.code, StatusCode::Quarantine);
    assert_eq!(job.status.count_successive_complete_failures, 3);
    let run = job.status.last_execution.as_ref().unwrap();
    assert_eq!(run.state, TaskExecutionResult::EntryLevelErrors);
    assert_eq!(
        (
            run.count_entitled,
            run.count_escrowed_raw,
            run.count_imported_reference_deltas
        ),
        (10, 3, 1)
    );
    assert_eq!(run.run_length().as_deref(), Some("3 min 12 s"));
    assert_eq!(run.activity_identifier.as_deref(), Some("run-1"));
    let q = job.status.quarantine.as_ref().unwrap();
    assert_eq!(q.reason, QuarantineReason::EncounteredQuarantineException);
    assert_eq!(q.series_count, 12);
    // seriesBegan 2025-02-01 + 28 days = 2025-03-01; now = 2025-02-13T10:17:06Z.
    assert_eq!(q.days_until_auto_disable(1_739_441_826_000), Some(15));
    assert_eq!(q.days_until_auto_disable(i64::MAX), Some(0));
    // The quarantine's error is the one to show.
    assert_eq!(
        job.status.last_error().map(|e| e.code.as_str()),
        Some("SalesforceInvalidCredentials")
    );
    assert_eq!(job.status.progress[0].ratio(), Some(0.25));
    assert!(job.status.has_reached_steady_state());
    assert_eq!(
        job.status.synchronized_entry_count_by_type[1].value, 7,
        "Int64 as a string of digits"
    );
    assert_eq!(job.setting("lookaheadqueryenabled"), None);
    assert_eq!(
        job.setting("QuarantineTooManyDeletesThreshold"),
        Some("500")
    );
    assert_eq!(
        job.status.troubleshooting_url.as_deref(),
        Some("https://aka.ms/x")
    );

    // A round trip through our own serialization changes nothing.
    let json = serde_json::to_string(&job).unwrap();
    assert_eq!(parse_job(&json).unwrap(), job);
}

#[test]
fn last_error_falls_back_to_the_last_run() {
    let body = r#"{"id":"j","status":{"quarantine":null,"lastExecution":{"error":{"code":"E1","message":"m"}}}}"#;
    let job = parse_job(body).unwrap();
    assert_eq!(job.status.last_error().map(|e| e.code.as_str()), Some("E1"));
    let body = r#"{"id":"j","status":{"lastExecution":{"error":{"code":"","message":""}}}}"#;
    assert_eq!(parse_job(body).unwrap().status.last_error(), None);
}

#[test]
fn minimal_and_null_heavy_jobs() {
    let job = parse_job(r#"{"id":"zendesk.26c3"}"#).unwrap();
    assert_eq!(job.kind(), TemplateKind::GalleryApp, "kind from the job id");
    assert_eq!(job.status.code.label(), "Unknown");
    assert_eq!(job.schedule.interval.human(), "no interval");
    let job = parse_job(
        r#"{"id":"x","templateId":null,"schedule":null,"status":null,"synchronizationJobSettings":null}"#,
    )
    .unwrap();
    assert_eq!(job.template_id, "");
    assert!(job.synchronization_job_settings.is_empty());
}

#[test]
fn shape_errors_name_the_problem() {
    let e = parse_job(r#"{"templateId":"aws"}"#).unwrap_err();
    assert!(matches!(e, ParseError::Shape { .. }));
    let text = e.to_string();
    assert!(text.contains("missing field `id`"), "{text}");
    assert!(text.starts_with("a synchronization job"), "{text}");
    assert!(text.contains("line 1 column"), "{text}");

    let e = parse_job(r#"{"id":"x","status":{"lastExecution":"yesterday"}}"#).unwrap_err();
    assert!(matches!(e, ParseError::Shape { .. }));
    assert!(
        e.to_string().contains("invalid type: string \"yesterday\""),
        "{e}"
    );

    let e = parse_jobs_page(r#"{"values":[]}"#).unwrap_err();
    assert!(e.to_string().contains("missing field `value`"), "{e}");

    let e = parse_job("").unwrap_err();
    assert!(matches!(e, ParseError::Truncated { .. }), "{e:?}");
    assert!(e.to_string().contains("ends too early"), "{e}");

    let e = parse_job("{\n  \"id\": \"x\",\n}").unwrap_err();
    assert!(matches!(e, ParseError::Syntax { .. }));
    assert_eq!((e.line(), e.column()), (3, 1));

    let e = parse::<ODataPage<ServicePrincipal>>("[]").unwrap_err();
    assert!(
        e.to_string().starts_with("ODataPage<ServicePrincipal>"),
        "{e}"
    );
}

#[test]
fn service_principal_pages() {
    let body = r##"{
      "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#servicePrincipals(id,displayName)",
      "@odata.count": 1234,
      "@odata.nextLink": "https://graph.microsoft.com/v1.0/servicePrincipals?$select=id,displayName&$skiptoken=RFNwd",
      "value": [
        {"id": "sp-1", "appId": "app-1", "displayName": "Salesforce", "applicationTemplateId": null,
         "servicePrincipalType": "Application", "tags": ["WindowsAzureActiveDirectoryIntegratedApp"],
         "accountEnabled": true, "keyCredentials": []},
        {"id": "sp-2"},
        {"@odata.type": "#microsoft.graph.agentIdentityBlueprintPrincipal", "id": "sp-3", "displayName": "  "}
      ]
    }"##;
    let page = parse_service_principals_page(body).unwrap();
    assert_eq!(page.count, Some(1234));
    assert!(page.has_more());
    assert!(
        page.next_link
            .as_deref()
            .unwrap()
            .ends_with("$skiptoken=RFNwd")
    );
    assert_eq!(page.value.len(), 3);
    let sp = &page.value[0];
    assert_eq!(sp.name(), "Salesforce");
    assert_eq!(sp.app_id.as_deref(), Some("app-1"));
    assert_eq!(sp.application_template_id, None);
    assert_eq!(sp.service_principal_type.as_deref(), Some("Application"));
    assert_eq!(sp.tags, vec!["WindowsAzureActiveDirectoryIntegratedApp"]);
    assert_eq!(sp.account_enabled, Some(true));
    let bare = &page.value[1];
    assert_eq!((bare.display_name.as_deref(), bare.tags.len()), (None, 0));
    assert_eq!(bare.name(), "sp-2");
    assert_eq!(page.value[2].name(), "sp-3");
    assert_eq!(
        page.value[2].odata_type.as_deref(),
        Some("#microsoft.graph.agentIdentityBlueprintPrincipal")
    );
    // Serializing a `$select`ed principal writes only what is there.
    assert_eq!(serde_json::to_string(bare).unwrap(), r#"{"id":"sp-2"}"#);

    let last = parse_service_principals_page(r#"{"value":[]}"#).unwrap();
    assert!(!last.has_more());
    assert_eq!(last.count, None);
    assert!(parse_service_principals_page(r#"{"value":[{"displayName":"x"}]}"#).is_err());
}

#[test]
fn template_kinds() {
    let cases = [
        ("AD2AADProvisioning", TemplateKind::CloudSync),
        ("AD2AADPasswordHash", TemplateKind::CloudSync),
        ("ad2aadprovisioning.e4bb.10a7", TemplateKind::CloudSync),
        ("API2AAD", TemplateKind::ApiDrivenInbound),
        ("API2AAD.b16687d3.1a03de52", TemplateKind::ApiDrivenInbound),
        ("API2AADCustom", TemplateKind::ApiDrivenInbound),
        ("Azure2Azure", TemplateKind::CrossTenantSync),
        ("Azure2Azure.abc", TemplateKind::CrossTenantSync),
        ("Workday", TemplateKind::HrInbound),
        ("WorkdayToAD.abc", TemplateKind::HrInbound),
        ("SuccessFactorsToAAD", TemplateKind::HrInbound),
        ("scim", TemplateKind::NonGalleryScim),
        ("scim.1234abcd", TemplateKind::NonGalleryScim),
        ("customappsso", TemplateKind::NonGalleryScim),
        ("customappsso.9f2c", TemplateKind::NonGalleryScim),
        ("aws", TemplateKind::GalleryApp),
        ("BoxOutDelta", TemplateKind::GalleryApp),
        ("SfSandboxOutDelta.e4bbf445", TemplateKind::GalleryApp),
        ("zendesk", TemplateKind::GalleryApp),
        ("scimGallery", TemplateKind::GalleryApp),
        ("AD", TemplateKind::GalleryApp),
        ("", TemplateKind::Unknown),
        ("  ", TemplateKind::Unknown),
        ("é", TemplateKind::GalleryApp),
    ];
    for (id, kind) in cases {
        assert_eq!(template_kind(id), kind, "{id:?}");
    }
    assert_eq!(TemplateKind::CloudSync.label(), "Cloud Sync");
    assert_eq!(
        TemplateKind::NonGalleryScim.to_string(),
        "Non-gallery SCIM app"
    );
    let labels: std::collections::BTreeSet<_> =
        TemplateKind::ALL.iter().map(|k| k.label()).collect();
    assert_eq!(labels.len(), TemplateKind::ALL.len());
}
