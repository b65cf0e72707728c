//! Components, one family a file. Components never parse JSON, build URLs or call `fetch`.

pub mod badge;
pub mod error_view;
pub mod status_card;
