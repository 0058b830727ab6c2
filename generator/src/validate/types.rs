//! Named types and fields: their shapes, limits and references, checked
//! and lowered.

use std::collections::{HashMap, HashSet};

use indexmap::IndexMap;

use super::rules::{is_format_name, is_media_type, parse_size, pattern_problem, shadowed_members, JsonKind};
use super::{Checker, Ctx, Place, PRIMITIVES};
use crate::diag::did_you_mean;
use crate::ident::{camel, snake, type_name};
use crate::load::SourceFile;
use crate::model::*;
use crate::spec::{self, FieldSpec};

/// Each type's spec with the file that defines it and its path there, by
/// name in spec order. The specs are owned: each is dropped once lowered.
pub(super) type TypeSpecs<'a> = IndexMap<String, (&'a SourceFile, String, Option<Box<spec::TypeSpec>>)>;

/// A required field of a union member, as unions compare them: name, type
/// and items.
pub(super) type RequiredField = (String, String, Option<String>);

/// What a union needs to know of a type that is one of its members, taken
/// from the specs before any is lowered (and dropped): what JSON it takes
/// (for an object, its required fields).
pub(super) type MemberShape = JsonKind<RequiredField>;

/// The types whose values are sent as text: enums, aliases of scalars and
/// of such types, unions whose members all are.
pub(super) fn text_names(type_specs: &TypeSpecs) -> HashSet<String> {
    type_specs.keys().filter(|name| is_text_spec(type_specs, name, 0)).cloned().collect()
}

fn is_text_spec(type_specs: &TypeSpecs, name: &str, depth: usize) -> bool {
    let scalar = matches!(
        shape_of(type_specs, name, 0),
        Some(JsonKind::String | JsonKind::Integer | JsonKind::Number | JsonKind::Boolean)
    );
    scalar
        || (depth < 8
            && type_specs
                .get(name)
                .and_then(|(_, _, t)| t.as_ref()?.one_of.as_ref())
                .is_some_and(|members| members.iter().all(|m| is_text_spec(type_specs, m, depth + 1))))
}

/// The shapes of every type named as a union member.
pub(super) fn member_shapes(type_specs: &TypeSpecs) -> HashMap<String, MemberShape> {
    let mut shapes = HashMap::new();
    let unions = type_specs.values().filter_map(|(_, _, t)| t.as_ref()?.one_of.as_ref());
    for member in unions.flatten() {
        if let Some(shape) = shape_of(type_specs, member, 0) {
            shapes.insert(member.clone(), shape);
        }
    }
    shapes
}

/// The built-in type a name stands for that holds a single JSON value (a
/// scalar, a date or time, any JSON): what a field, an alias or a union
/// member may name without `items` or `values`. Not `file`, `array`, `map`.
fn value_type(name: &str) -> Option<Ty> {
    match name {
        "string" => Some(Ty::String),
        "integer" => Some(Ty::Integer),
        "number" => Some(Ty::Number),
        "boolean" => Some(Ty::Boolean),
        "any" => Some(Ty::Any),
        "null" => Some(Ty::Null),
        other => Temporal::from_name(other).map(Ty::Temporal),
    }
}

/// What JSON the type called `name` takes, following aliases (a few deep:
/// a longer chain, or a cycle that validation reports, counts as a union).
fn shape_of(type_specs: &TypeSpecs, name: &str, depth: usize) -> Option<MemberShape> {
    if let Some(kind) = JsonKind::of_builtin(name) {
        return Some(kind);
    }
    let Some((_, _, Some(spec))) = type_specs.get(name) else { return None };
    Some(if let Some(fields) = &spec.fields {
        let required = fields.iter().filter(|(_, f)| f.required);
        JsonKind::Object(required.map(|(n, f)| (n.clone(), f.r#type.clone(), f.more().items.clone())).collect())
    } else if spec.r#enum.is_some() {
        if spec.r#type.as_deref() == Some("integer") {
            JsonKind::Integer
        } else {
            JsonKind::String
        }
    } else if spec.one_of.is_some() {
        JsonKind::Union
    } else {
        let inner = || spec.items.clone().or_else(|| spec.values.clone()).unwrap_or_default();
        match spec.r#type.as_deref() {
            Some("array") => JsonKind::Array(inner()),
            Some("map") => JsonKind::Map(inner()),
            Some(other) if depth < 8 => shape_of(type_specs, other, depth + 1).unwrap_or(JsonKind::Union),
            _ => JsonKind::Union,
        }
    })
}

impl Checker<'_> {
    /// The types of `api.yaml` and of every group file (taken from each, with
    /// its file), which share one namespace: each name defined once and a
    /// distinct Rust name for each.
    pub(super) fn type_specs<'a>(
        &mut self,
        sources: Vec<(&'a SourceFile, IndexMap<String, Box<spec::TypeSpec>>)>,
    ) -> TypeSpecs<'a> {
        let mut type_specs: TypeSpecs = IndexMap::new();
        let mut rust_names: HashMap<String, String> = HashMap::new();
        for (f, types) in sources {
            for (name, ty) in types {
                let path = format!("types.{name}");
                if let Some((other, _, _)) = type_specs.get(&name) {
                    let at = other.place(&path);
                    self.err_hint(
                        f,
                        &path,
                        format!("type `{name}` is already defined at {at}"),
                        Some(format!(
                            "the types of an API share one namespace: rename one, or remove the copy at {at}"
                        )),
                    );
                    continue;
                }
                // `binary` and `text` are response bodies.
                if PRIMITIVES.contains(&name.as_str()) || ["binary", "text"].contains(&name.as_str()) {
                    self.err_hint(
                        f,
                        &path,
                        format!("type `{name}` has the name of a built-in type"),
                        Some(format!("rename it; `{name}` always means the built-in type")),
                    );
                }
                if let Some(other) = rust_names.insert(type_name(&name), name.clone()) {
                    self.err(
                        f,
                        &path,
                        format!("type `{name}` and type `{other}` both become `{}` in Rust", type_name(&name)),
                    );
                }
                type_specs.insert(name, (f, path, Some(ty)));
            }
        }
        type_specs
    }

    pub(super) fn named_type(
        &mut self,
        file: &SourceFile,
        path: &str,
        name: &str,
        t: &spec::TypeSpec,
        ctx: &Ctx,
    ) -> NamedType {
        // `type` with `enum` gives the enum's values their type.
        let alias = t.r#type.is_some() && t.r#enum.is_none();
        let shapes = [t.fields.is_some(), t.r#enum.is_some(), t.one_of.is_some(), alias].iter().filter(|x| **x).count();
        if t.open && t.r#enum.is_none() {
            self.err(file, &format!("{path}.open"), "`open` applies to enums only");
        }
        if t.names.is_some() && t.r#enum.is_none() {
            self.err(file, &format!("{path}.names"), "`names` applies to enums only");
        }
        if t.one_of.is_none() {
            for (key, set) in [("tag", t.tag.is_some()), ("tags", t.tags.is_some())] {
                if set {
                    self.err(file, &format!("{path}.{key}"), format!("`{key}` applies to unions (`one_of`) only"));
                }
            }
        }
        let kind = if shapes != 1 {
            self.err(file, path, format!("type `{name}` needs exactly one of `fields`, `enum`, `one_of` or `type`"));
            // A stand-in that keeps every type at its id; the API is not emitted.
            TypeKind::Alias(Ty::Any)
        } else {
            self.type_kind(file, path, name, t, ctx)
        };
        let example = self.example(file, &format!("{path}.example"), t.example.as_deref());
        let extra = t.extra.as_deref().map(|extra| {
            if t.fields.is_none() {
                self.err_hint(
                    file,
                    &format!("{path}.extra"),
                    "`extra` applies to objects (`fields`) only",
                    Some("a type that is all extra keys is `type: map` with `values`".to_owned()),
                );
            }
            self.ty(file, &format!("{path}.extra"), extra, None, Place::Field, ctx)
        });
        let requires = t.requires.as_ref().and_then(|r| self.requires(file, &format!("{path}.requires"), r, &kind));
        NamedType {
            name: name.to_owned(),
            rust: type_name(name),
            doc: t.doc.clone(),
            kind,
            extra,
            example,
            requires,
            boxed_members: Vec::new(),
            checked: false,
            used_by: Vec::new(),
        }
    }

    /// An object's sets of fields of which a value needs one: `any_of` or
    /// `one_of`, two sets or more, each of its own optional fields.
    fn requires(
        &mut self,
        file: &SourceFile,
        path: &str,
        r: &spec::RequiresSpec,
        kind: &TypeKind,
    ) -> Option<FieldSets> {
        let TypeKind::Object(fields) = kind else {
            self.err(file, path, "`requires` applies to objects (`fields`) only");
            return None;
        };
        let (key, sets, exactly_one) = match (&r.any_of, &r.one_of) {
            (Some(sets), None) => ("any_of", sets, false),
            (None, Some(sets)) => ("one_of", sets, true),
            _ => {
                self.err_hint(
                    file,
                    path,
                    "`requires` needs exactly one of `any_of` and `one_of`",
                    Some("`any_of`: at least one set present in full; `one_of`: exactly one".to_owned()),
                );
                return None;
            }
        };
        if sets.len() < 2 {
            self.err(file, &format!("{path}.{key}"), format!("`{key}` needs at least two sets of fields"));
        }
        let mut ok = sets.len() >= 2;
        for (i, set) in sets.iter().enumerate() {
            let at = format!("{path}.{key}.{i}");
            if set.is_empty() {
                self.err(file, &at, "a set names one field or more");
                ok = false;
            }
            for name in set {
                match fields.iter().find(|f| f.wire == *name) {
                    None => {
                        let known: Vec<&str> = fields.iter().map(|f| f.wire.as_str()).collect();
                        self.err_hint(
                            file,
                            &at,
                            format!("`{name}` is not a field of this type"),
                            Some(format!("its fields: {}", known.join(", "))),
                        );
                        ok = false;
                    }
                    Some(f) if f.required => {
                        self.err_hint(
                            file,
                            &at,
                            format!("`{name}` is required already"),
                            Some("the sets name optional fields: leave `required` out of it".to_owned()),
                        );
                        ok = false;
                    }
                    Some(_) => {}
                }
            }
        }
        ok.then(|| FieldSets { sets: sets.clone(), exactly_one })
    }

    /// The shape of a type with exactly one of `fields`, `enum`, `one_of` and `type`.
    pub(super) fn type_kind(
        &mut self,
        file: &SourceFile,
        path: &str,
        name: &str,
        t: &spec::TypeSpec,
        ctx: &Ctx,
    ) -> TypeKind {
        let alias = t.r#type.is_some() && t.r#enum.is_none();
        for (key, set) in [("nullable", t.nullable), ("nullable_items", t.nullable_items)] {
            if set && !alias {
                self.err_hint(
                    file,
                    &format!("{path}.{key}"),
                    format!("`{key}` applies to aliases (`type`)"),
                    Some("a field says `nullable: true` itself".to_owned()),
                );
            }
        }
        self.inner_keys(file, path, t.r#type.as_deref(), t.items.is_some(), t.values.is_some());
        if let (Some(values), Some(base)) = (&t.r#enum, &t.r#type) {
            if base != "integer" {
                self.err_hint(
                    file,
                    &format!("{path}.type"),
                    format!("an enum's values are strings, or integers with `type: integer`, not `{base}`"),
                    Some("leave `type` out for strings".to_owned()),
                );
            }
            self.enum_kind(file, path, name, values, t, base == "integer")
        } else if let Some(alias) = &t.r#type {
            let inner = t.items.as_deref().or(t.values.as_deref());
            let ty = self.ty(file, &format!("{path}.type"), alias, inner, Place::Field, ctx);
            let ty = self.nullable_items(file, path, ty, t.nullable_items);
            TypeKind::Alias(if t.nullable { Ty::Nullable(Box::new(ty)) } else { ty })
        } else if let Some(fields) = &t.fields {
            TypeKind::Object(self.fields(file, &format!("{path}.fields"), fields, Place::Field, ctx).into())
        } else if let Some(values) = &t.r#enum {
            self.enum_kind(file, path, name, values, t, false)
        } else {
            let members = t.one_of.as_deref().unwrap_or_default();
            if members.len() < 2 {
                self.err(file, &format!("{path}.one_of"), "`one_of` needs at least two types");
            }
            let mut tys = Vec::with_capacity(members.len());
            for (i, m) in members.iter().enumerate() {
                let at = format!("{path}.one_of.{i}");
                match ctx.members.get(m) {
                    _ if m == "null" => self.err_hint(
                        file,
                        &at,
                        "`null` cannot be a member of a union",
                        Some("a union that may be null is `nullable: true` where it is used".to_owned()),
                    ),
                    Some(JsonKind::Object(_)) => {}
                    Some(_) if t.tag.is_some() => {
                        self.err(file, &at, format!("member `{m}` of a tagged union must be an object type"))
                    }
                    Some(_) => {}
                    None if PRIMITIVES.contains(&m.as_str()) => self.err_hint(
                        file,
                        &at,
                        format!("`{m}` cannot be a member of a union by itself"),
                        Some(format!("define a type with `type: {m}` and name it here")),
                    ),
                    None => self.undefined(file, &at, m, ctx),
                }
                tys.extend(value_type(m).or_else(|| ctx.id(m).map(Ty::Named)));
            }
            match &t.tag {
                Some(field) => {
                    let tag = self.tag(file, path, field, t.tags.as_ref(), members, ctx);
                    TypeKind::OneOf(tys, Some(Box::new(tag)))
                }
                None => {
                    if t.tags.is_some() {
                        self.err_hint(
                            file,
                            &format!("{path}.tags"),
                            "`tags` without `tag`",
                            Some("name the field that holds the tag: `tag: type`".to_owned()),
                        );
                    }
                    self.one_of_members_distinct(file, path, members, ctx);
                    TypeKind::OneOf(tys, None)
                }
            }
        }
    }

    /// An enum's values with their Rust variants: a string enum's from the
    /// values, an integer enum's `V<n>`, either from `names` where given.
    fn enum_kind(
        &mut self,
        file: &SourceFile,
        path: &str,
        name: &str,
        values: &IndexMap<String, String>,
        t: &spec::TypeSpec,
        integer: bool,
    ) -> TypeKind {
        if values.is_empty() {
            self.err(file, &format!("{path}.enum"), format!("enum `{name}` has no values"));
        }
        let names = t.names.as_ref();
        for key in names.into_iter().flat_map(|n| n.keys()) {
            if !values.contains_key(key) {
                self.err(file, &format!("{path}.names.{key}"), format!("`{key}` is not a value of the enum"));
            }
        }
        let mut out: Vec<EnumValue> = Vec::new();
        for (wire, doc) in values.iter() {
            let number = wire.parse::<i64>();
            if integer && number.is_err() {
                self.err(file, &format!("{path}.enum.{wire}"), format!("`{wire}` is not an integer"));
            }
            let rust = match names.and_then(|n| n.get(wire)) {
                Some(given) if crate::ident::is_rust_ident(given) && camel(given) == *given => given.clone(),
                Some(given) => {
                    self.err_hint(
                        file,
                        &format!("{path}.names.{wire}"),
                        format!("`{given}` is not a CamelCase Rust name"),
                        Some(format!("use `{}`", camel(given))),
                    );
                    camel(given)
                }
                None if integer => match number {
                    Ok(n) => integer_value_name(n),
                    Err(_) => format!("V{wire}"),
                },
                None => camel(wire),
            };
            if let Some(other) = out.iter().find(|v| v.rust == rust) {
                self.err_hint(
                    file,
                    &format!("{path}.enum.{wire}"),
                    format!("enum values `{wire}` and `{}` both become `{rust}`", other.wire),
                    Some(format!("name one under `names`: `{wire}: {rust}2`")),
                );
            } else if rust == "Other" {
                self.err(
                    file,
                    &format!("{path}.enum.{wire}"),
                    format!("enum value `{wire}` collides with the `Other` variant that keeps unknown values"),
                );
            }
            out.push(EnumValue { wire: wire.clone(), rust, doc: doc.clone() });
        }
        TypeKind::Enum { values: out, open: t.open, integer }
    }

    /// A union's tag: the field every member requires, and the value naming
    /// each member (`tags`, else each member's type name).
    fn tag(
        &mut self,
        file: &SourceFile,
        path: &str,
        field: &str,
        tags: Option<&IndexMap<String, String>>,
        members: &[String],
        ctx: &Ctx,
    ) -> Tag {
        for (i, m) in members.iter().enumerate() {
            // A member that is not an object is reported as such.
            let tagged = match ctx.members.get(m) {
                Some(JsonKind::Object(required)) => {
                    required.iter().any(|(name, ty, _)| name == field && (ty == "string" || ctx.is_enum_name(ty)))
                }
                _ => true,
            };
            if !tagged {
                self.err_hint(
                    file,
                    &format!("{path}.one_of.{i}"),
                    format!("member `{m}` has no required string field `{field}`, the union's tag"),
                    Some(format!("give `{m}` a required field `{field}` of type string or a string enum")),
                );
            }
            if type_name(m) == "Unknown" {
                self.err(
                    file,
                    &format!("{path}.one_of.{i}"),
                    "a tagged union keeps unknown tags in its variant `Unknown`: rename the member type",
                );
            }
        }
        let mut values = Vec::new();
        match tags {
            Some(tags) => {
                for (value, member) in tags {
                    match members.iter().position(|m| m == member) {
                        Some(index) => values.push((value.clone(), index)),
                        None => self.err_hint(
                            file,
                            &format!("{path}.tags.{value}"),
                            format!("`{member}` is not a member of the union"),
                            did_you_mean(member, members.iter().map(String::as_str)).map(|m| format!("use `{m}`")),
                        ),
                    }
                }
                for (i, m) in members.iter().enumerate() {
                    if !values.iter().any(|(_, index)| *index == i) {
                        self.err_hint(
                            file,
                            &format!("{path}.one_of.{i}"),
                            format!("no tag value names member `{m}`, so it can never be decoded"),
                            Some(format!("add `<value>: {m}` under `tags`")),
                        );
                    }
                }
            }
            None => values.extend(members.iter().cloned().zip(0..)),
        }
        Tag { field: field.to_owned(), values }
    }

    /// `ty` with its items (an array's) or values (a map's) nullable, when
    /// `nullable_items` says so.
    fn nullable_items(&mut self, file: &SourceFile, path: &str, ty: Ty, nullable_items: bool) -> Ty {
        if !nullable_items {
            return ty;
        }
        match ty {
            Ty::Array(inner) => Ty::Array(Box::new(Ty::Nullable(inner))),
            Ty::Map(inner) => Ty::Map(Box::new(Ty::Nullable(inner))),
            other => {
                self.err(file, &format!("{path}.nullable_items"), "`nullable_items` applies to arrays and maps");
                other
            }
        }
    }

    /// Reports every union member that can never be decoded (see
    /// [`shadowed_members`]), and two members that would be one variant;
    /// object fields compare by name, type and items.
    pub(super) fn one_of_members_distinct(&mut self, file: &SourceFile, path: &str, members: &[String], ctx: &Ctx) {
        let kinds: Vec<MemberShape> =
            members.iter().map(|m| ctx.members.get(m).cloned().unwrap_or(JsonKind::Union)).collect();
        for (i, j) in shadowed_members(&kinds) {
            let (earlier, later) = (&members[i], &members[j]);
            let hint = match (&kinds[i], &kinds[j]) {
                (JsonKind::Object(e), JsonKind::Object(l)) if l.iter().all(|f| e.contains(f)) => {
                    format!("the two accept the same objects: merge `{earlier}` and `{later}` into one object type")
                }
                (JsonKind::Object(_), JsonKind::Object(_)) => {
                    format!(
                        "list `{later}` before `{earlier}`, or give `{earlier}` a required field that `{later}` lacks"
                    )
                }
                (JsonKind::String, JsonKind::String) => format!(
                    "both take every string (an enum keeps the values it does not list): keep one of `{earlier}` and \
                     `{later}`"
                ),
                (e, l) if l.shadowed_by(e) && !e.shadowed_by(l) => format!("list `{later}` before `{earlier}`"),
                _ => format!("the two take the same values: keep one of `{earlier}` and `{later}`"),
            };
            self.err_hint(
                file,
                &format!("{path}.one_of.{j}"),
                format!(
                    "`one_of` member `{later}` can never be decoded: every `{later}` also matches the earlier member \
                         `{earlier}`"
                ),
                Some(hint),
            );
        }
        for (j, later) in members.iter().enumerate() {
            let variant = |m: &str| if ctx.id(m).is_some() { type_name(m) } else { camel(m) };
            if let Some(earlier) = members[..j].iter().find(|e| *e != later && variant(e) == variant(later)) {
                self.err(
                    file,
                    &format!("{path}.one_of.{j}"),
                    format!("members `{earlier}` and `{later}` would both be the variant `{}`", variant(later)),
                );
            }
        }
    }

    /// A YAML example as JSON (maps need string keys).
    pub(super) fn example(
        &mut self,
        file: &SourceFile,
        path: &str,
        value: Option<&serde_yaml::Value>,
    ) -> Option<serde_json::Value> {
        let value = value?;
        match serde_json::to_value(value) {
            Ok(json) => Some(json),
            Err(e) => {
                self.err(file, path, format!("the example cannot be written as JSON: {e}"));
                None
            }
        }
    }

    /// What a map's keys must be (`keys:`), each setting checked.
    fn key_limits(&mut self, file: &SourceFile, path: &str, k: &spec::KeysSpec, ty: &Ty, wire: &str) -> KeyLimits {
        if !matches!(ty, Ty::Map(_)) {
            self.err(file, path, format!("`keys` applies to maps, and `{wire}` is not one"));
        }
        if let (Some(min), Some(max)) = (k.min_length, k.max_length) {
            if min > max {
                let what = format!("`min_length` ({min}) is greater than `max_length` ({max})");
                self.err(file, &format!("{path}.min_length"), what);
            }
        }
        if let Some(pattern) = &k.pattern {
            if let Some(message) = pattern_problem(pattern) {
                let what = format!("`{pattern}` is not a regular expression: {message}");
                self.err(file, &format!("{path}.pattern"), what);
            }
        }
        KeyLimits { pattern: k.pattern.clone(), min_length: k.min_length, max_length: k.max_length }
    }

    pub(super) fn undefined(&mut self, file: &SourceFile, path: &str, name: &str, ctx: &Ctx) {
        if PRIMITIVES.contains(&name) {
            let hint = format!("name a type of `types` (one may be `{{ type: {name} }}`, an alias)");
            self.err_hint(file, path, format!("`{name}` is built in, and here a named type is needed"), Some(hint));
            return;
        }
        let candidates = ctx.names.keys().map(String::as_str).chain(PRIMITIVES);
        self.err_hint(file, path, format!("type `{name}` is not defined"), did_you_mean(name, candidates));
    }

    pub(super) fn fields(
        &mut self,
        file: &SourceFile,
        path: &str,
        specs: &IndexMap<String, FieldSpec>,
        place: Place,
        ctx: &Ctx,
    ) -> Vec<Field> {
        // Sized exactly: the model keeps its lists to the end of the run.
        let mut out: Vec<Field> = Vec::with_capacity(specs.len());
        for (wire, f) in specs {
            let fpath = format!("{path}.{wire}");
            let field = self.field(file, &fpath, wire, f, place, ctx);
            if let Some(other) = out.iter().find(|o| o.rust == field.rust) {
                self.err_hint(
                    file,
                    &fpath,
                    format!("`{wire}` and `{}` both become `{}` in Rust", other.wire, field.rust),
                    Some(format!("give one its own Rust name: `rust: {}_2`", field.rust)),
                );
            }
            out.push(field);
        }
        out
    }

    pub(super) fn field(
        &mut self,
        file: &SourceFile,
        path: &str,
        wire: &str,
        f: &FieldSpec,
        place: Place,
        ctx: &Ctx,
    ) -> Field {
        let m = f.more();
        // A query parameter sent as JSON text takes what a JSON field takes.
        let json = place == Place::Query && m.style.as_deref() == Some("json");
        let type_place = if json { Place::Field } else { place };
        let ty = self.ty(
            file,
            &format!("{path}.type"),
            &f.r#type,
            m.items.as_deref().or(m.values.as_deref()),
            type_place,
            ctx,
        );
        let ty = self.nullable_items(file, path, ty, m.nullable_items && place == Place::Field);
        if m.nullable_items && place != Place::Field {
            self.err(file, &format!("{path}.nullable_items"), "`nullable_items` applies to JSON fields");
        }
        let is_int = matches!(ty, Ty::Integer | Ty::Number);
        if (m.min.is_some() || m.max.is_some()) && !is_int {
            self.err(file, path, format!("`min` and `max` apply to numbers, and `{wire}` is `{}`", f.r#type));
        }
        if let (Some(min), Some(max)) = (m.min, m.max) {
            if min > max {
                self.err(file, &format!("{path}.min"), format!("`min` ({min}) is greater than `max` ({max})"));
            }
        }
        for (key, set) in [
            ("max_items", m.max_items.is_some()),
            ("min_items", m.min_items.is_some()),
            ("unique_items", m.unique_items),
        ] {
            // A map's entries are counted as an array's items.
            let counted = matches!(ty, Ty::Array(_)) || (key != "unique_items" && matches!(ty, Ty::Map(_)));
            if set && !counted {
                let what = if key == "unique_items" { "arrays" } else { "arrays and maps" };
                self.err(
                    file,
                    &format!("{path}.{key}"),
                    format!("`{key}` applies to {what}, and `{wire}` is `{}`", f.r#type),
                );
            }
        }
        if let (Some(min), Some(max)) = (m.min_items, m.max_items) {
            if min > max {
                self.err(
                    file,
                    &format!("{path}.min_items"),
                    format!("`min_items` ({min}) is greater than `max_items` ({max})"),
                );
            }
        }
        if let (Some(min), Some(max)) = (m.min_length, m.max_length) {
            if min > max {
                self.err(
                    file,
                    &format!("{path}.min_length"),
                    format!("`min_length` ({min}) is greater than `max_length` ({max})"),
                );
            }
        }
        let files = ty == Ty::File || ty == Ty::Array(Box::new(Ty::File));
        if (m.max_size.is_some() || !m.file_types.is_empty()) && !files {
            self.err(file, path, format!("`max_size` and `file_types` apply to files, and `{wire}` is `{}`", f.r#type));
        }
        // An array's format and pattern are its items', as `max_size` is its files'.
        let strings = ty == Ty::String || ty.is_string_array();
        let text_limits = m.format.is_some() || m.pattern.is_some() || m.min_length.is_some() || m.max_length.is_some();
        if text_limits && !strings {
            self.err(
                file,
                path,
                format!(
                    "`format`, `pattern`, `min_length` and `max_length` apply to strings and arrays of them, and `{wire}` is `{}`",
                    f.r#type
                ),
            );
        }
        if let Some(format) = &m.format {
            if !is_format_name(format) {
                self.err_hint(
                    file,
                    &format!("{path}.format"),
                    format!("`{format}` is not a format name"),
                    Some("write a name such as `date-time`, `date`, `email`, `uri` or `uuid`".to_owned()),
                );
            }
        }
        if let Some(pattern) = &m.pattern {
            if let Some(message) = pattern_problem(pattern) {
                self.err(
                    file,
                    &format!("{path}.pattern"),
                    format!("`{pattern}` is not a regular expression: {message}"),
                );
            }
        }
        let max_size = m.max_size.as_deref().and_then(|s| match parse_size(s) {
            Some(n) => Some(n),
            None => {
                self.err_hint(
                    file,
                    &format!("{path}.max_size"),
                    format!("`{s}` is not a size"),
                    Some("write a size such as `15 MB`, `2 GB` or `10240`".to_owned()),
                );
                None
            }
        });
        self.inner_keys(file, path, Some(&f.r#type), m.items.is_some(), m.values.is_some());
        // An object, a map or a union of them in a query goes by its keys.
        let structured = match &ty {
            Ty::Map(_) => true,
            Ty::Named(id) => !ctx.is_text(*id),
            _ => false,
        };
        let style = match m.style.as_deref() {
            None | Some("repeated") => ParamStyle::Repeated,
            Some("comma") => ParamStyle::Comma,
            Some("space_delimited") => ParamStyle::SpaceDelimited,
            Some("pipe_delimited") => ParamStyle::PipeDelimited,
            Some("deep_object") => ParamStyle::DeepObject,
            Some("json") => ParamStyle::Json,
            Some(other) => {
                self.err_hint(
                    file,
                    &format!("{path}.style"),
                    format!("`{other}` is not a parameter style"),
                    Some(
                        "write `repeated` (k=a&k=b, or a=1&b=2 for an object), `comma` (k=a,b), `space_delimited` \
                         (k=a%20b), `pipe_delimited` (k=a|b), `deep_object` (k[a]=1&k[b]=2) or `json` (k=[{\"a\":1}])"
                            .to_owned(),
                    ),
                );
                ParamStyle::Repeated
            }
        };
        let fits = match style {
            _ if place != Place::Query => false,
            ParamStyle::Repeated => matches!(ty, Ty::Array(_)) || structured,
            ParamStyle::Comma | ParamStyle::SpaceDelimited | ParamStyle::PipeDelimited => matches!(ty, Ty::Array(_)),
            ParamStyle::DeepObject => structured,
            ParamStyle::Json => true,
        };
        if m.style.is_some() && !fits {
            let what = match style {
                ParamStyle::Comma | ParamStyle::SpaceDelimited | ParamStyle::PipeDelimited => {
                    "a delimited `style` applies to array query parameters"
                }
                ParamStyle::DeepObject => "`style: deep_object` applies to query parameters that are objects or maps",
                ParamStyle::Repeated => "`style` applies to query parameters that are arrays, objects or maps",
                ParamStyle::Json => "`style: json` applies to query parameters",
            };
            self.err(file, &format!("{path}.style"), what);
        }
        if f.nullable && place == Place::Form {
            self.err_hint(
                file,
                &format!("{path}.nullable"),
                "a form field cannot be null",
                Some(
                    "a multipart body has no null; leave `required` off and the field is left out when unset"
                        .to_owned(),
                ),
            );
        }
        let keys = m.keys.as_ref().map(|k| self.key_limits(file, &format!("{path}.keys"), k, &ty, wire));
        if let Some(media) = &m.content_type {
            if place != Place::Form {
                self.err(file, &format!("{path}.content_type"), "`content_type` applies to multipart parts");
            } else if !is_media_type(media) || media.contains('*') {
                let hint = "write one media type, such as `application/sdp` or `image/png`".to_owned();
                self.err_hint(
                    file,
                    &format!("{path}.content_type"),
                    format!("`{media}` is not a media type"),
                    Some(hint),
                );
            }
        }
        let limits = Limits {
            content_type: m.content_type.clone(),
            keys,
            min: m.min,
            max: m.max,
            max_items: m.max_items,
            min_items: m.min_items,
            unique_items: m.unique_items,
            min_length: m.min_length,
            max_length: m.max_length,
            max_size,
            max_size_text: m.max_size.clone(),
            file_types: m.file_types.iter().map(|t| t.trim_start_matches('.').to_ascii_lowercase()).collect(),
            format: m.format.clone(),
            pattern: m.pattern.clone(),
        };
        let rust = match &m.rust {
            Some(rust) if crate::ident::is_rust_ident(rust) && snake(rust) == *rust => rust.clone(),
            Some(rust) => {
                self.err_hint(
                    file,
                    &format!("{path}.rust"),
                    format!("`{rust}` is not a snake_case Rust identifier"),
                    Some(format!("use `{}`", snake(rust))),
                );
                snake(wire)
            }
            None => snake(wire),
        };
        let part_headers = self.part_headers(file, path, &rust, m, place, ctx);
        Field {
            wire: wire.to_owned(),
            rust,
            doc: f.doc.clone(),
            ty,
            required: f.required,
            nullable: f.nullable,
            style,
            limits: (limits != Limits::default()).then(|| Box::new(limits)),
            boxed: false,
            default: self.example(file, &format!("{path}.default"), m.default.as_deref()).map(Box::new),
            example: self.example(file, &format!("{path}.example"), m.example.as_deref()).map(Box::new),
            part_headers,
        }
    }

    /// The headers of a multipart part: text values under valid header
    /// names, each set by the builder method `<field>_<header>`.
    fn part_headers(
        &mut self,
        file: &SourceFile,
        path: &str,
        field: &str,
        m: &spec::FieldMore,
        place: Place,
        ctx: &Ctx,
    ) -> Box<[Field]> {
        if m.part_headers.is_empty() {
            return Box::default();
        }
        if place != Place::Form {
            self.err(file, &format!("{path}.headers"), "`headers` apply to the parts of a `multipart` body");
            return Box::default();
        }
        let mut out = Vec::new();
        for (name, spec) in &m.part_headers {
            let at = format!("{path}.headers.{name}");
            if !super::is_http_token(name) {
                self.err(file, &at, format!("`{name}` is not a valid header name"));
                continue;
            }
            if ["content-type", "content-disposition"].contains(&name.to_ascii_lowercase().as_str()) {
                self.err_hint(
                    file,
                    &at,
                    format!("`{name}` is the part's own"),
                    Some("the part's type and name come from the field".to_owned()),
                );
                continue;
            }
            let mut header = self.field(file, &at, name, spec, Place::Header, ctx);
            if matches!(header.ty, Ty::Array(_)) {
                self.err(file, &format!("{at}.type"), "a part header holds one value");
            }
            header.rust = snake(&format!("{field} {name}"));
            out.push(header);
        }
        out.into()
    }

    /// `items` belongs to arrays and `values` to maps only.
    fn inner_keys(&mut self, file: &SourceFile, path: &str, ty: Option<&str>, items: bool, values: bool) {
        for (key, set, of) in [("items", items, "array"), ("values", values, "map")] {
            if set && ty != Some(of) {
                self.err(file, &format!("{path}.{key}"), format!("`{key}` is only for `type: {of}`"));
            }
        }
    }

    /// The type `name`; `inner` is the items of an `array` or the values of a `map`.
    pub(super) fn ty(
        &mut self,
        file: &SourceFile,
        path: &str,
        name: &str,
        inner: Option<&str>,
        place: Place,
        ctx: &Ctx,
    ) -> Ty {
        let ty = if let Some(ty) = value_type(name) {
            ty
        } else {
            match name {
                "file" => Ty::File,
                "array" => match inner {
                    // A form sends an array of files as one part each.
                    Some("file") => {
                        if place != Place::Form {
                            self.err_hint(
                                file,
                                path,
                                "arrays of `file` can only be multipart form fields",
                                Some("use `body: { multipart: … }` for uploads".to_owned()),
                            );
                        }
                        Ty::Array(Box::new(Ty::File))
                    }
                    Some(items) => {
                        let inner = self.ty(file, &format!("{path}.items"), items, None, Place::Field, ctx);
                        if matches!(inner, Ty::Array(_)) {
                            self.err(file, path, format!("arrays of `{items}` are not supported"));
                        }
                        Ty::Array(Box::new(inner))
                    }
                    None => {
                        self.err(file, path, "`type: array` needs `items`");
                        Ty::Any
                    }
                },
                "map" => match inner {
                    Some(values) => {
                        let inner = self.ty(file, &format!("{path}.values"), values, None, Place::Field, ctx);
                        if matches!(inner, Ty::File) {
                            self.err(file, path, "maps of `file` are not supported");
                        }
                        Ty::Map(Box::new(inner))
                    }
                    None => {
                        self.err_hint(
                            file,
                            path,
                            "`type: map` needs `values`",
                            Some("write `values: any` for a map of any JSON".to_owned()),
                        );
                        Ty::Any
                    }
                },
                named => match ctx.id(named) {
                    Some(id) => Ty::Named(id),
                    None => {
                        self.undefined(file, path, named, ctx);
                        Ty::Any
                    }
                },
            }
        };
        let text = |ty: &Ty| match ty {
            Ty::Named(id) => ctx.is_text(*id),
            Ty::String | Ty::Integer | Ty::Number | Ty::Boolean | Ty::Temporal(_) => true,
            _ => false,
        };
        match (place, &ty) {
            (Place::Param | Place::Header | Place::Cookie, Ty::Named(id)) if !ctx.is_text(*id) => {
                let name = ctx.name(*id);
                self.err_hint(
                    file,
                    path,
                    format!("parameter of type `{name}`; path, header and cookie parameters are sent as text"),
                    Some("use a scalar, an enum or a union of them; objects go in a query or a body".to_owned()),
                );
            }
            (Place::Query | Place::Header, Ty::Array(inner)) if !text(inner) => {
                self.err(file, path, "array parameters hold scalars, enums or unions of them")
            }
            (Place::Param | Place::Header | Place::Cookie, Ty::Map(_)) => {
                self.err(file, path, "path, header and cookie parameters of `type: map` are not supported")
            }
            (Place::Param | Place::Cookie, Ty::Array(_)) => self.err_hint(
                file,
                path,
                "path and cookie parameters of type `array` are not supported",
                Some("array parameters are query or header parameters".to_owned()),
            ),
            (Place::Form, Ty::Null) => self.err_hint(
                file,
                path,
                "form fields of type `null` are not supported",
                Some("a form sends text and files; leave the field out".to_owned()),
            ),
            (Place::Param | Place::Header | Place::Cookie | Place::Query, Ty::Any | Ty::Null) => {
                self.err(file, path, format!("parameters of type `{name}` are not supported"))
            }
            (Place::Field | Place::Param | Place::Header | Place::Cookie | Place::Query, Ty::File) => self.err_hint(
                file,
                path,
                "`file` fields can only be multipart form fields",
                Some("use `body: { multipart: … }` for uploads".to_owned()),
            ),
            _ => {}
        }
        ty
    }
}
