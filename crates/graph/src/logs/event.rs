//! One provisioning log entry as Graph sent it ([`LogEvent`], a `serde_json::Value`), read
//! through small accessors, and a page of them ([`parse_log_page`]).
//!
//! The app reads the logs through this, not through the typed
//! [`crate::model::ProvisioningObjectSummary`]: the typed model's derived deserializers cost the
//! first-load wasm about 20 KB brotli, and the app already links `serde_json::Value`. The
//! accessors read what the typed model reads (its methods' names where it has them; beta's
//! legacy `action` and `statusInfo` included), never panic on missing, `null` or odd values, and
//! give an unknown enum value as Graph spelled it. `tests/log_event.rs` checks them against the
//! typed model on every documentation sample and on what the emulator serves.

use serde_json::Value;

use crate::enums::{ProvisioningAction, ProvisioningResult};
use crate::parse::ParseError;
use crate::time::{GraphTime, format_millis_duration};

/// One provisioning log entry (`provisioningObjectSummary`), kept as Graph sent it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LogEvent(pub Value);

/// The object in the source or target (`provisionedIdentity`), borrowed from a [`LogEvent`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Identity<'a> {
    /// Its id in that system.
    pub id: Option<&'a str>,
    /// Its name.
    pub display_name: Option<&'a str>,
    /// Its type, e.g. `User`.
    pub identity_type: Option<&'a str>,
}

/// One step of a change (`provisioningStep`), borrowed from a [`LogEvent`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Step<'a> {
    /// The step's name, e.g. `EntryExportAdd` (empty when absent).
    pub name: &'a str,
    /// The phase as Graph spelled it (`import`, `scoping`, ...; empty when absent).
    pub provisioning_step_type: &'a str,
    /// The step's outcome as Graph spelled it (empty when absent).
    pub status: &'a str,
    /// What happened, in words.
    pub description: Option<&'a str>,
}

/// A property that changed (`modifiedProperty`): values as text (a number or Boolean as its
/// JSON text, an object or array as its compact JSON).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Modified<'a> {
    /// The property's name (empty when absent).
    pub display_name: &'a str,
    /// The value before.
    pub old_value: Option<String>,
    /// The value after.
    pub new_value: Option<String>,
}

/// `v[key]` as text (`None` when absent, `null` or not a string).
fn text<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

/// A free-form value as text: a string as it is, `null` as `None`, anything else as its JSON.
fn loose_text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

/// Non-blank text.
fn filled(s: Option<&str>) -> Option<&str> {
    s.filter(|s| !s.trim().is_empty())
}

impl LogEvent {
    fn str(&self, key: &str) -> &str {
        text(&self.0, key).unwrap_or_default()
    }

    /// `provisioningStatusInfo.errorInformation[key]`, else beta's `statusInfo[key]`.
    fn error_text(&self, key: &str) -> Option<&str> {
        let info = self.0.get("provisioningStatusInfo");
        filled(
            info.and_then(|i| i.get("errorInformation"))
                .and_then(|e| text(e, key)),
        )
        .or_else(|| filled(self.0.get("statusInfo").and_then(|s| text(s, key))))
    }

    /// The entry's id.
    pub fn id(&self) -> &str {
        self.str("id")
    }

    /// The job that made it (matches `synchronizationJob.id`).
    pub fn job_id(&self) -> &str {
        self.str("jobId")
    }

    /// The cycle (one run of the job).
    pub fn cycle_id(&self) -> &str {
        self.str("cycleId")
    }

    /// The change, unique within the cycle.
    pub fn change_id(&self) -> &str {
        self.str("changeId")
    }

    /// When the change happened ([`GraphTime::Missing`] when absent or not a string).
    pub fn activity_date_time(&self) -> GraphTime {
        text(&self.0, "activityDateTime").map_or(GraphTime::Missing, GraphTime::parse)
    }

    /// How long the change took, in milliseconds: an integer, a float (truncated) or a string
    /// of digits; `None` when absent, `null` or of another type.
    pub fn duration_in_milliseconds(&self) -> Option<i64> {
        match self.0.get("durationInMilliseconds")? {
            Value::Number(n) => n
                .as_i64()
                .or_else(|| n.as_u64().map(|_| i64::MAX))
                .or_else(|| n.as_f64().map(|f| f as i64)),
            Value::String(s) => Some(crate::lenient::parse_i64_text(s)),
            _ => None,
        }
    }

    /// The duration in words, e.g. `"3 s"` (see [`crate::format_millis_duration`]).
    pub fn duration_text(&self) -> Option<String> {
        self.duration_in_milliseconds().map(format_millis_duration)
    }

    /// What was done, as Graph spelled it: `provisioningAction`, or beta's legacy `action` when
    /// the former is absent (empty when neither is a string).
    pub fn action_name(&self) -> &str {
        text(&self.0, "provisioningAction")
            .or_else(|| text(&self.0, "action"))
            .unwrap_or_default()
    }

    /// What was done (see [`Self::action_name`]).
    pub fn action(&self) -> ProvisioningAction {
        ProvisioningAction::from_graph_name(self.action_name())
    }

    /// The outcome as Graph spelled it: `provisioningStatusInfo.status`, or beta's legacy
    /// `statusInfo.status` when the former is blank (empty when neither is there).
    pub fn result_name(&self) -> &str {
        let status = |k: &str| filled(self.0.get(k).and_then(|s| text(s, "status")));
        status("provisioningStatusInfo")
            .or_else(|| status("statusInfo"))
            .unwrap_or_default()
    }

    /// The outcome (see [`Self::result_name`]).
    pub fn result(&self) -> ProvisioningResult {
        ProvisioningResult::from_graph_name(self.result_name())
    }

    /// The error code (e.g. `ContosoEntryConflict`), from
    /// `provisioningStatusInfo.errorInformation` or the legacy `statusInfo`.
    pub fn error_code(&self) -> Option<&str> {
        self.error_text("errorCode")
    }

    /// The error's explanation, from the same places as [`Self::error_code`].
    pub fn error_reason(&self) -> Option<&str> {
        self.error_text("reason")
    }

    /// What to do about the error, from the same places as [`Self::error_code`].
    pub fn recommended_action(&self) -> Option<&str> {
        self.error_text("recommendedAction")
    }

    fn identity(&self, key: &str) -> Identity<'_> {
        let i = self.0.get(key).unwrap_or(&Value::Null);
        Identity {
            id: text(i, "id"),
            display_name: text(i, "displayName"),
            identity_type: text(i, "identityType"),
        }
    }

    /// The object in the source (all `None` when absent).
    pub fn source_identity(&self) -> Identity<'_> {
        self.identity("sourceIdentity")
    }

    /// The object in the target (all `None` when absent).
    pub fn target_identity(&self) -> Identity<'_> {
        self.identity("targetIdentity")
    }

    /// The source system's name, e.g. `Azure Active Directory`.
    pub fn source_system_name(&self) -> Option<&str> {
        self.0
            .get("sourceSystem")
            .and_then(|s| text(s, "displayName"))
    }

    /// The target system's name.
    pub fn target_system_name(&self) -> Option<&str> {
        self.0
            .get("targetSystem")
            .and_then(|s| text(s, "displayName"))
    }

    /// The job's service principal: one object, or (an older doc) a collection read as its first
    /// element.
    fn service_principal(&self) -> Option<&Value> {
        match self.0.get("servicePrincipal")? {
            Value::Array(a) => a.first(),
            v => Some(v),
        }
    }

    /// The service principal's object id (empty when absent).
    pub fn service_principal_id(&self) -> &str {
        self.service_principal()
            .and_then(|s| text(s, "id"))
            .unwrap_or_default()
    }

    /// The service principal's name.
    pub fn service_principal_name(&self) -> Option<&str> {
        self.service_principal()
            .and_then(|s| text(s, "displayName"))
    }

    fn list(&self, key: &str) -> &[Value] {
        self.0
            .get(key)
            .and_then(Value::as_array)
            .map_or(&[], Vec::as_slice)
    }

    /// The steps of the change, in order (import, scoping, matching, export, ...).
    pub fn provisioning_steps(&self) -> Vec<Step<'_>> {
        self.list("provisioningSteps")
            .iter()
            .map(|s| Step {
                name: text(s, "name").unwrap_or_default(),
                provisioning_step_type: text(s, "provisioningStepType").unwrap_or_default(),
                status: text(s, "status").unwrap_or_default(),
                description: text(s, "description"),
            })
            .collect()
    }

    /// The properties that changed.
    pub fn modified_properties(&self) -> Vec<Modified<'_>> {
        self.list("modifiedProperties")
            .iter()
            .map(|p| Modified {
                display_name: text(p, "displayName").unwrap_or_default(),
                old_value: loose_text(p.get("oldValue")),
                new_value: loose_text(p.get("newValue")),
            })
            .collect()
    }
}

/// One page of events and Graph's `@odata.nextLink` (while there are more).
pub type LogPage = (Vec<LogEvent>, Option<String>);

/// What [`parse_log_page`] expects, named in its errors.
pub const LOG_PAGE: &str = "a list of provisioning log entries";

/// Reads one page of `GET /auditLogs/provisioning`: its events (entries that are not objects are
/// left out) and `@odata.nextLink`. A body that is not JSON, or not a collection (an object
/// with a `value` array), is a [`ParseError`] naming [`LOG_PAGE`].
pub fn parse_log_page(body: &str) -> Result<LogPage, ParseError> {
    let shape = |message: &str| ParseError::Shape {
        expected: LOG_PAGE.into(),
        line: 1,
        column: 1,
        message: message.into(),
    };
    let mut page: Value =
        serde_json::from_str(body).map_err(|e| ParseError::from_json_error(LOG_PAGE, &e))?;
    let next = text(&page, "@odata.nextLink").map(str::to_owned);
    let Some(Value::Array(items)) = page.get_mut("value").map(Value::take) else {
        return Err(shape("not a collection (no `value` array)"));
    };
    let events = items
        .into_iter()
        .filter(Value::is_object)
        .map(LogEvent)
        .collect();
    Ok((events, next))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(json: &str) -> LogEvent {
        LogEvent(serde_json::from_str(json).unwrap())
    }

    #[test]
    fn pages_and_not_pages() {
        let (events, next) = parse_log_page(
            r#"{"value":[{"id":"a"},3,null,{"id":"b"}],"@odata.nextLink":"https://x/next"}"#,
        )
        .unwrap();
        assert_eq!(
            events.iter().map(LogEvent::id).collect::<Vec<_>>(),
            ["a", "b"]
        );
        assert_eq!(next.as_deref(), Some("https://x/next"));
        assert_eq!(parse_log_page(r#"{"value":[]}"#).unwrap(), (vec![], None));
        for bad in [r#"{"error":{}}"#, "[]", r#"{"value":{}}"#, "3", "null"] {
            let err = parse_log_page(bad).unwrap_err();
            assert!(matches!(err, ParseError::Shape { .. }), "{bad}: {err:?}");
            assert!(err.to_string().contains("not a collection"), "{err}");
            assert!(err.to_string().contains(LOG_PAGE), "{err}");
        }
        let err = parse_log_page(r#"{"value":[}"#).unwrap_err();
        assert!(matches!(err, ParseError::Syntax { .. }), "{err:?}");
        assert!(matches!(
            parse_log_page(""),
            Err(ParseError::Truncated { .. })
        ));
    }

    #[test]
    fn odd_values_never_panic() {
        let odd = ev(
            r#"{"id":3,"jobId":null,"activityDateTime":5,"durationInMilliseconds":true,
            "provisioningAction":7,"action":"Create","provisioningStatusInfo":"x",
            "statusInfo":{"status":"Failure","errorCode":" ","reason":"r"},
            "sourceIdentity":"s","targetIdentity":{"id":1,"displayName":"T"},
            "servicePrincipal":[],"provisioningSteps":{"a":1},
            "modifiedProperties":[{"displayName":1,"oldValue":{"a":1},"newValue":false},7]}"#,
        );
        assert_eq!(odd.id(), "");
        assert_eq!(odd.job_id(), "");
        assert_eq!(odd.activity_date_time(), GraphTime::Missing);
        assert_eq!(odd.duration_in_milliseconds(), None);
        assert_eq!(odd.action(), ProvisioningAction::Create);
        assert_eq!(odd.result(), ProvisioningResult::Failure);
        assert_eq!(odd.error_code(), None);
        assert_eq!(odd.error_reason(), Some("r"));
        assert_eq!(odd.source_identity(), Identity::default());
        assert_eq!(odd.target_identity().display_name, Some("T"));
        assert_eq!(odd.target_identity().id, None);
        assert_eq!(odd.service_principal_id(), "");
        assert!(odd.provisioning_steps().is_empty());
        let props = odd.modified_properties();
        assert_eq!(props.len(), 2);
        assert_eq!(props[0].old_value.as_deref(), Some(r#"{"a":1}"#));
        assert_eq!(props[0].new_value.as_deref(), Some("false"));
        assert_eq!(props[1], Modified::default());
        let empty = LogEvent::default();
        assert_eq!(empty.action_name(), "");
        assert_eq!(empty.result(), ProvisioningResult::default());
        assert_eq!(empty.duration_text(), None);
        assert!(empty.modified_properties().is_empty());
    }

    #[test]
    fn unknown_values_as_sent_and_durations() {
        let e = ev(
            r#"{"provisioningAction":"teleport","provisioningStatusInfo":{"status":"  "},
            "statusInfo":{"status":"partial"},"durationInMilliseconds":"3200",
            "servicePrincipal":[{"id":"sp","displayName":"App"}],
            "provisioningSteps":[{"name":"n","provisioningStepType":"dreaming","status":"odd"}]}"#,
        );
        assert_eq!(e.action().graph_name(), "teleport");
        assert_eq!(e.result_name(), "partial");
        assert_eq!(e.result().graph_name(), "partial");
        assert_eq!(e.duration_in_milliseconds(), Some(3200));
        assert_eq!(e.duration_text().as_deref(), Some("3 s"));
        assert_eq!(e.service_principal_id(), "sp");
        assert_eq!(e.service_principal_name(), Some("App"));
        let steps = e.provisioning_steps();
        assert_eq!(steps[0].provisioning_step_type, "dreaming");
        assert_eq!(steps[0].status, "odd");
        for (d, ms) in [
            ("12.9", Some(12)),
            ("\"x\"", Some(0)),
            ("null", None),
            ("[1]", None),
        ] {
            let e = ev(&format!(r#"{{"durationInMilliseconds":{d}}}"#));
            assert_eq!(e.duration_in_milliseconds(), ms, "{d}");
        }
    }
}
