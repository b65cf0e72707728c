//! The action policy: which of Start, Pause, Restart and Delete a job's state
//! allows, and why not when it doesn't.
//!
//! Microsoft warns that calling Start on a running job can make the service
//! stop running, and that Start is for a paused or quarantined job; the
//! service has no "already running" error to protect you. So syncdeck offers
//! Start only where it is safe, and never on an active job.
//!
//! The decision depends on `status.code` and `schedule.state` only (the last
//! run does not change it). ✓ = allowed, ✗ = forbidden with a reason; "any"
//! means every schedule state, including one syncdeck does not know.
//!
//! | `status.code` | `schedule.state` | Start | Pause | Restart | Delete |
//! |---|---|---|---|---|---|
//! | `Active` | `Active` | ✗ running | ✓ | ✓ | ✓ |
//! | `Active` | `Paused` | ✗ running | ✗ already paused | ✓ | ✓ |
//! | `Active` | `Disabled` | ✗ running | ✗ not scheduled | ✓ | ✓ |
//! | `Active` | unknown | ✗ running | ✗ unknown schedule | ✓ | ✓ |
//! | `NotRun` | `Active` | ✗ first cycle running | ✓ | ✓ | ✓ |
//! | `NotRun` | `Paused` | ✓ | ✗ already paused | ✓ | ✓ |
//! | `NotRun` | `Disabled` | ✓ | ✗ not scheduled | ✓ | ✓ |
//! | `NotRun` | unknown | ✗ unknown schedule | ✗ unknown schedule | ✓ | ✓ |
//! | `NotConfigured` | `Active` | ✗ may be running | ✓ | ✗ nothing to restart | ✓ |
//! | `NotConfigured` | `Paused` | ✓ (note: credentials first) | ✗ already paused | ✗ nothing to restart | ✓ |
//! | `NotConfigured` | `Disabled` | ✓ (note: credentials first) | ✗ not scheduled | ✗ nothing to restart | ✓ |
//! | `NotConfigured` | unknown | ✗ unknown schedule | ✗ unknown schedule | ✗ nothing to restart | ✓ |
//! | `Paused` | any | ✓ (continues where it stopped) | ✗ already paused | ✓ | ✓ |
//! | `Quarantine` | `Active` | ✓ (clears the quarantine) | ✓ | ✓ | ✓ |
//! | `Quarantine` | `Paused` | ✓ (clears the quarantine) | ✗ already paused | ✓ | ✓ |
//! | `Quarantine` | `Disabled` | ✓ (clears the quarantine) | ✗ not scheduled | ✓ | ✓ |
//! | `Quarantine` | unknown | ✓ (clears the quarantine) | ✗ unknown schedule | ✓ | ✓ |
//! | unknown | any | ✗ unknown state | ✗ unknown state | ✗ unknown state | ✓ |
//!
//! The confirmations are the app's dialogs (`src/components/job_actions.rs`):
//! Delete needs the job id typed; Restart opens the scope dialog, and needs
//! the app name typed when the scope includes `ForceDeletes` or
//! `ConnectorDataStore` (see
//! [`crate::restart::RestartScope::needs_typed_confirmation`]).
//! [`confirmation_matches`] checks what was typed.

use std::fmt;

use crate::enums::{ScheduleState, StatusCode};
use crate::model::SynchronizationJob;
use syncdeck_i18n::{n_, t, tf, tr};

/// An action on a job.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Action {
    /// `POST .../start`: resume a paused job, clear a quarantine, or run a
    /// job for the first time.
    Start,
    /// `POST .../pause`: stop a running job, keeping its progress.
    Pause,
    /// `POST .../restart`: a new initial cycle, optionally clearing state.
    Restart,
    /// `DELETE .../jobs/{jobId}`: stop the job and erase its state.
    Delete,
}

impl Action {
    /// Every action, in button order.
    pub const ALL: [Action; 4] = [
        Action::Start,
        Action::Pause,
        Action::Restart,
        Action::Delete,
    ];

    /// The verb, which begins the button's accessible name: `Start`,
    /// `Pause`, `Restart`, `Delete`.
    pub fn label(self) -> &'static str {
        match self {
            Action::Start => t!("Start"),
            Action::Pause => t!("Pause"),
            Action::Restart => t!("Restart"),
            Action::Delete => t!("Delete"),
        }
    }
}

impl fmt::Display for Action {
    /// Writes [`Action::label`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Whether an action may be offered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// The action may be offered; `note` is a sentence to show with it (a
    /// precondition or what it will do).
    Allowed {
        /// What the admin should know before clicking, if anything.
        note: Option<String>,
    },
    /// The button is disabled; `reason` (its tooltip/description) says why.
    Forbidden {
        /// Why, in words.
        reason: String,
    },
}

impl Decision {
    /// True for [`Decision::Allowed`].
    pub fn is_allowed(&self) -> bool {
        matches!(self, Decision::Allowed { .. })
    }

    /// The reason of a forbidden action.
    pub fn reason(&self) -> Option<&str> {
        match self {
            Decision::Forbidden { reason } => Some(reason),
            Decision::Allowed { .. } => None,
        }
    }

    /// The note of an allowed action.
    pub fn note(&self) -> Option<&str> {
        match self {
            Decision::Allowed { note } => note.as_deref(),
            Decision::Forbidden { .. } => None,
        }
    }

    /// The reason or the note: the text to put in the button's description.
    pub fn text(&self) -> Option<&str> {
        self.reason().or(self.note())
    }

    fn allowed() -> Decision {
        Decision::Allowed { note: None }
    }

    fn allowed_with(note: &'static str) -> Decision {
        Decision::Allowed {
            note: Some(tr(note).to_owned()),
        }
    }

    fn forbidden(reason: impl Into<String>) -> Decision {
        Decision::Forbidden {
            reason: reason.into(),
        }
    }
}

/// Microsoft's warning, quoted in every reason that forbids Start on a
/// running job.
pub const START_WARNING: &str = n_!(
    "Microsoft warns that calling Start on a running job can make the service stop running; use Start only when the job is paused or in quarantine."
);

/// Note on Start for a job that was never configured.
pub const NOTE_CREDENTIALS_FIRST: &str = n_!(
    "This job has never run and needs credentials first: save the target app's credentials (admin credentials), then Start."
);
/// Note on Start for a job whose first run has not finished.
pub const NOTE_FIRST_RUN: &str =
    n_!("This job has not finished a run yet; Start runs its first cycle.");
/// Note on Start for a paused job.
pub const NOTE_RESUME: &str = n_!("Start continues from where the job stopped.");
/// Note on Start for a quarantined job.
pub const NOTE_CLEARS_QUARANTINE: &str =
    n_!("Start clears the quarantine. Fix the cause first, or the job goes back into quarantine.");
/// Note on Delete.
pub const NOTE_DELETE: &str = n_!(
    "Deleting stops the job and erases all its state; accounts it already provisioned stay as they are. Type the job id to confirm."
);

/// Why Start is forbidden on an active job.
pub fn reason_running() -> String {
    tf!("The job is running. {warning}", warning = tr(START_WARNING))
}

/// Why Start is forbidden while the first cycle runs.
pub fn reason_first_cycle() -> String {
    tf!(
        "The job's first cycle is running (its schedule is Active). {warning} Wait for the cycle to finish, or Pause the job first.",
        warning = tr(START_WARNING)
    )
}

/// Why Start is forbidden on a never-configured job with an active schedule.
pub fn reason_may_be_running() -> String {
    tf!(
        "The job's schedule is Active, so it may be running. {warning}",
        warning = tr(START_WARNING)
    )
}

/// Why Pause is forbidden on a paused job.
pub const REASON_ALREADY_PAUSED: &str = n_!("The job is already paused.");
/// Why Pause is forbidden when the schedule is off.
pub const REASON_NOT_SCHEDULED: &str = n_!(
    "The job is not running: its schedule is Disabled (never started, or stopped), so there is nothing to pause."
);
/// Why Restart is forbidden on a never-configured job.
pub const REASON_NOTHING_TO_RESTART: &str = n_!(
    "Nothing to restart: the job has never been configured or run. Add the target app's credentials, then Start it."
);

/// Why an action is forbidden in a state syncdeck does not know.
pub fn reason_unknown_state(raw: &str) -> String {
    tf!(
        "syncdeck doesn't know the state {state}; use the Entra admin center to manage this job.",
        state = shown(raw)
    )
}

/// Why an action is forbidden when the schedule state is unknown.
pub fn reason_unknown_schedule(raw: &str) -> String {
    tf!(
        "syncdeck doesn't know the schedule state {state}, so it can't tell whether the job is running; use the Entra admin center.",
        state = shown(raw)
    )
}

/// A raw value for a sentence: quoted, or `(none)` when blank.
fn shown(raw: &str) -> String {
    if raw.trim().is_empty() {
        t!("(none)").to_owned()
    } else {
        format!("\"{raw}\"")
    }
}

/// Whether `action` may be offered for a job in this state.
pub fn decide(job: &SynchronizationJob, action: Action) -> Decision {
    decide_for(&job.status.code, &job.schedule.state, action)
}

/// [`decide`] from the two values it depends on (see the table in the
/// module documentation).
pub fn decide_for(status: &StatusCode, schedule: &ScheduleState, action: Action) -> Decision {
    match (action, status) {
        (Action::Delete, _) => Decision::allowed_with(NOTE_DELETE),
        (_, StatusCode::Unknown(raw)) => Decision::forbidden(reason_unknown_state(raw)),
        (Action::Start, _) => decide_start(status, schedule),
        (Action::Pause, _) => decide_pause(status, schedule),
        (Action::Restart, StatusCode::NotConfigured) => {
            Decision::forbidden(tr(REASON_NOTHING_TO_RESTART))
        }
        (Action::Restart, _) => Decision::allowed(),
    }
}

fn decide_start(status: &StatusCode, schedule: &ScheduleState) -> Decision {
    match status {
        StatusCode::Paused => Decision::allowed_with(NOTE_RESUME),
        StatusCode::Quarantine => Decision::allowed_with(NOTE_CLEARS_QUARANTINE),
        StatusCode::Active => Decision::forbidden(reason_running()),
        StatusCode::NotRun | StatusCode::NotConfigured => {
            let never_configured = *status == StatusCode::NotConfigured;
            match schedule {
                ScheduleState::Active if never_configured => {
                    Decision::forbidden(reason_may_be_running())
                }
                ScheduleState::Active => Decision::forbidden(reason_first_cycle()),
                ScheduleState::Unknown(raw) => Decision::forbidden(reason_unknown_schedule(raw)),
                ScheduleState::Disabled | ScheduleState::Paused if never_configured => {
                    Decision::allowed_with(NOTE_CREDENTIALS_FIRST)
                }
                ScheduleState::Disabled | ScheduleState::Paused => {
                    Decision::allowed_with(NOTE_FIRST_RUN)
                }
            }
        }
        StatusCode::Unknown(raw) => Decision::forbidden(reason_unknown_state(raw)),
    }
}

fn decide_pause(status: &StatusCode, schedule: &ScheduleState) -> Decision {
    if *status == StatusCode::Paused {
        return Decision::forbidden(tr(REASON_ALREADY_PAUSED));
    }
    match schedule {
        ScheduleState::Active => Decision::allowed(),
        ScheduleState::Paused => Decision::forbidden(tr(REASON_ALREADY_PAUSED)),
        ScheduleState::Disabled => Decision::forbidden(tr(REASON_NOT_SCHEDULED)),
        ScheduleState::Unknown(raw) => Decision::forbidden(reason_unknown_schedule(raw)),
    }
}

/// True when the typed text confirms `expected` (the job id or app name):
/// equal after trimming surrounding blanks, case-sensitive. A blank
/// `expected` never matches.
pub fn confirmation_matches(expected: &str, typed: &str) -> bool {
    let expected = expected.trim();
    !expected.is_empty() && typed.trim() == expected
}
