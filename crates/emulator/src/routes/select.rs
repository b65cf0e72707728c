//! `$select` of the directory reads (service principals, users, groups): the
//! properties to return, matched case-insensitively against an object's.

use serde_json::{Map, Value};

use crate::odata::GraphError;

/// `$select`: the properties to return (`id` is always included).
pub(crate) struct Select(Option<Vec<String>>);

impl Select {
    /// Parses `$select=a,b` against the properties `known` has (400 naming `type_name` for others).
    pub(crate) fn parse(
        raw: Option<&str>,
        known: &Map<String, Value>,
        type_name: &str,
    ) -> Result<Select, GraphError> {
        let Some(raw) = raw else {
            return Ok(Select(None));
        };
        let mut names = Vec::new();
        for name in raw.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            let canonical = known
                .keys()
                .find(|k| k.eq_ignore_ascii_case(name))
                .ok_or_else(|| {
                    GraphError::bad_request(format!(
                        "Could not find a property named '{name}' on type '{type_name}'."
                    ))
                })?;
            if !names.contains(canonical) {
                names.push(canonical.clone());
            }
        }
        Ok(Select(Some(names)))
    }

    /// `servicePrincipals` or `servicePrincipals(id,displayName)`.
    pub(crate) fn context_fragment(&self, set: &str) -> String {
        match &self.0 {
            Some(names) => format!("{set}({})", names.join(",")),
            None => set.to_string(),
        }
    }

    pub(crate) fn apply(&self, object: Map<String, Value>) -> Map<String, Value> {
        match &self.0 {
            None => object,
            Some(names) => object
                .into_iter()
                .filter(|(k, _)| k == "id" || names.contains(k))
                .collect(),
        }
    }
}
