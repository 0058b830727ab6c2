//! Checks every import must pass: each note a comment in its file (with
//! comments) or in none (without), and no loss the coverage counts without a
//! note that says so.

/// Every note stands as a comment in the file it names.
pub fn assert_every_note_is_a_comment(imported: &specgen::import::Imported) {
    for note in &imported.left_out {
        let file = imported.files.iter().find(|f| f.path == note.file).unwrap_or_else(|| panic!("{note}"));
        let first = note.what.lines().next().unwrap_or("");
        let comment = file.contents.lines().any(|l| {
            let l = l.trim_start();
            l.strip_prefix("# ").or_else(|| l.strip_prefix("# - ")).is_some_and(|c| c.contains(first))
        });
        assert!(comment, "`{note}` is no comment in {}:\n{}", note.file, file.contents);
    }
}

/// No note stands in the spec (an import without comments): the files say
/// only what the documents say.
pub fn assert_no_note_is_a_comment(imported: &specgen::import::Imported) {
    for note in &imported.left_out {
        let first = note.what.lines().next().unwrap_or("");
        for file in &imported.files {
            let comment = file.contents.lines().any(|l| l.trim_start().starts_with('#') && l.contains(first));
            assert!(!comment, "`{note}` is a comment in {}:\n{}", file.path, file.contents);
        }
    }
}

/// Every loss the coverage counts has a note that says so, kind by kind.
pub fn assert_no_silent_loss(imported: &specgen::import::Imported) {
    use specgen::import::Loss;
    let kinds =
        [Loss::PathItem, Loss::Operation, Loss::Parameter, Loss::RequestBody, Loss::FormField, Loss::ResponseBody];
    for kind in kinds {
        let noted = imported.left_out.iter().filter(|l| l.loss == Some(kind)).count();
        assert_eq!(imported.coverage.lost(kind), noted, "{kind:?}: counted lost, and noted as lost");
    }
}
