//! `specgen init`: the new crate builds silently, passes its own tests and
//! clippy with no other step, regenerates with its target folder elsewhere
//! (a shared `CARGO_TARGET_DIR`, as the scratch builds use), and a copy made
//! for a dependent (vendored) never gets its sources rewritten.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use specgen::init::{Init, Source};

mod scratch;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs cargo in `dir` with the fixture crates' target folder and flags, so
/// that the dependencies they compiled are reused.
fn cargo(dir: &Path, args: &[&str], envs: &[(&str, &str)]) -> Output {
    let mut command = scratch::cargo(dir);
    command.args(args);
    for (k, v) in envs {
        command.env(k, v);
    }
    let out = command.output().unwrap();
    assert!(
        out.status.success(),
        "cargo {args:?} in {} failed:\n{}\n{}",
        dir.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Every file under `dir` but cargo's own (`target/`, `Cargo.lock`), with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(dir: &Path, base: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.file_name().is_some_and(|n| n == "target" || n == "Cargo.lock") {
                continue;
            }
            if path.is_dir() {
                walk(&path, base, out);
            } else {
                out.insert(path.strip_prefix(base).unwrap().to_path_buf(), std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

#[test]
fn a_new_crate_builds_and_passes_its_tests_and_is_never_rewritten_as_a_dependency() {
    let work = tempfile::tempdir().unwrap();
    let demo = work.path().join("demo");
    let written = Init::new(&demo, "demo").source(Source::Path(root())).run().unwrap();
    // The crate names the checkout by a relative path, so both can move
    // together, and starts from the checkout's lock file (its tested
    // versions; nothing is fetched).
    assert!(written.contains(&"Cargo.lock".to_owned()), "{written:?}");
    let manifest = std::fs::read_to_string(demo.join("Cargo.toml")).unwrap();
    let canonical_root = std::fs::canonicalize(root()).unwrap();
    assert!(!manifest.contains(&format!("\"{}", canonical_root.display())), "an absolute path:\n{manifest}");
    let runtime = manifest.lines().find_map(|l| l.strip_prefix("specgen-runtime = { path = \"")).unwrap();
    let runtime = runtime.split('"').next().unwrap();
    assert!(Path::new(runtime).is_relative(), "{runtime}");
    assert_eq!(std::fs::canonicalize(demo.join(runtime)).unwrap(), canonical_root.join("runtime"));

    let before = snapshot(&demo);
    let out = cargo(&demo, &["build"], &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("warning"), "a fresh crate builds without a warning:\n{stderr}");
    cargo(&demo, &["test", "--quiet"], &[]);
    cargo(&demo, &["clippy", "--all-targets", "--quiet", "--", "-D", "warnings"], &[]);
    let after = snapshot(&demo);
    assert_eq!(before.keys().collect::<Vec<_>>(), after.keys().collect::<Vec<_>>());
    let changed: Vec<_> = after.iter().filter(|(k, v)| before.get(*k) != Some(*v)).map(|(k, _)| k).collect();
    assert!(changed.is_empty(), "the build changed the new crate's files: {changed:?}\n{stderr}");

    // A new operation in the spec; a vendored copy of `demo` (with cargo's
    // checksum file) that a crate depends on.
    let items = demo.join("spec/demo/items.yaml");
    let spec = std::fs::read_to_string(&items).unwrap()
        + "  copy_item:\n    summary: Copy an item\n    method: POST\n    path: /items/{item_id}/copy\n    path_params:\n      item_id: { type: string, doc: The item to copy. }\n    responses:\n      201: { doc: The copy., body: Item }\n";
    std::fs::write(&items, spec).unwrap();
    let app = work.path().join("app");
    let vendored = app.join("vendor/demo");
    for (path, bytes) in snapshot(&demo) {
        std::fs::create_dir_all(vendored.join(&path).parent().unwrap()).unwrap();
        std::fs::write(vendored.join(&path), bytes).unwrap();
    }
    std::fs::write(vendored.join(".cargo-checksum.json"), r#"{"files":{},"package":null}"#).unwrap();
    // Vendored elsewhere, the copy names the checkout as a published crate names its
    // dependencies: not by the developer's relative path.
    let copied = std::fs::read_to_string(vendored.join("Cargo.toml")).unwrap();
    let relative = std::fs::canonicalize(&demo).unwrap();
    let relative = pathdiff::diff_paths(std::fs::canonicalize(root()).unwrap(), relative).unwrap();
    let absolute = std::fs::canonicalize(root()).unwrap();
    let copied = copied.replace(&*relative.to_string_lossy(), &absolute.to_string_lossy());
    std::fs::write(vendored.join("Cargo.toml"), copied).unwrap();
    let stale = snapshot(&vendored);
    std::fs::create_dir_all(app.join("src")).unwrap();
    std::fs::write(
        app.join("Cargo.toml"),
        "[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\ndemo = { path = \"vendor/demo\" }\n",
    )
    .unwrap();
    std::fs::write(app.join("src/lib.rs"), "//! Uses the demo client.\n\npub use demo::demo::Client;\n").unwrap();
    std::fs::copy(root().join("Cargo.lock"), app.join("Cargo.lock")).unwrap();
    let out = cargo(&app, &["build"], &[]);
    assert!(snapshot(&vendored) == stale, "building a dependent crate rewrote its vendored copy");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("was not rewritten"), "no warning that the output is stale:\n{stderr}");

    // Where the crate is developed, the same change regenerates, though its
    // target folder is elsewhere.
    cargo(&demo, &["build", "--quiet"], &[]);
    let regenerated = std::fs::read_to_string(demo.join("generated/demo/items.rs")).unwrap();
    assert!(regenerated.contains("pub fn copy_item"), "{regenerated}");
    cargo(&demo, &["test", "--quiet"], &[]);
}
