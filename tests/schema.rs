//! The JSON Schema of the spec format: committed and fresh, named by every
//! spec file's first line, and passed by every valid spec.

use std::path::{Path, PathBuf};

mod common;

#[path = "common/schema.rs"]
mod schema;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The YAML files of the API folders under `spec_dir`.
fn spec_files(spec_dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for api in std::fs::read_dir(spec_dir).unwrap() {
        let api = api.unwrap().path();
        if api.is_dir() {
            for file in std::fs::read_dir(&api).unwrap() {
                let file = file.unwrap().path();
                if file.extension().is_some_and(|e| e == "yaml") {
                    files.push(file);
                }
            }
        }
    }
    files.sort();
    files
}

#[test]
fn the_committed_schema_is_what_specgen_schema_prints() {
    let committed = std::fs::read_to_string(root().join("spec").join(specgen::schema::FILE_NAME)).unwrap();
    assert!(
        committed == specgen::schema::schema_json(),
        "spec/{} is stale: run `cargo run --bin specgen -- schema > spec/{}`",
        specgen::schema::FILE_NAME,
        specgen::schema::FILE_NAME
    );
}

#[test]
fn every_spec_file_names_the_schema_in_its_first_line() {
    let files = spec_files(&root().join("spec"));
    assert!(files.len() >= 4);
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        assert_eq!(text.lines().next(), Some(specgen::schema::MODELINE), "{}", file.display());
    }
}

#[test]
fn every_valid_spec_passes_the_schema() {
    let validator = schema::validator();
    let mut dirs = vec![root().join("spec")];
    for fixture in std::fs::read_dir(root().join("tests/fixtures")).unwrap() {
        dirs.push(fixture.unwrap().path());
    }
    let (_copy, grown) = common::spec_copy();
    common::add_new_group(&grown);
    dirs.push(grown);
    let mut checked = 0;
    for dir in dirs {
        for file in spec_files(&dir) {
            let errors = schema::errors(&validator, &std::fs::read(&file).unwrap());
            assert_eq!(errors, Some(vec![]), "{}", file.display());
            checked += 1;
        }
    }
    assert!(checked > 20, "{checked} files");
}

#[test]
fn the_schema_flags_a_typo_where_it_is() {
    let validator = schema::validator();
    let text = std::fs::read_to_string(root().join("spec/zoom/clips.yaml")).unwrap();
    let typo = text.replacen("    summary:", "    sumary:", 1);
    let errors = schema::errors(&validator, typo.as_bytes()).unwrap();
    assert!(errors.iter().any(|e| e.contains("'sumary'") && e.contains("at /operations/")), "{errors:?}");
}
