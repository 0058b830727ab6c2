//! The generated Markdown: a page per operation with every section it has,
//! every documented error code in its table, tables that GitHub renders, and
//! no raw HTML from vendor text.

mod common;

use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read_in(docs: &Path, rel: &str) -> String {
    std::fs::read_to_string(docs.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Pipes that separate cells (not escaped, not inside inline code).
fn cells(row: &str) -> usize {
    let mut count = 0;
    let mut in_code = false;
    let mut prev = ' ';
    for c in row.chars() {
        match c {
            '`' => in_code = !in_code,
            '|' if !in_code && prev != '\\' => count += 1,
            _ => {}
        }
        prev = c;
    }
    count
}

fn check_markdown(name: &str, text: &str) {
    let mut lines = text.lines().peekable();
    let mut in_fence = false;
    let mut header_cells = None;
    while let Some(line) = lines.next() {
        if line.starts_with("```") {
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            continue;
        }
        if !line.starts_with("<!-- @generated") {
            assert!(!line.contains('<') || line.contains("<access token>"), "{name}: raw HTML in `{line}`");
        }
        if line.starts_with('|') {
            let n = cells(line);
            match header_cells {
                None => {
                    let separator = lines.peek().copied().unwrap_or_default();
                    assert!(separator.starts_with("|---"), "{name}: table without separator after `{line}`");
                    assert_eq!(cells(separator), n, "{name}: separator of `{line}`");
                    header_cells = Some(n);
                }
                Some(expected) => assert_eq!(n, expected, "{name}: row `{line}`"),
            }
        } else {
            header_cells = None;
        }
    }
    assert!(!in_fence, "{name}: unclosed code fence");
}

#[test]
fn every_operation_has_a_complete_page() {
    check_pages(&root().join("spec"), &root().join("generated/docs"));
}

/// The same checks hold for an API grown by a new group: nothing in them is
/// written for the seed operations.
#[test]
fn a_new_group_gets_complete_pages_too() {
    let (dir, spec) = common::spec_copy();
    common::add_new_group(&spec);
    let out = dir.path().join("generated");
    specgen::Generator::new(&spec).generate(&out).unwrap();
    check_pages(&spec, &out.join("docs"));
}

fn check_pages(spec: &Path, docs: &Path) {
    let read = |rel: &str| read_in(docs, rel);
    let model = specgen::Generator::new(spec).check().unwrap();
    let mut pages = 0;
    check_markdown("docs/README.md", &read("README.md"));
    for api in &model.apis {
        let index = read(&format!("{}/README.md", api.module));
        check_markdown("index", &index);
        let types = read(&format!("{}/types/README.md", api.module));
        check_markdown("types", &types);
        let anchors = heading_anchors(&types);
        for t in &api.types {
            let heading = format!("\n## `{}`\n", t.name);
            assert_eq!(types.matches(&heading).count(), 1, "{}: `{}` is described once", api.module, t.name);
        }
        for link in links_into(&types, "(#") {
            assert!(anchors.contains(&link), "types page: no heading for #{link}");
        }
        for op in api.groups.iter().flat_map(|g| &g.operations) {
            let page = read(&format!("{}/{}.md", api.module, op.id));
            check_markdown(&op.id, &page);
            for link in links_into(&page, "(types/README.md#") {
                assert!(anchors.contains(&link), "{}: no type at types/README.md#{link}", op.id);
            }
            assert!(index.contains(&format!("[`{}`]({}.md)", op.id, op.id)), "{} links {}", api.module, op.id);
            // The sections, in order; those an operation does not have are left out.
            let mut expected =
                vec![format!("# {}", op.summary.trim()), "## Request".into(), "## Authentication".into()];
            if op.rate_limit.is_some() {
                expected.push("## Rate limit".into());
            }
            if !(op.path_params.is_empty() && op.query.is_empty() && op.headers.is_empty()) {
                expected.push("## Parameters".into());
            }
            if !matches!(op.body, specgen::model::Body::None) {
                expected.push("## Request body".into());
            }
            expected.push("## Responses".into());
            if !op.errors.is_empty() {
                expected.push("## Errors".into());
            }
            expected.extend(["### curl".into(), "### Rust".into()]);
            let mut at = 0;
            for heading in &expected {
                let found =
                    page[at..].find(&format!("\n{heading}\n")).or_else(|| page[at..].find(&format!("{heading}\n")));
                let Some(offset) = found else { panic!("{}: `{heading}` missing or out of order", op.id) };
                at += offset + heading.len();
            }
            for e in &op.errors {
                for c in &e.codes {
                    assert!(
                        page.contains(&format!("| {} | `{}` |", e.status, c.code)),
                        "{}: code {} missing",
                        op.id,
                        c.code
                    );
                }
            }
            for scope in op.scopes.iter().chain(&op.granular_scopes) {
                assert!(page.contains(&format!("`{scope}`")), "{}: scope {scope} missing", op.id);
            }
            pages += 1;
        }
    }
    assert_eq!(pages, model.operation_count(), "one page per operation of the spec");
}

/// The anchors GitHub gives a page's headings: lower case, letters, digits,
/// `-` and `_` kept, spaces as `-`, a repeated one numbered.
fn heading_anchors(page: &str) -> std::collections::HashSet<String> {
    let mut anchors = std::collections::HashSet::new();
    for heading in page.lines().filter(|l| l.starts_with('#')) {
        let text = heading.trim_start_matches('#').trim();
        let base: String = text
            .to_lowercase()
            .chars()
            .filter_map(|c| if c == ' ' { Some('-') } else { (c.is_alphanumeric() || "-_".contains(c)).then_some(c) })
            .collect();
        let mut anchor = base.clone();
        let mut n = 0;
        while !anchors.insert(anchor.clone()) {
            n += 1;
            anchor = format!("{base}-{n}");
        }
    }
    anchors
}

/// The anchors of the links in `page` that start with `prefix` (`(#`).
fn links_into(page: &str, prefix: &str) -> Vec<String> {
    page.split(prefix).skip(1).map(|rest| rest.split(')').next().unwrap_or_default().to_owned()).collect()
}

#[test]
fn the_checker_catches_broken_tables_and_html() {
    let broken = "| a | b |\n|---|---|\n| 1 | 2 | 3 |\n";
    assert!(std::panic::catch_unwind(|| check_markdown("t", broken)).is_err());
    let html = "Some<br>text\n";
    assert!(std::panic::catch_unwind(|| check_markdown("t", html)).is_err());
    check_markdown("t", "| a | `x|y` | b \\| c |\n|---|---|---|\n| 1 | 2 | 3 |\n");
}
