//! Server-sent events (`text/event-stream`) and JSON lines
//! (`application/x-ndjson`): each event's data decoded as the operation's
//! event type, the stream ended by the spec's end marker, and, for
//! server-sent events where the spec allows it, the request sent again with
//! `Last-Event-ID` after the connection broke.

use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use eventsource_stream::{EventStreamError, Eventsource};
use futures_util::{Stream, StreamExt};
use serde::de::DeserializeOwned;

use crate::activity::StallGuard;
use crate::error::{ApiError, DecodeError, Error, TimeoutError, TimeoutKind, TooLargeError};
use crate::request::Request;
use crate::response::Response;
use crate::Client;

/// The wait before a reconnection when the server named none (`retry:`).
const DEFAULT_RETRY: Duration = Duration::from_secs(1);

/// The most reconnections in a row without an event between them.
const MAX_RECONNECTS: u32 = 5;

/// The request and client to send it again with, for the stream of an
/// operation whose API takes the request again after a broken connection
/// ([`Request::resumable`]).
pub(crate) struct Resend {
    pub(crate) client: Client,
    pub(crate) request: Request,
}

/// The events of a `text/event-stream` response, each event's data decoded
/// as `T`. An event whose data does not decode is an [`Error::Decode`] that
/// keeps the data, and the stream goes on; a broken connection, a stall or an
/// event larger than the client's body limit ends it with that error (unless
/// the operation may reconnect). The stream ends cleanly at the server's end
/// of the body, or at the spec's end marker.
pub struct EventStream<T> {
    inner: Pin<Box<dyn Stream<Item = Result<T, Error<ApiError>>> + Send>>,
    headers: reqwest::header::HeaderMap,
}

impl<T> std::fmt::Debug for EventStream<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventStream").finish_non_exhaustive()
    }
}

impl<T> Stream for EventStream<T> {
    type Item = Result<T, Error<ApiError>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

impl<T> EventStream<T> {
    /// The headers of the response that opened the stream.
    pub fn headers(&self) -> &reqwest::header::HeaderMap {
        &self.headers
    }

    /// The next event, `None` at the end of the stream (as `StreamExt::next`).
    pub async fn next_event(&mut self) -> Option<Result<T, Error<ApiError>>> {
        self.inner.next().await
    }

    /// Every event until the stream ends; the first error ends the collection.
    pub async fn collect_events(mut self) -> Result<Vec<T>, Error<ApiError>> {
        let mut events = Vec::new();
        while let Some(event) = self.next_event().await {
            events.push(event?);
        }
        Ok(events)
    }
}

type RawEvents =
    Pin<Box<dyn Stream<Item = Result<eventsource_stream::Event, EventStreamError<std::io::Error>>> + Send>>;

/// Where a stream is between two events.
struct State<T> {
    events: RawEvents,
    status: u16,
    operation: &'static str,
    end: Option<&'static str>,
    resend: Option<Resend>,
    last_id: String,
    retry: Duration,
    reconnects: u32,
    done: bool,
    _type: PhantomData<fn() -> T>,
}

/// How a stream frames its events.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Framing {
    /// Server-sent events (`text/event-stream`).
    ServerSent,
    /// JSON lines, one event a line (blank lines skipped).
    Lines,
}

impl<T: DeserializeOwned + Send + 'static> EventStream<T> {
    /// The events of `response`, framed as `framing` says.
    pub(crate) fn new(response: Response, end: Option<&'static str>, framing: Framing) -> Self {
        let status = response.status();
        let operation = response.operation();
        let headers = response.headers().clone();
        let (events, resend) = match framing {
            Framing::ServerSent => raw_events(response),
            // A stream of lines names no event to go on after.
            Framing::Lines => (raw_lines(response), None),
        };
        let state = State::<T> {
            events,
            status,
            operation,
            end,
            resend,
            last_id: String::new(),
            retry: DEFAULT_RETRY,
            reconnects: 0,
            done: false,
            _type: PhantomData,
        };
        EventStream { inner: Box::pin(futures_util::stream::unfold(state, next_event)), headers }
    }
}

/// The parsed events of a response's body, each at most the client's body
/// limit, and what sends its request again.
fn raw_events(response: Response) -> (RawEvents, Option<Resend>) {
    let (body, limits, operation, resend) = response.into_body();
    let bytes: Pin<Box<dyn Stream<Item = std::io::Result<Bytes>> + Send>> = match body {
        Ok(body) => Box::pin(futures_util::stream::iter([Ok(body)])),
        Err(inner) => Box::pin(StallGuard::new(inner.bytes_stream(), limits.stall)),
    };
    let mut bounded = EventBound { since_blank_line: 0, after_lf: false, limit: limits.max_body, operation };
    let bytes = bytes.map(move |chunk| chunk.and_then(|chunk| bounded.check(chunk)));
    (Box::pin(bytes.eventsource()), resend)
}

/// The lines of a response's body as events (their data the line), blank
/// lines skipped, each line at most the client's body limit.
fn raw_lines(response: Response) -> RawEvents {
    let (body, limits, operation, _) = response.into_body();
    let bytes: Pin<Box<dyn Stream<Item = std::io::Result<Bytes>> + Send>> = match body {
        Ok(body) => Box::pin(futures_util::stream::iter([Ok(body)])),
        Err(inner) => Box::pin(StallGuard::new(inner.bytes_stream(), limits.stall)),
    };
    let state = Lines { bytes, pending: Vec::new(), limit: limits.max_body, operation, ended: false };
    Box::pin(futures_util::stream::unfold(state, next_line))
}

/// Where a stream of lines is: the bytes after the last full line.
struct Lines {
    bytes: Pin<Box<dyn Stream<Item = std::io::Result<Bytes>> + Send>>,
    pending: Vec<u8>,
    limit: u64,
    operation: &'static str,
    ended: bool,
}

type LineItem = Result<eventsource_stream::Event, EventStreamError<std::io::Error>>;

async fn next_line(mut state: Lines) -> Option<(LineItem, Lines)> {
    loop {
        let end = state.pending.iter().position(|&b| b == b'\n');
        let line = match end {
            Some(at) => Some(state.pending.drain(..=at).collect::<Vec<u8>>()),
            // The last line needs no newline.
            None if state.ended && !state.pending.is_empty() => Some(std::mem::take(&mut state.pending)),
            None if state.ended => return None,
            None => None,
        };
        if let Some(line) = line {
            let text = match String::from_utf8(line) {
                Ok(text) => text,
                Err(e) => {
                    state.ended = true;
                    state.pending.clear();
                    return Some((Err(EventStreamError::Utf8(e)), state));
                }
            };
            let data = text.trim();
            if data.is_empty() {
                continue;
            }
            let event = eventsource_stream::Event { data: data.to_owned(), ..Default::default() };
            return Some((Ok(event), state));
        }
        // A server that never ends a line cannot fill the memory.
        if state.pending.len() as u64 > state.limit {
            state.ended = true;
            state.pending.clear();
            let error = std::io::Error::other(TooLargeError { operation: state.operation, limit: state.limit });
            return Some((Err(EventStreamError::Transport(error)), state));
        }
        match state.bytes.next().await {
            Some(Ok(chunk)) => state.pending.extend_from_slice(&chunk),
            Some(Err(error)) => {
                state.ended = true;
                state.pending.clear();
                return Some((Err(EventStreamError::Transport(error)), state));
            }
            None => state.ended = true,
        }
    }
}

/// Fails a stream once one event (the bytes between two blank lines) passes
/// the limit: a server that never ends an event cannot fill the memory.
struct EventBound {
    since_blank_line: u64,
    after_lf: bool,
    limit: u64,
    operation: &'static str,
}

impl EventBound {
    fn check(&mut self, chunk: Bytes) -> std::io::Result<Bytes> {
        for &b in chunk.iter() {
            match b {
                b'\n' if self.after_lf => self.since_blank_line = 0,
                b'\n' => self.after_lf = true,
                b'\r' => {}
                _ => {
                    self.after_lf = false;
                    self.since_blank_line += 1;
                }
            }
        }
        if self.since_blank_line > self.limit {
            return Err(std::io::Error::other(TooLargeError { operation: self.operation, limit: self.limit }));
        }
        Ok(chunk)
    }
}

async fn next_event<T: DeserializeOwned>(mut state: State<T>) -> Option<(Result<T, Error<ApiError>>, State<T>)> {
    loop {
        if state.done {
            return None;
        }
        match state.events.next().await {
            Some(Ok(event)) => {
                state.reconnects = 0;
                if !event.id.is_empty() {
                    state.last_id = event.id;
                }
                if let Some(retry) = event.retry {
                    state.retry = retry;
                }
                if state.end == Some(event.data.as_str()) {
                    state.done = true;
                    return None;
                }
                let item = serde_json::from_str(&event.data).map_err(|e| {
                    Error::Decode(DecodeError::new(state.status, state.operation, Bytes::from(event.data), e))
                });
                return Some((item, state));
            }
            Some(Err(EventStreamError::Transport(error))) => {
                let error = transport_error(error, state.status, state.operation);
                let broken = matches!(error, Error::Transport(_) | Error::Timeout(_));
                if broken && state.reconnects < MAX_RECONNECTS {
                    if let Some(resend) = &state.resend {
                        state.reconnects += 1;
                        tokio::time::sleep(state.retry).await;
                        tracing::debug!(attempt = state.reconnects, "event stream broke; reconnecting");
                        let Some(request) = resend.request.try_clone() else {
                            state.done = true;
                            return Some((Err(error), state));
                        };
                        match resend.client.exchange(resumed(request, &state.last_id)).await {
                            Ok(response) => {
                                let (events, _) = raw_events(response);
                                state.events = events;
                                continue;
                            }
                            Err(error) => {
                                state.done = true;
                                return Some((Err(error), state));
                            }
                        }
                    }
                }
                state.done = true;
                return Some((Err(error), state));
            }
            Some(Err(error)) => {
                // Not UTF-8, or not the event stream format: nothing after it can be read.
                state.done = true;
                let source = <serde_json::Error as serde::de::Error>::custom(format!("not an event stream: {error}"));
                return Some((
                    Err(Error::Decode(DecodeError::new(state.status, state.operation, Bytes::new(), source))),
                    state,
                ));
            }
            None => return None,
        }
    }
}

/// The stream's request again, to go on after the event `last_id`.
fn resumed(request: Request, last_id: &str) -> Request {
    if last_id.is_empty() {
        request
    } else {
        request.header("Last-Event-ID", last_id)
    }
}

/// What a body stream's error was: a stall, an event over the limit, or the
/// connection (the only errors its bytes carry).
fn transport_error(error: std::io::Error, status: u16, operation: &'static str) -> Error<ApiError> {
    if error.kind() == std::io::ErrorKind::TimedOut {
        return Error::Timeout(TimeoutError::new(TimeoutKind::Stall));
    }
    let inner: Box<dyn std::error::Error + Send + Sync> = match error.into_inner() {
        Some(inner) => inner,
        None => Box::new(std::io::Error::other("the event stream broke")),
    };
    let inner = match inner.downcast::<reqwest::Error>() {
        Ok(e) => return Error::from_reqwest(*e),
        Err(inner) => inner,
    };
    match inner.downcast::<TooLargeError>() {
        Ok(e) => Error::TooLarge(*e),
        Err(other) => {
            let source = <serde_json::Error as serde::de::Error>::custom(format!("the event stream broke: {other}"));
            Error::Decode(DecodeError::new(status, operation, Bytes::new(), source))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_event_may_not_pass_the_limit_but_a_stream_of_them_may() {
        let mut bound = EventBound { since_blank_line: 0, after_lf: false, limit: 10, operation: "op" };
        for _ in 0..100 {
            assert!(bound.check(Bytes::from_static(b"data: 1\r\n\r\n")).is_ok());
        }
        // An event cut across chunks counts as one.
        assert!(bound.check(Bytes::from_static(b"data: 12")).is_ok());
        assert!(bound.check(Bytes::from_static(b"345\n")).is_err());
    }

    #[test]
    fn a_resumed_request_names_the_last_event() {
        let request = Request::new("op", reqwest::Method::GET, 0, "/feed").json(&1).resumable();
        let again = resumed(request.try_clone().unwrap(), "41");
        assert_eq!(again.headers, [("Last-Event-ID", "41".to_owned())]);
        assert!(resumed(request, "").headers.is_empty());
        let file = crate::FilePart::from_bytes(vec![1u8], "a.bin");
        let upload = Request::new("op", reqwest::Method::POST, 0, "/up").binary(file, "application/octet-stream");
        assert!(upload.try_clone().is_none(), "a file is not kept to send again");
    }
}
