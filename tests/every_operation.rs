//! Every one of the 18 seed operations, against a local server: one success,
//! then every documented error (status and code) of the spec, each of which
//! must come back as its documented variant, never as `Other`.

mod common;

use std::path::Path;

use common::operations::{operations, Clients};
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

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
        assert_eq!((op.method.as_str(), op.main_response().status), (http_method, status), "{op_name}");

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
