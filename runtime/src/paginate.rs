//! Token pagination as a lazy stream of items.

use std::collections::HashSet;
use std::future::Future;

use futures_util::{stream, Stream, TryStreamExt};

use crate::error::Error;

/// Streams every item of every page. `fetch` sends one page's request built
/// from `first`; `split` takes a page apart into its items and the next token;
/// `with_token` sets the token on the next request. A missing or empty token
/// ends the stream; pages are fetched only as items are consumed. A token the
/// server already gave ends the stream with [`Error::Pagination`]: following
/// it would fetch the same pages forever.
pub fn paginate<B, P, T, E, F, Fut>(
    first: B,
    fetch: F,
    split: fn(P) -> (Vec<T>, Option<String>),
    with_token: fn(B, String) -> B,
) -> impl Stream<Item = Result<T, Error<E>>>
where
    B: Clone,
    F: Fn(B) -> Fut,
    Fut: Future<Output = Result<P, Error<E>>>,
{
    // The state: the next request, or the error to end with once the items
    // of the last page are out, or nothing.
    let start: (Option<Result<B, String>>, HashSet<String>) = (Some(Ok(first)), HashSet::new());
    stream::try_unfold(start, move |(state, mut seen)| {
        let next = state.map(|next| next.map(|request| (fetch(request.clone()), request)));
        async move {
            let (page, request) = match next {
                None => return Ok::<_, Error<E>>(None),
                Some(Err(reason)) => return Err(Error::Pagination(reason)),
                Some(Ok(next)) => next,
            };
            let (items, token) = split(page.await?);
            let following = match token.filter(|t| !t.is_empty()) {
                Some(token) if seen.contains(&token) => {
                    Some(Err(format!("the server repeated the page token `{token}` after {} pages", seen.len() + 1)))
                }
                Some(token) => {
                    seen.insert(token.clone());
                    Some(Ok(with_token(request, token)))
                }
                None => None,
            };
            Ok(Some((stream::iter(items.into_iter().map(Ok)), (following, seen))))
        }
    })
    .try_flatten()
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::StreamExt;

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
        let items: Vec<_> = paginate(String::new(), fetch, |p| p, |_, t| t).collect().await;
        assert_eq!(items.len(), 4, "{items:?}");
        assert_eq!(items[0].as_ref().ok().map(String::as_str), Some(""));
        assert_eq!(items[2].as_ref().ok().map(String::as_str), Some("b"));
        match &items[3] {
            Err(Error::Pagination(reason)) => {
                assert_eq!(reason, "the server repeated the page token `a` after 3 pages")
            }
            other => panic!("expected a pagination error, got {other:?}"),
        }
    }
}
