//! Error types shared by every generated operation.
//!
//! Each operation returns `Result<T, Error<OpError>>`, where `OpError` is the
//! generated enum of that operation's documented error codes. The other variants
//! of [`Error`] keep transport, decode, auth and client-side validation failures
//! apart, so callers can tell "the server said no" from "we never got an answer".

use std::fmt;

use bytes::Bytes;

use crate::paginate::PaginationError;

/// Everything an operation call can fail with. `E` is the operation's own
/// error enum, built from an [`ApiError`].
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E> {
    /// The API answered with an error status (documented or not).
    Api(E),
    /// The request was refused before anything was sent.
    Validation(ValidationError),
    /// No access token could be had.
    Auth(AuthError),
    /// The call passed its deadline, or the transfer stalled (no progress
    /// for the stall timeout).
    Timeout(TimeoutError),
    /// The connection failed or broke.
    Transport(reqwest::Error),
    /// The response body did not have the documented shape.
    Decode(DecodeError),
    /// A redirect could not be followed (a loop, too many hops, a body that
    /// cannot be sent again, a downgrade from HTTPS to HTTP).
    Redirect(String),
    /// A response body was larger than the client reads into memory
    /// ([`ClientBuilder::max_response_body`](crate::ClientBuilder::max_response_body)).
    TooLarge(TooLargeError),
    /// A paginated listing could not go on: the server repeated a page
    /// token, or a bound of its [`PageLimits`](crate::PageLimits) was reached.
    Pagination(PaginationError),
    /// A middleware of the client
    /// ([`ClientBuilder::middleware`](crate::ClientBuilder::middleware))
    /// failed the exchange.
    Middleware(Box<dyn std::error::Error + Send + Sync>),
}

impl<E> Error<E> {
    /// The API error, if the server answered with an error status.
    pub fn api(&self) -> Option<&E> {
        match self {
            Error::Api(e) => Some(e),
            _ => None,
        }
    }

    /// The same error with its API error turned into another type: how an
    /// operation's typed error is made from the [`ApiError`] the client read.
    pub fn map_api<F>(self, f: impl FnOnce(E) -> F) -> Error<F> {
        match self {
            Error::Api(e) => Error::Api(f(e)),
            Error::Validation(e) => Error::Validation(e),
            Error::Auth(e) => Error::Auth(e),
            Error::Timeout(e) => Error::Timeout(e),
            Error::Transport(e) => Error::Transport(e),
            Error::Decode(e) => Error::Decode(e),
            Error::Redirect(e) => Error::Redirect(e),
            Error::TooLarge(e) => Error::TooLarge(e),
            Error::Pagination(e) => Error::Pagination(e),
            Error::Middleware(e) => Error::Middleware(e),
        }
    }

    pub(crate) fn from_reqwest(err: reqwest::Error) -> Self {
        if err.is_timeout() {
            Error::Timeout(TimeoutError { kind: TimeoutKind::Transport, source: Some(err) })
        } else {
            Error::Transport(err)
        }
    }
}

impl<E: fmt::Display> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(e) => write!(f, "{e}"),
            Error::Validation(e) => write!(f, "invalid request: {e}"),
            Error::Auth(e) => write!(f, "authentication failed: {e}"),
            Error::Timeout(e) => write!(f, "{e}"),
            Error::Transport(e) => write!(f, "transport error: {e}"),
            Error::Decode(e) => write!(f, "{e}"),
            Error::Redirect(reason) => write!(f, "redirect not followed: {reason}"),
            Error::TooLarge(e) => write!(f, "{e}"),
            Error::Pagination(e) => write!(f, "pagination stopped: {e}"),
            Error::Middleware(e) => write!(f, "a middleware failed the request: {e}"),
        }
    }
}

impl<E: std::error::Error + 'static> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Api(e) => Some(e),
            Error::Validation(e) => Some(e),
            Error::Auth(e) => Some(e),
            Error::Timeout(e) => Some(e),
            Error::Transport(e) => Some(e),
            Error::Decode(e) => Some(e),
            Error::TooLarge(e) => Some(e),
            Error::Pagination(e) => Some(e),
            Error::Middleware(e) => Some(e.as_ref()),
            Error::Redirect(_) => None,
        }
    }
}

/// An error that cannot be an API error: what reading a success body fails
/// with, before it is given the operation's error type.
pub(crate) type BodyError = Error<std::convert::Infallible>;

impl BodyError {
    /// The same error as any operation's error type.
    pub(crate) fn widen<E>(self) -> Error<E> {
        self.map_api(|never| match never {})
    }
}

impl<E> From<ValidationError> for Error<E> {
    fn from(err: ValidationError) -> Self {
        Error::Validation(err)
    }
}

/// What every generated per-operation error enum offers, for code that handles
/// the errors of many operations alike (logging, metrics, retries of its own).
pub trait OperationError: From<ApiError> + std::error::Error + Send + Sync + 'static {
    /// The response behind the error: status, code, message, body.
    fn api_error(&self) -> &ApiError;

    /// What the vendor documents for this error; `None` when undocumented.
    fn documented_meaning(&self) -> Option<&'static str>;

    /// The HTTP status the variant stands for; `None` for `Other`.
    fn documented_status(&self) -> Option<u16> {
        None
    }

    /// The error code the variant stands for; `None` for `Other` and for a
    /// variant documented by its status alone.
    fn documented_code(&self) -> Option<ErrorCode> {
        None
    }
}

/// The code of a variant, from the zero or one code literal it is written with.
#[doc(hidden)]
pub fn first_code(codes: &[ErrorCode]) -> Option<ErrorCode> {
    codes.first().cloned()
}

/// How an operation's error enum writes itself: the API error, then the
/// documented meaning in parentheses when there is one.
#[doc(hidden)]
pub fn fmt_operation_error(error: &ApiError, meaning: Option<&str>, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    match meaning {
        Some(meaning) if !meaning.is_empty() => write!(f, "{error} ({meaning})"),
        _ => write!(f, "{error}"),
    }
}

/// A documented error code as written in the generated code: an integer
/// literal for APIs with numeric codes, a string literal otherwise.
#[doc(hidden)]
pub trait CodeLiteral {
    /// Whether the code the response carried is this one.
    fn matches_code(self, code: &Option<ErrorCode>) -> bool;

    /// The code itself.
    fn to_code(self) -> ErrorCode;
}

impl CodeLiteral for i64 {
    fn matches_code(self, code: &Option<ErrorCode>) -> bool {
        matches!(code, Some(ErrorCode::Int(c)) if *c == self)
    }

    fn to_code(self) -> ErrorCode {
        ErrorCode::Int(self)
    }
}

impl CodeLiteral for &str {
    fn matches_code(self, code: &Option<ErrorCode>) -> bool {
        matches!(code, Some(ErrorCode::Str(c)) if c == self)
    }

    fn to_code(self) -> ErrorCode {
        ErrorCode::Str(self.to_owned())
    }
}

/// An error code as the API sends it: a number (Zoom) or a string (Zoho).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    /// A numeric code such as `2000`.
    Int(i64),
    /// A string code such as `INVALID_MODULE`.
    Str(String),
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorCode::Int(code) => write!(f, "{code}"),
            ErrorCode::Str(code) => f.write_str(code),
        }
    }
}

/// An error response: status, the decoded code and message when the body has
/// them, the request id header when present, the headers and the raw body.
///
/// `ApiError::default()` is empty (status 0): what a test gives a typed
/// mock's `fails`, whose variant supplies the status and code.
#[derive(Clone, Default)]
pub struct ApiError {
    /// The HTTP status.
    pub status: u16,
    /// The API's error code, when the body carries one.
    pub code: Option<ErrorCode>,
    /// The API's message, when the body carries one.
    pub message: Option<String>,
    /// The request id header (`x-zm-trackingid`, `x-request-id`), when present.
    pub request_id: Option<String>,
    /// The raw response body, as received (bounded).
    pub body: Bytes,
    /// The response headers (rate-limit state, `Retry-After`, request ids).
    pub headers: reqwest::header::HeaderMap,
}

// Header values are the server's to interpret and may carry session state:
// only their names are shown.
impl fmt::Debug for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiError")
            .field("status", &self.status)
            .field("code", &self.code)
            .field("message", &self.message)
            .field("request_id", &self.request_id)
            .field("body", &self.body)
            .field("headers", &crate::response::HeaderNames(&self.headers))
            .finish()
    }
}

impl ApiError {
    /// The body decoded as JSON of `T`; `None` when it is not one (the raw
    /// body stays in [`body`](Self::body)). What an operation's typed
    /// error bodies are read with.
    pub fn decode_body<T: serde::de::DeserializeOwned>(&self) -> Option<T> {
        serde_json::from_slice(&self.body).ok()
    }

    /// True when the status and the code are the ones given.
    pub fn is(&self, status: u16, code: &ErrorCode) -> bool {
        self.status == status && self.code.as_ref() == Some(code)
    }

    /// True when the code is the numeric code given, whatever the status.
    pub fn has_int_code(&self, code: i64) -> bool {
        self.code == Some(ErrorCode::Int(code))
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {}", self.status)?;
        if let Some(code) = &self.code {
            write!(f, ", code {code}")?;
        }
        if let Some(message) = &self.message {
            write!(f, ": {message}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

/// A request refused on the client side: a parameter that cannot be sent as
/// given or a documented limit that it breaks. Nothing was sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationError {
    /// The parameter or field at fault.
    pub field: String,
    /// What is wrong with it.
    pub reason: String,
}

impl ValidationError {
    /// A validation error for `field`.
    pub fn new(field: impl Into<String>, reason: impl Into<String>) -> Self {
        ValidationError { field: field.into(), reason: reason.into() }
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.field.as_str() {
            // A rule about the whole body (the sets of fields it needs one of).
            "" => write!(f, "the body {}", self.reason),
            field => write!(f, "`{field}` {}", self.reason),
        }
    }
}

impl std::error::Error for ValidationError {}

/// No access token could be had, or it cannot be sent as a header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthError {
    /// What went wrong; never contains the secret.
    pub reason: String,
}

impl AuthError {
    /// An auth error with the given reason.
    pub fn new(reason: impl Into<String>) -> Self {
        AuthError { reason: reason.into() }
    }
}

impl fmt::Display for AuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.reason)
    }
}

impl std::error::Error for AuthError {}

/// A success response whose body is not what the spec documents.
pub struct DecodeError {
    /// The HTTP status of the response.
    pub status: u16,
    /// The operation that was called.
    pub operation: &'static str,
    /// The first bytes of the body, as text, for messages and logs.
    pub snippet: String,
    /// The whole body as received (at most the client's response body
    /// limit), so nothing the server sent is lost. `Debug` and `Display` show
    /// only its length and first bytes.
    pub body: Bytes,
    /// The JSON error.
    pub source: serde_json::Error,
}

/// How much of a body a [`DecodeError`]'s message shows.
pub(crate) const SNIPPET_LEN: usize = 256;

impl DecodeError {
    pub(crate) fn new(status: u16, operation: &'static str, body: Bytes, source: serde_json::Error) -> Self {
        let end = body.len().min(SNIPPET_LEN);
        let snippet = String::from_utf8_lossy(body.get(..end).unwrap_or_default()).into_owned();
        DecodeError { status, operation, snippet, body, source }
    }
}

impl fmt::Debug for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DecodeError")
            .field("status", &self.status)
            .field("operation", &self.operation)
            .field("snippet", &self.snippet)
            .field("body_len", &self.body.len())
            .field("source", &self.source)
            .finish()
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "could not decode the HTTP {} response of `{}`: {} (body starts: {:?})",
            self.status, self.operation, self.source, self.snippet
        )
    }
}

impl std::error::Error for DecodeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// A client could not be built from its configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildError {
    /// What is wrong with the configuration.
    pub reason: String,
}

impl BuildError {
    pub(crate) fn new(reason: impl Into<String>) -> Self {
        BuildError { reason: reason.into() }
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot build the client: {}", self.reason)
    }
}

impl std::error::Error for BuildError {}

/// Which limit a [`TimeoutError`] hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TimeoutKind {
    /// The whole call (token, attempts, redirects, waits, reading a decoded
    /// body) passed [`ClientBuilder::timeout`](crate::ClientBuilder::timeout).
    Deadline,
    /// Nothing moved, in either direction, for
    /// [`ClientBuilder::stall_timeout`](crate::ClientBuilder::stall_timeout).
    Stall,
    /// The HTTP stack itself timed out (connecting, for example).
    Transport,
}

/// A call that took too long or stopped moving.
#[derive(Debug)]
pub struct TimeoutError {
    /// Which limit was hit.
    pub kind: TimeoutKind,
    pub(crate) source: Option<reqwest::Error>,
}

impl TimeoutError {
    pub(crate) fn new(kind: TimeoutKind) -> Self {
        TimeoutError { kind, source: None }
    }
}

impl fmt::Display for TimeoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            TimeoutKind::Deadline => f.write_str("the call passed its deadline"),
            TimeoutKind::Stall => f.write_str("the transfer stalled: no progress within the stall timeout"),
            TimeoutKind::Transport => f.write_str("the request timed out"),
        }
    }
}

impl std::error::Error for TimeoutError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_ref().map(|e| e as &(dyn std::error::Error + 'static))
    }
}

/// A response body over the client's limit; the rest of it was not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooLargeError {
    /// The operation that was called.
    pub operation: &'static str,
    /// The limit in bytes.
    pub limit: u64,
}

impl fmt::Display for TooLargeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the response body of `{}` is larger than the limit of {} bytes", self.operation, self.limit)
    }
}

impl std::error::Error for TooLargeError {}
