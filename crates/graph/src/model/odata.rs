//! The OData collection wrapper.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::lenient::i64_lenient_opt;
use crate::model::json::{Shape, object, opt_int, opt_text};

/// One page of an OData collection: `{ "value": [...], "@odata.nextLink": ... }`.
///
/// `value` is required (a body without it is not a collection and gives a
/// parse error); follow [`ODataPage::next_link`] until it is `None`, without
/// editing it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ODataPage<T> {
    /// The items of this page.
    pub value: Vec<T>,
    /// The full URL of the next page (`@odata.nextLink`), opaque.
    #[serde(
        rename = "@odata.nextLink",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub next_link: Option<String>,
    /// The total count across all pages (`@odata.count`), present when the
    /// request asked for `$count=true`.
    #[serde(
        rename = "@odata.count",
        default,
        deserialize_with = "i64_lenient_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub count: Option<i64>,
}

impl<T> ODataPage<T> {
    /// A page with these items and no next link.
    pub fn new(value: Vec<T>) -> Self {
        ODataPage {
            value,
            next_link: None,
            count: None,
        }
    }

    /// Reads a page as its derived `Deserialize` does (`value` is a required array), each item
    /// with `item`; the parse functions of the app's models use this.
    pub(crate) fn from_json(
        v: &Value,
        item: fn(&Value) -> Result<T, Shape>,
    ) -> Result<Self, Shape> {
        let m = object(v, "an OData collection object")?;
        let items = match m.get("value") {
            None => return Err(Shape::missing("value")),
            Some(Value::Array(items)) => items,
            Some(other) => return Err(Shape::invalid(other, "an array").at("value")),
        };
        let value = items
            .iter()
            .enumerate()
            .map(|(i, v)| item(v).map_err(|e| e.at_index(i).at("value")))
            .collect::<Result<_, _>>()?;
        Ok(ODataPage {
            value,
            next_link: opt_text(m, "@odata.nextLink")?,
            count: opt_int(m, "@odata.count")?,
        })
    }

    /// True when there is another page to fetch.
    pub fn has_more(&self) -> bool {
        self.next_link
            .as_deref()
            .is_some_and(|l| !l.trim().is_empty())
    }
}
