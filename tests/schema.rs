//! The committed JSON Schema (`docs/spec.schema.json`) is current, is valid
//! draft-07, and accepts the bundled specs.
//!
//! When the spec types change, regenerate the committed copy with
//! `UPDATE_SCHEMA=1 cargo test --test schema` (or
//! `cargo run -- schema > docs/spec.schema.json`).

use std::path::{Path, PathBuf};

use rescue_interop::spec::schema::{spec_schema, spec_schema_text};
use serde_json::Value;

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn committed_schema_path() -> PathBuf {
    crate_dir().join("docs/spec.schema.json")
}

#[test]
fn committed_schema_is_current() {
    let path = committed_schema_path();
    let generated = spec_schema_text();
    if std::env::var_os("UPDATE_SCHEMA").is_some_and(|v| !v.is_empty() && v != "0") {
        std::fs::write(&path, &generated).expect("write docs/spec.schema.json");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/spec.schema.json is stale: regenerate it with \
         `UPDATE_SCHEMA=1 cargo test --test schema` and commit the result"
    );
}

#[test]
fn schema_command_prints_the_same_schema() {
    let output = assert_cmd::Command::cargo_bin("rescue-interop")
        .expect("binary is built")
        .arg("schema")
        .output()
        .expect("binary runs");
    assert!(output.status.success());
    assert_eq!(String::from_utf8_lossy(&output.stdout), spec_schema_text());
}

fn validator() -> jsonschema::Validator {
    jsonschema::draft7::new(spec_schema()).expect("the schema is valid draft-07")
}

fn toml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
}

fn as_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).expect("read spec");
    let value: toml::Value = toml::from_str(&text).expect("spec is TOML");
    serde_json::to_value(value).expect("TOML converts to JSON")
}

fn schema_errors(validator: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn bundled_specs_validate_against_the_schema() {
    let validator = validator();
    let mut files = toml_files(&crate_dir().join("specs/vehicles"));
    files.extend(toml_files(&crate_dir().join("specs/suits")));
    assert!(files.len() >= 4, "{files:?}");
    let mut failures = Vec::new();
    for file in files {
        let errors = schema_errors(&validator, &as_json(&file));
        if !errors.is_empty() {
            failures.push(format!("{}:\n  {}", file.display(), errors.join("\n  ")));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn schema_accepts_every_field_form() {
    let spec: toml::Value = toml::from_str(
        r#"
format = 1
[vehicle]
id = "forms"
name = { value = "Forms", source = "X", note = "n", restricted = true, changeable = false }
kind = "capsule"
mass = "12 t"
[atmosphere]
pressure = { min = "97.9 kPa", max = "104.8 kPa", nominal = "101.3 kPa", source = "X" }
o2_fraction = { value = 0.21 }
free_volume = "unknown"
co2_limit = { value = "unknown", note = "not published" }
materials_o2_limit = "30 %"
[[ports]]
id = "nose"
position = ["0 m", "-1 m", "4.2 m"]
axis = [0, 0, 1]
allowed_clocking = ["0 deg", "120 deg", "240 deg"]
capture_envelope = { closing_speed = { max = "0.1 m/s" }, lateral_misalignment = "10 cm" }
[[radios]]
id = "uhf"
tx_frequencies = ["414.2 MHz"]
rx_bands = [{ min = "410 MHz", max = "420 MHz" }]
eirp = "19.1 dBm"
antenna_gain = "0 dBi"
required_eb_n0 = "9.6 dB"
"#,
    )
    .expect("TOML");
    let instance = serde_json::to_value(spec).expect("JSON");
    let errors = schema_errors(&validator(), &instance);
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

#[test]
fn schema_rejects_unknown_fields_and_bare_numbers() {
    let validator = validator();
    for bad in [
        "[atmosphere]\npresure = \"101.3 kPa\"",
        "[atmospher]\npressure = \"101.3 kPa\"",
        "[[ports]]\npassage_diameter = 800",
        "[vehicle]\nkind = \"capsul\"",
        "[atmosphere]\npressure = { min = \"1 kPa\", maxx = \"2 kPa\" }",
    ] {
        let value: toml::Value = toml::from_str(bad).expect("TOML");
        let instance = serde_json::to_value(value).expect("JSON");
        assert!(!validator.is_valid(&instance), "schema accepted:\n{bad}");
    }
}

/// Checks the schema `schema --of <of>` prints against `docs/<committed>`
/// (or writes it there with `UPDATE_SCHEMA=1`), and that it accepts the
/// bundled `specs/<bundled>`; returns its validator, `None` when updating.
fn committed_data_schema(
    of: &str,
    committed: &str,
    bundled: &str,
) -> Option<jsonschema::Validator> {
    let output = assert_cmd::Command::cargo_bin("rescue-interop")
        .expect("binary is built")
        .args(["schema", "--of", of])
        .output()
        .expect("binary runs");
    assert!(output.status.success());
    let generated = String::from_utf8_lossy(&output.stdout).into_owned();
    let path = crate_dir().join("docs").join(committed);
    if std::env::var_os("UPDATE_SCHEMA").is_some_and(|v| !v.is_empty() && v != "0") {
        std::fs::write(&path, &generated).expect("write the schema");
        return None;
    }
    let committed_text = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed_text == generated,
        "docs/{committed} is stale: regenerate it with \
         `UPDATE_SCHEMA=1 cargo test --test schema` and commit the result"
    );
    let schema: Value = serde_json::from_str(&generated).expect("JSON");
    let validator = jsonschema::draft7::new(&schema).expect("the schema is valid draft-07");
    let errors = schema_errors(
        &validator,
        &as_json(&crate_dir().join("specs").join(bundled)),
    );
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    Some(validator)
}

#[test]
fn committed_launch_sites_schema_is_current_and_accepts_the_bundled_file() {
    committed_data_schema(
        "launch-sites",
        "launch-sites.schema.json",
        "launch-sites.toml",
    );
}

#[test]
fn committed_flight_record_schema_is_current_and_accepts_the_bundled_record() {
    let Some(validator) = committed_data_schema(
        "flight-record",
        "flight-record.schema.json",
        "flight-record.toml",
    ) else {
        return;
    };
    // What an editor flags: a misspelt key, a kind that is not one, a
    // date that is not a day.
    for bad in [
        "[[events]]\nid = \"x\"\n[events.docking.chaser]\nrest_on = {}",
        "[[events]]\nid = \"x\"\n[events.dockng]",
        "[[events]]\nid = \"x\"\ndate = \"17 Jul 1975\"",
    ] {
        let value: toml::Value = toml::from_str(bad).expect("TOML");
        let instance = serde_json::to_value(value).expect("JSON");
        assert!(!validator.is_valid(&instance), "schema accepted:\n{bad}");
    }
}

/// What an editor flags as the user types (issue 19): a bare number, a
/// unit of another kind or none this format accepts, a differential in an
/// absolute field, a negative pressure, and a value orders of magnitude
/// beyond what is physically possible.
#[test]
fn schema_flags_wrong_units_signs_and_magnitudes() {
    let validator = validator();
    let flags = |toml_text: &str| {
        let value: toml::Value = toml::from_str(toml_text).expect("TOML");
        let instance = serde_json::to_value(value).expect("JSON");
        !validator.is_valid(&instance)
    };
    for bad in [
        "[atmosphere]\npressure = 101.3",
        "[atmosphere]\npressure = \"101.3\"",
        "[atmosphere]\npressure = \"14.7 psid\"",
        "[atmosphere]\npressure = \"-5 kPa\"",
        "[atmosphere]\npressure = \"1 at\"",
        "[atmosphere]\npressure = \"101.3 kpa\"",
        "[atmosphere]\npressure = { nominal = \"800 mm\" }",
        "[atmosphere]\npressure = \"300 atm\"",
        "[[suits]]\nid = \"s\"\n[suits.spec]\noperating_pressure = \"5.8 psia\"",
        "[hatch]\nmax_opening_pressure_difference = \"-0.5 psid\"",
        "[[ports]]\npassage_diameter = \"5 M\"",
        "[[ports]]\npassage_diameter = \"5 pc\"",
        "[[ports]]\npassage_diameter = \"5 Mm\"",
        "[[ports]]\npassage_diameter = \"800 MM\"",
        "[[ports]]\npassage_diameter = \"5 km\"",
        "[[ports]]\npassage_diameter = \"5000000 mm\"",
        "[[radios]]\ntx_frequencies = [\"414.2 MHz\", \"3 kg\"]",
        "[[radios]]\nrx_bands = [{ min = \"410 MHz\", max = \"420 mhz\" }]",
    ] {
        assert!(flags(bad), "schema accepted:\n{bad}");
    }
    for good in [
        "[atmosphere]\npressure = \"14.7 psia\"",
        "[atmosphere]\npressure = \"760 mm Hg\"",
        "[atmosphere]\npressure = \"1.2e2 kPa\"",
        "[[ports]]\npassage_diameter = \"31.5 in\"",
        "[[ports]]\npassage_diameter = \"0.8 metres\"",
        "[[ports]]\nposition = [\"-1.5 m\", \"0 m\", \"4.2 m\"]",
        "[hatch]\nmax_opening_pressure_difference = \"0.5 psid\"",
    ] {
        assert!(!flags(good), "schema refused:\n{good}");
    }
}
