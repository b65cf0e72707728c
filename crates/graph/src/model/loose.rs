//! Serde helpers for the loosely typed values of provisioning logs and
//! provision-on-demand results (private to the models).

use serde::Deserialize;
use serde::de::{self, DeserializeOwned, Deserializer};
use serde_json::Value;

use crate::time::GraphTime;

/// A text value that Microsoft sometimes sends as another JSON scalar: a
/// string as it is, a number or Boolean as its JSON text, `null` as `None`,
/// an array or object as its compact JSON text (old/new values of a modified
/// property are free-form).
pub(crate) fn opt_text_lenient<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<String>, D::Error> {
    Ok(match Option::<Value>::deserialize(d)? {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s),
        Some(other) => Some(other.to_string()),
    })
}

/// One object or a collection of them (the older docs show
/// `servicePrincipal` as a collection, the CSDL as a single object): an
/// object reads as itself, an array as its first element, `null` or an empty
/// array as `None`.
pub(crate) fn one_or_first<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    // Through `Value`: a derived struct would also accept an array
    // (positionally), so an untagged "one or many" cannot tell them apart.
    let one = match Option::<Value>::deserialize(d)? {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::Array(items)) => match items.into_iter().next() {
            None => return Ok(None),
            Some(first) => first,
        },
        Some(Value::Object(map)) => Value::Object(map),
        Some(other) => {
            return Err(de::Error::invalid_type(
                unexpected(&other),
                &"an object or an array",
            ));
        }
    };
    T::deserialize(one).map(Some).map_err(de::Error::custom)
}

/// How serde names a JSON scalar in an "invalid type" error.
fn unexpected(v: &Value) -> de::Unexpected<'_> {
    match v {
        Value::Bool(b) => de::Unexpected::Bool(*b),
        Value::Number(n) => match n.as_f64() {
            Some(f) => de::Unexpected::Float(f),
            None => de::Unexpected::Other("number"),
        },
        Value::String(s) => de::Unexpected::Str(s),
        _ => de::Unexpected::Other("value"),
    }
}

/// For `skip_serializing_if`: an absent timestamp.
pub(crate) fn time_is_missing(t: &GraphTime) -> bool {
    matches!(t, GraphTime::Missing)
}

/// For `skip_serializing_if`: an absent open value.
pub(crate) fn value_is_null(v: &Value) -> bool {
    v.is_null()
}
