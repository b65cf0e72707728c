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

graph_enum! {
    /// `synchronizationSecret`: the key of a credential or setting stored with
    /// a service principal's synchronization (`PUT .../synchronization/secrets`,
    /// `validateCredentials`). Typical SCIM apps use `BaseAddress` and
    /// `SecretToken`; `SyncAll` holds `"true"`/`"false"` and
    /// `SyncNotificationSettings` a JSON string.
    pub enum SynchronizationSecret {
        /// No key.
        None = ("None", 0),
        /// A user name.
        UserName = ("UserName", 1),
        /// A password.
        Password = ("Password", 2),
        /// A bearer token (the SCIM "Secret Token").
        SecretToken = ("SecretToken", 3),
        /// An application key.
        AppKey = ("AppKey", 4),
        /// The target's base URL (the SCIM "Tenant URL").
        BaseAddress = ("BaseAddress", 5),
        /// A client identifier.
        ClientIdentifier = ("ClientIdentifier", 6),
        /// A client secret.
        ClientSecret = ("ClientSecret", 7),
        /// The single sign-on type.
        SingleSignOnType = ("SingleSignOnType", 11),
        /// Whether the target is a sandbox.
        Sandbox = ("Sandbox", 12),
        /// A URL.
        Url = ("Url", 13),
        /// A domain.
        Domain = ("Domain", 14),
        /// An OAuth 1 consumer key.
        ConsumerKey = ("ConsumerKey", 15),
        /// An OAuth 1 consumer secret.
        ConsumerSecret = ("ConsumerSecret", 16),
        /// An OAuth 1 token key.
        TokenKey = ("TokenKey", 17),
        /// When a token expires.
        TokenExpiration = ("TokenExpiration", 18),
        /// An OAuth 2 access token.
        Oauth2AccessToken = ("Oauth2AccessToken", 19),
        /// When the OAuth 2 access token was created.
        Oauth2AccessTokenCreationTime = ("Oauth2AccessTokenCreationTime", 20),
        /// An OAuth 2 refresh token.
        Oauth2RefreshToken = ("Oauth2RefreshToken", 21),
        /// `"true"` to synchronize all users and groups, `"false"` for only
        /// those assigned to the app.
        SyncAll = ("SyncAll", 22),
        /// An instance name.
        InstanceName = ("InstanceName", 24),
        /// An OAuth 2 client id.
        Oauth2ClientId = ("Oauth2ClientId", 27),
        /// An OAuth 2 client secret.
        Oauth2ClientSecret = ("Oauth2ClientSecret", 28),
        /// A company id.
        CompanyId = ("CompanyId", 29),
        /// Whether to update the key on soft delete.
        UpdateKeyOnSoftDelete = ("UpdateKeyOnSoftDelete", 30),
        /// The synchronization schedule.
        SynchronizationSchedule = ("SynchronizationSchedule", 33),
        /// The system of record.
        SystemOfRecord = ("SystemOfRecord", 34),
        /// A sandbox name.
        SandboxName = ("SandboxName", 35),
        /// Whether to enforce the domain.
        EnforceDomain = ("EnforceDomain", 36),
        /// Notification e-mail settings, a JSON string such as
        /// `{"Enabled":false,"DeleteThresholdEnabled":false}`.
        SyncNotificationSettings = ("SyncNotificationSettings", 37),
        /// Whether to skip deleting accounts that go out of scope.
        SkipOutOfScopeDeletions = ("SkipOutOfScopeDeletions", 40),
        /// An OAuth 2 authorization code.
        Oauth2AuthorizationCode = ("Oauth2AuthorizationCode", 62),
        /// An OAuth 2 redirect URI.
        Oauth2RedirectUri = ("Oauth2RedirectUri", 63),
        /// An application template identifier.
        ApplicationTemplateIdentifier = ("ApplicationTemplateIdentifier", 64),
        /// An OAuth 2 token exchange URI.
        Oauth2TokenExchangeUri = ("Oauth2TokenExchangeUri", 65),
        /// An OAuth 2 authorization URI.
        Oauth2AuthorizationUri = ("Oauth2AuthorizationUri", 66),
        /// The authentication type.
        AuthenticationType = ("AuthenticationType", 67),
        /// A server.
        Server = ("Server", 70),
        /// Whether to grant entitlements on inbound provisioning.
        PerformInboundEntitlementGrants = ("PerformInboundEntitlementGrants", 100),
        /// Whether hard deletes are enabled.
        HardDeletesEnabled = ("HardDeletesEnabled", 101),
        /// The provisioning agent's compatibility key.
        SyncAgentCompatibilityKey = ("SyncAgentCompatibilityKey", 102),
        /// The provisioning agent's Active Directory container.
        SyncAgentADContainer = ("SyncAgentADContainer", 103),
        /// Whether to validate the domain.
        ValidateDomain = ("ValidateDomain", 206),
        /// Test references.
        TestReferences = ("TestReferences", 207),
        /// A connection string.
        ConnectionString = ("ConnectionString", 250),
    }
}

impl SynchronizationSecret {
    /// True when the value is a credential that must never be shown or
    /// logged (passwords, tokens, client secrets, keys, connection strings).
    /// A value this version does not know counts as sensitive, to be safe.
    pub fn is_sensitive(&self) -> bool {
        use SynchronizationSecret as S;
        matches!(
            self,
            S::Password
                | S::SecretToken
                | S::AppKey
                | S::ClientSecret
                | S::ConsumerSecret
                | S::TokenKey
                | S::Oauth2AccessToken
                | S::Oauth2RefreshToken
                | S::Oauth2ClientSecret
                | S::Oauth2AuthorizationCode
                | S::SyncAgentCompatibilityKey
                | S::ConnectionString
                | S::Unknown(_)
        )
    }
}

graph_enum! {
    /// `synchronizationMetadata`: the key of a template's metadata entry.
    pub enum SynchronizationMetadata {
        /// The GUID of the enterprise application in Microsoft Entra ID.
        GalleryApplicationIdentifier = ("GalleryApplicationIdentifier", 0),
        /// The name of the enterprise application (same as the template's
        /// `factoryTag`).
        GalleryApplicationKey = ("GalleryApplicationKey", 1),
        /// Whether OAuth is enabled for the app.
        IsOAuthEnabled = ("IsOAuthEnabled", 2),
        /// Whether a provisioning agent must be assigned.
        IsSynchronizationAgentAssignmentRequired = ("IsSynchronizationAgentAssignmentRequired", 3),
        /// Whether a provisioning agent is required.
        IsSynchronizationAgentRequired = ("IsSynchronizationAgentRequired", 4),
        /// Whether provisioning for the app is in preview.
        IsSynchronizationInPreview = ("IsSynchronizationInPreview", 5),
        /// OAuth settings.
        OAuthSettings = ("OAuthSettings", 6),
        /// A "learn more" link.
        SynchronizationLearnMoreIbizaFwLink = ("SynchronizationLearnMoreIbizaFwLink", 7),
        /// Configuration fields.
        ConfigurationFields = ("ConfigurationFields", 8),
    }
}

graph_enum! {
    /// `provisioningAction`: what a provisioning log entry did
    /// (`provisioningAction`; beta's legacy `action` is the same list,
    /// capitalised).
    pub enum ProvisioningAction {
        /// Anything else (e.g. no change was needed).
        Other = ("other", 0),
        /// An object was created in the target.
        Create = ("create", 1),
        /// An object was deleted from the target.
        Delete = ("delete", 2),
        /// An object was disabled in the target.
        Disable = ("disable", 3),
        /// An object was updated in the target.
        Update = ("update", 4),
        /// A deletion was staged (held back, e.g. by accidental-deletion
        /// prevention).
        StagedDelete = ("stagedDelete", 5),
        /// Graph's evolvable-enum sentinel.
        UnknownFutureValue = ("unknownFutureValue", 6),
    }
}

graph_enum! {
    /// `provisioningResult`: the outcome of a provisioning log entry or of one
    /// of its steps.
    pub enum ProvisioningResult {
        /// It worked.
        Success = ("success", 0),
        /// It failed.
        Failure = ("failure", 1),
        /// Nothing was done (e.g. out of scope, or already in the target state).
        Skipped = ("skipped", 2),
        /// It worked with a warning.
        Warning = ("warning", 3),
        /// Graph's evolvable-enum sentinel.
        UnknownFutureValue = ("unknownFutureValue", 4),
    }
}

graph_enum! {
    /// `provisioningStatusErrorCategory`: whose side an error is on.
    pub enum ProvisioningStatusErrorCategory {
        /// A failure of the provisioning service.
        Failure = ("failure", 0),
        /// A failure outside the service (e.g. the target app refused the
        /// change); usually the admin can fix it.
        NonServiceFailure = ("nonServiceFailure", 1),
        /// No error.
        Success = ("success", 2),
        /// Graph's evolvable-enum sentinel.
        UnknownFutureValue = ("unknownFutureValue", 3),
    }
}

graph_enum! {
    /// `provisioningStepType`: the phase of one provisioning step. The docs
    /// write it both `Import` and `import`.
    pub enum ProvisioningStepType {
        /// Reading the object from the source.
        Import = ("import", 0),
        /// Deciding whether the object is in scope.
        Scoping = ("scoping", 1),
        /// Looking for the matching object in the target.
        Matching = ("matching", 2),
        /// Computing the change.
        Processing = ("processing", 3),
        /// Resolving references (e.g. a manager).
        ReferenceResolution = ("referenceResolution", 4),
        /// Writing the change to the target.
        Export = ("export", 5),
        /// Graph's evolvable-enum sentinel.
        UnknownFutureValue = ("unknownFutureValue", 6),
    }
}

graph_enum! {
    /// `initiatorType`: who started a provisioning log entry's change.
    pub enum InitiatorType {
        /// A user (e.g. provision on demand).
        User = ("user", 0),
        /// An application.
        Application = ("application", 1),
        /// The provisioning service itself (a scheduled cycle).
        System = ("system", 2),
        /// Graph's evolvable-enum sentinel.
        UnknownFutureValue = ("unknownFutureValue", 3),
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
        for v in SynchronizationSecret::KNOWN {
            assert_eq!(&SynchronizationSecret::from_graph_name(v.graph_name()), v);
            assert_eq!(
                &SynchronizationSecret::from_csdl_value(v.csdl_value().unwrap()),
                v
            );
        }
        assert_eq!(SynchronizationSecret::KNOWN.len(), 45);
        for v in SynchronizationMetadata::KNOWN {
            assert_eq!(&SynchronizationMetadata::from_graph_name(v.graph_name()), v);
        }
        for v in ProvisioningAction::KNOWN {
            assert_eq!(&ProvisioningAction::from_graph_name(v.graph_name()), v);
        }
        for v in ProvisioningStepType::KNOWN {
            assert_eq!(&ProvisioningStepType::from_graph_name(v.graph_name()), v);
        }
    }
}
