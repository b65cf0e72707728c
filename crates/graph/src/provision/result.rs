//! What the dialog shows of a provisionOnDemand answer, read without the rest: the outcome, its
//! error, the steps and the modified properties. The full model is
//! [`crate::model::OnDemandResult`]; this reader keeps only what is shown, so the app does not
//! carry the full one's code (it costs kilobytes of WebAssembly).

use serde_json::Value;

use super::{json, list, shape, text};
use crate::enums::{ProvisioningResult, ProvisioningStepType};
use crate::model::{ModifiedProperty, OnDemandOutcome};
use crate::parse::ParseError;

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
    pub steps: Vec<ShownStep>,
    /// The modified properties.
    pub modified: Vec<ModifiedProperty>,
}

/// One step of the change as shown (`provisioningSteps[]`: `name`, `type`, `status`,
/// `description`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ShownStep {
    /// E.g. `EntryImport`.
    pub name: String,
    /// The phase.
    pub step_type: ProvisioningStepType,
    /// The step's outcome.
    pub status: ProvisioningResult,
    /// What happened, in words.
    pub description: Option<String>,
}

/// A string, or a number or Boolean as its JSON text; `None` when absent or `null`.
fn opt_text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

/// A non-blank string under `key` of the object under `parent`.
fn detail(v: &Value, parent: &str, key: &str) -> Option<String> {
    v.get(parent)
        .and_then(|d| d.get(key))
        .and_then(Value::as_str)
        .filter(|c| !c.trim().is_empty())
        .map(str::to_owned)
}

/// Reads the body of a provisionOnDemand answer (`{key, value}`, both JSON documents in
/// strings; a blank `value` is an empty change). Errors name the half that failed.
pub fn read_on_demand(body: &str) -> Result<OnDemandShown, ParseError> {
    const KEY: &str = "the provisionOnDemand result (key)";
    const VALUE: &str = "the provisionOnDemand change (value)";
    let pair = json(body, "a provisionOnDemand response")?;
    let key = json(&text(&pair, "key"), KEY)?;
    let value = text(&pair, "value");
    let change = if value.trim().is_empty() {
        Value::Null
    } else {
        json(&value, VALUE)?
    };
    if !key.is_object() || !(change.is_object() || change.is_null()) {
        return Err(shape(
            if key.is_object() { VALUE } else { KEY },
            "not an object",
        ));
    }
    let steps = list(&change, "provisioningSteps", VALUE)?
        .iter()
        .map(|st| ShownStep {
            name: text(st, "name"),
            step_type: ProvisioningStepType::from_graph_name(&text(st, "type")),
            status: ProvisioningResult::from_graph_name(&text(st, "status")),
            description: st
                .get("description")
                .and_then(Value::as_str)
                .map(str::to_owned),
        })
        .collect();
    let modified = list(&change, "modifiedProperties", VALUE)?
        .iter()
        .map(|p| ModifiedProperty {
            display_name: text(p, "displayName"),
            old_value: opt_text(p.get("oldValue")),
            new_value: opt_text(p.get("newValue")),
        })
        .collect();
    Ok(OnDemandShown {
        result: OnDemandOutcome::from_graph_name(&text(&key, "result")),
        error_code: detail(&key, "details", "errorCode")
            .or_else(|| detail(&change, "statusInfo", "errorCode")),
        error_message: key
            .get("details")
            .and_then(|d| d.get("errorMessage"))
            .and_then(Value::as_str)
            .map(str::to_owned),
        steps,
        modified,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::parse_provision_on_demand_response;
    use crate::provision::docs;

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
                let steps: Vec<ShownStep> = full
                    .change
                    .provisioning_steps
                    .iter()
                    .map(|s| ShownStep {
                        name: s.name.clone(),
                        step_type: s.step_type.clone(),
                        status: s.status.clone(),
                        description: s.description.clone(),
                    })
                    .collect();
                assert_eq!(shown.steps, steps, "{v} {n}");
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
