//! Snapshots of the Rust emitted for small fixture specs, one per feature.
//! A change to the generator shows here as a reviewed diff of emitted code.

use std::path::Path;

/// Every emitted file of a fixture, concatenated in emission order.
fn emitted(fixture: &str) -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(fixture);
    let files =
        specgen::Generator::new(&dir).emit().unwrap_or_else(|e| panic!("fixture {fixture} must generate:\n{e}"));
    files.iter().map(|f| format!("==== {} ====\n{}", f.path, f.contents)).collect::<Vec<_>>().join("\n")
}

macro_rules! fixtures {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                insta::assert_snapshot!(stringify!($name), emitted(stringify!($name)));
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
    awkward_identifiers,
    binary_response,
    multipart,
    nullable_fields,
    one_of,
    open_enum,
    pagination,
    servers,
    typed_errors,
);

#[test]
fn output_is_deterministic() {
    for fixture in ["servers", "typed_errors"] {
        assert_eq!(emitted(fixture), emitted(fixture));
    }
}
