//! The generated Zoom Clips client against a real HTTP server on 127.0.0.1.

mod common;

use common::{parts, single_request, zoom_client, TOKEN};
use futures_util::TryStreamExt;
use serde_json::json;
use specgen_clients::runtime::{Error, FilePart};
use specgen_clients::zoom::clips::{GetClipError, ListClipsError, UpdateClipError};
use specgen_clients::zoom::types::{
    ClipStatus, CollaboratorType, CompleteMultipartUpload, CompleteMultipartUploadMethod,
    CompleteMultipartUploadParams, CreateMultipartUpload, CreateMultipartUploadMethod, CreateMultipartUploadParams,
    PartNumberEtag, ShareScope, TransferRequest, TransferType, UploadEvent, UploadEventResult,
};
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn clip_json() -> serde_json::Value {
    json!({
        "title": "clips test title",
        "description": "just for test",
        "duration": 6000,
        "status": "RECORD_SUCCESS",
        "clip_id": "A2RldhYyU08zeDNIeFJJVzBOcHFRVlZQWXlRAQ",
        "owner_id": "pRof_6gpQP2YKDxmglRziA",
        "file_size": 639229,
        "share_link": "https://dev-integration.zoomdev.us/clips/share/A2Rl",
        "share_link_settings": { "passcode": "Dmpy*xy7", "share_scope": "SAME_ORGANIZATON", "enable_passcode": true },
        "created_date": "2024-10-11T01:51:50.631+00:00",
        "modified_date": "2024-10-31T10:06:08.460+00:00",
        "tags": ["testTag"]
    })
}

#[tokio::test]
async fn list_clips_sends_query_and_decodes_the_page() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/clips"))
        .and(query_param("user_id", "me"))
        .and(query_param("page_size", "30"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [clip_json()],
            "next_page_token": "R4aF9Oj0fVM2hhezJTEmSKaBSkfesDwGy42",
            "page_size": 30,
            "total_records": 30
        })))
        .expect(1)
        .mount(&server)
        .await;

    let page = zoom_client(&server).list_clips().user_id("me").page_size(30).send().await.unwrap();
    let clip = &page.data.as_ref().unwrap()[0];
    assert_eq!(clip.status, Some(ClipStatus::RecordSuccess));
    assert_eq!(clip.file_size, Some(639229));
    assert_eq!(clip.duration, Some(6000.0));
    let settings = clip.share_link_settings.as_ref().unwrap();
    // The vendor's misspelt wire value round-trips exactly.
    assert_eq!(settings.share_scope, Some(ShareScope::SameOrganizaton));
    assert_eq!(serde_json::to_value(settings).unwrap()["share_scope"], "SAME_ORGANIZATON");
    assert_eq!(page.next_page_token.as_deref(), Some("R4aF9Oj0fVM2hhezJTEmSKaBSkfesDwGy42"));
    let request = single_request(&server).await;
    assert_eq!(request.url.query(), Some("user_id=me&page_size=30"));
}

#[tokio::test]
async fn unknown_enum_values_are_kept() {
    let mut clip = clip_json();
    clip["status"] = json!("ARCHIVED_IN_2030");
    clip["share_link_settings"]["share_scope"] = json!("NEW_SCOPE");
    let decoded: specgen_clients::zoom::types::Clip = serde_json::from_value(clip).unwrap();
    assert_eq!(decoded.status, Some(ClipStatus::Other("ARCHIVED_IN_2030".into())));
    let back = serde_json::to_value(&decoded).unwrap();
    assert_eq!(back["status"], "ARCHIVED_IN_2030");
    assert_eq!(back["share_link_settings"]["share_scope"], "NEW_SCOPE");
    assert_eq!(ClipStatus::from("RECORD_START"), ClipStatus::RecordStart);
    assert_eq!(ClipStatus::RecordDelete.to_string(), "RECORD_DELETE");
}

#[tokio::test]
async fn update_clip_sends_only_the_fields_set() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(path("/clips/abc"))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({ "title": "New title", "tags": ["a", "b"] })))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    zoom_client(&server).update_clip("abc").title("New title").tags(vec!["a".into(), "b".into()]).send().await.unwrap();
    let request = single_request(&server).await;
    assert_eq!(request.body, br#"{"tags":["a","b"],"title":"New title"}"#);
}

#[tokio::test]
async fn update_clip_refuses_more_than_ten_tags_before_sending() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH")).respond_with(ResponseTemplate::new(204)).expect(0).mount(&server).await;
    let tags = (0..11).map(|i| format!("t{i}")).collect();
    let err = zoom_client(&server).update_clip("abc").tags(tags).send().await.unwrap_err();
    match err {
        Error::Validation(v) => {
            assert_eq!(v.field, "tags");
            assert_eq!(v.reason, "has 11 items, more than the 10 allowed");
        }
        other => panic!("expected a validation error, got {other:?}"),
    }
}

#[tokio::test]
async fn update_clip_400_without_code_is_bad_request() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .respond_with(ResponseTemplate::new(400).set_body_string("Field 'tags' size exceeds max size 10"))
        .mount(&server)
        .await;
    let err = zoom_client(&server).update_clip("abc").title("x").send().await.unwrap_err();
    let Error::Api(UpdateClipError::BadRequest(api)) = err else { panic!("expected BadRequest, got {err:?}") };
    assert_eq!(api.status, 400);
    assert_eq!(api.code, None);
    assert_eq!(&api.body[..], b"Field 'tags' size exceeds max size 10");
}

#[tokio::test]
async fn get_clip_404_code_2000_is_a_typed_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/clips/missing"))
        .respond_with(
            ResponseTemplate::new(404)
                .insert_header("x-zm-trackingid", "v=2.0;clid=aw1;rid=123")
                .set_body_json(json!({ "code": 2000, "message": "Clip does not exist: missing." })),
        )
        .mount(&server)
        .await;
    let err = zoom_client(&server).get_clip("missing").send().await.unwrap_err();
    match &err {
        Error::Api(GetClipError::Code2000(api)) => {
            assert_eq!(api.status, 404);
            assert_eq!(api.message.as_deref(), Some("Clip does not exist: missing."));
            assert_eq!(api.request_id.as_deref(), Some("v=2.0;clid=aw1;rid=123"));
        }
        other => panic!("expected Code2000, got {other:?}"),
    }
    assert_eq!(err.to_string(), "HTTP 404, code 2000: Clip does not exist: missing. (Clip does not exist: {clipId}.)");
}

#[tokio::test]
async fn undocumented_errors_keep_status_code_message_and_body() {
    let server = MockServer::start().await;
    let body = json!({ "code": 9999, "message": "Something new" });
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(409).set_body_json(&body)).mount(&server).await;
    let err = zoom_client(&server).get_clip("abc").send().await.unwrap_err();
    let Error::Api(GetClipError::Other(api)) = err else { panic!("expected Other, got {err:?}") };
    assert_eq!(api.status, 409);
    assert_eq!(api.code, Some(specgen_clients::runtime::ErrorCode::Int(9999)));
    assert_eq!(api.message.as_deref(), Some("Something new"));
    assert_eq!(serde_json::from_slice::<serde_json::Value>(&api.body).unwrap(), body);
}

#[tokio::test]
async fn common_errors_are_inherited() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({ "code": 1002, "message": "No authenticated" })))
        .mount(&server)
        .await;
    let err = zoom_client(&server).list_clips().send().await.unwrap_err();
    assert!(matches!(err, Error::Api(ListClipsError::Code1002(_))), "{err:?}");
}

#[tokio::test]
async fn path_parameters_stay_one_segment() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/clips/..%2Fusers%2Fme"))
        .respond_with(ResponseTemplate::new(200).set_body_json(clip_json()))
        .expect(1)
        .mount(&server)
        .await;
    zoom_client(&server).get_clip("../users/me").send().await.unwrap();
    let err = zoom_client(&server).get_clip("..").send().await.unwrap_err();
    assert!(matches!(err, Error::Validation(ref v) if v.field == "clipId"), "{err:?}");
}

#[tokio::test]
async fn malformed_json_is_a_decode_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_string("{\"title\": "))
        .mount(&server)
        .await;
    let err = zoom_client(&server).get_clip("abc").send().await.unwrap_err();
    let Error::Decode(decode) = err else { panic!("expected a decode error, got {err:?}") };
    assert_eq!(decode.operation, "get_clip");
    assert_eq!(decode.snippet, "{\"title\": ");
    assert_eq!(&decode.body[..], b"{\"title\": ");
}

#[tokio::test]
async fn collaborators_with_null_fields() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/clips/c1/collaborators"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [{ "type": "EXTERNAL_USER", "role": "VIEWER", "email": "a@b.c", "user_id": null, "channel_id": null }],
            "page_size": 30
        })))
        .mount(&server)
        .await;
    let page = zoom_client(&server).list_clip_collaborators("c1").send().await.unwrap();
    let c = &page.data.unwrap()[0];
    assert_eq!(c.type_, Some(CollaboratorType::ExternalUser));
    assert_eq!(c.email, Some(Some("a@b.c".into())));
    // Null and absent stay distinct.
    assert_eq!(c.user_id, Some(None));
    assert_eq!(c.display_name, None);
}

#[tokio::test]
async fn list_stream_follows_next_page_token() {
    let server = MockServer::start().await;
    for (token, next, ids) in [(None, "p2", ["a", "b"]), (Some("p2"), "p3", ["c", "d"]), (Some("p3"), "", ["e", "f"])] {
        let mut mock = Mock::given(method("GET")).and(path("/clips/c1/comments"));
        mock = match token {
            Some(t) => mock.and(query_param("next_page_token", t)),
            None => mock.and(wiremock::matchers::query_param_is_missing("next_page_token")),
        };
        mock.respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": ids.iter().map(|id| json!({ "comment_id": id, "content": "hi" })).collect::<Vec<_>>(),
            "next_page_token": next
        })))
        .expect(1)
        .mount(&server)
        .await;
    }
    let client = zoom_client(&server);
    let comments: Vec<_> = client.list_clip_comments("c1").page_size(2).into_stream().try_collect().await.unwrap();
    let ids: Vec<_> = comments.iter().map(|c| c.comment_id.clone().unwrap()).collect();
    assert_eq!(ids, ["a", "b", "c", "d", "e", "f"]);
}

#[tokio::test]
async fn delete_operations_return_unit() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/clips/c1"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/clips/c1/comments/m%201"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/clips/c1/collaborators"))
        .and(query_param("user_key", "a@b.c"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let client = zoom_client(&server);
    client.delete_clip("c1").send().await.unwrap();
    client.delete_clip_comment("c1", "m 1").send().await.unwrap();
    client.remove_clip_collaborator("c1").user_key("a@b.c").send().await.unwrap();
}

#[tokio::test]
async fn download_streams_the_file_after_a_redirect() {
    let server = MockServer::start().await;
    let target = format!("{}/file/clip.mp4", server.uri());
    Mock::given(method("GET"))
        .and(path("/clips/c1/download"))
        .respond_with(ResponseTemplate::new(302).insert_header("location", target.as_str()))
        .mount(&server)
        .await;
    let video: Vec<u8> = (0..100_000u32).map(|i| (i % 251) as u8).collect();
    Mock::given(method("GET"))
        .and(path("/file/clip.mp4"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(video.clone()))
        .mount(&server)
        .await;
    let stream = zoom_client(&server).download_clip("c1").send().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("clip.mp4");
    assert_eq!(stream.write_to_file(&file).await.unwrap(), video.len() as u64);
    assert_eq!(std::fs::read(&file).unwrap(), video);

    // With its metadata, a download is still streamed: the body is the value.
    let response = zoom_client(&server).download_clip("c1").send_with_metadata().await.unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.body().is_empty());
    let streamed = response.into_value().collect_bytes().await.unwrap();
    assert_eq!(streamed.as_ref(), video.as_slice());
}

#[tokio::test]
async fn transfers_send_json_and_decode() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/clips/transfers"))
        .and(body_json(json!({
            "source_owner_user_id": "user_123",
            "target_owner_user_id": "user_234",
            "transfer_type": "PARTIAL_TRANSFER",
            "clip_id_list": ["clip_id_123"]
        })))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({ "task_id": "task_id_123" })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/clips/transfers/task_id_123"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "status": "FAILED",
            "transfer_type": "PARTIAL_TRANSFER",
            "source_owner_user_id": "user_123",
            "target_owner_user_id": "user_234",
            "clip_id_list": ["clip_id_123"]
        })))
        .mount(&server)
        .await;
    let client = zoom_client(&server);
    let created = client
        .transfer_clips("user_123", "user_234", TransferType::PartialTransfer)
        .clip_id_list(vec!["clip_id_123".into()])
        .send()
        .await
        .unwrap();
    assert_eq!(created.task_id, "task_id_123");
    let task = client.get_clip_transfer(&created.task_id).send().await.unwrap();
    assert_eq!(task.status, specgen_clients::zoom::types::TransferTaskStatus::Failed);
    let _ = TransferRequest {
        source_owner_user_id: "a".into(),
        target_owner_user_id: "b".into(),
        transfer_type: "FULL_TRANSFER".into(),
        clip_id_list: None,
    };
}

#[tokio::test]
async fn uploads_go_to_the_file_server_as_multipart() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/files/clips/files"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({ "clip_id": "xBvggqyjQUal6TecwMlYwE" })))
        .expect(1)
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("demo.mp4");
    std::fs::write(&file, b"not really a video").unwrap();
    let uploaded = zoom_client(&server).upload_clip_file(FilePart::from_path(&file)).send().await.unwrap();
    assert_eq!(uploaded.clip_id.as_deref(), Some("xBvggqyjQUal6TecwMlYwE"));
    let request = single_request(&server).await;
    let parts = parts(&request).await;
    assert_eq!(parts.len(), 1);
    assert_eq!(parts[0].name, "file");
    assert_eq!(parts[0].file_name.as_deref(), Some("demo.mp4"));
    assert_eq!(parts[0].content_type.as_deref(), Some("video/mp4"));
    assert_eq!(&parts[0].bytes[..], b"not really a video");
}

#[tokio::test]
async fn upload_part_checks_its_range_and_sends_text_fields() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/files/clips/files/multipart"))
        .respond_with(
            ResponseTemplate::new(201)
                .set_body_json(json!({ "part_number_etag": { "part_number": 1, "etag": "etag1" } })),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = zoom_client(&server);
    let err =
        client.upload_clip_part(FilePart::from_bytes(vec![1u8; 8], "p.bin"), 101, "ctx").send().await.unwrap_err();
    assert!(
        matches!(&err, Error::Validation(v) if v.field == "part_number" && v.reason == "is 101, outside the range 1..=100"),
        "{err:?}"
    );
    let part = client.upload_clip_part(FilePart::from_bytes(vec![7u8; 8], "p.bin"), 1, "ctx-1").send().await.unwrap();
    assert_eq!(part.part_number_etag.unwrap().etag.as_deref(), Some("etag1"));
    let request = single_request(&server).await;
    let parts = parts(&request).await;
    let names: Vec<_> = parts.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["file", "part_number", "upload_context"]);
    assert_eq!(&parts[1].bytes[..], b"1");
    assert_eq!(&parts[2].bytes[..], b"ctx-1");
    assert_eq!(&parts[0].bytes[..], &[7u8; 8]);
}

#[tokio::test]
async fn upload_events_are_one_of_both_ways() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/files/clips/files/multipart/upload_events"))
        .and(body_json(json!({ "method": "CreateMultipartUpload", "params": { "file_name": "big.mp4" } })))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({ "upload_context": "ctx-1" })))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/files/clips/files/multipart/upload_events"))
        .and(body_json(json!({
            "method": "CompleteMultipartUpload",
            "params": { "part_number_etags": [{ "etag": "e1", "part_number": 1 }], "upload_context": "ctx-1" }
        })))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({ "clip_id": "clip-9" })))
        .mount(&server)
        .await;
    let client = zoom_client(&server);
    let created = client
        .send_clip_upload_event(UploadEvent::CreateMultipartUpload(CreateMultipartUpload {
            method: CreateMultipartUploadMethod::CreateMultipartUpload,
            params: Some(CreateMultipartUploadParams { file_name: Some("big.mp4".into()) }),
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(created.upload_context.as_deref(), Some("ctx-1"), "{created:?}");
    let completed = client
        .send_clip_upload_event(UploadEvent::CompleteMultipartUpload(CompleteMultipartUpload {
            method: CompleteMultipartUploadMethod::CompleteMultipartUpload,
            params: Some(CompleteMultipartUploadParams {
                part_number_etags: Some(vec![PartNumberEtag { etag: Some("e1".into()), part_number: Some(1) }]),
                upload_context: Some("ctx-1".into()),
            }),
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(completed.clip_id.as_deref(), Some("clip-9"), "{completed:?}");

    // The vendor marks neither field required: an empty answer decodes too.
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(201).set_body_json(json!({}))).mount(&server).await;
    let empty = zoom_client(&server)
        .send_clip_upload_event(UploadEvent::CompleteMultipartUpload(CompleteMultipartUpload {
            method: CompleteMultipartUploadMethod::CompleteMultipartUpload,
            params: None,
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(empty, UploadEventResult { upload_context: None, clip_id: None });
}

/// A request builder owns what it needs: it outlives the client it came
/// from, and it and its page stream can be sent from a spawned task.
#[tokio::test]
async fn builders_and_page_streams_run_in_spawned_tasks() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/clips/c1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(clip_json()))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/clips/c1/comments"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [{ "comment_id": "a", "content": "hi" }],
            "next_page_token": ""
        })))
        .expect(1)
        .mount(&server)
        .await;
    let (get, list) = {
        let client = zoom_client(&server);
        (client.get_clip("c1"), client.list_clip_comments("c1"))
    };
    let clip = tokio::spawn(get.send()).await.unwrap().unwrap();
    assert_eq!(clip.clip_id.as_deref(), clip_json()["clip_id"].as_str());
    let comments: Vec<_> = tokio::spawn(list.into_stream().try_collect::<Vec<_>>()).await.unwrap().unwrap();
    assert_eq!(comments.len(), 1);
}

#[tokio::test]
async fn a_success_keeps_its_status_headers_and_raw_body_beside_the_value() {
    let server = MockServer::start().await;
    let body = serde_json::to_vec(&clip_json()).unwrap();
    Mock::given(method("GET"))
        .and(path("/clips/c1"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(body.clone(), "application/json")
                .insert_header("x-zm-trackingid", "v=2.0;clid=us06;rid=WEB_1")
                .insert_header("x-ratelimit-remaining", "41"),
        )
        .expect(2)
        .mount(&server)
        .await;

    let client = zoom_client(&server);
    let response = client.get_clip("c1").send_with_metadata().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.metadata().header("x-ratelimit-remaining"), Some("41"));
    assert_eq!(response.metadata().header("x-zm-trackingid"), Some("v=2.0;clid=us06;rid=WEB_1"));
    assert_eq!(response.body().as_ref(), body.as_slice());
    // The typed value is there, through Deref or taken out.
    assert_eq!(response.title.as_deref(), Some("clips test title"));
    let debug = format!("{response:?}");
    assert!(debug.contains("x-ratelimit-remaining") && !debug.contains("41\""), "header values stay out: {debug}");
    let (clip, metadata) = response.into_parts();
    assert_eq!(clip.file_size, Some(639229));
    assert_eq!(metadata.status, 200);

    // The simple case is unchanged.
    let clip = client.get_clip("c1").send().await.unwrap();
    assert_eq!(clip.title.as_deref(), Some("clips test title"));
}

#[tokio::test]
async fn an_error_keeps_its_headers_and_an_empty_success_its_status() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/clips/gone"))
        .respond_with(
            ResponseTemplate::new(404)
                .set_body_json(json!({"code": 2000, "message": "Clip does not exist: gone."}))
                .insert_header("x-ratelimit-remaining", "40"),
        )
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/clips/c1"))
        .respond_with(ResponseTemplate::new(204).insert_header("x-zm-trackingid", "rid=DEL_1"))
        .mount(&server)
        .await;

    let client = zoom_client(&server);
    match client.get_clip("gone").send_with_metadata().await {
        Err(Error::Api(GetClipError::Code2000(e))) => {
            assert_eq!(e.headers.get("x-ratelimit-remaining").unwrap(), "40");
            assert!(!format!("{e:?}").contains("\"40\""), "header values stay out of Debug");
        }
        other => panic!("expected Code2000, got {other:?}"),
    }
    let deleted = client.delete_clip("c1").send_with_metadata().await.unwrap();
    assert_eq!(deleted.status(), 204);
    assert_eq!(deleted.metadata().header("x-zm-trackingid"), Some("rid=DEL_1"));
    assert!(deleted.body().is_empty());
}
