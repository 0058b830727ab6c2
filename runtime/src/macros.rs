//! What every operation's error enum and every open enum have in common,
//! written once here instead of once per enum in the generated code: the
//! generated files keep only what differs (names, wire values, statuses,
//! codes and their documented meanings). Their methods are `#[inline]`, so
//! that a crate of many operations leaves their machine code to the crates
//! that call them, for the operations they use.

/// An operation's error enum: one variant per documented status or code, in
/// the order the classification tries them, and `Other` for anything else.
/// A variant may stand for a range of statuses (`4XX` as `400..=499`).
///
/// ```
/// specgen_runtime::operation_error! {
///     /// The errors of `get_clip`.
///     pub enum GetClipError {
///         /// HTTP 404, code `3301`: Clip does not exist.
///         Code3301 = 404, code 3301 => "Clip does not exist.",
///         /// HTTP 429: Too many requests.
///         TooManyRequests = 429 => "Too many requests.",
///         /// HTTP 4XX: Any other client error.
///         ClientError = 400..=499 => "Any other client error.",
///     }
/// }
/// # use specgen_runtime::{ApiError, ErrorCode, OperationError};
/// let error = ApiError {
///     status: 404,
///     code: Some(ErrorCode::Int(3301)),
///     message: None,
///     request_id: None,
///     body: Default::default(),
///     headers: Default::default(),
/// };
/// let error = GetClipError::from(error);
/// assert!(matches!(error, GetClipError::Code3301(_)));
/// assert_eq!(error.documented_meaning(), Some("Clip does not exist."));
/// assert_eq!(error.documented_status(), Some(404));
/// assert_eq!(error.documented_code(), Some(ErrorCode::Int(3301)));
/// assert_eq!(GetClipError::TooManyRequests(Default::default()).documented_code(), None);
/// let teapot = GetClipError::from(ApiError { status: 418, ..error.api_error().clone() });
/// assert!(matches!(teapot, GetClipError::ClientError(_)));
/// assert_eq!(teapot.documented_status(), Some(418));
/// ```
///
/// Each variant holds the [`ApiError`](crate::ApiError) it was made from. The
/// enum gets `api_error()`, `documented_meaning()`, `From<ApiError>`,
/// `Display`, `std::error::Error` and [`OperationError`](crate::OperationError).
#[macro_export]
macro_rules! operation_error {
    (
        $(#[$attr:meta])*
        pub enum $name:ident {
            $(
                $(#[$variant_attr:meta])*
                $variant:ident = $status:literal $(..= $last:literal)? $(, code $code:literal)? => $meaning:literal,
            )*
        }
    ) => {
        $(#[$attr])*
        #[derive(Debug, Clone)]
        #[non_exhaustive]
        pub enum $name {
            $(
                $(#[$variant_attr])*
                $variant($crate::ApiError),
            )*
            /// A status or code that the spec does not document.
            Other($crate::ApiError),
        }

        impl $name {
            /// The response behind the error: status, code, message, body.
            #[inline]
            pub fn api_error(&self) -> &$crate::ApiError {
                match self {
                    $($name::$variant(error) |)* $name::Other(error) => error,
                }
            }

            /// What the vendor documents for this error.
            #[inline]
            pub fn documented_meaning(&self) -> Option<&'static str> {
                match self {
                    $($name::$variant(_) => Some($meaning),)*
                    $name::Other(_) => None,
                }
            }
        }

        impl From<$crate::ApiError> for $name {
            #[inline]
            fn from(error: $crate::ApiError) -> Self {
                $(
                    if $crate::status_within(error.status, $status, &[$($last)?])
                        $(&& $crate::CodeLiteral::matches_code($code, &error.code))?
                    {
                        return $name::$variant(error);
                    }
                )*
                $name::Other(error)
            }
        }

        impl ::std::fmt::Display for $name {
            #[inline]
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                $crate::fmt_operation_error(self.api_error(), self.documented_meaning(), f)
            }
        }

        impl ::std::error::Error for $name {}

        impl $crate::OperationError for $name {
            #[inline]
            fn api_error(&self) -> &$crate::ApiError {
                $name::api_error(self)
            }

            #[inline]
            fn documented_meaning(&self) -> Option<&'static str> {
                $name::documented_meaning(self)
            }

            #[inline]
            fn documented_status(&self) -> Option<u16> {
                match self {
                    $($name::$variant(error) => Some($crate::status_documented(error.status, $status, &[$($last)?])),)*
                    $name::Other(_) => None,
                }
            }

            #[inline]
            fn documented_code(&self) -> Option<$crate::ErrorCode> {
                match self {
                    $($name::$variant(_) => $crate::first_code(&[$($crate::CodeLiteral::to_code($code))?]),)*
                    $name::Other(_) => None,
                }
            }
        }
    };
}

/// An enum that keeps its exact wire values and accepts values it does not
/// know: one variant per documented value and `Other(String)` for the rest.
///
/// ```
/// specgen_runtime::open_enum! {
///     /// A clip's status.
///     pub enum ClipStatus {
///         /// `active`: visible.
///         Active = "active",
///         /// `in-trash`: deleted, restorable.
///         InTrash = "in-trash",
///     }
/// }
/// assert_eq!(ClipStatus::from("in-trash"), ClipStatus::InTrash);
/// assert_eq!(ClipStatus::from("new").as_str(), "new");
/// assert!(!ClipStatus::from("new").is_known());
/// ```
///
/// The enum gets `as_str()`, `is_known()`, `From<&str>`, `From<String>`,
/// `Display` and serde's `Serialize` and `Deserialize` (as a string).
#[macro_export]
macro_rules! open_enum {
    (
        $(#[$attr:meta])*
        pub enum $name:ident {
            $(
                $(#[$variant_attr:meta])*
                $variant:ident = $wire:literal,
            )*
        }
    ) => {
        $(#[$attr])*
        ///
        /// Values unknown to this version of the client are kept in `Other`.
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $(
                $(#[$variant_attr])*
                $variant,
            )*
            /// A value not documented in the spec, kept exactly as received.
            Other(String),
        }

        impl $name {
            /// The exact wire value.
            #[inline]
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $wire,)*
                    $name::Other(value) => value,
                }
            }

            /// Whether the value is one the spec documents.
            #[inline]
            pub fn is_known(&self) -> bool {
                !matches!(self, $name::Other(_))
            }
        }

        impl From<&str> for $name {
            #[inline]
            fn from(value: &str) -> Self {
                match value {
                    $($wire => $name::$variant,)*
                    other => $name::Other(other.to_owned()),
                }
            }
        }

        impl From<String> for $name {
            #[inline]
            fn from(value: String) -> Self {
                $name::from(value.as_str())
            }
        }

        impl ::std::fmt::Display for $name {
            #[inline]
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::serde::Serialize for $name {
            fn serialize<S: $crate::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                <String as $crate::serde::Deserialize>::deserialize(deserializer).map($name::from)
            }
        }
    };
}

/// An enum of integers that accepts values it does not know: one variant
/// per documented value and `Other(i64)` for the rest.
///
/// ```
/// specgen_runtime::open_int_enum! {
///     /// A channel's type.
///     pub enum ChannelType {
///         /// `0`: a text channel.
///         GuildText = 0,
///         /// `2`: a voice channel.
///         GuildVoice = 2,
///     }
/// }
/// assert_eq!(ChannelType::from(2), ChannelType::GuildVoice);
/// assert_eq!(ChannelType::from(7).value(), 7);
/// assert!(!ChannelType::from(7).is_known());
/// assert_eq!(serde_json::to_string(&ChannelType::GuildVoice).unwrap(), "2");
/// assert_eq!(serde_json::from_str::<ChannelType>("0").unwrap(), ChannelType::GuildText);
/// assert_eq!(ChannelType::GuildVoice.to_string(), "2");
/// assert!(serde_json::from_str::<ChannelType>("\"0\"").is_err());
/// ```
///
/// The enum gets `value()`, `is_known()`, `From<i64>`, `Display` (the
/// number) and serde's `Serialize` and `Deserialize` (as an integer).
#[macro_export]
macro_rules! open_int_enum {
    (
        $(#[$attr:meta])*
        pub enum $name:ident {
            $(
                $(#[$variant_attr:meta])*
                $variant:ident = $wire:literal,
            )*
        }
    ) => {
        $(#[$attr])*
        ///
        /// Values unknown to this version of the client are kept in `Other`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $(
                $(#[$variant_attr])*
                $variant,
            )*
            /// A value not documented in the spec, kept exactly as received.
            Other(i64),
        }

        impl $name {
            /// The exact wire value.
            #[inline]
            pub fn value(&self) -> i64 {
                match self {
                    $($name::$variant => $wire,)*
                    $name::Other(value) => *value,
                }
            }

            /// Whether the value is one the spec documents.
            #[inline]
            pub fn is_known(&self) -> bool {
                !matches!(self, $name::Other(_))
            }
        }

        impl From<i64> for $name {
            #[inline]
            fn from(value: i64) -> Self {
                match value {
                    $($wire => $name::$variant,)*
                    other => $name::Other(other),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            #[inline]
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.value(), f)
            }
        }

        impl $crate::serde::Serialize for $name {
            fn serialize<S: $crate::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.value())
            }
        }

        impl<'de> $crate::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                <i64 as $crate::serde::Deserialize>::deserialize(deserializer).map($name::from)
            }
        }
    };
}

/// Items compiled only with this crate's `mock` feature: how a generated
/// client declares its typed mocks without a cargo feature of its own being
/// required (a client crate's dev-dependency on this crate with `mock` turns
/// them on for its tests).
#[cfg(feature = "mock")]
#[macro_export]
#[doc(hidden)]
macro_rules! with_mock {
    ($($item:item)*) => {
        $($item)*
    };
}

/// Items compiled only with this crate's `mock` feature (off: nothing).
#[cfg(not(feature = "mock"))]
#[macro_export]
#[doc(hidden)]
macro_rules! with_mock {
    ($($item:item)*) => {};
}

/// `Serialize` and `Deserialize` for a generated object type, as serde's
/// derives would write them with the generator's field attributes, at a
/// fraction of the code rustc has to check (the derives write a field enum, a
/// sequence visitor and attribute plumbing per type, which made them over
/// half of a generated crate's compile time).
///
/// What is the same for every type is in the runtime, checked once: the map
/// visitor ([`deserialize_object`](crate::deserialize_object)), reading a
/// field and skipping an unknown one. The expansion returns errors with
/// `match` and `if let` rather than `?`, which rustc would resolve through
/// the `Try` traits once per field of every type.
///
/// Each field is `name: "wire" presence`:
/// - `required`: always written; an error when absent;
/// - `optional`: an `Option`, left out when `None`; `None` when absent or null;
/// - `nullable`: an `Option`, written as null when `None`; `None` when absent or null;
/// - `optional_nullable`: an `Option<Option<_>>`, left out when `None` and
///   written as null when `Some(None)`; `None` when absent, `Some(None)` when null.
///
/// Unknown fields are skipped; a field given twice is an error. With
/// `extra name` after the fields, the other keys are kept instead, in the
/// `BTreeMap<String, T>` field `name`, and written back after the fields.
///
/// ```
/// #[derive(Debug, PartialEq)]
/// pub struct Clip {
///     pub id: String,
///     pub title: Option<String>,
///     pub note: Option<Option<String>>,
/// }
/// specgen_runtime::serde_object!(Clip { id: "id" required, title: "title" optional, note: "note" optional_nullable });
///
/// let clip: Clip = serde_json::from_str(r#"{"id": "c1", "note": null, "other": [1]}"#).unwrap();
/// assert_eq!(clip, Clip { id: "c1".into(), title: None, note: Some(None) });
/// assert_eq!(serde_json::to_string(&clip).unwrap(), r#"{"id":"c1","note":null}"#);
/// let missing = serde_json::from_str::<Clip>(r#"{"title": "t"}"#).unwrap_err();
/// assert!(missing.to_string().starts_with("missing field `id`"));
///
/// #[derive(Debug, PartialEq)]
/// pub struct Labels {
///     pub id: String,
///     pub extra: std::collections::BTreeMap<String, i64>,
/// }
/// specgen_runtime::serde_object!(Labels { id: "id" required } extra extra);
/// let labels: Labels = serde_json::from_str(r#"{"id": "l1", "red": 1, "blue": 2}"#).unwrap();
/// assert_eq!(labels.extra.get("blue"), Some(&2));
/// assert_eq!(serde_json::to_string(&labels).unwrap(), r#"{"id":"l1","blue":2,"red":1}"#);
/// assert!(serde_json::from_str::<Labels>(r#"{"id": "l1", "red": "x"}"#).is_err());
/// ```
#[macro_export]
macro_rules! serde_object {
    ($name:ident { $($field:ident: $wire:literal $presence:ident),* $(,)? }) => {
        impl $crate::serde::Serialize for $name {
            fn serialize<S: $crate::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                use $crate::serde::ser::SerializeStruct;
                let len = 0 $(+ $crate::serde_object!(@written $presence self.$field))*;
                #[allow(unused_mut)]
                let mut object = match serializer.serialize_struct(stringify!($name), len) {
                    ::std::result::Result::Ok(object) => object,
                    ::std::result::Result::Err(e) => return ::std::result::Result::Err(e),
                };
                $(if let ::std::result::Result::Err(e) = $crate::serde_object!(@write object $presence self.$field, $wire) {
                    return ::std::result::Result::Err(e);
                })*
                object.end()
            }
        }
        $crate::serde_object!(@deserialize $name { $($field: $wire $presence),* } []);
    };
    // An object with extra keys: written as a map (its keys are not all
    // known in advance), read keeping every other key in `$extra`.
    ($name:ident { $($field:ident: $wire:literal $presence:ident),* $(,)? } extra $extra:ident) => {
        impl $crate::serde::Serialize for $name {
            fn serialize<S: $crate::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                use $crate::serde::ser::SerializeMap;
                #[allow(unused_mut)]
                let mut object = match serializer.serialize_map(::std::option::Option::None) {
                    ::std::result::Result::Ok(object) => object,
                    ::std::result::Result::Err(e) => return ::std::result::Result::Err(e),
                };
                $(if let ::std::result::Result::Err(e) = $crate::serde_object!(@entry object $presence self.$field, $wire) {
                    return ::std::result::Result::Err(e);
                })*
                if let ::std::result::Result::Err(e) = $crate::write_extra(&mut object, &[$($wire),*], &self.$extra) {
                    return ::std::result::Result::Err(e);
                }
                object.end()
            }
        }
        $crate::serde_object!(@deserialize $name { $($field: $wire $presence),* } [$extra]);
    };
    // `Deserialize` through the runtime's map visitor, and the reading of
    // each key: a field's, else kept in the extra map if there is one, else skipped.
    (@deserialize $name:ident { $($field:ident: $wire:literal $presence:ident),* } [$($extra:ident)?]) => {
        impl<'de> $crate::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                $crate::deserialize_object(deserializer)
            }
        }
        impl<'de> $crate::ReadObject<'de> for $name {
            const EXPECTING: &'static str = concat!("struct ", stringify!($name));
            #[allow(unused_mut)]
            fn read<A: $crate::serde::de::MapAccess<'de>>(mut map: A) -> ::std::result::Result<Self, A::Error> {
                $(let mut $field = ::std::option::Option::None;)*
                $(let mut $extra = ::std::collections::BTreeMap::new();)?
                loop {
                    let key = match map.next_key::<$crate::FieldKey<'de>>() {
                        ::std::result::Result::Ok(::std::option::Option::Some(key)) => key,
                        ::std::result::Result::Ok(::std::option::Option::None) => break,
                        ::std::result::Result::Err(e) => return ::std::result::Result::Err(e),
                    };
                    let read = match key.as_str() {
                        $($wire => $crate::read_field(&mut map, &mut $field, $wire),)*
                        _ => $crate::serde_object!(@other map key.as_str() $(, $extra)?),
                    };
                    if let ::std::result::Result::Err(e) = read {
                        return ::std::result::Result::Err(e);
                    }
                }
                ::std::result::Result::Ok($name { $($field: $crate::serde_object!(@read A $presence $field $wire),)* $($extra)? })
            }
        }
    };
    // A key the type has no field for.
    (@other $map:ident $key:expr) => { $crate::skip_field(&mut $map) };
    (@other $map:ident $key:expr, $extra:ident) => { $crate::read_extra(&mut $map, &mut $extra, $key) };
    // One field of an object written as a map.
    (@entry $object:ident optional $place:expr, $wire:literal) => { $crate::write_entry_present(&mut $object, $wire, &$place) };
    (@entry $object:ident optional_nullable $place:expr, $wire:literal) => { $crate::write_entry_present(&mut $object, $wire, &$place) };
    (@entry $object:ident $presence:ident $place:expr, $wire:literal) => { $object.serialize_entry($wire, &$place) };
    // How many fields a value writes: an optional one only when present.
    (@written optional $place:expr) => { usize::from($place.is_some()) };
    (@written optional_nullable $place:expr) => { usize::from($place.is_some()) };
    (@written $presence:ident $place:expr) => { 1 };
    // One field written, or left out when optional and absent.
    (@write $object:ident optional $place:expr, $wire:literal) => { $crate::write_present(&mut $object, $wire, &$place) };
    (@write $object:ident optional_nullable $place:expr, $wire:literal) => { $crate::write_present(&mut $object, $wire, &$place) };
    (@write $object:ident $presence:ident $place:expr, $wire:literal) => { $object.serialize_field($wire, &$place) };
    // One field's value once the map is read.
    (@read $map:ident required $field:ident $wire:literal) => {
        match $crate::required::<$map::Error, _>($field, $wire) {
            ::std::result::Result::Ok(value) => value,
            ::std::result::Result::Err(e) => return ::std::result::Result::Err(e),
        }
    };
    (@read $map:ident optional_nullable $field:ident $wire:literal) => {
        $field
    };
    (@read $map:ident $presence:ident $field:ident $wire:literal) => {
        $field.unwrap_or_default()
    };
}

/// `Serialize` and `Deserialize` for a tagged union: an enum with one
/// variant per member type (each holding it, boxed or not) and an
/// `Unknown(serde_json::Value)` variant. Decoding reads the tag field first
/// and decodes the member its value names; a value without the tag, or
/// with a value not listed, is kept as it came in `Unknown`, so a member
/// added to the API later never decodes as the wrong one. Encoding writes
/// the member (which carries its tag) or the kept value.
///
/// ```
/// #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
/// pub struct System { pub role: String, pub content: String }
/// #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
/// pub struct Tool { pub role: String, pub tool_call_id: String }
/// #[derive(Debug, PartialEq)]
/// pub enum Message { System(System), Tool(Box<Tool>), Unknown(serde_json::Value) }
/// specgen_runtime::serde_tagged!(Message, "role", [System, Tool], { "system" => System, "tool" => Tool });
///
/// let m: Message = serde_json::from_str(r#"{"role": "tool", "tool_call_id": "t1"}"#).unwrap();
/// assert_eq!(m, Message::Tool(Box::new(Tool { role: "tool".into(), tool_call_id: "t1".into() })));
/// let other: Message = serde_json::from_str(r#"{"role": "critic", "content": "x"}"#).unwrap();
/// assert!(matches!(other, Message::Unknown(_)));
/// assert_eq!(serde_json::to_string(&other).unwrap(), r#"{"role":"critic","content":"x"}"#);
/// // A known tag with a body that does not fit its member is an error, never another member.
/// assert!(serde_json::from_str::<Message>(r#"{"role": "tool"}"#).is_err());
/// ```
#[macro_export]
macro_rules! serde_tagged {
    ($name:ident, $tag:literal, [$($variant:ident),* $(,)?], { $($value:literal => $named:ident),* $(,)? }) => {
        impl $crate::serde::Serialize for $name {
            fn serialize<S: $crate::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                match self {
                    $(Self::$variant(member) => $crate::serde::Serialize::serialize(member, serializer),)*
                    Self::Unknown(value) => $crate::serde::Serialize::serialize(value, serializer),
                }
            }
        }
        impl<'de> $crate::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = match <$crate::serde_json::Value as $crate::serde::Deserialize>::deserialize(deserializer) {
                    ::std::result::Result::Ok(value) => value,
                    ::std::result::Result::Err(e) => return ::std::result::Result::Err(e),
                };
                let tag = value.get($tag).and_then($crate::serde_json::Value::as_str).map(::std::borrow::ToOwned::to_owned);
                match tag.as_deref() {
                    $(::std::option::Option::Some($value) => $crate::serde_json::from_value(value)
                        .map(Self::$named)
                        .map_err(|e| <D::Error as $crate::serde::de::Error>::custom(::std::format_args!(
                            "{} tagged `{}`: {e}", stringify!($name), $value
                        ))),)*
                    _ => ::std::result::Result::Ok(Self::Unknown(value)),
                }
            }
        }
    };
}

/// Whether `status` is `first`, or within `first..=last` when a range is given.
#[doc(hidden)]
#[inline]
pub fn status_within(status: u16, first: u16, last: &[u16]) -> bool {
    match last.first() {
        Some(&last) => (first..=last).contains(&status),
        None => status == first,
    }
}

/// The status a variant documents: its own, or for a range the error's
/// status when within it, else the range's first.
#[doc(hidden)]
#[inline]
pub fn status_documented(status: u16, first: u16, last: &[u16]) -> u16 {
    if last.is_empty() || !status_within(status, first, last) {
        first
    } else {
        status
    }
}
