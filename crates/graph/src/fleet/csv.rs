//! The CSV export of the jobs on screen ([`to_csv`]) and its file name
//! ([`csv_file_name`]).

use super::JobView;
use crate::enums::StatusCode;
use crate::health::{QuarantineClock, attention};
use crate::model::SynchronizationTaskExecution;
use crate::time::{GraphTime, format_rfc3339_millis};
use syncdeck_i18n::{n_, tr};

/// The header row of [`to_csv`], one name per column.
pub const CSV_HEADER: [&str; 17] = [
    n_!("App"),
    n_!("Service principal id"),
    n_!("Application id"),
    n_!("Job id"),
    n_!("Template id"),
    n_!("Kind"),
    n_!("State"),
    n_!("Schedule"),
    n_!("Last run"),
    n_!("Last run ended (UTC)"),
    n_!("Failed runs in a row"),
    n_!("Quarantine reason"),
    n_!("Quarantined since (UTC)"),
    n_!("Days before auto-disable"),
    n_!("Last error code"),
    n_!("Last error message"),
    n_!("Needs attention"),
];

/// A time in UTC ISO-8601 (`2025-02-13T10:17:06Z`), `never` for a never value,
/// the raw text for an invalid one.
fn csv_time(t: &GraphTime) -> String {
    match t.unix_millis() {
        Some(ms) => format_rfc3339_millis(ms),
        None if t.is_never() => "never".to_owned(),
        None => t.raw().unwrap_or_default().to_owned(),
    }
}

/// The cells of one row, in [`CSV_HEADER`] order, before quoting:
///
/// - Kind: [`TemplateKind::label`]; State: [`StatusCode::label`].
/// - Schedule: `<state>: <interval in words>`, e.g. `Active: every 40 minutes`.
/// - Last run: the last run's outcome (`Succeeded`, `Failed`, ...) or `never`.
/// - Last run ended: UTC ISO-8601, `never` when there is no run or no end yet.
/// - Quarantine reason and Quarantined since: empty without a quarantine
///   object (a `Paused` job may carry one: it is shown as Graph sends it).
/// - Days before auto-disable: only while `status.code` is `Quarantine`
///   (empty when `seriesBegan` is unknown).
/// - Last error: [`crate::SynchronizationStatus::last_error`].
/// - Needs attention: the [`Attention`] label, or `no` when healthy.
///
/// [`TemplateKind::label`]: crate::template::TemplateKind::label
/// [`Attention`]: crate::health::Attention
pub fn csv_cells(row: &JobView<'_>, now_ms: i64) -> [String; 17] {
    let job = row.job;
    let status = &job.status;
    let last: Option<&SynchronizationTaskExecution> = status.last_execution.as_ref();
    let quarantine = status.quarantine.as_ref();
    let error = status.last_error();
    let level = attention(job);
    let days_left = quarantine
        .filter(|_| status.code == StatusCode::Quarantine)
        .and_then(|q| QuarantineClock::of(q, now_ms).days_left)
        .map(|d| d.to_string())
        .unwrap_or_default();
    [
        row.app_name.to_owned(),
        row.sp_id.to_owned(),
        row.app_id.unwrap_or_default().to_owned(),
        job.id.clone(),
        job.template_id.clone(),
        job.kind().label().to_owned(),
        status.code.label(),
        format!(
            "{}: {}",
            job.schedule.state.label(),
            job.schedule.interval.human()
        ),
        last.map_or_else(|| "never".to_owned(), |e| e.state.label()),
        last.map_or_else(|| "never".to_owned(), |e| csv_time(&e.time_ended)),
        status.count_successive_complete_failures.to_string(),
        quarantine
            .map(|q| q.reason.graph_name().to_owned())
            .unwrap_or_default(),
        quarantine
            .map(|q| csv_time(&q.series_began))
            .unwrap_or_default(),
        days_left,
        error.map(|e| e.code.clone()).unwrap_or_default(),
        error.map(|e| e.message.clone()).unwrap_or_default(),
        if level.needs_attention() {
            level.label().to_owned()
        } else {
            "no".to_owned()
        },
    ]
}

/// Appends one cell: formula-injection guard, then RFC 4180 quoting.
fn push_cell(out: &mut String, cell: &str) {
    let guarded = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let quoted = cell.contains([',', '"', '\r', '\n']);
    if quoted {
        out.push('"');
    }
    if guarded {
        out.push('\'');
    }
    if quoted {
        out.push_str(&cell.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(cell);
    }
}

/// Appends one record and its CRLF.
pub(crate) fn push_record<S: AsRef<str>>(out: &mut String, cells: &[S]) {
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_cell(out, cell.as_ref());
    }
    out.push_str("\r\n");
}

/// RFC 4180 CSV of what is on screen, with a header row ([`CSV_HEADER`]);
/// the cells are described at [`csv_cells`].
///
/// - Every record (the last one too) ends with CRLF; fields that contain
///   `,`, `"`, CR or LF are quoted, with quotes doubled.
/// - Cells that begin with `=`, `+`, `-`, `@`, TAB or CR are prefixed with a
///   single quote (the OWASP CSV-injection guard), so a spreadsheet never
///   runs an app name or error message as a formula.
/// - Times are UTC ISO-8601; `never` stands for never.
/// - No byte-order mark: the file is exactly the UTF-8 text, which Excel
///   opens correctly from a download of a `.csv` with a UTF-8 type, and other
///   tools (scripts, `Import-Csv`, diff) would otherwise see a stray
///   `\u{feff}` glued to the first header.
pub fn to_csv(rows: &[JobView<'_>], now_ms: i64) -> String {
    let mut out = String::new();
    push_record(&mut out, &CSV_HEADER.map(tr));
    for row in rows {
        push_record(&mut out, &csv_cells(row, now_ms));
    }
    out
}

/// A file name for the export at `now_ms`, in UTC to the minute, e.g.
/// `syncdeck-jobs-2026-11-22T2303Z.csv`.
pub fn csv_file_name(now_ms: i64) -> String {
    let stamp = format_rfc3339_millis(now_ms);
    let (date, time) = stamp.split_once('T').unwrap_or((stamp.as_str(), ""));
    let hhmm: String = time.chars().filter(char::is_ascii_digit).take(4).collect();
    format!("syncdeck-jobs-{date}T{hhmm}Z.csv")
}
