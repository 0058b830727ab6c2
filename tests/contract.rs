//! Contract test: Prism, an independent mock server, serves each exported
//! OpenAPI document and validates every request the generated client sends.
//! Run with `bash .ci/contract` (it installs Prism and sets `SPECGEN_PRISM`).

mod common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::operations::{operations, Clients};
use specgen_clients::runtime::{self, Error, Method, RetryPolicy};
use specgen_clients::{zoho_bigin, zoho_crm, zoom};

/// A Prism process, stopped when dropped.
struct Prism {
    child: Child,
    url: String,
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// Starts `prism mock --errors` on 127.0.0.1 for one document and waits until it listens.
fn prism(document: &str) -> Prism {
    let bin = std::env::var("SPECGEN_PRISM").expect("SPECGEN_PRISM names the prism executable (see .ci/contract)");
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("generated/openapi").join(document);
    let port = free_port();
    let mut child = Command::new(bin)
        .args(["mock", "--errors", "-h", "127.0.0.1", "-p", &port.to_string()])
        .arg(&path)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("prism starts");
    let stdout = child.stdout.take().expect("stdout");
    let started = Instant::now();
    let mut lines = BufReader::new(stdout).lines();
    loop {
        assert!(started.elapsed() < Duration::from_secs(60), "prism did not start for {document}");
        match lines.next() {
            Some(Ok(line)) if line.contains("Prism is listening") => break,
            Some(Ok(_)) => continue,
            _ => panic!("prism exited while starting for {document}"),
        }
    }
    // Keep draining its output so it never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    Prism { child, url: format!("http://127.0.0.1:{port}") }
}

/// Every server of an API pointed at the mock (Prism matches paths without the server's base path).
fn clients(zoom_mock: &Prism, crm_mock: &Prism, bigin_mock: &Prism) -> Clients {
    Clients {
        zoom: zoom::Client::builder()
            .token("contract-token")
            .server_url(zoom::Server::Default, &zoom_mock.url)
            .server_url(zoom::Server::Files, &zoom_mock.url)
            .retry(RetryPolicy::none())
            .build()
            .unwrap(),
        crm: zoho_crm::Client::builder()
            .token("contract-token")
            .server_url(zoho_crm::Server::Default, &crm_mock.url)
            .retry(RetryPolicy::none())
            .build()
            .unwrap(),
        bigin: zoho_bigin::Client::builder()
            .token("contract-token")
            .server_url(zoho_bigin::Server::Default, &bigin_mock.url)
            .retry(RetryPolicy::none())
            .build()
            .unwrap(),
    }
}

#[tokio::test]
#[ignore = "needs Prism: run `bash .ci/contract`"]
async fn every_operation_passes_prism_request_validation() {
    let (zoom_mock, crm_mock, bigin_mock) = (prism("zoom.yaml"), prism("zoho_crm.yaml"), prism("zoho_bigin.yaml"));
    let clients = clients(&zoom_mock, &crm_mock, &bigin_mock);
    let dir = tempfile::tempdir().unwrap();
    for name in ["v.mp4", "bg.png", "p.png"] {
        std::fs::write(dir.path().join(name), b"content").unwrap();
    }
    let mut failures = Vec::new();
    let table = operations();
    let model = specgen::Generator::new(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("spec")).check().unwrap();
    assert_eq!(table.len(), model.operation_count(), "every operation of the spec is in the table");
    for (api, op, _, _, _, _, call) in table {
        // Prism is written in JavaScript and refuses integers beyond 2^53, so
        // the record ids of the table are exercised by the wiremock tests and
        // a smaller one here.
        let outcome = if op == "upload_record_photo" {
            let file = specgen_clients::runtime::FilePart::from_path(dir.path().join("p.png"));
            if api == "zoho_crm" {
                common::operations::outcome(clients.crm.upload_record_photo("Leads", 3719520000, file).send().await)
            } else {
                common::operations::outcome(
                    clients.bigin.upload_record_photo("Contacts", 3719520000, file).send().await,
                )
            }
        } else {
            call(&clients, dir.path()).await
        };
        if let Err(e) = outcome {
            failures.push(format!("{api}.{op}: {e:?}"));
        }
    }
    assert!(failures.is_empty(), "requests Prism refused:\n{}", failures.join("\n"));
}

#[tokio::test]
#[ignore = "needs Prism: run `bash .ci/contract`"]
async fn a_deviating_request_is_refused() {
    let zoom_mock = prism("zoom.yaml");
    let client = runtime::Client::builder(&zoom::API)
        .token("contract-token")
        .server_url(zoom::Server::Default, &zoom_mock.url)
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    // `page_size` is an integer in the spec.
    let request = runtime::Request::new("list_clips", Method::GET, 0, "/clips").query("page_size", "thirty");
    let err = client.execute::<runtime::ApiError>(request).await.unwrap_err();
    match err {
        Error::Api(api) => assert_eq!(api.status, 400, "{api}"),
        other => panic!("expected Prism to refuse the request, got {other:?}"),
    }
    // A multipart upload without its required file part.
    let form = runtime::Multipart::new().text("upload_context", "ctx");
    let request = runtime::Request::new("upload_clip_part", Method::POST, 0, "/clips/files/multipart").multipart(form);
    let err = client.execute::<runtime::ApiError>(request).await.unwrap_err();
    assert!(matches!(&err, Error::Api(api) if api.status == 400 || api.status == 422), "{err:?}");
}
