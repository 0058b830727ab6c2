//! Contract test: Prism, an independent mock server, serves each exported
//! OpenAPI document and validates every request the generated client sends.
//! Run with `bash .ci/contract` (it installs Prism and sets `SPECGEN_PRISM`).

use std::path::Path;

mod scratch;

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
    let test = specgen::contract_test(&model, "specgen_clients") + DEVIATING;
    std::fs::write(scratch.path().join("tests/contract.rs"), test).unwrap();
    std::fs::copy(root.join("Cargo.lock"), scratch.path().join("Cargo.lock")).unwrap();
    // The scratch crates of the fixture test share its target: their dependencies build once.
    let out = scratch::cargo(scratch.path())
        .args(["test", "--quiet", "--test", "contract", "--", "--ignored"])
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

/// Requests that break the contract, sent by hand: Prism must refuse them,
/// or the contract test could not fail. Appended to the emitted test, whose
/// `prism()` it uses.
const DEVIATING: &str = r#"
use specgen_clients::runtime::{self, Method, RetryPolicy};
use specgen_clients::zoom;

#[tokio::test]
#[ignore = "needs Prism: set SPECGEN_PRISM and SPECGEN_OPENAPI_DIR"]
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
"#;
