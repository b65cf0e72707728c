//! Resources of the synchronization API and the OData wrapper around lists.
//!
//! Field names are Graph's camelCase on the wire. Every field may be absent
//! (it reads as its default) except the `id` of a job and of a service
//! principal; unknown fields are ignored. Timestamps are [`crate::GraphTime`],
//! durations [`crate::IsoDuration`], enums keep unknown values. Int64 fields
//! accept numbers and strings of digits (a non-numeric string such as the
//! docs' `"Integer"` placeholder reads as 0); Booleans accept `"true"` and
//! `"false"` strings.
//!
//! Serializing writes Graph's own shape (camelCase, `null` for absent
//! nullable values), so the emulator can serve these types as they are.

mod job;
mod odata;
mod service_principal;
mod status;

pub use job::{KeyValuePair, SynchronizationJob, SynchronizationSchedule};
pub use odata::ODataPage;
pub use service_principal::ServicePrincipal;
pub use status::{
    QUARANTINE_AUTO_DISABLE_DAYS, StringKeyLongValuePair, SynchronizationError,
    SynchronizationProgress, SynchronizationQuarantine, SynchronizationStatus,
    SynchronizationTaskExecution,
};
