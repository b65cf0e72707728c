//! How the planner reads the answer to a batch: each sub-response is the
//! app's jobs, a retry, or a failure ([`ScanPlanner::apply`]).

use super::planner::{AnswerCounts, InFlight, Item};
use super::{ScanEvent, ScanPlanner, TransportFailure, envelope_result};
use crate::batch::{BatchItemResponse, match_responses};
use crate::error::GraphError;
use crate::hints::{INVALID_RESPONSE, Operation, hint_with_retry_after, network_error};
use crate::model::ServicePrincipal;
use crate::parse::parse_jobs_page;
use crate::retry::{
    Outcome, RequestKind, RetryDecision, RetryInput, decide, retry_after_delta_secs,
};

/// A batch whose answer has come back ([`ScanPlanner::land`]), not yet judged
/// ([`ScanPlanner::apply_landed`]).
#[derive(Debug)]
pub struct LandedBatch {
    flight: InFlight,
}

impl ScanPlanner {
    /// Applies the answer to batch `batch_id` at `now_ms`: the decoded
    /// sub-responses, or why there were none. Returns the apps answered for
    /// good. An unknown (or already applied) `batch_id` changes nothing.
    ///
    /// Per sub-response: 2xx → [`ScanEvent::Jobs`] (a body that is not a job
    /// list → [`ScanEvent::Failed`] with code
    /// [`INVALID_RESPONSE`]); 429 and
    /// 5xx → queued again alone, as the retry policy decides (a
    /// [`ScanEvent::Retrying`] but for a 429; out of retries → Failed); any
    /// other status → Failed. A request the answer
    /// does not mention is queued again like after a network error; answers
    /// to requests not in the batch are ignored.
    pub fn apply(
        &mut self,
        batch_id: u64,
        result: Result<Vec<BatchItemResponse>, TransportFailure>,
        now_ms: u64,
    ) -> Vec<ScanEvent> {
        match self.land(batch_id) {
            Some(landed) => self.apply_landed(landed, result, now_ms),
            None => Vec::new(),
        }
    }

    /// The first half of [`ScanPlanner::apply`]: batch `batch_id` is answered, so it is no
    /// longer in flight and its slot can carry the next batch at once
    /// ([`ScanPlanner::next_batch`]), while its answer is read. `None` for a batch that is not
    /// in flight (unknown, or landed already). Until [`ScanPlanner::apply_landed`], its apps
    /// count as neither queued nor answered, so the scan is not done.
    pub fn land(&mut self, batch_id: u64) -> Option<LandedBatch> {
        self.in_flight
            .remove(&batch_id)
            .map(|flight| LandedBatch { flight })
    }

    /// The second half of [`ScanPlanner::apply`]: judges the answer of a landed batch.
    pub fn apply_landed(
        &mut self,
        landed: LandedBatch,
        result: Result<Vec<BatchItemResponse>, TransportFailure>,
        now_ms: u64,
    ) -> Vec<ScanEvent> {
        let InFlight { request, mut items } = landed.flight;
        let mut events = Vec::new();
        self.last_answer = counts(&result, items.len());
        match result {
            Ok(responses) => {
                let matched = match_responses(&request, responses);
                for (rid, resp) in matched.matched {
                    if let Some(item) = items.remove(&rid) {
                        events.extend(self.apply_item(item, &resp, now_ms));
                    }
                }
                for rid in matched.missing {
                    if let Some(item) = items.remove(&rid) {
                        let error = network_error("the $batch answer did not include this request");
                        events.extend(self.retry_or_fail(
                            item,
                            Outcome::NetworkError,
                            None,
                            error,
                            now_ms,
                        ));
                    }
                }
            }
            Err(failure) => {
                let (outcome, retry_after, error) = match &failure {
                    TransportFailure::Network(msg) => {
                        (Outcome::NetworkError, None, network_error(msg))
                    }
                    TransportFailure::Status {
                        status,
                        retry_after,
                        body,
                    } => (
                        Outcome::Status(*status),
                        retry_after.as_deref(),
                        GraphError::from_response(*status, body),
                    ),
                    TransportFailure::BadEnvelope(detail) => (
                        // Retried like a read that got no answer.
                        Outcome::NetworkError,
                        None,
                        invalid_response(200, detail),
                    ),
                };
                // In request order, so re-queued items keep their order.
                for rid in request.ids() {
                    if let Some(item) = items.remove(rid) {
                        events.extend(self.retry_or_fail(
                            item,
                            outcome,
                            retry_after,
                            error.clone(),
                            now_ms,
                        ));
                    }
                }
            }
        }
        events
    }

    /// [`ScanPlanner::apply`] from the raw answer to the `POST /$batch`:
    /// its HTTP status, its `Retry-After` (if readable) and its body. A 200
    /// whose body does not decode counts as
    /// [`TransportFailure::BadEnvelope`]; any other status as
    /// [`TransportFailure::Status`].
    pub fn apply_envelope(
        &mut self,
        batch_id: u64,
        status: u16,
        retry_after: Option<&str>,
        body: &str,
        now_ms: u64,
    ) -> Vec<ScanEvent> {
        self.apply(batch_id, envelope_result(status, retry_after, body), now_ms)
    }

    fn apply_item(&mut self, item: Item, resp: &BatchItemResponse, now_ms: u64) -> Vec<ScanEvent> {
        if resp.is_success() {
            return match parse_jobs_page(&resp.body.to_string()) {
                Ok(page) => self.answer(item.app, |sp| ScanEvent::Jobs {
                    sp,
                    jobs: page.value,
                    next_link: page.next_link,
                }),
                Err(e) => self.fail(
                    item.app,
                    invalid_response(resp.status, &e.to_string()),
                    None,
                ),
            };
        }
        self.retry_or_fail(
            item,
            Outcome::Status(resp.status),
            resp.retry_after(),
            resp.graph_error(),
            now_ms,
        )
    }

    /// Queues `item` again if the retry policy allows, else fails its app
    /// with `error`.
    fn retry_or_fail(
        &mut self,
        item: Item,
        outcome: Outcome,
        retry_after: Option<&str>,
        error: GraphError,
        now_ms: u64,
    ) -> Vec<ScanEvent> {
        let input = RetryInput {
            kind: RequestKind::Read,
            outcome,
            retry_after,
            attempt: item.attempts,
            waited_ms: item.waited_ms,
            now_ms: i64::try_from(now_ms).unwrap_or(i64::MAX),
        };
        match decide(&self.config.retry, &input, &mut self.random) {
            RetryDecision::RetryAfterMs(wait) => {
                self.retries += 1;
                let retry_at = now_ms.saturating_add(wait);
                self.queue.push_back(Item {
                    waited_ms: item.waited_ms.saturating_add(wait),
                    not_before: retry_at,
                    ..item
                });
                // A 429 is Graph's pace, shown as such by the client; anything else is a
                // failing app, one line until it is read.
                if outcome == Outcome::Status(429) {
                    return Vec::new();
                }
                self.set_failing(item.app, true);
                vec![ScanEvent::Retrying {
                    sp: self.apps[item.app].clone(),
                    error,
                    retry_at,
                }]
            }
            RetryDecision::GiveUp(_) => {
                let secs = retry_after.and_then(retry_after_delta_secs);
                self.fail(item.app, error, secs)
            }
        }
    }

    /// Marks `app` failing (waiting for its next try) or not.
    fn set_failing(&mut self, app: usize, failing: bool) {
        if let Some(f) = self.failing.get_mut(app)
            && *f != failing
        {
            *f = failing;
            if failing {
                self.failing_count += 1;
            } else {
                self.failing_count -= 1;
            }
        }
    }

    pub(super) fn fail(
        &mut self,
        app: usize,
        error: GraphError,
        retry_after_secs: Option<u64>,
    ) -> Vec<ScanEvent> {
        let hint = hint_with_retry_after(&error, Operation::ListJobs, None, retry_after_secs);
        self.answer(app, |sp| ScanEvent::Failed { sp, error, hint })
    }

    /// Marks `app` answered and builds its event, once.
    fn answer(
        &mut self,
        app: usize,
        event: impl FnOnce(ServicePrincipal) -> ScanEvent,
    ) -> Vec<ScanEvent> {
        match self.answered.get_mut(app) {
            Some(done @ false) => {
                *done = true;
                self.answered_count += 1;
                self.set_failing(app, false);
                vec![event(self.apps[app].clone())]
            }
            _ => Vec::new(),
        }
    }
}

/// What an answer to a batch of `sent` requests says about Graph's budget.
fn counts(result: &Result<Vec<BatchItemResponse>, TransportFailure>, sent: usize) -> AnswerCounts {
    // Graph's Retry-After is in seconds (an HTTP date is not used by Graph).
    let wait = |value: Option<&str>| value.and_then(retry_after_delta_secs);
    let to_i64 = |secs: u64| i64::try_from(secs.saturating_mul(1_000)).unwrap_or(i64::MAX);
    match result {
        Ok(responses) => {
            let throttled: Vec<&BatchItemResponse> =
                responses.iter().filter(|r| r.status == 429).collect();
            AnswerCounts {
                served: (responses.len() - throttled.len()) as u64,
                throttled: throttled.len() as u64,
                retry_after_ms: throttled
                    .iter()
                    .filter_map(|r| wait(r.retry_after()))
                    .max()
                    .map(to_i64),
            }
        }
        Err(TransportFailure::Status {
            status: 429,
            retry_after,
            ..
        }) => AnswerCounts {
            served: 0,
            throttled: sent as u64,
            retry_after_ms: wait(retry_after.as_deref()).map(to_i64),
        },
        Err(_) => AnswerCounts::default(),
    }
}

/// A GraphError for an answer that could not be read.
fn invalid_response(status: u16, detail: &str) -> GraphError {
    GraphError {
        code: INVALID_RESPONSE.to_owned(),
        message: format!("The answer could not be read: {detail}"),
        ..GraphError::from_response(status, "")
    }
}
