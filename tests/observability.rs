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
