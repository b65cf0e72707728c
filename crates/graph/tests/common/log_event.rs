//! [`assert_same_as_typed`]: a provisioning log entry read through `syncdeck_graph::logs::LogEvent`
//! (what the app reads) gives the values the typed `ProvisioningObjectSummary` gives. Shared by
//! `tests/log_event.rs` (the documentation samples) and `tests/emulator_conformance.rs` (what the
//! emulator serves).

use serde_json::Value;
use syncdeck_graph::logs::{LogEvent, event_title, identity_of, logs_csv};
use syncdeck_graph::model::{ProvisionedIdentity, ProvisioningObjectSummary};

fn ident(i: &Option<ProvisionedIdentity>) -> [Option<String>; 3] {
    let i = i.clone().unwrap_or_default();
    [i.id, i.display_name, i.identity_type]
}

/// Every accessor of `entry` as a [`LogEvent`] against the typed model's reading of it.
pub fn assert_same_as_typed(entry: &Value) {
    let t: ProvisioningObjectSummary =
        serde_json::from_value(entry.clone()).expect("the typed model reads the entry");
    let e = LogEvent(entry.clone());
    let at = |what: &str| format!("{what} of {}", t.id);
    assert_eq!(e.id(), t.id, "{}", at("id"));
    assert_eq!(e.job_id(), t.job_id, "{}", at("jobId"));
    assert_eq!(e.cycle_id(), t.cycle_id, "{}", at("cycleId"));
    assert_eq!(e.change_id(), t.change_id, "{}", at("changeId"));
    assert_eq!(
        e.activity_date_time(),
        t.activity_date_time,
        "{}",
        at("time")
    );
    assert_eq!(
        e.duration_in_milliseconds(),
        t.duration_in_milliseconds,
        "{}",
        at("duration")
    );
    assert_eq!(e.duration_text(), t.duration_text(), "{}", at("duration"));
    assert_eq!(e.action(), t.action(), "{}", at("action"));
    assert_eq!(e.result(), t.result(), "{}", at("result"));
    assert_eq!(e.error_code(), t.error_code(), "{}", at("error code"));
    assert_eq!(e.error_reason(), t.error_reason(), "{}", at("reason"));
    let recommended = t
        .provisioning_status_info
        .as_ref()
        .and_then(|s| s.error_information.as_ref())
        .and_then(|i| i.recommended_action.as_deref())
        .or_else(|| {
            t.status_info
                .as_ref()
                .and_then(|s| s.recommended_action.as_deref())
        });
    assert_eq!(e.recommended_action(), recommended, "{}", at("recommended"));
    for (got, want) in [
        (e.source_identity(), &t.source_identity),
        (e.target_identity(), &t.target_identity),
    ] {
        let got = [got.id, got.display_name, got.identity_type].map(|v| v.map(str::to_owned));
        assert_eq!(got, ident(want), "{}", at("identity"));
    }
    let system = |s: &Option<syncdeck_graph::model::ProvisioningSystem>| {
        s.as_ref().and_then(|s| s.display_name.clone())
    };
    assert_eq!(
        e.source_system_name().map(str::to_owned),
        system(&t.source_system)
    );
    assert_eq!(
        e.target_system_name().map(str::to_owned),
        system(&t.target_system)
    );
    let sp = t.service_principal.clone().unwrap_or_default();
    assert_eq!(
        e.service_principal_id(),
        sp.id,
        "{}",
        at("servicePrincipal")
    );
    assert_eq!(
        e.service_principal_name().map(str::to_owned),
        sp.display_name
    );
    let steps = e.provisioning_steps();
    assert_eq!(steps.len(), t.provisioning_steps.len(), "{}", at("steps"));
    for (s, ts) in steps.iter().zip(&t.provisioning_steps) {
        assert_eq!(s.name, ts.name);
        assert_eq!(s.description, ts.description.as_deref());
        // The typed enums read any case; the accessors give Graph's spelling.
        assert!(
            s.provisioning_step_type
                .eq_ignore_ascii_case(ts.provisioning_step_type.graph_name()),
            "{}: {} vs {:?}",
            at("step type"),
            s.provisioning_step_type,
            ts.provisioning_step_type
        );
        assert!(
            s.status.eq_ignore_ascii_case(ts.status.graph_name()),
            "{}",
            at("step status")
        );
    }
    let props = e.modified_properties();
    assert_eq!(
        props.len(),
        t.modified_properties.len(),
        "{}",
        at("properties")
    );
    for (p, tp) in props.iter().zip(&t.modified_properties) {
        assert_eq!(p.display_name, tp.display_name);
        assert_eq!(p.old_value, tp.old_value);
        assert_eq!(p.new_value, tp.new_value);
    }
    // What the rows, the title and the CSV show follow.
    let _ = (identity_of(&e), event_title(&e), logs_csv(&[e]));
}
