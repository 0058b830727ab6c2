//! Typed mocks for the tests of code that uses a generated client: a local
//! [wiremock](https://docs.rs/wiremock) server that answers each operation
//! with a value of its own response type or one of its own documented errors,
//! so a test never writes JSON or paths by hand.
//!
//! Each generated API has a `mock::MockServer` with one method per operation
//! that returns a [`MockOperation`]; it is compiled with this crate's `mock`
//! feature (the client crate's `mock` feature turns it on).

use std::fmt;
use std::future::{Future, IntoFuture};
use std::marker::PhantomData;
use std::pin::Pin;

use bytes::Bytes;
use reqwest::Method;
use wiremock::matchers;
use wiremock::{Mock, ResponseTemplate};

use crate::api::ApiInfo;
use crate::client::{Client, ClientBuilder};
use crate::error::{ErrorCode, OperationError};
use crate::retry::RetryPolicy;

mod body;
mod pages;
pub use body::NoJsonBody;
#[doc(hidden)]
pub use pages::{PageStyle, Paging};

/// The wiremock crate, for [`MockOperation::responds`] and [`MockServer::wiremock`].
pub use wiremock;

/// The token a client made by [`MockServer::client_builder`] sends.
pub const MOCK_TOKEN: &str = "mock-token";

/// A local server on 127.0.0.1 that answers as one API does, once told what
/// to answer. It stops when dropped; then every expectation set with
/// [`MockResponse::times`] is checked (an unmet one fails the test).
///
/// Like the API, it checks credentials: a request without those its
/// operation requires (the token, an API key in its header, query parameter
/// or cookie, HTTP Basic; one alternative of the requirement, every scheme of
/// it) is answered `401` and matches no answer the test set up.
/// [`MockOperation::unauthorized`] and [`MockOperation::forbidden`] answer
/// `401` and `403` on purpose.
pub struct MockServer {
    server: wiremock::MockServer,
    api: &'static ApiInfo,
}

impl fmt::Debug for MockServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockServer").field("api", &self.api.name).field("uri", &self.server.uri()).finish()
    }
}

impl MockServer {
    /// Starts a server for the API described by `api`.
    pub async fn start(api: &'static ApiInfo) -> Self {
        MockServer { server: wiremock::MockServer::start().await, api }
    }

    /// The server's base URL (`http://127.0.0.1:PORT`).
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    /// A client configuration with every server of the API at this mock, the
    /// token [`MOCK_TOKEN`] (and that text as the credential of each other
    /// security scheme) and no retries (a mocked 429 or 503 comes back at
    /// once); change what the test needs, then build it.
    pub fn client_builder<C: From<Client>>(&self) -> ClientBuilder<C> {
        let uri = self.server.uri();
        let builder = (0..self.api.servers.len())
            .fold(ClientBuilder::new(self.api), |builder, server| builder.server_url(server, uri.clone()))
            .token(MOCK_TOKEN)
            .retry(RetryPolicy::none());
        self.api.security.schemes.iter().fold(builder, |builder, scheme| match scheme.kind {
            crate::SchemeKind::ApiKey { .. } => builder.api_key(scheme.name, MOCK_TOKEN),
            crate::SchemeKind::Basic => builder.basic(scheme.name, "mock-user", MOCK_TOKEN),
        })
    }

    /// Checks now that every expectation set with [`MockResponse::times`] was met.
    pub async fn verify(&self) {
        self.server.verify().await;
    }

    /// Forgets every mounted answer and every request received.
    pub async fn reset(&self) {
        self.server.reset().await;
    }

    /// The underlying wiremock server: the requests it received, and mocks
    /// with matchers of wiremock's own.
    pub fn wiremock(&self) -> &wiremock::MockServer {
        &self.server
    }

    /// The mock of one operation; generated code calls this with the
    /// operation's method, path template and success response.
    #[doc(hidden)]
    pub fn operation<T, E, B>(
        &self,
        method: Method,
        template: &'static str,
        success: Success<T>,
    ) -> MockOperation<'_, T, E, B> {
        MockOperation {
            server: self,
            method,
            template,
            path_params: Vec::new(),
            query: Vec::new(),
            requirement: None,
            paging: None,
            body: Vec::new(),
            success,
            error: PhantomData,
        }
    }
}

/// How an operation's success is answered: its status, its media type (none
/// for an empty body) and how a value of the response type becomes the body.
/// Made by generated code.
#[doc(hidden)]
pub struct Success<T> {
    status: u16,
    media_type: Option<&'static str>,
    encode: Box<dyn Fn(T) -> Result<Vec<u8>, String> + Send + Sync>,
    /// A stream of events (server-sent, or JSON lines), which requests ask
    /// for by their `Accept` header.
    events: bool,
}

impl<T: serde::Serialize> Success<T> {
    /// A JSON body. A value JSON cannot hold as it is (a NaN or infinite
    /// float, which serde_json writes as `null`) is refused.
    pub fn json(status: u16) -> Self {
        Success {
            status,
            media_type: Some("application/json"),
            encode: Box::new(|value| crate::finite::to_json(&value)),
            events: false,
        }
    }
}

impl Success<()> {
    /// No body.
    pub fn empty(status: u16) -> Self {
        Success { status, media_type: None, encode: Box::new(|()| Ok(Vec::new())), events: false }
    }
}

impl Success<String> {
    /// Text, with the response's media type (`text/plain`, `text/csv`).
    pub fn text(status: u16, media_type: &'static str) -> Self {
        Success {
            status,
            media_type: Some(media_type),
            encode: Box::new(|text: String| Ok(text.into_bytes())),
            events: false,
        }
    }
}

impl Success<Bytes> {
    /// Bytes sent as they are, with the response's media type.
    pub fn binary(status: u16, media_type: &'static str) -> Self {
        Success {
            status,
            media_type: Some(media_type),
            encode: Box::new(|bytes: Bytes| Ok(bytes.to_vec())),
            events: false,
        }
    }
}

impl<T: serde::Serialize> Success<Vec<T>> {
    /// Server-sent events, one per value (`data: <json>`), then the end
    /// marker's event when the operation has one.
    pub fn events(status: u16, end: Option<&'static str>) -> Self {
        Self::framed(status, EVENT_STREAM, end, ("data: ", "\n\n"))
    }

    /// JSON lines of media type `media_type`, one per value, then the end
    /// marker's line when the operation has one.
    pub fn lines(status: u16, media_type: &'static str, end: Option<&'static str>) -> Self {
        Self::framed(status, media_type, end, ("", "\n"))
    }

    /// Each value's JSON, then the end marker, between `before` and `after`.
    fn framed(
        status: u16,
        media_type: &'static str,
        end: Option<&'static str>,
        (before, after): (&'static str, &'static str),
    ) -> Self {
        let encode = move |events: Vec<T>| {
            let mut body = Vec::new();
            for event in &events {
                body.extend_from_slice(before.as_bytes());
                body.extend(crate::finite::to_json(event)?);
                body.extend_from_slice(after.as_bytes());
            }
            if let Some(end) = end {
                body.extend_from_slice(format!("{before}{end}{after}").as_bytes());
            }
            Ok(body)
        };
        Success { status, media_type: Some(media_type), encode: Box::new(encode), events: true }
    }
}

const EVENT_STREAM: &str = "text/event-stream";

/// What one operation of a [`MockServer`] answers: its requests are matched
/// by method and path (and the query values and body set with
/// [`query`](Self::query), [`with_body`](Self::with_body),
/// [`with_body_matching`](Self::with_body_matching) and
/// [`with_form_field`](Self::with_form_field)).
/// `T` is the operation's success body, `E` its error enum, `B` its JSON
/// request body ([`NoJsonBody`] when it has none).
#[must_use = "a mock does nothing until `.returns(…)` or `.fails(…)` is awaited"]
pub struct MockOperation<'a, T, E, B = NoJsonBody> {
    server: &'a MockServer,
    method: Method,
    template: &'static str,
    path_params: Vec<(&'static str, String)>,
    query: Vec<(String, String)>,
    /// The operation's own security requirement, when it has one.
    requirement: Option<crate::security::Requirement>,
    /// How the operation's pages link, when it is paged.
    paging: Option<Paging>,
    /// Tests on the request body, all of which must pass.
    body: Vec<body::BodyMatch>,
    success: Success<T>,
    error: PhantomData<fn() -> (E, B)>,
}

impl<T, E, B> fmt::Debug for MockOperation<'_, T, E, B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockOperation").field("method", &self.method).field("path", &self.path()).finish()
    }
}

impl<'a, T, E, B: serde::Serialize> MockOperation<'a, T, E, B> {
    /// Matches only requests whose JSON body is `body` (compared as JSON:
    /// the order of keys does not matter, absent and `null` do).
    ///
    /// # Panics
    ///
    /// When `body` cannot be written as JSON (a NaN or infinite float).
    pub fn with_body(mut self, body: impl Into<B>) -> Self {
        let bytes = crate::finite::to_json(&body.into())
            .unwrap_or_else(|e| panic!("the mock of `{} {}` cannot match this body: {e}", self.method, self.template));
        let expected = serde_json::from_slice(&bytes).expect("JSON written is read back");
        self.body.push(body::BodyMatch::json(expected));
        self
    }
}

impl<'a, T, E, B: serde::de::DeserializeOwned> MockOperation<'a, T, E, B> {
    /// Matches only requests whose JSON body decodes as the operation's
    /// body type and passes `predicate` (a body that does not decode does
    /// not match).
    pub fn with_body_matching(mut self, predicate: impl Fn(&B) -> bool + Send + Sync + 'static) -> Self {
        let test =
            move |request: &wiremock::Request| serde_json::from_slice::<B>(&request.body).is_ok_and(|b| predicate(&b));
        self.body.push(body::BodyMatch::new(test));
        self
    }
}

impl<'a, T, E, B> MockOperation<'a, T, E, B> {
    /// Matches only requests whose form body (URL-encoded or multipart) has
    /// the field `name` with the text `value` (a file part: its bytes as text).
    pub fn with_form_field(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.body.push(body::BodyMatch::form_field(name.into(), value.into()));
        self
    }

    /// Sets a path parameter; generated code calls this.
    #[doc(hidden)]
    pub fn path_param(mut self, name: &'static str, value: impl fmt::Display) -> Self {
        self.path_params.push((name, value.to_string()));
        self
    }

    /// Sets the operation's own security requirement; generated code calls
    /// this. Without it, the API's requirement applies.
    #[doc(hidden)]
    pub fn requires(mut self, requirement: crate::security::Requirement) -> Self {
        self.requirement = Some(requirement);
        self
    }

    /// Sets how the operation's pages link; generated code calls this for
    /// a paged operation.
    #[doc(hidden)]
    pub fn paged(mut self, paging: Paging) -> Self {
        self.paging = Some(paging);
        self
    }

    /// Answers `401 Unauthorized`, as an API does to a credential it does not accept.
    pub fn unauthorized(self) -> MockResponse<'a> {
        let template = status_response(self.server.api, 401, "the credentials are not accepted");
        self.responds(template)
    }

    /// Answers `403 Forbidden`, as an API does to a credential without the rights a call needs.
    pub fn forbidden(self) -> MockResponse<'a> {
        let template = status_response(self.server.api, 403, "the credentials do not allow this call");
        self.responds(template)
    }

    /// Matches only requests whose query has `name=value`.
    pub fn query(mut self, name: impl Into<String>, value: impl fmt::Display) -> Self {
        self.query.push((name.into(), value.to_string()));
        self
    }

    /// Answers with `value`, as the operation's documented success.
    ///
    /// # Panics
    ///
    /// When `value` cannot be sent as the operation's body: a float that is
    /// NaN or infinite (JSON has no such number, and serde_json would send
    /// `null`, which the client reads as absent), or a value its serializer
    /// refuses. The message names the operation and the place in the value.
    pub fn returns(self, value: impl Into<T>) -> MockResponse<'a> {
        let response = ResponseTemplate::new(self.success.status);
        let response = match (self.success.media_type, (self.success.encode)(value.into())) {
            (None, _) => response,
            (Some(media_type), Ok(body)) => response.set_body_raw(body, media_type),
            (Some(_), Err(error)) => {
                panic!("the mock of `{} {}` cannot answer with this value: {error}", self.method, self.template)
            }
        };
        self.responds(response)
    }

    /// Answers the pages of a listing, one value of the response type per
    /// page, in order: the first to a request that names no page, each next
    /// one to the request the client makes from the page before (its token,
    /// the URL in its `Link` header or field, the next page number or
    /// offset). The mock writes the links: a page's next-page token or URL
    /// is replaced by its own, and the last page names none (a field the
    /// page holds is left empty). A listing by page number or offset gets an
    /// empty page after the last. `into_stream()` then yields every item of
    /// every page. [`times`](MockResponse::times) expects each page that
    /// many times.
    ///
    /// # Panics
    ///
    /// When the operation is not paged, or a page cannot be sent (as
    /// [`returns`](Self::returns)) or has no array of items where the spec
    /// says.
    pub fn pages<V: Into<T>>(self, pages: impl IntoIterator<Item = V>) -> MockResponse<'a> {
        let fail = |error: String| -> ! {
            panic!("the mock of `{} {}` cannot answer these pages: {error}", self.method, self.template)
        };
        let Some(paging) = self.paging else { fail("the operation is not paged".to_owned()) };
        let bodies: Vec<serde_json::Value> = pages
            .into_iter()
            .map(|page| {
                let bytes = (self.success.encode)(page.into()).unwrap_or_else(|e| fail(e));
                serde_json::from_slice(&bytes).unwrap_or_else(|e| fail(format!("a page is not JSON: {e}")))
            })
            .collect();
        if bodies.is_empty() {
            fail("a listing has at least one page (an empty one when there are no items)".to_owned());
        }
        let base = format!("{}{}", self.server.uri(), self.path());
        let answers = paging
            .answers(bodies, |i| format!("{base}?{}", pages::PageRequest::url_query(i)))
            .unwrap_or_else(|e| fail(e));
        let mut mocks: Vec<Mock> = answers
            .into_iter()
            .map(|answer| {
                let mut template = ResponseTemplate::new(self.success.status)
                    .set_body_raw(answer.body, self.success.media_type.unwrap_or("application/json"));
                if let Some(link) = answer.link {
                    template = template.insert_header("link", link.as_str());
                }
                self.answer(Some(answer.request), template)
            })
            .collect();
        let after_last = if paging.has_page_after_last() { mocks.pop() } else { None };
        MockResponse { server: self.server, mocks, after_last, fallback: self.fallback(), times: None }
    }

    /// Answers with a response of the test's own making (another status, a
    /// delay, a malformed body).
    pub fn responds(self, template: ResponseTemplate) -> MockResponse<'a> {
        let mock = self.answer(None, template);
        MockResponse {
            server: self.server,
            mocks: vec![mock],
            after_last: None,
            fallback: self.fallback(),
            times: None,
        }
    }

    /// The requests of the operation, by method and path.
    fn requests(&self) -> wiremock::MockBuilder {
        Mock::given(matchers::method(self.method.as_str())).and(matchers::path(self.path()))
    }

    /// A request without the credentials the operation requires is answered
    /// 401 by a fallback, as the API would answer it.
    fn fallback(&self) -> Mock {
        self.requests()
            .respond_with(status_response(
                self.server.api,
                401,
                "the request carries no credentials the operation accepts",
            ))
            .with_priority(u8::MAX)
    }

    /// Answers the operation's requests with credentials (and the query
    /// values set, and what names one page) with `template`.
    fn answer(&self, page: Option<pages::PageRequest>, template: ResponseTemplate) -> Mock {
        let api = self.server.api;
        let requirement = self.requirement.or(api.security.default);
        let mut mock = self.requests().and(Credentials { api, requirement });
        for (name, value) in &self.query {
            mock = mock.and(matchers::query_param(name.as_str(), value.as_str()));
        }
        for test in &self.body {
            mock = mock.and(test.clone());
        }
        if let Some(page) = page {
            mock = mock.and(page);
        }
        // An event stream's operation shares its path with the JSON one: its
        // requests ask for events, and its mock goes first.
        match self.success.media_type.filter(|_| self.success.events) {
            Some(events) => mock.and(matchers::header("accept", events)).respond_with(template).with_priority(1),
            None => mock.respond_with(template),
        }
    }

    /// The path the client requests, its parameters percent-encoded as the client encodes them.
    fn path(&self) -> String {
        crate::path::fill_unchecked(self.template, &self.path_params)
    }
}

impl<'a, E, B> MockOperation<'a, (), E, B> {
    /// Answers with the operation's documented success, which has no body.
    pub fn succeeds(self) -> MockResponse<'a> {
        self.returns(())
    }
}

impl<'a, T, E: OperationError, B> MockOperation<'a, T, E, B> {
    /// Answers with `error`: the status and code its variant documents (for
    /// `Other`, those of its [`ApiError`](crate::ApiError), a status outside
    /// 400–599 answered as 500), the message, headers and request id the
    /// `ApiError` holds, and its body, or, when that is empty, an error body
    /// of the API's shape with the code and the message (the documented
    /// meaning when no message is set).
    ///
    /// The client reads the answer back as the same variant.
    pub fn fails(self, error: E) -> MockResponse<'a> {
        let api = self.server.api;
        let template = error_response(api, &error);
        self.responds(template)
    }
}

/// An error status with a body of the API's error shape holding `message`.
fn status_response(api: &ApiInfo, status: u16, message: &str) -> ResponseTemplate {
    let mut body = serde_json::Map::new();
    body.insert(api.error_body.message_field.to_owned(), message.into());
    ResponseTemplate::new(status).set_body_json(serde_json::Value::Object(body))
}

/// Matches requests that carry the credentials of one alternative of a
/// requirement: the token in its header with its prefix, an API key in its
/// header, query parameter or cookie, HTTP Basic credentials. An API that
/// declares nothing needs its token; a public operation, nothing.
struct Credentials {
    api: &'static ApiInfo,
    requirement: Option<crate::security::Requirement>,
}

impl wiremock::Match for Credentials {
    fn matches(&self, request: &wiremock::Request) -> bool {
        match self.requirement {
            None => self.present(crate::security::TOKEN, request),
            Some(alternatives) => {
                alternatives.is_empty()
                    || alternatives.iter().any(|alt| alt.iter().all(|scheme| self.present(scheme, request)))
            }
        }
    }
}

impl Credentials {
    fn present(&self, scheme: &str, request: &wiremock::Request) -> bool {
        let header = |name: &str| request.headers.get(name).and_then(|v| v.to_str().ok());
        let non_empty = |value: &str| !value.trim().is_empty();
        if scheme == crate::security::TOKEN {
            let auth = self.api.auth;
            return header(auth.header).and_then(|v| v.strip_prefix(auth.prefix)).is_some_and(non_empty);
        }
        let Some(info) = self.api.security.schemes.iter().find(|s| s.name == scheme) else { return false };
        match info.kind {
            crate::SchemeKind::Basic => {
                header("authorization").and_then(|v| v.strip_prefix("Basic ")).is_some_and(non_empty)
            }
            crate::SchemeKind::ApiKey { location, param } => match location {
                crate::KeyLocation::Header => header(param).is_some_and(non_empty),
                crate::KeyLocation::Query => request.url.query_pairs().any(|(k, v)| k == param && non_empty(&v)),
                crate::KeyLocation::Cookie => request.headers.get_all("cookie").iter().any(|v| {
                    v.to_str()
                        .unwrap_or_default()
                        .split(';')
                        .any(|pair| pair.trim().split_once('=').is_some_and(|(k, v)| k == param && non_empty(v)))
                }),
            },
        }
    }
}

fn error_response(api: &ApiInfo, error: &impl OperationError) -> ResponseTemplate {
    let inner = error.api_error();
    let status = error.documented_status().unwrap_or(inner.status);
    let status = if (400..=599).contains(&status) { status } else { 500 };
    let code = error.documented_code().or_else(|| inner.code.clone());
    let mut template = ResponseTemplate::new(status).append_headers(inner.headers.iter());
    if let Some(request_id) = &inner.request_id {
        template = template.insert_header("x-request-id", request_id.as_str());
    }
    if !inner.body.is_empty() {
        let media_type = if serde_json::from_slice::<serde_json::Value>(&inner.body).is_ok() {
            "application/json"
        } else {
            "text/plain"
        };
        return template.set_body_raw(inner.body.to_vec(), media_type);
    }
    let shape = api.error_body;
    let mut body = serde_json::Map::new();
    if let Some(code) = code {
        let code = match code {
            ErrorCode::Int(code) => serde_json::Value::from(code),
            ErrorCode::Str(code) => serde_json::Value::from(code),
        };
        body.insert(shape.code_field.to_owned(), code);
    }
    if let Some(message) = inner.message.as_deref().or(error.documented_meaning()) {
        body.insert(shape.message_field.to_owned(), message.into());
    }
    template.set_body_json(serde_json::Value::Object(body))
}

/// An answer ready to be mounted on its [`MockServer`]: `.await` it.
#[must_use = "a mock answers nothing until it is awaited"]
pub struct MockResponse<'a> {
    server: &'a MockServer,
    /// One answer, or one per page.
    mocks: Vec<Mock>,
    /// The empty page after the last of a listing by page number or
    /// offset, which the client may not ask for (the page count says it
    /// is done): no expectation is set on it.
    after_last: Option<Mock>,
    /// The 401 for requests without the credentials the operation requires.
    fallback: Mock,
    times: Option<u64>,
}

impl fmt::Debug for MockResponse<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockResponse").field("times", &self.times).finish_non_exhaustive()
    }
}

impl MockResponse<'_> {
    /// Expects exactly `n` matching requests: checked by
    /// [`MockServer::verify`] and when the server is dropped.
    pub fn times(mut self, n: u64) -> Self {
        self.times = Some(n);
        self
    }

    /// Answers only the first `n` matching requests; later ones go to the
    /// next mounted answer (pages of a listing, a retry that succeeds).
    pub fn up_to(self, n: u64) -> Self {
        let mocks = self.mocks.into_iter().map(|m| m.up_to_n_times(n)).collect();
        MockResponse { mocks, after_last: self.after_last.map(|m| m.up_to_n_times(n)), ..self }
    }

    async fn mount(self) {
        for mock in self.mocks {
            let mock = match self.times {
                Some(n) => mock.expect(n),
                None => mock,
            };
            self.server.server.register(mock).await;
        }
        if let Some(mock) = self.after_last {
            self.server.server.register(mock).await;
        }
        self.server.server.register(self.fallback).await;
    }
}

impl<'a> IntoFuture for MockResponse<'a> {
    type Output = ();
    type IntoFuture = Pin<Box<dyn Future<Output = ()> + Send + 'a>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.mount())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{AuthScheme, CodeType, ErrorBodyShape};
    use crate::{KeyLocation, SchemeInfo, SchemeKind, SecurityInfo};

    static API: ApiInfo = ApiInfo {
        name: "demo",
        servers: &[],
        hosts: &[],
        variables: &[],
        auth: AuthScheme { header: "Authorization", prefix: "Bearer" },
        security: SecurityInfo {
            schemes: &[
                SchemeInfo { name: "id", kind: SchemeKind::ApiKey { location: KeyLocation::Header, param: "X-Id" } },
                SchemeInfo { name: "key", kind: SchemeKind::ApiKey { location: KeyLocation::Query, param: "key" } },
                SchemeInfo {
                    name: "session",
                    kind: SchemeKind::ApiKey { location: KeyLocation::Cookie, param: "sid" },
                },
                SchemeInfo { name: "basic", kind: SchemeKind::Basic },
            ],
            default: Some(&[&["id", "key"], &["basic"]]),
        },
        error_body: ErrorBodyShape { code_field: "code", code_type: CodeType::Integer, message_field: "message" },
    };

    fn request(url: &str, headers: &[(&'static str, &str)]) -> wiremock::Request {
        let mut map = reqwest::header::HeaderMap::new();
        for (name, value) in headers {
            map.append(*name, value.parse().unwrap());
        }
        wiremock::Request { url: url.parse().unwrap(), method: Method::GET, headers: map, body: Vec::new() }
    }

    #[test]
    fn credentials_are_checked_against_every_alternative_and_combination() {
        use wiremock::Match as _;
        let default = Credentials { api: &API, requirement: API.security.default };
        // `id` and `key` together, or `basic`.
        assert!(default.matches(&request("http://h/a?key=k", &[("x-id", "i")])));
        assert!(!default.matches(&request("http://h/a", &[("x-id", "i")])), "`key` is missing");
        assert!(!default.matches(&request("http://h/a?key=", &[("x-id", "i")])), "an empty key is none");
        assert!(default.matches(&request("http://h/a", &[("authorization", "Basic dTpw")])));
        assert!(!default.matches(&request("http://h/a", &[("authorization", "Bearer t")])));
        let cookie = Credentials { api: &API, requirement: Some(&[&["session"]]) };
        assert!(cookie.matches(&request("http://h/a", &[("cookie", "a=1; sid=s")])));
        assert!(!cookie.matches(&request("http://h/a", &[("cookie", "sidx=s")])));
        let token = Credentials { api: &API, requirement: None };
        assert!(token.matches(&request("http://h/a", &[("authorization", "Bearer t")])));
        assert!(!token.matches(&request("http://h/a", &[("authorization", "Bearer ")])));
        let public = Credentials { api: &API, requirement: Some(&[]) };
        assert!(public.matches(&request("http://h/a", &[])));
    }
}
