//! Parsing entry points: JSON text in, typed values or a [`ParseError`] out.
//!
//! Use these rather than `serde_json` directly: they never panic, and their
//! error names what was expected and where the text went wrong.

use serde::de::DeserializeOwned;

use crate::model::json::read_body;
use crate::model::{ODataPage, ServicePrincipal, SynchronizationJob};

/// Why a body could not be read. Every variant carries what was expected, the
/// line and column (1-based, as serde_json counts them) and serde_json's
/// message, which repeats the position ("... at line 22 column 13").
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    /// The text is not valid JSON (a trailing comma, an unquoted key, ...).
    #[error("{expected}: the body is not valid JSON: {message}")]
    Syntax {
        /// What the body should have been, e.g. "a synchronization job".
        expected: String,
        /// Line of the error (1-based).
        line: usize,
        /// Column of the error (1-based; 0 for an empty body).
        column: usize,
        /// serde_json's message, including the position.
        message: String,
    },
    /// The text ends before the JSON value is complete (including an empty
    /// body).
    #[error("{expected}: the body ends too early: {message}")]
    Truncated {
        /// What the body should have been.
        expected: String,
        /// Line where the text ended.
        line: usize,
        /// Column where the text ended.
        column: usize,
        /// serde_json's message, including the position.
        message: String,
    },
    /// The text is valid JSON but not of the expected shape (a missing `id`,
    /// a string where an object belongs, ...).
    #[error("{expected}: the JSON does not have the expected shape: {message}")]
    Shape {
        /// What the body should have been.
        expected: String,
        /// Line of the offending value.
        line: usize,
        /// Column of the offending value.
        column: usize,
        /// serde_json's message, naming the field or type and the position.
        message: String,
    },
}

impl ParseError {
    /// Wraps a serde_json error; `expected` says what the body should have been.
    pub fn from_json_error(expected: &str, err: &serde_json::Error) -> ParseError {
        use serde_json::error::Category;
        let expected = expected.to_owned();
        let (line, column, message) = (err.line(), err.column(), err.to_string());
        match err.classify() {
            Category::Eof => ParseError::Truncated {
                expected,
                line,
                column,
                message,
            },
            Category::Data => ParseError::Shape {
                expected,
                line,
                column,
                message,
            },
            Category::Syntax | Category::Io => ParseError::Syntax {
                expected,
                line,
                column,
                message,
            },
        }
    }

    /// The line (1-based) where reading failed.
    pub fn line(&self) -> usize {
        match self {
            ParseError::Syntax { line, .. }
            | ParseError::Truncated { line, .. }
            | ParseError::Shape { line, .. } => *line,
        }
    }

    /// The column (1-based) where reading failed.
    pub fn column(&self) -> usize {
        match self {
            ParseError::Syntax { column, .. }
            | ParseError::Truncated { column, .. }
            | ParseError::Shape { column, .. } => *column,
        }
    }
}

/// Parses `body` as `T`, naming `expected` in errors.
pub fn parse_as<T: DeserializeOwned>(body: &str, expected: &str) -> Result<T, ParseError> {
    serde_json::from_str(body).map_err(|e| ParseError::from_json_error(expected, &e))
}

/// Parses `body` as any deserializable type; errors name the type (e.g.
/// `"ODataPage<SynchronizationJob>"`).
pub fn parse<T: DeserializeOwned>(body: &str) -> Result<T, ParseError> {
    parse_as(body, &short_type_name(std::any::type_name::<T>()))
}

/// Parses one job, the body of Get job and of Create job.
pub fn parse_job(body: &str) -> Result<SynchronizationJob, ParseError> {
    read_body(body, "a synchronization job", SynchronizationJob::from_json)
}

/// Parses the body of List jobs (`{ "value": [job, ...] }`).
pub fn parse_jobs_page(body: &str) -> Result<ODataPage<SynchronizationJob>, ParseError> {
    read_body(body, "a list of synchronization jobs", |v| {
        ODataPage::from_json(v, SynchronizationJob::from_json)
    })
}

/// Parses one page of `GET /servicePrincipals`.
pub fn parse_service_principals_page(
    body: &str,
) -> Result<ODataPage<ServicePrincipal>, ParseError> {
    read_body(body, "a list of service principals", |v| {
        ODataPage::from_json(v, ServicePrincipal::from_json)
    })
}

/// `a::b::C<d::E>` to `C<E>`.
fn short_type_name(full: &str) -> String {
    let mut out = String::with_capacity(full.len());
    let mut segment = String::new();
    for ch in full.chars() {
        if ch.is_alphanumeric() || ch == '_' || ch == ':' {
            segment.push(ch);
        } else {
            out.push_str(segment.rsplit("::").next().unwrap_or_default());
            segment.clear();
            out.push(ch);
        }
    }
    out.push_str(segment.rsplit("::").next().unwrap_or_default());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_names() {
        assert_eq!(
            short_type_name(
                "syncdeck_graph::model::ODataPage<syncdeck_graph::model::SynchronizationJob>"
            ),
            "ODataPage<SynchronizationJob>"
        );
        assert_eq!(short_type_name("alloc::vec::Vec<i64>"), "Vec<i64>");
        assert_eq!(short_type_name("(i32, u8)"), "(i32, u8)");
    }
}
