//! Graph enumerations of the synchronization API.
//!
//! Every enum keeps values it does not know in an `Unknown(String)` variant
//! instead of failing, and writes them back unchanged, so a future service
//! value never hides a job and never gets lost on a round trip. Known values
//! are matched case-insensitively (the docs mix `Import` and `import`) and
//! written in Graph's canonical spelling. The CSDL numeric values are accepted
//! too.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// Defines a Graph enum: the variants with their wire names, CSDL values and
/// aliases, plus `Unknown(String)`, `graph_name`, `from_graph_name`,
/// `csdl_value`, `KNOWN`, `Display`, `From<&str>`, `Default` and serde.
macro_rules! graph_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $(
                $(#[$vmeta:meta])*
                $variant:ident = ($wire:literal, $value:literal $(, $alias:literal)*)
            ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $(
                $(#[$vmeta])*
                $variant,
            )+
            /// A value this version does not know, kept exactly as received.
            Unknown(String),
        }

        impl $name {
            /// Every known variant, in CSDL order.
            pub const KNOWN: &'static [$name] = &[$($name::$variant),+];

            /// The value as Graph writes it on the wire (for an unknown value:
            /// the text as received).
            pub fn graph_name(&self) -> &str {
                match self {
                    $($name::$variant => $wire,)+
                    $name::Unknown(raw) => raw,
                }
            }

            /// Reads a wire value, ignoring case and surrounding blanks; an
            /// unknown value is kept as `Unknown` (untrimmed).
            pub fn from_graph_name(text: &str) -> $name {
                let t = text.trim();
                $(
                    if t.eq_ignore_ascii_case($wire) $(|| t.eq_ignore_ascii_case($alias))* {
                        return $name::$variant;
                    }
                )+
                $name::Unknown(text.to_owned())
            }

            /// The numeric value in the Graph CSDL (`None` for an unknown
            /// value).
            pub fn csdl_value(&self) -> Option<i64> {
                match self {
                    $($name::$variant => Some($value),)+
                    $name::Unknown(_) => None,
                }
            }

            /// The variant for a CSDL numeric value; an unknown number is kept
            /// as `Unknown` with its decimal text.
            pub fn from_csdl_value(value: i64) -> $name {
                match value {
                    $($value => $name::$variant,)+
                    other => $name::Unknown(other.to_string()),
                }
            }

            /// True for a value this version does not know.
            pub fn is_unknown(&self) -> bool {
                matches!(self, $name::Unknown(_))
            }
        }

        impl Default for $name {
            /// `Unknown("")`: what a missing or `null` value reads as.
            fn default() -> Self {
                $name::Unknown(String::new())
            }
        }

        impl From<&str> for $name {
            /// Same as [`Self::from_graph_name`].
            fn from(text: &str) -> Self {
                $name::from_graph_name(text)
            }
        }

        impl fmt::Display for $name {
            /// Writes [`Self::graph_name`].
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.graph_name())
            }
        }

        impl Serialize for $name {
            /// Writes [`Self::graph_name`] as a JSON string.
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.graph_name())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            /// Reads a string (see [`Self::from_graph_name`]), a CSDL number,
            /// or `null` (`Unknown("")`). Other JSON types are errors.
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl<'de> Visitor<'de> for V {
                    type Value = $name;
                    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                        f.write_str(concat!("a ", stringify!($name), " string"))
                    }
                    fn visit_str<E: de::Error>(self, v: &str) -> Result<$name, E> {
                        Ok($name::from_graph_name(v))
                    }
                    fn visit_i64<E: de::Error>(self, v: i64) -> Result<$name, E> {
                        Ok($name::from_csdl_value(v))
                    }
                    fn visit_u64<E: de::Error>(self, v: u64) -> Result<$name, E> {
                        Ok(match i64::try_from(v) {
                            Ok(v) => $name::from_csdl_value(v),
                            Err(_) => $name::Unknown(v.to_string()),
                        })
                    }
                    fn visit_unit<E: de::Error>(self) -> Result<$name, E> {
                        Ok($name::default())
                    }
                    fn visit_none<E: de::Error>(self) -> Result<$name, E> {
                        Ok($name::default())
                    }
                    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<$name, D::Error> {
                        d.deserialize_any(V)
                    }
                }
                d.deserialize_any(V)
            }
        }
    };
}

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
            known => known.graph_name().to_owned(),
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
            StatusCode::NotConfigured => "Not configured".to_owned(),
            StatusCode::NotRun => "Not run".to_owned(),
            StatusCode::Active => "Active".to_owned(),
            StatusCode::Paused => "Paused".to_owned(),
            StatusCode::Quarantine => "Quarantine".to_owned(),
            StatusCode::Unknown(raw) => unknown_label(raw),
        }
    }

    /// One plain-English sentence on what the state means.
    pub fn meaning(&self) -> &'static str {
        match self {
            StatusCode::NotConfigured => {
                "The job has never been configured or run: it has no credentials for the target app yet."
            }
            StatusCode::NotRun => "The job is configured, but its first run has not finished yet.",
            StatusCode::Active => {
                "The job is running and synchronizes changes periodically on its schedule."
            }
            StatusCode::Paused => {
                "The job is paused with its progress kept; Start continues from where it stopped."
            }
            StatusCode::Quarantine => {
                "Repeated errors put the job in quarantine: its runs slow down to once a day until the errors are fixed, and it is disabled after four weeks."
            }
            StatusCode::Unknown(_) => {
                "Microsoft Graph reported a state that this version of syncdeck does not know."
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
            TaskExecutionResult::Succeeded => "Succeeded".to_owned(),
            TaskExecutionResult::Failed => "Failed".to_owned(),
            TaskExecutionResult::EntryLevelErrors => "Entry-level errors".to_owned(),
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
                "The number of failed entries held for retry (escrows) passed the service's base threshold."
            }
            QuarantineReason::EncounteredTotalEscrowThreshold => {
                "The total number of failed entries held for retry (escrows) passed the service's absolute limit."
            }
            QuarantineReason::EncounteredEscrowProportionThreshold => {
                "Too large a share of the processed entries failed (more than about 40 percent)."
            }
            QuarantineReason::EncounteredQuarantineException => {
                "The service could not connect to or authenticate with the target app, often because the credentials are invalid or expired."
            }
            QuarantineReason::UnknownReason => {
                "The provisioning service did not say why it quarantined the job."
            }
            QuarantineReason::QuarantinedOnDemand => {
                "Microsoft put the job in quarantine manually."
            }
            QuarantineReason::TooManyDeletes => {
                "Accidental-deletion prevention held back more deletions than the configured threshold allows."
            }
            QuarantineReason::IngestionInterrupted => {
                "The ingestion of changes from the source was interrupted."
            }
            QuarantineReason::Unknown(raw) if raw.trim().is_empty() => {
                "Microsoft Graph gave no quarantine reason."
            }
            QuarantineReason::Unknown(raw) => {
                return format!(
                    "Microsoft Graph reported the reason \"{raw}\", which this version of syncdeck does not know."
                );
            }
        };
        s.to_owned()
    }
}

/// `Unknown (<value>)`, or `Unknown` for an empty value.
fn unknown_label(raw: &str) -> String {
    if raw.trim().is_empty() {
        "Unknown".to_owned()
    } else {
        format!("Unknown ({raw})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_names_round_trip_for_every_enum() {
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
