//! The HTTP client shared by every operation of an API: URL building,
//! auth, retries, redirects and error decoding.

use std::fmt;
use std::marker::PhantomData;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::header::{HeaderName, HeaderValue, CONTENT_TYPE, LOCATION};
use reqwest::Method;
use tracing::Instrument;
use url::Url;

use crate::api::ApiInfo;
use crate::auth::{Secret, StaticToken, TokenProvider};
use crate::error::{ApiError, AuthError, BuildError, Error, ErrorCode, ValidationError};
use crate::request::{Body, Request};
use crate::response::Response;
use crate::retry::{retry_after, retryable_status, RetryPolicy};
use crate::CodeType;

/// The most of an error body that is kept.
const MAX_ERROR_BODY: usize = 64 * 1024;

/// Headers that carry a request id, in order of preference.
const REQUEST_ID_HEADERS: [&str; 3] = ["x-zm-trackingid", "x-request-id", "x-correlation-id"];

const DEFAULT_USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// A configured client for one API. Cheap to clone; clones share connections.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    api: &'static ApiInfo,
    /// Server URL templates, the caller's replacements applied.
    servers: Vec<String>,
    /// Server variables the caller set.
    variables: Vec<(String, String)>,
    token: Option<Arc<dyn TokenProvider>>,
    http: reqwest::Client,
    retry: RetryPolicy,
    trusted_hosts: Vec<String>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("api", &self.inner.api.name)
            .field("servers", &self.inner.servers)
            .field("variables", &self.inner.variables)
            .field("token", &self.inner.token.as_ref().map(|_| "***"))
            .field("retry", &self.inner.retry)
            .finish()
    }
}

/// Configuration of a client. `C` is the client type it builds: the runtime
/// [`Client`] or a generated API client that wraps it.
pub struct ClientBuilder<C = Client> {
    api: &'static ApiInfo,
    server_urls: Vec<Option<String>>,
    variables: Vec<(String, String)>,
    token: Option<Arc<dyn TokenProvider>>,
    timeout: Option<Duration>,
    connect_timeout: Duration,
    user_agent: String,
    retry: RetryPolicy,
    trusted_hosts: Vec<String>,
    client: PhantomData<fn() -> C>,
}

impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("api", &self.api.name)
            .field("server_urls", &self.server_urls)
            .field("variables", &self.variables)
            .field("token", &self.token.as_ref().map(|_| "***"))
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .finish()
    }
}

impl<C: From<Client>> ClientBuilder<C> {
    /// A builder for the API described by `api`, with its default servers.
    pub fn new(api: &'static ApiInfo) -> Self {
        ClientBuilder {
            api,
            server_urls: vec![None; api.servers.len()],
            variables: Vec::new(),
            token: None,
            timeout: Some(Duration::from_secs(60)),
            connect_timeout: Duration::from_secs(10),
            user_agent: DEFAULT_USER_AGENT.to_owned(),
            retry: RetryPolicy::default(),
            trusted_hosts: Vec::new(),
            client: PhantomData,
        }
    }

    /// Sends a fixed access token.
    pub fn token(self, token: impl Into<Secret>) -> Self {
        self.token_provider(StaticToken::new(token))
    }

    /// Asks `provider` for the access token before each request (an OAuth
    /// flow that caches and refreshes, for example).
    pub fn token_provider(mut self, provider: impl TokenProvider) -> Self {
        self.token = Some(Arc::new(provider));
        self
    }

    /// Replaces the URL of a server (a generated `Server` value, or its
    /// number in the spec's list).
    pub fn server_url(mut self, server: impl Into<usize>, url: impl Into<String>) -> Self {
        if let Some(slot) = self.server_urls.get_mut(server.into()) {
            *slot = Some(url.into());
        }
        self
    }

    /// Sets a server variable such as `api-domain`.
    pub fn variable(mut self, name: &str, value: impl Into<String>) -> Self {
        self.variables.retain(|(n, _)| n != name);
        self.variables.push((name.to_owned(), value.into()));
        self
    }

    /// The time a whole request may take (default 60 s); `None` for no limit,
    /// as large uploads may need.
    pub fn timeout(mut self, timeout: Option<Duration>) -> Self {
        self.timeout = timeout;
        self
    }

    /// The time connecting may take (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Replaces the `User-Agent` header (default: this crate's name and version).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// Sets the retry policy ([`RetryPolicy::none`] to disable retries).
    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// Treats `host` as a host of the API even over plain HTTP, so redirects
    /// to it keep the token where the spec allows. Meant for tests against a
    /// local server; production hosts come from the spec.
    pub fn trust_host_for_tests(mut self, host: impl Into<String>) -> Self {
        self.trusted_hosts.push(host.into());
        self
    }

    /// Checks the servers and builds the client.
    pub fn build(self) -> Result<C, BuildError> {
        for (name, _) in &self.variables {
            if !self.api.variables.iter().any(|v| v.name == name) {
                return Err(BuildError::new(format!("`{}` has no server variable `{name}`", self.api.name)));
            }
        }
        let mut servers = Vec::with_capacity(self.api.servers.len());
        for (server, custom) in self.api.servers.iter().zip(&self.server_urls) {
            let template = custom.clone().unwrap_or_else(|| server.url.to_owned());
            // Resolved once with the defaults to fail now on a bad URL; a token
            // provider may still supply a variable later.
            check_server_url(&fill_variables(&template, self.api, &self.variables, |_| None))?;
            servers.push(template);
        }
        let mut http = reqwest::Client::builder()
            .connect_timeout(self.connect_timeout)
            .user_agent(self.user_agent)
            // Redirects are followed by the client itself, to decide where the token may go.
            .redirect(reqwest::redirect::Policy::none());
        if let Some(timeout) = self.timeout {
            http = http.timeout(timeout);
        }
        let http = http.build().map_err(|e| BuildError::new(e.to_string()))?;
        let inner = Inner {
            api: self.api,
            servers,
            variables: self.variables,
            token: self.token,
            http,
            retry: self.retry,
            trusted_hosts: self.trusted_hosts,
        };
        Ok(C::from(Client { inner: Arc::new(inner) }))
    }
}

/// Fills the `{variables}` of a server URL template: the caller's value, else
/// what `learned` gives (a token provider), else the spec's default.
fn fill_variables(
    template: &str,
    api: &ApiInfo,
    set: &[(String, String)],
    learned: impl Fn(&str) -> Option<String>,
) -> String {
    let mut url = template.to_owned();
    for var in api.variables {
        let placeholder = format!("{{{}}}", var.name);
        if !url.contains(&placeholder) {
            continue;
        }
        let value = match set.iter().find(|(n, _)| n == var.name) {
            Some((_, v)) => v.clone(),
            None => learned(var.name).unwrap_or_else(|| var.default.to_owned()),
        };
        url = url.replace(&placeholder, &value);
    }
    url
}

/// A server URL must be HTTPS, or plain HTTP to a loopback address.
fn check_server_url(url: &str) -> Result<Url, BuildError> {
    let parsed = Url::parse(url).map_err(|e| BuildError::new(format!("invalid server URL `{url}`: {e}")))?;
    let loopback = match parsed.host() {
        Some(url::Host::Domain(d)) => d == "localhost",
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    };
    match parsed.scheme() {
        "https" => Ok(parsed),
        "http" if loopback => Ok(parsed),
        _ => Err(BuildError::new(format!("server URL `{url}` must use https (plain http only to loopback)"))),
    }
}

impl Client {
    /// Builder for a client of the API `api`.
    pub fn builder(api: &'static ApiInfo) -> ClientBuilder<Client> {
        ClientBuilder::new(api)
    }

    /// The base URL of server number `index`, as resolved now.
    pub fn server(&self, index: usize) -> Option<Url> {
        self.base_url(index).ok()
    }

    /// Sends `request`: the first 2xx answer gives the [`Response`]; any other
    /// final status is decoded into an [`ApiError`] and turned into the
    /// operation's error `E`. Retries, redirects and a refresh of a rejected
    /// token happen here, within the configured bounds.
    pub async fn execute<E: From<ApiError>>(&self, request: Request) -> Result<Response, Error<E>> {
        let span = tracing::info_span!(
            "specgen.request",
            api = self.inner.api.name,
            operation = request.operation,
            method = %request.method,
            path = request.template,
            status = tracing::field::Empty,
            attempt = tracing::field::Empty,
        );
        self.execute_inner(request).instrument(span).await
    }

    async fn execute_inner<E: From<ApiError>>(&self, request: Request) -> Result<Response, Error<E>> {
        if let Some(error) = &request.error {
            return Err(Error::Validation(error.clone()));
        }
        let started = Instant::now();
        let policy = &self.inner.retry;
        let replayable = request.body.replayable();
        let mut refreshed = false;
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            tracing::Span::current().record("attempt", attempt);
            // The token first: its provider may tell the server URL (Zoho's api_domain).
            let token = match &self.inner.token {
                Some(provider) => Some(provider.token().await.map_err(Error::Auth)?),
                None => None,
            };
            let url = self.request_url(&request)?;
            let outcome = self.follow(&request, url, token.as_ref()).await;
            let may_repeat = replayable && attempt < policy.max_attempts;
            let response = match outcome {
                Ok(response) => response,
                Err(Sent::Failed(err)) => {
                    // A failed connect sent nothing, so any method may be retried.
                    let retry =
                        may_repeat && (err.is_connect() || (err.is_timeout() && policy.allows(&request.method)));
                    if retry && self.wait(policy.backoff(attempt), started).await {
                        // The error's text holds the URL; the log keeps to its kind.
                        tracing::debug!(
                            connect = err.is_connect(),
                            timeout = err.is_timeout(),
                            "retrying after a transport error"
                        );
                        continue;
                    }
                    return Err(Error::from_reqwest(err));
                }
                Err(Sent::Refused(err)) => return Err(err.into_error()),
            };
            let status = response.status().as_u16();
            tracing::Span::current().record("status", status);
            if response.status().is_success() {
                return Ok(Response::new(response, request.operation));
            }
            if retryable_status(status) && may_repeat && policy.allows(&request.method) {
                let wait = match retry_after(response.headers()) {
                    Some(wait) if wait > policy.max_retry_after => None,
                    Some(wait) => Some(wait),
                    None => Some(policy.backoff(attempt)),
                };
                if let Some(wait) = wait {
                    if self.wait(wait, started).await {
                        tracing::debug!(status, ?wait, "retrying");
                        continue;
                    }
                }
            }
            let error = self.read_error(response).await?;
            if status == 401 && !refreshed && replayable && says_token_is_bad(&error) {
                if let (Some(provider), Some(stale)) = (&self.inner.token, &token) {
                    if provider.invalidate(stale) {
                        refreshed = true;
                        tracing::debug!("token rejected; refreshed once");
                        continue;
                    }
                }
            }
            return Err(Error::Api(E::from(error)));
        }
    }

    /// Sleeps `wait` unless that would pass the policy's time budget.
    async fn wait(&self, wait: Duration, started: Instant) -> bool {
        if started.elapsed() + wait > self.inner.retry.max_elapsed {
            return false;
        }
        tokio::time::sleep(wait).await;
        true
    }

    /// The base URL of a server: the template with its variables filled, from
    /// the caller, else from the token provider, else the spec's default.
    fn base_url(&self, index: usize) -> Result<Url, ValidationError> {
        let template = self
            .inner
            .servers
            .get(index)
            .ok_or_else(|| ValidationError::new("server", format!("no server number {index}")))?;
        let provider = self.inner.token.as_ref();
        let url = fill_variables(template, self.inner.api, &self.inner.variables, |name| {
            provider.and_then(|p| p.server_variable(name))
        });
        check_server_url(&url).map_err(|e| ValidationError::new("server", e.reason))
    }

    fn request_url(&self, request: &Request) -> Result<Url, ValidationError> {
        let base = self.base_url(request.server)?;
        let path = crate::path::fill(request.template, &request.path_params)?;
        let joined = format!("{}{}", base.as_str().trim_end_matches('/'), path);
        let mut url = Url::parse(&joined).map_err(|e| ValidationError::new("path", e.to_string()))?;
        if !request.query.is_empty() {
            let mut pairs = url.query_pairs_mut();
            for (name, value) in &request.query {
                pairs.append_pair(name, value);
            }
        }
        Ok(url)
    }

    /// Sends the request and follows redirects, up to [`MAX_REDIRECTS`] hops.
    /// The token goes to the first URL's host; to another host only when the
    /// request allows it and the host belongs to the API over HTTPS.
    async fn follow(&self, request: &Request, first: Url, token: Option<&Secret>) -> Result<reqwest::Response, Sent> {
        let mut url = first;
        let origin_host = url.host_str().map(str::to_owned);
        let mut method = request.method.clone();
        let mut with_body = true;
        let mut visited = vec![url.clone()];
        loop {
            let same_host = url.host_str().map(str::to_owned) == origin_host;
            let send_auth = same_host || (request.keep_auth_on_redirect && self.belongs_to_api(&url));
            let auth = if send_auth { token } else { None };
            let prepared = self.prepare(request, &method, url.clone(), auth, with_body).await?;
            let response = self.inner.http.execute(prepared).await.map_err(Sent::Failed)?;
            let status = response.status().as_u16();
            if !matches!(status, 301 | 302 | 303 | 307 | 308) {
                return Ok(response);
            }
            let Some(location) = response.headers().get(LOCATION).and_then(|l| l.to_str().ok()) else {
                return Ok(response);
            };
            let next = url.join(location).map_err(|e| Sent::redirect(format!("invalid Location `{location}`: {e}")))?;
            if visited.contains(&next) {
                return Err(Sent::redirect(format!("redirect loop at {}", redact(&next))));
            }
            if visited.len() > MAX_REDIRECTS {
                return Err(Sent::redirect(format!("more than {MAX_REDIRECTS} redirects")));
            }
            if !matches!(next.scheme(), "http" | "https") {
                return Err(Sent::redirect(format!("redirect to unsupported scheme `{}`", next.scheme())));
            }
            // 303, and 301/302 after anything but GET or HEAD, turn into a GET without body.
            if status == 303 || (matches!(status, 301 | 302) && !matches!(method, Method::GET | Method::HEAD)) {
                method = Method::GET;
                with_body = false;
            } else if with_body && !request.body.replayable() {
                return Err(Sent::redirect(
                    "the body was streamed from a reader and cannot be sent to the redirect target".to_owned(),
                ));
            }
            tracing::debug!(status, to = %redact(&next), "following redirect");
            visited.push(next.clone());
            url = next;
        }
    }

    /// A host of the API (the spec's `hosts`, or one trusted for tests), over HTTPS.
    fn belongs_to_api(&self, url: &Url) -> bool {
        let Some(host) = url.host_str() else { return false };
        if self.inner.trusted_hosts.iter().any(|h| h == host) {
            return true;
        }
        url.scheme() == "https" && self.inner.api.hosts.iter().any(|pattern| host_matches(pattern, host))
    }

    async fn prepare(
        &self,
        request: &Request,
        method: &Method,
        url: Url,
        token: Option<&Secret>,
        with_body: bool,
    ) -> Result<reqwest::Request, Sent> {
        let mut builder = self.inner.http.request(method.clone(), url);
        for (name, value) in &request.headers {
            let value = HeaderValue::from_str(value).map_err(|_| {
                Sent::Refused(Refusal::Validation(ValidationError::new(
                    *name,
                    "contains characters not allowed in a header (CR, LF, …)",
                )))
            })?;
            let name = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| Sent::Refused(Refusal::Validation(ValidationError::new(*name, "is not a header name"))))?;
            builder = builder.header(name, value);
        }
        if let Some(token) = token {
            let auth = self.inner.api.auth;
            let mut value = HeaderValue::from_str(&format!("{} {}", auth.prefix, token.expose())).map_err(|_| {
                Sent::Refused(Refusal::Auth(AuthError::new(
                    "the access token contains characters not allowed in a header",
                )))
            })?;
            value.set_sensitive(true);
            let name = HeaderName::from_bytes(auth.header.as_bytes())
                .map_err(|_| Sent::Refused(Refusal::Auth(AuthError::new("invalid auth header name"))))?;
            builder = builder.header(name, value);
        }
        if with_body {
            builder = match &request.body {
                Body::Empty => builder,
                Body::Json(bytes) => builder.header(CONTENT_TYPE, "application/json").body(bytes.clone()),
                Body::Multipart(form) => {
                    builder.multipart(form.to_form().await.map_err(|e| Sent::Refused(Refusal::Validation(e)))?)
                }
            };
        }
        builder.build().map_err(Sent::Failed)
    }

    async fn read_error<E>(&self, mut response: reqwest::Response) -> Result<ApiError, Error<E>> {
        let status = response.status().as_u16();
        let request_id = REQUEST_ID_HEADERS
            .iter()
            .find_map(|h| response.headers().get(*h))
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(Error::from_reqwest)? {
            let room = MAX_ERROR_BODY.saturating_sub(body.len());
            body.extend_from_slice(chunk.get(..room.min(chunk.len())).unwrap_or_default());
            if body.len() >= MAX_ERROR_BODY {
                break;
            }
        }
        let shape = self.inner.api.error_body;
        let (code, message) = match serde_json::from_slice::<serde_json::Value>(&body) {
            Ok(json) => {
                let code = json.get(shape.code_field).and_then(|c| match (c, shape.code_type) {
                    (serde_json::Value::Number(n), _) => n.as_i64().map(ErrorCode::Int),
                    (serde_json::Value::String(s), CodeType::Integer) => s.parse().ok().map(ErrorCode::Int),
                    (serde_json::Value::String(s), CodeType::String) => Some(ErrorCode::Str(s.clone())),
                    _ => None,
                });
                let message = json.get(shape.message_field).and_then(|m| m.as_str()).map(str::to_owned);
                (code, message)
            }
            Err(_) => (None, None),
        };
        Ok(ApiError { status, code, message, request_id, body: body.into() })
    }
}

/// The most redirects followed for one request.
pub const MAX_REDIRECTS: usize = 10;

/// Why a send did not give a response.
enum Sent {
    /// The HTTP exchange failed.
    Failed(reqwest::Error),
    /// The client refused to send.
    Refused(Refusal),
}

enum Refusal {
    Validation(ValidationError),
    Auth(AuthError),
    Redirect(String),
}

impl Sent {
    fn redirect(reason: String) -> Self {
        Sent::Refused(Refusal::Redirect(reason))
    }
}

impl Refusal {
    fn into_error<E>(self) -> Error<E> {
        match self {
            Refusal::Validation(e) => Error::Validation(e),
            Refusal::Auth(e) => Error::Auth(e),
            Refusal::Redirect(reason) => Error::Redirect(reason),
        }
    }
}

/// `*.zoom.us` matches `fileapi.zoom.us` (not `zoom.us`); other patterns match exactly.
fn host_matches(pattern: &str, host: &str) -> bool {
    match pattern.strip_prefix("*.") {
        Some(suffix) => host.strip_suffix(suffix).is_some_and(|label| label.len() > 1 && label.ends_with('.')),
        None => pattern.eq_ignore_ascii_case(host),
    }
}

/// A URL without its query, which may hold signatures.
fn redact(url: &Url) -> String {
    let mut shown = url.clone();
    shown.set_query(None);
    shown.to_string()
}

/// Whether a 401 says the token itself is the problem (invalid or expired),
/// as opposed to a missing scope.
fn says_token_is_bad(error: &ApiError) -> bool {
    let text = String::from_utf8_lossy(&error.body).to_ascii_lowercase();
    (text.contains("token") || text.contains("expired")) && !text.contains("scope")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_patterns() {
        assert!(host_matches("*.zoom.us", "fileapi.zoom.us"));
        assert!(host_matches("*.zoom.us", "a.b.zoom.us"));
        assert!(!host_matches("*.zoom.us", "zoom.us"));
        assert!(!host_matches("*.zoom.us", "evilzoom.us"));
        assert!(!host_matches("*.zoom.us", "zoom.us.evil.com"));
        assert!(host_matches("zoom.us", "ZOOM.us"));
    }
}
