//! `generated/` is exactly what the generator makes from `spec/` today, and
//! regeneration touches only what a spec change affects.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::spec_copy;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn files_under(dir: &Path) -> BTreeMap<String, String> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(base, &path, out);
            } else if path.file_name().is_some_and(|n| n != specgen::output::STAMP) {
                let rel = path.strip_prefix(base).unwrap().to_string_lossy().replace('\\', "/");
                out.insert(rel, std::fs::read_to_string(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

#[test]
fn generated_matches_spec() {
    let emitted: BTreeMap<String, String> = specgen::Generator::new(root().join("spec"))
        .emit()
        .unwrap()
        .into_iter()
        .map(|f| (f.path, f.contents))
        .collect();
    let committed = files_under(&root().join("generated"));
    let emitted_paths: Vec<_> = emitted.keys().collect();
    let committed_paths: Vec<_> = committed.keys().collect();
    assert_eq!(emitted_paths, committed_paths, "generated/ has other files than the generator makes");
    for (path, contents) in &emitted {
        assert!(committed[path] == *contents, "generated/{path} is stale: run `cargo build` and commit it");
    }
}

#[test]
fn the_manifest_declares_every_api_and_group_feature() {
    let model = specgen::Generator::new(root().join("spec")).check().unwrap();
    let manifest = std::fs::read_to_string(root().join("Cargo.toml")).unwrap();
    let missing = specgen::manifest::declare_features(&manifest, &specgen::manifest::features(&model)).unwrap();
    assert_eq!(missing.map(|(_, added)| added), None, "Cargo.toml lacks features: run `cargo build` and commit it");
}

#[test]
fn a_build_declares_a_new_group_s_feature_in_the_manifest_once() {
    let (copy, spec) = spec_copy();
    common::add_new_group(&spec);
    let manifest = copy.path().join("Cargo.toml");
    let written = std::fs::read_to_string(root().join("Cargo.toml")).unwrap();
    std::fs::write(&manifest, &written).unwrap();
    // Output made without a manifest is not up to date for a run asked to declare features.
    let first = specgen::Generator::new(&spec).generate(copy.path().join("generated")).unwrap();
    assert!(first.declared.is_empty());
    let generator = specgen::Generator::new(&spec).manifest(&manifest);
    let report = generator.generate(copy.path().join("generated")).unwrap();
    assert!(!report.up_to_date);
    assert_eq!(report.declared, ["zoom-webinars"]);
    let updated = std::fs::read_to_string(&manifest).unwrap();
    assert_eq!(updated, written.replacen("\n\n[dependencies]", "\nzoom-webinars = []\n\n[dependencies]", 1));
    // A later run that emits again finds nothing to declare and leaves the file alone.
    std::fs::remove_file(copy.path().join("generated").join(specgen::output::STAMP)).unwrap();
    let again = generator.generate(copy.path().join("generated")).unwrap();
    assert!(!again.up_to_date && again.declared.is_empty());
    assert_eq!(std::fs::read_to_string(&manifest).unwrap(), updated);
}

#[test]
fn the_spec_has_every_seed_operation() {
    let model = specgen::Generator::new(root().join("spec")).check().unwrap();
    let names: Vec<_> = model.apis.iter().map(|a| a.module.as_str()).collect();
    assert_eq!(names, ["zoho_bigin", "zoho_crm", "zoom"]);
    let ids: Vec<String> = model
        .apis
        .iter()
        .flat_map(|a| {
            a.groups.iter().flat_map(move |g| g.operations.iter().map(move |o| format!("{}.{}", a.module, o.id)))
        })
        .collect();
    // The 18 operations of the seed pages; the spec may have more.
    for seed in [
        "zoom.list_clips",
        "zoom.list_clip_collaborators",
        "zoom.remove_clip_collaborator",
        "zoom.list_clip_comments",
        "zoom.delete_clip_comment",
        "zoom.download_clip",
        "zoom.get_clip",
        "zoom.delete_clip",
        "zoom.update_clip",
        "zoom.transfer_clips",
        "zoom.get_clip_transfer",
        "zoom.upload_clip_file",
        "zoom.upload_clip_part",
        "zoom.send_clip_upload_event",
        "zoom.upload_virtual_background",
        "zoom.change_room_app_version",
        "zoho_crm.upload_record_photo",
        "zoho_bigin.upload_record_photo",
    ] {
        assert!(ids.iter().any(|id| id == seed), "{seed} is missing");
    }
}

#[test]
fn regeneration_writes_only_what_changed() {
    let (dir, spec) = spec_copy();
    let out = dir.path().join("generated");
    let first = specgen::Generator::new(&spec).generate(&out).unwrap();
    assert_eq!(first.written.len(), files_under(&out).len());

    let mtime = |p: &str| std::fs::metadata(out.join(p)).unwrap().modified().unwrap();
    let before = mtime("zoom/clips.rs");
    let again = specgen::Generator::new(&spec).generate(&out).unwrap();
    assert!(again.written.is_empty(), "{:?}", again.written);
    assert_eq!(mtime("zoom/clips.rs"), before);

    // A changed operation rewrites what shows it: its group's module, its
    // page, the API's index and OpenAPI document; nothing else.
    let rooms = spec.join("zoom/rooms.yaml");
    let text = std::fs::read_to_string(&rooms).unwrap();
    std::fs::write(&rooms, text.replace("summary: Change Zoom Rooms app version", "summary: Change the app version"))
        .unwrap();
    let changed = specgen::Generator::new(&spec).generate(&out).unwrap();
    assert_eq!(
        changed.written,
        ["zoom/rooms.rs", "docs/zoom/README.md", "docs/zoom/change_room_app_version.md", "openapi/zoom.yaml"]
    );
    assert_eq!(mtime("zoom/clips.rs"), before);
}

#[test]
fn a_new_yaml_entry_is_a_new_method() {
    let (dir, spec) = spec_copy();
    let clips = spec.join("zoom/clips.yaml");
    let text = std::fs::read_to_string(&clips).unwrap();
    let entry = "
  star_clips:
    summary: Batch star clips
    method: POST
    path: /clips/starred
    body:
      json: ClipUpdate
    responses:
      204:
        doc: Starred.
";
    std::fs::write(&clips, format!("{text}{entry}")).unwrap();
    let out = dir.path().join("generated");
    let report = specgen::Generator::new(&spec).generate(&out).unwrap();
    assert!(report.written.contains(&"zoom/clips.rs".to_owned()));
    let code = std::fs::read_to_string(out.join("zoom/clips.rs")).unwrap();
    assert!(code.contains("pub fn star_clips(&self) -> StarClips"), "the new method is emitted");
    assert!(code.contains("\"/clips/starred\""));
    syn::parse_file(&code).unwrap();
}

#[test]
fn stale_generated_files_are_removed_and_others_kept() {
    let (dir, spec) = spec_copy();
    let out = dir.path().join("generated");
    specgen::Generator::new(&spec).generate(&out).unwrap();
    std::fs::write(out.join("notes.txt"), "hand-written").unwrap();
    // What the group file gives, read from the spec: its module and a page
    // per operation, however many entries it has.
    let model = specgen::Generator::new(&spec).check().unwrap();
    let zoom = model.apis.iter().find(|a| a.module == "zoom").unwrap();
    let rooms = zoom.groups.iter().find(|g| g.module == "rooms").unwrap();
    let mut expected: Vec<String> = rooms.operations.iter().map(|op| format!("docs/zoom/{}.md", op.name)).collect();
    expected.push("zoom/rooms.rs".to_owned());
    expected.sort();
    std::fs::remove_file(spec.join("zoom/rooms.yaml")).unwrap();
    let report = specgen::Generator::new(&spec).generate(&out).unwrap();
    let mut removed = report.removed.clone();
    removed.sort();
    assert_eq!(removed, expected);
    assert!(out.join("notes.txt").exists());
}

#[test]
fn an_unchanged_spec_is_not_regenerated_and_any_change_is() {
    let (dir, spec) = spec_copy();
    let out = dir.path().join("generated");
    let first = specgen::Generator::new(&spec).generate(&out).unwrap();
    assert!(!first.up_to_date);
    let count = files_under(&out).len();

    // The same inputs: nothing emitted, every file counted as unchanged.
    let again = specgen::Generator::new(&spec).generate(&out).unwrap();
    assert!(again.up_to_date && again.written.is_empty());
    assert_eq!(again.unchanged, count);

    // One byte of one spec file: a full run.
    let users = spec.join("zoom/users.yaml");
    let text = std::fs::read_to_string(&users).unwrap();
    std::fs::write(&users, format!("{text}\n")).unwrap();
    let changed = specgen::Generator::new(&spec).generate(&out).unwrap();
    assert!(!changed.up_to_date, "a changed spec file regenerates");

    // A deleted output file: a full run that restores it.
    std::fs::remove_file(out.join("zoom/rooms.rs")).unwrap();
    let restored = specgen::Generator::new(&spec).generate(&out).unwrap();
    assert_eq!(restored.written, ["zoom/rooms.rs"]);

    // A new spec file, or another crate name: full runs.
    std::fs::write(spec.join("zoom/extra.yaml"), "doc: Nothing yet.\noperations: {}\n").unwrap();
    assert!(!specgen::Generator::new(&spec).generate(&out).unwrap().up_to_date);
    assert!(!specgen::Generator::new(&spec).crate_name("other").generate(&out).unwrap().up_to_date);
    assert!(specgen::Generator::new(&spec).crate_name("other").generate(&out).unwrap().up_to_date);
}
