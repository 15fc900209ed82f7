//! `docs/spec-format.md` keeps up with the code: every unit spelling and
//! every field is documented, and the annotated example is a valid spec.

use std::path::PathBuf;

use rescue_interop::spec::schema::spec_schema;
use rescue_interop::units::Kind;
use serde_json::Value;

fn doc() -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/spec-format.md");
    std::fs::read_to_string(path).expect("docs/spec-format.md exists")
}

#[test]
fn every_unit_spelling_is_documented() {
    let doc = doc();
    let section = doc
        .split("### Accepted units")
        .nth(1)
        .and_then(|s| s.split("\n### ").next())
        .expect("an accepted-units section");
    let mut missing = Vec::new();
    for kind in Kind::ALL {
        // The row of this kind: "| length | `mm`, ... |".
        let row = section
            .lines()
            .find(|l| {
                l.starts_with(&format!(
                    "| {} |",
                    kind.noun()
                        .trim_start_matches("an ")
                        .trim_start_matches("a ")
                ))
            })
            .unwrap_or_else(|| panic!("no row for {kind:?}"));
        for unit in kind.units() {
            for spelling in unit.spellings() {
                // "`metre(s)`" documents both "metre" and "metres".
                let stem = spelling.strip_suffix('s').unwrap_or(spelling);
                if !row.contains(&format!("`{spelling}`")) && !row.contains(&format!("`{stem}(s)`"))
                {
                    missing.push(format!("{kind:?} {spelling}"));
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "docs/spec-format.md lacks spellings: {missing:?}"
    );
    for reference in ["`psia`", "`psid`", "`psig`"] {
        assert!(doc.contains(reference), "{reference}");
    }
}

#[test]
fn every_field_of_every_section_is_documented() {
    let doc = doc();
    let schema = spec_schema();
    let mut tables: Vec<(&str, &Value)> = vec![("top level", schema)];
    if let Some(definitions) = schema.get("definitions").and_then(Value::as_object) {
        tables.extend(definitions.iter().map(|(k, v)| (k.as_str(), v)));
    }
    let mut missing = Vec::new();
    for (table, node) in tables {
        let Some(properties) = node.get("properties").and_then(Value::as_object) else {
            continue;
        };
        for field in properties.keys() {
            if !doc.contains(&format!("`{field}`")) {
                missing.push(format!("{table}.{field}"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "docs/spec-format.md lacks fields: {missing:?}"
    );
}

/// The Limits table between its markers is `spec::limits::markdown_table`;
/// `UPDATE_DOCS=1 cargo test --test spec_format_doc` rewrites it.
#[test]
fn the_limits_table_is_current() {
    const BEGIN: &str = "<!-- limits:begin -->\n";
    const END: &str = "<!-- limits:end -->";
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/spec-format.md");
    let doc = doc();
    let start = doc.find(BEGIN).expect("a limits:begin marker") + BEGIN.len();
    let end = doc.find(END).expect("a limits:end marker");
    let table = rescue_interop::spec::limits::markdown_table();
    if std::env::var_os("UPDATE_DOCS").is_some_and(|v| !v.is_empty() && v != "0") {
        let updated = format!("{}{table}{}", &doc[..start], &doc[end..]);
        std::fs::write(&path, updated).expect("write docs/spec-format.md");
        return;
    }
    assert!(
        doc[start..end] == table,
        "the Limits table of docs/spec-format.md is stale: run UPDATE_DOCS=1 cargo test --test spec_format_doc"
    );
}

#[test]
fn documents_the_size_limit_in_bytes() {
    let limit = rescue_interop::spec::load::MAX_SPEC_BYTES;
    assert!(doc().contains(&limit.to_string()));
}

/// The TOML block after the "Annotated example" heading.
fn annotated_example() -> String {
    let doc = doc();
    let section = doc
        .split("## Annotated example")
        .nth(1)
        .expect("an annotated example section");
    let start = section.find("```toml\n").expect("a toml block") + "```toml\n".len();
    let rest = &section[start..];
    let end = rest.find("```").expect("the block ends");
    rest[..end].to_string()
}

#[test]
fn annotated_example_is_a_valid_spec() {
    let dir = tempfile::tempdir().expect("temp dir");
    let vehicles = dir.path().join("vehicles");
    let suits = dir.path().join("suits");
    std::fs::create_dir_all(&vehicles).expect("mkdir");
    std::fs::create_dir_all(&suits).expect("mkdir");
    std::fs::write(
        suits.join("example-iva.toml"),
        "format = 1\n[suit]\nid = \"example-iva\"\nname = \"Example IVA\"\nclass = \"iva\"\n",
    )
    .expect("write suit");
    let spec = vehicles.join("example-capsule.toml");
    std::fs::write(&spec, annotated_example()).expect("write spec");
    match rescue_interop::spec::load_vehicle(&spec) {
        Ok(vehicle) => {
            assert_eq!(vehicle.id, "example-capsule");
            assert_eq!(vehicle.suits.len(), 1);
        }
        Err(errors) => panic!(
            "the annotated example does not load:\n{}",
            errors
                .diagnostics
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        ),
    }
}
