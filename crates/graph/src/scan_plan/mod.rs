//! The fleet-scan planner: which `$batch` to send next, and what its answer
//! means. Pure and time-injected; the app's batch executor does the I/O.
//!
//! The scan lists the service principals (pages of up to 999) and asks each
//! one for its jobs (`GET /servicePrincipals/{id}/synchronization/jobs`),
//! twenty to a `$batch`. Feed it pages as they arrive
//! ([`ScanPlanner::add_service_principals`], then
//! [`ScanPlanner::listing_complete`]); ask for work
//! ([`ScanPlanner::next_batch`]) whenever a page or an answer arrives or the
//! timer from [`ScanPlanner::next_wake_ms`] fires; hand each answer back
//! ([`ScanPlanner::apply`] or [`ScanPlanner::apply_envelope`]) and show the
//! [`ScanEvent`]s it returns.
//!
//! - While pages are still coming, only full batches go out, so the scan
//!   costs no more than the protocol minimum ([`minimum_requests`]); once the
//!   listing is complete, the rest goes out in a last, partial batch.
//! - At most [`ScanConfig::concurrency`] batches are in flight.
//! - A sub-request answered 429 or 5xx is queued again *alone* (the
//!   others of its batch are done), not before its `Retry-After` (readable in
//!   the sub-response) or a backoff, as the retry policy ([`crate::retry`])
//!   decides; a batch that got no usable answer queues all of its items
//!   again. With the default policy ([`crate::retry::RetryPolicy::UNTIL_SUCCESS`])
//!   a read is asked again until it succeeds; each failed try but a 429 is a
//!   [`ScanEvent::Retrying`] with the time of the next one, which
//!   [`ScanPlanner::retry_now`] brings forward.
//! - Every app is reported exactly once: [`ScanEvent::Jobs`] or
//!   [`ScanEvent::Failed`] (a 4xx, or a bounded policy out of retries).
//! - [`ScanPlanner::last_answer`] says what each answer said about Graph's
//!   budget, for the client's pacing ([`crate::budget`]).
//! - Request ids are unique across the whole scan, re-queued items included,
//!
//! - `config`: [`ScanConfig`] and the protocol minimum, [`minimum_requests`].
//! - `events`: what goes in and out: [`PlannedBatch`], [`TransportFailure`],
//!   [`ScanEvent`], [`envelope_result`].
//! - `planner`: [`ScanPlanner`]: the queue and the batches it sends.
//! - `answer`: how the planner reads an answer ([`ScanPlanner::apply`]).

mod answer;
mod config;
mod events;
mod planner;

pub use answer::LandedBatch;
pub use config::{ScanConfig, minimum_requests};
pub use events::{INVALID_ID, PlannedBatch, ScanEvent, TransportFailure, envelope_result};
pub use planner::{AnswerCounts, ScanPlanner};
