//! The fleet filter: the state a job is in ([`StateFilter`]), what the admin
//! typed and picked above the cards ([`FleetFilter`]), the text a job is
//! searched by ([`search_text`]) and the filter's URL query.

use std::fmt;

use crate::enums::StatusCode;
use crate::model::SynchronizationJob;
use crate::template::TemplateKind;
use syncdeck_i18n::t;

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
    /// Every state, in display order (also the order of
    /// [`SortOrder::State`](super::SortOrder::State)).
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
            StateFilter::Quarantine => t!("Quarantine"),
            StateFilter::Active => t!("Active"),
            StateFilter::Paused => t!("Paused"),
            StateFilter::NotConfigured => t!("Not configured"),
            StateFilter::NotRun => t!("Not run"),
            StateFilter::Unknown => t!("Unknown"),
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
                .all(|term| search_text.contains(&syncdeck_i18n::fmt::lowercase(term)))
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
    syncdeck_i18n::fmt::lowercase(&fields.join("\n"))
}
