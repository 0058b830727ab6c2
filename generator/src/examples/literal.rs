//! Example arguments written as a user writes them: struct literals, enum
//! variants, `vec![…]`, with the required fields filled and the optional
//! ones left `None`. A value too large or too deep to read as one
//! expression, or one that needs itself (a recursive type), has none, and
//! the example falls back to JSON text.

use crate::model::*;

/// The most characters an example expression may take.
const MAX_LEN: usize = 600;
/// The deepest nesting of types written out.
const MAX_DEPTH: usize = 4;

/// A Rust expression of type `ty` (in a crate using the generated crate
/// `krate`, its API's `types` module imported), or `None` when it would not
/// read as one expression.
pub(super) fn rust_value(api: &Api, ty: &Ty, krate: &str) -> Option<String> {
    let mut writer = Writer { api, krate, path: Vec::new() };
    writer.value(ty, None, 0).filter(|text| text.len() <= MAX_LEN)
}

struct Writer<'a> {
    api: &'a Api,
    krate: &'a str,
    /// The named types being written, outermost first.
    path: Vec<TypeId>,
}

impl Writer<'_> {
    /// `ty`'s example; `field` gives its own example or pattern when the
    /// value is a field's.
    fn value(&mut self, ty: &Ty, field: Option<&Field>, depth: usize) -> Option<String> {
        if depth > MAX_DEPTH {
            return None;
        }
        Some(match ty {
            Ty::String => format!("{:?}.to_owned()", super::example_text_of(field)),
            Ty::Integer => field.and_then(|f| f.example.as_ref()?.as_i64()).unwrap_or(1).to_string(),
            Ty::Number => "1.5".to_owned(),
            Ty::Boolean => "true".to_owned(),
            Ty::Any | Ty::File => return None,
            Ty::Null => "()".to_owned(),
            Ty::Temporal(t) => {
                format!("{}::runtime::{}::from({:?})", self.krate, t.rust(), super::temporal_example(*t))
            }
            Ty::Array(item) => format!("vec![{}]", self.value(item, None, depth + 1)?),
            Ty::Map(values) => {
                format!(
                    "std::collections::BTreeMap::from([(\"key\".to_owned(), {})])",
                    self.value(values, None, depth + 1)?
                )
            }
            Ty::Nullable(inner) => format!("Some({})", self.value(inner, field, depth)?),
            Ty::Named(id) => self.named(*id, depth)?,
        })
    }

    fn named(&mut self, id: TypeId, depth: usize) -> Option<String> {
        if self.path.contains(&id) {
            return None;
        }
        let t = self.api.named_type(id);
        let path = format!("types::{}", t.rust);
        self.path.push(id);
        let text = match &t.kind {
            TypeKind::Enum { values, .. } => format!("{path}::{}", values.first()?.rust),
            TypeKind::Alias(ty) => self.value(ty, None, depth)?,
            // A tagged union's member carries the tag itself: its JSON says it plainly.
            TypeKind::OneOf(_, Some(_)) => return None,
            TypeKind::OneOf(members, None) => {
                let first = members.first()?;
                let inner = self.value(first, None, depth + 1)?;
                let inner = if t.boxed_members.first().copied().unwrap_or(false) {
                    format!("Box::new({inner})")
                } else {
                    inner
                };
                format!("{path}::{}({inner})", first.variant(self.api))
            }
            TypeKind::Object(fields) => {
                let mut parts = Vec::new();
                for f in fields.iter() {
                    let value = match f.presence() {
                        Presence::Required => self.value(&f.ty, Some(f), depth + 1)?,
                        Presence::Nullable | Presence::Optional | Presence::OptionalNullable => "None".to_owned(),
                    };
                    let value = if f.boxed && f.required { format!("Box::new({value})") } else { value };
                    parts.push(format!("{}: {value}", f.rust));
                }
                if t.extra.is_some() {
                    parts.push(format!("{}: Default::default()", t.extra_field()));
                }
                format!("{path} {{ {} }}", parts.join(", "))
            }
        };
        self.path.pop();
        Some(text)
    }
}
