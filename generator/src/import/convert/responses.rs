//! Responses → the spec's `responses:` and `errors:`: success bodies, event
//! streams, error bodies and the error codes documents give in schemas and prose.

use super::bodies::media_schema;
use super::*;
use crate::model::is_json_lines;

impl<'d> Converter<'d> {
    /// Success responses and documented errors.
    /// The success responses and the errors, each with their notes. With
    /// `events`, a response that may be an event stream is taken as one;
    /// else as its other media type, and the flag returned says that one was
    /// passed over (for an operation of its own).
    #[allow(clippy::type_complexity)]
    pub(super) fn responses(
        &mut self,
        op_name: &str,
        at: &Loc,
        op: &'d Value,
        events: bool,
    ) -> Result<((Map, Vec<String>, bool), Noted<Map>), ImportError> {
        let mut passed_over = false;
        let (mut notes, mut error_notes) = (Vec::new(), Vec::new());
        // Each response resolved once, with an error response's schema codes.
        let mut listed: Vec<Listed<'d, Vec<String>>> = Vec::new();
        let op_at = at;
        let at = at.child("responses");
        let all = op.get("responses").and_then(Value::as_object);
        let keys: Vec<&str> = all.into_iter().flat_map(|m| m.keys()).map(String::as_str).collect();
        // `default` last, wherever the document lists it (an export writes it
        // first): it is what no other status says, and what it names is named
        // after the others.
        let mut ordered: Vec<(&String, &'d Value)> = all.into_iter().flatten().collect();
        ordered.sort_by_key(|(status, _)| status.as_str() == "default");
        for (status, r) in ordered {
            match status_set(status, &keys) {
                Some(code) => {
                    let success = code.bounds().1 < 300 && code.bounds().0 >= 200;
                    let (r_at, r) = match self.follow(&at.child(status), r)? {
                        Ok(found) => found,
                        Err(why) => {
                            let place = format!("{op_name}.responses.{status}");
                            let what = format!("the `{status}` response: {why}: left out");
                            let note = if success {
                                self.loss(Loss::ResponseBody, &place, what)
                            } else {
                                self.note(&place, what)
                            };
                            if code.bounds().0 >= 400 {
                                error_notes.push(note)
                            } else {
                                notes.push(note)
                            }
                            continue;
                        }
                    };
                    let codes = if code.bounds().0 >= 400 { Some(self.schema_codes(&r_at, r)?) } else { None };
                    listed.push((code, status, r_at, r, codes));
                }
                None => error_notes.push(self.note(
                    &format!("{op_name}.responses.{status}"),
                    format!(
                        "the `{status}` response: the format documents statuses 100 to 599, `4XX`, `5XX` and `default`"
                    ),
                )),
            }
        }
        // One `code` enum of several codes under several statuses, in this
        // operation or another, is the error body's whole vocabulary (one
        // shared error schema), not the codes of each status.
        let shared: Vec<Vec<String>> = listed
            .iter()
            .filter_map(|(.., codes)| codes.clone())
            .filter(|codes| codes.len() > 1 && self.code_statuses.get(codes).is_some_and(|statuses| statuses.len() > 1))
            .collect();
        if !shared.is_empty() {
            let what = "the error body's `code` enum is the same under several statuses (one error schema's whole \
                        vocabulary, not the codes of each status): those statuses are kept without codes";
            error_notes.push(self.note(&format!("{op_name}.errors"), what.to_owned()));
        }
        let mut listed_codes: Vec<Listed<'d, ErrorCodes>> = Vec::with_capacity(listed.len());
        for (code, status, r_at, r, codes) in listed {
            let codes = match codes {
                Some(enum_codes) => {
                    let enum_codes = if shared.contains(&enum_codes) { Vec::new() } else { enum_codes };
                    Some(error_codes(r, enum_codes))
                }
                None => None,
            };
            listed_codes.push((code, status, r_at, r, codes));
        }
        let listed = listed_codes;
        // Status-only error variants are named first, so codes never take their names.
        let mut variants: HashSet<String> = HashSet::from(["Other".to_owned()]);
        for (code, .., codes) in &listed {
            if codes.as_ref().is_some_and(|(_, c)| c.is_empty()) {
                variants.insert(set_variant(*code));
            }
        }
        let mut responses = Map::new();
        let mut errors: Vec<(StatusSet, Node)> = Vec::new();
        let mut seen_codes: HashSet<String> = HashSet::new();
        for (code, status, r_at, r, codes) in listed {
            let where_ = format!("{op_name}.responses.{status}");
            if let Some((head, codes)) = codes {
                let body = self.error_body(op_name, &where_, &r_at, r, &mut error_notes)?;
                let head = if head.is_empty() { format!("{}.", code.http()) } else { head };
                if codes.is_empty() {
                    let node = match body {
                        Some(body) => {
                            let mut typed = Map::new();
                            typed.str("doc", head);
                            typed.str("body", body);
                            Node::Map(typed)
                        }
                        None => Node::Str(head),
                    };
                    errors.push((code, node));
                    continue;
                }
                let mut map = Map::new();
                for (c, mut meanings) in codes {
                    let integer = c.parse::<i64>().is_ok();
                    if seen_codes.contains(&c) || !variants.insert(code_variant(&c, integer)) {
                        let what = format!("error code `{c}` under {code}: documented under another status too, or named like another error");
                        error_notes.push(self.note(&format!("{op_name}.errors.{code}.{c}"), what));
                        continue;
                    }
                    seen_codes.insert(c.clone());
                    self.any_code = true;
                    self.all_codes_integer &= integer;
                    let value = match meanings.len() {
                        1 => Node::Str(meanings.remove(0)),
                        _ => Node::List(meanings),
                    };
                    map.insert(c, value);
                }
                let node = match body {
                    // Every code documented elsewhere: the status alone, as
                    // it would be without codes (and as its export reads back).
                    Some(body) if map.is_empty() => {
                        let mut typed = Map::new();
                        typed.str("doc", head);
                        typed.str("body", body);
                        Node::Map(typed)
                    }
                    None if map.is_empty() => Node::Str(head),
                    Some(body) => {
                        let mut typed = Map::new();
                        typed.str("body", body);
                        typed.insert("codes", Node::Map(map));
                        Node::Map(typed)
                    }
                    None => Node::Map(map),
                };
                errors.push((code, node));
                continue;
            }
            let StatusSet::Exact(code) = code else { continue };
            if (300..400).contains(&code) || code < 200 {
                notes.push(self.note(&where_, format!("the `{status}` response: the client follows redirects itself")));
                continue;
            }
            let mut out = Map::new();
            out.str("doc", text(r, "description").unwrap_or_else(|| format!("HTTP {code}.")));
            let mut note = None;
            let content = r.get("content").and_then(Value::as_object).filter(|c| !c.is_empty());
            let stream = content.and_then(|c| c.keys().find(|k| is_event_stream(k)));
            let alone = content.is_some_and(|c| c.keys().all(|k| is_event_stream(k)));
            if let (Some(content), Some(media)) = (content, stream) {
                if events || alone {
                    note = self.events_response(op_name, (op_at, op), &r_at, (content, media), &mut out)?;
                    responses.insert(code.to_string(), Node::Map(out)).comment.extend(note);
                    continue;
                }
                passed_over = true;
            }
            let content = content.filter(|_| !alone);
            match content.map(|c| (c, c.keys().find(|k| is_json(k)))) {
                Some((content, Some(media))) => {
                    let (s_at, schema) = media_schema(&r_at, content, media);
                    let hint = format!("{op_name} response");
                    let mut ty = self.schema(&s_at, schema, &hint, Place::Json)?;
                    if let Some(n) = ty.notes.drain(..).reduce(|a, b| format!("{a}; {b}")) {
                        note = Some(self.note(&where_, n));
                    }
                    let name = if self.types.contains_key(&ty.ty) {
                        ty.ty
                    } else {
                        self.alias(ty, &s_at, schema, &hint, None)
                    };
                    out.str("body", name);
                    if let Some(example) = self.example_in(&r_at.child("content").child(media), &content[media])? {
                        out.insert("example", Node::Json(example));
                    }
                }
                Some((content, None)) => {
                    let first = content.keys().find(|k| !is_event_stream(k));
                    let media = first.map_or("", |m| m.split(';').next().unwrap_or("").trim());
                    // Text types (and XML, CSV) are read whole as a string; the others stream as bytes.
                    let lower = media.to_ascii_lowercase();
                    let text = lower.starts_with("text/") && lower != "text/event-stream";
                    out.raw("body", if text { "text" } else { "binary" });
                    let default = if text { "text/plain" } else { "application/octet-stream" };
                    if media != default && is_media_type(media) {
                        out.str("media_type", media);
                    }
                }
                None => {}
            }
            responses.insert(code.to_string(), Node::Map(out)).comment.extend(note);
        }
        if responses.is_empty() {
            let mut empty = Map::new();
            empty.str("doc", "Success (the document lists no success response).");
            let note = self.note(op_name, "the document lists no success response; an empty 200 is assumed".to_owned());
            responses.insert("200", Node::Map(empty)).comment(note);
        }
        errors.sort_by_key(|(code, _)| *code);
        let errors = Map(errors.into_iter().map(|(k, v)| entry(&k.key(), v)).collect());
        Ok(((responses, notes, passed_over), (errors, error_notes)))
    }

    /// The type of an error response's JSON body, when its document gives a
    /// schema for it; a note on it goes to `notes`.
    fn error_body(
        &mut self,
        op_name: &str,
        where_: &str,
        r_at: &Loc,
        r: &'d Value,
        notes: &mut Vec<String>,
    ) -> Result<Option<String>, ImportError> {
        let Some(content) = r.get("content").and_then(Value::as_object) else { return Ok(None) };
        let Some(media) = content.keys().find(|k| is_json(k)) else { return Ok(None) };
        let (s_at, schema) = media_schema(r_at, content, media);
        let empty = schema.as_object().is_none_or(|o| o.keys().all(|k| k == "description" || k.starts_with("x-")));
        // Our export's common error shape, or any body of no more than the
        // code and message the client reads itself: nothing to type.
        let common = match self.follow(&s_at, schema)? {
            Ok((_, target)) => {
                // Keywords that would give the body more than its properties
                // (others, a vendor's own or misspelt, say nothing of it).
                const SHAPING: [&str; 9] =
                    ["allOf", "oneOf", "anyOf", "patternProperties", "items", "prefixItems", "enum", "const", "not"];
                let more = |k: &str| match k {
                    "additionalProperties" => target.get(k) != Some(&Value::Bool(false)),
                    _ => SHAPING.contains(&k),
                };
                let only_code_and_message = target.as_object().is_some_and(|o| !o.keys().any(|k| more(k)))
                    && target
                        .get("properties")
                        .and_then(Value::as_object)
                        .is_some_and(|p| p.keys().all(|k| k == "code" || k == "message"));
                target.get("x-error-body").and_then(Value::as_bool) == Some(true) || only_code_and_message
            }
            Err(_) => false,
        };
        if empty || common {
            return Ok(None);
        }
        let hint = format!("{op_name} error");
        let mut ty = self.schema(&s_at, schema, &hint, Place::Json)?;
        if let Some(n) = ty.notes.drain(..).reduce(|a, b| format!("{a}; {b}")) {
            notes.push(self.note(where_, n));
        }
        let name = if self.types.contains_key(&ty.ty) { ty.ty } else { self.alias(ty, &s_at, schema, &hint, None) };
        Ok(Some(name))
    }

    /// A success response as an event stream (`text/event-stream`, or JSON
    /// lines, at `media` of `content`), written into `out`: the events' type, the end
    /// marker (our export's `x-end-marker`, else the `data: [WORD]` the
    /// operation's text names) and whether it resumes. Gives a note on the
    /// events' type.
    fn events_response(
        &mut self,
        op_name: &str,
        (op_at, op): (&Loc, &'d Value),
        r_at: &Loc,
        (content, media): (&'d serde_json::Map<String, Value>, &str),
        out: &mut Map,
    ) -> Result<Option<String>, ImportError> {
        let where_ = format!("{op_name}.responses");
        let (s_at, schema) = media_schema(r_at, content, media);
        let hint = format!("{op_name} event");
        let mut ty = self.schema(&s_at, schema, &hint, Place::Json)?;
        let note = ty.notes.drain(..).reduce(|a, b| format!("{a}; {b}")).map(|n| self.note(&where_, n));
        let name = if self.types.contains_key(&ty.ty) { ty.ty } else { self.alias(ty, &s_at, schema, &hint, None) };
        out.str("events", name);
        if is_json_lines(media) {
            out.str("media_type", media.split(';').next().unwrap_or("").trim().to_ascii_lowercase());
        }
        let media_type = &content[media];
        let end = match media_type.get("x-end-marker").and_then(Value::as_str) {
            Some(end) => Some(end.to_owned()),
            None => self.end_marker_named(op_at, op),
        };
        if let Some(end) = end.filter(|e| !e.is_empty() && !e.contains(['\n', '\r'])) {
            out.str("end_marker", end);
        }
        if media_type.get("x-resumable").and_then(Value::as_bool) == Some(true) {
            out.raw("resumable", "true");
        }
        Ok(note)
    }

    /// The data of the event that ends an operation's stream, when its
    /// description or its request body's descriptions name one as the
    /// convention writes it: `data: [DONE]`.
    fn end_marker_named(&self, op_at: &Loc, op: &'d Value) -> Option<String> {
        const MOST_NODES: usize = 2_000;
        let mut stack: Vec<(Loc, &'d Value)> = vec![(op_at.clone(), op)];
        let mut followed: HashSet<(usize, String)> = HashSet::new();
        let mut nodes = 0;
        while let Some((at, value)) = stack.pop() {
            nodes += 1;
            if nodes > MOST_NODES {
                break;
            }
            match value {
                Value::Object(map) => {
                    if let Some(reference) = map.get("$ref").and_then(Value::as_str) {
                        if followed.insert((at.doc, reference.to_owned())) {
                            if let Ok(Ok((to, target))) = self.follow(&at, value) {
                                stack.push((to, target));
                            }
                        }
                        continue;
                    }
                    for (key, child) in map {
                        // Responses and examples are not what the request says.
                        if matches!(key.as_str(), "responses" | "examples" | "example" | "x-oaiMeta") {
                            continue;
                        }
                        stack.push((at.child(key), child));
                    }
                }
                Value::Array(items) => stack.extend(items.iter().enumerate().map(|(i, v)| (at.child(i), v))),
                Value::String(text) => {
                    if let Some(marker) = bracketed_marker(text) {
                        return Some(marker);
                    }
                }
                _ => {}
            }
        }
        None
    }

    /// Every list of codes that the error responses' schemas give, with the
    /// statuses each is documented under. References that cannot be followed
    /// are passed over here; converting the operations notes them.
    pub(super) fn code_statuses(&self) -> Result<HashMap<Vec<String>, std::collections::BTreeSet<u16>>, ImportError> {
        let docs = self.docs;
        let mut out: HashMap<Vec<String>, std::collections::BTreeSet<u16>> = HashMap::new();
        for d in 0..docs.given {
            let paths_at = Loc { doc: d, pointer: "/paths".to_owned() };
            for (path, item) in docs.doc(d).value.get("paths").and_then(Value::as_object).into_iter().flatten() {
                let Ok(Ok((item_at, item))) = self.follow(&paths_at.child(path), item) else { continue };
                for (_, op_at, op) in item_operations(&item_at, item) {
                    let Ok(Ok((op_at, op))) = self.follow(&op_at, op) else { continue };
                    let at = op_at.child("responses");
                    for (status, r) in op.get("responses").and_then(Value::as_object).into_iter().flatten() {
                        let Some(code) = status.parse::<u16>().ok().filter(|c| (400..600).contains(c)) else {
                            continue;
                        };
                        let Ok(Ok((r_at, r))) = self.follow(&at.child(status), r) else { continue };
                        let codes = self.schema_codes(&r_at, r)?;
                        if !codes.is_empty() {
                            out.entry(codes).or_default().insert(code);
                        }
                    }
                }
            }
        }
        Ok(out)
    }

    /// The values of the `code` enums of an error response's JSON schemas (Zoho).
    fn schema_codes(&self, at: &Loc, r: &'d Value) -> Result<Vec<String>, ImportError> {
        let mut found = Vec::new();
        for (media, c) in r.get("content").and_then(Value::as_object).into_iter().flatten() {
            if is_json(media) {
                let schema = c.get("schema").unwrap_or(&NO_SCHEMA);
                self.code_enums(&at.child("content").child(media).child("schema"), schema, 0, &mut found)?;
            }
        }
        Ok(found)
    }

    /// The values of every `code` enum in an error schema, through unions,
    /// `allOf`, arrays and nested objects.
    fn code_enums(&self, at: &Loc, schema: &'d Value, depth: usize, out: &mut Vec<String>) -> Result<(), ImportError> {
        if depth > 6 {
            return Ok(());
        }
        let docs = self.docs;
        let (at, schema, _) = docs.deref_or_self(at, schema)?;
        for key in ["oneOf", "anyOf", "allOf"] {
            for (i, s) in schema.get(key).and_then(Value::as_array).into_iter().flatten().enumerate() {
                self.code_enums(&at.child(key).child(i), s, depth + 1, out)?;
            }
        }
        if let Some(items) = schema.get("items") {
            self.code_enums(&at.child("items"), items, depth + 1, out)?;
        }
        for (name, prop) in schema.get("properties").and_then(Value::as_object).into_iter().flatten() {
            let p_at = at.child("properties").child(name);
            if name != "code" {
                self.code_enums(&p_at, prop, depth + 1, out)?;
                continue;
            }
            let (_, prop, _) = docs.deref_or_self(&p_at, prop)?;
            for v in prop.get("enum").and_then(Value::as_array).into_iter().flatten().filter_map(scalar_string) {
                if !out.contains(&v) {
                    out.push(v);
                }
            }
        }
        Ok(())
    }
}

/// The codes of an error response, with their meanings, and the status's own
/// sentence: codes from its description (Zoom's `**Error Code:**` prose),
/// then `enum_codes` from its schema.
fn error_codes(r: &Value, enum_codes: Vec<String>) -> ErrorCodes {
    let description = text(r, "description").unwrap_or_default();
    // Our export lists the codes in `x-error-codes`, each meaning also in the text.
    if let Some(listed) = r.get("x-error-codes").and_then(Value::as_array) {
        let head = description.split("\n\n**Error code**").next().unwrap_or_default().trim().to_owned();
        let codes = listed
            .iter()
            .filter_map(|c| {
                let code = match c.get("code")? {
                    Value::String(s) => s.clone(),
                    Value::Number(n) => n.to_string(),
                    _ => return None,
                };
                let meanings = c.get("meanings")?.as_array()?.iter().filter_map(Value::as_str).map(str::to_owned);
                Some((code, meanings.collect::<Vec<_>>()))
            })
            .filter(|(_, meanings)| !meanings.is_empty())
            .collect();
        return (head, codes);
    }
    let (head, mut codes) = prose::error_codes(&description);
    for code in enum_codes {
        if !codes.iter().any(|(c, _)| *c == code) {
            let meaning = if head.is_empty() { format!("{code}.") } else { head.clone() };
            codes.push((code, vec![meaning]));
        }
    }
    (head, codes)
}

/// Whether a media type is one of a stream of events: `text/event-stream`
/// (server-sent events), or JSON lines (`application/x-ndjson`).
fn is_event_stream(media: &str) -> bool {
    media.split(';').next().unwrap_or("").trim().eq_ignore_ascii_case("text/event-stream") || is_json_lines(media)
}

/// The `[WORD]` of the first `data: [WORD]` in `text` (upper-case letters,
/// digits and `_`): how APIs write the event that ends a stream.
fn bracketed_marker(text: &str) -> Option<String> {
    text.match_indices("data: [").find_map(|(at, found)| {
        let rest = &text[at + found.len()..];
        let end = rest.find(']')?;
        let word = &rest[..end];
        let ok = !word.is_empty()
            && word.len() <= 32
            && word.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
        ok.then(|| format!("[{word}]"))
    })
}
