//! The synchronization rules of a job's schema (`GET …/jobs/{jobId}/schema`,
//! <https://learn.microsoft.com/en-us/graph/api/synchronization-synchronizationschema-get?view=graph-rest-1.0>):
//! a provisionOnDemand request names one by its `id` (`synchronizationRule`:
//! `id`, `name`, `sourceDirectoryName`, `targetDirectoryName`, `objectMappings`,
//! <https://learn.microsoft.com/en-us/graph/api/resources/synchronization-synchronizationrule?view=graph-rest-1.0>). Lists are read as plain
//! lists (`null` as empty), from a `serde_json::Value` (see the module's note in `mod.rs`).

use serde_json::Value;

use super::{json, list, shape, text};
use crate::parse::ParseError;

/// One rule of a schema, with what it maps.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SyncRule {
    /// The rule id a request names (the docs' example omits it: such a rule cannot be used).
    pub id: String,
    /// E.g. `USER_TO_USER`.
    pub name: String,
    /// E.g. `Azure Active Directory`.
    pub source_directory_name: String,
    /// E.g. `Salesforce`.
    pub target_directory_name: String,
    /// The object mappings (source and target object names; `null` reads as none).
    pub object_mappings: Vec<ObjectMapping>,
}

/// The names an object mapping maps (`objectMapping`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ObjectMapping {
    /// E.g. `User`.
    pub source_object_name: String,
    /// E.g. `User`.
    pub target_object_name: String,
}

impl SyncRule {
    /// `name: source → target` (the id when there is no name).
    pub fn label(&self) -> String {
        let name = if self.name.is_empty() {
            &self.id
        } else {
            &self.name
        };
        format!(
            "{name}: {} → {}",
            self.source_directory_name, self.target_directory_name
        )
    }

    /// True when the rule maps source objects named `object_type` (ignoring ASCII case).
    pub fn maps(&self, object_type: &str) -> bool {
        self.object_mappings
            .iter()
            .any(|m| m.source_object_name.eq_ignore_ascii_case(object_type))
    }
}

/// The rules of a schema, in its order (rules without an id included: see [`pick_rule`]).
/// A rule or mapping that is not an object is refused; a name that is not a string reads as
/// empty.
pub fn parse_schema_rules(body: &str) -> Result<Vec<SyncRule>, ParseError> {
    const WHAT: &str = "a synchronization schema";
    let object = |v: &Value| {
        if v.is_object() {
            Ok(())
        } else {
            Err(shape(WHAT, "a rule or mapping is not an object"))
        }
    };
    let schema = json(body, WHAT)?;
    object(&schema)?;
    let mut rules = Vec::new();
    for r in list(&schema, "synchronizationRules", WHAT)? {
        object(r)?;
        let mut object_mappings = Vec::new();
        for m in list(r, "objectMappings", WHAT)? {
            object(m)?;
            object_mappings.push(ObjectMapping {
                source_object_name: text(m, "sourceObjectName"),
                target_object_name: text(m, "targetObjectName"),
            });
        }
        rules.push(SyncRule {
            id: text(r, "id"),
            name: text(r, "name"),
            source_directory_name: text(r, "sourceDirectoryName"),
            target_directory_name: text(r, "targetDirectoryName"),
            object_mappings,
        });
    }
    Ok(rules)
}

/// The rule to offer first for a subject of `object_type` (`User`, `Group`): the first rule
/// with an id that maps that type, else the first rule with an id; `None` when no rule has one.
pub fn pick_rule(rules: &[SyncRule], object_type: &str) -> Option<usize> {
    let usable = |r: &&SyncRule| !r.id.is_empty();
    rules
        .iter()
        .position(|r| usable(&r) && r.maps(object_type))
        .or_else(|| rules.iter().position(|r| usable(&r)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provision::docs;

    #[test]
    fn the_docs_schema_examples_have_rules_without_ids() {
        for v in ["v1.0", "beta"] {
            let rules = parse_schema_rules(&docs(&format!(
                "{v}--synchronization-synchronizationschema-get--1-response.json"
            )))
            .unwrap();
            assert_eq!(rules.len(), 2, "{v}");
            assert_eq!(rules[0].name, "USER_TO_USER");
            assert_eq!(
                rules[0].label(),
                "USER_TO_USER: Azure Active Directory → Salesforce"
            );
            assert!(rules[0].maps("user"));
            assert!(!rules[0].maps("Group"));
            assert_eq!(rules[1], SyncRule::default());
            // No rule has an id: nothing can be provisioned with this schema.
            assert_eq!(pick_rule(&rules, "User"), None);
            // The representation: one rule with nothing but its type.
            let rep = parse_schema_rules(&docs(&format!(
                "{v}--synchronization-synchronizationschema--1-representation.json"
            )))
            .unwrap();
            assert_eq!(rep, vec![SyncRule::default()]);
        }
        // The update request has trailing commas: refused with the reason.
        let bad = parse_schema_rules(&docs(
            "v1.0--synchronization-synchronizationschema-update--1-request.json",
        ));
        assert!(bad.unwrap_err().to_string().contains("not valid JSON"));
    }

    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn the_emulator_schema_offers_the_rule_that_maps_the_subject() {
        let sp = syncdeck_emulator::demo::restricted_app(syncdeck_emulator::GraphTime::from_parts(
            2026, 1, 15, 9, 30, 0,
        ));
        let body = syncdeck_emulator::templates::schema_json(&sp, "scim.j1", "scim").to_string();
        let rules = parse_schema_rules(&body).unwrap();
        let names: Vec<&str> = rules.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["USER_TO_USER", "GROUP_TO_GROUP"]);
        assert!(rules.iter().all(|r| !r.id.is_empty()));
        assert_eq!(
            rules[0].id,
            syncdeck_emulator::templates::rule_id("scim.j1", "USER_TO_USER")
        );
        assert_eq!(rules[0].source_directory_name, "Azure Active Directory");
        assert_eq!(rules[0].target_directory_name, sp.display_name);
        assert_eq!(pick_rule(&rules, "User"), Some(0));
        assert_eq!(pick_rule(&rules, "Group"), Some(1));
        // A type no rule maps: the first usable rule.
        assert_eq!(pick_rule(&rules, "Device"), Some(0));
    }

    #[test]
    fn odd_schemas_read_or_are_refused_clearly() {
        assert_eq!(parse_schema_rules("{}").unwrap(), vec![]);
        assert_eq!(
            parse_schema_rules(r#"{"synchronizationRules":null}"#).unwrap(),
            vec![]
        );
        // A lone rule where a list belongs is refused (plain lists: see the module's note).
        assert!(parse_schema_rules(r#"{"synchronizationRules":{"id":"r1"}}"#).is_err());
        let one = parse_schema_rules(
            r#"{"synchronizationRules":[{"id":"r1","name":null,"objectMappings":null}]}"#,
        )
        .unwrap();
        assert_eq!(one[0].id, "r1");
        assert_eq!(one[0].label(), "r1:  → ");
        assert_eq!(pick_rule(&one, "User"), Some(0));
        assert!(parse_schema_rules(r#"{"synchronizationRules":"x"}"#).is_err());
        assert!(parse_schema_rules(r#"{"synchronizationRules":[1]}"#).is_err());
        assert!(parse_schema_rules("[]").is_err());
        assert!(parse_schema_rules("").is_err());
    }
}
