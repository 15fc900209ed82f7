//! `check --waivers`: a matched waiver marks its finding and frees the exit
//! status; expired and unused waivers are reported; a malformed file exits 2
//! naming its line and field.

use std::path::Path;

use assert_cmd::cargo::cargo_bin_cmd;

const A: &str = "specs/vehicles/crew-dragon.toml";
const B: &str = "specs/vehicles/soyuz-ms.toml";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn run(args: &[&str]) -> (String, String, i32) {
    let output = cargo_bin_cmd!("rescue-interop")
        .current_dir(root())
        .args(["--color", "never"])
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run rescue-interop: {e}"));
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
        output.status.code().unwrap_or(-1),
    )
}

fn report(extra: &[&str]) -> (serde_json::Value, i32) {
    let mut args = vec!["check", A, B, "--format", "json"];
    args.extend_from_slice(extra);
    let (out, err, code) = run(&args);
    assert!(code == 0 || code == 1, "exit {code}: {err}");
    let value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("not JSON: {e}\n{out}"));
    (value, code)
}

fn findings(report: &serde_json::Value) -> Vec<serde_json::Value> {
    report["directions"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|d| d["findings"].as_array().cloned().unwrap_or_default())
        .collect()
}

fn waiver_file(text: &str) -> tempfile::NamedTempFile {
    let file = tempfile::Builder::new()
        .suffix(".toml")
        .tempfile()
        .unwrap_or_else(|e| panic!("temp file: {e}"));
    std::fs::write(file.path(), text).unwrap_or_else(|e| panic!("write: {e}"));
    file
}

/// Waivers for every finding at or above `fail_on`, by fingerprint.
fn waive_all(report: &serde_json::Value, expires: &str) -> String {
    findings(report)
        .iter()
        .filter(|f| f["severity"] == "blocking")
        .map(|f| {
            format!(
                "[[waiver]]\nfingerprint = \"{}\"\nreason = \"accepted at the joint review\"\nowner = \"flight ops\"\nexpires = {expires}\n\n",
                f["fingerprint"].as_str().unwrap_or_default()
            )
        })
        .collect()
}

#[test]
fn matched_waivers_mark_findings_and_free_the_exit_status() {
    let (plain, code) = report(&[]);
    assert_eq!(code, 1, "the pair has blocking findings");
    let file = waiver_file(&waive_all(&plain, "2999-12-31"));
    let path = file.path().to_string_lossy().into_owned();
    let (waived, code) = report(&["--waivers", &path]);
    assert_eq!(code, 0, "every blocking finding is waived");
    let blocking: Vec<_> = findings(&waived)
        .into_iter()
        .filter(|f| f["severity"] == "blocking")
        .collect();
    assert_eq!(
        blocking.len(),
        findings(&plain)
            .iter()
            .filter(|f| f["severity"] == "blocking")
            .count(),
        "waived findings stay in the report"
    );
    for f in &blocking {
        assert_eq!(f["waived"]["reason"], "accepted at the joint review", "{f}");
        assert_eq!(f["waived"]["owner"], "flight ops");
    }
    assert_eq!(
        waived["waivers"]["applied"].as_u64(),
        Some(blocking.len() as u64)
    );
    // The text report says so too.
    let (text, _, _) = run(&["check", A, B, "--waivers", &path]);
    assert!(text.contains("(waived)"), "{text}");
    assert!(text.contains("accepted at the joint review"), "{text}");
}

#[test]
fn a_waiver_by_rule_direction_and_field_matches() {
    let file = waiver_file(
        "[[waiver]]\nrule = \"MATE-001\"\nrescuer = \"crew-dragon\"\ndistressed = \"soyuz-ms\"\nfield = \"ports[nose].standard\"\nreason = \"an adapter is being built\"\nowner = \"docking working group\"\nexpires = \"2999-01-01\"\n",
    );
    let path = file.path().to_string_lossy().into_owned();
    let (report, _) = report(&["--waivers", &path]);
    let waived: Vec<_> = findings(&report)
        .into_iter()
        .filter(|f| !f["waived"].is_null())
        .collect();
    assert!(!waived.is_empty(), "{report}");
    assert!(waived.iter().all(|f| f["rule"] == "MATE-001"));
    assert_eq!(
        report["waivers"]["unused"].as_array().map(Vec::len),
        Some(0)
    );
}

#[test]
fn expired_waivers_waive_nothing_and_are_reported() {
    let (plain, _) = report(&[]);
    let file = waiver_file(&waive_all(&plain, "2001-01-01"));
    let path = file.path().to_string_lossy().into_owned();
    let (report, code) = report(&["--waivers", &path]);
    assert_eq!(code, 1, "an expired waiver does not free the exit status");
    assert!(findings(&report).iter().all(|f| f["waived"].is_null()));
    let expired = report["waivers"]["expired"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(!expired.is_empty());
    assert_eq!(expired[0]["expires"], "2001-01-01");
    let (text, _, _) = run(&["check", A, B, "--waivers", &path]);
    assert!(text.contains("== waivers =="), "{text}");
    assert!(text.contains("expired"), "{text}");
}

#[test]
fn unused_waivers_are_reported() {
    let file = waiver_file(
        "# nothing has this fingerprint\n[[waiver]]\nfingerprint = \"0000000000000000\"\nreason = \"old finding\"\nowner = \"ops\"\nexpires = 2999-01-01\n",
    );
    let path = file.path().to_string_lossy().into_owned();
    let (report, code) = report(&["--waivers", &path]);
    assert_eq!(code, 1);
    let unused = report["waivers"]["unused"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(unused.len(), 1, "{report}");
    assert!(
        unused[0]["at"].as_str().unwrap_or_default().ends_with(":2"),
        "{unused:?}"
    );
    let (text, _, _) = run(&["check", A, B, "--waivers", &path]);
    assert!(text.contains("unused"), "{text}");
}

#[test]
fn malformed_waiver_files_exit_2_naming_line_and_field() {
    for (text, line, field) in [
        (
            "[[waiver]]\nfingerprint = \"00ff\"\nowner = \"ops\"\nexpires = 2999-01-01\n",
            1,
            "reason",
        ),
        (
            "[[waiver]]\nfingerprint = \"00ff\"\nreason = \"r\"\nowner = \"ops\"\nexpires = \"next year\"\n",
            5,
            "expires",
        ),
        (
            "[[waiver]]\nfingerprint = \"00ff\"\nreason = \"r\"\nowner = \"ops\"\nexpires = 2999-01-01\nowners = \"x\"\n",
            6,
            "owners",
        ),
    ] {
        let file = waiver_file(text);
        let path = file.path().to_string_lossy().into_owned();
        let (out, err, code) = run(&["check", A, B, "--waivers", &path]);
        assert_eq!(code, 2, "{text}\n{err}");
        assert!(out.is_empty(), "nothing half-written: {out}");
        let name = file
            .path()
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        assert!(err.contains(&name), "names the file: {err}");
        assert!(
            err.contains(&format!(":{line}:")),
            "names line {line}: {err}"
        );
        assert!(err.contains(field), "names {field}: {err}");
    }
}

/// The schema as `schema --of waivers` prints it.
fn waivers_schema_text() -> String {
    rescue_interop::commands::registry::schema_text(
        rescue_interop::commands::registry::SchemaKind::Waivers,
    )
}

/// `docs/waivers.schema.json` is the schema `schema --of waivers` prints
/// (`UPDATE_DOCS=1 cargo test --test waivers` rewrites it).
#[test]
fn published_waivers_schema_is_current() {
    let path = root().join("docs/waivers.schema.json");
    let expected = waivers_schema_text();
    if std::env::var_os("UPDATE_DOCS").is_some_and(|v| v == "1") {
        std::fs::write(&path, &expected).unwrap_or_else(|e| panic!("{e}"));
        return;
    }
    let published = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        published == expected,
        "docs/waivers.schema.json is stale: run `UPDATE_DOCS=1 cargo test --test waivers` \
         (or `rescue-interop schema --of waivers > docs/waivers.schema.json`)"
    );
    let (out, _, code) = run(&["schema", "--of", "waivers"]);
    assert_eq!(code, 0);
    assert_eq!(out, expected);
}

/// A TOML document as the JSON an editor's schema checker sees (a TOML
/// date is a string).
fn toml_as_json(value: toml::Value) -> serde_json::Value {
    match value {
        toml::Value::String(s) => s.into(),
        toml::Value::Integer(i) => i.into(),
        toml::Value::Float(f) => f.into(),
        toml::Value::Boolean(b) => b.into(),
        toml::Value::Datetime(d) => d.to_string().into(),
        toml::Value::Array(items) => items.into_iter().map(toml_as_json).collect(),
        toml::Value::Table(table) => table
            .into_iter()
            .map(|(k, v)| (k, toml_as_json(v)))
            .collect::<serde_json::Map<_, _>>()
            .into(),
    }
}

/// The schema accepts what the loader accepts and refuses what it refuses.
#[test]
fn the_waivers_schema_agrees_with_the_loader() {
    let schema = rescue_interop::waivers::waivers_schema();
    let validator = jsonschema::validator_for(&schema).unwrap_or_else(|e| panic!("{e}"));
    for (text, valid) in [
        (
            "[[waiver]]\nfingerprint = \"f430f84eca72748e\"\nreason = \"r\"\nowner = \"o\"\nexpires = 2027-06-30\n",
            true,
        ),
        (
            "[[waiver]]\nrule = \"MATE-001\"\nrescuer = \"a\"\ndistressed = \"b\"\nfield = \"ports[nose].standard\"\nreason = \"r\"\nowner = \"o\"\nexpires = \"2027-06-30\"\n",
            true,
        ),
        (
            "[[waiver]]\nfingerprint = \"00ff\"\nowner = \"o\"\nexpires = 2027-06-30\n",
            false,
        ),
        (
            "[[waiver]]\nfingerprint = \"00ff\"\nrule = \"MATE-001\"\nreason = \"r\"\nowner = \"o\"\nexpires = 2027-06-30\n",
            false,
        ),
        (
            "[[waiver]]\nrule = \"MATE-001\"\nreason = \"r\"\nowner = \"o\"\nexpires = 2027-06-30\n",
            false,
        ),
        (
            "[[waiver]]\nfingerprint = \"00ff\"\nreason = \"r\"\nowner = \"o\"\nexpires = 2027-06-30\nexpiry = 1\n",
            false,
        ),
    ] {
        let loaded = rescue_interop::waivers::parse(Path::new("w.toml"), text.to_string()).is_ok();
        let value: toml::Value = toml::from_str(text).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(loaded, valid, "loader: {text}");
        assert_eq!(
            validator.is_valid(&toml_as_json(value)),
            valid,
            "schema: {text}"
        );
    }
}
