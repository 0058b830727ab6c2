//! Opt-in contract test against the vendors' own documents (`bash
//! .ci/contract` runs it when `../shared/vendor/` is there): of Zoom, Zoho
//! CRM, Box, Discord, Twilio and OpenAI, every operation with a multipart,
//! form, binary or union body (or a binary response) and about 25 others per
//! set are imported one document at a time, generated, and called through
//! the generated client against Prism serving the vendor's own document,
//! security requirements kept: Prism checks every request, credentials
//! included. The requests it refuses are counted per set against a ceiling.

use std::collections::HashMap;
use std::path::Path;

use serde_json::Value;
use vendor::operations;

mod scratch;
mod vendor;

/// The document sets: the API name (a prefix for each document of a
/// folder), the folder under `../shared/vendor`, the documents (every JSON
/// one of the folder when none are listed), and the server URL for a
/// document whose own is not usable.
/// The last figure is how many sampled requests Prism may refuse at most:
/// the ones the issue notes explain, which lie in the documents or in
/// Prism (an ambiguous `oneOf` that no body matches exactly once, a media
/// type `undefined`, JSON parts, objects sent by their keys and one-item
/// arrays Prism's form parser reads as text, a required form field the
/// document does not describe). More is a regression; fewer, a figure to lower.
type Set = (&'static str, &'static str, &'static [&'static str], Option<&'static str>, usize);
const SETS: [Set; 6] = [
    ("zoom", "zoom", &[], None, 21),
    ("zoho_crm", "zoho_crm_v8", &[], None, 0),
    ("box_api", "thirdparty", &["box.json"], None, 3),
    ("discord", "thirdparty", &["discord.json"], None, 2),
    ("twilio", "thirdparty", &["twilio_api_v2010.json"], None, 1),
    ("openai", "thirdparty", &["openai.yaml"], Some("https://api.openai.com/v1"), 0),
];

/// Calls `change` on every `$ref` string of a document.
fn map_refs(value: &mut Value, change: &impl Fn(&mut String)) {
    match value {
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                match v {
                    Value::String(s) if key == "$ref" => change(s),
                    _ => map_refs(v, change),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| map_refs(v, change)),
        _ => {}
    }
}

/// Every `$ref` to another file by URL (`https://…/common.json#/x`) made a
/// reference to the file of that name beside the document (`common.json#/x`),
/// so that Prism reads it offline, as the importer does.
fn localise(value: &mut Value) {
    map_refs(value, &|s| {
        if s.starts_with("https://") || s.starts_with("http://") {
            let (url, fragment) = s.split_once('#').unwrap_or((s.as_str(), ""));
            let file = url.rsplit('/').next().unwrap_or(url);
            *s = format!("{file}#{fragment}");
        }
    });
}

/// `$ref`s that resolve nowhere in the vendor folder (files it lacks,
/// pointers to nothing) made harmless for Prism, which resolves every
/// reference before it starts: a parameter behind one is dropped, a schema
/// becomes `{}` (any value), as the importer's `--skip-broken-refs` does.
/// Returns how many were repaired.
fn repair(value: &mut Value, this: &str, docs: &HashMap<String, Value>) -> usize {
    let resolves = |reference: &str| {
        let (file, pointer) = reference.split_once('#').unwrap_or((reference, ""));
        let file = if file.is_empty() { this } else { file.trim_start_matches("./") };
        docs.get(file).is_some_and(|doc| pointer.is_empty() || doc.pointer(pointer).is_some())
    };
    let broken = |v: &Value| v.get("$ref").and_then(Value::as_str).is_some_and(|r| !resolves(r));
    let mut repaired = 0;
    match value {
        Value::Object(map) => {
            if let Some(Value::Array(params)) = map.get_mut("parameters") {
                let before = params.len();
                params.retain(|p| !broken(p));
                repaired += before - params.len();
            }
            for v in map.values_mut() {
                if broken(v) {
                    *v = Value::Object(Default::default());
                    repaired += 1;
                } else {
                    repaired += repair(v, this, docs);
                }
            }
        }
        Value::Array(items) => {
            for v in items {
                if broken(v) {
                    *v = Value::Object(Default::default());
                    repaired += 1;
                } else {
                    repaired += repair(v, this, docs);
                }
            }
        }
        _ => {}
    }
    repaired
}

/// Form fields typed `object` without properties, which the importer takes
/// as files (a vendor slip), typed as files for Prism too: a file part is
/// bytes, which Prism would refuse as not an object. Returns how many.
fn file_fields(doc: &mut Value) -> usize {
    /// The JSON pointers of every form's schema, following a local `$ref`.
    fn forms(value: &Value, at: &str, out: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                if let Some(schema) = map.get("multipart/form-data").and_then(|m| m.get("schema")) {
                    match schema.get("$ref").and_then(Value::as_str) {
                        Some(r) if r.starts_with('#') => out.push(r[1..].to_owned()),
                        _ => out.push(format!("{at}/multipart~1form-data/schema")),
                    }
                }
                for (k, v) in map {
                    forms(v, &format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")), out);
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    forms(v, &format!("{at}/{i}"), out);
                }
            }
            _ => {}
        }
    }
    let mut pointers = Vec::new();
    forms(doc, "", &mut pointers);
    let mut repaired = 0;
    for pointer in pointers {
        let properties = doc.pointer_mut(&format!("{pointer}/properties")).and_then(Value::as_object_mut);
        for p in properties.into_iter().flat_map(|p| p.values_mut()) {
            if p.get("type").and_then(Value::as_str) == Some("object") && p.get("properties").is_none() {
                *p = serde_json::json!({ "type": "string", "format": "binary" });
                repaired += 1;
            }
        }
    }
    repaired
}

#[test]
#[ignore = "needs ../shared/vendor and Prism: run by .ci/contract"]
fn a_sample_of_vendor_operations_passes_prism() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let Some(vendor) = vendor::folder() else { return };
    // Kept after the run, for a look at what Prism served and what was called.
    let scratch = root.join("target/vendor-contract");
    let _ = std::fs::remove_dir_all(&scratch);
    let spec = scratch.join("spec");
    // What Prism serves: `<api>.yaml` per sampled document (JSON is YAML),
    // and each vendor folder beside them for the references between files.
    let served = scratch.join("served");
    let mut summary = Vec::new();
    for (vendor_name, folder, listed, server, _) in SETS {
        std::fs::create_dir_all(served.join(folder)).unwrap();
        let paths: Vec<std::path::PathBuf> = match listed {
            [] => vendor::documents(&vendor.join(folder)),
            files => files.iter().map(|f| vendor.join(folder).join(f)).collect(),
        };
        let name = |path: &Path| path.file_name().unwrap().to_string_lossy().into_owned();
        let mut docs = HashMap::new();
        for path in &paths {
            let mut doc = vendor::read(path);
            localise(&mut doc);
            docs.insert(name(path), doc);
        }
        let mut repaired = 0;
        for (file, doc) in &docs {
            let mut doc = doc.clone();
            repaired += repair(&mut doc, file, &docs);
            repaired += file_fields(&mut doc);
            std::fs::write(served.join(folder).join(file), doc.to_string()).unwrap();
        }
        eprintln!("{vendor_name}: {repaired} broken references and file fields repaired for Prism");
        // Every special operation, and an even spread of about 25 others.
        let others: usize =
            paths.iter().map(|p| operations(&docs[&name(p)]).iter().filter(|o| !o.special).count()).sum();
        let every = (others / 25).max(1);
        let (mut special, mut other, mut seen) = (0, 0, 0);
        for path in &paths {
            // Localising changed only references, not operations.
            let doc = &docs[&name(path)];
            let stem = path.file_stem().unwrap().to_string_lossy().replace(['-', '.'], "_");
            let api = if listed.is_empty() { format!("{vendor_name}_{stem}") } else { vendor_name.to_owned() };
            let mut importer = specgen::import::Importer::new(&api).skip_broken_refs(true).document(path);
            if let Some(server) = server {
                importer = importer.server(server);
            }
            let mut chosen = 0;
            for op in operations(doc) {
                if !op.special {
                    seen += 1;
                }
                if op.special || seen % every == 0 {
                    importer = importer.only(format!("{} {}", op.method.to_uppercase(), op.path));
                    chosen += 1;
                    special += usize::from(op.special);
                    other += usize::from(!op.special);
                }
            }
            if chosen == 0 {
                continue;
            }
            let imported = importer.import().unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            imported.write(&spec, false).unwrap();
            // Served from the folder above the others: its references point into theirs.
            let doc = std::fs::read_to_string(served.join(folder).join(name(path))).unwrap();
            let mut value: Value = serde_json::from_str(&doc).unwrap();
            // References to other files are prefixed with their folder.
            map_refs(&mut value, &|s| {
                if !s.starts_with('#') {
                    *s = format!("{folder}/{s}");
                }
            });
            std::fs::write(served.join(format!("{api}.yaml")), value.to_string()).unwrap();
        }
        summary
            .push(format!("{vendor_name}: {special} multipart, form, binary or union operations and {other} others"));
        assert!(other >= 20.min(others), "{vendor_name}: {other} other operations sampled");
    }
    eprintln!("sampled, with their security kept:\n  {}", summary.join("\n  "));

    let model = specgen::Generator::new(&spec).check().unwrap();
    let krate = scratch.join("crate");
    specgen::Generator::new(&spec).crate_name("vendor_sample").generate(krate.join("generated")).unwrap();
    let features: Vec<String> = model.apis.iter().map(|a| format!("{:?}", a.feature)).collect();
    let feature_list: String = model.apis.iter().map(|a| format!("{:?} = []\n", a.feature)).collect();
    std::fs::write(
        krate.join("Cargo.toml"),
        format!(
            "[package]\nname = \"vendor-sample\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
             [lib]\npath = \"generated/lib.rs\"\ndoctest = false\n\n[features]\ndefault = [{}]\n{feature_list}\n\
             [dependencies]\nspecgen-runtime = {{ path = {:?} }}\nserde = {{ version = \"1\", features = [\"derive\"] }}\n\n\
             [dev-dependencies]\ntokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }}\n\n[workspace]\n",
            features.join(", "),
            root.join("runtime").display().to_string()
        ),
    )
    .unwrap();
    std::fs::create_dir_all(krate.join("tests")).unwrap();
    std::fs::write(krate.join("tests/contract.rs"), specgen::contract_test(&model, "vendor_sample")).unwrap();
    std::fs::copy(root.join("Cargo.lock"), krate.join("Cargo.lock")).unwrap();
    let out = scratch::cargo(&krate)
        .args(["test", "--quiet", "--test", "contract", "--", "--ignored", "--nocapture"])
        .env("SPECGEN_OPENAPI_DIR", &served)
        // Vendor examples may break their own schemas: only refused requests
        // count, each set's against its ceiling.
        .env("SPECGEN_CONTRACT_REQUESTS_ONLY", "1")
        .env("SPECGEN_CONTRACT_COUNT_REFUSED", "1")
        .output()
        .unwrap();
    // Answers Prism could not give from the vendor's document (its examples
    // break its schemas, or a media type it cannot write) are listed, not failed.
    let stderr = String::from_utf8_lossy(&out.stderr);
    let unanswered: Vec<&str> = stderr.lines().filter(|l| l.starts_with("not answered")).collect();
    eprintln!("{} calls without a decodable answer (listed, not failed: the requests were valid):", unanswered.len());
    for line in &unanswered {
        eprintln!("  {}", line.chars().take(300).collect::<String>());
    }
    assert!(
        out.status.success(),
        "the vendor contract test failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let refused: Vec<&str> = stderr.lines().filter(|l| l.starts_with("refused by Prism (")).collect();
    // In full, with what Prism found wrong, beside the other outputs.
    std::fs::write(scratch.join("refused.txt"), refused.join("\n")).unwrap();
    let mut over = Vec::new();
    for (set, _, _, _, ceiling) in SETS {
        let of_set: Vec<&&str> = refused.iter().filter(|l| l["refused by Prism (".len()..].starts_with(set)).collect();
        eprintln!("{set}: {} requests refused (at most {ceiling})", of_set.len());
        for line in &of_set {
            let operation = line.split(": ").nth(1).unwrap_or_default();
            eprintln!("  {operation}");
        }
        if of_set.len() > ceiling {
            over.push(format!("{set}: {} refused, more than {ceiling}", of_set.len()));
        }
    }
    assert!(over.is_empty(), "Prism refused more requests than before: {over:?}");
}
