//! The enums of a job's schedule and status: `schedule.state`,
//! `status.code`, a run's outcome and a quarantine's reason.

use super::macros::graph_enum;
use syncdeck_i18n::{t, tf};

graph_enum! {
    /// `synchronizationScheduleState`: whether the job's schedule runs
    /// (`schedule.state`).
    pub enum ScheduleState {
        /// The schedule runs the job periodically.
        Active = ("Active", 0),
        /// The schedule is off (a job just created from a template is
        /// `Disabled` until started).
        Disabled = ("Disabled", 1),
        /// The job was paused; Start continues where it stopped.
        Paused = ("Paused", 2),
    }
}

impl ScheduleState {
    /// Visible text for the schedule state: `Active`, `Disabled`, `Paused`,
    /// or `Unknown (<value>)` (`Unknown` when the value is empty).
    pub fn label(&self) -> String {
        match self {
            ScheduleState::Unknown(raw) => unknown_label(raw),
            ScheduleState::Active => t!("Active").to_owned(),
            ScheduleState::Disabled => t!("Disabled").to_owned(),
            ScheduleState::Paused => t!("Paused").to_owned(),
        }
    }
}

graph_enum! {
    /// `synchronizationStatusCode`: the state of the job (`status.code`), the
    /// state badge of every status card.
    pub enum StatusCode {
        /// Never configured or run; no authorization (credentials) yet.
        NotConfigured = ("NotConfigured", 0),
        /// Configured, but the first run has not finished.
        NotRun = ("NotRun", 1),
        /// Running periodically.
        Active = ("Active", 2),
        /// Paused; Start continues where it stopped.
        Paused = ("Paused", 3),
        /// In quarantine because of repeated errors.
        Quarantine = ("Quarantine", 4),
    }
}

impl StatusCode {
    /// The state as visible text. These exact strings are a contract with
    /// screen readers and end-to-end tests: `Active`, `Paused`, `Quarantine`,
    /// `Not configured`, `Not run`, and `Unknown (<value>)` for a value this
    /// version does not know (`Unknown` when the value is empty or missing).
    pub fn label(&self) -> String {
        match self {
            StatusCode::NotConfigured => t!("Not configured").to_owned(),
            StatusCode::NotRun => t!("Not run").to_owned(),
            StatusCode::Active => t!("Active").to_owned(),
            StatusCode::Paused => t!("Paused").to_owned(),
            StatusCode::Quarantine => t!("Quarantine").to_owned(),
            StatusCode::Unknown(raw) => unknown_label(raw),
        }
    }

    /// One plain-English sentence on what the state means.
    pub fn meaning(&self) -> &'static str {
        match self {
            StatusCode::NotConfigured => {
                t!(
                    "The job has never been configured or run: it has no credentials for the target app yet."
                )
            }
            StatusCode::NotRun => {
                t!("The job is configured, but its first run has not finished yet.")
            }
            StatusCode::Active => {
                t!("The job is running and synchronizes changes periodically on its schedule.")
            }
            StatusCode::Paused => {
                t!(
                    "The job is paused with its progress kept; Start continues from where it stopped."
                )
            }
            StatusCode::Quarantine => {
                t!(
                    "Repeated errors put the job in quarantine: its runs slow down to once a day until the errors are fixed, and it is disabled after four weeks."
                )
            }
            StatusCode::Unknown(_) => {
                t!("Microsoft Graph reported a state that this version of syncdeck does not know.")
            }
        }
    }
}

graph_enum! {
    /// `synchronizationTaskExecutionResult`: the outcome of a run
    /// (`lastExecution.state`).
    pub enum TaskExecutionResult {
        /// The run finished without errors.
        Succeeded = ("Succeeded", 0),
        /// The run failed.
        Failed = ("Failed", 1),
        /// The run finished, but some entries (users, groups) failed.
        EntryLevelErrors = ("EntryLevelErrors", 2),
    }
}

impl TaskExecutionResult {
    /// Visible text for a run's outcome: `Succeeded`, `Failed`,
    /// `Entry-level errors`, or `Unknown (<value>)`.
    pub fn label(&self) -> String {
        match self {
            TaskExecutionResult::Succeeded => t!("Succeeded").to_owned(),
            TaskExecutionResult::Failed => t!("Failed").to_owned(),
            TaskExecutionResult::EntryLevelErrors => t!("Entry-level errors").to_owned(),
            TaskExecutionResult::Unknown(raw) => unknown_label(raw),
        }
    }
}

graph_enum! {
    /// `quarantineReason`: why a job is in quarantine
    /// (`status.quarantine.reason`). Not a flags enum despite its
    /// power-of-two values.
    pub enum QuarantineReason {
        /// Too many entries were escrowed (failed and waiting for retry).
        EncounteredBaseEscrowThreshold = ("EncounteredBaseEscrowThreshold", 0),
        /// The total number of escrowed entries passed the threshold.
        EncounteredTotalEscrowThreshold = ("EncounteredTotalEscrowThreshold", 1),
        /// Too large a share of the processed entries was escrowed.
        EncounteredEscrowProportionThreshold = ("EncounteredEscrowProportionThreshold", 2),
        /// The service could not connect to or authenticate with the target
        /// app (often invalid credentials).
        EncounteredQuarantineException = ("EncounteredQuarantineException", 4),
        /// The CSDL member literally named `Unknown` (value 8): the service
        /// itself does not know the reason. Distinct from
        /// [`QuarantineReason::Unknown`], a value this version does not know.
        UnknownReason = ("Unknown", 8),
        /// Microsoft quarantined the job manually. The Entra docs misspell it
        /// `QuarantineOnDemand`, which is accepted as an alias.
        QuarantinedOnDemand = ("QuarantinedOnDemand", 16, "QuarantineOnDemand"),
        /// Accidental-deletion prevention held back more deletions than the
        /// threshold allows.
        TooManyDeletes = ("TooManyDeletes", 32),
        /// Ingestion of changes (inbound provisioning) was interrupted.
        IngestionInterrupted = ("IngestionInterrupted", 64),
    }
}

impl QuarantineReason {
    /// One plain-English sentence on what the reason means.
    pub fn description(&self) -> String {
        let s = match self {
            QuarantineReason::EncounteredBaseEscrowThreshold => {
                t!(
                    "The number of failed entries held for retry (escrows) passed the service's base threshold."
                )
            }
            QuarantineReason::EncounteredTotalEscrowThreshold => {
                t!(
                    "The total number of failed entries held for retry (escrows) passed the service's absolute limit."
                )
            }
            QuarantineReason::EncounteredEscrowProportionThreshold => {
                t!(
                    "Too large a share of the processed entries failed (more than about 40 percent)."
                )
            }
            QuarantineReason::EncounteredQuarantineException => {
                t!(
                    "The service could not connect to or authenticate with the target app, often because the credentials are invalid or expired."
                )
            }
            QuarantineReason::UnknownReason => {
                t!("The provisioning service did not say why it quarantined the job.")
            }
            QuarantineReason::QuarantinedOnDemand => {
                t!("Microsoft put the job in quarantine manually.")
            }
            QuarantineReason::TooManyDeletes => {
                t!(
                    "Accidental-deletion prevention held back more deletions than the configured threshold allows."
                )
            }
            QuarantineReason::IngestionInterrupted => {
                t!("The ingestion of changes from the source was interrupted.")
            }
            QuarantineReason::Unknown(raw) if raw.trim().is_empty() => {
                t!("Microsoft Graph gave no quarantine reason.")
            }
            QuarantineReason::Unknown(raw) => {
                return tf!(
                    "Microsoft Graph reported the reason \"{raw}\", which this version of syncdeck does not know.",
                    raw = raw
                );
            }
        };
        s.to_owned()
    }
}

/// `Unknown (<value>)`, or `Unknown` for an empty value.
fn unknown_label(raw: &str) -> String {
    if raw.trim().is_empty() {
        t!("Unknown").to_owned()
    } else {
        tf!("Unknown ({raw})", raw = raw)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_names_round_trip() {
        for v in StatusCode::KNOWN {
            assert_eq!(&StatusCode::from_graph_name(v.graph_name()), v);
            assert_eq!(&StatusCode::from_csdl_value(v.csdl_value().unwrap()), v);
        }
        for v in ScheduleState::KNOWN {
            assert_eq!(&ScheduleState::from_graph_name(v.graph_name()), v);
        }
        for v in TaskExecutionResult::KNOWN {
            assert_eq!(&TaskExecutionResult::from_graph_name(v.graph_name()), v);
        }
        for v in QuarantineReason::KNOWN {
            assert_eq!(&QuarantineReason::from_graph_name(v.graph_name()), v);
            assert_eq!(
                &QuarantineReason::from_csdl_value(v.csdl_value().unwrap()),
                v
            );
        }
        assert_eq!(QuarantineReason::KNOWN.len(), 8);
    }
}
