//! The downloads of the events on screen: CSV ([`logs_csv`], with the fleet CSV's quoting and
//! formula-injection guard) and JSON ([`logs_json`], the events as Graph sent them).

use super::event::{Identity, LogEvent};
use crate::fleet::csv::push_record;
use crate::time::format_rfc3339_millis;
use syncdeck_i18n::{n_, tr};

/// The header row of [`logs_csv`].
pub const LOGS_CSV_HEADER: [&str; 14] = [
    n_!("Time (UTC)"),
    n_!("Source name"),
    n_!("Source id"),
    n_!("Target name"),
    n_!("Target id"),
    n_!("Action"),
    n_!("Status"),
    n_!("Error code"),
    n_!("Reason"),
    n_!("Recommended action"),
    n_!("Job id"),
    n_!("Cycle id"),
    n_!("Change id"),
    n_!("Event id"),
];

fn name_and_id(i: Identity<'_>) -> [String; 2] {
    [i.display_name, i.id].map(|v| v.unwrap_or_default().to_owned())
}

/// One event's cells, in [`LOGS_CSV_HEADER`] order, before quoting.
pub fn logs_csv_cells(e: &LogEvent) -> [String; 14] {
    let t = e.activity_date_time();
    let time = match t.unix_millis() {
        Some(ms) => format_rfc3339_millis(ms),
        None => t.raw().unwrap_or_default().to_owned(),
    };
    let [source_name, source_id] = name_and_id(e.source_identity());
    let [target_name, target_id] = name_and_id(e.target_identity());
    let text = |s: Option<&str>| s.unwrap_or_default().to_owned();
    [
        time,
        source_name,
        source_id,
        target_name,
        target_id,
        e.action().graph_name().to_owned(),
        e.result().graph_name().to_owned(),
        text(e.error_code()),
        text(e.error_reason()),
        text(e.recommended_action()),
        e.job_id().to_owned(),
        e.cycle_id().to_owned(),
        e.change_id().to_owned(),
        e.id().to_owned(),
    ]
}

/// RFC 4180 CSV of `events` with a header row: CRLF after every record, quoted cells where
/// needed, and cells that start with `=`, `+`, `-`, `@`, TAB or CR prefixed with `'` (see
/// `crate::fleet::to_csv`).
pub fn logs_csv(events: &[LogEvent]) -> String {
    let mut out = String::new();
    push_record(&mut out, &LOGS_CSV_HEADER.map(tr));
    for e in events {
        push_record(&mut out, &logs_csv_cells(e));
    }
    out
}

/// The events as JSON: an array of `provisioningObjectSummary` exactly as Graph sent them
/// (beta's legacy fields included).
pub fn logs_json(events: &[LogEvent]) -> String {
    let mut out = String::from("[");
    for (i, e) in events.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&e.0.to_string());
    }
    out.push(']');
    out
}

/// The file name of a download at `now_ms`, in UTC to the minute:
/// `syncdeck-logs-2025-12-05T1200Z.csv` (`ext` without the dot).
pub fn logs_file_name(now_ms: i64, ext: &str) -> String {
    let stamp = format_rfc3339_millis(now_ms);
    let (date, time) = stamp.split_once('T').unwrap_or((stamp.as_str(), ""));
    let hhmm: String = time.chars().filter(char::is_ascii_digit).take(4).collect();
    format!("syncdeck-logs-{date}T{hhmm}Z.{ext}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::logs::parse_log_page;

    const PAGE: &str = r#"{"value":[
      {"id":"e1","activityDateTime":"2025-12-05T10:00:00Z","jobId":"j","cycleId":"c","changeId":"h",
       "provisioningAction":"update","provisioningStatusInfo":{"status":"failure",
         "errorInformation":{"errorCode":"X","reason":"Said \"no\", twice","recommendedAction":"=cmd|x"}},
       "sourceIdentity":{"id":"s1","displayName":"-Adele, V"},"targetIdentity":{"id":"t1","displayName":"adele\nv"}},
      {"id":"e2","activityDateTime":"2025-12-05T09:00:00Z","provisioningAction":"create",
       "provisioningStatusInfo":{"status":"success"}}
    ]}"#;

    #[test]
    fn csv_quotes_and_guards() {
        let events = parse_log_page(PAGE).unwrap().0;
        let csv = logs_csv(&events);
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(lines.len(), 4, "{csv}"); // header, 2 records, trailing ""
        assert!(lines[0].starts_with("Time (UTC),Source name,Source id,"));
        assert_eq!(
            lines[1],
            "2025-12-05T10:00:00Z,\"'-Adele, V\",s1,\"adele\nv\",t1,update,failure,X,\
             \"Said \"\"no\"\", twice\",'=cmd|x,j,c,h,e1"
        );
        assert_eq!(lines[2], "2025-12-05T09:00:00Z,,,,,create,success,,,,,,,e2");
        assert_eq!(lines[3], "");
    }

    #[test]
    fn json_is_the_events_again() {
        let events = parse_log_page(PAGE).unwrap().0;
        let json = logs_json(&events);
        let back: Vec<serde_json::Value> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, events.iter().map(|e| e.0.clone()).collect::<Vec<_>>());
        assert!(json.contains("\"provisioningAction\":\"update\""));
        assert_eq!(logs_json(&[]), "[]");
    }

    #[test]
    fn file_names() {
        assert_eq!(
            logs_file_name(1_764_936_000_000, "csv"),
            "syncdeck-logs-2025-12-05T1200Z.csv"
        );
    }
}
