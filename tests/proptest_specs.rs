//! Random valid specs (awkward names, enums, nested types, parameters) always
//! generate Rust that `syn` parses; a few sampled each run are type-checked
//! by rustc with warnings denied.

use std::collections::BTreeSet;
use std::path::Path;

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, TestRunner};
use specgen::load::SpecFiles;

mod scratch;

const API: &str = "api: demo\ntitle: Demo\ndoc: Random.\nfeature: demo\nservers:\n  default: https://api.example.com/v1\nauth:\n  prefix: Bearer\nerror_body:\n  code_type: integer\nerrors:\n  429: Slow down.\n";

const AWKWARD: &[&str] = &[
    "type",
    "self",
    "Self",
    "async",
    "match",
    "gen",
    "ref",
    "crate",
    "2fa",
    "a-b",
    "a.b",
    "größe",
    "in progress",
    "Other2",
    "x_",
];

fn name() -> impl Strategy<Value = String> {
    prop_oneof![proptest::sample::select(AWKWARD).prop_map(str::to_owned), "[a-z][a-zA-Z0-9]{0,7}"]
}

/// Names that stay distinct after any case conversion.
fn distinct(names: Vec<String>) -> Vec<String> {
    let mut seen = BTreeSet::new();
    names
        .into_iter()
        .filter(|n| seen.insert(n.chars().filter(|c| c.is_alphanumeric()).collect::<String>().to_lowercase()))
        .collect()
}

/// A field: name, type index, required, nullable.
type RandomField = (String, usize, bool, bool);
/// An operation: name, method index, path parameters, query parameters (name, type index), JSON body.
type RandomOperation = (String, usize, Vec<String>, Vec<(String, usize)>, bool);

#[derive(Debug, Clone)]
struct RandomSpec {
    enums: Vec<(String, Vec<String>)>,
    objects: Vec<(String, Vec<RandomField>)>,
    ops: Vec<RandomOperation>,
}

fn spec() -> impl Strategy<Value = RandomSpec> {
    let enums = proptest::collection::vec((name(), proptest::collection::vec(name(), 1..5)), 0..3);
    let objects = proptest::collection::vec(
        (name(), proptest::collection::vec((name(), 0usize..16, any::<bool>(), any::<bool>()), 0..6)),
        1..4,
    );
    let ops = proptest::collection::vec(
        (
            "[a-z]{1,6}(_[a-z]{1,4})?".prop_filter("a name the client uses itself", |n| {
                !specgen::validate::RESERVED_OPERATIONS.contains(&n.as_str())
            }),
            0usize..5,
            proptest::collection::vec(name(), 0..3),
            proptest::collection::vec((name(), 0usize..16), 0..3),
            any::<bool>(),
        ),
        1..4,
    );
    (enums, objects, ops).prop_map(|(enums, objects, ops)| RandomSpec { enums, objects, ops })
}

/// The spec as YAML. Type indices pick primitives, enums, earlier objects (or
/// the object itself, for recursion) and arrays of them.
fn yaml(spec: &RandomSpec) -> String {
    let mut type_names: Vec<String> = Vec::new();
    let enums: Vec<(String, Vec<String>)> =
        spec.enums.iter().map(|(n, values)| (format!("E{}", n.replace(' ', "_")), distinct(values.clone()))).collect();
    let objects: Vec<String> = spec.objects.iter().map(|(n, _)| format!("T{}", n.replace(' ', "_"))).collect();
    let mut out = String::from("doc: Random operations.\ntypes:\n");
    let all_names = distinct(enums.iter().map(|(n, _)| n.clone()).chain(objects.iter().cloned()).collect());
    let mut used = BTreeSet::new();
    for (n, values) in &enums {
        if !all_names.contains(n) || values.is_empty() || !used.insert(n.clone()) {
            continue;
        }
        out.push_str(&format!("  {n:?}:\n    doc: An enum.\n    enum:\n"));
        for v in values {
            out.push_str(&format!("      {v:?}: A value.\n"));
        }
        type_names.push(n.clone());
    }
    // A type and what it holds (`items:` of an array, `values:` of a map).
    let pick = |i: usize, own: &str, names: &[String]| -> (String, Option<(&str, String)>) {
        let primitives = ["string", "integer", "number", "boolean", "any"];
        match i {
            0..=4 => (primitives[i].to_owned(), None),
            5..=9 if !names.is_empty() => (names[i % names.len()].clone(), None),
            10..=12 => ("array".to_owned(), Some(("items", primitives[i % 5].to_owned()))),
            13 if !names.is_empty() => ("array".to_owned(), Some(("items", names[i % names.len()].clone()))),
            14 => (own.to_owned(), None),
            15 => ("map".to_owned(), Some(("values", names.first().map_or("integer", |n| n.as_str()).to_owned()))),
            _ => ("string".to_owned(), None),
        }
    };
    for ((n, fields), name) in spec.objects.iter().zip(&objects) {
        let _ = n;
        if !all_names.contains(name) || !used.insert(name.clone()) {
            continue;
        }
        out.push_str(&format!("  {name:?}:\n    doc: An object.\n    fields:\n"));
        let field_names = distinct(fields.iter().map(|f| f.0.clone()).collect());
        let mut written = BTreeSet::new();
        for (field, ty, required, nullable) in
            fields.iter().filter(|f| field_names.contains(&f.0) && written.insert(f.0.clone()))
        {
            let (t, items) = pick(*ty, name, &type_names);
            // A required field of its own type would be infinite; keep it optional.
            let required = *required && t != *name;
            out.push_str(&format!(
                "      {field:?}: {{ type: {t:?}, doc: A field., required: {required}, nullable: {nullable}"
            ));
            if let Some((key, inner)) = items {
                out.push_str(&format!(", {key}: {inner:?}"));
            }
            out.push_str(" }\n");
        }
        if field_names.is_empty() {
            out.push_str("      id: { type: string, doc: An id. }\n");
        }
        type_names.push(name.clone());
    }
    out.push_str("operations:\n");
    let methods = ["GET", "POST", "PUT", "PATCH", "DELETE"];
    let op_names = distinct(spec.ops.iter().map(|o| o.0.clone()).collect());
    let mut used_ops = BTreeSet::new();
    for (i, (op, method, path_params, query, json)) in spec.ops.iter().enumerate() {
        if !op_names.contains(op) || !used_ops.insert(op.clone()) {
            continue;
        }
        // A JSON object body's fields become builder setters too: such
        // operations get no parameters, so names cannot clash.
        let body_type =
            type_names.iter().rev().find(|t| t.starts_with('T')).filter(|_| *json && methods[method % 5] != "GET");
        let (path_params, query) = if body_type.is_some() { (&Vec::new(), &Vec::new()) } else { (path_params, query) };
        let path_params = distinct(path_params.iter().map(|p| p.replace([' ', '.', '{', '}', '/'], "_")).collect());
        let query_names = distinct(query.iter().map(|q| q.0.clone()).collect());
        let mut all = distinct(path_params.iter().chain(&query_names).cloned().collect());
        all.retain(|n| !["client", "send", "body"].contains(&n.as_str()));
        let path: String = std::iter::once(format!("/r{i}"))
            .chain(path_params.iter().filter(|p| all.contains(p)).map(|p| format!("/{{{p}}}")))
            .collect();
        out.push_str(&format!(
            "  {op}:\n    summary: Operation {i}.\n    method: {}\n    path: {path:?}\n",
            methods[method % 5]
        ));
        let declared: Vec<&String> = path_params.iter().filter(|p| all.contains(p)).collect();
        if !declared.is_empty() {
            out.push_str("    path_params:\n");
            for p in declared {
                out.push_str(&format!("      {p:?}: {{ type: string, doc: A parameter. }}\n"));
            }
        }
        let mut seen_queries = BTreeSet::new();
        let queries: Vec<&(String, usize)> = query
            .iter()
            .filter(|q| all.contains(&q.0) && !path_params.contains(&q.0) && seen_queries.insert(q.0.clone()))
            .collect();
        if !queries.is_empty() {
            out.push_str("    query:\n");
            for (q, ty) in queries {
                let t = ["string", "integer", "boolean", "number"][ty % 4];
                out.push_str(&format!("      {q:?}: {{ type: {t}, doc: A query parameter. }}\n"));
            }
        }
        if let Some(t) = body_type {
            out.push_str(&format!("    body:\n      json: {t:?}\n"));
        }
        match type_names.first() {
            Some(t) if i % 2 == 0 => out.push_str(&format!("    responses:\n      200: {{ doc: OK., body: {t:?} }}\n")),
            _ => out.push_str("    responses:\n      204: { doc: Done. }\n"),
        }
        out.push_str("    errors:\n      404:\n        2000: Not found.\n");
    }
    out
}

fn files(group: &str) -> SpecFiles {
    SpecFiles {
        root: "spec".to_owned(),
        apis: vec![(
            "demo".to_owned(),
            vec![
                ("api.yaml".to_owned(), Ok(API.as_bytes().to_vec())),
                ("ops.yaml".to_owned(), Ok(group.as_bytes().to_vec())),
            ],
        )],
    }
}

proptest! {
    #![proptest_config(Config { cases: 128, ..Config::default() })]

    #[test]
    fn random_specs_generate_parsable_rust(spec in spec()) {
        let group = yaml(&spec);
        match specgen::Generator::new("spec").emit_files(files(&group)) {
            Ok(output) => {
                for file in output.iter().filter(|f| f.path.ends_with(".rs")) {
                    prop_assert!(syn::parse_file(&file.contents).is_ok(), "{} does not parse", file.path);
                }
            }
            Err(specgen::Error::Spec(d)) => prop_assert!(false, "a generated spec was refused:\n{group}\n{d}"),
            Err(e) => prop_assert!(false, "generator bug: {e}\n{group}"),
        }
    }
}

/// The OpenAPI export of `files`, imported as the API `demo`.
fn export_and_import(files: SpecFiles, dir: &Path) -> Result<specgen::import::Imported, String> {
    let output = specgen::Generator::new("spec").emit_files(files).map_err(|e| e.to_string())?;
    let openapi = output.iter().find(|f| f.path == "openapi/demo.yaml").ok_or("no openapi/demo.yaml")?;
    let path = dir.join("demo.yaml");
    std::fs::write(&path, &openapi.contents).map_err(|e| e.to_string())?;
    specgen::import::Importer::new("demo").document(&path).import().map_err(|e| e.to_string())
}

proptest! {
    #![proptest_config(Config { cases: 48, ..Config::default() })]

    /// A random spec's export imports to a spec whose own export imports to
    /// the same files, byte for byte: the import loses nothing an export
    /// says, whatever the names, enums, nesting and nulls.
    #[test]
    fn exported_random_specs_import_to_a_fixed_point(spec in spec()) {
        let group = yaml(&spec);
        let dir = tempfile::tempdir().unwrap();
        let first = export_and_import(files(&group), dir.path());
        let first = first.map_err(|e| TestCaseError::fail(format!("{e}\n{group}")))?;
        let again = SpecFiles {
            root: "spec".to_owned(),
            apis: vec![(
                "demo".to_owned(),
                first.files.iter().map(|f| (f.path.clone(), Ok(f.contents.clone().into_bytes()))).collect(),
            )],
        };
        let second = export_and_import(again, dir.path());
        let second = second.map_err(|e| TestCaseError::fail(format!("{e}\n{group}")))?;
        prop_assert_eq!(first.files.len(), second.files.len());
        for (a, b) in first.files.iter().zip(&second.files) {
            prop_assert_eq!(&a.contents, &b.contents, "{} differs; the spec:\n{}", a.path, group);
        }
    }
}

/// Three random specs per run, compiled with warnings denied.
#[test]
fn sampled_random_specs_type_check() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let scratch = tempfile::tempdir().unwrap();
    let mut runner = TestRunner::new(Config::default());
    let mut members = Vec::new();
    for i in 0..3 {
        let spec = spec().new_tree(&mut runner).unwrap().current();
        let group = yaml(&spec);
        let krate = scratch.path().join(format!("sample{i}"));
        let name = format!("specgen_sample{i}");
        let output = specgen::Generator::new("spec").crate_name(&name).emit_files(files(&group)).unwrap();
        specgen::output::write_all(&krate.join("generated"), &output).unwrap();
        std::fs::write(krate.join("spec.yaml"), &group).unwrap();
        std::fs::write(
            krate.join("Cargo.toml"),
            format!(
                "[package]\nname = \"{}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n[lib]\npath = \"generated/lib.rs\"\n\
                 [features]\ndefault = [\"demo\"]\ndemo = []\n[dependencies]\nspecgen-runtime = {{ path = {:?} }}\nserde = {{ version = \"1\", features = [\"derive\"] }}\n",
                name.replace('_', "-"),
                root.join("runtime").display().to_string()
            ),
        )
        .unwrap();
        members.push(format!("\"sample{i}\""));
    }
    std::fs::write(
        scratch.path().join("Cargo.toml"),
        format!("[workspace]\nmembers = [{}]\nresolver = \"2\"\n", members.join(", ")),
    )
    .unwrap();
    std::fs::copy(root.join("Cargo.lock"), scratch.path().join("Cargo.lock")).unwrap();
    let out = scratch::cargo(scratch.path()).args(["check", "--workspace", "--quiet"]).output().unwrap();
    let specs: String = (0..3)
        .map(|i| std::fs::read_to_string(scratch.path().join(format!("sample{i}/spec.yaml"))).unwrap())
        .collect::<Vec<_>>()
        .join("\n---\n");
    assert!(out.status.success(), "{}\nspecs:\n{specs}", String::from_utf8_lossy(&out.stderr));
}
