//! The crate manifest's part of the output: every cargo feature the
//! generated code tests (each API's and each group's) declared in the
//! `[features]` of the `Cargo.toml` the code is compiled in, so that a new
//! group can be chosen alone without editing the manifest by hand. Only
//! missing features are added (`name = []`); the rest of the manifest, its
//! comments and its layout stay as written, and no feature is ever removed.

use std::path::Path;

use toml_edit::{Array, DocumentMut, Item, Table};

use crate::model::Model;

/// Every feature the generated code tests, in model order: each API's, then
/// its groups'.
pub fn features(model: &Model) -> Vec<&str> {
    model.apis.iter().flat_map(|api| api.features()).collect()
}

/// `manifest` with each of `features` it does not declare added at the end
/// of its `[features]` table (made when there is none), and the features
/// added; `None` when it declares them all.
pub fn declare_features(manifest: &str, features: &[&str]) -> Result<Option<(String, Vec<String>)>, String> {
    let mut doc: DocumentMut = manifest.parse().map_err(|e: toml_edit::TomlError| e.to_string())?;
    let table = doc.entry("features").or_insert_with(|| Item::Table(Table::new()));
    let Some(table) = table.as_table_like_mut() else {
        return Err("`features` is not a table".to_owned());
    };
    let mut added = Vec::new();
    for &feature in features {
        if !table.contains_key(feature) {
            table.insert(feature, Item::Value(Array::new().into()));
            added.push(feature.to_owned());
        }
    }
    Ok((!added.is_empty()).then(|| (doc.to_string(), added)))
}

/// Declares the model's features in the manifest at `path`, rewriting it
/// only when one was missing; the features added.
pub fn declare_in(path: &Path, model: &Model) -> Result<Vec<String>, crate::Error> {
    let fail = |message: String| {
        crate::Error::Io(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("cannot declare the cargo features in {}: {message}", path.display()),
        ))
    };
    let text = std::fs::read_to_string(path).map_err(|e| fail(e.to_string()))?;
    match declare_features(&text, &features(model)).map_err(fail)? {
        Some((updated, added)) => {
            std::fs::write(path, updated).map_err(|e| fail(e.to_string()))?;
            Ok(added)
        }
        None => Ok(Vec::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MANIFEST: &str = "[package]\nname = \"demo\" # the crate\n\n\
        [features]\n# on by default\ndefault = [\"zoom\"]\nzoom = []\nmock = [\"specgen-runtime/mock\"]\n\n\
        [dependencies]\nserde = \"1\"\n";

    #[test]
    fn missing_features_are_added_to_the_features_table_and_nothing_else_changes() {
        let (updated, added) =
            declare_features(MANIFEST, &["zoom", "zoom-clips", "zoom-phone-calls"]).unwrap().unwrap();
        assert_eq!(added, ["zoom-clips", "zoom-phone-calls"]);
        assert_eq!(
            updated,
            MANIFEST.replace(
                "mock = [\"specgen-runtime/mock\"]\n",
                "mock = [\"specgen-runtime/mock\"]\nzoom-clips = []\nzoom-phone-calls = []\n"
            )
        );
        assert_eq!(declare_features(&updated, &["zoom", "zoom-clips", "zoom-phone-calls"]).unwrap(), None);
    }

    #[test]
    fn a_manifest_without_features_gets_the_table() {
        let (updated, _) = declare_features("[package]\nname = \"demo\"\n", &["demo", "demo-items"]).unwrap().unwrap();
        assert_eq!(updated, "[package]\nname = \"demo\"\n\n[features]\ndemo = []\ndemo-items = []\n");
    }

    #[test]
    fn a_manifest_that_is_not_toml_or_whose_features_are_not_a_table_is_refused() {
        assert!(declare_features("[package", &["demo"]).is_err());
        let err = declare_features("features = 3\n", &["demo"]).unwrap_err();
        assert_eq!(err, "`features` is not a table");
    }

    #[test]
    fn a_feature_declared_with_dependencies_is_kept_as_written() {
        let manifest = "[features]\nzoom = [\"zoom-clips\"]\n\"zoom-clips\" = [\"dep:bytes\"]\n";
        assert_eq!(declare_features(manifest, &["zoom", "zoom-clips"]).unwrap(), None);
    }
}
