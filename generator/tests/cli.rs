//! The `specgen` command line.

use std::path::Path;
use std::process::Command;

fn specgen(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_specgen")).args(args).output().unwrap();
    (out.status.success(), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

fn seed_spec() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec").display().to_string()
}

#[test]
fn check_reports_the_operation_count() {
    let (ok, stdout, stderr) = specgen(&["check", &seed_spec()]);
    assert!(ok, "{stderr}");
    // Counted from the spec itself: adding an entry changes both sides.
    let model = specgen::Generator::new(seed_spec()).check().unwrap();
    let expected = format!("{} APIs, {} operations", model.apis.len(), model.operation_count());
    assert!(stdout.contains(&expected), "{stdout}");
}

#[test]
fn check_fails_with_located_errors() {
    let dir = tempfile::tempdir().unwrap();
    let api = dir.path().join("spec/demo");
    std::fs::create_dir_all(&api).unwrap();
    std::fs::write(
        api.join("api.yaml"),
        "api: demo\ntitle: Demo\ndoc: D.\nfeature: demo\nservers:\n  default: https://x.example\nauth:\n  prefix: Bearer\nerror_body:\n  code_type: integer\n",
    )
    .unwrap();
    std::fs::write(
        api.join("ops.yaml"),
        "doc: Ops.\noperations:\n  ping:\n    sumary: Ping\n    method: GET\n    path: /ping\n    responses:\n      200: { doc: OK. }\n  pong:\n    summary: Pong\n    method: GET\n    path: /pong/{id}\n    responses:\n      200: { doc: OK. }\n",
    )
    .unwrap();
    let (ok, stdout, stderr) = specgen(&["check", &dir.path().join("spec").display().to_string()]);
    assert!(!ok);
    assert_eq!(stdout, "");
    assert!(
        stderr.starts_with("error: unknown key `sumary` in `operations.ping`\n --> spec/demo/ops.yaml:4:5\n"),
        "{stderr}"
    );
    assert!(stderr.contains("4 |     sumary: Ping\n  |     ^^^^^^"), "{stderr}");
    assert!(stderr.contains("  = help: did you mean `summary`?"), "{stderr}");

    let (ok, stdout, _) = specgen(&["check", "--format", "json", &dir.path().join("spec").display().to_string()]);
    assert!(!ok);
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json[0]["file"], "spec/demo/ops.yaml");
    assert_eq!(json[0]["line"], 4);
    assert_eq!(json[0]["column"], 5);
    assert_eq!(json[0]["message"], "unknown key `sumary` in `operations.ping`");
    assert_eq!(json[0]["hint"], "did you mean `summary`?");
}

#[test]
fn generate_writes_then_leaves_unchanged_files() {
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("generated").display().to_string();
    let (ok, stdout, stderr) = specgen(&["generate", &seed_spec(), &target]);
    assert!(ok, "{stderr}");
    // Every file of the output but the stamp is a generated one.
    let files = count_files(out.path()) - 1;
    assert!(stdout.ends_with(&format!("{files} written, 0 unchanged, 0 removed\n")), "{stdout}");
    let (ok, stdout, _) = specgen(&["generate", &seed_spec(), &target]);
    assert!(ok);
    assert_eq!(
        stdout,
        format!("up to date: the spec and the generator are those of the last run\n0 written, {files} unchanged, 0 removed\n")
    );
}

fn count_files(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| {
            let path = entry.unwrap().path();
            if path.is_dir() {
                count_files(&path)
            } else {
                1
            }
        })
        .sum()
}

fn specgen_status(args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_specgen")).args(args).output().unwrap();
    (out.status.code(), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

#[test]
fn diff_exits_0_without_drift_1_with_drift_and_2_when_it_cannot_compare() {
    let document = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/openapi/shop_3_0.yaml");
    let document = document.display().to_string();
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("spec").display().to_string();
    let (code, _, stderr) = specgen_status(&["import", &document, "--api", "shop", "--out", &spec]);
    assert_eq!(code, Some(0), "{stderr}");

    let (code, stdout, stderr) = specgen_status(&["diff", &spec, &document]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(
        stdout,
        "shop: 8 operations compared, 0 differ (0 findings); 0 only in the document, 0 only in the spec\n"
    );

    // The spec loses an operation's parameter: the document has drifted from it.
    let orders = dir.path().join("spec/shop/orders.yaml");
    let text = std::fs::read_to_string(&orders).unwrap();
    let edited = text.replacen("      X-Request-Id:\n", "      X-Request-Ids:\n", 1);
    assert_ne!(edited, text, "the imported spec has no X-Request-Id header");
    std::fs::write(&orders, edited).unwrap();
    let (code, stdout, _) = specgen_status(&["diff", &spec, &document]);
    assert_eq!(code, Some(1));
    assert!(stdout.contains("  header `X-Request-Id`: in the document, not in the spec\n"), "{stdout}");
    assert!(stdout.contains("  header `X-Request-Ids`: in the spec, not in the document\n"), "{stdout}");

    let (code, stdout, stderr) = specgen_status(&["diff", &spec, "no-such-document.json"]);
    assert_eq!((code, stdout.as_str()), (Some(2), ""));
    assert!(stderr.contains("no-such-document.json"), "{stderr}");
}

#[test]
fn init_writes_a_crate_and_refuses_a_folder_that_is_not_empty() {
    let dir = tempfile::tempdir().unwrap();
    let demo = dir.path().join("demo");
    let demo_arg = demo.to_str().unwrap();
    let (ok, stdout, stderr) = specgen(&["init", demo_arg, "--api", "demo"]);
    assert!(ok, "{stderr}");
    assert!(stdout.contains("next: cd ") && stdout.contains("cargo build && cargo test"), "{stdout}");
    let cargo_toml = std::fs::read_to_string(demo.join("Cargo.toml")).unwrap();
    assert!(cargo_toml.contains("name = \"demo\""), "{cargo_toml}");
    // Taken from the checkout this binary was built from, by a path relative to the crate.
    let runtime = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().join("runtime");
    let path = cargo_toml.lines().find_map(|l| l.strip_prefix("specgen-runtime = { path = \"")).unwrap();
    let path = path.split('"').next().unwrap();
    assert!(path.starts_with(".."), "{cargo_toml}");
    assert_eq!(std::fs::canonicalize(demo.join(path)).unwrap(), std::fs::canonicalize(runtime).unwrap());
    assert!(demo.join("Cargo.lock").is_file(), "the checkout's lock file seeds the crate's");
    let (ok, _, _) = specgen(&["check", demo.join("spec").to_str().unwrap()]);
    assert!(ok);

    // Again into the same folder: refused, nothing changed.
    std::fs::write(demo.join("spec/demo/items.yaml"), "mine").unwrap();
    let (ok, _, stderr) = specgen(&["init", demo_arg, "--api", "demo"]);
    assert!(!ok);
    assert!(stderr.contains("exists and is not empty"), "{stderr}");
    assert_eq!(std::fs::read_to_string(demo.join("spec/demo/items.yaml")).unwrap(), "mine");

    // Names that cannot be used.
    let (ok, _, stderr) = specgen(&["init", dir.path().join("x").to_str().unwrap(), "--api", "Not-Snake"]);
    assert!(!ok && stderr.contains("cannot name an API"), "{stderr}");
    let (ok, _, stderr) = specgen(&["init", dir.path().join("1st").to_str().unwrap(), "--api", "demo"]);
    assert!(!ok && stderr.contains("cannot name a package"), "{stderr}");
    let (ok, _, _) = specgen(&["init", dir.path().join("1st").to_str().unwrap(), "--api", "demo", "--name", "first"]);
    assert!(ok);
    let versioned = dir.path().join("versioned");
    let (ok, _, _) = specgen(&["init", versioned.to_str().unwrap(), "--api", "demo", "--specgen-version", "0.1"]);
    assert!(ok);
    let cargo_toml = std::fs::read_to_string(versioned.join("Cargo.toml")).unwrap();
    assert!(cargo_toml.contains("specgen-runtime = { version = \"0.1\" }"), "{cargo_toml}");
    assert!(cargo_toml.contains("specgen = { version = \"0.1\", optional = true }"), "{cargo_toml}");
}

#[test]
fn import_reports_coverage_and_strict_fails_on_a_loss() {
    let dir = tempfile::tempdir().unwrap();
    let document = dir.path().join("lossy.json");
    std::fs::write(
        &document,
        r#"{"openapi": "3.0.0", "info": {"title": "T", "version": "1"}, "servers": [{"url": "https://t.example"}],
        "paths": {"/a": {"get": {"parameters": [{"name": "s", "in": "cookie", "schema": {"type": "array", "items": {"type": "integer"}}},
        {"name": "n", "in": "query", "schema": {"type": "integer"}}], "responses": {"200": {"description": "ok"}}}}}}"#,
    )
    .unwrap();
    let document = document.display().to_string();
    let report = dir.path().join("report.json");
    let spec = dir.path().join("spec").display().to_string();
    let args = ["import", &document, "--api", "lossy", "--out", &spec, "--report", report.to_str().unwrap()];
    let (code, _, stderr) = specgen_status(&args);
    assert_eq!(code, Some(0), "a loss is reported, not fatal: {stderr}");
    assert!(
        stderr.contains("lossy.json") && stderr.contains("1/2") && stderr.contains("lost: 1 parameters"),
        "{stderr}"
    );
    let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    assert_eq!(json["coverage"]["documents"][0]["parameters"], serde_json::json!({"found": 2, "kept": 1}));
    assert_eq!(json["losses"], serde_json::json!([{"kind": "parameters", "count": 1}]));

    let (code, _, stderr) = specgen_status(&[&args[..], &["--force", "--strict"]].concat());
    assert_eq!(code, Some(1), "{stderr}");
    let edges = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/openapi/edges_3_0.yaml");
    let (code, _, stderr) =
        specgen_status(&["import", edges.to_str().unwrap(), "--api", "box", "--out", &spec, "--strict"]);
    assert_eq!(code, Some(0), "the edges fixture loses nothing: {stderr}");
    assert!(stderr.contains("nothing lost"), "{stderr}");
}
