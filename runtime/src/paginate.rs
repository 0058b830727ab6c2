//! Token pagination as a lazy stream of items.

use std::future::Future;

use futures_util::{stream, Stream, TryStreamExt};

use crate::error::Error;

/// Streams every item of every page. `fetch` sends one page's request built
/// from `first`; `split` takes a page apart into its items and the next token;
/// `with_token` sets the token on the next request. A missing or empty token
/// ends the stream; pages are fetched only as items are consumed.
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
    stream::try_unfold(Some(first), move |state: Option<B>| {
        let next = state.map(|request| (fetch(request.clone()), request));
        async move {
            let Some((page, request)) = next else {
                return Ok::<_, Error<E>>(None);
            };
            let (items, token) = split(page.await?);
            let following = token.filter(|t| !t.is_empty()).map(|t| with_token(request, t));
            Ok(Some((stream::iter(items.into_iter().map(Ok)), following)))
        }
    })
    .try_flatten()
}
