//! Pages, one route a file.

pub mod fleet;
pub mod not_found;
