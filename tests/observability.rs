//! Tracing: one span per request with the operation, the path template (not
//! the filled path), status and attempt; no secret in any log line.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};

use serde_json::json;
use specgen_clients::runtime::ZoomServerToServer;
use specgen_clients::zoom;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn spans_name_the_operation_and_logs_hold_no_secret() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({ "access_token": "very-secret-access-token", "expires_in": 3600 })),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/clips/private-clip-7"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/clips/private-clip-7"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "clip_id": "private-clip-7" })))
        .mount(&server)
        .await;

    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let provider = ZoomServerToServer::new("acc", "client-id", "client-secret-value")
        .token_url(format!("{}/oauth/token", server.uri()));
    let client = zoom::Client::builder()
        .token_provider(provider)
        .server_url(zoom::Server::Default, server.uri())
        .retry(specgen_clients::runtime::RetryPolicy {
            initial_backoff: std::time::Duration::from_millis(5),
            ..Default::default()
        })
        .build()
        .unwrap();
    client.get_clip("private-clip-7").send().await.unwrap();
    tracing::info!(client = ?client, "done");

    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(logs.contains("operation=\"get_clip\""), "{logs}");
    assert!(logs.contains("path=\"/clips/{clipId}\""), "{logs}");
    assert!(logs.contains("status=200"), "{logs}");
    assert!(logs.contains("attempt=2"), "{logs}");
    for secret in ["very-secret-access-token", "client-secret-value", "private-clip-7"] {
        assert!(!logs.contains(secret), "`{secret}` leaked into the logs:\n{logs}");
    }
}

/// The other grants and credentials: a device code, its tokens, an
/// extension grant's assertion, API keys from a provider and Basic
/// passwords stay out of the logs, of `Debug` and of error text.
#[tokio::test]
async fn no_grant_or_credential_leaks_into_logs_debug_or_errors() {
    use specgen_clients::runtime::{ClientCredentials, DeviceCode, StaticToken};
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/device"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "device_code": "device-code-secret", "user_code": "WDJB-MJHT",
            "verification_uri": "https://example.com/device", "expires_in": 600, "interval": 1
        })))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "access_token": "access-token-secret", "refresh_token": "refresh-token-secret", "expires_in": 3600
        })))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/refused"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({"error": "invalid_client"})))
        .mount(&server)
        .await;

    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let device = DeviceCode::new(format!("{}/device", server.uri()), format!("{}/token", server.uri()), "tv", None);
    let authorization = device.start(&[]).await.unwrap();
    let tokens = device.finish(&authorization).await.unwrap();
    let extension = ClientCredentials::new(format!("{}/refused", server.uri()), "id", "client-secret-value")
        .grant("urn:ietf:params:oauth:grant-type:jwt-bearer", [("assertion", "assertion-secret")]);
    let refused = specgen_clients::runtime::TokenProvider::token(&extension).await.unwrap_err();
    let keys = zoom::Client::builder()
        .token("bearer-secret")
        .api_key_provider("token", StaticToken::new("provided-key-secret"))
        .build()
        .err();
    tracing::info!(?device, ?authorization, ?tokens, ?extension, ?keys, error = %refused, "done");

    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(logs.contains("WDJB-MJHT"), "what the user is shown is logged: {logs}");
    for secret in [
        "device-code-secret",
        "access-token-secret",
        "refresh-token-secret",
        "client-secret-value",
        "assertion-secret",
        "bearer-secret",
        "provided-key-secret",
    ] {
        assert!(!logs.contains(secret), "`{secret}` leaked:\n{logs}");
    }
}
