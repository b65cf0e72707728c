//! Graph enumerations of the synchronization API.
//!
//! Every enum keeps values it does not know in an `Unknown(String)` variant
//! instead of failing, and writes them back unchanged, so a future service
//! value never hides a job and never gets lost on a round trip. Known values
//! are matched case-insensitively (the docs mix `Import` and `import`) and
//! written in Graph's canonical spelling. The CSDL numeric values are accepted
//! too.
//!
//! - `job`: the enums of a job's schedule and status ([`ScheduleState`],
//!   [`StatusCode`], [`TaskExecutionResult`], [`QuarantineReason`]).
//! - `secrets`: the keys of a service principal's synchronization secrets
//!   ([`SynchronizationSecret`]).
//! - `template`: the keys of a template's metadata ([`SynchronizationMetadata`]).
//! - `provisioning`: the enums of provisioning logs ([`ProvisioningAction`],
//!   [`ProvisioningResult`], [`ProvisioningStatusErrorCategory`],
//!   [`ProvisioningStepType`], [`InitiatorType`]).

mod macros;

mod job;
mod provisioning;
mod secrets;
mod template;

pub use job::{QuarantineReason, ScheduleState, StatusCode, TaskExecutionResult};
pub use provisioning::{
    InitiatorType, ProvisioningAction, ProvisioningResult, ProvisioningStatusErrorCategory,
    ProvisioningStepType,
};
pub use secrets::SynchronizationSecret;
pub use template::SynchronizationMetadata;
