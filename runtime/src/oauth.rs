//! OAuth 2 token providers: the general grants (client credentials, refresh
//! token, password, and the authorization code with PKCE and the device
//! code, which start a refresh token), OpenID Connect discovery of their
//! endpoints,
//! and two vendors' flows, Zoom Server-to-Server OAuth and Zoho's refresh
//! token with its data centres and `api_domain`. Each caches the token,
//! refreshes it shortly before it expires, and lets only one refresh run at
//! a time however many requests wait for it.

use std::fmt;
use std::sync::{Arc, Mutex as SyncMutex, RwLock};
use std::time::{Duration, Instant};

use futures_util::future::{BoxFuture, FutureExt, Shared};

use crate::auth::{Secret, TokenFuture, TokenProvider};
use crate::error::AuthError;

mod device;
mod discovery;
mod password;

pub use device::{DeviceAuthorization, DeviceCode};
pub use discovery::OpenIdProvider;
pub use password::PasswordGrant;

/// A token is refreshed this long before it expires.
const REFRESH_MARGIN: Duration = Duration::from_secs(60);

/// The default lifetime when a token endpoint does not say.
const DEFAULT_LIFETIME: Duration = Duration::from_secs(3600);

/// The longest lifetime believed, whatever the endpoint says.
const MAX_LIFETIME: Duration = Duration::from_secs(24 * 3600);

/// The most of a token response that is read.
const MAX_TOKEN_RESPONSE: usize = 64 * 1024;

/// After a failed fetch, callers get the same error without a new fetch for
/// this long, doubling with each further failure up to [`MAX_COOLDOWN`].
const FIRST_COOLDOWN: Duration = Duration::from_secs(1);
const MAX_COOLDOWN: Duration = Duration::from_secs(30);

#[derive(Clone)]
struct Cached {
    token: Secret,
    expires_at: Instant,
}

/// What a token endpoint returned, checked.
struct Fetched {
    token: Secret,
    lifetime: Duration,
    api_domain: Option<String>,
    /// A new refresh token, when the endpoint rotates them.
    refresh_token: Option<Secret>,
}

/// One fetch, shared by every caller that waits for it: its result, or
/// `None` when its task was cancelled (its runtime shut down) before the
/// result was recorded.
type SharedFetch = Shared<BoxFuture<'static, Option<Result<Secret, AuthError>>>>;

struct Failure {
    error: AuthError,
    until: Instant,
    streak: u32,
}

#[derive(Default)]
struct CacheState {
    cached: Option<Cached>,
    inflight: Option<SharedFetch>,
    failure: Option<Failure>,
}

/// A cached token. Readers of a fresh token take a shared read lock only.
/// When it is stale, exactly one fetch runs; every caller waiting meanwhile
/// gets its result, success or failure, and a failure is served from memory
/// for a cooldown so that a failing token endpoint is not hammered.
#[derive(Default)]
struct TokenCache {
    state: RwLock<CacheState>,
}

impl TokenCache {
    /// A cache holding a token already obtained.
    fn seeded(token: Secret, lifetime: Duration) -> Self {
        let now = Instant::now();
        let expires_at = now.checked_add(lifetime.min(MAX_LIFETIME)).unwrap_or(now);
        let state = CacheState { cached: Some(Cached { token, expires_at }), ..CacheState::default() };
        TokenCache { state: RwLock::new(state) }
    }

    fn fresh(state: &CacheState) -> Option<Secret> {
        let cached = state.cached.as_ref()?;
        (Instant::now() + REFRESH_MARGIN < cached.expires_at).then(|| cached.token.clone())
    }

    /// The cached token, or the result of the one fetch that `fetch` starts.
    /// A fetch cancelled with its runtime leaves the cache as if it had never
    /// started: the caller starts another (or joins one started meanwhile).
    async fn get(
        self: &Arc<Self>,
        fetch: impl Fn() -> BoxFuture<'static, Result<Fetched, AuthError>>,
    ) -> Result<Secret, AuthError> {
        loop {
            if let Some(token) = self.state.read().ok().as_deref().and_then(Self::fresh) {
                return Ok(token);
            }
            let shared = {
                let mut state = self.state.write().map_err(|_| poisoned())?;
                if let Some(token) = Self::fresh(&state) {
                    return Ok(token);
                }
                if let Some(failure) = &state.failure {
                    if Instant::now() < failure.until {
                        return Err(failure.error.clone());
                    }
                }
                match &state.inflight {
                    Some(shared) => shared.clone(),
                    None => {
                        let shared = self.start(fetch());
                        state.inflight = Some(shared.clone());
                        shared
                    }
                }
            };
            match shared.clone().await {
                Some(result) => return result,
                None => self.forget(&shared)?,
            }
        }
    }

    /// Starts a fetch whose result updates the cache. On a Tokio runtime it
    /// runs as its own task, so it goes on when the callers that wait for it
    /// give up (their deadline), and the next caller finds it done or joins it.
    fn start(self: &Arc<Self>, fetch: BoxFuture<'static, Result<Fetched, AuthError>>) -> SharedFetch {
        let cache = Arc::clone(self);
        let settle = async move {
            let result = fetch.await;
            cache.settle(result)
        };
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) => {
                let task = runtime.spawn(settle);
                let cache = Arc::clone(self);
                async move {
                    match task.await {
                        Ok(result) => Some(result),
                        Err(e) if e.is_cancelled() => None,
                        Err(_) => Some(cache.settle(Err(AuthError::new("the token fetch panicked")))),
                    }
                }
                .boxed()
                .shared()
            }
            Err(_) => settle.map(Some).boxed().shared(),
        }
    }

    /// Drops `cancelled` from the cache if it is still the fetch in flight.
    fn forget(&self, cancelled: &SharedFetch) -> Result<(), AuthError> {
        let mut state = self.state.write().map_err(|_| poisoned())?;
        if state.inflight.as_ref().is_some_and(|f| f.ptr_eq(cancelled)) {
            state.inflight = None;
        }
        Ok(())
    }

    /// Records a fetch's result.
    fn settle(&self, result: Result<Fetched, AuthError>) -> Result<Secret, AuthError> {
        let mut state = self.state.write().map_err(|_| poisoned())?;
        state.inflight = None;
        match result {
            Ok(fetched) => {
                let lifetime = fetched.lifetime.min(MAX_LIFETIME);
                let now = Instant::now();
                let expires_at = now.checked_add(lifetime).unwrap_or(now);
                state.cached = Some(Cached { token: fetched.token.clone(), expires_at });
                state.failure = None;
                Ok(fetched.token)
            }
            Err(error) => {
                let streak = state.failure.as_ref().map_or(1, |f| f.streak.saturating_add(1));
                let cooldown = crate::retry::doubling(FIRST_COOLDOWN, streak, MAX_COOLDOWN);
                state.failure = Some(Failure { error: error.clone(), until: Instant::now() + cooldown, streak });
                Err(error)
            }
        }
    }

    /// Forgets `stale` if it is still the cached token. A token already
    /// replaced, or a refresh already running, gives the caller a new token
    /// on its next ask without another fetch.
    fn invalidate(&self, stale: &Secret) -> bool {
        let Ok(mut state) = self.state.write() else { return false };
        if state.cached.as_ref().is_some_and(|c| &c.token == stale) {
            state.cached = None;
        }
        true
    }
}

fn poisoned() -> AuthError {
    AuthError::new("the token cache is unusable after a panic in another thread")
}

/// Posts to a token endpoint and reads and checks its JSON answer.
async fn request_token(request: reqwest::RequestBuilder, what: &str) -> Result<Fetched, AuthError> {
    let (status, body) = read_answer(request, what).await?;
    parse_token_response(status, &body).map_err(|reason| AuthError::new(format!("{what}: {reason}")))
}

/// Sends `request` and reads at most [`MAX_TOKEN_RESPONSE`] bytes of its answer.
async fn read_answer(
    request: reqwest::RequestBuilder,
    what: &str,
) -> Result<(reqwest::StatusCode, Vec<u8>), AuthError> {
    let mut response = request.send().await.map_err(|e| AuthError::new(format!("{what}: request failed: {e}")))?;
    let status = response.status();
    let mut body = Vec::new();
    while let Some(chunk) =
        response.chunk().await.map_err(|e| AuthError::new(format!("{what}: response failed: {e}")))?
    {
        if body.len() + chunk.len() > MAX_TOKEN_RESPONSE {
            return Err(AuthError::new(format!(
                "{what}: the endpoint answered HTTP {status} with a body over {MAX_TOKEN_RESPONSE} bytes"
            )));
        }
        body.extend_from_slice(&chunk);
    }
    Ok((status, body))
}

/// Checks every field of a token response; each oddity is a reason, never a panic.
fn parse_token_response(status: reqwest::StatusCode, body: &[u8]) -> Result<Fetched, String> {
    use serde_json::Value;
    let answered = format!("the token endpoint answered HTTP {status}");
    let json: Option<serde_json::Map<String, Value>> = serde_json::from_slice(body).ok();
    let Some(json) = json else {
        if !status.is_success() {
            return Err(answered);
        }
        return Err(format!("{answered} with a body that is not a JSON object"));
    };
    if let Some(error) = json.get("error") {
        let error = match error {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        return Err(format!("{answered} with error `{error}`"));
    }
    if !status.is_success() {
        return Err(answered);
    }
    let token = match json.get("access_token") {
        None | Some(Value::Null) => return Err(format!("{answered} without an access token")),
        Some(Value::String(token)) if token.trim().is_empty() => {
            return Err(format!("{answered} with an empty access token"))
        }
        Some(Value::String(token)) if token.chars().any(|c| c.is_control() || c == ' ') => {
            return Err(format!("{answered} with an access token that cannot be sent in a header"))
        }
        Some(Value::String(token)) => Secret::new(token.clone()),
        Some(_) => return Err(format!("{answered} with an access token that is not a string")),
    };
    let seconds = match json.get("expires_in") {
        None | Some(Value::Null) => None,
        Some(Value::Number(n)) => Some(n.as_u64().ok_or_else(|| bad_lifetime(&answered, n))?),
        Some(Value::String(s)) => Some(s.trim().parse::<u64>().map_err(|_| bad_lifetime(&answered, s))?),
        Some(other) => return Err(bad_lifetime(&answered, other)),
    };
    let lifetime = seconds.map_or(DEFAULT_LIFETIME, |s| Duration::from_secs(s).min(MAX_LIFETIME));
    let api_domain = match json.get("api_domain") {
        None | Some(Value::Null) => None,
        Some(Value::String(domain)) if crate::client::bare_origin_or_host(domain) && domain.contains("://") => {
            Some(domain.trim_end_matches('/').to_owned())
        }
        Some(Value::String(_)) => {
            return Err(format!(
                "{answered} with an `api_domain` that is not a bare origin (scheme and host, optional port)"
            ))
        }
        Some(_) => return Err(format!("{answered} with an `api_domain` that is not a string")),
    };
    let refresh_token = match json.get("refresh_token") {
        Some(Value::String(t)) if !t.trim().is_empty() && !t.chars().any(char::is_control) => {
            Some(Secret::new(t.clone()))
        }
        None | Some(Value::Null) => None,
        Some(_) => return Err(format!("{answered} with a `refresh_token` that is not a usable string")),
    };
    Ok(Fetched { token, lifetime, api_domain, refresh_token })
}

fn bad_lifetime(answered: &str, value: impl fmt::Display) -> String {
    format!("{answered} with `expires_in` {value}, not a whole number of seconds")
}

/// `url` as an endpoint the client may post credentials to: HTTPS, or
/// HTTP to loopback for tests.
fn check_endpoint(url: &str) -> Result<reqwest::Url, AuthError> {
    let parsed =
        reqwest::Url::parse(url).map_err(|e| AuthError::new(format!("invalid token endpoint `{url}`: {e}")))?;
    let loopback = matches!(parsed.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"));
    if parsed.scheme() == "https" || (parsed.scheme() == "http" && loopback) {
        Ok(parsed)
    } else {
        Err(AuthError::new(format!("token endpoint `{url}` must use https")))
    }
}

fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap_or_default()
}

/// How an OAuth 2 client proves who it is to the token endpoint.
#[derive(Clone)]
struct ClientAuth {
    client_id: String,
    client_secret: Option<Secret>,
    /// In the form body (`client_secret_post`) rather than HTTP Basic
    /// (`client_secret_basic`, RFC 6749's preferred way).
    in_body: bool,
}

impl ClientAuth {
    /// Asks `token_url` for a token with `form` and the `scopes` (sent
    /// space-separated as `scope`), the client authenticated as configured;
    /// errors are named by `what`.
    async fn request(
        &self,
        http: &reqwest::Client,
        token_url: &str,
        mut form: Vec<(&str, String)>,
        scopes: &[String],
        what: &str,
    ) -> Result<Fetched, AuthError> {
        let url = check_endpoint(token_url)?;
        if !scopes.is_empty() {
            form.push(("scope", scopes.join(" ")));
        }
        request_token(self.post(http, url, form), what).await
    }

    /// Posts `form` to `url`, the client authenticated as configured.
    fn post(
        &self,
        http: &reqwest::Client,
        url: reqwest::Url,
        mut form: Vec<(&str, String)>,
    ) -> reqwest::RequestBuilder {
        match (&self.client_secret, self.in_body) {
            (Some(secret), false) => {
                // RFC 6749 §2.3.1: the id and secret are form-encoded before Basic.
                let encode = |s: &str| url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
                http.post(url).basic_auth(encode(&self.client_id), Some(encode(secret.expose()))).form(&form)
            }
            (secret, _) => {
                form.push(("client_id", self.client_id.clone()));
                if let Some(secret) = secret {
                    form.push(("client_secret", secret.expose().to_owned()));
                }
                http.post(url).form(&form)
            }
        }
    }
}

impl fmt::Debug for ClientAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientAuth")
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret)
            .field("in_body", &self.in_body)
            .finish()
    }
}

/// What every grant's provider shares: a config behind an `Arc` (with
/// `token_url`, `client` and `scopes`, and a `fetch` that asks the token
/// endpoint), a token cache, the builder methods for those three, and
/// `TokenProvider` through the cache.
macro_rules! grant_provider {
    ($provider:ident) => {
        impl $provider {
            /// Asks for these scopes (sent space-separated as `scope`).
            pub fn scopes(mut self, scopes: impl IntoIterator<Item = impl Into<String>>) -> Self {
                std::sync::Arc::make_mut(&mut self.config).scopes = scopes.into_iter().map(Into::into).collect();
                self
            }

            /// Sends the client id and secret in the form body instead of HTTP Basic.
            pub fn credentials_in_body(mut self) -> Self {
                std::sync::Arc::make_mut(&mut self.config).client.in_body = true;
                self
            }

            /// Uses another token endpoint (HTTPS, or HTTP to loopback for tests).
            pub fn token_url(mut self, url: impl Into<String>) -> Self {
                std::sync::Arc::make_mut(&mut self.config).token_url = url.into();
                self
            }
        }

        impl $crate::auth::TokenProvider for $provider {
            fn token(&self) -> $crate::auth::TokenFuture<'_> {
                use futures_util::future::FutureExt as _;
                let config = std::sync::Arc::clone(&self.config);
                Box::pin(self.cache.get(move || std::sync::Arc::clone(&config).fetch().boxed()))
            }

            fn invalidate(&self, stale: &$crate::auth::Secret) -> bool {
                self.cache.invalidate(stale)
            }
        }
    };
}
use grant_provider;

/// OAuth 2's client credentials grant (RFC 6749 §4.4): the client's own
/// token, from its id and secret, with the scopes asked for.
pub struct ClientCredentials {
    config: Arc<ClientCredentialsConfig>,
    cache: Arc<TokenCache>,
}

#[derive(Clone, Debug)]
struct ClientCredentialsConfig {
    token_url: String,
    client: ClientAuth,
    scopes: Vec<String>,
    /// `client_credentials`, or an extension grant's type (RFC 6749 §4.5).
    grant_type: String,
    /// The grant's other parameters.
    params: Vec<(String, String)>,
    /// Whether the parameters go in the query of an empty POST, as some
    /// vendors' endpoints take them, instead of the form body.
    in_query: bool,
    what: &'static str,
    http: reqwest::Client,
}

impl fmt::Debug for ClientCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCredentials")
            .field("token_url", &self.config.token_url)
            .field("client", &self.config.client)
            .field("scopes", &self.config.scopes)
            .finish()
    }
}

impl ClientCredentials {
    /// A provider for the client with this id and secret, from the token
    /// endpoint `token_url` (HTTPS, or HTTP to loopback for tests).
    pub fn new(token_url: impl Into<String>, client_id: impl Into<String>, client_secret: impl Into<Secret>) -> Self {
        let client =
            ClientAuth { client_id: client_id.into(), client_secret: Some(client_secret.into()), in_body: false };
        let config = ClientCredentialsConfig {
            token_url: token_url.into(),
            client,
            scopes: Vec::new(),
            grant_type: "client_credentials".to_owned(),
            params: Vec::new(),
            in_query: false,
            what: "OAuth 2 client credentials",
            http: http(),
        };
        ClientCredentials { config: Arc::new(config), cache: Arc::default() }
    }

    /// Asks for the grant `grant_type` (an extension grant, RFC 6749 §4.5,
    /// such as Zoom's `account_credentials`) with these parameters, the
    /// client authenticated as for client credentials.
    pub fn grant(
        mut self,
        grant_type: impl Into<String>,
        params: impl IntoIterator<Item = (impl Into<String>, impl Into<String>)>,
    ) -> Self {
        let config = Arc::make_mut(&mut self.config);
        config.grant_type = grant_type.into();
        config.params = params.into_iter().map(|(k, v)| (k.into(), v.into())).collect();
        self
    }

    /// Sends the grant's parameters in the query of an empty POST, as some
    /// vendors' token endpoints take them, instead of the form body; the
    /// client authenticates with HTTP Basic.
    pub fn params_in_query(mut self) -> Self {
        Arc::make_mut(&mut self.config).in_query = true;
        self
    }
}

impl ClientCredentialsConfig {
    async fn fetch(self: Arc<Self>) -> Result<Fetched, AuthError> {
        let mut form = vec![("grant_type", self.grant_type.clone())];
        form.extend(self.params.iter().map(|(k, v)| (k.as_str(), v.clone())));
        if !self.in_query {
            return self.client.request(&self.http, &self.token_url, form, &self.scopes, self.what).await;
        }
        let mut url = check_endpoint(&self.token_url)?;
        if !self.scopes.is_empty() {
            form.push(("scope", self.scopes.join(" ")));
        }
        url.query_pairs_mut().extend_pairs(form);
        let secret = self.client.client_secret.as_ref().map(Secret::expose);
        request_token(self.http.post(url).basic_auth(&self.client.client_id, secret), self.what).await
    }
}

grant_provider!(ClientCredentials);

/// OAuth 2's refresh token grant (RFC 6749 §6): access tokens from a
/// refresh token, which is replaced when the endpoint sends a new one.
pub struct RefreshToken {
    config: Arc<RefreshConfig>,
    cache: Arc<TokenCache>,
}

#[derive(Clone, Debug)]
struct RefreshConfig {
    token_url: String,
    client: ClientAuth,
    scopes: Vec<String>,
    refresh_token: Arc<SyncMutex<Secret>>,
    http: reqwest::Client,
    /// What errors name the flow by.
    what: &'static str,
    /// The `api_domain` the last token response gave (Zoho's).
    api_domain: Arc<SyncMutex<Option<String>>>,
}

impl fmt::Debug for RefreshToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RefreshToken")
            .field("token_url", &self.config.token_url)
            .field("client", &self.config.client)
            .field("scopes", &self.config.scopes)
            .finish_non_exhaustive()
    }
}

impl RefreshToken {
    /// A provider for `refresh_token` of the client `client_id` (a public
    /// client has no secret), from the token endpoint `token_url`.
    pub fn new(
        token_url: impl Into<String>,
        refresh_token: impl Into<Secret>,
        client_id: impl Into<String>,
        client_secret: Option<Secret>,
    ) -> Self {
        let client = ClientAuth { client_id: client_id.into(), client_secret, in_body: false };
        let config = RefreshConfig {
            token_url: token_url.into(),
            client,
            scopes: Vec::new(),
            refresh_token: Arc::new(SyncMutex::new(refresh_token.into())),
            http: http(),
            what: "OAuth 2 refresh token",
            api_domain: Arc::default(),
        };
        RefreshToken { config: Arc::new(config), cache: Arc::default() }
    }

    /// The refresh token now: the endpoint may have replaced the first one,
    /// and the new one is what to keep for the next run.
    pub fn current_refresh_token(&self) -> Secret {
        match self.config.refresh_token.lock() {
            Ok(token) => token.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }
}

impl RefreshToken {
    /// A provider that starts with `tokens`' access token and refreshes it
    /// with their refresh token (`None` without one) as `client`.
    fn seeded(token_url: &str, client: &ClientAuth, tokens: &Tokens) -> Option<RefreshToken> {
        let refresh = tokens.refresh_token.clone()?;
        let mut provider =
            RefreshToken::new(token_url, refresh, client.client_id.clone(), client.client_secret.clone());
        provider.cache = Arc::new(TokenCache::seeded(tokens.access_token.clone(), tokens.expires_in));
        Some(provider)
    }
}

impl RefreshConfig {
    async fn fetch(self: Arc<Self>) -> Result<Fetched, AuthError> {
        let refresh = self.refresh_token.lock().map_err(|_| poisoned())?.expose().to_owned();
        let form = vec![("grant_type", "refresh_token".to_owned()), ("refresh_token", refresh)];
        let fetched = self.client.request(&self.http, &self.token_url, form, &self.scopes, self.what).await?;
        if let (Some(rotated), Ok(mut slot)) = (fetched.refresh_token.clone(), self.refresh_token.lock()) {
            *slot = rotated;
        }
        if let (Some(domain), Ok(mut slot)) = (fetched.api_domain.clone(), self.api_domain.lock()) {
            *slot = Some(domain);
        }
        Ok(fetched)
    }
}

grant_provider!(RefreshToken);

/// OAuth 2's authorization code grant with PKCE (RFC 6749 §4.1, RFC 7636):
/// the URL to send the user to, then the exchange of the code the redirect
/// brings back for tokens. The state and the code verifier are random (the
/// `oauth2` crate's), and the state is checked before the exchange.
#[derive(Debug, Clone)]
pub struct AuthorizationCode {
    authorize_url: String,
    token_url: String,
    redirect_url: String,
    client: ClientAuth,
    http: reqwest::Client,
}

/// One authorization in progress: the URL to open, and what the exchange
/// needs from it (kept by the application between the two steps).
pub struct Authorization {
    /// Where to send the user.
    pub url: reqwest::Url,
    state: String,
    verifier: oauth2::PkceCodeVerifier,
}

impl fmt::Debug for Authorization {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Authorization").field("url", &self.url).finish_non_exhaustive()
    }
}

impl Authorization {
    /// The `state` sent, which the redirect must bring back.
    pub fn state(&self) -> &str {
        &self.state
    }
}

/// The tokens an authorization code gave.
pub struct Tokens {
    /// The access token.
    pub access_token: Secret,
    /// The refresh token, when the server gave one.
    pub refresh_token: Option<Secret>,
    /// How long the access token lasts.
    pub expires_in: Duration,
}

impl fmt::Debug for Tokens {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Tokens")
            .field("access_token", &self.access_token)
            .field("refresh_token", &self.refresh_token)
            .field("expires_in", &self.expires_in)
            .finish()
    }
}

impl AuthorizationCode {
    /// The flow of the client `client_id` (a public client has no secret),
    /// with the server's authorization and token endpoints and the redirect
    /// URL registered for the client.
    pub fn new(
        authorize_url: impl Into<String>,
        token_url: impl Into<String>,
        client_id: impl Into<String>,
        client_secret: Option<Secret>,
        redirect_url: impl Into<String>,
    ) -> Self {
        AuthorizationCode {
            authorize_url: authorize_url.into(),
            token_url: token_url.into(),
            redirect_url: redirect_url.into(),
            client: ClientAuth { client_id: client_id.into(), client_secret, in_body: false },
            http: http(),
        }
    }

    /// Starts an authorization for `scopes`: a fresh state and PKCE pair
    /// (`S256`), and the URL with them.
    pub fn start(&self, scopes: &[&str]) -> Result<Authorization, AuthError> {
        let (challenge, verifier) = oauth2::PkceCodeChallenge::new_random_sha256();
        let state = oauth2::CsrfToken::new_random().secret().clone();
        let mut url = check_endpoint(&self.authorize_url)?;
        url.query_pairs_mut()
            .append_pair("response_type", "code")
            .append_pair("client_id", &self.client.client_id)
            .append_pair("redirect_uri", &self.redirect_url)
            .append_pair("state", &state)
            .append_pair("code_challenge", challenge.as_str())
            .append_pair("code_challenge_method", challenge.method().as_str());
        if !scopes.is_empty() {
            url.query_pairs_mut().append_pair("scope", &scopes.join(" "));
        }
        Ok(Authorization { url, state, verifier })
    }

    /// Exchanges the `code` the redirect brought, after checking that the
    /// `state` it brought is the one sent (else nothing is sent).
    pub async fn exchange(&self, authorization: Authorization, code: &str, state: &str) -> Result<Tokens, AuthError> {
        // Compared in constant time: the state guards against forged redirects.
        let same = authorization.state.len() == state.len()
            && authorization.state.bytes().zip(state.bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0;
        if !same {
            return Err(AuthError::new("the redirect's state is not the one sent: the authorization is refused"));
        }
        let form = vec![
            ("grant_type", "authorization_code".to_owned()),
            ("code", code.to_owned()),
            ("redirect_uri", self.redirect_url.clone()),
            ("code_verifier", authorization.verifier.secret().clone()),
        ];
        let fetched = self.client.request(&self.http, &self.token_url, form, &[], "OAuth 2 authorization code").await?;
        Ok(Tokens { access_token: fetched.token, refresh_token: fetched.refresh_token, expires_in: fetched.lifetime })
    }

    /// A provider that keeps the access token fresh from `tokens`' refresh
    /// token (`None` without one), with this flow's client and endpoint; it
    /// starts with `tokens`' access token.
    pub fn refresher(&self, tokens: &Tokens) -> Option<RefreshToken> {
        RefreshToken::seeded(&self.token_url, &self.client, tokens)
    }
}

/// Zoom Server-to-Server OAuth: the client credentials flow with Zoom's
/// extension grant, `grant_type=account_credentials` and the account id in
/// the query, the app authenticated with its client id and secret.
pub struct ZoomServerToServer {
    inner: ClientCredentials,
}

impl fmt::Debug for ZoomServerToServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ZoomServerToServer")
            .field("token_url", &self.inner.config.token_url)
            .field("params", &self.inner.config.params)
            .field("client", &self.inner.config.client)
            .finish()
    }
}

impl ZoomServerToServer {
    /// Zoom's token endpoint.
    pub const DEFAULT_TOKEN_URL: &'static str = "https://zoom.us/oauth/token";

    /// A provider for the app with these credentials.
    pub fn new(account_id: impl Into<String>, client_id: impl Into<String>, client_secret: impl Into<Secret>) -> Self {
        let mut inner = ClientCredentials::new(Self::DEFAULT_TOKEN_URL, client_id, client_secret)
            .grant("account_credentials", [("account_id", account_id.into())])
            .params_in_query();
        Arc::make_mut(&mut inner.config).what = "Zoom Server-to-Server OAuth";
        ZoomServerToServer { inner }
    }

    /// Uses another token endpoint (HTTPS, or HTTP to loopback for tests).
    pub fn token_url(mut self, url: impl Into<String>) -> Self {
        self.inner = self.inner.token_url(url);
        self
    }
}

impl TokenProvider for ZoomServerToServer {
    fn token(&self) -> TokenFuture<'_> {
        self.inner.token()
    }

    fn invalidate(&self, stale: &Secret) -> bool {
        self.inner.invalidate(stale)
    }
}

/// A Zoho data centre: where its accounts server is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ZohoDataCenter {
    /// United States (`zoho.com`).
    Com,
    /// Europe (`zoho.eu`).
    Eu,
    /// India (`zoho.in`).
    In,
    /// Australia (`zoho.com.au`).
    ComAu,
    /// Japan (`zoho.jp`).
    Jp,
    /// Canada (`zohocloud.ca`).
    Ca,
    /// Saudi Arabia (`zoho.sa`).
    Sa,
    /// China (`zoho.com.cn`).
    Cn,
}

impl ZohoDataCenter {
    /// The accounts server that issues tokens for this data centre.
    pub fn accounts_url(self) -> &'static str {
        match self {
            ZohoDataCenter::Com => "https://accounts.zoho.com",
            ZohoDataCenter::Eu => "https://accounts.zoho.eu",
            ZohoDataCenter::In => "https://accounts.zoho.in",
            ZohoDataCenter::ComAu => "https://accounts.zoho.com.au",
            ZohoDataCenter::Jp => "https://accounts.zoho.jp",
            ZohoDataCenter::Ca => "https://accounts.zohocloud.ca",
            ZohoDataCenter::Sa => "https://accounts.zoho.sa",
            ZohoDataCenter::Cn => "https://accounts.zoho.com.cn",
        }
    }
}

/// The Zoho refresh-token flow: OAuth 2's refresh token grant at the data
/// centre's accounts server, the client's id and secret in the body. The
/// `api_domain` of the token response becomes the `api-domain` server
/// variable unless the client sets it.
pub struct ZohoRefreshToken {
    inner: RefreshToken,
}

impl fmt::Debug for ZohoRefreshToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ZohoRefreshToken")
            .field("token_url", &self.inner.config.token_url)
            .field("client", &self.inner.config.client)
            .finish_non_exhaustive()
    }
}

impl ZohoRefreshToken {
    /// A provider for a refresh token of the given data centre.
    pub fn new(
        data_center: ZohoDataCenter,
        refresh_token: impl Into<Secret>,
        client_id: impl Into<String>,
        client_secret: impl Into<Secret>,
    ) -> Self {
        let url = Self::token_url(data_center.accounts_url());
        let mut inner =
            RefreshToken::new(url, refresh_token, client_id, Some(client_secret.into())).credentials_in_body();
        Arc::make_mut(&mut inner.config).what = "Zoho refresh token";
        ZohoRefreshToken { inner }
    }

    /// Uses another accounts server (HTTPS, or HTTP to loopback for tests).
    pub fn accounts_url(mut self, url: impl Into<String>) -> Self {
        Arc::make_mut(&mut self.inner.config).token_url = Self::token_url(&url.into());
        self
    }

    fn token_url(accounts: &str) -> String {
        format!("{}/oauth/v2/token", accounts.trim_end_matches('/'))
    }
}

impl TokenProvider for ZohoRefreshToken {
    fn token(&self) -> TokenFuture<'_> {
        self.inner.token()
    }

    fn invalidate(&self, stale: &Secret) -> bool {
        self.inner.invalidate(stale)
    }

    fn server_variable(&self, name: &str) -> Option<String> {
        if name == "api-domain" {
            self.inner.config.api_domain.lock().ok().and_then(|d| d.clone())
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::StatusCode;

    fn parse(body: &str) -> Result<Fetched, String> {
        parse_token_response(StatusCode::OK, body.as_bytes())
    }

    #[test]
    fn token_response_oddities_are_reasons_not_panics() {
        let huge = parse(r#"{"access_token":"t","expires_in":18446744073709551615}"#).map(|f| f.lifetime);
        assert_eq!(huge, Ok(MAX_LIFETIME), "capped");
        assert_eq!(
            parse(r#"{"access_token":"t","expires_in":"120"}"#).map(|f| f.lifetime),
            Ok(Duration::from_secs(120))
        );
        assert_eq!(parse(r#"{"access_token":"t"}"#).map(|f| f.lifetime), Ok(DEFAULT_LIFETIME));
        let reason = |body: &str| parse(body).err().unwrap_or_default();
        assert_eq!(
            reason(r#"{"access_token":"t","expires_in":-5}"#),
            "the token endpoint answered HTTP 200 OK with `expires_in` -5, not a whole number of seconds"
        );
        assert_eq!(
            reason(r#"{"access_token":"t","expires_in":"soon"}"#),
            "the token endpoint answered HTTP 200 OK with `expires_in` soon, not a whole number of seconds"
        );
        assert!(reason(r#"{"access_token":"t","expires_in":1.5}"#).contains("not a whole number"));
        assert_eq!(
            reason(r#"{"access_token":""}"#),
            "the token endpoint answered HTTP 200 OK with an empty access token"
        );
        assert!(reason(r#"{"access_token":"a\r\nb"}"#).contains("cannot be sent in a header"));
        assert!(reason(r#"{"access_token":7}"#).contains("not a string"));
        assert!(reason(r#"{"expires_in":7}"#).ends_with("without an access token"));
        assert!(reason("[1]").ends_with("not a JSON object"));
        assert!(reason(r#"{"access_token":"t","api_domain":5}"#).contains("api_domain"));
        assert_eq!(
            reason(r#"{"access_token":"t","api_domain":"https://www.zohoapis.com/../../x?y="}"#),
            "the token endpoint answered HTTP 200 OK with an `api_domain` that is not a bare origin \
             (scheme and host, optional port)"
        );
        assert!(reason(r#"{"access_token":"t","api_domain":"www.zohoapis.com"}"#).contains("not a bare origin"));
        let domain = parse(r#"{"access_token":"t","api_domain":"https://www.zohoapis.eu/"}"#).map(|f| f.api_domain);
        assert_eq!(domain, Ok(Some("https://www.zohoapis.eu".to_owned())));
        assert_eq!(
            parse_token_response(StatusCode::BAD_GATEWAY, br#"{"access_token":"t"}"#).err(),
            Some("the token endpoint answered HTTP 502 Bad Gateway".to_owned())
        );
    }

    #[tokio::test]
    async fn invalidate_really_forgets_the_stale_token() {
        let cache = Arc::new(TokenCache::default());
        let fetched = |token: &'static str| {
            move || {
                async move {
                    Ok(Fetched {
                        token: Secret::new(token),
                        lifetime: DEFAULT_LIFETIME,
                        api_domain: None,
                        refresh_token: None,
                    })
                }
                .boxed()
            }
        };
        assert_eq!(cache.get(fetched("one")).await.map(|t| t.expose().to_owned()), Ok("one".to_owned()));
        assert!(cache.invalidate(&Secret::new("one")));
        assert_eq!(cache.get(fetched("two")).await.map(|t| t.expose().to_owned()), Ok("two".to_owned()));
        // A token already replaced is not forgotten again.
        assert!(cache.invalidate(&Secret::new("one")));
        assert_eq!(cache.get(fetched("three")).await.map(|t| t.expose().to_owned()), Ok("two".to_owned()));
    }
}
