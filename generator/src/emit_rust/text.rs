//! Items written straight as formatted text: calls of the runtime's
//! `operation_error!` and `open_enum!` macros, which hold only what differs
//! between enums, one line per variant. Text costs a fraction of building
//! tokens, parsing them and formatting them, and a macro body is text to
//! prettyplease anyway (it would run the lines together).

use proc_macro2::Literal;

use super::doc_lines;
use crate::model::{Api, EnumValue, Operation};

const INDENT: &str = "    ";

/// `///` lines at `depth` indents; a line `///` cannot hold (one with a
/// carriage return) becomes a `#[doc = "…"]` attribute.
pub(super) fn doc(out: &mut String, depth: usize, text: &str) {
    for line in doc_lines(text) {
        out.push_str(&INDENT.repeat(depth));
        if line.contains('\r') {
            out.push_str(&format!("#[doc = {}]\n", Literal::string(&line)));
        } else {
            out.push_str("///");
            out.push_str(&line);
            out.push('\n');
        }
    }
}

/// The error enum of `op`, named `error`, as an `operation_error!` call: the
/// variants in the order the classification tries them.
pub(super) fn operation_error(api: &Api, op: &Operation) -> String {
    let error = op.error_enum();
    let mut out = String::with_capacity(256 + 160 * op.errors.len());
    out.push_str("crate::runtime::operation_error! {\n");
    doc(
        &mut out,
        1,
        &format!(
            "The errors of [`Client::{}`](super::Client::{}): one variant per documented code, and `Other` for anything undocumented.",
            op.name, op.name
        ),
    );
    out.push_str(&format!("{INDENT}pub enum {error} {{\n"));
    for e in &op.errors {
        if let Some(variant) = &e.variant {
            let meaning = e.meaning();
            doc(&mut out, 2, &format!("HTTP {}: {meaning}", e.status));
            out.push_str(&format!("{INDENT}{INDENT}{variant} = {} => {},\n", e.status, Literal::string(meaning)));
        }
        for c in &e.codes {
            let joined = c.meanings.iter().map(|m| m.trim()).collect::<Vec<_>>().join("\n- ");
            let list = if c.meanings.len() > 1 { format!("\n- {joined}") } else { format!(" {joined}") };
            doc(&mut out, 2, &format!("HTTP {}, code `{}`:{list}", e.status, c.code));
            let code = match api.int_code(c) {
                Some(n) => Literal::i64_unsuffixed(n),
                None => Literal::string(&c.code),
            };
            out.push_str(&format!(
                "{INDENT}{INDENT}{} = {}, code {code} => {},\n",
                c.variant,
                e.status,
                Literal::string(&c.meaning())
            ));
        }
    }
    out.push_str(&format!("{INDENT}}}\n}}\n"));
    out
}

/// A named enum as an `open_enum!` call: its exact wire values, and any
/// other value kept as received.
pub(super) fn open_enum(name: &str, text: &str, values: &[EnumValue]) -> String {
    let mut out = String::with_capacity(128 + 96 * values.len());
    out.push_str("crate::runtime::open_enum! {\n");
    doc(&mut out, 1, text);
    out.push_str(&format!("{INDENT}pub enum {name} {{\n"));
    for v in values {
        doc(&mut out, 2, &format!("`{}`: {}", v.wire, v.doc));
        out.push_str(&format!("{INDENT}{INDENT}{} = {},\n", v.rust, Literal::string(&v.wire)));
    }
    out.push_str(&format!("{INDENT}}}\n}}\n"));
    out
}
