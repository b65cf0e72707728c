//! `synchronizationSecret`: the keys of a service principal's
//! synchronization secrets.

use super::macros::graph_enum;

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_names_round_trip() {
        for v in SynchronizationSecret::KNOWN {
            assert_eq!(&SynchronizationSecret::from_graph_name(v.graph_name()), v);
            assert_eq!(
                &SynchronizationSecret::from_csdl_value(v.csdl_value().unwrap()),
                v
            );
        }
        assert_eq!(SynchronizationSecret::KNOWN.len(), 45);
    }
}
