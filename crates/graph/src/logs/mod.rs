//! The provisioning logs as the admin reads them: the query ([`filter`]).

pub mod filter;

pub use filter::{LogFilter, Period};
