//! Pages of a listing answered by a typed mock: each page's request is
//! matched by what the client sends for it (no token, then the token the
//! previous page gave; a page number; an offset; a URL the mock named), and
//! each page's body gets the link to the next one.

use serde_json::Value;
use wiremock::{Match, Request};

/// How a paged operation links its pages, as its spec's `pagination` says;
/// generated code passes it to [`MockOperation::paged`](super::MockOperation::paged).
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub struct Paging {
    pub style: PageStyle,
    /// The response's field of items (by its wire name); `None` when the
    /// response is the array of items.
    pub items: Option<&'static str>,
}

/// The pagination styles of the spec, by wire names.
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub enum PageStyle {
    /// The response's `field` holds the token sent back in `param` (a
    /// query parameter, or a field of the JSON body).
    Token { param: &'static str, in_body: bool, field: &'static str },
    /// The `Link` header names the next page.
    Link,
    /// The response's `field` holds the next page's URL.
    NextUrl { field: &'static str },
    /// The page number in the query parameter `param`, from `first`.
    Page { param: &'static str, first: i64 },
    /// The offset of the page's first item in the query parameter `param`.
    Offset { param: &'static str },
}

/// The query parameter of the URLs the mock names for `link` and `next_url` pages.
const PAGE_QUERY: &str = "specgen_mock_page";

/// One page's answer: what its request carries, its body, and the `Link`
/// header naming the next page.
#[derive(Debug)]
pub(super) struct PageAnswer {
    pub(super) request: PageRequest,
    pub(super) body: Vec<u8>,
    pub(super) link: Option<String>,
}

impl Paging {
    /// The answers to the pages' requests, from the pages' JSON bodies;
    /// `next_url` makes the URL of page `i` (for `link` and `next_url`).
    /// Page and offset listings get one more answer, an empty page, for the
    /// request after the last page (the client stops at an empty page).
    pub(super) fn answers(
        &self,
        pages: Vec<Value>,
        url_of: impl Fn(usize) -> String,
    ) -> Result<Vec<PageAnswer>, String> {
        let count = pages.len();
        let mut answers = Vec::with_capacity(count + 1);
        let mut offset = 0i64;
        let mut last_page = None;
        for (i, mut page) in pages.into_iter().enumerate() {
            let next = (i + 1 < count).then_some(i + 1);
            let items = self.item_count(&page)?;
            let mut link = None;
            let request = match self.style {
                PageStyle::Token { param, in_body, field } => {
                    set_link(&mut page, field, next.map(token))?;
                    let place = if in_body { Place::Body(param) } else { Place::Query(param) };
                    PageRequest { place, value: (i > 0).then(|| token(i)), or_absent: false }
                }
                PageStyle::Link => {
                    link = next.map(|n| format!("<{}>; rel=\"next\"", url_of(n)));
                    PageRequest::url(i)
                }
                PageStyle::NextUrl { field } => {
                    set_link(&mut page, field, next.map(&url_of))?;
                    PageRequest::url(i)
                }
                PageStyle::Page { param, first } => PageRequest::number(param, first, first + i as i64),
                PageStyle::Offset { param } => PageRequest::number(param, 0, offset),
            };
            offset += items;
            if next.is_none() {
                last_page = Some(page.clone());
            }
            answers.push(PageAnswer { request, body: to_bytes(&page)?, link });
        }
        let after = match self.style {
            PageStyle::Page { param, first } => PageRequest::number(param, first, first + count as i64),
            PageStyle::Offset { param } => PageRequest::number(param, 0, offset),
            _ => return Ok(answers),
        };
        if let Some(mut page) = last_page {
            self.empty(&mut page)?;
            answers.push(PageAnswer { request: after, body: to_bytes(&page)?, link: None });
        }
        Ok(answers)
    }

    /// Whether [`answers`](Self::answers) ends with an empty page after the last.
    pub(super) fn has_page_after_last(&self) -> bool {
        matches!(self.style, PageStyle::Page { .. } | PageStyle::Offset { .. })
    }

    /// The items of a page's body.
    fn items<'v>(&self, page: &'v mut Value) -> Result<&'v mut Vec<Value>, String> {
        let items = match self.items {
            None => Some(page),
            Some(field) => page.as_object_mut().and_then(|o| o.get_mut(field)),
        };
        match items {
            Some(Value::Array(items)) => Ok(items),
            _ => Err(format!(
                "a page has no array of items{}",
                self.items.map(|f| format!(" in `{f}`")).unwrap_or_default()
            )),
        }
    }

    fn item_count(&self, page: &Value) -> Result<i64, String> {
        let mut page = page.clone();
        Ok(i64::try_from(self.items(&mut page)?.len()).unwrap_or(i64::MAX))
    }

    /// Empties a page of its items (a field of items left out becomes `[]`).
    fn empty(&self, page: &mut Value) -> Result<(), String> {
        if let (Some(field), Some(object)) = (self.items, page.as_object_mut()) {
            object.insert(field.to_owned(), Value::Array(Vec::new()));
        }
        self.items(page)?.clear();
        Ok(())
    }
}

/// The token that asks for page `i`.
fn token(i: usize) -> String {
    format!("mock-page-{i}")
}

/// Sets the field that links to the next page. On the last page, a field
/// the page holds becomes empty (a required field stays present) and one
/// it leaves out stays out.
fn set_link(page: &mut Value, field: &str, next: Option<String>) -> Result<(), String> {
    let Some(object) = page.as_object_mut() else { return Err("a page is not a JSON object".to_owned()) };
    match next {
        Some(next) => {
            object.insert(field.to_owned(), Value::String(next));
        }
        None => {
            if let Some(value) = object.get_mut(field) {
                if !value.is_null() {
                    *value = Value::String(String::new());
                }
            }
        }
    }
    Ok(())
}

fn to_bytes(page: &Value) -> Result<Vec<u8>, String> {
    serde_json::to_vec(page).map_err(|e| e.to_string())
}

/// Where a request carries what names its page.
#[derive(Debug, Clone, Copy)]
enum Place {
    Query(&'static str),
    Body(&'static str),
}

/// Matches the request for one page: `value` in its place, or (for the
/// first page) nothing there when `or_absent`, or nothing at all when
/// `value` is `None`.
#[derive(Debug)]
pub(super) struct PageRequest {
    place: Place,
    value: Option<String>,
    or_absent: bool,
}

impl PageRequest {
    /// The request of page `i` of a listing whose URLs the mock names.
    fn url(i: usize) -> Self {
        PageRequest { place: Place::Query(PAGE_QUERY), value: (i > 0).then(|| i.to_string()), or_absent: false }
    }

    /// The request with `number` in the query parameter `param`; the first
    /// page's (`number == first`) also matches a request without it.
    fn number(param: &'static str, first: i64, number: i64) -> Self {
        PageRequest { place: Place::Query(param), value: Some(number.to_string()), or_absent: number == first }
    }

    /// The query of the URL the mock names for page `i`.
    pub(super) fn url_query(i: usize) -> String {
        format!("{PAGE_QUERY}={i}")
    }

    fn found(&self, request: &Request) -> Option<String> {
        match self.place {
            Place::Query(name) => request.url.query_pairs().find(|(k, _)| k == name).map(|(_, v)| v.into_owned()),
            Place::Body(name) => {
                let body: Value = serde_json::from_slice(&request.body).ok()?;
                match body.get(name)? {
                    Value::Null => None,
                    Value::String(s) => Some(s.clone()),
                    other => Some(other.to_string()),
                }
            }
        }
    }
}

impl Match for PageRequest {
    fn matches(&self, request: &Request) -> bool {
        match (self.found(request), &self.value) {
            (None, None) => true,
            (None, Some(_)) => self.or_absent,
            (Some(found), Some(value)) => found == *value,
            (Some(_), None) => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn request(url: &str, body: Value) -> Request {
        Request {
            url: url.parse().unwrap(),
            method: reqwest::Method::POST,
            headers: reqwest::header::HeaderMap::new(),
            body: serde_json::to_vec(&body).unwrap(),
        }
    }

    fn bodies(answers: &[PageAnswer]) -> Vec<Value> {
        answers.iter().map(|a| serde_json::from_slice(&a.body).unwrap()).collect()
    }

    #[test]
    fn tokens_link_the_pages_and_the_last_names_none() {
        let paging =
            Paging { style: PageStyle::Token { param: "cursor", in_body: true, field: "next" }, items: Some("data") };
        let pages = vec![json!({"data": [1, 2], "next": "x"}), json!({"data": [3]}), json!({"data": [4], "next": "y"})];
        let answers = paging.answers(pages, |_| unreachable!()).unwrap();
        assert_eq!(
            bodies(&answers),
            [
                json!({"data": [1, 2], "next": "mock-page-1"}),
                json!({"data": [3], "next": "mock-page-2"}),
                json!({"data": [4], "next": ""})
            ]
        );
        let first = request("http://h/s", json!({"q": "a"}));
        let second = request("http://h/s", json!({"q": "a", "cursor": "mock-page-1"}));
        assert!(answers[0].request.matches(&first) && !answers[0].request.matches(&second));
        assert!(answers[1].request.matches(&second) && !answers[1].request.matches(&first));
        assert!(!answers[2].request.matches(&second));
    }

    #[test]
    fn urls_go_in_the_link_header_or_the_field() {
        let url = |i| format!("http://h/l?{}", PageRequest::url_query(i));
        let link = Paging { style: PageStyle::Link, items: None };
        let answers = link.answers(vec![json!([1]), json!([2])], url).unwrap();
        assert_eq!(answers[0].link.as_deref(), Some("<http://h/l?specgen_mock_page=1>; rel=\"next\""));
        assert_eq!(answers[1].link, None);
        assert!(answers[1].request.matches(&request(&url(1), Value::Null)));
        assert!(!answers[1].request.matches(&request("http://h/l", Value::Null)));
        let field = Paging { style: PageStyle::NextUrl { field: "next" }, items: None };
        assert!(field.answers(vec![json!([1])], url).unwrap_err().contains("not a JSON object"));
    }

    #[test]
    fn numbers_and_offsets_count_pages_and_items_then_answer_an_empty_page() {
        let pages = || vec![json!({"items": [1, 2], "total": 3}), json!({"items": [3], "total": 3})];
        let offsets = Paging { style: PageStyle::Offset { param: "offset" }, items: Some("items") };
        let answers = offsets.answers(pages(), |_| unreachable!()).unwrap();
        assert_eq!(bodies(&answers)[2], json!({"items": [], "total": 3}));
        let at = |q: &str| request(&format!("http://h/o{q}"), Value::Null);
        assert!(answers[0].request.matches(&at("")) && answers[0].request.matches(&at("?offset=0")));
        assert!(answers[1].request.matches(&at("?offset=2")) && !answers[1].request.matches(&at("")));
        assert!(answers[2].request.matches(&at("?offset=3")));
        let numbers = Paging { style: PageStyle::Page { param: "page", first: 0 }, items: Some("items") };
        let answers = numbers.answers(pages(), |_| unreachable!()).unwrap();
        assert!(answers[0].request.matches(&at("?page=0")) && answers[2].request.matches(&at("?page=2")));
        let missing = Paging { style: PageStyle::Page { param: "page", first: 1 }, items: Some("rows") };
        assert!(missing.answers(pages(), |_| unreachable!()).unwrap_err().contains("no array of items in `rows`"));
    }
}
