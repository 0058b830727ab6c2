//! `CheckLimits` for the types whose values have documented limits at some
//! depth: a request checks its body and parameters through them before
//! sending.

use std::fmt::Write as _;

use super::text::{self, lit};
use crate::model::*;

/// The `CheckLimits` impl of `t`, after `cfg` (the attribute that compiles
/// it with its groups); nothing for a type without limits or an alias (its
/// target, or the containers of the runtime, check it).
pub(super) fn check_limits_impl(out: &mut String, api: &Api, t: &NamedType, cfg: &str) {
    if !t.checked {
        return;
    }
    let check = |value: &str, at: &str| format!("crate::runtime::CheckLimits::check_limits({value}, {at})");
    let body = match &t.kind {
        TypeKind::Alias(_) => return,
        TypeKind::Enum { values, .. } => {
            let allowed = values.iter().map(|v| v.wire.as_str()).collect::<Vec<_>>().join(", ");
            format!("        crate::runtime::check_one_of(at, self.is_known(), {})\n", lit(&allowed))
        }
        TypeKind::Object(fields) => {
            let mut body = String::new();
            for f in fields.iter() {
                let at = format!("&at.field({})", lit(&f.wire));
                for own in own_checks(f, &at) {
                    let _ = writeln!(body, "        {own}?;");
                }
                if api.is_checked(&f.ty) {
                    let _ = writeln!(body, "        {}?;", check(&format!("&self.{}", f.rust), &at));
                }
            }
            if t.extra.as_ref().is_some_and(|ty| api.is_checked(ty)) {
                let _ = writeln!(body, "        {}?;", check(&format!("&self.{}", t.extra_field()), "at"));
            }
            if let Some(requires) = &t.requires {
                let _ = writeln!(body, "        {}?;", field_sets_check(fields, requires));
            }
            body.push_str("        Ok(())\n");
            body
        }
        TypeKind::OneOf(members, tag) => {
            let mut body = "        match self {\n".to_owned();
            for m in members.iter().filter(|m| api.is_checked(m)) {
                let _ = writeln!(body, "            Self::{}(value) => {},", m.variant(api), check("value", "at"));
            }
            if tag.is_some() || members.iter().any(|m| !api.is_checked(m)) {
                body.push_str("            _ => Ok(()),\n");
            }
            body.push_str("        }\n");
            body
        }
    };
    out.push_str(cfg);
    let _ = write!(
        out,
        "impl crate::runtime::CheckLimits for {} {{\n    fn check_limits(&self, at: &crate::runtime::Place<'_>) -> \
         Result<(), crate::runtime::ValidationError> {{\n{body}    }}\n}}\n",
        t.rust
    );
}

/// The checks of a field's own limits (an integer range, a largest number of
/// items) at `at`, each a `Result` expression.
fn own_checks(f: &Field, at: &str) -> Vec<String> {
    let place = format!("self.{}", f.rust);
    let limits = f.limits();
    let opt = |v: Option<i64>| v.map_or_else(|| "None".to_owned(), |n| format!("Some({n})"));
    let mut checks = Vec::new();
    if f.ty == Ty::Integer && (limits.min.is_some() || limits.max.is_some()) {
        let value = match f.presence() {
            Presence::Required => format!("Some({place})"),
            Presence::Optional | Presence::Nullable => place.clone(),
            Presence::OptionalNullable => format!("{place}.flatten()"),
        };
        checks.push(format!("crate::runtime::check_range({at}, {value}, {}, {})", opt(limits.min), opt(limits.max)));
    }
    if matches!(f.ty, Ty::Array(_)) && (limits.min_items.is_some() || limits.max_items.is_some()) {
        let value = match f.presence() {
            Presence::Required => format!("Some({place}.as_slice())"),
            Presence::Optional | Presence::Nullable => format!("{place}.as_deref()"),
            Presence::OptionalNullable => format!("{place}.as_ref().and_then(|v| v.as_deref())"),
        };
        checks.push(format!(
            "crate::runtime::check_item_count({at}, {value}, {}, {})",
            text::count(limits.min_items),
            text::count(limits.max_items)
        ));
    }
    if matches!(f.ty, Ty::Map(_)) {
        let value = match f.presence() {
            Presence::Required => format!("Some(&{place})"),
            Presence::Optional | Presence::Nullable => format!("{place}.as_ref()"),
            Presence::OptionalNullable => format!("{place}.as_ref().and_then(|v| v.as_ref())"),
        };
        if limits.min_items.is_some() || limits.max_items.is_some() {
            checks.push(format!(
                "crate::runtime::check_entry_count({at}, {value}, {}, {})",
                text::count(limits.min_items),
                text::count(limits.max_items)
            ));
        }
        if let Some(keys) = &limits.keys {
            let pattern = text::opt_lit(keys.pattern.as_deref());
            checks.push(format!(
                "crate::runtime::check_keys({at}, {value}, {pattern}, {}, {})",
                text::count(keys.min_length),
                text::count(keys.max_length)
            ));
        }
    }
    checks
}

/// The check that an object has the sets of fields its type needs: whether
/// each set is present in full, then `check_field_sets`.
fn field_sets_check(fields: &[Field], requires: &FieldSets) -> String {
    let present = |wire: &String| match fields.iter().find(|f| f.wire == *wire) {
        Some(f) if f.required => "true".to_owned(),
        Some(f) => format!("self.{}.is_some()", f.rust),
        None => "false".to_owned(),
    };
    let complete: Vec<String> =
        requires.sets.iter().map(|set| set.iter().map(present).collect::<Vec<_>>().join(" && ")).collect();
    format!(
        "crate::runtime::check_field_sets(at, &[{}], {}, {})",
        complete.join(", "),
        requires.exactly_one,
        lit(&requires.describe())
    )
}
