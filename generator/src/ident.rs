//! Rust identifiers from wire names: case conversion with `heck`, then repair of
//! whatever would not be a valid identifier (keywords, leading digits, symbols).

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Words that cannot be identifiers as they are (strict, reserved and 2024 keywords).
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern", "false", "fn",
    "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self",
    "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where", "while", "abstract",
    "become", "box", "do", "final", "macro", "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// Keeps the characters Rust allows inside identifiers (Unicode XID_Continue:
/// letters and digits of any script, `_`), so heck sees everything else (`-`,
/// `.`, `²`, spaces) as word breaks.
fn words(name: &str) -> String {
    name.chars().map(|c| if unicode_ident::is_xid_continue(c) { c } else { ' ' }).collect()
}

fn repair(mut ident: String, prefix: &str) -> String {
    if ident.is_empty() || ident == "_" {
        ident = prefix.to_owned();
    }
    // A first character that may continue an identifier but not start one
    // (a digit, a combining mark) gets the prefix.
    if ident.chars().next().is_some_and(|c| c != '_' && !unicode_ident::is_xid_start(c)) {
        ident = format!("{prefix}{ident}");
    }
    if KEYWORDS.contains(&ident.as_str()) {
        ident.push('_');
    }
    ident
}

/// Whether `name` is a Rust keyword (strict, reserved or of the 2024 edition).
pub fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name)
}

/// Keywords that cannot be raw identifiers either.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super"];

/// A module name as Rust code writes it: the name itself, or for a keyword
/// the raw identifier (`box` → `r#box`), which names the same folder.
pub fn module_path(name: &str) -> String {
    if is_keyword(name) && !NOT_RAW.contains(&name) {
        format!("r#{name}")
    } else {
        name.to_owned()
    }
}

/// Whether `name` can name a module: an identifier, or a keyword written as
/// a raw identifier.
pub fn is_module_name(name: &str) -> bool {
    is_rust_ident(name) || (is_keyword(name) && !NOT_RAW.contains(&name))
}

/// Whether `name` is an identifier that Rust accepts as it is: XID_Start or
/// `_` first, XID_Continue after, not `_` alone and not a keyword.
pub fn is_rust_ident(name: &str) -> bool {
    let mut chars = name.chars();
    let Some(first) = chars.next() else { return false };
    (first == '_' || unicode_ident::is_xid_start(first))
        && chars.all(unicode_ident::is_xid_continue)
        && name != "_"
        && !KEYWORDS.contains(&name)
}

/// A field, parameter, method or module name: `clipId` → `clip_id`, `type` → `type_`.
pub fn snake(name: &str) -> String {
    repair(words(name).to_snake_case(), "n")
}

/// Prelude names that a generated type must not shadow: the emitted code uses them.
/// Every type and trait name of the Rust 2021 prelude: a spec type named
/// `from` must not shadow `From`, which the runtime's macros implement.
const PRELUDE_TYPES: &[&str] = &[
    "AsMut",
    "AsRef",
    "Box",
    "Clone",
    "Copy",
    "Default",
    "DoubleEndedIterator",
    "Drop",
    "Eq",
    "Err",
    "ExactSizeIterator",
    "Extend",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "FromIterator",
    "Into",
    "IntoIterator",
    "Iterator",
    "None",
    "Ok",
    "Option",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Result",
    "Send",
    "Sized",
    "Some",
    "String",
    "Sync",
    "ToOwned",
    "ToString",
    "TryFrom",
    "TryInto",
    "Unpin",
    "Vec",
];

/// A type name: like [`camel`], and `Result` becomes `Result_` so the prelude stays usable.
pub fn type_name(name: &str) -> String {
    let ident = camel(name);
    if PRELUDE_TYPES.contains(&ident.as_str()) {
        format!("{ident}_")
    } else {
        ident
    }
}

/// A type or variant name: `share_scope` → `ShareScope`, `SAME_ORGANIZATON` → `SameOrganizaton`.
pub fn camel(name: &str) -> String {
    repair(words(name).to_upper_camel_case(), "V")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn awkward_names() {
        assert_eq!(snake("clipId"), "clip_id");
        assert_eq!(snake("type"), "type_");
        assert_eq!(snake("self"), "self_");
        assert_eq!(snake("api-domain"), "api_domain");
        assert_eq!(snake("2fa"), "n2fa");
        assert_eq!(camel("SAME_ORGANIZATON"), "SameOrganizaton");
        assert_eq!(camel("com.au"), "ComAu");
        assert_eq!(camel("Self"), "Self_");
        assert_eq!(camel("1080p"), "V1080p");
        assert_eq!(camel("--"), "V");
        assert_eq!(type_name("result"), "Result_");
        assert_eq!(type_name("Clip"), "Clip");
        assert_eq!(type_name("from"), "From_");
        // Not every alphanumeric character is an identifier character.
        assert_eq!(snake("x²"), "x");
        assert_eq!(snake("²"), "n");
        assert_eq!(snake("größe"), "größe");
        assert_eq!(camel("½ price"), "Price");
        assert_eq!(snake("\u{0301}accent"), "accent");
        assert_eq!(snake("_"), "n");
        for name in ["x²", "²", "größe", "½", "a\u{0301}", "\u{0301}", "Ⅻ", "٣٤", "_", "type", "日本語", "🙂"]
        {
            assert!(is_rust_ident(&snake(name)), "{name:?} → {:?}", snake(name));
            assert!(is_rust_ident(&camel(name)), "{name:?} → {:?}", camel(name));
        }
        assert!(!is_rust_ident("x²") && !is_rust_ident("1a") && !is_rust_ident("fn") && is_rust_ident("größe"));
    }
}
