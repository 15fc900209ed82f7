//! The JSON Schema of the scenario format, generated from the Rust types.
//!
//! `rescue-interop schema --of scenario` prints it; a copy is committed at
//! `docs/scenario.schema.json` for editors, and a test fails when that copy
//! is stale. The loader reads the schema too: the shape of each section,
//! and the field names for "did you mean".

use std::sync::OnceLock;

use schemars::generate::SchemaSettings;
use serde_json::Value;

use super::file::ScenarioDocument;

/// The schema as JSON (draft-07, as taplo expects).
pub fn scenario_schema() -> &'static Value {
    static SCHEMA: OnceLock<Value> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        let generator = SchemaSettings::draft07().into_generator();
        let mut value = generator
            .into_root_schema_for::<ScenarioDocument>()
            .to_value();
        if let Some(obj) = value.as_object_mut() {
            obj.insert(
                "$id".into(),
                Value::String("https://rescue-interop.invalid/scenario.schema.json".into()),
            );
        }
        value
    })
}

/// The schema as pretty JSON text with a trailing newline.
pub fn scenario_schema_text() -> String {
    let mut text = serde_json::to_string_pretty(scenario_schema()).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::locate::Segment;

    #[test]
    fn names_the_fields_of_nested_sections() {
        let keys = crate::spec::schema::keys_in(
            scenario_schema(),
            &[
                Segment::Key("rescuer".into()),
                Segment::Key("carries".into()),
            ],
        );
        assert!(keys.contains(&"suits".to_string()), "{keys:?}");
        let eva = crate::spec::schema::keys_in(
            scenario_schema(),
            &[Segment::Key("transfer".into()), Segment::Key("eva".into())],
        );
        assert!(eva.contains(&"crossings_per_suit".to_string()), "{eva:?}");
    }
}
