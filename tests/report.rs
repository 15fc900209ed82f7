//! The reports of real pairs from `specs/vehicles/`, as snapshots, and the
//! published JSON Schema of the report: current, and obeyed by real reports.
//!
//! The snapshots change whenever a bundled spec does: review the diff, then
//! `cargo insta accept` (or `INSTA_UPDATE=always cargo test --test report`).
//! `UPDATE_DOCS=1 cargo test --test report` rewrites `docs/report.schema.json`.

use std::path::Path;

use assert_cmd::cargo::cargo_bin_cmd;

const PAIRS: &[(&str, &str)] = &[
    ("crew-dragon", "soyuz-ms"),
    ("crew-dragon", "iss"),
    ("soyuz-ms", "iss"),
];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `check` on a bundled pair; returns stdout and the exit status.
fn check(a: &str, b: &str, extra: &[&str]) -> (String, i32) {
    let output = cargo_bin_cmd!("rescue-interop")
        .current_dir(root())
        .env_remove("NO_COLOR")
        .env_remove("COLUMNS")
        .env("RESCUE_INTEROP_DATE", "2026-01-01")
        .args(["--color", "never", "check"])
        .arg(format!("specs/vehicles/{a}.toml"))
        .arg(format!("specs/vehicles/{b}.toml"))
        .args(extra)
        .output()
        .unwrap_or_else(|e| panic!("cannot run rescue-interop: {e}"));
    assert!(
        output.stderr.is_empty(),
        "{a} vs {b}: unexpected stderr:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        output.status.code().unwrap_or(-1),
    )
}

#[test]
fn text_reports_of_real_pairs() {
    for (a, b) in PAIRS {
        let (text, code) = check(a, b, &[]);
        assert!(code == 0 || code == 1, "{a} vs {b}: exit {code}");
        assert!(
            !text.contains('\x1b'),
            "{a} vs {b}: colour with --color never"
        );
        insta::assert_snapshot!(format!("text__{a}__{b}"), text);
    }
}

#[test]
fn json_reports_of_real_pairs() {
    for (a, b) in PAIRS {
        let (text, _) = check(a, b, &["--format", "json"]);
        let json: serde_json::Value = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{a} vs {b}: not JSON: {e}\n{text}"));
        insta::assert_json_snapshot!(format!("json__{a}__{b}"), json);
    }
}

fn published_schema_path() -> std::path::PathBuf {
    root().join("docs/report.schema.json")
}

/// The schema as `schema --of report` prints it.
fn current_schema_text() -> String {
    rescue_interop::commands::registry::schema_text(
        rescue_interop::commands::registry::SchemaKind::Report,
    )
}

#[test]
fn published_report_schema_is_current() {
    let path = published_schema_path();
    let expected = current_schema_text();
    if std::env::var_os("UPDATE_DOCS").is_some_and(|v| v == "1") {
        std::fs::write(&path, &expected).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        return;
    }
    let published = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        published == expected,
        "docs/report.schema.json is stale: run `UPDATE_DOCS=1 cargo test --test report` \
         (or `rescue-interop schema --of report > docs/report.schema.json`)"
    );
}

#[test]
fn schema_command_prints_the_published_schema() {
    let output = cargo_bin_cmd!("rescue-interop")
        .args(["schema", "--of", "report"])
        .output()
        .unwrap_or_else(|e| panic!("cannot run rescue-interop: {e}"));
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        current_schema_text()
    );
}

#[test]
fn json_reports_validate_against_the_published_schema() {
    let path = published_schema_path();
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let schema: serde_json::Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let validator = jsonschema::validator_for(&schema)
        .unwrap_or_else(|e| panic!("docs/report.schema.json is not a valid schema: {e}"));
    for (a, b) in PAIRS {
        for phase in [None, Some("mate")] {
            let mut extra = vec!["--format", "json"];
            if let Some(p) = phase {
                extra.extend(["--phase", p]);
            }
            let (report, _) = check(a, b, &extra);
            let report: serde_json::Value = serde_json::from_str(&report)
                .unwrap_or_else(|e| panic!("{a} vs {b}: not JSON: {e}"));
            let errors: Vec<String> = validator
                .iter_errors(&report)
                .map(|e| format!("{} at {}", e, e.instance_path()))
                .collect();
            assert!(
                errors.is_empty(),
                "{a} vs {b}: the report breaks its schema:\n  {}",
                errors.join("\n  ")
            );
        }
    }
}
