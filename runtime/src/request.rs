//! The description of one call that generated code hands to [`crate::Client::execute`].

use std::fmt;

use reqwest::Method;
use serde::Serialize;

use crate::error::ValidationError;
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
    pub(crate) query: Vec<(&'static str, String)>,
    pub(crate) headers: Vec<(&'static str, String)>,
    pub(crate) body: Body,
    pub(crate) keep_auth_on_redirect: bool,
    pub(crate) error: Option<ValidationError>,
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
        self.query.push((name, value.to_string()));
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
    /// (`k=a&k=b`), or one pair with the values joined by commas (`k=a,b`).
    /// An empty list sends nothing.
    pub fn query_list<T: fmt::Display>(mut self, name: &'static str, values: &[T], comma_separated: bool) -> Self {
        if values.is_empty() {
            return self;
        }
        if comma_separated {
            let joined = values.iter().map(ToString::to_string).collect::<Vec<_>>().join(",");
            self.query.push((name, joined));
        } else {
            self.query.extend(values.iter().map(|v| (name, v.to_string())));
        }
        self
    }

    /// Adds an array query parameter when it has a value (see [`query_list`](Self::query_list)).
    pub fn query_list_opt<T: fmt::Display>(
        self,
        name: &'static str,
        values: Option<&[T]>,
        comma_separated: bool,
    ) -> Self {
        match values {
            Some(values) => self.query_list(name, values, comma_separated),
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

    /// Keeps the `Authorization` header when a redirect leads to another host of
    /// the same API over HTTPS (the spec says the operation needs it).
    pub fn keep_auth_on_redirect(mut self) -> Self {
        self.keep_auth_on_redirect = true;
        self
    }

    /// Sets a `multipart/form-data` body.
    pub fn multipart(mut self, form: Multipart) -> Self {
        self.body = Body::Multipart(form);
        self
    }

    /// Sets an `application/x-www-form-urlencoded` body.
    pub fn form(mut self, form: UrlEncoded) -> Self {
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

    /// Checks that `items` has at most `max` elements.
    pub fn check_max_items<T>(mut self, field: &'static str, items: Option<&[T]>, max: usize) -> Self {
        if let Some(items) = items {
            if items.len() > max {
                self.fail(ValidationError::new(
                    field,
                    format!("has {} items, more than the {max} allowed", items.len()),
                ));
            }
        }
        self
    }

    /// Checks that an enum value is one the API accepts (`known`), listing them otherwise.
    pub fn check_one_of(mut self, field: &'static str, known: bool, allowed: &'static str) -> Self {
        if !known {
            self.fail(ValidationError::new(field, format!("must be one of {allowed}")));
        }
        self
    }

    /// Checks that an integer lies in `min..=max`.
    pub fn check_range(mut self, field: &'static str, value: Option<i64>, min: Option<i64>, max: Option<i64>) -> Self {
        if let Some(value) = value {
            let low = min.is_some_and(|min| value < min);
            let high = max.is_some_and(|max| value > max);
            if low || high {
                let range = format!(
                    "{}..={}",
                    min.map(|m| m.to_string()).unwrap_or_default(),
                    max.map(|m| m.to_string()).unwrap_or_default()
                );
                self.fail(ValidationError::new(field, format!("is {value}, outside the range {range}")));
            }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn array_query_parameters() {
        let r = Request::new("op", Method::GET, 0, "/x")
            .query_list("ids", &[1, 2, 3], false)
            .query_list("tags", &["a", "b"], true)
            .query_list::<&str>("none", &[], true)
            .query_list_opt::<&str>("absent", None, false);
        let pairs: Vec<_> = r.query.iter().map(|(n, v)| format!("{n}={v}")).collect();
        assert_eq!(pairs, ["ids=1", "ids=2", "ids=3", "tags=a,b"]);
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
