//! Timestamps, durations, run lengths and relative times.

use syncdeck_graph::{
    DATETIME_MIN_VALUE, GraphTime, IsoDuration, SynchronizationTaskExecution, TIMESPAN_MAX_VALUE,
    format_duration_between, format_millis_duration, parse, relative,
};

fn millis(text: &str) -> Option<i64> {
    GraphTime::parse(text).unix_millis()
}

#[test]
fn timestamps_with_zone_and_fractions() {
    // 2025-02-13T10:17:06Z
    let base = 1_739_441_826_000;
    assert_eq!(millis("2025-02-13T10:17:06Z"), Some(base));
    assert_eq!(millis("2025-02-13T10:17:06.5Z"), Some(base + 500));
    assert_eq!(millis("2025-02-13T10:17:06.123Z"), Some(base + 123));
    assert_eq!(millis("2025-02-13T10:17:06.1234567Z"), Some(base + 123));
    assert_eq!(millis("2025-02-13T10:17:06.9999999Z"), Some(base + 999));
    assert_eq!(millis("2025-02-13T11:17:06+01:00"), Some(base));
    assert_eq!(
        millis("2025-02-13T05:47:06.1234567-04:30"),
        Some(base + 123)
    );
    assert_eq!(millis("2025-02-13T11:17:06+0100"), Some(base));
    assert_eq!(millis("2025-02-13t10:17:06z"), Some(base));
    assert_eq!(millis("2025-02-13 10:17:06Z"), Some(base));
    // No offset (Graph's innerError.date): read as UTC.
    assert_eq!(millis("2025-02-13T10:17:06"), Some(base));
    assert_eq!(millis("1970-01-01T00:00:00Z"), Some(0));
    assert_eq!(millis("2017-10-10T17:00:00Z"), Some(1_507_654_800_000));
    assert_eq!(millis("2024-02-29T00:00:00Z"), Some(1_709_164_800_000));
    assert_eq!(millis("1969-12-31T23:59:59.999Z"), Some(-1));
}

#[test]
fn timestamps_keep_their_text() {
    let raw = "2025-02-13T10:17:06.1234567Z";
    let t = GraphTime::parse(raw);
    assert_eq!(t.raw(), Some(raw));
    assert_eq!(serde_json::to_value(&t).unwrap(), raw);
    assert_eq!(t.display_utc(), "2025-02-13 10:17 UTC");
    assert_eq!(t.to_string(), "2025-02-13 10:17 UTC");
    assert!(!t.is_never() && !t.is_invalid());
    let made = GraphTime::from_unix_millis(1_739_441_826_250);
    assert_eq!(made.raw(), Some("2025-02-13T10:17:06.250Z"));
    assert_eq!(
        GraphTime::from_unix_millis(0).raw(),
        Some("1970-01-01T00:00:00Z")
    );
}

#[test]
fn never_values() {
    let min = GraphTime::parse(DATETIME_MIN_VALUE);
    assert!(min.is_never());
    assert_eq!(min.unix_millis(), None);
    assert_eq!(min.raw_unix_millis(), Some(-62_135_596_800_000));
    assert_eq!(min.display_utc(), "never");
    assert_eq!(min.relative_to(0), "never");

    let pre_1900 = GraphTime::parse("1899-12-31T23:59:59Z");
    assert!(pre_1900.is_never());
    assert_eq!(pre_1900.unix_millis(), None);
    let at_1900 = GraphTime::parse("1900-01-01T00:00:00Z");
    assert!(!at_1900.is_never());
    assert_eq!(at_1900.unix_millis(), Some(-2_208_988_800_000));

    let empty = GraphTime::parse("");
    assert_eq!(empty, GraphTime::Invalid(String::new()));
    assert!(empty.is_never());
    assert!(!empty.is_invalid());

    assert!(GraphTime::Missing.is_never());
    assert_eq!(GraphTime::default(), GraphTime::Missing);
}

#[test]
fn garbage_is_kept_not_fatal() {
    for g in [
        "String (timestamp)",
        "yesterday",
        "2025-13-01T00:00:00Z",
        "2025-02-30T00:00:00Z",
        "2023-02-29T00:00:00Z",
        "2025-02-13T24:00:00Z",
        "2025-02-13T10:60:00Z",
        "2025-02-13T10:17:06.Z",
        "2025-02-13T10:17:06+25:00",
        "2025-02-13T10:17:06Zjunk",
        "2025-02-13",
        "25-02-13T10:17:06Z",
        "２０２５-02-13T10:17:06Z",
        "2025-02-13T10:17:06+01:0",
    ] {
        let t = GraphTime::parse(g);
        assert_eq!(t, GraphTime::Invalid(g.to_owned()), "{g}");
        assert!(t.is_invalid(), "{g}");
        assert!(!t.is_never(), "{g}");
        assert_eq!(t.unix_millis(), None, "{g}");
        assert_eq!(t.display_utc(), g);
        assert_eq!(t.relative_to(0), g);
    }
}

#[test]
fn timestamps_from_json() {
    #[derive(serde::Deserialize)]
    struct W {
        #[serde(default)]
        t: GraphTime,
    }
    assert_eq!(parse::<W>(r#"{"t": null}"#).unwrap().t, GraphTime::Missing);
    assert_eq!(parse::<W>(r#"{}"#).unwrap().t, GraphTime::Missing);
    assert_eq!(
        parse::<W>(r#"{"t": ""}"#).unwrap().t,
        GraphTime::Invalid(String::new())
    );
    assert_eq!(
        parse::<W>(r#"{"t": "2017-10-10T17:00:00Z"}"#)
            .unwrap()
            .t
            .unix_millis(),
        Some(1_507_654_800_000)
    );
    assert!(
        parse::<W>(r#"{"t": 5}"#).is_err(),
        "a number is a wrong shape"
    );
    assert_eq!(serde_json::to_string(&GraphTime::Missing).unwrap(), "null");
}

#[test]
fn durations() {
    let cases = [
        ("PT40M", "every 40 minutes", Some(40 * 60_000)),
        ("PT20M", "every 20 minutes", Some(20 * 60_000)),
        ("P1D", "every day", Some(86_400_000)),
        ("PT1M", "every minute", Some(60_000)),
        ("P1M", "every month", None),
        ("P2M", "every 2 months", None),
        ("PT1H", "every hour", Some(3_600_000)),
        ("PT2H30M", "every 2 hours 30 minutes", Some(9_000_000)),
        ("P1W", "every week", Some(7 * 86_400_000)),
        ("P2W", "every 2 weeks", Some(14 * 86_400_000)),
        ("P1DT12H", "every 1 day 12 hours", Some(36 * 3_600_000)),
        ("PT5.5S", "every 5.5 seconds", Some(5_500)),
        ("PT0.25S", "every 0.25 seconds", Some(250)),
        ("PT1S", "every second", Some(1_000)),
        ("P1Y", "every year", None),
        ("pt40m", "every 40 minutes", Some(40 * 60_000)),
        ("PT0S", "every 0 seconds", Some(0)),
    ];
    for (raw, human, ms) in cases {
        let d = IsoDuration::parse(raw);
        assert!(d.parts().is_some(), "{raw}");
        assert_eq!(d.human(), human, "{raw}");
        assert_eq!(d.to_string(), human, "{raw}");
        assert_eq!(d.exact_millis(), ms, "{raw}");
        assert!(!d.is_not_scheduled(), "{raw}");
        assert_eq!(d.raw(), Some(raw));
    }
    let p = IsoDuration::parse("PT1M");
    let p = p.parts().unwrap();
    assert_eq!((p.minutes, p.months), (1, 0));
    let p = IsoDuration::parse("P1M");
    let p = p.parts().unwrap();
    assert_eq!((p.minutes, p.months), (0, 1));
}

#[test]
fn timespan_max_value_is_not_scheduled() {
    let d = IsoDuration::parse(TIMESPAN_MAX_VALUE);
    assert!(d.is_not_scheduled());
    assert_eq!(d.human(), "not scheduled");
    let p = d.parts().unwrap();
    assert_eq!(
        (p.days, p.hours, p.minutes, p.seconds, p.nanos),
        (10_675_199, 2, 48, 5, 477_580_700)
    );
    assert_eq!(d.exact_millis(), Some(922_337_203_685_477));
    assert_eq!(serde_json::to_value(&d).unwrap(), TIMESPAN_MAX_VALUE);
    // Another spelling of the same value.
    assert!(IsoDuration::parse("P10675199DT2H48M5.477S").is_not_scheduled());
    // A day less is a (very long) schedule.
    assert!(!IsoDuration::parse("P10675198DT2H48M5.4775807S").is_not_scheduled());
}

#[test]
fn invalid_durations_are_kept() {
    for raw in [
        "String (duration)",
        "",
        "P",
        "PT",
        "P1DT",
        "40 minutes",
        "PT40",
        "PT1.5M",
        "P1H",
        "PT1D",
        "PT5M1H",
        "P1D1D",
        "PT.5S",
        "P99999999999999999999999D",
        "P1DT2H3M4S5",
    ] {
        let d = IsoDuration::parse(raw);
        assert_eq!(d, IsoDuration::Invalid(raw.to_owned()), "{raw}");
        assert_eq!(d.human(), raw);
        assert!(!d.is_not_scheduled());
        assert_eq!(d.exact_millis(), None);
    }
    assert_eq!(IsoDuration::Missing.human(), "no interval");
    assert_eq!(parse::<IsoDuration>("null").unwrap(), IsoDuration::Missing);
    assert!(parse::<IsoDuration>("40").is_err());
    // Negative durations parse but show their raw text.
    let neg = IsoDuration::parse("-PT5M");
    assert_eq!(neg.exact_millis(), Some(-300_000));
    assert_eq!(neg.human(), "-PT5M");
    // Huge but valid components do not overflow.
    assert_eq!(
        IsoDuration::parse("P18446744073709551615D").exact_millis(),
        None
    );
}

#[test]
fn run_lengths() {
    assert_eq!(format_millis_duration(0), "0 ms");
    assert_eq!(format_millis_duration(850), "850 ms");
    assert_eq!(format_millis_duration(45_000), "45 s");
    assert_eq!(format_millis_duration(192_000), "3 min 12 s");
    assert_eq!(format_millis_duration(180_000), "3 min");
    assert_eq!(format_millis_duration(7_500_000), "2 h 5 min");
    assert_eq!(format_millis_duration(97_200_000), "1 d 3 h");
    assert_eq!(format_millis_duration(i64::MIN), "106751991167 d 7 h");

    let a = GraphTime::parse("2025-02-13T10:00:00Z");
    let b = GraphTime::parse("2025-02-13T10:03:12.4567Z");
    assert_eq!(
        format_duration_between(&a, &b).as_deref(),
        Some("3 min 12 s")
    );
    assert_eq!(format_duration_between(&b, &a), None, "ended before began");
    let never = GraphTime::parse(DATETIME_MIN_VALUE);
    assert_eq!(format_duration_between(&never, &b), None);
    assert_eq!(format_duration_between(&a, &GraphTime::Missing), None);

    let run = SynchronizationTaskExecution {
        time_began: a,
        time_ended: b,
        ..Default::default()
    };
    assert_eq!(run.run_length().as_deref(), Some("3 min 12 s"));
}

#[test]
fn relative_times() {
    let now = 1_739_441_826_000;
    let min = 60_000;
    let hour = 60 * min;
    let day = 24 * hour;
    assert_eq!(relative(now, now), "just now");
    assert_eq!(relative(now, now - 59_999), "just now");
    assert_eq!(relative(now, now + 30_000), "in less than a minute");
    assert_eq!(relative(now, now - min), "1 minute ago");
    assert_eq!(relative(now, now - 5 * min - 10_000), "5 minutes ago");
    assert_eq!(relative(now, now + 2 * hour), "in 2 hours");
    assert_eq!(relative(now, now - hour), "1 hour ago");
    assert_eq!(relative(now, now - 3 * day), "3 days ago");
    assert_eq!(relative(now, now + day), "in 1 day");
    assert_eq!(relative(now, now - 45 * day), "1 month ago");
    assert_eq!(relative(now, now - 800 * day), "2 years ago");
    assert_eq!(relative(i64::MAX, i64::MIN), "584942417 years ago");
    let t = GraphTime::from_unix_millis(now - 5 * min);
    assert_eq!(t.relative_to(now), "5 minutes ago");
}
