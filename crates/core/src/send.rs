//! What to do after each attempt of a Graph request ([`Attempts`]): the one place that says
//! when a request is sent again. It holds the 401 rule (an expired or revoked token is renewed
//! silently once: a read is sent again with the new token, a write is not — the admin presses
//! the button again) in front of `syncdeck-graph`'s retry policy (429 for everything; 503, 504
//! and no answer for reads only; waits from `Retry-After` or backoff; bounded).

use syncdeck_graph::retry::{Outcome, RandomSource, RequestKind, RetryInput};
use syncdeck_graph::{RetryDecision, RetryPolicy, decide_retry};

/// Who judges an answer that is not a 2xx.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retries {
    /// The retry policy: failures are retried as it says, then reported.
    Policy(RetryPolicy),
    /// The caller: every HTTP answer is handed back as it is, only the 401 rule applies (a
    /// `$batch` envelope, whose items the scan planner retries one by one).
    Caller,
}

/// What happened to an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// An HTTP answer with this status.
    Status(u16),
    /// No HTTP answer (network error, dropped connection, CORS).
    NoAnswer,
}

/// What to do next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    /// Hand the answer to the caller (a 2xx, or any answer with [`Retries::Caller`]).
    Accept,
    /// Renew the token silently and send again at once ([`Attempts::renew_token`] is set).
    RenewAndResend,
    /// Renew the token silently, so the admin's next click has one, and report the 401.
    RenewThenFail,
    /// Wait this long, then send again.
    RetryAfterMs(u64),
    /// Report the failure.
    Fail,
}

/// The attempts of one request so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attempts {
    kind: RequestKind,
    retries: Retries,
    attempt: u32,
    waited_ms: u64,
    renewed: bool,
    renew_next: bool,
}

impl Attempts {
    /// No attempt yet of a request of `kind`.
    pub fn new(kind: RequestKind, retries: Retries) -> Attempts {
        Attempts {
            kind,
            retries,
            attempt: 0,
            waited_ms: 0,
            renewed: false,
            renew_next: false,
        }
    }

    /// True when the next attempt must ask for a fresh token (the last one got a 401).
    pub fn renew_token(&self) -> bool {
        self.renew_next
    }

    /// Attempts made so far.
    pub fn attempts(&self) -> u32 {
        self.attempt
    }

    /// Judges the attempt that just ended: its `answer`, the `Retry-After` header when it
    /// could be read, now (Unix ms) and a random source for the backoff's jitter.
    pub fn next(
        &mut self,
        answer: Answer,
        retry_after: Option<&str>,
        now_ms: i64,
        random: &mut dyn RandomSource,
    ) -> Next {
        self.attempt += 1;
        self.renew_next = false;
        match answer {
            Answer::Status(200..=299) => return Next::Accept,
            Answer::Status(401) if !self.renewed => {
                self.renewed = true;
                return match self.kind {
                    RequestKind::Read => {
                        self.renew_next = true;
                        Next::RenewAndResend
                    }
                    RequestKind::Write => Next::RenewThenFail,
                };
            }
            _ => {}
        }
        let policy = match (self.retries, answer) {
            (Retries::Caller, Answer::Status(_)) => return Next::Accept,
            (Retries::Caller, Answer::NoAnswer) => return Next::Fail,
            (Retries::Policy(policy), _) => policy,
        };
        let input = RetryInput {
            kind: self.kind,
            outcome: match answer {
                Answer::Status(s) => Outcome::Status(s),
                Answer::NoAnswer => Outcome::NetworkError,
            },
            retry_after,
            attempt: self.attempt,
            waited_ms: self.waited_ms,
            now_ms,
        };
        match decide_retry(&policy, &input, random) {
            RetryDecision::RetryAfterMs(ms) => {
                self.waited_ms = self.waited_ms.saturating_add(ms);
                Next::RetryAfterMs(ms)
            }
            RetryDecision::GiveUp(_) => Next::Fail,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zero() -> f64 {
        0.0
    }

    fn policy() -> Retries {
        Retries::Policy(RetryPolicy::default())
    }

    #[test]
    fn a_read_with_an_expired_token_is_renewed_and_sent_again_once() {
        let mut a = Attempts::new(RequestKind::Read, policy());
        assert_eq!(
            a.next(Answer::Status(401), None, 0, &mut zero),
            Next::RenewAndResend
        );
        assert!(a.renew_token());
        assert_eq!(a.next(Answer::Status(401), None, 0, &mut zero), Next::Fail);
        assert!(!a.renew_token());
        assert_eq!(a.attempts(), 2);
    }

    #[test]
    fn a_write_refused_with_401_is_never_sent_again_by_itself() {
        let mut a = Attempts::new(RequestKind::Write, policy());
        assert_eq!(
            a.next(Answer::Status(401), None, 0, &mut zero),
            Next::RenewThenFail
        );
        assert!(!a.renew_token());
        let mut raw = Attempts::new(RequestKind::Write, Retries::Caller);
        assert_eq!(
            raw.next(Answer::Status(401), None, 0, &mut zero),
            Next::RenewThenFail
        );
    }

    #[test]
    fn the_retry_policy_decides_the_rest() {
        let mut read = Attempts::new(RequestKind::Read, policy());
        assert_eq!(
            read.next(Answer::Status(429), Some("3"), 0, &mut zero),
            Next::RetryAfterMs(3_000)
        );
        assert_eq!(
            read.next(Answer::NoAnswer, None, 0, &mut zero),
            Next::RetryAfterMs(1_000)
        );
        assert_eq!(
            read.next(Answer::Status(200), None, 0, &mut zero),
            Next::Accept
        );
        let mut write = Attempts::new(RequestKind::Write, policy());
        assert_eq!(
            write.next(Answer::Status(503), None, 0, &mut zero),
            Next::Fail
        );
        let mut write = Attempts::new(RequestKind::Write, policy());
        assert_eq!(
            write.next(Answer::Status(429), Some("1"), 0, &mut zero),
            Next::RetryAfterMs(1_000)
        );
        assert_eq!(
            write.next(Answer::Status(403), None, 0, &mut zero),
            Next::Fail
        );
        // The 401 rule comes first: a 401 after a throttled attempt is renewed too.
        let mut read = Attempts::new(RequestKind::Read, policy());
        read.next(Answer::Status(429), Some("1"), 0, &mut zero);
        assert_eq!(
            read.next(Answer::Status(401), None, 0, &mut zero),
            Next::RenewAndResend
        );
    }

    #[test]
    fn with_the_caller_judging_every_answer_is_handed_back() {
        let mut a = Attempts::new(RequestKind::Read, Retries::Caller);
        assert_eq!(
            a.next(Answer::Status(429), Some("3"), 0, &mut zero),
            Next::Accept
        );
        assert_eq!(
            a.next(Answer::Status(401), None, 0, &mut zero),
            Next::RenewAndResend
        );
        assert_eq!(
            a.next(Answer::Status(401), None, 0, &mut zero),
            Next::Accept
        );
        assert_eq!(a.next(Answer::NoAnswer, None, 0, &mut zero), Next::Fail);
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    fn answer() -> impl Strategy<Value = Answer> {
        prop_oneof![
            prop::sample::select(vec![
                200u16, 204, 400, 401, 403, 404, 429, 500, 502, 503, 504
            ])
            .prop_map(Answer::Status),
            Just(Answer::NoAnswer),
        ]
    }

    proptest! {
        /// Whatever Graph answers, a request ends: at most one renewal, a write is never sent
        /// again after a 401 or an answer it may have run on, and the waits stay in the budget.
        #[test]
        fn every_request_ends_within_its_bounds(write in any::<bool>(), answers in prop::collection::vec(answer(), 1..20)) {
            let kind = if write { RequestKind::Write } else { RequestKind::Read };
            let policy = RetryPolicy::default();
            let mut a = Attempts::new(kind, Retries::Policy(policy));
            let (mut renewals, mut waited) = (0, 0u64);
            for answer in answers {
                match a.next(answer, None, 0, &mut || 0.5) {
                    Next::Accept | Next::Fail | Next::RenewThenFail => break,
                    Next::RenewAndResend => {
                        prop_assert!(!write);
                        renewals += 1;
                    }
                    Next::RetryAfterMs(ms) => {
                        prop_assert!(!write || answer == Answer::Status(429));
                        waited += ms;
                    }
                }
                prop_assert!(a.attempts() <= policy.max_attempts + 1);
            }
            prop_assert!(renewals <= 1);
            prop_assert!(waited <= policy.max_total_wait_ms);
        }
    }
}
