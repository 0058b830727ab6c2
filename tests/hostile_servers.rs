//! Servers that try to make the client misbehave: listings that never end,
//! 401s from origins that never saw the token, calls cancelled mid-flight,
//! token endpoints that name paths. Every server is a real one on 127.0.0.1.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use common::{zoom_builder, TOKEN};
use futures_util::{StreamExt, TryStreamExt};
use serde_json::json;
use specgen_clients::runtime::{
    Error, FilePart, PageLimits, PageStop, ZohoDataCenter, ZohoRefreshToken, ZoomServerToServer,
};
use specgen_clients::{zoho_crm, zoom};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

// ---- listings that never end ----------------------------------------------------

/// Answers every page with `per_page` comments and a token never seen before.
struct FreshTokens {
    served: Arc<AtomicUsize>,
    per_page: usize,
}

impl Respond for FreshTokens {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let n = self.served.fetch_add(1, Ordering::SeqCst);
        let data: Vec<_> = (0..self.per_page).map(|i| json!({ "comment_id": format!("{n}-{i}") })).collect();
        ResponseTemplate::new(200).set_body_json(json!({ "data": data, "next_page_token": format!("t{n}") }))
    }
}

async fn fresh_token_server(per_page: usize) -> (MockServer, Arc<AtomicUsize>) {
    let server = MockServer::start().await;
    let served = Arc::new(AtomicUsize::new(0));
    Mock::given(method("GET"))
        .and(path("/clips/c1/comments"))
        .respond_with(FreshTokens { served: served.clone(), per_page })
        .mount(&server)
        .await;
    (server, served)
}

#[tokio::test]
async fn a_fresh_token_on_every_page_stops_at_the_clients_page_limit() {
    let (server, served) = fresh_token_server(2).await;
    let client = zoom_builder(&server).token(TOKEN).page_limits(PageLimits::default().max_pages(25)).build().unwrap();
    let items: Vec<_> = client.list_clip_comments("c1").into_stream().collect().await;
    assert_eq!(items.len(), 51, "50 comments, then the error");
    assert!(items[..50].iter().all(Result::is_ok));
    match items.last() {
        Some(Err(Error::Pagination(e))) => {
            assert_eq!(e.stop, PageStop::MaxPages(25));
            assert_eq!((e.pages, e.items), (25, 50));
        }
        other => panic!("expected the page limit, got {other:?}"),
    }
    assert_eq!(served.load(Ordering::SeqCst), 25, "no page past the limit was asked for");
}

#[tokio::test]
async fn one_listing_may_have_its_own_item_limit() {
    let (server, served) = fresh_token_server(3).await;
    let client = zoom_builder(&server).token(TOKEN).build().unwrap();
    let limits = PageLimits::unbounded().max_items(7);
    let err = client.list_clip_comments("c1").into_stream_with(limits).try_collect::<Vec<_>>().await.unwrap_err();
    match err {
        Error::Pagination(e) => assert_eq!((e.stop, e.pages, e.items), (PageStop::MaxItems(7), 3, 7)),
        other => panic!("expected the item limit, got {other:?}"),
    }
    assert_eq!(served.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn empty_pages_with_fresh_tokens_end_with_an_error_not_a_wait() {
    let (server, served) = fresh_token_server(0).await;
    // Even without bounds on pages or items, empty pages in a row are bounded.
    let client = zoom_builder(&server).token(TOKEN).page_limits(PageLimits::unbounded()).build().unwrap();
    let mut stream = std::pin::pin!(client.list_clip_comments("c1").into_stream());
    match stream.next().await {
        Some(Err(Error::Pagination(e))) => {
            assert_eq!(e.stop, PageStop::EmptyPages(PageLimits::default().max_empty_pages));
            assert!(e.to_string().contains("pages in a row had no item"), "{e}");
        }
        other => panic!("expected the empty-page guard, got {other:?}"),
    }
    assert!(stream.next().await.is_none(), "the stream ends after the error");
    assert_eq!(served.load(Ordering::SeqCst), 10);
}

// ---- a 401 from an origin that never saw the token --------------------------

/// Answers each token request with a new token, counting them.
struct CountingTokens(Arc<AtomicUsize>);

impl Respond for CountingTokens {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let n = self.0.fetch_add(1, Ordering::SeqCst);
        ResponseTemplate::new(200).set_body_json(json!({ "access_token": format!("token-{n}"), "expires_in": 3600 }))
    }
}

/// An API whose `GET /clips/c1` answers with `first` (then 200 once the
/// token is `token-1`), and a token endpoint beside it.
async fn api_with_token_endpoint(first: ResponseTemplate) -> (MockServer, Arc<AtomicUsize>, zoom::Client) {
    let api = MockServer::start().await;
    let fetched = Arc::new(AtomicUsize::new(0));
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(CountingTokens(fetched.clone()))
        .mount(&api)
        .await;
    Mock::given(method("GET"))
        .and(path("/clips/c1"))
        .and(header("authorization", "Bearer token-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(common::clip()))
        .mount(&api)
        .await;
    Mock::given(method("GET")).and(path("/clips/c1")).respond_with(first).mount(&api).await;
    let provider = ZoomServerToServer::new("a", "c", "s").token_url(format!("{}/oauth/token", api.uri()));
    let client = zoom_builder(&api).token_provider(provider).build().unwrap();
    (api, fetched, client)
}

fn invalid_token() -> ResponseTemplate {
    ResponseTemplate::new(401).set_body_json(json!({ "code": 124, "message": "Invalid access token." }))
}

#[tokio::test]
async fn a_401_from_a_redirect_target_that_never_saw_the_token_keeps_the_token() {
    let foreign = MockServer::start().await;
    Mock::given(method("GET")).respond_with(invalid_token()).mount(&foreign).await;
    let redirect = ResponseTemplate::new(302).insert_header("location", format!("{}/elsewhere", foreign.uri()));
    let (_api, fetched, client) = api_with_token_endpoint(redirect).await;
    for _ in 0..5 {
        match client.get_clip("c1").send().await {
            Err(Error::Api(e)) => assert_eq!(e.api_error().status, 401),
            other => panic!("expected the foreign 401, got {other:?}"),
        }
    }
    assert_eq!(fetched.load(Ordering::SeqCst), 1, "one token for all five calls: the 401 came from elsewhere");
    let requests = foreign.received_requests().await.unwrap();
    assert_eq!(requests.len(), 5, "each call reached the redirect target once");
    assert!(requests.iter().all(|r| r.headers.get("authorization").is_none()));
}

#[tokio::test]
async fn a_401_from_the_origin_that_saw_the_token_refreshes_it() {
    // The control: the same answer from the API itself replaces the token once.
    let (_api, fetched, client) = api_with_token_endpoint(invalid_token()).await;
    client.get_clip("c1").send().await.unwrap();
    assert_eq!(fetched.load(Ordering::SeqCst), 2);
}

// ---- a token fetch cancelled with its runtime -----------------------------------

#[test]
fn a_token_fetch_cancelled_with_its_runtime_leaves_the_cache_as_if_it_never_started() {
    // The servers run on a runtime of their own that outlives the others.
    let servers = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    let (api, fetched) = servers.block_on(async {
        let api = MockServer::start().await;
        let fetched = Arc::new(AtomicUsize::new(0));
        Mock::given(method("POST"))
            .and(path("/oauth/token"))
            .respond_with(SlowTokens(fetched.clone()))
            .mount(&api)
            .await;
        Mock::given(method("GET"))
            .and(path("/clips/c1"))
            .respond_with(ResponseTemplate::new(200).set_body_json(common::clip()))
            .mount(&api)
            .await;
        (api, fetched)
    });
    let provider = ZoomServerToServer::new("a", "c", "s").token_url(format!("{}/oauth/token", api.uri()));
    let client = zoom_builder(&api).token_provider(provider).build().unwrap();
    let run = |call: std::time::Duration| {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let result = runtime.block_on(async { tokio::time::timeout(call, client.get_clip("c1").send()).await });
        drop(runtime);
        result
    };
    // The first call gives up while the token is being fetched; its runtime
    // goes away with the fetch's task.
    assert!(run(std::time::Duration::from_millis(50)).is_err(), "the first call timed out");
    // A call on a new runtime fetches a token again and succeeds, and so does the next.
    for _ in 0..2 {
        let result = run(std::time::Duration::from_secs(10)).expect("the call ended");
        assert!(result.is_ok(), "{result:?}");
    }
    assert_eq!(fetched.load(Ordering::SeqCst), 2, "the cancelled fetch and one more");
    drop(servers);
}

/// Answers token requests after 300 ms, counting them.
struct SlowTokens(Arc<AtomicUsize>);

impl Respond for SlowTokens {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let n = self.0.fetch_add(1, Ordering::SeqCst);
        ResponseTemplate::new(200)
            .set_body_json(json!({ "access_token": format!("token-{n}"), "expires_in": 3600 }))
            .set_delay(std::time::Duration::from_millis(300))
    }
}

// ---- a token response that names a path -----------------------------------------

#[tokio::test]
async fn an_api_domain_with_a_path_or_query_is_refused_before_any_call() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/v2/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "access_token": "1000.a", "api_domain": format!("{}/../../x?y=", server.uri()), "expires_in": 3600
        })))
        .mount(&server)
        .await;
    Mock::given(method("PUT")).respond_with(ResponseTemplate::new(200)).mount(&server).await;
    let provider = ZohoRefreshToken::new(ZohoDataCenter::Com, "r", "c", "s").accounts_url(server.uri());
    // The server is trusted as a host of the API: only the shape of the value can refuse it.
    let crm = zoho_crm::Client::builder()
        .token_provider(provider)
        .danger_trust_origin_for_tests(server.uri())
        .build()
        .unwrap();
    let err = crm.upload_record_photo("Leads", 1, FilePart::from_bytes(&b"x"[..], "a.png")).send().await.unwrap_err();
    match err {
        Error::Auth(e) => assert!(
            e.reason.ends_with("with an `api_domain` that is not a bare origin (scheme and host, optional port)"),
            "{}",
            e.reason
        ),
        other => panic!("expected an auth error, got {other:?}"),
    }
    let requests = server.received_requests().await.unwrap();
    assert!(requests.iter().all(|r| r.url.path() == "/oauth/v2/token"), "only the token was asked for");
}
