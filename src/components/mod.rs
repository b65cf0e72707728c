//! Components, one family a file. Components never parse JSON, build URLs or call `fetch`.

pub mod account;
pub mod badge;
pub mod bulk;
pub mod error_view;
pub mod fleet_controls;
pub mod job_actions;
pub mod job_details;
pub mod new_job;
pub mod notices;
pub mod status_card;
