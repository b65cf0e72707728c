//! The logs' read-only markup as HTML strings (see [`crate::html`]): the table of events
//! ([`table_html`]), one event's details ([`details_html`]) and the filters' fields
//! ([`fields_html`]). `src/components/logs.rs` sets them with `inner_html`; a row's "Details"
//! button carries `data-i` (its index) for the table's one delegated click handler.

use super::event::LogEvent;
use super::failure::{event_title, identity_of, label};
use super::filter::{ACTIONS, LogFilter, Period, STATUSES};
use crate::html::Html;
use syncdeck_i18n::{t, tf};

/// The table of `events` (newest first), times relative to `now` (Unix ms).
pub fn table_html(events: &[LogEvent], now: i64) -> String {
    let mut h = Html::new();
    h.open("table", &[("class", "sd-logs__table")])
        .open("thead", &[])
        .open("tr", &[]);
    for c in [
        t!("Time"),
        t!("Identity"),
        t!("Action"),
        t!("Status"),
        t!("Error code"),
    ] {
        h.element("th", &[("scope", "col")], c);
    }
    h.open("th", &[("scope", "col")])
        .element("span", &[("class", "sd-visually-hidden")], t!("Details"))
        .close("th")
        .close("tr")
        .close("thead")
        .open("tbody", &[]);
    for (i, e) in events.iter().enumerate() {
        let (name, id) = identity_of(e);
        let t = e.activity_date_time();
        h.open("tr", &[]).open("td", &[]).text(&t.display_utc());
        h.open("br", &[])
            .element("small", &[], &t.relative_to(now))
            .close("td");
        h.open("td", &[])
            .text(&name)
            .open("br", &[])
            .open("small", &[]);
        h.element("code", &[], &id).close("small").close("td");
        h.element("td", &[], &label(e.action().graph_name()));
        h.element("td", &[], &label(e.result().graph_name()));
        h.element("td", &[], e.error_code().unwrap_or_default());
        let (aria, i) = (tf!("Details: {name}", name = name), i.to_string());
        let attrs = [
            ("type", "button"),
            ("class", "sd-button"),
            ("aria-label", aria.as_str()),
            ("data-i", i.as_str()),
        ];
        h.open("td", &[])
            .element("button", &attrs, t!("Details"))
            .close("td")
            .close("tr");
    }
    h.close("tbody").close("table");
    h.into_string()
}

/// One event in full: its title (`id="sd-logs-event"`, the dialog's name), the steps in order,
/// the modified properties, source and target, the error, time, duration and ids.
pub fn details_html(e: &LogEvent) -> String {
    let mut h = Html::new();
    h.element("h2", &[("id", "sd-logs-event")], &event_title(e));
    h.element("h3", &[], t!("Steps"))
        .open("ol", &[("class", "sd-logs__steps")]);
    for s in e.provisioning_steps() {
        h.open("li", &[]).element("strong", &[], s.name);
        let kind = format!(
            " · {} · {}",
            label(s.provisioning_step_type),
            label(s.status)
        );
        h.text(&kind);
        if let Some(d) = s.description {
            h.open("br", &[]).text(d);
        }
        h.close("li");
    }
    h.close("ol");
    let modified = e.modified_properties();
    if !modified.is_empty() {
        h.element("h3", &[], t!("Modified properties"))
            .open("ul", &[]);
        for p in modified {
            let v = |v: Option<String>| v.unwrap_or_else(|| "—".into());
            let change = format!(": {} → {}", v(p.old_value), v(p.new_value));
            h.open("li", &[])
                .element("code", &[], p.display_name)
                .text(&change)
                .close("li");
        }
        h.close("ul");
    }
    let who = |i: super::Identity, sys: Option<&str>| {
        tf!(
            "{name} ({id}) in {system}",
            name = i.display_name.unwrap_or_default(),
            id = i.id.unwrap_or_default(),
            system = sys.unwrap_or_default()
        )
    };
    let items = [
        (
            t!("Source"),
            Some(who(e.source_identity(), e.source_system_name())),
        ),
        (
            t!("Target"),
            Some(who(e.target_identity(), e.target_system_name())),
        ),
        (t!("Error code"), e.error_code().map(str::to_owned)),
        (t!("Reason"), e.error_reason().map(str::to_owned)),
        (
            t!("Recommended action"),
            e.recommended_action().map(str::to_owned),
        ),
        (t!("Time"), Some(e.activity_date_time().display_utc())),
        (t!("Duration"), e.duration_text()),
        (t!("Cycle id"), Some(e.cycle_id().to_owned())),
        (t!("Change id"), Some(e.change_id().to_owned())),
    ];
    h.open("dl", &[("class", "sd-logs__facts")]);
    for (term, value) in items {
        if let Some(v) = value.filter(|v| !v.is_empty()) {
            h.element("dt", &[], term).element("dd", &[], &v);
        }
    }
    h.close("dl");
    h.into_string()
}

/// The filters' fields showing `f`: a `status` and an `action` checkbox group (values: Graph
/// names), the identity `q` and the `period` (values: [`Period::key`]); read back with
/// [`LogFilter::from_query`].
pub fn fields_html(f: &LogFilter) -> String {
    let mut h = Html::new();
    let group = |h: &mut Html, legend: &str, name: &'static str, values: &[(&str, bool)]| {
        h.open("fieldset", &[("class", "sd-logs__group")])
            .element("legend", &[], legend);
        for (v, on) in values {
            let mut attrs = vec![("type", "checkbox"), ("name", name), ("value", *v)];
            if *on {
                attrs.push(("checked", ""));
            }
            h.open("label", &[])
                .open("input", &attrs)
                .text(&label(v))
                .close("label");
        }
        h.close("fieldset");
    };
    let statuses: Vec<_> = STATUSES
        .iter()
        .map(|s| (s.graph_name(), f.statuses.contains(s)))
        .collect();
    group(&mut h, t!("Status"), "status", &statuses);
    let actions: Vec<_> = ACTIONS
        .iter()
        .map(|a| (a.graph_name(), f.actions.contains(a)))
        .collect();
    group(&mut h, t!("Action"), "action", &actions);
    h.open("div", &[("class", "sd-logs__field")])
        .element("label", &[("for", "sd-logs-q")], t!("Identity"))
        .open(
            "input",
            &[
                ("id", "sd-logs-q"),
                ("name", "q"),
                ("type", "text"),
                ("aria-describedby", "sd-logs-q-hint"),
                ("value", &f.identity),
            ],
        )
        .element(
            "small",
            &[("id", "sd-logs-q-hint")],
            t!("Source or target name, or id; case-sensitive"),
        )
        .close("div");
    h.open("div", &[("class", "sd-logs__field")])
        .element("label", &[("for", "sd-logs-period")], t!("Period"))
        .open("select", &[("id", "sd-logs-period"), ("name", "period")]);
    for p in Period::ALL {
        let mut attrs = vec![("value", p.key())];
        if p == f.period {
            attrs.push(("selected", ""));
        }
        h.element("option", &attrs, p.label());
    }
    h.close("select").close("div");
    h.into_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::enums::{ProvisioningAction, ProvisioningResult};

    fn event(json: &str) -> LogEvent {
        LogEvent(serde_json::from_str(json).unwrap())
    }

    const ADELE: &str = r#"{"activityDateTime":"2026-01-02T03:04:05Z","cycleId":"c1","changeId":"x1",
        "provisioningAction":"update","provisioningStatusInfo":{"status":"failure",
        "errorInformation":{"errorCode":"Dup<1>","reason":"It's taken","recommendedAction":"Fix"}},
        "durationInMilliseconds":3000,
        "sourceIdentity":{"id":"s1","displayName":"Adele <b>Vance</b>"},"targetIdentity":{"id":"t1"},
        "provisioningSteps":[{"name":"EntryImport","provisioningStepType":"import","status":"success"},
        {"name":"EntryExportUpdate","provisioningStepType":"export","status":"failure","description":"No & go"}],
        "modifiedProperties":[{"displayName":"mail","oldValue":null,"newValue":"a@b"}]}"#;

    #[test]
    fn rows_carry_their_index_and_escaped_words() {
        let h = table_html(&[event(ADELE), LogEvent::default()], 0);
        assert!(
            h.starts_with("<table class=\"sd-logs__table\"><thead><tr><th scope=\"col\">Time</th>")
        );
        assert_eq!(h.matches("<tr>").count(), 3);
        assert!(h.contains("<td>Adele &lt;b&gt;Vance&lt;/b&gt;<br><small><code>s1</code></small></td><td>Update</td><td>Failure</td><td>Dup&lt;1&gt;</td>"));
        assert!(h.contains(
            r#"aria-label="Details: Adele &lt;b&gt;Vance&lt;/b&gt;" data-i="0">Details</button>"#
        ));
        assert!(h.contains(r#"aria-label="Details: unknown" data-i="1">"#));
        assert!(!h.contains("<b>"));
        assert!(table_html(&[], 0).ends_with("<tbody></tbody></table>"));
    }

    #[test]
    fn details_name_the_dialog_and_list_the_steps_in_order() {
        let h = details_html(&event(ADELE));
        assert!(h.starts_with("<h2 id=\"sd-logs-event\">Provisioning event: Adele &lt;b&gt;Vance&lt;/b&gt;, update, failure</h2><h3>Steps</h3><ol class=\"sd-logs__steps\"><li><strong>EntryImport</strong> · Import · Success</li><li><strong>EntryExportUpdate</strong> · Export · Failure<br>No &amp; go</li></ol>"));
        assert!(
            h.contains("<h3>Modified properties</h3><ul><li><code>mail</code>: — → a@b</li></ul>")
        );
        assert!(h.contains("<dt>Error code</dt><dd>Dup&lt;1&gt;</dd><dt>Reason</dt><dd>It&#39;s taken</dd><dt>Recommended action</dt><dd>Fix</dd>"));
        assert!(h.contains("<dt>Cycle id</dt><dd>c1</dd><dt>Change id</dt><dd>x1</dd></dl>"));
        let bare = details_html(&LogEvent::default());
        assert!(!bare.contains("Modified properties") && !bare.contains("Error code"));
    }

    #[test]
    fn fields_show_the_filter_and_read_back_as_a_query() {
        let f = LogFilter {
            statuses: vec![ProvisioningResult::Failure],
            actions: vec![ProvisioningAction::Update],
            identity: "\"Ad\"".into(),
            period: Period::Day,
            ..LogFilter::for_job("j")
        };
        let h = fields_html(&f);
        assert!(h.contains(r#"<label><input type="checkbox" name="status" value="failure" checked="">Failure</label>"#));
        assert!(h.contains(
            r#"<label><input type="checkbox" name="status" value="success">Success</label>"#
        ));
        assert!(h.contains(r#"<legend>Action</legend>"#));
        assert!(h.contains(r#"name="action" value="update" checked="">Update</label>"#));
        assert!(h.contains(
            r#"name="q" type="text" aria-describedby="sd-logs-q-hint" value="&quot;Ad&quot;">"#
        ));
        assert!(h.contains(r#"<option value="24h" selected="">24 hours</option>"#));
        assert_eq!(h.matches("checked").count(), 2);
    }
}
