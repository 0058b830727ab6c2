//! Access tokens: a redacting secret type and the provider trait that auth flows implement.

use std::fmt;
use std::future::Future;
use std::pin::Pin;

use crate::error::AuthError;

/// A secret string (token, client secret). `Debug` and `Display` never show it.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret itself, for the one place that must send it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(\"***\")")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret(value.to_owned())
    }
}

/// The future a [`TokenProvider`] returns.
pub type TokenFuture<'a> = Pin<Box<dyn Future<Output = Result<Secret, AuthError>> + Send + 'a>>;

/// Supplies the access token for each request. Implementations may cache and
/// refresh; the client asks once per attempt.
pub trait TokenProvider: Send + Sync + 'static {
    /// The token to send now.
    fn token(&self) -> TokenFuture<'_>;

    /// The API refused `stale` as invalid or expired: forget it if it is still
    /// the cached one. Returns whether asking again can give a different token
    /// (then the request is sent once more).
    fn invalidate(&self, stale: &Secret) -> bool {
        let _ = stale;
        false
    }

    /// A server variable the provider learned, such as the `api-domain` that
    /// Zoho's token endpoint returns; used when the caller did not set it.
    fn server_variable(&self, name: &str) -> Option<String> {
        let _ = name;
        None
    }
}

/// A token that never changes, such as one pasted from a developer console.
#[derive(Debug, Clone)]
pub struct StaticToken(Secret);

impl StaticToken {
    /// Wraps a fixed token.
    pub fn new(token: impl Into<Secret>) -> Self {
        StaticToken(token.into())
    }
}

impl TokenProvider for StaticToken {
    fn token(&self) -> TokenFuture<'_> {
        let token = self.0.clone();
        Box::pin(async move { Ok(token) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_redacted() {
        let secret = Secret::new("hunter2");
        assert_eq!(format!("{secret:?}"), "Secret(\"***\")");
        assert_eq!(format!("{secret}"), "***");
        assert!(!format!("{:?}", StaticToken::new("hunter2")).contains("hunter2"));
        assert_eq!(secret.expose(), "hunter2");
    }
}
