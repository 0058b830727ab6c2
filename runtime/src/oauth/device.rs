//! OAuth 2's device authorization grant (RFC 8628): for a client without a
//! browser, the user approves on another device with a short code while the
//! client polls the token endpoint.

use std::fmt;
use std::time::{Duration, Instant};

use serde_json::Value;

use super::{check_endpoint, http, parse_token_response, read_answer, ClientAuth, RefreshToken, Tokens};
use crate::auth::Secret;
use crate::error::AuthError;

/// RFC 8628 §3.5: the poll interval when the server names none.
const DEFAULT_INTERVAL: Duration = Duration::from_secs(5);
/// The shortest interval believed: a server that says `0` is not hammered.
const MIN_INTERVAL: Duration = Duration::from_secs(1);
/// The longest interval believed, and the most `slow_down` may reach.
const MAX_INTERVAL: Duration = Duration::from_secs(60);
/// The longest wait for the user believed, whatever `expires_in` says.
const MAX_WAIT: Duration = Duration::from_secs(30 * 60);

const WHAT: &str = "OAuth 2 device code";

/// The device flow of the client `client_id` with the server's device
/// authorization and token endpoints.
#[derive(Debug, Clone)]
pub struct DeviceCode {
    device_url: String,
    token_url: String,
    client: ClientAuth,
    http: reqwest::Client,
}

/// A device authorization in progress: what to show the user, and what
/// [`DeviceCode::finish`] needs.
pub struct DeviceAuthorization {
    /// The code the user enters.
    pub user_code: String,
    /// Where the user enters it.
    pub verification_uri: String,
    /// The address with the code already in it, when the server gives one.
    pub verification_uri_complete: Option<String>,
    /// How long the user has.
    pub expires_in: Duration,
    device_code: Secret,
    interval: Duration,
    deadline: Instant,
}

impl fmt::Debug for DeviceAuthorization {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DeviceAuthorization")
            .field("user_code", &self.user_code)
            .field("verification_uri", &self.verification_uri)
            .field("expires_in", &self.expires_in)
            .finish_non_exhaustive()
    }
}

/// What one poll of the token endpoint says.
#[derive(Debug)]
enum Poll {
    /// The user has not answered yet.
    Pending,
    /// Poll less often (RFC 8628 §3.5: five seconds more).
    SlowDown,
    /// The tokens.
    Done(Tokens),
}

impl DeviceCode {
    /// The flow of the client `client_id` (a public client has no secret).
    pub fn new(
        device_url: impl Into<String>,
        token_url: impl Into<String>,
        client_id: impl Into<String>,
        client_secret: Option<Secret>,
    ) -> Self {
        DeviceCode {
            device_url: device_url.into(),
            token_url: token_url.into(),
            client: ClientAuth { client_id: client_id.into(), client_secret, in_body: false },
            http: http(),
        }
    }

    /// Asks for a user code for `scopes`: show the user its
    /// `verification_uri` and `user_code`, then call [`DeviceCode::finish`].
    pub async fn start(&self, scopes: &[&str]) -> Result<DeviceAuthorization, AuthError> {
        let url = check_endpoint(&self.device_url)?;
        let mut form = vec![("client_id", self.client.client_id.clone())];
        if !scopes.is_empty() {
            form.push(("scope", scopes.join(" ")));
        }
        // A public client names itself in the body; a confidential one also
        // authenticates as configured.
        let request = match self.client.client_secret {
            Some(_) => self.client.post(&self.http, url, form.split_off(1)),
            None => self.http.post(url).form(&form),
        };
        let (status, body) = read_answer(request, WHAT).await?;
        parse_authorization(status, &body).map_err(|reason| AuthError::new(format!("{WHAT}: {reason}")))
    }

    /// Polls the token endpoint at the interval the server asks until the
    /// user approves (the tokens), denies, or lets the code expire (an error
    /// each).
    pub async fn finish(&self, authorization: &DeviceAuthorization) -> Result<Tokens, AuthError> {
        let mut interval = authorization.interval;
        loop {
            if Instant::now() + interval > authorization.deadline {
                return Err(AuthError::new(format!("{WHAT}: the user did not approve before the code expired")));
            }
            tokio::time::sleep(interval).await;
            let form = vec![
                ("grant_type", "urn:ietf:params:oauth:grant-type:device_code".to_owned()),
                ("device_code", authorization.device_code.expose().to_owned()),
            ];
            let request = self.client.post(&self.http, check_endpoint(&self.token_url)?, form);
            let (status, body) = read_answer(request, WHAT).await?;
            match parse_poll(status, &body).map_err(|reason| AuthError::new(format!("{WHAT}: {reason}")))? {
                Poll::Pending => {}
                Poll::SlowDown => interval = (interval + Duration::from_secs(5)).min(MAX_INTERVAL),
                Poll::Done(tokens) => return Ok(tokens),
            }
        }
    }

    /// A provider that keeps the access token fresh from `tokens`' refresh
    /// token (`None` without one), with this flow's client and endpoint.
    pub fn refresher(&self, tokens: &Tokens) -> Option<RefreshToken> {
        RefreshToken::seeded(&self.token_url, &self.client, tokens)
    }
}

/// Reads the device authorization response (RFC 8628 §3.2).
fn parse_authorization(status: reqwest::StatusCode, body: &[u8]) -> Result<DeviceAuthorization, String> {
    let answered = format!("the device endpoint answered HTTP {status}");
    let json: serde_json::Map<String, Value> = match serde_json::from_slice(body) {
        Ok(json) => json,
        Err(_) if !status.is_success() => return Err(answered),
        Err(_) => return Err(format!("{answered} with a body that is not a JSON object")),
    };
    if let Some(error) = json.get("error") {
        return Err(format!(
            "{answered} with error `{}`",
            error.as_str().map_or_else(|| error.to_string(), str::to_owned)
        ));
    }
    if !status.is_success() {
        return Err(answered);
    }
    let text = |key: &str| -> Result<Option<String>, String> {
        match json.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) if !s.trim().is_empty() && !s.chars().any(char::is_control) => Ok(Some(s.clone())),
            Some(_) => Err(format!("{answered} with a `{key}` that is not a usable string")),
        }
    };
    let required = |key: &str| text(key)?.ok_or_else(|| format!("{answered} without `{key}`"));
    let seconds = |key: &str| -> Result<Option<u64>, String> {
        match json.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) => n.as_u64().map(Some).ok_or_else(|| format!("{answered} with `{key}` {n}")),
            Some(other) => Err(format!("{answered} with `{key}` {other}, not a whole number of seconds")),
        }
    };
    // Some servers spell it `verification_url` (before the RFC).
    let verification_uri = match text("verification_uri")? {
        Some(uri) => uri,
        None => required("verification_url")?,
    };
    let expires_in =
        Duration::from_secs(seconds("expires_in")?.ok_or_else(|| format!("{answered} without `expires_in`"))?)
            .min(MAX_WAIT);
    let interval = seconds("interval")?.map_or(DEFAULT_INTERVAL, Duration::from_secs).clamp(MIN_INTERVAL, MAX_INTERVAL);
    Ok(DeviceAuthorization {
        device_code: Secret::new(required("device_code")?),
        user_code: required("user_code")?,
        verification_uri,
        verification_uri_complete: text("verification_uri_complete")?,
        expires_in,
        interval,
        deadline: Instant::now() + expires_in,
    })
}

/// Reads one poll's answer (RFC 8628 §3.5): pending, slow down, the
/// tokens, or why the authorization failed.
fn parse_poll(status: reqwest::StatusCode, body: &[u8]) -> Result<Poll, String> {
    let error =
        serde_json::from_slice::<Value>(body).ok().and_then(|json| json.get("error")?.as_str().map(str::to_owned));
    match error.as_deref() {
        Some("authorization_pending") => Ok(Poll::Pending),
        Some("slow_down") => Ok(Poll::SlowDown),
        Some("access_denied") => Err("the user denied the authorization".to_owned()),
        Some("expired_token") => Err("the device code expired before the user approved".to_owned()),
        _ => {
            let fetched = parse_token_response(status, body)?;
            Ok(Poll::Done(Tokens {
                access_token: fetched.token,
                refresh_token: fetched.refresh_token,
                expires_in: fetched.lifetime,
            }))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authorization_answers_are_checked_and_bounded() {
        let ok = reqwest::StatusCode::OK;
        let parsed = parse_authorization(
            ok,
            br#"{"device_code":"d","user_code":"WDJB-MJHT","verification_uri":"https://example.com/device","expires_in":99999,"interval":0}"#,
        )
        .unwrap();
        assert_eq!(parsed.user_code, "WDJB-MJHT");
        assert_eq!(parsed.expires_in, MAX_WAIT);
        assert_eq!(parsed.interval, MIN_INTERVAL);
        let google = br#"{"device_code":"d","user_code":"u","verification_url":"https://g.co/device","expires_in":5}"#;
        let parsed = parse_authorization(ok, google).unwrap();
        assert_eq!((parsed.verification_uri.as_str(), parsed.interval), ("https://g.co/device", DEFAULT_INTERVAL));
        for (body, reason) in [
            (&br#"{"user_code":"u","verification_uri":"v","expires_in":5}"#[..], "without `device_code`"),
            (br#"{"device_code":"d","user_code":"u","verification_uri":"v"}"#, "without `expires_in`"),
            (br#"{"device_code":"d","user_code":"u","verification_uri":"v","expires_in":-1}"#, "`expires_in` -1"),
            (br#"{"device_code":"d","user_code":"a\nb","verification_uri":"v","expires_in":5}"#, "`user_code`"),
            (br#"{"error":"invalid_client"}"#, "`invalid_client`"),
            (b"<html>", "not a JSON object"),
        ] {
            let err = parse_authorization(ok, body).unwrap_err();
            assert!(err.contains(reason), "{err}");
        }
    }

    #[test]
    fn polls_tell_pending_slow_down_refusals_and_tokens_apart() {
        let bad = reqwest::StatusCode::BAD_REQUEST;
        assert!(matches!(parse_poll(bad, br#"{"error":"authorization_pending"}"#), Ok(Poll::Pending)));
        assert!(matches!(parse_poll(bad, br#"{"error":"slow_down"}"#), Ok(Poll::SlowDown)));
        assert!(parse_poll(bad, br#"{"error":"access_denied"}"#).unwrap_err().contains("denied"));
        assert!(parse_poll(bad, br#"{"error":"expired_token"}"#).unwrap_err().contains("expired"));
        assert!(parse_poll(bad, br#"{"error":"invalid_grant"}"#).unwrap_err().contains("`invalid_grant`"));
        let done = parse_poll(reqwest::StatusCode::OK, br#"{"access_token":"a","refresh_token":"r"}"#).unwrap();
        assert!(matches!(done, Poll::Done(Tokens { refresh_token: Some(_), .. })));
    }
}
