//! A run of provision on demand: which jobs take it, the body per subject (one subject per
//! request), the exact request shown before it is sent, the run's pacing and what counts as a
//! failure to retry.

use serde_json::{Value, json};

use super::OnDemandShown;
use crate::model::OnDemandOutcome;
use crate::pace::Budget;
use crate::request::{RequestError, provision_on_demand_json};
use crate::template::{TemplateKind, template_kind};
use syncdeck_i18n::fmt::{Unit, Width};
use syncdeck_i18n::{t, tf};

/// The run's own budget: Graph's 5 requests per 10 s
/// (<https://learn.microsoft.com/en-us/graph/api/synchronization-synchronizationjob-provisionondemand?view=graph-rest-1.0>)
/// with half a second to spare. The service counts arrivals, not sends: a first request that
/// took longer on the wire than the sixth would otherwise land both in one 10 s window. The
/// client's own pacer (`crate::pace::PROVISION_ON_DEMAND`) stays the hard limit behind it.
pub const RUN_BUDGET: Budget = Budget {
    limit: 5,
    window_ms: 10_500,
};

/// Where a job's on-demand subjects come from
/// (<https://learn.microsoft.com/en-us/entra/identity/app-provisioning/provision-on-demand>,
/// <https://learn.microsoft.com/en-us/entra/identity/app-provisioning/inbound-provisioning-api-concepts>).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// Microsoft Entra users and groups, looked up with `GET /users/…` and `GET /groups/…`.
    Entra,
    /// Ids of the source system, sent as typed (no lookup): Cloud Sync takes an Active
    /// Directory distinguished name (object type `user`), HR-driven provisioning a worker id.
    Typed {
        /// What to type, e.g. "an Active Directory distinguished name".
        what: &'static str,
        /// The `objectTypeName` to send.
        object_type: &'static str,
    },
    /// Provision on demand does not apply, with why.
    Unsupported(&'static str),
}

/// Where the subjects of a job made from `template_id` come from.
pub fn source_of(template_id: &str) -> Source {
    match template_kind(template_id) {
        TemplateKind::ApiDrivenInbound => Source::Unsupported(t!(
            "Not available for API-driven inbound provisioning: its users come from the job's bulkUpload endpoint."
        )),
        TemplateKind::CloudSync => Source::Typed {
            what: t!("an Active Directory distinguished name"),
            object_type: "user",
        },
        TemplateKind::HrInbound => Source::Typed {
            what: t!("a worker id of the HR system"),
            object_type: "User",
        },
        _ => Source::Entra,
    }
}

/// One object to provision: a user, or a group with the members to provision with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subject {
    /// The object id in the source.
    pub id: String,
    /// `User`, `Group` (Cloud Sync: `user`).
    pub object_type: String,
    /// For a group: the member user ids (at most [`super::MAX_GROUP_MEMBERS`]).
    pub members: Vec<String>,
}

/// The body of one request: one rule, one subject (a group carries `links.members`), the
/// JSON of `crate::model::ProvisionOnDemandRequest` (the tests check they are the same).
pub fn request_body(rule_id: &str, subject: &Subject) -> Value {
    let mut s = json!({"objectId": subject.id, "objectTypeName": subject.object_type});
    if !subject.members.is_empty() {
        let members: Vec<Value> = subject
            .members
            .iter()
            .map(|m| json!({"objectId": m, "objectTypeName": "User"}))
            .collect();
        s["links"] = json!({ "members": members });
    }
    json!({"parameters": [{"ruleId": rule_id, "subjects": [s]}]})
}

/// The exact request(s) as shown before sending: the method and path, the first body
/// (indented), and "… and N more, one request per user" when there are more.
pub fn preview(sp_id: &str, job_id: &str, bodies: &[Value]) -> Result<String, RequestError> {
    let Some(first) = bodies.first() else {
        return Ok(String::new());
    };
    let request = provision_on_demand_json(sp_id, job_id, first.clone())?;
    let json = request
        .body
        .as_ref()
        .and_then(|b| serde_json::to_string_pretty(b).ok())
        .unwrap_or_default();
    let mut text = format!("{} {}\n{json}", request.method.as_str(), request.path);
    if bodies.len() > 1 {
        text.push_str(&tf!(
            "\n… and {n} more, one request per user",
            n = bodies.len() - 1
        ));
    }
    Ok(text)
}

/// "3 of 12 done, next in 6 s" (the wait rounded up to a second; no "next" when all are sent
/// or the next goes now).
pub fn progress_text(done: usize, total: usize, next_in_ms: Option<i64>) -> String {
    match next_in_ms.filter(|ms| *ms > 0) {
        Some(ms) => tf!(
            "{done} of {total} done, next in {wait}",
            done = done,
            total = total,
            wait = syncdeck_i18n::fmt::units(
                &[(((ms + 999) / 1000) as f64, Unit::Second)],
                Width::Short
            )
        ),
        None => tf!("{done} of {total} done", done = done, total = total),
    }
}

/// True when a subject's request failed, or its result is a failure or an outcome this version
/// does not know ("Retry failed" sends these again; a skip is not a failure).
pub fn is_failed<E>(answer: &Result<OnDemandShown, E>) -> bool {
    match answer {
        Err(_) => true,
        Ok(r) => !matches!(
            r.result,
            OnDemandOutcome::Success | OnDemandOutcome::Skipped
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        ProvisionOnDemandRequest, SynchronizationJobApplicationParameters,
        SynchronizationJobSubject, SynchronizationLinkedObjects,
    };
    use crate::pace::Pacer;
    use crate::request::provision_on_demand;

    /// The body as the typed model writes it.
    fn typed(rule_id: &str, subject: &Subject) -> Value {
        let mut s = SynchronizationJobSubject::new(subject.id.clone(), subject.object_type.clone());
        if !subject.members.is_empty() {
            s.links = Some(SynchronizationLinkedObjects {
                members: subject
                    .members
                    .iter()
                    .map(|m| SynchronizationJobSubject::new(m.clone(), "User"))
                    .collect(),
                ..Default::default()
            });
        }
        serde_json::to_value(ProvisionOnDemandRequest {
            parameters: vec![SynchronizationJobApplicationParameters {
                rule_id: rule_id.to_owned(),
                subjects: vec![s],
            }],
        })
        .unwrap()
    }

    fn user(id: &str) -> Subject {
        Subject {
            id: id.into(),
            object_type: "User".into(),
            members: vec![],
        }
    }

    #[test]
    fn api_driven_inbound_is_refused_with_why_and_sources_follow_the_template() {
        for t in ["API2AADProvisioning", "api2aad.abc"] {
            match source_of(t) {
                Source::Unsupported(why) => assert!(why.contains("API-driven inbound")),
                other => panic!("{t}: {other:?}"),
            }
        }
        assert_eq!(
            source_of("AD2AADProvisioning"),
            Source::Typed {
                what: t!("an Active Directory distinguished name"),
                object_type: "user"
            }
        );
        assert!(matches!(source_of("Workday.x"), Source::Typed { .. }));
        for t in ["scim", "customappsso", "Azure2Azure", "aws", ""] {
            assert_eq!(source_of(t), Source::Entra, "{t}");
        }
    }

    #[test]
    fn a_user_body_is_the_docs_example_one() {
        let (rule, u) = (
            "ea807875-5618-4f0a-9125-0b46a05298ca",
            user("9bb0f679-a883-4a6f-8260-35b491b8b8c8"),
        );
        let body = request_body(rule, &u);
        assert_eq!(body, typed(rule, &u));
        let docs: Value = serde_json::from_str(&crate::provision::docs(
            "v1.0--synchronization-synchronizationjob-provisionondemand--1-request.json",
        ))
        .unwrap();
        assert_eq!(body, docs);
    }

    #[test]
    fn a_group_is_one_subject_with_its_members_linked_as_in_the_docs() {
        let group = Subject {
            id: "8213fd99-d6b6-417b-8e13-af6334856215".into(),
            object_type: "Group".into(),
            members: vec![
                "cbc86211-6ada-4803-b73f-8039cf56d8a2".into(),
                "2bc86211-6ada-4803-b73f-8039cf56d8a2".into(),
            ],
        };
        let body = request_body("33f7c90d-bf71-41b1-bda6-aaf0ddbee5d8#V2", &group);
        let docs: Value = serde_json::from_str(&crate::provision::docs(
            "v1.0--synchronization-synchronizationjob-provisionondemand--3-request.json",
        ))
        .unwrap();
        assert_eq!(body, docs);
        assert_eq!(
            body,
            typed("33f7c90d-bf71-41b1-bda6-aaf0ddbee5d8#V2", &group)
        );
    }

    #[test]
    fn the_preview_is_the_request_sent_and_counts_the_rest() {
        let one = [request_body("r1", &user("u1"))];
        let text = preview("sp 1", "job.1", &one).unwrap();
        let (line, json_text) = text.split_once('\n').unwrap();
        assert_eq!(
            line,
            "POST /servicePrincipals/sp%201/synchronization/jobs/job.1/provisionOnDemand"
        );
        let sent = provision_on_demand("sp 1", "job.1", &one[0]).unwrap();
        assert_eq!(
            serde_json::from_str::<Value>(json_text).unwrap(),
            sent.body.unwrap()
        );
        assert_eq!(
            serde_json::from_str::<Value>(json_text).unwrap(),
            json!({"parameters":[{"ruleId":"r1","subjects":[{"objectId":"u1","objectTypeName":"User"}]}]})
        );
        let many: Vec<_> = (0..12)
            .map(|i| request_body("r1", &user(&format!("u{i}"))))
            .collect();
        let text = preview("sp", "j", &many).unwrap();
        assert!(
            text.ends_with("\n… and 11 more, one request per user"),
            "{text}"
        );
        assert!(text.contains("\"objectId\": \"u0\""));
        assert!(!text.contains("u1\""));
        assert_eq!(preview("sp", "j", &[]).unwrap(), "");
        assert!(preview("..", "j", &one).is_err());
    }

    #[test]
    fn progress_says_how_many_are_done_and_when_the_next_goes() {
        assert_eq!(
            progress_text(3, 12, Some(5_001)),
            "3 of 12 done, next in 6 s"
        );
        assert_eq!(
            progress_text(3, 12, Some(6_000)),
            "3 of 12 done, next in 6 s"
        );
        assert_eq!(progress_text(3, 12, Some(0)), "3 of 12 done");
        assert_eq!(progress_text(12, 12, None), "12 of 12 done");
    }

    #[test]
    fn the_run_budget_never_lets_more_than_five_through_in_any_ten_seconds() {
        // Fifty users, each sent as soon as the run's pacer allows.
        let mut p = Pacer::new(RUN_BUDGET);
        let mut now = 0;
        let mut sent = vec![];
        while sent.len() < 50 {
            now += p.wait(now);
            p.record(now);
            sent.push(now);
        }
        for (i, t) in sent.iter().enumerate() {
            let in_window = sent[i..].iter().filter(|u| **u < t + 10_000).count();
            assert!(in_window <= 5, "{in_window} sends in the 10 s from {t}");
        }
        assert_eq!(&sent[..7], &[0, 0, 0, 0, 0, 10_500, 10_500]);
    }

    #[test]
    fn failures_to_retry_are_failed_requests_and_failed_or_unknown_results() {
        let read = |key: &str| {
            let body = json!({"key": key, "value": "{}"}).to_string();
            super::super::read_on_demand(&body).unwrap()
        };
        let ok: Result<_, ()> = Ok(read(r#"{"result":"Success","details":{}}"#));
        assert!(!is_failed(&ok));
        assert!(!is_failed::<()>(&Ok(read(r#"{"result":"Skipped"}"#))));
        assert!(is_failed::<()>(&Ok(read(r#"{"result":"Failure"}"#))));
        assert!(is_failed::<()>(&Ok(read(r#"{"result":"Weird"}"#))));
        assert!(is_failed::<&str>(&Err("403")));
    }
}
