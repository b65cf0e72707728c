//! Enums keep unknown values, match case-insensitively, and write Graph's
//! canonical spelling; the visible labels are an exact contract.

use syncdeck_graph::{
    QuarantineReason, ScheduleState, StatusCode, TaskExecutionResult, parse, parse_job,
};

#[test]
fn unknown_status_code_round_trips_with_its_label() {
    let body = r#"{"id":"aws.1","status":{"code":"Hibernating"}}"#;
    let job = parse_job(body).unwrap();
    assert_eq!(job.status.code, StatusCode::Unknown("Hibernating".into()));
    assert!(job.status.code.is_unknown());
    assert_eq!(job.status.code.label(), "Unknown (Hibernating)");
    assert_eq!(job.status.code.graph_name(), "Hibernating");
    assert_eq!(job.status.code.csdl_value(), None);
    let json = serde_json::to_value(&job).unwrap();
    assert_eq!(json["status"]["code"], "Hibernating");
    assert_eq!(parse_job(&json.to_string()).unwrap(), job);
}

#[test]
fn unknown_values_of_every_enum_round_trip() {
    let s: ScheduleState = parse(r#""Sleeping""#).unwrap();
    assert_eq!(s, ScheduleState::Unknown("Sleeping".into()));
    assert_eq!(serde_json::to_string(&s).unwrap(), r#""Sleeping""#);
    assert_eq!(s.label(), "Unknown (Sleeping)");

    let r: TaskExecutionResult = parse(r#""PartiallySucceeded""#).unwrap();
    assert_eq!(
        serde_json::to_string(&r).unwrap(),
        r#""PartiallySucceeded""#
    );
    assert_eq!(r.label(), "Unknown (PartiallySucceeded)");

    let q: QuarantineReason = parse(r#""CosmicRays""#).unwrap();
    assert_eq!(q, QuarantineReason::Unknown("CosmicRays".into()));
    assert_eq!(serde_json::to_string(&q).unwrap(), r#""CosmicRays""#);
    assert!(q.description().contains("CosmicRays"));
}

#[test]
fn status_labels_are_exact() {
    let cases = [
        (StatusCode::Active, "Active"),
        (StatusCode::Paused, "Paused"),
        (StatusCode::Quarantine, "Quarantine"),
        (StatusCode::NotConfigured, "Not configured"),
        (StatusCode::NotRun, "Not run"),
        (StatusCode::Unknown("X1".into()), "Unknown (X1)"),
    ];
    for (code, label) in cases {
        assert_eq!(code.label(), label);
        assert!(code.meaning().ends_with('.'), "{code:?}");
        assert!(code.meaning().len() > 20, "{code:?}");
    }
    // Every known code has its own meaning.
    let meanings: std::collections::BTreeSet<_> =
        StatusCode::KNOWN.iter().map(StatusCode::meaning).collect();
    assert_eq!(meanings.len(), StatusCode::KNOWN.len());
}

#[test]
fn input_is_case_insensitive_and_output_canonical() {
    let cases = [
        (r#""active""#, StatusCode::Active, "Active"),
        (
            r#""NOTCONFIGURED""#,
            StatusCode::NotConfigured,
            "NotConfigured",
        ),
        (r#""notRun""#, StatusCode::NotRun, "NotRun"),
        (r#""quarantine""#, StatusCode::Quarantine, "Quarantine"),
        (r#"" Paused ""#, StatusCode::Paused, "Paused"),
    ];
    for (json, expected, wire) in cases {
        let code: StatusCode = parse(json).unwrap();
        assert_eq!(code, expected);
        assert_eq!(serde_json::to_value(&code).unwrap(), wire);
    }
    let r: TaskExecutionResult = parse(r#""entrylevelerrors""#).unwrap();
    assert_eq!(r, TaskExecutionResult::EntryLevelErrors);
    assert_eq!(r.graph_name(), "EntryLevelErrors");
    assert_eq!(r.label(), "Entry-level errors");
    let s: ScheduleState = parse(r#""disabled""#).unwrap();
    assert_eq!(s, ScheduleState::Disabled);
    assert_eq!(s.to_string(), "Disabled");
}

#[test]
fn csdl_numbers_and_null_are_accepted() {
    assert_eq!(parse::<StatusCode>("4").unwrap(), StatusCode::Quarantine);
    assert_eq!(parse::<ScheduleState>("2").unwrap(), ScheduleState::Paused);
    assert_eq!(
        parse::<StatusCode>("99").unwrap(),
        StatusCode::Unknown("99".into())
    );
    assert_eq!(
        parse::<StatusCode>("null").unwrap(),
        StatusCode::Unknown(String::new())
    );
    assert_eq!(StatusCode::default().label(), "Unknown");
    assert!(parse::<StatusCode>("[]").is_err());
    assert!(parse::<StatusCode>("{}").is_err());
}

#[test]
fn quarantine_reasons_cover_the_csdl() {
    let expected = [
        ("EncounteredBaseEscrowThreshold", 0),
        ("EncounteredTotalEscrowThreshold", 1),
        ("EncounteredEscrowProportionThreshold", 2),
        ("EncounteredQuarantineException", 4),
        ("Unknown", 8),
        ("QuarantinedOnDemand", 16),
        ("TooManyDeletes", 32),
        ("IngestionInterrupted", 64),
    ];
    assert_eq!(QuarantineReason::KNOWN.len(), expected.len());
    for (reason, (wire, value)) in QuarantineReason::KNOWN.iter().zip(expected) {
        assert_eq!(reason.graph_name(), wire);
        assert_eq!(reason.csdl_value(), Some(value));
        assert!(!reason.is_unknown(), "{reason:?}");
        let d = reason.description();
        assert!(d.ends_with('.') && d.len() > 20, "{reason:?}: {d}");
    }
    // The CSDL member named "Unknown" is a known reason, not an unknown value.
    let u: QuarantineReason = parse(r#""Unknown""#).unwrap();
    assert_eq!(u, QuarantineReason::UnknownReason);
    assert_eq!(serde_json::to_value(&u).unwrap(), "Unknown");
    // The Entra docs' misspelling reads as the real member.
    let q: QuarantineReason = parse(r#""QuarantineOnDemand""#).unwrap();
    assert_eq!(q, QuarantineReason::QuarantinedOnDemand);
    assert_eq!(q.graph_name(), "QuarantinedOnDemand");
}

#[test]
fn quarantine_descriptions_say_what_happened() {
    let has = |r: QuarantineReason, words: &[&str]| {
        let d = r.description().to_lowercase();
        for w in words {
            assert!(d.contains(w), "{r:?}: {d} lacks {w}");
        }
    };
    has(
        QuarantineReason::EncounteredQuarantineException,
        &["connect", "authenticate", "credentials"],
    );
    has(QuarantineReason::TooManyDeletes, &["deletion", "threshold"]);
    has(
        QuarantineReason::QuarantinedOnDemand,
        &["microsoft", "manually"],
    );
    has(
        QuarantineReason::EncounteredEscrowProportionThreshold,
        &["share"],
    );
    has(
        QuarantineReason::Unknown(String::new()),
        &["no quarantine reason"],
    );
}
