//! Documented limits of the values a request sends, checked at every depth
//! before sending: integer ranges, array lengths, the values of closed
//! enums and the sets of fields an object needs one of, in a body's nested objects, arrays and maps as at its top.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::sync::{Mutex, OnceLock};

use crate::error::ValidationError;

/// Where a value sits in what a request sends (`items[2].quantity`); made
/// as the check descends, written out only for an error.
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub enum Place<'a> {
    /// The value checked: a parameter, or (`""`) the body.
    Root(&'a str),
    /// A field of an object.
    Field(&'a Place<'a>, &'a str),
    /// An item of an array.
    Index(&'a Place<'a>, usize),
    /// A value of a map.
    Key(&'a Place<'a>, &'a str),
}

impl<'a> Place<'a> {
    /// The field `name` of the object here.
    pub fn field(&'a self, name: &'a str) -> Place<'a> {
        Place::Field(self, name)
    }
}

impl fmt::Display for Place<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::Root(name) => f.write_str(name),
            Place::Field(Place::Root(""), name) => f.write_str(name),
            Place::Field(parent, name) => write!(f, "{parent}.{name}"),
            Place::Index(parent, i) => write!(f, "{parent}[{i}]"),
            Place::Key(parent, key) => write!(f, "{parent}[{key:?}]"),
        }
    }
}

/// A value whose documented limits can be checked: generated for every type
/// that has limits at some depth, and for the containers that hold them.
#[doc(hidden)]
pub trait CheckLimits {
    /// The first limit the value (at `at`) or anything in it breaks.
    fn check_limits(&self, at: &Place<'_>) -> Result<(), ValidationError>;
}

impl<T: CheckLimits + ?Sized> CheckLimits for Box<T> {
    fn check_limits(&self, at: &Place<'_>) -> Result<(), ValidationError> {
        (**self).check_limits(at)
    }
}

impl<T: CheckLimits> CheckLimits for Option<T> {
    fn check_limits(&self, at: &Place<'_>) -> Result<(), ValidationError> {
        self.as_ref().map_or(Ok(()), |v| v.check_limits(at))
    }
}

impl<T: CheckLimits> CheckLimits for Vec<T> {
    fn check_limits(&self, at: &Place<'_>) -> Result<(), ValidationError> {
        self.iter().enumerate().try_for_each(|(i, v)| v.check_limits(&Place::Index(at, i)))
    }
}

impl<T: CheckLimits> CheckLimits for BTreeMap<String, T> {
    fn check_limits(&self, at: &Place<'_>) -> Result<(), ValidationError> {
        self.iter().try_for_each(|(k, v)| v.check_limits(&Place::Key(at, k)))
    }
}

fn error(at: &Place<'_>, reason: String) -> ValidationError {
    ValidationError::new(at.to_string(), reason)
}

/// Checks that an integer lies in `min..=max`.
#[doc(hidden)]
pub fn check_range(
    at: &Place<'_>,
    value: Option<i64>,
    min: Option<i64>,
    max: Option<i64>,
) -> Result<(), ValidationError> {
    let Some(value) = value else { return Ok(()) };
    if min.is_some_and(|min| value < min) || max.is_some_and(|max| value > max) {
        let bound = |b: Option<i64>| b.map(|b| b.to_string()).unwrap_or_default();
        return Err(error(at, format!("is {value}, outside the range {}..={}", bound(min), bound(max))));
    }
    Ok(())
}

/// Checks that `items` (when present) has at least `min` and at most `max` elements.
#[doc(hidden)]
pub fn check_item_count<T>(
    at: &Place<'_>,
    items: Option<&[T]>,
    min: Option<usize>,
    max: Option<usize>,
) -> Result<(), ValidationError> {
    check_count(at, items.map(<[T]>::len), min, max, "items")
}

/// Checks that `map` (when present) has at least `min` and at most `max` entries.
#[doc(hidden)]
pub fn check_entry_count<V>(
    at: &Place<'_>,
    map: Option<&BTreeMap<String, V>>,
    min: Option<usize>,
    max: Option<usize>,
) -> Result<(), ValidationError> {
    check_count(at, map.map(BTreeMap::len), min, max, "entries")
}

/// Checks a count of `what` (items, entries) against its bounds.
fn check_count(
    at: &Place<'_>,
    count: Option<usize>,
    min: Option<usize>,
    max: Option<usize>,
    what: &str,
) -> Result<(), ValidationError> {
    match (count, min, max) {
        (Some(n), _, Some(max)) if n > max => Err(error(at, format!("has {n} {what}, more than the {max} allowed"))),
        (Some(n), Some(min), _) if n < min => Err(error(at, format!("has {n} {what}, fewer than the {min} needed"))),
        _ => Ok(()),
    }
}

/// Checks that every key of `map` (when present) has from `min` to `max`
/// characters and matches `pattern` (anywhere in it, as JSON Schema's
/// `propertyNames` do).
#[doc(hidden)]
pub fn check_keys<V>(
    at: &Place<'_>,
    map: Option<&BTreeMap<String, V>>,
    pattern: Option<&'static str>,
    min: Option<usize>,
    max: Option<usize>,
) -> Result<(), ValidationError> {
    for key in map.into_iter().flat_map(BTreeMap::keys) {
        let chars = key.chars().count();
        if min.is_some_and(|min| chars < min) || max.is_some_and(|max| chars > max) {
            let bound = |b: Option<usize>| b.map(|b| b.to_string()).unwrap_or_default();
            let what = format!("has the key {key:?} of {chars} characters, outside {}..={}", bound(min), bound(max));
            return Err(error(at, what));
        }
        if let Some(pattern) = pattern.filter(|p| !matches(p, key)) {
            return Err(error(at, format!("has the key {key:?}, which does not match `{pattern}`")));
        }
    }
    Ok(())
}

/// Whether `text` matches `pattern` somewhere; each pattern is compiled
/// once. One the regex engine cannot compile (the generator parses every
/// pattern, so none should) checks nothing.
fn matches(pattern: &'static str, text: &str) -> bool {
    static COMPILED: OnceLock<Mutex<HashMap<&'static str, Option<regex::Regex>>>> = OnceLock::new();
    let mut compiled = COMPILED.get_or_init(Mutex::default).lock().unwrap_or_else(|e| e.into_inner());
    let regex = compiled.entry(pattern).or_insert_with(|| regex::Regex::new(pattern).ok());
    regex.as_ref().is_none_or(|regex| regex.is_match(text))
}

/// Checks that an enum value is one the API accepts (`known`), listing them otherwise.
#[doc(hidden)]
pub fn check_one_of(at: &Place<'_>, known: bool, allowed: &str) -> Result<(), ValidationError> {
    match known {
        true => Ok(()),
        false => Err(error(at, format!("must be one of {allowed}"))),
    }
}

/// Checks that an object has the sets of fields its type needs: `complete`
/// says of each set whether all its fields are present; at least one must
/// be, or with `exactly_one` one alone. `needs` names them for the error.
#[doc(hidden)]
pub fn check_field_sets(
    at: &Place<'_>,
    complete: &[bool],
    exactly_one: bool,
    needs: &str,
) -> Result<(), ValidationError> {
    match complete.iter().filter(|c| **c).count() {
        0 => Err(error(at, format!("must have {needs}"))),
        n if exactly_one && n > 1 => Err(error(at, format!("must have {needs}, and has {n} of them"))),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Quantity(i64);

    impl CheckLimits for Quantity {
        fn check_limits(&self, at: &Place<'_>) -> Result<(), ValidationError> {
            check_range(&at.field("quantity"), Some(self.0), Some(1), Some(10))
        }
    }

    #[test]
    fn the_place_of_a_nested_value_is_named() {
        let lines = vec![Quantity(1), Quantity(0)];
        let error = lines.check_limits(&Place::Root("")).unwrap_err();
        assert_eq!((error.field.as_str(), error.reason.as_str()), ("[1].quantity", "is 0, outside the range 1..=10"));
        let map = BTreeMap::from([("a b".to_owned(), Some(Box::new(Quantity(11))))]);
        let root = Place::Root("orders");
        assert_eq!(map.check_limits(&root.field("lines")).unwrap_err().field, r#"orders.lines["a b"].quantity"#);
        assert!(vec![Quantity(5)].check_limits(&root).is_ok() && None::<Quantity>.check_limits(&root).is_ok());
        assert!(check_item_count(&root, Some(&[1, 2, 3][..]), None, Some(2)).unwrap_err().reason.contains("3 items"));
        let few = check_item_count(&root, Some(&[1][..]), Some(2), Some(5)).unwrap_err();
        assert_eq!(few.reason, "has 1 items, fewer than the 2 needed");
        assert!(check_item_count::<u8>(&root, None, Some(2), None).is_ok(), "an absent array is not checked");
        let map = BTreeMap::from([("a".to_owned(), 1), ("bad key".to_owned(), 2)]);
        let err = check_entry_count(&root, Some(&map), None, Some(1)).unwrap_err();
        assert!(err.reason.contains("2 entries, more than the 1 allowed"), "{err}");
        assert!(check_entry_count(&root, Some(&map), Some(3), None).unwrap_err().reason.contains("fewer than the 3"));
        let err = check_keys(&root, Some(&map), Some("^[a-z]+$"), None, None).unwrap_err();
        assert!(err.reason.contains("\"bad key\", which does not match"), "{err}");
        let err = check_keys(&root, Some(&map), None, Some(2), None).unwrap_err();
        assert!(err.reason.contains("\"a\" of 1 characters, outside 2..="), "{err}");
        assert!(check_keys(&root, Some(&map), Some("[a-z]"), Some(1), Some(7)).is_ok(), "unanchored, as JSON Schema's");
        assert!(check_keys::<u8>(&root, None, Some("^x$"), Some(5), None).is_ok(), "an absent map is not checked");
        assert_eq!(check_one_of(&root, false, "a, b").unwrap_err().to_string(), "`orders` must be one of a, b");
    }

    #[test]
    fn sets_of_fields_need_one_present_in_full_and_with_exactly_one_no_other() {
        let at = Place::Root("image");
        let needs = "exactly one of `url`, `file_id`";
        assert!(check_field_sets(&at, &[true, false], true, needs).is_ok());
        let none = check_field_sets(&at, &[false, false], true, needs).unwrap_err();
        assert_eq!(none.to_string(), "`image` must have exactly one of `url`, `file_id`");
        let both = check_field_sets(&at, &[true, true], true, needs).unwrap_err();
        assert!(both.reason.ends_with("and has 2 of them"), "{}", both.reason);
        assert!(check_field_sets(&at, &[true, true], false, "at least one of `a`, `b`").is_ok());
    }
}
