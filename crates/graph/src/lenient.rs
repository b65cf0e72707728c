//! Lenient serde helpers for the sloppy values found in Graph responses and in
//! Microsoft's documentation samples. Used with `#[serde(deserialize_with)]`.
//!
//! They tolerate odd *content* (null for a non-nullable value, a number sent as
//! a string, a type name such as `"Integer"` in place of a value, one object
//! where a collection belongs) but still reject a wrong *shape* (an array where
//! a number belongs), so that a truly wrong document gives a clear error.

use std::fmt;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::{self, DeserializeOwned, Deserializer, MapAccess, SeqAccess, Visitor};

/// `null` reads as `T::default()`; anything else as `T`.
pub(crate) fn null_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// An Int64: a JSON integer, a float (truncated, saturating), a string of
/// digits, `null` (0), or a non-numeric string such as the docs' `"Integer"`
/// placeholder (0). Booleans, arrays and objects are errors.
pub(crate) fn i64_lenient<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    d.deserialize_any(I64Visitor)
}

/// Like [`i64_lenient`], but `null` reads as `None`.
pub(crate) fn i64_lenient_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    d.deserialize_option(OptVisitor)
}

struct OptVisitor;

impl<'de> Visitor<'de> for OptVisitor {
    type Value = Option<i64>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an integer or null")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Option<i64>, E> {
        Ok(None)
    }

    fn visit_none<E: de::Error>(self) -> Result<Option<i64>, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Option<i64>, D::Error> {
        i64_lenient(d).map(Some)
    }
}

struct I64Visitor;

impl<'de> Visitor<'de> for I64Visitor {
    type Value = i64;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an integer (or a string of digits)")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<i64, E> {
        Ok(v)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<i64, E> {
        Ok(i64::try_from(v).unwrap_or(i64::MAX))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<i64, E> {
        // `as` saturates and maps NaN to 0.
        Ok(v as i64)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<i64, E> {
        Ok(parse_i64_text(v))
    }

    fn visit_unit<E: de::Error>(self) -> Result<i64, E> {
        Ok(0)
    }

    fn visit_none<E: de::Error>(self) -> Result<i64, E> {
        Ok(0)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<i64, D::Error> {
        d.deserialize_any(I64Visitor)
    }
}

/// Digits (with an optional sign) as an i64; a decimal number (`12.9`, `1.5e3`) truncated toward
/// zero and kept within i64; any other text 0. Written out instead of `str::parse::<f64>`, which
/// costs 4 KB of WebAssembly for this one use.
pub(crate) fn parse_i64_text(v: &str) -> i64 {
    let t = v.trim();
    if let Ok(n) = t.parse::<i64>() {
        return n;
    }
    let (negative, t) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let (mantissa, exponent) = match t.find(['e', 'E']) {
        Some(i) => match t[i + 1..].parse::<i32>() {
            Ok(e) => (&t[..i], e),
            Err(_) => return 0,
        },
        None => (t, 0),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = || int.bytes().chain(frac.bytes());
    if int.len() + frac.len() == 0 || !digits().all(|b| b.is_ascii_digit()) {
        return 0;
    }
    // The decimal point moves `exponent` places; digits past it are dropped.
    let keep = int.len() as i64 + i64::from(exponent);
    let mut n: i128 = 0;
    for (i, b) in digits().enumerate() {
        if i as i64 >= keep {
            break;
        }
        n = (n * 10 + i128::from(b - b'0')).min(i128::from(i64::MAX) + 1);
    }
    for _ in (int.len() + frac.len()) as i64..keep.min(40) {
        n = (n * 10).min(i128::from(i64::MAX) + 1);
    }
    let n = if negative { -n } else { n };
    n.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64
}

/// A collection: a JSON array, `null` (empty), or a single object standing for
/// a one-element collection (as the job representation in the docs shows
/// `synchronizationJobSettings`). Other values are errors.
pub(crate) fn vec_lenient<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    d.deserialize_any(VecVisitor(PhantomData))
}

struct VecVisitor<T>(PhantomData<T>);

impl<'de, T: DeserializeOwned> Visitor<'de> for VecVisitor<T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        // Do not trust size hints for allocation beyond a sane bound.
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
        while let Some(item) = seq.next_element::<T>()? {
            out.push(item);
        }
        Ok(out)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Vec<T>, A::Error> {
        let one = T::deserialize(de::value::MapAccessDeserializer::new(map))?;
        Ok(vec![one])
    }

    fn visit_unit<E: de::Error>(self) -> Result<Vec<T>, E> {
        Ok(Vec::new())
    }

    fn visit_none<E: de::Error>(self) -> Result<Vec<T>, E> {
        Ok(Vec::new())
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Vec<T>, D::Error> {
        d.deserialize_any(VecVisitor(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize, Debug)]
    struct T {
        #[serde(default, deserialize_with = "i64_lenient")]
        n: i64,
        #[serde(default, deserialize_with = "vec_lenient")]
        v: Vec<i64>,
        #[serde(default, deserialize_with = "null_default")]
        s: String,
    }

    fn t(json: &str) -> Result<T, serde_json::Error> {
        serde_json::from_str(json)
    }

    #[test]
    fn integers_in_every_form() {
        assert_eq!(t(r#"{"n": 42}"#).unwrap().n, 42);
        assert_eq!(t(r#"{"n": -7}"#).unwrap().n, -7);
        assert_eq!(t(r#"{"n": "123"}"#).unwrap().n, 123);
        assert_eq!(t(r#"{"n": " 9 "}"#).unwrap().n, 9);
        assert_eq!(t(r#"{"n": "Integer"}"#).unwrap().n, 0);
        assert_eq!(t(r#"{"n": null}"#).unwrap().n, 0);
        assert_eq!(t(r#"{"n": 12.9}"#).unwrap().n, 12);
        assert_eq!(t(r#"{"n": 18446744073709551615}"#).unwrap().n, i64::MAX);
        assert_eq!(t(r#"{}"#).unwrap().n, 0);
        assert!(t(r#"{"n": [1]}"#).is_err());
        assert!(t(r#"{"n": true}"#).is_err());
    }

    #[test]
    fn collections_in_every_form() {
        assert_eq!(t(r#"{"v": [1, 2]}"#).unwrap().v, vec![1, 2]);
        assert!(t(r#"{"v": null}"#).unwrap().v.is_empty());
        assert!(t(r#"{"v": "x"}"#).is_err());
        assert!(t(r#"{"s": null}"#).unwrap().s.is_empty());
        assert_eq!(t(r#"{"s": "x"}"#).unwrap().s, "x");
        assert!(t(r#"{"s": 1}"#).is_err());
    }
}

#[cfg(test)]
mod number_tests {
    use super::parse_i64_text;

    #[test]
    fn numbers_in_text_are_truncated_like_a_float_cast() {
        for (text, n) in [
            ("42", 42),
            (" -7 ", -7),
            ("12.9", 12),
            ("-12.9", -12),
            ("+3.0", 3),
            ("1.5e3", 1500),
            ("1.5E-1", 0),
            ("25e-1", 2),
            ("7.", 7),
            (".5", 0),
            ("1e30", i64::MAX),
            ("-1e30", i64::MIN),
            ("99999999999999999999", i64::MAX),
            ("", 0),
            ("abc", 0),
            ("1.2.3", 0),
            ("NaN", 0),
            ("inf", 0),
            ("1e", 0),
            ("-", 0),
        ] {
            assert_eq!(parse_i64_text(text), n, "{text:?}");
        }
        // The same as the f64 cast it replaces, over a grid of decimals and exponents.
        for m in ["0", "1", "7.25", "123.456", "-98.7", "5000.5"] {
            for e in -4..=6 {
                let text = format!("{m}e{e}");
                let want = text.parse::<f64>().unwrap() as i64;
                assert_eq!(parse_i64_text(&text), want, "{text}");
            }
        }
    }
}
