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

/// A spec of the catalogue: its files (path under `spec/`, bytes) and what
/// `check` reports on it.
struct Checked {
    files: Vec<(String, Vec<u8>)>,
    report: String,
}

impl PartialEq<&str> for Checked {
    fn eq(&self, other: &&str) -> bool {
        self.report == *other
    }
}

impl std::fmt::Debug for Checked {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.report)
    }
}

/// Writes `files` (path under `spec/`, bytes) and checks them.
fn diagnostics(files: &[(&str, &[u8])]) -> Checked {
    let report = check(files);
    Checked { files: files.iter().map(|(p, b)| (p.to_string(), b.to_vec())).collect(), report }
}

fn check(files: &[(&str, &[u8])]) -> String {
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
fn with_ops(ops: &str) -> Checked {
    diagnostics(&[("demo/api.yaml", API.as_bytes()), ("demo/ops.yaml", ops.as_bytes())])
}

/// The demo API with `api.yaml` replaced.
fn with_api(api: &str) -> Checked {
    diagnostics(&[("demo/api.yaml", api.as_bytes()), ("demo/ops.yaml", OPS.as_bytes())])
}

#[test]
fn the_valid_base_passes() {
    assert_eq!(with_ops(OPS), "ok");
}

/// Each case's rendered diagnostics are a reviewed snapshot in `tests/snapshots/`.
#[test]
fn catalogue() {
    let cases = cases();
    assert!(cases.len() >= 40, "{} cases", cases.len());
    let mut names: Vec<_> = cases.iter().map(|(n, _)| *n).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), cases.len(), "case names are unique");
    for (name, actual) in cases {
        assert_ne!(actual, "ok", "case `{name}` must fail");
        insta::assert_snapshot!(format!("bad_spec__{name}"), actual.report);
    }
}

/// Diagnostics that say what to do, not only what is wrong.
#[test]
fn these_diagnostics_carry_a_hint() {
    let cases = cases();
    for name in [
        "duplicate_key",
        "duplicate_operation",
        "type_defined_in_two_files",
        "empty_file",
        "empty_api_file",
        "non_utf8",
        "utf16_file",
        "group_file_named_mod",
        "group_file_not_snake_case",
        "nesting_too_deep",
        "brackets_too_deep",
        "alias_bomb",
    ] {
        let (_, case) = cases.iter().find(|(n, _)| *n == name).unwrap_or_else(|| panic!("no case `{name}`"));
        assert!(case.report.contains("= help: "), "case `{name}` has no hint:\n{}", case.report);
    }
}

/// Every located diagnostic points at a line of its file and shows it.
#[test]
fn diagnostics_point_at_lines() {
    for (name, Checked { report: actual, .. }) in cases() {
        let located = actual.lines().filter(|l| l.trim_start().starts_with("--> ")).count();
        let shown = actual.lines().filter(|l| l.contains(" | ") || l.ends_with(" |")).count();
        let file_level =
            ["empty_file", "empty_api_file", "utf16_file", "missing_api_yaml", "file_too_large"].contains(&name);
        assert!(located > 0, "case `{name}` has no location:\n{actual}");
        if !file_level {
            assert!(shown > 0, "case `{name}` shows no source line:\n{actual}");
        }
    }
}

#[test]
fn a_huge_valid_spec_checks() {
    let mut ops = String::from("doc: Many.\noperations:\n");
    for i in 0..2000 {
        ops.push_str(&format!(
            "  op_{i}:\n    summary: Operation {i}\n    method: GET\n    path: /things/{i}/{{id}}\n    path_params:\n      id: {{ type: string, doc: The ID. }}\n    responses:\n      200: {{ doc: OK. }}\n"
        ));
    }
    assert_eq!(with_ops(&ops), "ok");
}

/// A type example whose aliases expand to 9^9 strings.
fn alias_bomb() -> String {
    let mut bomb = String::from("    example:\n      x0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..9 {
        let refs = vec![format!("*a{}", i - 1); 9].join(", ");
        bomb.push_str(&format!("      x{i}: &a{i} [{refs}]\n"));
    }
    OPS.replace(
        "      id: { type: string, doc: The ID. }\n",
        &format!("      id: {{ type: string, doc: The ID. }}\n{bomb}"),
    )
}

/// `text` in UTF-16, little-endian, as some editors save it.
fn utf16(text: &str) -> Vec<u8> {
    text.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

/// The base spec with `value` as the example of its type.
fn with_example(value: &str) -> String {
    OPS.replace(
        "      id: { type: string, doc: The ID. }\n",
        &format!("      id: {{ type: string, doc: The ID. }}\n    example:{value} 1\n"),
    )
}

fn cases() -> Vec<(&'static str, Checked)> {
    vec![
        ("typo_key", with_ops(&OPS.replace("    summary:", "    sumary:"))),
        ("unknown_api_key", with_api(&API.replace("servers:", "base_ur1: x\nservers:"))),
        ("unknown_field_key", with_ops(&OPS.replace("id: { type: string, doc: The ID. }", "id: { type: string, optional: true, doc: The ID. }"))),
        ("unknown_type_key", with_ops(&OPS.replace("    doc: A clip.\n", "    doc: A clip.\n    description: A clip.\n"))),
        ("unknown_response_key", with_ops(&OPS.replace("200: { doc: OK., body: Clip }", "200: { doc: OK., schema: Clip }"))),
        ("unknown_body_key", with_ops(&OPS.replace("    responses:", "    body: { xml: Clip }\n    responses:"))),
        ("unknown_auth_key", with_api(&API.replace("  prefix: Bearer", "  prefix: Bearer\n  scheme: oauth2"))),
        ("unknown_error_body_key", with_api(&API.replace("  code_type: integer", "  code_type: integer\n  details: errors"))),
        (
            "unknown_pagination_key",
            with_ops(&OPS.replace("    responses:", "    query:\n      next: { type: string, doc: Token. }\n    pagination: { token_param: next, token_field: id, items: id, limit: 10 }\n    responses:")),
        ),
        (
            "unknown_variable_key",
            with_api(&API.replace("https://api.example.com/v1", "\"{region}/v1\"").replace("auth:", "variables:\n  region:\n    default: https://eu.example.com\n    doc: Region.\n    enum: [eu]\nauth:")),
        ),
        ("unterminated_quote", with_ops(&OPS.replace("summary: Get a clip", "summary: \"Get a clip"))),
        ("tab_indentation", with_ops(&OPS.replace("    method: GET", "\tmethod: GET"))),
        ("duplicate_key", with_ops(&OPS.replace("    method: GET\n", "    method: GET\n    method: POST\n"))),
        ("empty_file", diagnostics(&[("demo/api.yaml", API.as_bytes()), ("demo/ops.yaml", b"  \n")])),
        ("non_utf8", diagnostics(&[("demo/api.yaml", API.as_bytes()), ("demo/ops.yaml", b"doc: caf\xe9\n")])),
        ("utf16_file", diagnostics(&[("demo/api.yaml", API.as_bytes()), ("demo/ops.yaml", &utf16(OPS))])),
        ("empty_api_file", diagnostics(&[("demo/api.yaml", b"\n"), ("demo/ops.yaml", OPS.as_bytes())])),
        ("group_file_named_mod", diagnostics(&[("demo/api.yaml", API.as_bytes()), ("demo/mod.yaml", OPS.as_bytes())])),
        ("group_file_not_snake_case", diagnostics(&[("demo/api.yaml", API.as_bytes()), ("demo/MyGroup.yaml", OPS.as_bytes())])),
        ("invalid_method", with_ops(&OPS.replace("method: GET", "method: FETCH"))),
        ("path_without_slash", with_ops(&OPS.replace("path: /clips/{clipId}", "path: clips/{clipId}"))),
        ("undeclared_placeholder", with_ops(&OPS.replace("path: /clips/{clipId}", "path: /clips/{clipId}/comments/{commentId}"))),
        ("param_not_in_path", with_ops(&OPS.replace("path: /clips/{clipId}", "path: /clips"))),
        (
            "duplicate_operation",
            diagnostics(&[
                ("demo/api.yaml", API.as_bytes()),
                ("demo/a.yaml", OPS.as_bytes()),
                ("demo/b.yaml", OPS.replace("  Clip:", "  Clip2:").as_bytes()),
            ])),
        ("undefined_type", with_ops(&OPS.replace("body: Clip", "body: Clpi"))),
        ("invalid_status", with_ops(&OPS.replace("200:", "2OO:"))),
        ("status_out_of_range", with_ops(&OPS.replace("200:", "999:"))),
        ("error_status_as_response", with_ops(&OPS.replace("200:", "404:"))),
        (
            "file_in_json_body",
            with_ops(&OPS.replace("id: { type: string, doc: The ID. }", "id: { type: file, doc: The ID. }").replace(
                "    responses:",
                "    body:\n      json: Clip\n    responses:",
            ))),
        (
            "structured_and_file_fields_in_a_url_encoded_form",
            with_ops(&OPS.replace("    responses:", "    body:\n      form:\n        meta: { type: Clip, doc: Sent by its keys. }\n        scan: { type: file, doc: A file. }\n    responses:"))),
        ("enum_without_values", with_ops(&OPS.replace("    fields:\n      id: { type: string, doc: The ID. }", "    enum: {}"))),
        (
            "enum_values_collide",
            with_ops(&OPS.replace(
                "  Clip:\n",
                "  State:\n    doc: A state.\n    enum:\n      in-review: Waiting.\n      IN_REVIEW: Waiting too.\n  Clip:\n",
            ))),
        (
            "field_names_collide",
            with_ops(&OPS.replace(
                "      id: { type: string, doc: The ID. }",
                "      clipId: { type: string, doc: The ID. }\n      clip_id: { type: string, doc: The ID again. }",
            ))),
        ("base_url_without_scheme", with_api(&API.replace("https://api.example.com/v1", "api.example.com/v1"))),
        ("undeclared_server_variable", with_api(&API.replace("https://api.example.com/v1", "\"{api-domain}/v1\""))),
        (
            "min_greater_than_max",
            with_ops(&OPS.replace("      id: { type: string, doc: The ID. }", "      size: { type: integer, min: 10, max: 1, doc: A size. }"))),
        ("wrong_value_type", with_ops(&OPS.replace("clipId: { type: string,", "clipId: { type: string, required: maybe,"))),
        ("non_integer_error_code", with_ops(&OPS.replace("    responses:", "    errors:\n      404:\n        NOT_FOUND: Missing.\n    responses:"))),
        ("unknown_server", with_ops(&OPS.replace("    method: GET", "    method: GET\n    server: uploads"))),
        (
            "code_under_two_statuses",
            with_ops(&OPS.replace("    responses:", "    errors:\n      400:\n        2000: Bad.\n      404:\n        2000: Missing.\n    responses:"))),
        (
            "builder_and_error_names_collide",
            with_ops(&format!(
                "{OPS}  get_clip_error:\n    summary: Another\n    method: GET\n    path: /other\n    responses:\n      200: {{ doc: OK. }}\n"
            ))),
        (
            "enum_value_is_other",
            with_ops(&OPS.replace("  Clip:\n", "  State:\n    doc: A state.\n    enum:\n      OTHER: Something else.\n  Clip:\n")),
        ),
        (
            "pagination_param_missing",
            with_ops(&OPS.replace("    responses:", "    pagination: { token_param: next, token_field: next, items: data }\n    responses:")),
        ),
        (
            "pagination_items_not_array",
            with_ops(&OPS.replace("    responses:", "    query:\n      next: { type: string, doc: Token. }\n    pagination: { token_param: next, token_field: id, items: id }\n    responses:")),
        ),
        (
            "parameter_named_like_a_builder_method",
            with_ops(&OPS.replace("    responses:", "    query:\n      with_options: { type: string, doc: Clashes. }\n    responses:")),
        ),
        (
            "rate_limit_not_a_label",
            diagnostics(&[
                (
                    "demo/api.yaml",
                    API.replace("error_body:", "rate_limits:\n  labels:\n    LIGHT: Many calls.\n    HEAVY: Few calls.\nerror_body:")
                        .as_bytes(),
                ),
                ("demo/ops.yaml", OPS.replace("    method: GET", "    method: GET\n    rate_limit: LIGTH").as_bytes()),
            ]),
        ),
        (
            "docs_url_not_https",
            with_ops(&OPS.replace("    method: GET", "    method: GET\n    docs_url: http://example.com/get-clip")),
        ),
        (
            "pagination_token_param_required",
            with_ops(&OPS.replace(
                "    responses:",
                "    query:\n      next: { type: string, doc: Token., required: true }\n    pagination: { token_param: next, token_field: next, items: data }\n    responses:",
            )),
        ),
        (
            "pagination_style_unknown",
            with_ops(&OPS.replace("    responses:", "    pagination: { style: cursor, items: data }\n    responses:")),
        ),
        (
            "pagination_key_of_another_style",
            with_ops(&OPS.replace(
                "    responses:",
                "    query:\n      page: { type: integer, doc: Page. }\n    pagination: { style: link, page_param: page }\n    responses:",
            )),
        ),
        (
            "pagination_page_param_not_integer",
            with_ops(&OPS.replace(
                "    responses:",
                "    query:\n      page: { type: string, doc: Page. }\n    pagination: { style: page, page_param: page, items: id }\n    responses:",
            )),
        ),
        (
            "pagination_offset_without_param",
            with_ops(&OPS.replace("    responses:", "    pagination: { style: offset, total_field: id }\n    responses:")),
        ),
        (
            "json_and_multipart_body",
            with_ops(&OPS.replace("    responses:", "    body:\n      json: Clip\n      multipart:\n        f: { type: file, doc: F. }\n    responses:")),
        ),
        ("keep_auth_without_hosts", with_ops(&OPS.replace("    method: GET", "    method: GET\n    keep_auth_on_redirect: true"))),
        ("bad_host_pattern", with_api(&API.replace("auth:", "hosts: [\"https://zoom.us/*\"]\nauth:"))),
        (
            "unused_server_variable",
            with_api(&API.replace("auth:", "variables:\n  region:\n    default: us\n    doc: Unused.\nauth:")),
        ),
        ("items_on_a_string", with_ops(&OPS.replace("id: { type: string, doc: The ID. }", "id: { type: string, items: string, doc: The ID. }"))),
        ("array_without_items", with_ops(&OPS.replace("id: { type: string, doc: The ID. }", "id: { type: array, doc: The ID. }"))),
        (
            "fields_and_enum",
            with_ops(&OPS.replace("    fields:\n      id: { type: string, doc: The ID. }", "    fields:\n      id: { type: string, doc: The ID. }\n    enum:\n      A: a.")),
        ),
        (
            "one_of_member_undefined",
            with_ops(&OPS.replace("  Clip:\n", "  Either:\n    doc: Either.\n    one_of: [Clip, Clop]\n  Clip:\n")),
        ),
        ("max_size_not_a_size", with_ops(&OPS.replace("    responses:", "    body:\n      multipart:\n        f: { type: file, max_size: huge, doc: F. }\n    responses:"))),
        ("min_on_a_string", with_ops(&OPS.replace("id: { type: string, doc: The ID. }", "id: { type: string, min: 1, doc: The ID. }"))),
        ("file_types_on_a_string", with_ops(&OPS.replace("id: { type: string, doc: The ID. }", "id: { type: string, file_types: [png], doc: The ID. }"))),
        ("redirect_status_as_error", with_ops(&OPS.replace("    responses:", "    errors:\n      302: Found.\n    responses:"))),
        ("error_body_of_an_unknown_type", with_ops(&OPS.replace("    responses:", "    errors:\n      4XX: { doc: Bad., body: Problem }\n    responses:"))),
        ("typed_error_with_an_unknown_key", with_ops(&OPS.replace("    responses:", "    errors:\n      404: { body: Clip, meaning: Missing. }\n    responses:"))),
        ("unknown_status_class", with_ops(&OPS.replace("    responses:", "    errors:\n      6XX: Odd.\n    responses:"))),
        ("operation_name_not_snake_case", with_ops(&OPS.replace("  get_clip:", "  getClip:"))),
        ("unmatched_brace_in_path", with_ops(&OPS.replace("path: /clips/{clipId}", "path: /clips/clipId}"))),
        ("list_where_a_string_belongs", with_ops(&OPS.replace("    summary: Get a clip", "    summary: [Get, a, clip]"))),
        ("bad_indentation", with_ops(&OPS.replace("    method: GET", "   method: GET"))),
        (
            "type_defined_in_two_files",
            diagnostics(&[
                ("demo/api.yaml", API.as_bytes()),
                ("demo/a.yaml", OPS.as_bytes()),
                ("demo/b.yaml", OPS.replace("  get_clip:", "  get_clip_2:").as_bytes()),
            ]),
        ),
        ("token_url_not_https", with_api(&API.replace("  prefix: Bearer", "  prefix: Bearer\n  token_url: http://zoom.us/oauth/token"))),
        (
            "security_schemes_misdeclared",
            with_api(&API.replace(
                "  prefix: Bearer",
                "  prefix: Bearer\nsecurity_schemes:\n  token: { type: basic }\n  key: { type: api_key, in: body, name: k }\n  half: { type: api_key, in: header }\n  digest: { type: digest }\n  bad: { type: api_key, in: header, name: \"X Key\" }\nsecurity: [[basic, key]]",
            )),
        ),
        (
            "oauth_flows_misdeclared",
            with_api(&API.replace(
                "  prefix: Bearer",
                "  prefix: Bearer\n  openid_connect: http://id.example.com/.well-known/openid-configuration\n  flows:\n    client_credentials: { authorize_url: https://a.example.com/authorize }\n    authorization_code: { authorize_url: https://a.example.com/authorize, token_url: http://a.example.com/token }\n    hybrid: { token_url: https://a.example.com/token }",
            )),
        ),
        ("operation_needs_an_unknown_scheme", with_ops(&OPS.replace("    responses:", "    security: [[token], [api_key]]\n    responses:"))),
        ("missing_api_yaml", diagnostics(&[("demo/ops.yaml", OPS.as_bytes())])),
        ("reserved_group_name", diagnostics(&[("demo/api.yaml", API.as_bytes()), ("demo/types.yaml", OPS.as_bytes())])),
        ("reserved_operation_name", with_ops(&OPS.replace("  get_clip:", "  new:"))),
        ("reserved_api_name", with_api(&API.replace("api: demo", "api: runtime"))),
        (
            "files_in_a_json_field",
            with_ops(&OPS.replace("      id: { type: string, doc: The ID. }", "      id: { type: string, doc: The ID. }\n      scans: { type: array, items: file, doc: Scans. }")),
        ),
        (
            "part_headers_misused",
            with_ops(&OPS.replace(
                "    responses:",
                "    query:\n      q: { type: string, doc: Q., headers: { X-A: { type: string, doc: A. } } }\n    body:\n      multipart:\n        \
                 f:\n          type: file\n          doc: F.\n          headers:\n            \
                 Content-Type: { type: string, doc: T. }\n            X Bad: { type: string, doc: B. }\n            \
                 X-List: { type: array, items: string, doc: L. }\n    responses:",
            )),
        ),
        (
            "part_headers_in_a_url_encoded_form",
            with_ops(&OPS.replace(
                "    responses:",
                "    body:\n      form:\n        a: { type: string, doc: A., headers: { X-A: { type: string, doc: A. } } }\n    responses:",
            )),
        ),
        (
            "multipart_nullable_field",
            with_ops(&OPS.replace("    responses:", "    body:\n      multipart:\n        note: { type: string, nullable: true, doc: A note. }\n    responses:")),
        ),
        (
            "one_of_member_unreachable",
            with_ops(&OPS.replace(
                "  Clip:\n",
                "  Loose:\n    doc: All optional.\n    fields:\n      note: { type: string, doc: N. }\n  Strict:\n    doc: One required.\n    fields:\n      id: { type: string, required: true, doc: I. }\n  Either:\n    doc: Either.\n    one_of: [Loose, Strict]\n  Clip:\n",
            )),
        ),
        (
            "tag_member_without_the_tag_field",
            with_ops(&OPS.replace(
                "  Clip:\n",
                "  Cat:\n    doc: A cat.\n    fields:\n      kind: { type: string, required: true, doc: K. }\n  Dog:\n    doc: A dog.\n    fields:\n      kind: { type: string, doc: Optional here. }\n  Pet:\n    doc: A pet.\n    one_of: [Cat, Dog]\n    tag: kind\n  Clip:\n",
            )),
        ),
        (
            "tags_naming_no_member",
            with_ops(&OPS.replace(
                "  Clip:\n",
                "  Cat:\n    doc: A cat.\n    fields:\n      kind: { type: string, required: true, doc: K. }\n  Dog:\n    doc: A dog.\n    fields:\n      kind: { type: string, required: true, doc: K. }\n  Pet:\n    doc: A pet.\n    one_of: [Cat, Dog]\n    tag: kind\n    tags:\n      cat: Cat\n      dog: Dgo\n  Clip:\n",
            )),
        ),
        (
            "integer_enum_value_not_an_integer",
            with_ops(&OPS.replace(
                "  Clip:\n",
                "  Level:\n    doc: A level.\n    type: integer\n    enum:\n      1: Low.\n      high: High.\n    names:\n      3: Three\n  Clip:\n",
            )),
        ),
        (
            "map_misused",
            with_ops(&OPS.replace(
                "  Clip:\n",
                "  map:\n    doc: Shadows the built-in.\n    type: string\n  Counts:\n    doc: Counts.\n    type: map\n  Bag:\n    doc: A bag.\n    extra: integer\n    one_of: [Clip, Clip]\n  Clip:\n    extra: Nope\n",
            )
            .replace("      id: { type: string", "      id: { type: string, values: integer")),
        ),
        (
            "tag_on_an_object",
            with_ops(&OPS.replace("  Clip:\n    doc:", "  Clip:\n    tag: kind\n    doc:")),
        ),
        (
            "one_of_number_before_integer",
            with_ops(&OPS.replace(
                "  Clip:\n",
                "  Amount:\n    doc: An amount.\n    one_of: [string, number, integer]\n  Clip:\n",
            )),
        ),
        (
            "one_of_member_kinds",
            with_ops(&OPS.replace(
                "  Clip:\n",
                "  Ids:\n    doc: Ids.\n    type: array\n    items: string\n  Word:\n    doc: A word.\n    enum:\n      a: A.\n  Loose:\n    doc: L.\n    one_of: [array, Ids, string, Word]\n  Pet:\n    doc: A pet.\n    one_of: [Clip, string]\n    tag: kind\n  Clip:\n",
            )),
        ),
        (
            "parameter_styles_misused",
            with_ops(&OPS.replace(
                "    responses:",
                "    query:\n      q: { type: string, style: deep_object, doc: Q. }\n      r: { type: Clip, style: comma, doc: R. }\n    headers:\n      X-Clip: { type: Clip, doc: A clip in a header. }\n    responses:",
            )),
        ),
        (
            "cookies_misused",
            with_ops(&OPS.replace(
                "    responses:",
                "    cookies:\n      \"a;b\": { type: string, doc: A. }\n      c: { type: Clip, doc: C. }\n      d: { type: array, items: string, doc: D. }\n    responses:",
            )),
        ),
        (
            "nullable_items_misused",
            with_ops(&OPS.replace(
                "  Clip:\n",
                "  Name:\n    doc: N.\n    nullable: true\n    fields:\n      n: { type: string, doc: N. }\n  Clip:\n",
            ).replace("      id: { type: string, doc: The ID. }", "      id: { type: string, nullable_items: true, doc: The ID. }")),
        ),
        (
            // `null` is a field's type, never a union member's or a parameter's.
            "null_misused",
            with_ops(&OPS.replace(
                "  Clip:\n",
                "  Maybe:\n    doc: M.\n    one_of: [Clip, \"null\"]\n  Clip:\n",
            ).replace("      clipId: { type: string, doc: The ID. }", "      clipId: { type: \"null\", doc: The ID. }")
            .replace("    responses:\n", "    body:\n      form:\n        gone: { type: \"null\", doc: G. }\n    responses:\n")),
        ),
        (
            "one_of_members_identical",
            with_ops(&OPS.replace(
                "  Clip:\n",
                "  Twin:\n    doc: Same shape.\n    fields:\n      id: { type: string, required: true, doc: I. }\n  Other:\n    doc: Same shape.\n    fields:\n      id: { type: string, required: true, doc: I. }\n  Either:\n    doc: Either.\n    one_of: [Twin, Other]\n  Clip:\n",
            )),
        ),
        (
            "unterminated_quote_mid_file",
            with_ops(&format!(
                "{}  other:\n    summary: Other\n    doc: \"Another operation.\"\n    method: GET\n    path: /other\n    responses:\n      200: {{ doc: OK. }}\n",
                OPS.replace("summary: Get a clip", "summary: \"Get a clip")
            )),
        ),
        ("alias_bomb", with_ops(&alias_bomb())),
        ("nesting_too_deep", with_ops(&with_example(&(0..100).map(|i| format!("\n{}a:", "  ".repeat(i + 3))).collect::<String>()))),
        ("brackets_too_deep", with_ops(&with_example(&format!(" {}{}", "[".repeat(100), "]".repeat(100))))),
        ("media_type_on_json", with_ops(&OPS.replace("200: { doc: OK., body: Clip }", "200: { doc: OK., body: Clip, media_type: image/png }"))),
        ("not_a_media_type", with_ops(&OPS.replace("200: { doc: OK., body: Clip }", "200: { doc: OK., body: binary, media_type: png }"))),
        ("body_and_events", with_ops(&OPS.replace("200: { doc: OK., body: Clip }", "200: { doc: OK., body: Clip, events: Clip }"))),
        ("events_of_an_unknown_type", with_ops(&OPS.replace("200: { doc: OK., body: Clip }", "200: { doc: OK., events: Chunk }"))),
        (
            "end_marker_without_events",
            with_ops(&OPS.replace("200: { doc: OK., body: Clip }", "200: { doc: OK., body: Clip, end_marker: \"[DONE]\", resumable: true }")),
        ),
        ("end_marker_over_two_lines", with_ops(&OPS.replace("200: { doc: OK., body: Clip }", "200: { doc: OK., events: Clip, end_marker: \"a\\nb\" }"))),
        ("events_of_another_media_type", with_ops(&OPS.replace("200: { doc: OK., body: Clip }", "200: { doc: OK., events: Clip, media_type: application/json }"))),
        ("resumable_json_lines", with_ops(&OPS.replace("200: { doc: OK., body: Clip }", "200: { doc: OK., events: Clip, media_type: application/x-ndjson, resumable: true }"))),
        (
            "pagination_with_several_responses",
            with_ops(&OPS.replace(
                "    responses:\n      200: { doc: OK., body: Clip }",
                "    query:\n      next: { type: string, doc: Token. }\n    pagination: { token_param: next, token_field: id, items: id }\n    responses:\n      200: { doc: OK., body: Clip }\n      204: { doc: None. }",
            )),
        ),
        ("array_path_parameter", with_ops(&OPS.replace("clipId: { type: string, doc: The ID. }", "clipId: { type: array, items: string, doc: The ID. }"))),
        (
            "unknown_array_style",
            with_ops(&OPS.replace("    responses:", "    query:\n      ids: { type: array, items: string, style: pipes, doc: IDs. }\n    responses:")),
        ),
        (
            "style_on_a_scalar",
            with_ops(&OPS.replace("    responses:", "    query:\n      id: { type: string, style: comma, doc: An ID. }\n    responses:")),
        ),
        ("file_too_large", with_ops(&format!("{OPS}{}", "# padding\n".repeat(specgen::load::MAX_SPEC_FILE / 10 + 1)))),
        (
            "two_apis_one_name",
            diagnostics(&[
                ("demo/api.yaml", API.as_bytes()),
                ("demo/ops.yaml", OPS.as_bytes()),
                ("other/api.yaml", API.replace("feature: demo", "feature: other").as_bytes()),
                ("other/ops.yaml", OPS.as_bytes()),
            ]),
        ),
        (
            "group_feature_taken_by_an_api",
            diagnostics(&[
                ("demo/api.yaml", API.as_bytes()),
                ("demo/items.yaml", OPS.as_bytes()),
                ("other/api.yaml", API.replace("api: demo", "api: other").replace("feature: demo", "feature: demo-items").as_bytes()),
                ("other/ops.yaml", OPS.as_bytes()),
            ]),
        ),
        (
            "alias_defined_by_itself",
            with_ops(&OPS.replace(
                "operations:",
                "  Loop: { doc: A loop., type: array, items: Back }\n  Back: { doc: Back., type: Loop }\noperations:",
            )),
        ),
        (
            "alias_items_without_array",
            with_ops(&OPS.replace("operations:", "  Name: { doc: A name., type: string, items: string }\noperations:")),
        ),
        (
            "whole_on_multipart",
            with_ops(&OPS.replace(
                "    responses:",
                "    body: { whole: true, multipart: { f: { type: file, doc: F. } } }\n    responses:",
            )),
        ),
        (
            "binary_body_that_is_not_a_media_type",
            with_ops(&OPS.replace("    responses:", "    body: { binary: octet-stream }\n    responses:")),
        ),
        (
            "file_in_a_url_encoded_form",
            with_ops(&OPS.replace("    responses:", "    body: { form: { f: { type: file, doc: F. } } }\n    responses:")),
        ),
        (
            "extra_fields_of_a_json_body",
            with_ops(&OPS.replace("    responses:", "    body: { json: Clip, extra: string }\n    responses:")),
        ),
        (
            "extra_fields_that_are_files",
            with_ops(&OPS.replace("    responses:", "    body: { multipart: {}, extra: file }\n    responses:")),
        ),
        (
            "form_of_a_type_without_keys",
            with_ops(&OPS.replace("    responses:", "    body: { form_of: string }\n    responses:")),
        ),
        (
            "form_of_a_union_with_a_scalar_member",
            with_ops(
                &OPS.replace("types:\n", "types:\n  Either:\n    doc: E.\n    one_of: [Clip, string]\n")
                    .replace("    responses:", "    body: { multipart_of: Either }\n    responses:"),
            ),
        ),
        (
            "form_of_and_form_fields_at_once",
            with_ops(&OPS.replace("    responses:", "    body: { form_of: Clip, form: { a: { type: string, doc: A. } } }\n    responses:")),
        ),
        (
            "keys_of_a_field_that_is_no_map",
            with_ops(&OPS.replace("id: { type: string, doc: The ID. }", "id: { type: string, doc: The ID., keys: { max_length: 3 } }")),
        ),
        (
            "keys_with_a_bad_pattern_and_lengths",
            with_ops(&OPS.replace(
                "id: { type: string, doc: The ID. }",
                "id: { type: map, values: string, doc: The ID., keys: { pattern: \"([a-z\", min_length: 5, max_length: 2 } }",
            )),
        ),
        (
            "unique_items_on_a_map",
            with_ops(&OPS.replace("id: { type: string, doc: The ID. }", "id: { type: map, values: string, doc: The ID., unique_items: true }")),
        ),
        (
            "content_type_of_a_url_encoded_field_and_of_a_json_field",
            with_ops(
                &OPS.replace("id: { type: string, doc: The ID. }", "id: { type: string, doc: The ID., content_type: text/csv }")
                    .replace("    responses:", "    body: { form: { a: { type: string, doc: A., content_type: text/csv } } }\n    responses:"),
            ),
        ),
        (
            "content_type_that_is_not_one_media_type",
            with_ops(&OPS.replace("    responses:", "    body: { multipart: { a: { type: file, doc: A., content_type: \"image/*\" } } }\n    responses:")),
        ),
        ("empty_form_without_extra_fields", with_ops(&OPS.replace("    responses:", "    body: { form: {} }\n    responses:"))),
        (
            "extra_fields_of_an_unknown_type",
            with_ops(&OPS.replace("    responses:", "    body: { form: {}, extra: Tag }\n    responses:")),
        ),
        (
            "binary_and_json_body_at_once",
            with_ops(&OPS.replace("    responses:", "    body: { binary: image/png, json: Clip }\n    responses:")),
        ),
        (
            "pattern_and_format_that_do_not_hold",
            with_ops(
                &OPS.replace(
                    "      id: { type: string, doc: The ID. }",
                    "      id: { type: string, doc: The ID., pattern: \"[a-z\" }\n      n: { type: integer, doc: N., format: int64 }\n      at: { type: string, doc: At., format: \"date time\" }",
                ),
            ),
        ),
        (
            "sets_of_fields_that_do_not_hold",
            with_ops(&OPS.replace(
                "      id: { type: string, doc: The ID. }",
                "      id: { type: string, required: true, doc: The ID. }\n      url: { type: string, doc: U. }\n    \
                 requires: { one_of: [[id], [urll]] }\n  Both:\n    doc: B.\n    fields:\n      u: { type: string, doc: U. }\n    \
                 requires: { one_of: [[u], [u]], any_of: [[u], [u]] }\n  Kind:\n    doc: K.\n    enum: { a: A. }\n    \
                 requires: { any_of: [[a], [b]] }\n  One:\n    doc: O.\n    fields:\n      u: { type: string, doc: U. }\n    \
                 requires: { one_of: [[u], []] }\n  Single:\n    doc: S.\n    fields:\n      u: { type: string, doc: U. }\n    \
                 requires: { any_of: [[u]] }",
            )),
        ),
        (
            "several_problems_at_once",
            with_ops(&OPS.replace("method: GET", "method: GOT").replace("body: Clip", "body: Clips").replace("200:", "20:"))),
    ]
}

/// A model built some other way than by validation (a tool, a fuzzer) with a
/// name that is not a Rust identifier is an emission error, never a panic.
#[test]
fn emission_refuses_a_model_with_a_bad_identifier() {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in [("demo/api.yaml", API), ("demo/ops.yaml", OPS)] {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let mut model = specgen::Generator::new(dir.path()).check().unwrap();
    let op = &mut model.apis[0].groups[0].operations[0];
    op.path_params[0].rust = "x²".to_owned();
    let err = specgen::emit_rust::emit(&model, "demo").unwrap_err();
    assert_eq!(err.0, "operation `get_clip`, field `clipId` has the Rust name `x²`, which is not an identifier");
}

#[path = "common/schema.rs"]
mod schema;

/// The JSON Schema refuses every unknown key that `check` refuses, naming it,
/// and accepts the valid base.
#[test]
fn the_schema_refuses_the_unknown_keys_check_refuses() {
    let validator = schema::validator();
    for (path, text) in [("demo/api.yaml", API), ("demo/ops.yaml", OPS)] {
        assert_eq!(schema::errors(&validator, text.as_bytes()), Some(vec![]), "{path}");
    }
    let mut compared = 0;
    for (name, case) in cases() {
        let unknown: Vec<&str> =
            case.report.lines().filter_map(|l| l.split("unknown key `").nth(1)?.split('`').next()).collect();
        if unknown.is_empty() {
            continue;
        }
        let errors: Vec<String> =
            case.files.iter().flat_map(|(_, text)| schema::errors(&validator, text).unwrap_or_default()).collect();
        for key in unknown {
            assert!(
                errors.iter().any(|e| e.contains(&format!("'{key}'"))),
                "case `{name}`: check refuses the key `{key}`, the schema says only {errors:?}"
            );
        }
        compared += 1;
    }
    assert!(compared >= 10, "{compared} cases with unknown keys");
}
