//! Pagination that a document does not state (no `x-pagination`) but that
//! its names show, as API conventions go: a token parameter beside the
//! response field with the next token, a response field with the next
//! page's URL, a `Link` header, a page number or an offset parameter. What
//! is inferred is checked like anything else; one the check refuses is left
//! out, noted, as an `x-pagination` that does not fit.

use super::*;

/// Query parameters that carry a page token, and response fields that give
/// the next one, by their names without case or separators.
const TOKEN_PARAMS: [&str; 8] =
    ["nextpagetoken", "pagetoken", "cursor", "pagecursor", "marker", "nexttoken", "continuationtoken", "nextcursor"];
const TOKEN_FIELDS: [&str; 8] = [
    "nextpagetoken",
    "nextcursor",
    "nextmarker",
    "nexttoken",
    "continuationtoken",
    "nextpagecursor",
    "nextcontinuationtoken",
    "cursornext",
];
/// Response fields with the next page's URL (absolute, or a path on the
/// server); `next` and `next_page` only with a URL's format, or a doc that
/// says URL or link (as often they are a cursor).
const NEXT_URL_FIELDS: [&str; 6] =
    ["nexturl", "nextpageurl", "nextpageuri", "nextlink", "odatanextlink", "nextpagelink"];
const NEXT_FIELDS: [&str; 2] = ["next", "nextpage"];
/// Page number and offset parameters, and the response fields with the
/// count of pages and of items.
const PAGE_PARAMS: [&str; 4] = ["page", "pagenumber", "pageno", "pagenum"];
const OFFSET_PARAMS: [&str; 2] = ["offset", "skip"];
const PAGE_COUNTS: [&str; 4] = ["totalpages", "pagecount", "pages", "numpages"];
const ITEM_COUNTS: [&str; 6] = ["totalcount", "total", "totalrecords", "totalresults", "totalitems", "count"];

/// A name without case or separators: `next_page_token`, `nextPageToken`
/// and `@odata.nextLink` compare as their words.
fn plain(name: &str) -> String {
    name.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect()
}

impl<'d> Converter<'d> {
    /// The pagination of the GET operation `op` (as converted so far: its
    /// query and its one success body), inferred from the names of its
    /// parameters and response fields; `link` when its success response
    /// declares a `Link` header. With why, for the note.
    pub(super) fn inferred_pagination(&self, op: &Map, link: bool) -> Option<(Map, String)> {
        if op.get("method").and_then(Node::text) != Some("GET") {
            return None;
        }
        let query: Vec<(&str, &str)> = op
            .get("query")
            .and_then(Node::map)
            .map(|q| q.0.iter().filter_map(|e| Some((e.key.as_str(), e.value.map()?.get("type")?.text()?))).collect())
            .unwrap_or_default();
        // One success response, with a JSON body.
        let responses = op.get("responses").and_then(Node::map)?;
        let [success] = &responses.0[..] else { return None };
        let body = success.value.map()?.get("body")?.text()?;
        let ty = &self.types.get(body)?.yaml;
        let field_maps = ty.get("fields").and_then(Node::map);
        let fields: Vec<(&str, &str)> = match field_maps {
            Some(fields) => {
                fields.0.iter().filter_map(|e| Some((e.key.as_str(), e.value.map()?.get("type")?.text()?))).collect()
            }
            None if ty.get("type").and_then(Node::text) == Some("array") => Vec::new(),
            None => return None,
        };
        let whole = fields.is_empty();
        // The page's items: the response itself, or its one array field.
        let arrays: Vec<&str> = fields.iter().filter(|(_, t)| *t == "array").map(|(n, _)| *n).collect();
        let items = match arrays[..] {
            _ if whole => None,
            [one] => Some(one),
            _ => return None,
        };
        let param =
            |names: &[&str], ty: &str| query.iter().find(|(n, t)| names.contains(&plain(n).as_str()) && *t == ty);
        let field =
            |names: &[&str], ty: &str| fields.iter().find(|(n, t)| names.contains(&plain(n).as_str()) && *t == ty);
        // A token beside a page number or an offset: which one the API
        // follows unless told (Box's `usemarker`) the names do not say.
        let numbered = param(&PAGE_PARAMS, "integer").or_else(|| param(&OFFSET_PARAMS, "integer"));
        let token = param(&TOKEN_PARAMS, "string").is_some() && field(&TOKEN_FIELDS, "string").is_some();
        if token && numbered.is_some() {
            return None;
        }
        let mut map = Map::new();
        let why = if let (Some((p, _)), Some((f, _))) = (param(&TOKEN_PARAMS, "string"), field(&TOKEN_FIELDS, "string"))
        {
            map.raw("style", "token");
            map.str("token_param", *p);
            map.str("token_field", *f);
            format!("the `{p}` parameter and the `{f}` response field")
        } else if let Some((f, _)) = field(&NEXT_URL_FIELDS, "string").or_else(|| {
            let said = |f: &str| {
                let m = field_maps.and_then(|m| m.get(f)).and_then(Node::map);
                let format = m.and_then(|m| m.get("format")).and_then(Node::text);
                let doc = m.and_then(|m| m.get("doc")).and_then(Node::text).unwrap_or("").to_ascii_lowercase();
                matches!(format, Some("uri" | "url" | "uri-reference")) || doc.contains("url") || doc.contains("link")
            };
            field(&NEXT_FIELDS, "string").filter(|(f, _)| said(f))
        }) {
            map.raw("style", "next_url");
            map.str("next_field", *f);
            format!("the `{f}` response field")
        } else if link {
            map.raw("style", "link");
            "the `Link` response header".to_owned()
        } else if let Some((p, _)) = param(&PAGE_PARAMS, "integer") {
            map.raw("style", "page");
            map.str("page_param", *p);
            // Pages counted from 0 say so by their least or default value.
            let page = op.get("query").and_then(Node::map).and_then(|q| q.get(p)).and_then(Node::map);
            let from_zero =
                ["default", "min"].iter().any(|k| page.and_then(|m| m.get(k)).and_then(Node::text) == Some("0"));
            if from_zero {
                map.raw("first_page", "0");
            }
            if let Some((f, _)) = field(&PAGE_COUNTS, "integer") {
                map.str("total_field", *f);
            }
            format!("the `{p}` parameter")
        } else if let Some((p, _)) = param(&OFFSET_PARAMS, "integer") {
            map.raw("style", "offset");
            map.str("offset_param", *p);
            if let Some((f, _)) = field(&ITEM_COUNTS, "integer") {
                map.str("total_field", *f);
            }
            format!("the `{p}` parameter")
        } else {
            return None;
        };
        if let Some(items) = items {
            map.str("items", items);
        }
        Some((map, why))
    }
}

impl<'d> Converter<'d> {
    /// Whether a success response of `op` (at `at`) declares a `Link` header.
    pub(super) fn declares_link(&self, at: &Loc, op: &'d Value) -> bool {
        let responses = op.get("responses").and_then(Value::as_object).into_iter().flatten();
        responses.filter(|(status, _)| status.starts_with('2')).any(|(status, r)| {
            let Ok((_, r, _)) = self.docs.deref_or_self(&at.child("responses").child(status), r) else { return false };
            r.get("headers")
                .and_then(Value::as_object)
                .is_some_and(|h| h.keys().any(|k| k.eq_ignore_ascii_case("link")))
        })
    }
}

/// The format's `pagination` from an `x-pagination` extension as specgen
/// exports it (a known `style` and only the format's keys); `None` for any
/// other document's extension of that name.
pub(super) fn pagination_of(extension: &Value) -> Option<Map> {
    const STYLES: [&str; 5] = ["token", "link", "next_url", "page", "offset"];
    const KEYS: [&str; 8] = [
        "token_param",
        "token_field",
        "next_field",
        "page_param",
        "offset_param",
        "total_field",
        "items",
        "first_page",
    ];
    let object = extension.as_object()?;
    let style = object.get("style")?.as_str().filter(|s| STYLES.contains(s))?;
    let mut map = Map::new();
    map.raw("style", style);
    for (key, value) in object.iter().filter(|(k, _)| *k != "style") {
        match (KEYS.contains(&key.as_str()), value) {
            (true, Value::String(text)) if key != "first_page" => {
                map.str(key, text);
            }
            (true, Value::Number(n)) if key == "first_page" && n.is_i64() => {
                map.raw(key, n.to_string());
            }
            _ => return None,
        }
    }
    Some(map)
}
