//! Outcomes per UTC day over the last days, today included, with every day present (a day
//! without events counts zeros).

use crate::enums::ProvisioningResult;
use crate::logs::LogEvent;
use crate::time::format_rfc3339_millis;
use syncdeck_i18n::{n_, tf, tr};

const DAY_MS: i64 = 86_400_000;
const WEEKDAYS: [&str; 7] = [
    n_!("Thu"),
    n_!("Fri"),
    n_!("Sat"),
    n_!("Sun"),
    n_!("Mon"),
    n_!("Tue"),
    n_!("Wed"),
];

/// One UTC day's outcomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DayCounts {
    /// Days since 1970-01-01 (UTC).
    pub day: i64,
    /// Events that worked.
    pub success: u32,
    /// Events that worked with a warning.
    pub warning: u32,
    /// Events that did nothing (e.g. out of scope).
    pub skipped: u32,
    /// Events that failed.
    pub failure: u32,
}

impl DayCounts {
    /// The day as `YYYY-MM-DD`.
    pub fn date(&self) -> String {
        let mut text = format_rfc3339_millis(self.day * DAY_MS);
        text.truncate(10);
        text
    }

    /// The day in short, e.g. `Fri 5`.
    pub fn short(&self) -> String {
        let date = self.date();
        let dom = date[8..].trim_start_matches('0');
        tf!(
            "{weekday} {day}",
            weekday = tr(WEEKDAYS[self.day.rem_euclid(7) as usize]),
            day = dom
        )
    }

    /// Every event of the day.
    pub fn total(&self) -> u32 {
        self.success + self.warning + self.skipped + self.failure
    }
}

/// The `days` UTC days ending with the day of `now_ms`, oldest first, counting `events` that
/// fall in them (others, and outcomes other than the four, are left out).
pub fn daily_outcomes(events: &[LogEvent], now_ms: i64, days: usize) -> Vec<DayCounts> {
    let mut out = empty_days(now_ms, days);
    add_to_days(&mut out, events);
    out
}

/// The `days` UTC days ending with the day of `now_ms`, all zero.
pub fn empty_days(now_ms: i64, days: usize) -> Vec<DayCounts> {
    let today = now_ms.div_euclid(DAY_MS);
    (0..days as i64)
        .rev()
        .map(|back| DayCounts {
            day: today - back,
            ..DayCounts::default()
        })
        .collect()
}

/// Counts `events` into the days they fall in.
pub fn add_to_days(days: &mut [DayCounts], events: &[LogEvent]) {
    let Some(first) = days.first().map(|d| d.day) else {
        return;
    };
    for e in events {
        let Some(at) = e.activity_date_time().unix_millis() else {
            continue;
        };
        let Some(d) = usize::try_from(at.div_euclid(DAY_MS) - first)
            .ok()
            .and_then(|i| days.get_mut(i))
        else {
            continue;
        };
        match e.result() {
            ProvisioningResult::Success => d.success += 1,
            ProvisioningResult::Warning => d.warning += 1,
            ProvisioningResult::Skipped => d.skipped += 1,
            ProvisioningResult::Failure => d.failure += 1,
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcomes::groups::tests::event;

    const NOW: i64 = 1_764_936_000_000; // 2025-12-05T12:00:00Z, a Friday

    #[test]
    fn seven_days_ending_today_with_empty_days_present() {
        let e = |status, at| event("sp", Some("A"), "j", status, None, at);
        let events = [
            e("success", "2025-12-05T00:00:00Z"),
            e("failure", "2025-12-05T11:59:59.999Z"),
            e("warning", "2025-12-04T23:59:59.999Z"),
            e("skipped", "2025-11-29T00:00:00Z"),
            e("Success", "2025-11-29T10:00:00+02:00"),
            // Before the first day, after today, without a time, an unknown outcome: left out.
            e("failure", "2025-11-28T23:59:59Z"),
            e("failure", "2025-12-06T00:00:00Z"),
            e("failure", ""),
            e("unknownFutureValue", "2025-12-05T01:00:00Z"),
        ];
        let days = daily_outcomes(&events, NOW, 7);
        let dates: Vec<String> = days.iter().map(DayCounts::date).collect();
        assert_eq!(
            dates,
            [
                "2025-11-29",
                "2025-11-30",
                "2025-12-01",
                "2025-12-02",
                "2025-12-03",
                "2025-12-04",
                "2025-12-05"
            ]
        );
        let counts: Vec<(u32, u32, u32, u32)> = days
            .iter()
            .map(|d| (d.success, d.warning, d.skipped, d.failure))
            .collect();
        assert_eq!(
            counts,
            [
                (1, 0, 1, 0),
                (0, 0, 0, 0),
                (0, 0, 0, 0),
                (0, 0, 0, 0),
                (0, 0, 0, 0),
                (0, 1, 0, 0),
                (1, 0, 0, 1)
            ]
        );
        assert_eq!(days[6].total(), 2);
        assert_eq!(days[6].short(), "Fri 5");
        assert_eq!(days[0].short(), "Sat 29");
    }

    #[test]
    fn days_split_at_utc_midnight() {
        let days = empty_days(1_764_892_800_000, 2); // 2025-12-05T00:00:00Z exactly
        assert_eq!(days[1].date(), "2025-12-05");
        assert_eq!(days[0].date(), "2025-12-04");
        assert!(empty_days(NOW, 0).is_empty());
    }
}
