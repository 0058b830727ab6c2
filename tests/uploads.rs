//! Multipart uploads of Zoom Users, Zoom Rooms, Zoho CRM and Zoho Bigin
//! against a real HTTP server on 127.0.0.1.

mod common;

use common::{bigin_client, crm_client, parts, single_request, zoom_client, TOKEN};
use serde_json::json;
use specgen_clients::runtime::{Error, FilePart};
use specgen_clients::zoho_bigin::types::BiginModule;
use specgen_clients::zoho_crm::records::UploadRecordPhotoError;
use specgen_clients::zoho_crm::types::{CrmModule, RestrictTriggers};
use specgen_clients::zoom::rooms::ChangeRoomAppVersionError;
use specgen_clients::zoom::types::{AppVersionAction, VirtualBackgroundType};
use specgen_clients::zoom::users::UploadVirtualBackgroundError;
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR-test-bytes";

#[tokio::test]
async fn virtual_background_upload_sends_the_file_part() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/users/me/settings/virtual_backgrounds"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({
            "id": "_Tcj7354w6eHw",
            "name": "u=mdbhhfg3y7&fm=2fdjs0.jpg",
            "type": "image",
            "is_default": false,
            "size": 53434
        })))
        .expect(1)
        .mount(&server)
        .await;
    let created = zoom_client(&server)
        .upload_virtual_background("me", FilePart::from_bytes(PNG, "beach.png"))
        .send()
        .await
        .unwrap();
    assert_eq!(created.id.as_deref(), Some("_Tcj7354w6eHw"));
    assert_eq!(created.type_, Some(VirtualBackgroundType::Image));
    assert_eq!(created.size, Some(53434));
    let request = single_request(&server).await;
    let parts = parts(&request).await;
    assert_eq!(parts.len(), 1);
    assert_eq!(parts[0].name, "file");
    assert_eq!(parts[0].file_name.as_deref(), Some("beach.png"));
    assert_eq!(parts[0].content_type.as_deref(), Some("image/png"));
    assert_eq!(&parts[0].bytes[..], PNG);
}

#[tokio::test]
async fn virtual_background_limits_fail_before_sending() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(201)).expect(0).mount(&server).await;
    let client = zoom_client(&server);
    // 15 MB plus one byte, announced by length: refused before a byte is read.
    let reader = tokio::io::repeat(0);
    let big = FilePart::from_reader(tokio::io::AsyncReadExt::take(reader, 0), Some(15 * 1024 * 1024 + 1), "big.png");
    let err = client.upload_virtual_background("me", big).send().await.unwrap_err();
    assert!(
        matches!(&err, Error::Validation(v) if v.field == "file" && v.reason == "is 15728641 bytes, over the limit of 15728640 bytes"),
        "{err:?}"
    );
    let exe = FilePart::from_bytes(&b"MZ"[..], "virus.exe");
    let err = client.upload_virtual_background("me", exe).send().await.unwrap_err();
    assert!(
        matches!(&err, Error::Validation(v) if v.reason == "must be a file of type jpg, jpeg, gif, png, mp4, mov"),
        "{err:?}"
    );
}

#[tokio::test]
async fn virtual_background_error_120() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(400).set_body_json(json!({ "code": 120, "message": "File size cannot exceed 15M." })),
        )
        .mount(&server)
        .await;
    let err = zoom_client(&server)
        .upload_virtual_background("me", FilePart::from_bytes(PNG, "a.png"))
        .send()
        .await
        .unwrap_err();
    let Error::Api(e @ UploadVirtualBackgroundError::Code120(_)) = err else { panic!("expected Code120, got {err:?}") };
    assert!(e.documented_meaning().unwrap().contains("A maximum of 10 files are allowed for a user."));
}

#[tokio::test]
async fn rooms_app_version_sends_the_action_field() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/rooms/room%201/devices/dev-2/app_version"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    zoom_client(&server).change_room_app_version("room 1", "dev-2", AppVersionAction::Downgrade).send().await.unwrap();
    let request = single_request(&server).await;
    let parts = parts(&request).await;
    assert_eq!(parts.len(), 1);
    assert_eq!(parts[0].name, "action");
    assert_eq!(parts[0].file_name, None);
    assert_eq!(&parts[0].bytes[..], b"downgrade");
}

#[tokio::test]
async fn rooms_app_version_errors() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({ "code": 8002, "message": "Cannot process" })))
        .mount(&server)
        .await;
    let err = zoom_client(&server).change_room_app_version("r", "d", "cancel").send().await.unwrap_err();
    assert!(matches!(err, Error::Api(ChangeRoomAppVersionError::Code8002(_))), "{err:?}");
}

#[tokio::test]
async fn crm_photo_upload_sends_auth_query_and_file() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/crm/v2/Leads/3719520000000326007/photo"))
        .and(query_param("restrict_triggers", "workflow"))
        .and(header("authorization", format!("Zoho-oauthtoken {TOKEN}").as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "message": "photo uploaded successfully",
            "details": {},
            "status": "success",
            "code": "SUCCESS"
        })))
        .expect(1)
        .mount(&server)
        .await;
    let done = crm_client(&server)
        .upload_record_photo(CrmModule::Leads, 3719520000000326007, FilePart::from_bytes(PNG, "img1.png"))
        .restrict_triggers(RestrictTriggers::Workflow)
        .send()
        .await
        .unwrap();
    assert_eq!(done.code.as_deref(), Some("SUCCESS"));
    let request = single_request(&server).await;
    let parts = parts(&request).await;
    assert_eq!((parts[0].name.as_str(), parts[0].file_name.as_deref()), ("file", Some("img1.png")));
    assert_eq!(&parts[0].bytes[..], PNG);
}

#[tokio::test]
async fn crm_custom_modules_and_invalid_module() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/crm/v2/Custom_Module1/42/photo"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "code": "INVALID_MODULE",
            "details": {},
            "message": "the module name given seems to be invalid",
            "status": "error"
        })))
        .expect(1)
        .mount(&server)
        .await;
    let err = crm_client(&server)
        .upload_record_photo("Custom_Module1", 42, FilePart::from_bytes(PNG, "a.png"))
        .send()
        .await
        .unwrap_err();
    match err {
        Error::Api(UploadRecordPhotoError::InvalidModule(api)) => {
            assert_eq!(api.message.as_deref(), Some("the module name given seems to be invalid"));
        }
        other => panic!("expected InvalidModule, got {other:?}"),
    }
    assert_eq!(CrmModule::from("Custom_Module1"), CrmModule::Other("Custom_Module1".into()));
}

#[tokio::test]
async fn crm_415_file_too_large_and_common_500() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/crm/v2/Leads/1/photo"))
        .respond_with(ResponseTemplate::new(415).set_body_json(
            json!({ "code": "FILE_SIZE_MORE_THAN_ALLOWED_SIZE", "message": "x", "status": "error", "details": {} }),
        ))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/crm/v2/Leads/2/photo"))
        .respond_with(
            ResponseTemplate::new(500)
                .set_body_json(json!({ "code": "INTERNAL_ERROR", "message": "x", "status": "error", "details": {} })),
        )
        .mount(&server)
        .await;
    let client = crm_client(&server);
    let err = client.upload_record_photo("Leads", 1, FilePart::from_bytes(PNG, "a.png")).send().await.unwrap_err();
    assert!(matches!(err, Error::Api(UploadRecordPhotoError::FileSizeMoreThanAllowedSize(_))), "{err:?}");
    let err = client.upload_record_photo("Leads", 2, FilePart::from_bytes(PNG, "a.png")).send().await.unwrap_err();
    assert!(matches!(err, Error::Api(UploadRecordPhotoError::InternalError(_))), "{err:?}");
}

#[tokio::test]
async fn bigin_photo_upload() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/bigin/v1/Contacts/3000000038009/photo"))
        .and(header("authorization", format!("Zoho-oauthtoken {TOKEN}").as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "message": "photo uploaded successfully", "details": {}, "status": "success", "code": "SUCCESS"
        })))
        .expect(1)
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("img1.png");
    std::fs::write(&file, PNG).unwrap();
    let done = bigin_client(&server)
        .upload_record_photo(BiginModule::Contacts, 3000000038009, FilePart::from_path(&file))
        .send()
        .await
        .unwrap();
    assert_eq!(done.status.as_deref(), Some("success"));
    let request = single_request(&server).await;
    assert_eq!(parts(&request).await[0].bytes, PNG);
}

#[test]
fn clients_refuse_plain_http_to_other_hosts_and_unknown_variables() {
    let err =
        specgen_clients::zoho_crm::Client::builder().token("t").variable("api-domain", "http://example.com").build();
    assert!(err.unwrap_err().reason.contains("must use https"));
    let err = specgen_clients::zoho_crm::Client::builder().token("t").variable("api-domian", "https://x.y").build();
    assert_eq!(err.unwrap_err().reason, "`zoho_crm` has no server variable `api-domian`");
    let client = specgen_clients::zoho_crm::Client::builder().token("secret-token").build().unwrap();
    assert!(!format!("{client:?}").contains("secret-token"));
}

#[tokio::test]
async fn closed_enums_refuse_unknown_values_before_sending() {
    let server = MockServer::start().await;
    Mock::given(method("PUT")).respond_with(ResponseTemplate::new(204)).expect(0).mount(&server).await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(200)).expect(0).mount(&server).await;
    let err = zoom_client(&server).change_room_app_version("r", "d", "reinstall").send().await.unwrap_err();
    match err {
        Error::Validation(v) => assert_eq!(v.to_string(), "`action` must be one of upgrade, downgrade, cancel"),
        other => panic!("expected a validation error, got {other:?}"),
    }
    let err = bigin_client(&server)
        .upload_record_photo("Deals", 1, FilePart::from_bytes(PNG, "a.png"))
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Validation(v) if v.reason == "must be one of Contacts, Companies, Products"),
        "{err:?}"
    );
    let err = crm_client(&server)
        .upload_record_photo("Leads", 1, FilePart::from_bytes(PNG, "a.png"))
        .restrict_triggers("blueprint")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(&err, Error::Validation(v) if v.field == "restrict_triggers"), "{err:?}");
}

/// A body of bytes goes out as it is, with its length and a content type:
/// the part's own, else the spec's media type when it names one type, else
/// one guessed from the file name. A content type that would break its
/// header is refused before anything is sent.
#[tokio::test]
async fn a_binary_body_is_sent_as_it_is() {
    use specgen_clients::runtime::{self, Method};
    use specgen_clients::zoom;

    let server = MockServer::start().await;
    Mock::given(method("PUT")).and(path("/bytes")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let client = runtime::Client::builder(&zoom::API)
        .token(TOKEN)
        .server_url(zoom::Server::Default, server.uri())
        .build()
        .unwrap();
    let send = |part: FilePart, media_type: &'static str| {
        let request = runtime::Request::new("put_bytes", Method::PUT, 0, "/bytes").binary(part, media_type);
        client.execute::<runtime::ApiError>(request)
    };
    send(FilePart::from_bytes(&b"%PDF-1.7"[..], "a.bin"), "application/pdf").await.unwrap();
    send(FilePart::from_bytes(&b"\x89PNG"[..], "a.png"), "image/*").await.unwrap();
    send(FilePart::from_bytes(&b"RIFF"[..], "a.png").content_type("image/webp"), "image/*").await.unwrap();
    let path = std::env::temp_dir().join(format!("specgen-binary-{}.txt", std::process::id()));
    std::fs::write(&path, b"from a file").unwrap();
    send(FilePart::from_path(&path), "application/octet-stream").await.unwrap();
    std::fs::remove_file(&path).unwrap();

    let err = send(FilePart::from_bytes(&b"x"[..], "a").content_type("text/plain\r\nX-Evil: 1"), "image/*")
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Validation(_)), "{err:?}");

    let requests = server.received_requests().await.unwrap();
    let seen: Vec<(&[u8], &str, &str)> = requests
        .iter()
        .map(|r| {
            let header = |name: &str| r.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or("");
            (&r.body[..], header("content-type"), header("content-length"))
        })
        .collect();
    assert_eq!(
        seen,
        [
            (&b"%PDF-1.7"[..], "application/pdf", "8"),
            (&b"\x89PNG"[..], "image/png", "4"),
            (&b"RIFF"[..], "image/webp", "4"),
            (&b"from a file"[..], "application/octet-stream", "11"),
        ],
        "nothing sent for the refused content type"
    );
}

/// A URL-encoded form goes out as `k=v&k=v`, each value encoded, with its content type.
#[tokio::test]
async fn a_url_encoded_form_is_sent_encoded() {
    use specgen_clients::runtime::{self, Method, UrlEncoded};
    use specgen_clients::zoom;

    let server = MockServer::start().await;
    Mock::given(method("POST")).and(path("/search")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let client = runtime::Client::builder(&zoom::API)
        .token(TOKEN)
        .server_url(zoom::Server::Default, server.uri())
        .build()
        .unwrap();
    let form =
        UrlEncoded::new().text("criteria", "a:b AND c&d=é").text_opt("rows", Some(5)).text_opt("none", None::<i64>);
    let request = runtime::Request::new("search", Method::POST, 0, "/search").form(form);
    client.execute::<runtime::ApiError>(request).await.unwrap();
    let request = single_request(&server).await;
    assert_eq!(request.headers.get("content-type").unwrap(), "application/x-www-form-urlencoded");
    assert_eq!(String::from_utf8(request.body).unwrap(), "criteria=a%3Ab+AND+c%26d%3D%C3%A9&rows=5");
}
