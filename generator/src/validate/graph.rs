//! Passes over an API's whole type graph, run once every type is lowered:
//! aliases that define themselves, fields that need a box because their type
//! leads back to the type that holds them, and the groups that use each type.

use std::collections::HashSet;
use std::sync::Arc;

use crate::model::*;

/// The aliases that lead back to themselves through aliases alone (`type A
/// = Vec<A>` has no Rust meaning).
pub(super) fn alias_cycles(types: &[NamedType]) -> Vec<&str> {
    let aliased = |id: TypeId| match &types[id.0].kind {
        TypeKind::Alias(ty) => ty.named(),
        _ => None,
    };
    let mut cycles = Vec::new();
    for (start, t) in types.iter().enumerate() {
        let mut seen = HashSet::new();
        let mut next = aliased(TypeId(start));
        while let Some(at) = next {
            if at.0 == start {
                cycles.push(t.name.as_str());
                break;
            }
            if !seen.insert(at) {
                break;
            }
            next = aliased(at);
        }
    }
    cycles.sort_unstable();
    cycles
}

/// Records in each type the groups whose operations use it, directly or
/// through other types: a walk of the type graph from each group's own
/// references, each type visited once per group. A type no operation uses
/// is compiled always, and so is every type it leads to (none is left for
/// its users' groups alone).
pub(super) fn mark_use(types: &mut [NamedType], groups: &[Group]) {
    let mut used_by: Vec<Vec<usize>> = vec![Vec::new(); types.len()];
    let mut stack = Vec::new();
    for (g, group) in groups.iter().enumerate() {
        stack.extend(group.operations.iter().flat_map(Operation::named_types));
        while let Some(TypeId(t)) = stack.pop() {
            // Groups are walked in order: a type seen by this group ends in `g`.
            if used_by[t].last() == Some(&g) {
                continue;
            }
            used_by[t].push(g);
            stack.extend(types[t].refers_to());
        }
    }
    let mut always: Vec<usize> = (0..types.len()).filter(|&t| used_by[t].is_empty()).collect();
    while let Some(t) = always.pop() {
        for TypeId(next) in types[t].refers_to() {
            if !used_by[next].is_empty() {
                used_by[next].clear();
                always.push(next);
            }
        }
    }
    for (t, used_by) in types.iter_mut().zip(used_by) {
        t.used_by = used_by;
    }
}

/// Marks the types that requests send whose values have limits to check
/// before sending, at some depth: closed enums and objects with a field of
/// its own limits, and every type that leads to one of those (a walk of the
/// reversed graph); of those, the types an operation's request leads to.
pub(super) fn mark_checked(types: &mut [NamedType], groups: &[Group]) {
    let mut referrers: Vec<Vec<usize>> = vec![Vec::new(); types.len()];
    for (id, t) in types.iter().enumerate() {
        for TypeId(to) in t.refers_to() {
            referrers[to].push(id);
        }
    }
    let mut limited: Vec<bool> = types
        .iter()
        .map(|t| match &t.kind {
            TypeKind::Enum { open, .. } => !open,
            TypeKind::Object(fields) => t.requires.is_some() || fields.iter().any(Field::has_checked_limits),
            TypeKind::OneOf(..) | TypeKind::Alias(_) => false,
        })
        .collect();
    let mut stack: Vec<usize> = (0..types.len()).filter(|&t| limited[t]).collect();
    while let Some(id) = stack.pop() {
        for &from in &referrers[id] {
            if !limited[from] {
                limited[from] = true;
                stack.push(from);
            }
        }
    }
    let mut sent = vec![false; types.len()];
    let mut stack: Vec<usize> =
        groups.iter().flat_map(|g| &g.operations).flat_map(|op| op.sent_types()).map(|TypeId(t)| t).collect();
    while let Some(t) = stack.pop() {
        if !sent[t] {
            sent[t] = true;
            stack.extend(types[t].refers_to().map(|TypeId(to)| to));
        }
    }
    for (t, (limited, sent)) in types.iter_mut().zip(limited.into_iter().zip(sent)) {
        t.checked = limited && sent;
    }
}

/// Boxes every field (and union member) whose type leads back to the type
/// that holds it, so recursive types have a finite size.
pub(super) fn mark_recursion(types: &mut [NamedType]) {
    let edges: Vec<Vec<TypeId>> = types.iter().map(|t| t.refers_to().collect()).collect();
    // A reference from A to B needs a box when B leads back to A, that is when
    // both are in one strongly connected component: computed once for all.
    let component = components(&edges);
    let reaches = |from: &TypeId, target: &TypeId| component[from.0] == component[target.0];
    for (id, t) in types.iter_mut().enumerate() {
        let this = TypeId(id);
        match &mut t.kind {
            TypeKind::Object(fields) => {
                // Each type's fields are still its own here; a copy only if not.
                if Arc::get_mut(fields).is_none() {
                    *fields = fields.to_vec().into();
                }
                for f in Arc::get_mut(fields).into_iter().flatten() {
                    // A Vec is already indirect; only direct references need a box.
                    if let Ty::Named(n) = &f.ty {
                        f.boxed = reaches(n, &this);
                    }
                }
            }
            TypeKind::OneOf(members, _) => {
                let direct = |m: &Ty| matches!(m, Ty::Named(n) if reaches(n, &this));
                t.boxed_members = members.iter().map(direct).collect();
            }
            TypeKind::Enum { .. } | TypeKind::Alias(_) => {}
        }
    }
}

/// The strongly connected component of every node, by node (Kosaraju's
/// algorithm, iterative so that deep type graphs cannot overflow the stack).
fn components(edges: &[Vec<TypeId>]) -> Vec<usize> {
    // First pass: nodes in the order their depth-first search finishes.
    let mut order = Vec::with_capacity(edges.len());
    let mut visited = vec![false; edges.len()];
    for start in 0..edges.len() {
        if std::mem::replace(&mut visited[start], true) {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
        while let Some((node, next)) = stack.pop() {
            match edges[node].get(next) {
                Some(&TypeId(target)) => {
                    stack.push((node, next + 1));
                    if !std::mem::replace(&mut visited[target], true) {
                        stack.push((target, 0));
                    }
                }
                None => order.push(node),
            }
        }
    }
    // Second pass, on the reversed graph in reverse finishing order.
    let mut reversed: Vec<Vec<usize>> = vec![Vec::new(); edges.len()];
    for (from, targets) in edges.iter().enumerate() {
        for &TypeId(to) in targets {
            reversed[to].push(from);
        }
    }
    let mut component = vec![usize::MAX; edges.len()];
    for (id, &root) in order.iter().rev().enumerate() {
        if component[root] != usize::MAX {
            continue;
        }
        component[root] = id;
        let mut stack = vec![root];
        while let Some(node) = stack.pop() {
            for &from in &reversed[node] {
                if component[from] == usize::MAX {
                    component[from] = id;
                    stack.push(from);
                }
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(n: usize) -> TypeId {
        TypeId(n)
    }

    #[test]
    fn components_join_exactly_the_types_that_reach_each_other() {
        // 0 → 1 → 2 → 0 is a cycle; 3 → 0 enters it; 4 refers to itself; 5 stands alone.
        let edges = vec![vec![id(1)], vec![id(2)], vec![id(0), id(5)], vec![id(0)], vec![id(4)], vec![]];
        let c = components(&edges);
        assert_eq!((c[0], c[1]), (c[2], c[2]));
        assert_ne!(c[3], c[0], "reaches the cycle, but is not reached back");
        assert_ne!(c[5], c[0], "reached from the cycle only");
        let distinct: HashSet<usize> = c.iter().copied().collect();
        assert_eq!(distinct.len(), 4);
    }

    #[test]
    fn fields_whose_type_leads_back_are_boxed_and_no_others() {
        let types = "types:\n  A: { doc: A., fields: { b: { type: B, doc: B. }, s: { type: string, doc: S. } } }\n\
            \x20 B: { doc: B., fields: { a: { type: A, doc: A. } } }\n\
            \x20 C: { doc: C., fields: { a: { type: A, doc: A. } } }\n\
            \x20 Tree: { doc: T., fields: { children: { type: array, items: Tree, doc: C. }, parent: { type: Tree, doc: P. } } }\n";
        let group = format!(
            "doc: G.\n{types}operations:\n{}",
            op("get", "").replace("200: { doc: OK. }", "200: { doc: OK., body: C }")
        );
        let files =
            vec![("api.yaml".to_owned(), Ok(API.as_bytes().to_vec())), ("g.yaml".to_owned(), Ok(group.into_bytes()))];
        let spec = crate::load::SpecFiles { root: "spec".to_owned(), apis: vec![("demo".to_owned(), files)] };
        let model = crate::check_files(spec).unwrap();
        let api = &model.apis[0];
        let boxed = |name: &str| -> Vec<(String, bool)> {
            let TypeKind::Object(fields) = &api.find_type(name).unwrap().kind else { panic!("{name} is an object") };
            fields.iter().map(|f| (f.wire.clone(), f.boxed)).collect()
        };
        let owned = |pairs: &[(&str, bool)]| pairs.iter().map(|(n, b)| ((*n).to_owned(), *b)).collect::<Vec<_>>();
        assert_eq!(boxed("A"), owned(&[("b", true), ("s", false)]));
        assert_eq!(boxed("B"), owned(&[("a", true)]));
        assert_eq!(boxed("C"), owned(&[("a", false)]), "C is not reached back from A");
        assert_eq!(boxed("Tree"), owned(&[("children", false), ("parent", true)]), "a Vec is already indirect");
    }

    const API: &str = "api: demo\ntitle: Demo\ndoc: D.\nfeature: demo\nservers:\n  default: https://api.example.com\n\
        auth:\n  prefix: Bearer\nerror_body:\n  code_type: integer\n\
        types:\n  Shared: { doc: S., fields: { id: { type: string, doc: I. } } }\n  Unused: { doc: U., type: string }\n";

    fn op(name: &str, extra: &str) -> String {
        format!("  {name}:\n    summary: S\n    method: GET\n    path: /{name}\n{extra}    responses:\n      200: {{ doc: OK. }}\n")
    }

    #[test]
    fn each_type_knows_the_groups_that_use_it_through_any_path() {
        let files = |name: &str, text: String| (name.to_owned(), Ok(text.into_bytes()));
        let a_types = "types:\n  Page: { doc: P., fields: { items: { type: array, items: Item, doc: I. } } }\n\
            \x20 Item: { doc: I., fields: { kind: { type: Kind, doc: K. }, shared: { type: Shared, doc: S. } } }\n\
            \x20 Kind: { doc: K., enum: { x: X. } }\n";
        let a = format!(
            "doc: A.\n{a_types}operations:\n{}",
            op("list", "    query:\n      kind: { type: Kind, doc: K. }\n")
                .replace("200: { doc: OK. }", "200: { doc: OK., body: Page }")
        );
        let b = format!("doc: B.\noperations:\n{}", op("put", "    body: { json: Shared }\n"));
        let c = format!("doc: C.\noperations:\n{}", op("ping", ""));
        let spec = crate::load::SpecFiles {
            root: "spec".to_owned(),
            apis: vec![(
                "demo".to_owned(),
                vec![files("a.yaml", a), files("api.yaml", API.to_owned()), files("b.yaml", b), files("c.yaml", c)],
            )],
        };
        let model = crate::check_files(spec).unwrap();
        let api = &model.apis[0];
        let used_by = |name: &str| api.find_type(name).unwrap().used_by.clone();
        assert_eq!(used_by("Page"), [0]);
        assert_eq!(used_by("Item"), [0], "through Page's array");
        assert_eq!(used_by("Kind"), [0], "through Item and a query parameter, once");
        assert_eq!(used_by("Shared"), [0, 1], "through Item, and b's body");
        assert!(used_by("Unused").is_empty());
        let features: Vec<&str> = api.groups.iter().map(|g| g.feature.as_str()).collect();
        assert_eq!(features, ["demo-a", "demo-b", "demo-c"]);
        assert_eq!(api.features_for(&used_by("Shared")), Some(vec!["demo", "demo-a", "demo-b"]));
        assert_eq!(api.features_for(&used_by("Unused")), None, "compiled with the API");
        assert_eq!(api.features_for(&[0, 1, 2]), None, "every group: compiled with the API");
    }
}
