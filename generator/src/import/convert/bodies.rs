//! Request bodies → the spec's `body:`: JSON of a named type, a form's
//! fields (its parts' headers, the fields the caller names), a form of a
//! union's value, or bytes.

use super::*;

impl<'d> Converter<'d> {
    /// The request body: JSON of a named type or a multipart form.
    ///
    /// `chosen` is the media type to send, for an operation made for another
    /// body kind; else the first kind [`body_kinds`] gives is sent, and the
    /// other kinds are put in `others`, each to be sent by an operation of
    /// its own.
    pub(super) fn body(
        &mut self,
        op_name: &str,
        at: &Loc,
        op: &'d Value,
        members: &mut HashSet<String>,
        chosen: Option<&'d str>,
        others: &mut Vec<(&'d str, &'static str)>,
    ) -> Result<Noted<Option<Map>>, ImportError> {
        let docs = self.docs;
        let Some(body) = op.get("requestBody") else { return Ok((None, Vec::new())) };
        let (b_at, body) = match self.follow(&at.child("requestBody"), body)? {
            Ok(found) => found,
            Err(why) => {
                let what = format!("the body: {why}: left out");
                return Ok((None, vec![self.loss(Loss::RequestBody, &format!("{op_name}.body"), what)]));
            }
        };
        let Some(content) = body.get("content").and_then(Value::as_object) else { return Ok((None, Vec::new())) };
        let where_ = format!("{op_name}.body");
        let mut notes = Vec::new();
        let kinds = body_kinds(content);
        // An operation made for another body kind says nothing of the others.
        let main = chosen.is_none();
        let chosen = chosen.and_then(|c| kinds.iter().find(|(m, _)| *m == c)).or(kinds.first()).copied();
        // The document's operation lists the other kinds and notes the media
        // types no kind takes; a body with no kind at all is a loss, noted below.
        if let (true, Some((kept, _))) = (main, chosen) {
            others.extend(kinds.iter().skip(1));
            for other in content.keys().filter(|k| !kinds.iter().any(|(m, _)| m == k)) {
                let what = format!(
                    "the `{other}` body: the format sends one body of each kind (JSON, a form or bytes), and `{kept}` \
                     was kept"
                );
                notes.push(self.note(&where_, what));
            }
        }
        let Some((media, kind)) = chosen else {
            if !content.is_empty() {
                let what = "the body: none of its media types is one the format can send".to_owned();
                notes.push(self.loss(Loss::RequestBody, &where_, what));
            }
            return Ok((None, notes));
        };
        if kind == "binary" {
            let media = media.split(';').next().unwrap_or("").trim();
            let media = if media == "*/*" { "application/octet-stream" } else { media };
            let mut map = Map::new();
            if let Some(doc) = text(body, "description") {
                map.str("doc", doc);
            }
            map.str("binary", media);
            return Ok((Some(map), notes));
        }
        let (s_at, schema) = media_schema(&b_at, content, media);
        let mut map = Map::new();
        let description = text(body, "description");
        if let Some(doc) = &description {
            map.str("doc", doc);
        }
        if kind == "json" {
            if !media.contains('/') {
                let what = format!("the media type `{media}` is not one: the body is sent as JSON, as its schema says");
                notes.push(self.note(&where_, what));
            }
            let hint = format!("{op_name} request");
            let mut ty = self.schema(&s_at, schema, &hint, Place::Json)?;
            notes.extend(self.notes(&where_, std::mem::take(&mut ty.notes)));
            let name =
                if self.types.contains_key(&ty.ty) { ty.ty } else { self.alias(ty, &s_at, schema, &hint, description) };
            let fields: Vec<String> = match self.types[&name].yaml.0.iter().find(|e| e.key == "fields") {
                Some(Entry { value: Node::Map(fields), .. }) => fields.0.iter().map(field_rust).collect(),
                _ => Vec::new(),
            };
            let clash = fields.iter().find(|f| members.contains(*f)).cloned();
            map.str("json", name);
            match clash {
                Some(clash) => {
                    let what =
                        format!("the body field `{clash}` has a parameter's Rust name, so the body is taken whole");
                    let note = self.note(&where_, what);
                    map.raw("whole", "true").comment(note);
                }
                None => members.extend(fields),
            }
            return Ok((Some(map), notes));
        }
        // A form: the schema's properties are its fields.
        let (form_key, files) = if kind == "form" { ("form", false) } else { ("multipart", true) };
        let (o_at, object) = match self.follow(&s_at, schema)? {
            Ok(found) => found,
            Err(why) => {
                notes.push(self.loss(Loss::RequestBody, &where_, format!("the `{media}` body: {why}: left out")));
                return Ok((None, notes));
            }
        };
        let (properties, required) = self.form_properties(&o_at, object)?;
        // A union of objects sent as a form keeps its members: the body is a
        // value of the union, its keys the fields. One with files stays a
        // list of fields, which can carry them.
        let union =
            ["oneOf", "anyOf"].iter().any(|k| object.get(*k).and_then(Value::as_array).is_some_and(|a| !a.is_empty()))
                && object.get("properties").is_none();
        // What the document says each part is sent as (`encoding.<part>.contentType`).
        let part_type = |key: &str| {
            let pointer = format!("/encoding/{}/contentType", key.replace('~', "~0").replace('/', "~1"));
            content.get(media).and_then(|m| m.pointer(&pointer)).and_then(Value::as_str).map(str::trim)
        };
        let mut has_file = false;
        for (key, (p_at, prop)) in properties.iter().filter(|_| files) {
            let (_, resolved, _) = docs.deref_or_self(p_at, prop)?;
            has_file |= form_file(key, resolved, part_type(key)).is_some();
        }
        if union && !has_file {
            // Members merged into one object (not told apart) are better
            // sent field by field, with a setter each: that conversion is
            // forgotten, as is one the form cannot send.
            let checkpoint = self.checkpoint();
            let hint = format!("{op_name} request");
            let mut ty = self.schema(&s_at, schema, &hint, Place::Json)?;
            let is_union = self.types.get(&ty.ty).is_some_and(|t| t.yaml.0.iter().any(|e| e.key == "one_of"));
            if is_union && self.keyed_type(&ty.ty, 0) {
                notes.extend(self.notes(&where_, std::mem::take(&mut ty.notes)));
                map.str(if files { "multipart_of" } else { "form_of" }, ty.ty);
                return Ok((Some(map), notes));
            }
            self.rollback(checkpoint);
        }
        // A required form none of whose fields is required would go out
        // empty: its files are what it cannot do without.
        let files_required = body.get("required").and_then(Value::as_bool) == Some(true)
            && properties.iter().all(|(key, _)| !required.contains(key));
        let mut fields = Map::new();
        for (key, (p_at, prop)) in properties {
            let where_ = format!("{where_}.{form_key}.{key}");
            let rust = distinct_rust(&key, members);
            let (_, resolved, _) = docs.deref_or_self(&p_at, prop)?;
            // A multipart part may hold any JSON; a URL-encoded field holds
            // text, or a structured value sent by its keys (`k[a]=1`).
            let place = Place::Json;
            let content_type = part_type(&key);
            let mut ty = match form_file(&key, resolved, content_type).filter(|_| files) {
                Some(file) => file,
                None => self.schema(&p_at, prop, &format!("{op_name} {key}"), place)?,
            };
            ty.nullable = false;
            ty.nullable_items = false;
            let doc = text(resolved, "description")
                .or_else(|| text(prop, "description"))
                .unwrap_or_else(|| format!("The `{key}` form field."));
            let file_required = files_required && ty.ty == "file";
            if file_required {
                ty.notes.push("required: the body is required and none of its fields is, so its file is".to_owned());
            }
            let mut yaml = field_map(&ty, &doc, file_required || required.contains(&key), None, None);
            // A file's limits, as the OpenAPI export writes them.
            if ty.ty == "file" || ty.items.as_deref() == Some("file") {
                if let Some(max) = resolved.get("x-max-size-bytes").and_then(Value::as_u64) {
                    yaml.raw("max_size", max.to_string());
                }
                let types = resolved.get("x-file-types").and_then(Value::as_array).into_iter().flatten();
                let types: Vec<String> = types.filter_map(Value::as_str).map(str::to_owned).collect();
                if !types.is_empty() {
                    yaml.insert("file_types", Node::List(types));
                }
            }
            // The part's media type, when it is one to send (not JSON's own,
            // nor a list a file may be any of, which its name decides).
            // Text goes as `text/plain` unless declared otherwise.
            let file = ty.ty == "file" || ty.items.as_deref() == Some("file");
            let declared = content_type.filter(|m| {
                files
                    && is_media_type(m)
                    && !m.contains('*')
                    && !m.contains(',')
                    && *m != "application/json"
                    && (file || *m != "text/plain")
            });
            if let Some(declared) = declared {
                yaml.str("content_type", declared);
            }
            if files {
                let encoding_at = b_at.child("content").child(media).child("encoding").child(&key);
                let (headers, header_notes) = self.part_headers(&encoding_at, &where_, op_name, &key)?;
                notes.extend(header_notes);
                if let Some(headers) = headers {
                    yaml.insert("headers", Node::Map(headers));
                }
            }
            rust_name(&mut yaml, &key, &rust);
            members.insert(rust);
            let field_notes = self.notes(&where_, ty.notes);
            fields.insert(key, Node::Map(yaml)).comment.extend(field_notes);
        }
        // A required name the properties do not describe must still be sent
        // (JSON Schema's `required` alone): a text field.
        let undescribed: Vec<&String> =
            required.iter().filter(|r| !r.is_empty() && !fields.0.iter().any(|e| e.key == **r)).collect();
        for key in undescribed {
            let where_ = format!("{where_}.{form_key}.{key}");
            let rust = distinct_rust(key, members);
            let doc = format!("The `{key}` form field, required by the document, which does not describe it.");
            // Named as a file, it is one, as a part typed text would be.
            let (ty, what) = match files && named_as_file(key) {
                true => ("file", "named as a file: a file"),
                false => ("string", "a text field"),
            };
            let mut yaml = field_map(&Ty::named(ty), &doc, true, None, None);
            rust_name(&mut yaml, key, &rust);
            members.insert(rust);
            let note = self.note(&where_, format!("required but not among the properties: {what}"));
            fields.insert(key.clone(), Node::Map(yaml)).comment.push(note);
        }
        // Fields beyond the properties, which the caller names
        // (`additionalProperties`, a schema or `true`).
        let extra = match object.get("additionalProperties") {
            Some(values @ Value::Object(_)) => {
                let at = o_at.child("additionalProperties");
                let hint = format!("{op_name} extra");
                let inner = self.schema(&at, values, &hint, Place::Json)?;
                let (extra, extra_notes) = self.inner_name(inner, &at, values, &hint);
                notes.extend(self.notes(&format!("{where_}.extra"), extra_notes));
                Some(extra)
            }
            Some(Value::Bool(true)) => Some("any".to_owned()),
            _ => None,
        };
        // How many fields a form has is not something the format limits.
        for key in ["minProperties", "maxProperties"] {
            if let Some(n) = object.get(key).filter(|n| n.is_u64()) {
                notes.push(self.note(&where_, format!("`{key}: {n}` of the form (the format has no such limit)")));
            }
        }
        if fields.is_empty() && extra.is_none() {
            notes.push(self.loss(
                Loss::RequestBody,
                &where_,
                format!("the `{media}` body has no field the format can send"),
            ));
            return Ok((None, notes));
        }
        map.insert(form_key, Node::Map(fields));
        if let Some(extra) = extra {
            map.str("extra", extra);
        }
        Ok((Some(map), notes))
    }

    /// Whether the named type `name` is one whose values are JSON objects (an
    /// object, a map, a union of them), which a form can send by their keys.
    fn keyed_type(&self, name: &str, depth: usize) -> bool {
        let Some(t) = self.types.get(name).filter(|_| depth < 64) else { return false };
        let get = |key: &str| t.yaml.0.iter().find(|e| e.key == key).map(|e| &e.value);
        match (get("fields"), get("one_of"), get("type")) {
            (Some(_), _, _) => true,
            (_, Some(Node::List(members)), _) => members.iter().all(|m| self.keyed_type(m, depth + 1)),
            (_, _, Some(Node::Str(ty))) if ty == "map" => true,
            (_, _, Some(Node::Str(ty))) => self.keyed_type(ty, depth + 1),
            _ => false,
        }
    }

    /// A multipart part's headers (`encoding.<part>.headers`), text values
    /// each; `Content-Type` is the part's own and OpenAPI ignores it there.
    fn part_headers(
        &mut self,
        encoding_at: &Loc,
        where_: &str,
        op_name: &str,
        part: &str,
    ) -> Result<Noted<Option<Map>>, ImportError> {
        let docs = self.docs;
        let Some(headers) = docs.get(&encoding_at.child("headers")).and_then(Value::as_object) else {
            return Ok((None, Vec::new()));
        };
        let (mut out, mut notes) = (Map::new(), Vec::new());
        for (name, header) in headers {
            if name.eq_ignore_ascii_case("content-type") {
                continue;
            }
            let where_ = format!("{where_}.{part}.headers.{name}");
            let (h_at, header) = match self.follow(&encoding_at.child("headers").child(name), header)? {
                Ok(found) => found,
                Err(why) => {
                    notes.push(self.loss(Loss::FormField, &where_, format!("the part header: {why}: left out")));
                    continue;
                }
            };
            let schema = header.get("schema").unwrap_or(&NO_SCHEMA);
            let ty = self.schema(&h_at.child("schema"), schema, &format!("{op_name} {part} {name}"), Place::Param)?;
            if !(self.is_text(&ty.ty)) {
                let what = format!("the part header `{name}` ({}): a header holds one text value: left out", ty.ty);
                notes.push(self.loss(Loss::FormField, &where_, what));
                continue;
            }
            let doc = text(header, "description").unwrap_or_else(|| format!("The part's `{name}` header."));
            let required = header.get("required").and_then(Value::as_bool) == Some(true);
            let example = header.get("example").cloned();
            let yaml = field_map(&ty, &doc, required, None, example);
            let field_notes = self.notes(&where_, ty.notes);
            out.insert(name.clone(), Node::Map(yaml)).comment.extend(field_notes);
        }
        Ok(((!out.0.is_empty()).then_some(out), notes))
    }
}

/// The body kinds the format can send of a request body's `content`, the
/// first media type of each kind, in the order the format prefers them:
/// JSON, multipart, URL-encoded form, bytes.
/// Whether a schema describes an object or an array (without following references).
fn json_shaped(schema: &Value) -> bool {
    matches!(schema.get("type").and_then(Value::as_str), Some("object" | "array"))
        || ["properties", "items", "$ref", "allOf"].iter().any(|k| schema.get(*k).is_some())
}

fn body_kinds(content: &serde_json::Map<String, Value>) -> Vec<(&str, &'static str)> {
    let kind_of = |media: &str| {
        let essence = media.split(';').next().unwrap_or("").trim();
        if is_json(media) {
            Some("json")
        } else if essence.starts_with("multipart/form-data") {
            Some("multipart")
        } else if essence == "application/x-www-form-urlencoded" {
            Some("form")
        } else if !essence.starts_with("multipart/") && (essence == "*/*" || is_media_type(essence)) {
            Some("binary")
        } else if !essence.contains('/') && content.get(media).and_then(|m| m.get("schema")).is_some_and(json_shaped) {
            // Not a media type at all (a generator's `undefined`), over an
            // object or array schema: JSON is the one body that schema describes.
            Some("json")
        } else {
            None
        }
    };
    ["json", "multipart", "form", "binary"]
        .into_iter()
        .filter_map(|kind| content.keys().find(|m| kind_of(m) == Some(kind)).map(|m| (m.as_str(), kind)))
        .collect()
}

/// Where the schema of a media type is, and the schema.
pub(super) fn media_schema<'d>(at: &Loc, content: &'d serde_json::Map<String, Value>, media: &str) -> (Loc, &'d Value) {
    let schema = content[media].get("schema").unwrap_or(&NO_SCHEMA);
    (at.child("content").child(media).child("schema"), schema)
}

/// A form field that is a file: `format: binary`, or the vendor mistakes of a
/// file field typed `object` without properties or `string` without a format
/// but named as a file. A part the document sends as JSON (`part_type`) is
/// never a file, nor is one it sends as text that nothing but its name calls one.
fn form_file(name: &str, s: &Value, part_type: Option<&str>) -> Option<Ty> {
    if part_type.is_some_and(is_json) {
        return None;
    }
    // 3.1 writes `type: [string, null]`: the type is the one beside `null`.
    let ty = match s.get("type") {
        Some(Value::String(t)) => Some(t.to_ascii_lowercase()),
        Some(Value::Array(types)) => {
            types.iter().filter_map(Value::as_str).find(|t| *t != "null").map(str::to_ascii_lowercase)
        }
        _ => None,
    };
    let format = s.get("format").and_then(Value::as_str);
    // Bytes, as 3.0 (`format: binary`) and 3.1 (`contentEncoding: binary`,
    // or a `contentMediaType` of its own) say it.
    let binary = |s: &Value| {
        s.get("format").and_then(Value::as_str) == Some("binary")
            || s.get("contentEncoding").and_then(Value::as_str) == Some("binary")
            || s.get("contentMediaType").is_some_and(|m| m.as_str() != Some("application/json"))
    };
    if binary(s) {
        return Some(Ty::named("file"));
    }
    if ty.as_deref() == Some("array") && s.get("items").is_some_and(binary) {
        return Some(Ty { items: Some("file".to_owned()), ..Ty::named("array") });
    }
    let named_file = named_as_file(name) && part_type != Some("text/plain");
    let no_shape = ["properties", "additionalProperties", "enum", "const", "allOf", "oneOf", "anyOf", "items"]
        .iter()
        .all(|k| s.get(*k).is_none());
    match ty.as_deref() {
        Some("object") | None if no_shape && s.get("$ref").is_none() => {
            Some(Ty::noted("file", "typed `object` without properties or `format: binary`: taken as a file".to_owned()))
        }
        Some("string") if format.is_none() && no_shape && named_file => Some(Ty::noted(
            "file",
            "typed `string` without `format: binary` but named as a file: taken as a file".to_owned(),
        )),
        _ => None,
    }
}

/// Whether a form field's name calls it a file, judged by the name's last
/// word (`pic_file` is, `main_file_id` is not): a text-typed part so named
/// is taken as a file, and the export declares a text part so named as
/// `text/plain` so that it stays text.
pub(crate) fn named_as_file(name: &str) -> bool {
    let snake_name = snake(name);
    let last = snake_name.rsplit('_').next().unwrap_or("");
    ["file", "files", "image", "photo", "picture", "attachment", "avatar"].contains(&last)
}
