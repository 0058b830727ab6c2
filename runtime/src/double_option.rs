//! Serde helpers for fields that are both optional and nullable:
//! `Option<Option<T>>` tells "absent" (`None`) from "null" (`Some(None)`).

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Deserializes a present field, `null` included, as `Some(..)`; with
/// `#[serde(default)]` an absent field stays `None`.
pub fn deserialize<'de, T, D>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    T: Deserialize<'de>,
    D: Deserializer<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

/// Serializes `Some(None)` as `null`; pair with `skip_serializing_if = "Option::is_none"`.
pub fn serialize<T, S>(value: &Option<Option<T>>, serializer: S) -> Result<S::Ok, S::Error>
where
    T: Serialize,
    S: Serializer,
{
    match value {
        Some(inner) => inner.serialize(serializer),
        None => serializer.serialize_none(),
    }
}
