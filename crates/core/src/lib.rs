//! `syncdeck-core`: the app's decisions, without a browser.
//!
//! Two crates hold syncdeck's logic, and each has one job:
//!
//! - `syncdeck-graph` (`crates/graph`) is **Microsoft Graph's protocol and data**: the
//!   synchronization API's resources, enumerations, errors, requests, `$batch`, the retry rules
//!   Graph asks for, the scan planner, and the fleet rules (filter, sort, CSV, cadence) that
//!   follow from what a job is. It knows nothing of syncdeck's screens.
//! - `syncdeck-core` (this crate) is **the app's decisions**: which `config.json` is valid, what
//!   the fleet holds and how a scan, a refresh or an action changes it, when the fleet refreshes
//!   itself, how an action is followed up, when a request is sent again after a 401 or a
//!   failure, how often the cards follow a running scan, and how the card window grows.
//!
//! Both do no I/O, depend on no browser API and compile natively and for
//! `wasm32-unknown-unknown`, so every decision is unit- and property-tested with `cargo test`.
//! The app (`src/`) only wires them to the browser: signals, `fetch`, timers, storage, the DOM
//! (`docs/architecture.md`).
//!
//! # Modules
//!
//! - [`config`]: `config.json`'s validation ([`config::parse_config`]), MSAL's configuration and
//!   the token scopes.
//! - [`failure`]: [`GraphFailure`], what can go wrong with a Graph call or a token.
//! - [`job`]: [`AppJob`], a job and its app, and [`JobUpdate`], an action's result.
//! - [`fleet`]: [`Fleet`], the jobs and failures of the fleet view, and its merges.
//! - [`scan`]: the scan's phase and progress text.
//! - [`search`]: which jobs the fleet view shows, in which order.
//! - [`window`]: the card window.
//! - [`throttle`]: how often the cards follow a running scan.
//! - [`refresh`]: the auto-refresh's and the follow-up's policies.
//! - [`send`]: the 401 rule and the retry policy, per attempt.

#![warn(missing_docs)]

pub mod config;
pub mod failure;
pub mod fleet;
pub mod job;
pub mod refresh;
pub mod scan;
pub mod search;
pub mod send;
pub mod throttle;
pub mod window;

pub use failure::{AuthError, GraphFailure, MsalError};
pub use fleet::{AppFailure, Fleet, FleetEntry, JobList, RefreshOutcome};
pub use job::{AppJob, JobUpdate, job_key};
