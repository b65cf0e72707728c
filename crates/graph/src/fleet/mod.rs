//! The fleet view's pure logic: filter, sort, CSV export, deep links to the
//! Entra admin center, the auto-refresh cadence, change announcements and the
//! "updated N s ago" stamp.
//!
//! Everything here is a pure function of its inputs (the current time is a
//! parameter), so the page only wires signals to these functions and the
//! decisions are unit-tested natively.
//!
//! - `filter`: [`StateFilter`], [`FleetFilter`] and [`search_text`]: which
//!   cards show, and the filter's URL query.
//! - `sort`: [`SortOrder`] and [`sort_entries`].
//! - `csv`: [`to_csv`], the export of what is on screen.
//! - `links`: [`entra_admin_center_url`], deep links to the Entra admin
//!   center.
//! - `cadence`: [`next_refresh_ms`], the auto-refresh interval, and
//!   [`updated_ago`].
//! - `announce`: [`state_changes`], what changed between two refreshes.

mod announce;
mod cadence;
pub(crate) mod csv;
mod filter;
mod links;
mod sort;
mod view;

pub use announce::{short_job_id, state_changes};
pub use cadence::{
    AFTER_ACTION_WINDOW_MS, REFRESH_FAST_MS, REFRESH_MAX_BACKOFF_MS, REFRESH_MEDIUM_MS,
    REFRESH_SLOW_MS, RefreshInput, is_running, next_refresh_ms, updated_ago,
};
pub use csv::{CSV_HEADER, csv_cells, csv_file_name, to_csv};
pub use filter::{FleetFilter, StateFilter, search_text};
pub use links::{admin_center_host, entra_admin_center_url};
pub use sort::{SortOrder, sort_entries};
pub use view::JobView;
