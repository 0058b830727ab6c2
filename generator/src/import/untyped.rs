//! YAML documents read as JSON values, the way a YAML 1.2 parser reads them:
//! anchors and aliases, merge keys (`<<`), any scalar as a map key (`200:`
//! becomes `"200"`), a byte-order mark, very long lines, and integers beyond
//! 64 bits read as JSON reads them (as the nearest float) instead of making
//! the whole document unreadable; `.nan` and `.inf`, which JSON cannot hold,
//! stay text.

use std::fmt;

use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

/// Parses a YAML document into JSON values.
pub fn parse_yaml(text: &str) -> Result<Value, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut options = serde_saphyr::options::Options::default();
    if let Some(budget) = options.budget.as_mut() {
        // A vendor's document is large; the size limit on the file bounds these.
        budget.max_events = usize::MAX;
        budget.max_nodes = usize::MAX;
        budget.max_total_scalar_bytes = usize::MAX;
    }
    options.with_snippet = false;
    // YAML 1.2: `yes`, `no`, `on` and `017` are strings.
    options.strict_booleans = true;
    options.leading_zero_numbers_as_strings = true;
    // JSON has no NaN or infinity: `.nan` and `.inf` stay the text they are.
    options.non_finite_float_policy = serde_saphyr::options::NonFiniteFloatPolicy::AsString;
    serde_saphyr::from_str_with_options::<Json>(text, options).map(|json| json.0).map_err(|e| e.to_string())
}

/// A JSON value deserialized from YAML.
struct Json(Value);

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValueVisitor).map(Json)
    }
}

/// A number JSON can hold: an integer as it is when it fits 64 bits, else the
/// nearest float (what a JSON parser gives for the same digits); a float
/// that is not finite (`.nan`, `.inf`) is null, which JSON has instead.
fn float(value: f64) -> Value {
    Number::from_f64(value).map_or(Value::Null, Value::Number)
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }
    fn visit_i128<E>(self, v: i128) -> Result<Value, E> {
        Ok(match (i64::try_from(v), u64::try_from(v)) {
            (Ok(v), _) => Value::Number(v.into()),
            (_, Ok(v)) => Value::Number(v.into()),
            _ => float(v as f64),
        })
    }
    fn visit_u128<E>(self, v: u128) -> Result<Value, E> {
        Ok(u64::try_from(v).map_or_else(|_| float(v as f64), |v| Value::Number(v.into())))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(Json(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key_seed(KeySeed)? {
            let Json(value) = map.next_value()?;
            out.insert(key, value);
        }
        Ok(Value::Object(out))
    }
}

/// A map key as the text JSON gives it: a string as it is, a number, boolean
/// or null as written (`200`, `true`, `null`).
struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = String;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<String, D::Error> {
        match deserializer.deserialize_any(ValueVisitor)? {
            Value::String(s) => Ok(s),
            Value::Null => Ok("null".to_owned()),
            Value::Bool(b) => Ok(b.to_string()),
            Value::Number(n) => Ok(n.to_string()),
            other => Err(de::Error::custom(format!("a map key is not a scalar: {other}"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::parse_yaml;

    #[test]
    fn what_a_yaml_1_2_parser_reads_is_read() {
        let text = "\u{feff}openapi: 3.1.0\n\
                    big: -9223372036854776000\n\
                    huge: 340282366920938463463374607431768211455\n\
                    max: 18446744073709551615\n\
                    base: &base {type: integer, minimum: 1}\n\
                    merged: {<<: *base, maximum: 9}\n\
                    alias: *base\n\
                    200: ok\n\
                    true: yes\n\
                    zero: 017\n\
                    nan: .nan\n";
        let value = parse_yaml(text).expect("it reads");
        assert_eq!(value["openapi"], "3.1.0");
        assert_eq!(value["big"], json!(-9223372036854776000.0_f64), "as JSON reads the same digits");
        assert_eq!(value["big"], serde_json::from_str::<serde_json::Value>("-9223372036854776000").unwrap());
        assert_eq!(value["huge"].as_f64(), Some(3.402823669209385e38));
        assert_eq!(value["max"], json!(u64::MAX));
        assert_eq!(value["merged"], json!({ "type": "integer", "minimum": 1, "maximum": 9 }));
        assert_eq!(value["alias"], json!({ "type": "integer", "minimum": 1 }));
        assert_eq!(value["200"], "ok");
        assert_eq!(value["true"], "yes");
        assert_eq!(value["zero"], "017");
        assert_eq!(value["nan"], ".nan");
        let long = format!("a: {}\n", "x".repeat(2_000_000));
        assert_eq!(parse_yaml(&long).expect("a long line")["a"].as_str().map(str::len), Some(2_000_000));
    }
}
