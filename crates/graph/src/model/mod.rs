//! Resources of the synchronization API and the OData wrapper around lists.
//!
//! Field names are Graph's camelCase on the wire. Every field may be absent
//! (it reads as its default) except the `id` of a job, of a template and of a
//! service principal; unknown fields are ignored (or, where the shape is
//! loose, kept as raw JSON). Timestamps are [`crate::GraphTime`], durations
//! [`crate::IsoDuration`], enums keep unknown values. Int64 fields accept
//! numbers and strings of digits (a non-numeric string such as the docs'
//! `"Integer"` placeholder reads as 0); Booleans accept `"true"` and
//! `"false"` strings.
//!
//! Serializing writes Graph's own shape (camelCase, `null` for absent
//! nullable values), so the emulator can serve these types as they are.
//!
//! Besides jobs: templates ([`SynchronizationTemplate`]), the secrets body
//! ([`SecretsPutBody`], values redacted from `Debug`), provision on demand
//! ([`ProvisionOnDemandRequest`], [`ProvisionOnDemandResponse`] and its
//! decoded [`OnDemandResult`]) and provisioning logs
//! ([`ProvisioningObjectSummary`]).

mod job;
pub(crate) mod json;
mod loose;
mod odata;
mod on_demand;
mod provisioning_log;
mod secrets;
mod service_principal;
mod status;
mod template;

pub use job::{KeyValuePair, SynchronizationJob, SynchronizationSchedule};
pub use odata::ODataPage;
pub use on_demand::{
    OnDemandChange, OnDemandDetails, OnDemandIdentity, OnDemandOutcome, OnDemandResult,
    OnDemandStep, OnDemandSystem, ProvisionOnDemandRequest, ProvisionOnDemandResponse,
    StringKeyStringValuePair, SynchronizationJobApplicationParameters, SynchronizationJobSubject,
    SynchronizationLinkedObjects, parse_provision_on_demand_response,
};
pub use provisioning_log::{
    Initiator, ModifiedProperty, ProvisionedIdentity, ProvisioningErrorInfo,
    ProvisioningObjectSummary, ProvisioningServicePrincipal, ProvisioningStatusInfo,
    ProvisioningStep, ProvisioningSystem, StatusDetails, parse_provisioning_page,
};
pub use secrets::{REDACTED, SecretsPutBody, SynchronizationSecretKeyStringValuePair};
pub use service_principal::ServicePrincipal;
pub use status::{
    QUARANTINE_AUTO_DISABLE_DAYS, StringKeyLongValuePair, SynchronizationError,
    SynchronizationProgress, SynchronizationQuarantine, SynchronizationStatus,
    SynchronizationTaskExecution,
};
pub use template::{
    SynchronizationMetadataEntry, SynchronizationTemplate, parse_template, parse_templates_page,
};
