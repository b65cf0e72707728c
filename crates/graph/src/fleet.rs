//! The fleet view's pure logic: filter, sort, CSV export, deep links to the
//! Entra admin center, the auto-refresh cadence, change announcements and the
//! "updated N s ago" stamp.
//!
//! Everything here is a pure function of its inputs (the current time is a
//! parameter), so the page only wires signals to these functions and the
//! decisions are unit-tested natively.

use std::cmp::{Ordering, Reverse};
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::fmt::Write as _;

use crate::cloud::Cloud;
use crate::enums::{ScheduleState, StatusCode, TaskExecutionResult};
use crate::health::{Attention, AttentionKey, QuarantineClock, attention};
use crate::model::{SynchronizationJob, SynchronizationTaskExecution};
use crate::template::TemplateKind;
use crate::time::{GraphTime, format_rfc3339_millis};

// ---------------------------------------------------------------------------
// State filter
// ---------------------------------------------------------------------------

/// The state a fleet filter can pick: the job's status code, unknown codes
/// grouped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum StateFilter {
    /// `status.code` is `Quarantine`.
    Quarantine,
    /// `status.code` is `Active`.
    Active,
    /// `status.code` is `Paused`.
    Paused,
    /// `status.code` is `NotConfigured`.
    NotConfigured,
    /// `status.code` is `NotRun`.
    NotRun,
    /// Any `status.code` this version does not know (including a missing one).
    Unknown,
}

impl StateFilter {
    /// Every state, in display order (also the order of [`SortOrder::State`]).
    pub const ALL: [StateFilter; 6] = [
        StateFilter::Quarantine,
        StateFilter::Active,
        StateFilter::Paused,
        StateFilter::NotConfigured,
        StateFilter::NotRun,
        StateFilter::Unknown,
    ];

    /// The state of `job`, from its `status.code`.
    pub fn of(job: &SynchronizationJob) -> StateFilter {
        match job.status.code {
            StatusCode::Quarantine => StateFilter::Quarantine,
            StatusCode::Active => StateFilter::Active,
            StatusCode::Paused => StateFilter::Paused,
            StatusCode::NotConfigured => StateFilter::NotConfigured,
            StatusCode::NotRun => StateFilter::NotRun,
            StatusCode::Unknown(_) => StateFilter::Unknown,
        }
    }

    /// Visible text: `Quarantine`, `Active`, `Paused`, `Not configured`,
    /// `Not run`, `Unknown` (the same words as [`StatusCode::label`]).
    pub fn label(self) -> &'static str {
        match self {
            StateFilter::Quarantine => "Quarantine",
            StateFilter::Active => "Active",
            StateFilter::Paused => "Paused",
            StateFilter::NotConfigured => "Not configured",
            StateFilter::NotRun => "Not run",
            StateFilter::Unknown => "Unknown",
        }
    }

    /// A stable lower-case key for URLs: `quarantine`, `active`, `paused`,
    /// `not-configured`, `not-run`, `unknown`.
    pub fn key(self) -> &'static str {
        match self {
            StateFilter::Quarantine => "quarantine",
            StateFilter::Active => "active",
            StateFilter::Paused => "paused",
            StateFilter::NotConfigured => "not-configured",
            StateFilter::NotRun => "not-run",
            StateFilter::Unknown => "unknown",
        }
    }

    /// The state for a [`StateFilter::key`] (case-insensitive, surrounding
    /// blanks ignored).
    pub fn from_key(key: &str) -> Option<StateFilter> {
        let key = key.trim();
        StateFilter::ALL
            .into_iter()
            .find(|s| s.key().eq_ignore_ascii_case(key))
    }
}

impl fmt::Display for StateFilter {
    /// Writes [`StateFilter::label`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

// ---------------------------------------------------------------------------
// Fleet filter
// ---------------------------------------------------------------------------

/// What the admin typed and picked above the cards. Default = everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FleetFilter {
    /// The search text: whitespace-separated terms, all of which must match
    /// (see [`FleetFilter::matches`]).
    pub text: String,
    /// The states to show; empty means all.
    pub states: Vec<StateFilter>,
    /// The kinds to show; empty means all.
    pub kinds: Vec<TemplateKind>,
}

/// The query key of the search text.
const QUERY_TEXT: &str = "q";
/// The query key of the state list.
const QUERY_STATE: &str = "state";
/// The query key of the kind list.
const QUERY_KIND: &str = "kind";

impl FleetFilter {
    /// True when the job passes all three parts of the filter:
    ///
    /// - its state is one of `states` (or `states` is empty),
    /// - its kind ([`SynchronizationJob::kind`]) is one of `kinds` (or
    ///   `kinds` is empty),
    /// - every whitespace-separated term of `text` occurs (case-insensitive)
    ///   in the app name, the service principal id, the job id, the template
    ///   id, the kind's label, the state label ([`StatusCode::label`], so an
    ///   unknown value is found by its raw text), the quarantine reason's
    ///   Graph name, or the last error code ([`search_text`] lists them).
    ///
    /// A term must match within one field: terms never span two fields.
    pub fn matches(&self, app_name: &str, sp_id: &str, job: &SynchronizationJob) -> bool {
        if !self.matches_selection(job) {
            return false;
        }
        if self.text.split_whitespace().next().is_none() {
            return true;
        }
        self.matches_search_text(&search_text(app_name, sp_id, job), job)
    }

    /// Same as [`FleetFilter::matches`], with the job's [`search_text`]
    /// computed beforehand (for a page that caches it per job, so typing in
    /// the filter does not rebuild it for thousands of cards).
    pub fn matches_search_text(&self, search_text: &str, job: &SynchronizationJob) -> bool {
        self.matches_selection(job)
            && self
                .text
                .split_whitespace()
                .all(|term| search_text.contains(&term.to_lowercase()))
    }

    /// The state and kind parts of the filter.
    fn matches_selection(&self, job: &SynchronizationJob) -> bool {
        (self.states.is_empty() || self.states.contains(&StateFilter::of(job)))
            && (self.kinds.is_empty() || self.kinds.contains(&job.kind()))
    }

    /// True when the filter lets everything through: blank text, no state and
    /// no kind picked.
    pub fn is_empty(&self) -> bool {
        self.text.trim().is_empty() && self.states.is_empty() && self.kinds.is_empty()
    }

    /// The filter as URL query pairs, for shareable links: `q` = the text
    /// (exactly as typed), `state` = the state keys joined by `,`, `kind` =
    /// the kind keys joined by `,`, in that order. Empty parts are left out,
    /// so the default filter gives no pairs. The values are not
    /// percent-encoded: that is the URL builder's job.
    pub fn to_query(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        if !self.text.is_empty() {
            pairs.push((QUERY_TEXT, self.text.clone()));
        }
        if !self.states.is_empty() {
            let keys: Vec<&str> = self.states.iter().map(|s| s.key()).collect();
            pairs.push((QUERY_STATE, keys.join(",")));
        }
        if !self.kinds.is_empty() {
            let keys: Vec<&str> = self.kinds.iter().map(|k| k.key()).collect();
            pairs.push((QUERY_KIND, keys.join(",")));
        }
        pairs
    }

    /// The filter of URL query pairs (already percent-decoded), the inverse of
    /// [`FleetFilter::to_query`]. Unknown query keys and unknown state or kind
    /// keys are ignored; empty list items are skipped. A repeated `state` or
    /// `kind` adds to the list; a repeated `q` replaces the earlier one.
    pub fn from_query(pairs: &[(String, String)]) -> FleetFilter {
        let mut filter = FleetFilter::default();
        for (key, value) in pairs {
            match key.as_str() {
                QUERY_TEXT => filter.text = value.clone(),
                QUERY_STATE => filter
                    .states
                    .extend(value.split(',').filter_map(StateFilter::from_key)),
                QUERY_KIND => filter
                    .kinds
                    .extend(value.split(',').filter_map(TemplateKind::from_key)),
                _ => {}
            }
        }
        filter
    }
}

/// The text [`FleetFilter::matches`] searches, lower-cased: the app name, the
/// service principal id, the job id, the template id, the kind's label, the
/// state label, the quarantine reason's Graph name (when there is a
/// quarantine) and the last error code ([`crate::SynchronizationStatus::last_error`]),
/// one per line.
pub fn search_text(app_name: &str, sp_id: &str, job: &SynchronizationJob) -> String {
    let status = &job.status;
    let reason = status
        .quarantine
        .as_ref()
        .map(|q| q.reason.graph_name())
        .unwrap_or_default();
    let error_code = status
        .last_error()
        .map(|e| e.code.as_str())
        .unwrap_or_default();
    let fields = [
        app_name,
        sp_id,
        &job.id,
        &job.template_id,
        job.kind().label(),
        &status.code.label(),
        reason,
        error_code,
    ];
    // A newline separates the fields: terms hold no whitespace, so a term
    // never matches across two fields.
    fields.join("\n").to_lowercase()
}

// ---------------------------------------------------------------------------
// Sort
// ---------------------------------------------------------------------------

/// Sort orders of the fleet view; [`SortOrder::NeedsAttention`] is the
/// default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum SortOrder {
    /// Most urgent first ([`Attention`] order, as
    /// [`crate::health::sort_by_attention`]).
    #[default]
    NeedsAttention,
    /// By app name (ignoring case).
    AppName,
    /// By state, in [`StateFilter::ALL`] order (quarantine first).
    State,
    /// Most recent run first (by its end, or its start while it runs);
    /// never-run jobs last.
    LastRun,
    /// By kind, in [`TemplateKind::ALL`] order.
    Kind,
}

impl SortOrder {
    /// Every order, in display order.
    pub const ALL: [SortOrder; 5] = [
        SortOrder::NeedsAttention,
        SortOrder::AppName,
        SortOrder::State,
        SortOrder::LastRun,
        SortOrder::Kind,
    ];

    /// Visible text: `Needs attention`, `App name`, `State`, `Last run`,
    /// `Kind`.
    pub fn label(self) -> &'static str {
        match self {
            SortOrder::NeedsAttention => "Needs attention",
            SortOrder::AppName => "App name",
            SortOrder::State => "State",
            SortOrder::LastRun => "Last run",
            SortOrder::Kind => "Kind",
        }
    }

    /// A stable lower-case key for URLs: `attention`, `name`, `state`,
    /// `last-run`, `kind`.
    pub fn key(self) -> &'static str {
        match self {
            SortOrder::NeedsAttention => "attention",
            SortOrder::AppName => "name",
            SortOrder::State => "state",
            SortOrder::LastRun => "last-run",
            SortOrder::Kind => "kind",
        }
    }

    /// The order for a [`SortOrder::key`] (case-insensitive, surrounding
    /// blanks ignored).
    pub fn from_key(key: &str) -> Option<SortOrder> {
        let key = key.trim();
        SortOrder::ALL
            .into_iter()
            .find(|s| s.key().eq_ignore_ascii_case(key))
    }
}

impl fmt::Display for SortOrder {
    /// Writes [`SortOrder::label`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// The primary part of a sort key; the app name and job id follow it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Primary {
    /// App name order: nothing before the name.
    None,
    /// Attention level.
    Attention(Attention),
    /// State.
    State(StateFilter),
    /// Last run: `(false, Reverse(t))` most recent first, then `(true, _)`
    /// for never.
    LastRun(bool, Reverse<i64>),
    /// Kind.
    Kind(TemplateKind),
}

/// The full sort key of one entry.
#[derive(Debug, Clone, PartialEq, Eq)]
struct SortKey {
    primary: Primary,
    tail: AttentionKey,
}

impl PartialOrd for SortKey {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for SortKey {
    fn cmp(&self, other: &Self) -> Ordering {
        self.primary.cmp(&other.primary).then_with(|| {
            let (a, b) = (&self.tail, &other.tail);
            a.name_folded
                .cmp(&b.name_folded)
                .then_with(|| a.name.cmp(&b.name))
                .then_with(|| a.job_id.cmp(&b.job_id))
        })
    }
}

/// When the job last ran, for [`SortOrder::LastRun`]: the last run's end, or
/// its start while it has no end yet; `None` when it never ran.
fn last_run_millis(job: &SynchronizationJob) -> Option<i64> {
    let last = job.status.last_execution.as_ref()?;
    last.time_ended
        .unix_millis()
        .or_else(|| last.time_began.unix_millis())
}

/// Sorts `items` by `order`; `entry` gives each item's job and app name.
///
/// Stable, with (app name ignoring case, app name exactly, job id) as final
/// tiebreakers so equal keys never shuffle between renders. Only entries with
/// the same app name *and* job id keep their input order.
pub fn sort_entries<T>(
    items: &mut [T],
    order: SortOrder,
    entry: impl Fn(&T) -> (&SynchronizationJob, &str),
) {
    items.sort_by_cached_key(|item| {
        let (job, name) = entry(item);
        let tail = AttentionKey::new(job, name);
        let primary = match order {
            SortOrder::NeedsAttention => Primary::Attention(tail.attention),
            SortOrder::AppName => Primary::None,
            SortOrder::State => Primary::State(StateFilter::of(job)),
            SortOrder::LastRun => match last_run_millis(job) {
                Some(t) => Primary::LastRun(false, Reverse(t)),
                None => Primary::LastRun(true, Reverse(0)),
            },
            SortOrder::Kind => Primary::Kind(job.kind()),
        };
        SortKey { primary, tail }
    });
}

// ---------------------------------------------------------------------------
// CSV export
// ---------------------------------------------------------------------------

/// One row of the CSV export.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CsvRow<'a> {
    /// The app (service principal) display name.
    pub app_name: &'a str,
    /// The service principal's object id.
    pub sp_id: &'a str,
    /// The application (client) id, when known.
    pub app_id: Option<&'a str>,
    /// The job.
    pub job: &'a SynchronizationJob,
}

/// The header row of [`to_csv`], one name per column.
pub const CSV_HEADER: [&str; 17] = [
    "App",
    "Service principal id",
    "Application id",
    "Job id",
    "Template id",
    "Kind",
    "State",
    "Schedule",
    "Last run",
    "Last run ended (UTC)",
    "Failed runs in a row",
    "Quarantine reason",
    "Quarantined since (UTC)",
    "Days before auto-disable",
    "Last error code",
    "Last error message",
    "Needs attention",
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
pub fn csv_cells(row: &CsvRow<'_>, now_ms: i64) -> [String; 17] {
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
fn push_record<S: AsRef<str>>(out: &mut String, cells: &[S]) {
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
pub fn to_csv(rows: &[CsvRow<'_>], now_ms: i64) -> String {
    let mut out = String::new();
    push_record(&mut out, &CSV_HEADER);
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

// ---------------------------------------------------------------------------
// Entra admin center deep link
// ---------------------------------------------------------------------------

/// Percent-encodes everything but the RFC 3986 unreserved characters.
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// The admin portal host of `cloud`: `https://entra.microsoft.com` (global),
/// `https://portal.azure.us` (US Government, L4 and L5),
/// `https://portal.azure.cn` (21Vianet).
pub fn admin_center_host(cloud: Cloud) -> &'static str {
    match cloud {
        Cloud::Global => "https://entra.microsoft.com",
        Cloud::UsGov | Cloud::UsGovDod => "https://portal.azure.us",
        Cloud::China => "https://portal.azure.cn",
    }
}

/// The Entra admin center page of an app's provisioning (the Provisioning
/// overview with Start/Stop/Restart), e.g.
/// `https://entra.microsoft.com/#view/Microsoft_AAD_IAM/ManagedAppMenuBlade/~/ProvisioningManagement/objectId/{spId}/appId/{appId}`.
/// The host is [`admin_center_host`]; the `#view` path is the same in every
/// cloud. Ids are percent-encoded.
///
/// The segments after `~/ProvisioningManagement` are name/value pairs. The
/// `appId` pair is left out when the application id is unknown (or blank),
/// which gives `.../objectId/{spId}`: the shape feature-anchors §6 item 9
/// documents from PS365
/// (`.../ManagedAppMenuBlade/~/ProvisioningActivity/objectId/{spId}`, the
/// provisioning *logs* menu item). syncdeck links the Provisioning overview
/// (`ProvisioningManagement`) instead because that is where the admin acts
/// on the job; other public tools emit the same blade with the pairs in the
/// other order. Not verified against a live portal: the portal may
/// normalise a deep link it cannot route to the app's Overview.
pub fn entra_admin_center_url(cloud: Cloud, sp_id: &str, app_id: Option<&str>) -> String {
    let mut url = format!(
        "{}/#view/Microsoft_AAD_IAM/ManagedAppMenuBlade/~/ProvisioningManagement/objectId/{}",
        admin_center_host(cloud),
        percent_encode(sp_id.trim())
    );
    if let Some(app_id) = app_id.map(str::trim).filter(|a| !a.is_empty()) {
        url.push_str("/appId/");
        url.push_str(&percent_encode(app_id));
    }
    url
}

// ---------------------------------------------------------------------------
// Auto-refresh cadence
// ---------------------------------------------------------------------------

/// Refresh interval while a cycle runs or right after an action: 15 s.
pub const REFRESH_FAST_MS: u64 = 15_000;
/// Refresh interval while some job needs attention: 60 s.
pub const REFRESH_MEDIUM_MS: u64 = 60_000;
/// Refresh interval when everything is steady: 5 min.
pub const REFRESH_SLOW_MS: u64 = 300_000;
/// The longest exponential backoff after throttling: 10 min.
pub const REFRESH_MAX_BACKOFF_MS: u64 = 600_000;
/// How long after an action the refresh stays fast: 2 min.
pub const AFTER_ACTION_WINDOW_MS: u64 = 120_000;

/// What [`next_refresh_ms`] decides from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RefreshInput<'a> {
    /// The jobs on screen.
    pub jobs: &'a [&'a SynchronizationJob],
    /// Milliseconds since the admin's last action (Start, Pause, ...), if
    /// any.
    pub since_last_action_ms: Option<u64>,
    /// True while the browser tab is hidden.
    pub hidden: bool,
    /// How many refreshes in a row were throttled (429); 0 after a good one.
    pub throttled: u32,
    /// The `Retry-After` seconds of the last throttled response, when
    /// readable (Graph does not expose it to the browser outside `$batch`).
    pub retry_after_secs: Option<u64>,
}

/// Milliseconds until the next automatic refresh (feature-anchors §6 item
/// 7), or `None` for no automatic refresh (the tab is hidden).
///
/// 1. The cadence: [`REFRESH_FAST_MS`] while any job [`is_running`] or
///    within [`AFTER_ACTION_WINDOW_MS`] of an action; else
///    [`REFRESH_MEDIUM_MS`] when some job needs attention
///    ([`Attention::needs_attention`]); else [`REFRESH_SLOW_MS`].
/// 2. After `throttled` throttled refreshes in a row: the cadence doubled
///    per throttle, capped at [`REFRESH_MAX_BACKOFF_MS`] (never below the
///    cadence itself).
/// 3. With a `Retry-After`: never less than it (it may exceed the cap; the
///    service asked for it), nor less than the cadence.
pub fn next_refresh_ms(input: &RefreshInput<'_>) -> Option<u64> {
    if input.hidden {
        return None;
    }
    let after_action = input
        .since_last_action_ms
        .is_some_and(|ms| ms < AFTER_ACTION_WINDOW_MS);
    let base = if after_action || input.jobs.iter().any(|j| is_running(j)) {
        REFRESH_FAST_MS
    } else if input.jobs.iter().any(|j| attention(j).needs_attention()) {
        REFRESH_MEDIUM_MS
    } else {
        REFRESH_SLOW_MS
    };
    let mut wait = base;
    if input.throttled > 0 {
        let factor = 1u64.checked_shl(input.throttled).unwrap_or(u64::MAX);
        wait = base
            .saturating_mul(factor)
            .min(REFRESH_MAX_BACKOFF_MS)
            .max(base);
    }
    if let Some(secs) = input.retry_after_secs {
        wait = secs.saturating_mul(1_000).max(base);
    }
    Some(wait)
}

/// True when `job` seems to be running a cycle: its `status.code` is neither
/// `Paused` nor `NotConfigured`, and
///
/// - some progress entry is not complete (`completedUnits < totalUnits`,
///   with a positive total), or
/// - the last run began (a valid time) and has no end yet (the end is
///   "never", or before the start), or
/// - the job is `NotRun` with an `Active` schedule (its first cycle is due
///   or under way).
pub fn is_running(job: &SynchronizationJob) -> bool {
    let status = &job.status;
    if matches!(status.code, StatusCode::Paused | StatusCode::NotConfigured) {
        return false;
    }
    let progressing = status
        .progress
        .iter()
        .any(|p| p.total_units > 0 && p.completed_units < p.total_units);
    let unfinished = status.last_execution.as_ref().is_some_and(|e| {
        e.time_began.unix_millis().is_some_and(|began| {
            e.time_ended.is_never() || e.time_ended.unix_millis().is_some_and(|end| end < began)
        })
    });
    let first_due =
        status.code == StatusCode::NotRun && job.schedule.state == ScheduleState::Active;
    progressing || unfinished || first_due
}

// ---------------------------------------------------------------------------
// Change announcements
// ---------------------------------------------------------------------------

/// A job with its app, for [`state_changes`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct JobRef<'a> {
    /// The app (service principal) display name.
    pub app_name: &'a str,
    /// The service principal's object id.
    pub sp_id: &'a str,
    /// The job.
    pub job: &'a SynchronizationJob,
}

/// A job id short enough to read aloud: the id itself up to 16 characters;
/// else its template prefix (up to 32 characters) and the next 4
/// characters then `…` (`zendesk.e1b2…`); else its first 12 characters then
/// `…`. Nothing is cut (and no `…` added) when the part after the prefix is
/// 4 characters or fewer.
pub fn short_job_id(job_id: &str) -> String {
    if job_id.chars().count() <= 16 {
        return job_id.to_owned();
    }
    match job_id.split_once('.') {
        Some((prefix, rest)) if prefix.chars().count() <= 32 => {
            if rest.chars().count() <= 4 {
                job_id.to_owned()
            } else {
                let tail: String = rest.chars().take(4).collect();
                format!("{prefix}.{tail}…")
            }
        }
        _ => {
            let head: String = job_id.chars().take(12).collect();
            format!("{head}…")
        }
    }
}

/// Whether two runs are the same (same id and times).
fn same_run(a: &SynchronizationTaskExecution, b: &SynchronizationTaskExecution) -> bool {
    a.activity_identifier == b.activity_identifier
        && a.time_began == b.time_began
        && a.time_ended == b.time_ended
        && a.state == b.state
}

/// What changed between two refreshes, as sentences for an ARIA live region.
///
/// Jobs are keyed by (service principal id, job id). Announced, in the order
/// of `after`, then the removals in the order of `before`:
///
/// - a new job: `Box: new job (Not configured)`;
/// - quarantine begun: `Slack: quarantine begun (TooManyDeletes)` (the
///   reason's Graph name, left out when blank);
/// - quarantine lifted: `ServiceNow: quarantine lifted`;
/// - any other change of `status.code`: `Slack: Active → Paused`;
/// - a finished run that failed (the last run is `Failed`, has ended, and is
///   not the run seen before): `Google Workspace: last run failed`;
/// - a removed job: `Zendesk job zendesk.e1b2…: removed` (see
///   [`short_job_id`]).
///
/// The subject is the app name, or `<app> job <short id>` when more than one
/// job (in `before` and `after` together) has that app name, so a Cloud Sync
/// app with two jobs is not ambiguous. A blank app name reads as the service
/// principal id. Nothing else (counts, progress, times) is announced.
pub fn state_changes(before: &[JobRef<'_>], after: &[JobRef<'_>]) -> Vec<String> {
    let key = |r: &JobRef<'_>| (r.sp_id.to_owned(), r.job.id.clone());
    let mut before_by_key: HashMap<(String, String), &JobRef<'_>> = HashMap::new();
    for r in before {
        before_by_key.entry(key(r)).or_insert(r);
    }
    // Distinct jobs per app name, to decide whether the name alone is enough.
    let mut jobs_per_name: HashMap<&str, HashSet<(String, String)>> = HashMap::new();
    for r in before.iter().chain(after) {
        jobs_per_name
            .entry(display_name(r))
            .or_default()
            .insert(key(r));
    }
    let subject = |r: &JobRef<'_>, always_id: bool| {
        let name = display_name(r);
        let shared = jobs_per_name.get(name).is_some_and(|keys| keys.len() > 1);
        if always_id || shared {
            format!("{name} job {}", short_job_id(&r.job.id))
        } else {
            name.to_owned()
        }
    };

    let mut out = Vec::new();
    let mut seen_after: HashSet<(String, String)> = HashSet::new();
    for r in after {
        let k = key(r);
        if !seen_after.insert(k.clone()) {
            continue;
        }
        let now = &r.job.status;
        let Some(old) = before_by_key.get(&k).map(|b| &b.job.status) else {
            out.push(format!(
                "{}: new job ({})",
                subject(r, false),
                now.code.label()
            ));
            continue;
        };
        if old.code != now.code {
            let sentence = if now.code == StatusCode::Quarantine {
                let reason = now
                    .quarantine
                    .as_ref()
                    .map(|q| q.reason.graph_name().trim())
                    .unwrap_or_default();
                if reason.is_empty() {
                    "quarantine begun".to_owned()
                } else {
                    format!("quarantine begun ({reason})")
                }
            } else if old.code == StatusCode::Quarantine {
                "quarantine lifted".to_owned()
            } else {
                format!("{} → {}", old.code.label(), now.code.label())
            };
            out.push(format!("{}: {sentence}", subject(r, false)));
        }
        if let Some(run) = &now.last_execution {
            let finished_failed =
                run.state == TaskExecutionResult::Failed && run.time_ended.unix_millis().is_some();
            let is_new = old
                .last_execution
                .as_ref()
                .is_none_or(|prev| !same_run(prev, run));
            if finished_failed && is_new {
                out.push(format!("{}: last run failed", subject(r, false)));
            }
        }
    }
    let mut removed: HashSet<(String, String)> = HashSet::new();
    for r in before {
        let k = key(r);
        if !seen_after.contains(&k) && removed.insert(k) {
            out.push(format!("{}: removed", subject(r, true)));
        }
    }
    out
}

/// The app name, or the service principal id when the name is blank.
fn display_name<'a>(r: &JobRef<'a>) -> &'a str {
    if r.app_name.trim().is_empty() {
        r.sp_id
    } else {
        r.app_name
    }
}

// ---------------------------------------------------------------------------
// "Updated N s ago"
// ---------------------------------------------------------------------------

/// The "last updated" stamp: `updated just now` (under 2 s, or in the
/// future), `updated 5 s ago` (under a minute), `updated 3 min ago` (under an
/// hour), `updated 2 h ago` (under a day), `updated 4 d ago`. Whole units,
/// rounded down.
pub fn updated_ago(now_ms: i64, updated_ms: i64) -> String {
    let diff = i128::from(now_ms) - i128::from(updated_ms);
    if diff < 2_000 {
        return "updated just now".to_owned();
    }
    let (n, unit) = if diff < 60_000 {
        (diff / 1_000, "s")
    } else if diff < 3_600_000 {
        (diff / 60_000, "min")
    } else if diff < 86_400_000 {
        (diff / 3_600_000, "h")
    } else {
        (diff / 86_400_000, "d")
    };
    format!("updated {n} {unit} ago")
}
