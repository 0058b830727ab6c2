//! Arbitrary bytes through load → validate → emit → format. Every input must
//! give located diagnostics or output whose Rust parses, in proportion to the
//! input (and within the run's memory limit); anything else (a panic, an
//! internal emit error, output that explodes) is a generator bug.
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
            // What check accepts, generate makes in proportion to the spec.
            let total: usize = output.iter().map(|f| f.contents.len()).sum();
            assert!(total <= 16 * data.len().max(API.len()) + 512 * 1024, "{total} bytes of output from {}", data.len());
        }
        Err(Error::Spec(diagnostics)) => {
            assert!(!diagnostics.0.is_empty(), "a failed check names its problems");
            let _ = diagnostics.to_string();
            let _ = diagnostics.to_json();
        }
        Err(other) => panic!("generator bug: {other}"),
    }
});
