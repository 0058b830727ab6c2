//! The pluggable HTTP layer and per-call settings: the caller's own
//! `reqwest` configuration, middleware that sees every attempt, default
//! headers, and settings for one call or one view of a client.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{clip, fast_retries, zoom_builder, TOKEN};
use specgen_clients::runtime::reqwest_middleware::{self, Middleware, Next};
use specgen_clients::runtime::{CallOptions, Error, RetryPolicy};
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// One attempt as a middleware saw it: the path, the `Authorization` header, the status.
type Seen = (String, Option<String>, u16);

/// Records what each attempt sent and got, and signs each request.
#[derive(Default, Clone)]
struct Recorder {
    seen: Arc<Mutex<Vec<Seen>>>,
}

#[async_trait::async_trait]
impl Middleware for Recorder {
    async fn handle(
        &self,
        mut request: reqwest::Request,
        extensions: &mut http::Extensions,
        next: Next<'_>,
    ) -> reqwest_middleware::Result<reqwest::Response> {
        let auth = request.headers().get("authorization").map(|v| v.to_str().unwrap().to_owned());
        request.headers_mut().insert("x-signature", "signed".parse().unwrap());
        let url = request.url().path().to_owned();
        let response = next.run(request, extensions).await?;
        self.seen.lock().unwrap().push((url, auth, response.status().as_u16()));
        Ok(response)
    }
}

/// Refuses every request.
struct Refuse;

#[async_trait::async_trait]
impl Middleware for Refuse {
    async fn handle(
        &self,
        _: reqwest::Request,
        _: &mut http::Extensions,
        _: Next<'_>,
    ) -> reqwest_middleware::Result<reqwest::Response> {
        Err(reqwest_middleware::Error::middleware(std::io::Error::other("quota of the day used")))
    }
}

fn clip_response() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(clip())
}

#[tokio::test]
async fn middleware_sees_every_attempt_with_credentials_and_can_sign() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/clips/c1"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/clips/c1"))
        .and(header("x-signature", "signed"))
        .respond_with(clip_response())
        .mount(&server)
        .await;
    let recorder = Recorder::default();
    let client = zoom_builder(&server).token(TOKEN).retry(fast_retries()).middleware(recorder.clone()).build().unwrap();
    client.get_clip("c1").send().await.unwrap();
    let bearer = Some(format!("Bearer {TOKEN}"));
    assert_eq!(
        *recorder.seen.lock().unwrap(),
        [("/clips/c1".to_owned(), bearer.clone(), 503), ("/clips/c1".to_owned(), bearer, 200)],
        "the retry went through the middleware too"
    );
}

#[tokio::test]
async fn an_error_of_a_middleware_fails_the_call_without_retries() {
    let server = MockServer::start().await;
    let client = zoom_builder(&server).token(TOKEN).retry(fast_retries()).middleware(Refuse).build().unwrap();
    match client.get_clip("c1").send().await {
        Err(Error::Middleware(e)) => assert_eq!(e.to_string(), "quota of the day used"),
        other => panic!("{other:?}"),
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn the_callers_http_client_is_used_and_redirects_stay_with_the_client() {
    let server = MockServer::start().await;
    let elsewhere = MockServer::start().await;
    let mut defaults = reqwest::header::HeaderMap::new();
    defaults.insert("x-tenant", "acme".parse().unwrap());
    // A policy that would follow redirects with the token is replaced.
    let http = reqwest::Client::builder()
        .default_headers(defaults)
        .user_agent("my-app/1.0")
        .redirect(reqwest::redirect::Policy::limited(5));
    Mock::given(method("GET"))
        .and(path("/clips/c1"))
        .and(header("x-tenant", "acme"))
        .and(header("user-agent", "my-app/1.0"))
        .respond_with(ResponseTemplate::new(302).insert_header("location", format!("{}/steal", elsewhere.uri())))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET")).and(path("/steal")).respond_with(clip_response()).mount(&elsewhere).await;
    let client = zoom_builder(&server).token(TOKEN).http_client(http).build().unwrap();
    client.get_clip("c1").send().await.unwrap();
    let stolen = elsewhere.received_requests().await.unwrap();
    assert_eq!(stolen.len(), 1, "the client followed the redirect itself");
    assert!(stolen[0].headers.get("authorization").is_none(), "the token stayed home");

    // The client's own user agent, set on its builder, wins.
    let server = MockServer::start().await;
    Mock::given(header("user-agent", "ours/2")).respond_with(clip_response()).expect(1).mount(&server).await;
    let http = reqwest::Client::builder().user_agent("theirs/1");
    let client = zoom_builder(&server).token(TOKEN).http_client(http).user_agent("ours/2").build().unwrap();
    client.get_clip("c1").send().await.unwrap();
}

#[tokio::test]
async fn default_headers_go_with_every_call_and_credentials_are_refused() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/clips/c1"))
        .and(header("x-client", "one"))
        .respond_with(clip_response())
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/clips/c2"))
        .and(header("x-client", "two"))
        .respond_with(clip_response())
        .expect(1)
        .mount(&server)
        .await;
    let client = zoom_builder(&server).token(TOKEN).default_header("X-Client", "one").build().unwrap();
    client.get_clip("c1").send().await.unwrap();
    // A header of the call replaces the default one.
    client.get_clip("c2").with_options(CallOptions::new().header("x-client", "two")).send().await.unwrap();

    for (name, value) in [("Authorization", "Bearer x"), ("cookie", "a=b"), ("X-Client", "a\r\nb"), ("bad name", "v")] {
        let built = zoom_builder(&server).token(TOKEN).default_header(name, value).build();
        let error = built.err().unwrap_or_else(|| panic!("{name} was accepted")).to_string();
        assert!(!error.contains("Bearer x"), "{error}");
    }
}

#[tokio::test]
async fn one_call_gets_its_own_timeout_retries_headers_and_query() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/clips/slow"))
        .respond_with(clip_response().set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    Mock::given(method("GET")).and(path("/clips/busy")).respond_with(ResponseTemplate::new(503)).mount(&server).await;
    Mock::given(method("GET"))
        .and(path("/clips/c1"))
        .and(header("x-trace", "t1"))
        .and(query_param("debug", "on"))
        .respond_with(clip_response())
        .expect(2)
        .mount(&server)
        .await;
    let client = zoom_builder(&server).token(TOKEN).retry(fast_retries()).build().unwrap();

    let started = Instant::now();
    let timeout = CallOptions::new().timeout(Some(Duration::from_millis(200)));
    match client.get_clip("slow").with_options(timeout).send().await {
        Err(Error::Timeout(_)) => assert!(started.elapsed() < Duration::from_secs(3)),
        other => panic!("{other:?}"),
    }

    // The client retries 503s; this call alone does not.
    let once = CallOptions::new().retry(RetryPolicy::none());
    assert!(matches!(client.get_clip("busy").with_options(once).send().await, Err(Error::Api(_))));
    let busy = |r: &wiremock::Request| r.url.path() == "/clips/busy";
    assert_eq!(server.received_requests().await.unwrap().iter().filter(|r| busy(r)).count(), 1);
    assert!(client.get_clip("busy").send().await.is_err());
    assert!(server.received_requests().await.unwrap().iter().filter(|r| busy(r)).count() > 2);

    // Headers and query parameters: for one call, or for a view of the client.
    let extra = || CallOptions::new().header("X-Trace", "t1").query("debug", "on");
    client.get_clip("c1").with_options(extra()).send().await.unwrap();
    let traced = client.with_options(extra());
    traced.get_clip("c1").send().await.unwrap();
    server.verify().await;
}

#[tokio::test]
async fn a_credential_header_for_one_call_is_refused_before_sending() {
    let server = MockServer::start().await;
    let client = zoom_builder(&server).token(TOKEN).build().unwrap();
    let steal = CallOptions::new().header("authorization", "Bearer other");
    match client.get_clip("c1").with_options(steal).send().await {
        Err(Error::Validation(e)) => assert!(e.to_string().contains("carries credentials"), "{e}"),
        other => panic!("{other:?}"),
    }
    let split = CallOptions::new().header("x-a", "1\r\nx-b: 2");
    assert!(matches!(client.get_clip("c1").with_options(split).send().await, Err(Error::Validation(_))));
    assert!(server.received_requests().await.unwrap().is_empty());
    // Settings merge: the later timeout wins, headers accumulate.
    let hits = Arc::new(AtomicUsize::new(0));
    let counted = hits.clone();
    Mock::given(header("x-a", "1"))
        .and(header("x-b", "2"))
        .respond_with(move |_: &wiremock::Request| {
            counted.fetch_add(1, Ordering::SeqCst);
            clip_response()
        })
        .mount(&server)
        .await;
    let view = client.with_options(CallOptions::new().header("x-a", "1").timeout(Some(Duration::from_millis(1))));
    view.get_clip("c1").with_options(CallOptions::new().header("x-b", "2").timeout(None)).send().await.unwrap();
    assert_eq!(hits.load(Ordering::SeqCst), 1);
}
