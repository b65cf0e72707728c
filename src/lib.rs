//! syncdeck: every Microsoft Entra provisioning job of a tenant in one browser tab.
//!
//! `main.rs` only mounts [`App`]; everything lives here so browser tests can mount parts. The
//! decisions are `syncdeck-graph`'s and `syncdeck-core`'s; this crate wires them to the browser
//! (`docs/architecture.md`).

pub mod actions;
pub mod app;
pub mod auth;
pub mod browser;
pub mod components;
pub mod config;
pub mod diagnose;
pub mod fleet;
pub mod graph;
pub mod i18n;
pub mod pages;
pub mod routes;
pub mod settings;

pub use app::App;
