//! Transfer, sustain and return rules: their fixtures under
//! `tests/rules/<ID>/`, property tests over the rules, and verdicts on the
//! bundled vehicles.

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use rescue_interop::check::{Selection, check_direction};
use rescue_interop::rules::{Environment, Severity};
use rescue_interop::spec::{Vehicle, load_vehicle, vehicle_from_str};

/// The rules of this work whose fixtures this file runs.
const RULES: &[&str] = &[
    "TRANSFER-001",
    "TRANSFER-002",
    "TRANSFER-003",
    "TRANSFER-004",
    "TRANSFER-005",
    "TRANSFER-006",
    "TRANSFER-007",
    "SUSTAIN-001",
    "SUSTAIN-002",
    "RETURN-001",
    "RETURN-002",
    "RETURN-003",
    "RETURN-004",
];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn load(path: &Path) -> Vehicle {
    match load_vehicle(path) {
        Ok(v) => v,
        Err(e) => panic!("{}: {:?}", path.display(), e.diagnostics),
    }
}

/// Severities of one rule's findings, sorted, for `rescuer` rescuing `distressed`.
fn severities(rule: &str, rescuer: &Vehicle, distressed: &Vehicle) -> Vec<Severity> {
    let env = Environment::default();
    let result = check_direction(rescuer, distressed, &env, &Selection::default());
    let mut found: Vec<Severity> = result
        .findings
        .iter()
        .filter(|f| f.rule.id == rule)
        .map(|f| f.severity)
        .collect();
    found.sort();
    found
}

fn expected(table: &toml::Table, key: &str, case: &Path) -> Vec<Severity> {
    let Some(toml::Value::Array(items)) = table.get(key) else {
        panic!("{}: expect.toml has no {key} list", case.display());
    };
    let mut out: Vec<Severity> = items
        .iter()
        .map(|v| {
            let text = v.as_str().unwrap_or_default();
            *Severity::ALL
                .iter()
                .find(|s| s.as_str() == text)
                .unwrap_or_else(|| panic!("{}: unknown severity {text}", case.display()))
        })
        .collect();
    out.sort();
    out
}

#[test]
fn rule_fixtures() {
    let mut failures = Vec::new();
    for rule in RULES {
        let dir = root().join("tests/rules").join(rule);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            failures.push(format!("{rule}: no fixtures in {}", dir.display()));
            continue;
        };
        let mut cases: Vec<PathBuf> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
        cases.sort();
        let names: Vec<String> = cases
            .iter()
            .filter_map(|c| c.file_name().and_then(|n| n.to_str()).map(String::from))
            .collect();
        if !names.iter().any(|n| n.starts_with("fail")) || !names.iter().any(|n| n.starts_with("pass")) {
            failures.push(format!("{rule}: needs a fail* and a pass* case, has {names:?}"));
        }
        for case in &cases {
            let a = load(&case.join("a.toml"));
            let b = load(&case.join("b.toml"));
            let text = std::fs::read_to_string(case.join("expect.toml")).unwrap_or_default();
            let table: toml::Table = toml::from_str(&text).unwrap_or_default();
            for (key, rescuer, distressed) in [("a_rescues_b", &a, &b), ("b_rescues_a", &b, &a)] {
                let want = expected(&table, key, case);
                let got = severities(rule, rescuer, distressed);
                if got != want {
                    failures.push(format!(
                        "{rule} {} {key}: expected {want:?}, got {got:?}",
                        case.display()
                    ));
                }
                if names.iter().any(|n| case.ends_with(n) && n.starts_with("pass")) && !got.is_empty() {
                    failures.push(format!("{rule} {}: a pass case with findings", case.display()));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
