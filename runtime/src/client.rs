//! The HTTP client shared by every operation of an API.

use std::fmt;
use std::marker::PhantomData;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderName, HeaderValue, CONTENT_TYPE};
use tracing::Instrument;
use url::Url;

use crate::api::ApiInfo;
use crate::auth::{Secret, StaticToken, TokenProvider};
use crate::error::{ApiError, AuthError, BuildError, Error, ErrorCode, ValidationError};
use crate::request::{Body, Request};
use crate::response::Response;
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
    servers: Vec<Url>,
    token: Option<Arc<dyn TokenProvider>>,
    http: reqwest::Client,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let servers: Vec<&str> = self.inner.servers.iter().map(Url::as_str).collect();
        f.debug_struct("Client")
            .field("api", &self.inner.api.name)
            .field("servers", &servers)
            .field("token", &self.inner.token.as_ref().map(|_| "***"))
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
    http: Option<reqwest::Client>,
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
            http: None,
            client: PhantomData,
        }
    }

    /// Sends a fixed access token.
    pub fn token(self, token: impl Into<Secret>) -> Self {
        self.token_provider(StaticToken::new(token))
    }

    /// Asks `provider` for the access token before each request.
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

    /// Replaces the `User-Agent` header.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// Uses a preconfigured `reqwest` client (proxies, TLS roots); the timeouts
    /// and user agent of this builder are then those of that client.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Resolves the servers and builds the client.
    pub fn build(self) -> Result<C, BuildError> {
        for (name, _) in &self.variables {
            if !self.api.variables.iter().any(|v| v.name == name) {
                return Err(BuildError::new(format!("`{}` has no server variable `{name}`", self.api.name)));
            }
        }
        let mut servers = Vec::with_capacity(self.api.servers.len());
        for (server, custom) in self.api.servers.iter().zip(&self.server_urls) {
            let template = custom.as_deref().unwrap_or(server.url);
            servers.push(resolve_server(template, self.api, &self.variables)?);
        }
        let http = match self.http {
            Some(http) => http,
            None => {
                let mut builder = reqwest::Client::builder()
                    .connect_timeout(self.connect_timeout)
                    .user_agent(self.user_agent)
                    .https_only(false);
                if let Some(timeout) = self.timeout {
                    builder = builder.timeout(timeout);
                }
                builder.build().map_err(|e| BuildError::new(e.to_string()))?
            }
        };
        Ok(C::from(Client { inner: Arc::new(Inner { api: self.api, servers, token: self.token, http }) }))
    }
}

/// Fills the variables of a server URL template and checks the result: HTTPS,
/// or plain HTTP to a loopback address only.
fn resolve_server(template: &str, api: &ApiInfo, set: &[(String, String)]) -> Result<Url, BuildError> {
    let mut url = template.to_owned();
    for var in api.variables {
        let value = set.iter().find(|(n, _)| n == var.name).map_or(var.default, |(_, v)| v.as_str());
        url = url.replace(&format!("{{{}}}", var.name), value);
    }
    let parsed = Url::parse(&url).map_err(|e| BuildError::new(format!("invalid server URL `{url}`: {e}")))?;
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

    /// The resolved base URL of server number `index`.
    pub fn server(&self, index: usize) -> Option<&Url> {
        self.inner.servers.get(index)
    }

    /// Sends `request`. A 2xx status gives the [`Response`]; any other status
    /// is decoded into an [`ApiError`] and turned into the operation's error `E`.
    pub async fn execute<E: From<ApiError>>(&self, request: Request) -> Result<Response, Error<E>> {
        let span = tracing::info_span!(
            "specgen.request",
            api = self.inner.api.name,
            operation = request.operation,
            method = %request.method,
            path = request.template,
            status = tracing::field::Empty,
        );
        async move {
            let operation = request.operation;
            let prepared = self.prepare(request).await?;
            let response = self.inner.http.execute(prepared).await.map_err(Error::from_reqwest)?;
            let status = response.status();
            tracing::Span::current().record("status", status.as_u16());
            if status.is_success() {
                Ok(Response::new(response, operation))
            } else {
                Err(Error::Api(E::from(self.read_error(response).await?)))
            }
        }
        .instrument(span)
        .await
    }

    async fn prepare<E>(&self, request: Request) -> Result<reqwest::Request, Error<E>> {
        if let Some(error) = request.error {
            return Err(Error::Validation(error));
        }
        let base = self
            .inner
            .servers
            .get(request.server)
            .ok_or_else(|| ValidationError::new("server", format!("no server number {}", request.server)))?;
        let path = crate::path::fill(request.template, &request.path_params)?;
        let joined = format!("{}{}", base.as_str().trim_end_matches('/'), path);
        let mut url = Url::parse(&joined).map_err(|e| ValidationError::new("path", e.to_string()))?;
        if !request.query.is_empty() {
            let mut pairs = url.query_pairs_mut();
            for (name, value) in &request.query {
                pairs.append_pair(name, value);
            }
        }
        let mut builder = self.inner.http.request(request.method, url);
        for (name, value) in &request.headers {
            let value = HeaderValue::from_str(value)
                .map_err(|_| ValidationError::new(*name, "contains characters not allowed in a header (CR, LF, …)"))?;
            builder = builder.header(HeaderName::from_static(name), value);
        }
        if let Some(provider) = &self.inner.token {
            let token = provider.token().await.map_err(Error::Auth)?;
            let mut value = HeaderValue::from_str(&format!("{} {}", self.inner.api.auth.prefix, token.expose()))
                .map_err(|_| {
                    Error::Auth(AuthError::new("the access token contains characters not allowed in a header"))
                })?;
            value.set_sensitive(true);
            let name = HeaderName::from_bytes(self.inner.api.auth.header.as_bytes())
                .map_err(|_| Error::Auth(AuthError::new("invalid auth header name")))?;
            builder = builder.header(name, value);
        }
        builder = match request.body {
            Body::Empty => builder,
            Body::Json(bytes) => builder.header(CONTENT_TYPE, "application/json").body(bytes),
            Body::Multipart(form) => builder.multipart(form.into_form().await?),
        };
        builder.build().map_err(Error::from_reqwest)
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
