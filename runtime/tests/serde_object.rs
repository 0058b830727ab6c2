//! `serde_object!` reads and writes every value as serde's derives do with
//! the field attributes the generator wrote before it: the same values from
//! the same objects, an error for the same inputs, the same JSON out.

use serde::{Deserialize, Serialize};

/// The derives, with the attributes the generator gave object types before.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Derived {
    id: String,
    #[serde(rename = "Display-Name")]
    display_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    count: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "specgen_runtime::double_option")]
    note: Option<Option<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    child: Option<Box<Derived>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    tags: Option<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq)]
struct Macro {
    id: String,
    display_name: Option<String>,
    count: Option<i64>,
    note: Option<Option<String>>,
    child: Option<Box<Macro>>,
    tags: Option<Vec<String>>,
}

specgen_runtime::serde_object!(Macro {
    id: "id" required,
    display_name: "Display-Name" nullable,
    count: "count" optional,
    note: "note" optional_nullable,
    child: "child" optional,
    tags: "tags" optional,
});

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct EmptyDerived {}

#[derive(Debug, PartialEq)]
struct EmptyMacro {}

specgen_runtime::serde_object!(EmptyMacro {});

impl From<Derived> for Macro {
    fn from(d: Derived) -> Macro {
        Macro {
            id: d.id,
            display_name: d.display_name,
            count: d.count,
            note: d.note,
            child: d.child.map(|c| Box::new(Macro::from(*c))),
            tags: d.tags,
        }
    }
}

const INPUTS: &[&str] = &[
    r#"{"id": "a"}"#,
    r#"{"id": "a", "Display-Name": "A", "count": 3, "note": "n", "tags": ["x", "y"]}"#,
    r#"{"id": "a", "Display-Name": null, "count": null, "note": null, "child": null, "tags": null}"#,
    r#"{"id": "a", "child": {"id": "b", "note": null, "child": {"id": "c"}}}"#,
    r#"{"id": "a", "unknown": {"deep": [1, {"x": null}]}, "another": 1}"#,
    r#"{"i\u0064": "escaped key", "note": "with \"escapes\""}"#,
    r#"{"Display-Name": "no id"}"#,
    r#"{"id": null}"#,
    r#"{"id": 1}"#,
    r#"{"id": "a", "count": "3"}"#,
    r#"{"id": "a", "tags": "x"}"#,
    r#"{"id": "a", "child": {"note": 1}}"#,
    r#"{"id": "a", "id": "b"}"#,
    r#"{"id": "a", "note": null, "note": "again"}"#,
    r#"{"display_name": "the Rust name is not the wire name", "id": "a"}"#,
    r#"[]"#,
    r#""text""#,
    r#"null"#,
    r#"{"id": "a""#,
];

#[test]
fn reads_what_the_derive_reads_and_refuses_what_it_refuses() {
    for input in INPUTS {
        let derived = serde_json::from_str::<Derived>(input).map(Macro::from);
        let ours = serde_json::from_str::<Macro>(input);
        match (&derived, &ours) {
            (Ok(d), Ok(m)) => {
                assert_eq!(d, m, "{input}");
                let derived_json = serde_json::to_string(&serde_json::from_str::<Derived>(input).unwrap()).unwrap();
                assert_eq!(serde_json::to_string(m).unwrap(), derived_json, "{input}");
            }
            (Err(d), Err(m)) => {
                // The message names the same problem (positions may differ).
                let what =
                    |e: &serde_json::Error| e.to_string().split(" at line").next().unwrap_or_default().to_owned();
                if !input.starts_with('[') {
                    assert_eq!(what(d), what(m).replace("struct Macro", "struct Derived"), "{input}");
                }
            }
            _ => panic!("{input}: derive gave {derived:?}, the macro {ours:?}"),
        }
    }
    for input in [r#"{}"#, r#"{"x": 1}"#, r#"[]"#, r#"1"#] {
        let derived = serde_json::from_str::<EmptyDerived>(input).is_ok();
        let ours = serde_json::from_str::<EmptyMacro>(input).is_ok();
        assert_eq!(derived && !input.starts_with('['), ours, "{input}");
    }
    assert_eq!(serde_json::to_string(&EmptyMacro {}).unwrap(), serde_json::to_string(&EmptyDerived {}).unwrap());
}

#[test]
fn a_value_read_from_an_owned_reader_matches_one_read_from_text() {
    // `from_reader` hands keys over as owned strings rather than borrowed ones.
    let input = INPUTS[1];
    let from_text: Macro = serde_json::from_str(input).unwrap();
    let from_reader: Macro = serde_json::from_reader(input.as_bytes()).unwrap();
    assert_eq!(from_text, from_reader);
    let value: serde_json::Value = serde_json::from_str(input).unwrap();
    assert_eq!(serde_json::from_value::<Macro>(value).unwrap(), from_text);
}

/// Fields named like the macro's own variables stay apart from them.
#[allow(clippy::derive_partial_eq_without_eq)]
#[derive(Debug, PartialEq)]
struct Shadowing {
    map: i64,
    key: Option<i64>,
    deserializer: Option<Option<i64>>,
    f: i64,
    r#type: i64,
}

specgen_runtime::serde_object!(Shadowing {
    map: "map" required,
    key: "key" optional,
    deserializer: "deserializer" optional_nullable,
    f: "f" required,
    r#type: "type" required,
});

#[test]
fn fields_named_like_the_macros_variables_are_read() {
    let value: Shadowing =
        serde_json::from_str(r#"{"map": 1, "key": 2, "deserializer": null, "f": 3, "type": 4}"#).unwrap();
    assert_eq!(value, Shadowing { map: 1, key: Some(2), deserializer: Some(None), f: 3, r#type: 4 });
    assert_eq!(serde_json::to_string(&value).unwrap(), r#"{"map":1,"key":2,"deserializer":null,"f":3,"type":4}"#);
}
