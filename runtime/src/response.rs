//! Success responses: JSON decoding, empty bodies and byte streams.

use std::path::Path;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_util::{Stream, StreamExt};
use serde::de::DeserializeOwned;
use tokio::io::AsyncWriteExt;

use crate::error::{DecodeError, Error};

/// A success response, not yet read.
#[derive(Debug)]
pub struct Response {
    inner: reqwest::Response,
    operation: &'static str,
}

impl Response {
    pub(crate) fn new(inner: reqwest::Response, operation: &'static str) -> Self {
        Response { inner, operation }
    }

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.inner.status().as_u16()
    }

    /// The response headers.
    pub fn headers(&self) -> &reqwest::header::HeaderMap {
        self.inner.headers()
    }

    /// Reads the whole body and decodes it as JSON.
    pub async fn json<T: DeserializeOwned, E>(self) -> Result<T, Error<E>> {
        let status = self.status();
        let body = self.inner.bytes().await.map_err(Error::from_reqwest)?;
        serde_json::from_slice(&body)
            .map_err(|e| Error::Decode(DecodeError::new(status, self.operation, body.clone(), e)))
    }

    /// Reads and drops the body of a response documented as empty.
    pub async fn empty<E>(self) -> Result<(), Error<E>> {
        self.inner.bytes().await.map_err(Error::from_reqwest)?;
        Ok(())
    }

    /// The body as a stream of chunks, read as the caller polls it.
    pub fn into_stream(self) -> ByteStream {
        ByteStream { inner: Box::pin(self.inner.bytes_stream()) }
    }
}

/// A binary response body, streamed.
pub struct ByteStream {
    inner: Pin<Box<dyn Stream<Item = reqwest::Result<Bytes>> + Send>>,
}

impl std::fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ByteStream")
    }
}

impl Stream for ByteStream {
    type Item = reqwest::Result<Bytes>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

impl ByteStream {
    /// Writes the whole stream to `path`, returning the number of bytes written.
    pub async fn write_to_file(mut self, path: impl AsRef<Path>) -> std::io::Result<u64> {
        let mut file = tokio::fs::File::create(path).await?;
        let mut written = 0u64;
        while let Some(chunk) = self.next().await {
            let chunk = chunk.map_err(std::io::Error::other)?;
            file.write_all(&chunk).await?;
            written += chunk.len() as u64;
        }
        file.flush().await?;
        Ok(written)
    }

    /// Collects the whole stream in memory; for small bodies only.
    pub async fn collect_bytes(mut self) -> reqwest::Result<Bytes> {
        let mut out = Vec::new();
        while let Some(chunk) = self.next().await {
            out.extend_from_slice(&chunk?);
        }
        Ok(Bytes::from(out))
    }
}
