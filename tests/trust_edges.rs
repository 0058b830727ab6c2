//! Trust at the edges of the runtime: where the token may go, what may be sent
//! twice, how token endpoints are used, and what bounds reads and waits. Every
//! server is a real one on 127.0.0.1.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{clip, fast_retries, single_request, zoom_builder, TOKEN};
use futures_util::StreamExt;
use serde_json::json;
use specgen_clients::runtime::{
    self, AuthError, Error, FilePart, RetryPolicy, Secret, TimeoutKind, TokenFuture, TokenProvider, ZohoDataCenter,
    ZohoRefreshToken, ZoomServerToServer,
};
use specgen_clients::{zoho_crm, zoom};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// A port on 127.0.0.1 where nothing listens.
fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

/// Answers each token request with the next token of a list, counting them.
struct Tokens {
    names: Vec<&'static str>,
    served: Arc<AtomicUsize>,
    delay: Duration,
}

impl Respond for Tokens {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let i = self.served.fetch_add(1, Ordering::SeqCst).min(self.names.len() - 1);
        ResponseTemplate::new(200)
            .set_body_json(json!({ "access_token": self.names[i], "expires_in": 3600 }))
            .set_delay(self.delay)
    }
}

// ---- 1. the token stays with its origin ---------------------------------------

#[tokio::test]
async fn a_redirect_to_another_port_of_the_same_host_drops_the_token() {
    let api = MockServer::start().await;
    let other = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/clips/c1"))
        .respond_with(
            ResponseTemplate::new(302)
                .insert_header("location", format!("http://127.0.0.1:{}/clips/c1", other.address().port())),
        )
        .mount(&api)
        .await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(clip())).mount(&other).await;
    let client = zoom_builder(&api).token(TOKEN).build().unwrap();
    client.get_clip("c1").send().await.unwrap();
    assert!(single_request(&api).await.headers.get("authorization").is_some());
    assert!(single_request(&other).await.headers.get("authorization").is_none(), "127.0.0.1:P2 is another origin");
}

// ---- 2. nothing is sent twice unless it may be --------------------------------

#[tokio::test]
async fn a_post_whose_redirect_cannot_connect_is_not_sent_again() {
    let api = MockServer::start().await;
    let dead = closed_port();
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(307).insert_header("location", format!("http://127.0.0.1:{dead}/t")))
        .mount(&api)
        .await;
    let client = zoom_builder(&api).token(TOKEN).retry(fast_retries()).build().unwrap();
    let err = client.transfer_clips("a", "b", "FULL_TRANSFER").send().await.unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert_eq!(api.received_requests().await.unwrap().len(), 1, "the POST reached the API once");

    // A GET may be repeated: the same failure is retried up to the policy's attempts.
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(302).insert_header("location", format!("http://127.0.0.1:{dead}/c")))
        .mount(&api)
        .await;
    client.get_clip("c1").send().await.unwrap_err();
    let gets = api.received_requests().await.unwrap().iter().filter(|r| r.method.as_str() == "GET").count();
    assert_eq!(gets, 3);
}

#[tokio::test]
async fn a_post_that_cannot_connect_at_all_is_retried() {
    // Nothing reached a server, so even a POST may be tried again.
    let dead = closed_port();
    let client = zoom::Client::builder()
        .token(TOKEN)
        .server_url(zoom::Server::Default, format!("http://127.0.0.1:{dead}"))
        .retry(fast_retries())
        .build()
        .unwrap();
    let started = Instant::now();
    let err = client.transfer_clips("a", "b", "FULL_TRANSFER").send().await.unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert!(started.elapsed() >= Duration::from_millis(10), "it waited between attempts");
}

// ---- 3 and 10. one refresh, shared results, no hammering ---------------------

#[tokio::test]
async fn a_token_rejected_during_a_burst_is_replaced_once_for_everyone() {
    let server = MockServer::start().await;
    let served = Arc::new(AtomicUsize::new(0));
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(Tokens { names: vec!["old", "new"], served: served.clone(), delay: Duration::from_millis(200) })
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(header("authorization", "Bearer old"))
        .respond_with(
            ResponseTemplate::new(401).set_body_json(json!({ "code": 124, "message": "Invalid access token." })),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(header("authorization", "Bearer new"))
        .respond_with(ResponseTemplate::new(200).set_body_json(clip()))
        .mount(&server)
        .await;
    let provider = ZoomServerToServer::new("a", "c", "s").token_url(format!("{}/oauth/token", server.uri()));
    let client = zoom_builder(&server).token_provider(provider).build().unwrap();
    let calls = (0..100).map(|i| {
        let client = client.clone();
        tokio::spawn(async move { client.get_clip(format!("c{i}")).send().await })
    });
    let results = futures_util::future::join_all(calls).await;
    let ok = results.into_iter().filter(|r| matches!(r, Ok(Ok(_)))).count();
    assert_eq!(ok, 100, "every call succeeds with the replaced token");
    assert_eq!(served.load(Ordering::SeqCst), 2, "one fetch, one refresh");
}

#[tokio::test]
async fn a_failing_token_endpoint_is_asked_once_and_its_error_shared() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(500).set_delay(Duration::from_millis(300)))
        .expect(1)
        .mount(&server)
        .await;
    let provider = ZoomServerToServer::new("a", "c", "s").token_url(format!("{}/oauth/token", server.uri()));
    let client = zoom_builder(&server).token_provider(provider).build().unwrap();
    let started = Instant::now();
    let calls = (0..100).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.get_clip("c1").send().await })
    });
    for result in futures_util::future::join_all(calls).await {
        match result.unwrap() {
            Err(Error::Auth(e)) => {
                assert_eq!(
                    e.reason,
                    "Zoom Server-to-Server OAuth: the token endpoint answered HTTP 500 Internal Server Error"
                )
            }
            other => panic!("expected an auth error, got {other:?}"),
        }
    }
    assert!(started.elapsed() < Duration::from_secs(3), "all end with the one failure: {:?}", started.elapsed());
    // Right after, the failure is served from memory (a cooldown), not fetched again.
    assert!(matches!(client.get_clip("c1").send().await, Err(Error::Auth(_))));
}

#[tokio::test]
async fn a_silent_token_endpoint_is_bounded_by_the_callers_timeout() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(20)))
        .mount(&server)
        .await;
    let provider = ZoomServerToServer::new("a", "c", "s").token_url(format!("{}/oauth/token", server.uri()));
    let client =
        zoom_builder(&server).token_provider(provider).timeout(Some(Duration::from_millis(500))).build().unwrap();
    let started = Instant::now();
    let calls = (0..3).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.get_clip("c1").send().await })
    });
    for result in futures_util::future::join_all(calls).await {
        let err = result.unwrap().unwrap_err();
        assert!(matches!(&err, Error::Timeout(t) if t.kind == TimeoutKind::Deadline), "{err:?}");
    }
    assert!(started.elapsed() < Duration::from_secs(3), "all three end at the deadline: {:?}", started.elapsed());
    assert_eq!(server.received_requests().await.unwrap().len(), 1, "one fetch for the three callers");
}

// ---- 9. token-response oddities ------------------------------------------------

#[tokio::test]
async fn a_huge_expires_in_is_capped_and_an_empty_token_refused() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({ "access_token": "t", "expires_in": 18446744073709551615u64 })),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(clip())).mount(&server).await;
    let provider = ZoomServerToServer::new("a", "c", "s").token_url(format!("{}/oauth/token", server.uri()));
    let client = zoom_builder(&server).token_provider(provider).build().unwrap();
    for _ in 0..3 {
        client.get_clip("c1").send().await.unwrap();
    }

    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "access_token": "", "expires_in": 3600 })))
        .mount(&server)
        .await;
    let provider = ZoomServerToServer::new("a", "c", "s").token_url(format!("{}/oauth/token", server.uri()));
    let client = zoom_builder(&server).token_provider(provider).build().unwrap();
    let err = client.get_clip("c1").send().await.unwrap_err();
    assert!(matches!(&err, Error::Auth(e) if e.reason.ends_with("with an empty access token")), "{err:?}");
    let gets = server.received_requests().await.unwrap().iter().filter(|r| r.method.as_str() == "GET").count();
    assert_eq!(gets, 0, "no call goes out as `Bearer ` with nothing");
}

// ---- 4. the api_domain of a token response -------------------------------------

#[tokio::test]
async fn an_api_domain_outside_the_apis_hosts_is_refused() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "access_token": "1000.a", "api_domain": "https://www.zohoapis.evil.example", "expires_in": 3600
        })))
        .mount(&server)
        .await;
    let provider = ZohoRefreshToken::new(ZohoDataCenter::Com, "r", "c", "s").accounts_url(server.uri());
    let crm = zoho_crm::Client::builder().token_provider(provider).build().unwrap();
    let err = crm.upload_record_photo("Leads", 1, FilePart::from_bytes(&b"x"[..], "a.png")).send().await.unwrap_err();
    match err {
        Error::Auth(e) => assert_eq!(
            e.reason,
            "the token provider named a server that is not a host of the API `zoho_crm` over https (the spec's \
             `hosts`): https://www.zohoapis.evil.example/crm/v2"
        ),
        other => panic!("expected an auth error, got {other:?}"),
    }
}

/// A provider that names a fixed api-domain.
struct Domain(&'static str);

impl TokenProvider for Domain {
    fn token(&self) -> TokenFuture<'_> {
        Box::pin(async { Ok::<_, AuthError>(Secret::new("t")) })
    }

    fn server_variable(&self, name: &str) -> Option<String> {
        (name == "api-domain").then(|| self.0.to_owned())
    }
}

#[test]
fn the_api_domains_the_spec_names_are_accepted_over_https_only() {
    let server = |domain| {
        let client = runtime::Client::builder(&zoho_crm::API).token_provider(Domain(domain)).build().unwrap();
        client.server(0).map(|u| u.to_string())
    };
    assert_eq!(server("https://www.zohoapis.eu").as_deref(), Some("https://www.zohoapis.eu/crm/v2"));
    assert_eq!(server("http://www.zohoapis.eu"), None);
    assert_eq!(server("https://www.zohoapis.eu:8443"), None);
    assert_eq!(server("https://zohoapis.eu.attacker.net"), None);
}

#[test]
fn a_providers_server_value_cannot_carry_a_path_or_query() {
    let server = |domain| {
        let client = runtime::Client::builder(&zoho_crm::API).token_provider(Domain(domain)).build().unwrap();
        client.server(0).map(|u| u.to_string())
    };
    assert_eq!(server("https://www.zohoapis.com").as_deref(), Some("https://www.zohoapis.com/crm/v2"));
    for steering in ["https://www.zohoapis.com/../../x?y=", "https://www.zohoapis.com/x#", "https://u@www.zohoapis.com"]
    {
        assert_eq!(server(steering), None, "{steering}");
    }
}

// ---- 5 and 13. bounded reads -------------------------------------------------

#[tokio::test]
async fn bodies_over_the_limit_are_typed_errors() {
    let server = MockServer::start().await;
    let big = json!({ "clip_id": "c", "title": "x".repeat(4096) });
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(big)).mount(&server).await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(vec![b' '; 4096]))
        .mount(&server)
        .await;
    let client = zoom_builder(&server).token(TOKEN).max_response_body(1024).build().unwrap();
    let err = client.get_clip("c1").send().await.unwrap_err();
    assert!(matches!(&err, Error::TooLarge(e) if e.limit == 1024 && e.operation == "get_clip"), "{err:?}");
    let err = client.delete_clip("c1").send().await.unwrap_err();
    assert!(matches!(&err, Error::TooLarge(e) if e.operation == "delete_clip"), "{err:?}");
}

#[tokio::test]
async fn a_token_response_over_64_kib_is_an_auth_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(vec![b' '; 100 * 1024]))
        .mount(&server)
        .await;
    let provider = ZoomServerToServer::new("a", "c", "s").token_url(format!("{}/oauth/token", server.uri()));
    let client = zoom_builder(&server).token_provider(provider).build().unwrap();
    let err = client.get_clip("c1").send().await.unwrap_err();
    assert!(matches!(&err, Error::Auth(e) if e.reason.contains("body over 65536 bytes")), "{err:?}");
}

#[tokio::test]
async fn a_decode_error_prints_a_snippet_not_the_body() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(vec![b'<'; 1024 * 1024]))
        .mount(&server)
        .await;
    let client = zoom_builder(&server).token(TOKEN).build().unwrap();
    let err = client.get_clip("c1").send().await.unwrap_err();
    let Error::Decode(decode) = &err else { panic!("expected a decode error, got {err:?}") };
    assert_eq!(decode.body.len(), 1024 * 1024, "the body is kept");
    assert!(format!("{err:?}").len() < 2048, "Debug shows a snippet");
    assert!(err.to_string().len() < 2048, "Display shows a snippet");
}

// ---- 6 and 14. deadline and stall timeout ------------------------------------

#[tokio::test]
async fn the_timeout_bounds_the_whole_call_not_each_attempt() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503).set_delay(Duration::from_millis(400)))
        .mount(&server)
        .await;
    let client = zoom_builder(&server)
        .token(TOKEN)
        .retry(fast_retries())
        .timeout(Some(Duration::from_millis(600)))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = client.get_clip("c1").send().await.unwrap_err();
    assert!(matches!(&err, Error::Timeout(t) if t.kind == TimeoutKind::Deadline), "{err:?}");
    assert!(started.elapsed() < Duration::from_millis(1100), "{:?}", started.elapsed());
}

#[tokio::test]
async fn a_silent_server_stalls_even_without_a_deadline() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(clip()).set_delay(Duration::from_secs(10)))
        .mount(&server)
        .await;
    let client = zoom_builder(&server)
        .token(TOKEN)
        .timeout(None)
        .stall_timeout(Duration::from_millis(300))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let err = client.get_clip("c1").send().await.unwrap_err();
    assert!(matches!(&err, Error::Timeout(t) if t.kind == TimeoutKind::Stall), "{err:?}");
}

/// A raw server that answers one download with `chunks` body chunks, one every `every`.
async fn trickling_server(chunks: usize, every: Duration) -> (String, tokio::task::JoinHandle<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let task = tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let mut buf = [0u8; 4096];
            let _ = socket.read(&mut buf).await;
            let head = format!("HTTP/1.1 200 OK\r\ncontent-type: video/mp4\r\ncontent-length: {chunks}\r\n\r\n");
            let _ = socket.write_all(head.as_bytes()).await;
            for _ in 0..chunks {
                tokio::time::sleep(every).await;
                if socket.write_all(b"x").await.is_err() {
                    break;
                }
            }
        }
    });
    (format!("http://{addr}"), task)
}

#[tokio::test]
async fn a_download_runs_past_the_deadline_while_it_moves_and_fails_when_it_stalls() {
    let (url, task) = trickling_server(8, Duration::from_millis(150)).await;
    let client = zoom::Client::builder()
        .token(TOKEN)
        .server_url(zoom::Server::Default, &url)
        .timeout(Some(Duration::from_millis(500)))
        .stall_timeout(Duration::from_millis(400))
        .build()
        .unwrap();
    let stream = client.download_clip("c1").send().await.unwrap();
    assert_eq!(stream.content_type(), Some("video/mp4"));
    let started = Instant::now();
    assert_eq!(&stream.collect_bytes().await.unwrap()[..], b"xxxxxxxx");
    assert!(started.elapsed() > Duration::from_millis(900), "it ran past the 500 ms deadline");
    task.abort();

    let (url, task) = trickling_server(3, Duration::from_millis(800)).await;
    let client = zoom::Client::builder()
        .token(TOKEN)
        .server_url(zoom::Server::Default, &url)
        .stall_timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let mut stream = client.download_clip("c1").send().await.unwrap();
    let err = stream.next().await.unwrap().unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::TimedOut);
    task.abort();
}

// ---- 11 and 12. uploads go out whole and well-formed --------------------------

#[tokio::test]
async fn an_upload_whose_reader_differs_from_its_declared_length_fails() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({ "clip_id": "x" })))
        .mount(&server)
        .await;
    let client = zoom_builder(&server).token(TOKEN).build().unwrap();
    let long = FilePart::from_reader(&[7u8; 50][..], Some(10), "a.mp4");
    let err = client.upload_clip_file(long).send().await.unwrap_err();
    assert!(source_chain(&err).contains("holds more than the 10 bytes declared"), "{}", source_chain(&err));
    let short = FilePart::from_reader(&[7u8; 5][..], Some(10), "a.mp4");
    let err = client.upload_clip_file(short).send().await.unwrap_err();
    assert!(source_chain(&err).contains("ended after 5 of the 10 bytes declared"), "{}", source_chain(&err));
    let exact = FilePart::from_reader(&[7u8; 10][..], Some(10), "a.mp4");
    client.upload_clip_file(exact).send().await.unwrap();
}

#[tokio::test]
async fn a_file_name_that_would_break_the_part_header_is_refused() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(201)).expect(0).mount(&server).await;
    let client = zoom_builder(&server).token(TOKEN).build().unwrap();
    for name in ["a\r\nContent-Type: text/html\r\n\r\n.mp4", "a\".mp4"] {
        let part = FilePart::from_bytes(&b"video"[..], name);
        let err = client.upload_clip_file(part).send().await.unwrap_err();
        assert!(matches!(&err, Error::Validation(v) if v.field == "file"), "{err:?}");
    }
}

/// The error and all its sources, as text.
fn source_chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(inner) = source {
        text.push_str(" / ");
        text.push_str(&inner.to_string());
        source = inner.source();
    }
    text
}
