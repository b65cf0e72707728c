//! ISO-8601 durations (`Edm.Duration`), such as a schedule's `interval`.
//!
//! Graph writes .NET `TimeSpan` values with `XmlConvert`: `PT40M`, `P1D`,
//! `P10675199DT2H48M5.4775807S`. Note `PT1M` is one minute and `P1M` one
//! month (an old version of the docs got this wrong).

use std::fmt;

use syncdeck_i18n::fmt::{Unit, Width};
use syncdeck_i18n::{t, tf};

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use crate::sentinels::TIMESPAN_MAX_VALUE;

/// The components of a valid ISO-8601 duration, as written (not normalized:
/// `PT90M` keeps 90 minutes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DurationParts {
    /// True for a leading `-` (`-PT5M`).
    pub negative: bool,
    /// `Y` years.
    pub years: u64,
    /// `M` months (before the `T`).
    pub months: u64,
    /// `W` weeks.
    pub weeks: u64,
    /// `D` days.
    pub days: u64,
    /// `H` hours.
    pub hours: u64,
    /// `M` minutes (after the `T`).
    pub minutes: u64,
    /// Whole `S` seconds.
    pub seconds: u64,
    /// Fractional seconds, in nanoseconds (digits beyond 9 are dropped).
    pub nanos: u32,
}

impl DurationParts {
    /// The exact length in milliseconds (fraction truncated), or `None` when
    /// the duration has years or months (whose length varies) or the total
    /// overflows an `i64`.
    pub fn exact_millis(&self) -> Option<i64> {
        if self.years != 0 || self.months != 0 {
            return None;
        }
        let days = self.weeks.checked_mul(7)?.checked_add(self.days)?;
        let secs = days
            .checked_mul(86_400)?
            .checked_add(self.hours.checked_mul(3_600)?)?
            .checked_add(self.minutes.checked_mul(60)?)?
            .checked_add(self.seconds)?;
        let ms = secs
            .checked_mul(1_000)?
            .checked_add(u64::from(self.nanos / 1_000_000))?;
        let ms = i64::try_from(ms).ok()?;
        Some(if self.negative { -ms } else { ms })
    }
}

/// A Graph `Duration` value, as received.
///
/// Like [`crate::GraphTime`], a value that cannot be parsed is kept verbatim
/// ([`IsoDuration::Invalid`]) instead of failing the parse of the whole job;
/// it displays as the raw text. Deserializing only fails when the JSON value
/// is neither a string nor `null`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum IsoDuration {
    /// The value was `null` or absent.
    #[default]
    Missing,
    /// A valid duration.
    Parsed {
        /// Its components.
        parts: DurationParts,
        /// The text exactly as received.
        raw: String,
    },
    /// A string that is not an ISO-8601 duration (including `""`), kept
    /// verbatim.
    Invalid(String),
}

impl IsoDuration {
    /// Parses an ISO-8601 duration: `[-]P[nY][nM][nW][nD][T[nH][nM][n[.f]S]]`
    /// (case-insensitive designators; a fraction is accepted on seconds only).
    /// Never fails: other text gives [`IsoDuration::Invalid`].
    pub fn parse(text: &str) -> IsoDuration {
        match parse_parts(text.trim()) {
            Some(parts) => IsoDuration::Parsed {
                parts,
                raw: text.to_owned(),
            },
            None => IsoDuration::Invalid(text.to_owned()),
        }
    }

    /// The components, when the value is a valid duration.
    pub fn parts(&self) -> Option<&DurationParts> {
        match self {
            IsoDuration::Parsed { parts, .. } => Some(parts),
            _ => None,
        }
    }

    /// The text as received (`None` for `null`/absent).
    pub fn raw(&self) -> Option<&str> {
        match self {
            IsoDuration::Missing => None,
            IsoDuration::Parsed { raw, .. } | IsoDuration::Invalid(raw) => Some(raw),
        }
    }

    /// The exact length in milliseconds; `None` when missing, invalid, or
    /// when the duration has years or months (see
    /// [`DurationParts::exact_millis`]).
    pub fn exact_millis(&self) -> Option<i64> {
        self.parts()?.exact_millis()
    }

    /// True for .NET `TimeSpan.MaxValue` ([`TIMESPAN_MAX_VALUE`]), the
    /// interval of a job that is not scheduled. Compared by value, so
    /// spellings such as `P10675199DT2H48M5.477S` also count.
    pub fn is_not_scheduled(&self) -> bool {
        match self {
            IsoDuration::Parsed { raw, parts } => {
                raw.trim().eq_ignore_ascii_case(TIMESPAN_MAX_VALUE)
                    || parts.exact_millis() == Some(crate::sentinels::TIMESPAN_MAX_VALUE_MILLIS)
            }
            _ => false,
        }
    }

    /// The interval in words, for a schedule: `"every 40 minutes"`,
    /// `"every day"`, `"every 2 hours 30 minutes"`, `"every 1 day 12 hours"`,
    /// `"every 5.5 seconds"`; `"not scheduled"` for [`TIMESPAN_MAX_VALUE`];
    /// `"no interval"` when missing; the raw text when it is not a valid (or
    /// is a negative) duration.
    pub fn human(&self) -> String {
        let (parts, raw) = match self {
            IsoDuration::Missing => return t!("no interval").to_owned(),
            IsoDuration::Invalid(raw) => return raw.clone(),
            IsoDuration::Parsed { parts, raw } => (parts, raw),
        };
        if self.is_not_scheduled() {
            return t!("not scheduled").to_owned();
        }
        if parts.negative {
            return raw.clone();
        }
        let mut items: Vec<(f64, Unit)> = Vec::new();
        for (n, unit) in [
            (parts.years, Unit::Year),
            (parts.months, Unit::Month),
            (parts.weeks, Unit::Week),
            (parts.days, Unit::Day),
            (parts.hours, Unit::Hour),
            (parts.minutes, Unit::Minute),
        ] {
            if n != 0 {
                items.push((n as f64, unit));
            }
        }
        if parts.seconds != 0 || parts.nanos != 0 {
            let s = parts.seconds as f64 + f64::from(parts.nanos) / 1e9;
            items.push((s, Unit::Second));
        }
        match items.as_slice() {
            [] => tf!(
                "every {interval}",
                interval = syncdeck_i18n::fmt::units(&[(0.0, Unit::Second)], Width::Long)
            ),
            [(n, unit)] if *n == 1.0 => match unit {
                Unit::Year => t!("every year"),
                Unit::Month => t!("every month"),
                Unit::Week => t!("every week"),
                Unit::Day => t!("every day"),
                Unit::Hour => t!("every hour"),
                Unit::Minute => t!("every minute"),
                _ => t!("every second"),
            }
            .to_owned(),
            _ => tf!(
                "every {interval}",
                interval = syncdeck_i18n::fmt::units(&items, Width::Long)
            ),
        }
    }
}

impl fmt::Display for IsoDuration {
    /// Same as [`IsoDuration::human`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.human())
    }
}

impl Serialize for IsoDuration {
    /// Writes the text as received (`null` for [`IsoDuration::Missing`]).
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.raw() {
            Some(raw) => s.serialize_str(raw),
            None => s.serialize_none(),
        }
    }
}

impl<'de> Deserialize<'de> for IsoDuration {
    /// Reads a string (any text, see [`IsoDuration::parse`]) or `null`.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(DurationVisitor)
    }
}

struct DurationVisitor;

impl<'de> Visitor<'de> for DurationVisitor {
    type Value = IsoDuration;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an ISO-8601 duration string or null")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<IsoDuration, E> {
        Ok(IsoDuration::parse(v))
    }

    fn visit_unit<E: de::Error>(self) -> Result<IsoDuration, E> {
        Ok(IsoDuration::Missing)
    }

    fn visit_none<E: de::Error>(self) -> Result<IsoDuration, E> {
        Ok(IsoDuration::Missing)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<IsoDuration, D::Error> {
        d.deserialize_any(DurationVisitor)
    }
}

/// The parser behind [`IsoDuration::parse`].
fn parse_parts(text: &str) -> Option<DurationParts> {
    let b = text.as_bytes();
    let mut i = 0;
    let mut p = DurationParts::default();
    if b.first() == Some(&b'-') {
        p.negative = true;
        i += 1;
    } else if b.first() == Some(&b'+') {
        i += 1;
    }
    if !matches!(b.get(i), Some(b'P' | b'p')) {
        return None;
    }
    i += 1;
    let mut in_time = false;
    let mut any = false;
    // Rank of the last designator, to enforce order and forbid repeats.
    let mut last_rank = 0u8;
    while i < b.len() {
        if matches!(b[i], b'T' | b't') {
            if in_time {
                return None;
            }
            in_time = true;
            i += 1;
            // `PT` must be followed by at least one time component.
            if i >= b.len() {
                return None;
            }
            continue;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == start {
            return None;
        }
        let whole: u64 = text.get(start..i)?.parse().ok()?;
        let mut nanos: u32 = 0;
        let mut has_fraction = false;
        if i < b.len() && matches!(b[i], b'.' | b',') {
            has_fraction = true;
            i += 1;
            let fstart = i;
            while i < b.len() && b[i].is_ascii_digit() {
                if i - fstart < 9 {
                    nanos = nanos * 10 + u32::from(b[i] - b'0');
                }
                i += 1;
            }
            let n = i - fstart;
            if n == 0 {
                return None;
            }
            for _ in n..9 {
                nanos *= 10;
            }
        }
        let designator = b.get(i)?.to_ascii_uppercase();
        i += 1;
        let rank = match (in_time, designator) {
            (false, b'Y') => 1,
            (false, b'M') => 2,
            (false, b'W') => 3,
            (false, b'D') => 4,
            (true, b'H') => 5,
            (true, b'M') => 6,
            (true, b'S') => 7,
            _ => return None,
        };
        if rank <= last_rank || (has_fraction && rank != 7) {
            return None;
        }
        last_rank = rank;
        any = true;
        match rank {
            1 => p.years = whole,
            2 => p.months = whole,
            3 => p.weeks = whole,
            4 => p.days = whole,
            5 => p.hours = whole,
            6 => p.minutes = whole,
            _ => {
                p.seconds = whole;
                p.nanos = nanos;
            }
        }
    }
    any.then_some(p)
}
