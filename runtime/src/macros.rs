//! What every operation's error enum and every open enum have in common,
//! written once here instead of once per enum in the generated code: the
//! generated files keep only what differs (names, wire values, statuses,
//! codes and their documented meanings).

/// An operation's error enum: one variant per documented status or code, in
/// the order the classification tries them, and `Other` for anything else.
///
/// ```
/// specgen_runtime::operation_error! {
///     /// The errors of `get_clip`.
///     pub enum GetClipError {
///         /// HTTP 404, code `3301`: Clip does not exist.
///         Code3301 = 404, code 3301 => "Clip does not exist.",
///         /// HTTP 429: Too many requests.
///         TooManyRequests = 429 => "Too many requests.",
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
                $variant:ident = $status:literal $(, code $code:literal)? => $meaning:literal,
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
            pub fn api_error(&self) -> &$crate::ApiError {
                match self {
                    $($name::$variant(error) |)* $name::Other(error) => error,
                }
            }

            /// What the vendor documents for this error.
            pub fn documented_meaning(&self) -> Option<&'static str> {
                match self {
                    $($name::$variant(_) => Some($meaning),)*
                    $name::Other(_) => None,
                }
            }
        }

        impl From<$crate::ApiError> for $name {
            fn from(error: $crate::ApiError) -> Self {
                $(
                    if error.status == $status $(&& $crate::CodeLiteral::matches_code($code, &error.code))? {
                        return $name::$variant(error);
                    }
                )*
                $name::Other(error)
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                $crate::fmt_operation_error(self.api_error(), self.documented_meaning(), f)
            }
        }

        impl ::std::error::Error for $name {}

        impl $crate::OperationError for $name {
            fn api_error(&self) -> &$crate::ApiError {
                $name::api_error(self)
            }

            fn documented_meaning(&self) -> Option<&'static str> {
                $name::documented_meaning(self)
            }

            fn documented_status(&self) -> Option<u16> {
                match self {
                    $($name::$variant(_) => Some($status),)*
                    $name::Other(_) => None,
                }
            }

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
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $wire,)*
                    $name::Other(value) => value,
                }
            }

            /// Whether the value is one the spec documents.
            pub fn is_known(&self) -> bool {
                !matches!(self, $name::Other(_))
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $($wire => $name::$variant,)*
                    other => $name::Other(other.to_owned()),
                }
            }
        }

        impl From<String> for $name {
            fn from(value: String) -> Self {
                $name::from(value.as_str())
            }
        }

        impl ::std::fmt::Display for $name {
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
