//! Deep links from a card to the app's provisioning page in the Entra admin
//! center ([`entra_admin_center_url`]), per cloud ([`admin_center_host`]).

use std::fmt::Write as _;

use crate::cloud::Cloud;

/// Percent-encodes everything but the RFC 3986 unreserved characters.
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// The admin portal host of `cloud`: `https://entra.microsoft.com` (global),
/// `https://portal.azure.us` (US Government, L4 and L5),
/// `https://portal.azure.cn` (21Vianet).
pub fn admin_center_host(cloud: Cloud) -> &'static str {
    match cloud {
        Cloud::Global => "https://entra.microsoft.com",
        Cloud::UsGov | Cloud::UsGovDod => "https://portal.azure.us",
        Cloud::China => "https://portal.azure.cn",
    }
}

/// The Entra admin center page of an app's provisioning (the Provisioning
/// overview with Start/Stop/Restart), e.g.
/// `https://entra.microsoft.com/#view/Microsoft_AAD_IAM/ManagedAppMenuBlade/~/ProvisioningManagement/objectId/{spId}/appId/{appId}`.
/// The host is [`admin_center_host`]; the `#view` path is the same in every
/// cloud. Ids are percent-encoded.
///
/// The segments after `~/ProvisioningManagement` are name/value pairs. The
/// `appId` pair is left out when the application id is unknown (or blank),
/// which gives `.../objectId/{spId}`, the shape public admin tools use for
/// the provisioning *logs* menu item
/// (`.../ManagedAppMenuBlade/~/ProvisioningActivity/objectId/{spId}`).
/// syncdeck links the Provisioning overview
/// (`ProvisioningManagement`) instead because that is where the admin acts
/// on the job; other public tools emit the same blade with the pairs in the
/// other order. Not verified against a live portal: the portal may
/// normalise a deep link it cannot route to the app's Overview.
pub fn entra_admin_center_url(cloud: Cloud, sp_id: &str, app_id: Option<&str>) -> String {
    let mut url = format!(
        "{}/#view/Microsoft_AAD_IAM/ManagedAppMenuBlade/~/ProvisioningManagement/objectId/{}",
        admin_center_host(cloud),
        percent_encode(sp_id.trim())
    );
    if let Some(app_id) = app_id.map(str::trim).filter(|a| !a.is_empty()) {
        url.push_str("/appId/");
        url.push_str(&percent_encode(app_id));
    }
    url
}
