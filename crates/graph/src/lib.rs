//! `syncdeck-graph`: the pure-Rust model of the Microsoft Graph synchronization
//! (provisioning job) API used by syncdeck.
//!
//! This crate does no I/O and depends on no web or async runtime: it compiles
//! natively and for `wasm32-unknown-unknown`. Everything the app can decide
//! without a browser lives here.
//!
//! # Modules
//!
//! - [`model`]: the resources (`synchronizationJob`, its schedule and status
//!   tree, `servicePrincipal`) and the OData page wrapper.
//! - [`enums`]: Graph enumerations that keep unknown values instead of failing.
//! - [`time`]: `DateTimeOffset` values ([`GraphTime`]) and human-readable time
//!   spans and relative times.
//! - [`duration`]: ISO-8601 durations ([`IsoDuration`]) such as a schedule's
//!   `interval`.
//! - [`sentinels`]: the two .NET sentinel values Graph sends.
//! - [`error`]: the Graph error envelope ([`GraphError`]).
//! - [`mod@parse`]: parsing entry points and [`ParseError`].
//! - [`template`]: classify a job by its template id ([`TemplateKind`]).
//! - [`cloud`]: national clouds: login authority and Graph host.
//! - [`csp`]: the Content-Security-Policy per cloud, the security and cache headers per path.
//! - [`restart`]: the reset scope flag set and the restart criteria.
//! - [`html`]: an escaping writer for read-only markup handed to the page as `inner_html`.
//! - [`budget`]: the per-app budget Graph gives the directory reads, learned from its 429s.
//! - [`pace`]: documented per-API budgets (reports, provisionOnDemand) kept by a sliding window.
//! - [`policy`]: which actions a job's state allows, and why not.
//! - [`provision`]: provision on demand: who, by which rule, the request, the answer's steps.
//! - [`health`]: the needs-attention ranking, the quarantine clock, the fleet summary.
//! - [`hints`]: one table from Graph (and MSAL) error codes to what the admin should do.
//! - [`retry`]: the retry policy, a pure function of the outcome and the attempt.
//! - [`request`]: request builders for every operation the app sends.
//! - [`batch`]: the JSON `$batch` codec.
//! - [`scan_plan`]: the fleet-scan planner (service principal pages into batches).
//! - [`schema`]: a job's synchronization schema: view, filter, diff, backup check.
//! - [`settings`]: the provisioning settings saved with the secrets: read, edit, preview.
//! - [`fleet`]: the fleet view's filter, sort, CSV export, Entra deep links,
//!   auto-refresh cadence and change announcements.
//!
//! # Leniency
//!
//! Microsoft's own samples are sloppy (empty strings for timestamps, type names
//! such as `"Integer"` in place of values, a single object where a collection
//! belongs), and future service versions may add enum members. The models are
//! therefore lenient where the *content* of a value is odd (unknown enum
//! members, unparsable timestamps and durations are kept verbatim; numbers may
//! arrive as strings) and strict only where the *shape* of the document is
//! wrong (a string where an object belongs, a missing `id`), which gives a
//! [`ParseError`]. Parsing never panics.

#![warn(missing_docs)]

pub mod batch;
pub mod budget;
pub mod cloud;
pub mod csp;
pub mod duration;
pub mod enums;
pub mod error;
pub mod fleet;
pub mod health;
pub mod hints;
pub mod html;
mod lenient;
pub mod logs;
pub mod model;
pub mod outcomes;
pub mod pace;
pub mod parse;
pub mod policy;
pub mod provision;
pub mod request;
pub mod restart;
pub mod retry;
pub mod scan_plan;
pub mod schema;
pub mod sentinels;
pub mod settings;
pub mod template;
pub mod time;

pub use duration::IsoDuration;
pub use enums::{QuarantineReason, ScheduleState, StatusCode, TaskExecutionResult};
pub use error::GraphError;
pub use model::{
    KeyValuePair, ODataPage, ServicePrincipal, StringKeyLongValuePair, SynchronizationError,
    SynchronizationJob, SynchronizationProgress, SynchronizationQuarantine,
    SynchronizationSchedule, SynchronizationStatus, SynchronizationTaskExecution,
};
pub use parse::{
    ParseError, parse, parse_as, parse_job, parse_jobs_page, parse_service_principals_page,
};
pub use sentinels::{DATETIME_MIN_VALUE, TIMESPAN_MAX_VALUE};
pub use template::{TemplateKind, template_kind};
pub use time::{GraphTime, format_duration_between, format_millis_duration, relative};

pub use batch::{BatchItemResponse, BatchRequest, decode_batch_response, match_responses};
pub use cloud::Cloud;
pub use enums::{
    InitiatorType, ProvisioningAction, ProvisioningResult, ProvisioningStatusErrorCategory,
    ProvisioningStepType, SynchronizationMetadata, SynchronizationSecret,
};
pub use health::{Attention, QuarantineClock, Summary, attention};
pub use hints::{Hint, HintKind, Operation, hint, hint_for_msal};
pub use model::{
    OnDemandOutcome, OnDemandResult, ProvisionOnDemandRequest, ProvisionOnDemandResponse,
    ProvisioningObjectSummary, SecretsPutBody, StringKeyStringValuePair,
    SynchronizationJobApplicationParameters, SynchronizationJobSubject,
    SynchronizationLinkedObjects, SynchronizationMetadataEntry,
    SynchronizationSecretKeyStringValuePair, SynchronizationTemplate,
    parse_provision_on_demand_response, parse_provisioning_page, parse_template,
    parse_templates_page,
};
pub use policy::{Action, Decision, decide};
pub use request::{GraphRequest, Method};
pub use restart::{RestartCriteria, RestartOption, RestartScope, RestartScopeError};
pub use retry::{RetryDecision, RetryPolicy, decide as decide_retry};
pub use scan_plan::{ScanEvent, ScanPlanner};
