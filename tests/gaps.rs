//! `gaps` ranks the unknown fields of a fleet by the unknown findings that
//! name them, and its counts agree with the matrix's own unknown findings.

use std::collections::BTreeMap;
use std::path::Path;

use assert_cmd::cargo::cargo_bin_cmd;
use serde_json::Value;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn run(args: &[&str]) -> (String, i32) {
    let out = cargo_bin_cmd!("rescue-interop")
        .current_dir(root())
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

#[test]
fn gaps_counts_agree_with_the_matrix_unknown_findings() {
    let (gaps, code) = run(&[
        "gaps",
        "specs/vehicles",
        "specs/adapters",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{gaps}");
    let gaps = json(&gaps);
    let (matrix, _) = run(&[
        "matrix",
        "specs/vehicles",
        "specs/adapters",
        "--findings",
        "--format",
        "json",
    ]);
    let matrix = json(&matrix);
    let cells = matrix["cells"].as_array().cloned().unwrap_or_default();
    assert_eq!(gaps["cells"].as_u64(), Some(cells.len() as u64));
    // Every unknown finding of the matrix, and how many name each
    // (file, field), each finding once.
    let mut unknown = 0u64;
    let mut named: BTreeMap<(String, String), u64> = BTreeMap::new();
    for cell in &cells {
        for f in cell["report"]["findings"].as_array().into_iter().flatten() {
            if f["severity"] != "unknown" {
                continue;
            }
            unknown += 1;
            let mut seen = std::collections::BTreeSet::new();
            for l in f["locations"].as_array().into_iter().flatten() {
                let key = (
                    l["file"].as_str().unwrap_or("?").to_string(),
                    l["field"].as_str().unwrap_or("?").to_string(),
                );
                if seen.insert(key.clone()) {
                    *named.entry(key).or_default() += 1;
                }
            }
        }
    }
    assert!(unknown > 0);
    assert_eq!(gaps["unknown_findings"].as_u64(), Some(unknown));
    // The ranking, summed by file and field (a suit file's field can be
    // named for each vehicle that carries the suit), agrees field by field.
    let fields = gaps["fields"].as_array().cloned().unwrap_or_default();
    assert!(!fields.is_empty());
    let mut ranked: BTreeMap<(String, String), u64> = BTreeMap::new();
    for f in &fields {
        *ranked
            .entry((
                f["file"].as_str().unwrap_or("?").to_string(),
                f["field"].as_str().unwrap_or("?").to_string(),
            ))
            .or_default() += f["findings"].as_u64().unwrap_or(0);
    }
    for f in fields.iter().take(10) {
        let key = (
            f["file"].as_str().unwrap_or("?").to_string(),
            f["field"].as_str().unwrap_or("?").to_string(),
        );
        assert_eq!(ranked.get(&key), named.get(&key), "{key:?}");
    }
    // Most findings first.
    let counts: Vec<u64> = fields
        .iter()
        .map(|f| f["findings"].as_u64().unwrap_or(0))
        .collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{counts:?}");
    // Per vehicle and per operator, the groups add up to the fields.
    let total: u64 = counts.iter().sum();
    for group in ["vehicles", "operators"] {
        let sum: u64 = gaps[group]
            .as_array()
            .into_iter()
            .flatten()
            .map(|g| g["findings"].as_u64().unwrap_or(0))
            .sum();
        assert_eq!(sum, total, "{group}");
    }
}

#[test]
fn gaps_names_the_top_fields_in_text_and_markdown() {
    let (json_text, _) = run(&["gaps", "specs/vehicles", "--format", "json"]);
    let top = json(&json_text)["fields"][0].clone();
    let (vehicle, field) = (
        top["vehicle"].as_str().unwrap_or("?"),
        top["field"].as_str().unwrap_or("?"),
    );
    for format in ["text", "markdown"] {
        let (text, code) = run(&["gaps", "specs/vehicles", "--format", format, "--top", "3"]);
        assert_eq!(code, 0);
        assert!(text.contains(field), "{format}: {field} in\n{text}");
        assert!(text.contains(vehicle), "{format}: {vehicle} in\n{text}");
    }
}
