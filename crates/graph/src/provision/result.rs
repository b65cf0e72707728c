//! What the dialog shows of a provisionOnDemand answer, read without the rest: the outcome, its
//! error, the steps and the modified properties. The full model is
//! [`crate::model::OnDemandResult`]; this reader keeps only what is shown, so the app does not
//! carry the full one's code (it costs kilobytes of WebAssembly).

use serde::Deserialize;

use crate::lenient::null_default;
use crate::model::{
    ModifiedProperty, OnDemandOutcome, OnDemandStep, parse_provision_on_demand_response,
};
use crate::parse::{ParseError, parse_as};

/// A provisionOnDemand answer as shown.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OnDemandShown {
    /// `Success`, `Skipped`, `Failure` or another value (from `key.result`).
    pub result: OnDemandOutcome,
    /// `key.details.errorCode`, else the change's `statusInfo.errorCode`.
    pub error_code: Option<String>,
    /// `key.details.errorMessage`.
    pub error_message: Option<String>,
    /// The steps, in order.
    pub steps: Vec<OnDemandStep>,
    /// The modified properties.
    pub modified: Vec<ModifiedProperty>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Key {
    result: OnDemandOutcome,
    details: Option<Details>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct Details {
    error_code: Option<String>,
    error_message: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct Change {
    #[serde(deserialize_with = "null_default")]
    provisioning_steps: Vec<OnDemandStep>,
    #[serde(deserialize_with = "null_default")]
    modified_properties: Vec<ModifiedProperty>,
    status_info: Option<Details>,
}

/// Reads the body of a provisionOnDemand answer (`{key, value}`, both JSON documents in
/// strings; a blank `value` is an empty change). Errors name the half that failed.
pub fn read_on_demand(body: &str) -> Result<OnDemandShown, ParseError> {
    let pair = parse_provision_on_demand_response(body)?;
    let key: Key = parse_as(&pair.key, "the provisionOnDemand result (key)")?;
    let change: Change = if pair.value.trim().is_empty() {
        Change::default()
    } else {
        parse_as(&pair.value, "the provisionOnDemand change (value)")?
    };
    let details = key.details.unwrap_or_default();
    let blank = |c: &Option<String>| c.as_deref().is_none_or(|c| c.trim().is_empty());
    let error_code = if blank(&details.error_code) {
        change.status_info.and_then(|s| s.error_code)
    } else {
        details.error_code
    }
    .filter(|c| !c.trim().is_empty());
    Ok(OnDemandShown {
        result: key.result,
        error_code,
        error_message: details.error_message,
        steps: change.provisioning_steps,
        modified: change.modified_properties,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docs(name: &str) -> String {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared/fixtures/graph-docs")
            .join(name);
        std::fs::read_to_string(path).unwrap()
    }

    #[test]
    fn every_docs_answer_reads_as_the_full_model_does() {
        for v in ["v1.0", "beta"] {
            for n in 1..=3 {
                let body = docs(&format!(
                    "{v}--synchronization-synchronizationjob-provisionondemand--{n}-response.json"
                ));
                let shown = read_on_demand(&body).unwrap();
                let full = parse_provision_on_demand_response(&body)
                    .unwrap()
                    .decode()
                    .unwrap();
                assert_eq!(shown.result, full.result, "{v} {n}");
                assert_eq!(shown.error_code.as_deref(), full.error_code(), "{v} {n}");
                assert_eq!(shown.error_message, full.details.error_message, "{v} {n}");
                assert_eq!(shown.steps, full.change.provisioning_steps, "{v} {n}");
                assert_eq!(shown.modified, full.change.modified_properties, "{v} {n}");
            }
        }
        let skipped = read_on_demand(&docs(
            "v1.0--synchronization-synchronizationjob-provisionondemand--1-response.json",
        ))
        .unwrap();
        assert_eq!(skipped.result, OnDemandOutcome::Skipped);
        assert_eq!(skipped.error_code.as_deref(), Some("RedundantExport"));
        assert_eq!(skipped.steps.len(), 4);
        assert!(!skipped.modified.is_empty());
    }

    #[test]
    fn a_failure_keeps_its_code_and_bad_halves_are_named() {
        let body = serde_json::json!({
            "key": r#"{"result":"Failure","details":{"errorCode":null}}"#,
            "value": r#"{"statusInfo":{"status":"failure","errorCode":"SchemaAttributeNotFound"},"provisioningSteps":[{"name":"EntryExportAdd","type":"Export","status":"Failure","description":"x"}]}"#,
        })
        .to_string();
        let shown = read_on_demand(&body).unwrap();
        assert_eq!(shown.result, OnDemandOutcome::Failure);
        assert_eq!(shown.error_code.as_deref(), Some("SchemaAttributeNotFound"));
        assert_eq!(shown.steps.len(), 1);
        let bad_key = serde_json::json!({"key": "nope", "value": "{}"}).to_string();
        assert!(
            read_on_demand(&bad_key)
                .unwrap_err()
                .to_string()
                .contains("(key)")
        );
        let bad_value = serde_json::json!({"key": "{}", "value": "[1"}).to_string();
        assert!(
            read_on_demand(&bad_value)
                .unwrap_err()
                .to_string()
                .contains("(value)")
        );
        let blank = serde_json::json!({"key": r#"{"result":"Success"}"#, "value": " "}).to_string();
        assert_eq!(
            read_on_demand(&blank).unwrap().result,
            OnDemandOutcome::Success
        );
        assert!(read_on_demand("{").is_err());
    }
}
