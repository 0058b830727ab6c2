//! The bad-spec catalogue: each broken spec and the exact diagnostics it gets,
//! located by file, line and column.

const API: &str = "api: demo
title: Demo
doc: A test API.
feature: demo
servers:
  default: https://api.example.com/v1
auth:
  prefix: Bearer
error_body:
  code_type: integer
";

const OPS: &str = "doc: Ops.
types:
  Clip:
    doc: A clip.
    fields:
      id: { type: string, doc: The ID. }
operations:
  get_clip:
    summary: Get a clip
    method: GET
    path: /clips/{clipId}
    path_params:
      clipId: { type: string, doc: The ID. }
    responses:
      200: { doc: OK., body: Clip }
";

/// Writes `files` (path under `spec/`, bytes) and returns what `check` reports.
fn diagnostics(files: &[(&str, &[u8])]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("spec");
    for (path, bytes) in files {
        let path = spec.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    match specgen::Generator::new(&spec).check() {
        Ok(_) => "ok".to_owned(),
        Err(e) => e.to_string(),
    }
}

/// The demo API with `ops.yaml` replaced.
fn with_ops(ops: &str) -> String {
    diagnostics(&[("demo/api.yaml", API.as_bytes()), ("demo/ops.yaml", ops.as_bytes())])
}

/// The demo API with `api.yaml` replaced.
fn with_api(api: &str) -> String {
    diagnostics(&[("demo/api.yaml", api.as_bytes()), ("demo/ops.yaml", OPS.as_bytes())])
}

fn case(name: &str, actual: String, expected: &str) {
    assert_eq!(actual.trim_end(), expected.trim_end(), "case `{name}`");
}

#[test]
fn the_valid_base_passes() {
    assert_eq!(with_ops(OPS), "ok");
}

#[test]
fn catalogue() {
    let cases = cases();
    assert!(cases.len() >= 15);
    for (name, actual, expected) in cases {
        case(name, actual, expected);
    }
}

fn cases() -> Vec<(&'static str, String, &'static str)> {
    vec![
        ("typo_key", with_ops(&OPS.replace("    summary:", "    sumary:")),
            r#"spec/demo/ops.yaml:9:5: error: unknown key `sumary` in `operations.get_clip`
  = hint: did you mean `summary`?
1 error in the spec"#,
        ),
        ("unknown_api_key", with_api(&API.replace("servers:", "base_ur1: x\nservers:")),
            r#"spec/demo/api.yaml:5:1: error: unknown key `base_ur1`
  = hint: known keys here: api, title, doc, feature, servers, hosts, variables, auth, error_body, errors, types
1 error in the spec"#,
        ),
        ("unterminated_quote", with_ops(&OPS.replace("summary: Get a clip", "summary: \"Get a clip")),
            r#"spec/demo/ops.yaml:16:1: error: found unexpected end of stream
  = hint: a quoted string or a bracket may be left open
1 error in the spec"#,
        ),
        ("tab_indentation", with_ops(&OPS.replace("    method: GET", "\tmethod: GET")),
            r#"spec/demo/ops.yaml:10:1: error: found a tab character that violates indentation
1 error in the spec"#,
        ),
        ("duplicate_key", with_ops(&OPS.replace("    method: GET\n", "    method: GET\n    method: POST\n")),
            r#"spec/demo/ops.yaml:11:5: error: duplicate key `method`
1 error in the spec"#,
        ),
        ("empty_file", diagnostics(&[("demo/api.yaml", API.as_bytes()), ("demo/ops.yaml", b"  \n")]),
            r#"spec/demo/ops.yaml: error: the file is empty
1 error in the spec"#,
        ),
        ("non_utf8", diagnostics(&[("demo/api.yaml", API.as_bytes()), ("demo/ops.yaml", b"doc: caf\xe9\n")]),
            r#"spec/demo/ops.yaml:1:9: error: the file is not valid UTF-8
1 error in the spec"#,
        ),
        ("invalid_method", with_ops(&OPS.replace("method: GET", "method: FETCH")),
            r#"spec/demo/ops.yaml:10:5: error: `FETCH` is not an HTTP method
1 error in the spec"#,
        ),
        ("path_without_slash", with_ops(&OPS.replace("path: /clips/{clipId}", "path: clips/{clipId}")),
            r#"spec/demo/ops.yaml:11:5: error: path `clips/{clipId}` does not start with `/`
  = hint: write `/clips/{clipId}`
1 error in the spec"#,
        ),
        ("undeclared_placeholder", with_ops(&OPS.replace("path: /clips/{clipId}", "path: /clips/{clipId}/comments/{commentId}")),
            r#"spec/demo/ops.yaml:11:5: error: path placeholder `{commentId}` is not declared
  = hint: declare `commentId` under `path_params`
1 error in the spec"#,
        ),
        ("param_not_in_path", with_ops(&OPS.replace("path: /clips/{clipId}", "path: /clips")),
            r#"spec/demo/ops.yaml:13:7: error: path parameter `clipId` does not appear in the path `/clips`
1 error in the spec"#,
        ),
        (
            "duplicate_operation",
            diagnostics(&[
                ("demo/api.yaml", API.as_bytes()),
                ("demo/a.yaml", OPS.as_bytes()),
                ("demo/b.yaml", OPS.replace("  Clip:", "  Clip2:").as_bytes()),
            ]),
            r#"spec/demo/b.yaml:8:3: error: operation `get_clip` is already defined in spec/demo/a.yaml
1 error in the spec"#,
        ),
        ("undefined_type", with_ops(&OPS.replace("body: Clip", "body: Clpi")),
            r#"spec/demo/ops.yaml:15:24: error: type `Clpi` is not defined
  = hint: did you mean `Clip`?
1 error in the spec"#,
        ),
        ("invalid_status", with_ops(&OPS.replace("200:", "2OO:")),
            r#"spec/demo/ops.yaml:15:7: error: `2OO` is not an HTTP status code (100 to 599)
1 error in the spec"#,
        ),
        ("status_out_of_range", with_ops(&OPS.replace("200:", "999:")),
            r#"spec/demo/ops.yaml:15:7: error: `999` is not an HTTP status code (100 to 599)
1 error in the spec"#,
        ),
        ("error_status_as_response", with_ops(&OPS.replace("200:", "404:")),
            r#"spec/demo/ops.yaml:15:7: error: `404` is not a success status
  = hint: document error statuses under `errors:`
1 error in the spec"#,
        ),
        (
            "file_in_json_body",
            with_ops(&OPS.replace("id: { type: string, doc: The ID. }", "id: { type: file, doc: The ID. }").replace(
                "    responses:",
                "    body:\n      json: Clip\n    responses:",
            )),
            r#"spec/demo/ops.yaml:6:13: error: `file` fields can only be multipart form fields
  = hint: use `body: { multipart: … }` for uploads
spec/demo/ops.yaml:14:5: error: a JSON body cannot hold a file field
2 errors in the spec"#,
        ),
        (
            "object_in_multipart",
            with_ops(&OPS.replace("    responses:", "    body:\n      multipart:\n        meta: { type: Clip, doc: Nested. }\n    responses:")),
            r#"spec/demo/ops.yaml:16:17: error: form field of object type `Clip`
  = hint: multipart bodies cannot hold nested objects; use text or file fields
1 error in the spec"#,
        ),
        ("enum_without_values", with_ops(&OPS.replace("    fields:\n      id: { type: string, doc: The ID. }", "    enum: {}")),
            r#"spec/demo/ops.yaml:5:5: error: enum `Clip` has no values
1 error in the spec"#,
        ),
        (
            "enum_values_collide",
            with_ops(&OPS.replace(
                "  Clip:\n",
                "  State:\n    doc: A state.\n    enum:\n      in-review: Waiting.\n      IN_REVIEW: Waiting too.\n  Clip:\n",
            )),
            r#"spec/demo/ops.yaml:7:7: error: enum values `IN_REVIEW` and `in-review` both become `InReview`
1 error in the spec"#,
        ),
        (
            "field_names_collide",
            with_ops(&OPS.replace(
                "      id: { type: string, doc: The ID. }",
                "      clipId: { type: string, doc: The ID. }\n      clip_id: { type: string, doc: The ID again. }",
            )),
            r#"spec/demo/ops.yaml:7:7: error: `clip_id` and `clipId` both become `clip_id` in Rust
1 error in the spec"#,
        ),
        ("base_url_without_scheme", with_api(&API.replace("https://api.example.com/v1", "api.example.com/v1")),
            r#"spec/demo/api.yaml:6:3: error: server URL `api.example.com/v1` has no scheme
  = hint: write `https://api.example.com/v1`
1 error in the spec"#,
        ),
        ("undeclared_server_variable", with_api(&API.replace("https://api.example.com/v1", "\"{api-domain}/v1\"")),
            r#"spec/demo/api.yaml:6:3: error: server variable `{api-domain}` is not declared
  = hint: declare `api-domain` under `variables:` with a default
1 error in the spec"#,
        ),
        (
            "min_greater_than_max",
            with_ops(&OPS.replace("      id: { type: string, doc: The ID. }", "      size: { type: integer, min: 10, max: 1, doc: A size. }")),
            r#"spec/demo/ops.yaml:6:30: error: `min` (10) is greater than `max` (1)
1 error in the spec"#,
        ),
        ("wrong_value_type", with_ops(&OPS.replace("clipId: { type: string,", "clipId: { type: string, required: maybe,")),
            r#"spec/demo/ops.yaml:13:41: error: operations.get_clip.path_params.clipId.required: invalid type: string "maybe", expected a boolean
1 error in the spec"#,
        ),
        ("non_integer_error_code", with_ops(&OPS.replace("    responses:", "    errors:\n      404:\n        NOT_FOUND: Missing.\n    responses:")),
            r#"spec/demo/ops.yaml:16:9: error: error code `NOT_FOUND` is not an integer, as `error_body.code_type` says codes are
1 error in the spec"#,
        ),
        ("unknown_server", with_ops(&OPS.replace("    method: GET", "    method: GET\n    server: uploads")),
            r#"spec/demo/ops.yaml:11:5: error: server `uploads` is not declared in api.yaml
1 error in the spec"#,
        ),
        (
            "code_under_two_statuses",
            with_ops(&OPS.replace("    responses:", "    errors:\n      400:\n        2000: Bad.\n      404:\n        2000: Missing.\n    responses:")),
            r#"spec/demo/ops.yaml:18:9: error: code `2000` is documented under both 400 and 404
1 error in the spec"#,
        ),
        (
            "builder_and_error_names_collide",
            with_ops(&format!(
                "{OPS}  get_clip_error:\n    summary: Another\n    method: GET\n    path: /other\n    responses:\n      200: {{ doc: OK. }}\n"
            )),
            r#"spec/demo/ops.yaml:16:3: error: operations `get_clip` and `get_clip_error` both need the Rust name `GetClipError`
1 error in the spec"#,
        ),
        ("missing_api_yaml", diagnostics(&[("demo/ops.yaml", OPS.as_bytes())]),
            r#"spec/demo: error: this API folder has no `api.yaml`
  = hint: every API folder needs an `api.yaml` with its servers, auth and errors
1 error in the spec"#,
        ),
        (
            "several_problems_at_once",
            with_ops(&OPS.replace("method: GET", "method: GOT").replace("body: Clip", "body: Clips").replace("200:", "20:")),
            r#"spec/demo/ops.yaml:10:5: error: `GOT` is not an HTTP method
spec/demo/ops.yaml:15:7: error: `20` is not an HTTP status code (100 to 599)
spec/demo/ops.yaml:15:23: error: type `Clips` is not defined
  = hint: did you mean `Clip`?
3 errors in the spec"#,
        ),
    ]
}
