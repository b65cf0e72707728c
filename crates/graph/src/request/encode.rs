//! Percent-encoding of ids as path segments ([`encode_segment`]) and of
//! query values ([`encode_query_value`]), and OData string literals
//! ([`odata_string`]).

use super::RequestError;

/// Percent-encodes `id` as one path segment: RFC 3986 unreserved characters
/// stay, every other byte of its UTF-8 becomes `%XX` (upper-case hex).
/// Refuses an empty id, `.` and `..` (see the module documentation);
/// `what` names the id in the error.
pub fn encode_segment(id: &str, what: &'static str) -> Result<String, RequestError> {
    let reason = match id {
        "" => Some("it is empty"),
        "." | ".." => Some("a browser would read it as a relative path"),
        _ => None,
    };
    if let Some(reason) = reason {
        return Err(RequestError::InvalidId {
            what,
            id: id.to_owned(),
            reason,
        });
    }
    Ok(percent_encode(id, |_| false))
}

/// Percent-encodes a query value: unreserved characters and `$ , ' ( ) :`
/// stay, spaces become `%20`, everything else `%XX`.
pub fn encode_query_value(value: &str) -> String {
    percent_encode(value, |b| {
        matches!(b, b'$' | b',' | b'\'' | b'(' | b')' | b':')
    })
}

/// An OData string literal: `'…'` with single quotes doubled.
pub fn odata_string(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

fn percent_encode(text: &str, also_keep: impl Fn(u8) -> bool) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(text.len());
    for &b in text.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') || also_keep(b) {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0x0F)]));
        }
    }
    out
}

/// `?a=1&b=2` (values encoded), or `""` with no parameters.
pub(crate) fn query_string(params: &[(&str, String)]) -> String {
    let mut out = String::new();
    for (i, (name, value)) in params.iter().enumerate() {
        out.push(if i == 0 { '?' } else { '&' });
        out.push_str(name);
        out.push('=');
        out.push_str(&encode_query_value(value));
    }
    out
}
