//! The description of one call that generated code hands to [`crate::Client::execute`].

use std::borrow::Cow;
use std::fmt;

use reqwest::Method;
use serde::Serialize;

use crate::error::ValidationError;
use crate::limits::{self, CheckLimits, Place};
use crate::multipart::{FilePart, Multipart, UrlEncoded};

#[derive(Debug, Default)]
pub(crate) enum Body {
    #[default]
    Empty,
    Json(bytes::Bytes),
    Multipart(Multipart),
    /// `k=v&k=v`, encoded.
    UrlEncoded(String),
    /// Bytes sent as they are, with the spec's media type.
    Binary(FilePart, &'static str),
}

impl Body {
    /// Whether the body can be sent again for a retry or a redirect.
    pub(crate) fn replayable(&self) -> bool {
        match self {
            Body::Empty | Body::Json(_) | Body::UrlEncoded(_) => true,
            Body::Multipart(form) => form.replayable(),
            Body::Binary(part, _) => part.replayable(),
        }
    }
}

/// One API call: operation name, method, server, path template, parameters and
/// body. Problems found while building it (a bad path segment, an unencodable
/// body) are kept and reported by `execute` before anything is sent.
#[derive(Debug)]
pub struct Request {
    pub(crate) operation: &'static str,
    pub(crate) method: Method,
    pub(crate) server: usize,
    pub(crate) template: &'static str,
    pub(crate) path_params: Vec<(&'static str, String)>,
    /// Names are the spec's, or made from them for an object's keys (`k[a]`).
    pub(crate) query: Vec<QueryPair>,
    pub(crate) headers: Vec<(&'static str, String)>,
    pub(crate) body: Body,
    pub(crate) keep_auth_on_redirect: bool,
    /// The URL of a page a previous page named, fetched instead of the
    /// path and query (its origin must be the server's).
    pub(crate) page_url: Option<String>,
    /// The API takes the request again to resume its event stream.
    pub(crate) resumable: bool,
    /// What the operation requires, when it differs from the API's default.
    pub(crate) security: Option<crate::Requirement>,
    pub(crate) error: Option<ValidationError>,
}

/// One `name=value` of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct QueryPair {
    pub(crate) name: Cow<'static, str>,
    pub(crate) value: String,
    /// The value is percent-encoded already: a delimited list, whose
    /// delimiters go out as they are and whose items have theirs encoded.
    pub(crate) encoded: bool,
}

impl QueryPair {
    fn new(name: Cow<'static, str>, value: String) -> Self {
        QueryPair { name, value, encoded: false }
    }
}

impl Request {
    /// A request for `operation`, sent with `method` to the API's server number
    /// `server`, at the path `template` (`/clips/{clipId}`).
    pub fn new(operation: &'static str, method: Method, server: usize, template: &'static str) -> Self {
        Request {
            operation,
            method,
            server,
            template,
            path_params: Vec::new(),
            query: Vec::new(),
            headers: Vec::new(),
            body: Body::Empty,
            keep_auth_on_redirect: false,
            page_url: None,
            resumable: false,
            security: None,
            error: None,
        }
    }

    /// Sets the value of the path placeholder `{name}`; it is percent-encoded as one segment.
    pub fn path_param(mut self, name: &'static str, value: impl fmt::Display) -> Self {
        self.path_params.push((name, value.to_string()));
        self
    }

    /// Adds a query parameter.
    pub fn query(mut self, name: &'static str, value: impl fmt::Display) -> Self {
        self.query.push(QueryPair::new(Cow::Borrowed(name), value.to_string()));
        self
    }

    /// Adds a query parameter when it has a value.
    pub fn query_opt(self, name: &'static str, value: Option<impl fmt::Display>) -> Self {
        match value {
            Some(value) => self.query(name, value),
            None => self,
        }
    }

    /// Adds an array query parameter: one `name=value` pair per value
    /// (`k=a&k=b`) without a `delimiter`, else one pair with the values
    /// joined by it (`,` gives `k=a,b`; `|` and `%20`, OpenAPI's pipe- and
    /// space-delimited styles). The delimiter goes out as it is; within a
    /// value it is percent-encoded, so `["a,b"]` and `["a", "b"]` differ.
    /// An empty list sends nothing.
    pub fn query_list<T: fmt::Display>(mut self, name: &'static str, values: &[T], delimiter: Option<&str>) -> Self {
        if values.is_empty() {
            return self;
        }
        match delimiter {
            Some(delimiter) => {
                let items: Vec<String> = values
                    .iter()
                    .map(|v| form_urlencoded::byte_serialize(v.to_string().as_bytes()).collect())
                    .collect();
                self.query.push(QueryPair { name: Cow::Borrowed(name), value: items.join(delimiter), encoded: true });
            }
            None => self.query.extend(values.iter().map(|v| QueryPair::new(Cow::Borrowed(name), v.to_string()))),
        }
        self
    }

    /// Adds an array query parameter when it has a value (see [`query_list`](Self::query_list)).
    pub fn query_list_opt<T: fmt::Display>(
        self,
        name: &'static str,
        values: Option<&[T]>,
        delimiter: Option<&str>,
    ) -> Self {
        match values {
            Some(values) => self.query_list(name, values, delimiter),
            None => self,
        }
    }

    /// Adds a query parameter sent as one JSON text (`k=[{"a":1}]`). A value
    /// JSON cannot hold (a NaN) fails the request before sending.
    pub fn query_json(mut self, name: &'static str, value: &impl Serialize) -> Self {
        match crate::finite::to_json(value).map(String::from_utf8) {
            Ok(Ok(text)) => self.query.push(QueryPair::new(Cow::Borrowed(name), text)),
            Ok(Err(e)) => self.fail(ValidationError::new(name, format!("cannot be sent as JSON: {e}"))),
            Err(e) => self.fail(ValidationError::new(name, format!("cannot be sent as JSON: {e}"))),
        }
        self
    }

    /// Adds a JSON query parameter when it has a value (see [`query_json`](Self::query_json)).
    pub fn query_json_opt(self, name: &'static str, value: Option<&impl Serialize>) -> Self {
        match value {
            Some(value) => self.query_json(name, value),
            None => self,
        }
    }

    /// Adds a query parameter that is an object, a map or a union of them,
    /// by its keys: `a=1&b=2` (OpenAPI's `form`, exploded), or with `deep`
    /// `k[a]=1&k[b]=2`, nested objects deeper (`k[a][b]=1`). An array sends
    /// one pair per item; `null` sends nothing; a nested object in `form`
    /// style is sent as JSON text. A value that is not an object is sent
    /// under `name`.
    pub fn query_object(mut self, name: &'static str, value: &impl Serialize, deep: bool) -> Self {
        let value = match serde_json::to_value(value) {
            Ok(value) => value,
            Err(e) => {
                self.fail(ValidationError::new(name, format!("cannot be sent as a query: {e}")));
                return self;
            }
        };
        match value {
            serde_json::Value::Object(map) => {
                for (key, value) in map {
                    let key = if deep { format!("{name}[{key}]") } else { key };
                    query_pairs(&mut self.query, key, value, deep);
                }
            }
            other => query_pairs(&mut self.query, name.to_owned(), other, deep),
        }
        self
    }

    /// Adds an object query parameter when it has a value (see [`query_object`](Self::query_object)).
    pub fn query_object_opt(self, name: &'static str, value: Option<&impl Serialize>, deep: bool) -> Self {
        match value {
            Some(value) => self.query_object(name, value, deep),
            None => self,
        }
    }

    /// Adds an array header: the values joined by commas (OpenAPI's
    /// `simple` style). An empty list sends nothing.
    pub fn header_list<T: fmt::Display>(self, name: &'static str, values: &[T]) -> Self {
        if values.is_empty() {
            return self;
        }
        self.header(name, comma_joined(values))
    }

    /// Adds an array header when it has a value (see [`header_list`](Self::header_list)).
    pub fn header_list_opt<T: fmt::Display>(self, name: &'static str, values: Option<&[T]>) -> Self {
        match values {
            Some(values) => self.header_list(name, values),
            None => self,
        }
    }

    /// Adds a cookie to the request's `Cookie` header (`a=1; b=2`). A value
    /// a cookie cannot hold (a control character, whitespace, `"`, `,`, `;`
    /// or `\\`, RFC 6265) fails the request before sending.
    pub fn cookie(mut self, name: &'static str, value: impl fmt::Display) -> Self {
        let value = value.to_string();
        let allowed = |c: char| c.is_ascii_graphic() && !matches!(c, '"' | ',' | ';' | '\\');
        if !value.chars().all(allowed) {
            self.fail(ValidationError::new(
                name,
                "contains characters a cookie cannot hold (control characters, spaces, `\"`, `,`, `;`, `\\`)",
            ));
            return self;
        }
        let pair = format!("{name}={value}");
        match self.headers.iter_mut().find(|(n, _)| *n == "cookie") {
            Some((_, cookies)) => {
                cookies.push_str("; ");
                cookies.push_str(&pair);
            }
            None => self.headers.push(("cookie", pair)),
        }
        self
    }

    /// Adds a cookie when it has a value (see [`cookie`](Self::cookie)).
    pub fn cookie_opt(self, name: &'static str, value: Option<impl fmt::Display>) -> Self {
        match value {
            Some(value) => self.cookie(name, value),
            None => self,
        }
    }

    /// Adds a header. Values with CR or LF are refused when the request is sent.
    pub fn header(mut self, name: &'static str, value: impl fmt::Display) -> Self {
        self.headers.push((name, value.to_string()));
        self
    }

    /// Adds a header when it has a value.
    pub fn header_opt(self, name: &'static str, value: Option<impl fmt::Display>) -> Self {
        match value {
            Some(value) => self.header(name, value),
            None => self,
        }
    }

    /// Sets a JSON body. A float JSON cannot hold (NaN, an infinity), which
    /// serde_json would send as `null`, fails the request before sending.
    pub fn json(mut self, body: &impl Serialize) -> Self {
        match crate::finite::to_json(body) {
            Ok(bytes) => self.body = Body::Json(bytes.into()),
            Err(reason) => self.fail(ValidationError::new("body", reason)),
        }
        self
    }

    /// Fetches the page at `url` (absolute, or a path on the server's origin)
    /// as a previous page named it, instead of the path and query built; a
    /// URL on another origin is refused before sending.
    pub fn page_url(mut self, url: Option<&String>) -> Self {
        self.page_url = url.cloned();
        self
    }

    /// Keeps the `Authorization` header when a redirect leads to another host of
    /// the same API over HTTPS (the spec says the operation needs it).
    pub fn keep_auth_on_redirect(mut self) -> Self {
        self.keep_auth_on_redirect = true;
        self
    }

    /// What the operation requires (alternatives of schemes sent together;
    /// none for a public operation), instead of the API's default.
    pub fn security(mut self, requirement: crate::Requirement) -> Self {
        self.security = Some(requirement);
        self
    }

    /// Marks an event stream's request as one the API takes again after a
    /// broken connection: the stream then sends it again with the last
    /// event's id in `Last-Event-ID` and goes on. A body that is a form with
    /// files or a file is not kept for that; its stream ends at the break.
    pub fn resumable(mut self) -> Self {
        self.resumable = true;
        self
    }

    /// A copy to send again, when the body is kept in memory (no files).
    pub(crate) fn try_clone(&self) -> Option<Request> {
        let body = match &self.body {
            Body::Empty => Body::Empty,
            Body::Json(bytes) => Body::Json(bytes.clone()),
            Body::UrlEncoded(form) => Body::UrlEncoded(form.clone()),
            Body::Multipart(_) | Body::Binary(..) => return None,
        };
        Some(Request {
            operation: self.operation,
            method: self.method.clone(),
            server: self.server,
            template: self.template,
            path_params: self.path_params.clone(),
            query: self.query.clone(),
            headers: self.headers.clone(),
            body,
            keep_auth_on_redirect: self.keep_auth_on_redirect,
            page_url: self.page_url.clone(),
            resumable: self.resumable,
            security: self.security,
            error: self.error.clone(),
        })
    }

    /// Sets a `multipart/form-data` body.
    pub fn multipart(mut self, form: Multipart) -> Self {
        self.body = Body::Multipart(form);
        self
    }

    /// Sets an `application/x-www-form-urlencoded` body.
    pub fn form(mut self, form: UrlEncoded) -> Self {
        if let Some((name, reason)) = form.error() {
            let error = ValidationError::new(name.as_ref(), reason.clone());
            self.fail(error);
        }
        self.body = Body::UrlEncoded(form.encode());
        self
    }

    /// Sets a body of bytes sent as they are (`application/octet-stream`,
    /// `image/png`): the part's content type if it has one, else
    /// `media_type` when it names one type, else one guessed from the part's
    /// file name.
    pub fn binary(mut self, part: FilePart, media_type: &'static str) -> Self {
        self.body = Body::Binary(part, media_type);
        self
    }

    /// Checks that `items` (when present) has at least `min` and at most `max` elements.
    pub fn check_item_count<T>(
        self,
        field: &'static str,
        items: Option<&[T]>,
        min: Option<usize>,
        max: Option<usize>,
    ) -> Self {
        self.checked(limits::check_item_count(&Place::Root(field), items, min, max))
    }

    /// Checks that `map` (when present) has at least `min` and at most `max` entries.
    pub fn check_entry_count<V>(
        self,
        field: &'static str,
        map: Option<&std::collections::BTreeMap<String, V>>,
        min: Option<usize>,
        max: Option<usize>,
    ) -> Self {
        self.checked(limits::check_entry_count(&Place::Root(field), map, min, max))
    }

    /// Checks that every key of `map` (when present) has from `min` to `max`
    /// characters and matches `pattern`.
    pub fn check_keys<V>(
        self,
        field: &'static str,
        map: Option<&std::collections::BTreeMap<String, V>>,
        pattern: Option<&'static str>,
        min: Option<usize>,
        max: Option<usize>,
    ) -> Self {
        self.checked(limits::check_keys(&Place::Root(field), map, pattern, min, max))
    }

    /// Checks that an enum value is one the API accepts (`known`), listing them otherwise.
    pub fn check_one_of(self, field: &'static str, known: bool, allowed: &'static str) -> Self {
        self.checked(limits::check_one_of(&Place::Root(field), known, allowed))
    }

    /// Checks that an integer lies in `min..=max`.
    pub fn check_range(self, field: &'static str, value: Option<i64>, min: Option<i64>, max: Option<i64>) -> Self {
        self.checked(limits::check_range(&Place::Root(field), value, min, max))
    }

    /// Checks the documented limits of `value` at every depth (the body:
    /// `field` empty, or a parameter).
    pub fn check_limits(self, field: &'static str, value: &impl CheckLimits) -> Self {
        self.checked(value.check_limits(&Place::Root(field)))
    }

    fn checked(mut self, checked: Result<(), ValidationError>) -> Self {
        if let Err(error) = checked {
            self.fail(error);
        }
        self
    }

    fn fail(&mut self, error: ValidationError) {
        // The first problem is the one reported; later ones are usually consequences.
        if self.error.is_none() {
            self.error = Some(error);
        }
    }
}

/// The values as one text, separated by commas (`a,b`).
fn comma_joined<T: fmt::Display>(values: &[T]) -> String {
    values.iter().map(ToString::to_string).collect::<Vec<_>>().join(",")
}

/// The pairs of a query value under `name`: a scalar as text, each item of
/// an array under the same name, an object's keys nested (`name[key]`) when
/// `deep`, else as JSON text; `null` gives none.
fn query_pairs(out: &mut Vec<QueryPair>, name: String, value: serde_json::Value, deep: bool) {
    use serde_json::Value;
    match value {
        Value::Null => {}
        Value::String(text) => out.push(QueryPair::new(Cow::Owned(name), text)),
        Value::Array(items) => {
            for item in items {
                query_pairs(out, name.clone(), item, deep);
            }
        }
        Value::Object(map) if deep => {
            for (key, value) in map {
                query_pairs(out, format!("{name}[{key}]"), value, deep);
            }
        }
        other => out.push(QueryPair::new(Cow::Owned(name), other.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn array_query_parameters() {
        let r = Request::new("op", Method::GET, 0, "/x")
            .query_list("ids", &[1, 2, 3], None)
            .query_list("tags", &["a", "b"], Some(","))
            .query_list("pair", &["a,b", "c d"], Some(","))
            .query_list("piped", &["a|b", "c"], Some("|"))
            .query_list("spaced", &["a", "b c"], Some("%20"))
            .query_list::<&str>("none", &[], Some(","))
            .query_list_opt::<&str>("absent", None, None);
        let pairs: Vec<_> = r.query.iter().map(|p| format!("{}={}", p.name, p.value)).collect();
        assert_eq!(pairs, ["ids=1", "ids=2", "ids=3", "tags=a,b", "pair=a%2Cb,c+d", "piped=a%7Cb|c", "spaced=a%20b+c"]);
    }

    #[test]
    fn object_query_parameters_and_array_headers() {
        let filter = serde_json::json!({"gt": 1, "tags": ["a", "b"], "owner": {"id": "u1", "team": null}, "x": true});
        let r = Request::new("op", Method::GET, 0, "/x")
            .query_object("f", &filter, true)
            .query_object("m", &serde_json::json!({"k": "v", "nested": {"a": 1}}), false)
            .query_object_opt("none", None::<&serde_json::Value>, true)
            .query_object("plain", &"text", true)
            .header_list("x-beta", &["a", "b"])
            .header_list::<&str>("x-empty", &[]);
        let pairs: Vec<_> = r.query.iter().map(|p| format!("{}={}", p.name, p.value)).collect();
        assert_eq!(
            pairs,
            [
                "f[gt]=1",
                "f[tags]=a",
                "f[tags]=b",
                "f[owner][id]=u1",
                "f[x]=true",
                "k=v",
                "nested={\"a\":1}",
                "plain=text"
            ]
        );
        assert_eq!(r.headers, [("x-beta", "a,b".to_owned())]);
    }

    #[test]
    fn cookies_share_one_header_and_refuse_what_they_cannot_hold() {
        let r = Request::new("op", Method::GET, 0, "/x").cookie("session", "abc").cookie_opt("theme", Some(2));
        assert_eq!(r.headers, [("cookie", "session=abc; theme=2".to_owned())]);
        assert!(r.error.is_none());
        for bad in ["a;b=c", "a\r\nX: y", "a b", "\"q\""] {
            let r = Request::new("op", Method::GET, 0, "/x").cookie("session", bad);
            assert_eq!(r.error.unwrap().field, "session", "{bad:?}");
        }
    }

    #[test]
    fn a_json_body_with_a_float_json_cannot_hold_fails_before_sending() {
        let body = std::collections::BTreeMap::from([("duration", vec![1.5, f64::NAN])]);
        let r = Request::new("op", Method::POST, 0, "/x").json(&body);
        let error = r.error.expect("refused");
        assert_eq!(
            error.to_string(),
            "`body` NaN at $.duration[1] cannot be sent as JSON (serde_json would write null)"
        );
        let ok = Request::new("op", Method::POST, 0, "/x").json(&[1.5]);
        assert!(ok.error.is_none());
    }
}
