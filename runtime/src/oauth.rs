//! OAuth token providers: Zoom Server-to-Server OAuth and the Zoho refresh-token
//! flow. Both cache the token, refresh it shortly before it expires, and let
//! only one refresh run at a time however many requests wait for it.

use std::fmt;
use std::future::Future;
use std::sync::Mutex as SyncMutex;
use std::time::{Duration, Instant};

use serde::Deserialize;
use tokio::sync::Mutex;

use crate::auth::{Secret, TokenFuture, TokenProvider};
use crate::error::AuthError;

/// A token is refreshed this long before it expires.
const REFRESH_MARGIN: Duration = Duration::from_secs(60);

/// The default lifetime when a token endpoint does not say.
const DEFAULT_LIFETIME: Duration = Duration::from_secs(3600);

#[derive(Clone)]
struct Cached {
    token: Secret,
    expires_at: Instant,
}

/// What a token endpoint returned.
struct Fetched {
    token: Secret,
    lifetime: Duration,
}

impl From<TokenResponse> for Fetched {
    fn from(response: TokenResponse) -> Self {
        Fetched {
            token: Secret::new(response.access_token.unwrap_or_default()),
            lifetime: response.expires_in.map_or(DEFAULT_LIFETIME, Duration::from_secs),
        }
    }
}

/// A cached token behind an async lock: whoever finds it stale refreshes it
/// while the others wait for the result.
#[derive(Default)]
struct TokenCache {
    state: Mutex<Option<Cached>>,
}

impl TokenCache {
    async fn get<F, Fut>(&self, fetch: F) -> Result<Secret, AuthError>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<Fetched, AuthError>>,
    {
        let mut state = self.state.lock().await;
        if let Some(cached) = state.as_ref() {
            if Instant::now() + REFRESH_MARGIN < cached.expires_at {
                return Ok(cached.token.clone());
            }
        }
        let fetched = fetch().await?;
        let cached = Cached { token: fetched.token, expires_at: Instant::now() + fetched.lifetime };
        let token = cached.token.clone();
        *state = Some(cached);
        Ok(token)
    }

    fn invalidate(&self, stale: &Secret) -> bool {
        // If a refresh is running, the next request gets its result anyway.
        if let Ok(mut state) = self.state.try_lock() {
            if state.as_ref().is_some_and(|c| &c.token == stale) {
                *state = None;
            }
        }
        true
    }
}

#[derive(Deserialize)]
struct TokenResponse {
    access_token: Option<String>,
    expires_in: Option<u64>,
    api_domain: Option<String>,
    error: Option<String>,
}

/// Posts to a token endpoint and reads the JSON answer.
async fn request_token(request: reqwest::RequestBuilder, what: &str) -> Result<TokenResponse, AuthError> {
    let response = request.send().await.map_err(|e| AuthError::new(format!("{what}: token request failed: {e}")))?;
    let status = response.status();
    let body = response.bytes().await.map_err(|e| AuthError::new(format!("{what}: token response failed: {e}")))?;
    let parsed: Option<TokenResponse> = serde_json::from_slice(&body).ok();
    match parsed {
        Some(TokenResponse { error: Some(error), .. }) => {
            Err(AuthError::new(format!("{what}: the token endpoint answered HTTP {status} with error `{error}`")))
        }
        Some(token) if status.is_success() && token.access_token.is_some() => Ok(token),
        _ => Err(AuthError::new(format!("{what}: the token endpoint answered HTTP {status} without an access token"))),
    }
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
    account_id: String,
    client_id: String,
    client_secret: Secret,
    token_url: String,
    http: reqwest::Client,
    cache: TokenCache,
}

impl fmt::Debug for ZoomServerToServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ZoomServerToServer")
            .field("account_id", &self.account_id)
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret)
            .field("token_url", &self.token_url)
            .finish()
    }
}

impl ZoomServerToServer {
    /// Zoom's token endpoint.
    pub const DEFAULT_TOKEN_URL: &'static str = "https://zoom.us/oauth/token";

    /// A provider for the app with these credentials.
    pub fn new(account_id: impl Into<String>, client_id: impl Into<String>, client_secret: impl Into<Secret>) -> Self {
        ZoomServerToServer {
            account_id: account_id.into(),
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            token_url: Self::DEFAULT_TOKEN_URL.to_owned(),
            http: http(),
            cache: TokenCache::default(),
        }
    }

    /// Uses another token endpoint (HTTPS, or HTTP to loopback for tests).
    pub fn token_url(mut self, url: impl Into<String>) -> Self {
        self.token_url = url.into();
        self
    }

    async fn fetch(&self) -> Result<Fetched, AuthError> {
        let mut url = check_endpoint(&self.token_url)?;
        url.query_pairs_mut()
            .append_pair("grant_type", "account_credentials")
            .append_pair("account_id", &self.account_id);
        let request = self.http.post(url).basic_auth(&self.client_id, Some(self.client_secret.expose()));
        let token = request_token(request, "Zoom Server-to-Server OAuth").await?;
        Ok(Fetched::from(token))
    }
}

impl TokenProvider for ZoomServerToServer {
    fn token(&self) -> TokenFuture<'_> {
        Box::pin(self.cache.get(|| self.fetch()))
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
    refresh_token: Secret,
    client_id: String,
    client_secret: Secret,
    accounts_url: String,
    http: reqwest::Client,
    cache: TokenCache,
    api_domain: SyncMutex<Option<String>>,
}

impl fmt::Debug for ZohoRefreshToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ZohoRefreshToken")
            .field("refresh_token", &self.refresh_token)
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret)
            .field("accounts_url", &self.accounts_url)
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
        ZohoRefreshToken {
            refresh_token: refresh_token.into(),
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            accounts_url: data_center.accounts_url().to_owned(),
            http: http(),
            cache: TokenCache::default(),
            api_domain: SyncMutex::new(None),
        }
    }

    /// Uses another accounts server (HTTPS, or HTTP to loopback for tests).
    pub fn accounts_url(mut self, url: impl Into<String>) -> Self {
        self.accounts_url = url.into();
        self
    }

    async fn fetch(&self) -> Result<Fetched, AuthError> {
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
        Ok(Fetched::from(token))
    }
}

impl TokenProvider for ZohoRefreshToken {
    fn token(&self) -> TokenFuture<'_> {
        Box::pin(self.cache.get(|| self.fetch()))
    }

    fn invalidate(&self, stale: &Secret) -> bool {
        self.cache.invalidate(stale)
    }

    fn server_variable(&self, name: &str) -> Option<String> {
        if name == "api-domain" {
            self.api_domain.lock().ok().and_then(|d| d.clone())
        } else {
            None
        }
    }
}
