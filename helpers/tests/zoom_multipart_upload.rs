//! The Zoom Clips multipart-upload helper against a local server.

use std::sync::atomic::{AtomicUsize, Ordering};

use bytes::Bytes;
use serde_json::json;
use specgen_clients::zoom;
use specgen_helpers::zoom_clips::{upload_in_parts, Progress};
use wiremock::matchers::{body_partial_json, method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const MB: usize = 1024 * 1024;

struct PartEtag(AtomicUsize);

impl Respond for PartEtag {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let n = self.0.fetch_add(1, Ordering::SeqCst) + 1;
        ResponseTemplate::new(201)
            .set_body_json(json!({ "part_number_etag": { "part_number": n, "etag": format!("etag{n}") } }))
    }
}

async fn parts_of(request: &Request) -> Vec<(String, Bytes)> {
    let content_type = request.headers.get("content-type").unwrap().to_str().unwrap();
    let boundary = multer::parse_boundary(content_type).unwrap();
    let body = Bytes::from(request.body.clone());
    let mut form =
        multer::Multipart::new(futures_util::stream::once(async move { Ok::<_, std::io::Error>(body) }), boundary);
    let mut out = Vec::new();
    while let Some(field) = form.next_field().await.unwrap() {
        let name = field.name().unwrap().to_owned();
        out.push((name, field.bytes().await.unwrap()));
    }
    out
}

#[tokio::test]
async fn a_12_mb_file_goes_up_in_three_parts() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/clips/files/multipart/upload_events"))
        .and(body_partial_json(json!({ "method": "CreateMultipartUpload", "params": { "file_name": "talk.mp4" } })))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({ "upload_context": "ctx-9" })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/clips/files/multipart"))
        .respond_with(PartEtag(AtomicUsize::new(0)))
        .expect(3)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/clips/files/multipart/upload_events"))
        .and(body_partial_json(json!({
            "method": "CompleteMultipartUpload",
            "params": {
                "upload_context": "ctx-9",
                "part_number_etags": [
                    { "part_number": 1, "etag": "etag1" },
                    { "part_number": 2, "etag": "etag2" },
                    { "part_number": 3, "etag": "etag3" }
                ]
            }
        })))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({ "clip_id": "clip-12mb" })))
        .expect(1)
        .mount(&server)
        .await;

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("talk.mp4");
    let content: Vec<u8> = (0..12 * MB).map(|i| (i % 253) as u8).collect();
    std::fs::write(&file, &content).unwrap();
    let client = zoom::Client::builder().token("t").server_url(zoom::Server::Files, server.uri()).build().unwrap();

    let mut seen = Vec::new();
    let clip = upload_in_parts(&client, &file, 5 * MB as u64, |p| seen.push(p)).await.unwrap();
    assert_eq!(clip, "clip-12mb");
    assert_eq!(
        seen,
        [
            Progress { parts_done: 1, parts: 3, bytes_done: 5 * MB as u64, bytes: 12 * MB as u64 },
            Progress { parts_done: 2, parts: 3, bytes_done: 10 * MB as u64, bytes: 12 * MB as u64 },
            Progress { parts_done: 3, parts: 3, bytes_done: 12 * MB as u64, bytes: 12 * MB as u64 },
        ]
    );

    // The parts, reassembled, are the file.
    let requests = server.received_requests().await.unwrap();
    let mut reassembled = Vec::new();
    for (i, request) in requests.iter().filter(|r| r.url.path() == "/clips/files/multipart").enumerate() {
        let parts = parts_of(request).await;
        let names: Vec<_> = parts.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["file", "part_number", "upload_context"]);
        assert_eq!(parts[1].1, (i + 1).to_string());
        assert_eq!(parts[2].1, "ctx-9");
        reassembled.extend_from_slice(&parts[0].1);
    }
    assert_eq!(reassembled.len(), content.len());
    assert!(reassembled == content);
}

#[tokio::test]
async fn a_failing_part_names_its_number() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/clips/files/multipart/upload_events"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({ "upload_context": "ctx" })))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/clips/files/multipart"))
        .respond_with(ResponseTemplate::new(429))
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.mp4");
    std::fs::write(&file, vec![1u8; 1000]).unwrap();
    let client = zoom::Client::builder().token("t").server_url(zoom::Server::Files, server.uri()).build().unwrap();
    let err = upload_in_parts(&client, &file, 5 * MB as u64, |_| {}).await.unwrap_err();
    assert!(err.to_string().starts_with("uploading part 1 failed: HTTP 429"), "{err}");
}
