//! A request ready to send ([`GraphRequest`]), its [`Method`], and why a
//! request could not be built ([`RequestError`]).

use serde_json::Value;

use crate::hints::Operation;
use crate::retry::RequestKind;

/// An HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// GET.
    Get,
    /// POST.
    Post,
    /// PUT.
    Put,
    /// PATCH.
    Patch,
    /// DELETE.
    Delete,
}

impl Method {
    /// The method's name, upper case (`"GET"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }

    /// The method for a name, ignoring ASCII case; `None` for others.
    pub fn parse(name: &str) -> Option<Method> {
        [
            Method::Get,
            Method::Post,
            Method::Put,
            Method::Patch,
            Method::Delete,
        ]
        .into_iter()
        .find(|m| m.as_str().eq_ignore_ascii_case(name.trim()))
    }

    /// True for every method but GET.
    pub fn is_write(self) -> bool {
        self != Method::Get
    }
}

impl From<Method> for RequestKind {
    /// GET reads; every other method writes.
    fn from(m: Method) -> RequestKind {
        if m.is_write() {
            RequestKind::Write
        } else {
            RequestKind::Read
        }
    }
}

/// A request to Microsoft Graph, ready to send.
#[derive(Debug, Clone, PartialEq)]
pub struct GraphRequest {
    /// The HTTP method.
    pub method: Method,
    /// The path relative to the version root, starting with `/`, query
    /// included, percent-encoded (e.g.
    /// `/servicePrincipals/abc/synchronization/jobs`).
    pub path: String,
    /// The JSON body, if any.
    pub body: Option<Value>,
    /// Headers the call needs (`Content-Type: application/json` with a body),
    /// name and value. The token and `client-request-id` are added by the
    /// client.
    pub headers: Vec<(String, String)>,
    /// What the request does.
    pub operation: Operation,
}

impl GraphRequest {
    /// A request without body or headers.
    pub fn new(method: Method, path: String, operation: Operation) -> GraphRequest {
        GraphRequest {
            method,
            path,
            body: None,
            headers: Vec::new(),
            operation,
        }
    }

    /// Sets a JSON body and `Content-Type: application/json`.
    pub fn with_json_body(mut self, body: Value) -> GraphRequest {
        self.body = Some(body);
        self.set_header("Content-Type", "application/json");
        self
    }

    /// Sets a header, replacing one of the same name (ignoring ASCII case).
    pub fn set_header(&mut self, name: &str, value: &str) {
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        self.headers.push((name.to_owned(), value.to_owned()));
    }

    /// The value of a header (name ignoring ASCII case).
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }

    /// The full URL: `graph_root` (e.g. `https://graph.microsoft.com/v1.0`,
    /// a trailing `/` is ignored) followed by [`GraphRequest::path`].
    pub fn url(&self, graph_root: &str) -> String {
        format!("{}{}", graph_root.trim_end_matches('/'), self.path)
    }

    /// True when the request changes something (see [`Operation::is_write`]);
    /// a `$batch` of reads only is not a write.
    pub fn is_write(&self) -> bool {
        self.operation.is_write()
    }

    /// [`RequestKind::Write`] when [`GraphRequest::is_write`], else
    /// [`RequestKind::Read`]: what the retry policy needs.
    pub fn kind(&self) -> RequestKind {
        if self.is_write() {
            RequestKind::Write
        } else {
            RequestKind::Read
        }
    }
}

/// Why a request could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RequestError {
    /// An id cannot be used as a path segment.
    #[error("the {what} {id:?} cannot be used in a URL: {reason}")]
    InvalidId {
        /// Which id, e.g. "service principal id".
        what: &'static str,
        /// The id as given.
        id: String,
        /// Why not.
        reason: &'static str,
    },
    /// The body could not be serialized to JSON.
    #[error("the body to {operation} could not be written as JSON: {message}")]
    Body {
        /// The operation.
        operation: Operation,
        /// serde_json's message.
        message: String,
    },
}

/// The value of the first header named `name` (ignoring ASCII case).
pub(crate) fn find_header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}
