//! Arbitrary bytes as an OpenAPI document (JSON or YAML) through the
//! importer. Every input must give a clear error or a spec that passes
//! `check` (the importer checks its own output); a spec it gives, exported
//! and imported again, must give the same files. A panic, an import of its
//! own export that fails, or one that differs, is an importer bug.
#![no_main]

use libfuzzer_sys::fuzz_target;
use specgen::import::{ImportError, Importer};

fuzz_target!(|data: &[u8]| {
    // The importer reads files: each fuzzing process writes its own.
    let dir = std::env::temp_dir().join(format!("specgen-fuzz-import-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let document = dir.join("openapi.yaml");
    std::fs::write(&document, data).unwrap();
    let importer = || Importer::new("fuzzed").skip_broken_refs(true).server("https://api.example.com");
    let first = match importer().document(&document).import() {
        Ok(first) => first,
        Err(ImportError::Check(d)) => panic!("the importer wrote a spec that fails its check:\n{d}"),
        Err(e) => {
            let _ = e.to_string();
            return;
        }
    };
    let spec = dir.join("spec");
    let _ = std::fs::remove_dir_all(&spec);
    first.write(&spec, true).unwrap();
    let files = specgen::Generator::new(&spec).emit().unwrap_or_else(|e| panic!("an imported spec does not generate: {e}"));
    let openapi = files.iter().find(|f| f.path == "openapi/fuzzed.yaml").expect("the export");
    let exported = dir.join("exported.yaml");
    std::fs::write(&exported, &openapi.contents).unwrap();
    let again = importer().document(&exported).import().unwrap_or_else(|e| panic!("the export does not import: {e}"));
    assert_eq!(first.files.len(), again.files.len());
    for (a, b) in first.files.iter().zip(&again.files) {
        assert_eq!(a.contents, b.contents, "{} differs after export and import", a.path);
    }
});
