//! Paging of Graph lists: the query options a list accepts (`$top`,
//! `$select`, `$filter`, `$orderby`, `$count`, `$skiptoken`) and the nextLink
//! that repeats them with an opaque `$skiptoken`.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::odata::GraphError;

/// The query options of a list, with everything a nextLink must repeat.
pub(crate) struct ListQuery {
    pub(crate) top: usize,
    pub(crate) select: Option<String>,
    pub(crate) filter: Option<String>,
    pub(crate) orderby: Option<String>,
    pub(crate) skip: usize,
    pub(crate) count: bool,
    /// Options repeated in the nextLink, in the client's order (all but `$skiptoken`).
    pub(crate) repeat: Vec<(String, String)>,
}

impl ListQuery {
    /// The nextLink for the page starting at `offset`: `{base}?{options}&$skiptoken=...`.
    pub(crate) fn next_link(&self, base: &str, offset: usize) -> String {
        let mut query: Vec<String> = self
            .repeat
            .iter()
            .map(|(k, v)| format!("{}={}", encode_component(k), encode_component(v)))
            .collect();
        query.push(format!("$skiptoken={}", encode_skiptoken(offset)));
        format!("{base}?{}", query.join("&"))
    }

    pub(crate) fn parse(
        params: Vec<(String, String)>,
        default_top: usize,
        max_top: usize,
        allowed: &[&str],
    ) -> Result<ListQuery, GraphError> {
        let mut q = ListQuery {
            top: default_top,
            select: None,
            filter: None,
            orderby: None,
            skip: 0,
            count: false,
            repeat: Vec::new(),
        };
        for (key, value) in params {
            match key.to_ascii_lowercase().as_str() {
                "$top" => {
                    q.top = value
                        .trim()
                        .parse::<usize>()
                        .ok()
                        .filter(|n| (1..=max_top).contains(n))
                        .ok_or_else(|| {
                            GraphError::bad_request(format!(
                                "Invalid page size specified: '{value}'. $top must be between 1 and {max_top} inclusive."
                            ))
                        })?;
                }
                "$select" if allowed.contains(&"$select") => q.select = Some(value.clone()),
                "$filter" => q.filter = Some(value.clone()),
                "$orderby" if allowed.contains(&"$orderby") => q.orderby = Some(value.clone()),
                "$count" => q.count = value.eq_ignore_ascii_case("true"),
                "$skiptoken" => {
                    q.skip = decode_skiptoken(&value).ok_or_else(|| {
                        GraphError::bad_request(format!("Invalid $skiptoken value '{value}'."))
                    })?;
                    continue;
                }
                other if other.starts_with('$') => {
                    return Err(GraphError::new(
                        axum::http::StatusCode::BAD_REQUEST,
                        "Request_UnsupportedQuery",
                        format!("The query option '{key}' is not supported by syncdeck-emulator."),
                    ));
                }
                _ => {}
            }
            q.repeat.push((key, value));
        }
        Ok(q)
    }
}

/// The opaque `$skiptoken` for a page that starts at `offset`.
pub fn encode_skiptoken(offset: usize) -> String {
    let scrambled = (offset as u32) ^ 0x5d3c_a17e;
    let check = (offset as u32).wrapping_mul(0x9e37_79b1) >> 16;
    format!("RFNwdAIA{scrambled:08x}{check:04x}")
}

/// The page offset in a `$skiptoken`, or `None` if it is not one of ours.
pub fn decode_skiptoken(token: &str) -> Option<usize> {
    let hex = token.strip_prefix("RFNwdAIA")?;
    if hex.len() != 12 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let offset = u32::from_str_radix(&hex[..8], 16).ok()? ^ 0x5d3c_a17e;
    let check = u32::from_str_radix(&hex[8..], 16).ok()?;
    (offset.wrapping_mul(0x9e37_79b1) >> 16 == check).then_some(offset as usize)
}

/// What Graph's nextLinks keep literal in a query component: letters, digits
/// and `-._~,$:'()/`; every other byte is percent-encoded (upper-case hex).
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b',')
    .remove(b'$')
    .remove(b':')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'/');

/// Percent-encodes a query component, keeping what Graph's nextLinks keep literal.
pub(crate) fn encode_component(s: &str) -> String {
    utf8_percent_encode(s, COMPONENT).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skiptokens_round_trip_and_reject_forgeries() {
        for offset in [0, 1, 5, 100, 999, 123_456] {
            assert_eq!(decode_skiptoken(&encode_skiptoken(offset)), Some(offset));
        }
        assert_eq!(decode_skiptoken("5"), None);
        assert_eq!(decode_skiptoken("RFNwdAIA5d3ca17b0000"), None);
    }

    #[test]
    fn encodes_query_components_like_graph() {
        assert_eq!(encode_component("id,displayName"), "id,displayName");
        assert_eq!(encode_component("a b&c=d"), "a%20b%26c%3Dd");
        assert_eq!(
            encode_component("startswith(displayName,'Zoë') and x"),
            "startswith(displayName,'Zo%C3%AB')%20and%20x"
        );
        assert_eq!(
            encode_component("-._~,$:'()/*+;@!"),
            "-._~,$:'()/%2A%2B%3B%40%21"
        );
    }
}
