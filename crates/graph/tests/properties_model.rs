//! Property tests: parsing arbitrary JSON never panics, the restart scope's
//! wire form round-trips, and attention is a total order consistent with its
//! rank.
#![cfg(not(target_arch = "wasm32"))]

use std::cmp::Ordering;

use proptest::prelude::*;
use serde_json::{Map, Value, json};
use syncdeck_graph::enums::{StatusCode, TaskExecutionResult};
use syncdeck_graph::health::{Attention, AttentionKey, attention};
use syncdeck_graph::model::{
    ProvisionOnDemandRequest, SecretsPutBody, StringKeyStringValuePair, SynchronizationJob,
    SynchronizationStatus, SynchronizationTaskExecution, parse_provision_on_demand_response,
    parse_provisioning_page, parse_template, parse_templates_page,
};
use syncdeck_graph::restart::{RestartCriteria, RestartScope};
use syncdeck_graph::{parse, parse_job, parse_jobs_page};

/// Member names the models read, so generated objects hit real fields.
const KEYS: &[&str] = &[
    "id",
    "templateId",
    "schedule",
    "status",
    "code",
    "state",
    "interval",
    "expiration",
    "lastExecution",
    "countEscrowed",
    "countSuccessiveCompleteFailures",
    "quarantine",
    "seriesBegan",
    "seriesCount",
    "error",
    "value",
    "key",
    "metadata",
    "factoryTag",
    "default",
    "discoverable",
    "applicationId",
    "schema",
    "provisioningAction",
    "action",
    "provisioningStatusInfo",
    "statusInfo",
    "errorInformation",
    "errorCode",
    "errorCategory",
    "provisioningSteps",
    "provisioningStepType",
    "type",
    "details",
    "modifiedProperties",
    "oldValue",
    "newValue",
    "servicePrincipal",
    "sourceSystem",
    "targetIdentity",
    "initiatedBy",
    "initiatorType",
    "initiatingType",
    "result",
    "changeId",
    "startTime",
    "timestamp",
    "resetScope",
    "criteria",
    "parameters",
    "subjects",
    "links",
    "manager",
    "members",
    "owners",
    "ruleId",
    "objectId",
    "objectTypeName",
    "durationInMilliseconds",
    "activityDateTime",
    "@odata.nextLink",
    "@odata.count",
    "synchronizationJobSettings",
    "progress",
];

/// Strings the models interpret.
const TEXTS: &[&str] = &[
    "",
    " ",
    "Active",
    "Paused",
    "Quarantine",
    "NotConfigured",
    "Disabled",
    "Failed",
    "EntryLevelErrors",
    "2024-01-01T00:00:00Z",
    "0001-01-01T00:00:00Z",
    "9999-12-31T23:59:59Z",
    "PT40M",
    "P10675199DT2H48M5.4775807S",
    "Full",
    "Watermark, Escrows",
    "None",
    "success",
    "Create",
    "import",
    "Skipped",
    "{}",
    "[]",
    "null",
    "{\"result\":\"Success\"}",
    "123",
    "String (timestamp)",
];

fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        prop::sample::select(TEXTS).prop_map(Value::from),
        ".{0,12}".prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec(
                (
                    prop_oneof![
                        4 => prop::sample::select(KEYS).prop_map(str::to_owned),
                        1 => "[a-zA-Z@.]{0,8}",
                    ],
                    inner
                ),
                0..6
            )
            .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// Every parser of the crate's models on one text; none may panic.
fn parse_everything(text: &str) {
    let _ = parse_job(text);
    let _ = parse_jobs_page(text);
    let _ = parse_template(text);
    let _ = parse_templates_page(text);
    let _ = parse_provisioning_page(text);
    let _ = parse::<RestartCriteria>(text);
    let _ = parse::<SecretsPutBody>(text);
    let _ = parse::<ProvisionOnDemandRequest>(text);
    if let Ok(r) = parse_provision_on_demand_response(text) {
        let _ = r.decode();
    }
}

/// A job with the given state, last run and failure counts.
fn job(
    id: String,
    code: StatusCode,
    last: Option<(TaskExecutionResult, i64)>,
    fails: i64,
) -> SynchronizationJob {
    SynchronizationJob {
        id,
        template_id: String::new(),
        schedule: Default::default(),
        status: SynchronizationStatus {
            code,
            count_successive_complete_failures: fails,
            last_execution: last.map(|(state, count_escrowed)| SynchronizationTaskExecution {
                state,
                count_escrowed,
                ..Default::default()
            }),
            ..Default::default()
        },
        synchronization_job_settings: Vec::new(),
    }
}

fn arb_job() -> impl Strategy<Value = SynchronizationJob> {
    let code = prop_oneof![
        prop::sample::select(StatusCode::KNOWN.to_vec()),
        "[A-Za-z]{0,6}".prop_map(|s| StatusCode::from_graph_name(&s)),
    ];
    let result = prop_oneof![
        prop::sample::select(TaskExecutionResult::KNOWN.to_vec()),
        "[A-Za-z]{0,6}".prop_map(|s| TaskExecutionResult::from_graph_name(&s)),
    ];
    (
        "[a-z0-9.]{0,6}",
        code,
        prop::option::of((result, -2i64..3)),
        -1i64..3,
    )
        .prop_map(|(id, code, last, fails)| job(id, code, last, fails))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_json_never_panics_any_parser(v in arb_json()) {
        parse_everything(&v.to_string());
        // The same document as a page, and inside the on-demand strings.
        parse_everything(&json!({"value": [v.clone()]}).to_string());
        let r = StringKeyStringValuePair {
            odata_context: None,
            key: v.to_string(),
            value: v.to_string(),
        };
        let _ = r.decode();
        let r = StringKeyStringValuePair {
            odata_context: None,
            key: json!({"result": v.clone(), "details": v.clone()}).to_string(),
            value: v.to_string(),
        };
        if let Ok(decoded) = r.decode() {
            // What decodes encodes back to strings that decode the same way.
            let again = decoded.to_response().decode();
            prop_assert!(again.is_ok());
            let again = again.unwrap();
            prop_assert_eq!(again.result, decoded.result);
            prop_assert_eq!(again.details.error_code, decoded.details.error_code);
        }
    }

    #[test]
    fn arbitrary_text_never_panics_any_parser(text in "\\PC{0,64}") {
        parse_everything(&text);
    }

    #[test]
    fn parsed_templates_and_logs_survive_a_round_trip(v in arb_json()) {
        let text = json!({"value": [v]}).to_string();
        if let Ok(page) = parse_provisioning_page(&text) {
            let out = serde_json::to_string(&page).unwrap();
            prop_assert_eq!(parse_provisioning_page(&out).unwrap(), page);
        }
        if let Ok(page) = parse_templates_page(&text) {
            let out = serde_json::to_string(&page).unwrap();
            prop_assert_eq!(parse_templates_page(&out).unwrap(), page);
        }
    }

    #[test]
    fn every_restart_scope_round_trips(bits in any::<u32>()) {
        let scope = RestartScope::from_bits_truncate(bits);
        let wire = scope.to_wire();
        prop_assert_eq!(RestartScope::parse_wire(&wire), Ok(scope));
        prop_assert_eq!(wire.parse::<RestartScope>(), Ok(scope));
        let json = serde_json::to_string(&RestartCriteria::new(scope)).unwrap();
        prop_assert_eq!(serde_json::from_str::<RestartCriteria>(&json).unwrap().reset_scope, scope);
        prop_assert_eq!(RestartScope::from_bits(bits).is_some(), bits & !47 == 0);
    }

    #[test]
    fn parse_wire_never_panics(text in "\\PC{0,48}") {
        let _ = RestartScope::parse_wire(&text);
    }

    #[test]
    fn parse_wire_reads_member_lists_in_any_order_case_and_spacing(
        picks in prop::collection::vec((0usize..7, any::<bool>(), " {0,2}", " {0,2}"), 0..8),
    ) {
        const NAMES: [(&str, u32); 7] = [
            ("None", 0), ("ConnectorDataStore", 1), ("Escrows", 2), ("Watermark", 4),
            ("QuarantineState", 8), ("Full", 15), ("ForceDeletes", 32),
        ];
        let mut want = 0;
        let mut items = Vec::new();
        for (i, upper, before, after) in &picks {
            let (name, bit) = NAMES[*i];
            want |= bit;
            let name = if *upper { name.to_uppercase() } else { name.to_lowercase() };
            items.push(format!("{before}{name}{after}"));
        }
        let text = items.join(",");
        prop_assert_eq!(RestartScope::parse_wire(&text).map(|s| s.bits()), Ok(want), "{:?}", text);
    }

    #[test]
    fn attention_is_a_total_order_consistent_with_rank(
        a in arb_job(), b in arb_job(), c in arb_job(),
    ) {
        let (x, y, z) = (attention(&a), attention(&b), attention(&c));
        // Consistent with rank.
        if x.rank() < y.rank() {
            prop_assert!(x < y);
        }
        if x < y {
            prop_assert!(x.rank() <= y.rank());
        }
        // Total: exactly one of <, ==, >; antisymmetric; transitive.
        prop_assert_eq!(x.cmp(&y), y.cmp(&x).reverse());
        prop_assert_eq!(x.cmp(&y) == Ordering::Equal, x == y);
        if x <= y && y <= z {
            prop_assert!(x <= z);
        }
        // The sort key extends it with the name and id.
        let ka = AttentionKey::new(&a, "App");
        let kb = AttentionKey::new(&b, "app");
        prop_assert_eq!(ka.cmp(&kb), kb.cmp(&ka).reverse());
        if x != y {
            prop_assert_eq!(ka.cmp(&kb), x.cmp(&y));
        }
    }

    #[test]
    fn sorting_jobs_orders_them_by_rank(jobs in prop::collection::vec(arb_job(), 0..24)) {
        let mut levels: Vec<Attention> = jobs.iter().map(attention).collect();
        levels.sort();
        prop_assert!(levels.windows(2).all(|w| w[0].rank() <= w[1].rank()));
        prop_assert!(levels.windows(2).all(|w| w[0] <= w[1]));
    }
}
