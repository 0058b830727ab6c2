//! Opt-in (`cargo test --test import_vendor -- --ignored`, which `.ci/run`
//! runs): every operation of the vendors' own OpenAPI documents in
//! `../shared/vendor/` imports, passes `specgen check`, generates, and the
//! generated crate passes clippy with `-D warnings`. Skipped, with a message,
//! where the documents are absent (a user's machine).

use std::path::Path;
use std::process::Command;

mod vendor;

#[test]
#[ignore = "needs ../shared/vendor; run by .ci/run"]
fn every_vendor_operation_imports_generates_and_compiles() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let Some(vendor) = vendor::folder() else { return };
    let scratch = tempfile::tempdir().unwrap();
    let spec = scratch.path().join("spec");
    for (api, folder) in [("zoom", "zoom"), ("zoho_crm", "zoho_crm_v8")] {
        let docs = vendor::documents(&vendor.join(folder));
        let mut importer = specgen::import::Importer::new(api).skip_broken_refs(true);
        for d in &docs {
            importer = importer.document(d);
        }
        let imported = importer.import().unwrap_or_else(|e| panic!("{folder}: {e}"));
        // The operations the documents publish, counted from the JSON itself.
        let total: usize = docs.iter().map(|d| vendor::operations(&vendor::read(d)).len()).sum();
        eprintln!(
            "{folder}: {} of {total} operations imported, {} with typed error codes, {} notes",
            imported.operations,
            imported.with_error_codes,
            imported.left_out.len()
        );
        assert_eq!(imported.operations, total, "{folder}: every published operation imports");
        imported.write(&spec, false).unwrap();
    }
    let krate = scratch.path().join("crate");
    specgen::Generator::new(&spec).crate_name("vendor_clients").generate(krate.join("generated")).unwrap();
    std::fs::write(
        krate.join("Cargo.toml"),
        format!(
            "[package]\nname = \"vendor-clients\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
             [lib]\npath = \"generated/lib.rs\"\n\n[features]\ndefault = [\"zoom\", \"zoho-crm\"]\nzoom = []\n\
             zoho-crm = []\n\n[dependencies]\nspecgen-runtime = {{ path = {:?} }}\n\
             serde = {{ version = \"1\", features = [\"derive\"] }}\n\n[workspace]\n",
            root.join("runtime").display().to_string()
        ),
    )
    .unwrap();
    std::fs::copy(root.join("Cargo.lock"), krate.join("Cargo.lock")).unwrap();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let out = Command::new(cargo)
        .args(["clippy", "--quiet", "--", "-D", "warnings"])
        .current_dir(&krate)
        .env("CARGO_TARGET_DIR", root.join("target/fixture-check"))
        .output()
        .unwrap();
    assert!(out.status.success(), "the imported crate does not pass clippy:\n{}", String::from_utf8_lossy(&out.stderr));
}
