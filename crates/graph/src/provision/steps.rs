//! The portal's names for the steps of a provision-on-demand result (import, scope evaluation,
//! match, action: <https://learn.microsoft.com/en-us/entra/identity/app-provisioning/provision-on-demand>),
//! from Graph's step types (`provisioningStepType`).

use crate::enums::{ProvisioningResult, ProvisioningStepType};
use syncdeck_i18n::{t, tf};

/// The step's name as the portal shows it, for a subject of `object_type` (`User`, `Group`;
/// lower-cased in the text), e.g. "Import user" or "Perform action". Graph's own name
/// (`EntryImport`) is the caller's to show next to it.
pub fn step_title(step_type: &ProvisioningStepType, object_type: &str) -> String {
    let what = match object_type.trim().to_ascii_lowercase().as_str() {
        "" => t!("object").to_owned(),
        "user" => t!("user").to_owned(),
        "group" => t!("group").to_owned(),
        other => other.to_owned(),
    };
    match step_type {
        ProvisioningStepType::Import => tf!("Import {what}", what = what),
        ProvisioningStepType::Scoping => tf!("Determine if {what} is in scope", what = what),
        ProvisioningStepType::Matching => {
            tf!("Match {what} between source and target system", what = what)
        }
        ProvisioningStepType::Processing => tf!("Process {what}", what = what),
        ProvisioningStepType::ReferenceResolution => t!("Resolve references").to_owned(),
        ProvisioningStepType::Export => t!("Perform action").to_owned(),
        ProvisioningStepType::UnknownFutureValue | ProvisioningStepType::Unknown(_) => {
            t!("Other step").to_owned()
        }
    }
}

/// True when the step failed (its status `failure`, or a status this version does not know
/// is not taken for a success either: only `failure` counts).
pub fn step_failed(status: &ProvisioningResult) -> bool {
    *status == ProvisioningResult::Failure
}

/// A step's status in words: `Succeeded`, `Skipped`, `Warning`, `Failed`, or the value as
/// received when this version does not know it.
pub fn status_label(status: &ProvisioningResult) -> &str {
    match status {
        ProvisioningResult::Success => t!("Succeeded"),
        ProvisioningResult::Failure => t!("Failed"),
        ProvisioningResult::Skipped => t!("Skipped"),
        ProvisioningResult::Warning => t!("Warning"),
        other => other.graph_name(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::parse_provision_on_demand_response;

    #[test]
    fn each_step_type_has_the_portal_name() {
        let t = |s: &str| step_title(&ProvisioningStepType::from_graph_name(s), "User");
        assert_eq!(t("Import"), "Import user");
        assert_eq!(t("scoping"), "Determine if user is in scope");
        assert_eq!(t("Matching"), "Match user between source and target system");
        assert_eq!(t("processing"), "Process user");
        assert_eq!(t("referenceResolution"), "Resolve references");
        assert_eq!(t("Export"), "Perform action");
        assert_eq!(t("somethingNew"), "Other step");
        assert_eq!(
            step_title(&ProvisioningStepType::Import, "Group"),
            "Import group"
        );
        assert_eq!(
            step_title(&ProvisioningStepType::Import, " "),
            "Import object"
        );
    }

    #[test]
    fn the_docs_examples_read_as_portal_steps_in_order() {
        let body = crate::provision::docs(
            "v1.0--synchronization-synchronizationjob-provisionondemand--1-response.json",
        );
        let result = parse_provision_on_demand_response(&body)
            .unwrap()
            .decode()
            .unwrap();
        let titles: Vec<String> = result
            .change
            .provisioning_steps
            .iter()
            .map(|s| format!("{} ({})", step_title(&s.step_type, "User"), s.name))
            .collect();
        assert_eq!(
            titles,
            [
                "Import user (EntryImport)",
                "Match user between source and target system (EntryImport)",
                "Determine if user is in scope (EntrySynchronizationScoping)",
                "Perform action (EntrySynchronizationSkip)",
            ]
        );
        assert!(
            !result
                .change
                .provisioning_steps
                .iter()
                .any(|s| step_failed(&s.status))
        );
        let failed = ProvisioningResult::from_graph_name("Failure");
        assert!(step_failed(&failed));
        assert_eq!(status_label(&failed), "Failed");
        assert_eq!(status_label(&ProvisioningResult::Skipped), "Skipped");
        assert_eq!(status_label(&ProvisioningResult::Success), "Succeeded");
        let odd = ProvisioningResult::from_graph_name("bogus");
        assert!(!step_failed(&odd));
        assert_eq!(status_label(&odd), "bogus");
    }
}
