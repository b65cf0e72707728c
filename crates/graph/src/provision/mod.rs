//! Provision on demand: who (users and groups read from the directory), by which rule (the
//! job's schema), what is sent (one request per subject, shown before it is sent) and how the
//! answer reads (the portal's step names), for
//! <https://learn.microsoft.com/en-us/graph/api/synchronization-synchronizationjob-provisionondemand?view=graph-rest-1.0>.
//!
//! - `directory`: `GET /users/{id or upn}`, `GET /groups/{id}` and its members, and what the
//!   admin typed into a list of ids.
//! - `rules`: the synchronization rules of a job's schema, and which one fits a subject.
//! - `run`: which jobs take on-demand requests, the body per subject, the request preview,
//!   the run's pacing and what counts as failed.
//! - `result`: what is shown of an answer (outcome, error, steps, modified properties).
//! - `steps`: the portal's name of each step of a result.
//! - `markup`: the dialog's read-only HTML (users found, rule options, results).
//!
//! Graph's answers are read as `serde_json::Value` with the small accessors below, not with
//! derived `Deserialize` structs: each derived reader costs kilobytes of the app's WebAssembly
//! and the first load has a hard size budget (`BENCHMARKS.md`). The typed model
//! (`crate::model`) stays for the conformance tests, which check both read the same.

mod directory;
mod markup;
mod result;
mod rules;
mod run;
mod steps;

/// A file of Microsoft's examples, as the crate keeps them (`tests/fixtures/graph-docs/`), for the
/// provision modules' tests.
#[cfg(test)]
fn docs(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/graph-docs")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

pub use directory::{
    DirectoryGroup, DirectoryUser, MAX_GROUP_MEMBERS, MAX_USERS, MEMBERS_TOP, SplitError,
    get_group, get_user, group_members, parse_group, parse_members, parse_user, split_ids,
};
pub use markup::{Found, found_html, result_html, rule_options_html};
pub use result::{OnDemandShown, ShownStep, read_on_demand};
pub use rules::{ObjectMapping, SyncRule, parse_schema_rules, pick_rule};
pub use run::{
    RUN_BUDGET, Source, Subject, is_failed, preview, progress_text, request_body, source_of,
};
pub use steps::{status_label, step_failed, step_title};

use crate::parse::{ParseError, parse_as};
use serde_json::Value;

/// `body` as JSON, the error naming what it should have been.
fn json(body: &str, expected: &str) -> Result<Value, ParseError> {
    parse_as::<Value>(body, expected)
}

/// A body that is JSON but not of the shape `expected` names.
fn shape(expected: &str, message: &str) -> ParseError {
    ParseError::Shape {
        expected: expected.to_owned(),
        line: 0,
        column: 0,
        message: message.to_owned(),
    }
}

/// The string under `key` (`""` when absent, `null` or not a string).
fn text(v: &Value, key: &str) -> String {
    v.get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

/// The list under `key`: absent or `null` is empty, anything but a list is refused.
fn list<'a>(v: &'a Value, key: &str, expected: &str) -> Result<&'a [Value], ParseError> {
    match v.get(key) {
        None | Some(Value::Null) => Ok(&[]),
        Some(Value::Array(items)) => Ok(items),
        Some(_) => Err(shape(expected, &format!("`{key}` is not a list"))),
    }
}
