//! The OData collection wrapper.

use serde::{Deserialize, Serialize};

use crate::lenient::i64_lenient_opt;

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

    /// True when there is another page to fetch.
    pub fn has_more(&self) -> bool {
        self.next_link
            .as_deref()
            .is_some_and(|l| !l.trim().is_empty())
    }
}
