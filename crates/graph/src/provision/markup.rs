//! The dialog's read-only markup, written as HTML by [`crate::html::Html`] (see its note on
//! why): the users found, the rule options, and the result per subject as the portal shows it
//! (<https://learn.microsoft.com/en-us/entra/identity/app-provisioning/provision-on-demand>).

use std::fmt::Display;

use super::{DirectoryUser, OnDemandShown, SyncRule, status_label, step_failed, step_title};
use crate::html::Html;
use syncdeck_i18n::{t, tf};

/// A user looked up: what was typed, and found (`Some`), not found (`None`) or failed; `None`
/// while it is being looked up.
pub type Found<E> = (String, Option<Result<Option<DirectoryUser>, E>>);

/// The users looked up (those still being looked up left out): name, user principal name and
/// id, "Not found: …", or why the lookup failed; empty when there are none.
pub fn found_html<E: Display>(found: &[Found<E>]) -> String {
    let mut h = Html::new();
    h.open(
        "ul",
        &[
            ("class", "sd-pod__found"),
            ("aria-label", t!("Users found")),
        ],
    );
    let mut any = false;
    for (typed, answer) in found {
        let Some(answer) = answer else { continue };
        any = true;
        match answer {
            Ok(Some(u)) if u.user_principal_name.is_empty() => h.element("li", &[], &u.id),
            Ok(Some(u)) => h
                .open("li", &[])
                .text(&format!(
                    "{} · {} · ",
                    u.display_name, u.user_principal_name
                ))
                .element("code", &[], &u.id)
                .close("li"),
            Ok(None) => h.element(
                "li",
                &[("class", "sd-pod__missing")],
                &tf!("Not found: {typed}", typed = typed),
            ),
            Err(e) => h.element("li", &[], &format!("{typed}: {e}")),
        };
    }
    h.close("ul");
    if any { h.into_string() } else { String::new() }
}

/// The `<option>`s of the rules that can be used (value: the index in `rules`), the chosen one
/// `selected`.
pub fn rule_options_html(rules: &[SyncRule], chosen: Option<usize>) -> String {
    let mut h = Html::new();
    for (i, r) in rules.iter().enumerate().filter(|(_, r)| !r.id.is_empty()) {
        let value = i.to_string();
        if chosen == Some(i) {
            h.element("option", &[("value", &value), ("selected", "")], &r.label());
        } else {
            h.element("option", &[("value", &value)], &r.label());
        }
    }
    h.into_string()
}

/// One subject's result, under a heading with its `label`: waiting (`None`), why the request
/// failed, or the outcome (with the error code and message), the steps in order (each item
/// starting with the portal's step name, "Failed" in a failed step's text) and the modified
/// attributes (old → new).
pub fn result_html(
    label: &str,
    object_type: &str,
    answer: Option<Result<&OnDemandShown, String>>,
) -> Html {
    let mut h = Html::new();
    h.open(
        "section",
        &[("class", "sd-pod__result"), ("aria-label", label)],
    )
    .element("h3", &[], label);
    match answer {
        None => {
            h.element("p", &[], t!("Waiting…"));
        }
        Some(Err(e)) => {
            h.element("p", &[], &tf!("The request failed: {error}", error = e));
        }
        Some(Ok(r)) => {
            let details = [r.error_code.as_deref(), r.error_message.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(": ");
            h.open("p", &[]).element("strong", &[], &r.result.label());
            if !details.is_empty() {
                h.text(&format!(" — {details}"));
            }
            h.close("p").open("ol", &[("aria-label", t!("Steps"))]);
            for st in &r.steps {
                let class = if step_failed(&st.status) {
                    "sd-pod__failed"
                } else {
                    ""
                };
                let mut text = format!(
                    "{} ({}): {}",
                    step_title(&st.step_type, object_type),
                    st.name,
                    status_label(&st.status)
                );
                if let Some(d) = &st.description {
                    text.push_str(". ");
                    text.push_str(d);
                }
                h.element("li", &[("class", class)], &text);
            }
            h.close("ol");
            if !r.modified.is_empty() {
                h.open("ul", &[("aria-label", t!("Modified attributes"))]);
                for p in &r.modified {
                    let v = |v: &Option<String>| v.clone().unwrap_or_else(|| t!("(none)").into());
                    h.element(
                        "li",
                        &[],
                        &format!(
                            "{}: {} → {}",
                            p.display_name,
                            v(&p.old_value),
                            v(&p.new_value)
                        ),
                    );
                }
                h.close("ul");
            }
        }
    }
    h.close("section");
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provision::docs;
    use crate::provision::{parse_schema_rules, read_on_demand};

    fn user(id: &str, name: &str, upn: &str) -> DirectoryUser {
        DirectoryUser {
            id: id.into(),
            display_name: name.into(),
            user_principal_name: upn.into(),
        }
    }

    #[test]
    fn the_users_found_are_listed_escaped_and_pending_ones_left_out() {
        let found: Vec<Found<&str>> = vec![
            (
                "a@b.c".into(),
                Some(Ok(Some(user("u1", "Adele <V>", "a@b.c")))),
            ),
            ("CN=x".into(), Some(Ok(Some(user("CN=x", "", ""))))),
            ("nobody".into(), Some(Ok(None))),
            ("x".into(), Some(Err("403 Forbidden"))),
            ("later".into(), None),
        ];
        assert_eq!(
            found_html(&found),
            "<ul class=\"sd-pod__found\" aria-label=\"Users found\">\
             <li>Adele &lt;V&gt; · a@b.c · <code>u1</code></li>\
             <li>CN=x</li>\
             <li class=\"sd-pod__missing\">Not found: nobody</li>\
             <li>x: 403 Forbidden</li></ul>"
        );
        assert_eq!(found_html::<&str>(&[("later".into(), None)]), "");
        assert_eq!(found_html::<&str>(&[]), "");
    }

    #[test]
    fn rule_options_are_the_usable_rules_with_the_chosen_one_selected() {
        let rules = parse_schema_rules(
            r#"{"synchronizationRules":[{"id":"r1","name":"USER_TO_USER","sourceDirectoryName":"A","targetDirectoryName":"B"},{"name":"no id"},{"id":"r3","name":"G<"}]}"#,
        )
        .unwrap();
        assert_eq!(
            rule_options_html(&rules, Some(2)),
            "<option value=\"0\">USER_TO_USER: A → B</option>\
             <option value=\"2\" selected=\"\">G&lt;:  → </option>"
        );
        assert_eq!(rule_options_html(&[], None), "");
    }

    #[test]
    fn the_docs_answer_reads_step_by_step_with_its_changes() {
        let body =
            docs("v1.0--synchronization-synchronizationjob-provisionondemand--1-response.json");
        let shown = read_on_demand(&body).unwrap();
        let html = result_html("adele@contoso.com", "User", Some(Ok(&shown))).into_string();
        assert!(html.starts_with(
            "<section class=\"sd-pod__result\" aria-label=\"adele@contoso.com\"><h3>adele@contoso.com</h3><p><strong>Skipped</strong> — RedundantExport"
        ), "{html}");
        let items: Vec<&str> = html
            .split("<ol aria-label=\"Steps\">")
            .nth(1)
            .unwrap()
            .split("</ol>")
            .next()
            .unwrap()
            .split("<li class=\"\">")
            .skip(1)
            .collect();
        assert_eq!(items.len(), 4);
        assert!(items[0].starts_with("Import user (EntryImport): Succeeded"));
        assert!(items[3].starts_with("Perform action (EntrySynchronizationSkip): Skipped"));
        assert!(html.contains("<ul aria-label=\"Modified attributes\"><li>"));
        assert!(html.contains(" → "));
        assert!(!html.contains("sd-pod__failed"));
    }

    #[test]
    fn a_failed_step_says_failed_and_waiting_and_failed_requests_say_so() {
        let body = serde_json::json!({
            "key": r#"{"result":"Failure","details":{"errorMessage":"<b>no</b>"}}"#,
            "value": r#"{"statusInfo":{"errorCode":"SchemaAttributeNotFound"},"provisioningSteps":[{"name":"EntryExportAdd","type":"Export","status":"Failure","description":"x"}],"modifiedProperties":[{"displayName":"mail","oldValue":null,"newValue":3}]}"#,
        })
        .to_string();
        let shown = read_on_demand(&body).unwrap();
        let html = result_html("Sales", "Group", Some(Ok(&shown))).into_string();
        assert!(html.contains(
            "<p><strong>Failed</strong> — SchemaAttributeNotFound: &lt;b&gt;no&lt;/b&gt;</p>"
        ));
        assert!(html.contains(
            "<li class=\"sd-pod__failed\">Perform action (EntryExportAdd): Failed. x</li>"
        ));
        assert!(html.contains("<li>mail: (none) → 3</li>"));
        let waiting = result_html("a", "User", None).into_string();
        assert!(waiting.contains("<p>Waiting…</p>"));
        let failed = result_html("a", "User", Some(Err("403".into()))).into_string();
        assert!(failed.contains("<p>The request failed: 403</p>"));
        assert!(!failed.contains("<ol"));
    }
}
