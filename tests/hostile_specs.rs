//! Specs that try to make generation explode: types that refer to the next
//! type in several fields (exponential if expanded at every use), chains
//! thousands of types deep (quadratic if each level repeats the ones above),
//! and random type graphs of every shape the format has. Whatever `check`
//! accepts, `generate` must produce, with output a small multiple of the
//! spec and memory in proportion.
//!
//! A counting allocator measures the heap of each generation; the tests take
//! turns so that each measures its own.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use specgen::load::SpecFiles;

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is passed to the system allocator unchanged; the
// counters only watch.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let moved = unsafe { System.realloc(ptr, layout, new_size) };
        if !moved.is_null() {
            if new_size >= layout.size() {
                let live = LIVE.fetch_add(new_size - layout.size(), Ordering::Relaxed) + new_size - layout.size();
                PEAK.fetch_max(live, Ordering::Relaxed);
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        moved
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// One test at a time: the counters see every thread's allocations, so a
/// test measures only while no other runs. Each test takes its turn first.
static TURN: Mutex<()> = Mutex::new(());

fn turn() -> std::sync::MutexGuard<'static, ()> {
    TURN.lock().unwrap_or_else(|e| e.into_inner())
}

const API: &str = "api: demo\ntitle: Demo\ndoc: Hostile.\nfeature: demo\nservers:\n  default: https://api.example.com/v1\nauth:\n  prefix: Bearer\nerror_body:\n  code_type: integer\n";

/// The demo API with `group` as its one group file.
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

/// What generating `group` gave: the spec's size, the output's, the largest
/// file's, and the heap it took at most beyond what was live before.
#[derive(Debug)]
struct Generated {
    input: usize,
    output: usize,
    largest: (usize, String),
    heap: usize,
}

/// `None` when `check` refuses the spec; a failed generation of a spec
/// `check` accepted panics with the spec's start.
fn generate(group: &str) -> Option<Generated> {
    let files = || files(group);
    specgen::check_files(files()).ok()?;
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let output = specgen::Generator::new("spec").emit_files(files());
    let heap = PEAK.load(Ordering::Relaxed).saturating_sub(before);
    let output = output.unwrap_or_else(|e| {
        panic!("check accepted the spec, generate failed: {e}\n{}", &group[..group.len().min(2000)])
    });
    let largest = output.iter().map(|f| (f.contents.len(), f.path.clone())).max().unwrap_or_default();
    Some(Generated {
        input: API.len() + group.len(),
        output: output.iter().map(|f| f.contents.len()).sum(),
        largest,
        heap,
    })
}

/// The bounds every accepted spec keeps: output within a small multiple of
/// the input (plus what any API gets: lib.rs, the mock, the indexes), no file
/// beyond a fraction of that, and a heap in proportion.
fn assert_bounded(shape: &str, g: &Generated) {
    let fixed = 256 * 1024;
    assert!(g.output <= 8 * g.input + fixed, "{shape}: {} bytes of output from {} of spec", g.output, g.input);
    assert!(g.largest.0 <= 3 * g.input + fixed, "{shape}: {} is {} bytes", g.largest.1, g.largest.0);
    assert!(g.heap <= 64 * g.input + 64 * 1024 * 1024, "{shape}: {} bytes of heap for {} of spec", g.heap, g.input);
}

/// One operation that sends and answers `T0`.
const OPERATION: &str = "operations:\n  put_t:\n    summary: Put\n    method: PUT\n    path: /t\n    body:\n      json: T0\n    responses:\n      200: { doc: Ok., body: T0 }\n";

/// `levels` object types, each with `fan` fields of the next (required or
/// not), the last with a string.
fn fan_out(levels: usize, fan: usize, required: bool) -> String {
    let mut s = String::from("doc: Fan-out.\ntypes:\n");
    for i in 0..levels {
        s.push_str(&format!("  T{i}:\n    doc: Level {i}.\n    fields:\n"));
        if i + 1 < levels {
            for f in 0..fan {
                s.push_str(&format!("      f{f}: {{ type: T{}, required: {required}, doc: Next. }}\n", i + 1));
            }
        } else {
            s.push_str("      v: { type: string, doc: Leaf. }\n");
        }
    }
    s + OPERATION
}

#[test]
fn types_that_double_at_every_level_generate_in_proportion() {
    let _turn = turn();
    for (levels, required) in [(20, false), (30, false), (30, true)] {
        let g = generate(&fan_out(levels, 2, required)).expect("check accepts it");
        assert_bounded(&format!("{levels} levels of 2 fields (required: {required})"), &g);
    }
    let g = generate(&fan_out(12, 6, true)).expect("check accepts it");
    assert_bounded("12 levels of 6 fields", &g);
}

#[test]
fn a_chain_thousands_of_types_deep_generates_in_proportion() {
    let _turn = turn();
    for required in [false, true] {
        let g = generate(&fan_out(5000, 1, required)).expect("check accepts it");
        assert_bounded(&format!("a chain of 5,000 (required: {required})"), &g);
    }
}

#[test]
fn chains_of_aliases_and_arrays_generate_in_proportion() {
    let _turn = turn();
    let mut s =
        String::from("doc: Aliases.\ntypes:\n  T0:\n    doc: Top.\n    fields:\n      a: { type: A0, doc: A. }\n");
    for i in 0..2000 {
        let ty = if i % 2 == 0 { format!("array\n    items: A{}", i + 1) } else { format!("A{}", i + 1) };
        s.push_str(&format!("  A{i}:\n    doc: Alias {i}.\n    type: {ty}\n"));
    }
    s.push_str("  A2000:\n    doc: The end.\n    fields:\n      v: { type: string, doc: Leaf. }\n");
    s.push_str(OPERATION);
    let g = generate(&s).expect("check accepts it");
    assert_bounded("2,000 aliases, every other an array", &g);
}

#[test]
fn unions_whose_members_fan_out_generate_in_proportion() {
    let _turn = turn();
    let mut s = String::from("doc: Unions.\ntypes:\n");
    for i in 0..25 {
        s.push_str(&format!(
            "  T{i}:\n    doc: Level {i}.\n    fields:\n      a: {{ type: U{i}, required: true, doc: A. }}\n      b: {{ type: U{i}, required: true, doc: B. }}\n"
        ));
        s.push_str(&format!("  U{i}:\n    doc: Union {i}.\n    one_of: [L{i}, T{}]\n", i + 1));
        s.push_str(&format!(
            "  L{i}:\n    doc: Leaf {i}.\n    fields:\n      k{i}: {{ type: string, required: true, doc: K. }}\n"
        ));
    }
    s.push_str("  T25:\n    doc: End.\n    fields:\n      v: { type: string, doc: Leaf. }\n");
    s.push_str(OPERATION);
    let g = generate(&s).expect("check accepts it");
    assert_bounded("25 levels of unions of two", &g);
}

/// A random graph of types: each type an object (fields naming other types,
/// arrays of them, scalars), a union of objects, or an alias.
#[derive(Debug, Clone)]
enum Shape {
    Object(Vec<(usize, bool, bool, bool)>),
    Union(Vec<usize>),
    Alias(usize, bool),
}

fn graph() -> impl Strategy<Value = Vec<Shape>> {
    let field = (0usize..64, any::<bool>(), any::<bool>(), any::<bool>());
    let shape = prop_oneof![
        6 => proptest::collection::vec(field, 0..5).prop_map(Shape::Object),
        1 => proptest::collection::vec(0usize..64, 2..4).prop_map(Shape::Union),
        1 => (0usize..64, any::<bool>()).prop_map(|(t, array)| Shape::Alias(t, array)),
    ];
    proptest::collection::vec(shape, 1..40)
}

/// The graph as a spec. Field references point anywhere (cycles,
/// self-references, required or not); a union's members are object types,
/// each with a required field of its own so that they can be told apart; an
/// alias names a later type (or a string), so that no alias is its own.
fn graph_yaml(types: &[Shape]) -> String {
    let n = types.len();
    let objects: Vec<usize> = (0..n).filter(|&i| matches!(types[i], Shape::Object(_))).collect();
    let mut s = String::from("doc: A random graph.\ntypes:\n");
    for (i, shape) in types.iter().enumerate() {
        s.push_str(&format!("  T{i}:\n    doc: Type {i}.\n"));
        match shape {
            Shape::Object(fields) => {
                s.push_str(&format!("    fields:\n      k{i}: {{ type: string, required: true, doc: Its own. }}\n"));
                for (j, (target, required, nullable, array)) in fields.iter().enumerate() {
                    let target = format!("T{}", target % n);
                    let ty = if *array { format!("array, items: {target}") } else { target };
                    s.push_str(&format!(
                        "      f{j}: {{ type: {ty}, required: {required}, nullable: {nullable}, doc: F. }}\n"
                    ));
                }
            }
            Shape::Union(members) if objects.len() >= 2 => {
                let mut names: Vec<String> =
                    members.iter().map(|m| format!("T{}", objects[m % objects.len()])).collect();
                names.dedup();
                if names.len() < 2 {
                    names = vec![format!("T{}", objects[0]), format!("T{}", objects[1])];
                }
                s.push_str(&format!("    one_of: [{}]\n", names.join(", ")));
            }
            Shape::Union(_) => s.push_str("    type: string\n"),
            Shape::Alias(target, array) => {
                let later = n - i - 1;
                let target = if later == 0 { "string".to_owned() } else { format!("T{}", i + 1 + target % later) };
                if *array {
                    s.push_str(&format!("    type: array\n    items: {target}\n"));
                } else {
                    s.push_str(&format!("    type: {target}\n"));
                }
            }
        }
    }
    s + OPERATION
}

/// `check` ok ⇒ `generate` ok, in bounds, for random type graphs.
#[test]
fn every_spec_check_accepts_generates_in_proportion() {
    let _turn = turn();
    let mut runner = TestRunner::new(Config { cases: 96, ..Config::default() });
    let result = runner.run(&graph(), |types| {
        let yaml = graph_yaml(&types);
        if let Some(g) = generate(&yaml) {
            ACCEPTED.fetch_add(1, Ordering::Relaxed);
            assert_bounded(&yaml, &g);
        }
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}

/// How many random graphs `check` accepted.
static ACCEPTED: AtomicUsize = AtomicUsize::new(0);

/// The property is not vacuous: most random graphs are specs `check` accepts.
#[test]
fn most_random_graphs_are_accepted_specs() {
    let _turn = turn();
    let mut runner = TestRunner::new(Config::default());
    let mut accepted = 0;
    for _ in 0..40 {
        let types = proptest::strategy::ValueTree::current(&graph().new_tree(&mut runner).unwrap());
        accepted += usize::from(generate(&graph_yaml(&types)).is_some());
    }
    assert!(accepted >= 20, "only {accepted} of 40 random graphs were accepted");
}

/// What `check` says of `group` (the API file being the usual one), and the
/// heap it took at most.
fn checked(group: &str) -> (Result<(), String>, usize) {
    let files = files(group);
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let result = specgen::check_files(files).map(drop).map_err(|d| d.to_string());
    (result, PEAK.load(Ordering::Relaxed).saturating_sub(before))
}

/// A type whose example is `value`.
fn with_example(value: &str) -> String {
    format!("doc: Examples.\ntypes:\n  T0:\n    doc: T.\n    fields:\n      v: {{ type: string, doc: V. }}\n    example:{value}\n{OPERATION}")
}

#[test]
fn yaml_nested_thousands_deep_is_called_so_without_a_stack_overflow() {
    let _turn = turn();
    let flow = with_example(&format!(" {}{}", "[".repeat(5000), "]".repeat(5000)));
    let block: String = (0..5000).map(|i| format!("\n{}a:", "  ".repeat(i + 3))).collect::<String>() + " 1";
    for (shape, group) in [("flow", flow), ("block", with_example(&block))] {
        let (result, heap) = checked(&group);
        let report = result.expect_err("refused");
        assert!(report.contains("error: nesting too deep: more than 64 levels of"), "{shape}: {report}");
        assert!(!report.contains("alias"), "{shape}: {report}");
        assert!(report.contains("--> spec/demo/ops.yaml:"), "{shape}: located: {report}");
        // The offending line is shown cut, not 10,000 brackets wide.
        assert!(report.lines().all(|l| l.len() < 400), "{shape}: {report}");
        assert!(heap < 64 * 1024 * 1024, "{shape}: {heap} bytes of heap");
    }
}

#[test]
fn an_alias_bomb_is_refused_within_50_mb() {
    let _turn = turn();
    let mut bomb = String::from("\n      x0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]");
    for i in 1..9 {
        bomb.push_str(&format!("\n      x{i}: &a{i} [{}]", vec![format!("*a{}", i - 1); 9].join(", ")));
    }
    let (result, heap) = checked(&with_example(&bomb));
    let report = result.expect_err("refused");
    assert!(report.contains("aliases expand to too much"), "{report}");
    assert!(heap < 50 * 1024 * 1024, "{heap} bytes of heap");
}
