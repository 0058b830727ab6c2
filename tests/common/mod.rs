//! Helpers shared by the runtime tests: clients pointed at a local server and
//! a multipart reader for asserting upload bodies.

#![allow(dead_code)]

use bytes::Bytes;
use wiremock::{MockServer, Request};

use specgen_clients::{zoho_bigin, zoho_crm, zoom};

pub const TOKEN: &str = "test-token-123";

/// A minimal clip as the API answers it.
pub fn clip() -> serde_json::Value {
    serde_json::json!({ "clip_id": "c1", "title": "t" })
}

/// The default retry policy with short waits, so retry tests run fast.
pub fn fast_retries() -> specgen_clients::runtime::RetryPolicy {
    specgen_clients::runtime::RetryPolicy {
        initial_backoff: std::time::Duration::from_millis(10),
        max_backoff: std::time::Duration::from_millis(50),
        ..Default::default()
    }
}

/// A Zoom client whose servers (API and file API) are the local server.
pub fn zoom_client(server: &MockServer) -> zoom::Client {
    zoom::Client::builder()
        .token(TOKEN)
        .server_url(zoom::Server::Default, server.uri())
        .server_url(zoom::Server::Files, format!("{}/files", server.uri()))
        .build()
        .expect("client builds")
}

/// A Zoom client builder whose servers (API and file API) are both the local server.
pub fn zoom_builder(server: &MockServer) -> zoom::ClientBuilder {
    zoom::Client::builder()
        .server_url(zoom::Server::Default, server.uri())
        .server_url(zoom::Server::Files, server.uri())
}

/// A copy of this repository's `spec/` in a temporary folder, to change it there.
pub fn spec_copy() -> (tempfile::TempDir, std::path::PathBuf) {
    fn copy(from: &std::path::Path, to: &std::path::Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let path = entry.unwrap().path();
            let target = to.join(path.file_name().unwrap());
            if path.is_dir() {
                copy(&path, &target);
            } else {
                std::fs::copy(&path, &target).unwrap();
            }
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("spec");
    copy(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("spec"), &spec);
    (dir, spec)
}

/// Adds a group of two operations, not among the seeds, to the Zoom API of a
/// spec copy: what a user adding endpoints does. Every check that follows the
/// spec must hold for it with no hand-written change.
pub fn add_new_group(spec: &std::path::Path) {
    std::fs::write(
        spec.join("zoom/webinars.yaml"),
        "doc: Webinars.
types:
  Webinar:
    doc: A webinar.
    fields:
      id: { type: integer, required: true, doc: The webinar ID. }
      topic: { type: string, doc: The topic. }
operations:
  get_webinar:
    summary: Get a webinar
    method: GET
    path: /webinars/{webinarId}
    path_params:
      webinarId: { type: integer, doc: The webinar ID., example: 85746065 }
    responses:
      200: { doc: The webinar., body: Webinar }
    errors:
      404:
        3001: Webinar does not exist.
    scopes: [webinar:read]
  delete_webinar:
    summary: Delete a webinar
    method: DELETE
    path: /webinars/{webinarId}
    path_params:
      webinarId: { type: integer, doc: The webinar ID. }
    responses:
      204: { doc: Deleted. }
    errors:
      400:
        300: Invalid webinar ID.
",
    )
    .unwrap();
}

/// Grows every group file of every API in the spec copy at `spec` by a type
/// and an operation that returns it, and removes the last operation of the
/// first group of each API: what a user's everyday edit
/// to an existing spec looks like. Gives the operations removed.
pub fn grow_existing_groups(spec: &std::path::Path) -> Vec<String> {
    use serde_yaml::{Mapping, Value};
    let mut removed = Vec::new();
    let mut apis: Vec<_> = std::fs::read_dir(spec).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()).collect();
    apis.sort();
    for api in apis {
        let mut groups: Vec<_> = std::fs::read_dir(&api)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml") && !p.ends_with("api.yaml"))
            .collect();
        groups.sort();
        let mut removed_here = false;
        for group in groups {
            let name = group.file_stem().unwrap().to_string_lossy().into_owned();
            let camel: String = name.split('_').map(|w| w[..1].to_uppercase() + &w[1..]).collect();
            let mut file: Mapping = serde_yaml::from_str(&std::fs::read_to_string(&group).unwrap()).unwrap();
            let type_name = format!("Grown{camel}Note");
            let new_type: Value = serde_yaml::from_str(
                "doc: A note.\nfields:\n  id: { type: string, required: true, doc: The note ID. }\n  text: { type: string, doc: Its text. }\n",
            )
            .unwrap();
            let types = file.entry("types".into()).or_insert_with(|| Value::Mapping(Mapping::new()));
            types.as_mapping_mut().unwrap().insert(type_name.clone().into(), new_type);
            let operation: Value = serde_yaml::from_str(&format!(
                "summary: Get a note\nmethod: GET\npath: /grown/{name}/{{noteId}}\npath_params:\n  noteId: {{ type: string, doc: The note ID. }}\nresponses:\n  200: {{ doc: The note., body: {type_name} }}\n"
            ))
            .unwrap();
            let operations = file.get_mut("operations").unwrap().as_mapping_mut().unwrap();
            if !removed_here {
                let last = operations.keys().last().unwrap().clone();
                operations.remove(&last);
                removed.push(last.as_str().unwrap().to_owned());
                removed_here = true;
            }
            operations.insert(format!("get_grown_{name}_note").into(), operation);
            std::fs::write(&group, serde_yaml::to_string(&file).unwrap()).unwrap();
        }
    }
    removed
}

/// A Zoho CRM client whose API domain is the local server.
pub fn crm_client(server: &MockServer) -> zoho_crm::Client {
    zoho_crm::Client::builder().token(TOKEN).variable("api-domain", server.uri()).build().expect("client builds")
}

/// A Zoho Bigin client whose API domain is the local server.
pub fn bigin_client(server: &MockServer) -> zoho_bigin::Client {
    zoho_bigin::Client::builder().token(TOKEN).variable("api-domain", server.uri()).build().expect("client builds")
}

/// One part of a multipart body as the server received it.
#[derive(Debug)]
pub struct Part {
    pub name: String,
    pub file_name: Option<String>,
    pub content_type: Option<String>,
    pub bytes: Bytes,
}

/// Parses a received `multipart/form-data` body with `multer`.
pub async fn parts(request: &Request) -> Vec<Part> {
    let content_type = request.headers.get("content-type").and_then(|v| v.to_str().ok()).expect("content type");
    assert!(content_type.starts_with("multipart/form-data"), "{content_type}");
    let boundary = multer::parse_boundary(content_type).expect("boundary");
    let body = Bytes::from(request.body.clone());
    let stream = futures_util::stream::once(async move { Ok::<_, std::convert::Infallible>(body) });
    let mut multipart = multer::Multipart::new(stream, boundary);
    let mut out = Vec::new();
    while let Some(field) = multipart.next_field().await.expect("well-formed multipart") {
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field.file_name().map(str::to_owned);
        let content_type = field.content_type().map(|m| m.to_string());
        let bytes = field.bytes().await.expect("part bytes");
        out.push(Part { name, file_name, content_type, bytes });
    }
    out
}

/// The only request the server received.
pub async fn single_request(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 1, "expected exactly one request");
    requests.remove(0)
}
