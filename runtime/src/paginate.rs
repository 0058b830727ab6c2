//! Pagination as a lazy stream of items, within bounds: a server that hands
//! out a fresh token (or URL) on every page, or empty pages forever, cannot
//! keep a listing running. What the next page is (a token, a URL, a page
//! number or an offset) is the generated code's to say; the walk is one.

use std::collections::HashSet;
use std::fmt;
use std::future::Future;
use std::hash::Hash;

use futures_util::{stream, Stream, TryStreamExt};

use crate::error::Error;

/// How far a listing may go before it ends with [`Error::Pagination`]. The
/// defaults are generous for real listings and stop a server that never
/// ends one: at most 10,000 pages, any number of items, at most 10 empty
/// pages in a row. Set on the client
/// ([`ClientBuilder::page_limits`](crate::ClientBuilder::page_limits)) or for
/// one listing (a builder's `into_stream_with`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageLimits {
    /// The most pages fetched; `None` for no bound.
    pub max_pages: Option<u64>,
    /// The most items yielded; `None` for no bound.
    pub max_items: Option<u64>,
    /// The most pages in a row without an item that still name a next page.
    pub max_empty_pages: u32,
}

impl Default for PageLimits {
    fn default() -> Self {
        PageLimits { max_pages: Some(10_000), max_items: None, max_empty_pages: 10 }
    }
}

impl PageLimits {
    /// No bound on pages or items (empty pages in a row are still bounded).
    pub fn unbounded() -> Self {
        PageLimits { max_pages: None, max_items: None, ..Self::default() }
    }

    /// At most `n` pages.
    pub fn max_pages(self, n: u64) -> Self {
        PageLimits { max_pages: Some(n), ..self }
    }

    /// At most `n` items.
    pub fn max_items(self, n: u64) -> Self {
        PageLimits { max_items: Some(n), ..self }
    }

    /// At most `n` empty pages in a row.
    pub fn max_empty_pages(self, n: u32) -> Self {
        PageLimits { max_empty_pages: n, ..self }
    }
}

/// Why a listing stopped before its last page.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PageStop {
    /// The server named a page token it had already given.
    RepeatedToken(String),
    /// [`PageLimits::max_pages`] pages were fetched and the last named another.
    MaxPages(u64),
    /// [`PageLimits::max_items`] items were yielded and there were more.
    MaxItems(u64),
    /// [`PageLimits::max_empty_pages`] pages in a row had no item and the last named another.
    EmptyPages(u32),
}

/// A listing that could not go on: why, and how far it got.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaginationError {
    /// The bound reached, or the server's fault.
    pub stop: PageStop,
    /// Pages fetched.
    pub pages: u64,
    /// Items yielded.
    pub items: u64,
}

impl fmt::Display for PaginationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (pages, items) = (self.pages, self.items);
        match &self.stop {
            PageStop::RepeatedToken(token) => {
                // A token is the server's text: shown short, never as a wall.
                let shown: String = token.chars().take(64).collect();
                let more = if shown.len() < token.len() { "…" } else { "" };
                write!(f, "the server repeated the page token `{shown}{more}` after {pages} pages")
            }
            PageStop::MaxPages(n) => {
                write!(f, "the page limit of {n} was reached ({items} items) and the server named another page")
            }
            PageStop::MaxItems(n) => {
                write!(f, "the item limit of {n} was reached after {pages} pages and there were more")
            }
            PageStop::EmptyPages(n) => {
                write!(f, "{n} pages in a row had no item and the server named another ({pages} pages, {items} items)")
            }
        }
    }
}

impl std::error::Error for PaginationError {}

/// Where a listing is: the next request, or why it ends once the items
/// already fetched are out, and what it counted so far.
struct Walk<B, K> {
    next: Option<Result<B, PaginationError>>,
    seen: HashSet<K>,
    pages: u64,
    items: u64,
    empty_run: u32,
}

impl<B, K> Walk<B, K> {
    fn stop(&self, stop: PageStop) -> Option<Result<B, PaginationError>> {
        Some(Err(PaginationError { stop, pages: self.pages, items: self.items }))
    }
}

/// Streams every item of every page. `fetch` sends one page's request built
/// from `first`; `split` takes a page (with the request that asked for it)
/// apart into its items and what names the next page (a token, a URL, a
/// page number); `with_token` sets that on the next request. No next page
/// ends the stream; pages are fetched only as items are consumed. A next
/// page the server already named, or a bound of `limits` reached while the
/// server names another page, ends the stream with [`Error::Pagination`]
/// after the items already fetched.
pub fn paginate<B, P, T, K, E, F, Fut, S>(
    first: B,
    limits: PageLimits,
    fetch: F,
    split: S,
    with_token: fn(B, K) -> B,
) -> impl Stream<Item = Result<T, Error<E>>>
where
    B: Clone,
    F: Fn(B) -> Fut,
    Fut: Future<Output = Result<P, Error<E>>>,
    S: Fn(&B, P) -> (Vec<T>, Option<K>) + Copy,
    K: Clone + Eq + Hash + fmt::Display,
{
    let start = Walk { next: Some(Ok(first)), seen: HashSet::new(), pages: 0, items: 0, empty_run: 0 };
    stream::try_unfold(start, move |mut walk| {
        let next = walk.next.take().map(|next| next.map(|request| (fetch(request.clone()), request)));
        async move {
            let (page, request) = match next {
                None => return Ok::<_, Error<E>>(None),
                Some(Err(stop)) => return Err(Error::Pagination(stop)),
                Some(Ok(next)) => next,
            };
            let (mut items, token) = split(&request, page.await?);
            walk.pages += 1;
            let left = limits.max_items.map(|max| max.saturating_sub(walk.items));
            let cut = left.is_some_and(|left| (items.len() as u64) > left);
            if let Some(left) = left {
                items.truncate(usize::try_from(left).unwrap_or(usize::MAX));
            }
            walk.items += items.len() as u64;
            walk.empty_run = if items.is_empty() { walk.empty_run + 1 } else { 0 };
            walk.next = match (token, limits) {
                _ if cut => walk.stop(PageStop::MaxItems(walk.items)),
                (None, _) => None,
                (Some(_), PageLimits { max_items: Some(max), .. }) if walk.items >= max => {
                    walk.stop(PageStop::MaxItems(max))
                }
                (Some(_), PageLimits { max_pages: Some(max), .. }) if walk.pages >= max => {
                    walk.stop(PageStop::MaxPages(max))
                }
                (Some(_), _) if walk.empty_run >= limits.max_empty_pages.max(1) => {
                    walk.stop(PageStop::EmptyPages(walk.empty_run))
                }
                (Some(token), _) if walk.seen.contains(&token) => walk.stop(PageStop::RepeatedToken(token.to_string())),
                (Some(token), _) => {
                    walk.seen.insert(token.clone());
                    Some(Ok(with_token(request, token)))
                }
            };
            Ok(Some((stream::iter(items.into_iter().map(Ok)), walk)))
        }
    })
    .try_flatten()
}

/// The URL of the `Link` header's `rel="next"` target (RFC 8288), if any:
/// `<https://…?page=2>; rel="next", <…>; rel="last"`. A relation may be one
/// of several (`rel="next last"`), quoted or not, in any case.
pub fn next_link(headers: &reqwest::header::HeaderMap) -> Option<String> {
    headers.get_all(reqwest::header::LINK).iter().filter_map(|v| v.to_str().ok()).find_map(|value| {
        let mut rest = value;
        loop {
            let start = rest.find('<')?;
            let end = start + rest[start..].find('>')?;
            let target = &rest[start + 1..end];
            // The parameters run to the next link (a `,` or `<` outside quotes).
            let after = &rest[end + 1..];
            let mut quoted = false;
            let stop = after
                .char_indices()
                .find(|&(_, c)| {
                    if c == '"' {
                        quoted = !quoted;
                    }
                    (c == ',' || c == '<') && !quoted
                })
                .map_or(after.len(), |(i, _)| i);
            let is_next = after[..stop].split(';').any(|param| {
                let Some((name, value)) = param.split_once('=') else { return false };
                name.trim().eq_ignore_ascii_case("rel")
                    && value.trim().trim_matches('"').split_ascii_whitespace().any(|r| r.eq_ignore_ascii_case("next"))
            });
            if is_next {
                return Some(target.trim().to_owned());
            }
            rest = &after[stop..];
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::StreamExt;

    /// Items and errors of a listing whose pages `page` makes from the token ("" first).
    async fn list(limits: PageLimits, page: fn(u64) -> (Vec<u64>, Option<String>)) -> Vec<Result<u64, String>> {
        let fetch = |token: String| async move { Ok::<_, Error<()>>(page(token.parse().unwrap_or(0))) };
        paginate(String::new(), limits, fetch, |_, p: (Vec<u64>, Option<String>)| p, |_, t| t)
            .map(|item| {
                item.map_err(|e| match e {
                    Error::Pagination(e) => e.to_string(),
                    other => format!("{other:?}"),
                })
            })
            .collect()
            .await
    }

    #[tokio::test]
    async fn a_repeated_token_ends_the_stream_with_an_error() {
        // Pages answer by token: "" → a, "a" → b, "b" → a again.
        let fetch = |token: String| async move {
            let next = match token.as_str() {
                "" => "a",
                "a" => "b",
                _ => "a",
            };
            Ok::<_, Error<()>>((vec![token.clone()], Some(next.to_owned())))
        };
        let split = |_: &String, p: (Vec<String>, Option<String>)| p;
        let items: Vec<_> = paginate(String::new(), PageLimits::default(), fetch, split, |_, t| t).collect().await;
        assert_eq!(items.len(), 4, "{items:?}");
        assert_eq!(items[0].as_ref().ok().map(String::as_str), Some(""));
        assert_eq!(items[2].as_ref().ok().map(String::as_str), Some("b"));
        match &items[3] {
            Err(Error::Pagination(e)) => {
                assert_eq!(e.stop, PageStop::RepeatedToken("a".to_owned()));
                assert_eq!(e.to_string(), "the server repeated the page token `a` after 3 pages")
            }
            other => panic!("expected a pagination error, got {other:?}"),
        }
    }

    #[tokio::test]
    async fn fresh_tokens_forever_stop_at_the_page_limit() {
        let endless = |n: u64| (vec![n], Some((n + 1).to_string()));
        let items = list(PageLimits::default().max_pages(5), endless).await;
        assert_eq!(items.len(), 6, "{items:?}");
        assert_eq!(items[..5], [Ok(0), Ok(1), Ok(2), Ok(3), Ok(4)]);
        assert_eq!(
            items[5],
            Err("the page limit of 5 was reached (5 items) and the server named another page".to_owned())
        );
        // The default bound ends it too.
        let items = list(PageLimits::default(), endless).await;
        assert_eq!(items.len(), 10_001);
        assert!(items[10_000].as_ref().is_err_and(|e| e.starts_with("the page limit of 10000")));
    }

    #[tokio::test]
    async fn a_listing_that_ends_at_the_limit_is_not_an_error() {
        let three = |n: u64| (vec![n], (n < 2).then(|| (n + 1).to_string()));
        assert_eq!(list(PageLimits::default().max_pages(3), three).await, [Ok(0), Ok(1), Ok(2)]);
        assert_eq!(list(PageLimits::default().max_items(3), three).await, [Ok(0), Ok(1), Ok(2)]);
    }

    #[tokio::test]
    async fn the_item_limit_cuts_a_page() {
        let pairs = |n: u64| (vec![2 * n, 2 * n + 1], Some((n + 1).to_string()));
        let items = list(PageLimits::default().max_items(3), pairs).await;
        assert_eq!(items[..3], [Ok(0), Ok(1), Ok(2)]);
        assert_eq!(items[3], Err("the item limit of 3 was reached after 2 pages and there were more".to_owned()));
        assert_eq!(items.len(), 4);
        // Exactly at the limit with another page named: the same error, no more fetches.
        let items = list(PageLimits::default().max_items(4), pairs).await;
        assert_eq!(items.len(), 5);
        assert!(items[4].as_ref().is_err_and(|e| e.starts_with("the item limit of 4")));
    }

    #[test]
    fn the_next_link_is_found_among_others() {
        let headers = |values: &[&str]| {
            let mut map = reqwest::header::HeaderMap::new();
            for v in values {
                map.append(reqwest::header::LINK, v.parse().unwrap());
            }
            map
        };
        let github = r#"<https://api.github.com/repos?page=1>; rel="prev", <https://api.github.com/repos?page=3>; rel="next", <https://api.github.com/repos?page=5>; rel="last""#;
        assert_eq!(next_link(&headers(&[github])).as_deref(), Some("https://api.github.com/repos?page=3"));
        assert_eq!(next_link(&headers(&["</b?c=1>; REL=Next"])).as_deref(), Some("/b?c=1"));
        assert_eq!(
            next_link(&headers(&[r#"<a>; rel="last"; title="x, <y>""#, "<b>; rel=\"prev next\""])).as_deref(),
            Some("b")
        );
        for none in [&["<a>; rel=\"last\""][..], &["garbage"], &["<unterminated; rel=next"], &[]] {
            assert_eq!(next_link(&headers(none)), None, "{none:?}");
        }
    }

    #[tokio::test]
    async fn empty_pages_with_fresh_tokens_stop_before_any_item() {
        let empty = |n: u64| (Vec::new(), Some((n + 1).to_string()));
        let items = list(PageLimits::unbounded(), empty).await;
        assert_eq!(
            items,
            [Err("10 pages in a row had no item and the server named another (10 pages, 0 items)".to_owned())]
        );
        // An empty page between full ones does not count against the run.
        let sparse = |n: u64| (if n % 2 == 0 { Vec::new() } else { vec![n] }, (n < 9).then(|| (n + 1).to_string()));
        let items = list(PageLimits::default().max_empty_pages(1), sparse).await;
        assert_eq!(items.len(), 1, "one empty page is the limit: {items:?}");
        let items = list(PageLimits::default().max_empty_pages(2), sparse).await;
        assert_eq!(items, [Ok(1), Ok(3), Ok(5), Ok(7), Ok(9)]);
    }
}
