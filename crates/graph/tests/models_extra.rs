//! Templates, secrets, provision on demand and provisioning logs beyond the
//! documentation samples: leniency, errors, redaction and Graph's shape on
//! the way out.

use serde_json::json;
use syncdeck_graph::ParseError;
use syncdeck_graph::enums::{
    InitiatorType, ProvisioningAction, ProvisioningResult, ProvisioningStatusErrorCategory,
    ProvisioningStepType, SynchronizationMetadata, SynchronizationSecret,
};
use syncdeck_graph::model::{
    ModifiedProperty, OnDemandChange, OnDemandOutcome, OnDemandResult, ProvisionOnDemandRequest,
    ProvisioningObjectSummary, REDACTED, SecretsPutBody, StringKeyStringValuePair,
    SynchronizationJobSubject, SynchronizationLinkedObjects,
    SynchronizationSecretKeyStringValuePair, SynchronizationTemplate,
    parse_provision_on_demand_response, parse_provisioning_page, parse_template,
    parse_templates_page,
};

// --- enums -----------------------------------------------------------------

#[test]
fn new_enums_have_the_csdl_values_and_keep_unknown_members() {
    assert_eq!(SynchronizationSecret::SyncAll.csdl_value(), Some(22));
    assert_eq!(
        SynchronizationSecret::SyncNotificationSettings.csdl_value(),
        Some(37)
    );
    assert_eq!(
        SynchronizationSecret::ConnectionString.csdl_value(),
        Some(250)
    );
    assert_eq!(
        SynchronizationSecret::from_csdl_value(5),
        SynchronizationSecret::BaseAddress
    );
    assert_eq!(
        SynchronizationSecret::from_graph_name("secrettoken"),
        SynchronizationSecret::SecretToken
    );
    assert_eq!(
        SynchronizationSecret::from_csdl_value(8),
        SynchronizationSecret::Unknown("8".into())
    );
    assert_eq!(SynchronizationSecret::KNOWN.len(), 45);
    assert_eq!(
        SynchronizationMetadata::ConfigurationFields.csdl_value(),
        Some(8)
    );
    assert_eq!(SynchronizationMetadata::KNOWN.len(), 9);
    assert_eq!(
        ProvisioningAction::from_graph_name("Create"),
        ProvisioningAction::Create
    );
    assert_eq!(
        ProvisioningAction::from_graph_name("STAGEDDELETE"),
        ProvisioningAction::StagedDelete
    );
    assert_eq!(
        ProvisioningAction::StagedDelete.graph_name(),
        "stagedDelete"
    );
    assert_eq!(
        ProvisioningAction::from_csdl_value(6),
        ProvisioningAction::UnknownFutureValue
    );
    assert_eq!(ProvisioningResult::Warning.csdl_value(), Some(3));
    assert_eq!(
        ProvisioningStepType::from_graph_name("Matching"),
        ProvisioningStepType::Matching
    );
    assert_eq!(
        ProvisioningStepType::ReferenceResolution.csdl_value(),
        Some(4)
    );
    assert_eq!(
        ProvisioningStatusErrorCategory::from_graph_name("nonservicefailure"),
        ProvisioningStatusErrorCategory::NonServiceFailure
    );
    assert_eq!(InitiatorType::System.csdl_value(), Some(2));
    assert_eq!(
        InitiatorType::from_graph_name("robot"),
        InitiatorType::Unknown("robot".into())
    );
}

#[test]
fn secret_sensitivity() {
    for s in [
        SynchronizationSecret::SecretToken,
        SynchronizationSecret::Password,
        SynchronizationSecret::ClientSecret,
        SynchronizationSecret::Oauth2RefreshToken,
        SynchronizationSecret::ConnectionString,
        SynchronizationSecret::Unknown("NewSecret".into()),
    ] {
        assert!(s.is_sensitive(), "{s}");
    }
    for s in [
        SynchronizationSecret::BaseAddress,
        SynchronizationSecret::SyncAll,
        SynchronizationSecret::SyncNotificationSettings,
        SynchronizationSecret::UserName,
    ] {
        assert!(!s.is_sensitive(), "{s}");
    }
}

// --- templates -------------------------------------------------------------

#[test]
fn template_metadata_keys_and_lenient_values() {
    let t = parse_template(
        r#"{
            "id": "aws",
            "applicationId": null,
            "default": "true",
            "discoverable": "True",
            "factoryTag": "aws",
            "metadata": [
                {"key": "GalleryApplicationKey", "value": "aws"},
                {"key": "isOAuthEnabled", "value": "false"},
                {"key": 8, "value": "[]"},
                {"key": "FutureKey", "value": null}
            ]
        }"#,
    )
    .unwrap();
    assert_eq!(t.application_id, "");
    assert!(t.default);
    assert!(t.discoverable);
    assert_eq!(
        t.display_name(),
        "aws",
        "a factory tag equal to the id is not repeated"
    );
    assert_eq!(
        t.metadata_value(&SynchronizationMetadata::GalleryApplicationKey),
        Some("aws")
    );
    assert_eq!(
        t.metadata_value(&SynchronizationMetadata::IsOAuthEnabled),
        Some("false")
    );
    assert_eq!(
        t.metadata_value(&SynchronizationMetadata::ConfigurationFields),
        Some("[]")
    );
    assert_eq!(
        t.metadata[3].key,
        SynchronizationMetadata::Unknown("FutureKey".into())
    );
    assert_eq!(
        t.metadata_value(&SynchronizationMetadata::Unknown("FutureKey".into())),
        None
    );
    assert_eq!(
        t.metadata_value(&SynchronizationMetadata::OAuthSettings),
        None
    );
    // Graph's shape on the way out, and back.
    let json = serde_json::to_value(&t).unwrap();
    assert_eq!(json["default"], true);
    assert_eq!(json["factoryTag"], "aws");
    assert_eq!(json["metadata"][1]["key"], "IsOAuthEnabled");
    assert_eq!(json["metadata"][2]["key"], "ConfigurationFields");
    assert_eq!(json["metadata"][3]["key"], "FutureKey");
    assert_eq!(json["description"], serde_json::Value::Null);
    assert!(json.get("schema").is_none(), "no schema, none written");
    assert_eq!(parse_template(&json.to_string()).unwrap(), t);
    // One metadata object reads as a list of one.
    let one =
        parse_template(r#"{"id":"x","metadata":{"key":"OAuthSettings","value":"{}"}}"#).unwrap();
    assert_eq!(
        one.metadata_value(&SynchronizationMetadata::OAuthSettings),
        Some("{}")
    );
}

#[test]
fn template_shape_errors() {
    let err = parse_template(r#"{"factoryTag": "CustomSCIM"}"#).unwrap_err();
    assert!(matches!(err, ParseError::Shape { .. }), "{err:?}");
    assert!(err.to_string().contains("missing field `id`"), "{err}");
    assert!(
        err.to_string().starts_with("a synchronization template"),
        "{err}"
    );
    let err = parse_templates_page(r#"{"value": [{"id": 1}]}"#).unwrap_err();
    assert!(matches!(err, ParseError::Shape { .. }));
    assert!(
        err.to_string()
            .contains("list of synchronization templates")
    );
    assert!(parse_templates_page(r#"{"value": [{"id": "a", "metadata": "x"}]}"#).is_err());
    let page = parse_templates_page(r#"{"value": [], "@odata.nextLink": "https://n"}"#).unwrap();
    assert!(page.has_more());
    let _: SynchronizationTemplate = parse_template(r#"{"id":"Slack"}"#).unwrap();
}

// --- secrets ---------------------------------------------------------------

#[test]
fn secrets_debug_never_prints_values() {
    let body = SecretsPutBody::new(vec![
        SynchronizationSecretKeyStringValuePair::new(
            SynchronizationSecret::BaseAddress,
            "https://scim.example.com/v2",
        ),
        SynchronizationSecretKeyStringValuePair::new(
            SynchronizationSecret::SecretToken,
            "s3cr3t-T0ken-value",
        ),
        SynchronizationSecretKeyStringValuePair {
            key: SynchronizationSecret::SyncAll,
            value: None,
        },
    ]);
    for text in [
        format!("{body:?}"),
        format!("{body:#?}"),
        format!("{:?}", body.value[1]),
    ] {
        assert!(!text.contains("s3cr3t"), "{text}");
        assert!(!text.contains("scim.example.com"), "{text}");
        assert!(text.contains(REDACTED), "{text}");
        assert!(
            text.contains("SecretToken") || text.contains("BaseAddress"),
            "{text}"
        );
    }
    assert!(format!("{:?}", body.value[2]).contains("None"));
    // The values are still there to send.
    assert_eq!(
        body.get(&SynchronizationSecret::SecretToken),
        Some("s3cr3t-T0ken-value")
    );
    assert_eq!(body.get(&SynchronizationSecret::SyncAll), None);
}

#[test]
fn secrets_body_wire_key_is_value() {
    let body = SecretsPutBody::new(vec![SynchronizationSecretKeyStringValuePair::new(
        SynchronizationSecret::SyncAll,
        "false",
    )]);
    let json = serde_json::to_value(&body).unwrap();
    assert_eq!(
        json,
        json!({"value": [{"key": "SyncAll", "value": "false"}]})
    );
    assert!(json.get("credentials").is_none());
    // A body in the doc table's wrong shape (`credentials`) carries nothing.
    let wrong: SecretsPutBody =
        serde_json::from_value(json!({"credentials": [{"key": "SyncAll", "value": "x"}]})).unwrap();
    assert!(wrong.value.is_empty());
    // Numeric and unknown keys read and write back.
    let read: SecretsPutBody = serde_json::from_value(json!({
        "value": [{"key": 3, "value": "t"}, {"key": "Brand-New", "value": null}, {"key": null}]
    }))
    .unwrap();
    assert_eq!(read.value[0].key, SynchronizationSecret::SecretToken);
    assert_eq!(
        read.value[1].key,
        SynchronizationSecret::Unknown("Brand-New".into())
    );
    assert_eq!(
        read.value[2].key,
        SynchronizationSecret::Unknown(String::new())
    );
    assert_eq!(
        serde_json::to_value(&read).unwrap()["value"][1],
        json!({"key": "Brand-New", "value": null})
    );
}

// --- provision on demand ---------------------------------------------------

fn response(key: &str, value: &str) -> StringKeyStringValuePair {
    StringKeyStringValuePair {
        odata_context: None,
        key: key.into(),
        value: value.into(),
    }
}

#[test]
fn on_demand_outcomes() {
    for (text, want, label) in [
        ("Success", OnDemandOutcome::Success, "Succeeded"),
        ("skipped", OnDemandOutcome::Skipped, "Skipped"),
        ("Failure", OnDemandOutcome::Failure, "Failed"),
        ("Failed", OnDemandOutcome::Failure, "Failed"),
        (
            "Retrying",
            OnDemandOutcome::Unknown("Retrying".into()),
            "Unknown (Retrying)",
        ),
    ] {
        let r = response(&format!(r#"{{"result":"{text}","details":{{}}}}"#), "{}")
            .decode()
            .unwrap();
        assert_eq!(r.result, want, "{text}");
        assert_eq!(r.result.label(), label);
        assert_eq!(r.result.is_success(), want == OnDemandOutcome::Success);
    }
    let r = response(r#"{"details":null}"#, "").decode().unwrap();
    assert_eq!(r.result, OnDemandOutcome::Unknown(String::new()));
    assert_eq!(r.result.label(), "Unknown");
    assert!(r.change.is_empty(), "a blank value is an empty change");
    assert_eq!(OnDemandOutcome::Failure.to_string(), "Failure");
}

#[test]
fn on_demand_decode_errors_name_the_half_that_failed() {
    let err = response("not json", "{}").decode().unwrap_err();
    assert!(matches!(err, ParseError::Syntax { .. }), "{err:?}");
    assert!(
        err.to_string()
            .starts_with("the provisionOnDemand result (key)"),
        "{err}"
    );
    assert_eq!(err.line(), 1);
    let err = response("", "{}").decode().unwrap_err();
    assert!(
        matches!(err, ParseError::Truncated { .. }),
        "a blank key: {err:?}"
    );
    let err = response(r#"{"result":"Success"}"#, "[1, 2]")
        .decode()
        .unwrap_err();
    assert!(matches!(err, ParseError::Shape { .. }), "{err:?}");
    assert!(
        err.to_string()
            .starts_with("the provisionOnDemand change (value)"),
        "{err}"
    );
    let err = response(r#"{"result":"Success"}"#, r#"{"action": 1.5}"#)
        .decode()
        .unwrap_err();
    assert!(matches!(err, ParseError::Shape { .. }), "{err:?}");
    let err = response(r#"{"result": ["Success"]}"#, "{}")
        .decode()
        .unwrap_err();
    assert!(matches!(err, ParseError::Shape { .. }), "{err:?}");
    // The outer body must be an object with string members.
    let err = parse_provision_on_demand_response(r#"{"key": {"result": "Success"}}"#).unwrap_err();
    assert!(matches!(err, ParseError::Shape { .. }), "{err:?}");
    let ok = parse_provision_on_demand_response(r#"{"key": null, "value": null}"#).unwrap();
    assert_eq!((ok.key.as_str(), ok.value.as_str()), ("", ""));
}

#[test]
fn on_demand_keeps_unknown_members_and_round_trips() {
    let r = response(
        r#"{"result":"Failure","details":{"errorCode":"SchemaError","errorMessage":"Bad","hint":7}}"#,
        r#"{
            "action": "Create",
            "changeId": "c1",
            "startTime": "2024-01-02T03:04:05Z",
            "endTime": "",
            "modifiedProperties": [{"displayName": "n", "oldValue": 1, "newValue": true}],
            "provisioningSteps": [{"name": "EntryExportAdd", "type": "export", "status": "Failure",
                                   "timestamp": "2024-01-02T03:04:06Z", "details": {"a": "b"}}],
            "statusInfo": {"status": "Failure", "errorCode": "SchemaError",
                           "errorCategory": "NonServiceFailure", "futureField": 1},
            "sourceIdentity": {"id": "s", "type": "User", "details": {"k": "v"}},
            "targetSystem": {"name": "Contoso", "details": null},
            "reportableIdentifier": "adele@contoso.com",
            "correlationId": "xyz",
            "nested": {"deep": [1, 2, 3]}
        }"#,
    )
    .decode()
    .unwrap();
    assert_eq!(r.result, OnDemandOutcome::Failure);
    assert_eq!(r.details.error_code.as_deref(), Some("SchemaError"));
    assert_eq!(r.details.error_message.as_deref(), Some("Bad"));
    assert_eq!(r.details.extra["hint"], 7);
    assert_eq!(r.error_code(), Some("SchemaError"));
    let c = &r.change;
    assert_eq!(c.action, Some(ProvisioningAction::Create));
    assert_eq!(c.start_time.unix_millis(), Some(1_704_164_645_000));
    assert!(
        c.end_time.is_never(),
        "an empty string is a never value, not an error"
    );
    assert_eq!(c.modified_properties[0].old_value.as_deref(), Some("1"));
    assert_eq!(c.modified_properties[0].new_value.as_deref(), Some("true"));
    assert_eq!(
        c.provisioning_steps[0].step_type,
        ProvisioningStepType::Export
    );
    assert_eq!(c.provisioning_steps[0].status, ProvisioningResult::Failure);
    let s = c.status_info.as_ref().unwrap();
    assert_eq!(
        s.error_category,
        Some(ProvisioningStatusErrorCategory::NonServiceFailure)
    );
    assert_eq!(c.source_identity.as_ref().unwrap().details["k"], "v");
    assert_eq!(
        c.target_system.as_ref().unwrap().name.as_deref(),
        Some("Contoso")
    );
    assert_eq!(c.extra["correlationId"], "xyz");
    assert_eq!(c.extra["nested"]["deep"][2], 3);
    assert_eq!(c.extra.len(), 2);

    let encoded = r.to_response();
    let value: serde_json::Value = serde_json::from_str(&encoded.value).unwrap();
    assert_eq!(
        value["action"], "create",
        "written in Graph's canonical spelling"
    );
    assert_eq!(value["sourceIdentity"]["type"], "User");
    assert_eq!(
        value["targetSystem"],
        json!({"name": "Contoso"}),
        "absent members not written"
    );
    assert_eq!(value["correlationId"], "xyz");
    let key: serde_json::Value = serde_json::from_str(&encoded.key).unwrap();
    assert_eq!(
        key,
        json!({"result": "Failure", "details": {"errorCode": "SchemaError", "errorMessage": "Bad", "hint": 7}})
    );
    assert_eq!(encoded.decode().unwrap(), r);
    // An empty result encodes to the minimal strings.
    let empty = OnDemandResult {
        result: OnDemandOutcome::Success,
        ..Default::default()
    };
    let e = empty.to_response();
    assert_eq!(e.key, r#"{"result":"Success","details":{}}"#);
    assert_eq!(e.value, "{}");
    assert_eq!(OnDemandChange::default(), e.decode().unwrap().change);
}

#[test]
fn on_demand_request_writes_only_what_is_there() {
    let mut subject = SynchronizationJobSubject::new("g1", "Group");
    subject.links = Some(SynchronizationLinkedObjects {
        manager: Some(Box::new(SynchronizationJobSubject::new("m1", "User"))),
        members: vec![],
        owners: vec![SynchronizationJobSubject::new("o1", "User")],
    });
    let mut req = ProvisionOnDemandRequest::single("rule#V2", "u1", "User");
    req.parameters[0].subjects.push(subject);
    let json = serde_json::to_value(&req).unwrap();
    assert_eq!(
        json,
        json!({"parameters": [{"ruleId": "rule#V2", "subjects": [
            {"objectId": "u1", "objectTypeName": "User"},
            {"objectId": "g1", "objectTypeName": "Group", "links": {
                "manager": {"objectId": "m1", "objectTypeName": "User"},
                "owners": [{"objectId": "o1", "objectTypeName": "User"}]
            }}
        ]}]})
    );
    let back: ProvisionOnDemandRequest = serde_json::from_value(json).unwrap();
    assert_eq!(back, req);
}

// --- provisioning logs -----------------------------------------------------

fn one_entry(entry: serde_json::Value) -> Result<ProvisioningObjectSummary, ParseError> {
    parse_provisioning_page(&json!({"value": [entry]}).to_string()).map(|mut p| p.value.remove(0))
}

#[test]
fn service_principal_as_an_object_or_a_collection() {
    let sp = json!({"id": "sp1", "displayName": "Contoso"});
    for (value, want) in [
        (sp.clone(), Some("sp1")),
        (json!([sp.clone(), {"id": "sp2"}]), Some("sp1")),
        (json!([]), None),
        (json!(null), None),
    ] {
        let e = one_entry(json!({"servicePrincipal": value})).unwrap();
        assert_eq!(
            e.service_principal.as_ref().map(|s| s.id.as_str()),
            want,
            "{value}"
        );
    }
    assert!(one_entry(json!({"servicePrincipal": "sp1"})).is_err());
    // Written back as the CSDL's single object.
    let e = one_entry(json!({"servicePrincipal": [sp]})).unwrap();
    assert_eq!(
        serde_json::to_value(&e).unwrap()["servicePrincipal"],
        json!({"id": "sp1", "displayName": "Contoso"})
    );
}

#[test]
fn initiator_type_under_either_name() {
    for (value, want) in [
        (json!({"initiatorType": "user"}), Some(InitiatorType::User)),
        (
            json!({"initiatingType": "application"}),
            Some(InitiatorType::Application),
        ),
        (
            json!({"initiatorType": "system", "initiatingType": "user"}),
            Some(InitiatorType::System),
        ),
        (json!({}), None),
        (
            json!({"initiatorType": "robot"}),
            Some(InitiatorType::Unknown("robot".into())),
        ),
    ] {
        let e = one_entry(json!({"initiatedBy": value})).unwrap();
        assert_eq!(e.initiated_by.unwrap().initiator_type, want, "{value}");
    }
    let e = one_entry(json!({"initiatedBy": {"initiatingType": "system", "id": ""}})).unwrap();
    let out = serde_json::to_value(&e).unwrap();
    assert_eq!(out["initiatedBy"]["initiatorType"], "system");
    assert!(out["initiatedBy"].get("initiatingType").is_none());
}

#[test]
fn legacy_beta_fields_fill_in_and_are_kept() {
    let e = one_entry(json!({
        "action": "Delete",
        "statusInfo": {"status": "failure", "errorCode": "E1", "reason": "why"}
    }))
    .unwrap();
    assert_eq!(e.provisioning_action, None);
    assert_eq!(e.action(), ProvisioningAction::Delete);
    assert_eq!(e.result(), ProvisioningResult::Failure);
    assert_eq!(e.error_code(), Some("E1"));
    assert_eq!(e.error_reason(), Some("why"));
    let out = serde_json::to_value(&e).unwrap();
    assert_eq!(out["action"], "delete");
    assert_eq!(out["statusInfo"]["errorCode"], "E1");
    assert!(out.get("provisioningAction").is_none());

    // The current fields win when both are present.
    let e = one_entry(json!({
        "provisioningAction": "update", "action": "Create",
        "provisioningStatusInfo": {"status": "success"},
        "statusInfo": {"status": "failure", "errorCode": "Old"}
    }))
    .unwrap();
    assert_eq!(e.action(), ProvisioningAction::Update);
    assert_eq!(e.result(), ProvisioningResult::Success);
    // An empty status falls back to the legacy one.
    let e = one_entry(json!({
        "provisioningStatusInfo": {"status": null},
        "statusInfo": {"status": "skipped"}
    }))
    .unwrap();
    assert_eq!(e.result(), ProvisioningResult::Skipped);
    // Nothing at all.
    let e = one_entry(json!({})).unwrap();
    assert_eq!(e.action(), ProvisioningAction::Unknown(String::new()));
    assert_eq!(e.result(), ProvisioningResult::Unknown(String::new()));
    assert_eq!(e.error_code(), None);
    let out = serde_json::to_value(&e).unwrap();
    assert!(out.get("action").is_none() && out.get("statusInfo").is_none());
    assert_eq!(out["provisioningStatusInfo"], serde_json::Value::Null);
}

#[test]
fn log_values_are_read_leniently() {
    let e = one_entry(json!({
        "id": null,
        "activityDateTime": "not a date",
        "durationInMilliseconds": "1500",
        "provisioningAction": "archive",
        "provisioningSteps": {"name": "one", "provisioningStepType": "Scoping", "status": "warning",
                              "details": "free text"},
        "modifiedProperties": [{"displayName": "n", "oldValue": {"a": 1}, "newValue": 2.5}]
    }))
    .unwrap();
    assert_eq!(e.id, "");
    assert!(e.activity_date_time.is_invalid());
    assert_eq!(e.duration_in_milliseconds, Some(1500));
    assert_eq!(
        e.duration_text().as_deref(),
        Some(syncdeck_graph::format_millis_duration(1500).as_str())
    );
    assert_eq!(e.action(), ProvisioningAction::Unknown("archive".into()));
    assert_eq!(e.provisioning_steps.len(), 1);
    assert_eq!(
        e.provisioning_steps[0].provisioning_step_type,
        ProvisioningStepType::Scoping
    );
    assert_eq!(e.provisioning_steps[0].status, ProvisioningResult::Warning);
    assert_eq!(e.provisioning_steps[0].details, "free text");
    assert_eq!(
        e.modified_properties[0],
        ModifiedProperty {
            display_name: "n".into(),
            old_value: Some(r#"{"a":1}"#.into()),
            new_value: Some("2.5".into()),
        }
    );
    // Wrong shapes are positioned errors.
    let err = parse_provisioning_page(r#"{"value": [{"provisioningSteps": "x"}]}"#).unwrap_err();
    assert!(matches!(err, ParseError::Shape { .. }), "{err:?}");
    assert_eq!(err.line(), 1);
    assert!(parse_provisioning_page(r#"{"value": [{"jobId": 5}]}"#).is_err());
    assert!(parse_provisioning_page(r#"{"values": []}"#).is_err());
}
