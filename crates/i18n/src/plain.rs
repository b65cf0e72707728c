//! Plain English, for the pure crates' native tests (the browser uses `intl.rs`).

use super::{Unit, Width};

pub(super) fn reset() {}

pub(super) fn lowercase(text: &str) -> String {
    text.to_lowercase()
}

pub(super) fn number(n: f64) -> String {
    let negative = n < 0.0;
    let n = n.abs();
    let whole = n.trunc() as u64;
    let digits = whole.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    let frac = n - n.trunc();
    if frac > 0.0 {
        let f = format!("{:.3}", frac);
        let f = f.trim_start_matches('0').trim_end_matches('0');
        if f != "." {
            out.push_str(f);
        }
    }
    if negative { format!("-{out}") } else { out }
}

pub(super) fn plural_is_one(n: f64) -> bool {
    n == 1.0
}

fn name(unit: Unit, width: Width) -> &'static str {
    match (unit, width) {
        (Unit::Year, Width::Long) => "year",
        (Unit::Month, Width::Long) => "month",
        (Unit::Week, Width::Long) => "week",
        (Unit::Day, Width::Long) => "day",
        (Unit::Hour, Width::Long) => "hour",
        (Unit::Minute, Width::Long) => "minute",
        (Unit::Second, Width::Long) => "second",
        (Unit::Millisecond, Width::Long) => "millisecond",
        (Unit::Year, Width::Short) => "y",
        (Unit::Month, Width::Short) => "mo",
        (Unit::Week, Width::Short) => "w",
        (Unit::Day, Width::Short) => "d",
        (Unit::Hour, Width::Short) => "h",
        (Unit::Minute, Width::Short) => "min",
        (Unit::Second, Width::Short) => "s",
        (Unit::Millisecond, Width::Short) => "ms",
    }
}

fn plain_number(n: f64) -> String {
    if n.fract() == 0.0 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

pub(super) fn units(parts: &[(f64, Unit)], width: Width) -> String {
    parts
        .iter()
        .map(|&(n, unit)| {
            let s = if width == Width::Long && n != 1.0 {
                "s"
            } else {
                ""
            };
            format!("{} {}{s}", plain_number(n), name(unit, width))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

pub(super) fn relative(n: f64, unit: Unit, future: bool, under_a_minute: bool) -> String {
    if under_a_minute {
        return if future {
            "in less than a minute"
        } else {
            "just now"
        }
        .to_owned();
    }
    let amount = units(&[(n, unit)], Width::Long);
    if future {
        format!("in {amount}")
    } else {
        format!("{amount} ago")
    }
}

pub(super) fn ago_short(n: f64, unit: Unit) -> String {
    if n == 0.0 {
        return "just now".to_owned();
    }
    format!("{} ago", units(&[(n, unit)], Width::Short))
}

pub(super) fn date_time_utc(ms: i64) -> String {
    // Days from the civil date algorithm (https://howardhinnant.github.io/date_algorithms.html).
    let secs = ms.div_euclid(1000);
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02} UTC",
        rem / 3600,
        rem % 3600 / 60
    )
}

#[cfg(test)]
mod tests {
    use crate::fmt::*;

    #[test]
    fn plain_english_as_before() {
        assert_eq!(number(5000.0), "5,000");
        assert_eq!(number(1234567.0), "1,234,567");
        assert_eq!(number(12.5), "12.5");
        assert_eq!(number(-3.0), "-3");
        assert_eq!(duration_ms(850), "850 ms");
        assert_eq!(duration_ms(45_000), "45 s");
        assert_eq!(duration_ms(192_000), "3 min 12 s");
        assert_eq!(duration_ms(7_500_000), "2 h 5 min");
        assert_eq!(duration_ms(97_200_000), "1 d 3 h");
        assert_eq!(duration_ms(-45_000), "45 s");
        assert_eq!(relative(0, -30_000), "just now");
        assert_eq!(relative(0, 30_000), "in less than a minute");
        assert_eq!(relative(0, -300_000), "5 minutes ago");
        assert_eq!(relative(0, 7_200_000), "in 2 hours");
        assert_eq!(relative(0, -86_400_000), "1 day ago");
        assert_eq!(ago_short(10_000, 9_000), "just now");
        assert_eq!(ago_short(10_000, 5_000), "5 s ago");
        assert_eq!(ago_short(200_000, 0), "3 min ago");
        assert_eq!(
            units(&[(2.0, Unit::Hour), (1.0, Unit::Minute)], Width::Long),
            "2 hours 1 minute"
        );
        assert_eq!(date_time_utc(1_764_963_000_000), "2025-12-05 19:30 UTC");
        assert_eq!(date_time_utc(0), "1970-01-01 00:00 UTC");
        assert!(plural_is_one(1.0) && !plural_is_one(2.0) && !plural_is_one(0.0));
    }
}
