//! [`GraphTime`]: a Graph `DateTimeOffset` value, kept as received.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use super::relative;
use super::rfc3339::{format_rfc3339_millis, parse_rfc3339_millis};
use crate::sentinels::NEVER_BEFORE_UNIX_MILLIS;

/// A Graph `DateTimeOffset` value, as received.
///
/// Design choice: a timestamp that cannot be parsed does **not** fail the
/// parse of the whole job. Microsoft's own samples put `""` and
/// `"String (timestamp)"` where a timestamp belongs, and one odd field must not
/// hide a job from the admin. Such values are kept verbatim as
/// [`GraphTime::Invalid`]; the app shows the raw text. Deserializing a
/// `GraphTime` therefore only fails when the JSON value is not a string or
/// `null` (a wrong shape).
///
/// `null` and an absent field read as [`GraphTime::Missing`] (use
/// `#[serde(default)]` on the field).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum GraphTime {
    /// The value was `null` or absent.
    #[default]
    Missing,
    /// A valid timestamp.
    At {
        /// The instant in UTC milliseconds since the Unix epoch (negative
        /// before 1970; sub-millisecond digits are truncated).
        unix_millis: i64,
        /// The text exactly as received.
        raw: String,
    },
    /// A string that is not a timestamp (including `""`), kept verbatim.
    Invalid(String),
}

impl GraphTime {
    /// Parses an RFC 3339 / ISO-8601 timestamp. Never fails: text that is not
    /// a timestamp gives [`GraphTime::Invalid`].
    ///
    /// Accepted: `YYYY-MM-DDTHH:MM:SS`, optional fraction of any length (only
    /// milliseconds are kept), then `Z`, `+HH:MM`, `-HH:MM`, `+HHMM` or
    /// nothing (read as UTC, as Graph's `innerError.date` is). `T` may be a
    /// space or lower case, `Z` may be lower case.
    pub fn parse(text: &str) -> GraphTime {
        match parse_rfc3339_millis(text) {
            Some(unix_millis) => GraphTime::At {
                unix_millis,
                raw: text.to_owned(),
            },
            None => GraphTime::Invalid(text.to_owned()),
        }
    }

    /// A timestamp for a Unix millisecond instant, with its canonical text
    /// (`YYYY-MM-DDTHH:MM:SS.fffZ`, or without the fraction when it is zero).
    pub fn from_unix_millis(unix_millis: i64) -> GraphTime {
        GraphTime::At {
            unix_millis,
            raw: format_rfc3339_millis(unix_millis),
        }
    }

    /// The instant in UTC milliseconds since the Unix epoch, or `None` when
    /// the value is missing, invalid, or "never" (see [`GraphTime::is_never`]).
    /// Use [`GraphTime::raw_unix_millis`] to get the parsed instant of a
    /// sentinel too.
    pub fn unix_millis(&self) -> Option<i64> {
        match self {
            GraphTime::At { unix_millis, .. } if *unix_millis >= NEVER_BEFORE_UNIX_MILLIS => {
                Some(*unix_millis)
            }
            _ => None,
        }
    }

    /// The parsed instant even when it is a "never" sentinel; `None` only when
    /// the value is missing or invalid.
    pub fn raw_unix_millis(&self) -> Option<i64> {
        match self {
            GraphTime::At { unix_millis, .. } => Some(*unix_millis),
            _ => None,
        }
    }

    /// True when the value means "never": missing (`null` or absent), an empty
    /// or blank string, .NET `DateTime.MinValue`
    /// ([`crate::DATETIME_MIN_VALUE`]), or any instant before 1900.
    pub fn is_never(&self) -> bool {
        match self {
            GraphTime::Missing => true,
            GraphTime::At { unix_millis, .. } => *unix_millis < NEVER_BEFORE_UNIX_MILLIS,
            GraphTime::Invalid(raw) => raw.trim().is_empty(),
        }
    }

    /// True when a non-blank string was received that is not a timestamp.
    pub fn is_invalid(&self) -> bool {
        matches!(self, GraphTime::Invalid(raw) if !raw.trim().is_empty())
    }

    /// The text as received (`None` for `null`/absent).
    pub fn raw(&self) -> Option<&str> {
        match self {
            GraphTime::Missing => None,
            GraphTime::At { raw, .. } | GraphTime::Invalid(raw) => Some(raw),
        }
    }

    /// The instant relative to `now_millis`, such as "5 minutes ago" (see
    /// [`relative`]); "never" for a never value; the raw text for an invalid one.
    pub fn relative_to(&self, now_millis: i64) -> String {
        match self.unix_millis() {
            Some(t) => relative(now_millis, t),
            None if self.is_never() => "never".to_owned(),
            None => self.raw().unwrap_or_default().to_owned(),
        }
    }

    /// The instant as `YYYY-MM-DD HH:MM UTC`; "never" for a never value; the
    /// raw text for an invalid one.
    pub fn display_utc(&self) -> String {
        match self.unix_millis() {
            Some(t) => syncdeck_i18n::fmt::date_time_utc(t),
            None if self.is_never() => syncdeck_i18n::t!("never").to_owned(),
            None => self.raw().unwrap_or_default().to_owned(),
        }
    }
}

impl fmt::Display for GraphTime {
    /// Same as [`GraphTime::display_utc`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display_utc())
    }
}

impl Serialize for GraphTime {
    /// Writes the text as received (`null` for [`GraphTime::Missing`]), so a
    /// value round-trips unchanged.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.raw() {
            Some(raw) => s.serialize_str(raw),
            None => s.serialize_none(),
        }
    }
}

impl<'de> Deserialize<'de> for GraphTime {
    /// Reads a string (any text, see [`GraphTime::parse`]) or `null`. Any
    /// other JSON type is an error.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(GraphTimeVisitor)
    }
}

struct GraphTimeVisitor;

impl<'de> Visitor<'de> for GraphTimeVisitor {
    type Value = GraphTime;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a timestamp string or null")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<GraphTime, E> {
        Ok(GraphTime::parse(v))
    }

    fn visit_unit<E: de::Error>(self) -> Result<GraphTime, E> {
        Ok(GraphTime::Missing)
    }

    fn visit_none<E: de::Error>(self) -> Result<GraphTime, E> {
        Ok(GraphTime::Missing)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<GraphTime, D::Error> {
        d.deserialize_any(GraphTimeVisitor)
    }
}
