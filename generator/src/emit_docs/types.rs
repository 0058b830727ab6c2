//! How the docs describe types: each named type once, on its API's types page
//! (`docs/<api>/types/README.md`), and linked from everywhere it is used. An
//! operation page lists the fields of its bodies, nested objects as
//! `parent.child` rows, entering each named type once per page and within a
//! row budget, so that a page stays as small as its own part of the spec
//! however the types nest (two fields of the next type, 30 levels deep, would
//! otherwise list a billion rows).

use std::collections::HashSet;
use std::fmt::Write;

use super::{cell, header};
use crate::model::*;
use crate::output::OutputFile;

/// The most rows in one fields table of an operation page; the rest of the
/// type is on the types page.
const MAX_ROWS: usize = 100;

/// How deep nested objects are listed in an operation page's table; deeper
/// ones are links.
const MAX_NESTING: usize = 6;

/// The path of an API's types page under `docs/`.
pub(super) fn types_page_path(api: &Api) -> String {
    format!("docs/{}/types/README.md", api.module)
}

/// Where each named type of an API is described: its anchor on the types
/// page, and the page as the linking page reaches it.
pub(super) struct TypeLinks {
    anchors: Vec<String>,
    page: &'static str,
}

impl TypeLinks {
    /// Links from an operation page (`docs/<api>/<op>.md`).
    pub(super) fn from_operation_pages(api: &Api) -> Self {
        TypeLinks { anchors: anchors(api), page: "types/README.md" }
    }

    /// Links within the types page itself.
    fn within_types_page(api: &Api) -> Self {
        TypeLinks { anchors: anchors(api), page: "" }
    }

    /// `` [`Name`](types/README.md#name) ``.
    pub(super) fn link(&self, api: &Api, id: TypeId) -> String {
        let anchor = self.anchors.get(id.0).map_or("", String::as_str);
        format!("[`{}`]({}#{anchor})", api.named_type(id).name, self.page)
    }
}

/// The page title of an API's types page.
fn types_title(api: &Api) -> String {
    format!("{}: types", api.title.trim())
}

/// The anchors GitHub gives the headings of the types page: the title's
/// first, then one `` ## `Name` `` per type, a repeated slug numbered.
fn anchors(api: &Api) -> Vec<String> {
    let mut used = HashSet::new();
    let mut unique = |text: &str| {
        let base = slug(text);
        let mut anchor = base.clone();
        let mut n = 0;
        while !used.insert(anchor.clone()) {
            n += 1;
            anchor = format!("{base}-{n}");
        }
        anchor
    };
    unique(&types_title(api));
    api.types.iter().map(|t| unique(&format!("`{}`", t.name))).collect()
}

/// GitHub's heading slug: lower case, letters, digits, `-` and `_` kept,
/// spaces as `-`, the rest dropped.
fn slug(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// A type as a table cell says it; named types link to their description.
pub(super) fn type_name(api: &Api, links: &TypeLinks, ty: &Ty) -> String {
    match ty {
        Ty::String => "string".to_owned(),
        Ty::Integer => "integer (int64)".to_owned(),
        Ty::Number => "number".to_owned(),
        Ty::Boolean => "boolean".to_owned(),
        Ty::Any => "any JSON".to_owned(),
        Ty::Null => "null".to_owned(),
        Ty::File => "file".to_owned(),
        Ty::Temporal(t) => format!("{} (RFC 3339)", t.name()),
        Ty::Array(inner) => format!("array of {}", type_name(api, links, inner)),
        Ty::Map(inner) => format!("map of {}", type_name(api, links, inner)),
        Ty::Nullable(inner) => format!("nullable {}", type_name(api, links, inner)),
        Ty::Named(id) => {
            let link = links.link(api, *id);
            match &api.named_type(*id).kind {
                TypeKind::Enum { integer: false, .. } => format!("string ({link})"),
                TypeKind::Enum { integer: true, .. } => format!("integer ({link})"),
                TypeKind::OneOf(..) => format!("one of ({link})"),
                TypeKind::Alias(target) => format!("{} ({link})", target_name(api, links, target)),
                TypeKind::Object(_) => format!("object ({link})"),
            }
        }
    }
}

/// What the keys of an object beyond its fields hold, and where Rust keeps them.
fn extra_line(api: &Api, links: &TypeLinks, t: &NamedType, extra: &Ty) -> String {
    format!("Other keys: {}, kept in the map `{}`.", type_name(api, links, extra), t.extra_field())
}

/// What an alias stands for, one named type deep (a chain of aliases is
/// followed link by link, not spelled out at every use).
fn target_name(api: &Api, links: &TypeLinks, ty: &Ty) -> String {
    match ty {
        Ty::Named(id) => links.link(api, *id),
        Ty::Array(inner) => format!("array of {}", target_name(api, links, inner)),
        Ty::Map(inner) => format!("map of {}", target_name(api, links, inner)),
        other => type_name(api, links, other),
    }
}

/// The constraints cell of a field: enum values, limits, encoding, nullability, default.
pub(super) fn constraints(api: &Api, f: &Field) -> String {
    let mut parts = Vec::new();
    let inner = match &f.ty {
        Ty::Array(inner) | Ty::Map(inner) => inner.as_ref(),
        other => other,
    };
    if let Ty::Named(id) = inner {
        if let TypeKind::Enum { values, open, .. } = &api.named_type(*id).kind {
            let list = values.iter().map(|v| format!("`{}`", v.wire)).collect::<Vec<_>>().join(", ");
            parts.push(if *open { format!("{list} or another value") } else { format!("one of {list}") });
        }
    }
    let limits = f.limits();
    if let Some(min) = limits.min {
        parts.push(format!("≥ {min}"));
    }
    if let Some(max) = limits.max {
        parts.push(format!("≤ {max}"));
    }
    if let Some(n) = limits.min_items {
        parts.push(format!("at least {}", crate::docs_text::items(&f.ty, n)));
    }
    if let Some(n) = limits.max_items {
        parts.push(format!("at most {}", crate::docs_text::items(&f.ty, n)));
    }
    if limits.unique_items {
        parts.push("items all different".to_owned());
    }
    if let Some(keys) = &limits.keys {
        parts.push(crate::docs_text::keys(keys));
    }
    match f.style {
        ParamStyle::Comma => parts.push("sent comma-separated (`k=a,b`)".to_owned()),
        ParamStyle::SpaceDelimited => parts.push("sent space-separated (`k=a%20b`)".to_owned()),
        ParamStyle::PipeDelimited => parts.push("sent pipe-separated (`k=a|b`)".to_owned()),
        ParamStyle::DeepObject => parts.push("sent by keys (`k[a]=1&k[b]=2`)".to_owned()),
        ParamStyle::Json => parts.push("sent as JSON text".to_owned()),
        ParamStyle::Repeated => {}
    }
    if let Some(size) = &limits.max_size_text {
        parts.push(format!("at most {size}"));
    }
    if !limits.file_types.is_empty() {
        parts.push(format!("types: {}", limits.file_types.join(", ")));
    }
    // An array's format and pattern are its items'.
    let each = if matches!(f.ty, Ty::Array(_)) { "each item: " } else { "" };
    match (limits.min_length, limits.max_length) {
        (Some(min), Some(max)) => parts.push(format!("{each}{min} to {max} characters")),
        (Some(min), None) => parts.push(format!("{each}at least {min} characters")),
        (None, Some(max)) => parts.push(format!("{each}at most {max} characters")),
        (None, None) => {}
    }
    if let Some(format) = &limits.format {
        parts.push(format!("{each}format `{format}`"));
    }
    if let Some(pattern) = &limits.pattern {
        parts.push(format!("{each}matches {}", crate::docs_text::code(pattern)));
    }
    if f.nullable {
        parts.push("may be null".to_owned());
    }
    if let Some(default) = &f.default {
        parts.push(format!("default `{default}`"));
    }
    parts.join("; ")
}

const FIELDS_HEADER: &str = "| Field | Type | Required | Constraints | Description |\n|---|---|---|---|---|\n";

fn field_row(api: &Api, links: &TypeLinks, name: &str, f: &Field, out: &mut String) {
    let _ = writeln!(
        out,
        "| `{name}` | {} | {} | {} | {} |",
        type_name(api, links, &f.ty),
        if f.required { "yes" } else { "no" },
        cell(&constraints(api, f)),
        cell(&f.doc)
    );
}

/// The fields tables of one operation page: each named type is entered once
/// per page, and each table holds at most [`MAX_ROWS`] rows.
pub(super) struct PageTables<'a> {
    api: &'a Api,
    links: &'a TypeLinks,
    entered: HashSet<TypeId>,
    rows_left: usize,
    rows_left_out: usize,
}

impl<'a> PageTables<'a> {
    pub(super) fn new(api: &'a Api, links: &'a TypeLinks) -> Self {
        PageTables { api, links, entered: HashSet::new(), rows_left: MAX_ROWS, rows_left_out: 0 }
    }

    /// The description of the body type `id`: its fields table, a union's
    /// members, what an alias stands for.
    pub(super) fn describe(&mut self, id: TypeId, out: &mut String) {
        if !self.entered.insert(id) {
            let _ = writeln!(out, "Described above: {}.", self.links.link(self.api, id));
            return;
        }
        let api = self.api;
        match &api.named_type(id).kind {
            TypeKind::Object(fields) => {
                out.push_str(FIELDS_HEADER);
                self.rows_left = MAX_ROWS;
                self.rows_left_out = 0;
                self.rows(fields, "", 0, out);
                let t = api.named_type(id);
                if let Some(extra) = &t.extra {
                    let _ = writeln!(out, "\n{}", extra_line(api, self.links, t, extra));
                }
                if let Some(requires) = &t.requires {
                    let _ = writeln!(out, "\n{}", requires.sentence());
                }
                if self.rows_left_out > 0 {
                    let _ = writeln!(
                        out,
                        "\n{} more fields are not listed here: see {} and the types it links.",
                        self.rows_left_out,
                        self.links.link(api, id)
                    );
                }
            }
            TypeKind::OneOf(members, tag) => {
                let _ = writeln!(out, "{}\n", one_of_line(api, self.links, members, tag.as_deref()));
                // Scalar members are said in the line above; named ones are described here.
                for m in members.iter().filter_map(Ty::named) {
                    let member = api.named_type(m);
                    let _ = writeln!(out, "**`{}`**: {}\n", member.name, cell(&member.doc));
                    self.describe(m, out);
                    out.push('\n');
                }
            }
            TypeKind::Alias(ty) => {
                let _ = writeln!(out, "{}.\n", type_name(api, self.links, ty));
                let inner = match ty {
                    Ty::Array(items) | Ty::Map(items) => &**items,
                    other => other,
                };
                // An object or union behind the alias is described here; another alias is a link.
                if let Ty::Named(inner) = inner {
                    if matches!(api.named_type(*inner).kind, TypeKind::Object(_) | TypeKind::OneOf(..)) {
                        self.describe(*inner, out);
                    }
                }
            }
            TypeKind::Enum { .. } => {}
        }
    }

    /// Rows for the fields of an object, nested fields as `parent.child`,
    /// array items as `parent[]`, while the table has rows left.
    fn rows(&mut self, fields: &[Field], prefix: &str, nesting: usize, out: &mut String) {
        for (i, f) in fields.iter().enumerate() {
            if self.rows_left == 0 {
                self.rows_left_out += fields.len() - i;
                return;
            }
            self.rows_left -= 1;
            let name = format!("{prefix}{}", f.wire);
            field_row(self.api, self.links, &name, f, out);
            let (inner, suffix) = match &f.ty {
                Ty::Array(inner) => (inner.as_ref(), "[]."),
                Ty::Map(inner) => (inner.as_ref(), "{}."),
                other => (other, "."),
            };
            if let Ty::Named(id) = inner {
                if let TypeKind::Object(children) = &self.api.named_type(*id).kind {
                    if nesting + 1 < MAX_NESTING && self.entered.insert(*id) {
                        self.rows(children, &format!("{name}{suffix}"), nesting + 1, out);
                    }
                }
            }
        }
    }
}

/// `docs/<api>/types/README.md`: every named type of the API, once, with its
/// own fields, values or members; other types are links.
pub(super) fn types_page(api: &Api) -> OutputFile {
    let links = TypeLinks::within_types_page(api);
    // The types come from every file of the API: the page names its folder.
    let folder = api.file.rsplit_once('/').map_or(api.file.as_str(), |(folder, _)| folder);
    let mut out = header(&format!("{folder}/"));
    let _ = writeln!(
        out,
        "# {}\n\nEvery named type of the API, once; a type named in a table links to its own entry. \
         In Rust, each is in `{}::types`, under the name its entry gives.\n",
        types_title(api),
        api.module
    );
    if api.types.is_empty() {
        out.push_str("The API has no named types.\n");
    }
    for t in &api.types {
        let _ = writeln!(out, "## `{}`\n", t.name);
        if !t.doc.trim().is_empty() {
            let _ = writeln!(out, "{}\n", t.doc.trim());
        }
        let _ = writeln!(out, "Rust: `{}`\n", t.rust);
        match &t.kind {
            TypeKind::Object(fields) if fields.is_empty() => out.push_str("An object with no documented field.\n\n"),
            TypeKind::Object(fields) => {
                out.push_str(FIELDS_HEADER);
                for f in fields.iter() {
                    field_row(api, &links, &f.wire, f, &mut out);
                }
                out.push('\n');
                if let Some(extra) = &t.extra {
                    let _ = writeln!(out, "{}\n", extra_line(api, &links, t, extra));
                }
                if let Some(requires) = &t.requires {
                    let _ = writeln!(out, "{}\n", requires.sentence());
                }
            }
            TypeKind::Enum { values, open, integer } => {
                let _ = writeln!(
                    out,
                    "{}, {}:\n\n| Value | Rust | Description |\n|---|---|---|",
                    if *integer { "An integer" } else { "A string" },
                    if *open { "one of these or another value" } else { "one of these" }
                );
                for v in values {
                    let _ = writeln!(out, "| `{}` | `{}` | {} |", v.wire, v.rust, cell(&v.doc));
                }
                out.push('\n');
            }
            TypeKind::OneOf(members, tag) => {
                let _ = writeln!(out, "{}\n", one_of_line(api, &links, members, tag.as_deref()));
            }
            TypeKind::Alias(ty) => {
                let _ = writeln!(out, "{}.\n", type_name(api, &links, ty));
            }
        }
    }
    OutputFile { path: types_page_path(api), contents: out }
}

/// What a union is: its members, and for a tagged union the field and the
/// value that names each.
fn one_of_line(api: &Api, links: &TypeLinks, members: &[Ty], tag: Option<&Tag>) -> String {
    let names: Vec<String> = members
        .iter()
        .map(|m| match m {
            Ty::Named(id) => links.link(api, *id),
            scalar => type_name(api, links, scalar),
        })
        .collect();
    let mut line = format!("One of: {}.", names.join(", "));
    if let Some(tag) = tag {
        let name = |m: &usize| members.get(*m).and_then(Ty::named).map_or("", |id| api.named_type(id).name.as_str());
        let values: Vec<String> = tag.values.iter().map(|(value, m)| format!("`{value}` → {}", name(m))).collect();
        line.push_str(&format!(
            " The field `{}` says which: {}; another value is kept as it came (`Unknown`).",
            tag.field,
            values.join(", ")
        ));
    }
    line
}

#[cfg(test)]
mod tests {
    use super::slug;

    #[test]
    fn slugs_are_githubs() {
        assert_eq!(slug("`Clip`"), "clip");
        assert_eq!(slug("Zoom API: types"), "zoom-api-types");
        assert_eq!(slug("`Clip.Owner_2`"), "clipowner_2");
        assert_eq!(slug("`Ünïcode`"), "ünïcode");
    }
}
