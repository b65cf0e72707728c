//! The restart reset scope: wire form both ways, the offered options and the
//! confirmation and bulk rules, and the criteria body.

use syncdeck_graph::restart::{RestartCriteria, RestartScope, RestartScopeError};

const CDS: RestartScope = RestartScope::CONNECTOR_DATA_STORE;
const ESC: RestartScope = RestartScope::ESCROWS;
const WM: RestartScope = RestartScope::WATERMARK;
const QS: RestartScope = RestartScope::QUARANTINE_STATE;
const FD: RestartScope = RestartScope::FORCE_DELETES;

#[test]
fn bits_are_the_csdl_values() {
    assert_eq!(RestartScope::EMPTY.bits(), 0);
    assert_eq!(CDS.bits(), 1);
    assert_eq!(ESC.bits(), 2);
    assert_eq!(WM.bits(), 4);
    assert_eq!(QS.bits(), 8);
    assert_eq!(RestartScope::FULL.bits(), 15);
    assert_eq!(FD.bits(), 32);
    assert_eq!(RestartScope::ALL.bits(), 47);
    assert_eq!(RestartScope::default(), RestartScope::EMPTY);
}

#[test]
fn from_bits_rejects_unknown_bits_and_truncate_drops_them() {
    assert_eq!(RestartScope::from_bits(6), Some(ESC | WM));
    assert_eq!(RestartScope::from_bits(47), Some(RestartScope::ALL));
    assert_eq!(RestartScope::from_bits(16), None);
    assert_eq!(RestartScope::from_bits(64 | 2), None);
    assert_eq!(RestartScope::from_bits(u32::MAX), None);
    assert_eq!(RestartScope::from_bits_truncate(16 | 2), ESC);
    assert_eq!(
        RestartScope::from_bits_truncate(u32::MAX),
        RestartScope::ALL
    );
}

#[test]
fn set_operations() {
    let mut s = RestartScope::EMPTY;
    assert!(s.is_empty());
    assert_eq!(s.len(), 0);
    s.insert(WM);
    s |= ESC;
    assert_eq!(s, ESC | WM);
    assert!(s.contains(WM));
    assert!(!s.contains(WM | QS));
    assert!(s.intersects(WM | QS));
    assert!(!s.intersects(QS | FD));
    assert_eq!(s.len(), 2);
    s.set(QS, true);
    s.set(ESC, false);
    assert_eq!(s, WM | QS);
    s.remove(WM);
    assert_eq!(s, QS);
    assert_eq!(RestartScope::FULL & (WM | FD), WM);
    assert_eq!(RestartScope::FULL - CDS, ESC | WM | QS);
    assert_eq!(ESC.union(FD), ESC | FD);
    assert!(RestartScope::FULL.contains(CDS | ESC | WM | QS));
    assert!(
        !RestartScope::FULL.contains(FD),
        "Full does not include ForceDeletes"
    );
}

#[test]
fn wire_form_is_ascending_csdl_order_with_every_member_spelled_out() {
    assert_eq!(RestartScope::EMPTY.to_wire(), "");
    assert_eq!(ESC.to_wire(), "Escrows");
    assert_eq!(
        (QS | WM | ESC).to_wire(),
        "Escrows, Watermark, QuarantineState"
    );
    assert_eq!(
        RestartScope::FULL.to_wire(),
        "ConnectorDataStore, Escrows, Watermark, QuarantineState",
        "Full is written member by member, never as the composite"
    );
    assert_eq!(
        RestartScope::ALL.to_wire(),
        "ConnectorDataStore, Escrows, Watermark, QuarantineState, ForceDeletes"
    );
    assert_eq!((FD | CDS).to_string(), "ConnectorDataStore, ForceDeletes");
    assert_eq!(
        (WM | FD).member_names().collect::<Vec<_>>(),
        ["Watermark", "ForceDeletes"]
    );
}

#[test]
fn parse_wire_reads_the_documented_example_in_any_order_and_case() {
    let want = ESC | WM | QS;
    for text in [
        "Watermark, Escrows, QuarantineState",
        "Escrows,Watermark,QuarantineState",
        "  quarantinestate ,WATERMARK,   escrows  ",
        "Watermark,\tEscrows, QuarantineState",
        "Watermark, Escrows, QuarantineState,",
        "Watermark, , Escrows, QuarantineState",
        "Watermark, Escrows, QuarantineState, Watermark",
    ] {
        assert_eq!(RestartScope::parse_wire(text), Ok(want), "{text:?}");
        assert_eq!(text.parse::<RestartScope>(), Ok(want), "{text:?}");
    }
}

#[test]
fn parse_wire_expands_full_and_reads_none_and_empty_as_the_empty_set() {
    assert_eq!(RestartScope::parse_wire("Full"), Ok(RestartScope::FULL));
    assert_eq!(RestartScope::parse_wire("full"), Ok(CDS | ESC | WM | QS));
    assert_eq!(
        RestartScope::parse_wire("Full, ForceDeletes"),
        Ok(RestartScope::ALL)
    );
    assert_eq!(
        RestartScope::parse_wire("Full, Escrows"),
        Ok(RestartScope::FULL)
    );
    for empty in ["", "   ", "None", "none", " NONE ", ",", "None, None"] {
        assert_eq!(
            RestartScope::parse_wire(empty),
            Ok(RestartScope::EMPTY),
            "{empty:?}"
        );
    }
    assert_eq!(RestartScope::parse_wire("None, Watermark"), Ok(WM));
}

#[test]
fn parse_wire_reads_numbers_of_known_bits() {
    assert_eq!(RestartScope::parse_wire("14"), Ok(ESC | WM | QS));
    assert_eq!(RestartScope::parse_wire("0"), Ok(RestartScope::EMPTY));
    assert_eq!(RestartScope::parse_wire("32, 1"), Ok(FD | CDS));
    let err = RestartScope::parse_wire("16").unwrap_err();
    assert_eq!(err, RestartScopeError::UnknownValue("16".into()));
    assert!(
        err.to_string().contains("16 is not a restart scope value"),
        "{err}"
    );
    assert!(RestartScope::parse_wire("99999999999999999999").is_err());
}

#[test]
fn unknown_members_are_errors_that_name_them() {
    let err = RestartScope::parse_wire("Watermark, Escrow, QuarantineState").unwrap_err();
    assert_eq!(err, RestartScopeError::UnknownMember("Escrow".into()));
    assert_eq!(err.member(), "Escrow");
    let text = err.to_string();
    assert!(
        text.starts_with("\"Escrow\" is not a restart scope"),
        "{text}"
    );
    for member in [
        "None",
        "ConnectorDataStore",
        "Escrows",
        "Watermark",
        "QuarantineState",
        "Full",
        "ForceDeletes",
    ] {
        assert!(text.contains(member), "{text} lists {member}");
    }
    assert_eq!(
        RestartScope::parse_wire("Watermark Escrows")
            .unwrap_err()
            .member(),
        "Watermark Escrows",
        "a missing comma is not guessed"
    );
    assert!(RestartScope::parse_wire("-1").is_err());
    assert!(RestartScope::parse_wire("Watermark|Escrows").is_err());
}

#[test]
fn every_subset_round_trips() {
    for bits in 0..=RestartScope::ALL.bits() {
        let Some(scope) = RestartScope::from_bits(bits) else {
            continue;
        };
        let wire = scope.to_wire();
        assert_eq!(RestartScope::parse_wire(&wire), Ok(scope), "{wire:?}");
        assert_eq!(wire.parse::<RestartScope>().unwrap().bits(), bits);
        assert_eq!(
            scope.len(),
            wire.split(", ").filter(|m| !m.is_empty()).count()
        );
    }
}

#[test]
fn offered_options_are_the_documented_catalogue() {
    let names: Vec<_> = RestartScope::OFFERED.iter().map(|o| o.graph_name).collect();
    assert_eq!(
        names,
        [
            "Escrows",
            "Watermark",
            "QuarantineState",
            "ForceDeletes",
            "ConnectorDataStore"
        ]
    );
    assert!(!names.contains(&"None"), "None is never offered");
    assert!(!names.contains(&"Full"), "Full is never offered");
    for o in RestartScope::OFFERED {
        assert_eq!(o.scope.len(), 1, "{} is one flag", o.graph_name);
        assert_eq!(o.scope.to_wire(), o.graph_name);
        assert!(o.explanation.len() > 40, "{} is explained", o.graph_name);
        assert_eq!(o.advanced, o.graph_name == "ConnectorDataStore");
        assert_eq!(
            o.needs_typed_confirmation,
            matches!(o.graph_name, "ForceDeletes" | "ConnectorDataStore")
        );
        assert_eq!(
            o.needs_typed_confirmation,
            o.scope.needs_typed_confirmation()
        );
    }
    let cds = RestartScope::OFFERED.iter().find(|o| o.advanced).unwrap();
    assert!(
        cds.explanation.contains("Microsoft support"),
        "{}",
        cds.explanation
    );
    let fd = RestartScope::OFFERED
        .iter()
        .find(|o| o.scope == FD)
        .unwrap();
    assert!(fd.explanation.contains("accidental-deletion prevention"));
    assert!(fd.explanation.contains("Destructive"));
    let esc = RestartScope::OFFERED
        .iter()
        .find(|o| o.scope == ESC)
        .unwrap();
    assert!(esc.explanation.contains("retried"));
    let wm = RestartScope::OFFERED
        .iter()
        .find(|o| o.scope == WM)
        .unwrap();
    assert!(wm.explanation.contains("every object"));
    let qs = RestartScope::OFFERED
        .iter()
        .find(|o| o.scope == QS)
        .unwrap();
    assert!(qs.explanation.contains("quarantine"));
    // Together the offered options cover every known bit.
    let all = RestartScope::OFFERED
        .iter()
        .fold(RestartScope::EMPTY, |acc, o| acc | o.scope);
    assert_eq!(all, RestartScope::ALL);
    assert!(RestartScope::PORTAL_RESTART_EXPLANATION.contains("Restart button"));
}

#[test]
fn options_of_a_set_follow_the_dialog_order() {
    let picked: Vec<_> = (CDS | QS | ESC).options().map(|o| o.graph_name).collect();
    assert_eq!(picked, ["Escrows", "QuarantineState", "ConnectorDataStore"]);
    assert_eq!(RestartScope::EMPTY.options().count(), 0);
}

#[test]
fn typed_confirmation_for_force_deletes_and_anything_touching_the_connector_data_store() {
    assert!(FD.needs_typed_confirmation());
    assert!(CDS.needs_typed_confirmation());
    assert!(
        RestartScope::FULL.needs_typed_confirmation(),
        "Full includes ConnectorDataStore"
    );
    assert!((ESC | FD).needs_typed_confirmation());
    assert!(RestartScope::ALL.needs_typed_confirmation());
    for safe in [RestartScope::EMPTY, ESC, WM, QS, ESC | WM | QS] {
        assert!(!safe.needs_typed_confirmation(), "{safe}");
    }
    // Exhaustively: typed confirmation exactly when bit 1 or bit 32 is set.
    for bits in 0..=47 {
        if let Some(s) = RestartScope::from_bits(bits) {
            assert_eq!(s.needs_typed_confirmation(), bits & 33 != 0, "{bits}");
        }
    }
}

#[test]
fn connector_data_store_predicates() {
    assert!(CDS.touches_connector_data_store());
    assert!(RestartScope::FULL.touches_connector_data_store());
    assert!(RestartScope::FULL.is_advanced());
    assert!(!(ESC | WM | QS | FD).touches_connector_data_store());
    assert!(!(ESC | WM | QS | FD).is_advanced());
}

#[test]
fn portal_restart_is_the_empty_set_only() {
    assert!(RestartScope::EMPTY.is_portal_restart());
    assert!(
        RestartScope::parse_wire("None")
            .unwrap()
            .is_portal_restart()
    );
    for o in RestartScope::OFFERED {
        assert!(!o.scope.is_portal_restart());
    }
}

#[test]
fn bulk_restart_is_never_allowed_with_force_deletes() {
    for bits in 0..=47 {
        if let Some(s) = RestartScope::from_bits(bits) {
            assert_eq!(s.bulk_allowed(), bits & 32 == 0, "{s}");
        }
    }
    assert!(!FD.bulk_allowed());
    assert!(!RestartScope::ALL.bulk_allowed());
    assert!(RestartScope::FULL.bulk_allowed());
    assert!(RestartScope::EMPTY.bulk_allowed());
}

#[test]
fn criteria_serialize_as_reset_scope_with_an_empty_string_for_the_portal_restart() {
    let portal = RestartCriteria::default();
    assert_eq!(
        serde_json::to_string(&portal).unwrap(),
        r#"{"resetScope":""}"#
    );
    assert_eq!(
        serde_json::to_value(RestartCriteria::new(WM | ESC | QS)).unwrap(),
        serde_json::json!({"resetScope": "Escrows, Watermark, QuarantineState"})
    );
    assert_eq!(
        RestartCriteria::new(FD).body(),
        serde_json::json!({"criteria": {"resetScope": "ForceDeletes"}})
    );
    assert_eq!(
        portal.body(),
        serde_json::json!({"criteria": {"resetScope": ""}})
    );
}

#[test]
fn criteria_deserialize_leniently_but_reject_unknown_members() {
    let read = |json: &str| serde_json::from_str::<RestartCriteria>(json);
    assert_eq!(
        read(r#"{"resetScope":"Full"}"#).unwrap().reset_scope,
        RestartScope::FULL
    );
    assert_eq!(
        read(r#"{"resetScope":""}"#).unwrap().reset_scope,
        RestartScope::EMPTY
    );
    assert_eq!(
        read(r#"{"resetScope":null}"#).unwrap().reset_scope,
        RestartScope::EMPTY
    );
    assert_eq!(read(r#"{}"#).unwrap().reset_scope, RestartScope::EMPTY);
    assert_eq!(read(r#"{"resetScope":6}"#).unwrap().reset_scope, ESC | WM);
    assert!(read(r#"{"resetScope":16}"#).is_err());
    assert!(read(r#"{"resetScope":-2}"#).is_err());
    let err = read(r#"{"resetScope":"Watermark, Bogus"}"#).unwrap_err();
    assert!(
        err.to_string().contains("\"Bogus\" is not a restart scope"),
        "{err}"
    );
    assert!(read(r#"{"resetScope":[]}"#).is_err());
    // Round trip of every subset through JSON.
    for bits in 0..=47 {
        if let Some(s) = RestartScope::from_bits(bits) {
            let json = serde_json::to_string(&RestartCriteria::new(s)).unwrap();
            assert_eq!(read(&json).unwrap().reset_scope, s, "{json}");
        }
    }
}
