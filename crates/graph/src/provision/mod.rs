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

mod directory;
mod result;
mod rules;
mod run;
mod steps;

pub use directory::{
    DirectoryGroup, DirectoryUser, MAX_GROUP_MEMBERS, MAX_USERS, MEMBERS_TOP, SplitError,
    get_group, get_user, group_members, parse_group, parse_members, parse_user, split_ids,
};
pub use result::{OnDemandShown, read_on_demand};
pub use rules::{ObjectMapping, SyncRule, parse_schema_rules, pick_rule};
pub use run::{
    RUN_BUDGET, Source, Subject, is_failed, preview, progress_text, request_body, source_of,
};
pub use steps::{status_label, step_failed, step_title};
