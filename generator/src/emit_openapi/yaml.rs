//! YAML text for the OpenAPI documents, written from `serde_json` values in
//! the block layout and scalar styles of `serde_yaml` (libyaml's emitter
//! with unlimited width), at a small fraction of its cost: a large document
//! is thousands of small entries, and each `serde_yaml` call builds an
//! emitter of its own.
//!
//! The styles, as `serde_yaml` chooses them: a string with a line feed is a
//! literal block (`|`); a string a YAML reader would take for something else
//! (`true`, `null`, `12`, `0x1F`, `1e3`, `007`, the empty string) is single
//! quoted; anything else is plain when libyaml's analysis allows it, else
//! single quoted, else double quoted with escapes. Two departures, both where
//! libyaml's output does not read back as written: a string holding one of
//! the line separators U+2028 and U+2029 is double quoted (libyaml writes them
//! raw and indents after them), and a literal block that keeps its trailing
//! line feeds (`|+`) is not followed by a `...` document end line; and a
//! number written with digit separators (`1_000`), which `serde_yaml` reads
//! as a string and YAML 1.1 readers as a number, is quoted.

use serde_json::{Map, Value};

/// Keys longer than this (in bytes) are written in the explicit `? key` form.
const SIMPLE_KEY_MAX: usize = 128;

/// `value` as a YAML document after `out` (which ends with a line feed or is empty).
pub(super) fn document(out: &mut String, value: &Value) {
    match value {
        Value::Object(map) if !map.is_empty() => entries(out, map, 0, false),
        Value::Array(items) if !items.is_empty() => items_of(out, items, 0, false),
        // A root scalar's literal block sits one indent in.
        other => leaf(out, other, 2),
    }
    end_line(out);
}

/// `key: value` as one entry of a mapping whose keys are `indent` columns in,
/// as its own lines after `out` (which ends with a line feed).
pub(super) fn entry(out: &mut String, indent: usize, key: &str, value: &Value) {
    entry_at(out, indent, key, value, false);
    end_line(out);
}

/// Ends the last line, unless a literal block already did.
fn end_line(out: &mut String) {
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
}

/// Starts a line `indent` columns in, unless `inline` (the node follows `- `
/// or `: ` on the line already begun).
fn start(out: &mut String, indent: usize, inline: bool) {
    if inline {
        out.push(' ');
        return;
    }
    end_line(out);
    out.extend(std::iter::repeat_n(' ', indent));
}

/// The entries of a non-empty mapping with its keys at `indent`; the first
/// on the current line when `inline`.
fn entries(out: &mut String, map: &Map<String, Value>, indent: usize, inline: bool) {
    for (i, (key, value)) in map.iter().enumerate() {
        entry_at(out, indent, key, value, inline && i == 0);
    }
}

fn entry_at(out: &mut String, indent: usize, key: &str, value: &Value, inline: bool) {
    start(out, indent, inline);
    let analysis = Analysis::of(key);
    if key.len() <= SIMPLE_KEY_MAX && !analysis.line_breaks {
        scalar_text(out, key, indent + 2, true, &analysis);
        out.push(':');
        node(out, value, indent, false);
    } else {
        // The explicit form: `? key` and, on the next line, `: value`, whose
        // collection starts on that line.
        out.push('?');
        out.push(' ');
        scalar_text(out, key, indent + 2, false, &analysis);
        start(out, indent, false);
        out.push(':');
        node(out, value, indent, true);
    }
}

/// The items of a non-empty sequence with their `-` at `indent`; the first
/// on the current line when `inline`.
fn items_of(out: &mut String, items: &[Value], indent: usize, inline: bool) {
    for (i, item) in items.iter().enumerate() {
        start(out, indent, inline && i == 0);
        out.push('-');
        node(out, item, indent, true);
    }
}

/// A value after `key:` (`after_indicator` false) or after `-` or the `:` of
/// an explicit key (true), in a collection at `indent`. After `key:` a
/// mapping starts on the next line, two columns in, and a sequence on the
/// next line at the key's column; after an indicator both start on its line,
/// two columns in.
fn node(out: &mut String, value: &Value, indent: usize, after_indicator: bool) {
    match value {
        Value::Object(map) if !map.is_empty() => entries(out, map, indent + 2, after_indicator),
        Value::Array(items) if !items.is_empty() => {
            let at = if after_indicator { indent + 2 } else { indent };
            items_of(out, items, at, after_indicator)
        }
        other => {
            out.push(' ');
            leaf(out, other, indent + 2);
        }
    }
}

/// A value written on the current line: a string (a literal block's lines
/// `block_indent` columns in), null, a boolean, a number, or an empty
/// collection in flow style.
fn leaf(out: &mut String, value: &Value, block_indent: usize) {
    match value {
        Value::String(s) => scalar(out, s, block_indent, false),
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => match n.as_f64() {
            Some(f) if !n.is_i64() && !n.is_u64() => out.push_str(&float(f)),
            _ => out.push_str(&n.to_string()),
        },
        Value::Array(_) => out.push_str("[]"),
        Value::Object(_) => out.push_str("{}"),
    }
}

/// A float as `serde_yaml` writes one.
fn float(f: f64) -> String {
    if f.is_nan() {
        ".nan".to_owned()
    } else if f.is_infinite() {
        if f > 0.0 { ".inf" } else { "-.inf" }.to_owned()
    } else {
        ryu::Buffer::new().format_finite(f).to_owned()
    }
}

/// A string scalar; a literal block's lines sit `block_indent` columns in.
fn scalar(out: &mut String, s: &str, block_indent: usize, simple_key: bool) {
    scalar_text(out, s, block_indent, simple_key, &Analysis::of(s));
}

#[derive(Clone, Copy, PartialEq)]
enum Style {
    Plain,
    Single,
    Double,
    Literal,
}

fn scalar_text(out: &mut String, s: &str, block_indent: usize, simple_key: bool, a: &Analysis) {
    let requested = if s.contains('\n') {
        Style::Literal
    } else if reads_as_other_than_a_string(s) {
        Style::Single
    } else {
        Style::Plain
    };
    let mut style = requested;
    if simple_key && a.line_breaks {
        style = Style::Double;
    }
    if style == Style::Plain && (!a.block_plain_allowed() || (s.is_empty() && simple_key)) {
        style = Style::Single;
    }
    if style == Style::Single && !a.single_quoted_allowed() {
        style = Style::Double;
    }
    if style == Style::Literal && (!a.block_allowed() || simple_key) {
        style = Style::Double;
    }
    if a.separators {
        style = Style::Double;
    }
    match style {
        Style::Plain => out.push_str(s),
        Style::Single => {
            out.push('\'');
            for c in s.chars() {
                if c == '\'' {
                    out.push('\'');
                }
                out.push(c);
            }
            out.push('\'');
        }
        Style::Double => double_quoted(out, s),
        Style::Literal => literal(out, s, block_indent),
    }
}

/// What libyaml's scalar analysis finds in a string, for block context.
#[derive(Default)]
struct Analysis {
    empty: bool,
    block_indicators: bool,
    line_breaks: bool,
    special_characters: bool,
    leading_space: bool,
    leading_break: bool,
    trailing_space: bool,
    trailing_break: bool,
    break_space: bool,
    space_break: bool,
    /// U+2028 or U+2029.
    separators: bool,
}

impl Analysis {
    fn of(s: &str) -> Analysis {
        let mut a = Analysis { empty: s.is_empty(), ..Analysis::default() };
        if s.is_empty() {
            return a;
        }
        if s.starts_with("---") || s.starts_with("...") {
            a.block_indicators = true;
        }
        let (mut previous_space, mut previous_break) = (false, false);
        let mut preceded_by_whitespace = true;
        let mut chars = s.chars().peekable();
        let mut first = true;
        while let Some(c) = chars.next() {
            let next = chars.peek().copied();
            // The end of the string counts as white space.
            let followed_by_whitespace = next.is_none_or(|n| is_blank(n) || is_break(n));
            if first {
                if matches!(
                    c,
                    '#' | ',' | '[' | ']' | '{' | '}' | '&' | '*' | '!' | '|' | '>' | '\'' | '"' | '%' | '@' | '`'
                ) || (matches!(c, '?' | ':' | '-') && followed_by_whitespace)
                {
                    a.block_indicators = true;
                }
            } else if (c == ':' && followed_by_whitespace) || (c == '#' && preceded_by_whitespace) {
                a.block_indicators = true;
            }
            if !is_printable(c) {
                a.special_characters = true;
            }
            if matches!(c, '\u{2028}' | '\u{2029}') {
                a.separators = true;
            }
            let last = next.is_none();
            if c == ' ' {
                a.leading_space |= first;
                a.trailing_space |= last;
                a.break_space |= previous_break;
                (previous_space, previous_break) = (true, false);
            } else if is_break(c) {
                a.line_breaks = true;
                a.leading_break |= first;
                a.trailing_break |= last;
                a.space_break |= previous_space;
                (previous_space, previous_break) = (false, true);
            } else {
                (previous_space, previous_break) = (false, false);
            }
            preceded_by_whitespace = is_blank(c) || is_break(c);
            first = false;
        }
        a
    }

    fn block_plain_allowed(&self) -> bool {
        self.empty
            || !(self.leading_space
                || self.leading_break
                || self.trailing_space
                || self.trailing_break
                || self.break_space
                || self.space_break
                || self.special_characters
                || self.line_breaks
                || self.block_indicators)
    }

    fn single_quoted_allowed(&self) -> bool {
        !(self.break_space || self.space_break || self.special_characters)
    }

    fn block_allowed(&self) -> bool {
        !(self.empty || self.trailing_space || self.space_break || self.special_characters)
    }
}

fn is_blank(c: char) -> bool {
    c == ' ' || c == '\t'
}

fn is_break(c: char) -> bool {
    matches!(c, '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// The characters libyaml writes as they are (with its `unicode` option on).
fn is_printable(c: char) -> bool {
    matches!(c, '\n' | ' '..='~' | '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..) && c != '\u{FEFF}'
}

/// Whether `serde_yaml` would read the plain text as null, a boolean or a
/// number (or a string of digits with a leading zero), so that a string of
/// this text must be quoted.
fn reads_as_other_than_a_string(s: &str) -> bool {
    // Every such text starts with one of these (most strings do not).
    if !s.is_empty() && !s.starts_with(|c: char| c.is_ascii_digit() || "+-.~nNtTfF".contains(c)) {
        return false;
    }
    if matches!(s, "" | "~" | "null" | "Null" | "NULL" | "true" | "True" | "TRUE" | "false" | "False" | "FALSE") {
        return true;
    }
    // As `serde_yaml` reads a plain scalar: an unsigned integer (decimal,
    // `0x`, `0o` or `0b`, with an optional `+`), a negative one, then a float.
    let unsigned = s.strip_prefix('+').unwrap_or(s);
    let signless = |digits: &str| !digits.starts_with(['+', '-']);
    for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        let positive =
            unsigned.strip_prefix(prefix).is_some_and(|d| signless(d) && u128::from_str_radix(d, radix).is_ok());
        let negative = s
            .strip_prefix('-')
            .and_then(|n| n.strip_prefix(prefix))
            .is_some_and(|d| i128::from_str_radix(&format!("-{d}"), radix).is_ok());
        if positive || negative {
            return true;
        }
    }
    if digits_but_not_number(s) || separated_number(s) {
        return true;
    }
    if (signless(unsigned) && unsigned.parse::<u128>().is_ok()) || s.parse::<i128>().is_ok() {
        return true;
    }
    if s.starts_with('+') && !signless(unsigned) {
        return false;
    }
    matches!(unsigned, ".inf" | ".Inf" | ".INF")
        || matches!(s, "-.inf" | "-.Inf" | "-.INF" | ".nan" | ".NaN" | ".NAN")
        || unsigned.parse::<f64>().is_ok_and(f64::is_finite)
}

/// A number with digit separators (`1_000`, `0x_FF`, `1_000.5`), which YAML
/// 1.1 readers (and some 1.2 ones) read as a number and `serde_yaml` as a
/// string: quoted all the same, so every reader gets the string.
pub(crate) fn separated_number(s: &str) -> bool {
    if !s.contains('_') {
        return false;
    }
    let unsigned = s.strip_prefix(['-', '+']).unwrap_or(s);
    let digits: String = unsigned.chars().filter(|&c| c != '_').collect();
    let radix = |prefix: &str, radix: u32| {
        digits.strip_prefix(prefix).is_some_and(|d| !d.is_empty() && d.chars().all(|c| c.is_digit(radix)))
    };
    unsigned.starts_with(|c: char| c.is_ascii_digit() || c == '.')
        && (radix("0x", 16)
            || radix("0b", 2)
            || (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
            || (digits.contains('.') && digits.parse::<f64>().is_ok()))
}

/// Digits with a leading zero (`007`), which YAML 1.2 reads as a string but
/// older readers as a number.
/// Whether a reader other than `serde_yaml` may take the text for a number
/// `serde_yaml` reads as a string: digits with a leading zero (`0501`, octal
/// to YAML 1.1, a decimal to YAML 1.2 readers), or with digit separators.
pub(crate) fn number_to_some_reader(s: &str) -> bool {
    digits_but_not_number(s) || separated_number(s)
}

fn digits_but_not_number(s: &str) -> bool {
    let s = s.strip_prefix(['-', '+']).unwrap_or(s);
    s.len() > 1 && s.starts_with('0') && s[1..].bytes().all(|b| b.is_ascii_digit())
}

/// A double-quoted scalar, escaping what libyaml escapes.
fn double_quoted(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        if is_printable(c) && !is_break(c) && c != '"' && c != '\\' {
            out.push(c);
            continue;
        }
        out.push('\\');
        match c {
            '\0' => out.push('0'),
            '\u{7}' => out.push('a'),
            '\u{8}' => out.push('b'),
            '\t' => out.push('t'),
            '\n' => out.push('n'),
            '\u{b}' => out.push('v'),
            '\u{c}' => out.push('f'),
            '\r' => out.push('r'),
            '\u{1b}' => out.push('e'),
            '"' => out.push('"'),
            '\\' => out.push('\\'),
            '\u{85}' => out.push('N'),
            '\u{a0}' => out.push('_'),
            '\u{2028}' => out.push('L'),
            '\u{2029}' => out.push('P'),
            c if (c as u32) <= 0xFF => out.push_str(&format!("x{:02X}", c as u32)),
            c if (c as u32) <= 0xFFFF => out.push_str(&format!("u{:04X}", c as u32)),
            c => out.push_str(&format!("U{:08X}", c as u32)),
        }
    }
    out.push('"');
}

/// A literal block: `|`, an indentation hint when the text starts with a
/// space or a line break, a chomping hint (`-` without a final line feed,
/// `+` with more than one), then the lines `indent` columns in.
fn literal(out: &mut String, s: &str, indent: usize) {
    out.push('|');
    if s.starts_with([' ', '\n']) {
        out.push('2');
    }
    if !s.ends_with('\n') {
        out.push('-');
    } else if s == "\n" || s[..s.len() - 1].ends_with('\n') {
        out.push('+');
    }
    out.push('\n');
    let mut line_start = true;
    for c in s.chars() {
        if c == '\n' {
            out.push('\n');
            line_start = true;
        } else {
            if line_start {
                out.extend(std::iter::repeat_n(' ', indent));
            }
            out.push(c);
            line_start = false;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Ours and `serde_yaml`'s text of the same value.
    fn both(value: &Value) -> (String, String) {
        let mut ours = String::new();
        document(&mut ours, value);
        (ours, serde_yaml::to_string(value).expect("serde_yaml writes it"))
    }

    /// Strings that exercise every rule of the style choice.
    fn awkward_strings() -> Vec<String> {
        let mut out: Vec<String> = [
            "",
            " ",
            "a",
            "plain words",
            "true",
            "True",
            "FALSE",
            "yes",
            "no",
            "null",
            "~",
            "Null",
            "0",
            "007",
            "-007",
            "+1",
            "-1",
            "1.5",
            "1e3",
            "1e400",
            ".5",
            "1.",
            ".",
            "0x1F",
            "0o17",
            "0b101",
            "-0x1F",
            "0x",
            "0xZZ",
            "+-1",
            "++1",
            ".inf",
            "-.inf",
            ".NaN",
            "nan",
            "inf",
            "12345678901234567890123456789012345678901",
            "340282366920938463463374607431768211456",
            "-",
            "- a",
            "-a",
            "?",
            "? a",
            "?a",
            ":",
            ": a",
            "a:b",
            "a: b",
            "a:",
            "#",
            "a #b",
            "a#b",
            "[a]",
            "a[b]",
            "{a}",
            "a,b",
            "&a",
            "*a",
            "!a",
            "|a",
            ">a",
            "'a",
            "\"a",
            "%a",
            "@a",
            "`a",
            "a'b",
            "a\"b",
            "a\\b",
            "---",
            "--- a",
            "...",
            "a ",
            " a",
            "a  b",
            "a\tb",
            "\ta",
            "a\n",
            "a\nb",
            "a\n\nb",
            "a\n\n",
            "\n",
            "\na",
            " a\nb",
            "a \nb",
            "a\n b",
            "a\rb",
            "a\r\nb",
            "é",
            "a\u{85}b",
            "a\u{a0}b",
            "a\u{2028}b",
            "a\u{feff}b",
            "a\u{fffe}",
            "😀",
            "a\u{0}b",
            "a\u{7}\u{1b}",
            "/paths/{id}",
            "application/json",
            "#/components/schemas/A",
            "https://example.com/a?b=c#d",
            "it's",
            "200",
            "2XX",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        out.push("k".repeat(129));
        out.push("k".repeat(128));
        out
    }

    #[test]
    fn strings_are_written_as_serde_yaml_writes_them() {
        for s in awkward_strings() {
            if s.contains(['\u{2028}', '\u{2029}']) {
                continue;
            }
            for value in [json!(s), json!({ "k": s }), json!([s]), json!({ s.clone(): 1 }), json!([{ s.clone(): [s] }])]
            {
                let (ours, theirs) = both(&value);
                assert_eq!(ours, theirs, "for {s:?} in {value}");
            }
        }
    }

    #[test]
    fn nested_collections_are_laid_out_as_serde_yaml_lays_them_out() {
        let long = "k".repeat(130);
        let value = json!({
            "a": { "b": { "c": [1, 2.5, -3, true, null], "d": [] , "e": {} } },
            "f": [[1, [2, 3]], { "g": 1, "h": [4] }, [], {}, [{ "i": { "j": "k\nl" } }]],
            "text": "one\ntwo\n",
            "kept": "one\n\n",
            (long.clone()): { "m": 1 },
            (format!("{long}2")): [1, 2],
            (format!("{long}3")): "x\ny",
            "multi\nline key": 1,
            "after": "plain",
        });
        let (ours, theirs) = both(&value);
        assert_eq!(ours, theirs);
        // An entry, written into a mapping two columns in, is the document's
        // text of a one-entry mapping with every line but the empty ones indented.
        let mut ours = String::from("x:\n");
        entry(&mut ours, 2, "y", &value);
        let one = serde_yaml::to_string(&json!({ "y": value })).unwrap();
        let indented: String =
            one.split_inclusive('\n').map(|l| if l == "\n" { l.to_owned() } else { format!("  {l}") }).collect();
        assert_eq!(ours, format!("x:\n{indented}"));
    }

    #[test]
    fn random_strings_of_awkward_characters_are_written_as_serde_yaml_writes_them() {
        const ALPHABET: &[char] = &[
            'a', 'x', 'e', '0', '1', '.', '+', '-', ' ', '\n', '\t', '\r', ':', '#', '?', '\'', '"', '\\', '{', '[',
            ',', '!', '&', '*', '|', '>', '%', '@', '`', '~', 'é', '\u{85}', '\u{a0}', '\u{feff}', '😀', '\u{0}',
        ];
        // A fixed linear congruential sequence: the same strings every run.
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = |n: usize| {
            state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) as usize % n
        };
        for _ in 0..20_000 {
            let s: String = (0..next(7)).map(|_| ALPHABET[next(ALPHABET.len())]).collect();
            let value = json!({ "k": s, s.clone(): [s.clone(), { s.clone(): s.clone() }] });
            let (ours, theirs) = both(&value);
            // The one departure that shows here: no `...` after a `|+` block.
            let theirs = theirs.strip_suffix("...\n").unwrap_or(&theirs);
            assert_eq!(ours, theirs, "for {s:?}");
        }
    }

    #[test]
    fn line_separators_are_double_quoted_and_read_back() {
        for s in ["a\u{2028}b", "a\u{2029}", "x\ny\u{2028}z"] {
            let mut ours = String::new();
            document(&mut ours, &json!({ "k": s }));
            assert!(ours.contains("\\L") || ours.contains("\\P"), "{ours}");
            let back: serde_json::Value = serde_yaml::from_str(&ours).unwrap();
            assert_eq!(back, json!({ "k": s }));
        }
    }

    #[test]
    fn numbers_with_digit_separators_are_quoted_for_every_reader() {
        for s in ["1003_001", "-1_000", "0x_FF", "1_000.5", "0b1_0"] {
            let mut ours = String::new();
            document(&mut ours, &json!({ "k": s }));
            assert_eq!(ours, format!("k: '{s}'\n"));
            // The importer's reader takes a plain `1003_001` for a number.
            assert_eq!(crate::import::untyped::parse_yaml(&ours).unwrap(), json!({ "k": s }));
        }
        for s in ["a_1", "1_a", "_1", "snake_case"] {
            let mut ours = String::new();
            document(&mut ours, &json!({ "k": s }));
            assert_eq!(ours, format!("k: {s}\n"), "{s}");
        }
    }

    #[test]
    fn every_awkward_string_reads_back_as_written() {
        for s in awkward_strings() {
            let value = json!({ "k": s, s.clone(): [s.clone()] });
            let mut ours = String::new();
            document(&mut ours, &value);
            let back: serde_json::Value = serde_yaml::from_str(&ours).unwrap_or_else(|e| panic!("{s:?}: {e}\n{ours}"));
            assert_eq!(back, value, "{ours}");
        }
    }
}
