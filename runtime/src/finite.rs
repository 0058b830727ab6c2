//! Finds a float that JSON cannot hold (NaN, an infinity) in a value about
//! to be sent as JSON: serde_json writes it as `null`, which the receiver
//! reads as absent, so a request body or a mock's answer would not say what
//! the caller gave.

use std::fmt;

use serde::ser::{self, Serialize};

/// `value` as JSON, or why it cannot be sent: the place of a non-finite
/// float, or what serde_json refused. The value is walked for such floats
/// only when the JSON holds a `null`, which is how serde_json writes them.
pub(crate) fn to_json<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, String> {
    let bytes = serde_json::to_vec(value).map_err(|e| format!("cannot be encoded as JSON: {e}"))?;
    if bytes.windows(4).any(|w| w == b"null") {
        check(value)?;
    }
    Ok(bytes)
}

/// Fails with the place of the first non-finite float in `value` (`$.a[2].b`).
pub(crate) fn check<T: Serialize + ?Sized>(value: &T) -> Result<(), String> {
    let mut path = Vec::new();
    value.serialize(Finder { path: &mut path }).map_err(|e| e.0)
}

#[derive(Debug)]
pub(crate) struct Found(String);

impl fmt::Display for Found {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Found {}

impl ser::Error for Found {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Found(msg.to_string())
    }
}

/// A segment of the path to a value: a field or key, or an index.
enum Step {
    Key(String),
    Index(usize),
}

fn place(path: &[Step]) -> String {
    let mut out = String::from("$");
    for step in path {
        match step {
            Step::Key(key) => {
                out.push('.');
                out.push_str(key);
            }
            Step::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

struct Finder<'a> {
    path: &'a mut Vec<Step>,
}

impl Finder<'_> {
    fn float(self, value: f64) -> Result<(), Found> {
        if value.is_finite() {
            Ok(())
        } else {
            Err(Found(format!("{value} at {} cannot be sent as JSON (serde_json would write null)", place(self.path))))
        }
    }

    fn within<T: Serialize + ?Sized>(&mut self, step: Step, value: &T) -> Result<(), Found> {
        self.path.push(step);
        let result = value.serialize(Finder { path: self.path });
        self.path.pop();
        result
    }
}

/// The elements of a sequence, map, struct or variant.
struct Compound<'a> {
    finder: Finder<'a>,
    index: usize,
    key: Option<String>,
}

impl<'a> Compound<'a> {
    fn new(finder: Finder<'a>) -> Self {
        Compound { finder, index: 0, key: None }
    }

    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Found> {
        let step = Step::Index(self.index);
        self.index += 1;
        self.finder.within(step, value)
    }

    fn field<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) -> Result<(), Found> {
        self.finder.within(Step::Key(name.to_owned()), value)
    }
}

impl<'a> ser::Serializer for Finder<'a> {
    type Ok = ();
    type Error = Found;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Compound<'a>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = Compound<'a>;

    fn serialize_f32(self, v: f32) -> Result<(), Found> {
        self.float(f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> Result<(), Found> {
        self.float(v)
    }
    fn serialize_bool(self, _: bool) -> Result<(), Found> {
        Ok(())
    }
    fn serialize_i8(self, _: i8) -> Result<(), Found> {
        Ok(())
    }
    fn serialize_i16(self, _: i16) -> Result<(), Found> {
        Ok(())
    }
    fn serialize_i32(self, _: i32) -> Result<(), Found> {
        Ok(())
    }
    fn serialize_i64(self, _: i64) -> Result<(), Found> {
        Ok(())
    }
    fn serialize_u8(self, _: u8) -> Result<(), Found> {
        Ok(())
    }
    fn serialize_u16(self, _: u16) -> Result<(), Found> {
        Ok(())
    }
    fn serialize_u32(self, _: u32) -> Result<(), Found> {
        Ok(())
    }
    fn serialize_u64(self, _: u64) -> Result<(), Found> {
        Ok(())
    }
    fn serialize_char(self, _: char) -> Result<(), Found> {
        Ok(())
    }
    fn serialize_str(self, _: &str) -> Result<(), Found> {
        Ok(())
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), Found> {
        Ok(())
    }
    fn serialize_none(self) -> Result<(), Found> {
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Found> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Found> {
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Found> {
        Ok(())
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, _: &'static str) -> Result<(), Found> {
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Result<(), Found> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        mut self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Found> {
        self.within(Step::Key(variant.to_owned()), value)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Compound<'a>, Found> {
        Ok(Compound::new(self))
    }
    fn serialize_tuple(self, _: usize) -> Result<Compound<'a>, Found> {
        Ok(Compound::new(self))
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Compound<'a>, Found> {
        Ok(Compound::new(self))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Compound<'a>, Found> {
        self.path.push(Step::Key(variant.to_owned()));
        Ok(Compound { key: Some(variant.to_owned()), ..Compound::new(self) })
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Compound<'a>, Found> {
        Ok(Compound::new(self))
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Compound<'a>, Found> {
        Ok(Compound::new(self))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Compound<'a>, Found> {
        self.path.push(Step::Key(variant.to_owned()));
        Ok(Compound { key: Some(variant.to_owned()), ..Compound::new(self) })
    }
}

impl Compound<'_> {
    /// Ends a compound that is not a variant's.
    fn end_plain(self) -> Result<(), Found> {
        Ok(())
    }

    /// Ends a variant's compound: its name leaves the path.
    fn end_variant(self) -> Result<(), Found> {
        if self.key.is_some() {
            self.finder.path.pop();
        }
        Ok(())
    }
}

/// The compounds whose members are elements: counted, not named.
macro_rules! elements {
    ($($trait:ident :: $method:ident => $end:ident),* $(,)?) => {$(
        impl ser::$trait for Compound<'_> {
            type Ok = ();
            type Error = Found;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Found> {
                self.element(value)
            }
            fn end(self) -> Result<(), Found> {
                self.$end()
            }
        }
    )*};
}

elements!(
    SerializeSeq::serialize_element => end_plain,
    SerializeTuple::serialize_element => end_plain,
    SerializeTupleStruct::serialize_field => end_plain,
    SerializeTupleVariant::serialize_field => end_variant,
);

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = Found;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Found> {
        // A key is named as JSON writes it: a string as it is, else its JSON text.
        let text = match serde_json::to_value(key) {
            Ok(serde_json::Value::String(s)) => s,
            Ok(other) => other.to_string(),
            Err(_) => "?".to_owned(),
        };
        self.key = Some(text);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Found> {
        let key = self.key.take().unwrap_or_default();
        self.field(&key, value)
    }
    fn end(self) -> Result<(), Found> {
        Ok(())
    }
}

impl ser::SerializeStruct for Compound<'_> {
    type Ok = ();
    type Error = Found;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) -> Result<(), Found> {
        self.field(name, value)
    }
    fn end(self) -> Result<(), Found> {
        Ok(())
    }
}

impl ser::SerializeStructVariant for Compound<'_> {
    type Ok = ();
    type Error = Found;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) -> Result<(), Found> {
        self.field(name, value)
    }
    fn end(self) -> Result<(), Found> {
        self.end_variant()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::check;

    #[derive(serde::Serialize)]
    struct Point {
        label: String,
        score: Option<f64>,
        history: Vec<f32>,
        extra: BTreeMap<String, f64>,
    }

    #[derive(serde::Serialize)]
    enum Shape {
        Circle { radius: f64 },
        Pair(f64, f64),
    }

    #[test]
    fn non_finite_floats_are_found_with_their_place() {
        let point = |score, history: Vec<f32>, extra: f64| Point {
            label: "p".to_owned(),
            score,
            history,
            extra: BTreeMap::from([("k".to_owned(), extra)]),
        };
        assert_eq!(check(&point(Some(1.5), vec![1.0], 0.0)), Ok(()));
        assert_eq!(check(&point(None, vec![], -0.0)), Ok(()));
        assert_eq!(
            check(&point(Some(f64::NAN), vec![], 0.0)),
            Err("NaN at $.score cannot be sent as JSON (serde_json would write null)".to_owned())
        );
        assert!(check(&point(None, vec![1.0, f32::INFINITY], 0.0)).is_err_and(|e| e.starts_with("inf at $.history[1]")));
        assert!(check(&point(None, vec![], f64::NEG_INFINITY)).is_err_and(|e| e.starts_with("-inf at $.extra.k")));
        assert!(
            check(&vec![Shape::Circle { radius: f64::NAN }]).is_err_and(|e| e.starts_with("NaN at $[0].Circle.radius"))
        );
        assert!(check(&Shape::Pair(1.0, f64::NAN)).is_err_and(|e| e.starts_with("NaN at $.Pair[1]")));
        assert_eq!(check(&serde_json::json!({ "a": [1.5, null] })), Ok(()));
    }
}
