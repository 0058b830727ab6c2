//! Auth flows, retries, redirects and faults of the generated clients, against
//! real HTTP servers on 127.0.0.1.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{clip, fast_retries, single_request, zoom_client, TOKEN};
use serde_json::json;
use specgen_clients::runtime::{Error, FilePart, RetryPolicy, ZohoDataCenter, ZohoRefreshToken, ZoomServerToServer};
use specgen_clients::{zoho_crm, zoom};
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// Answers with each response in turn, then repeats the last.
struct Sequence(Vec<ResponseTemplate>, AtomicUsize);

impl Respond for Sequence {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let i = self.1.fetch_add(1, Ordering::SeqCst).min(self.0.len() - 1);
        self.0[i].clone()
    }
}

fn sequence(responses: Vec<ResponseTemplate>) -> Sequence {
    Sequence(responses, AtomicUsize::new(0))
}

fn zoom_with(server: &MockServer, f: impl FnOnce(zoom::ClientBuilder) -> zoom::ClientBuilder) -> zoom::Client {
    f(common::zoom_builder(server)).build().unwrap()
}

// ---- auth -------------------------------------------------------------------

#[tokio::test]
async fn zoom_server_to_server_token_is_fetched_cached_and_sent() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .and(query_param("grant_type", "account_credentials"))
        .and(query_param("account_id", "acc-1"))
        // base64("client:secret")
        .and(header("authorization", "Basic Y2xpZW50OnNlY3JldA=="))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({ "access_token": "s2s-token", "token_type": "bearer", "expires_in": 3599 })),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/clips/c1"))
        .and(header("authorization", "Bearer s2s-token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(clip()))
        .expect(3)
        .mount(&server)
        .await;
    let provider =
        ZoomServerToServer::new("acc-1", "client", "secret").token_url(format!("{}/oauth/token", server.uri()));
    assert!(!format!("{provider:?}").contains("secret\""), "{provider:?}");
    let client = zoom_with(&server, |b| b.token_provider(provider));
    for _ in 0..3 {
        client.get_clip("c1").send().await.unwrap();
    }
}

#[tokio::test]
async fn tokens_near_expiry_are_refreshed() {
    let server = MockServer::start().await;
    // 30 s of life is inside the refresh margin: every request needs a new token.
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "access_token": "short", "expires_in": 30 })))
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(clip())).mount(&server).await;
    let provider = ZoomServerToServer::new("a", "c", "s").token_url(format!("{}/oauth/token", server.uri()));
    let client = zoom_with(&server, |b| b.token_provider(provider));
    client.get_clip("c1").send().await.unwrap();
    client.get_clip("c1").send().await.unwrap();
}

#[tokio::test]
async fn fifty_concurrent_calls_fetch_one_token() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({ "access_token": "shared", "expires_in": 3600 }))
                .set_delay(Duration::from_millis(200)),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(header("authorization", "Bearer shared"))
        .respond_with(ResponseTemplate::new(200).set_body_json(clip()))
        .expect(50)
        .mount(&server)
        .await;
    let provider = ZoomServerToServer::new("a", "c", "s").token_url(format!("{}/oauth/token", server.uri()));
    let client = zoom_with(&server, |b| b.token_provider(provider));
    let calls = (0..50).map(|i| {
        let client = client.clone();
        tokio::spawn(async move { client.get_clip(format!("c{i}")).send().await })
    });
    for result in futures_util::future::join_all(calls).await {
        result.unwrap().unwrap();
    }
}

#[tokio::test]
async fn a_rejected_token_is_refreshed_once_and_the_call_repeated() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(sequence(vec![
            ResponseTemplate::new(200).set_body_json(json!({ "access_token": "old", "expires_in": 3600 })),
            ResponseTemplate::new(200).set_body_json(json!({ "access_token": "new", "expires_in": 3600 })),
        ]))
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(header("authorization", "Bearer old"))
        .respond_with(
            ResponseTemplate::new(401).set_body_json(json!({ "code": 124, "message": "Invalid access token." })),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(header("authorization", "Bearer new"))
        .respond_with(ResponseTemplate::new(200).set_body_json(clip()))
        .expect(1)
        .mount(&server)
        .await;
    let provider = ZoomServerToServer::new("a", "c", "s").token_url(format!("{}/oauth/token", server.uri()));
    let client = zoom_with(&server, |b| b.token_provider(provider));
    client.get_clip("c1").send().await.unwrap();
}

#[tokio::test]
async fn a_401_for_scopes_is_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401).set_body_json(
            json!({ "code": "OAUTH_SCOPE_MISMATCH", "message": "invalid oauth scope to access this URL" }),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let client = zoom_client(&server);
    assert!(matches!(client.get_clip("c").send().await, Err(Error::Api(_))));
}

#[tokio::test]
async fn zoho_refresh_token_flow_uses_the_returned_api_domain() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/v2/token"))
        .and(wiremock::matchers::body_string_contains("grant_type=refresh_token"))
        .and(wiremock::matchers::body_string_contains("refresh_token=1000.refresh"))
        .and(wiremock::matchers::body_string_contains("client_id=cid"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "access_token": "1000.access",
            "api_domain": server.uri(),
            "token_type": "Bearer",
            "expires_in": 3600
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/crm/v2/Leads/1/photo"))
        .and(header("authorization", "Zoho-oauthtoken 1000.access"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({ "code": "SUCCESS", "status": "success", "message": "ok", "details": {} })),
        )
        .expect(1)
        .mount(&server)
        .await;
    let provider =
        ZohoRefreshToken::new(ZohoDataCenter::Eu, "1000.refresh", "cid", "csecret").accounts_url(server.uri());
    let debug = format!("{provider:?}");
    assert!(!debug.contains("1000.refresh") && !debug.contains("csecret"), "{debug}");
    // No api-domain set: the token response's api_domain is used, as it is a
    // host of the API (trusted here as the test's stand-in for www.zohoapis.eu).
    let crm = zoho_crm::Client::builder()
        .token_provider(provider)
        .danger_trust_origin_for_tests(server.uri())
        .build()
        .unwrap();
    crm.upload_record_photo("Leads", 1, FilePart::from_bytes(&b"png"[..], "a.png")).send().await.unwrap();
    assert_eq!(ZohoDataCenter::ComAu.accounts_url(), "https://accounts.zoho.com.au");
}

#[tokio::test]
async fn token_endpoint_errors_are_auth_errors() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "error": "invalid_code" })))
        .mount(&server)
        .await;
    let provider = ZohoRefreshToken::new(ZohoDataCenter::Com, "r", "c", "s").accounts_url(server.uri());
    let crm =
        zoho_crm::Client::builder().token_provider(provider).variable("api-domain", server.uri()).build().unwrap();
    let err = crm.upload_record_photo("Leads", 1, FilePart::from_bytes(&b"x"[..], "a.png")).send().await.unwrap_err();
    match err {
        Error::Auth(e) => assert_eq!(
            e.reason,
            "Zoho refresh token: the token endpoint answered HTTP 200 OK with error `invalid_code`"
        ),
        other => panic!("expected an auth error, got {other:?}"),
    }
}

// ---- retries ----------------------------------------------------------------

#[tokio::test]
async fn retry_after_is_honoured() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(sequence(vec![
            ResponseTemplate::new(429).insert_header("retry-after", "1"),
            ResponseTemplate::new(200).set_body_json(clip()),
        ]))
        .expect(2)
        .mount(&server)
        .await;
    let client = zoom_with(&server, |b| b.token(TOKEN).retry(fast_retries()));
    let started = Instant::now();
    client.get_clip("c1").send().await.unwrap();
    assert!(started.elapsed() >= Duration::from_secs(1), "waited {:?}", started.elapsed());
}

#[tokio::test]
async fn service_unavailable_twice_then_ok() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(sequence(vec![
            ResponseTemplate::new(503),
            ResponseTemplate::new(503),
            ResponseTemplate::new(200).set_body_json(clip()),
        ]))
        .expect(3)
        .mount(&server)
        .await;
    let client = zoom_with(&server, |b| b.token(TOKEN).retry(fast_retries()));
    client.get_clip("c1").send().await.unwrap();
}

#[tokio::test]
async fn attempts_are_bounded() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(502)).expect(3).mount(&server).await;
    let client = zoom_with(&server, |b| b.token(TOKEN).retry(fast_retries()));
    let err = client.get_clip("c1").send().await.unwrap_err();
    assert!(matches!(&err, Error::Api(e) if e.api_error().status == 502), "{err:?}");
}

#[tokio::test]
async fn post_is_not_retried_unless_asked() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(503)).expect(1).mount(&server).await;
    let client = zoom_with(&server, |b| b.token(TOKEN).retry(fast_retries()));
    let err = client.transfer_clips("a", "b", "FULL_TRANSFER").send().await.unwrap_err();
    assert!(matches!(&err, Error::Api(e) if e.api_error().status == 503), "{err:?}");

    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(sequence(vec![
            ResponseTemplate::new(503),
            ResponseTemplate::new(201).set_body_json(json!({ "task_id": "t" })),
        ]))
        .expect(2)
        .mount(&server)
        .await;
    let opted_in =
        zoom_with(&server, |b| b.token(TOKEN).retry(RetryPolicy { retry_non_idempotent: true, ..fast_retries() }));
    opted_in.transfer_clips("a", "b", "FULL_TRANSFER").send().await.unwrap();
}

#[tokio::test]
async fn uploads_from_a_path_are_replayed_and_readers_are_not() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(sequence(vec![
            ResponseTemplate::new(503),
            ResponseTemplate::new(201).set_body_json(json!({ "clip_id": "x" })),
        ]))
        .mount(&server)
        .await;
    let policy = RetryPolicy { retry_non_idempotent: true, ..fast_retries() };
    let client = zoom_with(&server, |b| b.token(TOKEN).retry(policy));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.mp4");
    std::fs::write(&file, b"video bytes").unwrap();
    client.upload_clip_file(FilePart::from_path(&file)).send().await.unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2);
    for request in &requests {
        assert_eq!(&common::parts(request).await[0].bytes[..], b"video bytes", "the file is sent whole both times");
    }

    // A reader cannot be read twice, so the 503 is the answer.
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(503)).expect(1).mount(&server).await;
    let client =
        zoom_with(&server, |b| b.token(TOKEN).retry(RetryPolicy { retry_non_idempotent: true, ..fast_retries() }));
    let reader = FilePart::from_reader(&b"streamed"[..], Some(8), "b.mp4");
    let err = client.upload_clip_file(reader).send().await.unwrap_err();
    assert!(matches!(&err, Error::Api(e) if e.api_error().status == 503), "{err:?}");
}

// ---- redirects --------------------------------------------------------------

#[tokio::test]
async fn upload_redirects_keep_the_token_only_for_the_apis_hosts() {
    let api = MockServer::start().await;
    let storage = MockServer::start().await;
    let stranger = MockServer::start().await;
    // The storage server, as `localhost`, is trusted as a host of the API; the
    // stranger is the same loopback host as the API on another port, which is
    // another origin and not a host of the API.
    let storage_origin = format!("http://localhost:{}", storage.address().port());
    Mock::given(method("POST"))
        .and(path("/clips/files"))
        .respond_with(ResponseTemplate::new(307).insert_header("location", format!("{storage_origin}/trusted")))
        .mount(&api)
        .await;
    Mock::given(method("POST"))
        .and(path("/trusted"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({ "clip_id": "kept" })))
        .expect(1)
        .mount(&storage)
        .await;
    let client = zoom_with(&api, |b| b.token(TOKEN).danger_trust_origin_for_tests(storage_origin.clone()));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.mp4");
    std::fs::write(&file, b"video").unwrap();
    let done = client.upload_clip_file(FilePart::from_path(&file)).send().await.unwrap();
    assert_eq!(done.clip_id.as_deref(), Some("kept"));
    let forwarded = single_request(&storage).await;
    assert!(String::from_utf8_lossy(&forwarded.body).contains("video"), "the body is sent again after a 307");

    // The same operation redirected to an origin that is not the API's: no token.
    let api = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/clips/files"))
        .respond_with(
            ResponseTemplate::new(307)
                .insert_header("location", format!("http://127.0.0.1:{}/elsewhere", stranger.address().port())),
        )
        .mount(&api)
        .await;
    Mock::given(method("POST"))
        .and(path("/elsewhere"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({ "clip_id": "x" })))
        .mount(&stranger)
        .await;
    let client = zoom_with(&api, |b| b.token(TOKEN).danger_trust_origin_for_tests(storage_origin.clone()));
    client.upload_clip_file(FilePart::from_path(&file)).send().await.unwrap();
    assert!(single_request(&api).await.headers.get("authorization").is_some());
    let elsewhere = single_request(&stranger).await;
    assert!(elsewhere.headers.get("authorization").is_none(), "no token to another origin");
}

#[tokio::test]
async fn downloads_do_not_carry_the_token_to_other_hosts() {
    let api = MockServer::start().await;
    let cdn = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/clips/c1/download"))
        .respond_with(
            ResponseTemplate::new(302)
                .insert_header("location", format!("http://localhost:{}/f.mp4?sig=abc", cdn.address().port())),
        )
        .mount(&api)
        .await;
    Mock::given(method("GET"))
        .and(path("/f.mp4"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(b"mp4".to_vec()))
        .mount(&cdn)
        .await;
    let cdn_origin = format!("http://localhost:{}", cdn.address().port());
    let client = zoom_with(&api, |b| b.token(TOKEN).danger_trust_origin_for_tests(cdn_origin));
    let bytes = client.download_clip("c1").send().await.unwrap().collect_bytes().await.unwrap();
    assert_eq!(&bytes[..], b"mp4");
    // The download operation does not keep the token on redirects, trusted host or not.
    assert!(single_request(&cdn).await.headers.get("authorization").is_none());
}

#[tokio::test]
async fn redirect_loops_end_with_an_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/clips/a"))
        .respond_with(ResponseTemplate::new(302).insert_header("location", "/clips/b"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/clips/b"))
        .respond_with(ResponseTemplate::new(302).insert_header("location", "/clips/a"))
        .mount(&server)
        .await;
    let err = zoom_client(&server).get_clip("a").send().await.unwrap_err();
    match err {
        Error::Redirect(reason) => assert!(reason.starts_with("redirect loop at http://127.0.0.1:"), "{reason}"),
        other => panic!("expected a redirect error, got {other:?}"),
    }
}

// ---- faults -----------------------------------------------------------------

#[tokio::test]
async fn a_slow_server_times_out() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(clip()).set_delay(Duration::from_secs(2)))
        .mount(&server)
        .await;
    let client =
        zoom_with(&server, |b| b.token(TOKEN).timeout(Some(Duration::from_millis(200))).retry(RetryPolicy::none()));
    let err = client.get_clip("c1").send().await.unwrap_err();
    assert!(matches!(err, Error::Timeout(_)), "{err:?}");
}

#[tokio::test]
async fn header_values_with_newlines_are_refused() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200)).expect(0).mount(&server).await;
    let client = zoom_with(&server, |b| b.token("abc\r\nX-Injected: 1"));
    let err = client.get_clip("c1").send().await.unwrap_err();
    assert!(matches!(&err, Error::Auth(e) if !e.reason.contains("abc")), "{err:?}");
}

#[tokio::test]
async fn truncated_and_reset_bodies_are_typed_errors() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    // A raw server: announces 100 bytes, sends 10, closes.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let hits = Arc::new(AtomicUsize::new(0));
    let counter = hits.clone();
    let task = tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            counter.fetch_add(1, Ordering::SeqCst);
            let mut buf = [0u8; 4096];
            let _ = socket.read(&mut buf).await;
            let _ = socket
                .write_all(
                    b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{\"title\":",
                )
                .await;
            drop(socket);
        }
    });
    let client = zoom::Client::builder()
        .token(TOKEN)
        .server_url(zoom::Server::Default, format!("http://{addr}"))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let err = client.get_clip("c1").send().await.unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert_eq!(hits.load(Ordering::SeqCst), 1);
    task.abort();
}

/// Each request asks for the media types its operation documents, and JSON
/// (less preferred) for its errors, instead of `*/*`.
#[tokio::test]
async fn the_accept_header_names_the_documented_media_types() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/clips/c1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(clip()))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/clips/c1/download"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(&b"v"[..]))
        .mount(&server)
        .await;
    Mock::given(method("DELETE")).and(path("/clips/c1")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let client = zoom_client(&server);
    client.get_clip("c1").send().await.unwrap();
    client.download_clip("c1").send().await.unwrap().collect_bytes().await.unwrap();
    client.delete_clip("c1").send().await.unwrap();
    let accepts: Vec<(String, String)> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| (r.url.path().to_owned(), r.headers.get("accept").unwrap().to_str().unwrap().to_owned()))
        .collect();
    assert_eq!(
        accepts,
        [
            ("/clips/c1".to_owned(), "application/json".to_owned()),
            ("/clips/c1/download".to_owned(), "application/octet-stream, application/json;q=0.5".to_owned()),
            ("/clips/c1".to_owned(), "application/json".to_owned()),
        ]
    );
}
