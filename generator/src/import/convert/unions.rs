//! Unions (`oneOf`, `anyOf`): of strings one enum, of integer constants an
//! integer enum, of objects a union tagged where their members say how, of
//! different kinds a union of one member per kind.

use super::*;

impl<'d> Converter<'d> {
    /// A union whose members are all integer constants (`oneOf` of `const`
    /// with a `title`, as Discord writes its enums): an integer enum named by
    /// the titles. `None` when a member is not one.
    fn integer_union(&mut self, s: &Value, kept: &[(Loc, &'d Value, &'d Value)], hint: &str) -> Option<Ty> {
        let mut entries = Vec::new();
        for (_, _, r) in kept {
            let value =
                r.get("const").or_else(|| match r.get("enum").and_then(Value::as_array).map(Vec::as_slice) {
                    Some([one]) => Some(one),
                    _ => None,
                })?;
            let n = value.as_i64()?;
            let name = r.get("title").and_then(Value::as_str).map(str::to_owned);
            entries.push((n, name, text(r, "description")));
        }
        Some(self.integer_enum(s, entries, hint, false))
    }

    /// A union whose members are all strings (plain, `enum` or `const`):
    /// one string enum of every value listed, open when a member takes any
    /// string; a plain string when none lists values. `None` when a member
    /// is not a string.
    fn string_union(&mut self, s: &Value, kept: &[(Loc, &'d Value, &'d Value)], hint: &str) -> Option<Ty> {
        let mut values: Vec<Value> = Vec::new();
        let mut open = false;
        for (_, _, r) in kept {
            let typed_string = r.get("type").and_then(Value::as_str) == Some("string");
            let listed: Vec<&Value> = match (r.get("enum").and_then(Value::as_array), r.get("const")) {
                (Some(list), _) => list.iter().filter(|v| !v.is_null()).collect(),
                (None, Some(c)) => vec![c],
                (None, None)
                    if typed_string
                        && ["properties", "items", "oneOf", "anyOf", "allOf"].iter().all(|k| r.get(*k).is_none()) =>
                {
                    open = true;
                    continue;
                }
                (None, None) => return None,
            };
            if listed.is_empty() || !listed.iter().all(|v| v.is_string()) {
                return None;
            }
            for v in listed {
                if !values.contains(v) {
                    values.push(v.clone());
                }
            }
        }
        if values.is_empty() {
            return Some(Ty::named("string"));
        }
        let mut nullable = false;
        Some(self.enum_schema(s, &values, &["string"], hint, &mut nullable, open))
    }

    /// `oneOf`/`anyOf` (a `null` member makes it nullable, a member that is
    /// a union of scalars adds its own members): one enum for strings or
    /// integer constants, a union of objects ([`Converter::object_union`]),
    /// else a union of members of different kinds
    /// ([`Converter::mixed_union`]); any JSON, noted, outside JSON bodies.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn union(
        &mut self,
        at: &Loc,
        s: &'d Value,
        key: &str,
        members: &'d [Value],
        hint: &str,
        component: bool,
        place: Place,
        nullable: &mut bool,
    ) -> Result<Ty, ImportError> {
        let mut kept = Vec::new();
        // A member that is itself a union of scalars adds its members (a few deep).
        let mut pending: Vec<(Loc, &'d Value, usize)> =
            members.iter().enumerate().rev().map(|(i, m)| (at.child(key).child(i), m, 0)).collect();
        while let Some((m_at, m, depth)) = pending.pop() {
            let (resolved_at, resolved, _) = self.docs.deref_or_self(&m_at, m)?;
            if resolved.get("type").and_then(Value::as_str) == Some("null") {
                *nullable = true;
                continue;
            }
            let nested = ["oneOf", "anyOf"].into_iter().find_map(|k| Some((k, resolved.get(k)?.as_array()?)));
            if let Some((nested_key, nested)) = nested.filter(|_| self.scalar_union(&resolved_at, resolved, depth)) {
                let inner = nested.iter().enumerate().rev();
                pending.extend(inner.map(|(i, n)| (resolved_at.child(nested_key).child(i), n, depth + 1)));
                continue;
            }
            kept.push((m_at, m, resolved));
        }
        if kept.len() == 1 && s.get("properties").is_none() {
            let (m_at, m, _) = kept.remove(0);
            return self.schema(&m_at, m, hint, place);
        }
        if let Some(ty) = self.string_union(s, &kept, hint).or_else(|| self.integer_union(s, &kept, hint)) {
            return Ok(ty);
        }
        let objects = kept.iter().all(|(_, _, r)| is_object_like(r));
        // A form field or a parameter may be a union of scalars, sent as text.
        let scalars = kept.iter().all(|(_, _, r)| scalar_kind(r).is_some());
        if kept.is_empty() || !(place == Place::Json || scalars) {
            return Ok(untyped_union(key, &kept, "kept as any JSON"));
        }
        // Members that are any object (`type: object` alone) beside objects:
        // the value may be any object, so the objects' fields are kept, each
        // optional, and other keys beside them.
        let (any, described): (Vec<_>, Vec<_>) = kept.iter().cloned().partition(|(_, _, r)| any_object(r));
        let objects_and_any = !any.is_empty() && !described.is_empty();
        if place == Place::Json && objects_and_any && described.iter().all(|(_, _, r)| is_object_like(r)) {
            let mut ty = self.merged_object(at, s, &described, hint, true)?;
            ty.notes.push(format!(
                "`{key}` of objects and any object: one object with every member's fields, each optional, \
                 that keeps other keys"
            ));
            return Ok(ty);
        }
        if !objects {
            return self.mixed_union(at, s, key, &kept, hint, component, nullable);
        }
        self.object_union(at, s, key, &kept, hint, component)
    }

    /// A union of object types (`properties` or `allOf`): tagged by the
    /// document's discriminator, else by a required field to which each
    /// member gives its own single value, else untagged when their required
    /// fields tell them apart, else one object with every member's fields.
    fn object_union(
        &mut self,
        at: &Loc,
        s: &'d Value,
        key: &str,
        kept: &[(Loc, &'d Value, &'d Value)],
        hint: &str,
        component: bool,
    ) -> Result<Ty, ImportError> {
        let place = Place::Json;
        // Merged members leave none of their own types behind.
        let checkpoint = self.checkpoint();
        let mut names = Vec::new();
        let mut required = Vec::new();
        for (i, (m_at, m, _)) in kept.iter().enumerate() {
            let ty = self.schema(m_at, m, &format!("{hint} option {}", i + 1), place)?;
            match self.types.get(&ty.ty).and_then(|t| t.required.clone()) {
                Some(fields) if !names.contains(&ty.ty) => {
                    required.push(Some(fields));
                    names.push(ty.ty);
                }
                _ => {
                    names.clear();
                    break;
                }
            }
        }
        // A discriminator tags the union when every member requires its field;
        // without a usable one, a field that every member gives its own value.
        let mut untagged = None;
        if names.len() == kept.len() && names.len() >= 2 {
            let declared = s.pointer("/discriminator/propertyName").and_then(Value::as_str);
            let tagged = declared.and_then(|field| match self.tag_values(s, field, kept, &names, &required) {
                Ok(tags) => Some((field.to_owned(), tags)),
                Err(why) => {
                    untagged = Some(format!("the discriminator `{field}` cannot tag this union ({why})"));
                    None
                }
            });
            if let Some((field, tags)) = tagged.or_else(|| self.implicit_tag(kept, &names, &required)) {
                let mut yaml = Map::new();
                let doc = text(s, "description").unwrap_or_else(|| format!("One of {}.", names.join(", ")));
                yaml.str("doc", doc);
                yaml.insert("one_of", Node::List(names));
                yaml.str("tag", field);
                yaml.insert("tags", Node::Map(Map(tags.into_iter().map(|(v, m)| entry(&v, Node::Str(m))).collect())));
                return Ok(Ty::named(self.add_type(hint, component, None, yaml, None)));
            }
        }
        let kinds: Vec<JsonKind<RequiredField>> =
            required.iter().map(|r| r.clone().map_or(JsonKind::Union, JsonKind::Object)).collect();
        if names.len() >= 2 && shadowed_members(&kinds).is_empty() {
            let mut yaml = Map::new();
            yaml.str("doc", text(s, "description").unwrap_or_else(|| format!("One of {}.", names.join(", "))));
            yaml.insert("one_of", Node::List(names));
            let mut ty = Ty::named(self.add_type(hint, component, None, yaml, None));
            ty.notes.extend(untagged.map(|why| format!("{why}: decoded untagged, the first member that fits")));
            return Ok(ty);
        }
        // Members that cannot be told apart by their required fields: one
        // object with every member's fields, each optional.
        self.rollback(checkpoint);
        let mut ty = self.merged_object(at, s, kept, hint, false)?;
        ty.notes.push(format!(
            "`{key}` of objects that their required fields cannot tell apart: one object with every member's fields, \
             each optional"
        ));
        ty.notes.extend(untagged);
        Ok(ty)
    }

    /// The schemas a discriminator on a component without `oneOf` chooses
    /// between ([`Documents::subtypes`]), as `$ref`s from it, to be read as
    /// a `oneOf`. `None` for fewer than two.
    pub(super) fn subtypes(&self, loc: &Loc, s: &Value) -> Option<&'d Vec<Value>> {
        let found = self.docs.subtypes(loc, s);
        if found.len() < 2 {
            return None;
        }
        let refs = found.into_iter().map(|(_, r)| serde_json::json!({ "$ref": r })).collect();
        match self.made.alloc(Value::Array(refs)) {
            Value::Array(members) => Some(members),
            _ => None,
        }
    }

    /// One object with every member's fields, each optional; with `open`,
    /// it keeps keys beyond them too (`extra: any`).
    fn merged_object(
        &mut self,
        at: &Loc,
        s: &'d Value,
        kept: &[(Loc, &'d Value, &'d Value)],
        hint: &str,
        open: bool,
    ) -> Result<Ty, ImportError> {
        let mut props = IndexMap::new();
        for (m_at, m, _) in kept {
            for (k, p) in self.properties(m_at, m)?.0 {
                props.entry(k).or_insert(p);
            }
        }
        let kind = if open { "merged open" } else { "merged" };
        let key = shape_key(kind, at, s);
        self.object_from(Shape { key, props, required: Vec::new(), schema: s, at: at.clone(), open }, hint, None)
    }

    /// The field that tags a union whose document gives no usable
    /// discriminator: the first that every member requires as a string and
    /// to which each member's schema gives a single value of its own
    /// (`enum: [text]`, `const`), with those values.
    fn implicit_tag(
        &self,
        kept: &[(Loc, &'d Value, &'d Value)],
        names: &[String],
        required: &[Option<Vec<RequiredField>>],
    ) -> Option<(String, Vec<(String, String)>)> {
        'fields: for (field, _, _) in required.first()?.as_ref()? {
            let mut tags: Vec<(String, String)> = Vec::new();
            for (i, ((m_at, m, _), name)) in kept.iter().zip(names).enumerate() {
                let own_required = required.get(i)?.as_ref()?;
                if !own_required.iter().any(|(wire, ty, _)| wire == field && self.is_string_or_enum(ty)) {
                    continue 'fields;
                }
                let props = self.properties(m_at, m).ok()?.0;
                let Some((p_at, p)) = props.get(field) else { continue 'fields };
                let own = self.docs.deref_or_self(p_at, p).ok()?.1;
                match single_value(own) {
                    Some(value) if !tags.iter().any(|(v, _)| *v == value) => tags.push((value, name.clone())),
                    _ => continue 'fields,
                }
            }
            return Some((field.clone(), tags));
        }
        None
    }

    /// Whether the schema `r` (at `at`) is a union (`oneOf`, `anyOf`) of
    /// scalars alone, directly or through such unions (a few deep): a union
    /// that lists it as a member takes its members.
    fn scalar_union(&self, at: &Loc, r: &'d Value, depth: usize) -> bool {
        if depth > 4 || ["properties", "discriminator", "allOf", "items"].iter().any(|k| r.get(*k).is_some()) {
            return false;
        }
        let Some((key, members)) = ["oneOf", "anyOf"].into_iter().find_map(|k| Some((k, r.get(k)?.as_array()?))) else {
            return false;
        };
        members.iter().enumerate().all(|(i, m)| {
            let Ok((m_at, m, _)) = self.docs.deref_or_self(&at.child(key).child(i), m) else { return false };
            scalar_kind(m).is_some()
                || m.get("type").and_then(Value::as_str) == Some("null")
                || self.scalar_union(&m_at, m, depth + 1)
        })
    }

    /// A union of members of different JSON kinds (`string | [string]`,
    /// `string | integer`, a string or an object): a union of the members,
    /// those of one scalar kind made one (the strings one enum of every value
    /// listed), members that take more than others of their kind (numbers,
    /// objects without required fields, maps and arrays of any JSON) last,
    /// since decoding keeps the first that fits. Any JSON, noted, when a
    /// member is untyped or two cannot be told apart.
    #[allow(clippy::too_many_arguments)]
    fn mixed_union(
        &mut self,
        at: &Loc,
        s: &'d Value,
        key: &str,
        kept: &[(Loc, &'d Value, &'d Value)],
        hint: &str,
        component: bool,
        nullable: &mut bool,
    ) -> Result<Ty, ImportError> {
        // Members by kind: each scalar kind one group, the objects one group
        // (a union of their own), every other member its own.
        let group_of = |r: &Value| scalar_kind(r).or_else(|| is_object_like(r).then_some("object"));
        let mut groups: Vec<(Option<&'static str>, Vec<usize>)> = Vec::new();
        for (i, (_, _, r)) in kept.iter().enumerate() {
            let kind = group_of(r);
            match groups.iter_mut().find(|(k, _)| k.is_some() && *k == kind) {
                Some((_, list)) => list.push(i),
                None => groups.push((kind, vec![i])),
            }
        }
        // A union given up leaves none of its members' types behind.
        let checkpoint = self.checkpoint();
        let mut names: Vec<String> = Vec::new();
        let mut notes = Vec::new();
        for (kind, list) in groups {
            let subset: Vec<_> = list.iter().map(|&i| kept[i].clone()).collect();
            let (m_at, m, _) = &subset[0];
            let member_hint = format!("{hint} option {}", list[0] + 1);
            let ty = match kind {
                // One member of its kind is converted as itself (a component
                // keeps its name); a member is named as a member, the union's
                // own name being the union's.
                _ if subset.len() == 1 => self.schema(m_at, m, &member_hint, Place::Json)?,
                Some("string") => self.string_union(s, &subset, &member_hint).unwrap_or_else(|| Ty::named("string")),
                Some("integer") => self.integer_union(s, &subset, &member_hint).unwrap_or_else(|| Ty::named("integer")),
                Some("object") => self.object_union(at, s, key, &subset, &format!("{hint} object"), false)?,
                Some(scalar) => Ty::named(scalar),
                None => self.schema(m_at, m, &member_hint, Place::Json)?,
            };
            *nullable |= ty.nullable;
            let (name, member_notes) = self.inner_name(ty, m_at, m, &member_hint);
            notes.extend(member_notes);
            if name == "any" {
                self.rollback(checkpoint);
                return Ok(untyped_union(key, kept, "a member is untyped: kept as any JSON"));
            }
            if !names.contains(&name) {
                names.push(name);
            }
        }
        Ok(self
            .one_of(s, names, notes, hint, component, checkpoint)
            .unwrap_or_else(|| untyped_union(key, kept, "members that cannot be told apart: kept as any JSON")))
    }

    /// A value of one of several JSON types (3.1's `type: [string,
    /// integer]`): the schema read as each type is a member, as if written
    /// `oneOf` (the keywords of one type do not apply to the others).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn type_union(
        &mut self,
        at: &Loc,
        s: &'d Value,
        types: &[&str],
        hint: &str,
        component: bool,
        place: Place,
        nullable: &mut bool,
    ) -> Result<Ty, ImportError> {
        let listed = types.join(", ");
        let scalars = types.iter().all(|t| ["string", "integer", "number", "boolean"].contains(t));
        // A form field or a parameter may be a union of scalars, sent as text.
        if place != Place::Json && !scalars {
            return Ok(Ty::noted("any", format!("a value of one of the types {listed} here: kept as any JSON")));
        }
        let checkpoint = self.checkpoint();
        let mut names: Vec<String> = Vec::new();
        let mut notes = Vec::new();
        for (i, t) in types.iter().enumerate() {
            let member_hint = format!("{hint} option {}", i + 1);
            let ty = self.of_type(at, s, Some(t), &member_hint, false, place)?;
            *nullable |= ty.nullable;
            let (name, member_notes) = self.inner_name(ty, at, s, &member_hint);
            notes.extend(member_notes);
            if name == "any" {
                self.rollback(checkpoint);
                return Ok(Ty::noted(
                    "any",
                    format!("a value of one of the types {listed}, one untyped: kept as any JSON"),
                ));
            }
            if !names.contains(&name) {
                names.push(name);
            }
        }
        Ok(self.one_of(s, names, notes, hint, component, checkpoint).unwrap_or_else(|| {
            Ty::noted(
                "any",
                format!("a value of one of the types {listed} that cannot be told apart: kept as any JSON"),
            )
        }))
    }

    /// The union of the spec types `names` (converted from `s`, with their
    /// `notes`), named from `hint`: the one type when there is one, `None`
    /// (everything since `checkpoint` undone) when members cannot be told apart.
    fn one_of(
        &mut self,
        s: &Value,
        names: Vec<String>,
        notes: Vec<String>,
        hint: &str,
        component: bool,
        checkpoint: Checkpoint,
    ) -> Option<Ty> {
        // Stable: the members that take more go last, the others keep their order.
        let mut members: Vec<(String, JsonKind<RequiredField>)> =
            names.into_iter().map(|n| (n.clone(), self.json_kind(&n, 0))).collect();
        members.sort_by_key(|(_, kind)| kind.is_broad());
        let (names, kinds): (Vec<String>, Vec<_>) = members.into_iter().unzip();
        if names.len() == 1 {
            return Some(Ty { notes, ..Ty::named(&names[0]) });
        }
        if !shadowed_members(&kinds).is_empty() {
            self.rollback(checkpoint);
            return None;
        }
        let mut yaml = Map::new();
        yaml.str("doc", text(s, "description").unwrap_or_else(|| format!("One of {}.", names.join(", "))));
        yaml.insert("one_of", Node::List(names));
        Some(Ty { notes, ..Ty::named(self.add_type(hint, component, None, yaml, None)) })
    }

    /// Whether the spec type `name` is a string or an enum: what a union's
    /// tag field may be, as validation has it.
    fn is_string_or_enum(&self, name: &str) -> bool {
        name == "string" || self.types.get(name).is_some_and(|t| t.yaml.0.iter().any(|e| e.key == "enum"))
    }

    /// What JSON the spec type `name` takes, as unions compare members:
    /// aliases followed a few deep, as validation follows them.
    fn json_kind(&self, name: &str, depth: usize) -> JsonKind<RequiredField> {
        if let Some(kind) = JsonKind::of_builtin(name) {
            return kind;
        }
        let Some(t) = self.types.get(name) else { return JsonKind::Union };
        if let Some(required) = &t.required {
            return JsonKind::Object(required.clone());
        }
        let get = |key: &str| {
            t.yaml.0.iter().find(|e| e.key == key).and_then(|e| match &e.value {
                Node::Str(v) | Node::Raw(v) => Some(v.clone()),
                _ => None,
            })
        };
        let base = get("type");
        if t.yaml.0.iter().any(|e| e.key == "enum") {
            return if base.as_deref() == Some("integer") { JsonKind::Integer } else { JsonKind::String };
        }
        let inner = || get("items").or_else(|| get("values")).unwrap_or_default();
        match base.as_deref() {
            Some("array") => JsonKind::Array(inner()),
            Some("map") => JsonKind::Map(inner()),
            Some(other) if depth < 8 => self.json_kind(other, depth + 1),
            _ => JsonKind::Union,
        }
    }

    /// The tag value of each member of a union with a discriminator on
    /// `field`: the document's `mapping`, else the single value the member's
    /// field allows (`enum: [system]`, `const`), else the member's schema
    /// name (OpenAPI's implicit mapping). Every member must require the
    /// field as a string; why not, when one does not.
    fn tag_values(
        &self,
        s: &'d Value,
        field: &str,
        kept: &[(Loc, &'d Value, &'d Value)],
        names: &[String],
        required: &[Option<Vec<RequiredField>>],
    ) -> Result<Vec<(String, String)>, String> {
        let mapping = s.pointer("/discriminator/mapping").and_then(Value::as_object);
        let mut tags: Vec<(String, String)> = Vec::new();
        for (i, ((m_at, m, _), name)) in kept.iter().zip(names).enumerate() {
            let ty = required[i].as_ref().and_then(|r| r.iter().find(|(wire, _, _)| wire == field));
            let string = ty.is_some_and(|(_, ty, _)| self.is_string_or_enum(ty));
            if !string {
                return Err(format!("`{name}` does not require it as a string"));
            }
            // A mapping names a member by its reference, or by its schema name.
            let reference = m.get("$ref").and_then(Value::as_str);
            let schema_name = reference.and_then(|r| r.rsplit('/').next());
            let mapped: Vec<String> = mapping
                .into_iter()
                .flatten()
                .filter(|(_, target)| {
                    let target = target.as_str().unwrap_or("");
                    Some(target) == reference || Some(target.rsplit('/').next().unwrap_or(target)) == schema_name
                })
                .map(|(value, _)| value.clone())
                .collect();
            let values = if !mapped.is_empty() {
                mapped
            } else {
                let props = self.properties(m_at, m).map_err(|e| e.to_string())?.0;
                let own = match props.get(field) {
                    Some((p_at, p)) => self.docs.deref_or_self(p_at, p).map_err(|e| e.to_string())?.1,
                    None => &NO_SCHEMA,
                };
                let value = single_value(own).or_else(|| schema_name.map(str::to_owned));
                vec![value.unwrap_or_else(|| name.clone())]
            };
            for value in values {
                if tags.iter().any(|(v, _)| *v == value) {
                    return Err(format!("the value `{value}` names two members"));
                }
                tags.push((value, name.clone()));
            }
        }
        Ok(tags)
    }
}

/// The one value a schema allows (`enum: [system]`, `const: system`), if a string.
fn single_value(s: &Value) -> Option<String> {
    if let Some(v) = s.get("const").and_then(Value::as_str) {
        return Some(v.to_owned());
    }
    match s.get("enum").and_then(Value::as_array).map(Vec::as_slice) {
        Some([Value::String(v)]) => Some(v.clone()),
        _ => None,
    }
}

/// A schema in a few words, for notes.
/// A union kept as any JSON, with a note naming its members' shapes and why.
fn untyped_union(key: &str, kept: &[(Loc, &Value, &Value)], why: &str) -> Ty {
    let shapes: Vec<String> = kept.iter().map(|(_, _, r)| describe(r)).collect();
    Ty::noted("any", format!("`{key}` of {}: {why}", shapes.join(", ")))
}

/// Whether a union member is an object with fields: `properties`, or `allOf`.
/// Whether a union member is any JSON object: `type: object` with nothing
/// that describes its keys (other keys of any value allowed).
fn any_object(r: &Value) -> bool {
    r.get("type").and_then(Value::as_str) == Some("object")
        && ["properties", "allOf", "oneOf", "anyOf", "items", "enum", "const", "patternProperties", "propertyNames"]
            .iter()
            .all(|k| r.get(*k).is_none())
        && r.get("additionalProperties").is_none_or(|a| *a == Value::Bool(true))
}

fn is_object_like(r: &Value) -> bool {
    r.get("properties").and_then(Value::as_object).is_some_and(|p| !p.is_empty()) || r.get("allOf").is_some()
}

/// The scalar kind of a union member (`string`, `integer`, `number`,
/// `boolean`) from its `type`, else from its `const` or `enum` values;
/// `None` for a member that is not a scalar.
fn scalar_kind(r: &Value) -> Option<&'static str> {
    if ["properties", "items", "oneOf", "anyOf", "allOf", "additionalProperties"].iter().any(|k| r.get(*k).is_some()) {
        return None;
    }
    let of_value = |v: &Value| match v {
        Value::String(_) => Some("string"),
        Value::Number(n) if n.is_i64() || n.is_u64() => Some("integer"),
        Value::Number(_) => Some("number"),
        Value::Bool(_) => Some("boolean"),
        _ => None,
    };
    match r.get("type") {
        Some(Value::String(t)) => ["string", "integer", "number", "boolean"].into_iter().find(|k| k == t),
        Some(_) => None,
        None => r.get("const").and_then(of_value).or_else(|| {
            let values = r.get("enum")?.as_array()?;
            let kinds: Vec<_> = values.iter().filter(|v| !v.is_null()).map(of_value).collect();
            kinds.first().copied().flatten().filter(|k| kinds.iter().all(|o| *o == Some(k)))
        }),
    }
}
