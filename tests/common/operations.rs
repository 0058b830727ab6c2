//! The 18 seed operations as a table: how to call each with example values,
//! and what the spec says about its request and success response.

use std::future::Future;
use std::path::Path;
use std::pin::Pin;

use serde_json::{json, Value};
use specgen_clients::runtime::{Error, FilePart, OperationError};
use specgen_clients::zoom::types::{CreateMultipartUpload, CreateMultipartUploadMethod, UploadEvent};

/// What a call gave: success, or the status and documented meaning of its error.
pub type Outcome = Result<(), (u16, Option<&'static str>, bool)>;
pub type Call = for<'a> fn(&'a Clients, &'a Path) -> Pin<Box<dyn Future<Output = Outcome> + 'a>>;

pub struct Clients {
    pub zoom: specgen_clients::zoom::Client,
    pub crm: specgen_clients::zoho_crm::Client,
    pub bigin: specgen_clients::zoho_bigin::Client,
}

pub fn outcome<T, E: OperationError>(result: Result<T, Error<E>>) -> Outcome {
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
pub type Row = (&'static str, &'static str, &'static str, &'static str, u16, Option<Value>, Call);

pub fn operations() -> Vec<Row> {
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
