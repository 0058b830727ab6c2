//! The hand-written runtime that generated `specgen` clients call.
//!
//! Generated code stays thin: it describes an operation (method, path template,
//! parameters, body) as a [`Request`] and hands it to [`Client::execute`]. Everything
//! generic lives here: URL building with per-segment percent-encoding, the auth
//! header, JSON and streaming multipart bodies, error decoding and typed errors.

mod activity;
mod api;
mod auth;
mod client;
mod datetime;
mod error;
mod events;
mod finite;
mod limits;
mod macros;
#[cfg(feature = "mock")]
pub mod mock;
mod multipart;
mod oauth;
mod options;
mod paginate;
mod path;
mod request;
mod response;
mod retry;
mod security;

pub use api::{ApiInfo, AuthScheme, CodeType, ErrorBodyShape, ServerInfo, VariableInfo};
pub use auth::{Secret, StaticToken, TokenFuture, TokenProvider};
pub use client::{Client, ClientBuilder, DEFAULT_MAX_RESPONSE_BODY};
pub use datetime::{Date, DateTime, ParseError as DateTimeParseError, Time};
#[doc(hidden)]
pub use error::{first_code, fmt_operation_error, CodeLiteral};
pub use error::{
    ApiError, AuthError, BuildError, DecodeError, Error, ErrorCode, OperationError, TimeoutError, TimeoutKind,
    TooLargeError, ValidationError,
};
pub use events::EventStream;
#[doc(hidden)]
pub use limits::{
    check_entry_count, check_field_sets, check_item_count, check_keys, check_one_of, check_range, CheckLimits, Place,
};
pub use macros::{status_documented, status_within};
pub use multipart::{FilePart, Multipart, UrlEncoded};
pub use oauth::{
    Authorization, AuthorizationCode, ClientCredentials, DeviceAuthorization, DeviceCode, OpenIdProvider,
    PasswordGrant, RefreshToken, Tokens, ZohoDataCenter, ZohoRefreshToken, ZoomServerToServer,
};
pub use options::CallOptions;
pub use paginate::{next_link, paginate, PageLimits, PageStop, PaginationError};
pub use request::Request;
pub use response::{value_only, ByteStream, Response, ResponseMetadata, ResponseValue, Streamed};
pub use retry::RetryPolicy;
pub use security::{KeyLocation, Requirement, SchemeInfo, SchemeKind, SecurityInfo, TOKEN};

/// Re-exported so generated code and its users name one version of these crates.
pub use bytes::Bytes;
pub use futures_util::Stream;
/// What `into_stream()` listings and event streams are read with
/// (`try_collect`, `try_next`, `next`), so a user's crate needs no other import.
pub use futures_util::{StreamExt, TryStreamExt};
pub use reqwest::Method;
/// For the serde impls that [`open_enum!`] writes.
#[doc(hidden)]
pub use serde;
/// The `time` crate whose types dates and times convert to and from.
#[cfg(feature = "time")]
pub use time;
pub use {reqwest, reqwest_middleware, serde_json};

pub mod double_option;
mod serde_object;
#[doc(hidden)]
pub use serde_object::{
    deserialize_object, read_extra, read_field, required, skip_field, write_entry_present, write_extra, write_present,
    FieldKey, ReadObject,
};

/// The README's examples, compiled by `cargo test` as doctests. They live here
/// because the client crate's `lib.rs` is emitted code.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
