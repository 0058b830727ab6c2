//! Snapshots of the Rust, docs and OpenAPI emitted for small fixture specs,
//! one per feature.
//! A change to the generator shows here as a reviewed diff of emitted code.

use std::path::Path;

/// The emitted files of a fixture whose path passes `keep`, concatenated in emission order.
fn emitted_where(fixture: &str, keep: fn(&str) -> bool) -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(fixture);
    let files =
        specgen::Generator::new(&dir).emit().unwrap_or_else(|e| panic!("fixture {fixture} must generate:\n{e}"));
    let shown = files.iter().filter(|f| keep(&f.path)).map(|f| format!("==== {} ====\n{}", f.path, f.contents));
    shown.collect::<Vec<_>>().join("\n")
}

fn is_rust(path: &str) -> bool {
    path.ends_with(".rs")
}

fn is_docs(path: &str) -> bool {
    path.starts_with("docs/")
}

fn is_openapi(path: &str) -> bool {
    path.starts_with("openapi/")
}

/// The emitted Rust of a fixture.
fn emitted(fixture: &str) -> String {
    emitted_where(fixture, is_rust)
}

macro_rules! fixtures {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                insta::assert_snapshot!(stringify!($name), emitted(stringify!($name)));
                insta::assert_snapshot!(concat!(stringify!($name), "_docs"), emitted_where(stringify!($name), is_docs));
                insta::assert_snapshot!(concat!(stringify!($name), "_openapi"), emitted_where(stringify!($name), is_openapi));
            }
        )*

        #[test]
        fn every_fixture_has_a_snapshot_test() {
            let mut dirs: Vec<String> = std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures"))
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            dirs.sort();
            let mut listed = vec![$(stringify!($name).to_owned()),*];
            listed.sort();
            assert_eq!(dirs, listed);
        }
    };
}

fixtures!(
    aliases,
    awkward_identifiers,
    binary_request,
    binary_response,
    event_stream,
    integer_enum,
    maps,
    multipart,
    nested_limits,
    nullable_fields,
    one_of,
    open_enum,
    pagination,
    query_arrays,
    recursive_types,
    servers,
    security,
    several_responses,
    tagged_union,
    typed_errors,
);

#[test]
fn output_is_deterministic() {
    for fixture in ["servers", "typed_errors"] {
        assert_eq!(emitted(fixture), emitted(fixture));
    }
}

/// Builders are written as text, not through `syn`; every emitted Rust file
/// of every fixture must still be Rust (compiling them is `fixtures_compile`'s
/// slower check).
#[test]
fn every_emitted_rust_file_parses() {
    for entry in std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")).unwrap() {
        let dir = entry.unwrap().path();
        let files =
            specgen::Generator::new(&dir).emit().unwrap_or_else(|e| panic!("{} must generate:\n{e}", dir.display()));
        for file in files.iter().filter(|f| is_rust(&f.path)) {
            if let Err(e) = syn::parse_file(&file.contents) {
                panic!("{} of {} does not parse: {e}", file.path, dir.display());
            }
        }
    }
}
