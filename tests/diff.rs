//! `specgen diff`: a spec imported from a document has no drift from it; a
//! document changed in every way the diff knows is reported change by change.

use std::path::{Path, PathBuf};

use specgen::diff::{Change, Diff, DiffError, Report};
use specgen::import::Importer;

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/openapi").join(path)
}

/// A spec folder holding the API imported from `document`.
fn imported_spec(api: &str, document: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    Importer::new(api).document(document).import().unwrap().write(dir.path(), false).unwrap();
    dir
}

/// The spec of this repository has no drift from the OpenAPI documents
/// exported from it: scopes, granular scopes, rate-limit labels and the rest
/// go out and come back.
#[test]
fn the_seed_spec_has_no_drift_from_its_own_export() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for api in ["zoom", "zoho_crm", "zoho_bigin"] {
        let document = root.join(format!("generated/openapi/{api}.yaml"));
        let report = Diff::new(root.join("spec")).api(api).document(&document).run().unwrap();
        assert!(report.is_clean(), "{api}:\n{report}");
        assert!(report.compared > 0 && report.only_in_spec.is_empty(), "{api}:\n{report}");
    }
}

#[test]
fn a_spec_imported_from_a_document_has_no_drift_from_it() {
    for (api, document) in [("shop", "shop_3_0.yaml"), ("split", "split/main.json")] {
        let spec = imported_spec(api, &fixture(document));
        let report = Diff::new(spec.path()).document(fixture(document)).run().unwrap();
        assert!(report.is_clean(), "{document}:\n{report}");
        assert!(report.compared > 0 && report.only_in_spec.is_empty(), "{document}:\n{report}");
    }
}

/// The shop fixture with one change of every kind the diff reports.
fn drifted_shop() -> String {
    let text = std::fs::read_to_string(fixture("shop_3_0.yaml")).unwrap();
    let edits = [
        // A parameter's type, a parameter more, an enum value more.
        ("schema: { type: integer, minimum: 1, maximum: 300", "schema: { type: string, minimum: 1, maximum: 300"),
        ("enum: [open, closed] }", "enum: [open, closed, cancelled] }"),
        (
            "        - { name: X-Request-Id, in: header, schema: { type: string } }\n",
            "        - { name: X-Request-Id, in: header, schema: { type: string } }\n        - { name: since, in: query, required: true, schema: { type: string } }\n",
        ),
        // An error code and an error status more.
        ("Invalid status.\"\n", "Invalid status. <br>\\n **Error Code:** `301` <br>\\n Unknown order.\"\n        \"404\":\n          description: Not found.\n"),
        // A field no longer required, a field more, an enum value fewer.
        ("required: [amount, currency]", "required: [amount]"),
        ("note: { type: string, nullable: true, maxLength: 200 }", "note: { type: string, nullable: true, maxLength: 200 }\n            gift: { type: boolean }"),
        ("enum: [post, courier]", "enum: [post]"),
        // No longer deprecated; a success status more.
        ("      deprecated: true\n", ""),
        ("        \"204\": { description: Deleted. }\n", "        \"204\": { description: Deleted. }\n        \"202\": { description: Accepted. }\n"),
        // A scope more.
        ("`orders:read`,`orders:read:admin`", "`orders:read`,`orders:read:admin`,`orders:read:all`"),
    ];
    let mut text = text;
    for (from, to) in edits {
        assert!(text.contains(from), "the fixture no longer has {from:?}");
        text = text.replacen(from, to, 1);
    }
    // An operation more.
    text.push_str(
        "  /customers:\n    get:\n      operationId: listCustomers\n      responses:\n        \"200\": { description: The customers. }\n",
    );
    text
}

fn drift_report() -> Report {
    let spec = imported_spec("shop", &fixture("shop_3_0.yaml"));
    let docs = tempfile::tempdir().unwrap();
    let drifted = docs.path().join("shop.yaml");
    std::fs::write(&drifted, drifted_shop()).unwrap();
    Diff::new(spec.path()).document(&drifted).run().unwrap()
}

#[test]
fn every_kind_of_drift_is_reported_where_it_is() {
    let report = drift_report();
    assert!(!report.is_clean());
    assert_eq!(report.missing.len(), 1, "{report}");
    assert_eq!(report.missing[0].path, "/customers");
    insta::assert_snapshot!(report.to_string());
    let has = |place: &str, change: &dyn Fn(&Change) -> bool| {
        report.findings().any(|f| f.place == place && change(&f.change))
    };
    assert!(has("query parameter `since`", &|c| *c == Change::Missing));
    assert!(has("query parameter `page_size`", &|c| matches!(c, Change::Differs { aspect: "type", .. })));
    assert!(has("query parameter `status[]`", &|c| *c == Change::MissingValues(vec!["cancelled".into()])));
    assert!(has("error status 404", &|c| *c == Change::Missing));
    assert!(has("error code `301` (HTTP 400)", &|c| *c == Change::Missing));
    assert!(has("request field `currency`", &|c| matches!(c, Change::Differs { aspect: "presence", .. })));
    assert!(has("request field `gift`", &|c| *c == Change::Missing));
    assert!(has("response 201 field `shipping.method`", &|c| *c == Change::ExtraValues(vec!["courier".into()])));
    assert!(has("response 202", &|c| *c == Change::Missing));
    assert!(has("the operation", &|c| matches!(c, Change::Differs { aspect: "deprecated", .. })));
    assert!(has("scope `orders:read:all`", &|c| *c == Change::Missing));
}

#[test]
fn the_api_is_found_by_host_or_named() {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("spec");
    // Three APIs, none on the shop's host.
    match Diff::new(&seeds).document(fixture("shop_3_0.yaml")).run() {
        Err(DiffError::Api(message)) => assert!(message.contains("--api"), "{message}"),
        other => panic!("{other:?}"),
    }
    match Diff::new(&seeds).api("shop").document(fixture("shop_3_0.yaml")).run() {
        Err(DiffError::Api(message)) => {
            assert_eq!(message, "the spec has no API `shop`; it has zoho_bigin, zoho_crm, zoom")
        }
        other => panic!("{other:?}"),
    }
    // Named, it compares: none of the shop's operations are in the Zoom spec.
    let report = Diff::new(&seeds).api("zoom").document(fixture("shop_3_0.yaml")).run().unwrap();
    assert_eq!((report.compared, report.missing.len()), (0, 8), "{report}");
}

#[test]
fn a_document_that_cannot_be_read_is_an_error() {
    let spec = imported_spec("shop", &fixture("shop_3_0.yaml"));
    let err = Diff::new(spec.path()).document(fixture("missing.yaml")).run().unwrap_err();
    assert!(matches!(err, DiffError::Import(_)), "{err:?}");
    assert!(err.to_string().contains("missing.yaml"), "{err}");
}
