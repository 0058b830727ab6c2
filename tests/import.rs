//! `specgen import`: the OpenAPI fixtures in `tests/openapi/` (3.0 and 3.1,
//! the constructs the importer reads and the vendor slips it repairs) give
//! the reviewed YAML in the snapshots; bad documents give clear errors.

use std::path::{Path, PathBuf};

use import_checks::{assert_every_note_is_a_comment, assert_no_note_is_a_comment, assert_no_silent_loss};
use specgen::import::{ImportError, Importer};

mod import_checks;

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/openapi").join(path)
}

/// The document `text` (JSON) imported as the API `t`, by the importer
/// `options` makes of it.
fn import_text(text: &str, options: impl FnOnce(Importer) -> Importer) -> specgen::import::Imported {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.json");
    std::fs::write(&path, text).unwrap();
    options(Importer::new("t").document(&path)).import().unwrap_or_else(|e| panic!("{e}"))
}

fn imported_text(api: &str, document: &str) -> String {
    let imported = Importer::new(api).document(fixture(document)).comments(true).import().unwrap();
    let mut text = String::new();
    for file in &imported.files {
        text.push_str(&format!("===== {}\n{}", file.path, file.contents));
    }
    text.push_str("===== left out\n");
    for l in &imported.left_out {
        text.push_str(&format!("{l}\n"));
    }
    text
}

#[test]
fn openapi_3_0_fixture() {
    insta::assert_snapshot!(imported_text("shop", "shop_3_0.yaml"));
}

/// 3.1's JSON Schema: a list of types is a union of the schema read as each
/// type; a tuple is an array of its item types; `patternProperties` is a map
/// whose keys match the pattern.
#[test]
fn openapi_3_1_json_schema_fixture() {
    insta::assert_snapshot!(imported_text("shapes", "schemas_3_1.yaml"));
}

/// A discriminator on a schema without `oneOf` chooses between the schemas
/// that extend it by `allOf` (grandchildren too): a tagged union of them,
/// tagged by the mapping (a reference, or a schema's name), else by each
/// schema's name; each member has its parents' fields.
#[test]
fn a_discriminator_on_a_base_schema_chooses_between_the_schemas_that_extend_it() {
    use specgen::model::{Ty, TypeKind};
    let imported = Importer::new("shapes").document(fixture("schemas_3_1.yaml")).import().unwrap();
    let api = &imported.model.apis[0];
    let pet = api.find_type("Pet").unwrap();
    let TypeKind::OneOf(members, Some(tag)) = &pet.kind else { panic!("{:?}", pet.kind) };
    let names: Vec<&str> = members
        .iter()
        .map(|m| match m {
            Ty::Named(id) => api.named_type(*id).name.as_str(),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(names, ["Cat", "Dog", "Lion"]);
    assert_eq!(tag.field, "kind");
    let values: Vec<(&str, usize)> = tag.values.iter().map(|(v, i)| (v.as_str(), *i)).collect();
    assert_eq!(values, [("cat", 0), ("dog", 1), ("Lion", 2)]);
    let TypeKind::Object(lion) = &api.find_type("Lion").unwrap().kind else { panic!() };
    let fields: Vec<(&str, bool)> = lion.iter().map(|f| (f.wire.as_str(), f.required)).collect();
    assert_eq!(fields, [("name", true), ("kind", true), ("lives", true), ("pride", false)]);
    assert!(imported.coverage.fields.untyped == 0, "{:?}", imported.coverage.fields);
}

#[test]
fn openapi_3_1_fixture_with_references_to_another_file_by_url() {
    insta::assert_snapshot!(imported_text("split", "split/main.json"));
}

#[test]
fn the_import_passes_check_and_counts_typed_errors() {
    let imported = Importer::new("shop").document(fixture("shop_3_0.yaml")).import().unwrap();
    assert_eq!(imported.operations, 8);
    assert_eq!(imported.with_error_codes, 3, "list_orders (300), orders_create and upload_photo (code enums)");
}

fn error_of(text: &str, name: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    match Importer::new("bad").document(&path).import() {
        Ok(_) => panic!("{name} imported"),
        Err(e) => e.to_string(),
    }
}

const MINIMAL: &str = r#"{"openapi": "3.0.0", "info": {"title": "T", "version": "1"},
  "servers": [{"url": "https://t.example"}], "paths": {"/a": {"get": {"responses": {"200": {"description": "ok",
  "content": {"application/json": {"schema": SCHEMA}}}}}}}, "components": {"schemas": SCHEMAS}}"#;

fn minimal(schema: &str, schemas: &str) -> String {
    MINIMAL.replace("SCHEMAS", schemas).replace("SCHEMA", schema)
}

#[test]
fn bad_documents_give_clear_errors() {
    let cases = [
        ("not-openapi.json", r#"{"hello": "world"}"#.to_owned(), "not an OpenAPI document"),
        ("garbage.yaml", ": : :\n\t- [".to_owned(), "neither JSON nor YAML"),
        ("swagger.json", r#"{"swagger": "2.0", "paths": {}}"#.to_owned(), "Swagger 2.0"),
        ("dangling.json", minimal(r##"{"$ref": "#/components/schemas/Nope"}"##, "{}"), "points nowhere"),
        (
            "cycle.json",
            minimal(
                r##"{"$ref": "#/components/schemas/A"}"##,
                r##"{"A": {"$ref": "#/components/schemas/B"}, "B": {"$ref": "#/components/schemas/A"}}"##,
            ),
            "cycle",
        ),
        ("dynamic.json", minimal(r#"{"$dynamicRef": "x"}"#, "{}").replace("3.0.0", "3.1.0"), "`$dynamicRef`"),
        (
            "no-ops.json",
            r#"{"openapi": "3.1.0", "paths": {}, "servers": [{"url": "https://x.example"}]}"#.to_owned(),
            "no operation",
        ),
        ("version.json", r#"{"openapi": "4.0.0", "paths": {}}"#.to_owned(), "OpenAPI 4.0.0"),
    ];
    for (name, text, expected) in cases {
        let message = error_of(&text, name);
        assert!(message.contains(expected), "{name}: {message}");
        if name != "no-ops.json" {
            assert!(message.contains(name), "{name}: the error names the document: {message}");
        }
    }
}

#[test]
fn a_broken_reference_can_be_skipped_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d.json");
    std::fs::write(&path, minimal(r##"{"$ref": "#/components/schemas/Nope"}"##, "{}")).unwrap();
    let imported = Importer::new("d").document(&path).skip_broken_refs(true).import().unwrap();
    assert_eq!(imported.operations, 1);
    assert!(imported.left_out.iter().any(|l| l.what.contains("points nowhere")), "{:?}", imported.left_out);
}

#[test]
fn a_50_mb_document_is_read_and_refused_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.json");
    let pad = "x".repeat(50 * 1024 * 1024);
    std::fs::write(
        &path,
        format!(
            r#"{{"openapi": "3.0.0", "paths": {{}}, "servers": [{{"url": "https://x.example"}}], "x-pad": "{pad}"}}"#
        ),
    )
    .unwrap();
    drop(pad);
    let err = Importer::new("big").document(&path).import().unwrap_err();
    assert!(matches!(err, ImportError::Nothing), "{err}");
}

#[test]
fn writing_refuses_a_folder_that_is_not_empty() {
    let imported = Importer::new("shop").document(fixture("shop_3_0.yaml")).import().unwrap();
    let spec = tempfile::tempdir().unwrap();
    let dir = imported.write(spec.path(), false).unwrap();
    assert!(dir.join("api.yaml").is_file() && dir.join("orders.yaml").is_file());
    let err = imported.write(spec.path(), false).unwrap_err();
    assert!(matches!(err, ImportError::Exists(_)), "{err}");
    imported.write(spec.path(), true).unwrap();
    specgen::Generator::new(spec.path()).check().unwrap();
}

#[test]
fn api_names_must_be_snake_case() {
    let err = Importer::new("Shop").document(fixture("shop_3_0.yaml")).import().unwrap_err();
    assert!(err.to_string().contains("use `shop`"), "{err}");
}

#[test]
fn only_the_selected_operations_and_the_types_they_use_are_imported() {
    let imported = Importer::new("shop")
        .document(fixture("shop_3_0.yaml"))
        .only("payOrder")
        .only("upload_photo")
        .only("GET /orders/{orderId}/invoice")
        .import()
        .unwrap();
    assert_eq!(imported.operations, 3);
    let api = &imported.model.apis[0];
    let mut names: Vec<&str> = api.groups.iter().flat_map(|g| &g.operations).map(|o| o.id.as_str()).collect();
    names.sort();
    assert_eq!(names, ["get_orders_order_id_invoice", "pay_order", "upload_photo"]);
    assert!(api.find_type("Payment").is_some(), "pay_order's body");
    assert!(api.find_type("Order").is_none(), "used only by operations left out");

    let err = Importer::new("shop").document(fixture("shop_3_0.yaml")).only("payOrder").only("nope").import();
    match err {
        Err(e @ ImportError::Unselected(_)) => assert_eq!(e.to_string(), "no operation of the documents is `nope`"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_parameter_behind_a_broken_reference_is_noted_in_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d.json");
    let text = minimal(r#"{"type": "string"}"#, "{}")
        .replace(r#""get": {"#, r##""get": {"parameters": [{"$ref": "#/components/parameters/If-Modified-Since"}], "##);
    std::fs::write(&path, text).unwrap();
    let imported = Importer::new("d").document(&path).skip_broken_refs(true).comments(true).import().unwrap();
    let group = imported.files.iter().find(|f| f.path != "api.yaml").unwrap();
    let comment = group.contents.lines().position(|l| l.contains("#/components/parameters/If-Modified-Since"));
    let path_line = group.contents.lines().position(|l| l.trim_start().starts_with("path:"));
    assert!(comment.is_some() && path_line.is_some(), "{}", group.contents);
    assert_eq!(comment.map(|c| c + 1), path_line, "the comment is just above `path:`:\n{}", group.contents);
}

#[test]
fn a_scheme_variable_becomes_https_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d.json");
    let text = minimal(r#"{"type": "string"}"#, "{}").replace(
        r#""servers": [{"url": "https://t.example"}]"#,
        r#""servers": [{"url": "{scheme}://t.example/{v}", "variables": {"scheme": {"default": "http", "enum": ["http", "https"]}, "v": {"default": "v1"}}}]"#,
    );
    std::fs::write(&path, text).unwrap();
    let imported = Importer::new("d").document(&path).comments(true).import().unwrap();
    let api = &imported.model.apis[0];
    assert_eq!(api.servers[0].url, "https://t.example/{v}");
    assert_eq!(api.variables.iter().map(|v| v.name.as_str()).collect::<Vec<_>>(), ["v"]);
    let api_yaml = &imported.files[0].contents;
    assert!(api_yaml.contains("# the server variable `scheme` chooses the URL's scheme"), "{api_yaml}");
}

/// A relative server URL (`/api/v3`) is relative to where the API is
/// served: with `--server` that origin is given; without it, it is a server
/// variable the caller sets, whose default never resolves, noted.
#[test]
fn a_relative_server_url_takes_its_origin_from_server_or_the_caller() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d.json");
    let text = minimal(r#"{"type": "string"}"#, "{}")
        .replace(r#""servers": [{"url": "https://t.example"}]"#, r#""servers": [{"url": "/api/v3"}]"#)
        .replace(
            r#""get": {"#,
            r#""get": {"callbacks": {"onDone": {"{$request.body#/url}": {"post": {"responses": {"200": {"description": "ok"}}}}}}, "#,
        )
        .replacen('{', r#"{"webhooks": {"newPet": {"post": {"responses": {"200": {"description": "ok"}}}}}, "#, 1);
    std::fs::write(&path, text).unwrap();
    let imported = Importer::new("d").document(&path).import().unwrap();
    let api = &imported.model.apis[0];
    assert_eq!(api.servers[0].url, "{origin}/api/v3");
    assert_eq!(
        api.variables.iter().map(|v| (v.name.as_str(), v.default.as_str())).collect::<Vec<_>>(),
        [("origin", "https://origin.invalid")]
    );
    let notes: Vec<String> = imported.left_out.iter().map(ToString::to_string).collect();
    assert!(notes.iter().any(|n| n.contains("`/api/v3`, relative to where the API is served")), "{notes:?}");

    let imported = Importer::new("d").document(&path).server("https://t.example/").comments(true).import().unwrap();
    assert_eq!(imported.model.apis[0].servers[0].url, "https://t.example/api/v3");
    let notes: Vec<String> = imported.left_out.iter().map(ToString::to_string).collect();
    assert!(notes.iter().any(|n| n.starts_with("api.yaml webhooks.newPet: the webhook `newPet`")), "{notes:?}");
    assert!(notes.iter().any(|n| n.contains("the callback `onDone`")), "{notes:?}");
    let group = &imported.files.iter().find(|f| f.path != "api.yaml").unwrap().contents;
    assert!(group.contains("# the callback `onDone`"), "{group}");
}

#[test]
fn a_url_encoded_body_becomes_a_form() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d.json");
    let body = r#""requestBody": {"content": {"application/x-www-form-urlencoded": {"schema": {"type": "object",
        "required": ["q", "grant_type"], "properties": {"q": {"type": "string"}, "n": {"type": "integer"}, "f": {"type": "string", "format": "binary"}}}}}}, "#;
    let text = minimal(r#"{"type": "string"}"#, "{}").replace(r#""get": {"#, &format!(r#""post": {{{body}"#));
    std::fs::write(&path, text).unwrap();
    let imported = Importer::new("d").document(&path).import().unwrap();
    let op = &imported.model.apis[0].groups[0].operations[0];
    match &op.body {
        specgen::model::Body::Form { fields, encoding, .. } => {
            assert_eq!(*encoding, specgen::model::FormEncoding::UrlEncoded);
            let names: Vec<(&str, bool)> = fields.iter().map(|f| (f.wire.as_str(), f.required)).collect();
            assert_eq!(
                names,
                [("q", true), ("n", false), ("f", false), ("grant_type", true)],
                "a binary string is text in a URL-encoded form; a required name the properties \
                 do not describe is a required text field"
            );
        }
        other => panic!("{other:?}"),
    }
}

/// A form whose schema says `additionalProperties` keeps those fields, as
/// fields the caller names: a form of them alone (a map) is a body, not a
/// loss; the export writes them back.
#[test]
fn a_form_of_fields_the_caller_names_is_kept() {
    use specgen::model::{Body, FormEncoding, Ty};
    let (tmp, imported) = exported_and_imported("multipart");
    let api = &imported.model.apis[0];
    let op = |name: &str| api.groups.iter().flat_map(|g| &g.operations).find(|o| o.name == name).unwrap();
    let Body::Form { fields, extra, .. } = &op("tag").body else { panic!("{:?}", op("tag").body) };
    assert!(fields.is_empty());
    assert_eq!(extra, &Some(Ty::String));
    let Body::Form { fields, extra, .. } = &op("annotate").body else { panic!("{:?}", op("annotate").body) };
    // Parts keep their media types (`encoding.<part>.contentType`).
    let media: Vec<(&str, Option<&str>)> =
        fields.iter().map(|f| (f.wire.as_str(), f.limits().content_type.as_deref())).collect();
    assert_eq!(media, [("note", None), ("offer", Some("application/sdp")), ("scan", Some("application/pdf"))]);
    assert_eq!(extra.as_ref().and_then(Ty::named).map(|id| api.named_type(id).name.as_str()), Some("Attributes"));
    // A form of a union's value comes back as one, in its media type.
    for (name, encoding) in [("reply", FormEncoding::Multipart), ("reply_form", FormEncoding::UrlEncoded)] {
        let Body::FormValue { ty, encoding: e } = &op(name).body else { panic!("{:?}", op(name).body) };
        assert_eq!((api.named_type(*ty).name.as_str(), *e), ("Reply", encoding));
    }
    assert!(imported.left_out.iter().all(|l| l.loss.is_none()), "{:?}", imported.left_out);

    // Discord's moderation metadata: a map of at most five strings, in every media type.
    let path = tmp.path().join("map.json");
    let schema =
        r#"{"type": "object", "additionalProperties": {"type": "string", "maxLength": 2000}, "maxProperties": 5}"#;
    let body = format!(
        r#""requestBody": {{"required": true, "content": {{"application/x-www-form-urlencoded": {{"schema": {schema}}},
        "multipart/form-data": {{"schema": {schema}}}}}}}, "#
    );
    let text = minimal(r#"{"type": "string"}"#, "{}").replace(r#""get": {"#, &format!(r#""put": {{{body}"#));
    std::fs::write(&path, text).unwrap();
    let imported = Importer::new("d").document(&path).import().unwrap_or_else(|e| panic!("{e}"));
    let ops = &imported.model.apis[0].groups[0].operations;
    assert_eq!(ops.len(), 2, "{ops:?}");
    for op in ops {
        let Body::Form { fields, extra, .. } = &op.body else { panic!("{:?}", op.body) };
        assert!(fields.is_empty());
        assert_eq!(extra, &Some(Ty::String));
    }
    assert!(imported.left_out.iter().all(|l| l.loss.is_none()), "{:?}", imported.left_out);
}

/// What a YAML 1.2 parser reads, the importer reads: a byte-order mark, an
/// integer beyond 64 bits (read as JSON reads it), anchors and merge keys,
/// and numeric keys (the statuses).
#[test]
fn a_yaml_document_with_a_65_bit_integer_anchors_and_merge_keys_imports() {
    let text = "\u{feff}openapi: 3.1.0
info: {title: Big, version: '1'}
servers: [{url: 'https://big.example'}]
paths:
  /seeds:
    get:
      operationId: listSeeds
      parameters:
        - &seed {name: seed, in: query, schema: {type: integer, minimum: -9223372036854776000}}
        - {<<: *seed, name: other_seed}
      responses:
        200:
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {seed: {type: integer, maximum: 18446744073709551616}}}
";
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.yaml");
    std::fs::write(&path, text).unwrap();
    let imported = Importer::new("big").document(&path).import().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(imported.operations, 1);
    let ops: String = imported.files.iter().map(|f| f.contents.clone()).collect();
    assert!(ops.contains("list_seeds:"), "{ops}");
    assert!(
        ops.contains("seed:") && ops.contains("other_seed:"),
        "both parameters, the second merged from the first:\n{ops}"
    );
}

/// Imports `document` with the URL prefix of the layout fixture mapped to its folder.
fn import_layout(document: &str) -> specgen::import::Imported {
    Importer::new("pets")
        .document(fixture(document))
        .ref_map("https://schemas.example.com/shared/v2/", fixture("layout_remote"))
        .comments(true)
        .import()
        .unwrap_or_else(|e| panic!("{e}"))
}

/// A document split over folders (path items and operations by `$ref`,
/// `../`, pointer escapes, a cycle between two files, a URL mapped to a
/// folder) imports exactly as its bundled form does.
#[test]
fn a_split_document_imports_as_its_bundled_form() {
    let split = import_layout("layout/openapi.yaml");
    let bundled = import_layout("layout_bundled.yaml");
    assert_eq!(split.operations, 4);
    assert!(split.left_out.is_empty(), "{:?}", split.left_out);
    assert_eq!(split.files.len(), bundled.files.len());
    for (a, b) in split.files.iter().zip(&bundled.files) {
        assert_eq!(a.path, b.path);
        assert_eq!(a.contents.replace("openapi.yaml", "DOC"), b.contents.replace("layout_bundled.yaml", "DOC"));
    }
    let mut text = String::new();
    for file in &split.files {
        text.push_str(&format!("===== {}\n{}", file.path, file.contents));
    }
    insta::assert_snapshot!(text);
}

/// Copies the layout fixture to a temporary folder, with `edit` applied to
/// the file `name` in it.
fn layout_copy(name: &str, edit: impl Fn(&str) -> String) -> tempfile::TempDir {
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            let target = to.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                copy(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), &target).unwrap();
            }
        }
    }
    let dir = tempfile::tempdir().unwrap();
    copy(&fixture("layout"), &dir.path().join("layout"));
    copy(&fixture("layout_remote"), &dir.path().join("layout_remote"));
    let file = dir.path().join("layout").join(name);
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, edit(&text)).unwrap();
    dir
}

fn import_copy(dir: &tempfile::TempDir, skip: bool) -> Result<specgen::import::Imported, ImportError> {
    Importer::new("pets")
        .document(dir.path().join("layout/openapi.yaml"))
        .ref_map("https://schemas.example.com/shared/v2/", dir.path().join("layout_remote"))
        .skip_broken_refs(skip)
        .comments(true)
        .import()
}

/// A missing file is the same at every depth: an error naming the document,
/// the pointer and the file, or with `--skip-broken-refs` a note where it
/// stands and the rest imported.
#[test]
fn a_missing_file_is_an_error_or_a_note_at_every_depth() {
    let cases = [
        // A path item, at the first level.
        ("openapi.yaml", "$ref: ./paths/pet_by_id.yaml", "$ref: ./paths/gone.yaml", "/paths/~1pets~1{petId}", 2),
        // An operation.
        ("paths/pet_by_id.yaml", "../operations/delete_pet.yaml", "../operations/gone.yaml", "/delete", 3),
        // A response, two files down.
        ("operations/get_pet.yaml", "responses.yaml#/NotFound", "gone.yaml#/NotFound", "/responses/404", 4),
        // A schema four files down, behind a URL mapped to a folder.
        (
            "../layout_remote/NewPet.yaml",
            "defs.yaml#/x~1tags/Tag",
            "gone.yaml#/x~1tags/Tag",
            "/properties/tags/items",
            4,
        ),
    ];
    for (file, from, to, pointer, operations) in cases {
        let dir = layout_copy(file, |t| {
            assert!(t.contains(from), "{file}");
            t.replace(from, to)
        });
        let err = import_copy(&dir, false).map(|_| ()).unwrap_err().to_string();
        let file_name = Path::new(file).file_name().unwrap().to_str().unwrap();
        assert!(err.contains(file_name) && err.contains(pointer) && err.contains("gone.yaml"), "{file}: {err}");
        assert!(err.contains("does not exist") && err.contains("--skip-broken-refs"), "{err}");

        let imported = import_copy(&dir, true).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(imported.operations, operations, "{file}");
        let note = imported.left_out.iter().find(|l| l.what.contains("gone.yaml")).expect(file);
        let yaml = &imported.files.iter().find(|f| f.path == note.file).unwrap().contents;
        assert!(yaml.contains("gone.yaml"), "{file}: the note is a comment in {}:\n{yaml}", note.file);
    }
}

/// References that only name each other, across two files, are a cycle and
/// an error; an escaped pointer that names nothing is one too.
#[test]
fn a_cycle_of_references_between_files_is_an_error() {
    let dir = layout_copy("schemas/Error.yaml", |_| "$ref: ./defs.yaml#/Loop\n".to_owned());
    let defs = dir.path().join("layout/schemas/defs.yaml");
    let text = std::fs::read_to_string(&defs).unwrap();
    std::fs::write(&defs, format!("{text}Loop:\n  $ref: Error.yaml\n")).unwrap();
    let err = import_copy(&dir, true).map(|_| ()).unwrap_err().to_string();
    assert!(err.contains("cycle"), "{err}");

    let dir = layout_copy("schemas/Pet.yaml", |t| t.replace("x~1tags/Tag", "x~0tags/Tag"));
    let err = import_copy(&dir, false).map(|_| ()).unwrap_err().to_string();
    assert!(err.contains("has nothing at /x~0tags/Tag"), "{err}");
}

/// A keyword API name, colliding parameter and field names and an
/// operation server that is only a scheme: nothing refused, nothing left out.
#[test]
fn keyword_names_colliding_names_and_a_scheme_only_server_are_kept() {
    insta::assert_snapshot!(imported_text("box", "edges_3_0.yaml"));
    for server in [None, Some("https://things.example.com")] {
        let mut importer = Importer::new("box").document(fixture("edges_3_0.yaml"));
        if let Some(server) = server {
            importer = importer.server(server);
        }
        let imported = importer.import().unwrap_or_else(|e| panic!("{e}"));
        let api = &imported.model.apis[0];
        assert_eq!((api.module.as_str(), api.rust.as_str()), ("box", "r#box"));
        let ops: Vec<_> = api.groups.iter().flat_map(|g| &g.operations).collect();
        let list = ops.iter().find(|o| o.id == "list_calls").unwrap();
        let names: Vec<(&str, &str)> = list.query.iter().map(|f| (f.wire.as_str(), f.rust.as_str())).collect();
        assert_eq!(
            names,
            [("StartTime", "start_time"), ("StartTime<", "start_time_lt"), ("StartTime>", "start_time_gt")]
        );
        let call = api.find_type("Call").unwrap();
        let specgen::model::TypeKind::Object(fields) = &call.kind else { panic!("{:?}", call.kind) };
        let fields: Vec<&str> = fields.iter().map(|f| f.rust.as_str()).collect();
        assert_eq!(fields, ["created_at", "created_at_2", "type_"]);
        let upload = ops.iter().find(|o| o.id == "upload_part").unwrap();
        let server = &api.servers[upload.server];
        assert_eq!(server.url, "{upload_part_url}", "{server:?}");
        let variable = api.variables.iter().find(|v| v.name == "upload_part_url").unwrap();
        assert_eq!(variable.default, "https://upload-part.invalid");
    }
    let err = Importer::new("self").document(fixture("edges_3_0.yaml")).import().unwrap_err();
    assert!(err.to_string().contains("use `self_`"), "{err}");
}

/// An error schema whose `code` enum is documented under several statuses
/// (across operations) is the API's whole vocabulary: no status gets its
/// codes. A `code` enum of one status stays that status's codes.
#[test]
fn a_shared_error_vocabulary_is_not_given_to_each_status() {
    let error = |codes: &str| {
        format!(
            r#"{{"description": "no", "content": {{"application/json": {{"schema": {{"type": "object",
            "properties": {{"code": {{"type": "string", "enum": {codes}}}}}}}}}}}}}"#
        )
    };
    let shared = error(r#"["bad_request", "not_found", "conflict"]"#);
    let own = error(r#"["INVALID_DATA", "MANDATORY_NOT_FOUND"]"#);
    let ok = r#"{"description": "ok"}"#;
    let text = format!(
        r#"{{"openapi": "3.0.0", "info": {{"title": "T", "version": "1"}}, "servers": [{{"url": "https://t.example"}}],
        "paths": {{
          "/a": {{"get": {{"operationId": "getA", "responses": {{"200": {ok}, "400": {shared}}}}}}},
          "/b": {{"get": {{"operationId": "getB", "responses": {{"200": {ok}, "404": {shared}, "422": {own}}}}}}}
        }}}}"#
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d.json");
    std::fs::write(&path, text).unwrap();
    let imported = Importer::new("d").document(&path).import().unwrap_or_else(|e| panic!("{e}"));
    let ops: Vec<_> = imported.model.apis[0].groups.iter().flat_map(|g| &g.operations).collect();
    let codes = |id: &str| -> Vec<(u16, usize)> {
        let op = ops.iter().find(|o| o.id == id).unwrap();
        op.errors.iter().map(|e| (e.status.example(), e.codes.len())).collect()
    };
    assert_eq!(codes("get_a"), [(400, 0)]);
    assert_eq!(codes("get_b"), [(404, 0), (422, 2)]);
    let notes: Vec<&str> = imported.left_out.iter().map(|l| l.what.as_str()).collect();
    assert_eq!(notes.iter().filter(|n| n.contains("same under several statuses")).count(), 2, "{notes:?}");
}

/// A document with what the format cannot keep: an OPTIONS operation, a
/// cookie parameter, an object query parameter and a callback.
const LOSSY: &str = r#"{"openapi": "3.0.0", "info": {"title": "T", "version": "1"},
  "servers": [{"url": "https://t.example"}],
  "paths": {"/a": {
    "get": {"operationId": "getA", "parameters": [
        {"name": "session", "in": "cookie", "schema": {"type": "string"}},
        {"name": "filter", "in": "query", "schema": {"type": "object", "properties": {"x": {"type": "string"}}}},
        {"name": "limit", "in": "query", "schema": {"type": "integer"}},
        {"name": "X-Meta", "in": "header", "schema": {"type": "object", "properties": {"a": {"type": "string"}}}}],
      "callbacks": {"done": {}},
      "responses": {"200": {"description": "ok", "content": {"application/json": {"schema":
        {"type": "object", "properties": {"id": {"type": "string"}, "extra": {}}}}}}}},
    "options": {"responses": {"200": {"description": "ok"}}}}}}"#;

#[test]
fn the_coverage_counts_what_the_documents_hold_and_the_spec_kept() {
    let layout = import_layout("layout/openapi.yaml");
    let c = &layout.coverage;
    assert_eq!(c.documents.len(), 1);
    let d = &c.documents[0];
    assert_eq!(d.document, "openapi.yaml");
    assert_eq!((d.operations.found, d.operations.kept), (4, 4));
    assert_eq!((d.parameters.found, d.parameters.kept), (3, 3), "limit, and petId for two operations");
    assert_eq!((d.request_bodies.found, d.request_bodies.kept), (1, 1));
    assert_eq!((d.response_bodies.found, d.response_bodies.kept), (3, 3));
    assert_eq!(c.fields.untyped, 0);
    assert!(c.losses().is_empty(), "{:?}", c.losses());
    assert_every_note_is_a_comment(&layout);

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lossy.json");
    std::fs::write(&path, LOSSY).unwrap();
    let imported = Importer::new("lossy").document(&path).comments(true).import().unwrap_or_else(|e| panic!("{e}"));
    let d = &imported.coverage.documents[0];
    assert_eq!((d.operations.found, d.operations.kept), (2, 2), "the OPTIONS operation too");
    assert_eq!(
        (d.parameters.found, d.parameters.kept),
        (4, 3),
        "the cookie, the object sent by its keys; not the object header"
    );
    let f = &imported.coverage.fields;
    assert_eq!((f.in_documents, f.untyped_in_documents), (2, 1), "`extra: {{}}` gives no type");
    assert_eq!(f.lost(), 0, "the only untyped field is untyped in the document");
    assert_eq!(imported.coverage.losses(), [("parameters", 1)]);
    insta::assert_snapshot!(format!(
        "{}\n{}",
        imported.coverage.table(),
        serde_json::to_string_pretty(&imported.coverage).unwrap()
    ));
    assert_every_note_is_a_comment(&imported);
    assert_no_silent_loss(&imported);

    assert_no_silent_loss(&layout);
    let fixtures = [
        ("shop", "shop_3_0.yaml"),
        ("split", "split/main.json"),
        ("box", "edges_3_0.yaml"),
        ("shapes", "schemas_3_1.yaml"),
    ];
    for (api, document) in fixtures {
        let imported = Importer::new(api).document(fixture(document)).comments(true).import().unwrap();
        assert_every_note_is_a_comment(&imported);
        assert_no_silent_loss(&imported);
        // Without comments, the notes are in `left_out` alone.
        let plain = Importer::new(api).document(fixture(document)).import().unwrap();
        assert_eq!(plain.left_out, imported.left_out);
        assert_no_note_is_a_comment(&plain);
    }
}

/// The fixture `name`'s API `demo` exported to OpenAPI (`demo.yaml` in the
/// folder returned) and imported back.
fn exported_and_imported(name: &str) -> (tempfile::TempDir, specgen::import::Imported) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name);
    let files = specgen::Generator::new(&dir).emit().unwrap();
    let openapi = files.iter().find(|f| f.path == "openapi/demo.yaml").unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("demo.yaml");
    std::fs::write(&path, &openapi.contents).unwrap();
    let imported = Importer::new("demo").document(&path).import().unwrap_or_else(|e| panic!("{e}"));
    (tmp, imported)
}

/// A tagged union exported to OpenAPI (a `discriminator` with its mapping)
/// imports as the same tagged union; a discriminator without a mapping
/// takes each member's single `role` value.
#[test]
fn a_tagged_union_survives_export_and_import() {
    let (tmp, imported) = exported_and_imported("tagged_union");
    let path = tmp.path().join("demo.yaml");
    let api = &imported.model.apis[0];
    let message = api.find_type("Message").unwrap();
    let specgen::model::TypeKind::OneOf(members, Some(tag)) = &message.kind else { panic!("{:?}", message.kind) };
    let values: Vec<(&str, &str)> = tag.values.iter().map(|(v, m)| (v.as_str(), members[*m].variant(api))).collect();
    assert_eq!(tag.field, "role");
    assert_eq!(
        values,
        [("system", "SystemMessage"), ("developer", "SystemMessage"), ("user", "UserMessage"), ("tool", "ToolMessage")]
    );

    // No mapping: each member's one allowed value, else its schema name.
    let text = r##"{"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "servers": [{"url": "https://t.example"}],
      "paths": {"/m": {"post": {"operationId": "send", "requestBody": {"content": {"application/json": {"schema":
        {"oneOf": [{"$ref": "#/components/schemas/Sys"}, {"$ref": "#/components/schemas/Usr"}],
         "discriminator": {"propertyName": "role"}}}}}, "responses": {"204": {"description": "ok"}}}}},
      "components": {"schemas": {
        "Sys": {"type": "object", "required": ["role"], "properties": {"role": {"type": "string", "enum": ["system"]}}},
        "Usr": {"type": "object", "required": ["role", "content"], "properties": {"role": {"type": "string"},
          "content": {"type": "string"}}}}}}"##;
    std::fs::write(&path, text).unwrap();
    let imported = Importer::new("demo").document(&path).import().unwrap_or_else(|e| panic!("{e}"));
    let api = &imported.model.apis[0];
    let union = api.types.iter().find(|t| matches!(t.kind, specgen::model::TypeKind::OneOf(..))).unwrap();
    let specgen::model::TypeKind::OneOf(_, Some(tag)) = &union.kind else { panic!("{:?}", union.kind) };
    let values: Vec<&str> = tag.values.iter().map(|(v, _)| v.as_str()).collect();
    assert_eq!(values, ["system", "Usr"]);
}

/// Unions of strings are string enums: `anyOf` of a string and an enum is an
/// open enum of the values listed, `oneOf` of `const`s a closed one; a form
/// field such as a model name is never taken for a file, and a union of a
/// string and an integer is a text part.
#[test]
fn unions_of_strings_are_string_enums() {
    let text = r##"{"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "servers": [{"url": "https://t.example"}],
      "paths": {"/t": {"post": {"operationId": "transcribe",
        "parameters": [{"name": "kind", "in": "query", "schema": {"oneOf": [{"const": "a", "title": "A"}, {"const": "b"}]}}],
        "requestBody": {"content": {"multipart/form-data": {"schema": {"type": "object", "required": ["file", "model"],
          "properties": {"file": {"type": "string", "format": "binary"},
            "model": {"anyOf": [{"type": "string"}, {"type": "string", "enum": ["whisper-1", "gpt-4o-transcribe"]}]},
            "mixed": {"anyOf": [{"type": "string"}, {"type": "integer"}]}}}}}},
        "responses": {"204": {"description": "ok"}}}}}}"##;
    let imported = import_text(text, |i| i);
    let api = &imported.model.apis[0];
    let op = &api.groups[0].operations[0];
    let enum_of = |ty: &specgen::model::Ty| -> (Vec<String>, bool) {
        let specgen::model::Ty::Named(id) = ty else { panic!("{ty:?}") };
        match &api.named_type(*id).kind {
            specgen::model::TypeKind::Enum { values, open, .. } => {
                (values.iter().map(|v| v.wire.clone()).collect(), *open)
            }
            other => panic!("{other:?}"),
        }
    };
    assert_eq!(enum_of(&op.query[0].ty), (vec!["a".to_owned(), "b".to_owned()], false));
    let fields = op.body.fields();
    let model = fields.iter().find(|f| f.wire == "model").unwrap();
    assert_eq!(enum_of(&model.ty), (vec!["whisper-1".to_owned(), "gpt-4o-transcribe".to_owned()], true));
    // A union of a string and an integer is a form field sent as text.
    let mixed = fields.iter().find(|f| f.wire == "mixed").expect("the mixed field");
    assert_eq!(mixed.form_part(&api.types), specgen::model::FormPart::Text);
    assert!(imported.left_out.iter().all(|l| l.loss.is_none()), "{:?}", imported.left_out);
}

/// Integer enums keep their values and names: `x-enum-varnames` and
/// `x-enum-descriptions`, or a `oneOf` of `const`s with titles.
#[test]
fn integer_enums_are_typed_with_their_names() {
    let text = r##"{"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "servers": [{"url": "https://t.example"}],
      "paths": {"/r": {"get": {"operationId": "listReactions",
        "parameters": [{"name": "type", "in": "query", "schema": {"oneOf": [
          {"title": "NORMAL", "description": "Normal reaction type", "const": 0},
          {"title": "BURST", "description": "Burst reaction type", "const": 1}]}}],
        "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object",
          "properties": {"level": {"type": "integer", "enum": [1, 5, -1], "x-enum-varnames": ["Low", "High", "Off"],
            "x-enum-descriptions": ["Low.", "High.", "Off."]}, "code": {"type": "integer", "enum": [7, 9]}}}}}}}}}}}"##;
    let imported = import_text(text, |i| i);
    let api = &imported.model.apis[0];
    let int_enum = |ty: &specgen::model::Ty| -> Vec<(String, String)> {
        let specgen::model::Ty::Named(id) = ty else { panic!("{ty:?}") };
        match &api.named_type(*id).kind {
            specgen::model::TypeKind::Enum { values, integer: true, .. } => {
                values.iter().map(|v| (v.wire.clone(), v.rust.clone())).collect()
            }
            other => panic!("{other:?}"),
        }
    };
    let op = &api.groups[0].operations[0];
    assert_eq!(int_enum(&op.query[0].ty), [("0".into(), "Normal".into()), ("1".into(), "Burst".into())]);
    let specgen::model::ResponseKind::Json(body) = op.responses[0].kind else { panic!() };
    let specgen::model::TypeKind::Object(fields) = &api.named_type(body).kind else { panic!() };
    let pairs = |v: &[(&str, &str)]| v.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect::<Vec<_>>();
    assert_eq!(int_enum(&fields[0].ty), pairs(&[("1", "Low"), ("5", "High"), ("-1", "Off")]));
    assert_eq!(int_enum(&fields[1].ty), pairs(&[("7", "V7"), ("9", "V9")]));
    assert!(imported.left_out.iter().all(|l| !l.what.contains("enum")), "{:?}", imported.left_out);
}

/// Maps survive export and import: `additionalProperties` with a schema is a
/// typed map, beside properties it is the object's extra keys, and an array
/// or map inside another is named by an alias.
#[test]
fn maps_survive_export_and_import() {
    use specgen::model::{Ty, TypeKind};
    let (tmp, imported) = exported_and_imported("maps");
    let path = tmp.path().join("demo.yaml");
    let api = &imported.model.apis[0];
    let label = api.find_type("Label").unwrap();
    assert_eq!(label.extra, Some(Ty::Integer));
    let TypeKind::Object(fields) = &label.kind else { panic!("{:?}", label.kind) };
    let ty_of = |wire: &str| &fields.iter().find(|f| f.wire == wire).unwrap().ty;
    assert_eq!(ty_of("tags"), &Ty::Map(Box::new(Ty::String)));
    // A map's entry count and keys (`maxProperties`, `propertyNames`) come back.
    let tags = fields.iter().find(|f| f.wire == "tags").unwrap().limits();
    assert_eq!(tags.max_items, Some(3));
    let keys = tags.keys.as_ref().expect("the keys' limits");
    assert_eq!((keys.pattern.as_deref(), keys.min_length, keys.max_length), (Some("^[a-z]+$"), None, Some(8)));
    assert_eq!(ty_of("meta"), &Ty::Map(Box::new(Ty::Any)));
    let Ty::Map(scores) = ty_of("scores") else { panic!("{:?}", ty_of("scores")) };
    assert_eq!(api.named_type(scores.named().unwrap()).name, "ScoreList");
    let by_name = api.find_type("LabelsByName").unwrap();
    let TypeKind::Alias(Ty::Map(values)) = &by_name.kind else { panic!("{:?}", by_name.kind) };
    assert_eq!(api.named_type(values.named().unwrap()).name, "Label");
    assert!(imported.left_out.iter().all(|l| l.loss.is_none()), "{:?}", imported.left_out);

    // Arrays of arrays and maps of arrays, inline: each inner one an alias.
    let text = r##"{"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "servers": [{"url": "https://t.example"}],
      "paths": {"/g": {"get": {"operationId": "grid", "responses": {"200": {"description": "ok", "content": {
        "application/json": {"schema": {"type": "object", "properties": {
          "cells": {"type": "array", "items": {"type": "array", "items": {"type": "integer"}}},
          "rows": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}}}}}}}}}}}}"##;
    std::fs::write(&path, text).unwrap();
    let imported = Importer::new("t").document(&path).import().unwrap_or_else(|e| panic!("{e}"));
    let api = &imported.model.apis[0];
    let specgen::model::ResponseKind::Json(body) = api.groups[0].operations[0].responses[0].kind else { panic!() };
    let TypeKind::Object(fields) = &api.named_type(body).kind else { panic!() };
    let alias_of = |ty: &Ty| match ty {
        Ty::Array(inner) | Ty::Map(inner) => match &api.named_type(inner.named().unwrap()).kind {
            TypeKind::Alias(target) => target.clone(),
            other => panic!("{other:?}"),
        },
        other => panic!("{other:?}"),
    };
    assert_eq!(alias_of(&fields[0].ty), Ty::Array(Box::new(Ty::Integer)));
    assert!(matches!(fields[0].ty, Ty::Array(_)));
    assert_eq!(alias_of(&fields[1].ty), Ty::Array(Box::new(Ty::String)));
    assert!(matches!(fields[1].ty, Ty::Map(_)));
    assert!(imported.left_out.iter().all(|l| l.loss.is_none()), "{:?}", imported.left_out);
}

/// Unions of members of different kinds are typed: scalars, arrays and
/// objects each a variant (the strings one enum, a number after an integer),
/// objects that each give a required field their own value tagged by it,
/// unions of string unions flattened; a member without a type keeps the
/// union as any JSON, noted, and leaves no member type behind.
#[test]
fn unions_of_different_kinds_are_typed() {
    use specgen::model::{Ty, TypeKind};
    let text = r##"{"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "servers": [{"url": "https://t.example"}],
      "paths": {"/c": {"post": {"operationId": "complete", "requestBody": {"content": {"application/json": {"schema": {
        "type": "object", "properties": {
          "input": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}},
            {"type": "array", "items": {"type": "integer"}}]},
          "stop": {"anyOf": [{"type": "number"}, {"type": "integer"}, {"type": "null"}]},
          "format": {"oneOf": [{"type": "string", "enum": ["auto"]}, {"$ref": "#/components/schemas/Text"},
            {"$ref": "#/components/schemas/Json"}]},
          "model": {"anyOf": [{"$ref": "#/components/schemas/Shared"}, {"type": "string", "enum": ["o3"]}]},
          "loose": {"oneOf": [{"type": "object", "properties": {"a": {"type": "string"}}}, {}]},
          "free": {"type": "object"}}}}}},
        "responses": {"204": {"description": "ok"}}}}},
      "components": {"schemas": {
        "Shared": {"anyOf": [{"type": "string"}, {"type": "string", "enum": ["gpt-5", "gpt-4o"]}]},
        "Text": {"type": "object", "required": ["type"], "properties": {"type": {"type": "string", "enum": ["text"]}}},
        "Json": {"type": "object", "required": ["type"], "properties": {"type": {"type": "string", "enum": ["json"]},
          "strict": {"type": "boolean"}}}}}}"##;
    let imported = import_text(text, |i| i);
    let api = &imported.model.apis[0];
    let fields = api.groups[0].operations[0].body.fields();
    let field = |wire: &str| fields.iter().find(|f| f.wire == wire).unwrap_or_else(|| panic!("no {wire}"));
    let union = |ty: &Ty| -> Vec<String> {
        match &api.named_type(ty.named().unwrap()).kind {
            TypeKind::OneOf(members, None) => members.iter().map(|m| m.variant(api).to_owned()).collect(),
            other => panic!("{other:?}"),
        }
    };
    let input = union(&field("input").ty);
    assert_eq!(input.len(), 3, "{input:?}");
    assert_eq!(input[0], "String");
    let stop = field("stop");
    assert_eq!(union(&stop.ty), ["Integer", "Number"]);
    assert!(stop.nullable);
    // `auto`, or one of two objects told apart by their `type`.
    let format = &api.named_type(field("format").ty.named().unwrap());
    let TypeKind::OneOf(members, None) = &format.kind else { panic!("{:?}", format.kind) };
    assert!(matches!(&api.named_type(members[0].named().unwrap()).kind, TypeKind::Enum { .. }));
    let objects = api.named_type(members[1].named().unwrap());
    let TypeKind::OneOf(_, Some(tag)) = &objects.kind else { panic!("{:?}", objects.kind) };
    assert_eq!(tag.field, "type");
    let values: Vec<&str> = tag.values.iter().map(|(v, _)| v.as_str()).collect();
    assert_eq!(values, ["text", "json"]);
    // A union of a union of strings and a string enum: one open enum.
    let TypeKind::Enum { values, open: true, .. } = &api.named_type(field("model").ty.named().unwrap()).kind else {
        panic!("{:?}", field("model").ty)
    };
    let values: Vec<&str> = values.iter().map(|v| v.wire.as_str()).collect();
    assert_eq!(values, ["gpt-5", "gpt-4o", "o3"]);
    assert_eq!(field("loose").ty, Ty::Any);
    // `type: object` and nothing more is an object of any values.
    assert_eq!(field("free").ty, Ty::Map(Box::new(Ty::Any)));
    assert!(imported.left_out.iter().any(|l| l.what.contains("a member is untyped")), "{:?}", imported.left_out);
    assert!(api.types.iter().all(|t| !t.name.starts_with("Loose")), "a union given up leaves no types");
}

/// A union of scalars, an array alias and an object survives export and import.
#[test]
fn a_union_of_different_kinds_survives_export_and_import() {
    let (_tmp, imported) = exported_and_imported("one_of");
    let api = &imported.model.apis[0];
    let target = api.find_type("Target").unwrap();
    let specgen::model::TypeKind::OneOf(members, None) = &target.kind else { panic!("{:?}", target.kind) };
    let variants: Vec<&str> = members.iter().map(|m| m.variant(api)).collect();
    assert_eq!(variants, ["Start", "Ids", "String", "Integer", "Boolean", "Number"]);
}

/// The sets of fields a type needs one of survive export (`oneOf` or
/// `anyOf` of `required` lists) and import, as do string lengths and item
/// counts.
#[test]
fn sets_of_fields_survive_export_and_import() {
    let (_tmp, imported) = exported_and_imported("nested_limits");
    let api = &imported.model.apis[0];
    let sets = |name: &str| {
        let requires = api.find_type(name).unwrap().requires.clone().unwrap();
        (requires.sets.into_iter().flatten().collect::<Vec<_>>(), requires.exactly_one)
    };
    assert_eq!(sets("ImageRef"), (vec!["url".to_owned(), "file_id".to_owned()], true));
    assert_eq!(sets("Batch"), (vec!["file_ids".to_owned(), "files".to_owned()], false));
    // Lengths and item counts come back too.
    let specgen::model::TypeKind::Object(fields) = &api.find_type("Batch").unwrap().kind else { panic!() };
    let limits = |wire: &str| fields.iter().find(|f| f.wire == wire).unwrap().limits().clone();
    let (label, tags) = (limits("label"), limits("tags"));
    assert_eq!((label.min_length, label.max_length), (Some(2), Some(40)));
    assert_eq!((tags.min_items, tags.unique_items, tags.max_length), (Some(1), true, Some(10)));
}

/// Every kind of form part survives export and import: a JSON part, an
/// array of files with its limits, arrays of text, a map, and repeated
/// fields of a URL-encoded form.
#[test]
fn form_parts_survive_export_and_import() {
    use specgen::model::{FormPart, Ty};
    let (_tmp, imported) = exported_and_imported("multipart");
    let api = &imported.model.apis[0];
    let operations = || api.groups.iter().flat_map(|g| &g.operations);
    let operation = |name: &str| operations().find(|o| o.name == name).unwrap();
    // The upload and its JSON twin are one OpenAPI operation with two media
    // types, imported as two again: JSON first, the form as `_multipart`.
    let upload = operation("upload_multipart").body.fields();
    assert!(matches!(operation("upload").body, specgen::model::Body::JsonObject { .. }));
    let parts: Vec<(&str, FormPart)> = upload.iter().map(|f| (f.wire.as_str(), f.form_part(&api.types))).collect();
    assert_eq!(
        parts,
        [
            ("attributes", FormPart::Json),
            ("file", FormPart::File),
            ("pages", FormPart::Files),
            ("labels", FormPart::Texts),
            ("meta", FormPart::Json),
            ("version", FormPart::Text),
            ("kind", FormPart::Text),
            ("note", FormPart::Text),
            ("part", FormPart::Text),
            ("thumbnail", FormPart::File),
        ]
    );
    let pages = upload.iter().find(|f| f.wire == "pages").unwrap();
    assert_eq!(pages.limits().max_size, Some(1 << 20));
    assert_eq!(pages.limits().file_types, ["png"]);
    assert_eq!(upload.iter().find(|f| f.wire == "meta").unwrap().ty, Ty::Map(Box::new(Ty::String)));
    // The parts' own headers, with their setters' names, presence, types and limits.
    let headers = |part: &str| {
        let f = upload.iter().find(|f| f.wire == part).unwrap();
        f.part_headers.iter().map(|h| (h.wire.clone(), h.rust.clone(), h.required, h.ty.clone())).collect::<Vec<_>>()
    };
    assert_eq!(headers("file"), [("X-Checksum".to_owned(), "file_x_checksum".to_owned(), true, Ty::String)]);
    assert_eq!(
        headers("attributes"),
        [("X-Schema-Version".to_owned(), "attributes_x_schema_version".to_owned(), false, Ty::Integer)]
    );
    let version = &upload.iter().find(|f| f.wire == "attributes").unwrap().part_headers[0];
    assert_eq!(version.limits().min, Some(1));
    let search = operation("search").body.fields();
    let kinds = search.iter().find(|f| f.wire == "kinds").unwrap();
    assert_eq!(kinds.form_part(&api.types), FormPart::Texts);
    // A structured field of a URL-encoded form, sent by its keys, comes back typed.
    let within = search.iter().find(|f| f.wire == "within").unwrap();
    assert_eq!(within.form_part(&api.types), FormPart::Json);
    assert_eq!(api.named_type(within.ty.named().unwrap()).name, "Attributes");
    assert!(imported.left_out.iter().all(|l| l.loss.is_none()), "{:?}", imported.left_out);
}

/// Parameters survive export and import: arrays repeated or comma-separated,
/// an object sent by its keys (`deepObject`), a map, a union of scalars,
/// an array header, cookies, a date-time (and dates and times in a body).
#[test]
fn parameters_survive_export_and_import() {
    use specgen::model::{ParamStyle, Ty};
    let (_tmp, imported) = exported_and_imported("query_arrays");
    let api = &imported.model.apis[0];
    let op = &api.groups[0].operations[0];
    let query = |wire: &str| op.query.iter().find(|q| q.wire == wire).unwrap_or_else(|| panic!("no {wire}"));
    assert_eq!(query("fields").style, ParamStyle::Comma);
    assert_eq!(query("words").style, ParamStyle::SpaceDelimited);
    assert_eq!(query("tags").style, ParamStyle::PipeDelimited);
    assert_eq!(query("filters").style, ParamStyle::Json);
    assert!(matches!(&query("filters").ty, Ty::Array(items) if matches!(**items, Ty::Named(_))));
    assert_eq!(query("ids").style, ParamStyle::Repeated);
    let created = query("created");
    assert_eq!(created.style, ParamStyle::DeepObject);
    assert_eq!(api.named_type(created.ty.named().unwrap()).name, "Range");
    assert_eq!(query("labels").ty, Ty::Map(Box::new(Ty::String)));
    assert_eq!(query("labels").style, ParamStyle::Repeated);
    assert!(specgen::model::is_text(&api.types, &query("version").ty));
    assert_eq!(query("since").ty, Ty::Temporal(specgen::model::Temporal::DateTime));
    let result = api.find_type("Result").unwrap();
    let specgen::model::TypeKind::Object(fields) = &result.kind else { panic!("{:?}", result.kind) };
    let kinds: Vec<&Ty> = fields.iter().skip(1).map(|f| &f.ty).collect();
    use specgen::model::Temporal::{Date, DateTime, Time};
    assert_eq!(kinds, [&Ty::Temporal(DateTime), &Ty::Temporal(Date), &Ty::Temporal(Time)]);
    assert_eq!(op.headers[0].ty, Ty::Array(Box::new(Ty::String)));
    let cookies: Vec<(&str, &Ty)> = op.cookies.iter().map(|c| (c.wire.as_str(), &c.ty)).collect();
    assert_eq!(cookies, [("session", &Ty::String), ("theme", &Ty::Integer)]);
    assert!(imported.left_out.iter().all(|l| l.loss.is_none()), "{:?}", imported.left_out);
}

/// Text responses survive export and import: `text/csv` kept, `text/plain`
/// the default, bytes still bytes.
#[test]
fn text_responses_survive_export_and_import() {
    use specgen::model::ResponseKind;
    let (_tmp, imported) = exported_and_imported("binary_response");
    let api = &imported.model.apis[0];
    let response = |name: &str| {
        let op = api.groups.iter().flat_map(|g| &g.operations).find(|o| o.name == name).unwrap();
        (op.responses[0].kind.clone(), op.responses[0].media_type.clone())
    };
    assert_eq!(response("export"), (ResponseKind::Text, Some("text/csv".to_owned())));
    assert_eq!(response("read_notes"), (ResponseKind::Text, None));
    assert_eq!(response("download").0, ResponseKind::Binary);
}

/// Null everywhere survives export and import: nullable array items and map
/// values, an alias that may be null, and a field that is always null.
#[test]
fn nullable_items_and_aliases_survive_export_and_import() {
    use specgen::model::{Ty, TypeKind};
    let (_tmp, imported) = exported_and_imported("nullable_fields");
    let api = &imported.model.apis[0];
    let person = api.find_type("Person").unwrap();
    let TypeKind::Object(fields) = &person.kind else { panic!("{:?}", person.kind) };
    let ty_of = |wire: &str| &fields.iter().find(|f| f.wire == wire).unwrap().ty;
    assert_eq!(ty_of("ratings"), &Ty::Array(Box::new(Ty::Nullable(Box::new(Ty::Integer)))));
    assert_eq!(ty_of("labels"), &Ty::Map(Box::new(Ty::Nullable(Box::new(Ty::String)))));
    // An alias's component is inlined where a field uses it, nullability and all.
    let resolved = |ty: &Ty| match ty {
        Ty::Named(id) => match &api.named_type(*id).kind {
            TypeKind::Alias(target) => target.clone(),
            other => panic!("{other:?}"),
        },
        other => other.clone(),
    };
    assert_eq!(resolved(ty_of("grid")), Ty::Array(Box::new(Ty::Nullable(Box::new(Ty::String)))));
    // A field that is always null: exported as a nullable `enum: [null]`, imported as `null` again.
    let booster = fields.iter().find(|f| f.wire == "booster").unwrap();
    assert_eq!((&booster.ty, booster.nullable, booster.required), (&Ty::Null, true, false));
    let manager = fields.iter().find(|f| f.wire == "manager").unwrap();
    assert!(manager.nullable || resolved(&manager.ty) == Ty::Nullable(Box::new(Ty::String)), "{manager:?}");
    assert!(imported.left_out.iter().all(|l| l.loss.is_none()), "{:?}", imported.left_out);
}

/// A request body with several media types gives one operation per body
/// kind: JSON under the document's name, the others suffixed; the coverage
/// counts the document's operation once, nothing is lost, and an inline
/// union the bodies share is one type.
#[test]
fn each_body_kind_is_an_operation_of_its_own() {
    use specgen::model::{Body, FormEncoding, FormPart};
    let text = r##"{"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "servers": [{"url": "https://t.example"}],
      "paths": {"/channels/{id}/messages": {"post": {"operationId": "createMessage",
        "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
        "requestBody": {"required": true, "content": {
          "application/json": {"schema": {"type": "object", "properties": {"content": {"type": "string"},
            "nonce": {"oneOf": [{"type": "integer"}, {"type": "string"}]}}}},
          "application/x-www-form-urlencoded": {"schema": {"type": "object", "properties": {"content": {"type": "string"}}}},
          "multipart/form-data": {"schema": {"type": "object", "properties": {"content": {"type": "string"},
            "nonce": {"oneOf": [{"type": "integer"}, {"type": "string"}]},
            "files": {"type": "array", "items": {"type": "string", "format": "binary"}}}}}}},
        "responses": {"200": {"description": "ok"}}}}}}"##;
    let imported = import_text(text, |i| i);
    let api = &imported.model.apis[0];
    let ops: Vec<&specgen::model::Operation> = api.groups.iter().flat_map(|g| &g.operations).collect();
    let names: Vec<&str> = ops.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(names, ["create_message", "create_message_multipart", "create_message_form"]);
    assert!(matches!(ops[0].body, Body::JsonObject { .. }));
    let Body::Form { fields, encoding: FormEncoding::Multipart, .. } = &ops[1].body else {
        panic!("{:?}", ops[1].body)
    };
    assert_eq!(fields[2].form_part(&api.types), FormPart::Files);
    // The same inline union in both bodies is one type.
    let unions = api.types.iter().filter(|t| matches!(t.kind, specgen::model::TypeKind::OneOf(..))).count();
    assert_eq!(unions, 1, "{:?}", api.types.iter().map(|t| &t.name).collect::<Vec<_>>());
    assert!(matches!(ops[2].body, Body::Form { encoding: FormEncoding::UrlEncoded, .. }));
    let d = &imported.coverage.documents[0];
    assert_eq!((d.operations.found, d.operations.kept), (1, 1));
    assert_eq!((d.request_bodies.found, d.request_bodies.kept), (1, 1));
    assert!(imported.coverage.losses().is_empty(), "{:?}", imported.coverage.losses());
    let notes: Vec<&str> = imported.left_out.iter().map(|l| l.what.as_str()).collect();
    assert!(notes.iter().any(|n| n.contains("sent by the operation `create_message_multipart`")), "{notes:?}");
}

/// A response that is JSON or an event stream (by a request field) gives
/// the event stream an operation of its own, `<name>_stream`, with the end
/// marker the request's text names; a response that is only an event stream
/// is one in the operation itself. The coverage counts each document
/// operation once, with nothing lost.
#[test]
fn an_event_stream_is_an_operation_of_its_own() {
    use specgen::model::ResponseKind;
    let text = r##"{"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "servers": [{"url": "https://t.example"}],
      "paths": {
        "/completions": {"post": {"operationId": "createCompletion",
          "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Req"}}}},
          "responses": {"200": {"description": "ok", "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/Completion"}},
            "text/event-stream": {"schema": {"$ref": "#/components/schemas/Chunk"}}}}}}},
        "/feed": {"get": {"operationId": "follow",
          "responses": {"200": {"description": "changes", "content": {
            "text/event-stream": {"schema": {"type": "object", "properties": {"seq": {"type": "integer"}}}}}}}}}},
      "components": {"schemas": {
        "Req": {"allOf": [{"$ref": "#/components/schemas/Streaming"}, {"type": "object", "properties": {"prompt": {"type": "string"}}}]},
        "Streaming": {"type": "object", "properties": {"stream": {"type": "boolean",
          "description": "Stream the answer as server-sent events, terminated by a `data: [DONE]` message."}}},
        "Completion": {"type": "object", "properties": {"text": {"type": "string"}}},
        "Chunk": {"type": "object", "properties": {"delta": {"type": "string"}}}}}}"##;
    let imported = import_text(text, |i| i);
    let api = &imported.model.apis[0];
    let ops: Vec<&specgen::model::Operation> = api.groups.iter().flat_map(|g| &g.operations).collect();
    let names: Vec<&str> = ops.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(names, ["create_completion", "create_completion_stream", "follow"]);
    let ResponseKind::Json(completion) = ops[0].responses[0].kind else { panic!("{:?}", ops[0].responses) };
    assert_eq!(api.named_type(completion).name, "Completion");
    let events = ops[1].events().unwrap();
    assert_eq!(api.named_type(events.ty).name, "Chunk");
    assert_eq!(events.end_marker.as_deref(), Some("[DONE]"));
    assert!(!events.resumable);
    assert!(matches!(ops[1].body, specgen::model::Body::JsonObject { .. }), "{:?}", ops[1].body);
    let feed = ops[2].events().unwrap();
    assert_eq!(feed.end_marker, None);
    let d = &imported.coverage.documents[0];
    assert_eq!((d.operations.found, d.operations.kept), (2, 2));
    assert_eq!((d.response_bodies.found, d.response_bodies.kept), (2, 2));
    assert!(imported.coverage.losses().is_empty(), "{:?}", imported.coverage.losses());
    let notes: Vec<&str> = imported.left_out.iter().map(|l| l.what.as_str()).collect();
    assert!(notes.iter().any(|n| n.contains("answered to the operation `create_completion_stream`")), "{notes:?}");
}

/// Event streams survive export and import: the JSON and the stream of one
/// path are one OpenAPI operation with both media types, imported as the two
/// operations again, with the end marker and the resuming kept.
#[test]
fn event_streams_survive_export_and_import() {
    let (_tmp, imported) = exported_and_imported("event_stream");
    let api = &imported.model.apis[0];
    let op = |name: &str| api.groups.iter().flat_map(|g| &g.operations).find(|o| o.name == name).unwrap();
    assert!(op("complete").events().is_none());
    let chunks = op("complete_stream").events().unwrap();
    assert_eq!((api.named_type(chunks.ty).name.as_str(), chunks.end_marker.as_deref()), ("Chunk", Some("[DONE]")));
    let feed = op("follow").events().unwrap();
    assert!(feed.resumable);
    assert_eq!(feed.end_marker, None);
    // JSON lines, by their media type.
    let lines = op("export_changes").events().unwrap();
    assert_eq!((lines.lines.as_deref(), lines.end_marker.as_deref()), (Some("application/x-ndjson"), Some("END")));
    assert_eq!(feed.lines, None);
    assert!(imported.left_out.iter().all(|l| l.loss.is_none()), "{:?}", imported.left_out);
}

/// Status ranges and `default`: `4XX`, `5XX` and `default` error responses
/// become error entries classified after the exact statuses; `2XX`, or a
/// `default` with no 2xx beside it, is the success. Both survive export.
#[test]
fn status_ranges_and_default_are_kept() {
    use specgen::model::StatusSet;
    let text = r##"{"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "servers": [{"url": "https://t.example"}],
      "paths": {
        "/a": {"get": {"operationId": "getA", "responses": {
          "200": {"description": "ok"},
          "404": {"description": "Not here."},
          "4XX": {"description": "A client error.", "content": {"application/json": {"schema": {"type": "object", "properties": {"message": {"type": "string"}, "details": {"type": "array", "items": {"type": "string"}}}}}}},
          "409": {"description": "Taken.", "content": {"application/json": {"schema": {"type": "object", "example": {"code": "taken"}, "descripton": "A misspelt key.", "properties": {"code": {"type": "string"}, "message": {"type": "string"}}}}}},
          "5xx": {"description": "A server error."},
          "default": {"description": "Anything else."}}}},
        "/b": {"get": {"operationId": "getB", "responses": {
          "default": {"description": "The thing.", "content": {"application/json": {"schema": {"type": "object", "properties": {"id": {"type": "string"}}}}}}}}},
        "/c": {"get": {"operationId": "getC", "responses": {
          "2XX": {"description": "Done.", "content": {"application/json": {"schema": {"type": "object", "properties": {"id": {"type": "string"}}}}}},
          "3XX": {"description": "Moved."}}}}}}"##;
    let imported = import_text(text, |i| i);
    let api = &imported.model.apis[0];
    let op = |name: &str| api.groups.iter().flat_map(|g| &g.operations).find(|o| o.name == name).unwrap();
    let statuses: Vec<(StatusSet, Option<&str>)> =
        op("get_a").errors.iter().map(|e| (e.status, e.variant.as_deref())).collect();
    assert_eq!(
        statuses,
        [
            (StatusSet::Exact(404), Some("NotFound")),
            (StatusSet::Exact(409), Some("Conflict")),
            (StatusSet::Class(4), Some("ClientError")),
            (StatusSet::Class(5), Some("ServerError")),
            (StatusSet::Default, Some("Default")),
        ]
    );
    // The 4XX response's schema types its body; a body of code and message
    // only (what the client reads itself; keys that shape nothing aside)
    // and the others give none.
    let bodies: Vec<Option<&str>> =
        op("get_a").errors.iter().map(|e| e.body.map(|t| api.named_type(t).name.as_str())).collect();
    assert_eq!(bodies, [None, None, Some("GetAError"), None, None]);
    for name in ["get_b", "get_c"] {
        let success = &op(name).responses[0];
        assert_eq!(success.status, 200, "{name}");
        assert!(matches!(success.kind, specgen::model::ResponseKind::Json(_)), "{name}");
    }
    let notes: Vec<&str> = imported.left_out.iter().map(|l| l.what.as_str()).collect();
    assert!(notes.iter().any(|n| n.contains("the `3XX` response")), "{notes:?}");
    assert!(imported.coverage.losses().is_empty(), "{:?}", imported.coverage.losses());

    let (_tmp, again) = exported_and_imported("typed_errors");
    let api = &again.model.apis[0];
    let rename = api.groups.iter().flat_map(|g| &g.operations).find(|o| o.name == "rename_thing").unwrap();
    let sets: Vec<StatusSet> = rename.errors.iter().map(|e| e.status).collect();
    assert!(sets.contains(&StatusSet::Class(4)) && sets.contains(&StatusSet::Class(5)), "{sets:?}");
    assert!(sets.contains(&StatusSet::Default), "{sets:?}");
    let class = rename.errors.iter().find(|e| e.status == StatusSet::Class(4)).unwrap();
    assert_eq!(class.codes.iter().map(|c| c.code.as_str()).collect::<Vec<_>>(), ["7"]);
    assert_eq!(class.body.map(|t| api.named_type(t).name.as_str()), Some("Problem"));
    let server = rename.errors.iter().find(|e| e.status == StatusSet::Class(5)).unwrap();
    assert_eq!(server.body.map(|t| api.named_type(t).name.as_str()), Some("Outage"));
    // The export's common error shape is what the client reads code and message from: no type.
    assert!(rename.errors.iter().find(|e| e.status == StatusSet::Default).unwrap().body.is_none());
}

/// A union that contains itself through a map (Discord's `ErrorDetails`)
/// keeps its type there, and schemas nested hundreds deep import without
/// exhausting the stack, with a note where typing stops.
#[test]
fn self_containing_unions_and_deep_nesting_import() {
    // A chain of 150 components, each a field of the one before.
    let chain: Vec<String> = (0..150)
        .map(|i| {
            format!(
                r##""S{i}": {{"type": "object", "properties": {{"a": {{"$ref": "#/components/schemas/S{}"}}}}}}"##,
                i + 1
            )
        })
        .collect();
    let chain = chain.join(",\n");
    let deep = r##"{"$ref": "#/components/schemas/S0"}"##;
    let text = format!(
        r##"{{"openapi": "3.0.3", "info": {{"title": "T", "version": "1"}}, "servers": [{{"url": "https://t.example"}}],
      "paths": {{
        "/a": {{"get": {{"operationId": "getA", "responses": {{"200": {{"description": "ok", "content": {{"application/json": {{"schema": {{"$ref": "#/components/schemas/ErrorDetails"}}}}}}}}}}}}}},
        "/b": {{"get": {{"operationId": "getB", "responses": {{"200": {{"description": "ok", "content": {{"application/json": {{"schema": {deep}}}}}}}}}}}}}}},
      "components": {{"schemas": {{
        "ErrorDetails": {{"oneOf": [{{"type": "object", "additionalProperties": {{"$ref": "#/components/schemas/ErrorDetails"}}}}, {{"$ref": "#/components/schemas/Inner"}}]}},
        "S150": {{"type": "string"}},
        {chain},
        "Inner": {{"type": "object", "properties": {{"_errors": {{"type": "array", "items": {{"type": "string"}}}}}}, "required": ["_errors"]}}}}}}}}"##
    );
    let imported = import_text(&text, |i| i);
    let api = &imported.model.apis[0];
    let details = api.find_type("ErrorDetails").unwrap();
    assert!(matches!(details.kind, specgen::model::TypeKind::OneOf(..)), "{:?}", details.kind);
    // Its map holds the union itself, typed.
    let specgen::model::TypeKind::OneOf(members, _) = &details.kind else { unreachable!() };
    let values_are_details = members.iter().filter_map(|m| m.named()).any(|m| {
        matches!(&api.named_type(m).kind, specgen::model::TypeKind::Alias(specgen::model::Ty::Map(values))
            if values.named().is_some_and(|v| api.named_type(v).name == "ErrorDetails"))
    });
    assert!(values_are_details, "{members:?}");
    let notes: Vec<&str> = imported.left_out.iter().map(|l| l.what.as_str()).collect();
    assert!(!notes.iter().any(|n| n.contains("contains itself")), "{notes:?}");
    assert!(notes.iter().any(|n| n.contains("nested over")), "{notes:?}");
}

/// A query parameter given by `content: application/json`, and an array of
/// objects in a query (which OpenAPI leaves undefined), are sent as JSON
/// text instead of being left out; an empty `enum` beside a reference loses
/// nothing.
#[test]
fn json_query_parameters_are_kept() {
    use specgen::model::ParamStyle;
    let text = r##"{"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "servers": [{"url": "https://t.example"}],
      "paths": {"/search": {"get": {"operationId": "search", "parameters": [
        {"name": "filter", "in": "query", "content": {"application/json": {"schema": {"type": "object", "properties": {"a": {"type": "integer"}}}}}},
        {"name": "mdfilters", "in": "query", "schema": {"type": "array", "items": {"type": "object", "properties": {"scope": {"type": "string"}}}}},
        {"name": "status", "in": "query", "schema": {"type": "string", "enum": [], "allOf": [{"$ref": "#/components/schemas/Status"}]}}],
        "responses": {"200": {"description": "ok"}}}}},
      "components": {"schemas": {"Status": {"type": "string", "enum": ["open", "closed"]}}}}"##;
    let imported = import_text(text, |i| i);
    let op = &imported.model.apis[0].groups[0].operations[0];
    let styles: Vec<(&str, ParamStyle)> = op.query.iter().map(|q| (q.wire.as_str(), q.style)).collect();
    // An empty `enum` beside `allOf` says nothing: the parameter is the enum referred to.
    assert_eq!(
        styles,
        [("filter", ParamStyle::Json), ("mdfilters", ParamStyle::Json), ("status", ParamStyle::Repeated)]
    );
    let api = &imported.model.apis[0];
    assert_eq!(api.named_type(op.query[2].ty.named().unwrap()).name, "Status");
    assert!(imported.coverage.losses().is_empty(), "{:?}", imported.coverage.losses());
    let notes: Vec<&str> = imported.left_out.iter().map(|l| l.what.as_str()).collect();
    assert!(notes.iter().any(|n| n.contains("sent as JSON text")), "{notes:?}");
}

/// Every security scheme kind imports (API keys in a header, the query or a
/// cookie; Basic; bearer and OAuth 2 as the token), with the API's and each
/// operation's requirements; a scheme the format cannot send is noted with
/// the alternatives that need it. The `security` fixture survives export.
#[test]
fn security_schemes_and_requirements_import_and_survive_export() {
    for version in ["3.0.3", "3.1.0"] {
        let text = format!(
            r##"{{"openapi": "{version}", "info": {{"title": "T", "version": "1"}}, "servers": [{{"url": "https://t.example"}}],
          "security": [{{"clientId": [], "clientSecret": []}}, {{"basicAuth": []}}],
          "paths": {{
            "/a": {{"get": {{"operationId": "getA", "responses": {{"204": {{"description": "ok"}}}}}}}},
            "/b": {{"get": {{"operationId": "getB", "security": [], "responses": {{"204": {{"description": "ok"}}}}}}}},
            "/c": {{"get": {{"operationId": "getC", "security": [{{"oauth": ["read"]}}, {{"mtls": []}}, {{"query": []}}, {{}}],
              "responses": {{"204": {{"description": "ok"}}}}}}}},
            "/d": {{"get": {{"operationId": "getD", "security": [{{"session": []}}], "responses": {{"204": {{"description": "ok"}}}}}}}}}},
          "components": {{"securitySchemes": {{
            "clientId": {{"type": "apiKey", "in": "header", "name": "X-Client-Id"}},
            "clientSecret": {{"type": "apiKey", "in": "header", "name": "X-Client-Secret"}},
            "query": {{"type": "apiKey", "in": "query", "name": "key"}},
            "session": {{"type": "apiKey", "in": "cookie", "name": "sid"}},
            "basicAuth": {{"type": "http", "scheme": "basic", "description": "SID and token."}},
            "oauth": {{"type": "oauth2", "flows": {{"clientCredentials": {{"tokenUrl": "https://t.example/token", "scopes": {{"read": "Read."}}}}}}}},
            "mtls": {{"type": "mutualTLS"}}}}}}}}"##
        );
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.json");
        std::fs::write(&path, text).unwrap();
        let imported = Importer::new("t").document(&path).import().unwrap_or_else(|e| panic!("{e}"));
        let api = &imported.model.apis[0];
        let schemes: Vec<(&str, &specgen::model::SchemeKind)> =
            api.security_schemes.iter().map(|s| (s.name.as_str(), &s.kind)).collect();
        use specgen::model::{FlowKind, KeyLocation, SchemeKind};
        let key = |location, param: &str| SchemeKind::ApiKey { location, param: param.to_owned() };
        assert_eq!(
            schemes,
            [
                ("client_id", &key(KeyLocation::Header, "X-Client-Id")),
                ("client_secret", &key(KeyLocation::Header, "X-Client-Secret")),
                ("query", &key(KeyLocation::Query, "key")),
                ("session", &key(KeyLocation::Cookie, "sid")),
                ("basic_auth", &SchemeKind::Basic),
            ],
            "{version}"
        );
        let strings = |r: &[&[&str]]| -> Vec<Vec<String>> {
            r.iter().map(|alt| alt.iter().map(|s| (*s).to_owned()).collect()).collect()
        };
        assert_eq!(api.security, Some(strings(&[&["client_id", "client_secret"], &["basic_auth"]])));
        let op = |name: &str| api.groups.iter().flat_map(|g| &g.operations).find(|o| o.name == name).unwrap();
        assert_eq!(op("get_a").security, None, "the API's default");
        assert_eq!(op("get_b").security, Some(Vec::new()), "public");
        assert_eq!(op("get_c").security, Some(strings(&[&["token"], &["query"], &[]])));
        assert_eq!(op("get_d").security, Some(strings(&[&["session"]])));
        let flows: Vec<_> =
            api.oauth_flows.iter().map(|f| (f.kind, f.token_url.as_deref(), f.scopes.clone())).collect();
        let read = vec![("read".to_owned(), "Read.".to_owned())];
        assert_eq!(flows, [(FlowKind::ClientCredentials, Some("https://t.example/token"), read)], "{version}");
        let notes: Vec<&str> = imported.left_out.iter().map(|l| l.what.as_str()).collect();
        assert!(notes.iter().any(|n| n.contains("the security scheme `mtls`")), "{notes:?}");
        assert!(notes.iter().any(|n| n.contains("security alternative")), "{notes:?}");
        assert!(!notes.iter().any(|n| n.contains("bearer token is assumed")), "{notes:?}");
    }

    let (_tmp, again) = exported_and_imported("security");
    let api = &again.model.apis[0];
    let names: Vec<&str> = api.security_schemes.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["client_id", "client_secret", "query_key", "session", "basic"]);
    let op = |name: &str| api.groups.iter().flat_map(|g| &g.operations).find(|o| o.name == name).unwrap();
    assert_eq!(op("get_status").security, Some(Vec::new()));
    assert_eq!(op("export_calls").security, Some(vec![vec!["query_key".to_owned()], vec!["token".to_owned()]]));
    assert_eq!(
        api.security,
        Some(vec![vec!["client_id".to_owned(), "client_secret".to_owned()], vec!["basic".to_owned()]])
    );
    // The token's OAuth 2 flows (the device code flow as an extension) and
    // its OpenID Connect URL come back as they were.
    let flows: Vec<&str> = api.oauth_flows.iter().map(|f| f.kind.as_str()).collect();
    assert_eq!(flows, ["implicit", "password", "client_credentials", "authorization_code", "device_code"]);
    assert_eq!(api.oauth_flows[1].token_url.as_deref(), Some("https://auth.example.com/password"));
    let code = &api.oauth_flows[3];
    assert_eq!(
        (code.authorize_url.as_deref(), code.refresh_url.as_deref()),
        (Some("https://auth.example.com/authorize"), Some("https://auth.example.com/refresh"))
    );
    assert_eq!(api.oauth_flows[4].device_url.as_deref(), Some("https://auth.example.com/device"));
    assert_eq!(api.oauth_flows[2].scopes.len(), 2);
    assert_eq!(api.openid_connect.as_deref(), Some("https://auth.example.com/.well-known/openid-configuration"));
}

/// OAuth 2 flows a client cannot use safely are left out with a note: a
/// token URL that is not HTTPS, a flow without the URL its grant needs, a
/// flow the format does not know; the others are kept. A 3.2
/// `deviceAuthorization` flow and an `openIdConnect` scheme import.
#[test]
fn oauth_flows_import_with_notes_for_what_cannot_be_used() {
    let text = r##"{"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "servers": [{"url": "https://t.example"}],
      "security": [{"oauth": []}, {"oidc": []}],
      "paths": {"/a": {"get": {"operationId": "getA", "responses": {"204": {"description": "ok"}}}}},
      "components": {"securitySchemes": {
        "oauth": {"type": "oauth2", "flows": {
          "clientCredentials": {"tokenUrl": "http://t.example/token", "scopes": {}},
          "password": {"scopes": {}},
          "deviceAuthorization": {"deviceAuthorizationUrl": "https://t.example/device", "tokenUrl": "https://t.example/token", "scopes": {"a": "A."}},
          "ciba": {"tokenUrl": "https://t.example/token"}}},
        "oidc": {"type": "openIdConnect", "openIdConnectUrl": "https://t.example/.well-known/openid-configuration"}}}}"##;
    let imported = import_text(text, |i| i);
    let api = &imported.model.apis[0];
    let flows: Vec<&str> = api.oauth_flows.iter().map(|f| f.kind.as_str()).collect();
    assert_eq!(flows, ["device_code"]);
    assert_eq!(api.openid_connect.as_deref(), Some("https://t.example/.well-known/openid-configuration"));
    assert_eq!(api.security, None, "the token alone");
    let notes: Vec<&str> = imported.left_out.iter().map(|l| l.what.as_str()).collect();
    for expected in
        ["`tokenUrl` `http://t.example/token` is not HTTPS", "`password`, which has no `tokenUrl`", "flow `ciba`"]
    {
        assert!(notes.iter().any(|n| n.contains(expected)), "{expected}: {notes:?}");
    }
}

/// Schema words real documents lean on: `items` without `type: array`, a
/// union of required-field sets beside the properties (one of them must be
/// present), JSON Schema's `$recursiveRef: "#"`, an untyped field of a
/// URL-encoded form, and a generator's `undefined` in place of a media type.
#[test]
fn schema_shorthands_are_typed() {
    use specgen::model::{Body, Ty, TypeKind};
    let text = r##"{"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "servers": [{"url": "https://t.example"}],
      "paths": {
        "/c": {"post": {"operationId": "create", "requestBody": {"content": {"application/json": {"schema": {
          "$ref": "#/components/schemas/Batch"}}}}, "responses": {"204": {"description": "ok"}}}},
        "/f": {"post": {"operationId": "pay", "requestBody": {"content": {"application/x-www-form-urlencoded": {"schema": {
          "type": "object", "properties": {"Parameter": {"description": "A JSON object."}, "To": {"type": "string"}}}}}},
          "responses": {"204": {"description": "ok"}}}},
        "/q": {"post": {"operationId": "quick_add", "requestBody": {"content": {"undefined": {"schema": {
          "type": "object", "properties": {"text": {"type": "string"}}}}}}, "responses": {"204": {"description": "ok"}}}}},
      "components": {"schemas": {
        "Batch": {"type": "object", "additionalProperties": false,
          "properties": {"file_ids": {"type": "array", "items": {"type": "string"}},
            "modalities": {"items": {"type": "string", "enum": ["text", "audio"]}},
            "filter": {"$ref": "#/components/schemas/Filter"}},
          "anyOf": [{"required": ["file_ids"]}, {"required": ["modalities"]}]},
        "Filter": {"type": "object", "properties": {"key": {"type": "string"},
          "filters": {"type": "array", "items": {"$recursiveRef": "#"}}}}}}}"##;
    let imported = import_text(text, |i| i);
    let api = &imported.model.apis[0];
    let op = |name: &str| api.groups.iter().flat_map(|g| &g.operations).find(|o| o.name == name).unwrap();
    let batch = api.find_type("Batch").unwrap();
    let TypeKind::Object(fields) = &batch.kind else { panic!("{:?}", batch.kind) };
    let field = |wire: &str| &fields.iter().find(|f| f.wire == wire).unwrap().ty;
    let Ty::Array(item) = field("modalities") else { panic!("{:?}", field("modalities")) };
    assert!(matches!(&api.named_type(item.named().unwrap()).kind, TypeKind::Enum { .. }));
    let filter = field("filter").named().unwrap();
    let TypeKind::Object(inner) = &api.named_type(filter).kind else { panic!() };
    assert_eq!(inner.iter().find(|f| f.wire == "filters").unwrap().ty, Ty::Array(Box::new(Ty::Named(filter))));
    // `anyOf` of `required` lists: the sets of fields the type needs one of.
    let requires = batch.requires.as_ref().unwrap();
    assert_eq!(
        (requires.sets.clone(), requires.exactly_one),
        (vec![vec!["file_ids".to_owned()], vec!["modalities".to_owned()]], false)
    );
    assert!(
        !imported.left_out.iter().any(|l| l.what.contains("`anyOf` of required fields")),
        "{:?}",
        imported.left_out
    );
    let form = op("pay").body.fields();
    assert_eq!(form.iter().find(|f| f.wire == "Parameter").map(|f| &f.ty), Some(&Ty::Any));
    assert!(matches!(op("quick_add").body, Body::JsonObject { .. }), "{:?}", op("quick_add").body);
    assert!(imported.left_out.iter().any(|l| l.what.contains("`undefined` is not one")), "{:?}", imported.left_out);
    assert!(imported.left_out.iter().all(|l| l.loss.is_none()), "{:?}", imported.left_out);
}

/// Forms as 3.1 documents write them: `type: [integer, null]` is an
/// integer part, not a file; `contentEncoding: binary` and
/// `contentMediaType` are files; a form whose schema is a union is a value
/// of the union; a required name without a property is a field of any
/// value.
#[test]
fn form_fields_of_3_1_documents_and_unions_are_kept() {
    use specgen::model::{FormPart, Ty, TypeKind};
    let text = r##"{"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "servers": [{"url": "https://t.example"}],
      "paths": {
        "/m": {"post": {"operationId": "send", "requestBody": {"required": true, "content": {"multipart/form-data": {"schema": {
          "type": "object", "properties": {
            "flags": {"type": ["integer", "null"]}, "tts": {"type": ["boolean", "null"]},
            "files[0]": {"type": "string", "contentEncoding": "binary"},
            "avatar": {"type": "string", "contentMediaType": "image/png"}}}}}},
          "responses": {"204": {"description": "ok"}}}},
        "/t": {"post": {"operationId": "thread", "requestBody": {"content": {"application/x-www-form-urlencoded": {"schema": {
          "anyOf": [{"$ref": "#/components/schemas/Forum"}, {"$ref": "#/components/schemas/Text"}]}}}},
          "responses": {"204": {"description": "ok"}}}},
        "/i": {"post": {"operationId": "invite", "requestBody": {"content": {"application/json": {"schema": {
          "type": "object", "required": ["by"], "properties": {"by": {"type": "object", "required": ["id"],
            "properties": {"login": {"type": "string"}}}}}}}},
          "responses": {"204": {"description": "ok"}}}}},
      "components": {"schemas": {
        "Forum": {"type": "object", "required": ["name", "message"], "properties": {"name": {"type": "string"}, "message": {"type": "string"}}},
        "Text": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}, "type": {"type": "integer"}}}}}}"##;
    let imported = import_text(text, |i| i);
    let api = &imported.model.apis[0];
    let op = |name: &str| api.groups.iter().flat_map(|g| &g.operations).find(|o| o.name == name).unwrap();
    let parts: Vec<(&str, FormPart)> =
        op("send").body.fields().iter().map(|f| (f.wire.as_str(), f.form_part(&api.types))).collect();
    assert_eq!(
        parts,
        [("flags", FormPart::Text), ("tts", FormPart::Text), ("files[0]", FormPart::File), ("avatar", FormPart::File)]
    );
    // A union of objects sent as a form is a value of the union, its members kept.
    let specgen::model::Body::FormValue { ty, encoding } = &op("thread").body else {
        panic!("{:?}", op("thread").body)
    };
    assert_eq!(*encoding, specgen::model::FormEncoding::UrlEncoded);
    let TypeKind::OneOf(members, None) = &api.named_type(*ty).kind else { panic!("{:?}", api.named_type(*ty)) };
    let names: Vec<&str> = members.iter().map(|m| api.named_type(m.named().unwrap()).name.as_str()).collect();
    assert_eq!(names, ["Forum", "Text"]);
    let by = op("invite").body.fields()[0].ty.named().unwrap();
    let TypeKind::Object(by) = &api.named_type(by).kind else { panic!() };
    let id = by.iter().find(|f| f.wire == "id").expect("the required `id`");
    assert!(id.required && id.ty == Ty::Any, "{id:?}");
    assert!(imported.left_out.iter().any(|l| l.what.contains("required but not among the properties")));
    // The example call passes the union's first member, with what it requires.
    let call = specgen::examples::call(api, op("thread"), specgen::examples::CallStyle::Test, "t");
    assert!(call.contains(r#"ThreadRequest>("{\"name\":\"name\",\"message\":\"message\"}")?)"#), "{call}");
}

/// Every pagination style survives export (`x-pagination`) and import: the
/// same keys on the same operations, with the same item type.
#[test]
fn pagination_styles_survive_export_and_import() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pagination");
    let original = specgen::Generator::new(&dir).check().unwrap();
    let (_tmp, imported) = exported_and_imported("pagination");
    type Paged = Vec<(String, String, Vec<(&'static str, serde_json::Value)>)>;
    let paged = |model: &specgen::model::Model| -> Paged {
        let api = &model.apis[0];
        let mut paged: Vec<_> = api
            .groups
            .iter()
            .flat_map(|g| &g.operations)
            .filter_map(|o| {
                let p = o.pagination.as_ref()?;
                let specgen::model::Ty::Named(id) = p.item else { panic!("{:?}", p.item) };
                Some((o.name.to_string(), api.named_type(id).name.to_string(), p.spec_keys()))
            })
            .collect();
        paged.sort_by(|a, b| a.0.cmp(&b.0));
        paged
    };
    let before = paged(&original);
    let styles: Vec<&serde_json::Value> = before.iter().map(|(_, _, keys)| &keys[0].1).collect();
    assert_eq!(styles, ["link", "token", "next_url", "offset", "page", "token"], "{before:?}");
    assert_eq!(paged(&imported.model), before);
    assert!(imported.left_out.iter().all(|l| l.loss.is_none()), "{:?}", imported.left_out);
}

/// An operation's vendor page (`externalDocs`), its rate-limit label and what
/// the API's labels mean (`x-rate-limits`) survive export and import.
#[test]
fn vendor_pages_and_rate_limits_survive_export_and_import() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/nested_limits");
    let original = specgen::Generator::new(&dir).check().unwrap();
    let (_tmp, imported) = exported_and_imported("nested_limits");
    let facts = |model: &specgen::model::Model| {
        let api = &model.apis[0];
        let mut ops: Vec<(String, Option<String>, Option<String>)> = api
            .groups
            .iter()
            .flat_map(|g| &g.operations)
            .map(|o| (o.name.to_string(), o.rate_limit.clone(), o.docs_url.clone()))
            .collect();
        ops.sort();
        (api.rate_limits.clone(), ops)
    };
    let before = facts(&original);
    assert_eq!(before.0.as_ref().unwrap().meaning("HEAVY"), Some("10 calls a second."));
    assert!(before.1.iter().any(|(_, _, url)| url.as_deref() == Some("https://api.example.com/docs/orders/place")));
    assert_eq!(facts(&imported.model), before);
}

/// A number field's bounds survive import, export and import again.
#[test]
fn number_bounds_survive_export_and_import() {
    let text = r##"{"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "servers": [{"url": "https://t.example"}],
      "paths": {"/m": {"post": {"operationId": "score", "requestBody": {"content": {"application/json": {"schema":
        {"$ref": "#/components/schemas/Score"}}}}, "responses": {"204": {"description": "ok"}}}}},
      "components": {"schemas": {"Score": {"type": "object", "properties": {
        "temperature": {"type": "number", "minimum": 0, "maximum": 2}}}}}}"##;
    let bounds = |imported: &specgen::import::Imported| {
        let api = &imported.model.apis[0];
        let specgen::model::TypeKind::Object(fields) = &api.find_type("Score").unwrap().kind else { panic!() };
        (fields[0].limits().min, fields[0].limits().max)
    };
    let tmp = tempfile::tempdir().unwrap();
    let document = tmp.path().join("t.json");
    std::fs::write(&document, text).unwrap();
    let first = Importer::new("demo").document(&document).import().unwrap();
    assert_eq!(bounds(&first), (Some(0), Some(2)));
    let spec = tmp.path().join("spec");
    first.write(&spec, false).unwrap();
    let files = specgen::Generator::new(&spec).emit().unwrap();
    let exported = files.iter().find(|f| f.path == "openapi/demo.yaml").unwrap();
    std::fs::write(tmp.path().join("demo.yaml"), &exported.contents).unwrap();
    let again = Importer::new("demo").document(tmp.path().join("demo.yaml")).import().unwrap();
    assert_eq!(bounds(&again), (Some(0), Some(2)));
}

/// An array of strings keeps its items' format, pattern and example: they
/// are the array's in the format, and the export puts them back on the items.
#[test]
fn array_items_keep_their_format_pattern_and_example() {
    let text = r##"{"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "servers": [{"url": "https://t.example"}],
      "paths": {"/m": {"post": {"operationId": "invite", "requestBody": {"content": {"application/json": {"schema":
        {"$ref": "#/components/schemas/Invite"}}}}, "responses": {"204": {"description": "ok"}}}}},
      "components": {"schemas": {"Invite": {"type": "object", "required": ["emails", "codes"], "properties": {
        "emails": {"type": "array", "items": {"type": "string", "format": "email", "example": "ann@example.com"}},
        "codes": {"type": "array", "items": {"type": "string", "pattern": "^[A-Z]{3}$"}}}}}}}"##;
    let limits = |imported: &specgen::import::Imported| {
        let api = &imported.model.apis[0];
        let specgen::model::TypeKind::Object(fields) = &api.find_type("Invite").unwrap().kind else { panic!() };
        fields
            .iter()
            .map(|f| {
                (f.limits().format.clone(), f.limits().pattern.clone(), f.example.as_deref().map(|e| e.to_string()))
            })
            .collect::<Vec<_>>()
    };
    let expected = vec![
        (Some("email".to_owned()), None, Some(r#"["ann@example.com"]"#.to_owned())),
        (None, Some("^[A-Z]{3}$".to_owned()), None),
    ];
    let tmp = tempfile::tempdir().unwrap();
    let document = tmp.path().join("t.json");
    std::fs::write(&document, text).unwrap();
    let first = Importer::new("demo").document(&document).import().unwrap();
    assert_eq!(limits(&first), expected);
    let spec = tmp.path().join("spec");
    first.write(&spec, false).unwrap();
    let files = specgen::Generator::new(&spec).emit().unwrap();
    // The docs say the limits are the items', and the example fits them.
    let page = files.iter().find(|f| f.path.ends_with("invite.md")).unwrap();
    let page = &page.contents;
    assert!(page.contains("each item: format `email`") && page.contains("each item: matches `^[A-Z]{3}$`"), "{page}");
    assert!(page.contains(r#""ann@example.com""#) && page.contains(r#""AAA""#), "{page}");
    let exported = files.iter().find(|f| f.path == "openapi/demo.yaml").unwrap();
    let exported_text = &exported.contents;
    assert!(exported_text.contains("format: email"), "{exported_text}");
    std::fs::write(tmp.path().join("demo.yaml"), &exported.contents).unwrap();
    let again = Importer::new("demo").document(tmp.path().join("demo.yaml")).import().unwrap();
    assert_eq!(limits(&again), expected);
}

/// `anyOf` of `required` lists with a `not` that forbids two of them at
/// once is "exactly one"; `oneOf` of them is too; members that say more
/// than `required` are no sets of fields.
#[test]
fn any_of_with_not_is_exactly_one_set_of_fields() {
    let text = r##"{"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "servers": [{"url": "https://t.example"}],
      "paths": {"/m": {"post": {"operationId": "edit", "requestBody": {"content": {"application/json": {"schema":
        {"type": "array", "items": {"$ref": "#/components/schemas/ImageRef"}}}}},
        "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pair"}}}}}}}},
      "components": {"schemas": {
        "ImageRef": {"type": "object", "properties": {"image_url": {"type": "string"}, "file_id": {"type": "string"}},
          "anyOf": [{"required": ["image_url"]}, {"required": ["file_id"]}], "not": {"required": ["image_url", "file_id"]}},
        "Pair": {"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "string"}},
          "oneOf": [{"required": ["a"]}, {"required": ["b"], "properties": {"b": {"minLength": 2}}}]}}}}"##;
    let tmp = tempfile::tempdir().unwrap();
    let document = tmp.path().join("t.json");
    std::fs::write(&document, text).unwrap();
    let imported = Importer::new("demo").document(&document).import().unwrap();
    let api = &imported.model.apis[0];
    let image = api.find_type("ImageRef").unwrap().requires.clone().unwrap();
    assert_eq!((image.sets.len(), image.exactly_one), (2, true));
    assert!(api.find_type("Pair").unwrap().requires.is_none());
}

/// A union that contains itself through a map and an array keeps its name
/// there: the values are typed, not any JSON.
#[test]
fn a_union_that_contains_itself_through_a_map_is_typed() {
    let text = r##"{"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "servers": [{"url": "https://t.example"}],
      "paths": {"/v": {"post": {"operationId": "put_value", "requestBody": {"content": {"application/json": {"schema":
        {"$ref": "#/components/schemas/Value"}}}}, "responses": {"204": {"description": "ok"}}}}},
      "components": {"schemas": {
        "Value": {"oneOf": [{"type": "string"}, {"type": "integer"},
          {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/Value"}},
          {"type": "array", "items": {"$ref": "#/components/schemas/Value"}}]}}}}"##;
    let tmp = tempfile::tempdir().unwrap();
    let document = tmp.path().join("t.json");
    std::fs::write(&document, text).unwrap();
    let imported = Importer::new("demo").document(&document).import().unwrap();
    assert!(!imported.left_out.iter().any(|l| l.what.contains("contains itself")), "{:?}", imported.left_out);
    let api = &imported.model.apis[0];
    let value = api.find_type("Value").unwrap();
    use specgen::model::{Ty, TypeKind};
    let TypeKind::OneOf(members, None) = &value.kind else { panic!("{:?}", value.kind) };
    // The map and the array hold the union itself.
    let holds_itself = |ty: &Ty| match ty {
        Ty::Named(alias) => match &api.named_type(*alias).kind {
            TypeKind::Alias(Ty::Map(inner) | Ty::Array(inner)) => {
                inner.named().is_some_and(|id| api.named_type(id).name == "Value")
            }
            _ => false,
        },
        _ => false,
    };
    assert_eq!(members.iter().filter(|m| holds_itself(m)).count(), 2, "{members:?}");
    // The spec it writes generates.
    let spec = tmp.path().join("spec");
    imported.write(&spec, false).unwrap();
    specgen::Generator::new(&spec).emit().unwrap();
}

/// An example gives a required array at least the items it needs, however
/// deep it sits (past the depth where optional fields stop), and strings
/// their fewest and most characters: the client's own checks accept it.
#[test]
fn examples_keep_item_counts_and_lengths_at_every_depth() {
    let level = |i: usize, next: &str| {
        format!(r##""L{i}": {{"type": "object", "required": ["next"], "properties": {{"next": {next}}}}}"##)
    };
    let mut schemas: Vec<String> =
        (0..6).map(|i| level(i, &format!(r##"{{"$ref": "#/components/schemas/L{}"}}"##, i + 1))).collect();
    schemas.push(
        r##""L6": {"type": "object", "required": ["tags"], "properties": {"tags": {"type": "array", "minItems": 2,
          "items": {"type": "string", "minLength": 12, "maxLength": 14}}}}"##
            .to_owned(),
    );
    let text = format!(
        r##"{{"openapi": "3.0.3", "info": {{"title": "T", "version": "1"}}, "servers": [{{"url": "https://t.example"}}],
      "paths": {{"/m": {{"post": {{"operationId": "deep", "requestBody": {{"content": {{"application/json": {{"schema":
        {{"$ref": "#/components/schemas/L0"}}}}}}}}, "responses": {{"204": {{"description": "ok"}}}}}}}}}},
      "components": {{"schemas": {{{}}}}}}}"##,
        schemas.join(",\n")
    );
    let tmp = tempfile::tempdir().unwrap();
    let document = tmp.path().join("t.json");
    std::fs::write(&document, text).unwrap();
    let imported = Importer::new("demo").document(&document).import().unwrap();
    let api = &imported.model.apis[0];
    let op = &api.groups[0].operations[0];
    let specgen::model::Body::JsonObject { ty, .. } = &op.body else { panic!("{:?}", op.body) };
    let example = specgen::examples::type_example(api, *ty);
    let tags = example.pointer("/next/next/next/next/next/next/tags").unwrap_or_else(|| panic!("{example}"));
    assert_eq!(tags, &serde_json::json!(["tagsxxxxxxxx", "tagsxxxxxxxx"]), "{example}");
}

/// Objects that their required fields cannot tell apart become one object
/// with every member's fields, and the members' own types are not left
/// behind (an export would name them, and its import would drop them).
#[test]
fn merged_object_members_leave_no_types_behind() {
    let text = r##"{"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "servers": [{"url": "https://t.example"}],
      "paths": {"/m": {"post": {"operationId": "pick", "requestBody": {"content": {"application/json": {"schema":
        {"$ref": "#/components/schemas/Source"}}}}, "responses": {"204": {"description": "ok"}}}}},
      "components": {"schemas": {
        "Source": {"oneOf": [{"$ref": "#/components/schemas/ByKey"}, {"$ref": "#/components/schemas/ByFile"}]},
        "ByKey": {"type": "object", "properties": {"key": {"type": "string"}, "kind": {"$ref": "#/components/schemas/KeyKind"}}},
        "KeyKind": {"type": "string", "enum": ["taxonomy"]},
        "ByFile": {"type": "object", "properties": {"key": {"type": "string"}, "id": {"type": "string"}}}}}}"##;
    let tmp = tempfile::tempdir().unwrap();
    let document = tmp.path().join("t.json");
    std::fs::write(&document, text).unwrap();
    let imported = Importer::new("demo").document(&document).import().unwrap();
    let api = &imported.model.apis[0];
    let names: Vec<&str> = api.types.iter().map(|t| t.name.as_str()).collect();
    assert!(names.contains(&"Source") && names.contains(&"KeyKind"), "{names:?}");
    assert!(!names.contains(&"ByKey") && !names.contains(&"ByFile"), "{names:?}");
    let specgen::model::TypeKind::Object(fields) = &api.find_type("Source").unwrap().kind else { panic!() };
    let wires: Vec<&str> = fields.iter().map(|f| f.wire.as_str()).collect();
    assert_eq!(wires, ["key", "kind", "id"]);
}

/// A union that meets itself through a named array while its members are
/// merged: what the merge gave up is forgotten everywhere, and the spec
/// checks.
#[test]
fn a_merged_union_that_contains_itself_checks() {
    let text = r##"{"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "servers": [{"url": "https://t.example"}],
      "paths": {"/m": {"post": {"operationId": "put_content", "requestBody": {"content": {"application/json": {"schema":
        {"$ref": "#/components/schemas/Content"}}}}, "responses": {"204": {"description": "ok"}}}}},
      "components": {"schemas": {
        "Content": {"oneOf": [{"$ref": "#/components/schemas/Group"}, {"$ref": "#/components/schemas/Text"}]},
        "ContentList": {"type": "array", "items": {"$ref": "#/components/schemas/Content"}},
        "Group": {"type": "object", "properties": {"parts": {"$ref": "#/components/schemas/ContentList"}}},
        "Text": {"type": "object", "properties": {"text": {"type": "string"}}}}}}"##;
    let tmp = tempfile::tempdir().unwrap();
    let document = tmp.path().join("t.json");
    std::fs::write(&document, text).unwrap();
    let imported = Importer::new("demo").document(&document).import().unwrap_or_else(|e| panic!("{e}"));
    let spec = tmp.path().join("spec");
    imported.write(&spec, false).unwrap();
    specgen::Generator::new(&spec).emit().unwrap_or_else(|e| panic!("{e}"));
}

/// What an export writes comes back: a string enum's meanings from
/// `x-enum-descriptions`, and an alias's doc from the component it is.
#[test]
fn enum_meanings_and_alias_docs_come_back_from_their_components() {
    let text = r##"{"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "servers": [{"url": "https://t.example"}],
      "paths": {"/m": {"post": {"operationId": "tag", "requestBody": {"content": {"application/json": {"schema":
        {"$ref": "#/components/schemas/Tagging"}}}}, "responses": {"204": {"description": "ok"}}}}},
      "components": {"schemas": {
        "Tagging": {"type": "object", "properties": {
          "access": {"$ref": "#/components/schemas/Access"},
          "groups": {"type": "array", "items": {"$ref": "#/components/schemas/TagGroup"}}}},
        "Access": {"type": "string", "enum": ["open", "company"], "description": "Who may see it.",
          "x-enum-descriptions": {"open": "anyone with the link\nof the item", "company": "people of the company"}},
        "TagGroup": {"type": "array", "description": "Tags that go together.", "items": {"type": "string"}}}}}"##;
    let tmp = tempfile::tempdir().unwrap();
    let document = tmp.path().join("t.json");
    std::fs::write(&document, text).unwrap();
    let imported = Importer::new("demo").document(&document).import().unwrap();
    let api = &imported.model.apis[0];
    let specgen::model::TypeKind::Enum { values, .. } = &api.find_type("Access").unwrap().kind else { panic!() };
    let meanings: Vec<&str> = values.iter().map(|v| v.doc.as_str()).collect();
    assert_eq!(meanings, ["anyone with the link\nof the item", "people of the company"]);
    assert_eq!(api.find_type("TagGroup").unwrap().doc, "Tags that go together.");
}

/// A multipart body whose parts' names call them files.
const NAMED_AS_FILES: &str = r##"{"openapi": "3.0.3", "info": {"title": "P", "version": "1"},
  "servers": [{"url": "https://p.example"}],
  "paths": {"/photos": {"post": {"operationId": "upload", "requestBody": {"content": {"multipart/form-data": {
    "schema": {"type": "object", "required": ["file"], "properties": {
      "photo": {"type": "string"}, "caption_photo": {"type": "string"}, "note": {"type": "string"}}},
    "encoding": {"caption_photo": {"contentType": "text/plain"}}}}},
    "responses": {"204": {"description": "ok"}}}}}}"##;

/// A form part typed text is a file when its name calls it one (a vendor
/// slip), unless the document sends it as `text/plain`; a required part the
/// document does not describe is a file by its name too; and the export
/// declares a text part so named as `text/plain`, so that it comes back text.
#[test]
fn a_text_part_named_as_a_file_is_a_file_unless_sent_as_text() {
    use specgen::model::{Body, FormPart};
    let imported = import_text(NAMED_AS_FILES, |i| i);
    let api = &imported.model.apis[0];
    let op = api.groups.iter().flat_map(|g| &g.operations).find(|o| o.name == "upload").unwrap();
    let Body::Form { fields, .. } = &op.body else { panic!("{:?}", op.body) };
    let parts: Vec<(&str, FormPart)> = fields.iter().map(|f| (f.wire.as_str(), f.form_part(&api.types))).collect();
    assert_eq!(
        parts,
        [
            ("photo", FormPart::File),
            ("caption_photo", FormPart::Text),
            ("note", FormPart::Text),
            ("file", FormPart::File)
        ]
    );
    assert!(fields.iter().all(|f| f.limits().content_type.is_none()), "text/plain is a text part's own");
}

/// Import → export → import gives the spec again, byte for byte: the
/// OpenAPI fixtures, and documents whose paths, responses, tags, security,
/// servers, error codes and forms an export writes otherwise than they do,
/// and a set that describes one operation twice.
#[test]
fn export_then_import_gives_the_same_spec() {
    let text = |imported: &specgen::import::Imported| -> Vec<(String, String)> {
        imported.files.iter().map(|f| (f.path.clone(), f.contents.clone())).collect()
    };
    // Paths not in their groups' order, a type shared by two groups, an
    // error type first met under `default`, listed before the success, an
    // operation without tags, and no API-wide security beside a scheme.
    let tmp = tempfile::tempdir().unwrap();
    let unordered = tmp.path().join("unordered.json");
    std::fs::write(
        &unordered,
        r##"{"openapi": "3.0.3", "info": {"title": "U", "version": "1"}, "servers": [{"url": "https://u.example"}],
          "paths": {
            "/z": {"get": {"tags": ["Zeta"], "operationId": "z", "security": [{"bot": []}], "responses": {
              "default": {"description": "e", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
              "200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Shared"}}}}}}},
            "/m/{id}": {"get": {"operationId": "m", "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
              "responses": {"204": {"description": "no tag: the group is the path's"}}}},
            "/a": {"get": {"tags": ["Alpha"], "operationId": "a", "responses": {
              "200": {"description": "ok", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Shared"}}}}}}}}},
          "components": {"schemas": {
            "Shared": {"type": "object", "properties": {"id": {"type": "string"}, "inner": {"type": "object", "properties": {"n": {"type": "integer"}}}}},
            "Problem": {"type": "object", "properties": {"message": {"type": "string"}}}},
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}, "bot": {"type": "apiKey", "in": "header", "name": "X-Bot"}}}}"##,
    )
    .unwrap();
    // A second document on a server of its own (named after it), with an
    // error whose only code is documented under another status too (a code
    // written with a digit separator, which YAML 1.1 reads as a number), and
    // a form none of whose fields is required.
    let files = tmp.path().join("files.json");
    std::fs::write(
        &files,
        r##"{"openapi": "3.0.3", "info": {"title": "F", "version": "1"}, "servers": [{"url": "https://files.u.example"}],
          "paths": {"/files/{id}": {"post": {"tags": ["Files"], "operationId": "file",
            "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
            "requestBody": {"content": {"multipart/form-data": {"schema": {"type": "object", "properties": {
              "file": {"type": "string", "format": "binary"}, "note": {"type": "string"}}}}}},
            "responses": {"204": {"description": "ok"},
              "400": {"description": "bad", "content": {"application/json": {"schema": {"type": "object", "properties": {
                "code": {"type": "string", "enum": ["1003_001"]}}}}}},
              "404": {"description": "", "content": {"application/json": {"schema": {"type": "object", "properties": {
                "code": {"type": "string", "enum": ["1003_001"]}}}}}}}}}}}"##,
    )
    .unwrap();
    // The same operation described again by a third document (a vendor's
    // set for another kind of account), which an OpenAPI path item cannot
    // hold twice.
    let again = tmp.path().join("again.json");
    std::fs::write(
        &again,
        r##"{"openapi": "3.0.3", "info": {"title": "A", "version": "1"}, "servers": [{"url": "https://files.u.example"}],
          "paths": {"/files/{id}": {"post": {"tags": ["Files"], "operationId": "file", "summary": "For a sub account",
            "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
            "requestBody": {"content": {"multipart/form-data": {"schema": {"type": "object", "properties": {
              "file": {"type": "string", "format": "binary"}}}}}},
            "responses": {"204": {"description": "ok"}}}}}}"##,
    )
    .unwrap();
    let documents =
        ["shop_3_0.yaml", "edges_3_0.yaml", "layout_bundled.yaml", "schemas_3_1.yaml"].map(|d| vec![fixture(d)]);
    // A group whose operations lead with two tags (one tagged `Orders`, one
    // untagged, grouped by its path as `orders`): the group's doc comes back.
    let mixed = tmp.path().join("mixed.json");
    std::fs::write(
        &mixed,
        r##"{"openapi": "3.0.3", "info": {"title": "M", "version": "1"}, "servers": [{"url": "https://m.example"}],
          "tags": [{"name": "Orders", "description": "Orders and their items."}],
          "paths": {"/orders": {
            "get": {"tags": ["Orders"], "operationId": "list", "responses": {"204": {"description": "ok"}}},
            "post": {"operationId": "create", "responses": {"204": {"description": "ok"}}}}}}"##,
    )
    .unwrap();
    // Integer error codes, one written with a leading zero (`0501`), which
    // stays as written.
    let zero = tmp.path().join("zero.json");
    std::fs::write(
        &zero,
        r##"{"openapi": "3.0.3", "info": {"title": "Z", "version": "1"}, "servers": [{"url": "https://z.example"}],
          "paths": {"/z": {"get": {"operationId": "z", "responses": {"204": {"description": "ok"},
            "403": {"description": "Forbidden.", "x-error-codes": [{"code": "0501", "meanings": ["No permission."]}]},
            "404": {"description": "Not here.", "x-error-codes": [{"code": 1002, "meanings": ["Not here."]}]}}}}}}"##,
    )
    .unwrap();
    // Form parts whose names call them files: one typed text, one the
    // document sends as `text/plain`, one required but not described.
    let parts = tmp.path().join("parts.json");
    std::fs::write(&parts, NAMED_AS_FILES).unwrap();
    let sets = [
        vec![unordered.clone()],
        vec![unordered.clone(), files.clone()],
        vec![unordered, files, again],
        vec![mixed],
        vec![parts],
        vec![zero],
    ];
    for set in documents.into_iter().chain(sets) {
        let document = &set[set.len() - 1];
        let first = set.iter().fold(Importer::new("t"), |i, d| i.document(d));
        let first = first.import().unwrap_or_else(|e| panic!("{e}"));
        let tmp = tempfile::tempdir().unwrap();
        let spec = first.write(tmp.path().join("spec"), false).unwrap();
        let files = specgen::Generator::new(spec.parent().unwrap()).emit().unwrap_or_else(|e| panic!("{e}"));
        let openapi = files.iter().find(|f| f.path == "openapi/t.yaml").unwrap();
        let exported = tmp.path().join("t.yaml");
        std::fs::write(&exported, &openapi.contents).unwrap();
        let again = Importer::new("t").document(&exported).import().unwrap_or_else(|e| panic!("{e}"));
        for ((path, a), (_, b)) in text(&first).iter().zip(text(&again)) {
            assert_eq!(a, &b, "{}: {path}", document.display());
        }
        assert_eq!(first.files.len(), again.files.len(), "{}", document.display());
        if set.len() == 3 {
            let groups = &first.model.apis[0].groups;
            let ops: Vec<&str> = groups.iter().flat_map(|g| &g.operations).map(|op| op.id.as_str()).collect();
            assert!(ops.contains(&"file") && ops.contains(&"file_2"), "{ops:?}");
            assert!(openapi.contents.contains("x-other-descriptions:"), "{}", openapi.contents);
        }
    }
}

/// A component that is a union of a string enum and an object keeps its
/// name; its inline members are named as members (`TruncationOption1`),
/// never taking the component's name from it, and a component member keeps
/// its own.
#[test]
fn a_component_union_keeps_its_name_from_its_inline_members() {
    use specgen::model::TypeKind;
    let text = r##"{"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "servers": [{"url": "https://t.example"}],
      "paths": {"/s": {"get": {"operationId": "s", "responses": {"200": {"description": "ok", "content": {
        "application/json": {"schema": {"type": "object", "properties": {"truncation": {"$ref": "#/components/schemas/Truncation"},
          "limit": {"anyOf": [{"$ref": "#/components/schemas/Length"}, {"type": "integer"}]}}}}}}}}}},
      "components": {"schemas": {"Length": {"type": "string", "description": "A length, or `none`.", "x-known-values": ["none"]}, "Truncation": {"description": "How to truncate.", "anyOf": [
        {"type": "string", "enum": ["auto", "disabled"]},
        {"type": "object", "required": ["ratio"], "properties": {"ratio": {"type": "number"}}}]}}}}"##;
    let imported = import_text(text, |i| i);
    let api = &imported.model.apis[0];
    let truncation = api.find_type("Truncation").unwrap();
    let TypeKind::OneOf(members, _) = &truncation.kind else { panic!("{:?}", truncation.kind) };
    let names: Vec<&str> = members.iter().map(|m| api.named_type(m.named().unwrap()).name.as_str()).collect();
    assert_eq!(names, ["TruncationOption1", "TruncationOption2"]);
    assert!(matches!(api.find_type("TruncationOption1").unwrap().kind, TypeKind::Enum { .. }));
    // A component alone of its kind in a union keeps its name there.
    let spec: String = imported.files.iter().map(|f| f.contents.as_str()).collect();
    assert!(spec.contains("one_of: [Length, integer]"), "{spec}");
}

/// Bounds a document sets against each other (a minimum above its maximum,
/// for a string's length, an array's items, a map's entries or its keys)
/// leave out the minimum, noted, and the spec still checks.
#[test]
fn contradictory_bounds_import_without_their_minimum() {
    let text = r##"{"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "servers": [{"url": "https://t.example"}],
      "paths": {"/m": {"put": {"operationId": "m", "requestBody": {"content": {"application/json": {"schema": {
        "type": "object", "properties": {
          "n": {"type": "integer", "minimum": 9, "maximum": 3},
          "s": {"type": "string", "minLength": 9, "maxLength": 3},
          "a": {"type": "array", "items": {"type": "string"}, "minItems": 9, "maxItems": 3},
          "m": {"type": "object", "additionalProperties": {"type": "string"}, "minProperties": 9, "maxProperties": 3,
                "propertyNames": {"minLength": 9, "maxLength": 3}}}}}}},
        "responses": {"204": {"description": "ok"}}}}}}"##;
    let imported = import_text(text, |i| i);
    let left_out: Vec<&str> = imported.left_out.iter().map(|l| l.what.as_str()).collect();
    let notes =
        ["bounds 9..3 are empty", "fewest characters 9", "fewest items or entries 9", "fewest characters of a key 9"];
    for what in notes {
        assert!(left_out.iter().any(|l| l.contains(what)), "{what}: {left_out:?}");
    }
    let api = &imported.model.apis[0];
    let specgen::model::Body::JsonObject { fields, .. } = &api.groups[0].operations[0].body else { panic!() };
    // An integer's empty range goes whole, as before; the others keep their maximum.
    for f in fields.iter() {
        let l = f.limits();
        assert!(l.min.is_none() && l.min_length.is_none() && l.min_items.is_none(), "{}: {l:?}", f.wire);
        let kept = l.max_length.is_some() || l.max_items.is_some();
        assert_eq!(kept, f.wire != "n", "{}: {l:?}", f.wire);
    }
}

/// Vendor slips in a schema: a date format written as the type (`type:
/// date`) is a date, noted; an enum that lists a value twice is an enum of
/// each value once, noted.
#[test]
fn a_date_written_as_a_type_and_an_enum_value_listed_twice_are_kept() {
    let text = r##"{"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "servers": [{"url": "https://t.example"}],
      "paths": {"/d": {"get": {"operationId": "d", "responses": {"200": {"description": "ok", "content": {
        "application/json": {"schema": {"type": "object", "properties": {
          "due": {"type": "date"},
          "stage": {"type": "string", "enum": ["draft", "sent", "draft"]}}}}}}}}}}}"##;
    let imported = import_text(text, |i| i);
    let api = &imported.model.apis[0];
    let fields = api
        .types
        .iter()
        .find_map(|t| match &t.kind {
            specgen::model::TypeKind::Object(fields) if fields.iter().any(|f| f.wire == "due") => Some(fields),
            _ => None,
        })
        .expect("the response's type");
    let due = fields.iter().find(|f| f.wire == "due").unwrap();
    assert_eq!(due.ty, specgen::model::Ty::Temporal(specgen::model::Temporal::Date));
    let stage = fields.iter().find(|f| f.wire == "stage").unwrap();
    let specgen::model::Ty::Named(stage) = stage.ty else { panic!("{:?}", stage.ty) };
    let specgen::model::TypeKind::Enum { values, .. } = &api.named_type(stage).kind else { panic!() };
    assert_eq!(values.iter().map(|v| v.wire.as_str()).collect::<Vec<_>>(), ["draft", "sent"]);
    let notes: Vec<&str> = imported.left_out.iter().map(|l| l.what.as_str()).collect();
    assert!(notes.iter().any(|n| n.contains("the type `date`, which is a string format")), "{notes:?}");
    assert!(notes.iter().any(|n| n.contains("the enum lists `draft` more than once: kept once")), "{notes:?}");
    assert_eq!(imported.coverage.fields.lost(), 0);
}

/// A union of objects and any object (`type: object` alone, Zoho's error
/// details): the value may be any object, so it is one object with every
/// member's fields, each optional, that keeps other keys; nothing untyped.
#[test]
fn a_union_of_objects_and_any_object_keeps_the_fields_and_other_keys() {
    let text = r##"{"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "servers": [{"url": "https://t.example"}],
      "paths": {"/d": {"get": {"operationId": "d", "responses": {"200": {"description": "ok", "content": {
        "application/json": {"schema": {"type": "object", "properties": {"details": {"oneOf": [
          {"type": "object", "properties": {"api_name": {"type": "string"}}},
          {"type": "object"},
          {"type": "object", "properties": {"index": {"type": "integer"}}},
          {"type": "object", "additionalProperties": true}]}}}}}}}}}}}"##;
    let imported = import_text(text, |i| i);
    let api = &imported.model.apis[0];
    let (details, extra) = api
        .types
        .iter()
        .find_map(|t| match &t.kind {
            specgen::model::TypeKind::Object(fields) if fields.iter().any(|f| f.wire == "index") => {
                Some((fields, t.extra.as_ref()))
            }
            _ => None,
        })
        .expect("the merged details");
    let names: Vec<&str> = details.iter().map(|f| f.wire.as_str()).collect();
    assert_eq!(names, ["api_name", "index"]);
    assert!(details.iter().all(|f| !f.required));
    assert_eq!(extra, Some(&specgen::model::Ty::Any));
    assert_eq!(imported.coverage.fields.untyped, 0);
    let notes: Vec<&str> = imported.left_out.iter().map(|l| l.what.as_str()).collect();
    assert!(notes.iter().any(|n| n.contains("of objects and any object")), "{notes:?}");
}

/// A path that cannot be an operation's (not starting with `/`, braces that
/// do not pair) is left out with a note, counted as a lost path item; the
/// others import.
#[test]
fn a_path_that_is_no_path_is_left_out_with_a_note() {
    let text = r##"{"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "servers": [{"url": "https://t.example"}],
      "paths": {
        "    es/{id}": {"get": {"operationId": "a", "responses": {"204": {"description": "ok"}}}},
        "/b/{id": {"get": {"operationId": "b", "responses": {"204": {"description": "ok"}}}},
        "/c": {"get": {"operationId": "c", "responses": {"204": {"description": "ok"}}}}}}"##;
    let imported = import_text(text, |i| i);
    assert_eq!(imported.operations, 1);
    let notes: Vec<String> = imported.left_out.iter().map(ToString::to_string).collect();
    assert!(notes.iter().any(|n| n.contains("`    es/{id}`: it does not start with `/`")), "{notes:?}");
    assert!(notes.iter().any(|n| n.contains("`/b/{id`")), "{notes:?}");
    assert_eq!(imported.coverage.losses(), [("path items that cannot be read", 2)]);
    assert_no_silent_loss(&imported);
}

/// A server variable its URL does not use (a server with no URL, here) is
/// left out with a note, where the import failed its own check.
#[test]
fn a_server_variable_the_url_does_not_use_is_left_out() {
    let text = r##"{"openapi": "3.0.3", "info": {"title": "T", "version": "1"},
      "servers": [{"description": "no URL", "variables": {"api-domain": {"default": "https://t.example"}}}],
      "paths": {"/c": {"get": {"operationId": "c", "responses": {"204": {"description": "ok"}}}}}}"##;
    let imported = import_text(text, |i| i.server("https://t.example"));
    assert!(imported.model.apis[0].variables.is_empty());
    let notes: Vec<&str> = imported.left_out.iter().map(|l| l.what.as_str()).collect();
    assert!(notes.iter().any(|n| n.contains("the server variable `api-domain`, which the URL")), "{notes:?}");
}

/// An `x-pagination` (as this tool exports it) that does not fit its
/// operation (the response has no such field) is left out with a note; one
/// that fits is kept.
#[test]
fn an_x_pagination_that_does_not_fit_is_left_out() {
    let text = r##"{"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "servers": [{"url": "https://t.example"}],
      "paths": {
        "/a": {"get": {"operationId": "a",
          "parameters": [{"name": "next_page_token", "in": "query", "schema": {"type": "string"}}],
          "x-pagination": {"style": "token", "token_param": "next_page_token", "token_field": "next_page_token", "items": "data"},
          "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object",
            "properties": {"data": {"type": "array", "items": {"type": "string"}}}}}}}}}},
        "/b": {"get": {"operationId": "b",
          "parameters": [{"name": "next_page_token", "in": "query", "schema": {"type": "string"}}],
          "x-pagination": {"style": "token", "token_param": "next_page_token", "token_field": "next_page_token", "items": "data"},
          "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object",
            "properties": {"data": {"type": "array", "items": {"type": "string"}}, "next_page_token": {"type": "string"}}}}}}}}}}}"##;
    let imported = import_text(text, |i| i);
    let ops: Vec<(&str, bool)> = imported.model.apis[0]
        .groups
        .iter()
        .flat_map(|g| &g.operations)
        .map(|op| (op.id.as_str(), op.pagination.is_some()))
        .collect();
    assert_eq!(ops, [("a", false), ("b", true)]);
    let notes: Vec<String> = imported.left_out.iter().map(ToString::to_string).collect();
    let expected =
        "a: the `x-pagination` extension, which does not fit the operation (the response has no string field";
    assert!(notes.iter().any(|n| n.contains(expected)), "{notes:?}");
}

/// A server variable that begins the URL and whose default has no scheme
/// gets `https://` before its default, noted, where the import failed its
/// own check.
#[test]
fn a_server_variable_beginning_the_url_gets_a_scheme() {
    let text = r##"{"openapi": "3.0.3", "info": {"title": "T", "version": "1"},
      "servers": [{"url": "{domain}/v1", "variables": {"domain": {"default": "api.t.example"}}}],
      "paths": {"/c": {"get": {"operationId": "c", "responses": {"204": {"description": "ok"}}}}}}"##;
    let imported = import_text(text, |i| i);
    let api = &imported.model.apis[0];
    assert_eq!(api.variables[0].default, "https://api.t.example");
    let notes: Vec<&str> = imported.left_out.iter().map(|l| l.what.as_str()).collect();
    assert!(notes.iter().any(|n| n.contains("`https://` was put before it")), "{notes:?}");
}

/// A variable a server URL names but does not declare becomes one the
/// caller sets (at the start of the URL, with a host that never resolves),
/// noted, where the import failed its own check.
#[test]
fn an_undeclared_server_variable_is_one_the_caller_sets() {
    let text = r##"{"openapi": "3.0.3", "info": {"title": "T", "version": "1"},
      "servers": [{"url": "{domain}/v1/{region}"}],
      "paths": {"/c": {"get": {"operationId": "c", "responses": {"204": {"description": "ok"}}}}}}"##;
    let imported = import_text(text, |i| i);
    let vars: Vec<(&str, &str)> =
        imported.model.apis[0].variables.iter().map(|v| (v.name.as_str(), v.default.as_str())).collect();
    assert_eq!(vars, [("domain", "https://domain.invalid"), ("region", "")]);
    let notes: Vec<&str> = imported.left_out.iter().map(|l| l.what.as_str()).collect();
    assert!(notes.iter().any(|n| n.contains("names the variable `domain`, which it does not declare")), "{notes:?}");
}

/// A parameter the document gives no type (`schema: {}`, or no schema) is
/// text, noted, rather than left out; one whose type is not text stays out.
#[test]
fn a_parameter_without_a_type_is_text() {
    use specgen::model::Ty;
    let text = r##"{"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "servers": [{"url": "https://t.example"}],
      "paths": {"/s": {"get": {"operationId": "s", "parameters": [
        {"name": "q", "in": "query", "schema": {}}, {"name": "X-Trace", "in": "header"},
        {"name": "pick", "in": "query", "schema": {"$ref": "#/components/schemas/Anything"}},
        {"name": "ids", "in": "cookie", "schema": {"type": "array", "items": {"type": "integer"}}}],
        "responses": {"204": {"description": "ok"}}}}},
      "components": {"schemas": {"Anything": {"description": "Any value."}}}}"##;
    let imported = import_text(text, |i| i);
    let op = &imported.model.apis[0].groups[0].operations[0];
    let query: Vec<(&str, &Ty)> = op.query.iter().map(|f| (f.wire.as_str(), &f.ty)).collect();
    assert_eq!(query, [("q", &Ty::String), ("pick", &Ty::String)]);
    assert_eq!(op.headers.iter().map(|f| (f.wire.as_str(), &f.ty)).collect::<Vec<_>>(), [("X-Trace", &Ty::String)]);
    assert!(op.cookies.is_empty());
    let notes: Vec<&str> = imported.left_out.iter().map(|l| l.what.as_str()).collect();
    assert_eq!(
        notes.iter().filter(|n| n.contains("a parameter without a type: taken as text")).count(),
        3,
        "{notes:?}"
    );
    assert_eq!(imported.coverage.lost(specgen::import::Loss::Parameter), 1, "the cookie array: {notes:?}");
}

/// Path parameters in the `label` and `matrix` styles: their prefixes
/// (`.`, `;id=`) are written into the spec's path before the placeholders,
/// as RFC 6570 expands `{.id}` and `{;id}`; the coverage still finds the
/// operation, and the export imports to the same path.
#[test]
fn label_and_matrix_path_parameters_write_their_prefixes_into_the_path() {
    let text = r##"{"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "servers": [{"url": "https://t.example"}],
      "paths": {"/m/{id}/{format}/{plain}": {
        "parameters": [{"name": "id", "in": "path", "required": true, "style": "matrix", "schema": {"type": "integer"}}],
        "get": {"operationId": "m", "parameters": [
          {"name": "format", "in": "path", "required": true, "style": "label", "schema": {"type": "string"}},
          {"name": "plain", "in": "path", "required": true, "style": "simple", "schema": {"type": "string"}}],
        "responses": {"204": {"description": "ok"}}}}}}"##;
    let imported = import_text(text, |i| i);
    let op = &imported.model.apis[0].groups[0].operations[0];
    assert_eq!(op.path, "/m/;id={id}/.{format}/{plain}");
    let names: Vec<&str> = op.path_params.iter().map(|p| p.wire.as_str()).collect();
    assert_eq!(names, ["id", "format", "plain"]);
    assert_eq!(imported.coverage.documents[0].operations.kept, 1);
    assert!(imported.left_out.iter().any(|l| l.what.contains("`id` in the `matrix` style")), "{:?}", imported.left_out);
    let (_tmp, again) = export_and_import(&imported);
    assert_eq!(again.model.apis[0].groups[0].operations[0].path, op.path);
    assert_eq!(again.coverage.documents[0].operations.kept, 1);
}

/// `imported` written, exported to OpenAPI, and that document imported.
fn export_and_import(imported: &specgen::import::Imported) -> (tempfile::TempDir, specgen::import::Imported) {
    let tmp = tempfile::tempdir().unwrap();
    let spec = imported.write(tmp.path().join("spec"), false).unwrap();
    let files = specgen::Generator::new(spec.parent().unwrap()).emit().unwrap_or_else(|e| panic!("{e}"));
    let openapi = files.iter().find(|f| f.path == format!("openapi/{}.yaml", imported.api)).unwrap();
    let exported = tmp.path().join("exported.yaml");
    std::fs::write(&exported, &openapi.contents).unwrap();
    let again = Importer::new(&imported.api).document(&exported).import().unwrap_or_else(|e| panic!("{e}"));
    (tmp, again)
}

/// `allOf` in a cycle (a schema that lists one that lists it) is each
/// schema's constraints once, not an import that fails.
#[test]
fn an_all_of_cycle_adds_each_schema_once() {
    use specgen::model::TypeKind;
    let text = r##"{"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "servers": [{"url": "https://t.example"}],
      "paths": {"/x": {"get": {"operationId": "x", "responses": {"200": {"description": "ok",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/X"}}}}}}}},
      "components": {"schemas": {
        "X": {"allOf": [{"$ref": "#/components/schemas/Y"}, {"properties": {"x": {"type": "string"}}}]},
        "Y": {"allOf": [{"$ref": "#/components/schemas/X"}, {"properties": {"y": {"type": "integer"}}}]}}}}"##;
    let imported = import_text(text, |i| i);
    let api = &imported.model.apis[0];
    let TypeKind::Object(fields) = &api.find_type("X").unwrap().kind else { panic!() };
    let names: Vec<&str> = fields.iter().map(|f| f.wire.as_str()).collect();
    assert_eq!(names, ["y", "x"]);
}

/// A list operation the document does not call paged is paged when its
/// names say how, as API conventions go: a token parameter and the response
/// field with the next token, a response field with the next page's URL, a
/// `Link` header, a page number (from 0 when its least value is 0), an
/// offset with the count of items. A `next` that is a cursor, not a URL, a
/// token beside an offset (which one the API follows the names do not say),
/// a POST and a response of two arrays are not paged; what is paged
/// survives export and import.
#[test]
fn pagination_is_inferred_from_conventional_names() {
    use specgen::model::PageKind;
    let list = |path: &str, params: &str, response: &str, headers: &str| {
        format!(
            r##""{path}": {{"get": {{"operationId": "{}", "parameters": [{params}], "responses": {{"200": {{"description": "ok",
              "headers": {{{headers}}}, "content": {{"application/json": {{"schema": {response}}}}}}}}}}}}}"##,
            path.trim_start_matches('/')
        )
    };
    let items = r#"{"type": "array", "items": {"type": "object", "properties": {"id": {"type": "string"}}}}"#;
    let object = |more: &str| format!(r#"{{"type": "object", "properties": {{"items": {items}{more}}}}}"#);
    let q = |name: &str, ty: &str, more: &str| {
        format!(r#"{{"name": "{name}", "in": "query", "schema": {{"type": "{ty}"{more}}}}}"#)
    };
    let paths = [
        list("/tokens", &q("next_page_token", "string", ""), &object(r#", "next_page_token": {"type": "string"}"#), ""),
        list("/markers", &q("marker", "string", ""), &object(r#", "next_marker": {"type": "string"}"#), ""),
        list("/urls", &q("size", "integer", ""), &object(r#", "@odata.nextLink": {"type": "string"}"#), ""),
        list("/nexts", "", &object(r#", "next": {"type": "string", "format": "uri"}"#), ""),
        list(
            "/cursors",
            &q("after", "string", ""),
            &object(r#", "next": {"type": "string", "description": "A cursor."}"#),
            "",
        ),
        list("/links", "", items, r#""Link": {"schema": {"type": "string"}}"#),
        list(
            "/pages",
            &q("page", "integer", r#", "minimum": 0"#),
            &object(r#", "total_pages": {"type": "integer"}"#),
            "",
        ),
        list("/offsets", &q("offset", "integer", ""), &object(r#", "total_count": {"type": "integer"}"#), ""),
        list(
            "/boths",
            &format!("{}, {}", q("marker", "string", ""), q("offset", "integer", "")),
            &object(r#", "next_marker": {"type": "string"}"#),
            "",
        ),
        list(
            "/pairs",
            &q("page", "integer", ""),
            &format!(r#"{{"type": "object", "properties": {{"a": {items}, "b": {items}}}}}"#),
            "",
        ),
        format!(
            r##""/searches": {{"post": {{"operationId": "searches", "parameters": [{}], "responses": {{"200": {{"description": "ok",
              "content": {{"application/json": {{"schema": {}}}}}}}}}}}}}"##,
            q("cursor", "string", ""),
            object(r#", "next_cursor": {"type": "string"}"#)
        ),
    ];
    let text = format!(
        r##"{{"openapi": "3.0.3", "info": {{"title": "T", "version": "1"}}, "servers": [{{"url": "https://t.example"}}],
          "paths": {{{}}}}}"##,
        paths.join(",\n")
    );
    let imported = import_text(&text, |i| i);
    let kind = |imported: &specgen::import::Imported, name: &str| {
        let ops = imported.model.apis[0].groups.iter().flat_map(|g| &g.operations);
        let op = ops.clone().find(|o| o.name == name).unwrap_or_else(|| panic!("{name}"));
        op.pagination.as_ref().map(|p| match &p.kind {
            PageKind::Token { param, field, .. } => format!("token {} {}", param.wire, field.wire),
            PageKind::NextUrl { field, .. } => format!("next_url {}", field.wire),
            PageKind::Link => "link".to_owned(),
            PageKind::Page { param, first, total } => {
                format!("page {} from {first} of {}", param.wire, total.as_ref().map_or("?", |(t, _)| t.wire.as_str()))
            }
            PageKind::Offset { param, total } => {
                format!("offset {} of {}", param.wire, total.as_ref().map_or("?", |(t, _)| t.wire.as_str()))
            }
        })
    };
    let expected = [
        ("tokens", Some("token next_page_token next_page_token")),
        ("markers", Some("token marker next_marker")),
        ("urls", Some("next_url @odata.nextLink")),
        ("nexts", Some("next_url next")),
        ("cursors", None),
        ("links", Some("link")),
        ("pages", Some("page page from 0 of total_pages")),
        ("offsets", Some("offset offset of total_count")),
        ("boths", None),
        ("pairs", None),
        ("searches", None),
    ];
    let (_tmp, again) = export_and_import(&imported);
    for (name, want) in expected {
        assert_eq!(kind(&imported, name).as_deref(), want, "{name}");
        assert_eq!(kind(&again, name).as_deref(), want, "{name}, exported and imported");
    }
    let notes: Vec<&str> = imported.left_out.iter().map(|l| l.what.as_str()).collect();
    assert!(
        notes.contains(&"paged by the `marker` parameter and the `next_marker` response field (their names say so)"),
        "{notes:?}"
    );
}

/// Header and cookie names are HTTP tokens: `X_Trace.Id` is one and is
/// kept; a name with a space or a colon cannot be sent, and is left out as
/// a lost parameter.
#[test]
fn header_and_cookie_names_that_http_cannot_send_are_left_out() {
    let text = r##"{"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "servers": [{"url": "https://t.example"}],
      "paths": {"/s": {"get": {"operationId": "s", "parameters": [
        {"name": "X_Trace.Id", "in": "header", "schema": {"type": "string"}},
        {"name": "X Trace", "in": "header", "schema": {"type": "string"}},
        {"name": "a:b", "in": "cookie", "schema": {"type": "string"}}],
        "responses": {"204": {"description": "ok"}}}}}}"##;
    let imported = import_text(text, |i| i);
    let op = &imported.model.apis[0].groups[0].operations[0];
    assert_eq!(op.headers.iter().map(|h| h.wire.as_str()).collect::<Vec<_>>(), ["X_Trace.Id"]);
    assert!(op.cookies.is_empty());
    assert_eq!(imported.coverage.lost(specgen::import::Loss::Parameter), 2);
}
