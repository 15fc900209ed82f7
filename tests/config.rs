//! `rescue-interop.toml`: defaults for the command line and per-rule
//! severity overrides, found upward from the current folder or named by
//! `--config`.

use std::path::{Path, PathBuf};

use assert_cmd::cargo::cargo_bin_cmd;

fn spec(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("specs/vehicles/{name}.toml"))
}

fn check(dir: &Path, extra: &[&str]) -> (serde_json::Value, String, i32) {
    let output = cargo_bin_cmd!("rescue-interop")
        .current_dir(dir)
        .args(["--color", "never", "check"])
        .arg(spec("crew-dragon"))
        .arg(spec("soyuz-ms"))
        .args(["--format", "json"])
        .args(extra)
        .output()
        .unwrap_or_else(|e| panic!("cannot run rescue-interop: {e}"));
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    (
        serde_json::from_str(&stdout).unwrap_or(serde_json::Value::Null),
        String::from_utf8_lossy(&output.stderr).into_owned(),
        output.status.code().unwrap_or(-1),
    )
}

fn findings(report: &serde_json::Value) -> Vec<serde_json::Value> {
    report["directions"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|d| d["findings"].as_array().cloned().unwrap_or_default())
        .collect()
}

fn blocking_rules(report: &serde_json::Value) -> Vec<String> {
    let mut rules: Vec<String> = findings(report)
        .iter()
        .filter(|f| f["severity"] == "blocking")
        .filter_map(|f| f["rule"].as_str().map(str::to_string))
        .collect();
    rules.sort();
    rules.dedup();
    rules
}

#[test]
fn severity_overrides_apply_with_their_reason_and_set_the_exit_status() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (plain, _, code) = check(dir.path(), &[]);
    assert_eq!(code, 1);
    let rules = blocking_rules(&plain);
    assert!(!rules.is_empty());
    let overrides: String = rules
        .iter()
        .map(|r| format!("\"{r}\" = \"advisory\"\n"))
        .collect();
    std::fs::write(
        dir.path().join("rescue-interop.toml"),
        format!("[rules]\n{overrides}"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    // Found upward from a subfolder.
    let sub = dir.path().join("work/here");
    std::fs::create_dir_all(&sub).unwrap_or_else(|e| panic!("{e}"));
    let (report, err, code) = check(&sub, &[]);
    assert_eq!(code, 0, "no finding is blocking any more: {err}");
    let overridden: Vec<_> = findings(&report)
        .into_iter()
        .filter(|f| rules.contains(&f["rule"].as_str().unwrap_or_default().to_string()))
        .collect();
    assert!(!overridden.is_empty());
    for f in &overridden {
        assert_eq!(f["severity"], "advisory", "{f}");
        let reason = f["severity_reason"].as_str().unwrap_or_default();
        assert!(
            reason.contains("override") && reason.contains("rescue-interop.toml"),
            "{f}"
        );
    }
    // The verdicts follow: with every blocker lowered, no direction stays
    // blocked, and no phase reads blocking.
    let directions = report["directions"].as_array().cloned().unwrap_or_default();
    assert!(!directions.is_empty());
    for d in &directions {
        assert_ne!(d["verdict"]["kind"], "blocked", "{}", d["verdict"]);
        let phases = d["phases"].as_array().cloned().unwrap_or_default();
        assert!(
            phases.iter().all(|p| p["state"] != "blocking"),
            "{phases:?}"
        );
    }
}

#[test]
fn defaults_come_from_the_config_and_flags_win() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (plain, _, _) = check(dir.path(), &[]);
    let overrides: String = blocking_rules(&plain)
        .iter()
        .map(|r| format!("\"{r}\" = \"advisory\"\n"))
        .collect();
    let config = dir.path().join("elsewhere.toml");
    std::fs::write(
        &config,
        format!(
            "fail_on = \"advisory\"\nrange = \"5 km\"\nwaivers = \"w.toml\"\n[rules]\n{overrides}"
        ),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(
        dir.path().join("w.toml"),
        "[[waiver]]\nfingerprint = \"0000000000000000\"\nreason = \"r\"\nowner = \"o\"\nexpires = 2999-01-01\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let config = config.to_string_lossy().into_owned();
    let (report, err, code) = check(Path::new("/"), &["--config", &config]);
    assert_eq!(code, 1, "fail_on = advisory of the config: {err}");
    assert_eq!(
        report["waivers"]["unused"].as_array().map(Vec::len),
        Some(1),
        "the waivers file of the config, relative to it"
    );
    let (_, _, code) = check(
        Path::new("/"),
        &["--config", &config, "--fail-on", "blocking"],
    );
    assert_eq!(
        code, 0,
        "--fail-on wins over the config; nothing is blocking"
    );
}

#[test]
fn a_bad_config_exits_2_naming_its_line() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let config = dir.path().join("rescue-interop.toml");
    std::fs::write(&config, "range = \"5 km\"\nfail-on = \"advisory\"\n")
        .unwrap_or_else(|e| panic!("{e}"));
    let (_, err, code) = check(dir.path(), &[]);
    assert_eq!(code, 2);
    assert!(err.contains("rescue-interop.toml:2:"), "{err}");
    std::fs::write(&config, "[rules]\n\"NOPE-001\" = \"advisory\"\n")
        .unwrap_or_else(|e| panic!("{e}"));
    let (_, err, code) = check(dir.path(), &[]);
    assert_eq!(code, 2);
    assert!(err.contains("NOPE-001"), "{err}");
}

/// The report judges a direction again from its findings (those not
/// waived); with no waiver, that gives back the engine's own verdicts and
/// phase states, counted by its sink.
#[test]
fn the_report_judges_unwaived_findings_as_the_engine_counts_them() {
    use rescue_interop::check::{Selection, check_pair};
    use rescue_interop::report::build_check_report;
    use rescue_interop::rules::Environment;
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("specs/vehicles");
    let ids = [
        "crew-dragon",
        "soyuz-ms",
        "iss",
        "starliner",
        "shenzhou",
        "apollo-csm-1975",
    ];
    for a in ids {
        for b in ids {
            let load = |id: &str| {
                rescue_interop::spec::load_vehicle(&root.join(format!("{id}.toml")))
                    .unwrap_or_else(|e| panic!("{id}: {:?}", e.diagnostics))
            };
            let (va, vb) = (load(a), load(b));
            let results = check_pair(&va, &vb, &Environment::default(), &Selection::default());
            let report = build_check_report([&va, &vb], &results);
            for (direction, result) in report.directions.iter().zip(&results) {
                let engine = result.verdict();
                assert_eq!(
                    (
                        direction.verdict.kind,
                        direction.verdict.mode,
                        direction.verdict.phase
                    ),
                    (engine.kind, engine.mode, engine.phase),
                    "{a} and {b}"
                );
                let states: Vec<_> = result
                    .judgement
                    .phases()
                    .map(|p| (p.phase, p.state, p.mode_states().collect::<Vec<_>>()))
                    .collect();
                let reported: Vec<_> = direction
                    .phases
                    .iter()
                    .map(|p| {
                        (
                            p.phase,
                            p.state,
                            p.modes
                                .iter()
                                .map(|m| (m.mode, m.state))
                                .collect::<Vec<_>>(),
                        )
                    })
                    .collect();
                assert_eq!(states, reported, "{a} and {b}");
            }
        }
    }
}

/// The schema as `schema --of config` prints it.
fn config_schema_text() -> String {
    rescue_interop::commands::registry::schema_text(
        rescue_interop::commands::registry::SchemaKind::Config,
    )
}

/// `docs/config.schema.json` is the schema `schema --of config` prints
/// (`UPDATE_DOCS=1 cargo test --test config` rewrites it).
#[test]
fn published_config_schema_is_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/config.schema.json");
    let expected = config_schema_text();
    if std::env::var_os("UPDATE_DOCS").is_some_and(|v| v == "1") {
        std::fs::write(&path, &expected).unwrap_or_else(|e| panic!("{e}"));
        return;
    }
    let published = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        published == expected,
        "docs/config.schema.json is stale: run `UPDATE_DOCS=1 cargo test --test config` \
         (or `rescue-interop schema --of config > docs/config.schema.json`)"
    );
    let output = cargo_bin_cmd!("rescue-interop")
        .args(["schema", "--of", "config"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(String::from_utf8_lossy(&output.stdout), expected);
}

/// The schema accepts what the loader accepts and refuses what it refuses:
/// the documented example, a typo'd key, an unknown rule, a bad severity.
#[test]
fn the_config_schema_agrees_with_the_loader() {
    let schema = rescue_interop::config::config_schema();
    let validator = jsonschema::validator_for(&schema).unwrap_or_else(|e| panic!("{e}"));
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    for (text, valid) in [
        (
            "fleet = \"specs/vehicles\"\nrange = \"23 km\"\nwaivers = \"w.toml\"\nfail_on = \"conditional\"\n[rules]\n\"TRANSFER-001\" = \"advisory\"\n",
            true,
        ),
        ("fail-on = \"advisory\"\n", false),
        ("[rules]\n\"NOPE-001\" = \"advisory\"\n", false),
        ("fail_on = \"fatal\"\n", false),
    ] {
        let path = dir.path().join("rescue-interop.toml");
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
        let loaded = rescue_interop::config::load(&path).is_ok();
        let value: toml::Value = toml::from_str(text).unwrap_or_else(|e| panic!("{e}"));
        let json = serde_json::to_value(&value).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(loaded, valid, "loader: {text}");
        assert_eq!(validator.is_valid(&json), valid, "schema: {text}");
    }
}

/// `--no-config` reads no config file: the overrides found upward no longer
/// apply; `--config` with it is a usage error.
#[test]
fn no_config_ignores_the_config_found_upward() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (plain, _, _) = check(dir.path(), &[]);
    let overrides: String = blocking_rules(&plain)
        .iter()
        .map(|r| format!("\"{r}\" = \"advisory\"\n"))
        .collect();
    std::fs::write(
        dir.path().join("rescue-interop.toml"),
        format!("[rules]\n{overrides}"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let (_, _, code) = check(dir.path(), &[]);
    assert_eq!(code, 0, "the config lowers every blocker");
    let (report, _, code) = check(dir.path(), &["--no-config"]);
    assert_eq!(code, 1, "without the config the blockers count again");
    assert!(
        findings(&report)
            .iter()
            .all(|f| f["severity_reason"].is_null())
    );
    let (_, err, code) = check(dir.path(), &["--no-config", "--config", "x.toml"]);
    assert_eq!(code, 2, "{err}");
}
