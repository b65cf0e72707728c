//! Pages, one route a file.

pub mod fleet;
pub mod job;
pub mod not_found;
pub mod service_principal;
