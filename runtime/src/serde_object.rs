//! What every [`serde_object!`](crate::serde_object!) expansion calls,
//! written and checked once: the map visitor, reading a field's key and
//! value, skipping an unknown field, and writing a field that may be left out.

use std::borrow::Cow;
use std::fmt;

use serde::de::{Deserialize, Deserializer, Error, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeStruct};
use std::collections::BTreeMap;

/// Writes the field when there is a value, and leaves it out otherwise.
#[doc(hidden)]
pub fn write_present<S: SerializeStruct, T: Serialize>(
    object: &mut S,
    wire: &'static str,
    value: &Option<T>,
) -> Result<(), S::Error> {
    match value {
        Some(value) => object.serialize_field(wire, value),
        None => object.skip_field(wire),
    }
}

/// Writes the entry when there is a value, and leaves it out otherwise
/// (an object with extra keys, written as a map).
#[doc(hidden)]
pub fn write_entry_present<M: SerializeMap, T: Serialize>(
    object: &mut M,
    wire: &'static str,
    value: &Option<T>,
) -> Result<(), M::Error> {
    match value {
        Some(value) => object.serialize_entry(wire, value),
        None => Ok(()),
    }
}

/// Writes an object's extra keys after its fields; a key that is a field's
/// is the field's alone, and is not written twice.
#[doc(hidden)]
pub fn write_extra<M: SerializeMap, T: Serialize>(
    object: &mut M,
    fields: &[&str],
    extra: &BTreeMap<String, T>,
) -> Result<(), M::Error> {
    for (key, value) in extra.iter().filter(|(key, _)| !fields.contains(&key.as_str())) {
        object.serialize_entry(key, value)?;
    }
    Ok(())
}

/// Reads the value of a key the type has no field for into its extra keys.
#[doc(hidden)]
pub fn read_extra<'de, A: serde::de::MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    extra: &mut BTreeMap<String, T>,
    key: &str,
) -> Result<(), A::Error> {
    if extra.contains_key(key) {
        return Err(A::Error::custom(format_args!("duplicate key `{key}`")));
    }
    let value = map.next_value()?;
    extra.insert(key.to_owned(), value);
    Ok(())
}

/// An object type read from a map, one field at a time: what
/// [`serde_object!`](crate::serde_object!) writes for each type, so that the
/// visitor that hands it the map is written once.
#[doc(hidden)]
pub trait ReadObject<'de>: Sized {
    /// What a value that is not a map is reported as not being (`struct Clip`).
    const EXPECTING: &'static str;
    /// The value, from the entries of a map.
    fn read<A: serde::de::MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// `Deserialize` for every [`ReadObject`]: a map, read by the type.
#[doc(hidden)]
pub fn deserialize_object<'de, D: Deserializer<'de>, T: ReadObject<'de>>(deserializer: D) -> Result<T, D::Error> {
    struct ObjectVisitor<T>(std::marker::PhantomData<T>);
    impl<'de, T: ReadObject<'de>> Visitor<'de> for ObjectVisitor<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(T::EXPECTING)
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
            T::read(map)
        }
    }
    deserializer.deserialize_map(ObjectVisitor(std::marker::PhantomData))
}

/// Reads a field's value into its slot; a second value for it is an error,
/// as with serde's derive.
#[doc(hidden)]
pub fn read_field<'de, A: serde::de::MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
    wire: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(A::Error::duplicate_field(wire));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// Reads and drops the value of a key the type does not have.
#[doc(hidden)]
pub fn skip_field<'de, A: serde::de::MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<serde::de::IgnoredAny>().map(drop)
}

/// A required field's value, or the error that it is missing.
#[doc(hidden)]
pub fn required<E: Error, T>(slot: Option<T>, wire: &'static str) -> Result<T, E> {
    slot.ok_or_else(|| E::missing_field(wire))
}

/// A map key read as text: borrowed from the input when the format allows,
/// so matching a field costs no allocation.
#[doc(hidden)]
pub struct FieldKey<'de>(Cow<'de, str>);

impl FieldKey<'_> {
    /// The key's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for FieldKey<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = FieldKey<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a field name")
            }
            fn visit_borrowed_str<E: Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(FieldKey(Cow::Borrowed(v)))
            }
            fn visit_str<E: Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(FieldKey(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(FieldKey(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_identifier(KeyVisitor)
    }
}
