//! `synchronizationMetadata`: the keys of a template's metadata.

use super::macros::graph_enum;

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_names_round_trip() {
        for v in SynchronizationMetadata::KNOWN {
            assert_eq!(&SynchronizationMetadata::from_graph_name(v.graph_name()), v);
        }
    }
}
