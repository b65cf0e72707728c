//! Classify a job by its template id.
//!
//! The template id (or the prefix of a job id, `{templateId}.{hex}...`) tells
//! what kind of provisioning a job does. Used for the fleet view's "kind"
//! filter and the job card's subtitle.

use std::fmt;
use syncdeck_i18n::t;

/// The kind of provisioning a job does, derived from its template id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TemplateKind {
    /// Microsoft Entra Cloud Sync from on-premises AD (`AD2AADProvisioning`,
    /// `AD2AADPasswordHash`).
    CloudSync,
    /// API-driven inbound provisioning (`API2AAD...`).
    ApiDrivenInbound,
    /// Cross-tenant synchronization (`Azure2Azure`).
    CrossTenantSync,
    /// HR-driven inbound provisioning (`Workday...`, `SuccessFactors...`).
    HrInbound,
    /// A non-gallery (custom) SCIM app (`scim`, `customappsso`).
    NonGalleryScim,
    /// Provisioning to a gallery app (`aws`, `BoxOutDelta`, `zendesk`, ...):
    /// any other non-empty template id.
    GalleryApp,
    /// No template id at all.
    Unknown,
}

impl TemplateKind {
    /// Every kind, in display order.
    pub const ALL: [TemplateKind; 7] = [
        TemplateKind::CloudSync,
        TemplateKind::ApiDrivenInbound,
        TemplateKind::CrossTenantSync,
        TemplateKind::HrInbound,
        TemplateKind::NonGalleryScim,
        TemplateKind::GalleryApp,
        TemplateKind::Unknown,
    ];

    /// The kind in the admin's words, e.g. `"Cloud Sync"`.
    pub fn label(self) -> &'static str {
        match self {
            TemplateKind::CloudSync => t!("Cloud Sync"),
            TemplateKind::ApiDrivenInbound => t!("API-driven inbound provisioning"),
            TemplateKind::CrossTenantSync => t!("Cross-tenant synchronization"),
            TemplateKind::HrInbound => t!("HR-driven inbound provisioning"),
            TemplateKind::NonGalleryScim => t!("Non-gallery SCIM app"),
            TemplateKind::GalleryApp => t!("Gallery app provisioning"),
            TemplateKind::Unknown => t!("Unknown template"),
        }
    }

    /// A stable lower-case key for URLs and filters, e.g. `"cloud-sync"`.
    pub fn key(self) -> &'static str {
        match self {
            TemplateKind::CloudSync => "cloud-sync",
            TemplateKind::ApiDrivenInbound => "api-inbound",
            TemplateKind::CrossTenantSync => "cross-tenant",
            TemplateKind::HrInbound => "hr-inbound",
            TemplateKind::NonGalleryScim => "scim",
            TemplateKind::GalleryApp => "gallery",
            TemplateKind::Unknown => "unknown",
        }
    }

    /// The kind for a [`TemplateKind::key`] (case-insensitive).
    pub fn from_key(key: &str) -> Option<TemplateKind> {
        TemplateKind::ALL
            .into_iter()
            .find(|k| k.key().eq_ignore_ascii_case(key.trim()))
    }
}

impl fmt::Display for TemplateKind {
    /// Writes [`TemplateKind::label`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Classifies a template id (or a job id, whose first `.`-separated segment
/// is the template id), ignoring case:
///
/// - `AD2AADProvisioning`, `AD2AADPasswordHash` (any `AD2AAD...`): Cloud Sync
/// - `API2AAD...`: API-driven inbound provisioning
/// - `Azure2Azure...`: cross-tenant synchronization
/// - `Workday...`, `SuccessFactors...`: HR-driven inbound provisioning
/// - `scim`, `customappsso`: non-gallery SCIM app
/// - empty: [`TemplateKind::Unknown`]; anything else: a gallery app.
pub fn template_kind(template_id: &str) -> TemplateKind {
    let t = template_id.trim();
    let first = t.split('.').next().unwrap_or_default();
    let starts = |prefix: &str| {
        first
            .get(..prefix.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
    };
    if first.is_empty() {
        TemplateKind::Unknown
    } else if starts("AD2AAD") {
        TemplateKind::CloudSync
    } else if starts("API2AAD") {
        TemplateKind::ApiDrivenInbound
    } else if starts("Azure2Azure") {
        TemplateKind::CrossTenantSync
    } else if starts("Workday") || starts("SuccessFactors") {
        TemplateKind::HrInbound
    } else if first.eq_ignore_ascii_case("scim") || first.eq_ignore_ascii_case("customappsso") {
        TemplateKind::NonGalleryScim
    } else {
        TemplateKind::GalleryApp
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip() {
        for k in TemplateKind::ALL {
            assert_eq!(TemplateKind::from_key(k.key()), Some(k));
        }
        assert_eq!(TemplateKind::from_key("nope"), None);
    }
}
