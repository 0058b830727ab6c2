//! Settings of one call, or of a view of a client, that replace the client's
//! own: a deadline, a retry policy, extra headers and query parameters.

use std::time::Duration;

use reqwest::header::{HeaderName, HeaderValue};

use crate::api::ApiInfo;
use crate::retry::RetryPolicy;

/// Settings for some calls instead of the client's: pass them to a request
/// builder's `with_options` (that call alone) or to the client's
/// `with_options` (every call of the client it returns, which shares the
/// connections and credentials of the first). Set on a builder or client
/// that already has some, they are added: a later timeout or retry policy
/// replaces an earlier one, headers and query parameters accumulate.
///
/// ```
/// use std::time::Duration;
/// use specgen_runtime::{CallOptions, RetryPolicy};
///
/// let options = CallOptions::new()
///     .timeout(Some(Duration::from_secs(5)))
///     .retry(RetryPolicy::none())
///     .header("X-Trace-Id", "abc123")
///     .query("debug", "true");
/// ```
#[derive(Debug, Clone, Default)]
pub struct CallOptions {
    pub(crate) timeout: Option<Option<Duration>>,
    pub(crate) retry: Option<RetryPolicy>,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) query: Vec<(String, String)>,
}

impl CallOptions {
    /// No settings: the client's apply.
    pub fn new() -> Self {
        CallOptions::default()
    }

    /// The time the call may take, as [`ClientBuilder::timeout`](crate::ClientBuilder::timeout)
    /// says (`None` for no deadline).
    pub fn timeout(mut self, timeout: Option<Duration>) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The retry policy of the call ([`RetryPolicy::none`] for one attempt).
    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = Some(retry);
        self
    }

    /// Sends the header `name: value`, replacing one of that name the call
    /// would send. A header that carries credentials (`Authorization`,
    /// `Cookie`, `Proxy-Authorization`, the API's token or key headers) is
    /// refused when sent, as is a value with CR or LF: credentials go through
    /// the client's settings, which keep them off other origins.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Adds `name=value` to the query of the call, percent-encoded.
    pub fn query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((name.into(), value.into()));
        self
    }

    /// These settings, then `later`'s on top.
    pub(crate) fn merged(&self, later: CallOptions) -> CallOptions {
        let mut merged = self.clone();
        merged.timeout = later.timeout.or(merged.timeout);
        merged.retry = later.retry.or(merged.retry);
        merged.headers.extend(later.headers);
        merged.query.extend(later.query);
        merged
    }
}

/// Whether the header `name` carries credentials of `api` or of HTTP: such
/// headers are set by the client alone, which keeps them off other origins.
pub(crate) fn carries_credentials(api: &ApiInfo, name: &HeaderName) -> bool {
    let name = name.as_str();
    ["authorization", "proxy-authorization", "cookie"].contains(&name)
        || api.auth.header.eq_ignore_ascii_case(name)
        || api.security.schemes.iter().any(|s| match s.kind {
            crate::SchemeKind::ApiKey { location: crate::KeyLocation::Header, param } => {
                param.eq_ignore_ascii_case(name)
            }
            _ => false,
        })
}

/// A header given by the caller, checked: a valid name, a value without CR
/// or LF, and no credentials.
pub(crate) fn checked_header(api: &ApiInfo, name: &str, value: &str) -> Result<(HeaderName, HeaderValue), String> {
    let header = HeaderName::from_bytes(name.as_bytes()).map_err(|_| format!("`{name}` is not a header name"))?;
    if carries_credentials(api, &header) {
        return Err(format!("the header `{name}` carries credentials: set them with the client's credential settings"));
    }
    let value = HeaderValue::from_str(value)
        .map_err(|_| format!("the value of `{name}` contains characters not allowed in a header (CR, LF, …)"))?;
    Ok((header, value))
}
