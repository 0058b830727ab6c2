//! Stall detection: a clock that every moved byte resets, and wrappers that
//! tick it (request bodies) or fail when it runs out (response bodies).

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use bytes::Bytes;
use futures_util::Stream;
use tokio::time::Sleep;

/// When a transfer last moved. Shared between the body streams that tick it
/// and the watchdog that reads it.
#[derive(Debug)]
pub(crate) struct Activity {
    base: Instant,
    /// Milliseconds from `base` to the last progress.
    last: AtomicU64,
}

impl Activity {
    pub(crate) fn new() -> Arc<Self> {
        Arc::new(Activity { base: Instant::now(), last: AtomicU64::new(0) })
    }

    /// Records progress now.
    pub(crate) fn touch(&self) {
        let now = u64::try_from(self.base.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.last.fetch_max(now, Ordering::Relaxed);
    }

    /// How long nothing has moved.
    pub(crate) fn idle(&self) -> Duration {
        let last = Duration::from_millis(self.last.load(Ordering::Relaxed));
        self.base.elapsed().saturating_sub(last)
    }
}

/// The error a stalled body stream ends with.
pub(crate) fn stalled() -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::TimedOut, "the transfer stalled: no progress within the stall timeout")
}

/// A response body that fails when no chunk arrives for `stall`.
pub(crate) struct StallGuard<S> {
    inner: S,
    stall: Duration,
    timer: Pin<Box<Sleep>>,
}

impl<S> StallGuard<S> {
    pub(crate) fn new(inner: S, stall: Duration) -> Self {
        StallGuard { inner, stall, timer: Box::pin(tokio::time::sleep(stall)) }
    }
}

impl<S, E> Stream for StallGuard<S>
where
    S: Stream<Item = Result<Bytes, E>> + Unpin,
    E: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    type Item = std::io::Result<Bytes>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        match Pin::new(&mut this.inner).poll_next(cx) {
            Poll::Ready(item) => {
                let deadline = tokio::time::Instant::now() + this.stall;
                this.timer.as_mut().reset(deadline);
                Poll::Ready(item.map(|r| r.map_err(std::io::Error::other)))
            }
            Poll::Pending => match this.timer.as_mut().poll(cx) {
                Poll::Ready(()) => Poll::Ready(Some(Err(stalled()))),
                Poll::Pending => Poll::Pending,
            },
        }
    }
}

/// A request body part that ticks the activity clock and holds its declared
/// length to account: more bytes or fewer than declared end the stream with
/// an error, so the request fails instead of going out cut or padded.
pub(crate) struct Checked<S> {
    inner: S,
    activity: Arc<Activity>,
    declared: Option<u64>,
    seen: u64,
    done: bool,
}

impl<S> Checked<S> {
    pub(crate) fn new(inner: S, activity: Arc<Activity>, declared: Option<u64>) -> Self {
        Checked { inner, activity, declared, seen: 0, done: false }
    }
}

/// The message of a body whose length differs from the declared one.
pub(crate) fn length_mismatch(declared: u64, seen: u64, more: bool) -> std::io::Error {
    let text = if more {
        format!("the file part holds more than the {declared} bytes declared")
    } else {
        format!("the file part ended after {seen} of the {declared} bytes declared")
    };
    std::io::Error::new(std::io::ErrorKind::InvalidData, text)
}

impl<S> Stream for Checked<S>
where
    S: Stream<Item = std::io::Result<Bytes>> + Unpin,
{
    type Item = std::io::Result<Bytes>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        if this.done {
            return Poll::Ready(None);
        }
        match Pin::new(&mut this.inner).poll_next(cx) {
            Poll::Ready(Some(Ok(chunk))) => {
                this.activity.touch();
                this.seen = this.seen.saturating_add(chunk.len() as u64);
                if let Some(declared) = this.declared {
                    if this.seen > declared {
                        this.done = true;
                        return Poll::Ready(Some(Err(length_mismatch(declared, this.seen, true))));
                    }
                }
                Poll::Ready(Some(Ok(chunk)))
            }
            Poll::Ready(Some(Err(e))) => {
                this.done = true;
                Poll::Ready(Some(Err(e)))
            }
            Poll::Ready(None) => {
                this.done = true;
                match this.declared {
                    Some(declared) if this.seen < declared => {
                        Poll::Ready(Some(Err(length_mismatch(declared, this.seen, false))))
                    }
                    _ => Poll::Ready(None),
                }
            }
            Poll::Pending => Poll::Pending,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::{stream, StreamExt};

    async fn run(chunks: &[&'static [u8]], declared: Option<u64>) -> Result<u64, String> {
        let items: Vec<std::io::Result<Bytes>> = chunks.iter().map(|c| Ok(Bytes::from_static(c))).collect();
        let mut checked = Checked::new(stream::iter(items), Activity::new(), declared);
        let mut total = 0;
        while let Some(item) = checked.next().await {
            total += item.map_err(|e| e.to_string())?.len() as u64;
        }
        Ok(total)
    }

    #[tokio::test]
    async fn declared_lengths_are_held_to_account() {
        assert_eq!(run(&[b"12345", b"67890"], Some(10)).await, Ok(10));
        assert_eq!(run(&[b"12345", b"67890"], None).await, Ok(10));
        assert_eq!(
            run(&[b"12345", b"67890"], Some(7)).await,
            Err("the file part holds more than the 7 bytes declared".into())
        );
        assert_eq!(run(&[b"12345"], Some(7)).await, Err("the file part ended after 5 of the 7 bytes declared".into()));
    }

    #[tokio::test(start_paused = true)]
    async fn a_silent_stream_stalls() {
        let silent = stream::pending::<Result<Bytes, std::io::Error>>();
        let mut guarded = StallGuard::new(silent, Duration::from_secs(5));
        let err = guarded.next().await.unwrap().unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::TimedOut);
    }
}
