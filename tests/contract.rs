//! Contract test: Prism, an independent mock server, serves each exported
//! OpenAPI document and validates every request the generated client sends.
//! Run with `bash .ci/contract` (it installs Prism and sets `SPECGEN_PRISM`).

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use specgen_clients::runtime::{self, Error, Method, RetryPolicy};
use specgen_clients::zoom;

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

/// Every operation of the spec, called with the example values of its docs
/// by the emitted contract test (`specgen::contract_test`), compiled in a
/// scratch crate against this crate: nothing here names an operation, so a
/// new entry in the spec is checked with no change to this test.
#[test]
#[ignore = "needs Prism: run `bash .ci/contract`"]
fn every_operation_passes_prism_request_validation() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let model = specgen::Generator::new(root.join("spec")).check().unwrap();
    let scratch = tempfile::tempdir().unwrap();
    let features: Vec<String> = model.apis.iter().map(|a| format!("{:?}", a.feature)).collect();
    std::fs::write(
        scratch.path().join("Cargo.toml"),
        format!(
            "[package]\nname = \"specgen-contract\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
             [features]\ndefault = [{}]\n{}\n\
             [dev-dependencies]\nspecgen-clients = {{ path = {:?}, default-features = false }}\n\
             tokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }}\n\n[workspace]\n",
            features.join(", "),
            model
                .apis
                .iter()
                .map(|a| format!("{:?} = [\"specgen-clients/{}\"]\n", a.feature, a.feature))
                .collect::<String>(),
            root.display().to_string(),
        ),
    )
    .unwrap();
    std::fs::create_dir_all(scratch.path().join("src")).unwrap();
    std::fs::write(scratch.path().join("src/lib.rs"), "").unwrap();
    std::fs::create_dir_all(scratch.path().join("tests")).unwrap();
    std::fs::write(scratch.path().join("tests/contract.rs"), specgen::contract_test(&model, "specgen_clients"))
        .unwrap();
    std::fs::copy(root.join("Cargo.lock"), scratch.path().join("Cargo.lock")).unwrap();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let out = Command::new(cargo)
        .args(["test", "--quiet", "--test", "contract", "--", "--ignored"])
        .current_dir(scratch.path())
        // The scratch crates of the fixture test share this target: their dependencies build once.
        .env("CARGO_TARGET_DIR", root.join("target/fixture-check"))
        .env("SPECGEN_OPENAPI_DIR", root.join("generated/openapi"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "the contract test failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
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
