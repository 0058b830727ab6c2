//! The general OAuth 2 grants against a token server on loopback: client
//! credentials (Basic client authentication, scopes, one fetch for
//! concurrent calls, a 401 answered by one refresh, expiry), the refresh
//! token (rotated), the password grant (renewed by its refresh token, the
//! password again when that is refused), the authorization code with PKCE (the URL, the
//! state check, the verifier that matches the challenge, the exchange), the
//! device code (polled until approved, or denied) and OpenID Connect
//! discovery (the endpoints it gives, the issuer check).

use serde_json::json;
use specgen_clients::runtime::{AuthorizationCode, ClientCredentials, Error, PasswordGrant, RefreshToken, Secret};
use specgen_clients::zoom;
use wiremock::matchers::{body_string_contains, header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

fn client(api: &MockServer, provider: impl specgen_clients::runtime::TokenProvider) -> zoom::Client {
    zoom::Client::builder()
        .token_provider(provider)
        .server_url(zoom::Server::Default, api.uri())
        .server_url(zoom::Server::Files, api.uri())
        .retry(specgen_clients::runtime::RetryPolicy::none())
        .build()
        .unwrap()
}

/// The API: answers a clip to the bearer of `token`.
async fn api_accepting(token: &str) -> MockServer {
    let api = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/clips/c1"))
        .and(header("authorization", format!("Bearer {token}").as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"clip_id": "c1"})))
        .mount(&api)
        .await;
    api
}

fn token(access: &str, expires_in: u64) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"access_token": access, "expires_in": expires_in}))
}

fn form(request: &Request) -> Vec<(String, String)> {
    url::form_urlencoded::parse(&request.body).into_owned().collect()
}

#[tokio::test]
async fn client_credentials_are_fetched_once_for_concurrent_calls_with_basic_client_authentication() {
    let tokens = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .and(body_string_contains("grant_type=client_credentials"))
        .respond_with(token("t1", 3600).set_delay(std::time::Duration::from_millis(100)))
        .expect(1)
        .mount(&tokens)
        .await;
    let api = api_accepting("t1").await;
    // A non-ASCII secret: form-encoded, then Basic (RFC 6749 §2.3.1).
    let provider = ClientCredentials::new(format!("{}/oauth/token", tokens.uri()), "my app", "sé cret")
        .scopes(["clips:read", "clips:write"]);
    assert!(!format!("{provider:?}").contains("sé cret"), "the secret stays out of Debug");
    let client = client(&api, provider);
    let (a, b, c) =
        tokio::join!(client.get_clip("c1").send(), client.get_clip("c1").send(), client.get_clip("c1").send());
    assert!(a.is_ok() && b.is_ok() && c.is_ok(), "{a:?} {b:?} {c:?}");
    let sent = &tokens.received_requests().await.unwrap()[0];
    // base64("my+app:s%C3%A9+cret")
    assert_eq!(sent.headers["authorization"], "Basic bXkrYXBwOnMlQzMlQTkrY3JldA==");
    assert!(form(sent).contains(&("scope".to_owned(), "clips:read clips:write".to_owned())), "{:?}", form(sent));
    assert!(!form(sent).iter().any(|(k, _)| k == "client_secret"), "the secret goes in the header only");
}

/// An extension grant (RFC 6749 §4.5) through the client credentials flow:
/// its type and parameters in the form body, or in the query of an empty
/// POST as Zoom's Server-to-Server OAuth takes them.
#[tokio::test]
async fn extension_grants_send_their_type_and_parameters_in_the_body_or_the_query() {
    let tokens = MockServer::start().await;
    Mock::given(method("POST")).respond_with(token("t1", 3600)).mount(&tokens).await;
    let api = api_accepting("t1").await;
    let jwt = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    let provider = ClientCredentials::new(format!("{}/oauth/token", tokens.uri()), "id", "secret")
        .grant(jwt, [("assertion", "a.b.c")]);
    client(&api, provider).get_clip("c1").send().await.unwrap();
    let sent = &tokens.received_requests().await.unwrap()[0];
    assert_eq!(form(sent), [("grant_type".to_owned(), jwt.to_owned()), ("assertion".to_owned(), "a.b.c".to_owned())]);

    let tokens = MockServer::start().await;
    Mock::given(method("POST")).respond_with(token("t1", 3600)).mount(&tokens).await;
    let provider = ClientCredentials::new(format!("{}/oauth/token", tokens.uri()), "id", "secret")
        .grant("account_credentials", [("account_id", "acc 1")])
        .params_in_query();
    client(&api, provider).get_clip("c1").send().await.unwrap();
    let sent = &tokens.received_requests().await.unwrap()[0];
    assert_eq!(sent.url.query(), Some("grant_type=account_credentials&account_id=acc+1"));
    assert!(sent.body.is_empty() && sent.headers.get("content-type").is_none(), "an empty POST");
    assert_eq!(sent.headers["authorization"], "Basic aWQ6c2VjcmV0");
}

#[tokio::test]
async fn a_401_is_answered_by_one_refresh_and_a_short_lived_token_is_fetched_again() {
    let tokens = MockServer::start().await;
    Mock::given(method("POST")).respond_with(token("old", 3600)).up_to_n_times(1).mount(&tokens).await;
    Mock::given(method("POST")).respond_with(token("new", 30)).mount(&tokens).await;
    let api = api_accepting("new").await;
    // The old token is refused: the provider forgets it and the call is sent once more.
    Mock::given(method("GET"))
        .and(header("authorization", "Bearer old"))
        .respond_with(ResponseTemplate::new(401).insert_header("www-authenticate", "Bearer error=\"invalid_token\""))
        .mount(&api)
        .await;
    let provider =
        ClientCredentials::new(format!("{}/t", tokens.uri()), "id", "secret").credentials_in_body().scopes(["a"]);
    let client = client(&api, provider);
    client.get_clip("c1").send().await.unwrap();
    assert_eq!(tokens.received_requests().await.unwrap().len(), 2);
    let body = form(&tokens.received_requests().await.unwrap()[0]);
    assert!(body.contains(&("client_secret".to_owned(), "secret".to_owned())), "{body:?}");
    // 30 seconds is within the refresh margin: the next call fetches again.
    client.get_clip("c1").send().await.unwrap();
    assert_eq!(tokens.received_requests().await.unwrap().len(), 3);
}

#[tokio::test]
async fn a_rotated_refresh_token_replaces_the_first_and_errors_are_auth_errors() {
    let tokens = MockServer::start().await;
    Mock::given(method("POST"))
        .and(body_string_contains("refresh_token=r1"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"access_token": "a1", "expires_in": 30, "refresh_token": "r2"})),
        )
        .mount(&tokens)
        .await;
    Mock::given(method("POST"))
        .and(body_string_contains("refresh_token=r2"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({"error": "invalid_grant"})))
        .mount(&tokens)
        .await;
    let api = api_accepting("a1").await;
    let provider = RefreshToken::new(format!("{}/token", tokens.uri()), "r1", "public-client", None);
    assert!(!format!("{provider:?}").contains("r1"), "the refresh token stays out of Debug");
    let client = client(&api, provider);
    client.get_clip("c1").send().await.unwrap();
    let body = form(&tokens.received_requests().await.unwrap()[0]);
    assert!(body.contains(&("client_id".to_owned(), "public-client".to_owned())), "a public client names itself");
    match client.get_clip("c1").send().await {
        Err(Error::Auth(e)) => {
            assert!(e.reason.contains("invalid_grant"), "{}", e.reason);
            assert!(!e.reason.contains("r2"), "no secret in the error: {}", e.reason);
        }
        other => panic!("expected an auth error, got {other:?}"),
    }
}

/// The password grant: the user's name and password with the client's
/// Basic authentication; the refresh token it gives renews the access token
/// and, once refused, the password grant runs again.
#[tokio::test]
async fn the_password_grant_renews_with_its_refresh_token_and_falls_back_to_the_password() {
    let tokens = MockServer::start().await;
    let answer = |access: &str, refresh: Option<&str>| {
        let mut body = json!({"access_token": access, "expires_in": 30});
        if let Some(refresh) = refresh {
            body["refresh_token"] = json!(refresh);
        }
        ResponseTemplate::new(200).set_body_json(body)
    };
    let grant = |kind: &str| body_string_contains(format!("grant_type={kind}"));
    Mock::given(grant("password")).respond_with(answer("a1", Some("r1"))).up_to_n_times(1).mount(&tokens).await;
    Mock::given(grant("refresh_token")).respond_with(answer("a2", None)).up_to_n_times(1).mount(&tokens).await;
    Mock::given(grant("refresh_token"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({"error": "invalid_grant"})))
        .mount(&tokens)
        .await;
    Mock::given(grant("password")).respond_with(token("a3", 3600)).mount(&tokens).await;
    let api = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(json!({}))).mount(&api).await;
    let provider = PasswordGrant::new(format!("{}/token", tokens.uri()), "ann", "pässword", "app", Some("s".into()))
        .scopes(["clips:read"]);
    assert!(!format!("{provider:?}").contains("pässword"), "the password stays out of Debug");
    let signed_in = client(&api, provider);
    for _ in 0..4 {
        signed_in.get_clip("c1").send().await.unwrap();
    }
    let sent = tokens.received_requests().await.unwrap();
    let grants: Vec<String> =
        sent.iter().map(|r| form(r).into_iter().find(|(k, _)| k == "grant_type").unwrap().1).collect();
    assert_eq!(grants, ["password", "refresh_token", "refresh_token", "password"]);
    assert_eq!(
        form(&sent[0]),
        [("grant_type", "password"), ("username", "ann"), ("password", "pässword"), ("scope", "clips:read")]
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
    );
    assert_eq!(sent[0].headers["authorization"], "Basic YXBwOnM=", "the client authenticates with Basic");
    // The answer without a new refresh token kept the first one.
    assert!(form(&sent[2]).contains(&("refresh_token".to_owned(), "r1".to_owned())));
    let used: Vec<String> = api
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| r.headers["authorization"].to_str().unwrap().to_owned())
        .collect();
    assert_eq!(used, ["Bearer a1", "Bearer a2", "Bearer a3", "Bearer a3"]);

    // A refused password is an auth error that does not repeat it.
    let tokens = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({"error": "invalid_grant"})))
        .mount(&tokens)
        .await;
    let provider = PasswordGrant::new(format!("{}/token", tokens.uri()), "ann", "pässword", "app", None);
    match client(&api, provider).get_clip("c1").send().await {
        Err(Error::Auth(e)) => {
            assert!(e.reason.contains("invalid_grant") && !e.reason.contains("pässword"), "{}", e.reason)
        }
        other => panic!("expected an auth error, got {other:?}"),
    }
}

#[tokio::test]
async fn authorization_code_with_pkce_checks_the_state_and_sends_the_matching_verifier() {
    let tokens = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .and(body_string_contains("grant_type=authorization_code"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"access_token": "a1", "expires_in": 3600, "refresh_token": "r1"})),
        )
        .mount(&tokens)
        .await;
    let flow = AuthorizationCode::new(
        "https://auth.example.com/authorize",
        format!("{}/token", tokens.uri()),
        "app",
        Some(Secret::new("s")),
        "http://127.0.0.1:8080/callback",
    );
    let authorization = flow.start(&["read", "write"]).unwrap();
    let query: std::collections::HashMap<String, String> = authorization.url.query_pairs().into_owned().collect();
    assert_eq!(query["response_type"], "code");
    assert_eq!(query["client_id"], "app");
    assert_eq!(query["redirect_uri"], "http://127.0.0.1:8080/callback");
    assert_eq!(query["scope"], "read write");
    assert_eq!(query["code_challenge_method"], "S256");
    assert_eq!(query["state"], authorization.state());
    let second = flow.start(&[]).unwrap();
    assert_ne!(second.state(), authorization.state(), "a fresh state each time");

    // A redirect with another state is refused before anything is sent.
    let err = flow.exchange(second, "code", "forged").await.unwrap_err();
    assert!(err.reason.contains("state"), "{}", err.reason);
    assert!(tokens.received_requests().await.unwrap().is_empty());

    let state = authorization.state().to_owned();
    let tokens_got = flow.exchange(authorization, "the-code", &state).await.unwrap();
    assert_eq!(tokens_got.access_token.expose(), "a1");
    let sent = form(&tokens.received_requests().await.unwrap()[0]);
    let field = |k: &str| sent.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone()).unwrap_or_default();
    assert_eq!(field("code"), "the-code");
    assert_eq!(field("redirect_uri"), "http://127.0.0.1:8080/callback");
    // The verifier sent is the one the challenge was made from (RFC 7636 S256).
    let verifier = oauth2::PkceCodeVerifier::new(field("code_verifier"));
    let challenge = oauth2::PkceCodeChallenge::from_code_verifier_sha256(&verifier);
    assert_eq!(challenge.as_str(), query["code_challenge"]);

    // The refresher starts with the access token it was given: no fetch.
    let api = api_accepting("a1").await;
    let client = client(&api, flow.refresher(&tokens_got).unwrap());
    client.get_clip("c1").send().await.unwrap();
    assert_eq!(tokens.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn device_code_polls_until_approved_then_refreshes() {
    use specgen_clients::runtime::{DeviceCode, TokenProvider};
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/device"))
        .and(body_string_contains("client_id=tv"))
        .and(body_string_contains("scope=clips%3Aread"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "device_code": "dev-secret", "user_code": "WDJB-MJHT",
            "verification_uri": "https://example.com/device", "expires_in": 600, "interval": 1
        })))
        .expect(1)
        .mount(&server)
        .await;
    // The first poll is pending; the second gives the tokens.
    Mock::given(method("POST"))
        .and(path("/token"))
        .and(body_string_contains("device_code=dev-secret"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({"error": "authorization_pending"})))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .and(body_string_contains("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Adevice_code"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"access_token": "a1", "refresh_token": "r1", "expires_in": 3600})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let flow = DeviceCode::new(format!("{}/device", server.uri()), format!("{}/token", server.uri()), "tv", None);
    let authorization = flow.start(&["clips:read"]).await.unwrap();
    assert_eq!(
        (authorization.user_code.as_str(), authorization.verification_uri.as_str()),
        ("WDJB-MJHT", "https://example.com/device")
    );
    assert!(!format!("{authorization:?}").contains("dev-secret"), "the device code stays out of Debug");
    let tokens = flow.finish(&authorization).await.unwrap();
    assert_eq!(tokens.access_token.expose(), "a1");
    let refresher = flow.refresher(&tokens).unwrap();
    assert_eq!(refresher.token().await.unwrap().expose(), "a1", "the refresher starts with the access token");
    let polls: Vec<_> =
        server.received_requests().await.unwrap().into_iter().filter(|r| r.url.path() == "/token").collect();
    assert!(form(&polls[0]).contains(&("client_id".to_owned(), "tv".to_owned())), "a public client names itself");
}

#[tokio::test]
async fn device_code_denied_is_an_error() {
    use specgen_clients::runtime::DeviceCode;
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/device"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "device_code": "d", "user_code": "u", "verification_uri": "https://example.com/device",
            "expires_in": 600, "interval": 1
        })))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({"error": "access_denied"})))
        .mount(&server)
        .await;
    let flow = DeviceCode::new(format!("{}/device", server.uri()), format!("{}/token", server.uri()), "tv", None);
    let authorization = flow.start(&[]).await.unwrap();
    let err = flow.finish(&authorization).await.unwrap_err();
    assert!(err.to_string().contains("denied"), "{err}");
}

#[tokio::test]
async fn openid_connect_discovery_gives_the_grants_their_endpoints_and_checks_the_issuer() {
    use specgen_clients::runtime::OpenIdProvider;
    let server = MockServer::start().await;
    let issuer = format!("{}/realm", server.uri());
    Mock::given(method("GET"))
        .and(path("/realm/.well-known/openid-configuration"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "issuer": issuer,
            "authorization_endpoint": format!("{issuer}/authorize"),
            "token_endpoint": format!("{issuer}/token"),
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/other/.well-known/openid-configuration"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"issuer": issuer})))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/realm/token"))
        .and(body_string_contains("grant_type=client_credentials"))
        .respond_with(token("t1", 3600))
        .expect(1)
        .mount(&server)
        .await;
    let provider = OpenIdProvider::discover(&format!("{issuer}/.well-known/openid-configuration")).await.unwrap();
    assert_eq!(provider.token_endpoint, Some(format!("{issuer}/token")));
    let authorization =
        provider.authorization_code("app", None, "https://app.example.com/cb").unwrap().start(&["openid"]).unwrap();
    assert!(authorization.url.as_str().starts_with(&format!("{issuer}/authorize?")), "{}", authorization.url);
    assert!(provider.device_code("app", None).unwrap_err().to_string().contains("device_authorization_endpoint"));
    let api = api_accepting("t1").await;
    let client = client(&api, provider.client_credentials("app", "secret").unwrap());
    client.get_clip("c1").send().await.unwrap();

    // A document that names another issuer than its URL is refused.
    let err = OpenIdProvider::discover(&format!("{}/other/.well-known/openid-configuration", server.uri()))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("names the issuer"), "{err}");
}
