//! Arbitrary bytes through load → validate → emit → format. Every input must
//! give located diagnostics or output whose Rust parses; anything else (a
//! panic, an internal emit error) is a generator bug.
//!
//! An input holding a line `--- api.yaml ---` is split there: the part before
//! is the group file, the part after the API file; otherwise a fixed API file
//! is used, so most inputs reach the operation checks.
#![no_main]

use libfuzzer_sys::fuzz_target;
use specgen::load::SpecFiles;
use specgen::{Error, Generator};

const API: &[u8] = b"api: demo\ntitle: Demo\ndoc: Fuzzed.\nfeature: demo\nservers:\n  default: https://api.example.com/v1\nauth:\n  prefix: Bearer\nerror_body:\n  code_type: integer\n";
const SPLIT: &[u8] = b"\n--- api.yaml ---\n";

fuzz_target!(|data: &[u8]| {
    let (group, api) = match data.windows(SPLIT.len()).position(|w| w == SPLIT) {
        Some(at) => (&data[..at], &data[at + SPLIT.len()..]),
        None => (data, API),
    };
    let files = SpecFiles {
        root: "spec".to_owned(),
        apis: vec![(
            "demo".to_owned(),
            vec![("api.yaml".to_owned(), Ok(api.to_vec())), ("ops.yaml".to_owned(), Ok(group.to_vec()))],
        )],
    };
    match Generator::new("spec").emit_files(files) {
        Ok(output) => {
            for file in output.iter().filter(|f| f.path.ends_with(".rs")) {
                if let Err(e) = syn::parse_file(&file.contents) {
                    panic!("{} does not parse: {e}", file.path);
                }
            }
        }
        Err(Error::Spec(diagnostics)) => {
            assert!(!diagnostics.0.is_empty(), "a failed check names its problems");
            let _ = diagnostics.to_string();
            let _ = diagnostics.to_json();
        }
        Err(other) => panic!("generator bug: {other}"),
    }
});
