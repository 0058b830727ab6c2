//! Schemas → field types and named types: scalars, enums, arrays, maps,
//! objects and aliases, each named type registered once (by place for a
//! component, by shape for an inline schema).

use super::*;

impl<'d> Converter<'d> {
    /// The properties of an object schema, `allOf` members merged, with the required names.
    #[allow(clippy::type_complexity)]
    pub(super) fn properties(
        &self,
        at: &Loc,
        schema: &'d Value,
    ) -> Result<(IndexMap<String, (Loc, &'d Value)>, Vec<String>), ImportError> {
        self.properties_with(at, schema, false)
    }

    /// The fields of a form: the properties as [`Converter::properties`]
    /// gives them, and those of the members of a union (`anyOf`, `oneOf`),
    /// each optional: a form is one list of fields, whichever member it is.
    #[allow(clippy::type_complexity)]
    pub(super) fn form_properties(
        &self,
        at: &Loc,
        schema: &'d Value,
    ) -> Result<(IndexMap<String, (Loc, &'d Value)>, Vec<String>), ImportError> {
        self.properties_with(at, schema, true)
    }

    #[allow(clippy::type_complexity)]
    fn properties_with(
        &self,
        at: &Loc,
        schema: &'d Value,
        unions: bool,
    ) -> Result<(IndexMap<String, (Loc, &'d Value)>, Vec<String>), ImportError> {
        let mut props = IndexMap::new();
        let mut required = Vec::new();
        let mut seen = HashSet::new();
        self.collect_properties(at, schema, &mut props, &mut required, (0, &mut seen), unions)?;
        Ok((props, required))
    }

    fn collect_properties(
        &self,
        at: &Loc,
        schema: &'d Value,
        props: &mut IndexMap<String, (Loc, &'d Value)>,
        required: &mut Vec<String>,
        (depth, seen): (usize, &mut HashSet<Loc>),
        unions: bool,
    ) -> Result<(), ImportError> {
        if depth > 32 {
            return Err(self.docs.error(at.doc, format!("the `allOf`s at {} nest too deep", at.pointer)));
        }
        let (at, schema, _) = self.docs.deref_or_self(at, schema)?;
        // A schema met again (`allOf` in a cycle, or two parents sharing
        // one) adds nothing it has not added.
        if !seen.insert(at.clone()) {
            return Ok(());
        }
        for (i, member) in schema.get("allOf").and_then(Value::as_array).into_iter().flatten().enumerate() {
            let at = at.child("allOf").child(i);
            self.collect_properties(&at, member, props, required, (depth + 1, &mut *seen), unions)?;
        }
        for (name, prop) in schema.get("properties").and_then(Value::as_object).into_iter().flatten() {
            props.insert(name.clone(), (at.child("properties").child(name), prop));
        }
        for key in ["anyOf", "oneOf"].into_iter().filter(|_| unions) {
            for (i, member) in schema.get(key).and_then(Value::as_array).into_iter().flatten().enumerate() {
                // A member's own required fields are not the form's.
                let mut member_props = IndexMap::new();
                let at = at.child(key).child(i);
                let within = (depth + 1, &mut *seen);
                self.collect_properties(&at, member, &mut member_props, &mut Vec::new(), within, unions)?;
                for (name, prop) in member_props {
                    props.entry(name).or_insert(prop);
                }
            }
        }
        for r in schema.get("required").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str) {
            if !required.iter().any(|x| x == r) {
                required.push(r.to_owned());
            }
        }
        Ok(())
    }

    /// Converts a schema to a field type, naming the types it needs.
    pub(super) fn schema(&mut self, at: &Loc, schema: &'d Value, hint: &str, place: Place) -> Result<Ty, ImportError> {
        // Nesting this deep is a document built to exhaust the stack.
        const MOST_DEPTH: usize = 96;
        if self.depth >= MOST_DEPTH {
            return Ok(Ty::noted("any", format!("schemas nested over {MOST_DEPTH} deep: kept as any JSON")));
        }
        self.depth += 1;
        let ty = self.schema_within(at, schema, hint, place);
        self.depth -= 1;
        ty
    }

    fn schema_within(&mut self, at: &Loc, schema: &'d Value, hint: &str, place: Place) -> Result<Ty, ImportError> {
        let (loc, s, followed) = match self.docs.deref(at, schema) {
            Ok(found) => found,
            // A schema in a document the vendor does not publish beside this one.
            Err(ImportError::Unresolved { reference, why, .. }) => {
                let note = format!("`$ref: {reference}` cannot be followed ({why}): kept as any JSON");
                return Ok(Ty::noted("any", note));
            }
            Err(e) => return Err(e),
        };
        // A schema reached through a reference keeps its name when it is a
        // component, or anywhere in a file of parts (`schemas/pet.yaml`,
        // `common.yaml#/Pet`), as a bundler would make it one.
        let component = followed
            && (loc.pointer.starts_with("/components/schemas/")
                || (!self.docs.is_openapi(loc.doc)
                    && loc.pointer.matches('/').count() <= 2
                    && loc.pointer.rsplit('/').next().is_none_or(|last| last.parse::<usize>().is_err())));
        if component {
            if let Some(known) = self.by_loc.get(&loc) {
                return Ok(known.clone());
            }
        }
        // Lower case: vendors write `Integer` too.
        let types: Vec<String> = match s.get("type") {
            Some(Value::String(t)) => vec![t.to_ascii_lowercase()],
            Some(Value::Array(list)) => list.iter().filter_map(Value::as_str).map(str::to_ascii_lowercase).collect(),
            // `items` alone describes an array (JSON Schema applies it to arrays only).
            _ if s.get("items").is_some_and(|i| i.is_object() || i.is_array()) || s.get("prefixItems").is_some() => {
                vec!["array".to_owned()]
            }
            _ => Vec::new(),
        };
        let mut nullable =
            s.get("nullable").and_then(Value::as_bool) == Some(true) || types.iter().any(|t| t == "null");
        let types: Vec<&str> = types.iter().map(String::as_str).filter(|t| *t != "null").collect();
        let name_hint = if component && loc.pointer.is_empty() {
            let stem = self.docs.doc(loc.doc).path.file_stem().map(|s| s.to_string_lossy().into_owned());
            stem.unwrap_or_else(|| hint.to_owned())
        } else if component {
            last_segment(&loc.pointer).unwrap_or_else(|| hint.to_owned())
        } else {
            hint.to_owned()
        };
        // An empty `enum` says nothing (Discord writes one beside `allOf`).
        let mut ty = if place == Place::Json && only_null(s) {
            // A value that is always null (3.1's `type: 'null'`, 3.0's
            // `nullable` with `enum: [null]`): being there is what it says.
            nullable = true;
            Ty::named("null")
        } else if let Some(values) = s.get("enum").and_then(Value::as_array).filter(|v| !v.is_empty()) {
            self.enum_schema(s, values, &types, &name_hint, &mut nullable, false)
        } else if let Some(values) = s.get("x-known-values").and_then(Value::as_array).filter(|v| !v.is_empty()) {
            // An open enum as this tool's export writes it: these values, and others.
            self.enum_schema(s, values, &types, &name_hint, &mut nullable, true)
        } else if let Some(value) = s.get("const").filter(|c| !c.is_null()) {
            // 3.1's `const` is an enum of one value.
            self.enum_schema(s, std::slice::from_ref(value), &types, &name_hint, &mut nullable, false)
        } else if let Some((key, members)) = ["oneOf", "anyOf"]
            .iter()
            .find_map(|k| Some((*k, s.get(*k)?.as_array()?)))
            .filter(|(_, members)| !members.iter().all(only_required))
            .or_else(|| component.then(|| self.subtypes(&loc, s)).flatten().map(|m| ("oneOf", m)))
        {
            // An inline union met again (the same schema, in the same place
            // kind) is the type it gave the first time.
            let shape = (!component).then(|| shape_key(&format!("union {place:?}"), &loc, s));
            match shape.as_ref().and_then(|k| self.by_union.get(k)) {
                Some((ty, union_nullable)) => {
                    nullable |= *union_nullable;
                    ty.clone()
                }
                // A union that contains itself (through a map or an array) is
                // named where it meets itself; the name is settled once it is converted.
                None if component && self.unions_open.contains_key(&loc) => match self.unions_open[&loc].clone() {
                    Some(name) => Ty::named(name),
                    None => {
                        let name = self.add_type(&name_hint, true, None, Map::new(), None);
                        self.unions_open.insert(loc.clone(), Some(name.clone()));
                        Ty::named(name)
                    }
                },
                None => {
                    let mut union_nullable = false;
                    if component {
                        self.unions_open.insert(loc.clone(), None);
                    }
                    let ty = self.union(&loc, s, key, members, &name_hint, component, place, &mut union_nullable);
                    let met_itself = self.unions_open.remove(&loc).flatten();
                    let mut ty = ty?;
                    if let Some(name) = met_itself {
                        ty = self.settle_self_reference(name, ty);
                    }
                    nullable |= union_nullable;
                    self.by_union.extend(shape.map(|shape| (shape, (ty.clone(), union_nullable))));
                    ty
                }
            }
        } else if let Some(inner) = annotated_reference(s).filter(|_| !component) {
            // `allOf: [$ref]` beside a description or `nullable`: the type referred to.
            self.schema(&loc.child("allOf").child(0), inner, &name_hint, place)?
        } else if types.len() > 1 {
            // 3.1's `type: [string, integer]`: the schema read as each type.
            self.type_union(&loc, s, &types, &name_hint, component, place, &mut nullable)?
        } else {
            self.of_type(&loc, s, types.first().copied(), &name_hint, component, place)?
        };
        ty.nullable |= nullable;
        // Sets of fields an object type keeps as its `requires`; noted elsewhere.
        let kept = self.types.get(&ty.ty).is_some_and(|t| t.yaml.0.iter().any(|e| e.key == "requires"));
        ty.notes.extend(required_sets(s).filter(|_| !kept));
        // Lengths of a string (an array's are its items'), counts of an array.
        let count = |key: &str| s.get(key).and_then(Value::as_u64);
        let string = ty.ty == "string";
        if string {
            (ty.min_length, ty.max_length) = (count("minLength"), count("maxLength"));
        }
        let array = ty.ty == "array";
        if array {
            ty.min_items = count("minItems");
            ty.unique_items = s.get("uniqueItems") == Some(&Value::Bool(true));
        }
        let map = ty.ty == "map";
        let kept = |key: &str| match key {
            "pattern" => string,
            "minLength" | "maxLength" => string && count(key).is_some(),
            "minItems" => array && count(key).is_some(),
            "uniqueItems" => array,
            "minProperties" | "maxProperties" => map && count(key).is_some(),
            "propertyNames" => map && ty.keys.is_some(),
            _ => false,
        };
        let keys = ["minLength", "maxLength", "pattern", "minItems", "uniqueItems", "minProperties", "maxProperties"];
        for key in keys.into_iter().chain(["propertyNames"]).filter(|k| !kept(k)) {
            match s.get(key) {
                Some(Value::Bool(false)) | None => {}
                Some(v) => ty.notes.push(format!("`{key}: {v}` (the format has no such limit)")),
            }
        }
        drop_contradictions(&mut ty);
        if component {
            self.by_loc.insert(loc, Ty { notes: Vec::new(), ..ty.clone() });
        }
        Ok(ty)
    }

    /// A schema read as the JSON type `t` (its `type`, or one of them):
    /// the keywords that apply to that type make the type.
    pub(super) fn of_type(
        &mut self,
        loc: &Loc,
        s: &'d Value,
        t: Option<&str>,
        name_hint: &str,
        component: bool,
        place: Place,
    ) -> Result<Ty, ImportError> {
        let fields = s.get("properties").and_then(Value::as_object).is_some_and(|p| !p.is_empty());
        if matches!(t, Some("object") | None) && (fields || s.get("allOf").is_some()) {
            return self.object_or_all_of(loc, s, name_hint, component, place);
        }
        Ok(match t {
            // A date or time is its own type, kept as the text that came.
            Some("string")
                if s.get("format").and_then(Value::as_str).and_then(|f| Temporal::from_name(f.trim())).is_some() =>
            {
                Ty::named(s.get("format").and_then(Value::as_str).unwrap_or_default().trim())
            }
            Some("string") => {
                let mut ty = Ty::named("string");
                match s.get("format").and_then(Value::as_str).map(str::trim) {
                    Some("binary") if place != Place::Form => {
                        ty.notes.push("binary content in a JSON value: kept as a string".to_owned())
                    }
                    Some(f) if is_format_name(f) => ty.format = Some(f.to_owned()),
                    _ => {}
                }
                match s.get("pattern").and_then(Value::as_str) {
                    Some(p) if pattern_problem(p).is_none() => ty.pattern = Some(p.to_owned()),
                    Some(p) => ty.notes.push(format!("`pattern: {p}` (not a regular expression the format reads)")),
                    None => {}
                }
                ty
            }
            Some(t @ ("integer" | "number")) => {
                let mut ty = Ty::named(t);
                bounds(s, &mut ty);
                ty
            }
            Some("boolean") => Ty::named("boolean"),
            Some("array") => self.array(loc, s, name_hint, place)?,
            Some("object") | None => {
                let patterns = s.get("patternProperties").and_then(Value::as_object).filter(|p| !p.is_empty());
                match (s.get("additionalProperties").filter(|a| a.is_object()), patterns) {
                    (Some(_), _) | (None, Some(_)) if place != Place::Json => {
                        Ty::noted("any", "an object where the format takes a scalar".to_owned())
                    }
                    (Some(values), _) => {
                        map_limits(s, self.map(&loc.child("additionalProperties"), values, name_hint)?)
                    }
                    // Keys that match a pattern, each with a value of its schema:
                    // a map of that schema, whose keys match the pattern if one.
                    (None, Some(patterns)) => {
                        let (first, values) = patterns.iter().next().expect("not empty");
                        if patterns.values().any(|v| v != values) {
                            let note = format!(
                                "`patternProperties` whose {} patterns give different values: values kept as any JSON",
                                patterns.len()
                            );
                            let mut ty = map_limits(s, Ty { values: Some("any".to_owned()), ..Ty::named("map") });
                            ty.notes.push(note);
                            ty
                        } else {
                            let at = loc.child("patternProperties").child(first);
                            let mut ty = map_limits(s, self.map(&at, values, name_hint)?);
                            if ty.keys.is_none() && patterns.len() == 1 && pattern_problem(first).is_none() {
                                ty.keys = Some((Some(first.clone()), None, None));
                            }
                            ty
                        }
                    }
                    // `type: object` and nothing more: an object of any
                    // values (OpenAPI's default `additionalProperties`).
                    (None, None)
                        if t == Some("object")
                            && place == Place::Json
                            && s.get("additionalProperties") != Some(&Value::Bool(false)) =>
                    {
                        map_limits(s, Ty { values: Some("any".to_owned()), ..Ty::named("map") })
                    }
                    (None, None) => Ty::named("any"),
                }
            }
            // A vendor slip: a date or time format written as the type.
            Some(t) if Temporal::from_name(t.trim()).is_some() => {
                let mut ty = Ty::named(t.trim());
                ty.notes.push(format!("the type `{t}`, which is a string format: taken as `format: {t}`"));
                ty
            }
            Some(other) => Ty::noted("any", format!("the type `{other}`: kept as any JSON")),
        })
    }

    fn array(&mut self, at: &Loc, s: &'d Value, hint: &str, place: Place) -> Result<Ty, ImportError> {
        let mut ty = Ty { max_items: s.get("maxItems").and_then(Value::as_u64), ..Ty::named("array") };
        // A tuple (3.1's `prefixItems`, draft 4's `items: [..]`) is an array
        // whose items are each one of its item types.
        let tuple = match (s.get("prefixItems"), s.get("items")) {
            (Some(Value::Array(members)), rest) => Some(("prefixItems", members, rest)),
            (_, Some(Value::Array(members))) => Some(("items", members, s.get("additionalItems"))),
            _ => None,
        };
        let (items_at, items, inner) = match tuple {
            Some((key, members, rest)) if !members.is_empty() => {
                let more = rest.filter(|r| **r != Value::Bool(false) && !members.contains(r));
                if let Some(more) = more {
                    let note =
                        format!("a tuple (`{key}`) with other items after it ({}): kept as any JSON", describe(more));
                    return Ok(Ty::noted("any", note));
                }
                ty.notes.push(format!(
                    "a tuple (`{key}`) of {} items: an array whose items are each one of their types",
                    members.len()
                ));
                let item_hint = format!("{hint} item");
                if members.iter().all(|m| *m == members[0]) {
                    let item_at = at.child(key).child(0);
                    let inner = self.schema(&item_at, &members[0], &item_hint, place)?;
                    (item_at, &members[0], inner)
                } else {
                    let mut nullable = false;
                    let mut inner =
                        self.union(at, &NO_SCHEMA, key, members, &item_hint, false, place, &mut nullable)?;
                    inner.nullable |= nullable;
                    (at.child(key), &NO_SCHEMA, inner)
                }
            }
            _ => {
                let items = s.get("items").filter(|i| !i.is_array()).unwrap_or(&NO_SCHEMA);
                let inner = self.schema(&at.child("items"), items, &format!("{hint} item"), place)?;
                (at.child("items"), items, inner)
            }
        };
        if inner.ty == "file" {
            ty.notes.push(format!("items of {}: kept as any JSON (a JSON array holds no files)", describe(items)));
            ty.items = Some("any".to_owned());
        } else {
            ty.nullable_items = inner.nullable && place == Place::Json;
            // The format and pattern of strings are the array's in the spec format.
            if inner.ty == "string" {
                (ty.format, ty.pattern) = (inner.format.clone(), inner.pattern.clone());
                (ty.min_length, ty.max_length) = (inner.min_length, inner.max_length);
            }
            let (items, notes) = self.inner_name(inner, &items_at, items, &format!("{hint} item"));
            ty.items = Some(items);
            ty.notes.extend(notes);
        }
        Ok(ty)
    }

    /// A map (an object whose keys are not known in advance) of `values`.
    /// `values` is at `at`.
    fn map(&mut self, at: &Loc, values: &'d Value, hint: &str) -> Result<Ty, ImportError> {
        let inner = self.schema(at, values, &format!("{hint} value"), Place::Json)?;
        let nullable_items = inner.nullable;
        let (values, notes) = self.inner_name(inner, at, values, &format!("{hint} value"));
        Ok(Ty { values: Some(values), notes, nullable_items, ..Ty::named("map") })
    }

    /// The type name of an array's items or a map's values (converted from
    /// `schema`), with the notes of their schema: an array or map inside
    /// another is named by an alias, as the format nests them, after the
    /// component it refers to if any.
    pub(super) fn inner_name(&mut self, mut inner: Ty, at: &Loc, schema: &Value, hint: &str) -> (String, Vec<String>) {
        let notes = std::mem::take(&mut inner.notes);
        if inner.ty == "array" || inner.ty == "map" {
            (self.alias(inner, at, schema, hint, None), notes)
        } else {
            (inner.ty, notes)
        }
    }

    /// A string enum becomes a named enum type (one per distinct value list);
    /// other enums keep their base type with a note.
    /// An enum of `values` (`open` when the API also takes other strings).
    pub(super) fn enum_schema(
        &mut self,
        s: &Value,
        values: &[Value],
        types: &[&str],
        hint: &str,
        nullable: &mut bool,
        open: bool,
    ) -> Ty {
        *nullable |= values.iter().any(Value::is_null);
        let values: Vec<&Value> = values.iter().filter(|v| !v.is_null()).collect();
        let integers: Vec<i64> = values.iter().filter_map(|v| v.as_i64()).collect();
        if !values.is_empty()
            && integers.len() == values.len()
            && types.iter().all(|t| *t == "integer" || *t == "number")
        {
            // Names and meanings as OpenAPI generators write them, in value order.
            let names = s.get("x-enum-varnames").or_else(|| s.get("x-enumNames")).and_then(Value::as_array);
            let docs = s.get("x-enum-descriptions");
            let entries = integers
                .iter()
                .enumerate()
                .map(|(i, n)| {
                    let name = names.and_then(|l| l.get(i)).and_then(Value::as_str).map(str::to_owned);
                    let doc = match docs {
                        Some(Value::Array(list)) => list.get(i).and_then(Value::as_str).map(str::to_owned),
                        Some(Value::Object(map)) => map.get(&n.to_string()).and_then(Value::as_str).map(str::to_owned),
                        _ => None,
                    };
                    (*n, name, doc)
                })
                .collect();
            return self.integer_enum(s, entries, hint, open);
        }
        let mut strings: Vec<String> = values.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect();
        let base = types.first().copied().unwrap_or(if strings.len() == values.len() { "string" } else { "any" });
        if strings.len() != values.len() || strings.is_empty() || base != "string" {
            let list: Vec<String> = values.iter().map(|v| v.to_string()).collect();
            let base = if ["integer", "number", "boolean"].contains(&base) { base } else { "any" };
            let mut ty = Ty::named(base);
            if base != "boolean" && base != "any" {
                bounds(s, &mut ty);
            }
            ty.notes.push(format!("the enum [{}]: the format's enums are strings", list.join(", ")));
            return ty;
        }
        // A value listed twice is one value.
        let mut seen = HashSet::new();
        let twice: Vec<String> = strings.iter().filter(|v| !seen.insert(v.as_str())).cloned().collect();
        let mut note = None;
        if !twice.is_empty() {
            let mut seen = HashSet::new();
            strings.retain(|v| seen.insert(v.clone()));
            let list: Vec<String> = twice.iter().map(|v| format!("`{v}`")).collect();
            note = Some(format!("the enum lists {} more than once: kept once", list.join(", ")));
        }
        let mut rust: HashSet<String> = HashSet::from(["Other".to_owned()]);
        if let Some(bad) = strings.iter().find(|v| !rust.insert(camel(v))) {
            let what = format!(
                "the enum [{}]: `{bad}` has the same Rust name as another value; kept as a string",
                strings.join(", ")
            );
            return Ty::noted("string", what);
        }
        let key = format!("enum\u{0}{open}\u{0}{}", strings.join("\u{0}"));
        let mut ty = match self.by_shape.get(&key) {
            Some(name) => Ty::named(name.clone()),
            None => self.string_enum_type(s, &strings, hint, key, open),
        };
        ty.notes.extend(note);
        ty
    }

    /// A new named string enum of `strings`, the shape `key`.
    fn string_enum_type(&mut self, s: &Value, strings: &[String], hint: &str, key: String, open: bool) -> Ty {
        let description = text(s, "description").unwrap_or_default();
        let meanings = prose::enum_meanings(&description, strings);
        // Meanings by value, as this tool's export and other generators write them.
        let listed = s.get("x-enum-descriptions").and_then(Value::as_object);
        let mut values = Map::new();
        for (v, m) in strings.iter().zip(meanings) {
            let own = listed.and_then(|l| l.get(v)).and_then(Value::as_str).map(str::trim).filter(|m| !m.is_empty());
            values.str(v.clone(), own.map(str::to_owned).or(m).unwrap_or_else(|| format!("`{v}`.")));
        }
        let mut yaml = Map::new();
        yaml.str("doc", first_paragraph(&description).unwrap_or_else(|| format!("The values of {}.", readable(hint))));
        yaml.insert("enum", Node::Map(values));
        if open {
            yaml.raw("open", "true");
        }
        Ty::named(self.add_type(hint, false, Some(key), yaml, None))
    }

    /// An integer enum of `entries` (value, name, meaning): the names become
    /// the variants' where every one given is a distinct Rust name.
    pub(super) fn integer_enum(
        &mut self,
        s: &Value,
        entries: Vec<(i64, Option<String>, Option<String>)>,
        hint: &str,
        open: bool,
    ) -> Ty {
        let key = format!("intenum\u{0}{open}\u{0}{entries:?}");
        if let Some(name) = self.by_shape.get(&key) {
            return Ty::named(name.clone());
        }
        let mut seen = HashSet::from(["Other".to_owned()]);
        let named = entries.iter().all(|(_, name, _)| {
            name.as_deref().map(camel).is_some_and(|rust| is_rust_ident(&rust) && seen.insert(rust))
        });
        let description = text(s, "description").unwrap_or_default();
        let mut values = Map::new();
        let mut names = Map::new();
        for (n, name, doc) in &entries {
            let doc = doc.as_deref().map(prose::tidy).filter(|d| !d.is_empty());
            values.str(n.to_string(), doc.unwrap_or_else(|| format!("`{n}`.")));
            if let Some(name) = name.as_deref().filter(|_| named) {
                names.str(n.to_string(), camel(name));
            }
        }
        let mut yaml = Map::new();
        yaml.str("doc", first_paragraph(&description).unwrap_or_else(|| format!("The values of {}.", readable(hint))));
        yaml.raw("type", "integer");
        yaml.insert("enum", Node::Map(values));
        // Names that are the ones the format gives (`V192`) are not written.
        let given = names.0.iter().any(|e| {
            let default = e.key.parse().map(crate::model::integer_value_name);
            !matches!((&e.value, default), (Node::Str(name), Ok(d)) if *name == d)
        });
        if given {
            yaml.insert("names", Node::Map(names));
        }
        if open {
            yaml.raw("open", "true");
        }
        Ty::named(self.add_type(hint, false, Some(key), yaml, None))
    }

    /// A schema with properties or `allOf`: an object type, or for `allOf`
    /// of scalars the first member's type.
    fn object_or_all_of(
        &mut self,
        at: &Loc,
        s: &'d Value,
        hint: &str,
        component: bool,
        place: Place,
    ) -> Result<Ty, ImportError> {
        let (props, required) = self.properties(at, s)?;
        if props.is_empty() {
            return match s.get("allOf").and_then(Value::as_array).and_then(|a| a.first()) {
                Some(first) => self.schema(&at.child("allOf").child(0), first, hint, place),
                None => Ok(Ty::named("any")),
            };
        }
        if place != Place::Json {
            return Ok(Ty::noted("any", "an object where the format takes a scalar".to_owned()));
        }
        let key = shape_key("object", at, s);
        let shape = Shape { key, props, required, schema: s, at: at.clone(), open: false };
        self.object_from(shape, hint, component.then_some(at))
    }

    /// A named object type from its properties; `component` is where a
    /// component schema is (it keeps its name), `None` for an inline schema
    /// (one type per distinct shape).
    pub(super) fn object_from(
        &mut self,
        shape: Shape<'d>,
        hint: &str,
        component: Option<&Loc>,
    ) -> Result<Ty, ImportError> {
        let Shape { key, props, required, schema: s, at: shape_at, open } = shape;
        if component.is_none() {
            if let Some(name) = self.by_shape.get(&key) {
                return Ok(Ty::named(name.clone()));
            }
        }
        // Registered before its fields are converted: they may refer back to it.
        let name =
            self.add_type(hint, component.is_some(), component.is_none().then_some(key), Map::new(), Some(Vec::new()));
        let ty = Ty::named(name.clone());
        if let Some(at) = component {
            self.by_loc.insert(at.clone(), ty.clone());
        }
        let mut fields = Map::new();
        let mut rust: HashSet<String> = HashSet::new();
        let mut required_fields = Vec::new();
        let mut type_notes = Vec::new();
        for (wire, (p_at, prop)) in props {
            if wire.is_empty() {
                type_notes.push("a field named by the empty string: the format names every field".to_owned());
                continue;
            }
            let field_rust = distinct_rust(&wire, &rust);
            rust.insert(field_rust.clone());
            let ty = self.schema(&p_at, prop, &format!("{name} {wire}"), Place::Json)?;
            let (_, resolved, _) = self.docs.deref_or_self(&p_at, prop)?;
            let doc = text(prop, "description")
                .or_else(|| text(resolved, "description"))
                .unwrap_or_else(|| format!("The `{wire}` field."));
            let is_required = required.contains(&wire);
            if is_required {
                required_fields.push((wire.clone(), ty.ty.clone(), ty.items.clone()));
            }
            let example = example_of(prop).or_else(|| example_of(resolved));
            let mut yaml = field_map(&ty, &doc, is_required, default_of(resolved), example);
            rust_name(&mut yaml, &wire, &field_rust);
            let notes = self.notes(&format!("types.{name}.{wire}"), ty.notes);
            fields.insert(wire, Node::Map(yaml)).comment.extend(notes);
        }
        // A required name the properties do not describe must still be
        // there (JSON Schema's `required` alone): a field of any value.
        let undescribed: Vec<&String> =
            required.iter().filter(|r| !r.is_empty() && !fields.0.iter().any(|e| e.key == **r)).collect();
        for wire in undescribed {
            let field_rust = distinct_rust(wire, &rust);
            rust.insert(field_rust.clone());
            required_fields.push((wire.clone(), "any".to_owned(), None));
            let doc = format!("The `{wire}` field, required by the document, which does not describe it.");
            let mut yaml = field_map(&Ty::named("any"), &doc, true, None, None);
            rust_name(&mut yaml, wire, &field_rust);
            let note = self.note(
                &format!("types.{name}.{wire}"),
                "required but not among the properties: a field of any value".to_owned(),
            );
            fields.insert(wire.clone(), Node::Map(yaml)).comment.push(note);
        }
        let mut yaml = Map::new();
        // An `allOf` often describes itself in the member that adds its own fields.
        let member_doc =
            || s.get("allOf").and_then(Value::as_array).into_iter().flatten().find_map(|m| text(m, "description"));
        let doc = text(s, "description").or_else(member_doc).unwrap_or_else(|| format!("{}.", readable(hint)));
        yaml.str("doc", doc);
        // Keys beyond the properties, when the schema describes them (or
        // says `true`, any value): kept in the struct's map.
        let extra = match s.get("additionalProperties") {
            Some(values @ Value::Object(_)) => {
                let at = shape_at.child("additionalProperties");
                let inner = self.schema(&at, values, &format!("{name} extra"), Place::Json)?;
                let (extra, notes) = self.inner_name(inner, &at, values, &format!("{name} extra"));
                type_notes.extend(notes);
                Some(extra)
            }
            Some(Value::Bool(true)) => Some("any".to_owned()),
            _ if open => Some("any".to_owned()),
            _ => None,
        };
        let optional = |name: &String| fields.0.iter().any(|e| e.key == *name) && !required.contains(name);
        let requires = field_sets(s).filter(|(_, sets)| sets.iter().flatten().all(optional)).map(|(key, sets)| {
            let mut requires = Map::new();
            requires.insert(key, Node::Json(serde_json::json!(sets)));
            requires
        });
        let type_notes = self.notes(&format!("types.{name}"), type_notes);
        yaml.insert("fields", Node::Map(fields)).comment.extend(type_notes);
        if let Some(extra) = extra {
            yaml.str("extra", extra);
        }
        if let Some(requires) = requires {
            yaml.insert("requires", Node::Map(requires));
        }
        if let Some(example) = example_of(s).filter(Value::is_object) {
            yaml.insert("example", Node::Json(example));
        }
        let t = &mut self.types[&name];
        t.yaml = yaml;
        t.required = Some(required_fields);
        Ok(ty)
    }

    /// Gives the name `name`, taken where a union met itself, to what the
    /// union became: its own type moves under that name; anything else (a
    /// type that was there before, a scalar, any JSON) gets `name` as an alias.
    fn settle_self_reference(&mut self, name: String, mut ty: Ty) -> Ty {
        let position = |types: &IndexMap<String, TypeOut>, n: &str| types.get_index_of(n);
        let own = ty.items.is_none()
            && ty.values.is_none()
            && position(&self.types, &ty.ty) > position(&self.types, &name)
            && position(&self.types, &name).is_some();
        if own {
            let old = std::mem::replace(&mut ty.ty, name.clone());
            if let Some(out) = self.types.shift_remove(&old) {
                self.types.insert(name.clone(), out);
            }
            self.rust_types.remove(&type_name(&old));
            for taken in self.by_shape.values_mut().filter(|n| **n == old) {
                *taken = name.clone();
            }
            for known in self.by_loc.values_mut().filter(|t| t.ty == old) {
                known.ty = name.clone();
            }
            return ty;
        }
        let mut yaml = alias_yaml(&ty, format!("{}.", readable(&name)));
        if ty.nullable {
            yaml.raw("nullable", "true");
        }
        if let Some(out) = self.types.get_mut(&name) {
            out.yaml = yaml;
        }
        ty
    }

    /// A named type that is another name for `ty`, converted from `schema`
    /// (a JSON body or response that is an array, a map, a scalar or any
    /// JSON; an array or map inside another): named after the component
    /// `schema` (at `at`) refers to, else from `hint`; its doc is `doc`, else
    /// that component's description, else made from the name.
    pub(super) fn alias(&mut self, ty: Ty, at: &Loc, schema: &Value, hint: &str, doc: Option<String>) -> String {
        let key = format!("alias\u{0}{}\u{0}{:?}\u{0}{:?}\u{0}{}", ty.ty, ty.items, ty.values, ty.nullable_items);
        if let Some(name) = self.by_shape.get(&key) {
            return name.clone();
        }
        let component = schema.get("$ref").and_then(Value::as_str).and_then(last_segment);
        let hint = component.as_deref().unwrap_or(hint);
        let described = || {
            schema.get("$ref")?;
            let (_, component, _) = self.docs.deref_or_self(at, schema).ok()?;
            text(component, "description")
        };
        let doc = doc.or_else(described).unwrap_or_else(|| format!("{}.", readable(hint)));
        let yaml = alias_yaml(&ty, doc);
        self.add_type(hint, component.is_some(), Some(key), yaml, None)
    }

    /// Whether the spec type `name` is a scalar or an enum: what a form
    /// field, a parameter or a parameter's items may be.
    pub(super) fn is_scalar(&self, name: &str) -> bool {
        ["string", "integer", "number", "boolean"].contains(&name)
            || Temporal::from_name(name).is_some()
            || self.types.get(name).is_some_and(|t| t.yaml.0.iter().any(|e| e.key == "enum"))
    }

    /// Whether the spec type `name` is sent as text in a form: a scalar, an
    /// enum, or a union of them.
    pub(super) fn is_text(&self, name: &str) -> bool {
        self.is_scalar(name)
            || self.types.get(name).is_some_and(|t| {
                t.yaml.0.iter().any(|e| {
                    e.key == "one_of"
                        && matches!(&e.value, Node::List(members) if members.iter().all(|m| self.is_scalar(m)))
                })
            })
    }

    /// Adds a named type under a fresh name (from `hint`, or `hint` itself
    /// when `keep`), remembered under its shape `key` when given.
    pub(super) fn add_type(
        &mut self,
        hint: &str,
        keep: bool,
        key: Option<String>,
        yaml: Map,
        required: Option<Vec<RequiredField>>,
    ) -> String {
        let name = self.fresh_type(hint, keep);
        if let Some(key) = key {
            self.by_shape.insert(key, name.clone());
        }
        self.types.insert(name.clone(), TypeOut { group: self.group.clone(), yaml, required });
        name
    }

    /// A type name from a hint (`list clips response` → `ListClipsResponse`),
    /// unique by its Rust name and never a built-in type's.
    /// How far the import has come: what [`Converter::rollback`] returns to.
    pub(super) fn checkpoint(&self) -> Checkpoint {
        Checkpoint { types: self.types.len(), left_out: self.left_out.len() }
    }

    /// Forgets every type and note added since `checkpoint`, and every
    /// reference to those types, as if their conversion had not happened.
    pub(super) fn rollback(&mut self, checkpoint: Checkpoint) {
        let gone: HashSet<String> = self.types.drain(checkpoint.types..).map(|(name, _)| name).collect();
        for name in &gone {
            self.rust_types.remove(&type_name(name));
        }
        let refers_to_gone = |ty: &Ty| {
            [Some(&ty.ty), ty.items.as_ref(), ty.values.as_ref()].into_iter().flatten().any(|n| gone.contains(n))
        };
        self.by_loc.retain(|_, ty| !refers_to_gone(ty));
        self.by_shape.retain(|_, name| !gone.contains(name));
        self.by_union.retain(|_, (ty, _)| !refers_to_gone(ty));
        // A union still open that was named where it met itself is named again if it does.
        for name in self.unions_open.values_mut() {
            if name.as_ref().is_some_and(|n| gone.contains(n)) {
                *name = None;
            }
        }
        self.left_out.truncate(checkpoint.left_out);
    }

    fn fresh_type(&mut self, hint: &str, keep: bool) -> String {
        let keepable = keep
            && !PRIMITIVES.contains(&hint)
            && !["binary", "text"].contains(&hint)
            && !hint.contains(['\n', '#', ':']);
        let base = if keepable { hint.to_owned() } else { camel(hint) };
        let mut name = base.clone();
        let mut n = 2;
        while !self.rust_types.insert(type_name(&name)) {
            name = format!("{base}{n}");
            n += 1;
        }
        name
    }
}

/// `minimum`/`maximum` as the format's integer limits.
/// Counts and lengths a document sets against each other (a minimum above
/// its maximum): no value meets both, and the format refuses them, so the
/// minimum is left out, noted (an integer's empty range is `bounds`').
fn drop_contradictions(ty: &mut Ty) {
    fn check<T: PartialOrd + std::fmt::Display + Copy>(
        min: &mut Option<T>,
        max: Option<T>,
        what: &str,
    ) -> Option<String> {
        let (low, high) = ((*min)?, max?);
        (low > high).then(|| {
            *min = None;
            format!("the {what} {low} is above the most, {high}: no value meets both, so the least is left out")
        })
    }
    let mut notes = Vec::new();
    notes.extend(check(&mut ty.min_items, ty.max_items, "fewest items or entries"));
    notes.extend(check(&mut ty.min_length, ty.max_length, "fewest characters"));
    if let Some((_, min, max)) = &mut ty.keys {
        notes.extend(check(min, *max, "fewest characters of a key"));
    }
    ty.notes.extend(notes);
}

fn bounds(s: &Value, ty: &mut Ty) {
    let bound = |key: &str, exclusive: &str, up: bool, ty: &mut Ty| -> Option<i64> {
        let v = s.get(key)?;
        let mut n =
            v.as_i64().or_else(|| v.as_f64().filter(|f| f.fract() == 0.0 && f.abs() < 9.0e18).map(|f| f as i64));
        if n.is_none() {
            ty.notes.push(format!("`{key}: {v}` (the format's limits are integers)"));
        }
        if s.get(exclusive) == Some(&Value::Bool(true)) {
            n = n.map(|n| if up { n.saturating_sub(1) } else { n.saturating_add(1) });
        }
        n
    };
    ty.min = bound("minimum", "exclusiveMinimum", false, ty);
    ty.max = bound("maximum", "exclusiveMaximum", true, ty);
    // 3.1 writes exclusive bounds as numbers.
    if let Some(n) = s.get("exclusiveMinimum").and_then(Value::as_i64) {
        ty.min = Some(n.saturating_add(1));
    }
    if let Some(n) = s.get("exclusiveMaximum").and_then(Value::as_i64) {
        ty.max = Some(n.saturating_sub(1));
    }
    if let (Some(min), Some(max)) = (ty.min, ty.max) {
        if min > max {
            ty.notes.push(format!("the bounds {min}..{max} are empty: left out"));
            ty.min = None;
            ty.max = None;
        }
    }
}

/// The one member of an `allOf` that only annotates a reference (OpenAPI
/// 3.0 cannot put a description beside `$ref`): no properties of its own.
fn annotated_reference(s: &Value) -> Option<&Value> {
    match s.get("allOf")?.as_array()?.as_slice() {
        [only]
            if only.get("$ref").is_some()
                && s.get("properties").is_none()
                && s.get("additionalProperties").is_none() =>
        {
            Some(only)
        }
        _ => None,
    }
}

/// The note on a union of required-field sets beside an object's
/// properties, which the format does not check. Not inlined: the schema
/// converter recurses, and its frame stays small.
#[inline(never)]
fn required_sets(s: &Value) -> Option<String> {
    ["oneOf", "anyOf"].into_iter().find_map(|key| {
        let sets = s.get(key)?.as_array().filter(|m| m.iter().all(only_required))?;
        let sets: Vec<String> = sets.iter().map(|m| m["required"].to_string()).collect();
        Some(format!("`{key}` of required fields {} (not checked)", sets.join(", ")))
    })
}

/// The YAML of an alias of `ty` (its items or values, whether they may be null).
/// A map's entry counts (`minProperties`, `maxProperties`) and what its
/// keys must be (`propertyNames`, or the export's `x-property-names`).
fn map_limits(s: &Value, mut ty: Ty) -> Ty {
    ty.min_items = s.get("minProperties").and_then(Value::as_u64).or(ty.min_items);
    ty.max_items = s.get("maxProperties").and_then(Value::as_u64).or(ty.max_items);
    if let Some(names) = s.get("propertyNames").or_else(|| s.get("x-property-names")).filter(|n| n.is_object()) {
        let pattern = names.get("pattern").and_then(Value::as_str).filter(|p| pattern_problem(p).is_none());
        let (min, max) =
            (names.get("minLength").and_then(Value::as_u64), names.get("maxLength").and_then(Value::as_u64));
        if pattern.is_some() || min.is_some() || max.is_some() {
            ty.keys = Some((pattern.map(str::to_owned), min, max));
        }
    }
    ty
}

fn alias_yaml(ty: &Ty, doc: String) -> Map {
    let mut yaml = Map::new();
    yaml.str("doc", doc);
    yaml.str("type", &ty.ty);
    if let Some(items) = &ty.items {
        yaml.str("items", items);
    }
    if let Some(values) = &ty.values {
        yaml.str("values", values);
    }
    if ty.nullable_items {
        yaml.raw("nullable_items", "true");
    }
    yaml
}

/// The sets of fields an object needs one of, as the format's `requires`
/// says them: `oneOf` of `required` lists (exactly one), or `anyOf` of them
/// (at least one; exactly one when a `not` beside them forbids two sets
/// together). None for members that say more than `required`.
fn field_sets(s: &Value) -> Option<(&'static str, Vec<Vec<String>>)> {
    let (key, members) = ["oneOf", "anyOf"].into_iter().find_map(|k| Some((k, s.get(k)?.as_array()?)))?;
    let plain = |m: &Value| {
        m.as_object().is_some_and(|m| m.keys().all(|k| matches!(k.as_str(), "required" | "description" | "title")))
    };
    if members.len() < 2 || !members.iter().all(plain) {
        return None;
    }
    let sets: Vec<Vec<String>> = members
        .iter()
        .map(|m| m["required"].as_array().map(|r| r.iter().filter_map(Value::as_str).map(str::to_owned).collect()))
        .collect::<Option<_>>()?;
    if sets.iter().any(Vec::is_empty) {
        return None;
    }
    // `not: {required: [a, b]}` beside `anyOf` forbids two sets at once.
    let forbidden: Vec<&str> =
        s.pointer("/not/required").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).collect();
    let two_forbidden = forbidden.len() >= 2
        && sets.iter().filter(|set| set.iter().any(|f| forbidden.contains(&f.as_str()))).count() >= 2
        && s.get("not").and_then(Value::as_object).is_some_and(|n| n.len() == 1);
    let exactly_one = key == "oneOf" || two_forbidden;
    Some((if exactly_one { "one_of" } else { "any_of" }, sets))
}

/// Whether a union member only names fields that must be present
/// (`anyOf: [{required: [a]}, {required: [b]}]` beside the properties): a
/// rule about the object around it, not a type of its own.
fn only_required(member: &Value) -> bool {
    member.as_object().is_some_and(|m| {
        m.contains_key("required")
            && m.keys().all(|k| matches!(k.as_str(), "required" | "description" | "title" | "not"))
    })
}

/// Whether a schema takes `null` alone: `type: 'null'` (or a list of it
/// alone), an `enum` of `null`, or `const: null`, with nothing that
/// describes another value.
fn only_null(s: &Value) -> bool {
    let null_type = match s.get("type") {
        Some(Value::String(t)) => t == "null",
        Some(Value::Array(list)) => !list.is_empty() && list.iter().all(|t| t == "null"),
        _ => false,
    };
    let null_values =
        s.get("enum").and_then(Value::as_array).is_some_and(|v| !v.is_empty() && v.iter().all(Value::is_null))
            || s.get("const").is_some_and(Value::is_null);
    let typed_otherwise = matches!(s.get("type"), Some(t) if !t.is_null()) && !null_type;
    (null_type || (null_values && !typed_otherwise))
        && ["properties", "items", "oneOf", "anyOf", "allOf", "additionalProperties"]
            .iter()
            .all(|k| s.get(*k).is_none())
}
