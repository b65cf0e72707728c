//! A job's synchronization schema (`GET …/jobs/{jobId}/schema`) as the mappings page shows it: the
//! rules, their object mappings (with the scoping filter) and attribute mappings; a text filter;
//! the difference a restore would make; and the checks a backup file passes before
//! `PUT …/jobs/{jobId}/schema`, which replaces the whole schema
//! (<https://learn.microsoft.com/graph/api/synchronization-synchronizationschema-update?view=graph-rest-1.0>,
//! <https://learn.microsoft.com/entra/identity/app-provisioning/export-import-provisioning-configuration>).
//!
//! The document is kept as a `serde_json::Value` (what is sent back is the file itself, unknown
//! members included) and read leniently: Microsoft's own example has `{}` items
//! (`tests/fixtures/graph-docs/v1.0--synchronization-synchronizationschema-get--1-response.json`),
//! which read as empty names. As in `crate::model::json`, no `Deserialize` is derived (wasm size).

use std::collections::BTreeSet;

use serde_json::Value;
use syncdeck_i18n::{Num, t, tf, tn};

/// The schema as the page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SchemaView {
    /// `synchronizationRules`, in order.
    pub rules: Vec<RuleView>,
}

/// A `synchronizationRule`: which directory flows to which.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RuleView {
    /// `id` (the `ruleId` of provision on demand).
    pub id: String,
    /// `name`, e.g. `USER_TO_USER`.
    pub name: String,
    /// `sourceDirectoryName`.
    pub source_directory: String,
    /// `targetDirectoryName`.
    pub target_directory: String,
    /// `objectMappings`, in order.
    pub objects: Vec<ObjectView>,
}

/// An `objectMapping`: which objects flow, when, and which of them (the scope).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ObjectView {
    /// `name`, e.g. "Provision Microsoft Entra ID Users".
    pub name: String,
    /// `sourceObjectName`.
    pub source: String,
    /// `targetObjectName`.
    pub target: String,
    /// `enabled`.
    pub enabled: bool,
    /// `flowTypes`, e.g. "Add, Update, Delete" (the target object actions).
    pub flow_types: String,
    /// The scoping filter, one line per filter group: `"Enabled accounts: accountEnabled IS_TRUE"`.
    /// A group's clauses are joined with " AND ", each with its values after the operator
    /// (`department EQUALS "Sales"`); an object is in scope when any group matches (the groups
    /// are ORed: <https://learn.microsoft.com/entra/identity/app-provisioning/define-conditional-rules-for-provisioning-user-accounts>).
    /// Input and category filter groups, rarely used, follow with that prefix. Empty: no filter.
    pub scope: Vec<String>,
    /// `attributeMappings`, in order.
    pub attributes: Vec<AttributeView>,
}

/// An `attributeMapping`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AttributeView {
    /// The source: the attribute's name for a direct mapping, else the expression (a function,
    /// a constant such as `"Employee"`).
    pub source: String,
    /// `targetAttributeName`.
    pub target: String,
    /// `matchingPriority`: 0 when the attribute is not used for matching, else its precedence.
    pub matching: u32,
    /// `flowType`: when the value is applied (`Always`, `ObjectAddOnly`, …).
    pub apply: String,
    /// `defaultValue` (`""` when none).
    pub default_value: String,
}

/// A member as text: a string as is, a number or boolean written out, anything else `""`.
fn text(v: &Value, key: &str) -> String {
    match v.get(key) {
        Some(Value::String(s)) => s.clone(),
        Some(n @ (Value::Number(_) | Value::Bool(_))) => n.to_string(),
        _ => String::new(),
    }
}

/// An array member's items; absent, `null` or not an array reads as none.
fn items<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v.get(key)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

/// Reads a schema document. Err(sentence) when `body` is not JSON or not a schema (no
/// `synchronizationRules` or `directories` array; a rule, object mapping or attribute mapping
/// that is not an object): "This file is not a synchronization schema: …".
pub fn parse(body: &str) -> Result<(Value, SchemaView), String> {
    let not = |why: String| {
        tf!(
            "This file is not a synchronization schema: {why}.",
            why = why
        )
    };
    let doc: Value =
        serde_json::from_str(body).map_err(|e| not(tf!("it is not JSON ({error})", error = e)))?;
    if !doc.is_object() {
        return Err(not(t!("it is not a JSON object").into()));
    }
    for key in ["synchronizationRules", "directories"] {
        if !doc.get(key).is_some_and(Value::is_array) {
            return Err(not(tf!("it has no \"{key}\" list", key = key)));
        }
    }
    let mut rules = Vec::new();
    for (r, rule) in items(&doc, "synchronizationRules").iter().enumerate() {
        if !rule.is_object() {
            return Err(not(tf!(
                "rule {n} is not an object",
                n = Num((r + 1) as f64)
            )));
        }
        let mut objects = Vec::new();
        for (o, om) in items(rule, "objectMappings").iter().enumerate() {
            let at = || {
                tf!(
                    "object mapping {n} of rule {rule}",
                    n = Num((o + 1) as f64),
                    rule = Num((r + 1) as f64)
                )
            };
            if !om.is_object() {
                return Err(not(tf!("{what} is not an object", what = at())));
            }
            let mut attributes = Vec::new();
            for (a, am) in items(om, "attributeMappings").iter().enumerate() {
                if !am.is_object() {
                    return Err(not(tf!(
                        "attribute mapping {n} of {what} is not an object",
                        n = Num((a + 1) as f64),
                        what = at()
                    )));
                }
                attributes.push(attribute(am));
            }
            objects.push(ObjectView {
                name: text(om, "name"),
                source: text(om, "sourceObjectName"),
                target: text(om, "targetObjectName"),
                enabled: text(om, "enabled").eq_ignore_ascii_case("true"),
                flow_types: text(om, "flowTypes"),
                scope: om.get("scope").map(scope).unwrap_or_default(),
                attributes,
            });
        }
        rules.push(RuleView {
            id: text(rule, "id"),
            name: text(rule, "name"),
            source_directory: text(rule, "sourceDirectoryName"),
            target_directory: text(rule, "targetDirectoryName"),
            objects,
        });
    }
    Ok((doc, SchemaView { rules }))
}

fn attribute(am: &Value) -> AttributeView {
    let src = am.get("source").unwrap_or(&Value::Null);
    let (expression, name) = (text(src, "expression"), text(src, "name"));
    let direct = text(src, "type").eq_ignore_ascii_case("Attribute") && !name.is_empty();
    AttributeView {
        source: if direct || expression.is_empty() {
            name
        } else {
            expression
        },
        target: text(am, "targetAttributeName"),
        matching: match am.get("matchingPriority") {
            Some(Value::Number(n)) => n
                .as_u64()
                .map_or(0, |n| u32::try_from(n).unwrap_or(u32::MAX)),
            Some(Value::String(s)) => s.trim().parse().unwrap_or(0),
            _ => 0,
        },
        apply: text(am, "flowType"),
        default_value: text(am, "defaultValue"),
    }
}

/// The lines of a `filter` (see [`ObjectView::scope`]).
fn scope(filter: &Value) -> Vec<String> {
    let mut lines = Vec::new();
    for (key, kind) in [
        ("groups", ""),
        ("inputFilterGroups", t!("Input filter")),
        ("categoryFilterGroups", t!("Category filter")),
    ] {
        for group in items(filter, key) {
            let clauses: Vec<String> = items(group, "clauses")
                .iter()
                .map(|c| {
                    let mut s = format!(
                        "{} {}",
                        text(c, "sourceOperandName"),
                        text(c, "operatorName")
                    );
                    let values = c
                        .get("targetOperand")
                        .map_or(&[][..], |t| items(t, "values"));
                    for (i, v) in values.iter().enumerate() {
                        let v = v
                            .as_str()
                            .map_or_else(|| v.to_string(), |s| format!("\"{s}\""));
                        s.push_str(if i == 0 { " " } else { ", " });
                        s.push_str(&v);
                    }
                    s
                })
                .collect();
            let name = text(group, "name");
            let head: Vec<&str> = [kind, name.as_str()]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect();
            let (head, body) = (head.join(" "), clauses.join(" AND "));
            lines.push(match (head.is_empty(), body.is_empty()) {
                (true, _) => body,
                (false, true) => head,
                (false, false) => format!("{head}: {body}"),
            });
        }
    }
    lines
}

impl SchemaView {
    /// Only what matches `query` (case-insensitive): an object mapping whose name, source or
    /// target object or scope text matches is kept whole; otherwise only its attribute mappings
    /// whose source or target matches are kept, and it is dropped when none does; a rule left
    /// with no object mapping is dropped. An empty (or blank) query keeps everything.
    pub fn filtered(&self, query: &str) -> SchemaView {
        let q = query.trim().to_lowercase();
        if q.is_empty() {
            return self.clone();
        }
        let has = |s: &String| s.to_lowercase().contains(&q);
        let object = |o: &ObjectView| {
            if [&o.name, &o.source, &o.target]
                .into_iter()
                .chain(&o.scope)
                .any(has)
            {
                return Some(o.clone());
            }
            let attributes: Vec<AttributeView> = o
                .attributes
                .iter()
                .filter(|a| has(&a.source) || has(&a.target))
                .cloned()
                .collect();
            (!attributes.is_empty()).then(|| ObjectView {
                attributes,
                ..o.clone()
            })
        };
        let rules = self.rules.iter().filter_map(|r| {
            let objects: Vec<ObjectView> = r.objects.iter().filter_map(object).collect();
            (!objects.is_empty()).then(|| RuleView {
                objects,
                ..r.clone()
            })
        });
        SchemaView {
            rules: rules.collect(),
        }
    }

    /// The number of attribute mappings.
    pub fn attribute_count(&self) -> usize {
        self.rules
            .iter()
            .flat_map(|r| &r.objects)
            .map(|o| o.attributes.len())
            .sum()
    }
}

/// What a [`Change`] does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    /// In the backup, not in the current schema: restoring adds it.
    Added,
    /// In the current schema, not in the backup: restoring removes it.
    Removed,
    /// In both, with different settings.
    Changed,
}

/// One difference between the current schema and a backup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Added, removed or changed.
    pub kind: ChangeKind,
    /// `"Object mapping User → User"` or `"User → User: mail → emails[type eq \"work\"].value"`
    /// (the source as the current schema has it, when it has one); prefixed with the rule name
    /// when a schema has several rules.
    pub what: String,
    /// For a change: `"matching priority 0 → 1; apply Always → ObjectAddOnly"`; for an object
    /// mapping added or removed, its number of attribute mappings; for an attribute mapping, its
    /// settings.
    pub detail: String,
}

/// `"label a → b"` into `out` when `a != b` (`""` shows as "(none)").
fn step(out: &mut Vec<String>, label: &str, a: &str, b: &str) {
    let show = |s: &str| {
        if s.is_empty() {
            t!("(none)").to_owned()
        } else {
            s.to_owned()
        }
    };
    if a != b {
        out.push(tf!(
            "{setting} {old} → {new}",
            setting = label,
            old = show(a),
            new = show(b)
        ));
    }
}

/// An attribute mapping's settings: "apply Always; matching priority 1; default value x".
fn describe(a: &AttributeView) -> String {
    let mut d = Vec::new();
    if !a.apply.is_empty() {
        d.push(tf!("apply {value}", value = a.apply));
    }
    if a.matching > 0 {
        d.push(tf!("matching priority {value}", value = a.matching));
    }
    if !a.default_value.is_empty() {
        d.push(tf!("default value {value}", value = a.default_value));
    }
    d.join("; ")
}

/// Pairs each item of `a` with the first unused item of `b` that has the same key: the pairs,
/// then `b`'s items left over.
fn pair<T: Copy, K: PartialEq>(
    a: &[T],
    b: &[T],
    key: impl Fn(T) -> K,
) -> (Vec<(T, Option<T>)>, Vec<T>) {
    let mut used = vec![false; b.len()];
    let mut pairs = Vec::with_capacity(a.len());
    for &x in a {
        let i = (0..b.len()).find(|&i| !used[i] && key(b[i]) == key(x));
        if let Some(i) = i {
            used[i] = true;
        }
        pairs.push((x, i.map(|i| b[i])));
    }
    let rest = b
        .iter()
        .zip(used)
        .filter(|(_, u)| !u)
        .map(|(x, _)| *x)
        .collect();
    (pairs, rest)
}

/// Every object mapping with its rule's name.
fn objects(s: &SchemaView) -> Vec<(&str, &ObjectView)> {
    let mut out = Vec::new();
    for r in &s.rules {
        out.extend(r.objects.iter().map(|o| (r.name.as_str(), o)));
    }
    out
}

/// What restoring `backup` over `current` changes: object mappings (keyed by rule name and source
/// → target object) and attribute mappings (keyed by that and the target attribute) added,
/// removed or changed (an object mapping's enabled, flow types and scope; an attribute mapping's
/// source, matching priority, apply and default value). Empty when they are the same.
pub fn diff(current: &SchemaView, backup: &SchemaView) -> Vec<Change> {
    let several = current.rules.len() > 1 || backup.rules.len() > 1;
    let label = |(rule, o): (&str, &ObjectView)| {
        let rule = if several {
            format!("{rule}: ")
        } else {
            String::new()
        };
        format!("{rule}{} → {}", o.source, o.target)
    };
    let change = |kind, what: String, detail: String| Change { kind, what, detail };
    let count = |o: &ObjectView| {
        tn!(
            "{n} attribute mapping",
            "{n} attribute mappings",
            o.attributes.len()
        )
    };
    let (pairs, added) = pair(&objects(current), &objects(backup), |(r, o)| {
        (r, &o.source, &o.target)
    });
    let mut out = Vec::new();
    for (c, b) in pairs {
        let Some(b) = b else {
            out.push(change(
                ChangeKind::Removed,
                tf!("Object mapping {mapping}", mapping = label(c)),
                count(c.1),
            ));
            continue;
        };
        let (co, bo) = (c.1, b.1);
        let mut d = Vec::new();
        let yes = |on: bool| if on { t!("yes") } else { t!("no") };
        step(&mut d, t!("enabled"), yes(co.enabled), yes(bo.enabled));
        step(&mut d, t!("flow types"), &co.flow_types, &bo.flow_types);
        step(
            &mut d,
            t!("scope"),
            &co.scope.join(" OR "),
            &bo.scope.join(" OR "),
        );
        if !d.is_empty() {
            out.push(change(
                ChangeKind::Changed,
                tf!("Object mapping {mapping}", mapping = label(c)),
                d.join("; "),
            ));
        }
        let what = |a: &AttributeView| format!("{}: {} → {}", label(c), a.source, a.target);
        let (ca, ba): (Vec<_>, Vec<_>) = (
            co.attributes.iter().collect(),
            bo.attributes.iter().collect(),
        );
        let (pairs, added) = pair(&ca, &ba, |a| &a.target);
        for (x, y) in pairs {
            let Some(y) = y else {
                out.push(change(ChangeKind::Removed, what(x), describe(x)));
                continue;
            };
            let mut d = Vec::new();
            step(&mut d, t!("source"), &x.source, &y.source);
            step(
                &mut d,
                t!("matching priority"),
                &x.matching.to_string(),
                &y.matching.to_string(),
            );
            step(&mut d, t!("apply"), &x.apply, &y.apply);
            step(
                &mut d,
                t!("default value"),
                &x.default_value,
                &y.default_value,
            );
            if !d.is_empty() {
                out.push(change(ChangeKind::Changed, what(x), d.join("; ")));
            }
        }
        out.extend(
            added
                .into_iter()
                .map(|y| change(ChangeKind::Added, what(y), describe(y))),
        );
    }
    let added = added.into_iter().map(|b| {
        change(
            ChangeKind::Added,
            tf!("Object mapping {mapping}", mapping = label(b)),
            count(b.1),
        )
    });
    out.extend(added);
    out
}

/// The distinct rule names, in order (`(unnamed)` for an empty one).
fn rule_names(s: &SchemaView) -> Vec<&str> {
    let mut names: Vec<&str> = Vec::new();
    for r in &s.rules {
        let name = if r.name.is_empty() {
            t!("(unnamed)")
        } else {
            r.name.as_str()
        };
        if !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

/// The template named by an `@odata.context` such as
/// `…#servicePrincipals('…')/synchronization/jobs('scim.8f1c….a1b2…')/schema/$entity`: a job id's
/// text before its first `.` (or the id of `templates('…')`).
fn context_template(context: &str) -> Option<&str> {
    ["jobs('", "templates('"].into_iter().find_map(|open| {
        let id = context.split_once(open)?.1.split_once('\'')?.0;
        id.split('.').next()
    })
}

/// Checks a backup file against the job before it replaces the job's schema. Ok(the schema to
/// `PUT`: the file's object without its members whose name starts with `@odata.`; every other
/// member kept) or Err(the reason): not JSON or not a schema ([`parse`]'s sentence); a schema of
/// another template, that is when its `@odata.context` names a job (or template) whose template
/// differs from `template_id` (ignoring ASCII case), or when its set of rule names differs from
/// `current`'s.
pub fn check_backup(
    current: &SchemaView,
    template_id: &str,
    backup_body: &str,
) -> Result<Value, String> {
    let (doc, backup) = parse(backup_body)?;
    let Value::Object(mut members) = doc else {
        return Err(tf!(
            "This file is not a synchronization schema: {why}.",
            why = t!("it is not a JSON object")
        ));
    };
    let context = members.get("@odata.context").and_then(Value::as_str);
    if let Some(t) = context.and_then(context_template)
        && !t.eq_ignore_ascii_case(template_id.trim())
    {
        return Err(tf!(
            "This schema is of another template ({theirs}); this job's template is {mine}.",
            theirs = t,
            mine = template_id
        ));
    }
    let (mine, theirs) = (rule_names(current), rule_names(&backup));
    if mine.iter().collect::<BTreeSet<_>>() != theirs.iter().collect::<BTreeSet<_>>() {
        return Err(tf!(
            "This schema is of another template (rules {theirs}); this job's rules are {mine}.",
            theirs = theirs.join(", "),
            mine = mine.join(", ")
        ));
    }
    members.retain(|k, _| !k.starts_with("@odata."));
    Ok(Value::Object(members))
}

/// The file name of a schema backup of a job made from `template_id`, saved at `now_ms`:
/// `<template>-schema-<UTC date>.json`, the template's characters other than letters, digits,
/// `-` and `.` replaced by `_` (e.g. `scim-schema-2026-12-05.json`).
pub fn backup_file_name(template_id: &str, now_ms: i64) -> String {
    let stamp = crate::time::format_rfc3339_millis(now_ms);
    let date = stamp.split_once('T').map_or(stamp.as_str(), |(d, _)| d);
    let template: String = template_id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '.' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("{template}-schema-{date}.json")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A schema as Graph sends it for a SCIM app (shape of Microsoft's documented types; the
    /// values are made up).
    const SAMPLE: &str = r##"{
      "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#servicePrincipals('0d9a')/synchronization/jobs('scim.8f1c2d3e4f5a4b6c9d8e.a1b2c3d4e5f6')/schema/$entity",
      "id": "scim",
      "version": "Date:2025-02-13T10:17:06Z~User:admin@contoso.example",
      "directories": [{"name": "Azure Active Directory", "objects": []}, {"name": "customappsso", "objects": []}],
      "synchronizationRules": [{
        "id": "6c409270-f78a-4bc6-af23-7cf3ab6482fe",
        "name": "USER_TO_USER",
        "sourceDirectoryName": "Azure Active Directory",
        "targetDirectoryName": "customappsso",
        "editable": true,
        "objectMappings": [{
          "name": "Provision Microsoft Entra ID Users",
          "enabled": true,
          "flowTypes": "Add, Update, Delete",
          "sourceObjectName": "User",
          "targetObjectName": "User",
          "scope": {
            "categoryFilterGroups": [],
            "groups": [
              {"name": "Enabled accounts", "clauses": [{"operatorName": "IS_TRUE", "sourceOperandName": "accountEnabled", "targetOperand": null}]},
              {"name": "Sales", "clauses": [
                {"operatorName": "EQUALS", "sourceOperandName": "department", "targetOperand": {"values": ["Sales"]}},
                {"operatorName": "NOT_EQUALS", "sourceOperandName": "country", "targetOperand": {"values": ["FR", "DE"]}}]}
            ],
            "inputFilterGroups": []
          },
          "attributeMappings": [
            {"defaultValue": "", "exportMissingReferences": false, "flowBehavior": "FlowWhenChanged", "flowType": "Always", "matchingPriority": 1,
             "source": {"expression": "[userPrincipalName]", "name": "userPrincipalName", "parameters": [], "type": "Attribute"}, "targetAttributeName": "userName"},
            {"defaultValue": null, "flowType": "Always", "matchingPriority": 0,
             "source": {"expression": "Not([IsSoftDeleted])", "name": "Not", "parameters": [], "type": "Function"}, "targetAttributeName": "active"},
            {"flowType": "Always", "matchingPriority": 0,
             "source": {"expression": "[mail]", "name": "mail", "type": "Attribute"}, "targetAttributeName": "emails[type eq \"work\"].value"},
            {"defaultValue": "Staff", "flowType": "ObjectAddOnly", "matchingPriority": 0,
             "source": {"expression": "\"Employee\"", "name": "\"Employee\"", "type": "Constant"}, "targetAttributeName": "title"}
          ]
        }, {
          "name": "Provision Microsoft Entra ID Groups",
          "enabled": false,
          "flowTypes": "Add, Update, Delete",
          "sourceObjectName": "Group",
          "targetObjectName": "Group",
          "scope": null,
          "attributeMappings": [
            {"flowType": "Always", "matchingPriority": 1, "source": {"expression": "[displayName]", "name": "displayName", "type": "Attribute"}, "targetAttributeName": "displayName"},
            {"flowType": "Always", "matchingPriority": 0, "source": {"expression": "[members]", "name": "members", "type": "Attribute"}, "targetAttributeName": "members"}
          ]
        }]
      }]
    }"##;

    fn sample() -> SchemaView {
        parse(SAMPLE).unwrap().1
    }

    /// The sample with `edit` applied to its JSON, and its view.
    fn edited(edit: impl FnOnce(&mut Value)) -> (String, SchemaView) {
        let mut doc: Value = serde_json::from_str(SAMPLE).unwrap();
        edit(&mut doc);
        let text = doc.to_string();
        let view = parse(&text).unwrap().1;
        (text, view)
    }

    fn user_mapping(doc: &mut Value) -> &mut Value {
        &mut doc["synchronizationRules"][0]["objectMappings"][0]
    }

    #[test]
    fn microsofts_examples_parse_with_their_empty_objects() {
        for body in [
            include_str!(
                "../tests/fixtures/graph-docs/v1.0--synchronization-synchronizationschema-get--1-response.json"
            ),
            include_str!(
                "../tests/fixtures/graph-docs/beta--synchronization-synchronizationschema-get--1-response.json"
            ),
        ] {
            let (doc, view) = parse(body).unwrap();
            assert_eq!(doc["directories"][1]["name"], "Salesforce");
            assert_eq!(view.rules.len(), 2);
            let rule = &view.rules[0];
            assert_eq!(
                (
                    rule.name.as_str(),
                    rule.source_directory.as_str(),
                    rule.target_directory.as_str()
                ),
                ("USER_TO_USER", "Azure Active Directory", "Salesforce")
            );
            assert_eq!(view.rules[1], RuleView::default(), "the {{}} rule");
            assert_eq!(rule.objects.len(), 2);
            assert_eq!(
                rule.objects[1],
                ObjectView::default(),
                "the {{}} object mapping"
            );
            let users = &rule.objects[0];
            assert_eq!(
                (users.source.as_str(), users.target.as_str(), users.enabled),
                ("User", "User", false)
            );
            assert!(users.scope.is_empty());
            let expected = AttributeView {
                target: "userName".into(),
                ..AttributeView::default()
            };
            assert_eq!(users.attributes, [expected, AttributeView::default()]);
            assert_eq!(view.attribute_count(), 2);
        }
    }

    #[test]
    fn what_is_not_a_schema_is_refused() {
        let fixtures = [
            // The representation has no directories; the update examples are not valid JSON.
            (
                include_str!(
                    "../tests/fixtures/graph-docs/v1.0--synchronization-synchronizationschema--1-representation.json"
                ),
                "no \"directories\" list",
            ),
            (
                include_str!(
                    "../tests/fixtures/graph-docs/v1.0--synchronization-synchronizationschema-update--1-request.json"
                ),
                "not JSON",
            ),
        ];
        let cases = [
            ("", "not JSON"),
            ("[]", "not a JSON object"),
            (r#"{"directories": []}"#, "no \"synchronizationRules\" list"),
            (
                r#"{"synchronizationRules": [], "directories": {}}"#,
                "no \"directories\" list",
            ),
            (
                r#"{"synchronizationRules": {}, "directories": []}"#,
                "no \"synchronizationRules\" list",
            ),
            (
                r#"{"synchronizationRules": [{}, "USER"], "directories": []}"#,
                "rule 2 is not an object",
            ),
            (
                r#"{"synchronizationRules": [{"objectMappings": [7]}], "directories": []}"#,
                "object mapping 1 of rule 1 is not an object",
            ),
            (
                r#"{"synchronizationRules": [{"objectMappings": [{"attributeMappings": [{}, null]}]}], "directories": []}"#,
                "attribute mapping 2 of object mapping 1 of rule 1 is not an object",
            ),
        ];
        for (body, says) in fixtures.into_iter().chain(cases) {
            let err = parse(body).unwrap_err();
            assert!(
                err.starts_with("This file is not a synchronization schema: ")
                    && err.contains(says),
                "{err}"
            );
        }
        let (_, view) = parse(r#"{"synchronizationRules": [], "directories": []}"#).unwrap();
        assert_eq!(view, SchemaView::default());
    }

    #[test]
    fn the_view_reads_sources_scopes_and_settings() {
        let view = sample();
        let rule = &view.rules[0];
        assert_eq!(rule.id, "6c409270-f78a-4bc6-af23-7cf3ab6482fe");
        let (users, groups) = (&rule.objects[0], &rule.objects[1]);
        assert_eq!(users.name, "Provision Microsoft Entra ID Users");
        assert!(users.enabled && !groups.enabled);
        assert_eq!(users.flow_types, "Add, Update, Delete");
        assert_eq!(
            users.scope,
            [
                "Enabled accounts: accountEnabled IS_TRUE",
                r#"Sales: department EQUALS "Sales" AND country NOT_EQUALS "FR", "DE""#
            ]
        );
        assert!(groups.scope.is_empty());
        let row = |a: &AttributeView| {
            (
                a.source.clone(),
                a.target.clone(),
                a.matching,
                a.apply.clone(),
                a.default_value.clone(),
            )
        };
        let rows: Vec<_> = users.attributes.iter().map(row).collect();
        let expected = [
            ("userPrincipalName", "userName", 1, "Always", ""),
            ("Not([IsSoftDeleted])", "active", 0, "Always", ""),
            ("mail", "emails[type eq \"work\"].value", 0, "Always", ""),
            ("\"Employee\"", "title", 0, "ObjectAddOnly", "Staff"),
        ];
        let expected: Vec<_> = expected
            .iter()
            .map(|(s, t, m, a, d)| {
                (
                    s.to_string(),
                    t.to_string(),
                    *m,
                    a.to_string(),
                    d.to_string(),
                )
            })
            .collect();
        assert_eq!(rows, expected);
        assert_eq!(view.attribute_count(), 6);
        // Input and category filter groups, unnamed groups, non-string values, lenient numbers.
        let (_, v) = edited(|doc| {
            user_mapping(doc)["scope"] = serde_json::json!({"groups": [{"clauses": [{"operatorName": "GREATER_THAN", "sourceOperandName": "extensionAttribute1", "targetOperand": {"values": [5]}}]}],
                "inputFilterGroups": [{"name": "HR", "clauses": []}], "categoryFilterGroups": [{"clauses": [{"operatorName": "IS_NOT_NULL", "sourceOperandName": "mail"}]}]});
            user_mapping(doc)["attributeMappings"][0]["matchingPriority"] = "2".into();
            user_mapping(doc)["enabled"] = "True".into();
        });
        let o = &v.rules[0].objects[0];
        assert_eq!(
            o.scope,
            [
                "extensionAttribute1 GREATER_THAN 5",
                "Input filter HR",
                "Category filter: mail IS_NOT_NULL"
            ]
        );
        assert_eq!(o.attributes[0].matching, 2);
        assert!(o.enabled);
    }

    #[test]
    fn filtering() {
        let view = sample();
        assert_eq!(view.filtered(""), view);
        assert_eq!(view.filtered("  "), view);
        let only = |q: &str| {
            let f = view.filtered(q);
            let objects: Vec<(String, Vec<String>)> = f
                .rules
                .iter()
                .flat_map(|r| &r.objects)
                .map(|o| {
                    (
                        o.source.clone(),
                        o.attributes.iter().map(|a| a.target.clone()).collect(),
                    )
                })
                .collect();
            (objects, f.attribute_count())
        };
        let users_all = [
            "userName",
            "active",
            "emails[type eq \"work\"].value",
            "title",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(
            only("MAIL"),
            (
                vec![("User".into(), vec!["emails[type eq \"work\"].value".into()])],
                1
            )
        );
        assert_eq!(
            only("isSoftDeleted"),
            (vec![("User".into(), vec!["active".into()])], 1)
        );
        assert_eq!(
            only("group"),
            (
                vec![("Group".into(), vec!["displayName".into(), "members".into()])],
                2
            )
        );
        assert_eq!(
            only("sales"),
            (vec![("User".into(), users_all.clone())], 4),
            "a scope match keeps the object mapping"
        );
        assert_eq!(
            only("entra id users"),
            (vec![("User".into(), users_all)], 4),
            "so does its name"
        );
        assert_eq!(
            only("name"),
            (
                vec![
                    ("User".into(), vec!["userName".into()]),
                    ("Group".into(), vec!["displayName".into()])
                ],
                2
            )
        );
        assert_eq!(view.filtered("no such thing"), SchemaView::default());
        assert_eq!(view.filtered("mail").rules[0].name, "USER_TO_USER");
    }

    #[test]
    fn identical_schemas_have_no_difference() {
        assert!(diff(&sample(), &sample()).is_empty());
        let (_, flow_behavior) = edited(|doc| {
            user_mapping(doc)["attributeMappings"][0]["flowBehavior"] = "FlowAlways".into();
        });
        assert!(
            diff(&sample(), &flow_behavior).is_empty(),
            "only what the page shows is compared"
        );
    }

    #[test]
    fn differences_at_both_levels() {
        let (_, backup) = edited(|doc| {
            let u = user_mapping(doc);
            u["attributeMappings"][2]["matchingPriority"] = 1.into();
            u["attributeMappings"][2]["flowType"] = "ObjectAddOnly".into();
            u["attributeMappings"][3]["defaultValue"] = Value::Null;
            u["attributeMappings"].as_array_mut().unwrap().remove(1);
            u["attributeMappings"].as_array_mut().unwrap().push(serde_json::json!({
                "flowType": "Always", "source": {"expression": "[department]", "name": "department", "type": "Attribute"}, "targetAttributeName": "department"}));
            u["scope"] = Value::Null;
            let rule = &mut doc["synchronizationRules"][0]["objectMappings"];
            rule[1]["enabled"] = true.into();
            rule[1]["flowTypes"] = "Add, Update".into();
            rule.as_array_mut().unwrap().push(serde_json::json!({"sourceObjectName": "Device", "targetObjectName": "Device", "attributeMappings": [{}]}));
        });
        let changes = diff(&sample(), &backup);
        let got: Vec<(ChangeKind, &str, &str)> = changes
            .iter()
            .map(|c| (c.kind, c.what.as_str(), c.detail.as_str()))
            .collect();
        use ChangeKind::*;
        assert_eq!(
            got,
            [
                (
                    Changed,
                    "Object mapping User → User",
                    r#"scope Enabled accounts: accountEnabled IS_TRUE OR Sales: department EQUALS "Sales" AND country NOT_EQUALS "FR", "DE" → (none)"#
                ),
                (
                    Removed,
                    "User → User: Not([IsSoftDeleted]) → active",
                    "apply Always"
                ),
                (
                    Changed,
                    "User → User: mail → emails[type eq \"work\"].value",
                    "matching priority 0 → 1; apply Always → ObjectAddOnly"
                ),
                (
                    Changed,
                    "User → User: \"Employee\" → title",
                    "default value Staff → (none)"
                ),
                (
                    Added,
                    "User → User: department → department",
                    "apply Always"
                ),
                (
                    Changed,
                    "Object mapping Group → Group",
                    "enabled no → yes; flow types Add, Update, Delete → Add, Update"
                ),
                (
                    Added,
                    "Object mapping Device → Device",
                    "1 attribute mapping"
                ),
            ]
        );
        // The other way round: what was added is removed, and a source change reads as one.
        let back = diff(&backup, &sample());
        assert!(
            back.iter()
                .any(|c| c.kind == Removed && c.what == "Object mapping Device → Device")
        );
        assert!(back.iter().any(|c| c.kind == Added
            && c.what.ends_with("Not([IsSoftDeleted]) → active")
            && c.detail == "apply Always"));
        let (_, source) = edited(
            |doc| user_mapping(doc)["attributeMappings"][0]["source"] = serde_json::json!({"expression": "Join(\"@\", [mailNickname], \"contoso.example\")", "type": "Function"}),
        );
        let c = diff(&sample(), &source);
        assert_eq!(c.len(), 1);
        assert_eq!(
            c[0].detail,
            "source userPrincipalName → Join(\"@\", [mailNickname], \"contoso.example\")"
        );
        assert_eq!(c[0].what, "User → User: userPrincipalName → userName");
        // With several rules the rule names the object mapping.
        let (_, two) = edited(|doc| {
            let mut rule = doc["synchronizationRules"][0].clone();
            rule["name"] = "GROUP_TO_GROUP".into();
            doc["synchronizationRules"]
                .as_array_mut()
                .unwrap()
                .push(rule);
        });
        let c = diff(&sample(), &two);
        assert_eq!(c.len(), 2);
        assert!(
            c.iter()
                .all(|c| c.kind == Added && c.what.starts_with("Object mapping GROUP_TO_GROUP: ")),
            "{c:?}"
        );
    }

    #[test]
    fn a_backup_is_checked_against_the_job() {
        let current = sample();
        let (text, _) = edited(|doc| {
            doc["@odata.etag"] = "W/\"1\"".into();
            doc["x-unknown"] = serde_json::json!({"kept": [1, 2]});
            doc["synchronizationRules"][0]["@odata.type"] =
                "#microsoft.graph.synchronizationRule".into();
        });
        let put = check_backup(&current, "scim", &text).unwrap();
        let m = put.as_object().unwrap();
        assert!(m.keys().all(|k| !k.starts_with("@odata.")), "{m:?}");
        assert_eq!(put["x-unknown"]["kept"][1], 2);
        assert_eq!(put["id"], "scim");
        assert_eq!(
            put["synchronizationRules"][0]["@odata.type"], "#microsoft.graph.synchronizationRule",
            "only the file's own @odata members go"
        );
        assert_eq!(parse(&put.to_string()).unwrap().1, current);
        assert!(
            check_backup(&current, "SCIM", SAMPLE).is_ok(),
            "template ids ignore ASCII case"
        );
        // Without a context only the rule names are compared; a template's context names it.
        let (no_context, _) =
            edited(|doc| drop(doc.as_object_mut().unwrap().remove("@odata.context")));
        assert!(check_backup(&current, "Workday", &no_context).is_ok());
        let template = |id: &str| {
            SAMPLE.replace(
                "jobs('scim.8f1c2d3e4f5a4b6c9d8e.a1b2c3d4e5f6')",
                &format!("templates('{id}')"),
            )
        };
        assert!(check_backup(&current, "scim", &template("scim")).is_ok());
        assert_eq!(
            check_backup(&current, "scim", &template("Workday")).unwrap_err(),
            "This schema is of another template (Workday); this job's template is scim."
        );
        let other_job = SAMPLE.replace("jobs('scim.", "jobs('Workday2AAD.");
        assert_eq!(
            check_backup(&current, "scim", &other_job).unwrap_err(),
            "This schema is of another template (Workday2AAD); this job's template is scim."
        );
        // Rule names differ.
        let (inbound, _) =
            edited(|doc| doc["synchronizationRules"][0]["name"] = "USER_INBOUND_USER".into());
        let (mut two, _) = edited(|doc| {
            let mut rule = doc["synchronizationRules"][0].clone();
            rule["name"] = "GROUP_TO_GROUP".into();
            doc["synchronizationRules"]
                .as_array_mut()
                .unwrap()
                .push(rule);
        });
        let two_rules = parse(&two).unwrap().1;
        assert_eq!(
            check_backup(&two_rules, "scim", &inbound).unwrap_err(),
            "This schema is of another template (rules USER_INBOUND_USER); this job's rules are USER_TO_USER, GROUP_TO_GROUP."
        );
        assert!(
            check_backup(&current, "scim", &two)
                .unwrap_err()
                .contains("(rules USER_TO_USER, GROUP_TO_GROUP)")
        );
        assert!(check_backup(&two_rules, "scim", &two).is_ok());
        two = two.replace("GROUP_TO_GROUP", "USER_TO_USER");
        assert!(
            check_backup(&current, "scim", &two).is_ok(),
            "a set of names: a repeated rule name is the same set"
        );
        // Not JSON, not a schema.
        assert!(
            check_backup(&current, "scim", "{")
                .unwrap_err()
                .starts_with("This file is not a synchronization schema: it is not JSON")
        );
        assert_eq!(
            check_backup(&current, "scim", r#"{"value": []}"#).unwrap_err(),
            "This file is not a synchronization schema: it has no \"synchronizationRules\" list."
        );
    }

    #[test]
    fn a_backup_is_named_after_its_template_and_the_utc_date() {
        // 2026-12-05T23:59:59.999Z and the next millisecond.
        let late = 1_796_515_199_999;
        assert_eq!(
            backup_file_name("scim", late),
            "scim-schema-2026-12-05.json"
        );
        assert_eq!(
            backup_file_name("scim", late + 1),
            "scim-schema-2026-12-06.json"
        );
        assert_eq!(
            backup_file_name("Workday/To AD", late),
            "Workday_To_AD-schema-2026-12-05.json"
        );
    }
}
