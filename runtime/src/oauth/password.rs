//! OAuth 2's resource owner password credentials grant (RFC 6749 §4.3):
//! tokens for a user from their name and password, for the first-party
//! clients of APIs that still offer it (OAuth 2.1 drops it).

use std::fmt;
use std::sync::{Arc, Mutex as SyncMutex};

use super::{http, poisoned, ClientAuth, Fetched, TokenCache};
use crate::auth::Secret;
use crate::error::AuthError;

const WHAT: &str = "OAuth 2 password";

/// The password grant of the user `username` through the client
/// `client_id`. While the endpoint gives a refresh token, an expired access
/// token is renewed with it; without one, or when the endpoint refuses it,
/// the password grant runs again.
pub struct PasswordGrant {
    config: Arc<PasswordConfig>,
    cache: Arc<TokenCache>,
}

#[derive(Clone)]
struct PasswordConfig {
    token_url: String,
    client: ClientAuth,
    username: String,
    password: Secret,
    scopes: Vec<String>,
    /// The last refresh token the endpoint gave.
    refresh_token: Arc<SyncMutex<Option<Secret>>>,
    http: reqwest::Client,
}

impl fmt::Debug for PasswordGrant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PasswordGrant")
            .field("token_url", &self.config.token_url)
            .field("client", &self.config.client)
            .field("username", &self.config.username)
            .field("password", &self.config.password)
            .field("scopes", &self.config.scopes)
            .finish_non_exhaustive()
    }
}

impl PasswordGrant {
    /// A provider for the user with this name and password, through the
    /// client `client_id` (a public client has no secret), from the token
    /// endpoint `token_url` (HTTPS, or HTTP to loopback for tests).
    pub fn new(
        token_url: impl Into<String>,
        username: impl Into<String>,
        password: impl Into<Secret>,
        client_id: impl Into<String>,
        client_secret: Option<Secret>,
    ) -> Self {
        let config = PasswordConfig {
            token_url: token_url.into(),
            client: ClientAuth { client_id: client_id.into(), client_secret, in_body: false },
            username: username.into(),
            password: password.into(),
            scopes: Vec::new(),
            refresh_token: Arc::default(),
            http: http(),
        };
        PasswordGrant { config: Arc::new(config), cache: Arc::default() }
    }
}

impl PasswordConfig {
    async fn fetch(self: Arc<Self>) -> Result<Fetched, AuthError> {
        let refresh = self.refresh_token.lock().map_err(|_| poisoned())?.clone();
        if let Some(refresh) = refresh {
            // A refresh token that expired or was revoked falls back to the
            // password, which still holds.
            if let Ok(fetched) = self.grant("refresh_token", vec![("refresh_token", refresh.expose().to_owned())]).await
            {
                // An answer without a new refresh token keeps the old one.
                if let (Some(rotated), Ok(mut slot)) = (fetched.refresh_token.clone(), self.refresh_token.lock()) {
                    *slot = Some(rotated);
                }
                return Ok(fetched);
            }
        }
        let form = vec![("username", self.username.clone()), ("password", self.password.expose().to_owned())];
        let fetched = self.grant("password", form).await?;
        if let Ok(mut slot) = self.refresh_token.lock() {
            *slot = fetched.refresh_token.clone();
        }
        Ok(fetched)
    }

    async fn grant(&self, grant_type: &str, params: Vec<(&str, String)>) -> Result<Fetched, AuthError> {
        let mut form = vec![("grant_type", grant_type.to_owned())];
        form.extend(params);
        self.client.request(&self.http, &self.token_url, form, &self.scopes, WHAT).await
    }
}

super::grant_provider!(PasswordGrant);
