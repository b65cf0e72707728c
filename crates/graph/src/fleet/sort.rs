//! The fleet view's sort orders ([`SortOrder`]) and the stable sort of its
//! cards ([`sort_entries`]).

use std::cmp::{Ordering, Reverse};
use std::fmt;

use super::StateFilter;
use crate::health::{Attention, AttentionKey};
use crate::model::SynchronizationJob;
use crate::template::TemplateKind;
use syncdeck_i18n::t;

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
            SortOrder::NeedsAttention => t!("Needs attention"),
            SortOrder::AppName => t!("App name"),
            SortOrder::State => t!("State"),
            SortOrder::LastRun => t!("Last run"),
            SortOrder::Kind => t!("Kind"),
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
