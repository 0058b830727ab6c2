//! OpenID Connect discovery (OpenID Connect Discovery 1.0 §4): the
//! provider's endpoints from its configuration document, as the source of
//! the OAuth 2 grants.

use serde_json::Value;

use super::{check_endpoint, http, read_answer, AuthorizationCode, ClientCredentials, DeviceCode, PasswordGrant};
use crate::auth::Secret;
use crate::error::AuthError;

const WHAT: &str = "OpenID Connect discovery";
const WELL_KNOWN: &str = "/.well-known/openid-configuration";

/// A provider's endpoints, as its discovery document names them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenIdProvider {
    /// Who issues the tokens.
    pub issuer: String,
    /// Where the user approves.
    pub authorization_endpoint: Option<String>,
    /// Where tokens come from.
    pub token_endpoint: Option<String>,
    /// Where a device asks for its user code.
    pub device_authorization_endpoint: Option<String>,
}

impl OpenIdProvider {
    /// Reads the discovery document at `url` (HTTPS, or HTTP to loopback
    /// for tests). A URL that ends in `/.well-known/openid-configuration`
    /// must name the issuer it starts with, so that one provider cannot
    /// pass for another.
    pub async fn discover(url: &str) -> Result<Self, AuthError> {
        let endpoint = check_endpoint(url)?;
        let (status, body) = read_answer(http().get(endpoint), WHAT).await?;
        let provider = parse(status, &body).map_err(|reason| AuthError::new(format!("{WHAT}: {reason}")))?;
        if let Some(expected) = url.strip_suffix(WELL_KNOWN) {
            if provider.issuer.trim_end_matches('/') != expected.trim_end_matches('/') {
                return Err(AuthError::new(format!(
                    "{WHAT}: the document names the issuer `{}`, not `{expected}`",
                    provider.issuer
                )));
            }
        }
        Ok(provider)
    }

    /// The client credentials grant at the token endpoint.
    pub fn client_credentials(
        &self,
        client_id: impl Into<String>,
        client_secret: impl Into<Secret>,
    ) -> Result<ClientCredentials, AuthError> {
        Ok(ClientCredentials::new(self.endpoint(&self.token_endpoint, "token_endpoint")?, client_id, client_secret))
    }

    /// The authorization code grant with PKCE at the provider's endpoints.
    pub fn authorization_code(
        &self,
        client_id: impl Into<String>,
        client_secret: Option<Secret>,
        redirect_url: impl Into<String>,
    ) -> Result<AuthorizationCode, AuthError> {
        Ok(AuthorizationCode::new(
            self.endpoint(&self.authorization_endpoint, "authorization_endpoint")?,
            self.endpoint(&self.token_endpoint, "token_endpoint")?,
            client_id,
            client_secret,
            redirect_url,
        ))
    }

    /// The device code grant at the provider's endpoints.
    pub fn device_code(
        &self,
        client_id: impl Into<String>,
        client_secret: Option<Secret>,
    ) -> Result<DeviceCode, AuthError> {
        Ok(DeviceCode::new(
            self.endpoint(&self.device_authorization_endpoint, "device_authorization_endpoint")?,
            self.endpoint(&self.token_endpoint, "token_endpoint")?,
            client_id,
            client_secret,
        ))
    }

    /// The password grant of the user `username` at the token endpoint.
    pub fn password(
        &self,
        username: impl Into<String>,
        password: impl Into<Secret>,
        client_id: impl Into<String>,
        client_secret: Option<Secret>,
    ) -> Result<PasswordGrant, AuthError> {
        let token_url = self.endpoint(&self.token_endpoint, "token_endpoint")?;
        Ok(PasswordGrant::new(token_url, username, password, client_id, client_secret))
    }

    fn endpoint(&self, endpoint: &Option<String>, name: &str) -> Result<String, AuthError> {
        endpoint.clone().ok_or_else(|| AuthError::new(format!("{WHAT}: `{}` names no `{name}`", self.issuer)))
    }
}

/// Reads a discovery document: the issuer and each endpoint a usable URL
/// for credentials.
fn parse(status: reqwest::StatusCode, body: &[u8]) -> Result<OpenIdProvider, String> {
    let answered = format!("the discovery endpoint answered HTTP {status}");
    if !status.is_success() {
        return Err(answered);
    }
    let json: serde_json::Map<String, Value> =
        serde_json::from_slice(body).map_err(|_| format!("{answered} with a body that is not a JSON object"))?;
    let url = |key: &str| -> Result<Option<String>, String> {
        match json.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(url)) => match check_endpoint(url) {
                Ok(_) => Ok(Some(url.clone())),
                Err(e) => Err(format!("{answered} with `{key}`: {e}")),
            },
            Some(_) => Err(format!("{answered} with a `{key}` that is not a string")),
        }
    };
    Ok(OpenIdProvider {
        issuer: url("issuer")?.ok_or_else(|| format!("{answered} without `issuer`"))?,
        authorization_endpoint: url("authorization_endpoint")?,
        token_endpoint: url("token_endpoint")?,
        device_authorization_endpoint: url("device_authorization_endpoint")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn discovery_documents_are_checked() {
        let ok = reqwest::StatusCode::OK;
        let parsed = parse(
            ok,
            br#"{"issuer":"https://id.example.com","token_endpoint":"https://id.example.com/token","jwks_uri":"x"}"#,
        )
        .unwrap();
        assert_eq!(parsed.token_endpoint.as_deref(), Some("https://id.example.com/token"));
        assert!(parsed.device_code("c", None).unwrap_err().to_string().contains("device_authorization_endpoint"));
        for (body, reason) in [
            (&br#"{"token_endpoint":"https://id.example.com/token"}"#[..], "without `issuer`"),
            (br#"{"issuer":"https://i","token_endpoint":"http://evil.example/token"}"#, "must use https"),
            (br#"{"issuer":"https://i","token_endpoint":7}"#, "not a string"),
            (b"[]", "not a JSON object"),
        ] {
            let err = parse(ok, body).unwrap_err();
            assert!(err.contains(reason), "{err}");
        }
        assert!(parse(reqwest::StatusCode::NOT_FOUND, b"{}").unwrap_err().contains("404"));
    }
}
