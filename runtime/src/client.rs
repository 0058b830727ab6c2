//! The HTTP client shared by every operation of an API: URL building,
//! auth, retries, redirects and error decoding.

use std::collections::HashMap;
use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::FutureExt;
use reqwest::header::{HeaderName, HeaderValue, CONTENT_LENGTH, CONTENT_TYPE, LOCATION};
use reqwest::Method;
use tracing::Instrument;
use url::Url;

use crate::activity::Activity;
use crate::api::ApiInfo;
use crate::auth::{Secret, StaticToken, TokenProvider};
use crate::error::{ApiError, AuthError, BuildError, Error, ErrorCode, TimeoutError, TimeoutKind, ValidationError};
use crate::events::Resend;
use crate::options::{checked_header, CallOptions};
use crate::paginate::PageLimits;
use crate::request::{Body, Request};
use crate::response::{BodyLimits, Response, ResponseValue, Streamed};
use crate::retry::{retry_after, retryable_status, RetryPolicy};
use crate::security::{check_credential, choose, Chosen, Credential, KeyLocation};
use crate::CodeType;

/// The most of an error body that is kept.
const MAX_ERROR_BODY: usize = 64 * 1024;

/// The default largest response body read into memory.
pub const DEFAULT_MAX_RESPONSE_BODY: u64 = 64 * 1024 * 1024;

/// The time connecting may take unless set.
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// The most idle connections kept for reuse per host.
const MAX_IDLE_PER_HOST: usize = 32;

/// Headers that carry a request id, in order of preference.
const REQUEST_ID_HEADERS: [&str; 3] = ["x-zm-trackingid", "x-request-id", "x-correlation-id"];

const DEFAULT_USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// A configured client for one API. Cheap to clone; clones share connections.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
    /// Settings that replace the client's for the calls of this handle.
    options: Option<Arc<CallOptions>>,
}

struct Inner {
    api: &'static ApiInfo,
    /// Server URL templates, the caller's replacements applied.
    servers: Vec<String>,
    /// Server variables the caller set.
    variables: Vec<(String, String)>,
    token: Option<Arc<dyn TokenProvider>>,
    /// Credentials of the API's other security schemes, by scheme name.
    credentials: HashMap<&'static str, Credential>,
    /// Makes each request; `layered` sends it through the middleware.
    http: reqwest::Client,
    layered: reqwest_middleware::ClientWithMiddleware,
    /// Headers sent with every request, checked at build.
    default_headers: Vec<(HeaderName, HeaderValue)>,
    retry: RetryPolicy,
    timeout: Option<Duration>,
    stall_timeout: Duration,
    max_response_body: u64,
    page_limits: PageLimits,
    /// Origins treated as hosts of the API (tests against loopback servers).
    trusted_origins: Vec<url::Origin>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("api", &self.inner.api.name)
            .field("servers", &self.inner.servers)
            .field("variables", &self.inner.variables)
            .field("token", &self.inner.token.as_ref().map(|_| "***"))
            .field("credentials", &self.inner.credentials)
            .field("retry", &self.inner.retry)
            .field("options", &self.options)
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
    credentials: Vec<(&'static str, Credential)>,
    timeout: Option<Duration>,
    stall_timeout: Duration,
    connect_timeout: Option<Duration>,
    max_response_body: u64,
    page_limits: PageLimits,
    user_agent: Option<String>,
    retry: RetryPolicy,
    trusted_origins: Vec<String>,
    /// The caller's HTTP client configuration, when given.
    http: Option<reqwest::ClientBuilder>,
    middleware: Vec<Arc<dyn reqwest_middleware::Middleware>>,
    default_headers: Vec<(String, String)>,
    client: PhantomData<fn() -> C>,
}

impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("api", &self.api.name)
            .field("server_urls", &self.server_urls)
            .field("variables", &self.variables)
            .field("token", &self.token.as_ref().map(|_| "***"))
            .field("credentials", &self.credentials)
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
            credentials: Vec::new(),
            timeout: Some(Duration::from_secs(120)),
            stall_timeout: Duration::from_secs(30),
            connect_timeout: None,
            max_response_body: DEFAULT_MAX_RESPONSE_BODY,
            page_limits: PageLimits::default(),
            user_agent: None,
            retry: RetryPolicy::default(),
            trusted_origins: Vec::new(),
            http: None,
            middleware: Vec::new(),
            default_headers: Vec::new(),
            client: PhantomData,
        }
    }

    /// Sends a fixed access token.
    pub fn token(self, token: impl Into<Secret>) -> Self {
        self.token_provider(StaticToken::new(token))
    }

    /// Sends `key` for the API key scheme `scheme` (a header, a query
    /// parameter or a cookie, as the spec's `security_schemes` say), to the
    /// operations that require it.
    pub fn api_key(mut self, scheme: &'static str, key: impl Into<Secret>) -> Self {
        self.credentials.push((scheme, Credential::Key(key.into())));
        self
    }

    /// Sends the key `provider` gives for the API key scheme `scheme`, asked
    /// for before each attempt (a key kept in a vault or rotated elsewhere;
    /// the provider caches as it sees fit).
    pub fn api_key_provider(mut self, scheme: &'static str, provider: impl TokenProvider) -> Self {
        self.credentials.push((scheme, Credential::KeyFrom(Arc::new(provider))));
        self
    }

    /// Sends `user` and `password` as HTTP Basic (`Authorization: Basic …`,
    /// UTF-8) for the scheme `scheme`, to the operations that require it.
    pub fn basic(mut self, scheme: &'static str, user: impl Into<String>, password: impl Into<Secret>) -> Self {
        self.credentials.push((scheme, Credential::Basic { user: user.into(), password: password.into() }));
        self
    }

    /// Takes the credentials set in the environment, named after the API
    /// and the scheme in upper case (`-` and `.` as `_`): `<API>_TOKEN` for
    /// the token, `<API>_<SCHEME>` for an API key, `<API>_<SCHEME>_USER`
    /// and `<API>_<SCHEME>_PASSWORD` for HTTP Basic (`ZOOM_TOKEN`,
    /// `DEMO_CLIENT_ID`). A variable that is not set, or not UTF-8, leaves
    /// that credential as it was.
    pub fn credentials_from_env(mut self) -> Self {
        let var = |suffix: &str| std::env::var(env_name(self.api.name, suffix)).ok().filter(|v| !v.is_empty());
        if let Some(token) = var("token") {
            self = self.token(token);
        }
        for scheme in self.api.security.schemes {
            match scheme.kind {
                crate::SchemeKind::ApiKey { .. } => {
                    if let Some(key) = var(scheme.name) {
                        self = self.api_key(scheme.name, key);
                    }
                }
                crate::SchemeKind::Basic => {
                    let user = var(&format!("{}_user", scheme.name));
                    if let (Some(user), Some(password)) = (user, var(&format!("{}_password", scheme.name))) {
                        self = self.basic(scheme.name, user, password);
                    }
                }
            }
        }
        self
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

    /// The time a whole call may take (default 120 s): getting the token,
    /// every attempt, redirect and wait between retries, and reading a body
    /// that is decoded (JSON). A streamed download ([`Response::into_stream`])
    /// is bounded by the stall timeout alone once its headers are in. `None`
    /// for no deadline, as large uploads may need; the stall timeout still
    /// applies.
    pub fn timeout(mut self, timeout: Option<Duration>) -> Self {
        self.timeout = timeout;
        self
    }

    /// The longest time a transfer may make no progress (default 30 s):
    /// no byte of the request body sent, no response or byte of its body
    /// received. A large upload or download runs as long as it moves.
    pub fn stall_timeout(mut self, timeout: Duration) -> Self {
        self.stall_timeout = timeout;
        self
    }

    /// The largest response body read into memory (JSON success bodies,
    /// bodies of responses documented as empty), default 64 MiB. A larger
    /// body fails the call with [`Error::TooLarge`]. Streamed downloads are
    /// not limited.
    pub fn max_response_body(mut self, bytes: u64) -> Self {
        self.max_response_body = bytes;
        self
    }

    /// The bounds of every paginated listing (`into_stream`) of this client;
    /// the default is [`PageLimits::default`]. A listing that reaches one
    /// while the server still names a next page ends with
    /// [`Error::Pagination`]; one listing may have its own (`into_stream_with`).
    pub fn page_limits(mut self, limits: PageLimits) -> Self {
        self.page_limits = limits;
        self
    }

    /// The time connecting may take (default 10 s, or what the HTTP client
    /// given to [`http_client`](Self::http_client) says).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Replaces the `User-Agent` header (default: this crate's name and
    /// version, or what the HTTP client given to
    /// [`http_client`](Self::http_client) says).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Builds the HTTP client from this configuration of the caller's:
    /// proxies, TLS roots and client certificates, connection pool sizes,
    /// HTTP versions, DNS resolution, default headers. The client then sets
    /// what it needs on top: redirects are not followed by `reqwest` (the
    /// client follows them itself, to decide where credentials may go), and
    /// the connect timeout and user agent are replaced only when set here.
    pub fn http_client(mut self, http: reqwest::ClientBuilder) -> Self {
        self.http = Some(http);
        self
    }

    /// Hooks every request and response: each attempt, retry and redirect
    /// hop goes through `middleware` (a
    /// [`reqwest_middleware::Middleware`]: logging, metrics, signing, test
    /// recording; `reqwest-tracing` and other crates of that ecosystem plug
    /// in), after the client has set the credentials and before it reads the
    /// answer. Middlewares run in the order added. The client's own retries
    /// and redirects stay in force: a middleware that retries or follows
    /// redirects itself adds to them. An error a middleware returns fails
    /// the call with [`Error::Middleware`]. Token requests of OAuth flows do
    /// not go through it.
    pub fn middleware(mut self, middleware: impl reqwest_middleware::Middleware) -> Self {
        self.middleware.push(Arc::new(middleware));
        self
    }

    /// Sends the header `name: value` with every request (a value the call
    /// sets itself replaces it). A header that carries credentials
    /// (`Authorization`, `Cookie`, `Proxy-Authorization`, the API's token or
    /// key headers) or an invalid name or value (CR, LF) fails [`build`](Self::build).
    pub fn default_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.default_headers.push((name.into(), value.into()));
        self
    }

    /// Sets the retry policy ([`RetryPolicy::none`] to disable retries).
    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// Treats `origin` (`http://127.0.0.1:8080`) as a host of the API, as the
    /// spec's `hosts` are over HTTPS: redirects to it keep the token where the
    /// operation allows, and a token provider may point the client at it.
    /// Only with the `test-hooks` feature, for tests against local servers;
    /// production hosts come from the spec.
    #[cfg(feature = "test-hooks")]
    #[doc(hidden)]
    pub fn danger_trust_origin_for_tests(mut self, origin: impl Into<String>) -> Self {
        self.trusted_origins.push(origin.into());
        self
    }

    /// Checks the servers and builds the client.
    pub fn build(self) -> Result<C, BuildError> {
        let mut credentials = HashMap::new();
        for (scheme, credential) in self.credentials {
            check_credential(&self.api.security, scheme, &credential, self.api.name).map_err(BuildError::new)?;
            credentials.insert(scheme, credential);
        }
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
            check_server_url(&fill_variables(&template, self.api, &self.variables, |_| None).0)?;
            servers.push(template);
        }
        let mut trusted_origins = Vec::with_capacity(self.trusted_origins.len());
        for origin in &self.trusted_origins {
            let url = Url::parse(origin).map_err(|e| BuildError::new(format!("invalid origin `{origin}`: {e}")))?;
            trusted_origins.push(url.origin());
        }
        // The deadline and the stall timeout are enforced by the client itself
        // (per call, not per attempt), so reqwest gets only the connect timeout.
        let mut default_headers = Vec::with_capacity(self.default_headers.len());
        for (name, value) in &self.default_headers {
            default_headers.push(checked_header(self.api, name, value).map_err(BuildError::new)?);
        }
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .pool_max_idle_per_host(MAX_IDLE_PER_HOST)
                .connect_timeout(self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT))
                .user_agent(self.user_agent.clone().unwrap_or_else(|| DEFAULT_USER_AGENT.to_owned())),
        };
        let http = match self.connect_timeout {
            Some(timeout) => http.connect_timeout(timeout),
            None => http,
        };
        let http = match self.user_agent {
            Some(user_agent) => http.user_agent(user_agent),
            None => http,
        };
        // Redirects are followed by the client itself, to decide where the token may go.
        let http = http.redirect(reqwest::redirect::Policy::none());
        // A call dropped mid-flight closes its connection, except one whose
        // request body is stuck behind a server that stopped reading: hyper
        // waits to flush it first. The kernel ends such a connection once
        // its data has gone unacknowledged for the stall timeout, when the
        // call itself would have failed.
        #[cfg(any(target_os = "android", target_os = "fuchsia", target_os = "linux"))]
        let http = http.tcp_user_timeout(self.stall_timeout);
        let http = http.build().map_err(|e| BuildError::new(e.to_string()))?;
        let layered = self
            .middleware
            .into_iter()
            .fold(reqwest_middleware::ClientBuilder::new(http.clone()), |b, m| b.with_arc(m));
        let inner = Inner {
            api: self.api,
            servers,
            variables: self.variables,
            token: self.token,
            credentials,
            http,
            layered: layered.build(),
            default_headers,
            retry: self.retry,
            timeout: self.timeout,
            stall_timeout: self.stall_timeout,
            max_response_body: self.max_response_body,
            page_limits: self.page_limits,
            trusted_origins,
        };
        Ok(C::from(Client { inner: Arc::new(inner), options: None }))
    }
}

/// The environment variable of an API's credential: `ZOOM_TOKEN`.
fn env_name(api: &str, suffix: &str) -> String {
    format!("{api}_{suffix}").to_ascii_uppercase().replace(['-', '.', ' '], "_")
}

/// Fills the `{variables}` of a server URL template: the caller's value, else
/// what `learned` gives (a token provider), else the spec's default. Also
/// tells whether a learned value was used.
fn fill_variables(
    template: &str,
    api: &ApiInfo,
    set: &[(String, String)],
    learned: impl Fn(&str) -> Option<String>,
) -> (String, bool) {
    let mut url = template.to_owned();
    let mut used_learned = false;
    for var in api.variables {
        let placeholder = format!("{{{}}}", var.name);
        if !url.contains(&placeholder) {
            continue;
        }
        let value = match set.iter().find(|(n, _)| n == var.name) {
            Some((_, v)) => v.clone(),
            None => match learned(var.name) {
                Some(value) => {
                    used_learned = true;
                    value
                }
                None => var.default.to_owned(),
            },
        };
        url = url.replace(&placeholder, &value);
    }
    (url, used_learned)
}

/// Whether `value` is an origin and nothing more (`https://host[:port]`, an
/// optional final `/`) or a host alone: no path, query, fragment, userinfo,
/// dot segment or backslash that could steer a URL it is put into.
pub(crate) fn bare_origin_or_host(value: &str) -> bool {
    let rest = value.strip_prefix("https://").or_else(|| value.strip_prefix("http://"));
    let authority = match rest {
        Some(rest) => rest.strip_suffix('/').unwrap_or(rest),
        None => value,
    };
    let clean = !authority.is_empty()
        && !authority.starts_with('.')
        && authority.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
    clean && (rest.is_none() || Url::parse(value).is_ok_and(|u| u.host().is_some() && u.path() == "/"))
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

    /// This client with `options` replacing its settings for every call made
    /// through what it returns (added to options it already has); the
    /// connections and credentials are shared.
    pub fn with_options(&self, options: CallOptions) -> Client {
        let options = match &self.options {
            Some(own) => own.merged(options),
            None => options,
        };
        Client { inner: self.inner.clone(), options: Some(Arc::new(options)) }
    }

    /// The retry policy of this client's calls.
    fn retry_policy(&self) -> &RetryPolicy {
        self.options.as_ref().and_then(|o| o.retry.as_ref()).unwrap_or(&self.inner.retry)
    }

    /// The bounds of this client's paginated listings.
    pub fn page_limits(&self) -> PageLimits {
        self.inner.page_limits
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
        // Only this conversion is compiled per operation; the exchange is compiled once.
        self.exchange(request).await.map_err(|error| error.map_api(E::from))
    }

    /// Sends `request` and decodes its success with `decode`, which gets the
    /// response with its body read into memory (within the limits) unless
    /// `streamed` names its status; the value comes with the status, the
    /// headers and the body read. What an operation's `send_with_metadata`
    /// returns: the exchange and the reading are one future compiled here,
    /// and only `decode` and the error conversion are the operation's own.
    pub fn call<E, T, D>(
        &self,
        request: Request,
        streamed: Streamed,
        decode: D,
    ) -> impl Future<Output = Result<ResponseValue<T>, Error<E>>> + Send + 'static
    where
        E: From<ApiError> + Send + 'static,
        T: Send + 'static,
        D: FnOnce(Response) -> Result<T, Error<E>> + Send + 'static,
    {
        self.clone().fetch(request, streamed).map(move |fetched| {
            let response = fetched.map_err(|error| error.map_api(E::from))?;
            let metadata = response.metadata();
            decode(response).map(|value| metadata.with(value))
        })
    }

    /// The exchange of [`call`](Client::call), then the reading of a body
    /// that is not streamed.
    async fn fetch(self, request: Request, streamed: Streamed) -> Result<Response, Error<ApiError>> {
        // An event stream that may resume keeps what sends its request again.
        let resend = match request.resumable {
            true => request.try_clone().map(|request| Resend { client: self.clone(), request }),
            false => None,
        };
        let response = self.exchange(request).await?.with_resend(resend);
        if streamed.contains(response.status()) {
            Ok(response)
        } else {
            response.buffered().await
        }
    }

    /// Sends a request and gives its success unread; an event stream sends
    /// its request again through it to resume.
    pub(crate) async fn exchange(&self, request: Request) -> Result<Response, Error<ApiError>> {
        let span = tracing::info_span!(
            "specgen.request",
            api = self.inner.api.name,
            operation = request.operation,
            method = %request.method,
            path = request.template,
            status = tracing::field::Empty,
            attempt = tracing::field::Empty,
        );
        let timeout = self.options.as_ref().and_then(|o| o.timeout).unwrap_or(self.inner.timeout);
        let deadline = timeout.map(|t| tokio::time::Instant::now() + t);
        let call = self.execute_inner(request, deadline).instrument(span);
        match deadline {
            Some(deadline) => match tokio::time::timeout_at(deadline, call).await {
                Ok(result) => result,
                Err(_) => Err(Error::Timeout(TimeoutError::new(TimeoutKind::Deadline))),
            },
            None => call.await,
        }
    }

    async fn execute_inner(
        &self,
        request: Request,
        deadline: Option<tokio::time::Instant>,
    ) -> Result<Response, Error<ApiError>> {
        if let Some(error) = &request.error {
            return Err(Error::Validation(error.clone()));
        }
        let started = Instant::now();
        let policy = self.retry_policy();
        let replayable = request.body.replayable();
        let mut refreshed = false;
        let mut attempt = 0u32;
        // What the operation requires, chosen once, before anything goes out.
        let chosen = choose(
            &self.inner.api.security,
            request.security,
            self.inner.token.is_some(),
            &self.inner.credentials,
            request.operation,
        )
        .map_err(Error::Auth)?;
        // A key in the query must not show in an error's text.
        let secret_url = chosen.as_ref().is_some_and(|c| {
            c.keys.iter().map(|k| k.0).chain(c.pending.iter().map(|k| k.0)).any(|l| l == KeyLocation::Query)
        });
        loop {
            attempt += 1;
            tracing::Span::current().record("attempt", attempt);
            // The token first: its provider may tell the server URL (Zoho's api_domain).
            let token = match (&self.inner.token, chosen.as_ref().is_none_or(|c| c.token)) {
                (Some(provider), true) => Some(provider.token().await.map_err(Error::Auth)?),
                _ => None,
            };
            let chosen = match &chosen {
                Some(chosen) => Some(chosen.resolve().await.map_err(Error::Auth)?),
                None => None,
            };
            let url = self.request_url(&request, chosen.as_ref()).map_err(|r| r.into_error())?;
            let outcome = self.follow(&request, url, token.as_ref(), chosen.as_ref()).await;
            let outcome = match outcome {
                Err(Sent::Failed { error, delivered }) if secret_url => {
                    Err(Sent::Failed { error: error.without_url(), delivered })
                }
                other => other,
            };
            let may_repeat = replayable && attempt < policy.max_attempts;
            let (response, answered_with_token) = match outcome {
                Ok(answer) => answer,
                Err(Sent::Failed { error, delivered }) => {
                    // Nothing went out when the first hop could not connect, so
                    // any method may be sent again; once any hop reached a
                    // server, only what the policy calls safe to repeat.
                    let nothing_sent = error.is_connect() && !delivered;
                    let retry = may_repeat
                        && (nothing_sent
                            || ((error.is_connect() || error.is_timeout()) && policy.allows(&request.method)));
                    if retry && self.wait(policy.backoff(attempt), started).await {
                        // The error's text holds the URL; the log keeps to its kind.
                        tracing::debug!(
                            connect = error.is_connect(),
                            timeout = error.is_timeout(),
                            delivered,
                            "retrying after a transport error"
                        );
                        continue;
                    }
                    return Err(Error::from_reqwest(error));
                }
                Err(Sent::Stalled) => {
                    if may_repeat && policy.allows(&request.method) && self.wait(policy.backoff(attempt), started).await
                    {
                        tracing::debug!("retrying after a stalled attempt");
                        continue;
                    }
                    return Err(Error::Timeout(TimeoutError::new(TimeoutKind::Stall)));
                }
                Err(Sent::Refused(err)) => return Err(err.into_error()),
                Err(Sent::Hooked(err)) => return Err(Error::Middleware(err)),
            };
            let status = response.status().as_u16();
            tracing::Span::current().record("status", status);
            if response.status().is_success() {
                let limits =
                    BodyLimits { max_body: self.inner.max_response_body, stall: self.inner.stall_timeout, deadline };
                return Ok(Response::new(response, request.operation, limits));
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
            // Only a server that saw the token can say it is bad: a 401 from
            // another origin (a redirect target) leaves the token alone.
            if status == 401 && !refreshed && replayable && answered_with_token && says_token_is_bad(&error) {
                if let (Some(provider), Some(stale)) = (&self.inner.token, &token) {
                    if provider.invalidate(stale) {
                        refreshed = true;
                        tracing::debug!("token rejected; refreshed once");
                        continue;
                    }
                }
            }
            return Err(Error::Api(error));
        }
    }

    /// Sleeps `wait` unless that would pass the policy's time budget.
    async fn wait(&self, wait: Duration, started: Instant) -> bool {
        if started.elapsed() + wait > self.retry_policy().max_elapsed {
            return false;
        }
        tokio::time::sleep(wait).await;
        true
    }

    /// The base URL of a server: the template with its variables filled, from
    /// the caller, else from the token provider, else the spec's default. A
    /// URL that a token provider's answer shaped must lead to one of the API's
    /// hosts over HTTPS: a token response cannot send calls and the token
    /// elsewhere.
    fn base_url(&self, index: usize) -> Result<Url, Refusal> {
        let template =
            self.inner.servers.get(index).ok_or_else(|| {
                Refusal::Validation(ValidationError::new("server", format!("no server number {index}")))
            })?;
        let provider = self.inner.token.as_ref();
        let refused = std::cell::Cell::new(None);
        let (url, learned) = fill_variables(template, self.inner.api, &self.inner.variables, |name| {
            let value = provider.and_then(|p| p.server_variable(name))?;
            if bare_origin_or_host(&value) {
                Some(value)
            } else {
                refused.set(Some(name.to_owned()));
                None
            }
        });
        if let Some(name) = refused.take() {
            return Err(Refusal::Auth(AuthError::new(format!(
                "the token provider's value of the server variable `{name}` is not a bare origin \
                 (scheme and host, optional port) or host"
            ))));
        }
        if learned {
            let parsed = Url::parse(&url).ok().filter(|u| self.belongs_to_api(u));
            return parsed.ok_or_else(|| {
                Refusal::Auth(AuthError::new(format!(
                    "the token provider named a server that is not a host of the API `{}` over https \
                     (the spec's `hosts`): {}",
                    self.inner.api.name,
                    url.split(['?', '#']).next().unwrap_or_default()
                )))
            });
        }
        check_server_url(&url).map_err(|e| Refusal::Validation(ValidationError::new("server", e.reason)))
    }

    fn request_url(&self, request: &Request, chosen: Option<&Chosen>) -> Result<Url, Refusal> {
        let base = self.base_url(request.server)?;
        if let Some(page) = &request.page_url {
            // A page the server named: its URL as given, on the server's
            // origin only (credentials go nowhere else).
            let invalid = |why: String| Refusal::Validation(ValidationError::new("page_url", why));
            let mut url = base.join(page).map_err(|e| invalid(format!("the next page's URL is invalid: {e}")))?;
            if url.origin() != base.origin() {
                let shown = url.as_str().split(['?', '#']).next().unwrap_or_default().to_owned();
                return Err(invalid(format!("the next page's URL `{shown}` is not on the server's origin")));
            }
            url.set_fragment(None);
            return Ok(self.with_extra_query(url, chosen));
        }
        let path = crate::path::fill(request.template, &request.path_params).map_err(Refusal::Validation)?;
        let joined = format!("{}{}", base.as_str().trim_end_matches('/'), path);
        let mut url =
            Url::parse(&joined).map_err(|e| Refusal::Validation(ValidationError::new("path", e.to_string())))?;
        if !request.query.is_empty() {
            // Written by hand: a delimited list's delimiters go out unencoded.
            let mut query = url.query().map(str::to_owned).unwrap_or_default();
            for pair in &request.query {
                if !query.is_empty() {
                    query.push('&');
                }
                query.extend(form_urlencoded::byte_serialize(pair.name.as_bytes()));
                query.push('=');
                match pair.encoded {
                    true => query.push_str(&pair.value),
                    false => query.extend(form_urlencoded::byte_serialize(pair.value.as_bytes())),
                }
            }
            url.set_query(Some(&query));
        }
        Ok(self.with_extra_query(url, chosen))
    }

    /// `url` with the query parameters of the call's options and the API
    /// keys sent in the query.
    fn with_extra_query(&self, mut url: Url, chosen: Option<&Chosen>) -> Url {
        for (name, value) in self.options.iter().flat_map(|o| &o.query) {
            url.query_pairs_mut().append_pair(name, value);
        }
        let query_keys = chosen.into_iter().flat_map(|c| &c.keys).filter(|k| k.0 == KeyLocation::Query);
        for (_, param, key) in query_keys {
            url.query_pairs_mut().append_pair(param, key.expose());
        }
        url
    }

    /// Sends the request and follows redirects, up to [`MAX_REDIRECTS`] hops.
    /// The token goes to the first URL's origin (scheme, host and port); to
    /// another origin only when the request allows it and the origin is a
    /// host of the API over HTTPS. A redirect from HTTPS to plain HTTP is
    /// refused. The response comes with whether its request carried the token.
    async fn follow(
        &self,
        request: &Request,
        first: Url,
        token: Option<&Secret>,
        chosen: Option<&Chosen>,
    ) -> Result<(reqwest::Response, bool), Sent> {
        let mut url = first;
        let origin = url.origin();
        let mut method = request.method.clone();
        let mut with_body = true;
        let mut visited = vec![url.clone()];
        // Whether an earlier hop reached a server (and so the request did).
        let mut delivered = false;
        loop {
            let send_auth = url.origin() == origin || (request.keep_auth_on_redirect && self.belongs_to_api(&url));
            let auth = if send_auth { token } else { None };
            // The other credentials go where the token may.
            let credentials = if send_auth { chosen } else { None };
            let activity = Activity::new();
            let prepared =
                self.prepare(request, &method, url.clone(), (auth, credentials), with_body, &activity).await?;
            let response = self.send_watched(prepared, &activity, delivered).await?;
            delivered = true;
            let status = response.status().as_u16();
            if !matches!(status, 301 | 302 | 303 | 307 | 308) {
                return Ok((response, auth.is_some()));
            }
            let Some(location) = response.headers().get(LOCATION).and_then(|l| l.to_str().ok()) else {
                return Ok((response, auth.is_some()));
            };
            let next = redirect_target(&url, location).map_err(Sent::redirect)?;
            if visited.contains(&next) {
                return Err(Sent::redirect(format!("redirect loop at {}", redact(&next))));
            }
            if visited.len() > MAX_REDIRECTS {
                return Err(Sent::redirect(format!("more than {MAX_REDIRECTS} redirects")));
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

    /// Sends one prepared request, failing it when nothing moves for the
    /// stall timeout: no body byte sent (the body ticks `activity`) and no
    /// response.
    async fn send_watched(
        &self,
        request: reqwest::Request,
        activity: &Activity,
        delivered: bool,
    ) -> Result<reqwest::Response, Sent> {
        let stall = self.inner.stall_timeout;
        activity.touch();
        let send = self.inner.layered.execute(request);
        tokio::pin!(send);
        loop {
            let left = stall.saturating_sub(activity.idle());
            if left.is_zero() {
                return Err(Sent::Stalled);
            }
            tokio::select! {
                result = &mut send => return result.map_err(|error| match error {
                    reqwest_middleware::Error::Reqwest(error) => Sent::Failed { error, delivered },
                    reqwest_middleware::Error::Middleware(error) => Sent::Hooked(error.into()),
                }),
                () = tokio::time::sleep(left) => {}
            }
        }
    }

    /// An origin of the API: one trusted for tests, or one of the spec's
    /// `hosts` over HTTPS on the default port.
    fn belongs_to_api(&self, url: &Url) -> bool {
        if self.inner.trusted_origins.contains(&url.origin()) {
            return true;
        }
        let Some(host) = url.host_str() else { return false };
        url.scheme() == "https"
            && url.port().is_none()
            && self.inner.api.hosts.iter().any(|pattern| host_matches(pattern, host))
    }

    async fn prepare(
        &self,
        request: &Request,
        method: &Method,
        url: Url,
        (token, chosen): (Option<&Secret>, Option<&Chosen>),
        with_body: bool,
        activity: &Arc<Activity>,
    ) -> Result<reqwest::Request, Sent> {
        let mut builder = self.inner.http.request(method.clone(), url);
        let refused = |name: &str| {
            Sent::Refused(Refusal::Auth(AuthError::new(format!(
                "the credential of `{name}` contains characters not allowed in a header"
            ))))
        };
        // Cookie keys join the request's cookies in one `Cookie` header.
        let mut cookies: Vec<String> = Vec::new();
        if let Some(chosen) = chosen {
            for (location, param, key) in &chosen.keys {
                match location {
                    KeyLocation::Header => {
                        let mut value = HeaderValue::from_str(key.expose()).map_err(|_| refused(param))?;
                        value.set_sensitive(true);
                        let name = HeaderName::from_bytes(param.as_bytes()).map_err(|_| refused(param))?;
                        builder = builder.header(name, value);
                    }
                    KeyLocation::Cookie => cookies.push(format!("{param}={}", key.expose())),
                    KeyLocation::Query => {}
                }
            }
            if let Some((user, password)) = &chosen.basic {
                builder = builder.basic_auth(user, Some(password.expose()));
            }
        }
        if !cookies.is_empty() {
            let own = request.headers.iter().filter(|(n, _)| n.eq_ignore_ascii_case("cookie")).map(|(_, v)| v.clone());
            let all: Vec<String> = own.chain(cookies.iter().cloned()).collect();
            let mut value = HeaderValue::from_str(&all.join("; ")).map_err(|_| refused("cookie"))?;
            value.set_sensitive(true);
            builder = builder.header(reqwest::header::COOKIE, value);
        }
        for (name, value) in &request.headers {
            // Already joined with the cookie keys above.
            if !cookies.is_empty() && name.eq_ignore_ascii_case("cookie") {
                continue;
            }
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
                Body::UrlEncoded(text) => {
                    builder.header(CONTENT_TYPE, "application/x-www-form-urlencoded").body(text.clone())
                }
                Body::Multipart(form) => {
                    builder.multipart(form.to_form(activity).await.map_err(|e| Sent::Refused(Refusal::Validation(e)))?)
                }
                Body::Binary(part, media_type) => {
                    let (body, length, content_type) =
                        part.to_body(media_type, activity).await.map_err(|e| Sent::Refused(Refusal::Validation(e)))?;
                    let builder = builder.header(CONTENT_TYPE, content_type);
                    let builder = match length {
                        Some(length) => builder.header(CONTENT_LENGTH, length),
                        None => builder,
                    };
                    builder.body(body)
                }
            };
        }
        let mut built = builder.build().map_err(|error| Sent::Failed { error, delivered: false })?;
        let headers = built.headers_mut();
        for (name, value) in &self.inner.default_headers {
            if !headers.contains_key(name) {
                headers.insert(name.clone(), value.clone());
            }
        }
        for (name, value) in self.options.iter().flat_map(|o| &o.headers) {
            let (name, value) = checked_header(self.inner.api, name, value)
                .map_err(|why| Sent::Refused(Refusal::Validation(ValidationError::new("header", why))))?;
            headers.insert(name, value);
        }
        Ok(built)
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
        let headers = std::mem::take(response.headers_mut());
        Ok(ApiError { status, code, message, request_id, body: body.into(), headers })
    }
}

/// The most redirects followed for one request.
pub const MAX_REDIRECTS: usize = 10;

/// Why a send did not give a response.
enum Sent {
    /// The HTTP exchange failed; `delivered` when an earlier hop (before a
    /// redirect) had already reached a server.
    Failed { error: reqwest::Error, delivered: bool },
    /// Nothing moved for the stall timeout.
    Stalled,
    /// A middleware failed the exchange.
    Hooked(Box<dyn std::error::Error + Send + Sync>),
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

/// Where a `Location` leads from `current`: HTTP or HTTPS only, and never
/// from HTTPS down to plain HTTP.
fn redirect_target(current: &Url, location: &str) -> Result<Url, String> {
    let next = current.join(location).map_err(|e| format!("invalid Location `{location}`: {e}"))?;
    if !matches!(next.scheme(), "http" | "https") {
        return Err(format!("redirect to unsupported scheme `{}`", next.scheme()));
    }
    if current.scheme() == "https" && next.scheme() == "http" {
        return Err(format!("refused a redirect from https to plain http ({})", redact(&next)));
    }
    Ok(next)
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
/// as opposed to a missing scope: in its body, or in RFC 6750's
/// `WWW-Authenticate: Bearer error="invalid_token"`.
fn says_token_is_bad(error: &ApiError) -> bool {
    let challenge = error
        .headers
        .get_all("www-authenticate")
        .iter()
        .any(|v| v.to_str().is_ok_and(|v| v.to_ascii_lowercase().contains("invalid_token")));
    let text = String::from_utf8_lossy(&error.body).to_ascii_lowercase();
    challenge || ((text.contains("token") || text.contains("expired")) && !text.contains("scope"))
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

    #[test]
    fn learned_server_values_are_bare_origins_or_hosts() {
        for good in ["https://www.zohoapis.com", "https://www.zohoapis.com/", "https://a.b:8443", "eu", "zohoapis.eu"] {
            assert!(bare_origin_or_host(good), "{good}");
        }
        for bad in [
            "https://www.zohoapis.com/../../x?y=",
            "https://www.zohoapis.com/..",
            "https://www.zohoapis.com/x",
            "https://www.zohoapis.com?y",
            "https://www.zohoapis.com#f",
            "https://user@www.zohoapis.com",
            "https://www.zohoapis.com\\x",
            "https://www.zohoapis.com%2F..",
            "https://",
            "",
            "../x",
            "a/b",
            ".zohoapis.com",
            "https://www.zohoapis.com\nx",
        ] {
            assert!(!bare_origin_or_host(bad), "{bad}");
        }
    }

    #[test]
    fn redirects_never_downgrade_to_http() {
        let api = Url::parse("https://api.zoom.us/v2/clips/files").unwrap();
        let err = redirect_target(&api, "http://api.zoom.us/v2/clips/files?sig=1").unwrap_err();
        assert_eq!(err, "refused a redirect from https to plain http (http://api.zoom.us/v2/clips/files)");
        assert!(redirect_target(&api, "ftp://api.zoom.us/x").unwrap_err().contains("unsupported scheme"));
        let same = redirect_target(&api, "/v2/other").unwrap();
        assert_eq!(same.origin(), api.origin());
        let other_port = redirect_target(&api, "https://api.zoom.us:8443/v2").unwrap();
        assert_ne!(other_port.origin(), api.origin(), "another port is another origin");
        let local = Url::parse("http://127.0.0.1:1/a").unwrap();
        assert!(redirect_target(&local, "https://127.0.0.1:2/b").is_ok(), "upgrades are fine");
    }
}
