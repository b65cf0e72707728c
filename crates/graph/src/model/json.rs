//! Reading the job, template and service principal models from a `serde_json::Value` (private to
//! the crate).
//!
//! The models used to derive `Deserialize`; with the lenient field helpers of
//! `crate::lenient` and the enums' visitors that monomorphized several KB of wasm per type
//! (`cargo build --release --target wasm32-unknown-unknown`, then `twiggy top`). The app already
//! links `serde_json::Value` (the provisioning logs read it, `crate::logs::event`), so the models
//! read a `Value` with the small readers below and keep the same leniency: see
//! `crate::lenient` for what each kind of field accepts.
//!
//! A wrong shape is a [`Shape`]: serde's wording ("missing field `id`", "invalid type: string
//! \"x\", expected ...") and the path of the offending value. [`read_body`] turns it into a
//! [`ParseError`] positioned at that value in the text; the models' `Deserialize` impls
//! ([`deserialize_via`]) keep them usable with any serde deserializer.

use std::convert::Infallible;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use crate::duration::IsoDuration;
use crate::lenient::parse_i64_text;
use crate::parse::ParseError;
use crate::time::GraphTime;

/// A JSON object.
pub(crate) type Obj = Map<String, Value>;

/// Why a JSON value does not have a model's shape, and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Shape {
    /// From the document's root to the offending value (or, for a missing field, to the object
    /// that lacks it).
    path: Vec<Step>,
    /// serde's wording, e.g. "missing field `id`".
    message: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Key(&'static str),
    Index(usize),
}

impl Shape {
    /// `v` is not what was `expected` (e.g. "a string").
    pub(crate) fn invalid(v: &Value, expected: &str) -> Shape {
        let found = match v {
            Value::Null => "null".to_owned(),
            Value::Bool(b) => format!("boolean `{b}`"),
            Value::Number(n) if n.is_f64() => format!("floating point `{v}`"),
            Value::Number(_) => format!("integer `{v}`"),
            Value::String(s) => format!("string {s:?}"),
            Value::Array(_) => "an array".to_owned(),
            Value::Object(_) => "an object".to_owned(),
        };
        Shape {
            path: Vec::new(),
            message: format!("invalid type: {found}, expected {expected}"),
        }
    }

    /// A required field is absent.
    pub(crate) fn missing(key: &str) -> Shape {
        Shape {
            path: Vec::new(),
            message: format!("missing field `{key}`"),
        }
    }

    /// The same error, inside the member `key` of an object.
    pub(crate) fn at(mut self, key: &'static str) -> Shape {
        self.path.insert(0, Step::Key(key));
        self
    }

    /// The same error, inside the item `index` of an array.
    pub(crate) fn at_index(mut self, index: usize) -> Shape {
        self.path.insert(0, Step::Index(index));
        self
    }
}

impl fmt::Display for Shape {
    /// The message, then the path: "invalid type: ..., in `value[0].status.lastExecution`".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        for (i, step) in self.path.iter().enumerate() {
            let open = if i == 0 { ", in `" } else { "" };
            match step {
                Step::Key(k) if i > 0 => write!(f, ".{k}")?,
                Step::Key(k) => write!(f, "{open}{k}")?,
                Step::Index(n) => write!(f, "{open}[{n}]")?,
            }
        }
        if !self.path.is_empty() {
            f.write_str("`")?;
        }
        Ok(())
    }
}

/// Parses `body` as JSON and reads it with `read`. A syntax error is serde_json's; a wrong shape
/// is a [`ParseError::Shape`] positioned at the offending value. Errors name `expected`.
pub(crate) fn read_body<T>(
    body: &str,
    expected: &str,
    read: fn(&Value) -> Result<T, Shape>,
) -> Result<T, ParseError> {
    let value: Value =
        serde_json::from_str(body).map_err(|e| ParseError::from_json_error(expected, &e))?;
    read(&value).map_err(|shape| {
        // Walk the text to the value the path names and fail there: serde_json then gives the
        // error that value's position.
        let message = shape.to_string();
        let mut de = serde_json::Deserializer::from_str(body);
        let err = match (Walk {
            path: &shape.path,
            message: &message,
        })
        .deserialize(&mut de)
        {
            Err(e) => e,
            Ok(never) => match never {},
        };
        ParseError::from_json_error(expected, &err)
    })
}

/// Follows a [`Shape`]'s path through the JSON text and fails with its message at the end.
struct Walk<'a> {
    path: &'a [Step],
    message: &'a str,
}

impl<'de> DeserializeSeed<'de> for Walk<'_> {
    type Value = Infallible;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Infallible, D::Error> {
        d.deserialize_any(self)
    }
}

impl Walk<'_> {
    fn fail<E: de::Error>(self) -> Result<Infallible, E> {
        Err(E::custom(self.message))
    }
}

impl<'de> Visitor<'de> for Walk<'_> {
    type Value = Infallible;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Infallible, A::Error> {
        if let Some((Step::Key(key), rest)) = self.path.split_first() {
            while let Some(k) = map.next_key::<String>()? {
                if k == *key {
                    return map.next_value_seed(Walk {
                        path: rest,
                        message: self.message,
                    });
                }
                map.next_value::<IgnoredAny>()?;
            }
        }
        self.fail()
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Infallible, A::Error> {
        if let Some((Step::Index(index), rest)) = self.path.split_first() {
            for _ in 0..*index {
                if seq.next_element::<IgnoredAny>()?.is_none() {
                    return self.fail();
                }
            }
            let walk = Walk {
                path: rest,
                message: self.message,
            };
            if let Some(never) = seq.next_element_seed(walk)? {
                match never {}
            }
        }
        self.fail()
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Infallible, E> {
        self.fail()
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Infallible, E> {
        self.fail()
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Infallible, E> {
        self.fail()
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Infallible, E> {
        self.fail()
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Infallible, E> {
        self.fail()
    }

    fn visit_unit<E: de::Error>(self) -> Result<Infallible, E> {
        self.fail()
    }
}

/// A model's `Deserialize`: reads any JSON value, then the model with `read`. The error is raised
/// inside the deserializer's visit, so serde_json positions it (at the end of the value read).
pub(crate) fn deserialize_via<'de, D: Deserializer<'de>, T>(
    d: D,
    read: fn(&Value) -> Result<T, Shape>,
) -> Result<T, D::Error> {
    let mut out = None;
    d.deserialize_any(Then(&mut |v: Value| {
        out = Some(read(&v)?);
        Ok(())
    }))?;
    out.ok_or_else(|| de::Error::custom("no value"))
}

/// Collects one JSON value and hands it to the closure (one visitor for every model).
struct Then<'a>(&'a mut dyn FnMut(Value) -> Result<(), Shape>);

impl Then<'_> {
    fn done<E: de::Error>(self, v: Value) -> Result<(), E> {
        (self.0)(v).map_err(E::custom)
    }
}

impl<'de> Visitor<'de> for Then<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<(), E> {
        self.done(Value::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<(), E> {
        self.done(Value::from(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<(), E> {
        self.done(Value::from(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<(), E> {
        self.done(Value::from(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        self.done(Value::String(v.to_owned()))
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.done(Value::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.done(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        let v = serde::Deserialize::deserialize(d)?;
        self.done(v)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut items = Vec::new();
        while let Some(v) = seq.next_element::<Value>()? {
            items.push(v);
        }
        self.done(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut m = Obj::new();
        while let Some((k, v)) = map.next_entry::<String, Value>()? {
            m.insert(k, v);
        }
        self.done(Value::Object(m))
    }
}

/// `Deserialize` for models that have a `from_json(&Value) -> Result<Self, Shape>`.
macro_rules! deserialize_from_json {
    ($($ty:ty),+ $(,)?) => {
        $(
            impl<'de> ::serde::Deserialize<'de> for $ty {
                /// Reads the JSON value with the model's lenient reader (`crate::model::json`).
                fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                    $crate::model::json::deserialize_via(d, <$ty>::from_json)
                }
            }
        )+
    };
}

pub(crate) use deserialize_from_json;

/// `v` as an object; `what` names it in the error (e.g. "a synchronizationJob object").
pub(crate) fn object<'a>(v: &'a Value, what: &str) -> Result<&'a Obj, Shape> {
    v.as_object().ok_or_else(|| Shape::invalid(v, what))
}

/// `m[key]`, unless absent or `null`.
fn get<'a>(m: &'a Obj, key: &str) -> Option<&'a Value> {
    m.get(key).filter(|v| !v.is_null())
}

/// A required string (the `id` of a job, a template, a service principal).
pub(crate) fn required_text(m: &Obj, key: &'static str) -> Result<String, Shape> {
    match m.get(key) {
        None => Err(Shape::missing(key)),
        Some(Value::String(s)) => Ok(s.clone()),
        Some(other) => Err(Shape::invalid(other, "a string").at(key)),
    }
}

/// A nullable string.
pub(crate) fn opt_text(m: &Obj, key: &'static str) -> Result<Option<String>, Shape> {
    match get(m, key) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(other) => Err(Shape::invalid(other, "a string").at(key)),
    }
}

/// A string where `null` or absence reads as `""`.
pub(crate) fn text(m: &Obj, key: &'static str) -> Result<String, Shape> {
    Ok(opt_text(m, key)?.unwrap_or_default())
}

/// An Int64 as `crate::lenient::i64_lenient` reads it; `null` or absence is `None`.
pub(crate) fn opt_int(m: &Obj, key: &'static str) -> Result<Option<i64>, Shape> {
    Ok(match get(m, key) {
        None => None,
        Some(Value::Number(n)) => Some(match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => i,
            (None, Some(_)) => i64::MAX,
            // `as` saturates and maps NaN to 0.
            (None, None) => n.as_f64().unwrap_or_default() as i64,
        }),
        Some(Value::String(s)) => Some(parse_i64_text(s)),
        Some(other) => {
            return Err(Shape::invalid(other, "an integer (or a string of digits)").at(key));
        }
    })
}

/// An Int64 as `crate::lenient::i64_lenient` reads it (`null` or absence is 0).
pub(crate) fn int(m: &Obj, key: &'static str) -> Result<i64, Shape> {
    Ok(opt_int(m, key)?.unwrap_or_default())
}

/// A Boolean: `true`/`false`, the strings `"true"`/`"false"` (any case), a number (non-zero is
/// true), or any other string such as the docs' `"Boolean"` placeholder (false); `null` or
/// absence is false. Arrays and objects are errors.
pub(crate) fn flag(m: &Obj, key: &'static str) -> Result<bool, Shape> {
    match get(m, key) {
        None => Ok(false),
        Some(Value::Bool(b)) => Ok(*b),
        Some(Value::Number(n)) => Ok(n.as_f64().is_some_and(|f| f != 0.0)),
        Some(Value::String(s)) => Ok(s.trim().eq_ignore_ascii_case("true")),
        Some(other) => Err(Shape::invalid(other, "a boolean").at(key)),
    }
}

/// A nullable Boolean, strictly `true` or `false`.
pub(crate) fn opt_bool(m: &Obj, key: &'static str) -> Result<Option<bool>, Shape> {
    match get(m, key) {
        None => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(other) => Err(Shape::invalid(other, "a boolean").at(key)),
    }
}

/// A timestamp: any string (see [`GraphTime::parse`]); `null` or absence is
/// [`GraphTime::Missing`].
pub(crate) fn time(m: &Obj, key: &'static str) -> Result<GraphTime, Shape> {
    match get(m, key) {
        None => Ok(GraphTime::Missing),
        Some(Value::String(s)) => Ok(GraphTime::parse(s)),
        Some(other) => Err(Shape::invalid(other, "a timestamp string or null").at(key)),
    }
}

/// A duration: any string (see [`IsoDuration::parse`]); `null` or absence is
/// [`IsoDuration::Missing`].
pub(crate) fn duration(m: &Obj, key: &'static str) -> Result<IsoDuration, Shape> {
    match get(m, key) {
        None => Ok(IsoDuration::Missing),
        Some(Value::String(s)) => Ok(IsoDuration::parse(s)),
        Some(other) => Err(Shape::invalid(other, "an ISO-8601 duration string or null").at(key)),
    }
}

/// A nullable object read with `read`.
pub(crate) fn opt<T>(
    m: &Obj,
    key: &'static str,
    read: fn(&Value) -> Result<T, Shape>,
) -> Result<Option<T>, Shape> {
    get(m, key)
        .map(|v| read(v).map_err(|e| e.at(key)))
        .transpose()
}

/// A collection as `crate::lenient::vec_lenient` reads it: an array, one object standing for a
/// one-item array, `null` or absence (empty); each item read with `read`.
pub(crate) fn list<T>(
    m: &Obj,
    key: &'static str,
    read: fn(&Value) -> Result<T, Shape>,
) -> Result<Vec<T>, Shape> {
    let items = match get(m, key) {
        None => &[][..],
        Some(Value::Array(items)) => items.as_slice(),
        Some(one @ Value::Object(_)) => std::slice::from_ref(one),
        Some(other) => return Err(Shape::invalid(other, "an array").at(key)),
    };
    items
        .iter()
        .enumerate()
        .map(|(i, v)| read(v).map_err(|e| e.at_index(i).at(key)))
        .collect()
}

/// A string item of a collection.
pub(crate) fn string_item(v: &Value) -> Result<String, Shape> {
    match v {
        Value::String(s) => Ok(s.clone()),
        other => Err(Shape::invalid(other, "a string")),
    }
}

/// How an enum value was sent, for the `graph_enum!` enums' readers.
pub(crate) enum Wire<'a> {
    /// Absent or `null`.
    Missing,
    /// A string.
    Name(&'a str),
    /// A CSDL number.
    Csdl(i64),
    /// A number too large for an Int64, as its decimal text.
    Big(String),
}

/// The enum value `m[key]`: a string, an integer or `null`; `what` names the enum in the error.
pub(crate) fn enum_wire<'a>(m: &'a Obj, key: &'static str, what: &str) -> Result<Wire<'a>, Shape> {
    match get(m, key) {
        None => Ok(Wire::Missing),
        Some(Value::String(s)) => Ok(Wire::Name(s)),
        Some(Value::Number(n)) if n.is_i64() || n.is_u64() => Ok(match n.as_i64() {
            Some(i) => Wire::Csdl(i),
            None => Wire::Big(n.to_string()),
        }),
        Some(other) => Err(Shape::invalid(other, what).at(key)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obj(json: &str) -> Obj {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn paths_read_as_written() {
        let e = Shape::missing("id").at_index(3).at("value");
        assert_eq!(e.to_string(), "missing field `id`, in `value[3]`");
        let e = Shape::invalid(&Value::from("x"), "an object")
            .at("lastExecution")
            .at("status");
        assert_eq!(
            e.to_string(),
            "invalid type: string \"x\", expected an object, in `status.lastExecution`"
        );
        assert_eq!(Shape::missing("id").to_string(), "missing field `id`");
    }

    #[test]
    fn errors_are_positioned_at_the_offending_value() {
        let body = "{\"value\": [\n  {\"id\": \"a\"},\n  {\"id\": \"b\", \"n\": [1]}\n]}";
        let read = |v: &Value| -> Result<(), Shape> {
            let m = object(v, "an object")?;
            let items = m.get("value").and_then(Value::as_array).unwrap();
            let second = object(&items[1], "an object").unwrap();
            int(second, "n").map_err(|e| e.at_index(1).at("value"))?;
            Ok(())
        };
        let err = read_body(body, "a test", read).unwrap_err();
        assert!(matches!(err, ParseError::Shape { .. }), "{err:?}");
        assert_eq!(err.line(), 3, "{err}");
        assert!(err.to_string().contains("in `value[1].n`"), "{err}");
        assert!(err.to_string().contains("line 3 column"), "{err}");
    }

    #[test]
    fn booleans_in_every_form() {
        let b = |json: &str| flag(&obj(json), "b");
        assert!(b(r#"{"b": true}"#).unwrap());
        assert!(b(r#"{"b": "True"}"#).unwrap());
        assert!(!b(r#"{"b": "Boolean"}"#).unwrap());
        assert!(!b(r#"{"b": null}"#).unwrap());
        assert!(!b(r#"{}"#).unwrap());
        assert!(b(r#"{"b": 1}"#).unwrap());
        assert!(!b(r#"{"b": 0.0}"#).unwrap());
        assert!(b(r#"{"b": {}}"#).is_err());
        assert!(b(r#"{"b": []}"#).is_err());
    }

    #[test]
    fn integers_in_every_form() {
        let n = |json: &str| int(&obj(json), "n");
        assert_eq!(n(r#"{"n": 42}"#), Ok(42));
        assert_eq!(n(r#"{"n": -7}"#), Ok(-7));
        assert_eq!(n(r#"{"n": "123"}"#), Ok(123));
        assert_eq!(n(r#"{"n": " 9 "}"#), Ok(9));
        assert_eq!(n(r#"{"n": "Integer"}"#), Ok(0));
        assert_eq!(n(r#"{"n": 12.9}"#), Ok(12));
        assert_eq!(n(r#"{"n": -1e300}"#), Ok(i64::MIN));
        assert_eq!(n(r#"{}"#), Ok(0));
        assert!(n(r#"{"n": [1]}"#).is_err());
        assert!(n(r#"{"n": true}"#).is_err());
    }

    #[test]
    fn lenient_scalars() {
        let m = obj(
            r#"{"n": "12", "f": 12.9, "big": 18446744073709551615, "b": "True", "z": 0, "s": null}"#,
        );
        assert_eq!(int(&m, "n"), Ok(12));
        assert_eq!(int(&m, "f"), Ok(12));
        assert_eq!(int(&m, "big"), Ok(i64::MAX));
        assert_eq!(int(&m, "s"), Ok(0));
        assert_eq!(opt_int(&m, "s"), Ok(None));
        assert!(flag(&m, "b").unwrap());
        assert!(!flag(&m, "z").unwrap());
        assert_eq!(text(&m, "s"), Ok(String::new()));
        assert!(int(&obj(r#"{"n": true}"#), "n").is_err());
        assert!(list(&obj(r#"{"v": "x"}"#), "v", string_item).is_err());
        assert_eq!(
            list(&obj(r#"{"v": null}"#), "v", string_item),
            Ok(Vec::new())
        );
    }
}
