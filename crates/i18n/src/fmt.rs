//! Numbers, instants, relative times, lengths of time and plural forms in the current language.
//!
//! In the browser they come from `Intl` (`NumberFormat`, `DateTimeFormat`, `RelativeTimeFormat`,
//! `ListFormat`, `PluralRules`, through js-sys) in the language [`crate::install`]ed: the wasm
//! holds no formatting tables. Natively (the pure crates' tests) the same functions write plain
//! English, so those tests read as before.

/// A unit of time, as `Intl` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Years.
    Year,
    /// Months.
    Month,
    /// Weeks.
    Week,
    /// Days.
    Day,
    /// Hours.
    Hour,
    /// Minutes.
    Minute,
    /// Seconds.
    Second,
    /// Milliseconds.
    Millisecond,
}

impl Unit {
    /// `Intl`'s name of the unit.
    pub fn intl(self) -> &'static str {
        match self {
            Unit::Year => "year",
            Unit::Month => "month",
            Unit::Week => "week",
            Unit::Day => "day",
            Unit::Hour => "hour",
            Unit::Minute => "minute",
            Unit::Second => "second",
            Unit::Millisecond => "millisecond",
        }
    }
}

/// How wide units are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Width {
    /// `2 hours 30 minutes`, `2小时30分钟`.
    Long,
    /// `2 hr 30 min`, `2小时30分钟` (plain English: `2 h 30 min`).
    Short,
}

const S: u64 = 1_000;
const M: u64 = 60 * S;
const H: u64 = 60 * M;
const D: u64 = 24 * H;

/// A length of time in milliseconds with at most two units, short: `850 ms`, `45 s`,
/// `3 min 12 s`, `2 h 5 min`, `1 d 3 h` (plain English; the browser writes the language's own
/// units). Negative lengths are written as their absolute value.
pub fn duration_ms(millis: i64) -> String {
    let ms = millis.unsigned_abs();
    let two = |big: u64, big_unit: Unit, small: u64, small_unit: Unit| {
        if small == 0 {
            units(&[(big as f64, big_unit)], Width::Short)
        } else {
            units(
                &[(big as f64, big_unit), (small as f64, small_unit)],
                Width::Short,
            )
        }
    };
    if ms < S {
        units(&[(ms as f64, Unit::Millisecond)], Width::Short)
    } else if ms < M {
        units(&[((ms / S) as f64, Unit::Second)], Width::Short)
    } else if ms < H {
        two(ms / M, Unit::Minute, ms % M / S, Unit::Second)
    } else if ms < D {
        two(ms / H, Unit::Hour, ms % H / M, Unit::Minute)
    } else {
        two(ms / D, Unit::Day, ms % D / H, Unit::Hour)
    }
}

/// Where `t` is from `now` (Unix milliseconds) in whole units, rounded down: under a minute
/// `just now` / `in less than a minute` (the browser: "now"), then minutes, hours, days, months
/// (30 days) and years (365 days): `5 minutes ago`, `in 2 hours`.
pub fn relative(now: i64, t: i64) -> String {
    let diff = i128::from(t) - i128::from(now);
    let abs = diff.unsigned_abs();
    if abs < 60_000 {
        return imp::relative(0.0, Unit::Second, diff > 0, true);
    }
    let (n, unit) = if abs < 3_600_000 {
        (abs / 60_000, Unit::Minute)
    } else if abs < 86_400_000 {
        (abs / 3_600_000, Unit::Hour)
    } else if abs < 30 * 86_400_000 {
        (abs / 86_400_000, Unit::Day)
    } else if abs < 365 * 86_400_000 {
        (abs / (30 * 86_400_000), Unit::Month)
    } else {
        (abs / (365 * 86_400_000), Unit::Year)
    };
    imp::relative(n as f64, unit, diff > 0, false)
}

/// How long ago `then` was, to the second under a minute, short: `5 s ago`, `3 min ago`,
/// `2 h ago`, `4 d ago`; `just now` under 2 s or in the future (the browser: "now").
pub fn ago_short(now: i64, then: i64) -> String {
    let diff = i128::from(now) - i128::from(then);
    if diff < 2_000 {
        return imp::ago_short(0.0, Unit::Second);
    }
    let diff = diff as u128;
    let (n, unit) = if diff < 60_000 {
        (diff / 1_000, Unit::Second)
    } else if diff < 3_600_000 {
        (diff / 60_000, Unit::Minute)
    } else if diff < 86_400_000 {
        (diff / 3_600_000, Unit::Hour)
    } else {
        (diff / 86_400_000, Unit::Day)
    };
    imp::ago_short(n as f64, unit)
}

/// Amounts of units as one length of time: `2 hours 30 minutes` (long), `3 min 12 s` (short).
pub fn units(parts: &[(f64, Unit)], width: Width) -> String {
    imp::units(parts, width)
}

/// A number in the language's digits and separators: `5,000`, `12.5`.
pub fn number(n: f64) -> String {
    imp::number(n)
}

/// True when the language's plural rules put `n` in the category "one" (`Intl.PluralRules`).
pub fn plural_is_one(n: f64) -> bool {
    imp::plural_is_one(n)
}

/// An instant (Unix milliseconds) as a date and time in UTC, as Graph keeps them:
/// `2026-12-05 19:30 UTC` (plain English); the browser writes the language's own form.
pub fn date_time_utc(ms: i64) -> String {
    imp::date_time_utc(ms)
}

/// `text` in lower case, for case-insensitive search and sorting: the browser's
/// `String.prototype.toLowerCase` (the wasm then holds no Unicode case tables, kilobytes of the
/// first load), natively `str::to_lowercase`. Both apply Unicode's default case mapping.
pub fn lowercase(text: &str) -> String {
    imp::lowercase(text)
}

/// Forgets the formatters of the previous language.
pub(crate) fn reset() {
    imp::reset();
}

#[cfg(not(target_arch = "wasm32"))]
#[path = "plain.rs"]
mod imp;

#[cfg(target_arch = "wasm32")]
#[path = "intl.rs"]
mod imp;
