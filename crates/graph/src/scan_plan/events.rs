//! What goes into and comes out of the planner: the batches it plans
//! ([`PlannedBatch`]), why a batch got no answer ([`TransportFailure`],
//! [`envelope_result`]) and what an answer means ([`ScanEvent`]).

use crate::batch::{BatchItemResponse, BatchRequest, decode_batch_response};
use crate::error::GraphError;
use crate::hints::Hint;
use crate::model::{ServicePrincipal, SynchronizationJob};
use crate::request::GraphRequest;

/// The code of the [`GraphError`] given for a service principal whose id
/// cannot be put in a URL (empty, `.` or `..`; Graph never sends such ids).
pub const INVALID_ID: &str = "InvalidId";

/// A batch to send: [`PlannedBatch::to_request`] is the `POST /$batch`.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedBatch {
    /// The id to hand back to [`ScanPlanner::apply`](super::ScanPlanner::apply)
    /// (unique in the scan).
    pub id: u64,
    /// The batch of job-list requests.
    pub request: BatchRequest,
    /// (request id, service principal id) of each request, in order.
    pub service_principals: Vec<(String, String)>,
}

impl PlannedBatch {
    /// The `POST /$batch` request.
    pub fn to_request(&self) -> GraphRequest {
        self.request.to_request()
    }

    /// How many requests the batch holds.
    pub fn len(&self) -> usize {
        self.service_principals.len()
    }

    /// Always false: a planned batch holds at least one request.
    pub fn is_empty(&self) -> bool {
        self.service_principals.is_empty()
    }
}

/// Why a whole batch got no usable answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TransportFailure {
    /// No answer (network error, dropped connection, timeout, CORS).
    Network(String),
    /// The `$batch` request itself failed with this status (429, 401, 503,
    /// ...).
    Status {
        /// The status.
        status: u16,
        /// `Retry-After`, when the browser could read it.
        retry_after: Option<String>,
        /// The response body.
        body: String,
    },
    /// A 200 whose body is not a batch answer (truncated, a proxy's page).
    BadEnvelope(String),
}

/// What an answer means for the fleet view.
#[derive(Debug, Clone, PartialEq)]
pub enum ScanEvent {
    /// The app's jobs (often none: most apps do not provision).
    Jobs {
        /// The app.
        sp: ServicePrincipal,
        /// Its jobs.
        jobs: Vec<SynchronizationJob>,
        /// `@odata.nextLink` of the job list, when Graph paged it (not
        /// expected: job lists are tiny).
        next_link: Option<String>,
    },
    /// The app's jobs could not be read this time (a 5xx, an error page, no answer); they
    /// are asked again at `retry_at` (Unix ms), or at once after
    /// [`ScanPlanner::retry_now`](super::ScanPlanner::retry_now). Not final: a
    /// [`ScanEvent::Jobs`] (or [`ScanEvent::Failed`]) follows.
    Retrying {
        /// The app.
        sp: ServicePrincipal,
        /// What went wrong this time.
        error: GraphError,
        /// When it is asked again (Unix ms).
        retry_at: u64,
    },
    /// The app's jobs could not be read, for good.
    Failed {
        /// The app.
        sp: ServicePrincipal,
        /// What Graph said (or what went wrong instead).
        error: GraphError,
        /// What the admin should do.
        hint: Hint,
    },
}

impl ScanEvent {
    /// The app the event is about.
    pub fn service_principal(&self) -> &ServicePrincipal {
        match self {
            ScanEvent::Jobs { sp, .. }
            | ScanEvent::Retrying { sp, .. }
            | ScanEvent::Failed { sp, .. } => sp,
        }
    }
}

/// What the raw answer to a `POST /$batch` means for the planner: a 200 is decoded into its
/// sub-responses (one that does not decode is [`TransportFailure::BadEnvelope`]); any other
/// status is [`TransportFailure::Status`] with its `Retry-After` and body.
pub fn envelope_result(
    status: u16,
    retry_after: Option<&str>,
    body: &str,
) -> Result<Vec<BatchItemResponse>, TransportFailure> {
    if status == 200 {
        decode_batch_response(body).map_err(|e| TransportFailure::BadEnvelope(e.to_string()))
    } else {
        Err(TransportFailure::Status {
            status,
            retry_after: retry_after.map(str::to_owned),
            body: body.to_owned(),
        })
    }
}
