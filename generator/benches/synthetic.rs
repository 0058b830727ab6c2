//! The synthetic specs of the benchmarks.

use std::fmt::Write as _;
use std::path::Path;

/// One synthetic operation, a realistic JSON one: path
/// and query parameters, a six-field body with an enum and a nested object, a
/// response type and three error statuses.
fn operation(i: usize, out: &mut String) {
    let _ = write!(
        out,
        "  update_thing_{i}:
    summary: Update thing {i}
    doc: Updates one thing of kind {i} and returns it, with every field the server knows.
    method: PATCH
    path: /kinds/{i}/things/{{thingId}}
    path_params:
      thingId: {{ type: string, doc: The thing's ID., example: t-1 }}
    query:
      page_size: {{ type: integer, min: 1, max: 300, doc: The page size. }}
      search: {{ type: string, doc: Matches names. }}
    body:
      json: ThingInput{i}
    responses:
      200: {{ doc: The updated thing., body: Thing{i} }}
    errors:
      400:
        300: Invalid field.
      404:
        1001: Thing not found.
      429: Too many requests.
    scopes: [things:write]
"
    );
}

fn types(i: usize, out: &mut String) {
    let _ = write!(
        out,
        "  State{i}:
    doc: The state of a thing.
    enum:
      ACTIVE: In use.
      PAUSED: Paused for now.
      ARCHIVED: Kept, read-only.
  Owner{i}:
    doc: Who owns a thing.
    fields:
      id: {{ type: string, required: true, doc: The owner's ID. }}
      email: {{ type: string, doc: The owner's email. }}
  ThingInput{i}:
    doc: The fields of a thing that can be changed.
    fields:
      name: {{ type: string, required: true, doc: The name. }}
      state: {{ type: State{i}, doc: The state. }}
      count: {{ type: integer, min: 0, doc: How many. }}
      enabled: {{ type: boolean, doc: Whether it is on. }}
      tags: {{ type: array, items: string, max_items: 10, doc: Labels. }}
      owner: {{ type: Owner{i}, doc: The owner. }}
  Thing{i}:
    doc: A thing.
    fields:
      id: {{ type: string, required: true, doc: The ID. }}
      name: {{ type: string, doc: The name. }}
      state: {{ type: State{i}, doc: The state. }}
"
    );
}

/// Writes a spec of `n` operations in groups of 100 under `dir`.
pub fn write_spec(dir: &Path, n: usize) {
    write_spec_in_files(dir, n, 100);
}

/// The same spec with `per_file` operations (and their types) in each group file.
pub fn write_spec_in_files(dir: &Path, n: usize, per_file: usize) {
    let api = dir.join("bench");
    std::fs::create_dir_all(&api).unwrap();
    std::fs::write(
        api.join("api.yaml"),
        "api: bench\ntitle: Bench\ndoc: A synthetic API.\nfeature: bench\nservers:\n  default: https://api.example.com/v1\n\
         auth:\n  prefix: Bearer\nerror_body:\n  code_type: integer\n",
    )
    .unwrap();
    for group in 0..n.div_ceil(per_file) {
        let (mut ops, mut tys) = (String::new(), String::new());
        for i in group * per_file..n.min((group + 1) * per_file) {
            operation(i, &mut ops);
            types(i, &mut tys);
        }
        let text = format!("doc: Group {group}.\ntypes:\n{tys}operations:\n{ops}");
        std::fs::write(api.join(format!("group_{group:03}.yaml")), text).unwrap();
    }
}
