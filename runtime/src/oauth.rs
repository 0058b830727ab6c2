//! OAuth token providers: Zoom Server-to-Server OAuth and the Zoho refresh-token
//! flow. Both cache the token, refresh it shortly before it expires, and let
//! only one refresh run at a time however many requests wait for it.

use std::fmt;
use std::sync::{Arc, Mutex as SyncMutex, RwLock};
use std::time::{Duration, Instant};

use futures_util::future::{BoxFuture, FutureExt, Shared};

use crate::auth::{Secret, TokenFuture, TokenProvider};
use crate::error::AuthError;

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
    let mut response =
        request.send().await.map_err(|e| AuthError::new(format!("{what}: token request failed: {e}")))?;
    let status = response.status();
    let mut body = Vec::new();
    while let Some(chunk) =
        response.chunk().await.map_err(|e| AuthError::new(format!("{what}: token response failed: {e}")))?
    {
        if body.len() + chunk.len() > MAX_TOKEN_RESPONSE {
            return Err(AuthError::new(format!(
                "{what}: the token endpoint answered HTTP {status} with a body over {MAX_TOKEN_RESPONSE} bytes"
            )));
        }
        body.extend_from_slice(&chunk);
    }
    parse_token_response(status, &body).map_err(|reason| AuthError::new(format!("{what}: {reason}")))
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
    Ok(Fetched { token, lifetime, api_domain })
}

fn bad_lifetime(answered: &str, value: impl fmt::Display) -> String {
    format!("{answered} with `expires_in` {value}, not a whole number of seconds")
}

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

/// Zoom Server-to-Server OAuth: `grant_type=account_credentials` with the
/// account id, authenticated with the app's client id and secret.
pub struct ZoomServerToServer {
    config: Arc<ZoomConfig>,
    cache: Arc<TokenCache>,
}

#[derive(Clone)]
struct ZoomConfig {
    account_id: String,
    client_id: String,
    client_secret: Secret,
    token_url: String,
    http: reqwest::Client,
}

impl fmt::Debug for ZoomServerToServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ZoomServerToServer")
            .field("account_id", &self.config.account_id)
            .field("client_id", &self.config.client_id)
            .field("client_secret", &self.config.client_secret)
            .field("token_url", &self.config.token_url)
            .finish()
    }
}

impl ZoomServerToServer {
    /// Zoom's token endpoint.
    pub const DEFAULT_TOKEN_URL: &'static str = "https://zoom.us/oauth/token";

    /// A provider for the app with these credentials.
    pub fn new(account_id: impl Into<String>, client_id: impl Into<String>, client_secret: impl Into<Secret>) -> Self {
        let config = ZoomConfig {
            account_id: account_id.into(),
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            token_url: Self::DEFAULT_TOKEN_URL.to_owned(),
            http: http(),
        };
        ZoomServerToServer { config: Arc::new(config), cache: Arc::default() }
    }

    /// Uses another token endpoint (HTTPS, or HTTP to loopback for tests).
    pub fn token_url(mut self, url: impl Into<String>) -> Self {
        Arc::make_mut(&mut self.config).token_url = url.into();
        self
    }
}

impl ZoomConfig {
    async fn fetch(self: Arc<Self>) -> Result<Fetched, AuthError> {
        let mut url = check_endpoint(&self.token_url)?;
        url.query_pairs_mut()
            .append_pair("grant_type", "account_credentials")
            .append_pair("account_id", &self.account_id);
        let request = self.http.post(url).basic_auth(&self.client_id, Some(self.client_secret.expose()));
        request_token(request, "Zoom Server-to-Server OAuth").await
    }
}

impl TokenProvider for ZoomServerToServer {
    fn token(&self) -> TokenFuture<'_> {
        let config = Arc::clone(&self.config);
        Box::pin(self.cache.get(move || Arc::clone(&config).fetch().boxed()))
    }

    fn invalidate(&self, stale: &Secret) -> bool {
        self.cache.invalidate(stale)
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

/// The Zoho refresh-token flow. The `api_domain` of the token response becomes
/// the `api-domain` server variable unless the client sets it.
pub struct ZohoRefreshToken {
    config: Arc<ZohoConfig>,
    cache: Arc<TokenCache>,
}

#[derive(Clone)]
struct ZohoConfig {
    refresh_token: Secret,
    client_id: String,
    client_secret: Secret,
    accounts_url: String,
    http: reqwest::Client,
    api_domain: Arc<SyncMutex<Option<String>>>,
}

impl fmt::Debug for ZohoRefreshToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ZohoRefreshToken")
            .field("refresh_token", &self.config.refresh_token)
            .field("client_id", &self.config.client_id)
            .field("client_secret", &self.config.client_secret)
            .field("accounts_url", &self.config.accounts_url)
            .finish()
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
        let config = ZohoConfig {
            refresh_token: refresh_token.into(),
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            accounts_url: data_center.accounts_url().to_owned(),
            http: http(),
            api_domain: Arc::default(),
        };
        ZohoRefreshToken { config: Arc::new(config), cache: Arc::default() }
    }

    /// Uses another accounts server (HTTPS, or HTTP to loopback for tests).
    pub fn accounts_url(mut self, url: impl Into<String>) -> Self {
        Arc::make_mut(&mut self.config).accounts_url = url.into();
        self
    }
}

impl ZohoConfig {
    async fn fetch(self: Arc<Self>) -> Result<Fetched, AuthError> {
        let url = check_endpoint(&format!("{}/oauth/v2/token", self.accounts_url.trim_end_matches('/')))?;
        let form = [
            ("grant_type", "refresh_token"),
            ("refresh_token", self.refresh_token.expose()),
            ("client_id", &self.client_id),
            ("client_secret", self.client_secret.expose()),
        ];
        let token = request_token(self.http.post(url).form(&form), "Zoho refresh token").await?;
        if let (Some(domain), Ok(mut slot)) = (token.api_domain.clone(), self.api_domain.lock()) {
            *slot = Some(domain);
        }
        Ok(token)
    }
}

impl TokenProvider for ZohoRefreshToken {
    fn token(&self) -> TokenFuture<'_> {
        let config = Arc::clone(&self.config);
        Box::pin(self.cache.get(move || Arc::clone(&config).fetch().boxed()))
    }

    fn invalidate(&self, stale: &Secret) -> bool {
        self.cache.invalidate(stale)
    }

    fn server_variable(&self, name: &str) -> Option<String> {
        if name == "api-domain" {
            self.config.api_domain.lock().ok().and_then(|d| d.clone())
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
                async move { Ok(Fetched { token: Secret::new(token), lifetime: DEFAULT_LIFETIME, api_domain: None }) }
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
