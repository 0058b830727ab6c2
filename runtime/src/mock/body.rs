//! Matching a mocked operation's requests on their body: JSON equal to a
//! value, a predicate on the decoded typed body, a form field's text.

use std::sync::Arc;

use bytes::Bytes;
use futures_util::FutureExt;
use serde_json::Value;
use wiremock::{Match, Request};

/// The request body type of an operation without a JSON body: its mock has
/// no [`with_body`](super::MockOperation::with_body).
#[derive(Debug)]
pub enum NoJsonBody {}

/// A test on a request's body.
#[derive(Clone)]
pub(super) struct BodyMatch(Arc<dyn Fn(&Request) -> bool + Send + Sync>);

impl BodyMatch {
    pub(super) fn new(test: impl Fn(&Request) -> bool + Send + Sync + 'static) -> Self {
        BodyMatch(Arc::new(test))
    }

    /// A JSON body equal to `expected` (the order of keys does not matter).
    pub(super) fn json(expected: Value) -> Self {
        BodyMatch::new(move |request| serde_json::from_slice::<Value>(&request.body).is_ok_and(|v| v == expected))
    }

    /// A URL-encoded or multipart form whose field `name` has the text `value`.
    pub(super) fn form_field(name: String, value: String) -> Self {
        BodyMatch::new(move |request| form_fields(request).iter().any(|(n, v)| *n == name && *v == value))
    }
}

impl Match for BodyMatch {
    fn matches(&self, request: &Request) -> bool {
        (self.0)(request)
    }
}

/// The fields of a URL-encoded or multipart form body, each with its text (a
/// file part's bytes read as UTF-8, lossily); none for another body.
fn form_fields(request: &Request) -> Vec<(String, String)> {
    let content_type = request.headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default();
    let media_type = content_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    match media_type.as_str() {
        "application/x-www-form-urlencoded" => {
            form_urlencoded::parse(&request.body).map(|(k, v)| (k.into_owned(), v.into_owned())).collect()
        }
        "multipart/form-data" => {
            let Ok(boundary) = multer::parse_boundary(content_type) else { return Vec::new() };
            let body = Bytes::from(request.body.clone());
            let stream = futures_util::stream::once(async move { Ok::<_, std::io::Error>(body) });
            let mut multipart = multer::Multipart::new(stream, boundary);
            let mut fields = Vec::new();
            // The body is in memory: every step is ready when first polled.
            while let Some(Ok(Some(field))) = multipart.next_field().now_or_never() {
                let name = field.name().unwrap_or_default().to_owned();
                let Some(Ok(bytes)) = field.bytes().now_or_never() else { break };
                fields.push((name, String::from_utf8_lossy(&bytes).into_owned()));
            }
            fields
        }
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(content_type: &str, body: &[u8]) -> Request {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert("content-type", content_type.parse().unwrap());
        Request { url: "http://h/f".parse().unwrap(), method: reqwest::Method::POST, headers, body: body.to_vec() }
    }

    #[test]
    fn form_fields_are_read_from_either_form_encoding() {
        let encoded = request("application/x-www-form-urlencoded", b"name=a+b&size=2%263");
        assert_eq!(form_fields(&encoded), [("name".into(), "a b".into()), ("size".into(), "2&3".into())]);
        assert!(BodyMatch::form_field("size".into(), "2&3".into()).matches(&encoded));
        assert!(!BodyMatch::form_field("size".into(), "2".into()).matches(&encoded));
        let multipart = request(
            "multipart/form-data; boundary=XyZ",
            b"--XyZ\r\nContent-Disposition: form-data; name=\"action\"\r\n\r\nupgrade\r\n--XyZ\r\n\
              Content-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\nhi\r\n--XyZ--\r\n",
        );
        assert_eq!(form_fields(&multipart), [("action".into(), "upgrade".into()), ("file".into(), "hi".into())]);
        // Another body, a broken one: no fields, no match.
        assert!(form_fields(&request("application/json", b"{\"action\":\"upgrade\"}")).is_empty());
        assert!(form_fields(&request("multipart/form-data", b"--x")).is_empty());
        assert!(BodyMatch::json(serde_json::json!({"a": [1, 2]}))
            .matches(&request("application/json", b"{ \"a\" : [1,2] }")));
    }
}
