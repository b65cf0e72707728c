//! Outcomes across events: failures grouped by job and error code, outcomes per day.
