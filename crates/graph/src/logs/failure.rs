//! The words of the provisioning logs: a failed load classified ([`LogsFault`]) with the sentence
//! that says which, the sentence of an empty answer ([`empty_sentence`]), an event's title
//! ([`event_title`]) and an enum value's label ([`label`]).

use super::event::LogEvent;
use super::filter::LogFilter;
use crate::hints::Operation;
use syncdeck_i18n::{t, tf, tr};

/// The error code Graph answers (403) for a tenant without Microsoft Entra ID P1 or P2
/// (<https://learn.microsoft.com/en-us/entra/identity/monitoring-health/howto-analyze-activity-logs-with-microsoft-graph>).
pub const NO_LICENCE_CODE: &str = "Authentication_RequestFromNonPremiumTenantOrB2CTenant";

/// Where the licence requirement is documented.
pub const LICENCE_DOC: &str = "https://learn.microsoft.com/en-us/entra/identity/monitoring-health/howto-analyze-activity-logs-with-microsoft-graph";

/// [`LICENCE_DOC`] in the language in use (Microsoft Learn has the page in each language
/// syncdeck speaks).
pub fn licence_doc() -> String {
    LICENCE_DOC.replacen(
        "/en-us/",
        &format!("/{}/", syncdeck_i18n::lang().learn_locale()),
        1,
    )
}

/// Why the provisioning logs could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogsFault {
    /// The tenant has no Entra ID P1/P2 licence.
    NoLicence,
    /// Any other 403: a missing role or missing consent.
    Forbidden,
    /// 429 after the retries.
    Throttled,
    /// Anything else (shown with Graph's hint and details).
    Other,
}

impl LogsFault {
    /// The fault of an answer with HTTP `status` and Graph error `code` (case-insensitive, as
    /// Graph's error codes are not always spelled alike).
    pub fn of(status: u16, code: &str) -> LogsFault {
        match status {
            403 if code.eq_ignore_ascii_case(NO_LICENCE_CODE) => LogsFault::NoLicence,
            403 => LogsFault::Forbidden,
            429 => LogsFault::Throttled,
            _ => LogsFault::Other,
        }
    }

    /// What to tell the admin (`None` for [`LogsFault::Other`]: Graph's own hint says it).
    pub fn sentence(self) -> Option<String> {
        Some(match self {
            LogsFault::NoLicence => t!(
                "This tenant has no Microsoft Entra ID P1 or P2 licence, which the provisioning logs need."
            )
            .into(),
            LogsFault::Forbidden => tf!(
                "Your account lacks a role that may read the provisioning logs ({roles}), or the app lacks consent to AuditLog.Read.All and Directory.Read.All.",
                roles = Operation::ListProvisioningLogs
                    .directory_roles(None)
                    .iter()
                    .copied()
                    .map(tr)
                    .collect::<Vec<_>>()
                    .join(t!(", "))
            ),
            LogsFault::Throttled => t!(
                "Graph's reports limit (5 requests per 10 seconds) was reached; wait a few seconds and try again."
            )
            .into(),
            LogsFault::Other => return None,
        })
    }
}

/// The sentence shown instead of an empty table.
pub fn empty_sentence(filter: &LogFilter) -> String {
    if filter.is_narrowed() {
        tf!(
            "No provisioning events for this job in the last {period} with these filters.",
            period = filter.period.label()
        )
    } else {
        tf!(
            "No provisioning events for this job in the last {period}.",
            period = filter.period.label()
        )
    }
}

/// An enum value's Graph name in words: `stagedDelete` → `Staged delete`, `failure` →
/// `Failure`; `unknown` when empty.
pub fn label(graph_name: &str) -> String {
    if let Some(known) = known_label(graph_name) {
        return known.to_owned();
    }
    let mut out = String::new();
    for c in graph_name.trim().chars() {
        if out.is_empty() {
            // Graph's enum names are ASCII camelCase.
            out.push(c.to_ascii_uppercase());
        } else if c.is_ascii_uppercase() {
            out.push(' ');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    if out.is_empty() {
        t!("unknown").into()
    } else {
        out
    }
}

/// Who an event is about: the source identity's name, else the target's, else an id.
pub fn identity_of(event: &LogEvent) -> (String, String) {
    let (s, t) = (event.source_identity(), event.target_identity());
    let pick = |a: Option<&str>, b: Option<&str>| {
        a.filter(|n| !n.trim().is_empty())
            .or(b.filter(|n| !n.trim().is_empty()))
            .map(str::to_owned)
    };
    let id = pick(s.id, t.id).unwrap_or_default();
    let name = pick(s.display_name, t.display_name).unwrap_or_else(|| {
        if id.is_empty() {
            t!("unknown").into()
        } else {
            id.clone()
        }
    });
    (name, id)
}

/// The title of an event's details: `Provisioning event: Adele Vance, update, failure`.
pub fn event_title(event: &LogEvent) -> String {
    tf!(
        "Provisioning event: {identity}, {action}, {status}",
        identity = identity_of(event).0,
        action = event.action().graph_name(),
        status = event.result().graph_name()
    )
}

/// The words of the values Graph's provisioning logs use (actions, statuses, step types), in
/// the current language; `None` for a value this version does not know.
fn known_label(graph_name: &str) -> Option<&'static str> {
    Some(match graph_name.trim().to_ascii_lowercase().as_str() {
        "other" => t!("Other"),
        "create" => t!("Create"),
        "delete" => t!("Delete"),
        "disable" => t!("Disable"),
        "update" => t!("Update"),
        "stageddelete" => t!("Staged delete"),
        "unknownfuturevalue" => t!("Unknown future value"),
        "success" => t!("Success"),
        "failure" => t!("Failure"),
        "skipped" => t!("Skipped"),
        "warning" => t!("Warning"),
        "nonservicefailure" => t!("Non service failure"),
        "import" => t!("Import"),
        "scoping" => t!("Scoping"),
        "matching" => t!("Matching"),
        "processing" => t!("Processing"),
        "referenceresolution" => t!("Reference resolution"),
        "export" => t!("Export"),
        "user" => t!("User"),
        "application" => t!("Application"),
        "system" => t!("System"),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::logs::Period;

    #[test]
    fn faults_by_status_and_code() {
        assert_eq!(LogsFault::of(403, NO_LICENCE_CODE), LogsFault::NoLicence);
        assert_eq!(
            LogsFault::of(403, "authentication_requestfromnonpremiumtenantorb2ctenant"),
            LogsFault::NoLicence
        );
        assert_eq!(
            LogsFault::of(403, "Authorization_RequestDenied"),
            LogsFault::Forbidden
        );
        assert_eq!(LogsFault::of(429, "TooManyRequests"), LogsFault::Throttled);
        assert_eq!(LogsFault::of(400, NO_LICENCE_CODE), LogsFault::Other);
        assert_eq!(LogsFault::of(500, "x"), LogsFault::Other);
        assert!(
            LogsFault::NoLicence
                .sentence()
                .unwrap()
                .contains("P1 or P2")
        );
        let role = LogsFault::Forbidden.sentence().unwrap();
        assert!(role.contains("Reports Reader") && role.contains("AuditLog.Read.All"));
        assert!(
            LogsFault::Throttled
                .sentence()
                .unwrap()
                .contains("5 requests per 10 seconds")
        );
        assert_eq!(LogsFault::Other.sentence(), None);
    }

    #[test]
    fn empty_says_the_period_and_the_filters() {
        let mut f = LogFilter::for_job("j");
        assert_eq!(
            empty_sentence(&f),
            "No provisioning events for this job in the last 7 days."
        );
        f.period = Period::Day;
        f.identity = "adele".into();
        assert_eq!(
            empty_sentence(&f),
            "No provisioning events for this job in the last 24 hours with these filters."
        );
    }

    #[test]
    fn labels_and_titles() {
        assert_eq!(label("stagedDelete"), "Staged delete");
        assert_eq!(label("failure"), "Failure");
        assert_eq!(label(""), "unknown");
        let e = LogEvent(
            serde_json::from_str(
                r#"{"provisioningAction":"update","provisioningStatusInfo":{"status":"failure"},
                "sourceIdentity":{"id":"s1","displayName":"Adele Vance"},"targetIdentity":{"id":"t1"}}"#,
            )
            .unwrap(),
        );
        assert_eq!(
            event_title(&e),
            "Provisioning event: Adele Vance, update, failure"
        );
        assert_eq!(identity_of(&e), ("Adele Vance".into(), "s1".into()));
        let bare = LogEvent(
            serde_json::from_str(r#"{"targetIdentity":{"id":"t1","displayName":" "}}"#).unwrap(),
        );
        assert_eq!(identity_of(&bare), ("t1".into(), "t1".into()));
        assert_eq!(
            identity_of(&LogEvent::default()),
            ("unknown".into(), String::new())
        );
    }
}

#[cfg(test)]
mod licence_doc_tests {
    use super::*;
    use syncdeck_i18n::{Lang, install};

    #[test]
    fn the_licence_page_is_linked_in_the_language_in_use() {
        assert_eq!(licence_doc(), LICENCE_DOC);
        install(Lang::ZhCn, None);
        assert_eq!(
            licence_doc(),
            "https://learn.microsoft.com/zh-cn/entra/identity/monitoring-health/howto-analyze-activity-logs-with-microsoft-graph"
        );
        install(Lang::En, None);
    }
}
