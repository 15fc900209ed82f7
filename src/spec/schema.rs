//! The JSON Schema of the spec format, generated from the Rust types.
//!
//! `rescue-interop schema` prints it; a copy is committed at
//! `docs/spec.schema.json` for editors (taplo, Even Better TOML), and a test
//! fails when that copy is stale.

use std::sync::OnceLock;

use schemars::generate::SchemaSettings;
use serde_json::Value;

use super::locate::Segment;
use super::vehicle::SpecDocument;

/// The schema as JSON (draft-07, as taplo expects).
pub fn spec_schema() -> &'static Value {
    static SCHEMA: OnceLock<Value> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        let generator = SchemaSettings::draft07().into_generator();
        let schema = generator.into_root_schema_for::<SpecDocument>();
        let mut value = schema.to_value();
        annotate_limits(&mut value);
        if let Some(obj) = value.as_object_mut() {
            obj.insert(
                "$id".into(),
                Value::String("https://rescue-interop.invalid/spec.schema.json".into()),
            );
        }
        value
    })
}

/// Gives every quantity field its limits (`spec::limits`): the physically
/// possible maximum and the flown range as `x-possible-max` / `x-flown`
/// and in its description (what an editor shows on hover), and a pattern
/// that bounds the number's digits in each unit, so that an editor also
/// flags a value that is orders of magnitude off ("5 km" for a hatch).
fn annotate_limits(schema: &mut Value) {
    let Some(definitions) = schema.get_mut("definitions").and_then(Value::as_object_mut) else {
        return;
    };
    for (table, definition) in definitions.iter_mut() {
        let Some(properties) = definition
            .get_mut("properties")
            .and_then(Value::as_object_mut)
        else {
            continue;
        };
        for (field, property) in properties.iter_mut() {
            if let Some(limits) = super::limits::of(table, field) {
                annotate_field(property, limits);
            }
        }
    }
}

fn annotate_field(property: &mut Value, limits: &super::limits::FieldLimits) {
    let kind = serde_json::to_value(limits.kind).unwrap_or_default();
    replace_patterns(property, &kind, &bounded_pattern(limits), 0);
    let Some(object) = property.as_object_mut() else {
        return;
    };
    let mut text = format!(
        "physically possible: at most {} ({})",
        limits.possible_max, limits.why
    );
    object.insert("x-possible-max".into(), limits.possible_max.into());
    if let Some(flown) = limits.flown_text() {
        text.push_str(&format!("; flown vehicles show {flown}"));
        object.insert("x-flown".into(), flown.into());
    }
    let description = match object.get("description").and_then(Value::as_str) {
        Some(d) => format!("{d} Limits: {text}."),
        None => format!("Limits: {text}."),
    };
    object.insert("description".into(), description.into());
}

/// Replaces the pattern of every quantity schema of `kind` under `node`.
fn replace_patterns(node: &mut Value, kind: &Value, pattern: &str, depth: usize) {
    if depth > 16 {
        return;
    }
    match node {
        Value::Object(map) => {
            if map.get("x-kind") == Some(kind) && map.contains_key("pattern") {
                map.insert("pattern".into(), pattern.into());
            }
            for child in map.values_mut() {
                replace_patterns(child, kind, pattern, depth + 1);
            }
        }
        Value::Array(items) => {
            for child in items {
                replace_patterns(child, kind, pattern, depth + 1);
            }
        }
        _ => {}
    }
}

/// A quantity pattern whose number has at most as many digits before the
/// point, in each unit, as the field's physical maximum has in that unit: in
/// a field of at most 10 m, "20000 mm" passes (the tool refuses it) but
/// "5 km" and "50000 mm" do not. Exponent notation is not bounded.
pub fn bounded_pattern(limits: &super::limits::FieldLimits) -> String {
    use super::values::regex_escape;
    let max_si = limits.possible_max_si();
    let alternatives: Vec<String> = limits
        .kind
        .units()
        .iter()
        .map(|unit| {
            let zero = unit.to_si(0.0);
            let max = (max_si - zero) / (unit.to_si(1.0) - zero);
            let integer = if !max.is_finite() {
                "[0-9]+".to_string()
            } else if max < 1.0 {
                "0".to_string()
            } else {
                // The digits of the integer part of the maximum.
                let digits = (max.log10().floor() as i64).saturating_add(1).max(1);
                format!("[0-9]{{1,{digits}}}")
            };
            let spellings: Vec<String> = unit.spellings().map(regex_escape).collect();
            format!(
                "(?:{integer}(?:\\.[0-9]*)?|\\.[0-9]+|[0-9]+(?:\\.[0-9]*)?[eE][+-]?[0-9]+)\\s*(?:{})",
                spellings.join("|")
            )
        })
        .collect();
    let sign = if limits.signed { "[+-]?" } else { "\\+?" };
    format!("^\\s*{sign}(?:{})\\s*$", alternatives.join("|"))
}

/// The schema as pretty JSON text with a trailing newline.
pub fn spec_schema_text() -> String {
    let mut text = serde_json::to_string_pretty(spec_schema()).unwrap_or_default();
    text.push('\n');
    text
}

/// The field names the schema allows in the table at `path`, sorted, for
/// "did you mean" suggestions.
pub fn keys_at(path: &[Segment]) -> Vec<String> {
    keys_in(spec_schema(), path)
}

/// The field names the schema `root` (a spec's or a data file's) allows in
/// the table at `path`, sorted.
pub fn keys_in(root: &Value, path: &[Segment]) -> Vec<String> {
    let mut node = root;
    for segment in path {
        let Some(next) = step(root, node, segment) else {
            return Vec::new();
        };
        node = next;
    }
    let node = resolve(root, node);
    let mut keys: Vec<String> = node
        .get("properties")
        .and_then(Value::as_object)
        .map(|p| p.keys().cloned().collect())
        .unwrap_or_default();
    keys.sort();
    keys
}

/// How a property of the spec is written in TOML, for checking a file's
/// structure before its values.
pub(crate) enum Shape {
    /// A section: a table (`[crew]`, `capture_envelope = { ... }`), whose
    /// own properties are in the given schema node.
    Table(&'static Value),
    /// A list of tables (`[[ports]]`), whose items' properties are in the
    /// given schema node.
    TableList(&'static Value),
    /// A field, read by its own reader.
    Value,
}

/// The shape of the property `key` of the object schema `node` (the root
/// `root` when `None`) of a document format's schema; `None` when the key
/// is not a property.
pub(crate) fn property_shape_in(
    root: &'static Value,
    node: Option<&'static Value>,
    key: &str,
) -> Option<Shape> {
    let node = resolve(root, node.unwrap_or(root));
    let property = node.get("properties")?.get(key)?;
    let is_field = property
        .get("anyOf")
        .and_then(Value::as_array)
        .is_some_and(|options| options.iter().any(|o| o.get("const").is_some()));
    if is_field {
        return Some(Shape::Value);
    }
    if property.get("type").and_then(Value::as_str) == Some("array") {
        return Some(match property.get("items") {
            Some(items) if has_ref(items) => Shape::TableList(resolve(root, items)),
            _ => Shape::Value,
        });
    }
    Some(if has_ref(property) {
        Shape::Table(resolve(root, property))
    } else {
        Shape::Value
    })
}

fn has_ref(node: &Value) -> bool {
    let refers = |n: &Value| n.get("$ref").is_some();
    refers(node)
        || ["allOf", "anyOf"].iter().any(|k| {
            node.get(*k)
                .and_then(Value::as_array)
                .is_some_and(|options| options.iter().any(refers))
        })
}

fn resolve<'a>(root: &'a Value, node: &'a Value) -> &'a Value {
    let mut node = node;
    for _ in 0..16 {
        if let Some(reference) = node.get("$ref").and_then(Value::as_str) {
            let name = reference.rsplit('/').next().unwrap_or_default();
            match root.get("definitions").and_then(|d| d.get(name)) {
                Some(target) => node = target,
                None => return node,
            }
        } else if let Some(first) = node
            .get("allOf")
            .and_then(Value::as_array)
            .and_then(|a| a.first())
        {
            node = first;
        } else if let Some(options) = node.get("anyOf").and_then(Value::as_array) {
            // Option<T> is anyOf [T, null]: follow the non-null branch.
            match options
                .iter()
                .find(|o| o.get("type").and_then(Value::as_str) != Some("null"))
            {
                Some(o) => node = o,
                None => return node,
            }
        } else {
            return node;
        }
    }
    node
}

fn step<'a>(root: &'a Value, node: &'a Value, segment: &Segment) -> Option<&'a Value> {
    let node = resolve(root, node);
    match segment {
        Segment::Key(k) => node.get("properties")?.get(k),
        Segment::Index(_) => node.get("items"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_the_keys_of_nested_tables() {
        let keys = keys_at(&[Segment::Key("atmosphere".into())]);
        assert!(keys.contains(&"pressure".to_string()), "{keys:?}");
        let port_keys = keys_at(&[Segment::Key("ports".into()), Segment::Index(3)]);
        assert!(port_keys.contains(&"passage_diameter".to_string()));
        let envelope = keys_at(&[
            Segment::Key("ports".into()),
            Segment::Index(0),
            Segment::Key("capture_envelope".into()),
        ]);
        assert!(envelope.contains(&"closing_speed".to_string()));
    }

    #[test]
    fn is_draft_07() {
        assert_eq!(
            spec_schema().get("$schema").and_then(Value::as_str),
            Some("http://json-schema.org/draft-07/schema#")
        );
    }
}
