//! The typed mocks (`<api>::mock::MockServer`, runtime feature `mock`): what a
//! mocked answer looks like to the client, and what the mock matches. The
//! emitted conformance test (tests/fixtures_compile.rs) answers every
//! operation of every spec with its example value and each documented error.

use futures_util::FutureExt as _;
use specgen_clients::runtime::mock::wiremock::ResponseTemplate;
use specgen_clients::runtime::{ApiError, Bytes, Error, ErrorCode};
use specgen_clients::zoho_crm::records::UploadRecordPhotoError;
use specgen_clients::zoho_crm::types::{CrmModule, PhotoUploaded};
use specgen_clients::zoom::clips::{GetClipError, ListClipsError};
use specgen_clients::zoom::mock::MockServer;
use specgen_clients::zoom::types::{Clip, ClipList};
use specgen_clients::{zoho_crm, zoom};

fn clip(id: &str) -> Clip {
    Clip { clip_id: Some(id.to_owned()), title: Some(format!("clip {id}")), ..Clip::default() }
}

#[tokio::test]
async fn a_returned_value_comes_back_equal_through_the_client() {
    let mock = MockServer::start().await;
    mock.get_clip("c1").returns(clip("c1")).times(1).await;
    let client = mock.client().unwrap();
    let answer = client.get_clip("c1").send_with_metadata().await.unwrap();
    assert_eq!(answer.status(), 200);
    assert_eq!(answer.headers()["content-type"], "application/json");
    assert_eq!(*answer, clip("c1"));
    mock.verify().await;
}

#[tokio::test]
async fn path_parameters_are_matched_as_the_client_encodes_them() {
    let mock = MockServer::start().await;
    mock.get_clip("a b/../c?d").returns(clip("odd")).await;
    let client = mock.client().unwrap();
    assert_eq!(client.get_clip("a b/../c?d").send().await.unwrap(), clip("odd"));
    // Another id is not this mock's: wiremock answers 404 with no body.
    match client.get_clip("other").send().await {
        Err(Error::Api(GetClipError::Other(e))) => assert_eq!(e.status, 404),
        other => panic!("expected an undocumented 404, got {other:?}"),
    }
}

#[tokio::test]
async fn a_documented_error_comes_back_as_its_own_variant_with_the_documented_meaning() {
    let mock = MockServer::start().await;
    mock.get_clip("gone").fails(GetClipError::Code2000(ApiError::default())).await;
    let error = match mock.client().unwrap().get_clip("gone").send().await {
        Err(Error::Api(error @ GetClipError::Code2000(_))) => error,
        other => panic!("expected Code2000, got {other:?}"),
    };
    let api = error.api_error();
    assert_eq!((api.status, api.code.clone()), (404, Some(ErrorCode::Int(2000))));
    assert_eq!(api.message.as_deref(), error.documented_meaning());
    assert_eq!(serde_json::from_slice::<serde_json::Value>(&api.body).unwrap()["code"], 2000);
}

#[tokio::test]
async fn an_error_keeps_the_message_headers_and_request_id_it_is_given() {
    let mock = MockServer::start().await;
    let mut headers = specgen_clients::runtime::reqwest::header::HeaderMap::new();
    headers.insert("x-ratelimit-remaining", "0".parse().unwrap());
    let given = ApiError {
        message: Some("slow down".to_owned()),
        request_id: Some("req-1".to_owned()),
        headers,
        ..ApiError::default()
    };
    mock.list_clips().fails(ListClipsError::TooManyRequests(given)).times(1).await;
    // No retries: the mocked 429 comes back at once.
    match mock.client().unwrap().list_clips().send().await {
        Err(Error::Api(ListClipsError::TooManyRequests(e))) => {
            assert_eq!((e.status, e.code.as_ref()), (429, None));
            assert_eq!(e.message.as_deref(), Some("slow down"));
            assert_eq!(e.request_id.as_deref(), Some("req-1"));
            assert_eq!(e.headers["x-ratelimit-remaining"], "0");
        }
        other => panic!("expected TooManyRequests, got {other:?}"),
    }
    mock.verify().await;
}

#[tokio::test]
async fn an_undocumented_error_answers_with_its_own_status_code_and_body() {
    let mock = MockServer::start().await;
    let body = Bytes::from_static(br#"{"code": 9999, "message": "new"}"#);
    mock.get_clip("c1").fails(GetClipError::Other(ApiError { status: 418, body, ..ApiError::default() })).await;
    mock.get_clip("c2").fails(GetClipError::Other(ApiError::default())).await;
    let client = mock.client().unwrap();
    match client.get_clip("c1").send().await {
        Err(Error::Api(GetClipError::Other(e))) => {
            assert_eq!((e.status, e.code, e.message.as_deref()), (418, Some(ErrorCode::Int(9999)), Some("new")));
        }
        other => panic!("expected Other, got {other:?}"),
    }
    // A status that is not an error status is answered as 500.
    match client.get_clip("c2").send().await {
        Err(Error::Api(GetClipError::Other(e))) => assert_eq!(e.status, 500),
        other => panic!("expected Other, got {other:?}"),
    }
}

#[tokio::test]
async fn string_codes_enum_and_integer_path_parameters() {
    let mock = zoho_crm::mock::MockServer::start().await;
    mock.upload_record_photo("Leads", 42).fails(UploadRecordPhotoError::InvalidData(ApiError::default())).await;
    mock.upload_record_photo(CrmModule::Contacts, 7)
        .returns(PhotoUploaded { status: Some("success".to_owned()), ..PhotoUploaded::default() })
        .await;
    let client = mock.client().unwrap();
    let photo = || specgen_clients::runtime::FilePart::from_bytes(&b"png"[..], "a.png");
    match client.upload_record_photo("Leads", 42, photo()).send().await {
        Err(Error::Api(UploadRecordPhotoError::InvalidData(e))) => {
            assert_eq!(e.code, Some(ErrorCode::Str("INVALID_DATA".to_owned())));
        }
        other => panic!("expected InvalidData, got {other:?}"),
    }
    let uploaded = client.upload_record_photo("Contacts", 7, photo()).send().await.unwrap();
    assert_eq!(uploaded.status.as_deref(), Some("success"));
}

#[tokio::test]
async fn binary_and_empty_successes() {
    let mock = MockServer::start().await;
    mock.download_clip("c1").returns(&b"\x00video"[..]).await;
    mock.delete_clip("c1").succeeds().await;
    let client = mock.client().unwrap();
    let body = client.download_clip("c1").send().await.unwrap();
    assert_eq!(body.content_type(), Some("application/octet-stream"));
    assert_eq!(&body.collect_bytes().await.unwrap()[..], b"\x00video");
    client.delete_clip("c1").send().await.unwrap();
}

#[tokio::test]
async fn query_values_and_up_to_answer_the_pages_of_a_listing_in_turn() {
    let mock = MockServer::start().await;
    let page = |ids: &[&str], next: &str| ClipList {
        data: Some(ids.iter().map(|id| clip(id)).collect()),
        next_page_token: Some(next.to_owned()),
        ..ClipList::default()
    };
    mock.list_clips().query("next_page_token", "p2").returns(page(&["c3"], "")).times(1).await;
    mock.list_clips().returns(page(&["c1", "c2"], "p2")).up_to(1).await;
    let client = mock.client().unwrap();
    let first = client.list_clips().send().await.unwrap();
    let second = client.list_clips().next_page_token(first.next_page_token.unwrap()).send().await.unwrap();
    assert_eq!(second.data, Some(vec![clip("c3")]));
    // The first answer was for one request only: a third finds no answer.
    assert!(matches!(client.list_clips().send().await, Err(Error::Api(ListClipsError::Other(_)))));
    mock.verify().await;
}

#[tokio::test]
async fn an_unmet_expectation_fails_verification() {
    let mock = MockServer::start().await;
    mock.delete_clip("c1").succeeds().times(2).await;
    mock.client().unwrap().delete_clip("c1").send().await.unwrap();
    let verified = std::panic::AssertUnwindSafe(mock.verify()).catch_unwind().await;
    assert!(verified.is_err(), "one call of two expected must fail verification");
    // Forgotten, so that dropping the server does not check it again.
    mock.reset().await;
}

#[tokio::test]
async fn a_response_of_the_tests_own_making() {
    let mock = MockServer::start().await;
    mock.get_clip("c1").responds(ResponseTemplate::new(200).set_body_string("not json")).await;
    let client = mock.client().unwrap();
    assert!(matches!(client.get_clip("c1").send().await, Err(Error::Decode(_))));
    // The client the mock gives can be changed before it is built.
    let client: zoom::Client = mock.client_builder().user_agent("tests/1").build().unwrap();
    let _ = client.get_clip("c1").send().await;
    let requests = mock.wiremock().received_requests().await.unwrap();
    assert_eq!(requests.last().unwrap().headers["user-agent"], "tests/1");
    assert_eq!(requests[0].headers["authorization"], "Bearer mock-token");
}

#[tokio::test]
async fn a_value_json_cannot_hold_is_refused_by_the_mock_not_answered_as_null() {
    let mock = MockServer::start().await;
    for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        let value = Clip { duration: Some(bad), ..clip("c1") };
        let refused = std::panic::AssertUnwindSafe(async { mock.get_clip("c1").returns(value).await })
            .catch_unwind()
            .await
            .expect_err("the mock refuses the value");
        let message = refused.downcast_ref::<String>().cloned().unwrap_or_default();
        assert!(
            message.starts_with("the mock of `GET /clips/{clipId}` cannot answer with this value:")
                && message.contains(" at $.duration cannot be sent as JSON"),
            "{message}"
        );
    }
    // Nothing was mounted: the client is not answered with `null` for the duration.
    let client = mock.client().unwrap();
    assert!(matches!(client.get_clip("c1").send().await, Err(Error::Api(GetClipError::Other(e))) if e.status == 404));
}

/// The mock checks credentials as the API would: a request without the
/// token the API requires is answered 401 (and the expectation is not met),
/// and an operation can be told to answer 401 or 403 itself.
#[tokio::test]
async fn a_request_without_credentials_is_answered_401_and_401_or_403_can_be_asked_for() {
    let mock = MockServer::start().await;
    mock.get_clip("c1").returns(clip("c1")).await;
    let anonymous = zoom::Client::builder()
        .server_url(zoom::Server::Default, mock.uri())
        .server_url(zoom::Server::Files, mock.uri())
        .retry(specgen_clients::runtime::RetryPolicy::none())
        .build()
        .unwrap();
    match anonymous.get_clip("c1").send().await {
        Err(Error::Api(e)) => {
            assert_eq!(e.api_error().status, 401);
            assert!(e.api_error().message.as_deref().unwrap_or_default().contains("no credentials"), "{e:?}");
        }
        other => panic!("expected a 401, got {other:?}"),
    }
    let client = mock.client().unwrap();
    assert_eq!(client.get_clip("c1").send().await.unwrap(), clip("c1"));

    mock.get_clip("c2").unauthorized().await;
    mock.get_clip("c3").forbidden().await;
    let status = |result: Result<Clip, Error<GetClipError>>| match result {
        Err(Error::Api(e)) => e.api_error().status,
        other => panic!("expected an error, got {other:?}"),
    };
    assert_eq!(status(client.get_clip("c2").send().await), 401);
    assert_eq!(status(client.get_clip("c3").send().await), 403);
}

/// A mock matches on the request body: JSON equal to a typed value, a
/// predicate on the decoded typed body, a form field's text.
#[tokio::test]
async fn answers_are_chosen_by_the_request_body() {
    use specgen_clients::zoom::rooms::ChangeRoomAppVersionError;
    use specgen_clients::zoom::types::{TransferCreated, TransferRequest, TransferType};
    let mock = MockServer::start().await;
    let request = |ids: Option<Vec<String>>| TransferRequest {
        source_owner_user_id: "u1".into(),
        target_owner_user_id: "u2".into(),
        transfer_type: TransferType::PartialTransfer,
        clip_id_list: ids,
    };
    let created = |id: &str| TransferCreated { task_id: id.to_owned() };
    mock.transfer_clips().with_body(request(Some(vec!["c1".into()]))).returns(created("exact")).await;
    mock.transfer_clips()
        .with_body_matching(|b: &TransferRequest| b.clip_id_list.as_ref().is_some_and(|ids| ids.len() > 1))
        .returns(created("many"))
        .await;
    let client = mock.client().unwrap();
    let transfer = |ids: &[&str]| {
        client.transfer_clips("u1", "u2", "PARTIAL_TRANSFER").clip_id_list(ids.iter().map(|s| s.to_string()).collect())
    };
    assert_eq!(transfer(&["c1"]).send().await.unwrap().task_id, "exact");
    assert_eq!(transfer(&["c1", "c2"]).send().await.unwrap().task_id, "many");
    // A body neither matches is not this mock's: wiremock answers 404.
    assert!(matches!(transfer(&["c9"]).send().await, Err(Error::Api(_))));

    mock.change_room_app_version("r1", "d1").with_form_field("action", "upgrade").succeeds().times(1).await;
    mock.change_room_app_version("r1", "d1")
        .with_form_field("action", "cancel")
        .fails(ChangeRoomAppVersionError::Code8003(ApiError::default()))
        .await;
    client.change_room_app_version("r1", "d1", "upgrade").send().await.unwrap();
    match client.change_room_app_version("r1", "d1", "cancel").send().await {
        Err(Error::Api(ChangeRoomAppVersionError::Code8003(_))) => {}
        other => panic!("{other:?}"),
    }
    mock.verify().await;
}
