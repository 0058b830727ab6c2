//! Every one of the 18 seed operations, against a local server: one success,
//! then every documented error (status and code) of the spec, each of which
//! must come back as its documented variant, never as `Other`.

mod common;

use std::future::Future;
use std::path::Path;
use std::pin::Pin;

use serde_json::{json, Value};
use specgen_clients::runtime::{Error, FilePart, OperationError};
use specgen_clients::zoom::types::{CreateMultipartUpload, CreateMultipartUploadMethod, UploadEvent};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// What a call gave: success, or the status and documented meaning of its error.
type Outcome = Result<(), (u16, Option<&'static str>, bool)>;
type Call = for<'a> fn(&'a Clients, &'a Path) -> Pin<Box<dyn Future<Output = Outcome> + 'a>>;

struct Clients {
    zoom: specgen_clients::zoom::Client,
    crm: specgen_clients::zoho_crm::Client,
    bigin: specgen_clients::zoho_bigin::Client,
}

fn outcome<T, E: OperationError>(result: Result<T, Error<E>>) -> Outcome {
    match result {
        Ok(_) => Ok(()),
        Err(Error::Api(e)) => {
            let other = e.documented_meaning().is_none();
            Err((e.api_error().status, e.documented_meaning(), other))
        }
        Err(other) => panic!("expected an API error, got {other:?}"),
    }
}

fn file(dir: &Path, name: &str) -> FilePart {
    FilePart::from_path(dir.join(name))
}

/// (api, operation, method, path, success status, success body, call)
type Row = (&'static str, &'static str, &'static str, &'static str, u16, Option<Value>, Call);

fn operations() -> Vec<Row> {
    vec![
        ("zoom", "list_clips", "GET", "/clips", 200, Some(json!({ "data": [] })), |c, _| {
            Box::pin(async { outcome(c.zoom.list_clips().send().await) })
        }),
        (
            "zoom",
            "list_clip_collaborators",
            "GET",
            "/clips/c1/collaborators",
            200,
            Some(json!({ "data": [] })),
            |c, _| Box::pin(async { outcome(c.zoom.list_clip_collaborators("c1").send().await) }),
        ),
        ("zoom", "remove_clip_collaborator", "DELETE", "/clips/c1/collaborators", 204, None, |c, _| {
            Box::pin(async { outcome(c.zoom.remove_clip_collaborator("c1").user_key("u1").send().await) })
        }),
        ("zoom", "list_clip_comments", "GET", "/clips/c1/comments", 200, Some(json!({ "data": [] })), |c, _| {
            Box::pin(async { outcome(c.zoom.list_clip_comments("c1").send().await) })
        }),
        ("zoom", "delete_clip_comment", "DELETE", "/clips/c1/comments/m1", 204, None, |c, _| {
            Box::pin(async { outcome(c.zoom.delete_clip_comment("c1", "m1").send().await) })
        }),
        ("zoom", "download_clip", "GET", "/clips/c1/download", 200, None, |c, _| {
            Box::pin(async { outcome(c.zoom.download_clip("c1").send().await) })
        }),
        ("zoom", "get_clip", "GET", "/clips/c1", 200, Some(json!({ "clip_id": "c1" })), |c, _| {
            Box::pin(async { outcome(c.zoom.get_clip("c1").send().await) })
        }),
        ("zoom", "delete_clip", "DELETE", "/clips/c1", 204, None, |c, _| {
            Box::pin(async { outcome(c.zoom.delete_clip("c1").send().await) })
        }),
        ("zoom", "update_clip", "PATCH", "/clips/c1", 204, None, |c, _| {
            Box::pin(async { outcome(c.zoom.update_clip("c1").title("t").send().await) })
        }),
        ("zoom", "transfer_clips", "POST", "/clips/transfers", 201, Some(json!({ "task_id": "t1" })), |c, _| {
            Box::pin(async { outcome(c.zoom.transfer_clips("a", "b", "FULL_TRANSFER").send().await) })
        }),
        (
            "zoom",
            "get_clip_transfer",
            "GET",
            "/clips/transfers/t1",
            200,
            Some(
                json!({ "status": "SUCCESS", "transfer_type": "FULL_TRANSFER", "source_owner_user_id": "a", "target_owner_user_id": "b" }),
            ),
            |c, _| Box::pin(async { outcome(c.zoom.get_clip_transfer("t1").send().await) }),
        ),
        ("zoom", "upload_clip_file", "POST", "/files/clips/files", 201, Some(json!({ "clip_id": "c9" })), |c, d| {
            Box::pin(async move { outcome(c.zoom.upload_clip_file(file(d, "v.mp4")).send().await) })
        }),
        ("zoom", "upload_clip_part", "POST", "/files/clips/files/multipart", 201, Some(json!({})), |c, d| {
            Box::pin(async move { outcome(c.zoom.upload_clip_part(file(d, "v.mp4"), 1, "ctx").send().await) })
        }),
        (
            "zoom",
            "send_clip_upload_event",
            "POST",
            "/files/clips/files/multipart/upload_events",
            201,
            Some(json!({ "upload_context": "x" })),
            |c, _| {
                Box::pin(async {
                    let event = UploadEvent::CreateMultipartUpload(CreateMultipartUpload {
                        method: CreateMultipartUploadMethod::CreateMultipartUpload,
                        params: None,
                    });
                    outcome(c.zoom.send_clip_upload_event(event).send().await)
                })
            },
        ),
        (
            "zoom",
            "upload_virtual_background",
            "POST",
            "/users/me/settings/virtual_backgrounds",
            201,
            Some(json!({ "id": "v" })),
            |c, d| {
                Box::pin(async move { outcome(c.zoom.upload_virtual_background("me", file(d, "bg.png")).send().await) })
            },
        ),
        ("zoom", "change_room_app_version", "PUT", "/rooms/r1/devices/d1/app_version", 204, None, |c, _| {
            Box::pin(async { outcome(c.zoom.change_room_app_version("r1", "d1", "upgrade").send().await) })
        }),
        (
            "zoho_crm",
            "upload_record_photo",
            "POST",
            "/crm/v2/Leads/3719520000000326007/photo",
            200,
            Some(json!({ "code": "SUCCESS" })),
            |c, d| {
                Box::pin(async move {
                    outcome(c.crm.upload_record_photo("Leads", 3719520000000326007, file(d, "p.png")).send().await)
                })
            },
        ),
        (
            "zoho_bigin",
            "upload_record_photo",
            "POST",
            "/bigin/v1/Contacts/3719520000000326007/photo",
            200,
            Some(json!({ "code": "SUCCESS" })),
            |c, d| {
                Box::pin(async move {
                    outcome(c.bigin.upload_record_photo("Contacts", 3719520000000326007, file(d, "p.png")).send().await)
                })
            },
        ),
    ]
}

#[tokio::test]
async fn every_operation_succeeds_and_decodes_every_documented_error() {
    let model = specgen::Generator::new(Path::new(env!("CARGO_MANIFEST_DIR")).join("spec")).check().unwrap();
    let dir = tempfile::tempdir().unwrap();
    for name in ["v.mp4", "bg.png", "p.png"] {
        std::fs::write(dir.path().join(name), b"content").unwrap();
    }
    let server = MockServer::start().await;
    let clients = Clients {
        zoom: common::zoom_client(&server),
        crm: common::crm_client(&server),
        bigin: common::bigin_client(&server),
    };
    let table = operations();
    assert_eq!(table.len(), model.operation_count(), "every operation of the spec is in the table");
    let mut checked_errors = 0;
    for (api_name, op_name, http_method, http_path, status, body, call) in table {
        let api = model.apis.iter().find(|a| a.module == api_name).unwrap();
        let op = api.groups.iter().flat_map(|g| &g.operations).find(|o| o.id == op_name).unwrap();
        assert_eq!((op.method.as_str(), op.response.status), (http_method, status), "{op_name}");

        server.reset().await;
        let success = match &body {
            Some(body) => ResponseTemplate::new(status).set_body_json(body),
            None => ResponseTemplate::new(status),
        };
        Mock::given(method(http_method)).and(path(http_path)).respond_with(success).expect(1).mount(&server).await;
        assert_eq!(call(&clients, dir.path()).await, Ok(()), "{api_name}.{op_name} succeeds");
        server.verify().await;

        for errors in &op.errors {
            let cases: Vec<(Value, String)> = if errors.codes.is_empty() {
                vec![(json!({ "message": "documented status" }), errors.doc.clone().unwrap_or_default())]
            } else {
                errors
                    .codes
                    .iter()
                    .map(|c| {
                        let code =
                            if api.integer_codes { json!(c.code.parse::<i64>().unwrap()) } else { json!(c.code) };
                        (json!({ "code": code, "message": "from the server" }), c.meanings.join(" / "))
                    })
                    .collect()
            };
            for (error_body, meaning) in cases {
                server.reset().await;
                Mock::given(method(http_method))
                    .and(path(http_path))
                    .respond_with(ResponseTemplate::new(errors.status).set_body_json(&error_body))
                    .mount(&server)
                    .await;
                let client = Clients {
                    zoom: specgen_clients::zoom::Client::builder()
                        .token(common::TOKEN)
                        .server_url(specgen_clients::zoom::Server::Default, server.uri())
                        .server_url(specgen_clients::zoom::Server::Files, format!("{}/files", server.uri()))
                        .retry(specgen_clients::runtime::RetryPolicy::none())
                        .build()
                        .unwrap(),
                    crm: common::crm_client(&server),
                    bigin: common::bigin_client(&server),
                };
                let got = call(&client, dir.path()).await;
                let (got_status, got_meaning, other) = got.expect_err("an error status");
                assert_eq!(got_status, errors.status, "{api_name}.{op_name}");
                assert!(!other, "{api_name}.{op_name}: {error_body} decoded as Other");
                assert_eq!(got_meaning.map(str::trim), Some(meaning.trim()), "{api_name}.{op_name}: {error_body}");
                checked_errors += 1;
            }
        }
    }
    // The seeds document this many (status, code) pairs, common errors included.
    assert_eq!(checked_errors, 89);
}
