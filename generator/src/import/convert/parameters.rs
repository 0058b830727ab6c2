//! Parameters: path, query, header and cookie parameters of an operation
//! (the path item's and its own), and the path their styles write.

use super::*;

impl<'d> Converter<'d> {
    /// The parameters of an operation by place and name, the operation's
    /// overriding the path item's of the same name and place; with why each
    /// one that cannot be read is left out (recorded by [`Self::parameters`]).
    pub(super) fn parameter_list(
        &self,
        (item, item_at): (&'d Value, &Loc),
        (op, at): (&'d Value, &Loc),
    ) -> Result<ParamList<'d>, ImportError> {
        let mut list = IndexMap::new();
        let mut unread = Vec::new();
        for (source, base) in [(item, item_at), (op, at)] {
            let base = base.child("parameters");
            for (i, p) in source.get("parameters").and_then(Value::as_array).into_iter().flatten().enumerate() {
                let (p_at, p) = match self.follow(&base.child(i), p)? {
                    Ok(found) => found,
                    Err(why) => {
                        unread.push(why);
                        continue;
                    }
                };
                let name = p.get("name").and_then(Value::as_str).unwrap_or("").to_owned();
                let place = p.get("in").and_then(Value::as_str).unwrap_or("").to_owned();
                list.insert((place, name), (p_at, p));
            }
        }
        Ok(ParamList { list, unread })
    }

    /// The path with the prefix of each path parameter that the document
    /// sends in the `label` (`.5`) or `matrix` (`;id=5`) style written
    /// before its placeholder, as RFC 6570 expands `{.id}` and `{;id}`: the
    /// value then fills a plain one.
    pub(super) fn styled_path(&mut self, op_name: &str, path: &str, params: &ParamList<'d>) -> (String, Vec<String>) {
        let styles = params
            .list
            .iter()
            .filter(|((place, _), _)| place == "path")
            .map(|((_, name), (_, p))| (name, p.get("style").and_then(Value::as_str).unwrap_or("simple")));
        let styles: Vec<(&String, &str)> = styles.collect();
        let mut styled = path.to_owned();
        let mut notes = Vec::new();
        for (name, style) in styles {
            let placeholder = format!("{{{name}}}");
            let prefix = match style {
                "label" => ".".to_owned(),
                "matrix" => format!(";{name}="),
                _ => continue,
            };
            if styled.contains(&placeholder) {
                styled = styled.replace(&placeholder, &format!("{prefix}{placeholder}"));
                let what = format!("`{name}` in the `{style}` style: `{prefix}` written before it in the path");
                notes.push(self.note(op_name, what));
            }
        }
        (styled, notes)
    }

    /// Path, query and header parameters (the path item's and the operation's).
    pub(super) fn parameters(
        &mut self,
        op_name: &str,
        params: ParamList<'d>,
        path: &str,
        placeholders: &[String],
        members: &mut HashSet<String>,
    ) -> Result<Noted<[(&'static str, Map); 4]>, ImportError> {
        let ParamList { list, unread } = params;
        let mut left_out = Vec::new();
        for why in unread {
            left_out.push(self.loss(Loss::Parameter, op_name, format!("a parameter: {why}: left out")));
        }
        let mut out =
            [("path_params", Map::new()), ("query", Map::new()), ("headers", Map::new()), ("cookies", Map::new())];
        for name in placeholders {
            if !list.contains_key(&("path".to_owned(), name.clone())) {
                let yaml = field_map(&Ty::named("string"), &format!("The `{name}` of the path."), false, None, None);
                let note = self.note(
                    &format!("{op_name}.path_params.{name}"),
                    format!("`{{{name}}}` is in the path but not declared; taken as a string"),
                );
                out[0].1.insert(name.clone(), Node::Map(yaml)).comment(note);
            }
        }
        for ((place, name), (p_at, p)) in list {
            let slot = match place.as_str() {
                "path" => 0,
                "query" => 1,
                "header" => 2,
                "cookie" => 3,
                _ => {
                    let what = format!(
                        "the {place} parameter `{name}`: the format sends path, query, header and cookie parameters"
                    );
                    left_out.push(self.loss(Loss::Parameter, &format!("{op_name}.{name}"), what));
                    continue;
                }
            };
            let where_ = format!("{op_name}.{}.{name}", out[slot].0);
            if slot == 0 && !placeholders.contains(&name) {
                let what = format!("the path parameter `{name}` is not in the path `{path}`");
                left_out.push(self.loss(Loss::Parameter, &where_, what));
                continue;
            }
            if (slot == 2 || slot == 3) && !is_http_token(&name) {
                let what = format!("the {place} parameter `{name}`: not a name HTTP can send (a token)");
                left_out.push(self.loss(Loss::Parameter, &where_, what));
                continue;
            }
            let lower = name.to_ascii_lowercase();
            if slot == 2 && ["authorization", "content-type", "accept", "content-length"].contains(&lower.as_str()) {
                left_out.push(self.note(&where_, format!("the header `{name}`: the client sets it itself")));
                continue;
            }
            let rust = if slot == 0 { snake(&name) } else { distinct_rust(&name, members) };
            // A parameter's `content` (instead of `schema`) says how it is encoded: JSON in a query.
            let content = p.get("content").and_then(Value::as_object);
            let json_content = content.and_then(|c| c.iter().find(|(k, _)| is_json(k)));
            let (schema_at, schema) = match (p.get("schema"), json_content) {
                (None, Some((media, c))) => {
                    (p_at.child("content").child(media).child("schema"), c.get("schema").unwrap_or(&NO_SCHEMA))
                }
                (schema, _) => (p_at.child("schema"), schema.unwrap_or(&NO_SCHEMA)),
            };
            // A query parameter may be an object, sent by its keys; the others are text.
            let converted_as = if slot == 1 { Place::Json } else { Place::Param };
            let mut ty = self.schema(&schema_at, schema, &format!("{op_name} {name}"), converted_as)?;
            // Parameters are text (scalars, enums, unions of them), arrays of
            // text (query and header), or (query) objects and maps.
            let structured = ty.ty == "map" || (self.types.contains_key(&ty.ty) && !self.is_text(&ty.ty));
            // In a query: JSON text when the document says so (`content`),
            // and for an array of objects, which OpenAPI leaves undefined.
            let objects_array = ty.ty == "array" && ty.items.as_deref().is_some_and(|items| !self.is_text(items));
            let as_json = slot == 1 && ((p.get("schema").is_none() && json_content.is_some()) || objects_array);
            if slot == 1 && objects_array && json_content.is_none() {
                ty.notes.push(
                    "an array of objects, whose query form OpenAPI leaves undefined: sent as JSON text".to_owned(),
                );
            }
            // A parameter the document gives no type: text, as it goes out.
            let untyped = || self.docs.deref_or_self(&schema_at, schema).is_ok_and(|(_, s, _)| without_type(s));
            if ty.ty == "any" && !as_json && untyped() {
                ty = Ty::noted("string", "a parameter without a type: taken as text".to_owned());
            }
            let sendable = match ty.ty.as_str() {
                _ if as_json => true,
                "any" => false,
                "array" => (slot == 1 || slot == 2) && ty.items.as_deref().is_some_and(|items| self.is_text(items)),
                _ => self.is_text(&ty.ty) || (slot == 1 && structured),
            };
            if !sendable && slot == 0 {
                let what = format!(
                    "a path parameter of a type the format cannot send ({}); taken as a string",
                    describe(schema)
                );
                ty = Ty::noted("string", what);
            } else if !sendable {
                let what = format!(
                    "the {place} parameter `{name}`: its type ({}) is not text, an array of text or (query) an object",
                    describe(schema)
                );
                left_out.push(self.loss(Loss::Parameter, &where_, what));
                continue;
            }
            ty.nullable = false;
            ty.nullable_items = false;
            // Path parameters are always required, and the format says so itself.
            let required = slot != 0 && p.get("required").and_then(Value::as_bool) == Some(true);
            let doc = text(p, "description").unwrap_or_else(|| format!("The `{name}` parameter."));
            let example = self.example_in(&p_at, p)?.or_else(|| example_of(schema));
            let mut yaml = field_map(&ty, &doc, required, default_of(schema), example);
            if as_json {
                yaml.raw("style", "json");
            } else if slot == 1 && ty.ty == "array" {
                // `explode` is true by default for `form` only.
                let style = p.get("style").and_then(Value::as_str).unwrap_or("form");
                let delimited = match (style, p.get("explode").and_then(Value::as_bool).unwrap_or(style == "form")) {
                    (_, true) => None,
                    ("spaceDelimited", false) => Some("space_delimited"),
                    ("pipeDelimited", false) => Some("pipe_delimited"),
                    (_, false) => Some("comma"),
                };
                if let Some(delimited) = delimited {
                    yaml.raw("style", delimited);
                }
            }
            if !as_json && slot == 1 && structured && p.get("style").and_then(Value::as_str) == Some("deepObject") {
                yaml.raw("style", "deep_object");
            }
            rust_name(&mut yaml, &name, &rust);
            members.insert(rust);
            let notes = self.notes(&where_, ty.notes);
            out[slot].1.insert(name, Node::Map(yaml)).comment.extend(notes);
        }
        // Path parameters in the path's order, as the model keeps them.
        out[0].1 .0.sort_by_key(|e| placeholders.iter().position(|p| *p == e.key));
        Ok((out, left_out))
    }
}

/// An operation's parameters by place and name, and why each one that
/// cannot be read is left out.
pub(super) struct ParamList<'d> {
    list: IndexMap<(String, String), (Loc, &'d Value)>,
    unread: Vec<String>,
}
