//! Components, one family a file. Components never parse JSON, build URLs or call `fetch`.

pub mod badge;
pub mod error_view;
pub mod fleet_controls;
pub mod job_details;
pub mod status_card;
