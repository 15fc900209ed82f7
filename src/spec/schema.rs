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
        if let Some(obj) = value.as_object_mut() {
            obj.insert(
                "$id".into(),
                Value::String("https://rescue-interop.invalid/spec.schema.json".into()),
            );
        }
        value
    })
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
